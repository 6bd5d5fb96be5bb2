/* Frame I/O on TAP fds: io_uring batches, readv/writev as the fallback.
 * Why one IORING_OP_READV per frame on a non-blocking fd, and not a
 * multishot read with a provided buffer ring: a multishot read arms a poll
 * and completes later, into buffers the kernel picks, so frames would have
 * to be copied from those buffers into the caller's struct pkt slots (a
 * copy of up to 64 KiB per super-frame), and buffers would stay lent to
 * the kernel between loop rounds.  Plain reads with RWF_NOWAIT complete
 * inside the io_uring_enter() that submits them, straight into the slots,
 * with nothing in flight afterwards (switchd/tap_io.h). */
#include "tap_io.h"

#include <errno.h>
#include <liburing.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "log.h"

/* Enough for a whole tx batch in one submission (bridge_tx_flush() hands
 * a port at most BRIDGE_BATCH_MAX frames; more are sent in chunks). */
#define TAP_IO_RING_ENTRIES BRIDGE_BATCH_MAX
/* A receive batch fits the ring too, so io_uring_get_sqe() never fails. */
_Static_assert(PORT_RX_BATCH <= TAP_IO_RING_ENTRIES, "a receive batch must fit the ring");

/* Reads submitted first on a port that was idle: a wakeup usually finds
 * one to a few frames, and each read that finds the TAP empty costs the
 * kernel a little. */
#define TAP_IO_ASK_MIN 4

/* Last frame count per fd, a hint for the first submission's size: a
 * collision of two fds only makes one batch smaller or bigger. */
#define TAP_IO_HINTS 256

static struct {
    bool disabled;                  /* tap_io_set_uring(false) */
    bool failed;                    /* setting the ring up failed: logged */
    bool gave_up;                   /* the ring broke while in use: not again */
    bool active;                    /* 'ring' is set up */
    bool announced;                 /* the first setup was logged */
    unsigned users;                 /* tap_io_acquire() minus tap_io_release() */
    struct io_uring ring;
    uint8_t hints[TAP_IO_HINTS];
} tio;

void
tap_io_set_uring(bool enabled)
{
    tio.disabled = !enabled;
}

bool
tap_io_uring_active(void)
{
    return tio.active;
}

static void
ring_setup(void)
{
    int r;

    /* IORING_SETUP_SUBMIT_ALL: a request that fails its preparation does
     * not stop the submission of those after it (all complete, none is
     * left in the queue); kernels before 5.18 lack it.  Not
     * IORING_SETUP_DEFER_TASKRUN: it holds even inline completions back
     * until the next wait, and ring_run() needs them at once (tried: every
     * batch took the cancel path). */
    r = io_uring_queue_init(TAP_IO_RING_ENTRIES, &tio.ring, IORING_SETUP_SUBMIT_ALL);
    if (r == -EINVAL)
        r = io_uring_queue_init(TAP_IO_RING_ENTRIES, &tio.ring, 0);
    if (r < 0) {
        if (!tio.failed)
            log_warn("io_uring unavailable (%s): internal ports use readv/writev",
                     strerror(-r));
        tio.failed = true;
        return;
    }
    /* Saves looking the ring's fd up on each io_uring_enter(); optional
     * (kernels before 5.18 refuse it). */
    io_uring_register_ring_fd(&tio.ring);
    if (!tio.announced)
        log_info("internal ports: frame I/O batched with io_uring");
    tio.announced = true;
    tio.active = true;
}

void
tap_io_acquire(void)
{
    /* A setup that failed is tried again with the next first TAP fd (it
     * may have been short of fds or memory), logged only once. */
    if (tio.users++ == 0 && !tio.disabled && !tio.gave_up)
        ring_setup();
}

void
tap_io_release(void)
{
    if (tio.users && --tio.users == 0 && tio.active) {
        io_uring_queue_exit(&tio.ring);
        tio.active = false;
    }
}

bool
tap_io_read_is_frame(int64_t r)
{
    return r >= (int64_t) sizeof(struct virtio_net_hdr)
           && r <= (int64_t) (sizeof(struct virtio_net_hdr) + TAP_FRAME_MAX);
}

unsigned
tap_io_first_ask(unsigned last, unsigned max)
{
    unsigned ask = last > TAP_IO_ASK_MIN ? last : TAP_IO_ASK_MIN;

    return ask < max ? ask : max;
}

static void
rx_iov(struct iovec iov[2], struct pkt *pkt)
{
    iov[0] = (struct iovec) { &pkt->vnet, sizeof pkt->vnet };
    iov[1] = (struct iovec) { pkt->buf + FRAME_HEADROOM, TAP_FRAME_MAX + 1 };
}

/* Tears the ring down for good: the calls use readv/writev from now on. */
static void
ring_fail(const char *why)
{
    log_error("io_uring: %s: internal ports use readv/writev from now on", why);
    io_uring_queue_exit(&tio.ring);
    tio.active = false;
    tio.gave_up = true;
}

/* Takes the next completion (one is there or coming) into 'res' by its
 * user_data; false if waiting failed. */
static bool
reap_one(unsigned n, int res[])
{
    struct io_uring_cqe *cqe;
    int r;

    /* A signal (SIGSTOP/SIGCONT) interrupts the wait; giving up then would
     * leave requests in flight on the caller's buffers. */
    while ((r = io_uring_wait_cqe(&tio.ring, &cqe)) == -EINTR || r == -EAGAIN)
        continue;
    if (r)
        return false;
    if (cqe->user_data < n)
        res[cqe->user_data] = cqe->res;
    io_uring_cqe_seen(&tio.ring, cqe);
    return true;
}

/* Submits the 'n' requests prepared on 'fd' and reaps their completions
 * into 'res' (by user_data).  Returns false, with nothing in flight and
 * the ring torn down, if the ring failed: the caller does the work with
 * readv/writev (frames a partial submission moved are lost or sent twice;
 * that is for a kernel that breaks io_uring under a running switchd). */
static bool
ring_run(int fd, unsigned n, int res[])
{
    struct io_uring_sqe *sqe;
    unsigned done = 0;
    int r = io_uring_submit(&tio.ring);

    if (r != (int) n) {
        /* With SUBMIT_ALL all n are consumed or none; without it, a
         * request failing its preparation stops the rest, which stay
         * queued until the ring is torn down. */
        while (r > 0 && done < (unsigned) r && reap_one(n, res))
            done++;
        ring_fail(r < 0 ? strerror(-r) : "short submission");
        return false;
    }
    while (done < n && io_uring_cq_ready(&tio.ring) && reap_one(n, res))
        done++;
    if (done == n)
        return true;
    /* RWF_NOWAIT makes every request complete during the submission; one
     * that did not (a kernel that arms a poll instead) may never complete,
     * and writes into buffers the caller reuses: cancel it and wait. */
    if ((sqe = io_uring_get_sqe(&tio.ring))) {
        io_uring_prep_cancel_fd(sqe, fd, IORING_ASYNC_CANCEL_ALL);
        sqe->user_data = UINT64_MAX;
        io_uring_submit(&tio.ring);
        n++;
    }
    while (done < n && reap_one(n, res))
        done++;
    ring_fail("requests did not complete at once");
    return false;
}

static unsigned
readv_recv(int fd, struct pkt *pkts, unsigned max, uint64_t *rx_errors)
{
    unsigned n = 0;

    while (n < max) {
        struct pkt *pkt = &pkts[n];
        struct iovec iov[2];
        ssize_t r;

        rx_iov(iov, pkt);
        r = readv(fd, iov, 2);
        if (r < 0) {
            if (errno != EAGAIN && errno != EINTR)
                (*rx_errors)++;
            break;
        }
        if (!tap_io_read_is_frame(r)) {
            (*rx_errors)++;
            continue;
        }
        frame_init(&pkt->frame, pkt->buf, FRAME_HEADROOM, r - sizeof pkt->vnet);
        n++;
    }
    return n;
}

/* Submits reads into the slots from 'first' on, as many again each time
 * (up to 'max') while none finds the TAP empty; returns the slots used, or
 * -1 if the ring failed before any read ran. */
static int
uring_recv(int fd, struct pkt *pkts, unsigned max, uint64_t *rx_errors)
{
    struct iovec iov[PORT_RX_BATCH][2];
    int res[PORT_RX_BATCH];
    unsigned used = 0, first = 0;
    unsigned ask = tap_io_first_ask(tio.hints[fd % TAP_IO_HINTS], max);
    bool drained = false, error_counted = false;

    while (!drained && first < max) {
        if (ask > max - first)
            ask = max - first;
        for (unsigned i = 0; i < ask; i++) {
            struct io_uring_sqe *sqe = io_uring_get_sqe(&tio.ring);

            rx_iov(iov[first + i], &pkts[first + i]);
            io_uring_prep_readv2(sqe, fd, iov[first + i], 2, 0, RWF_NOWAIT);
            sqe->user_data = i;
        }
        if (!ring_run(fd, ask, res))
            return first ? (int) used : -1;
        if (res[0] == -EOPNOTSUPP) {
            ring_fail("TAP fds refuse RWF_NOWAIT");
            return first ? (int) used : -1;
        }
        for (unsigned i = 0; i < ask; i++) {
            struct pkt *pkt = &pkts[first + i];

            pkt->frame.len = 0;
            if (tap_io_read_is_frame(res[i])) {
                frame_init(&pkt->frame, pkt->buf, FRAME_HEADROOM,
                           res[i] - sizeof pkt->vnet);
                used = first + i + 1;
                continue;
            }
            if (res[i] < 0)
                drained = true;
            /* Every read of a broken fd fails alike: one error. */
            if (res[i] >= 0 || (res[i] != -EAGAIN && !error_counted)) {
                if (res[i] < 0)
                    error_counted = true;
                (*rx_errors)++;
            }
        }
        first += ask;
        ask *= 2;
    }
    tio.hints[fd % TAP_IO_HINTS] = used;
    return used;
}

unsigned
tap_io_recv(int fd, struct pkt *pkts, unsigned max, uint64_t *rx_errors)
{
    if (max > PORT_RX_BATCH)
        max = PORT_RX_BATCH;
    if (tio.active) {
        int used = uring_recv(fd, pkts, max, rx_errors);

        if (used >= 0)
            return used;
    }
    return readv_recv(fd, pkts, max, rx_errors);
}

static void
writev_send(int fd, const struct bridge_tx *items, unsigned n, uint64_t *tx_errors)
{
    for (unsigned i = 0; i < n; i++) {
        struct virtio_net_hdr vnet;
        uint8_t hdr[BRIDGE_TX_HEADER_MAX];
        struct iovec iov[3];

        port_egress_iov(&items[i], &vnet, hdr, iov);
        if (writev(fd, iov, 3) < 0)
            (*tx_errors)++;
    }
}

/* Sends up to TAP_IO_RING_ENTRIES frames in one submission; false if the
 * ring failed before any ran. */
static bool
uring_send(int fd, const struct bridge_tx *items, unsigned n, uint64_t *tx_errors)
{
    struct virtio_net_hdr vnet[TAP_IO_RING_ENTRIES];
    uint8_t hdr[TAP_IO_RING_ENTRIES][BRIDGE_TX_HEADER_MAX];
    struct iovec iov[TAP_IO_RING_ENTRIES][3];
    int res[TAP_IO_RING_ENTRIES];

    for (unsigned i = 0; i < n; i++) {
        struct io_uring_sqe *sqe = io_uring_get_sqe(&tio.ring);

        port_egress_iov(&items[i], &vnet[i], hdr[i], iov[i]);
        io_uring_prep_writev2(sqe, fd, iov[i], 3, 0, RWF_NOWAIT);
        sqe->user_data = i;
    }
    if (!ring_run(fd, n, res))
        return false;
    if (res[0] == -EOPNOTSUPP) {        /* all fail alike: none was sent */
        ring_fail("TAP fds refuse RWF_NOWAIT");
        return false;
    }
    for (unsigned i = 0; i < n; i++)
        if (res[i] < 0)
            (*tx_errors)++;
    return true;
}

void
tap_io_send(int fd, const struct bridge_tx *items, unsigned n, uint64_t *tx_errors)
{
    while (n && tio.active) {
        unsigned chunk = n < TAP_IO_RING_ENTRIES ? n : TAP_IO_RING_ENTRIES;

        if (!uring_send(fd, items, chunk, tx_errors))
            break;
        items += chunk;
        n -= chunk;
    }
    if (n)
        writev_send(fd, items, n, tx_errors);
}
