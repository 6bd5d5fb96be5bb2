/* Allocation failures on demand: see alloc_fail.h. */
#include "alloc_fail.h"

#include <stddef.h>

void *__real_malloc(size_t);
void *__real_calloc(size_t, size_t);
void *__real_realloc(void *, size_t);
char *__real_strdup(const char *);
void *__wrap_malloc(size_t);
void *__wrap_calloc(size_t, size_t);
void *__wrap_realloc(void *, size_t);
char *__wrap_strdup(const char *);

static unsigned long fail_at, count;
static bool fired;

void
alloc_fail_nth(unsigned long n)
{
    fail_at = n;
    count = 0;
    fired = false;
}

unsigned long
alloc_fail_count(void)
{
    return count;
}

bool
alloc_fail_fired(void)
{
    return fired;
}

/* Whether this allocation is the one to fail. */
static bool
fail_now(void)
{
    if (!fail_at)
        return false;
    if (++count != fail_at)
        return false;
    fired = true;
    return true;
}

void *
__wrap_malloc(size_t size)
{
    return fail_now() ? NULL : __real_malloc(size);
}

void *
__wrap_calloc(size_t n, size_t size)
{
    return fail_now() ? NULL : __real_calloc(n, size);
}

void *
__wrap_realloc(void *p, size_t size)
{
    return fail_now() ? NULL : __real_realloc(p, size);
}

char *
__wrap_strdup(const char *s)
{
    return fail_now() ? NULL : __real_strdup(s);
}
