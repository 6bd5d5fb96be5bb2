/* Bond ports (docs/bonding.md section 4): a port of its bridge with no fd
 * of its own; what the bridge sends to it leaves by its members
 * (state_bond_send()), what they receive enters as the bond's. */
#include "port.h"
#include "state_bond.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>

static int
bond_open(struct port *p, char *err, size_t err_size)
{
    struct bond_port_state *bs = calloc(1, sizeof *bs);
    uint64_t basis = 0;

    if (!bs || !(bs->lacp_pkt = malloc(sizeof *bs->lacp_pkt))) {
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
    p->fd = -1;
    return 0;
}

static void
bond_close(struct port *p)
{
    if (p->bond_state)
        free(p->bond_state->lacp_pkt);
    free(p->bond_state);
    p->bond_state = NULL;
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
