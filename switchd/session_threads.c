#include "session_threads.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"

struct session {
    int fd;                         /* the client socket, ours to close */
    pthread_t thread;
    bool finished;                  /* the thread is about to return */
    struct session *next;
};

struct session_threads {
    pthread_mutex_t lock;           /* guards the list */
    struct session *list;
    unsigned n, max;
    int reserve_fd;                 /* /dev/null, given up to accept when out of fds */
};

static int
open_reserve(void)
{
    return open("/dev/null", O_RDONLY | O_CLOEXEC);
}

struct session_threads *
session_threads_create(unsigned max)
{
    struct session_threads *st = calloc(1, sizeof *st);

    if (!st)
        return NULL;
    pthread_mutex_init(&st->lock, NULL);
    st->max = max;
    st->reserve_fd = open_reserve();
    return st;
}

int
session_threads_accept(struct session_threads *st, int fd, const char *who)
{
    int cfd = accept4(fd, NULL, NULL, SOCK_CLOEXEC);

    if (cfd >= 0 || (errno != EMFILE && errno != ENFILE))
        return cfd;
    /* Finished sessions may give some back. */
    session_threads_reap(st);
    if ((cfd = accept4(fd, NULL, NULL, SOCK_CLOEXEC)) >= 0)
        return cfd;
    if (errno != EMFILE && errno != ENFILE)
        return -1;
    if (st->reserve_fd >= 0) {
        close(st->reserve_fd);
        st->reserve_fd = -1;
    }
    cfd = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
    if (cfd >= 0)
        close(cfd);
    st->reserve_fd = open_reserve();
    log_warn("%s: out of file descriptors: a client was turned away", who);
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
    pthread_mutex_destroy(&st->lock);
    free(st);
}
