/* The LLDPDU codec (net/lldp.c) against 802.1AB-2009 sections 8 and
 * 10.3.2: what lldp_build() writes, byte by byte; a round trip; and a
 * table of malformed LLDPDUs, each rejected or each bad TLV skipped, with
 * every truncation of a good one rejected and none read past its end. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "lldp.h"
#include "util.h"

static const uint8_t CHASSIS[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
static const uint8_t SRC[6] = { 0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee };

static size_t
build_default(uint8_t *buf, size_t size)
{
    struct lldp_tx tx = {
        .port_id = "tap1", .ttl = 120, .port_desc = "VM one", .sys_name = "sw1",
        .sys_desc = "tapswitch", .caps = LLDP_CAP_BRIDGE, .caps_enabled = LLDP_CAP_BRIDGE,
        .mgmt_subtype = LLDP_MGMT_IPV4, .mgmt_addr = { 192, 0, 2, 1 }, .mgmt_ifindex = 0,
    };
    memcpy(tx.chassis_mac, CHASSIS, 6);
    return lldp_build(&tx, SRC, buf, size);
}

Test(lldp, build_bytes)
{
    static const uint8_t expect[] = {
        0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e, 0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0x88, 0xcc,
        0x02, 0x07, 0x04, 0x02, 0x11, 0x22, 0x33, 0x44, 0x55,      /* chassis, MAC */
        0x04, 0x05, 0x05, 't', 'a', 'p', '1',                      /* port, ifname */
        0x06, 0x02, 0x00, 0x78,                                    /* TTL 120 */
        0x08, 0x06, 'V', 'M', ' ', 'o', 'n', 'e',                  /* port description */
        0x0a, 0x03, 's', 'w', '1',                                 /* system name */
        0x0c, 0x09, 't', 'a', 'p', 's', 'w', 'i', 't', 'c', 'h',   /* system description */
        0x0e, 0x04, 0x00, 0x04, 0x00, 0x04,                        /* caps: bridge */
        0x10, 0x0c, 0x05, 0x01, 192, 0, 2, 1, 0x02, 0, 0, 0, 0, 0x00, /* mgmt */
        0x00, 0x00,                                                /* end */
    };
    uint8_t buf[LLDP_FRAME_MAX];
    size_t len = build_default(buf, sizeof buf);

    cr_assert_eq(len, sizeof expect);
    cr_assert_arr_eq(buf, expect, sizeof expect);
    /* Too small a buffer, or no port ID: nothing. */
    cr_assert_eq(build_default(buf, sizeof expect - 1), 0);
    cr_assert_eq(lldp_build(&(struct lldp_tx) { .port_id = "" }, SRC, buf, sizeof buf), 0);
}

Test(lldp, round_trip)
{
    uint8_t buf[LLDP_FRAME_MAX];
    size_t len = build_default(buf, sizeof buf);
    struct lldp_neighbor_info info;
    struct lldp_parse_stats st;
    char id[64];

    cr_assert_eq(lldp_parse(buf, len, &info, &st), LLDP_OK);
    cr_assert_eq(info.chassis_subtype, LLDP_CHASSIS_MAC);
    lldp_id_format(true, info.chassis_subtype, info.chassis_id, info.chassis_len, id, sizeof id);
    cr_assert_str_eq(id, "0211.2233.4455");
    lldp_id_format(false, info.port_subtype, info.port_id, info.port_len, id, sizeof id);
    cr_assert_str_eq(id, "tap1");
    cr_assert_eq(info.ttl, 120);
    cr_assert_str_eq(info.port_desc, "VM one");
    cr_assert_str_eq(info.sys_name, "sw1");
    cr_assert_str_eq(info.sys_desc, "tapswitch");
    cr_assert(info.has_caps);
    cr_assert_eq(info.caps_enabled, LLDP_CAP_BRIDGE);
    cr_assert_eq(info.mgmt_subtype, LLDP_MGMT_IPV4);
    cr_assert_eq(info.mgmt_len, 4);
    cr_assert_eq(info.mgmt_addr[0], 192);
    cr_assert_eq(st.tlvs_discarded + st.tlvs_unrecognized, 0);
    /* Ethernet padding after the End TLV is ignored. */
    memset(buf + len, 0xff, 20);
    cr_assert_eq(lldp_parse(buf, len + 20, &info, &st), LLDP_OK);
}

/* Every prefix of a good LLDPDU that ends inside a TLV is rejected, and
 * the parser reads nothing past the prefix (ASan catches a read past a
 * heap copy of exactly that size). */
Test(lldp, every_truncation_rejected)
{
    uint8_t buf[LLDP_FRAME_MAX];
    size_t len = build_default(buf, sizeof buf);
    /* Offsets where a whole TLV ends (after TTL: End being optional, those
     * prefixes are LLDPDUs without an End TLV). */
    size_t ends[] = { 34, 42, 47, 58, 64, 78 };

    for (size_t cutlen = 0; cutlen < len; cutlen++) {
        uint8_t *copy = malloc(cutlen ? cutlen : 1);
        struct lldp_neighbor_info info;
        struct lldp_parse_stats st;
        enum lldp_parse_error e;
        bool whole = false;

        memcpy(copy, buf, cutlen);
        e = lldp_parse(copy, cutlen, &info, &st);
        for (size_t i = 0; i < ARRAY_SIZE(ends); i++)
            whole |= cutlen == ends[i];
        if (whole)
            cr_assert_eq(e, LLDP_OK, "prefix of %zu bytes", cutlen);
        else
            cr_assert_neq(e, LLDP_OK, "prefix of %zu bytes accepted", cutlen);
        free(copy);
    }
}

/* A malformed LLDPDU: the TLVs after the Ethernet header. */
struct bad_case {
    const char *what;
    uint8_t tlvs[64];
    size_t len;
    enum lldp_parse_error expect;
    unsigned discarded, unrecognized;
};

#define MAND 0x02, 0x07, 0x04, 1, 2, 3, 4, 5, 6, 0x04, 0x02, 0x05, 'p', 0x06, 0x02, 0x00, 0x78
#define MAND_LEN 17

static const struct bad_case bad_cases[] = {
    { "empty", { 0 }, 0, LLDP_ERR_MANDATORY, 0, 0 },
    { "only End", { 0, 0 }, 2, LLDP_ERR_MANDATORY, 0, 0 },
    { "port ID first", { 0x04, 0x02, 0x05, 'p', 0x02, 0x07, 0x04, 1, 2, 3, 4, 5, 6 }, 13,
      LLDP_ERR_MANDATORY, 0, 0 },
    { "no TTL", { 0x02, 0x07, 0x04, 1, 2, 3, 4, 5, 6, 0x04, 0x02, 0x05, 'p', 0, 0 }, 15,
      LLDP_ERR_MANDATORY, 0, 0 },
    { "chassis ID of length 1", { 0x02, 0x01, 0x04, 0x04, 0x02, 0x05, 'p', 0x06, 0x02, 0, 1 },
      11, LLDP_ERR_MANDATORY, 0, 0 },
    { "chassis ID of length 0", { 0x02, 0x00, 0x04, 0x02, 0x05, 'p', 0x06, 0x02, 0, 1 }, 10,
      LLDP_ERR_MANDATORY, 0, 0 },
    { "TTL of length 1", { 0x02, 0x07, 0x04, 1, 2, 3, 4, 5, 6, 0x04, 0x02, 0x05, 'p', 0x06,
      0x01, 0x00 }, 16, LLDP_ERR_MANDATORY, 0, 0 },
    { "TTL longer than the frame", { 0x02, 0x07, 0x04, 1, 2, 3, 4, 5, 6, 0x04, 0x02, 0x05,
      'p', 0x06, 0x09, 0x00, 0x78 }, 17, LLDP_ERR_TRUNCATED, 0, 0 },
    { "length with the 9th bit past the end", { MAND, 0x09, 0x01, 'x' }, MAND_LEN + 3,
      LLDP_ERR_TRUNCATED, 0, 0 },
    { "one stray byte", { MAND, 0x0a }, MAND_LEN + 1, LLDP_ERR_TRUNCATED, 0, 0 },
    { "repeated chassis ID", { MAND, 0x02, 0x07, 0x04, 1, 2, 3, 4, 5, 6, 0, 0 }, MAND_LEN + 11,
      LLDP_ERR_MANDATORY, 0, 0 },
    { "repeated TTL", { MAND, 0x06, 0x02, 0, 1, 0, 0 }, MAND_LEN + 6, LLDP_ERR_MANDATORY, 0, 0 },
    { "capabilities of length 3", { MAND, 0x0e, 0x03, 0, 4, 0, 0, 0 }, MAND_LEN + 7, LLDP_OK,
      1, 0 },
    { "two system names", { MAND, 0x0a, 0x01, 'a', 0x0a, 0x01, 'b', 0, 0 }, MAND_LEN + 8,
      LLDP_OK, 1, 0 },
    { "management address string too long", { MAND, 0x10, 0x09, 0x21, 0x01, 1, 2, 3, 4, 2, 0,
      0, 0, 0 }, MAND_LEN + 2 + 9 + 2, LLDP_OK, 1, 0 },
    { "management address OID length disagrees", { MAND, 0x10, 0x0c, 0x05, 0x01, 1, 2, 3, 4,
      2, 0, 0, 0, 0, 0x05, 0, 0 }, MAND_LEN + 2 + 12 + 2, LLDP_OK, 1, 0 },
    { "organizational TLV of length 3", { MAND, 0xfe, 0x03, 0, 0x12, 0x0f, 0, 0 },
      MAND_LEN + 7, LLDP_OK, 1, 0 },
    { "organizational TLV", { MAND, 0xfe, 0x06, 0, 0x12, 0x0f, 1, 0, 0, 0, 0 }, MAND_LEN + 10,
      LLDP_OK, 0, 1 },
    { "reserved type 9", { MAND, 0x12, 0x01, 'x', 0, 0 }, MAND_LEN + 5, LLDP_OK, 0, 1 },
    { "no End TLV", { MAND }, MAND_LEN, LLDP_OK, 0, 0 },
};

Test(lldp, malformed_table)
{
    for (size_t i = 0; i < ARRAY_SIZE(bad_cases); i++) {
        const struct bad_case *c = &bad_cases[i];
        size_t len = ETH_HEADER_LEN + c->len;
        uint8_t *frame = malloc(len);
        struct lldp_neighbor_info info;
        struct lldp_parse_stats st;
        enum lldp_parse_error e;

        memset(frame, 0, ETH_HEADER_LEN);
        frame[0] = 0x01;
        frame[12] = 0x88;
        frame[13] = 0xcc;
        memcpy(frame + ETH_HEADER_LEN, c->tlvs, c->len);
        e = lldp_parse(frame, len, &info, &st);
        cr_expect_eq(e, c->expect, "%s: %s", c->what, lldp_parse_error_name(e));
        if (e == LLDP_OK) {
            cr_expect_eq(st.tlvs_discarded, c->discarded, "%s: discarded", c->what);
            cr_expect_eq(st.tlvs_unrecognized, c->unrecognized, "%s: unrecognized", c->what);
        }
        free(frame);
    }
}

Test(lldp, not_lldp_and_strings_made_safe)
{
    uint8_t buf[LLDP_FRAME_MAX];
    size_t len = build_default(buf, sizeof buf);
    struct lldp_neighbor_info info, other;
    struct lldp_parse_stats st;

    buf[13] = 0x00;                     /* EtherType 0x8800 */
    cr_assert_eq(lldp_parse(buf, len, &info, &st), LLDP_ERR_NOT_LLDP);
    cr_assert_eq(lldp_parse(buf, 13, &info, &st), LLDP_ERR_NOT_LLDP);
    buf[13] = 0xcc;
    /* A system name with an escape sequence and a byte past ASCII. */
    buf[44] = 0x1b;
    buf[45] = 0xc3;
    cr_assert_eq(lldp_parse(buf, len, &info, &st), LLDP_OK);
    cr_assert_str_eq(info.sys_name, "??1");
    cr_assert_eq(lldp_parse(buf, len, &other, &st), LLDP_OK);
    cr_assert(lldp_same_msap(&info, &other));
    other.port_id[0] = 'x';
    cr_assert_not(lldp_same_msap(&info, &other));
}

Test(lldp, destinations_and_formats)
{
    uint8_t a[6] = { 0x01, 0x80, 0xc2, 0, 0, 0x0e };
    char buf[32];

    cr_assert(lldp_is_lldp_dst(a));
    a[5] = 0x03;
    cr_assert(lldp_is_lldp_dst(a));
    a[5] = 0x00;
    cr_assert(lldp_is_lldp_dst(a));
    a[5] = 0x02;                        /* slow protocols: LACP's */
    cr_assert_not(lldp_is_lldp_dst(a));
    lldp_caps_format(LLDP_CAP_BRIDGE | LLDP_CAP_ROUTER | LLDP_CAP_STATION, buf, sizeof buf);
    cr_assert_str_eq(buf, "R,B,S");
    lldp_caps_format(0, buf, sizeof buf);
    cr_assert_str_eq(buf, "");
    lldp_caps_format(0xff, buf, 4);     /* cut, never overrun */
    cr_assert_str_eq(buf, "R,B");
    lldp_id_format(false, LLDP_PORT_NETWORK, (const uint8_t[]) { 1, 10, 0, 0, 1 }, 5, buf,
                   sizeof buf);
    cr_assert_str_eq(buf, "10.0.0.1");
    lldp_id_format(false, 7, (const uint8_t *) "a\nb", 3, buf, sizeof buf);
    cr_assert_str_eq(buf, "a?b");
}
