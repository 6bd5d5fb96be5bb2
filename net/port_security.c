/* Port security: the secure addresses of a bridge's ports
 * (net/port_security.h, docs/design.md section 5.11). */
#include "port_security.h"
#include "linear_probe.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define PSEC_MIN_SLOTS 16

struct psec_slot {
    uint64_t key;                   /* vid << 48 | mac; 0 = empty (vid 0 is
                                       never admitted: NORMAL gives 1-4094) */
    uint16_t port;
    uint8_t type;                   /* enum psec_addr_type */
    int64_t learned_ms, seen_ms;    /* dynamic: for aging */
};

struct psec_port {
    struct psec_port_config cfg;    /* 'addrs' NULL */
    uint32_t n_addrs;               /* secure addresses it holds */
    uint32_t reserved;              /* slots counted for it in 'n_reserved' */
    uint64_t violations, drops;
    bool seen;
    uint16_t last_vid;
    uint8_t last_mac[ETH_ADDR_LEN];
    struct psec_events ev;          /* since the last poll */
};

struct psec_table {
    struct psec_port **ports;       /* by port number, NULL: not secure */
    uint16_t max_ports;
    uint64_t seed;
    struct psec_slot *slots;
    uint32_t mask;                  /* slots - 1 */
    uint32_t n_reserved;            /* addresses the secure ports may hold */
};

static uint64_t
key_of(uint16_t vid, const uint8_t mac[ETH_ADDR_LEN])
{
    uint64_t k = (uint64_t) vid << 48;

    for (int i = 0; i < ETH_ADDR_LEN; i++)
        k |= (uint64_t) mac[i] << (8 * (ETH_ADDR_LEN - 1 - i));
    return k;
}

static void
mac_of_key(uint64_t key, uint16_t *vid, uint8_t mac[ETH_ADDR_LEN])
{
    *vid = key >> 48;
    for (int i = 0; i < ETH_ADDR_LEN; i++)
        mac[i] = key >> (8 * (ETH_ADDR_LEN - 1 - i));
}

static uint32_t
home_of(const struct psec_table *t, uint64_t key)
{
    uint64_t h = (key ^ t->seed) * UINT64_C(0x9e3779b97f4a7c15);

    return (uint32_t) (h >> 32) & t->mask;
}

/* The slot of 'key', or the empty one where it would go. */
static uint32_t
find(const struct psec_table *t, uint64_t key)
{
    uint32_t i = home_of(t, key);

    while (t->slots[i].key && t->slots[i].key != key)
        i = (i + 1) & t->mask;
    return i;
}

static inline bool
slot_is_empty(const void *slot)
{
    return !((const struct psec_slot *) slot)->key;
}

static inline uint32_t
slot_home(const void *t, const void *slot)
{
    return home_of(t, ((const struct psec_slot *) slot)->key);
}

/* Empties slot 'i' (net/linear_probe.h: no tombstones). */
static void
slot_remove(struct psec_table *t, uint32_t i)
{
    i = linear_probe_delete(t->slots, sizeof *t->slots, t->mask, i, t,
                            slot_is_empty, slot_home);
    t->slots[i].key = 0;
}

struct psec_table *
psec_table_create(uint16_t max_ports, uint64_t seed)
{
    struct psec_table *t;

    if (!max_ports || !(t = calloc(1, sizeof *t)))
        return NULL;
    t->ports = calloc(max_ports, sizeof *t->ports);
    t->slots = calloc(PSEC_MIN_SLOTS, sizeof *t->slots);
    if (!t->ports || !t->slots) {
        psec_table_destroy(t);
        return NULL;
    }
    t->max_ports = max_ports;
    t->seed = seed;
    t->mask = PSEC_MIN_SLOTS - 1;
    return t;
}

void
psec_table_destroy(struct psec_table *t)
{
    if (!t)
        return;
    if (t->ports)
        for (uint32_t i = 0; i < t->max_ports; i++)
            free(t->ports[i]);
    free(t->ports);
    free(t->slots);
    free(t);
}

/* Grows the slots to hold 'n' addresses at most half full.  ENOMEM leaves
 * the table as it was. */
static int
table_fit(struct psec_table *t, uint32_t n)
{
    uint32_t size = PSEC_MIN_SLOTS, old_size = t->mask + 1;
    struct psec_slot *old = t->slots, *slots;

    while (size < 2 * (uint64_t) n)
        size *= 2;
    if (size <= old_size)
        return 0;
    if (!(slots = calloc(size, sizeof *slots)))
        return ENOMEM;
    t->slots = slots;
    t->mask = size - 1;
    for (uint32_t i = 0; i < old_size; i++)
        if (old[i].key)
            t->slots[find(t, old[i].key)] = old[i];
    free(old);
    return 0;
}

static void
remove_at(struct psec_table *t, uint32_t i)
{
    struct psec_port *ps = t->ports[t->slots[i].port];

    if (ps)
        ps->n_addrs--;
    slot_remove(t, i);
}

uint32_t
psec_flush(struct psec_table *t, uint32_t port, unsigned types, uint16_t vid,
           const uint8_t *mac)
{
    uint32_t n = 0;

    if (mac) {
        uint32_t i = find(t, key_of(vid, mac));

        if (t->slots[i].key && (port == PSEC_ALL_PORTS || t->slots[i].port == port)
            && types & (1u << t->slots[i].type)) {
            remove_at(t, i);
            n++;
        }
        return n;
    }
    /* A back shift may move a later slot into 'i', or wrap one from the
     * start of the array past the end of the walk: walk again until a
     * pass removes nothing. */
    for (bool again = true; again; ) {
        again = false;
        for (uint32_t i = 0; i <= t->mask; i++) {
            while (t->slots[i].key && (port == PSEC_ALL_PORTS || t->slots[i].port == port)
                   && types & (1u << t->slots[i].type)) {
                remove_at(t, i);
                n++;
                again = true;
            }
        }
    }
    return n;
}

static bool
listed(const struct psec_port_config *cfg, uint64_t key)
{
    for (size_t i = 0; i < cfg->n_addrs; i++)
        if (key_of(cfg->addrs[i].vid, cfg->addrs[i].mac) == key)
            return true;
    return false;
}

int
psec_port_set(struct psec_table *t, uint16_t port, const struct psec_port_config *cfg)
{
    struct psec_port *ps;
    uint32_t reserved = cfg->maximum, need;
    bool fresh = false;

    if (port >= t->max_ports || !cfg->maximum || cfg->maximum > PSEC_MAXIMUM_MAX
        || cfg->n_addrs > cfg->maximum || cfg->aging_min > PSEC_AGING_MAX_MIN)
        return EINVAL;
    for (size_t i = 0; i < cfg->n_addrs; i++)
        if (eth_addr_is_multicast(cfg->addrs[i].mac) || !cfg->addrs[i].vid
            || cfg->addrs[i].vid > 4095)
            return EINVAL;
    ps = t->ports[port];
    if (!ps) {
        if (!(ps = calloc(1, sizeof *ps)))
            return ENOMEM;
        fresh = true;
    }
    need = t->n_reserved - ps->reserved + reserved;
    if (table_fit(t, need)) {
        if (fresh)
            free(ps);
        return ENOMEM;
    }
    t->ports[port] = ps;
    t->n_reserved = need;
    ps->reserved = reserved;
    ps->cfg = *cfg;
    ps->cfg.addrs = NULL;
    ps->cfg.n_addrs = 0;

    /* Configured and sticky addresses no longer listed. */
    for (bool again = true; again; ) {
        again = false;
        for (uint32_t i = 0; i <= t->mask; i++) {
            struct psec_slot *s = &t->slots[i];

            while (s->key && s->port == port && s->type != PSEC_DYNAMIC && !listed(cfg, s->key)) {
                if (s->type == PSEC_STICKY && !cfg->sticky) {
                    s->type = PSEC_DYNAMIC;
                    break;
                }
                remove_at(t, i);
                again = true;
            }
        }
    }
    /* The listed ones, moved here from wherever they were. */
    for (size_t i = 0; i < cfg->n_addrs; i++) {
        uint64_t key = key_of(cfg->addrs[i].vid, cfg->addrs[i].mac);
        uint32_t j = find(t, key);
        struct psec_slot *s;

        if (t->slots[j].key && t->slots[j].port != port) {
            remove_at(t, j);
            j = find(t, key);
        }
        s = &t->slots[j];
        if (!s->key) {
            s->key = key;
            s->port = port;
            ps->n_addrs++;
        }
        s->type = cfg->addrs[i].sticky ? PSEC_STICKY : PSEC_CONFIGURED;
    }
    if (ps->n_addrs > cfg->maximum)
        psec_flush(t, port, 1u << PSEC_DYNAMIC, 0, NULL);
    /* Sticky learning turned on makes the dynamic addresses sticky. */
    if (cfg->sticky) {
        for (uint32_t i = 0; i <= t->mask; i++) {
            struct psec_slot *s = &t->slots[i];

            if (s->key && s->port == port && s->type == PSEC_DYNAMIC) {
                s->type = PSEC_STICKY;
                ps->ev.new_sticky = true;
            }
        }
    }
    return 0;
}

void
psec_port_clear(struct psec_table *t, uint16_t port)
{
    struct psec_port *ps;

    if (port >= t->max_ports || !(ps = t->ports[port]))
        return;
    psec_flush(t, port, ~0u, 0, NULL);
    t->n_reserved -= ps->reserved;
    t->ports[port] = NULL;
    free(ps);
}

bool
psec_port_is_secure(const struct psec_table *t, uint16_t port)
{
    return port < t->max_ports && t->ports[port];
}

static void
violation(struct psec_port *ps, uint16_t vid, const uint8_t mac[ETH_ADDR_LEN])
{
    ps->drops++;
    /* IOS: protect drops silently and does not count a violation. */
    if (ps->cfg.violation == PSEC_PROTECT)
        return;
    ps->violations++;
    ps->ev.violated = true;
    ps->ev.n_violations++;
    ps->ev.vid = vid;
    memcpy(ps->ev.mac, mac, ETH_ADDR_LEN);
}

bool
psec_admit(struct psec_table *t, uint16_t port, uint16_t vid,
           const uint8_t mac[ETH_ADDR_LEN], int64_t now_ms)
{
    struct psec_port *ps = port < t->max_ports ? t->ports[port] : NULL;
    uint64_t key;
    uint32_t i;

    if (!ps)
        return true;
    ps->seen = true;
    ps->last_vid = vid;
    memcpy(ps->last_mac, mac, ETH_ADDR_LEN);
    key = key_of(vid, mac);
    i = find(t, key);
    if (t->slots[i].key) {
        if (t->slots[i].port != port) {
            violation(ps, vid, mac);
            return false;
        }
        t->slots[i].seen_ms = now_ms;
        return true;
    }
    /* Room is reserved for every port's maximum, so the table has an
     * empty slot whenever the port is below it. */
    if (ps->n_addrs >= ps->cfg.maximum) {
        violation(ps, vid, mac);
        return false;
    }
    t->slots[i].key = key;
    t->slots[i].port = port;
    t->slots[i].type = ps->cfg.sticky ? PSEC_STICKY : PSEC_DYNAMIC;
    t->slots[i].learned_ms = t->slots[i].seen_ms = now_ms;
    ps->n_addrs++;
    if (ps->cfg.sticky)
        ps->ev.new_sticky = true;
    return true;
}

bool
psec_port_poll(struct psec_table *t, uint16_t port, struct psec_events *ev)
{
    struct psec_port *ps = port < t->max_ports ? t->ports[port] : NULL;

    memset(ev, 0, sizeof *ev);
    if (!ps || (!ps->ev.violated && !ps->ev.new_sticky))
        return false;
    *ev = ps->ev;
    memset(&ps->ev, 0, sizeof ps->ev);
    return true;
}

/* When dynamic address 's' ages out, or INT64_MAX if never. */
static int64_t
deadline(const struct psec_table *t, const struct psec_slot *s)
{
    const struct psec_port *ps = t->ports[s->port];

    if (s->type != PSEC_DYNAMIC || !ps || !ps->cfg.aging_min)
        return INT64_MAX;
    return (ps->cfg.aging_inactivity ? s->seen_ms : s->learned_ms)
           + 60000 * (int64_t) ps->cfg.aging_min;
}

uint32_t
psec_expire(struct psec_table *t, int64_t now_ms)
{
    uint32_t n = 0;

    for (bool again = true; again; ) {
        again = false;
        for (uint32_t i = 0; i <= t->mask; i++) {
            while (t->slots[i].key && now_ms >= deadline(t, &t->slots[i])) {
                remove_at(t, i);
                n++;
                again = true;
            }
        }
    }
    return n;
}

bool
psec_port_info(const struct psec_table *t, uint16_t port, int64_t now_ms,
               struct psec_port_info *info)
{
    const struct psec_port *ps = port < t->max_ports ? t->ports[port] : NULL;

    (void) now_ms;
    memset(info, 0, sizeof *info);
    if (!ps)
        return false;
    info->secure = true;
    info->config = ps->cfg;
    info->violations = ps->violations;
    info->drops = ps->drops;
    info->seen = ps->seen;
    info->last_vid = ps->last_vid;
    memcpy(info->last_mac, ps->last_mac, ETH_ADDR_LEN);
    for (uint32_t i = 0; i <= t->mask; i++) {
        const struct psec_slot *s = &t->slots[i];

        if (!s->key || s->port != port)
            continue;
        info->n_total++;
        if (s->type == PSEC_CONFIGURED)
            info->n_configured++;
        else if (s->type == PSEC_STICKY)
            info->n_sticky++;
        else
            info->n_dynamic++;
    }
    return true;
}

static int
compare_entry(const void *a_, const void *b_)
{
    const struct psec_entry_info *a = a_, *b = b_;

    if (a->vid != b->vid)
        return a->vid < b->vid ? -1 : 1;
    if (memcmp(a->mac, b->mac, ETH_ADDR_LEN))
        return memcmp(a->mac, b->mac, ETH_ADDR_LEN);
    return (a->port > b->port) - (a->port < b->port);
}

size_t
psec_collect(const struct psec_table *t, uint32_t port, unsigned types, int64_t now_ms,
             struct psec_entry_info *out, size_t max)
{
    size_t n = 0;

    for (uint32_t i = 0; i <= t->mask; i++) {
        const struct psec_slot *s = &t->slots[i];
        struct psec_entry_info *e;
        int64_t due;

        if (!s->key || (port != PSEC_ALL_PORTS && s->port != port)
            || !(types & (1u << s->type)))
            continue;
        if (n < max) {
            e = &out[n];
            e->port = s->port;
            e->type = (enum psec_addr_type) s->type;
            mac_of_key(s->key, &e->vid, e->mac);
            due = deadline(t, s);
            e->remaining_ms = due == INT64_MAX ? -1 : due > now_ms ? due - now_ms : 0;
        }
        n++;
    }
    if (n && max)
        qsort(out, n < max ? n : max, sizeof *out, compare_entry);
    return n;
}

const char *
psec_violation_name(enum psec_violation v)
{
    switch (v) {
    case PSEC_SHUTDOWN: return "shutdown";
    case PSEC_RESTRICT: return "restrict";
    case PSEC_PROTECT:  return "protect";
    }
    return "?";
}
