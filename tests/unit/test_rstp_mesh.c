/* RSTP (net/rstp.h) on a simulated mesh (tests/unit/rstp_sim.h): four
 * bridges, every pair joined, one pair twice; links go down and come back
 * in a fixed pseudo-random order.  After each change has settled, what
 * must hold is what spanning tree is for: every bridge of a connected
 * part believes in the same root (the best bridge of that part); the
 * links forwarding at both ends connect that part and make no loop; each
 * link has exactly one designated end; every non-root bridge has exactly
 * one root port. */
#include <criterion/criterion.h>
#include <string.h>

#include "rstp_sim.h"

#define NB 4

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

static int
find_set(int *parent, int x)
{
    while (parent[x] != x)
        x = parent[x] = parent[parent[x]];
    return x;
}

static void
check_tree(void)
{
    int up_set[NB], fwd_set[NB];
    int n_fwd = 0;

    for (int b = 0; b < NB; b++)
        up_set[b] = fwd_set[b] = b;
    for (int l = 0; l < s.n_links; l++) {
        struct sim_link *k = &s.links[l];
        enum rstp_state sa = sim_state(&s, k->a, k->pa), sb = sim_state(&s, k->b, k->pb);

        if (!k->up) {
            cr_assert_eq(sa, RSTP_DISCARDING);
            cr_assert_eq(sb, RSTP_DISCARDING);
            continue;
        }
        up_set[find_set(up_set, k->a)] = find_set(up_set, k->b);
        cr_assert_eq((sim_role(&s, k->a, k->pa) == RSTP_ROLE_DESIGNATED)
                     + (sim_role(&s, k->b, k->pb) == RSTP_ROLE_DESIGNATED), 1,
                     "link %d: not exactly one designated end (%s, %s)", l,
                     rstp_role_name(sim_role(&s, k->a, k->pa)),
                     rstp_role_name(sim_role(&s, k->b, k->pb)));
        if (sa == RSTP_FORWARDING && sb == RSTP_FORWARDING) {
            int ra = find_set(fwd_set, k->a), rb = find_set(fwd_set, k->b);

            cr_assert_neq(ra, rb, "link %d closes a loop of forwarding links", l);
            fwd_set[ra] = rb;
            n_fwd++;
        }
    }
    for (int b = 0; b < NB; b++) {
        struct rstp_bridge_info info = sim_bridge_info(&s, b);
        int best = b, roots = 0;

        /* The best bridge of its part: bridge i has priority order i. */
        for (int c = 0; c < NB; c++)
            if (find_set(up_set, c) == find_set(up_set, b) && c < best)
                best = c;
        cr_assert_eq(info.root_id.addr[5], best + 1, "bridge %d believes in root %d, not %d",
                     b, info.root_id.addr[5] - 1, best);
        for (int c = 0; c < NB; c++)
            if (find_set(up_set, c) == find_set(up_set, b))
                cr_assert_eq(find_set(fwd_set, c), find_set(fwd_set, b),
                             "bridges %d and %d connected but not by forwarding links", b, c);
        for (int p = 0; p < SIM_PORTS; p++)
            if (s.bridges[b].ports[p].used && sim_role(&s, b, p) == RSTP_ROLE_ROOT)
                roots++;
        cr_assert_eq(roots, best == b ? 0 : 1, "bridge %d has %d root ports", b, roots);
    }
    (void) n_fwd;
}

TestSuite(rstp_mesh, .init = setup, .fini = teardown, .timeout = 60);

Test(rstp_mesh, loop_free_and_spanning_through_changes)
{
    int next_port[NB] = { 0 };
    uint32_t seed = 12345;

    for (int b = 0; b < NB; b++)
        sim_bridge(&s, b, (uint16_t) (4096 * (b + 1)), (uint8_t) (b + 1));
    for (int a = 0; a < NB; a++) {
        for (int b = a + 1; b < NB; b++) {
            for (int twice = 0; twice < (a == 0 && b == 1 ? 2 : 1); twice++) {
                int pa = next_port[a]++, pb = next_port[b]++;

                sim_port(&s, a, pa);
                sim_port(&s, b, pb);
                sim_link(&s, a, pa, b, pb);
            }
        }
    }
    sim_tick(&s, 1);
    check_tree();
    for (int step = 0; step < 40; step++) {
        int l;

        seed = seed * 1103515245u + 12345u;
        l = (int) ((seed >> 16) % (uint32_t) s.n_links);
        sim_link_set(&s, l, !s.links[l].up);
        /* Changes a second or two apart, or at once, then settle: Max
         * Age bounds the stale information, Forward Delay twice the
         * slowest path to forwarding. */
        seed = seed * 1103515245u + 12345u;
        if ((seed >> 16) % 2)
            continue;
        sim_tick(&s, 1 + (int) ((seed >> 20) % 2));
        sim_tick(&s, 60);
        check_tree();
    }
    for (int l = 0; l < s.n_links; l++)
        if (!s.links[l].up)
            sim_link_set(&s, l, true);
    sim_tick(&s, 60);
    check_tree();
}

/* The same, with every second bridge speaking 802.1D STP only. */
Test(rstp_mesh, mixed_with_legacy_bridges)
{
    int next_port[NB] = { 0 };
    uint32_t seed = 777;

    for (int b = 0; b < NB; b++) {
        struct rstp_bridge_config cfg = RSTP_BRIDGE_CONFIG_DEFAULT;

        cfg.priority = (uint16_t) (4096 * (b + 1));
        cfg.addr[0] = 0x02;
        cfg.addr[5] = (uint8_t) (b + 1);
        cfg.force_stp = b % 2;
        sim_bridge_cfg(&s, b, &cfg);
    }
    for (int a = 0; a < NB; a++) {
        for (int b = a + 1; b < NB; b++) {
            int pa = next_port[a]++, pb = next_port[b]++;

            sim_port(&s, a, pa);
            sim_port(&s, b, pb);
            sim_link(&s, a, pa, b, pb);
        }
    }
    sim_tick(&s, 80);
    check_tree();
    for (int step = 0; step < 15; step++) {
        int l;

        seed = seed * 1103515245u + 12345u;
        l = (int) ((seed >> 16) % (uint32_t) s.n_links);
        sim_link_set(&s, l, !s.links[l].up);
        sim_tick(&s, 80);
        check_tree();
    }
}
