/* Spanning tree output, as text (stp_show.h). */
#include "stp_show.h"

#include <inttypes.h>
#include <string.h>

void
stp_show_addr(const uint8_t a[6], char buf[16])
{
    snprintf(buf, 16, "%02x%02x.%02x%02x.%02x%02x", a[0], a[1], a[2], a[3], a[4], a[5]);
}

void
stp_show_port_type(const struct rstp_port_info *p, bool force_stp, char *buf, size_t size)
{
    /* Peer(STP): the port fell back to 802.1D for a legacy peer; with the
     * whole bridge forced to STP IOS says nothing per port. */
    snprintf(buf, size, "%s%s%s", p->oper_p2p ? "P2p" : "Shr", p->oper_edge ? " Edge" : "",
             !p->send_rstp && !force_stp ? " Peer(STP)" : "");
}

static unsigned
port_number(const struct rstp_port_info *p)
{
    return p->port_id & 0x0fff;
}

static const struct stp_show_port *
root_port(const struct stp_show_bridge *b)
{
    if (!b->info.has_root_port)
        return NULL;
    for (size_t i = 0; i < b->n_ports; i++)
        if (b->ports[i].info.port_no == b->info.root_port_no)
            return &b->ports[i];
    return NULL;
}

static void
times_line(FILE *out, unsigned hello, unsigned max_age, unsigned fwd)
{
    fprintf(out, "             Hello Time  %2u sec  Max Age %2u sec  Forward Delay %2u sec\n",
            hello, max_age, fwd);
}

void
stp_show_bridge(FILE *out, const struct stp_show_bridge *b)
{
    const struct rstp_bridge_info *i = &b->info;
    const struct stp_show_port *rp = root_port(b);
    char addr[16];

    fprintf(out, "\n%s\n", b->name);
    fprintf(out, "  Spanning tree enabled protocol %s\n", i->force_stp ? "ieee" : "rstp");
    stp_show_addr(i->root_id.addr, addr);
    fprintf(out, "  Root ID    Priority    %u\n", (unsigned) i->root_id.priority);
    fprintf(out, "             Address     %s\n", addr);
    if (i->is_root) {
        fprintf(out, "             This bridge is the root\n");
    } else {
        fprintf(out, "             Cost        %" PRIu32 "\n", i->root_path_cost);
        if (rp)
            fprintf(out, "             Port        %u (%s)\n", port_number(&rp->info), rp->name);
    }
    times_line(out, i->hello_s, i->max_age_s, i->forward_delay_s);
    fprintf(out, "\n");
    stp_show_addr(i->bridge_id.addr, addr);
    fprintf(out, "  Bridge ID  Priority    %u  (priority %u sys-id-ext 0)\n",
            (unsigned) i->bridge_id.priority, (unsigned) i->bridge_id.priority);
    fprintf(out, "             Address     %s\n", addr);
    times_line(out, i->bridge_hello_s, i->bridge_max_age_s, i->bridge_forward_delay_s);
    fprintf(out, "             Aging Time  %" PRIu32 " sec\n", b->aging_s);
    fprintf(out, "\n");
    fprintf(out, "Interface           Role Sts Cost      Prio.Nbr Type\n");
    fprintf(out, "------------------- ---- --- --------- -------- "
                 "--------------------------------\n");
    for (size_t k = 0; k < b->n_ports; k++) {
        const struct rstp_port_info *p = &b->ports[k].info;
        char prio[16], type[32];

        if (!p->enabled)
            continue;
        snprintf(prio, sizeof prio, "%u.%u", (unsigned) p->priority, port_number(p));
        stp_show_port_type(p, i->force_stp, type, sizeof type);
        fprintf(out, "%-19s %-4s %-3s %-9" PRIu32 " %-8s %s\n", b->ports[k].name,
                rstp_role_ios_name(p->role), rstp_state_ios_name(p->state), p->path_cost,
                prio, type);
    }
}

void
stp_show_interface_header(FILE *out)
{
    fprintf(out, "\nVlan                Role Sts Cost      Prio.Nbr Type\n");
    fprintf(out, "------------------- ---- --- --------- -------- "
                 "--------------------------------\n");
}

void
stp_show_interface_row(FILE *out, const struct stp_show_bridge *b, const struct stp_show_port *sp)
{
    const struct rstp_port_info *p = &sp->info;
    char prio[16], type[32];

    snprintf(prio, sizeof prio, "%u.%u", (unsigned) p->priority, port_number(p));
    stp_show_port_type(p, b->info.force_stp, type, sizeof type);
    fprintf(out, "%-19s %-4s %-3s %-9" PRIu32 " %-8s %s\n", b->name,
            rstp_role_ios_name(p->role), rstp_state_ios_name(p->state), p->path_cost, prio,
            type);
}

/* IOS's words in the detail: "designated forwarding", "alternate blocking". */
static const char *
role_word(enum rstp_role role)
{
    switch (role) {
    case RSTP_ROLE_ROOT:        return "root";
    case RSTP_ROLE_DESIGNATED:  return "designated";
    case RSTP_ROLE_ALTERNATE:   return "alternate";
    case RSTP_ROLE_BACKUP:      return "backup";
    default:                    return "disabled";
    }
}

static const char *
state_word(enum rstp_state state)
{
    switch (state) {
    case RSTP_FORWARDING:   return "forwarding";
    case RSTP_LEARNING:     return "learning";
    default:                return "blocking";
    }
}

void
stp_show_port_detail(FILE *out, const struct stp_show_bridge *b, const struct stp_show_port *sp)
{
    const struct rstp_port_info *p = &sp->info;
    const struct rstp_port_counters *c = &p->counters;
    char addr[16];

    fprintf(out, " Port %u (%s) of %s is %s %s\n", port_number(p), sp->name, b->name,
            role_word(p->role), state_word(p->state));
    fprintf(out, "   Port path cost %" PRIu32 ", Port priority %u, Port Identifier %u.%u.\n",
            p->path_cost, (unsigned) p->priority, (unsigned) p->priority, port_number(p));
    stp_show_addr(p->designated_root.addr, addr);
    fprintf(out, "   Designated root has priority %u, address %s\n",
            (unsigned) p->designated_root.priority, addr);
    stp_show_addr(p->designated_bridge.addr, addr);
    fprintf(out, "   Designated bridge has priority %u, address %s\n",
            (unsigned) p->designated_bridge.priority, addr);
    fprintf(out, "   Designated port id is %u.%u, designated path cost %" PRIu32 "\n",
            (unsigned) (p->designated_port_id >> 8 & 0xf0),
            (unsigned) (p->designated_port_id & 0x0fff), p->designated_cost);
    fprintf(out, "   Number of transitions to forwarding state: %" PRIu64 "\n",
            c->forward_transitions);
    if (p->oper_edge)
        fprintf(out, "   The port is in the portfast mode\n");
    fprintf(out, "   Link type is %s%s\n", p->oper_p2p ? "point-to-point" : "shared",
            sp->link_type == CONFIG_STP_LINK_AUTO ? " by default" : "");
    if (sp->bpduguard)
        fprintf(out, "   Bpdu guard is enabled\n");
    if (p->bpdu_filter)
        fprintf(out, "   Bpdu filter is enabled\n");
    if (!p->send_rstp && !b->info.force_stp)
        fprintf(out, "   The port is sending 802.1D BPDUs (a legacy bridge speaks on it)\n");
    fprintf(out, "   BPDU: sent %" PRIu64 ", received %" PRIu64 "\n",
            c->tx_rstp + c->tx_config + c->tx_tcn, c->rx_rstp + c->rx_config + c->rx_tcn);
}

void
stp_show_bridge_detail(FILE *out, const struct stp_show_bridge *b, int64_t now_ms)
{
    const struct rstp_bridge_info *i = &b->info;
    const struct stp_show_port *rp = root_port(b);
    char addr[16];

    fprintf(out, "\n %s is executing the %s compatible Spanning Tree protocol\n", b->name,
            i->force_stp ? "ieee" : "rstp");
    stp_show_addr(i->bridge_id.addr, addr);
    fprintf(out, "  Bridge Identifier has priority %u, sysid 0, address %s\n",
            (unsigned) i->bridge_id.priority, addr);
    fprintf(out, "  Configured hello time %u, max age %u, forward delay %u, transmit"
                 " hold-count %u\n", (unsigned) i->bridge_hello_s, (unsigned) i->bridge_max_age_s,
            (unsigned) i->bridge_forward_delay_s, (unsigned) i->tx_hold_count);
    if (i->is_root) {
        fprintf(out, "  We are the root of the spanning tree\n");
    } else {
        stp_show_addr(i->root_id.addr, addr);
        fprintf(out, "  Current root has priority %u, address %s\n",
                (unsigned) i->root_id.priority, addr);
        if (rp)
            fprintf(out, "  Root port is %u (%s), cost of root path is %" PRIu32 "\n",
                    port_number(&rp->info), rp->name, i->root_path_cost);
    }
    fprintf(out, "  Topology change flag %s\n", i->topology_change ? "set" : "not set");
    if (i->last_topology_change_ms >= 0 && now_ms >= i->last_topology_change_ms) {
        int64_t s = (now_ms - i->last_topology_change_ms) / 1000;

        fprintf(out, "  Number of topology changes %" PRIu64 " last change occurred"
                     " %02lld:%02lld:%02lld ago\n", i->topology_changes,
                (long long) (s / 3600), (long long) (s / 60 % 60), (long long) (s % 60));
    } else {
        fprintf(out, "  Number of topology changes %" PRIu64 "\n", i->topology_changes);
    }
    fprintf(out, "  Times:  hello %u, max age %u, forward delay %u\n", (unsigned) i->hello_s,
            (unsigned) i->max_age_s, (unsigned) i->forward_delay_s);
    for (size_t k = 0; k < b->n_ports; k++) {
        if (!b->ports[k].info.enabled)
            continue;
        fprintf(out, "\n");
        stp_show_port_detail(out, b, &b->ports[k]);
    }
    fprintf(out, "\n");
}

static void
ovs_id(FILE *out, const struct rstp_bridge_id *id, unsigned hello, unsigned max_age,
       unsigned fwd)
{
    const uint8_t *a = id->addr;

    fprintf(out, "  stp-priority    %u\n", (unsigned) id->priority);
    fprintf(out, "  stp-system-id   %02x:%02x:%02x:%02x:%02x:%02x\n",
            a[0], a[1], a[2], a[3], a[4], a[5]);
    fprintf(out, "  stp-hello-time  %us\n", hello);
    fprintf(out, "  stp-max-age     %us\n", max_age);
    fprintf(out, "  stp-fwd-delay   %us\n", fwd);
}

void
stp_show_ovs(FILE *out, const struct stp_show_bridge *b)
{
    const struct rstp_bridge_info *i = &b->info;
    const struct stp_show_port *rp = root_port(b);

    fprintf(out, "---- %s ----\n", b->name);
    fprintf(out, "Root ID:\n");
    if (i->is_root) {
        ovs_id(out, &i->bridge_id, i->bridge_hello_s, i->bridge_max_age_s,
               i->bridge_forward_delay_s);
        fprintf(out, "  This bridge is the root\n");
    } else {
        ovs_id(out, &i->root_id, i->hello_s, i->max_age_s, i->forward_delay_s);
        fprintf(out, "  root-port       %s\n", rp ? rp->name : "unknown");
        fprintf(out, "  root-path-cost  %" PRIu32 "\n", i->root_path_cost);
    }
    fprintf(out, "\n");
    fprintf(out, "Bridge ID:\n");
    ovs_id(out, &i->bridge_id, i->bridge_hello_s, i->bridge_max_age_s,
           i->bridge_forward_delay_s);
    fprintf(out, "\n");
    fprintf(out, "  %-11.10s%-11.10s%-11.10s%-9.8s%-8.7s\n", "Interface", "Role", "State",
            "Cost", "Pri.Nbr");
    fprintf(out, "  ---------- ---------- ---------- -------- -------\n");
    for (size_t k = 0; k < b->n_ports; k++) {
        const struct rstp_port_info *p = &b->ports[k].info;

        /* OVS leaves out the ports its state machines call disabled. */
        if (!p->enabled)
            continue;
        fprintf(out, "  %-11.10s%-11.10s%-11.10s%-9" PRIu32 "%u.%u\n", b->ports[k].name,
                rstp_role_name(p->role), rstp_state_name(p->state), p->path_cost,
                (unsigned) p->priority, port_number(p));
    }
    fprintf(out, "\n");
}
