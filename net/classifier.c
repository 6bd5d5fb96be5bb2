#include "classifier.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define SUBTABLE_MIN_BUCKETS 8

/* Keys are FLOW_KEY_WORDS words, but only a flow on tunnel metadata looks
 * at the last two: subtables (and the cache) whose mask leaves them out
 * mask, hash and compare the first NARROW_WORDS alone, so the tunnel
 * fields cost nothing to tables that do not match on them. */
#define NARROW_WORDS 4
_Static_assert(offsetof(struct flow_key, tun_id) == NARROW_WORDS * sizeof(uint64_t),
               "the words past NARROW_WORDS hold the tunnel fields alone");

struct cls_subtable {
    struct flow_key mask;
    unsigned n_words;                   /* NARROW_WORDS or FLOW_KEY_WORDS */
    bool catchall;                      /* all-zero mask: every key's masked value is 0 */
    uint32_t zero_hash;                 /* catchall: the hash of that value */
    uint16_t max_priority;              /* highest priority of its rules */
    size_t n_rules;
    size_t n_heads;                     /* distinct matches */
    size_t n_buckets;                   /* power of two, >= n_heads */
    struct cls_rule **buckets;          /* chains of heads by hash */
};

struct emc_entry {
    struct flow_key key;                /* masked by fields_used */
    const struct cls_rule *rule;        /* NULL: no rule matches */
    uint64_t generation;                /* valid while equal to the classifier's */
};

struct classifier {
    uint64_t seed;
    struct cls_subtable **subtables;    /* by max_priority, highest first */
    size_t n_subtables, allocated;
    size_t n_rules;
    uint64_t next_seq;
    uint64_t generation;                /* starts at 1: zeroed cache entries are stale */
    struct flow_key fields_used;
    unsigned n_words;                   /* of fields_used, as a subtable's */
    struct emc_entry *emc;              /* CLS_EMC_ENTRIES */
    struct cls_stats stats;
};

/* Keys and hashing.  Each takes the number of words 'n' that count
 * (NARROW_WORDS or FLOW_KEY_WORDS, see above); callers pass constants, so
 * each call site unrolls. */

/* The words from 'n' on are zeroed, so a narrow result is a whole key. */
static inline void
key_and(struct flow_key *dst, const struct flow_key *a, const struct flow_key *b, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        dst->w[i] = a->w[i] & b->w[i];
    for (unsigned i = n; i < FLOW_KEY_WORDS; i++)
        dst->w[i] = 0;
}

static inline bool
key_equal(const struct flow_key *a, const struct flow_key *b, unsigned n)
{
    uint64_t diff = 0;

    for (unsigned i = 0; i < n; i++)
        diff |= a->w[i] ^ b->w[i];
    return !diff;
}

/* Murmur3's 64-bit finalizer steps over each word: cheap, and every input
 * bit reaches the low bits the bucket index uses. */
static inline uint32_t
key_hash(const struct flow_key *k, uint64_t seed, unsigned n)
{
    uint64_t h = seed;

    for (unsigned i = 0; i < n; i++) {
        h ^= k->w[i];
        h *= 0xff51afd7ed558ccdULL;
        h ^= h >> 33;
    }
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return (uint32_t) h;
}

/* How many words a key masked by 'mask' has that may not be 0. */
static unsigned
mask_words(const struct flow_key *mask)
{
    for (unsigned i = NARROW_WORDS; i < FLOW_KEY_WORDS; i++)
        if (mask->w[i])
            return FLOW_KEY_WORDS;
    return NARROW_WORDS;
}

/* key_and(), key_equal() and key_hash() over 'n' words, a subtable's or the
 * classifier's n_words, each branch with a constant count. */
static inline void
and_n(struct flow_key *dst, const struct flow_key *a, const struct flow_key *b, unsigned n)
{
    if (n == NARROW_WORDS)
        key_and(dst, a, b, NARROW_WORDS);
    else
        key_and(dst, a, b, FLOW_KEY_WORDS);
}

static inline bool
equal_n(const struct flow_key *a, const struct flow_key *b, unsigned n)
{
    return n == NARROW_WORDS ? key_equal(a, b, NARROW_WORDS) : key_equal(a, b, FLOW_KEY_WORDS);
}

static inline uint32_t
hash_n(const struct flow_key *k, uint64_t seed, unsigned n)
{
    return n == NARROW_WORDS ? key_hash(k, seed, NARROW_WORDS)
                             : key_hash(k, seed, FLOW_KEY_WORDS);
}

/* Basics. */

struct classifier *
classifier_create(uint64_t hash_seed)
{
    struct classifier *cls = calloc(1, sizeof *cls);

    if (!cls)
        return NULL;
    cls->seed = hash_seed ^ 0x243f6a8885a308d3ULL;
    cls->generation = 1;
    cls->next_seq = 1;
    return cls;
}

static void
subtable_destroy(struct cls_subtable *st)
{
    if (st) {
        free(st->buckets);
        free(st);
    }
}

void
classifier_destroy(struct classifier *cls)
{
    if (!cls)
        return;
    for (size_t i = 0; i < cls->n_subtables; i++)
        subtable_destroy(cls->subtables[i]);
    free(cls->subtables);
    free(cls->emc);
    free(cls);
}

size_t
classifier_count(const struct classifier *cls)
{
    return cls->n_rules;
}

size_t
classifier_n_subtables(const struct classifier *cls)
{
    return cls->n_subtables;
}

uint64_t
classifier_generation(const struct classifier *cls)
{
    return cls->generation;
}

const struct flow_key *
classifier_fields_used(const struct classifier *cls)
{
    return &cls->fields_used;
}

const struct cls_stats *
classifier_stats(const struct classifier *cls)
{
    return &cls->stats;
}

void
cls_rule_init(struct cls_rule *rule, const struct flow_match *match, uint16_t priority)
{
    memset(rule, 0, sizeof *rule);
    rule->match = *match;
    rule->priority = priority;
}

/* Subtables. */

static struct cls_subtable *
subtable_find(const struct classifier *cls, const struct flow_key *mask)
{
    for (size_t i = 0; i < cls->n_subtables; i++)
        if (key_equal(&cls->subtables[i]->mask, mask, FLOW_KEY_WORDS))
            return cls->subtables[i];
    return NULL;
}

/* Keeps 'subtables' sorted by max_priority, highest first; a changed
 * subtable moves to its place (insertion sort: the vector is short and
 * nearly sorted). */
static void
subtables_sort(struct classifier *cls)
{
    for (size_t i = 1; i < cls->n_subtables; i++) {
        struct cls_subtable *st = cls->subtables[i];
        size_t j = i;

        while (j > 0 && cls->subtables[j - 1]->max_priority < st->max_priority) {
            cls->subtables[j] = cls->subtables[j - 1];
            j--;
        }
        cls->subtables[j] = st;
    }
}

static void
fields_used_update(struct classifier *cls)
{
    memset(&cls->fields_used, 0, sizeof cls->fields_used);
    for (size_t i = 0; i < cls->n_subtables; i++)
        for (int w = 0; w < FLOW_KEY_WORDS; w++)
            cls->fields_used.w[w] |= cls->subtables[i]->mask.w[w];
    cls->n_words = mask_words(&cls->fields_used);
}

static struct cls_subtable *
subtable_create(struct classifier *cls, const struct flow_key *mask)
{
    struct cls_subtable *st;

    if (cls->n_subtables == cls->allocated) {
        size_t n = cls->allocated ? 2 * cls->allocated : 4;
        struct cls_subtable **v = realloc(cls->subtables, n * sizeof *v);

        if (!v)
            return NULL;
        cls->subtables = v;
        cls->allocated = n;
    }
    st = calloc(1, sizeof *st);
    if (!st)
        return NULL;
    st->buckets = calloc(SUBTABLE_MIN_BUCKETS, sizeof *st->buckets);
    if (!st->buckets) {
        free(st);
        return NULL;
    }
    st->n_buckets = SUBTABLE_MIN_BUCKETS;
    st->mask = *mask;
    st->n_words = mask_words(mask);
    st->catchall = true;
    for (int i = 0; i < FLOW_KEY_WORDS; i++)
        st->catchall &= !mask->w[i];
    if (st->catchall) {
        struct flow_key zero;

        memset(&zero, 0, sizeof zero);
        st->zero_hash = hash_n(&zero, cls->seed, st->n_words);
    }
    cls->subtables[cls->n_subtables++] = st;
    fields_used_update(cls);
    return st;
}

static void
subtable_remove(struct classifier *cls, struct cls_subtable *st)
{
    for (size_t i = 0; i < cls->n_subtables; i++) {
        if (cls->subtables[i] == st) {
            memmove(&cls->subtables[i], &cls->subtables[i + 1],
                    (cls->n_subtables - i - 1) * sizeof *cls->subtables);
            cls->n_subtables--;
            break;
        }
    }
    subtable_destroy(st);
    fields_used_update(cls);
}

/* Doubles the buckets of 'st'.  Returns false when memory is short. */
static bool
subtable_grow(struct cls_subtable *st)
{
    size_t n = 2 * st->n_buckets;
    struct cls_rule **buckets = calloc(n, sizeof *buckets);

    if (!buckets)
        return false;
    for (size_t i = 0; i < st->n_buckets; i++) {
        struct cls_rule *r = st->buckets[i], *next;

        for (; r; r = next) {
            next = r->hash_next;
            r->hash_next = buckets[r->hash & (n - 1)];
            buckets[r->hash & (n - 1)] = r;
        }
    }
    free(st->buckets);
    st->buckets = buckets;
    st->n_buckets = n;
    return true;
}

/* The head of the rules with exactly 'value' (masked by 'st'), or NULL;
 * '*link' is where the head hangs in its bucket chain. */
static struct cls_rule *
subtable_find_head(const struct cls_subtable *st, const struct flow_key *value,
                   uint32_t hash, struct cls_rule ***link)
{
    struct cls_rule **p = &st->buckets[hash & (st->n_buckets - 1)];

    for (; *p; p = &(*p)->hash_next) {
        if ((*p)->hash == hash && equal_n(&(*p)->match.value, value, st->n_words)) {
            if (link)
                *link = p;
            return *p;
        }
    }
    if (link)
        *link = p;
    return NULL;
}

static void
subtable_update_max(struct cls_subtable *st)
{
    st->max_priority = 0;
    for (size_t i = 0; i < st->n_buckets; i++)
        for (const struct cls_rule *r = st->buckets[i]; r; r = r->hash_next)
            if (r->priority > st->max_priority)
                st->max_priority = r->priority;
}

/* Changing the rule set. */

int
classifier_insert(struct classifier *cls, struct cls_rule *rule, struct cls_rule **displaced)
{
    struct cls_subtable *st = subtable_find(cls, &rule->match.mask);
    bool new_subtable = !st;
    struct cls_rule *head, **link;

    *displaced = NULL;
    /* The cache serves tables of several masks only: allocated with the
     * second (64 KiB a bridge otherwise, docs/security.md section 7). */
    if (!st && cls->n_subtables && !cls->emc
        && !(cls->emc = calloc(CLS_EMC_ENTRIES, sizeof *cls->emc)))
        return ENOMEM;
    if (!st && !(st = subtable_create(cls, &rule->match.mask)))
        return ENOMEM;

    key_and(&rule->match.value, &rule->match.value, &rule->match.mask, FLOW_KEY_WORDS);
    rule->hash = hash_n(&rule->match.value, cls->seed, st->n_words);
    rule->subtable = st;
    rule->next_same = NULL;
    rule->hash_next = NULL;
    head = subtable_find_head(st, &rule->match.value, rule->hash, &link);
    if (!head) {
        if (st->n_heads + 1 > st->n_buckets) {
            if (!subtable_grow(st)) {
                if (new_subtable)
                    subtable_remove(cls, st);
                return ENOMEM;
            }
            subtable_find_head(st, &rule->match.value, rule->hash, &link);
        }
        *link = rule;
        st->n_heads++;
    } else {
        /* Same match: the list is by priority, highest first.  Find where
         * 'rule' goes, replacing a rule of equal priority. */
        struct cls_rule **p = link;

        while (*p && (*p)->priority > rule->priority)
            p = &(*p)->next_same;
        if (*p && (*p)->priority == rule->priority) {
            *displaced = *p;
            rule->next_same = (*p)->next_same;
        } else {
            rule->next_same = *p;
        }
        if (p == link) {
            /* 'rule' becomes the head: it takes over the bucket link. */
            rule->hash_next = head->hash_next;
            head->hash_next = NULL;
        }
        *p = rule;
    }

    rule->seq = cls->next_seq++;
    if (*displaced) {
        (*displaced)->subtable = NULL;
        (*displaced)->next_same = NULL;
        (*displaced)->hash_next = NULL;
    } else {
        cls->n_rules++;
        st->n_rules++;
    }
    if (st->n_rules == 1 || rule->priority > st->max_priority)
        st->max_priority = rule->priority;
    subtables_sort(cls);
    cls->generation++;
    return 0;
}

void
classifier_remove(struct classifier *cls, struct cls_rule *rule)
{
    struct cls_subtable *st = rule->subtable;
    struct cls_rule *head, **link;

    head = subtable_find_head(st, &rule->match.value, rule->hash, &link);
    if (head == rule) {
        if (rule->next_same) {
            rule->next_same->hash_next = rule->hash_next;
            *link = rule->next_same;
        } else {
            *link = rule->hash_next;
            st->n_heads--;
        }
    } else {
        struct cls_rule **p = &head->next_same;

        while (*p != rule)
            p = &(*p)->next_same;
        *p = rule->next_same;
    }
    rule->subtable = NULL;
    rule->hash_next = rule->next_same = NULL;
    cls->n_rules--;
    cls->generation++;
    if (!--st->n_rules) {
        subtable_remove(cls, st);
    } else if (rule->priority == st->max_priority) {
        subtable_update_max(st);
        subtables_sort(cls);
    }
}

struct cls_rule *
classifier_find_exact(const struct classifier *cls, const struct flow_match *match,
                      uint16_t priority)
{
    const struct cls_subtable *st = subtable_find(cls, &match->mask);
    struct flow_key value;
    struct cls_rule *r;

    if (!st)
        return NULL;
    key_and(&value, &match->value, &match->mask, FLOW_KEY_WORDS);
    r = subtable_find_head(st, &value, hash_n(&value, cls->seed, st->n_words), NULL);
    while (r && r->priority > priority)
        r = r->next_same;
    return r && r->priority == priority ? r : NULL;
}

/* Lookup. */

/* Tuple-space search: each subtable at most one probe, highest max_priority
 * first, stopping when no later subtable can beat what was found. */
static const struct cls_rule *
search(struct classifier *cls, const struct flow_key *key)
{
    const struct cls_rule *best = NULL;

    for (size_t i = 0; i < cls->n_subtables; i++) {
        const struct cls_subtable *st = cls->subtables[i];
        struct flow_key masked;
        uint32_t hash;

        if (best && st->max_priority < best->priority)
            break;
        cls->stats.n_subtable_probes++;
        if (st->catchall) {
            /* One match, the empty one: no masking or hashing per key.
             * The default table of a bridge is just this. */
            memset(&masked, 0, sizeof masked);
            hash = st->zero_hash;
        } else {
            and_n(&masked, key, &st->mask, st->n_words);
            hash = hash_n(&masked, cls->seed, st->n_words);
        }
        for (const struct cls_rule *r = st->buckets[hash & (st->n_buckets - 1)]; r;
             r = r->hash_next) {
            if (r->hash == hash && equal_n(&r->match.value, &masked, st->n_words)) {
                if (!best || r->priority > best->priority
                    || (r->priority == best->priority && r->seq < best->seq))
                    best = r;
                break;
            }
        }
    }
    return best;
}

const struct cls_rule *
classifier_lookup(struct classifier *cls, const struct flow_key *key)
{
    struct emc_entry *e;
    struct flow_key k;
    uint32_t hash;

    cls->stats.n_lookups++;
    if (cls->n_subtables <= 1)
        return search(cls, key);

    and_n(&k, key, &cls->fields_used, cls->n_words);
    hash = hash_n(&k, ~cls->seed, cls->n_words);
    e = &cls->emc[hash & (CLS_EMC_ENTRIES - 1)];
    if (e->generation == cls->generation && equal_n(&e->key, &k, cls->n_words)) {
        cls->stats.n_emc_hits++;
        return e->rule;
    }
    e->key = k;
    e->rule = search(cls, &k);
    e->generation = cls->generation;
    return e->rule;
}

/* Iteration. */

void
classifier_for_each(const struct classifier *cls, cls_rule_cb *cb, void *arg)
{
    for (size_t i = 0; i < cls->n_subtables; i++) {
        const struct cls_subtable *st = cls->subtables[i];

        for (size_t b = 0; b < st->n_buckets; b++) {
            struct cls_rule *head = st->buckets[b], *next_head;

            for (; head; head = next_head) {
                struct cls_rule *r = head, *next;

                next_head = head->hash_next;
                for (; r; r = next) {
                    next = r->next_same;
                    cb(r, arg);
                }
            }
        }
    }
}
