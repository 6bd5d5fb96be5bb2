/* Err-disable recovery (IOS `errdisable recovery cause C` and `errdisable
 * recovery interval S`, docs/design.md section 6.9): on the 1 s tick, a
 * port err-disabled for a cause whose recovery is on comes back once the
 * interval has passed since it went down, as IOS's timer brings it back. */
#include "state_psec.h"

#include <string.h>

#include "log.h"
#include "loop.h"
#include "state.h"
#include "state_datapath.h"
#include "state_link.h"
#include "state_private.h"

/* Whether the running configuration recovers ports err-disabled for
 * 'cause' (a name state_port_err_disable() was given). */
static bool
cause_recovers(const struct switch_config *cfg, const char *cause)
{
    unsigned c;

    return config_err_cause_parse(cause, &c) && cfg->errdisable.causes & 1u << c;
}

int64_t
state_port_err_recovery_left_ms(const struct switch_state *sw, const struct port *p)
{
    int64_t due;

    if (!p->link.err_disabled || !cause_recovers(sw->running, p->link.err_cause))
        return -1;
    due = p->link.err_since_ms
          + 1000 * (int64_t) config_errdisable_interval(&sw->running->errdisable);
    return due > loop_now_ms() ? due - loop_now_ms() : 0;
}

static void
recover(struct port *p)
{
    log_warn("%%PM-4-ERR_RECOVER: Attempting to recover from %s err-disable state on %s",
             p->link.err_cause, p->name);
    p->link.err_disabled = false;
    p->link.err_cause[0] = '\0';
    state_port_sync_enabled(p);
    state_link_report(p, false);
    if (p->bond)
        state_link_report(p->bond, false);
}

void
state_errdisable_tick(struct switch_state *sw)
{
    if (!sw->running || !sw->running->errdisable.causes)
        return;
    for (size_t i = 0; i < sw->n_ports; i++) {
        struct port *p = sw->ports[i];

        if (state_port_err_recovery_left_ms(sw, p) == 0)
            recover(p);
    }
}
