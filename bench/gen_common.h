/* What make bench's two traffic generators (bench/blast.c, bench/tapvm.c)
 * share: a clock, a MAC address parser and CPU pinning. */
#ifndef BENCH_GEN_COMMON_H
#define BENCH_GEN_COMMON_H 1

#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

static inline double
now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* "52:54:00:00:00:01" into 'mac'; returns 0, or -1 if it is not one. */
static inline int
parse_mac(const char *s, uint8_t mac[6])
{
    unsigned int b[6];

    if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != 6)
        return -1;
    for (int i = 0; i < 6; i++)
        mac[i] = b[i];
    return 0;
}

/* Pins the calling process to CPU 'cpu' (none if negative); returns 0, or
 * -1 after printing why, prefixed by 'prog'. */
static inline int
pin_cpu(const char *prog, int cpu)
{
    cpu_set_t set;

    if (cpu < 0)
        return 0;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) < 0) {
        fprintf(stderr, "%s: sched_setaffinity: %m\n", prog);
        return -1;
    }
    return 0;
}

#endif /* bench/gen_common.h */
