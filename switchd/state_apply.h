#ifndef SWITCHD_STATE_APPLY_H
#define SWITCHD_STATE_APPLY_H 1

/* The diff-apply of the switch state (state_apply.c, state_apply() in
 * state.h), private to state*.c: what the lifecycle needs of it, and the
 * flow-table sync it uses. */

#include "state_private.h"

/* Frees bridge 'b' and its core (accepts NULL); its ports are gone. */
void state_bridge_free(struct sw_bridge *b);

/* Makes the flow table of 'br' the 'n' flows of 'want' (state_flow_sync.c). */
void state_sync_flows(struct sw_bridge *br, const struct flow *want, size_t n);

#endif /* switchd/state_apply.h */
