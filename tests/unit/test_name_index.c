/* switchd/name_index.c: arrays sorted by name, checked against a linear scan
 * over arrays of records and of pointers. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "name_index.h"

struct record {
    char name[16];
    int value;
};

static const char *
record_name(const void *r)
{
    return ((const struct record *) r)->name;
}

static const char *
pointer_name(const void *p)
{
    return (*(const struct record *const *) p)->name;
}

/* A fixed-seed generator, so a failure repeats. */
static uint32_t
next_random(uint32_t *state)
{
    *state = *state * 1103515245u + 12345u;
    return *state >> 8;
}

#define N_RECORDS 500

static void
make_records(struct record *r, size_t n, uint32_t seed)
{
    for (size_t i = 0; i < n; i++) {
        /* Distinct names of different lengths: the index i is in each. */
        snprintf(r[i].name, sizeof r[i].name, "p%u-%zu", next_random(&seed) % 1000, i);
        r[i].value = (int) i;
    }
}

Test(name_index, finds_every_record_and_nothing_else)
{
    static struct record r[N_RECORDS];
    static struct record model[N_RECORDS];

    make_records(r, N_RECORDS, 7);
    memcpy(model, r, sizeof r);
    name_index_sort(r, N_RECORDS, sizeof *r, record_name);
    for (size_t i = 1; i < N_RECORDS; i++)
        cr_assert_lt(strcmp(r[i - 1].name, r[i].name), 0, "not sorted at %zu", i);
    for (size_t i = 0; i < N_RECORDS; i++) {
        const struct record *hit = name_index_find(r, N_RECORDS, sizeof *r, record_name,
                                                   model[i].name);
        cr_assert_not_null(hit, "%s not found", model[i].name);
        cr_assert_eq(hit->value, model[i].value);
    }
    cr_assert_null(name_index_find(r, N_RECORDS, sizeof *r, record_name, "p"));
    cr_assert_null(name_index_find(r, N_RECORDS, sizeof *r, record_name, "zzz"));
    cr_assert_null(name_index_find(r, N_RECORDS, sizeof *r, record_name, ""));
}

Test(name_index, sorts_and_finds_pointers)
{
    static struct record r[N_RECORDS];
    static const struct record *p[N_RECORDS];

    make_records(r, N_RECORDS, 11);
    for (size_t i = 0; i < N_RECORDS; i++)
        p[i] = &r[i];
    name_index_sort(p, N_RECORDS, sizeof *p, pointer_name);
    for (size_t i = 0; i < N_RECORDS; i++) {
        const struct record *const *hit = name_index_find(p, N_RECORDS, sizeof *p,
                                                          pointer_name, r[i].name);
        cr_assert_not_null(hit, "%s not found", r[i].name);
        cr_assert_eq(*hit, &r[i]);
    }
}

Test(name_index, empty_and_single_arrays)
{
    struct record one = { "vm1", 1 };

    cr_assert_null(name_index_find(NULL, 0, sizeof one, record_name, "vm1"));
    name_index_sort(&one, 1, sizeof one, record_name);
    cr_assert_eq(name_index_find(&one, 1, sizeof one, record_name, "vm1"), &one);
    cr_assert_null(name_index_find(&one, 1, sizeof one, record_name, "vm"));
    cr_assert_null(name_index_find(&one, 1, sizeof one, record_name, "vm10"));
}
