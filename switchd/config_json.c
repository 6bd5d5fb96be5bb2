/* JSON startup configuration: parse, validate, point at errors.
 *
 * A load is three passes:
 *   1. jansson parses the text (syntax errors carry jansson's line:column);
 *   2. each JSON object is turned into its struct by a table of fields
 *      ('struct field'), in file order, checking types, ranges and unknown
 *      keys on the way;
 *   3. check_config() does what needs the whole switch: unique names, VLAN
 *      ids and ofports, patch pairs, static MAC ports, bond members; then it
 *      normalises:
 *      numbers the ports that have no ofport and applies the VLAN database
 *      rules (VLAN 1 "default" always exists, VLANs sorted by id).
 * The first error ends the load and everything built so far is freed.
 *
 * config_validate() runs the same checks on a configuration built in
 * memory: a walk over the struct (validate_*()) calls the very check_*()
 * functions pass 2 calls on the values it reads, then pass 3 runs as is.
 * Each rule is written once; only the walk that feeds it differs.
 *
 * jansson keeps no positions for values, so the loader tracks the JSON path
 * of what it is looking at ('struct loader'.path) and, when something is
 * wrong, json_locate() reads the original text again with a minimal tokenizer to
 * turn that path into a line:column.  Columns count characters, not bytes,
 * as jansson's do.  A configuration in memory has no text, and its messages
 * are "JSON.PATH: message". */

#include "config.h"

#include <arpa/inet.h>
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypt_hash.h"
#include "flow.h"
#include "frame.h"
#include "json_locate.h"
#include "ssh_key_line.h"
#include "rstp.h"
#include "util.h"

#define PATH_MAX_DEPTH          10      /* bridges[i].ports[j].vxlan.vnis[k].remote_ips[m] is 9 */
#define OFPORT_MAX              65279   /* OpenFlow's OFPP_MAX (0xff00) - 1 */
#define MAC_AGING_MAX_S         1000000 /* IOS: mac address-table aging-time */
#define MAC_TABLE_SIZE_MAX      CONFIG_MAC_TABLE_SIZE_MAX
#define CONFIG_FILE_MAX         (16 * 1024 * 1024)
#define SHOWN_MAX               40      /* user text quoted in a message */
#define MEMBER_SIZE(type, member) (sizeof ((type *) 0)->member)

static const char *const port_type_names[] = {
    [PORT_TYPE_TAP] = "tap",
    [PORT_TYPE_INTERNAL] = "internal",
    [PORT_TYPE_SYSTEM] = "system",
    [PORT_TYPE_PATCH] = "patch",
    [PORT_TYPE_BOND] = "bond",
    [PORT_TYPE_VXLAN] = "vxlan",
};
#define PORT_TYPES_EXPECTED "tap, internal, system, patch, bond or vxlan"

/* The words of the bond keys, indexed by their C values (net/bond.h names
 * the same words for the bond mode and hash; the export uses those). */
static const char *const bond_mode_words[] = {
    [BOND_ACTIVE_BACKUP] = "active-backup",
    [BOND_BALANCE_SLB] = "balance-slb",
};
#define BOND_MODES_EXPECTED "balance-slb or active-backup"

static const char *const lacp_words[] = {
    [CONFIG_LACP_OFF] = "off",
    [CONFIG_LACP_ACTIVE] = "active",
    [CONFIG_LACP_PASSIVE] = "passive",
};
#define LACP_EXPECTED "off, active or passive"

static const char *const lacp_rate_words[] = { "slow", "fast" };    /* by lacp_fast */
#define LACP_RATES_EXPECTED "slow or fast"

static const char *const load_balance_words[] = {
    [BOND_HASH_SRC_MAC] = "src-mac",
    [BOND_HASH_SRC_DST_MAC] = "src-dst-mac",
};
#define LOAD_BALANCE_EXPECTED "src-mac or src-dst-mac"

/* The inert interface keys (config.h). */
static const char *const speed_words[] = {
    [CONFIG_SPEED_AUTO] = "auto", [CONFIG_SPEED_10] = "10", [CONFIG_SPEED_100] = "100",
    [CONFIG_SPEED_1000] = "1000",
};
#define SPEEDS_EXPECTED "auto, 10, 100 or 1000"

static const char *const duplex_words[] = {
    [CONFIG_DUPLEX_AUTO] = "auto", [CONFIG_DUPLEX_FULL] = "full", [CONFIG_DUPLEX_HALF] = "half",
};
#define DUPLEXES_EXPECTED "auto, full or half"

static const char *const stp_mode_words[] = {
    [CONFIG_STP_PVST] = "pvst", [CONFIG_STP_RAPID_PVST] = "rapid-pvst",
    [CONFIG_STP_MST] = "mst",
};
#define STP_MODES_EXPECTED "pvst, rapid-pvst or mst"

/* Spanning tree (config.h struct config_stp, struct config_port_stp). */
static const char *const stp_protocol_words[] = { "rstp", "stp" };  /* by force_stp */
#define STP_PROTOCOLS_EXPECTED "rstp or stp"

static const char *const stp_link_type_words[] = {
    [CONFIG_STP_LINK_AUTO] = "auto", [CONFIG_STP_LINK_P2P] = "point-to-point",
    [CONFIG_STP_LINK_SHARED] = "shared",
};
#define STP_LINK_TYPES_EXPECTED "auto, point-to-point or shared"

const char *
config_stp_link_type_name(enum config_stp_link_type t)
{
    return (unsigned) t < ARRAY_SIZE(stp_link_type_words) ? stp_link_type_words[t] : "?";
}

const char *
config_stp_mode_name(enum config_stp_mode mode)
{
    return (unsigned) mode < ARRAY_SIZE(stp_mode_words) ? stp_mode_words[mode] : "?";
}

const char *
config_speed_name(enum config_speed speed)
{
    return (unsigned) speed < ARRAY_SIZE(speed_words) ? speed_words[speed] : "?";
}

const char *
config_duplex_name(enum config_duplex duplex)
{
    return (unsigned) duplex < ARRAY_SIZE(duplex_words) ? duplex_words[duplex] : "?";
}

/* Port security and err-disable recovery (config.h). */
static const char *const psec_violation_words[] = {
    [PSEC_SHUTDOWN] = "shutdown", [PSEC_RESTRICT] = "restrict", [PSEC_PROTECT] = "protect",
};
#define PSEC_VIOLATIONS_EXPECTED "shutdown, restrict or protect"

static const char *const psec_aging_type_words[] = { "absolute", "inactivity" };
#define PSEC_AGING_TYPES_EXPECTED "absolute or inactivity"

static const char *const err_cause_words[] = {
    [CONFIG_ERR_BPDUGUARD] = "bpduguard",
    [CONFIG_ERR_PSECURE] = "psecure-violation",
    [CONFIG_ERR_STORM] = "storm-control",
};
#define ERR_CAUSES_EXPECTED "bpduguard, psecure-violation or storm-control"

const char *
config_err_cause_name(unsigned cause)
{
    return cause < ARRAY_SIZE(err_cause_words) ? err_cause_words[cause] : NULL;
}

bool
config_err_cause_parse(const char *name, unsigned *cause)
{
    for (unsigned i = 0; i < ARRAY_SIZE(err_cause_words); i++) {
        if (!strcmp(name, err_cause_words[i])) {
            *cause = i;
            return true;
        }
    }
    return false;
}

/* IOS's severities, by number. */
static const char *const log_level_words[] = {
    "emergencies", "alerts", "critical", "errors", "warnings", "notifications",
    "informational", "debugging",
};
#define LOG_LEVELS_EXPECTED "emergencies, alerts, critical, errors, warnings, notifications," \
                            " informational or debugging"

const char *
config_log_level_name(unsigned level)
{
    return level < ARRAY_SIZE(log_level_words) ? log_level_words[level] : "?";
}

bool
config_log_level_parse(const char *name, unsigned *level)
{
    for (unsigned i = 0; i < ARRAY_SIZE(log_level_words); i++) {
        if (!strcmp(name, log_level_words[i])) {
            *level = i;
            return true;
        }
    }
    return false;
}

bool
config_logging_is_default(const struct config_logging *l)
{
    return l->buffered && l->buffered_size == CONFIG_LOG_BUFFER_DEFAULT
           && l->buffered_level == CONFIG_LOG_LEVEL_DEBUGGING && l->monitor
           && l->monitor_level == CONFIG_LOG_LEVEL_DEBUGGING;
}

const char *
port_type_name(enum port_type type)
{
    return (unsigned) type < ARRAY_SIZE(port_type_names) ? port_type_names[type] : "unknown";
}

const char *
config_lacp_name(enum config_lacp lacp)
{
    return (unsigned) lacp < ARRAY_SIZE(lacp_words) ? lacp_words[lacp] : "unknown";
}

/* "a" or "an" before a port type's name in a message. */
static const char *
port_type_article(enum port_type type)
{
    return type == PORT_TYPE_INTERNAL ? "an" : "a";
}

/* The loader and its errors. */

struct loader {
    const char *text;               /* the document, to locate errors in;
                                       NULL for a config built in memory */
    size_t len;
    const char *source;             /* file name or "<default>"; NULL with 'text' */
    char *err;                      /* the result: the caller's buffer */
    size_t err_size;                /* and its size */
    struct path_step path[PATH_MAX_DEPTH];  /* what is being looked at */
    size_t depth;
};

static void
path_push_key(struct loader *ld, const char *key)
{
    assert(ld->depth < PATH_MAX_DEPTH);
    ld->path[ld->depth++] = (struct path_step) { .key = key };
}

static void
path_push_index(struct loader *ld, size_t index)
{
    assert(ld->depth < PATH_MAX_DEPTH);
    ld->path[ld->depth++] = (struct path_step) { .index = index };
}

static void
path_pop(struct loader *ld)
{
    assert(ld->depth > 0);
    ld->depth--;
}

/* Points the path at bridges[bridge].LIST[item].KEY; 'list' and 'key' may be
 * NULL to stop earlier.  For the checks that run after parsing. */
static void
path_set(struct loader *ld, size_t bridge, const char *list, size_t item, const char *key)
{
    ld->depth = 0;
    path_push_key(ld, "bridges");
    path_push_index(ld, bridge);
    if (list) {
        path_push_key(ld, list);
        path_push_index(ld, item);
    }
    if (key)
        path_push_key(ld, key);
}

/* Copies user text 's' into 'buf' for a message: control characters become
 * '?', and text over SHOWN_MAX bytes is cut at a character boundary and ends
 * in "...".  Returns 'buf'. */
static const char *
shown(const char *s, char buf[SHOWN_MAX + 4])
{
    size_t len = strlen(s);
    size_t n = len > SHOWN_MAX ? SHOWN_MAX : len;

    while (n < len && n > 0 && ((unsigned char) s[n] & 0xc0) == 0x80)
        n--;
    for (size_t i = 0; i < n; i++)
        buf[i] = (unsigned char) s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
    strcpy(buf + n, n < len ? "..." : "");
    return buf;
}

static void
format_path(const struct path_step *path, size_t depth, char *buf, size_t size)
{
    size_t len = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < depth && len < size; i++) {
        char key[SHOWN_MAX + 4];

        if (path[i].key)
            len += snprintf(buf + len, size - len, "%s%s", i ? "." : "", shown(path[i].key, key));
        else
            len += snprintf(buf + len, size - len, "[%zu]", path[i].index);
    }
}

/* Writes "SOURCE:LINE:COLUMN: PATH: message" (no "PATH: " at the top
 * level) into the loader's error buffer; the position is that of the value
 * at the current path, or of its key when 'at_key'.  Without text (a config
 * in memory) the message is "PATH: message".  Returns false. */
static bool
vfail(struct loader *ld, bool at_key, const char *fmt, va_list args)
{
    char msg[256], path[200];           /* both fit in CONFIG_ERR_MAX with the rest */
    struct text_pos value, key, pos;

    vsnprintf(msg, sizeof msg, fmt, args);
    format_path(ld->path, ld->depth, path, sizeof path);
    if (!ld->text) {
        snprintf(ld->err, ld->err_size, "%s%s%s", path, ld->depth ? ": " : "", msg);
        return false;
    }
    json_locate(ld->text, ld->len, ld->path, ld->depth, &value, &key);
    pos = at_key ? key : value;
    snprintf(ld->err, ld->err_size, "%s:%d:%d: %s%s%s", ld->source, pos.line, pos.col,
             path, ld->depth ? ": " : "", msg);
    return false;
}

static bool __attribute__((format(printf, 2, 3)))
fail(struct loader *ld, const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    vfail(ld, false, fmt, args);
    va_end(args);
    return false;
}

/* Like fail(), pointing at the key rather than its value (unknown keys). */
static bool __attribute__((format(printf, 2, 3)))
fail_at_key(struct loader *ld, const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    vfail(ld, true, fmt, args);
    va_end(args);
    return false;
}

/* Typed values. */

static const char *
type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:   return "an object";
    case JSON_ARRAY:    return "an array";
    case JSON_STRING:   return "a string";
    case JSON_INTEGER:  return "an integer";
    case JSON_REAL:     return "a real number";
    case JSON_TRUE:
    case JSON_FALSE:    return "a boolean";
    case JSON_NULL:     return "null";
    }
    return "an unknown value";
}

static bool
expect_type(struct loader *ld, const json_t *v, json_type type, const char *expected)
{
    return json_typeof(v) == type || fail(ld, "expected %s, got %s", expected, type_name(v));
}

static bool
get_int(struct loader *ld, const json_t *v, json_int_t *n)
{
    if (!expect_type(ld, v, JSON_INTEGER, "an integer"))
        return false;
    *n = json_integer_value(v);
    return true;
}

static bool
get_bool(struct loader *ld, const json_t *v, bool *b)
{
    if (!json_is_boolean(v))
        return fail(ld, "expected a boolean, got %s", type_name(v));
    *b = json_is_true(v);
    return true;
}

static bool
get_string(struct loader *ld, const json_t *v, const char **s)
{
    if (!expect_type(ld, v, JSON_STRING, "a string"))
        return false;
    *s = json_string_value(v);      /* jansson refuses \u0000 by default */
    return true;
}

/* Value checks
 * ============
 * Each check_*() takes a value already in C form, so the loader (after
 * reading it from JSON) and config_validate() (reading it from the struct)
 * share it.  Each reports at the current path and returns false. */

static bool
check_vid(struct loader *ld, long long n)
{
    if (n < VLAN_VID_MIN || n > VLAN_VID_MAX)
        return fail(ld, "invalid VLAN id %lld (expected %d-%d)", n, VLAN_VID_MIN, VLAN_VID_MAX);
    return true;
}

/* 65534 (OFPP_LOCAL) passes here: only the bridge's local port may have
 * it, which check_local_port() decides with the bridge in view. */
static bool
check_ofport(struct loader *ld, long long n)
{
    if ((n < 0 || n > OFPORT_MAX) && n != CONFIG_OFPORT_LOCAL)
        return fail(ld, "invalid ofport %lld (expected 1-%d, or 0 to have one assigned)",
                    n, OFPORT_MAX);
    return true;
}

static bool
check_mac_aging(struct loader *ld, long long n)
{
    if (n < 0 || n > MAC_AGING_MAX_S)
        return fail(ld, "invalid MAC aging time %lld (expected 0-%d seconds, 0 = never)",
                    n, MAC_AGING_MAX_S);
    return true;
}

static bool
check_mac_table_size(struct loader *ld, long long n)
{
    if (n < 1 || n > MAC_TABLE_SIZE_MAX)
        return fail(ld, "invalid MAC table size %lld (expected 1-%d)", n, MAC_TABLE_SIZE_MAX);
    return true;
}

static bool
check_idle_timeout(struct loader *ld, long long n)
{
    if (n < 0 || n > CONFIG_TELNET_IDLE_MAX_S)
        return fail(ld, "invalid idle timeout %lld (expected 0-%d seconds, 0 = never)",
                    n, CONFIG_TELNET_IDLE_MAX_S);
    return true;
}

static bool
check_mtu(struct loader *ld, long long n)
{
    if (n < CONFIG_MTU_MIN || n > CONFIG_MTU_MAX)
        return fail(ld, "invalid MTU %lld (expected %d-%d)", n, CONFIG_MTU_MIN, CONFIG_MTU_MAX);
    return true;
}

static bool
check_login_timeout(struct loader *ld, long long n)
{
    if (n < 1 || n > CONFIG_TELNET_LOGIN_TIMEOUT_MAX_S)
        return fail(ld, "invalid login timeout %lld (expected 1-%d seconds)", n,
                    CONFIG_TELNET_LOGIN_TIMEOUT_MAX_S);
    return true;
}

static bool
check_block_for(struct loader *ld, long long n)
{
    if (n < 0 || n > CONFIG_LOGIN_BLOCK_MAX)
        return fail(ld, "invalid block time %lld (expected 0-%d seconds, 0 = off)", n,
                    CONFIG_LOGIN_BLOCK_MAX);
    return true;
}

static bool
check_attempts(struct loader *ld, long long n)
{
    if (n < 1 || n > CONFIG_LOGIN_BLOCK_MAX)
        return fail(ld, "invalid number of attempts %lld (expected 1-%d)", n,
                    CONFIG_LOGIN_BLOCK_MAX);
    return true;
}

static bool
check_log_buffer_size(struct loader *ld, long long n)
{
    if (n < CONFIG_LOG_BUFFER_MIN || n > CONFIG_LOG_BUFFER_MAX)
        return fail(ld, "log buffer size %lld out of range (%d-%d bytes)", n,
                    CONFIG_LOG_BUFFER_MIN, CONFIG_LOG_BUFFER_MAX);
    return true;
}

static bool
check_log_level(struct loader *ld, unsigned level)
{
    if (level >= ARRAY_SIZE(log_level_words))
        return fail(ld, "log level %u out of range (0-7)", level);
    return true;
}

static bool
check_lacp_system_priority(struct loader *ld, long long n)
{
    if (n < 1 || n > 65535)
        return fail(ld, "invalid LACP system priority %lld (expected 1-65535)", n);
    return true;
}

static bool
check_lldp_timer(struct loader *ld, long long n)
{
    if (n < CONFIG_LLDP_TIMER_MIN || n > CONFIG_LLDP_TIMER_MAX)
        return fail(ld, "invalid LLDP timer %lld (expected %d-%d seconds)", n,
                    CONFIG_LLDP_TIMER_MIN, CONFIG_LLDP_TIMER_MAX);
    return true;
}

static bool
check_lldp_holdtime(struct loader *ld, long long n)
{
    if (n < 0 || n > 65535)
        return fail(ld, "invalid LLDP holdtime %lld (expected 0-65535 seconds)", n);
    return true;
}

static bool
check_lldp_reinit(struct loader *ld, long long n)
{
    if (n < CONFIG_LLDP_REINIT_MIN || n > CONFIG_LLDP_REINIT_MAX)
        return fail(ld, "invalid LLDP reinit delay %lld (expected %d-%d seconds)", n,
                    CONFIG_LLDP_REINIT_MIN, CONFIG_LLDP_REINIT_MAX);
    return true;
}

/* Spanning tree values: 802.1D-2004 tables 17-1 and 17-2 (net/rstp.h). */
static bool
check_stp_priority(struct loader *ld, long long n)
{
    if (n < 0 || n > RSTP_PRIORITY_MAX || n % RSTP_PRIORITY_STEP)
        return fail(ld, "invalid bridge priority %lld (expected 0-%d in steps of %d)", n,
                    RSTP_PRIORITY_MAX, RSTP_PRIORITY_STEP);
    return true;
}

static bool
check_stp_hello(struct loader *ld, long long n)
{
    if (n < RSTP_HELLO_MIN_S || n > RSTP_HELLO_MAX_S)
        return fail(ld, "invalid hello time %lld (expected %d-%d seconds)", n,
                    RSTP_HELLO_MIN_S, RSTP_HELLO_MAX_S);
    return true;
}

static bool
check_stp_max_age(struct loader *ld, long long n)
{
    if (n < RSTP_MAX_AGE_MIN_S || n > RSTP_MAX_AGE_MAX_S)
        return fail(ld, "invalid max age %lld (expected %d-%d seconds)", n,
                    RSTP_MAX_AGE_MIN_S, RSTP_MAX_AGE_MAX_S);
    return true;
}

static bool
check_stp_forward_delay(struct loader *ld, long long n)
{
    if (n < RSTP_FWD_DELAY_MIN_S || n > RSTP_FWD_DELAY_MAX_S)
        return fail(ld, "invalid forward delay %lld (expected %d-%d seconds)", n,
                    RSTP_FWD_DELAY_MIN_S, RSTP_FWD_DELAY_MAX_S);
    return true;
}

static bool
check_stp_tx_hold(struct loader *ld, long long n)
{
    if (n < RSTP_TX_HOLD_MIN || n > RSTP_TX_HOLD_MAX)
        return fail(ld, "invalid transmit hold count %lld (expected %d-%d)", n,
                    RSTP_TX_HOLD_MIN, RSTP_TX_HOLD_MAX);
    return true;
}

static bool
check_stp_cost(struct loader *ld, long long n)
{
    if (n < 1 || n > RSTP_PATH_COST_MAX)
        return fail(ld, "invalid spanning tree cost %lld (expected 1-%d)", n, RSTP_PATH_COST_MAX);
    return true;
}

static bool
check_stp_port_priority(struct loader *ld, long long n)
{
    if (n < 0 || n > RSTP_PORT_PRIORITY_MAX || n % RSTP_PORT_PRIORITY_STEP)
        return fail(ld, "invalid port priority %lld (expected 0-%d in steps of %d)", n,
                    RSTP_PORT_PRIORITY_MAX, RSTP_PORT_PRIORITY_STEP);
    return true;
}

/* The timers together (802.1D-2004 section 17.14), with the defaults for
 * those not set: net/rstp.h says what an instance accepts, so a
 * configuration that loads is one the daemon can run. */
static bool
check_stp_timers(struct loader *ld, const struct config_stp *stp)
{
    struct rstp_bridge_config rc = RSTP_BRIDGE_CONFIG_DEFAULT;
    char why[160];

    if (stp->priority_set)
        rc.priority = stp->priority;
    if (stp->hello_s)
        rc.hello_s = stp->hello_s;
    if (stp->max_age_s)
        rc.max_age_s = stp->max_age_s;
    if (stp->forward_delay_s)
        rc.forward_delay_s = stp->forward_delay_s;
    if (stp->tx_hold_count)
        rc.tx_hold_count = stp->tx_hold_count;
    rc.force_stp = stp->force_stp;
    if (rstp_bridge_config_check(&rc, why, sizeof why))
        return fail(ld, "%s", why);
    return true;
}

static bool
check_within(struct loader *ld, long long n)
{
    if (n < 1 || n > CONFIG_LOGIN_BLOCK_MAX)
        return fail(ld, "invalid watch time %lld (expected 1-%d seconds)", n,
                    CONFIG_LOGIN_BLOCK_MAX);
    return true;
}

/* Port and bridge names become netdev names and CLI words, and the
 * hostname becomes the prompt: letters, digits, '.', '_' and '-', starting
 * with a letter or digit (which also rules out Linux's "." and ".."). */
static bool
is_name(const char *s)
{
    size_t len = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                           "0123456789._-");

    return len && !s[len] && !strchr("._-", s[0]);
}

static bool
check_name(struct loader *ld, const char *s, const char *what)
{
    char text[SHOWN_MAX + 4];

    if (!is_name(s))
        return fail(ld, "invalid %s \"%s\" (expected letters, digits, '.', '_' or '-',"
                    " starting with a letter or digit)", what, shown(s, text));
    if (strlen(s) > CONFIG_NAME_MAX)
        return fail(ld, "%s \"%s\" too long (%zu characters, at most %d)", what,
                    shown(s, text), strlen(s), CONFIG_NAME_MAX);
    return true;
}

static bool
check_hostname(struct loader *ld, const char *s)
{
    char text[SHOWN_MAX + 4];

    if (!is_name(s))
        return fail(ld, "invalid hostname \"%s\" (expected letters, digits, '.', '_' or '-',"
                    " starting with a letter or digit)", shown(s, text));
    if (strlen(s) >= MEMBER_SIZE(struct switch_config, hostname))
        return fail(ld, "hostname \"%s\" too long (%zu characters, at most %zu)",
                    shown(s, text), strlen(s), MEMBER_SIZE(struct switch_config, hostname) - 1);
    return true;
}

/* A single word of printable ASCII (VLAN and user names, secrets), 1 to
 * 'size' - 1 characters.  'echo' says whether the value may appear in a
 * message: secrets never do. */
static bool
check_word(struct loader *ld, const char *s, const char *what, bool echo, size_t size)
{
    char text[SHOWN_MAX + 4];
    size_t len = strlen(s);

    for (size_t i = 0; i < len; i++) {
        if (s[i] <= ' ' || s[i] >= 0x7f) {
            if (echo)
                return fail(ld, "invalid %s \"%s\" (expected printable ASCII without spaces)",
                            what, shown(s, text));
            return fail(ld, "invalid %s (expected printable ASCII without spaces)", what);
        }
    }
    if (!len)
        return fail(ld, "empty %s", what);
    /* The shell reads '|' as the start of an output filter: a word with one
     * could not be typed, and running-config would not paste back. */
    if (strchr(s, '|')) {
        if (echo)
            return fail(ld, "invalid %s \"%s\" (a '|' cannot be typed in the shell, where it"
                        " starts an output filter)", what, shown(s, text));
        return fail(ld, "invalid %s (a '|' cannot be typed in the shell, where it starts an"
                    " output filter)", what);
    }
    if (len >= size) {
        if (echo)
            return fail(ld, "%s \"%s\" too long (%zu characters, at most %zu)", what,
                        shown(s, text), len, size - 1);
        return fail(ld, "%s too long (%zu characters, at most %zu)", what, len, size - 1);
    }
    return true;
}

/* A user's secret or the enable secret: a crypt(3) hash of a method and
 * cost the switch accepts (crypt_hash.h); never echoed. */
static bool
check_secret(struct loader *ld, const char *s, const char *what, size_t size)
{
    char why[256];

    if (!check_word(ld, s, what, false, size))
        return false;
    if (!crypt_hash_check(s, why, sizeof why))
        return fail(ld, "invalid %s: %s", what, why);
    return true;
}

/* "" means no enable secret. */
static bool
check_enable_secret(struct loader *ld, const char *s)
{
    return !s[0]
           || check_secret(ld, s, "enable secret", MEMBER_SIZE(struct switch_config, enable_secret));
}

/* Whether 's' is well-formed UTF-8 (shortest forms, no surrogates, at most
 * U+10FFFF), which is what jansson accepts and writes. */
static bool
is_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *) s;

    while (*p) {
        unsigned c = *p, n, min;

        if (c < 0x80) {
            p++;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            n = 1, min = 0x80, c &= 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            n = 2, min = 0x800, c &= 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            n = 3, min = 0x10000, c &= 0x07;
        } else {
            return false;
        }
        for (unsigned i = 1; i <= n; i++) {
            if ((p[i] & 0xc0) != 0x80)
                return false;
            c = c << 6 | (p[i] & 0x3f);
        }
        if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
            return false;
        p += n + 1;
    }
    return true;
}

/* Free text (descriptions, flows): UTF-8 without control characters, which
 * would break the line-based running-config and CLI output.  (jansson has
 * checked the UTF-8 of anything loaded; text built in memory may not be.) */
static bool
check_text(struct loader *ld, const char *s, const char *what)
{
    for (const char *p = s; *p; p++)
        if ((unsigned char) *p < 0x20 || *p == 0x7f)
            return fail(ld, "%s contains a control character (0x%02x)", what,
                        (unsigned char) *p);
    if (!is_utf8(s))
        return fail(ld, "%s is not valid UTF-8", what);
    return true;
}

static bool
check_description(struct loader *ld, const char *s)
{
    if (!check_text(ld, s, "description"))
        return false;
    if (strlen(s) > CONFIG_DESCRIPTION_MAX)
        return fail(ld, "description too long (%zu bytes, at most %d)", strlen(s),
                    CONFIG_DESCRIPTION_MAX);
    return true;
}

/* The banner: free text (check_text()) whose lines end in '\n', without
 * "^C", the delimiter running-config writes it between. */
static bool
check_banner(struct loader *ld, const char *s)
{
    if (strlen(s) > CONFIG_BANNER_MAX)
        return fail(ld, "banner too long (%zu bytes, at most %d)", strlen(s), CONFIG_BANNER_MAX);
    if (strstr(s, "^C"))
        return fail(ld, "banner contains \"^C\" (the delimiter running-config writes it with)");
    for (const char *line = s; *line; ) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t) (nl - line) : strlen(line);
        char *one = strndup(line, len);
        bool ok = one && check_text(ld, one, "banner");

        free(one);
        if (!ok)
            return one ? false : fail(ld, "out of memory");
        line += len + (nl != NULL);
    }
    return true;
}

/* "IPV4:PORT" or "[IPV6]:PORT", port 1-65535; the address goes to 'addr'
 * and its family to '*family'. */
static bool
listen_address_parse(const char *s, int *family_out, unsigned char addr[sizeof (struct in6_addr)])
{
    char host[INET6_ADDRSTRLEN];
    const char *host_start = s, *host_end, *port;
    int family = AF_INET;
    unsigned long port_no;
    char *end;

    if (s[0] == '[') {
        family = AF_INET6;
        host_start = s + 1;
        host_end = strchr(host_start, ']');
        if (!host_end || host_end[1] != ':')
            return false;
        port = host_end + 2;
    } else {
        host_end = strrchr(s, ':');
        if (!host_end)
            return false;
        port = host_end + 1;
    }
    if ((size_t) (host_end - host_start) >= sizeof host)
        return false;
    memcpy(host, host_start, host_end - host_start);
    host[host_end - host_start] = '\0';
    if (inet_pton(family, host, addr) != 1)
        return false;
    *family_out = family;
    if (port[0] < '1' || port[0] > '9' || strlen(port) > 5)
        return false;
    errno = 0;
    port_no = strtoul(port, &end, 10);
    return !*end && port_no <= 65535;
}

static bool
listen_address_is_valid(const char *s)
{
    unsigned char addr[sizeof (struct in6_addr)];
    int family;

    return listen_address_parse(s, &family, addr);
}

/* 127.0.0.0/8, ::1, or ::ffff:127.0.0.0/104: only this host reaches it. */
static bool
listen_address_is_loopback(const char *s)
{
    static const unsigned char v4_mapped[12] = { [10] = 0xff, [11] = 0xff };
    unsigned char addr[sizeof (struct in6_addr)];
    int family;

    if (!listen_address_parse(s, &family, addr))
        return false;
    if (family == AF_INET)
        return addr[0] == 127;
    return IN6_IS_ADDR_LOOPBACK((struct in6_addr *) addr)
           || (!memcmp(addr, v4_mapped, sizeof v4_mapped) && addr[12] == 127);
}

/* "" is no telnet server. */
static bool
check_listen(struct loader *ld, const char *s)
{
    char text[SHOWN_MAX + 4];

    if (s[0] && (strlen(s) >= MEMBER_SIZE(struct switch_config, telnet_listen)
                 || !listen_address_is_valid(s)))
        return fail(ld, "invalid listen address \"%s\" (expected IPV4:PORT or [IPV6]:PORT,"
                    " e.g. 127.0.0.1:2323)", shown(s, text));
    return true;
}

static bool
check_static_mac_addr(struct loader *ld, const uint8_t mac[ETH_ADDR_LEN])
{
    char text[ETH_ADDR_STR_SIZE];

    if (eth_addr_is_multicast(mac))
        return fail(ld, "multicast MAC address %s cannot be a static entry"
                    " (expected a unicast address)", eth_addr_format(mac, text));
    return true;
}

static bool
check_secure_mac_addr(struct loader *ld, const uint8_t mac[ETH_ADDR_LEN])
{
    char text[ETH_ADDR_STR_SIZE];

    if (eth_addr_is_multicast(mac) || !(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]))
        return fail(ld, "MAC address %s cannot be a secure address (expected a unicast"
                    " address)", eth_addr_format(mac, text));
    return true;
}

/* IOS: "Default VLAN 1 may not have its name changed."  An empty name is
 * a VLAN nobody named (it gets IOS's name, see normalize_vlans()). */
static bool
check_vlan(struct loader *ld, const struct config_vlan *vlan)
{
    char text[SHOWN_MAX + 4];

    if (vlan->id == 1 && vlan->name[0] && strcmp(vlan->name, "default")) {
        path_push_key(ld, "name");
        return fail(ld, "VLAN 1 is named \"default\", not \"%s\" (its name cannot be changed)",
                    shown(vlan->name, text));
    }
    return true;
}

/* What a port needs beyond its values one by one: a peer only on patch
 * ports, a bond to be a member of only on tap and system ports (the ports
 * with a netdev of their own to carry the bond's frames), and a VLAN
 * policy that makes sense. */
static bool
check_port(struct loader *ld, const struct config_port *port)
{
    struct err_msg err = { 0, 0, "" };
    char text[SHOWN_MAX + 4];

    if (port->type != PORT_TYPE_PATCH && port->peer[0]) {
        path_push_key(ld, "peer");
        return fail(ld, "peer \"%s\" given for a %s port (only patch ports have one)",
                    shown(port->peer, text), port_type_name(port->type));
    }
    if (port->bond[0] && port->type != PORT_TYPE_TAP && port->type != PORT_TYPE_SYSTEM) {
        path_push_key(ld, "bond");
        return fail(ld, "bond \"%s\" given for %s %s port (only tap and system ports can be"
                    " bond members)", shown(port->bond, text), port_type_article(port->type),
                    port_type_name(port->type));
    }
    if (port->vxlan && port->type != PORT_TYPE_VXLAN) {
        path_push_key(ld, "vxlan");
        return fail(ld, "vxlan given for %s %s port (only vxlan ports have one)",
                    port_type_article(port->type), port_type_name(port->type));
    }
    if (port->mtu && (port->type == PORT_TYPE_PATCH || port->type == PORT_TYPE_BOND
                      || port->type == PORT_TYPE_VXLAN)) {
        path_push_key(ld, "mtu");
        return fail(ld, "mtu given for %s %s port (only tap, internal and system ports have a"
                    " netdev)", port_type_article(port->type), port_type_name(port->type));
    }
    if ((port->lldp_no_transmit || port->lldp_no_receive)
        && (port->type == PORT_TYPE_PATCH || port->type == PORT_TYPE_BOND
            || port->type == PORT_TYPE_VXLAN)) {
        path_push_key(ld, port->lldp_no_transmit ? "lldp_transmit" : "lldp_receive");
        return fail(ld, "%s given for %s %s port (LLDP runs on tap, internal and system ports)",
                    port->lldp_no_transmit ? "lldp_transmit" : "lldp_receive",
                    port_type_article(port->type), port_type_name(port->type));
    }
    if (!vlan_port_validate(&port->vlan, &err))
        return fail(ld, "%s", err.text);
    return true;
}

/* Values from JSON. */

static bool
check_psec_maximum(struct loader *ld, long long n)
{
    if (n < 1 || n > PSEC_MAXIMUM_MAX)
        return fail(ld, "invalid port-security maximum %lld (expected 1-%d)", n,
                    PSEC_MAXIMUM_MAX);
    return true;
}

static bool
check_psec_aging(struct loader *ld, long long n)
{
    if (n < 0 || n > PSEC_AGING_MAX_MIN)
        return fail(ld, "invalid port-security aging time %lld (expected 0-%d minutes,"
                    " 0 = none)", n, PSEC_AGING_MAX_MIN);
    return true;
}

static bool
check_err_interval(struct loader *ld, long long n)
{
    if (n < 1 || n > CONFIG_ERR_INTERVAL_MAX_S)
        return fail(ld, "invalid errdisable recovery interval %lld (expected 1-%d seconds)",
                    n, CONFIG_ERR_INTERVAL_MAX_S);
    return true;
}

/* An integer that 'check' accepts. */
static bool
get_checked_int(struct loader *ld, const json_t *v, bool (*check)(struct loader *, long long),
                json_int_t *n)
{
    return get_int(ld, v, n) && check(ld, *n);
}

static bool
get_vid(struct loader *ld, const json_t *v, uint16_t *vid)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check_vid, &n))
        return false;
    *vid = n;
    return true;
}

static bool
get_name(struct loader *ld, const json_t *v, const char *what, char buf[CONFIG_NAME_MAX + 1])
{
    const char *s;

    if (!get_string(ld, v, &s) || !check_name(ld, s, what))
        return false;
    strcpy(buf, s);
    return true;
}

static bool
get_word(struct loader *ld, const json_t *v, const char *what, bool echo, char *buf, size_t size)
{
    const char *s;

    if (!get_string(ld, v, &s) || !check_word(ld, s, what, echo, size))
        return false;
    strcpy(buf, s);
    return true;
}

static bool
get_text(struct loader *ld, const json_t *v, const char *what, const char **text)
{
    return get_string(ld, v, text) && check_text(ld, *text, what);
}

/* A string that is one of the 'n' 'words'; its index goes to '*index'.
 * 'expected' lists the words for the message. */
static bool
get_choice(struct loader *ld, const json_t *v, const char *const words[], size_t n,
           const char *what, const char *expected, unsigned *index)
{
    char text[SHOWN_MAX + 4];
    const char *s;

    if (!get_string(ld, v, &s))
        return false;
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(s, words[i])) {
            *index = i;
            return true;
        }
    }
    return fail(ld, "unknown %s \"%s\" (expected %s)", what, shown(s, text), expected);
}

/* Objects and arrays. */

/* How to read one member of an object into the struct 'obj'. */
struct field {
    const char *key;
    bool (*parse)(struct loader *, json_t *value, void *obj);
};

/* Reads every member of 'v' into 'obj' with 'fields', in file order, so the
 * first bad member in the file is the one reported. */
static bool
parse_object(struct loader *ld, json_t *v, const struct field *fields, size_t n_fields,
             void *obj)
{
    const char *key;
    json_t *value;

    if (!expect_type(ld, v, JSON_OBJECT, "an object"))
        return false;
    json_object_foreach(v, key, value) {
        const struct field *f = NULL;
        char text[SHOWN_MAX + 4];
        bool ok;

        for (size_t i = 0; i < n_fields && !f; i++)
            if (!strcmp(fields[i].key, key))
                f = &fields[i];
        path_push_key(ld, key);
        ok = f ? f->parse(ld, value, obj) : fail_at_key(ld, "unknown key \"%s\"", shown(key, text));
        path_pop(ld);
        if (!ok)
            return false;
    }
    return true;
}

static bool
require_key(struct loader *ld, const json_t *v, const char *key)
{
    return json_object_get(v, key) || fail(ld, "missing key \"%s\"", key);
}

/* Allocates zeroed room for the elements of the array 'v', 'size' bytes
 * each, into '*items' (NULL when empty).  The caller stores the result in
 * the config before parsing the elements, so a failure part-way leaves
 * nothing config_free() cannot find. */
static bool
array_alloc(struct loader *ld, json_t *v, size_t size, void **items, size_t *n)
{
    if (!expect_type(ld, v, JSON_ARRAY, "an array"))
        return false;
    *n = json_array_size(v);
    *items = *n ? calloc(*n, size) : NULL;
    return !*n || *items || fail(ld, "out of memory");
}

/* Parses each element of the array 'v' into 'items' ('size' bytes each). */
static bool
parse_elements(struct loader *ld, json_t *v, void *items, size_t size,
               bool (*parse)(struct loader *, json_t *elem, void *item))
{
    json_t *elem;
    size_t i;

    json_array_foreach(v, i, elem) {
        bool ok;

        path_push_index(ld, i);
        ok = parse(ld, elem, (char *) items + i * size);
        path_pop(ld);
        if (!ok)
            return false;
    }
    return true;
}

/* Ports. */

static bool
port_parse_name(struct loader *ld, json_t *v, void *port)
{
    return get_name(ld, v, "port name", ((struct config_port *) port)->name);
}

static bool
port_parse_type(struct loader *ld, json_t *v, void *port_)
{
    struct config_port *port = port_;
    char text[SHOWN_MAX + 4];
    const char *s;

    if (!get_string(ld, v, &s))
        return false;
    for (size_t i = 0; i < ARRAY_SIZE(port_type_names); i++) {
        if (!strcmp(s, port_type_names[i])) {
            port->type = i;
            return true;
        }
    }
    return fail(ld, "unknown port type \"%s\" (expected " PORT_TYPES_EXPECTED ")",
                shown(s, text));
}

static bool
port_parse_peer(struct loader *ld, json_t *v, void *port)
{
    return get_name(ld, v, "peer port name", ((struct config_port *) port)->peer);
}

static bool
port_parse_ofport(struct loader *ld, json_t *v, void *port)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check_ofport, &n))
        return false;
    ((struct config_port *) port)->ofport = n;
    return true;
}

static bool
port_parse_mode(struct loader *ld, json_t *v, void *port)
{
    struct vlan_port *vlan = &((struct config_port *) port)->vlan;
    char text[SHOWN_MAX + 4];
    const char *s;

    if (!get_string(ld, v, &s))
        return false;
    if (!strcmp(s, "access"))
        vlan->mode = VLAN_MODE_ACCESS;
    else if (!strcmp(s, "trunk"))
        vlan->mode = VLAN_MODE_TRUNK;
    else
        return fail(ld, "unknown mode \"%s\" (expected access or trunk)", shown(s, text));
    return true;
}

static bool
port_parse_access_vlan(struct loader *ld, json_t *v, void *port)
{
    return get_vid(ld, v, &((struct config_port *) port)->vlan.access_vid);
}

/* null is IOS `switchport trunk native vlan none`: untagged frames are
 * VLAN 0 (OVS trunk mode). */
static bool
port_parse_native_vlan(struct loader *ld, json_t *v, void *port)
{
    struct vlan_port *vlan = &((struct config_port *) port)->vlan;

    if (json_is_null(v)) {
        vlan->native_vid = 0;
        return true;
    }
    if (!json_is_integer(v))
        return fail(ld, "expected an integer or null, got %s", type_name(v));
    return get_vid(ld, v, &vlan->native_vid);
}

static bool
port_parse_native_tagged(struct loader *ld, json_t *v, void *port)
{
    return get_bool(ld, v, &((struct config_port *) port)->vlan.native_tagged);
}

/* "all" is accepted too, for people who type what IOS's
 * `switchport trunk allowed vlan all` says; exports write "1-4094". */
static bool
port_parse_allowed_vlans(struct loader *ld, json_t *v, void *port)
{
    struct vlan_set *allowed = &((struct config_port *) port)->vlan.allowed;
    struct err_msg err = { 0, 0, "" };
    const char *s;

    if (!get_string(ld, v, &s))
        return false;
    if (!strcmp(s, "none"))
        vlan_set_clear(allowed);
    else if (!strcmp(s, "all"))
        vlan_set_fill(allowed);
    else if (!vlan_set_parse(s, allowed, &err))
        return fail(ld, "%s", err.text);
    return true;
}

static bool
port_parse_enabled(struct loader *ld, json_t *v, void *port)
{
    return get_bool(ld, v, &((struct config_port *) port)->enabled);
}

static bool
port_parse_description(struct loader *ld, json_t *v, void *port_)
{
    struct config_port *port = port_;
    const char *s;

    if (!get_string(ld, v, &s) || !check_description(ld, s))
        return false;
    strcpy(port->description, s);
    return true;
}

static bool
port_parse_bond(struct loader *ld, json_t *v, void *port)
{
    return get_name(ld, v, "bond port name", ((struct config_port *) port)->bond);
}

static bool
port_parse_bond_mode(struct loader *ld, json_t *v, void *port)
{
    unsigned i = 0;

    if (!get_choice(ld, v, bond_mode_words, ARRAY_SIZE(bond_mode_words), "bond mode",
                    BOND_MODES_EXPECTED, &i))
        return false;
    ((struct config_port *) port)->bond_cfg.mode = i;
    return true;
}

static bool
port_parse_lacp(struct loader *ld, json_t *v, void *port)
{
    unsigned i = 0;

    if (!get_choice(ld, v, lacp_words, ARRAY_SIZE(lacp_words), "LACP mode", LACP_EXPECTED, &i))
        return false;
    ((struct config_port *) port)->bond_cfg.lacp = i;
    return true;
}

static bool
port_parse_lacp_rate(struct loader *ld, json_t *v, void *port)
{
    unsigned i = 0;

    if (!get_choice(ld, v, lacp_rate_words, ARRAY_SIZE(lacp_rate_words), "LACP rate",
                    LACP_RATES_EXPECTED, &i))
        return false;
    ((struct config_port *) port)->bond_cfg.lacp_fast = i;
    return true;
}

static bool
port_parse_mtu(struct loader *ld, json_t *v, void *port)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check_mtu, &n))
        return false;
    ((struct config_port *) port)->mtu = n;
    return true;
}

static bool
port_parse_lldp_transmit(struct loader *ld, json_t *v, void *port)
{
    bool on = true;

    if (!get_bool(ld, v, &on))
        return false;
    ((struct config_port *) port)->lldp_no_transmit = !on;
    return true;
}

static bool
port_parse_lldp_receive(struct loader *ld, json_t *v, void *port)
{
    bool on = true;

    if (!get_bool(ld, v, &on))
        return false;
    ((struct config_port *) port)->lldp_no_receive = !on;
    return true;
}

static bool
port_parse_speed(struct loader *ld, json_t *v, void *port)
{
    unsigned i = 0;

    if (!get_choice(ld, v, speed_words, ARRAY_SIZE(speed_words), "speed", SPEEDS_EXPECTED, &i))
        return false;
    ((struct config_port *) port)->inert.speed = i;
    return true;
}

static bool
port_parse_duplex(struct loader *ld, json_t *v, void *port)
{
    unsigned i = 0;

    if (!get_choice(ld, v, duplex_words, ARRAY_SIZE(duplex_words), "duplex", DUPLEXES_EXPECTED,
                    &i))
        return false;
    ((struct config_port *) port)->inert.duplex = i;
    return true;
}

static bool
port_parse_nonegotiate(struct loader *ld, json_t *v, void *port)
{
    return get_bool(ld, v, &((struct config_port *) port)->inert.nonegotiate);
}

static bool
port_parse_cdp_enable(struct loader *ld, json_t *v, void *port)
{
    bool on = true;

    if (!get_bool(ld, v, &on))
        return false;
    ((struct config_port *) port)->inert.no_cdp = !on;
    return true;
}

/* A spanning tree switch of a port: true, false, or absent (the default
 * rule, config.h). */
static bool
get_stp_tristate(struct loader *ld, const json_t *v, enum config_stp_tristate *t)
{
    bool on = false;

    if (!get_bool(ld, v, &on))
        return false;
    *t = on ? CONFIG_STP_ENABLE : CONFIG_STP_DISABLE;
    return true;
}

static bool
port_parse_portfast(struct loader *ld, json_t *v, void *port)
{
    return get_stp_tristate(ld, v, &((struct config_port *) port)->stp.portfast);
}

static bool
port_parse_bpduguard(struct loader *ld, json_t *v, void *port)
{
    return get_stp_tristate(ld, v, &((struct config_port *) port)->stp.bpduguard);
}

static bool
port_parse_bpdufilter(struct loader *ld, json_t *v, void *port)
{
    return get_stp_tristate(ld, v, &((struct config_port *) port)->stp.bpdufilter);
}

static bool
port_parse_stp_cost(struct loader *ld, json_t *v, void *port)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check_stp_cost, &n))
        return false;
    ((struct config_port *) port)->stp.cost = n;
    return true;
}

static bool
port_parse_stp_port_priority(struct loader *ld, json_t *v, void *port)
{
    struct config_port_stp *stp = &((struct config_port *) port)->stp;
    json_int_t n;

    if (!get_checked_int(ld, v, check_stp_port_priority, &n))
        return false;
    stp->priority_set = true;
    stp->priority = n;
    return true;
}

static bool
port_parse_stp_link_type(struct loader *ld, json_t *v, void *port)
{
    unsigned i = 0;

    if (!get_choice(ld, v, stp_link_type_words, ARRAY_SIZE(stp_link_type_words), "link type",
                    STP_LINK_TYPES_EXPECTED, &i))
        return false;
    ((struct config_port *) port)->stp.link_type = i;
    return true;
}

/* "storm_control" (config.h struct config_storm): a level per class,
 * "falling_pps" defaulting to "rising_pps", and the two actions. */
static bool
check_storm_level(struct loader *ld, const struct storm_level *l)
{
    if (!l->on)
        return true;
    if (l->rising_pps > STORM_PPS_MAX) {
        path_push_key(ld, "rising_pps");
        return fail(ld, "invalid rate %llu (expected 0-%llu packets per second)",
                    (unsigned long long) l->rising_pps, STORM_PPS_MAX);
    }
    if (l->falling_pps > l->rising_pps) {
        path_push_key(ld, "falling_pps");
        return fail(ld, "falling level %llu is above the rising level %llu",
                    (unsigned long long) l->falling_pps, (unsigned long long) l->rising_pps);
    }
    return true;
}

static bool
check_storm(struct loader *ld, const struct config_storm *storm)
{
    for (unsigned c = 0; c < STORM_N_CLASSES; c++) {
        path_push_key(ld, storm_class_name(c));
        if (!check_storm_level(ld, &storm->levels.level[c]))
            return false;
        path_pop(ld);
    }
    return true;
}

struct storm_level_json {
    struct storm_level level;
    bool falling_set;
};

static bool
get_pps(struct loader *ld, json_t *v, uint64_t *pps)
{
    json_int_t n;

    if (!get_int(ld, v, &n))
        return false;
    if (n < 0 || (unsigned long long) n > STORM_PPS_MAX)
        return fail(ld, "invalid rate %lld (expected 0-%llu packets per second)", (long long) n,
                    STORM_PPS_MAX);
    *pps = n;
    return true;
}

static bool
storm_parse_rising(struct loader *ld, json_t *v, void *level)
{
    return get_pps(ld, v, &((struct storm_level_json *) level)->level.rising_pps);
}

static bool
storm_parse_falling(struct loader *ld, json_t *v, void *level)
{
    ((struct storm_level_json *) level)->falling_set = true;
    return get_pps(ld, v, &((struct storm_level_json *) level)->level.falling_pps);
}

static const struct field storm_level_fields[] = {
    { "rising_pps", storm_parse_rising },
    { "falling_pps", storm_parse_falling },
};

static bool
storm_parse_level(struct loader *ld, json_t *v, struct storm_level *out)
{
    struct storm_level_json l;

    memset(&l, 0, sizeof l);
    if (!parse_object(ld, v, storm_level_fields, ARRAY_SIZE(storm_level_fields), &l)
        || !require_key(ld, v, "rising_pps"))
        return false;
    l.level.on = true;
    if (!l.falling_set)
        l.level.falling_pps = l.level.rising_pps;
    *out = l.level;
    return check_storm_level(ld, out);
}

static bool
storm_parse_broadcast(struct loader *ld, json_t *v, void *storm)
{
    return storm_parse_level(ld, v, &((struct config_storm *) storm)->levels.level[STORM_BROADCAST]);
}

static bool
storm_parse_multicast(struct loader *ld, json_t *v, void *storm)
{
    return storm_parse_level(ld, v, &((struct config_storm *) storm)->levels.level[STORM_MULTICAST]);
}

static bool
storm_parse_unicast(struct loader *ld, json_t *v, void *storm)
{
    return storm_parse_level(ld, v, &((struct config_storm *) storm)->levels.level[STORM_UNICAST]);
}

static bool
storm_parse_shutdown(struct loader *ld, json_t *v, void *storm)
{
    return get_bool(ld, v, &((struct config_storm *) storm)->action_shutdown);
}

static bool
storm_parse_trap(struct loader *ld, json_t *v, void *storm)
{
    return get_bool(ld, v, &((struct config_storm *) storm)->action_trap);
}

static const struct field storm_fields[] = {
    { "broadcast", storm_parse_broadcast },
    { "multicast", storm_parse_multicast },
    { "unicast", storm_parse_unicast },
    { "action_shutdown", storm_parse_shutdown },
    { "action_trap", storm_parse_trap },
};

static bool
port_parse_storm_control(struct loader *ld, json_t *v, void *port)
{
    return parse_object(ld, v, storm_fields, ARRAY_SIZE(storm_fields),
                        &((struct config_port *) port)->storm);
}

/* "port_security" of a port. */

static bool
psec_parse_enabled(struct loader *ld, json_t *v, void *psec)
{
    return get_bool(ld, v, &((struct config_psec *) psec)->enabled);
}

static bool
psec_parse_maximum(struct loader *ld, json_t *v, void *psec)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check_psec_maximum, &n))
        return false;
    ((struct config_psec *) psec)->maximum = n;
    return true;
}

static bool
psec_parse_violation(struct loader *ld, json_t *v, void *psec)
{
    unsigned i = 0;

    if (!get_choice(ld, v, psec_violation_words, ARRAY_SIZE(psec_violation_words),
                    "violation mode", PSEC_VIOLATIONS_EXPECTED, &i))
        return false;
    ((struct config_psec *) psec)->violation = i;
    return true;
}

static bool
psec_parse_sticky(struct loader *ld, json_t *v, void *psec)
{
    return get_bool(ld, v, &((struct config_psec *) psec)->sticky);
}

static bool
psec_parse_aging_time(struct loader *ld, json_t *v, void *psec)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check_psec_aging, &n))
        return false;
    ((struct config_psec *) psec)->aging_min = n;
    return true;
}

static bool
psec_parse_aging_type(struct loader *ld, json_t *v, void *psec)
{
    unsigned i = 0;

    if (!get_choice(ld, v, psec_aging_type_words, ARRAY_SIZE(psec_aging_type_words),
                    "aging type", PSEC_AGING_TYPES_EXPECTED, &i))
        return false;
    ((struct config_psec *) psec)->aging_inactivity = i;
    return true;
}

static const struct field psec_fields[] = {
    { "enabled", psec_parse_enabled },
    { "maximum", psec_parse_maximum },
    { "violation", psec_parse_violation },
    { "mac_address_sticky", psec_parse_sticky },
    { "aging_time_min", psec_parse_aging_time },
    { "aging_type", psec_parse_aging_type },
};

static bool
port_parse_port_security(struct loader *ld, json_t *v, void *port)
{
    return parse_object(ld, v, psec_fields, ARRAY_SIZE(psec_fields),
                        &((struct config_port *) port)->psec);
}

/* VXLAN: the "vxlan" object of a vxlan port (config.h struct config_vxlan)
 * and "vn_segment" of a VLAN.  Addresses are IPv4 unicast (1.0.0.0 to
 * 223.255.255.255), kept in network byte order. */

#define VXLAN_VNIS_MAX  (VLAN_VID_MAX - VLAN_VID_MIN + 1)   /* one per VLAN */
#define VXLAN_VNI_RANGE "0-16777215"
#define IPV4_EXAMPLE    "e.g. 192.0.2.1"

static const char *
ipv4_text(uint32_t addr, char buf[INET_ADDRSTRLEN])
{
    return inet_ntop(AF_INET, &addr, buf, INET_ADDRSTRLEN);
}

static bool
check_ipv4_unicast(struct loader *ld, uint32_t addr)
{
    uint32_t first = ntohl(addr) >> 24;
    char text[INET_ADDRSTRLEN];

    if (first < 1 || first > 223)
        return fail(ld, "%s is not a unicast IPv4 address (expected " IPV4_EXAMPLE ")",
                    ipv4_text(addr, text));
    return true;
}

static bool
check_vni(struct loader *ld, long long n)
{
    if (n < 0 || n > CONFIG_VXLAN_VNI_MAX)
        return fail(ld, "invalid VNI %lld (expected " VXLAN_VNI_RANGE ")", n);
    return true;
}

static bool
check_vn_segment(struct loader *ld, long long n)
{
    if (n < 1 || n > CONFIG_VXLAN_VNI_MAX)
        return fail(ld, "invalid vn-segment %lld (expected 1-%d)", n, CONFIG_VXLAN_VNI_MAX);
    return true;
}

static bool
check_udp_port(struct loader *ld, long long n)
{
    if (n < 1 || n > 65535)
        return fail(ld, "invalid UDP port %lld (expected 1-65535)", n);
    return true;
}

static bool
check_tos(struct loader *ld, long long n)
{
    if (n < 0 || n > 255)
        return fail(ld, "invalid TOS %lld (expected 0-255)", n);
    return true;
}

static bool
check_ttl(struct loader *ld, long long n)
{
    if (n < 1 || n > 255)
        return fail(ld, "invalid TTL %lld (expected 1-255)", n);
    return true;
}

/* A list of remote VTEPs ("remote_ips" of the port or of a VNI): unicast,
 * each once, not the local address. */
static bool
check_remotes(struct loader *ld, const uint32_t *remotes, size_t n, uint32_t local)
{
    char text[INET_ADDRSTRLEN];

    if (n > CONFIG_VXLAN_REMOTES_MAX)
        return fail(ld, "too many remote addresses (%zu, at most %d)", n,
                    CONFIG_VXLAN_REMOTES_MAX);
    for (size_t i = 0; i < n; i++) {
        path_push_index(ld, i);
        if (!check_ipv4_unicast(ld, remotes[i]))
            return false;
        if (local && remotes[i] == local)
            return fail(ld, "remote %s is the local address (local_ip)",
                        ipv4_text(remotes[i], text));
        for (size_t j = 0; j < i; j++)
            if (remotes[j] == remotes[i])
                return fail(ld, "duplicate remote %s (first at remote_ips[%zu])",
                            ipv4_text(remotes[i], text), j);
        path_pop(ld);
    }
    return true;
}

static bool check_vxlan(struct loader *, const struct config_vxlan *);

static bool
get_ipv4(struct loader *ld, const json_t *v, uint32_t *addr)
{
    char text[SHOWN_MAX + 4];
    struct in_addr in;
    const char *s;

    if (!get_string(ld, v, &s))
        return false;
    if (inet_pton(AF_INET, s, &in) != 1)
        return fail(ld, "invalid IPv4 address \"%s\" (expected " IPV4_EXAMPLE ")",
                    shown(s, text));
    *addr = in.s_addr;
    return check_ipv4_unicast(ld, *addr);
}

/* A "remote_ips" array into 'remotes' (room for CONFIG_VXLAN_REMOTES_MAX). */
static bool
get_remotes(struct loader *ld, const json_t *v, uint32_t *remotes, uint8_t *n)
{
    const json_t *elem;
    size_t i;

    if (!expect_type(ld, v, JSON_ARRAY, "an array"))
        return false;
    if (json_array_size(v) > CONFIG_VXLAN_REMOTES_MAX)
        return fail(ld, "too many remote addresses (%zu, at most %d)", json_array_size(v),
                    CONFIG_VXLAN_REMOTES_MAX);
    json_array_foreach(v, i, elem) {
        bool ok;

        path_push_index(ld, i);
        ok = get_ipv4(ld, elem, &remotes[i]);
        path_pop(ld);
        if (!ok)
            return false;
    }
    *n = json_array_size(v);
    return true;
}

static bool
vni_parse_vni(struct loader *ld, json_t *v, void *e)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check_vni, &n))
        return false;
    ((struct config_vxlan_vni *) e)->vni = n;
    return true;
}

static bool
vni_parse_vlan(struct loader *ld, json_t *v, void *e)
{
    return get_vid(ld, v, &((struct config_vxlan_vni *) e)->vlan);
}

static bool
vni_parse_remote_ips(struct loader *ld, json_t *v, void *e_)
{
    struct config_vxlan_vni *e = e_;

    return get_remotes(ld, v, e->remotes, &e->n_remotes);
}

static const struct field vni_fields[] = {
    { "vni", vni_parse_vni },
    { "vlan", vni_parse_vlan },
    { "remote_ips", vni_parse_remote_ips },
};

static bool
vni_parse(struct loader *ld, json_t *v, void *e)
{
    return parse_object(ld, v, vni_fields, ARRAY_SIZE(vni_fields), e)
           && require_key(ld, v, "vni") && require_key(ld, v, "vlan");
}

static bool
vxlan_parse_local_ip(struct loader *ld, json_t *v, void *vx)
{
    return get_ipv4(ld, v, &((struct config_vxlan *) vx)->local_ip);
}

static bool
vxlan_parse_source_interface(struct loader *ld, json_t *v, void *vx)
{
    return get_name(ld, v, "interface name", ((struct config_vxlan *) vx)->source_interface);
}

static bool
vxlan_parse_udp_port(struct loader *ld, json_t *v, void *vx)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check_udp_port, &n))
        return false;
    ((struct config_vxlan *) vx)->udp_port = n;
    return true;
}

static bool
vxlan_parse_remote_ips(struct loader *ld, json_t *v, void *vx_)
{
    struct config_vxlan *vx = vx_;

    return get_remotes(ld, v, vx->remotes, &vx->n_remotes);
}

/* A VNI, or "flow" (OVS options:key=flow). */
static bool
vxlan_parse_key(struct loader *ld, json_t *v, void *vx)
{
    char text[SHOWN_MAX + 4];
    json_int_t n;

    if (json_is_string(v)) {
        if (strcmp(json_string_value(v), "flow"))
            return fail(ld, "unknown key \"%s\" (expected a VNI " VXLAN_VNI_RANGE
                        " or \"flow\")", shown(json_string_value(v), text));
        ((struct config_vxlan *) vx)->key = CONFIG_VXLAN_KEY_FLOW;
        return true;
    }
    if (!json_is_integer(v))
        return fail(ld, "expected an integer or \"flow\", got %s", type_name(v));
    if (!get_checked_int(ld, v, check_vni, &n))
        return false;
    ((struct config_vxlan *) vx)->key = n;
    return true;
}

static bool
vxlan_parse_vnis(struct loader *ld, json_t *v, void *vx_)
{
    struct config_vxlan *vx = vx_;
    void *items;
    size_t n;

    if (!expect_type(ld, v, JSON_ARRAY, "an array"))
        return false;
    if (json_array_size(v) > VXLAN_VNIS_MAX)
        return fail(ld, "too many VNIs (%zu, at most %d: one per VLAN)", json_array_size(v),
                    VXLAN_VNIS_MAX);
    if (!array_alloc(ld, v, sizeof *vx->vnis, &items, &n))
        return false;
    free(vx->vnis);
    vx->vnis = items;
    vx->n_vnis = n;
    return parse_elements(ld, v, vx->vnis, sizeof *vx->vnis, vni_parse);
}

static bool
vxlan_parse_tos(struct loader *ld, json_t *v, void *vx)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check_tos, &n))
        return false;
    ((struct config_vxlan *) vx)->tos = n;
    return true;
}

static bool
vxlan_parse_ttl(struct loader *ld, json_t *v, void *vx)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check_ttl, &n))
        return false;
    ((struct config_vxlan *) vx)->ttl = n;
    return true;
}

static bool
vxlan_parse_df_default(struct loader *ld, json_t *v, void *vx)
{
    return get_bool(ld, v, &((struct config_vxlan *) vx)->df);
}

static const struct field vxlan_fields[] = {
    { "local_ip", vxlan_parse_local_ip },
    { "source_interface", vxlan_parse_source_interface },
    { "udp_port", vxlan_parse_udp_port },
    { "remote_ips", vxlan_parse_remote_ips },
    { "key", vxlan_parse_key },
    { "vnis", vxlan_parse_vnis },
    { "tos", vxlan_parse_tos },
    { "ttl", vxlan_parse_ttl },
    { "df_default", vxlan_parse_df_default },
};

static bool
port_parse_vxlan(struct loader *ld, json_t *v, void *port_)
{
    struct config_port *port = port_;

    if (!port->vxlan && !(port->vxlan = config_vxlan_new()))
        return fail(ld, "out of memory");
    if (!parse_object(ld, v, vxlan_fields, ARRAY_SIZE(vxlan_fields), port->vxlan))
        return false;
    if (json_object_get(v, "key") && json_object_get(v, "vnis")) {
        path_push_key(ld, "vnis");
        return fail(ld, "vnis given with key (a port has one or the other)");
    }
    return check_vxlan(ld, port->vxlan);
}

/* The VLAN keys of a port, which a vxlan port with "vnis" may not have:
 * its VLAN policy follows its map (vxlan_set_policies()). */
static bool
check_vnis_port_keys(struct loader *ld, json_t *v, const struct config_port *port)
{
    static const char *const keys[] = {
        "mode", "access_vlan", "native_vlan", "native_tagged", "allowed_vlans",
    };

    if (port->type != PORT_TYPE_VXLAN || !port->vxlan || !port->vxlan->n_vnis)
        return true;
    for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
        if (json_object_get(v, keys[i])) {
            path_push_key(ld, keys[i]);
            return fail(ld, "%s given for a vxlan port with vnis (its VLAN policy is a trunk"
                        " of the mapped VLANs)", keys[i]);
        }
    }
    return true;
}

static bool
vlan_parse_vn_segment(struct loader *ld, json_t *v, void *vlan)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check_vn_segment, &n))
        return false;
    ((struct config_vlan *) vlan)->vn_segment = n;
    return true;
}

static const struct field port_fields[] = {
    { "name", port_parse_name },
    { "type", port_parse_type },
    { "peer", port_parse_peer },
    { "ofport", port_parse_ofport },
    { "mode", port_parse_mode },
    { "access_vlan", port_parse_access_vlan },
    { "native_vlan", port_parse_native_vlan },
    { "native_tagged", port_parse_native_tagged },
    { "allowed_vlans", port_parse_allowed_vlans },
    { "enabled", port_parse_enabled },
    { "description", port_parse_description },
    { "bond", port_parse_bond },
    { "bond_mode", port_parse_bond_mode },
    { "lacp", port_parse_lacp },
    { "lacp_rate", port_parse_lacp_rate },
    { "mtu", port_parse_mtu },
    { "lldp_transmit", port_parse_lldp_transmit },
    { "lldp_receive", port_parse_lldp_receive },
    { "speed", port_parse_speed },
    { "duplex", port_parse_duplex },
    { "switchport_nonegotiate", port_parse_nonegotiate },
    { "cdp_enable", port_parse_cdp_enable },
    { "spanning_tree_portfast", port_parse_portfast },
    { "spanning_tree_bpduguard", port_parse_bpduguard },
    { "spanning_tree_bpdufilter", port_parse_bpdufilter },
    { "spanning_tree_cost", port_parse_stp_cost },
    { "spanning_tree_port_priority", port_parse_stp_port_priority },
    { "spanning_tree_link_type", port_parse_stp_link_type },
    { "port_security", port_parse_port_security },
    { "storm_control", port_parse_storm_control },
    { "vxlan", port_parse_vxlan },
};

/* The keys of a bond's own settings, refused on other ports as "peer" is
 * on ports that are not patch ports.  Only the loader sees whether they
 * were given: in memory a port that is not a bond just has its
 * 'bond_cfg' ignored (config.h). */
static bool
check_bond_keys(struct loader *ld, json_t *v, const struct config_port *port)
{
    static const char *const keys[] = { "bond_mode", "lacp", "lacp_rate" };
    char text[SHOWN_MAX + 4];

    if (port->type == PORT_TYPE_BOND)
        return true;
    for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
        json_t *value = json_object_get(v, keys[i]);

        if (value) {
            path_push_key(ld, keys[i]);
            return fail(ld, "%s \"%s\" given for %s %s port (only bond ports have one)",
                        keys[i], shown(json_string_value(value), text),
                        port_type_article(port->type), port_type_name(port->type));
        }
    }
    return true;
}

/* Any combination of VLAN keys is accepted whatever the mode, as IOS keeps
 * `switchport access vlan` on a trunk port for when it becomes access. */
static bool
port_parse(struct loader *ld, json_t *v, void *port_)
{
    struct config_port *port = port_;

    port->enabled = true;
    vlan_port_init_default(&port->vlan);
    port->bond_cfg = CONFIG_BOND_DEFAULT;
    if (!parse_object(ld, v, port_fields, ARRAY_SIZE(port_fields), port)
        || !require_key(ld, v, "name") || !require_key(ld, v, "type"))
        return false;
    if (port->type == PORT_TYPE_PATCH && !json_object_get(v, "peer"))
        return fail(ld, "missing key \"peer\" (patch ports need one)");
    return check_port(ld, port) && check_bond_keys(ld, v, port)
           && check_vnis_port_keys(ld, v, port);
}

/* VLANs, static MACs, flows. */

static bool
vlan_parse_id(struct loader *ld, json_t *v, void *vlan)
{
    return get_vid(ld, v, &((struct config_vlan *) vlan)->id);
}

static bool
vlan_parse_name(struct loader *ld, json_t *v, void *vlan_)
{
    struct config_vlan *vlan = vlan_;

    return get_word(ld, v, "VLAN name", true, vlan->name, sizeof vlan->name);
}

static const struct field vlan_fields[] = {
    { "id", vlan_parse_id },
    { "name", vlan_parse_name },
    { "vn_segment", vlan_parse_vn_segment },
};

static bool
vlan_parse(struct loader *ld, json_t *v, void *vlan_)
{
    struct config_vlan *vlan = vlan_;

    return parse_object(ld, v, vlan_fields, ARRAY_SIZE(vlan_fields), vlan)
           && require_key(ld, v, "id") && check_vlan(ld, vlan);
}

static bool
static_mac_parse_mac(struct loader *ld, json_t *v, void *smac)
{
    struct config_static_mac *static_mac = smac;
    char text[SHOWN_MAX + 4];
    const char *s;

    if (!get_string(ld, v, &s))
        return false;
    if (!eth_addr_parse(s, static_mac->mac))
        return fail(ld, "invalid MAC address \"%s\" (expected e.g. 52:54:00:00:00:01)",
                    shown(s, text));
    return check_static_mac_addr(ld, static_mac->mac);
}

static bool
static_mac_parse_vlan(struct loader *ld, json_t *v, void *smac)
{
    return get_vid(ld, v, &((struct config_static_mac *) smac)->vlan);
}

static bool
static_mac_parse_port(struct loader *ld, json_t *v, void *smac)
{
    return get_name(ld, v, "port name", ((struct config_static_mac *) smac)->port);
}

static const struct field static_mac_fields[] = {
    { "mac", static_mac_parse_mac },
    { "vlan", static_mac_parse_vlan },
    { "port", static_mac_parse_port },
};

static bool
static_mac_parse(struct loader *ld, json_t *v, void *smac)
{
    return parse_object(ld, v, static_mac_fields, ARRAY_SIZE(static_mac_fields), smac)
           && require_key(ld, v, "mac") && require_key(ld, v, "vlan")
           && require_key(ld, v, "port");
}

/* Flows stay text in the config (state_apply.c parses them again when it builds
 * the bridge), but a flow net/flow_parse.c rejects fails the load here, with its
 * message: "bridges[0].flows[2]: unknown keyword foo". */
/* flow_port_names.lookup: any name, to tell a flow that names a port (the
 * shell's flow commands take names; a file's flows take numbers) from one
 * that is wrong in another way. */
static bool
any_port_name(const void *arg, const char *name, uint16_t *port)
{
    (void) arg;
    (void) name;
    *port = 1;
    return true;
}

static bool
flow_parse(struct loader *ld, json_t *v, void *flow)
{
    struct flow parsed;
    struct err_msg err;
    const char *s;

    if (!get_text(ld, v, "flow", &s))
        return false;
    if (!s[0])
        return fail(ld, "empty flow (expected e.g. \"priority=1 actions=NORMAL\")");
    if (!flow_parse_add(s, &parsed, &err)) {
        struct flow_port_names any = { .lookup = any_port_name };
        struct err_msg named_err;

        if (flow_parse_add_named(s, &any, &parsed, &named_err))
            return fail(ld, "%s (the configuration's flows name ports by number, their"
                        " ofport, or LOCAL)", err.text);
        return fail(ld, "%s", err.text);
    }
    *(char **) flow = strdup(s);
    return *(char **) flow || fail(ld, "out of memory");
}

/* Bridges. */

static bool
bridge_parse_name(struct loader *ld, json_t *v, void *bridge)
{
    return get_name(ld, v, "bridge name", ((struct config_bridge *) bridge)->name);
}

static bool
bridge_parse_mac_aging(struct loader *ld, json_t *v, void *bridge)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check_mac_aging, &n))
        return false;
    ((struct config_bridge *) bridge)->mac_aging_s = n;
    return true;
}

static bool
bridge_parse_mac_table_size(struct loader *ld, json_t *v, void *bridge)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check_mac_table_size, &n))
        return false;
    ((struct config_bridge *) bridge)->mac_table_size = n;
    return true;
}

static bool
bridge_parse_vlans(struct loader *ld, json_t *v, void *bridge)
{
    struct config_bridge *b = bridge;
    void *items;

    if (!array_alloc(ld, v, sizeof *b->vlans, &items, &b->n_vlans))
        return false;
    b->vlans = items;
    return parse_elements(ld, v, b->vlans, sizeof *b->vlans, vlan_parse);
}

static bool
bridge_parse_ports(struct loader *ld, json_t *v, void *bridge)
{
    struct config_bridge *b = bridge;
    void *items;

    if (!array_alloc(ld, v, sizeof *b->ports, &items, &b->n_ports))
        return false;
    b->ports = items;
    return parse_elements(ld, v, b->ports, sizeof *b->ports, port_parse);
}

static bool
bridge_parse_static_macs(struct loader *ld, json_t *v, void *bridge)
{
    struct config_bridge *b = bridge;
    void *items;

    if (!array_alloc(ld, v, sizeof *b->static_macs, &items, &b->n_static_macs))
        return false;
    b->static_macs = items;
    return parse_elements(ld, v, b->static_macs, sizeof *b->static_macs, static_mac_parse);
}

static bool
secure_mac_parse_mac(struct loader *ld, json_t *v, void *smac)
{
    struct config_secure_mac *m = smac;
    char text[SHOWN_MAX + 4];
    const char *s;

    if (!get_string(ld, v, &s))
        return false;
    if (!eth_addr_parse(s, m->mac))
        return fail(ld, "invalid MAC address \"%s\" (expected e.g. 52:54:00:00:00:01)",
                    shown(s, text));
    return check_secure_mac_addr(ld, m->mac);
}

static bool
secure_mac_parse_vlan(struct loader *ld, json_t *v, void *smac)
{
    return get_vid(ld, v, &((struct config_secure_mac *) smac)->vlan);
}

static bool
secure_mac_parse_port(struct loader *ld, json_t *v, void *smac)
{
    return get_name(ld, v, "port name", ((struct config_secure_mac *) smac)->port);
}

static bool
secure_mac_parse_sticky(struct loader *ld, json_t *v, void *smac)
{
    return get_bool(ld, v, &((struct config_secure_mac *) smac)->sticky);
}

static const struct field secure_mac_fields[] = {
    { "mac", secure_mac_parse_mac },
    { "vlan", secure_mac_parse_vlan },
    { "port", secure_mac_parse_port },
    { "sticky", secure_mac_parse_sticky },
};

static bool
secure_mac_parse(struct loader *ld, json_t *v, void *smac)
{
    return parse_object(ld, v, secure_mac_fields, ARRAY_SIZE(secure_mac_fields), smac)
           && require_key(ld, v, "mac") && require_key(ld, v, "vlan")
           && require_key(ld, v, "port");
}

static bool
bridge_parse_secure_macs(struct loader *ld, json_t *v, void *bridge)
{
    struct config_bridge *b = bridge;
    void *items;

    if (!array_alloc(ld, v, sizeof *b->secure_macs, &items, &b->n_secure_macs))
        return false;
    b->secure_macs = items;
    return parse_elements(ld, v, b->secure_macs, sizeof *b->secure_macs, secure_mac_parse);
}

static bool
bridge_parse_flows(struct loader *ld, json_t *v, void *bridge)
{
    struct config_bridge *b = bridge;
    void *items;

    if (!array_alloc(ld, v, sizeof *b->flows, &items, &b->n_flows))
        return false;
    b->flows = items;
    return parse_elements(ld, v, b->flows, sizeof *b->flows, flow_parse);
}

/* "spanning_tree" of a bridge (config.h struct config_stp). */
static bool
stp_parse_enabled(struct loader *ld, json_t *v, void *stp)
{
    return get_bool(ld, v, &((struct config_stp *) stp)->enabled);
}

static bool
stp_parse_priority(struct loader *ld, json_t *v, void *stp_)
{
    struct config_stp *stp = stp_;
    json_int_t n;

    if (!get_checked_int(ld, v, check_stp_priority, &n))
        return false;
    stp->priority_set = true;
    stp->priority = n;
    return true;
}

/* The timers and the hold count: 'check' bounds them well inside uint8_t. */
static bool
get_stp_u8(struct loader *ld, const json_t *v, bool (*check)(struct loader *, long long),
           uint8_t *out)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check, &n))
        return false;
    *out = n;
    return true;
}

static bool
stp_parse_hello(struct loader *ld, json_t *v, void *stp)
{
    return get_stp_u8(ld, v, check_stp_hello, &((struct config_stp *) stp)->hello_s);
}

static bool
stp_parse_max_age(struct loader *ld, json_t *v, void *stp)
{
    return get_stp_u8(ld, v, check_stp_max_age, &((struct config_stp *) stp)->max_age_s);
}

static bool
stp_parse_forward_delay(struct loader *ld, json_t *v, void *stp)
{
    return get_stp_u8(ld, v, check_stp_forward_delay,
                      &((struct config_stp *) stp)->forward_delay_s);
}

static bool
stp_parse_tx_hold(struct loader *ld, json_t *v, void *stp)
{
    return get_stp_u8(ld, v, check_stp_tx_hold, &((struct config_stp *) stp)->tx_hold_count);
}

static bool
stp_parse_protocol(struct loader *ld, json_t *v, void *stp)
{
    unsigned i = 0;

    if (!get_choice(ld, v, stp_protocol_words, ARRAY_SIZE(stp_protocol_words),
                    "spanning tree protocol", STP_PROTOCOLS_EXPECTED, &i))
        return false;
    ((struct config_stp *) stp)->force_stp = i;
    return true;
}

static bool
stp_parse_portfast_default(struct loader *ld, json_t *v, void *stp)
{
    return get_bool(ld, v, &((struct config_stp *) stp)->portfast_default);
}

static bool
stp_parse_bpduguard_default(struct loader *ld, json_t *v, void *stp)
{
    return get_bool(ld, v, &((struct config_stp *) stp)->bpduguard_default);
}

static const struct field stp_fields[] = {
    { "enabled", stp_parse_enabled },
    { "priority", stp_parse_priority },
    { "hello_time_s", stp_parse_hello },
    { "max_age_s", stp_parse_max_age },
    { "forward_delay_s", stp_parse_forward_delay },
    { "tx_hold_count", stp_parse_tx_hold },
    { "protocol", stp_parse_protocol },
    { "portfast_default", stp_parse_portfast_default },
    { "bpduguard_default", stp_parse_bpduguard_default },
};

static bool
bridge_parse_stp(struct loader *ld, json_t *v, void *bridge)
{
    struct config_stp *stp = &((struct config_bridge *) bridge)->stp;

    return parse_object(ld, v, stp_fields, ARRAY_SIZE(stp_fields), stp)
           && check_stp_timers(ld, stp);
}

static const struct field bridge_fields[] = {
    { "name", bridge_parse_name },
    { "mac_aging_s", bridge_parse_mac_aging },
    { "mac_table_size", bridge_parse_mac_table_size },
    { "vlans", bridge_parse_vlans },
    { "ports", bridge_parse_ports },
    { "static_macs", bridge_parse_static_macs },
    { "secure_macs", bridge_parse_secure_macs },
    { "flows", bridge_parse_flows },
    { "spanning_tree", bridge_parse_stp },
};

/* A bridge whose document has no "vlans" gets the VLANs of its access
 * ports (unnamed: normalize_vlans() names them), as IOS's `switchport
 * access vlan N` creates VLAN N, so a hand-written file that names only
 * ports forwards as it did before an access port in a missing VLAN became
 * inactive (docs/config.md).  An export always writes "vlans", so a port
 * made inactive by `no vlan N` stays so across `write memory`. */
static bool
access_vlans_created(struct loader *ld, struct config_bridge *b)
{
    for (size_t p = 0; p < b->n_ports; p++) {
        const struct config_port *cp = &b->ports[p];
        bool have = false;

        if (cp->vlan.mode != VLAN_MODE_ACCESS || cp->bond[0])
            continue;
        for (size_t i = 0; i < b->n_vlans && !have; i++)
            have = b->vlans[i].id == cp->vlan.access_vid;
        if (have)
            continue;
        struct config_vlan *vlans = realloc(b->vlans, (b->n_vlans + 1) * sizeof *vlans);
        if (!vlans)
            return fail(ld, "out of memory");
        b->vlans = vlans;
        b->vlans[b->n_vlans++] = (struct config_vlan) { .id = cp->vlan.access_vid };
    }
    return true;
}

static bool
bridge_parse(struct loader *ld, json_t *v, void *bridge)
{
    struct config_bridge *b = bridge;

    b->mac_aging_s = 300;
    b->mac_table_size = 8192;
    return parse_object(ld, v, bridge_fields, ARRAY_SIZE(bridge_fields), b)
           && require_key(ld, v, "name")
           && (json_object_get(v, "vlans") || access_vlans_created(ld, b));
}

/* The CLI section. */

static bool
user_parse_name(struct loader *ld, json_t *v, void *user_)
{
    struct config_user *user = user_;

    return get_word(ld, v, "user name", true, user->name, sizeof user->name);
}

static bool
user_parse_secret(struct loader *ld, json_t *v, void *user_)
{
    struct config_user *user = user_;
    const char *s;

    if (!get_string(ld, v, &s) || (s[0] && !check_secret(ld, s, "secret", sizeof user->secret)))
        return false;
    strcpy(user->secret, s);
    return true;
}

/* SSH (issue 19): a user's "ssh_keys", OpenSSH public key lines, and the
 * "cli.ssh" and "cli.vty" objects. */

/* One key line: printable ASCII, within CONFIG_SSH_KEY_MAX, a type the
 * server takes and base64 holding a key of that type (ssh_key_line.h). */
static bool
check_ssh_key(struct loader *ld, const char *s)
{
    struct ssh_key_line *k;
    char why[256];
    bool ok;

    if (strlen(s) > CONFIG_SSH_KEY_MAX)
        return fail(ld, "SSH key too long (%zu characters, at most %d)", strlen(s),
                    CONFIG_SSH_KEY_MAX);
    for (const char *c = s; *c; c++)
        if ((unsigned char) *c < 0x20 || (unsigned char) *c >= 0x7f)
            return fail(ld, "SSH key with a control or non-ASCII character (expected one"
                        " line \"TYPE BASE64 [COMMENT]\" as in authorized_keys)");
    if (!(k = malloc(sizeof *k)))
        return fail(ld, "out of memory");
    ok = ssh_key_line_parse(s, k, why, sizeof why);
    free(k);
    return ok || fail(ld, "invalid SSH key: %s", why);
}

static bool
user_parse_ssh_keys(struct loader *ld, json_t *v, void *user_)
{
    struct config_user *user = user_;
    size_t i;
    json_t *key;

    if (!expect_type(ld, v, JSON_ARRAY, "an array"))
        return false;
    if (json_array_size(v) > CONFIG_SSH_KEYS_MAX)
        return fail(ld, "too many SSH keys (%zu, at most %d)", json_array_size(v),
                    CONFIG_SSH_KEYS_MAX);
    json_array_foreach(v, i, key) {
        const char *s;

        path_push_index(ld, i);
        if (!get_string(ld, key, &s) || !check_ssh_key(ld, s))
            return false;
        path_pop(ld);
        strcpy(user->ssh_keys[i], s);
    }
    user->n_ssh_keys = json_array_size(v);
    return true;
}

/* A user logs in with a secret, a key, or both: "secret" may be "" or
 * absent when "ssh_keys" has one (user_parse()). */
static const struct field user_fields[] = {
    { "name", user_parse_name },
    { "secret", user_parse_secret },
    { "ssh_keys", user_parse_ssh_keys },
};

static bool
user_parse(struct loader *ld, json_t *v, void *user)
{
    const struct config_user *u = user;

    if (!parse_object(ld, v, user_fields, ARRAY_SIZE(user_fields), user)
        || !require_key(ld, v, "name"))
        return false;
    if (u->n_ssh_keys)
        return true;
    /* Without keys, a secret (what it was before SSH keys). */
    if (!require_key(ld, v, "secret"))
        return false;
    path_push_key(ld, "secret");
    if (!check_secret(ld, u->secret, "secret", sizeof u->secret))
        return false;
    path_pop(ld);
    return true;
}

static bool
telnet_parse_listen(struct loader *ld, json_t *v, void *config)
{
    struct switch_config *cfg = config;
    const char *s;

    if (!get_string(ld, v, &s) || !check_listen(ld, s))
        return false;
    strcpy(cfg->telnet_listen, s);
    return true;
}

static bool
telnet_parse_idle_timeout(struct loader *ld, json_t *v, void *config)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check_idle_timeout, &n))
        return false;
    ((struct switch_config *) config)->telnet_idle_timeout_s = n;
    return true;
}

static bool
telnet_parse_login_timeout(struct loader *ld, json_t *v, void *config)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check_login_timeout, &n))
        return false;
    ((struct switch_config *) config)->telnet_login_timeout_s = n;
    return true;
}

static bool
telnet_parse_login_local(struct loader *ld, json_t *v, void *config)
{
    return get_bool(ld, v, &((struct switch_config *) config)->telnet_login_local);
}

/* The key before "cli.vty.transport_input": true reads as "telnet". */
static bool
telnet_parse_transport_input_telnet(struct loader *ld, json_t *v, void *config)
{
    struct switch_config *cfg = config;
    bool telnet = false;

    if (!get_bool(ld, v, &telnet))
        return false;
    /* "cli.vty.transport_input" wins when both are given. */
    if (telnet && cfg->transport_input == CONFIG_TRANSPORT_ALL)
        cfg->transport_input = CONFIG_TRANSPORT_TELNET;
    return true;
}

static const struct field telnet_fields[] = {
    { "listen", telnet_parse_listen },
    { "idle_timeout_s", telnet_parse_idle_timeout },
    { "login_timeout_s", telnet_parse_login_timeout },
    { "login_local", telnet_parse_login_local },
    { "transport_input_telnet", telnet_parse_transport_input_telnet },
};

static bool
login_parse_block_for(struct loader *ld, json_t *v, void *config)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check_block_for, &n))
        return false;
    ((struct switch_config *) config)->login_block.block_for_s = n;
    return true;
}

static bool
login_parse_attempts(struct loader *ld, json_t *v, void *config)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check_attempts, &n))
        return false;
    ((struct switch_config *) config)->login_block.attempts = n;
    return true;
}

static bool
login_parse_within(struct loader *ld, json_t *v, void *config)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check_within, &n))
        return false;
    ((struct switch_config *) config)->login_block.within_s = n;
    return true;
}

static const struct field login_fields[] = {
    { "block_for_s", login_parse_block_for },
    { "attempts", login_parse_attempts },
    { "within_s", login_parse_within },
};

static bool
cli_parse_login(struct loader *ld, json_t *v, void *config)
{
    return parse_object(ld, v, login_fields, ARRAY_SIZE(login_fields), config);
}

static bool
cli_parse_telnet(struct loader *ld, json_t *v, void *config)
{
    return parse_object(ld, v, telnet_fields, ARRAY_SIZE(telnet_fields), config);
}

static bool
console_parse_idle_timeout(struct loader *ld, json_t *v, void *config)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check_idle_timeout, &n))
        return false;
    ((struct switch_config *) config)->console_idle_timeout_s = n;
    return true;
}

static bool
console_parse_login_local(struct loader *ld, json_t *v, void *config)
{
    return get_bool(ld, v, &((struct switch_config *) config)->console_login_local);
}

static const struct field console_fields[] = {
    { "idle_timeout_s", console_parse_idle_timeout },
    { "login_local", console_parse_login_local },
};

static bool
cli_parse_console(struct loader *ld, json_t *v, void *config)
{
    return parse_object(ld, v, console_fields, ARRAY_SIZE(console_fields), config);
}

static bool
cli_parse_users(struct loader *ld, json_t *v, void *config)
{
    struct switch_config *cfg = config;
    void *items;

    if (!array_alloc(ld, v, sizeof *cfg->users, &items, &cfg->n_users))
        return false;
    cfg->users = items;
    return parse_elements(ld, v, cfg->users, sizeof *cfg->users, user_parse);
}

static bool
cli_parse_enable_secret(struct loader *ld, json_t *v, void *config)
{
    struct switch_config *cfg = config;
    const char *s;

    if (!get_string(ld, v, &s) || !check_enable_secret(ld, s))
        return false;
    strcpy(cfg->enable_secret, s);
    return true;
}

static bool
check_ssh_timeout(struct loader *ld, long long n)
{
    return (n >= 1 && n <= CONFIG_SSH_TIMEOUT_MAX_S)
           || fail(ld, "invalid SSH timeout %lld (expected 1-%d seconds)", n,
                   CONFIG_SSH_TIMEOUT_MAX_S);
}

static bool
check_ssh_version(struct loader *ld, long long n)
{
    return n == 2 || fail(ld, "invalid SSH version %lld (expected 2: version 1 is not supported)",
                          n);
}

static bool
check_ssh_retries(struct loader *ld, long long n)
{
    return (n >= 0 && n <= CONFIG_SSH_RETRIES_MAX)
           || fail(ld, "invalid authentication retries %lld (expected 0-%d)", n,
                   CONFIG_SSH_RETRIES_MAX);
}

static bool
check_rsa_modulus(struct loader *ld, long long n)
{
    return (n >= CONFIG_SSH_RSA_MODULUS_MIN && n <= CONFIG_SSH_RSA_MODULUS_MAX)
           || fail(ld, "invalid RSA modulus %lld (expected %d-%d bits)", n,
                   CONFIG_SSH_RSA_MODULUS_MIN, CONFIG_SSH_RSA_MODULUS_MAX);
}

static bool
ssh_parse_listen(struct loader *ld, json_t *v, void *config)
{
    struct switch_config *cfg = config;
    const char *s;

    if (!get_string(ld, v, &s) || !check_listen(ld, s))
        return false;
    strcpy(cfg->ssh.listen, s);
    return true;
}

static bool
ssh_parse_timeout(struct loader *ld, json_t *v, void *config)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check_ssh_timeout, &n))
        return false;
    ((struct switch_config *) config)->ssh.timeout_s = n;
    return true;
}

static bool
ssh_parse_retries(struct loader *ld, json_t *v, void *config)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check_ssh_retries, &n))
        return false;
    ((struct switch_config *) config)->ssh.auth_retries = n;
    return true;
}

static bool
ssh_parse_rsa_modulus(struct loader *ld, json_t *v, void *config)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check_rsa_modulus, &n))
        return false;
    ((struct switch_config *) config)->ssh.rsa_modulus = n;
    return true;
}

static bool
ssh_parse_version(struct loader *ld, json_t *v, void *config)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check_ssh_version, &n))
        return false;
    ((struct switch_config *) config)->ssh.version_2 = true;
    return true;
}

static const struct field ssh_fields[] = {
    { "version", ssh_parse_version },
    { "listen", ssh_parse_listen },
    { "timeout_s", ssh_parse_timeout },
    { "authentication_retries", ssh_parse_retries },
    { "rsa_modulus", ssh_parse_rsa_modulus },
};

static bool
cli_parse_ssh(struct loader *ld, json_t *v, void *config)
{
    return parse_object(ld, v, ssh_fields, ARRAY_SIZE(ssh_fields), config);
}

const char *
config_transport_name(enum config_transport t)
{
    static const char *const names[] = { "all", "telnet", "ssh", "none" };

    return (unsigned) t < ARRAY_SIZE(names) ? names[t] : "?";
}

static bool
vty_parse_transport_input(struct loader *ld, json_t *v, void *config)
{
    struct switch_config *cfg = config;
    char text[SHOWN_MAX + 4];
    const char *s;

    if (!get_string(ld, v, &s))
        return false;
    for (enum config_transport t = CONFIG_TRANSPORT_ALL; t <= CONFIG_TRANSPORT_NONE; t++) {
        if (!strcmp(s, config_transport_name(t))) {
            cfg->transport_input = t;
            return true;
        }
    }
    return fail(ld, "unknown transport \"%s\" (expected all, telnet, ssh or none)",
                shown(s, text));
}

static const struct field vty_fields[] = {
    { "transport_input", vty_parse_transport_input },
};

static bool
cli_parse_vty(struct loader *ld, json_t *v, void *config)
{
    return parse_object(ld, v, vty_fields, ARRAY_SIZE(vty_fields), config);
}

static const struct field cli_fields[] = {
    { "ssh", cli_parse_ssh },
    { "vty", cli_parse_vty },
    { "telnet", cli_parse_telnet },
    { "login", cli_parse_login },
    { "console", cli_parse_console },
    { "users", cli_parse_users },
    { "enable_secret", cli_parse_enable_secret },
};

/* "logging": IOS `logging buffered` and `logging monitor`. */

static bool
logging_parse_buffered(struct loader *ld, json_t *v, void *config)
{
    return get_bool(ld, v, &((struct switch_config *) config)->logging.buffered);
}

static bool
logging_parse_buffered_size(struct loader *ld, json_t *v, void *config)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check_log_buffer_size, &n))
        return false;
    ((struct switch_config *) config)->logging.buffered_size = n;
    return true;
}

static bool
get_log_level(struct loader *ld, json_t *v, uint8_t *level)
{
    unsigned i = 0;

    if (!get_choice(ld, v, log_level_words, ARRAY_SIZE(log_level_words), "log level",
                    LOG_LEVELS_EXPECTED, &i))
        return false;
    *level = i;
    return true;
}

static bool
logging_parse_buffered_level(struct loader *ld, json_t *v, void *config)
{
    return get_log_level(ld, v, &((struct switch_config *) config)->logging.buffered_level);
}

static bool
logging_parse_monitor(struct loader *ld, json_t *v, void *config)
{
    return get_bool(ld, v, &((struct switch_config *) config)->logging.monitor);
}

static bool
logging_parse_monitor_level(struct loader *ld, json_t *v, void *config)
{
    return get_log_level(ld, v, &((struct switch_config *) config)->logging.monitor_level);
}

static const struct field logging_fields[] = {
    { "buffered", logging_parse_buffered },
    { "buffered_size", logging_parse_buffered_size },
    { "buffered_level", logging_parse_buffered_level },
    { "monitor", logging_parse_monitor },
    { "monitor_level", logging_parse_monitor_level },
};

/* "errdisable_recovery": IOS `errdisable recovery cause|interval`. */

static bool
errdisable_parse_causes(struct loader *ld, json_t *v, void *config)
{
    struct config_errdisable *e = &((struct switch_config *) config)->errdisable;
    json_t *elem;
    size_t i;

    if (!expect_type(ld, v, JSON_ARRAY, "an array"))
        return false;
    e->causes = 0;
    json_array_foreach(v, i, elem) {
        unsigned cause = 0;
        bool ok;

        path_push_index(ld, i);
        ok = get_choice(ld, elem, err_cause_words, ARRAY_SIZE(err_cause_words),
                        "errdisable cause", ERR_CAUSES_EXPECTED, &cause);
        path_pop(ld);
        if (!ok)
            return false;
        e->causes |= 1u << cause;
    }
    return true;
}

static bool
errdisable_parse_interval(struct loader *ld, json_t *v, void *config)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check_err_interval, &n))
        return false;
    ((struct switch_config *) config)->errdisable.interval_s = n;
    return true;
}

static const struct field errdisable_fields[] = {
    { "causes", errdisable_parse_causes },
    { "interval_s", errdisable_parse_interval },
};

static bool
root_parse_errdisable(struct loader *ld, json_t *v, void *config)
{
    return parse_object(ld, v, errdisable_fields, ARRAY_SIZE(errdisable_fields), config);
}

/* "lldp": IOS `lldp run`, `lldp timer`, `lldp holdtime`, `lldp reinit`. */

static bool
lldp_parse_run(struct loader *ld, json_t *v, void *config)
{
    return get_bool(ld, v, &((struct switch_config *) config)->lldp.run);
}

static bool
lldp_parse_timer(struct loader *ld, json_t *v, void *config)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check_lldp_timer, &n))
        return false;
    ((struct switch_config *) config)->lldp.timer_s = n;
    return true;
}

static bool
lldp_parse_holdtime(struct loader *ld, json_t *v, void *config)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check_lldp_holdtime, &n))
        return false;
    ((struct switch_config *) config)->lldp.holdtime_s = n;
    return true;
}

static bool
lldp_parse_reinit(struct loader *ld, json_t *v, void *config)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check_lldp_reinit, &n))
        return false;
    ((struct switch_config *) config)->lldp.reinit_s = n;
    return true;
}

static const struct field lldp_fields[] = {
    { "run", lldp_parse_run },
    { "timer_s", lldp_parse_timer },
    { "holdtime_s", lldp_parse_holdtime },
    { "reinit_s", lldp_parse_reinit },
};

bool
config_lldp_is_default(const struct config_lldp *l)
{
    return !l->run && l->timer_s == CONFIG_LLDP_TIMER_DEFAULT
           && l->holdtime_s == CONFIG_LLDP_HOLDTIME_DEFAULT
           && l->reinit_s == CONFIG_LLDP_REINIT_DEFAULT;
}

/* The top level. */

static bool
root_parse_version(struct loader *ld, json_t *v, void *config)
{
    json_int_t n;

    (void) config;
    if (!get_int(ld, v, &n))
        return false;
    if (n != CONFIG_VERSION)
        return fail(ld, "unsupported version %lld (expected %d)", (long long) n, CONFIG_VERSION);
    return true;
}

static bool
root_parse_hostname(struct loader *ld, json_t *v, void *config)
{
    struct switch_config *cfg = config;
    const char *s;

    if (!get_string(ld, v, &s) || !check_hostname(ld, s))
        return false;
    strcpy(cfg->hostname, s);
    return true;
}

static bool
root_parse_vlan_dot1q_tag_native(struct loader *ld, json_t *v, void *config)
{
    return get_bool(ld, v, &((struct switch_config *) config)->vlan_dot1q_tag_native);
}

static bool
root_parse_lacp_system_priority(struct loader *ld, json_t *v, void *config)
{
    json_int_t n;

    if (!get_checked_int(ld, v, check_lacp_system_priority, &n))
        return false;
    ((struct switch_config *) config)->lacp_system_priority = n;
    return true;
}

static bool
root_parse_port_channel_load_balance(struct loader *ld, json_t *v, void *config)
{
    unsigned i = 0;

    if (!get_choice(ld, v, load_balance_words, ARRAY_SIZE(load_balance_words),
                    "load-balance method", LOAD_BALANCE_EXPECTED, &i))
        return false;
    ((struct switch_config *) config)->port_channel_load_balance = i;
    return true;
}

static bool
root_parse_banner_motd(struct loader *ld, json_t *v, void *config)
{
    struct switch_config *cfg = config;
    const char *s;

    if (!get_string(ld, v, &s) || !check_banner(ld, s))
        return false;
    strcpy(cfg->banner_motd, s);
    return true;
}

static bool
root_parse_ip_domain_lookup(struct loader *ld, json_t *v, void *config)
{
    bool on = true;

    if (!get_bool(ld, v, &on))
        return false;
    ((struct switch_config *) config)->inert.no_ip_domain_lookup = !on;
    return true;
}

static bool
root_parse_cdp_run(struct loader *ld, json_t *v, void *config)
{
    bool on = true;

    if (!get_bool(ld, v, &on))
        return false;
    ((struct switch_config *) config)->inert.no_cdp_run = !on;
    return true;
}

static bool
root_parse_spanning_tree_mode(struct loader *ld, json_t *v, void *config)
{
    unsigned i = 0;

    if (!get_choice(ld, v, stp_mode_words, ARRAY_SIZE(stp_mode_words), "spanning tree mode",
                    STP_MODES_EXPECTED, &i))
        return false;
    ((struct switch_config *) config)->inert.stp_mode = i;
    return true;
}

static bool
root_parse_timestamps_debug(struct loader *ld, json_t *v, void *config)
{
    return get_bool(ld, v, &((struct switch_config *) config)->inert.timestamps_debug_msec);
}

static bool
root_parse_timestamps_log(struct loader *ld, json_t *v, void *config)
{
    return get_bool(ld, v, &((struct switch_config *) config)->inert.timestamps_log_msec);
}

static bool
root_parse_cli(struct loader *ld, json_t *v, void *config)
{
    return parse_object(ld, v, cli_fields, ARRAY_SIZE(cli_fields), config);
}

static bool
root_parse_logging(struct loader *ld, json_t *v, void *config)
{
    return parse_object(ld, v, logging_fields, ARRAY_SIZE(logging_fields), config);
}

static bool
root_parse_lldp(struct loader *ld, json_t *v, void *config)
{
    return parse_object(ld, v, lldp_fields, ARRAY_SIZE(lldp_fields), config);
}

static bool
root_parse_bridges(struct loader *ld, json_t *v, void *config)
{
    struct switch_config *cfg = config;
    void *items;

    if (!array_alloc(ld, v, sizeof *cfg->bridges, &items, &cfg->n_bridges))
        return false;
    cfg->bridges = items;
    return parse_elements(ld, v, cfg->bridges, sizeof *cfg->bridges, bridge_parse);
}

/* SPAN sessions ("monitor_sessions", IOS `monitor session`); the checks
 * across the switch are check_monitor_sessions(), those of a config in
 * memory validate_monitor_session(). */

static const char *const span_dir_words[] = {
    [CONFIG_SPAN_BOTH] = "both", [CONFIG_SPAN_RX] = "rx", [CONFIG_SPAN_TX] = "tx",
};
#define SPAN_DIRS_EXPECTED "rx, tx or both"

const char *
config_span_dir_name(enum config_span_dir dir)
{
    return (unsigned) dir < ARRAY_SIZE(span_dir_words) ? span_dir_words[dir] : "?";
}

void
config_span_vlans_of(const struct config_monitor_session *s, enum config_span_dir dir,
                     struct vlan_set *out)
{
    for (unsigned w = 0; w < VLAN_N_IDS / 64; w++) {
        uint64_t rx = s->vlans_rx.bits[w], tx = s->vlans_tx.bits[w];

        out->bits[w] = dir == CONFIG_SPAN_BOTH ? rx & tx : dir == CONFIG_SPAN_RX ? rx & ~tx
                                                                           : tx & ~rx;
    }
}

static bool
check_span_session_id(struct loader *ld, long long n)
{
    return (n >= 1 && n <= CONFIG_SPAN_SESSION_MAX)
           || fail(ld, "invalid monitor session %lld (expected 1-%d)", n,
                   CONFIG_SPAN_SESSION_MAX);
}

static bool
span_source_parse_interface(struct loader *ld, json_t *v, void *src)
{
    return get_name(ld, v, "port name", ((struct config_span_source *) src)->port);
}

static bool
span_source_parse_direction(struct loader *ld, json_t *v, void *src)
{
    unsigned i = 0;

    if (!get_choice(ld, v, span_dir_words, ARRAY_SIZE(span_dir_words), "direction",
                    SPAN_DIRS_EXPECTED, &i))
        return false;
    ((struct config_span_source *) src)->dir = (enum config_span_dir) i;
    return true;
}

static const struct field span_source_fields[] = {
    { "interface", span_source_parse_interface },
    { "direction", span_source_parse_direction },
};

static bool
span_source_parse(struct loader *ld, json_t *v, void *src)
{
    return parse_object(ld, v, span_source_fields, ARRAY_SIZE(span_source_fields), src)
           && require_key(ld, v, "interface");
}

static bool
span_parse_session(struct loader *ld, json_t *v, void *session)
{
    struct config_monitor_session *s = session;
    json_int_t n;

    if (!get_int(ld, v, &n) || !check_span_session_id(ld, n))
        return false;
    s->id = (uint16_t) n;
    return true;
}

static bool
span_parse_sources(struct loader *ld, json_t *v, void *session)
{
    struct config_monitor_session *s = session;

    if (!expect_type(ld, v, JSON_ARRAY, "an array"))
        return false;
    if (json_array_size(v) > CONFIG_SPAN_SOURCES_MAX)
        return fail(ld, "too many source ports (%zu, at most %d)", json_array_size(v),
                    CONFIG_SPAN_SOURCES_MAX);
    s->n_sources = json_array_size(v);
    return parse_elements(ld, v, s->sources, sizeof *s->sources, span_source_parse);
}

static bool
span_parse_destination(struct loader *ld, json_t *v, void *session)
{
    struct config_monitor_session *s = session;
    const char *name;

    if (json_is_string(v) && !json_string_value(v)[0])
        return true;                /* "": no destination */
    if (!get_string(ld, v, &name))
        return false;
    return get_name(ld, v, "port name", s->destination);
}

static bool
span_parse_replicate(struct loader *ld, json_t *v, void *session)
{
    return get_bool(ld, v, &((struct config_monitor_session *) session)->replicate);
}

/* One element of "source_vlans" (VSPAN): {"vlans": LIST, "direction":
 * D}; its VLANs join the session's rx and/or tx sets, so a list given
 * twice with other directions adds up, as IOS's lines do. */
struct span_vlan_source {
    struct vlan_set vlans;
    enum config_span_dir dir;
};

static bool
span_vlan_parse_vlans(struct loader *ld, json_t *v, void *src)
{
    struct err_msg err = { 0, 0, "" };
    const char *s;

    if (!get_string(ld, v, &s))
        return false;
    if (!vlan_set_parse(s, &((struct span_vlan_source *) src)->vlans, &err))
        return fail(ld, "%s", err.text);
    return true;
}

static bool
span_vlan_parse_direction(struct loader *ld, json_t *v, void *src)
{
    unsigned i = 0;

    if (!get_choice(ld, v, span_dir_words, ARRAY_SIZE(span_dir_words), "direction",
                    SPAN_DIRS_EXPECTED, &i))
        return false;
    ((struct span_vlan_source *) src)->dir = (enum config_span_dir) i;
    return true;
}

static const struct field span_vlan_source_fields[] = {
    { "vlans", span_vlan_parse_vlans },
    { "direction", span_vlan_parse_direction },
};

static bool
span_parse_source_vlans(struct loader *ld, json_t *v, void *session)
{
    struct config_monitor_session *s = session;
    json_t *elem;
    size_t i;

    if (!expect_type(ld, v, JSON_ARRAY, "an array"))
        return false;
    vlan_set_clear(&s->vlans_rx);
    vlan_set_clear(&s->vlans_tx);
    json_array_foreach(v, i, elem) {
        struct span_vlan_source src = { .dir = CONFIG_SPAN_BOTH };
        bool ok;

        vlan_set_clear(&src.vlans);
        path_push_index(ld, i);
        ok = parse_object(ld, elem, span_vlan_source_fields,
                          ARRAY_SIZE(span_vlan_source_fields), &src)
             && require_key(ld, elem, "vlans");
        path_pop(ld);
        if (!ok)
            return false;
        for (unsigned w = 0; w < VLAN_N_IDS / 64; w++) {
            if (src.dir != CONFIG_SPAN_TX)
                s->vlans_rx.bits[w] |= src.vlans.bits[w];
            if (src.dir != CONFIG_SPAN_RX)
                s->vlans_tx.bits[w] |= src.vlans.bits[w];
        }
    }
    return true;
}

static const struct field span_session_fields[] = {
    { "session", span_parse_session },
    { "sources", span_parse_sources },
    { "source_vlans", span_parse_source_vlans },
    { "destination", span_parse_destination },
    { "encapsulation_replicate", span_parse_replicate },
};

static bool
span_session_parse(struct loader *ld, json_t *v, void *session)
{
    return parse_object(ld, v, span_session_fields, ARRAY_SIZE(span_session_fields), session)
           && require_key(ld, v, "session");
}

static bool
root_parse_monitor_sessions(struct loader *ld, json_t *v, void *config)
{
    struct switch_config *cfg = config;
    void *items;

    if (!array_alloc(ld, v, sizeof *cfg->monitor_sessions, &items, &cfg->n_monitor_sessions))
        return false;
    cfg->monitor_sessions = items;
    return parse_elements(ld, v, cfg->monitor_sessions, sizeof *cfg->monitor_sessions,
                          span_session_parse);
}

static const struct field root_fields[] = {
    { "version", root_parse_version },
    { "hostname", root_parse_hostname },
    { "cli", root_parse_cli },
    { "logging", root_parse_logging },
    { "errdisable_recovery", root_parse_errdisable },
    { "lldp", root_parse_lldp },
    { "bridges", root_parse_bridges },
    { "monitor_sessions", root_parse_monitor_sessions },
    { "vlan_dot1q_tag_native", root_parse_vlan_dot1q_tag_native },
    { "lacp_system_priority", root_parse_lacp_system_priority },
    { "port_channel_load_balance", root_parse_port_channel_load_balance },
    { "banner_motd", root_parse_banner_motd },
    { "ip_domain_lookup", root_parse_ip_domain_lookup },
    { "cdp_run", root_parse_cdp_run },
    { "spanning_tree_mode", root_parse_spanning_tree_mode },
    { "service_timestamps_debug_datetime_msec", root_parse_timestamps_debug },
    { "service_timestamps_log_datetime_msec", root_parse_timestamps_log },
};

/* A file of another version may use keys this one does not know, so the
 * version is checked before anything else: "unsupported version 2" says
 * more than "unknown key". */
static bool
root_parse(struct loader *ld, json_t *root, struct switch_config *cfg)
{
    json_t *version = json_is_object(root) ? json_object_get(root, "version") : NULL;

    if (version) {
        bool ok;

        path_push_key(ld, "version");
        ok = root_parse_version(ld, version, cfg);
        path_pop(ld);
        if (!ok)
            return false;
    }
    return parse_object(ld, root, root_fields, ARRAY_SIZE(root_fields), cfg);
}

/* Checks across the switch
 * ========================
 * Duplicate checks and name lookups use a small open-addressing hash set
 * of fixed-size keys, so they stay linear in the size of the file (a fuzzer
 * feeding 50,000 ports should not make the loader quadratic). */

struct seen_key {
    unsigned char bytes[33];        /* a name of up to 32 bytes, or packed numbers */
};

struct seen_entry {
    struct seen_key key;
    size_t bridge, item;            /* where the key was first seen */
    bool used;
};

struct seen_set {
    struct seen_entry *slots;
    size_t n_slots;                 /* a power of two, at least twice the keys */
};

static bool
seen_init(struct seen_set *set, size_t n_keys)
{
    set->n_slots = 8;
    while (set->n_slots < 2 * n_keys)
        set->n_slots *= 2;
    set->slots = calloc(set->n_slots, sizeof *set->slots);
    return set->slots != NULL;
}

static void
seen_destroy(struct seen_set *set)
{
    free(set->slots);
    set->slots = NULL;
}

static struct seen_entry *
seen_slot(const struct seen_set *set, const struct seen_key *key)
{
    uint64_t hash = 14695981039346656037ULL;        /* FNV-1a */
    size_t i;

    for (size_t j = 0; j < sizeof key->bytes; j++)
        hash = (hash ^ key->bytes[j]) * 1099511628211ULL;
    for (i = hash & (set->n_slots - 1); set->slots[i].used; i = (i + 1) & (set->n_slots - 1))
        if (!memcmp(&set->slots[i].key, key, sizeof *key))
            break;
    return &set->slots[i];
}

/* Returns the entry of 'key' if it was seen before; otherwise remembers it
 * as seen at ('bridge', 'item') and returns NULL. */
static const struct seen_entry *
seen_add(struct seen_set *set, const struct seen_key *key, size_t bridge, size_t item)
{
    struct seen_entry *e = seen_slot(set, key);

    if (e->used)
        return e;
    *e = (struct seen_entry) { *key, bridge, item, true };
    return NULL;
}

static const struct seen_entry *
seen_find(const struct seen_set *set, const struct seen_key *key)
{
    const struct seen_entry *e = seen_slot(set, key);

    return e->used ? e : NULL;
}

static struct seen_key
key_of_name(const char *name)
{
    struct seen_key key = { { 0 } };
    size_t len = strlen(name);

    assert(len < sizeof key.bytes);
    memcpy(key.bytes, name, len);
    return key;
}

static struct seen_key
key_of_number(unsigned n)
{
    struct seen_key key = { { 0 } };

    memcpy(key.bytes, &n, sizeof n);
    return key;
}

static struct seen_key
key_of_static_mac(const struct config_static_mac *m)
{
    struct seen_key key = { { 0 } };

    memcpy(key.bytes, m->mac, sizeof m->mac);
    memcpy(key.bytes + sizeof m->mac, &m->vlan, sizeof m->vlan);
    return key;
}

static bool
check_user_names(struct loader *ld, const struct switch_config *cfg, struct seen_set *seen)
{
    for (size_t i = 0; i < cfg->n_users; i++) {
        struct seen_key key = key_of_name(cfg->users[i].name);
        const struct seen_entry *first = seen_add(seen, &key, 0, i);

        if (first) {
            ld->depth = 0;
            path_push_key(ld, "cli");
            path_push_key(ld, "users");
            path_push_index(ld, i);
            path_push_key(ld, "name");
            return fail(ld, "duplicate user name \"%s\" (first at cli.users[%zu])",
                        cfg->users[i].name, first->item);
        }
    }
    return true;
}

/* A telnet server other hosts can reach, with nobody to log in, would turn
 * every one of them away; said at load so the mistake is seen at once
 * (docs/security.md section 3). */
static bool
check_telnet_exposure(struct loader *ld, const struct switch_config *cfg)
{
    char text[SHOWN_MAX + 4];

    if (!cfg->telnet_listen[0] || cfg->n_users || listen_address_is_loopback(cfg->telnet_listen))
        return true;
    ld->depth = 0;
    path_push_key(ld, "cli");
    path_push_key(ld, "telnet");
    path_push_key(ld, "listen");
    return fail(ld, "telnet on %s, not a loopback address, with no user to log in (add one to"
                " cli.users, or listen on 127.0.0.1)", shown(cfg->telnet_listen, text));
}

static bool
check_bridge_names(struct loader *ld, const struct switch_config *cfg, struct seen_set *seen)
{
    for (size_t b = 0; b < cfg->n_bridges; b++) {
        struct seen_key key = key_of_name(cfg->bridges[b].name);
        const struct seen_entry *first = seen_add(seen, &key, b, 0);

        if (first) {
            path_set(ld, b, NULL, 0, "name");
            return fail(ld, "duplicate bridge name \"%s\" (first at bridges[%zu])",
                        cfg->bridges[b].name, first->bridge);
        }
    }
    return true;
}

/* Port names are netdev names, so they are unique across bridges; 'ports'
 * keeps every one for the patch and static MAC checks. */
static bool
check_port_names(struct loader *ld, const struct switch_config *cfg, struct seen_set *ports)
{
    for (size_t b = 0; b < cfg->n_bridges; b++) {
        for (size_t p = 0; p < cfg->bridges[b].n_ports; p++) {
            struct seen_key key = key_of_name(cfg->bridges[b].ports[p].name);
            const struct seen_entry *first = seen_add(ports, &key, b, p);

            if (first) {
                path_set(ld, b, "ports", p, "name");
                return fail(ld, "duplicate port name \"%s\" (first at bridges[%zu].ports[%zu])",
                            cfg->bridges[b].ports[p].name, first->bridge, first->item);
            }
        }
    }
    return true;
}

static bool
check_vlan_ids(struct loader *ld, const struct config_bridge *br, size_t b,
               struct seen_set *seen)
{
    for (size_t i = 0; i < br->n_vlans; i++) {
        struct seen_key key = key_of_number(br->vlans[i].id);
        const struct seen_entry *first = seen_add(seen, &key, b, i);

        if (first) {
            path_set(ld, b, "vlans", i, "id");
            return fail(ld, "duplicate VLAN id %u (first at bridges[%zu].vlans[%zu])",
                        (unsigned) br->vlans[i].id, b, first->item);
        }
    }
    return true;
}

/* The local port (docs/config.md "The local port"): the port named after
 * its bridge is an internal port with ofport LOCAL (65534, or 0 to have it
 * assigned); no other port has 65534. */
static bool
check_local_port(struct loader *ld, const struct config_bridge *br, size_t b)
{
    for (size_t p = 0; p < br->n_ports; p++) {
        const struct config_port *port = &br->ports[p];

        if (strcmp(port->name, br->name)) {
            if (port->ofport != CONFIG_OFPORT_LOCAL)
                continue;
            path_set(ld, b, "ports", p, "ofport");
            return fail(ld, "invalid ofport %d (expected 1-%d, or 0 to have one assigned; %d"
                        " is LOCAL, the port named after the bridge)", CONFIG_OFPORT_LOCAL,
                        OFPORT_MAX, CONFIG_OFPORT_LOCAL);
        }
        if (port->type != PORT_TYPE_INTERNAL) {
            path_set(ld, b, "ports", p, "type");
            return fail(ld, "port %s is the local port of bridge %s: its type must be"
                        " \"internal\", not \"%s\"", port->name, br->name,
                        port_type_name(port->type));
        }
        if (port->ofport && port->ofport != CONFIG_OFPORT_LOCAL) {
            path_set(ld, b, "ports", p, "ofport");
            return fail(ld, "port %s is the local port of bridge %s: its ofport is %d"
                        " (LOCAL), not %u", port->name, br->name, CONFIG_OFPORT_LOCAL,
                        (unsigned) port->ofport);
        }
    }
    return true;
}

/* Explicit ofports must be unique (0 is "none yet"). */
static bool
check_ofports(struct loader *ld, const struct config_bridge *br, size_t b,
              struct seen_set *seen)
{
    for (size_t p = 0; p < br->n_ports; p++) {
        struct seen_key key = key_of_number(br->ports[p].ofport);
        const struct seen_entry *first;

        if (!br->ports[p].ofport)
            continue;
        first = seen_add(seen, &key, b, p);
        if (first) {
            path_set(ld, b, "ports", p, "ofport");
            return fail(ld, "duplicate ofport %u (first at bridges[%zu].ports[%zu])",
                        (unsigned) br->ports[p].ofport, b, first->item);
        }
    }
    return true;
}

/* A static entry needs a port of its own bridge, not a bond member (frames
 * a member receives enter the bridge as the bond's, so the entry names the
 * bond); one (VLAN, MAC) is one entry; and the table must hold them all,
 * since static entries are never evicted (mac_table_add_static() would
 * fail with ENOSPC). */
static bool
check_static_macs(struct loader *ld, const struct switch_config *cfg, size_t b,
                  const struct seen_set *ports, struct seen_set *seen)
{
    const struct config_bridge *br = &cfg->bridges[b];

    for (size_t i = 0; i < br->n_static_macs; i++) {
        const struct config_static_mac *m = &br->static_macs[i];
        struct seen_key key = key_of_name(m->port);
        const struct seen_entry *port = seen_find(ports, &key);
        const struct seen_entry *first;
        char mac[ETH_ADDR_STR_SIZE];

        if (!port || port->bridge != b) {
            path_set(ld, b, "static_macs", i, "port");
            if (!port)
                return fail(ld, "unknown port \"%s\" (not a port of bridge \"%s\")", m->port,
                            br->name);
            return fail(ld, "port \"%s\" is in bridge \"%s\", not \"%s\"", m->port,
                        cfg->bridges[port->bridge].name, br->name);
        }
        if (br->ports[port->item].bond[0]) {
            path_set(ld, b, "static_macs", i, "port");
            return fail(ld, "port \"%s\" is a member of bond \"%s\" (name the bond instead)",
                        m->port, br->ports[port->item].bond);
        }
        key = key_of_static_mac(m);
        first = seen_add(seen, &key, b, i);
        if (first) {
            path_set(ld, b, "static_macs", i, "mac");
            return fail(ld, "duplicate static MAC %s in VLAN %u (first at"
                        " bridges[%zu].static_macs[%zu])", eth_addr_format(m->mac, mac),
                        (unsigned) m->vlan, b, first->item);
        }
        if (i >= br->mac_table_size) {
            path_set(ld, b, "static_macs", i, NULL);
            return fail(ld, "too many static MACs (mac_table_size is %u)",
                        (unsigned) br->mac_table_size);
        }
    }
    return true;
}

/* A secure address needs a port of its own bridge that is not a bond
 * member (IOS refuses port security on EtherChannel members); one (VLAN,
 * MAC) is secure on one port; a port holds at most its maximum (IOS: "Total
 * secure mac-addresses on interface ... has reached maximum limit"). */
static bool secure_macs_ok(struct loader *, const struct switch_config *, size_t,
                           const struct seen_set *, struct seen_set *, size_t *);

static bool
check_secure_macs(struct loader *ld, const struct switch_config *cfg, size_t b,
                  const struct seen_set *ports, struct seen_set *seen)
{
    const struct config_bridge *br = &cfg->bridges[b];
    size_t *counts;
    bool ok;

    for (size_t p = 0; p < br->n_ports; p++) {
        if (br->ports[p].psec.enabled && br->ports[p].bond[0]) {
            path_set(ld, b, "ports", p, "port_security");
            return fail(ld, "port security on port \"%s\", a member of bond \"%s\""
                        " (secure the bond instead)", br->ports[p].name, br->ports[p].bond);
        }
    }
    if (!br->n_secure_macs)
        return true;
    if (!(counts = calloc(br->n_ports ? br->n_ports : 1, sizeof *counts)))
        return fail(ld, "out of memory");
    ok = secure_macs_ok(ld, cfg, b, ports, seen, counts);
    free(counts);
    return ok;
}

/* check_secure_macs() of each address; 'counts' the addresses per port. */
static bool
secure_macs_ok(struct loader *ld, const struct switch_config *cfg, size_t b,
               const struct seen_set *ports, struct seen_set *seen, size_t *counts)
{
    const struct config_bridge *br = &cfg->bridges[b];

    for (size_t i = 0; i < br->n_secure_macs; i++) {
        const struct config_secure_mac *m = &br->secure_macs[i];
        struct seen_key key = key_of_name(m->port);
        const struct seen_entry *port = seen_find(ports, &key);
        const struct seen_entry *first;
        const struct config_port *cp;
        char mac[ETH_ADDR_STR_SIZE];
        size_t n_port = 0;

        if (!port || port->bridge != b) {
            path_set(ld, b, "secure_macs", i, "port");
            if (!port)
                return fail(ld, "unknown port \"%s\" (not a port of bridge \"%s\")", m->port,
                            br->name);
            return fail(ld, "port \"%s\" is in bridge \"%s\", not \"%s\"", m->port,
                        cfg->bridges[port->bridge].name, br->name);
        }
        cp = &br->ports[port->item];
        if (cp->bond[0]) {
            path_set(ld, b, "secure_macs", i, "port");
            return fail(ld, "port \"%s\" is a member of bond \"%s\" (name the bond instead)",
                        m->port, cp->bond);
        }
        memset(&key, 0, sizeof key);
        memcpy(key.bytes, m->mac, sizeof m->mac);
        memcpy(key.bytes + sizeof m->mac, &m->vlan, sizeof m->vlan);
        first = seen_add(seen, &key, b, i);
        if (first) {
            path_set(ld, b, "secure_macs", i, "mac");
            return fail(ld, "duplicate secure MAC %s in VLAN %u (first at"
                        " bridges[%zu].secure_macs[%zu])", eth_addr_format(m->mac, mac),
                        (unsigned) m->vlan, b, first->item);
        }
        n_port = ++counts[port->item];
        if (n_port > config_psec_maximum(&cp->psec)) {
            path_set(ld, b, "secure_macs", i, NULL);
            return fail(ld, "too many secure MACs on port \"%s\" (its port-security maximum"
                        " is %u)", m->port, (unsigned) config_psec_maximum(&cp->psec));
        }
    }
    return true;
}

/* A patch pair is two patch ports in different bridges naming each other. */
static bool
check_patch_peer(struct loader *ld, const struct switch_config *cfg, size_t b, size_t p,
                 const struct seen_set *ports)
{
    const struct config_port *port = &cfg->bridges[b].ports[p];
    struct seen_key key = key_of_name(port->peer);
    const struct seen_entry *found = seen_find(ports, &key);
    const struct config_port *peer;

    path_set(ld, b, "ports", p, "peer");
    if (!found)
        return fail(ld, "patch peer \"%s\" is not a port", port->peer);
    peer = &cfg->bridges[found->bridge].ports[found->item];
    if (peer->type != PORT_TYPE_PATCH)
        return fail(ld, "patch peer \"%s\" is %s %s port, not a patch port", port->peer,
                    peer->type == PORT_TYPE_INTERNAL ? "an" : "a", port_type_name(peer->type));
    if (found->bridge == b)
        return fail(ld, "patch peer \"%s\" is in the same bridge \"%s\"", port->peer,
                    cfg->bridges[b].name);
    if (strcmp(peer->peer, port->name))
        return fail(ld, "patch peer \"%s\" names \"%s\" as its peer, not \"%s\"",
                    port->peer, peer->peer, port->name);
    return true;
}

/* A member names a bond port of its own bridge, and a bond has at most
 * BOND_MEMBERS_MAX members (net/bond.h).  That the member is a tap or
 * system port is check_port()'s. */
static bool
check_bond_members(struct loader *ld, const struct switch_config *cfg, size_t b,
                   const struct seen_set *ports)
{
    const struct config_bridge *br = &cfg->bridges[b];
    uint8_t *n_members = calloc(br->n_ports ? br->n_ports : 1, sizeof *n_members);
    bool ok = true;

    if (!n_members)
        return fail(ld, "out of memory");
    for (size_t p = 0; ok && p < br->n_ports; p++) {
        const char *name = br->ports[p].bond;
        struct seen_key key = key_of_name(name);
        const struct seen_entry *found;
        const struct config_port *bond;

        if (!name[0])
            continue;
        path_set(ld, b, "ports", p, "bond");
        found = seen_find(ports, &key);
        if (!found) {
            ok = fail(ld, "bond \"%s\" is not a port", name);
            break;
        }
        bond = &cfg->bridges[found->bridge].ports[found->item];
        if (bond->type != PORT_TYPE_BOND)
            ok = fail(ld, "bond \"%s\" is %s %s port, not a bond port", name,
                      port_type_article(bond->type), port_type_name(bond->type));
        else if (found->bridge != b)
            ok = fail(ld, "bond \"%s\" is in bridge \"%s\", not \"%s\"", name,
                      cfg->bridges[found->bridge].name, br->name);
        else if (++n_members[found->item] > BOND_MEMBERS_MAX)
            ok = fail(ld, "bond \"%s\" has more than %d members", name, BOND_MEMBERS_MAX);
    }
    free(n_members);
    return ok;
}

/* SPAN sessions: unique numbers; every port named exists; a destination is
 * a tap, internal or system port, the destination of one session only and
 * no session's source; a port is a source of one session only; no bond
 * member takes part (its frames are its bond's: name the bond).  So a
 * copy never reaches a port that is watched, and sessions cannot loop
 * (switchd/span.c). */
static bool
span_port_check(struct loader *ld, const struct switch_config *cfg, const char *name,
                const struct seen_set *ports, const struct config_port **port)
{
    struct seen_key key = key_of_name(name);
    const struct seen_entry *found = seen_find(ports, &key);

    if (!found)
        return fail(ld, "port \"%s\" does not exist", name);
    *port = &cfg->bridges[found->bridge].ports[found->item];
    if ((*port)->bond[0])
        return fail(ld, "port \"%s\" is a member of bond \"%s\" (name the bond)", name,
                    (*port)->bond);
    return true;
}

/* Points the path at monitor_sessions[s] (.sources[i] when 'i' is not
 * SIZE_MAX), then 'key'. */
static void
span_path(struct loader *ld, size_t s, size_t i, const char *key)
{
    ld->depth = 0;
    path_push_key(ld, "monitor_sessions");
    path_push_index(ld, s);
    if (i != SIZE_MAX) {
        path_push_key(ld, "sources");
        path_push_index(ld, i);
    }
    path_push_key(ld, key);
}

static bool
check_monitor_sessions(struct loader *ld, const struct switch_config *cfg,
                       const struct seen_set *ports)
{
    const struct config_monitor_session *ss = cfg->monitor_sessions;
    size_t n = cfg->n_monitor_sessions, n_keys = 0;
    struct seen_set watched;            /* port -> the session naming it */
    bool ok = true;

    for (size_t s = 0; s < n; s++)
        n_keys += ss[s].n_sources + 1;
    if (!seen_init(&watched, n_keys))
        return fail(ld, "out of memory");
    for (size_t s = 0; ok && s < n; s++)
        for (size_t t = 0; ok && t < s; t++)
            if (ss[s].id == ss[t].id) {
                span_path(ld, s, SIZE_MAX, "session");
                ok = fail(ld, "monitor session %u is also monitor_sessions[%zu]",
                          (unsigned) ss[s].id, t);
            }
    /* IOS: a session monitors interfaces or VLANs, not both. */
    for (size_t s = 0; ok && s < n; s++)
        if (ss[s].n_sources
            && !(vlan_set_is_empty(&ss[s].vlans_rx) && vlan_set_is_empty(&ss[s].vlans_tx))) {
            span_path(ld, s, SIZE_MAX, "source_vlans");
            ok = fail(ld, "monitor session %u has source interfaces and source VLANs (a"
                      " session has one kind)", (unsigned) ss[s].id);
        }
    /* Destinations first, so a source that is a destination is told so. */
    for (size_t s = 0; ok && s < n; s++) {
        const struct config_port *port;
        struct seen_key key = key_of_name(ss[s].destination);
        const struct seen_entry *dup;

        if (!ss[s].destination[0])
            continue;
        span_path(ld, s, SIZE_MAX, "destination");
        if (!span_port_check(ld, cfg, ss[s].destination, ports, &port))
            ok = false;
        else if (port->type != PORT_TYPE_TAP && port->type != PORT_TYPE_INTERNAL
                 && port->type != PORT_TYPE_SYSTEM)
            ok = fail(ld, "port \"%s\" is %s %s port (a destination is a tap, internal or"
                      " system port)", port->name, port_type_article(port->type),
                      port_type_name(port->type));
        else if ((dup = seen_add(&watched, &key, s, SIZE_MAX)))
            ok = fail(ld, "port \"%s\" is already the destination of monitor session %u",
                      port->name, (unsigned) ss[dup->bridge].id);
    }
    for (size_t s = 0; ok && s < n; s++)
        for (size_t i = 0; ok && i < ss[s].n_sources; i++) {
            const struct config_port *port;
            struct seen_key key = key_of_name(ss[s].sources[i].port);
            const struct seen_entry *dup;

            span_path(ld, s, i, "interface");
            if (!span_port_check(ld, cfg, ss[s].sources[i].port, ports, &port))
                ok = false;
            else if ((dup = seen_add(&watched, &key, s, i)) && dup->item == SIZE_MAX)
                ok = fail(ld, "port \"%s\" is the destination of monitor session %u"
                          " (a destination cannot be a source)", port->name,
                          (unsigned) ss[dup->bridge].id);
            else if (dup)
                ok = fail(ld, "port \"%s\" is already a source of monitor session %u",
                          port->name, (unsigned) ss[dup->bridge].id);
        }
    seen_destroy(&watched);
    return ok;
}

static size_t
count_ports(const struct switch_config *cfg)
{
    size_t n = 0;

    for (size_t b = 0; b < cfg->n_bridges; b++)
        n += cfg->bridges[b].n_ports;
    return n;
}

/* Per-bridge checks: VLAN ids, ofports, static MACs.  'seen' is emptied
 * for each check. */
static bool
check_bridge(struct loader *ld, const struct switch_config *cfg, size_t b,
             const struct seen_set *ports)
{
    const struct config_bridge *br = &cfg->bridges[b];
    size_t n_keys = br->n_vlans > br->n_ports ? br->n_vlans : br->n_ports;
    struct seen_set seen;
    bool ok;

    if (br->n_static_macs > n_keys)
        n_keys = br->n_static_macs;
    if (br->n_secure_macs > n_keys)
        n_keys = br->n_secure_macs;
    if (!seen_init(&seen, n_keys))
        return fail(ld, "out of memory");
    ok = check_vlan_ids(ld, br, b, &seen) && check_local_port(ld, br, b);
    if (ok) {
        memset(seen.slots, 0, seen.n_slots * sizeof *seen.slots);
        ok = check_ofports(ld, br, b, &seen);
    }
    if (ok) {
        memset(seen.slots, 0, seen.n_slots * sizeof *seen.slots);
        ok = check_static_macs(ld, cfg, b, ports, &seen);
    }
    if (ok) {
        memset(seen.slots, 0, seen.n_slots * sizeof *seen.slots);
        ok = check_secure_macs(ld, cfg, b, ports, &seen);
    }
    seen_destroy(&seen);
    return ok;
}

/* VXLAN across a bridge: two VLANs never share a vn_segment, and a "vnis"
 * entry naming a VLAN with a vn_segment has that VNI (NX-OS `member vni`
 * finds the VLAN by its vn-segment). */
static bool
check_bridge_vxlan(struct loader *ld, const struct config_bridge *br, size_t b)
{
    uint32_t *segment = calloc(VLAN_N_IDS, sizeof *segment);    /* by VLAN id */
    struct seen_set seen;
    bool ok = true;

    if (!segment || !seen_init(&seen, br->n_vlans)) {
        free(segment);
        return fail(ld, "out of memory");
    }
    for (size_t i = 0; ok && i < br->n_vlans; i++) {
        const struct config_vlan *vlan = &br->vlans[i];
        struct seen_key key = key_of_number(vlan->vn_segment);
        const struct seen_entry *first;

        if (vlan->vn_segment == CONFIG_VN_SEGMENT_NONE)
            continue;
        segment[vlan->id] = vlan->vn_segment;
        if ((first = seen_add(&seen, &key, b, i))) {
            path_set(ld, b, "vlans", i, "vn_segment");
            ok = fail(ld, "vn_segment %u is also VLAN %u's (first at bridges[%zu].vlans[%zu])",
                      (unsigned) vlan->vn_segment, (unsigned) br->vlans[first->item].id, b,
                      first->item);
        }
    }
    for (size_t p = 0; ok && p < br->n_ports; p++) {
        const struct config_vxlan *vx = br->ports[p].vxlan;

        for (size_t i = 0; ok && vx && i < vx->n_vnis; i++) {
            const struct config_vxlan_vni *e = &vx->vnis[i];

            if (!segment[e->vlan] || segment[e->vlan] == e->vni)
                continue;
            path_set(ld, b, "ports", p, "vxlan");
            path_push_key(ld, "vnis");
            path_push_index(ld, i);
            path_push_key(ld, "vni");
            ok = fail(ld, "VNI %u for VLAN %u, whose vn_segment is %u", (unsigned) e->vni,
                      (unsigned) e->vlan, (unsigned) segment[e->vlan]);
        }
    }
    seen_destroy(&seen);
    free(segment);
    return ok;
}

/* VXLAN across the configuration: a remote VTEP's datagrams in one VNI
 * reach one port.  Ports with the same local address and UDP port share a
 * socket (port_vxlan.c), which gives a datagram to the first port listing
 * its sender and VNI: a second port listing the same remote in the same VNI
 * (or in any VNI, "key": "flow") would never receive, and whatever the
 * bridge floods out of it would go to that VTEP and come back in on the
 * other port: a frame of a remote reflected to it, a loop between two VTEPs
 * configured alike, a bridge joined to another.  Open vSwitch refuses such
 * a second tunnel port too ("File exists"). */
struct vxlan_use {
    uint32_t local_ip, remote, vni;         /* vni: UINT32_MAX for "flow" */
    uint16_t udp_port;
    const char *source_interface;
    size_t bridge, port;
};

static int
vxlan_use_cmp(const void *a_, const void *b_)
{
    const struct vxlan_use *a = a_, *b = b_;
    int c;

    if (a->local_ip != b->local_ip)
        return a->local_ip < b->local_ip ? -1 : 1;
    if (a->udp_port != b->udp_port)
        return a->udp_port < b->udp_port ? -1 : 1;
    if ((c = strcmp(a->source_interface, b->source_interface)))
        return c;
    if (a->remote != b->remote)
        return a->remote < b->remote ? -1 : 1;
    if (a->vni != b->vni)
        return a->vni < b->vni ? -1 : 1;
    if (a->bridge != b->bridge)
        return a->bridge < b->bridge ? -1 : 1;
    return a->port < b->port ? -1 : a->port > b->port;
}

static bool
vxlan_use_same_remote(const struct vxlan_use *a, const struct vxlan_use *b)
{
    return a->local_ip == b->local_ip && a->udp_port == b->udp_port && a->remote == b->remote
           && !strcmp(a->source_interface, b->source_interface);
}

static void
vxlan_uses_add(struct vxlan_use *uses, size_t *n, const struct config_vxlan *vx,
               const uint32_t *remotes, size_t n_remotes, uint32_t vni, size_t b, size_t p)
{
    for (size_t r = 0; r < n_remotes; r++)
        uses[(*n)++] = (struct vxlan_use) { vx->local_ip, remotes[r], vni, vx->udp_port,
                                            vx->source_interface, b, p };
}

static bool
check_vxlan_remotes_unique(struct loader *ld, const struct switch_config *cfg)
{
    struct vxlan_use *uses;
    size_t max = 0, n = 0;
    char text[INET_ADDRSTRLEN];
    bool ok = true;

    for (size_t b = 0; b < cfg->n_bridges; b++)
        for (size_t p = 0; p < cfg->bridges[b].n_ports; p++) {
            const struct config_vxlan *vx = cfg->bridges[b].ports[p].vxlan;

            if (cfg->bridges[b].ports[p].type != PORT_TYPE_VXLAN || !vx)
                continue;
            max += vx->n_remotes;
            for (size_t i = 0; i < vx->n_vnis; i++)
                max += vx->vnis[i].n_remotes ? vx->vnis[i].n_remotes : vx->n_remotes;
        }
    if (max < 2)
        return true;
    if (!(uses = malloc(max * sizeof *uses)))
        return fail(ld, "out of memory");
    for (size_t b = 0; b < cfg->n_bridges; b++)
        for (size_t p = 0; p < cfg->bridges[b].n_ports; p++) {
            const struct config_vxlan *vx = cfg->bridges[b].ports[p].vxlan;

            if (cfg->bridges[b].ports[p].type != PORT_TYPE_VXLAN || !vx)
                continue;
            if (!vx->n_vnis) {
                vxlan_uses_add(uses, &n, vx, vx->remotes, vx->n_remotes,
                               vx->key == CONFIG_VXLAN_KEY_FLOW ? UINT32_MAX : vx->key, b, p);
                continue;
            }
            for (size_t i = 0; i < vx->n_vnis; i++) {
                const struct config_vxlan_vni *e = &vx->vnis[i];

                if (e->n_remotes)
                    vxlan_uses_add(uses, &n, vx, e->remotes, e->n_remotes, e->vni, b, p);
                else
                    vxlan_uses_add(uses, &n, vx, vx->remotes, vx->n_remotes, e->vni, b, p);
            }
        }
    qsort(uses, n, sizeof *uses, vxlan_use_cmp);
    /* Sorted, a group of one remote on one socket ends with its "flow"
     * use, if any: a clash is two equal VNIs side by side, or a "flow" use
     * after a use of another port. */
    for (size_t i = 1; ok && i < n; i++) {
        const struct vxlan_use *a = &uses[i - 1], *c = &uses[i];

        if (!vxlan_use_same_remote(a, c) || (a->bridge == c->bridge && a->port == c->port))
            continue;
        if (a->vni != c->vni && c->vni != UINT32_MAX)
            continue;
        /* The later port in the document is the one refused. */
        if (a->bridge > c->bridge || (a->bridge == c->bridge && a->port > c->port)) {
            const struct vxlan_use *t = a;
            a = c;
            c = t;
        }
        path_set(ld, c->bridge, "ports", c->port, "vxlan");
        if (c->vni == UINT32_MAX || a->vni == UINT32_MAX)
            ok = fail(ld, "remote %s is also port %s's (same local address and UDP port, and"
                      " \"key\": \"flow\" carries every VNI): its frames would reach one port"
                      " and the other's floods would come back",
                      ipv4_text(c->remote, text), cfg->bridges[a->bridge].ports[a->port].name);
        else
            ok = fail(ld, "remote %s in VNI %u is also port %s's (same local address and UDP"
                      " port): its frames would reach one port and the other's floods would"
                      " come back", ipv4_text(c->remote, text), (unsigned) c->vni,
                      cfg->bridges[a->bridge].ports[a->port].name);
    }
    free(uses);
    return ok;
}

/* Normal form
 * ===========
 * Runs once every check has passed, so a failed validation leaves the
 * config as it was (but for "out of memory" and "no free ofport"). */

/* Each port without an ofport gets the lowest number no port of its bridge
 * uses, in port order; the local port gets LOCAL. */
static bool
assign_ofports(struct loader *ld, struct config_bridge *br, size_t b)
{
    struct seen_set seen;
    unsigned next = 1;

    if (!seen_init(&seen, br->n_ports))
        return fail(ld, "out of memory");
    for (size_t p = 0; p < br->n_ports; p++) {
        struct seen_key key = key_of_number(br->ports[p].ofport);

        if (br->ports[p].ofport)
            seen_add(&seen, &key, b, p);
    }
    for (size_t p = 0; p < br->n_ports; p++) {
        struct seen_key key;

        if (!br->ports[p].ofport && !strcmp(br->ports[p].name, br->name))
            br->ports[p].ofport = CONFIG_OFPORT_LOCAL;
        if (br->ports[p].ofport)
            continue;
        while (key = key_of_number(next), seen_find(&seen, &key))
            next++;
        if (next > OFPORT_MAX) {
            seen_destroy(&seen);
            path_set(ld, b, "ports", p, NULL);
            return fail(ld, "no free ofport (a bridge has at most %d ports)", OFPORT_MAX);
        }
        br->ports[p].ofport = next;
        seen_add(&seen, &key, b, p);
    }
    seen_destroy(&seen);
    return true;
}

static int
compare_vlan_ids(const void *a_, const void *b_)
{
    const struct config_vlan *a = a_, *b = b_;

    return (a->id > b->id) - (a->id < b->id);
}

/* The VLAN database rules, as in IOS: every VLAN has a name ("VLAN0010"
 * for those nobody named), VLAN 1 "default" always exists, and VLANs are
 * listed by id.  The ids are unique by now (check_vlan_ids()). */
static bool
normalize_vlans(struct loader *ld, struct config_bridge *br, size_t b)
{
    bool have_vlan_1 = false;

    for (size_t i = 0; i < br->n_vlans; i++) {
        struct config_vlan *vlan = &br->vlans[i];

        if (!vlan->name[0])
            snprintf(vlan->name, sizeof vlan->name, vlan->id == 1 ? "default" : "VLAN%04u",
                     (unsigned) vlan->id);
        have_vlan_1 |= vlan->id == 1;
    }
    if (!have_vlan_1) {
        struct config_vlan *vlans = realloc(br->vlans, (br->n_vlans + 1) * sizeof *vlans);

        if (!vlans) {
            path_set(ld, b, NULL, 0, "vlans");
            return fail(ld, "out of memory");
        }
        br->vlans = vlans;
        br->vlans[br->n_vlans++] = (struct config_vlan) { .id = 1, .name = "default" };
    }
    qsort(br->vlans, br->n_vlans, sizeof *br->vlans, compare_vlan_ids);
    return true;
}

static int
compare_vni_vlans(const void *a_, const void *b_)
{
    const struct config_vxlan_vni *a = a_, *b = b_;

    return (a->vlan > b->vlan) - (a->vlan < b->vlan);
}

/* The normal form of vxlan ports (config.h): a "vxlan" object on each, its
 * "vnis" sorted by VLAN, and a port with "vnis" a trunk of exactly the
 * mapped VLANs with no native VLAN (frames travel untagged in their VNI;
 * the back end tags them on the way in). */
static bool
normalize_vxlan_ports(struct loader *ld, struct config_bridge *br, size_t b)
{
    for (size_t p = 0; p < br->n_ports; p++) {
        struct config_port *port = &br->ports[p];
        struct config_vxlan *vx;

        if (port->type != PORT_TYPE_VXLAN)
            continue;
        if (!port->vxlan && !(port->vxlan = config_vxlan_new())) {
            path_set(ld, b, "ports", p, "vxlan");
            return fail(ld, "out of memory");
        }
        vx = port->vxlan;
        if (!vx->n_vnis)
            continue;
        qsort(vx->vnis, vx->n_vnis, sizeof *vx->vnis, compare_vni_vlans);
        port->vlan.mode = VLAN_MODE_TRUNK;
        port->vlan.native_vid = 0;
        port->vlan.native_tagged = false;
        vlan_set_clear(&port->vlan.allowed);
        for (size_t i = 0; i < vx->n_vnis; i++)
            vlan_set_add(&port->vlan.allowed, vx->vnis[i].vlan);
    }
    return true;
}

/* The global bounds of config.h: the number of bridges, and the MAC
 * entries of all of them together (each bridge's table grows to its size
 * as hosts are learnt, so the sum is what a MAC flood on every bridge may
 * cost). */
static bool
check_limits(struct loader *ld, const struct switch_config *cfg)
{
    uint64_t total = 0;

    if (cfg->n_bridges > CONFIG_BRIDGES_MAX) {
        ld->depth = 0;
        path_push_key(ld, "bridges");
        return fail(ld, "too many bridges (%zu, at most %d)", cfg->n_bridges,
                    CONFIG_BRIDGES_MAX);
    }
    for (size_t b = 0; b < cfg->n_bridges; b++) {
        total += cfg->bridges[b].mac_table_size;
        if (total > CONFIG_MAC_TABLE_TOTAL_MAX) {
            path_set(ld, b, NULL, 0, "mac_table_size");
            return fail(ld, "the MAC tables of bridges[0] to bridges[%zu] hold %llu entries"
                        " together (at most %d for all bridges)", b,
                        (unsigned long long) total, CONFIG_MAC_TABLE_TOTAL_MAX);
        }
    }
    return true;
}

/* Every check across the switch, then the normal form. */
static bool
check_config(struct loader *ld, struct switch_config *cfg)
{
    struct seen_set names, ports;
    bool ok;

    if (!check_limits(ld, cfg))
        return false;

    if (!seen_init(&names, cfg->n_users > cfg->n_bridges ? cfg->n_users : cfg->n_bridges))
        return fail(ld, "out of memory");
    ok = check_user_names(ld, cfg, &names) && check_telnet_exposure(ld, cfg);
    if (ok) {
        memset(names.slots, 0, names.n_slots * sizeof *names.slots);
        ok = check_bridge_names(ld, cfg, &names);
    }
    seen_destroy(&names);
    if (!ok)
        return false;

    if (!seen_init(&ports, count_ports(cfg)))
        return fail(ld, "out of memory");
    ok = check_port_names(ld, cfg, &ports);
    for (size_t b = 0; ok && b < cfg->n_bridges; b++)
        ok = check_bridge(ld, cfg, b, &ports) && check_bridge_vxlan(ld, &cfg->bridges[b], b);
    for (size_t b = 0; ok && b < cfg->n_bridges; b++)
        for (size_t p = 0; ok && p < cfg->bridges[b].n_ports; p++)
            if (cfg->bridges[b].ports[p].type == PORT_TYPE_PATCH)
                ok = check_patch_peer(ld, cfg, b, p, &ports);
    for (size_t b = 0; ok && b < cfg->n_bridges; b++)
        ok = check_bond_members(ld, cfg, b, &ports);
    ok = ok && check_monitor_sessions(ld, cfg, &ports) && check_vxlan_remotes_unique(ld, cfg);
    seen_destroy(&ports);

    for (size_t b = 0; ok && b < cfg->n_bridges; b++)
        ok = assign_ofports(ld, &cfg->bridges[b], b) && normalize_vlans(ld, &cfg->bridges[b], b)
             && normalize_vxlan_ports(ld, &cfg->bridges[b], b);
    return ok;
}

/* Configurations built in memory
 * ==============================
 * config_validate() walks the struct in the order of the JSON document and
 * hands each value to the check the loader applies to it, with the path
 * the value would have in the document; then check_config() runs as for a
 * file.  What only a struct can get wrong (a string that fills its array, a
 * port type out of the enum, a count without an array) is checked here. */

/* Runs the check 'expr' with 'key' on the path; pops it when it passed
 * (on failure the message is written and nothing else runs). */
#define AT_KEY(ld, key, expr) (path_push_key(ld, key), (expr) && (path_pop(ld), true))

static bool
check_terminated(struct loader *ld, const char *buf, size_t size)
{
    return memchr(buf, '\0', size)
           || fail(ld, "not a NUL-terminated string (at most %zu bytes)", size - 1);
}

/* 'buf' must be an array, not a pointer. */
#define STRING_OK(ld, buf) check_terminated(ld, buf, sizeof (buf))

/* Validates the 'n' elements of 'size' bytes at 'items' under 'key'. */
static bool
validate_elements(struct loader *ld, const char *key, const void *items, size_t n,
                  size_t size, bool (*validate)(struct loader *, const void *item))
{
    path_push_key(ld, key);
    if (n && !items)
        return fail(ld, "%zu elements but no array", n);
    for (size_t i = 0; i < n; i++) {
        path_push_index(ld, i);
        if (!validate(ld, (const char *) items + i * size))
            return false;
        path_pop(ld);
    }
    path_pop(ld);
    return true;
}

/* What a "vxlan" object needs beyond its values one by one (the loader
 * after parsing it, config_validate() on one in memory): the local address
 * one way only, the remote lists, each VNI and VLAN of "vnis" once. */
static bool
check_vxlan(struct loader *ld, const struct config_vxlan *vx)
{
    if (vx->local_ip && vx->source_interface[0]) {
        path_push_key(ld, "source_interface");
        return fail(ld, "source_interface given with local_ip (the local address is one or"
                    " the other)");
    }
    if (vx->local_ip && !AT_KEY(ld, "local_ip", check_ipv4_unicast(ld, vx->local_ip)))
        return false;
    if (vx->source_interface[0]
        && !AT_KEY(ld, "source_interface",
                   STRING_OK(ld, vx->source_interface)
                   && check_name(ld, vx->source_interface, "interface name")))
        return false;
    if (!AT_KEY(ld, "udp_port", check_udp_port(ld, vx->udp_port))
        || !AT_KEY(ld, "ttl", check_ttl(ld, vx->ttl))
        || !AT_KEY(ld, "remote_ips", check_remotes(ld, vx->remotes, vx->n_remotes, vx->local_ip)))
        return false;
    if (!vx->n_vnis && vx->key != CONFIG_VXLAN_KEY_FLOW
        && !AT_KEY(ld, "key", check_vni(ld, vx->key)))
        return false;
    if (vx->n_vnis && !vx->vnis) {
        path_push_key(ld, "vnis");
        return fail(ld, "%u elements but no array", (unsigned) vx->n_vnis);
    }
    for (size_t i = 0; i < vx->n_vnis; i++) {
        const struct config_vxlan_vni *e = &vx->vnis[i];

        path_push_key(ld, "vnis");
        path_push_index(ld, i);
        if (!AT_KEY(ld, "vni", check_vni(ld, e->vni)) || !AT_KEY(ld, "vlan", check_vid(ld, e->vlan))
            || !AT_KEY(ld, "remote_ips", check_remotes(ld, e->remotes, e->n_remotes, vx->local_ip)))
            return false;
        for (size_t j = 0; j < i; j++) {
            if (vx->vnis[j].vni == e->vni) {
                path_push_key(ld, "vni");
                return fail(ld, "duplicate VNI %u (first at vnis[%zu])", (unsigned) e->vni, j);
            }
            if (vx->vnis[j].vlan == e->vlan) {
                path_push_key(ld, "vlan");
                return fail(ld, "VLAN %u is mapped twice (first at vnis[%zu]; a VLAN travels"
                            " in one VNI)", (unsigned) e->vlan, j);
            }
        }
        path_pop(ld);
        path_pop(ld);
    }
    return true;
}

/* A bond's own settings; other ports' are ignored (config.h). */
static bool
validate_bond_settings(struct loader *ld, const struct config_port *port)
{
    const struct config_bond *bond = &port->bond_cfg;

    return port->type != PORT_TYPE_BOND
           || (AT_KEY(ld, "bond_mode", (unsigned) bond->mode < ARRAY_SIZE(bond_mode_words)
                                       || fail(ld, "unknown bond mode %d (expected "
                                               BOND_MODES_EXPECTED ")", (int) bond->mode))
               && AT_KEY(ld, "lacp", (unsigned) bond->lacp < ARRAY_SIZE(lacp_words)
                                     || fail(ld, "unknown LACP mode %d (expected "
                                             LACP_EXPECTED ")", (int) bond->lacp)));
}

static bool
validate_psec(struct loader *ld, const struct config_psec *psec)
{
    return AT_KEY(ld, "maximum", check_psec_maximum(ld, config_psec_maximum(psec)))
           && AT_KEY(ld, "violation",
                     (unsigned) psec->violation < ARRAY_SIZE(psec_violation_words)
                     || fail(ld, "unknown violation mode %d (expected "
                             PSEC_VIOLATIONS_EXPECTED ")", (int) psec->violation))
           && AT_KEY(ld, "aging_time_min", check_psec_aging(ld, psec->aging_min));
}

static bool
check_stp_tristate(struct loader *ld, enum config_stp_tristate t)
{
    return (unsigned) t <= CONFIG_STP_DISABLE
           || fail(ld, "unknown setting %d (expected true, false or absent)", (int) t);
}

static bool
validate_port_stp(struct loader *ld, const struct config_port_stp *stp)
{
    return AT_KEY(ld, "spanning_tree_portfast", check_stp_tristate(ld, stp->portfast))
           && AT_KEY(ld, "spanning_tree_bpduguard", check_stp_tristate(ld, stp->bpduguard))
           && AT_KEY(ld, "spanning_tree_bpdufilter", check_stp_tristate(ld, stp->bpdufilter))
           && AT_KEY(ld, "spanning_tree_cost", !stp->cost || check_stp_cost(ld, stp->cost))
           && AT_KEY(ld, "spanning_tree_port_priority",
                     !stp->priority_set || check_stp_port_priority(ld, stp->priority))
           && AT_KEY(ld, "spanning_tree_link_type",
                     (unsigned) stp->link_type < ARRAY_SIZE(stp_link_type_words)
                     || fail(ld, "unknown link type %d (expected " STP_LINK_TYPES_EXPECTED ")",
                             (int) stp->link_type));
}

static bool
validate_stp(struct loader *ld, const struct config_stp *stp)
{
    return AT_KEY(ld, "priority", !stp->priority_set || check_stp_priority(ld, stp->priority))
           && AT_KEY(ld, "hello_time_s", !stp->hello_s || check_stp_hello(ld, stp->hello_s))
           && AT_KEY(ld, "max_age_s", !stp->max_age_s || check_stp_max_age(ld, stp->max_age_s))
           && AT_KEY(ld, "forward_delay_s",
                     !stp->forward_delay_s || check_stp_forward_delay(ld, stp->forward_delay_s))
           && AT_KEY(ld, "tx_hold_count",
                     !stp->tx_hold_count || check_stp_tx_hold(ld, stp->tx_hold_count))
           && check_stp_timers(ld, stp);
}

static bool
validate_port(struct loader *ld, const void *item)
{
    const struct config_port *port = item;

    return AT_KEY(ld, "name", STRING_OK(ld, port->name) && check_name(ld, port->name, "port name"))
           && AT_KEY(ld, "type", (unsigned) port->type < ARRAY_SIZE(port_type_names)
                                 || fail(ld, "unknown port type %d (expected "
                                         PORT_TYPES_EXPECTED ")", (int) port->type))
           && AT_KEY(ld, "peer", STRING_OK(ld, port->peer)
                                 && (port->type != PORT_TYPE_PATCH
                                     || check_name(ld, port->peer, "peer port name")))
           && AT_KEY(ld, "ofport", check_ofport(ld, port->ofport))
           && AT_KEY(ld, "access_vlan", check_vid(ld, port->vlan.access_vid))
           && AT_KEY(ld, "native_vlan", !port->vlan.native_vid
                                        || check_vid(ld, port->vlan.native_vid))
           && AT_KEY(ld, "description", STRING_OK(ld, port->description)
                                        && check_description(ld, port->description))
           && AT_KEY(ld, "bond", STRING_OK(ld, port->bond)
                                 && (!port->bond[0]
                                     || check_name(ld, port->bond, "bond port name")))
           && validate_bond_settings(ld, port)
           && AT_KEY(ld, "mtu", !port->mtu || check_mtu(ld, port->mtu))
           && AT_KEY(ld, "speed", (unsigned) port->inert.speed < ARRAY_SIZE(speed_words)
                                  || fail(ld, "unknown speed %d (expected " SPEEDS_EXPECTED ")",
                                          (int) port->inert.speed))
           && AT_KEY(ld, "duplex", (unsigned) port->inert.duplex < ARRAY_SIZE(duplex_words)
                                   || fail(ld, "unknown duplex %d (expected " DUPLEXES_EXPECTED
                                           ")", (int) port->inert.duplex))
           && AT_KEY(ld, "port_security", validate_psec(ld, &port->psec))
           && AT_KEY(ld, "storm_control", check_storm(ld, &port->storm))
           && validate_port_stp(ld, &port->stp)
           && check_port(ld, port)
           && (port->type != PORT_TYPE_VXLAN || !port->vxlan
               || AT_KEY(ld, "vxlan", check_vxlan(ld, port->vxlan)));
}

static bool
validate_vlan(struct loader *ld, const void *item)
{
    const struct config_vlan *vlan = item;

    return AT_KEY(ld, "id", check_vid(ld, vlan->id))
           && AT_KEY(ld, "name", STRING_OK(ld, vlan->name)
                                 && (!vlan->name[0]
                                     || check_word(ld, vlan->name, "VLAN name", true,
                                                   sizeof vlan->name)))
           && AT_KEY(ld, "vn_segment", vlan->vn_segment == CONFIG_VN_SEGMENT_NONE
                                       || check_vn_segment(ld, vlan->vn_segment))
           && check_vlan(ld, vlan);
}

static bool
validate_static_mac(struct loader *ld, const void *item)
{
    const struct config_static_mac *m = item;

    return AT_KEY(ld, "mac", check_static_mac_addr(ld, m->mac))
           && AT_KEY(ld, "vlan", check_vid(ld, m->vlan))
           && AT_KEY(ld, "port", STRING_OK(ld, m->port) && check_name(ld, m->port, "port name"));
}

/* A flow gets exactly what the loader does to one: flow_parse(). */
static bool
validate_secure_mac(struct loader *ld, const void *item)
{
    const struct config_secure_mac *m = item;

    return AT_KEY(ld, "mac", check_secure_mac_addr(ld, m->mac))
           && AT_KEY(ld, "vlan", check_vid(ld, m->vlan))
           && AT_KEY(ld, "port", STRING_OK(ld, m->port) && check_name(ld, m->port, "port name"));
}

static bool
validate_flow(struct loader *ld, const void *item)
{
    const char *flow = *(char *const *) item;
    char *copy = NULL;
    json_t *v;
    bool ok;

    if (!flow)
        return fail(ld, "expected a string, got null");
    v = json_stringn_nocheck(flow, strlen(flow));
    if (!v)
        return fail(ld, "out of memory");
    ok = flow_parse(ld, v, &copy);
    free(copy);
    json_decref(v);
    return ok;
}

static bool
validate_bridge(struct loader *ld, const void *item)
{
    const struct config_bridge *br = item;

    return AT_KEY(ld, "name", STRING_OK(ld, br->name) && check_name(ld, br->name, "bridge name"))
           && AT_KEY(ld, "mac_aging_s", check_mac_aging(ld, br->mac_aging_s))
           && AT_KEY(ld, "mac_table_size", check_mac_table_size(ld, br->mac_table_size))
           && validate_elements(ld, "vlans", br->vlans, br->n_vlans, sizeof *br->vlans,
                                validate_vlan)
           && validate_elements(ld, "ports", br->ports, br->n_ports, sizeof *br->ports,
                                validate_port)
           && validate_elements(ld, "static_macs", br->static_macs, br->n_static_macs,
                                sizeof *br->static_macs, validate_static_mac)
           && validate_elements(ld, "secure_macs", br->secure_macs, br->n_secure_macs,
                                sizeof *br->secure_macs, validate_secure_mac)
           && validate_elements(ld, "flows", br->flows, br->n_flows, sizeof *br->flows,
                                validate_flow)
           && AT_KEY(ld, "spanning_tree", validate_stp(ld, &br->stp));
}

static bool
validate_user_ssh_keys(struct loader *ld, const struct config_user *user)
{
    if (user->n_ssh_keys > CONFIG_SSH_KEYS_MAX)
        return AT_KEY(ld, "ssh_keys", fail(ld, "too many SSH keys (%u, at most %d)",
                                            user->n_ssh_keys, CONFIG_SSH_KEYS_MAX));
    for (unsigned i = 0; i < user->n_ssh_keys; i++) {
        bool ok;

        path_push_key(ld, "ssh_keys");
        path_push_index(ld, i);
        ok = STRING_OK(ld, user->ssh_keys[i]) && check_ssh_key(ld, user->ssh_keys[i]);
        if (!ok)
            return false;
        path_pop(ld);
        path_pop(ld);
    }
    return true;
}

static bool
validate_cli_ssh(struct loader *ld, const struct switch_config *cfg)
{
    return AT_KEY(ld, "ssh",
                  AT_KEY(ld, "listen", STRING_OK(ld, cfg->ssh.listen)
                                       && check_listen(ld, cfg->ssh.listen))
                  /* 0: the default (a configuration built in memory) */
                  && AT_KEY(ld, "timeout_s", !cfg->ssh.timeout_s
                                             || check_ssh_timeout(ld, cfg->ssh.timeout_s))
                  && AT_KEY(ld, "authentication_retries",
                            check_ssh_retries(ld, cfg->ssh.auth_retries))
                  && AT_KEY(ld, "rsa_modulus", !cfg->ssh.rsa_modulus
                                               || check_rsa_modulus(ld, cfg->ssh.rsa_modulus)))
           && AT_KEY(ld, "vty",
                     AT_KEY(ld, "transport_input",
                            (unsigned) cfg->transport_input <= CONFIG_TRANSPORT_NONE
                            || fail(ld, "unknown transport %d", (int) cfg->transport_input)));
}

static bool
validate_user(struct loader *ld, const void *item)
{
    const struct config_user *user = item;

    return AT_KEY(ld, "name", STRING_OK(ld, user->name)
                              && check_word(ld, user->name, "user name", true, sizeof user->name))
           && AT_KEY(ld, "secret", STRING_OK(ld, user->secret)
                                   && (!user->secret[0]
                                       || check_secret(ld, user->secret, "secret",
                                                       sizeof user->secret)))
           && validate_user_ssh_keys(ld, user)
           && (user->n_ssh_keys
               || AT_KEY(ld, "secret", check_secret(ld, user->secret, "secret",
                                                    sizeof user->secret)));
}

static bool
validate_cli(struct loader *ld, const struct switch_config *cfg)
{
    return validate_cli_ssh(ld, cfg)
           && AT_KEY(ld, "telnet",
                  AT_KEY(ld, "listen", STRING_OK(ld, cfg->telnet_listen)
                                       && check_listen(ld, cfg->telnet_listen))
                  && AT_KEY(ld, "idle_timeout_s",
                            check_idle_timeout(ld, cfg->telnet_idle_timeout_s))
                  && AT_KEY(ld, "login_timeout_s",
                            check_login_timeout(ld, cfg->telnet_login_timeout_s)))
           && AT_KEY(ld, "login",
                     AT_KEY(ld, "block_for_s", check_block_for(ld, cfg->login_block.block_for_s))
                     && AT_KEY(ld, "attempts", check_attempts(ld, cfg->login_block.attempts))
                     && AT_KEY(ld, "within_s", check_within(ld, cfg->login_block.within_s)))
           && AT_KEY(ld, "console",
                     AT_KEY(ld, "idle_timeout_s",
                            check_idle_timeout(ld, cfg->console_idle_timeout_s)))
           && validate_elements(ld, "users", cfg->users, cfg->n_users, sizeof *cfg->users,
                                validate_user)
           && AT_KEY(ld, "enable_secret", STRING_OK(ld, cfg->enable_secret)
                                          && check_enable_secret(ld, cfg->enable_secret));
}

static bool
validate_span_source(struct loader *ld, const void *item)
{
    const struct config_span_source *src = item;

    return AT_KEY(ld, "interface", STRING_OK(ld, src->port)
                                   && check_name(ld, src->port, "port name"))
           && AT_KEY(ld, "direction", (unsigned) src->dir < ARRAY_SIZE(span_dir_words)
                                      || fail(ld, "unknown direction %d (expected "
                                              SPAN_DIRS_EXPECTED ")", (int) src->dir));
}

static bool
validate_monitor_session(struct loader *ld, const void *item)
{
    const struct config_monitor_session *s = item;

    return AT_KEY(ld, "session", check_span_session_id(ld, s->id))
           && AT_KEY(ld, "sources", s->n_sources <= CONFIG_SPAN_SOURCES_MAX
                                    || fail(ld, "too many source ports (%zu, at most %d)",
                                            s->n_sources, CONFIG_SPAN_SOURCES_MAX))
           && validate_elements(ld, "sources", s->sources, s->n_sources, sizeof *s->sources,
                                validate_span_source)
           && AT_KEY(ld, "destination", STRING_OK(ld, s->destination)
                                        && (!s->destination[0]
                                            || check_name(ld, s->destination, "port name")));
}

static bool
validate_root(struct loader *ld, const struct switch_config *cfg)
{
    return AT_KEY(ld, "hostname", STRING_OK(ld, cfg->hostname)
                                  && check_hostname(ld, cfg->hostname))
           && AT_KEY(ld, "lacp_system_priority",
                     check_lacp_system_priority(ld, cfg->lacp_system_priority))
           && AT_KEY(ld, "port_channel_load_balance",
                     (unsigned) cfg->port_channel_load_balance < ARRAY_SIZE(load_balance_words)
                     || fail(ld, "unknown load-balance method %d (expected "
                             LOAD_BALANCE_EXPECTED ")", (int) cfg->port_channel_load_balance))
           && AT_KEY(ld, "spanning_tree_mode",
                     (unsigned) cfg->inert.stp_mode < ARRAY_SIZE(stp_mode_words)
                     || fail(ld, "unknown spanning tree mode %d (expected " STP_MODES_EXPECTED
                             ")", (int) cfg->inert.stp_mode))
           && AT_KEY(ld, "banner_motd", STRING_OK(ld, cfg->banner_motd)
                                     && check_banner(ld, cfg->banner_motd))
           && AT_KEY(ld, "cli", validate_cli(ld, cfg))
           && AT_KEY(ld, "errdisable_recovery",
                     AT_KEY(ld, "causes", cfg->errdisable.causes < 1u << CONFIG_ERR_N_CAUSES
                                          || fail(ld, "unknown errdisable cause in mask %#x",
                                                  (unsigned) cfg->errdisable.causes))
                     && AT_KEY(ld, "interval_s",
                               check_err_interval(ld, config_errdisable_interval(&cfg->errdisable))))
           && AT_KEY(ld, "logging",
                     AT_KEY(ld, "buffered_size",
                            check_log_buffer_size(ld, cfg->logging.buffered_size))
                     && AT_KEY(ld, "buffered_level",
                               check_log_level(ld, cfg->logging.buffered_level))
                     && AT_KEY(ld, "monitor_level",
                               check_log_level(ld, cfg->logging.monitor_level)))
           && AT_KEY(ld, "lldp",
                     AT_KEY(ld, "timer_s", check_lldp_timer(ld, cfg->lldp.timer_s))
                     && AT_KEY(ld, "holdtime_s", check_lldp_holdtime(ld, cfg->lldp.holdtime_s))
                     && AT_KEY(ld, "reinit_s", check_lldp_reinit(ld, cfg->lldp.reinit_s)))
           && validate_elements(ld, "bridges", cfg->bridges, cfg->n_bridges,
                                sizeof *cfg->bridges, validate_bridge)
           && validate_elements(ld, "monitor_sessions", cfg->monitor_sessions,
                                cfg->n_monitor_sessions, sizeof *cfg->monitor_sessions,
                                validate_monitor_session);
}

bool
config_validate(struct switch_config *cfg, char *err, size_t err_size)
{
    struct loader ld = { .err = err, .err_size = err_size };

    if (err_size > 0)
        err[0] = '\0';
    /* A configuration built in memory that never set "logging" (all zero:
     * no buffer size) has the loader's defaults. */
    if (!cfg->logging.buffered_size && !cfg->logging.buffered && !cfg->logging.monitor
        && !cfg->logging.buffered_level && !cfg->logging.monitor_level)
        cfg->logging = (struct config_logging) {
            true, CONFIG_LOG_BUFFER_DEFAULT, CONFIG_LOG_LEVEL_DEBUGGING,
            true, CONFIG_LOG_LEVEL_DEBUGGING,
        };
    /* ... nor "lldp"'s timers (no timer, no reinit delay). */
    if (!cfg->lldp.timer_s && !cfg->lldp.reinit_s && !cfg->lldp.holdtime_s)
        cfg->lldp = (struct config_lldp) {
            cfg->lldp.run, CONFIG_LLDP_TIMER_DEFAULT, CONFIG_LLDP_HOLDTIME_DEFAULT,
            CONFIG_LLDP_REINIT_DEFAULT,
        };
    return validate_root(&ld, cfg) && check_config(&ld, cfg);
}

/* Entry points. */

static struct switch_config *
config_create_default(void)
{
    struct switch_config *cfg = calloc(1, sizeof *cfg);

    if (cfg) {
        strcpy(cfg->hostname, "switch");
        strcpy(cfg->telnet_listen, "127.0.0.1:2323");
        cfg->telnet_idle_timeout_s = CONFIG_TELNET_IDLE_DEFAULT_S;
        cfg->telnet_login_timeout_s = CONFIG_TELNET_LOGIN_TIMEOUT_DEFAULT_S;
        cfg->transport_input = CONFIG_TRANSPORT_ALL;
        cfg->ssh = (struct config_ssh) {
            .listen = CONFIG_SSH_LISTEN_DEFAULT, .timeout_s = CONFIG_SSH_TIMEOUT_DEFAULT_S,
            .auth_retries = CONFIG_SSH_RETRIES_DEFAULT,
            .rsa_modulus = CONFIG_SSH_RSA_MODULUS_DEFAULT,
        };
        cfg->login_block = (struct config_login_block) {
            CONFIG_LOGIN_BLOCK_FOR_DEFAULT_S, CONFIG_LOGIN_ATTEMPTS_DEFAULT,
            CONFIG_LOGIN_WITHIN_DEFAULT_S,
        };
        cfg->console_idle_timeout_s = CONFIG_CONSOLE_IDLE_DEFAULT_S;
        cfg->lacp_system_priority = CONFIG_LACP_SYSTEM_PRIORITY_DEFAULT;
        cfg->port_channel_load_balance = BOND_HASH_SRC_MAC;
        cfg->logging = (struct config_logging) {
            true, CONFIG_LOG_BUFFER_DEFAULT, CONFIG_LOG_LEVEL_DEBUGGING,
            true, CONFIG_LOG_LEVEL_DEBUGGING,
        };
        cfg->lldp = (struct config_lldp) {
            false, CONFIG_LLDP_TIMER_DEFAULT, CONFIG_LLDP_HOLDTIME_DEFAULT,
            CONFIG_LLDP_REINIT_DEFAULT,
        };
    }
    return cfg;
}

/* Parses the 'len' bytes at 'text' (which need not end in a NUL for
 * jansson, but must for json_locate(): 'text[len]' is read by nobody). */
static struct switch_config *
config_parse_buffer(const char *text, size_t len, const char *source, char *err,
                    size_t err_size)
{
    struct loader ld = { .text = text, .len = len, .source = source,
                         .err = err, .err_size = err_size };
    struct switch_config *cfg;
    json_error_t jerr;
    json_t *root;

    if (err_size > 0)
        err[0] = '\0';
    root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        /* jansson says column 0 for an empty file; nobody counts from 0. */
        snprintf(err, err_size, "%s:%d:%d: syntax error: %s", source,
                 jerr.line > 0 ? jerr.line : 1, jerr.column > 0 ? jerr.column : 1, jerr.text);
        return NULL;
    }
    cfg = config_create_default();
    if (!cfg) {
        snprintf(err, err_size, "%s: out of memory", source);
    } else if (!root_parse(&ld, root, cfg) || !check_config(&ld, cfg)) {
        config_free(cfg);
        cfg = NULL;
    }
    json_decref(root);
    return cfg;
}

struct switch_config *
config_parse_string(const char *text, const char *source, char *err, size_t err_size)
{
    return config_parse_buffer(text, strlen(text), source, err, err_size);
}

/* Reads the whole file at 'path' into a NUL-terminated buffer.  Only a
 * regular file: opening a FIFO would wait for a writer (the caller is a
 * session that shutdown joins, or the loop thread on SIGHUP), and a device
 * is no configuration. */
static char *
read_file(const char *path, size_t *len, char *err, size_t err_size)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    FILE *file = NULL;
    size_t size = 4096;
    char *buf = NULL;
    struct stat st;

    *len = 0;
    if (fd < 0 || fstat(fd, &st) < 0)
        goto err_errno;
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, err_size, "%s: %s", path,
                 S_ISDIR(st.st_mode) ? strerror(EISDIR) : "not a regular file");
        close(fd);
        return NULL;
    }
    if (!(file = fdopen(fd, "r")))
        goto err_errno;
    fd = -1;
    for (;;) {
        char *bigger = realloc(buf, size + 1);

        if (!bigger) {
            snprintf(err, err_size, "%s: out of memory", path);
            goto err_free_buf;
        }
        buf = bigger;
        *len += fread(buf + *len, 1, size - *len, file);
        if (ferror(file))
            goto err_errno;
        if (feof(file))
            break;
        if (size >= CONFIG_FILE_MAX) {
            snprintf(err, err_size, "%s: file too large (more than %d bytes)", path,
                     CONFIG_FILE_MAX);
            goto err_free_buf;
        }
        size *= 2;
    }
    fclose(file);
    buf[*len] = '\0';
    return buf;

err_errno:
    snprintf(err, err_size, "%s: %s", path, strerror(errno));
err_free_buf:
    free(buf);
    if (file)
        fclose(file);
    if (fd >= 0)
        close(fd);
    return NULL;
}

struct switch_config *
config_load_file(const char *path, char *err, size_t err_size)
{
    struct switch_config *cfg;
    size_t len;
    char *text = read_file(path, &len, err, err_size);

    if (!text)
        return NULL;
    cfg = config_parse_buffer(text, len, path, err, err_size);
    free(text);
    return cfg;
}

static void
bridge_uninit(struct config_bridge *br)
{
    free(br->vlans);
    for (size_t i = 0; i < br->n_ports; i++)
        config_vxlan_free(br->ports[i].vxlan);
    free(br->ports);
    free(br->static_macs);
    free(br->secure_macs);
    for (size_t i = 0; i < br->n_flows; i++)
        free(br->flows[i]);
    free(br->flows);
}

void
config_free(struct switch_config *cfg)
{
    if (!cfg)
        return;
    for (size_t b = 0; b < cfg->n_bridges; b++)
        bridge_uninit(&cfg->bridges[b]);
    free(cfg->bridges);
    free(cfg->users);
    free(cfg->monitor_sessions);
    free(cfg);
}
