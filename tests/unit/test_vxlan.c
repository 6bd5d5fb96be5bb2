/* Unit tests for net/vxlan.c: the contract of net/vxlan.h (docs/design.md
 * section 5.14).
 *
 * The header codec against RFC 7348 section 5 and against packets built by
 * Scapy's VXLAN layer (byte-exact vectors below, printed by
 * tests/unit/vxlan_vectors.py); the VLAN <-> VNI map's rules and bounds; the
 * remote VTEP table's stories (learning, moving, aging, eviction, flushing,
 * dump), then a randomized check of it against a plain array searched
 * linearly (tests/unit/vxlan_fdb_model.h), on tables small enough that probe runs collide and wrap. Time
 * always comes from the test. */

#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "vxlan.h"
#include "vxlan_fdb_model.h"

#define SEED 0x5eed5eedc0ffee00ULL

/* Vectors: UDP payloads (VXLAN header + inner frame) of packets to UDP port
 * 4789 built by Scapy 2.5; the output of tests/unit/vxlan_vectors.py. */

/* VNI 10100: a broadcast ARP request from H1 */
static const uint8_t vxlan_arp_10100[50] = {
    0x08, 0x00, 0x00, 0x00, 0x00, 0x27, 0x74, 0x00, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0x52, 0x54, 0x00, 0x00, 0x64, 0x01, 0x08, 0x06, 0x00, 0x01,
    0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x52, 0x54, 0x00, 0x00, 0x64, 0x01,
    0x0a, 0x00, 0x64, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x00,
    0x64, 0x02,
};
/* VNI 16777215 (the largest): a unicast echo reply from H2 to H1 */
static const uint8_t vxlan_ping_max_vni[50] = {
    0x08, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0x00, 0x52, 0x54, 0x00, 0x00,
    0x64, 0x01, 0x52, 0x54, 0x00, 0x00, 0x64, 0x02, 0x08, 0x00, 0x45, 0x00,
    0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x01, 0x9e, 0xdd, 0x0a, 0x00,
    0x64, 0x02, 0x0a, 0x00, 0x64, 0x01, 0x00, 0x00, 0xff, 0xf7, 0x00, 0x07,
    0x00, 0x01,
};
/* Group Policy extension (G flag, policy ID 0x1234): reserved bits set, VNI 5 */
static const uint8_t vxlan_gbp_vni_5[50] = {
    0x88, 0x08, 0x12, 0x34, 0x00, 0x00, 0x05, 0x00, 0x52, 0x54, 0x00, 0x00,
    0x64, 0x02, 0x52, 0x54, 0x00, 0x00, 0x64, 0x01, 0x08, 0x00, 0x45, 0x00,
    0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x01, 0x9e, 0xdd, 0x0a, 0x00,
    0x64, 0x01, 0x0a, 0x00, 0x64, 0x02, 0x08, 0x00, 0xf7, 0xff, 0x00, 0x00,
    0x00, 0x00,
};
/* Scapy's default: P flag and next protocol 3 (VXLAN-GPE), reserved here, VNI 10100 */
static const uint8_t vxlan_scapy_default_10100[50] = {
    0x0c, 0x00, 0x00, 0x03, 0x00, 0x27, 0x74, 0x00, 0x52, 0x54, 0x00, 0x00,
    0x64, 0x02, 0x52, 0x54, 0x00, 0x00, 0x64, 0x01, 0x08, 0x00, 0x45, 0x00,
    0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x01, 0x9e, 0xdd, 0x0a, 0x00,
    0x64, 0x01, 0x0a, 0x00, 0x64, 0x02, 0x08, 0x00, 0xf7, 0xff, 0x00, 0x00,
    0x00, 0x00,
};
/* G flag without the I flag: no valid VNI, to be dropped */
static const uint8_t vxlan_no_i_flag[50] = {
    0x80, 0x00, 0x12, 0x34, 0x00, 0x27, 0x74, 0x00, 0x52, 0x54, 0x00, 0x00,
    0x64, 0x02, 0x52, 0x54, 0x00, 0x00, 0x64, 0x01, 0x08, 0x00, 0x45, 0x00,
    0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x01, 0x9e, 0xdd, 0x0a, 0x00,
    0x64, 0x01, 0x0a, 0x00, 0x64, 0x02, 0x08, 0x00, 0xf7, 0xff, 0x00, 0x00,
    0x00, 0x00,
};

static const uint8_t H1[ETH_ADDR_LEN] = { 0x52, 0x54, 0x00, 0x00, 0x64, 0x01 };
static const uint8_t H2[ETH_ADDR_LEN] = { 0x52, 0x54, 0x00, 0x00, 0x64, 0x02 };

/* Helpers. */

/* A copy of 'len' bytes of 'src' in a buffer of exactly that size, so ASan
 * catches a read past the end. */
static uint8_t *
exact_copy(const uint8_t *src, size_t len)
{
    uint8_t *p = malloc(len ? len : 1);

    cr_assert(p);
    if (len)
        memcpy(p, src, len);
    return p;
}

/* Parses 'len' bytes of 'buf' from an exact-size copy. */
static enum vxlan_error
parse_exact(const uint8_t *buf, size_t len, uint32_t *vni, size_t *ofs)
{
    uint8_t *copy = exact_copy(buf, len);
    enum vxlan_error e = vxlan_header_parse(copy, len, vni, ofs);

    free(copy);
    return e;
}

/* A VXLAN payload: header for 'vni' and a minimal inner Ethernet header. */
static void
payload_for(uint8_t buf[VXLAN_HEADER_LEN + ETH_HEADER_LEN], uint32_t vni)
{
    vxlan_header_write(buf, vni);
    memcpy(buf + VXLAN_HEADER_LEN, H2, ETH_ADDR_LEN);
    memcpy(buf + VXLAN_HEADER_LEN + ETH_ADDR_LEN, H1, ETH_ADDR_LEN);
    buf[VXLAN_HEADER_LEN + 12] = 0x08;
    buf[VXLAN_HEADER_LEN + 13] = 0x00;
}

static const uint32_t EDGE_VNIS[] = { 0, 1, 255, 256, 65535, 65536, 10100, 0xfffffe, 0xffffff };

/* Header codec. */

Test(vxlan_header, write_sets_the_i_flag_and_the_vni_and_nothing_else)
{
    for (size_t i = 0; i < ARRAY_SIZE(EDGE_VNIS); i++) {
        uint32_t vni = EDGE_VNIS[i];
        uint8_t hdr[VXLAN_HEADER_LEN + 1];
        const uint8_t expect[VXLAN_HEADER_LEN] = {
            0x08, 0, 0, 0, vni >> 16 & 0xff, vni >> 8 & 0xff, vni & 0xff, 0,
        };

        memset(hdr, 0xa5, sizeof hdr);
        vxlan_header_write(hdr, vni);
        cr_assert_arr_eq(hdr, expect, VXLAN_HEADER_LEN, "VNI %u", vni);
        cr_assert_eq(hdr[VXLAN_HEADER_LEN], 0xa5, "VNI %u: wrote past the header", vni);
    }
}

Test(vxlan_header, round_trip_of_edge_vnis)
{
    for (size_t i = 0; i < ARRAY_SIZE(EDGE_VNIS); i++) {
        uint8_t buf[VXLAN_HEADER_LEN + ETH_HEADER_LEN];
        uint32_t vni = 0xdeadbeef;
        size_t ofs = 99;

        payload_for(buf, EDGE_VNIS[i]);
        cr_assert_eq(parse_exact(buf, sizeof buf, &vni, &ofs), VXLAN_OK, "VNI %u", EDGE_VNIS[i]);
        cr_assert_eq(vni, EDGE_VNIS[i]);
        cr_assert_eq(ofs, VXLAN_HEADER_LEN);
    }
}

Test(vxlan_header, written_header_is_the_one_scapy_builds)
{
    uint8_t hdr[VXLAN_HEADER_LEN];

    vxlan_header_write(hdr, 10100);
    cr_assert_arr_eq(hdr, vxlan_arp_10100, VXLAN_HEADER_LEN);
    vxlan_header_write(hdr, 0xffffff);
    cr_assert_arr_eq(hdr, vxlan_ping_max_vni, VXLAN_HEADER_LEN);
}

Test(vxlan_header, parses_scapy_packets)
{
    static const struct {
        const uint8_t *buf;
        size_t len;
        uint32_t vni;
        const uint8_t *inner_dst;
    } cases[] = {
        { vxlan_arp_10100, sizeof vxlan_arp_10100, 10100, (const uint8_t *) "\xff\xff\xff\xff\xff\xff" },
        { vxlan_ping_max_vni, sizeof vxlan_ping_max_vni, 0xffffff, H1 },
        { vxlan_gbp_vni_5, sizeof vxlan_gbp_vni_5, 5, H2 },
        { vxlan_scapy_default_10100, sizeof vxlan_scapy_default_10100, 10100, H2 },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        uint32_t vni = 0;
        size_t ofs = 0;

        cr_assert_eq(parse_exact(cases[i].buf, cases[i].len, &vni, &ofs), VXLAN_OK, "case %zu", i);
        cr_assert_eq(vni, cases[i].vni, "case %zu: VNI %u", i, vni);
        cr_assert_eq(ofs, VXLAN_HEADER_LEN);
        cr_assert_arr_eq(cases[i].buf + ofs, cases[i].inner_dst, ETH_ADDR_LEN, "case %zu", i);
    }
}

Test(vxlan_header, i_flag_clear_is_a_flags_error)
{
    uint8_t buf[VXLAN_HEADER_LEN + ETH_HEADER_LEN];
    uint32_t vni;
    size_t ofs;

    cr_assert_eq(parse_exact(vxlan_no_i_flag, sizeof vxlan_no_i_flag, &vni, &ofs),
                 VXLAN_ERR_FLAGS);
    /* Every flag but I set, and no flag at all. */
    payload_for(buf, 10100);
    buf[0] = 0xf7;
    cr_assert_eq(parse_exact(buf, sizeof buf, &vni, &ofs), VXLAN_ERR_FLAGS);
    buf[0] = 0x00;
    cr_assert_eq(parse_exact(buf, sizeof buf, &vni, &ofs), VXLAN_ERR_FLAGS);
    /* The I flag is bit 3 of byte 0, nowhere else. */
    buf[0] = 0x00;
    buf[1] = buf[2] = buf[3] = buf[7] = 0x08;
    cr_assert_eq(parse_exact(buf, sizeof buf, &vni, &ofs), VXLAN_ERR_FLAGS);
}

Test(vxlan_header, reserved_bits_set_are_ignored)
{
    uint8_t buf[VXLAN_HEADER_LEN + ETH_HEADER_LEN];
    uint32_t vni = 0;
    size_t ofs = 0;

    payload_for(buf, 10100);
    buf[0] = 0xff;
    buf[1] = buf[2] = buf[3] = buf[7] = 0xff;
    cr_assert_eq(parse_exact(buf, sizeof buf, &vni, &ofs), VXLAN_OK);
    cr_assert_eq(vni, 10100, "reserved byte 3 or 7 leaked into the VNI: %u", vni);
    cr_assert_eq(ofs, VXLAN_HEADER_LEN);
}

Test(vxlan_header, shorter_than_header_and_inner_ethernet_is_short)
{
    uint8_t buf[VXLAN_HEADER_LEN + ETH_HEADER_LEN];

    payload_for(buf, 10100);
    for (size_t len = 0; len < sizeof buf; len++) {
        uint32_t vni = 7;
        size_t ofs = 7;

        cr_assert_eq(parse_exact(buf, len, &vni, &ofs), VXLAN_ERR_SHORT, "%zu bytes", len);
        cr_assert(vni == 7 && ofs == 7, "%zu bytes: outputs written on error", len);
    }
    /* Short wins over a bad flag: there is no header to judge. */
    buf[0] = 0;
    cr_assert_eq(parse_exact(buf, VXLAN_HEADER_LEN, &(uint32_t) { 0 }, &(size_t) { 0 }),
                 VXLAN_ERR_SHORT);
}

Test(vxlan_header, header_and_bare_inner_ethernet_header_is_enough)
{
    uint8_t buf[VXLAN_HEADER_LEN + ETH_HEADER_LEN];
    uint32_t vni = 0;
    size_t ofs = 0;

    payload_for(buf, 42);
    cr_assert_eq(parse_exact(buf, sizeof buf, &vni, &ofs), VXLAN_OK);
    cr_assert_eq(vni, 42);
}

Test(vxlan_header, error_names)
{
    cr_assert_str_eq(vxlan_error_name(VXLAN_OK), "ok");
    cr_assert_str_eq(vxlan_error_name(VXLAN_ERR_SHORT), "short");
    cr_assert_str_eq(vxlan_error_name(VXLAN_ERR_FLAGS), "flags");
    cr_assert_str_eq(vxlan_error_name((enum vxlan_error) 99), "unknown");
}

Test(vxlan_header, overhead_is_outer_ethernet_ipv4_udp_vxlan)
{
    cr_assert_eq(VXLAN_OVERHEAD, 14 + 20 + 8 + VXLAN_HEADER_LEN);
    cr_assert_eq(VXLAN_UDP_PORT, 4789);
}

/* VLAN <-> VNI map. */

static struct vxlan_vni_map *
map_new(void)
{
    struct vxlan_vni_map *m = malloc(sizeof *m);

    cr_assert(m);
    memset(m, 0x5a, sizeof *m);         /* init must not rely on zeroed memory */
    vxlan_vni_map_init(m);
    return m;
}

/* by_vni is sorted, n counts it, and both directions agree. */
static void
map_check_consistent(const struct vxlan_vni_map *m)
{
    unsigned mapped = 0;

    for (size_t i = 1; i < m->n; i++)
        cr_assert_lt(m->by_vni[i - 1].vni, m->by_vni[i].vni, "by_vni not sorted at %zu", i);
    for (size_t i = 0; i < m->n; i++)
        cr_assert_eq(vxlan_vni_of_vlan(m, m->by_vni[i].vlan), m->by_vni[i].vni);
    for (unsigned vlan = 0; vlan < 4096; vlan++)
        if (vxlan_vni_of_vlan(m, vlan) != VXLAN_VNI_NONE) {
            mapped++;
            cr_assert_eq(vxlan_vlan_of_vni(m, vxlan_vni_of_vlan(m, vlan)), vlan);
        }
    cr_assert_eq(mapped, m->n);
}

Test(vxlan_map, new_map_maps_nothing)
{
    struct vxlan_vni_map *m = map_new();

    cr_assert_eq(m->n, 0);
    for (unsigned vlan = 0; vlan <= 4096; vlan++)
        cr_assert_eq(vxlan_vni_of_vlan(m, vlan), VXLAN_VNI_NONE, "VLAN %u", vlan);
    cr_assert_eq(vxlan_vni_of_vlan(m, UINT16_MAX), VXLAN_VNI_NONE);
    cr_assert_eq(vxlan_vlan_of_vni(m, 0), 0);
    cr_assert_eq(vxlan_vlan_of_vni(m, 10100), 0);
    cr_assert_eq(vxlan_vlan_of_vni(m, VXLAN_VNI_NONE), 0);
    free(m);
}

Test(vxlan_map, added_pair_is_found_both_ways)
{
    struct vxlan_vni_map *m = map_new();

    cr_assert_eq(vxlan_vni_map_add(m, 100, 10100), VXLAN_MAP_OK);
    cr_assert_eq(vxlan_vni_of_vlan(m, 100), 10100);
    cr_assert_eq(vxlan_vlan_of_vni(m, 10100), 100);
    cr_assert_eq(vxlan_vni_of_vlan(m, 101), VXLAN_VNI_NONE);
    cr_assert_eq(vxlan_vni_of_vlan(m, 99), VXLAN_VNI_NONE);
    cr_assert_eq(vxlan_vlan_of_vni(m, 10101), 0);
    cr_assert_eq(vxlan_vlan_of_vni(m, 10099), 0);
    cr_assert_eq(m->n, 1);
    free(m);
}

Test(vxlan_map, adding_the_same_pair_again_is_ok_and_changes_nothing)
{
    struct vxlan_vni_map *m = map_new();

    cr_assert_eq(vxlan_vni_map_add(m, 100, 10100), VXLAN_MAP_OK);
    cr_assert_eq(vxlan_vni_map_add(m, 100, 10100), VXLAN_MAP_OK);
    cr_assert_eq(m->n, 1);
    map_check_consistent(m);
    free(m);
}

Test(vxlan_map, vlan_with_another_vni_is_refused_and_unchanged)
{
    struct vxlan_vni_map *m = map_new();

    cr_assert_eq(vxlan_vni_map_add(m, 100, 10100), VXLAN_MAP_OK);
    cr_assert_eq(vxlan_vni_map_add(m, 100, 10200), VXLAN_MAP_VLAN_MAPPED);
    cr_assert_eq(vxlan_vni_of_vlan(m, 100), 10100);
    cr_assert_eq(vxlan_vlan_of_vni(m, 10200), 0);
    cr_assert_eq(m->n, 1);
    map_check_consistent(m);
    free(m);
}

Test(vxlan_map, vni_with_another_vlan_is_refused_and_unchanged)
{
    struct vxlan_vni_map *m = map_new();

    cr_assert_eq(vxlan_vni_map_add(m, 100, 10100), VXLAN_MAP_OK);
    cr_assert_eq(vxlan_vni_map_add(m, 200, 10100), VXLAN_MAP_VNI_MAPPED);
    cr_assert_eq(vxlan_vni_of_vlan(m, 200), VXLAN_VNI_NONE);
    cr_assert_eq(vxlan_vlan_of_vni(m, 10100), 100);
    cr_assert_eq(m->n, 1);
    map_check_consistent(m);
    free(m);
}

Test(vxlan_map, vlan_and_vni_bounds)
{
    struct vxlan_vni_map *m = map_new();
    static const uint16_t bad_vlans[] = { 0, 4095, 4096, UINT16_MAX };
    static const uint32_t bad_vnis[] = { VXLAN_VNI_MAX + 1, 0x7fffffff, VXLAN_VNI_NONE };

    for (size_t i = 0; i < ARRAY_SIZE(bad_vlans); i++)
        cr_assert_eq(vxlan_vni_map_add(m, bad_vlans[i], 10), VXLAN_MAP_BAD_VLAN,
                     "VLAN %u", bad_vlans[i]);
    for (size_t i = 0; i < ARRAY_SIZE(bad_vnis); i++)
        cr_assert_eq(vxlan_vni_map_add(m, 10, bad_vnis[i]), VXLAN_MAP_BAD_VNI,
                     "VNI %u", bad_vnis[i]);
    cr_assert_eq(m->n, 0);
    cr_assert_eq(vxlan_vni_of_vlan(m, 10), VXLAN_VNI_NONE);
    /* The edges themselves are fine, VNI 0 included. */
    cr_assert_eq(vxlan_vni_map_add(m, 1, 0), VXLAN_MAP_OK);
    cr_assert_eq(vxlan_vni_map_add(m, 4094, VXLAN_VNI_MAX), VXLAN_MAP_OK);
    cr_assert_eq(vxlan_vni_of_vlan(m, 1), 0);
    cr_assert_eq(vxlan_vlan_of_vni(m, 0), 1);
    cr_assert_eq(vxlan_vni_of_vlan(m, 4094), VXLAN_VNI_MAX);
    cr_assert_eq(vxlan_vlan_of_vni(m, VXLAN_VNI_MAX), 4094);
    map_check_consistent(m);
    free(m);
}

Test(vxlan_map, stays_sorted_whatever_the_order_of_adds)
{
    struct vxlan_vni_map *m = map_new();
    uint64_t r = 12345;

    /* VLAN v gets VNI (v * 7919) mod 2^24, added in a shuffled order. */
    uint16_t order[4094];
    for (unsigned i = 0; i < 4094; i++)
        order[i] = i + 1;
    for (unsigned i = 4093; i > 0; i--) {
        r = r * 6364136223846793005ULL + 1442695040888963407ULL;
        unsigned j = (r >> 33) % (i + 1);
        uint16_t t = order[i]; order[i] = order[j]; order[j] = t;
    }
    for (unsigned i = 0; i < 500; i++)
        cr_assert_eq(vxlan_vni_map_add(m, order[i], (order[i] * 7919u) & VXLAN_VNI_MAX),
                     VXLAN_MAP_OK);
    cr_assert_eq(m->n, 500);
    map_check_consistent(m);
    for (unsigned i = 0; i < 4094; i++) {
        uint16_t vlan = order[i];
        uint32_t vni = (vlan * 7919u) & VXLAN_VNI_MAX;

        cr_assert_eq(vxlan_vlan_of_vni(m, vni), i < 500 ? vlan : 0, "VNI %u", vni);
        /* Neighbouring VNIs are not mapped (7919 apart). */
        cr_assert_eq(vxlan_vlan_of_vni(m, vni + 1), 0);
    }
    free(m);
}

Test(vxlan_map, every_vlan_can_be_mapped_and_a_full_map_refuses_more)
{
    struct vxlan_vni_map *m = map_new();

    /* Descending VNIs: every insertion goes to the front of by_vni. */
    for (unsigned vlan = 1; vlan <= 4094; vlan++)
        cr_assert_eq(vxlan_vni_map_add(m, vlan, 1000000 - vlan), VXLAN_MAP_OK, "VLAN %u", vlan);
    cr_assert_eq(m->n, VXLAN_MAP_MAX);
    map_check_consistent(m);
    for (unsigned vlan = 1; vlan <= 4094; vlan++) {
        cr_assert_eq(vxlan_vni_of_vlan(m, vlan), 1000000 - vlan);
        cr_assert_eq(vxlan_vlan_of_vni(m, 1000000 - vlan), vlan);
        cr_assert_eq(vxlan_vni_map_add(m, vlan, 1000000 - vlan), VXLAN_MAP_OK);
    }
    cr_assert_eq(vxlan_vni_map_add(m, 1, 5), VXLAN_MAP_VLAN_MAPPED);
    cr_assert_eq(vxlan_vni_map_add(m, 4094, 2000000), VXLAN_MAP_VLAN_MAPPED);
    cr_assert_eq(vxlan_vni_map_add(m, 4095, 5), VXLAN_MAP_BAD_VLAN);
    cr_assert_eq(m->n, VXLAN_MAP_MAX);
    cr_assert_eq(vxlan_vlan_of_vni(m, 1000000), 0);
    cr_assert_eq(vxlan_vlan_of_vni(m, 1000000 - 4095), 0);
    free(m);
}

Test(vxlan_map, init_forgets_every_mapping)
{
    struct vxlan_vni_map *m = map_new();

    cr_assert_eq(vxlan_vni_map_add(m, 100, 10100), VXLAN_MAP_OK);
    vxlan_vni_map_init(m);
    cr_assert_eq(m->n, 0);
    cr_assert_eq(vxlan_vni_of_vlan(m, 100), VXLAN_VNI_NONE);
    cr_assert_eq(vxlan_vlan_of_vni(m, 10100), 0);
    cr_assert_eq(vxlan_vni_map_add(m, 100, 10200), VXLAN_MAP_OK);
    free(m);
}

Test(vxlan_map, error_names_are_distinct)
{
    static const enum vxlan_map_error all[] = {
        VXLAN_MAP_OK, VXLAN_MAP_BAD_VLAN, VXLAN_MAP_BAD_VNI, VXLAN_MAP_VLAN_MAPPED,
        VXLAN_MAP_VNI_MAPPED,
    };

    cr_assert_str_eq(vxlan_map_error_name(VXLAN_MAP_OK), "ok");
    cr_assert_str_eq(vxlan_map_error_name(VXLAN_MAP_VLAN_MAPPED),
                     "VLAN already maps to another VNI");
    cr_assert_str_eq(vxlan_map_error_name(VXLAN_MAP_VNI_MAPPED),
                     "VNI already maps to another VLAN");
    for (size_t i = 0; i < ARRAY_SIZE(all); i++)
        for (size_t j = i + 1; j < ARRAY_SIZE(all); j++)
            cr_assert_str_neq(vxlan_map_error_name(all[i]), vxlan_map_error_name(all[j]));
}

/* Remote VTEPs. */

#define VTEP_A 0x0100000au              /* 10.0.0.1 as s_addr on little endian: any value will do */
#define VTEP_B 0x0200000au
#define VTEP_C 0x0300000au

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

static void
learn_n(struct vxlan_fdb *t, uint32_t vni, uint32_t n, uint32_t remote, int64_t now_ms)
{
    uint8_t mac[ETH_ADDR_LEN];

    mac_n(mac, n);
    vxlan_fdb_learn(t, vni, mac, remote, now_ms);
}

/* The remote of MAC number 'n' in 'vni', or 0 if unknown. */
static uint32_t
remote_of_n(const struct vxlan_fdb *t, uint32_t vni, uint32_t n)
{
    uint8_t mac[ETH_ADDR_LEN];
    uint32_t remote = 0xdeadbeef;

    mac_n(mac, n);
    if (!vxlan_fdb_lookup(t, vni, mac, &remote))
        return 0;
    cr_assert_neq(remote, 0xdeadbeef);
    return remote;
}

static struct vxlan_fdb *
fdb_new(uint32_t max_entries)
{
    struct vxlan_fdb *t = vxlan_fdb_create(max_entries, SEED);

    cr_assert(t, "vxlan_fdb_create(%u)", max_entries);
    return t;
}

Test(vxlan_fdb, create_checks_its_size)
{
    cr_assert_null(vxlan_fdb_create(0, SEED));
    cr_assert_null(vxlan_fdb_create((1u << 24) + 1, SEED));
    cr_assert_null(vxlan_fdb_create(UINT32_MAX, SEED));
    vxlan_fdb_destroy(fdb_new(1));
    vxlan_fdb_destroy(NULL);
}

Test(vxlan_fdb, new_table_is_empty)
{
    struct vxlan_fdb *t = fdb_new(16);
    struct vxlan_fdb_entry out[1];

    cr_assert_eq(vxlan_fdb_count(t), 0);
    cr_assert_eq(vxlan_fdb_dump(t, out, 1), 0);
    cr_assert_eq(remote_of_n(t, 10100, 1), 0);
    vxlan_fdb_destroy(t);
}

Test(vxlan_fdb, learnt_mac_is_found_behind_its_vtep)
{
    struct vxlan_fdb *t = fdb_new(16);
    uint32_t remote = 0;

    vxlan_fdb_learn(t, 10100, H1, VTEP_A, 1000);
    cr_assert_eq(vxlan_fdb_count(t), 1);
    cr_assert(vxlan_fdb_lookup(t, 10100, H1, &remote));
    cr_assert_eq(remote, VTEP_A);
    /* Another MAC, or the same MAC in another VNI, is unknown. */
    cr_assert_not(vxlan_fdb_lookup(t, 10100, H2, &remote));
    cr_assert_not(vxlan_fdb_lookup(t, 10200, H1, &remote));
    cr_assert_not(vxlan_fdb_lookup(t, 10100 + (1u << 16), H1, &remote));
    vxlan_fdb_destroy(t);
}

Test(vxlan_fdb, same_mac_in_two_vnis_is_two_entries)
{
    struct vxlan_fdb *t = fdb_new(16);
    uint32_t remote = 0;

    vxlan_fdb_learn(t, 10100, H1, VTEP_A, 1000);
    vxlan_fdb_learn(t, 10200, H1, VTEP_B, 1000);
    /* VNIs that differ only in their top byte too. */
    vxlan_fdb_learn(t, 10100 | 0x010000, H1, VTEP_C, 1000);
    cr_assert_eq(vxlan_fdb_count(t), 3);
    cr_assert(vxlan_fdb_lookup(t, 10100, H1, &remote));
    cr_assert_eq(remote, VTEP_A);
    cr_assert(vxlan_fdb_lookup(t, 10200, H1, &remote));
    cr_assert_eq(remote, VTEP_B);
    cr_assert(vxlan_fdb_lookup(t, 10100 | 0x010000, H1, &remote));
    cr_assert_eq(remote, VTEP_C);
    vxlan_fdb_destroy(t);
}

Test(vxlan_fdb, macs_differing_in_any_byte_are_distinct)
{
    struct vxlan_fdb *t = fdb_new(16);

    for (int b = 0; b < ETH_ADDR_LEN; b++) {
        uint8_t mac[ETH_ADDR_LEN];

        memcpy(mac, H1, ETH_ADDR_LEN);
        mac[b] ^= 0x10;                 /* bit 4: never the multicast bit */
        vxlan_fdb_learn(t, 7, mac, VTEP_B + (uint32_t) b, 1000);
    }
    vxlan_fdb_learn(t, 7, H1, VTEP_A, 1000);
    cr_assert_eq(vxlan_fdb_count(t), ETH_ADDR_LEN + 1);
    for (int b = 0; b < ETH_ADDR_LEN; b++) {
        uint8_t mac[ETH_ADDR_LEN];
        uint32_t remote = 0;

        memcpy(mac, H1, ETH_ADDR_LEN);
        mac[b] ^= 0x10;
        cr_assert(vxlan_fdb_lookup(t, 7, mac, &remote), "byte %d", b);
        cr_assert_eq(remote, VTEP_B + (uint32_t) b);
    }
    vxlan_fdb_destroy(t);
}

Test(vxlan_fdb, mac_seen_behind_another_vtep_moves_there)
{
    struct vxlan_fdb *t = fdb_new(16);
    uint32_t remote = 0;

    vxlan_fdb_learn(t, 10100, H1, VTEP_A, 1000);
    vxlan_fdb_learn(t, 10100, H1, VTEP_B, 2000);
    cr_assert_eq(vxlan_fdb_count(t), 1);
    cr_assert(vxlan_fdb_lookup(t, 10100, H1, &remote));
    cr_assert_eq(remote, VTEP_B);
    /* Even within the same millisecond. */
    vxlan_fdb_learn(t, 10100, H1, VTEP_C, 2000);
    cr_assert(vxlan_fdb_lookup(t, 10100, H1, &remote));
    cr_assert_eq(remote, VTEP_C);
    cr_assert_eq(vxlan_fdb_count(t), 1);
    vxlan_fdb_destroy(t);
}

Test(vxlan_fdb, multicast_sources_and_impossible_keys_are_not_learnt)
{
    static const uint8_t mcast[][ETH_ADDR_LEN] = {
        { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
        { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 },
        { 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 },
        { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x00 },
    };
    struct vxlan_fdb *t = fdb_new(16);
    uint32_t remote;

    for (size_t i = 0; i < ARRAY_SIZE(mcast); i++) {
        vxlan_fdb_learn(t, 10100, mcast[i], VTEP_A, 1000);
        cr_assert_not(vxlan_fdb_lookup(t, 10100, mcast[i], &remote), "MAC %zu", i);
    }
    vxlan_fdb_learn(t, 10100, H1, 0, 1000);           /* 0.0.0.0 is no VTEP */
    vxlan_fdb_learn(t, VXLAN_VNI_MAX + 1, H1, VTEP_A, 1000);
    vxlan_fdb_learn(t, VXLAN_VNI_NONE, H1, VTEP_A, 1000);
    cr_assert_eq(vxlan_fdb_count(t), 0);
    cr_assert_not(vxlan_fdb_lookup(t, 10100, H1, &remote));
    vxlan_fdb_destroy(t);
}

Test(vxlan_fdb, entry_expires_exactly_at_aging_time)
{
    struct vxlan_fdb *t = fdb_new(16);

    learn_n(t, 10100, 1, VTEP_A, 1000);
    vxlan_fdb_expire(t, 300999, 300000);
    cr_assert_eq(remote_of_n(t, 10100, 1), VTEP_A);
    vxlan_fdb_expire(t, 301000, 300000);
    cr_assert_eq(remote_of_n(t, 10100, 1), 0);
    cr_assert_eq(vxlan_fdb_count(t), 0);
    vxlan_fdb_destroy(t);
}

Test(vxlan_fdb, expire_drops_only_the_old_entries)
{
    struct vxlan_fdb *t = fdb_new(64);

    for (uint32_t i = 0; i < 50; i++)
        learn_n(t, 10100, i, VTEP_A, 1000 * i);
    vxlan_fdb_expire(t, 39999, 30000);                /* learnt at 9999 or before */
    cr_assert_eq(vxlan_fdb_count(t), 40);
    for (uint32_t i = 0; i < 50; i++)
        cr_assert_eq(remote_of_n(t, 10100, i), i < 10 ? 0 : VTEP_A, "MAC %u", i);
    vxlan_fdb_destroy(t);
}

Test(vxlan_fdb, aged_entry_is_found_until_expire_runs)
{
    struct vxlan_fdb *t = fdb_new(16);

    learn_n(t, 10100, 1, VTEP_A, 0);
    /* Lookup takes no time: nothing happens until the caller expires. */
    cr_assert_eq(remote_of_n(t, 10100, 1), VTEP_A);
    vxlan_fdb_expire(t, 1000000, 300000);
    cr_assert_eq(remote_of_n(t, 10100, 1), 0);
    vxlan_fdb_destroy(t);
}

Test(vxlan_fdb, relearning_or_moving_restarts_the_age)
{
    struct vxlan_fdb *t = fdb_new(16);

    learn_n(t, 10100, 1, VTEP_A, 0);
    learn_n(t, 10100, 2, VTEP_A, 0);
    learn_n(t, 10100, 1, VTEP_A, 200000);             /* refreshed */
    learn_n(t, 10100, 2, VTEP_B, 250000);             /* moved */
    vxlan_fdb_expire(t, 300000, 300000);
    cr_assert_eq(remote_of_n(t, 10100, 1), VTEP_A);
    cr_assert_eq(remote_of_n(t, 10100, 2), VTEP_B);
    vxlan_fdb_expire(t, 500000, 300000);
    cr_assert_eq(remote_of_n(t, 10100, 1), 0);
    cr_assert_eq(remote_of_n(t, 10100, 2), VTEP_B);
    vxlan_fdb_expire(t, 550000, 300000);
    cr_assert_eq(vxlan_fdb_count(t), 0);
    vxlan_fdb_destroy(t);
}

Test(vxlan_fdb, aging_zero_or_negative_never_expires)
{
    struct vxlan_fdb *t = fdb_new(16);

    learn_n(t, 10100, 1, VTEP_A, 0);
    vxlan_fdb_expire(t, INT64_MAX, 0);
    vxlan_fdb_expire(t, INT64_MAX, -1);
    cr_assert_eq(remote_of_n(t, 10100, 1), VTEP_A);
    vxlan_fdb_destroy(t);
}

Test(vxlan_fdb, long_aging_time_does_not_overflow)
{
    struct vxlan_fdb *t = fdb_new(16);

    learn_n(t, 10100, 1, VTEP_A, 1000);
    vxlan_fdb_expire(t, 2000, INT64_MAX);
    cr_assert_eq(remote_of_n(t, 10100, 1), VTEP_A);
    vxlan_fdb_destroy(t);
}

Test(vxlan_fdb, full_table_evicts_the_oldest_entry)
{
    struct vxlan_fdb *t = fdb_new(4);

    for (uint32_t i = 1; i <= 4; i++)
        learn_n(t, 10100, i, VTEP_A, i);
    learn_n(t, 10100, 5, VTEP_B, 5);
    cr_assert_eq(vxlan_fdb_count(t), 4);
    cr_assert_eq(remote_of_n(t, 10100, 1), 0);
    for (uint32_t i = 2; i <= 4; i++)
        cr_assert_eq(remote_of_n(t, 10100, i), VTEP_A, "MAC %u", i);
    cr_assert_eq(remote_of_n(t, 10100, 5), VTEP_B);
    vxlan_fdb_destroy(t);
}

Test(vxlan_fdb, refreshed_entry_is_no_longer_the_oldest)
{
    struct vxlan_fdb *t = fdb_new(4);

    for (uint32_t i = 1; i <= 4; i++)
        learn_n(t, 10100, i, VTEP_A, i);
    learn_n(t, 10100, 1, VTEP_A, 10);                 /* 2 is the oldest now */
    learn_n(t, 10100, 3, VTEP_B, 11);                 /* a move refreshes too */
    learn_n(t, 10100, 5, VTEP_A, 12);
    learn_n(t, 10100, 6, VTEP_A, 13);
    cr_assert_eq(remote_of_n(t, 10100, 2), 0);
    cr_assert_eq(remote_of_n(t, 10100, 4), 0);
    cr_assert_eq(remote_of_n(t, 10100, 1), VTEP_A);
    cr_assert_eq(remote_of_n(t, 10100, 3), VTEP_B);
    cr_assert_eq(remote_of_n(t, 10100, 5), VTEP_A);
    cr_assert_eq(remote_of_n(t, 10100, 6), VTEP_A);
    vxlan_fdb_destroy(t);
}

/* The age order is to the millisecond (net/vxlan.h): the same VTEP again
 * within one keeps the entry's place; another VTEP moves it to the end. */
Test(vxlan_fdb, same_millisecond_refresh_keeps_its_place_and_a_move_does_not)
{
    struct vxlan_fdb *t = fdb_new(2);

    learn_n(t, 10100, 1, VTEP_A, 5);
    learn_n(t, 10100, 2, VTEP_A, 5);
    learn_n(t, 10100, 1, VTEP_A, 5);                  /* still the oldest */
    learn_n(t, 10100, 3, VTEP_A, 6);
    cr_assert_eq(remote_of_n(t, 10100, 1), 0);
    cr_assert_eq(remote_of_n(t, 10100, 2), VTEP_A);
    learn_n(t, 10100, 2, VTEP_B, 6);                  /* moved: the newest */
    learn_n(t, 10100, 4, VTEP_A, 6);
    cr_assert_eq(remote_of_n(t, 10100, 3), 0);
    cr_assert_eq(remote_of_n(t, 10100, 2), VTEP_B);
    cr_assert_eq(remote_of_n(t, 10100, 4), VTEP_A);
    vxlan_fdb_destroy(t);
}

Test(vxlan_fdb, full_table_refresh_or_move_does_not_evict)
{
    struct vxlan_fdb *t = fdb_new(4);

    for (uint32_t i = 1; i <= 4; i++)
        learn_n(t, 10100, i, VTEP_A, i);
    for (uint32_t i = 1; i <= 4; i++)
        learn_n(t, 10100, i, VTEP_B, 10 + i);
    cr_assert_eq(vxlan_fdb_count(t), 4);
    for (uint32_t i = 1; i <= 4; i++)
        cr_assert_eq(remote_of_n(t, 10100, i), VTEP_B);
    vxlan_fdb_destroy(t);
}

Test(vxlan_fdb, single_entry_table_replaces_its_entry)
{
    struct vxlan_fdb *t = fdb_new(1);

    learn_n(t, 10100, 1, VTEP_A, 1);
    learn_n(t, 10100, 2, VTEP_B, 2);
    cr_assert_eq(vxlan_fdb_count(t), 1);
    cr_assert_eq(remote_of_n(t, 10100, 1), 0);
    cr_assert_eq(remote_of_n(t, 10100, 2), VTEP_B);
    vxlan_fdb_destroy(t);
}

Test(vxlan_fdb, flush_by_remote_drops_only_its_entries)
{
    struct vxlan_fdb *t = fdb_new(256);
    static const uint32_t vteps[] = { VTEP_A, VTEP_B, VTEP_C };

    for (uint32_t i = 0; i < 200; i++)
        learn_n(t, 10100 + i % 2, i, vteps[i % 3], i);
    vxlan_fdb_flush(t, VTEP_B);
    cr_assert_eq(vxlan_fdb_count(t), 200 - 67);
    for (uint32_t i = 0; i < 200; i++)
        cr_assert_eq(remote_of_n(t, 10100 + i % 2, i), i % 3 == 1 ? 0 : vteps[i % 3], "MAC %u", i);
    /* A remote that has nothing: nothing changes. */
    vxlan_fdb_flush(t, VTEP_B);
    vxlan_fdb_flush(t, 0x0900000a);
    cr_assert_eq(vxlan_fdb_count(t), 200 - 67);
    vxlan_fdb_destroy(t);
}

Test(vxlan_fdb, flush_all_empties_the_table_and_it_still_works)
{
    struct vxlan_fdb *t = fdb_new(8);
    struct vxlan_fdb_entry out[8];

    for (uint32_t i = 0; i < 20; i++)
        learn_n(t, 10100, i, VTEP_A, i);
    vxlan_fdb_flush(t, 0);
    cr_assert_eq(vxlan_fdb_count(t), 0);
    cr_assert_eq(vxlan_fdb_dump(t, out, 8), 0);
    for (uint32_t i = 0; i < 20; i++)
        cr_assert_eq(remote_of_n(t, 10100, i), 0);
    for (uint32_t i = 0; i < 9; i++)
        learn_n(t, 10200, i, VTEP_B, 100 + i);
    cr_assert_eq(vxlan_fdb_count(t), 8);
    cr_assert_eq(remote_of_n(t, 10200, 0), 0);
    cr_assert_eq(remote_of_n(t, 10200, 8), VTEP_B);
    vxlan_fdb_destroy(t);
}

Test(vxlan_fdb, dump_copies_every_entry_oldest_first)
{
    struct vxlan_fdb *t = fdb_new(16);
    struct vxlan_fdb_entry out[17];
    uint8_t mac[ETH_ADDR_LEN];

    for (uint32_t i = 0; i < 10; i++)
        learn_n(t, 10100 + i, i, VTEP_A + i, 1000 + i);
    learn_n(t, 10100, 0, VTEP_C, 2000);               /* 0 becomes the newest */
    memset(out, 0, sizeof out);
    cr_assert_eq(vxlan_fdb_dump(t, out, ARRAY_SIZE(out)), 10);
    cr_assert_eq(vxlan_fdb_count(t), 10);
    for (uint32_t k = 0; k < 9; k++) {
        uint32_t i = k + 1;

        mac_n(mac, i);
        cr_assert_eq(out[k].vni, 10100 + i);
        cr_assert_arr_eq(out[k].mac, mac, ETH_ADDR_LEN, "row %u", k);
        cr_assert_eq(out[k].remote, VTEP_A + i);
        cr_assert_eq(out[k].learnt_ms, 1000 + i);
    }
    mac_n(mac, 0);
    cr_assert_eq(out[9].vni, 10100);
    cr_assert_arr_eq(out[9].mac, mac, ETH_ADDR_LEN);
    cr_assert_eq(out[9].remote, VTEP_C);
    cr_assert_eq(out[9].learnt_ms, 2000);
    /* A smaller buffer gets the oldest rows and nothing past 'max'. */
    memset(out, 0xee, sizeof out);
    cr_assert_eq(vxlan_fdb_dump(t, out, 3), 3);
    cr_assert_eq(out[0].vni, 10101);
    cr_assert_eq(out[2].vni, 10103);
    cr_assert_eq(out[3].vni, 0xeeeeeeee);
    cr_assert_eq(vxlan_fdb_dump(t, out, 0), 0);
    vxlan_fdb_destroy(t);
}

Test(vxlan_fdb, many_keys_fill_the_table_and_are_all_found)
{
    enum { N = 100000 };
    struct vxlan_fdb *t = fdb_new(N);

    /* MACs differing only in their high bytes and VNIs in their top byte:
     * keys a weak hash would pile up. */
    for (uint32_t i = 0; i < N; i++) {
        uint8_t mac[ETH_ADDR_LEN] = { 0x02, i >> 16 & 0xff, i >> 8 & 0xff, i & 0xff, 0, 0 };

        vxlan_fdb_learn(t, (i % 4) << 16, mac, 1 + i % 5, i);
    }
    cr_assert_eq(vxlan_fdb_count(t), N);
    for (uint32_t i = 0; i < N; i++) {
        uint8_t mac[ETH_ADDR_LEN] = { 0x02, i >> 16 & 0xff, i >> 8 & 0xff, i & 0xff, 0, 0 };
        uint32_t remote = 0;

        cr_assert(vxlan_fdb_lookup(t, (i % 4) << 16, mac, &remote), "key %u", i);
        cr_assert_eq(remote, 1 + i % 5);
    }
    /* Half the remotes go: the rest are still found (deletions shifted
     * probe runs back correctly). */
    vxlan_fdb_flush(t, 2);
    vxlan_fdb_flush(t, 4);
    for (uint32_t i = 0; i < N; i++) {
        uint8_t mac[ETH_ADDR_LEN] = { 0x02, i >> 16 & 0xff, i >> 8 & 0xff, i & 0xff, 0, 0 };
        uint32_t remote = 0;
        bool gone = 1 + i % 5 == 2 || 1 + i % 5 == 4;

        cr_assert_eq(vxlan_fdb_lookup(t, (i % 4) << 16, mac, &remote), !gone, "key %u", i);
        if (!gone)
            cr_assert_eq(remote, 1 + i % 5);
    }
    cr_assert_eq(vxlan_fdb_count(t), N - 2 * (N / 5));
    vxlan_fdb_destroy(t);
}

Test(vxlan_fdb, different_seeds_give_the_same_answers)
{
    struct vxlan_fdb *a = vxlan_fdb_create(64, 1), *b = vxlan_fdb_create(64, UINT64_MAX);

    cr_assert(a && b);
    for (uint32_t i = 0; i < 200; i++) {
        learn_n(a, i % 3, i * 7 % 150, 1 + i % 4, i);
        learn_n(b, i % 3, i * 7 % 150, 1 + i % 4, i);
    }
    cr_assert_eq(vxlan_fdb_count(a), vxlan_fdb_count(b));
    for (uint32_t v = 0; v < 3; v++)
        for (uint32_t n = 0; n < 150; n++)
            cr_assert_eq(remote_of_n(a, v, n), remote_of_n(b, v, n));
    vxlan_fdb_destroy(a);
    vxlan_fdb_destroy(b);
}

/* Random learning (a small pool of MACs, some multicast, over three VNIs
 * and three VTEPs), aging and flushes, checked against the model after
 * every step, every key looked up.  Tables of 1, 5 and 16 entries over 16
 * and 32 slots: probe runs are long, wrap around the array, and deletions
 * from them (eviction, aging, flushes) shift entries back all the time. */
Test(vxlan_fdb, behaves_like_a_linear_model_over_random_operations)
{
    static const uint32_t sizes[] = { 1, 5, 16 };
    static const uint32_t vnis[] = { 0, 10100, 10100 | 0x800000 };
    uint64_t r = 0x243f6a8885a308d3ULL;

    for (size_t s = 0; s < ARRAY_SIZE(sizes); s++) {
        struct vxlan_fdb *t = fdb_new(sizes[s]);
        struct vxlan_fdb_model m = { .max = sizes[s] };
        int64_t now = 0;

        for (int step = 0; step < 20000; step++) {
            uint32_t op, n, vni, remote;
            uint8_t mac[ETH_ADDR_LEN];
            const char *diff;

            r ^= r << 13; r ^= r >> 7; r ^= r << 17;
            op = r % 100;
            n = (r >> 8) % 40;
            vni = vnis[(r >> 16) % ARRAY_SIZE(vnis)];
            remote = (r >> 24) % 4;                     /* 0 is ignored */
            now += 1 + (r >> 32) % 3;
            mac_n(mac, n);
            if (n % 13 == 12)
                mac[0] = 0x01;                          /* a multicast source */
            if (op < 85) {
                vxlan_fdb_learn(t, vni, mac, remote, now);
                vxlan_fdb_model_learn(&m, vni, mac, remote, now);
            } else if (op < 95) {
                int64_t aging = 1 + (r >> 40) % 60;

                vxlan_fdb_expire(t, now, aging);
                vxlan_fdb_model_expire(&m, now, aging);
            } else {
                vxlan_fdb_flush(t, remote);
                vxlan_fdb_model_flush(&m, remote);
            }
            diff = vxlan_fdb_model_diff(t, &m);
            cr_assert_null(diff, "size %u, step %d: %s", sizes[s], step, diff);
            for (uint32_t k = 0; k < 40; k++)
                for (size_t v = 0; v < ARRAY_SIZE(vnis); v++) {
                    uint8_t key[ETH_ADDR_LEN];
                    uint32_t got = 0;

                    mac_n(key, k);
                    cr_assert_eq(vxlan_fdb_lookup(t, vnis[v], key, &got),
                                 vxlan_fdb_model_find(&m, vnis[v], key) != SIZE_MAX,
                                 "step %d", step);
                }
        }
        vxlan_fdb_destroy(t);
    }
}
