/* The TPACKET_V2 ring reader (switchd/port_packet_ring.h) on a ring built in
 * memory, with a datagram socket pair standing in for the packet socket's
 * queue: it copies each slot's frame with its virtio-net header and puts
 * back the stripped VLAN tag, reads a slot marked TP_STATUS_COPY from the
 * socket instead (whole, longer than a slot; a run of them in one call, in
 * order), counts truncated, malformed
 * or missing frames as rx errors in a zero-length slot, hands each slot
 * back once copied, stops at 'max' and wraps round the ring. */

#include <criterion/criterion.h>

#include <linux/if_packet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "port_packet_ring.h"

#define SLOT 512
#define N_SLOTS 4
#define MAC_OFS 80                  /* tp_mac: room for the vnet header before */

static struct packet_ring ring;
static struct pkt *pkts;
static uint64_t rx_errors;
static int sv[2];                   /* sv[0]: the ring's "socket"; sv[1]: the kernel's end */

static void
setup(void)
{
    memset(&ring, 0, sizeof ring);
    ring.mode = PACKET_RING_V2;
    ring.map = calloc(N_SLOTS, SLOT);
    ring.size = N_SLOTS * SLOT;
    ring.slot_size = SLOT;
    ring.n_slots = N_SLOTS;
    pkts = calloc(8, sizeof *pkts);
    rx_errors = 0;
    cr_assert(ring.map && pkts);
    cr_assert_eq(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
    ring.fd = sv[0];
}

static void
teardown(void)
{
    close(sv[0]);
    close(sv[1]);
    free(ring.map);
    free(pkts);
}

static struct tpacket2_hdr *
slot(unsigned i)
{
    return (struct tpacket2_hdr *) (ring.map + i * SLOT);
}

struct fake_frame {
    uint32_t len, snaplen, status;
    uint16_t tci, tpid;
    uint8_t fill;                   /* every byte of the frame */
    struct virtio_net_hdr vnet;
};

/* Writes frame 'f' into slot 'i' and hands it to "user space". */
static void
fill_slot(unsigned i, const struct fake_frame *f)
{
    struct tpacket2_hdr *h = slot(i);

    memset(h, 0, SLOT);
    h->tp_len = f->len;
    h->tp_snaplen = f->snaplen;
    h->tp_mac = MAC_OFS;
    h->tp_vlan_tci = f->tci;
    h->tp_vlan_tpid = f->tpid;
    memcpy((uint8_t *) h + MAC_OFS - sizeof f->vnet, &f->vnet, sizeof f->vnet);
    memset((uint8_t *) h + MAC_OFS, f->fill, f->snaplen);
    h->tp_status = TP_STATUS_USER | f->status;
}

/* Queues a frame of 'len' bytes of 'fill' with header 'vnet' on the
 * "socket", as the kernel does for TP_STATUS_COPY. */
static void
queue_copy(size_t len, uint8_t fill, const struct virtio_net_hdr *vnet)
{
    uint8_t *data = malloc(len);
    struct iovec iov[2] = { { (void *) vnet, sizeof *vnet }, { data, len } };
    int size = 1 << 20;

    cr_assert(data);
    memset(data, fill, len);
    setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    cr_assert_eq(writev(sv[1], iov, 2), (ssize_t) (sizeof *vnet + len));
    free(data);
}

TestSuite(packet_ring_v2, .init = setup, .fini = teardown);

Test(packet_ring_v2, nothing_handed_over_reads_nothing)
{
    cr_assert_eq(packet_ring_recv(&ring, pkts, 8, &rx_errors), 0);
    cr_assert_eq(ring.slot, 0);
    cr_assert_eq(rx_errors, 0);
}

Test(packet_ring_v2, frames_tags_headers_and_truncation)
{
    struct fake_frame f[3] = {
        { .len = 60, .snaplen = 60, .fill = 0xaa },
        { .len = 100, .snaplen = 100, .fill = 0xbb,
          .status = TP_STATUS_VLAN_VALID | TP_STATUS_VLAN_TPID_VALID, .tci = 0x2064, .tpid = 0x88a8,
          .vnet = { .flags = VIRTIO_NET_HDR_F_NEEDS_CSUM, .csum_start = 34, .csum_offset = 16 } },
        /* Cut short, and no copy on the socket (its buffer was full). */
        { .len = 3000, .snaplen = 200, .fill = 0xcc },
    };

    for (unsigned i = 0; i < 3; i++)
        fill_slot(i, &f[i]);
    cr_assert_eq(packet_ring_recv(&ring, pkts, 8, &rx_errors), 3);

    cr_assert_eq(pkts[0].frame.len, 60);
    cr_assert_eq(pkts[0].frame.data[0], 0xaa);
    cr_assert_eq(pkts[0].frame.data[59], 0xaa);
    cr_assert_eq(pkts[0].frame.n_tags, 0);

    cr_assert_eq(pkts[1].frame.len, 104);
    cr_assert_eq(pkts[1].frame.data[12], 0x88);
    cr_assert_eq(pkts[1].frame.data[13], 0xa8);
    cr_assert_eq(pkts[1].frame.data[14], 0x20);
    cr_assert_eq(pkts[1].frame.data[15], 0x64);
    cr_assert_eq(pkts[1].frame.data[16], 0xbb);
    cr_assert_eq(pkts[1].vnet.flags, VIRTIO_NET_HDR_F_NEEDS_CSUM);
    cr_assert_eq(pkts[1].vnet.csum_start, 38);

    cr_assert_eq(pkts[2].frame.len, 0);
    cr_assert_eq(rx_errors, 1);

    /* Each slot handed back; the next is read next. */
    for (unsigned i = 0; i < 3; i++)
        cr_assert_eq(slot(i)->tp_status, TP_STATUS_KERNEL);
    cr_assert_eq(ring.slot, 3);
    cr_assert_eq(packet_ring_recv(&ring, pkts, 8, &rx_errors), 0);
}

Test(packet_ring_v2, a_copied_frame_is_read_whole_from_the_socket)
{
    struct fake_frame head = { .len = 3000, .snaplen = SLOT - MAC_OFS, .fill = 0x11,
                               .status = TP_STATUS_COPY };
    struct fake_frame small = { .len = 60, .snaplen = 60, .fill = 0x22 };
    struct virtio_net_hdr gso = { .flags = VIRTIO_NET_HDR_F_NEEDS_CSUM,
                                  .gso_type = VIRTIO_NET_HDR_GSO_TCPV4, .gso_size = 1448,
                                  .csum_start = 34, .csum_offset = 16, .hdr_len = 66 };

    fill_slot(0, &head);
    fill_slot(1, &small);
    queue_copy(3000, 0x33, &gso);
    cr_assert_eq(packet_ring_recv(&ring, pkts, 8, &rx_errors), 2);
    cr_assert_eq(rx_errors, 0);
    /* From the socket, not the slot's head. */
    cr_assert_eq(pkts[0].frame.len, 3000);
    cr_assert_eq(pkts[0].frame.data[0], 0x33);
    cr_assert_eq(pkts[0].frame.data[2999], 0x33);
    cr_assert_eq(pkts[0].vnet.gso_type, VIRTIO_NET_HDR_GSO_TCPV4);
    cr_assert_eq(pkts[0].vnet.gso_size, 1448);
    cr_assert_eq(pkts[1].frame.len, 60);
    cr_assert_eq(pkts[1].frame.data[0], 0x22);
    cr_assert_eq(slot(0)->tp_status, TP_STATUS_KERNEL);
}

Test(packet_ring_v2, a_run_of_copies_is_read_in_order)
{
    struct fake_frame head = { .len = 3000, .snaplen = 100, .status = TP_STATUS_COPY };
    struct fake_frame small = { .len = 60, .snaplen = 60, .fill = 0x55 };
    struct virtio_net_hdr none = { 0 };

    fill_slot(0, &head);
    fill_slot(1, &head);
    fill_slot(2, &head);
    fill_slot(3, &small);
    queue_copy(1000, 1, &none);
    queue_copy(2000, 2, &none);
    queue_copy(3000, 3, &none);
    cr_assert_eq(packet_ring_recv(&ring, pkts, 8, &rx_errors), 4);
    cr_assert_eq(rx_errors, 0);
    for (unsigned i = 0; i < 3; i++) {
        cr_assert_eq(pkts[i].frame.len, 1000 * (i + 1));
        cr_assert_eq(pkts[i].frame.data[0], i + 1);
        cr_assert_eq(slot(i)->tp_status, TP_STATUS_KERNEL);
    }
    cr_assert_eq(pkts[3].frame.data[0], 0x55);
    cr_assert_eq(ring.slot, 0);
}

Test(packet_ring_v2, a_run_of_copies_stops_at_max)
{
    struct fake_frame head = { .len = 3000, .snaplen = 100, .status = TP_STATUS_COPY };
    struct virtio_net_hdr none = { 0 };

    for (unsigned i = 0; i < 3; i++) {
        fill_slot(i, &head);
        queue_copy(100 + i, (uint8_t) (i + 1), &none);
    }
    cr_assert_eq(packet_ring_recv(&ring, pkts, 2, &rx_errors), 2);
    cr_assert_eq(pkts[1].frame.len, 101);
    cr_assert_eq(slot(2)->tp_status, TP_STATUS_USER | TP_STATUS_COPY);
    cr_assert_eq(packet_ring_recv(&ring, pkts, 8, &rx_errors), 1);
    cr_assert_eq(pkts[0].frame.len, 102);
    cr_assert_eq(pkts[0].frame.data[0], 3);
    cr_assert_eq(rx_errors, 0);
}

Test(packet_ring_v2, a_copy_missing_or_too_long_is_an_error)
{
    struct fake_frame head = { .len = 3000, .snaplen = 100, .status = TP_STATUS_COPY };
    struct virtio_net_hdr none = { 0 };

    /* Nothing on the socket: an error, and the reader goes on. */
    fill_slot(0, &head);
    cr_assert_eq(packet_ring_recv(&ring, pkts, 8, &rx_errors), 1);
    cr_assert_eq(pkts[0].frame.len, 0);
    cr_assert_eq(rx_errors, 1);

    /* Longer than a pkt holds: cut (MSG_TRUNC), an error, consumed. */
    fill_slot(1, &head);
    queue_copy(PKT_DATA_MAX, 0x44, &none);
    cr_assert_eq(packet_ring_recv(&ring, pkts, 8, &rx_errors), 1);
    cr_assert_eq(pkts[0].frame.len, 0);
    cr_assert_eq(rx_errors, 2);
    cr_assert_eq(recv(sv[0], pkts[0].buf, 16, MSG_DONTWAIT), -1);
    cr_assert_eq(ring.slot, 2);
}

Test(packet_ring_v2, stops_at_max_and_wraps_round)
{
    struct fake_frame f = { .len = 60, .snaplen = 60 };

    for (unsigned i = 0; i < N_SLOTS; i++) {
        f.fill = (uint8_t) (i + 1);
        fill_slot(i, &f);
    }
    cr_assert_eq(packet_ring_recv(&ring, pkts, 3, &rx_errors), 3);
    cr_assert_eq(slot(3)->tp_status, TP_STATUS_USER);
    f.fill = 9;
    fill_slot(0, &f);
    cr_assert_eq(packet_ring_recv(&ring, pkts, 8, &rx_errors), 2);
    cr_assert_eq(pkts[0].frame.data[0], 4);
    cr_assert_eq(pkts[1].frame.data[0], 9);
    cr_assert_eq(ring.slot, 1);
    cr_assert_eq(rx_errors, 0);
}

Test(packet_ring_v2, malformed_slots_are_errors_not_crashes)
{
    struct fake_frame f = { .len = 60, .snaplen = 60 };

    fill_slot(0, &f);
    slot(0)->tp_mac = SLOT - 10;            /* the frame would leave the slot */
    fill_slot(1, &f);
    slot(1)->tp_mac = 4;                    /* no room for the vnet header */
    fill_slot(2, &f);
    slot(2)->tp_snaplen = slot(2)->tp_len = 70000;
    cr_assert_eq(packet_ring_recv(&ring, pkts, 8, &rx_errors), 3);
    cr_assert_eq(rx_errors, 3);
    for (unsigned i = 0; i < 3; i++) {
        cr_assert_eq(pkts[i].frame.len, 0);
        cr_assert_eq(slot(i)->tp_status, TP_STATUS_KERNEL);
    }
}

Test(packet_ring_mode, auto_is_v2)
{
    cr_assert_eq(packet_ring_mode_for(PACKET_RING_AUTO), PACKET_RING_V2);
    cr_assert_eq(packet_ring_mode_for(PACKET_RING_V3), PACKET_RING_V3);
    cr_assert_eq(packet_ring_mode_for(PACKET_RING_V2), PACKET_RING_V2);
    cr_assert_eq(packet_ring_mode_for(PACKET_RING_OFF), PACKET_RING_OFF);
}
