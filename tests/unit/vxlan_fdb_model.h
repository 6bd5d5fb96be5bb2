#ifndef TESTS_UNIT_VXLAN_FDB_MODEL_H
#define TESTS_UNIT_VXLAN_FDB_MODEL_H 1

/* A trivially correct model of net/vxlan.h's remote VTEP table, for
 * tests/unit/test_vxlan.c and fuzz/fuzz_vxlan.c: the entries in an array,
 * oldest first, searched linearly.  Only for tables of at most
 * VXLAN_FDB_MODEL_MAX entries. */

#include <stdint.h>
#include <string.h>

#include "vxlan.h"

#define VXLAN_FDB_MODEL_MAX 64

struct vxlan_fdb_model {
    struct vxlan_fdb_entry e[VXLAN_FDB_MODEL_MAX];     /* oldest first */
    size_t n, max;
};

/* The index of ('vni', 'mac'), or SIZE_MAX. */
static inline size_t
vxlan_fdb_model_find(const struct vxlan_fdb_model *m, uint32_t vni,
                     const uint8_t mac[ETH_ADDR_LEN])
{
    for (size_t i = 0; i < m->n; i++)
        if (m->e[i].vni == vni && !memcmp(m->e[i].mac, mac, ETH_ADDR_LEN))
            return i;
    return SIZE_MAX;
}

static inline void
vxlan_fdb_model_remove(struct vxlan_fdb_model *m, size_t i)
{
    memmove(&m->e[i], &m->e[i + 1], (m->n - i - 1) * sizeof m->e[0]);
    m->n--;
}

static inline void
vxlan_fdb_model_learn(struct vxlan_fdb_model *m, uint32_t vni, const uint8_t mac[ETH_ADDR_LEN],
                      uint32_t remote, int64_t now_ms)
{
    size_t i = vxlan_fdb_model_find(m, vni, mac);

    if ((mac[0] & 1) || !remote || vni > VXLAN_VNI_MAX)
        return;
    if (i != SIZE_MAX) {
        /* The same VTEP in the same millisecond changes nothing (the age
         * order is to the millisecond, net/vxlan.c). */
        if (m->e[i].remote == remote && m->e[i].learnt_ms == now_ms)
            return;
        vxlan_fdb_model_remove(m, i);
    } else if (m->n == m->max) {
        vxlan_fdb_model_remove(m, 0);
    }
    m->e[m->n] = (struct vxlan_fdb_entry) { .vni = vni, .remote = remote, .learnt_ms = now_ms };
    memcpy(m->e[m->n].mac, mac, ETH_ADDR_LEN);
    m->n++;
}

static inline void
vxlan_fdb_model_expire(struct vxlan_fdb_model *m, int64_t now_ms, int64_t aging_ms)
{
    if (aging_ms > 0)
        while (m->n && now_ms - m->e[0].learnt_ms >= aging_ms)
            vxlan_fdb_model_remove(m, 0);
}

static inline void
vxlan_fdb_model_flush(struct vxlan_fdb_model *m, uint32_t remote)
{
    for (size_t i = m->n; i-- > 0; )
        if (!remote || m->e[i].remote == remote)
            vxlan_fdb_model_remove(m, i);
}

/* What differs between table 't' and the model, or NULL: the count, the
 * dump (row for row, oldest first) and a lookup of every row. */
static inline const char *
vxlan_fdb_model_diff(const struct vxlan_fdb *t, const struct vxlan_fdb_model *m)
{
    struct vxlan_fdb_entry out[VXLAN_FDB_MODEL_MAX + 1];
    size_t n = vxlan_fdb_dump(t, out, VXLAN_FDB_MODEL_MAX + 1);

    if (vxlan_fdb_count(t) != m->n)
        return "the count differs";
    if (n != m->n)
        return "the dump has another number of rows";
    for (size_t i = 0; i < n; i++) {
        uint32_t remote = 0;

        if (out[i].vni != m->e[i].vni || memcmp(out[i].mac, m->e[i].mac, ETH_ADDR_LEN)
            || out[i].remote != m->e[i].remote || out[i].learnt_ms != m->e[i].learnt_ms)
            return "a dump row differs";
        if (!vxlan_fdb_lookup(t, out[i].vni, out[i].mac, &remote) || remote != out[i].remote)
            return "a dumped entry is not found by lookup";
    }
    return NULL;
}

#endif /* tests/unit/vxlan_fdb_model.h */
