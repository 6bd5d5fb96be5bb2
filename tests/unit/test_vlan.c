/* Unit tests for net/vlan.c: VLAN sets, the IOS VLAN-list grammar and the
 * per-port VLAN policy (docs/design.md section 4).  The contract is net/vlan.h.
 *
 * Sets are checked against a plain bool[4096] model; the compact formatter
 * is checked against a ten-line reference formatter over random sets drawn
 * from a fixed-seed PRNG, so a failure reproduces exactly. */

#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

#include "vlan.h"
#include "util.h"

/* Helpers. */

static uint32_t rng_state;

static uint32_t
rng(void)
{
    uint32_t x = rng_state;     /* xorshift32 */
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return rng_state = x;
}

static struct vlan_set
set_of(const char *list)
{
    struct vlan_set s;
    struct err_msg err = { 0, 0, "" };

    vlan_set_clear(&s);
    cr_assert(vlan_set_parse(list, &s, &err), "parse \"%s\": %s", list,
              err.text);
    return s;
}

/* Asserts that 's' holds exactly the VIDs listed in 'list'. */
static void
assert_members(const struct vlan_set *s, const char *list)
{
    bool want[VLAN_N_IDS] = { false };
    unsigned n = 0;
    const char *p = list;

    while (*p) {
        unsigned a = 0, b;
        while (*p >= '0' && *p <= '9')
            a = a * 10 + (unsigned) (*p++ - '0');
        b = a;
        if (*p == '-') {
            p++;
            b = 0;
            while (*p >= '0' && *p <= '9')
                b = b * 10 + (unsigned) (*p++ - '0');
        }
        for (unsigned v = a; v <= b; v++)
            want[v] = true;
        if (*p == ',')
            p++;
    }
    for (unsigned v = 0; v < VLAN_N_IDS; v++) {
        cr_assert_eq(vlan_set_contains(s, v), want[v],
                     "VID %u: member %d, want %d (expected set \"%s\")",
                     v, vlan_set_contains(s, v), want[v], list);
        n += want[v];
    }
    cr_assert_eq(vlan_set_count(s), n, "count %u, want %u",
                 vlan_set_count(s), n);
}

static void
assert_format(const struct vlan_set *s, const char *want)
{
    char buf[VLAN_SET_STR_MAX];
    size_t n = vlan_set_format(s, buf, sizeof buf);

    cr_assert_str_eq(buf, want);
    cr_assert_eq(n, strlen(want), "returned %zu, want %zu", n, strlen(want));
}

/* The trivially correct formatter the real one is compared with. */
static void
reference_format(const struct vlan_set *s, char *buf, size_t size)
{
    size_t used = 0;

    buf[0] = '\0';
    for (unsigned v = 1; v <= VLAN_VID_MAX; v++) {
        if (!vlan_set_contains(s, v))
            continue;
        unsigned last = v;
        while (last + 1 <= VLAN_VID_MAX && vlan_set_contains(s, last + 1))
            last++;
        const char *sep = used ? "," : "";
        if (last == v)
            used += (size_t) snprintf(buf + used, size - used, "%s%u", sep, v);
        else if (last == v + 1)
            used += (size_t) snprintf(buf + used, size - used, "%s%u,%u",
                                      sep, v, last);
        else
            used += (size_t) snprintf(buf + used, size - used, "%s%u-%u",
                                      sep, v, last);
        v = last;
    }
    if (!used)
        snprintf(buf, size, "none");
}

/* A random set: runs of random length, with random gaps, at a density that
 * depends on 'i' so small, sparse, dense and nearly full sets all occur. */
static struct vlan_set
random_set(unsigned i)
{
    static const unsigned max_gap[] = { 2, 3, 8, 60, 600, 4000 };
    static const unsigned max_run[] = { 1, 3, 4, 30, 300, 2 };
    unsigned g = max_gap[i % 6], r = max_run[i % 6];
    struct vlan_set s;
    unsigned v = 1 + rng() % g;

    vlan_set_clear(&s);
    while (v <= VLAN_VID_MAX) {
        unsigned len = 1 + rng() % r;
        for (unsigned k = 0; k < len && v <= VLAN_VID_MAX; k++)
            vlan_set_add(&s, v++);
        v += 1 + rng() % g;
    }
    if (vlan_set_is_empty(&s))
        vlan_set_add(&s, 1 + rng() % VLAN_VID_MAX);
    return s;
}

/* VLAN sets. */

Test(vlan, cleared_set_is_empty)
{
    struct vlan_set s;

    memset(&s, 0xff, sizeof s);
    vlan_set_clear(&s);
    cr_assert(vlan_set_is_empty(&s));
    cr_assert_not(vlan_set_is_full(&s));
    cr_assert_eq(vlan_set_count(&s), 0);
    for (unsigned v = 0; v < VLAN_N_IDS; v++)
        cr_assert_not(vlan_set_contains(&s, v), "VID %u", v);
}

Test(vlan, set_add_remove_contains_and_count)
{
    struct vlan_set s;

    vlan_set_clear(&s);
    vlan_set_add(&s, 1);
    vlan_set_add(&s, 63);
    vlan_set_add(&s, 64);
    vlan_set_add(&s, 4094);
    vlan_set_add(&s, 64);               /* twice: still one member */
    assert_members(&s, "1,63-64,4094");
    cr_assert_not(vlan_set_is_empty(&s));

    vlan_set_remove(&s, 63);
    vlan_set_remove(&s, 100);           /* not a member: no change */
    assert_members(&s, "1,64,4094");

    vlan_set_remove(&s, 1);
    vlan_set_remove(&s, 64);
    vlan_set_remove(&s, 4094);
    cr_assert(vlan_set_is_empty(&s));
    cr_assert_eq(vlan_set_count(&s), 0);
}

Test(vlan, set_add_range_includes_both_ends)
{
    struct vlan_set s;

    vlan_set_clear(&s);
    vlan_set_add_range(&s, 60, 130);
    vlan_set_add_range(&s, 200, 200);
    assert_members(&s, "60-130,200");
}

Test(vlan, set_contains_is_false_beyond_4095)
{
    struct vlan_set s;

    vlan_set_fill(&s);
    cr_assert_not(vlan_set_contains(&s, 4096));
    cr_assert_not(vlan_set_contains(&s, 100000));
}

Test(vlan, set_fill_holds_1_to_4094_only)
{
    struct vlan_set s;

    vlan_set_clear(&s);
    vlan_set_fill(&s);
    cr_assert_not(vlan_set_contains(&s, 0), "VID 0 is not a set member");
    cr_assert_not(vlan_set_contains(&s, 4095), "VID 4095 is reserved");
    cr_assert(vlan_set_contains(&s, 1));
    cr_assert(vlan_set_contains(&s, 4094));
    cr_assert_eq(vlan_set_count(&s), 4094);
    cr_assert(vlan_set_is_full(&s));
    cr_assert_not(vlan_set_is_empty(&s));
    assert_members(&s, "1-4094");
}

Test(vlan, set_missing_one_vid_is_not_full)
{
    static const unsigned holes[] = { 1, 63, 64, 2000, 4094 };

    for (size_t i = 0; i < ARRAY_SIZE(holes); i++) {
        struct vlan_set s;
        vlan_set_fill(&s);
        vlan_set_remove(&s, holes[i]);
        cr_assert_not(vlan_set_is_full(&s), "full without VID %u", holes[i]);
        cr_assert_eq(vlan_set_count(&s), 4093);
    }
}

Test(vlan, set_built_by_ranges_of_1_to_4094_is_full)
{
    struct vlan_set s;

    vlan_set_clear(&s);
    vlan_set_add_range(&s, 1, 2000);
    cr_assert_not(vlan_set_is_full(&s));
    vlan_set_add_range(&s, 2001, 4094);
    cr_assert(vlan_set_is_full(&s));
}

Test(vlan, set_equal_compares_every_vid)
{
    struct vlan_set a, b;

    vlan_set_clear(&a);
    vlan_set_clear(&b);
    cr_assert(vlan_set_equal(&a, &b));

    vlan_set_add(&a, 4094);
    cr_assert_not(vlan_set_equal(&a, &b));
    cr_assert_not(vlan_set_equal(&b, &a));
    vlan_set_add(&b, 4094);
    cr_assert(vlan_set_equal(&a, &b));

    vlan_set_add(&a, 1);
    cr_assert_not(vlan_set_equal(&a, &b));
    vlan_set_add(&b, 2);
    cr_assert_not(vlan_set_equal(&a, &b), "same count, different VIDs");

    vlan_set_fill(&a);
    b = a;                              /* sets are plain values */
    cr_assert(vlan_set_equal(&a, &b));
}

/* Parsing VLAN lists. */

Test(vlan, parse_reads_ids_and_ranges)
{
    struct vlan_set s = set_of("1,10-20,100");

    assert_members(&s, "1,10-20,100");
    cr_assert_eq(vlan_set_count(&s), 13);
}

Test(vlan, parse_accepts_boundaries_single_id_and_full_range)
{
    struct vlan_set s;

    s = set_of("1");
    assert_members(&s, "1");
    s = set_of("4094");
    assert_members(&s, "4094");
    s = set_of("1-4094");
    cr_assert(vlan_set_is_full(&s));
    s = set_of("7-7");
    assert_members(&s, "7");
}

Test(vlan, parse_accepts_overlapping_and_unordered_atoms)
{
    struct vlan_set s = set_of("300,5-15,10-20,1,5");

    assert_members(&s, "1,5-20,300");
}

Test(vlan, parse_replaces_previous_contents)
{
    struct vlan_set s;
    struct err_msg err;

    vlan_set_fill(&s);
    cr_assert(vlan_set_parse("10,20", &s, &err), "%s", err.text);
    assert_members(&s, "10,20");
}

Test(vlan, parse_accepts_null_err)
{
    struct vlan_set s;

    vlan_set_clear(&s);
    cr_assert(vlan_set_parse("2-3", &s, NULL));
    assert_members(&s, "2-3");
    cr_assert_not(vlan_set_parse("5000", &s, NULL));
    assert_members(&s, "2-3");
}

struct bad_list {
    const char *list;
    int col;
    const char *text;
};

/* Messages name the whole bad atom; 'col' is where the atom starts. */
#define BAD_ELEMENT(atom) \
    "invalid VLAN list element \"" atom "\" (expected a VLAN id or a range like 10-20)"
#define BAD_ID(atom) "invalid VLAN id \"" atom "\" (expected 1-4094)"

static const struct bad_list bad_lists[] = {
    { "0",        1, BAD_ID("0") },
    { "4095",     1, BAD_ID("4095") },
    { "5000",     1, BAD_ID("5000") },
    { "1,5000",   3, BAD_ID("5000") },
    { "1,3-4095", 3, BAD_ID("3-4095") },
    { "0-5",      1, BAD_ID("0-5") },
    { "99999999999999999999", 1, BAD_ID("99999999999999999999") },
    { "10-5",     1, "invalid VLAN range \"10-5\" (start above end)" },
    { "1,20-10",  3, "invalid VLAN range \"20-10\" (start above end)" },
    { "5-4",      1, "invalid VLAN range \"5-4\" (start above end)" },
    { "",         1, "empty VLAN list (expected e.g. 1,10-20)" },
    { "abc",      1, BAD_ELEMENT("abc") },
    { "1,,2",     3, BAD_ELEMENT("") },
    { "1,",       3, BAD_ELEMENT("") },
    { ",1",       1, BAD_ELEMENT("") },
    { "1-",       1, BAD_ELEMENT("1-") },
    { "-5",       1, BAD_ELEMENT("-5") },
    { " 1",       1, BAD_ELEMENT(" 1") },       /* no spaces in a list */
    { "1 ",       1, BAD_ELEMENT("1 ") },
    { "1, 2",     3, BAD_ELEMENT(" 2") },
    { "1-2-3",    1, BAD_ELEMENT("1-2-3") },
    { "+5",       1, BAD_ELEMENT("+5") },
    { "1;2",      1, BAD_ELEMENT("1;2") },
    /* IOS numbers have no leading zeros. */
    { "007",      1, BAD_ELEMENT("007") },
    { "1,05-10",  3, BAD_ELEMENT("05-10") },
};

Test(vlan, parse_rejects_bad_lists_with_exact_messages)
{
    for (size_t i = 0; i < ARRAY_SIZE(bad_lists); i++) {
        const struct bad_list *b = &bad_lists[i];
        struct err_msg err = { 0, 0, "" };
        struct vlan_set s;

        vlan_set_clear(&s);
        cr_assert_not(vlan_set_parse(b->list, &s, &err),
                      "accepted \"%s\"", b->list);
        cr_expect_str_eq(err.text, b->text, "\"%s\": got '%s', want '%s'",
                         b->list, err.text, b->text);
        cr_expect_eq(err.col, b->col, "\"%s\": col %d, want %d",
                     b->list, err.col, b->col);
    }
}

Test(vlan, parse_error_leaves_output_unchanged)
{
    for (size_t i = 0; i < ARRAY_SIZE(bad_lists); i++) {
        struct vlan_set s = set_of("7,100-200,4094");
        struct vlan_set before = s;

        cr_assert_not(vlan_set_parse(bad_lists[i].list, &s, NULL));
        cr_assert(vlan_set_equal(&s, &before), "\"%s\" changed the set",
                  bad_lists[i].list);
    }
}

/* Formatting VLAN lists. */

Test(vlan, format_empty_set_as_none)
{
    struct vlan_set s;

    vlan_set_clear(&s);
    assert_format(&s, "none");
}

Test(vlan, format_full_set_as_one_range)
{
    struct vlan_set s;

    vlan_set_fill(&s);
    assert_format(&s, "1-4094");
}

Test(vlan, format_writes_ids_and_ranges_in_order)
{
    struct vlan_set s = set_of("100,10-20,1");

    assert_format(&s, "1,10-20,100");
}

Test(vlan, format_prints_runs_of_two_as_ids_and_three_or_more_as_range)
{
    struct vlan_set s;

    s = set_of("1-2");
    assert_format(&s, "1,2");
    s = set_of("1-3");
    assert_format(&s, "1-3");
    s = set_of("5-6,8-10,12,4093-4094");
    assert_format(&s, "5,6,8-10,12,4093,4094");
    s = set_of("4092-4094");
    assert_format(&s, "4092-4094");
}

/* A short buffer gets what snprintf(buf, size, "%s", full) would write: the
 * first size-1 bytes and a NUL, nothing past 'size'; the return value is the
 * full length. */
static void
check_truncation(const struct vlan_set *s, const char *full)
{
    size_t full_len = strlen(full);
    char buf[64];

    cr_assert_lt(full_len + 2, sizeof buf);
    for (size_t size = 1; size <= full_len + 2; size++) {
        memset(buf, 'X', sizeof buf);
        size_t n = vlan_set_format(s, buf, size);
        cr_assert_eq(n, full_len, "size %zu: returned %zu, want %zu",
                     size, n, full_len);
        char want[64];
        snprintf(want, size, "%s", full);
        cr_assert_str_eq(buf, want, "size %zu", size);
        for (size_t k = size; k < sizeof buf; k++)
            cr_assert_eq(buf[k], 'X', "size %zu: wrote byte %zu", size, k);
    }
}

Test(vlan, format_truncates_like_snprintf_and_returns_full_length)
{
    struct vlan_set s = set_of("1,10-20,100");

    check_truncation(&s, "1,10-20,100");
    s = set_of("1-2,4094");
    check_truncation(&s, "1,2,4094");
    vlan_set_clear(&s);
    check_truncation(&s, "none");
}

Test(vlan, format_with_zero_size_writes_nothing)
{
    struct vlan_set s = set_of("1,10-20,100");
    char buf[4] = { 'X', 'X', 'X', 'X' };

    cr_assert_eq(vlan_set_format(&s, buf, 0), 11);
    cr_assert_eq(buf[0], 'X');
    cr_assert_eq(vlan_set_format(&s, NULL, 0), 11);
}

Test(vlan, format_of_longest_lists_fits_str_max)
{
    /* Every other VID, and every VID but multiples of three (all pairs):
     * the two patterns with the most characters per VID. */
    struct vlan_set odd, pairs;
    static char buf[2 * VLAN_SET_STR_MAX];
    static char ref[2 * VLAN_SET_STR_MAX];

    vlan_set_clear(&odd);
    vlan_set_clear(&pairs);
    for (unsigned v = 1; v <= VLAN_VID_MAX; v++) {
        if (v % 2)
            vlan_set_add(&odd, v);
        if (v % 3)
            vlan_set_add(&pairs, v);
    }
    size_t n = vlan_set_format(&odd, buf, sizeof buf);
    reference_format(&odd, ref, sizeof ref);
    cr_assert_eq(n, 9679);
    cr_assert_str_eq(buf, ref);

    /* "1,2,4,5,7,8,...,4093,4094": 2730 VIDs, no ranges.  The longest
     * possible list (an exhaustive search over run patterns agrees). */
    n = vlan_set_format(&pairs, buf, sizeof buf);
    reference_format(&pairs, ref, sizeof ref);
    cr_assert_str_eq(buf, ref);
    cr_assert_eq(n, 12911);
    cr_assert_lt(n, VLAN_SET_STR_MAX,
                 "the longest list needs %zu bytes, VLAN_SET_STR_MAX is %d",
                 n + 1, VLAN_SET_STR_MAX);
}

Test(vlan, format_matches_reference_and_parses_back_on_random_sets)
{
    rng_state = 0x2545f491;
    for (unsigned i = 0; i < 300; i++) {
        struct vlan_set s = random_set(i), back;
        static char buf[2 * VLAN_SET_STR_MAX], ref[2 * VLAN_SET_STR_MAX];
        struct err_msg err = { 0, 0, "" };

        size_t n = vlan_set_format(&s, buf, sizeof buf);
        reference_format(&s, ref, sizeof ref);
        cr_assert_str_eq(buf, ref, "set %u", i);
        cr_assert_eq(n, strlen(ref), "set %u", i);

        vlan_set_clear(&back);
        cr_assert(vlan_set_parse(buf, &back, &err), "set %u: \"%s\": %s",
                  i, buf, err.text);
        cr_assert(vlan_set_equal(&s, &back), "set %u: \"%s\" round trip",
                  i, buf);
    }
}

/* Editing allowed lists. */

Test(vlan, edit_with_bare_list_replaces_set)
{
    struct vlan_set s;
    struct err_msg err;

    vlan_set_fill(&s);
    cr_assert(vlan_set_edit(&s, "10-20", &err), "%s", err.text);
    assert_members(&s, "10-20");
}

Test(vlan, edit_add_remove_except_all_none_in_sequence)
{
    struct vlan_set s;
    struct err_msg err;

    vlan_set_clear(&s);
    cr_assert(vlan_set_edit(&s, "10-20", &err), "%s", err.text);
    assert_members(&s, "10-20");

    cr_assert(vlan_set_edit(&s, "add 30", &err), "%s", err.text);
    assert_members(&s, "10-20,30");

    cr_assert(vlan_set_edit(&s, "add 5,19-22", &err), "%s", err.text);
    assert_members(&s, "5,10-22,30");

    cr_assert(vlan_set_edit(&s, "remove 15", &err), "%s", err.text);
    assert_members(&s, "5,10-14,16-22,30");

    cr_assert(vlan_set_edit(&s, "remove 1-11,4000", &err), "%s", err.text);
    assert_members(&s, "12-14,16-22,30");

    cr_assert(vlan_set_edit(&s, "except 1-100", &err), "%s", err.text);
    assert_members(&s, "101-4094");

    cr_assert(vlan_set_edit(&s, "none", &err), "%s", err.text);
    cr_assert(vlan_set_is_empty(&s));

    cr_assert(vlan_set_edit(&s, "all", &err), "%s", err.text);
    cr_assert(vlan_set_is_full(&s));
    assert_members(&s, "1-4094");
}

Test(vlan, edit_except_ignores_previous_contents)
{
    struct vlan_set s;

    vlan_set_clear(&s);
    vlan_set_add(&s, 5);
    cr_assert(vlan_set_edit(&s, "except 2,4094", NULL));
    assert_members(&s, "1,3-4093");
}

Test(vlan, edit_accepts_several_spaces_between_words)
{
    struct vlan_set s;
    struct err_msg err;

    s = set_of("1");
    cr_assert(vlan_set_edit(&s, "add   30", &err), "%s", err.text);
    assert_members(&s, "1,30");
    cr_assert(vlan_set_edit(&s, "remove  1", &err), "%s", err.text);
    assert_members(&s, "30");
}

static struct vlan_set
every_vid_but_multiples_of_3(void)
{
    struct vlan_set s;

    vlan_set_clear(&s);
    for (unsigned v = 1; v <= VLAN_VID_MAX; v++)
        if (v % 3)
            vlan_set_add(&s, v);
    return s;
}

Test(vlan, edit_applies_longest_formatted_list)
{
    /* Whatever vlan_set_format() writes, an edit must take back whole:
     * "1,2,4,5,...,4093,4094" is the longest list it ever writes. */
    static char list[VLAN_SET_STR_MAX], edit[VLAN_SET_STR_MAX + 16];
    struct vlan_set want = every_vid_but_multiples_of_3(), s;
    struct err_msg err = { 0, 0, "" };

    size_t n = vlan_set_format(&want, list, sizeof list);
    cr_assert_eq(n, 12911);
    snprintf(edit, sizeof edit, "add %s", list);

    s = set_of("3");
    cr_assert(vlan_set_edit(&s, list, &err), "%s", err.text);
    cr_assert(vlan_set_equal(&s, &want), "bare list applied partly");

    s = set_of("3");
    cr_assert(vlan_set_edit(&s, edit, &err), "%s", err.text);
    vlan_set_add(&want, 3);
    cr_assert(vlan_set_equal(&s, &want), "add list applied partly");
}

Test(vlan, edit_never_applies_part_of_an_overlong_list)
{
    /* "F,1,1,...,1,4094", longer than any list vlan_set_format() writes.
     * The header sets no length limit on edits, so an edit may take such a
     * list whole or refuse it; it must not apply a cut-off prefix (one
     * without 4094, or ending in "40").  F is 2, 20, 200 or 2000, so a cut
     * at a fixed buffer size lands on every offset of the tail. */
    static const char *const first[] = { "2", "20", "200", "2000" };

    for (size_t i = 0; i < ARRAY_SIZE(first); i++) {
        static char list[VLAN_SET_STR_MAX + 64];
        char want[32];
        size_t len = (size_t) snprintf(list, sizeof list, "%s", first[i]);
        struct vlan_set s;
        struct err_msg err = { 0, 0, "" };

        while (len < VLAN_SET_STR_MAX)
            len += (size_t) snprintf(list + len, sizeof list - len, ",1");
        snprintf(list + len, sizeof list - len, ",4094");
        snprintf(want, sizeof want, "1,%s,4094", first[i]);

        vlan_set_clear(&s);
        cr_assert(vlan_set_parse(list, &s, &err), "%s", err.text);
        assert_members(&s, want);

        s = set_of("10");
        if (vlan_set_edit(&s, list, &err))
            assert_members(&s, want);
        else
            assert_members(&s, "10");
    }
}

struct bad_edit {
    const char *edit;
    int col;
    const char *text;
};

/* 'col' is the 1-based offset of the bad token in the edit string itself
 * (err_msg.h), so "add 5000" points at column 5, not at column 1 of the
 * list; 0 where no token is there to point at. */
static const struct bad_edit bad_edits[] = {
    { "add",        0, "\"add\" needs a VLAN list" },
    { "remove",     0, "\"remove\" needs a VLAN list" },
    { "except   ",  0, "\"except\" needs a VLAN list" },
    { "frob 1",     1, "unknown word \"frob\" (expected a VLAN list, add, remove, except, all or none)" },
    { "ADD 1",      1, "unknown word \"ADD\" (expected a VLAN list, add, remove, except, all or none)" },
    { "",           1, "missing VLAN list" },
    { "add 5000",   5, BAD_ID("5000") },
    { "add 1,5000", 7, BAD_ID("5000") },
    { "remove 0",   8, BAD_ID("0") },
    { "except 1,,2", 10, BAD_ELEMENT("") },
    { "10-5",       1, "invalid VLAN range \"10-5\" (start above end)" },
    { "all 5",      5, "unexpected \"5\" after \"all\"" },
    { "none 5",     6, "unexpected \"5\" after \"none\"" },
    { "add 1 2",    7, "unexpected \"2\" after the VLAN list" },
    { "1 2",        3, "unexpected \"2\" after the VLAN list" },
};

Test(vlan, edit_rejects_bad_edits_with_exact_messages)
{
    for (size_t i = 0; i < ARRAY_SIZE(bad_edits); i++) {
        const struct bad_edit *b = &bad_edits[i];
        struct err_msg err = { 0, 0, "" };
        struct vlan_set s = set_of("10-20");

        cr_assert_not(vlan_set_edit(&s, b->edit, &err),
                      "accepted \"%s\"", b->edit);
        cr_expect_str_eq(err.text, b->text, "\"%s\": got '%s', want '%s'",
                         b->edit, err.text, b->text);
    }
}

Test(vlan, edit_error_column_points_at_bad_token_in_edit_string)
{
    for (size_t i = 0; i < ARRAY_SIZE(bad_edits); i++) {
        const struct bad_edit *b = &bad_edits[i];
        struct err_msg err = { 0, 0, "" };
        struct vlan_set s = set_of("10-20");

        cr_assert_not(vlan_set_edit(&s, b->edit, &err),
                      "accepted \"%s\"", b->edit);
        cr_expect_eq(err.col, b->col, "\"%s\": col %d, want %d (%s)",
                     b->edit, err.col, b->col, err.text);
    }
}

Test(vlan, edit_error_leaves_set_unchanged)
{
    for (size_t i = 0; i < ARRAY_SIZE(bad_edits); i++) {
        struct vlan_set s = set_of("10-20,4094");
        struct vlan_set before = s;

        cr_assert_not(vlan_set_edit(&s, bad_edits[i].edit, NULL));
        cr_assert(vlan_set_equal(&s, &before), "\"%s\" changed the set",
                  bad_edits[i].edit);
    }
}

/* Single VIDs. */

Test(vlan, id_parse_accepts_1_to_4094)
{
    static const struct { const char *s; uint16_t vid; } good[] = {
        { "1", 1 }, { "10", 10 }, { "100", 100 }, { "4094", 4094 },
    };

    for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
        uint16_t vid = 0;
        struct err_msg err = { 0, 0, "" };
        cr_assert(vlan_id_parse(good[i].s, &vid, &err), "\"%s\": %s",
                  good[i].s, err.text);
        cr_assert_eq(vid, good[i].vid, "\"%s\" gave %u", good[i].s, vid);
    }
}

Test(vlan, id_parse_rejects_with_exact_messages)
{
    static const struct { const char *s; const char *text; } bad[] = {
        { "0",     "invalid VLAN id \"0\" (expected 1-4094)" },
        { "4095",  "invalid VLAN id \"4095\" (expected 1-4094)" },
        { "5000",  "invalid VLAN id \"5000\" (expected 1-4094)" },
        { "",      "invalid VLAN id \"\" (expected 1-4094)" },
        { "abc",   "invalid VLAN id \"abc\" (expected 1-4094)" },
        { "10-20", "invalid VLAN id \"10-20\" (expected 1-4094)" },
        { "1,2",   "invalid VLAN id \"1,2\" (expected 1-4094)" },
        { " 1",    "invalid VLAN id \" 1\" (expected 1-4094)" },
        { "1 ",    "invalid VLAN id \"1 \" (expected 1-4094)" },
        { "-1",    "invalid VLAN id \"-1\" (expected 1-4094)" },
        { "65537", "invalid VLAN id \"65537\" (expected 1-4094)" },
        { "65536", "invalid VLAN id \"65536\" (expected 1-4094)" },
        { "007",   "invalid VLAN id \"007\" (expected 1-4094)" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        uint16_t vid = 0;
        struct err_msg err = { 0, 0, "" };
        cr_assert_not(vlan_id_parse(bad[i].s, &vid, &err), "accepted \"%s\"",
                      bad[i].s);
        cr_expect_str_eq(err.text, bad[i].text, "\"%s\": got '%s'",
                         bad[i].s, err.text);
        cr_expect_eq(err.col, 1, "\"%s\": col %d", bad[i].s, err.col);
    }
    cr_assert_not(vlan_id_parse("0", &(uint16_t) { 0 }, NULL));
}

/* Port VLAN policy.  A TCI is PCP (3 bits) | DEI (1 bit) | VID (12 bits);
 * vlan.h does not include frame.h, so the layout is spelled out here. */

#define TCI(pcp, dei, vid) \
    ((uint16_t) (((pcp) << 13) | ((dei) ? 0x1000 : 0) | (vid)))

/* Runs vlan_port_admit() and checks verdict, and on admission VID and prio. */
static void
check_admit(const struct vlan_port *p, bool tagged, uint16_t tci,
            enum vlan_verdict want, uint16_t want_vid, uint16_t want_prio)
{
    uint16_t vid = 0xbeef, prio = 0xbeef;
    enum vlan_verdict v = vlan_port_admit(p, tagged, tci, &vid, &prio);

    cr_assert_eq(v, want, "%s tci %#06x: verdict %d, want %d",
                 tagged ? "tagged" : "untagged", tci, v, want);
    if (want == VLAN_ADMIT) {
        cr_assert_eq(vid, want_vid, "%s tci %#06x: vid %u, want %u",
                     tagged ? "tagged" : "untagged", tci, vid, want_vid);
        cr_assert_eq(prio, want_prio, "%s tci %#06x: prio %#06x, want %#06x",
                     tagged ? "tagged" : "untagged", tci, prio, want_prio);
    }
}

static void
check_egress(const struct vlan_port *p, uint16_t vid, enum vlan_egress want)
{
    enum vlan_egress e = vlan_port_egress(p, vid);

    cr_assert_eq(e, want, "egress of VLAN %u: %d, want %d", vid, e, want);
    cr_assert_eq(vlan_port_carries(p, vid), want != VLAN_EGRESS_NONE,
                 "carries VLAN %u", vid);
}

static struct vlan_port
trunk(uint16_t native, const char *allowed)
{
    struct vlan_port p;

    vlan_port_init_default(&p);
    p.native_vid = native;
    if (allowed)
        p.allowed = set_of(allowed);
    return p;
}

Test(vlan, init_access_sets_mode_and_vid)
{
    struct vlan_port p;

    vlan_port_init_access(&p, 10);
    cr_assert_eq(p.mode, VLAN_MODE_ACCESS);
    cr_assert_eq(p.access_vid, 10);
    cr_assert(vlan_port_validate(&p, NULL));
}

Test(vlan, init_default_is_trunk_all_allowed_native_1_untagged)
{
    struct vlan_port p;

    memset(&p, 0x55, sizeof p);
    vlan_port_init_default(&p);
    cr_assert_eq(p.mode, VLAN_MODE_TRUNK);
    cr_assert_eq(p.native_vid, 1);
    cr_assert_not(p.native_tagged);
    cr_assert(vlan_set_is_full(&p.allowed));
    cr_assert_not(vlan_set_contains(&p.allowed, 0));
    cr_assert_not(vlan_set_contains(&p.allowed, 4095));
    cr_assert(vlan_port_validate(&p, NULL));
}

Test(vlan, access_port_admits_untagged_frame_to_access_vlan)
{
    struct vlan_port p;

    vlan_port_init_access(&p, 10);
    check_admit(&p, false, 0, VLAN_ADMIT, 10, 0);
}

Test(vlan, access_port_admits_priority_tagged_frame_keeping_pcp)
{
    struct vlan_port p;

    vlan_port_init_access(&p, 10);
    check_admit(&p, true, TCI(5, 0, 0), VLAN_ADMIT, 10, 0xa000);
    check_admit(&p, true, TCI(5, 1, 0), VLAN_ADMIT, 10, 0xb000);
    check_admit(&p, true, TCI(0, 0, 0), VLAN_ADMIT, 10, 0);
}

Test(vlan, access_port_drops_tagged_frame)
{
    struct vlan_port p;

    vlan_port_init_access(&p, 10);
    check_admit(&p, true, TCI(0, 0, 20), VLAN_DROP_TAGGED_ON_ACCESS, 0, 0);
    check_admit(&p, true, TCI(5, 0, 10), VLAN_DROP_TAGGED_ON_ACCESS, 0, 0);
    check_admit(&p, true, TCI(0, 0, 1), VLAN_DROP_TAGGED_ON_ACCESS, 0, 0);
    check_admit(&p, true, TCI(0, 0, 4095), VLAN_DROP_TAGGED_ON_ACCESS, 0, 0);
}

Test(vlan, access_port_sends_only_its_vlan_untagged)
{
    struct vlan_port p;

    vlan_port_init_access(&p, 10);
    check_egress(&p, 10, VLAN_EGRESS_UNTAGGED);
    check_egress(&p, 0, VLAN_EGRESS_NONE);
    check_egress(&p, 1, VLAN_EGRESS_NONE);
    check_egress(&p, 11, VLAN_EGRESS_NONE);
    check_egress(&p, 4094, VLAN_EGRESS_NONE);
}

Test(vlan, access_port_ignores_trunk_fields)
{
    struct vlan_port p;

    vlan_port_init_access(&p, 10);
    vlan_set_fill(&p.allowed);
    p.native_vid = 20;
    p.native_tagged = true;
    check_admit(&p, false, 0, VLAN_ADMIT, 10, 0);
    check_admit(&p, true, TCI(0, 0, 20), VLAN_DROP_TAGGED_ON_ACCESS, 0, 0);
    check_egress(&p, 10, VLAN_EGRESS_UNTAGGED);
    check_egress(&p, 20, VLAN_EGRESS_NONE);
}

Test(vlan, default_trunk_puts_untagged_frames_in_vlan_1)
{
    struct vlan_port p;

    vlan_port_init_default(&p);
    check_admit(&p, false, 0, VLAN_ADMIT, 1, 0);
    check_admit(&p, true, TCI(3, 0, 0), VLAN_ADMIT, 1, 0x6000);
}

Test(vlan, default_trunk_admits_tagged_frames_of_every_vlan)
{
    struct vlan_port p;

    vlan_port_init_default(&p);
    check_admit(&p, true, TCI(0, 0, 100), VLAN_ADMIT, 100, 0);
    check_admit(&p, true, TCI(0, 0, 1), VLAN_ADMIT, 1, 0);
    check_admit(&p, true, TCI(0, 0, 4094), VLAN_ADMIT, 4094, 0);
}

Test(vlan, trunk_drops_tagged_vid_4095)
{
    struct vlan_port p;

    vlan_port_init_default(&p);
    check_admit(&p, true, TCI(0, 0, 4095), VLAN_DROP_NOT_ALLOWED, 0, 0);
}

Test(vlan, default_trunk_sends_vlan_1_untagged_and_others_tagged)
{
    struct vlan_port p;

    vlan_port_init_default(&p);
    check_egress(&p, 1, VLAN_EGRESS_UNTAGGED);
    check_egress(&p, 2, VLAN_EGRESS_TAGGED);
    check_egress(&p, 100, VLAN_EGRESS_TAGGED);
    check_egress(&p, 4094, VLAN_EGRESS_TAGGED);
}

Test(vlan, trunk_keeps_pcp_and_dei_of_tagged_frame)
{
    struct vlan_port p;

    vlan_port_init_default(&p);
    check_admit(&p, true, TCI(7, 0, 100), VLAN_ADMIT, 100, 0xe000);
    check_admit(&p, true, TCI(7, 1, 100), VLAN_ADMIT, 100, 0xf000);
    check_admit(&p, true, TCI(2, 1, 4094), VLAN_ADMIT, 4094, 0x5000);
}

Test(vlan, native_tagged_trunk_sends_native_vlan_tagged)
{
    struct vlan_port p = trunk(5, NULL);

    p.native_tagged = true;
    check_egress(&p, 5, VLAN_EGRESS_TAGGED);
    check_egress(&p, 6, VLAN_EGRESS_TAGGED);
}

Test(vlan, native_tagged_trunk_still_admits_untagged_frames_to_native_vlan)
{
    struct vlan_port p = trunk(5, NULL);

    p.native_tagged = true;
    check_admit(&p, false, 0, VLAN_ADMIT, 5, 0);
    check_admit(&p, true, TCI(4, 0, 0), VLAN_ADMIT, 5, 0x8000);
    check_admit(&p, true, TCI(0, 0, 5), VLAN_ADMIT, 5, 0);
}

Test(vlan, trunk_with_native_vlan_does_not_carry_vlan_0)
{
    /* Untagged frames join the native VLAN, so admit never yields VLAN 0;
     * egress agrees and does not send VLAN 0 (frames from no-native trunks)
     * into the native VLAN's untagged traffic. */
    struct vlan_port p;

    vlan_port_init_default(&p);
    check_egress(&p, 0, VLAN_EGRESS_NONE);
    p.native_tagged = true;
    check_egress(&p, 0, VLAN_EGRESS_NONE);
}

Test(vlan, trunk_drops_tagged_frame_of_vlan_not_allowed)
{
    struct vlan_port p = trunk(1, "10,20");

    check_admit(&p, true, TCI(0, 0, 30), VLAN_DROP_NOT_ALLOWED, 0, 0);
    check_admit(&p, true, TCI(0, 0, 2), VLAN_DROP_NOT_ALLOWED, 0, 0);
    check_admit(&p, true, TCI(6, 0, 10), VLAN_ADMIT, 10, 0xc000);
    check_admit(&p, true, TCI(0, 0, 20), VLAN_ADMIT, 20, 0);
}

Test(vlan, trunk_does_not_send_vlan_not_allowed)
{
    struct vlan_port p = trunk(1, "10,20");

    check_egress(&p, 30, VLAN_EGRESS_NONE);
    check_egress(&p, 2, VLAN_EGRESS_NONE);
    check_egress(&p, 10, VLAN_EGRESS_TAGGED);
    check_egress(&p, 20, VLAN_EGRESS_TAGGED);
}

Test(vlan, trunk_always_carries_native_vlan_even_when_not_allowed)
{
    struct vlan_port p = trunk(5, "10,20");

    check_admit(&p, false, 0, VLAN_ADMIT, 5, 0);
    check_admit(&p, true, TCI(1, 0, 5), VLAN_ADMIT, 5, 0x2000);
    check_egress(&p, 5, VLAN_EGRESS_UNTAGGED);

    p.native_tagged = true;
    check_egress(&p, 5, VLAN_EGRESS_TAGGED);
}

Test(vlan, trunk_with_empty_allowed_list_carries_only_native_vlan)
{
    struct vlan_port p = trunk(5, NULL);

    vlan_set_clear(&p.allowed);
    check_admit(&p, false, 0, VLAN_ADMIT, 5, 0);
    check_admit(&p, true, TCI(0, 0, 6), VLAN_DROP_NOT_ALLOWED, 0, 0);
    check_egress(&p, 5, VLAN_EGRESS_UNTAGGED);
    check_egress(&p, 6, VLAN_EGRESS_NONE);
    check_egress(&p, 1, VLAN_EGRESS_NONE);
}

Test(vlan, no_native_trunk_allowing_all_puts_untagged_frames_in_vlan_0)
{
    struct vlan_port p = trunk(0, NULL);

    check_admit(&p, false, 0, VLAN_ADMIT, 0, 0);
    check_admit(&p, true, TCI(5, 0, 0), VLAN_ADMIT, 0, 0xa000);
    check_admit(&p, true, TCI(0, 0, 100), VLAN_ADMIT, 100, 0);
    check_admit(&p, true, TCI(0, 0, 1), VLAN_ADMIT, 1, 0);
}

Test(vlan, no_native_trunk_allowing_all_sends_vlan_0_untagged)
{
    struct vlan_port p = trunk(0, NULL);

    check_egress(&p, 0, VLAN_EGRESS_UNTAGGED);
    check_egress(&p, 1, VLAN_EGRESS_TAGGED);
    check_egress(&p, 4094, VLAN_EGRESS_TAGGED);

    /* native_tagged has nothing to tag: VLAN 0 has no tag to carry. */
    p.native_tagged = true;
    check_egress(&p, 1, VLAN_EGRESS_TAGGED);
}

Test(vlan, no_native_trunk_with_allowed_list_drops_untagged_frames)
{
    struct vlan_port p = trunk(0, "10-20");

    check_admit(&p, false, 0, VLAN_DROP_UNTAGGED, 0, 0);
    check_admit(&p, true, TCI(5, 0, 0), VLAN_DROP_UNTAGGED, 0, 0);
    check_admit(&p, true, TCI(0, 0, 15), VLAN_ADMIT, 15, 0);
    check_admit(&p, true, TCI(0, 0, 1), VLAN_DROP_NOT_ALLOWED, 0, 0);
}

Test(vlan, no_native_trunk_with_allowed_list_does_not_send_vlan_0)
{
    struct vlan_port p = trunk(0, "10-20");

    check_egress(&p, 0, VLAN_EGRESS_NONE);
    check_egress(&p, 15, VLAN_EGRESS_TAGGED);
    check_egress(&p, 1, VLAN_EGRESS_NONE);

    /* Missing a single VID is enough to lose VLAN 0. */
    vlan_set_fill(&p.allowed);
    vlan_set_remove(&p.allowed, 4094);
    check_egress(&p, 0, VLAN_EGRESS_NONE);
    check_admit(&p, false, 0, VLAN_DROP_UNTAGGED, 0, 0);
}

Test(vlan, validate_accepts_sane_ports)
{
    struct vlan_port p;
    struct err_msg err = { 0, 0, "" };

    vlan_port_init_access(&p, 1);
    cr_assert(vlan_port_validate(&p, &err), "%s", err.text);
    vlan_port_init_access(&p, 4094);
    cr_assert(vlan_port_validate(&p, &err), "%s", err.text);

    vlan_port_init_default(&p);
    cr_assert(vlan_port_validate(&p, &err), "%s", err.text);
    p.native_vid = 4094;
    p.native_tagged = true;
    cr_assert(vlan_port_validate(&p, &err), "%s", err.text);
}

Test(vlan, validate_accepts_trunk_without_native_vlan)
{
    struct vlan_port p = trunk(0, "10-20");
    struct err_msg err = { 0, 0, "" };

    cr_assert(vlan_port_validate(&p, &err), "%s", err.text);
}

Test(vlan, validate_rejects_access_vid_0_and_4095)
{
    struct vlan_port p;
    struct err_msg err = { 0, 0, "" };

    vlan_port_init_access(&p, 0);
    cr_assert_not(vlan_port_validate(&p, &err));
    cr_assert_str_eq(err.text, "invalid access VLAN 0 (expected 1-4094)");

    vlan_port_init_access(&p, 4095);
    cr_assert_not(vlan_port_validate(&p, &err));
    cr_assert_str_eq(err.text, "invalid access VLAN 4095 (expected 1-4094)");

    cr_assert_not(vlan_port_validate(&p, NULL));
}

Test(vlan, validate_rejects_native_vid_4095)
{
    struct vlan_port p = trunk(4095, NULL);
    struct err_msg err = { 0, 0, "" };

    cr_assert_not(vlan_port_validate(&p, &err));
    cr_assert_str_eq(err.text,
                     "invalid native VLAN 4095 (expected 1-4094 or none)");
    cr_assert_not(vlan_port_validate(&p, NULL));
}
