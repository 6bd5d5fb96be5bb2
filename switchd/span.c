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
 * VLAN sources (VSPAN, IOS `source vlan`): a session with some watches
 * every port of every bridge, except destinations, bond members (their
 * frames are their bond's) and patch ports (a frame crossing bridges is
 * copied where it enters and leaves the switch, once each).  Those ports'
 * 'span' leads to the VLAN watches of all such sessions (a chain, the
 * same for every port, after the port's own interface-source watch if it
 * has one); each copies a received frame whose VLAN, as NORMAL admits it
 * (vlan_port_admit() of the port's policy), is one of its rx VLANs, and a
 * sent item whose VLAN (its outer tag, else the port's untagged VLAN) is
 * one of its tx VLANs.  A session has interface or VLAN sources, never
 * both (config_json.c, as IOS), so a frame is copied at most once per
 * session and port direction.  Without any VLAN source no port pays.
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
    bool vlans;                     /* a VLAN watch: only the session's VLANs */
    struct port_span *next;         /* the VLAN watches of (other) sessions */
};

struct span_session {
    bool configured;                /* in the running configuration */
    bool replicate;
    struct port *dest;              /* NULL: nothing is mirrored */
    struct port_span dest_watch;
    struct port_span sources[CONFIG_SPAN_SOURCES_MAX];
    struct port_span vlan_watch;    /* VSPAN: shared by every watched port */
    struct vlan_set vlans_rx, vlans_tx;
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

/* Whether the VLAN sources watch 'p' (a port that is no destination):
 * not a bond member or a patch port. */
static bool
vlan_watched(const struct port *p)
{
    return !p->bond && p->config->type != PORT_TYPE_PATCH;
}

void
span_sync(struct switch_state *sw)
{
    const struct switch_config *cfg = sw->running;
    struct span_state *span = sw->span;
    struct port_span *vlan_chain = NULL;

    for (size_t i = 0; i < sw->n_ports; i++)
        sw->ports[i]->span = NULL;
    for (unsigned id = 1; id <= CONFIG_SPAN_SESSION_MAX; id++) {
        span->sessions[id].configured = false;
        span->sessions[id].dest = NULL;
    }
    /* The VLAN watches first (last session first, so the chain is in
     * number order): interface watches lead to them. */
    for (size_t i = cfg->n_monitor_sessions; i-- > 0;) {
        const struct config_monitor_session *cs = &cfg->monitor_sessions[i];
        struct span_session *s = &span->sessions[cs->id];
        uint8_t dirs = (vlan_set_is_empty(&cs->vlans_rx) ? 0 : SPAN_RX)
                       | (vlan_set_is_empty(&cs->vlans_tx) ? 0 : SPAN_TX);

        s->vlans_rx = cs->vlans_rx;
        s->vlans_tx = cs->vlans_tx;
        if (!dirs || !cs->destination[0] || !state_find_port(sw, cs->destination))
            continue;
        s->vlan_watch = (struct port_span) { s, dirs, true, vlan_chain };
        vlan_chain = &s->vlan_watch;
    }
    for (size_t i = 0; i < cfg->n_monitor_sessions; i++) {
        const struct config_monitor_session *cs = &cfg->monitor_sessions[i];
        struct span_session *s = &span->sessions[cs->id];

        s->configured = true;
        s->replicate = cs->replicate;
        s->dest = cs->destination[0] ? state_find_port(sw, cs->destination) : NULL;
        s->dest_watch = (struct port_span) { s, 0, false, NULL };
        if (s->dest)
            s->dest->span = &s->dest_watch;
        /* Sources watch only while there is somewhere to send copies:
         * a session without a destination costs nothing. */
        for (size_t k = 0; s->dest && k < cs->n_sources; k++) {
            struct port *p = state_find_port(sw, cs->sources[k].port);

            s->sources[k] = (struct port_span) {
                s, dirs_of(cs->sources[k].dir), false,
                p && vlan_watched(p) ? vlan_chain : NULL,
            };
            if (p)
                p->span = &s->sources[k];
        }
    }
    /* Ports without a watch yet: destinations have theirs, which leads
     * nowhere (a destination is never a source). */
    for (size_t i = 0; vlan_chain && i < sw->n_ports; i++) {
        struct port *p = sw->ports[i];

        if (!p->span && vlan_watched(p))
            p->span = vlan_chain;
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

/* The untagged VLAN of port 'p': what an untagged (or priority-tagged)
 * frame sent there belongs to, 0 if none (a trunk whose native VLAN is
 * tagged or absent). */
static uint16_t
untagged_vlan(const struct port *p)
{
    const struct vlan_port *v = state_port_vlan(p);

    if (v->mode == VLAN_MODE_ACCESS)
        return v->access_vid;
    return v->native_tagged ? 0 : v->native_vid;
}

/* The VLAN item 'tx' is sent in: its outer 802.1Q tag (the item's, or
 * its rewrite's when the item has none), else the port's untagged VLAN. */
static unsigned
sent_vlan(const struct bridge_tx *tx, uint16_t untagged)
{
    unsigned vid = 0;

    if (tx->tagged)
        vid = tx->tci & VLAN_VID_MASK;
    else if (tx->rw && tx->rw->n_tags && tx->rw->tags[0].tpid == ETH_TYPE_VLAN)
        vid = tx->rw->tags[0].tci & VLAN_VID_MASK;
    return vid ? vid : untagged;
}

/* Watch 'w' of port 'in': copies of the received frames it takes. */
static void
observe_rx(const struct port_span *w, struct port *in, struct frame *const frames[], unsigned n)
{
    struct span_session *s = w->session;
    const struct vlan_port *policy = w->vlans ? state_port_vlan(in) : NULL;
    struct bridge_tx copies[BRIDGE_BATCH_MAX];
    unsigned n_copies = 0;

    if (!(w->dirs & SPAN_RX))
        return;
    for (unsigned i = 0; i < n; i++) {
        struct frame *f = frames[i];
        uint16_t tci = 0, vid, prio;

        if (n_copies == BRIDGE_BATCH_MAX) {
            span_send(s, copies, n_copies);
            n_copies = 0;
        }
        /* The header as it came: its outer 802.1Q tag (if any) as the
         * item's tag, the rest of the frame after it.  A frame that does
         * not parse is in no VLAN: only an interface watch misses it. */
        if (frame_parse(f) != FRAME_OK) {
            if (!policy)
                s->counters.unparsable++;
            continue;
        }
        bool tagged = frame_vlan_tci(f, &tci);
        if (policy && (vlan_port_admit(policy, tagged, tci, &vid, &prio) != VLAN_ADMIT
                       || !vlan_set_contains(&s->vlans_rx, vid)))
            continue;
        copies[n_copies++] = (struct bridge_tx) {
            .frame = f, .rw = NULL, .tci = tci, .tagged = tagged && s->replicate,
        };
    }
    span_send(s, copies, n_copies);
}

void
span_observe_rx(struct port *in, struct frame *const frames[], unsigned n)
{
    for (const struct port_span *w = in->span; w; w = w->next)
        observe_rx(w, in, frames, n);
}

/* Watch 'w' of port 'p': copies of the sent items it takes. */
static void
observe_tx(const struct port_span *w, struct port *p, const struct bridge_tx *items, unsigned n)
{
    struct span_session *s = w->session;
    struct bridge_tx copies[BRIDGE_BATCH_MAX];
    struct bridge_rewrite rws[BRIDGE_BATCH_MAX];
    uint16_t untagged = w->vlans ? untagged_vlan(p) : 0;
    unsigned m = 0;

    if (!(w->dirs & SPAN_TX))
        return;
    if (s->replicate && !w->vlans) {
        span_send(s, items, n);
        return;
    }
    for (unsigned i = 0; i < n; i++) {
        if (w->vlans && !vlan_set_contains(&s->vlans_tx, sent_vlan(&items[i], untagged)))
            continue;
        if (s->replicate)
            copies[m] = items[i];
        else
            native_copy(&items[i], &copies[m], &rws[m]);
        if (++m == BRIDGE_BATCH_MAX) {
            span_send(s, copies, m);
            m = 0;
        }
    }
    span_send(s, copies, m);
}

void
span_observe_tx(struct port *p, const struct bridge_tx *items, unsigned n)
{
    for (const struct port_span *w = p->span; w; w = w->next)
        observe_tx(w, p, items, n);
}
