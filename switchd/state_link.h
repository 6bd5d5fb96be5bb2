#ifndef SWITCHD_STATE_LINK_H
#define SWITCHD_STATE_LINK_H 1

/* Link state and IOS port status (docs/design.md section 6.9)
 * ============================================================
 * A tap, internal or system port's carrier is what its back end says at
 * open and then what the kernel's link events say (IFF_LOWER_UP, no
 * polling); a link that goes down loses its learnt MAC entries, and what
 * the bridge sends to a port without carrier is counted as a named drop
 * (bridge_port_set_carrier()).  Changes are logged with IOS's messages
 * (%LINK-3-UPDOWN, %LINEPROTO-5-UPDOWN, %LINK-5-CHANGED), at most
 * LINK_LOG_PER_WINDOW a port in LINK_LOG_WINDOW_MS when a link flaps.
 * Private to switchd/ (it includes state_private.h). */

#include "state_private.h"

#define LINK_LOG_WINDOW_MS 10000
#define LINK_LOG_PER_WINDOW 10

/* The link of port 'p' was (re)opened: its carrier as the back end says. */
void state_link_opened(struct port *p);

/* A link event says port 'p' has carrier 'up' (or has none). */
void state_link_carrier(struct switch_state *, struct port *p, bool up);

/* Logs what changed in port 'p''s link and line protocol since the logs
 * last spoke of it (the first time: records it, logs nothing).
 * 'limited': a change the port's link made (rate-limited per port), not
 * one an operator did. */
void state_link_report(struct port *p, bool limited);

/* The 1 s tick: a port whose link messages were left out gets, once its
 * window is over, the count of them and the state its link is in now. */
void state_link_tick(struct switch_state *);

/* Whether 'cp' is an access port whose VLAN 'cb''s VLAN database lacks
 * (a bond member's own policy is not in use: never). */
bool state_link_vlan_missing(const struct config_bridge *cb, const struct config_port *cp);

/* The carrier the bridge core gets for 'p' (bridge_port_set_carrier()). */
bool state_link_core_carrier(const struct port *p);

#endif /* switchd/state_link.h */
