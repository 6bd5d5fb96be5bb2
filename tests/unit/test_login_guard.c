/* Unit tests for switchd/login_guard.c: IOS `login block-for B attempts N
 * within W` counted per source address, with time given in milliseconds. */

#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

#include "login_guard.h"

static struct login_guard *
guard(uint32_t block_for_s, uint32_t attempts, uint32_t within_s)
{
    struct login_guard *g = login_guard_create();
    struct config_login_block cfg = { block_for_s, attempts, within_s };

    cr_assert_not_null(g);
    login_guard_configure(g, &cfg);
    return g;
}

Test(login_guard, n_failures_within_the_window_block_for_the_set_time)
{
    struct login_guard *g = guard(60, 3, 30);
    uint32_t left = 0;

    cr_expect(!login_guard_failed(g, "10.0.0.1", 0, &left));
    cr_expect(!login_guard_failed(g, "10.0.0.1", 5000, &left));
    cr_expect_eq(login_guard_blocked(g, "10.0.0.1", 5000), 0);
    cr_expect(login_guard_failed(g, "10.0.0.1", 10000, &left));
    cr_expect_eq(left, 20, "watch window left: %u", left);
    cr_expect_eq(login_guard_blocked(g, "10.0.0.1", 10000), 60);
    cr_expect_eq(login_guard_blocked(g, "10.0.0.1", 69001), 1);
    cr_expect_eq(login_guard_blocked(g, "10.0.0.1", 70000), 0);
    /* Other addresses are not affected. */
    cr_expect_eq(login_guard_blocked(g, "10.0.0.2", 10000), 0);
    login_guard_destroy(g);
}

Test(login_guard, failures_spread_wider_than_the_window_never_block)
{
    struct login_guard *g = guard(60, 3, 30);
    uint32_t left;

    for (int64_t t = 0; t < 600000; t += 16000)
        cr_expect(!login_guard_failed(g, "::1", t, &left), "blocked at %lld ms", (long long) t);
    cr_expect_eq(login_guard_blocked(g, "::1", 600000), 0);
    login_guard_destroy(g);
}

struct ended {
    char sources[4][LOGIN_GUARD_SOURCE_MAX];
    size_t n;
};

static void
note(const char *source, void *arg)
{
    struct ended *e = arg;

    if (e->n < 4)
        snprintf(e->sources[e->n++], sizeof e->sources[0], "%s", source);
}

Test(login_guard, expiry_reports_each_block_once_and_forgets_old_failures)
{
    struct login_guard *g = guard(10, 1, 30);
    struct ended e = { .n = 0 };
    uint32_t left;

    cr_expect(login_guard_failed(g, "a", 0, &left));
    cr_expect(login_guard_failed(g, "b", 5000, &left));
    login_guard_expire(g, 9999, note, &e);
    cr_expect_eq(e.n, 0);
    login_guard_expire(g, 10000, note, &e);
    cr_assert_eq(e.n, 1);
    cr_expect_str_eq(e.sources[0], "a");
    login_guard_expire(g, 20000, note, &e);
    cr_assert_eq(e.n, 2);
    cr_expect_str_eq(e.sources[1], "b");
    login_guard_expire(g, 60000, note, &e);
    cr_expect_eq(e.n, 2);
    login_guard_destroy(g);
}

Test(login_guard, off_counts_nothing_and_turning_off_lifts_blocks)
{
    struct login_guard *g = guard(0, 1, 60);
    struct config_login_block on = { 60, 1, 60 }, off = { 0, 1, 60 };
    uint32_t left;

    cr_expect(!login_guard_failed(g, "a", 0, &left));
    cr_expect_eq(login_guard_blocked(g, "a", 0), 0);
    login_guard_configure(g, &on);
    cr_expect(login_guard_failed(g, "a", 0, &left));
    cr_expect_eq(login_guard_blocked(g, "a", 1000), 59);
    login_guard_configure(g, &off);
    cr_expect_eq(login_guard_blocked(g, "a", 1000), 0);
    login_guard_destroy(g);
}

Test(login_guard, memory_is_bounded_and_blocks_outlive_mere_failures)
{
    struct login_guard *g = guard(60, 2, 60);
    char addr[32];
    uint32_t left;

    /* One blocked address, then more addresses with one failure each than
     * the guard follows: the blocked one keeps its place. */
    login_guard_failed(g, "blocked", 0, &left);
    cr_expect(login_guard_failed(g, "blocked", 0, &left));
    for (int i = 0; i < 3 * LOGIN_GUARD_SOURCES; i++) {
        snprintf(addr, sizeof addr, "10.1.%d.%d", i / 256, i % 256);
        login_guard_failed(g, addr, 1 + i, &left);
    }
    cr_expect_eq(login_guard_blocked(g, "blocked", 10000), 50);
    login_guard_destroy(g);
}
