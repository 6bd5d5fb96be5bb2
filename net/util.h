#ifndef NET_UTIL_H
#define NET_UTIL_H 1

/* Small helpers every layer uses, kept here because net/ is the lowest layer
 * that needs them (docs/design.md section 14) and every layer may include a
 * net/ header.  Macros only: net/ stays pure (tests/check-net-purity.sh). */

/* The number of elements of array 'a' (an array, not a pointer). */
#define ARRAY_SIZE(a) (sizeof (a) / sizeof (a)[0])

#endif /* net/util.h */
