/* Unit tests for storm control's actions on the daemon's tick
 * (switchd/state_storm.c) on the memory back end (port_dummy.h): a
 * broadcast flood over a port's level is cut in the core and counted as
 * storm-control; on the next tick, `storm-control action shutdown`
 * err-disables the port and `storm-control action trap` logs IOS's
 * %STORM_CONTROL-3-FILTERED, at most once a port in 10 s.  The clock is
 * the loop's, so counts allow for a flood that straddles two intervals. */

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "port_dummy.h"
#include "state_datapath.h"
#include "state_fixture.h"
#include "state_private.h"
#include "state_storm.h"

#define FRAME_LEN FIXTURE_FRAME_LEN

/* vm1 and vm2 with a broadcast level of 'LEVEL' and the actions given,
 * vm3 with none. */
#define STORM_CONFIG(LEVEL, VM1_ACTIONS, VM2_ACTIONS) \
    "{\"bridges\": [{\"name\": \"br0\", \"ports\": [" \
    "  {\"name\": \"vm1\", \"type\": \"tap\", \"storm_control\": {" \
    "     \"broadcast\": {\"rising_pps\": " LEVEL "}" VM1_ACTIONS "}}," \
    "  {\"name\": \"vm2\", \"type\": \"tap\", \"storm_control\": {" \
    "     \"broadcast\": {\"rising_pps\": " LEVEL "}" VM2_ACTIONS "}}," \
    "  {\"name\": \"vm3\", \"type\": \"tap\"}]}]}"

TestSuite(state_storm, .init = fixture_setup, .fini = fixture_teardown);

/* Floods 'n' broadcasts in on 'port'; returns how many 'watch' got. */
static unsigned
flood_to(const char *port, unsigned n, const char *watch)
{
    uint8_t f[FRAME_LEN + 4], buf[PORT_DUMMY_FRAME_MAX];
    size_t len = fixture_frame(f, 0xff, port[2] - '0', 0);
    unsigned got = 0;

    /* One at a time: a dummy port queues only 32 frames. */
    for (unsigned i = 0; i < n; i++) {
        cr_assert(port_dummy_inject(port, f, len));
        port_dummy_run(fixture_loop);
        while (port_dummy_sent(watch, buf, sizeof buf))
            got++;
        for (char p[] = "vm1"; p[2] <= '3'; p[2]++)
            while (port_dummy_sent(p, buf, sizeof buf))
                ;
    }
    return got;
}

static unsigned
flood(const char *port, unsigned n)
{
    return flood_to(port, n, "vm3");
}

static int
count_lines(const char *path, const char *needle)
{
    FILE *f = fopen(path, "r");
    char line[512];
    int n = 0;

    cr_assert_not_null(f);
    while (fgets(line, sizeof line, f))
        n += strstr(line, needle) != NULL;
    fclose(f);
    return n;
}

static void
apply(struct switch_state *sw, const char *json)
{
    char err[256] = "";

    cr_assert_eq(fixture_apply(sw, json, 0, err, sizeof err), 0, "apply: %s", err);
}

Test(state_storm, a_flood_is_cut_to_the_level_and_shutdown_err_disables_the_port)
{
    char path[] = "/tmp/test_state_storm_XXXXXX", err[256];
    int fd = mkstemp(path);

    cr_assert_geq(fd, 0);
    cr_assert_eq(log_use_file(path, false, err, sizeof err), 0, "%s", err);
    struct switch_state *sw = fixture_create(STORM_CONFIG("5", ", \"action_shutdown\": true", ""));
    struct port *vm1 = state_find_port(sw, "vm1");
    const struct storm_control *sc = state_port_storm_control(vm1);
    unsigned got = flood("vm1", 40);

    /* 40 frames in at most two intervals: 5 or 10 pass. */
    cr_assert(got == 5 || got == 10, "%u passed", got);
    cr_assert_eq(state_port_stats(vm1)->drops[BRIDGE_DROP_STORM_CONTROL], 40 - got);
    cr_assert(sc->cls[STORM_BROADCAST].blocking);
    cr_assert_null(state_port_err_disabled_cause(vm1), "nothing happens before the tick");

    state_storm_tick(sw);
    cr_assert_str_eq(state_port_err_disabled_cause(vm1), "storm-control");
    cr_assert_eq(state_port_status(sw, vm1), STATE_PORT_ERR_DISABLED);
    cr_assert_eq(count_lines(path, "%STORM_CONTROL-3-SHUTDOWN: A packet storm was detected on"
                                   " vm1. The interface has been disabled."), 1);
    cr_assert_eq(count_lines(path, "%PM-4-ERR_DISABLE: storm-control error detected on vm1,"
                                   " putting vm1 in err-disable state"), 1);
    cr_assert_eq(count_lines(path, "FILTERED"), 0, "no trap asked for");
    cr_assert_eq(flood("vm1", 3), 0, "an err-disabled port forwards nothing");
    /* Brought back (as errdisable recovery does) while the storm goes on:
     * err-disabled again at the next tick, though the class never stopped
     * blocking (no new storm event). */
    vm1->link.err_disabled = false;
    vm1->link.err_cause[0] = '\0';
    state_port_sync_enabled(vm1);
    flood("vm1", 5);
    state_storm_tick(sw);
    cr_assert_str_eq(state_port_err_disabled_cause(vm1), "storm-control",
                     "a port back in a storm stays up");
    cr_assert_eq(count_lines(path, "%STORM_CONTROL-3-SHUTDOWN"), 2);
    cr_assert_eq(flood_to("vm3", 40, "vm2"), 40, "a port without a level is not limited");
    close(fd);
    unlink(path);
}

Test(state_storm, trap_logs_filtered_once_a_port_in_ten_seconds)
{
    char path[] = "/tmp/test_state_storm_XXXXXX", err[256];
    int fd = mkstemp(path);

    cr_assert_geq(fd, 0);
    cr_assert_eq(log_use_file(path, false, err, sizeof err), 0, "%s", err);
    struct switch_state *sw = fixture_create(STORM_CONFIG("5", "", ", \"action_trap\": true"));
    struct port *vm2 = state_find_port(sw, "vm2");
    const char *filtered = "%STORM_CONTROL-3-FILTERED: A Broadcast storm detected on vm2. A"
                           " packet filter action has been applied on the interface.";

    flood("vm1", 20);                           /* no action: nothing logged */
    flood("vm2", 20);
    state_storm_tick(sw);
    cr_assert_eq(count_lines(path, filtered), 1);
    cr_assert_eq(count_lines(path, "STORM_CONTROL"), 1);
    cr_assert_eq(state_port_status(sw, vm2), STATE_PORT_CONNECTED, "a trap only logs");
    state_storm_tick(sw);
    cr_assert_eq(count_lines(path, filtered), 1, "one line a storm");

    /* A new storm within 10 s (a new level starts the class anew). */
    apply(sw, STORM_CONFIG("6", "", ", \"action_trap\": true"));
    flood("vm2", 20);
    state_storm_tick(sw);
    cr_assert_eq(count_lines(path, filtered), 1, "rate-limited");
    /* ... and one after them. */
    apply(sw, STORM_CONFIG("5", "", ", \"action_trap\": true"));
    flood("vm2", 20);
    vm2->storm_logged_ms -= STATE_STORM_LOG_MS;
    state_storm_tick(sw);
    cr_assert_eq(count_lines(path, filtered), 2);
    close(fd);
    unlink(path);
}
