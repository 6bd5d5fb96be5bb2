/* IOS's 5 minute rates (switchd/if_rate.h): an exponentially weighted
 * average with a 300 s time constant, sampled every 5 s. */
#include <criterion/criterion.h>

#include "if_rate.h"

static double
absdiff(double a, double b)
{
    return a > b ? a - b : b - a;
}

/* What IOS's formula gives after 'n' samples of a steady 'per_s' from 'start'. */
static double
expected(double start, double per_s, unsigned n)
{
    double w = 0.98347145382;               /* exp(-5/300), IOS's default */
    double avg = start;

    for (unsigned i = 0; i < n; i++)
        avg = avg * w + per_s * (1 - w);
    return avg;
}

Test(if_rate, a_steady_rate_reaches_63_percent_in_one_time_constant_then_all_of_it)
{
    if_rate_avg avg = 0;
    unsigned per_sample = 1000 * IF_RATE_SAMPLE_S;          /* 1000 per second */
    unsigned n = IF_RATE_INTERVAL_S / IF_RATE_SAMPLE_S;

    if_rate_update(&avg, per_sample);
    cr_assert_eq(if_rate_value(avg), 17, "first sample: 1000 * (1 - exp(-5/300)), got %llu",
                 (unsigned long long) if_rate_value(avg));
    for (unsigned i = 1; i < n; i++)
        if_rate_update(&avg, per_sample);
    cr_assert(absdiff(if_rate_value(avg), expected(0, 1000, n)) <= 1,
              "after 5 minutes %llu, IOS %.1f", (unsigned long long) if_rate_value(avg),
              expected(0, 1000, n));
    cr_assert(if_rate_value(avg) >= 631 && if_rate_value(avg) <= 633);
    for (unsigned i = 0; i < 20 * n; i++)
        if_rate_update(&avg, per_sample);
    cr_assert_eq(if_rate_value(avg), 1000, "settles on the rate itself");
}

Test(if_rate, a_rate_that_stops_decays_to_37_percent_in_one_time_constant_then_to_0)
{
    if_rate_avg avg = 0;
    unsigned n = IF_RATE_INTERVAL_S / IF_RATE_SAMPLE_S;

    for (unsigned i = 0; i < 40 * n; i++)
        if_rate_update(&avg, 8000000 * IF_RATE_SAMPLE_S);  /* 8 Mbit/s */
    cr_assert_eq(if_rate_value(avg), 8000000);
    for (unsigned i = 0; i < n; i++)
        if_rate_update(&avg, 0);
    cr_assert(absdiff(if_rate_value(avg), expected(8000000, 0, n)) <= 2,
              "%llu, IOS %.1f", (unsigned long long) if_rate_value(avg),
              expected(8000000, 0, n));
    for (unsigned i = 0; i < 40 * n; i++)
        if_rate_update(&avg, 0);
    cr_assert_eq(if_rate_value(avg), 0);
}

Test(if_rate, huge_samples_do_not_overflow)
{
    if_rate_avg avg = 0;

    for (unsigned i = 0; i < 4000; i++)
        if_rate_update(&avg, UINT64_MAX / 16);
    cr_assert_eq(if_rate_value(avg), UINT64_C(1) << 40, "clamped at 1 Tbit/s");
}

Test(if_rate, ports_sample_their_counters_every_5_ticks_in_bits)
{
    struct if_rates r = { 0 };
    uint64_t bytes = 0, frames = 0;

    /* 125 bytes a second: 1000 bits/s; 2 frames a second. */
    for (unsigned tick = 1; tick < IF_RATE_SAMPLE_S; tick++) {
        bytes += 125, frames += 2;
        if_rates_tick(&r, bytes, frames, 0, 0);
        cr_assert_eq(r.in_bits, 0, "no sample before %d ticks", IF_RATE_SAMPLE_S);
    }
    for (unsigned tick = 0; tick < 100 * IF_RATE_INTERVAL_S; tick++) {
        bytes += 125, frames += 2;
        if_rates_tick(&r, bytes, frames, 3 * bytes, frames);
    }
    cr_assert_eq(if_rate_value(r.in_bits), 1000);
    cr_assert_eq(if_rate_value(r.in_pkts), 2);
    cr_assert_eq(if_rate_value(r.out_bits), 3000);
    cr_assert_eq(if_rate_value(r.out_pkts), 2);

    /* `clear counters`: the counters restart from 0, the rate goes on. */
    bytes = frames = 0;
    for (unsigned tick = 0; tick < IF_RATE_SAMPLE_S; tick++) {
        bytes += 125, frames += 2;
        if_rates_tick(&r, bytes, frames, 3 * bytes, frames);
    }
    /* What came between the last sample and the clear is lost; nothing
     * wraps round to a huge delta. */
    cr_assert(if_rate_value(r.in_bits) >= 950 && if_rate_value(r.in_bits) <= 1000,
              "%llu", (unsigned long long) if_rate_value(r.in_bits));
}
