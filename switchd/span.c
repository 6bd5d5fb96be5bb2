#include "state_observe.h"

/* SPAN (IOS `monitor session`): placeholder until the feature lands;
 * no port's 'span' is set yet. */

void
span_observe_rx(struct port *in, struct frame *const frames[], unsigned n)
{
    (void) in; (void) frames; (void) n;
}

void
span_observe_tx(struct port *p, const struct bridge_tx *items, unsigned n)
{
    (void) p; (void) items; (void) n;
}
