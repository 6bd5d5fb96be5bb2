/* Bridge NORMAL pipeline: each test is one rule of docs/design.md section 5. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "bridge.h"
#include "util.h"

#define MAX_SENT 64

/* A frame as some port put it on the wire. */
struct sent {
    uint16_t port;
    uint8_t bytes[128];
    uint32_t len;
};

struct capture {
    struct sent sent[MAX_SENT];
    unsigned n;
};

/* Frame storage for one test; each frame keeps FRAME_HEADROOM in front. */
struct rx {
    uint8_t buf[BRIDGE_BATCH_MAX + 8][FRAME_HEADROOM + 128];
    struct frame frames[BRIDGE_BATCH_MAX + 8];
    unsigned n;
};

static struct bridge *br;
static struct capture cap;
static struct rx rx;

static const uint8_t MAC_A[6] = { 0x52, 0x54, 0, 0, 0, 0x0a };
static const uint8_t MAC_B[6] = { 0x52, 0x54, 0, 0, 0, 0x0b };
static const uint8_t MAC_C[6] = { 0x52, 0x54, 0, 0, 0, 0x0c };
static const uint8_t BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t MCAST[6] = { 0x01, 0x00, 0x5e, 0, 0, 0x01 };
static const uint8_t MAC_STP[6] = { 0x01, 0x80, 0xc2, 0, 0, 0 };

static void
setup(void)
{
    struct bridge_config cfg = { .max_ports = 16, .mac_table_size = 64 };

    br = bridge_create(&cfg);
    cr_assert_not_null(br);
    memset(&cap, 0, sizeof cap);
    rx.n = 0;
}

static void
teardown(void)
{
    bridge_destroy(br);
}

TestSuite(bridge, .init = setup, .fini = teardown);

static void
add_access(uint16_t port, uint16_t vid)
{
    struct vlan_port p;

    vlan_port_init_access(&p, vid);
    cr_assert_eq(bridge_port_add(br, port, &p), 0);
}

static void
add_trunk(uint16_t port, const char *allowed, uint16_t native, bool native_tagged)
{
    struct vlan_port p;

    vlan_port_init_default(&p);
    if (allowed)
        cr_assert(vlan_set_parse(allowed, &p.allowed, NULL));
    p.native_vid = native;
    p.native_tagged = native_tagged;
    cr_assert_eq(bridge_port_add(br, port, &p), 0);
}

/* Builds a 60-byte IPv4 frame; 'tpid1'/'tci1' and 'tpid2'/'tci2' add an
 * outer and an inner tag when their TPID is not 0.  Returns the frame. */
static struct frame *
make_frame2(const uint8_t *dst, const uint8_t *src, uint16_t tpid1, uint16_t tci1,
            uint16_t tpid2, uint16_t tci2)
{
    uint8_t *d = rx.buf[rx.n] + FRAME_HEADROOM;
    uint32_t len = 0;
    struct frame *f = &rx.frames[rx.n++];

    memcpy(d, dst, 6);
    memcpy(d + 6, src, 6);
    len = 12;
    if (tpid1) {
        d[len++] = tpid1 >> 8; d[len++] = tpid1 & 0xff;
        d[len++] = tci1 >> 8;  d[len++] = tci1 & 0xff;
    }
    if (tpid2) {
        d[len++] = tpid2 >> 8; d[len++] = tpid2 & 0xff;
        d[len++] = tci2 >> 8;  d[len++] = tci2 & 0xff;
    }
    d[len++] = 0x08; d[len++] = 0x00;
    for (uint8_t i = 0; len < 60u + (tpid1 ? 4 : 0) + (tpid2 ? 4 : 0); i++)
        d[len++] = i;
    f->data = d;
    f->len = len;
    f->headroom = FRAME_HEADROOM;
    return f;
}

static struct frame *
make_frame(const uint8_t *dst, const uint8_t *src, int vid)
{
    return vid < 0 ? make_frame2(dst, src, 0, 0, 0, 0)
                   : make_frame2(dst, src, ETH_TYPE_VLAN, vid, 0, 0);
}

static void
collect_tx(uint16_t port_no, const struct bridge_tx *items, unsigned n, void *arg)
{
    struct capture *c = arg;

    for (unsigned i = 0; i < n; i++) {
        struct sent *s = &c->sent[c->n++];
        uint32_t rest;
        uint32_t hlen = bridge_tx_header(&items[i], s->bytes, &rest);

        cr_assert_leq(c->n, MAX_SENT);
        s->port = port_no;
        memcpy(s->bytes + hlen, items[i].frame->data + rest,
               items[i].frame->len - rest);
        s->len = hlen + items[i].frame->len - rest;
    }
}

/* Sends one frame in on 'port' at 'now' and captures what leaves. */
static void
send_at(uint16_t port, struct frame *f, int64_t now)
{
    memset(&cap, 0, sizeof cap);
    bridge_input(br, port, &f, 1, now);
    bridge_tx_flush(br, collect_tx, &cap);
}

static void
send1(uint16_t port, struct frame *f)
{
    send_at(port, f, 1000);
}

static const struct sent *
sent_on(uint16_t port)
{
    for (unsigned i = 0; i < cap.n; i++)
        if (cap.sent[i].port == port)
            return &cap.sent[i];
    return NULL;
}

/* VID of the outer 802.1Q tag of a sent frame, -1 if untagged. */
static int
sent_vid(const struct sent *s)
{
    if (s->bytes[12] == 0x81 && s->bytes[13] == 0x00)
        return ((s->bytes[14] << 8 | s->bytes[15]) & VLAN_VID_MASK);
    return -1;
}

static uint64_t
drops(uint16_t port, enum bridge_drop reason)
{
    return bridge_port_stats(br, port)->drops[reason];
}

/* Flooding. */

Test(bridge, unknown_unicast_floods_to_every_other_port_of_the_vlan)
{
    add_access(0, 10); add_access(1, 10); add_access(2, 10); add_access(3, 20);
    send1(0, make_frame(MAC_B, MAC_A, -1));
    cr_assert_eq(cap.n, 2);
    cr_assert_not_null(sent_on(1));
    cr_assert_not_null(sent_on(2));
    cr_assert_null(sent_on(3), "VLAN 20 port must not get a VLAN 10 frame");
    cr_assert_null(sent_on(0), "never back out of the ingress port");
}

Test(bridge, broadcast_floods_to_every_other_port_of_the_vlan)
{
    add_access(0, 10); add_access(1, 10); add_access(2, 20); add_trunk(3, "10", 1, false);
    send1(0, make_frame(BCAST, MAC_A, -1));
    cr_assert_eq(cap.n, 2);
    cr_assert_eq(sent_vid(sent_on(1)), -1);
    cr_assert_eq(sent_vid(sent_on(3)), 10);
    cr_assert_null(sent_on(2));
}

Test(bridge, multicast_floods)
{
    add_access(0, 10); add_access(1, 10); add_access(2, 10);
    send1(0, make_frame(MCAST, MAC_A, -1));
    cr_assert_eq(cap.n, 2);
    cr_assert_not_null(sent_on(1));
    cr_assert_not_null(sent_on(2));
}

/* Frames switchd never forwards (docs/security.md section 6). */

/* No station sends from a group address or from 00:00:00:00:00:00: such a
 * frame was flooded, and the zero address was learnt. */
Test(bridge, a_bad_source_address_is_dropped_counted_and_never_learnt)
{
    static const uint8_t ZERO[6] = { 0 };
    const uint8_t *bad[] = { MCAST, BCAST, ZERO, MAC_STP };

    add_access(0, 10); add_access(1, 10); add_access(2, 10);
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        send1(2, make_frame(BCAST, bad[i], -1));
        cr_assert_eq(cap.n, 0, "frame %zu was forwarded", i);
        send1(2, make_frame(MAC_B, bad[i], 10));
        cr_assert_eq(cap.n, 0);
    }
    cr_assert_eq(mac_table_count(bridge_mac_table(br)), 0);
    cr_assert_eq(bridge_port_stats(br, 2)->rx_frames, 8);
    /* Checked at parsing, before the VLAN admission and the flow table. */
    cr_assert_eq(drops(2, BRIDGE_DROP_BAD_SRC_MAC), 8);
    cr_assert_eq(drops(2, BRIDGE_DROP_TAGGED_ON_ACCESS), 0);
    /* A good source on the same port still goes. */
    send1(2, make_frame(BCAST, MAC_C, -1));
    cr_assert_eq(cap.n, 2);
}

/* IEEE 802.1Q reserved addresses (STP, LACP, EAPOL, LLDP) were flooded:
 * NORMAL drops them, counts them, and learns nothing from them.  BPDUs
 * (01:80:c2:00:00:00) only while a spanning tree runs: without one they
 * are flooded as data (test_bridge_stp.c). */
Test(bridge, reserved_destinations_are_never_relayed)
{
    add_access(0, 10); add_access(1, 10); add_trunk(2, NULL, 1, false);
    bridge_set_stp(br, true);
    for (uint8_t last = 0; last <= 0x0f; last++) {
        const uint8_t dst[6] = { 0x01, 0x80, 0xc2, 0, 0, last };
        send1(0, make_frame(dst, MAC_A, -1));
        cr_assert_eq(cap.n, 0, "01:80:c2:00:00:%02x was relayed", last);
        send1(2, make_frame(dst, MAC_B, 10));
        cr_assert_eq(cap.n, 0, "tagged 01:80:c2:00:00:%02x was relayed", last);
    }
    cr_assert_eq(drops(0, BRIDGE_DROP_RESERVED_DST), 16);
    cr_assert_eq(drops(2, BRIDGE_DROP_RESERVED_DST), 16);
    cr_assert_eq(mac_table_count(bridge_mac_table(br)), 0, "learnt from a reserved frame");
    /* 01:80:c2:00:00:10 and up are ordinary multicast. */
    send1(0, make_frame((const uint8_t[6]) { 0x01, 0x80, 0xc2, 0, 0, 0x10 }, MAC_A, -1));
    cr_assert_eq(cap.n, 2);
    send1(0, make_frame((const uint8_t[6]) { 0x01, 0x80, 0xc2, 0, 1, 0x00 }, MAC_A, -1));
    cr_assert_eq(cap.n, 2);
}

Test(bridge, flood_with_no_other_port_in_the_vlan_is_counted)
{
    add_access(0, 10); add_access(1, 20);
    send1(0, make_frame(BCAST, MAC_A, -1));
    cr_assert_eq(cap.n, 0);
    cr_assert_eq(drops(0, BRIDGE_DROP_NO_PORT), 1);
}

/* Learning and known unicast. */

Test(bridge, known_unicast_goes_to_one_port)
{
    add_access(0, 10); add_access(1, 10); add_access(2, 10);
    send1(1, make_frame(BCAST, MAC_B, -1));         /* B learned on 1 */
    send1(0, make_frame(MAC_B, MAC_A, -1));
    cr_assert_eq(cap.n, 1);
    cr_assert_eq(cap.sent[0].port, 1);
    cr_assert_eq(memcmp(cap.sent[0].bytes, MAC_B, 6), 0);
}

Test(bridge, known_unicast_to_the_ingress_port_is_dropped)
{
    add_access(0, 10); add_access(1, 10);
    send1(0, make_frame(BCAST, MAC_B, -1));         /* B behind port 0 */
    send1(0, make_frame(MAC_B, MAC_A, -1));
    cr_assert_eq(cap.n, 0);
    cr_assert_eq(drops(0, BRIDGE_DROP_SAME_PORT), 1);
}

Test(bridge, same_mac_in_two_vlans_is_kept_apart)
{
    add_trunk(0, "10,20", 1, false); add_access(1, 10); add_access(2, 20);
    send1(1, make_frame(BCAST, MAC_B, -1));         /* B in VLAN 10 on 1 */
    send1(2, make_frame(BCAST, MAC_B, -1));         /* B in VLAN 20 on 2 */
    send1(0, make_frame(MAC_B, MAC_A, 10));
    cr_assert_eq(cap.n, 1);
    cr_assert_eq(cap.sent[0].port, 1);
    send1(0, make_frame(MAC_B, MAC_A, 20));
    cr_assert_eq(cap.n, 1);
    cr_assert_eq(cap.sent[0].port, 2);
}

Test(bridge, mac_move_sends_traffic_to_the_new_port)
{
    add_access(0, 10); add_access(1, 10); add_access(2, 10);
    send1(1, make_frame(BCAST, MAC_B, -1));
    send1(2, make_frame(BCAST, MAC_B, -1));         /* B moved to 2 */
    send1(0, make_frame(MAC_B, MAC_A, -1));
    cr_assert_eq(cap.n, 1);
    cr_assert_eq(cap.sent[0].port, 2);
}

Test(bridge, aged_out_destination_is_flooded_again)
{
    add_access(0, 10); add_access(1, 10); add_access(2, 10);
    send_at(1, make_frame(BCAST, MAC_B, -1), 0);
    mac_table_expire(bridge_mac_table(br), 300 * 1000);
    send_at(0, make_frame(MAC_B, MAC_A, -1), 300 * 1000);
    cr_assert_eq(cap.n, 2, "B aged out after 300 s: flood");
}

Test(bridge, static_mac_is_used_and_never_moved_by_learning)
{
    add_access(0, 10); add_access(1, 10); add_access(2, 10);
    cr_assert_eq(mac_table_add_static(bridge_mac_table(br), 10, MAC_B, 2), 0);
    send1(1, make_frame(BCAST, MAC_B, -1));         /* B shows up on 1 */
    send1(0, make_frame(MAC_B, MAC_A, -1));
    cr_assert_eq(cap.n, 1);
    cr_assert_eq(cap.sent[0].port, 2);
}

Test(bridge, static_mac_on_a_port_outside_the_vlan_drops)
{
    add_access(0, 10); add_access(1, 20);
    cr_assert_eq(mac_table_add_static(bridge_mac_table(br), 10, MAC_B, 1), 0);
    send1(0, make_frame(MAC_B, MAC_A, -1));
    cr_assert_eq(cap.n, 0);
    cr_assert_eq(drops(0, BRIDGE_DROP_DST_NOT_IN_VLAN), 1);
}

/* VLAN policy at ingress and egress. */

Test(bridge, access_port_drops_tagged_frames)
{
    add_access(0, 10); add_access(1, 10);
    send1(0, make_frame(BCAST, MAC_A, 10));
    cr_assert_eq(cap.n, 0);
    cr_assert_eq(drops(0, BRIDGE_DROP_TAGGED_ON_ACCESS), 1);
}

Test(bridge, access_port_sends_untagged)
{
    add_trunk(0, "10", 1, false); add_access(1, 10);
    send1(0, make_frame(BCAST, MAC_A, 10));
    cr_assert_eq(cap.n, 1);
    cr_assert_eq(sent_vid(&cap.sent[0]), -1);
    cr_assert_eq(cap.sent[0].len, 60, "the 4-byte tag is gone");
    cr_assert_eq(cap.sent[0].bytes[12], 0x08);
}

Test(bridge, trunk_tags_every_vlan_except_the_untagged_native_one)
{
    add_trunk(0, NULL, 1, false);                   /* factory default */
    add_access(1, 1); add_access(2, 10); add_access(3, 20);
    send1(1, make_frame(BCAST, MAC_A, -1));
    cr_assert_eq(sent_vid(sent_on(0)), -1, "native VLAN 1 leaves untagged");
    send1(2, make_frame(BCAST, MAC_B, -1));
    cr_assert_eq(sent_vid(sent_on(0)), 10);
    cr_assert_eq(sent_on(0)->len, 64);
    send1(3, make_frame(BCAST, MAC_C, -1));
    cr_assert_eq(sent_vid(sent_on(0)), 20);
}

Test(bridge, factory_default_port_is_a_trunk_with_native_vlan_1)
{
    cr_assert_eq(bridge_port_add(br, 0, NULL), 0);
    cr_assert_eq(bridge_port_add(br, 1, NULL), 0);
    add_access(2, 1);
    const struct vlan_port *p = bridge_port_vlan(br, 0);
    cr_assert_eq(p->mode, VLAN_MODE_TRUNK);
    cr_assert_eq(p->native_vid, 1);
    cr_assert(vlan_set_is_full(&p->allowed));
    send1(0, make_frame(BCAST, MAC_A, -1));         /* untagged -> VLAN 1 */
    cr_assert_eq(cap.n, 2);
    cr_assert_eq(sent_vid(sent_on(1)), -1);
    cr_assert_eq(sent_vid(sent_on(2)), -1);
    send1(0, make_frame(BCAST, MAC_A, 100));        /* tagged 100 passes */
    cr_assert_eq(cap.n, 1);
    cr_assert_eq(sent_vid(sent_on(1)), 100);
}

Test(bridge, native_tagged_trunk_tags_the_native_vlan_too)
{
    add_trunk(0, "10", 1, true); add_access(1, 1);
    send1(1, make_frame(BCAST, MAC_A, -1));
    cr_assert_eq(sent_vid(sent_on(0)), 1);
    /* Untagged frames are still admitted into the native VLAN. */
    send1(0, make_frame(BCAST, MAC_B, -1));
    cr_assert_eq(sent_vid(sent_on(1)), -1);
}

Test(bridge, allowed_list_filters_at_ingress)
{
    add_trunk(0, "10,20", 1, false); add_trunk(1, NULL, 1, false);
    send1(0, make_frame(BCAST, MAC_A, 30));
    cr_assert_eq(cap.n, 0);
    cr_assert_eq(drops(0, BRIDGE_DROP_VLAN_NOT_ALLOWED), 1);
    send1(0, make_frame(BCAST, MAC_A, 20));
    cr_assert_eq(cap.n, 1);
}

Test(bridge, allowed_list_filters_at_egress)
{
    add_trunk(0, NULL, 1, false); add_trunk(1, "10", 1, false); add_trunk(2, "30", 1, false);
    send1(0, make_frame(BCAST, MAC_A, 30));
    cr_assert_eq(cap.n, 1);
    cr_assert_not_null(sent_on(2));
    cr_assert_null(sent_on(1));
}

Test(bridge, native_vlan_is_carried_even_when_not_in_allowed_list)
{
    add_trunk(0, "10", 5, false); add_access(1, 5);
    send1(1, make_frame(BCAST, MAC_A, -1));
    cr_assert_eq(cap.n, 1);
    cr_assert_eq(sent_vid(sent_on(0)), -1);
    /* A frame tagged with the native VID is admitted into it too. */
    send1(0, make_frame(BCAST, MAC_B, 5));
    cr_assert_eq(cap.n, 1);
    cr_assert_eq(sent_on(1)->port, 1);
}

Test(bridge, no_native_trunk_carries_untagged_frames_as_vlan_0)
{
    add_trunk(0, NULL, 0, false); add_trunk(1, NULL, 0, false);
    add_trunk(2, "1-100", 0, false); add_access(3, 1); add_trunk(4, NULL, 1, false);
    send1(0, make_frame(BCAST, MAC_A, -1));
    cr_assert_eq(cap.n, 1, "only the other all-VLAN no-native trunk gets VLAN 0");
    cr_assert_eq(sent_vid(sent_on(1)), -1);
    send1(2, make_frame(BCAST, MAC_B, -1));
    cr_assert_eq(cap.n, 0);
    cr_assert_eq(drops(2, BRIDGE_DROP_UNTAGGED), 1);
}

Test(bridge, priority_tagged_frame_counts_as_untagged_and_keeps_its_pcp)
{
    add_access(0, 10); add_trunk(1, "10", 1, false); add_access(2, 10);
    send1(0, make_frame(BCAST, MAC_A, 5 << VLAN_PCP_SHIFT));   /* VID 0, PCP 5 */
    cr_assert_eq(cap.n, 2);
    const struct sent *t = sent_on(1);
    cr_assert_eq(t->bytes[14] << 8 | t->bytes[15], 5 << VLAN_PCP_SHIFT | 10);
    cr_assert_eq(sent_vid(sent_on(2)), -1, "priority tag stripped on access egress");
    cr_assert_eq(sent_on(2)->len, 60);
}

Test(bridge, tagged_frame_keeps_its_pcp_across_trunks)
{
    add_trunk(0, NULL, 1, false); add_trunk(1, NULL, 1, false);
    send1(0, make_frame(BCAST, MAC_A, 3 << VLAN_PCP_SHIFT | 200));
    const struct sent *t = sent_on(1);
    cr_assert_eq(t->bytes[14] << 8 | t->bytes[15], 3 << VLAN_PCP_SHIFT | 200);
}

/* Frame shapes. */

Test(bridge, double_tagged_frame_switches_on_the_outer_tag)
{
    add_trunk(0, "100", 1, false); add_access(1, 100); add_access(2, 200);
    send1(0, make_frame2(BCAST, MAC_A, ETH_TYPE_VLAN, 100, ETH_TYPE_VLAN, 200));
    cr_assert_eq(cap.n, 1);
    const struct sent *s = sent_on(1);
    cr_assert_not_null(s);
    /* Outer tag 100 removed; the inner tag 200 is payload and stays. */
    cr_assert_eq(sent_vid(s), 200);
    cr_assert_eq(s->len, 64);
}

Test(bridge, qinq_s_tagged_frame_is_payload_for_an_access_port)
{
    add_access(0, 10); add_trunk(1, "10", 1, false);
    send1(0, make_frame2(BCAST, MAC_A, ETH_TYPE_VLAN_AD, 300, ETH_TYPE_VLAN, 7));
    cr_assert_eq(cap.n, 1);
    const struct sent *s = sent_on(1);
    /* A C-tag 10 goes in front of the untouched S-tag. */
    cr_assert_eq(sent_vid(s), 10);
    cr_assert_eq(s->bytes[16], 0x88);
    cr_assert_eq(s->bytes[17], 0xa8);
    cr_assert_eq(s->len, 72);
}

Test(bridge, runt_is_dropped_and_counted)
{
    add_access(0, 10); add_access(1, 10);
    struct frame *f = make_frame(BCAST, MAC_A, -1);
    f->len = 13;
    send1(0, f);
    cr_assert_eq(cap.n, 0);
    cr_assert_eq(drops(0, BRIDGE_DROP_RUNT), 1);
}

Test(bridge, truncated_tag_is_dropped_and_counted)
{
    add_trunk(0, NULL, 1, false); add_trunk(1, NULL, 1, false);
    struct frame *f = make_frame(BCAST, MAC_A, 10);
    f->len = 16;                                    /* tag cut after the TCI */
    send1(0, f);
    cr_assert_eq(cap.n, 0);
    cr_assert_eq(drops(0, BRIDGE_DROP_TRUNCATED_TAG), 1);
    cr_assert_eq(mac_table_count(bridge_mac_table(br)), 0, "nothing learned from junk");
}

/* IOS's "Received N broadcasts (N multicasts)": counted by destination on
 * the ingress port, unicast in neither, runts in neither. */
Test(bridge, broadcasts_and_multicasts_received_are_counted_by_destination)
{
    add_access(0, 10); add_access(1, 10);
    send1(0, make_frame(BCAST, MAC_A, -1));
    send1(0, make_frame(BCAST, MAC_A, -1));
    send1(0, make_frame(MCAST, MAC_A, -1));
    send1(0, make_frame(MAC_STP, MAC_A, -1));       /* a BPDU: multicast */
    send1(0, make_frame(MAC_B, MAC_A, -1));
    send1(1, make_frame(MAC_A, MAC_B, -1));
    struct frame *runt = make_frame(BCAST, MAC_A, -1);
    runt->len = 13;
    send1(0, runt);

    const struct bridge_port_stats *s = bridge_port_stats(br, 0);
    cr_assert_eq(s->rx_frames, 6);
    cr_assert_eq(s->rx_broadcast, 2);
    cr_assert_eq(s->rx_multicast, 2);
    cr_assert_eq(bridge_port_stats(br, 1)->rx_broadcast, 0, "unicast is neither");
    cr_assert_eq(bridge_port_stats(br, 1)->rx_multicast, 0);
    bridge_port_clear_stats(br, 0);
    cr_assert_eq(bridge_port_stats(br, 0)->rx_broadcast, 0);
    cr_assert_eq(bridge_port_stats(br, 0)->rx_multicast, 0);
}

/* Port state. */

Test(bridge, disabled_port_receives_nothing)
{
    add_access(0, 10); add_access(1, 10);
    cr_assert_eq(bridge_port_set_enabled(br, 0, false), 0);
    send1(0, make_frame(BCAST, MAC_A, -1));
    cr_assert_eq(cap.n, 0);
    cr_assert_eq(drops(0, BRIDGE_DROP_PORT_DISABLED), 1);
    cr_assert_eq(mac_table_count(bridge_mac_table(br)), 0);
}

Test(bridge, disabled_port_sends_nothing)
{
    add_access(0, 10); add_access(1, 10); add_access(2, 10);
    cr_assert_eq(mac_table_add_static(bridge_mac_table(br), 10, MAC_B, 2), 0);
    cr_assert_eq(bridge_port_set_enabled(br, 2, false), 0);
    send1(0, make_frame(BCAST, MAC_A, -1));
    cr_assert_eq(cap.n, 1);
    cr_assert_null(sent_on(2));
    send1(0, make_frame(MAC_B, MAC_A, -1));
    cr_assert_eq(cap.n, 0);
    cr_assert_eq(drops(0, BRIDGE_DROP_DST_DISABLED), 1);
    cr_assert_eq(bridge_port_set_enabled(br, 2, true), 0);
    send1(0, make_frame(MAC_B, MAC_A, -1));
    cr_assert_eq(cap.n, 1);
}

Test(bridge, shutting_a_port_down_flushes_its_dynamic_macs)
{
    add_access(0, 10); add_access(1, 10);
    send1(1, make_frame(BCAST, MAC_B, -1));
    send1(1, make_frame(BCAST, MAC_C, -1));
    cr_assert_eq(mac_table_add_static(bridge_mac_table(br), 10, MAC_A, 1), 0);
    cr_assert_eq(mac_table_count(bridge_mac_table(br)), 3);
    bridge_port_set_enabled(br, 1, false);
    cr_assert_eq(mac_table_count(bridge_mac_table(br)), 1, "the static entry stays");
}

Test(bridge, new_vlan_policy_flushes_the_port_macs_and_moves_its_traffic)
{
    struct vlan_port p;

    add_access(0, 10); add_access(1, 10); add_access(2, 20);
    send1(1, make_frame(BCAST, MAC_B, -1));
    vlan_port_init_access(&p, 20);
    cr_assert_eq(bridge_port_set_vlan(br, 1, &p), 0);
    cr_assert_eq(mac_table_count(bridge_mac_table(br)), 0);
    send1(2, make_frame(BCAST, MAC_C, -1));
    cr_assert_eq(cap.n, 1);
    cr_assert_eq(cap.sent[0].port, 1, "port 1 is in VLAN 20 now");
}

Test(bridge, port_management_errors)
{
    struct vlan_port bad;

    vlan_port_init_access(&bad, 4095);
    cr_assert_eq(bridge_port_add(br, 16, NULL), ERANGE);
    cr_assert_eq(bridge_port_add(br, 3, &bad), EINVAL);
    cr_assert_not(bridge_port_exists(br, 3));
    cr_assert_eq(bridge_port_add(br, 3, NULL), 0);
    cr_assert_eq(bridge_port_add(br, 3, NULL), EEXIST);
    cr_assert_eq(bridge_port_set_vlan(br, 3, &bad), EINVAL);
    cr_assert_eq(bridge_port_vlan(br, 3)->mode, VLAN_MODE_TRUNK, "bad policy not applied");
    cr_assert_eq(bridge_port_remove(br, 4), ENOENT);
    cr_assert_eq(bridge_port_set_enabled(br, 4, false), ENOENT);
    cr_assert_null(bridge_port_stats(br, 4));
    cr_assert_eq(bridge_port_remove(br, 3), 0);
    cr_assert_not(bridge_port_exists(br, 3));
}

Test(bridge, removing_a_port_removes_its_static_macs_and_queued_frames)
{
    add_access(0, 10); add_access(1, 10); add_access(2, 10);
    cr_assert_eq(mac_table_add_static(bridge_mac_table(br), 10, MAC_B, 1), 0);
    struct frame *f = make_frame(BCAST, MAC_A, -1);
    bridge_input(br, 0, &f, 1, 0);                  /* queued for 1 and 2 */
    cr_assert_eq(bridge_port_remove(br, 1), 0);
    bridge_tx_flush(br, collect_tx, &cap);
    cr_assert_eq(cap.n, 1);
    cr_assert_eq(cap.sent[0].port, 2);
    uint16_t port;
    cr_assert_not(mac_table_lookup(bridge_mac_table(br), 10, MAC_B, &port));
}

Test(bridge, frames_for_an_unknown_port_are_counted)
{
    struct frame *f = make_frame(BCAST, MAC_A, -1);

    bridge_input(br, 7, &f, 1, 0);
    cr_assert_eq(bridge_unknown_port_drops(br), 1);
}

/* Batches, queues, counters. */

static unsigned flush_calls;
static unsigned flush_sizes[16];

static void
count_flushes(uint16_t port_no, const struct bridge_tx *items, unsigned n, void *arg)
{
    flush_calls++;
    flush_sizes[port_no] = n;
    collect_tx(port_no, items, n, arg);
}

Test(bridge, batch_is_queued_per_port_and_flushed_once)
{
    struct frame *batch[3];

    add_access(0, 10); add_access(1, 10); add_access(2, 10);
    send1(1, make_frame(BCAST, MAC_B, -1));         /* B learned on 1 */
    batch[0] = make_frame(BCAST, MAC_A, -1);        /* flood -> 1, 2 */
    batch[1] = make_frame(MAC_B, MAC_A, -1);        /* known -> 1 */
    batch[2] = make_frame(MAC_C, MAC_A, -1);        /* unknown -> 1, 2 */
    memset(&cap, 0, sizeof cap);
    bridge_input(br, 0, batch, 3, 0);
    bridge_tx_flush(br, count_flushes, &cap);
    cr_assert_eq(flush_calls, 2, "one callback per port, not per frame");
    cr_assert_eq(flush_sizes[1], 3);
    cr_assert_eq(flush_sizes[2], 2);
    cr_assert_eq(cap.sent[0].port, 1, "ports in the order they first got a frame");
    memset(&cap, 0, sizeof cap);
    bridge_tx_flush(br, collect_tx, &cap);
    cr_assert_eq(cap.n, 0, "queues are empty after a flush");
}

Test(bridge, full_tx_queue_drops_are_counted)
{
    struct frame *batch[BRIDGE_BATCH_MAX + 1];

    add_access(0, 10); add_access(1, 10);
    for (unsigned i = 0; i <= BRIDGE_BATCH_MAX; i++)
        batch[i] = make_frame(BCAST, MAC_A, -1);
    bridge_input(br, 0, batch, BRIDGE_BATCH_MAX + 1, 0);
    cr_assert_eq(drops(0, BRIDGE_DROP_TX_QUEUE_FULL), 1);
    cr_assert_eq(bridge_port_stats(br, 1)->tx_frames, BRIDGE_BATCH_MAX);
    bridge_tx_flush(br, collect_tx, &cap);
    cr_assert_eq(cap.n, MAX_SENT);
}

Test(bridge, counters_count_frames_and_bytes_as_sent)
{
    add_access(0, 10); add_trunk(1, "10", 1, false);
    send1(0, make_frame(BCAST, MAC_A, -1));
    send1(1, make_frame(BCAST, MAC_B, 10));
    send1(1, make_frame(BCAST, MAC_B, 99));        /* dropped */
    const struct bridge_port_stats *s0 = bridge_port_stats(br, 0);
    const struct bridge_port_stats *s1 = bridge_port_stats(br, 1);
    cr_assert_eq(s0->rx_frames, 1);
    cr_assert_eq(s0->rx_bytes, 60);
    cr_assert_eq(s0->tx_frames, 1);
    cr_assert_eq(s0->tx_bytes, 60, "tag removed on the access port");
    cr_assert_eq(s1->rx_frames, 2);
    cr_assert_eq(s1->rx_bytes, 128);
    cr_assert_eq(s1->tx_frames, 1);
    cr_assert_eq(s1->tx_bytes, 64, "tag added on the trunk");
    cr_assert_eq(s1->drops[BRIDGE_DROP_VLAN_NOT_ALLOWED], 1);
    bridge_port_clear_stats(br, 1);
    cr_assert_eq(bridge_port_stats(br, 1)->rx_frames, 0);
}

Test(bridge, every_drop_reason_has_its_own_name)
{
    for (int i = 0; i < BRIDGE_N_DROPS; i++) {
        cr_assert_str_neq(bridge_drop_name(i), "unknown");
        for (int j = 0; j < i; j++)
            cr_assert_str_neq(bridge_drop_name(i), bridge_drop_name(j));
    }
}

/* Memory that follows use (docs/security.md section 7). */

/* A bridge's MAC table starts small and grows by bridge_reserve(), which
 * the daemon calls before each batch: then every source is learnt.  With no
 * room made, a source past the pool is not learnt, and its frame is still
 * forwarded (never an eviction below the table's maximum). */
Test(bridge, the_mac_table_grows_by_bridge_reserve)
{
    struct bridge_config cfg = { .max_ports = 4, .mac_table_size = 1000 };
    struct bridge *b = bridge_create(&cfg);
    struct frame *f;
    uint8_t src[6] = { 0x52, 0x54, 0, 0, 0, 0 };

    cr_assert_not_null(b);
    cr_assert_eq(bridge_port_add(b, 0, NULL), 0);
    cr_assert_eq(bridge_port_add(b, 1, NULL), 0);
    cr_assert_eq(mac_table_capacity(bridge_mac_table(b)), MAC_TABLE_INITIAL);
    for (unsigned i = 0; i < MAC_TABLE_INITIAL + 10; i++) {
        src[4] = i >> 8; src[5] = i;
        f = make_frame(BCAST, src, -1);
        rx.n = 0;
        memset(&cap, 0, sizeof cap);
        bridge_input(b, 0, &f, 1, 0);
        bridge_tx_flush(b, collect_tx, &cap);
        cr_assert_eq(cap.n, 1, "frame %u not forwarded", i);
    }
    cr_assert_eq(mac_table_count(bridge_mac_table(b)), MAC_TABLE_INITIAL);
    for (unsigned i = MAC_TABLE_INITIAL; i < 1000; i++) {
        src[4] = i >> 8; src[5] = i;
        f = make_frame(BCAST, src, -1);
        rx.n = 0;
        memset(&cap, 0, sizeof cap);
        cr_assert_eq(bridge_reserve(b, 1), 0);
        bridge_input(b, 1, &f, 1, 0);
        bridge_tx_flush(b, collect_tx, &cap);
    }
    cr_assert_eq(mac_table_count(bridge_mac_table(b)), 1000);
    cr_assert_eq(mac_table_capacity(bridge_mac_table(b)), 1000);
    bridge_destroy(b);
}

/* The ofport map (a hash now) answers both ways through adds, removals
 * and renumbering, on a bridge of 1024 port slots. */
Test(bridge, ofports_map_both_ways_through_churn)
{
    struct bridge_config cfg = { .max_ports = 1024, .mac_table_size = 16 };
    struct bridge *b = bridge_create(&cfg);
    static uint16_t model[1024];            /* port -> ofport, 0: none or no port */
    uint16_t port;

    cr_assert_not_null(b);
    cr_assert_eq(bridge_port_reserve(b, 1000), 0);
    for (uint16_t p = 0; p < 1000; p++) {
        cr_assert_eq(bridge_port_add(b, p, NULL), 0);
        model[p] = (uint16_t) (p * 61 + 1);
        cr_assert_eq(bridge_port_set_ofport(b, p, model[p]), 0);
    }
    for (uint16_t p = 0; p < 1000; p += 3) {
        cr_assert_eq(bridge_port_remove(b, p), 0);
        model[p] = 0;
    }
    for (uint16_t p = 1; p < 1000; p += 3) {
        uint16_t ofport = (uint16_t) (62000 + p);
        cr_assert_eq(bridge_port_set_ofport(b, p, ofport), 0);
        model[p] = ofport;
    }
    /* A taken number is refused; a port may keep its own. */
    cr_assert_eq(bridge_port_set_ofport(b, 2, model[1]), EEXIST);
    cr_assert_eq(bridge_port_set_ofport(b, 2, model[2]), 0);
    for (uint16_t p = 0; p < 1000; p++) {
        cr_assert_eq(bridge_port_ofport(b, p), model[p], "port %u", p);
        if (model[p]) {
            cr_assert(bridge_port_by_ofport(b, model[p], &port), "ofport %u", model[p]);
            cr_assert_eq(port, p);
        }
    }
    for (uint16_t p = 0; p < 1000; p += 3)
        cr_assert_not(bridge_port_by_ofport(b, (uint16_t) (p * 61 + 1), &port),
                      "removed port %u still has its ofport", p);
    cr_assert_not(bridge_port_by_ofport(b, 0, &port));
    cr_assert_not(bridge_port_by_ofport(b, FLOW_OFPORT_MAX + 1, &port));
    bridge_destroy(b);
}

/* Ports set aside by bridge_port_reserve() are used by bridge_port_add()
 * and freed with the bridge when not. */
Test(bridge, reserved_ports_are_used_or_freed)
{
    cr_assert_eq(bridge_port_reserve(br, 3), 0);
    cr_assert_eq(bridge_port_reserve(br, 2), 0, "already set aside");
    add_access(0, 10);
    add_access(1, 10);
    send1(0, make_frame(BCAST, MAC_A, -1));
    cr_assert_eq(cap.n, 1);
    cr_assert_eq(bridge_port_remove(br, 0), 0);
    add_access(0, 20);
    cr_assert_eq(bridge_port_vlan(br, 0)->access_vid, 20);
    cr_assert_eq(bridge_port_stats(br, 0)->rx_frames, 0, "a new port starts from zero");
}
