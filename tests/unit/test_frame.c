/* Unit tests for net/frame.c: parsing, tag push/pop/rewrite, egress headers
 * and Ethernet address helpers.  The contract is net/frame.h.
 *
 * Frames are written out byte by byte so a failure shows which byte moved.
 * Every frame uses the same two MAC addresses; the payload bytes are distinct
 * (0xa1, 0xa2, ...) so a payload that shifted by a tag is visible. */

#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

#include "frame.h"
#include "util.h"

#define DST 0x01, 0x02, 0x03, 0x04, 0x05, 0x06
#define SRC 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f
#define PAYLOAD 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8

#define FILL 0xee               /* headroom / tail filler */
#define BUF_SIZE 128

/* Untagged IPv4 frame: 14-byte header + 8 bytes of payload. */
static const uint8_t untagged[] = { DST, SRC, 0x08, 0x00, PAYLOAD };

/* One C-tag: PCP 3, VID 100 (TCI 0x6064). */
static const uint8_t ctagged[] = { DST, SRC, 0x81, 0x00, 0x60, 0x64,
                                   0x08, 0x00, PAYLOAD };

/* One S-tag: VID 200 (TCI 0x00c8). */
static const uint8_t stagged[] = { DST, SRC, 0x88, 0xa8, 0x00, 0xc8,
                                   0x08, 0x00, PAYLOAD };

/* S-tag VID 200 outside, C-tag VID 10 inside, ARP. */
static const uint8_t qinq[] = { DST, SRC, 0x88, 0xa8, 0x00, 0xc8,
                                0x81, 0x00, 0x00, 0x0a,
                                0x08, 0x06, PAYLOAD };

/* C-tag PCP 7 DEI VID 4094 (0xfffe) outside, C-tag VID 10 inside, IPv6. */
static const uint8_t ctag_ctag[] = { DST, SRC, 0x81, 0x00, 0xff, 0xfe,
                                     0x81, 0x00, 0x00, 0x0a,
                                     0x86, 0xdd, PAYLOAD };

/* Buffer 'buf' of BUF_SIZE bytes filled with FILL, 'len' bytes of 'bytes'
 * copied 'headroom' bytes in, and 'f' initialized on it. */
static enum frame_error
load(struct frame *f, uint8_t *buf, uint32_t headroom,
     const uint8_t *bytes, uint32_t len)
{
    cr_assert_leq(headroom + len, BUF_SIZE);
    memset(buf, FILL, BUF_SIZE);
    if (len)
        memcpy(buf + headroom, bytes, len);
    memset(f, 0x5a, sizeof *f);
    return frame_init(f, buf, headroom, len);
}

static void
load_ok(struct frame *f, uint8_t *buf, uint32_t headroom,
        const uint8_t *bytes, uint32_t len)
{
    enum frame_error e = load(f, buf, headroom, bytes, len);
    cr_assert_eq(e, FRAME_OK, "frame_init() of a valid %u-byte frame: %s",
                 (unsigned) len, frame_error_name(e));
}

static void
hex(const uint8_t *p, size_t n, char *out, size_t size)
{
    size_t used = 0;

    out[0] = '\0';
    for (size_t i = 0; i < n && used + 4 < size; i++)
        used += (size_t) snprintf(out + used, size - used, "%s%02x",
                                  i ? " " : "", p[i]);
}

/* Compares byte strings, printing both in hex when they differ. */
static void
assert_bytes(const uint8_t *got, size_t got_len,
             const uint8_t *want, size_t want_len, const char *what)
{
    char g[3 * BUF_SIZE + 1], w[3 * BUF_SIZE + 1];

    hex(got, got_len, g, sizeof g);
    hex(want, want_len, w, sizeof w);
    cr_assert_str_eq(g, w, "%s:\n  got  %s\n  want %s", what, g, w);
}

static void
assert_tags(const struct frame *f, uint8_t n_tags,
            uint16_t tpid0, uint16_t tci0, uint16_t tpid1, uint16_t tci1,
            uint16_t eth_type, uint16_t l3_ofs)
{
    cr_assert_eq(f->n_tags, n_tags, "n_tags %u, want %u", f->n_tags, n_tags);
    if (n_tags >= 1) {
        cr_assert_eq(f->tags[0].tpid, tpid0, "tags[0].tpid %#06x, want %#06x",
                     f->tags[0].tpid, tpid0);
        cr_assert_eq(f->tags[0].tci, tci0, "tags[0].tci %#06x, want %#06x",
                     f->tags[0].tci, tci0);
    }
    if (n_tags >= 2) {
        cr_assert_eq(f->tags[1].tpid, tpid1, "tags[1].tpid %#06x, want %#06x",
                     f->tags[1].tpid, tpid1);
        cr_assert_eq(f->tags[1].tci, tci1, "tags[1].tci %#06x, want %#06x",
                     f->tags[1].tci, tci1);
    }
    cr_assert_eq(f->eth_type, eth_type, "eth_type %#06x, want %#06x",
                 f->eth_type, eth_type);
    cr_assert_eq(f->l3_ofs, l3_ofs, "l3_ofs %u, want %u", f->l3_ofs, l3_ofs);
}

/* The parsed fields of 'f' must be what a fresh frame_parse() of its bytes
 * gives: push, pop and rewrite keep them current. */
static void
assert_fields_match_reparse(const struct frame *f)
{
    struct frame g = *f;

    cr_assert_eq(frame_parse(&g), FRAME_OK);
    assert_tags(f, g.n_tags, g.tags[0].tpid, g.tags[0].tci,
                g.tags[1].tpid, g.tags[1].tci, g.eth_type, g.l3_ofs);
}

/* Parsing. */

Test(frame, init_points_data_headroom_bytes_into_buffer)
{
    uint8_t buf[BUF_SIZE];
    struct frame f;

    load_ok(&f, buf, 8, untagged, sizeof untagged);
    cr_assert_eq(f.data, buf + 8);
    cr_assert_eq(f.len, sizeof untagged);
    cr_assert_eq(f.headroom, 8);
    cr_assert_eq(frame_dst(&f), buf + 8);
    cr_assert_eq(frame_src(&f), buf + 8 + ETH_ADDR_LEN);
}

Test(frame, parse_untagged_frame_reads_ethertype_and_l3_offset)
{
    uint8_t buf[BUF_SIZE];
    struct frame f;

    load_ok(&f, buf, FRAME_HEADROOM, untagged, sizeof untagged);
    assert_tags(&f, 0, 0, 0, 0, 0, 0x0800, 14);
}

Test(frame, parse_single_8021q_tag)
{
    uint8_t buf[BUF_SIZE];
    struct frame f;

    load_ok(&f, buf, FRAME_HEADROOM, ctagged, sizeof ctagged);
    assert_tags(&f, 1, ETH_TYPE_VLAN, 0x6064, 0, 0, 0x0800, 18);
}

Test(frame, parse_single_8021ad_tag)
{
    uint8_t buf[BUF_SIZE];
    struct frame f;

    load_ok(&f, buf, FRAME_HEADROOM, stagged, sizeof stagged);
    assert_tags(&f, 1, ETH_TYPE_VLAN_AD, 0x00c8, 0, 0, 0x0800, 18);
}

Test(frame, parse_8021ad_outer_and_8021q_inner_tags)
{
    uint8_t buf[BUF_SIZE];
    struct frame f;

    load_ok(&f, buf, FRAME_HEADROOM, qinq, sizeof qinq);
    assert_tags(&f, 2, ETH_TYPE_VLAN_AD, 0x00c8, ETH_TYPE_VLAN, 0x000a,
                0x0806, 22);
}

Test(frame, parse_two_8021q_tags)
{
    uint8_t buf[BUF_SIZE];
    struct frame f;

    load_ok(&f, buf, FRAME_HEADROOM, ctag_ctag, sizeof ctag_ctag);
    assert_tags(&f, 2, ETH_TYPE_VLAN, 0xfffe, ETH_TYPE_VLAN, 0x000a,
                0x86dd, 22);
}

Test(frame, parse_reads_at_most_two_tags_and_reports_third_tpid_as_ethertype)
{
    static const uint8_t three[] = { DST, SRC, 0x88, 0xa8, 0x00, 0x01,
                                     0x81, 0x00, 0x00, 0x02,
                                     0x81, 0x00, 0x00, 0x03,
                                     0x08, 0x00, PAYLOAD };
    uint8_t buf[BUF_SIZE];
    struct frame f;

    load_ok(&f, buf, FRAME_HEADROOM, three, sizeof three);
    assert_tags(&f, 2, ETH_TYPE_VLAN_AD, 0x0001, ETH_TYPE_VLAN, 0x0002,
                ETH_TYPE_VLAN, 22);
}

Test(frame, frames_shorter_than_ethernet_header_are_runts)
{
    uint8_t buf[BUF_SIZE];
    struct frame f;

    for (uint32_t len = 0; len < ETH_HEADER_LEN; len++) {
        enum frame_error e = load(&f, buf, FRAME_HEADROOM, untagged, len);
        cr_assert_eq(e, FRAME_ERR_RUNT, "%u-byte frame: got %s, want runt",
                     (unsigned) len, frame_error_name(e));
    }
}

Test(frame, fourteen_byte_untagged_frame_is_valid)
{
    uint8_t buf[BUF_SIZE];
    struct frame f;

    load_ok(&f, buf, FRAME_HEADROOM, untagged, ETH_HEADER_LEN);
    cr_assert_eq(f.len, 14);
    assert_tags(&f, 0, 0, 0, 0, 0, 0x0800, 14);
}

Test(frame, outer_tag_without_tci_and_ethertype_is_truncated)
{
    uint8_t buf[BUF_SIZE];
    struct frame f;

    /* A TPID at offset 12 needs bytes 12..17: lengths 14..17 are short. */
    for (uint32_t len = 14; len < 18; len++) {
        enum frame_error e = load(&f, buf, FRAME_HEADROOM, ctagged, len);
        cr_assert_eq(e, FRAME_ERR_TRUNCATED_TAG,
                     "%u-byte 0x8100 frame: got %s", (unsigned) len,
                     frame_error_name(e));
        e = load(&f, buf, FRAME_HEADROOM, stagged, len);
        cr_assert_eq(e, FRAME_ERR_TRUNCATED_TAG,
                     "%u-byte 0x88a8 frame: got %s", (unsigned) len,
                     frame_error_name(e));
    }
}

Test(frame, eighteen_byte_single_tagged_frame_is_valid)
{
    uint8_t buf[BUF_SIZE];
    struct frame f;

    load_ok(&f, buf, FRAME_HEADROOM, ctagged, 18);
    assert_tags(&f, 1, ETH_TYPE_VLAN, 0x6064, 0, 0, 0x0800, 18);
}

Test(frame, inner_tag_without_tci_and_ethertype_is_truncated)
{
    uint8_t buf[BUF_SIZE];
    struct frame f;

    /* The inner TPID at offset 16 needs bytes 16..21: lengths 18..21. */
    for (uint32_t len = 18; len < 22; len++) {
        enum frame_error e = load(&f, buf, FRAME_HEADROOM, qinq, len);
        cr_assert_eq(e, FRAME_ERR_TRUNCATED_TAG,
                     "%u-byte 0x88a8/0x8100 frame: got %s", (unsigned) len,
                     frame_error_name(e));
        e = load(&f, buf, FRAME_HEADROOM, ctag_ctag, len);
        cr_assert_eq(e, FRAME_ERR_TRUNCATED_TAG,
                     "%u-byte 0x8100/0x8100 frame: got %s", (unsigned) len,
                     frame_error_name(e));
    }
}

Test(frame, twenty_two_byte_double_tagged_frame_is_valid)
{
    uint8_t buf[BUF_SIZE];
    struct frame f;

    load_ok(&f, buf, FRAME_HEADROOM, qinq, 22);
    assert_tags(&f, 2, ETH_TYPE_VLAN_AD, 0x00c8, ETH_TYPE_VLAN, 0x000a,
                0x0806, 22);
}

Test(frame, parse_rereads_bytes_after_they_change)
{
    uint8_t buf[BUF_SIZE];
    struct frame f;

    load_ok(&f, buf, FRAME_HEADROOM, untagged, sizeof untagged);
    /* Turn the EtherType into a TPID: the 8 payload bytes hold the tag. */
    f.data[12] = 0x81;
    f.data[13] = 0x00;
    cr_assert_eq(frame_parse(&f), FRAME_OK);
    assert_tags(&f, 1, ETH_TYPE_VLAN, 0xa1a2, 0, 0, 0xa3a4, 18);
}

Test(frame, error_names_are_stable)
{
    cr_assert_str_eq(frame_error_name(FRAME_OK), "ok");
    cr_assert_str_eq(frame_error_name(FRAME_ERR_RUNT), "runt");
    cr_assert_str_eq(frame_error_name(FRAME_ERR_TRUNCATED_TAG),
                     "truncated-tag");
}

Test(frame, vlan_tci_is_reported_only_for_8021q_outer_tag)
{
    uint8_t buf[BUF_SIZE];
    struct frame f;
    uint16_t tci;

    load_ok(&f, buf, FRAME_HEADROOM, untagged, sizeof untagged);
    cr_assert_not(frame_vlan_tci(&f, &tci), "untagged frame has no C-tag");

    load_ok(&f, buf, FRAME_HEADROOM, stagged, sizeof stagged);
    cr_assert_not(frame_vlan_tci(&f, &tci), "0x88a8 outer tag is payload");

    load_ok(&f, buf, FRAME_HEADROOM, qinq, sizeof qinq);
    cr_assert_not(frame_vlan_tci(&f, &tci),
                  "a C-tag inside an S-tag does not count");

    tci = 0;
    load_ok(&f, buf, FRAME_HEADROOM, ctagged, sizeof ctagged);
    cr_assert(frame_vlan_tci(&f, &tci));
    cr_assert_eq(tci, 0x6064);

    tci = 0;
    load_ok(&f, buf, FRAME_HEADROOM, ctag_ctag, sizeof ctag_ctag);
    cr_assert(frame_vlan_tci(&f, &tci));
    cr_assert_eq(tci, 0xfffe, "outer TCI, not the inner one");
}

/* Push, pop, rewrite. */

Test(frame, push_vlan_into_untagged_frame_inserts_tag_after_source_mac)
{
    static const uint8_t want[] = { DST, SRC, 0x81, 0x00, 0xa0, 0x0a,
                                    0x08, 0x00, PAYLOAD };
    uint8_t buf[BUF_SIZE];
    struct frame f;

    load_ok(&f, buf, FRAME_HEADROOM, untagged, sizeof untagged);
    cr_assert(frame_push_vlan(&f, ETH_TYPE_VLAN, 0xa00a));

    cr_assert_eq(f.data, buf + FRAME_HEADROOM - VLAN_HEADER_LEN);
    cr_assert_eq(f.len, sizeof untagged + VLAN_HEADER_LEN);
    cr_assert_eq(f.headroom, FRAME_HEADROOM - VLAN_HEADER_LEN);
    assert_bytes(f.data, f.len, want, sizeof want, "pushed frame");
    assert_tags(&f, 1, ETH_TYPE_VLAN, 0xa00a, 0, 0, 0x0800, 18);
    assert_fields_match_reparse(&f);
    /* Nothing past the frame was touched. */
    cr_assert_eq(buf[FRAME_HEADROOM + sizeof untagged], FILL);
}

Test(frame, push_8021ad_tag_onto_tagged_frame_makes_it_double_tagged)
{
    static const uint8_t want[] = { DST, SRC, 0x88, 0xa8, 0x01, 0x2c,
                                    0x81, 0x00, 0x60, 0x64,
                                    0x08, 0x00, PAYLOAD };
    uint8_t buf[BUF_SIZE];
    struct frame f;

    load_ok(&f, buf, FRAME_HEADROOM, ctagged, sizeof ctagged);
    cr_assert(frame_push_vlan(&f, ETH_TYPE_VLAN_AD, 300));

    cr_assert_eq(f.data, buf + FRAME_HEADROOM - VLAN_HEADER_LEN);
    cr_assert_eq(f.len, sizeof ctagged + VLAN_HEADER_LEN);
    cr_assert_eq(f.headroom, FRAME_HEADROOM - VLAN_HEADER_LEN);
    assert_bytes(f.data, f.len, want, sizeof want, "pushed frame");
    assert_tags(&f, 2, ETH_TYPE_VLAN_AD, 300, ETH_TYPE_VLAN, 0x6064,
                0x0800, 22);
    assert_fields_match_reparse(&f);
}

Test(frame, push_vlan_twice_uses_all_of_frame_headroom)
{
    static const uint8_t want[] = { DST, SRC, 0x88, 0xa8, 0x00, 0x02,
                                    0x81, 0x00, 0x00, 0x01,
                                    0x08, 0x00, PAYLOAD };
    uint8_t buf[BUF_SIZE];
    struct frame f;

    load_ok(&f, buf, FRAME_HEADROOM, untagged, sizeof untagged);
    cr_assert(frame_push_vlan(&f, ETH_TYPE_VLAN, 1));
    cr_assert(frame_push_vlan(&f, ETH_TYPE_VLAN_AD, 2));
    cr_assert_eq(f.data, buf);
    cr_assert_eq(f.headroom, 0);
    assert_bytes(f.data, f.len, want, sizeof want, "double push");
    assert_tags(&f, 2, ETH_TYPE_VLAN_AD, 2, ETH_TYPE_VLAN, 1, 0x0800, 22);
}

Test(frame, push_vlan_with_exactly_four_bytes_of_headroom_succeeds)
{
    static const uint8_t want[] = { DST, SRC, 0x81, 0x00, 0x00, 0x64,
                                    0x08, 0x00, PAYLOAD };
    uint8_t buf[BUF_SIZE];
    struct frame f;

    load_ok(&f, buf, VLAN_HEADER_LEN, untagged, sizeof untagged);
    cr_assert(frame_push_vlan(&f, ETH_TYPE_VLAN, 100));
    cr_assert_eq(f.data, buf);
    cr_assert_eq(f.headroom, 0);
    assert_bytes(f.data, f.len, want, sizeof want, "pushed frame");
}

Test(frame, push_vlan_without_enough_headroom_fails_and_leaves_frame_untouched)
{
    for (uint32_t headroom = 0; headroom < VLAN_HEADER_LEN; headroom++) {
        uint8_t buf[BUF_SIZE], before_buf[BUF_SIZE];
        struct frame f, before;

        load_ok(&f, buf, headroom, ctagged, sizeof ctagged);
        memcpy(before_buf, buf, sizeof buf);
        before = f;

        cr_assert_not(frame_push_vlan(&f, ETH_TYPE_VLAN, 5),
                      "push with %u bytes of headroom", (unsigned) headroom);
        cr_assert_eq(memcmp(&f, &before, sizeof f), 0,
                     "struct frame changed by a failed push (headroom %u)",
                     (unsigned) headroom);
        assert_bytes(buf, sizeof buf, before_buf, sizeof before_buf,
                     "buffer after failed push");
    }
}

Test(frame, pop_vlan_removes_outer_tag)
{
    static const uint8_t want[] = { DST, SRC, 0x08, 0x00, PAYLOAD };
    uint8_t buf[BUF_SIZE];
    struct frame f;

    load_ok(&f, buf, 0, ctagged, sizeof ctagged);
    cr_assert(frame_pop_vlan(&f));
    cr_assert_eq(f.data, buf + VLAN_HEADER_LEN);
    cr_assert_eq(f.len, sizeof ctagged - VLAN_HEADER_LEN);
    cr_assert_eq(f.headroom, VLAN_HEADER_LEN);
    assert_bytes(f.data, f.len, want, sizeof want, "popped frame");
    assert_tags(&f, 0, 0, 0, 0, 0, 0x0800, 14);
    assert_fields_match_reparse(&f);
}

Test(frame, pop_vlan_of_double_tagged_frame_exposes_inner_tag)
{
    static const uint8_t want[] = { DST, SRC, 0x81, 0x00, 0x00, 0x0a,
                                    0x08, 0x06, PAYLOAD };
    uint8_t buf[BUF_SIZE];
    struct frame f;

    load_ok(&f, buf, 2, qinq, sizeof qinq);
    cr_assert(frame_pop_vlan(&f));
    cr_assert_eq(f.data, buf + 2 + VLAN_HEADER_LEN);
    cr_assert_eq(f.len, sizeof qinq - VLAN_HEADER_LEN);
    cr_assert_eq(f.headroom, 2 + VLAN_HEADER_LEN);
    assert_bytes(f.data, f.len, want, sizeof want, "popped frame");
    assert_tags(&f, 1, ETH_TYPE_VLAN, 0x000a, 0, 0, 0x0806, 18);
    assert_fields_match_reparse(&f);

    cr_assert(frame_pop_vlan(&f));
    static const uint8_t want2[] = { DST, SRC, 0x08, 0x06, PAYLOAD };
    assert_bytes(f.data, f.len, want2, sizeof want2, "popped twice");
    assert_tags(&f, 0, 0, 0, 0, 0, 0x0806, 14);
    cr_assert_not(frame_pop_vlan(&f), "third pop has no tag to remove");
}

Test(frame, pop_vlan_on_untagged_frame_returns_false_and_changes_nothing)
{
    uint8_t buf[BUF_SIZE], before_buf[BUF_SIZE];
    struct frame f, before;

    load_ok(&f, buf, FRAME_HEADROOM, untagged, sizeof untagged);
    memcpy(before_buf, buf, sizeof buf);
    before = f;
    cr_assert_not(frame_pop_vlan(&f));
    cr_assert_eq(memcmp(&f, &before, sizeof f), 0);
    assert_bytes(buf, sizeof buf, before_buf, sizeof before_buf,
                 "buffer after pop of untagged frame");
}

Test(frame, push_then_pop_restores_original_frame)
{
    uint8_t buf[BUF_SIZE];
    struct frame f;

    load_ok(&f, buf, FRAME_HEADROOM, qinq, sizeof qinq);
    cr_assert(frame_push_vlan(&f, ETH_TYPE_VLAN, 0x0fff));
    cr_assert(frame_pop_vlan(&f));
    cr_assert_eq(f.data, buf + FRAME_HEADROOM);
    cr_assert_eq(f.headroom, FRAME_HEADROOM);
    assert_bytes(f.data, f.len, qinq, sizeof qinq, "push+pop");
    assert_tags(&f, 2, ETH_TYPE_VLAN_AD, 0x00c8, ETH_TYPE_VLAN, 0x000a,
                0x0806, 22);
}

Test(frame, set_outer_tci_rewrites_tag_in_place)
{
    static const uint8_t want[] = { DST, SRC, 0x81, 0x00, 0xe0, 0x01,
                                    0x81, 0x00, 0x00, 0x0a,
                                    0x86, 0xdd, PAYLOAD };
    uint8_t buf[BUF_SIZE];
    struct frame f;

    load_ok(&f, buf, FRAME_HEADROOM, ctag_ctag, sizeof ctag_ctag);
    cr_assert(frame_set_outer_tci(&f, 0xe001));
    cr_assert_eq(f.data, buf + FRAME_HEADROOM);
    cr_assert_eq(f.len, sizeof ctag_ctag);
    cr_assert_eq(f.headroom, FRAME_HEADROOM);
    assert_bytes(f.data, f.len, want, sizeof want, "rewritten frame");
    assert_tags(&f, 2, ETH_TYPE_VLAN, 0xe001, ETH_TYPE_VLAN, 0x000a,
                0x86dd, 22);
    assert_fields_match_reparse(&f);
}

Test(frame, set_outer_tci_on_untagged_frame_returns_false)
{
    uint8_t buf[BUF_SIZE], before_buf[BUF_SIZE];
    struct frame f, before;

    load_ok(&f, buf, FRAME_HEADROOM, untagged, sizeof untagged);
    memcpy(before_buf, buf, sizeof buf);
    before = f;
    cr_assert_not(frame_set_outer_tci(&f, 7));
    cr_assert_eq(memcmp(&f, &before, sizeof f), 0);
    assert_bytes(buf, sizeof buf, before_buf, sizeof before_buf,
                 "buffer after set_outer_tci on untagged frame");
}

/* Egress headers. */

/* Runs frame_egress_header() on 'f', checks the frame was not touched and
 * that header + rest equals 'want'. */
static void
check_egress(const uint8_t *in, uint32_t in_len, bool tagged, uint16_t tci,
             uint32_t want_hdr_len, uint32_t want_rest_ofs,
             const uint8_t *want, uint32_t want_len)
{
    uint8_t buf[BUF_SIZE], before_buf[BUF_SIZE];
    uint8_t hdr[FRAME_EGRESS_HEADER_MAX + 4];
    uint8_t wire[2 * BUF_SIZE];
    uint32_t rest_ofs = 0xdeadbeef;
    struct frame f, before;

    load_ok(&f, buf, FRAME_HEADROOM, in, in_len);
    memcpy(before_buf, buf, sizeof buf);
    before = f;
    memset(hdr, 0x77, sizeof hdr);

    uint32_t n = frame_egress_header(&f, tagged, tci, hdr, &rest_ofs);
    cr_assert_eq(n, want_hdr_len, "header length %u, want %u",
                 (unsigned) n, (unsigned) want_hdr_len);
    cr_assert_eq(rest_ofs, want_rest_ofs, "rest_ofs %u, want %u",
                 (unsigned) rest_ofs, (unsigned) want_rest_ofs);
    cr_assert_eq(hdr[FRAME_EGRESS_HEADER_MAX], 0x77,
                 "wrote past FRAME_EGRESS_HEADER_MAX");

    cr_assert_eq(memcmp(&f, &before, sizeof f), 0, "struct frame changed");
    assert_bytes(buf, sizeof buf, before_buf, sizeof before_buf,
                 "frame buffer after frame_egress_header()");

    memcpy(wire, hdr, n);
    memcpy(wire + n, f.data + rest_ofs, f.len - rest_ofs);
    assert_bytes(wire, n + f.len - rest_ofs, want, want_len, "wire bytes");
}

Test(frame, egress_untagged_frame_sent_tagged_gets_8021q_tag)
{
    static const uint8_t want[] = { DST, SRC, 0x81, 0x00, 0xa0, 0x0a,
                                    0x08, 0x00, PAYLOAD };
    check_egress(untagged, sizeof untagged, true, 0xa00a, 16, 12,
                 want, sizeof want);
}

Test(frame, egress_untagged_frame_sent_untagged_is_unchanged)
{
    check_egress(untagged, sizeof untagged, false, 0, 12, 12,
                 untagged, sizeof untagged);
}

Test(frame, egress_tagged_frame_sent_untagged_loses_its_8021q_tag)
{
    static const uint8_t want[] = { DST, SRC, 0x08, 0x00, PAYLOAD };
    check_egress(ctagged, sizeof ctagged, false, 0, 12, 16,
                 want, sizeof want);
}

Test(frame, egress_tagged_frame_sent_tagged_gets_new_tci)
{
    static const uint8_t want[] = { DST, SRC, 0x81, 0x00, 0x00, 0xc8,
                                    0x08, 0x00, PAYLOAD };
    check_egress(ctagged, sizeof ctagged, true, 200, 16, 16,
                 want, sizeof want);
}

Test(frame, egress_8021ad_frame_sent_tagged_keeps_stag_as_payload)
{
    static const uint8_t want[] = { DST, SRC, 0x81, 0x00, 0x00, 0x05,
                                    0x88, 0xa8, 0x00, 0xc8,
                                    0x81, 0x00, 0x00, 0x0a,
                                    0x08, 0x06, PAYLOAD };
    check_egress(qinq, sizeof qinq, true, 5, 16, 12, want, sizeof want);
}

Test(frame, egress_8021ad_frame_sent_untagged_is_unchanged)
{
    check_egress(stagged, sizeof stagged, false, 0, 12, 12,
                 stagged, sizeof stagged);
}

Test(frame, egress_double_8021q_frame_sent_untagged_keeps_inner_tag)
{
    static const uint8_t want[] = { DST, SRC, 0x81, 0x00, 0x00, 0x0a,
                                    0x86, 0xdd, PAYLOAD };
    check_egress(ctag_ctag, sizeof ctag_ctag, false, 0, 12, 16,
                 want, sizeof want);
}

Test(frame, egress_double_8021q_frame_sent_tagged_replaces_outer_tci_only)
{
    static const uint8_t want[] = { DST, SRC, 0x81, 0x00, 0x20, 0x14,
                                    0x81, 0x00, 0x00, 0x0a,
                                    0x86, 0xdd, PAYLOAD };
    check_egress(ctag_ctag, sizeof ctag_ctag, true, 0x2014, 16, 16,
                 want, sizeof want);
}

/* Ethernet addresses. */

Test(frame, eth_addr_parse_accepts_colon_dash_and_ios_dotted_forms)
{
    static const char *const good[] = {
        "52:54:00:ab:0c:01",
        "52-54-00-ab-0c-01",
        "5254.00ab.0c01",
        "52:54:00:AB:0C:01",
        "5254.00AB.0C01",
    };
    static const uint8_t want[ETH_ADDR_LEN] = { 0x52, 0x54, 0x00, 0xab,
                                                0x0c, 0x01 };

    for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
        uint8_t mac[ETH_ADDR_LEN] = { 0 };
        cr_assert(eth_addr_parse(good[i], mac), "rejected \"%s\"", good[i]);
        assert_bytes(mac, sizeof mac, want, sizeof want, good[i]);
    }
}

Test(frame, eth_addr_parse_reads_broadcast_and_zero)
{
    uint8_t mac[ETH_ADDR_LEN] = { 0 };
    static const uint8_t bcast[ETH_ADDR_LEN] = { 0xff, 0xff, 0xff,
                                                 0xff, 0xff, 0xff };
    static const uint8_t zero[ETH_ADDR_LEN] = { 0 };

    cr_assert(eth_addr_parse("ff:ff:ff:ff:ff:ff", mac));
    assert_bytes(mac, sizeof mac, bcast, sizeof bcast, "broadcast");
    cr_assert(eth_addr_parse("0000.0000.0000", mac));
    assert_bytes(mac, sizeof mac, zero, sizeof zero, "zero");
}

Test(frame, eth_addr_parse_rejects_malformed_addresses)
{
    static const char *const bad[] = {
        "",
        "52",
        "52:54:00:00:00",               /* five groups */
        "52:54:00:00:00:",              /* empty last group */
        "52:54:00:00:00:0g",            /* bad hex */
        "x2:54:00:00:00:01",
        "52:54:00:00:00:01x",           /* trailing junk */
        "52:54:00:00:00:01:02",         /* seven groups */
        "52:54:00:00:00:100",           /* group > 0xff */
        "52-54-00-00-00",
        "52-54-00-00-00-0z",
        "5254.0000.000",                /* short dotted */
        "5254.0000",
        "5254.0000.00g1",
        "5254.0000.0001.",              /* trailing junk */
        "5254.0000.0001x",
        "5254.0000.00001",
        "52540000001",
    };

    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        uint8_t mac[ETH_ADDR_LEN];
        cr_assert_not(eth_addr_parse(bad[i], mac), "accepted \"%s\"", bad[i]);
    }
}

Test(frame, eth_addr_format_writes_lower_case_colon_form)
{
    static const uint8_t mac[ETH_ADDR_LEN] = { 0x52, 0x54, 0x00, 0xab,
                                               0x0c, 0x01 };
    char buf[ETH_ADDR_STR_SIZE + 1];

    memset(buf, 'X', sizeof buf);
    cr_assert_eq(eth_addr_format(mac, buf), buf);
    cr_assert_str_eq(buf, "52:54:00:ab:0c:01");
    cr_assert_eq(buf[ETH_ADDR_STR_SIZE], 'X', "wrote past ETH_ADDR_STR_SIZE");

    static const uint8_t ff[ETH_ADDR_LEN] = { 0xff, 0xff, 0xff,
                                              0xff, 0xff, 0xff };
    cr_assert_str_eq(eth_addr_format(ff, buf), "ff:ff:ff:ff:ff:ff");
}

Test(frame, eth_addr_format_then_parse_round_trips)
{
    uint32_t x = 12345;

    for (int i = 0; i < 100; i++) {
        uint8_t mac[ETH_ADDR_LEN], back[ETH_ADDR_LEN];
        char s[ETH_ADDR_STR_SIZE];

        for (int j = 0; j < ETH_ADDR_LEN; j++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            mac[j] = (uint8_t) x;
        }
        eth_addr_format(mac, s);
        cr_assert(eth_addr_parse(s, back), "rejected own output \"%s\"", s);
        assert_bytes(back, sizeof back, mac, sizeof mac, s);
    }
}

Test(frame, multicast_is_group_bit_and_broadcast_is_all_ones)
{
    static const uint8_t bcast[ETH_ADDR_LEN] = { 0xff, 0xff, 0xff,
                                                 0xff, 0xff, 0xff };
    static const uint8_t almost[ETH_ADDR_LEN] = { 0xff, 0xff, 0xff,
                                                  0xff, 0xff, 0xfe };
    static const uint8_t mcast[ETH_ADDR_LEN] = { 0x01, 0x00, 0x5e,
                                                 0x00, 0x00, 0xfb };
    static const uint8_t odd[ETH_ADDR_LEN] = { 0x33, 0x33, 0x00,
                                               0x00, 0x00, 0x01 };
    static const uint8_t local[ETH_ADDR_LEN] = { 0x02, 0xff, 0xff,
                                                 0xff, 0xff, 0xff };
    static const uint8_t ucast[ETH_ADDR_LEN] = { 0x52, 0x54, 0x00,
                                                 0x00, 0x00, 0x01 };

    cr_assert(eth_addr_is_multicast(bcast));
    cr_assert(eth_addr_is_broadcast(bcast));

    cr_assert(eth_addr_is_multicast(almost));
    cr_assert_not(eth_addr_is_broadcast(almost));

    cr_assert(eth_addr_is_multicast(mcast));
    cr_assert_not(eth_addr_is_broadcast(mcast));

    cr_assert(eth_addr_is_multicast(odd));
    cr_assert_not(eth_addr_is_broadcast(odd));

    cr_assert_not(eth_addr_is_multicast(local));
    cr_assert_not(eth_addr_is_broadcast(local));

    cr_assert_not(eth_addr_is_multicast(ucast));
    cr_assert_not(eth_addr_is_broadcast(ucast));
}
