#ifndef NET_MAC_TABLE_H
#define NET_MAC_TABLE_H 1

/* MAC table
 * =========
 * Maps (VLAN id, MAC) to the port a frame from that MAC last came in on, so
 * known unicast leaves by one port instead of being flooded.
 *
 * Invariants: one entry per (vid, mac); a MAC seen on another port moves
 * there; every dynamic entry sits on the table's age list and on its port's
 * list, oldest first; static entries are on neither, never age, are never
 * evicted and are not moved by learning; the number of entries, static ones
 * included, never exceeds 'max_entries'.
 *
 * Full table: the port holding the most dynamic entries loses its oldest one,
 * so a port spraying random source MACs cannot push other ports' hosts out
 * and turn their traffic into floods (the fairness rule OVS's mac-learning.h
 * explains).  That port is kept by a tournament tree over the ports'
 * counts, updated in O(log max_ports) when a count changes: a scan of the
 * port array per eviction was paid by every frame of a source-MAC flood,
 * and a bridge can have up to 65535 port slots.
 *
 * Lookup: open addressing with linear probing over a power-of-two slot array
 * at most half full; each slot holds the 64-bit key (vid << 48 | mac) and an
 * entry index, so a probe touches one cache line.  Deletion shifts the
 * following slots back (no tombstones), so lookups stay O(1) under churn.
 * The hash is seeded by the caller so a remote host cannot predict collisions.
 *
 * Time is a parameter: learn, lookup and expire take 'now_ms'; the table
 * never reads a clock.  mac_table_expire() returns the next deadline, so the
 * daemon arms its timer from it (OVS's run/wait pair as plain values).
 * Aging 0 disables aging (IOS `mac address-table aging-time 0`).
 *
 * Ownership: entries live in a pool that starts at MAC_TABLE_INITIAL
 * entries and doubles, up to 'max_entries', when the caller asks for room
 * with mac_table_reserve() -- the daemon does before each batch of frames,
 * off the per-frame path; learning, lookup, expiry and flushing never
 * allocate.  So a bridge costs memory for the hosts it has seen, not for
 * the most it may see: a thousand idle bridges of 8192 entries each held
 * 576 MB (docs/security.md section 7).  A table below its maximum is not
 * full: with no room reserved, a new source is not learnt (the frame is
 * forwarded all the same) rather than evicting another.  A port is a
 * number < 'max_ports'; the table never knows what a port is. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frame.h"

#define MAC_TABLE_DEFAULT_MAX      8192
#define MAC_TABLE_INITIAL          128      /* entries allocated at create */
#define MAC_TABLE_DEFAULT_AGING_S  300
#define MAC_TABLE_NO_DEADLINE      INT64_MAX

struct mac_table;

/* What mac_table_learn() did. */
enum mac_learn_result {
    MAC_LEARN_NEW,          /* a new entry */
    MAC_LEARN_REFRESHED,    /* known on this port; age reset */
    MAC_LEARN_MOVED,        /* known on another port; moved here */
    MAC_LEARN_STATIC,       /* a static entry: left as configured */
    MAC_LEARN_NO_ROOM,      /* no room (see mac_table_learn()): not learned */
    MAC_LEARN_BAD_PORT,     /* 'port' >= max_ports */
};

/* A copy of one entry, for show commands and tests. */
struct mac_entry_info {
    uint16_t vid;
    uint8_t mac[ETH_ADDR_LEN];
    uint16_t port;
    bool is_static;
    int64_t last_seen_ms;   /* dynamic entries only */
};

/* Basics. */

/* Creates a table for at most 'max_entries' entries (>= 1) learned on ports
 * 0..'max_ports'-1, aging 'aging_s' seconds, hashing with 'seed'.  Returns
 * NULL when memory is short or an argument is 0. */
struct mac_table *mac_table_create(uint32_t max_entries, uint16_t max_ports,
                                   uint32_t aging_s, uint64_t seed);
void mac_table_destroy(struct mac_table *);         /* accepts NULL */

uint32_t mac_table_count(const struct mac_table *);
uint32_t mac_table_max_entries(const struct mac_table *);
/* Entries allocated now (MAC_TABLE_INITIAL, or less, up to max_entries). */
uint32_t mac_table_capacity(const struct mac_table *);

/* Makes room for 'n' more entries (as far as max_entries allows), growing
 * the pool by doubling and rehashing the slots.  Returns 0, or ENOMEM with
 * the table unchanged.  O(1) when there is room; O(entries) when it grows. */
int mac_table_reserve(struct mac_table *, uint32_t n);
/* Dynamic entries currently on 'port' (0 for an unknown port). */
uint32_t mac_table_port_count(const struct mac_table *, uint16_t port);

/* Configuration. */

void mac_table_set_aging(struct mac_table *, uint32_t aging_s);
uint32_t mac_table_aging(const struct mac_table *);

/* Learning and lookup (the per-frame calls: O(1), no allocation). */

/* Records that 'mac' in 'vid' was seen on 'port' at 'now_ms'.  The caller
 * does not learn multicast sources (see bridge.c).  MAC_LEARN_NO_ROOM when
 * the table is full of static entries, or below its maximum with no room
 * reserved. */
enum mac_learn_result mac_table_learn(struct mac_table *, uint16_t vid,
                                      const uint8_t mac[ETH_ADDR_LEN],
                                      uint16_t port, int64_t now_ms);

/* Stores the port of ('vid', 'mac') in '*port' and returns true, or returns
 * false if unknown.  An entry that has outlived the aging time but was not
 * expired yet is still returned: expiry is mac_table_expire()'s job. */
bool mac_table_lookup(const struct mac_table *, uint16_t vid,
                      const uint8_t mac[ETH_ADDR_LEN], uint16_t *port);

/* Starts loading the slot of ('vid', 'mac') into the CPU cache.  A batch
 * calls it for every frame before learning and looking up, so the cache
 * misses of a whole batch overlap instead of coming one after another. */
void mac_table_prefetch(const struct mac_table *, uint16_t vid,
                        const uint8_t mac[ETH_ADDR_LEN]);

/* Static entries. */

/* Adds or updates a static entry (replacing a dynamic one), growing the
 * pool if needed.  Returns 0, ENOSPC when the table holds only static
 * entries, ENOMEM, or EINVAL for a bad port or a multicast 'mac'. */
int mac_table_add_static(struct mac_table *, uint16_t vid,
                         const uint8_t mac[ETH_ADDR_LEN], uint16_t port);
/* Removes a static entry.  Returns false if there is none. */
bool mac_table_remove_static(struct mac_table *, uint16_t vid,
                             const uint8_t mac[ETH_ADDR_LEN]);

/* Aging and flushing. */

/* Removes the dynamic entry of ('vid', 'mac') (`clear mac address-table
 * dynamic address H.H.H`).  Returns false if there is none. */
bool mac_table_remove_dynamic(struct mac_table *, uint16_t vid,
                              const uint8_t mac[ETH_ADDR_LEN]);

/* Removes dynamic entries last seen 'aging' or more ago.  Returns the time at
 * which the next entry will be due, or MAC_TABLE_NO_DEADLINE. */
int64_t mac_table_expire(struct mac_table *, int64_t now_ms);

/* Each removes dynamic entries only, or static ones too when 'with_static';
 * each returns how many it removed. */
uint32_t mac_table_flush_port(struct mac_table *, uint16_t port, bool with_static);
uint32_t mac_table_flush_vlan(struct mac_table *, uint16_t vid, bool with_static);
uint32_t mac_table_flush_all(struct mac_table *, bool with_static);

/* Iteration for show commands. */

/* Copies up to 'max' entries into 'out', sorted by VLAN then MAC, and returns
 * how many there are in all (which may exceed 'max').  When 'max' is smaller
 * than the count it sorts a temporary copy; if that allocation fails it
 * copies nothing and returns 0. */
uint32_t mac_table_collect(const struct mac_table *, struct mac_entry_info *out,
                           uint32_t max);

#endif /* net/mac_table.h */
