/* Unit tests for net/mac_table.c: the contract of net/mac_table.h and the MAC
 * table rules of docs/design.md section 5.4.
 *
 * Story tests first (learning, aging, the size limit and its fairness rule,
 * static entries, flushing, collect), then two randomized checks: a model
 * test comparing the table with a plain array searched linearly (OVS
 * tests/test-classifier.c does the same for its classifier), and a churn test
 * that inserts and deletes far more entries than the table holds, to catch
 * open-addressing deletion bugs.  Time always comes from the test. */

#include <criterion/criterion.h>

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mac_table.h"

#define SEED 0x5eed5eed12345678ULL

/* Helpers. */

/* A locally administered unicast MAC 02:00:nn:nn:nn:nn for number 'n'. */
static void
mac_n(uint8_t mac[ETH_ADDR_LEN], uint32_t n)
{
    mac[0] = 0x02;
    mac[1] = 0x00;
    mac[2] = n >> 24;
    mac[3] = n >> 16;
    mac[4] = n >> 8;
    mac[5] = n;
}

static enum mac_learn_result
learn_n(struct mac_table *t, uint16_t vid, uint32_t n, uint16_t port,
        int64_t now_ms)
{
    uint8_t mac[ETH_ADDR_LEN];

    mac_n(mac, n);
    return mac_table_learn(t, vid, mac, port, now_ms);
}

/* Returns the port of MAC number 'n' in 'vid', or -1 if unknown. */
static int
port_of_n(const struct mac_table *t, uint16_t vid, uint32_t n)
{
    uint8_t mac[ETH_ADDR_LEN];
    uint16_t port = 0xbeef;

    mac_n(mac, n);
    return mac_table_lookup(t, vid, mac, &port) ? port : -1;
}

static int
add_static_n(struct mac_table *t, uint16_t vid, uint32_t n, uint16_t port)
{
    uint8_t mac[ETH_ADDR_LEN];

    mac_n(mac, n);
    return mac_table_add_static(t, vid, mac, port);
}

static bool
remove_static_n(struct mac_table *t, uint16_t vid, uint32_t n)
{
    uint8_t mac[ETH_ADDR_LEN];

    mac_n(mac, n);
    return mac_table_remove_static(t, vid, mac);
}

static struct mac_table *
create_ok(uint32_t max_entries, uint16_t max_ports, uint32_t aging_s)
{
    struct mac_table *t = mac_table_create(max_entries, max_ports, aging_s,
                                           SEED);

    cr_assert_not_null(t, "mac_table_create(%u, %u, %u) failed",
                       max_entries, max_ports, aging_s);
    /* The rules below are those of a table as big as it may be; how it
     * gets there is table_grows_*'s business. */
    cr_assert_eq(mac_table_reserve(t, max_entries), 0);
    return t;
}

/* Asserts that ports 0..n_ports-1 hold exactly 'expected[i]' dynamic
 * entries each. */
static void
assert_port_counts(const struct mac_table *t, const uint32_t *expected,
                   uint16_t n_ports)
{
    for (uint16_t p = 0; p < n_ports; p++) {
        cr_assert_eq(mac_table_port_count(t, p), expected[p],
                     "port %u holds %u dynamic entries, expected %u",
                     p, mac_table_port_count(t, p), expected[p]);
    }
}

/* Basics. */

Test(mac_table, create_rejects_zero_max_entries_or_zero_max_ports)
{
    cr_assert_null(mac_table_create(0, 8, 300, SEED));
    cr_assert_null(mac_table_create(16, 0, 300, SEED));
    cr_assert_null(mac_table_create(0, 0, 300, SEED));
}

Test(mac_table, destroy_accepts_null)
{
    mac_table_destroy(NULL);
}

Test(mac_table, new_table_is_empty_with_configured_limits)
{
    struct mac_table *t = create_ok(MAC_TABLE_DEFAULT_MAX, 16,
                                    MAC_TABLE_DEFAULT_AGING_S);
    struct mac_entry_info out[1];

    cr_assert_eq(mac_table_count(t), 0);
    cr_assert_eq(mac_table_max_entries(t), 8192);
    cr_assert_eq(mac_table_aging(t), 300);
    for (uint16_t p = 0; p < 16; p++) {
        cr_assert_eq(mac_table_port_count(t, p), 0);
    }
    cr_assert_eq(port_of_n(t, 1, 1), -1);
    cr_assert_eq(mac_table_expire(t, 0), MAC_TABLE_NO_DEADLINE);
    cr_assert_eq(mac_table_collect(t, out, 1), 0);
    mac_table_destroy(t);
}

Test(mac_table, single_entry_table_replaces_its_entry)
{
    struct mac_table *t = create_ok(1, 1, 300);

    cr_assert_eq(learn_n(t, 1, 1, 0, 0), MAC_LEARN_NEW);
    cr_assert_eq(learn_n(t, 1, 2, 0, 10), MAC_LEARN_NEW);
    cr_assert_eq(mac_table_count(t), 1);
    cr_assert_eq(mac_table_port_count(t, 0), 1);
    cr_assert_eq(port_of_n(t, 1, 1), -1);
    cr_assert_eq(port_of_n(t, 1, 2), 0);
    mac_table_destroy(t);
}

/* Learning and lookup. */

Test(mac_table, learning_new_mac_records_its_port)
{
    struct mac_table *t = create_ok(16, 8, 300);

    cr_assert_eq(learn_n(t, 10, 1, 3, 1000), MAC_LEARN_NEW);
    cr_assert_eq(learn_n(t, 10, 2, 7, 1000), MAC_LEARN_NEW);
    cr_assert_eq(mac_table_count(t), 2);
    cr_assert_eq(port_of_n(t, 10, 1), 3);
    cr_assert_eq(port_of_n(t, 10, 2), 7);
    cr_assert_eq(mac_table_port_count(t, 3), 1);
    cr_assert_eq(mac_table_port_count(t, 7), 1);
    cr_assert_eq(mac_table_port_count(t, 0), 0);
    mac_table_destroy(t);
}

Test(mac_table, lookup_of_unknown_mac_or_vlan_fails)
{
    struct mac_table *t = create_ok(16, 8, 300);

    learn_n(t, 10, 1, 3, 0);
    cr_assert_eq(port_of_n(t, 10, 2), -1, "unknown MAC");
    cr_assert_eq(port_of_n(t, 11, 1), -1, "known MAC, other VLAN");
    cr_assert_eq(port_of_n(t, 0, 1), -1, "known MAC, VLAN 0");
    mac_table_destroy(t);
}

Test(mac_table, port_count_of_unknown_port_is_zero)
{
    struct mac_table *t = create_ok(16, 4, 300);

    learn_n(t, 1, 1, 3, 0);
    cr_assert_eq(mac_table_port_count(t, 3), 1);
    cr_assert_eq(mac_table_port_count(t, 4), 0);
    cr_assert_eq(mac_table_port_count(t, UINT16_MAX), 0);
    mac_table_destroy(t);
}

Test(mac_table, relearning_on_same_port_refreshes_entry)
{
    struct mac_table *t = create_ok(16, 8, 300);
    struct mac_entry_info out[2];

    cr_assert_eq(learn_n(t, 1, 1, 2, 1000), MAC_LEARN_NEW);
    cr_assert_eq(learn_n(t, 1, 1, 2, 5000), MAC_LEARN_REFRESHED);
    cr_assert_eq(mac_table_count(t), 1);
    cr_assert_eq(mac_table_port_count(t, 2), 1);
    cr_assert_eq(port_of_n(t, 1, 1), 2);
    cr_assert_eq(mac_table_collect(t, out, 2), 1);
    cr_assert_eq(out[0].last_seen_ms, 5000);
    mac_table_destroy(t);
}

Test(mac_table, refresh_resets_age)
{
    struct mac_table *t = create_ok(16, 8, 300);

    learn_n(t, 1, 1, 2, 0);
    cr_assert_eq(learn_n(t, 1, 1, 2, 200000), MAC_LEARN_REFRESHED);
    /* The old deadline (300000) passes; the entry now lives to 500000. */
    cr_assert_eq(mac_table_expire(t, 300000), 500000);
    cr_assert_eq(port_of_n(t, 1, 1), 2);
    cr_assert_eq(mac_table_expire(t, 499999), 500000);
    cr_assert_eq(port_of_n(t, 1, 1), 2);
    cr_assert_eq(mac_table_expire(t, 500000), MAC_TABLE_NO_DEADLINE);
    cr_assert_eq(port_of_n(t, 1, 1), -1);
    cr_assert_eq(mac_table_count(t), 0);
    cr_assert_eq(mac_table_port_count(t, 2), 0);
    mac_table_destroy(t);
}

Test(mac_table, mac_seen_on_other_port_moves_there)
{
    struct mac_table *t = create_ok(16, 8, 300);
    struct mac_entry_info out[4];

    learn_n(t, 1, 1, 2, 0);
    learn_n(t, 1, 2, 2, 0);
    learn_n(t, 1, 3, 5, 0);
    cr_assert_eq(learn_n(t, 1, 1, 5, 7000), MAC_LEARN_MOVED);
    cr_assert_eq(port_of_n(t, 1, 1), 5);
    cr_assert_eq(mac_table_count(t), 3);
    cr_assert_eq(mac_table_port_count(t, 2), 1);
    cr_assert_eq(mac_table_port_count(t, 5), 2);
    cr_assert_eq(mac_table_collect(t, out, 4), 3);
    cr_assert_eq(out[0].port, 5);
    cr_assert_eq(out[0].last_seen_ms, 7000, "a move counts as seen");
    /* Seen again on the new port: refreshed, not moved. */
    cr_assert_eq(learn_n(t, 1, 1, 5, 8000), MAC_LEARN_REFRESHED);
    /* And back. */
    cr_assert_eq(learn_n(t, 1, 1, 2, 9000), MAC_LEARN_MOVED);
    cr_assert_eq(mac_table_port_count(t, 2), 2);
    cr_assert_eq(mac_table_port_count(t, 5), 1);
    mac_table_destroy(t);
}

Test(mac_table, moved_entry_ages_from_the_move)
{
    struct mac_table *t = create_ok(16, 8, 300);

    learn_n(t, 1, 1, 2, 0);
    learn_n(t, 1, 1, 3, 100000);
    cr_assert_eq(mac_table_expire(t, 300000), 400000);
    cr_assert_eq(port_of_n(t, 1, 1), 3);
    cr_assert_eq(mac_table_expire(t, 400000), MAC_TABLE_NO_DEADLINE);
    cr_assert_eq(port_of_n(t, 1, 1), -1);
    mac_table_destroy(t);
}

Test(mac_table, same_mac_in_two_vlans_is_two_entries)
{
    struct mac_table *t = create_ok(16, 8, 300);

    cr_assert_eq(learn_n(t, 10, 1, 1, 0), MAC_LEARN_NEW);
    cr_assert_eq(learn_n(t, 20, 1, 2, 0), MAC_LEARN_NEW,
                 "the same MAC in another VLAN is a new entry, not a move");
    cr_assert_eq(mac_table_count(t), 2);
    cr_assert_eq(port_of_n(t, 10, 1), 1);
    cr_assert_eq(port_of_n(t, 20, 1), 2);
    cr_assert_eq(mac_table_port_count(t, 1), 1);
    cr_assert_eq(mac_table_port_count(t, 2), 1);

    cr_assert_eq(learn_n(t, 20, 1, 3, 10), MAC_LEARN_MOVED);
    cr_assert_eq(port_of_n(t, 10, 1), 1, "a move in VLAN 20 leaves VLAN 10");
    cr_assert_eq(port_of_n(t, 20, 1), 3);

    cr_assert_eq(mac_table_flush_vlan(t, 10, false), 1);
    cr_assert_eq(port_of_n(t, 10, 1), -1);
    cr_assert_eq(port_of_n(t, 20, 1), 3);
    cr_assert_eq(mac_table_count(t), 1);
    mac_table_destroy(t);
}

Test(mac_table, same_mac_in_many_vlans_is_kept_apart)
{
    static const uint16_t vids[] = { 0, 1, 2, 0x101, 0x800, 4094 };
    struct mac_table *t = create_ok(16, 8, 300);

    for (int i = 0; i < 6; i++) {
        cr_assert_eq(learn_n(t, vids[i], 1, i, 0), MAC_LEARN_NEW,
                     "VLAN %u", vids[i]);
    }
    cr_assert_eq(mac_table_count(t), 6);
    for (int i = 0; i < 6; i++) {
        cr_assert_eq(port_of_n(t, vids[i], 1), i, "VLAN %u", vids[i]);
    }
    cr_assert_eq(port_of_n(t, 3, 1), -1);
    mac_table_destroy(t);
}

Test(mac_table, macs_differing_in_any_byte_are_distinct)
{
    struct mac_table *t = create_ok(16, 8, 300);
    uint8_t base[ETH_ADDR_LEN] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
    uint8_t mac[ETH_ADDR_LEN];
    uint16_t port;

    cr_assert_eq(mac_table_learn(t, 1, base, 0, 0), MAC_LEARN_NEW);
    for (int i = 0; i < ETH_ADDR_LEN; i++) {
        memcpy(mac, base, sizeof mac);
        mac[i] ^= 0x80;     /* stays unicast: bit 0 of byte 0 untouched */
        cr_assert_eq(mac_table_learn(t, 1, mac, i + 1, 0), MAC_LEARN_NEW,
                     "byte %d", i);
    }
    cr_assert_eq(mac_table_count(t), 7);
    cr_assert(mac_table_lookup(t, 1, base, &port));
    cr_assert_eq(port, 0);
    for (int i = 0; i < ETH_ADDR_LEN; i++) {
        memcpy(mac, base, sizeof mac);
        mac[i] ^= 0x80;
        cr_assert(mac_table_lookup(t, 1, mac, &port), "byte %d", i);
        cr_assert_eq(port, i + 1, "byte %d", i);
    }
    mac_table_destroy(t);
}

/* Aging. */

Test(mac_table, entry_expires_exactly_at_aging_time)
{
    struct mac_table *t = create_ok(16, 8, 300);

    learn_n(t, 1, 1, 0, 0);
    cr_assert_eq(mac_table_expire(t, 299999), 300000);
    cr_assert_eq(port_of_n(t, 1, 1), 0, "299.999 s old: still there");
    cr_assert_eq(mac_table_count(t), 1);
    cr_assert_eq(mac_table_expire(t, 300000), MAC_TABLE_NO_DEADLINE);
    cr_assert_eq(port_of_n(t, 1, 1), -1, "300 s old: expired");
    cr_assert_eq(mac_table_count(t), 0);
    cr_assert_eq(mac_table_port_count(t, 0), 0);
    mac_table_destroy(t);
}

Test(mac_table, aged_entry_is_still_found_until_expire_runs)
{
    struct mac_table *t = create_ok(16, 8, 300);

    learn_n(t, 1, 1, 0, 0);
    /* Nobody called expire: lookup does not age. */
    cr_assert_eq(port_of_n(t, 1, 1), 0);
    /* Learning at a much later time refreshes rather than re-creates. */
    cr_assert_eq(learn_n(t, 1, 1, 0, 1000000), MAC_LEARN_REFRESHED);
    mac_table_destroy(t);
}

Test(mac_table, expire_returns_deadline_of_oldest_remaining_entry)
{
    struct mac_table *t = create_ok(16, 8, 10);

    learn_n(t, 1, 1, 0, 1000);
    learn_n(t, 1, 2, 1, 2500);
    learn_n(t, 2, 3, 2, 4000);
    learn_n(t, 2, 4, 0, 4000);
    cr_assert_eq(mac_table_expire(t, 4000), 11000);
    cr_assert_eq(mac_table_expire(t, 10999), 11000);
    cr_assert_eq(mac_table_count(t), 4);
    cr_assert_eq(mac_table_expire(t, 11000), 12500);
    cr_assert_eq(mac_table_count(t), 3);
    cr_assert_eq(port_of_n(t, 1, 1), -1);
    /* Refreshing the oldest remaining entry moves the deadline. */
    learn_n(t, 1, 2, 1, 11500);
    cr_assert_eq(mac_table_expire(t, 11500), 14000);
    /* Both entries seen at 4000 go together. */
    cr_assert_eq(mac_table_expire(t, 14000), 21500);
    cr_assert_eq(mac_table_count(t), 1);
    cr_assert_eq(port_of_n(t, 1, 2), 1);
    cr_assert_eq(port_of_n(t, 2, 3), -1);
    cr_assert_eq(port_of_n(t, 2, 4), -1);
    /* Several deadlines passed at once. */
    learn_n(t, 3, 5, 3, 15000);
    learn_n(t, 3, 6, 3, 16000);
    cr_assert_eq(mac_table_expire(t, 25000), 26000);
    cr_assert_eq(mac_table_count(t), 1);
    cr_assert_eq(port_of_n(t, 3, 6), 3);
    assert_port_counts(t, (uint32_t[]) { 0, 0, 0, 1 }, 4);
    mac_table_destroy(t);
}

Test(mac_table, expire_returns_no_deadline_when_only_static_entries)
{
    struct mac_table *t = create_ok(16, 8, 300);

    cr_assert_eq(mac_table_expire(t, 0), MAC_TABLE_NO_DEADLINE);
    cr_assert_eq(add_static_n(t, 1, 1, 0), 0);
    cr_assert_eq(add_static_n(t, 1, 2, 1), 0);
    cr_assert_eq(mac_table_expire(t, 0), MAC_TABLE_NO_DEADLINE);
    learn_n(t, 1, 3, 2, 5000);
    cr_assert_eq(mac_table_expire(t, 6000), 305000);
    cr_assert_eq(mac_table_expire(t, 305000), MAC_TABLE_NO_DEADLINE);
    cr_assert_eq(mac_table_count(t), 2);
    mac_table_destroy(t);
}

Test(mac_table, aging_zero_never_expires)
{
    struct mac_table *t = create_ok(16, 8, 0);

    cr_assert_eq(mac_table_aging(t), 0);
    learn_n(t, 1, 1, 0, 0);
    learn_n(t, 1, 2, 1, 1000);
    cr_assert_eq(mac_table_expire(t, 0), MAC_TABLE_NO_DEADLINE);
    cr_assert_eq(mac_table_expire(t, 1000000000), MAC_TABLE_NO_DEADLINE);
    cr_assert_eq(mac_table_expire(t, INT64_MAX / 2), MAC_TABLE_NO_DEADLINE);
    cr_assert_eq(mac_table_count(t), 2);
    cr_assert_eq(port_of_n(t, 1, 1), 0);
    cr_assert_eq(port_of_n(t, 1, 2), 1);
    mac_table_destroy(t);
}

Test(mac_table, set_aging_changes_expiry)
{
    struct mac_table *t = create_ok(16, 8, 300);

    learn_n(t, 1, 1, 0, 0);
    learn_n(t, 1, 2, 0, 50000);

    mac_table_set_aging(t, 60);
    cr_assert_eq(mac_table_aging(t), 60);
    cr_assert_eq(mac_table_expire(t, 59999), 60000);
    cr_assert_eq(mac_table_expire(t, 60000), 110000);
    cr_assert_eq(port_of_n(t, 1, 1), -1);
    cr_assert_eq(port_of_n(t, 1, 2), 0);

    mac_table_set_aging(t, 0);
    cr_assert_eq(mac_table_aging(t), 0);
    cr_assert_eq(mac_table_expire(t, 10000000), MAC_TABLE_NO_DEADLINE);
    cr_assert_eq(port_of_n(t, 1, 2), 0);

    mac_table_set_aging(t, 1000);
    cr_assert_eq(mac_table_expire(t, 10000000), MAC_TABLE_NO_DEADLINE);
    cr_assert_eq(mac_table_count(t), 0);

    learn_n(t, 1, 3, 0, 20000000);
    cr_assert_eq(mac_table_expire(t, 20000000), 21000000);
    mac_table_destroy(t);
}

Test(mac_table, long_aging_time_does_not_overflow)
{
    struct mac_table *t = create_ok(16, 8, UINT32_MAX);

    learn_n(t, 1, 1, 0, 1000);
    cr_assert_eq(mac_table_expire(t, 2000), 1000 + (int64_t) UINT32_MAX * 1000);
    cr_assert_eq(port_of_n(t, 1, 1), 0);
    mac_table_destroy(t);
}

/* The size limit and its fairness rule. */

Test(mac_table, count_never_exceeds_max_entries)
{
    struct mac_table *t = create_ok(10, 4, 300);

    for (uint32_t i = 0; i < 100; i++) {
        cr_assert_eq(learn_n(t, 1 + i % 3, i, i % 4, i), MAC_LEARN_NEW);
        cr_assert_eq(mac_table_count(t), i < 10 ? i + 1 : 10);
        cr_assert_eq(port_of_n(t, 1 + i % 3, i), (int) (i % 4),
                     "the MAC just learned is in the table");
        uint32_t sum = 0;
        for (uint16_t p = 0; p < 4; p++) {
            sum += mac_table_port_count(t, p);
        }
        cr_assert_eq(sum, mac_table_count(t));
    }
    mac_table_destroy(t);
}

Test(mac_table, full_table_evicts_oldest_entry_of_busiest_port)
{
    /* Port 1 holds 3 entries, ports 0 and 2 hold one each. */
    struct mac_table *t = create_ok(5, 4, 300);

    learn_n(t, 1, 100, 0, 0);
    learn_n(t, 1, 1, 1, 10);
    learn_n(t, 1, 2, 1, 20);
    learn_n(t, 1, 3, 1, 30);
    learn_n(t, 1, 200, 2, 40);
    /* MAC 1 is port 1's oldest until refreshed; then MAC 2 is. */
    cr_assert_eq(learn_n(t, 1, 1, 1, 50), MAC_LEARN_REFRESHED);

    /* Full; a new MAC on port 3 evicts port 1's oldest, MAC 2, although
     * MAC 100 on port 0 is older. */
    cr_assert_eq(learn_n(t, 1, 300, 3, 60), MAC_LEARN_NEW);
    cr_assert_eq(mac_table_count(t), 5);
    cr_assert_eq(port_of_n(t, 1, 2), -1);
    cr_assert_eq(port_of_n(t, 1, 100), 0);
    cr_assert_eq(port_of_n(t, 1, 1), 1);
    cr_assert_eq(port_of_n(t, 1, 3), 1);
    cr_assert_eq(port_of_n(t, 1, 200), 2);
    cr_assert_eq(port_of_n(t, 1, 300), 3);
    assert_port_counts(t, (uint32_t[]) { 1, 2, 1, 1 }, 4);
    mac_table_destroy(t);
}

Test(mac_table, spraying_port_only_evicts_its_own_entries)
{
    /* A 10-entry table: one host each on ports 1..5, then port 6 sprays 16
     * random source MACs.  Port 6 becomes the busiest port once the table is
     * full, so from then on every new MAC evicts port 6's own oldest entry:
     * the five hosts stay and port 6 keeps its five newest MACs. */
    struct mac_table *t = create_ok(10, 8, 300);
    int64_t now = 0;

    for (uint16_t p = 1; p <= 5; p++) {
        cr_assert_eq(learn_n(t, 1, p, p, now += 10), MAC_LEARN_NEW);
    }
    for (uint32_t i = 0; i < 16; i++) {
        cr_assert_eq(learn_n(t, 1, 1000 + i, 6, now += 10), MAC_LEARN_NEW);
        cr_assert_leq(mac_table_count(t), 10);
    }
    cr_assert_eq(mac_table_count(t), 10);
    for (uint16_t p = 1; p <= 5; p++) {
        cr_assert_eq(port_of_n(t, 1, p), p, "host on port %u pushed out", p);
    }
    for (uint32_t i = 0; i < 16; i++) {
        cr_assert_eq(port_of_n(t, 1, 1000 + i), i < 11 ? -1 : 6,
                     "sprayed MAC %u", i);
    }
    assert_port_counts(t, (uint32_t[]) { 0, 1, 1, 1, 1, 1, 5, 0 }, 8);
    mac_table_destroy(t);
}

Test(mac_table, full_table_overflow_is_fair_to_every_port)
{
    /* OVS ofproto-dpif.at "MAC table overflow fairness": a 10-entry table
     * filled with 2 MACs from each of ports 1..5 in port order, then 16 new
     * MACs on port 6.  Each new MAC evicts the oldest entry of the port
     * holding the most dynamic entries:
     *   1st: ports 1..5 tie at 2 -> port 1's oldest goes (1,2,2,2,2 | 6:1)
     *   2nd: ports 2..5 tie at 2 -> port 2's oldest goes (1,1,2,2,2 | 6:2)
     *   3rd: ports 3..5 and 6 tie at 2 -> port 3's oldest  (1,1,1,2,2 | 6:3)
     *   4th..16th: port 6 is the busiest (3) and loses its own oldest.
     * Ties here go to the lowest port, which in this story is also the port
     * whose oldest entry is the oldest of all, so either sensible tie rule
     * gives this table: every port keeps at least one host. */
    struct mac_table *t = create_ok(10, 8, 300);
    int64_t now = 0;

    for (uint16_t p = 1; p <= 5; p++) {
        learn_n(t, 1, p * 10, p, now += 10);
        learn_n(t, 1, p * 10 + 1, p, now += 10);
    }
    cr_assert_eq(mac_table_count(t), 10);
    for (uint32_t i = 0; i < 16; i++) {
        cr_assert_eq(learn_n(t, 1, 1000 + i, 6, now += 10), MAC_LEARN_NEW);
    }
    cr_assert_eq(mac_table_count(t), 10);
    assert_port_counts(t, (uint32_t[]) { 0, 1, 1, 1, 2, 2, 3, 0 }, 8);
    /* Ports 1..3 kept their newer MAC, ports 4 and 5 both. */
    for (uint16_t p = 1; p <= 5; p++) {
        cr_assert_eq(port_of_n(t, 1, p * 10), p <= 3 ? -1 : p, "MAC %u", p * 10);
        cr_assert_eq(port_of_n(t, 1, p * 10 + 1), p, "MAC %u", p * 10 + 1);
    }
    for (uint32_t i = 0; i < 16; i++) {
        cr_assert_eq(port_of_n(t, 1, 1000 + i), i < 13 ? -1 : 6,
                     "port 6 MAC %u", i);
    }
    mac_table_destroy(t);
}

Test(mac_table, full_table_move_or_refresh_does_not_evict)
{
    struct mac_table *t = create_ok(4, 4, 300);

    learn_n(t, 1, 1, 0, 0);
    learn_n(t, 1, 2, 0, 0);
    learn_n(t, 1, 3, 1, 0);
    learn_n(t, 1, 4, 2, 0);
    cr_assert_eq(learn_n(t, 1, 1, 3, 10), MAC_LEARN_MOVED);
    cr_assert_eq(learn_n(t, 1, 3, 1, 10), MAC_LEARN_REFRESHED);
    cr_assert_eq(mac_table_count(t), 4);
    for (uint32_t n = 1; n <= 4; n++) {
        cr_assert_neq(port_of_n(t, 1, n), -1, "MAC %u", n);
    }
    assert_port_counts(t, (uint32_t[]) { 1, 1, 1, 1 }, 4);
    mac_table_destroy(t);
}

Test(mac_table, removed_entries_make_room_without_eviction)
{
    struct mac_table *t = create_ok(4, 4, 300);

    for (uint32_t n = 1; n <= 4; n++) {
        learn_n(t, n <= 2 ? 1 : 2, n, 0, 0);
    }
    cr_assert_eq(mac_table_flush_vlan(t, 2, false), 2);
    cr_assert_eq(learn_n(t, 3, 5, 1, 10), MAC_LEARN_NEW);
    cr_assert_eq(learn_n(t, 3, 6, 1, 10), MAC_LEARN_NEW);
    cr_assert_eq(mac_table_count(t), 4);
    cr_assert_eq(port_of_n(t, 1, 1), 0);
    cr_assert_eq(port_of_n(t, 1, 2), 0);
    mac_table_destroy(t);
}

/* Static entries. */

Test(mac_table, static_entry_is_found_by_lookup)
{
    struct mac_table *t = create_ok(16, 8, 300);
    struct mac_entry_info out[2];

    cr_assert_eq(add_static_n(t, 5, 1, 7), 0);
    cr_assert_eq(port_of_n(t, 5, 1), 7);
    cr_assert_eq(port_of_n(t, 6, 1), -1);
    cr_assert_eq(mac_table_count(t), 1);
    cr_assert_eq(mac_table_port_count(t, 7), 0, "port counts are dynamic only");
    cr_assert_eq(mac_table_collect(t, out, 2), 1);
    cr_assert_eq(out[0].vid, 5);
    cr_assert_eq(out[0].port, 7);
    cr_assert(out[0].is_static);
    mac_table_destroy(t);
}

Test(mac_table, static_entry_never_ages)
{
    struct mac_table *t = create_ok(16, 8, 1);

    add_static_n(t, 1, 1, 0);
    learn_n(t, 1, 2, 0, 0);
    cr_assert_eq(mac_table_expire(t, 1000), MAC_TABLE_NO_DEADLINE);
    cr_assert_eq(mac_table_expire(t, INT64_MAX / 2), MAC_TABLE_NO_DEADLINE);
    cr_assert_eq(port_of_n(t, 1, 1), 0);
    cr_assert_eq(port_of_n(t, 1, 2), -1);
    cr_assert_eq(mac_table_count(t), 1);
    mac_table_destroy(t);
}

Test(mac_table, static_entry_is_never_evicted)
{
    /* Port 0 holds 2 statics and 1 dynamic entry; port 1 holds 2 dynamic
     * ones.  Port 1 is the busiest by dynamic entries and pays for every
     * new MAC until its count drops to 1; statics are never chosen. */
    struct mac_table *t = create_ok(5, 4, 300);

    add_static_n(t, 1, 1, 0);
    add_static_n(t, 1, 2, 0);
    learn_n(t, 1, 3, 0, 0);
    learn_n(t, 1, 4, 1, 10);
    learn_n(t, 1, 5, 1, 20);
    cr_assert_eq(learn_n(t, 1, 6, 2, 30), MAC_LEARN_NEW);
    cr_assert_eq(port_of_n(t, 1, 4), -1, "port 1's oldest goes");
    for (uint32_t n = 7; n < 40; n++) {
        cr_assert_eq(learn_n(t, 1, n, 2, 30 + n), MAC_LEARN_NEW);
        cr_assert_eq(mac_table_count(t), 5);
        cr_assert_eq(port_of_n(t, 1, 1), 0);
        cr_assert_eq(port_of_n(t, 1, 2), 0);
    }
    /* The statics stay whatever the dynamic entries do. */
    cr_assert_eq(mac_table_port_count(t, 0) + mac_table_port_count(t, 1)
                 + mac_table_port_count(t, 2), 3);
    cr_assert_eq(port_of_n(t, 1, 39), 2);
    mac_table_destroy(t);
}

Test(mac_table, learning_static_mac_elsewhere_leaves_it_in_place)
{
    struct mac_table *t = create_ok(16, 8, 300);

    add_static_n(t, 1, 1, 4);
    cr_assert_eq(learn_n(t, 1, 1, 2, 100), MAC_LEARN_STATIC);
    cr_assert_eq(port_of_n(t, 1, 1), 4);
    cr_assert_eq(mac_table_count(t), 1);
    cr_assert_eq(mac_table_port_count(t, 2), 0);
    cr_assert_eq(mac_table_port_count(t, 4), 0);
    /* Other VLANs learn the MAC normally. */
    cr_assert_eq(learn_n(t, 2, 1, 2, 100), MAC_LEARN_NEW);
    mac_table_destroy(t);
}

Test(mac_table, learning_static_mac_on_its_own_port_leaves_it_static)
{
    struct mac_table *t = create_ok(16, 8, 1);
    struct mac_entry_info out[2];

    add_static_n(t, 1, 1, 4);
    cr_assert_eq(learn_n(t, 1, 1, 4, 100), MAC_LEARN_STATIC);
    cr_assert_eq(mac_table_port_count(t, 4), 0);
    cr_assert_eq(mac_table_collect(t, out, 2), 1);
    cr_assert(out[0].is_static);
    cr_assert_eq(mac_table_expire(t, 100000), MAC_TABLE_NO_DEADLINE);
    cr_assert_eq(port_of_n(t, 1, 1), 4);
    mac_table_destroy(t);
}

Test(mac_table, add_static_replaces_dynamic_entry)
{
    struct mac_table *t = create_ok(16, 8, 300);
    struct mac_entry_info out[2];

    learn_n(t, 1, 1, 2, 0);
    learn_n(t, 1, 2, 2, 0);
    cr_assert_eq(add_static_n(t, 1, 1, 6), 0);
    cr_assert_eq(mac_table_count(t), 2);
    cr_assert_eq(port_of_n(t, 1, 1), 6);
    cr_assert_eq(mac_table_port_count(t, 2), 1);
    cr_assert_eq(mac_table_port_count(t, 6), 0);
    cr_assert_eq(mac_table_collect(t, out, 2), 2);
    cr_assert(out[0].is_static);
    cr_assert_not(out[1].is_static);
    /* No longer on the age list. */
    cr_assert_eq(mac_table_expire(t, 300000), MAC_TABLE_NO_DEADLINE);
    cr_assert_eq(port_of_n(t, 1, 1), 6);
    cr_assert_eq(port_of_n(t, 1, 2), -1);
    cr_assert_eq(learn_n(t, 1, 1, 2, 300001), MAC_LEARN_STATIC);
    mac_table_destroy(t);
}

Test(mac_table, add_static_on_same_port_makes_dynamic_entry_static)
{
    struct mac_table *t = create_ok(16, 8, 300);

    learn_n(t, 1, 1, 2, 0);
    cr_assert_eq(add_static_n(t, 1, 1, 2), 0);
    cr_assert_eq(mac_table_count(t), 1);
    cr_assert_eq(mac_table_port_count(t, 2), 0);
    cr_assert_eq(mac_table_expire(t, 300000), MAC_TABLE_NO_DEADLINE);
    cr_assert_eq(port_of_n(t, 1, 1), 2);
    mac_table_destroy(t);
}

Test(mac_table, add_static_updates_static_entry)
{
    struct mac_table *t = create_ok(2, 8, 300);
    struct mac_entry_info out[2];

    cr_assert_eq(add_static_n(t, 1, 1, 2), 0);
    cr_assert_eq(add_static_n(t, 1, 2, 2), 0);
    /* Full of statics, but updating an existing one needs no room. */
    cr_assert_eq(add_static_n(t, 1, 1, 3), 0);
    cr_assert_eq(add_static_n(t, 1, 1, 3), 0);
    cr_assert_eq(mac_table_count(t), 2);
    cr_assert_eq(port_of_n(t, 1, 1), 3);
    cr_assert_eq(port_of_n(t, 1, 2), 2);
    cr_assert_eq(mac_table_collect(t, out, 2), 2);
    cr_assert_eq(out[0].port, 3);
    cr_assert(out[0].is_static);
    /* The entry now belongs to port 3 for flushing too. */
    cr_assert_eq(mac_table_flush_port(t, 2, true), 1);
    cr_assert_eq(mac_table_flush_port(t, 3, true), 1);
    cr_assert_eq(mac_table_count(t), 0);
    mac_table_destroy(t);
}

Test(mac_table, remove_static_removes_only_static_entries)
{
    struct mac_table *t = create_ok(16, 8, 300);

    add_static_n(t, 1, 1, 0);
    learn_n(t, 1, 2, 0, 0);
    cr_assert(remove_static_n(t, 1, 1));
    cr_assert_eq(port_of_n(t, 1, 1), -1);
    cr_assert_eq(mac_table_count(t), 1);
    cr_assert_not(remove_static_n(t, 1, 1), "already removed");
    cr_assert_not(remove_static_n(t, 1, 3), "never there");
    cr_assert_not(remove_static_n(t, 2, 2), "other VLAN");
    cr_assert_not(remove_static_n(t, 1, 2), "dynamic entry");
    cr_assert_eq(port_of_n(t, 1, 2), 0, "dynamic entry left alone");
    cr_assert_eq(mac_table_count(t), 1);
    cr_assert_eq(mac_table_port_count(t, 0), 1);
    /* The MAC can be learned again once its static entry is gone. */
    cr_assert_eq(learn_n(t, 1, 1, 3, 10), MAC_LEARN_NEW);
    mac_table_destroy(t);
}

Test(mac_table, add_static_on_full_table_evicts_dynamic_entry)
{
    struct mac_table *t = create_ok(3, 4, 300);

    learn_n(t, 1, 1, 0, 0);
    learn_n(t, 1, 2, 1, 10);
    learn_n(t, 1, 3, 1, 20);
    cr_assert_eq(add_static_n(t, 1, 4, 2), 0);
    cr_assert_eq(mac_table_count(t), 3);
    cr_assert_eq(port_of_n(t, 1, 4), 2);
    cr_assert_eq(port_of_n(t, 1, 2), -1, "port 1's oldest evicted");
    cr_assert_eq(port_of_n(t, 1, 1), 0);
    cr_assert_eq(port_of_n(t, 1, 3), 1);
    assert_port_counts(t, (uint32_t[]) { 1, 1, 0, 0 }, 4);
    mac_table_destroy(t);
}

Test(mac_table, add_static_fails_with_enospc_when_table_is_all_static)
{
    struct mac_table *t = create_ok(3, 4, 300);

    cr_assert_eq(add_static_n(t, 1, 1, 0), 0);
    cr_assert_eq(add_static_n(t, 1, 2, 1), 0);
    cr_assert_eq(add_static_n(t, 1, 3, 2), 0);
    cr_assert_eq(add_static_n(t, 1, 4, 3), ENOSPC);
    cr_assert_eq(mac_table_count(t), 3);
    cr_assert_eq(port_of_n(t, 1, 4), -1);
    cr_assert(remove_static_n(t, 1, 2));
    cr_assert_eq(add_static_n(t, 1, 4, 3), 0);
    cr_assert_eq(port_of_n(t, 1, 4), 3);
    mac_table_destroy(t);
}

Test(mac_table, add_static_rejects_multicast_mac_and_bad_port)
{
    struct mac_table *t = create_ok(16, 4, 300);
    uint8_t mcast[ETH_ADDR_LEN] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
    uint8_t bcast[ETH_ADDR_LEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    uint8_t ucast[ETH_ADDR_LEN] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x01 };
    uint16_t port;

    cr_assert_eq(mac_table_add_static(t, 1, mcast, 0), EINVAL);
    cr_assert_eq(mac_table_add_static(t, 1, bcast, 0), EINVAL);
    cr_assert_eq(mac_table_add_static(t, 1, ucast, 4), EINVAL);
    cr_assert_eq(mac_table_add_static(t, 1, ucast, UINT16_MAX), EINVAL);
    cr_assert_eq(mac_table_count(t), 0);
    cr_assert_not(mac_table_lookup(t, 1, mcast, &port));
    cr_assert_not(mac_table_lookup(t, 1, ucast, &port));
    cr_assert_eq(mac_table_add_static(t, 1, ucast, 3), 0, "last port is fine");
    /* A bad update leaves the existing entry alone. */
    cr_assert_eq(mac_table_add_static(t, 1, ucast, 4), EINVAL);
    cr_assert(mac_table_lookup(t, 1, ucast, &port));
    cr_assert_eq(port, 3);
    mac_table_destroy(t);
}

Test(mac_table, learning_on_port_beyond_max_ports_is_refused)
{
    struct mac_table *t = create_ok(16, 4, 300);

    cr_assert_eq(learn_n(t, 1, 1, 4, 0), MAC_LEARN_BAD_PORT);
    cr_assert_eq(learn_n(t, 1, 1, UINT16_MAX, 0), MAC_LEARN_BAD_PORT);
    cr_assert_eq(mac_table_count(t), 0);
    cr_assert_eq(port_of_n(t, 1, 1), -1);
    cr_assert_eq(learn_n(t, 1, 1, 3, 0), MAC_LEARN_NEW);
    /* A known MAC is not moved to a bad port. */
    cr_assert_eq(learn_n(t, 1, 1, 4, 10), MAC_LEARN_BAD_PORT);
    cr_assert_eq(port_of_n(t, 1, 1), 3);
    cr_assert_eq(mac_table_port_count(t, 3), 1);
    cr_assert_eq(mac_table_count(t), 1);
    mac_table_destroy(t);
}

Test(mac_table, learning_into_table_full_of_statics_has_no_room)
{
    struct mac_table *t = create_ok(2, 4, 300);

    add_static_n(t, 1, 1, 0);
    add_static_n(t, 1, 2, 1);
    cr_assert_eq(learn_n(t, 1, 3, 2, 0), MAC_LEARN_NO_ROOM);
    cr_assert_eq(mac_table_count(t), 2);
    cr_assert_eq(port_of_n(t, 1, 3), -1);
    cr_assert_eq(mac_table_port_count(t, 2), 0);
    cr_assert_eq(port_of_n(t, 1, 1), 0);
    cr_assert_eq(port_of_n(t, 1, 2), 1);
    /* Statics themselves are still "learned" as static. */
    cr_assert_eq(learn_n(t, 1, 1, 3, 0), MAC_LEARN_STATIC);
    mac_table_destroy(t);
}

/* Flushing. */

/* Fills 't' with: VLAN 1: MACs 1-3 on port 0, MAC 4 on port 1, static MAC 5
 * on port 0; VLAN 2: MAC 1 on port 1, MAC 6 on port 0, static MAC 7 on
 * port 1; VLAN 3: static MAC 8 on port 2, MAC 9 on port 2. */
static void
fill_for_flush(struct mac_table *t)
{
    learn_n(t, 1, 1, 0, 0);
    learn_n(t, 1, 2, 0, 0);
    learn_n(t, 1, 3, 0, 0);
    learn_n(t, 1, 4, 1, 0);
    cr_assert_eq(add_static_n(t, 1, 5, 0), 0);
    learn_n(t, 2, 1, 1, 0);
    learn_n(t, 2, 6, 0, 0);
    cr_assert_eq(add_static_n(t, 2, 7, 1), 0);
    cr_assert_eq(add_static_n(t, 3, 8, 2), 0);
    learn_n(t, 3, 9, 2, 0);
    cr_assert_eq(mac_table_count(t), 10);
    assert_port_counts(t, (uint32_t[]) { 4, 2, 1, 0 }, 4);
}

Test(mac_table, flush_port_removes_its_dynamic_entries)
{
    struct mac_table *t = create_ok(16, 4, 300);

    fill_for_flush(t);
    cr_assert_eq(mac_table_flush_port(t, 0, false), 4);
    cr_assert_eq(mac_table_count(t), 6);
    cr_assert_eq(port_of_n(t, 1, 1), -1);
    cr_assert_eq(port_of_n(t, 1, 2), -1);
    cr_assert_eq(port_of_n(t, 1, 3), -1);
    cr_assert_eq(port_of_n(t, 2, 6), -1);
    cr_assert_eq(port_of_n(t, 1, 5), 0, "static stays");
    cr_assert_eq(port_of_n(t, 1, 4), 1);
    cr_assert_eq(port_of_n(t, 2, 1), 1);
    assert_port_counts(t, (uint32_t[]) { 0, 2, 1, 0 }, 4);
    cr_assert_eq(mac_table_flush_port(t, 0, false), 0, "nothing left");
    cr_assert_eq(mac_table_flush_port(t, 3, false), 0, "empty port");
    cr_assert_eq(mac_table_flush_port(t, 4, true), 0, "unknown port");
    cr_assert_eq(mac_table_flush_port(t, 0, true), 1, "now the static");
    cr_assert_eq(port_of_n(t, 1, 5), -1);
    cr_assert_eq(mac_table_count(t), 5);
    mac_table_destroy(t);
}

Test(mac_table, flush_port_with_static_removes_everything_on_port)
{
    struct mac_table *t = create_ok(16, 4, 300);

    fill_for_flush(t);
    cr_assert_eq(mac_table_flush_port(t, 1, true), 3);
    cr_assert_eq(mac_table_count(t), 7);
    cr_assert_eq(port_of_n(t, 1, 4), -1);
    cr_assert_eq(port_of_n(t, 2, 1), -1);
    cr_assert_eq(port_of_n(t, 2, 7), -1);
    cr_assert_eq(port_of_n(t, 1, 1), 0);
    cr_assert_eq(port_of_n(t, 1, 5), 0);
    assert_port_counts(t, (uint32_t[]) { 4, 0, 1, 0 }, 4);
    mac_table_destroy(t);
}

Test(mac_table, flush_vlan_removes_only_that_vlan)
{
    struct mac_table *t = create_ok(16, 4, 300);

    fill_for_flush(t);
    cr_assert_eq(mac_table_flush_vlan(t, 1, false), 4);
    cr_assert_eq(mac_table_count(t), 6);
    for (uint32_t n = 1; n <= 4; n++) {
        cr_assert_eq(port_of_n(t, 1, n), -1, "MAC %u", n);
    }
    cr_assert_eq(port_of_n(t, 1, 5), 0);
    cr_assert_eq(port_of_n(t, 2, 1), 1, "same MAC, other VLAN");
    assert_port_counts(t, (uint32_t[]) { 1, 1, 1, 0 }, 4);
    cr_assert_eq(mac_table_flush_vlan(t, 1, true), 1);
    cr_assert_eq(mac_table_flush_vlan(t, 1, true), 0);
    cr_assert_eq(mac_table_flush_vlan(t, 99, true), 0);
    cr_assert_eq(mac_table_flush_vlan(t, 2, true), 3);
    cr_assert_eq(mac_table_count(t), 2);
    cr_assert_eq(port_of_n(t, 3, 8), 2);
    cr_assert_eq(port_of_n(t, 3, 9), 2);
    assert_port_counts(t, (uint32_t[]) { 0, 0, 1, 0 }, 4);
    mac_table_destroy(t);
}

Test(mac_table, flush_all_keeps_statics_unless_asked)
{
    struct mac_table *t = create_ok(16, 4, 300);

    fill_for_flush(t);
    cr_assert_eq(mac_table_flush_all(t, false), 7);
    cr_assert_eq(mac_table_count(t), 3);
    assert_port_counts(t, (uint32_t[]) { 0, 0, 0, 0 }, 4);
    cr_assert_eq(port_of_n(t, 1, 5), 0);
    cr_assert_eq(port_of_n(t, 2, 7), 1);
    cr_assert_eq(port_of_n(t, 3, 8), 2);
    cr_assert_eq(mac_table_expire(t, 0), MAC_TABLE_NO_DEADLINE);
    cr_assert_eq(mac_table_flush_all(t, false), 0);
    cr_assert_eq(mac_table_flush_all(t, true), 3);
    cr_assert_eq(mac_table_count(t), 0);
    cr_assert_eq(mac_table_flush_all(t, true), 0);
    /* The table works again after a flush. */
    cr_assert_eq(learn_n(t, 1, 1, 0, 10), MAC_LEARN_NEW);
    cr_assert_eq(port_of_n(t, 1, 1), 0);
    mac_table_destroy(t);
}

Test(mac_table, flushed_entries_leave_the_age_list)
{
    struct mac_table *t = create_ok(16, 4, 300);

    learn_n(t, 1, 1, 0, 0);
    learn_n(t, 1, 2, 1, 1000);
    learn_n(t, 2, 3, 2, 2000);
    cr_assert_eq(mac_table_flush_port(t, 0, false), 1);
    cr_assert_eq(mac_table_expire(t, 0), 301000);
    cr_assert_eq(mac_table_flush_vlan(t, 1, false), 1);
    cr_assert_eq(mac_table_expire(t, 0), 302000);
    cr_assert_eq(mac_table_flush_all(t, false), 1);
    cr_assert_eq(mac_table_expire(t, 0), MAC_TABLE_NO_DEADLINE);
    mac_table_destroy(t);
}

/* Collect. */

Test(mac_table, collect_sorts_by_vlan_then_mac)
{
    struct mac_table *t = create_ok(16, 8, 300);
    /* Bytewise MAC order; the low bytes would sort first if compared as a
     * little-endian integer. */
    static const uint8_t macs[][ETH_ADDR_LEN] = {
        { 0x52, 0x54, 0x00, 0x00, 0x00, 0xff },
        { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 },
        { 0xfe, 0x00, 0x00, 0x00, 0x00, 0x00 },
        { 0x52, 0x54, 0x00, 0x00, 0x01, 0x00 },
        { 0x02, 0x00, 0x00, 0x00, 0x00, 0x00 },
    };
    static const uint16_t vids[] = { 20, 3, 20, 3, 300 };
    /* Expected order as indexes into macs[]/vids[]. */
    static const int order[] = { 1, 3, 0, 2, 4 };
    struct mac_entry_info out[8];

    for (int i = 0; i < 5; i++) {
        if (i == 2) {
            cr_assert_eq(mac_table_add_static(t, vids[i], macs[i], i), 0);
        } else {
            cr_assert_eq(mac_table_learn(t, vids[i], macs[i], i, 100 * i),
                         MAC_LEARN_NEW);
        }
    }
    memset(out, 0xaa, sizeof out);
    cr_assert_eq(mac_table_collect(t, out, 8), 5);
    for (int k = 0; k < 5; k++) {
        int i = order[k];
        cr_assert_eq(out[k].vid, vids[i], "row %d", k);
        cr_assert_arr_eq(out[k].mac, macs[i], ETH_ADDR_LEN, "row %d", k);
        cr_assert_eq(out[k].port, i, "row %d", k);
        cr_assert_eq(out[k].is_static, i == 2, "row %d", k);
        if (i != 2) {
            cr_assert_eq(out[k].last_seen_ms, 100 * i, "row %d", k);
        }
    }
    /* Rows past the count are not written. */
    cr_assert_eq(out[5].vid, 0xaaaa);
    mac_table_destroy(t);
}

Test(mac_table, collect_into_small_buffer_returns_total_and_first_rows)
{
    struct mac_table *t = create_ok(64, 8, 300);
    struct mac_entry_info out[4];
    struct mac_entry_info all[40];

    /* 40 entries learned in a scrambled order. */
    for (uint32_t i = 0; i < 40; i++) {
        uint32_t n = (i * 17) % 40;
        learn_n(t, 1 + n % 4, n, n % 8, i);
    }
    cr_assert_eq(mac_table_collect(t, all, 40), 40);
    for (uint32_t k = 1; k < 40; k++) {
        bool ordered = all[k - 1].vid < all[k].vid
            || (all[k - 1].vid == all[k].vid
                && memcmp(all[k - 1].mac, all[k].mac, ETH_ADDR_LEN) < 0);
        cr_assert(ordered, "row %u out of order", k);
    }
    /* VLAN 1 holds n = 0, 4, 8, ...: the first four rows are 0, 4, 8, 12. */
    memset(out, 0xaa, sizeof out);
    cr_assert_eq(mac_table_collect(t, out, 3), 40);
    for (uint32_t k = 0; k < 3; k++) {
        uint8_t mac[ETH_ADDR_LEN];

        mac_n(mac, 4 * k);
        cr_assert_eq(out[k].vid, 1);
        cr_assert_arr_eq(out[k].mac, mac, ETH_ADDR_LEN, "row %u", k);
        cr_assert_eq(out[k].port, (4 * k) % 8);
        cr_assert_eq(memcmp(&out[k], &all[k], offsetof(struct mac_entry_info,
                                                       port)), 0);
    }
    cr_assert_eq(out[3].vid, 0xaaaa, "row 3 not written");
    memset(out, 0xaa, sizeof out);
    cr_assert_eq(mac_table_collect(t, out, 0), 40, "max 0 counts only");
    cr_assert_eq(out[0].vid, 0xaaaa, "max 0 writes nothing");
    cr_assert_eq(mac_table_collect(t, out, 1), 40);
    cr_assert_eq(out[0].vid, 1);
    cr_assert_arr_eq(out[0].mac, all[0].mac, ETH_ADDR_LEN);
    cr_assert_eq(out[1].vid, 0xaaaa, "max 1 writes one row");
    mac_table_destroy(t);
}

/* Model test: the table against a plain array searched linearly. */

#define MODEL_MAX_ENTRIES 128
#define MODEL_N_MACS 300
#define MODEL_N_VLANS 3
#define MODEL_N_PORTS 8
#define MODEL_N_OPS 200000

static const uint16_t model_vids[MODEL_N_VLANS] = { 1, 100, 4094 };

struct model_entry {
    uint16_t vid;
    uint32_t n;             /* MAC number, see mac_n() */
    uint16_t port;
    bool is_static;
    int64_t last_seen_ms;
    uint64_t seq;           /* order of the last learn that touched it */
};

struct model {
    struct model_entry e[MODEL_MAX_ENTRIES];
    uint32_t n;
    uint32_t aging_s;
    uint64_t seq;
};

/* splitmix64. */
static uint64_t
prng(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint32_t
prng_below(uint64_t *state, uint32_t n)
{
    return prng(state) % n;
}

static int
model_find(const struct model *m, uint16_t vid, uint32_t n)
{
    for (uint32_t i = 0; i < m->n; i++) {
        if (m->e[i].vid == vid && m->e[i].n == n) {
            return i;
        }
    }
    return -1;
}

static void
model_remove(struct model *m, uint32_t i)
{
    m->e[i] = m->e[--m->n];
}

static uint32_t
model_port_count(const struct model *m, uint16_t port)
{
    uint32_t count = 0;

    for (uint32_t i = 0; i < m->n; i++) {
        count += !m->e[i].is_static && m->e[i].port == port;
    }
    return count;
}

/* Candidates for eviction from a full table: the oldest dynamic entry of
 * every port that holds the most dynamic entries.  Stores their indexes in
 * 'cand' and returns how many (0 if the table holds only statics). */
static uint32_t
model_victims(const struct model *m, int cand[MODEL_N_PORTS])
{
    uint32_t counts[MODEL_N_PORTS] = { 0 };
    uint32_t most = 0;
    uint32_t n_cand = 0;

    for (uint32_t i = 0; i < m->n; i++) {
        if (!m->e[i].is_static) {
            counts[m->e[i].port]++;
        }
    }
    for (int p = 0; p < MODEL_N_PORTS; p++) {
        most = counts[p] > most ? counts[p] : most;
    }
    if (!most) {
        return 0;
    }
    for (int p = 0; p < MODEL_N_PORTS; p++) {
        if (counts[p] != most) {
            continue;
        }
        int oldest = -1;
        for (uint32_t i = 0; i < m->n; i++) {
            const struct model_entry *e = &m->e[i];
            if (!e->is_static && e->port == p
                && (oldest < 0 || e->seq < m->e[oldest].seq)) {
                oldest = i;
            }
        }
        cand[n_cand++] = oldest;
    }
    return n_cand;
}

/* Checks one key against the model. */
static void
model_check_key(const struct mac_table *t, const struct model *m,
                uint16_t vid, uint32_t n, uint32_t op)
{
    int i = model_find(m, vid, n);
    int got = port_of_n(t, vid, n);

    cr_assert_eq(got, i < 0 ? -1 : m->e[i].port,
                 "op %u: lookup(vid %u, MAC %u) = %d, model says %d",
                 op, vid, n, got, i < 0 ? -1 : m->e[i].port);
}

static void
model_check_counts(const struct mac_table *t, const struct model *m,
                   uint32_t op)
{
    cr_assert_eq(mac_table_count(t), m->n, "op %u: count %u, model %u",
                 op, mac_table_count(t), m->n);
    cr_assert_leq(mac_table_count(t), MODEL_MAX_ENTRIES);
    for (uint16_t p = 0; p <= MODEL_N_PORTS; p++) {
        cr_assert_eq(mac_table_port_count(t, p), model_port_count(m, p),
                     "op %u: port %u count %u, model %u", op, p,
                     mac_table_port_count(t, p), model_port_count(m, p));
    }
}

static int
model_cmp(const void *a_, const void *b_)
{
    const struct model_entry *a = a_, *b = b_;
    uint8_t ma[ETH_ADDR_LEN], mb[ETH_ADDR_LEN];

    if (a->vid != b->vid) {
        return a->vid < b->vid ? -1 : 1;
    }
    mac_n(ma, a->n);
    mac_n(mb, b->n);
    return memcmp(ma, mb, ETH_ADDR_LEN);
}

/* Compares collect() with the model, every field. */
static void
model_check_all(const struct mac_table *t, const struct model *m, uint32_t op)
{
    struct mac_entry_info out[MODEL_MAX_ENTRIES];
    struct model_entry sorted[MODEL_MAX_ENTRIES];

    memcpy(sorted, m->e, m->n * sizeof *sorted);
    qsort(sorted, m->n, sizeof *sorted, model_cmp);
    cr_assert_eq(mac_table_collect(t, out, MODEL_MAX_ENTRIES), m->n,
                 "op %u", op);
    for (uint32_t k = 0; k < m->n; k++) {
        uint8_t mac[ETH_ADDR_LEN];

        mac_n(mac, sorted[k].n);
        cr_assert_eq(out[k].vid, sorted[k].vid, "op %u row %u", op, k);
        cr_assert_arr_eq(out[k].mac, mac, ETH_ADDR_LEN, "op %u row %u", op, k);
        cr_assert_eq(out[k].port, sorted[k].port, "op %u row %u", op, k);
        cr_assert_eq(out[k].is_static, sorted[k].is_static,
                     "op %u row %u", op, k);
        if (!sorted[k].is_static) {
            cr_assert_eq(out[k].last_seen_ms, sorted[k].last_seen_ms,
                         "op %u row %u", op, k);
        }
    }
    for (int v = 0; v < MODEL_N_VLANS; v++) {
        for (uint32_t n = 0; n < MODEL_N_MACS; n++) {
            model_check_key(t, m, model_vids[v], n, op);
        }
    }
}

/* Makes room in a full model for one more entry the way the table does:
 * applies the eviction the table made during the operation under test, and
 * checks that it chose one of the allowed victims.  Returns false if the
 * model holds only statics. */
static bool
model_evict(const struct mac_table *t, struct model *m, uint32_t op)
{
    int cand[MODEL_N_PORTS];
    uint32_t n_cand = model_victims(m, cand);
    int victim = -1;

    if (!n_cand) {
        return false;
    }
    for (uint32_t c = 0; c < n_cand; c++) {
        const struct model_entry *e = &m->e[cand[c]];
        if (port_of_n(t, e->vid, e->n) < 0) {
            cr_assert_eq(victim, -1, "op %u: two entries evicted", op);
            victim = cand[c];
        }
    }
    cr_assert_neq(victim, -1, "op %u: no allowed victim was evicted "
                  "(%u candidates, first vid %u MAC %u port %u)", op, n_cand,
                  m->e[cand[0]].vid, m->e[cand[0]].n, m->e[cand[0]].port);
    if (n_cand > 1) {
        /* Tied busiest ports: the lowest-numbered one pays (the
         * implementation scans ports in order and keeps the first
         * maximum). */
        cr_assert_eq(victim, cand[0], "op %u: tie among %u ports broken to "
                     "port %u, expected port %u", op, n_cand,
                     m->e[victim].port, m->e[cand[0]].port);
    }
    model_remove(m, victim);
    return true;
}

Test(mac_table, behaves_like_linear_model_over_random_operations)
{
    struct mac_table *t = create_ok(MODEL_MAX_ENTRIES, MODEL_N_PORTS, 30);
    struct model *m = calloc(1, sizeof *m);
    uint64_t rng = SEED;
    int64_t now = 0;
    uint32_t n_results[MAC_LEARN_BAD_PORT + 1] = { 0 };
    uint32_t n_expired = 0, n_static_added = 0;

    cr_assert_not_null(m);
    m->aging_s = 30;
    for (uint32_t op = 0; op < MODEL_N_OPS; op++) {
        uint32_t r = prng_below(&rng, 1000);
        uint16_t vid = model_vids[prng_below(&rng, MODEL_N_VLANS)];
        uint32_t n;
        uint16_t port;

        /* Port 0 sprays MACs from the whole space; the other ports have a
         * few stable hosts each (MACs port*20 .. port*20+19). */
        port = prng_below(&rng, MODEL_N_PORTS);
        if (port == 0 || prng_below(&rng, 10) == 0) {
            n = prng_below(&rng, MODEL_N_MACS);
        } else {
            n = port * 20 + prng_below(&rng, 20);
        }
        now += prng_below(&rng, 4) == 0 ? prng_below(&rng, 400) : 0;

        if (r < 600) {
            /* Learn, sometimes on a bad port. */
            uint16_t lport = prng_below(&rng, 200) ? port : MODEL_N_PORTS;
            enum mac_learn_result want, got;
            int i = model_find(m, vid, n);

            got = learn_n(t, vid, n, lport, now);
            if (lport >= MODEL_N_PORTS) {
                want = MAC_LEARN_BAD_PORT;
            } else if (i >= 0 && m->e[i].is_static) {
                want = MAC_LEARN_STATIC;
            } else if (i >= 0) {
                want = m->e[i].port == lport ? MAC_LEARN_REFRESHED
                                             : MAC_LEARN_MOVED;
                /* Entries seen in the same millisecond are equally old; the
                 * table keeps an entry refreshed on its own port within the
                 * millisecond it was last seen in place (mac_table.c skips
                 * the relink), so only a new time or a move reorders it. */
                if (want == MAC_LEARN_MOVED || m->e[i].last_seen_ms != now) {
                    m->e[i].seq = ++m->seq;
                }
                m->e[i].port = lport;
                m->e[i].last_seen_ms = now;
            } else if (m->n == MODEL_MAX_ENTRIES && !model_evict(t, m, op)) {
                want = MAC_LEARN_NO_ROOM;
            } else {
                want = MAC_LEARN_NEW;
                m->e[m->n++] = (struct model_entry) {
                    .vid = vid, .n = n, .port = lport,
                    .last_seen_ms = now, .seq = ++m->seq,
                };
            }
            cr_assert_eq(got, want, "op %u: learn(vid %u, MAC %u, port %u, "
                         "%lld) = %d, model says %d", op, vid, n, lport,
                         (long long) now, got, want);
            n_results[got]++;
        } else if (r < 750) {
            /* Lookup only. */
        } else if (r < 900) {
            int64_t want = MAC_TABLE_NO_DEADLINE, got;

            got = mac_table_expire(t, now);
            if (m->aging_s) {
                int64_t aging_ms = (int64_t) m->aging_s * 1000;
                for (uint32_t i = 0; i < m->n; ) {
                    struct model_entry *e = &m->e[i];
                    if (!e->is_static && now - e->last_seen_ms >= aging_ms) {
                        model_remove(m, i);
                        n_expired++;
                    } else {
                        if (!e->is_static
                            && e->last_seen_ms + aging_ms < want) {
                            want = e->last_seen_ms + aging_ms;
                        }
                        i++;
                    }
                }
            }
            cr_assert_eq(got, want, "op %u: expire(%lld) = %lld, model %lld",
                         op, (long long) now, (long long) got,
                         (long long) want);
        } else if (r < 904) {
            bool with_static = prng_below(&rng, 2);
            uint32_t want = 0, got;

            got = mac_table_flush_port(t, port, with_static);
            for (uint32_t i = 0; i < m->n; ) {
                if (m->e[i].port == port
                    && (with_static || !m->e[i].is_static)) {
                    model_remove(m, i);
                    want++;
                } else {
                    i++;
                }
            }
            cr_assert_eq(got, want, "op %u: flush_port(%u, %d)", op, port,
                         with_static);
        } else if (r < 906) {
            bool with_static = prng_below(&rng, 2);
            uint32_t want = 0, got;

            got = mac_table_flush_vlan(t, vid, with_static);
            for (uint32_t i = 0; i < m->n; ) {
                if (m->e[i].vid == vid
                    && (with_static || !m->e[i].is_static)) {
                    model_remove(m, i);
                    want++;
                } else {
                    i++;
                }
            }
            cr_assert_eq(got, want, "op %u: flush_vlan(%u, %d)", op, vid,
                         with_static);
        } else if (r < 907) {
            bool with_static = prng_below(&rng, 4) == 0;
            uint32_t want = 0, got;

            got = mac_table_flush_all(t, with_static);
            for (uint32_t i = 0; i < m->n; ) {
                if (with_static || !m->e[i].is_static) {
                    model_remove(m, i);
                    want++;
                } else {
                    i++;
                }
            }
            cr_assert_eq(got, want, "op %u: flush_all(%d)", op, with_static);
        } else if (r < 940) {
            /* Add or update a static entry, sometimes on a bad port. */
            uint16_t sport = prng_below(&rng, 50) ? port : MODEL_N_PORTS + 3;
            int i = model_find(m, vid, n);
            int want, got;

            got = add_static_n(t, vid, n, sport);
            if (sport >= MODEL_N_PORTS) {
                want = EINVAL;
            } else if (i >= 0) {
                want = 0;
                m->e[i].port = sport;
                m->e[i].is_static = true;
            } else if (m->n == MODEL_MAX_ENTRIES && !model_evict(t, m, op)) {
                want = ENOSPC;
            } else {
                want = 0;
                m->e[m->n++] = (struct model_entry) {
                    .vid = vid, .n = n, .port = sport, .is_static = true,
                };
                n_static_added++;
            }
            cr_assert_eq(got, want, "op %u: add_static(vid %u, MAC %u, "
                         "port %u) = %d, model says %d", op, vid, n, sport,
                         got, want);
        } else if (r < 990) {
            /* Remove a static entry: pick an existing static half the
             * time, so removals keep up with additions. */
            int i = model_find(m, vid, n);
            bool want, got;

            if (prng_below(&rng, 2)) {
                for (uint32_t k = 0; k < m->n; k++) {
                    uint32_t j = (k + op) % m->n;
                    if (m->e[j].is_static) {
                        vid = m->e[j].vid;
                        n = m->e[j].n;
                        i = j;
                        break;
                    }
                }
            }
            got = remove_static_n(t, vid, n);
            want = i >= 0 && m->e[i].is_static;
            if (want) {
                model_remove(m, i);
            }
            cr_assert_eq(got, want, "op %u: remove_static(vid %u, MAC %u)",
                         op, vid, n);
        } else if (r < 991) {
            /* Change the aging time now and then. */
            static const uint32_t agings[] = { 30, 5, 60, 0, 30 };
            m->aging_s = agings[prng_below(&rng, 5)];
            mac_table_set_aging(t, m->aging_s);
            cr_assert_eq(mac_table_aging(t), m->aging_s);
        } else {
            /* A full comparison below. */
        }

        model_check_key(t, m, vid, n, op);
        model_check_counts(t, m, op);
        if (r >= 991 || op % 512 == 0) {
            model_check_all(t, m, op);
        }
    }
    model_check_all(t, m, MODEL_N_OPS);

    /* The sequence must have exercised every path it claims to test. */
    cr_assert_gt(n_results[MAC_LEARN_NEW], 1000);
    cr_assert_gt(n_results[MAC_LEARN_REFRESHED], 1000);
    cr_assert_gt(n_results[MAC_LEARN_MOVED], 1000);
    cr_assert_gt(n_results[MAC_LEARN_STATIC], 100);
    cr_assert_gt(n_results[MAC_LEARN_BAD_PORT], 100);
    cr_assert_gt(n_expired, 1000);
    cr_assert_gt(n_static_added, 100);
    mac_table_destroy(t);
    free(m);
}

/* Churn: far more entries than slots pass through the table. */

#define CHURN_N 100000
#define CHURN_MAX 1000
#define CHURN_AGING_S 60

Test(mac_table, lookups_stay_correct_after_heavy_churn)
{
    /* One port, so eviction and expiry both remove the oldest entry still
     * present: the model is a bitmap of present MACs plus a pointer to the
     * oldest.  Time runs fast in some phases (aging removes entries before
     * the table fills) and slow in others (the table is full and evicts),
     * and every so often a VLAN is flushed, punching holes in the probe
     * sequences. */
    struct mac_table *t = create_ok(CHURN_MAX, 4, CHURN_AGING_S);
    bool *present = calloc(CHURN_N, sizeof *present);
    int64_t *seen = calloc(CHURN_N, sizeof *seen);
    struct mac_entry_info *out = calloc(CHURN_MAX, sizeof *out);
    uint32_t oldest = 0, count = 0;
    int64_t now = 0;
    uint32_t n_evictions = 0, n_expiries = 0, n_flushed = 0;

    cr_assert(present && seen && out);
#define CHURN_VID(I) ((uint16_t) (1 + (I) % 7))
    for (uint32_t i = 0; i < CHURN_N; i++) {
        now += (i / 5000) % 2 ? 200 : 10;
        if (count == CHURN_MAX) {
            while (!present[oldest]) {
                oldest++;
            }
            present[oldest] = false;
            count--;
            n_evictions++;
        }
        cr_assert_eq(learn_n(t, CHURN_VID(i), i, 0, now), MAC_LEARN_NEW,
                     "learn %u", i);
        present[i] = true;
        seen[i] = now;
        count++;

        if (i % 97 == 0) {
            mac_table_expire(t, now);
            for (uint32_t j = oldest; j <= i; j++) {
                if (present[j] && now - seen[j] >= CHURN_AGING_S * 1000) {
                    present[j] = false;
                    count--;
                    n_expiries++;
                }
            }
            while (oldest < i && !present[oldest]) {
                oldest++;
            }
        }
        if (i % 7919 == 0) {
            uint16_t vid = CHURN_VID(i / 7919);
            uint32_t want = 0;

            for (uint32_t j = oldest; j <= i; j++) {
                if (present[j] && CHURN_VID(j) == vid) {
                    present[j] = false;
                    want++;
                }
            }
            cr_assert_eq(mac_table_flush_vlan(t, vid, false), want,
                         "flush_vlan(%u) after learn %u", vid, i);
            count -= want;
            n_flushed += want;
            while (oldest < i && !present[oldest]) {
                oldest++;
            }
        }
        cr_assert_eq(mac_table_count(t), count, "after learn %u", i);
        if (i % 5000 == 4999) {
            for (uint32_t j = 0; j <= i; j++) {
                cr_assert_eq(port_of_n(t, CHURN_VID(j), j),
                             present[j] ? 0 : -1,
                             "MAC %u after learn %u", j, i);
            }
        }
    }

    /* Every remaining entry is found, and nothing else. */
    for (uint32_t j = 0; j < CHURN_N; j++) {
        cr_assert_eq(port_of_n(t, CHURN_VID(j), j), present[j] ? 0 : -1,
                     "MAC %u at the end", j);
    }
    cr_assert_eq(mac_table_count(t), count);
    cr_assert_eq(mac_table_port_count(t, 0), count);
    cr_assert_eq(mac_table_collect(t, out, CHURN_MAX), count);
    for (uint32_t k = 0; k < count; k++) {
        uint16_t port;
        cr_assert(mac_table_lookup(t, out[k].vid, out[k].mac, &port),
                  "collected row %u not found", k);
        cr_assert_eq(port, out[k].port);
    }
    cr_assert_gt(n_evictions, 10000);
    cr_assert_gt(n_expiries, 10000);
    cr_assert_gt(n_flushed, 100);

    /* Emptying and refilling a churned table works too. */
    cr_assert_eq(mac_table_flush_all(t, false), count);
    cr_assert_eq(mac_table_count(t), 0);
    for (uint32_t i = 0; i < CHURN_MAX; i++) {
        cr_assert_eq(learn_n(t, 1, i, i % 4, now), MAC_LEARN_NEW);
    }
    for (uint32_t i = 0; i < CHURN_MAX; i++) {
        cr_assert_eq(port_of_n(t, 1, i), (int) (i % 4));
    }
    cr_assert_eq(mac_table_collect(t, out, CHURN_MAX), CHURN_MAX);
#undef CHURN_VID
    free(present);
    free(seen);
    free(out);
    mac_table_destroy(t);
}

/* Eviction finds the busiest port without looking at every port: a bridge
 * of many ports (up to 65535 slots) under a source-MAC flood evicts on
 * every frame, and a scan of all ports per frame cost 65535 steps each
 * (50000 sprayed MACs: several seconds of the packet path). */
Test(mac_table, eviction_cost_does_not_grow_with_the_ports, .timeout = 60)
{
    struct mac_table *t = create_ok(1024, UINT16_MAX, 300);
    struct timespec t0, t1;
    int64_t now = 0;

    for (uint32_t p = 0; p < 1000; p++)
        cr_assert_eq(learn_n(t, 1, p, (uint16_t) (p * 61), now += 1), MAC_LEARN_NEW);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (uint32_t i = 0; i < 50000; i++)
        cr_assert_eq(learn_n(t, 1, 100000 + i, 65534, now += 1), MAC_LEARN_NEW);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    cr_assert_lt(s, 1.0, "50000 evictions over 65535 ports took %.2f s", s);
    /* Fairness holds: the sprayer lost its own entries, every host stayed. */
    cr_assert_eq(mac_table_count(t), 1024);
    cr_assert_eq(mac_table_port_count(t, 65534), 24);
    for (uint32_t p = 0; p < 1000; p++)
        cr_assert_eq(port_of_n(t, 1, p), (int) (uint16_t) (p * 61), "host %u", p);
    mac_table_destroy(t);
}

/* Growth (docs/security.md section 7): a table allocates MAC_TABLE_INITIAL
 * entries and grows, by mac_table_reserve(), as far as its maximum. */

Test(mac_table, a_new_table_allocates_only_its_initial_pool)
{
    struct mac_table *t = mac_table_create(16777216, 8, 300, SEED);

    cr_assert_not_null(t);
    cr_assert_eq(mac_table_capacity(t), MAC_TABLE_INITIAL);
    cr_assert_eq(mac_table_max_entries(t), 16777216);
    mac_table_destroy(t);
    t = mac_table_create(10, 8, 300, SEED);
    cr_assert_eq(mac_table_capacity(t), 10, "never more than the maximum");
    mac_table_destroy(t);
}

Test(mac_table, below_its_maximum_a_table_waits_for_room_instead_of_evicting)
{
    struct mac_table *t = mac_table_create(1000, 8, 300, SEED);

    for (uint32_t i = 0; i < MAC_TABLE_INITIAL; i++)
        cr_assert_eq(learn_n(t, 1, i, i % 8, 1000), MAC_LEARN_NEW);
    cr_assert_eq(learn_n(t, 1, MAC_TABLE_INITIAL, 0, 1000), MAC_LEARN_NO_ROOM);
    cr_assert_eq(mac_table_count(t), MAC_TABLE_INITIAL);
    for (uint32_t i = 0; i < MAC_TABLE_INITIAL; i++)
        cr_assert_eq(port_of_n(t, 1, i), (int) (i % 8), "entry %u was evicted", i);
    cr_assert_eq(mac_table_reserve(t, 1), 0);
    cr_assert_eq(mac_table_capacity(t), 2 * MAC_TABLE_INITIAL, "doubles");
    cr_assert_eq(learn_n(t, 1, MAC_TABLE_INITIAL, 0, 1000), MAC_LEARN_NEW);
    mac_table_destroy(t);
}

Test(mac_table, growing_keeps_every_entry_and_the_eviction_order)
{
    struct mac_table *t = mac_table_create(1000, 8, 300, SEED);
    uint32_t n = 0, left;

    /* Grown in the steps a daemon takes: room for a batch, then the batch. */
    while (n < 1000) {
        cr_assert_eq(mac_table_reserve(t, 64), 0);
        for (uint32_t i = 0; i < 64 && n < 1000; i++, n++)
            cr_assert_eq(learn_n(t, 1 + n % 3, n, n % 5, n), MAC_LEARN_NEW, "entry %u", n);
    }
    cr_assert_eq(mac_table_capacity(t), 1000, "the last step stops at the maximum");
    cr_assert_eq(mac_table_reserve(t, 64), 0, "full: nothing to grow");
    cr_assert_eq(mac_table_capacity(t), 1000);
    for (uint32_t i = 0; i < 1000; i++)
        cr_assert_eq(port_of_n(t, 1 + i % 3, i), (int) (i % 5), "entry %u after growing", i);
    /* At its maximum the table evicts: port 0 holds the most (200), its
     * oldest entry, MAC 0, goes. */
    cr_assert_eq(learn_n(t, 1, 5000, 7, 5000), MAC_LEARN_NEW);
    cr_assert_eq(port_of_n(t, 1, 0), -1);
    cr_assert_eq(mac_table_count(t), 1000);
    /* Expiry and flushes see the grown pool: VLAN 2 is 333 entries; then
     * what was learnt up to 500 ms expires 300 s later. */
    cr_assert_eq(mac_table_flush_vlan(t, 2, false), 333);
    mac_table_expire(t, 300 * 1000 + 500);
    for (uint32_t i = 1; i < 1000; i++)
        cr_assert_eq(port_of_n(t, 1 + i % 3, i) >= 0, i > 500 && i % 3 != 1, "entry %u", i);
    left = mac_table_count(t);
    cr_assert_eq(left, 333 + 1, "501..999 outside VLAN 2, and MAC 5000");
    cr_assert_eq(mac_table_flush_all(t, true), left);
    cr_assert_eq(mac_table_count(t), 0);
    mac_table_destroy(t);
}

Test(mac_table, a_static_entry_grows_the_table)
{
    struct mac_table *t = mac_table_create(1000, 8, 300, SEED);

    for (uint32_t i = 0; i < MAC_TABLE_INITIAL; i++)
        cr_assert_eq(add_static_n(t, 1, i, 1), 0);
    cr_assert_eq(add_static_n(t, 1, 9999, 2), 0);
    cr_assert_gt(mac_table_capacity(t), MAC_TABLE_INITIAL);
    cr_assert_eq(port_of_n(t, 1, 9999), 2);
    cr_assert_eq(mac_table_count(t), MAC_TABLE_INITIAL + 1);
    mac_table_destroy(t);
}
