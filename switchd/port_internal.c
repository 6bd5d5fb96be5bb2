/* internal: a TAP whose fd switchd keeps; its netdev is a host-side
 * endpoint of the bridge (tests move it into a netns as a host).  The fd
 * carries the same virtio header as the AF_PACKET ports (IFF_VNET_HDR), so
 * frames pass between the two kinds unchanged.  No offloads are enabled, so
 * what the host stack hands over is already segmented and checksummed. */
#include "port.h"
#include "port_tun.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <unistd.h>

static int
internal_open(struct port *p, char *err, size_t err_size)
{
    int error, fd = tun_open_tap(p->name, IFF_VNET_HDR);
    int vnet_size = sizeof(struct virtio_net_hdr);

    if (fd < 0) {
        snprintf(err, err_size, "%s: cannot create TAP: %s", p->name, strerror(-fd));
        return -fd;
    }
    if (fcntl(fd, F_SETFL, O_NONBLOCK) < 0 || ioctl(fd, TUNSETVNETHDRSZ, &vnet_size) < 0) {
        error = errno;
        snprintf(err, err_size, "%s: TAP setup: %s", p->name, strerror(error));
        goto err_close_fd;
    }
    error = port_netdev_up(p->name);
    if (error) {
        snprintf(err, err_size, "%s: cannot bring the link up: %s", p->name, strerror(error));
        goto err_close_fd;
    }
    p->fd = fd;
    return 0;

err_close_fd:
    close(fd);
    return error;
}

static void
internal_close(struct port *p)
{
    if (p->fd >= 0)
        close(p->fd);           /* a non-persistent TAP goes with its fd */
    p->fd = -1;
}

/* The longest frame an internal port takes.  A TAP read cuts a longer one
 * to the buffer without a word (no MSG_TRUNC as on a packet socket), so the
 * buffer is one byte longer (struct pkt has room) and a read that fills it
 * was cut: an rx error, not a frame (docs/security.md section 6). */
#define TAP_FRAME_MAX (PKT_DATA_MAX - FRAME_HEADROOM)

static bool
tap_read_cut(size_t r)
{
    return r > sizeof(struct virtio_net_hdr) + TAP_FRAME_MAX;
}

static unsigned
internal_recv(struct port *p, struct pkt *pkts, unsigned max)
{
    unsigned n = 0;

    /* A TAP fd gives one frame per read; there is no batched read. */
    while (n < max) {
        struct pkt *pkt = &pkts[n];
        struct iovec iov[2] = {
            { &pkt->vnet, sizeof pkt->vnet },
            { pkt->buf + FRAME_HEADROOM, TAP_FRAME_MAX + 1 },
        };
        ssize_t r = readv(p->fd, iov, 2);

        if (r < 0) {
            if (errno != EAGAIN && errno != EINTR)
                p->os.rx_errors++;
            break;
        }
        if ((size_t) r < sizeof pkt->vnet || tap_read_cut(r)) {
            p->os.rx_errors++;
            continue;
        }
        frame_init(&pkt->frame, pkt->buf, FRAME_HEADROOM, r - sizeof pkt->vnet);
        n++;
    }
    return n;
}

static void
internal_send(struct port *p, const struct bridge_tx *items, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        struct virtio_net_hdr vnet;
        uint8_t hdr[BRIDGE_TX_HEADER_MAX];
        const uint8_t *rest;
        uint32_t rest_len;
        uint32_t hdr_len = port_egress_prepare(&items[i], &vnet, hdr, &rest, &rest_len);
        struct iovec iov[3] = {
            { &vnet, sizeof vnet }, { hdr, hdr_len }, { (void *) rest, rest_len },
        };

        if (writev(p->fd, iov, 3) < 0)
            p->os.tx_errors++;
    }
}

const struct port_class port_internal_class = {
    .type = "internal",
    .open = internal_open,
    .close = internal_close,
    .recv = internal_recv,
    .send = internal_send,
};
