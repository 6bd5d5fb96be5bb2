/* VXLAN in the words of NX-OS (docs/cli.md "VXLAN"; the port is a
 * `vxlan` port, docs/config.md "VXLAN"):
 *   feature nv overlay, feature vn-segment-vlan-based    accepted, no effect
 *   interface nve1, no interface nve1                    (config-if-nve)
 *     source-interface NAME, source-address A.B.C.D, shutdown, description,
 *     member vni N                                       (config-if-nve-vni)
 *       ingress-replication protocol static, peer-ip A.B.C.D
 *   show nve peers, show nve vni, show nve interface [nve1]
 * (`vlan N` / `vn-segment M` is cmd_vlan.c's, the remote VTEPs of `show mac
 * address-table` cmd_mac.c's.)  Static ingress replication only: the
 * multicast and BGP EVPN forms are refused with that reason. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_table.h"
#include "loop.h"
#include "shell_private.h"
#include "state.h"

#define NVE_NAME "nve1"             /* NX-OS has one NVE interface: nve 1 */
#define NOT_SUPPORTED "not supported: static ingress replication only (peer-ip)"

/* Which form of a command an entry is. */
enum nve_variant {
    NVE_SET,
    NVE_NO,
};

static bool
is_no(const struct cmd_ctx *ctx)
{
    return ctx->match->cmd->variant == NVE_NO;
}

/* An IPv4 unicast address typed as value 'key' (network byte order); the
 * caret under it otherwise. */
static enum cmd_status
ipv4_value(struct cmd_ctx *ctx, const char *key, uint32_t *addr)
{
    struct in_addr in;
    uint32_t first;

    if (inet_pton(AF_INET, cmd_value(ctx, key), &in) != 1)
        return cmd_invalid(ctx, key);
    first = ntohl(in.s_addr) >> 24;
    if (first < 1 || first > 223)
        return cmd_error(ctx, "%s is not a unicast IPv4 address", cmd_value(ctx, key));
    *addr = in.s_addr;
    return CMD_OK;
}

/* Accepted with no effect: NX-OS needs them before the NVE commands. */
static enum cmd_status
feature(struct cmd_ctx *ctx)
{
    (void) ctx;
    return CMD_OK;
}

/* `interface nve1`: the vxlan port nve1, made when missing in the bridge of
 * config-bridge mode or the only bridge (as `interface port-channel N`),
 * shut down as NX-OS makes it, carrying no VLAN until a `member vni`. */
static enum cmd_status
nve_enter(struct cmd_ctx *ctx)
{
    struct shell_session *s = ctx->sess;
    const struct port *p = state_find_port(ctx->sw, NVE_NAME);

    if (p && state_port_config(ctx->sw, p)->type != PORT_TYPE_VXLAN) {
        /* A port of another type named nve1 (a VM's TAP): its interface,
         * as `interface PORT` (running-config's `interface nve1` of it). */
        s->mode = SHELL_MODE_IF;
        snprintf(s->ports[0], sizeof s->ports[0], "%s", NVE_NAME);
        s->n_ports = 1;
        return CMD_OK;
    }
    if (!p) {
        struct switch_config *cfg;
        struct config_bridge *b = NULL;
        struct config_port *cp;
        enum cmd_status st;

        if (!(cfg = cmd_edit(ctx)))
            return CMD_FAILED;
        if (ctx->match->mode == SHELL_MODE_BRIDGE)
            b = cmd_config_bridge(cfg, s->bridge);
        else if (cfg->n_bridges == 1)
            b = &cfg->bridges[0];
        if (!b) {
            config_free(cfg);
            return cmd_error(ctx, "Interface %s does not exist: with several bridges, enter"
                             " it in the bridge's configuration (bridge NAME)", NVE_NAME);
        }
        if (!(cp = cmd_config_port_add(b, NVE_NAME)) || !(cp->vxlan = config_vxlan_new())) {
            config_free(cfg);
            return cmd_error(ctx, "Out of memory");
        }
        cp->type = PORT_TYPE_VXLAN;
        cp->enabled = false;
        cp->vlan.native_vid = 0;
        vlan_set_clear(&cp->vlan.allowed);
        if ((st = cmd_apply(ctx, cfg)) != CMD_OK)
            return st;
    }
    s->mode = SHELL_MODE_NVE;
    snprintf(s->ports[0], sizeof s->ports[0], "%s", NVE_NAME);
    s->n_ports = 1;
    return CMD_OK;
}

static enum cmd_status
nve_delete(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = cmd_edit(ctx);
    struct config_bridge *b;
    struct config_port *p;

    if (!cfg)
        return CMD_FAILED;
    p = cmd_config_port(cfg, NVE_NAME, &b);
    if (!p || p->type != PORT_TYPE_VXLAN) {
        config_free(cfg);
        return cmd_error(ctx, "Interface %s does not exist", NVE_NAME);
    }
    cmd_config_port_remove(b, NVE_NAME);
    return cmd_apply(ctx, cfg);
}

/* The selected port's tunnel settings, made when missing (a port that
 * never went through config_validate()). */
static struct config_vxlan *
vxlan_of(struct cmd_ctx *ctx, struct config_port *p)
{
    if (p->type != PORT_TYPE_VXLAN) {
        cmd_error(ctx, "Interface %s is not an NVE interface (type %s)", p->name,
                  port_type_name(p->type));
        return NULL;
    }
    if (!p->vxlan && !(p->vxlan = config_vxlan_new()))
        cmd_error(ctx, "Out of memory");
    return p->vxlan;
}

static enum cmd_status
edit_source_interface(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    struct config_vxlan *vx = vxlan_of(ctx, p);
    const char *name = cmd_value(ctx, "NAME");

    (void) b;
    if (!vx)
        return CMD_FAILED;
    if (is_no(ctx)) {
        vx->source_interface[0] = '\0';
        return CMD_OK;
    }
    if (strlen(name) > CONFIG_NAME_MAX)
        return cmd_error(ctx, "Invalid interface name \"%s\" (at most %d characters)", name,
                         CONFIG_NAME_MAX);
    snprintf(vx->source_interface, sizeof vx->source_interface, "%s", name);
    vx->local_ip = 0;                   /* one or the other */
    return CMD_OK;
}

static enum cmd_status
edit_source_address(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    struct config_vxlan *vx = vxlan_of(ctx, p);
    uint32_t addr = 0;
    enum cmd_status st;

    (void) b;
    if (!vx)
        return CMD_FAILED;
    if (!is_no(ctx) && (st = ipv4_value(ctx, "A.B.C.D", &addr)) != CMD_OK)
        return st;
    vx->local_ip = addr;
    if (addr)
        vx->source_interface[0] = '\0';
    return CMD_OK;
}

static enum cmd_status
edit_shutdown(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    (void) b;
    p->enabled = is_no(ctx);
    return CMD_OK;
}

static enum cmd_status
edit_description(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    const char *text = is_no(ctx) ? "" : cmd_value(ctx, "TEXT");

    (void) b;
    if (strlen(text) > CONFIG_DESCRIPTION_MAX)
        return cmd_error(ctx, "Description too long (at most %d characters)",
                         CONFIG_DESCRIPTION_MAX);
    snprintf(p->description, sizeof p->description, "%s", text);
    return CMD_OK;
}

/* The VLAN of bridge 'b' whose vn-segment is 'vni', or NULL. */
static const struct config_vlan *
vlan_of_segment(const struct config_bridge *b, uint32_t vni)
{
    for (size_t i = 0; i < b->n_vlans; i++)
        if (b->vlans[i].vn_segment == vni)
            return &b->vlans[i];
    return NULL;
}

static enum cmd_status
edit_member(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    struct config_vxlan *vx = vxlan_of(ctx, p);
    uint32_t vni = (uint32_t) cmd_number(ctx, "N");
    const struct config_vlan *vlan;

    if (!vx)
        return CMD_FAILED;
    if (is_no(ctx)) {
        if (!config_vxlan_vni_remove(vx, vni))
            return cmd_error(ctx, "VNI %u is not a member of %s", (unsigned) vni, p->name);
        if (!vx->n_vnis)                /* no map: no VLAN (not every VLAN in VNI 0) */
            vlan_set_clear(&p->vlan.allowed);
        return CMD_OK;
    }
    if (config_vxlan_vni_of_vni(vx, vni))
        return CMD_OK;
    if (!(vlan = vlan_of_segment(b, vni)))
        return cmd_error(ctx, "VNI %u is not mapped to a VLAN of bridge %s (first: vlan N,"
                         " vn-segment %u)", (unsigned) vni, b->name, (unsigned) vni);
    if (!vx->n_vnis && vx->key) {
        vx->key = 0;                    /* the map replaces a fixed or flow key */
    }
    if (!config_vxlan_vni_add(vx, vni, vlan->id))
        return cmd_error(ctx, "Out of memory");
    return CMD_OK;
}

static enum cmd_status
member_vni(struct cmd_ctx *ctx)
{
    enum cmd_status st = cmd_edit_selected(ctx, edit_member);

    if (st == CMD_OK && !is_no(ctx)) {
        ctx->sess->nve_vni = (uint32_t) cmd_number(ctx, "N");
        ctx->sess->mode = SHELL_MODE_NVE_VNI;
    } else if (st == CMD_OK && ctx->sess->mode == SHELL_MODE_NVE_VNI) {
        ctx->sess->mode = SHELL_MODE_NVE;
    }
    return st;
}

/* The "vnis" entry of config-if-nve-vni mode. */
static struct config_vxlan_vni *
session_vni(struct cmd_ctx *ctx, struct config_port *p)
{
    struct config_vxlan *vx = vxlan_of(ctx, p);
    const struct config_vxlan_vni *e = vx ? config_vxlan_vni_of_vni(vx, ctx->sess->nve_vni)
                                          : NULL;

    if (vx && !e)
        cmd_error(ctx, "VNI %u is no longer a member of %s", (unsigned) ctx->sess->nve_vni,
                  p->name);
    return (struct config_vxlan_vni *) e;
}

static enum cmd_status
edit_peer(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    struct config_vxlan_vni *e = session_vni(ctx, p);
    uint32_t addr;
    enum cmd_status st;
    uint8_t i;

    (void) b;
    if (!e)
        return CMD_FAILED;
    if ((st = ipv4_value(ctx, "A.B.C.D", &addr)) != CMD_OK)
        return st;
    for (i = 0; i < e->n_remotes && e->remotes[i] != addr; i++)
        continue;
    if (is_no(ctx)) {
        if (i == e->n_remotes)
            return cmd_error(ctx, "Peer %s is not configured for VNI %u", cmd_value(ctx, "A.B.C.D"),
                             (unsigned) e->vni);
        memmove(&e->remotes[i], &e->remotes[i + 1], (e->n_remotes - i - 1) * sizeof *e->remotes);
        e->n_remotes--;
        return CMD_OK;
    }
    if (i < e->n_remotes)
        return CMD_OK;
    if (e->n_remotes == CONFIG_VXLAN_REMOTES_MAX)
        return cmd_error(ctx, "VNI %u has %d peers already (the most)", (unsigned) e->vni,
                         CONFIG_VXLAN_REMOTES_MAX);
    e->remotes[e->n_remotes++] = addr;
    return CMD_OK;
}

/* `ingress-replication protocol static` is what every VNI does here;
 * its `no` form drops the VNI's peers (it floods to the port's list). */
static enum cmd_status
edit_ingress_static(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    struct config_vxlan_vni *e = session_vni(ctx, p);

    (void) b;
    if (!e)
        return CMD_FAILED;
    if (is_no(ctx))
        e->n_remotes = 0;
    return CMD_OK;
}

/* The tunnel settings OVS names (options:dst_port, key, remote_ip, tos,
 * ttl, df_default), as `vxlan ...` lines of the interface: running-config
 * writes them so, for nve1 and for ports ovs-vsctl made. */
enum vxlan_knob {
    VX_UDP_PORT = 2, VX_NO_UDP_PORT, VX_KEY, VX_KEY_FLOW, VX_NO_KEY, VX_TOS, VX_NO_TOS, VX_TTL,
    VX_NO_TTL, VX_DF, VX_NO_DF, VX_PEER, VX_NO_PEER,
};

static enum cmd_status
edit_knob(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    struct config_vxlan *vx = vxlan_of(ctx, p);
    enum vxlan_knob knob = (enum vxlan_knob) ctx->match->cmd->variant;
    uint32_t addr = 0;
    enum cmd_status st;
    uint8_t i;

    (void) b;
    if (!vx)
        return CMD_FAILED;
    if ((knob == VX_KEY || knob == VX_KEY_FLOW) && vx->n_vnis)
        return cmd_error(ctx, "%s has a VNI map (member vni), which says the VNIs", p->name);
    switch (knob) {
    case VX_UDP_PORT:    vx->udp_port = (uint16_t) cmd_number(ctx, "N"); break;
    case VX_NO_UDP_PORT: vx->udp_port = CONFIG_VXLAN_UDP_PORT_DEFAULT; break;
    case VX_KEY:         vx->key = (uint32_t) cmd_number(ctx, "N"); break;
    case VX_KEY_FLOW:    vx->key = CONFIG_VXLAN_KEY_FLOW; break;
    case VX_NO_KEY:      vx->key = 0; break;
    case VX_TOS:         vx->tos = (uint8_t) cmd_number(ctx, "N"); break;
    case VX_NO_TOS:      vx->tos = 0; break;
    case VX_TTL:         vx->ttl = (uint8_t) cmd_number(ctx, "N"); break;
    case VX_NO_TTL:      vx->ttl = CONFIG_VXLAN_TTL_DEFAULT; break;
    case VX_DF:          vx->df = true; break;
    case VX_NO_DF:       vx->df = false; break;
    case VX_PEER:
    case VX_NO_PEER:
        if ((st = ipv4_value(ctx, "A.B.C.D", &addr)) != CMD_OK)
            return st;
        for (i = 0; i < vx->n_remotes && vx->remotes[i] != addr; i++)
            continue;
        if (knob == VX_NO_PEER) {
            if (i == vx->n_remotes)
                return cmd_error(ctx, "Peer %s is not configured on %s",
                                 cmd_value(ctx, "A.B.C.D"), p->name);
            memmove(&vx->remotes[i], &vx->remotes[i + 1],
                    (vx->n_remotes - i - 1) * sizeof *vx->remotes);
            vx->n_remotes--;
        } else if (i == vx->n_remotes) {
            if (vx->n_remotes == CONFIG_VXLAN_REMOTES_MAX)
                return cmd_error(ctx, "%s has %d peers already (the most)", p->name,
                                 CONFIG_VXLAN_REMOTES_MAX);
            vx->remotes[vx->n_remotes++] = addr;
        }
        break;
    }
    return CMD_OK;
}

/* The bodies of the entries: each edits the selected ports (nve1, or
 * the vxlan ports of config-if).  A command of interface nve1 typed in
 * config-if-nve-vni goes back up to config-if-nve, as on NX-OS. */
static enum cmd_status
edit_nve(struct cmd_ctx *ctx, cmd_port_edit_fn *edit)
{
    enum cmd_status st = cmd_edit_selected(ctx, edit);

    if (st == CMD_OK && ctx->sess->mode == SHELL_MODE_NVE_VNI)
        ctx->sess->mode = SHELL_MODE_NVE;
    return st;
}

#define NVE_EDIT_BODY(name, edit)                                           \
    static enum cmd_status                                                  \
    name(struct cmd_ctx *ctx)                                               \
    {                                                                       \
        return edit_nve(ctx, edit);                                         \
    }
NVE_EDIT_BODY(source_interface, edit_source_interface)
NVE_EDIT_BODY(source_address, edit_source_address)
NVE_EDIT_BODY(nve_shutdown, edit_shutdown)
NVE_EDIT_BODY(nve_description, edit_description)
NVE_EDIT_BODY(vxlan_knob, edit_knob)

static enum cmd_status
peer_ip(struct cmd_ctx *ctx)
{
    return cmd_edit_selected(ctx, edit_peer);
}

static enum cmd_status
ingress_static(struct cmd_ctx *ctx)
{
    return cmd_edit_selected(ctx, edit_ingress_static);
}

static enum cmd_status
not_supported(struct cmd_ctx *ctx)
{
    return cmd_error(ctx, NOT_SUPPORTED);
}

/* Shows. */

/* NX-OS's uptime column: hh:mm:ss below a day, then 1d02h, then 3w2d. */
static void
uptime_text(int64_t ms, char buf[24])
{
    long long s = ms / 1000, d = s / 86400;

    if (d == 0)
        snprintf(buf, 24, "%02d:%02d:%02d", (int) (s / 3600), (int) (s / 60 % 60), (int) (s % 60));
    else if (d < 7)
        snprintf(buf, 24, "%lldd%02dh", d, (int) (s / 3600 % 24));
    else
        snprintf(buf, 24, "%lldw%lldd", d / 7, d % 7);
}

static const char *
ip_text(uint32_t addr, char buf[INET_ADDRSTRLEN])
{
    return inet_ntop(AF_INET, &addr, buf, INET_ADDRSTRLEN);
}

/* `show nve peers`: every remote VTEP of every vxlan port, configured ones
 * (learnt by the data plane: DP) in configuration order; Up once a frame
 * came from it. */
static enum cmd_status
show_peers(struct cmd_ctx *ctx)
{
    const struct state_vxlan_peer *peer;
    int64_t now = loop_now_ms();

    cmd_out(ctx, "Interface Peer-IP          State LearnType Uptime   Router-Mac");
    cmd_out(ctx, "--------- ---------------  ----- --------- -------- -----------------");
    for (size_t i = 0; (peer = state_vxlan_peer(ctx->sw, i)); i++) {
        char ip[INET_ADDRSTRLEN], up[24] = "n/a";
        bool heard = peer->first_rx_ms != 0;

        if (heard)
            uptime_text(now > peer->first_rx_ms ? now - peer->first_rx_ms : 0, up);
        cmd_out(ctx, "%-9s %-15s  %-5s %-9s %-8s %s", state_port_name(peer->port),
                ip_text(peer->remote, ip), heard ? "Up" : "Down", "DP", up, "n/a");
    }
    return CMD_OK;
}

static bool
port_up(struct cmd_ctx *ctx, const struct port *p)
{
    struct state_vxlan_port_info vi;

    return state_port_config(ctx->sw, p)->enabled && state_vxlan_port_info(p, &vi) && vi.up;
}

/* `show nve vni`: the VNIs of every vxlan port; a port with one key is one
 * VNI for its access VLAN ("-" on a trunk), a flow-keyed one is listed as
 * "flow". */
static enum cmd_status
show_vni(struct cmd_ctx *ctx)
{
    struct switch_state *sw = ctx->sw;
    const char *only = cmd_value(ctx, "N");

    cmd_out(ctx, "Codes: CP - Control Plane        DP - Data Plane");
    cmd_out(ctx, "       UC - Unconfigured         SA - Suppress ARP");
    cmd_out(ctx, "%s", "");
    cmd_out(ctx, "Interface VNI      Multicast-group   State Mode Type [BD/VRF]      Flags");
    cmd_out(ctx, "--------- -------- ----------------- ----- ---- ------------------ -----");
    for (size_t i = 0; i < state_n_ports(sw); i++) {
        const struct port *p = state_port_at(sw, i);
        const struct config_port *cp = state_port_config(sw, p);
        const struct config_vxlan *vx = cp->vxlan;
        const char *state = port_up(ctx, p) ? "Up" : "Down";
        char vni[16], bd[24];

        if (cp->type != PORT_TYPE_VXLAN || !vx)
            continue;
        for (size_t k = 0; k < vx->n_vnis; k++) {
            if (only && (long) vx->vnis[k].vni != atol(only))
                continue;
            snprintf(bd, sizeof bd, "L2 [%u]", (unsigned) vx->vnis[k].vlan);
            cmd_out(ctx, "%-9s %-8u %-17s %-5s %-4s %s", cp->name, (unsigned) vx->vnis[k].vni,
                    "UnicastStatic", state, "DP", bd);
        }
        if (vx->n_vnis)
            continue;
        if (vx->key == CONFIG_VXLAN_KEY_FLOW)
            snprintf(vni, sizeof vni, "flow");
        else
            snprintf(vni, sizeof vni, "%u", (unsigned) vx->key);
        if (only && (vx->key == CONFIG_VXLAN_KEY_FLOW || (long) vx->key != atol(only)))
            continue;
        if (cp->vlan.mode == VLAN_MODE_ACCESS)
            snprintf(bd, sizeof bd, "L2 [%u]", (unsigned) cp->vlan.access_vid);
        else
            snprintf(bd, sizeof bd, "L2 [-]");
        cmd_out(ctx, "%-9s %-8s %-17s %-5s %-4s %s", cp->name, vni, "UnicastStatic", state,
                "DP", bd);
    }
    return CMD_OK;
}

static void
interface_lines(struct cmd_ctx *ctx, const struct port *p)
{
    const struct config_port *cp = state_port_config(ctx->sw, p);
    const struct config_vxlan *vx = cp->vxlan;
    struct state_vxlan_port_info vi;
    char ip[INET_ADDRSTRLEN];
    bool known = state_vxlan_port_info(p, &vi);

    if (!known)
        memset(&vi, 0, sizeof vi);
    cmd_out(ctx, "Interface: %s, State: %s, encapsulation: VXLAN", cp->name,
            port_up(ctx, p) ? "Up" : "Down");
    cmd_out(ctx, " Host Learning Mode: Data-Plane");
    cmd_out(ctx, " Source-Interface: %s (primary: %s, secondary: 0.0.0.0)",
            vx && vx->source_interface[0] ? vx->source_interface : "-", ip_text(vi.local_ip, ip));
    cmd_out(ctx, " UDP port: %u", (unsigned) (known ? vi.udp_port : vx ? vx->udp_port : 0));
    if (!cp->enabled)
        cmd_out(ctx, " Down reason: administratively down");
    else if (known && !vi.up)
        cmd_out(ctx, " Down reason: %s", vi.down_reason);
}

/* `show nve interface [NAME]`: every vxlan port, or one. */
static enum cmd_status
show_interface(struct cmd_ctx *ctx)
{
    struct switch_state *sw = ctx->sw;
    const char *name = cmd_value(ctx, "PORT");
    unsigned n = 0;

    for (size_t i = 0; i < state_n_ports(sw); i++) {
        const struct port *p = state_port_at(sw, i);

        if (state_port_config(sw, p)->type != PORT_TYPE_VXLAN
            || (name && strcmp(name, state_port_name(p))))
            continue;
        if (n++)
            cmd_out(ctx, "%s", "");
        interface_lines(ctx, p);
    }
    if (name && !n)
        return cmd_error(ctx, "Interface %s is not an NVE interface", name);
    return CMD_OK;
}

#define IP_HELP "IPv4 address"
#define IN_NVE_ANY (IN_NVE | IN_NVE_VNI)
#define IN_VXLAN_IF (IN_IF | IN_NVE_ANY)

static const struct cmdline_cmd cmds[] = {
    /* Global configuration. */
    { .syntax = "feature", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Enable a feature (NX-OS)" },
    { .syntax = "feature nv", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Network virtualization" },
    { .syntax = "feature nv overlay", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "VXLAN overlay (accepted; always on)", .exec = feature, .flags = CMDLINE_LOCAL },
    { .syntax = "feature vn-segment-vlan-based", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "VLAN-based VN segments (accepted; always on)", .exec = feature,
      .flags = CMDLINE_LOCAL },
    { .syntax = "no feature", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Disable a feature (NX-OS)" },
    { .syntax = "no feature nv overlay", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "VXLAN overlay (accepted; no effect)", .exec = feature, .flags = CMDLINE_LOCAL },
    { .syntax = "no feature vn-segment-vlan-based", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "VLAN-based VN segments (accepted; no effect)", .exec = feature,
      .flags = CMDLINE_LOCAL },
    { .syntax = "interface", .modes = IN_BRIDGE, .privilege = PRIV_ENABLE,
      .help = "Select an interface to configure" },
    { .syntax = "interface " NVE_NAME, .modes = IN_CONFIG | IN_BRIDGE, .privilege = PRIV_ENABLE,
      .help = "NVE interface: the VXLAN tunnel endpoint", .exec = nve_enter },
    { .syntax = "no interface " NVE_NAME, .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Delete the NVE interface", .exec = nve_delete },

    /* config-if-nve */
    { .syntax = "source-interface WORD:NAME", .modes = IN_VXLAN_IF, .privilege = PRIV_ENABLE,
      .help = "Interface whose IPv4 address is the local VTEP address",
      .arg_help = "Interface name (e.g. lo)", .exec = source_interface },
    { .syntax = "no source-interface", .modes = IN_VXLAN_IF, .privilege = PRIV_ENABLE,
      .help = "Interface whose IPv4 address is the local VTEP address", .exec = source_interface, .variant = NVE_NO },
    { .syntax = "source-address WORD:A.B.C.D", .modes = IN_VXLAN_IF, .privilege = PRIV_ENABLE,
      .help = "Local VTEP address (OVS options:local_ip)", .arg_help = IP_HELP,
      .exec = source_address },
    { .syntax = "no source-address", .modes = IN_VXLAN_IF, .privilege = PRIV_ENABLE,
      .help = "Local VTEP address (OVS options:local_ip)", .exec = source_address,
      .variant = NVE_NO },
    { .syntax = "shutdown", .modes = IN_NVE_ANY, .privilege = PRIV_ENABLE,
      .help = "Shutdown the selected interface", .exec = nve_shutdown },
    { .syntax = "no shutdown", .modes = IN_NVE_ANY, .privilege = PRIV_ENABLE,
      .help = "Shutdown the selected interface", .exec = nve_shutdown,
      .variant = NVE_NO },
    { .syntax = "description TEXT", .modes = IN_NVE_ANY, .privilege = PRIV_ENABLE,
      .help = "Interface specific description", .arg_help = "Up to 240 characters describing"
      " this interface", .exec = nve_description },
    { .syntax = "no description", .modes = IN_NVE_ANY, .privilege = PRIV_ENABLE,
      .help = "Interface specific description", .exec = nve_description,
      .variant = NVE_NO },
    /* Also on another vxlan port's interface, whose map running-config
     * writes so (one made by JSON). */
    { .syntax = "member", .modes = IN_VXLAN_IF, .privilege = PRIV_ENABLE,
      .help = "Map a VNI to the NVE interface" },
    { .syntax = "member vni NUM(1-16777215):N", .modes = IN_VXLAN_IF,
      .privilege = PRIV_ENABLE, .help = "VXLAN network identifier",
      .arg_help = "VNI (a VLAN's vn-segment)", .exec = member_vni },
    { .syntax = "no member vni NUM(1-16777215):N", .modes = IN_VXLAN_IF,
      .privilege = PRIV_ENABLE, .help = "VXLAN network identifier", .arg_help = "VNI",
      .exec = member_vni, .variant = NVE_NO },
    { .syntax = "host-reachability protocol bgp", .modes = IN_NVE_ANY, .privilege = PRIV_ENABLE,
      .help = "BGP EVPN control plane (not supported)", .exec = not_supported },

    { .syntax = "vxlan", .modes = IN_VXLAN_IF, .privilege = PRIV_ENABLE,
      .help = "VXLAN tunnel settings (OVS options)" },
    { .syntax = "vxlan udp-port NUM(1-65535):N", .modes = IN_VXLAN_IF, .privilege = PRIV_ENABLE,
      .help = "UDP port of the tunnel (OVS options:dst_port)", .exec = vxlan_knob,
      .variant = VX_UDP_PORT },
    { .syntax = "no vxlan udp-port", .modes = IN_VXLAN_IF, .privilege = PRIV_ENABLE,
      .help = "UDP port of the tunnel (4789)", .exec = vxlan_knob, .variant = VX_NO_UDP_PORT },
    { .syntax = "vxlan key NUM(0-16777215):N", .modes = IN_VXLAN_IF, .privilege = PRIV_ENABLE,
      .help = "The one VNI of the tunnel (OVS options:key)", .exec = vxlan_knob,
      .variant = VX_KEY },
    { .syntax = "vxlan key flow", .modes = IN_VXLAN_IF, .privilege = PRIV_ENABLE,
      .help = "VNI from the flows (set_tunnel, tun_id)", .exec = vxlan_knob,
      .variant = VX_KEY_FLOW },
    { .syntax = "no vxlan key", .modes = IN_VXLAN_IF, .privilege = PRIV_ENABLE,
      .help = "The one VNI of the tunnel (0)", .exec = vxlan_knob, .variant = VX_NO_KEY },
    { .syntax = "vxlan tos NUM(0-255):N", .modes = IN_VXLAN_IF, .privilege = PRIV_ENABLE,
      .help = "Outer IPv4 TOS (OVS options:tos)", .exec = vxlan_knob, .variant = VX_TOS },
    { .syntax = "no vxlan tos", .modes = IN_VXLAN_IF, .privilege = PRIV_ENABLE,
      .help = "Outer IPv4 TOS (0)", .exec = vxlan_knob, .variant = VX_NO_TOS },
    { .syntax = "vxlan ttl NUM(1-255):N", .modes = IN_VXLAN_IF, .privilege = PRIV_ENABLE,
      .help = "Outer IPv4 TTL (OVS options:ttl)", .exec = vxlan_knob, .variant = VX_TTL },
    { .syntax = "no vxlan ttl", .modes = IN_VXLAN_IF, .privilege = PRIV_ENABLE,
      .help = "Outer IPv4 TTL (64)", .exec = vxlan_knob, .variant = VX_NO_TTL },
    { .syntax = "vxlan df-default", .modes = IN_VXLAN_IF, .privilege = PRIV_ENABLE,
      .help = "Set DF in the outer header (OVS options:df_default)", .exec = vxlan_knob,
      .variant = VX_DF },
    { .syntax = "no vxlan df-default", .modes = IN_VXLAN_IF, .privilege = PRIV_ENABLE,
      .help = "Set DF in the outer header (OVS options:df_default)", .exec = vxlan_knob,
      .variant = VX_NO_DF },
    { .syntax = "vxlan peer-ip WORD:A.B.C.D", .modes = IN_VXLAN_IF, .privilege = PRIV_ENABLE,
      .help = "A remote VTEP of every VNI without peers (OVS options:remote_ip)",
      .arg_help = IP_HELP, .exec = vxlan_knob, .variant = VX_PEER },
    { .syntax = "no vxlan peer-ip WORD:A.B.C.D", .modes = IN_VXLAN_IF, .privilege = PRIV_ENABLE,
      .help = "A remote VTEP of every VNI without peers", .arg_help = IP_HELP,
      .exec = vxlan_knob, .variant = VX_NO_PEER },

    /* config-if-nve-vni */
    { .syntax = "ingress-replication protocol static", .modes = IN_NVE_VNI,
      .privilege = PRIV_ENABLE, .help = "Static list of peers (head-end replication)",
      .exec = ingress_static },
    { .syntax = "no ingress-replication protocol static", .modes = IN_NVE_VNI,
      .privilege = PRIV_ENABLE, .help = "Drop the VNI's peers (the port's list floods)",
      .exec = ingress_static, .variant = NVE_NO },
    { .syntax = "ingress-replication protocol bgp", .modes = IN_NVE_VNI,
      .privilege = PRIV_ENABLE, .help = "Peers from BGP EVPN (not supported)",
      .exec = not_supported },
    { .syntax = "mcast-group WORD:A.B.C.D", .modes = IN_NVE_VNI, .privilege = PRIV_ENABLE,
      .help = "Multicast underlay (not supported)", .arg_help = IP_HELP,
      .exec = not_supported },
    { .syntax = "peer-ip WORD:A.B.C.D", .modes = IN_NVE_VNI, .privilege = PRIV_ENABLE,
      .help = "A remote VTEP of this VNI", .arg_help = IP_HELP, .exec = peer_ip },
    { .syntax = "no peer-ip WORD:A.B.C.D", .modes = IN_NVE_VNI, .privilege = PRIV_ENABLE,
      .help = "A remote VTEP of this VNI", .arg_help = IP_HELP, .exec = peer_ip, .variant = NVE_NO },

    /* EXEC */
    { .syntax = "show nve", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "VXLAN tunnel endpoints (NVE)" },
    { .syntax = "show nve peers", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Remote VTEPs", .exec = show_peers, .flags = CMDLINE_FILTERABLE },
    { .syntax = "show nve vni", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "VNIs of the NVE interfaces", .exec = show_vni, .flags = CMDLINE_FILTERABLE },
    { .syntax = "show nve vni NUM(0-16777215):N", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "One VNI", .arg_help = "VNI", .exec = show_vni, .flags = CMDLINE_FILTERABLE },
    { .syntax = "show nve interface", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "NVE interfaces", .exec = show_interface, .flags = CMDLINE_FILTERABLE },
    { .syntax = "show nve interface PORT", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "One NVE interface", .exec = show_interface, .flags = CMDLINE_FILTERABLE },
};

const struct cmdline_table cmd_nve_table = CMD_TABLE(cmds);
