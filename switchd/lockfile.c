#include "lockfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* The PID written in the file at 'fd', or 0. */
static long
read_pid(int fd)
{
    char buf[32];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    long pid;

    if (n <= 0)
        return 0;
    buf[n] = '\0';
    pid = strtol(buf, NULL, 10);
    return pid > 0 ? pid : 0;
}

int
lockfile_take(const char *path, mode_t mode, int *fd_out, long *holder)
{
    *fd_out = -1;
    *holder = 0;
    for (;;) {
        struct stat locked, now;
        char text[32];
        int fd, len, error;

        /* Never a link or a device: root truncates what it locks. */
        if (lstat(path, &now) == 0 && !S_ISREG(now.st_mode))
            return EINVAL;
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, mode);
        if (fd < 0)
            return errno == ELOOP ? EINVAL : errno;
        if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
            error = errno == EWOULDBLOCK ? EAGAIN : errno;
            if (error == EAGAIN)
                *holder = read_pid(fd);
            close(fd);
            return error;
        }
        /* The previous holder may have removed the file between our open()
         * and flock(): then we locked a file nobody else will find, and
         * must lock the one at the path now. */
        if (fstat(fd, &locked) < 0) {
            error = errno;
            close(fd);
            return error;
        }
        if (stat(path, &now) < 0 || now.st_dev != locked.st_dev || now.st_ino != locked.st_ino) {
            close(fd);
            continue;
        }
        if (!S_ISREG(locked.st_mode)) {
            close(fd);
            return EINVAL;
        }
        len = snprintf(text, sizeof text, "%ld\n", (long) getpid());
        errno = 0;
        if (ftruncate(fd, 0) < 0 || pwrite(fd, text, len, 0) != len) {
            error = errno ? errno : EIO;
            close(fd);
            return error;
        }
        *fd_out = fd;
        return 0;
    }
}

void
lockfile_release(const char *path, int fd)
{
    if (fd < 0)
        return;
    /* Removed while still locked, so no one takes it in between. */
    unlink(path);
    close(fd);
}
