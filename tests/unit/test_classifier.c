/* net/classifier.c and the flow table on top of it (bridge_flow_*): who
 * wins a lookup, what replaces what, what loose and strict deletes and
 * modifies select.  The classifier is also checked against a trivially
 * correct linear one over random rule sets and random frames, as OVS's
 * tests/test-classifier.c does. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bridge.h"
#include "classifier.h"
#include "util.h"


static struct classifier *cls;

static void
setup(void)
{
    cls = classifier_create(42);
    cr_assert_not_null(cls);
}

static void
teardown(void)
{
    classifier_destroy(cls);
}

TestSuite(classifier, .init = setup, .fini = teardown);

/* A rule from flow text ("in_port=1 actions=drop": only the match and the
 * priority count here). */
static struct cls_rule *
rule_new(const char *text)
{
    struct cls_rule *r = malloc(sizeof *r);
    struct err_msg err;
    struct flow f;

    cr_assert_not_null(r);
    cr_assert(flow_parse_add(text, &f, &err), "%s: %s", text, err.text);
    cls_rule_init(r, &f.match, f.priority);
    return r;
}

static struct cls_rule *
insert(const char *text)
{
    struct cls_rule *r = rule_new(text), *displaced;

    cr_assert_eq(classifier_insert(cls, r, &displaced), 0);
    cr_assert_null(displaced, "%s replaced a rule", text);
    return r;
}

static struct flow_key
key(uint16_t in_port, int vid, uint8_t dst_last)
{
    struct flow_key k;

    memset(&k, 0, sizeof k);
    k.in_port = in_port;
    k.vlan_tci = vid < 0 ? 0 : FLOW_VLAN_CFI | vid;
    k.dl_dst[0] = 0x52;
    k.dl_dst[5] = dst_last;
    k.dl_type = 0x0800;
    return k;
}

static const struct cls_rule *
lookup(struct flow_key k)
{
    return classifier_lookup(cls, &k);
}

struct rule_list {
    struct cls_rule *rules[4096];
    size_t n;
};

static void
collect_rule(struct cls_rule *r, void *list_)
{
    struct rule_list *list = list_;

    cr_assert_lt(list->n, ARRAY_SIZE(list->rules));
    list->rules[list->n++] = r;
}

/* Removes and frees every rule (collected first: the callback must not
 * remove). */
static void
remove_all(void)
{
    static struct rule_list list;

    list.n = 0;
    classifier_for_each(cls, collect_rule, &list);
    for (size_t i = 0; i < list.n; i++) {
        classifier_remove(cls, list.rules[i]);
        free(list.rules[i]);
    }
    cr_assert_eq(classifier_count(cls), 0);
}

Test(classifier, empty_table_matches_nothing)
{
    cr_assert_null(lookup(key(1, -1, 1)));
    cr_assert_eq(classifier_count(cls), 0);
}

Test(classifier, highest_priority_match_wins)
{
    struct cls_rule *any = insert("priority=1 actions=drop");
    struct cls_rule *port = insert("priority=2,in_port=1 actions=drop");
    struct cls_rule *vlan = insert("priority=4,in_port=1,dl_vlan=1 actions=drop");

    cr_assert_eq(lookup(key(1, 1, 1)), vlan);
    cr_assert_eq(lookup(key(1, 2, 1)), port);
    cr_assert_eq(lookup(key(1, -1, 1)), port, "dl_vlan=1 needs a tag");
    cr_assert_eq(lookup(key(2, 1, 1)), any);
    remove_all();
}

Test(classifier, ties_go_to_the_older_rule)
{
    struct cls_rule *by_port = insert("priority=5,in_port=1 actions=drop");
    struct cls_rule *by_vlan = insert("priority=5,dl_vlan=7 actions=drop");

    cr_assert_eq(lookup(key(1, 7, 1)), by_port, "both match: the first inserted wins");
    cr_assert_eq(lookup(key(2, 7, 1)), by_vlan);

    /* Removed and inserted again, the port rule is now the newer one. */
    classifier_remove(cls, by_port);
    cr_assert_eq(lookup(key(1, 7, 1)), by_vlan);
    struct cls_rule *displaced;
    cr_assert_eq(classifier_insert(cls, by_port, &displaced), 0);
    cr_assert_eq(lookup(key(1, 7, 1)), by_vlan, "re-inserted is newer");
    remove_all();
}

Test(classifier, same_match_and_priority_replaces)
{
    struct cls_rule *old = insert("priority=5,in_port=1 actions=drop");
    struct cls_rule *other = insert("priority=6,in_port=1 actions=drop");
    struct cls_rule *new = rule_new("priority=5,in_port=1 actions=NORMAL"), *displaced;

    cr_assert_eq(classifier_insert(cls, new, &displaced), 0);
    cr_assert_eq(displaced, old);
    free(old);
    cr_assert_eq(classifier_count(cls), 2);
    cr_assert_eq(classifier_find_exact(cls, &new->match, 5), new);
    cr_assert_eq(classifier_find_exact(cls, &other->match, 6), other);
    cr_assert_null(classifier_find_exact(cls, &new->match, 7));
    cr_assert_eq(lookup(key(1, -1, 1)), other);
    classifier_remove(cls, other);
    free(other);
    cr_assert_eq(lookup(key(1, -1, 1)), new);
    remove_all();
}

Test(classifier, same_match_at_several_priorities_keeps_them_all)
{
    struct cls_rule *r[4];

    r[0] = insert("priority=10,in_port=1 actions=drop");
    r[1] = insert("priority=30,in_port=1 actions=drop");
    r[2] = insert("priority=20,in_port=1 actions=drop");
    r[3] = insert("priority=40,in_port=1 actions=drop");
    cr_assert_eq(classifier_n_subtables(cls), 1);
    cr_assert_eq(lookup(key(1, -1, 1)), r[3]);
    /* Remove from the head, the middle and the tail of the list. */
    classifier_remove(cls, r[3]);
    cr_assert_eq(lookup(key(1, -1, 1)), r[1]);
    classifier_remove(cls, r[2]);
    cr_assert_eq(lookup(key(1, -1, 1)), r[1]);
    classifier_remove(cls, r[0]);
    cr_assert_eq(lookup(key(1, -1, 1)), r[1]);
    cr_assert_eq(classifier_find_exact(cls, &r[1]->match, 30), r[1]);
    cr_assert_null(classifier_find_exact(cls, &r[1]->match, 20));
    free(r[0]); free(r[2]); free(r[3]);
    remove_all();
}

Test(classifier, empty_subtables_go_away_and_fields_used_follows)
{
    struct cls_rule *a = insert("in_port=1 actions=drop");
    struct cls_rule *b = insert("tcp,tp_dst=80 actions=drop");

    cr_assert_eq(classifier_n_subtables(cls), 2);
    cr_assert_eq(classifier_fields_used(cls)->in_port, 0xffff);
    cr_assert_eq(classifier_fields_used(cls)->tp_dst, 0xffff);
    classifier_remove(cls, b);
    free(b);
    cr_assert_eq(classifier_n_subtables(cls), 1);
    cr_assert_eq(classifier_fields_used(cls)->tp_dst, 0);
    classifier_remove(cls, a);
    free(a);
    cr_assert_eq(classifier_n_subtables(cls), 0);
    cr_assert_eq(classifier_count(cls), 0);
}

Test(classifier, lookup_stops_at_the_first_subtable_that_cannot_win)
{
    insert("priority=0 actions=drop");
    insert("priority=10,in_port=1 actions=drop");
    insert("priority=20,in_port=1,dl_vlan=1 actions=drop");
    struct cls_rule *top = insert("priority=30,dl_dst=52:00:00:00:00:09 actions=drop");
    insert("priority=5,dl_dst=52:00:00:00:00:08 actions=drop");
    const struct cls_stats *st = classifier_stats(cls);
    uint64_t probes = st->n_subtable_probes;

    /* Order: dl_dst (30), in_port+vlan (20), in_port (10), catch-all (0). */
    cr_assert_not_null(lookup(key(1, 1, 1)));
    cr_assert_eq(st->n_subtable_probes - probes, 2, "the priority-20 rule ends the search");
    probes = st->n_subtable_probes;
    cr_assert_eq(lookup(key(1, 1, 9))->priority, 30);
    cr_assert_eq(st->n_subtable_probes - probes, 1);

    /* Without its priority-30 rule the dl_dst subtable sorts after in_port. */
    classifier_remove(cls, top);
    free(top);
    probes = st->n_subtable_probes;
    cr_assert_eq(lookup(key(1, 1, 1))->priority, 20);
    cr_assert_eq(st->n_subtable_probes - probes, 1, "priority 20 beats every later subtable");
    remove_all();
}

Test(classifier, lookup_cost_does_not_grow_with_rules_sharing_a_mask)
{
    enum { N = 2000 };
    struct cls_rule *rules = calloc(N, sizeof *rules), *displaced;

    for (int i = 0; i < N; i++) {
        struct flow_match m;

        memset(&m, 0, sizeof m);
        m.mask.in_port = 0xffff;
        m.value.in_port = i;
        cls_rule_init(&rules[i], &m, 100);
        cr_assert_eq(classifier_insert(cls, &rules[i], &displaced), 0);
    }
    const struct cls_stats *st = classifier_stats(cls);
    uint64_t probes = st->n_subtable_probes;
    for (int i = 0; i < N; i++)
        cr_assert_eq(lookup(key(i, -1, 0)), &rules[i]);
    cr_assert_eq(st->n_subtable_probes - probes, N, "one probe per lookup");
    for (int i = 0; i < N; i++)
        classifier_remove(cls, &rules[i]);
    free(rules);
}

Test(classifier, exact_match_cache_never_returns_a_stale_answer)
{
    struct cls_rule *low = insert("priority=1 actions=drop");
    struct cls_rule *mid = insert("priority=5,in_port=1 actions=drop");
    const struct cls_stats *st = classifier_stats(cls);
    uint64_t hits = st->n_emc_hits, gen = classifier_generation(cls);

    cr_assert_eq(lookup(key(1, 3, 1)), mid);
    cr_assert_eq(lookup(key(1, 3, 1)), mid);
    cr_assert_eq(st->n_emc_hits - hits, 1, "second lookup of the same key is a cache hit");

    struct cls_rule *high = insert("priority=9,dl_vlan=3 actions=drop");
    cr_assert_gt(classifier_generation(cls), gen);
    cr_assert_eq(lookup(key(1, 3, 1)), high, "an insert invalidates the cache");
    classifier_remove(cls, high);
    free(high);
    cr_assert_eq(lookup(key(1, 3, 1)), mid, "a remove does too");
    classifier_remove(cls, mid);
    free(mid);
    cr_assert_eq(lookup(key(1, 3, 1)), low);
    cr_assert_eq(lookup(key(1, 3, 1)), low);
    remove_all();
}

Test(classifier, fields_no_rule_looks_at_do_not_split_the_cache)
{
    insert("priority=1 actions=drop");
    insert("priority=5,in_port=1 actions=drop");
    const struct cls_stats *st = classifier_stats(cls);

    cr_assert_not_null(lookup(key(2, -1, 1)));
    uint64_t hits = st->n_emc_hits;
    for (int dst = 2; dst < 50; dst++)
        cr_assert_not_null(lookup(key(2, dst, dst)));
    cr_assert_eq(st->n_emc_hits - hits, 48, "only in_port is in the cache key");
    remove_all();
}

/* Random rule sets against a linear scan (OVS's tcls). */

struct tcls_rule {
    struct cls_rule *rule;
    uint64_t age;
};

struct tcls {
    struct tcls_rule rules[256];
    size_t n;
    uint64_t next_age;
};

static const struct cls_rule *
tcls_lookup(const struct tcls *t, const struct flow_key *k)
{
    const struct tcls_rule *best = NULL;

    for (size_t i = 0; i < t->n; i++) {
        const struct tcls_rule *r = &t->rules[i];

        if (flow_match_matches(&r->rule->match, k)
            && (!best || r->rule->priority > best->rule->priority
                || (r->rule->priority == best->rule->priority && r->age < best->age)))
            best = r;
    }
    return best ? best->rule : NULL;
}

static uint64_t rng_state;

static uint32_t
rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state >> 11;
}

/* A random match over one of a few masks, with values from small domains
 * so that random frames hit rules often and rules overlap. */
static void
random_match(struct flow_match *m)
{
    memset(m, 0, sizeof *m);
    switch (rng() % 8) {
    case 0:
        break;
    case 1:
        m->mask.in_port = 0xffff;
        m->value.in_port = 1 + rng() % 3;
        break;
    case 2:
        m->mask.in_port = 0xffff;
        m->value.in_port = 1 + rng() % 3;
        m->mask.vlan_tci = 0x1fff;
        m->value.vlan_tci = FLOW_VLAN_CFI | (1 + rng() % 3);
        break;
    case 3:
        m->mask.dl_dst[5] = 0xff;
        m->value.dl_dst[5] = 1 + rng() % 3;
        break;
    case 4:
        m->mask.dl_type = 0xffff;
        m->value.dl_type = 0x0800;
        m->mask.nw_src = 0xffffff00;
        m->value.nw_src = 0x0a000000 | (1 + rng() % 3) << 8;
        break;
    case 5:
        m->mask.dl_type = 0xffff;
        m->value.dl_type = 0x0800;
        m->mask.nw_proto = 0xff;
        m->value.nw_proto = 6;
        m->mask.tp_dst = rng() % 2 ? 0xffff : 0xff00;
        m->value.tp_dst = (rng() % 3) * 256 & m->mask.tp_dst;
        break;
    case 6:
        /* The tunnel words: subtables that look past the first four. */
        m->mask.tun_id = rng() % 2 ? UINT32_MAX : 0xff00;
        m->value.tun_id = (rng() % 3) * 256 & m->mask.tun_id;
        break;
    case 7:
        m->mask.in_port = 0xffff;
        m->value.in_port = 1 + rng() % 3;
        m->mask.tun_dst = UINT32_MAX;
        m->value.tun_dst = 0xc0a80100 | (rng() % 3);
        break;
    }
}

static void
random_key(struct flow_key *k)
{
    memset(k, 0, sizeof *k);
    k->in_port = 1 + rng() % 4;
    k->vlan_tci = rng() % 4 ? FLOW_VLAN_CFI | (1 + rng() % 4) : 0;
    k->dl_dst[5] = 1 + rng() % 4;
    k->dl_type = rng() % 4 ? 0x0800 : 0x0806;
    if (k->dl_type == 0x0800) {
        k->nw_proto = rng() % 2 ? 6 : 17;
        k->nw_src = 0x0a000000 | (1 + rng() % 4) << 8 | rng() % 256;
        k->tp_dst = (rng() % 4) * 256 + rng() % 2;
    }
    if (rng() % 2) {
        /* From a tunnel; other frames have all tunnel fields 0. */
        k->tun_id = (rng() % 4) * 256 + rng() % 2;
        k->tun_src = 0xc0a80100 | (rng() % 4);
        k->tun_dst = 0xc0a80100 | (rng() % 4);
    }
}

Test(classifier, agrees_with_a_linear_scan_over_random_rule_sets)
{
    for (unsigned round = 0; round < 50; round++) {
        struct tcls t = { .n = 0 };

        rng_state = 0x9e3779b97f4a7c15ULL + round;
        for (unsigned step = 0; step < 400; step++) {
            unsigned op = rng() % 10;

            if (op < 5 && t.n < ARRAY_SIZE(t.rules)) {
                struct cls_rule *r = malloc(sizeof *r), *displaced;
                struct flow_match m;
                size_t same = t.n;

                random_match(&m);
                cls_rule_init(r, &m, rng() % 6);
                for (size_t i = 0; i < t.n; i++)
                    if (t.rules[i].rule->priority == r->priority
                        && flow_match_equal(&t.rules[i].rule->match, &r->match))
                        same = i;
                cr_assert_eq(classifier_insert(cls, r, &displaced), 0);
                if (same < t.n) {
                    cr_assert_eq(displaced, t.rules[same].rule, "round %u step %u", round, step);
                    free(displaced);
                    t.rules[same] = t.rules[--t.n];
                } else {
                    cr_assert_null(displaced);
                }
                t.rules[t.n++] = (struct tcls_rule) { r, t.next_age++ };
            } else if (op < 7 && t.n) {
                size_t i = rng() % t.n;

                classifier_remove(cls, t.rules[i].rule);
                free(t.rules[i].rule);
                t.rules[i] = t.rules[--t.n];
            } else {
                for (int j = 0; j < 20; j++) {
                    struct flow_key k;

                    random_key(&k);
                    cr_assert_eq(classifier_lookup(cls, &k), tcls_lookup(&t, &k),
                                 "round %u step %u: lookup differs", round, step);
                }
            }
            cr_assert_eq(classifier_count(cls), t.n);
        }
        for (size_t i = 0; i < t.n; i++) {
            classifier_remove(cls, t.rules[i].rule);
            free(t.rules[i].rule);
        }
        cr_assert_eq(classifier_n_subtables(cls), 0);
    }
}

/* The flow table of a bridge: OpenFlow 1.0 add, delete and modify. */

static struct bridge *br;

static void
table_setup(void)
{
    struct bridge_config cfg = { .max_ports = 8 };

    br = bridge_create(&cfg);
    cr_assert_not_null(br);
    bridge_flow_clear(br);
}

static void
table_teardown(void)
{
    bridge_destroy(br);
}

TestSuite(flow_table, .init = table_setup, .fini = table_teardown);

static void
add(const char *text, int64_t now)
{
    struct err_msg err;
    struct flow f;

    cr_assert(flow_parse_add(text, &f, &err), "%s: %s", text, err.text);
    cr_assert_eq(bridge_flow_add(br, &f, now), 0);
}

static struct flow_filter
filter(const char *text, bool strict)
{
    struct flow_filter ff;
    struct err_msg err;

    cr_assert(flow_parse_filter(text, strict, &ff, &err), "%s: %s", text, err.text);
    return ff;
}

static size_t
delete(const char *text, bool strict)
{
    struct flow_filter ff = filter(text, strict);

    return bridge_flow_delete(br, &ff);
}

static size_t
modify(const char *text, bool strict, int64_t now)
{
    struct flow_mod fm;
    struct err_msg err;
    size_t n;

    cr_assert(flow_parse_modify(text, strict, &fm, &err), "%s: %s", text, err.text);
    cr_assert_eq(bridge_flow_modify(br, &fm, now, &n), 0);
    return n;
}

/* The flows as dump-flows --no-stats would list them, one per line. */
static const char *
dump(void)
{
    static char text[4096];
    struct bridge_flow_info info[32];
    size_t n = bridge_flow_collect(br, NULL, info, ARRAY_SIZE(info)), len = 0;

    text[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        len += flow_format(&info[i].flow, text + len, sizeof text - len);
        len += snprintf(text + len, sizeof text - len, "\n");
    }
    return text;
}

static void
add_openstack_br_eth1(void)
{
    add("priority=4,in_port=1,dl_vlan=1 actions=mod_vlan_vid:100,NORMAL", 0);
    add("priority=2,in_port=1 actions=drop", 0);
    add("priority=1 actions=NORMAL", 0);
}

Test(flow_table, dump_lists_by_priority_then_age)
{
    add("priority=5,in_port=2 actions=drop", 0);
    add("priority=7,in_port=1 actions=drop", 0);
    add("priority=5,in_port=1 actions=drop", 0);
    add("actions=NORMAL", 0);
    cr_assert_str_eq(dump(), "actions=NORMAL\n"
                             "priority=7,in_port=1 actions=drop\n"
                             "priority=5,in_port=2 actions=drop\n"
                             "priority=5,in_port=1 actions=drop\n");
    cr_assert_eq(bridge_flow_count(br), 4);
}

Test(flow_table, collect_into_a_short_array_still_gives_the_first_in_order)
{
    struct bridge_flow_info info[2];

    add("priority=1,in_port=1 actions=drop", 0);
    add("priority=9,in_port=2 actions=drop", 0);
    add("priority=5,in_port=3 actions=drop", 0);
    cr_assert_eq(bridge_flow_collect(br, NULL, info, 2), 3);
    cr_assert_eq(info[0].flow.priority, 9);
    cr_assert_eq(info[1].flow.priority, 5);
    cr_assert_eq(bridge_flow_collect(br, NULL, NULL, 0), 3, "counting only");
    struct flow_filter ff = filter("in_port=3", false);
    cr_assert_eq(bridge_flow_collect(br, &ff, info, 2), 1);
    cr_assert_eq(info[0].flow.priority, 5);
}

Test(flow_table, add_with_same_match_and_priority_replaces_and_resets_counters)
{
    struct bridge_flow_info info[4];

    add("priority=2,in_port=1 actions=drop", 1000);
    add("priority=3,in_port=1 actions=drop", 1000);
    cr_assert_eq(bridge_flow_count(br), 2);
    add("cookie=0x9,priority=2,in_port=1 actions=NORMAL", 5000);
    cr_assert_eq(bridge_flow_count(br), 2);
    cr_assert_eq(bridge_flow_collect(br, NULL, info, 4), 2);
    cr_assert_eq(info[1].flow.priority, 2);
    cr_assert_eq(info[1].flow.cookie, 9);
    cr_assert_eq(info[1].flow.actions[0].type, FLOW_ACT_NORMAL);
    /* OpenFlow 1.0 add: a new flow, counted and aged from the add. */
    cr_assert_eq(info[1].stats.created_ms, 5000);
    cr_assert_eq(info[1].stats.n_packets, 0);
}

Test(flow_table, loose_delete_removes_every_flow_the_match_covers)
{
    add_openstack_br_eth1();
    add("priority=3,in_port=2 actions=drop", 0);
    cr_assert_eq(delete("in_port=1", false), 2);
    cr_assert_str_eq(dump(), "priority=3,in_port=2 actions=drop\n"
                             "priority=1 actions=NORMAL\n");
    cr_assert_eq(delete("in_port=1", false), 0);
    cr_assert_eq(delete("", false), 2, "an empty match covers everything");
    cr_assert_eq(bridge_flow_count(br), 0);
}

Test(flow_table, strict_delete_needs_the_same_match_and_priority)
{
    add_openstack_br_eth1();
    cr_assert_eq(delete("in_port=1", true), 0, "priority 32768 matches none");
    cr_assert_eq(delete("priority=4,in_port=1", true), 0, "dl_vlan=1 is part of the match");
    cr_assert_eq(delete("priority=2,in_port=1", true), 1);
    cr_assert_eq(delete("priority=1", true), 1);
    cr_assert_str_eq(dump(), "priority=4,in_port=1,dl_vlan=1 actions=mod_vlan_vid:100,NORMAL\n");
}

Test(flow_table, delete_by_cookie_and_out_port)
{
    add("cookie=0x10,priority=5,in_port=1 actions=output:2", 0);
    add("cookie=0x11,priority=5,in_port=2 actions=output:1", 0);
    add("cookie=0x20,priority=5,in_port=3 actions=NORMAL", 0);
    cr_assert_eq(delete("cookie=0x10/0xf0", false), 2);
    cr_assert_eq(delete("out_port=NORMAL", false), 1);
    cr_assert_eq(bridge_flow_count(br), 0);
}

Test(flow_table, loose_modify_changes_actions_and_keeps_counters_and_age)
{
    struct bridge_flow_info info[4];

    add("priority=4,in_port=1,dl_vlan=1 actions=mod_vlan_vid:100,NORMAL", 1000);
    add("idle_timeout=60,priority=2,in_port=1 actions=drop", 1000);
    add("priority=1 actions=NORMAL", 1000);
    cr_assert_eq(modify("in_port=1 actions=output:3", false, 4000), 2);
    cr_assert_str_eq(dump(), "priority=4,in_port=1,dl_vlan=1 actions=output:3\n"
                             "idle_timeout=60, priority=2,in_port=1 actions=output:3\n"
                             "priority=1 actions=NORMAL\n");
    bridge_flow_collect(br, NULL, info, 4);
    cr_assert_eq(info[0].stats.created_ms, 1000, "age kept");
    cr_assert_eq(info[0].stats.modified_ms, 4000, "hard_age restarts");
}

Test(flow_table, strict_modify_changes_one_flow_and_may_set_the_cookie)
{
    add_openstack_br_eth1();
    cr_assert_eq(modify("cookie=0x5,priority=2,in_port=1 actions=NORMAL", true, 0), 1);
    cr_assert_str_eq(dump(), "priority=4,in_port=1,dl_vlan=1 actions=mod_vlan_vid:100,NORMAL\n"
                             "cookie=0x5, priority=2,in_port=1 actions=NORMAL\n"
                             "priority=1 actions=NORMAL\n");
}

Test(flow_table, modify_of_nothing_adds_the_flow_unless_a_cookie_mask_selects)
{
    add("priority=1 actions=NORMAL", 0);
    cr_assert_eq(modify("cookie=0x1/-1,in_port=7 actions=drop", false, 0), 0);
    cr_assert_eq(bridge_flow_count(br), 1, "a cookie mask never adds");
    cr_assert_eq(modify("priority=9,in_port=7 actions=drop", true, 0), 0);
    cr_assert_str_eq(dump(), "priority=9,in_port=7 actions=drop\n"
                             "priority=1 actions=NORMAL\n", "OpenFlow 1.0: added");
}

Test(flow_table, replace_swaps_the_whole_table)
{
    struct flow flows[2];
    struct err_msg err;

    add_openstack_br_eth1();
    cr_assert(flow_parse_add("priority=3,in_port=6,dl_vlan=100 actions=mod_vlan_vid:1,NORMAL",
                             &flows[0], &err));
    flow_init_normal(&flows[1]);
    cr_assert_eq(bridge_flow_replace(br, flows, 2, 7000), 0);
    cr_assert_str_eq(dump(), "priority=3,in_port=6,dl_vlan=100 actions=mod_vlan_vid:1,NORMAL\n"
                             "priority=0 actions=NORMAL\n");
    cr_assert_eq(bridge_flow_replace(br, NULL, 0, 7000), 0);
    cr_assert_eq(bridge_flow_count(br), 0);
}
