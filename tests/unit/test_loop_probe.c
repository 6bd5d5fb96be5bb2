/* The loop's probed watches (switchd/loop.h, loop_set_probe()): while the
 * loop polls after traffic, a watch with a probe leaves the epoll set and is
 * called when its probe says so; it rejoins the set before the loop sleeps,
 * so data that arrives then still wakes it. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "loop.h"

struct pipe_watch {
    int rd, wr;
    unsigned calls;                 /* callback runs that read something */
    unsigned probes;                /* probe calls */
    unsigned stop_after;            /* loop_stop() after this many calls */
    bool probe_says;                /* what the probe answers */
    int write_on_call;              /* on that call, write a byte (-1: none) */
};

static void
pipe_readable(struct loop *l, int fd, uint32_t events, void *arg)
{
    struct pipe_watch *pw = arg;
    char buf[64];

    (void) events;
    if (read(fd, buf, sizeof buf) <= 0)
        return;
    pw->calls++;
    loop_note_traffic(l);
    if ((int) pw->calls == pw->write_on_call)
        cr_assert_eq(write(pw->wr, "y", 1), 1);
    if (pw->calls >= pw->stop_after)
        loop_stop(l);
}


static bool
pipe_probe(void *arg)
{
    struct pipe_watch *pw = arg;

    pw->probes++;
    return pw->probe_says;
}

static void
setup_pipe(struct pipe_watch *pw)
{
    int fds[2];

    cr_assert_eq(pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
    *pw = (struct pipe_watch) { .rd = fds[0], .wr = fds[1], .stop_after = 2,
                                .write_on_call = -1 };
    alarm(20);                      /* a lost wakeup must fail, not hang */
}

Test(loop_probe, set_probe_on_an_unwatched_fd_is_enoent)
{
    struct loop *l = loop_create();

    cr_assert_not_null(l);
    cr_assert_eq(loop_set_probe(l, 12345, pipe_probe), ENOENT);
    loop_destroy(l);
}

/* Polling: the byte written during the first call arrives while the watch
 * is parked; the probe says "ready", the callback reads it. */
Test(loop_probe, a_parked_watch_is_called_when_its_probe_says_so)
{
    struct pipe_watch pw;
    struct loop *l = loop_create();

    setup_pipe(&pw);
    pw.write_on_call = 1;
    pw.probe_says = true;
    loop_set_poll_usecs(l, 1000000);
    cr_assert_eq(loop_watch_fd(l, pw.rd, EPOLLIN, pipe_readable, &pw), 0);
    cr_assert_eq(loop_set_probe(l, pw.rd, pipe_probe), 0);
    cr_assert_eq(write(pw.wr, "x", 1), 1);
    cr_assert_eq(loop_run(l), 0);
    cr_assert_eq(pw.calls, 2);
    cr_assert_geq(pw.probes, 1, "the second call came from the probe");
    loop_destroy(l);
    close(pw.rd); close(pw.wr);
}

/* A probe that never says "ready" (a ring that cannot tell) loses nothing:
 * the watch rejoins the epoll set when the poll window ends and the byte
 * that came meanwhile wakes the loop. */
Test(loop_probe, data_that_came_while_parked_wakes_the_loop_after_the_window)
{
    struct pipe_watch pw;
    struct loop *l = loop_create();

    setup_pipe(&pw);
    pw.write_on_call = 1;
    pw.probe_says = false;
    loop_set_poll_usecs(l, 2000);
    cr_assert_eq(loop_watch_fd(l, pw.rd, EPOLLIN, pipe_readable, &pw), 0);
    cr_assert_eq(loop_set_probe(l, pw.rd, pipe_probe), 0);
    cr_assert_eq(write(pw.wr, "x", 1), 1);
    cr_assert_eq(loop_run(l), 0);
    cr_assert_eq(pw.calls, 2);
    cr_assert_geq(pw.probes, 1, "the watch was parked and probed");
    loop_destroy(l);
    close(pw.rd); close(pw.wr);
}

/* Without polling (poll_usecs 0) nothing is ever parked or probed. */
Test(loop_probe, no_polling_no_probing)
{
    struct pipe_watch pw;
    struct loop *l = loop_create();

    setup_pipe(&pw);
    pw.write_on_call = 1;
    pw.probe_says = true;
    cr_assert_eq(loop_watch_fd(l, pw.rd, EPOLLIN, pipe_readable, &pw), 0);
    cr_assert_eq(loop_set_probe(l, pw.rd, pipe_probe), 0);
    cr_assert_eq(write(pw.wr, "x", 1), 1);
    cr_assert_eq(loop_run(l), 0);
    cr_assert_eq(pw.calls, 2);
    cr_assert_eq(pw.probes, 0);
    loop_destroy(l);
    close(pw.rd); close(pw.wr);
}

/* Unwatching a parked watch (a port closed under traffic) is clean: the
 * fd can be watched again at once. */
static void
unwatch_self(struct loop *l, int fd, uint32_t events, void *arg)
{
    struct pipe_watch *pw = arg;

    pipe_readable(l, fd, events, arg);
    if (pw->calls == 2) {
        loop_unwatch_fd(l, fd);
        cr_assert_eq(loop_watch_fd(l, fd, EPOLLIN, pipe_readable, pw), 0);
        cr_assert_eq(write(pw->wr, "z", 1), 1);
    }
}

Test(loop_probe, unwatching_a_parked_watch)
{
    struct pipe_watch pw;
    struct loop *l = loop_create();

    setup_pipe(&pw);
    pw.write_on_call = 1;
    pw.probe_says = true;
    pw.stop_after = 3;
    loop_set_poll_usecs(l, 1000000);
    cr_assert_eq(loop_watch_fd(l, pw.rd, EPOLLIN, unwatch_self, &pw), 0);
    cr_assert_eq(loop_set_probe(l, pw.rd, pipe_probe), 0);
    cr_assert_eq(write(pw.wr, "x", 1), 1);
    cr_assert_eq(loop_run(l), 0);
    cr_assert_eq(pw.calls, 3);
    loop_destroy(l);
    close(pw.rd); close(pw.wr);
}
