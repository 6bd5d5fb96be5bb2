#ifndef SWITCHD_TAP_IO_H
#define SWITCHD_TAP_IO_H 1

/* Frame I/O on TAP fds
 * ====================
 * A TAP fd moves one frame per read() or write(); there is no recvmmsg for
 * it.  With readv/writev a batch of N frames costs N system calls (N + 1
 * on receive: the last read finds the queue empty), which is most of
 * switchd's time on internal ports (docs/design.md section 6.2).  With
 * io_uring the batch goes to the kernel in one io_uring_enter(): one
 * IORING_OP_READV or IORING_OP_WRITEV per frame, all executed at once.
 *
 * One ring for the process (switchd has one loop thread, the only caller),
 * set up when the first TAP fd is taken (tap_io_acquire()) and released
 * with the last one.  Where io_uring is unavailable (io_uring_queue_init()
 * fails: kernel.io_uring_disabled, seccomp, an old kernel) or switched off
 * (--no-io-uring), the same calls use readv/writev, with one log line.
 *
 * Every request carries RWF_NOWAIT: a read of an empty TAP then completes
 * at once with -EAGAIN instead of arming a poll (which O_NONBLOCK alone
 * does not prevent), so every request completes during the
 * io_uring_enter() that submits it and no buffer is used after the call
 * returns; one that does not is cancelled and waited for, and the ring
 * given up.  Neither direction allocates or locks. */

#include <stdbool.h>
#include <stdint.h>

#include "port.h"
#include "tap_io_mode.h"           /* tap_io_set_uring() */

/* A TAP fd is open / closed: the first sets the ring up, the last tears it
 * down.  Never fails (readv/writev are the fallback). */
void tap_io_acquire(void);
void tap_io_release(void);

/* Whether the calls below use io_uring now. */
bool tap_io_uring_active(void);

/* The longest frame a TAP fd takes or gives (struct pkt has room for one
 * byte more: see tap_io_read_is_frame()). */
#define TAP_FRAME_MAX (PKT_DATA_MAX - FRAME_HEADROOM)

/* Receives up to 'max' frames (at most PORT_RX_BATCH) from TAP 'fd' into
 * 'pkts'; returns the slots used.  A slot whose frame has length 0 holds
 * no frame (a bad read, counted in '*rx_errors', or an io_uring read that
 * found the TAP empty, which is not an error).  Each read that fails
 * with anything but EAGAIN counts one rx error. */
unsigned tap_io_recv(int fd, struct pkt *pkts, unsigned max, uint64_t *rx_errors);

/* Sends the 'n' queued frames of 'items' to TAP 'fd' (egress header by
 * port_egress_prepare()); each frame the kernel refuses is a tx error. */
void tap_io_send(int fd, const struct bridge_tx *items, unsigned n, uint64_t *tx_errors);

/* Pure helpers, exposed for the unit tests. */

/* Whether a read of 'r' bytes (virtio header included) is a whole frame: a
 * TAP read cuts a longer frame to the buffer without a word (no MSG_TRUNC
 * as on a packet socket), so the buffer is one byte longer than
 * TAP_FRAME_MAX and a read that fills it was cut (docs/security.md
 * section 6). */
bool tap_io_read_is_frame(int64_t r);

/* How many reads to submit first on an fd that gave 'last' frames in its
 * previous call, at most 'max'. */
unsigned tap_io_first_ask(unsigned last, unsigned max);

#endif /* switchd/tap_io.h */
