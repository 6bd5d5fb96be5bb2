/* running-config text (render_config.h). */
#include "render_config.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "rstp.h"
#include "ssh_key_line.h"
#include "vlan.h"

#define DEFAULT_AGING_S 300

void
render_mac_dotted(const uint8_t mac[6], char buf[16])
{
    snprintf(buf, 16, "%02x%02x.%02x%02x.%02x%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
             mac[5]);
}

static const struct config_vlan *
find_vlan(const struct config_bridge *b, uint16_t id)
{
    for (size_t i = 0; i < b->n_vlans; i++)
        if (b->vlans[i].id == id)
            return &b->vlans[i];
    return NULL;
}

/* A VLAN every bridge has, with the same name, is printed once globally. */
static bool
vlan_is_global(const struct switch_config *cfg, const struct config_vlan *v)
{
    for (size_t b = 0; b < cfg->n_bridges; b++) {
        const struct config_vlan *o = find_vlan(&cfg->bridges[b], v->id);
        if (!o || strcmp(o->name, v->name) || o->vn_segment != v->vn_segment)
            return false;
    }
    return true;
}

static bool
vlan_is_default(const struct config_vlan *v)
{
    char name[16];

    snprintf(name, sizeof name, v->id == 1 ? "default" : "VLAN%04u", (unsigned) v->id);
    return v->id == 1 && !strcmp(v->name, name) && v->vn_segment == CONFIG_VN_SEGMENT_NONE;
}

static bool
login_block_is_default(const struct config_login_block *b)
{
    return b->block_for_s == CONFIG_LOGIN_BLOCK_FOR_DEFAULT_S
           && b->attempts == CONFIG_LOGIN_ATTEMPTS_DEFAULT
           && b->within_s == CONFIG_LOGIN_WITHIN_DEFAULT_S;
}

static void
vlan_block(FILE *out, const struct config_vlan *v, const char *indent)
{
    char name[16];

    fprintf(out, "%svlan %u\n", indent, (unsigned) v->id);
    snprintf(name, sizeof name, v->id == 1 ? "default" : "VLAN%04u", (unsigned) v->id);
    if (strcmp(v->name, name))
        fprintf(out, "%s name %s\n", indent, v->name);
    if (v->vn_segment != CONFIG_VN_SEGMENT_NONE)
        fprintf(out, "%s vn-segment %u\n", indent, (unsigned) v->vn_segment);
}

static bool
aging_shared(const struct switch_config *cfg)
{
    for (size_t b = 1; b < cfg->n_bridges; b++)
        if (cfg->bridges[b].mac_aging_s != cfg->bridges[0].mac_aging_s)
            return false;
    return true;
}

/* The timer lines (hello-time, forward-time, max-age: IOS's order) in an
 * order that pastes onto a bridge of the default timers: the shell checks
 * 2 * (forward delay - 1) >= max age >= 2 * (hello time + 1) at each line,
 * so `forward-time 10` before `max-age 10` would be refused while max age
 * is still 20.  Some order always passes from the defaults; the first in
 * IOS's order is taken. */
static void
stp_timer_lines(FILE *out, const char *indent, const struct config_stp *s)
{
    static const unsigned char orders[6][3] = {
        { 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 }, { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 },
    };
    static const char *const words[3] = { "hello-time", "forward-time", "max-age" };
    const unsigned values[3] = { s->hello_s, s->forward_delay_s, s->max_age_s };
    size_t o;

    for (o = 0; o < 6; o++) {
        struct rstp_bridge_config rc = RSTP_BRIDGE_CONFIG_DEFAULT;
        char why[160];
        bool ok = true;

        for (unsigned k = 0; k < 3 && ok; k++) {
            unsigned t = orders[o][k];

            if (!values[t])
                continue;
            if (t == 0)
                rc.hello_s = (uint8_t) values[t];
            else if (t == 1)
                rc.forward_delay_s = (uint8_t) values[t];
            else
                rc.max_age_s = (uint8_t) values[t];
            ok = !rstp_bridge_config_check(&rc, why, sizeof why);
        }
        if (ok)
            break;
    }
    if (o == 6)         /* timers config_validate() refuses: IOS's order */
        o = 0;
    for (unsigned k = 0; k < 3; k++)
        if (values[orders[o][k]])
            fprintf(out, "%sspanning-tree vlan 1-4094 %s %u\n", indent, words[orders[o][k]],
                    values[orders[o][k]]);
}

/* Spanning tree lines of a bridge, in IOS's order.  Unlike IOS, a bridge
 * that runs spanning tree says so (`spanning-tree vlan 1-4094`) and one
 * that does not shows nothing, since a bridge without settings runs none
 * (docs/design.md section 5.13): the lines make the same switch again. */
static void
stp_lines(FILE *out, const char *indent, const struct config_stp *s)
{
    if (s->portfast_default)
        fprintf(out, "%sspanning-tree portfast default\n", indent);
    if (s->bpduguard_default)
        fprintf(out, "%sspanning-tree portfast bpduguard default\n", indent);
    if (s->tx_hold_count)
        fprintf(out, "%sspanning-tree transmit hold-count %u\n", indent,
                (unsigned) s->tx_hold_count);
    if (s->enabled)
        fprintf(out, "%sspanning-tree vlan 1-4094\n", indent);
    if (s->priority_set)
        fprintf(out, "%sspanning-tree vlan 1-4094 priority %u\n", indent, (unsigned) s->priority);
    stp_timer_lines(out, indent, s);
}

static bool
stp_has_lines(const struct config_stp *s)
{
    return s->portfast_default || s->bpduguard_default || s->tx_hold_count || s->enabled
           || s->priority_set || s->hello_s || s->forward_delay_s || s->max_age_s;
}

/* Whether every bridge has the same spanning tree settings: then they are
 * global lines, else each bridge's block has its own.  ("protocol" has
 * no IOS line: JSON and ovs-vsctl set it.) */
static bool
stp_shared(const struct switch_config *cfg)
{
    for (size_t b = 1; b < cfg->n_bridges; b++) {
        const struct config_stp *x = &cfg->bridges[0].stp, *y = &cfg->bridges[b].stp;

        if (x->enabled != y->enabled || x->priority_set != y->priority_set
            || (x->priority_set && x->priority != y->priority) || x->hello_s != y->hello_s
            || x->max_age_s != y->max_age_s || x->forward_delay_s != y->forward_delay_s
            || x->tx_hold_count != y->tx_hold_count || x->portfast_default != y->portfast_default
            || x->bpduguard_default != y->bpduguard_default)
            return false;
    }
    return true;
}

/* Whether global lines that `(config-bridge)#` takes too (`vlan`,
 * `spanning-tree`) follow the bridge blocks: the VLANs every bridge has
 * and the spanning tree settings they share. */
static bool
bridge_lines_follow(const struct switch_config *cfg)
{
    if (!cfg->n_bridges)
        return false;
    if (stp_shared(cfg) && stp_has_lines(&cfg->bridges[0].stp))
        return true;
    for (size_t i = 0; i < cfg->bridges[0].n_vlans; i++)
        if (vlan_is_global(cfg, &cfg->bridges[0].vlans[i])
            && !vlan_is_default(&cfg->bridges[0].vlans[i]))
            return true;
    return false;
}

/* 'leave': the block ends with ` exit`, back to global configuration, so
 * that pasted global lines after it are not taken as this bridge's own. */
static void
bridge_block(FILE *out, const struct switch_config *cfg, const struct config_bridge *b,
             bool leave)
{
    fprintf(out, "bridge %s\n", b->name);
    for (size_t i = 0; i < b->n_ports; i++) {
        const struct config_port *p = &b->ports[i];
        fprintf(out, " port %s type %s", p->name, port_type_name(p->type));
        if (p->type == PORT_TYPE_PATCH)
            fprintf(out, " peer %s", p->peer);
        /* The local port's LOCAL is implied by its name (docs/config.md
         * "The local port") and outside `ofport NUM(1-65279)`. */
        if (p->ofport == CONFIG_OFPORT_LOCAL)
            fprintf(out, "\n");
        else
            fprintf(out, " ofport %u\n", (unsigned) p->ofport);
    }
    /* Bridges of different aging times each say theirs, the default too:
     * a bridge made by a pasted `bridge NAME` starts with the first
     * bridge's. */
    if (!aging_shared(cfg))
        fprintf(out, " mac address-table aging-time %u\n", (unsigned) b->mac_aging_s);
    if (!stp_shared(cfg))
        stp_lines(out, " ", &b->stp);
    /* Every bridge starts with the default flow; only the rest is config. */
    for (size_t i = 0; i < b->n_flows; i++)
        if (strcmp(b->flows[i], "priority=0 actions=NORMAL"))
            fprintf(out, " flow add %s\n", b->flows[i]);
    for (size_t i = 0; i < b->n_vlans; i++)
        if (!vlan_is_global(cfg, &b->vlans[i]))
            vlan_block(out, &b->vlans[i], " ");
    if (leave)
        fprintf(out, " exit\n");
    fprintf(out, "!\n");
}

unsigned
render_port_channel_number(const char *name)
{
    char *end;
    long n;

    if (strncmp(name, "Po", 2) || name[2] < '1' || name[2] > '9')
        return 0;
    n = strtol(name + 2, &end, 10);
    return *end || n > 4096 ? 0 : (unsigned) n;
}

static const struct config_port *
bond_of(const struct config_bridge *b, const struct config_port *p)
{
    for (size_t i = 0; p->bond[0] && i < b->n_ports; i++)
        if (!strcmp(b->ports[i].name, p->bond) && b->ports[i].type == PORT_TYPE_BOND)
            return &b->ports[i];
    return NULL;
}

static bool
has_members(const struct config_bridge *b, const struct config_port *bond)
{
    for (size_t i = 0; i < b->n_ports; i++)
        if (!strcmp(b->ports[i].bond, bond->name))
            return true;
    return false;
}

/* A member's `channel-group` line, and the bond's LACP rate with it as
 * IOS has `lacp rate` on the members.  A bond not named PoN (JSON) has no
 * channel-group number to write. */
static void
member_lines(FILE *out, const struct config_bridge *b, const struct config_port *p)
{
    const struct config_port *bond = bond_of(b, p);
    static const char *const modes[] = {
        [CONFIG_LACP_OFF] = "on", [CONFIG_LACP_ACTIVE] = "active",
        [CONFIG_LACP_PASSIVE] = "passive",
    };
    unsigned n = bond ? render_port_channel_number(bond->name) : 0;

    if (!n || (unsigned) bond->bond_cfg.lacp > CONFIG_LACP_PASSIVE)
        return;
    fprintf(out, " channel-group %u mode %s\n", n, modes[bond->bond_cfg.lacp]);
    if (bond->bond_cfg.lacp_fast)
        fprintf(out, " lacp rate fast\n");
}

/* `storm-control`: the falling level only when it is not the rising one
 * (IOS's default for it), rates as IOS writes them ("1k"). */
static void
storm_lines(FILE *out, const struct config_storm *s)
{
    for (unsigned c = 0; c < STORM_N_CLASSES; c++) {
        const struct storm_level *l = &s->levels.level[c];
        char rising[STORM_PPS_STR_MAX], falling[STORM_PPS_STR_MAX];

        if (!l->on)
            continue;
        storm_pps_format(l->rising_pps, rising);
        storm_pps_format(l->falling_pps, falling);
        fprintf(out, " storm-control %s level pps %s%s%s\n", storm_class_name(c), rising,
                l->falling_pps != l->rising_pps ? " " : "",
                l->falling_pps != l->rising_pps ? falling : "");
    }
    if (s->action_shutdown)
        fprintf(out, " storm-control action shutdown\n");
    if (s->action_trap)
        fprintf(out, " storm-control action trap\n");
}

/* IOS's port-security lines, in its order, each only when it is not the
 * default; a secure address in the access VLAN of an access port without
 * `vlan V`, as IOS shows it. */
static void
port_security_lines(FILE *out, const struct config_bridge *b, const struct config_port *p)
{
    const struct config_psec *ps = &p->psec;

    if (config_psec_maximum(ps) != 1)
        fprintf(out, " switchport port-security maximum %u\n", (unsigned) config_psec_maximum(ps));
    if (ps->enabled)
        fprintf(out, " switchport port-security\n");
    if (ps->aging_min)
        fprintf(out, " switchport port-security aging time %u\n", (unsigned) ps->aging_min);
    if (ps->violation != PSEC_SHUTDOWN)
        fprintf(out, " switchport port-security violation %s\n",
                psec_violation_name(ps->violation));
    if (ps->aging_inactivity)
        fprintf(out, " switchport port-security aging type inactivity\n");
    if (ps->sticky)
        fprintf(out, " switchport port-security mac-address sticky\n");
    for (size_t i = 0; i < b->n_secure_macs; i++) {
        const struct config_secure_mac *m = &b->secure_macs[i];
        char mac[16];

        if (strcmp(m->port, p->name))
            continue;
        render_mac_dotted(m->mac, mac);
        fprintf(out, " switchport port-security mac-address %s%s", m->sticky ? "sticky " : "",
                mac);
        if (p->vlan.mode != VLAN_MODE_ACCESS || m->vlan != p->vlan.access_vid)
            fprintf(out, " vlan %u", (unsigned) m->vlan);
        fprintf(out, "\n");
    }
}

/* IOS's interface spanning-tree lines, in its order. */
static void
port_stp_lines(FILE *out, const struct config_port_stp *s)
{
    static const char *const words[] = { "", "enable", "disable" };

    if (s->portfast == CONFIG_STP_ENABLE)
        fprintf(out, " spanning-tree portfast\n");
    else if (s->portfast == CONFIG_STP_DISABLE)
        fprintf(out, " spanning-tree portfast disable\n");
    if (s->bpdufilter != CONFIG_STP_DEFAULT && (unsigned) s->bpdufilter < 3)
        fprintf(out, " spanning-tree bpdufilter %s\n", words[s->bpdufilter]);
    if (s->bpduguard != CONFIG_STP_DEFAULT && (unsigned) s->bpduguard < 3)
        fprintf(out, " spanning-tree bpduguard %s\n", words[s->bpduguard]);
    if (s->link_type != CONFIG_STP_LINK_AUTO)
        fprintf(out, " spanning-tree link-type %s\n", config_stp_link_type_name(s->link_type));
    if (s->cost)
        fprintf(out, " spanning-tree cost %u\n", (unsigned) s->cost);
    if (s->priority_set)
        fprintf(out, " spanning-tree port-priority %u\n", (unsigned) s->priority);
}

/* VXLAN
 * -----
 * NX-OS's lines for a vxlan port (docs/cli.md "VXLAN"): its local address,
 * the `vxlan ...` settings OVS names, and the VNI map as `member vni`
 * blocks with their static peers; NX-OS's feature lines when the switch
 * has VXLAN. */

static const char *
ipv4_text(uint32_t addr, char buf[INET_ADDRSTRLEN])
{
    return inet_ntop(AF_INET, &addr, buf, INET_ADDRSTRLEN);
}

static void
vxlan_lines(FILE *out, const struct config_port *p)
{
    const struct config_vxlan *vx = p->vxlan;
    char ip[INET_ADDRSTRLEN];

    if (p->type != PORT_TYPE_VXLAN || !vx)
        return;
    if (vx->source_interface[0])
        fprintf(out, " source-interface %s\n", vx->source_interface);
    if (vx->local_ip)
        fprintf(out, " source-address %s\n", ipv4_text(vx->local_ip, ip));
    if (vx->udp_port != CONFIG_VXLAN_UDP_PORT_DEFAULT)
        fprintf(out, " vxlan udp-port %u\n", (unsigned) vx->udp_port);
    if (!vx->n_vnis && vx->key == CONFIG_VXLAN_KEY_FLOW)
        fprintf(out, " vxlan key flow\n");
    else if (!vx->n_vnis && vx->key)
        fprintf(out, " vxlan key %u\n", (unsigned) vx->key);
    for (size_t i = 0; i < vx->n_remotes; i++)
        fprintf(out, " vxlan peer-ip %s\n", ipv4_text(vx->remotes[i], ip));
    if (vx->tos)
        fprintf(out, " vxlan tos %u\n", (unsigned) vx->tos);
    if (vx->ttl != CONFIG_VXLAN_TTL_DEFAULT)
        fprintf(out, " vxlan ttl %u\n", (unsigned) vx->ttl);
    if (!vx->df)
        fprintf(out, " no vxlan df-default\n");
    for (size_t i = 0; i < vx->n_vnis; i++) {
        const struct config_vxlan_vni *e = &vx->vnis[i];

        fprintf(out, " member vni %u\n", (unsigned) e->vni);
        if (!e->n_remotes)
            continue;
        fprintf(out, "  ingress-replication protocol static\n");
        for (size_t r = 0; r < e->n_remotes; r++)
            fprintf(out, "   peer-ip %s\n", ipv4_text(e->remotes[r], ip));
    }
}

static void
feature_lines(FILE *out, const struct switch_config *cfg)
{
    bool nve = false, segments = false;

    for (size_t b = 0; b < cfg->n_bridges; b++) {
        for (size_t i = 0; i < cfg->bridges[b].n_ports; i++)
            nve |= cfg->bridges[b].ports[i].type == PORT_TYPE_VXLAN;
        for (size_t i = 0; i < cfg->bridges[b].n_vlans; i++)
            segments |= cfg->bridges[b].vlans[i].vn_segment != CONFIG_VN_SEGMENT_NONE;
    }
    if (nve)
        fprintf(out, "feature nv overlay\n");
    if (segments)
        fprintf(out, "feature vn-segment-vlan-based\n");
    if (nve || segments)
        fprintf(out, "!\n");
}

/* A VLAN list as IOS writes a long one: lines of at most 80 columns, cut
 * after a comma, the first with 'first' before it, the next ones with
 * 'more' (`switchport trunk allowed vlan add`), each ended by 'suffix'.
 * One line of every VLAN list would pass the shell's line limit (4095
 * bytes) and not paste back. */
#define RENDER_LINE_COLUMNS 80

static void
vlan_list_lines(FILE *out, const struct vlan_set *set, const char *first, const char *more,
                const char *suffix)
{
    char *list = malloc(VLAN_SET_STR_MAX);
    const char *p, *prefix = first;

    if (!list)
        return;
    vlan_set_format(set, list, VLAN_SET_STR_MAX);
    for (p = list; *p;) {
        size_t used = strlen(prefix) + strlen(suffix);
        size_t room = used < RENDER_LINE_COLUMNS - 10 ? RENDER_LINE_COLUMNS - used : 10;
        size_t take = strlen(p);

        if (take > room) {
            for (take = room; take && p[take] != ','; take--)
                continue;
            if (!take)                  /* one item longer than the room */
                take = strcspn(p, ",");
        }
        fprintf(out, "%s%.*s%s\n", prefix, (int) take, p, suffix);
        p += take;
        p += *p == ',';
        prefix = more;
    }
    free(list);
}

static void
switchport_lines(FILE *out, const struct vlan_port *v)
{
    if (v->access_vid != 1)
        fprintf(out, " switchport access vlan %u\n", (unsigned) v->access_vid);
    if (!v->native_vid)
        fprintf(out, " switchport trunk native vlan none\n");
    else if (v->native_vid != 1)
        fprintf(out, " switchport trunk native vlan %u\n", (unsigned) v->native_vid);
    if (v->native_tagged)
        fprintf(out, " switchport trunk native vlan tag\n");
    if (!vlan_set_is_full(&v->allowed))
        vlan_list_lines(out, &v->allowed, " switchport trunk allowed vlan ",
                        " switchport trunk allowed vlan add ", "");
    fprintf(out, " switchport mode %s\n", v->mode == VLAN_MODE_ACCESS ? "access" : "trunk");
}

static void
interface_block(FILE *out, const struct config_bridge *b, const struct config_port *p)
{
    const struct vlan_port *v = &p->vlan;
    unsigned po = p->type == PORT_TYPE_BOND ? render_port_channel_number(p->name) : 0;

    if (po)
        fprintf(out, "interface Port-channel%u\n", po);
    else
        fprintf(out, "interface %s\n", p->name);
    if (p->description[0])
        fprintf(out, " description %s\n", p->description);
    /* A vxlan port's map is its VLAN policy (config.h): no switchport
     * lines.  Without one, they say it, also for a new nve1's "carries
     * nothing" (a pasted `port nve1 type vxlan` makes a trunk of all). */
    if (!(p->type == PORT_TYPE_VXLAN && p->vxlan && p->vxlan->n_vnis))
        switchport_lines(out, v);
    if (p->inert.nonegotiate)
        fprintf(out, " switchport nonegotiate\n");
    port_security_lines(out, b, p);
    if (p->mtu)
        fprintf(out, " mtu %u\n", (unsigned) p->mtu);
    if (p->type == PORT_TYPE_BOND) {
        if (p->bond_cfg.mode != BOND_BALANCE_SLB)
            fprintf(out, " bond-mode %s\n", bond_mode_name(p->bond_cfg.mode));
        /* Without members no `lacp rate` line would say it. */
        if (p->bond_cfg.lacp_fast && !has_members(b, p))
            fprintf(out, " lacp rate fast\n");
    }
    member_lines(out, b, p);
    if (!p->enabled)
        fprintf(out, " shutdown\n");
    vxlan_lines(out, p);
    /* IOS shows these lines only when they are not the defaults. */
    if (p->inert.speed != CONFIG_SPEED_AUTO)
        fprintf(out, " speed %s\n", config_speed_name(p->inert.speed));
    if (p->inert.duplex != CONFIG_DUPLEX_AUTO)
        fprintf(out, " duplex %s\n", config_duplex_name(p->inert.duplex));
    storm_lines(out, &p->storm);
    if (p->inert.no_cdp)
        fprintf(out, " no cdp enable\n");
    port_stp_lines(out, &p->stp);
    if (p->lldp_no_transmit)
        fprintf(out, " no lldp transmit\n");
    if (p->lldp_no_receive)
        fprintf(out, " no lldp receive\n");
}

/* IOS `exec-timeout MINUTES SECONDS` of a timeout in seconds. */
static void
exec_timeout_line(FILE *out, uint32_t s)
{
    if (s != CONFIG_TELNET_IDLE_DEFAULT_S)
        fprintf(out, " exec-timeout %u %u\n", (unsigned) (s / 60), (unsigned) (s % 60));
}

/* The banner and the lines, as IOS ends its configuration: blocks only
 * for what differs from the defaults.  Every vty is one setting here
 * (shell/cmd_line.c), shown as `line vty 0 15`. */
static void
lines_block(FILE *out, const struct switch_config *cfg)
{
    bool con = cfg->console_idle_timeout_s != CONFIG_CONSOLE_IDLE_DEFAULT_S
               || cfg->console_login_local;
    bool vty = cfg->telnet_idle_timeout_s != CONFIG_TELNET_IDLE_DEFAULT_S
               || cfg->telnet_login_local || cfg->transport_input != CONFIG_TRANSPORT_ALL;

    if (cfg->banner_motd[0])
        fprintf(out, "banner motd ^C%s^C\n!\n", cfg->banner_motd);
    if (con) {
        fprintf(out, "line con 0\n");
        exec_timeout_line(out, cfg->console_idle_timeout_s);
        if (cfg->console_login_local)
            fprintf(out, " login local\n");
    }
    if (vty) {
        fprintf(out, "line vty 0 15\n");
        exec_timeout_line(out, cfg->telnet_idle_timeout_s);
        if (cfg->telnet_login_local)
            fprintf(out, " login local\n");
        if (cfg->transport_input != CONFIG_TRANSPORT_ALL)
            fprintf(out, " transport input %s\n", config_transport_name(cfg->transport_input));
    }
    if (con || vty)
        fprintf(out, "!\n");
}

/* IOS shows `logging buffered` after the hostname, with the size and the
 * level only where they differ from the defaults (4096, debugging), and
 * `no logging buffered` when it is off; `logging monitor` likewise.  A
 * configuration built in memory that never set them (size 0) shows none. */
static void
logging_lines(FILE *out, const struct config_logging *l)
{
    bool any = false;

    if (!l->buffered_size)
        return;
    if (!l->buffered) {
        fprintf(out, "no logging buffered\n");
        any = true;
    } else if (l->buffered_size != CONFIG_LOG_BUFFER_DEFAULT
               || l->buffered_level != CONFIG_LOG_LEVEL_DEBUGGING) {
        fprintf(out, "logging buffered");
        if (l->buffered_size != CONFIG_LOG_BUFFER_DEFAULT)
            fprintf(out, " %u", (unsigned) l->buffered_size);
        if (l->buffered_level != CONFIG_LOG_LEVEL_DEBUGGING)
            fprintf(out, " %s", config_log_level_name(l->buffered_level));
        fprintf(out, "\n");
        any = true;
    }
    if (!l->monitor) {
        fprintf(out, "no logging monitor\n");
        any = true;
    } else if (l->monitor_level != CONFIG_LOG_LEVEL_DEBUGGING) {
        fprintf(out, "logging monitor %s\n", config_log_level_name(l->monitor_level));
        any = true;
    }
    if (any)
        fprintf(out, "!\n");
}

/* `errdisable recovery cause C` for each cause on, and the interval when it
 * is not IOS's default. */
static void
errdisable_lines(FILE *out, const struct config_errdisable *e)
{
    bool interval = config_errdisable_interval(e) != CONFIG_ERR_INTERVAL_DEFAULT_S;

    for (unsigned c = 0; c < CONFIG_ERR_N_CAUSES; c++)
        if (e->causes & 1u << c)
            fprintf(out, "errdisable recovery cause %s\n", config_err_cause_name(c));
    if (interval)
        fprintf(out, "errdisable recovery interval %u\n", (unsigned) config_errdisable_interval(e));
    if (e->causes || interval)
        fprintf(out, "!\n");
}

/* IOS's global LLDP lines, after the interfaces, settings before `lldp
 * run`; none for the defaults.  0 is a setting nobody made (a config built
 * in memory, not validated): the default. */
static void
lldp_lines(FILE *out, const struct config_lldp *l)
{
    bool timer = l->timer_s && l->timer_s != CONFIG_LLDP_TIMER_DEFAULT;
    bool hold = l->timer_s && l->holdtime_s != CONFIG_LLDP_HOLDTIME_DEFAULT;
    bool reinit = l->reinit_s && l->reinit_s != CONFIG_LLDP_REINIT_DEFAULT;

    if (timer)
        fprintf(out, "lldp timer %u\n", (unsigned) l->timer_s);
    if (hold)
        fprintf(out, "lldp holdtime %u\n", (unsigned) l->holdtime_s);
    if (reinit)
        fprintf(out, "lldp reinit %u\n", (unsigned) l->reinit_s);
    if (l->run)
        fprintf(out, "lldp run\n");
    if (timer || hold || reinit || l->run)
        fprintf(out, "!\n");
}

/* VSPAN: one line per direction, the VLANs as IOS's compact list. */
static void
span_vlan_lines(FILE *out, const struct config_monitor_session *s)
{
    static const enum config_span_dir dirs[] = { CONFIG_SPAN_BOTH, CONFIG_SPAN_RX,
                                                 CONFIG_SPAN_TX };

    for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
        struct vlan_set set;
        char prefix[48], suffix[8];

        config_span_vlans_of(s, dirs[d], &set);
        if (vlan_set_is_empty(&set))
            continue;
        /* A long list over several lines, which add up. */
        snprintf(prefix, sizeof prefix, "monitor session %u source vlan ", (unsigned) s->id);
        snprintf(suffix, sizeof suffix, "%s%s", dirs[d] != CONFIG_SPAN_BOTH ? " " : "",
                 dirs[d] != CONFIG_SPAN_BOTH ? config_span_dir_name(dirs[d]) : "");
        vlan_list_lines(out, &set, prefix, prefix, suffix);
    }
}

/* SPAN sessions, as IOS writes them: sources (the default direction,
 * both, without a keyword), then the destination. */
static void
span_lines(FILE *out, const struct switch_config *cfg)
{
    for (size_t i = 0; i < cfg->n_monitor_sessions; i++) {
        const struct config_monitor_session *s = &cfg->monitor_sessions[i];

        for (size_t k = 0; k < s->n_sources; k++) {
            fprintf(out, "monitor session %u source interface %s", (unsigned) s->id,
                    s->sources[k].port);
            if (s->sources[k].dir != CONFIG_SPAN_BOTH)
                fprintf(out, " %s", config_span_dir_name(s->sources[k].dir));
            fprintf(out, "\n");
        }
        span_vlan_lines(out, s);
        if (s->destination[0])
            fprintf(out, "monitor session %u destination interface %s%s\n", (unsigned) s->id,
                    s->destination, s->replicate ? " encapsulation replicate" : "");
    }
    if (cfg->n_monitor_sessions)
        fprintf(out, "!\n");
}

/* SSH (issue 19): `ip ssh time-out` and `ip ssh authentication-retries`
 * when not the defaults, and the users' keys as IOS shows a pubkey-chain:
 * `key-hash TYPE MD5` and the key's comment. */
static void
ssh_lines(FILE *out, const struct switch_config *cfg)
{
    bool any = false, chain = false;

    if (cfg->ssh.version_2) {
        fprintf(out, "ip ssh version 2\n");
        any = true;
    }
    if (cfg->ssh.timeout_s && cfg->ssh.timeout_s != CONFIG_SSH_TIMEOUT_DEFAULT_S) {
        fprintf(out, "ip ssh time-out %u\n", (unsigned) cfg->ssh.timeout_s);
        any = true;
    }
    if (cfg->ssh.auth_retries != CONFIG_SSH_RETRIES_DEFAULT) {
        fprintf(out, "ip ssh authentication-retries %u\n", (unsigned) cfg->ssh.auth_retries);
        any = true;
    }
    for (size_t i = 0; i < cfg->n_users; i++) {
        const struct config_user *u = &cfg->users[i];

        if (!u->n_ssh_keys)
            continue;
        if (!chain)
            fprintf(out, "ip ssh pubkey-chain\n");
        chain = any = true;
        fprintf(out, "  username %s\n", u->name);
        for (unsigned k = 0; k < u->n_ssh_keys; k++) {
            struct ssh_key_line *line = malloc(sizeof *line);
            char why[160];
            const char *comment;

            if (!line || !ssh_key_line_parse(u->ssh_keys[k], line, why, sizeof why)) {
                free(line);
                continue;
            }
            comment = line->base64 + line->base64_len;
            comment += strspn(comment, " \t");
            fprintf(out, "   key-hash %s %s%s%s\n", line->type, line->md5, *comment ? " " : "",
                    comment);
            free(line);
        }
    }
    if (any)
        fprintf(out, "!\n");
}

void
render_config(FILE *out, const struct switch_config *cfg)
{
    fprintf(out, "!\n");
    if (cfg->inert.timestamps_debug_msec)
        fprintf(out, "service timestamps debug datetime msec\n");
    if (cfg->inert.timestamps_log_msec)
        fprintf(out, "service timestamps log datetime msec\n");
    if (cfg->inert.timestamps_debug_msec || cfg->inert.timestamps_log_msec)
        fprintf(out, "!\n");
    fprintf(out, "hostname %s\n!\n", cfg->hostname);
    logging_lines(out, &cfg->logging);
    for (size_t i = 0; i < cfg->n_users; i++)
        if (cfg->users[i].secret[0])    /* else a user with SSH keys only */
            fprintf(out, "username %s secret 5 %s\n", cfg->users[i].name,
                    cfg->users[i].secret);
    if (cfg->enable_secret[0])
        fprintf(out, "enable secret 5 %s\n", cfg->enable_secret);
    /* Blocking is on by default (docs/security.md section 3): the line
     * shows settings that differ, `no login block-for` that it is off. */
    if (!cfg->login_block.block_for_s)
        fprintf(out, "no login block-for\n");
    else if (!login_block_is_default(&cfg->login_block))
        fprintf(out, "login block-for %u attempts %u within %u\n",
                (unsigned) cfg->login_block.block_for_s, (unsigned) cfg->login_block.attempts,
                (unsigned) cfg->login_block.within_s);
    if (cfg->n_users || cfg->enable_secret[0] || !login_block_is_default(&cfg->login_block))
        fprintf(out, "!\n");
    /* Accepted with no effect; shown as IOS shows them (not the defaults). */
    if (cfg->inert.no_ip_domain_lookup)
        fprintf(out, "no ip domain-lookup\n");
    if (cfg->inert.no_cdp_run)
        fprintf(out, "no cdp run\n");
    if (cfg->inert.stp_mode != CONFIG_STP_PVST)
        fprintf(out, "spanning-tree mode %s\n", config_stp_mode_name(cfg->inert.stp_mode));
    if (cfg->inert.no_ip_domain_lookup || cfg->inert.no_cdp_run
        || cfg->inert.stp_mode != CONFIG_STP_PVST)
        fprintf(out, "!\n");
    if (cfg->vlan_dot1q_tag_native)
        fprintf(out, "vlan dot1q tag native\n!\n");
    feature_lines(out, cfg);
    errdisable_lines(out, &cfg->errdisable);
    /* 0 is a priority nobody set (a config built in memory, not
     * validated): the default. */
    bool priority = cfg->lacp_system_priority
                    && cfg->lacp_system_priority != CONFIG_LACP_SYSTEM_PRIORITY_DEFAULT;
    bool hash = cfg->port_channel_load_balance != BOND_HASH_SRC_MAC;
    if (priority)
        fprintf(out, "lacp system-priority %u\n", (unsigned) cfg->lacp_system_priority);
    if (hash)
        fprintf(out, "port-channel load-balance %s\n",
                bond_hash_name(cfg->port_channel_load_balance));
    if (priority || hash)
        fprintf(out, "!\n");
    /* With one bridge, its `(config-bridge)#` taking the global lines
     * after its block changes nothing; with several, the last block leaves
     * that mode first. */
    bool leave = cfg->n_bridges > 1 && bridge_lines_follow(cfg);
    for (size_t b = 0; b < cfg->n_bridges; b++)
        bridge_block(out, cfg, &cfg->bridges[b], leave && b == cfg->n_bridges - 1);
    /* Settings every bridge shares, as IOS's global lines, after the
     * bridges they apply to: a global `spanning-tree` line edits the
     * bridges there are, so before the bridge blocks it would be lost on a
     * switch that has none yet (a paste into a new switch). */
    if (cfg->n_bridges && stp_shared(cfg) && stp_has_lines(&cfg->bridges[0].stp)) {
        stp_lines(out, "", &cfg->bridges[0].stp);
        fprintf(out, "!\n");
    }
    if (cfg->n_bridges) {
        const struct config_bridge *first = &cfg->bridges[0];
        for (size_t i = 0; i < first->n_vlans; i++) {
            const struct config_vlan *v = &first->vlans[i];
            if (vlan_is_global(cfg, v) && !vlan_is_default(v)) {
                vlan_block(out, v, "");
                fprintf(out, "!\n");
            }
        }
    }
    for (size_t b = 0; b < cfg->n_bridges; b++)
        for (size_t p = 0; p < cfg->bridges[b].n_ports; p++) {
            interface_block(out, &cfg->bridges[b], &cfg->bridges[b].ports[p]);
            fprintf(out, "!\n");
        }
    bool any = false;
    if (cfg->n_bridges && aging_shared(cfg) && cfg->bridges[0].mac_aging_s != DEFAULT_AGING_S) {
        fprintf(out, "mac address-table aging-time %u\n", (unsigned) cfg->bridges[0].mac_aging_s);
        any = true;
    }
    for (size_t b = 0; b < cfg->n_bridges; b++) {
        for (size_t i = 0; i < cfg->bridges[b].n_static_macs; i++) {
            const struct config_static_mac *m = &cfg->bridges[b].static_macs[i];
            char mac[16];
            render_mac_dotted(m->mac, mac);
            fprintf(out, "mac address-table static %s vlan %u interface %s\n", mac,
                    (unsigned) m->vlan, m->port);
            any = true;
        }
    }
    if (any)
        fprintf(out, "!\n");
    lldp_lines(out, &cfg->lldp);
    span_lines(out, cfg);
    ssh_lines(out, cfg);
    lines_block(out, cfg);
    fprintf(out, "end\n");
}

static bool
render_interface(FILE *out, const struct switch_config *cfg, const char *name)
{
    for (size_t b = 0; b < cfg->n_bridges; b++) {
        for (size_t p = 0; p < cfg->bridges[b].n_ports; p++) {
            if (strcmp(cfg->bridges[b].ports[p].name, name))
                continue;
            fprintf(out, "!\n");
            interface_block(out, &cfg->bridges[b], &cfg->bridges[b].ports[p]);
            fprintf(out, "end\n");
            return true;
        }
    }
    return false;
}

/* "Building configuration..." and the byte count of what follows it. */
static bool
render_with_header(FILE *out, const struct switch_config *cfg, const char *port)
{
    char *text = NULL;
    size_t len = 0;
    FILE *body = open_memstream(&text, &len);
    bool found = true;

    if (!body)
        return false;
    if (port)
        found = render_interface(body, cfg, port);
    else
        render_config(body, cfg);
    fclose(body);
    if (found) {
        fprintf(out, "Building configuration...\n\nCurrent configuration : %zu bytes\n", len);
        fwrite(text, 1, len, out);
    }
    free(text);
    return found;
}

void
render_running_config(FILE *out, const struct switch_config *cfg)
{
    render_with_header(out, cfg, NULL);
}

bool
render_running_config_interface(FILE *out, const struct switch_config *cfg, const char *port)
{
    return render_with_header(out, cfg, port);
}
