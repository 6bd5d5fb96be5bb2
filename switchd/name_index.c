#include "name_index.h"

#include <stdlib.h>
#include <string.h>

static int
compare_by_key(const void *a, const void *b, void *key_)
{
    name_index_key_fn *key = (name_index_key_fn *) key_;

    return strcmp(key(a), key(b));
}

void
name_index_sort(void *base, size_t n, size_t size, name_index_key_fn *key)
{
    if (n > 1)
        qsort_r(base, n, size, compare_by_key, (void *) key);
}

void *
name_index_find(const void *base, size_t n, size_t size, name_index_key_fn *key,
                const char *name)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *elem = (const char *) base + mid * size;
        int c = strcmp(name, key(elem));

        if (!c)
            return (void *) elem;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}
