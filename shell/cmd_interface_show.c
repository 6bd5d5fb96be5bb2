/* Interfaces, shown: `show interfaces [PORT] [status | trunk | switchport
 * | counters | description]`, `show interfaces port-channel N` (the
 * config-if commands that change them: cmd_interface.c). */
#include <stdlib.h>
#include <string.h>

#include "cmd_table.h"
#include "loop.h"
#include "render_config.h"
#include "shell_private.h"
#include "state.h"

/* What `show interfaces` gives as a port's bandwidth: the 10G of `show
 * interfaces status`'s a-10G (a virtual port has no speed of its own). */
#define IF_BANDWIDTH_KBIT UINT64_C(10000000)

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

/* `show interfaces [PORT] status`: every port's line, or PORT's. */
static enum cmd_status
show_status(struct cmd_ctx *ctx)
{
    struct switch_state *sw = ctx->sw;
    int w = name_width(sw, 10) - 1;
    const struct port *only = NULL;
    enum cmd_status status;

    if (cmd_value(ctx, "PORT") && (status = cmd_port(ctx, "PORT", &only)) != CMD_OK)
        return status;
    cmd_out(ctx, "%-*s %-18s %-12s %-10s %6s %6s %s", w, "Port", "Name", "Status", "Vlan",
            "Duplex", "Speed", "Type");
    for (size_t i = 0; i < state_n_ports(sw); i++) {
        const struct port *p = state_port_at(sw, i);
        const struct config_port *cp = state_port_config(sw, p);
        bool up = state_port_connected(sw, p);
        char vlan[12];

        if (only && p != only)
            continue;
        if (cp->vlan.mode == VLAN_MODE_ACCESS)
            snprintf(vlan, sizeof vlan, "%u", (unsigned) cp->vlan.access_vid);
        else
            snprintf(vlan, sizeof vlan, "trunk");
        /* Set by `speed` / `duplex` (no effect here): shown as set, as IOS
         * shows a fixed speed without its "a-". */
        const char *duplex = cp->inert.duplex != CONFIG_DUPLEX_AUTO
                             ? config_duplex_name(cp->inert.duplex) : up ? "a-full" : "auto";
        const char *speed = cp->inert.speed != CONFIG_SPEED_AUTO
                            ? config_speed_name(cp->inert.speed) : up ? "a-10G" : "auto";
        cmd_out(ctx, "%-*s %-18.18s %-12s %-10s %6s %6s %s", w, state_port_name(p),
                cp->description,
                state_port_status_name(state_port_status(sw, p)), vlan,
                duplex, speed, state_port_type(p));
    }
    return CMD_OK;
}

static void
format_vlans(const struct vlan_set *s, char *buf, size_t size)
{
    vlan_set_format(s, buf, size);
}

/* Whether `show interfaces trunk` lists 'cp': a trunk that is not shut
 * down ("trunking"); `show interfaces PORT trunk` lists PORT whatever it
 * is, as IOS does ("off" / "not-trunking" for an access port). */
static bool
is_trunking(const struct config_port *cp)
{
    return cp->vlan.mode == VLAN_MODE_TRUNK && cp->enabled;
}

/* The VLANs a port carries: a trunk's allowed list, an access port's VLAN. */
static void
carried_vlans(const struct config_port *cp, struct vlan_set *set)
{
    if (cp->vlan.mode == VLAN_MODE_TRUNK) {
        *set = cp->vlan.allowed;
    } else {
        vlan_set_clear(set);
        vlan_set_add(set, cp->vlan.access_vid);
    }
}

/* `show interfaces [PORT] trunk`. */
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
    const struct port *only = NULL;
    enum cmd_status status;
    bool any = false;

    if (cmd_value(ctx, "PORT") && (status = cmd_port(ctx, "PORT", &only)) != CMD_OK)
        return status;
    for (size_t i = 0; i < state_n_ports(sw); i++) {
        const struct port *p = state_port_at(sw, i);
        if (only ? p == only : is_trunking(state_port_config(sw, p)))
            any = true;
    }
    if (!any)
        return CMD_OK;
    cmd_out(ctx, "%s", "");
    cmd_out(ctx, "%-*s%-17s%-15s%-14s%s", w, "Port", "Mode", "Encapsulation", "Status",
            "Native vlan");
    for (size_t i = 0; i < state_n_ports(sw); i++) {
        const struct port *p = state_port_at(sw, i);
        const struct config_port *cp = state_port_config(sw, p);
        bool trunk = cp->vlan.mode == VLAN_MODE_TRUNK;
        char native[8];

        if (only ? p != only : !is_trunking(cp))
            continue;
        if (trunk && cp->vlan.native_vid)
            snprintf(native, sizeof native, "%u", (unsigned) cp->vlan.native_vid);
        else
            snprintf(native, sizeof native, trunk ? "none" : "1");
        cmd_out(ctx, "%-*s%-17s%-15s%-14s%s", w, cp->name, trunk ? "on" : "off", "802.1q",
                is_trunking(cp) ? "trunking" : "not-trunking", native);
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
            struct vlan_set set;
            char list[VLAN_SET_STR_MAX];

            if (only ? p != only : !is_trunking(cp))
                continue;
            carried_vlans(cp, &set);
            for (size_t b = 0; h > 0 && b < cfg->n_bridges; b++) {
                if (strcmp(cfg->bridges[b].name, state_bridge_name(state_port_bridge(p))))
                    continue;
                for (unsigned vid = VLAN_VID_MIN; vid <= VLAN_VID_MAX; vid++)
                    if (!vlan_set_contains(&defined[b], vid))
                        vlan_set_remove(&set, vid);
            }
            /* A port that is not trunking forwards on no trunk VLAN. */
            if (h == 2 && !is_trunking(cp))
                vlan_set_clear(&set);
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

/* A vxlan port's own drop reasons (state_vxlan_port_info()), by name;
 * zeroes for other ports. */
static size_t
vxlan_drops(const struct port *p, uint64_t counts[5], const char *names[5])
{
    struct state_vxlan_port_info vi;
    static const char *const reasons[5] = {
        "vxlan-bad-header", "vxlan-unknown-vni", "vxlan-unknown-peer",
        "vxlan-too-big", "vxlan-no-key",
    };

    if (!state_vxlan_port_info(p, &vi))
        memset(&vi, 0, sizeof vi);
    counts[0] = vi.rx_bad_header;
    counts[1] = vi.rx_unknown_vni;
    counts[2] = vi.rx_unknown_peer;
    counts[3] = vi.tx_too_big;
    counts[4] = vi.tx_no_key;
    for (size_t i = 0; i < 5; i++)
        names[i] = reasons[i];
    return 5;
}

static uint64_t
drops_of(const struct bridge_port_stats *s, const struct port *p)
{
    uint64_t n = state_port_rx_errors(p) + state_port_tx_errors(p) + state_port_rx_dropped(p)
                 + s->tx_no_carrier;
    uint64_t vx[5];
    const char *vx_names[5];

    for (size_t i = 0, nv = vxlan_drops(p, vx, vx_names); i < nv; i++)
        n += vx[i];

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
        uint64_t vx[5];
        const char *vx_names[5];
        for (size_t d = 0, nv = vxlan_drops(p, vx, vx_names); d < nv; d++)
            if (vx[d])
                cmd_out(ctx, "%-*s%-28s%12llu", w, state_port_name(p), vx_names[d],
                        (unsigned long long) vx[d]);
    }
    return CMD_OK;
}

/* IOS's elapsed time: "00:04:12" within a day, "3d04h", "2w1d". */
static void
elapsed(int64_t ms, char *buf, size_t size)
{
    int64_t s = ms > 0 ? ms / 1000 : 0;

    if (s < 86400)
        snprintf(buf, size, "%02d:%02d:%02d", (int) (s / 3600), (int) (s / 60 % 60),
                 (int) (s % 60));
    else if (s < 7 * 86400)
        snprintf(buf, size, "%dd%02dh", (int) (s / 86400), (int) (s / 3600 % 24));
    else
        snprintf(buf, size, "%dw%dd", (int) (s / (7 * 86400)), (int) (s / 86400 % 7));
}

/* IOS's txload/rxload: the rate as a fraction of the bandwidth, in
 * 255ths, at least 1. */
static unsigned
load_of(uint64_t bits_per_s)
{
    uint64_t load = bits_per_s / (IF_BANDWIDTH_KBIT * 1000 / 255);

    return load < 1 ? 1 : load > 255 ? 255 : (unsigned) load;
}

/* The state line's two words.  IOS: "up" when the port is enabled and its
 * link up (inactive included: the port is up, its VLAN is not), the line
 * protocol up when it forwards (connected). */
static void
state_words(struct switch_state *sw, const struct port *p, const char **link,
            const char **protocol)
{
    enum state_port_status st = state_port_status(sw, p);

    *link = st == STATE_PORT_DISABLED ? "administratively down"
            : st == STATE_PORT_CONNECTED || st == STATE_PORT_INACTIVE ? "up" : "down";
    *protocol = st == STATE_PORT_CONNECTED ? "up" : "down";
    /* A SPAN destination: IOS's "up, line protocol is down (monitoring)". */
    if (st == STATE_PORT_MONITORING) {
        *link = state_port_connected(sw, p) ? "up" : "down";
        *protocol = "down";
    }
}

/* One port of `show interfaces`, in IOS's layout (Catalyst), which
 * parsers such as TextFSM templates read by these line shapes.  The
 * counters are `show interfaces counters`'s: its Drops column is split
 * into input queue drops (the core's named drops but runts and cut tags),
 * no buffer (rx-dropped), input errors (rx-error, runts and cut tags)
 * and output errors (tx-error); docs/cli.md lists them. */
static void
interface_block(struct cmd_ctx *ctx, const struct port *p)
{
    struct switch_state *sw = ctx->sw;
    const struct config_port *cp = state_port_config(sw, p);
    const struct bridge_port_stats *s = state_port_stats(p);
    static const struct bridge_port_stats none;
    struct state_port_rates rates;
    const char *link, *protocol;
    uint8_t mac[ETH_ADDR_LEN];
    char address[64] = "", since[16] = "never";
    bool up = state_port_connected(sw, p);

    if (!s)
        s = &none;
    state_port_rates(p, &rates);
    state_words(sw, p, &link, &protocol);
    uint64_t runts = s->drops[BRIDGE_DROP_RUNT] + s->drops[BRIDGE_DROP_TRUNCATED_TAG];
    uint64_t queue_drops = drops_of(s, p) - runts - state_port_rx_errors(p)
                           - state_port_tx_errors(p) - state_port_rx_dropped(p)
                           - s->tx_no_carrier;
    if (state_port_hwaddr(p, mac)) {
        char dotted[16];
        render_mac_dotted(mac, dotted);
        snprintf(address, sizeof address, ", address is %s (bia %s)", dotted, dotted);
    }
    if (rates.cleared_ms)
        elapsed(loop_now_ms() - rates.cleared_ms, since, sizeof since);

    cmd_out(ctx, "%s is %s, line protocol is %s (%s)", state_port_name(p), link, protocol,
            state_port_status_name(state_port_status(sw, p)));
    cmd_out(ctx, "  Hardware is %s, bridge %s, ofport %u%s", state_port_type(p),
            state_bridge_name(state_port_bridge(p)), state_port_ofport(p), address);
    if (cp->description[0])
        cmd_out(ctx, "  Description: %s", cp->description);
    cmd_out(ctx, "  MTU %u bytes, BW %u Kbit/sec, DLY 10 usec,", state_port_mtu(sw, p),
            (unsigned) IF_BANDWIDTH_KBIT);
    cmd_out(ctx, "     reliability 255/255, txload %u/255, rxload %u/255",
            load_of(rates.out_bits), load_of(rates.in_bits));
    cmd_out(ctx, "  Encapsulation ARPA, loopback not set");
    cmd_out(ctx, "  Keepalive not set");
    if (up)
        cmd_out(ctx, "  Full-duplex, 10Gb/s, media type is Virtual");
    else
        cmd_out(ctx, "  Auto-duplex, Auto-speed, media type is Virtual");
    cmd_out(ctx, "  input flow-control is off, output flow-control is unsupported");
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
    cmd_out(ctx, "  Last clearing of \"show interface\" counters %s", since);
    /* Frames for the port while it had no carrier (docs/design.md section
     * 6.9) are the output drops: the kernel would have dropped them. */
    cmd_out(ctx, "  Input queue: 0/75/%llu/0 (size/max/drops/flushes); Total output drops: %llu",
            (unsigned long long) queue_drops, (unsigned long long) s->tx_no_carrier);
    cmd_out(ctx, "  Queueing strategy: fifo");
    cmd_out(ctx, "  Output queue: 0/40 (size/max)");
    cmd_out(ctx, "  5 minute input rate %llu bits/sec, %llu packets/sec",
            (unsigned long long) rates.in_bits, (unsigned long long) rates.in_pkts);
    cmd_out(ctx, "  5 minute output rate %llu bits/sec, %llu packets/sec",
            (unsigned long long) rates.out_bits, (unsigned long long) rates.out_pkts);
    cmd_out(ctx, "     %llu packets input, %llu bytes, %llu no buffer",
            (unsigned long long) s->rx_frames, (unsigned long long) s->rx_bytes,
            (unsigned long long) state_port_rx_dropped(p));
    /* IOS counts multicasts among the broadcasts. */
    cmd_out(ctx, "     Received %llu broadcasts (%llu multicasts)",
            (unsigned long long) (s->rx_broadcast + s->rx_multicast),
            (unsigned long long) s->rx_multicast);
    cmd_out(ctx, "     %llu runts, 0 giants, 0 throttles", (unsigned long long) runts);
    cmd_out(ctx, "     %llu input errors, 0 CRC, 0 frame, 0 overrun, 0 ignored",
            (unsigned long long) (state_port_rx_errors(p) + runts));
    cmd_out(ctx, "     0 watchdog, %llu multicast, 0 pause input",
            (unsigned long long) s->rx_multicast);
    cmd_out(ctx, "     %llu packets output, %llu bytes, 0 underruns",
            (unsigned long long) s->tx_frames, (unsigned long long) s->tx_bytes);
    cmd_out(ctx, "     %llu output errors, 0 collisions, 0 interface resets",
            (unsigned long long) state_port_tx_errors(p));
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

/* `show interfaces description`: IOS's "admin down" / "up" / "down" and
 * the line protocol, then the description. */
static enum cmd_status
show_description(struct cmd_ctx *ctx)
{
    struct switch_state *sw = ctx->sw;
    int w = name_width(sw, 31);

    cmd_out(ctx, "%-*s%-15s%-9s%s", w, "Interface", "Status", "Protocol", "Description");
    for (size_t i = 0; i < state_n_ports(sw); i++) {
        const struct port *p = state_port_at(sw, i);
        const char *link, *protocol;

        state_words(sw, p, &link, &protocol);
        if (!strcmp(link, "administratively down"))
            link = "admin down";
        cmd_out(ctx, "%-*s%-15s%-9s%s", w, state_port_name(p), link, protocol,
                state_port_config(sw, p)->description);
    }
    return CMD_OK;
}

/* `show running-config interface PORT`: render_config.c's block of the
 * port, so it never differs from `show running-config`. */
static enum cmd_status
show_running_interface(struct cmd_ctx *ctx)
{
    const struct port *p;
    enum cmd_status status = cmd_port(ctx, "PORT", &p);

    if (status != CMD_OK)
        return status;
    if (!render_running_config_interface(ctx->out, state_config(ctx->sw), state_port_name(p)))
        return cmd_error(ctx, "Interface %s is not configured", state_port_name(p));
    return CMD_OK;
}

/* `show vlan summary`: the VLANs of every bridge's database (one VLAN
 * in several bridges counts once); VTP's are 1-1005, extended 1006-4094. */
static enum cmd_status
show_vlan_summary(struct cmd_ctx *ctx)
{
    const struct switch_config *cfg = state_config(ctx->sw);
    struct vlan_set all;
    unsigned n = 0, extended = 0;

    vlan_set_clear(&all);
    for (size_t b = 0; b < cfg->n_bridges; b++)
        for (size_t v = 0; v < cfg->bridges[b].n_vlans; v++)
            vlan_set_add(&all, cfg->bridges[b].vlans[v].id);
    for (unsigned vid = VLAN_VID_MIN; vid <= VLAN_VID_MAX; vid++) {
        if (!vlan_set_contains(&all, vid))
            continue;
        n++;
        if (vid > 1005)
            extended++;
    }
    cmd_out(ctx, "Number of existing VLANs          : %u", n);
    cmd_out(ctx, "Number of existing VTP VLANs      : %u", n - extended);
    cmd_out(ctx, "Number of existing extended VLANS : %u", extended);
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
    { .syntax = "show interfaces PORT status", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Show interface line status", .exec = show_status, .flags = CMDLINE_FILTERABLE },
    { .syntax = "show interfaces PORT trunk", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Show interface trunk information", .exec = show_trunk,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "show interfaces description", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Show interface description", .exec = show_description,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "show running-config interface PORT", .modes = IN_EXEC,
      .privilege = PRIV_ENABLE, .help = "Show interface configuration",
      .exec = show_running_interface, .flags = CMDLINE_FILTERABLE },
    { .syntax = "show vlan summary", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "VLAN summary information", .exec = show_vlan_summary,
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
