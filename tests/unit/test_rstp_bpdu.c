/* The BPDU codec of net/rstp.h against 802.1D-2004 clause 9, on BPDUs
 * captured from a Linux bridge and Open vSwitch (tests/unit/rstp_vectors.h):
 * each is parsed field by field, built again by rstp_bpdu_build() and
 * compared byte by byte; then a table of malformed frames, each refused
 * with EINVAL (and counted by rstp_receive()), and every truncation. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "rstp.h"
#include "rstp_vectors.h"
#include "util.h"

static void
assert_id(const struct rstp_bridge_id *id, uint16_t priority, const uint8_t *addr)
{
    cr_assert_eq(id->priority, priority);
    cr_assert_arr_eq(id->addr, addr, ETH_ADDR_LEN);
}

/* Builds 'b' from the source address of 'frame' and compares with it: the
 * captured bytes, then zero padding to 60. */
static void
assert_builds(const struct rstp_bpdu *b, const uint8_t *frame, size_t len)
{
    uint8_t buf[RSTP_FRAME_MAX];

    cr_assert_eq(rstp_bpdu_build(b, frame + 6, buf), RSTP_FRAME_MAX);
    for (size_t i = 0; i < RSTP_FRAME_MAX; i++)
        cr_assert_eq(buf[i], i < len ? frame[i] : 0, "byte %zu: %02x, expected %02x", i,
                     buf[i], i < len ? frame[i] : 0);
}

TestSuite(rstp_bpdu);

Test(rstp_bpdu, linux_config)
{
    static const uint8_t addr[6] = { 0x3a, 0x31, 0x4f, 0x04, 0xc7, 0x7e };
    struct rstp_bpdu b;

    cr_assert_eq(rstp_bpdu_parse(LINUX_CONFIG, sizeof LINUX_CONFIG, &b), 0);
    cr_assert_eq(b.type, RSTP_BPDU_CONFIG);
    cr_assert_eq(b.version, 0);
    cr_assert_eq(b.flags, 0);
    assert_id(&b.root_id, 0x8000, addr);
    cr_assert_eq(b.root_path_cost, 0);
    assert_id(&b.bridge_id, 0x8000, addr);
    cr_assert_eq(b.port_id, 0x8001);
    cr_assert_eq(b.message_age, 0);
    cr_assert_eq(b.max_age, 20 * 256);
    cr_assert_eq(b.hello_time, 2 * 256);
    cr_assert_eq(b.forward_delay, 4 * 256);
    assert_builds(&b, LINUX_CONFIG, sizeof LINUX_CONFIG);
    /* Padded by a NIC to 60 bytes: the same. */
    uint8_t padded[60] = { 0 };

    memcpy(padded, LINUX_CONFIG, sizeof LINUX_CONFIG);
    cr_assert_eq(rstp_bpdu_parse(padded, sizeof padded, &b), 0);
    cr_assert_eq(b.forward_delay, 4 * 256);
}

Test(rstp_bpdu, linux_config_tc_ack)
{
    struct rstp_bpdu b;

    cr_assert_eq(rstp_bpdu_parse(LINUX_CONFIG_TC_ACK, sizeof LINUX_CONFIG_TC_ACK, &b), 0);
    cr_assert_eq(b.type, RSTP_BPDU_CONFIG);
    cr_assert_eq(b.flags, 0x81);    /* Topology Change and TC Acknowledgment */
    cr_assert_eq(b.bridge_id.addr[5], 0x31);
    assert_builds(&b, LINUX_CONFIG_TC_ACK, sizeof LINUX_CONFIG_TC_ACK);
}

Test(rstp_bpdu, linux_tcn)
{
    struct rstp_bpdu b;

    cr_assert_eq(rstp_bpdu_parse(LINUX_TCN, sizeof LINUX_TCN, &b), 0);
    cr_assert_eq(b.type, RSTP_BPDU_TCN);
    cr_assert_eq(b.version, 0);
    assert_builds(&b, LINUX_TCN, sizeof LINUX_TCN);
}

Test(rstp_bpdu, ovs_rst_proposal)
{
    static const uint8_t addr[6] = { 0, 0, 0, 0, 0, 0x0b };
    struct rstp_bpdu b;

    cr_assert_eq(rstp_bpdu_parse(OVS_RST_PROPOSAL, sizeof OVS_RST_PROPOSAL, &b), 0);
    cr_assert_eq(b.type, RSTP_BPDU_RST);
    cr_assert_eq(b.version, 2);
    cr_assert_eq(b.flags, 0x0e);    /* designated (3 << 2), proposal */
    assert_id(&b.root_id, 0x8000, addr);
    assert_id(&b.bridge_id, 0x8000, addr);
    cr_assert_eq(b.port_id, 0x8001);
    cr_assert_eq(b.forward_delay, 15 * 256);
    assert_builds(&b, OVS_RST_PROPOSAL, sizeof OVS_RST_PROPOSAL);
}

Test(rstp_bpdu, ovs_rst_agreement)
{
    static const uint8_t root[6] = { 0x02, 0, 0, 0, 0, 0xaa };
    struct rstp_bpdu b;

    cr_assert_eq(rstp_bpdu_parse(OVS_RST_AGREEMENT, sizeof OVS_RST_AGREEMENT, &b), 0);
    cr_assert_eq(b.type, RSTP_BPDU_RST);
    cr_assert_eq(b.flags, 0x79);
    assert_id(&b.root_id, 0, root);
    cr_assert_eq(b.root_path_cost, 2000);
    cr_assert_eq(b.message_age, 256);
    assert_builds(&b, OVS_RST_AGREEMENT, sizeof OVS_RST_AGREEMENT);
}

/* A version 3 BPDU of type 2 (an MST BPDU, longer) is taken as an RST
 * BPDU (section 9.3.4 c). */
Test(rstp_bpdu, later_versions_as_rst)
{
    uint8_t f[RSTP_FRAME_MAX] = { 0 };
    struct rstp_bpdu b;

    memcpy(f, OVS_RST_PROPOSAL, sizeof OVS_RST_PROPOSAL);
    f[19] = 3;
    f[13] = 0x2b;                   /* 39 + 4 more octets */
    cr_assert_eq(rstp_bpdu_parse(f, sizeof f, &b), 0);
    cr_assert_eq(b.type, RSTP_BPDU_RST);
    cr_assert_eq(b.version, 3);
    /* A Configuration BPDU's version field is not looked at. */
    memcpy(f, LINUX_CONFIG, sizeof LINUX_CONFIG);
    f[19] = 2;
    cr_assert_eq(rstp_bpdu_parse(f, sizeof LINUX_CONFIG, &b), 0);
    cr_assert_eq(b.type, RSTP_BPDU_CONFIG);
}

struct bad {
    const char *what;
    const uint8_t *base;
    size_t base_len;
    int offset;                     /* -1: none */
    uint8_t value;
    size_t len;                     /* 0: base_len */
};

static const struct bad BAD[] = {
    { "DSAP not 0x42", LINUX_CONFIG, sizeof LINUX_CONFIG, 14, 0xaa, 0 },
    { "SSAP not 0x42", LINUX_CONFIG, sizeof LINUX_CONFIG, 15, 0xaa, 0 },
    { "control not UI", LINUX_CONFIG, sizeof LINUX_CONFIG, 16, 0x13, 0 },
    { "protocol id 1", LINUX_CONFIG, sizeof LINUX_CONFIG, 18, 0x01, 0 },
    { "protocol id 0x0100", LINUX_CONFIG, sizeof LINUX_CONFIG, 17, 0x01, 0 },
    { "unknown type 0x01", LINUX_CONFIG, sizeof LINUX_CONFIG, 20, 0x01, 0 },
    { "unknown type 0xff", LINUX_CONFIG, sizeof LINUX_CONFIG, 20, 0xff, 0 },
    { "RST type, version 0", OVS_RST_PROPOSAL, sizeof OVS_RST_PROPOSAL, 19, 0x00, 0 },
    { "RST type, version 1", OVS_RST_PROPOSAL, sizeof OVS_RST_PROPOSAL, 19, 0x01, 0 },
    { "an EtherType, not a length", LINUX_CONFIG, sizeof LINUX_CONFIG, 12, 0x08, 0 },
    { "length beyond the frame", LINUX_CONFIG, sizeof LINUX_CONFIG, 13, 0x27, 0 },
    { "length too short for a config", LINUX_CONFIG, sizeof LINUX_CONFIG, 13, 0x25, 0 },
    { "length too short for an RST", OVS_RST_PROPOSAL, sizeof OVS_RST_PROPOSAL, 13, 0x26, 0 },
    { "length too short for a TCN", LINUX_TCN, sizeof LINUX_TCN, 13, 0x06, 0 },
    { "length under the LLC", LINUX_TCN, sizeof LINUX_TCN, 13, 0x02, 0 },
    { "message age = max age", LINUX_CONFIG, sizeof LINUX_CONFIG, 44, 0x14, 0 },
    { "header only", LINUX_CONFIG, sizeof LINUX_CONFIG, -1, 0, 14 },
    { "empty", LINUX_CONFIG, sizeof LINUX_CONFIG, -1, 0, 0 },
};

Test(rstp_bpdu, malformed_table)
{
    for (size_t i = 0; i < ARRAY_SIZE(BAD); i++) {
        const struct bad *t = &BAD[i];
        size_t len = t->len || t->offset < 0 ? t->len : t->base_len;
        /* Exactly 'len' bytes on the heap: ASan sees a read past them. */
        uint8_t *f = malloc(len ? len : 1);
        struct rstp_bpdu b;

        memcpy(f, t->base, len);
        if (t->offset >= 0)
            f[t->offset] = t->value;
        cr_assert_eq(rstp_bpdu_parse(f, len, &b), EINVAL, "%s: accepted", t->what);
        free(f);
    }
}

/* Every prefix of each good BPDU shorter than its BPDU is refused (the
 * length field then exceeds what arrived), never read past. */
Test(rstp_bpdu, every_truncation)
{
    static const struct { const uint8_t *f; size_t len; } good[] = {
        { LINUX_CONFIG, sizeof LINUX_CONFIG }, { LINUX_TCN, sizeof LINUX_TCN },
        { OVS_RST_PROPOSAL, sizeof OVS_RST_PROPOSAL },
    };

    for (size_t g = 0; g < ARRAY_SIZE(good); g++) {
        for (size_t len = 0; len < good[g].len; len++) {
            uint8_t *f = malloc(len ? len : 1);
            struct rstp_bpdu b;

            memcpy(f, good[g].f, len);
            cr_assert_eq(rstp_bpdu_parse(f, len, &b), EINVAL, "frame %zu cut at %zu", g, len);
            /* The length field lowered to match: still too short. */
            if (len >= 17) {
                f[12] = 0;
                f[13] = (uint8_t) (len - 14);
                cr_assert_eq(rstp_bpdu_parse(f, len, &b), EINVAL, "frame %zu at %zu", g, len);
            }
            free(f);
        }
    }
}

static void
nop_send(void *arg, uint16_t port_no, const uint8_t *frame, size_t len)
{
    (void) arg, (void) port_no, (void) frame, (void) len;
}

static void
nop_state(void *arg, uint16_t port_no, enum rstp_state state)
{
    (void) arg, (void) port_no, (void) state;
}

static void
nop_flush(void *arg, uint16_t port_no)
{
    (void) arg, (void) port_no;
}

/* rstp_receive(): EINVAL and rx_errors for each malformed frame, the
 * machines untouched; a port that is down or filtered counts and ignores. */
Test(rstp_bpdu, receive_counts)
{
    static const struct rstp_ops ops = { nop_send, nop_state, nop_flush };
    struct rstp_bridge_config cfg = RSTP_BRIDGE_CONFIG_DEFAULT;
    struct rstp_port_config pc = { .id_number = 1, .priority = 128 };
    struct rstp_port_info pi;
    struct rstp *r;

    cfg.addr[5] = 1;
    r = rstp_create(&cfg, &ops, NULL, 0);
    cr_assert_not_null(r);
    cr_assert_eq(rstp_port_add(r, 3, &pc, 0), 0);
    cr_assert_eq(rstp_receive(r, 3, LINUX_CONFIG, sizeof LINUX_CONFIG, 0), 0);
    cr_assert_eq(rstp_receive(r, 4, LINUX_CONFIG, sizeof LINUX_CONFIG, 0), ENOENT);
    cr_assert_eq(rstp_get_port_info(r, 3, &pi), 0);
    cr_assert_eq(pi.counters.rx_filtered, 1);   /* link down */
    cr_assert_eq(pi.counters.rx_config, 0);
    cr_assert_eq(rstp_port_set_link(r, 3, true, 1000, true, 0), 0);
    for (size_t i = 0; i < ARRAY_SIZE(BAD); i++) {
        uint8_t f[RSTP_FRAME_MAX] = { 0 };
        size_t len = BAD[i].len || BAD[i].offset < 0 ? BAD[i].len : BAD[i].base_len;

        memcpy(f, BAD[i].base, len);
        if (BAD[i].offset >= 0)
            f[BAD[i].offset] = BAD[i].value;
        cr_assert_eq(rstp_receive(r, 3, f, len, 0), EINVAL, "%s", BAD[i].what);
    }
    cr_assert_eq(rstp_get_port_info(r, 3, &pi), 0);
    cr_assert_eq(pi.counters.rx_errors, ARRAY_SIZE(BAD));
    cr_assert_eq(pi.counters.rx_config + pi.counters.rx_rstp + pi.counters.rx_tcn, 0);
    cr_assert_eq(pi.designated_bridge.addr[5], 1, "the machines saw nothing");
    cr_assert_eq(rstp_receive(r, 3, OVS_RST_PROPOSAL, sizeof OVS_RST_PROPOSAL, 0), 0);
    cr_assert_eq(rstp_receive(r, 3, LINUX_TCN, sizeof LINUX_TCN, 0), 0);
    cr_assert_eq(rstp_get_port_info(r, 3, &pi), 0);
    cr_assert_eq(pi.counters.rx_rstp, 1);
    cr_assert_eq(pi.counters.rx_tcn, 1);
    rstp_clear_counters(r);
    cr_assert_eq(rstp_get_port_info(r, 3, &pi), 0);
    cr_assert_eq(pi.counters.rx_errors + pi.counters.rx_rstp + pi.counters.rx_filtered, 0);
    rstp_destroy(r);
}

Test(rstp_bpdu, path_cost_table_17_3)
{
    cr_assert_eq(rstp_path_cost_for_speed(0), 20000);
    cr_assert_eq(rstp_path_cost_for_speed(1), 20000000);
    cr_assert_eq(rstp_path_cost_for_speed(10), 2000000);
    cr_assert_eq(rstp_path_cost_for_speed(100), 200000);
    cr_assert_eq(rstp_path_cost_for_speed(1000), 20000);
    cr_assert_eq(rstp_path_cost_for_speed(10000), 2000);
    cr_assert_eq(rstp_path_cost_for_speed(100000), 200);
    cr_assert_eq(rstp_path_cost_for_speed(1000000), 20);
    cr_assert_eq(rstp_path_cost_for_speed(10000000), 2);
    cr_assert_eq(rstp_path_cost_for_speed(UINT32_MAX), 1);
    cr_assert_eq(rstp_path_cost_for_speed(25000), 800);
}

Test(rstp_bpdu, names)
{
    cr_assert_str_eq(rstp_role_ios_name(RSTP_ROLE_ALTERNATE), "Altn");
    cr_assert_str_eq(rstp_role_ios_name(RSTP_ROLE_BACKUP), "Back");
    cr_assert_str_eq(rstp_role_name(RSTP_ROLE_DESIGNATED), "Designated");
    cr_assert_str_eq(rstp_state_ios_name(RSTP_DISCARDING), "BLK");
    cr_assert_str_eq(rstp_state_name(RSTP_LEARNING), "Learning");
    cr_assert_str_eq(rstp_role_name((enum rstp_role) 99), "?");
}
