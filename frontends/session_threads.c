#include "session_threads.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"

struct session {
    int fd;                         /* the client socket, ours to close */
    pthread_t thread;
    bool finished;                  /* the thread is about to return */
    struct session *next;
};

/* A log line said at most once per SESSION_REFUSAL_LOG_S. */
struct log_limit {
    int64_t logged_ms;              /* the last line, 0 = none yet */
    unsigned unlogged;              /* events since then */
};

/* Whether to log an event now; '*more' is how many went unlogged before. */
static bool
log_limit_pass(struct log_limit *l, unsigned *more)
{
    int64_t now = loop_now_ms();

    if (l->logged_ms && now - l->logged_ms < SESSION_REFUSAL_LOG_S * 1000) {
        l->unlogged++;
        return false;
    }
    *more = l->unlogged;
    l->logged_ms = now;
    l->unlogged = 0;
    return true;
}

struct session_threads {
    pthread_mutex_t lock;           /* guards the list */
    struct session *list;
    unsigned n, max;
    struct loop *loop;
    int reserve_fd;                 /* given up to accept() when out of fds: /dev/null,
                                       or the last client turned away, shut down */
    int retry_fd;                   /* timerfd: resumes a paused listener */
    int paused_fd;                  /* the listener not watched for now, or -1 */
    dev_t paused_dev;               /* ... and its identity: the number may be */
    ino_t paused_ino;               /*     closed and reused while it waits */
    struct log_limit refusals, pauses;
};

static int
open_reserve(void)
{
    return open("/dev/null", O_RDONLY | O_CLOEXEC);
}

static void retry_listener(struct loop *, int fd, uint32_t events, void *arg);

struct session_threads *
session_threads_create(struct loop *loop, unsigned max)
{
    struct session_threads *st = calloc(1, sizeof *st);
    int error;

    if (!st)
        return NULL;
    pthread_mutex_init(&st->lock, NULL);
    st->max = max;
    st->loop = loop;
    st->paused_fd = -1;
    st->reserve_fd = open_reserve();
    /* Made now: out of descriptors it could not be made when needed. */
    st->retry_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    error = st->retry_fd < 0 ? errno : loop_watch_fd(loop, st->retry_fd, EPOLLIN,
                                                       retry_listener, st);
    if (error) {
        if (st->retry_fd >= 0)
            close(st->retry_fd);
        if (st->reserve_fd >= 0)
            close(st->reserve_fd);
        pthread_mutex_destroy(&st->lock);
        free(st);
        errno = error;
        return NULL;
    }
    return st;
}

void
session_threads_log_refusal(struct session_threads *st, const char *who, const char *why)
{
    unsigned more;

    if (!log_limit_pass(&st->refusals, &more))
        return;
    if (more)
        log_warn("%s: refusing a client: %s (%u more refused since the last message)", who,
                 why, more);
    else
        log_warn("%s: refusing a client: %s", who, why);
}

/* Stops watching the listener 'fd' for SESSION_ACCEPT_RETRY_MS. */
static void
pause_listener(struct session_threads *st, int fd, const char *who, int error)
{
    struct itimerspec once = { .it_value.tv_nsec = SESSION_ACCEPT_RETRY_MS * 1000000L };
    struct stat sb;
    unsigned more;

    if (fstat(fd, &sb) < 0 || timerfd_settime(st->retry_fd, 0, &once, NULL) < 0
        || loop_modify_fd(st->loop, fd, 0))
        return;
    if (log_limit_pass(&st->pauses, &more))
        log_warn("%s: cannot accept clients (%s): trying again in %d ms (%u more pauses"
                 " since the last message)", who, strerror(error), SESSION_ACCEPT_RETRY_MS,
                 more);
    st->paused_fd = fd;
    st->paused_dev = sb.st_dev;
    st->paused_ino = sb.st_ino;
}

static void
retry_listener(struct loop *loop, int fd, uint32_t events, void *arg)
{
    struct session_threads *st = arg;
    uint64_t expirations;
    struct stat sb;
    ssize_t n = read(fd, &expirations, sizeof expirations);

    (void) loop; (void) events; (void) n;
    /* A listener closed while paused (telnet moved) may have left its
     * number to another file, whose watch is not ours to change. */
    if (st->paused_fd >= 0 && !fstat(st->paused_fd, &sb) && sb.st_dev == st->paused_dev
        && sb.st_ino == st->paused_ino)
        loop_modify_fd(st->loop, st->paused_fd, EPOLLIN);
    st->paused_fd = -1;
}

static bool
out_of_fds(int error)
{
    return error == EMFILE || error == ENFILE;
}

/* What accept() may answer that the next call does not repeat. */
static bool
transient(int error)
{
    return error == EAGAIN || error == EWOULDBLOCK || error == EINTR || error == ECONNABORTED
           || error == EPROTO || error == EPERM;
}

int
session_threads_accept(struct session_threads *st, int fd, const char *who)
{
    int cfd, error;

    /* Lost to another thread last time, or never had: take it back now. */
    if (st->reserve_fd < 0)
        st->reserve_fd = open_reserve();
    if ((cfd = accept4(fd, NULL, NULL, SOCK_CLOEXEC)) >= 0 || transient(errno))
        return cfd;
    if (out_of_fds(errno)) {
        /* Finished sessions may give some back. */
        session_threads_reap(st);
        if ((cfd = accept4(fd, NULL, NULL, SOCK_CLOEXEC)) >= 0 || transient(errno))
            return cfd;
    }
    error = errno;
    if (out_of_fds(error) && st->reserve_fd >= 0) {
        /* Any thread may take the number freed here before accept() does
         * (a session's dup(), a command opening a file): then this fails
         * too and the listener pauses below instead of spinning. */
        close(st->reserve_fd);
        st->reserve_fd = -1;
        cfd = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
        error = errno;
        if (cfd >= 0) {
            /* Turned away, and kept as the next reserve: closing it to
             * open /dev/null again would free the number for any thread
             * to take. */
            shutdown(cfd, SHUT_RDWR);
            st->reserve_fd = cfd;
            session_threads_log_refusal(st, who, "out of file descriptors");
            return -1;
        }
        st->reserve_fd = open_reserve();
        if (transient(error))
            return -1;
    }
    pause_listener(st, fd, who, error);
    return -1;
}

int
session_threads_start(struct session_threads *st, int fd, void *(*fn)(void *), void *arg)
{
    struct session *s;
    int error;

    session_threads_reap(st);
    pthread_mutex_lock(&st->lock);
    if (st->n >= st->max) {
        pthread_mutex_unlock(&st->lock);
        return EAGAIN;
    }
    if (!(s = calloc(1, sizeof *s))) {
        pthread_mutex_unlock(&st->lock);
        return ENOMEM;
    }
    s->fd = fd;
    /* Listed before the thread runs, so its finished() finds it. */
    s->next = st->list;
    st->list = s;
    st->n++;
    error = pthread_create(&s->thread, NULL, fn, arg);
    if (error) {
        st->list = s->next;
        st->n--;
        free(s);
    }
    pthread_mutex_unlock(&st->lock);
    return error;
}

void
session_threads_finished(struct session_threads *st, int fd)
{
    /* The client sees the end now, not when the thread is reaped. */
    shutdown(fd, SHUT_RDWR);
    pthread_mutex_lock(&st->lock);
    for (struct session *s = st->list; s; s = s->next)
        if (s->fd == fd)
            s->finished = true;
    pthread_mutex_unlock(&st->lock);
}

/* Joins and frees the sessions for which 'all' or finished. */
static void
join(struct session_threads *st, bool all)
{
    struct session *done = NULL, **p;

    pthread_mutex_lock(&st->lock);
    for (p = &st->list; *p; ) {
        struct session *s = *p;
        if (all || s->finished) {
            *p = s->next;
            s->next = done;
            done = s;
            st->n--;
        } else {
            p = &s->next;
        }
    }
    pthread_mutex_unlock(&st->lock);
    while (done) {
        struct session *next = done->next;
        pthread_join(done->thread, NULL);
        close(done->fd);
        free(done);
        done = next;
    }
}

void
session_threads_reap(struct session_threads *st)
{
    join(st, false);
}

unsigned
session_threads_count(struct session_threads *st)
{
    unsigned n;

    pthread_mutex_lock(&st->lock);
    n = st->n;
    pthread_mutex_unlock(&st->lock);
    return n;
}

void
session_threads_destroy(struct session_threads *st)
{
    if (!st)
        return;
    /* Wake every session blocked on its client; then wait for them. */
    pthread_mutex_lock(&st->lock);
    for (struct session *s = st->list; s; s = s->next)
        shutdown(s->fd, SHUT_RDWR);
    pthread_mutex_unlock(&st->lock);
    join(st, true);
    if (st->reserve_fd >= 0)
        close(st->reserve_fd);
    loop_unwatch_fd(st->loop, st->retry_fd);
    close(st->retry_fd);
    pthread_mutex_destroy(&st->lock);
    free(st);
}
