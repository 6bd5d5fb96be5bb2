#ifndef NET_STORM_CONTROL_H
#define NET_STORM_CONTROL_H 1

/* Storm control (IOS `storm-control ... level pps N [M]`)
 * =======================================================
 * One 'struct storm_control' per bridge port (net/bridge.c keeps it in the
 * port and asks storm_control_admit() for every parsed frame, before the
 * flow table).  Frames are sorted into three classes by their destination:
 * broadcast (ff:ff:ff:ff:ff:ff), multicast (any other group address) and
 * unicast (known or not).  Each class may have a level: a rising rate N and
 * a falling rate M <= N, in frames per second.
 *
 * Time is cut into intervals of STORM_INTERVAL_MS, numbered now_ms / 1000,
 * and every frame of a class counts in its interval ("seen", what arrived,
 * let through or not).  A class is Forwarding or Blocking:
 *
 *   - Forwarding: up to N frames pass in an interval; the one after them
 *     is dropped and the class turns Blocking (a "storm": counted in
 *     'storms', reported once by storm_control_take_events());
 *   - Blocking: up to M frames pass in an interval, the rest are dropped;
 *     when an interval ends with fewer than M frames seen in it (or none
 *     at all), the next interval is Forwarding again.
 *
 * So traffic of the class is blocked down to the falling level once its
 * rate passes the rising level in an interval, until its rate falls below
 * the falling level, as IOS documents rising and falling thresholds; a
 * flood is cut to M frames a second (N in its first interval).  Without M,
 * M = N.  A level of 0 drops every frame of the class.  docs/cli.md
 * (`storm-control`) says the same for users.
 *
 * Pure, like the rest of net/: time is a parameter, nothing allocates, a
 * frame costs one test of a mask when its class has no level and a
 * division, two compares and two increments when it has one.  Intervals
 * roll when a frame or storm_control_poll() sees a later one; an interval
 * with no frame and no poll in it counts as empty. */

#include <stdbool.h>
#include <stdint.h>

#define STORM_INTERVAL_MS 1000
/* IOS: `level pps` takes 0 to 10G. */
#define STORM_PPS_MAX 10000000000ULL

enum storm_class {
    STORM_BROADCAST,
    STORM_MULTICAST,
    STORM_UNICAST,
    STORM_N_CLASSES
};

/* One class's level: 'falling_pps' <= 'rising_pps' (storm_level_valid()). */
struct storm_level {
    bool on;
    uint64_t rising_pps, falling_pps;
};

struct storm_control_config {
    struct storm_level level[STORM_N_CLASSES];
};

/* What a class is doing, for `show storm-control`. */
struct storm_class_state {
    struct storm_level level;
    bool blocking;
    int64_t interval;               /* number of the current interval */
    uint64_t seen, passed;          /* frames in the current interval */
    uint64_t last_seen;             /* frames in the last whole interval: the
                                       "Current" rate, per second */
    uint64_t drops;                 /* frames dropped, since configured */
    uint64_t storms;                /* Forwarding -> Blocking, since configured */
};

struct storm_control {
    uint8_t active;                 /* bit per class with a level */
    uint8_t events;                 /* bit per class that turned Blocking since
                                       storm_control_take_events() */
    struct storm_class_state cls[STORM_N_CLASSES];
};

/* Configuration. */

/* Starts with no level on any class. */
void storm_control_init(struct storm_control *);
/* Sets the levels of 'cfg'.  A class whose level is unchanged keeps its
 * state and counters; one whose level changed starts anew, Forwarding. */
void storm_control_configure(struct storm_control *, const struct storm_control_config *cfg);
/* Whether 'l' is a level (off, or falling <= rising <= STORM_PPS_MAX). */
bool storm_level_valid(const struct storm_level *l);
bool storm_level_equal(const struct storm_level *a, const struct storm_level *b);

/* The packet path. */

/* The class of a frame to destination 'dst' (6 bytes). */
static inline enum storm_class
storm_class_of(const uint8_t *dst)
{
    if (!(dst[0] & 1))
        return STORM_UNICAST;
    return (dst[0] & dst[1] & dst[2] & dst[3] & dst[4] & dst[5]) == 0xff ? STORM_BROADCAST
                                                                       : STORM_MULTICAST;
}

bool storm_control_admit_slow(struct storm_control *, enum storm_class, int64_t now_ms);

/* Counts a frame of class 'c' arriving at 'now_ms' and says whether it
 * passes (see above).  Always true for a class with no level. */
static inline bool
storm_control_admit(struct storm_control *sc, enum storm_class c, int64_t now_ms)
{
    return !(sc->active & (1u << c)) || storm_control_admit_slow(sc, c, now_ms);
}

/* The daemon's tick. */

/* Rolls every class into the interval of 'now_ms', so that the state and
 * the "Current" rate are true when no frame came. */
void storm_control_poll(struct storm_control *, int64_t now_ms);
/* The classes (bit 1 << class) that turned Blocking since the last call,
 * and forgets them. */
uint8_t storm_control_take_events(struct storm_control *);

/* Text.  IOS writes rates with a suffix k, m or g (10^3, 10^6, 10^9) and
 * takes decimals with one ("1.5k").  storm_pps_parse() accepts that
 * (case-insensitive) when the rate is a whole number of packets within
 * 0..STORM_PPS_MAX; storm_pps_format() writes it with the largest suffix
 * that divides it exactly, if any ("1k", "1500", "1500k", "10g"). */
bool storm_pps_parse(const char *s, uint64_t *pps);
#define STORM_PPS_STR_MAX 24
void storm_pps_format(uint64_t pps, char buf[STORM_PPS_STR_MAX]);

/* "broadcast", "multicast", "unicast". */
const char *storm_class_name(enum storm_class);

#endif /* net/storm_control.h */
