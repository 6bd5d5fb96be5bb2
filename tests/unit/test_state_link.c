/* Unit tests for port status and link events (switchd/state_link.c) on the
 * memory back end (port_dummy.h): an access port in a VLAN its bridge's
 * database lacks is inactive and forwards nothing until the VLAN exists;
 * an err-disabled port forwards nothing until `shutdown` / `no shutdown`;
 * a link that goes down loses its MAC entries, and what is sent to it
 * meanwhile is counted as tx-no-carrier, not output; the IOS link messages
 * are logged, rate-limited per port (docs/design.md section 6.9). */

#include <criterion/criterion.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "port_dummy.h"
#include "state_fixture.h"
#include "state_datapath.h"
#include "state_link.h"
#include "state_private.h"

#define FRAME_LEN FIXTURE_FRAME_LEN

/* br0 with VLAN database 'VLANS': vm1 and vm2 access 20, vm3 access 10,
 * vm4 a trunk of everything. */
#define LINK_CONFIG(VLANS, VM1_ENABLED) \
    "{\"bridges\": [{\"name\": \"br0\", \"vlans\": [" VLANS "]," \
    " \"ports\": [{\"name\": \"vm1\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 20," \
    "              \"enabled\": " VM1_ENABLED "}," \
    "            {\"name\": \"vm2\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 20}," \
    "            {\"name\": \"vm3\", \"type\": \"internal\", \"mode\": \"access\", \"access_vlan\": 10}," \
    "            {\"name\": \"vm4\", \"type\": \"system\"}]}]}"

static void
inject(const char *port, const uint8_t *f, size_t len)
{
    cr_assert(port_dummy_inject(port, f, len), "inject on %s", port);
    port_dummy_run(fixture_loop);
}

static void
drain(const char *port)
{
    uint8_t buf[PORT_DUMMY_FRAME_MAX];

    while (port_dummy_sent(port, buf, sizeof buf))
        ;
}

static void
drain_all(void)
{
    drain("vm1"); drain("vm2"); drain("vm3"); drain("vm4");
}

static void
apply(struct switch_state *sw, const char *json)
{
    char err[256] = "";

    cr_assert_eq(fixture_apply(sw, json, 0, err, sizeof err), 0, "apply: %s", err);
}

static enum state_port_status
status_of(struct switch_state *sw, const char *name)
{
    return state_port_status(sw, state_find_port(sw, name));
}

static bool
mac_learnt(struct switch_state *sw, uint16_t vlan, uint8_t host, uint16_t *port)
{
    struct port *p = state_find_port(sw, "vm1");

    return mac_table_lookup(bridge_mac_table(p->bridge->core), vlan,
                            (uint8_t[]) { 0x52, 0x54, 0x00, 0x00, 0x00, host }, port);
}

/* The device's carrier changes, and the kernel says so. */
static void
link_event(struct switch_state *sw, const char *name, bool carrier)
{
    port_dummy_set_carrier(name, carrier);
    state_link_event(sw, &(struct link_event) { .name = name, .carrier = carrier });
}

TestSuite(state_link, .init = fixture_setup, .fini = fixture_teardown);

Test(state_link, access_port_in_a_missing_vlan_is_inactive_and_forwards_nothing)
{
    struct switch_state *sw = fixture_create(LINK_CONFIG("{\"id\": 10}", "true"));
    uint8_t f[FRAME_LEN + 4];
    size_t len;

    cr_assert_eq(status_of(sw, "vm1"), STATE_PORT_INACTIVE);
    cr_assert_eq(status_of(sw, "vm2"), STATE_PORT_INACTIVE);
    cr_assert_eq(status_of(sw, "vm3"), STATE_PORT_CONNECTED, "VLAN 10 exists");
    cr_assert_str_eq(state_port_status_name(status_of(sw, "vm1")), "inactive");

    len = fixture_frame(f, 0xff, 1, 0);
    inject("vm1", f, len);                          /* in: nothing */
    cr_assert_eq(port_dummy_n_sent("vm2") + port_dummy_n_sent("vm4"), 0,
                 "an inactive port's frame went out");
    cr_assert_eq(state_port_stats(state_find_port(sw, "vm1"))->drops[BRIDGE_DROP_PORT_DISABLED], 1);
    len = fixture_frame(f, 0xff, 4, 20);
    inject("vm4", f, len);                          /* out: nothing */
    cr_assert_eq(port_dummy_n_sent("vm1") + port_dummy_n_sent("vm2"), 0,
                 "VLAN 20 reached an inactive port");

    /* `vlan 20`: active at once. */
    apply(sw, LINK_CONFIG("{\"id\": 10}, {\"id\": 20}", "true"));
    cr_assert_eq(status_of(sw, "vm1"), STATE_PORT_CONNECTED);
    len = fixture_frame(f, 0xff, 1, 0);
    inject("vm1", f, len);
    cr_assert_eq(port_dummy_n_sent("vm2"), 1, "vm1 -> vm2 in VLAN 20");
    cr_assert_eq(port_dummy_n_sent("vm4"), 1, "vm1 -> the trunk, tagged 20");
    drain_all();
    len = fixture_frame(f, 0xff, 4, 20);
    inject("vm4", f, len);
    cr_assert_eq(port_dummy_n_sent("vm1"), 1, "the trunk's VLAN 20 reaches vm1");
    drain_all();

    /* `no vlan 20`: inactive at once, its MAC entries gone. */
    uint16_t port;
    cr_assert(mac_learnt(sw, 20, 1, &port), "vm1's host is learnt");
    apply(sw, LINK_CONFIG("{\"id\": 10}", "true"));
    cr_assert_eq(status_of(sw, "vm1"), STATE_PORT_INACTIVE);
    cr_assert(!mac_learnt(sw, 20, 1, &port), "an inactive port keeps no MAC entry");
    inject("vm4", f, len);
    cr_assert_eq(port_dummy_n_sent("vm1") + port_dummy_n_sent("vm2"), 0);
    /* Shut down is shown as disabled, whatever the VLAN. */
    apply(sw, LINK_CONFIG("{\"id\": 10}", "false"));
    cr_assert_eq(status_of(sw, "vm1"), STATE_PORT_DISABLED);
}

Test(state_link, a_file_without_vlans_gets_its_access_vlans)
{
    /* Hand-written files name only ports: their VLANs are created as
     * `switchport access vlan` would, so they forward as before. */
    struct switch_state *sw = fixture_create(
        "{\"bridges\": [{\"name\": \"br0\", \"ports\": ["
        " {\"name\": \"vm1\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 20},"
        " {\"name\": \"vm2\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 20}]}]}");
    const struct config_bridge *cb = &state_config(sw)->bridges[0];

    cr_assert_eq(status_of(sw, "vm1"), STATE_PORT_CONNECTED);
    cr_assert_eq(cb->n_vlans, 2);
    cr_assert_eq(cb->vlans[1].id, 20);
    cr_assert_str_eq(cb->vlans[1].name, "VLAN0020");
}

Test(state_link, err_disabled_port_forwards_nothing_until_shutdown_and_no_shutdown)
{
    const char *on = LINK_CONFIG("{\"id\": 10}, {\"id\": 20}", "true");
    const char *off = LINK_CONFIG("{\"id\": 10}, {\"id\": 20}", "false");
    struct switch_state *sw = fixture_create(on);
    struct port *vm1 = state_find_port(sw, "vm1");
    uint8_t f[FRAME_LEN + 4];
    size_t len = fixture_frame(f, 0xff, 1, 0);
    uint16_t port;

    inject("vm1", f, len);
    drain_all();
    cr_assert(mac_learnt(sw, 20, 1, &port));
    cr_assert_null(state_port_err_disabled_cause(vm1));

    cr_assert_eq(state_port_err_disable(sw, vm1, "bpduguard"), 0);
    cr_assert_eq(state_port_status(sw, vm1), STATE_PORT_ERR_DISABLED);
    cr_assert_str_eq(state_port_status_name(STATE_PORT_ERR_DISABLED), "err-disabled");
    cr_assert_str_eq(state_port_err_disabled_cause(vm1), "bpduguard");
    cr_assert_eq(state_port_err_disable(sw, vm1, "psecure-violation"), 0);
    cr_assert_str_eq(state_port_err_disabled_cause(vm1), "bpduguard", "the first cause stays");
    cr_assert(!mac_learnt(sw, 20, 1, &port), "its MAC entries are flushed");
    inject("vm1", f, len);
    cr_assert_eq(port_dummy_n_sent("vm2") + port_dummy_n_sent("vm4"), 0, "nothing in");
    len = fixture_frame(f, 0xff, 2, 0);
    inject("vm2", f, len);
    cr_assert_eq(port_dummy_n_sent("vm1"), 0, "nothing out");
    drain_all();

    /* An apply that leaves it enabled does not clear it... */
    apply(sw, on);
    cr_assert_eq(state_port_status(sw, vm1), STATE_PORT_ERR_DISABLED);
    /* ... `shutdown` does, and `no shutdown` brings it back. */
    apply(sw, off);
    cr_assert_eq(state_port_status(sw, vm1), STATE_PORT_DISABLED);
    cr_assert_null(state_port_err_disabled_cause(vm1));
    cr_assert_eq(state_port_err_disable(sw, vm1, "bpduguard"), EINVAL, "a shut port detects nothing");
    apply(sw, on);
    cr_assert_eq(state_port_status(sw, vm1), STATE_PORT_CONNECTED);
    inject("vm2", f, len);
    cr_assert_eq(port_dummy_n_sent("vm1"), 1, "forwarding again");
}

Test(state_link, link_down_flushes_macs_and_counts_what_is_sent_as_no_carrier)
{
    struct switch_state *sw = fixture_create(LINK_CONFIG("{\"id\": 10}, {\"id\": 20}", "true"));
    struct port *vm1 = state_find_port(sw, "vm1");
    uint8_t f[FRAME_LEN + 4];
    size_t len = fixture_frame(f, 0xff, 1, 0);
    uint16_t port;

    inject("vm1", f, len);
    drain_all();
    cr_assert(mac_learnt(sw, 20, 1, &port));
    cr_assert_eq(port, vm1->port_no);

    /* The VM goes: the TAP loses carrier. */
    port_dummy_set_carrier("vm1", false);
    link_event(sw, "vm1", false);
    cr_assert(!mac_learnt(sw, 20, 1, &port), "the MAC learnt on a link that went down is kept");
    cr_assert_eq(state_port_status(sw, vm1), STATE_PORT_NOTCONNECT);
    cr_assert(!state_port_connected(sw, vm1));

    uint64_t tx0 = state_port_stats(vm1)->tx_frames;
    len = fixture_frame(f, 0xff, 2, 0);             /* a flood from vm2 */
    inject("vm2", f, len);
    len = fixture_frame(f, 1, 2, 0);                /* unicast to the gone host: flooded */
    inject("vm2", f, len);
    cr_assert_eq(port_dummy_n_sent("vm1"), 0, "handed to a port without carrier");
    cr_assert_eq(state_port_stats(vm1)->tx_frames, tx0, "counted as output");
    cr_assert_eq(state_port_stats(vm1)->tx_no_carrier, 2);
    cr_assert_eq(port_dummy_n_sent("vm4"), 2, "the trunk still gets both");
    drain_all();

    /* The VM is back. */
    port_dummy_set_carrier("vm1", true);
    link_event(sw, "vm1", true);
    cr_assert_eq(state_port_status(sw, vm1), STATE_PORT_CONNECTED);
    inject("vm2", f, len);
    cr_assert_eq(port_dummy_n_sent("vm1"), 1);
    cr_assert_eq(state_port_stats(vm1)->tx_frames, tx0 + 1);
    cr_assert_eq(state_port_stats(vm1)->tx_no_carrier, 2);

    /* Events lost: the carrier is read again for every port. */
    port_dummy_set_carrier("vm1", false);
    state_link_event(sw, NULL);
    cr_assert_eq(state_port_status(sw, vm1), STATE_PORT_NOTCONNECT);
}

Test(state_link, a_port_opened_without_carrier_is_notconnect)
{
    port_dummy_set_carrier("vm1", false);
    struct switch_state *sw = fixture_create(LINK_CONFIG("{\"id\": 20}", "true"));
    uint8_t f[FRAME_LEN + 4];
    size_t len = fixture_frame(f, 0xff, 2, 0);

    cr_assert_eq(status_of(sw, "vm1"), STATE_PORT_NOTCONNECT);
    inject("vm2", f, len);
    cr_assert_eq(port_dummy_n_sent("vm1"), 0);
    cr_assert_eq(state_port_stats(state_find_port(sw, "vm1"))->tx_no_carrier, 1);
}

Test(state_link, an_old_event_does_not_flap_a_link_that_has_carrier)
{
    struct switch_state *sw = fixture_create(LINK_CONFIG("{\"id\": 20}", "true"));
    uint8_t f[FRAME_LEN + 4];
    size_t len = fixture_frame(f, 0xff, 1, 0);
    uint16_t port;

    inject("vm1", f, len);
    /* Queued while the port opened: the device has carrier now. */
    state_link_event(sw, &(struct link_event) { .name = "vm1", .carrier = false });
    cr_assert_eq(status_of(sw, "vm1"), STATE_PORT_CONNECTED);
    cr_assert(mac_learnt(sw, 20, 1, &port), "a link that never went down keeps its MACs");
}

/* How many lines of 'path' contain 'needle'. */
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

Test(state_link, link_changes_are_logged_as_ios_does_and_a_flapping_link_is_rate_limited)
{
    char path[] = "/tmp/test_state_link_XXXXXX", err[256];
    int fd = mkstemp(path);

    cr_assert_geq(fd, 0);
    cr_assert_eq(log_use_file(path, false, err, sizeof err), 0, "%s", err);
    struct switch_state *sw = fixture_create(LINK_CONFIG("{\"id\": 20}", "true"));

    cr_assert_eq(count_lines(path, "%LINK"), 0, "ports that were just made log nothing");
    link_event(sw, "vm1", false);
    cr_assert_eq(count_lines(path, "%LINK-3-UPDOWN: Interface vm1, changed state to down"), 1);
    cr_assert_eq(count_lines(path,
                 "%LINEPROTO-5-UPDOWN: Line protocol on Interface vm1, changed state to down"), 1);
    link_event(sw, "vm1", false);                   /* no change, no line */
    cr_assert_eq(count_lines(path, "changed state to down"), 2);
    link_event(sw, "vm1", true);
    cr_assert_eq(count_lines(path, "%LINK-3-UPDOWN: Interface vm1, changed state to up"), 1);
    cr_assert_eq(count_lines(path,
                 "%LINEPROTO-5-UPDOWN: Line protocol on Interface vm1, changed state to up"), 1);

    /* shutdown / no shutdown. */
    apply(sw, LINK_CONFIG("{\"id\": 20}", "false"));
    cr_assert_eq(count_lines(path,
                 "%LINK-5-CHANGED: Interface vm1, changed state to administratively down"), 1);
    cr_assert_eq(count_lines(path, "Line protocol on Interface vm1, changed state to down"), 2);
    apply(sw, LINK_CONFIG("{\"id\": 20}", "true"));
    cr_assert_eq(count_lines(path, "%LINK-3-UPDOWN: Interface vm1, changed state to up"), 2);
    cr_assert_eq(count_lines(path, "Line protocol on Interface vm1, changed state to up"), 2);

    /* A flapping link: 100 changes, at most 10 logged in 10 s. */
    for (int i = 0; i < 50; i++) {
        link_event(sw, "vm2", false);
        link_event(sw, "vm2", true);
    }
    cr_assert_eq(count_lines(path, "%LINK-3-UPDOWN: Interface vm2"), 10);
    cr_assert_eq(count_lines(path, "%LINEPROTO-5-UPDOWN: Line protocol on Interface vm2"), 10);
    cr_assert_eq(state_port_status(sw, state_find_port(sw, "vm2")), STATE_PORT_CONNECTED,
                 "the state follows every change");

    /* It ends down while left out (a change is left out when it differs
     * from what the log said last: 45 downs of the 90 and this one): once
     * its window is over, the tick
     * logs the count and the state the link is in, so the log never
     * ends on a stale "up". */
    link_event(sw, "vm2", false);
    cr_assert_eq(count_lines(path, "%LINK-3-UPDOWN: Interface vm2, changed state to down"), 5);
    state_link_tick(sw);
    cr_assert_eq(count_lines(path, "link messages left out"), 0, "the window is not over yet");
    state_find_port(sw, "vm2")->link.log_window -= LINK_LOG_WINDOW_MS;   /* 10 s later */
    state_link_tick(sw);
    cr_assert_eq(count_lines(path, "port vm2: 46 link messages left out in the last 10 s"), 1);
    cr_assert_eq(count_lines(path, "%LINK-3-UPDOWN: Interface vm2, changed state to down"), 6,
                 "the state it ended in is logged");
    cr_assert_eq(count_lines(path,
                 "%LINEPROTO-5-UPDOWN: Line protocol on Interface vm2, changed state to down"), 6);
    state_link_tick(sw);
    cr_assert_eq(count_lines(path, "link messages left out"), 1, "said once");
    unlink(path);
}
