/* patch: an in-process link to a port of another bridge (OVS's patch
 * ports).  No fd and no syscall: what the bridge sends to it enters the
 * peer's bridge at once (state_datapath.c does the handoff). */
#include "port.h"
#include "state_private.h"

#include <errno.h>
#include <stdio.h>

static int
patch_open(struct port *p, char *err, size_t err_size)
{
    /* The peer is linked by name after every configuration change; until
     * it exists the port drops what it is sent (OVS does the same). */
    (void) err; (void) err_size;
    p->fd = -1;
    return 0;
}

static void
patch_close(struct port *p)
{
    (void) p;
}

static unsigned
patch_recv(struct port *p, struct pkt *pkts, unsigned max)
{
    (void) p; (void) pkts; (void) max;
    return 0;                       /* frames arrive through the peer's send */
}

const struct port_class port_patch_class = {
    .type = "patch",
    .open = patch_open,
    .close = patch_close,
    .recv = patch_recv,
    .send = state_patch_deliver,
};
