#ifndef SWITCHD_LOCKFILE_H
#define SWITCHD_LOCKFILE_H 1

/* Lock files: what makes switchd one instance per control socket and per
 * pidfile (docs/security.md section 2).  A lock is flock(LOCK_EX) on the
 * file, so the kernel drops it when its holder dies, however it dies; the
 * holder writes its PID into the file, so a refused instance can name the
 * running one.  The holder removes the file when it is done with it, which
 * is safe because a taker checks, once locked, that the file it locked is
 * still the one at the path. */

#include <sys/types.h>

/* Creates (mode 'mode') and locks 'path' and writes this process's PID
 * into it, as a pidfile holds it.  Returns 0 with the open descriptor in
 * '*fd'; EAGAIN when another process holds the lock, with its PID in
 * '*holder' (0 if it has not written it yet); EINVAL if 'path' is not a
 * regular file (a link, a FIFO, a device); or another errno. */
int lockfile_take(const char *path, mode_t mode, int *fd, long *holder);

/* Removes 'path' and drops the lock on 'fd' (if 'fd' >= 0). */
void lockfile_release(const char *path, int fd);

#endif /* switchd/lockfile.h */
