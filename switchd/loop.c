#include "loop.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#define LOOP_MAX_EVENTS 64

/* Parked watches rejoin the epoll set at least this often, so an error
 * event on their fd (EPOLLERR) waits at most this long under traffic. */
#define LOOP_PARK_MAX_NS 1000000000

struct watch {
    int fd;
    loop_fd_cb *cb;
    void *arg;
    struct watch *next;             /* in 'watches' */
    bool dead;                      /* unwatched; freed after the round */
    loop_probe_fn *probe;           /* loop_set_probe(), NULL: none */
    bool parked;                    /* out of the epoll set, probed instead */
    bool fired;                     /* had an event this round */
};

struct loop {
    int epfd;                       /* the epoll instance */
    struct watch *watches;          /* every watch, live or dead */
    bool running;                   /* cleared by loop_stop() */
    bool in_round;                  /* dispatching: defer frees */
    unsigned poll_usecs;            /* loop_set_poll_usecs(); 0: always sleep */
    bool traffic;                   /* loop_note_traffic() in this round */
    unsigned n_parked;              /* watches with 'parked' set */
    int64_t parked_since;           /* now_ns() when the first was parked */
};

struct loop *
loop_create(void)
{
    struct loop *l = calloc(1, sizeof *l);

    if (!l)
        return NULL;
    l->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (l->epfd < 0) {
        free(l);
        return NULL;
    }
    return l;
}

static void
free_dead_watches(struct loop *l)
{
    struct watch **w = &l->watches;

    while (*w) {
        if ((*w)->dead) {
            struct watch *dead = *w;
            *w = dead->next;
            free(dead);
        } else {
            w = &(*w)->next;
        }
    }
}

void
loop_destroy(struct loop *l)
{
    if (!l)
        return;
    for (struct watch *w = l->watches; w; w = w->next)
        w->dead = true;
    free_dead_watches(l);
    close(l->epfd);
    free(l);
}

static struct watch *
find_watch(struct loop *l, int fd)
{
    for (struct watch *w = l->watches; w; w = w->next)
        if (w->fd == fd && !w->dead)
            return w;
    return NULL;
}

int
loop_watch_fd(struct loop *l, int fd, uint32_t events, loop_fd_cb *cb, void *arg)
{
    struct watch *w = calloc(1, sizeof *w);
    struct epoll_event ev = { .events = events };

    if (!w)
        return ENOMEM;
    w->fd = fd;
    w->cb = cb;
    w->arg = arg;
    ev.data.ptr = w;
    if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
        int error = errno;
        free(w);
        return error;
    }
    w->next = l->watches;
    l->watches = w;
    return 0;
}

int
loop_modify_fd(struct loop *l, int fd, uint32_t events)
{
    struct watch *w = find_watch(l, fd);
    struct epoll_event ev = { .events = events };

    if (!w)
        return ENOENT;
    ev.data.ptr = w;
    return epoll_ctl(l->epfd, EPOLL_CTL_MOD, fd, &ev) < 0 ? errno : 0;
}

void
loop_unwatch_fd(struct loop *l, int fd)
{
    struct watch *w = find_watch(l, fd);

    if (!w)
        return;
    if (w->parked) {
        w->parked = false;
        l->n_parked--;
    } else {
        epoll_ctl(l->epfd, EPOLL_CTL_DEL, fd, NULL);
    }
    /* Events of this round may still point at 'w': free it afterwards. */
    w->dead = true;
    if (!l->in_round)
        free_dead_watches(l);
}

void
loop_set_poll_usecs(struct loop *l, unsigned usecs)
{
    l->poll_usecs = usecs;
}

int
loop_set_probe(struct loop *l, int fd, loop_probe_fn *probe)
{
    struct watch *w = find_watch(l, fd);

    if (!w)
        return ENOENT;
    w->probe = probe;
    return 0;
}

static int64_t
now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void
loop_note_traffic(struct loop *l)
{
    l->traffic = true;
}

int
loop_poll_timeout(int64_t now_ns, int64_t poll_until_ns)
{
    return now_ns < poll_until_ns ? 0 : -1;
}

/* Takes watch 'w' out of the epoll set: while the loop polls, its probe
 * says when to call it (loop_set_probe() says why). */
static void
park(struct loop *l, struct watch *w, int64_t now)
{
    if (epoll_ctl(l->epfd, EPOLL_CTL_DEL, w->fd, NULL) < 0)
        return;
    if (!l->n_parked++)
        l->parked_since = now;
    w->parked = true;
}

/* Puts every parked watch back into the epoll set.  Level-triggered, so
 * an fd that became readable while parked is reported by the next
 * epoll_wait(): nothing is lost between the last probe and the sleep. */
static void
unpark_all(struct loop *l)
{
    for (struct watch *w = l->watches; w && l->n_parked; w = w->next) {
        struct epoll_event ev = { .events = EPOLLIN, .data.ptr = w };

        if (!w->parked)
            continue;
        /* Should re-adding fail (ENOMEM), the watch stays parked and is
         * probed on: the loop does not sleep while any is. */
        if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, w->fd, &ev) < 0)
            continue;
        w->parked = false;
        l->n_parked--;
    }
}

int
loop_run(struct loop *l)
{
    struct epoll_event events[LOOP_MAX_EVENTS];
    int64_t poll_until = 0;         /* keep polling until then (now_ns()) */

    l->running = true;
    while (l->running) {
        /* Adaptive poll (docs/design.md section 7.1): a frame that arrives
         * while the thread sleeps pays for its wakeup, which dominates the
         * latency of a lightly loaded switch; right after a round that
         * moved frames another is likely, so the loop asks epoll without
         * sleeping until 'poll_until', then sleeps.  Only frames count
         * (loop_note_traffic()), not timers or commands: idle, it never
         * spins. */
        int64_t now = poll_until || l->n_parked ? now_ns() : 0;
        int timeout = poll_until ? loop_poll_timeout(now, poll_until) : -1;

        if (l->n_parked && (timeout < 0 || now - l->parked_since >= LOOP_PARK_MAX_NS))
            unpark_all(l);
        if (l->n_parked)
            timeout = 0;
        int n = epoll_wait(l->epfd, events, LOOP_MAX_EVENTS, timeout);

        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        l->in_round = true;
        l->traffic = false;
        for (int i = 0; i < n && l->running; i++) {
            struct watch *w = events[i].data.ptr;
            if (!w->dead) {
                w->fired = true;
                w->cb(l, w->fd, events[i].events, w->arg);
            }
        }
        for (struct watch *w = l->watches; w && l->n_parked && l->running; w = w->next)
            if (w->parked && !w->dead && w->probe(w->arg)) {
                w->fired = true;
                w->cb(l, w->fd, EPOLLIN, w->arg);
            }
        /* A probed watch that moved frames leaves the epoll set while the
         * loop polls: the kernel then skips the wakeup work per frame
         * (loop_set_probe()). */
        if (l->traffic && l->poll_usecs)
            for (struct watch *w = l->watches; w; w = w->next) {
                if (w->fired && w->probe && !w->parked && !w->dead)
                    park(l, w, now ? now : now_ns());
                w->fired = false;
            }
        l->in_round = false;
        free_dead_watches(l);
        if (l->traffic && l->poll_usecs)
            poll_until = now_ns() + (int64_t) l->poll_usecs * 1000;
        else if (timeout < 0)
            poll_until = 0;
    }
    return 0;
}

void
loop_stop(struct loop *l)
{
    l->running = false;
}

int64_t
loop_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
