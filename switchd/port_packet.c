/* AF_PACKET plumbing shared by tap and system ports, and the egress helper
 * every back end uses.  The facts behind each socket option are in
 * docs/design.md section 6.3. */
#include "port.h"
#include "port_options.h"
#include "port_packet_ring.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "caps.h"
#include "log.h"
#include "sysfs.h"
#include "tap_reaper.h"

#define PACKET_SOCKET_BUF (4 * 1024 * 1024)

uint32_t
port_egress_prepare(const struct bridge_tx *tx, struct virtio_net_hdr *vnet,
                    uint8_t hdr[BRIDGE_TX_HEADER_MAX],
                    const uint8_t **rest, uint32_t *rest_len)
{
    const struct frame *f = tx->frame;
    uint32_t rest_ofs;
    uint32_t hdr_len = bridge_tx_header(tx, hdr, &rest_ofs);
    int delta = (int) hdr_len - (int) rest_ofs;

    *vnet = pkt_of_frame(f)->vnet;
    /* Offsets in the virtio header count from the start of the frame, so
     * tags added or removed in front of L3 move them. */
    if (delta) {
        if (vnet->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM)
            vnet->csum_start += delta;
        if (vnet->gso_type != VIRTIO_NET_HDR_GSO_NONE && vnet->hdr_len)
            vnet->hdr_len += delta;
    }
    *rest = f->data + rest_ofs;
    *rest_len = f->len - rest_ofs;
    return hdr_len;
}

int
port_netdev_up(const char *name)
{
    struct ifreq ifr;
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    int error = 0;

    if (fd < 0)
        return errno;
    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", name);
    if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
        error = errno;
    } else if (!(ifr.ifr_flags & IFF_UP)) {
        ifr.ifr_flags |= IFF_UP;
        if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
            error = errno;
    }
    close(fd);
    return error;
}

static int
set_int_opt(int fd, int level, int name, int value)
{
    return setsockopt(fd, level, name, &value, sizeof value) < 0 ? errno : 0;
}

/* Rings in use, against PACKET_RING_MAX_PORTS (loop thread only). */
static unsigned n_rings;

/* Gives 'p''s socket a receive ring, if enabled and within the budget;
 * without one, the socket is read with recvmmsg(). */
static void
ring_attach(struct port *p, int fd)
{
    char err[128];
    struct packet_ring *ring;
    enum packet_ring_mode mode = packet_ring_mode_for(packet_ring_mode);

    if (mode == PACKET_RING_OFF || n_rings >= PACKET_RING_MAX_PORTS)
        return;
    if (!(ring = malloc(sizeof *ring)))
        return;
    if (packet_ring_open(fd, mode, ring, err, sizeof err)) {
        log_warn("%s: %s; reading with recvmmsg()", p->name, err);
        free(ring);
        return;
    }
    p->rx_ring = ring;
    n_rings++;
}

static void
ring_detach(struct port *p)
{
    if (!p->rx_ring)
        return;
    packet_ring_close(p->rx_ring);
    free(p->rx_ring);
    p->rx_ring = NULL;
    n_rings--;
}

int
port_packet_open(struct port *p, char *err, size_t err_size)
{
    struct sockaddr_ll sll;
    int error, fd;

    p->ifindex = if_nametoindex(p->name);
    if (!p->ifindex) {
        error = errno;
        snprintf(err, err_size, "%s: no such network device", p->name);
        return error;
    }
    error = port_netdev_up(p->name);
    if (error) {
        char what[IFNAMSIZ + 16];

        snprintf(what, sizeof what, "bring %s up", p->name);
        if (!caps_explain(error, CAPS_NET_ADMIN, what, err, err_size))
            snprintf(err, err_size, "%s: cannot bring the link up: %s", p->name, strerror(error));
        return error;
    }

    /* Protocol 0 until bound, so no frame of another interface is queued. */
    fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        char what[IFNAMSIZ + 32];

        error = errno;
        snprintf(what, sizeof what, "open a packet socket on %s", p->name);
        if (!caps_explain(error, CAPS_NET_RAW, what, err, err_size))
            snprintf(err, err_size, "%s: packet socket: %s", p->name, strerror(error));
        return error;
    }
    if ((error = set_int_opt(fd, SOL_PACKET, PACKET_VNET_HDR, 1))
        || (error = set_int_opt(fd, SOL_PACKET, PACKET_AUXDATA, 1))
        || (error = set_int_opt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, 1))) {
        snprintf(err, err_size, "%s: packet socket options: %s", p->name, strerror(error));
        goto err_close_fd;
    }
    /* Bigger buffers absorb bursts between two loop rounds; not fatal. */
    if (set_int_opt(fd, SOL_SOCKET, SO_RCVBUFFORCE, PACKET_SOCKET_BUF))
        set_int_opt(fd, SOL_SOCKET, SO_RCVBUF, PACKET_SOCKET_BUF);
    if (set_int_opt(fd, SOL_SOCKET, SO_SNDBUFFORCE, PACKET_SOCKET_BUF))
        set_int_opt(fd, SOL_SOCKET, SO_SNDBUF, PACKET_SOCKET_BUF);
    /* After PACKET_VNET_HDR, which a socket with a ring refuses. */
    ring_attach(p, fd);

    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = p->ifindex;
    if (bind(fd, (struct sockaddr *) &sll, sizeof sll) < 0) {
        error = errno;
        snprintf(err, err_size, "%s: bind packet socket: %s", p->name, strerror(error));
        goto err_close_fd;
    }
    p->fd = fd;
    return 0;

err_close_fd:
    ring_detach(p);
    close(fd);
    return error;
}

void
port_packet_tick(struct port *p)
{
    struct tpacket_stats_v3 st;
    socklen_t len = sizeof st;

    /* Reading the counters resets them. */
    if (p->fd >= 0 && getsockopt(p->fd, SOL_PACKET, PACKET_STATISTICS, &st, &len) == 0)
        p->os.rx_dropped += st.tp_drops;
}

bool
port_packet_carrier(struct port *p)
{
    char buf[16];

    return sysfs_net_read(p->name, "carrier", buf, sizeof buf) && !strcmp(buf, "1");
}

bool
port_packet_pending(struct port *p)
{
    return p->rx_ring && packet_ring_pending(p->rx_ring);
}

void
port_packet_release(struct port *p)
{
    port_packet_tick(p);
    ring_detach(p);
}

static void
close_fd(const struct reap_job *job)
{
    close(job->fd);
}

void
port_packet_close(struct port *p)
{
    port_packet_release(p);
    /* Closing a packet socket waits for an RCU grace period. */
    if (p->fd >= 0)
        tap_reaper_submit(p->reaper, close_fd, &(struct reap_job) { .fd = p->fd });
    p->fd = -1;
}

bool
port_packet_lost(struct port *p)
{
    struct sockaddr_ll sll;
    socklen_t len = sizeof sll;
    int error;
    socklen_t error_len = sizeof error;

    /* A link going down leaves ENETDOWN on the socket, which stays bound
     * and works again when the link comes up: clear it.  A netdev that is
     * deleted or leaves the namespace unbinds the socket for good (the
     * kernel sets its ifindex to -1), and one of the same name that comes
     * back is another netdev. */
    getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &error, &error_len);
    if (getsockname(p->fd, (struct sockaddr *) &sll, &len) < 0)
        return true;
    return sll.sll_ifindex != p->ifindex;
}

void
packet_reinsert_vlan(struct pkt *pkt, uint32_t tp_status, uint16_t tci, uint16_t tpid)
{
    if (!(tp_status & TP_STATUS_VLAN_VALID))
        return;
    if (!(tp_status & TP_STATUS_VLAN_TPID_VALID))
        tpid = ETH_TYPE_VLAN;
    if (frame_push_vlan(&pkt->frame, tpid, tci)
        && (pkt->vnet.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM))
        pkt->vnet.csum_start += VLAN_HEADER_LEN;
}

/* The kernel strips the 802.1Q tag of received frames into metadata;
 * put it back from the auxdata so the bridge sees the frame as it was on
 * the wire. */
void
packet_reinsert_vlan_aux(struct pkt *pkt, const struct msghdr *msg)
{
    for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR((struct msghdr *) msg, c)) {
        const struct tpacket_auxdata *aux;

        if (c->cmsg_level != SOL_PACKET || c->cmsg_type != PACKET_AUXDATA
            || c->cmsg_len < CMSG_LEN(sizeof *aux))
            continue;
        aux = (const struct tpacket_auxdata *) CMSG_DATA(c);
        packet_reinsert_vlan(pkt, aux->tp_status, aux->tp_vlan_tci, aux->tp_vlan_tpid);
        return;
    }
}

unsigned
port_packet_recv(struct port *p, struct pkt *pkts, unsigned max)
{
    struct mmsghdr msgs[PORT_RX_BATCH];
    struct iovec iov[PORT_RX_BATCH][2];
    union {
        struct cmsghdr align;
        char buf[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
    } ctrl[PORT_RX_BATCH];
    int n;

    if (max > PORT_RX_BATCH)
        max = PORT_RX_BATCH;
    if (p->rx_ring)
        return packet_ring_recv(p->rx_ring, pkts, max, &p->os.rx_errors);
    memset(msgs, 0, sizeof msgs[0] * max);
    for (unsigned i = 0; i < max; i++) {
        iov[i][0] = (struct iovec) { &pkts[i].vnet, sizeof pkts[i].vnet };
        iov[i][1] = (struct iovec) { pkts[i].buf + FRAME_HEADROOM,
                                     PKT_DATA_MAX - FRAME_HEADROOM };
        msgs[i].msg_hdr.msg_iov = iov[i];
        msgs[i].msg_hdr.msg_iovlen = 2;
        msgs[i].msg_hdr.msg_control = ctrl[i].buf;
        msgs[i].msg_hdr.msg_controllen = sizeof ctrl[i].buf;
    }
    n = recvmmsg(p->fd, msgs, max, MSG_DONTWAIT, NULL);
    if (n <= 0) {
        if (n < 0 && errno != EAGAIN && errno != EINTR)
            p->os.rx_errors++;
        return 0;
    }
    for (int i = 0; i < n; i++) {
        struct pkt *pkt = &pkts[i];
        uint32_t len = msgs[i].msg_len;

        /* A zero-length frame tells the datapath to skip this slot. */
        if ((msgs[i].msg_hdr.msg_flags & MSG_TRUNC) || len < sizeof pkt->vnet) {
            p->os.rx_errors++;
            pkt->frame.len = 0;
            continue;
        }
        frame_init(&pkt->frame, pkt->buf, FRAME_HEADROOM, len - sizeof pkt->vnet);
        packet_reinsert_vlan_aux(pkt, &msgs[i].msg_hdr);
    }
    return n;
}

void
port_packet_send(struct port *p, const struct bridge_tx *items, unsigned n)
{
    struct mmsghdr msgs[BRIDGE_BATCH_MAX];
    struct iovec iov[BRIDGE_BATCH_MAX][3];
    struct virtio_net_hdr vnet[BRIDGE_BATCH_MAX];
    uint8_t hdr[BRIDGE_BATCH_MAX][BRIDGE_TX_HEADER_MAX];
    unsigned sent = 0;

    if (n > BRIDGE_BATCH_MAX)
        n = BRIDGE_BATCH_MAX;
    for (unsigned i = 0; i < n; i++) {
        port_egress_iov(&items[i], &vnet[i], hdr[i], iov[i]);
        memset(&msgs[i], 0, sizeof msgs[i]);
        msgs[i].msg_hdr.msg_iov = iov[i];
        msgs[i].msg_hdr.msg_iovlen = 3;
    }
    while (sent < n) {
        int r = sendmmsg(p->fd, msgs + sent, n - sent, MSG_DONTWAIT);

        if (r > 0) {
            sent += r;
        } else if (r < 0 && (errno == EAGAIN || errno == ENOBUFS)) {
            p->os.tx_errors += n - sent;    /* never block the loop */
            return;
        } else {
            p->os.tx_errors++;              /* skip the frame the kernel refused */
            sent++;
        }
    }
}
