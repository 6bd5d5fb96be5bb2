/* LACP (net/lacp.c) against 802.1AX-2008 clause 5.4: two bonds of two
 * members wired back to back through lacp_member_build_pdu() and
 * lacp_member_rx(), on a fake clock; and the LACPDU codec byte by byte. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "lacp.h"
#include "util.h"

#define TICK_MS 10

static const uint8_t SYS_A[6] = { 0x02, 0, 0, 0, 0, 0x0a };
static const uint8_t SYS_B[6] = { 0x02, 0, 0, 0, 0, 0x0b };
static const uint8_t SYS_C[6] = { 0x02, 0, 0, 0, 0, 0x0c };

/* One side: a bond of two members. */
struct side {
    struct lacp_member m[2];
    struct lacp_member *ptrs[2];
    int64_t next[2];                    /* deadlines lacp_member_run() gave */
};

/* Two sides; link i joins a.m[i] and b.m[i].  'mute_*' drops what one end
 * of a link sends (an egress filter with the carrier up). */
struct sim {
    struct side a, b;
    bool mute_a[2], mute_b[2];
    int64_t now;
    int64_t last_rx_a[2], last_rx_b[2];
    int64_t first_cd_a[2], first_cd_b[2];
    unsigned max_tx_per_s;              /* highest PDUs in any 1 s seen */
};

static struct sim sim;

static struct lacp_actor_config
actor_cfg(const uint8_t sys[6], uint16_t key, uint16_t port, bool active, bool fast)
{
    struct lacp_actor_config c = {
        .sys_priority = 32768, .key = key, .port_priority = 32768,
        .port = port, .active = active, .fast = fast,
    };

    memcpy(c.sys_id, sys, 6);
    return c;
}

static void
side_init(struct side *s, const uint8_t sys[6], bool active, bool fast)
{
    for (int i = 0; i < 2; i++) {
        struct lacp_actor_config c = actor_cfg(sys, 7, (uint16_t) (i + 1), active, fast);

        lacp_member_init(&s->m[i], &c, 0);
        s->ptrs[i] = &s->m[i];
        s->next[i] = 0;
    }
}

static void
sim_init(bool a_active, bool a_fast, bool b_active, bool b_fast)
{
    memset(&sim, 0, sizeof sim);
    side_init(&sim.a, SYS_A, a_active, a_fast);
    side_init(&sim.b, SYS_B, b_active, b_fast);
    for (int i = 0; i < 2; i++) {
        sim.first_cd_a[i] = sim.first_cd_b[i] = -1;
        sim.last_rx_a[i] = sim.last_rx_b[i] = -1;
    }
}

static void
set_carrier(int link, bool up)
{
    lacp_member_set_enabled(&sim.a.m[link], up, sim.now);
    lacp_member_set_enabled(&sim.b.m[link], up, sim.now);
    lacp_bond_select(sim.a.ptrs, 2, sim.now);
    lacp_bond_select(sim.b.ptrs, 2, sim.now);
}

/* Runs member 'i' of 'from' and delivers its PDU, if any, to 'peer'. */
static void
run_member(struct side *from, int i, struct side *to, bool mute, int64_t *peer_last_rx)
{
    struct lacp_member *m = &from->m[i];
    uint8_t buf[LACP_PDU_FRAME_LEN];
    bool tx;

    lacp_bond_select(from->ptrs, 2, sim.now);
    from->next[i] = lacp_member_run(m, sim.now, &tx);
    if (from->next[i])
        cr_assert_gt(from->next[i], sim.now - TICK_MS, "a deadline in the past");
    if (!tx)
        return;
    cr_assert_eq(lacp_member_build_pdu(m, SYS_A, buf, sizeof buf, sim.now),
                 LACP_PDU_FRAME_LEN);
    if (m->tx_in_second > sim.max_tx_per_s)
        sim.max_tx_per_s = m->tx_in_second;
    if (mute || !to->m[i].port_enabled)
        return;
    cr_assert(lacp_member_rx(&to->m[i], buf, sizeof buf, sim.now));
    peer_last_rx[i] = sim.now;
    lacp_bond_select(to->ptrs, 2, sim.now);
}

/* Advances the clock to 'until' in ticks. */
static void
sim_run(int64_t until)
{
    for (; sim.now <= until; sim.now += TICK_MS) {
        for (int i = 0; i < 2; i++) {
            run_member(&sim.a, i, &sim.b, sim.mute_a[i], sim.last_rx_b);
            run_member(&sim.b, i, &sim.a, sim.mute_b[i], sim.last_rx_a);
        }
        for (int i = 0; i < 2; i++) {
            if (sim.first_cd_a[i] < 0 && lacp_member_distributing(&sim.a.m[i]))
                sim.first_cd_a[i] = sim.now;
            if (sim.first_cd_b[i] < 0 && lacp_member_distributing(&sim.b.m[i]))
                sim.first_cd_b[i] = sim.now;
        }
    }
}

static void
assert_bundled(const struct lacp_member *m)
{
    cr_assert_eq(m->rx, LACP_RX_CURRENT, "rx %s", lacp_rx_state_name(m->rx));
    cr_assert_eq(m->mux, LACP_MUX_COLLECTING_DISTRIBUTING, "mux %s",
                 lacp_mux_state_name(m->mux));
    cr_assert(m->selected);
    cr_assert(lacp_member_distributing(m));
    cr_assert_eq(m->actor.state & (LACP_STATE_SYNC | LACP_STATE_COLLECTING
                                   | LACP_STATE_DISTRIBUTING | LACP_STATE_DEFAULTED
                                   | LACP_STATE_EXPIRED),
                 LACP_STATE_SYNC | LACP_STATE_COLLECTING | LACP_STATE_DISTRIBUTING);
}

static void
start_all(void)
{
    set_carrier(0, true);
    set_carrier(1, true);
}

TestSuite(lacp);

/* Convergence. */

Test(lacp, init_is_port_disabled_defaulted_detached)
{
    sim_init(true, true, true, true);
    for (int i = 0; i < 2; i++) {
        const struct lacp_member *m = &sim.a.m[i];

        cr_assert_eq(m->rx, LACP_RX_PORT_DISABLED);
        cr_assert_eq(m->mux, LACP_MUX_DETACHED);
        cr_assert(!m->selected);
        cr_assert(m->actor.state & LACP_STATE_DEFAULTED);
        cr_assert_eq(m->actor.state & (LACP_STATE_ACTIVITY | LACP_STATE_TIMEOUT
                                       | LACP_STATE_AGGREGATION),
                     LACP_STATE_ACTIVITY | LACP_STATE_TIMEOUT | LACP_STATE_AGGREGATION);
    }
}

Test(lacp, active_fast_both_ends_bundle_after_the_aggregate_wait)
{
    sim_init(true, true, true, true);
    start_all();
    sim_run(5000);
    for (int i = 0; i < 2; i++) {
        assert_bundled(&sim.a.m[i]);
        assert_bundled(&sim.b.m[i]);
        /* wait_while (2 s) runs before a member attaches (5.4.15). */
        cr_assert_geq(sim.first_cd_a[i], LACP_AGGREGATE_WAIT_MS);
        cr_assert_leq(sim.first_cd_a[i], LACP_AGGREGATE_WAIT_MS + 100);
        cr_assert_geq(sim.first_cd_b[i], LACP_AGGREGATE_WAIT_MS);
        cr_assert_leq(sim.first_cd_b[i], LACP_AGGREGATE_WAIT_MS + 100);
        cr_assert(sim.a.m[i].partner.state & LACP_STATE_SYNC);
        cr_assert(!memcmp(sim.a.m[i].partner.sys_id, SYS_B, 6));
        cr_assert_eq(sim.a.m[i].partner.port, i + 1);
    }
    cr_assert_leq(sim.max_tx_per_s, 3);
}

Test(lacp, fast_partner_gets_a_pdu_every_second)
{
    sim_init(true, true, true, true);
    start_all();
    sim_run(10000);
    uint64_t before = sim.a.m[0].stats.pdus_tx;
    sim_run(20000);
    uint64_t sent = sim.a.m[0].stats.pdus_tx - before;
    cr_assert(sent >= 9 && sent <= 11, "%llu PDUs in 10 s", (unsigned long long) sent);
    assert_bundled(&sim.a.m[0]);
    /* current_while follows our own short timeout: at most 3 s ahead. */
    cr_assert_leq(sim.a.m[0].current_while - sim.last_rx_a[0], LACP_SHORT_TIMEOUT_MS);
}

Test(lacp, slow_both_ends_bundle_as_fast_and_then_talk_every_30_s)
{
    sim_init(true, false, true, false);
    start_all();
    sim_run(5000);
    for (int i = 0; i < 2; i++) {
        assert_bundled(&sim.a.m[i]);
        assert_bundled(&sim.b.m[i]);
        cr_assert_leq(sim.first_cd_a[i], LACP_AGGREGATE_WAIT_MS + 100);
    }
    uint64_t before = sim.a.m[0].stats.pdus_tx;
    sim_run(5000 + 95000);
    uint64_t sent = sim.a.m[0].stats.pdus_tx - before;
    cr_assert(sent >= 3 && sent <= 4, "%llu PDUs in 95 s", (unsigned long long) sent);
    for (int i = 0; i < 2; i++) {
        assert_bundled(&sim.a.m[i]);
        assert_bundled(&sim.b.m[i]);
        cr_assert_eq(sim.a.m[i].current_while - sim.last_rx_a[i], LACP_LONG_TIMEOUT_MS);
    }
}

Test(lacp, slow_end_sends_fast_to_a_partner_that_asks)
{
    sim_init(true, false, true, true);   /* A slow, B fast */
    start_all();
    sim_run(10000);
    uint64_t a0 = sim.a.m[0].stats.pdus_tx, b0 = sim.b.m[0].stats.pdus_tx;
    sim_run(70000);
    /* The periodic machine follows the PARTNER's timeout bit (5.4.13). */
    uint64_t a = sim.a.m[0].stats.pdus_tx - a0, b = sim.b.m[0].stats.pdus_tx - b0;
    cr_assert(a >= 59 && a <= 61, "A sent %llu", (unsigned long long) a);
    cr_assert(b >= 2 && b <= 3, "B sent %llu", (unsigned long long) b);
    assert_bundled(&sim.a.m[0]);
    assert_bundled(&sim.b.m[0]);
}

Test(lacp, passive_facing_passive_never_talks)
{
    sim_init(false, true, false, true);
    start_all();
    sim_run(100000);
    for (int i = 0; i < 2; i++) {
        cr_assert_eq(sim.a.m[i].stats.pdus_tx, 0);
        cr_assert_eq(sim.b.m[i].stats.pdus_tx, 0);
        cr_assert(!lacp_member_distributing(&sim.a.m[i]));
        cr_assert_eq(sim.a.m[i].rx, LACP_RX_DEFAULTED);
        cr_assert(!sim.a.m[i].selected);
    }
}

Test(lacp, active_facing_passive_bundles)
{
    sim_init(true, true, false, true);
    start_all();
    sim_run(5000);
    for (int i = 0; i < 2; i++) {
        assert_bundled(&sim.a.m[i]);
        assert_bundled(&sim.b.m[i]);
        cr_assert_gt(sim.b.m[i].stats.pdus_tx, 0);
        cr_assert(!(sim.b.m[i].actor.state & LACP_STATE_ACTIVITY));
    }
}

/* Leaving and rejoining. */

Test(lacp, silent_partner_expires_after_3_s_then_defaults_after_3_more)
{
    sim_init(true, true, true, true);
    start_all();
    sim_run(10000);
    sim.mute_b[0] = true;               /* B0 stops reaching A0; carrier stays */
    int64_t last = sim.last_rx_a[0];

    sim_run(last + LACP_SHORT_TIMEOUT_MS - TICK_MS);
    cr_assert_eq(sim.a.m[0].rx, LACP_RX_CURRENT);
    cr_assert(lacp_member_distributing(&sim.a.m[0]));

    sim_run(last + LACP_SHORT_TIMEOUT_MS);
    cr_assert_eq(sim.a.m[0].rx, LACP_RX_EXPIRED);
    cr_assert(sim.a.m[0].actor.state & LACP_STATE_EXPIRED);
    cr_assert(!(sim.a.m[0].partner.state & LACP_STATE_SYNC));
    cr_assert(!lacp_member_distributing(&sim.a.m[0]), "out of sync: not distributing");
    assert_bundled(&sim.a.m[1]);

    sim_run(last + 2 * LACP_SHORT_TIMEOUT_MS - TICK_MS);
    cr_assert_eq(sim.a.m[0].rx, LACP_RX_EXPIRED);
    sim_run(last + 2 * LACP_SHORT_TIMEOUT_MS);
    cr_assert_eq(sim.a.m[0].rx, LACP_RX_DEFAULTED);
    cr_assert(sim.a.m[0].actor.state & LACP_STATE_DEFAULTED);
    cr_assert(!(sim.a.m[0].actor.state & LACP_STATE_EXPIRED));
    cr_assert(!sim.a.m[0].selected);
    cr_assert_eq(sim.a.m[0].mux, LACP_MUX_DETACHED);
    cr_assert(!memcmp(&sim.a.m[0].partner, &(struct lacp_info) { 0 }, sizeof sim.a.m[0].partner),
              "defaulted partner is all zero");
    /* B0 hears A0 out of sync and stops distributing too. */
    sim_run(sim.now + 100);
    cr_assert(!lacp_member_distributing(&sim.b.m[0]));
    assert_bundled(&sim.a.m[1]);
    assert_bundled(&sim.b.m[1]);

    /* The partner speaks again: the member rejoins after the wait. */
    sim.mute_b[0] = false;
    int64_t back = sim.now;
    sim_run(back + LACP_AGGREGATE_WAIT_MS + 1000);
    assert_bundled(&sim.a.m[0]);
    assert_bundled(&sim.b.m[0]);
}

Test(lacp, slow_partner_silence_takes_the_long_timeout)
{
    sim_init(true, false, true, false);
    start_all();
    sim_run(10000);
    sim.mute_b[0] = true;
    int64_t last = sim.last_rx_a[0];
    sim_run(last + LACP_LONG_TIMEOUT_MS - TICK_MS);
    cr_assert_eq(sim.a.m[0].rx, LACP_RX_CURRENT);
    sim_run(last + LACP_LONG_TIMEOUT_MS);
    cr_assert_eq(sim.a.m[0].rx, LACP_RX_EXPIRED);
    sim_run(last + LACP_LONG_TIMEOUT_MS + LACP_SHORT_TIMEOUT_MS);
    cr_assert_eq(sim.a.m[0].rx, LACP_RX_DEFAULTED);
}

Test(lacp, carrier_loss_detaches_at_once_and_carrier_back_rejoins)
{
    sim_init(true, true, true, true);
    start_all();
    sim_run(10000);
    set_carrier(0, false);
    for (int s = 0; s < 2; s++) {
        const struct lacp_member *m = s ? &sim.b.m[0] : &sim.a.m[0];

        cr_assert_eq(m->rx, LACP_RX_PORT_DISABLED);
        cr_assert_eq(m->mux, LACP_MUX_DETACHED);
        cr_assert(!lacp_member_distributing(m));
        cr_assert(!(m->actor.state & LACP_STATE_SYNC));
    }
    assert_bundled(&sim.a.m[1]);
    uint64_t tx = sim.a.m[0].stats.pdus_tx;
    sim_run(20000);
    cr_assert_eq(sim.a.m[0].stats.pdus_tx, tx, "no PDU on a port without carrier");
    assert_bundled(&sim.a.m[1]);

    set_carrier(0, true);
    cr_assert_eq(sim.a.m[0].rx, LACP_RX_EXPIRED);
    sim_run(20000 + LACP_AGGREGATE_WAIT_MS + 200);
    assert_bundled(&sim.a.m[0]);
    assert_bundled(&sim.b.m[0]);
}

Test(lacp, one_sided_carrier_loss_times_out_on_the_other_side)
{
    sim_init(true, true, true, true);
    start_all();
    sim_run(10000);
    lacp_member_set_enabled(&sim.a.m[0], false, sim.now);
    cr_assert(!lacp_member_distributing(&sim.a.m[0]));
    sim_run(10000 + LACP_SHORT_TIMEOUT_MS + 100);
    cr_assert_eq(sim.b.m[0].rx, LACP_RX_EXPIRED);
    cr_assert(!lacp_member_distributing(&sim.b.m[0]));
}

Test(lacp, lacp_disabled_member_never_distributes)
{
    sim_init(true, true, true, true);
    start_all();
    sim_run(10000);
    lacp_member_set_lacp_enabled(&sim.a.m[0], false, sim.now);
    cr_assert_eq(sim.a.m[0].rx, LACP_RX_LACP_DISABLED);
    cr_assert(!lacp_member_distributing(&sim.a.m[0]));
    uint64_t tx = sim.a.m[0].stats.pdus_tx;
    sim_run(15000);
    cr_assert_eq(sim.a.m[0].stats.pdus_tx, tx);
    cr_assert(!lacp_member_distributing(&sim.b.m[0]));
    lacp_member_set_lacp_enabled(&sim.a.m[0], true, sim.now);
    sim_run(15000 + 3000);
    assert_bundled(&sim.a.m[0]);
}

/* Selection. */

Test(lacp, other_partner_system_puts_the_odd_member_in_standby)
{
    sim_init(true, true, true, true);
    struct lacp_actor_config c = actor_cfg(SYS_C, 7, 2, true, true);

    lacp_member_configure(&sim.b.m[1], &c, 0);  /* link 1 goes to system C */
    start_all();
    sim_run(5000);
    assert_bundled(&sim.a.m[0]);
    cr_assert(!sim.a.m[1].selected);
    cr_assert(sim.a.m[1].standby);
    cr_assert_eq(sim.a.m[1].rx, LACP_RX_CURRENT);
    cr_assert(!lacp_member_distributing(&sim.a.m[1]));
    cr_assert(!(sim.a.m[1].actor.state & LACP_STATE_SYNC));
    cr_assert(!lacp_member_distributing(&sim.b.m[1]), "C never sees A1 in sync");
}

Test(lacp, other_partner_key_puts_the_odd_member_in_standby)
{
    sim_init(true, true, true, true);
    struct lacp_actor_config c = actor_cfg(SYS_B, 8, 2, true, true);

    start_all();
    sim_run(5000);
    assert_bundled(&sim.a.m[1]);
    lacp_member_configure(&sim.b.m[1], &c, sim.now);    /* B1 changes key */
    sim_run(10000);
    assert_bundled(&sim.a.m[0]);
    cr_assert(sim.a.m[1].standby);
    cr_assert(!lacp_member_distributing(&sim.a.m[1]));
    cr_assert(!lacp_member_distributing(&sim.b.m[1]));
    cr_assert_eq(sim.a.m[1].partner.key, 8);
}

Test(lacp, attached_members_keep_the_aggregator)
{
    /* A0 (port 1, the best) is cabled to another system later: the working
     * member A1 keeps its aggregator; A0 waits in standby. */
    sim_init(true, true, true, true);
    start_all();
    sim_run(5000);
    struct lacp_actor_config c = actor_cfg(SYS_C, 7, 1, true, true);
    lacp_member_configure(&sim.b.m[0], &c, sim.now);
    sim_run(10000);
    assert_bundled(&sim.a.m[1]);
    cr_assert(sim.a.m[0].standby);
    cr_assert(!lacp_member_distributing(&sim.a.m[0]));
}

Test(lacp, looped_member_is_not_selected)
{
    struct lacp_actor_config c = actor_cfg(SYS_A, 7, 1, true, true);
    struct lacp_actor_config d = actor_cfg(SYS_A, 7, 2, true, true);
    struct lacp_member x, y, *xs[1] = { &x }, *ys[1] = { &y };
    uint8_t buf[LACP_PDU_FRAME_LEN];
    bool tx;

    lacp_member_init(&x, &c, 0);
    lacp_member_init(&y, &d, 0);
    lacp_member_set_enabled(&x, true, 0);
    lacp_member_set_enabled(&y, true, 0);
    for (int64_t t = 0; t < 5000; t += TICK_MS) {
        lacp_member_run(&x, t, &tx);
        if (tx && lacp_member_build_pdu(&x, SYS_A, buf, sizeof buf, t))
            lacp_member_rx(&y, buf, sizeof buf, t);
        lacp_member_run(&y, t, &tx);
        if (tx && lacp_member_build_pdu(&y, SYS_A, buf, sizeof buf, t))
            lacp_member_rx(&x, buf, sizeof buf, t);
        lacp_bond_select(xs, 1, t);
        lacp_bond_select(ys, 1, t);
    }
    cr_assert_eq(x.rx, LACP_RX_CURRENT);
    cr_assert(!x.selected && !x.standby);
    cr_assert(!lacp_member_distributing(&x));
}

/* Transmission. */

Test(lacp, at_most_3_pdus_a_second)
{
    struct lacp_actor_config c = actor_cfg(SYS_A, 7, 1, true, true);
    struct lacp_member m;
    uint8_t buf[LACP_PDU_FRAME_LEN];
    bool tx;
    int64_t next;

    lacp_member_init(&m, &c, 0);
    lacp_member_set_enabled(&m, true, 1000);
    for (int i = 0; i < 3; i++) {
        m.ntt = true;
        lacp_member_run(&m, 1000 + i * 100, &tx);
        cr_assert(tx, "PDU %d", i);
        lacp_member_build_pdu(&m, SYS_A, buf, sizeof buf, 1000 + i * 100);
    }
    cr_assert_eq(m.tx_in_second, 3);
    m.ntt = true;
    next = lacp_member_run(&m, 1300, &tx);
    cr_assert(!tx, "a 4th PDU within the second");
    cr_assert_eq(next, 2000, "retry when the first leaves the window");
    lacp_member_run(&m, 1999, &tx);
    cr_assert(!tx);
    lacp_member_run(&m, 2000, &tx);
    cr_assert(tx);
    cr_assert(m.ntt, "NTT waits, it is not lost");
    lacp_member_build_pdu(&m, SYS_A, buf, sizeof buf, 2000);
    cr_assert(!m.ntt);
    cr_assert_eq(m.stats.pdus_tx, 4);
}

Test(lacp, build_pdu_needs_room)
{
    struct lacp_actor_config c = actor_cfg(SYS_A, 7, 1, true, true);
    struct lacp_member m;
    uint8_t buf[LACP_PDU_FRAME_LEN];

    lacp_member_init(&m, &c, 0);
    cr_assert_eq(lacp_member_build_pdu(&m, SYS_A, buf, sizeof buf - 1, 0), 0);
    cr_assert_eq(m.stats.pdus_tx, 0);
}

/* The codec. */

/* A LACPDU written by hand from 802.1AX-2008 5.4.2.2 (docs/bonding.md
 * section 3.1). */
static const uint8_t HAND_PDU[LACP_PDU_FRAME_LEN] = {
    0x01, 0x80, 0xc2, 0x00, 0x00, 0x02,             /* Slow Protocols group */
    0x52, 0x54, 0x00, 0x12, 0x34, 0x56,             /* source */
    0x88, 0x09, 0x01, 0x01,                         /* EtherType, LACP, version 1 */
    0x01, 0x14,                                     /* actor TLV, 20 */
    0x12, 0x34, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a, /* prio 0x1234, system */
    0x00, 0x07, 0x80, 0x00, 0x00, 0x02,             /* key 7, port prio, port 2 */
    0x3d, 0x00, 0x00, 0x00,                         /* state, reserved */
    0x02, 0x14,                                     /* partner TLV, 20 */
    0x80, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0b,
    0x00, 0x09, 0x00, 0x10, 0x00, 0x05,             /* key 9, prio 16, port 5 */
    0x3f, 0x00, 0x00, 0x00,
    0x03, 0x10, 0x00, 0x00,                         /* collector TLV, 16, delay 0 */
    [72] = 0x00, 0x00,                              /* terminator; zeros to 124 */
};

static struct lacp_member
hand_member(void)
{
    struct lacp_actor_config c = actor_cfg(SYS_A, 7, 2, true, true);
    struct lacp_member m;

    c.sys_priority = 0x1234;
    lacp_member_init(&m, &c, 0);
    m.actor.state = 0x3d;
    m.partner = (struct lacp_info) {
        .sys_priority = 0x8000, .sys_id = { 0x02, 0, 0, 0, 0, 0x0b },
        .key = 9, .port_priority = 16, .port = 5, .state = 0x3f,
    };
    return m;
}

/* The member HAND_PDU's partner TLV names, its port up at time 0. */
static void
hand_peer(struct lacp_member *m)
{
    struct lacp_actor_config c = actor_cfg(SYS_B, 9, 5, true, true);

    c.port_priority = 16;
    lacp_member_init(m, &c, 0);
    lacp_member_set_enabled(m, true, 0);
}

Test(lacp, build_pdu_writes_the_exact_bytes)
{
    static const uint8_t src[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
    struct lacp_member m = hand_member();
    uint8_t buf[200];

    memset(buf, 0xee, sizeof buf);
    cr_assert_eq(lacp_member_build_pdu(&m, src, buf, sizeof buf, 0), LACP_PDU_FRAME_LEN);
    for (size_t i = 0; i < LACP_PDU_FRAME_LEN; i++)
        cr_assert_eq(buf[i], HAND_PDU[i], "byte %zu: %02x, not %02x", i, buf[i], HAND_PDU[i]);
    cr_assert_eq(buf[LACP_PDU_FRAME_LEN], 0xee, "wrote past the PDU");
    cr_assert_eq(m.stats.pdus_tx, 1);
}

Test(lacp, rx_records_the_actor_tlv_as_partner)
{
    struct lacp_member m;

    hand_peer(&m);
    cr_assert(lacp_member_rx(&m, HAND_PDU, sizeof HAND_PDU, 100));
    cr_assert_eq(m.rx, LACP_RX_CURRENT);
    cr_assert_eq(m.partner.sys_priority, 0x1234);
    cr_assert(!memcmp(m.partner.sys_id, SYS_A, 6));
    cr_assert_eq(m.partner.key, 7);
    cr_assert_eq(m.partner.port_priority, 0x8000);
    cr_assert_eq(m.partner.port, 2);
    /* The partner TLV names us exactly, the actor says SYNC: in sync. */
    cr_assert_eq(m.partner.state, 0x3d);
    cr_assert(!(m.actor.state & LACP_STATE_DEFAULTED));
    cr_assert_eq(m.current_while, 100 + LACP_SHORT_TIMEOUT_MS);
    cr_assert_eq(m.stats.pdus_rx, 1);
    cr_assert_eq(m.stats.bad_rx, 0);
}

Test(lacp, partner_that_has_us_wrong_is_not_in_sync)
{
    struct lacp_actor_config c = actor_cfg(SYS_B, 9, 6, true, true);   /* port 6, not 5 */
    struct lacp_member m;

    lacp_member_init(&m, &c, 0);
    lacp_member_set_enabled(&m, true, 0);
    m.ntt = false;
    cr_assert(lacp_member_rx(&m, HAND_PDU, sizeof HAND_PDU, 100));
    cr_assert(!(m.partner.state & LACP_STATE_SYNC));
    cr_assert(m.ntt, "update_NTT: the partner must hear who we are");
}

Test(lacp, rx_round_trips_build)
{
    struct lacp_member a = hand_member(), b;
    struct lacp_actor_config c = actor_cfg(SYS_B, 3, 4, false, false);
    uint8_t buf[LACP_PDU_FRAME_LEN];

    lacp_member_init(&b, &c, 0);
    lacp_member_set_enabled(&b, true, 0);
    lacp_member_build_pdu(&a, SYS_A, buf, sizeof buf, 0);
    cr_assert(lacp_member_rx(&b, buf, sizeof buf, 0));
    cr_assert_eq(b.partner.sys_priority, a.actor.sys_priority);
    cr_assert(!memcmp(b.partner.sys_id, a.actor.sys_id, 6));
    cr_assert_eq(b.partner.key, a.actor.key);
    cr_assert_eq(b.partner.port_priority, a.actor.port_priority);
    cr_assert_eq(b.partner.port, a.actor.port);
    cr_assert_eq(b.partner.state, a.actor.state & ~LACP_STATE_SYNC,
                 "a's PDU names another partner: not in sync with b");
}

/* Every prefix of a valid PDU, in a buffer of exactly that size (ASan
 * catches any read past it), is rejected and counted; the whole is not. */
Test(lacp, every_truncated_length_is_rejected)
{
    struct lacp_member m;

    hand_peer(&m);
    for (size_t len = 0; len < LACP_PDU_FRAME_LEN; len++) {
        uint8_t *copy = malloc(len ? len : 1);

        cr_assert_not_null(copy);
        memcpy(copy, HAND_PDU, len);
        cr_assert(!lacp_member_rx(&m, copy, len, 0), "length %zu accepted", len);
        cr_assert_eq(m.stats.bad_rx, len + 1);
        cr_assert_eq(m.rx, LACP_RX_EXPIRED, "length %zu ran the machine", len);
        free(copy);
    }
    uint8_t *copy = malloc(LACP_PDU_FRAME_LEN);
    memcpy(copy, HAND_PDU, LACP_PDU_FRAME_LEN);
    cr_assert(lacp_member_rx(&m, copy, LACP_PDU_FRAME_LEN, 0));
    free(copy);
    cr_assert_eq(m.stats.pdus_rx, 1);
}

Test(lacp, wrong_tlv_types_and_lengths_are_rejected)
{
    static const size_t bytes[] = { 12, 13, 14, 15, 16, 17, 36, 37, 56, 57, 72, 73 };
    struct lacp_member m;
    uint8_t buf[LACP_PDU_FRAME_LEN];

    hand_peer(&m);
    for (size_t i = 0; i < ARRAY_SIZE(bytes); i++) {
        memcpy(buf, HAND_PDU, sizeof buf);
        buf[bytes[i]] ^= 0x40;
        if (bytes[i] == 14)
            buf[14] = 3;                /* another slow protocol */
        if (bytes[i] == 15)
            buf[15] = 0;                /* version 0 */
        cr_assert(!lacp_member_rx(&m, buf, sizeof buf, 0), "byte %zu changed", bytes[i]);
    }
    cr_assert_eq(m.stats.bad_rx, ARRAY_SIZE(bytes));
    cr_assert_eq(m.stats.pdus_rx, 0);
    cr_assert_eq(m.rx, LACP_RX_EXPIRED);
}

Test(lacp, later_versions_and_trailing_bytes_are_accepted)
{
    struct lacp_member m;
    uint8_t buf[300];

    hand_peer(&m);
    memset(buf, 0xa5, sizeof buf);
    memcpy(buf, HAND_PDU, sizeof HAND_PDU);
    cr_assert(lacp_member_rx(&m, buf, sizeof buf, 0));
    buf[15] = 2;
    buf[72] = 0x04;                     /* a TLV of version 2 where v1 ends */
    buf[73] = 0x06;
    cr_assert(lacp_member_rx(&m, buf, sizeof buf, 0));
    cr_assert_eq(m.stats.pdus_rx, 2);
    cr_assert_eq(m.stats.bad_rx, 0);
}

Test(lacp, marker_pdus_are_counted_and_ignored)
{
    struct lacp_member m;
    uint8_t buf[LACP_PDU_FRAME_LEN];

    hand_peer(&m);
    memcpy(buf, HAND_PDU, sizeof buf);
    buf[14] = LACP_SUBTYPE_MARKER;
    cr_assert(!lacp_member_rx(&m, buf, sizeof buf, 0));
    cr_assert(!lacp_member_rx(&m, buf, 15, 0));
    cr_assert_eq(m.stats.markers_rx, 2);
    cr_assert_eq(m.stats.bad_rx, 0);
    cr_assert_eq(m.stats.pdus_rx, 0);
    cr_assert_eq(m.rx, LACP_RX_EXPIRED);
}

Test(lacp, pdu_on_a_disabled_port_runs_nothing)
{
    struct lacp_actor_config c = actor_cfg(SYS_B, 9, 5, true, true);
    struct lacp_member m;

    lacp_member_init(&m, &c, 0);
    cr_assert(lacp_member_rx(&m, HAND_PDU, sizeof HAND_PDU, 0));
    cr_assert_eq(m.rx, LACP_RX_PORT_DISABLED);
    cr_assert(m.actor.state & LACP_STATE_DEFAULTED);
}

Test(lacp, slow_protocol_frames_are_recognised)
{
    uint8_t buf[LACP_PDU_FRAME_LEN + FRAME_HEADROOM];
    struct frame f;

    memcpy(buf + FRAME_HEADROOM, HAND_PDU, sizeof HAND_PDU);
    cr_assert_eq(frame_init(&f, buf, FRAME_HEADROOM, sizeof HAND_PDU), FRAME_OK);
    cr_assert(lacp_is_slow_protocol(&f));
    buf[FRAME_HEADROOM + 12] = 0x08;
    buf[FRAME_HEADROOM + 13] = 0x00;
    cr_assert_eq(frame_parse(&f), FRAME_OK);
    cr_assert(!lacp_is_slow_protocol(&f));
}

Test(lacp, state_words)
{
    char buf[128];

    lacp_state_format(0x3d, buf, sizeof buf);
    cr_assert_str_eq(buf, "activity aggregation synchronized collecting distributing");
    lacp_state_format(0xc2, buf, sizeof buf);
    cr_assert_str_eq(buf, "timeout defaulted expired");
    lacp_state_format(0xff, buf, 10);
    cr_assert_str_eq(buf, "activity");
}
