/* Unit tests for state_apply() (switchd/state_apply.c) on the memory back
 * end (port_dummy.h): no root, no netdev.  Every failure of an apply --
 * an open that fails at each position, memory that runs out at each
 * allocation, a hook that refuses -- must leave the switch exactly as it
 * was (docs/design.md section 8.4): the same ports open in the same
 * bridge slots, VLAN policies, flows and MAC entries with their counters,
 * patch links, and no file descriptor or memory left behind (ASan's leak
 * check, make unit-check). */

#include <criterion/criterion.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_fail.h"
#include "loop.h"
#include "port_dummy.h"
#include "state_private.h"
#include "state_fixture.h"

/* Two bridges joined by a patch pair; vm1 has a static MAC, br0 a flow. */
#define CONFIG_A \
    "{\"bridges\": [" \
    " {\"name\": \"br0\", \"vlans\": [{\"id\": 10}, {\"id\": 20}]," \
    "  \"ports\": [{\"name\": \"vm1\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 10}," \
    "            {\"name\": \"vm2\", \"type\": \"tap\", \"mode\": \"trunk\", \"allowed_vlans\": \"10,20\"}," \
    "            {\"name\": \"vm4\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 20}," \
    "            {\"name\": \"p0\", \"type\": \"patch\", \"peer\": \"p1\"}]," \
    "  \"static_macs\": [{\"mac\": \"52:54:00:00:00:0a\", \"vlan\": 10, \"port\": \"vm1\"}]," \
    "  \"flows\": [\"priority=5,dl_vlan=4000 actions=drop\"]}," \
    " {\"name\": \"br1\", \"vlans\": [{\"id\": 10}]," \
    "  \"ports\": [{\"name\": \"p1\", \"type\": \"patch\", \"peer\": \"p0\"}," \
    "            {\"name\": \"vm3\", \"type\": \"internal\", \"mode\": \"access\", \"access_vlan\": 10}]}]}"

/* Every kind of change from CONFIG_A: vm1 changes VLAN, vm2 goes, vm4
 * moves to br1, vm3 changes type (internal -> tap), n1..n5 are new, br2
 * is new with a new patch pair q0/q1 to br1, br0's flows and static MACs
 * change.  Its opens, in order: n1 n2 n3 n4 n5 q0 q1 (new), vm3 (recreated). */
#define CONFIG_B \
    "{\"bridges\": [" \
    " {\"name\": \"br0\", \"vlans\": [{\"id\": 10}, {\"id\": 20}]," \
    "  \"ports\": [{\"name\": \"vm1\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 20}," \
    "            {\"name\": \"n1\", \"type\": \"tap\"}," \
    "            {\"name\": \"n2\", \"type\": \"system\"}," \
    "            {\"name\": \"p0\", \"type\": \"patch\", \"peer\": \"p1\"}]," \
    "  \"flows\": [\"priority=6 actions=NORMAL\"]}," \
    " {\"name\": \"br1\", \"vlans\": [{\"id\": 10}]," \
    "  \"ports\": [{\"name\": \"p1\", \"type\": \"patch\", \"peer\": \"p0\"}," \
    "            {\"name\": \"vm3\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 10}," \
    "            {\"name\": \"vm4\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 20}," \
    "            {\"name\": \"n3\", \"type\": \"internal\"}," \
    "            {\"name\": \"q0\", \"type\": \"patch\", \"peer\": \"q1\"}]}," \
    " {\"name\": \"br2\"," \
    "  \"ports\": [{\"name\": \"n4\", \"type\": \"tap\"}," \
    "            {\"name\": \"q1\", \"type\": \"patch\", \"peer\": \"q0\"}," \
    "            {\"name\": \"n5\", \"type\": \"tap\"}]}]}"
#define CONFIG_B_OPENS 8

/* A broadcast from 'src' (last byte of 52:54:00:00:00:xx), untagged or
 * tagged 'vid'. */
static void
inject_broadcast(const char *port, uint8_t src, uint16_t vid)
{
    uint8_t f[64] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x52, 0x54, 0x00, 0x00, 0x00, src };
    size_t o = 12;

    if (vid) {
        f[o++] = 0x81; f[o++] = 0x00; f[o++] = vid >> 8; f[o++] = vid & 0xff;
    }
    f[o++] = 0x08; f[o++] = 0x00;
    cr_assert(port_dummy_inject(port, f, sizeof f), "inject on %s", port);
}

/* CONFIG_A with traffic behind it: MAC entries learned, counters and a
 * flow's counter above zero. */
static struct switch_state *
switch_a_with_traffic(void)
{
    struct switch_state *sw = fixture_create(CONFIG_A);

    inject_broadcast("vm1", 1, 0);
    inject_broadcast("vm2", 2, 20);
    inject_broadcast("vm3", 3, 0);
    inject_broadcast("vm2", 4, 4000);
    port_dummy_run(fixture_loop);
    return sw;
}

/* Applies 'json' and expects it to fail with 'want_error' (0: any) and to
 * leave 'sw' as 'before' and the process with 'fds' descriptors. */
static void
assert_apply_fails_cleanly(struct switch_state *sw, const char *json, int want_error,
                           const char *before, size_t fds, const char *what)
{
    char err[256] = "";
    int error = fixture_apply(sw, json, 0, err, sizeof err);
    char *after;

    cr_assert_neq(error, 0, "%s: the apply succeeded", what);
    if (want_error)
        cr_assert_eq(error, want_error, "%s: error %d (%s), want %d", what, error, err,
                     want_error);
    cr_assert_neq(err[0], '\0', "%s: no message", what);
    after = fixture_fingerprint(sw);
    cr_assert_str_eq(after, before, "%s (%s): the switch changed\nbefore:\n%s\nafter:\n%s",
                     what, err, before, after);
    cr_assert_eq(fixture_count_fds(), fds, "%s: %zu fds before, %zu after", what, fds,
                 fixture_count_fds());
    free(after);
}

TestSuite(state_apply, .init = fixture_setup, .fini = fixture_teardown);

Test(state_apply, every_kind_of_change_applies)
{
    struct switch_state *sw = switch_a_with_traffic();
    unsigned opens = port_dummy_opens();
    struct port *vm4 = state_find_port(sw, "vm4"), *vm1 = state_find_port(sw, "vm1");
    char err[256] = "";

    cr_assert_eq(fixture_apply(sw, CONFIG_B, 0, err, sizeof err), 0, "%s", err);
    cr_assert_eq(port_dummy_opens() - opens, CONFIG_B_OPENS);
    cr_assert_eq(port_dummy_n_open(), 12);
    cr_assert(!port_dummy_is_open("vm2"));
    /* Kept and moved ports are the same objects, still open. */
    cr_assert_eq(state_find_port(sw, "vm1"), vm1);
    cr_assert_eq(state_find_port(sw, "vm4"), vm4);
    cr_assert_str_eq(vm4->bridge->name, "br1");
    cr_assert_eq(bridge_port_vlan(vm1->bridge->core, vm1->port_no)->access_vid, 20);
    cr_assert_str_eq(state_find_port(sw, "vm3")->class->type, "tap");
    cr_assert_eq(state_find_port(sw, "q0")->peer, state_find_port(sw, "q1"));
    cr_assert_eq(state_find_port(sw, "q1")->peer, state_find_port(sw, "q0"));
    cr_assert_eq(state_find_port(sw, "p0")->peer, state_find_port(sw, "p1"));
    cr_assert_eq(sw->n_bridges, 3);
    cr_assert_eq(bridge_flow_count(state_find_bridge(sw, "br0")->core), 2);
}

/* The Nth open of CONFIG_B fails, for each N: every port opened before it
 * is closed again, vm3 (closed to free its name) is back, and nothing
 * else moved. */
Test(state_apply, open_failing_at_each_position_leaves_old_switch)
{
    struct switch_state *sw = switch_a_with_traffic();
    char *before = fixture_fingerprint(sw);
    size_t fds = fixture_count_fds();

    for (unsigned n = 1; n <= CONFIG_B_OPENS; n++) {
        char what[64];
        snprintf(what, sizeof what, "open %u of %u fails", n, CONFIG_B_OPENS);
        port_dummy_fail_nth_open(n, EIO);
        assert_apply_fails_cleanly(sw, CONFIG_B, EIO, before, fds, what);
        port_dummy_fail_nth_open(0, 0);
    }
    free(before);
}

/* vm3 changes type: the old port is closed to free the name, the new one
 * fails to open, the old one must be open again in its slot. */
Test(state_apply, recreated_port_failing_to_open_gets_old_port_back)
{
    struct switch_state *sw = switch_a_with_traffic();
    char *before = fixture_fingerprint(sw);
    struct port *vm3 = state_find_port(sw, "vm3");

    /* The old vm3 reopens under the same name, so a failing name would
     * refuse its reopen too: the new vm3 is the last open of CONFIG_B. */
    port_dummy_fail_nth_open(CONFIG_B_OPENS, ENODEV);
    assert_apply_fails_cleanly(sw, CONFIG_B, ENODEV, before, fixture_count_fds(),
                               "the new vm3 fails");
    cr_assert_eq(state_find_port(sw, "vm3"), vm3);
    cr_assert(port_dummy_is_open("vm3"));
    free(before);
}

/* Memory runs out at each allocation of an apply, one after the other:
 * the apply fails with ENOMEM and the switch is as it was, or (past the
 * point of no return, where failures are logged) it applies. */
Test(state_apply, out_of_memory_at_each_allocation_leaves_old_switch_or_applies,
     .timeout = 120)
{
    unsigned long n, failed = 0;

    for (n = 1;; n++) {
        struct switch_state *sw = switch_a_with_traffic();
        char *before = fixture_fingerprint(sw);
        size_t fds = fixture_count_fds();
        struct switch_config *cfg = fixture_config(CONFIG_B);
        char err[256] = "";
        int error;
        bool fired;

        alloc_fail_nth(n);
        error = state_apply(sw, cfg, 0, err, sizeof err);
        fired = alloc_fail_fired();
        alloc_fail_nth(0);
        if (!fired) {
            cr_assert_eq(error, 0, "%s", err);
            free(before);
            break;
        }
        if (error) {
            char *after = fixture_fingerprint(sw);
            cr_assert_eq(error, ENOMEM, "allocation %lu: error %d: %s", n, error, err);
            cr_assert_str_eq(after, before, "allocation %lu fails (%s): the switch changed\n"
                             "before:\n%s\nafter:\n%s", n, err, before, after);
            cr_assert_eq(fixture_count_fds(), fds, "allocation %lu fails: fd leak", n);
            free(after);
            failed++;
        } else {
            cr_assert_eq(sw->n_ports, 12, "allocation %lu fails after commit", n);
        }
        free(before);
        state_destroy(sw);
        fixture_forget();
    }
    cr_assert_gt(failed, 20, "only %lu of %lu allocations could fail an apply", failed, n);
}

/* state_create() is one apply from an empty switch: out of memory at any
 * point, it returns NULL and leaves no fd (and no memory: ASan). */
Test(state_apply, out_of_memory_while_creating_leaves_nothing, .timeout = 120)
{
    size_t fds = fixture_count_fds();

    for (unsigned long n = 1;; n++) {
        struct switch_config *cfg = fixture_config(CONFIG_A);
        char err[256] = "";
        struct switch_state *sw;
        bool fired;

        alloc_fail_nth(n);
        sw = state_create(cfg, fixture_loop, err, sizeof err);
        fired = alloc_fail_fired();
        alloc_fail_nth(0);
        if (!fired) {
            cr_assert_not_null(sw, "%s", err);
            state_destroy(sw);
            break;
        }
        if (sw) {
            state_destroy(sw);
            continue;
        }
        cr_assert_neq(err[0], '\0');
        cr_assert_eq(port_dummy_n_open(), 0, "allocation %lu fails: ports left open", n);
        cr_assert_eq(fixture_count_fds(), fds, "allocation %lu fails: fd leak", n);
    }
}

/* A patch pair created together, one of them failing: neither stays. */
Test(state_apply, patch_pair_with_one_failing_open_leaves_neither)
{
    struct switch_state *sw = fixture_create(
        "{\"bridges\": [{\"name\": \"br0\", \"ports\": [{\"name\": \"a\", \"type\": \"tap\"}]},"
        " {\"name\": \"br1\", \"ports\": [{\"name\": \"b\", \"type\": \"tap\"}]}]}");
    const char *with_pair =
        "{\"bridges\": [{\"name\": \"br0\", \"ports\": [{\"name\": \"a\", \"type\": \"tap\"},"
        "  {\"name\": \"x0\", \"type\": \"patch\", \"peer\": \"x1\"}]},"
        " {\"name\": \"br1\", \"ports\": [{\"name\": \"b\", \"type\": \"tap\"},"
        "  {\"name\": \"x1\", \"type\": \"patch\", \"peer\": \"x0\"}]}]}";
    char *before = fixture_fingerprint(sw);
    char err[256] = "";

    port_dummy_fail_name("x1", EIO);
    assert_apply_fails_cleanly(sw, with_pair, EIO, before, fixture_count_fds(), "x1 fails");
    cr_assert(!port_dummy_is_open("x0"));
    cr_assert_null(state_find_port(sw, "x0"));

    port_dummy_fail_name("x1", 0);
    cr_assert_eq(fixture_apply(sw, with_pair, 0, err, sizeof err), 0, "%s", err);
    cr_assert_eq(state_find_port(sw, "x0")->peer, state_find_port(sw, "x1"));
    cr_assert_eq(state_find_port(sw, "x1")->peer, state_find_port(sw, "x0"));
    free(before);
}

/* A port that changes bridges stays open (no second open) and keeps its
 * counters; if the apply fails it is back in its old slot. */
Test(state_apply, moved_port_stays_open_and_failed_move_puts_it_back)
{
    struct switch_state *sw = switch_a_with_traffic();
    struct port *vm2 = state_find_port(sw, "vm2");
    uint64_t rx = bridge_port_stats(vm2->bridge->core, vm2->port_no)->rx_frames;
    const char *moved =
        "{\"bridges\": [{\"name\": \"br0\", \"vlans\": [{\"id\": 10}, {\"id\": 20}],"
        "  \"ports\": [{\"name\": \"vm1\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 10},"
        "            {\"name\": \"vm4\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 20},"
        "            {\"name\": \"p0\", \"type\": \"patch\", \"peer\": \"p1\"}],"
        "  \"static_macs\": [{\"mac\": \"52:54:00:00:00:0a\", \"vlan\": 10, \"port\": \"vm1\"}],"
        "  \"flows\": [\"priority=5,dl_vlan=4000 actions=drop\"]},"
        " {\"name\": \"br1\", \"vlans\": [{\"id\": 10}],"
        "  \"ports\": [{\"name\": \"p1\", \"type\": \"patch\", \"peer\": \"p0\"},"
        "            {\"name\": \"vm3\", \"type\": \"internal\", \"mode\": \"access\", \"access_vlan\": 10},"
        "            {\"name\": \"vm2\", \"type\": \"tap\", \"mode\": \"trunk\", \"allowed_vlans\": \"10,20\"},"
        "            {\"name\": \"new\", \"type\": \"tap\"}]}]}";
    char *before = fixture_fingerprint(sw);
    unsigned opens;
    char err[256] = "";

    port_dummy_fail_name("new", EIO);
    assert_apply_fails_cleanly(sw, moved, EIO, before, fixture_count_fds(), "new fails");
    cr_assert_str_eq(vm2->bridge->name, "br0");

    port_dummy_fail_name("new", 0);
    opens = port_dummy_opens();
    cr_assert_eq(fixture_apply(sw, moved, 0, err, sizeof err), 0, "%s", err);
    cr_assert_eq(port_dummy_opens() - opens, 1, "only 'new' opens");
    cr_assert_eq(state_find_port(sw, "vm2"), vm2);
    cr_assert_str_eq(vm2->bridge->name, "br1");
    cr_assert(port_dummy_is_open("vm2"));
    cr_assert_eq(bridge_port_stats(vm2->bridge->core, vm2->port_no)->rx_frames, 0,
                 "a port joining a bridge starts its core counters afresh");
    cr_assert_gt(rx, 0);
    free(before);
}

/* Hooks: one that refuses makes the apply fail, after the ones before it
 * were prepared; those are aborted in reverse order, none commits. */
struct hook_log {
    char calls[128];
    int fail;                       /* prepare() returns this */
    char name;
};

static int
hook_prepare(void *arg, const struct switch_config *cfg, char *err, size_t err_size)
{
    struct hook_log *h = arg;
    size_t n = strlen(h->calls);

    (void) cfg;
    snprintf(h->calls + n, sizeof h->calls - n, "%cp ", h->name);
    if (h->fail)
        snprintf(err, err_size, "hook %c refuses", h->name);
    return h->fail;
}

static void
hook_commit(void *arg, const struct switch_config *cfg)
{
    struct hook_log *h = arg;
    size_t n = strlen(h->calls);

    (void) cfg;
    snprintf(h->calls + n, sizeof h->calls - n, "%cc ", h->name);
}

static void
hook_abort(void *arg)
{
    struct hook_log *h = arg;
    size_t n = strlen(h->calls);

    snprintf(h->calls + n, sizeof h->calls - n, "%ca ", h->name);
}

Test(state_apply, hook_refusing_aborts_the_prepared_ones_in_reverse)
{
    struct switch_state *sw = switch_a_with_traffic();
    struct hook_log a = { .name = 'a' }, b = { .name = 'b' }, c = { .name = 'c', .fail = EADDRINUSE };
    struct hook_log *hooks[] = { &a, &b, &c };
    char *before = fixture_fingerprint(sw);
    char err[256] = "";

    for (size_t i = 0; i < 3; i++) {
        struct state_hook h = { hook_prepare, hook_commit, hook_abort, hooks[i] };
        cr_assert_eq(state_add_hook(sw, &h, err, sizeof err), 0, "%s", err);
    }
    assert_apply_fails_cleanly(sw, CONFIG_B, EADDRINUSE, before, fixture_count_fds(),
                               "hook c refuses");
    cr_assert_str_eq(a.calls, "ap aa ");
    cr_assert_str_eq(b.calls, "bp ba ");
    cr_assert_str_eq(c.calls, "cp ");

    c.fail = 0;
    a.calls[0] = b.calls[0] = c.calls[0] = '\0';
    cr_assert_eq(fixture_apply(sw, CONFIG_B, 0, err, sizeof err), 0, "%s", err);
    cr_assert_str_eq(a.calls, "ap ac ");
    cr_assert_str_eq(c.calls, "cp cc ");
    free(before);
}

/* A hook past STATE_MAX_HOOKS is refused, and the caller is told. */
Test(state_apply, hook_past_the_maximum_is_an_error)
{
    struct switch_state *sw = fixture_create(CONFIG_A);
    struct state_hook h = { .commit = hook_commit };
    struct hook_log log = { .name = 'x' };
    char err[256] = "";

    h.arg = &log;
    for (int i = 0; i < STATE_MAX_HOOKS; i++)
        cr_assert_eq(state_add_hook(sw, &h, err, sizeof err), 0, "%s", err);
    cr_assert_eq(state_add_hook(sw, &h, err, sizeof err), ENOSPC);
    cr_assert_str_eq(err, "at most 4 configuration hooks");
    cr_assert_eq(sw->n_hooks, STATE_MAX_HOOKS);
}

/* What the loader cannot see but the apply refuses: a live bridge's MAC
 * table size. */
Test(state_apply, mac_table_size_of_live_bridge_is_refused)
{
    struct switch_state *sw = switch_a_with_traffic();
    char *before = fixture_fingerprint(sw);

    assert_apply_fails_cleanly(sw,
        "{\"bridges\": [{\"name\": \"br0\", \"mac_table_size\": 100,"
        " \"ports\": [{\"name\": \"vm1\", \"type\": \"tap\"}]}]}",
        EINVAL, before, fixture_count_fds(), "new MAC table size");
    free(before);
}
