/* JSON export of a configuration, and its atomic save (config.h).
 *
 * The document is built as a jansson tree and dumped with JSON_SORT_KEYS |
 * JSON_INDENT(2), so the text is a function of the config alone: equal
 * configs give equal text, which makes saved files diff well and lets the
 * tests compare exports as strings.  Every key is written, defaults too,
 * so a reader never has to know a default to understand a file.
 *
 * Building the tree allocates a lot; instead of checking every call, the
 * builders lean on jansson's set_new/append_new taking (and, on failure,
 * freeing) the value even when it is NULL, and 'struct export' remembers
 * that something failed. */

#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bond.h"
#include "frame.h"

struct export {
    bool ok;                        /* false once anything failed */
    int error;                      /* then: ENOMEM, or EILSEQ for bad UTF-8 */
};

/* Stores 'value' (may be NULL: an allocation failed) as 'key' of 'obj'. */
static void
set(struct export *ex, json_t *obj, const char *key, json_t *value)
{
    if (json_object_set_new(obj, key, value) && ex->ok) {
        ex->ok = false;
        ex->error = ENOMEM;
    }
}

static void
append(struct export *ex, json_t *array, json_t *value)
{
    if (json_array_append_new(array, value) && ex->ok) {
        ex->ok = false;
        ex->error = ENOMEM;
    }
}

/* jansson refuses strings that are not UTF-8; say so rather than "out of
 * memory". */
static json_t *
string(struct export *ex, const char *s)
{
    json_t *v = json_string(s);

    if (!v && ex->ok) {
        json_t *probe = json_string_nocheck(s);     /* was memory the cause? */

        ex->ok = false;
        ex->error = probe ? EILSEQ : ENOMEM;
        json_decref(probe);
    }
    return v;
}

static json_t *
integer(long long n)
{
    return json_integer(n);
}

/* "storm_control": the classes with a level, and the actions set. */
static json_t *
storm_to_json(struct export *ex, const struct config_storm *storm)
{
    json_t *obj = json_object();

    for (unsigned c = 0; c < STORM_N_CLASSES; c++) {
        const struct storm_level *l = &storm->levels.level[c];
        json_t *level;

        if (!l->on)
            continue;
        level = json_object();
        set(ex, level, "rising_pps", integer(l->rising_pps));
        set(ex, level, "falling_pps", integer(l->falling_pps));
        set(ex, obj, storm_class_name(c), level);
    }
    if (storm->action_shutdown)
        set(ex, obj, "action_shutdown", json_true());
    if (storm->action_trap)
        set(ex, obj, "action_trap", json_true());
    return obj;
}

/* "port_security": written when anything differs from IOS's defaults. */
static json_t *
psec_to_json(struct export *ex, const struct config_psec *p)
{
    json_t *obj = json_object();

    set(ex, obj, "enabled", json_boolean(p->enabled));
    set(ex, obj, "maximum", integer(config_psec_maximum(p)));
    set(ex, obj, "violation", string(ex, psec_violation_name(p->violation)));
    set(ex, obj, "mac_address_sticky", json_boolean(p->sticky));
    set(ex, obj, "aging_time_min", integer(p->aging_min));
    set(ex, obj, "aging_type", string(ex, p->aging_inactivity ? "inactivity" : "absolute"));
    return obj;
}

/* "remote_ips": addresses as text. */
static json_t *
remotes_to_json(struct export *ex, const uint32_t *remotes, size_t n)
{
    json_t *array = json_array();

    for (size_t i = 0; i < n; i++) {
        char text[INET_ADDRSTRLEN];

        append(ex, array, string(ex, inet_ntop(AF_INET, &remotes[i], text, sizeof text)));
    }
    return array;
}

/* "vxlan" of a vxlan port: the keys that are not the default (config.h;
 * "key" only without "vnis", whose port ignores it). */
static json_t *
vxlan_to_json(struct export *ex, const struct config_vxlan *vx)
{
    json_t *obj = json_object();
    char text[INET_ADDRSTRLEN];

    if (vx->local_ip)
        set(ex, obj, "local_ip", string(ex, inet_ntop(AF_INET, &vx->local_ip, text, sizeof text)));
    if (vx->source_interface[0])
        set(ex, obj, "source_interface", string(ex, vx->source_interface));
    if (vx->udp_port != CONFIG_VXLAN_UDP_PORT_DEFAULT)
        set(ex, obj, "udp_port", integer(vx->udp_port));
    if (vx->n_remotes)
        set(ex, obj, "remote_ips", remotes_to_json(ex, vx->remotes, vx->n_remotes));
    if (!vx->n_vnis && vx->key == CONFIG_VXLAN_KEY_FLOW)
        set(ex, obj, "key", string(ex, "flow"));
    else if (!vx->n_vnis && vx->key)
        set(ex, obj, "key", integer(vx->key));
    if (vx->n_vnis) {
        json_t *vnis = json_array();

        for (size_t i = 0; i < vx->n_vnis; i++) {
            const struct config_vxlan_vni *e = &vx->vnis[i];
            json_t *entry = json_object();

            set(ex, entry, "vni", integer(e->vni));
            set(ex, entry, "vlan", integer(e->vlan));
            if (e->n_remotes)
                set(ex, entry, "remote_ips", remotes_to_json(ex, e->remotes, e->n_remotes));
            append(ex, vnis, entry);
        }
        set(ex, obj, "vnis", vnis);
    }
    if (vx->tos)
        set(ex, obj, "tos", integer(vx->tos));
    if (vx->ttl != CONFIG_VXLAN_TTL_DEFAULT)
        set(ex, obj, "ttl", integer(vx->ttl));
    if (!vx->df)
        set(ex, obj, "df_default", json_false());
    return obj;
}

static json_t *
port_to_json(struct export *ex, const struct config_port *port)
{
    const struct vlan_port *vlan = &port->vlan;
    json_t *obj = json_object();
    char allowed[VLAN_SET_STR_MAX];
    bool vnis_port = port->type == PORT_TYPE_VXLAN && port->vxlan && port->vxlan->n_vnis;

    vlan_set_format(&vlan->allowed, allowed, sizeof allowed);
    set(ex, obj, "name", string(ex, port->name));
    set(ex, obj, "type", string(ex, port_type_name(port->type)));
    if (port->type == PORT_TYPE_PATCH)  /* the loader refuses "peer" elsewhere */
        set(ex, obj, "peer", string(ex, port->peer));
    set(ex, obj, "ofport", integer(port->ofport));
    set(ex, obj, "enabled", json_boolean(port->enabled));
    set(ex, obj, "description", string(ex, port->description));
    if (!vnis_port) {                   /* its map is its VLAN policy (config.h) */
        set(ex, obj, "mode", string(ex, vlan->mode == VLAN_MODE_ACCESS ? "access" : "trunk"));
        set(ex, obj, "access_vlan", integer(vlan->access_vid));
        set(ex, obj, "native_vlan", vlan->native_vid ? integer(vlan->native_vid) : json_null());
        set(ex, obj, "native_tagged", json_boolean(vlan->native_tagged));
        set(ex, obj, "allowed_vlans", string(ex, allowed));
    }
    if (port->bond[0])                  /* members only, as "peer" */
        set(ex, obj, "bond", string(ex, port->bond));
    if (port->type == PORT_TYPE_BOND) { /* the loader refuses these elsewhere */
        set(ex, obj, "bond_mode", string(ex, bond_mode_name(port->bond_cfg.mode)));
        set(ex, obj, "lacp", string(ex, config_lacp_name(port->bond_cfg.lacp)));
        set(ex, obj, "lacp_rate", string(ex, port->bond_cfg.lacp_fast ? "fast" : "slow"));
    }
    /* Written when set only (config.h). */
    if (port->mtu)
        set(ex, obj, "mtu", integer(port->mtu));
    if (port->inert.speed != CONFIG_SPEED_AUTO)
        set(ex, obj, "speed", string(ex, config_speed_name(port->inert.speed)));
    if (port->inert.duplex != CONFIG_DUPLEX_AUTO)
        set(ex, obj, "duplex", string(ex, config_duplex_name(port->inert.duplex)));
    if (port->inert.nonegotiate)
        set(ex, obj, "switchport_nonegotiate", json_true());
    if (port->inert.no_cdp)
        set(ex, obj, "cdp_enable", json_false());
    if (port->stp.portfast != CONFIG_STP_DEFAULT)
        set(ex, obj, "spanning_tree_portfast", json_boolean(port->stp.portfast == CONFIG_STP_ENABLE));
    if (port->stp.bpduguard != CONFIG_STP_DEFAULT)
        set(ex, obj, "spanning_tree_bpduguard",
            json_boolean(port->stp.bpduguard == CONFIG_STP_ENABLE));
    if (port->stp.bpdufilter != CONFIG_STP_DEFAULT)
        set(ex, obj, "spanning_tree_bpdufilter",
            json_boolean(port->stp.bpdufilter == CONFIG_STP_ENABLE));
    if (port->stp.cost)
        set(ex, obj, "spanning_tree_cost", integer(port->stp.cost));
    if (port->stp.priority_set)
        set(ex, obj, "spanning_tree_port_priority", integer(port->stp.priority));
    if (port->stp.link_type != CONFIG_STP_LINK_AUTO)
        set(ex, obj, "spanning_tree_link_type",
            string(ex, config_stp_link_type_name(port->stp.link_type)));
    if (port->psec.enabled || config_psec_maximum(&port->psec) != 1 || port->psec.violation
        || port->psec.sticky || port->psec.aging_min || port->psec.aging_inactivity)
        set(ex, obj, "port_security", psec_to_json(ex, &port->psec));
    if (!config_storm_is_default(&port->storm))
        set(ex, obj, "storm_control", storm_to_json(ex, &port->storm));
    if (port->lldp_no_transmit)
        set(ex, obj, "lldp_transmit", json_false());
    if (port->lldp_no_receive)
        set(ex, obj, "lldp_receive", json_false());
    if (port->type == PORT_TYPE_VXLAN && port->vxlan)
        set(ex, obj, "vxlan", vxlan_to_json(ex, port->vxlan));
    return obj;
}

/* "spanning_tree": written when not the default (a bridge without it runs
 * none), with the values that were set (0 is "not set", config.h). */
static json_t *
stp_to_json(struct export *ex, const struct config_stp *stp)
{
    json_t *obj = json_object();

    set(ex, obj, "enabled", json_boolean(stp->enabled));
    if (stp->priority_set)
        set(ex, obj, "priority", integer(stp->priority));
    if (stp->hello_s)
        set(ex, obj, "hello_time_s", integer(stp->hello_s));
    if (stp->max_age_s)
        set(ex, obj, "max_age_s", integer(stp->max_age_s));
    if (stp->forward_delay_s)
        set(ex, obj, "forward_delay_s", integer(stp->forward_delay_s));
    if (stp->tx_hold_count)
        set(ex, obj, "tx_hold_count", integer(stp->tx_hold_count));
    if (stp->force_stp)
        set(ex, obj, "protocol", string(ex, "stp"));
    if (stp->portfast_default)
        set(ex, obj, "portfast_default", json_true());
    if (stp->bpduguard_default)
        set(ex, obj, "bpduguard_default", json_true());
    return obj;
}

static json_t *
bridge_to_json(struct export *ex, const struct config_bridge *br)
{
    json_t *obj = json_object();
    json_t *vlans = json_array(), *ports = json_array();
    json_t *static_macs = json_array(), *flows = json_array();

    set(ex, obj, "name", string(ex, br->name));
    set(ex, obj, "mac_aging_s", integer(br->mac_aging_s));
    set(ex, obj, "mac_table_size", integer(br->mac_table_size));
    for (size_t i = 0; i < br->n_vlans; i++) {
        json_t *vlan = json_object();

        set(ex, vlan, "id", integer(br->vlans[i].id));
        set(ex, vlan, "name", string(ex, br->vlans[i].name));
        if (br->vlans[i].vn_segment != CONFIG_VN_SEGMENT_NONE)
            set(ex, vlan, "vn_segment", integer(br->vlans[i].vn_segment));
        append(ex, vlans, vlan);
    }
    for (size_t i = 0; i < br->n_ports; i++)
        append(ex, ports, port_to_json(ex, &br->ports[i]));
    for (size_t i = 0; i < br->n_static_macs; i++) {
        const struct config_static_mac *m = &br->static_macs[i];
        char mac[ETH_ADDR_STR_SIZE];
        json_t *entry = json_object();

        set(ex, entry, "mac", string(ex, eth_addr_format(m->mac, mac)));
        set(ex, entry, "vlan", integer(m->vlan));
        set(ex, entry, "port", string(ex, m->port));
        append(ex, static_macs, entry);
    }
    for (size_t i = 0; i < br->n_flows; i++)
        append(ex, flows, string(ex, br->flows[i] ? br->flows[i] : ""));
    set(ex, obj, "vlans", vlans);
    set(ex, obj, "ports", ports);
    set(ex, obj, "static_macs", static_macs);
    if (br->n_secure_macs) {            /* written when there are some */
        json_t *secure_macs = json_array();

        for (size_t i = 0; i < br->n_secure_macs; i++) {
            const struct config_secure_mac *m = &br->secure_macs[i];
            char mac[ETH_ADDR_STR_SIZE];
            json_t *entry = json_object();

            set(ex, entry, "mac", string(ex, eth_addr_format(m->mac, mac)));
            set(ex, entry, "vlan", integer(m->vlan));
            set(ex, entry, "port", string(ex, m->port));
            set(ex, entry, "sticky", json_boolean(m->sticky));
            append(ex, secure_macs, entry);
        }
        set(ex, obj, "secure_macs", secure_macs);
    }
    set(ex, obj, "flows", flows);
    if (!config_stp_is_default(&br->stp))
        set(ex, obj, "spanning_tree", stp_to_json(ex, &br->stp));
    return obj;
}

static json_t *
cli_to_json(struct export *ex, const struct switch_config *cfg)
{
    json_t *cli = json_object(), *telnet = json_object(), *users = json_array();
    json_t *login = json_object(), *console = json_object();

    set(ex, telnet, "listen", string(ex, cfg->telnet_listen));
    set(ex, telnet, "idle_timeout_s", integer(cfg->telnet_idle_timeout_s));
    set(ex, telnet, "login_timeout_s", integer(cfg->telnet_login_timeout_s));
    set(ex, console, "idle_timeout_s", integer(cfg->console_idle_timeout_s));
    if (cfg->telnet_login_local)            /* written when set only (config.h) */
        set(ex, telnet, "login_local", json_true());
    if (cfg->telnet_transport_telnet)
        set(ex, telnet, "transport_input_telnet", json_true());
    if (cfg->console_login_local)
        set(ex, console, "login_local", json_true());
    set(ex, login, "block_for_s", integer(cfg->login_block.block_for_s));
    set(ex, login, "attempts", integer(cfg->login_block.attempts));
    set(ex, login, "within_s", integer(cfg->login_block.within_s));
    for (size_t i = 0; i < cfg->n_users; i++) {
        json_t *user = json_object();

        set(ex, user, "name", string(ex, cfg->users[i].name));
        set(ex, user, "secret", string(ex, cfg->users[i].secret));
        append(ex, users, user);
    }
    set(ex, cli, "telnet", telnet);
    set(ex, cli, "login", login);
    set(ex, cli, "console", console);
    set(ex, cli, "users", users);
    set(ex, cli, "enable_secret", string(ex, cfg->enable_secret));
    return cli;
}

/* "logging" is written only when it differs from the defaults, so the
 * documents of switches that never set it stay as they were. */
static json_t *
logging_to_json(struct export *ex, const struct config_logging *l)
{
    json_t *obj = json_object();

    set(ex, obj, "buffered", json_boolean(l->buffered));
    set(ex, obj, "buffered_size", integer(l->buffered_size));
    set(ex, obj, "buffered_level", string(ex, config_log_level_name(l->buffered_level)));
    set(ex, obj, "monitor", json_boolean(l->monitor));
    set(ex, obj, "monitor_level", string(ex, config_log_level_name(l->monitor_level)));
    return obj;
}

/* "lldp" likewise, only when it differs from the defaults. */
static json_t *
lldp_to_json(struct export *ex, const struct config_lldp *l)
{
    json_t *obj = json_object();

    set(ex, obj, "run", json_boolean(l->run));
    set(ex, obj, "timer_s", integer(l->timer_s));
    set(ex, obj, "holdtime_s", integer(l->holdtime_s));
    set(ex, obj, "reinit_s", integer(l->reinit_s));
    return obj;
}

/* A session's "source_vlans": at most three objects, the VLANs copied
 * both ways, received only, sent only (each written only when it has
 * one). */
static json_t *
span_vlans_to_json(struct export *ex, const struct config_monitor_session *s)
{
    static const enum config_span_dir dirs[] = { CONFIG_SPAN_BOTH, CONFIG_SPAN_RX,
                                                 CONFIG_SPAN_TX };
    json_t *list = json_array();

    for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
        struct vlan_set vlans;
        char text[VLAN_SET_STR_MAX];
        json_t *src;

        config_span_vlans_of(s, dirs[d], &vlans);
        if (vlan_set_is_empty(&vlans))
            continue;
        vlan_set_format(&vlans, text, sizeof text);
        src = json_object();
        set(ex, src, "vlans", string(ex, text));
        set(ex, src, "direction", string(ex, config_span_dir_name(dirs[d])));
        append(ex, list, src);
    }
    return list;
}

/* One SPAN session; "monitor_sessions" is written only when there is one,
 * so the documents of switches without SPAN stay as they were. */
static json_t *
span_session_to_json(struct export *ex, const struct config_monitor_session *s)
{
    json_t *obj = json_object(), *sources = json_array();

    set(ex, obj, "session", integer(s->id));
    for (size_t i = 0; i < s->n_sources; i++) {
        json_t *src = json_object();

        set(ex, src, "interface", string(ex, s->sources[i].port));
        set(ex, src, "direction", string(ex, config_span_dir_name(s->sources[i].dir)));
        append(ex, sources, src);
    }
    set(ex, obj, "sources", sources);
    if (!vlan_set_is_empty(&s->vlans_rx) || !vlan_set_is_empty(&s->vlans_tx))
        set(ex, obj, "source_vlans", span_vlans_to_json(ex, s));
    set(ex, obj, "destination", string(ex, s->destination));
    set(ex, obj, "encapsulation_replicate", json_boolean(s->replicate));
    return obj;
}

char *
config_to_json(const struct switch_config *cfg)
{
    struct export ex = { .ok = true };
    json_t *root = json_object(), *bridges = json_array();
    char *text = NULL;

    set(&ex, root, "version", integer(CONFIG_VERSION));
    set(&ex, root, "hostname", string(&ex, cfg->hostname));
    set(&ex, root, "vlan_dot1q_tag_native", json_boolean(cfg->vlan_dot1q_tag_native));
    set(&ex, root, "lacp_system_priority", integer(cfg->lacp_system_priority));
    set(&ex, root, "port_channel_load_balance",
        string(&ex, bond_hash_name(cfg->port_channel_load_balance)));
    set(&ex, root, "cli", cli_to_json(&ex, cfg));
    if (cfg->banner_motd[0])
        set(&ex, root, "banner_motd", string(&ex, cfg->banner_motd));
    if (cfg->inert.no_ip_domain_lookup)
        set(&ex, root, "ip_domain_lookup", json_false());
    if (cfg->inert.no_cdp_run)
        set(&ex, root, "cdp_run", json_false());
    if (cfg->inert.stp_mode != CONFIG_STP_PVST)
        set(&ex, root, "spanning_tree_mode", string(&ex, config_stp_mode_name(cfg->inert.stp_mode)));
    if (cfg->inert.timestamps_debug_msec)
        set(&ex, root, "service_timestamps_debug_datetime_msec", json_true());
    if (cfg->inert.timestamps_log_msec)
        set(&ex, root, "service_timestamps_log_datetime_msec", json_true());
    if (!config_logging_is_default(&cfg->logging))
        set(&ex, root, "logging", logging_to_json(&ex, &cfg->logging));
    if (cfg->errdisable.causes
        || config_errdisable_interval(&cfg->errdisable) != CONFIG_ERR_INTERVAL_DEFAULT_S) {
        json_t *ed = json_object(), *causes = json_array();

        for (unsigned c = 0; c < CONFIG_ERR_N_CAUSES; c++)
            if (cfg->errdisable.causes & 1u << c)
                append(&ex, causes, string(&ex, config_err_cause_name(c)));
        set(&ex, ed, "causes", causes);
        set(&ex, ed, "interval_s", integer(config_errdisable_interval(&cfg->errdisable)));
        set(&ex, root, "errdisable_recovery", ed);
    }
    if (!config_lldp_is_default(&cfg->lldp))
        set(&ex, root, "lldp", lldp_to_json(&ex, &cfg->lldp));
    for (size_t i = 0; i < cfg->n_bridges; i++)
        append(&ex, bridges, bridge_to_json(&ex, &cfg->bridges[i]));
    set(&ex, root, "bridges", bridges);
    if (cfg->n_monitor_sessions) {
        json_t *sessions = json_array();

        for (size_t i = 0; i < cfg->n_monitor_sessions; i++)
            append(&ex, sessions, span_session_to_json(&ex, &cfg->monitor_sessions[i]));
        set(&ex, root, "monitor_sessions", sessions);
    }

    if (ex.ok) {
        char *dump = json_dumps(root, JSON_INDENT(2) | JSON_SORT_KEYS);
        size_t len = dump ? strlen(dump) : 0;

        text = dump ? realloc(dump, len + 2) : NULL;
        if (text) {
            text[len] = '\n';
            text[len + 1] = '\0';
        } else {
            free(dump);
            ex.error = ENOMEM;
        }
    }
    json_decref(root);
    if (!text)
        errno = ex.error ? ex.error : ENOMEM;
    return text;
}

/* Atomic save
 * ===========
 * Only rename(2) publishes: until it, 'path' is the old file; after it, the
 * whole new one, written and fsync'd before.  A SIGKILL can only leave a
 * temp file behind.  (No advisory lock: one daemon writes its own file.) */

/* Writes all 'len' bytes of 'buf' to 'fd', across short writes and EINTR.
 * Returns 0 or an errno. */
static int
write_all(int fd, const char *buf, size_t len)
{
    while (len) {
        ssize_t n = write(fd, buf, len);

        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        buf += n;
        len -= n;
    }
    return 0;
}

/* fsync()s the directory holding 'path', so the rename survives a crash. */
static int
fsync_directory(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t) (slash - path)) : strdup(".");
    int fd, error = 0;

    if (!dir)
        return ENOMEM;
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || fsync(fd))
        error = errno;
    if (fd >= 0)
        close(fd);
    free(dir);
    return error;
}

int
config_save_file(const struct switch_config *cfg, const char *path, char *err, size_t err_size)
{
    static const char suffix[] = ".tmp.XXXXXX";
    const char *what = "";          /* the failed step, when strerror alone is unclear */
    char *text, *tmp = NULL;
    int fd = -1, error;
    struct stat st;

    /* The rename below would replace whatever 'path' is: a device such as
     * /dev/null (switchd runs as root), a FIFO or a socket is refused. */
    if (!lstat(path, &st) && !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)
        && !S_ISDIR(st.st_mode)) {     /* rename() refuses a directory itself */
        snprintf(err, err_size, "%s: not a regular file", path);
        return EINVAL;
    }
    text = config_to_json(cfg);
    if (!text) {
        error = errno;
        goto err;
    }
    tmp = malloc(strlen(path) + sizeof suffix);
    if (!tmp) {
        error = ENOMEM;
        goto err_free_text;
    }
    strcpy(stpcpy(tmp, path), suffix);
    fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0) {
        error = errno;
        goto err_free_tmp;
    }
    error = write_all(fd, text, strlen(text));
    if (!error && fchmod(fd, 0600))
        error = errno;
    if (!error && fsync(fd))
        error = errno;
    if (close(fd) && !error)        /* NFS reports write errors at close */
        error = errno;
    if (!error && rename(tmp, path))
        error = errno;
    if (error)
        goto err_unlink_tmp;
    free(tmp);
    free(text);

    error = fsync_directory(path);
    if (error) {
        what = "fsync of directory: ";
        goto err;
    }
    return 0;

err_unlink_tmp:
    unlink(tmp);
err_free_tmp:
    free(tmp);
err_free_text:
    free(text);
err:
    snprintf(err, err_size, "%s: %s%s", path, what, strerror(error));
    return error;
}
