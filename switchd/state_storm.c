/* Storm control's actions on the 1 s tick (state_storm.h); the levels are
 * enforced in net/ (net/storm_control.h), per frame, without the daemon. */
#include "state_storm.h"

#include "log.h"
#include "loop.h"

const struct storm_control *
state_port_storm_control(const struct port *p)
{
    return p->bridge ? bridge_port_storm_control(p->bridge->core, p->port_no) : NULL;
}

/* IOS's words for the class in %STORM_CONTROL-3-FILTERED. */
static const char *
class_word(enum storm_class c)
{
    switch (c) {
    case STORM_BROADCAST: return "Broadcast";
    case STORM_MULTICAST: return "Multicast";
    case STORM_UNICAST:   return "Unicast";
    case STORM_N_CLASSES: break;
    }
    return "?";
}

static void
port_tick(struct switch_state *sw, struct port *p, int64_t now)
{
    const struct config_storm *cs = &p->config->storm;
    struct storm_control *sc = bridge_port_storm_control(p->bridge->core, p->port_no);
    uint8_t events, blocking = 0;

    if (!sc || !sc->active)
        return;
    storm_control_poll(sc, now);
    for (unsigned c = 0; c < STORM_N_CLASSES; c++)
        if (sc->cls[c].blocking)
            blocking |= 1u << c;
    events = storm_control_take_events(sc);
    /* Shutdown follows the storm, not only its start: a port brought back
     * (errdisable recovery, `no shutdown`) while its class still blocks
     * saw no new event, and stayed up filtering the storm forever. */
    if (!events && !(cs->action_shutdown && blocking))
        return;
    /* A storm that comes and goes every few seconds would log a line each
     * time: one a port in STATE_STORM_LOG_MS is enough to see it. */
    if (cs->action_trap && events
        && (!p->storm_logged_ms || now - p->storm_logged_ms >= STATE_STORM_LOG_MS)) {
        p->storm_logged_ms = now;
        for (unsigned c = 0; c < STORM_N_CLASSES; c++)
            if (events & (1u << c))
                log_error("%%STORM_CONTROL-3-FILTERED: A %s storm detected on %s. A packet"
                          " filter action has been applied on the interface.",
                          class_word(c), p->name);
    }
    if (cs->action_shutdown && p->config->enabled && !state_port_err_disabled_cause(p)) {
        log_error("%%STORM_CONTROL-3-SHUTDOWN: A packet storm was detected on %s. The"
                  " interface has been disabled.", p->name);
        state_port_err_disable(sw, p, "storm-control");
    }
}

void
state_storm_tick(struct switch_state *sw)
{
    int64_t now = loop_now_ms();

    for (size_t i = 0; i < sw->n_ports; i++)
        if (sw->ports[i]->bridge)
            port_tick(sw, sw->ports[i], now);
}
