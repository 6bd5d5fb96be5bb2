/* Interfaces, shown: `show interfaces [PORT] [status | trunk | switchport
 * | counters | description]`, `show interfaces port-channel N` (the
 * config-if commands that change them: cmd_interface.c). */
#include <stdlib.h>
#include <string.h>

#include "cmd_table.h"
#include "shell_private.h"
#include "state.h"

/* show interfaces */

static const char *
vlan_name_of(const struct switch_config *cfg, const struct port *p, uint16_t vid)
{
    for (size_t b = 0; b < cfg->n_bridges; b++) {
        if (strcmp(cfg->bridges[b].name, state_bridge_name(state_port_bridge(p))))
            continue;
        for (size_t i = 0; i < cfg->bridges[b].n_vlans; i++)
            if (cfg->bridges[b].vlans[i].id == vid)
                return cfg->bridges[b].vlans[i].name;
    }
    return NULL;
}

static int
name_width(const struct switch_state *sw, int min)
{
    int w = min;

    for (size_t i = 0; i < state_n_ports(sw); i++)
        if ((int) strlen(state_port_name(state_port_at(sw, i))) + 1 > w)
            w = strlen(state_port_name(state_port_at(sw, i))) + 1;
    return w;
}

static enum cmd_status
show_status(struct cmd_ctx *ctx)
{
    struct switch_state *sw = ctx->sw;
    int w = name_width(sw, 10) - 1;

    cmd_out(ctx, "%-*s %-18s %-12s %-10s %6s %6s %s", w, "Port", "Name", "Status", "Vlan",
            "Duplex", "Speed", "Type");
    for (size_t i = 0; i < state_n_ports(sw); i++) {
        const struct port *p = state_port_at(sw, i);
        const struct config_port *cp = state_port_config(sw, p);
        bool up = state_port_connected(sw, p);
        char vlan[12];

        if (cp->vlan.mode == VLAN_MODE_ACCESS)
            snprintf(vlan, sizeof vlan, "%u", (unsigned) cp->vlan.access_vid);
        else
            snprintf(vlan, sizeof vlan, "trunk");
        cmd_out(ctx, "%-*s %-18.18s %-12s %-10s %6s %6s %s", w, state_port_name(p),
                cp->description,
                state_port_status_name(state_port_status(sw, p)), vlan,
                up ? "a-full" : "auto", up ? "a-10G" : "auto", state_port_type(p));
    }
    return CMD_OK;
}

static void
format_vlans(const struct vlan_set *s, char *buf, size_t size)
{
    vlan_set_format(s, buf, size);
}

static enum cmd_status
show_trunk(struct cmd_ctx *ctx)
{
    struct switch_state *sw = ctx->sw;
    const struct switch_config *cfg = state_config(sw);
    int w = name_width(sw, 12);
    static const char *const headers[] = {
        "Vlans allowed on trunk",
        "Vlans allowed and active in management domain",
        "Vlans in spanning tree forwarding state and not pruned",
    };
    bool any = false;

    for (size_t i = 0; i < state_n_ports(sw); i++) {
        const struct config_port *cp = state_port_config(sw, state_port_at(sw, i));
        if (cp->vlan.mode == VLAN_MODE_TRUNK && cp->enabled)
            any = true;
    }
    if (!any)
        return CMD_OK;
    cmd_out(ctx, "%s", "");
    cmd_out(ctx, "%-*s%-17s%-15s%-14s%s", w, "Port", "Mode", "Encapsulation", "Status",
            "Native vlan");
    for (size_t i = 0; i < state_n_ports(sw); i++) {
        const struct config_port *cp = state_port_config(sw, state_port_at(sw, i));
        char native[8];
        if (cp->vlan.mode != VLAN_MODE_TRUNK || !cp->enabled)
            continue;
        if (cp->vlan.native_vid)
            snprintf(native, sizeof native, "%u", (unsigned) cp->vlan.native_vid);
        else
            snprintf(native, sizeof native, "none");
        cmd_out(ctx, "%-*s%-17s%-15s%-14s%s", w, cp->name, "on", "802.1q", "trunking", native);
    }
    /* Active: the allowed VLANs the bridge's database has -- one set per
     * bridge, not a lookup per port and VLAN (250 trunks with every VLAN
     * defined took 1.5 s of the loop thread). */
    struct vlan_set *defined = calloc(cfg->n_bridges ? cfg->n_bridges : 1, sizeof *defined);
    if (!defined)
        return cmd_error(ctx, "Out of memory");
    for (size_t b = 0; b < cfg->n_bridges; b++) {
        vlan_set_clear(&defined[b]);
        for (size_t v = 0; v < cfg->bridges[b].n_vlans; v++)
            vlan_set_add(&defined[b], cfg->bridges[b].vlans[v].id);
    }
    for (size_t h = 0; h < 3; h++) {
        cmd_out(ctx, "%s", "");
        cmd_out(ctx, "%-*s%s", w, "Port", headers[h]);
        for (size_t i = 0; i < state_n_ports(sw); i++) {
            const struct port *p = state_port_at(sw, i);
            const struct config_port *cp = state_port_config(sw, p);
            struct vlan_set set = cp->vlan.allowed;
            char list[VLAN_SET_STR_MAX];

            if (cp->vlan.mode != VLAN_MODE_TRUNK || !cp->enabled)
                continue;
            for (size_t b = 0; h > 0 && b < cfg->n_bridges; b++) {
                if (strcmp(cfg->bridges[b].name, state_bridge_name(state_port_bridge(p))))
                    continue;
                for (unsigned vid = VLAN_VID_MIN; vid <= VLAN_VID_MAX; vid++)
                    if (!vlan_set_contains(&defined[b], vid))
                        vlan_set_remove(&set, vid);
            }
            format_vlans(&set, list, sizeof list);
            cmd_out(ctx, "%-*s%s", w, cp->name, list);
        }
    }
    free(defined);
    return CMD_OK;
}

static void
switchport_block(struct cmd_ctx *ctx, const struct port *p)
{
    const struct switch_config *cfg = state_config(ctx->sw);
    const struct config_port *cp = state_port_config(ctx->sw, p);
    const struct vlan_port *v = &cp->vlan;
    bool access = v->mode == VLAN_MODE_ACCESS;
    const char *access_name = vlan_name_of(cfg, p, v->access_vid);
    const char *native_name = v->native_vid ? vlan_name_of(cfg, p, v->native_vid) : NULL;
    char allowed[VLAN_SET_STR_MAX];

    if (vlan_set_is_full(&v->allowed))
        snprintf(allowed, sizeof allowed, "ALL");
    else
        vlan_set_format(&v->allowed, allowed, sizeof allowed);
    cmd_out(ctx, "Name: %s", state_port_name(p));
    cmd_out(ctx, "Switchport: Enabled");
    cmd_out(ctx, "Administrative Mode: %s", access ? "static access" : "trunk");
    cmd_out(ctx, "Operational Mode: %s", !cp->enabled ? "down" : access ? "static access"
                                                                        : "trunk");
    cmd_out(ctx, "Administrative Trunking Encapsulation: dot1q");
    cmd_out(ctx, "Operational Trunking Encapsulation: %s", access ? "native" : "dot1q");
    cmd_out(ctx, "Negotiation of Trunking: Off");
    cmd_out(ctx, "Access Mode VLAN: %u (%s)", (unsigned) v->access_vid,
            access_name ? access_name : "Inactive");
    if (v->native_vid)
        cmd_out(ctx, "Trunking Native Mode VLAN: %u (%s)", (unsigned) v->native_vid,
                native_name ? native_name : "Inactive");
    else
        cmd_out(ctx, "Trunking Native Mode VLAN: none");
    cmd_out(ctx, "Administrative Native VLAN tagging: %s",
            v->native_tagged || cfg->vlan_dot1q_tag_native ? "enabled" : "disabled");
    cmd_out(ctx, "Voice VLAN: none");
    cmd_out(ctx, "Trunking VLANs Enabled: %s", allowed);
    cmd_out(ctx, "Pruning VLANs Enabled: 2-1001");
    cmd_out(ctx, "Capture Mode Disabled");
    cmd_out(ctx, "Capture VLANs Allowed: ALL");
    cmd_out(ctx, "%s", "");
    cmd_out(ctx, "Protected: false");
    cmd_out(ctx, "Unknown unicast blocked: disabled");
    cmd_out(ctx, "Unknown multicast blocked: disabled");
    cmd_out(ctx, "Appliance trust: none");
}

static enum cmd_status
show_switchport(struct cmd_ctx *ctx)
{
    const struct port *p;
    enum cmd_status status;

    if (cmd_value(ctx, "PORT")) {
        if ((status = cmd_port(ctx, "PORT", &p)) != CMD_OK)
            return status;
        switchport_block(ctx, p);
        return CMD_OK;
    }
    for (size_t i = 0; i < state_n_ports(ctx->sw); i++) {
        if (i)
            cmd_out(ctx, "%s", "");
        switchport_block(ctx, state_port_at(ctx->sw, i));
    }
    return CMD_OK;
}

static uint64_t
drops_of(const struct bridge_port_stats *s, const struct port *p)
{
    uint64_t n = state_port_rx_errors(p) + state_port_tx_errors(p) + state_port_rx_dropped(p);

    for (int i = 0; i < BRIDGE_N_DROPS; i++)
        n += s->drops[i];
    return n;
}

static enum cmd_status
show_counters(struct cmd_ctx *ctx)
{
    struct switch_state *sw = ctx->sw;
    const struct port *only = NULL;
    int w = name_width(sw, 16);
    enum cmd_status status;
    bool any_drop = false;

    if (cmd_value(ctx, "PORT") && (status = cmd_port(ctx, "PORT", &only)) != CMD_OK)
        return status;
    cmd_out(ctx, "%-*s%12s%12s%12s%12s%12s", w, "Port", "InOctets", "InFrames", "OutOctets",
            "OutFrames", "Drops");
    for (size_t i = 0; i < state_n_ports(sw); i++) {
        const struct port *p = state_port_at(sw, i);
        const struct bridge_port_stats *s = state_port_stats(p);
        if (only && p != only)
            continue;
        cmd_out(ctx, "%-*s%12llu%12llu%12llu%12llu%12llu", w, state_port_name(p),
                (unsigned long long) s->rx_bytes, (unsigned long long) s->rx_frames,
                (unsigned long long) s->tx_bytes, (unsigned long long) s->tx_frames,
                (unsigned long long) drops_of(s, p));
        if (drops_of(s, p))
            any_drop = true;
    }
    if (!any_drop)
        return CMD_OK;
    cmd_out(ctx, "%s", "");
    cmd_out(ctx, "%-*s%-28s%12s", w, "Port", "Drop reason", "Frames");
    for (size_t i = 0; i < state_n_ports(sw); i++) {
        const struct port *p = state_port_at(sw, i);
        const struct bridge_port_stats *s = state_port_stats(p);
        if (only && p != only)
            continue;
        for (int d = 0; d < BRIDGE_N_DROPS; d++)
            if (s->drops[d])
                cmd_out(ctx, "%-*s%-28s%12llu", w, state_port_name(p), bridge_drop_name(d),
                        (unsigned long long) s->drops[d]);
        if (state_port_rx_errors(p))
            cmd_out(ctx, "%-*s%-28s%12llu", w, state_port_name(p), "rx-error",
                    (unsigned long long) state_port_rx_errors(p));
        if (state_port_tx_errors(p))
            cmd_out(ctx, "%-*s%-28s%12llu", w, state_port_name(p), "tx-error",
                    (unsigned long long) state_port_tx_errors(p));
        if (state_port_rx_dropped(p))
            cmd_out(ctx, "%-*s%-28s%12llu", w, state_port_name(p), "rx-dropped",
                    (unsigned long long) state_port_rx_dropped(p));
    }
    return CMD_OK;
}

static void
interface_block(struct cmd_ctx *ctx, const struct port *p)
{
    struct switch_state *sw = ctx->sw;
    const struct config_port *cp = state_port_config(sw, p);
    const struct bridge_port_stats *s = state_port_stats(p);
    bool up = state_port_connected(sw, p);

    cmd_out(ctx, "%s is %s, line protocol is %s (%s)", state_port_name(p),
            cp->enabled ? "up" : "administratively down", up ? "up" : "down",
            state_port_status_name(state_port_status(sw, p)));
    cmd_out(ctx, "  Hardware is %s, bridge %s, ofport %u", state_port_type(p),
            state_bridge_name(state_port_bridge(p)), state_port_ofport(p));
    if (cp->type == PORT_TYPE_BOND) {
        const struct port *m[SHELL_MAX_SELECT];
        size_t n = shell_bond_members(sw, p, m, ARRAY_SIZE(m));
        char list[SHELL_MAX_SELECT * 4] = "";
        size_t len = 0;

        /* IOS's line, with the members' names as they are. */
        for (size_t i = 0; i < n && len < sizeof list - CONFIG_NAME_MAX - 2; i++)
            len += snprintf(list + len, sizeof list - len, " %s", state_port_name(m[i]));
        cmd_out(ctx, "  Members in this channel:%s", n ? list : " none");
    } else if (cp->bond[0]) {
        cmd_out(ctx, "  Member of port-channel %s", cp->bond);
    }
    if (cp->description[0])
        cmd_out(ctx, "  Description: %s", cp->description);
    if (cp->vlan.mode == VLAN_MODE_ACCESS)
        cmd_out(ctx, "  Switchport mode access, access VLAN %u", (unsigned) cp->vlan.access_vid);
    else if (cp->vlan.native_vid)
        cmd_out(ctx, "  Switchport mode trunk, native VLAN %u", (unsigned) cp->vlan.native_vid);
    else
        cmd_out(ctx, "  Switchport mode trunk, no native VLAN");
    cmd_out(ctx, "     %llu packets input, %llu bytes", (unsigned long long) s->rx_frames,
            (unsigned long long) s->rx_bytes);
    cmd_out(ctx, "     %llu packets output, %llu bytes", (unsigned long long) s->tx_frames,
            (unsigned long long) s->tx_bytes);
    cmd_out(ctx, "     %llu drops, %llu input errors, %llu output errors",
            (unsigned long long) (drops_of(s, p) - state_port_rx_errors(p) - state_port_tx_errors(p)),
            (unsigned long long) state_port_rx_errors(p), (unsigned long long) state_port_tx_errors(p));
}

static enum cmd_status
show_interfaces(struct cmd_ctx *ctx)
{
    const struct port *p;
    enum cmd_status status;

    /* `show interfaces port-channel N` is `show interfaces PoN`. */
    if (cmd_value(ctx, "N")) {
        char name[16];
        snprintf(name, sizeof name, "Po%ld", cmd_number(ctx, "N"));
        if (!(p = state_find_port(ctx->sw, name))
            || state_port_config(ctx->sw, p)->type != PORT_TYPE_BOND)
            return cmd_invalid(ctx, "N");
        interface_block(ctx, p);
        return CMD_OK;
    }
    if (cmd_value(ctx, "PORT")) {
        if ((status = cmd_port(ctx, "PORT", &p)) != CMD_OK)
            return status;
        interface_block(ctx, p);
        return CMD_OK;
    }
    for (size_t i = 0; i < state_n_ports(ctx->sw); i++)
        interface_block(ctx, state_port_at(ctx->sw, i));
    return CMD_OK;
}

static const struct cmdline_cmd cmds[] = {
    { .syntax = "show interfaces", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Interface status and configuration", .exec = show_interfaces,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "show interfaces PORT", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Interface status and configuration", .exec = show_interfaces,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "show interfaces port-channel NUM(1-4096):N", .modes = IN_EXEC,
      .privilege = PRIV_USER, .help = "Ethernet Channel of interfaces",
      .arg_help = "Port-channel interface number", .exec = show_interfaces,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "show interfaces status", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Show interface line status", .exec = show_status, .flags = CMDLINE_FILTERABLE },
    { .syntax = "show interfaces trunk", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Show interface trunk information", .exec = show_trunk,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "show interfaces switchport", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Show interface switchport information", .exec = show_switchport,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "show interfaces PORT switchport", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Show interface switchport information", .exec = show_switchport,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "show interfaces counters", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Show interface counters", .exec = show_counters, .flags = CMDLINE_FILTERABLE },
    { .syntax = "show interfaces PORT counters", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Show interface counters", .exec = show_counters, .flags = CMDLINE_FILTERABLE },
};

const struct cmdline_table cmd_interface_show_table = CMD_TABLE(cmds);
