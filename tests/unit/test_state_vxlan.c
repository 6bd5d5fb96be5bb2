/* Unit tests for the vxlan back end (switchd/port_vxlan.c) and its views
 * (switchd/state_vxlan.c), docs/design.md section 5.14: a switch on the
 * memory back end with a real vxlan port on loopback (127.0.0.1), and a
 * plain UDP socket on 127.0.0.2 playing the remote VTEP.  No root. */

#include <criterion/criterion.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "port_dummy.h"
#include "state_fixture.h"
#include "state_private.h"
#include "state_vxlan.h"
#include "vxlan.h"

#include <linux/virtio_net.h>

TestSuite(state_vxlan, .init = fixture_setup, .fini = fixture_teardown);

#define FRAME_LEN FIXTURE_FRAME_LEN

/* A UDP port of its own per test: Criterion runs tests side by side. */
static uint16_t
test_udp_port(unsigned n)
{
    return (uint16_t) (40000 + (getpid() % 2000) * 8 + n);
}

/* The remote VTEP: a socket bound to 'ip':'port'. */
static int
peer_open(const char *ip, uint16_t port)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };

    cr_assert_geq(fd, 0);
    inet_pton(AF_INET, ip, &sin.sin_addr);
    cr_assert_eq(bind(fd, (struct sockaddr *) &sin, sizeof sin), 0, "bind %s:%u: %s", ip,
                 (unsigned) port, strerror(errno));
    return fd;
}

/* Sends VXLAN header for 'vni' (flags 'flags') + 'frame' to the switch. */
static void
peer_send(int fd, uint16_t port, uint8_t flags, uint32_t vni, const uint8_t *frame, size_t len)
{
    uint8_t buf[VXLAN_HEADER_LEN + 2048];
    struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port),
                              .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };

    vxlan_header_write(buf, vni);
    buf[0] = flags;
    memcpy(buf + VXLAN_HEADER_LEN, frame, len);
    cr_assert_eq(sendto(fd, buf, VXLAN_HEADER_LEN + len, 0, (struct sockaddr *) &to, sizeof to),
                 (ssize_t) (VXLAN_HEADER_LEN + len));
}

/* What the switch sent to the peer: the VNI and the inner frame; 0 when
 * nothing came within a second. */
static size_t
peer_recv(int fd, uint32_t *vni, uint8_t *frame, size_t size)
{
    uint8_t buf[VXLAN_HEADER_LEN + 2048];
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    size_t ofs;
    ssize_t n;

    if (poll(&pfd, 1, 1000) != 1)
        return 0;
    n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    cr_assert_gt(n, 0);
    cr_assert_eq(vxlan_header_parse(buf, (size_t) n, vni, &ofs), VXLAN_OK);
    cr_assert_leq((size_t) n - ofs, size);
    memcpy(frame, buf + ofs, (size_t) n - ofs);
    return (size_t) n - ofs;
}

static bool
peer_quiet(int fd)
{
    struct pollfd pfd = { .fd = fd, .events = POLLIN };

    return poll(&pfd, 1, 200) == 0;
}

/* Runs the loop until 'p''s tunnel has counted 'n' more datagrams in
 * (received, or dropped for a reason), for at most 100 rounds. */
static uint64_t
rx_total(const struct port *p)
{
    struct state_vxlan_port_info vi;

    cr_assert(state_vxlan_port_info(p, &vi));
    return vi.rx_frames + vi.rx_bad_header + vi.rx_unknown_vni + vi.rx_unknown_peer;
}

static void
run_until_rx(const struct port *p, uint64_t total)
{
    for (int i = 0; i < 100 && rx_total(p) < total; i++) {
        struct pollfd pfd = { .fd = -1 };
        poll(&pfd, 0, 5);
        port_dummy_run(fixture_loop);
    }
    cr_assert_eq(rx_total(p), total, "tunnel took %llu datagrams, want %llu",
                 (unsigned long long) rx_total(p), (unsigned long long) total);
}

static const uint8_t mac_remote[ETH_ADDR_LEN] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x09 };

/* vx: vnis 100 <-> 10100, 200 <-> 10200, remote 127.0.0.2; a: access 100,
 * b: access 200. */
static struct switch_state *
create_vnis(uint16_t port)
{
    char json[2048];

    snprintf(json, sizeof json,
             "{\"bridges\": [{\"name\": \"br0\", \"vlans\": [{\"id\": 100}, {\"id\": 200}],"
             " \"ports\": ["
             "  {\"name\": \"vx\", \"type\": \"vxlan\", \"vxlan\": {\"local_ip\": \"127.0.0.1\","
             "   \"udp_port\": %u, \"remote_ips\": [\"127.0.0.2\"],"
             "   \"vnis\": [{\"vni\": 10100, \"vlan\": 100}, {\"vni\": 10200, \"vlan\": 200}]}},"
             "  {\"name\": \"a\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 100},"
             "  {\"name\": \"b\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 200}]}]}",
             (unsigned) port);
    return fixture_create(json);
}

Test(state_vxlan, decapsulates_into_the_vnis_vlan_and_learns_the_remote)
{
    uint16_t port = test_udp_port(0);
    struct switch_state *sw = create_vnis(port);
    struct port *vx = state_find_port(sw, "vx");
    int peer = peer_open("127.0.0.2", port);
    uint8_t f[FRAME_LEN + 4], got[PORT_DUMMY_FRAME_MAX];
    uint32_t remote = 0;
    struct state_vxlan_port_info vi;
    const struct state_vxlan_peer *pr;

    cr_assert(state_vxlan_port_info(vx, &vi));
    cr_assert(vi.up, "down: %s", vi.down_reason);
    cr_assert_eq(vi.udp_port, port);
    fixture_frame(f, 0xff, 9, 0);
    peer_send(peer, port, 0x08, 10100, f, FRAME_LEN);
    run_until_rx(vx, 1);
    /* Out of the VLAN 100 port only, untagged as it came. */
    cr_assert_eq(port_dummy_sent("a", got, sizeof got), FRAME_LEN);
    cr_assert_arr_eq(got, f, FRAME_LEN);
    cr_assert_eq(port_dummy_n_sent("b"), 0);
    cr_assert(state_vxlan_mac_remote(vx, 100, mac_remote, &remote));
    cr_assert_eq(remote, htonl(0x7f000002));
    cr_assert_not(state_vxlan_mac_remote(vx, 200, mac_remote, &remote));
    pr = state_vxlan_peer(sw, 0);
    cr_assert_not_null(pr);
    cr_assert_eq(pr->port, vx);
    cr_assert_eq(pr->remote, htonl(0x7f000002));
    cr_assert_eq(pr->rx_frames, 1);
    cr_assert_gt(pr->first_rx_ms, 0);
    cr_assert_null(state_vxlan_peer(sw, 1));
    close(peer);
}

Test(state_vxlan, encapsulates_in_the_vlans_vni_without_the_tag)
{
    uint16_t port = test_udp_port(1);
    struct switch_state *sw = create_vnis(port);
    struct port *vx = state_find_port(sw, "vx");
    int peer = peer_open("127.0.0.2", port);
    uint8_t f[FRAME_LEN + 4], got[2048];
    uint32_t vni = 0;
    struct state_vxlan_port_info vi;

    /* Flooded from VLAN 100: VNI 10100; from VLAN 200: VNI 10200. */
    fixture_frame(f, 0xff, 1, 0);
    cr_assert(port_dummy_inject("a", f, FRAME_LEN));
    port_dummy_run(fixture_loop);
    cr_assert_eq(peer_recv(peer, &vni, got, sizeof got), FRAME_LEN);
    cr_assert_eq(vni, 10100);
    cr_assert_arr_eq(got, f, FRAME_LEN);
    fixture_frame(f, 0xff, 2, 0);
    cr_assert(port_dummy_inject("b", f, FRAME_LEN));
    port_dummy_run(fixture_loop);
    cr_assert_eq(peer_recv(peer, &vni, got, sizeof got), FRAME_LEN);
    cr_assert_eq(vni, 10200);
    cr_assert_arr_eq(got, f, FRAME_LEN);
    cr_assert(state_vxlan_port_info(vx, &vi));
    cr_assert_eq(vi.tx_frames, 2);
    cr_assert_eq(state_vxlan_peer(sw, 0)->tx_frames, 2);
    close(peer);
}

Test(state_vxlan, drops_and_counts_unknown_peers_vnis_and_bad_headers)
{
    uint16_t port = test_udp_port(2);
    struct switch_state *sw = create_vnis(port);
    struct port *vx = state_find_port(sw, "vx");
    int peer = peer_open("127.0.0.2", port), stranger = peer_open("127.0.0.3", port);
    uint8_t f[FRAME_LEN + 4];
    struct state_vxlan_port_info vi;

    fixture_frame(f, 0xff, 9, 0);
    peer_send(stranger, port, 0x08, 10100, f, FRAME_LEN);
    run_until_rx(vx, 1);
    peer_send(peer, port, 0x08, 999, f, FRAME_LEN);
    run_until_rx(vx, 2);
    peer_send(peer, port, 0x00, 10100, f, FRAME_LEN);      /* I flag clear */
    run_until_rx(vx, 3);
    peer_send(peer, port, 0x08, 10100, f, 10);              /* no inner Ethernet */
    run_until_rx(vx, 4);
    cr_assert(state_vxlan_port_info(vx, &vi));
    cr_assert_eq(vi.rx_unknown_peer, 1);
    cr_assert_eq(vi.rx_unknown_vni, 1);
    cr_assert_eq(vi.rx_bad_header, 2);
    cr_assert_eq(vi.rx_frames, 0);
    cr_assert_eq(port_dummy_n_sent("a") + port_dummy_n_sent("b"), 0);
    close(peer);
    close(stranger);
}

/* A "key": "flow" port sends a frame in its flow's tun_id, else in the VNI
 * it came in with, else not at all: a frame of another port, read into the
 * same receive pool slot right after a tunnel's frame, must not carry that
 * frame's tunnel metadata. */
Test(state_vxlan, key_flow_never_sends_stale_tunnel_metadata)
{
    uint16_t port = test_udp_port(3);
    char json[1024];
    struct switch_state *sw;
    struct port *vx;
    int peer = peer_open("127.0.0.2", port);
    uint8_t f[FRAME_LEN + 4], got[2048];
    struct state_vxlan_port_info vi;

    snprintf(json, sizeof json,
             "{\"bridges\": [{\"name\": \"br0\", \"ports\": ["
             "  {\"name\": \"vx\", \"type\": \"vxlan\", \"vxlan\": {\"local_ip\": \"127.0.0.1\","
             "   \"udp_port\": %u, \"remote_ips\": [\"127.0.0.2\"], \"key\": \"flow\"}},"
             "  {\"name\": \"a\", \"type\": \"tap\"}]}]}", (unsigned) port);
    sw = fixture_create(json);
    vx = state_find_port(sw, "vx");
    fixture_frame(f, 0xff, 9, 0);
    peer_send(peer, port, 0x08, 5000, f, FRAME_LEN);
    run_until_rx(vx, 1);
    cr_assert_eq(port_dummy_sent("a", got, sizeof got), FRAME_LEN);
    /* A's broadcast: no tun_id from a flow, none of its own. */
    fixture_frame(f, 0xff, 1, 0);
    cr_assert(port_dummy_inject("a", f, FRAME_LEN));
    port_dummy_run(fixture_loop);
    cr_assert(peer_quiet(peer), "a frame without a tun_id went into the tunnel");
    cr_assert(state_vxlan_port_info(vx, &vi));
    cr_assert_eq(vi.tx_no_key, 1);
    cr_assert_eq(vi.tx_frames, 0);
    close(peer);
}

/* Known unicast goes to its VTEP only; the rest to every remote of the VNI
 * (its own list, else the port's). */
Test(state_vxlan, unicast_to_the_learnt_vtep_floods_to_each_remote)
{
    uint16_t port = test_udp_port(4);
    char json[1024];
    struct switch_state *sw;
    struct port *vx;
    int p2 = peer_open("127.0.0.2", port), p3 = peer_open("127.0.0.3", port);
    int p4 = peer_open("127.0.0.4", port);
    uint8_t f[FRAME_LEN + 4], got[2048];
    uint32_t vni;

    snprintf(json, sizeof json,
             "{\"bridges\": [{\"name\": \"br0\", \"vlans\": [{\"id\": 100}, {\"id\": 200}],"
             " \"ports\": ["
             "  {\"name\": \"vx\", \"type\": \"vxlan\", \"vxlan\": {\"local_ip\": \"127.0.0.1\","
             "   \"udp_port\": %u, \"remote_ips\": [\"127.0.0.2\", \"127.0.0.3\"],"
             "   \"vnis\": [{\"vni\": 10100, \"vlan\": 100},"
             "              {\"vni\": 10200, \"vlan\": 200, \"remote_ips\": [\"127.0.0.4\"]}]}},"
             "  {\"name\": \"a\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 100},"
             "  {\"name\": \"b\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 200}]}]}",
             (unsigned) port);
    sw = fixture_create(json);
    vx = state_find_port(sw, "vx");
    /* The VNI's own list: 127.0.0.4 only. */
    fixture_frame(f, 0xff, 2, 0);
    cr_assert(port_dummy_inject("b", f, FRAME_LEN));
    port_dummy_run(fixture_loop);
    cr_assert_eq(peer_recv(p4, &vni, got, sizeof got), FRAME_LEN);
    cr_assert_eq(vni, 10200);
    cr_assert(peer_quiet(p2) && peer_quiet(p3));
    /* Unknown unicast in VNI 10100: to .2 and .3. */
    fixture_frame(f, 9, 1, 0);
    cr_assert(port_dummy_inject("a", f, FRAME_LEN));
    port_dummy_run(fixture_loop);
    cr_assert_eq(peer_recv(p2, &vni, got, sizeof got), FRAME_LEN);
    cr_assert_eq(peer_recv(p3, &vni, got, sizeof got), FRAME_LEN);
    /* .3 answers from MAC 9: learnt, so the next one goes to .3 only. */
    fixture_frame(f, 1, 9, 0);
    peer_send(p3, port, 0x08, 10100, f, FRAME_LEN);
    run_until_rx(vx, 1);
    cr_assert_eq(port_dummy_sent("a", got, sizeof got), FRAME_LEN);
    fixture_frame(f, 9, 1, 0);
    cr_assert(port_dummy_inject("a", f, FRAME_LEN));
    port_dummy_run(fixture_loop);
    cr_assert_eq(peer_recv(p3, &vni, got, sizeof got), FRAME_LEN);
    cr_assert(peer_quiet(p2), "known unicast flooded");
    /* A VNI-listed peer may not send in a VNI whose list lacks it. */
    peer_send(p4, port, 0x08, 10100, f, FRAME_LEN);
    run_until_rx(vx, 2);
    struct state_vxlan_port_info vi;
    cr_assert(state_vxlan_port_info(vx, &vi));
    cr_assert_eq(vi.rx_unknown_peer, 1);
    /* Peers: the port's, then the VNIs'. */
    cr_assert_eq(state_vxlan_peer(sw, 0)->remote, htonl(0x7f000002));
    cr_assert_eq(state_vxlan_peer(sw, 1)->remote, htonl(0x7f000003));
    cr_assert_eq(state_vxlan_peer(sw, 2)->remote, htonl(0x7f000004));
    cr_assert_null(state_vxlan_peer(sw, 3));
    close(p2);
    close(p3);
    close(p4);
}

/* A port whose address is not there opens down, with the reason; a
 * change of its settings makes it anew, and it comes up. */
Test(state_vxlan, down_without_its_address_then_up_after_a_change)
{
    uint16_t port = test_udp_port(5);
    char json[1024], err[256] = "";
    struct switch_state *sw;
    struct state_vxlan_port_info vi;
    const char *fmt =
        "{\"bridges\": [{\"name\": \"br0\", \"ports\": ["
        "  {\"name\": \"vx\", \"type\": \"vxlan\", \"vxlan\": {\"local_ip\": \"%s\","
        "   \"udp_port\": %u, \"remote_ips\": [\"127.0.0.2\"], \"key\": 7}}]}]}";

    snprintf(json, sizeof json, fmt, "192.0.2.77", (unsigned) port);
    sw = fixture_create(json);
    cr_assert(state_vxlan_port_info(state_find_port(sw, "vx"), &vi));
    cr_assert_not(vi.up);
    cr_assert(strstr(vi.down_reason, "cannot bind UDP 192.0.2.77"), "%s", vi.down_reason);
    cr_assert_eq(state_port_status(sw, state_find_port(sw, "vx")), STATE_PORT_NOTCONNECT);
    snprintf(json, sizeof json, fmt, "127.0.0.1", (unsigned) port);
    cr_assert_eq(fixture_apply(sw, json, 0, err, sizeof err), 0, "%s", err);
    cr_assert(state_vxlan_port_info(state_find_port(sw, "vx"), &vi));
    cr_assert(vi.up, "%s", vi.down_reason);
    cr_assert_eq(vi.local_ip, htonl(0x7f000001));
    cr_assert_eq(state_port_status(sw, state_find_port(sw, "vx")), STATE_PORT_CONNECTED);
}

/* Offloads: a UDP payload carries no virtio-net header, so the back end
 * finishes what a host left to the NIC (docs/design.md section 5.14). */

static uint32_t
sum16(uint32_t sum, const uint8_t *p, size_t len)
{
    for (; len > 1; p += 2, len -= 2)
        sum += (uint32_t) p[0] << 8 | p[1];
    if (len)
        sum += (uint32_t) p[0] << 8;
    return sum;
}

static uint16_t
fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t) sum;
}

static uint16_t
be16(const uint8_t *p)
{
    return (uint16_t) (p[0] << 8 | p[1]);
}

static uint32_t
be32(const uint8_t *p)
{
    return (uint32_t) be16(p) << 16 | be16(p + 2);
}

/* vx: key 10100 (an access port of VLAN 1), remote 127.0.0.2; a: access. */
static struct switch_state *
create_key(uint16_t port)
{
    char json[1024];

    snprintf(json, sizeof json,
             "{\"bridges\": [{\"name\": \"br0\", \"ports\": ["
             "  {\"name\": \"vx\", \"type\": \"vxlan\", \"vxlan\": {\"local_ip\": \"127.0.0.1\","
             "   \"udp_port\": %u, \"remote_ips\": [\"127.0.0.2\"], \"key\": 10100}},"
             "  {\"name\": \"a\", \"type\": \"tap\"}]}]}", (unsigned) port);
    return fixture_create(json);
}

/* A TCP super-frame of 'pay' bytes of payload, over IPv4 or IPv6, from a
 * host that left segmentation and the checksum to the NIC. */
static size_t
tcp_super_frame(uint8_t *f, bool v6, size_t pay, uint16_t mss, struct virtio_net_hdr *vnet)
{
    size_t l3 = 14, ip_len = v6 ? 40 : 20, l4 = l3 + ip_len;

    memset(f, 0, l4 + 20 + pay);
    memset(f, 0xff, 6);
    memcpy(f + 6, (uint8_t[]) { 0x52, 0x54, 0, 0, 0, 1 }, 6);
    f[12] = v6 ? 0x86 : 0x08;
    f[13] = v6 ? 0xdd : 0x00;
    if (v6) {
        f[l3] = 0x60;
        f[l3 + 4] = (uint8_t) ((20 + pay) >> 8);
        f[l3 + 5] = (uint8_t) (20 + pay);
        f[l3 + 6] = 6;
        f[l3 + 7] = 64;
        f[l3 + 8] = 0xfd; f[l3 + 23] = 1;       /* fd00::1 -> fd00::2 */
        f[l3 + 24] = 0xfd; f[l3 + 39] = 2;
    } else {
        f[l3] = 0x45;
        f[l3 + 2] = (uint8_t) ((40 + pay) >> 8);
        f[l3 + 3] = (uint8_t) (40 + pay);
        f[l3 + 4] = 0x12; f[l3 + 5] = 0x34;     /* ID */
        f[l3 + 6] = 0x40;                       /* DF */
        f[l3 + 8] = 64;
        f[l3 + 9] = 6;
        memcpy(f + l3 + 12, (uint8_t[]) { 10, 0, 0, 1, 10, 0, 0, 2 }, 8);
    }
    f[l4] = 0x03; f[l4 + 1] = 0xe8;             /* 1000 -> 2000 */
    f[l4 + 2] = 0x07; f[l4 + 3] = 0xd0;
    f[l4 + 4] = 0x10;                           /* seq 0x10000000 */
    f[l4 + 11] = 5;                             /* ack 5 */
    f[l4 + 12] = 5 << 4;
    f[l4 + 13] = 0x80 | 0x10 | 0x08 | 0x01;     /* CWR ACK PSH FIN */
    for (size_t i = 0; i < pay; i++)
        f[l4 + 20 + i] = (uint8_t) (i * 7);
    *vnet = (struct virtio_net_hdr) {
        .flags = VIRTIO_NET_HDR_F_NEEDS_CSUM,
        .gso_type = v6 ? VIRTIO_NET_HDR_GSO_TCPV6 : VIRTIO_NET_HDR_GSO_TCPV4,
        .gso_size = mss, .hdr_len = (uint16_t) (l4 + 20), .csum_start = (uint16_t) l4,
        .csum_offset = 16,
    };
    return l4 + 20 + pay;
}

static void
check_segments(bool v6)
{
    uint16_t port = test_udp_port(v6 ? 6 : 7);
    struct switch_state *sw = create_key(port);
    int peer = peer_open("127.0.0.2", port);
    uint8_t f[1500], got[2048];
    struct virtio_net_hdr vnet;
    size_t pay = 1000, mss = 300, len = tcp_super_frame(f, v6, pay, (uint16_t) mss, &vnet);
    size_t l3 = 14, ip_len = v6 ? 40 : 20, l4 = l3 + ip_len;
    struct state_vxlan_port_info vi;

    (void) sw;
    cr_assert(port_dummy_inject_vnet("a", &vnet, f, len));
    port_dummy_run(fixture_loop);
    for (size_t i = 0, off = 0; off < pay; i++, off += mss) {
        size_t n = pay - off < mss ? pay - off : mss;
        bool last = off + n == pay;
        uint32_t vni = 0, sum;
        size_t glen = peer_recv(peer, &vni, got, sizeof got);

        cr_assert_eq(glen, l4 + 20 + n, "segment %zu: %zu bytes", i, glen);
        cr_assert_eq(vni, 10100);
        cr_assert_arr_eq(got, f, l3, "segment %zu: L2 header", i);
        if (v6) {
            cr_assert_eq(be16(got + l3 + 4), 20 + n, "segment %zu: payload length", i);
            sum = sum16(0, got + l3 + 8, 32);
        } else {
            cr_assert_eq(be16(got + l3 + 2), 40 + n, "segment %zu: total length", i);
            cr_assert_eq(be16(got + l3 + 4), 0x1234 + i, "segment %zu: ID", i);
            cr_assert_eq(fold(sum16(0, got + l3, 20)), 0xffff, "segment %zu: IP checksum", i);
            sum = sum16(0, got + l3 + 12, 8);
        }
        sum += 6 + 20 + (uint32_t) n;
        cr_assert_eq(fold(sum16(sum, got + l4, 20 + n)), 0xffff, "segment %zu: TCP checksum", i);
        cr_assert_eq(be32(got + l4 + 4), 0x10000000 + off, "segment %zu: sequence", i);
        cr_assert_eq(got[l4 + 13] & 0x80, i == 0 ? 0x80 : 0, "segment %zu: CWR", i);
        cr_assert_eq(got[l4 + 13] & 0x09, last ? 0x09 : 0, "segment %zu: PSH FIN", i);
        cr_assert_eq(got[l4 + 13] & 0x10, 0x10, "segment %zu: ACK", i);
        cr_assert_arr_eq(got + l4 + 20, f + l4 + 20 + off, n, "segment %zu: payload", i);
    }
    cr_assert(peer_quiet(peer));
    cr_assert(state_vxlan_port_info(state_find_port(sw, "vx"), &vi));
    cr_assert_eq(vi.tx_frames, 4);
    close(peer);
}

Test(state_vxlan, tcp_super_frame_over_ipv4_is_cut_into_segments)
{
    check_segments(false);
}

Test(state_vxlan, tcp_super_frame_over_ipv6_is_cut_into_segments)
{
    check_segments(true);
}

/* A UDP frame whose checksum the host left partial (the pseudo-header's
 * sum in the field) goes out complete. */
Test(state_vxlan, partial_checksum_is_completed)
{
    uint16_t port = test_udp_port(8);
    struct switch_state *sw = create_key(port);
    int peer = peer_open("127.0.0.2", port);
    uint8_t f[200], got[2048];
    size_t l3 = 14, l4 = 34, pay = 101, len = l4 + 8 + pay;
    struct virtio_net_hdr vnet = {
        .flags = VIRTIO_NET_HDR_F_NEEDS_CSUM, .gso_type = VIRTIO_NET_HDR_GSO_NONE,
        .csum_start = 34, .csum_offset = 6,
    };
    uint32_t vni, pseudo;

    (void) sw;
    memset(f, 0, sizeof f);
    memset(f, 0xff, 6);
    f[11] = 1;
    f[12] = 0x08;
    f[l3] = 0x45;
    f[l3 + 3] = (uint8_t) (20 + 8 + pay);
    f[l3 + 8] = 64;
    f[l3 + 9] = 17;
    memcpy(f + l3 + 12, (uint8_t[]) { 10, 0, 0, 1, 10, 0, 0, 2 }, 8);
    f[l4 + 1] = 53; f[l4 + 3] = 53;
    f[l4 + 5] = (uint8_t) (8 + pay);
    for (size_t i = 0; i < pay; i++)
        f[l4 + 8 + i] = (uint8_t) (i * 13 + 1);
    pseudo = fold(sum16(17 + 8 + (uint32_t) pay, f + l3 + 12, 8));
    f[l4 + 6] = (uint8_t) (pseudo >> 8);
    f[l4 + 7] = (uint8_t) pseudo;
    cr_assert(port_dummy_inject_vnet("a", &vnet, f, len));
    port_dummy_run(fixture_loop);
    cr_assert_eq(peer_recv(peer, &vni, got, sizeof got), len);
    cr_assert_eq(fold(sum16(17 + 8 + (uint32_t) pay, got + l3 + 12, 8) + sum16(0, got + l4, 8 + pay)),
                 0xffff, "UDP checksum");
    cr_assert_arr_eq(got, f, l4 + 6, "headers");
    cr_assert_arr_eq(got + l4 + 8, f + l4 + 8, pay, "payload");
    close(peer);
}

/* "key": "flow": the VNI a flow's set_tunnel puts in the rewrite, or the
 * one a frame came in with; flows match tun_id and tun_src of what the
 * tunnel received (docs/design.md section 5.14). */
Test(state_vxlan, key_flow_sends_in_the_flows_tun_id_and_matches_the_received_one)
{
    uint16_t port = test_udp_port(9);
    char json[2048];
    struct switch_state *sw;
    struct port *vx;
    int peer = peer_open("127.0.0.2", port);
    uint8_t f[FRAME_LEN + 4], got[2048];
    uint32_t vni = 0;

    snprintf(json, sizeof json,
             "{\"bridges\": [{\"name\": \"br0\", \"ports\": ["
             "  {\"name\": \"vx\", \"type\": \"vxlan\", \"ofport\": 1, \"vxlan\": {"
             "   \"local_ip\": \"127.0.0.1\", \"udp_port\": %u, \"remote_ips\": [\"127.0.0.2\"],"
             "   \"key\": \"flow\"}},"
             "  {\"name\": \"a\", \"type\": \"tap\", \"ofport\": 2},"
             "  {\"name\": \"b\", \"type\": \"tap\", \"ofport\": 3}],"
             " \"flows\": [\"priority=10,in_port=2 actions=set_tunnel:7777,output:1\","
             "            \"priority=10,in_port=1,tun_id=5000,tun_src=127.0.0.2 actions=output:3\","
             "            \"priority=5,in_port=1 actions=drop\"]}]}", (unsigned) port);
    sw = fixture_create(json);
    vx = state_find_port(sw, "vx");
    fixture_frame(f, 0xff, 1, 0);
    cr_assert(port_dummy_inject("a", f, FRAME_LEN));
    port_dummy_run(fixture_loop);
    cr_assert_eq(peer_recv(peer, &vni, got, sizeof got), FRAME_LEN);
    cr_assert_eq(vni, 7777);
    cr_assert_arr_eq(got, f, FRAME_LEN);
    /* VNI 5000 from the peer: to b; VNI 5001: dropped by the flows. */
    fixture_frame(f, 0xff, 9, 0);
    peer_send(peer, port, 0x08, 5000, f, FRAME_LEN);
    run_until_rx(vx, 1);
    cr_assert_eq(port_dummy_sent("b", got, sizeof got), FRAME_LEN);
    cr_assert_arr_eq(got, f, FRAME_LEN);
    peer_send(peer, port, 0x08, 5001, f, FRAME_LEN);
    run_until_rx(vx, 2);
    cr_assert_eq(port_dummy_n_sent("a") + port_dummy_n_sent("b"), 0);
    close(peer);
}

/* Two ports of one local address and UDP port share its socket: each
 * datagram goes to the port that carries its VNI; removing one leaves the
 * other working; ports that disagree on df_default cannot share. */
Test(state_vxlan, ports_share_a_socket_and_each_takes_its_vnis)
{
    uint16_t port = test_udp_port(10);
    char json[2048], err[256] = "";
    struct switch_state *sw;
    int peer = peer_open("127.0.0.2", port);
    struct state_vxlan_port_info vi;
    uint8_t f[FRAME_LEN + 4], got[2048];
    const char *fmt =
        "{\"bridges\": [{\"name\": \"br0\", \"vlans\": [{\"id\": 10}, {\"id\": 20}],"
        " \"ports\": ["
        "  {\"name\": \"vxa\", \"type\": \"vxlan\", \"mode\": \"access\", \"access_vlan\": 10,"
        "   \"vxlan\": {\"local_ip\": \"127.0.0.1\", \"udp_port\": %u,"
        "   \"remote_ips\": [\"127.0.0.2\"], \"key\": 100}},"
        "%s"
        "  {\"name\": \"a\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 10},"
        "  {\"name\": \"b\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 20}]}]}";
    char vxb[512];

    snprintf(vxb, sizeof vxb,
             "  {\"name\": \"vxb\", \"type\": \"vxlan\", \"mode\": \"access\", \"access_vlan\": 20,"
             "   \"vxlan\": {\"local_ip\": \"127.0.0.1\", \"udp_port\": %u,"
             "   \"remote_ips\": [\"127.0.0.2\"], \"key\": 200%s}},", (unsigned) port, "");
    snprintf(json, sizeof json, fmt, (unsigned) port, vxb);
    sw = fixture_create(json);
    fixture_frame(f, 0xff, 9, 0);
    peer_send(peer, port, 0x08, 200, f, FRAME_LEN);
    run_until_rx(state_find_port(sw, "vxb"), 1);
    cr_assert_eq(port_dummy_sent("b", got, sizeof got), FRAME_LEN);
    cr_assert_eq(port_dummy_n_sent("a"), 0);
    peer_send(peer, port, 0x08, 100, f, FRAME_LEN);
    run_until_rx(state_find_port(sw, "vxa"), 1);
    cr_assert_eq(port_dummy_sent("a", got, sizeof got), FRAME_LEN);
    cr_assert_eq(port_dummy_n_sent("b"), 0);
    /* A third VNI: counted once, on a port that lists the sender. */
    peer_send(peer, port, 0x08, 300, f, FRAME_LEN);
    for (int i = 0; i < 100; i++) {
        struct state_vxlan_port_info va, vb;
        state_vxlan_port_info(state_find_port(sw, "vxa"), &va);
        state_vxlan_port_info(state_find_port(sw, "vxb"), &vb);
        if (va.rx_unknown_vni + vb.rx_unknown_vni == 1)
            break;
        struct pollfd pfd = { .fd = -1 };
        poll(&pfd, 0, 5);
        port_dummy_run(fixture_loop);
    }
    /* vxb goes: vxa keeps the socket. */
    snprintf(json, sizeof json, fmt, (unsigned) port, "");
    cr_assert_eq(fixture_apply(sw, json, 0, err, sizeof err), 0, "%s", err);
    peer_send(peer, port, 0x08, 100, f, FRAME_LEN);
    run_until_rx(state_find_port(sw, "vxa"), 2);
    cr_assert_eq(port_dummy_sent("a", got, sizeof got), FRAME_LEN);
    /* A port that wants DF off joins a socket with DF on (the socket's
     * DF is set per batch, to the sending port's). */
    snprintf(vxb, sizeof vxb,
             "  {\"name\": \"vxb\", \"type\": \"vxlan\", \"mode\": \"access\", \"access_vlan\": 20,"
             "   \"vxlan\": {\"local_ip\": \"127.0.0.1\", \"udp_port\": %u,"
             "   \"remote_ips\": [\"127.0.0.2\"], \"key\": 200%s}},", (unsigned) port,
             ", \"df_default\": false");
    snprintf(json, sizeof json, fmt, (unsigned) port, vxb);
    cr_assert_eq(fixture_apply(sw, json, 0, err, sizeof err), 0, "%s", err);
    cr_assert_not_null(state_find_port(sw, "vxb"));
    state_vxlan_port_info(state_find_port(sw, "vxb"), &vi);
    cr_assert(vi.up);
    close(peer);
}

/* "source_interface": its first IPv4 address, read when the port opens;
 * a netdev that is not there leaves the port down, saying so. */
Test(state_vxlan, source_interface_gives_the_local_address)
{
    uint16_t port = test_udp_port(11);
    char json[1024];
    struct switch_state *sw;
    struct state_vxlan_port_info vi;

    snprintf(json, sizeof json,
             "{\"bridges\": [{\"name\": \"br0\", \"ports\": ["
             "  {\"name\": \"vx\", \"type\": \"vxlan\", \"vxlan\": {\"source_interface\": \"lo\","
             "   \"udp_port\": %u, \"remote_ips\": [\"127.0.0.2\"], \"key\": 7}},"
             "  {\"name\": \"vy\", \"type\": \"vxlan\", \"vxlan\": {\"source_interface\": \"nosuch0\","
             "   \"udp_port\": %u, \"remote_ips\": [\"127.0.0.2\"], \"key\": 8}}]}]}",
             (unsigned) port, (unsigned) port + 1);
    sw = fixture_create(json);
    cr_assert(state_vxlan_port_info(state_find_port(sw, "vx"), &vi));
    cr_assert(vi.up, "%s", vi.down_reason);
    cr_assert_eq(vi.local_ip, htonl(0x7f000001));
    cr_assert(state_vxlan_port_info(state_find_port(sw, "vy"), &vi));
    cr_assert_not(vi.up);
    cr_assert_str_eq(vi.down_reason, "source-interface nosuch0: no such network device");
}

/* A port down because its address and port are taken comes up on the
 * tick after they are free again. */
Test(state_vxlan, down_port_comes_up_on_the_tick)
{
    uint16_t port = test_udp_port(12);
    char json[1024];
    struct switch_state *sw;
    struct state_vxlan_port_info vi;
    int blocker = peer_open("127.0.0.1", port);

    snprintf(json, sizeof json,
             "{\"bridges\": [{\"name\": \"br0\", \"ports\": ["
             "  {\"name\": \"vx\", \"type\": \"vxlan\", \"vxlan\": {\"local_ip\": \"127.0.0.1\","
             "   \"udp_port\": %u, \"remote_ips\": [\"127.0.0.2\"], \"key\": 7}}]}]}",
             (unsigned) port);
    sw = fixture_create(json);
    cr_assert(state_vxlan_port_info(state_find_port(sw, "vx"), &vi));
    cr_assert_not(vi.up);
    cr_assert(strstr(vi.down_reason, "Address already in use"), "%s", vi.down_reason);
    state_vxlan_tick(sw);
    cr_assert(state_vxlan_port_info(state_find_port(sw, "vx"), &vi));
    cr_assert_not(vi.up);
    close(blocker);
    state_vxlan_tick(sw);
    cr_assert(state_vxlan_port_info(state_find_port(sw, "vx"), &vi));
    cr_assert(vi.up, "%s", vi.down_reason);
    cr_assert_str_eq(vi.down_reason, "");
    cr_assert_eq(state_port_status(sw, state_find_port(sw, "vx")), STATE_PORT_CONNECTED);
}
