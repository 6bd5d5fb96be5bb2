/* Link state and IOS port status: carrier from link events, the MAC flush
 * of a link that goes down, IOS's link messages, err-disabled and inactive
 * ports (state_link.h, docs/design.md section 6.9). */
#include "state.h"
#include "state_bond.h"
#include "state_datapath.h"
#include "state_link.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "loop.h"


/* What `show interfaces` says of a port's link, and the logs with it. */
enum link_said {
    LINK_SAID_ADMIN_DOWN,           /* "administratively down": shutdown */
    LINK_SAID_DOWN,
    LINK_SAID_UP,
};

void
state_link_opened(struct port *p)
{
    p->link.up = !p->class->carrier || p->class->carrier(p);
}

bool
state_link_core_carrier(const struct port *p)
{
    return p->link.up && !p->netdev_gone;
}

static enum link_said
link_now(const struct port *p)
{
    if (!p->config->enabled)
        return LINK_SAID_ADMIN_DOWN;
    if (p->link.err_disabled || p->netdev_gone)
        return LINK_SAID_DOWN;
    if (p->bond_state)
        return state_bond_up(p) ? LINK_SAID_UP : LINK_SAID_DOWN;
    if (p->class == port_class_of(PORT_TYPE_PATCH))
        return p->peer ? LINK_SAID_UP : LINK_SAID_DOWN;
    return p->link.up ? LINK_SAID_UP : LINK_SAID_DOWN;
}

/* A VM or a peer can flap a link as fast as it likes: at most
 * LINK_LOG_PER_WINDOW changes of a port are logged per window, then a
 * count of what was left out (as state_bond.c does for bonds). */
static void
link_log_window_roll(struct port *p, int64_t now)
{
    struct port_link *l = &p->link;

    if (l->log_suppressed)
        log_info("port %s: %u link messages left out in the last %d s", p->name,
                 l->log_suppressed, LINK_LOG_WINDOW_MS / 1000);
    l->log_window = now;
    l->log_count = l->log_suppressed = 0;
}

static bool
link_log_ok(struct port *p)
{
    struct port_link *l = &p->link;
    int64_t now = loop_now_ms();

    if (now - l->log_window >= LINK_LOG_WINDOW_MS)
        link_log_window_roll(p, now);
    if (l->log_count < LINK_LOG_PER_WINDOW) {
        l->log_count++;
        return true;
    }
    l->log_suppressed++;
    return false;
}

void
state_link_report(struct port *p, bool limited)
{
    struct port_link *l = &p->link;
    enum link_said link = link_now(p);
    bool proto = link == LINK_SAID_UP;

    if (l->said && l->said_link == link && l->said_proto == proto)
        return;
    /* Left out: the log keeps the state it last gave, so that
     * state_link_tick() tells the state it ends in, not a stale one. */
    if (l->said && limited && !link_log_ok(p))
        return;
    /* A port that was just made has nothing to report. */
    if (l->said) {
        /* IOS's severities: LINK-3 is an error, LINK-5 and LINEPROTO-5
         * notices (as frontends/telnet.c maps SEC_LOGIN's). */
        if (l->said_link != link && link == LINK_SAID_ADMIN_DOWN)
            log_info("%%LINK-5-CHANGED: Interface %s, changed state to administratively down",
                     p->name);
        else if (l->said_link != link)
            log_error("%%LINK-3-UPDOWN: Interface %s, changed state to %s", p->name,
                      link == LINK_SAID_UP ? "up" : "down");
        if (l->said_proto != proto)
            log_info("%%LINEPROTO-5-UPDOWN: Line protocol on Interface %s, changed state to %s",
                     p->name, proto ? "up" : "down");
    }
    l->said = true;
    l->said_link = (uint8_t) link;
    l->said_proto = proto;
}

void
state_link_carrier(struct switch_state *sw, struct port *p, bool up)
{
    (void) sw;
    if (p->link.up == up)
        return;
    p->link.up = up;
    /* IOS forgets the addresses behind a link that went down: the hosts
     * may come back on another port, and until then frames for them are
     * flooded rather than sent into a dead link.  A member has none (its
     * bond learns them). */
    if (!up && !p->member)
        mac_table_flush_port(bridge_mac_table(p->bridge->core), p->port_no, false);
    state_port_sync_enabled(p);
    state_link_report(p, true);
    if (p->bond)
        state_link_report(p->bond, true);
}

bool
state_link_vlan_missing(const struct config_bridge *cb, const struct config_port *cp)
{
    if (cp->vlan.mode != VLAN_MODE_ACCESS || cp->bond[0])
        return false;
    for (size_t i = 0; i < cb->n_vlans; i++)
        if (cb->vlans[i].id == cp->vlan.access_vid)
            return false;
    return true;
}

/* Err-disabled (state.h). */

int
state_port_err_disable(struct switch_state *sw, struct port *p, const char *cause)
{
    (void) sw;
    if (!p->config->enabled)
        return EINVAL;
    if (p->link.err_disabled)
        return 0;
    p->link.err_disabled = true;
    p->link.err_since_ms = loop_now_ms();
    snprintf(p->link.err_cause, sizeof p->link.err_cause, "%s", cause);
    log_warn("%%PM-4-ERR_DISABLE: %s error detected on %s, putting %s in err-disable state",
             p->link.err_cause, p->name, p->name);
    state_port_sync_enabled(p);     /* out of the core: its MAC entries go */
    state_link_report(p, false);
    if (p->bond)
        state_link_report(p->bond, false);
    return 0;
}

const char *
state_port_err_disabled_cause(const struct port *p)
{
    return p->link.err_disabled ? p->link.err_cause : NULL;
}

void
state_link_tick(struct switch_state *sw)
{
    int64_t now = loop_now_ms();

    for (size_t i = 0; i < sw->n_ports; i++) {
        struct port *p = sw->ports[i];

        if (p->link.log_suppressed && now - p->link.log_window >= LINK_LOG_WINDOW_MS) {
            link_log_window_roll(p, now);
            state_link_report(p, true);
        }
    }
}
