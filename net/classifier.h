#ifndef NET_CLASSIFIER_H
#define NET_CLASSIFIER_H 1

/* Flow classifier
 * ===============
 * What?  A set of rules, each a 'struct flow_match' (value/mask over a
 * 'struct flow_key') with a priority.  classifier_lookup() returns the rule
 * that matches a frame's key with the highest priority; among rules of equal
 * priority that match, the oldest (first inserted) wins, which is what a
 * user expects when two overlapping flows share a priority.  At most one
 * rule has a given (match, priority): inserting another replaces it.
 *
 * Lookup: tuple-space search, as OVS's classifier.  Rules are grouped in
 * subtables by mask; within a subtable a hash table maps the masked key to
 * the rules with that exact match (a list, highest priority first), so a
 * probe costs one mask-and-hash of 32 bytes (48 where the mask takes in the
 * tunnel fields, the key's last two words) and one bucket walk, whatever
 * the number of rules sharing the mask.  Subtables are kept sorted by the
 * highest priority they hold and lookup stops at the first subtable that
 * cannot beat the best rule found so far, so a table whose high-priority
 * flows are specific and whose catch-all is at priority 0 usually costs one
 * or two probes.  Cost is O(number of distinct masks) at worst.  A
 * catch-all subtable (the empty mask) is probed without masking or hashing.
 *
 * Exact-match cache: in front sits a direct-mapped cache of
 * CLS_EMC_ENTRIES (full key -> rule, or "no rule") entries stamped with the
 * classifier's generation, which every insert and remove bumps, so a cached
 * answer is used only while the table is unchanged.  It is skipped while the
 * table has a single subtable, where the subtable probe is as cheap as the
 * cache, and is allocated when a second one comes (64 KiB that most
 * bridges, with one catch-all flow, never need).  Keys are first masked by
 * the union of all rule masks (classifier_fields_used()), so fields no rule
 * looks at do not split the cache: frames from many hosts share an entry
 * while no flow matches their addresses.
 *
 * Ownership: rules are 'struct cls_rule's embedded in the caller's objects
 * (OVS's way); the classifier links them but never allocates or frees them.
 * It allocates its own subtables and buckets when rules are inserted
 * (insertion may fail with ENOMEM); lookup never allocates and writes only
 * the cache and its counters.  A rule must not be changed while inserted,
 * except for data of the caller's around it.
 *
 * Known limits: no wildcard-tracking (there is no datapath cache to feed), no
 * versioning or concurrent readers (one thread owns a classifier), no
 * prefix trees for IP fields; removing a rule rescans its subtable's buckets
 * to recompute the subtable's top priority when the rule held it. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flow.h"

#define CLS_EMC_ENTRIES 1024            /* power of two */

struct cls_subtable;

/* What a probe reads (hash, priority, bucket link, the match's value) comes
 * first, in the first 64 bytes. */
struct cls_rule {
    uint32_t hash;                      /* private */
    uint16_t priority;                  /* set before insertion */
    struct cls_rule *hash_next;         /* private: next match in the same bucket
                                           (heads only) */
    struct flow_match match;            /* set before insertion */
    uint64_t seq;                       /* insertion order: lower is older */

    /* Private to the classifier. */
    struct cls_subtable *subtable;
    struct cls_rule *next_same;         /* same match, lower priority */
};

struct cls_stats {
    uint64_t n_lookups;                 /* classifier_lookup() calls */
    uint64_t n_emc_hits;                /* answered by the exact-match cache */
    uint64_t n_subtable_probes;         /* subtables visited on cache misses */
};

struct classifier;

/* Basics. */

/* Returns NULL when memory is short.  'hash_seed' keeps remote hosts from
 * choosing keys that collide. */
struct classifier *classifier_create(uint64_t hash_seed);
/* Frees the classifier's own memory, not the rules (accepts NULL). */
void classifier_destroy(struct classifier *);

size_t classifier_count(const struct classifier *);
size_t classifier_n_subtables(const struct classifier *);
/* Bumped by every insert and remove. */
uint64_t classifier_generation(const struct classifier *);
/* The union of the masks of all rules. */
const struct flow_key *classifier_fields_used(const struct classifier *);
const struct cls_stats *classifier_stats(const struct classifier *);

/* Changing the rule set. */

/* Sets 'rule''s match and priority before insertion. */
void cls_rule_init(struct cls_rule *rule, const struct flow_match *match,
                   uint16_t priority);

/* Inserts 'rule', which becomes the newest.  A rule with the same match and
 * priority is removed and returned in '*displaced' (NULL if none) for the
 * caller to free.  Returns 0, or ENOMEM with nothing changed. */
int classifier_insert(struct classifier *, struct cls_rule *rule,
                      struct cls_rule **displaced);

/* Removes 'rule', which must be in the classifier.  Never fails: a subtable
 * left empty is freed. */
void classifier_remove(struct classifier *, struct cls_rule *rule);

/* The rule with exactly 'match' and 'priority', or NULL. */
struct cls_rule *classifier_find_exact(const struct classifier *,
                                       const struct flow_match *match, uint16_t priority);

/* Lookup (the per-frame call: no allocation). */

/* The highest-priority (then oldest) rule matching 'key', or NULL.  'key'
 * need not be masked. */
const struct cls_rule *classifier_lookup(struct classifier *, const struct flow_key *key);

/* Iteration. */

typedef void cls_rule_cb(struct cls_rule *rule, void *arg);

/* Calls 'cb' for every rule, in no particular order.  'cb' must not insert
 * or remove rules. */
void classifier_for_each(const struct classifier *, cls_rule_cb *cb, void *arg);

#endif /* net/classifier.h */
