#include "storm_control.h"

#include <stdio.h>
#include <string.h>

void
storm_control_init(struct storm_control *sc)
{
    memset(sc, 0, sizeof *sc);
}

bool
storm_level_valid(const struct storm_level *l)
{
    return !l->on || (l->rising_pps <= STORM_PPS_MAX && l->falling_pps <= l->rising_pps);
}

bool
storm_level_equal(const struct storm_level *a, const struct storm_level *b)
{
    return a->on == b->on
           && (!a->on || (a->rising_pps == b->rising_pps && a->falling_pps == b->falling_pps));
}

void
storm_control_configure(struct storm_control *sc, const struct storm_control_config *cfg)
{
    for (unsigned c = 0; c < STORM_N_CLASSES; c++) {
        struct storm_class_state *st = &sc->cls[c];

        if (storm_level_equal(&st->level, &cfg->level[c]))
            continue;
        memset(st, 0, sizeof *st);
        st->level = cfg->level[c];
        if (st->level.on)
            sc->active |= 1u << c;
        else
            sc->active &= ~(1u << c);
        sc->events &= ~(1u << c);
    }
}

/* Moves 'st' into interval 'iv' if it is a later one. */
static void
roll(struct storm_class_state *st, int64_t iv)
{
    uint64_t last;

    if (iv <= st->interval)
        return;
    /* An interval with no frame in it (no roll) saw none. */
    last = iv == st->interval + 1 ? st->seen : 0;
    st->last_seen = last;
    if (st->blocking && (last < st->level.falling_pps || !last))
        st->blocking = false;
    st->interval = iv;
    st->seen = st->passed = 0;
}

static int64_t
interval_of(int64_t now_ms)
{
    return now_ms >= 0 ? now_ms / STORM_INTERVAL_MS
                       : -((-now_ms + STORM_INTERVAL_MS - 1) / STORM_INTERVAL_MS);
}

bool
storm_control_admit_slow(struct storm_control *sc, enum storm_class c, int64_t now_ms)
{
    struct storm_class_state *st = &sc->cls[c];
    uint64_t budget;

    roll(st, interval_of(now_ms));
    st->seen++;
    budget = st->blocking ? st->level.falling_pps : st->level.rising_pps;
    if (st->passed < budget) {
        st->passed++;
        return true;
    }
    if (!st->blocking) {
        st->blocking = true;
        st->storms++;
        sc->events |= 1u << c;
    }
    st->drops++;
    return false;
}

void
storm_control_poll(struct storm_control *sc, int64_t now_ms)
{
    for (unsigned c = 0; c < STORM_N_CLASSES; c++)
        if (sc->active & (1u << c))
            roll(&sc->cls[c], interval_of(now_ms));
}

uint8_t
storm_control_take_events(struct storm_control *sc)
{
    uint8_t events = sc->events;

    sc->events = 0;
    return events;
}

bool
storm_pps_parse(const char *s, uint64_t *pps)
{
    uint64_t whole = 0, frac = 0, frac_div = 1, mult = 1;
    const char *p = s;

    if (*p < '0' || *p > '9')
        return false;
    /* 11 digits hold STORM_PPS_MAX; more are out of range anyway. */
    for (; *p >= '0' && *p <= '9'; p++)
        if (p - s > 11 || (whole = whole * 10 + (uint64_t) (*p - '0')) > STORM_PPS_MAX)
            return false;
    if (*p == '.') {
        const char *f = ++p;

        for (; *p >= '0' && *p <= '9'; p++) {
            if (p - f >= 9)
                return false;
            frac = frac * 10 + (uint64_t) (*p - '0');
            frac_div *= 10;
        }
        if (p == f)
            return false;
    }
    switch (*p) {
    case 'k': case 'K': mult = 1000; p++; break;
    case 'm': case 'M': mult = 1000000; p++; break;
    case 'g': case 'G': mult = 1000000000; p++; break;
    }
    if (*p || whole > STORM_PPS_MAX / mult || frac * mult % frac_div)
        return false;
    whole = whole * mult + frac * mult / frac_div;
    if (whole > STORM_PPS_MAX)
        return false;
    *pps = whole;
    return true;
}

void
storm_pps_format(uint64_t pps, char buf[STORM_PPS_STR_MAX])
{
    static const struct { uint64_t mult; char suffix; } units[] = {
        { 1000000000, 'g' }, { 1000000, 'm' }, { 1000, 'k' },
    };

    for (unsigned i = 0; pps && i < sizeof units / sizeof *units; i++) {
        if (pps % units[i].mult == 0) {
            snprintf(buf, STORM_PPS_STR_MAX, "%llu%c",
                     (unsigned long long) (pps / units[i].mult), units[i].suffix);
            return;
        }
    }
    snprintf(buf, STORM_PPS_STR_MAX, "%llu", (unsigned long long) pps);
}

const char *
storm_class_name(enum storm_class c)
{
    switch (c) {
    case STORM_BROADCAST: return "broadcast";
    case STORM_MULTICAST: return "multicast";
    case STORM_UNICAST:   return "unicast";
    case STORM_N_CLASSES: break;
    }
    return "unknown";
}
