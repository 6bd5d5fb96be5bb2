/* SPAN (IOS `monitor session`): copies of the frames that cross source
 * ports, sent to a destination port (docs/design.md section 5.9).
 *
 * A source port's 'span' points at its watch (the session and the
 * directions), a destination's at its session's destination watch.  The
 * copies are the frames as on the wire at the source:
 * - received: the frame as it came (parsed here only to find its outer
 *   802.1Q tag), handed over as a bridge_tx item of its own bytes;
 * - sent: the very items the source's back end gets, so
 *   bridge_tx_header() gives the destination the same header.
 * Without `encapsulation replicate` a copy loses its outer 802.1Q tag
 * (IOS sends SPAN copies untagged, "native"); inner tags and an outer
 * 802.1ad tag stay.
 *
 * The copies go straight to the destination's back end (class->send()),
 * never through a bridge core: a session may therefore join ports of
 * different bridges, and a copy is never switched, learnt or counted by a
 * core.  The destination is disabled in its core (status "monitoring"),
 * so it forwards and learns nothing else; config_json.c refuses a
 * destination that is a source or the destination of another session, a
 * patch or bond destination (whose send would enter another bridge) and
 * bond members, so a copy can never come back to a watched port: no
 * loops.
 *
 * What could not be mirrored is counted per session: copies for a
 * destination that is down (shut, err-disabled, no carrier, netdev gone),
 * frames too short to parse, and copies the destination's back end
 * refused (its tx errors during the send). */
#include "span.h"
#include "state.h"
#include "state_datapath.h"
#include "state_observe.h"

#include <stdlib.h>
#include <string.h>

enum {
    SPAN_RX = 1 << 0,
    SPAN_TX = 1 << 1,
};

struct span_session;

/* What port->span points to. */
struct port_span {
    struct span_session *session;
    uint8_t dirs;                   /* SPAN_RX | SPAN_TX; 0 for the destination */
};

struct span_session {
    bool configured;                /* in the running configuration */
    bool replicate;
    struct port *dest;              /* NULL: nothing is mirrored */
    struct port_span dest_watch;
    struct port_span sources[CONFIG_SPAN_SOURCES_MAX];
    struct state_span_counters counters;
};

struct span_state {
    struct span_session sessions[CONFIG_SPAN_SESSION_MAX + 1];     /* by number */
};

struct span_state *
span_create(void)
{
    return calloc(1, sizeof (struct span_state));
}

void
span_destroy(struct span_state *span)
{
    free(span);
}

static uint8_t
dirs_of(enum config_span_dir dir)
{
    return dir == CONFIG_SPAN_RX ? SPAN_RX : dir == CONFIG_SPAN_TX ? SPAN_TX : SPAN_RX | SPAN_TX;
}

void
span_sync(struct switch_state *sw)
{
    const struct switch_config *cfg = sw->running;
    struct span_state *span = sw->span;
    for (size_t i = 0; i < sw->n_ports; i++)
        sw->ports[i]->span = NULL;
    for (unsigned id = 1; id <= CONFIG_SPAN_SESSION_MAX; id++) {
        span->sessions[id].configured = false;
        span->sessions[id].dest = NULL;
    }
    for (size_t i = 0; i < cfg->n_monitor_sessions; i++) {
        const struct config_monitor_session *cs = &cfg->monitor_sessions[i];
        struct span_session *s = &span->sessions[cs->id];

        s->configured = true;
        s->replicate = cs->replicate;
        s->dest = cs->destination[0] ? state_find_port(sw, cs->destination) : NULL;
        s->dest_watch = (struct port_span) { s, 0 };
        if (s->dest)
            s->dest->span = &s->dest_watch;
        /* Sources watch only while there is somewhere to send copies:
         * a session without a destination costs nothing. */
        for (size_t k = 0; s->dest && k < cs->n_sources; k++) {
            struct port *p = state_find_port(sw, cs->sources[k].port);

            s->sources[k] = (struct port_span) { s, dirs_of(cs->sources[k].dir) };
            if (p)
                p->span = &s->sources[k];
        }
    }
    for (unsigned id = 1; id <= CONFIG_SPAN_SESSION_MAX; id++)
        if (!span->sessions[id].configured)
            memset(&span->sessions[id].counters, 0, sizeof span->sessions[id].counters);
    /* Destinations leave their core, former ones come back (docs/design.md
     * section 6.9: disabled, as err-disabled and inactive ports are). */
    for (size_t i = 0; i < sw->n_ports; i++) {
        struct port *p = sw->ports[i];
        bool dest = p->span && !p->span->dirs;

        if (p->link.monitoring != dest) {
            p->link.monitoring = dest;
            state_port_sync_enabled(p);
        }
    }
}

void
span_clear_counters(struct switch_state *sw)
{
    for (unsigned id = 1; id <= CONFIG_SPAN_SESSION_MAX; id++)
        memset(&sw->span->sessions[id].counters, 0, sizeof sw->span->sessions[id].counters);
}

bool
state_span_counters(const struct switch_state *sw, unsigned id, struct state_span_counters *c)
{
    if (!id || id > CONFIG_SPAN_SESSION_MAX || !sw->span->sessions[id].configured)
        return false;
    *c = sw->span->sessions[id].counters;
    return true;
}

/* Whether 'd' can take copies now: what the core checks before it queues
 * for a port (enabled, carrier), less the disabling SPAN itself does. */
static bool
dest_usable(const struct port *d)
{
    return d->config->enabled && !d->link.err_disabled && !d->netdev_gone && d->fd >= 0
           && d->link.up;
}

/* Sends the 'n' copies of 'items' to the session's destination. */
static void
span_send(struct span_session *s, const struct bridge_tx *items, unsigned n)
{
    struct port *d = s->dest;
    uint64_t errors;

    if (!n)
        return;
    if (!dest_usable(d)) {
        s->counters.dest_down += n;
        return;
    }
    errors = d->os.tx_errors;
    d->class->send(d, items, n);
    errors = d->os.tx_errors - errors;
    if (errors > n)                 /* cannot happen; keeps the counts sane */
        errors = n;
    s->counters.refused += errors;
    s->counters.mirrored += n - errors;
}

/* Without `encapsulation replicate`: 'tx' without its outer 802.1Q tag
 * into '*copy' (and, when its rewrite carries the tag under an untagged
 * outer position, '*rw'). */
static void
native_copy(const struct bridge_tx *tx, struct bridge_tx *copy, struct bridge_rewrite *rw)
{
    *copy = *tx;
    if (tx->tagged) {
        copy->tagged = false;
    } else if (tx->rw && tx->rw->n_tags && tx->rw->tags[0].tpid == ETH_TYPE_VLAN) {
        *rw = *tx->rw;
        rw->n_tags--;
        memmove(rw->tags, rw->tags + 1, rw->n_tags * sizeof rw->tags[0]);
        copy->rw = rw;
    }
}

void
span_observe_rx(struct port *in, struct frame *const frames[], unsigned n)
{
    struct span_session *s = in->span->session;
    struct bridge_tx copies[BRIDGE_BATCH_MAX];
    unsigned n_copies = 0;

    if (!(in->span->dirs & SPAN_RX))
        return;
    for (unsigned i = 0; i < n; i++) {
        struct frame *f = frames[i];
        uint16_t tci = 0;

        if (n_copies == BRIDGE_BATCH_MAX) {
            span_send(s, copies, n_copies);
            n_copies = 0;
        }
        /* The header as it came: its outer 802.1Q tag (if any) as the
         * item's tag, the rest of the frame after it. */
        if (frame_parse(f) != FRAME_OK) {
            s->counters.unparsable++;
            continue;
        }
        bool tagged = frame_vlan_tci(f, &tci);
        copies[n_copies++] = (struct bridge_tx) {
            .frame = f, .rw = NULL, .tci = tci, .tagged = tagged && s->replicate,
        };
    }
    span_send(s, copies, n_copies);
}

void
span_observe_tx(struct port *p, const struct bridge_tx *items, unsigned n)
{
    struct span_session *s = p->span->session;
    struct bridge_tx copies[BRIDGE_BATCH_MAX];
    struct bridge_rewrite rws[BRIDGE_BATCH_MAX];

    if (!(p->span->dirs & SPAN_TX))
        return;
    if (s->replicate) {
        span_send(s, items, n);
        return;
    }
    while (n) {
        unsigned chunk = n < BRIDGE_BATCH_MAX ? n : BRIDGE_BATCH_MAX;

        for (unsigned i = 0; i < chunk; i++)
            native_copy(&items[i], &copies[i], &rws[i]);
        span_send(s, copies, chunk);
        items += chunk;
        n -= chunk;
    }
}
