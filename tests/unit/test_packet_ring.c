/* The TPACKET_V3 ring reader (switchd/port_packet_ring.h) on rings built in
 * memory: it copies each frame with its virtio-net header, puts back the
 * VLAN tag the kernel stripped (moving a pending checksum's start), counts
 * truncated or malformed frames as rx errors in a zero-length slot, hands a
 * block back only once its last frame is copied, and wraps round the ring.
 * The TPACKET_V2 reader (tests/unit/test_packet_ring_v2.c) has its own.
 * Also the adaptive poll's timeout (switchd/loop.h). */

#include <criterion/criterion.h>

#include <linux/if_packet.h>
#include <stdlib.h>
#include <string.h>

#include "loop.h"
#include "port_packet_ring.h"

#define BLOCK 4096
#define N_BLOCKS 3
#define FIRST 48                    /* offset_to_first_pkt */
#define MAC_OFS 96                  /* tp_mac: room for the vnet header before */

static struct packet_ring ring;
static struct pkt *pkts;
static uint64_t rx_errors;

static void
setup(void)
{
    memset(&ring, 0, sizeof ring);
    ring.mode = PACKET_RING_V3;
    ring.map = calloc(N_BLOCKS, BLOCK);
    ring.block_size = BLOCK;
    ring.n_blocks = N_BLOCKS;
    pkts = calloc(8, sizeof *pkts);
    rx_errors = 0;
    cr_assert(ring.map && pkts);
}

static void
teardown(void)
{
    free(ring.map);
    free(pkts);
}

static struct tpacket_block_desc *
block(unsigned i)
{
    return (struct tpacket_block_desc *) (ring.map + i * BLOCK);
}

struct fake_frame {
    uint32_t len, snaplen, status;
    uint16_t tci, tpid;
    uint8_t fill;                   /* every byte of the frame */
    struct virtio_net_hdr vnet;
};

/* Writes 'n' frames into block 'b' and hands it to "user space". */
static void
fill_block(unsigned b, const struct fake_frame *f, unsigned n)
{
    uint8_t *base = (uint8_t *) block(b);
    size_t ofs = FIRST;

    memset(base, 0, BLOCK);
    for (unsigned i = 0; i < n; i++) {
        struct tpacket3_hdr *h = (struct tpacket3_hdr *) (base + ofs);
        size_t size = (MAC_OFS + f[i].snaplen + 15) & ~(size_t) 15;

        h->tp_len = f[i].len;
        h->tp_snaplen = f[i].snaplen;
        h->tp_status = f[i].status;
        h->tp_mac = MAC_OFS;
        h->hv1.tp_vlan_tci = f[i].tci;
        h->hv1.tp_vlan_tpid = f[i].tpid;
        memcpy((uint8_t *) h + MAC_OFS - sizeof f[i].vnet, &f[i].vnet, sizeof f[i].vnet);
        memset((uint8_t *) h + MAC_OFS, f[i].fill, f[i].snaplen);
        h->tp_next_offset = i + 1 < n ? size : 0;
        ofs += size;
        cr_assert(ofs <= BLOCK);
    }
    block(b)->hdr.bh1.num_pkts = n;
    block(b)->hdr.bh1.offset_to_first_pkt = FIRST;
    block(b)->hdr.bh1.block_status = TP_STATUS_USER;
}

TestSuite(packet_ring, .init = setup, .fini = teardown);

Test(packet_ring, nothing_handed_over_reads_nothing)
{
    cr_assert_eq(packet_ring_recv(&ring, pkts, 8, &rx_errors), 0);
    cr_assert_eq(ring.block, 0);
    cr_assert_eq(rx_errors, 0);
}

Test(packet_ring, frames_tags_headers_and_truncation)
{
    struct fake_frame f[3] = {
        { .len = 60, .snaplen = 60, .fill = 0xaa, .vnet = { .gso_type = VIRTIO_NET_HDR_GSO_NONE } },
        { .len = 100, .snaplen = 100, .fill = 0xbb,
          .status = TP_STATUS_VLAN_VALID | TP_STATUS_VLAN_TPID_VALID, .tci = 0x2064, .tpid = 0x88a8,
          .vnet = { .flags = VIRTIO_NET_HDR_F_NEEDS_CSUM, .csum_start = 34, .csum_offset = 16 } },
        { .len = 3000, .snaplen = 200, .fill = 0xcc },     /* cut short: MSG_TRUNC */
    };

    fill_block(0, f, 3);
    cr_assert_eq(packet_ring_recv(&ring, pkts, 8, &rx_errors), 3);

    cr_assert_eq(pkts[0].frame.len, 60);
    cr_assert_eq(pkts[0].frame.data[0], 0xaa);
    cr_assert_eq(pkts[0].frame.data[59], 0xaa);
    cr_assert_eq(pkts[0].frame.n_tags, 0);

    /* The tag is back after the MAC addresses, with its TPID. */
    cr_assert_eq(pkts[1].frame.len, 104);
    cr_assert_eq(pkts[1].frame.data[12], 0x88);
    cr_assert_eq(pkts[1].frame.data[13], 0xa8);
    cr_assert_eq(pkts[1].frame.data[14], 0x20);
    cr_assert_eq(pkts[1].frame.data[15], 0x64);
    cr_assert_eq(pkts[1].frame.data[16], 0xbb);
    cr_assert_eq(pkts[1].vnet.flags, VIRTIO_NET_HDR_F_NEEDS_CSUM);
    cr_assert_eq(pkts[1].vnet.csum_start, 38);
    cr_assert_eq(pkts[1].vnet.csum_offset, 16);

    cr_assert_eq(pkts[2].frame.len, 0);
    cr_assert_eq(rx_errors, 1);

    /* Handed back, and the next block is read next. */
    cr_assert_eq(block(0)->hdr.bh1.block_status, TP_STATUS_KERNEL);
    cr_assert_eq(ring.block, 1);
    cr_assert_eq(packet_ring_recv(&ring, pkts, 8, &rx_errors), 0);
}

Test(packet_ring, tag_without_tpid_is_8021q)
{
    struct fake_frame f = { .len = 60, .snaplen = 60, .status = TP_STATUS_VLAN_VALID,
                            .tci = 10, .tpid = 0x1234 };

    fill_block(0, &f, 1);
    cr_assert_eq(packet_ring_recv(&ring, pkts, 8, &rx_errors), 1);
    cr_assert_eq(pkts[0].frame.data[12], 0x81);
    cr_assert_eq(pkts[0].frame.data[13], 0x00);
    uint16_t tci;
    cr_assert(frame_vlan_tci(&pkts[0].frame, &tci));
    cr_assert_eq(tci, 10);
}

Test(packet_ring, a_block_is_kept_until_its_last_frame_is_read)
{
    struct fake_frame f[5];

    for (unsigned i = 0; i < 5; i++)
        f[i] = (struct fake_frame) { .len = 60, .snaplen = 60, .fill = (uint8_t) (i + 1) };
    fill_block(0, f, 5);
    fill_block(1, f, 2);
    cr_assert_eq(packet_ring_recv(&ring, pkts, 3, &rx_errors), 3);
    cr_assert_eq(block(0)->hdr.bh1.block_status, TP_STATUS_USER);
    cr_assert_eq(pkts[2].frame.data[0], 3);
    /* The rest of block 0, then block 1, in one call. */
    cr_assert_eq(packet_ring_recv(&ring, pkts, 8, &rx_errors), 4);
    cr_assert_eq(pkts[0].frame.data[0], 4);
    cr_assert_eq(pkts[1].frame.data[0], 5);
    cr_assert_eq(pkts[2].frame.data[0], 1);
    cr_assert_eq(block(0)->hdr.bh1.block_status, TP_STATUS_KERNEL);
    cr_assert_eq(block(1)->hdr.bh1.block_status, TP_STATUS_KERNEL);
    cr_assert_eq(ring.block, 2);
    cr_assert_eq(rx_errors, 0);
}

Test(packet_ring, wraps_round)
{
    struct fake_frame f = { .len = 60, .snaplen = 60, .fill = 7 };

    for (unsigned round = 0; round < 2 * N_BLOCKS; round++) {
        fill_block(ring.block, &f, 1);
        cr_assert_eq(packet_ring_recv(&ring, pkts, 8, &rx_errors), 1);
    }
    cr_assert_eq(ring.block, 0);
    cr_assert_eq(rx_errors, 0);
}

Test(packet_ring, malformed_blocks_are_errors_not_crashes)
{
    struct fake_frame f = { .len = 60, .snaplen = 60 };
    struct tpacket3_hdr *h = (struct tpacket3_hdr *) ((uint8_t *) block(0) + FIRST);

    /* A frame whose data would leave the block. */
    fill_block(0, &f, 1);
    h->tp_mac = BLOCK;
    cr_assert_eq(packet_ring_recv(&ring, pkts, 8, &rx_errors), 1);
    cr_assert_eq(pkts[0].frame.len, 0);
    cr_assert_eq(rx_errors, 1);

    /* A block claiming more frames than it has: the walk stops at the
     * end of the block and hands it back. */
    fill_block(1, &f, 1);
    block(1)->hdr.bh1.num_pkts = 1000;
    cr_assert_eq(packet_ring_recv(&ring, pkts, 8, &rx_errors), 1);
    cr_assert_eq(block(1)->hdr.bh1.block_status, TP_STATUS_KERNEL);
    cr_assert_eq(ring.block, 2);

    /* An empty block is handed back. */
    fill_block(2, &f, 0);
    cr_assert_eq(packet_ring_recv(&ring, pkts, 8, &rx_errors), 0);
    cr_assert_eq(block(2)->hdr.bh1.block_status, TP_STATUS_KERNEL);
    cr_assert_eq(ring.block, 0);
}

Test(loop_poll, polls_until_the_deadline_then_sleeps)
{
    cr_assert_eq(loop_poll_timeout(1000, 1001), 0);
    cr_assert_eq(loop_poll_timeout(1001, 1001), -1);
    cr_assert_eq(loop_poll_timeout(5000, 1001), -1);
}
