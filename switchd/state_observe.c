#include "state_observe.h"

void
state_observe_rx(struct port *in, struct frame *const frames[], unsigned n)
{
    if (in->span)
        span_observe_rx(in, frames, n);
    if (in->capture)
        capture_observe_rx(in, frames, n);
}

void
state_observe_tx(struct port *p, const struct bridge_tx *items, unsigned n)
{
    if (p->span)
        span_observe_tx(p, items, n);
    if (p->capture)
        capture_observe_tx(p, items, n);
}
