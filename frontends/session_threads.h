#ifndef FRONTENDS_SESSION_THREADS_H
#define FRONTENDS_SESSION_THREADS_H 1

/* Session threads
 * ===============
 * Every telnet and console client gets a thread of its own (libcli's
 * cli_loop() blocks until the session ends; docs/design.md section 10.1).
 * A 'struct session_threads' keeps them: started from the loop thread when
 * a client connects, reaped (joined) once they finish, and at shutdown
 * every client socket is shut down -- which wakes its blocked read or
 * write -- and every thread joined, so the daemon exits with no thread
 * left and nothing leaked.
 *
 * The registry owns each client's socket and closes it after the thread
 * has been joined: a thread may hand a dup of it to a library that closes
 * what it is given (libcli fclose()s its fd), and closing the original
 * only after the join means shutdown() can never hit a reused number. */

#include <pthread.h>
#include <stdbool.h>

struct loop;
struct session_threads;

/* At most 'max' sessions at once.  The loop is where a listener that
 * cannot accept is paused (session_threads_accept).  Returns NULL with
 * errno set (out of memory or descriptors). */
struct session_threads *session_threads_create(struct loop *, unsigned max);
/* Stops every session (see above) and frees the registry. */
void session_threads_destroy(struct session_threads *);      /* accepts NULL */

/* Accepts a client on the listening socket 'fd' (the new socket is
 * blocking and close-on-exec).  Returns it, or -1 with nothing to serve.
 * Out of file descriptors, the client is accepted with a descriptor kept
 * in reserve and shut down at once (and 'who' logs it): left queued, it
 * would keep the listening socket readable and the loop calling accept()
 * in a busy circle.  When even that fails (another thread took the
 * reserve's number the moment it was freed, or accept() fails for lack of
 * memory), 'fd' is not watched for SESSION_ACCEPT_RETRY_MS and then tried
 * again, the reserve first: clients wait, at worst until a session ends,
 * and the loop does not spin (docs/security.md section 5).  'fd' must be
 * watched on the registry's loop.  Loop thread. */
int session_threads_accept(struct session_threads *, int fd, const char *who);

#define SESSION_ACCEPT_RETRY_MS 200

/* Logs that a client was turned away ("WHO: refusing a client: WHY"), at
 * most once per SESSION_REFUSAL_LOG_S with the count of the others, so a
 * client connecting in a loop cannot flood the log (docs/security.md
 * section 5).  Loop thread. */
void session_threads_log_refusal(struct session_threads *, const char *who, const char *why);

#define SESSION_REFUSAL_LOG_S 10

/* Starts 'fn(arg)' on a new thread for the client socket 'fd' and takes
 * 'fd'.  Returns 0, EAGAIN when 'max' sessions run already, or an errno;
 * on failure 'fd' is still the caller's. */
int session_threads_start(struct session_threads *, int fd, void *(*fn)(void *), void *arg);

/* Called by a session thread as its last act: marks it finished. */
void session_threads_finished(struct session_threads *, int fd);

/* Joins finished threads and closes their sockets (loop thread). */
void session_threads_reap(struct session_threads *);

unsigned session_threads_count(struct session_threads *);

#endif /* frontends/session_threads.h */
