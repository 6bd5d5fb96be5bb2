/* RSTP (net/rstp.c, net/rstp_sm.c, net/rstp_bpdu.c) on arbitrary BPDUs
 * from a peer, between link, configuration and time changes.
 *
 * One bridge with three ports; the input is a list of operations, each a
 * byte (op = low 3 bits, port = the rest modulo 3) and its arguments:
 *   0-3  a frame on the port: a length byte, then that many bytes after a
 *        fixed destination and source (the 802.3 length, LLC and BPDU are
 *        the fuzzer's), in a buffer of exactly that size;
 *   4    time passes: 1-4 s (a byte);
 *   5    the port's link goes up or down (a byte: up, speed, duplex);
 *   6    mcheck;
 *   7    a byte of port settings (edge, auto-edge, filter, point-to-point,
 *        priority), or with the op's bit 5 bridge settings (priority,
 *        force_stp).
 * What must hold whatever comes in:
 *   - rstp_receive() says 0 or EINVAL; the port's counters account for
 *     every frame once (taken by type, error, or filtered);
 *   - an accepted BPDU built again from what was parsed parses back the same;
 *   - every BPDU the bridge sends parses (but a Configuration BPDU whose
 *     Message Age reached Max Age, relaying a peer's), from the port's
 *     address, never on a bpdu_filter port, and a port sends at most TxHoldCount BPDUs a call
 *     plus one a second of time passed (no storm);
 *   - the callbacks name ports that exist; the view's state is the last
 *     set_state(); a port that is not enabled is disabled and discarding;
 *     an enabled bpdu_filter port is edge and forwarding. */
#include "fuzz.h"

#include <errno.h>
#include <string.h>

#include "rstp.h"

#define NPORTS 3

struct world {
    struct rstp *r;
    struct rstp_port_config cfg[NPORTS];
    enum rstp_state state[NPORTS];
    unsigned sent[NPORTS];          /* in the current call */
    uint64_t frames[NPORTS];        /* fed to rstp_receive() */
};

static void
cb_send(void *arg, uint16_t port_no, const uint8_t *frame, size_t len)
{
    struct world *w = arg;
    struct rstp_bpdu b;

    FUZZ_CHECK(port_no < NPORTS, "send on port %u", port_no);
    FUZZ_CHECK(!w->cfg[port_no].bpdu_filter, "a BPDU sent on a bpdu_filter port");
    FUZZ_CHECK(len == RSTP_FRAME_MAX, "frame of %zu bytes", len);
    /* A Configuration BPDU relaying information whose Message Age reached
     * its Max Age (a peer's tiny Max Age) is the one case a receiver
     * discards (802.1D-2004 section 9.3.4 a), as it should. */
    if (frame[20] == 0x00 && ((frame[44] << 8 | frame[45]) >= (frame[46] << 8 | frame[47])))
        FUZZ_CHECK(rstp_bpdu_parse(frame, len, &b) == EINVAL, "expired Config BPDU");
    else
        FUZZ_CHECK(rstp_bpdu_parse(frame, len, &b) == 0,
                   "a BPDU we sent does not parse: type %02x, age %02x%02x, max age %02x%02x",
                   frame[20], frame[44], frame[45], frame[46], frame[47]);
    FUZZ_CHECK(!memcmp(frame + ETH_ADDR_LEN, w->cfg[port_no].src_addr, ETH_ADDR_LEN),
               "source address");
    w->sent[port_no]++;
}

static void
cb_set_state(void *arg, uint16_t port_no, enum rstp_state state)
{
    struct world *w = arg;

    FUZZ_CHECK(port_no < NPORTS, "set_state on port %u", port_no);
    FUZZ_CHECK(state <= RSTP_FORWARDING, "state %d", (int) state);
    w->state[port_no] = state;
}

static void
cb_flush(void *arg, uint16_t port_no)
{
    (void) arg;
    FUZZ_CHECK(port_no < NPORTS, "flush on port %u", port_no);
}

static const struct rstp_ops ops = { cb_send, cb_set_state, cb_flush };

static void
check_round_trip(const uint8_t *frame, size_t len)
{
    struct rstp_bpdu a, b;
    uint8_t buf[RSTP_FRAME_MAX];

    if (rstp_bpdu_parse(frame, len, &a))
        return;
    rstp_bpdu_build(&a, frame + ETH_ADDR_LEN, buf);
    FUZZ_CHECK(rstp_bpdu_parse(buf, sizeof buf, &b) == 0, "a built BPDU is refused");
    FUZZ_CHECK(!memcmp(&a, &b, sizeof a), "round trip");
}

static void
check(struct world *w, unsigned secs)
{
    struct rstp_bridge_info bi;

    rstp_get_bridge_info(w->r, &bi);
    for (uint16_t p = 0; p < NPORTS; p++) {
        struct rstp_port_info pi;
        const struct rstp_port_counters *c = &pi.counters;

        FUZZ_CHECK(rstp_get_port_info(w->r, p, &pi) == 0, "port %u gone", p);
        FUZZ_CHECK(pi.state == w->state[p], "port %u: view %d, set_state %d", p,
                   (int) pi.state, (int) w->state[p]);
        FUZZ_CHECK(pi.role <= RSTP_ROLE_BACKUP, "role %d", (int) pi.role);
        FUZZ_CHECK(c->rx_rstp + c->rx_config + c->rx_tcn + c->rx_errors + c->rx_filtered
                   == w->frames[p], "port %u: counters do not add up", p);
        FUZZ_CHECK(w->sent[p] <= bi.tx_hold_count + secs, "port %u: %u BPDUs in a call", p,
                   w->sent[p]);
        w->sent[p] = 0;
        if (!pi.enabled)
            FUZZ_CHECK(pi.role == RSTP_ROLE_DISABLED && pi.state == RSTP_DISCARDING,
                       "port %u down but %s/%s", p, rstp_role_name(pi.role),
                       rstp_state_name(pi.state));
        else if (pi.bpdu_filter)
            FUZZ_CHECK(pi.oper_edge && pi.state == RSTP_FORWARDING,
                       "bpdu_filter port %u not an edge forwarding", p);
        if (pi.role == RSTP_ROLE_ROOT)
            FUZZ_CHECK(bi.has_root_port && bi.root_port_no == p, "root port %u", p);
    }
    if (bi.has_root_port)
        FUZZ_CHECK(!bi.is_root, "root with a root port");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t hdr[2 * ETH_ADDR_LEN] = {
        0x01, 0x80, 0xc2, 0x00, 0x00, 0x00, 0x02, 0x99, 0, 0, 0, 1,
    };
    struct rstp_bridge_config bcfg = RSTP_BRIDGE_CONFIG_DEFAULT;
    struct world w = { 0 };
    int64_t now = 0;
    size_t i = 0;
    char err[128];

    bcfg.addr[0] = 0x02;
    bcfg.addr[5] = 0x50;
    w.r = rstp_create(&bcfg, &ops, &w, now);
    FUZZ_CHECK(w.r != NULL, "rstp_create");
    for (uint16_t p = 0; p < NPORTS; p++) {
        w.cfg[p] = (struct rstp_port_config) {
            .id_number = (uint16_t) (p + 1), .priority = RSTP_PORT_PRIORITY_DEFAULT,
            .src_addr = { 0x02, 0, 0, 0, 0x50, (uint8_t) p },
        };
        FUZZ_CHECK(rstp_port_add(w.r, p, &w.cfg[p], now) == 0, "rstp_port_add");
        FUZZ_CHECK(rstp_port_set_link(w.r, p, true, 1000, true, now) == 0, "set_link");
    }
    check(&w, 0);

    while (i < size) {
        uint8_t op = data[i++];
        uint16_t port = (uint16_t) ((op >> 3) % NPORTS);
        uint8_t arg = i < size ? data[i] : 0;
        unsigned secs = 0;

        switch (op & 7) {
        case 0: case 1: case 2: case 3: {
            size_t n = arg, len;
            uint8_t *frame;
            int error;

            i++;
            if (n > size - i)
                n = size - i;
            len = sizeof hdr + n;
            if (!(frame = malloc(len)))
                goto out;
            memcpy(frame, hdr, sizeof hdr);
            memcpy(frame + sizeof hdr, data + i, n);
            i += n;
            error = rstp_receive(w.r, port, frame, len, now);
            FUZZ_CHECK(error == 0 || error == EINVAL, "rstp_receive: %d", error);
            w.frames[port]++;
            check_round_trip(frame, len);
            free(frame);
            break;
        }
        case 4:
            i++;
            secs = 1 + arg % 4;
            now += secs * 1000;
            rstp_tick(w.r, now);
            break;
        case 5:
            i++;
            FUZZ_CHECK(rstp_port_set_link(w.r, port, arg & 1, (arg & 2) ? 100 : 10000,
                                          !(arg & 4), now) == 0, "set_link");
            break;
        case 6:
            FUZZ_CHECK(rstp_port_mcheck(w.r, port, now) == 0, "mcheck");
            break;
        case 7:
            i++;
            if (op & 0x20) {
                bcfg.priority = (uint16_t) ((arg & 0x0f) * RSTP_PRIORITY_STEP);
                bcfg.force_stp = arg & 0x10;
                FUZZ_CHECK(rstp_set_config(w.r, &bcfg, now, err, sizeof err) == 0, "%s", err);
            } else {
                w.cfg[port].admin_edge = arg & 1;
                w.cfg[port].auto_edge = arg & 2;
                w.cfg[port].bpdu_filter = arg & 4;
                w.cfg[port].admin_p2p = (enum rstp_p2p) ((arg >> 3) % 3);
                w.cfg[port].priority = (uint8_t) ((arg >> 5) * 32);
                FUZZ_CHECK(rstp_port_set_config(w.r, port, &w.cfg[port], now) == 0,
                           "port config");
            }
            break;
        }
        check(&w, secs);
    }
out:
    rstp_destroy(w.r);
    return 0;
}
