/* The flow table in front of NORMAL (docs/design.md section 5.2): each test
 * is one rule, checked on the exact bytes egress sends (bridge_tx_header()
 * plus the rest of the frame, as switchd's ports send them) and on the
 * counters. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bridge.h"
#include "util.h"

#define MAX_SENT 1100
#define PAYLOAD_LEN 46                  /* makes an untagged frame 60 bytes */

struct sent {
    uint16_t port;
    const struct frame *frame;          /* the received frame it points at */
    uint8_t bytes[128];
    uint32_t len;
    bool tun_id_set;                    /* the item's rewrite says set_tunnel ran */
    uint32_t tun_id;
};

static struct {
    struct sent sent[MAX_SENT];
    unsigned n;
} cap;

static struct {
    uint8_t buf[BRIDGE_BATCH_MAX * 2 + 8][FRAME_HEADROOM + 128];
    struct frame frames[BRIDGE_BATCH_MAX * 2 + 8];
    unsigned n;
} rx;

static struct bridge *br;

static const uint8_t MAC_A[6] = { 0x52, 0x54, 0, 0, 0, 0x0a };
static const uint8_t MAC_B[6] = { 0x52, 0x54, 0, 0, 0, 0x0b };
static const uint8_t MAC_X[6] = { 0x02, 0, 0, 0, 0, 0x99 };
static const uint8_t BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static void
setup(void)
{
    struct bridge_config cfg = { .max_ports = 32, .mac_table_size = 64 };

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

TestSuite(bridge_flows, .init = setup, .fini = teardown);

/* Ports and flows. */

static void
port_access(uint16_t port, uint16_t ofport, uint16_t vid)
{
    struct vlan_port p;

    vlan_port_init_access(&p, vid);
    cr_assert_eq(bridge_port_add(br, port, &p), 0);
    cr_assert_eq(bridge_port_set_ofport(br, port, ofport), 0);
}

/* A trunk carrying every VLAN, native 'native' (0 = none). */
static void
port_trunk(uint16_t port, uint16_t ofport, uint16_t native)
{
    struct vlan_port p;

    vlan_port_init_default(&p);
    p.native_vid = native;
    cr_assert_eq(bridge_port_add(br, port, &p), 0);
    cr_assert_eq(bridge_port_set_ofport(br, port, ofport), 0);
}

static void
flows(const char *const *texts, size_t n)
{
    bridge_flow_clear(br);
    for (size_t i = 0; i < n; i++) {
        struct err_msg err;
        struct flow f;

        cr_assert(flow_parse_add(texts[i], &f, &err), "%s: %s", texts[i], err.text);
        cr_assert_eq(bridge_flow_add(br, &f, 0), 0);
    }
}

#define FLOWS(...) do { \
        static const char *const flows_[] = { __VA_ARGS__ }; \
        flows(flows_, ARRAY_SIZE(flows_)); \
    } while (0)

/* Frames. */

struct tag {
    uint16_t tpid, tci;
};

/* Writes dst, src, 'n_tags' tags, EtherType 0x0800 and a fixed payload
 * into 'out'; returns the length. */
static uint32_t
build(uint8_t *out, const uint8_t *dst, const uint8_t *src, const struct tag *tags,
      unsigned n_tags)
{
    uint32_t len = 12;

    memcpy(out, dst, 6);
    memcpy(out + 6, src, 6);
    for (unsigned i = 0; i < n_tags; i++) {
        out[len++] = tags[i].tpid >> 8;
        out[len++] = tags[i].tpid & 0xff;
        out[len++] = tags[i].tci >> 8;
        out[len++] = tags[i].tci & 0xff;
    }
    out[len++] = 0x08;
    out[len++] = 0x00;
    for (unsigned i = 0; i < PAYLOAD_LEN; i++)
        out[len++] = i;
    return len;
}

static struct frame *
frame(const uint8_t *dst, const uint8_t *src, const struct tag *tags, unsigned n_tags)
{
    struct frame *f = &rx.frames[rx.n];
    uint8_t *d = rx.buf[rx.n++] + FRAME_HEADROOM;

    cr_assert_leq(rx.n, ARRAY_SIZE(rx.frames));
    f->data = d;
    f->len = build(d, dst, src, tags, n_tags);
    f->headroom = FRAME_HEADROOM;
    memset(&f->tun, 0, sizeof f->tun);
    return f;
}

#define TAGS(...) ((const struct tag[]) { __VA_ARGS__ }), \
                  sizeof ((const struct tag[]) { __VA_ARGS__ }) / sizeof (struct tag)
#define NO_TAGS NULL, 0
#define C(tci) { ETH_TYPE_VLAN, (tci) }
#define S(tci) { ETH_TYPE_VLAN_AD, (tci) }

static void
collect_tx(uint16_t port_no, const struct bridge_tx *items, unsigned n, void *arg)
{
    (void) arg;
    for (unsigned i = 0; i < n; i++) {
        struct sent *s = &cap.sent[cap.n++];
        uint32_t rest;
        uint32_t hlen = bridge_tx_header(&items[i], s->bytes, &rest);

        cr_assert_leq(cap.n, MAX_SENT);
        cr_assert_leq(hlen, BRIDGE_TX_HEADER_MAX);
        cr_assert_leq(rest, items[i].frame->len);
        s->port = port_no;
        s->frame = items[i].frame;
        memcpy(s->bytes + hlen, items[i].frame->data + rest, items[i].frame->len - rest);
        s->len = hlen + items[i].frame->len - rest;
        s->tun_id_set = items[i].rw && items[i].rw->tun_id_set;
        s->tun_id = items[i].rw ? items[i].rw->tun_id : 0;
    }
}

static void
send_at(uint16_t port, struct frame *f, int64_t now)
{
    memset(&cap, 0, sizeof cap);
    bridge_input(br, port, &f, 1, now);
    bridge_tx_flush(br, collect_tx, NULL);
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

/* Asserts that 'port' sent exactly the frame with these addresses and tags
 * (and the standard payload). */
static void
expect_sent(uint16_t port, const uint8_t *dst, const uint8_t *src, const struct tag *tags,
            unsigned n_tags)
{
    const struct sent *s = sent_on(port);
    uint8_t want[128];
    uint32_t len = build(want, dst, src, tags, n_tags);

    cr_assert_not_null(s, "nothing sent on port %u", port);
    cr_assert_eq(s->len, len, "port %u sent %u bytes, want %u", port, s->len, len);
    cr_assert(!memcmp(s->bytes, want, len), "port %u sent other bytes", port);
    cr_assert_eq(bridge_port_stats(br, port)->tx_bytes >= len, true);
}

static uint64_t
drops(uint16_t port, enum bridge_drop reason)
{
    return bridge_port_stats(br, port)->drops[reason];
}

/* The flows with their counters, highest priority first. */
static size_t
dump(struct bridge_flow_info *info, size_t max)
{
    return bridge_flow_collect(br, NULL, info, max);
}

/* The default table. */

Test(bridge_flows, new_bridge_has_the_catch_all_normal_flow_and_counts_on_it)
{
    struct bridge_flow_info info[2];
    char text[FLOW_STR_MAX];

    port_access(0, 1, 10);
    port_access(1, 2, 10);
    cr_assert_eq(dump(info, 2), 1);
    flow_format(&info[0].flow, text, sizeof text);
    cr_assert_str_eq(text, "priority=0 actions=NORMAL");

    send1(0, frame(BCAST, MAC_A, NO_TAGS));
    send1(1, frame(MAC_A, MAC_B, NO_TAGS));
    expect_sent(0, MAC_A, MAC_B, NO_TAGS);
    dump(info, 2);
    cr_assert_eq(info[0].stats.n_packets, 2);
    cr_assert_eq(info[0].stats.n_bytes, 120);
    cr_assert_eq(info[0].stats.used_ms, 1000);
}

Test(bridge_flows, no_matching_flow_is_a_counted_table_miss)
{
    port_access(0, 1, 10);
    port_access(1, 2, 10);
    FLOWS("priority=5,in_port=2 actions=NORMAL");
    send1(0, frame(BCAST, MAC_A, NO_TAGS));
    cr_assert_eq(cap.n, 0);
    cr_assert_eq(drops(0, BRIDGE_DROP_TABLE_MISS), 1);
    cr_assert_eq(drops(0, BRIDGE_DROP_FLOW_DROP), 0);

    bridge_flow_clear(br);
    send1(1, frame(BCAST, MAC_A, NO_TAGS));
    cr_assert_eq(drops(1, BRIDGE_DROP_TABLE_MISS), 1, "an empty table drops everything");
}

Test(bridge_flows, explicit_drop_counts_under_its_own_reason)
{
    struct bridge_flow_info info[1];

    port_access(0, 1, 10);
    port_access(1, 2, 10);
    FLOWS("actions=drop");
    send1(0, frame(BCAST, MAC_A, NO_TAGS));
    cr_assert_eq(cap.n, 0);
    cr_assert_eq(drops(0, BRIDGE_DROP_FLOW_DROP), 1);
    cr_assert_eq(drops(0, BRIDGE_DROP_TABLE_MISS), 0);
    dump(info, 1);
    cr_assert_eq(info[0].stats.n_packets, 1, "the dropping flow counts the frame");

    /* Actions that only modify send nowhere either. */
    FLOWS("actions=mod_vlan_vid:5");
    send1(0, frame(BCAST, MAC_A, NO_TAGS));
    cr_assert_eq(drops(0, BRIDGE_DROP_FLOW_DROP), 2);
}

/* The OpenStack agent's flows (docs/design.md section 1.1, user 3), verbatim. */

static uint64_t
packets_of(const struct bridge_flow_info *info, size_t n, uint16_t priority)
{
    for (size_t i = 0; i < n; i++)
        if (info[i].flow.priority == priority)
            return info[i].stats.n_packets;
    cr_assert_fail("no flow at priority %u", priority);
    return 0;
}

Test(bridge_flows, openstack_br_eth1_translates_local_vlan_1_to_provider_vlan_100)
{
    struct bridge_flow_info info[4];

    /* phy-br-eth1 (ofport 1) faces br-int, eth1 (ofport 2) the wire. */
    port_trunk(0, 1, 0);
    port_trunk(1, 2, 0);
    FLOWS("priority=4,in_port=1,dl_vlan=1 actions=mod_vlan_vid:100,NORMAL",
          "priority=2,in_port=1 actions=drop",
          "priority=1 actions=NORMAL");

    /* Local VLAN 1 from br-int leaves on the wire as VLAN 100, PCP kept. */
    send1(0, frame(BCAST, MAC_A, TAGS(C(0x6001))));
    cr_assert_eq(cap.n, 1);
    expect_sent(1, BCAST, MAC_A, TAGS(C(0x6064)));
    uint16_t port;
    cr_assert(mac_table_lookup(bridge_mac_table(br), 100, MAC_A, &port) && port == 0,
              "learned in VLAN 100, where NORMAL saw the frame");

    /* Any other frame from br-int is dropped by the priority-2 flow. */
    send1(0, frame(BCAST, MAC_A, TAGS(C(2))));
    send1(0, frame(BCAST, MAC_A, NO_TAGS));
    cr_assert_eq(cap.n, 0);
    cr_assert_eq(drops(0, BRIDGE_DROP_FLOW_DROP), 2);

    /* The wire's VLAN 100 reaches br-int untranslated (priority 1, NORMAL):
     * br-int's flows translate it back. */
    send1(1, frame(MAC_A, MAC_B, TAGS(C(100))));
    expect_sent(0, MAC_A, MAC_B, TAGS(C(100)));

    cr_assert_eq(dump(info, 4), 3);
    cr_assert_eq(packets_of(info, 3, 4), 1);
    cr_assert_eq(packets_of(info, 3, 2), 2);
    cr_assert_eq(packets_of(info, 3, 1), 1);
    cr_assert_eq(info[0].stats.n_bytes, 64, "bytes as received, tag included");
}

Test(bridge_flows, openstack_br_int_translates_provider_vlan_100_to_local_vlan_1)
{
    struct bridge_flow_info info[4];

    /* int-br-eth1 (ofport 6) faces br-eth1; vm1 (ofport 1) is in local VLAN 1. */
    port_trunk(0, 6, 0);
    port_access(1, 1, 1);
    port_access(2, 2, 2);
    FLOWS("priority=3,in_port=6,dl_vlan=100 actions=mod_vlan_vid:1,NORMAL",
          "priority=2,in_port=6 actions=drop",
          "priority=1 actions=NORMAL");

    send1(0, frame(BCAST, MAC_B, TAGS(C(100))));
    cr_assert_eq(cap.n, 1, "only the VLAN 1 port gets it");
    expect_sent(1, BCAST, MAC_B, NO_TAGS);

    /* The VM answers: NORMAL tags it with local VLAN 1 towards br-eth1. */
    send1(1, frame(MAC_B, MAC_A, NO_TAGS));
    cr_assert_eq(cap.n, 1);
    expect_sent(0, MAC_B, MAC_A, TAGS(C(1)));

    /* Provider VLANs without a translation flow stop at br-int. */
    send1(0, frame(BCAST, MAC_B, TAGS(C(200))));
    cr_assert_eq(cap.n, 0);

    cr_assert_eq(dump(info, 4), 3);
    cr_assert_eq(packets_of(info, 3, 3), 1);
    cr_assert_eq(packets_of(info, 3, 2), 1);
    cr_assert_eq(packets_of(info, 3, 1), 1);
}

Test(bridge_flows, mod_vlan_vid_then_normal_is_admitted_into_the_new_vlan)
{
    /* An access port in VLAN 10 would drop a tagged frame; after
     * mod_vlan_vid its admission sees VLAN 20, which the trunk carries. */
    port_trunk(0, 1, 0);
    port_access(1, 2, 20);
    port_access(2, 3, 30);
    FLOWS("in_port=1 actions=mod_vlan_vid:20,NORMAL");
    send1(0, frame(BCAST, MAC_A, TAGS(C(30))));
    cr_assert_eq(cap.n, 1);
    expect_sent(1, BCAST, MAC_A, NO_TAGS);

    /* Untagged in: mod_vlan_vid pushes a tag, NORMAL admits VLAN 20. */
    send1(0, frame(BCAST, MAC_B, NO_TAGS));
    cr_assert_eq(cap.n, 1);
    expect_sent(1, BCAST, MAC_B, NO_TAGS);

    /* The port's policy still applies to the new VLAN. */
    FLOWS("in_port=1 actions=mod_vlan_vid:20,NORMAL");
    struct vlan_port trunk_10;
    vlan_port_init_default(&trunk_10);
    vlan_set_clear(&trunk_10.allowed);
    vlan_set_add(&trunk_10.allowed, 10);
    trunk_10.native_vid = 0;
    cr_assert_eq(bridge_port_set_vlan(br, 0, &trunk_10), 0);
    send1(0, frame(BCAST, MAC_A, TAGS(C(10))));
    cr_assert_eq(cap.n, 0);
    cr_assert_eq(drops(0, BRIDGE_DROP_VLAN_NOT_ALLOWED), 1);
}

/* Outputs without VLAN policy. */

Test(bridge_flows, output_sends_the_frame_as_the_actions_left_it)
{
    port_trunk(0, 1, 1);
    port_access(1, 2, 10);             /* would never send VLAN 99 tagged */
    port_access(2, 3, 10);
    FLOWS("in_port=1 actions=output:2");
    send1(0, frame(MAC_B, MAC_A, TAGS(C(99))));
    cr_assert_eq(cap.n, 1);
    expect_sent(1, MAC_B, MAC_A, TAGS(C(99)));
    cr_assert_eq(cap.sent[0].frame, &rx.frames[rx.n - 1], "points at the received frame");

    FLOWS("in_port=1 actions=3,2");
    send1(0, frame(MAC_B, MAC_A, TAGS(S(5), C(7))));
    cr_assert_eq(cap.n, 2);
    expect_sent(1, MAC_B, MAC_A, TAGS(S(5), C(7)));
    expect_sent(2, MAC_B, MAC_A, TAGS(S(5), C(7)));
    cr_assert_eq(cap.sent[0].port, 2, "in action order");
}

Test(bridge_flows, output_to_the_ingress_port_needs_in_port)
{
    port_trunk(0, 1, 1);
    port_trunk(1, 2, 1);
    FLOWS("in_port=1 actions=output:1");
    send1(0, frame(MAC_B, MAC_A, TAGS(C(5))));
    cr_assert_eq(cap.n, 0);
    cr_assert_eq(drops(0, BRIDGE_DROP_SAME_PORT), 1);

    FLOWS("in_port=1 actions=IN_PORT");
    send1(0, frame(MAC_B, MAC_A, TAGS(C(5))));
    cr_assert_eq(cap.n, 1);
    expect_sent(0, MAC_B, MAC_A, TAGS(C(5)));
}

Test(bridge_flows, output_to_a_missing_or_disabled_port_is_counted)
{
    port_trunk(0, 1, 1);
    port_trunk(1, 2, 1);
    FLOWS("actions=output:9");
    send1(0, frame(MAC_B, MAC_A, NO_TAGS));
    cr_assert_eq(drops(0, BRIDGE_DROP_OUTPUT_NO_PORT), 1);

    FLOWS("actions=output:2");
    cr_assert_eq(bridge_port_set_enabled(br, 1, false), 0);
    send1(0, frame(MAC_B, MAC_A, NO_TAGS));
    cr_assert_eq(cap.n, 0);
    cr_assert_eq(drops(0, BRIDGE_DROP_DST_DISABLED), 1);

    /* A port without an OpenFlow number cannot be named. */
    cr_assert_eq(bridge_port_set_ofport(br, 1, 0), 0);
    cr_assert_eq(bridge_port_set_enabled(br, 1, true), 0);
    send1(0, frame(MAC_B, MAC_A, NO_TAGS));
    cr_assert_eq(drops(0, BRIDGE_DROP_OUTPUT_NO_PORT), 2);
}

Test(bridge_flows, flood_and_all_reach_every_other_enabled_port_whatever_its_vlan)
{
    port_trunk(0, 1, 1);
    port_access(1, 2, 10);
    port_access(2, 3, 20);
    port_access(3, 4, 30);
    cr_assert_eq(bridge_port_set_enabled(br, 3, false), 0);
    FLOWS("actions=FLOOD");
    send1(0, frame(BCAST, MAC_A, TAGS(C(77))));
    cr_assert_eq(cap.n, 2);
    expect_sent(1, BCAST, MAC_A, TAGS(C(77)));
    expect_sent(2, BCAST, MAC_A, TAGS(C(77)));
    cr_assert_null(sent_on(0), "not back to the ingress port");
    cr_assert_null(sent_on(3), "not to a disabled port");

    FLOWS("actions=ALL");
    send1(1, frame(BCAST, MAC_B, NO_TAGS));
    cr_assert_eq(cap.n, 2);
    expect_sent(0, BCAST, MAC_B, NO_TAGS);
    expect_sent(2, BCAST, MAC_B, NO_TAGS);

    /* Alone on the bridge, a flood has nowhere to go. */
    cr_assert_eq(bridge_port_set_enabled(br, 0, false), 0);
    cr_assert_eq(bridge_port_set_enabled(br, 2, false), 0);
    send1(1, frame(BCAST, MAC_B, NO_TAGS));
    cr_assert_eq(drops(1, BRIDGE_DROP_NO_PORT), 1);
}

/* Tag and address rewrites. */

Test(bridge_flows, strip_vlan_removes_the_outer_tag_of_any_tpid)
{
    port_trunk(0, 1, 1);
    port_trunk(1, 2, 1);
    FLOWS("actions=strip_vlan,output:2");
    send1(0, frame(MAC_B, MAC_A, TAGS(C(10))));
    expect_sent(1, MAC_B, MAC_A, NO_TAGS);
    send1(0, frame(MAC_B, MAC_A, TAGS(C(10), C(20))));
    expect_sent(1, MAC_B, MAC_A, TAGS(C(20)));
    send1(0, frame(MAC_B, MAC_A, TAGS(S(10), C(20))));
    expect_sent(1, MAC_B, MAC_A, TAGS(C(20)));
    send1(0, frame(MAC_B, MAC_A, NO_TAGS));
    expect_sent(1, MAC_B, MAC_A, NO_TAGS);

    FLOWS("actions=pop_vlan,pop_vlan,output:2");
    send1(0, frame(MAC_B, MAC_A, TAGS(S(10), C(20))));
    expect_sent(1, MAC_B, MAC_A, NO_TAGS);
}

Test(bridge_flows, push_vlan_copies_the_outer_tci)
{
    port_trunk(0, 1, 1);
    port_trunk(1, 2, 1);
    FLOWS("actions=push_vlan:0x8100,output:2");
    send1(0, frame(MAC_B, MAC_A, NO_TAGS));
    expect_sent(1, MAC_B, MAC_A, TAGS(C(0)));
    send1(0, frame(MAC_B, MAC_A, TAGS(C(0x6000 | 10))));
    expect_sent(1, MAC_B, MAC_A, TAGS(C(0x6000 | 10), C(0x6000 | 10)));

    /* QinQ: an S-tag over the customer's tag, then its own VID. */
    FLOWS("actions=push_vlan:0x88a8,output:2");
    send1(0, frame(MAC_B, MAC_A, TAGS(C(10))));
    expect_sent(1, MAC_B, MAC_A, TAGS(S(10), C(10)));
}

Test(bridge_flows, mod_vlan_vid_and_pcp_push_a_tag_when_there_is_none)
{
    port_trunk(0, 1, 1);
    port_trunk(1, 2, 1);
    FLOWS("actions=mod_vlan_vid:42,output:2");
    send1(0, frame(MAC_B, MAC_A, NO_TAGS));
    expect_sent(1, MAC_B, MAC_A, TAGS(C(42)));
    send1(0, frame(MAC_B, MAC_A, TAGS(C(0xa000 | 7))));
    expect_sent(1, MAC_B, MAC_A, TAGS(C(0xa000 | 42)));     /* PCP kept */
    /* An S-tag is not the 802.1Q tag: a C-tag goes in front of it. */
    send1(0, frame(MAC_B, MAC_A, TAGS(S(5))));
    expect_sent(1, MAC_B, MAC_A, TAGS(C(42), S(5)));

    FLOWS("actions=mod_vlan_pcp:5,output:2");
    send1(0, frame(MAC_B, MAC_A, NO_TAGS));
    expect_sent(1, MAC_B, MAC_A, TAGS(C(0xa000)));
    send1(0, frame(MAC_B, MAC_A, TAGS(C(0x2000 | 9))));
    expect_sent(1, MAC_B, MAC_A, TAGS(C(0xa000 | 9)));
}

Test(bridge_flows, mod_dl_src_and_dst_rewrite_the_addresses)
{
    port_trunk(0, 1, 1);
    port_trunk(1, 2, 1);
    FLOWS("actions=mod_dl_src:02:00:00:00:00:99,mod_dl_dst:52:54:00:00:00:0a,output:2");
    send1(0, frame(MAC_B, MAC_A, TAGS(C(3))));
    expect_sent(1, MAC_A, MAC_X, TAGS(C(3)));
    cr_assert_eq(bridge_port_stats(br, 1)->tx_bytes, 64);
}

Test(bridge_flows, each_output_carries_the_rewrites_of_its_moment)
{
    for (uint16_t p = 0; p < 5; p++)
        port_trunk(p, p + 1, 1);
    FLOWS("actions=output:2,mod_dl_dst:02:00:00:00:00:99,mod_vlan_vid:20,output:3,"
          "mod_dl_src:52:54:00:00:00:0b,output:4,strip_vlan,output:5");
    struct frame *f = frame(MAC_B, MAC_A, TAGS(C(10)));
    send1(0, f);
    cr_assert_eq(cap.n, 4);
    expect_sent(1, MAC_B, MAC_A, TAGS(C(10)));
    expect_sent(2, MAC_X, MAC_A, TAGS(C(20)));
    expect_sent(3, MAC_X, MAC_B, TAGS(C(20)));
    expect_sent(4, MAC_X, MAC_B, NO_TAGS);
    for (unsigned i = 0; i < cap.n; i++)
        cr_assert_eq(cap.sent[i].frame, f, "no copies: every item points at the frame");
    cr_assert_eq(f->data[15], 10, "the received frame itself is untouched");
}

Test(bridge_flows, normal_after_push_vlan_keeps_the_inner_tag)
{
    port_trunk(0, 1, 0);
    port_access(1, 2, 20);
    port_trunk(2, 3, 0);
    FLOWS("in_port=1 actions=push_vlan:0x8100,mod_vlan_vid:20,NORMAL");
    send1(0, frame(BCAST, MAC_A, TAGS(C(7))));
    cr_assert_eq(cap.n, 2);
    expect_sent(1, BCAST, MAC_A, TAGS(C(7)));   /* the access port pops VLAN 20 only */
    expect_sent(2, BCAST, MAC_A, TAGS(C(20), C(7)));
}

Test(bridge_flows, normal_learns_and_forwards_rewritten_addresses)
{
    port_access(0, 1, 10);
    port_access(1, 2, 10);
    port_access(2, 3, 10);
    FLOWS("in_port=1 actions=mod_dl_src:02:00:00:00:00:99,NORMAL", "actions=NORMAL");
    send1(0, frame(BCAST, MAC_A, NO_TAGS));
    cr_assert_eq(cap.n, 2);
    expect_sent(1, BCAST, MAC_X, NO_TAGS);
    uint16_t port;
    cr_assert(mac_table_lookup(bridge_mac_table(br), 10, MAC_X, &port) && port == 0);
    cr_assert_not(mac_table_lookup(bridge_mac_table(br), 10, MAC_A, &port));

    /* Answers to the rewritten address find their way back. */
    send1(1, frame(MAC_X, MAC_B, NO_TAGS));
    cr_assert_eq(cap.n, 1);
    expect_sent(0, MAC_X, MAC_B, NO_TAGS);
}

Test(bridge_flows, too_many_pushed_tags_drop_the_frame)
{
    port_trunk(0, 1, 1);
    port_trunk(1, 2, 1);
    FLOWS("actions=push_vlan:0x8100,output:2,push_vlan:0x8100,output:2");
    send1(0, frame(MAC_B, MAC_A, TAGS(S(1), C(2))));
    cr_assert_eq(cap.n, 1, "the first output went out with three tags");
    expect_sent(1, MAC_B, MAC_A, TAGS(C(1), S(1), C(2)));
    cr_assert_eq(drops(0, BRIDGE_DROP_TOO_MANY_TAGS), 0, "the frame was sent once");

    FLOWS("actions=push_vlan:0x8100,push_vlan:0x8100,output:2");
    send1(0, frame(MAC_B, MAC_A, TAGS(S(1), C(2))));
    cr_assert_eq(cap.n, 0);
    cr_assert_eq(drops(0, BRIDGE_DROP_TOO_MANY_TAGS), 1);
}

Test(bridge_flows, rewrites_beyond_the_pool_are_queue_full_drops)
{
    /* Each frame of flow A, B or C takes 8 rewrites (one per output) on
     * 8 ports of its own, so 64 + 64 frames fill the pool of 1024 before
     * any port queue is full and the next frame finds no room. */
    static char text[3][512];
    struct frame *batch[BRIDGE_BATCH_MAX];

    port_trunk(0, 100, 1);
    for (uint16_t p = 1; p <= 24; p++)
        port_trunk(p, p, 1);
    for (int fl = 0; fl < 3; fl++) {
        int len = snprintf(text[fl], sizeof text[fl], "dl_src=52:54:00:00:00:%02x actions=", fl);
        for (int o = 1; o <= 8; o++)
            len += snprintf(text[fl] + len, sizeof text[fl] - len, "%smod_dl_dst:02:00:00:00:00:%02x,%d",
                            o > 1 ? "," : "", o, fl * 8 + o);
    }
    const char *const texts[] = { text[0], text[1], text[2] };
    flows(texts, 3);
    for (int fl = 0; fl < 2; fl++) {
        uint8_t src[6] = { 0x52, 0x54, 0, 0, 0, fl };

        for (int i = 0; i < BRIDGE_BATCH_MAX; i++)
            batch[i] = frame(BCAST, src, NO_TAGS);
        bridge_input(br, 0, batch, BRIDGE_BATCH_MAX, 0);
    }
    cr_assert_eq(drops(0, BRIDGE_DROP_TX_QUEUE_FULL), 0);
    struct frame *f = frame(BCAST, (const uint8_t[]) { 0x52, 0x54, 0, 0, 0, 2 }, NO_TAGS);
    bridge_input(br, 0, &f, 1, 0);
    cr_assert_eq(drops(0, BRIDGE_DROP_TX_QUEUE_FULL), 8, "one per output that found no room");
    cr_assert_eq(bridge_port_stats(br, 17)->tx_frames, 0);
    memset(&cap, 0, sizeof cap);
    bridge_tx_flush(br, collect_tx, NULL);
    cr_assert_eq(cap.n, 2 * BRIDGE_BATCH_MAX * 8);

    /* The flush empties the pool. */
    bridge_input(br, 0, &f, 1, 0);
    memset(&cap, 0, sizeof cap);
    bridge_tx_flush(br, collect_tx, NULL);
    cr_assert_eq(cap.n, 8);
    expect_sent(17, (const uint8_t[]) { 2, 0, 0, 0, 0, 1 },
                (const uint8_t[]) { 0x52, 0x54, 0, 0, 0, 2 }, NO_TAGS);
}

/* Counters and timeouts. */

Test(bridge_flows, each_flow_counts_exactly_the_frames_it_handled)
{
    struct bridge_flow_info info[4];
    struct frame *batch[5];

    port_trunk(0, 1, 1);
    port_trunk(1, 2, 1);
    FLOWS("priority=9,dl_vlan=9 actions=drop", "priority=5,in_port=1 actions=NORMAL",
          "priority=1 actions=drop");
    batch[0] = frame(BCAST, MAC_A, TAGS(C(9)));
    batch[1] = frame(BCAST, MAC_A, TAGS(C(8)));
    batch[2] = frame(BCAST, MAC_A, NO_TAGS);
    batch[3] = frame(BCAST, MAC_A, TAGS(C(9)));
    batch[4] = frame(BCAST, MAC_A, TAGS(C(7)));
    bridge_input(br, 0, batch, 5, 2500);
    bridge_tx_flush(br, collect_tx, NULL);
    send_at(1, frame(BCAST, MAC_B, TAGS(C(7))), 3000);

    cr_assert_eq(dump(info, 4), 3);
    cr_assert_eq(info[0].stats.n_packets, 2);
    cr_assert_eq(info[0].stats.n_bytes, 128);
    cr_assert_eq(info[1].stats.n_packets, 3);
    cr_assert_eq(info[1].stats.n_bytes, 64 + 60 + 64);
    cr_assert_eq(info[1].stats.used_ms, 2500);
    cr_assert_eq(info[2].stats.n_packets, 1);
    cr_assert_eq(info[2].stats.used_ms, 3000);
    cr_assert_eq(drops(0, BRIDGE_DROP_FLOW_DROP), 2);
    cr_assert_eq(bridge_port_stats(br, 1)->tx_frames, 3);
}

static void
add_at(const char *text, int64_t now)
{
    struct err_msg err;
    struct flow f;

    cr_assert(flow_parse_add(text, &f, &err), "%s: %s", text, err.text);
    cr_assert_eq(bridge_flow_add(br, &f, now), 0);
}

Test(bridge_flows, idle_timeout_counts_from_the_last_hit)
{
    port_trunk(0, 1, 1);
    port_trunk(1, 2, 1);
    add_at("priority=5,idle_timeout=10,in_port=1 actions=drop", 1000);
    cr_assert_eq(bridge_flow_expire(br, 1000), 11000);
    send_at(0, frame(BCAST, MAC_A, NO_TAGS), 5000);
    cr_assert_eq(cap.n, 0);
    cr_assert_eq(drops(0, BRIDGE_DROP_FLOW_DROP), 1);
    cr_assert_eq(bridge_flow_expire(br, 14999), 15000, "a hit at 5 s moved the deadline");
    cr_assert_eq(bridge_flow_count(br), 2);
    cr_assert_eq(bridge_flow_expire(br, 15000), BRIDGE_FLOW_NO_DEADLINE);
    cr_assert_eq(bridge_flow_count(br), 1, "only the permanent default flow is left");
    send_at(0, frame(BCAST, MAC_A, NO_TAGS), 15001);
    cr_assert_not_null(sent_on(1), "the default NORMAL flow forwards again");
}

Test(bridge_flows, hard_timeout_counts_from_the_add_or_modify)
{
    port_trunk(0, 1, 1);
    port_trunk(1, 2, 1);
    add_at("priority=5,hard_timeout=5,idle_timeout=60,in_port=1 actions=output:2", 0);
    send_at(0, frame(BCAST, MAC_A, NO_TAGS), 3000);
    cr_assert_eq(bridge_flow_expire(br, 4999), 5000, "hits do not extend a hard timeout");

    /* mod-flows restarts it, as OVS does. */
    struct flow_mod fm;
    struct err_msg err;
    size_t n;
    cr_assert(flow_parse_modify("in_port=1 actions=output:2", false, &fm, &err));
    cr_assert_eq(bridge_flow_modify(br, &fm, 4000, &n), 0);
    cr_assert_eq(n, 1);
    cr_assert_eq(bridge_flow_expire(br, 8999), 9000);
    cr_assert_eq(bridge_flow_expire(br, 9000), BRIDGE_FLOW_NO_DEADLINE);
    cr_assert_eq(bridge_flow_count(br), 1);
}

Test(bridge_flows, modified_actions_apply_to_the_next_frame)
{
    struct bridge_flow_info info[2];

    port_trunk(0, 1, 1);
    port_trunk(1, 2, 1);
    port_trunk(2, 3, 1);
    FLOWS("in_port=1 actions=output:2");
    send1(0, frame(BCAST, MAC_A, NO_TAGS));
    cr_assert_not_null(sent_on(1));

    struct flow_mod fm;
    struct err_msg err;
    size_t n;
    cr_assert(flow_parse_modify("in_port=1 actions=output:3", false, &fm, &err));
    cr_assert_eq(bridge_flow_modify(br, &fm, 2000, &n), 0);
    send1(0, frame(BCAST, MAC_A, NO_TAGS));
    cr_assert_null(sent_on(1));
    cr_assert_not_null(sent_on(2));
    dump(info, 2);
    cr_assert_eq(info[0].stats.n_packets, 2, "counters kept across mod-flows");
}

/* OpenFlow port numbers. */

Test(bridge_flows, ofports_are_unique_and_follow_their_port)
{
    uint16_t port;

    port_trunk(0, 1, 1);
    cr_assert_eq(bridge_port_add(br, 1, NULL), 0);
    cr_assert_eq(bridge_port_set_ofport(br, 1, 1), EEXIST);
    cr_assert_eq(bridge_port_set_ofport(br, 1, FLOW_OFPORT_MAX + 1), EINVAL);
    cr_assert_eq(bridge_port_set_ofport(br, 9, 3), ENOENT);
    cr_assert_eq(bridge_port_set_ofport(br, 99, 3), ERANGE);
    cr_assert_eq(bridge_port_set_ofport(br, 0, 1), 0, "setting the same again is fine");
    cr_assert_eq(bridge_port_set_ofport(br, 0, 7), 0);
    cr_assert_eq(bridge_port_ofport(br, 0), 7);
    cr_assert_not(bridge_port_by_ofport(br, 1, &port), "the old number is free");
    cr_assert_eq(bridge_port_set_ofport(br, 1, 1), 0);
    cr_assert(bridge_port_by_ofport(br, 7, &port) && port == 0);
    cr_assert_eq(bridge_port_remove(br, 0), 0);
    cr_assert_not(bridge_port_by_ofport(br, 7, &port), "removing a port frees its number");
}

Test(bridge_flows, in_port_matches_the_ofport_not_the_port_number)
{
    port_trunk(3, 1, 1);
    port_trunk(1, 3, 1);
    FLOWS("priority=5,in_port=3 actions=output:1", "priority=1 actions=drop");
    send1(1, frame(BCAST, MAC_A, NO_TAGS));
    cr_assert_eq(cap.n, 1);
    expect_sent(3, BCAST, MAC_A, NO_TAGS);
}

/* The bridge's local port has OFPP_LOCAL (65534) as its ofport; flows
 * name it LOCAL both ways (docs/flows.md). */
Test(bridge_flows, local_port_is_ofport_65534_for_in_port_and_output)
{
    uint16_t port;

    port_trunk(0, 1, 1);
    port_trunk(1, FLOW_PORT_LOCAL, 1);
    port_trunk(2, 2, 1);
    cr_assert(bridge_port_by_ofport(br, FLOW_PORT_LOCAL, &port) && port == 1);
    cr_assert_eq(bridge_port_set_ofport(br, 2, FLOW_PORT_LOCAL), EEXIST, "one LOCAL per bridge");
    cr_assert_eq(bridge_port_set_ofport(br, 2, FLOW_PORT_LOCAL - 1), EINVAL);
    FLOWS("priority=5,in_port=1 actions=output:LOCAL",
          "priority=5,in_port=LOCAL actions=output:2", "priority=1 actions=drop");
    send1(0, frame(BCAST, MAC_A, NO_TAGS));
    cr_assert_eq(cap.n, 1);
    expect_sent(1, BCAST, MAC_A, NO_TAGS);
    memset(&cap, 0, sizeof cap);
    send1(1, frame(BCAST, MAC_B, NO_TAGS));
    cr_assert_eq(cap.n, 1);
    expect_sent(2, BCAST, MAC_B, NO_TAGS);
}

/* NORMAL drops reserved destinations (OVS with forward_bpdu=false);
 * a flow that outputs them explicitly still does (docs/flows.md). */
Test(bridge_flows, reserved_destinations_go_only_where_a_flow_sends_them)
{
    static const uint8_t LLDP[6] = { 0x01, 0x80, 0xc2, 0, 0, 0x0e };
    struct bridge_flow_info info[2];

    port_access(0, 1, 10);
    port_access(1, 2, 10);
    port_access(2, 3, 10);
    send1(0, frame(LLDP, MAC_A, NO_TAGS));
    cr_assert_eq(cap.n, 0);
    cr_assert_eq(drops(0, BRIDGE_DROP_RESERVED_DST), 1);

    FLOWS("priority=10,dl_dst=01:80:c2:00:00:0e actions=output:3,NORMAL",
          "priority=0 actions=NORMAL");
    send1(0, frame(LLDP, MAC_A, NO_TAGS));
    cr_assert_eq(cap.n, 1);
    expect_sent(2, LLDP, MAC_A, NO_TAGS);
    cr_assert_eq(drops(0, BRIDGE_DROP_RESERVED_DST), 1, "sent: not a drop");
    cr_assert_eq(dump(info, 2), 2);
    cr_assert_eq(info[0].stats.n_packets, 1);
}

/* A frame from a bad source address is dropped before the flow table:
 * no flow counts it, not even one that would output it. */
Test(bridge_flows, flows_never_see_a_bad_source_address)
{
    static const uint8_t ZERO[6] = { 0 };
    struct bridge_flow_info info[1];

    port_access(0, 1, 10);
    port_access(1, 2, 10);
    FLOWS("actions=output:2");
    send1(0, frame(BCAST, ZERO, NO_TAGS));
    send1(0, frame(MAC_B, BCAST, NO_TAGS));
    cr_assert_eq(cap.n, 0);
    cr_assert_eq(drops(0, BRIDGE_DROP_BAD_SRC_MAC), 2);
    dump(info, 1);
    cr_assert_eq(info[0].stats.n_packets, 0);
}

/* A source a flow rewrote to a group address is not learnt. */
Test(bridge_flows, normal_does_not_learn_a_source_made_multicast)
{
    port_access(0, 1, 10);
    port_access(1, 2, 10);
    FLOWS("actions=mod_dl_src:01:00:5e:00:00:01,NORMAL");
    send1(0, frame(BCAST, MAC_A, NO_TAGS));
    cr_assert_eq(cap.n, 1);
    cr_assert_eq(mac_table_count(bridge_mac_table(br)), 0);
}

Test(bridge_flows, every_new_drop_reason_has_a_name)
{
    cr_assert_str_eq(bridge_drop_name(BRIDGE_DROP_BAD_SRC_MAC), "bad-src-mac");
    cr_assert_str_eq(bridge_drop_name(BRIDGE_DROP_RESERVED_DST), "reserved-dst-mac");
    cr_assert_str_eq(bridge_drop_name(BRIDGE_DROP_TABLE_MISS), "table-miss");
    cr_assert_str_eq(bridge_drop_name(BRIDGE_DROP_FLOW_DROP), "flow-drop");
    cr_assert_str_eq(bridge_drop_name(BRIDGE_DROP_OUTPUT_NO_PORT), "output-no-port");
    cr_assert_str_eq(bridge_drop_name(BRIDGE_DROP_TOO_MANY_TAGS), "too-many-tags");
}

/* Tunnel IDs (docs/design.md section 5.14): set_tunnel and friends record
 * the ID in the rewrite of the outputs after them, for a tunnel port to
 * send in; the frame's bytes do not change. */

static const struct sent *
expect_tun(uint16_t port, bool set, uint32_t tun_id)
{
    const struct sent *s = sent_on(port);

    cr_assert_not_null(s, "nothing sent on port %u", port);
    cr_assert_eq(s->tun_id_set, set, "port %u: tun_id_set %d", port, s->tun_id_set);
    if (set)
        cr_assert_eq(s->tun_id, tun_id, "port %u: tun_id %#x, want %#x", port, s->tun_id,
                     tun_id);
    return s;
}

Test(bridge_flows, set_tunnel_reaches_only_the_outputs_after_it)
{
    for (uint16_t p = 0; p < 5; p++)
        port_trunk(p, p + 1, 1);
    FLOWS("actions=output:2,set_tunnel:10100,output:3,set_field:10200->tun_id,output:4,"
          "set_tunnel64:0,output:5");
    send1(0, frame(MAC_B, MAC_A, TAGS(C(10))));
    cr_assert_eq(cap.n, 4);
    expect_tun(1, false, 0);
    expect_tun(2, true, 10100);
    expect_tun(3, true, 10200);
    expect_tun(4, true, 0);
    for (uint16_t p = 1; p < 5; p++)
        expect_sent(p, MAC_B, MAC_A, TAGS(C(10)));
}

Test(bridge_flows, set_tunnel_survives_later_header_rewrites)
{
    for (uint16_t p = 0; p < 3; p++)
        port_trunk(p, p + 1, 1);
    FLOWS("actions=set_tunnel:7,mod_vlan_vid:20,output:2,mod_dl_src:02:00:00:00:00:99,output:3");
    send1(0, frame(MAC_B, MAC_A, TAGS(C(10))));
    expect_tun(1, true, 7);
    expect_tun(2, true, 7);
    expect_sent(1, MAC_B, MAC_A, TAGS(C(20)));
    expect_sent(2, MAC_B, MAC_X, TAGS(C(20)));
}

Test(bridge_flows, load_writes_bits_of_the_frames_own_tunnel_id)
{
    struct frame *f;

    port_trunk(0, 1, 1);
    port_trunk(1, 2, 1);
    FLOWS("actions=load:0x55->NXM_NX_TUN_ID[8..15],output:2");
    f = frame(MAC_B, MAC_A, NO_TAGS);
    f->tun.present = true;
    f->tun.tun_id = 0x2774;
    send1(0, f);
    expect_tun(1, true, 0x5574);
    /* A frame from no tunnel has tun_id 0, as in OVS. */
    send1(0, frame(MAC_B, MAC_A, NO_TAGS));
    expect_tun(1, true, 0x5500);
}

Test(bridge_flows, set_tunnel_then_normal_floods_with_the_id)
{
    for (uint16_t p = 0; p < 3; p++)
        port_trunk(p, p + 1, 1);
    FLOWS("actions=set_tunnel:0x2774,NORMAL");
    send1(0, frame(BCAST, MAC_A, TAGS(C(10))));
    cr_assert_eq(cap.n, 2);
    expect_tun(1, true, 0x2774);
    expect_tun(2, true, 0x2774);
    expect_sent(1, BCAST, MAC_A, TAGS(C(10)));
}

Test(bridge_flows, tunnel_fields_select_flows)
{
    struct frame *f;

    for (uint16_t p = 0; p < 4; p++)
        port_trunk(p, p + 1, 1);
    FLOWS("priority=10,tun_id=10100,tun_src=192.168.1.2 actions=output:4",
          "priority=5,tun_id=10100 actions=output:3",
          "priority=5,tun_id=0 actions=output:2");
    f = frame(MAC_B, MAC_A, NO_TAGS);
    f->tun.present = true;
    f->tun.tun_id = 10100;
    memcpy(&f->tun.src, (const uint8_t[]) { 192, 168, 1, 2 }, 4);
    send1(0, f);
    cr_assert_eq(cap.n, 1);
    expect_tun(3, false, 0);

    f = frame(MAC_B, MAC_A, NO_TAGS);
    f->tun.present = true;
    f->tun.tun_id = 10100;
    memcpy(&f->tun.src, (const uint8_t[]) { 192, 168, 1, 3 }, 4);
    send1(0, f);
    cr_assert_eq(cap.n, 1);
    cr_assert_not_null(sent_on(2));

    send1(0, frame(MAC_B, MAC_A, NO_TAGS));
    cr_assert_eq(cap.n, 1);
    cr_assert_not_null(sent_on(1), "no tunnel: tun_id=0 matches");

    f = frame(MAC_B, MAC_A, NO_TAGS);
    f->tun.present = true;
    f->tun.tun_id = 10200;
    send1(0, f);
    cr_assert_eq(cap.n, 0);
    cr_assert_eq(drops(0, BRIDGE_DROP_TABLE_MISS), 1);
}
