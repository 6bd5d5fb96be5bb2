/* Unit tests for bonds in the live switch (switchd/state_bond.c) on the
 * memory back end (port_dummy.h): members' frames enter the bridge as the
 * bond's, the bridge's frames for the bond leave by exactly one member,
 * Slow Protocols frames never reach the bridge, balance-slb drops its own
 * broadcasts reflected by a plain peer switch, active-backup fails over on
 * carrier loss, and an apply that adds a member leaves the others' state
 * alone (docs/bonding.md section 4). */

#include <criterion/criterion.h>

#include <errno.h>
#include <string.h>

#include "port_dummy.h"
#include "state_bond.h"
#include "state_datapath.h"
#include "state_fixture.h"
#include "state_private.h"

#define BOND_CONFIG(MODE, LACP, MEMBERS) \
    "{\"bridges\": [{\"name\": \"br0\", \"vlans\": [{\"id\": 10}]," \
    "  \"ports\": [{\"name\": \"vm1\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 10}," \
    "            {\"name\": \"Po1\", \"type\": \"bond\", \"mode\": \"trunk\", \"allowed_vlans\": \"10\"," \
    "             \"bond_mode\": \"" MODE "\", \"lacp\": \"" LACP "\"}" \
    MEMBERS "]}]}"
#define M1 ", {\"name\": \"m1\", \"type\": \"system\", \"bond\": \"Po1\"}"
#define M2 ", {\"name\": \"m2\", \"type\": \"system\", \"bond\": \"Po1\"}"
#define M3 ", {\"name\": \"m3\", \"type\": \"tap\", \"bond\": \"Po1\"}"

#define FRAME_LEN FIXTURE_FRAME_LEN

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

/* Which of m1, m2 (and m3) sent the one frame that left the bond; fails
 * unless exactly one did. */
static const char *
the_member_that_sent(void)
{
    const char *names[] = { "m1", "m2", "m3" }, *who = NULL;
    size_t total = 0;

    for (size_t i = 0; i < 3; i++) {
        size_t n = port_dummy_n_sent(names[i]);
        if (n)
            who = names[i];
        total += n;
        drain(names[i]);
    }
    cr_assert_eq(total, 1, "the bond sent %zu copies, want exactly 1", total);
    return who;
}

TestSuite(state_bond, .init = fixture_setup, .fini = fixture_teardown);

Test(state_bond, members_frames_enter_as_the_bond_and_leave_by_one_member)
{
    struct switch_state *sw = fixture_create(BOND_CONFIG("balance-slb", "off", M1 M2));
    struct port *po = state_find_port(sw, "Po1"), *m1 = state_find_port(sw, "m1");
    uint8_t f[FRAME_LEN + 4];
    size_t len;
    uint16_t port;

    cr_assert(state_port_enabled(po), "a bond with usable members is up");
    cr_assert(!state_port_enabled(m1), "a member forwards nothing as itself");
    cr_assert_eq(state_bond_n_members(po), 2);

    len = fixture_frame(f, 0xff, 7, 10);            /* from a host behind the peer */
    inject("m1", f, len);
    cr_assert_eq(port_dummy_n_sent("vm1"), 1, "the bond's broadcast reaches vm1");
    drain("vm1");
    cr_assert_eq(port_dummy_n_sent("m2"), 0, "never back out of the bond");
    cr_assert(mac_table_lookup(bridge_mac_table(po->bridge->core), 10,
                               (uint8_t[]) { 0x52, 0x54, 0x00, 0x00, 0x00, 7 }, &port));
    cr_assert_eq(port, po->port_no, "learnt on the bond, not the member");
    cr_assert_eq(state_port_stats(m1)->rx_frames, 1, "the member counts what it received");
    cr_assert_eq(state_port_stats(po)->rx_frames, 1, "and the bond what entered the bridge");
    cr_assert_eq(state_port_stats(m1)->rx_broadcast, 1, "a broadcast, for show interfaces");
    cr_assert_eq(state_port_stats(po)->rx_broadcast, 1);

    len = fixture_frame(f, 0xff, 1, 0);             /* vm1's broadcast: one member only */
    inject("vm1", f, len);
    the_member_that_sent();
    len = fixture_frame(f, 7, 1, 0);                /* known unicast to the bond */
    inject("vm1", f, len);
    the_member_that_sent();
}

Test(state_bond, slow_protocol_frames_never_reach_the_bridge)
{
    fixture_create(BOND_CONFIG("balance-slb", "active", M1 M2));
    uint8_t f[124] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x02, 0x52, 0x54, 0, 0, 0, 9, 0x88, 0x09, 1, 1 };

    inject("m1", f, sizeof f);
    cr_assert_eq(port_dummy_n_sent("vm1"), 0, "a LACPDU stays with the bond");
    f[14] = 2;                                   /* a marker PDU */
    inject("m2", f, sizeof f);
    cr_assert_eq(port_dummy_n_sent("vm1"), 0, "a marker PDU too");
}

Test(state_bond, lacp_bond_without_partner_forwards_nothing)
{
    struct switch_state *sw = fixture_create(BOND_CONFIG("balance-slb", "active", M1 M2));
    struct port *po = state_find_port(sw, "Po1");
    uint8_t f[FRAME_LEN + 4];
    size_t len = fixture_frame(f, 0xff, 7, 10);
    struct state_member_status st;

    cr_assert(!state_port_enabled(po), "no member is distributing");
    inject("m1", f, len);
    cr_assert_eq(port_dummy_n_sent("vm1"), 0, "a member not in the bundle is not forwarded");
    state_member_status(state_find_port(sw, "m1"), &st);
    cr_assert_eq(st.flag, STATE_MEMBER_STANDALONE, "flag %d rx %d standby %d sel %d", st.flag, st.lacp ? (int) st.lacp->rx : -1, st.lacp ? st.lacp->standby : -1, st.lacp ? st.lacp->selected : -1);
    cr_assert(st.lacp);
    /* An active member speaks first: a LACPDU went out of each member. */
    cr_assert_geq(port_dummy_n_sent("m1"), 1);
    cr_assert_geq(port_dummy_n_sent("m2"), 1);
}

Test(state_bond, balance_slb_drops_its_own_broadcast_reflected_by_the_peer)
{
    struct switch_state *sw = fixture_create(BOND_CONFIG("balance-slb", "off", M1 M2));
    struct port *po = state_find_port(sw, "Po1");
    uint8_t f[FRAME_LEN + 4], tagged[FRAME_LEN + 4];
    size_t len = fixture_frame(f, 0xff, 1, 0), tlen = fixture_frame(tagged, 0xff, 1, 10);
    const char *out, *other;
    struct state_bond_status st;

    inject("vm1", f, len);                       /* vm1 is learnt on vm1 */
    out = the_member_that_sent();
    other = !strcmp(out, "m1") ? "m2" : "m1";
    /* A plain switch floods it back on the other link. */
    inject(other, tagged, tlen);
    cr_assert_eq(port_dummy_n_sent("vm1"), 0, "the reflection must not come back to vm1");
    /* Even as unicast from a MAC learnt elsewhere, on the flooding member. */
    tlen = fixture_frame(tagged, 9, 1, 10);
    inject(out, tagged, tlen);
    cr_assert_eq(port_dummy_n_sent("vm1"), 0);
    state_bond_status(po, &st);
    cr_assert_eq(st.rx_drops_multicast + st.rx_drops_reflected, 2);
}

Test(state_bond, active_backup_fails_over_on_carrier_loss)
{
    struct switch_state *sw = fixture_create(BOND_CONFIG("active-backup", "off", M1 M2));
    struct port *po = state_find_port(sw, "Po1");
    uint8_t f[FRAME_LEN + 4];
    size_t len;
    struct state_bond_status st;
    const char *active;

    state_bond_status(po, &st);
    cr_assert(st.active);
    active = state_port_name(st.active);
    len = fixture_frame(f, 0xff, 1, 0);
    inject("vm1", f, len);
    cr_assert_str_eq(the_member_that_sent(), active, "everything leaves by the active member");
    /* The backup's frames are not taken. */
    len = fixture_frame(f, 0xff, 7, 10);
    inject(!strcmp(active, "m1") ? "m2" : "m1", f, len);
    cr_assert_eq(port_dummy_n_sent("vm1"), 0);

    state_link_event(sw, &(struct link_event) { .name = active, .carrier = false });
    state_bond_status(po, &st);
    cr_assert(st.active && strcmp(state_port_name(st.active), active),
              "the other member takes over at the link event");
    len = fixture_frame(f, 0xff, 1, 0);
    inject("vm1", f, len);
    cr_assert_str_neq(the_member_that_sent(), active);
    cr_assert_eq(st.failovers, 1);
}

Test(state_bond, a_bond_with_no_usable_member_is_down)
{
    struct switch_state *sw;

    port_dummy_set_carrier("m1", false);
    port_dummy_set_carrier("m2", false);
    sw = fixture_create(BOND_CONFIG("balance-slb", "off", M1 M2));
    cr_assert(!state_port_enabled(state_find_port(sw, "Po1")));
    cr_assert(!state_port_connected(sw, state_find_port(sw, "Po1")));
    port_dummy_set_carrier("m2", true);
    state_bonds_tick(sw);                        /* carrier polled */
    cr_assert(state_port_enabled(state_find_port(sw, "Po1")));
}

Test(state_bond, adding_a_member_leaves_the_others_alone)
{
    struct switch_state *sw = fixture_create(BOND_CONFIG("balance-slb", "active", M1 M2));
    struct port *m1 = state_find_port(sw, "m1");
    struct bond_member_state *before = m1->member;
    struct lacp_member lacp_before = before->lacp;
    char err[256];

    cr_assert_eq(fixture_apply(sw, BOND_CONFIG("balance-slb", "active", M1 M2 M3), 0, err,
                               sizeof err), 0, "%s", err);
    cr_assert_eq(state_find_port(sw, "m1"), m1, "the member port is kept");
    cr_assert_eq(m1->member, before, "with its machines");
    cr_assert_eq(m1->member->lacp.actor.port, lacp_before.actor.port);
    cr_assert_eq(m1->member->lacp.rx, lacp_before.rx);
    cr_assert_eq(state_bond_n_members(state_find_port(sw, "Po1")), 3);
}

Test(state_bond, a_port_that_leaves_the_bond_forwards_as_itself)
{
    struct switch_state *sw = fixture_create(BOND_CONFIG("balance-slb", "off", M1 M2));
    char err[256];

    cr_assert_eq(fixture_apply(sw, BOND_CONFIG("balance-slb", "off",
                               M1 ", {\"name\": \"m2\", \"type\": \"system\"}"), 0, err,
                               sizeof err), 0, "%s", err);
    cr_assert(state_port_enabled(state_find_port(sw, "m2")));
    cr_assert_null(state_port_bond(state_find_port(sw, "m2")));
    cr_assert_eq(state_bond_n_members(state_find_port(sw, "Po1")), 1);
    /* And a removed bond frees its members. */
    cr_assert_eq(fixture_apply(sw, "{\"bridges\": [{\"name\": \"br0\", \"ports\": ["
                               "{\"name\": \"m1\", \"type\": \"system\"},"
                               "{\"name\": \"m2\", \"type\": \"system\"}]}]}", 0, err,
                               sizeof err), 0, "%s", err);
    cr_assert(state_port_enabled(state_find_port(sw, "m1")));
    cr_assert_null(state_port_bond(state_find_port(sw, "m1")));
}

/* Flows see a member's frames as the bond's: in_port is the bond's ofport
 * (2 here: vm1 1, Po1 2, m1 3, m2 4), never the member's. */
Test(state_bond, flows_match_the_bonds_ofport)
{
    struct switch_state *sw = fixture_create(
        "{\"bridges\": [{\"name\": \"br0\", \"vlans\": [{\"id\": 10}],"
        "  \"ports\": [{\"name\": \"vm1\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 10},"
        "            {\"name\": \"Po1\", \"type\": \"bond\", \"mode\": \"access\", \"access_vlan\": 10}"
        M1 M2 "],"
        "  \"flows\": [\"priority=10,in_port=2,dl_src=52:54:00:00:00:07 actions=drop\","
        "            \"priority=10,in_port=3 actions=drop\","
        "            \"priority=0 actions=NORMAL\"]}]}");
    struct port *po = state_find_port(sw, "Po1");
    uint8_t f[FRAME_LEN + 4];
    size_t len;

    cr_assert_eq(state_port_ofport(po), 2);
    len = fixture_frame(f, 0xff, 7, 0);
    inject("m1", f, len);
    cr_assert_eq(port_dummy_n_sent("vm1"), 0, "in_port=2 (the bond) matched the member's frame");
    cr_assert_eq(state_port_stats(po)->drops[BRIDGE_DROP_FLOW_DROP], 1);
    len = fixture_frame(f, 0xff, 8, 0);          /* another source: NORMAL */
    inject("m1", f, len);
    cr_assert_eq(port_dummy_n_sent("vm1"), 1, "in_port=3 (a member) never matches");
}

/* The bond port becomes a port of another type in one apply with its
 * members leaving: the old bond is freed with nothing left pointing at it
 * (ASan would see a use after free). */
Test(state_bond, a_bond_turned_into_another_port_type)
{
    struct switch_state *sw = fixture_create(BOND_CONFIG("balance-slb", "off", M1 M2));
    char err[256];

    cr_assert_eq(fixture_apply(sw, "{\"bridges\": [{\"name\": \"br0\", \"ports\": ["
                               "{\"name\": \"Po1\", \"type\": \"system\"},"
                               "{\"name\": \"m1\", \"type\": \"system\"},"
                               "{\"name\": \"m2\", \"type\": \"system\"}]}]}", 0, err,
                               sizeof err), 0, "%s", err);
    cr_assert(state_port_enabled(state_find_port(sw, "m1")));
    cr_assert_null(state_port_bond(state_find_port(sw, "m2")));
}

/* An apply that fails after the bond was touched leaves the bond as it
 * was: members linked, forwarding. */
Test(state_bond, a_failed_apply_leaves_the_bond_working)
{
    struct switch_state *sw = fixture_create(BOND_CONFIG("balance-slb", "off", M1 M2));
    uint8_t f[FRAME_LEN + 4];
    size_t len;
    char err[256];

    port_dummy_fail_name("m3", EIO);
    cr_assert_neq(fixture_apply(sw, BOND_CONFIG("active-backup", "off", M1 M2 M3), 0, err,
                                sizeof err), 0);
    cr_assert_eq(state_bond_n_members(state_find_port(sw, "Po1")), 2);
    cr_assert(state_port_enabled(state_find_port(sw, "Po1")));
    len = fixture_frame(f, 0xff, 1, 0);
    inject("vm1", f, len);
    the_member_that_sent();
}

/* Every bond of the switch has a LACP key of its own and every member a
 * port number of its own, or a peer would aggregate links of two bonds
 * (or two bridges) as one. */
Test(state_bond, keys_and_port_numbers_are_unique_in_the_switch)
{
    struct switch_state *sw = fixture_create(
        "{\"bridges\": ["
        " {\"name\": \"br0\", \"ports\": ["
        "   {\"name\": \"bond0\", \"type\": \"bond\", \"lacp\": \"active\"},"
        "   {\"name\": \"a1\", \"type\": \"system\", \"bond\": \"bond0\"}]},"
        " {\"name\": \"br1\", \"ports\": ["
        "   {\"name\": \"bond1\", \"type\": \"bond\", \"lacp\": \"active\"},"
        "   {\"name\": \"b1\", \"type\": \"system\", \"bond\": \"bond1\"},"
        "   {\"name\": \"x\", \"type\": \"tap\"}, {\"name\": \"y\", \"type\": \"tap\"},"
        "   {\"name\": \"z\", \"type\": \"tap\"},"
        "   {\"name\": \"Po4097\", \"type\": \"bond\", \"lacp\": \"active\"},"
        "   {\"name\": \"Po1\", \"type\": \"bond\", \"lacp\": \"active\"},"
        "   {\"name\": \"c1\", \"type\": \"system\", \"bond\": \"Po1\"}]}]}");
    const char *bonds[] = { "bond0", "bond1", "Po4097", "Po1" };
    uint16_t keys[4];
    struct port *a1 = state_find_port(sw, "a1"), *b1 = state_find_port(sw, "b1");
    struct state_bond_status st;

    for (int i = 0; i < 4; i++) {
        state_bond_status(state_find_port(sw, bonds[i]), &st);
        keys[i] = st.key;
        for (int j = 0; j < i; j++)
            cr_assert_neq(keys[i], keys[j], "%s and %s share key %u", bonds[i], bonds[j],
                          keys[i]);
    }
    cr_assert_eq(keys[3], 1, "Po1 is channel group 1");
    cr_assert_gt(keys[0], 4096);
    cr_assert_eq(state_port_ofport(a1), state_port_ofport(b1), "the same ofport in two bridges");
    cr_assert_neq(a1->member->lacp.actor.port, b1->member->lacp.actor.port);
    cr_assert_eq(a1->member->lacp.actor.key, keys[0]);
}

/* `shutdown` on the port-channel takes its members out of the bundle:
 * LACP sees their ports disabled, so they stop speaking, and they show D. */
Test(state_bond, shutdown_on_the_port_channel_takes_the_members_out)
{
    struct switch_state *sw = fixture_create(BOND_CONFIG("balance-slb", "active", M1 M2));
    struct port *m1 = state_find_port(sw, "m1");
    struct state_member_status st;
    char err[256];

    cr_assert(m1->member->lacp.port_enabled);
    cr_assert_eq(fixture_apply(sw,
        "{\"bridges\": [{\"name\": \"br0\", \"vlans\": [{\"id\": 10}],"
        "  \"ports\": [{\"name\": \"vm1\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 10},"
        "            {\"name\": \"Po1\", \"type\": \"bond\", \"mode\": \"trunk\", \"allowed_vlans\": \"10\","
        "             \"lacp\": \"active\", \"enabled\": false}" M1 M2 "]}]}", 0, err, sizeof err),
        0, "%s", err);
    cr_assert(!m1->member->lacp.port_enabled, "LACP sees the member's port disabled");
    cr_assert_eq(m1->member->lacp.rx, LACP_RX_PORT_DISABLED);
    state_member_status(m1, &st);
    cr_assert_eq(st.flag, STATE_MEMBER_DOWN);
    cr_assert(!state_port_enabled(state_find_port(sw, "Po1")));
}
