#ifndef SWITCHD_IF_RATE_H
#define SWITCHD_IF_RATE_H 1

/* IOS's "5 minute input rate N bits/sec, N packets/sec"
 * =====================================================
 * A port's input and output rates as IOS computes them with its default
 * `load-interval 300`: every IF_RATE_SAMPLE_S seconds the rate of the last
 * sample period enters an exponentially weighted average whose time
 * constant is IF_RATE_INTERVAL_S (docs/design.md section 5.6 gives the
 * formula).  Pure arithmetic, a few integer operations per port and tick:
 * switchd calls if_rates_tick() on its 1 s tick (state_datapath.c), never
 * on the packet path. */

#include <stdint.h>

#define IF_RATE_SAMPLE_S   5
#define IF_RATE_INTERVAL_S 300

/* One average, in 1/256 units per second (fixed point). */
typedef uint64_t if_rate_avg;

/* Folds one sample, 'count' bits or packets in the last IF_RATE_SAMPLE_S
 * seconds, into '*avg'. */
void if_rate_update(if_rate_avg *avg, uint64_t count);
/* The average, rounded to a whole number per second. */
uint64_t if_rate_value(if_rate_avg avg);

/* A port's four averages and the counters they are sampled from. */
struct if_rates {
    uint64_t last[4];               /* rx bytes, rx frames, tx bytes, tx frames */
    if_rate_avg in_bits, in_pkts, out_bits, out_pkts;
    unsigned ticks;                 /* 1 s ticks since the last sample */
    int64_t cleared_ms;             /* `clear counters`, 0: never */
};

/* One 1 s tick with the port's counters now (cumulative; a counter that
 * went back, as `clear counters` makes it, restarts its delta from 0). */
void if_rates_tick(struct if_rates *, uint64_t rx_bytes, uint64_t rx_frames,
                   uint64_t tx_bytes, uint64_t tx_frames);

#endif /* switchd/if_rate.h */
