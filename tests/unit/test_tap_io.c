/* Frame I/O on TAP fds (switchd/tap_io.h), with io_uring and with
 * readv/writev: both give the same frames, in order, with their virtio
 * headers, and count the same errors.  A datagram socket pair stands in
 * for the TAP: like a TAP fd it gives one frame per read, and takes one per
 * write. */

#include <criterion/criterion.h>

#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "log.h"
#include "tap_io.h"
#include "util.h"

static int sv[2];                   /* sv[0]: the "TAP fd", sv[1]: the netdev side */
static struct pkt pkts[PORT_RX_BATCH];
static struct pkt out[BRIDGE_BATCH_MAX + 8];

static void
setup(void)
{
    log_stderr_off();
    cr_assert_eq(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, sv), 0);
}

static void
teardown(void)
{
    close(sv[0]);
    close(sv[1]);
}

TestSuite(tap_io, .init = setup, .fini = teardown);

/* Takes a TAP fd with io_uring on or off; skips the io_uring case on a
 * kernel that refuses io_uring (the fallback is tested on its own). */
static void
start(bool uring)
{
    tap_io_set_uring(uring);
    tap_io_acquire();
    if (uring && !tap_io_uring_active()) {
        tap_io_release();
        cr_skip_test("io_uring unavailable here");
    }
    cr_assert_eq(tap_io_uring_active(), uring);
}

static void
stop(void)
{
    tap_io_release();
    cr_assert_not(tap_io_uring_active(), "the last release tears the ring down");
    tap_io_set_uring(true);
}

/* Frame 'i': 60 + i bytes of 'i', with csum_start 'i' as a marker. */
static void
put_frame(int fd, unsigned i)
{
    struct virtio_net_hdr vnet = { .csum_start = i };
    uint8_t data[60 + 64];
    struct iovec iov[2] = { { &vnet, sizeof vnet }, { data, 60 + i } };

    memset(data, i, sizeof data);
    cr_assert_eq(writev(fd, iov, 2), (ssize_t) (sizeof vnet + 60 + i));
}

/* Checks that the frames in the 'slots' slots of 'pkts' are frames 'from'
 * on, in order; returns how many there were. */
static unsigned
check_frames(unsigned slots, unsigned from)
{
    unsigned n = 0;

    for (unsigned s = 0; s < slots; s++) {
        const struct pkt *pkt = &pkts[s];
        unsigned i = from + n;

        if (!pkt->frame.len)
            continue;
        cr_assert_eq(pkt->frame.len, 60 + i, "slot %u: length %u, want %u", s,
                     pkt->frame.len, 60 + i);
        cr_assert_eq(pkt->vnet.csum_start, i);
        cr_assert_eq(pkt->frame.data[0], (uint8_t) i);
        cr_assert_eq(pkt->frame.data[pkt->frame.len - 1], (uint8_t) i);
        n++;
    }
    return n;
}

static void
recv_in_order(bool uring)
{
    uint64_t errors = 0;
    unsigned slots;

    start(uring);
    for (unsigned i = 0; i < 40; i++)
        put_frame(sv[1], i);
    slots = tap_io_recv(sv[0], pkts, PORT_RX_BATCH, &errors);
    cr_assert_eq(slots, PORT_RX_BATCH);
    cr_assert_eq(check_frames(slots, 0), PORT_RX_BATCH);
    slots = tap_io_recv(sv[0], pkts, PORT_RX_BATCH, &errors);
    cr_assert_eq(check_frames(slots, PORT_RX_BATCH), 40 - PORT_RX_BATCH);
    cr_assert_eq(tap_io_recv(sv[0], pkts, PORT_RX_BATCH, &errors), 0, "nothing left");
    /* A small 'max' is obeyed. */
    for (unsigned i = 0; i < 5; i++)
        put_frame(sv[1], i);
    slots = tap_io_recv(sv[0], pkts, 3, &errors);
    cr_assert_eq(slots, 3);
    cr_assert_eq(check_frames(slots, 0), 3);
    slots = tap_io_recv(sv[0], pkts, PORT_RX_BATCH, &errors);
    cr_assert_eq(check_frames(slots, 3), 2);
    cr_assert_eq(errors, 0);
    stop();
}

Test(tap_io, recv_in_order_uring) { recv_in_order(true); }
Test(tap_io, recv_in_order_readv) { recv_in_order(false); }

/* A read shorter than the virtio header and one that fills the buffer
 * (a cut frame) are rx errors, not frames; the frames around them pass. */
static void
recv_bad_reads(bool uring)
{
    static uint8_t big[sizeof(struct virtio_net_hdr) + TAP_FRAME_MAX + 1];
    uint64_t errors = 0;
    unsigned slots;

    start(uring);
    put_frame(sv[1], 0);
    cr_assert_eq(write(sv[1], "short", 5), 5);
    put_frame(sv[1], 1);
    cr_assert_eq(write(sv[1], big, sizeof big), (ssize_t) sizeof big);
    put_frame(sv[1], 2);
    slots = tap_io_recv(sv[0], pkts, PORT_RX_BATCH, &errors);
    cr_assert_eq(check_frames(slots, 0), 3);
    cr_assert_eq(errors, 2);
    stop();
}

Test(tap_io, recv_bad_reads_uring) { recv_bad_reads(true); }
Test(tap_io, recv_bad_reads_readv) { recv_bad_reads(false); }

/* An fd that cannot be read counts one error per call, and no frame. */
static void
recv_error(bool uring)
{
    int pipefd[2];
    uint64_t errors = 0;

    start(uring);
    cr_assert_eq(pipe(pipefd), 0);
    cr_assert_eq(check_frames(tap_io_recv(pipefd[1], pkts, PORT_RX_BATCH, &errors), 0), 0);
    cr_assert_eq(errors, 1);
    close(pipefd[0]);
    close(pipefd[1]);
    stop();
}

Test(tap_io, recv_error_uring) { recv_error(true); }
Test(tap_io, recv_error_readv) { recv_error(false); }

/* Frame 'i' of the tx batch, in out[i]: 60 + i bytes, the first 12 its
 * addresses, then EtherType 0x0800 and bytes of 'i'; a pending checksum
 * at offset 34. */
static void
make_out(unsigned i)
{
    struct pkt *pkt = &out[i];
    uint8_t *d = pkt->buf + FRAME_HEADROOM;

    memset(&pkt->vnet, 0, sizeof pkt->vnet);
    pkt->vnet.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
    pkt->vnet.csum_start = 34;
    pkt->vnet.csum_offset = 16;
    memset(d, i, 60 + i);
    d[12] = 0x08;
    d[13] = 0x00;
    frame_init(&pkt->frame, pkt->buf, FRAME_HEADROOM, 60 + i);
}

/* 'n' frames sent (tagged with VID 'tagged' if nonzero) arrive on the
 * other side in order, each with its virtio header, the tag in front of
 * the EtherType and csum_start moved by its 4 bytes. */
static void
send_in_order(bool uring, unsigned n, uint16_t tagged)
{
    struct bridge_tx items[BRIDGE_BATCH_MAX + 8];
    unsigned tag_len = tagged ? VLAN_HEADER_LEN : 0;
    uint64_t errors = 0;

    cr_assert(n <= BRIDGE_BATCH_MAX + 8);
    start(uring);
    for (unsigned i = 0; i < n; i++) {
        make_out(i);
        items[i] = (struct bridge_tx) { .frame = &out[i].frame, .tci = tagged,
                                        .tagged = tagged != 0 };
    }
    tap_io_send(sv[0], items, n, &errors);
    cr_assert_eq(errors, 0);
    for (unsigned i = 0; i < n; i++) {
        struct virtio_net_hdr vnet;
        uint8_t d[60 + BRIDGE_BATCH_MAX + 8 + VLAN_HEADER_LEN];
        struct iovec iov[2] = { { &vnet, sizeof vnet }, { d, sizeof d } };
        ssize_t r = readv(sv[1], iov, 2);

        cr_assert_eq(r, (ssize_t) (sizeof vnet + 60 + i + tag_len), "frame %u: %zd bytes", i, r);
        cr_assert_eq(vnet.csum_start, 34 + tag_len);
        cr_assert_eq(vnet.csum_offset, 16);
        cr_assert_eq(d[0], (uint8_t) i);
        if (tagged) {
            cr_assert_eq(d[12], 0x81);
            cr_assert_eq(d[13], 0x00);
            cr_assert_eq(((d[14] << 8) | d[15]) & 0xfff, tagged);
        }
        cr_assert_eq(d[12 + tag_len], 0x08);
        cr_assert_eq(d[60 + i + tag_len - 1], (uint8_t) i);
    }
    cr_assert_eq(read(sv[1], out[0].buf, 1), -1, "no frame more");
    stop();
}

Test(tap_io, send_in_order_uring) { send_in_order(true, 5, 0); }
Test(tap_io, send_in_order_readv) { send_in_order(false, 5, 0); }
/* More than one submission's worth. */
Test(tap_io, send_more_than_a_ring_uring) { send_in_order(true, BRIDGE_BATCH_MAX + 8, 0); }
Test(tap_io, send_more_than_a_ring_readv) { send_in_order(false, BRIDGE_BATCH_MAX + 8, 0); }
Test(tap_io, send_tagged_uring) { send_in_order(true, 7, 10); }
Test(tap_io, send_tagged_readv) { send_in_order(false, 7, 10); }

/* Each frame the kernel refuses is one tx error. */
static void
send_error(bool uring)
{
    struct bridge_tx items[3];
    uint64_t errors = 0;

    start(uring);
    close(sv[1]);
    sv[1] = -1;
    for (unsigned i = 0; i < 3; i++) {
        make_out(i);
        items[i] = (struct bridge_tx) { .frame = &out[i].frame };
    }
    tap_io_send(sv[0], items, 3, &errors);
    cr_assert_eq(errors, 3);
    stop();
}

Test(tap_io, send_error_uring) { send_error(true); }
Test(tap_io, send_error_readv) { send_error(false); }

/* The ring lives while TAP fds are held; switched off, none is made. */
Test(tap_io, ring_follows_users)
{
    tap_io_set_uring(false);
    tap_io_acquire();
    cr_assert_not(tap_io_uring_active());
    tap_io_release();
    tap_io_set_uring(true);
    tap_io_acquire();
    if (!tap_io_uring_active()) {
        tap_io_release();
        cr_skip_test("io_uring unavailable here");
    }
    tap_io_acquire();
    tap_io_release();
    cr_assert(tap_io_uring_active(), "one TAP fd is still held");
    tap_io_release();
    cr_assert_not(tap_io_uring_active());
    tap_io_release();                   /* one too many: harmless */
    cr_assert_not(tap_io_uring_active());
}

Test(tap_io, read_is_frame)
{
    int64_t vnet = sizeof(struct virtio_net_hdr);

    cr_assert_not(tap_io_read_is_frame(-EAGAIN));
    cr_assert_not(tap_io_read_is_frame(0));
    cr_assert_not(tap_io_read_is_frame(vnet - 1));
    cr_assert(tap_io_read_is_frame(vnet));
    cr_assert(tap_io_read_is_frame(vnet + 60));
    cr_assert(tap_io_read_is_frame(vnet + TAP_FRAME_MAX));
    cr_assert_not(tap_io_read_is_frame(vnet + TAP_FRAME_MAX + 1), "cut");
}

Test(tap_io, first_ask)
{
    cr_assert_eq(tap_io_first_ask(0, PORT_RX_BATCH), 4);
    cr_assert_eq(tap_io_first_ask(1, PORT_RX_BATCH), 4);
    cr_assert_eq(tap_io_first_ask(20, PORT_RX_BATCH), 20);
    cr_assert_eq(tap_io_first_ask(PORT_RX_BATCH, PORT_RX_BATCH), PORT_RX_BATCH);
    cr_assert_eq(tap_io_first_ask(20, 3), 3);
    cr_assert_eq(tap_io_first_ask(0, 1), 1);
}

/* Where the ring cannot be set up (here: no fd left for it), the calls
 * use readv/writev; the next first TAP fd tries the ring again. */
Test(tap_io, fallback_when_setup_fails)
{
    int fds[256], n_fds = 0;
    uint64_t errors = 0;
    unsigned slots;
    struct rlimit lim;

    /* Each test runs in a process of its own: the lower limit stays here. */
    cr_assert_eq(getrlimit(RLIMIT_NOFILE, &lim), 0);
    lim.rlim_cur = ARRAY_SIZE(fds);
    cr_assert_eq(setrlimit(RLIMIT_NOFILE, &lim), 0);
    while (n_fds < (int) ARRAY_SIZE(fds) && (fds[n_fds] = dup(sv[0])) >= 0)
        n_fds++;
    cr_assert_lt(n_fds, (int) ARRAY_SIZE(fds), "RLIMIT_NOFILE too high for this test");
    tap_io_set_uring(true);
    tap_io_acquire();
    while (n_fds > 0)
        close(fds[--n_fds]);
    cr_assert_not(tap_io_uring_active(), "no fd for the ring");
    put_frame(sv[1], 0);
    put_frame(sv[1], 1);
    slots = tap_io_recv(sv[0], pkts, PORT_RX_BATCH, &errors);
    cr_assert_eq(check_frames(slots, 0), 2);
    cr_assert_eq(errors, 0);
    tap_io_release();
    tap_io_acquire();
    cr_assert(tap_io_uring_active(), "tried again");
    tap_io_release();
}
