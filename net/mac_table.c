#include "mac_table.h"
#include "linear_probe.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define NIL UINT32_MAX

enum { LIST_AGE, LIST_PORT, N_LISTS };

struct mac_link {
    uint32_t prev, next;
};

struct mac_list {
    uint32_t head, tail;                /* oldest, newest; NIL when empty */
};

struct mac_entry {
    uint64_t key;                       /* vid << 48 | mac */
    int64_t last_seen_ms;
    struct mac_link links[N_LISTS];     /* dynamic entries only */
    uint16_t port;
    bool in_use;
    bool is_static;
};

/* The port is copied into the slot so a destination lookup, the hottest
 * call, reads one 16-byte slot and never the entry itself. */
struct mac_slot {
    uint64_t key;
    uint32_t entry;                     /* index into 'entries', NIL if empty */
    uint16_t port;                      /* == entries[entry].port */
};

struct mac_port {
    struct mac_list lru;                /* dynamic entries, oldest first */
    uint32_t n_dynamic;
};

struct mac_table {
    struct mac_entry *entries;          /* pool of 'capacity' */
    uint32_t capacity;                  /* entries allocated, <= max_entries */
    uint32_t max_entries;
    uint32_t n_entries;                 /* in use, static included */
    uint32_t free_head;                 /* free entries chained by links[0].next */

    struct mac_slot *slots;             /* open addressing, <= half full */
    uint32_t slot_mask;                 /* number of slots - 1 */

    struct mac_port *ports;             /* 'max_ports' of them */
    uint16_t max_ports;
    /* The busiest port, for eviction: a tournament tree over the ports
     * ('n_leaves', a power of two, >= max_ports); node i > 0 holds the
     * port with the most dynamic entries under it (ties: the lower port),
     * leaf n_leaves + p is port p (padding leaves hold 'max_ports'), so
     * node 1 is the winner.  A count change costs log2(n_leaves) steps,
     * not a scan of every port per evicted entry. */
    uint32_t *busiest;                  /* 2 * n_leaves */
    uint32_t n_leaves;

    struct mac_list age;                /* every dynamic entry, oldest first */
    uint32_t aging_s;                   /* 0 = never age */
    uint64_t seed;
};

static inline uint64_t
make_key(uint16_t vid, const uint8_t mac[ETH_ADDR_LEN])
{
    return (uint64_t) vid << 48
           | (uint64_t) mac[0] << 40 | (uint64_t) mac[1] << 32
           | (uint64_t) mac[2] << 24 | (uint64_t) mac[3] << 16
           | (uint64_t) mac[4] << 8 | mac[5];
}

static inline uint32_t
key_home(const struct mac_table *t, uint64_t key)
{
    return (uint32_t) linear_probe_mix64(key ^ t->seed) & t->slot_mask;
}

/* Returns the slot holding 'key', or the empty slot where it would go. */
static inline uint32_t
find_slot(const struct mac_table *t, uint64_t key)
{
    uint32_t i = key_home(t, key);

    while (t->slots[i].entry != NIL && t->slots[i].key != key)
        i = (i + 1) & t->slot_mask;
    return i;
}

static inline bool
slot_is_empty(const void *slot)
{
    return ((const struct mac_slot *) slot)->entry == NIL;
}

static inline uint32_t
slot_home(const void *t, const void *slot)
{
    return key_home(t, ((const struct mac_slot *) slot)->key);
}

/* Empties slot 'i' (net/linear_probe.h: no tombstones). */
static void
slot_delete(struct mac_table *t, uint32_t i)
{
    i = linear_probe_delete(t->slots, sizeof *t->slots, t->slot_mask, i, t, slot_is_empty,
                            slot_home);
    t->slots[i].entry = NIL;
}

/* Doubly linked lists threaded through the pool by index. */

static void
list_unlink(struct mac_table *t, struct mac_list *l, uint32_t idx, int which)
{
    struct mac_link *link = &t->entries[idx].links[which];

    if (link->prev != NIL)
        t->entries[link->prev].links[which].next = link->next;
    else
        l->head = link->next;
    if (link->next != NIL)
        t->entries[link->next].links[which].prev = link->prev;
    else
        l->tail = link->prev;
}

static void
list_append(struct mac_table *t, struct mac_list *l, uint32_t idx, int which)
{
    struct mac_link *link = &t->entries[idx].links[which];

    link->prev = l->tail;
    link->next = NIL;
    if (l->tail != NIL)
        t->entries[l->tail].links[which].next = idx;
    else
        l->head = idx;
    l->tail = idx;
}

static void
list_init(struct mac_list *l)
{
    l->head = l->tail = NIL;
}

static uint32_t
busier(const struct mac_table *t, uint32_t a, uint32_t b)
{
    uint32_t na = a < t->max_ports ? t->ports[a].n_dynamic : 0;
    uint32_t nb = b < t->max_ports ? t->ports[b].n_dynamic : 0;

    return nb > na ? b : a;             /* 'a' is the lower port */
}

/* Port 'port' has a new count: replay its matches up to the root. */
static void
busiest_update(struct mac_table *t, uint16_t port)
{
    for (uint32_t i = (t->n_leaves + port) / 2; i; i /= 2)
        t->busiest[i] = busier(t, t->busiest[2 * i], t->busiest[2 * i + 1]);
}

static void
busiest_reset(struct mac_table *t)
{
    for (uint32_t i = 0; i < t->n_leaves; i++)
        t->busiest[t->n_leaves + i] = i < t->max_ports ? i : t->max_ports;
    for (uint32_t i = t->n_leaves - 1; i; i--)
        t->busiest[i] = busier(t, t->busiest[2 * i], t->busiest[2 * i + 1]);
}

static void
dynamic_link(struct mac_table *t, uint32_t idx)
{
    uint16_t port = t->entries[idx].port;
    struct mac_port *p = &t->ports[port];

    list_append(t, &t->age, idx, LIST_AGE);
    list_append(t, &p->lru, idx, LIST_PORT);
    p->n_dynamic++;
    busiest_update(t, port);
}

static void
dynamic_unlink(struct mac_table *t, uint32_t idx)
{
    uint16_t port = t->entries[idx].port;
    struct mac_port *p = &t->ports[port];

    list_unlink(t, &t->age, idx, LIST_AGE);
    list_unlink(t, &p->lru, idx, LIST_PORT);
    p->n_dynamic--;
    busiest_update(t, port);
}

static void
entry_remove(struct mac_table *t, uint32_t idx)
{
    struct mac_entry *e = &t->entries[idx];

    slot_delete(t, find_slot(t, e->key));
    if (!e->is_static)
        dynamic_unlink(t, idx);
    e->in_use = false;
    e->links[0].next = t->free_head;
    t->free_head = idx;
    t->n_entries--;
}

/* Makes room by evicting the oldest dynamic entry of the port holding the
 * most dynamic entries (ties: the lowest port number).  Returns false if
 * there is no dynamic entry. */
static bool
evict_one(struct mac_table *t)
{
    uint32_t victim_port = t->busiest[1];

    if (victim_port >= t->max_ports || !t->ports[victim_port].n_dynamic)
        return false;
    entry_remove(t, t->ports[victim_port].lru.head);
    return true;
}

/* Takes a free entry and indexes it under 'key' in slot 'slot', which must
 * be the empty slot find_slot() returned for 'key'. */
static uint32_t
entry_insert(struct mac_table *t, uint32_t slot, uint64_t key, uint16_t port)
{
    uint32_t idx = t->free_head;
    struct mac_entry *e = &t->entries[idx];

    t->free_head = e->links[0].next;
    e->key = key;
    e->port = port;
    e->in_use = true;
    e->is_static = false;
    e->last_seen_ms = 0;
    t->slots[slot].key = key;
    t->slots[slot].entry = idx;
    t->slots[slot].port = port;
    t->n_entries++;
    return idx;
}

static void
reset(struct mac_table *t)
{
    for (uint32_t i = 0; i <= t->slot_mask; i++)
        t->slots[i].entry = NIL;
    for (uint32_t i = 0; i < t->capacity; i++) {
        t->entries[i].in_use = false;
        t->entries[i].links[0].next = i + 1 < t->capacity ? i + 1 : NIL;
    }
    t->free_head = 0;
    t->n_entries = 0;
    for (uint16_t i = 0; i < t->max_ports; i++) {
        list_init(&t->ports[i].lru);
        t->ports[i].n_dynamic = 0;
    }
    busiest_reset(t);
    list_init(&t->age);
}

/* Slots for 'capacity' entries: a power of two, at least twice as many. */
static uint64_t
slots_for(uint32_t capacity)
{
    uint64_t n_slots = 2;

    while (n_slots < 2 * (uint64_t) capacity)
        n_slots *= 2;
    return n_slots;
}

struct mac_table *
mac_table_create(uint32_t max_entries, uint16_t max_ports, uint32_t aging_s,
                 uint64_t seed)
{
    struct mac_table *t;
    uint32_t capacity = max_entries < MAC_TABLE_INITIAL ? max_entries : MAC_TABLE_INITIAL;
    uint64_t n_slots = slots_for(capacity);

    if (!max_entries || !max_ports || max_entries >= NIL / 4)
        return NULL;

    t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->entries = calloc(capacity, sizeof *t->entries);
    t->slots = calloc(n_slots, sizeof *t->slots);
    t->ports = calloc(max_ports, sizeof *t->ports);
    t->n_leaves = 1;
    while (t->n_leaves < max_ports)
        t->n_leaves *= 2;
    t->busiest = calloc(2 * (size_t) t->n_leaves, sizeof *t->busiest);
    if (!t->entries || !t->slots || !t->ports || !t->busiest) {
        mac_table_destroy(t);
        return NULL;
    }
    t->capacity = capacity;
    t->max_entries = max_entries;
    t->slot_mask = n_slots - 1;
    t->max_ports = max_ports;
    t->aging_s = aging_s;
    t->seed = seed;
    reset(t);
    return t;
}

int
mac_table_reserve(struct mac_table *t, uint32_t n)
{
    uint64_t want = (uint64_t) t->n_entries + n;
    uint32_t capacity = t->capacity;
    uint64_t n_slots;
    struct mac_entry *entries;
    struct mac_slot *slots;

    if (want > t->max_entries)
        want = t->max_entries;
    if (want <= t->capacity)
        return 0;
    /* Doubling keeps the cost of growing O(1) per entry learnt. */
    while (capacity < want)
        capacity = (uint64_t) capacity * 2 > t->max_entries ? t->max_entries : capacity * 2;
    n_slots = slots_for(capacity);

    /* Entries keep their indexes, so the lists threaded through them stay
     * as they are; only the slots are rehashed. */
    entries = realloc(t->entries, capacity * sizeof *entries);
    if (!entries)
        return ENOMEM;
    t->entries = entries;
    if (n_slots > (uint64_t) t->slot_mask + 1) {
        if (!(slots = malloc(n_slots * sizeof *slots)))
            return ENOMEM;
        free(t->slots);
        t->slots = slots;
        t->slot_mask = n_slots - 1;
        for (uint64_t i = 0; i < n_slots; i++)
            slots[i].entry = NIL;
        for (uint32_t i = 0; i < t->capacity; i++) {
            const struct mac_entry *e = &entries[i];
            if (e->in_use) {
                uint32_t slot = find_slot(t, e->key);
                slots[slot].key = e->key;
                slots[slot].entry = i;
                slots[slot].port = e->port;
            }
        }
    }
    for (uint32_t i = capacity; i-- > t->capacity; ) {
        entries[i].in_use = false;
        entries[i].links[0].next = t->free_head;
        t->free_head = i;
    }
    t->capacity = capacity;
    return 0;
}

uint32_t
mac_table_capacity(const struct mac_table *t)
{
    return t->capacity;
}

void
mac_table_destroy(struct mac_table *t)
{
    if (!t)
        return;
    free(t->entries);
    free(t->slots);
    free(t->ports);
    free(t->busiest);
    free(t);
}

uint32_t
mac_table_count(const struct mac_table *t)
{
    return t->n_entries;
}

uint32_t
mac_table_max_entries(const struct mac_table *t)
{
    return t->max_entries;
}

uint32_t
mac_table_port_count(const struct mac_table *t, uint16_t port)
{
    return port < t->max_ports ? t->ports[port].n_dynamic : 0;
}

void
mac_table_set_aging(struct mac_table *t, uint32_t aging_s)
{
    t->aging_s = aging_s;
}

uint32_t
mac_table_aging(const struct mac_table *t)
{
    return t->aging_s;
}

enum mac_learn_result
mac_table_learn(struct mac_table *t, uint16_t vid, const uint8_t mac[ETH_ADDR_LEN],
                uint16_t port, int64_t now_ms)
{
    uint64_t key = make_key(vid, mac);
    uint32_t slot, idx;
    struct mac_entry *e;

    if (port >= t->max_ports)
        return MAC_LEARN_BAD_PORT;

    slot = find_slot(t, key);
    idx = t->slots[slot].entry;
    if (idx != NIL) {
        enum mac_learn_result result = MAC_LEARN_REFRESHED;

        e = &t->entries[idx];
        if (e->is_static)
            return MAC_LEARN_STATIC;
        /* Same port, same millisecond: already the newest; skip relinking. */
        if (e->port == port && e->last_seen_ms == now_ms)
            return MAC_LEARN_REFRESHED;
        dynamic_unlink(t, idx);
        if (e->port != port) {
            e->port = port;
            t->slots[slot].port = port;
            result = MAC_LEARN_MOVED;
        }
        e->last_seen_ms = now_ms;
        dynamic_link(t, idx);
        return result;
    }

    if (t->n_entries == t->capacity) {
        /* Below the maximum, the table is not full: it waits for the
         * caller's mac_table_reserve() instead of evicting. */
        if (t->capacity < t->max_entries || !evict_one(t))
            return MAC_LEARN_NO_ROOM;
        slot = find_slot(t, key);       /* eviction may have shifted slots */
    }
    idx = entry_insert(t, slot, key, port);
    t->entries[idx].last_seen_ms = now_ms;
    dynamic_link(t, idx);
    return MAC_LEARN_NEW;
}

bool
mac_table_lookup(const struct mac_table *t, uint16_t vid,
                 const uint8_t mac[ETH_ADDR_LEN], uint16_t *port)
{
    const struct mac_slot *slot = &t->slots[find_slot(t, make_key(vid, mac))];

    if (slot->entry == NIL)
        return false;
    *port = slot->port;
    return true;
}

/* Below this many slots (256 KiB of them) the array stays in the CPU caches
 * and prefetching would only hash every key twice. */
#define PREFETCH_MIN_SLOTS (256 * 1024 / sizeof(struct mac_slot))

void
mac_table_prefetch(const struct mac_table *t, uint16_t vid,
                   const uint8_t mac[ETH_ADDR_LEN])
{
    if (t->slot_mask >= PREFETCH_MIN_SLOTS)
        __builtin_prefetch(&t->slots[key_home(t, make_key(vid, mac))]);
}

int
mac_table_add_static(struct mac_table *t, uint16_t vid,
                     const uint8_t mac[ETH_ADDR_LEN], uint16_t port)
{
    uint64_t key = make_key(vid, mac);
    uint32_t slot, idx;

    if (port >= t->max_ports || eth_addr_is_multicast(mac) || vid > 4095)
        return EINVAL;

    slot = find_slot(t, key);
    idx = t->slots[slot].entry;
    if (idx != NIL) {
        struct mac_entry *e = &t->entries[idx];

        if (!e->is_static) {
            dynamic_unlink(t, idx);
            e->is_static = true;
        }
        e->port = port;
        t->slots[slot].port = port;
        return 0;
    }
    if (t->n_entries == t->capacity) {
        if (mac_table_reserve(t, 1))
            return ENOMEM;
        if (t->n_entries == t->capacity && !evict_one(t))
            return ENOSPC;
        slot = find_slot(t, key);
    }
    idx = entry_insert(t, slot, key, port);
    t->entries[idx].is_static = true;
    return 0;
}

bool
mac_table_remove_static(struct mac_table *t, uint16_t vid,
                        const uint8_t mac[ETH_ADDR_LEN])
{
    uint32_t idx = t->slots[find_slot(t, make_key(vid, mac))].entry;

    if (idx == NIL || !t->entries[idx].is_static)
        return false;
    entry_remove(t, idx);
    return true;
}

bool
mac_table_remove_dynamic(struct mac_table *t, uint16_t vid,
                         const uint8_t mac[ETH_ADDR_LEN])
{
    uint32_t idx = t->slots[find_slot(t, make_key(vid, mac))].entry;

    if (idx == NIL || t->entries[idx].is_static)
        return false;
    entry_remove(t, idx);
    return true;
}

int64_t
mac_table_expire(struct mac_table *t, int64_t now_ms)
{
    int64_t aging_ms = (int64_t) t->aging_s * 1000;

    if (!t->aging_s)
        return MAC_TABLE_NO_DEADLINE;
    while (t->age.head != NIL) {
        const struct mac_entry *e = &t->entries[t->age.head];

        if (e->last_seen_ms + aging_ms > now_ms)
            return e->last_seen_ms + aging_ms;
        entry_remove(t, t->age.head);
    }
    return MAC_TABLE_NO_DEADLINE;
}

/* Removes every entry for which 'match' is true; scans the whole pool, as
 * flushes are operator actions, not per-frame work. */
static uint32_t
flush_matching(struct mac_table *t, bool with_static,
               bool (*match)(const struct mac_entry *, unsigned arg), unsigned arg)
{
    uint32_t n = 0;

    for (uint32_t i = 0; i < t->capacity; i++) {
        const struct mac_entry *e = &t->entries[i];

        if (e->in_use && (with_static || !e->is_static) && match(e, arg)) {
            entry_remove(t, i);
            n++;
        }
    }
    return n;
}

static bool
entry_on_port(const struct mac_entry *e, unsigned port)
{
    return e->port == port;
}

static bool
entry_in_vlan(const struct mac_entry *e, unsigned vid)
{
    return e->key >> 48 == vid;
}

uint32_t
mac_table_flush_port(struct mac_table *t, uint16_t port, bool with_static)
{
    uint32_t n = 0;

    if (port >= t->max_ports)
        return 0;
    if (with_static)
        return flush_matching(t, true, entry_on_port, port);
    while (t->ports[port].lru.head != NIL) {
        entry_remove(t, t->ports[port].lru.head);
        n++;
    }
    return n;
}

uint32_t
mac_table_flush_vlan(struct mac_table *t, uint16_t vid, bool with_static)
{
    return flush_matching(t, with_static, entry_in_vlan, vid);
}

uint32_t
mac_table_flush_all(struct mac_table *t, bool with_static)
{
    uint32_t n = 0;

    if (with_static) {
        n = t->n_entries;
        reset(t);
        return n;
    }
    while (t->age.head != NIL) {
        entry_remove(t, t->age.head);
        n++;
    }
    return n;
}

static int
compare_info(const void *a_, const void *b_)
{
    const struct mac_entry_info *a = a_, *b = b_;

    if (a->vid != b->vid)
        return a->vid < b->vid ? -1 : 1;
    return memcmp(a->mac, b->mac, ETH_ADDR_LEN);
}

static void
entry_to_info(const struct mac_entry *e, struct mac_entry_info *info)
{
    info->vid = e->key >> 48;
    for (int i = 0; i < ETH_ADDR_LEN; i++)
        info->mac[i] = e->key >> (8 * (ETH_ADDR_LEN - 1 - i));
    info->port = e->port;
    info->is_static = e->is_static;
    info->last_seen_ms = e->is_static ? 0 : e->last_seen_ms;
}

uint32_t
mac_table_collect(const struct mac_table *t, struct mac_entry_info *out, uint32_t max)
{
    struct mac_entry_info *all = out;
    uint32_t n = 0;

    if (max < t->n_entries) {
        all = malloc(sizeof *all * (t->n_entries ? t->n_entries : 1));
        if (!all)
            return 0;
    }
    for (uint32_t i = 0; i < t->capacity; i++)
        if (t->entries[i].in_use)
            entry_to_info(&t->entries[i], &all[n++]);
    qsort(all, n, sizeof *all, compare_info);
    if (all != out) {
        if (max)
            memcpy(out, all, sizeof *out * max);
        free(all);
    }
    return n;
}
