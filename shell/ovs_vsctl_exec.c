/* ovs-vsctl's commands on a configuration (shell/ovs_vsctl.h).  OVS's
 * Port and Interface columns map onto a config_port: the VLAN columns
 * (tag, trunks, vlan_mode) onto its VLAN policy as docs/cli.md ("Open
 * vSwitch: ovs-vsctl") describes, type, options:peer and ofport_request
 * onto its type, peer and ofport.  Columns OpenStack sets that have no
 * meaning here (external_ids, other_config, a bridge's fail_mode,
 * protocols, datapath_type) are accepted and not stored. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ovs_vsctl.h"
#include "rstp.h"
#include "util.h"

struct exec {
    bool local;                     /* set_column(): the port is its bridge's local port */
    const struct switch_config *running;
    struct switch_config *cfg;
    FILE *out;
    char *err;
    size_t err_size;
};

static int
fail(struct exec *x, int error, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(x->err, x->err_size, fmt, ap);
    va_end(ap);
    return error;
}

static bool
is_local(const struct config_bridge *b, const struct config_port *p)
{
    return !strcmp(b->name, p->name);
}

/* A new port as the shell makes one (switchd/config.h
 * config_bridge_add_port()), of 'type'; pointers into b->ports are stale
 * afterwards. */
static struct config_port *
port_add(struct config_bridge *b, const char *name, enum port_type type)
{
    struct config_port *p = config_bridge_add_port(b, name);

    if (p)
        p->type = type;
    return p;
}

/* An access or native VLAN must be in the bridge's VLAN database, where
 * OVS has none (config_validate() names and sorts it). */
static bool
vlan_ensure(struct config_bridge *b, uint16_t vid)
{
    struct config_vlan *v;

    for (size_t i = 0; i < b->n_vlans; i++)
        if (b->vlans[i].id == vid)
            return true;
    if (!(v = realloc(b->vlans, (b->n_vlans + 1) * sizeof *v)))
        return false;
    b->vlans = v;
    memset(&v[b->n_vlans], 0, sizeof *v);
    v[b->n_vlans++].id = vid;
    return true;
}

static int
add_br(struct exec *x, const struct ovs_vsctl_cmd *c)
{
    struct switch_config *cfg = x->cfg;
    const char *name = c->args[0];
    struct config_bridge *b, *pb;

    if (c->n_args == 2)
        return fail(x, EINVAL, "'add-br' command takes exactly 1 or 3 arguments");
    if (c->n_args == 3)
        return fail(x, EINVAL, "cannot create bridge %s with parent %s: fake (VLAN) bridges"
                    " are not supported", name, c->args[1]);
    if (config_find_port(cfg, name, &pb) && !(pb && !strcmp(pb->name, name)))
        return fail(x, EEXIST, "cannot create a bridge named %s because a port named %s"
                    " already exists on bridge %s", name, name, pb->name);
    if (config_find_bridge(cfg, name))
        return c->may_exist ? 0 : fail(x, EEXIST, "cannot create a bridge named %s because a"
                                       " bridge named %s already exists", name, name);
    if (strlen(name) > CONFIG_NAME_MAX)
        return fail(x, EINVAL, "invalid bridge name \"%s\" (at most %d characters)", name,
                    CONFIG_NAME_MAX);
    if (!(b = realloc(cfg->bridges, (cfg->n_bridges + 1) * sizeof *b)))
        return fail(x, ENOMEM, "out of memory");
    cfg->bridges = b;
    b = &cfg->bridges[cfg->n_bridges++];
    memset(b, 0, sizeof *b);
    snprintf(b->name, sizeof b->name, "%s", name);
    /* As `bridge NAME` makes one (shell/cmd_bridge.c), plus the local
     * port OVS creates with every bridge (docs/config.md). */
    b->mac_aging_s = cfg->n_bridges > 1 ? cfg->bridges[0].mac_aging_s : 300;
    b->mac_table_size = 8192;
    if (!vlan_ensure(b, 1) || !port_add(b, name, PORT_TYPE_INTERNAL))
        return fail(x, ENOMEM, "out of memory");
    snprintf(b->vlans[0].name, sizeof b->vlans[0].name, "default");
    return 0;
}

static void
bridge_free_contents(struct config_bridge *b)
{
    free(b->vlans);
    free(b->ports);
    free(b->static_macs);
    for (size_t i = 0; i < b->n_flows; i++)
        free(b->flows[i]);
    free(b->flows);
}

/* Removes patch port 'p' of 'b' together with its peer, since one end
 * alone is not a valid configuration (docs/config.md). */
static void
remove_with_peer(struct switch_config *cfg, struct config_bridge *b, const char *name)
{
    struct config_bridge *pb;
    struct config_port *p = config_find_port(cfg, name, NULL), *peer;
    char peer_name[CONFIG_NAME_MAX + 1] = "";

    if (p && p->type == PORT_TYPE_PATCH && (peer = config_find_port(cfg, p->peer, &pb))
        && peer->type == PORT_TYPE_PATCH && !strcmp(peer->peer, name) && pb != b) {
        snprintf(peer_name, sizeof peer_name, "%s", peer->name);
        config_bridge_remove_port(pb, peer_name);
    }
    config_bridge_remove_port(b, name);
}

static int
del_br(struct exec *x, const struct ovs_vsctl_cmd *c)
{
    struct switch_config *cfg = x->cfg;
    struct config_bridge *b = config_find_bridge(cfg, c->args[0]);

    if (!b)
        return c->if_exists ? 0 : fail(x, ENOENT, "no bridge named %s", c->args[0]);
    /* Its patch ports' peers in other bridges go with them. */
    while (b->n_ports) {
        char name[CONFIG_NAME_MAX + 1];

        snprintf(name, sizeof name, "%s", b->ports[0].name);
        remove_with_peer(cfg, b, name);
    }
    bridge_free_contents(b);
    memmove(b, b + 1, (cfg->n_bridges - (size_t) (b - cfg->bridges) - 1) * sizeof *b);
    cfg->n_bridges--;
    return 0;
}

static int
compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* Prints 'names' sorted, one a line, as OVS lists bridges and ports. */
static int
print_sorted(struct exec *x, const char **names, size_t n)
{
    qsort(names, n, sizeof *names, compare_strings);
    for (size_t i = 0; i < n; i++)
        fprintf(x->out, "%s\n", names[i]);
    return 0;
}

static int
list_br(struct exec *x)
{
    const char **names = calloc(x->cfg->n_bridges + 1, sizeof *names);

    if (!names)
        return fail(x, ENOMEM, "out of memory");
    for (size_t b = 0; b < x->cfg->n_bridges; b++)
        names[b] = x->cfg->bridges[b].name;
    print_sorted(x, names, x->cfg->n_bridges);
    free(names);
    return 0;
}

static bool
is_bond_member(const struct config_bridge *b, const struct config_port *p)
{
    for (size_t i = 0; p->bond[0] && i < b->n_ports; i++)
        if (!strcmp(b->ports[i].name, p->bond) && b->ports[i].type == PORT_TYPE_BOND)
            return true;
    return false;
}

/* OVS lists a bridge's ports without its local port; a bond is one port. */
static int
list_ports(struct exec *x, const struct ovs_vsctl_cmd *c)
{
    struct config_bridge *b = config_find_bridge(x->cfg, c->args[0]);
    const char **names;
    size_t n = 0;

    if (!b)
        return fail(x, ENOENT, "no bridge named %s", c->args[0]);
    if (!(names = calloc(b->n_ports + 1, sizeof *names)))
        return fail(x, ENOMEM, "out of memory");
    for (size_t i = 0; i < b->n_ports; i++)
        if (!is_local(b, &b->ports[i]) && !is_bond_member(b, &b->ports[i]))
            names[n++] = b->ports[i].name;
    print_sorted(x, names, n);
    free(names);
    return 0;
}

/* The interfaces of a bridge: its ports, a bond's members instead of the
 * bond, without its local port. */
static int
list_ifaces(struct exec *x, const struct ovs_vsctl_cmd *c)
{
    struct config_bridge *b = config_find_bridge(x->cfg, c->args[0]);
    const char **names;
    size_t n = 0;

    if (!b)
        return fail(x, ENOENT, "no bridge named %s", c->args[0]);
    if (!(names = calloc(b->n_ports + 1, sizeof *names)))
        return fail(x, ENOMEM, "out of memory");
    for (size_t i = 0; i < b->n_ports; i++)
        if (!is_local(b, &b->ports[i]) && b->ports[i].type != PORT_TYPE_BOND)
            names[n++] = b->ports[i].name;
    print_sorted(x, names, n);
    free(names);
    return 0;
}

/* Port columns
 * ------------
 * OVS's view of a port's VLAN policy: tag (an access VLAN, or a trunk's
 * native VLAN), trunks (the VLANs a trunk carries, none listed = all) and
 * vlan_mode. */

static bool
parse_vid(struct exec *x, const char *s, uint16_t *vid)
{
    char *end;
    long n = strtol(s, &end, 10);

    if (!*s || *end || s[0] == '-' || s[0] == '+')
        return fail(x, EINVAL, "\"%s\" is not a valid integer", s), false;
    if (n > 4095)
        return fail(x, EINVAL, "constraint violation: %ld is not in the valid range 0 to 4095"
                    " (inclusive)", n), false;
    if (n < VLAN_VID_MIN || n > VLAN_VID_MAX)
        return fail(x, EINVAL, "VLAN %ld cannot be used here (expected 1-4094)", n), false;
    *vid = (uint16_t) n;
    return true;
}

/* "10,20", "[10,20]", "[10, 20]", " [ 10 , 20 ] ", "10 20" or "[]" (the
 * empty set).  An empty element ("10,,20", "10,", ",") is an error, as in
 * OVS: read as nothing, it would make the port a trunk of every VLAN. */
static bool
parse_vid_list(struct exec *x, const char *s, struct vlan_set *set)
{
    char buf[VLAN_SET_STR_MAX * 2], *p, *end;
    const char *orig = s;
    size_t len;

    vlan_set_clear(set);
    while (isspace((unsigned char) *s))
        s++;
    len = strlen(s);
    while (len && isspace((unsigned char) s[len - 1]))
        len--;
    if (len >= sizeof buf)
        return fail(x, EINVAL, "list too long"), false;
    if (len >= 2 && s[0] == '[' && s[len - 1] == ']') {
        s++;
        len -= 2;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    p = buf;
    while (isspace((unsigned char) *p))
        p++;
    while (*p) {
        uint16_t vid;

        for (end = p; *end && *end != ',' && !isspace((unsigned char) *end); end++)
            continue;
        if (end == p)
            return fail(x, EINVAL, "\"%s\": empty element in a list of VLANs", orig), false;
        char sep = *end;
        *end = '\0';
        if (!parse_vid(x, p, &vid))
            return false;
        vlan_set_add(set, vid);
        p = sep ? end + 1 : end;
        while (isspace((unsigned char) *p))
            p++;
        if (sep && sep != ',' && *p == ',') {   /* "10 , 20" */
            p++;
            sep = ',';
            while (isspace((unsigned char) *p))
                p++;
        }
        if (sep == ',' && !*p)
            return fail(x, EINVAL, "\"%s\": empty element in a list of VLANs", orig), false;
    }
    return true;
}

enum vlan_mode_word { VM_NONE, VM_ACCESS, VM_TRUNK, VM_NATIVE_TAGGED, VM_NATIVE_UNTAGGED };

static const char *const vlan_mode_words[] = {
    [VM_ACCESS] = "access", [VM_TRUNK] = "trunk",
    [VM_NATIVE_TAGGED] = "native-tagged", [VM_NATIVE_UNTAGGED] = "native-untagged",
};

static enum vlan_mode_word
vlan_mode_of(const struct switch_config *cfg, const struct vlan_port *v)
{
    if (v->mode == VLAN_MODE_ACCESS)
        return VM_ACCESS;
    if (!v->native_vid)
        return VM_TRUNK;
    return v->native_tagged || cfg->vlan_dot1q_tag_native ? VM_NATIVE_TAGGED
                                                          : VM_NATIVE_UNTAGGED;
}

/* The VLAN columns of one `set` (or add-port's column arguments), applied
 * together: vlan_mode first, then tag, then trunks. */
struct port_set {
    bool has_tag, clear_tag, has_trunks, has_mode;
    uint16_t tag;
    struct vlan_set trunks;         /* empty = every VLAN */
    enum vlan_mode_word mode;
    char vxlan_option[32];          /* the first tunnel option given, or "" */
};

static void
apply_port_set(struct config_port *p, const struct port_set *s)
{
    struct vlan_port *v = &p->vlan;
    uint16_t cur = v->mode == VLAN_MODE_ACCESS ? v->access_vid : v->native_vid;

    if (s->has_trunks) {
        if (vlan_set_is_empty(&s->trunks))
            vlan_set_fill(&v->allowed);
        else
            v->allowed = s->trunks;
    }
    if (s->has_mode) {
        uint16_t tag = s->has_tag ? s->tag : cur ? cur : 1;

        switch (s->mode) {
        case VM_ACCESS:
            v->mode = VLAN_MODE_ACCESS;
            v->access_vid = tag;
            break;
        case VM_TRUNK:
            v->mode = VLAN_MODE_TRUNK;
            v->native_vid = 0;
            if (s->has_tag)
                v->access_vid = s->tag;     /* kept, unused: OVS ignores it too */
            break;
        case VM_NATIVE_TAGGED:
        case VM_NATIVE_UNTAGGED:
        case VM_NONE:
            v->mode = VLAN_MODE_TRUNK;
            v->native_vid = tag;
            v->native_tagged = s->mode == VM_NATIVE_TAGGED;
            break;
        }
    } else if (s->clear_tag) {
        /* No tag: OVS's trunk, untagged frames in VLAN 0. */
        v->mode = VLAN_MODE_TRUNK;
        v->native_vid = 0;
    } else if (s->has_tag) {
        /* A trunk someone gave a native VLAN and a VLAN list keeps being
         * one (tag = its native VLAN); any other port becomes an access
         * port, as in OVS a port with a tag and no vlan_mode is. */
        if (v->mode == VLAN_MODE_TRUNK && v->native_vid && !vlan_set_is_full(&v->allowed)) {
            v->native_vid = s->tag;
        } else {
            v->mode = VLAN_MODE_ACCESS;
            v->access_vid = s->tag;
        }
    }
}

/* Columns we accept and do not store (OpenStack sets them). */
static bool
ignored_column(const char *col, bool bridge)
{
    static const char *const maps[] = { "external_ids", "external-ids", "other_config",
                                        "other-config" };
    static const char *const bridge_cols[] = { "fail_mode", "protocols", "datapath_type",
                                               "stp_enable", "mcast_snooping_enable" };
    size_t len = strcspn(col, ":=");

    for (size_t i = 0; i < ARRAY_SIZE(maps); i++)
        if (strlen(maps[i]) == len && !strncmp(col, maps[i], len))
            return true;
    for (size_t i = 0; bridge && i < ARRAY_SIZE(bridge_cols); i++)
        if (strlen(bridge_cols[i]) == len && !strncmp(col, bridge_cols[i], len))
            return true;
    return false;
}

/* A number in [lo, hi] in steps of 'step', as OVS's other_config:rstp-*
 * take them; false with OVS-like words otherwise. */
static bool
parse_stp_number(struct exec *x, const char *key, const char *s, long lo, long hi, long step,
                 long *out)
{
    char *end;
    long n = strtol(s, &end, 10);

    if (!*s || *end || n < lo || n > hi || n % step) {
        if (step > 1)
            fail(x, EINVAL, "%s: invalid value \"%s\" (expected %ld-%ld in steps of %ld)", key,
                 s, lo, hi, step);
        else
            fail(x, EINVAL, "%s: invalid value \"%s\" (expected %ld-%ld)", key, s, lo, hi);
        return false;
    }
    *out = n;
    return true;
}

/* The other_config:rstp-* timers of a bridge, each a uint8_t of
 * struct config_stp (ranges: net/rstp.h). */
struct stp_timer_column {
    const char *column;
    long min, max;
    size_t offset;
};
static const struct stp_timer_column stp_timer_columns[] = {
    { "other_config:rstp-hello-time", RSTP_HELLO_MIN_S, RSTP_HELLO_MAX_S,
      offsetof(struct config_stp, hello_s) },
    { "other_config:rstp-max-age", RSTP_MAX_AGE_MIN_S, RSTP_MAX_AGE_MAX_S,
      offsetof(struct config_stp, max_age_s) },
    { "other_config:rstp-forward-delay", RSTP_FWD_DELAY_MIN_S, RSTP_FWD_DELAY_MAX_S,
      offsetof(struct config_stp, forward_delay_s) },
    { "other_config:rstp-transmit-hold-count", RSTP_TX_HOLD_MIN, RSTP_TX_HOLD_MAX,
      offsetof(struct config_stp, tx_hold_count) },
};

/* Spanning tree columns of a bridge (Open vSwitch's rstp_enable,
 * stp_enable and other_config:rstp-*, docs/cli.md "Spanning tree"): 0 or
 * an errno.  stp_enable=true
 * runs the same one instance speaking 802.1D BPDUs only.  -1 when 'arg'
 * is not one of them. */
static int
set_bridge_stp(struct exec *x, struct config_bridge *b, const char *arg)
{
    const char *eq = strchr(arg, '=');
    struct config_stp *s = &b->stp;
    size_t len;
    long n;

    if (!eq)
        return -1;
    len = (size_t) (eq - arg);
#define COL(name) (len == strlen(name) && !strncmp(arg, name, len))
    if (COL("rstp_enable") || COL("stp_enable")) {
        bool stp = COL("stp_enable");

        if (strcmp(eq + 1, "true") && strcmp(eq + 1, "false"))
            return fail(x, EINVAL, "\"%s\" is not a valid boolean (use \"true\" or \"false\")",
                        eq + 1);
        if (!strcmp(eq + 1, "true")) {
            s->enabled = true;
            s->force_stp = stp;
        } else if (stp == s->force_stp) {
            s->enabled = false;
        }
        return 0;
    }
    if (COL("other_config:rstp-priority")) {
        if (!parse_stp_number(x, "rstp-priority", eq + 1, 0, RSTP_PRIORITY_MAX, 4096, &n))
            return EINVAL;
        s->priority_set = true, s->priority = (uint16_t) n;
        return 0;
    }
    for (size_t i = 0; i < ARRAY_SIZE(stp_timer_columns); i++) {
        const struct stp_timer_column *c = &stp_timer_columns[i];

        if (COL(c->column)) {
            if (!parse_stp_number(x, c->column + strlen("other_config:"), eq + 1, c->min,
                                  c->max, 1, &n))
                return EINVAL;
            *(uint8_t *) ((char *) s + c->offset) = (uint8_t) n;
            return 0;
        }
    }
#undef COL
    return -1;
}

/* other_config:rstp-* of a port; -1 when 'arg' is not one of them. */
static int
set_port_stp(struct exec *x, struct config_port *p, const char *arg)
{
    const char *eq = strchr(arg, '=');
    struct config_port_stp *s = &p->stp;
    size_t len;
    long n;

    if (!eq)
        return -1;
    len = (size_t) (eq - arg);
#define COL(name) (len == strlen(name) && !strncmp(arg, name, len))
    if (COL("other_config:rstp-path-cost")) {
        if (!parse_stp_number(x, "rstp-path-cost", eq + 1, 1, RSTP_PATH_COST_MAX, 1, &n))
            return EINVAL;
        s->cost = (uint32_t) n;
        return 0;
    }
    if (COL("other_config:rstp-port-priority")) {
        if (!parse_stp_number(x, "rstp-port-priority", eq + 1, 0, RSTP_PORT_PRIORITY_MAX, 16, &n))
            return EINVAL;
        s->priority_set = true, s->priority = (uint8_t) n;
        return 0;
    }
    if (COL("other_config:rstp-port-admin-edge")) {
        if (strcmp(eq + 1, "true") && strcmp(eq + 1, "false"))
            return fail(x, EINVAL, "rstp-port-admin-edge: invalid value \"%s\" (expected true"
                        " or false)", eq + 1);
        s->portfast = !strcmp(eq + 1, "true") ? CONFIG_STP_ENABLE : CONFIG_STP_DISABLE;
        return 0;
    }
#undef COL
    return -1;
}

/* VXLAN interfaces
 * ----------------
 * type=vxlan and its options (OVS's vswitch.xml, "Tunnel Options"):
 * remote_ip, local_ip, key (a VNI or flow), dst_port, tos, ttl and
 * df_default, onto the port's "vxlan" object (switchd/config.h).  remote_ip
 * takes one address in OVS; here a comma-separated list is accepted too
 * (head-end replication to each). */

#define VXLAN_OPTIONS_EXPECTED "remote_ip, local_ip, key, dst_port, tos, ttl or df_default"

static bool
parse_ipv4(struct exec *x, const char *opt, const char *s, uint32_t *addr)
{
    struct in_addr in;
    uint32_t first;

    if (!strcmp(s, "flow"))
        return fail(x, EINVAL, "options:%s=flow is not supported (give the address)", opt),
               false;
    if (inet_pton(AF_INET, s, &in) != 1)
        return fail(x, EINVAL, "options:%s: invalid IPv4 address \"%s\"", opt, s), false;
    first = ntohl(in.s_addr) >> 24;
    if (first < 1 || first > 223)
        return fail(x, EINVAL, "options:%s: %s is not a unicast IPv4 address", opt, s), false;
    *addr = in.s_addr;
    return true;
}

static bool
parse_option_number(struct exec *x, const char *opt, const char *s, long lo, long hi, long *n)
{
    char *end;

    errno = 0;
    *n = strtol(s, &end, 10);
    if (!*s || *end || errno || *n < lo || *n > hi)
        return fail(x, EINVAL, "options:%s: invalid value \"%s\" (expected %ld-%ld)", opt, s,
                    lo, hi), false;
    return true;
}

/* options:NAME=VALUE of a vxlan interface into 'vx'; -1 when NAME is not
 * one of its options. */
static int
set_vxlan_option(struct exec *x, const struct config_port *p, struct config_vxlan *vx,
                 const char *opt, const char *value)
{
    long n;

    if (!strcmp(opt, "remote_ip")) {
        char buf[CONFIG_VXLAN_REMOTES_MAX * 17], *save = NULL;
        uint8_t count = 0;

        if (strlen(value) >= sizeof buf)
            return fail(x, EINVAL, "options:remote_ip: too many addresses (at most %d)",
                        CONFIG_VXLAN_REMOTES_MAX);
        snprintf(buf, sizeof buf, "%s", value);
        for (char *a = strtok_r(buf, ",", &save); a; a = strtok_r(NULL, ",", &save)) {
            if (count == CONFIG_VXLAN_REMOTES_MAX)
                return fail(x, EINVAL, "options:remote_ip: too many addresses (at most %d)",
                            CONFIG_VXLAN_REMOTES_MAX);
            if (!parse_ipv4(x, opt, a, &vx->remotes[count]))
                return EINVAL;
            for (uint8_t i = 0; i < count; i++)
                if (vx->remotes[i] == vx->remotes[count])
                    return fail(x, EINVAL, "options:remote_ip: %s given twice", a);
            count++;
        }
        if (!count)
            return fail(x, EINVAL, "options:remote_ip: expected an IPv4 address");
        vx->n_remotes = count;
        return 0;
    }
    if (!strcmp(opt, "local_ip")) {
        if (!parse_ipv4(x, opt, value, &vx->local_ip))
            return EINVAL;
        vx->source_interface[0] = '\0';     /* one or the other */
        return 0;
    }
    if (!strcmp(opt, "key")) {
        if (vx->n_vnis)
            return fail(x, EINVAL, "options:key: %s has a VNI map (member vni), which says"
                        " the VNIs", p->name);
        if (!strcmp(value, "flow")) {
            vx->key = CONFIG_VXLAN_KEY_FLOW;
            return 0;
        }
        if (!parse_option_number(x, opt, value, 0, CONFIG_VXLAN_VNI_MAX, &n))
            return EINVAL;
        vx->key = (uint32_t) n;
        return 0;
    }
    if (!strcmp(opt, "dst_port")) {
        if (!parse_option_number(x, opt, value, 1, 65535, &n))
            return EINVAL;
        vx->udp_port = (uint16_t) n;
        return 0;
    }
    if (!strcmp(opt, "tos")) {
        if (!parse_option_number(x, opt, value, 0, 255, &n))
            return EINVAL;
        vx->tos = (uint8_t) n;
        return 0;
    }
    if (!strcmp(opt, "ttl")) {
        if (!parse_option_number(x, opt, value, 1, 255, &n))
            return EINVAL;
        vx->ttl = (uint8_t) n;
        return 0;
    }
    if (!strcmp(opt, "df_default")) {
        if (strcmp(value, "true") && strcmp(value, "false"))
            return fail(x, EINVAL, "options:df_default: invalid value \"%s\" (expected true or"
                        " false)", value);
        vx->df = !strcmp(value, "true");
        return 0;
    }
    return -1;
}

/* An options:NAME=VALUE for a tunnel: the port's "vxlan" object, made when
 * missing (the type may come later in the same `set`); 'ps' remembers it
 * so that set_columns() can refuse it on a port that is not vxlan. */
static int
set_tunnel_option(struct exec *x, struct config_port *p, const char *opt, const char *value,
                  struct port_set *ps)
{
    int r;

    if (!p->vxlan && !(p->vxlan = config_vxlan_new()))
        return fail(x, ENOMEM, "out of memory");
    r = set_vxlan_option(x, p, p->vxlan, opt, value);
    if (r < 0)
        return fail(x, EINVAL, "options:%s is not supported (a vxlan interface takes "
                    VXLAN_OPTIONS_EXPECTED ")", opt);
    if (!r && !ps->vxlan_option[0])
        snprintf(ps->vxlan_option, sizeof ps->vxlan_option, "%s", opt);
    return r;
}

/* OVSDB's string syntax: bare when it reads as an identifier, else in
 * quotes ("10100", "10.0.0.2", flow). */
static void
ovsdb_string(const char *s, char *buf, size_t size)
{
    bool bare = isalpha((unsigned char) s[0]) || s[0] == '_';

    for (const char *c = s + 1; bare && *s && *c; c++)
        bare = isalnum((unsigned char) *c) || *c == '_' || *c == '-' || *c == '.';
    if (!strcmp(s, "true") || !strcmp(s, "false"))
        bare = false;
    snprintf(buf, size, bare ? "%s" : "\"%s\"", s);
}

static size_t
ipv4_list(const uint32_t *addrs, size_t n, char *buf, size_t size)
{
    size_t len = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < n && len < size; i++) {
        char text[INET_ADDRSTRLEN];

        inet_ntop(AF_INET, &addrs[i], text, sizeof text);
        len += snprintf(buf + len, size - len, "%s%s", i ? "," : "", text);
    }
    return len;
}

/* The options of an interface, OVS's keys sorted, values as set (not
 * quoted); returns how many. */
struct ovs_option {
    const char *key;
    char value[CONFIG_VXLAN_REMOTES_MAX * 16 + 1];
};
#define OVS_OPTIONS_MAX 7

static size_t
options_of(const struct config_port *p, struct ovs_option out[OVS_OPTIONS_MAX])
{
    const struct config_vxlan *vx = p->vxlan;
    size_t n = 0;

    if (p->type == PORT_TYPE_PATCH) {
        out[n].key = "peer";
        snprintf(out[n++].value, sizeof out->value, "%s", p->peer);
        return n;
    }
    if (p->type != PORT_TYPE_VXLAN || !vx)
        return 0;
#define OPT(k, ...) (out[n].key = (k), snprintf(out[n].value, sizeof out->value, __VA_ARGS__), n++)
    if (!vx->df)
        OPT("df_default", "false");
    if (vx->udp_port != CONFIG_VXLAN_UDP_PORT_DEFAULT)
        OPT("dst_port", "%u", (unsigned) vx->udp_port);
    if (!vx->n_vnis && vx->key == CONFIG_VXLAN_KEY_FLOW)
        OPT("key", "flow");
    else if (!vx->n_vnis && vx->key)
        OPT("key", "%u", (unsigned) vx->key);
    if (vx->local_ip) {
        char text[INET_ADDRSTRLEN];

        OPT("local_ip", "%s", inet_ntop(AF_INET, &vx->local_ip, text, sizeof text));
    }
    if (vx->n_remotes) {
        out[n].key = "remote_ip";
        ipv4_list(vx->remotes, vx->n_remotes, out[n++].value, sizeof out->value);
    }
    if (vx->tos)
        OPT("tos", "%u", (unsigned) vx->tos);
    if (vx->ttl != CONFIG_VXLAN_TTL_DEFAULT)
        OPT("ttl", "%u", (unsigned) vx->ttl);
#undef OPT
    return n;
}

size_t
ovs_vsctl_format_options(const struct config_port *p, char *buf, size_t size)
{
    struct ovs_option opts[OVS_OPTIONS_MAX];
    size_t n = options_of(p, opts), len = 0;

    len += snprintf(buf, size, "{");
    for (size_t i = 0; i < n && len < size; i++) {
        char value[sizeof opts->value + 2];

        ovsdb_string(opts[i].value, value, sizeof value);
        len += snprintf(buf + len, size - len, "%s%s=%s", i ? ", " : "", opts[i].key, value);
    }
    if (len < size)
        len += snprintf(buf + len, size - len, "}");
    return n;
}

/* `get interface X options[:KEY]`. */
static int
get_options(struct exec *x, const struct config_port *p, const char *col)
{
    const char *key = col[strlen("options")] == ':' ? col + strlen("options:") : NULL;
    struct ovs_option opts[OVS_OPTIONS_MAX];
    size_t n = options_of(p, opts);

    if (!key) {
        char buf[OVS_OPTIONS_MAX * (sizeof opts->value + 16)];

        ovs_vsctl_format_options(p, buf, sizeof buf);
        fprintf(x->out, "%s\n", buf);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(opts[i].key, key)) {
            char value[sizeof opts->value + 2];

            ovsdb_string(opts[i].value, value, sizeof value);
            fprintf(x->out, "%s\n", value);
            return 0;
        }
    }
    return fail(x, EINVAL, "no key \"%s\" in Interface record \"%s\" column options", key,
                p->name);
}

/* `clear interface X options` of a vxlan interface: the tunnel options
 * back to their defaults; its VNI map and source interface (NX-OS
 * settings) stay. */
static int
clear_vxlan_options(struct exec *x, struct config_port *p)
{
    struct config_vxlan *vx = config_vxlan_new(), *old = p->vxlan;

    if (!vx)
        return fail(x, ENOMEM, "out of memory");
    if (old) {
        memcpy(vx->source_interface, old->source_interface, sizeof vx->source_interface);
        vx->vnis = old->vnis;
        vx->n_vnis = old->n_vnis;
        old->vnis = NULL;
        config_vxlan_free(old);
    }
    p->vxlan = vx;
    return 0;
}

enum table { T_PORT, T_INTERFACE, T_BRIDGE, T_NONE };
static const char *const table_names[] = { "Port", "Interface", "Bridge" };

/* OVS matches table names case-insensitively, by unique prefix. */
static enum table
table_of(struct exec *x, const char *name)
{
    enum table found = T_NONE;
    size_t len = strlen(name);

    for (int t = 0; t < T_NONE; t++) {
        if (!strcasecmp(name, table_names[t]))
            return (enum table) t;
        if (len && !strncasecmp(name, table_names[t], len)) {
            if (found != T_NONE) {
                fail(x, EINVAL, "\"%s\" matches multiple table names", name);
                return T_NONE;
            }
            found = (enum table) t;
        }
    }
    if (found == T_NONE)
        fail(x, EINVAL, "unknown table \"%s\"", name);
    return found;
}

static int
no_column(struct exec *x, enum table t, const char *col)
{
    return fail(x, EINVAL, "%s does not contain a column whose name matches \"%.*s\"",
                table_names[t], (int) strcspn(col, ":="), col);
}

/* One COLUMN[:KEY]=VALUE of `set` for a port or an interface. */
static int
set_column(struct exec *x, enum table t, struct config_port *p, const char *arg,
           struct port_set *ps)
{
    const char *eq = strchr(arg, '='), *value;
    size_t len;

    if (t == T_PORT) {
        int r = set_port_stp(x, p, arg);

        if (r >= 0)
            return r;
    }
    if (ignored_column(arg, t == T_BRIDGE))
        return 0;
    if (!eq)
        return fail(x, EINVAL, "%s: argument does not end in \"=\" followed by a value", arg);
    len = (size_t) (eq - arg);
    value = eq + 1;
#define COL(name) (len == strlen(name) && !strncmp(arg, name, len))
    if (t == T_PORT && COL("tag")) {
        if (!strcmp(value, "[]")) {
            ps->clear_tag = true;
            return 0;
        }
        ps->has_tag = true;
        return parse_vid(x, value, &ps->tag) ? 0 : EINVAL;
    }
    if (t == T_PORT && COL("trunks")) {
        ps->has_trunks = true;
        return parse_vid_list(x, value, &ps->trunks) ? 0 : EINVAL;
    }
    if (t == T_PORT && COL("vlan_mode")) {
        for (size_t m = VM_ACCESS; m < ARRAY_SIZE(vlan_mode_words); m++) {
            if (!strcmp(value, vlan_mode_words[m])) {
                ps->has_mode = true;
                ps->mode = (enum vlan_mode_word) m;
                return 0;
            }
        }
        return fail(x, EINVAL, "constraint violation: %s is not one of the allowed values"
                    " ([access, native-tagged, native-untagged, trunk])", value);
    }
    if (t == T_INTERFACE && COL("type")) {
        static const struct { const char *name; enum port_type type; } types[] = {
            { "", PORT_TYPE_SYSTEM }, { "system", PORT_TYPE_SYSTEM },
            { "internal", PORT_TYPE_INTERNAL }, { "tap", PORT_TYPE_TAP },
            { "patch", PORT_TYPE_PATCH }, { "vxlan", PORT_TYPE_VXLAN },
        };
        for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
            if (!strcmp(value, types[i].name)) {
                if (x->local && types[i].type != PORT_TYPE_INTERNAL)
                    return fail(x, EINVAL, "%s is the local port of its bridge: its type stays"
                                " internal", p->name);
                p->type = types[i].type;
                if (p->type != PORT_TYPE_PATCH)
                    p->peer[0] = '\0';
                return 0;
            }
        }
        return fail(x, EINVAL, "interface type \"%s\" is not supported (expected system,"
                    " internal, tap, patch or vxlan)", value);
    }
    if (t == T_INTERFACE && COL("options:peer")) {
        if (strlen(value) > CONFIG_NAME_MAX)
            return fail(x, EINVAL, "invalid peer name \"%s\"", value);
        snprintf(p->peer, sizeof p->peer, "%s", value);
        return 0;
    }
    if (t == T_INTERFACE && len > strlen("options:") && !strncmp(arg, "options:", 8)) {
        char opt[32];

        snprintf(opt, sizeof opt, "%.*s", (int) (len - 8), arg + 8);
        return set_tunnel_option(x, p, opt, value, ps);
    }
    if (t == T_INTERFACE && COL("ofport_request")) {
        char *end;
        long n = strtol(value, &end, 10);

        if (!*value || *end || n < 1 || n > 65279)
            return fail(x, EINVAL, "constraint violation: %s is not in the valid range 1 to"
                        " 65279 (inclusive)", value);
        p->ofport = (uint16_t) n;
        return 0;
    }
#undef COL
    return no_column(x, t, arg);
}

/* A Port or Interface record: the port of that name (an interface is its
 * port here, one interface per port but for bonds). */
static int
find_record(struct exec *x, const struct ovs_vsctl_cmd *c, enum table *t,
            struct config_port **p, struct config_bridge **b)
{
    if ((*t = table_of(x, c->args[0])) == T_NONE)
        return EINVAL;
    *p = NULL;
    if (*t == T_BRIDGE) {
        if (!(*b = config_find_bridge(x->cfg, c->args[1])))
            return c->if_exists ? ENOENT : fail(x, ENOENT, "no row \"%s\" in table %s",
                                                c->args[1], table_names[*t]);
        return 0;
    }
    if (!(*p = config_find_port(x->cfg, c->args[1], b))
        || (*t == T_PORT && is_bond_member(*b, *p)))
        return c->if_exists ? ENOENT : fail(x, ENOENT, "no row \"%s\" in table %s",
                                            c->args[1], table_names[*t]);
    return 0;
}

static int
set_columns(struct exec *x, enum table t, struct config_bridge *b, struct config_port *p,
            const char *const *args, unsigned n)
{
    struct port_set ps;
    uint16_t vid;
    int error;

    memset(&ps, 0, sizeof ps);
    for (unsigned i = 0; i < n; i++) {
        if (t == T_BRIDGE) {
            if (!ignored_column(args[i], true))
                return no_column(x, t, args[i]);
        } else {
            x->local = is_local(b, p);
            if ((error = set_column(x, t, p, args[i], &ps)))
                return error;
        }
    }
    if (!p)
        return 0;
    if (p->type != PORT_TYPE_VXLAN && p->vxlan) {
        if (ps.vxlan_option[0])
            return fail(x, EINVAL, "options:%s: only vxlan interfaces take it (%s is %s %s"
                        " interface)", ps.vxlan_option, p->name,
                        p->type == PORT_TYPE_INTERNAL ? "an" : "a",
                        p->type == PORT_TYPE_SYSTEM ? "system" : port_type_name(p->type));
        config_vxlan_free(p->vxlan);    /* type=... of a vxlan interface */
        p->vxlan = NULL;
    }
    apply_port_set(p, &ps);
    vid = p->vlan.mode == VLAN_MODE_ACCESS ? p->vlan.access_vid : p->vlan.native_vid;
    if ((ps.has_tag || ps.has_mode) && vid && !vlan_ensure(b, vid))
        return fail(x, ENOMEM, "out of memory");
    return 0;
}

static int
set_cmd(struct exec *x, const struct ovs_vsctl_cmd *c)
{
    struct config_bridge *b;
    struct config_port *p;
    enum table t;
    int error = find_record(x, c, &t, &p, &b);

    if (error)
        return error == ENOENT && c->if_exists ? 0 : error;
    if (t == T_BRIDGE) {
        for (unsigned i = 2; i < c->n_args; i++) {
            int r = set_bridge_stp(x, b, c->args[i]);

            if (r > 0)
                return r;
            if (!r)
                continue;
            if (!ignored_column(c->args[i], true))
                return no_column(x, t, c->args[i]);
        }
        return 0;
    }
    return set_columns(x, t, b, p, c->args + 2, c->n_args - 2);
}

static int
clear_cmd(struct exec *x, const struct ovs_vsctl_cmd *c)
{
    struct config_bridge *b;
    struct config_port *p;
    enum table t;
    int error = find_record(x, c, &t, &p, &b);

    if (error)
        return error == ENOENT && c->if_exists ? 0 : error;
    for (unsigned i = 2; i < c->n_args; i++) {
        const char *col = c->args[i];

        if (ignored_column(col, t == T_BRIDGE))
            continue;
        if (t == T_PORT && !strcmp(col, "tag")) {
            struct port_set ps = { .clear_tag = true };
            apply_port_set(p, &ps);
        } else if (t == T_PORT && !strcmp(col, "trunks")) {
            vlan_set_fill(&p->vlan.allowed);
        } else if (t == T_PORT && !strcmp(col, "vlan_mode")) {
            /* A tag with no vlan_mode is an access port in OVS. */
            if (p->vlan.mode == VLAN_MODE_TRUNK && p->vlan.native_vid) {
                p->vlan.mode = VLAN_MODE_ACCESS;
                p->vlan.access_vid = p->vlan.native_vid;
            }
        } else if (t == T_INTERFACE && !strcmp(col, "options")) {
            p->peer[0] = '\0';
            if (p->type == PORT_TYPE_VXLAN && clear_vxlan_options(x, p))
                return ENOMEM;
        } else {
            return no_column(x, t, col);
        }
    }
    return 0;
}

/* `add` and `remove` on a port's trunks (and `remove port X tag N`). */
static int
add_remove_cmd(struct exec *x, const struct ovs_vsctl_cmd *c, bool add)
{
    struct config_bridge *b;
    struct config_port *p;
    enum table t;
    int error = find_record(x, c, &t, &p, &b);
    const char *col = c->args[2];

    if (error)
        return error;
    if (t == T_PORT && !strcmp(col, "trunks")) {
        for (unsigned i = 3; i < c->n_args; i++) {
            struct vlan_set s;

            if (!parse_vid_list(x, c->args[i], &s))
                return EINVAL;
            /* OVS's empty trunks mean every VLAN: adding to them starts a
             * list, removing from them changes nothing. */
            if (add && vlan_set_is_full(&p->vlan.allowed))
                vlan_set_clear(&p->vlan.allowed);
            for (unsigned vid = VLAN_VID_MIN; vid <= VLAN_VID_MAX; vid++) {
                if (!vlan_set_contains(&s, vid))
                    continue;
                if (add)
                    vlan_set_add(&p->vlan.allowed, vid);
                else if (!vlan_set_is_full(&p->vlan.allowed))
                    vlan_set_remove(&p->vlan.allowed, vid);
            }
            if (!add && vlan_set_is_empty(&p->vlan.allowed))
                vlan_set_fill(&p->vlan.allowed);
        }
        return 0;
    }
    if (t == T_PORT && !strcmp(col, "tag") && !add) {
        uint16_t cur = p->vlan.mode == VLAN_MODE_ACCESS ? p->vlan.access_vid : p->vlan.native_vid;

        for (unsigned i = 3; i < c->n_args; i++) {
            uint16_t vid;

            if (!parse_vid(x, c->args[i], &vid))
                return EINVAL;
            if (vid == cur) {
                struct port_set ps = { .clear_tag = true };
                apply_port_set(p, &ps);
            }
        }
        return 0;
    }
    return t == T_BRIDGE || t == T_INTERFACE || strcmp(col, "tag")
           ? no_column(x, t, col)
           : fail(x, EINVAL, "cannot add to column tag (use set)");
}

static void
print_vid_list(FILE *out, const struct vlan_set *s)
{
    bool first = true;

    fputc('[', out);
    for (unsigned vid = VLAN_VID_MIN; !vlan_set_is_full(s) && vid <= VLAN_VID_MAX; vid++) {
        if (vlan_set_contains(s, vid)) {
            fprintf(out, "%s%u", first ? "" : ", ", vid);
            first = false;
        }
    }
    fputs("]\n", out);
}

/* The other_config keys a bridge or port has here (its spanning tree
 * values that were set), sorted as OVS prints a map; returns how many. */
struct other_config {
    const char *key;
    char value[16];
};
#define OTHER_CONFIG_MAX 5

static size_t
other_config_of(const struct config_bridge *b, const struct config_port *p,
                struct other_config out[OTHER_CONFIG_MAX])
{
    size_t n = 0;

#define OC(k, fmt, v) (out[n].key = (k), snprintf(out[n].value, sizeof out[n].value, fmt, v), n++)
    if (p) {
        if (p->stp.cost)
            OC("rstp-path-cost", "%u", (unsigned) p->stp.cost);
        if (p->stp.portfast != CONFIG_STP_DEFAULT)
            OC("rstp-port-admin-edge", "%s",
               p->stp.portfast == CONFIG_STP_ENABLE ? "true" : "false");
        if (p->stp.priority_set)
            OC("rstp-port-priority", "%u", (unsigned) p->stp.priority);
        return n;
    }
    if (b->stp.forward_delay_s)
        OC("rstp-forward-delay", "%u", (unsigned) b->stp.forward_delay_s);
    if (b->stp.hello_s)
        OC("rstp-hello-time", "%u", (unsigned) b->stp.hello_s);
    if (b->stp.max_age_s)
        OC("rstp-max-age", "%u", (unsigned) b->stp.max_age_s);
    if (b->stp.priority_set)
        OC("rstp-priority", "%u", (unsigned) b->stp.priority);
    if (b->stp.tx_hold_count)
        OC("rstp-transmit-hold-count", "%u", (unsigned) b->stp.tx_hold_count);
#undef OC
    return n;
}

void
ovs_vsctl_print_other_config(FILE *out, const struct config_bridge *b,
                             const struct config_port *p)
{
    struct other_config oc[OTHER_CONFIG_MAX];
    size_t n = other_config_of(b, p, oc);

    fprintf(out, "{");
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s%s=\"%s\"", i ? ", " : "", oc[i].key, oc[i].value);
    fprintf(out, "}\n");
}

bool
ovs_vsctl_print_port_vlan(FILE *out, const struct switch_config *cfg,
                          const struct config_port *p, const char *col)
{
    const struct vlan_port *v = &p->vlan;
    enum vlan_mode_word m = vlan_mode_of(cfg, v);

    if (!strcmp(col, "tag")) {
        if (m == VM_TRUNK)
            fprintf(out, "[]\n");
        else
            fprintf(out, "%u\n", m == VM_ACCESS ? v->access_vid : v->native_vid);
    } else if (!strcmp(col, "trunks")) {
        print_vid_list(out, &v->allowed);
    } else if (!strcmp(col, "vlan_mode")) {
        fprintf(out, "%s\n", vlan_mode_words[m]);
    } else {
        return false;
    }
    return true;
}

/* `get` of other_config or other_config:KEY, as OVS prints them. */
static int
get_other_config(struct exec *x, enum table t, const struct config_bridge *b,
                 const struct config_port *p, const char *col)
{
    struct other_config oc[OTHER_CONFIG_MAX];
    size_t n = other_config_of(b, t == T_BRIDGE ? NULL : p, oc);
    const char *key = col[strlen("other_config")] == ':' ? col + strlen("other_config:") : NULL;

    if (!key) {
        ovs_vsctl_print_other_config(x->out, b, t == T_BRIDGE ? NULL : p);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(oc[i].key, key)) {
            fprintf(x->out, "\"%s\"\n", oc[i].value);
            return 0;
        }
    }
    return fail(x, EINVAL, "no key \"%s\" in %s record \"%s\" column other_config", key,
                table_names[t], t == T_BRIDGE ? b->name : p->name);
}

static int
get_cmd(struct exec *x, const struct ovs_vsctl_cmd *c)
{
    struct config_bridge *b;
    struct config_port *p;
    enum table t;
    int error = find_record(x, c, &t, &p, &b);

    if (error)
        return error == ENOENT && c->if_exists ? 0 : error;
    for (unsigned i = 2; i < c->n_args; i++) {
        const char *col = c->args[i];

        if (!strcmp(col, "name"))
            fprintf(x->out, "%s\n", t == T_BRIDGE ? b->name : p->name);
        else if (t == T_PORT && ovs_vsctl_print_port_vlan(x->out, x->cfg, p, col))
            continue;
        else if (t == T_INTERFACE && !strcmp(col, "ofport"))
            fprintf(x->out, "%u\n", (unsigned) p->ofport);
        else if (t == T_INTERFACE && !strcmp(col, "type"))
            fprintf(x->out, "%s\n", p->type == PORT_TYPE_SYSTEM ? "\"\"" : port_type_name(p->type));
        else if (t == T_INTERFACE && (!strcmp(col, "options") || !strncmp(col, "options:", 8))) {
            int error = get_options(x, p, col);

            if (error)
                return error;
        }
        else if (t == T_BRIDGE && !strcmp(col, "rstp_enable"))
            fprintf(x->out, "%s\n", b->stp.enabled && !b->stp.force_stp ? "true" : "false");
        else if (t == T_BRIDGE && !strcmp(col, "stp_enable"))
            fprintf(x->out, "%s\n", b->stp.enabled && b->stp.force_stp ? "true" : "false");
        else if (t != T_INTERFACE && (!strcmp(col, "other_config")
                                      || !strncmp(col, "other_config:", 13))) {
            int error = get_other_config(x, t, b, p, col);

            if (error)
                return error;
        } else
            return no_column(x, t, col);
    }
    return 0;
}

/* `list TABLE [RECORD...]`: checks here (the caller prints the records,
 * with their live columns, after applying the line). */
static int
list_cmd(struct exec *x, const struct ovs_vsctl_cmd *c)
{
    enum table t = table_of(x, c->args[0]);

    if (t == T_NONE)
        return EINVAL;
    if (t == T_BRIDGE)
        return fail(x, EINVAL, "list of table Bridge is not supported (list port or list"
                    " interface)");
    for (unsigned i = 1; i < c->n_args; i++) {
        struct config_bridge *b;
        struct config_port *p = config_find_port(x->cfg, c->args[i], &b);

        if ((!p || (t == T_PORT ? is_bond_member(b, p) : p->type == PORT_TYPE_BOND))
            && !c->if_exists)
            return fail(x, ENOENT, "no row \"%s\" in table %s", c->args[i], table_names[t]);
    }
    return 0;
}

static int
add_port(struct exec *x, const struct ovs_vsctl_cmd *c)
{
    struct switch_config *cfg = x->cfg;
    const char *br = c->args[0], *name = c->args[1];
    struct config_bridge *b = config_find_bridge(cfg, br), *other;
    struct config_port *p;

    if (!b)
        return fail(x, ENOENT, "no bridge named %s", br);
    if ((p = config_find_port(cfg, name, &other))) {
        if (c->may_exist && other == b)
            return 0;
        if (c->may_exist)
            return fail(x, EEXIST, "\"--may-exist add-port %s %s\" but %s is actually attached"
                        " to bridge %s", br, name, name, other->name);
        return fail(x, EEXIST, "cannot create a port named %s because a port named %s already"
                    " exists on bridge %s", name, name, other->name);
    }
    if (config_find_bridge(cfg, name))
        return fail(x, EEXIST, "cannot create a port named %s because a bridge named %s"
                    " already exists", name, name);
    if (strlen(name) > CONFIG_NAME_MAX)
        return fail(x, EINVAL, "invalid port name \"%s\" (at most %d characters)", name,
                    CONFIG_NAME_MAX);
    /* No type yet: a system port, the NIC or veth of that name, as in OVS. */
    if (!(p = port_add(b, name, PORT_TYPE_SYSTEM)))
        return fail(x, ENOMEM, "out of memory");
    return set_columns(x, T_PORT, b, p, c->args + 2, c->n_args - 2);
}

static int
del_port(struct exec *x, const struct ovs_vsctl_cmd *c)
{
    struct switch_config *cfg = x->cfg;
    const char *name = c->args[c->n_args - 1];
    struct config_bridge *b = NULL, *pb;
    struct config_port *p;

    if (c->n_args == 2 && !(b = config_find_bridge(cfg, c->args[0])))
        return fail(x, ENOENT, "no bridge named %s", c->args[0]);
    if (!(p = config_find_port(cfg, name, &pb)) || is_bond_member(pb, p))
        return c->if_exists ? 0 : fail(x, ENOENT, "no port named %s", name);
    if (b && pb != b)
        return c->if_exists ? 0 : fail(x, ENOENT, "bridge %s does not have a port %s",
                                       b->name, name);
    if (is_local(pb, p))
        return fail(x, EINVAL, "cannot delete port %s because it is the local port for bridge"
                    " %s (deleting this port requires deleting the entire bridge)", name,
                    pb->name);
    remove_with_peer(cfg, pb, name);
    return 0;
}

/* New system ports need their netdev (OVS opens it; an apply here would
 * fail less clearly). */
static int
check_netdevs(struct exec *x, ovs_vsctl_netdev_fn *netdev_exists, void *arg)
{
    for (size_t b = 0; b < x->cfg->n_bridges; b++) {
        for (size_t i = 0; i < x->cfg->bridges[b].n_ports; i++) {
            const struct config_port *p = &x->cfg->bridges[b].ports[i], *old = NULL;

            for (size_t ob = 0; !old && ob < x->running->n_bridges; ob++)
                for (size_t oi = 0; !old && oi < x->running->bridges[ob].n_ports; oi++)
                    if (!strcmp(x->running->bridges[ob].ports[oi].name, p->name))
                        old = &x->running->bridges[ob].ports[oi];
            if (p->type == PORT_TYPE_SYSTEM && !(old && old->type == PORT_TYPE_SYSTEM)
                && netdev_exists && !netdev_exists(p->name, arg))
                return fail(x, ENODEV, "Error detected while setting up '%s': could not open"
                            " network device %s (No such device)", p->name, p->name);
        }
    }
    return 0;
}

int
ovs_vsctl_execute(const struct ovs_vsctl_line *line, const struct switch_config *running,
                  struct switch_config *cfg, ovs_vsctl_netdev_fn *netdev_exists, void *arg,
                  FILE *out, char *err, size_t err_size)
{
    struct exec x = { false, running, cfg, out, err, err_size };
    int error = 0;

    err[0] = '\0';
    for (unsigned i = 0; !error && i < line->n_cmds; i++) {
        const struct ovs_vsctl_cmd *c = &line->cmds[i];

        switch (c->verb) {
        case OVS_VSCTL_ADD_BR:      error = add_br(&x, c); break;
        case OVS_VSCTL_DEL_BR:      error = del_br(&x, c); break;
        case OVS_VSCTL_LIST_BR:     error = list_br(&x); break;
        case OVS_VSCTL_BR_EXISTS:   error = config_find_bridge(cfg, c->args[0]) ? 0 : ENOENT; break;
        case OVS_VSCTL_ADD_PORT:    error = add_port(&x, c); break;
        case OVS_VSCTL_DEL_PORT:    error = del_port(&x, c); break;
        case OVS_VSCTL_LIST_PORTS:  error = list_ports(&x, c); break;
        case OVS_VSCTL_PORT_TO_BR: {
            struct config_bridge *b;
            struct config_port *p = config_find_port(cfg, c->args[0], &b);

            if (!p || is_bond_member(b, p))
                error = fail(&x, ENOENT, "no port named %s", c->args[0]);
            else
                fprintf(out, "%s\n", b->name);
            break;
        }
        case OVS_VSCTL_LIST_IFACES: error = list_ifaces(&x, c); break;
        case OVS_VSCTL_IFACE_TO_BR: {
            struct config_bridge *b;
            struct config_port *p = config_find_port(cfg, c->args[0], &b);

            if (!p || p->type == PORT_TYPE_BOND)
                error = fail(&x, ENOENT, "no interface named %s", c->args[0]);
            else
                fprintf(out, "%s\n", b->name);
            break;
        }
        case OVS_VSCTL_FAIL_MODE:
            if (!config_find_bridge(cfg, c->args[0]))
                error = fail(&x, ENOENT, "no bridge named %s", c->args[0]);
            break;
        case OVS_VSCTL_NOTHING:     break;
        case OVS_VSCTL_SET:         error = set_cmd(&x, c); break;
        case OVS_VSCTL_CLEAR:       error = clear_cmd(&x, c); break;
        case OVS_VSCTL_ADD:         error = add_remove_cmd(&x, c, true); break;
        case OVS_VSCTL_REMOVE:      error = add_remove_cmd(&x, c, false); break;
        case OVS_VSCTL_GET:         error = get_cmd(&x, c); break;
        case OVS_VSCTL_SHOW:        break;
        case OVS_VSCTL_LIST:        error = list_cmd(&x, c); break;
        }
    }
    if (!error && ovs_vsctl_changes(line))
        error = check_netdevs(&x, netdev_exists, arg);
    return error;
}
