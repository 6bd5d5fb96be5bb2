#include "bridge.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Rewrites one batch can need: each frame at most one per action. */
#define REWRITE_POOL_SIZE (BRIDGE_BATCH_MAX * FLOW_MAX_ACTIONS)

struct bridge_port {
    struct bridge_port *next_spare;         /* on 'spare_ports' */
    bool enabled;
    /* enabled and STP forwarding: what every egress check reads, so the
     * spanning tree costs no extra test per output port. */
    bool egress;
    uint8_t stp_state;                      /* enum bridge_stp_state */
    bool no_carrier;                        /* bridge_port_set_carrier(false) */
    uint16_t ofport;                        /* 0 = none */
    struct vlan_port vlan;
    struct bridge_port_stats stats;
    struct storm_control storm;             /* bridge_port_set_storm_control() */
    uint16_t n_tx;                          /* items in 'txq' */
    struct bridge_tx txq[BRIDGE_BATCH_MAX];
};

/* One flow table entry. */
struct bridge_flow {
    struct cls_rule cr;                     /* match, priority, age; first member */
    uint64_t cookie;
    uint16_t idle_timeout, hard_timeout;
    bool normal_only;                       /* actions are exactly NORMAL */
    uint16_t normal_vid;                    /* actions are mod_vlan_vid:V (and PCP
                                               changes) then NORMAL: V, for the
                                               MAC prefetch; else 0 */
    uint8_t n_actions;
    struct flow_action actions[FLOW_MAX_ACTIONS];
    struct flow_stats stats;
    struct bridge_flow *prev, *next;        /* all flows, oldest first */
    struct bridge_flow *exp_prev, *exp_next;    /* flows with a timeout */
};

/* The flows of a bridge: a classifier for lookup, lists for everything
 * else, so deleting while walking needs no allocation. */
struct flow_table {
    struct classifier *cls;
    struct bridge_flow *head, *tail;        /* all flows, oldest first */
    struct bridge_flow *expirable;          /* flows with a timeout */
};

struct bridge {
    struct mac_table *macs;
    /* Indexed by port number, NULL where there is none: a port (2 KiB, most
     * of it its tx queue) is allocated when it is added, so an empty slot
     * costs a pointer, not a port (docs/security.md section 7). */
    struct bridge_port **ports;
    struct bridge_port *spare_ports;        /* bridge_port_reserve()d */
    uint16_t max_ports;
    uint16_t *port_list;                    /* existing ports, for flooding */
    uint16_t n_ports;
    uint16_t *tx_ports;                     /* ports with queued frames */
    uint16_t n_tx_ports;
    uint64_t unknown_port_drops;
    uint64_t hash_seed;
    struct flow_table table;
    /* Port number of each ofport: open addressing over a power of two of
     * at least 2 * max_ports slots, so output:N costs a probe or two.  A
     * direct array of every ofport was 128 KiB per bridge. */
    struct ofport_slot *ofports;
    uint32_t ofport_mask;                   /* slots - 1 */
    struct bridge_rewrite *rw_pool;         /* REWRITE_POOL_SIZE, until the flush */
    uint32_t n_rw;
    struct psec_table *psec;                /* port security, NULL: no port is
                                               secure (bridge_set_port_security()) */
    bool stp;                               /* bridge_set_stp(): a spanning tree runs */
};

struct ofport_slot {
    uint16_t ofport;                        /* 0: empty */
    uint16_t port_no;
};

static struct bridge_flow *
flow_of_rule(const struct cls_rule *r)
{
    return (struct bridge_flow *) r;
}

/* Flow table internals. */

static void
table_unlink(struct flow_table *t, struct bridge_flow *bf)
{
    *(bf->prev ? &bf->prev->next : &t->head) = bf->next;
    *(bf->next ? &bf->next->prev : &t->tail) = bf->prev;
    if (bf->idle_timeout || bf->hard_timeout) {
        *(bf->exp_prev ? &bf->exp_prev->exp_next : &t->expirable) = bf->exp_next;
        if (bf->exp_next)
            bf->exp_next->exp_prev = bf->exp_prev;
    }
}

static void
table_remove(struct flow_table *t, struct bridge_flow *bf)
{
    classifier_remove(t->cls, &bf->cr);
    table_unlink(t, bf);
    free(bf);
}

static void
flow_set_actions(struct bridge_flow *bf, const struct flow *f)
{
    bf->n_actions = f->n_actions;
    memcpy(bf->actions, f->actions, f->n_actions * sizeof *f->actions);
    bf->normal_only = f->n_actions == 1 && f->actions[0].type == FLOW_ACT_NORMAL;

    /* The OpenStack translation shape: NORMAL will see VLAN V. */
    bf->normal_vid = 0;
    for (unsigned i = 0; i < f->n_actions; i++) {
        const struct flow_action *a = &f->actions[i];

        if (a->type == FLOW_ACT_MOD_VLAN_VID) {
            bf->normal_vid = a->vid;
        } else if (a->type == FLOW_ACT_NORMAL) {
            break;
        } else if (a->type != FLOW_ACT_MOD_VLAN_PCP) {
            bf->normal_vid = 0;
            break;
        }
    }
}

static int
table_add(struct flow_table *t, const struct flow *f, int64_t now_ms)
{
    struct bridge_flow *bf = calloc(1, sizeof *bf);
    struct cls_rule *displaced;

    if (!bf)
        return ENOMEM;
    cls_rule_init(&bf->cr, &f->match, f->priority);
    bf->cookie = f->cookie;
    bf->idle_timeout = f->idle_timeout;
    bf->hard_timeout = f->hard_timeout;
    flow_set_actions(bf, f);
    bf->stats.created_ms = bf->stats.modified_ms = bf->stats.used_ms = now_ms;
    if (classifier_insert(t->cls, &bf->cr, &displaced)) {
        free(bf);
        return ENOMEM;
    }
    if (displaced) {
        /* Already out of the classifier: only the lists still hold it. */
        struct bridge_flow *old = flow_of_rule(displaced);

        table_unlink(t, old);
        free(old);
    }
    bf->prev = t->tail;
    *(t->tail ? &t->tail->next : &t->head) = bf;
    t->tail = bf;
    if (bf->idle_timeout || bf->hard_timeout) {
        bf->exp_next = t->expirable;
        if (t->expirable)
            t->expirable->exp_prev = bf;
        t->expirable = bf;
    }
    return 0;
}

static void
table_clear(struct flow_table *t)
{
    while (t->head)
        table_remove(t, t->head);
}

static void
flow_of_entry(const struct bridge_flow *bf, struct flow *f)
{
    memset(f, 0, sizeof *f);
    f->match = bf->cr.match;
    f->priority = bf->cr.priority;
    f->idle_timeout = bf->idle_timeout;
    f->hard_timeout = bf->hard_timeout;
    f->cookie = bf->cookie;
    f->n_actions = bf->n_actions;
    memcpy(f->actions, bf->actions, bf->n_actions * sizeof *bf->actions);
}

/* Basics. */

struct bridge *
bridge_create(const struct bridge_config *cfg)
{
    struct bridge *b = calloc(1, sizeof *b);
    uint16_t max_ports = cfg->max_ports ? cfg->max_ports : BRIDGE_DEFAULT_PORTS;
    uint32_t size = cfg->mac_table_size ? cfg->mac_table_size : MAC_TABLE_DEFAULT_MAX;
    uint32_t aging = cfg->mac_aging_set ? cfg->mac_aging_s : MAC_TABLE_DEFAULT_AGING_S;
    uint32_t n_ofport_slots;
    struct flow normal;

    if (!b)
        return NULL;
    b->max_ports = max_ports;
    b->hash_seed = cfg->hash_seed;
    b->macs = mac_table_create(size, max_ports, aging, cfg->hash_seed);
    b->ports = calloc(max_ports, sizeof *b->ports);
    b->port_list = calloc(max_ports, sizeof *b->port_list);
    b->tx_ports = calloc(max_ports, sizeof *b->tx_ports);
    b->table.cls = classifier_create(cfg->hash_seed);
    for (n_ofport_slots = 2; n_ofport_slots < 2 * (uint32_t) max_ports; n_ofport_slots *= 2)
        continue;
    b->ofports = calloc(n_ofport_slots, sizeof *b->ofports);
    b->ofport_mask = n_ofport_slots - 1;
    b->rw_pool = malloc(REWRITE_POOL_SIZE * sizeof *b->rw_pool);
    if (!b->macs || !b->ports || !b->port_list || !b->tx_ports || !b->table.cls
        || !b->ofports || !b->rw_pool)
        goto err;

    /* The table of a new bridge, created at time 0 (no clock here):
     * bridge_flow_replace() restarts it at a real time. */
    flow_init_normal(&normal);
    if (table_add(&b->table, &normal, 0))
        goto err;
    return b;

err:
    bridge_destroy(b);
    return NULL;
}

void
bridge_destroy(struct bridge *b)
{
    if (!b)
        return;
    if (b->table.cls)
        table_clear(&b->table);
    classifier_destroy(b->table.cls);
    mac_table_destroy(b->macs);
    for (uint16_t i = 0; b->ports && i < b->max_ports; i++)
        free(b->ports[i]);
    while (b->spare_ports) {
        struct bridge_port *next = b->spare_ports->next_spare;
        free(b->spare_ports);
        b->spare_ports = next;
    }
    free(b->ports);
    free(b->port_list);
    free(b->tx_ports);
    free(b->ofports);
    free(b->rw_pool);
    free(b);
}

struct mac_table *
bridge_mac_table(struct bridge *b)
{
    return b->macs;
}

uint16_t
bridge_max_ports(const struct bridge *b)
{
    return b->max_ports;
}

static void ofport_remove(struct bridge *, uint16_t ofport);

/* Returns the port 'port_no' if it exists, else NULL. */
static struct bridge_port *
port_get(const struct bridge *b, uint16_t port_no)
{
    return port_no < b->max_ports ? b->ports[port_no] : NULL;
}

int
bridge_port_reserve(struct bridge *b, uint16_t n)
{
    uint16_t have = 0;

    for (struct bridge_port *p = b->spare_ports; p && have < n; p = p->next_spare)
        have++;
    for (; have < n; have++) {
        struct bridge_port *p = malloc(sizeof *p);
        if (!p)
            return ENOMEM;
        p->next_spare = b->spare_ports;
        b->spare_ports = p;
    }
    return 0;
}

int
bridge_port_add(struct bridge *b, uint16_t port_no, const struct vlan_port *policy)
{
    struct bridge_port *p;

    if (port_no >= b->max_ports)
        return ERANGE;
    if (b->ports[port_no])
        return EEXIST;
    if (policy && !vlan_port_validate(policy, NULL))
        return EINVAL;

    if ((p = b->spare_ports))
        b->spare_ports = p->next_spare;
    else if (!(p = malloc(sizeof *p)))
        return ENOMEM;
    memset(p, 0, sizeof *p);
    p->enabled = p->egress = true;
    p->stp_state = BRIDGE_STP_FORWARDING;
    if (policy)
        p->vlan = *policy;
    else
        vlan_port_init_default(&p->vlan);
    b->ports[port_no] = p;
    b->port_list[b->n_ports++] = port_no;
    return 0;
}

static void
list_remove(uint16_t *list, uint16_t *n, uint16_t value)
{
    for (uint16_t i = 0; i < *n; i++) {
        if (list[i] == value) {
            memmove(&list[i], &list[i + 1], (*n - i - 1) * sizeof *list);
            (*n)--;
            return;
        }
    }
}

int
bridge_port_remove(struct bridge *b, uint16_t port_no)
{
    struct bridge_port *p = port_get(b, port_no);

    if (!p)
        return port_no >= b->max_ports ? ERANGE : ENOENT;
    mac_table_flush_port(b->macs, port_no, true);
    list_remove(b->port_list, &b->n_ports, port_no);
    if (p->n_tx)
        list_remove(b->tx_ports, &b->n_tx_ports, port_no);
    if (p->ofport)
        ofport_remove(b, p->ofport);
    b->ports[port_no] = NULL;
    free(p);
    return 0;
}

int
bridge_port_set_enabled(struct bridge *b, uint16_t port_no, bool enabled)
{
    struct bridge_port *p = port_get(b, port_no);

    if (!p)
        return port_no >= b->max_ports ? ERANGE : ENOENT;
    if (p->enabled && !enabled)
        mac_table_flush_port(b->macs, port_no, false);
    p->enabled = enabled;
    p->egress = enabled && p->stp_state == BRIDGE_STP_FORWARDING;
    return 0;
}

int
bridge_port_set_stp_state(struct bridge *b, uint16_t port_no, enum bridge_stp_state state)
{
    struct bridge_port *p = port_get(b, port_no);

    if (!p)
        return port_no >= b->max_ports ? ERANGE : ENOENT;
    if (state != BRIDGE_STP_FORWARDING && state != BRIDGE_STP_LEARNING
        && state != BRIDGE_STP_DISCARDING)
        return EINVAL;
    p->stp_state = (uint8_t) state;
    p->egress = p->enabled && state == BRIDGE_STP_FORWARDING;
    return 0;
}

enum bridge_stp_state
bridge_port_stp_state(const struct bridge *b, uint16_t port_no)
{
    const struct bridge_port *p = port_get(b, port_no);

    return p ? (enum bridge_stp_state) p->stp_state : BRIDGE_STP_FORWARDING;
}

void
bridge_set_stp(struct bridge *b, bool running)
{
    b->stp = running;
    /* Without a spanning tree every port forwards (bridge.h). */
    if (!running)
        for (uint16_t i = 0; i < b->n_ports; i++)
            bridge_port_set_stp_state(b, b->port_list[i], BRIDGE_STP_FORWARDING);
}

int
bridge_port_set_carrier(struct bridge *b, uint16_t port_no, bool carrier)
{
    struct bridge_port *p = port_get(b, port_no);

    if (!p)
        return port_no >= b->max_ports ? ERANGE : ENOENT;
    p->no_carrier = !carrier;
    return 0;
}

bool
bridge_port_has_carrier(const struct bridge *b, uint16_t port_no)
{
    const struct bridge_port *p = port_get(b, port_no);

    return p && !p->no_carrier;
}

int
bridge_port_set_vlan(struct bridge *b, uint16_t port_no, const struct vlan_port *policy)
{
    struct bridge_port *p = port_get(b, port_no);

    if (!p)
        return port_no >= b->max_ports ? ERANGE : ENOENT;
    if (!vlan_port_validate(policy, NULL))
        return EINVAL;
    p->vlan = *policy;
    /* Hosts behind the port now sit in other VLANs: learn them afresh. */
    mac_table_flush_port(b->macs, port_no, false);
    return 0;
}

void
bridge_set_port_security(struct bridge *b, struct psec_table *psec)
{
    b->psec = psec;
}

int
bridge_reserve(struct bridge *b, unsigned n_frames)
{
    return mac_table_reserve(b->macs, n_frames);
}

int
bridge_port_set_storm_control(struct bridge *b, uint16_t port_no,
                              const struct storm_control_config *cfg)
{
    struct bridge_port *p = port_get(b, port_no);

    if (!p)
        return port_no < b->max_ports ? ENOENT : ERANGE;
    for (unsigned c = 0; c < STORM_N_CLASSES; c++)
        if (!storm_level_valid(&cfg->level[c]))
            return EINVAL;
    storm_control_configure(&p->storm, cfg);
    return 0;
}

struct storm_control *
bridge_port_storm_control(struct bridge *b, uint16_t port_no)
{
    struct bridge_port *p = port_get(b, port_no);

    return p ? &p->storm : NULL;
}

bool
bridge_port_exists(const struct bridge *b, uint16_t port_no)
{
    return port_get(b, port_no) != NULL;
}

bool
bridge_port_is_enabled(const struct bridge *b, uint16_t port_no)
{
    const struct bridge_port *p = port_get(b, port_no);

    return p && p->enabled;
}

const struct vlan_port *
bridge_port_vlan(const struct bridge *b, uint16_t port_no)
{
    const struct bridge_port *p = port_get(b, port_no);

    return p ? &p->vlan : NULL;
}

const struct bridge_port_stats *
bridge_port_stats(const struct bridge *b, uint16_t port_no)
{
    const struct bridge_port *p = port_get(b, port_no);

    return p ? &p->stats : NULL;
}

void
bridge_port_clear_stats(struct bridge *b, uint16_t port_no)
{
    struct bridge_port *p = port_get(b, port_no);

    if (p)
        memset(&p->stats, 0, sizeof p->stats);
}

uint64_t
bridge_unknown_port_drops(const struct bridge *b)
{
    return b->unknown_port_drops;
}

/* OpenFlow port numbers. */

static uint32_t
ofport_home(const struct bridge *b, uint16_t ofport)
{
    return (uint32_t) ((ofport * UINT64_C(0x9e3779b97f4a7c15)) >> 32) & b->ofport_mask;
}

/* The slot holding 'ofport', or the empty one where it would go. */
static uint32_t
ofport_find(const struct bridge *b, uint16_t ofport)
{
    uint32_t i = ofport_home(b, ofport);

    while (b->ofports[i].ofport && b->ofports[i].ofport != ofport)
        i = (i + 1) & b->ofport_mask;
    return i;
}

/* Empties the slot of 'ofport' and shifts the rest of its probe run back
 * (no tombstones), as mac_table.c does. */
static void
ofport_remove(struct bridge *b, uint16_t ofport)
{
    uint32_t i = ofport_find(b, ofport), j = i;

    if (!b->ofports[i].ofport)
        return;
    for (;;) {
        uint32_t home;
        j = (j + 1) & b->ofport_mask;
        if (!b->ofports[j].ofport)
            break;
        home = ofport_home(b, b->ofports[j].ofport);
        if (i <= j ? (home <= i || home > j) : (home <= i && home > j)) {
            b->ofports[i] = b->ofports[j];
            i = j;
        }
    }
    b->ofports[i].ofport = 0;
}

int
bridge_port_set_ofport(struct bridge *b, uint16_t port_no, uint16_t ofport)
{
    struct bridge_port *p = port_get(b, port_no);
    uint16_t other;

    if (!p)
        return port_no >= b->max_ports ? ERANGE : ENOENT;
    if (ofport > FLOW_OFPORT_MAX && ofport != FLOW_PORT_LOCAL)
        return EINVAL;
    if (ofport && bridge_port_by_ofport(b, ofport, &other) && other != port_no)
        return EEXIST;
    if (p->ofport)
        ofport_remove(b, p->ofport);
    p->ofport = ofport;
    if (ofport) {
        /* At most one ofport per port: the table, at least twice the
         * slots, never fills. */
        uint32_t i = ofport_find(b, ofport);
        b->ofports[i].ofport = ofport;
        b->ofports[i].port_no = port_no;
    }
    return 0;
}

uint16_t
bridge_port_ofport(const struct bridge *b, uint16_t port_no)
{
    const struct bridge_port *p = port_get(b, port_no);

    return p ? p->ofport : 0;
}

bool
bridge_port_by_ofport(const struct bridge *b, uint16_t ofport, uint16_t *port_no)
{
    uint32_t i;

    if (!ofport || (ofport > FLOW_OFPORT_MAX && ofport != FLOW_PORT_LOCAL))
        return false;
    i = ofport_find(b, ofport);
    if (!b->ofports[i].ofport)
        return false;
    *port_no = b->ofports[i].port_no;
    return true;
}

/* Flow table. */

int
bridge_flow_add(struct bridge *b, const struct flow *flow, int64_t now_ms)
{
    return table_add(&b->table, flow, now_ms);
}

static bool
entry_selected(const struct bridge_flow *bf, const struct flow_filter *filter)
{
    struct flow f;

    if (!filter)
        return true;
    /* Cheap tests first: most flows fail on the match. */
    if (filter->strict
        ? bf->cr.priority != filter->priority
          || !flow_match_equal(&filter->match, &bf->cr.match)
        : !flow_match_covers(&filter->match, &bf->cr.match))
        return false;
    flow_of_entry(bf, &f);
    return flow_filter_selects(filter, &f);
}

size_t
bridge_flow_delete(struct bridge *b, const struct flow_filter *filter)
{
    struct bridge_flow *bf, *next;
    size_t n = 0;

    for (bf = b->table.head; bf; bf = next) {
        next = bf->next;
        if (entry_selected(bf, filter)) {
            table_remove(&b->table, bf);
            n++;
        }
    }
    return n;
}

int
bridge_flow_modify(struct bridge *b, const struct flow_mod *fm, int64_t now_ms,
                   size_t *n_modified)
{
    size_t n = 0;

    for (struct bridge_flow *bf = b->table.head; bf; bf = bf->next) {
        if (entry_selected(bf, &fm->filter)) {
            /* In place: lookups and the cache keep pointing at the entry. */
            flow_set_actions(bf, &fm->flow);
            if (fm->set_cookie)
                bf->cookie = fm->flow.cookie;
            bf->stats.modified_ms = now_ms;
            n++;
        }
    }
    *n_modified = n;
    if (!n && !fm->filter.cookie_mask)
        return table_add(&b->table, &fm->flow, now_ms);
    return 0;
}

static void
info_of_entry(const struct bridge_flow *bf, struct bridge_flow_info *info)
{
    flow_of_entry(bf, &info->flow);
    info->stats = bf->stats;
    info->seq = bf->cr.seq;
}

static int
compare_order(uint16_t pa, uint64_t sa, uint16_t pb, uint64_t sb)
{
    if (pa != pb)
        return pa > pb ? -1 : 1;
    return sa < sb ? -1 : sa > sb;
}

static int
compare_info(const void *a_, const void *b_)
{
    const struct bridge_flow_info *a = a_, *b = b_;

    return compare_order(a->flow.priority, a->seq, b->flow.priority, b->seq);
}

static int
compare_entry(const void *a_, const void *b_)
{
    const struct bridge_flow *a = *(const struct bridge_flow *const *) a_;
    const struct bridge_flow *b = *(const struct bridge_flow *const *) b_;

    return compare_order(a->cr.priority, a->cr.seq, b->cr.priority, b->cr.seq);
}

size_t
bridge_flow_collect(const struct bridge *b, const struct flow_filter *filter,
                    struct bridge_flow_info *out, size_t max)
{
    const struct bridge_flow **tmp;
    const struct bridge_flow *bf;
    size_t n = 0, i = 0;

    for (bf = b->table.head; bf; bf = bf->next)
        n += entry_selected(bf, filter);
    if (!max)
        return n;
    if (n <= max) {
        for (bf = b->table.head; bf; bf = bf->next)
            if (entry_selected(bf, filter))
                info_of_entry(bf, &out[i++]);
        if (n > 1)
            qsort(out, n, sizeof *out, compare_info);
        return n;
    }
    tmp = malloc(n * sizeof *tmp);
    if (!tmp)
        return 0;
    for (bf = b->table.head; bf; bf = bf->next)
        if (entry_selected(bf, filter))
            tmp[i++] = bf;
    qsort(tmp, n, sizeof *tmp, compare_entry);
    for (i = 0; i < max; i++)
        info_of_entry(tmp[i], &out[i]);
    free(tmp);
    return n;
}

size_t
bridge_flow_count(const struct bridge *b)
{
    return classifier_count(b->table.cls);
}

/* The time 'bf' times out, BRIDGE_FLOW_NO_DEADLINE if never. */
static int64_t
flow_deadline(const struct bridge_flow *bf)
{
    int64_t deadline = BRIDGE_FLOW_NO_DEADLINE;

    if (bf->hard_timeout)
        deadline = bf->stats.modified_ms + 1000 * (int64_t) bf->hard_timeout;
    if (bf->idle_timeout) {
        int64_t idle = bf->stats.used_ms + 1000 * (int64_t) bf->idle_timeout;

        if (idle < deadline)
            deadline = idle;
    }
    return deadline;
}

int64_t
bridge_flow_expire(struct bridge *b, int64_t now_ms)
{
    int64_t next_deadline = BRIDGE_FLOW_NO_DEADLINE;
    struct bridge_flow *bf, *next;

    for (bf = b->table.expirable; bf; bf = next) {
        int64_t deadline = flow_deadline(bf);

        next = bf->exp_next;
        if (now_ms >= deadline)
            table_remove(&b->table, bf);
        else if (deadline < next_deadline)
            next_deadline = deadline;
    }
    return next_deadline;
}

void
bridge_flow_clear(struct bridge *b)
{
    table_clear(&b->table);
}

int
bridge_flow_replace(struct bridge *b, const struct flow *flows, size_t n, int64_t now_ms)
{
    struct flow_table t = { .cls = classifier_create(b->hash_seed) };

    if (!t.cls)
        return ENOMEM;
    for (size_t i = 0; i < n; i++) {
        if (table_add(&t, &flows[i], now_ms)) {
            table_clear(&t);
            classifier_destroy(t.cls);
            return ENOMEM;
        }
    }
    table_clear(&b->table);
    classifier_destroy(b->table.cls);
    b->table = t;
    return 0;
}

const struct cls_stats *
bridge_flow_lookup_stats(const struct bridge *b)
{
    return classifier_stats(b->table.cls);
}

/* Forwarding. */

static bool
outer_is_cvlan(const struct frame *f)
{
    return f->n_tags && f->tags[0].tpid == ETH_TYPE_VLAN;
}

/* Bytes 'tx' puts on the wire. */
static uint32_t
tx_len(const struct bridge_tx *tx)
{
    const struct frame *f = tx->frame;
    uint32_t tag = tx->tagged ? VLAN_HEADER_LEN : 0;

    if (tx->rw)
        return 2 * ETH_ADDR_LEN + tag + tx->rw->n_tags * VLAN_HEADER_LEN
               + f->len - tx->rw->rest_ofs;
    return f->len + tag - (outer_is_cvlan(f) ? VLAN_HEADER_LEN : 0);
}

/* Queues 'f' for 'port_no' with rewrite 'rw' (may be NULL), tagged with
 * 'tci' or untagged.  A full queue counts a tx-queue-full drop on 'in'
 * and returns false. */
static bool
tx_enqueue(struct bridge *b, struct bridge_port_stats *in, uint16_t port_no,
           const struct frame *f, const struct bridge_rewrite *rw, bool tagged, uint16_t tci)
{
    struct bridge_port *p = b->ports[port_no];
    struct bridge_tx *item;

    /* Sent, as far as the ingress port and the flows know; the kernel
     * would drop it, so it is counted here and never handed over. */
    if (p->no_carrier) {
        p->stats.tx_no_carrier++;
        return true;
    }
    if (p->n_tx == BRIDGE_BATCH_MAX) {
        in->drops[BRIDGE_DROP_TX_QUEUE_FULL]++;
        return false;
    }
    if (!p->n_tx)
        b->tx_ports[b->n_tx_ports++] = port_no;
    item = &p->txq[p->n_tx++];
    item->frame = f;
    item->rw = rw;
    item->tci = tci;
    item->tagged = tagged;

    p->stats.tx_frames++;
    p->stats.tx_bytes += tx_len(item);
    return true;
}

/* Counts a frame sent nowhere under 'reason' on its ingress port; a full
 * queue was already counted where it happened. */
static void
count_drop(struct bridge_port_stats *in, enum bridge_drop reason)
{
    if (reason != BRIDGE_DROP_TX_QUEUE_FULL)
        in->drops[reason]++;
}

static enum bridge_drop
drop_of_verdict(enum vlan_verdict v)
{
    switch (v) {
    case VLAN_DROP_TAGGED_ON_ACCESS: return BRIDGE_DROP_TAGGED_ON_ACCESS;
    case VLAN_DROP_NOT_ALLOWED:      return BRIDGE_DROP_VLAN_NOT_ALLOWED;
    case VLAN_DROP_UNTAGGED:
    case VLAN_ADMIT:                 break;
    }
    return BRIDGE_DROP_UNTAGGED;
}

/* NORMAL's flood: 'f' of VLAN 'vid' to every other enabled port carrying
 * the VLAN.  Returns the number of ports it was queued on; when none,
 * '*reason' says why. */
static unsigned
flood(struct bridge *b, uint16_t in_port, const struct frame *f,
      const struct bridge_rewrite *rw, uint16_t vid, uint16_t tci, enum bridge_drop *reason)
{
    struct bridge_port_stats *in_stats = &b->ports[in_port]->stats;
    unsigned n = 0;
    bool full = false;

    for (uint16_t i = 0; i < b->n_ports; i++) {
        uint16_t out = b->port_list[i];
        const struct bridge_port *p = b->ports[out];
        enum vlan_egress egress;

        if (out == in_port || !p->egress)
            continue;
        egress = vlan_port_egress(&p->vlan, vid);
        if (egress == VLAN_EGRESS_NONE)
            continue;
        if (tx_enqueue(b, in_stats, out, f, rw, egress == VLAN_EGRESS_TAGGED, tci))
            n++;
        else
            full = true;
    }
    if (!n)
        *reason = full ? BRIDGE_DROP_TX_QUEUE_FULL : BRIDGE_DROP_NO_PORT;
    return n;
}

/* The VLAN a frame was admitted into, from the ingress pass of a batch. */
struct ingress {
    uint16_t vid;
    uint16_t prio;                          /* PCP and DEI to keep */
};

/* The IEEE 802.1Q reserved group addresses 01:80:c2:00:00:00-0f (bridge.h,
 * NORMAL). */
static bool
eth_addr_is_reserved(const uint8_t mac[ETH_ADDR_LEN])
{
    return mac[0] == 0x01 && mac[1] == 0x80 && mac[2] == 0xc2 && !mac[3] && !mac[4]
           && !(mac[5] & 0xf0);
}

/* No station sends from a group address or from 00:00:00:00:00:00. */
static bool
eth_addr_is_bad_source(const uint8_t mac[ETH_ADDR_LEN])
{
    return eth_addr_is_multicast(mac)
           || !(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]);
}

/* NORMAL's learning and forwarding of a frame admitted into 'ing', whose
 * addresses are now 'dst' and 'src' and whose items carry 'rw'.  Returns
 * how many items it queued; when none, '*reason' says why. */
static unsigned
normal(struct bridge *b, uint16_t in_port, const struct frame *f,
       const struct bridge_rewrite *rw, const uint8_t *dst, const uint8_t *src,
       const struct ingress *ing, int64_t now_ms, enum bridge_drop *reason)
{
    struct bridge_port_stats *stats = &b->ports[in_port]->stats;
    uint16_t vid = ing->vid, tci = ing->prio | ing->vid, out_port;
    enum vlan_egress egress;

    /* Checked first, on the unicast path a single test of dst[0]: a
     * reserved frame is neither relayed nor learnt from.  Without a
     * spanning tree, BPDUs (01:80:c2:00:00:00) are flooded as data, as a
     * Linux bridge with stp_state 0 does (docs/design.md section 5.13). */
    if (eth_addr_is_multicast(dst) && eth_addr_is_reserved(dst) && (dst[5] || b->stp)) {
        *reason = BRIDGE_DROP_RESERVED_DST;
        return 0;
    }
    /* A flow's mod_dl_src may have made the source a bad one. */
    if (!eth_addr_is_bad_source(src)) {
        if (b->psec && !psec_admit(b->psec, in_port, vid, src, now_ms)) {
            *reason = BRIDGE_DROP_PORT_SECURITY;
            return 0;
        }
        mac_table_learn(b->macs, vid, src, in_port, now_ms);
    }

    if (eth_addr_is_multicast(dst) || !mac_table_lookup(b->macs, vid, dst, &out_port)) {
        return flood(b, in_port, f, rw, vid, tci, reason);
    }
    if (out_port == in_port) {
        *reason = BRIDGE_DROP_SAME_PORT;
        return 0;
    }
    if (!b->ports[out_port]->egress) {
        *reason = BRIDGE_DROP_DST_DISABLED;
        return 0;
    }
    egress = vlan_port_egress(&b->ports[out_port]->vlan, vid);
    if (egress == VLAN_EGRESS_NONE) {
        *reason = BRIDGE_DROP_DST_NOT_IN_VLAN;
        return 0;
    }
    if (!tx_enqueue(b, stats, out_port, f, rw, egress == VLAN_EGRESS_TAGGED, tci)) {
        *reason = BRIDGE_DROP_TX_QUEUE_FULL;
        return 0;
    }
    return 1;
}

/* Action execution.  The state is the frame as the actions so far left it:
 * addresses and the whole tag stack; the frame itself never changes. */
struct xlate {
    struct bridge *b;
    uint16_t in_port;
    const struct frame *f;
    int64_t now_ms;
    uint8_t dst[ETH_ADDR_LEN], src[ETH_ADDR_LEN];
    uint8_t n_tags;
    struct frame_tag tags[BRIDGE_MAX_TAGS];     /* outermost first */
    bool macs_changed;
    bool tags_changed;          /* tags under the outer 802.1Q one differ */
    uint32_t tun_id;            /* the frame's VNI, or what set_tunnel made it */
    bool tun_id_set;            /* a set_tunnel/set_field/load action ran */
    const struct bridge_rewrite *rw;    /* of the current state, once needed */
    unsigned n_sent;
    enum bridge_drop reason;    /* why the last output failed */
};

static bool
xlate_outer_is_cvlan(const struct xlate *x)
{
    return x->n_tags && x->tags[0].tpid == ETH_TYPE_VLAN;
}

/* Recomputes 'tags_changed' after the tag stack changed: the items of an
 * unchanged frame carry no rewrite. */
static void
xlate_tags_changed(struct xlate *x)
{
    const struct frame *f = x->f;
    unsigned skip_x = xlate_outer_is_cvlan(x), skip_f = outer_is_cvlan(f);
    unsigned n = x->n_tags - skip_x;

    x->rw = NULL;
    x->tags_changed = n != f->n_tags - skip_f
                      || memcmp(x->tags + skip_x, f->tags + skip_f, n * sizeof *x->tags);
}

static bool
xlate_push(struct xlate *x, uint16_t tpid, uint16_t tci)
{
    if (x->n_tags == BRIDGE_MAX_TAGS)
        return false;
    memmove(x->tags + 1, x->tags, x->n_tags * sizeof *x->tags);
    x->tags[0].tpid = tpid;
    x->tags[0].tci = tci;
    x->n_tags++;
    return true;
}

/* The rewrite items of the current state carry: NULL while nothing under
 * the outer tag changed.  Returns false if the pool is exhausted. */
static bool
xlate_rewrite(struct xlate *x, const struct bridge_rewrite **rwp)
{
    struct bridge_rewrite *rw;
    unsigned skip;

    if (!x->macs_changed && !x->tags_changed && !x->tun_id_set) {
        *rwp = NULL;
        return true;
    }
    if (!x->rw) {
        if (x->b->n_rw == REWRITE_POOL_SIZE)
            return false;
        rw = &x->b->rw_pool[x->b->n_rw++];
        skip = xlate_outer_is_cvlan(x);
        memcpy(rw->dst, x->dst, ETH_ADDR_LEN);
        memcpy(rw->src, x->src, ETH_ADDR_LEN);
        rw->n_tags = x->n_tags - skip;
        memcpy(rw->tags, x->tags + skip, rw->n_tags * sizeof *rw->tags);
        rw->rest_ofs = 2 * ETH_ADDR_LEN + x->f->n_tags * VLAN_HEADER_LEN;
        rw->tun_id = x->tun_id;
        rw->tun_id_set = x->tun_id_set;
        x->rw = rw;
    }
    *rwp = x->rw;
    return true;
}

/* Sends the state to 'port_no' with outer tag as the state has it. */
static void
xlate_output(struct xlate *x, uint16_t port_no)
{
    struct bridge_port_stats *in = &x->b->ports[x->in_port]->stats;
    const struct bridge_rewrite *rw;
    bool tagged = xlate_outer_is_cvlan(x);

    if (!xlate_rewrite(x, &rw)) {
        in->drops[BRIDGE_DROP_TX_QUEUE_FULL]++;
        x->reason = BRIDGE_DROP_TX_QUEUE_FULL;
        return;
    }
    if (tx_enqueue(x->b, in, port_no, x->f, rw, tagged, tagged ? x->tags[0].tci : 0))
        x->n_sent++;
    else
        x->reason = BRIDGE_DROP_TX_QUEUE_FULL;
}

static void
xlate_output_ofport(struct xlate *x, uint16_t ofport)
{
    uint16_t port_no;

    if (!bridge_port_by_ofport(x->b, ofport, &port_no))
        x->reason = BRIDGE_DROP_OUTPUT_NO_PORT;
    else if (port_no == x->in_port)
        x->reason = BRIDGE_DROP_SAME_PORT;  /* OVS: only IN_PORT sends back */
    else if (!x->b->ports[port_no]->egress)
        x->reason = BRIDGE_DROP_DST_DISABLED;
    else
        xlate_output(x, port_no);
}

static void
xlate_flood(struct xlate *x)
{
    unsigned before = x->n_sent;

    for (uint16_t i = 0; i < x->b->n_ports; i++) {
        uint16_t out = x->b->port_list[i];

        if (out != x->in_port && x->b->ports[out]->egress)
            xlate_output(x, out);
    }
    if (x->n_sent == before && x->reason != BRIDGE_DROP_TX_QUEUE_FULL)
        x->reason = BRIDGE_DROP_NO_PORT;
}

static void
xlate_normal(struct xlate *x)
{
    const struct bridge_port *in = x->b->ports[x->in_port];
    bool tagged = xlate_outer_is_cvlan(x);
    const struct bridge_rewrite *rw;
    enum vlan_verdict verdict;
    struct ingress ing;

    verdict = vlan_port_admit(&in->vlan, tagged, tagged ? x->tags[0].tci : 0,
                              &ing.vid, &ing.prio);
    if (verdict != VLAN_ADMIT) {
        x->reason = drop_of_verdict(verdict);
        return;
    }
    if (!xlate_rewrite(x, &rw)) {
        x->b->ports[x->in_port]->stats.drops[BRIDGE_DROP_TX_QUEUE_FULL]++;
        x->reason = BRIDGE_DROP_TX_QUEUE_FULL;
        return;
    }
    x->n_sent += normal(x->b, x->in_port, x->f, rw, x->dst, x->src, &ing, x->now_ms,
                        &x->reason);
}

/* Runs the actions of 'bf' on 'f'. */
static void
execute_actions(struct bridge *b, uint16_t in_port, const struct frame *f,
                const struct bridge_flow *bf, int64_t now_ms)
{
    struct xlate x;

    x.b = b;
    x.in_port = in_port;
    x.f = f;
    x.now_ms = now_ms;
    memcpy(x.dst, frame_dst(f), ETH_ADDR_LEN);
    memcpy(x.src, frame_src(f), ETH_ADDR_LEN);
    x.n_tags = f->n_tags;
    memcpy(x.tags, f->tags, f->n_tags * sizeof *f->tags);
    x.macs_changed = x.tags_changed = false;
    x.tun_id = f->tun.present ? f->tun.tun_id : 0;
    x.tun_id_set = false;
    x.rw = NULL;
    x.n_sent = 0;
    x.reason = BRIDGE_DROP_FLOW_DROP;

    for (unsigned i = 0; i < bf->n_actions; i++) {
        const struct flow_action *a = &bf->actions[i];

        switch ((enum flow_action_type) a->type) {
        case FLOW_ACT_OUTPUT:
            xlate_output_ofport(&x, a->port);
            break;
        case FLOW_ACT_NORMAL:
            xlate_normal(&x);
            break;
        case FLOW_ACT_FLOOD:
        case FLOW_ACT_ALL:
            xlate_flood(&x);
            break;
        case FLOW_ACT_IN_PORT:
            xlate_output(&x, in_port);
            break;
        case FLOW_ACT_MOD_VLAN_VID:
        case FLOW_ACT_MOD_VLAN_PCP: {
            /* Only the outer 802.1Q tag is modified, the tag OVS's dl_vlan
             * saw; a frame without one gets one (OpenFlow 1.0). */
            uint16_t keep = a->type == FLOW_ACT_MOD_VLAN_VID ? (uint16_t) ~VLAN_VID_MASK
                                                            : (uint16_t) ~VLAN_PCP_MASK;
            uint16_t set = a->type == FLOW_ACT_MOD_VLAN_VID ? a->vid
                                                            : a->pcp << VLAN_PCP_SHIFT;

            if (xlate_outer_is_cvlan(&x)) {
                x.tags[0].tci = (x.tags[0].tci & keep) | set;
            } else if (!xlate_push(&x, ETH_TYPE_VLAN, set)) {
                /* The new outer tag leaves the tags under it alone. */
                x.reason = BRIDGE_DROP_TOO_MANY_TAGS;
                goto done;
            }
            break;
        }
        case FLOW_ACT_STRIP_VLAN:
        case FLOW_ACT_POP_VLAN:
            if (x.n_tags) {
                memmove(x.tags, x.tags + 1, --x.n_tags * sizeof *x.tags);
                xlate_tags_changed(&x);
            }
            break;
        case FLOW_ACT_PUSH_VLAN:
            /* The new tag copies VID and PCP of the outer one (OVS). */
            if (!xlate_push(&x, a->tpid, x.n_tags ? x.tags[0].tci & ~VLAN_DEI_MASK : 0)) {
                x.reason = BRIDGE_DROP_TOO_MANY_TAGS;
                goto done;
            }
            xlate_tags_changed(&x);
            break;
        case FLOW_ACT_MOD_DL_SRC:
        case FLOW_ACT_MOD_DL_DST:
            memcpy(a->type == FLOW_ACT_MOD_DL_SRC ? x.src : x.dst, a->mac, ETH_ADDR_LEN);
            x.macs_changed = true;
            x.rw = NULL;
            break;
        case FLOW_ACT_SET_TUNNEL:
        case FLOW_ACT_SET_TUNNEL64:
        case FLOW_ACT_LOAD_TUN_ID: {
            /* Bits ofs.. of the ID (the whole of it for set_tunnel); only
             * outputs from here on carry it (docs/design.md section 5.14). */
            uint32_t bits = a->tun.n_bits >= 32
                            ? UINT32_MAX : ((UINT32_C(1) << a->tun.n_bits) - 1) << a->tun.ofs;

            x.tun_id = (x.tun_id & ~bits) | ((a->tun.id << a->tun.ofs) & bits);
            x.tun_id_set = true;
            x.rw = NULL;
            break;
        }
        }
    }
done:
    if (!x.n_sent)
        count_drop(&b->ports[in_port]->stats, x.reason);
}

/* What the first pass decided about one frame of a batch. */
struct pending {
    const struct bridge_flow *flow;         /* NULL: dropped already */
    bool fast;                              /* NORMAL-only flow, admitted */
    struct ingress ing;                     /* 'fast': its VLAN */
};

/* A learning port (bridge.h): NORMAL's learning of the source of 'f',
 * then nothing more.  The port's VLAN policy and port security decide as
 * they would for a forwarded frame. */
static void
stp_learn(struct bridge *b, uint16_t in_port, const struct bridge_port *in,
          const struct frame *f, int64_t now_ms)
{
    uint16_t tci = 0, vid, prio;
    bool tagged = frame_vlan_tci(f, &tci);

    if (vlan_port_admit(&in->vlan, tagged, tci, &vid, &prio) != VLAN_ADMIT)
        return;
    if (b->psec && !psec_admit(b->psec, in_port, vid, frame_src(f), now_ms))
        return;
    mac_table_learn(b->macs, vid, frame_src(f), in_port, now_ms);
}

/* Parsing and ingress checks of one frame; counts it and any drop on 'in'. */
static bool
receive(struct bridge *b, uint16_t in_port, struct bridge_port *in, struct frame *f,
        int64_t now_ms)
{
    struct bridge_port_stats *stats = &in->stats;
    enum frame_error parse_error;

    stats->rx_frames++;
    stats->rx_bytes += f->len;
    if (!in->enabled) {
        stats->drops[BRIDGE_DROP_PORT_DISABLED]++;
        return false;
    }
    parse_error = frame_parse(f);
    if (parse_error != FRAME_OK) {
        stats->drops[parse_error == FRAME_ERR_RUNT ? BRIDGE_DROP_RUNT
                                                   : BRIDGE_DROP_TRUNCATED_TAG]++;
        return false;
    }
    /* Unicast, most of the traffic, costs this one test of the group bit. */
    if (eth_addr_is_multicast(frame_dst(f))) {
        if (eth_addr_is_broadcast(frame_dst(f)))
            stats->rx_broadcast++;
        else
            stats->rx_multicast++;
    }
    if (eth_addr_is_bad_source(frame_src(f))) {
        stats->drops[BRIDGE_DROP_BAD_SRC_MAC]++;
        return false;
    }
    /* A port the spanning tree keeps from forwarding: one test per frame
     * (docs/design.md section 5.13); what it receives never reaches the
     * flow table. */
    if (in->stp_state != BRIDGE_STP_FORWARDING) {
        if (in->stp_state == BRIDGE_STP_LEARNING)
            stp_learn(b, in_port, in, f, now_ms);
        stats->drops[BRIDGE_DROP_STP_DISCARDING]++;
        return false;
    }
    /* Storm control sees every frame the port would switch, before flows
     * (docs/design.md section 5.10); a port without levels pays one test. */
    if (in->storm.active
        && !storm_control_admit(&in->storm, storm_class_of(frame_dst(f)), now_ms)) {
        stats->drops[BRIDGE_DROP_STORM_CONTROL]++;
        return false;
    }
    return true;
}

/* How one bridge_input() call looks frames up.  The frame's key is
 * extracted only as far as flows look at it: no IPv4 parsing for L2 flows,
 * and with only catch-all flows (the default table) no key at all: then one
 * lookup answers for every frame of the call, since flows do not change
 * within it. */
struct lookup_plan {
    bool any;                               /* some flow matches some field */
    bool l3;                                /* ... an IPv4 or transport one */
    const struct cls_rule *catchall;        /* !any: the answer for all frames */
};

static struct lookup_plan
lookup_plan(struct classifier *cls)
{
    const struct flow_key *u = classifier_fields_used(cls);
    struct lookup_plan plan;

    plan.any = false;
    for (int i = 0; i < FLOW_KEY_WORDS; i++)
        plan.any |= u->w[i] != 0;
    plan.l3 = u->nw_proto || u->nw_src || u->nw_dst || u->tp_src || u->tp_dst;
    plan.catchall = NULL;
    if (!plan.any) {
        static const struct flow_key zero;

        plan.catchall = classifier_lookup(cls, &zero);
    }
    return plan;
}

/* Flow lookup of a frame whose key is 'key' (unused without 'plan->any')
 * and the ingress half of a NORMAL-only flow. */
static void
classify(struct bridge *b, struct bridge_port *in, struct frame *f,
         const struct flow_key *key, const struct lookup_plan *plan, int64_t now_ms,
         struct pending *pd)
{
    const struct cls_rule *rule = plan->any ? classifier_lookup(b->table.cls, key)
                                            : plan->catchall;
    struct bridge_flow *bf;
    enum vlan_verdict verdict;
    uint16_t tci = 0;
    bool tagged;

    pd->flow = NULL;
    if (!rule) {
        in->stats.drops[BRIDGE_DROP_TABLE_MISS]++;
        return;
    }
    bf = flow_of_rule(rule);
    bf->stats.n_packets++;
    bf->stats.n_bytes += f->len;
    bf->stats.used_ms = now_ms;
    pd->flow = bf;
    pd->fast = bf->normal_only;
    if (!pd->fast) {
        /* A hint only: NORMAL will learn and look up in this VLAN if the
         * port admits it. */
        if (bf->normal_vid) {
            mac_table_prefetch(b->macs, bf->normal_vid, frame_src(f));
            mac_table_prefetch(b->macs, bf->normal_vid, frame_dst(f));
        }
        return;
    }

    tagged = frame_vlan_tci(f, &tci);
    verdict = vlan_port_admit(&in->vlan, tagged, tci, &pd->ing.vid, &pd->ing.prio);
    if (verdict != VLAN_ADMIT) {
        in->stats.drops[drop_of_verdict(verdict)]++;
        pd->flow = NULL;
        return;
    }
    mac_table_prefetch(b->macs, pd->ing.vid, frame_src(f));
    mac_table_prefetch(b->macs, pd->ing.vid, frame_dst(f));
}

void
bridge_input(struct bridge *b, uint16_t in_port, struct frame *const frames[],
             unsigned n, int64_t now_ms)
{
    struct bridge_port *in = port_get(b, in_port);
    struct pending pending[BRIDGE_BATCH_MAX];
    struct flow_key keys[BRIDGE_BATCH_MAX];
    bool received[BRIDGE_BATCH_MAX];
    struct lookup_plan plan;
    uint16_t ofport;

    if (!in) {
        b->unknown_port_drops += n;
        return;
    }
    plan = lookup_plan(b->table.cls);
    ofport = in->ofport ? in->ofport : FLOW_PORT_NONE;
    /* Per chunk: parse every frame and extract its key; look them up and
     * (for NORMAL-only flows) admit each and prefetch its MAC table slots;
     * then run the actions in order.  The early passes read nothing the last
     * writes (flows do not change within a call; admission does not read
     * the MAC table), so the result is the same as one frame at a time.
     * Keys are written a pass before they are read so the lookup's wide
     * loads do not wait on the extraction's narrow stores. */
    for (unsigned base = 0; base < n; base += BRIDGE_BATCH_MAX) {
        unsigned chunk = n - base < BRIDGE_BATCH_MAX ? n - base : BRIDGE_BATCH_MAX;

        for (unsigned i = 0; i < chunk; i++) {
            struct frame *f = frames[base + i];

            received[i] = receive(b, in_port, in, f, now_ms);
            if (received[i] && plan.any)
                flow_key_extract(f, ofport, plan.l3, &keys[i]);
        }
        for (unsigned i = 0; i < chunk; i++) {
            pending[i].flow = NULL;
            if (received[i])
                classify(b, in, frames[base + i], &keys[i], &plan, now_ms, &pending[i]);
        }
        for (unsigned i = 0; i < chunk; i++) {
            const struct frame *f = frames[base + i];
            const struct pending *pd = &pending[i];
            enum bridge_drop reason;

            if (!pd->flow)
                continue;
            if (!pd->fast) {
                execute_actions(b, in_port, f, pd->flow, now_ms);
            } else if (!normal(b, in_port, f, NULL, frame_dst(f), frame_src(f), &pd->ing,
                               now_ms, &reason)) {
                count_drop(&in->stats, reason);
            }
        }
    }
}

void
bridge_tx_flush(struct bridge *b, bridge_tx_cb *cb, void *arg)
{
    for (uint16_t i = 0; i < b->n_tx_ports; i++) {
        struct bridge_port *p = b->ports[b->tx_ports[i]];

        cb(b->tx_ports[i], p->txq, p->n_tx, arg);
        p->n_tx = 0;
    }
    b->n_tx_ports = 0;
    b->n_rw = 0;
}

static inline void
put_tag(uint8_t *p, uint16_t tpid, uint16_t tci)
{
    p[0] = tpid >> 8;
    p[1] = tpid & 0xff;
    p[2] = tci >> 8;
    p[3] = tci & 0xff;
}

uint32_t
bridge_tx_header(const struct bridge_tx *tx, uint8_t hdr[BRIDGE_TX_HEADER_MAX],
                 uint32_t *rest_ofs)
{
    const struct bridge_rewrite *rw = tx->rw;
    uint32_t n = 2 * ETH_ADDR_LEN;

    if (!rw)
        return frame_egress_header(tx->frame, tx->tagged, tx->tci, hdr, rest_ofs);

    memcpy(hdr, rw->dst, ETH_ADDR_LEN);
    memcpy(hdr + ETH_ADDR_LEN, rw->src, ETH_ADDR_LEN);
    if (tx->tagged) {
        put_tag(hdr + n, ETH_TYPE_VLAN, tx->tci);
        n += VLAN_HEADER_LEN;
    }
    for (unsigned i = 0; i < rw->n_tags; i++, n += VLAN_HEADER_LEN)
        put_tag(hdr + n, rw->tags[i].tpid, rw->tags[i].tci);
    *rest_ofs = rw->rest_ofs;
    return n;
}

const char *
bridge_drop_name(enum bridge_drop d)
{
    switch (d) {
    case BRIDGE_DROP_RUNT:             return "runt";
    case BRIDGE_DROP_TRUNCATED_TAG:    return "truncated-tag";
    case BRIDGE_DROP_PORT_DISABLED:    return "port-disabled";
    case BRIDGE_DROP_TAGGED_ON_ACCESS: return "tagged-on-access";
    case BRIDGE_DROP_VLAN_NOT_ALLOWED: return "vlan-not-allowed";
    case BRIDGE_DROP_UNTAGGED:         return "untagged-not-allowed";
    case BRIDGE_DROP_SAME_PORT:        return "same-port";
    case BRIDGE_DROP_DST_DISABLED:     return "dst-port-disabled";
    case BRIDGE_DROP_DST_NOT_IN_VLAN:  return "dst-not-in-vlan";
    case BRIDGE_DROP_NO_PORT:          return "no-egress-port";
    case BRIDGE_DROP_TX_QUEUE_FULL:    return "tx-queue-full";
    case BRIDGE_DROP_PORT_SECURITY:    return "port-security";
    case BRIDGE_DROP_UNKNOWN_PORT:     return "unknown-port";
    case BRIDGE_DROP_TABLE_MISS:       return "table-miss";
    case BRIDGE_DROP_FLOW_DROP:        return "flow-drop";
    case BRIDGE_DROP_OUTPUT_NO_PORT:   return "output-no-port";
    case BRIDGE_DROP_TOO_MANY_TAGS:    return "too-many-tags";
    case BRIDGE_DROP_BAD_SRC_MAC:      return "bad-src-mac";
    case BRIDGE_DROP_RESERVED_DST:     return "reserved-dst-mac";
    case BRIDGE_DROP_STORM_CONTROL:    return "storm-control";
    case BRIDGE_DROP_STP_DISCARDING:   return "stp-discarding";
    case BRIDGE_N_DROPS:               break;
    }
    return "unknown";
}
