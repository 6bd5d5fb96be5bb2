/* Unit tests for switchd/log_buffer.c: the bounded buffer of log lines
 * behind `logging buffered` and `terminal monitor` (its bound in bytes,
 * the oldest lines dropped first, the severity filter, the sequence
 * numbers sessions follow, concurrent writers). */

#include <criterion/criterion.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "log_buffer.h"

struct lines {
    char text[64][64];
    int severity[64];
    size_t n;
};

static void
collect(void *arg, int severity, const char *line)
{
    struct lines *l = arg;

    if (l->n < 64) {
        snprintf(l->text[l->n], sizeof l->text[0], "%s", line);
        l->severity[l->n++] = severity;
    }
}

static struct lines
read_all(struct log_buffer *b, uint64_t *seq, int max_level)
{
    struct lines l = { .n = 0 };

    log_buffer_read(b, seq, max_level, collect, &l);
    return l;
}

Test(log_buffer, keeps_lines_oldest_first_and_counts_bytes_with_newlines)
{
    struct log_buffer *b = log_buffer_create(4096, 7);
    struct log_buffer_stats s;
    uint64_t seq = 0;

    cr_assert(log_buffer_add(b, 6, "one"));
    cr_assert(log_buffer_add(b, 3, "two"));
    struct lines l = read_all(b, &seq, 7);
    cr_assert_eq(l.n, 2);
    cr_expect_str_eq(l.text[0], "one");
    cr_expect_eq(l.severity[0], 6);
    cr_expect_str_eq(l.text[1], "two");
    log_buffer_stats(b, &s);
    cr_expect_eq(s.used, 8, "3 + 1 and 3 + 1 bytes: %zu", s.used);
    cr_expect_eq(s.n_lines, 2);
    cr_expect_eq(s.logged, 2);
    cr_expect_eq(seq, 2);
    log_buffer_destroy(b);
}

Test(log_buffer, wraps_dropping_the_oldest_lines_to_stay_within_its_size)
{
    /* Lines of 9 bytes + newline in 35 bytes: three fit. */
    struct log_buffer *b = log_buffer_create(35, 7);
    struct log_buffer_stats s;
    char line[16];
    uint64_t seq = 0;

    for (int i = 0; i < 10; i++) {
        snprintf(line, sizeof line, "line %04d", i);
        cr_assert(log_buffer_add(b, 5, line));
        log_buffer_stats(b, &s);
        cr_assert_leq(s.used, 35);
    }
    struct lines l = read_all(b, &seq, 7);
    cr_assert_eq(l.n, 3);
    cr_expect_str_eq(l.text[0], "line 0007");
    cr_expect_str_eq(l.text[2], "line 0009");
    log_buffer_stats(b, &s);
    cr_expect_eq(s.logged, 10);
    cr_expect_eq(s.used, 30);
    log_buffer_destroy(b);
}

Test(log_buffer, a_line_larger_than_the_buffer_is_not_kept)
{
    struct log_buffer *b = log_buffer_create(8, 7);
    uint64_t seq = 0;

    cr_expect(!log_buffer_add(b, 5, "12345678"));      /* 9 bytes with its newline */
    cr_expect(log_buffer_add(b, 5, "1234567"));
    cr_expect_eq(read_all(b, &seq, 7).n, 1);
    log_buffer_destroy(b);
}

Test(log_buffer, keeps_only_severities_up_to_its_level)
{
    struct log_buffer *b = log_buffer_create(4096, 4);      /* warnings */
    uint64_t seq = 0;

    cr_expect(log_buffer_add(b, 0, "emergency"));
    cr_expect(log_buffer_add(b, 4, "warning"));
    cr_expect(!log_buffer_add(b, 5, "notice"));
    cr_expect(!log_buffer_add(b, 7, "debug"));
    struct lines l = read_all(b, &seq, 7);
    cr_assert_eq(l.n, 2);
    cr_expect_str_eq(l.text[1], "warning");
    log_buffer_destroy(b);
}

Test(log_buffer, reading_filters_by_severity_and_follows_sequence_numbers)
{
    struct log_buffer *b = log_buffer_create(4096, 7);
    uint64_t seq = 0;

    log_buffer_add(b, 6, "info");
    log_buffer_add(b, 2, "critical");
    struct lines l = read_all(b, &seq, 3);
    cr_assert_eq(l.n, 1);
    cr_expect_str_eq(l.text[0], "critical");
    cr_expect_eq(seq, 2, "the filtered line is passed too");
    /* Only what came after. */
    cr_expect_eq(read_all(b, &seq, 7).n, 0);
    log_buffer_add(b, 7, "debug");
    l = read_all(b, &seq, 7);
    cr_assert_eq(l.n, 1);
    cr_expect_str_eq(l.text[0], "debug");
    log_buffer_destroy(b);
}

Test(log_buffer, shrinking_or_raising_the_bar_drops_lines_and_off_drops_all)
{
    struct log_buffer *b = log_buffer_create(4096, 7);
    struct log_buffer_stats s;
    uint64_t seq = 0;

    log_buffer_add(b, 7, "debug 1");
    log_buffer_add(b, 3, "error 1");
    log_buffer_add(b, 3, "error 2");
    log_buffer_configure(b, 4096, 3);
    struct lines l = read_all(b, &seq, 7);
    cr_assert_eq(l.n, 2);
    cr_expect_str_eq(l.text[0], "error 1");
    log_buffer_configure(b, 8, 3);
    seq = 0;
    l = read_all(b, &seq, 7);
    cr_assert_eq(l.n, 1);
    cr_expect_str_eq(l.text[0], "error 2");
    log_buffer_configure(b, 4096, -1);
    log_buffer_stats(b, &s);
    cr_expect_eq(s.n_lines, 0);
    cr_expect_eq(s.used, 0);
    cr_expect(!log_buffer_add(b, 0, "off"));
    log_buffer_destroy(b);
}

Test(log_buffer, clear_empties_it_and_numbering_goes_on)
{
    struct log_buffer *b = log_buffer_create(4096, 7);
    struct log_buffer_stats s;
    uint64_t seq = 0;

    log_buffer_add(b, 5, "a");
    log_buffer_add(b, 5, "b");
    log_buffer_clear(b);
    log_buffer_stats(b, &s);
    cr_expect_eq(s.n_lines, 0);
    cr_expect_eq(s.used, 0);
    cr_expect_eq(s.logged, 2);
    cr_expect_eq(read_all(b, &seq, 7).n, 0);
    log_buffer_add(b, 5, "c");
    struct lines l = read_all(b, &seq, 7);
    cr_assert_eq(l.n, 1);
    cr_expect_eq(seq, 3);
    log_buffer_destroy(b);
}

#define WRITERS 4
#define LINES_EACH 2000

static void *
writer(void *arg)
{
    struct log_buffer *b = arg;
    char line[64];

    for (int i = 0; i < LINES_EACH; i++) {
        snprintf(line, sizeof line, "writer %lu line %d end",
                 (unsigned long) pthread_self() % 1000, i);
        log_buffer_add(b, i % 8, line);
    }
    return NULL;
}

static void
check_line(void *arg, int severity, const char *line)
{
    unsigned *bad = arg;
    unsigned long w;
    int i, n = 0;

    if (sscanf(line, "writer %lu line %d end%n", &w, &i, &n) != 2 || line[n] || i % 8 != severity)
        (*bad)++;
}

Test(log_buffer, concurrent_writers_and_readers_keep_whole_lines_within_the_bound)
{
    struct log_buffer *b = log_buffer_create(4096, 7);
    pthread_t t[WRITERS];
    struct log_buffer_stats s;
    unsigned bad = 0;
    uint64_t seq = 0, last = 0;

    for (int i = 0; i < WRITERS; i++)
        cr_assert_eq(pthread_create(&t[i], NULL, writer, b), 0);
    /* A reader meanwhile: numbers only grow. */
    for (int i = 0; i < 200; i++) {
        log_buffer_read(b, &seq, 7, check_line, &bad);
        cr_assert_geq(seq, last);
        last = seq;
        log_buffer_stats(b, &s);
        cr_assert_leq(s.used, 4096);
    }
    for (int i = 0; i < WRITERS; i++)
        pthread_join(t[i], NULL);
    log_buffer_stats(b, &s);
    cr_expect_eq(s.logged, WRITERS * LINES_EACH);
    cr_expect_eq(s.last_seq, WRITERS * LINES_EACH);
    cr_expect_leq(s.used, 4096);
    seq = 0;
    cr_expect_eq(log_buffer_read(b, &seq, 7, check_line, &bad), s.n_lines);
    cr_expect_eq(bad, 0, "%u torn or mislabelled lines", bad);
    log_buffer_destroy(b);
}
