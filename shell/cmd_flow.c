/* Flow tables: `flow add|modify|delete` in config-bridge mode, `show flows`,
 * and the Open vSwitch spellings pasted verbatim:
 *   ovs-ofctl add-flow BR FLOW          ovs-ofctl dump-flows BR [MATCH]
 *   ovs-ofctl mod-flows [--strict] BR FLOW
 *   ovs-ofctl del-flows [--strict] BR [MATCH]
 *   ovs-ofctl show BR                   ovs-vsctl show
 *   ovs-ofctl dump-flows BR --no-stats  (the other OVS commands: cmd_ovs.c)
 * Flows go to the bridge's table directly (net/bridge.h): they are not part
 * of the configuration edits the other commands apply, which keep the flow
 * tables as they are (STATE_APPLY_KEEP_FLOWS), and are saved from the
 * table by `write memory`.  Errors use the flow parser's OVS wording.
 * Ports may be named ("in_port=vm1,actions=output:vm2") as ovs-ofctl takes
 * them; the names resolve to numbers here (net/flow.h, struct
 * flow_port_names), so the table, dump-flows and the saved configuration
 * hold numbers, as OVS's do. */
#include <stdlib.h>
#include <string.h>

#include "cmd_table.h"
#include "loop.h"
#include "ovs_vsctl.h"
#include "shell_private.h"
#include "state.h"
#include "sysfs.h"
#include "version.h"

/* The bridge a flow command works on: named, or config-bridge's. */
static struct sw_bridge *
flow_bridge(struct cmd_ctx *ctx, enum cmd_status *status)
{
    const char *name = cmd_value(ctx, "BRIDGE");
    struct sw_bridge *b = state_find_bridge(ctx->sw, name ? name : ctx->sess->bridge);

    if (!b)
        *status = name ? cmd_error(ctx, "ovs-ofctl: %s is not a bridge or a socket", name)
                       : cmd_error(ctx, "Bridge %s no longer exists", ctx->sess->bridge);
    return b;
}

/* The bridge whose port names a flow command's text may use. */
struct flow_bridge_ports {
    const struct switch_state *sw;
    const struct sw_bridge *bridge;
    struct flow_port_names names;
};

/* flow_port_names.lookup: the bridge's ports by name, its own name for
 * LOCAL as in OVS. */
static bool
bridge_port_number(const void *arg, const char *name, uint16_t *port)
{
    const struct flow_bridge_ports *bp = arg;
    const struct sw_bridge *b = bp->bridge;
    const struct port *p = state_find_port(bp->sw, name);

    if (p && state_port_bridge(p) == b) {
        *port = state_port_ofport(p);
        return true;
    }
    if (b && !strcmp(name, state_bridge_name(b))) {
        *port = FLOW_PORT_LOCAL;
        return true;
    }
    return false;
}

static const struct flow_port_names *
port_names_of(struct cmd_ctx *ctx, const struct sw_bridge *b, struct flow_bridge_ports *bp)
{
    *bp = (struct flow_bridge_ports) {
        .sw = ctx->sw,
        .bridge = b,
        .names = { .lookup = bridge_port_number, .arg = bp },
    };
    return &bp->names;
}

/* The variants of flow_modify() and flow_delete(): the `--strict` spellings
 * select by exact match and priority. */
enum { FLOW_LOOSE, FLOW_STRICT, FLOW_NO_STATS };

static bool
strict_of(const struct cmd_ctx *ctx)
{
    return ctx->match->cmd->variant == FLOW_STRICT;
}

static enum cmd_status
flow_add(struct cmd_ctx *ctx)
{
    enum cmd_status status = CMD_OK;
    struct sw_bridge *b = flow_bridge(ctx, &status);
    struct flow_bridge_ports bp;
    struct err_msg err;
    struct flow f;
    int error;

    if (!b)
        return status;
    if (!flow_parse_add_named(cmd_value(ctx, "flow"), port_names_of(ctx, b, &bp), &f, &err))
        return cmd_error(ctx, "%s", err.text);
    if ((error = bridge_flow_add(state_bridge_core(b), &f, loop_now_ms())))
        return cmd_error(ctx, "Cannot add the flow: %s", strerror(error));
    return CMD_OK;
}

static enum cmd_status
flow_modify(struct cmd_ctx *ctx)
{
    enum cmd_status status = CMD_OK;
    struct sw_bridge *b = flow_bridge(ctx, &status);
    struct err_msg err;
    struct flow_bridge_ports bp;
    struct flow_mod fm;
    size_t n;
    int error;

    if (!b)
        return status;
    if (!flow_parse_modify_named(cmd_value(ctx, "flow"), strict_of(ctx),
                                 port_names_of(ctx, b, &bp), &fm, &err))
        return cmd_error(ctx, "%s", err.text);
    if ((error = bridge_flow_modify(state_bridge_core(b), &fm, loop_now_ms(), &n)))
        return cmd_error(ctx, "Cannot modify flows: %s", strerror(error));
    return CMD_OK;
}

static enum cmd_status
flow_delete(struct cmd_ctx *ctx)
{
    enum cmd_status status = CMD_OK;
    struct sw_bridge *b = flow_bridge(ctx, &status);
    const char *match = cmd_value(ctx, "match");
    struct flow_bridge_ports bp;
    struct flow_filter filter;
    struct err_msg err;

    if (!b)
        return status;
    if (!flow_parse_filter_named(match ? match : "", strict_of(ctx),
                                 port_names_of(ctx, b, &bp), &filter, &err))
        return cmd_error(ctx, "%s", err.text);
    bridge_flow_delete(state_bridge_core(b), &filter);
    return CMD_OK;
}

static enum cmd_status
flow_dump(struct cmd_ctx *ctx)
{
    enum cmd_status status = CMD_OK;
    struct sw_bridge *b = flow_bridge(ctx, &status);
    const char *match = cmd_value(ctx, "match");
    struct flow_filter filter;
    struct bridge_flow_info *flows;
    struct flow_bridge_ports bp;
    struct err_msg err;
    int64_t now = loop_now_ms();
    size_t n;

    if (!b)
        return status;
    if (!flow_parse_filter_named(match ? match : "", false, port_names_of(ctx, b, &bp),
                                 &filter, &err))
        return cmd_error(ctx, "%s", err.text);
    n = bridge_flow_count(state_bridge_core(b));
    if (!(flows = calloc(n ? n : 1, sizeof *flows)))
        return cmd_error(ctx, "Out of memory");
    n = bridge_flow_collect(state_bridge_core(b), &filter, flows, n);
    for (size_t i = 0; i < n; i++) {
        char line[FLOW_STR_MAX + 256];
        /* --no-stats: OVS's line without cookie 0, duration, table and
         * counters, which is flow_format()'s text. */
        if (ctx->match->cmd->variant == FLOW_NO_STATS) {
            line[0] = ' ';
            flow_format(&flows[i].flow, line + 1, sizeof line - 1);
        } else {
            flow_format_stats(&flows[i].flow, &flows[i].stats, now, line, sizeof line);
        }
        cmd_out(ctx, "%s", line);
    }
    free(flows);
    return CMD_OK;
}

/* The netdev's MAC, or zeros when it is not in this namespace. */
static void
port_mac(const struct port *p, char buf[18])
{
    if (!sysfs_net_read(state_port_name(p), "address", buf, 18) || strlen(buf) != 17)
        snprintf(buf, 18, "00:00:00:00:00:00");
}

/* A datapath id for the bridge: its name hashed, as OVS derives one from a
 * MAC address (FNV-1a, 48 bits). */
static unsigned long long
bridge_dpid(const char *name)
{
    unsigned long long h = 14695981039346656037ULL;

    for (; *name; name++)
        h = (h ^ (unsigned char) *name) * 1099511628211ULL;
    return h & 0xffffffffffffULL;
}

static enum cmd_status
ofctl_show(struct cmd_ctx *ctx)
{
    enum cmd_status status = CMD_OK;
    struct sw_bridge *b = flow_bridge(ctx, &status);

    if (!b)
        return status;
    cmd_out(ctx, "OFPT_FEATURES_REPLY (xid=0x2): dpid:%016llx", bridge_dpid(state_bridge_name(b)));
    cmd_out(ctx, "n_tables:1, n_buffers:0");
    cmd_out(ctx, "capabilities: FLOW_STATS PORT_STATS");
    cmd_out(ctx, "actions: output set_vlan_vid set_vlan_pcp strip_vlan mod_dl_src mod_dl_dst");
    /* Ports by ofport, as OVS lists them. */
    for (unsigned ofport = 1; ofport <= FLOW_OFPORT_MAX; ofport++) {
        uint16_t port_no;
        const struct port *p;
        char mac[18];

        if (!bridge_port_by_ofport(state_bridge_core(b), ofport, &port_no)
            || !(p = state_bridge_port(b, port_no)))
            continue;
        port_mac(p, mac);
        cmd_out(ctx, " %u(%s): addr:%s", ofport, state_port_name(p), mac);
        cmd_out(ctx, "     config:     %s",
                bridge_port_is_enabled(state_bridge_core(b), port_no) ? "0" : "PORT_DOWN");
        cmd_out(ctx, "     state:      %s", state_port_connected(ctx->sw, p) ? "0" : "LINK_DOWN");
        cmd_out(ctx, "     speed: 0 Mbps now, 0 Mbps max");
    }
    /* The local port comes last, as OVS lists it. */
    {
        uint16_t port_no;
        const struct port *p;
        char mac[18];

        if (bridge_port_by_ofport(state_bridge_core(b), FLOW_PORT_LOCAL, &port_no)
            && (p = state_bridge_port(b, port_no))) {
            port_mac(p, mac);
            cmd_out(ctx, " LOCAL(%s): addr:%s", state_port_name(p), mac);
            cmd_out(ctx, "     config:     %s",
                    bridge_port_is_enabled(state_bridge_core(b), port_no) ? "0" : "PORT_DOWN");
            cmd_out(ctx, "     state:      %s",
                    state_port_connected(ctx->sw, p) ? "0" : "LINK_DOWN");
            cmd_out(ctx, "     speed: 0 Mbps now, 0 Mbps max");
        }
    }
    cmd_out(ctx, "OFPT_GET_CONFIG_REPLY (xid=0x4): frags=normal miss_send_len=0");
    return CMD_OK;
}

static void
vsctl_interface(struct cmd_ctx *ctx, const struct config_port *p)
{
    char options[2048];

    cmd_out(ctx, "            Interface %s", p->name);
    if (p->type != PORT_TYPE_SYSTEM)
        cmd_out(ctx, "                type: %s", port_type_name(p->type));
    if (ovs_vsctl_format_options(p, options, sizeof options))
        cmd_out(ctx, "                options: %s", options);
}

static bool
vsctl_is_bond(const struct config_bridge *cb, const char *name)
{
    for (size_t i = 0; i < cb->n_ports; i++)
        if (!strcmp(cb->ports[i].name, name))
            return cb->ports[i].type == PORT_TYPE_BOND;
    return false;
}

/* A new port's VLAN settings: trunk of every VLAN, native VLAN 1 untagged. */
static bool
vsctl_is_factory_default(const struct vlan_port *v)
{
    return v->mode == VLAN_MODE_TRUNK && v->native_vid == 1 && !v->native_tagged
           && vlan_set_is_full(&v->allowed);
}

/* `ovs-vsctl show`: bridges, ports and interfaces as OVS prints its
 * database, with the VLAN settings in OVS's words (tag, trunks,
 * vlan_mode). */
enum cmd_status
cmd_ovs_vsctl_show(struct cmd_ctx *ctx)
{
    struct switch_state *sw = ctx->sw;
    const struct switch_config *cfg = state_config(sw);

    cmd_out(ctx, "%08llx-0000-4000-8000-%012llx", bridge_dpid(cfg->hostname) & 0xffffffffULL,
            bridge_dpid(cfg->hostname));
    for (size_t i = 0; i < cfg->n_bridges; i++) {
        const struct config_bridge *cb = &cfg->bridges[i];

        cmd_out(ctx, "    Bridge %s", cb->name);
        for (size_t j = 0; j < cb->n_ports; j++) {
            const struct config_port *p = &cb->ports[j];
            const struct vlan_port *v = &p->vlan;

            if (p->bond[0] && vsctl_is_bond(cb, p->bond))
                continue;               /* listed under its bond */
            cmd_out(ctx, "        Port %s", p->name);
            if (!strcmp(p->name, cb->name) && vsctl_is_factory_default(v)) {
                /* The local port as OVS shows it: no VLAN settings. */
            } else if (v->mode == VLAN_MODE_ACCESS) {
                cmd_out(ctx, "            tag: %u", (unsigned) v->access_vid);
            } else {
                if (v->native_vid) {
                    cmd_out(ctx, "            tag: %u", (unsigned) v->native_vid);
                    cmd_out(ctx, "            vlan_mode: %s",
                            v->native_tagged || cfg->vlan_dot1q_tag_native ? "native-tagged"
                                                                           : "native-untagged");
                } else if (!vlan_set_is_full(&v->allowed)) {
                    cmd_out(ctx, "            vlan_mode: trunk");
                }
                if (!vlan_set_is_full(&v->allowed)) {
                    char out[VLAN_SET_STR_MAX * 2] = "";
                    size_t len = 0;
                    /* OVS lists every VLAN: "[10, 11, 12]". */
                    for (unsigned vid = VLAN_VID_MIN; vid <= VLAN_VID_MAX && len < sizeof out - 16;
                         vid++)
                        if (vlan_set_contains(&v->allowed, vid))
                            len += snprintf(out + len, sizeof out - len, "%s%u", len ? ", " : "",
                                            vid);
                    cmd_out(ctx, "            trunks: [%s]", out);
                }
            }
            if (p->type != PORT_TYPE_BOND) {
                vsctl_interface(ctx, p);
                continue;
            }
            /* A bond is one Port with an Interface per member, as OVS. */
            for (size_t k = 0; k < cb->n_ports; k++)
                if (!strcmp(cb->ports[k].bond, p->name))
                    vsctl_interface(ctx, &cb->ports[k]);
        }
    }
    cmd_out(ctx, "    ovs_version: \"tapswitch %s\"", SWITCHD_VERSION);
    return CMD_OK;
}

#define FLOW_HELP "A flow in ovs-ofctl syntax: priority=N,MATCH actions=ACTIONS"
#define MATCH_HELP "Match fields in ovs-ofctl syntax (all flows if none)"

static const struct cmdline_cmd cmds[] = {
    { .syntax = "flow", .modes = IN_BRIDGE, .privilege = PRIV_ENABLE,
      .help = "Flow table of this bridge" },
    { .syntax = "flow add LINE:flow", .modes = IN_BRIDGE, .privilege = PRIV_ENABLE,
      .help = "Add a flow (same match and priority: replace)", .arg_help = FLOW_HELP,
      .exec = flow_add },
    { .syntax = "flow modify LINE:flow", .modes = IN_BRIDGE, .privilege = PRIV_ENABLE,
      .help = "Change the actions of the flows a match selects", .arg_help = FLOW_HELP,
      .exec = flow_modify },
    { .syntax = "flow modify --strict LINE:flow", .modes = IN_BRIDGE, .privilege = PRIV_ENABLE,
      .help = "Only the flow of this match and priority", .arg_help = FLOW_HELP,
      .exec = flow_modify, .variant = FLOW_STRICT },
    { .syntax = "flow delete", .modes = IN_BRIDGE, .privilege = PRIV_ENABLE,
      .help = "Delete flows (all, or those a match selects)", .exec = flow_delete },
    { .syntax = "flow delete LINE:match", .modes = IN_BRIDGE, .privilege = PRIV_ENABLE,
      .help = "Delete the flows a match selects", .arg_help = MATCH_HELP, .exec = flow_delete },
    { .syntax = "flow delete --strict LINE:match", .modes = IN_BRIDGE, .privilege = PRIV_ENABLE,
      .help = "Only the flow of this match and priority", .arg_help = MATCH_HELP,
      .exec = flow_delete, .variant = FLOW_STRICT },
    { .syntax = "show flows BRIDGE", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Flow table of a bridge (ovs-ofctl dump-flows format)", .exec = flow_dump,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "show flows BRIDGE LINE:match", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Flow table of a bridge", .arg_help = MATCH_HELP, .exec = flow_dump,
      .flags = CMDLINE_FILTERABLE },

    { .syntax = "ovs-ofctl", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Open vSwitch ovs-ofctl commands on our bridges" },
    { .syntax = "ovs-ofctl add-flow BRIDGE LINE:flow", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Add a flow", .arg_help = FLOW_HELP, .exec = flow_add },
    { .syntax = "ovs-ofctl mod-flows BRIDGE LINE:flow", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Modify the actions of flows", .arg_help = FLOW_HELP, .exec = flow_modify },
    { .syntax = "ovs-ofctl mod-flows --strict BRIDGE LINE:flow", .modes = IN_EXEC,
      .privilege = PRIV_ENABLE, .help = "Modify one flow exactly", .arg_help = FLOW_HELP,
      .exec = flow_modify, .variant = FLOW_STRICT },
    { .syntax = "ovs-ofctl mod-flows BRIDGE --strict LINE:flow", .modes = IN_EXEC,
      .privilege = PRIV_ENABLE, .help = "Modify one flow exactly", .arg_help = FLOW_HELP,
      .exec = flow_modify, .variant = FLOW_STRICT },
    { .syntax = "ovs-ofctl --strict", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Match priority and fields exactly" },
    { .syntax = "ovs-ofctl --strict mod-flows BRIDGE LINE:flow", .modes = IN_EXEC,
      .privilege = PRIV_ENABLE, .help = "Modify one flow exactly", .arg_help = FLOW_HELP,
      .exec = flow_modify, .variant = FLOW_STRICT },
    { .syntax = "ovs-ofctl del-flows BRIDGE", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Delete every flow", .exec = flow_delete },
    { .syntax = "ovs-ofctl del-flows BRIDGE LINE:match", .modes = IN_EXEC,
      .privilege = PRIV_ENABLE, .help = "Delete the flows a match selects", .arg_help = MATCH_HELP,
      .exec = flow_delete },
    { .syntax = "ovs-ofctl del-flows --strict BRIDGE LINE:match", .modes = IN_EXEC,
      .privilege = PRIV_ENABLE, .help = "Delete one flow exactly", .arg_help = MATCH_HELP,
      .exec = flow_delete, .variant = FLOW_STRICT },
    { .syntax = "ovs-ofctl del-flows BRIDGE --strict LINE:match", .modes = IN_EXEC,
      .privilege = PRIV_ENABLE, .help = "Delete one flow exactly", .arg_help = MATCH_HELP,
      .exec = flow_delete, .variant = FLOW_STRICT },
    { .syntax = "ovs-ofctl --strict del-flows BRIDGE LINE:match", .modes = IN_EXEC,
      .privilege = PRIV_ENABLE, .help = "Delete one flow exactly", .arg_help = MATCH_HELP,
      .exec = flow_delete, .variant = FLOW_STRICT },
    { .syntax = "ovs-ofctl dump-flows BRIDGE", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Print the flows of a bridge", .exec = flow_dump, .flags = CMDLINE_FILTERABLE },
    { .syntax = "ovs-ofctl dump-flows BRIDGE LINE:match", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Print the flows a match selects", .arg_help = MATCH_HELP, .exec = flow_dump,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "ovs-ofctl dump-flows BRIDGE --no-stats", .modes = IN_EXEC,
      .privilege = PRIV_USER, .help = "Without cookie, duration and counters",
      .exec = flow_dump, .flags = CMDLINE_FILTERABLE, .variant = FLOW_NO_STATS },
    { .syntax = "ovs-ofctl dump-flows --no-stats BRIDGE", .modes = IN_EXEC,
      .privilege = PRIV_USER, .help = "Print the flows without statistics",
      .exec = flow_dump, .flags = CMDLINE_FILTERABLE, .variant = FLOW_NO_STATS },
    { .syntax = "ovs-ofctl dump-flows --no-stats BRIDGE LINE:match", .modes = IN_EXEC,
      .privilege = PRIV_USER, .help = "Print the flows a match selects, without statistics",
      .arg_help = MATCH_HELP, .exec = flow_dump, .flags = CMDLINE_FILTERABLE,
      .variant = FLOW_NO_STATS },
    { .syntax = "ovs-ofctl --no-stats", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Leave the statistics out" },
    { .syntax = "ovs-ofctl --no-stats dump-flows BRIDGE", .modes = IN_EXEC,
      .privilege = PRIV_USER, .help = "Print the flows without statistics",
      .exec = flow_dump, .flags = CMDLINE_FILTERABLE, .variant = FLOW_NO_STATS },
    { .syntax = "ovs-ofctl --no-stats dump-flows BRIDGE LINE:match", .modes = IN_EXEC,
      .privilege = PRIV_USER, .help = "Print the flows a match selects, without statistics",
      .arg_help = MATCH_HELP, .exec = flow_dump, .flags = CMDLINE_FILTERABLE,
      .variant = FLOW_NO_STATS },
    { .syntax = "ovs-ofctl show BRIDGE", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Print the bridge's ports (OpenFlow features)", .exec = ofctl_show,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "ovs-vsctl", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Open vSwitch ovs-vsctl commands" },
    { .syntax = "ovs-vsctl show", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Print the bridges, ports and interfaces", .exec = cmd_ovs_vsctl_show,
      .flags = CMDLINE_FILTERABLE },
};

const struct cmdline_table cmd_flow_table = CMD_TABLE(cmds);
