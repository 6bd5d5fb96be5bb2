/* RSTP (net/rstp.h) on simulated networks (tests/unit/rstp_sim.h): root
 * election, port roles (802.1D-2004 section 17.7, 17.21.25), the
 * proposal/agreement handshake that makes a point-to-point link forward
 * without waiting Forward Delay (17.29), and the rapid change of root port
 * when the root port's link fails (17.29: an alternate becomes root port
 * and forwards at once). */
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
assert_port(int b, int port, enum rstp_role role, enum rstp_state state)
{
    cr_assert_eq(sim_role(&s, b, port), role, "bridge %d port %d: role %s, expected %s", b,
                 port, rstp_role_name(sim_role(&s, b, port)), rstp_role_name(role));
    cr_assert_eq(sim_state(&s, b, port), state, "bridge %d port %d: state %s, expected %s", b,
                 port, rstp_state_name(sim_state(&s, b, port)), rstp_state_name(state));
}

static void
assert_root(int b, uint8_t root_addr_last, uint32_t cost)
{
    struct rstp_bridge_info info = sim_bridge_info(&s, b);

    cr_assert_eq(info.root_id.addr[5], root_addr_last, "bridge %d believes in root %02x", b,
                 info.root_id.addr[5]);
    cr_assert_eq(info.root_path_cost, cost, "bridge %d: root path cost %u", b,
                 info.root_path_cost);
    cr_assert_eq(info.is_root, cost == 0);
}

TestSuite(rstp_roles, .init = setup, .fini = teardown);

Test(rstp_roles, alone_is_root)
{
    struct rstp_bridge_info info;
    struct rstp_port_info pi;

    sim_bridge(&s, 0, RSTP_PRIORITY_DEFAULT, 1);
    sim_port(&s, 0, 0);
    info = sim_bridge_info(&s, 0);
    cr_assert(info.is_root);
    cr_assert_not(info.has_root_port);
    cr_assert_eq(info.last_topology_change_ms, -1);
    cr_assert_eq(info.hello_s, 2);
    cr_assert_eq(info.max_age_s, 20);
    cr_assert_eq(info.forward_delay_s, 15);
    /* A port whose link is down is disabled and discarding; set_state said so. */
    pi = sim_port_info(&s, 0, 0);
    cr_assert_eq(pi.role, RSTP_ROLE_DISABLED);
    cr_assert_eq(pi.state, RSTP_DISCARDING);
    cr_assert_not(pi.enabled);
    cr_assert_eq(s.bridges[0].ports[0].set_states, 1);
    cr_assert_eq(pi.port_id, 0x8001);
    cr_assert_eq(pi.path_cost, 20000);
    cr_assert(pi.send_rstp);
    cr_assert_eq(s.bridges[0].ports[0].sent, 0, "a disabled port sends nothing");
}

/* Two bridges of equal priority: the lower address is root; then a better
 * priority wins over an address. */
Test(rstp_roles, root_by_priority_then_address)
{
    sim_bridge(&s, 0, RSTP_PRIORITY_DEFAULT, 9);
    sim_bridge(&s, 1, RSTP_PRIORITY_DEFAULT, 5);
    sim_port(&s, 0, 0);
    sim_port(&s, 1, 0);
    sim_link(&s, 0, 0, 1, 0);
    assert_root(0, 5, 20000);
    assert_root(1, 5, 0);
    assert_port(0, 0, RSTP_ROLE_ROOT, RSTP_FORWARDING);
    assert_port(1, 0, RSTP_ROLE_DESIGNATED, RSTP_FORWARDING);
    cr_assert(sim_bridge_info(&s, 0).has_root_port);
    cr_assert_eq(sim_bridge_info(&s, 0).root_port_no, 0);

    /* Bridge 0 gets a better priority: it becomes root at once. */
    struct rstp_bridge_config cfg = RSTP_BRIDGE_CONFIG_DEFAULT;
    char err[128];

    cfg.priority = 4096;
    memcpy(cfg.addr, (uint8_t[]) { 2, 0, 0, 0, 0, 9 }, 6);
    cr_assert_eq(rstp_set_config(s.bridges[0].rstp, &cfg, s.now_ms, err, sizeof err), 0);
    sim_run(&s);
    assert_root(0, 9, 0);
    assert_root(1, 9, 20000);
    assert_port(0, 0, RSTP_ROLE_DESIGNATED, RSTP_FORWARDING);
    assert_port(1, 0, RSTP_ROLE_ROOT, RSTP_FORWARDING);
    cr_assert_eq(sim_bridge_info(&s, 1).root_id.priority, 4096);
}

/* A triangle: root 0; 1 and 2 reach it directly; the 1-2 link is blocked
 * at bridge 2 (bridge 1's ID is better), and all of it without a tick:
 * proposal and agreement, not Forward Delay. */
static void
triangle(void)
{
    sim_bridge(&s, 0, 4096, 1);
    sim_bridge(&s, 1, RSTP_PRIORITY_DEFAULT, 2);
    sim_bridge(&s, 2, RSTP_PRIORITY_DEFAULT, 3);
    for (int b = 0; b < 3; b++) {
        sim_port(&s, b, 0);
        sim_port(&s, b, 1);
    }
    sim_link(&s, 0, 0, 1, 0);
    sim_link(&s, 0, 1, 2, 0);
    sim_link(&s, 1, 1, 2, 1);
}

static void
assert_triangle(void)
{
    for (int b = 0; b < 3; b++)
        assert_root(b, 1, b ? 20000 : 0);
    assert_port(0, 0, RSTP_ROLE_DESIGNATED, RSTP_FORWARDING);
    assert_port(0, 1, RSTP_ROLE_DESIGNATED, RSTP_FORWARDING);
    assert_port(1, 0, RSTP_ROLE_ROOT, RSTP_FORWARDING);
    assert_port(1, 1, RSTP_ROLE_DESIGNATED, RSTP_FORWARDING);
    assert_port(2, 0, RSTP_ROLE_ROOT, RSTP_FORWARDING);
    assert_port(2, 1, RSTP_ROLE_ALTERNATE, RSTP_DISCARDING);
}

Test(rstp_roles, triangle_converges_without_forward_delay)
{
    triangle();
    assert_triangle();              /* zero ticks */
    /* And it stays so: hellos, no expiry, nothing moves. */
    unsigned transitions = 0;

    for (int b = 0; b < 3; b++)
        for (int p = 0; p < 2; p++)
            transitions += s.bridges[b].ports[p].set_states;
    sim_tick(&s, 100);
    assert_triangle();
    for (int b = 0; b < 3; b++)
        for (int p = 0; p < 2; p++)
            transitions -= s.bridges[b].ports[p].set_states;
    cr_assert_eq(transitions, 0);
    /* Hellos every 2 s on designated ports: about 50 in 100 s each. */
    cr_assert_geq(s.bridges[0].ports[0].sent, 50);
    cr_assert_leq(s.bridges[0].ports[0].sent, 70);
    /* The designated port's view of its segment is its own vector; the
     * alternate's is bridge 1's. */
    struct rstp_port_info pi = sim_port_info(&s, 2, 1);

    cr_assert_eq(pi.designated_bridge.addr[5], 2);
    cr_assert_eq(pi.designated_cost, 20000);
    cr_assert_eq(pi.designated_port_id, 0x8002);
    cr_assert_eq(pi.designated_root.priority, 4096);
}

/* The order links come up in does not matter: the same tree. */
Test(rstp_roles, triangle_any_order)
{
    sim_bridge(&s, 0, 4096, 1);
    sim_bridge(&s, 1, RSTP_PRIORITY_DEFAULT, 2);
    sim_bridge(&s, 2, RSTP_PRIORITY_DEFAULT, 3);
    for (int b = 0; b < 3; b++) {
        sim_port(&s, b, 0);
        sim_port(&s, b, 1);
    }
    sim_link(&s, 1, 1, 2, 1);
    sim_link(&s, 0, 1, 2, 0);
    sim_link(&s, 0, 0, 1, 0);
    sim_tick(&s, 1);
    assert_triangle();
}

/* Root port's link fails: bridge 2's alternate becomes root port and
 * forwards with no tick; the link back restores the tree, again at once. */
Test(rstp_roles, alternate_takes_over_at_once)
{
    triangle();
    sim_tick(&s, 5);
    sim_link_set(&s, 1, false);     /* 0.1 - 2.0 */
    assert_port(2, 1, RSTP_ROLE_ROOT, RSTP_FORWARDING);
    assert_port(2, 0, RSTP_ROLE_DISABLED, RSTP_DISCARDING);
    assert_port(0, 1, RSTP_ROLE_DISABLED, RSTP_DISCARDING);
    assert_root(2, 1, 40000);
    sim_tick(&s, 30);
    assert_port(2, 1, RSTP_ROLE_ROOT, RSTP_FORWARDING);
    assert_port(1, 1, RSTP_ROLE_DESIGNATED, RSTP_FORWARDING);

    sim_link_set(&s, 1, true);
    assert_triangle();
    sim_tick(&s, 30);
    assert_triangle();
}

/* Bridge 1's root port fails and it has no alternate: it hears the root
 * through bridge 2, whose alternate becomes designated and proposes. */
Test(rstp_roles, root_reached_through_the_blocked_link)
{
    triangle();
    sim_link_set(&s, 0, false);     /* 0.0 - 1.0 */
    assert_port(2, 1, RSTP_ROLE_DESIGNATED, RSTP_FORWARDING);
    assert_port(1, 1, RSTP_ROLE_ROOT, RSTP_FORWARDING);
    assert_root(1, 1, 40000);
    sim_link_set(&s, 0, true);
    assert_triangle();
}

/* Two links between the same pair: the second is an alternate at the
 * non-root bridge (port ID breaks the tie); a cable looped on one bridge
 * makes the higher port a backup. */
Test(rstp_roles, parallel_links_alternate_and_backup)
{
    sim_bridge(&s, 0, RSTP_PRIORITY_DEFAULT, 1);
    sim_bridge(&s, 1, RSTP_PRIORITY_DEFAULT, 2);
    for (int p = 0; p < 4; p++)
        sim_port(&s, 0, p);
    sim_port(&s, 1, 0);
    sim_port(&s, 1, 1);
    sim_link(&s, 0, 0, 1, 0);
    sim_link(&s, 0, 1, 1, 1);
    int loop = sim_link(&s, 0, 2, 0, 3);

    assert_port(0, 0, RSTP_ROLE_DESIGNATED, RSTP_FORWARDING);
    assert_port(0, 1, RSTP_ROLE_DESIGNATED, RSTP_FORWARDING);
    assert_port(1, 0, RSTP_ROLE_ROOT, RSTP_FORWARDING);
    assert_port(1, 1, RSTP_ROLE_ALTERNATE, RSTP_DISCARDING);
    assert_port(0, 2, RSTP_ROLE_DESIGNATED, RSTP_FORWARDING);
    assert_port(0, 3, RSTP_ROLE_BACKUP, RSTP_DISCARDING);
    sim_tick(&s, 60);
    assert_port(1, 1, RSTP_ROLE_ALTERNATE, RSTP_DISCARDING);
    assert_port(0, 3, RSTP_ROLE_BACKUP, RSTP_DISCARDING);
    assert_port(0, 2, RSTP_ROLE_DESIGNATED, RSTP_FORWARDING);

    /* Port priority decides between the parallel links: bridge 0's second
     * port made better moves bridge 1's root port to the second link. */
    struct rstp_port_config pc = sim_port_default(0, 1);

    pc.priority = 64;
    cr_assert_eq(rstp_port_set_config(s.bridges[0].rstp, 1, &pc, s.now_ms), 0);
    sim_run(&s);
    sim_tick(&s, 1);
    assert_port(1, 1, RSTP_ROLE_ROOT, RSTP_FORWARDING);
    assert_port(1, 0, RSTP_ROLE_ALTERNATE, RSTP_DISCARDING);
    cr_assert_eq(sim_port_info(&s, 0, 1).port_id, 0x4002);

    /* The loop cable pulled: no backup any more. */
    sim_link_set(&s, loop, false);
    assert_port(0, 3, RSTP_ROLE_DISABLED, RSTP_DISCARDING);
}

/* Path cost: a cheaper path through two hops beats a dear direct link. */
Test(rstp_roles, path_cost_decides)
{
    struct rstp_port_config pc;

    triangle();
    pc = sim_port_default(2, 0);
    pc.path_cost = 100000;
    cr_assert_eq(rstp_port_set_config(s.bridges[2].rstp, 0, &pc, s.now_ms), 0);
    sim_run(&s);
    sim_tick(&s, 1);
    assert_port(2, 1, RSTP_ROLE_ROOT, RSTP_FORWARDING);
    assert_port(2, 0, RSTP_ROLE_ALTERNATE, RSTP_DISCARDING);
    assert_root(2, 1, 40000);
    cr_assert_eq(sim_port_info(&s, 2, 0).path_cost, 100000);
}

/* A chain of four bridges forwards end to end with no tick: each
 * proposal is agreed after the bridge below synced its own ports. */
Test(rstp_roles, chain_converges_without_ticks)
{
    for (int b = 0; b < 4; b++) {
        sim_bridge(&s, b, RSTP_PRIORITY_DEFAULT, (uint8_t) (b + 1));
        sim_port(&s, b, 0);
        sim_port(&s, b, 1);
    }
    for (int b = 0; b < 3; b++)
        sim_link(&s, b, 1, b + 1, 0);
    for (int b = 1; b < 4; b++) {
        assert_port(b, 0, RSTP_ROLE_ROOT, RSTP_FORWARDING);
        assert_root(b, 1, 20000u * (uint32_t) b);
    }
    for (int b = 0; b < 3; b++)
        assert_port(b, 1, RSTP_ROLE_DESIGNATED, RSTP_FORWARDING);
}

/* Received information ages out when the designated bridge goes silent
 * (3 x Hello Time) without its link going down. */
Test(rstp_roles, information_ages_out)
{
    sim_bridge(&s, 0, 4096, 1);
    sim_bridge(&s, 1, RSTP_PRIORITY_DEFAULT, 2);
    sim_port(&s, 0, 0);
    sim_port(&s, 1, 0);
    int l = sim_link(&s, 0, 0, 1, 0);

    assert_root(1, 1, 20000);
    /* Bridge 0 stops sending (its end of the link down), bridge 1's stays up. */
    s.links[l].up = false;
    cr_assert_eq(rstp_port_set_link(s.bridges[0].rstp, 0, false, 1000, true, s.now_ms), 0);
    sim_tick(&s, 5);
    assert_root(1, 1, 20000);
    sim_tick(&s, 2);
    assert_root(1, 2, 0);
    assert_port(1, 0, RSTP_ROLE_DESIGNATED, RSTP_FORWARDING);
}
