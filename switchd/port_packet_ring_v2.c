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
 * slot over, in the order of the slots: read the frames of 'n' such slots
 * from there into 'pkts', with one recvmmsg() (a TCP stream's super-frames
 * come in runs).  Returns how many were read whole; the caller counts the
 * rest as errors. */
static unsigned
read_copies(const struct packet_ring *ring, struct pkt *pkts, unsigned n, bool ok[])
{
    struct mmsghdr msgs[PORT_RX_BATCH];
    struct iovec iov[PORT_RX_BATCH][2];
    union {
        struct cmsghdr align;
        char buf[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
    } ctrl[PORT_RX_BATCH];
    unsigned good = 0;
    int r;

    memset(msgs, 0, sizeof msgs[0] * n);
    for (unsigned i = 0; i < n; i++) {
        iov[i][0] = (struct iovec) { &pkts[i].vnet, sizeof pkts[i].vnet };
        iov[i][1] = (struct iovec) { pkts[i].buf + FRAME_HEADROOM, PKT_DATA_MAX - FRAME_HEADROOM };
        msgs[i].msg_hdr.msg_iov = iov[i];
        msgs[i].msg_hdr.msg_iovlen = 2;
        msgs[i].msg_hdr.msg_control = ctrl[i].buf;
        msgs[i].msg_hdr.msg_controllen = sizeof ctrl[i].buf;
        ok[i] = false;
    }
    r = recvmmsg(ring->fd, msgs, n, MSG_DONTWAIT, NULL);
    for (int i = 0; i < r; i++) {
        struct pkt *pkt = &pkts[i];
        uint32_t len = msgs[i].msg_len;

        if ((msgs[i].msg_hdr.msg_flags & MSG_TRUNC) || len < sizeof pkt->vnet)
            continue;
        frame_init(&pkt->frame, pkt->buf, FRAME_HEADROOM, len - sizeof pkt->vnet);
        packet_reinsert_vlan_aux(pkt, &msgs[i].msg_hdr);
        ok[i] = true;
        good++;
    }
    return good;
}

static struct tpacket2_hdr *
slot_at(const struct packet_ring *ring, unsigned i)
{
    return (struct tpacket2_hdr *) (ring->map + (size_t) (i % ring->n_slots) * ring->slot_size);
}

static uint32_t
slot_status(const struct tpacket2_hdr *h)
{
    /* The kernel fills a slot, then sets its status: acquire, so the
     * frame is read after the status says it is there. */
    return __atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE);
}

bool
packet_ring_v2_pending(const struct packet_ring *ring)
{
    return slot_status(slot_at(ring, ring->slot)) & TP_STATUS_USER;
}

unsigned
packet_ring_v2_recv(struct packet_ring *ring, struct pkt *pkts, unsigned max, uint64_t *rx_errors)
{
    unsigned n = 0;

    if (max > PORT_RX_BATCH)
        max = PORT_RX_BATCH;
    while (n < max) {
        struct tpacket2_hdr *h = slot_at(ring, ring->slot);
        uint32_t status = slot_status(h);
        bool ok[PORT_RX_BATCH];
        unsigned k = 1;

        if (!(status & TP_STATUS_USER))
            break;
        if (status & TP_STATUS_COPY) {
            /* The run of copied frames from here. */
            while (n + k < max) {
                uint32_t st = slot_status(slot_at(ring, ring->slot + k));

                if ((st & (TP_STATUS_USER | TP_STATUS_COPY)) != (TP_STATUS_USER | TP_STATUS_COPY))
                    break;
                k++;
            }
            read_copies(ring, &pkts[n], k, ok);
        } else {
            ok[0] = copy_slot(ring, h, &pkts[n]);
        }
        for (unsigned i = 0; i < k; i++) {
            if (!ok[i]) {
                (*rx_errors)++;
                pkts[n + i].frame.len = 0;  /* deliver() skips the slot */
            }
            /* Release: the copy above is done before the kernel reuses it. */
            __atomic_store_n(&slot_at(ring, ring->slot)->tp_status, TP_STATUS_KERNEL,
                             __ATOMIC_RELEASE);
            ring->slot = (ring->slot + 1) % ring->n_slots;
        }
        n += k;
    }
    return n;
}
