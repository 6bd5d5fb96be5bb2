#include "tap_reaper.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

struct queued_job {
    struct reap_job job;
    tap_reaper_fn *fn;
    uint64_t seq;                   /* jobs run in 'seq' order */
    struct queued_job *next;
};

struct tap_reaper {
    pthread_mutex_t mu;
    pthread_cond_t more;            /* a job was queued, or stopping */
    pthread_cond_t done;            /* 'done_seq' grew */
    struct queued_job *head, *tail;
    struct queued_job *running;     /* taken off the queue, not finished */
    uint64_t next_seq;              /* the seq of the next job queued */
    uint64_t done_seq;              /* every job below it has run */
    pid_t thread_pid;               /* the process the thread runs in, 0: none */
    pthread_t thread;
    bool stopping;
};

struct tap_reaper *
tap_reaper_create(void)
{
    struct tap_reaper *r = calloc(1, sizeof *r);

    if (!r)
        return NULL;
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->more, NULL);
    pthread_cond_init(&r->done, NULL);
    r->next_seq = r->done_seq = 1;
    return r;
}

static void *
reaper_main(void *arg)
{
    struct tap_reaper *r = arg;

    pthread_mutex_lock(&r->mu);
    for (;;) {
        struct queued_job *q;

        while (!r->head && !r->stopping)
            pthread_cond_wait(&r->more, &r->mu);
        if (!r->head)
            break;
        q = r->head;
        r->head = q->next;
        if (!r->head)
            r->tail = NULL;
        r->running = q;
        pthread_mutex_unlock(&r->mu);
        q->fn(&q->job);
        pthread_mutex_lock(&r->mu);
        r->running = NULL;
        r->done_seq = q->seq + 1;
        free(q);
        pthread_cond_broadcast(&r->done);
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

/* Whether the worker runs in this process (a fork keeps the flag but not
 * the thread).  Called with the lock held. */
static bool
thread_alive(const struct tap_reaper *r)
{
    return r->thread_pid && r->thread_pid == getpid();
}

void
tap_reaper_submit(struct tap_reaper *r, tap_reaper_fn *fn, const struct reap_job *job)
{
    struct queued_job *q = r ? malloc(sizeof *q) : NULL;

    if (!q) {
        fn(job);
        return;
    }
    q->job = *job;
    q->fn = fn;
    q->next = NULL;
    pthread_mutex_lock(&r->mu);
    if (!thread_alive(r)) {
        /* After a fork the parent's thread is not here: the copy of the
         * job it was running is its own, the queued ones are ours. */
        r->running = NULL;
        r->done_seq = r->head ? r->head->seq : r->next_seq;
        r->stopping = false;
        if (pthread_create(&r->thread, NULL, reaper_main, r)) {
            pthread_mutex_unlock(&r->mu);
            log_warn("reaper thread: cannot start; releasing ports on the loop thread");
            free(q);
            fn(job);
            return;
        }
        r->thread_pid = getpid();
    }
    q->seq = r->next_seq++;
    if (r->tail)
        r->tail->next = q;
    else
        r->head = q;
    r->tail = q;
    pthread_cond_signal(&r->more);
    pthread_mutex_unlock(&r->mu);
}

/* Waits until every job below 'seq' has run.  Called with the lock held. */
static void
wait_done(struct tap_reaper *r, uint64_t seq)
{
    while (thread_alive(r) && r->done_seq < seq)
        pthread_cond_wait(&r->done, &r->mu);
}

void
tap_reaper_wait(struct tap_reaper *r, const char *name)
{
    uint64_t until = 0;

    if (!r || !*name)
        return;
    pthread_mutex_lock(&r->mu);
    if (r->running && !strcmp(r->running->job.name, name))
        until = r->running->seq + 1;
    for (const struct queued_job *q = r->head; q; q = q->next)
        if (!strcmp(q->job.name, name))
            until = q->seq + 1;
    wait_done(r, until);
    pthread_mutex_unlock(&r->mu);
}

void
tap_reaper_flush(struct tap_reaper *r)
{
    if (!r)
        return;
    pthread_mutex_lock(&r->mu);
    wait_done(r, r->next_seq);
    pthread_mutex_unlock(&r->mu);
}

void
tap_reaper_destroy(struct tap_reaper *r)
{
    bool joined;

    if (!r)
        return;
    pthread_mutex_lock(&r->mu);
    joined = thread_alive(r);
    r->stopping = true;
    pthread_cond_signal(&r->more);
    pthread_mutex_unlock(&r->mu);
    if (joined)
        pthread_join(r->thread, NULL);
    /* Without a thread (none could start, or a fork), run what is left. */
    while (r->head) {
        struct queued_job *q = r->head;
        r->head = q->next;
        q->fn(&q->job);
        free(q);
    }
    pthread_cond_destroy(&r->more);
    pthread_cond_destroy(&r->done);
    pthread_mutex_destroy(&r->mu);
    free(r);
}
