#include "detach.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The write end of the pipe the parent waits on; -1 once done. */
static int ready_fd = -1;

/* Points descriptors 'from'..'to' at /dev/null. */
static void
null_stdio(int from, int to)
{
    int fd = open("/dev/null", O_RDWR);

    if (fd < 0)
        return;
    for (int i = from; i <= to; i++)
        dup2(fd, i);
    if (fd > STDERR_FILENO)
        close(fd);
}

/* The parent: waits for a byte ("ready") or the end of the pipe (the
 * child exited), and never returns. */
static void
parent_wait(pid_t child, int fd)
{
    char c;
    ssize_t n;
    int status;

    do {
        n = read(fd, &c, 1);
    } while (n < 0 && errno == EINTR);
    if (n == 1)
        _exit(0);
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) {
            fprintf(stderr, "switchd: waiting for the daemon: %s\n", strerror(errno));
            _exit(1);
        }
    }
    if (WIFEXITED(status))
        _exit(WEXITSTATUS(status) ? WEXITSTATUS(status) : 1);
    fprintf(stderr, "switchd: the daemon died of signal %d before it was ready\n",
            WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    _exit(1);
}

int
detach_start(char *err, size_t err_size)
{
    int fds[2];
    pid_t pid;

    if (pipe2(fds, O_CLOEXEC) < 0) {
        snprintf(err, err_size, "pipe: %s", strerror(errno));
        return errno;
    }
    fflush(NULL);
    pid = fork();
    if (pid < 0) {
        int error = errno;
        snprintf(err, err_size, "fork: %s", strerror(error));
        close(fds[0]);
        close(fds[1]);
        return error;
    }
    if (pid > 0) {
        close(fds[1]);
        parent_wait(pid, fds[0]);
    }
    close(fds[0]);
    ready_fd = fds[1];
    setsid();
    if (chdir("/") < 0) {
        /* "/" always exists; nothing the daemon opens later is relative. */
    }
    null_stdio(STDIN_FILENO, STDIN_FILENO);
    return 0;
}

void
detach_done(void)
{
    if (ready_fd < 0)
        return;
    if (write(ready_fd, "", 1) < 0) {
        /* The parent is gone (killed while waiting): nobody to tell. */
    }
    close(ready_fd);
    ready_fd = -1;
    null_stdio(STDOUT_FILENO, STDERR_FILENO);
}
