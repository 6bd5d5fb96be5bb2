/* Bond ports (docs/bonding.md): a bridge port with no fd of its own whose
 * frames leave through its members.  Placeholder until the bond datapath
 * lands: it sends nothing. */
#include "port.h"

static int
bond_open(struct port *p, char *err, size_t err_size)
{
    (void) err; (void) err_size;
    p->fd = -1;
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

static void
bond_send(struct port *p, const struct bridge_tx *items, unsigned n)
{
    (void) items;
    p->os.tx_errors += n;
}

const struct port_class port_bond_class = {
    .type = "bond",
    .open = bond_open,
    .close = bond_close,
    .recv = bond_recv,
    .send = bond_send,
};
