#include "cmdq.h"

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "loop.h"

struct cmdq_req {
    cmdq_fn *fn;
    void *arg;
    int result;                     /* 0 or ESHUTDOWN */
    sem_t done;
    struct cmdq_req *next;
};

struct cmdq {
    struct loop *loop;
    int efd;                        /* rung by cmdq_call() */
    pthread_mutex_t lock;           /* guards 'head', 'tail', 'closed' */
    struct cmdq_req *head, *tail;   /* waiting requests, oldest first */
    bool closed;                    /* cmdq_shutdown() was called */
};

static void
finish(struct cmdq_req *r, int result)
{
    r->result = result;
    sem_post(&r->done);             /* 'r' may vanish from here on */
}

static void
cmdq_event(struct loop *loop, int fd, uint32_t events, void *arg)
{
    struct cmdq *q = arg;
    struct cmdq_req *r;
    uint64_t n;

    (void) loop; (void) events;
    if (read(fd, &n, sizeof n) < 0 && errno != EAGAIN)
        return;
    pthread_mutex_lock(&q->lock);
    r = q->head;
    q->head = q->tail = NULL;
    pthread_mutex_unlock(&q->lock);
    while (r) {
        struct cmdq_req *next = r->next;
        r->fn(r->arg);
        finish(r, 0);
        r = next;
    }
}

struct cmdq *
cmdq_create(struct loop *loop)
{
    struct cmdq *q = calloc(1, sizeof *q);
    int error;

    if (!q)
        return NULL;
    q->loop = loop;
    pthread_mutex_init(&q->lock, NULL);
    q->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    error = q->efd < 0 ? errno : loop_watch_fd(loop, q->efd, EPOLLIN, cmdq_event, q);
    if (error) {
        if (q->efd >= 0)
            close(q->efd);
        pthread_mutex_destroy(&q->lock);
        free(q);
        errno = error;
        return NULL;
    }
    return q;
}

void
cmdq_shutdown(struct cmdq *q)
{
    struct cmdq_req *r;

    pthread_mutex_lock(&q->lock);
    q->closed = true;
    r = q->head;
    q->head = q->tail = NULL;
    pthread_mutex_unlock(&q->lock);
    while (r) {
        struct cmdq_req *next = r->next;
        finish(r, ESHUTDOWN);
        r = next;
    }
}

bool
cmdq_closed(struct cmdq *q)
{
    bool closed;

    pthread_mutex_lock(&q->lock);
    closed = q->closed;
    pthread_mutex_unlock(&q->lock);
    return closed;
}

void
cmdq_destroy(struct cmdq *q)
{
    if (!q)
        return;
    cmdq_shutdown(q);
    loop_unwatch_fd(q->loop, q->efd);
    close(q->efd);
    pthread_mutex_destroy(&q->lock);
    free(q);
}

int
cmdq_call(struct cmdq *q, cmdq_fn *fn, void *arg)
{
    struct cmdq_req r = { .fn = fn, .arg = arg };
    uint64_t one = 1;
    bool closed;

    sem_init(&r.done, 0, 0);
    pthread_mutex_lock(&q->lock);
    closed = q->closed;
    if (!closed) {
        if (q->tail)
            q->tail->next = &r;
        else
            q->head = &r;
        q->tail = &r;
    }
    pthread_mutex_unlock(&q->lock);
    if (closed) {
        sem_destroy(&r.done);
        return ESHUTDOWN;
    }
    /* Only a full counter (EAGAIN) can fail this write, and then the loop
     * is awake anyway: the request is queued either way. */
    ssize_t written = write(q->efd, &one, sizeof one);
    (void) written;
    while (sem_wait(&r.done) < 0 && errno == EINTR)
        ;
    sem_destroy(&r.done);
    return r.result;
}
