#include "state_observe.h"

/* Packet capture (IOS `monitor capture`): placeholder until the feature
 * lands; no port's 'capture' is set yet. */

void
capture_observe_rx(struct port *in, struct frame *const frames[], unsigned n)
{
    (void) in; (void) frames; (void) n;
}

void
capture_observe_tx(struct port *p, const struct bridge_tx *items, unsigned n)
{
    (void) p; (void) items; (void) n;
}
