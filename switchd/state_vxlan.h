#ifndef SWITCHD_STATE_VXLAN_H
#define SWITCHD_STATE_VXLAN_H 1

/* VXLAN ports in the switch state (state_vxlan.c, docs/design.md section
 * 5.14), private to state*.c; the views are in state.h. */

#include "state_private.h"

/* The 1 s tick: ages each vxlan port's remote MACs with its bridge's MAC
 * aging time, and binds again the sockets of ports that are down. */
void state_vxlan_tick(struct switch_state *);
/* `clear counters`: the tunnel counters of 'p' and of its peers. */
void state_vxlan_clear_counters(struct port *p);

#endif /* switchd/state_vxlan.h */
