/* Receive rings for packet sockets (port_packet_ring.h): what both kinds
 * share, and TPACKET_V3's reader (TPACKET_V2's is port_packet_ring_v2.c). */
#include "port_packet_ring.h"
#include "port_options.h"

#include <errno.h>
#include <linux/if_packet.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>

enum packet_ring_mode packet_ring_mode;

enum packet_ring_mode
packet_ring_mode_for(enum packet_ring_mode mode)
{
    /* A V2 ring moves the kernel's copy and the buffer's free onto the
     * sender's CPU: a win wherever switchd is the limit (veths, NICs, and
     * VMs once the switch is the busy one: the switch is shared, each VM's
     * writer is its own), a loss of 5-19% where a single writer is the
     * limit: docs/performance.md, "Receive rings". */
    return mode == PACKET_RING_AUTO ? PACKET_RING_V2 : mode;
}

static int
v3_open(int fd, struct packet_ring *ring, char *err, size_t err_size)
{
    int version = TPACKET_V3;
    struct tpacket_req3 req = {
        .tp_block_size = PACKET_RING_BLOCK_SIZE,
        .tp_block_nr = PACKET_RING_BLOCKS,
        /* V3 packs frames of any size into a block; tp_frame_size only has
         * to divide the block. */
        .tp_frame_size = PACKET_RING_BLOCK_SIZE,
        .tp_frame_nr = PACKET_RING_BLOCKS,
        .tp_retire_blk_tov = PACKET_RING_RETIRE_MS,
    };
    size_t size = (size_t) PACKET_RING_BLOCK_SIZE * PACKET_RING_BLOCKS;
    void *map;
    int error;

    memset(ring, 0, sizeof *ring);
    if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &version, sizeof version) < 0
        || setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req) < 0) {
        error = errno;
        snprintf(err, err_size, "TPACKET_V3 receive ring: %s", strerror(error));
        return error;
    }
    map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0);
    if (map == MAP_FAILED) {
        error = errno;
        /* A ring of zero blocks takes it down again. */
        memset(&req, 0, sizeof req);
        setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req);
        snprintf(err, err_size, "mmap of the receive ring: %s", strerror(error));
        return error;
    }
    ring->mode = PACKET_RING_V3;
    ring->map = map;
    ring->size = size;
    ring->block_size = PACKET_RING_BLOCK_SIZE;
    ring->n_blocks = PACKET_RING_BLOCKS;
    ring->mapped = true;
    return 0;
}

int
packet_ring_open(int fd, enum packet_ring_mode mode, struct packet_ring *ring,
                 char *err, size_t err_size)
{
    memset(ring, 0, sizeof *ring);
    switch (mode) {
    case PACKET_RING_V3:
        return v3_open(fd, ring, err, err_size);
    case PACKET_RING_V2:
        return packet_ring_v2_open(fd, ring, err, err_size);
    case PACKET_RING_OFF:
    case PACKET_RING_AUTO:
        break;
    }
    snprintf(err, err_size, "no receive ring asked for");
    return EINVAL;
}

void
packet_ring_close(struct packet_ring *ring)
{
    if (ring->mapped)
        munmap(ring->map, ring->size);
    memset(ring, 0, sizeof *ring);
}

static struct tpacket_block_desc *block_at(const struct packet_ring *ring, unsigned i);

bool
packet_ring_pending(const struct packet_ring *ring)
{
    if (ring->mode == PACKET_RING_V2)
        return packet_ring_v2_pending(ring);
    return ring->frames_left
           || (__atomic_load_n(&block_at(ring, ring->block)->hdr.bh1.block_status,
                               __ATOMIC_ACQUIRE) & TP_STATUS_USER);
}

static struct tpacket_block_desc *
block_at(const struct packet_ring *ring, unsigned i)
{
    return (struct tpacket_block_desc *) (ring->map + (size_t) i * ring->block_size);
}

/* Copies ring frame 'h' into 'pkt'; false if it cannot be (truncated, or
 * its offsets leave the block). */
static bool
copy_frame(const struct packet_ring *ring, const uint8_t *block, const struct tpacket3_hdr *h,
           struct pkt *pkt)
{
    size_t ofs = (const uint8_t *) h - block;
    uint32_t len = h->tp_snaplen;

    if (h->tp_snaplen < h->tp_len || len > PKT_DATA_MAX - FRAME_HEADROOM
        || h->tp_mac < sizeof pkt->vnet || ofs + h->tp_mac + len > ring->block_size)
        return false;
    memcpy(&pkt->vnet, (const uint8_t *) h + h->tp_mac - sizeof pkt->vnet, sizeof pkt->vnet);
    memcpy(pkt->buf + FRAME_HEADROOM, (const uint8_t *) h + h->tp_mac, len);
    frame_init(&pkt->frame, pkt->buf, FRAME_HEADROOM, len);
    packet_reinsert_vlan(pkt, h->tp_status, h->hv1.tp_vlan_tci, h->hv1.tp_vlan_tpid);
    return true;
}

static unsigned
v3_recv(struct packet_ring *ring, struct pkt *pkts, unsigned max, uint64_t *rx_errors)
{
    unsigned n = 0;

    while (n < max) {
        struct tpacket_block_desc *bd = block_at(ring, ring->block);
        uint8_t *block = (uint8_t *) bd;

        if (!ring->frames_left) {
            /* The kernel fills a block, then sets its status: acquire, so
             * the frames are read after the status says they are there. */
            if (!(__atomic_load_n(&bd->hdr.bh1.block_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER))
                break;
            ring->frames_left = bd->hdr.bh1.num_pkts;
            ring->next = bd->hdr.bh1.offset_to_first_pkt;
        }
        if (ring->frames_left && ring->next + sizeof(struct tpacket3_hdr) <= ring->block_size) {
            const struct tpacket3_hdr *h = (const struct tpacket3_hdr *) (block + ring->next);

            if (!copy_frame(ring, block, h, &pkts[n])) {
                (*rx_errors)++;
                pkts[n].frame.len = 0;      /* deliver() skips the slot */
            }
            n++;
            ring->frames_left--;
            /* The last frame's tp_next_offset is 0. */
            ring->next = h->tp_next_offset ? ring->next + h->tp_next_offset : ring->block_size;
        } else {
            ring->frames_left = 0;          /* an empty or inconsistent block */
        }
        if (!ring->frames_left || ring->next >= ring->block_size) {
            /* Release: the copies above are done before the kernel reuses it. */
            ring->frames_left = 0;
            __atomic_store_n(&bd->hdr.bh1.block_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
            ring->block = (ring->block + 1) % ring->n_blocks;
        }
    }
    return n;
}

unsigned
packet_ring_recv(struct packet_ring *ring, struct pkt *pkts, unsigned max, uint64_t *rx_errors)
{
    return ring->mode == PACKET_RING_V2 ? packet_ring_v2_recv(ring, pkts, max, rx_errors)
                                        : v3_recv(ring, pkts, max, rx_errors);
}
