/* What `show interfaces` reads of a port beyond its counters (state.h):
 * its 5 minute rates, sampled on the 1 s tick, and its netdev's MAC
 * address and MTU, read from sysfs when a command asks (never on the
 * packet path). */
#include <stdio.h>

#include "loop.h"
#include "state_private.h"
#include "sysfs.h"

void
state_rates_tick(struct switch_state *sw)
{
    for (size_t i = 0; i < sw->n_ports; i++) {
        struct port *p = sw->ports[i];
        const struct bridge_port_stats *s = state_port_stats(p);

        if (s)
            if_rates_tick(&p->rates, s->rx_bytes, s->rx_frames, s->tx_bytes, s->tx_frames);
    }
}

void
state_port_rates(const struct port *p, struct state_port_rates *r)
{
    r->in_bits = if_rate_value(p->rates.in_bits);
    r->in_pkts = if_rate_value(p->rates.in_pkts);
    r->out_bits = if_rate_value(p->rates.out_bits);
    r->out_pkts = if_rate_value(p->rates.out_pkts);
    r->cleared_ms = p->rates.cleared_ms;
}

/* Ports with a netdev of their own name that switchd holds open: not a
 * patch (no netdev) nor a bond (its members have them), nor a port whose
 * netdev is gone -- a netdev of the same name elsewhere is not its. */
static bool
has_netdev(const struct port *p)
{
    return p->fd >= 0 && !p->netdev_gone && p->class != port_class_of(PORT_TYPE_PATCH)
           && p->class != port_class_of(PORT_TYPE_BOND);
}

bool
state_port_hwaddr(const struct port *p, uint8_t mac[ETH_ADDR_LEN])
{
    char text[32];
    unsigned b[ETH_ADDR_LEN];

    if (!has_netdev(p) || !sysfs_net_read(p->name, "address", text, sizeof text)
        || sscanf(text, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != 6)
        return false;
    for (int i = 0; i < ETH_ADDR_LEN; i++)
        mac[i] = b[i];
    return true;
}

unsigned
state_port_mtu(const struct switch_state *sw, const struct port *p)
{
    char text[16];
    unsigned mtu;

    if (has_netdev(p) && sysfs_net_read(p->name, "mtu", text, sizeof text)
        && sscanf(text, "%u", &mtu) == 1 && mtu)
        return mtu;
    mtu = state_port_config(sw, p)->mtu;
    return mtu ? mtu : 1500;
}
