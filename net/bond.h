#ifndef NET_BOND_H
#define NET_BOND_H 1

/* Bonds: which member sends a frame, and which received frames count
 * ==================================================================
 * A bond (IOS: port-channel) is one port of a bridge made of up to
 * BOND_MEMBERS_MAX member ports.  The bridge core sees only the bond's port
 * number; this module decides, per frame, which member transmits it and
 * whether a frame received on a member enters the bridge.  Pure: the
 * daemon tells it which members may carry traffic (carrier, not shut down,
 * and, with LACP, distributing: net/lacp.h) and when time passes.
 *
 * Modes (docs/bonding.md section 2):
 * - BOND_ACTIVE_BACKUP: one member (the active one) sends and receives;
 *   when it can no longer carry traffic the first usable member in member
 *   order takes over, and keeps the role when the old one comes back (no
 *   preemption, as Open vSwitch does).  Frames received on other members
 *   are dropped.
 * - BOND_BALANCE_SLB: unicast frames go to a member chosen by a hash of
 *   the source MAC and VLAN (BOND_HASH_SRC_MAC) or of both MACs and the
 *   VLAN (BOND_HASH_SRC_DST_MAC), through BOND_BUCKETS buckets that
 *   bond_rebalance() moves between members by load; broadcast, multicast
 *   and unknown unicast that the bridge floods go out the active member
 *   only.  Without LACP the peer is a plain switch that floods our own
 *   broadcasts back on the other members, so on receive: multicast and
 *   broadcast are taken on the active member only, and a frame whose
 *   source MAC the bridge has learnt on a port other than the bond is a
 *   reflection of our own traffic and is dropped (the peer needs no
 *   configuration: Open vSwitch's SLB rules).
 * With LACP negotiated (bond_set_lacp_negotiated()), the peer is one
 * system that keeps its own loop-freedom, so every usable member receives
 * everything; transmit still follows the mode.
 *
 * A frame is never sent back to the bond it came from: the bridge treats
 * the bond as one port, so NORMAL's same-port rule applies to the bond
 * as a whole (tests/unit/test_bond.c checks both halves). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frame.h"

#define BOND_MEMBERS_MAX     8          /* IOS: 8 active members per channel */
#define BOND_BUCKETS         256
#define BOND_NONE            UINT8_MAX  /* no member */
#define BOND_REBALANCE_MS    10000      /* Open vSwitch's bond-rebalance-interval */

enum bond_mode {
    BOND_ACTIVE_BACKUP,
    BOND_BALANCE_SLB,
};

enum bond_hash {
    BOND_HASH_SRC_MAC,                  /* IOS `port-channel load-balance src-mac` */
    BOND_HASH_SRC_DST_MAC,              /* ... `src-dst-mac` */
};

struct bond_bucket {
    uint8_t member;                     /* BOND_NONE when no member is usable */
    uint64_t tx_bytes;                  /* since the last rebalance */
};

struct bond {
    enum bond_mode mode;
    enum bond_hash hash;
    uint8_t n_members;
    bool usable[BOND_MEMBERS_MAX];      /* may carry traffic */
    bool lacp_negotiated;
    uint8_t active;                     /* BOND_NONE, or the active member */
    uint64_t hash_basis;                /* random per bond (the daemon's) */
    struct bond_bucket buckets[BOND_BUCKETS];
    int64_t next_rebalance;             /* ms */
    uint64_t failovers;                 /* times the active member changed
                                           because the old one went */
};

/* Starts an empty bond. */
void bond_init(struct bond *, enum bond_mode, enum bond_hash, uint64_t hash_basis);

/* Changes the mode or hash; buckets are spread again. */
void bond_configure(struct bond *, enum bond_mode, enum bond_hash);

/* Sets the member count (members keep their index: the daemon keeps
 * them in configuration order) and which may carry traffic.  Elects a new
 * active member if the old one is gone or unusable, and gives the buckets
 * of unusable members to usable ones (others' buckets stay put, so adding
 * or losing a member moves no flow that need not move).  Returns true
 * when the active member changed. */
bool bond_set_members(struct bond *, const bool usable[], uint8_t n_members);

void bond_set_lacp_negotiated(struct bond *, bool);

/* The member that sends a frame with destination 'dst', source 'src' in
 * VLAN 'vid' (0: untagged) and 'len' bytes, or BOND_NONE when no member is
 * usable.  Counts the bytes in the bucket (for bond_rebalance()): balance-slb
 * unicast only, as floods leave by the active member whatever the buckets
 * say.  O(1), no allocation: a per-frame call. */
uint8_t bond_tx_member(struct bond *, const uint8_t dst[ETH_ADDR_LEN],
                       const uint8_t src[ETH_ADDR_LEN], uint16_t vid, uint32_t len);

/* What to do with a frame received on 'member'. */
enum bond_rx_verdict {
    BOND_RX_ACCEPT,
    BOND_RX_DROP_INACTIVE,              /* member not usable, or a backup */
    BOND_RX_DROP_MULTICAST,             /* SLB: flood seen on a non-active member */
    BOND_RX_DROP_REFLECTED,             /* SLB: our own source MAC came back */
};

/* 'learnt_elsewhere': the bridge has learnt the frame's source MAC (in its
 * VLAN) on a port other than this bond (the caller looks it up; pass false
 * when unknown or learnt on the bond). */
enum bond_rx_verdict bond_rx_admit(const struct bond *, uint8_t member,
                                   const uint8_t dst[ETH_ADDR_LEN], bool learnt_elsewhere);

const char *bond_rx_verdict_name(enum bond_rx_verdict);

/* Balance-SLB: when 'now_ms' has reached the rebalance time, moves buckets
 * from the most to the least loaded usable member while that narrows the
 * gap, then clears the byte counts.  Returns the number of buckets moved.
 * The first call only sets the first rebalance time, BOND_REBALANCE_MS
 * later; in active-backup it clears the counts and moves nothing. */
unsigned bond_rebalance(struct bond *, int64_t now_ms);

/* Bytes sent through 'member' since the last rebalance (for bond/show). */
uint64_t bond_member_load(const struct bond *, uint8_t member);

const char *bond_mode_name(enum bond_mode);        /* "active-backup", "balance-slb" */
const char *bond_hash_name(enum bond_hash);        /* "src-mac", "src-dst-mac" */

#endif /* net/bond.h */
