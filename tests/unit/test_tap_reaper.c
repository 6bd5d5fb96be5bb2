/* The reaper (switchd/tap_reaper.h) runs slow releases on its own thread,
 * in the order they were queued, without making the caller wait; a caller
 * about to open a name waits for the jobs naming it, and only for those. */

#include <criterion/criterion.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tap_reaper.h"

#define N_JOBS 200

static int order[N_JOBS];
static atomic_int n_run;
static atomic_bool ran_on_caller;
static pthread_t caller;
static int gate[2];                 /* a job waits for a byte on gate[0] */

static void
record(const struct reap_job *job)
{
    if (pthread_equal(pthread_self(), caller))
        ran_on_caller = true;
    order[atomic_fetch_add(&n_run, 1)] = job->ifindex;
}

static void
wait_at_gate(const struct reap_job *job)
{
    char c;

    cr_assert_eq(read(gate[0], &c, 1), 1);
    record(job);
}

static int64_t
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
setup(void)
{
    n_run = 0;
    ran_on_caller = false;
    caller = pthread_self();
    cr_assert_eq(pipe(gate), 0);
}

TestSuite(tap_reaper, .init = setup);

Test(tap_reaper, jobs_run_in_order_off_the_callers_thread)
{
    struct tap_reaper *r = tap_reaper_create();

    cr_assert_not_null(r);
    for (int i = 0; i < N_JOBS; i++)
        tap_reaper_submit(r, record, &(struct reap_job) { .fd = -1, .ifindex = i });
    tap_reaper_flush(r);
    cr_assert_eq(n_run, N_JOBS);
    for (int i = 0; i < N_JOBS; i++)
        cr_assert_eq(order[i], i, "job %d ran as number %d", order[i], i);
    cr_assert_not(ran_on_caller);
    tap_reaper_destroy(r);
}

Test(tap_reaper, submitting_never_waits_for_a_slow_job)
{
    struct tap_reaper *r = tap_reaper_create();
    int64_t t0 = now_ms();

    /* The first job blocks until the gate opens: the others queue behind. */
    tap_reaper_submit(r, wait_at_gate, &(struct reap_job) { .name = "slow", .ifindex = 0 });
    for (int i = 1; i < 10; i++)
        tap_reaper_submit(r, record, &(struct reap_job) { .name = "quick", .ifindex = i });
    cr_assert_lt(now_ms() - t0, 1000);
    cr_assert_eq(n_run, 0);
    /* Nothing names "other": no wait. */
    tap_reaper_wait(r, "other");
    cr_assert_eq(n_run, 0);
    cr_assert_eq(write(gate[1], "x", 1), 1);
    /* "quick" is named by the last job: all of them have run. */
    tap_reaper_wait(r, "quick");
    cr_assert_eq(n_run, 10);
    tap_reaper_destroy(r);
}

Test(tap_reaper, destroy_runs_what_is_queued)
{
    struct tap_reaper *r = tap_reaper_create();

    tap_reaper_submit(r, wait_at_gate, &(struct reap_job) { .ifindex = 0 });
    for (int i = 1; i < 5; i++)
        tap_reaper_submit(r, record, &(struct reap_job) { .ifindex = i });
    cr_assert_eq(write(gate[1], "x", 1), 1);
    tap_reaper_destroy(r);
    cr_assert_eq(n_run, 5);
}

Test(tap_reaper, without_a_reaper_jobs_run_at_once)
{
    tap_reaper_submit(NULL, record, &(struct reap_job) { .ifindex = 7 });
    cr_assert_eq(n_run, 1);
    cr_assert_eq(order[0], 7);
    cr_assert(ran_on_caller);
    tap_reaper_wait(NULL, "x");
    tap_reaper_flush(NULL);
    tap_reaper_destroy(NULL);
}
