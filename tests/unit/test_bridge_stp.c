/* Spanning tree states in the bridge core (net/bridge.h "Spanning tree",
 * docs/design.md section 5.13): a discarding port receives nothing into
 * the flow table and is sent nothing, a learning port learns and forwards
 * nothing, and BPDUs are data only while no spanning tree runs. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "bridge.h"
#include "err_msg.h"
#include "flow.h"

static struct bridge *br;

struct sent {
    uint16_t port;
    uint8_t dst[6];
};

static struct {
    struct sent sent[64];
    unsigned n;
} cap;

static uint8_t buf[FRAME_HEADROOM + 64];
static struct frame fr;

static const uint8_t MAC_A[6] = { 0x52, 0x54, 0, 0, 0, 0x0a };
static const uint8_t MAC_B[6] = { 0x52, 0x54, 0, 0, 0, 0x0b };
static const uint8_t BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t STP[6] = { 0x01, 0x80, 0xc2, 0, 0, 0 };
static const uint8_t LACP[6] = { 0x01, 0x80, 0xc2, 0, 0, 2 };

static void
setup(void)
{
    struct bridge_config cfg = { .max_ports = 8, .mac_table_size = 64 };
    struct vlan_port p;

    br = bridge_create(&cfg);
    cr_assert_not_null(br);
    vlan_port_init_access(&p, 10);
    for (uint16_t i = 0; i < 4; i++) {
        cr_assert_eq(bridge_port_add(br, i, &p), 0);
        cr_assert_eq(bridge_port_set_ofport(br, i, i + 1), 0);
    }
}

static void
teardown(void)
{
    bridge_destroy(br);
}

TestSuite(bridge_stp, .init = setup, .fini = teardown);

static void
collect(uint16_t port_no, const struct bridge_tx *items, unsigned n, void *arg)
{
    (void) arg;
    for (unsigned i = 0; i < n; i++) {
        cr_assert_lt(cap.n, 64);
        cap.sent[cap.n].port = port_no;
        memcpy(cap.sent[cap.n].dst, items[i].frame->data, 6);
        cap.n++;
    }
}

/* One untagged 60-byte frame from 'src' to 'dst' in on 'port'. */
static void
send1(uint16_t port, const uint8_t *dst, const uint8_t *src)
{
    uint8_t *d = buf + FRAME_HEADROOM;
    struct frame *f = &fr;

    memset(d, 0, 60);
    memcpy(d, dst, 6);
    memcpy(d + 6, src, 6);
    d[12] = 0x08;
    fr = (struct frame) { .data = d, .len = 60, .headroom = FRAME_HEADROOM };
    cap.n = 0;
    bridge_input(br, port, &f, 1, 1000);
    bridge_tx_flush(br, collect, NULL);
}

static bool
sent_on(uint16_t port)
{
    for (unsigned i = 0; i < cap.n; i++)
        if (cap.sent[i].port == port)
            return true;
    return false;
}

static uint64_t
drops(uint16_t port, enum bridge_drop d)
{
    return bridge_port_stats(br, port)->drops[d];
}

static void
flows(const char *text)
{
    struct flow f;
    struct err_msg err;

    bridge_flow_clear(br);
    cr_assert(flow_parse_add(text, &f, &err), "%s", err.text);
    cr_assert_eq(bridge_flow_add(br, &f, 0), 0);
}

Test(bridge_stp, ports_start_forwarding_and_bad_states_are_refused)
{
    for (uint16_t i = 0; i < 4; i++)
        cr_assert_eq(bridge_port_stp_state(br, i), BRIDGE_STP_FORWARDING);
    cr_assert_eq(bridge_port_set_stp_state(br, 5, BRIDGE_STP_DISCARDING), ENOENT);
    cr_assert_eq(bridge_port_set_stp_state(br, 99, BRIDGE_STP_DISCARDING), ERANGE);
    cr_assert_eq(bridge_port_set_stp_state(br, 0, (enum bridge_stp_state) 7), EINVAL);
    cr_assert_eq(bridge_port_set_stp_state(br, 0, BRIDGE_STP_LEARNING), 0);
    cr_assert_eq(bridge_port_stp_state(br, 0), BRIDGE_STP_LEARNING);
}

Test(bridge_stp, a_discarding_port_receives_nothing_and_is_sent_nothing)
{
    bridge_set_stp(br, true);
    cr_assert_eq(bridge_port_set_stp_state(br, 1, BRIDGE_STP_DISCARDING), 0);

    send1(1, BCAST, MAC_B);
    cr_assert_eq(cap.n, 0, "a blocked port's frame was forwarded");
    cr_assert_eq(drops(1, BRIDGE_DROP_STP_DISCARDING), 1);
    cr_assert_eq(bridge_port_stats(br, 1)->rx_frames, 1, "received all the same");
    cr_assert_eq(mac_table_count(bridge_mac_table(br)), 0, "learnt on a discarding port");

    send1(0, BCAST, MAC_A);
    cr_assert_eq(cap.n, 2);
    cr_assert(sent_on(2) && sent_on(3));
    cr_assert_not(sent_on(1), "flooded to a blocked port");

    /* Known unicast to it: the MAC entry points there (static), the frame
     * is a dst-port-disabled drop, as for a shut port. */
    cr_assert_eq(mac_table_add_static(bridge_mac_table(br), 10, MAC_B, 1), 0);
    send1(0, MAC_B, MAC_A);
    cr_assert_eq(cap.n, 0);
    cr_assert_eq(drops(0, BRIDGE_DROP_DST_DISABLED), 1);
}

Test(bridge_stp, flows_cannot_send_to_or_take_from_a_discarding_port)
{
    bridge_set_stp(br, true);
    cr_assert_eq(bridge_port_set_stp_state(br, 1, BRIDGE_STP_DISCARDING), 0);
    flows("actions=output:2,IN_PORT,FLOOD");
    send1(0, BCAST, MAC_A);
    cr_assert(sent_on(0) && sent_on(2) && sent_on(3));
    cr_assert_not(sent_on(1), "output:2/FLOOD reached a blocked port");

    flows("actions=IN_PORT,output:1");
    send1(1, BCAST, MAC_B);
    cr_assert_eq(cap.n, 0, "IN_PORT or output from a blocked port");
    cr_assert_eq(drops(1, BRIDGE_DROP_STP_DISCARDING), 1);
    struct bridge_flow_info info[1];
    cr_assert_eq(bridge_flow_collect(br, NULL, info, 1), 1);
    cr_assert_eq(info[0].stats.n_packets, 0, "the flow table saw a blocked port's frame");
}

Test(bridge_stp, a_learning_port_learns_and_forwards_nothing)
{
    bridge_set_stp(br, true);
    cr_assert_eq(bridge_port_set_stp_state(br, 1, BRIDGE_STP_LEARNING), 0);
    send1(1, BCAST, MAC_B);
    cr_assert_eq(cap.n, 0);
    cr_assert_eq(drops(1, BRIDGE_DROP_STP_DISCARDING), 1);
    uint16_t port;
    cr_assert(mac_table_lookup(bridge_mac_table(br), 10, MAC_B, &port), "not learnt");
    cr_assert_eq(port, 1);
    send1(0, MAC_B, MAC_A);
    cr_assert_eq(cap.n, 0, "sent to a learning port");
    send1(0, BCAST, MAC_A);
    cr_assert_not(sent_on(1));

    cr_assert_eq(bridge_port_set_stp_state(br, 1, BRIDGE_STP_FORWARDING), 0);
    send1(0, MAC_B, MAC_A);
    cr_assert_eq(cap.n, 1);
    cr_assert(sent_on(1));
}

Test(bridge_stp, shutting_and_opening_a_blocked_port_keeps_it_blocked)
{
    cr_assert_eq(bridge_port_set_stp_state(br, 1, BRIDGE_STP_DISCARDING), 0);
    cr_assert_eq(bridge_port_set_enabled(br, 1, false), 0);
    cr_assert_eq(bridge_port_set_enabled(br, 1, true), 0);
    send1(0, BCAST, MAC_A);
    cr_assert_not(sent_on(1));
    cr_assert_eq(bridge_port_set_stp_state(br, 1, BRIDGE_STP_FORWARDING), 0);
    cr_assert_eq(bridge_port_set_enabled(br, 2, false), 0);
    send1(0, BCAST, MAC_A);
    cr_assert(sent_on(1));
    cr_assert_not(sent_on(2), "a shut forwarding port was flooded to");
}

/* Without a spanning tree, 01:80:c2:00:00:00 is data (a Linux bridge with
 * stp_state 0); with one it is reserved; the other reserved addresses
 * always are. */
Test(bridge_stp, bpdus_are_data_only_while_no_spanning_tree_runs)
{
    send1(0, STP, MAC_A);
    cr_assert_eq(cap.n, 3, "a BPDU was not flooded with STP off");
    send1(0, LACP, MAC_A);
    cr_assert_eq(cap.n, 0);
    cr_assert_eq(drops(0, BRIDGE_DROP_RESERVED_DST), 1);

    bridge_set_stp(br, true);
    send1(0, STP, MAC_A);
    cr_assert_eq(cap.n, 0, "a BPDU was relayed with STP on");
    cr_assert_eq(drops(0, BRIDGE_DROP_RESERVED_DST), 2);
}

Test(bridge_stp, turning_stp_off_makes_every_port_forward)
{
    bridge_set_stp(br, true);
    cr_assert_eq(bridge_port_set_stp_state(br, 1, BRIDGE_STP_DISCARDING), 0);
    cr_assert_eq(bridge_port_set_stp_state(br, 2, BRIDGE_STP_LEARNING), 0);
    bridge_set_stp(br, false);
    for (uint16_t i = 0; i < 4; i++)
        cr_assert_eq(bridge_port_stp_state(br, i), BRIDGE_STP_FORWARDING);
    send1(0, BCAST, MAC_A);
    cr_assert_eq(cap.n, 3);
}

Test(bridge_stp, the_new_drop_reason_has_a_name)
{
    cr_assert_str_eq(bridge_drop_name(BRIDGE_DROP_STP_DISCARDING), "stp-discarding");
}
