#ifndef SWITCHD_NAME_INDEX_H
#define SWITCHD_NAME_INDEX_H 1

/* Arrays sorted by name
 * =====================
 * The daemon looks things up by name where a switch may hold tens of
 * thousands of them (ports, bridges, patch peers), on the loop thread, so
 * it sorts an array once and finds names by binary search: O(n log n) to
 * build, O(log n) to look up.  These two functions serve any array: the
 * caller says how big an element is and how to read its name ('key'), so
 * an array of port pointers, of name strings or of small records sorts and
 * searches the same way.  Names compare with strcmp(); equal names keep no
 * particular order.  Nothing allocates. */

#include <stddef.h>

/* The name of the element at 'elem'. */
typedef const char *name_index_key_fn(const void *elem);

/* Sorts the 'n' elements of 'size' bytes at 'base' by name. */
void name_index_sort(void *base, size_t n, size_t size, name_index_key_fn *key);

/* The element named 'name' in the sorted array, or NULL. */
void *name_index_find(const void *base, size_t n, size_t size, name_index_key_fn *key,
                      const char *name);

#endif /* switchd/name_index.h */
