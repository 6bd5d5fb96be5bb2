#ifndef SWITCHD_STATE_OBSERVE_H
#define SWITCHD_STATE_OBSERVE_H 1

/* Watching a port's frames: SPAN and capture (docs/design.md section 5.9)
 * ========================================================================
 * Two features look at what crosses a port without changing it: SPAN
 * (switchd/span.c, IOS `monitor session`) copies it to a destination
 * port, capture (switchd/capture.c, IOS `monitor capture`) keeps it in a
 * bounded buffer for `show monitor capture` and a pcap file.  Both watch
 * in the daemon, not in net/: a port nobody watches has 'span' and
 * 'capture' NULL, and the datapath's one test per batch (deliver() and
 * send_to_port() in state_datapath.c) is all it costs.
 *
 * The frames are the port's as on the wire:
 * - received: the batch bridge_input() is about to run, in arrival order,
 *   unparsed (tags as they came);
 * - sent: the items bridge_tx_flush() hands the port's back end, so
 *   bridge_tx_header() / port_egress_prepare() give the bytes as sent.
 * Neither may keep a pointer past the call, allocate, or make a system
 * call; sending copies to another port through its class->send() is
 * allowed (that port's own send path). */

#include "state_private.h"

/* Frames received on 'in' (its 'span' or 'capture' is set). */
void state_observe_rx(struct port *in, struct frame *const frames[], unsigned n);
/* Items about to be sent on 'p' (its 'span' or 'capture' is set). */
void state_observe_tx(struct port *p, const struct bridge_tx *items, unsigned n);

/* Each feature's half (span.c, capture.c), called only for a port whose
 * pointer of that feature is set. */
void span_observe_rx(struct port *in, struct frame *const frames[], unsigned n);
void span_observe_tx(struct port *p, const struct bridge_tx *items, unsigned n);
void capture_observe_rx(struct port *in, struct frame *const frames[], unsigned n);
void capture_observe_tx(struct port *p, const struct bridge_tx *items, unsigned n);

#endif /* switchd/state_observe.h */
