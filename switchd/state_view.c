/* Reading the switch (state.h, "Reading the switch"): the functions through
 * which the command code and the front ends see the structs of
 * state_private.h. */
#include "state_bond.h"
#include "state_private.h"

size_t
state_n_bridges(const struct switch_state *sw)
{
    return sw->n_bridges;
}

struct sw_bridge *
state_bridge_at(const struct switch_state *sw, size_t i)
{
    return sw->bridges[i];
}

size_t
state_n_ports(const struct switch_state *sw)
{
    return sw->n_ports;
}

const struct port *
state_port_at(const struct switch_state *sw, size_t i)
{
    return sw->ports[i];
}

uint64_t
state_patch_loop_drops(const struct switch_state *sw)
{
    return sw->patch_loop_drops;
}

uint64_t
state_patch_no_peer_drops(const struct switch_state *sw)
{
    return sw->patch_no_peer_drops;
}

const char *
state_bridge_name(const struct sw_bridge *b)
{
    return b->name;
}

struct bridge *
state_bridge_core(const struct sw_bridge *b)
{
    return b->core;
}

const struct port *
state_bridge_port(const struct sw_bridge *b, uint16_t port_no)
{
    return port_no < b->n_ports ? b->ports[port_no] : NULL;
}

uint16_t
state_bridge_port_slots(const struct sw_bridge *b)
{
    return b->n_ports;
}

const char *
state_port_name(const struct port *p)
{
    return p->name;
}

const char *
state_port_type(const struct port *p)
{
    return p->class->type;
}

uint16_t
state_port_ofport(const struct port *p)
{
    return p->ofport;
}

struct sw_bridge *
state_port_bridge(const struct port *p)
{
    return p->bridge;
}

const char *
state_port_peer(const struct port *p)
{
    return p->peer ? p->peer->name : "";
}

bool
state_port_enabled(const struct port *p)
{
    return bridge_port_is_enabled(p->bridge->core, p->port_no);
}

const struct bridge_port_stats *
state_port_stats(const struct port *p)
{
    if (p->member)                  /* what it moved itself (docs/bonding.md 4) */
        return state_member_stats(p);
    return bridge_port_stats(p->bridge->core, p->port_no);
}

const struct vlan_port *
state_port_vlan(const struct port *p)
{
    return bridge_port_vlan(p->bridge->core, p->port_no);
}

uint64_t
state_port_rx_errors(const struct port *p)
{
    return p->os.rx_errors;
}

uint64_t
state_port_tx_errors(const struct port *p)
{
    return p->os.tx_errors;
}

uint64_t
state_port_rx_dropped(const struct port *p)
{
    return p->os.rx_dropped;
}
