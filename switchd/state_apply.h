#ifndef SWITCHD_STATE_APPLY_H
#define SWITCHD_STATE_APPLY_H 1

/* The diff-apply of the switch state (state_apply.c, state_apply() in
 * state.h), private to state*.c: what the lifecycle needs of it. */

#include "state.h"

/* Frees bridge 'b' and its core (accepts NULL); its ports are gone. */
void bridge_free(struct sw_bridge *b);

#endif /* switchd/state_apply.h */
