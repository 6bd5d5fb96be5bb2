/* Unit tests for a capture's buffer (switchd/capture_ring.h): the bound
 * is exact, records wrap round the end intact, a linear ring refuses what
 * does not fit and a circular one drops the oldest. */

#include <criterion/criterion.h>

#include <string.h>

#include "capture_ring.h"

/* Pushes a record of 'len' bytes, each 'fill', split after 'split' bytes. */
static bool
push(struct capture_ring *r, uint32_t len, uint8_t fill, uint32_t split)
{
    uint8_t data[256];
    struct capture_rec rec = { .sec = fill, .nsec = len, .len = len, .caplen = len,
                               .dir = CAPTURE_DIR_IN };

    memset(data, fill, len);
    return capture_ring_push(r, &rec, data, split, data + split, len - split);
}

/* The records of 'r', oldest first: their fills in 'fills'; returns how many. */
static size_t
read_all(const struct capture_ring *r, uint8_t fills[], size_t max)
{
    struct capture_ring_iter it;
    struct capture_rec rec;
    uint8_t data[256];
    size_t n = 0;

    capture_ring_iter_init(r, &it);
    while (capture_ring_next(r, &it, &rec, data, sizeof data)) {
        cr_assert_eq(rec.caplen, rec.nsec, "record %zu: caplen %u", n, rec.caplen);
        for (uint32_t i = 0; i < rec.caplen; i++)
            cr_assert_eq(data[i], (uint8_t) rec.sec, "record %zu byte %u torn", n, i);
        cr_assert_lt(n, max);
        fills[n++] = (uint8_t) rec.sec;
    }
    cr_assert_eq(n, r->count);
    return n;
}

#define REC(len) (CAPTURE_REC_HEADER + (len))

Test(capture_ring, linear_fills_exactly_then_refuses)
{
    struct capture_ring r;
    uint8_t fills[16];

    cr_assert_eq(capture_ring_init(&r, 3 * REC(40), false), 0);
    cr_assert(push(&r, 40, 1, 10));
    cr_assert(push(&r, 40, 2, 40));
    cr_assert(push(&r, 40, 3, 0));
    cr_assert_eq(r.used, r.size, "three records fill it to the byte");
    cr_assert_not(push(&r, 1, 4, 1), "a full linear ring refuses");
    cr_assert_eq(read_all(&r, fills, 16), 3);
    cr_assert_eq(fills[0], 1);
    cr_assert_eq(fills[2], 3);
    cr_assert_eq(r.overwritten, 0);
    capture_ring_free(&r);
}

Test(capture_ring, record_larger_than_the_ring_is_refused_in_both_kinds)
{
    struct capture_ring lin, circ;

    cr_assert_eq(capture_ring_init(&lin, REC(100), false), 0);
    cr_assert_eq(capture_ring_init(&circ, REC(100), true), 0);
    cr_assert_not(push(&lin, 101, 1, 50));
    cr_assert_not(push(&circ, 101, 1, 50));
    cr_assert(push(&circ, 100, 2, 50));
    cr_assert_not(push(&circ, 101, 3, 0), "nothing dropped for a record that never fits");
    cr_assert_eq(circ.count, 1);
    capture_ring_free(&lin);
    capture_ring_free(&circ);
}

Test(capture_ring, circular_drops_the_oldest_and_records_wrap_intact)
{
    struct capture_ring r;
    uint8_t fills[64];
    size_t n;

    /* Sizes that do not divide the ring, so records straddle its end. */
    cr_assert_eq(capture_ring_init(&r, 1000, true), 0);
    for (unsigned i = 1; i <= 200; i++) {
        cr_assert(push(&r, 10 + (i * 37) % 90, (uint8_t) i, (i * 7) % 10));
        cr_assert_leq(r.used, r.size, "bound kept after record %u", i);
    }
    n = read_all(&r, fills, 64);
    cr_assert_gt(n, 3);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(fills[i], (uint8_t) (200 - n + 1 + i), "the newest, in order");
    cr_assert_eq(r.overwritten, 200 - n);
    capture_ring_free(&r);
}

Test(capture_ring, copy_is_linear_and_equal)
{
    struct capture_ring r, c;
    uint8_t a[64], b[64];

    cr_assert_eq(capture_ring_init(&r, 500, true), 0);
    for (unsigned i = 1; i <= 40; i++)
        cr_assert(push(&r, 30 + i % 20, (uint8_t) i, 5));
    cr_assert_eq(capture_ring_copy(&c, &r), 0);
    cr_assert_eq(c.head, 0);
    cr_assert_eq(c.size, r.used);
    cr_assert_eq(read_all(&r, a, 64), read_all(&c, b, 64));
    cr_assert_arr_eq(a, b, r.count);
    capture_ring_clear(&r);
    cr_assert_eq(read_all(&r, a, 64), 0);
    capture_ring_free(&c);
    cr_assert_eq(capture_ring_copy(&c, &r), 0, "an empty ring copies");
    cr_assert_eq(c.count, 0);
    capture_ring_free(&r);
    capture_ring_free(&c);
}
