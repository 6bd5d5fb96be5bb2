#ifndef SWITCHD_STATE_BOND_H
#define SWITCHD_STATE_BOND_H 1

/* Bonds in the live switch (docs/bonding.md section 4)
 * ====================================================
 * A bond port is a port of its bridge's core with no fd (port_bond.c); its
 * members are tap or system ports of the same bridge, open as usual, but
 * disabled in the core so that they forward nothing as themselves: what a
 * member receives enters the bridge as the bond's (state_bond_receive()
 * first takes the LACPDUs and drops what net/bond.h does not admit), what
 * the bridge sends to the bond leaves by the member bond_tx_member()
 * picks.  Private to switchd/ (it includes state_private.h). */

#include "bond.h"
#include "lacp.h"
#include "state_private.h"

struct bond_member_state {
    struct lacp_member lacp;            /* its LACP machines (run even when the
                                           bond runs no LACP: then LACP_DISABLED) */
    uint8_t index;                      /* in its bond's members[] */
    bool carrier;
    bool usable;                        /* carries the bond's traffic */
    uint8_t mac[ETH_ADDR_LEN];          /* its netdev's address: LACPDUs' source */
    uint16_t lacp_port;                 /* LACP port number, unique in the switch */
    struct bridge_port_stats stats;     /* what it received and sent itself */
};

struct bond_port_state {
    struct bond core;                   /* net/bond.h: member choice, admission */
    struct port *members[BOND_MEMBERS_MAX];     /* in configuration order */
    uint8_t n_members;
    struct pkt *lacp_pkt;               /* where LACPDUs are built */
    uint64_t rx_drops[4];               /* by enum bond_rx_verdict */
    uint64_t tx_drops_no_member;
    uint16_t key;                       /* LACP key, unique in the switch */
    int64_t log_window;                 /* rate limit of the bond's link logs */
    unsigned log_count, log_suppressed;
};

/* Links every member to its bond as the running configuration says, and
 * configures each bond's net/ state and LACP machines.  Called after
 * every apply (committed or not) and at start: members that stay keep
 * their machines, so adding a member does not disturb the others. */
void state_bonds_link(struct switch_state *);

/* Before port 'p' is freed: a member leaves its bond; a bond's members
 * are unlinked. */
void state_bond_forget(struct switch_state *, struct port *p);

/* Frames received on member 'm' (n slots of 'pkts'): LACPDUs go to its
 * LACP machine, frames the bond does not admit are counted and their slots
 * emptied (length 0); the rest are the bond's. */
void state_bond_receive(struct switch_state *, struct port *m, struct pkt *pkts, unsigned n);

/* Member 'm''s carrier changed (a link event). */
void state_bond_member_carrier(struct switch_state *, struct port *m, bool carrier);

/* After a member was enabled, disabled, lost or got back its netdev:
 * which members carry traffic, and whether the bond is up. */
void state_bond_update(struct switch_state *, struct port *bond);

/* Whether bond port 'p' has a member that carries traffic. */
bool state_bond_up(const struct port *p);

/* Once a second: LACP timers and PDUs, carrier polled (in case a link
 * event was lost), balance-slb rebalancing. */
void state_bonds_tick(struct switch_state *);

/* At start: the switch's LACP system MAC. */
void state_bonds_init(struct switch_state *);

/* What member 'm' received and sent itself, or NULL if no member. */
const struct bridge_port_stats *state_member_stats(const struct port *m);
/* Whether member 'm' has carrier (as last seen). */
bool state_member_carrier(const struct port *m);
/* Zeroes the counters of member 'm' and, for a bond, its drop counters. */
void state_bond_clear_counters(struct port *p);

/* port_bond.c: the bond port's back end. */
void state_bond_send(struct port *bond, const struct bridge_tx *items, unsigned n);

#endif /* switchd/state_bond.h */
