#ifndef TESTS_UNIT_ALLOC_FAIL_H
#define TESTS_UNIT_ALLOC_FAIL_H 1

/* Allocation failures on demand, for unit tests
 * =============================================
 * The unit-test binary is linked with --wrap for malloc, calloc, realloc
 * and strdup (GNUmakefile), so every call the linked objects make (net/,
 * switchd/ and the tests; not libc's own inside other libc functions)
 * goes through alloc_fail.c.  Nothing fails until a test arms a failure;
 * then the Nth allocation from that moment returns NULL, once, and the
 * ones after it succeed (so an undo path that allocates is tested too).
 * Criterion runs each test in a process of its own, so one test's setting
 * never reaches another. */

#include <stdbool.h>

/* The 'n'th allocation from now fails (1: the next); 0 disarms. */
void alloc_fail_nth(unsigned long n);
/* Allocations counted since the last alloc_fail_nth(). */
unsigned long alloc_fail_count(void);
/* Whether the armed failure happened. */
bool alloc_fail_fired(void);

#endif /* tests/unit/alloc_fail.h */
