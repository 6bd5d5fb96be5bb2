/* Unit tests for SPAN (switchd/span.c, docs/design.md section 5.9) on the
 * memory back end (port_dummy.h): the destination receives exactly the
 * frames that crossed a source port -- received ones as they came, sent
 * ones as the source sent them -- with or without their 802.1Q tag; it
 * forwards and learns nothing else; what cannot be mirrored is counted;
 * and the configuration rules that keep sessions from looping
 * (config_json.c). */

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "port_dummy.h"
#include "state_fixture.h"
#include "state_link.h"
#include "state_private.h"

/* br0: vm1 access 10, vm2 trunk of 10 and 20, mon access 10, patch p0 to
 * br1's p1; br1: vm3 access 10.  SESSIONS is the "monitor_sessions"
 * array. */
#define CONFIG_SPAN(SESSIONS) \
    "{\"bridges\": [" \
    " {\"name\": \"br0\", \"vlans\": [{\"id\": 10}, {\"id\": 20}]," \
    "  \"ports\": [{\"name\": \"vm1\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 10}," \
    "            {\"name\": \"vm2\", \"type\": \"tap\", \"mode\": \"trunk\", \"allowed_vlans\": \"10,20\"}," \
    "            {\"name\": \"mon\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 10}," \
    "            {\"name\": \"p0\", \"type\": \"patch\", \"peer\": \"p1\"}]}," \
    " {\"name\": \"br1\", \"vlans\": [{\"id\": 10}]," \
    "  \"ports\": [{\"name\": \"p1\", \"type\": \"patch\", \"peer\": \"p0\"}," \
    "            {\"name\": \"vm3\", \"type\": \"internal\", \"mode\": \"access\", \"access_vlan\": 10}]}]," \
    " \"monitor_sessions\": " SESSIONS "}"

#define SESSION(SRC, DIR, REPLICATE) \
    "[{\"session\": 1, \"sources\": [{\"interface\": \"" SRC "\", \"direction\": \"" DIR "\"}]," \
    "  \"destination\": \"mon\", \"encapsulation_replicate\": " REPLICATE "}]"

#define FRAME_LEN FIXTURE_FRAME_LEN

static void
inject(const char *port, const uint8_t *f, size_t len)
{
    cr_assert(port_dummy_inject(port, f, len), "inject on %s", port);
    port_dummy_run(fixture_loop);
}

/* Takes the next frame 'port' sent into 'buf'; its length (0: none). */
static size_t
take(const char *port, uint8_t buf[PORT_DUMMY_FRAME_MAX])
{
    return port_dummy_sent(port, buf, PORT_DUMMY_FRAME_MAX);
}

static void
expect_frame(const char *port, const uint8_t *want, size_t want_len)
{
    uint8_t got[PORT_DUMMY_FRAME_MAX];
    size_t len = take(port, got);

    cr_assert_eq(len, want_len, "%s sent %zu bytes, want %zu", port, len, want_len);
    cr_assert_arr_eq(got, want, want_len, "%s sent other bytes", port);
}

static void
expect_none(const char *port)
{
    cr_assert_eq(port_dummy_n_sent(port), 0, "%s sent %zu more frames, want none", port,
                 port_dummy_n_sent(port));
}

/* 'in' without its 802.1Q tag. */
static size_t
untag(uint8_t out[FRAME_LEN + 4], const uint8_t *in, size_t len)
{
    memcpy(out, in, 12);
    memcpy(out + 12, in + 16, len - 16);
    return len - 4;
}

static struct state_span_counters
counters(const struct switch_state *sw, unsigned id)
{
    struct state_span_counters c;

    cr_assert(state_span_counters(sw, id, &c), "session %u is configured", id);
    return c;
}

TestSuite(span, .init = fixture_setup, .fini = fixture_teardown);

Test(span, received_frames_are_copied_as_they_came_tag_included)
{
    struct switch_state *sw = fixture_create(CONFIG_SPAN(SESSION("vm2", "both", "true")));
    uint8_t f[FRAME_LEN + 4], sent[PORT_DUMMY_FRAME_MAX];
    size_t len = fixture_frame(f, 0xff, 2, 10);

    inject("vm2", f, len);
    expect_frame("mon", f, len);                /* the copy, tagged 10 as it came */
    expect_none("mon");                         /* and no flood: mon forwards nothing */
    cr_assert_gt(take("vm1", sent), 0, "the frame itself was switched");
    cr_assert_eq(counters(sw, 1).mirrored, 1);
}

Test(span, sent_frames_are_copied_as_the_source_sent_them)
{
    fixture_create(CONFIG_SPAN(SESSION("vm2", "both", "true")));
    uint8_t f[FRAME_LEN + 4], sent[PORT_DUMMY_FRAME_MAX];
    size_t len = fixture_frame(f, 0xff, 1, 0), sent_len;

    inject("vm1", f, len);                      /* flooded: vm2 sends it tagged 10 */
    sent_len = take("vm2", sent);
    cr_assert_eq(sent_len, len + 4);
    expect_frame("mon", sent, sent_len);        /* exactly what vm2 sent */
    expect_none("mon");
}

Test(span, without_replicate_copies_lose_their_802_1q_tag)
{
    fixture_create(CONFIG_SPAN(SESSION("vm2", "both", "false")));
    uint8_t f[FRAME_LEN + 4], want[FRAME_LEN + 4], sent[PORT_DUMMY_FRAME_MAX];
    size_t len = fixture_frame(f, 0xff, 2, 20), sent_len;

    inject("vm2", f, len);                      /* received tagged 20 */
    expect_frame("mon", want, untag(want, f, len));
    len = fixture_frame(f, 0xff, 1, 0);
    inject("vm1", f, len);                      /* sent tagged 10 */
    sent_len = take("vm2", sent);
    expect_frame("mon", want, untag(want, sent, sent_len));
    expect_none("mon");
}

Test(span, rx_and_tx_sources_copy_one_direction_only)
{
    struct switch_state *sw = fixture_create(CONFIG_SPAN(SESSION("vm2", "rx", "true")));
    uint8_t f[FRAME_LEN + 4];
    size_t len = fixture_frame(f, 0xff, 1, 0);
    char err[CONFIG_ERR_MAX];

    inject("vm1", f, len);                      /* vm2 sends it: not copied */
    expect_none("mon");
    len = fixture_frame(f, 0xff, 2, 10);
    inject("vm2", f, len);                      /* vm2 receives it: copied */
    expect_frame("mon", f, len);

    cr_assert_eq(fixture_apply(sw, CONFIG_SPAN(SESSION("vm2", "tx", "true")), 0, err,
                               sizeof err), 0, "%s", err);
    inject("vm2", f, len);
    expect_none("mon");
    len = fixture_frame(f, 0xff, 1, 0);
    inject("vm1", f, len);
    cr_assert_eq(port_dummy_n_sent("mon"), 1, "the frame vm2 sent");
}

/* The destination is out of its core: it forwards and learns nothing,
 * and shows "monitoring"; without the session it is an ordinary port. */
Test(span, the_destination_forwards_and_learns_nothing_until_the_session_goes)
{
    struct switch_state *sw = fixture_create(CONFIG_SPAN(SESSION("vm2", "both", "true")));
    struct port *mon = state_find_port(sw, "mon");
    uint8_t f[FRAME_LEN + 4];
    size_t len = fixture_frame(f, 0xff, 9, 0);
    char err[CONFIG_ERR_MAX];
    uint16_t learnt;

    cr_assert_eq(state_port_status(sw, mon), STATE_PORT_MONITORING);
    cr_assert_str_eq(state_port_status_name(STATE_PORT_MONITORING), "monitoring");
    inject("mon", f, len);
    expect_none("vm1");
    expect_none("vm2");
    expect_none("vm3");
    cr_assert_eq(bridge_port_stats(mon->bridge->core, mon->port_no)
                     ->drops[BRIDGE_DROP_PORT_DISABLED], 1);
    cr_assert_not(mac_table_lookup(bridge_mac_table(mon->bridge->core), 10, f + 6, &learnt),
                  "nothing learnt from the destination");

    cr_assert_eq(fixture_apply(sw, CONFIG_SPAN("[]"), 0, err, sizeof err), 0, "%s", err);
    cr_assert_eq(state_port_status(sw, mon), STATE_PORT_CONNECTED);
    cr_assert_not(state_span_counters(sw, 1, &(struct state_span_counters) { 0 }));
    inject("mon", f, len);
    cr_assert_eq(port_dummy_n_sent("vm1"), 1, "mon forwards again");
}

/* Copies go straight to the destination's back end: a source in another
 * bridge is mirrored all the same. */
Test(span, a_source_in_another_bridge_is_mirrored)
{
    fixture_create(CONFIG_SPAN(SESSION("vm3", "both", "true")));
    uint8_t f[FRAME_LEN + 4];
    size_t len = fixture_frame(f, 0xff, 3, 0);

    inject("vm3", f, len);
    expect_frame("mon", f, len);
    expect_none("mon");
}

Test(span, copies_for_a_destination_that_is_down_or_full_are_counted)
{
    struct switch_state *sw = fixture_create(CONFIG_SPAN(SESSION("vm2", "rx", "true")));
    struct port *mon = state_find_port(sw, "mon");
    uint8_t f[FRAME_LEN + 4];
    size_t len = fixture_frame(f, 0xff, 2, 10);
    struct state_span_counters c;

    state_link_carrier(sw, mon, false);
    inject("vm2", f, len);
    expect_none("mon");
    c = counters(sw, 1);
    cr_assert_eq(c.dest_down, 1);
    cr_assert_eq(c.mirrored, 0);

    state_link_carrier(sw, mon, true);
    /* The back end's queue holds 32 frames: 8 of 40 copies are refused. */
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 20; i++)
            cr_assert(port_dummy_inject("vm2", f, len));
        port_dummy_run(fixture_loop);
    }
    c = counters(sw, 1);
    cr_assert_eq(c.mirrored, 32, "mirrored %llu", (unsigned long long) c.mirrored);
    cr_assert_eq(c.refused, 8, "refused %llu", (unsigned long long) c.refused);
    state_clear_counters(sw);
    c = counters(sw, 1);
    cr_assert_eq(c.mirrored + c.refused + c.dest_down + c.unparsable, 0);
}

Test(span, a_runt_is_counted_not_copied)
{
    struct switch_state *sw = fixture_create(CONFIG_SPAN(SESSION("vm2", "rx", "true")));
    uint8_t runt[10] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x52, 0x54, 0, 0 };

    inject("vm2", runt, sizeof runt);
    expect_none("mon");
    cr_assert_eq(counters(sw, 1).unparsable, 1);
}

Test(span, a_session_without_a_destination_watches_nothing)
{
    struct switch_state *sw = fixture_create(CONFIG_SPAN(
        "[{\"session\": 3, \"sources\": [{\"interface\": \"vm2\"}]}]"));

    cr_assert_null(state_find_port(sw, "vm2")->span);
    cr_assert_eq(state_port_status(sw, state_find_port(sw, "mon")), STATE_PORT_CONNECTED);
    cr_assert(state_span_counters(sw, 3, &(struct state_span_counters) { 0 }));
}

/* The configuration rules (config_json.c): a session can never loop. */

TestSuite(span_config);

static void
expect_refused(const char *sessions, const char *message)
{
    char json[4096], err[CONFIG_ERR_MAX];
    struct switch_config *cfg;

    snprintf(json, sizeof json, CONFIG_SPAN("%s"), sessions);
    cfg = config_parse_string(json, "t.json", err, sizeof err);
    cr_assert_null(cfg, "accepted: %s", sessions);
    cr_assert(strstr(err, message), "[%s] lacks [%s]", err, message);
}

Test(span_config, sessions_that_could_loop_are_refused)
{
    expect_refused("[{\"session\": 1, \"sources\": [{\"interface\": \"mon\"}],"
                   "  \"destination\": \"mon\"}]",
                   "monitor_sessions[0].sources[0].interface: port \"mon\" is the destination"
                   " of monitor session 1 (a destination cannot be a source)");
    expect_refused("[{\"session\": 1, \"destination\": \"mon\"},"
                   " {\"session\": 2, \"sources\": [{\"interface\": \"mon\"}]}]",
                   "monitor_sessions[1].sources[0].interface: port \"mon\" is the destination"
                   " of monitor session 1");
    expect_refused("[{\"session\": 1, \"destination\": \"mon\"},"
                   " {\"session\": 2, \"destination\": \"mon\"}]",
                   "monitor_sessions[1].destination: port \"mon\" is already the destination"
                   " of monitor session 1");
    expect_refused("[{\"session\": 1, \"sources\": [{\"interface\": \"vm1\"}]},"
                   " {\"session\": 2, \"sources\": [{\"interface\": \"vm1\"}]}]",
                   "port \"vm1\" is already a source of monitor session 1");
    expect_refused("[{\"session\": 1, \"destination\": \"p0\"}]",
                   "port \"p0\" is a patch port (a destination is a tap, internal or system"
                   " port)");
}

Test(span_config, bad_values_are_refused)
{
    expect_refused("[{\"session\": 0}]", "invalid monitor session 0 (expected 1-66)");
    expect_refused("[{\"session\": 67}]", "invalid monitor session 67 (expected 1-66)");
    expect_refused("[{\"sources\": []}]", "missing key \"session\"");
    expect_refused("[{\"session\": 1}, {\"session\": 1}]",
                   "monitor_sessions[1].session: monitor session 1 is also monitor_sessions[0]");
    expect_refused("[{\"session\": 1, \"sources\": [{\"interface\": \"vm9\"}]}]",
                   "port \"vm9\" does not exist");
    expect_refused("[{\"session\": 1, \"destination\": \"vm9\"}]", "port \"vm9\" does not exist");
    expect_refused("[{\"session\": 1, \"sources\": [{\"interface\": \"vm1\","
                   " \"direction\": \"up\"}]}]",
                   "unknown direction \"up\" (expected rx, tx or both)");
    expect_refused("[{\"session\": 1, \"sources\": [{}]}]", "missing key \"interface\"");
    expect_refused("[{\"session\": 1, \"encapsulation_replicate\": 1}]", "expected");
    expect_refused("[{\"session\": 1, \"filter\": 1}]", "unknown key \"filter\"");
    expect_refused("{}", "expected an array");
}

Test(span_config, too_many_sources_are_refused)
{
    char sessions[4096];
    size_t len = (size_t) snprintf(sessions, sizeof sessions, "[{\"session\": 1, \"sources\": [");

    for (int i = 0; i <= CONFIG_SPAN_SOURCES_MAX; i++)
        len += (size_t) snprintf(sessions + len, sizeof sessions - len, "%s{\"interface\": \"vm1\"}",
                                 i ? "," : "");
    snprintf(sessions + len, sizeof sessions - len, "]}]");
    expect_refused(sessions, "too many source ports (65, at most 64)");
}

/* A bond member's frames are its bond's: it takes part in no session. */
Test(span_config, bond_members_are_refused)
{
    char err[CONFIG_ERR_MAX];
    struct switch_config *cfg = config_parse_string(
        "{\"bridges\": [{\"name\": \"br0\", \"ports\": ["
        " {\"name\": \"Po1\", \"type\": \"bond\"},"
        " {\"name\": \"e1\", \"type\": \"system\", \"bond\": \"Po1\"}]}],"
        " \"monitor_sessions\": [{\"session\": 1, \"sources\": [{\"interface\": \"e1\"}]}]}",
        "t.json", err, sizeof err);

    cr_assert_null(cfg);
    cr_assert(strstr(err, "port \"e1\" is a member of bond \"Po1\" (name the bond)"), "%s", err);
}

/* JSON in and out: the export of a configuration with sessions loads back
 * equal, and one without writes no "monitor_sessions". */
Test(span_config, sessions_round_trip_through_json)
{
    char err[CONFIG_ERR_MAX];
    struct switch_config *cfg = config_parse_string(
        CONFIG_SPAN("[{\"session\": 5, \"sources\": [{\"interface\": \"vm1\", \"direction\": \"rx\"},"
                    " {\"interface\": \"vm3\"}], \"destination\": \"mon\","
                    " \"encapsulation_replicate\": true}, {\"session\": 2}]"),
        "t.json", err, sizeof err), *back;
    char *text;

    cr_assert_not_null(cfg, "%s", err);
    cr_assert_eq(cfg->n_monitor_sessions, 2);
    cr_assert_eq(cfg->monitor_sessions[0].sources[1].dir, CONFIG_SPAN_BOTH, "default both");
    text = config_to_json(cfg);
    cr_assert_not_null(text);
    back = config_parse_string(text, "export", err, sizeof err);
    cr_assert_not_null(back, "%s", err);
    cr_assert(config_equal(cfg, back));
    cfg->n_monitor_sessions = 0;
    free(text);
    text = config_to_json(cfg);
    cr_assert_null(strstr(text, "monitor_sessions"));
    free(text);
    config_free(back);
    config_free(cfg);
}

/* VLAN sources (VSPAN): the frames of a VLAN on every port, as NORMAL
 * admits them (rx) and as the ports send them (tx). */

#define VSESSION(VLANS, DIR, REPLICATE) \
    "[{\"session\": 1, \"source_vlans\": [{\"vlans\": \"" VLANS "\", \"direction\": \"" DIR "\"}]," \
    "  \"destination\": \"mon\", \"encapsulation_replicate\": " REPLICATE "}]"

Test(span, vlan_rx_copies_the_frames_received_in_the_vlan_as_they_came)
{
    struct switch_state *sw = fixture_create(CONFIG_SPAN(VSESSION("10", "rx", "true")));
    uint8_t f[FRAME_LEN + 4];
    size_t len = fixture_frame(f, 0xff, 1, 0);

    inject("vm1", f, len);                      /* access 10, untagged */
    expect_frame("mon", f, len);
    expect_none("mon");                         /* not again at the patch or as sent */
    len = fixture_frame(f, 0xff, 2, 10);
    inject("vm2", f, len);                      /* trunk, tagged 10 */
    expect_frame("mon", f, len);
    expect_none("mon");
    len = fixture_frame(f, 0xff, 2, 20);
    inject("vm2", f, len);                      /* VLAN 20: not copied */
    len = fixture_frame(f, 0xff, 2, 30);
    inject("vm2", f, len);                      /* 30: vm2 does not admit it */
    len = fixture_frame(f, 0xff, 3, 0);
    inject("vm3", f, len);                      /* br1's VLAN 10 too */
    expect_frame("mon", f, len);
    expect_none("mon");
    cr_assert_eq(counters(sw, 1).mirrored, 3);
}

Test(span, vlan_tx_copies_the_frames_sent_in_the_vlan_as_sent)
{
    fixture_create(CONFIG_SPAN(VSESSION("10", "tx", "true")));
    uint8_t f[FRAME_LEN + 4], sent2[PORT_DUMMY_FRAME_MAX], sent3[PORT_DUMMY_FRAME_MAX];
    uint8_t c1[PORT_DUMMY_FRAME_MAX], c2[PORT_DUMMY_FRAME_MAX];
    size_t len = fixture_frame(f, 0xff, 1, 0), l2, l3, n1, n2;

    inject("vm1", f, len);                      /* flooded to vm2 (tagged) and vm3 */
    l2 = take("vm2", sent2);
    l3 = take("vm3", sent3);
    cr_assert_eq(l2, len + 4);
    cr_assert_eq(l3, len);
    n1 = take("mon", c1);
    n2 = take("mon", c2);
    expect_none("mon");                         /* the patch ports are not watched */
    /* One copy of each, in the order the ports sent them. */
    cr_assert((n1 == l2 && !memcmp(c1, sent2, l2) && n2 == l3 && !memcmp(c2, sent3, l3))
              || (n1 == l3 && !memcmp(c1, sent3, l3) && n2 == l2 && !memcmp(c2, sent2, l2)),
              "the copies are what vm2 and vm3 sent");
    len = fixture_frame(f, 0xff, 2, 10);
    inject("vm2", f, len);                      /* received only: vm1 and vm3 send it */
    cr_assert_eq(port_dummy_n_sent("mon"), 2);
}

Test(span, vlan_copies_without_replicate_lose_their_tag)
{
    fixture_create(CONFIG_SPAN(VSESSION("10", "both", "false")));
    uint8_t f[FRAME_LEN + 4], want[FRAME_LEN + 4];
    size_t len = fixture_frame(f, 0x52, 2, 10);

    /* Unicast to an unknown MAC: flooded to vm1 and (by the patch) vm3. */
    inject("vm2", f, len);
    expect_frame("mon", want, untag(want, f, len));     /* received, tag removed */
    cr_assert_eq(port_dummy_n_sent("mon"), 2, "and what vm1 and vm3 sent, untagged");
}

/* The destination is never a source, though it is in the VLAN; ports pay
 * nothing without a VLAN source. */
Test(span, vlan_sources_watch_every_port_but_the_destination)
{
    struct switch_state *sw = fixture_create(CONFIG_SPAN(SESSION("vm2", "both", "true")));
    uint8_t f[FRAME_LEN + 4];
    size_t len = fixture_frame(f, 0xff, 9, 0);
    char err[CONFIG_ERR_MAX];

    cr_assert_null(state_find_port(sw, "vm1")->span, "no VLAN source: vm1 unwatched");
    cr_assert_null(state_find_port(sw, "vm3")->span);
    cr_assert_eq(fixture_apply(sw, CONFIG_SPAN(VSESSION("10", "both", "true")), 0, err,
                               sizeof err), 0, "%s", err);
    cr_assert_not_null(state_find_port(sw, "vm1")->span);
    cr_assert_null(state_find_port(sw, "p0")->span, "patch ports are not watched");
    cr_assert_eq(state_port_status(sw, state_find_port(sw, "mon")), STATE_PORT_MONITORING);
    inject("mon", f, len);                      /* access 10, but the destination */
    expect_none("mon");
    expect_none("vm1");
    cr_assert_eq(fixture_apply(sw, CONFIG_SPAN("[]"), 0, err, sizeof err), 0, "%s", err);
    cr_assert_null(state_find_port(sw, "vm1")->span);
    cr_assert_null(state_find_port(sw, "vm2")->span);
}

/* A port may be an interface source of one session and in a VLAN of
 * another: each session gets its copy, once. */
Test(span, interface_and_vlan_sessions_each_copy_once)
{
    fixture_create(CONFIG_SPAN(
        "[{\"session\": 1, \"sources\": [{\"interface\": \"vm2\", \"direction\": \"rx\"}],"
        "  \"destination\": \"mon\", \"encapsulation_replicate\": true},"
        " {\"session\": 2, \"source_vlans\": [{\"vlans\": \"10,20\", \"direction\": \"rx\"}],"
        "  \"destination\": \"vm3\", \"encapsulation_replicate\": true}]"));
    uint8_t f[FRAME_LEN + 4];
    size_t len = fixture_frame(f, 0xff, 2, 20);

    inject("vm2", f, len);
    expect_frame("mon", f, len);
    expect_none("mon");
    expect_frame("vm3", f, len);
    expect_none("vm3");
}

Test(span_config, vlan_sources_are_checked)
{
    expect_refused("[{\"session\": 1, \"sources\": [{\"interface\": \"vm1\"}],"
                   "  \"source_vlans\": [{\"vlans\": \"10\"}]}]",
                   "monitor_sessions[0].source_vlans: monitor session 1 has source interfaces"
                   " and source VLANs (a session has one kind)");
    expect_refused("[{\"session\": 1, \"source_vlans\": [{\"vlans\": \"0\"}]}]",
                   "monitor_sessions[0].source_vlans[0].vlans:");
    expect_refused("[{\"session\": 1, \"source_vlans\": [{\"vlans\": \"10-\"}]}]",
                   "monitor_sessions[0].source_vlans[0].vlans:");
    expect_refused("[{\"session\": 1, \"source_vlans\": [{\"vlans\": 10}]}]",
                   "expected a string");
    expect_refused("[{\"session\": 1, \"source_vlans\": [{\"direction\": \"rx\"}]}]",
                   "missing key \"vlans\"");
    expect_refused("[{\"session\": 1, \"source_vlans\": [{\"vlans\": \"10\","
                   " \"direction\": \"in\"}]}]",
                   "unknown direction \"in\" (expected rx, tx or both)");
    expect_refused("[{\"session\": 1, \"source_vlans\": {}}]", "expected an array");
}

/* Lists given in several directions add up; the export writes them by
 * direction and loads back equal. */
Test(span_config, vlan_sources_round_trip_through_json)
{
    char err[CONFIG_ERR_MAX];
    struct switch_config *cfg = config_parse_string(
        CONFIG_SPAN("[{\"session\": 4, \"source_vlans\": [{\"vlans\": \"10,20-22\","
                    " \"direction\": \"rx\"}, {\"vlans\": \"22,30\", \"direction\": \"tx\"},"
                    " {\"vlans\": \"40\"}], \"destination\": \"mon\"}]"),
        "t.json", err, sizeof err), *back;
    const struct config_monitor_session *s;
    char *text;

    cr_assert_not_null(cfg, "%s", err);
    s = &cfg->monitor_sessions[0];
    cr_assert_eq(vlan_set_count(&s->vlans_rx), 5);      /* 10, 20-22, 40 */
    cr_assert_eq(vlan_set_count(&s->vlans_tx), 3);      /* 22, 30, 40 */
    text = config_to_json(cfg);
    cr_assert_not_null(text);
    cr_assert(strstr(text, "\"vlans\": \"22,40\""), "%s", text);
    cr_assert(strstr(text, "\"vlans\": \"10,20,21\""), "%s", text);
    back = config_parse_string(text, "export", err, sizeof err);
    cr_assert_not_null(back, "%s", err);
    cr_assert(config_equal(cfg, back));
    free(text);
    config_free(back);
    config_free(cfg);
}
