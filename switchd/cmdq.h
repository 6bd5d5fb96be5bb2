#ifndef SWITCHD_CMDQ_H
#define SWITCHD_CMDQ_H 1

/* Command queue
 * =============
 * How shell sessions, each on its own thread, run code on the loop thread,
 * which owns the whole switch (docs/design.md section 7.3): a
 * session calls cmdq_call(fn, arg); the request (on the caller's stack)
 * joins a list under a mutex held only for the pointer swap, an eventfd
 * wakes the loop, the loop runs every waiting fn between two packet
 * batches, and a semaphore hands control back.  So forwarding never waits
 * for a client, and each command sees the switch between batches, never in
 * the middle of one.  fn must be quick: change state or copy out what the
 * session will format.
 *
 * At shutdown cmdq_shutdown() fails every waiting and future call with
 * ESHUTDOWN, so no session thread stays blocked on a loop that stopped. */

#include <stdbool.h>

struct loop;
struct cmdq;

typedef void cmdq_fn(void *arg);

/* Returns NULL with errno set. */
struct cmdq *cmdq_create(struct loop *);
void cmdq_destroy(struct cmdq *);                   /* accepts NULL */

/* From a thread other than the loop's: runs fn(arg) on the loop thread and
 * returns 0 once it has run, or ESHUTDOWN (fn did not run). */
int cmdq_call(struct cmdq *, cmdq_fn *fn, void *arg);

/* Loop thread: refuse further calls and release the waiting ones. */
void cmdq_shutdown(struct cmdq *);

/* Any thread: whether cmdq_shutdown() was called (switchd is stopping). */
bool cmdq_closed(struct cmdq *);

#endif /* switchd/cmdq.h */
