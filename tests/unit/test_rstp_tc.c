/* RSTP (net/rstp.h) on simulated networks (tests/unit/rstp_sim.h):
 * topology change (802.1D-2004 section 17.31: TC flooded in RST BPDUs,
 * flush() on the ports it reaches, never on the port it came from nor on
 * edge ports), edge ports (17.25: forwarding at once, edge lost on a
 * BPDU, auto-edge after the migrate time), bpdu_filter, TxHoldCount
 * (17.26). */
#include <criterion/criterion.h>
#include <string.h>

#include "rstp_sim.h"

static struct sim s;

static void
setup(void)
{
    sim_init(&s);
}

static void
teardown(void)
{
    sim_destroy(&s);
}

static void
link_up_alone(int b, int port)
{
    cr_assert_eq(rstp_port_set_link(s.bridges[b].rstp, (uint16_t) port, true, 1000, true,
                                    s.now_ms), 0);
    sim_run(&s);
}

/* The triangle of test_rstp_roles.c, plus an edge port 2 on each bridge
 * (a VM: link up, no bridge behind it). */
static void
triangle_with_edges(void)
{
    sim_bridge(&s, 0, 4096, 1);
    sim_bridge(&s, 1, RSTP_PRIORITY_DEFAULT, 2);
    sim_bridge(&s, 2, RSTP_PRIORITY_DEFAULT, 3);
    for (int b = 0; b < 3; b++) {
        struct rstp_port_config edge = sim_port_default(b, 2);

        sim_port(&s, b, 0);
        sim_port(&s, b, 1);
        edge.admin_edge = true;
        sim_port_cfg(&s, b, 2, &edge);
        link_up_alone(b, 2);
    }
    sim_link(&s, 0, 0, 1, 0);
    sim_link(&s, 0, 1, 2, 0);
    sim_link(&s, 1, 1, 2, 1);
    sim_tick(&s, 10);
}

static unsigned
flushes(int b, int port)
{
    return s.bridges[b].ports[port].flushes;
}

static void
clear_flushes(void)
{
    for (int b = 0; b < SIM_BRIDGES; b++)
        for (int p = 0; p < SIM_PORTS; p++)
            s.bridges[b].ports[p].flushes = 0;
}

TestSuite(rstp_tc, .init = setup, .fini = teardown);

/* Bridge 2's root port fails; its alternate forwards, which is a topology
 * change: bridge 2 floods TC towards bridge 1, which flushes its other
 * non-edge port and passes it to the root; every bridge counts it. */
Test(rstp_tc, flooded_and_flushed)
{
    struct rstp_bridge_info before[3], after;
    struct rstp_bpdu b;

    triangle_with_edges();
    for (int i = 0; i < 3; i++) {
        before[i] = sim_bridge_info(&s, i);
        cr_assert_not(before[i].topology_change);
    }
    clear_flushes();
    s.now_ms += 500;
    sim_link_set(&s, 1, false);     /* 0.1 - 2.0 */
    cr_assert_eq(sim_role(&s, 2, 1), RSTP_ROLE_ROOT);

    /* Bridge 1 flushes its root port (TC came in on port 1) and not the
     * port TC came from, nor its edge port. */
    cr_assert_eq(flushes(1, 0), 1);
    cr_assert_eq(flushes(1, 1), 0);
    cr_assert_eq(flushes(1, 2), 0);
    /* The root: TC came on port 0; port 1 went down (flushed when it left
     * forwarding), the edge port not. */
    cr_assert_eq(flushes(0, 0), 0);
    cr_assert_eq(flushes(0, 1), 1);
    cr_assert_eq(flushes(0, 2), 0);
    /* Bridge 2: the old root port left forwarding; the new one had learnt
     * nothing while an alternate. */
    cr_assert_eq(flushes(2, 0), 1);
    cr_assert_eq(flushes(2, 1), 0);
    cr_assert_eq(flushes(2, 2), 0);

    cr_assert(sim_last_sent(&s, 2, 1, &b));
    cr_assert(b.flags & 0x01, "bridge 2 sends TC on its new root port");
    /* Bridges 1 and 2 started tcWhile (counted, stamped); the root had no
     * other non-edge forwarding port to pass it to, so none there. */
    for (int i = 1; i < 3; i++) {
        after = sim_bridge_info(&s, i);
        cr_assert_eq(after.topology_changes, before[i].topology_changes + 1, "bridge %d", i);
        cr_assert_eq(after.last_topology_change_ms, s.now_ms, "bridge %d", i);
        cr_assert(after.topology_change, "bridge %d", i);
    }
    after = sim_bridge_info(&s, 0);
    cr_assert_eq(after.topology_changes, before[0].topology_changes);
    cr_assert_not(after.topology_change);
    /* tcWhile runs out (Hello Time + 1 s, refreshed by nothing). */
    sim_tick(&s, 10);
    for (int i = 0; i < 3; i++)
        cr_assert_not(sim_bridge_info(&s, i).topology_change, "bridge %d", i);
    /* Nothing more since: a stable tree makes no topology change. */
    clear_flushes();
    uint64_t n = sim_bridge_info(&s, 0).topology_changes;

    sim_tick(&s, 60);
    cr_assert_eq(sim_bridge_info(&s, 0).topology_changes, n);
    for (int i = 0; i < 3; i++)
        for (int p = 0; p < 3; p++)
            cr_assert_eq(flushes(i, p), 0);
}

/* A port that only goes down (no port starts forwarding) is no topology
 * change in RSTP (section 17.31): only its own addresses are flushed. */
Test(rstp_tc, blocked_link_down_is_no_topology_change)
{
    triangle_with_edges();
    uint64_t n = sim_bridge_info(&s, 0).topology_changes;

    clear_flushes();
    sim_link_set(&s, 2, false);     /* 1.1 - 2.1, bridge 2's alternate */
    cr_assert_eq(sim_bridge_info(&s, 0).topology_changes, n);
    cr_assert_eq(flushes(1, 1), 1); /* it was forwarding */
    cr_assert_eq(flushes(2, 1), 0); /* it was discarding */
    cr_assert_eq(flushes(0, 0) + flushes(0, 1) + flushes(1, 0) + flushes(2, 0), 0);
}

TestSuite(rstp_edge, .init = setup, .fini = teardown);

Test(rstp_edge, edge_forwards_at_once_and_loses_edge_on_bpdu)
{
    struct rstp_port_config pc;
    struct rstp_port_info pi;

    sim_bridge(&s, 0, RSTP_PRIORITY_DEFAULT, 5);
    sim_bridge(&s, 1, 4096, 1);
    pc = sim_port_default(0, 0);
    pc.admin_edge = true;
    sim_port_cfg(&s, 0, 0, &pc);
    pi = sim_port_info(&s, 0, 0);
    cr_assert(pi.oper_edge);
    cr_assert_eq(pi.state, RSTP_DISCARDING);
    link_up_alone(0, 0);            /* no tick */
    pi = sim_port_info(&s, 0, 0);
    cr_assert_eq(pi.role, RSTP_ROLE_DESIGNATED);
    cr_assert_eq(sim_state(&s, 0, 0), RSTP_FORWARDING);
    cr_assert_eq(pi.counters.forward_transitions, 1);
    /* Edge going forward is no topology change. */
    cr_assert_eq(sim_bridge_info(&s, 0).topology_changes, 0);

    /* A bridge appears behind it (a VM that bridges): the port stops
     * being edge at its first BPDU, and takes the role that bridge
     * gives it (root port here: bridge 1 is better). */
    sim_port(&s, 1, 0);
    s.bridges[0].ports[0].link = 0;
    s.links[0] = (struct sim_link) { .a = 0, .pa = 0, .b = 1, .pb = 0, .up = true };
    s.n_links = 1;
    s.bridges[1].ports[0].link = 0;
    link_up_alone(1, 0);
    pi = sim_port_info(&s, 0, 0);
    cr_assert_not(pi.oper_edge);
    cr_assert_eq(pi.role, RSTP_ROLE_ROOT);
    cr_assert_eq(sim_state(&s, 0, 0), RSTP_FORWARDING);

    /* Link down and up: admin edge again. */
    sim_link_set(&s, 0, false);
    cr_assert(sim_port_info(&s, 0, 0).oper_edge);
}

/* portfast set on a port that is up takes effect at once. */
Test(rstp_edge, admin_edge_now)
{
    struct rstp_port_config pc;

    sim_bridge(&s, 0, RSTP_PRIORITY_DEFAULT, 5);
    sim_port(&s, 0, 0);
    link_up_alone(0, 0);
    cr_assert_eq(sim_state(&s, 0, 0), RSTP_DISCARDING);
    pc = sim_port_default(0, 0);
    pc.admin_edge = true;
    cr_assert_eq(rstp_port_set_config(s.bridges[0].rstp, 0, &pc, s.now_ms), 0);
    cr_assert(sim_port_info(&s, 0, 0).oper_edge);
    cr_assert_eq(sim_state(&s, 0, 0), RSTP_FORWARDING);
    pc.admin_edge = false;
    cr_assert_eq(rstp_port_set_config(s.bridges[0].rstp, 0, &pc, s.now_ms), 0);
    cr_assert_not(sim_port_info(&s, 0, 0).oper_edge);
}

/* Auto-edge: a designated port that hears no BPDU becomes edge after the
 * migrate time (3 s) on a point-to-point link, and forwards then; before,
 * it does not forward. */
Test(rstp_edge, auto_edge_after_migrate_time)
{
    struct rstp_port_config pc;

    sim_bridge(&s, 0, RSTP_PRIORITY_DEFAULT, 5);
    pc = sim_port_default(0, 0);
    pc.auto_edge = true;
    sim_port_cfg(&s, 0, 0, &pc);
    link_up_alone(0, 0);
    cr_assert_not(sim_port_info(&s, 0, 0).oper_edge);
    cr_assert_eq(sim_state(&s, 0, 0), RSTP_DISCARDING);
    sim_tick(&s, 2);
    cr_assert_not(sim_port_info(&s, 0, 0).oper_edge);
    cr_assert_neq(sim_state(&s, 0, 0), RSTP_FORWARDING);
    sim_tick(&s, 1);
    cr_assert(sim_port_info(&s, 0, 0).oper_edge);
    cr_assert_eq(sim_state(&s, 0, 0), RSTP_FORWARDING);
}

/* On a shared (not point-to-point) link auto-edge waits Max Age
 * (EdgeDelay, section 17.20.4). */
Test(rstp_edge, auto_edge_on_shared_link_after_max_age)
{
    struct rstp_port_config pc;

    sim_bridge(&s, 0, RSTP_PRIORITY_DEFAULT, 5);
    pc = sim_port_default(0, 0);
    pc.auto_edge = true;
    pc.admin_p2p = RSTP_P2P_NO;
    sim_port_cfg(&s, 0, 0, &pc);
    link_up_alone(0, 0);
    cr_assert_not(sim_port_info(&s, 0, 0).oper_p2p);
    sim_tick(&s, 19);
    cr_assert_not(sim_port_info(&s, 0, 0).oper_edge);
    cr_assert_eq(sim_state(&s, 0, 0), RSTP_DISCARDING);
    sim_tick(&s, 1);
    cr_assert(sim_port_info(&s, 0, 0).oper_edge);
    cr_assert_eq(sim_state(&s, 0, 0), RSTP_FORWARDING);
}

/* No auto-edge and no agreement: a designated port that was disabled
 * waits fdWhile = Max Age (DISABLED_PORT, section 17.29), then learns and
 * forwards after forwardDelay each, Hello Time while it speaks RSTP
 * (17.20.7). */
Test(rstp_edge, no_agreement_waits)
{
    sim_bridge(&s, 0, RSTP_PRIORITY_DEFAULT, 5);
    sim_port(&s, 0, 0);
    link_up_alone(0, 0);
    sim_tick(&s, 19);
    cr_assert_eq(sim_state(&s, 0, 0), RSTP_DISCARDING);
    sim_tick(&s, 1);
    cr_assert_eq(sim_state(&s, 0, 0), RSTP_LEARNING);
    sim_tick(&s, 1);
    cr_assert_eq(sim_state(&s, 0, 0), RSTP_LEARNING);
    sim_tick(&s, 1);
    cr_assert_eq(sim_state(&s, 0, 0), RSTP_FORWARDING);
    cr_assert_not(sim_port_info(&s, 0, 0).oper_edge);
    /* Its own port going forward with no bridge behind it is still a
     * topology change (it is not edge). */
    cr_assert_eq(sim_bridge_info(&s, 0).topology_changes, 1);
}

/* bpdu_filter: edge, forwarding at once, sends nothing, ignores (and
 * counts) what it receives, even a superior BPDU. */
Test(rstp_edge, bpdu_filter)
{
    struct rstp_port_config pc;
    struct rstp_port_info pi;

    sim_bridge(&s, 0, RSTP_PRIORITY_DEFAULT, 5);
    sim_bridge(&s, 1, 4096, 1);
    pc = sim_port_default(0, 0);
    pc.bpdu_filter = true;
    sim_port_cfg(&s, 0, 0, &pc);
    sim_port(&s, 1, 0);
    sim_link(&s, 0, 0, 1, 0);
    pi = sim_port_info(&s, 0, 0);
    cr_assert(pi.bpdu_filter);
    cr_assert(pi.oper_edge);
    cr_assert_eq(pi.role, RSTP_ROLE_DESIGNATED);
    cr_assert_eq(sim_state(&s, 0, 0), RSTP_FORWARDING);
    sim_tick(&s, 20);
    pi = sim_port_info(&s, 0, 0);
    cr_assert_eq(s.bridges[0].ports[0].sent, 0);
    cr_assert_eq(pi.counters.tx_rstp + pi.counters.tx_config, 0);
    cr_assert_geq(pi.counters.rx_filtered, 9);
    cr_assert_eq(pi.counters.rx_rstp, 0);
    cr_assert(pi.oper_edge);
    cr_assert(sim_bridge_info(&s, 0).is_root, "bridge 1's BPDUs were not heard");
    /* Filter off: it hears bridge 1 at its next hello. */
    pc.bpdu_filter = false;
    cr_assert_eq(rstp_port_set_config(s.bridges[0].rstp, 0, &pc, s.now_ms), 0);
    sim_tick(&s, 2);
    cr_assert_not(sim_bridge_info(&s, 0).is_root);
    cr_assert_eq(sim_role(&s, 0, 0), RSTP_ROLE_ROOT);
}

TestSuite(rstp_tx, .init = setup, .fini = teardown);

/* TxHoldCount: no more than that many BPDUs a port sends before the
 * next tick takes one off txCount; what waits goes at the next tick. */
Test(rstp_tx, hold_count)
{
    struct rstp_bridge_config cfg = RSTP_BRIDGE_CONFIG_DEFAULT;
    struct rstp_port_config pc;
    unsigned sent;

    cfg.tx_hold_count = 2;
    cfg.addr[5] = 5;
    sim_bridge_cfg(&s, 0, &cfg);
    sim_port(&s, 0, 0);
    link_up_alone(0, 0);
    sent = s.bridges[0].ports[0].sent;
    cr_assert_eq(sent, 1);
    /* Five changes of what the port sends within one second. */
    pc = sim_port_default(0, 0);
    for (int i = 0; i < 5; i++) {
        pc.priority = (uint8_t) (16 * (i + 1));
        cr_assert_eq(rstp_port_set_config(s.bridges[0].rstp, 0, &pc, s.now_ms), 0);
    }
    cr_assert_eq(s.bridges[0].ports[0].sent, 2, "two in the first second");
    s.now_ms += 999;
    rstp_tick(s.bridges[0].rstp, s.now_ms);
    cr_assert_eq(s.bridges[0].ports[0].sent, 2, "no tick before a whole second");
    s.now_ms += 1;
    rstp_tick(s.bridges[0].rstp, s.now_ms);
    cr_assert_eq(s.bridges[0].ports[0].sent, 3, "the last change, sent at the tick");
    struct rstp_bpdu b;

    cr_assert(sim_last_sent(&s, 0, 0, &b));
    cr_assert_eq(b.port_id, 0x5001, "what it sends is the latest");
}

/* Several seconds at once are as many ticks: hellos every 2 s. */
Test(rstp_tx, hello_and_late_ticks)
{
    sim_bridge(&s, 0, RSTP_PRIORITY_DEFAULT, 5);
    sim_port(&s, 0, 0);
    link_up_alone(0, 0);
    unsigned sent = s.bridges[0].ports[0].sent;

    s.now_ms += 10500;
    rstp_tick(s.bridges[0].rstp, s.now_ms);
    cr_assert_eq(s.bridges[0].ports[0].sent - sent, 5);
    /* The half second left over counts towards the next tick. */
    s.now_ms += 500;
    rstp_tick(s.bridges[0].rstp, s.now_ms);
    s.now_ms += 1000;
    rstp_tick(s.bridges[0].rstp, s.now_ms);
    cr_assert_eq(s.bridges[0].ports[0].sent - sent, 6);
    /* A clock that goes back does nothing bad. */
    rstp_tick(s.bridges[0].rstp, s.now_ms - 100000);
    cr_assert_eq(s.bridges[0].ports[0].sent - sent, 6);
}
