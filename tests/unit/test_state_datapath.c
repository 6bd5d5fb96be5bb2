/* Unit tests for the datapath glue (switchd/state_datapath.c) on the
 * memory back end (port_dummy.h): a frame injected on one port is read
 * when the loop runs, goes through its bridge and, across a patch pair,
 * through the peer bridge, and comes out of the right ports with the VLAN
 * tags their policies give (docs/design.md sections 4.2 and 5.1). */

#include <criterion/criterion.h>

#include <string.h>

#include "port_dummy.h"
#include "state_private.h"
#include "state_fixture.h"

/* br0: vm1 access 10, vm2 trunk of 10 and 20 (native 1), vm4 access 20,
 * patch p0 (a trunk of everything) to br1's p1; br1: vm3 access 10. */
#define CONFIG_D \
    "{\"bridges\": [" \
    " {\"name\": \"br0\", \"vlans\": [{\"id\": 10}, {\"id\": 20}]," \
    "  \"ports\": [{\"name\": \"vm1\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 10}," \
    "            {\"name\": \"vm2\", \"type\": \"tap\", \"mode\": \"trunk\", \"allowed_vlans\": \"10,20\"}," \
    "            {\"name\": \"vm4\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 20}," \
    "            {\"name\": \"p0\", \"type\": \"patch\", \"peer\": \"p1\"}]}," \
    " {\"name\": \"br1\", \"vlans\": [{\"id\": 10}]," \
    "  \"ports\": [{\"name\": \"p1\", \"type\": \"patch\", \"peer\": \"p0\"}," \
    "            {\"name\": \"vm3\", \"type\": \"internal\", \"mode\": \"access\", \"access_vlan\": 10}]}]}"

#define FRAME_LEN FIXTURE_FRAME_LEN

/* The same payload with its tag changed: 'vid' 0 strips it. */
static size_t
retag(uint8_t out[FRAME_LEN + 4], const uint8_t *in, size_t len, uint16_t vid)
{
    bool tagged = in[12] == 0x81 && in[13] == 0x00;
    const uint8_t *rest = in + (tagged ? 16 : 12);
    size_t rest_len = len - (tagged ? 16 : 12), o = 12;

    memcpy(out, in, 12);
    if (vid) {
        out[o++] = 0x81; out[o++] = 0x00; out[o++] = vid >> 8; out[o++] = vid & 0xff;
    }
    memcpy(out + o, rest, rest_len);
    return o + rest_len;
}

static void
inject(const char *port, const uint8_t *f, size_t len)
{
    cr_assert(port_dummy_inject(port, f, len), "inject on %s", port);
    port_dummy_run(fixture_loop);
}

static void
expect_sent(const char *port, const uint8_t *want, size_t want_len)
{
    uint8_t got[PORT_DUMMY_FRAME_MAX];
    size_t len = port_dummy_sent(port, got, sizeof got);

    cr_assert_eq(len, want_len, "%s sent %zu bytes, want %zu", port, len, want_len);
    cr_assert_arr_eq(got, want, want_len, "%s sent other bytes", port);
}

static void
expect_nothing_sent(const char *port)
{
    cr_assert_eq(port_dummy_n_sent(port), 0, "%s sent %zu frames, want none", port,
                 port_dummy_n_sent(port));
}

TestSuite(state_datapath, .init = fixture_setup, .fini = fixture_teardown);

Test(state_datapath, broadcast_leaves_each_port_with_its_tag_and_crosses_the_patch)
{
    struct switch_state *sw = fixture_create(CONFIG_D);
    uint8_t f[FRAME_LEN + 4], want[FRAME_LEN + 4];
    size_t len = fixture_frame(f, 0xff, 1, 0), want_len;
    struct port *vm1 = state_find_port(sw, "vm1"), *vm3 = state_find_port(sw, "vm3");

    inject("vm1", f, len);
    want_len = retag(want, f, len, 10);
    expect_sent("vm2", want, want_len);         /* trunk: tagged 10 */
    expect_sent("vm3", f, len);                 /* across the patch, access 10 */
    expect_nothing_sent("vm1");                 /* not back where it came from */
    expect_nothing_sent("vm4");                 /* VLAN 20 */
    expect_nothing_sent("vm2");
    expect_nothing_sent("vm3");
    cr_assert_eq(bridge_port_stats(vm1->bridge->core, vm1->port_no)->rx_frames, 1);
    cr_assert_eq(bridge_port_stats(vm3->bridge->core, vm3->port_no)->tx_frames, 1);
    cr_assert_eq(sw->patch_loop_drops + sw->patch_no_peer_drops, 0);
}

Test(state_datapath, learned_unicast_goes_to_one_port_only)
{
    fixture_create(CONFIG_D);
    uint8_t f[FRAME_LEN + 4];
    size_t len = fixture_frame(f, 0xff, 1, 0);

    inject("vm1", f, len);                      /* both bridges learn ..:01 */
    while (port_dummy_sent("vm2", f, sizeof f) || port_dummy_sent("vm3", f, sizeof f))
        ;
    len = fixture_frame(f, 1, 3, 0);
    inject("vm3", f, len);
    expect_sent("vm1", f, len);
    expect_nothing_sent("vm2");
    expect_nothing_sent("vm4");
}

Test(state_datapath, tagged_frame_on_trunk_reaches_its_vlan_untagged)
{
    fixture_create(CONFIG_D);
    uint8_t f[FRAME_LEN + 4], want[FRAME_LEN + 4];
    size_t len = fixture_frame(f, 0xff, 2, 20);
    size_t want_len = retag(want, f, len, 0);

    inject("vm2", f, len);
    expect_sent("vm4", want, want_len);
    expect_nothing_sent("vm1");
    expect_nothing_sent("vm3");                 /* br1 has no port in VLAN 20 */
}

Test(state_datapath, tagged_frame_on_access_port_is_dropped_and_counted)
{
    struct switch_state *sw = fixture_create(CONFIG_D);
    struct port *vm1 = state_find_port(sw, "vm1");
    uint8_t f[FRAME_LEN + 4];
    size_t len = fixture_frame(f, 0xff, 1, 10);

    inject("vm1", f, len);
    expect_nothing_sent("vm2");
    expect_nothing_sent("vm3");
    expect_nothing_sent("vm4");
    cr_assert_eq(bridge_port_stats(vm1->bridge->core, vm1->port_no)
                     ->drops[BRIDGE_DROP_TAGGED_ON_ACCESS], 1);
}

/* A port moved by an apply forwards in its new bridge at once. */
Test(state_datapath, port_moved_by_an_apply_forwards_in_its_new_bridge)
{
    struct switch_state *sw = fixture_create(CONFIG_D);
    uint8_t f[FRAME_LEN + 4];
    size_t len = fixture_frame(f, 0xff, 4, 0);
    char err[256] = "";

    cr_assert_eq(fixture_apply(sw,
        "{\"bridges\": ["
        " {\"name\": \"br0\", \"vlans\": [{\"id\": 10}, {\"id\": 20}],"
        "  \"ports\": [{\"name\": \"vm1\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 10},"
        "            {\"name\": \"vm2\", \"type\": \"tap\", \"mode\": \"trunk\", \"allowed_vlans\": \"10,20\"},"
        "            {\"name\": \"p0\", \"type\": \"patch\", \"peer\": \"p1\"}]},"
        " {\"name\": \"br1\", \"vlans\": [{\"id\": 10}],"
        "  \"ports\": [{\"name\": \"p1\", \"type\": \"patch\", \"peer\": \"p0\"},"
        "            {\"name\": \"vm3\", \"type\": \"internal\", \"mode\": \"access\", \"access_vlan\": 10},"
        "            {\"name\": \"vm4\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 10}]}]}",
        0, err, sizeof err), 0, "%s", err);
    inject("vm4", f, len);
    expect_sent("vm3", f, len);                 /* its new neighbour */
    expect_sent("vm1", f, len);                 /* across the patch, VLAN 10 */
}

/* `show interfaces` rates (switchd/if_rate.h): the 1 s tick samples every
 * port's counters every 5th tick, never in between. */
Test(state_datapath, the_tick_samples_each_port_into_its_5_minute_rates_every_5_s)
{
    struct switch_state *sw = fixture_create(CONFIG_D);
    const struct port *vm1 = state_find_port(sw, "vm1"), *vm2 = state_find_port(sw, "vm2");
    struct state_port_rates r;
    uint8_t f[FRAME_LEN + 4];
    size_t len = fixture_frame(f, 0xff, 1, 0);

    for (int i = 0; i < 10; i++)
        inject("vm1", f, len);
    for (int tick = 1; tick < IF_RATE_SAMPLE_S; tick++) {
        state_rates_tick(sw);
        state_port_rates(vm1, &r);
        cr_assert_eq(r.in_bits, 0, "no sample before the 5th tick");
    }
    state_rates_tick(sw);
    state_port_rates(vm1, &r);
    /* 10 * 64 bytes in 5 s: 1024 bit/s, of which exp(-5/300) is kept
     * out: 1024 * 0.0165 = 17. */
    cr_assert_eq(r.in_bits, 17, "in %llu bit/s", (unsigned long long) r.in_bits);
    cr_assert_eq(r.out_bits, 0);
    state_port_rates(vm2, &r);
    cr_assert_gt(r.out_bits, 17, "vm2 sent them tagged: more bits");
    cr_assert_eq(r.in_bits, 0);
    cr_assert_eq(r.cleared_ms, 0, "never cleared");
    state_clear_counters(sw);
    state_port_rates(vm2, &r);
    cr_assert_gt(r.cleared_ms, 0, "clear counters is remembered");
}
