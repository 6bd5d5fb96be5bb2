#ifndef SWITCHD_STATE_PSEC_H
#define SWITCHD_STATE_PSEC_H 1

/* Port security in the daemon (state_psec.c, docs/design.md section 5.11)
 * and err-disable recovery (state_errdisable.c, section 6.9). */

struct switch_state;

/* After every apply: each bridge's secure addresses follow the running
 * configuration (a table is made when a bridge first has a secure port). */
void state_psec_sync(struct switch_state *);
/* The 1 s tick: ages dynamic secure addresses, acts on violations (err-disable
 * for `violation shutdown`, a rate-limited log line for `restrict`), and
 * writes newly learnt sticky addresses into the running configuration. */
void state_psec_tick(struct switch_state *);
/* The 1 s tick: brings back err-disabled ports whose cause has recovery on
 * and whose interval has passed. */
void state_errdisable_tick(struct switch_state *);

#endif /* switchd/state_psec.h */
