#ifndef SWITCHD_STATE_LLDP_H
#define SWITCHD_STATE_LLDP_H 1

/* The LLDP agent (IEEE 802.1AB; docs/design.md section 5.12)
 * ==========================================================
 * With `lldp run`, every tap, internal and system port (bond members
 * included: each is a link of its own) sends an LLDPDU every `lldp timer`
 * seconds on the 1 s tick, and port_readable() hands the LLDPDUs a port
 * receives to state_lldp_receive() before the bridge sees them: they are
 * consumed there, never forwarded, and their senders kept in the port's
 * neighbour table until their TTL runs out.  Without `lldp run` nothing
 * here runs and the bridge drops LLDPDUs as it drops every frame to a
 * reserved address (docs/design.md section 5.6, reserved-dst-mac).
 * Private to switchd/ (it includes state_private.h). */

#include "lldp.h"
#include "state_private.h"

/* Bounds a neighbour on the wire cannot exceed (docs/design.md section 5.12): each
 * port keeps at most LLDP_PORT_NEIGHBORS_MAX neighbours (802.1AB's
 * tooManyNeighbors: a new one past it is discarded, the known ones stay),
 * in slots allocated when LLDP starts on the port, never on the packet
 * path; and reads at most LLDP_RX_PER_SECOND LLDPDUs a second, counting
 * the rest as discarded unparsed. */
#define LLDP_PORT_NEIGHBORS_MAX 4
#define LLDP_RX_PER_SECOND 10

struct lldp_counters {
    uint64_t frames_out;
    uint64_t frames_in;
    uint64_t frames_in_error;           /* rejected by lldp_parse() */
    uint64_t frames_discarded;          /* in error, over the rate, tagged,
                                           `no lldp receive`, table full */
    uint64_t tlvs_discarded;
    uint64_t tlvs_unrecognized;
    uint64_t entries_aged;              /* neighbours whose TTL ran out */
};

struct lldp_neighbor {
    bool used;
    int64_t expires_ms;                 /* loop_now_ms() time */
    struct lldp_neighbor_info info;
};

struct port_lldp {
    struct lldp_neighbor nb[LLDP_PORT_NEIGHBORS_MAX];
    int64_t next_tx_ms;                 /* next LLDPDU, loop_now_ms() time */
    bool sent;                          /* an LLDPDU went out: on stopping, a
                                           shutdown LLDPDU (TTL 0) follows */
    int64_t rx_window_ms;               /* the rate limit's current second */
    unsigned rx_in_window;
    struct lldp_counters counters;
};

/* At start (NULL sw->lldp until then: nothing runs) and at the end. */
int state_lldp_init(struct switch_state *);
void state_lldp_destroy(struct switch_state *);

/* After every apply and on every tick: ports that should run LLDP get
 * their state (a port whose allocation fails is retried on the next tick),
 * ports that should not lose it, after a shutdown LLDPDU. */
void state_lldp_sync(struct switch_state *);

/* Before port 'p' is freed (or closed for good). */
void state_lldp_forget(struct switch_state *, struct port *p);

/* The 'n' pkts received on 'p': LLDPDUs are taken (their slots emptied,
 * length 0) when LLDP runs.  Allocation-free. */
void state_lldp_receive(struct switch_state *, struct port *p, struct pkt *pkts, unsigned n);

/* Once a second: ageing, and the LLDPDUs due. */
void state_lldp_tick(struct switch_state *);

#endif /* switchd/state_lldp.h */
