#ifndef NET_LACP_H
#define NET_LACP_H 1

/* LACP (IEEE 802.1AX-2008 section 5.4, "Link Aggregation Control Protocol")
 * =========================================================================
 * One 'struct lacp_member' per member port of a bond: the actor's and the
 * partner's information, the receive machine (5.4.12), the periodic
 * transmission machine (5.4.13), the mux machine (5.4.15, the coupled
 * control variant: collecting and distributing switch on together), and
 * the Selection Logic (5.4.14) across the members of one bond by
 * lacp_bond_select().  Pure, like the rest of net/: no clock (the caller
 * passes 'now_ms' and gets the next deadline back), no I/O (the caller
 * reads LACPDUs and hands them to lacp_member_rx(), and sends what
 * lacp_member_build_pdu() writes when lacp_member_run() says so), no
 * allocation.
 *
 * What is simplified, as Open vSwitch's lib/lacp.c does too: one
 * aggregator per bond (members whose partner does not match the chosen
 * one stay unselected: "suspended" in IOS words); no marker responder
 * (marker PDUs are consumed and ignored); no Churn Detection; Ready
 * (5.4.8) per member.  docs/bonding.md section 3 describes the machines as
 * built. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frame.h"

/* Slow Protocols: destination 01:80:c2:00:00:02, EtherType 0x8809. */
#define LACP_ETH_TYPE         0x8809
#define LACP_SUBTYPE_LACP     1
#define LACP_SUBTYPE_MARKER   2
#define LACP_PDU_FRAME_LEN    124       /* 14-byte Ethernet header + 110 */

/* Actor/partner state bits (802.1AX 5.4.2.2 item m). */
#define LACP_STATE_ACTIVITY     0x01    /* active LACP */
#define LACP_STATE_TIMEOUT      0x02    /* short (fast) timeout */
#define LACP_STATE_AGGREGATION  0x04    /* aggregatable */
#define LACP_STATE_SYNC         0x08
#define LACP_STATE_COLLECTING   0x10
#define LACP_STATE_DISTRIBUTING 0x20
#define LACP_STATE_DEFAULTED    0x40
#define LACP_STATE_EXPIRED      0x80

/* Timers (802.1AX 5.4.4), in milliseconds. */
#define LACP_FAST_PERIODIC_MS   1000
#define LACP_SLOW_PERIODIC_MS   30000
#define LACP_SHORT_TIMEOUT_MS   3000
#define LACP_LONG_TIMEOUT_MS    90000
#define LACP_AGGREGATE_WAIT_MS  2000
#define LACP_TX_MAX_PER_SECOND  3       /* per Fast_Periodic_Time (5.4.16) */

extern const uint8_t lacp_dst_mac[ETH_ADDR_LEN];   /* 01:80:c2:00:00:02 */

/* One side's information as a LACPDU carries it. */
struct lacp_info {
    uint16_t sys_priority;
    uint8_t sys_id[ETH_ADDR_LEN];
    uint16_t key;
    uint16_t port_priority;
    uint16_t port;
    uint8_t state;                      /* LACP_STATE_* */
};

enum lacp_rx_state {
    LACP_RX_PORT_DISABLED,              /* no carrier (or member shut down) */
    LACP_RX_LACP_DISABLED,              /* the bond runs no LACP */
    LACP_RX_EXPIRED,                    /* partner silent for one timeout */
    LACP_RX_DEFAULTED,                  /* ... for two: partner unknown */
    LACP_RX_CURRENT,                    /* partner heard within the timeout */
};

enum lacp_mux_state {
    LACP_MUX_DETACHED,
    LACP_MUX_WAITING,                   /* selected, wait_while running */
    LACP_MUX_ATTACHED,                  /* in sync; waits for the partner's sync */
    LACP_MUX_COLLECTING_DISTRIBUTING,   /* carries traffic */
};

/* What the bond decides for a member; lacp_member_configure() takes it. */
struct lacp_actor_config {
    uint16_t sys_priority;              /* IOS `lacp system-priority`, 32768 */
    uint8_t sys_id[ETH_ADDR_LEN];       /* the switch's system MAC */
    uint16_t key;                       /* the bond's operational key */
    uint16_t port_priority;             /* 32768 */
    uint16_t port;                      /* the member's port number, >= 1 */
    bool active;                        /* LACP active (else passive) */
    bool fast;                          /* `lacp rate fast`: ask the partner
                                           for PDUs every second */
};

struct lacp_member_stats {
    uint64_t pdus_rx, pdus_tx;
    uint64_t markers_rx;
    uint64_t bad_rx;                    /* malformed slow-protocol frames */
};

struct lacp_member {
    struct lacp_actor_config cfg;
    struct lacp_info actor;             /* what we send (state kept current) */
    struct lacp_info partner;           /* what we last heard, or defaults */
    enum lacp_rx_state rx;
    enum lacp_mux_state mux;
    bool port_enabled;                  /* carrier and not shut down */
    bool lacp_enabled;                  /* the bond runs LACP */
    bool selected;                      /* Selection Logic: SELECTED */
    bool standby;                       /* selected for another aggregator:
                                           IOS "suspended" */
    bool ntt;                           /* need to transmit */
    bool partner_fast;                  /* the partner asked for fast PDUs */
    int64_t current_while;              /* deadlines in ms, 0 = not running */
    int64_t periodic_at;                /* next periodic PDU */
    int64_t wait_while;
    int64_t last_tx;                    /* when the last PDU went out */
    unsigned tx_in_second;              /* PDUs sent in the second up to it */
    int64_t tx_times[LACP_TX_MAX_PER_SECOND];   /* the last sends, a ring: */
    uint8_t tx_next;                    /* ... the oldest, next to replace */
    struct lacp_member_stats stats;
};

/* Starts member 'm' with 'cfg': port disabled, partner defaulted, mux
 * detached.  lacp_enabled is true. */
void lacp_member_init(struct lacp_member *m, const struct lacp_actor_config *cfg,
                      int64_t now_ms);

/* Changes the actor's configuration; a change the partner must see sets
 * NTT, a new key or system unselects the member. */
void lacp_member_configure(struct lacp_member *m, const struct lacp_actor_config *cfg,
                           int64_t now_ms);

/* Carrier (and `shutdown`) of the member: false -> PORT_DISABLED and
 * detached at once (failover does not wait for a timer); true -> EXPIRED
 * (or LACP_DISABLED) with NTT set, so an active member speaks at once. */
void lacp_member_set_enabled(struct lacp_member *m, bool enabled, int64_t now_ms);

/* Whether the bond runs LACP at all ('channel-group mode on' does not);
 * without it the member is never distributing by LACP's say. */
void lacp_member_set_lacp_enabled(struct lacp_member *m, bool enabled, int64_t now_ms);

/* Whether 'f' (parsed, as received) is a Slow Protocols frame (LACP or
 * marker): EtherType 0x8809, after any VLAN tags.  Such frames are the
 * bond's, never the bridge's (a tagged one is then bad_rx). */
bool lacp_is_slow_protocol(const struct frame *f);

/* Takes a received Slow Protocols frame ('data', 'len': from the
 * destination MAC on, untagged).  A valid LACPDU runs the receive machine
 * (recordPDU, update_Selected, update_NTT, current_while restarted);
 * a marker PDU is counted; anything else counts as bad_rx.  Returns true
 * for a valid LACPDU. */
bool lacp_member_rx(struct lacp_member *m, const uint8_t *data, size_t len, int64_t now_ms);

/* The Selection Logic for one bond's 'n' members: picks the aggregator's
 * partner from a lead member whose partner is CURRENT (members already
 * attached first, so a recabled link cannot take the aggregator from
 * working ones; then the lowest actor port priority, then port) and marks
 * SELECTED every enabled member whose partner (CURRENT or EXPIRED) has the
 * same system priority, system and key; the others are unselected
 * (standby when they have a partner of their own).  A partner that is an
 * individual link (aggregation bit clear) aggregates only alone; a member
 * looped back to its own bond (partner system and key ours) is never
 * selected.  Runs the members' mux machines on the result.  Call after
 * lacp_member_rx(), lacp_member_set_enabled() or lacp_member_run(), before
 * the next lacp_member_run(); docs/bonding.md section 3.5. */
void lacp_bond_select(struct lacp_member *const *members, size_t n, int64_t now_ms);

/* Runs the member's timers and machines up to 'now_ms': current_while
 * expiry (CURRENT -> EXPIRED -> DEFAULTED), periodic transmission, the mux
 * machine.  Sets '*transmit' when a LACPDU must be sent now (NTT, limited
 * to 3 a second) and returns the next deadline in ms (0: none). */
int64_t lacp_member_run(struct lacp_member *m, int64_t now_ms, bool *transmit);

/* Writes the LACPDU of 'm' (Ethernet header with source 'src_mac', the
 * member netdev's address) into 'buf' and returns its length,
 * LACP_PDU_FRAME_LEN, or 0 if 'size' is too small.  Counts it as sent
 * and clears NTT. */
size_t lacp_member_build_pdu(struct lacp_member *m, const uint8_t src_mac[ETH_ADDR_LEN],
                             uint8_t *buf, size_t size, int64_t now_ms);

/* Whether the member collects and distributes (mux in
 * COLLECTING_DISTRIBUTING): only such members carry the bond's frames. */
bool lacp_member_distributing(const struct lacp_member *m);

/* Names for show commands: "CURRENT", "DETACHED", ... */
const char *lacp_rx_state_name(enum lacp_rx_state);
const char *lacp_mux_state_name(enum lacp_mux_state);

/* The state bits as IOS's `show lacp internal` letters and as Open
 * vSwitch's `lacp/show` words ("activity timeout aggregation
 * synchronized collecting distributing"). */
void lacp_state_format(uint8_t state, char *buf, size_t size);

#endif /* net/lacp.h */
