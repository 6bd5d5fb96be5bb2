/* Interfaces: `interface NAME` and `interface range ...` (config-if and
 * config-if-range modes), switchport settings, shutdown, description, and
 * `show interfaces [status | trunk | switchport | counters]`.
 *
 * Every config-if command edits all selected ports in one configuration
 * change, so `interface range` with a new access VLAN moves every port at
 * once (and flushes their MAC entries: state_apply()). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd_table.h"
#include "shell_private.h"
#include "state.h"

static enum cmd_status
if_enter(struct cmd_ctx *ctx)
{
    const struct port *p;
    enum cmd_status status = cmd_port(ctx, "PORT", &p);

    if (status != CMD_OK)
        return status;
    ctx->sess->mode = SHELL_MODE_IF;
    snprintf(ctx->sess->ports[0], sizeof ctx->sess->ports[0], "%s", state_port_name(p));
    ctx->sess->n_ports = 1;
    return CMD_OK;
}

/* Adds 'name' to the session's selection (once). */
static enum cmd_status
select_port(struct cmd_ctx *ctx, const char *name, unsigned *n)
{
    struct shell_session *s = ctx->sess;
    bool ambiguous;
    const struct port *p = shell_find_port(ctx->sw, name, &ambiguous);

    if (ambiguous)
        return cmd_error(ctx, "Ambiguous interface name \"%s\"", name);
    if (!p)
        return cmd_error(ctx, "Interface %s does not exist", name);
    for (unsigned i = 0; i < *n; i++)
        if (!strcmp(s->ports[i], state_port_name(p)))
            return CMD_OK;
    if (*n == SHELL_MAX_SELECT)
        return cmd_error(ctx, "A range holds at most %d interfaces", SHELL_MAX_SELECT);
    snprintf(s->ports[(*n)++], sizeof s->ports[0], "%s", state_port_name(p));
    return CMD_OK;
}

/* `interface range vm1 - 4 , uplink`: items separated by ',', an item a
 * name or "NAME - N" (spaces around '-', as IOS, since names may contain
 * '-'), which counts the name's trailing number up to N. */
static enum cmd_status
if_range(struct cmd_ctx *ctx)
{
    char text[CMDLINE_LINE_MAX], *save = NULL;
    unsigned n = 0;
    enum cmd_status status;

    snprintf(text, sizeof text, "%s", cmd_value(ctx, "PORTS"));
    for (char *item = strtok_r(text, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        char name[64], dash[8], last[16], extra[8];
        int words = sscanf(item, "%63s %7s %15s %7s", name, dash, last, extra);

        if (words == 1) {
            if ((status = select_port(ctx, name, &n)) != CMD_OK)
                return status;
        } else if (words == 3 && !strcmp(dash, "-")) {
            size_t len = strlen(name), digits = 0;
            while (digits < len && isdigit((unsigned char) name[len - digits - 1]))
                digits++;
            char *end;
            long to = strtol(last, &end, 10), from;
            if (!digits || *end || to < 0)
                return cmd_error(ctx, "Bad interface range \"%s\" (expected e.g. vm1 - 4)", item);
            from = strtol(name + len - digits, NULL, 10);
            if (to < from || to - from >= SHELL_MAX_SELECT)
                return cmd_error(ctx, "Bad interface range \"%s\"", item);
            for (long i = from; i <= to; i++) {
                char each[96];
                snprintf(each, sizeof each, "%.*s%0*ld", (int) (len - digits), name,
                         name[len - digits] == '0' ? (int) digits : 0, i);
                if ((status = select_port(ctx, each, &n)) != CMD_OK)
                    return status;
            }
        } else if (words > 0) {
            return cmd_error(ctx, "Bad interface range \"%s\" (expected e.g. vm1 - 4 , vm7)",
                             item);
        }
    }
    if (!n)
        return cmd_error(ctx, "No interface in the range");
    ctx->sess->n_ports = n;
    ctx->sess->mode = SHELL_MODE_IF_RANGE;
    return CMD_OK;
}

/* Which form of a config-if command an entry is (its variant): the plain
 * form sets what was typed, the "no" form goes back to the default, and the
 * other keywords of a command are named. */
enum if_variant {
    IF_SET,
    IF_NO,
    IF_MODE_ACCESS,             /* switchport mode access */
    IF_MODE_TRUNK,              /* switchport mode trunk */
    IF_NATIVE_NONE,             /* switchport trunk native vlan none */
    IF_NATIVE_TAG,              /* switchport trunk native vlan tag */
    IF_NO_NATIVE_TAG,           /* no switchport trunk native vlan tag */
    IF_ALLOWED_ADD,             /* switchport trunk allowed vlan add VLANS */
    IF_ALLOWED_REMOVE,
    IF_ALLOWED_EXCEPT,
    IF_ALLOWED_ALL,
    IF_ALLOWED_NONE,
};

static enum if_variant
variant_of(const struct cmd_ctx *ctx)
{
    return (enum if_variant) ctx->match->cmd->variant;
}

static enum cmd_status
edit_description(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    const char *text = cmd_value(ctx, "TEXT");

    (void) b;
    if (text && strlen(text) > CONFIG_DESCRIPTION_MAX)
        return cmd_error(ctx, "Description too long (at most %d characters)",
                         CONFIG_DESCRIPTION_MAX);
    snprintf(p->description, sizeof p->description, "%s", text ? text : "");
    return CMD_OK;
}

static enum cmd_status
edit_shutdown(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    (void) b;
    p->enabled = variant_of(ctx) == IF_NO;
    return CMD_OK;
}

static enum cmd_status
edit_mode(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    (void) b;
    /* `no switchport mode` goes back to the factory default, trunk. */
    p->vlan.mode = variant_of(ctx) == IF_MODE_ACCESS ? VLAN_MODE_ACCESS : VLAN_MODE_TRUNK;
    return CMD_OK;
}

/* IOS creates a VLAN an access port is put in. */
static enum cmd_status
ensure_vlan(struct cmd_ctx *ctx, struct config_bridge *b, uint16_t vid)
{
    if (cmd_config_vlan(b, vid, false))
        return CMD_OK;
    if (!cmd_config_vlan(b, vid, true))
        return cmd_error(ctx, "Out of memory");
    cmd_info(ctx, "Access VLAN does not exist. Creating vlan %u", (unsigned) vid);
    return CMD_OK;
}

static enum cmd_status
edit_access_vlan(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    uint16_t vid = variant_of(ctx) == IF_NO ? 1 : cmd_number(ctx, "VID");

    p->vlan.access_vid = vid;
    return ensure_vlan(ctx, b, vid);
}

static enum cmd_status
edit_native_vlan(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    (void) b;
    switch (variant_of(ctx)) {
    case IF_NATIVE_TAG:     p->vlan.native_tagged = true; break;
    case IF_NO_NATIVE_TAG:  p->vlan.native_tagged = false; break;
    case IF_NATIVE_NONE:    p->vlan.native_vid = 0; break;
    case IF_NO:             p->vlan.native_vid = 1; break;
    default:                p->vlan.native_vid = cmd_number(ctx, "VID"); break;
    }
    return CMD_OK;
}

static enum cmd_status
edit_allowed(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    const char *list = cmd_value(ctx, "VLANS");
    char edit[CMDLINE_LINE_MAX];
    struct err_msg err;

    (void) b;
    /* The keyword after "allowed vlan" picks the edit, in vlan_set_edit()'s
     * words. */
    switch (variant_of(ctx)) {
    case IF_NO:
    case IF_ALLOWED_ALL:    snprintf(edit, sizeof edit, "all"); break;
    case IF_ALLOWED_NONE:   snprintf(edit, sizeof edit, "none"); break;
    case IF_ALLOWED_ADD:    snprintf(edit, sizeof edit, "add %s", list); break;
    case IF_ALLOWED_REMOVE: snprintf(edit, sizeof edit, "remove %s", list); break;
    case IF_ALLOWED_EXCEPT: snprintf(edit, sizeof edit, "except %s", list); break;
    default:                snprintf(edit, sizeof edit, "%s", list); break;
    }
    if (!vlan_set_edit(&p->vlan.allowed, edit, &err))
        return cmd_error(ctx, "%s", err.text);
    return CMD_OK;
}

#define EDIT_COMMAND(name, fn) \
    static enum cmd_status name(struct cmd_ctx *ctx) { return cmd_edit_selected(ctx, fn); }

EDIT_COMMAND(if_description, edit_description)
EDIT_COMMAND(if_shutdown, edit_shutdown)
EDIT_COMMAND(if_mode, edit_mode)
EDIT_COMMAND(if_access_vlan, edit_access_vlan)
EDIT_COMMAND(if_native_vlan, edit_native_vlan)
EDIT_COMMAND(if_allowed, edit_allowed)

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
    uint64_t n = state_port_rx_errors(p) + state_port_tx_errors(p) + state_port_rx_dropped(p)
                 + s->tx_no_carrier;

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
        if (s->tx_no_carrier)
            cmd_out(ctx, "%-*s%-28s%12llu", w, state_port_name(p), "tx-no-carrier",
                    (unsigned long long) s->tx_no_carrier);
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
    { .syntax = "interface PORT", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Select an interface to configure", .exec = if_enter },
    { .syntax = "interface range PORTS", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "interface range command",
      .arg_help = "Interfaces: vm1 - 4 , uplink (spaces around '-' and ',')", .exec = if_range },
    { .syntax = "description TEXT", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Interface specific description",
      .arg_help = "Up to 240 characters describing this interface", .exec = if_description },
    { .syntax = "no description", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Interface specific description", .exec = if_description },
    { .syntax = "shutdown", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Shutdown the selected interface", .exec = if_shutdown },
    { .syntax = "no shutdown", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Shutdown the selected interface", .exec = if_shutdown, .variant = IF_NO },
    { .syntax = "switchport", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set switching mode characteristics" },
    { .syntax = "switchport mode", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set trunking mode of the interface" },
    { .syntax = "switchport mode access", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set trunking mode to ACCESS unconditionally", .exec = if_mode,
      .variant = IF_MODE_ACCESS },
    { .syntax = "switchport mode trunk", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set trunking mode to TRUNK unconditionally", .exec = if_mode,
      .variant = IF_MODE_TRUNK },
    { .syntax = "no switchport mode", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set trunking mode of the interface", .exec = if_mode, .variant = IF_NO },
    { .syntax = "switchport access", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set access mode characteristics of the interface" },
    { .syntax = "switchport access vlan VID", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set VLAN when interface is in access mode",
      .arg_help = "VLAN ID of the VLAN when this port is in access mode", .exec = if_access_vlan },
    { .syntax = "no switchport access vlan", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set VLAN when interface is in access mode", .exec = if_access_vlan,
      .variant = IF_NO },
    { .syntax = "switchport trunk", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set trunking characteristics of the interface" },
    { .syntax = "switchport trunk native", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set trunking native characteristics when interface is in trunking mode" },
    { .syntax = "switchport trunk native vlan VID", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set native VLAN when interface is in trunking mode",
      .arg_help = "VLAN ID of the native VLAN when this port is in trunking mode",
      .exec = if_native_vlan },
    { .syntax = "switchport trunk native vlan none", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "No native VLAN: untagged frames are VLAN 0", .exec = if_native_vlan,
      .variant = IF_NATIVE_NONE },
    { .syntax = "switchport trunk native vlan tag", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set native VLAN tagging state", .exec = if_native_vlan, .variant = IF_NATIVE_TAG },
    { .syntax = "no switchport trunk native vlan", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set native VLAN when interface is in trunking mode", .exec = if_native_vlan,
      .variant = IF_NO },
    { .syntax = "no switchport trunk native vlan tag", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set native VLAN tagging state", .exec = if_native_vlan,
      .variant = IF_NO_NATIVE_TAG },
    { .syntax = "switchport trunk allowed", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set allowed VLAN characteristics when interface is in trunking mode" },
    { .syntax = "switchport trunk allowed vlan VLANS", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set allowed VLANs when interface is in trunking mode",
      .arg_help = "VLAN IDs of the allowed VLANs when this port is in trunking mode",
      .exec = if_allowed },
    { .syntax = "switchport trunk allowed vlan add VLANS", .modes = IN_IF,
      .privilege = PRIV_ENABLE, .help = "add VLANs to the current list",
      .arg_help = "VLAN IDs of the allowed VLANs when this port is in trunking mode",
      .exec = if_allowed, .variant = IF_ALLOWED_ADD },
    { .syntax = "switchport trunk allowed vlan remove VLANS", .modes = IN_IF,
      .privilege = PRIV_ENABLE, .help = "remove VLANs from the current list",
      .arg_help = "VLAN IDs of disallowed VLANS when this port is in trunking mode",
      .exec = if_allowed, .variant = IF_ALLOWED_REMOVE },
    { .syntax = "switchport trunk allowed vlan except VLANS", .modes = IN_IF,
      .privilege = PRIV_ENABLE, .help = "all VLANs except the following",
      .arg_help = "VLAN IDs of disallowed VLANS when this port is in trunking mode",
      .exec = if_allowed, .variant = IF_ALLOWED_EXCEPT },
    { .syntax = "switchport trunk allowed vlan all", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "all VLANs", .exec = if_allowed, .variant = IF_ALLOWED_ALL },
    { .syntax = "switchport trunk allowed vlan none", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "no VLANs", .exec = if_allowed, .variant = IF_ALLOWED_NONE },
    { .syntax = "no switchport trunk allowed vlan", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set allowed VLANs when interface is in trunking mode", .exec = if_allowed,
      .variant = IF_NO },
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

const struct cmdline_table cmd_interface_table = CMD_TABLE(cmds);
