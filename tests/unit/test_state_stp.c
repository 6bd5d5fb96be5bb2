/* Unit tests for the spanning tree agent (switchd/state_stp.c) on the
 * memory back end (port_dummy.h): a bridge running STP consumes BPDUs,
 * one running none floods them as data, a discarding port forwards
 * nothing, BPDU guard err-disables, links reach the instance at once, the
 * receive rate is bounded, and applies turn the instance on and off
 * (docs/design.md section 5.13).  The configuration is set in memory: the
 * JSON keys are the loader's. */

#include <criterion/criterion.h>

#include <string.h>

#include "port_dummy.h"
#include "state_apply.h"
#include "state_datapath.h"
#include "state_fixture.h"
#include "state_link.h"
#include "state_private.h"
#include "state_stp.h"

#define CONFIG \
    "{\"bridges\": [{\"name\": \"br0\", \"ports\": [" \
    " {\"name\": \"vm1\", \"type\": \"tap\", \"ofport\": 1}," \
    " {\"name\": \"vm2\", \"type\": \"tap\", \"ofport\": 2}," \
    " {\"name\": \"up1\", \"type\": \"system\", \"mode\": \"trunk\", \"ofport\": 7000}," \
    " {\"name\": \"up2\", \"type\": \"system\", \"mode\": \"trunk\", \"ofport\": 5}," \
    " {\"name\": \"Po1\", \"type\": \"bond\", \"ofport\": 4}," \
    " {\"name\": \"m1\", \"type\": \"system\", \"bond\": \"Po1\"}]}]}"

TestSuite(state_stp, .init = fixture_setup, .fini = fixture_teardown);

/* A 60-byte RST BPDU from port 'port_id' of bridge 02:00:00:00:00:'id'
 * (priority 'prio'), claiming itself root, sent from 02:00:00:00:01:'id'. */
static size_t
bpdu_port(uint8_t f[60], uint8_t id, uint16_t prio, uint16_t port_id)
{
    static const uint8_t head[] = { 0x01, 0x80, 0xc2, 0, 0, 0, 0x02, 0, 0, 0, 1, 0,
                                    0x00, 39, 0x42, 0x42, 0x03, 0, 0, 2, 2, 0x3c };
    uint8_t *p = f + sizeof head;

    memset(f, 0, 60);
    memcpy(f, head, sizeof head);
    f[11] = id;
    for (int k = 0; k < 2; k++) {       /* root ID, then (after the cost) bridge ID */
        p[0] = prio >> 8;
        p[1] = prio & 0xff;
        p[2] = 2;
        p[7] = id;
        p += k ? 8 : 12;
    }
    p[0] = port_id >> 8;                /* port ID */
    p[1] = port_id & 0xff;
    p[4] = 20; p[6] = 2; p[8] = 15;     /* max age 20, hello 2, forward delay 15 (x256) */
    return 60;
}

static size_t
bpdu(uint8_t f[60], uint8_t id, uint16_t prio)
{
    return bpdu_port(f, id, prio, 0x8001);
}

/* A broadcast from 52:54:00:00:00:'src'. */
static size_t
bcast(uint8_t f[FIXTURE_FRAME_LEN + 4], uint8_t src)
{
    return fixture_frame(f, 0xff, src, 0);
}

/* The running configuration with spanning tree 'on' on br0, applied;
 * 'edit' (may be NULL) changes it first. */
static void
apply_stp(struct switch_state *sw, bool on, void (*edit)(struct switch_config *))
{
    struct switch_config *cfg = fixture_config(CONFIG);
    char err[256];

    cfg->bridges[0].stp.enabled = on;
    if (edit)
        edit(cfg);
    cr_assert_eq(state_apply(sw, cfg, 0, err, sizeof err), 0, "%s", err);
}

static void
drain(const char *port)
{
    uint8_t buf[PORT_DUMMY_FRAME_MAX];

    while (port_dummy_sent(port, buf, sizeof buf))
        ;
}

/* Takes what 'port' sent and counts the frames from source 'src' (the
 * switch's own BPDUs come from elsewhere). */
static size_t
sent_from(const char *port, const uint8_t src[6])
{
    uint8_t buf[PORT_DUMMY_FRAME_MAX];
    size_t len, n = 0;

    while ((len = port_dummy_sent(port, buf, sizeof buf)))
        n += len >= 12 && !memcmp(buf + 6, src, 6);
    return n;
}

static const uint8_t PEER9[6] = { 2, 0, 0, 0, 1, 9 };      /* bpdu(.., 9, ..)'s source */
static const uint8_t HOST1[6] = { 0x52, 0x54, 0, 0, 0, 1 }; /* bcast(.., 1)'s */
static const uint8_t HOST2[6] = { 0x52, 0x54, 0, 0, 0, 2 };

Test(state_stp, apply_turns_the_instance_on_and_off)
{
    struct switch_state *sw = fixture_create(CONFIG);
    struct sw_bridge *b = state_find_bridge(sw, "br0");
    struct rstp_bridge_info bi;
    struct rstp_port_info pi;

    cr_assert_not(state_stp_bridge_info(b, &bi), "runs with no spanning_tree");
    apply_stp(sw, true, NULL);
    cr_assert(state_stp_bridge_info(b, &bi));
    cr_assert_eq(bi.bridge_id.priority, RSTP_PRIORITY_DEFAULT);
    cr_assert_eq(bi.bridge_id.addr[0] & 0x03, 0x02, "not a locally administered unicast");
    for (const char **n = (const char *[]) { "vm1", "vm2", "up1", "Po1", NULL }; *n; n++)
        cr_assert(state_stp_port_info(state_find_port(sw, *n), &pi, NULL), "%s takes no part", *n);
    cr_assert_not(state_stp_port_info(state_find_port(sw, "m1"), &pi, NULL),
                  "a bond member takes part");
    /* Port numbers: the ofport, or a free one past 4095. */
    state_stp_port_info(state_find_port(sw, "vm2"), &pi, NULL);
    cr_assert_eq(pi.port_id & 0xfff, 2);
    state_stp_port_info(state_find_port(sw, "up1"), &pi, NULL);
    cr_assert_eq(pi.port_id & 0xfff, RSTP_PORT_NUMBER_MAX);

    /* Off again: no instance, every port forwarding. */
    bridge_port_set_stp_state(b->core, state_find_port(sw, "vm2")->port_no,
                              BRIDGE_STP_DISCARDING);
    apply_stp(sw, false, NULL);
    cr_assert_not(state_stp_bridge_info(b, &bi));
    cr_assert_eq(bridge_port_stp_state(b->core, state_find_port(sw, "vm2")->port_no),
                 BRIDGE_STP_FORWARDING);
}

static void
prio_4096(struct switch_config *cfg)
{
    cfg->bridges[0].stp.priority_set = true;
    cfg->bridges[0].stp.priority = 4096;
}

Test(state_stp, a_new_priority_reaches_the_instance_and_the_address_stays)
{
    struct switch_state *sw = fixture_create(CONFIG);
    struct sw_bridge *b = state_find_bridge(sw, "br0");
    struct rstp_bridge_info before, after;

    apply_stp(sw, true, NULL);
    state_stp_bridge_info(b, &before);
    apply_stp(sw, true, prio_4096);
    state_stp_bridge_info(b, &after);
    cr_assert_eq(after.bridge_id.priority, 4096);
    cr_assert_arr_eq(after.bridge_id.addr, before.bridge_id.addr, ETH_ADDR_LEN);
}

Test(state_stp, bpdus_are_consumed_with_stp_on_and_data_with_it_off)
{
    struct switch_state *sw = fixture_create(CONFIG);
    uint8_t f[60];

    bpdu(f, 9, 4096);
    cr_assert(port_dummy_inject("vm1", f, sizeof f));
    port_dummy_run(fixture_loop);
    cr_assert_eq(sent_from("vm2", PEER9), 1, "a BPDU was not flooded with STP off");
    drain("up1");

    apply_stp(sw, true, NULL);
    cr_assert(port_dummy_inject("vm1", f, sizeof f));
    port_dummy_run(fixture_loop);
    cr_assert_eq(sent_from("vm2", PEER9), 0, "a BPDU crossed a bridge running STP");
    cr_assert_eq(sent_from("up1", PEER9), 0, "a BPDU crossed a bridge running STP");
    /* On a bond member: its bond's, consumed too. */
    cr_assert(port_dummy_inject("m1", f, sizeof f));
    port_dummy_run(fixture_loop);
    cr_assert_eq(sent_from("vm2", PEER9), 0, "a member's BPDU was forwarded");
}

/* A peer root heard on up1 and up2 (its ports 1 and 2): up1 is the root
 * port, up2 alternate, discarding: flooded to nothing and forwarding
 * nothing of what it receives. */
Test(state_stp, an_alternate_port_is_discarding_and_forwards_nothing)
{
    struct switch_state *sw = fixture_create(CONFIG);
    struct port *up1 = state_find_port(sw, "up1"), *up2 = state_find_port(sw, "up2");
    struct sw_bridge *b = state_find_bridge(sw, "br0");
    struct rstp_bridge_info bi;
    struct rstp_port_info pi;
    uint8_t f[FIXTURE_FRAME_LEN + 4];
    size_t len;

    apply_stp(sw, true, NULL);
    bpdu_port(f, 9, 4096, 0x8001);
    cr_assert(port_dummy_inject("up1", f, 60));
    bpdu_port(f, 9, 4096, 0x8002);
    cr_assert(port_dummy_inject("up2", f, 60));
    port_dummy_run(fixture_loop);
    cr_assert(state_stp_bridge_info(b, &bi));
    cr_assert_not(bi.is_root, "the peer's priority 4096 is better");
    cr_assert(state_stp_port_info(up1, &pi, NULL));
    cr_assert_eq(pi.role, RSTP_ROLE_ROOT);
    cr_assert(state_stp_port_info(up2, &pi, NULL));
    cr_assert_eq(pi.role, RSTP_ROLE_ALTERNATE);
    cr_assert_eq(pi.state, RSTP_DISCARDING);
    cr_assert_eq(bridge_port_stp_state(b->core, up2->port_no), BRIDGE_STP_DISCARDING);

    drain("up1"); drain("up2"); drain("vm2");
    len = bcast(f, 1);
    cr_assert(port_dummy_inject("vm1", f, len));
    port_dummy_run(fixture_loop);
    cr_assert_eq(sent_from("vm2", HOST1), 1);
    cr_assert_eq(sent_from("up2", HOST1), 0, "flooded to an alternate port");
    len = bcast(f, 2);
    cr_assert(port_dummy_inject("up2", f, len));
    port_dummy_run(fixture_loop);
    cr_assert_eq(sent_from("vm1", HOST2), 0, "an alternate port's frame was forwarded");
    cr_assert_eq(sent_from("up1", HOST2), 0);
    cr_assert_eq(bridge_port_stats(b->core, up2->port_no)->drops[BRIDGE_DROP_STP_DISCARDING], 1);
}

static void
guard_vm1(struct switch_config *cfg)
{
    cfg->bridges[0].ports[0].stp.bpduguard = CONFIG_STP_ENABLE;
}

Test(state_stp, bpduguard_err_disables_the_port)
{
    struct switch_state *sw = fixture_create(CONFIG);
    struct port *vm1 = state_find_port(sw, "vm1");
    struct rstp_port_info pi;
    bool guard = false;
    uint8_t f[60];

    apply_stp(sw, true, guard_vm1);
    cr_assert(state_stp_port_info(vm1, &pi, &guard));
    cr_assert(guard);
    cr_assert(pi.enabled);
    bpdu(f, 9, 4096);
    cr_assert(port_dummy_inject("vm1", f, sizeof f));
    port_dummy_run(fixture_loop);
    cr_assert_str_eq(state_port_err_disabled_cause(vm1) ? state_port_err_disabled_cause(vm1)
                                                        : "(none)", "bpduguard");
    cr_assert_eq(state_stp_port_bpduguard_hits(vm1), 1);
    cr_assert(state_stp_port_info(vm1, &pi, NULL));
    cr_assert_not(pi.enabled, "the instance still sees the port up");
    cr_assert_eq(sent_from("vm2", PEER9), 0);
}

static void
guard_default(struct switch_config *cfg)
{
    cfg->bridges[0].stp.bpduguard_default = true;
}

/* The bridge's default guards edge ports (tap ports are), not the trunk. */
Test(state_stp, bpduguard_default_guards_edge_ports_only)
{
    struct switch_state *sw = fixture_create(CONFIG);
    bool guard;
    struct rstp_port_info pi;
    uint8_t f[60];

    apply_stp(sw, true, guard_default);
    cr_assert(state_stp_port_info(state_find_port(sw, "vm2"), &pi, &guard));
    cr_assert(guard, "a tap port is edge: guarded by default");
    cr_assert(state_stp_port_info(state_find_port(sw, "up1"), &pi, &guard));
    cr_assert_not(guard, "a trunk was guarded by default");
    bpdu(f, 9, 4096);
    cr_assert(port_dummy_inject("up1", f, sizeof f));
    port_dummy_run(fixture_loop);
    cr_assert_null(state_port_err_disabled_cause(state_find_port(sw, "up1")));
}

Test(state_stp, a_link_change_reaches_the_instance_at_once)
{
    struct switch_state *sw = fixture_create(CONFIG);
    struct port *up1 = state_find_port(sw, "up1");
    struct rstp_port_info pi;

    apply_stp(sw, true, NULL);
    cr_assert(state_stp_port_info(up1, &pi, NULL));
    cr_assert(pi.enabled);
    port_dummy_set_carrier("up1", false);
    state_link_carrier(sw, up1, false);
    cr_assert(state_stp_port_info(up1, &pi, NULL));
    cr_assert_not(pi.enabled, "carrier loss not seen");
    port_dummy_set_carrier("up1", true);
    state_link_carrier(sw, up1, true);
    cr_assert(state_stp_port_info(up1, &pi, NULL));
    cr_assert(pi.enabled);
}

/* A port parses at most STP_RX_PER_SECOND BPDUs a second; the rest are
 * counted as filtered, none is forwarded. */
Test(state_stp, the_receive_rate_is_bounded)
{
    struct switch_state *sw = fixture_create(CONFIG);
    struct port *up1 = state_find_port(sw, "up1");
    struct rstp_port_info pi;
    uint8_t f[60];

    apply_stp(sw, true, NULL);
    bpdu(f, 9, 4096);
    for (int i = 0; i < 3 * STP_RX_PER_SECOND; i++) {
        cr_assert(port_dummy_inject("up1", f, sizeof f));
        if (i % 16 == 15)
            port_dummy_run(fixture_loop);
    }
    port_dummy_run(fixture_loop);
    cr_assert(state_stp_port_info(up1, &pi, NULL));
    cr_assert_geq(pi.counters.rx_filtered, STP_RX_PER_SECOND,
                  "only %llu over the rate", (unsigned long long) pi.counters.rx_filtered);
    cr_assert_eq(sent_from("vm1", PEER9), 0);
    state_stp_clear_counters(sw, up1);
    cr_assert(state_stp_port_info(up1, &pi, NULL));
    cr_assert_eq(pi.counters.rx_filtered, 0);
}

Test(state_stp, a_removed_port_leaves_the_instance)
{
    struct switch_state *sw = fixture_create(CONFIG);
    struct switch_config *cfg = fixture_config(CONFIG);
    struct rstp_port_info pi;
    char err[256];

    apply_stp(sw, true, NULL);
    cfg->bridges[0].stp.enabled = true;
    cfg->bridges[0].n_ports = 2;        /* vm1, vm2 */
    cr_assert_eq(state_apply(sw, cfg, 0, err, sizeof err), 0, "%s", err);
    cr_assert(state_stp_port_info(state_find_port(sw, "vm2"), &pi, NULL));
    cr_assert_null(state_find_port(sw, "up1"));
    state_stp_tick(sw);
}

/* Two bridges joined by two pairs of patch ports: a loop.  BPDUs cross the
 * patches (queued, so neither instance is entered from its own callback)
 * and exactly one of the four ends is alternate, discarding. */
#define PATCH_LOOP \
    "{\"bridges\": [" \
    "{\"name\": \"br0\", \"spanning_tree\": {\"enabled\": true, \"priority\": 4096}, \"ports\": [" \
    " {\"name\": \"p1a\", \"type\": \"patch\", \"peer\": \"p1b\"}," \
    " {\"name\": \"p2a\", \"type\": \"patch\", \"peer\": \"p2b\"}," \
    " {\"name\": \"vm1\", \"type\": \"tap\"}]}," \
    "{\"name\": \"br1\", \"spanning_tree\": {\"enabled\": true}, \"ports\": [" \
    " {\"name\": \"p1b\", \"type\": \"patch\", \"peer\": \"p1a\"}," \
    " {\"name\": \"p2b\", \"type\": \"patch\", \"peer\": \"p2a\"}," \
    " {\"name\": \"vm2\", \"type\": \"tap\"}]}]}"

Test(state_stp, patch_ports_carry_bpdus_and_a_patch_loop_blocks_once)
{
    struct switch_state *sw = fixture_create(PATCH_LOOP);
    static const char *const ends[] = { "p1a", "p2a", "p1b", "p2b" };
    struct rstp_port_info pi;
    unsigned alternate = 0, forwarding = 0;
    uint8_t f[FIXTURE_FRAME_LEN + 4];
    size_t len;

    for (int i = 0; i < 3; i++)
        state_stp_tick(sw);
    for (size_t i = 0; i < 4; i++) {
        cr_assert(state_stp_port_info(state_find_port(sw, ends[i]), &pi, NULL), "%s", ends[i]);
        cr_assert_gt(pi.counters.rx_rstp, 0, "%s heard no BPDU", ends[i]);
        alternate += pi.role == RSTP_ROLE_ALTERNATE && pi.state == RSTP_DISCARDING;
        forwarding += pi.state == RSTP_FORWARDING;
    }
    cr_assert_eq(alternate, 1, "%u alternate ends", alternate);
    cr_assert_eq(forwarding, 3, "%u forwarding ends", forwarding);
    /* br0 (priority 4096) is root: the alternate end is on br1. */
    cr_assert(state_stp_port_info(state_find_port(sw, "p2b"), &pi, NULL));
    cr_assert_eq(pi.role, RSTP_ROLE_ALTERNATE);

    /* A broadcast goes round no loop: vm2 gets it once. */
    drain("vm2");
    len = bcast(f, 1);
    cr_assert(port_dummy_inject("vm1", f, len));
    port_dummy_run(fixture_loop);
    cr_assert_eq(sent_from("vm2", HOST1), 1);
    cr_assert_eq(sw->patch_loop_drops, 0, "the frame came round the patch loop");
}

/* A bond port takes part with its members' link: its BPDUs leave by a
 * member (the bond's send), never by the bond port's own name. */
Test(state_stp, a_bond_port_sends_its_bpdus_by_a_member)
{
    struct switch_state *sw = fixture_create(CONFIG);
    static const uint8_t group[6] = RSTP_GROUP_ADDR;
    uint8_t buf[PORT_DUMMY_FRAME_MAX];
    struct rstp_port_info pi;
    size_t len, n = 0;

    drain("m1");
    apply_stp(sw, true, NULL);
    for (int i = 0; i < 3; i++)
        state_stp_tick(sw);
    cr_assert(state_stp_port_info(state_find_port(sw, "Po1"), &pi, NULL));
    cr_assert(pi.enabled, "the bond's link is not up");
    while ((len = port_dummy_sent("m1", buf, sizeof buf)))
        n += len >= 6 && !memcmp(buf, group, 6);
    cr_assert_gt(n, 0, "no BPDU left by the member");
    cr_assert_gt(pi.counters.tx_rstp, 0);
    /* mcheck and clearing every counter are safe at any time. */
    state_stp_mcheck(sw, NULL);
    state_stp_clear_counters(sw, NULL);
    cr_assert(state_stp_port_info(state_find_port(sw, "Po1"), &pi, NULL));
    cr_assert_eq(pi.counters.tx_rstp, 0);
}

/* What a hostile host sends to the group address is taken and counted as
 * an error, never forwarded: garbage, a truncated BPDU, a tagged one. */
Test(state_stp, malformed_and_tagged_bpdus_are_errors_never_forwarded)
{
    struct switch_state *sw = fixture_create(CONFIG);
    struct port *up1 = state_find_port(sw, "up1");
    struct rstp_port_info pi;
    uint8_t f[64], t[64];

    apply_stp(sw, true, NULL);
    bpdu(f, 9, 4096);
    memset(f + 14, 0xee, 46);               /* no LLC 42/42/03 */
    cr_assert(port_dummy_inject("up1", f, 60));
    bpdu(f, 9, 4096);
    cr_assert(port_dummy_inject("up1", f, 20));     /* cut short */
    bpdu(f, 9, 4096);
    memcpy(t, f, 12);                       /* the same BPDU tagged VLAN 5 */
    t[12] = 0x81; t[13] = 0; t[14] = 0; t[15] = 5;
    memcpy(t + 16, f + 12, 48);
    cr_assert(port_dummy_inject("up1", t, 64));
    port_dummy_run(fixture_loop);
    cr_assert(state_stp_port_info(up1, &pi, NULL));
    cr_assert_eq(pi.counters.rx_errors, 3, "%llu errors", (unsigned long long) pi.counters.rx_errors);
    cr_assert_eq(pi.counters.rx_rstp, 0);
    cr_assert_eq(sent_from("vm1", PEER9), 0);
    cr_assert_eq(sent_from("up2", PEER9), 0);
}
