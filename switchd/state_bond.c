/* Bonds: the state's view (docs/bonding.md).  Placeholder until the bond
 * datapath lands: no port is a bond member yet. */
#include "state.h"
#include "state_private.h"

#include <string.h>

const struct port *
state_port_bond(const struct port *p)
{
    (void) p;
    return NULL;
}

size_t
state_bond_n_members(const struct port *bond)
{
    (void) bond;
    return 0;
}

const struct port *
state_bond_member(const struct port *bond, size_t i)
{
    (void) bond; (void) i;
    return NULL;
}

void
state_bond_status(const struct port *bond, struct state_bond_status *st)
{
    memset(st, 0, sizeof *st);
    st->mode = bond->config->bond_cfg.mode;
    st->lacp = bond->config->bond_cfg.lacp;
    st->lacp_fast = bond->config->bond_cfg.lacp_fast;
}

void
state_member_status(const struct port *member, struct state_member_status *st)
{
    (void) member;
    memset(st, 0, sizeof *st);
    st->flag = STATE_MEMBER_DOWN;
}

void
state_lacp_system(const struct switch_state *sw, uint16_t *priority, uint8_t mac[ETH_ADDR_LEN])
{
    *priority = sw->running->lacp_system_priority;
    memset(mac, 0, ETH_ADDR_LEN);
}
