#include "vxlan.h"
#include "linear_probe.h"

#include <stdlib.h>
#include <string.h>

#define NIL UINT32_MAX

/* Header codec */

#define VXLAN_FLAG_I 0x08               /* RFC 7348 section 5: "VNI valid" */

void
vxlan_header_write(uint8_t hdr[VXLAN_HEADER_LEN], uint32_t vni)
{
    hdr[0] = VXLAN_FLAG_I;
    hdr[1] = hdr[2] = hdr[3] = 0;
    hdr[4] = vni >> 16;
    hdr[5] = vni >> 8;
    hdr[6] = vni;
    hdr[7] = 0;
}

enum vxlan_error
vxlan_header_parse(const uint8_t *buf, size_t len, uint32_t *vni, size_t *inner_ofs)
{
    if (len < VXLAN_HEADER_LEN + ETH_HEADER_LEN)
        return VXLAN_ERR_SHORT;
    /* Only the I flag counts: the other flag bits and the reserved bytes 1-3
     * and 7 are ignored, as the RFC asks (a peer using an extension such as
     * Group Policy sets some of them). */
    if (!(buf[0] & VXLAN_FLAG_I))
        return VXLAN_ERR_FLAGS;
    *vni = (uint32_t) buf[4] << 16 | (uint32_t) buf[5] << 8 | buf[6];
    *inner_ofs = VXLAN_HEADER_LEN;
    return VXLAN_OK;
}

const char *
vxlan_error_name(enum vxlan_error e)
{
    switch (e) {
    case VXLAN_OK:        return "ok";
    case VXLAN_ERR_SHORT: return "short";
    case VXLAN_ERR_FLAGS: return "flags";
    }
    return "unknown";
}

/* VLAN <-> VNI map */

void
vxlan_vni_map_init(struct vxlan_vni_map *m)
{
    for (size_t i = 0; i < sizeof m->vni_of_vlan / sizeof m->vni_of_vlan[0]; i++)
        m->vni_of_vlan[i] = VXLAN_VNI_NONE;
    m->n = 0;
}

/* The index of the first entry of 'by_vni' whose VNI is >= 'vni'. */
static size_t
vni_lower_bound(const struct vxlan_vni_map *m, uint32_t vni)
{
    size_t lo = 0, hi = m->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (m->by_vni[mid].vni < vni)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

enum vxlan_map_error
vxlan_vni_map_add(struct vxlan_vni_map *m, uint16_t vlan, uint32_t vni)
{
    size_t i;

    if (vlan < 1 || vlan > 4094)
        return VXLAN_MAP_BAD_VLAN;
    if (vni > VXLAN_VNI_MAX)
        return VXLAN_MAP_BAD_VNI;
    if (m->vni_of_vlan[vlan] == vni)
        return VXLAN_MAP_OK;
    if (m->vni_of_vlan[vlan] != VXLAN_VNI_NONE)
        return VXLAN_MAP_VLAN_MAPPED;
    i = vni_lower_bound(m, vni);
    if (i < m->n && m->by_vni[i].vni == vni)
        return VXLAN_MAP_VNI_MAPPED;
    /* One VNI per VLAN, so a VLAN that is not mapped yet leaves room: n <
     * VXLAN_MAP_MAX here.  Inserting shifts the tail: configuration time. */
    memmove(&m->by_vni[i + 1], &m->by_vni[i], (m->n - i) * sizeof m->by_vni[0]);
    m->by_vni[i] = (struct vxlan_vni_entry) { .vni = vni, .vlan = vlan };
    m->n++;
    m->vni_of_vlan[vlan] = vni;
    return VXLAN_MAP_OK;
}

uint32_t
vxlan_vni_of_vlan(const struct vxlan_vni_map *m, uint16_t vlan)
{
    return vlan < sizeof m->vni_of_vlan / sizeof m->vni_of_vlan[0]
           ? m->vni_of_vlan[vlan] : VXLAN_VNI_NONE;
}

uint16_t
vxlan_vlan_of_vni(const struct vxlan_vni_map *m, uint32_t vni)
{
    size_t i = vni_lower_bound(m, vni);

    return i < m->n && m->by_vni[i].vni == vni ? m->by_vni[i].vlan : 0;
}

const char *
vxlan_map_error_name(enum vxlan_map_error e)
{
    switch (e) {
    case VXLAN_MAP_OK:          return "ok";
    case VXLAN_MAP_BAD_VLAN:    return "VLAN not in 1-4094";
    case VXLAN_MAP_BAD_VNI:     return "VNI not in 0-16777215";
    case VXLAN_MAP_VLAN_MAPPED: return "VLAN already maps to another VNI";
    case VXLAN_MAP_VNI_MAPPED:  return "VNI already maps to another VLAN";
    }
    return "unknown";
}

/* Remote VTEPs
 *
 * The layout of net/mac_table.c, cut down: a pool of 'max_entries' entries
 * allocated at create, one list through them oldest first (so eviction and
 * aging take the head), and an open-addressing slot array, a power of two
 * at least twice the pool, linear probing, deletion by shifting back (no
 * tombstones).  A key is 72 bits (VNI and MAC), one more word than the MAC
 * table's, so the slot keeps the MAC and the VNI apart and carries the
 * remote, so that a lookup reads one 24-byte slot and never the entry. */

struct fdb_entry {
    uint64_t mac;                       /* the 48 bits of the MAC */
    uint32_t vni;
    uint32_t remote;
    int64_t learnt_ms;
    uint32_t prev, next;                /* age list; 'next' chains free entries */
    bool in_use;
};

struct fdb_slot {
    uint64_t mac;
    uint32_t vni;
    uint32_t entry;                     /* index into 'entries', NIL if empty */
    uint32_t remote;                    /* == entries[entry].remote */
};

struct vxlan_fdb {
    struct fdb_entry *entries;          /* 'max_entries' of them */
    uint32_t max_entries;
    uint32_t n_entries;
    uint32_t free_head;

    struct fdb_slot *slots;
    uint32_t slot_mask;

    uint32_t oldest, newest;            /* age list; NIL when empty */
    uint64_t seed;
};

#define VXLAN_FDB_MAX (1u << 24)

static inline uint64_t
mac_bits(const uint8_t mac[ETH_ADDR_LEN])
{
    return (uint64_t) mac[0] << 40 | (uint64_t) mac[1] << 32 | (uint64_t) mac[2] << 24
           | (uint64_t) mac[3] << 16 | (uint64_t) mac[4] << 8 | mac[5];
}

/* Two rounds, because the key does not fit in the 64 bits one round takes.
 * The seed goes in first, so which (VNI, MAC) pairs share a home slot
 * cannot be worked out by a sender who does not know it. */
static inline uint32_t
key_home(const struct vxlan_fdb *t, uint32_t vni, uint64_t mac)
{
    return (uint32_t) linear_probe_mix64(linear_probe_mix64(mac ^ t->seed) ^ vni) & t->slot_mask;
}

/* The slot holding (vni, mac), or the empty slot where it would go. */
static inline uint32_t
find_slot(const struct vxlan_fdb *t, uint32_t vni, uint64_t mac)
{
    uint32_t i = key_home(t, vni, mac);

    while (t->slots[i].entry != NIL && (t->slots[i].mac != mac || t->slots[i].vni != vni))
        i = (i + 1) & t->slot_mask;
    return i;
}

static inline bool
slot_is_empty(const void *slot)
{
    return ((const struct fdb_slot *) slot)->entry == NIL;
}

static inline uint32_t
slot_home(const void *t, const void *slot)
{
    const struct fdb_slot *s = slot;

    return key_home(t, s->vni, s->mac);
}

/* Empties slot 'i' (net/linear_probe.h: no tombstones). */
static void
slot_delete(struct vxlan_fdb *t, uint32_t i)
{
    i = linear_probe_delete(t->slots, sizeof *t->slots, t->slot_mask, i, t, slot_is_empty,
                            slot_home);
    t->slots[i].entry = NIL;
}

static void
age_unlink(struct vxlan_fdb *t, uint32_t idx)
{
    struct fdb_entry *e = &t->entries[idx];

    if (e->prev != NIL)
        t->entries[e->prev].next = e->next;
    else
        t->oldest = e->next;
    if (e->next != NIL)
        t->entries[e->next].prev = e->prev;
    else
        t->newest = e->prev;
}

static void
age_append(struct vxlan_fdb *t, uint32_t idx)
{
    struct fdb_entry *e = &t->entries[idx];

    e->prev = t->newest;
    e->next = NIL;
    if (t->newest != NIL)
        t->entries[t->newest].next = idx;
    else
        t->oldest = idx;
    t->newest = idx;
}

static void
entry_remove(struct vxlan_fdb *t, uint32_t idx)
{
    struct fdb_entry *e = &t->entries[idx];

    slot_delete(t, find_slot(t, e->vni, e->mac));
    age_unlink(t, idx);
    e->in_use = false;
    e->next = t->free_head;
    t->free_head = idx;
    t->n_entries--;
}

static void
reset(struct vxlan_fdb *t)
{
    for (uint32_t i = 0; i <= t->slot_mask; i++)
        t->slots[i].entry = NIL;
    for (uint32_t i = 0; i < t->max_entries; i++) {
        t->entries[i].in_use = false;
        t->entries[i].next = i + 1 < t->max_entries ? i + 1 : NIL;
    }
    t->free_head = 0;
    t->n_entries = 0;
    t->oldest = t->newest = NIL;
}

struct vxlan_fdb *
vxlan_fdb_create(uint32_t max_entries, uint64_t seed)
{
    struct vxlan_fdb *t;
    uint64_t n_slots = 2;

    if (!max_entries || max_entries > VXLAN_FDB_MAX)
        return NULL;
    /* At most half full, so probe runs stay short. */
    while (n_slots < 2 * (uint64_t) max_entries)
        n_slots *= 2;
    t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->entries = calloc(max_entries, sizeof *t->entries);
    t->slots = calloc(n_slots, sizeof *t->slots);
    if (!t->entries || !t->slots) {
        vxlan_fdb_destroy(t);
        return NULL;
    }
    t->max_entries = max_entries;
    t->slot_mask = n_slots - 1;
    t->seed = seed;
    reset(t);
    return t;
}

void
vxlan_fdb_destroy(struct vxlan_fdb *t)
{
    if (!t)
        return;
    free(t->entries);
    free(t->slots);
    free(t);
}

void
vxlan_fdb_learn(struct vxlan_fdb *t, uint32_t vni, const uint8_t mac[ETH_ADDR_LEN],
                uint32_t remote, int64_t now_ms)
{
    uint64_t key = mac_bits(mac);
    uint32_t slot, idx;
    struct fdb_entry *e;

    /* A multicast source is no host; remote 0 (0.0.0.0) is no VTEP and a
     * VNI above 24 bits no VNI: none can come from a valid packet. */
    if (eth_addr_is_multicast(mac) || !remote || vni > VXLAN_VNI_MAX)
        return;
    slot = find_slot(t, vni, key);
    idx = t->slots[slot].entry;
    if (idx != NIL) {
        e = &t->entries[idx];
        /* Same VTEP, same millisecond: nothing a reader could tell apart
         * changes (the age list is ordered to the millisecond), so a burst
         * from one host costs no relinking. */
        if (e->remote == remote && e->learnt_ms == now_ms)
            return;
        e->remote = remote;
        t->slots[slot].remote = remote;
        e->learnt_ms = now_ms;
        age_unlink(t, idx);
        age_append(t, idx);
        return;
    }
    if (t->n_entries == t->max_entries) {
        entry_remove(t, t->oldest);
        slot = find_slot(t, vni, key);  /* the removal may have shifted slots */
    }
    idx = t->free_head;
    e = &t->entries[idx];
    t->free_head = e->next;
    *e = (struct fdb_entry) { .mac = key, .vni = vni, .remote = remote,
                              .learnt_ms = now_ms, .in_use = true };
    age_append(t, idx);
    t->slots[slot] = (struct fdb_slot) { .mac = key, .vni = vni, .entry = idx,
                                         .remote = remote };
    t->n_entries++;
}

bool
vxlan_fdb_lookup(const struct vxlan_fdb *t, uint32_t vni, const uint8_t mac[ETH_ADDR_LEN],
                 uint32_t *remote)
{
    const struct fdb_slot *slot = &t->slots[find_slot(t, vni, mac_bits(mac))];

    if (slot->entry == NIL)
        return false;
    *remote = slot->remote;
    return true;
}

void
vxlan_fdb_expire(struct vxlan_fdb *t, int64_t now_ms, int64_t aging_ms)
{
    if (aging_ms <= 0)
        return;
    /* A difference, not learnt_ms + aging_ms: no overflow for any aging. */
    while (t->oldest != NIL && now_ms - t->entries[t->oldest].learnt_ms >= aging_ms)
        entry_remove(t, t->oldest);
}

void
vxlan_fdb_flush(struct vxlan_fdb *t, uint32_t remote)
{
    if (!remote) {
        reset(t);
        return;
    }
    /* A scan of the pool: an operator's or a configuration's action, not a
     * frame's. */
    for (uint32_t i = 0; i < t->max_entries; i++)
        if (t->entries[i].in_use && t->entries[i].remote == remote)
            entry_remove(t, i);
}

size_t
vxlan_fdb_count(const struct vxlan_fdb *t)
{
    return t->n_entries;
}

size_t
vxlan_fdb_dump(const struct vxlan_fdb *t, struct vxlan_fdb_entry *out, size_t max)
{
    size_t n = 0;

    for (uint32_t i = t->oldest; i != NIL && n < max; i = t->entries[i].next) {
        const struct fdb_entry *e = &t->entries[i];

        out[n].vni = e->vni;
        for (int b = 0; b < ETH_ADDR_LEN; b++)
            out[n].mac[b] = e->mac >> (8 * (ETH_ADDR_LEN - 1 - b));
        out[n].remote = e->remote;
        out[n].learnt_ms = e->learnt_ms;
        n++;
    }
    return n;
}
