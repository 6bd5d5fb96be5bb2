#ifndef SWITCHD_LOOP_H
#define SWITCHD_LOOP_H 1

/* Event loop
 * ==========
 * One epoll instance; callers watch file descriptors with a callback and an
 * argument.  That is all: timers are timerfds and signals a signalfd, both
 * watched like any fd, so the loop knows nothing about ports, MACs or the
 * CLI (redis's ae.c, without its timer list).
 *
 * Callbacks may watch and unwatch any fd, including their own, while the
 * loop runs: an fd unwatched during a round is not called again in it. */

#include <stdbool.h>
#include <stdint.h>

struct loop;

typedef void loop_fd_cb(struct loop *, int fd, uint32_t events, void *arg);

/* Returns NULL with errno set on failure. */
struct loop *loop_create(void);
void loop_destroy(struct loop *);                   /* accepts NULL */

/* Starts calling 'cb' when 'fd' has any of 'events' (EPOLLIN, EPOLLOUT).
 * Returns 0 or an errno. */
int loop_watch_fd(struct loop *, int fd, uint32_t events, loop_fd_cb *cb, void *arg);
/* Changes the events watched on 'fd'. */
int loop_modify_fd(struct loop *, int fd, uint32_t events);
void loop_unwatch_fd(struct loop *, int fd);

/* After a round in which a callback called loop_note_traffic() (frames
 * were received), keep asking epoll without sleeping for 'usecs'
 * microseconds before sleeping again (0, the default: always sleep).
 * docs/design.md section 7.1 says why. */
void loop_set_poll_usecs(struct loop *, unsigned usecs);
void loop_note_traffic(struct loop *);
#define LOOP_POLL_USECS_MAX 1000000

/* Gives the watch of 'fd' a probe: a function that says, without a system
 * call, whether 'fd' has something to read (a packet socket's receive ring
 * whose next slot is the reader's).  A watch with a probe that moved
 * traffic leaves the epoll set while the loop polls after traffic, and is
 * probed in each round instead; it rejoins the set before the loop sleeps,
 * and at least once a second.  Why: for a socket in an epoll set, the kernel
 * runs epoll's wakeup path for every frame it queues, on the sender's CPU
 * (a VM's writer, a veth's sender), even while the loop never sleeps;
 * out of the set that costs nothing (docs/design.md section 7.1).  Returns
 * 0, or ENOENT when 'fd' is not watched. */
typedef bool loop_probe_fn(void *arg);
int loop_set_probe(struct loop *, int fd, loop_probe_fn *probe);

/* The epoll_wait() timeout at monotonic time 'now_ns' for a loop that
 * polls until 'poll_until_ns': 0 (do not sleep) before it, -1 after. */
int loop_poll_timeout(int64_t now_ns, int64_t poll_until_ns);

/* Runs until loop_stop().  Returns 0, or an errno if epoll fails. */
int loop_run(struct loop *);
void loop_stop(struct loop *);

/* Milliseconds on the monotonic clock. */
int64_t loop_now_ms(void);

#endif /* switchd/loop.h */
