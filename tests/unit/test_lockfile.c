/* switchd/lockfile.c: the lock that makes switchd one instance per control
 * socket and per pidfile (docs/security.md section 2).  flock() locks
 * belong to an open file, so a second lockfile_take() in the same process
 * stands for a second switchd. */

#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lockfile.h"

static char dir[] = "/tmp/lockfile-test.XXXXXX";
static char path[sizeof dir + 32];

static void
setup(void)
{
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/switchd.pid", dir);
}

static void
teardown(void)
{
    char other[sizeof path + 8];

    unlink(path);
    snprintf(other, sizeof other, "%s.link", path);
    unlink(other);
    rmdir(dir);
}

static char *
read_text(const char *p)
{
    static char buf[64];
    FILE *f = fopen(p, "r");
    size_t n;

    cr_assert_not_null(f, "%s: %s", p, strerror(errno));
    n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

TestSuite(lockfile, .init = setup, .fini = teardown);

Test(lockfile, holds_the_pid_and_refuses_a_second_taker)
{
    char pid[32];
    long holder = -1;
    int fd, fd2 = 123;

    snprintf(pid, sizeof pid, "%ld\n", (long) getpid());
    cr_assert_eq(lockfile_take(path, 0644, &fd, &holder), 0);
    cr_assert_geq(fd, 0);
    cr_assert_str_eq(read_text(path), pid);
    cr_assert_eq(lockfile_take(path, 0644, &fd2, &holder), EAGAIN);
    cr_assert_eq(fd2, -1);
    cr_assert_eq(holder, (long) getpid(), "the refused taker learns the holder's PID");
    cr_assert_str_eq(read_text(path), pid, "the holder's file is left as it was");
    lockfile_release(path, fd);
    cr_assert_eq(access(path, F_OK), -1, "released: the file is removed");
}

Test(lockfile, a_stale_file_is_taken_over)
{
    char pid[32];
    long holder;
    int fd, f = open(path, O_WRONLY | O_CREAT, 0644);

    cr_assert_geq(f, 0);
    cr_assert_eq(write(f, "99999999\nleftover\n", 18), 18);
    close(f);
    snprintf(pid, sizeof pid, "%ld\n", (long) getpid());
    cr_assert_eq(lockfile_take(path, 0644, &fd, &holder), 0);
    cr_assert_str_eq(read_text(path), pid);
    lockfile_release(path, fd);
}

Test(lockfile, never_a_link_or_a_fifo)
{
    char link_path[sizeof path + 8];
    long holder;
    int fd, f = open(path, O_WRONLY | O_CREAT, 0644);

    cr_assert_geq(f, 0);
    cr_assert_eq(write(f, "precious\n", 9), 9);
    close(f);
    snprintf(link_path, sizeof link_path, "%s.link", path);
    cr_assert_eq(symlink(path, link_path), 0);
    cr_assert_eq(lockfile_take(link_path, 0644, &fd, &holder), EINVAL);
    cr_assert_str_eq(read_text(path), "precious\n", "the link's target is not truncated");
    unlink(path);
    cr_assert_eq(mkfifo(path, 0600), 0);
    cr_assert_eq(lockfile_take(path, 0644, &fd, &holder), EINVAL);
}
