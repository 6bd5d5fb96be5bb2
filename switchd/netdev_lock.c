#include "netdev_lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The lock file and the namespace, for the life of the process: a lock
 * is dropped when its process closes any descriptor of the file. */
static int lock_fd = -1;
static struct stat netns;

static int
open_lock_file(char *err, size_t err_size)
{
    if (lock_fd >= 0)
        return 0;
    if (stat("/proc/self/ns/net", &netns) < 0) {
        snprintf(err, err_size, "/proc/self/ns/net: %s", strerror(errno));
        return errno;
    }
    mkdir("/run/tapswitch", 0750);
    lock_fd = open(NETDEV_LOCK_FILE, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (lock_fd < 0) {
        int error = errno;
        snprintf(err, err_size, "%s: %s", NETDEV_LOCK_FILE, strerror(error));
        return error;
    }
    return 0;
}

/* FNV-1a over the namespace and the name, cut to 62 bits: an offset a lock
 * can take.  Two names meet with odds of about n^2 / 2^63. */
static struct flock
lock_range(const char *name, short type)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    uint64_t ids[2] = { netns.st_dev, netns.st_ino };
    const unsigned char *b = (const unsigned char *) ids;

    for (size_t i = 0; i < sizeof ids; i++)
        h = (h ^ b[i]) * 0x100000001b3ULL;
    for (const unsigned char *c = (const unsigned char *) name; *c; c++)
        h = (h ^ *c) * 0x100000001b3ULL;
    return (struct flock) { .l_type = type, .l_whence = SEEK_SET,
                            .l_start = (off_t) (h >> 2), .l_len = 1 };
}

int
netdev_lock(const char *name, char *err, size_t err_size)
{
    struct flock fl;
    int error = open_lock_file(err, err_size);

    if (error)
        return error;
    fl = lock_range(name, F_WRLCK);
    if (fcntl(lock_fd, F_SETLK, &fl) == 0)
        return 0;
    error = errno;
    if (error != EAGAIN && error != EACCES) {
        snprintf(err, err_size, "%s: %s: %s", name, NETDEV_LOCK_FILE, strerror(error));
        return error;
    }
    fl = lock_range(name, F_WRLCK);
    if (fcntl(lock_fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK && fl.l_pid > 0)
        snprintf(err, err_size, "%s: in use by another switchd (pid %ld)", name,
                 (long) fl.l_pid);
    else
        snprintf(err, err_size, "%s: in use by another switchd", name);
    return EBUSY;
}

void
netdev_unlock(const char *name)
{
    struct flock fl = lock_range(name, F_UNLCK);

    if (lock_fd >= 0)
        fcntl(lock_fd, F_SETLK, &fl);
}
