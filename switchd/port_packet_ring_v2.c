/* TPACKET_V2 receive rings for packet sockets (port_packet_ring.h): one
 * slot per frame, handed over and woken per frame, with frames longer than
 * a slot read from the socket's queue. */
#include "port_packet_ring.h"

#include <errno.h>
#include <linux/if_packet.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>

int
packet_ring_v2_open(int fd, struct packet_ring *ring, char *err, size_t err_size)
{
    int version = TPACKET_V2;
    /* Any value but 0 makes the kernel queue a frame longer than its slot
     * on the socket as well (TP_STATUS_COPY), within the socket's receive
     * buffer. */
    int copy_thresh = 1;
    struct tpacket_req req = {
        .tp_block_size = PACKET_RING_V2_BLOCK,
        .tp_block_nr = (size_t) PACKET_RING_V2_SLOTS * PACKET_RING_V2_SLOT / PACKET_RING_V2_BLOCK,
        .tp_frame_size = PACKET_RING_V2_SLOT,
        .tp_frame_nr = PACKET_RING_V2_SLOTS,
    };
    size_t size = (size_t) PACKET_RING_V2_SLOTS * PACKET_RING_V2_SLOT;
    void *map;
    int error;

    memset(ring, 0, sizeof *ring);
    if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &version, sizeof version) < 0
        || setsockopt(fd, SOL_PACKET, PACKET_COPY_THRESH, &copy_thresh, sizeof copy_thresh) < 0
        || setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req) < 0) {
        error = errno;
        snprintf(err, err_size, "TPACKET_V2 receive ring: %s", strerror(error));
        return error;
    }
    map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0);
    if (map == MAP_FAILED) {
        error = errno;
        memset(&req, 0, sizeof req);
        setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req);
        snprintf(err, err_size, "mmap of the receive ring: %s", strerror(error));
        return error;
    }
    ring->mode = PACKET_RING_V2;
    ring->map = map;
    ring->size = size;
    ring->mapped = true;
    ring->fd = fd;
    ring->slot_size = PACKET_RING_V2_SLOT;
    ring->n_slots = PACKET_RING_V2_SLOTS;
    return 0;
}

/* Copies the frame of slot 'h' into 'pkt'; false if it cannot be
 * (truncated, or its offsets leave the slot). */
static bool
copy_slot(const struct packet_ring *ring, const struct tpacket2_hdr *h, struct pkt *pkt)
{
    uint32_t len = h->tp_snaplen;

    if (h->tp_snaplen < h->tp_len || len > PKT_DATA_MAX - FRAME_HEADROOM
        || h->tp_mac < sizeof pkt->vnet || (size_t) h->tp_mac + len > ring->slot_size)
        return false;
    memcpy(&pkt->vnet, (const uint8_t *) h + h->tp_mac - sizeof pkt->vnet, sizeof pkt->vnet);
    memcpy(pkt->buf + FRAME_HEADROOM, (const uint8_t *) h + h->tp_mac, len);
    frame_init(&pkt->frame, pkt->buf, FRAME_HEADROOM, len);
    packet_reinsert_vlan(pkt, h->tp_status, h->tp_vlan_tci, h->tp_vlan_tpid);
    return true;
}

/* A slot marked TP_STATUS_COPY holds the head of a frame too long for it;
 * the kernel queued the whole frame on the socket before it handed the
 * slot over, in the order of the slots: read it from there. */
static bool
read_copy(const struct packet_ring *ring, struct pkt *pkt)
{
    struct iovec iov[2] = {
        { &pkt->vnet, sizeof pkt->vnet },
        { pkt->buf + FRAME_HEADROOM, PKT_DATA_MAX - FRAME_HEADROOM },
    };
    union {
        struct cmsghdr align;
        char buf[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
    } ctrl;
    struct msghdr msg = {
        .msg_iov = iov, .msg_iovlen = 2,
        .msg_control = ctrl.buf, .msg_controllen = sizeof ctrl.buf,
    };
    ssize_t r = recvmsg(ring->fd, &msg, MSG_DONTWAIT);

    if (r < (ssize_t) sizeof pkt->vnet || (msg.msg_flags & MSG_TRUNC))
        return false;
    frame_init(&pkt->frame, pkt->buf, FRAME_HEADROOM, (uint32_t) r - sizeof pkt->vnet);
    packet_reinsert_vlan_aux(pkt, &msg);
    return true;
}

unsigned
packet_ring_v2_recv(struct packet_ring *ring, struct pkt *pkts, unsigned max, uint64_t *rx_errors)
{
    unsigned n = 0;

    while (n < max) {
        struct tpacket2_hdr *h =
            (struct tpacket2_hdr *) (ring->map + (size_t) ring->slot * ring->slot_size);
        /* The kernel fills a slot, then sets its status: acquire, so the
         * frame is read after the status says it is there. */
        uint32_t status = __atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE);
        bool ok;

        if (!(status & TP_STATUS_USER))
            break;
        ok = status & TP_STATUS_COPY ? read_copy(ring, &pkts[n]) : copy_slot(ring, h, &pkts[n]);
        if (!ok) {
            (*rx_errors)++;
            pkts[n].frame.len = 0;          /* deliver() skips the slot */
        }
        n++;
        /* Release: the copy above is done before the kernel reuses it. */
        __atomic_store_n(&h->tp_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
        ring->slot = (ring->slot + 1) % ring->n_slots;
    }
    return n;
}
