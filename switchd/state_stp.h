#ifndef SWITCHD_STATE_STP_H
#define SWITCHD_STATE_STP_H 1

/* The spanning tree agent (docs/design.md section 5.13)
 * =====================================================
 * One RSTP instance (net/rstp.h) per bridge whose running configuration
 * has spanning_tree.enabled, made, changed and freed by state_stp_sync()
 * after every apply.  Every port of such a bridge that carries frames of
 * its own takes part: tap, internal, system, patch and bond ports; a bond
 * member does not (its bond port does), nor a SPAN destination.
 *
 * BPDUs in: port_readable() (a member's frames as its bond's) and the
 * patch handoff (state_patch_deliver()) give each received batch to
 * state_stp_receive() before the bridge sees it; on a bridge running STP
 * every frame to 01:80:c2:00:00:00 is taken there (its slot emptied),
 * never forwarded.  BPDU guard acts first, then at most STP_RX_PER_SECOND
 * BPDUs a second and port are parsed (the rest are counted as filtered).
 *
 * BPDUs out: the instance's send callback queues them; they leave after
 * the rstp_* call that made them returns (net/rstp.h forbids calling back
 * into an instance from its callback, and a BPDU sent on a patch port
 * enters the peer bridge's instance at once).  During an apply (between
 * state_stp_apply_begin() and state_stp_sync()) ports and patch peers are
 * in flux: nothing is sent then, and the link hook waits for the sync.
 * Private to switchd/ (it includes state_private.h). */

#include "port.h"
#include "state_private.h"

#define STP_RX_PER_SECOND 32        /* BPDUs parsed per port and second */
/* BPDUs waiting to leave, all bridges: the queue starts with room for
 * STP_TX_QUEUE_MIN and doubles when full, up to STP_TX_QUEUE_MAX (every
 * port of a big bridge sends at once on a hello or a topology change). */
#define STP_TX_QUEUE_MIN 512
#define STP_TX_QUEUE_MAX 65536

/* Frees the agent's switch-wide state (state_destroy()). */
void state_stp_destroy(struct switch_state *);
/* Frees bridge 'b''s instance (state_bridge_free()); sends nothing. */
void state_stp_bridge_free(struct sw_bridge *b);

/* An apply starts committing: sends and link changes wait for the sync. */
void state_stp_apply_begin(struct switch_state *);
/* After every apply: instances follow the running configuration, ports
 * join and leave, links are read again; queued BPDUs go out. */
void state_stp_sync(struct switch_state *);
/* Before port 'p' is freed or leaves its bridge. */
void state_stp_forget(struct switch_state *, struct port *p);

/* Port 'p''s link may have changed (enabled in its core, carrier, netdev,
 * err-disabled: state_port_sync_enabled()): the instance hears of it at
 * once, so a cut link reconverges at once. */
void state_stp_port_changed(struct port *p);

/* The 'n' pkts received on 'p' (a bond member's: its bond port): on a
 * bridge running STP, frames to 01:80:c2:00:00:00 are taken (length 0). */
void state_stp_receive(struct switch_state *, struct port *p, struct pkt *pkts, unsigned n);

/* Once a second: the instances' timers and hellos. */
void state_stp_tick(struct switch_state *);

#endif /* switchd/state_stp.h */
