#ifndef NET_RSTP_H
#define NET_RSTP_H 1

/* Rapid Spanning Tree (IEEE 802.1D-2004 clause 17): one bridge's instance
 * =======================================================================
 * The protocol's state machines for one bridge (one spanning tree per
 * bridge, as Open vSwitch and the Linux bridge run it; docs/design.md
 * section 5.13): port role selection, the port information, role
 * transition, state transition, topology change, port protocol migration
 * (fallback to 802.1D STP BPDUs where a legacy bridge speaks), bridge
 * detection (edge ports, auto-edge) and transmit machines, and the BPDU
 * codec (Configuration, TCN and RST BPDUs, clause 9 of 802.1D-2004).
 *
 * Pure, like the rest of net/: no clock (time is a parameter, in
 * milliseconds of a monotonic clock the caller reads), no I/O, no globals.
 * Memory is allocated by rstp_create() and rstp_port_add() only; receiving
 * a BPDU, ticking and changing a port's link never allocate.
 *
 * What the instance asks of its owner goes through 'struct rstp_ops',
 * called synchronously from inside the rstp_* functions that change
 * something: a BPDU to send, a port's new forwarding state, learnt
 * addresses to flush.  A callback must not call back into the same
 * instance (it may record what to do and do it after the call returns).
 *
 * Port numbers: each port is known by its 'port_no', the caller's handle
 * (the bridge core's port number: 0..max_ports-1), and has an 'id_number'
 * (1..RSTP_PORT_NUMBER_MAX, unique in the instance), the port number of its
 * Port Identifier (the low 12 bits; the priority is the high 4): what
 * `show spanning-tree` prints after the priority in "128.3". */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frame.h"

/* The address BPDUs are sent to (802.1D-2004 table 7-9, the Bridge Group
 * Address) and the LLC header they start with (DSAP 0x42, SSAP 0x42, UI). */
#define RSTP_GROUP_ADDR { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x00 }
#define RSTP_LLC_SAP 0x42

#define RSTP_PORT_NUMBER_MAX 4095           /* 12 bits of the Port Identifier */

/* 802.1D-2004 table 17-1 and 17-2: defaults and ranges (IOS: the same). */
#define RSTP_PRIORITY_DEFAULT      32768    /* bridge priority, 0-61440 in 4096 steps */
#define RSTP_PRIORITY_MAX          61440
#define RSTP_PRIORITY_STEP         4096
#define RSTP_PORT_PRIORITY_DEFAULT 128      /* port priority, 0-240 in 16 steps */
#define RSTP_PORT_PRIORITY_MAX     240
#define RSTP_PORT_PRIORITY_STEP    16
#define RSTP_HELLO_DEFAULT_S       2        /* 1-10 (802.1D-2004 allows 1-2; IOS 1-10) */
#define RSTP_HELLO_MIN_S           1
#define RSTP_HELLO_MAX_S           10
#define RSTP_MAX_AGE_DEFAULT_S     20       /* 6-40 */
#define RSTP_MAX_AGE_MIN_S         6
#define RSTP_MAX_AGE_MAX_S         40
#define RSTP_FWD_DELAY_DEFAULT_S   15       /* 4-30 */
#define RSTP_FWD_DELAY_MIN_S       4
#define RSTP_FWD_DELAY_MAX_S       30
#define RSTP_TX_HOLD_DEFAULT       6        /* BPDUs a port may send a second, 1-10 */
#define RSTP_TX_HOLD_MIN           1
#define RSTP_TX_HOLD_MAX           10
#define RSTP_MIGRATE_TIME_S        3
#define RSTP_PATH_COST_MAX         200000000    /* 802.1D-2004 table 17-3 */

/* The states a port's frames see (802.1D-2004 section 17.5): discarding
 * forwards nothing and learns nothing, learning learns the sources of what
 * it receives but forwards nothing, forwarding does both.  A disabled port
 * (link down, shut) is discarding. */
enum rstp_state {
    RSTP_DISCARDING,
    RSTP_LEARNING,
    RSTP_FORWARDING,
};

/* Port roles (section 17.7). */
enum rstp_role {
    RSTP_ROLE_DISABLED,
    RSTP_ROLE_ROOT,
    RSTP_ROLE_DESIGNATED,
    RSTP_ROLE_ALTERNATE,
    RSTP_ROLE_BACKUP,
};

/* The point-to-point status of a port's link (adminPointToPointMAC,
 * section 6.4.3): auto is point-to-point when the link is full duplex
 * (rstp_port_set_link()). */
enum rstp_p2p {
    RSTP_P2P_AUTO,
    RSTP_P2P_YES,
    RSTP_P2P_NO,
};

/* Bridge Identifier: priority (with the 12-bit system ID extension, 0
 * here: one instance) and address. */
struct rstp_bridge_id {
    uint16_t priority;
    uint8_t addr[ETH_ADDR_LEN];
};

struct rstp_bridge_config {
    uint8_t addr[ETH_ADDR_LEN];     /* the Bridge Address; its Bridge Identifier
                                       is 'priority' and this */
    uint16_t priority;              /* 0..RSTP_PRIORITY_MAX, a multiple of 4096 */
    uint8_t hello_s;                /* Bridge Hello Time */
    uint8_t max_age_s;              /* Bridge Max Age */
    uint8_t forward_delay_s;        /* Bridge Forward Delay */
    uint8_t tx_hold_count;          /* Transmit Hold Count */
    bool force_stp;                 /* ForceProtocolVersion 0: send only 802.1D
                                       Configuration and TCN BPDUs; else 2 (RSTP) */
};

/* rstp_bridge_config with every default: addr must still be set. */
#define RSTP_BRIDGE_CONFIG_DEFAULT ((struct rstp_bridge_config) {                     \
    .priority = RSTP_PRIORITY_DEFAULT, .hello_s = RSTP_HELLO_DEFAULT_S,                \
    .max_age_s = RSTP_MAX_AGE_DEFAULT_S, .forward_delay_s = RSTP_FWD_DELAY_DEFAULT_S,  \
    .tx_hold_count = RSTP_TX_HOLD_DEFAULT })

/* Checks ranges and the relation 802.1D-2004 section 17.14 requires
 * between the timers, 2 * (Forward Delay - 1) >= Max Age >= 2 * (Hello
 * Time + 1).  Returns 0 or EINVAL with a message in 'err' ('err_size'
 * bytes), e.g. "max age 40 needs forward delay 21 or more (2 * (forward
 * delay - 1) >= max age)". */
int rstp_bridge_config_check(const struct rstp_bridge_config *, char *err, size_t err_size);

struct rstp_port_config {
    uint16_t id_number;             /* 1..RSTP_PORT_NUMBER_MAX, unique in the instance */
    uint8_t priority;               /* 0..RSTP_PORT_PRIORITY_MAX, a multiple of 16 */
    uint32_t path_cost;             /* 1..RSTP_PATH_COST_MAX; 0 = from the link
                                       speed (table 17-3, rstp_port_set_link()) */
    bool admin_edge;                /* AdminEdgePort: IOS `spanning-tree portfast` */
    bool auto_edge;                 /* AutoEdgePort: a designated port that hears
                                       no BPDU becomes edge (section 17.25) */
    enum rstp_p2p admin_p2p;
    /* IOS `spanning-tree bpdufilter enable`: the port sends no BPDU and
     * ignores (counts, in rx_filtered) every BPDU it receives; it is an
     * edge port that forwards whenever it is enabled. */
    bool bpdu_filter;
    uint8_t src_addr[ETH_ADDR_LEN]; /* the source address of its BPDUs */
};

/* What the instance asks of its owner (see the top of this file). */
struct rstp_ops {
    /* Send 'len' bytes on port 'port_no': a whole 802.3 frame (destination
     * RSTP_GROUP_ADDR, the port's src_addr, length, LLC, BPDU). */
    void (*send)(void *arg, uint16_t port_no, const uint8_t *frame, size_t len);
    /* Port 'port_no' is now in 'state'.  Also called by rstp_port_add(). */
    void (*set_state)(void *arg, uint16_t port_no, enum rstp_state state);
    /* Forget the addresses learnt on port 'port_no' (a topology change, or
     * the port left forwarding to become alternate, backup or disabled). */
    void (*flush)(void *arg, uint16_t port_no);
};

struct rstp;

/* Returns NULL when memory is short or 'cfg' fails the check.  The
 * instance starts with no ports, believing itself root. */
struct rstp *rstp_create(const struct rstp_bridge_config *cfg, const struct rstp_ops *ops,
                         void *arg, int64_t now_ms);
void rstp_destroy(struct rstp *);   /* accepts NULL; sends nothing */

/* New bridge settings (priority, timers, address, force_stp): roles are
 * selected again at once.  Returns 0 or EINVAL (nothing changed; 'err' as
 * rstp_bridge_config_check()). */
int rstp_set_config(struct rstp *, const struct rstp_bridge_config *cfg, int64_t now_ms,
                    char *err, size_t err_size);

/* Ports.  Each returns 0 or a positive errno: EEXIST/ENOENT for a port that
 * is/isn't there, EINVAL for a bad config (an id_number out of range or
 * another port's, a priority off its steps), ENOMEM. */

/* Adds port 'port_no', disabled (link down) until rstp_port_set_link()
 * says otherwise; set_state(DISCARDING) is called for it. */
int rstp_port_add(struct rstp *, uint16_t port_no, const struct rstp_port_config *,
                  int64_t now_ms);
/* Removes it (no callback for it any more; others may change role). */
int rstp_port_remove(struct rstp *, uint16_t port_no, int64_t now_ms);
int rstp_port_set_config(struct rstp *, uint16_t port_no, const struct rstp_port_config *,
                         int64_t now_ms);
/* The port's MAC is operational ('up': link up, not shut, not
 * err-disabled), at 'speed_mbps' (0 = unknown: path cost 20000, as 1 Gb/s)
 * and full duplex or not (for RSTP_P2P_AUTO). */
int rstp_port_set_link(struct rstp *, uint16_t port_no, bool up, uint32_t speed_mbps,
                       bool full_duplex, int64_t now_ms);
/* IOS `clear spanning-tree detected-protocols`: mcheck, so the port tries
 * RST BPDUs again after speaking STP to a legacy bridge (section 17.19). */
int rstp_port_mcheck(struct rstp *, uint16_t port_no, int64_t now_ms);

/* A frame received on port 'port_no' whose destination is RSTP_GROUP_ADDR
 * (the caller checks the destination; the frame starts at the destination
 * address, untagged).  Returns 0 when it was a BPDU the machines took, or
 * EINVAL when it was not a valid BPDU (not LLC 42/42/03, an unknown
 * protocol identifier, too short for its type: counted in rx_errors, the
 * machines untouched).  A BPDU on a port that is not enabled, or on a
 * bpdu_filter port, is counted and ignored (returns 0). */
int rstp_receive(struct rstp *, uint16_t port_no, const uint8_t *frame, size_t len,
                 int64_t now_ms);

/* The one-second tick (802.1D-2004 section 17.22): call at least once a
 * second; each whole second passed since the last tick decrements the
 * timers once, and the hello timer sends BPDUs.
 *
 * What the timers mean for a port coming up (802.1D-2004 as written):
 *   - an edge port (admin_edge, bpdu_filter) forwards at once;
 *   - facing an RSTP bridge on a point-to-point link, proposal and
 *     agreement make the port forward within the calls that carry the
 *     BPDUs, no tick needed;
 *   - facing no bridge, an auto_edge port becomes edge and forwards after
 *     RSTP_MIGRATE_TIME_S on a point-to-point link (Max Age on a shared
 *     one); without auto_edge it learns after Max Age (fdWhile from
 *     DISABLED_PORT, section 17.29) and forwards Hello Time later;
 *   - facing an 802.1D STP bridge (Linux with stp_state 1), the port speaks
 *     STP from its second Configuration BPDU on (3-5 s) and a designated
 *     port learns after Max Age and forwards Forward Delay later. */
void rstp_tick(struct rstp *, int64_t now_ms);

/* Views, for `show spanning-tree` and tests. */
struct rstp_bridge_info {
    struct rstp_bridge_id bridge_id;
    struct rstp_bridge_id root_id;  /* the root this bridge believes in */
    uint32_t root_path_cost;        /* 0 when it is the root */
    bool is_root;
    bool has_root_port;
    uint16_t root_port_no;          /* port_no of the root port, if any */
    /* The times in use (the root's, from its BPDUs) and the bridge's own. */
    uint8_t hello_s, max_age_s, forward_delay_s;
    uint8_t bridge_hello_s, bridge_max_age_s, bridge_forward_delay_s;
    uint8_t tx_hold_count;
    bool force_stp;
    uint64_t topology_changes;      /* tcWhile started anywhere, since creation
                                       (once per call that started it on one
                                       port or more) */
    int64_t last_topology_change_ms;/* -1: never */
    bool topology_change;           /* tcWhile running on some port now */
};

struct rstp_port_counters {
    uint64_t tx_rstp, tx_config, tx_tcn;    /* BPDUs sent, by type */
    uint64_t rx_rstp, rx_config, rx_tcn;    /* BPDUs taken, by type */
    uint64_t rx_errors;             /* invalid: rstp_receive() returned EINVAL */
    uint64_t rx_filtered;           /* ignored: bpdu_filter, or port not enabled
                                       (or the port's own Configuration BPDU
                                       come back, section 9.3.4) */
    uint64_t forward_transitions;   /* times it entered forwarding */
};

struct rstp_port_info {
    uint16_t port_no;
    uint16_t port_id;               /* priority << 8 | id_number (as on the wire:
                                       priority is the high 4 bits) */
    uint8_t priority;
    uint32_t path_cost;             /* in use: configured, or from the speed */
    enum rstp_role role;
    enum rstp_state state;
    bool enabled;                   /* portEnabled */
    bool oper_edge;
    bool oper_p2p;
    bool send_rstp;                 /* false: speaking 802.1D STP (legacy peer
                                       or force_stp): IOS's "STP" / "Peer(STP)" */
    bool bpdu_filter;
    /* The port's priority vector (what it believes is designated on its
     * segment). */
    struct rstp_bridge_id designated_root;
    uint32_t designated_cost;
    struct rstp_bridge_id designated_bridge;
    uint16_t designated_port_id;
    struct rstp_port_counters counters;
};

void rstp_get_bridge_info(const struct rstp *, struct rstp_bridge_info *);
/* 0, or ENOENT for a port that is not there. */
int rstp_get_port_info(const struct rstp *, uint16_t port_no, struct rstp_port_info *);
/* Calls 'cb' for each port in port_no order. */
void rstp_for_each_port(const struct rstp *,
                        void (*cb)(const struct rstp_port_info *, void *arg), void *arg);
void rstp_clear_counters(struct rstp *);

/* Names as IOS shows them: "Disabled", "Root", "Desg", "Altn", "Back";
 * "BLK" (discarding), "LRN", "FWD".  And as OVS's rstp/show does:
 * "Disabled", "Root", "Designated", "Alternate", "Backup"; "Discarding",
 * "Learning", "Forwarding". */
const char *rstp_role_ios_name(enum rstp_role);
const char *rstp_state_ios_name(enum rstp_state);
const char *rstp_role_name(enum rstp_role);
const char *rstp_state_name(enum rstp_state);

/* The path cost 802.1D-2004 table 17-3 gives a link of 'speed_mbps' (0:
 * unknown, 20000). */
uint32_t rstp_path_cost_for_speed(uint32_t speed_mbps);

/* The BPDU codec, also for tests and the fuzz harness.  rstp_bpdu_parse()
 * reads the frame a port received (destination, source, 802.3 length, LLC,
 * then the BPDU; the length field may exceed what arrived by nothing) into
 * '*out', or returns EINVAL. */
enum rstp_bpdu_type {
    RSTP_BPDU_CONFIG,               /* 802.1D Configuration BPDU, type 0x00 */
    RSTP_BPDU_TCN,                  /* Topology Change Notification, type 0x80 */
    RSTP_BPDU_RST,                  /* RST BPDU, type 0x02, version 2 (or more) */
};

struct rstp_bpdu {
    enum rstp_bpdu_type type;
    uint8_t version;
    uint8_t flags;                  /* as on the wire (section 9.3.3) */
    struct rstp_bridge_id root_id;
    uint32_t root_path_cost;
    struct rstp_bridge_id bridge_id;
    uint16_t port_id;
    /* Times in 1/256 s as on the wire. */
    uint16_t message_age, max_age, hello_time, forward_delay;
};

int rstp_bpdu_parse(const uint8_t *frame, size_t len, struct rstp_bpdu *out);
/* Writes the whole frame for 'bpdu' from 'src' into 'buf' (at least
 * RSTP_FRAME_MAX bytes) and returns its length (60: padded to Ethernet's
 * minimum). */
#define RSTP_FRAME_MAX 60
size_t rstp_bpdu_build(const struct rstp_bpdu *bpdu, const uint8_t src[ETH_ADDR_LEN],
                       uint8_t buf[RSTP_FRAME_MAX]);

#endif /* net/rstp.h */
