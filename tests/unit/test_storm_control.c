/* Storm control (net/storm_control.h): the rising and falling levels per 1 s
 * interval, as docs/cli.md (`storm-control`) states them, then the bridge's
 * use of it (docs/design.md section 5.10).  Time always comes from the test. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "bridge.h"
#include "storm_control.h"

static const uint8_t BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t MCAST[6] = { 0x01, 0x00, 0x5e, 0, 0, 0x01 };
static const uint8_t UCAST[6] = { 0x52, 0x54, 0, 0, 0, 0x0b };

static struct storm_control sc;

/* Broadcast level 'rising' 'falling' on 'sc'. */
static void
set_bcast(uint64_t rising, uint64_t falling)
{
    struct storm_control_config cfg;

    memset(&cfg, 0, sizeof cfg);
    cfg.level[STORM_BROADCAST] = (struct storm_level) { true, rising, falling };
    storm_control_configure(&sc, &cfg);
}

/* Offers 'n' broadcast frames at 'now_ms'; returns how many passed. */
static unsigned
offer(unsigned n, int64_t now_ms)
{
    unsigned passed = 0;

    for (unsigned i = 0; i < n; i++)
        passed += storm_control_admit(&sc, STORM_BROADCAST, now_ms);
    return passed;
}

static void
setup(void)
{
    storm_control_init(&sc);
}

TestSuite(storm_control, .init = setup);

Test(storm_control, classes_by_destination)
{
    cr_assert_eq(storm_class_of(BCAST), STORM_BROADCAST);
    cr_assert_eq(storm_class_of(MCAST), STORM_MULTICAST);
    cr_assert_eq(storm_class_of(UCAST), STORM_UNICAST);
    cr_assert_str_eq(storm_class_name(STORM_MULTICAST), "multicast");
}

Test(storm_control, no_level_passes_everything)
{
    cr_assert_eq(offer(100000, 5000), 100000);
    cr_assert_eq(sc.cls[STORM_BROADCAST].seen, 0, "no level: nothing counted");
    cr_assert_eq(storm_control_take_events(&sc), 0);
}

Test(storm_control, frames_over_the_rising_level_in_one_interval_are_dropped)
{
    set_bcast(10, 10);
    cr_assert_eq(offer(10, 7000), 10);
    cr_assert_not(sc.cls[STORM_BROADCAST].blocking);
    cr_assert_eq(storm_control_take_events(&sc), 0);
    cr_assert_eq(offer(25, 7999), 0);
    cr_assert(sc.cls[STORM_BROADCAST].blocking);
    cr_assert_eq(sc.cls[STORM_BROADCAST].drops, 25);
    cr_assert_eq(sc.cls[STORM_BROADCAST].storms, 1);
    cr_assert_eq(storm_control_take_events(&sc), 1u << STORM_BROADCAST);
    cr_assert_eq(storm_control_take_events(&sc), 0, "events are taken once");
}

Test(storm_control, next_interval_refills_the_budget)
{
    set_bcast(10, 10);
    cr_assert_eq(offer(50, 1000), 10);
    /* Blocking at the falling level, here equal to the rising one. */
    cr_assert_eq(offer(50, 2000), 10);
    cr_assert_eq(sc.cls[STORM_BROADCAST].last_seen, 50, "Current: what arrived");
    cr_assert_eq(offer(50, 2999), 0);
    cr_assert_eq(offer(50, 3000), 10);
    cr_assert_eq(sc.cls[STORM_BROADCAST].last_seen, 100);
    cr_assert_eq(sc.cls[STORM_BROADCAST].storms, 1, "one storm while it lasts");
}

Test(storm_control, blocking_lasts_until_the_rate_falls_below_the_falling_level)
{
    set_bcast(10, 4);
    cr_assert_eq(offer(20, 0), 10);             /* over 10: Blocking */
    cr_assert_eq(offer(20, 1000), 4, "blocked down to the falling level");
    cr_assert_eq(offer(4, 2000), 4);            /* 4 is not below 4 */
    cr_assert(sc.cls[STORM_BROADCAST].blocking);
    cr_assert_eq(offer(20, 3000), 4, "still Blocking: the last interval saw 4");
    cr_assert_eq(offer(3, 4000), 3);
    cr_assert(sc.cls[STORM_BROADCAST].blocking);
    /* The interval before saw 3 < 4: Forwarding, the rising level again. */
    cr_assert_eq(offer(20, 5000), 10);
    cr_assert_eq(sc.cls[STORM_BROADCAST].storms, 2);
}

Test(storm_control, an_interval_with_no_frames_ends_a_storm)
{
    set_bcast(10, 10);
    cr_assert_eq(offer(11, 1000), 10);
    cr_assert(sc.cls[STORM_BROADCAST].blocking);
    /* Two intervals later: the one between saw nothing. */
    cr_assert_eq(offer(10, 3500), 10);
    cr_assert_not(sc.cls[STORM_BROADCAST].blocking);
    cr_assert_eq(sc.cls[STORM_BROADCAST].last_seen, 0);
}

Test(storm_control, poll_rolls_intervals_without_frames)
{
    set_bcast(10, 5);
    cr_assert_eq(offer(30, 1000), 10);
    storm_control_poll(&sc, 2000);
    cr_assert(sc.cls[STORM_BROADCAST].blocking, "the interval that ended saw 30");
    cr_assert_eq(sc.cls[STORM_BROADCAST].last_seen, 30);
    storm_control_poll(&sc, 3000);
    cr_assert_not(sc.cls[STORM_BROADCAST].blocking);
    cr_assert_eq(sc.cls[STORM_BROADCAST].last_seen, 0);
    storm_control_poll(&sc, 2500);              /* time never goes back */
    cr_assert_eq(sc.cls[STORM_BROADCAST].interval, 3);
}

Test(storm_control, level_zero_drops_every_frame)
{
    set_bcast(0, 0);
    cr_assert_eq(offer(5, 100), 0);
    cr_assert_eq(sc.cls[STORM_BROADCAST].drops, 5);
}

Test(storm_control, classes_are_separate)
{
    set_bcast(1, 1);
    cr_assert_eq(offer(3, 0), 1);
    cr_assert(storm_control_admit(&sc, STORM_UNICAST, 0));
    cr_assert(storm_control_admit(&sc, STORM_MULTICAST, 0));
}

Test(storm_control, reconfiguring_keeps_an_unchanged_level_and_resets_a_changed_one)
{
    set_bcast(10, 10);
    cr_assert_eq(offer(20, 0), 10);
    set_bcast(10, 10);
    cr_assert_eq(sc.cls[STORM_BROADCAST].drops, 10);
    cr_assert(sc.cls[STORM_BROADCAST].blocking);
    set_bcast(20, 10);
    cr_assert_eq(sc.cls[STORM_BROADCAST].drops, 0);
    cr_assert_not(sc.cls[STORM_BROADCAST].blocking);
    cr_assert_eq(storm_control_take_events(&sc), 0, "a changed level forgets its events");
    cr_assert_eq(offer(20, 0), 20);
    storm_control_init(&sc);
    cr_assert_eq(sc.active, 0);
}

Test(storm_control, levels_are_validated)
{
    struct storm_level off = { false, 5, 9 };
    struct storm_level ok = { true, 10, 4 };
    struct storm_level inverted = { true, 4, 10 };
    struct storm_level huge = { true, STORM_PPS_MAX + 1, 1 };

    cr_assert(storm_level_valid(&off));
    cr_assert(storm_level_valid(&ok));
    cr_assert_not(storm_level_valid(&inverted));
    cr_assert_not(storm_level_valid(&huge));
}

Test(storm_control, rates_parse_and_format_as_ios_writes_them)
{
    static const struct { const char *text; uint64_t pps; } ok[] = {
        { "0", 0 }, { "100", 100 }, { "1k", 1000 }, { "1K", 1000 }, { "1.5k", 1500 },
        { "2m", 2000000 }, { "0.25m", 250000 }, { "10g", 10000000000ULL },
        { "10000000000", 10000000000ULL },
    };
    static const char *const bad[] = {
        "", "k", "-1", "1.5", "1.0001k", "10.1g", "11g", "10000000001", "1kk", "1x", "1.",
        ".5k", "99999999999999999999999", "1.1234567891g",
    };
    char buf[STORM_PPS_STR_MAX];
    uint64_t pps;

    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        cr_assert(storm_pps_parse(ok[i].text, &pps), "%s", ok[i].text);
        cr_assert_eq(pps, ok[i].pps, "%s", ok[i].text);
    }
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        cr_assert_not(storm_pps_parse(bad[i], &pps), "%s", bad[i]);
    storm_pps_format(0, buf);
    cr_assert_str_eq(buf, "0");
    storm_pps_format(1500, buf);
    cr_assert_str_eq(buf, "1500");
    storm_pps_format(20000, buf);
    cr_assert_str_eq(buf, "20k");
    storm_pps_format(3000000, buf);
    cr_assert_str_eq(buf, "3m");
    storm_pps_format(STORM_PPS_MAX, buf);
    cr_assert_str_eq(buf, "10g");
}

/* The bridge: a port's levels cut its floods, counted as storm-control. */

static void
count_tx(uint16_t port_no, const struct bridge_tx *items, unsigned n, void *arg)
{
    (void) items;
    ((unsigned *) arg)[port_no] += n;
}

Test(storm_control, bridge_drops_over_the_level_and_counts_it)
{
    struct bridge_config bcfg = { .max_ports = 4, .mac_table_size = 64 };
    struct bridge *br = bridge_create(&bcfg);
    static uint8_t buf[48][FRAME_HEADROOM + 60];
    struct frame frames[48], *batch[48];
    struct storm_control_config cfg;
    unsigned sent[4] = { 0 };
    uint8_t src[6] = { 0x52, 0x54, 0, 0, 0, 0x0a };

    cr_assert_not_null(br);
    for (uint16_t p = 0; p < 3; p++)
        cr_assert_eq(bridge_port_add(br, p, NULL), 0);
    memset(&cfg, 0, sizeof cfg);
    cfg.level[STORM_BROADCAST] = (struct storm_level) { true, 5, 5 };
    cr_assert_eq(bridge_port_set_storm_control(br, 0, &cfg), 0);
    cr_assert_eq(bridge_port_set_storm_control(br, 3, &cfg), ENOENT);
    cfg.level[STORM_UNICAST] = (struct storm_level) { true, 1, 2 };
    cr_assert_eq(bridge_port_set_storm_control(br, 0, &cfg), EINVAL);

    /* 16 broadcasts, then 16 unicasts (unknown: flooded), then 16
     * broadcasts from port 1, which has no level. */
    for (unsigned i = 0; i < 48; i++) {
        uint8_t *d = buf[i] + FRAME_HEADROOM;

        memset(d, 0, 60);
        memcpy(d, i >= 16 && i < 32 ? UCAST : BCAST, 6);
        src[5] = 0x0a + (i >= 32);
        memcpy(d + 6, src, 6);
        d[12] = 0x08;
        frame_init(&frames[i], buf[i], FRAME_HEADROOM, 60);
        batch[i] = &frames[i];
    }
    bridge_input(br, 0, batch, 32, 1000);
    bridge_tx_flush(br, count_tx, sent);
    bridge_input(br, 1, batch + 32, 16, 1000);
    bridge_tx_flush(br, count_tx, sent);

    cr_assert_eq(bridge_port_stats(br, 0)->drops[BRIDGE_DROP_STORM_CONTROL], 11);
    cr_assert_eq(bridge_port_stats(br, 0)->rx_broadcast, 16, "counted as received");
    cr_assert_eq(bridge_port_stats(br, 1)->drops[BRIDGE_DROP_STORM_CONTROL], 0);
    /* Port 2 got the 5 broadcasts, the 16 unicasts and port 1's 16. */
    cr_assert_eq(sent[2], 5 + 16 + 16);
    cr_assert_eq(bridge_port_storm_control(br, 0)->cls[STORM_BROADCAST].storms, 1);
    cr_assert_null(bridge_port_storm_control(br, 3));
    cr_assert_str_eq(bridge_drop_name(BRIDGE_DROP_STORM_CONTROL), "storm-control");
    bridge_destroy(br);
}
