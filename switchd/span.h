#ifndef SWITCHD_SPAN_H
#define SWITCHD_SPAN_H 1

/* SPAN sessions as applied (switchd/span.c, docs/design.md section 5.9),
 * private to state*.c: the state makes the sessions' memory when it is
 * created and, after every apply, points the watched ports at it. */

#include "state_private.h"

/* The sessions' memory, made once (fixed size, so that following a new
 * configuration never allocates).  NULL when memory is short. */
struct span_state *span_create(void);
void span_destroy(struct span_state *);     /* accepts NULL */

/* Makes the ports of 'sw' follow the running configuration's
 * "monitor_sessions" (validated: config_json.c's rules hold): sets or
 * clears each port's 'span' and 'link.monitoring', disables new
 * destinations in their bridge cores and enables former ones.  Cannot
 * fail; counters of sessions that are gone are reset. */
void span_sync(struct switch_state *sw);

/* `clear counters`: every session's counters. */
void span_clear_counters(struct switch_state *sw);

#endif /* switchd/span.h */
