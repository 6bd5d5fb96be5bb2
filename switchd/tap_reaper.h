#ifndef SWITCHD_TAP_REAPER_H
#define SWITCHD_TAP_REAPER_H 1

/* TAP reaper
 * ==========
 * Releasing a port's netdev is slow in the kernel: closing a packet socket
 * or a TUN fd waits for an RCU grace period, and a TAP that loses its last
 * fd and its persistence is unregistered under the RTNL lock (about 16 ms
 * each).  On the loop thread, removing 200 tap ports held every frame of
 * the switch for 3.3 s.  So ports hand these releases to the reaper, one
 * worker thread that runs them in order while the loop goes on forwarding
 * (docs/security.md section 8).
 *
 * A job names the netdev it may delete: a port that opens a netdev of that
 * name first waits for the job (tap_reaper_wait()), so a port removed and
 * added again never has its new netdev deleted under it.
 *
 * The thread starts with the first job (a daemon() fork before any port
 * is removed keeps it), and in a process where it cannot start, or when
 * memory is short, jobs run at once on the caller's thread.  Jobs must not
 * touch the switch state: they get a copy of their arguments. */

#include <net/if.h>

struct reap_job {
    char name[IFNAMSIZ];            /* the netdev the job may delete ("" none) */
    int fd;                         /* an fd to close, or -1 */
    int ifindex;                    /* the netdev's index when the job was made */
};

typedef void tap_reaper_fn(const struct reap_job *);

struct tap_reaper;

/* Returns NULL when memory is short (then every job runs at once). */
struct tap_reaper *tap_reaper_create(void);

/* Runs every queued job, stops the thread, frees.  Accepts NULL. */
void tap_reaper_destroy(struct tap_reaper *);

/* Queues 'fn(job)' ('job' is copied).  'r' may be NULL. */
void tap_reaper_submit(struct tap_reaper *r, tap_reaper_fn *fn, const struct reap_job *job);

/* Returns once no queued or running job names netdev 'name'. */
void tap_reaper_wait(struct tap_reaper *r, const char *name);

/* Returns once every job queued so far has run. */
void tap_reaper_flush(struct tap_reaper *r);

#endif /* switchd/tap_reaper.h */
