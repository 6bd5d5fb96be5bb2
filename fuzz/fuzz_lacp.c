/* LACP (net/lacp.c) on arbitrary Slow Protocols frames and events.
 *
 * The input drives a bond of two members on a clock that only moves
 * forward; each operation is an opcode byte and its operands:
 *   0 M L bytes...  member M receives a frame of L bytes (in a buffer of
 *                   exactly that size, so ASan catches a read past it);
 *   1 T             T * 50 ms pass; both members run and send what they
 *                   must;
 *   2 M             member M's carrier flips;
 *   3 M             member M's LACP is switched off or on;
 *   4 M C           member M is reconfigured: C's bits pick active, fast,
 *                   key and port priority;
 *   5 M L bytes...  member M receives a valid LACPDU whose actor and
 *                   partner TLVs are the L (up to 36) bytes given, so the
 *                   machines see real partners, not only malformed input.
 * Selection runs after every operation.  What must hold whatever comes in:
 *   - every frame counts once: as a LACPDU, a marker or a bad frame;
 *   - a deadline from lacp_member_run() is 0 or in the future;
 *   - at most 3 PDUs leave a member in any second;
 *   - the state bits follow the machines: synchronized from ATTACHED on,
 *     collecting and distributing exactly in COLLECTING_DISTRIBUTING;
 *   - a distributing member has carrier, LACP, is selected and its partner
 *     is in sync; a member without carrier is detached;
 *   - a PDU we build parses back, as the partner of a fresh member, into
 *     our actor information. */
#include "fuzz.h"

#include <string.h>

#include "lacp.h"

#define N_MEMBERS 2

static const uint8_t SYS[6] = { 0x02, 0, 0, 0, 0, 0x01 };

static struct lacp_actor_config
config(uint16_t port, uint8_t bits)
{
    struct lacp_actor_config c = {
        .sys_priority = 32768, .key = (uint16_t) (bits & 4 ? 9 : 7),
        .port_priority = (uint16_t) (bits & 8 ? 1 : 32768), .port = port,
        .active = !(bits & 1), .fast = bits & 2,
    };

    memcpy(c.sys_id, SYS, 6);
    return c;
}

static void
check_member(const struct lacp_member *m)
{
    bool cd = m->mux == LACP_MUX_COLLECTING_DISTRIBUTING;

    FUZZ_CHECK(!(m->actor.state & LACP_STATE_SYNC) == (m->mux < LACP_MUX_ATTACHED),
               "sync bit %02x in mux %s", m->actor.state, lacp_mux_state_name(m->mux));
    FUZZ_CHECK(!!(m->actor.state & LACP_STATE_COLLECTING) == cd
               && !!(m->actor.state & LACP_STATE_DISTRIBUTING) == cd,
               "collecting/distributing bits %02x in mux %s", m->actor.state,
               lacp_mux_state_name(m->mux));
    FUZZ_CHECK(lacp_member_distributing(m) == cd, "distributing");
    if (cd)
        FUZZ_CHECK(m->port_enabled && m->lacp_enabled && m->selected
                   && (m->partner.state & LACP_STATE_SYNC), "distributing while not fit");
    if (!m->port_enabled)
        FUZZ_CHECK(m->mux == LACP_MUX_DETACHED && m->rx == LACP_RX_PORT_DISABLED,
                   "no carrier but %s/%s", lacp_rx_state_name(m->rx),
                   lacp_mux_state_name(m->mux));
    FUZZ_CHECK(!(m->selected && m->standby), "selected and standby");
}

static void
check_pdu(const struct lacp_member *m, const uint8_t *pdu, size_t len)
{
    struct lacp_actor_config c = config(99, 0);
    struct lacp_member peer;

    FUZZ_CHECK(len == LACP_PDU_FRAME_LEN, "PDU of %zu bytes", len);
    lacp_member_init(&peer, &c, 0);
    lacp_member_set_enabled(&peer, true, 0);
    FUZZ_CHECK(lacp_member_rx(&peer, pdu, len, 0), "our own PDU rejected");
    FUZZ_CHECK(peer.partner.sys_priority == m->actor.sys_priority
               && !memcmp(peer.partner.sys_id, m->actor.sys_id, 6)
               && peer.partner.key == m->actor.key
               && peer.partner.port_priority == m->actor.port_priority
               && peer.partner.port == m->actor.port
               && (peer.partner.state & ~LACP_STATE_SYNC)
                  == (m->actor.state & ~LACP_STATE_SYNC),
               "PDU does not carry the actor");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct lacp_member m[N_MEMBERS], *ptrs[N_MEMBERS];
    int64_t sent[N_MEMBERS][3] = { { 0 } };
    uint64_t frames[N_MEMBERS] = { 0 };
    int64_t now = 1000;
    size_t i = 0;

    for (int k = 0; k < N_MEMBERS; k++) {
        struct lacp_actor_config c = config((uint16_t) (k + 1), 0);

        lacp_member_init(&m[k], &c, now);
        lacp_member_set_enabled(&m[k], true, now);
        ptrs[k] = &m[k];
        for (int j = 0; j < 3; j++)
            sent[k][j] = -1000000;
    }

    while (i < size) {
        uint8_t op = data[i++] % 6;
        int k = i < size ? data[i++] % N_MEMBERS : 0;

        switch (op) {
        case 0: {
            size_t len = i < size ? data[i++] : 0;
            uint8_t *buf;

            len = len < size - i ? len : size - i;
            buf = malloc(len ? len : 1);
            if (!buf)
                return 0;
            memcpy(buf, data + i, len);
            i += len;
            lacp_member_rx(&m[k], buf, len, now);
            frames[k]++;
            free(buf);
            break;
        }
        case 1: {
            now += 50 * (int64_t) (i < size ? data[i++] : 1);
            for (int j = 0; j < N_MEMBERS; j++) {
                uint8_t pdu[LACP_PDU_FRAME_LEN];
                bool tx;
                int64_t next = lacp_member_run(&m[j], now, &tx);

                FUZZ_CHECK(!next || next > now, "deadline %lld at %lld",
                           (long long) next, (long long) now);
                if (!tx)
                    continue;
                FUZZ_CHECK(now - sent[j][0] >= LACP_FAST_PERIODIC_MS,
                           "4th PDU within a second");
                memmove(sent[j], sent[j] + 1, 2 * sizeof sent[j][0]);
                sent[j][2] = now;
                check_pdu(&m[j], pdu,
                          lacp_member_build_pdu(&m[j], SYS, pdu, sizeof pdu, now));
            }
            break;
        }
        case 2:
            lacp_member_set_enabled(&m[k], !m[k].port_enabled, now);
            break;
        case 3:
            lacp_member_set_lacp_enabled(&m[k], !m[k].lacp_enabled, now);
            break;
        case 4: {
            struct lacp_actor_config c = config((uint16_t) (k + 1),
                                                i < size ? data[i++] : 0);

            lacp_member_configure(&m[k], &c, now);
            break;
        }
        case 5: {
            uint8_t pdu[LACP_PDU_FRAME_LEN] = { 0 };
            size_t len = i < size ? data[i++] % 37 : 0;

            pdu[12] = 0x88; pdu[13] = 0x09; pdu[14] = 1; pdu[15] = 1;
            pdu[16] = 1; pdu[17] = 20; pdu[36] = 2; pdu[37] = 20;
            pdu[56] = 3; pdu[57] = 16;
            len = len < size - i ? len : size - i;
            memcpy(pdu + 18, data + i, len < 18 ? len : 18);
            if (len > 18)
                memcpy(pdu + 38, data + i + 18, len - 18);
            i += len;
            FUZZ_CHECK(lacp_member_rx(&m[k], pdu, sizeof pdu, now), "valid PDU rejected");
            frames[k]++;
            break;
        }
        }
        lacp_bond_select(ptrs, N_MEMBERS, now);
        for (int j = 0; j < N_MEMBERS; j++) {
            const struct lacp_member_stats *s = &m[j].stats;

            check_member(&m[j]);
            FUZZ_CHECK(s->pdus_rx + s->markers_rx + s->bad_rx == frames[j],
                       "%llu frames, counted %llu", (unsigned long long) frames[j],
                       (unsigned long long) (s->pdus_rx + s->markers_rx + s->bad_rx));
        }
    }
    return 0;
}
