/* Bond ports (docs/bonding.md section 4): a port of its bridge with no fd
 * of its own; what the bridge sends to it leaves by its members
 * (state_bond_send()), what they receive enters as the bond's. */
#include "port.h"
#include "state_bond.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>

/* The bond's state is made once and outlives close(): members stay
 * linked to a bond closed and opened again by a failed apply, and only
 * state_bond_forget(), when the port is freed, releases it. */
static int
bond_open(struct port *p, char *err, size_t err_size)
{
    struct bond_port_state *bs;
    uint64_t basis = 0;

    p->fd = -1;
    if (p->bond_state)
        return 0;
    if (!(bs = calloc(1, sizeof *bs)) || !(bs->lacp_pkt = malloc(sizeof *bs->lacp_pkt))) {
        free(bs);
        snprintf(err, err_size, "%s: out of memory", p->name);
        return ENOMEM;
    }
    /* A random hash basis, so a sender cannot aim all its flows at one
     * member; a failed read only makes the spread predictable. */
    if (getrandom(&basis, sizeof basis, 0) != sizeof basis)
        basis = (uint64_t) (uintptr_t) bs * 0x9e3779b97f4a7c15u;
    bond_init(&bs->core, BOND_BALANCE_SLB, BOND_HASH_SRC_MAC, basis);
    p->bond_state = bs;
    return 0;
}

static void
bond_close(struct port *p)
{
    (void) p;
}

static unsigned
bond_recv(struct port *p, struct pkt *pkts, unsigned max)
{
    (void) p; (void) pkts; (void) max;
    return 0;
}

const struct port_class port_bond_class = {
    .type = "bond",
    .open = bond_open,
    .close = bond_close,
    .recv = bond_recv,
    .send = state_bond_send,
};
