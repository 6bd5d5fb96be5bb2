#ifndef SWITCHD_STATE_STORM_H
#define SWITCHD_STATE_STORM_H 1

/* Storm control's actions (state_storm.c, docs/design.md section 5.10),
 * private to state*.c. */

#include "state_private.h"

/* The 1 s tick: rolls every port's storm control into the current
 * interval and acts on the classes that turned Blocking since the last
 * tick: `storm-control action shutdown` err-disables the port
 * ("storm-control"), `storm-control action trap` logs
 * %STORM_CONTROL-3-FILTERED, at most once a port in STATE_STORM_LOG_MS. */
#define STATE_STORM_LOG_MS 10000
void state_storm_tick(struct switch_state *);

#endif /* switchd/state_storm.h */
