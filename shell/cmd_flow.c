/* Flow tables: `flow add|modify|delete` in config-bridge mode, `show flows`,
 * and the Open vSwitch spellings pasted verbatim:
 *   ovs-ofctl add-flow BR FLOW          ovs-ofctl dump-flows BR [MATCH]
 *   ovs-ofctl mod-flows [--strict] BR FLOW
 *   ovs-ofctl del-flows [--strict] BR [MATCH]
 *   ovs-ofctl show BR                   ovs-vsctl show
 * Flows go to the bridge's table directly (net/bridge.h): they are not part
 * of the configuration edits the other commands apply, which keep the flow
 * tables as they are (STATE_APPLY_KEEP_FLOWS), and are saved from the
 * table by `write memory`.  Errors use the flow parser's OVS wording. */
#include <stdlib.h>
#include <string.h>

#include "loop.h"
#include "shell_private.h"
#include "state.h"

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

static bool
strict_of(const struct cmd_ctx *ctx)
{
    return strstr(ctx->match->cmd->syntax, "--strict") != NULL;
}

static enum cmd_status
flow_add(struct cmd_ctx *ctx)
{
    enum cmd_status status = CMD_OK;
    struct sw_bridge *b = flow_bridge(ctx, &status);
    struct err_msg err;
    struct flow f;
    int error;

    if (!b)
        return status;
    if (!flow_parse_add(cmd_value(ctx, "flow"), &f, &err))
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
    struct flow_mod fm;
    size_t n;
    int error;

    if (!b)
        return status;
    if (!flow_parse_modify(cmd_value(ctx, "flow"), strict_of(ctx), &fm, &err))
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
    struct flow_filter filter;
    struct err_msg err;

    if (!b)
        return status;
    if (!flow_parse_filter(match ? match : "", strict_of(ctx), &filter, &err))
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
    struct err_msg err;
    int64_t now = loop_now_ms();
    size_t n;

    if (!b)
        return status;
    if (!flow_parse_filter(match ? match : "", false, &filter, &err))
        return cmd_error(ctx, "%s", err.text);
    n = bridge_flow_count(state_bridge_core(b));
    if (!(flows = calloc(n ? n : 1, sizeof *flows)))
        return cmd_error(ctx, "Out of memory");
    n = bridge_flow_collect(state_bridge_core(b), &filter, flows, n);
    for (size_t i = 0; i < n; i++) {
        char line[FLOW_STR_MAX + 256];
        flow_format_stats(&flows[i].flow, &flows[i].stats, now, line, sizeof line);
        cmd_out(ctx, "%s", line);
    }
    free(flows);
    return CMD_OK;
}

/* The netdev's MAC, or zeros when it is not in this namespace. */
static void
port_mac(const struct port *p, char buf[18])
{
    char path[64];
    FILE *f;

    snprintf(buf, 18, "00:00:00:00:00:00");
    snprintf(path, sizeof path, "/sys/class/net/%s/address", state_port_name(p));
    if ((f = fopen(path, "r"))) {
        if (!fgets(buf, 18, f) || strlen(buf) != 17)
            snprintf(buf, 18, "00:00:00:00:00:00");
        fclose(f);
    }
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
    cmd_out(ctx, "OFPT_GET_CONFIG_REPLY (xid=0x4): frags=normal miss_send_len=0");
    return CMD_OK;
}

/* `ovs-vsctl show`: bridges, ports and interfaces as OVS prints its
 * database, with the VLAN settings in OVS's words (tag, trunks,
 * vlan_mode). */
static enum cmd_status
vsctl_show(struct cmd_ctx *ctx)
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

            cmd_out(ctx, "        Port %s", p->name);
            if (v->mode == VLAN_MODE_ACCESS) {
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
            cmd_out(ctx, "            Interface %s", p->name);
            if (p->type != PORT_TYPE_SYSTEM)
                cmd_out(ctx, "                type: %s", port_type_name(p->type));
            if (p->type == PORT_TYPE_PATCH)
                cmd_out(ctx, "                options: {peer=%s}", p->peer);
        }
    }
    cmd_out(ctx, "    ovs_version: \"tapswitch 0.1.0\"");
    return CMD_OK;
}

#define X   SHELL_M(SHELL_MODE_EXEC)
#define BR  SHELL_M(SHELL_MODE_BRIDGE)
#define EN  SHELL_PRIV_ENABLE
#define U   SHELL_PRIV_USER
#define F   CMDLINE_FILTERABLE
#define FLOW_HELP "A flow in ovs-ofctl syntax: priority=N,MATCH actions=ACTIONS"
#define MATCH_HELP "Match fields in ovs-ofctl syntax (all flows if none)"

static const struct cmdline_cmd cmds[] = {
    { "flow", BR, EN, "Flow table of this bridge", NULL, NULL, 0 },
    { "flow add LINE:flow", BR, EN, "Add a flow (same match and priority: replace)", FLOW_HELP,
      flow_add, 0 },
    { "flow modify LINE:flow", BR, EN, "Change the actions of the flows a match selects",
      FLOW_HELP, flow_modify, 0 },
    { "flow modify --strict LINE:flow", BR, EN, "Only the flow of this match and priority",
      FLOW_HELP, flow_modify, 0 },
    { "flow delete", BR, EN, "Delete flows (all, or those a match selects)", NULL, flow_delete,
      0 },
    { "flow delete LINE:match", BR, EN, "Delete the flows a match selects", MATCH_HELP,
      flow_delete, 0 },
    { "flow delete --strict LINE:match", BR, EN, "Only the flow of this match and priority",
      MATCH_HELP, flow_delete, 0 },
    { "show flows BRIDGE", X, U, "Flow table of a bridge (ovs-ofctl dump-flows format)", NULL,
      flow_dump, F },
    { "show flows BRIDGE LINE:match", X, U, "Flow table of a bridge", MATCH_HELP, flow_dump, F },

    { "ovs-ofctl", X, U, "Open vSwitch ovs-ofctl commands on our bridges", NULL, NULL, 0 },
    { "ovs-ofctl add-flow BRIDGE LINE:flow", X, EN, "Add a flow", FLOW_HELP, flow_add, 0 },
    { "ovs-ofctl mod-flows BRIDGE LINE:flow", X, EN, "Modify the actions of flows", FLOW_HELP,
      flow_modify, 0 },
    { "ovs-ofctl mod-flows --strict BRIDGE LINE:flow", X, EN, "Modify one flow exactly",
      FLOW_HELP, flow_modify, 0 },
    { "ovs-ofctl mod-flows BRIDGE --strict LINE:flow", X, EN, "Modify one flow exactly",
      FLOW_HELP, flow_modify, 0 },
    { "ovs-ofctl --strict", X, EN, "Match priority and fields exactly", NULL, NULL, 0 },
    { "ovs-ofctl --strict mod-flows BRIDGE LINE:flow", X, EN, "Modify one flow exactly",
      FLOW_HELP, flow_modify, 0 },
    { "ovs-ofctl del-flows BRIDGE", X, EN, "Delete every flow", NULL, flow_delete, 0 },
    { "ovs-ofctl del-flows BRIDGE LINE:match", X, EN, "Delete the flows a match selects",
      MATCH_HELP, flow_delete, 0 },
    { "ovs-ofctl del-flows --strict BRIDGE LINE:match", X, EN, "Delete one flow exactly",
      MATCH_HELP, flow_delete, 0 },
    { "ovs-ofctl del-flows BRIDGE --strict LINE:match", X, EN, "Delete one flow exactly",
      MATCH_HELP, flow_delete, 0 },
    { "ovs-ofctl --strict del-flows BRIDGE LINE:match", X, EN, "Delete one flow exactly",
      MATCH_HELP, flow_delete, 0 },
    { "ovs-ofctl dump-flows BRIDGE", X, U, "Print the flows of a bridge", NULL, flow_dump, F },
    { "ovs-ofctl dump-flows BRIDGE LINE:match", X, U, "Print the flows a match selects",
      MATCH_HELP, flow_dump, F },
    { "ovs-ofctl show BRIDGE", X, U, "Print the bridge's ports (OpenFlow features)", NULL,
      ofctl_show, F },
    { "ovs-vsctl", X, U, "Open vSwitch ovs-vsctl commands", NULL, NULL, 0 },
    { "ovs-vsctl show", X, U, "Print the bridges, ports and interfaces", NULL, vsctl_show, F },
};

const struct cmdline_table cmd_flow_table = { cmds, sizeof cmds / sizeof cmds[0] };
