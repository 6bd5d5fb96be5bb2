#ifndef SWITCHD_DETACH_H
#define SWITCHD_DETACH_H 1

/* Detaching from the terminal, as OVS's --detach does (docs/security.md
 * section 2).  detach_start() forks before anything else is made (no
 * thread, no signalfd, no device yet: what a fork does not carry over
 * cannot be half-carried); the parent waits until the child calls
 * detach_done(), then exits 0, or until the child exits first, then exits
 * with its status.  So `switchd` without -f returns once the daemon
 * serves, or fails with the daemon's error on the terminal and its exit
 * status. */

#include <stddef.h>

/* Returns in the child only: a new session, working directory "/", stdin
 * from /dev/null (stdout and stderr stay the terminal's until
 * detach_done()).  Returns 0, or an errno with a message in 'err' if
 * there is no child. */
int detach_start(char *err, size_t err_size);

/* The daemon is ready: tells the waiting parent and points stdout and
 * stderr at /dev/null. */
void detach_done(void);

#endif /* switchd/detach.h */
