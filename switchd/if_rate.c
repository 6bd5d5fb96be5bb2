/* Interface rates (if_rate.h). */
#include "if_rate.h"

#define FRAC_BITS   8               /* if_rate_avg's fixed point */
#define WEIGHT_BITS 32
/* exp(-IF_RATE_SAMPLE_S / IF_RATE_INTERVAL_S) = exp(-5/300) = 0.98347145
 * in 1/2^32 units (16 bits were 0.02% off after 5 minutes). */
#define WEIGHT      UINT64_C(4223977731)
/* Samples above 2^40 per second (1 Tbit/s) are clamped; the products
 * below take 128 bits. */
#define COUNT_MAX   (IF_RATE_SAMPLE_S * (UINT64_C(1) << 40))

void
if_rate_update(if_rate_avg *avg, uint64_t count)
{
    uint64_t sample = ((count < COUNT_MAX ? count : COUNT_MAX) << FRAC_BITS) / IF_RATE_SAMPLE_S;

    /* avg = avg * w + sample * (1 - w), rounded, so a steady rate is
     * reached exactly rather than approached from below forever. */
    *avg = (uint64_t) (((unsigned __int128) *avg * WEIGHT
                        + (unsigned __int128) sample * ((UINT64_C(1) << WEIGHT_BITS) - WEIGHT)
                        + (UINT64_C(1) << (WEIGHT_BITS - 1))) >> WEIGHT_BITS);
}

uint64_t
if_rate_value(if_rate_avg avg)
{
    return (avg + (1u << (FRAC_BITS - 1))) >> FRAC_BITS;
}

static uint64_t
delta(uint64_t *last, uint64_t now)
{
    uint64_t d = now >= *last ? now - *last : now;

    *last = now;
    return d;
}

void
if_rates_tick(struct if_rates *r, uint64_t rx_bytes, uint64_t rx_frames, uint64_t tx_bytes,
              uint64_t tx_frames)
{
    if (++r->ticks < IF_RATE_SAMPLE_S)
        return;
    r->ticks = 0;
    if_rate_update(&r->in_bits, delta(&r->last[0], rx_bytes) * 8);
    if_rate_update(&r->in_pkts, delta(&r->last[1], rx_frames));
    if_rate_update(&r->out_bits, delta(&r->last[2], tx_bytes) * 8);
    if_rate_update(&r->out_pkts, delta(&r->last[3], tx_frames));
}
