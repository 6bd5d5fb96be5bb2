/* Unit tests for the LLDP agent (switchd/state_lldp.c) on the memory back
 * end (port_dummy.h): LLDPDUs are consumed before the bridge and never
 * forwarded, the neighbour table is bounded per port, the receive rate is
 * bounded, TTLs age entries out, the tick sends the switch's LLDPDU and
 * `no lldp run` a shutdown one (docs/design.md section 5.12). */

#include <criterion/criterion.h>

#include <string.h>

#include "lldp.h"
#include "port_dummy.h"
#include "state_datapath.h"
#include "state_fixture.h"
#include "state_lldp.h"
#include "state_private.h"

#define CONFIG(RUN) \
    "{\"hostname\": \"sw1\", \"lldp\": {\"run\": " RUN "}, \"bridges\": [{\"name\": \"br0\"," \
    " \"ports\": [{\"name\": \"vm1\", \"type\": \"tap\"}, {\"name\": \"vm2\", \"type\": \"tap\"}," \
    " {\"name\": \"Po1\", \"type\": \"bond\"}]}]}"

/* An LLDPDU from chassis 02:00:00:00:00:'id', port "eth0", 'ttl'. */
static size_t
pdu(uint8_t *buf, uint8_t id, uint16_t ttl)
{
    struct lldp_tx tx = { .chassis_mac = { 2, 0, 0, 0, 0, id }, .port_id = "eth0", .ttl = ttl,
                          .sys_name = "host" };
    uint8_t src[6] = { 2, 0, 0, 0, 1, id };

    return lldp_build(&tx, src, buf, LLDP_FRAME_MAX);
}

static size_t
n_neighbors(struct switch_state *sw, const char *port)
{
    const struct port *p = state_find_port(sw, port);
    unsigned remaining;
    size_t n = 0;

    while (state_lldp_neighbor(sw, p, n, &remaining))
        n++;
    return n;
}

TestSuite(state_lldp, .init = fixture_setup, .fini = fixture_teardown);

Test(state_lldp, consumed_kept_and_never_forwarded)
{
    struct switch_state *sw = fixture_create(CONFIG("true"));
    struct state_lldp_traffic t;
    uint8_t buf[LLDP_FRAME_MAX];
    size_t len = pdu(buf, 1, 120);
    unsigned remaining = 0;
    const struct lldp_neighbor_info *nb;

    cr_assert(port_dummy_inject("vm1", buf, len));
    port_dummy_run(fixture_loop);
    cr_expect_eq(port_dummy_n_sent("vm2"), 0, "an LLDPDU crossed the bridge");
    cr_assert_eq(n_neighbors(sw, "vm1"), 1);
    nb = state_lldp_neighbor(sw, state_find_port(sw, "vm1"), 0, &remaining);
    cr_expect_str_eq(nb->sys_name, "host");
    cr_expect(remaining > 100 && remaining <= 120, "%u", remaining);
    cr_expect_eq(n_neighbors(sw, "vm2"), 0);
    state_lldp_traffic(sw, &t);
    cr_expect_eq(t.frames_in, 1);
    /* The same neighbour again updates its entry; TTL 0 removes it. */
    cr_assert(port_dummy_inject("vm1", buf, len));
    port_dummy_run(fixture_loop);
    cr_expect_eq(n_neighbors(sw, "vm1"), 1);
    len = pdu(buf, 1, 0);
    cr_assert(port_dummy_inject("vm1", buf, len));
    port_dummy_run(fixture_loop);
    cr_expect_eq(n_neighbors(sw, "vm1"), 0);
    /* A malformed one is counted in error. */
    len = pdu(buf, 2, 120);
    buf[15] = 0x40;                     /* chassis ID TLV longer than the frame */
    cr_assert(port_dummy_inject("vm1", buf, len));
    port_dummy_run(fixture_loop);
    state_lldp_traffic(sw, &t);
    cr_expect_eq(t.frames_in_error, 1);
    cr_expect_eq(n_neighbors(sw, "vm1"), 0);
    cr_expect_eq(port_dummy_n_sent("vm2"), 0);
}

Test(state_lldp, without_lldp_run_the_bridge_drops_them)
{
    struct switch_state *sw = fixture_create(CONFIG("false"));
    uint8_t buf[LLDP_FRAME_MAX];
    size_t len = pdu(buf, 1, 120);

    cr_assert(port_dummy_inject("vm1", buf, len));
    port_dummy_run(fixture_loop);
    cr_expect_eq(port_dummy_n_sent("vm2"), 0);
    cr_expect_null(state_find_port(sw, "vm1")->lldp);
    cr_expect_eq(state_port_stats(state_find_port(sw, "vm1"))->drops[BRIDGE_DROP_RESERVED_DST], 1);
}

Test(state_lldp, table_and_rate_are_bounded)
{
    struct switch_state *sw = fixture_create(CONFIG("true"));
    struct state_lldp_traffic t;
    uint8_t buf[LLDP_FRAME_MAX];

    /* Twelve neighbours in one batch: ten are read (the rate), four kept
     * (the table), the rest discarded. */
    for (uint8_t id = 1; id <= 12; id++) {
        size_t len = pdu(buf, id, 120);
        cr_assert(port_dummy_inject("vm1", buf, len));
    }
    port_dummy_run(fixture_loop);
    cr_expect_eq(n_neighbors(sw, "vm1"), LLDP_PORT_NEIGHBORS_MAX);
    state_lldp_traffic(sw, &t);
    cr_expect_eq(t.frames_in, LLDP_RX_PER_SECOND);
    cr_expect_eq(t.frames_discarded, (12 - LLDP_RX_PER_SECOND)
                                     + (LLDP_RX_PER_SECOND - LLDP_PORT_NEIGHBORS_MAX));
    cr_expect_eq(port_dummy_n_sent("vm2"), 0);
}

Test(state_lldp, tick_sends_ages_and_no_lldp_run_says_goodbye)
{
    struct switch_state *sw = fixture_create(CONFIG("true"));
    struct port *vm1 = state_find_port(sw, "vm1");
    struct lldp_neighbor_info info;
    struct lldp_parse_stats st;
    struct state_lldp_traffic t;
    uint8_t buf[LLDP_FRAME_MAX];
    size_t len = pdu(buf, 1, 120);
    char err[256], id[64];

    cr_expect_null(state_find_port(sw, "Po1")->lldp, "a bond port runs no LLDP");
    cr_assert(port_dummy_inject("vm1", buf, len));
    port_dummy_run(fixture_loop);
    cr_assert_eq(n_neighbors(sw, "vm1"), 1);
    while (port_dummy_sent("vm1", buf, sizeof buf))
        ;
    vm1->lldp->next_tx_ms = 0;
    vm1->lldp->nb[0].expires_ms = 0;
    state_lldp_tick(sw);
    len = port_dummy_sent("vm1", buf, sizeof buf);
    cr_assert_gt(len, 0, "no LLDPDU sent");
    cr_assert_eq(lldp_parse(buf, len, &info, &st), LLDP_OK);
    lldp_id_format(false, info.port_subtype, info.port_id, info.port_len, id, sizeof id);
    cr_expect_str_eq(id, "vm1");
    cr_expect_str_eq(info.sys_name, "sw1");
    cr_expect_eq(info.ttl, 120);
    cr_expect_eq(info.caps_enabled, LLDP_CAP_BRIDGE);
    cr_expect_eq(n_neighbors(sw, "vm1"), 0, "not aged out");
    state_lldp_traffic(sw, &t);
    cr_expect_eq(t.entries_aged, 1);
    cr_expect_eq(t.frames_out, 1);

    cr_assert_eq(fixture_apply(sw, CONFIG("false"), 0, err, sizeof err), 0, "%s", err);
    len = port_dummy_sent("vm1", buf, sizeof buf);
    cr_assert_gt(len, 0, "no shutdown LLDPDU");
    cr_assert_eq(lldp_parse(buf, len, &info, &st), LLDP_OK);
    cr_expect_eq(info.ttl, 0);
    cr_expect_null(vm1->lldp);
    cr_expect_eq(port_dummy_n_sent("vm2"), 0, "vm2 never sent: no shutdown owed");
}

/* A SPAN destination sends only the copies of its session (IOS: a
 * destination port runs no Layer 2 protocol): no LLDPDU of the switch's,
 * no neighbour learnt on it; it runs LLDP again once it leaves. */
#define CONFIG_SPAN(SESSIONS) \
    "{\"hostname\": \"sw1\", \"lldp\": {\"run\": true}, \"monitor_sessions\": [" SESSIONS "]," \
    " \"bridges\": [{\"name\": \"br0\", \"ports\": [{\"name\": \"vm1\", \"type\": \"tap\"}," \
    " {\"name\": \"vm2\", \"type\": \"tap\"}]}]}"
#define SESSION_VM2 \
    "{\"session\": 1, \"sources\": [{\"interface\": \"vm1\", \"direction\": \"both\"}]," \
    " \"destination\": \"vm2\"}"

Test(state_lldp, a_span_destination_runs_no_lldp)
{
    struct switch_state *sw = fixture_create(CONFIG_SPAN(""));
    struct port *vm2 = state_find_port(sw, "vm2");
    uint8_t buf[LLDP_FRAME_MAX];
    size_t len = pdu(buf, 1, 120);
    char err[256];

    cr_assert_not_null(vm2->lldp);
    cr_assert_eq(fixture_apply(sw, CONFIG_SPAN(SESSION_VM2), 0, err, sizeof err), 0, "%s", err);
    while (port_dummy_sent("vm2", buf, sizeof buf))
        ;
    cr_expect_null(vm2->lldp, "the destination runs LLDP");
    state_lldp_tick(sw);
    cr_expect_eq(port_dummy_n_sent("vm2"), 0, "an LLDPDU went out of the destination");
    len = pdu(buf, 1, 120);
    cr_assert(port_dummy_inject("vm2", buf, len));
    port_dummy_run(fixture_loop);
    cr_expect_eq(n_neighbors(sw, "vm2"), 0, "a neighbour learnt on the destination");

    cr_assert_eq(fixture_apply(sw, CONFIG_SPAN(""), 0, err, sizeof err), 0, "%s", err);
    cr_expect_not_null(vm2->lldp, "LLDP does not come back when the session goes");
}
