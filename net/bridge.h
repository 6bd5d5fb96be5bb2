#ifndef NET_BRIDGE_H
#define NET_BRIDGE_H 1

/* Bridge: NORMAL forwarding
 * =========================
 * One bridge is a set of ports (numbers 0..max_ports-1 chosen by the caller),
 * one MAC table and per-port transmit queues.  bridge_input() runs the NORMAL
 * pipeline of DESIGN.md section 4 over a batch of frames received on one port:
 *
 *   1. parse: runts and truncated tags are dropped;
 *   2. ingress: a disabled port receives nothing; vlan_port_admit() gives the
 *      frame's VLAN or a drop reason;
 *   3. learn (VLAN, source MAC) -> ingress port, unless the source is a
 *      multicast or broadcast address (such a frame is still forwarded);
 *   4. known unicast goes to its port (dropped if that is the ingress port,
 *      a disabled port or a port not carrying the VLAN); broadcast, multicast
 *      and unknown unicast are flooded to every other enabled port that
 *      carries the VLAN;
 *   5. egress: vlan_port_egress() of the output port decides tagged or
 *      untagged; the item is appended to that port's transmit queue.
 *
 * Transmit queues hold (frame, tag) pairs, not copies: a flooded frame sits
 * in several queues and each port sends it with its own tag through
 * frame_egress_header().  The frames must stay valid until the caller runs
 * bridge_tx_flush(), once per received batch, which hands each port's queue
 * to a callback and empties the queues.  Each port queue holds
 * BRIDGE_BATCH_MAX items: a batch of that many frames always fits.
 *
 * Every frame that is not sent anywhere is counted once, on its ingress port,
 * under a named reason (enum bridge_drop); bridge_drop_name() gives the
 * names shown by `show interfaces counters`.
 *
 * Cost: per frame O(1) for known unicast and O(ports) for floods; no
 * allocation, no syscall, no clock read (time comes in as 'now_ms'). */

#include <stdbool.h>
#include <stdint.h>

#include "frame.h"
#include "mac_table.h"
#include "vlan.h"

#define BRIDGE_BATCH_MAX     64
#define BRIDGE_DEFAULT_PORTS 256

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
    BRIDGE_N_DROPS
};

struct bridge_port_stats {
    uint64_t rx_frames, rx_bytes;   /* everything received, dropped or not */
    uint64_t tx_frames, tx_bytes;   /* queued for sending, bytes as sent */
    uint64_t drops[BRIDGE_N_DROPS]; /* by ingress port */
};

/* One frame to send on a port. */
struct bridge_tx {
    const struct frame *frame;
    uint16_t tci;                   /* tag to send if 'tagged' */
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

/* Returns NULL when memory is short. */
struct bridge *bridge_create(const struct bridge_config *);
void bridge_destroy(struct bridge *);               /* accepts NULL */

struct mac_table *bridge_mac_table(struct bridge *);
uint16_t bridge_max_ports(const struct bridge *);

/* Ports.  Each returns 0 or a positive errno: ERANGE for a number >=
 * max_ports, EEXIST/ENOENT for a port that is/isn't there, EINVAL for a
 * policy vlan_port_validate() rejects. */

/* Adds port 'port_no', enabled, with 'policy' (NULL: the factory default). */
int bridge_port_add(struct bridge *, uint16_t port_no, const struct vlan_port *policy);
/* Removes the port with all its MAC entries, static ones included. */
int bridge_port_remove(struct bridge *, uint16_t port_no);
/* Shutting a port down flushes its dynamic MAC entries. */
int bridge_port_set_enabled(struct bridge *, uint16_t port_no, bool enabled);
/* A new policy flushes the port's dynamic MAC entries. */
int bridge_port_set_vlan(struct bridge *, uint16_t port_no, const struct vlan_port *);

bool bridge_port_exists(const struct bridge *, uint16_t port_no);
bool bridge_port_is_enabled(const struct bridge *, uint16_t port_no);
const struct vlan_port *bridge_port_vlan(const struct bridge *, uint16_t port_no);
/* NULL for a port that does not exist. */
const struct bridge_port_stats *bridge_port_stats(const struct bridge *, uint16_t port_no);
void bridge_port_clear_stats(struct bridge *, uint16_t port_no);
/* Drops of frames given for unknown ports; counted nowhere else. */
uint64_t bridge_unknown_port_drops(const struct bridge *);

/* Forwarding. */

/* Runs NORMAL on 'n' frames received on 'in_port' at 'now_ms'.  Each frame
 * must have 'data', 'len' and 'headroom' set; bridge_input() parses it.  The
 * frames must stay valid and unchanged until bridge_tx_flush(). */
void bridge_input(struct bridge *, uint16_t in_port, struct frame *const frames[],
                  unsigned n, int64_t now_ms);

typedef void bridge_tx_cb(uint16_t port_no, const struct bridge_tx *items,
                          unsigned n, void *arg);

/* Calls 'cb' once for each port with queued frames, in the order the ports
 * first got a frame, then empties every queue. */
void bridge_tx_flush(struct bridge *, bridge_tx_cb *cb, void *arg);

/* Stable lower-case names ("tagged-on-access", ...) for counters. */
const char *bridge_drop_name(enum bridge_drop);

#endif /* net/bridge.h */
