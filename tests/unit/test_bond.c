/* Bonds (net/bond.c): member choice, failover, SLB buckets and rebalance,
 * receive admission; and, with the bridge core, that a bond never gets a
 * frame back (the required test). */
#include <criterion/criterion.h>
#include <string.h>

#include "bond.h"
#include "bridge.h"
#include "util.h"

#define N_FLOWS 1000

static const uint8_t BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t MCAST[6] = { 0x01, 0x00, 0x5e, 0, 0, 0x01 };
static const uint8_t MAC_A[6] = { 0x52, 0x54, 0, 0, 0, 0x0a };
static const uint8_t MAC_B[6] = { 0x52, 0x54, 0, 0, 0, 0x0b };
static const uint8_t MAC_C[6] = { 0x52, 0x54, 0, 0, 0, 0x0c };
static const uint8_t MAC_D[6] = { 0x52, 0x54, 0, 0, 0, 0x0d };

static const bool ALL3[3] = { true, true, true };

/* Source MAC number 'i' (a flow). */
static void
flow_mac(unsigned i, uint8_t mac[6])
{
    static const uint8_t base[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x00 };

    memcpy(mac, base, 6);
    mac[3] = (uint8_t) (i >> 16);
    mac[4] = (uint8_t) (i >> 8);
    mac[5] = (uint8_t) i;
}

static uint8_t
flow_member(struct bond *b, unsigned i)
{
    uint8_t src[6];

    flow_mac(i, src);
    return bond_tx_member(b, MAC_D, src, (uint16_t) (i % 3), 100);
}

TestSuite(bond);

/* Member choice. */

Test(bond, empty_bond_sends_nowhere)
{
    struct bond b;

    bond_init(&b, BOND_BALANCE_SLB, BOND_HASH_SRC_MAC, 1);
    cr_assert_eq(bond_tx_member(&b, MAC_B, MAC_A, 0, 60), BOND_NONE);
    cr_assert_eq(bond_tx_member(&b, BCAST, MAC_A, 0, 60), BOND_NONE);
    cr_assert_eq(b.active, BOND_NONE);
    static const bool none[2] = { false, false };
    cr_assert(!bond_set_members(&b, none, 2));
    cr_assert_eq(bond_tx_member(&b, MAC_B, MAC_A, 0, 60), BOND_NONE);
    cr_assert_eq(bond_rx_admit(&b, 0, MAC_B, false), BOND_RX_DROP_INACTIVE);
}

Test(bond, buckets_are_dealt_evenly)
{
    struct bond b;
    unsigned count[3] = { 0 };

    bond_init(&b, BOND_BALANCE_SLB, BOND_HASH_SRC_MAC, 42);
    cr_assert(bond_set_members(&b, ALL3, 3));
    cr_assert_eq(b.active, 0);
    for (unsigned i = 0; i < BOND_BUCKETS; i++) {
        cr_assert_lt(b.buckets[i].member, 3);
        count[b.buckets[i].member]++;
    }
    for (int m = 0; m < 3; m++)
        cr_assert(count[m] == 85 || count[m] == 86, "member %d: %u buckets", m, count[m]);
    /* And the hash spreads flows over all of them. */
    unsigned flows[3] = { 0 };
    for (unsigned i = 0; i < N_FLOWS; i++)
        flows[flow_member(&b, i)]++;
    for (int m = 0; m < 3; m++)
        cr_assert(flows[m] > N_FLOWS / 5, "member %d: %u of %d flows", m, flows[m], N_FLOWS);
}

Test(bond, losing_a_member_moves_only_its_flows_and_its_return_moves_none)
{
    struct bond b;
    uint8_t before[N_FLOWS], after[N_FLOWS];
    static const bool two_of_3[3] = { true, false, true };
    static const bool four[4] = { true, true, true, true };

    bond_init(&b, BOND_BALANCE_SLB, BOND_HASH_SRC_MAC, 7);
    bond_set_members(&b, ALL3, 3);
    for (unsigned i = 0; i < N_FLOWS; i++)
        before[i] = flow_member(&b, i);

    cr_assert(!bond_set_members(&b, two_of_3, 3), "member 0 stays active");
    unsigned moved = 0;
    for (unsigned i = 0; i < N_FLOWS; i++) {
        after[i] = flow_member(&b, i);
        cr_assert_neq(after[i], 1, "flow %u still on the lost member", i);
        if (before[i] != 1)
            cr_assert_eq(after[i], before[i], "flow %u moved needlessly", i);
        else
            moved++;
    }
    cr_assert_gt(moved, 0);

    /* The member comes back, another joins: nothing moves until a
     * rebalance (no flow that need not move does). */
    bond_set_members(&b, ALL3, 3);
    for (unsigned i = 0; i < N_FLOWS; i++)
        cr_assert_eq(flow_member(&b, i), after[i]);
    bond_set_members(&b, four, 4);
    for (unsigned i = 0; i < N_FLOWS; i++)
        cr_assert_eq(flow_member(&b, i), after[i]);
}

Test(bond, lost_members_buckets_go_to_the_least_loaded)
{
    struct bond b;
    static const bool one_lost[3] = { true, true, false };
    uint8_t src[6];

    bond_init(&b, BOND_BALANCE_SLB, BOND_HASH_SRC_MAC, 7);
    bond_set_members(&b, ALL3, 3);
    /* Load member 0 heavily. */
    for (unsigned i = 0; i < N_FLOWS; i++) {
        flow_mac(i, src);
        if (bond_tx_member(&b, MAC_D, src, 0, 1) == 0)
            bond_tx_member(&b, MAC_D, src, 0, 100000);
    }
    bond_set_members(&b, one_lost, 3);
    unsigned to0 = 0, to1 = 0;
    for (unsigned i = 0; i < BOND_BUCKETS; i++) {
        cr_assert_neq(b.buckets[i].member, 2);
        to0 += b.buckets[i].member == 0;
        to1 += b.buckets[i].member == 1;
    }
    cr_assert_eq(to0, 86, "member 0 kept its own and got none of 2's");
    cr_assert_eq(to1, BOND_BUCKETS - 86);
}

Test(bond, src_mac_hash_ignores_the_destination_src_dst_does_not)
{
    struct bond b;
    uint8_t dst[6];
    bool seen[3] = { false };

    bond_init(&b, BOND_BALANCE_SLB, BOND_HASH_SRC_MAC, 3);
    bond_set_members(&b, ALL3, 3);
    uint8_t first = bond_tx_member(&b, MAC_B, MAC_A, 10, 60);
    for (unsigned i = 0; i < 100; i++) {
        flow_mac(i, dst);
        cr_assert_eq(bond_tx_member(&b, dst, MAC_A, 10, 60), first);
    }
    bond_configure(&b, BOND_BALANCE_SLB, BOND_HASH_SRC_DST_MAC);
    for (unsigned i = 0; i < 100; i++) {
        flow_mac(i, dst);
        seen[bond_tx_member(&b, dst, MAC_A, 10, 60)] = true;
    }
    cr_assert(seen[0] && seen[1] && seen[2]);
}

Test(bond, hash_basis_and_vlan_change_the_bucket)
{
    struct bond b1, b2;
    unsigned differ = 0, vdiffer = 0;
    uint8_t src[6];

    bond_init(&b1, BOND_BALANCE_SLB, BOND_HASH_SRC_MAC, 1);
    bond_init(&b2, BOND_BALANCE_SLB, BOND_HASH_SRC_MAC, 2);
    bond_set_members(&b1, ALL3, 3);
    bond_set_members(&b2, ALL3, 3);
    for (unsigned i = 0; i < 100; i++) {
        flow_mac(i, src);
        differ += bond_tx_member(&b1, MAC_D, src, 0, 1) != bond_tx_member(&b2, MAC_D, src, 0, 1);
        vdiffer += bond_tx_member(&b1, MAC_D, src, 0, 1) != bond_tx_member(&b1, MAC_D, src, 5, 1);
    }
    cr_assert_gt(differ, 30);
    cr_assert_gt(vdiffer, 30);
}

Test(bond, floods_leave_by_the_active_member)
{
    struct bond b;
    static const bool not0[3] = { false, true, true };
    uint8_t src[6];

    bond_init(&b, BOND_BALANCE_SLB, BOND_HASH_SRC_MAC, 9);
    bond_set_members(&b, not0, 3);
    cr_assert_eq(b.active, 1);
    for (unsigned i = 0; i < 100; i++) {
        flow_mac(i, src);
        cr_assert_eq(bond_tx_member(&b, BCAST, src, 0, 60), 1);
        cr_assert_eq(bond_tx_member(&b, MCAST, src, 0, 60), 1);
    }
}

/* Active-backup. */

Test(bond, active_backup_fails_over_without_preemption)
{
    struct bond b;
    static const bool both[2] = { true, true }, only1[2] = { false, true },
                      none[2] = { false, false };
    uint8_t src[6];

    bond_init(&b, BOND_ACTIVE_BACKUP, BOND_HASH_SRC_MAC, 9);
    cr_assert(bond_set_members(&b, both, 2));
    cr_assert_eq(b.active, 0);
    cr_assert_eq(b.failovers, 0);
    for (unsigned i = 0; i < 50; i++) {
        flow_mac(i, src);
        cr_assert_eq(bond_tx_member(&b, MAC_D, src, 0, 60), 0);
    }
    cr_assert_eq(bond_rx_admit(&b, 0, MAC_B, false), BOND_RX_ACCEPT);
    cr_assert_eq(bond_rx_admit(&b, 1, MAC_B, false), BOND_RX_DROP_INACTIVE);
    cr_assert_eq(bond_rx_admit(&b, 1, BCAST, false), BOND_RX_DROP_INACTIVE);

    cr_assert(bond_set_members(&b, only1, 2), "failover");
    cr_assert_eq(b.active, 1);
    cr_assert_eq(b.failovers, 1);
    cr_assert_eq(bond_tx_member(&b, MAC_D, MAC_A, 0, 60), 1);
    cr_assert_eq(bond_rx_admit(&b, 0, MAC_B, false), BOND_RX_DROP_INACTIVE);
    cr_assert_eq(bond_rx_admit(&b, 1, MAC_B, false), BOND_RX_ACCEPT);

    cr_assert(!bond_set_members(&b, both, 2), "no preemption");
    cr_assert_eq(b.active, 1);
    cr_assert_eq(bond_tx_member(&b, MAC_D, MAC_A, 0, 60), 1);

    cr_assert(bond_set_members(&b, none, 2));
    cr_assert_eq(b.active, BOND_NONE);
    cr_assert_eq(bond_tx_member(&b, MAC_D, MAC_A, 0, 60), BOND_NONE);
    cr_assert(bond_set_members(&b, only1, 2));
    cr_assert_eq(b.active, 1);
    cr_assert_eq(b.failovers, 2, "coming up from none is no failover");
}

Test(bond, shrinking_the_member_count_elects_anew)
{
    struct bond b;
    static const bool three[3] = { false, false, true }, two[2] = { true, true };

    bond_init(&b, BOND_ACTIVE_BACKUP, BOND_HASH_SRC_MAC, 9);
    bond_set_members(&b, three, 3);
    cr_assert_eq(b.active, 2);
    cr_assert(bond_set_members(&b, two, 2));
    cr_assert_eq(b.active, 0);
    cr_assert_eq(bond_rx_admit(&b, 2, MAC_B, false), BOND_RX_DROP_INACTIVE);
}

/* Balance-SLB receive rules. */

Test(bond, slb_admission)
{
    struct bond b;

    bond_init(&b, BOND_BALANCE_SLB, BOND_HASH_SRC_MAC, 9);
    bond_set_members(&b, (const bool[3]) { true, true, false }, 3);
    cr_assert_eq(b.active, 0);
    /* Floods are taken on the active member only. */
    cr_assert_eq(bond_rx_admit(&b, 0, BCAST, false), BOND_RX_ACCEPT);
    cr_assert_eq(bond_rx_admit(&b, 1, BCAST, false), BOND_RX_DROP_MULTICAST);
    cr_assert_eq(bond_rx_admit(&b, 1, MCAST, false), BOND_RX_DROP_MULTICAST);
    /* Unicast on any usable member. */
    cr_assert_eq(bond_rx_admit(&b, 1, MAC_A, false), BOND_RX_ACCEPT);
    /* Our own source coming back is dropped, even on the active member. */
    cr_assert_eq(bond_rx_admit(&b, 1, MAC_A, true), BOND_RX_DROP_REFLECTED);
    cr_assert_eq(bond_rx_admit(&b, 0, MAC_A, true), BOND_RX_DROP_REFLECTED);
    cr_assert_eq(bond_rx_admit(&b, 0, BCAST, true), BOND_RX_DROP_REFLECTED);
    /* Unusable or unknown members receive nothing. */
    cr_assert_eq(bond_rx_admit(&b, 2, MAC_A, false), BOND_RX_DROP_INACTIVE);
    cr_assert_eq(bond_rx_admit(&b, 7, MAC_A, false), BOND_RX_DROP_INACTIVE);
    cr_assert_eq(bond_rx_admit(&b, BOND_NONE, MAC_A, false), BOND_RX_DROP_INACTIVE);

    /* With LACP the partner is one system: every usable member takes all. */
    bond_set_lacp_negotiated(&b, true);
    cr_assert_eq(bond_rx_admit(&b, 1, BCAST, false), BOND_RX_ACCEPT);
    cr_assert_eq(bond_rx_admit(&b, 1, MAC_A, true), BOND_RX_ACCEPT);
    cr_assert_eq(bond_rx_admit(&b, 2, MAC_A, false), BOND_RX_DROP_INACTIVE);
    bond_configure(&b, BOND_ACTIVE_BACKUP, BOND_HASH_SRC_MAC);
    cr_assert_eq(bond_rx_admit(&b, 1, MAC_A, false), BOND_RX_ACCEPT);
}

/* Rebalance. */

/* Sends 'bytes' on each of the N_FLOWS flows, 10x more on the flows of
 * member 0, and returns the gap between the most and least loaded. */
static uint64_t
skewed_traffic(struct bond *b, const uint8_t route[N_FLOWS])
{
    uint64_t load[3] = { 0 }, hi = 0, lo = UINT64_MAX;
    uint8_t src[6];

    for (unsigned i = 0; i < N_FLOWS; i++) {
        uint32_t bytes = route[i] == 0 ? 10000 : 1000;

        flow_mac(i, src);
        bond_tx_member(b, MAC_D, src, 0, bytes);
    }
    for (uint8_t m = 0; m < 3; m++) {
        load[m] = bond_member_load(b, m);
        hi = load[m] > hi ? load[m] : hi;
        lo = load[m] < lo ? load[m] : lo;
    }
    return hi - lo;
}

Test(bond, rebalance_narrows_a_skew)
{
    struct bond b;
    uint8_t route[N_FLOWS], src[6];

    bond_init(&b, BOND_BALANCE_SLB, BOND_HASH_SRC_MAC, 11);
    bond_set_members(&b, ALL3, 3);
    for (unsigned i = 0; i < N_FLOWS; i++) {
        flow_mac(i, src);
        route[i] = bond_tx_member(&b, MAC_D, src, 0, 0);
    }
    cr_assert_eq(bond_rebalance(&b, 1000), 0, "the first call only schedules");
    cr_assert_eq(b.next_rebalance, 1000 + BOND_REBALANCE_MS);

    uint64_t gap0 = skewed_traffic(&b, route);
    cr_assert_eq(bond_rebalance(&b, 1000 + BOND_REBALANCE_MS - 1), 0, "not yet");
    cr_assert_gt(bond_member_load(&b, 0), 0);
    unsigned moved = bond_rebalance(&b, 1000 + BOND_REBALANCE_MS);
    cr_assert_gt(moved, 0);
    for (uint8_t m = 0; m < 3; m++)
        cr_assert_eq(bond_member_load(&b, m), 0, "counts cleared");
    cr_assert_eq(b.next_rebalance, 1000 + 2 * BOND_REBALANCE_MS);

    uint64_t gap1 = skewed_traffic(&b, route);
    cr_assert_lt(gap1 * 4, gap0, "gap %llu -> %llu", (unsigned long long) gap0,
                 (unsigned long long) gap1);
    /* The same traffic again: balanced enough that little or nothing moves. */
    bond_rebalance(&b, 1000 + 2 * BOND_REBALANCE_MS);
    uint64_t gap2 = skewed_traffic(&b, route);
    cr_assert_leq(gap2, gap1);
}

Test(bond, rebalance_moves_nothing_in_active_backup_or_when_balanced)
{
    struct bond b;
    uint8_t src[6];

    bond_init(&b, BOND_ACTIVE_BACKUP, BOND_HASH_SRC_MAC, 11);
    bond_set_members(&b, ALL3, 3);
    bond_rebalance(&b, 0);
    for (unsigned i = 0; i < N_FLOWS; i++) {
        flow_mac(i, src);
        bond_tx_member(&b, MAC_D, src, 0, 1000);
    }
    cr_assert_eq(bond_rebalance(&b, BOND_REBALANCE_MS), 0);

    bond_init(&b, BOND_BALANCE_SLB, BOND_HASH_SRC_MAC, 11);
    bond_set_members(&b, ALL3, 3);
    bond_rebalance(&b, 0);
    cr_assert_eq(bond_rebalance(&b, BOND_REBALANCE_MS), 0, "no traffic, no move");
}

Test(bond, names)
{
    cr_assert_str_eq(bond_mode_name(BOND_ACTIVE_BACKUP), "active-backup");
    cr_assert_str_eq(bond_mode_name(BOND_BALANCE_SLB), "balance-slb");
    cr_assert_str_eq(bond_hash_name(BOND_HASH_SRC_DST_MAC), "src-dst-mac");
    cr_assert_str_eq(bond_rx_verdict_name(BOND_RX_DROP_REFLECTED), "reflected");
}

/* The bond never delivers a frame back to itself.
 *
 * A bridge with the bond as port 1 and hosts on ports 2 and 3, all in
 * VLAN 10, fed the way the daemon does: a frame a member receives passes
 * bond_rx_admit() (with the bridge's MAC table for 'learnt_elsewhere')
 * and enters the bridge as port 1's; a frame the bridge queues for port 1
 * leaves by bond_tx_member(). */

#define BOND_PORT 1
#define VID 10

struct wire {
    uint16_t port;
    uint8_t member;                     /* for BOND_PORT */
    uint8_t bytes[128];
    uint32_t len;
};

static struct {
    struct bridge *br;
    struct bond bond;
    struct wire out[64];
    unsigned n_out;
    uint8_t buf[16][FRAME_HEADROOM + 128];
    struct frame frames[16];
    unsigned n_frames;
} w;

static void
collect(uint16_t port_no, const struct bridge_tx *items, unsigned n, void *arg)
{
    (void) arg;
    for (unsigned i = 0; i < n; i++) {
        struct wire *o = &w.out[w.n_out++];
        uint32_t rest;
        uint32_t hlen = bridge_tx_header(&items[i], o->bytes, &rest);
        const struct frame *f = items[i].frame;

        cr_assert_leq(w.n_out, ARRAY_SIZE(w.out));
        o->port = port_no;
        memcpy(o->bytes + hlen, f->data + rest, f->len - rest);
        o->len = hlen + f->len - rest;
        o->member = port_no == BOND_PORT
            ? bond_tx_member(&w.bond, o->bytes, o->bytes + 6, VID, o->len) : BOND_NONE;
    }
}

static struct frame *
frame_of(const uint8_t *dst, const uint8_t *src)
{
    uint8_t *d = w.buf[w.n_frames] + FRAME_HEADROOM;
    struct frame *f = &w.frames[w.n_frames++];

    cr_assert_leq(w.n_frames, ARRAY_SIZE(w.frames));
    memset(d, 0, 60);
    memcpy(d, dst, 6);
    memcpy(d + 6, src, 6);
    d[12] = 0x08;
    f->data = d;
    f->len = 60;
    f->headroom = FRAME_HEADROOM;
    return f;
}

/* What a host port or a bond member receives; returns the outputs' count. */
static unsigned
receive(uint16_t port, uint8_t member, struct frame *f)
{
    w.n_out = 0;
    if (port == BOND_PORT) {
        uint16_t learnt_on;
        bool elsewhere = mac_table_lookup(bridge_mac_table(w.br), VID, f->data + 6, &learnt_on)
                         && learnt_on != BOND_PORT;

        if (bond_rx_admit(&w.bond, member, f->data, elsewhere) != BOND_RX_ACCEPT)
            return 0;
    }
    cr_assert_eq(bridge_reserve(w.br, 1), 0);
    bridge_input(w.br, port, &f, 1, 1000);
    bridge_tx_flush(w.br, collect, NULL);
    for (unsigned i = 0; i < w.n_out; i++)
        if (port == BOND_PORT)
            cr_assert_neq(w.out[i].port, BOND_PORT, "a frame went back to the bond");
    return w.n_out;
}

static bool
sent_to(uint16_t port)
{
    for (unsigned i = 0; i < w.n_out; i++)
        if (w.out[i].port == port)
            return true;
    return false;
}

static void
wire_setup(void)
{
    struct bridge_config cfg = { .max_ports = 8, .mac_table_size = 64 };
    struct vlan_port p;

    memset(&w, 0, sizeof w);
    w.br = bridge_create(&cfg);
    cr_assert_not_null(w.br);
    vlan_port_init_access(&p, VID);
    for (uint16_t port = 1; port <= 3; port++)
        cr_assert_eq(bridge_port_add(w.br, port, &p), 0);
    bond_init(&w.bond, BOND_BALANCE_SLB, BOND_HASH_SRC_MAC, 5);
    bond_set_members(&w.bond, (const bool[2]) { true, true }, 2);
}

static void
wire_teardown(void)
{
    bridge_destroy(w.br);
}

Test(bond, never_delivers_a_frame_back_to_itself, .init = wire_setup, .fini = wire_teardown)
{
    /* Broadcast, multicast and unknown unicast from behind the bond flood
     * to the hosts, never back to the bond. */
    cr_assert_eq(receive(BOND_PORT, 0, frame_of(BCAST, MAC_A)), 2);
    cr_assert(sent_to(2) && sent_to(3));
    cr_assert_eq(receive(BOND_PORT, 0, frame_of(MCAST, MAC_A)), 2);
    cr_assert_eq(receive(BOND_PORT, 1, frame_of(MAC_C, MAC_D)), 2);
    cr_assert(sent_to(2) && sent_to(3));

    /* Known unicast: to a host goes there; to a station behind the bond
     * (MAC_D, learnt on the bond through member 1) goes nowhere. */
    cr_assert_eq(receive(2, BOND_NONE, frame_of(MAC_D, MAC_B)), 1);
    cr_assert(sent_to(BOND_PORT));
    cr_assert_eq(receive(BOND_PORT, 0, frame_of(MAC_B, MAC_A)), 1);
    cr_assert(sent_to(2));
    uint64_t same_port = bridge_port_stats(w.br, BOND_PORT)->drops[BRIDGE_DROP_SAME_PORT];
    cr_assert_eq(receive(BOND_PORT, 0, frame_of(MAC_D, MAC_A)), 0);
    cr_assert_eq(receive(BOND_PORT, 1, frame_of(MAC_A, MAC_D)), 0);
    cr_assert_eq(bridge_port_stats(w.br, BOND_PORT)->drops[BRIDGE_DROP_SAME_PORT],
                 same_port + 2);
}

Test(bond, reflected_broadcast_never_enters_the_bridge_again, .init = wire_setup,
     .fini = wire_teardown)
{
    /* Host B broadcasts: one copy leaves the bond, by the active member. */
    struct frame *f = frame_of(BCAST, MAC_B);
    cr_assert_eq(receive(2, BOND_NONE, f), 2);
    unsigned to_bond = 0;
    for (unsigned i = 0; i < w.n_out; i++) {
        if (w.out[i].port == BOND_PORT) {
            to_bond++;
            cr_assert_eq(w.out[i].member, w.bond.active);
        }
    }
    cr_assert_eq(to_bond, 1, "broadcast goes out one member only");
    cr_assert_eq(w.bond.active, 0);

    /* A peer with no LACP floods it back on member 1 (and, worse, on the
     * active member 0): neither copy enters the bridge, so host B and
     * host C never see it twice. */
    uint64_t rx_before = bridge_port_stats(w.br, BOND_PORT)->rx_frames;
    cr_assert_eq(bond_rx_admit(&w.bond, 1, BCAST, true), BOND_RX_DROP_MULTICAST);
    cr_assert_eq(receive(BOND_PORT, 1, frame_of(BCAST, MAC_B)), 0);
    cr_assert_eq(receive(BOND_PORT, 0, frame_of(BCAST, MAC_B)), 0);
    cr_assert_eq(bridge_port_stats(w.br, BOND_PORT)->rx_frames, rx_before);
    uint16_t port;
    cr_assert(mac_table_lookup(bridge_mac_table(w.br), VID, MAC_B, &port));
    cr_assert_eq(port, 2, "the reflection did not move host B to the bond");

    /* A real broadcast from behind the bond on the active member still
     * floods to both hosts. */
    cr_assert_eq(receive(BOND_PORT, 0, frame_of(BCAST, MAC_A)), 2);
}
