/* The spanning tree agent: one RSTP instance per bridge that runs one,
 * its ports following the configuration and their links, BPDUs taken off
 * the receive path with BPDU guard and a rate limit, BPDUs queued out,
 * the 1 s tick, IOS's log lines, and what the shell reads (state_stp.h,
 * docs/design.md section 5.13). */
#include "state.h"
#include "state_stp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "loop.h"

/* Root changes logged per bridge and window; the rest are counted and the
 * count logged when the window is over (as state_link.c does for links). */
#define STP_LOG_PER_WINDOW 5
#define STP_LOG_WINDOW_MS 10000

struct stp_out {
    struct port *port;
    uint8_t len;
    uint8_t frame[RSTP_FRAME_MAX];
};

struct state_stp {
    struct pkt *tx_pkt;             /* where a queued BPDU is sent from */
    struct stp_out *out;            /* room for cap_out (state_stp.h) */
    unsigned n_out, cap_out;
    bool draining;                  /* stp_drain() is sending 'out' */
    bool applying;                  /* state_stp_apply_begin() .. sync */
    bool alloc_failed;              /* an instance could not be made: retried */
    uint64_t tx_queue_drops;
};

struct stp_port {
    struct port *port;              /* NULL: the slot takes no part */
    struct rstp_port_config cfg;    /* as last given to the instance */
    bool link_up;                   /* as last given */
    bool guard;                     /* BPDU guard in force */
    int64_t rx_window_ms;           /* the rate limit's current second */
    unsigned rx_in_window;
    uint64_t rx_over_rate;          /* not parsed: over STP_RX_PER_SECOND */
    uint64_t rx_tagged;             /* to the group address with a VLAN tag */
    uint64_t guard_hits;            /* caught by BPDU guard or bpdufilter */
    struct rstp_port_counters base; /* the instance's counters at the last clear */
};

struct stp_bridge {
    struct rstp *rstp;
    struct sw_bridge *b;
    struct stp_port *ports;         /* by port_no, b->n_ports of them */
    uint16_t n_ports;
    struct rstp_bridge_config cfg;  /* as last given */
    /* IOS's ROOTCHANGE lines. */
    struct rstp_bridge_id root;     /* the root last logged */
    bool has_root_port;
    uint16_t root_port_no;
    int64_t log_window_ms;
    unsigned log_count, log_suppressed;
};

static const uint8_t group_addr[ETH_ADDR_LEN] = RSTP_GROUP_ADDR;

/* Callbacks (net/rstp.h: never call back into the instance). */

static void
cb_send(void *arg, uint16_t port_no, const uint8_t *frame, size_t len)
{
    struct stp_bridge *sb = arg;
    struct state_stp *st = sb->b->sw->stp;
    struct port *p = port_no < sb->n_ports ? sb->ports[port_no].port : NULL;
    struct stp_out *o;

    if (!p || !st || st->applying || len > RSTP_FRAME_MAX)
        return;
    /* A fixed queue dropped the BPDUs of every port past it on each hello
     * of a bridge with that many ports: their peers aged this bridge out
     * and both ends forwarded (tests/integration/t_stp_hostile.sh). */
    if (st->n_out == st->cap_out) {
        unsigned cap = st->cap_out * 2;
        struct stp_out *out = cap <= STP_TX_QUEUE_MAX ? realloc(st->out, cap * sizeof *out)
                                                      : NULL;

        if (!out) {
            if (!st->tx_queue_drops++)
                log_warn("spanning-tree: BPDU transmit queue full (%u): BPDUs dropped",
                         st->cap_out);
            return;
        }
        st->out = out;
        st->cap_out = cap;
    }
    o = &st->out[st->n_out++];
    o->port = p;
    o->len = (uint8_t) len;
    memcpy(o->frame, frame, len);
}

static void
cb_set_state(void *arg, uint16_t port_no, enum rstp_state state)
{
    struct stp_bridge *sb = arg;
    enum bridge_stp_state s = state == RSTP_FORWARDING ? BRIDGE_STP_FORWARDING
                              : state == RSTP_LEARNING ? BRIDGE_STP_LEARNING
                                                       : BRIDGE_STP_DISCARDING;

    bridge_port_set_stp_state(sb->b->core, port_no, s);
}

/* Safe at once: the instance is never called from inside bridge_input(),
 * and a flush in the middle of bridge_tx_flush() (a BPDU handed over a
 * patch port) touches no queued frame. */
static void
cb_flush(void *arg, uint16_t port_no)
{
    struct stp_bridge *sb = arg;

    if (bridge_port_exists(sb->b->core, port_no))
        mac_table_flush_port(bridge_mac_table(sb->b->core), port_no, false);
}

static const struct rstp_ops stp_ops = { cb_send, cb_set_state, cb_flush };

/* Sending what the callbacks queued.  A BPDU sent on a patch port enters
 * the peer bridge's instance (state_patch_deliver() -> state_stp_receive())
 * whose own BPDUs join the queue: the loop below sends them too, so no
 * instance is ever entered from inside itself. */
static void
stp_drain(struct switch_state *sw)
{
    struct state_stp *st = sw->stp;
    struct pkt *pkt;

    if (!st || st->draining || st->applying)
        return;
    st->draining = true;
    pkt = st->tx_pkt;
    for (unsigned i = 0; i < st->n_out; i++) {
        struct stp_out *o = &st->out[i];
        struct port *p = o->port;
        struct bridge_tx tx = { .frame = &pkt->frame };

        if (p->netdev_gone)
            continue;
        memset(&pkt->vnet, 0, sizeof pkt->vnet);
        memcpy(pkt->buf + FRAME_HEADROOM, o->frame, o->len);
        frame_init(&pkt->frame, pkt->buf, FRAME_HEADROOM, o->len);
        /* May grow (move) the queue with a patch peer's answers: 'o' is
         * not used after it. */
        p->class->send(p, &tx, 1);
    }
    st->n_out = 0;
    st->draining = false;
}

/* IOS's dotted MAC, "0011.2233.4455". */
static void
mac_dotted(const uint8_t m[ETH_ADDR_LEN], char buf[15])
{
    snprintf(buf, 15, "%02x%02x.%02x%02x.%02x%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

static void
log_window_roll(struct stp_bridge *sb, int64_t now)
{
    if (sb->log_suppressed)
        log_info("%%SPANTREE-5-ROOTCHANGE: bridge %s: %u root changes left out in the last %d s",
                 sb->b->name, sb->log_suppressed, STP_LOG_WINDOW_MS / 1000);
    sb->log_window_ms = now;
    sb->log_count = sb->log_suppressed = 0;
}

/* IOS's %SPANTREE-5-ROOTCHANGE when the root or the root port changed;
 * a hostile peer can make roots come and go, hence the window. */
static void
stp_log_root(struct stp_bridge *sb)
{
    struct rstp_bridge_info bi;
    int64_t now = loop_now_ms();
    char mac[15];

    rstp_get_bridge_info(sb->rstp, &bi);
    if (!memcmp(&bi.root_id, &sb->root, sizeof bi.root_id)
        && bi.has_root_port == sb->has_root_port
        && (!bi.has_root_port || bi.root_port_no == sb->root_port_no))
        return;
    sb->root = bi.root_id;
    sb->has_root_port = bi.has_root_port;
    sb->root_port_no = bi.root_port_no;
    if (now - sb->log_window_ms >= STP_LOG_WINDOW_MS)
        log_window_roll(sb, now);
    if (sb->log_count >= STP_LOG_PER_WINDOW) {
        sb->log_suppressed++;
        return;
    }
    sb->log_count++;
    mac_dotted(bi.root_id.addr, mac);
    if (bi.is_root || !bi.has_root_port || bi.root_port_no >= sb->n_ports
        || !sb->ports[bi.root_port_no].port)
        log_info("%%SPANTREE-5-ROOTCHANGE: Root Changed for bridge %s: This bridge is now "
                 "the root. Root Mac Address is %s", sb->b->name, mac);
    else
        log_info("%%SPANTREE-5-ROOTCHANGE: Root Changed for bridge %s: New Root Port is %s. "
                 "New Root Mac Address is %s", sb->b->name,
                 sb->ports[bi.root_port_no].port->name, mac);
}

/* After every entry into the instances: queued BPDUs leave, root changes
 * are logged. */
static void
stp_after(struct switch_state *sw)
{
    if (!sw->stp || sw->stp->applying)
        return;
    stp_drain(sw);
    for (size_t i = 0; i < sw->n_bridges; i++)
        if (sw->bridges[i]->stp)
            stp_log_root(sw->bridges[i]->stp);
}

/* Configuration. */

static bool
stp_wanted(const struct switch_state *sw, const struct sw_bridge *b)
{
    const struct config_bridge *cb = sw->running ? config_find_bridge(sw->running, b->name)
                                                 : NULL;

    return cb && cb->stp.enabled;
}

/* Ports with frames of their own (state_stp.h). */
static bool
port_takes_part(const struct port *p)
{
    return !p->member && !p->config->bond[0] && !p->link.monitoring;
}

static bool
port_link_up(const struct port *p)
{
    const struct bridge *core = p->bridge->core;

    if (p->class == port_class_of(PORT_TYPE_PATCH) && !p->peer)
        return false;
    return bridge_port_is_enabled(core, p->port_no) && bridge_port_has_carrier(core, p->port_no);
}

/* FNV-1a of a bridge's name, folded into the bridge address. */
static uint32_t
name_hash(const char *s)
{
    uint32_t h = 2166136261u;

    while (*s)
        h = (h ^ (uint8_t) *s++) * 16777619u;
    return h;
}

/* The Bridge Address: the switch's random, locally administered MAC (the
 * LACP system ID, state_bonds_init(): unique among switchd processes on a
 * host) with a hash of the bridge's name in its last three bytes, so it
 * stays the same while the bridge exists, whatever other bridges come and
 * go; the bridge's index breaks a tie between two names of one switch. */
static void
bridge_addr(const struct switch_state *sw, const struct sw_bridge *b,
            uint8_t addr[ETH_ADDR_LEN])
{
    for (unsigned salt = 0;; salt++) {
        uint32_t h = name_hash(b->name) + salt;
        bool clash = false;

        memcpy(addr, sw->lacp_sys_mac, ETH_ADDR_LEN);
        addr[3] ^= (uint8_t) (h >> 16);
        addr[4] ^= (uint8_t) (h >> 8);
        addr[5] ^= (uint8_t) h;
        for (size_t i = 0; i < sw->n_bridges && sw->bridges[i] != b; i++)
            if (sw->bridges[i]->stp && !memcmp(sw->bridges[i]->stp->cfg.addr, addr, ETH_ADDR_LEN))
                clash = true;
        if (!clash || salt > sw->n_bridges)
            return;
    }
}

static void
bridge_config(const struct switch_state *sw, const struct sw_bridge *b,
              const struct config_stp *cs, struct rstp_bridge_config *rc)
{
    char err[160];

    /* Field by field on zeroed memory: sync compares configs with memcmp(). */
    memset(rc, 0, sizeof *rc);
    rc->priority = RSTP_PRIORITY_DEFAULT;
    rc->hello_s = RSTP_HELLO_DEFAULT_S;
    rc->max_age_s = RSTP_MAX_AGE_DEFAULT_S;
    rc->forward_delay_s = RSTP_FWD_DELAY_DEFAULT_S;
    rc->tx_hold_count = RSTP_TX_HOLD_DEFAULT;
    bridge_addr(sw, b, rc->addr);
    if (cs->priority_set)
        rc->priority = cs->priority;
    if (cs->hello_s)
        rc->hello_s = cs->hello_s;
    if (cs->max_age_s)
        rc->max_age_s = cs->max_age_s;
    if (cs->forward_delay_s)
        rc->forward_delay_s = cs->forward_delay_s;
    if (cs->tx_hold_count)
        rc->tx_hold_count = cs->tx_hold_count;
    rc->force_stp = cs->force_stp;
    if (rstp_bridge_config_check(rc, err, sizeof err)) {
        /* The loader checks these; a bad set still runs, on the defaults. */
        log_warn("spanning-tree: bridge %s: %s; using the default timers", b->name, err);
        rc->hello_s = RSTP_HELLO_DEFAULT_S;
        rc->max_age_s = RSTP_MAX_AGE_DEFAULT_S;
        rc->forward_delay_s = RSTP_FWD_DELAY_DEFAULT_S;
    }
}

/* Edge and BPDU guard by docs/design.md section 5.13: tap and internal
 * ports are edge unless configured not to be, access ports with the
 * bridge's portfast_default, any port configured so. */
static bool
port_admin_edge(const struct port *p, const struct config_stp *cs)
{
    const struct config_port *cp = p->config;

    if (cp->stp.portfast != CONFIG_STP_DEFAULT)
        return cp->stp.portfast == CONFIG_STP_ENABLE;
    if (cp->type == PORT_TYPE_TAP || cp->type == PORT_TYPE_INTERNAL)
        return true;
    return cs->portfast_default && cp->vlan.mode == VLAN_MODE_ACCESS;
}

static void
port_config(const struct port *p, const struct config_stp *cs, uint16_t id_number,
            const uint8_t bridge_mac[ETH_ADDR_LEN], struct rstp_port_config *rc, bool *guard)
{
    const struct config_port_stp *ps = &p->config->stp;

    memset(rc, 0, sizeof *rc);
    rc->id_number = id_number;
    rc->priority = ps->priority_set ? ps->priority : RSTP_PORT_PRIORITY_DEFAULT;
    rc->path_cost = ps->cost;
    rc->admin_edge = port_admin_edge(p, cs);
    rc->auto_edge = true;
    rc->admin_p2p = ps->link_type == CONFIG_STP_LINK_P2P      ? RSTP_P2P_YES
                    : ps->link_type == CONFIG_STP_LINK_SHARED ? RSTP_P2P_NO
                                                              : RSTP_P2P_AUTO;
    rc->bpdu_filter = ps->bpdufilter == CONFIG_STP_ENABLE;
    /* A system port's own address, as 802.1D-2004 asks; the others' netdev
     * address is their host's (a TAP's, an internal port's), a patch or
     * bond has none: the bridge's. */
    if (p->config->type != PORT_TYPE_SYSTEM || !state_port_hwaddr(p, rc->src_addr))
        memcpy(rc->src_addr, bridge_mac, ETH_ADDR_LEN);
    /* bpdufilter wins over BPDU guard, as on IOS. */
    *guard = !rc->bpdu_filter
             && (ps->bpduguard == CONFIG_STP_ENABLE
                 || (ps->bpduguard == CONFIG_STP_DEFAULT && cs->bpduguard_default
                     && rc->admin_edge));
}

static void
slot_remove(struct stp_bridge *sb, uint16_t port_no, int64_t now)
{
    struct stp_port *sp = &sb->ports[port_no];

    if (!sp->port)
        return;
    rstp_port_remove(sb->rstp, port_no, now);
    /* No longer the instance's to gate. */
    if (bridge_port_exists(sb->b->core, port_no))
        bridge_port_set_stp_state(sb->b->core, port_no, BRIDGE_STP_FORWARDING);
    memset(sp, 0, sizeof *sp);
}

static void
slot_link(struct stp_bridge *sb, uint16_t port_no, bool force, int64_t now)
{
    struct stp_port *sp = &sb->ports[port_no];
    bool up;

    if (!sp->port)
        return;
    up = port_link_up(sp->port);
    if (up == sp->link_up && !force)
        return;
    sp->link_up = up;
    /* Speed unknown (path cost 20000, as 1 Gb/s; docs/design.md section
     * 5.13) and full duplex: every back end here is a virtual link. */
    rstp_port_set_link(sb->rstp, port_no, up, 0, true, now);
}

static void
stp_bridge_destroy(struct sw_bridge *b)
{
    if (!b->stp)
        return;
    state_stp_bridge_free(b);
    bridge_set_stp(b->core, false);
}

/* The id_number each taking part port of 'b' should have: its ofport
 * when that fits in 12 bits, else its old one if still free, else the
 * highest free number. */
static void
assign_ids(const struct sw_bridge *b, const struct stp_bridge *sb, uint16_t *ids)
{
    uint8_t *used = calloc(RSTP_PORT_NUMBER_MAX + 1, 1);

    for (uint16_t i = 0; i < b->n_ports; i++) {
        const struct port *p = b->ports[i];

        ids[i] = 0;
        if (p && port_takes_part(p) && p->ofport >= 1 && p->ofport <= RSTP_PORT_NUMBER_MAX) {
            ids[i] = p->ofport;
            if (used)
                used[p->ofport] = 1;
        }
    }
    if (!used)
        return;                     /* ports without a small ofport wait */
    for (uint16_t i = 0; i < b->n_ports; i++) {
        const struct port *p = b->ports[i];
        uint16_t old = sb && i < sb->n_ports && sb->ports[i].port == p ? sb->ports[i].cfg.id_number
                                                                      : 0;

        if (!p || !port_takes_part(p) || ids[i])
            continue;
        if (old && !used[old]) {
            ids[i] = old;
        } else {
            for (uint16_t n = RSTP_PORT_NUMBER_MAX; n >= 1 && !ids[i]; n--)
                if (!used[n])
                    ids[i] = n;
        }
        if (ids[i])
            used[ids[i]] = 1;
    }
    free(used);
}

/* Makes bridge 'b''s instance follow 'cs'.  Returns false when memory ran
 * short (retried on the tick). */
static bool
stp_bridge_sync(struct switch_state *sw, struct sw_bridge *b, const struct config_stp *cs,
                int64_t now)
{
    struct stp_bridge *sb = b->stp;
    struct rstp_bridge_config rc;
    uint16_t *ids;
    char err[160];
    bool ok = true;

    bridge_config(sw, b, cs, &rc);
    if (!sb) {
        if (!(sb = calloc(1, sizeof *sb))
            || !(sb->ports = calloc(b->n_ports, sizeof *sb->ports))) {
            free(sb);
            return false;
        }
        sb->b = b;
        sb->n_ports = b->n_ports;
        sb->cfg = rc;
        sb->log_window_ms = now;
        /* The instance starts believing itself root: nothing to log. */
        sb->root.priority = rc.priority;
        memcpy(sb->root.addr, rc.addr, ETH_ADDR_LEN);
        if (!(sb->rstp = rstp_create(&rc, &stp_ops, sb, now))) {
            free(sb->ports);
            free(sb);
            return false;
        }
        b->stp = sb;
        bridge_set_stp(b->core, true);
        log_info("spanning-tree: bridge %s runs RSTP (bridge ID %u.%02x%02x.%02x%02x.%02x%02x)",
                 b->name, rc.priority, rc.addr[0], rc.addr[1], rc.addr[2], rc.addr[3],
                 rc.addr[4], rc.addr[5]);
    } else if (memcmp(&rc, &sb->cfg, sizeof rc)) {
        if (rstp_set_config(sb->rstp, &rc, now, err, sizeof err))
            log_warn("spanning-tree: bridge %s: %s", b->name, err);
        else
            sb->cfg = rc;
    }

    if (!(ids = calloc(b->n_ports, sizeof *ids)))
        return false;
    assign_ids(b, sb, ids);
    /* Ports that left, stopped taking part or change number go first, so
     * that no number is held twice on the way. */
    for (uint16_t i = 0; i < sb->n_ports; i++) {
        struct stp_port *sp = &sb->ports[i];

        if (sp->port && (b->ports[i] != sp->port || !port_takes_part(sp->port)
                         || ids[i] != sp->cfg.id_number))
            slot_remove(sb, i, now);
    }
    for (uint16_t i = 0; i < sb->n_ports; i++) {
        struct port *p = b->ports[i];
        struct stp_port *sp = &sb->ports[i];
        struct rstp_port_config pc;
        bool guard;
        int error;

        if (!p || !port_takes_part(p))
            continue;
        if (!ids[i]) {
            log_warn("spanning-tree: bridge %s: port %s left out: no port number free",
                     b->name, p->name);
            continue;
        }
        port_config(p, cs, ids[i], rc.addr, &pc, &guard);
        sp->guard = guard;
        if (!sp->port) {
            sp->port = p;           /* the callbacks of the add find it */
            sp->cfg = pc;
            sp->link_up = false;
            if ((error = rstp_port_add(sb->rstp, i, &pc, now))) {
                memset(sp, 0, sizeof *sp);
                if (error == ENOMEM)
                    ok = false;
                else
                    log_warn("spanning-tree: bridge %s: port %s not added (%s)", b->name,
                             p->name, strerror(error));
                continue;
            }
        } else if (memcmp(&pc, &sp->cfg, sizeof pc)) {
            if ((error = rstp_port_set_config(sb->rstp, i, &pc, now)))
                log_warn("spanning-tree: port %s: settings not taken (%s)", p->name,
                         strerror(error));
            else
                sp->cfg = pc;
        }
        slot_link(sb, i, false, now);
    }
    free(ids);
    return ok;
}

void
state_stp_apply_begin(struct switch_state *sw)
{
    if (sw->stp)
        sw->stp->applying = true;
}

void
state_stp_sync(struct switch_state *sw)
{
    struct state_stp *st = sw->stp;
    int64_t now = loop_now_ms();
    bool any = false, failed = false;

    for (size_t i = 0; i < sw->n_bridges; i++)
        any |= stp_wanted(sw, sw->bridges[i]);
    if (!st && any) {
        if (!(st = calloc(1, sizeof *st)) || !(st->tx_pkt = malloc(sizeof *st->tx_pkt))
            || !(st->out = malloc(STP_TX_QUEUE_MIN * sizeof *st->out))) {
            if (st)
                free(st->tx_pkt);
            free(st);
            log_error("spanning-tree: out of memory; no spanning tree runs (retried every second)");
            return;
        }
        st->cap_out = STP_TX_QUEUE_MIN;
        sw->stp = st;
    }
    if (!st)
        return;
    st->applying = false;
    for (size_t i = 0; i < sw->n_bridges; i++) {
        struct sw_bridge *b = sw->bridges[i];
        const struct config_bridge *cb = config_find_bridge(sw->running, b->name);

        if (!cb || !cb->stp.enabled) {
            if (b->stp)
                log_info("spanning-tree: bridge %s runs none now", b->name);
            stp_bridge_destroy(b);
            continue;
        }
        if (b->stp && b->stp->n_ports != b->n_ports)
            stp_bridge_destroy(b);  /* the core was made anew */
        if (!stp_bridge_sync(sw, b, &cb->stp, now))
            failed = true;
    }
    if (failed && !st->alloc_failed)
        log_error("spanning-tree: out of memory starting a bridge or port (retried every second)");
    st->alloc_failed = failed;
    stp_after(sw);
}

void
state_stp_forget(struct switch_state *sw, struct port *p)
{
    struct stp_bridge *sb = p->bridge ? p->bridge->stp : NULL;

    (void) sw;
    if (sb && p->port_no < sb->n_ports && sb->ports[p->port_no].port == p) {
        slot_remove(sb, p->port_no, loop_now_ms());
        stp_after(sw);
    }
}

void
state_stp_bridge_free(struct sw_bridge *b)
{
    struct stp_bridge *sb = b->stp;

    if (!sb)
        return;
    rstp_destroy(sb->rstp);
    free(sb->ports);
    free(sb);
    b->stp = NULL;
}

void
state_stp_destroy(struct switch_state *sw)
{
    if (!sw->stp)
        return;
    free(sw->stp->tx_pkt);
    free(sw->stp->out);
    free(sw->stp);
    sw->stp = NULL;
}

void
state_stp_port_changed(struct port *p)
{
    struct switch_state *sw = p->bridge ? p->bridge->sw : NULL;
    struct stp_bridge *sb = p->bridge ? p->bridge->stp : NULL;

    if (!sw || !sw->stp || sw->stp->applying || !sb || p->port_no >= sb->n_ports
        || sb->ports[p->port_no].port != p)
        return;
    slot_link(sb, p->port_no, false, loop_now_ms());
    stp_after(sw);
}

/* Receiving. */

/* One frame to the group address on 'p', a port of 'sb'. */
static void
stp_input(struct switch_state *sw, struct stp_bridge *sb, struct port *p,
          const struct frame *f, int64_t now)
{
    struct stp_port *sp = p->port_no < sb->n_ports ? &sb->ports[p->port_no] : NULL;

    if (!sp || sp->port != p)
        return;                     /* takes no part: consumed all the same */
    if (sp->guard && !p->link.err_disabled && p->config->enabled) {
        sp->guard_hits++;
        log_error("%%SPANTREE-2-BLOCK_BPDUGUARD: Received BPDU on port %s with BPDU Guard "
                  "enabled. Disabling port.", p->name);
        state_port_err_disable(sw, p, "bpduguard");
        return;
    }
    if (now - sp->rx_window_ms >= 1000) {
        sp->rx_window_ms = now;
        sp->rx_in_window = 0;
    }
    if (++sp->rx_in_window > STP_RX_PER_SECOND) {
        sp->rx_over_rate++;
        return;
    }
    if (sp->cfg.bpdu_filter)
        sp->guard_hits++;
    if (f->n_tags) {
        sp->rx_tagged++;
        return;
    }
    rstp_receive(sb->rstp, p->port_no, f->data, f->len, now);
}

void
state_stp_receive(struct switch_state *sw, struct port *p, struct pkt *pkts, unsigned n)
{
    struct stp_bridge *sb = p->bridge->stp;
    bool any = false;
    int64_t now = 0;

    if (!sb)
        return;
    for (unsigned i = 0; i < n; i++) {
        struct frame *f = &pkts[i].frame;

        if (f->len < ETH_ADDR_LEN || f->data[0] != 0x01
            || memcmp(f->data, group_addr, ETH_ADDR_LEN))
            continue;
        if (!any)
            now = loop_now_ms();
        any = true;
        stp_input(sw, sb, p, f, now);
        f->len = 0;
    }
    if (any)
        stp_after(sw);
}

void
state_stp_tick(struct switch_state *sw)
{
    int64_t now = loop_now_ms();

    if (!sw->stp)
        return;
    if (sw->stp->alloc_failed)
        state_stp_sync(sw);
    for (size_t i = 0; i < sw->n_bridges; i++) {
        struct stp_bridge *sb = sw->bridges[i]->stp;

        if (!sb)
            continue;
        rstp_tick(sb->rstp, now);
        if (sb->log_suppressed && now - sb->log_window_ms >= STP_LOG_WINDOW_MS)
            log_window_roll(sb, now);
    }
    stp_after(sw);
}

/* Reading (state.h). */

static struct stp_port *
slot_of(const struct port *p)
{
    struct stp_bridge *sb = p->bridge ? p->bridge->stp : NULL;

    if (!sb || p->port_no >= sb->n_ports || sb->ports[p->port_no].port != p)
        return NULL;
    return &sb->ports[p->port_no];
}

bool
state_stp_bridge_info(const struct sw_bridge *b, struct rstp_bridge_info *info)
{
    if (!b->stp)
        return false;
    rstp_get_bridge_info(b->stp->rstp, info);
    return true;
}

bool
state_stp_port_info(const struct port *p, struct rstp_port_info *info, bool *bpduguard)
{
    const struct stp_port *sp = slot_of(p);
    struct rstp_port_counters *c = &info->counters;

    if (!sp || rstp_get_port_info(p->bridge->stp->rstp, p->port_no, info))
        return false;
    c->tx_rstp -= sp->base.tx_rstp;
    c->tx_config -= sp->base.tx_config;
    c->tx_tcn -= sp->base.tx_tcn;
    c->rx_rstp -= sp->base.rx_rstp;
    c->rx_config -= sp->base.rx_config;
    c->rx_tcn -= sp->base.rx_tcn;
    c->rx_errors -= sp->base.rx_errors;
    c->rx_filtered -= sp->base.rx_filtered;
    c->forward_transitions -= sp->base.forward_transitions;
    /* What the agent turned away before the instance saw it. */
    c->rx_errors += sp->rx_tagged;
    c->rx_filtered += sp->rx_over_rate;
    if (bpduguard)
        *bpduguard = sp->guard;
    return true;
}

uint64_t
state_stp_port_bpduguard_hits(const struct port *p)
{
    const struct stp_port *sp = slot_of(p);

    return sp ? sp->guard_hits : 0;
}

void
state_stp_clear_counters(struct switch_state *sw, const struct port *only)
{
    for (size_t i = 0; i < sw->n_ports; i++) {
        struct port *p = sw->ports[i];
        struct stp_port *sp = slot_of(p);
        struct rstp_port_info info;

        if (!sp || (only && p != only))
            continue;
        /* One port's counters: the instance clears only all of them, so
         * the view subtracts what they were now. */
        sp->base = (struct rstp_port_counters) { 0 };
        if (!rstp_get_port_info(p->bridge->stp->rstp, p->port_no, &info))
            sp->base = info.counters;
        sp->rx_tagged = sp->rx_over_rate = 0;
    }
}

void
state_stp_mcheck(struct switch_state *sw, const struct port *only)
{
    int64_t now = loop_now_ms();

    for (size_t i = 0; i < sw->n_ports; i++) {
        struct port *p = sw->ports[i];

        if (slot_of(p) && (!only || p == only))
            rstp_port_mcheck(p->bridge->stp->rstp, p->port_no, now);
    }
    stp_after(sw);
}
