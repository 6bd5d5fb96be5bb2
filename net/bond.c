/* Bonds: member choice and receive admission (net/bond.h; docs/bonding.md
 * section 2 explains the modes, the buckets and the SLB receive rules). */
#include "bond.h"

#include <string.h>

/* A 64-bit finalizer (the murmur3/splitmix64 mix): every input bit
 * reaches every output bit, in a few multiplications and no table. */
static uint64_t
mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

static uint64_t
mac_u64(const uint8_t mac[ETH_ADDR_LEN])
{
    uint64_t v = 0;

    for (int i = 0; i < ETH_ADDR_LEN; i++)
        v = v << 8 | mac[i];
    return v;
}

static unsigned
bucket_of(const struct bond *b, const uint8_t dst[ETH_ADDR_LEN],
          const uint8_t src[ETH_ADDR_LEN], uint16_t vid)
{
    uint64_t h = mix64(b->hash_basis ^ mac_u64(src) ^ (uint64_t) (vid & VLAN_VID_MASK) << 48);

    if (b->hash == BOND_HASH_SRC_DST_MAC)
        h = mix64(h ^ mac_u64(dst));
    return (unsigned) (h % BOND_BUCKETS);
}

static bool
member_usable(const struct bond *b, uint8_t member)
{
    return member < b->n_members && b->usable[member];
}

/* Gives every bucket without a usable member to the usable member with
 * the fewest bytes (then buckets, then the lower index), counting each
 * bucket as it is given, so a fresh bond's idle buckets are dealt out
 * evenly and a lost member's busy ones spread by load.  'all': every
 * bucket is dealt again (bond_configure()). */
static void
deal_buckets(struct bond *b, bool all)
{
    uint64_t load[BOND_MEMBERS_MAX] = { 0 };
    unsigned count[BOND_MEMBERS_MAX] = { 0 };

    for (unsigned i = 0; i < BOND_BUCKETS; i++) {
        struct bond_bucket *bk = &b->buckets[i];

        if (all)
            bk->member = BOND_NONE;
        else if (member_usable(b, bk->member)) {
            load[bk->member] += bk->tx_bytes;
            count[bk->member]++;
        }
    }
    for (unsigned i = 0; i < BOND_BUCKETS; i++) {
        struct bond_bucket *bk = &b->buckets[i];
        uint8_t best = BOND_NONE;

        if (member_usable(b, bk->member))
            continue;
        for (uint8_t m = 0; m < b->n_members; m++) {
            if (b->usable[m]
                && (best == BOND_NONE || load[m] < load[best]
                    || (load[m] == load[best] && count[m] < count[best])))
                best = m;
        }
        bk->member = best;
        if (best != BOND_NONE) {
            load[best] += bk->tx_bytes;
            count[best]++;
        }
    }
}

void
bond_init(struct bond *b, enum bond_mode mode, enum bond_hash hash, uint64_t hash_basis)
{
    memset(b, 0, sizeof *b);
    b->mode = mode;
    b->hash = hash;
    b->hash_basis = hash_basis;
    b->active = BOND_NONE;
    for (unsigned i = 0; i < BOND_BUCKETS; i++)
        b->buckets[i].member = BOND_NONE;
}

void
bond_configure(struct bond *b, enum bond_mode mode, enum bond_hash hash)
{
    b->mode = mode;
    b->hash = hash;
    for (unsigned i = 0; i < BOND_BUCKETS; i++)
        b->buckets[i].tx_bytes = 0;
    deal_buckets(b, true);
}

bool
bond_set_members(struct bond *b, const bool usable[], uint8_t n_members)
{
    uint8_t old = b->active;

    if (n_members > BOND_MEMBERS_MAX)
        n_members = BOND_MEMBERS_MAX;
    b->n_members = n_members;
    for (uint8_t m = 0; m < BOND_MEMBERS_MAX; m++)
        b->usable[m] = m < n_members && usable[m];

    /* No preemption (docs/bonding.md section 2): the active member keeps
     * the role while it can carry traffic, so a flapping link that comes
     * back does not move every MAC address the peer learnt twice. */
    if (!member_usable(b, b->active)) {
        b->active = BOND_NONE;
        for (uint8_t m = 0; m < n_members; m++) {
            if (b->usable[m]) {
                b->active = m;
                break;
            }
        }
        if (old != BOND_NONE && b->active != old)
            b->failovers++;
    }
    deal_buckets(b, false);
    return b->active != old;
}

void
bond_set_lacp_negotiated(struct bond *b, bool negotiated)
{
    b->lacp_negotiated = negotiated;
}

uint8_t
bond_tx_member(struct bond *b, const uint8_t dst[ETH_ADDR_LEN],
               const uint8_t src[ETH_ADDR_LEN], uint16_t vid, uint32_t len)
{
    struct bond_bucket *bk;

    /* Floods leave by the active member only, so the peer sees each once
     * and the SLB receive rule (multicast on the active member only)
     * holds on both sides. */
    if (b->mode == BOND_ACTIVE_BACKUP || eth_addr_is_multicast(dst)
        || b->active == BOND_NONE)
        return b->active;
    bk = &b->buckets[bucket_of(b, dst, src, vid)];
    if (!member_usable(b, bk->member))
        return b->active;           /* not reached: bond_set_members() deals */
    bk->tx_bytes += len;
    return bk->member;
}

enum bond_rx_verdict
bond_rx_admit(const struct bond *b, uint8_t member, const uint8_t dst[ETH_ADDR_LEN],
              bool learnt_elsewhere)
{
    if (!member_usable(b, member))
        return BOND_RX_DROP_INACTIVE;
    /* An LACP partner is one system that sends each frame once and never
     * back: trust it (docs/bonding.md section 2). */
    if (b->lacp_negotiated)
        return BOND_RX_ACCEPT;
    if (b->mode == BOND_ACTIVE_BACKUP)
        return member == b->active ? BOND_RX_ACCEPT : BOND_RX_DROP_INACTIVE;
    /* SLB without LACP: the peer floods our own broadcasts back on the
     * other members, and may flood one of its own to all of them. */
    if (eth_addr_is_multicast(dst) && member != b->active)
        return BOND_RX_DROP_MULTICAST;
    if (learnt_elsewhere)
        return BOND_RX_DROP_REFLECTED;
    return BOND_RX_ACCEPT;
}

uint64_t
bond_member_load(const struct bond *b, uint8_t member)
{
    uint64_t load = 0;

    for (unsigned i = 0; i < BOND_BUCKETS; i++)
        if (b->buckets[i].member == member)
            load += b->buckets[i].tx_bytes;
    return load;
}

/* The bucket of 'from' whose move to a member 'gap' bytes less loaded
 * brings the two closest, or BOND_BUCKETS when no move narrows the gap
 * (a bucket of 'gap' bytes or more would only swap the roles). */
static unsigned
best_bucket_to_move(const struct bond *b, uint8_t from, uint64_t gap)
{
    unsigned best = BOND_BUCKETS;
    uint64_t best_left = gap;

    for (unsigned i = 0; i < BOND_BUCKETS; i++) {
        uint64_t x = b->buckets[i].tx_bytes;
        uint64_t left;

        if (b->buckets[i].member != from || !x || x >= gap)
            continue;
        left = gap > 2 * x ? gap - 2 * x : 2 * x - gap;   /* the new gap */
        if (left < best_left) {
            best_left = left;
            best = i;
        }
    }
    return best;
}

unsigned
bond_rebalance(struct bond *b, int64_t now_ms)
{
    uint64_t load[BOND_MEMBERS_MAX] = { 0 };
    unsigned moved = 0;

    if (!b->next_rebalance) {
        b->next_rebalance = now_ms + BOND_REBALANCE_MS;
        return 0;
    }
    if (now_ms < b->next_rebalance)
        return 0;
    b->next_rebalance = now_ms + BOND_REBALANCE_MS;

    for (unsigned i = 0; i < BOND_BUCKETS; i++)
        if (member_usable(b, b->buckets[i].member))
            load[b->buckets[i].member] += b->buckets[i].tx_bytes;

    /* Each move lowers the sum of the squared loads, so this ends; the
     * bound is a second guarantee. */
    while (b->mode == BOND_BALANCE_SLB && moved < BOND_BUCKETS) {
        uint8_t hi = BOND_NONE, lo = BOND_NONE;
        unsigned i;

        for (uint8_t m = 0; m < b->n_members; m++) {
            if (!b->usable[m])
                continue;
            if (hi == BOND_NONE || load[m] > load[hi])
                hi = m;
            if (lo == BOND_NONE || load[m] < load[lo])
                lo = m;
        }
        if (hi == lo)
            break;
        i = best_bucket_to_move(b, hi, load[hi] - load[lo]);
        if (i == BOND_BUCKETS)
            break;
        b->buckets[i].member = lo;
        load[hi] -= b->buckets[i].tx_bytes;
        load[lo] += b->buckets[i].tx_bytes;
        moved++;
    }
    for (unsigned i = 0; i < BOND_BUCKETS; i++)
        b->buckets[i].tx_bytes = 0;
    return moved;
}

const char *
bond_mode_name(enum bond_mode m)
{
    return m == BOND_ACTIVE_BACKUP ? "active-backup" : "balance-slb";
}

const char *
bond_hash_name(enum bond_hash h)
{
    return h == BOND_HASH_SRC_DST_MAC ? "src-dst-mac" : "src-mac";
}

const char *
bond_rx_verdict_name(enum bond_rx_verdict v)
{
    switch (v) {
    case BOND_RX_ACCEPT: return "accept";
    case BOND_RX_DROP_INACTIVE: return "inactive-member";
    case BOND_RX_DROP_MULTICAST: return "multicast-on-backup";
    case BOND_RX_DROP_REFLECTED: return "reflected";
    }
    return "?";
}
