/* system: an existing netdev (NIC, veth) read and written with AF_PACKET.
 * Promiscuous mode comes from a packet-socket membership, which the kernel
 * drops when the socket closes, so a crashed switchd leaves no trace. */
#include "port.h"

#include <errno.h>
#include <linux/if_packet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "netdev_lock.h"

static int
system_open(struct port *p, char *err, size_t err_size)
{
    struct packet_mreq mreq;
    int error = port_packet_open(p, err, err_size);

    if (error)
        return error;
    memset(&mreq, 0, sizeof mreq);
    mreq.mr_ifindex = p->ifindex;
    mreq.mr_type = PACKET_MR_PROMISC;
    if (setsockopt(p->fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mreq, sizeof mreq) < 0) {
        error = errno;
        snprintf(err, err_size, "%s: promiscuous mode: %s", p->name, strerror(error));
        port_packet_close(p);
        return error;
    }
    return 0;
}

/* One switchd per NIC or veth, as per TAP: two would forward every frame
 * twice (docs/security.md section 2). */
static int
system_open_locked(struct port *p, char *err, size_t err_size)
{
    int error = netdev_lock(p->name, err, err_size);

    if (!error && (error = system_open(p, err, err_size)))
        netdev_unlock(p->name);
    return error;
}

static void
system_close_locked(struct port *p)
{
    port_packet_close(p);
    netdev_unlock(p->name);
}

const struct port_class port_system_class = {
    .type = "system",
    .open = system_open_locked,
    .close = system_close_locked,
    .recv = port_packet_recv,
    .send = port_packet_send,
    .lost = port_packet_lost,
    .tick = port_packet_tick,
    .carrier = port_packet_carrier,
    .pending = port_packet_pending,
};
