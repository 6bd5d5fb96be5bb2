#ifndef NET_LINEAR_PROBE_H
#define NET_LINEAR_PROBE_H 1

/* What the open-addressing tables of net/ (mac_table.c, vxlan.c's fdb,
 * port_security.c) share: a seeded hash and deletion by backward shift,
 * which leaves no tombstones, so a lookup never steps over a dead slot
 * however long the table churns.  Static inline, so each table's own
 * emptiness test and home function are compiled into its loop and the
 * per-frame paths (eviction while learning) pay no indirect call. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* splitmix64's finaliser: every input bit reaches every output bit. */
static inline uint64_t
linear_probe_mix64(uint64_t h)
{
    h = (h ^ (h >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    h = (h ^ (h >> 27)) * UINT64_C(0x94d049bb133111eb);
    return h ^ (h >> 31);
}

/* Empties slot 'hole' of the table 'slots' ('mask' + 1 slots of
 * 'slot_size' bytes): the later members of its probe run move back into
 * the hole one by one.  'is_empty' tests a slot, 'home_of' gives a slot's
 * home index ('table' is passed to it).  Returns the slot that ends up
 * vacant, for the caller to mark empty. */
static inline uint32_t
linear_probe_delete(void *slots, size_t slot_size, uint32_t mask, uint32_t hole,
                    const void *table, bool (*is_empty)(const void *slot),
                    uint32_t (*home_of)(const void *table, const void *slot))
{
    char *base = slots;
    uint32_t j = hole;

    for (;;) {
        const char *slot;
        uint32_t home;

        j = (j + 1) & mask;
        slot = base + (size_t) j * slot_size;
        if (is_empty(slot))
            return hole;
        home = home_of(table, slot);
        /* Slot j may move to the hole only if its home is not in (hole, j]
         * cyclically: otherwise a lookup starting at home would stop at the
         * hole before reaching it. */
        if (hole <= j ? (home <= hole || home > j) : (home <= hole && home > j)) {
            memcpy(base + (size_t) hole * slot_size, slot, slot_size);
            hole = j;
        }
    }
}

#endif /* net/linear_probe.h */
