#ifndef NET_BRIDGE_H
#define NET_BRIDGE_H 1

/* Bridge: flow table and NORMAL forwarding
 * =========================================
 * One bridge is a set of ports (numbers 0..max_ports-1 chosen by the caller,
 * each with an optional OpenFlow port number, its "ofport"), one flow table,
 * one MAC table and per-port transmit queues.  bridge_input() runs the
 * pipeline of docs/design.md section 5 over a batch of frames received on one
 * port:
 *
 *   1. parse: runts and truncated tags are dropped (a disabled port
 *      receives nothing), and so is a frame whose source address is
 *      multicast, broadcast or 00:00:00:00:00:00 (a source's group bit is
 *      always 0, IEEE 802.3 clause 3.2.3, and the zero address is no
 *      station's; the Linux bridge drops both), so it is neither learnt nor
 *      seen by flows; then the port's storm-control levels (if any,
 *      net/storm_control.h) may drop it;
 *   2. flow table: the frame as on the wire (in_port = the port's ofport,
 *      dl_vlan = its outer 0x8100 tag or 0xffff) is looked up in the
 *      classifier; the winning flow counts the frame (n_packets, n_bytes,
 *      last use) and its actions run in order; no match is a table miss and
 *      the frame is dropped.  A new bridge holds "priority=0 actions=NORMAL";
 *   3. NORMAL, on the frame as the earlier actions left it: vlan_port_admit()
 *      of the ingress port gives its VLAN or a drop reason, so
 *      "mod_vlan_vid:100,NORMAL" switches the frame in VLAN 100; a frame to
 *      a reserved address 01:80:c2:00:00:00-0f (STP, LACP, EAPOL, LLDP:
 *      IEEE 802.1Q table 8-1, never relayed by a bridge) is dropped, as OVS
 *      does with forward_bpdu=false (01:80:c2:00:00:00 only while a
 *      spanning tree runs: bridge_set_stp()); learn (VLAN, source MAC) -> ingress
 *      port unless a flow made the source multicast (on a secure port,
 *      port security may refuse the source first: bridge_set_port_security());
 *      known unicast goes to its port (dropped if that is the ingress port,
 *      a disabled port or a port not carrying the VLAN); broadcast,
 *      multicast and unknown unicast are flooded to every other enabled port
 *      that carries the VLAN; vlan_port_egress() of each output port
 *      decides tagged or untagged;
 *   4. output:N, IN_PORT, FLOOD and ALL send the frame as the actions left
 *      it, with no VLAN policy (OVS does the same).  Output to the ingress
 *      port needs IN_PORT; FLOOD and ALL skip it and disabled ports.
 *
 * No copies: transmit queues hold 'struct bridge_tx' items that point at the
 * received frame.  An item says which outer 802.1Q tag to send (as NORMAL's
 * egress policy or the actions decided) and, when actions rewrote MAC
 * addresses or changed the tags under the outer one, points at a
 * 'struct bridge_rewrite' describing the rest of the L2 header.  Each output
 * of an action list that outputs, modifies and outputs again gets the
 * rewrite state of its moment; rewrites live in a per-bridge pool until the
 * flush.  bridge_tx_header() writes the L2 header of an item; the daemon
 * sends that header and the frame bytes after 'rest_ofs' with one
 * writev-style call.  The frames must stay valid until the caller runs
 * bridge_tx_flush(), once per received batch, which hands each port's queue
 * to a callback and empties the queues and the rewrite pool.  Each port
 * queue holds BRIDGE_BATCH_MAX items: a batch of that many frames always
 * fits when every frame is sent at most once per port.
 *
 * Every frame that is not sent anywhere is counted once, on its ingress port,
 * under a named reason (enum bridge_drop), the last failure of its action
 * list; bridge_drop_name() gives the names shown by
 * `show interfaces counters`.
 *
 * Flow table: bridge_flow_add/_delete/_modify/_collect/_expire follow
 * OpenFlow 1.0 as `ovs-ofctl` speaks it: adding a flow with the match and
 * priority of an existing one replaces it (counters and age restart);
 * mod-flows changes actions and keeps counters, age and timeouts, and adds
 * the flow when nothing matched and no cookie mask was given; idle timeouts
 * count from the last hit, hard timeouts from the last add or modify (OVS).
 * Time is always a parameter: a flow added at 'now_ms' expires at
 * now_ms + 1000 * timeout or later, never by a clock read here.
 *
 * Cost: a frame whose flow is only NORMAL costs the NORMAL pipeline plus
 * one classifier lookup (an exact-match cache hit when the table has
 * several masks); with the default table, where no flow looks at any field,
 * no key is extracted and one lookup serves the whole batch (bench-core:
 * about 2 ns a frame over the NORMAL pipeline alone).  Other action lists
 * cost O(actions), plus O(ports) per flood.  No allocation, no syscall, no
 * clock read on the frame path; allocation only when flows are added or
 * replaced.
 *
 * Memory: what a bridge uses, not what it may use (docs/security.md
 * section 7).  A port is allocated when added (bridge_port_reserve() sets
 * memory aside for callers that must not fail); an empty port slot is a
 * pointer and a few bytes of index; the ofport map is a hash of 2 slots
 * per port slot; the MAC table grows by bridge_reserve(), which the caller
 * runs before each bridge_input() so that learning never allocates.  An
 * empty bridge of 256 slots is about 30 KiB.
 *
 * Known limits: the first pass prefetches MAC table slots only for flows
 * whose NORMAL sees a VLAN known in advance (NORMAL alone, or after
 * mod_vlan_vid:V as the OpenStack flows do); FLOOD and ALL
 * are the same (ports have no no-flood flag); an action list may leave at
 * most BRIDGE_MAX_TAGS tags; between two flushes the rewrite pool holds
 * BRIDGE_BATCH_MAX * FLOW_MAX_ACTIONS rewrites, more are tx-queue-full
 * drops. */

#include <stdbool.h>
#include <stdint.h>

#include "classifier.h"
#include "flow.h"
#include "frame.h"
#include "port_security.h"
#include "mac_table.h"
#include "storm_control.h"
#include "vlan.h"

#define BRIDGE_BATCH_MAX     64
#define BRIDGE_DEFAULT_PORTS 256
/* Tags an action list may leave on a frame (push_vlan beyond drops it). */
#define BRIDGE_MAX_TAGS      3
/* Longest L2 header bridge_tx_header() writes: dst, src, NORMAL's tag in
 * front of BRIDGE_MAX_TAGS others. */
#define BRIDGE_TX_HEADER_MAX (2 * ETH_ADDR_LEN + (BRIDGE_MAX_TAGS + 1) * VLAN_HEADER_LEN)
#define BRIDGE_FLOW_NO_DEADLINE INT64_MAX

enum bridge_drop {
    BRIDGE_DROP_RUNT,               /* shorter than an Ethernet header */
    BRIDGE_DROP_TRUNCATED_TAG,      /* VLAN tag cut short */
    BRIDGE_DROP_PORT_DISABLED,      /* ingress port is shut down */
    BRIDGE_DROP_TAGGED_ON_ACCESS,   /* tagged frame on an access port */
    BRIDGE_DROP_VLAN_NOT_ALLOWED,   /* tagged VLAN not carried by the port */
    BRIDGE_DROP_UNTAGGED,           /* untagged on a trunk with no native VLAN */
    BRIDGE_DROP_SAME_PORT,          /* destination learned on the ingress port */
    BRIDGE_DROP_DST_DISABLED,       /* destination port is shut down */
    BRIDGE_DROP_DST_NOT_IN_VLAN,    /* destination port does not carry the VLAN */
    BRIDGE_DROP_NO_PORT,            /* flood found no other port in the VLAN */
    BRIDGE_DROP_TX_QUEUE_FULL,      /* caller did not flush between batches */
    BRIDGE_DROP_UNKNOWN_PORT,       /* frame given for a port not in the bridge */
    BRIDGE_DROP_TABLE_MISS,         /* no flow matched (OpenFlow table miss) */
    BRIDGE_DROP_FLOW_DROP,          /* the flow's actions send it nowhere ("drop") */
    BRIDGE_DROP_OUTPUT_NO_PORT,     /* output:N to an ofport the bridge does not have */
    BRIDGE_DROP_TOO_MANY_TAGS,      /* actions pushed more than BRIDGE_MAX_TAGS tags */
    BRIDGE_DROP_PORT_SECURITY,      /* NORMAL: source refused by port security */
    BRIDGE_DROP_BAD_SRC_MAC,        /* source address multicast, broadcast or zero */
    BRIDGE_DROP_RESERVED_DST,       /* NORMAL: destination 01:80:c2:00:00:0X */
    BRIDGE_DROP_STORM_CONTROL,      /* over the port's storm-control level */
    BRIDGE_DROP_STP_DISCARDING,     /* received on a port STP keeps from forwarding */
    BRIDGE_N_DROPS
};

struct bridge_port_stats {
    uint64_t rx_frames, rx_bytes;   /* everything received, dropped or not */
    uint64_t tx_frames, tx_bytes;   /* queued for sending, bytes as sent */
    /* Received frames (parsed, so runts are not) to the broadcast address,
     * and to other group addresses: IOS's "Received N broadcasts (N
     * multicasts)" of `show interfaces`. */
    uint64_t rx_broadcast, rx_multicast;
    uint64_t tx_no_carrier;         /* for the port while it had no carrier:
                                       never queued (bridge_port_set_carrier()) */
    uint64_t drops[BRIDGE_N_DROPS]; /* by ingress port */
};

/* How actions left the L2 header of a frame, apart from its outer 802.1Q
 * tag (which the bridge_tx item carries): MAC addresses and the tags under
 * the outer one, followed by the frame's bytes from 'rest_ofs'. */
struct bridge_rewrite {
    uint8_t dst[ETH_ADDR_LEN];
    uint8_t src[ETH_ADDR_LEN];
    uint8_t n_tags;                 /* tags after the outer 802.1Q one */
    struct frame_tag tags[BRIDGE_MAX_TAGS];     /* outermost first */
    uint16_t rest_ofs;              /* after all the tags the frame came with */
    /* set_tunnel:N / set_field:N->tun_id (docs/design.md section 5.14): the
     * VNI a tunnel port with "key": "flow" sends the frame in.  Without it
     * such a port uses the frame's own frame.tun.tun_id when it came from
     * a tunnel, and drops it otherwise (counted). */
    uint32_t tun_id;
    bool tun_id_set;
};

/* One frame to send on a port. */
struct bridge_tx {
    const struct frame *frame;
    const struct bridge_rewrite *rw;    /* NULL: the frame's own addresses and
                                           the tags under its outer 802.1Q tag */
    uint16_t tci;                   /* outer 802.1Q tag to send if 'tagged' */
    bool tagged;
};

struct bridge_config {
    uint16_t max_ports;             /* 0 = BRIDGE_DEFAULT_PORTS */
    uint32_t mac_table_size;        /* 0 = MAC_TABLE_DEFAULT_MAX */
    uint32_t mac_aging_s;           /* MAC_TABLE_DEFAULT_AGING_S if unset */
    bool mac_aging_set;             /* use 'mac_aging_s' even if 0 */
    uint64_t hash_seed;
};

struct bridge;

/* Basics. */

/* Returns NULL when memory is short.  The new bridge's flow table holds
 * "priority=0 actions=NORMAL", created at time 0 (bridge_flow_replace()
 * restarts it at a real time). */
struct bridge *bridge_create(const struct bridge_config *);
void bridge_destroy(struct bridge *);               /* accepts NULL */

struct mac_table *bridge_mac_table(struct bridge *);
uint16_t bridge_max_ports(const struct bridge *);

/* Ports.  Each returns 0 or a positive errno: ERANGE for a number >=
 * max_ports, EEXIST/ENOENT for a port that is/isn't there, EINVAL for a
 * policy vlan_port_validate() rejects. */

/* Adds port 'port_no', enabled, with 'policy' (NULL: the factory default).
 * A port is allocated here (ENOMEM), from the spares bridge_port_reserve()
 * set aside if there are any: a caller that must not fail then reserves
 * first. */
int bridge_port_add(struct bridge *, uint16_t port_no, const struct vlan_port *policy);
/* Sets aside memory for 'n' ports to be added (in all, not more).  Returns
 * 0 or ENOMEM. */
int bridge_port_reserve(struct bridge *, uint16_t n);
/* Removes the port with all its MAC entries, static ones included. */
int bridge_port_remove(struct bridge *, uint16_t port_no);
/* Shutting a port down flushes its dynamic MAC entries. */
int bridge_port_set_enabled(struct bridge *, uint16_t port_no, bool enabled);
/* A port without carrier (a TAP no VM holds, a veth whose peer is down)
 * stays in floods and in the MAC table, but what is sent to it is counted
 * in its 'tx_no_carrier', not 'tx_frames', and never queued: the kernel
 * would drop it anyway.  Ports start with carrier.  Flushing the MAC
 * entries of a link that went down is the caller's choice. */
int bridge_port_set_carrier(struct bridge *, uint16_t port_no, bool carrier);
bool bridge_port_has_carrier(const struct bridge *, uint16_t port_no);
/* A new policy flushes the port's dynamic MAC entries. */
int bridge_port_set_vlan(struct bridge *, uint16_t port_no, const struct vlan_port *);

/* Storm control (net/storm_control.h): the port's levels, checked on
 * every parsed frame before the flow table; what is over a level is a
 * storm-control drop.  A port starts with none. */
int bridge_port_set_storm_control(struct bridge *, uint16_t port_no,
                                  const struct storm_control_config *);
/* The port's storm control state (the daemon polls it on its tick), or
 * NULL for a port that does not exist. */
struct storm_control *bridge_port_storm_control(struct bridge *, uint16_t port_no);

bool bridge_port_exists(const struct bridge *, uint16_t port_no);
bool bridge_port_is_enabled(const struct bridge *, uint16_t port_no);
const struct vlan_port *bridge_port_vlan(const struct bridge *, uint16_t port_no);
/* NULL for a port that does not exist. */
const struct bridge_port_stats *bridge_port_stats(const struct bridge *, uint16_t port_no);
void bridge_port_clear_stats(struct bridge *, uint16_t port_no);
/* Drops of frames given for unknown ports; counted nowhere else. */
uint64_t bridge_unknown_port_drops(const struct bridge *);

/* OpenFlow port numbers ("ofports", what in_port=N and output:N name).
 * A port has none (0) until given one; ofports are unique in a bridge. */

/* Gives port 'port_no' ofport 'ofport' (1..FLOW_OFPORT_MAX or FLOW_PORT_LOCAL, or 0 for none).
 * Returns 0, ERANGE/ENOENT for a bad port, EINVAL for an ofport out of
 * range, EEXIST if another port has it. */
int bridge_port_set_ofport(struct bridge *, uint16_t port_no, uint16_t ofport);
/* The ofport of 'port_no', 0 if none or no such port. */
uint16_t bridge_port_ofport(const struct bridge *, uint16_t port_no);
/* Stores the port with 'ofport' in '*port_no'; false if there is none. */
bool bridge_port_by_ofport(const struct bridge *, uint16_t ofport, uint16_t *port_no);

/* Flow table. */

/* A copy of one flow with its counters, for dump-flows. */
struct bridge_flow_info {
    struct flow flow;
    struct flow_stats stats;
    uint64_t seq;                   /* table order: lower was added earlier */
};

/* Adds 'flow' at 'now_ms', replacing the flow with the same match and
 * priority if there is one (its counters are lost, as with OpenFlow 1.0
 * add).  Returns 0 or ENOMEM (the table is then unchanged). */
int bridge_flow_add(struct bridge *, const struct flow *flow, int64_t now_ms);

/* Deletes every flow 'filter' selects (loose or strict, see flow.h) and
 * returns how many. */
size_t bridge_flow_delete(struct bridge *, const struct flow_filter *filter);

/* mod-flows: every flow 'fm->filter' selects gets the actions of 'fm->flow'
 * (and its cookie if 'fm->set_cookie'); counters, age and timeouts stay,
 * the hard timeout restarts.  Stores how many in '*n_modified'.  When none
 * is selected and the filter has no cookie mask, adds 'fm->flow' instead
 * (OpenFlow 1.0, ovs-ofctl's default).  Returns 0 or ENOMEM. */
int bridge_flow_modify(struct bridge *, const struct flow_mod *fm, int64_t now_ms,
                       size_t *n_modified);

/* Copies the flows 'filter' selects (NULL: all) into 'out', at most 'max',
 * highest priority first and, within a priority, oldest first (the order
 * lookup prefers them in), and returns how many there are in all.  When
 * 'max' is smaller it sorts a temporary array; if that allocation fails it
 * copies nothing and returns 0. */
size_t bridge_flow_collect(const struct bridge *, const struct flow_filter *filter,
                           struct bridge_flow_info *out, size_t max);

size_t bridge_flow_count(const struct bridge *);

/* Removes flows whose idle timeout (since last hit) or hard timeout (since
 * last add or modify) has run out at 'now_ms', and returns when the next
 * will, or BRIDGE_FLOW_NO_DEADLINE. */
int64_t bridge_flow_expire(struct bridge *, int64_t now_ms);

/* Deletes every flow: every frame is then a table miss. */
void bridge_flow_clear(struct bridge *);

/* Replaces the whole table by 'flows', added in order at 'now_ms' (a later
 * flow replaces an earlier one with the same match and priority).  All or
 * nothing: returns 0, or ENOMEM with the old table kept. */
int bridge_flow_replace(struct bridge *, const struct flow *flows, size_t n,
                        int64_t now_ms);

/* Lookup counters (exact-match cache hits, subtable probes). */
const struct cls_stats *bridge_flow_lookup_stats(const struct bridge *);

/* Port security (net/port_security.h): NORMAL asks 'psec' before it
 * learns a source, and drops what it refuses (BRIDGE_DROP_PORT_SECURITY).
 * The caller owns the table and keeps it until it sets another or NULL
 * (no port secure: one pointer test per frame). */
void bridge_set_port_security(struct bridge *, struct psec_table *psec);

/* Spanning tree (net/rstp.h runs the protocol in the daemon; docs/design.md
 * section 5.13).  A port's STP state gates its frames: a discarding port
 * receives nothing into the flow table and is sent nothing (NORMAL,
 * floods, output:N and IN_PORT alike, as OVS does with STP on); a
 * learning port learns the sources of what it receives (NORMAL) and
 * forwards nothing.  Ports start forwarding.  What a blocked port
 * receives is dropped under a reason of its own; what is not sent to it
 * is counted like a disabled port's.
 *
 * bridge_set_stp(): whether a spanning tree runs on the bridge.  While
 * none does (the default), NORMAL floods frames to 01:80:c2:00:00:00 like
 * any multicast, as a Linux bridge with stp_state 0 does; while one does,
 * NORMAL drops them as reserved (the daemon consumes BPDUs before the
 * bridge sees them).  Turning it off makes every port forwarding again. */
enum bridge_stp_state {
    BRIDGE_STP_FORWARDING,
    BRIDGE_STP_LEARNING,
    BRIDGE_STP_DISCARDING,
};
int bridge_port_set_stp_state(struct bridge *, uint16_t port_no, enum bridge_stp_state);
enum bridge_stp_state bridge_port_stp_state(const struct bridge *, uint16_t port_no);
void bridge_set_stp(struct bridge *, bool running);

/* Forwarding. */

/* Makes room in the MAC table for what 'n_frames' frames may learn (one
 * source each; mac_table_reserve()).  bridge_input() never allocates, so
 * the caller calls this before it.  Returns 0 or ENOMEM (then some sources
 * are not learnt; the frames are forwarded all the same). */
int bridge_reserve(struct bridge *, unsigned n_frames);

/* Runs the pipeline on 'n' frames received on 'in_port' at 'now_ms'.  Each frame
 * must have 'data', 'len' and 'headroom' set; bridge_input() parses it.  The
 * frames must stay valid and unchanged until bridge_tx_flush(). */
void bridge_input(struct bridge *, uint16_t in_port, struct frame *const frames[],
                  unsigned n, int64_t now_ms);

typedef void bridge_tx_cb(uint16_t port_no, const struct bridge_tx *items,
                          unsigned n, void *arg);

/* Calls 'cb' once for each port with queued frames, in the order the ports
 * first got a frame, then empties every queue. */
void bridge_tx_flush(struct bridge *, bridge_tx_cb *cb, void *arg);

/* Egress without touching the frame: writes the L2 header item 'tx' is sent
 * with into 'hdr' and returns its length (12 to BRIDGE_TX_HEADER_MAX); the
 * frame's bytes from '*rest_ofs' on follow it.  The one function every port
 * back end sends through. */
uint32_t bridge_tx_header(const struct bridge_tx *tx, uint8_t hdr[BRIDGE_TX_HEADER_MAX],
                          uint32_t *rest_ofs);

/* Stable lower-case names ("tagged-on-access", ...) for counters. */
const char *bridge_drop_name(enum bridge_drop);

#endif /* net/bridge.h */
