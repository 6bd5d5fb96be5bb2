/* LACP, IEEE 802.1AX-2008 clause 5.4: the machines of one member and the
 * Selection Logic of a bond (net/lacp.h; docs/bonding.md section 3 says what
 * is built and what is simplified). */
#include "lacp.h"

#include <stdio.h>
#include <string.h>

const uint8_t lacp_dst_mac[ETH_ADDR_LEN] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x02 };

/* LACPDU layout (802.1AX-2008 5.4.2.2), as offsets from the
 * destination MAC of an untagged frame. */
enum {
    PDU_ETH_TYPE = 12,
    PDU_SUBTYPE = 14,
    PDU_VERSION = 15,
    PDU_ACTOR_TLV = 16,                 /* type 1, length 20 */
    PDU_PARTNER_TLV = 36,               /* type 2, length 20 */
    PDU_COLLECTOR_TLV = 56,             /* type 3, length 16 */
    PDU_TERMINATOR_TLV = 72,            /* type 0, length 0 */
    PDU_INFO_TLV_LEN = 20,
    PDU_COLLECTOR_TLV_LEN = 16,
};

/* The fields of an actor or partner TLV that say who a port is; a change in
 * them is a change of partner (802.1AX-2008 5.4.9 update_Selected). */
static bool
same_identity(const struct lacp_info *a, const struct lacp_info *b)
{
    return a->sys_priority == b->sys_priority
        && !memcmp(a->sys_id, b->sys_id, ETH_ADDR_LEN)
        && a->key == b->key
        && a->port_priority == b->port_priority
        && a->port == b->port;
}

static uint16_t
get16(const uint8_t *p)
{
    return (uint16_t) (p[0] << 8 | p[1]);
}

static void
put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t) (v >> 8);
    p[1] = (uint8_t) v;
}

/* Reads the 18 bytes of information after a TLV header. */
static void
get_info(const uint8_t *p, struct lacp_info *info)
{
    info->sys_priority = get16(p);
    memcpy(info->sys_id, p + 2, ETH_ADDR_LEN);
    info->key = get16(p + 8);
    info->port_priority = get16(p + 10);
    info->port = get16(p + 12);
    info->state = p[14];
}

static void
put_info(uint8_t *p, const struct lacp_info *info)
{
    put16(p, info->sys_priority);
    memcpy(p + 2, info->sys_id, ETH_ADDR_LEN);
    put16(p + 8, info->key);
    put16(p + 10, info->port_priority);
    put16(p + 12, info->port);
    p[14] = info->state;
}

static void
set_bit(uint8_t *state, uint8_t bit, bool on)
{
    if (on)
        *state |= bit;
    else
        *state &= (uint8_t) ~bit;
}

static void
actor_from_config(struct lacp_member *m)
{
    m->actor.sys_priority = m->cfg.sys_priority;
    memcpy(m->actor.sys_id, m->cfg.sys_id, ETH_ADDR_LEN);
    m->actor.key = m->cfg.key;
    m->actor.port_priority = m->cfg.port_priority;
    m->actor.port = m->cfg.port;
    set_bit(&m->actor.state, LACP_STATE_ACTIVITY, m->cfg.active);
    set_bit(&m->actor.state, LACP_STATE_TIMEOUT, m->cfg.fast);
    /* Every member of a bond may aggregate with the others. */
    m->actor.state |= LACP_STATE_AGGREGATION;
}

static void
unselect(struct lacp_member *m)
{
    m->selected = false;
    m->standby = false;
}

/* recordDefault (802.1AX-2008 5.4.9): the partner's administrative values,
 * all zero here, so a defaulted member matches no aggregator
 * (docs/bonding.md section 3). */
static void
record_default(struct lacp_member *m)
{
    memset(&m->partner, 0, sizeof m->partner);
    m->actor.state |= LACP_STATE_DEFAULTED;
}

/* The mux machine, coupled control (802.1AX-2008 5.4.15). */
static void
mux_enter(struct lacp_member *m, enum lacp_mux_state s, int64_t now_ms)
{
    m->mux = s;
    switch (s) {
    case LACP_MUX_DETACHED:
        m->actor.state &= (uint8_t) ~(LACP_STATE_SYNC | LACP_STATE_COLLECTING
                                      | LACP_STATE_DISTRIBUTING);
        m->wait_while = 0;
        m->ntt = true;
        break;
    case LACP_MUX_WAITING:
        m->wait_while = now_ms + LACP_AGGREGATE_WAIT_MS;
        break;
    case LACP_MUX_ATTACHED:
        m->actor.state |= LACP_STATE_SYNC;
        m->actor.state &= (uint8_t) ~(LACP_STATE_COLLECTING | LACP_STATE_DISTRIBUTING);
        m->wait_while = 0;
        m->ntt = true;
        break;
    case LACP_MUX_COLLECTING_DISTRIBUTING:
        m->actor.state |= LACP_STATE_COLLECTING | LACP_STATE_DISTRIBUTING;
        m->ntt = true;
        break;
    }
}

/* Takes every transition the mux machine can take now.  Ready (5.4.8) is
 * simplified to this member's own wait_while: the wait exists so that
 * links coming up together join together, and members of a bond come up
 * within the same 2 s in practice (docs/bonding.md section 3). */
static void
mux_run(struct lacp_member *m, int64_t now_ms)
{
    bool partner_sync = m->partner.state & LACP_STATE_SYNC;

    for (int i = 0; i < 4; i++) {
        enum lacp_mux_state old = m->mux;

        switch (m->mux) {
        case LACP_MUX_DETACHED:
            if (m->selected || m->standby)
                mux_enter(m, LACP_MUX_WAITING, now_ms);
            break;
        case LACP_MUX_WAITING:
            if (!m->selected && !m->standby)
                mux_enter(m, LACP_MUX_DETACHED, now_ms);
            else if (m->selected && now_ms >= m->wait_while)
                mux_enter(m, LACP_MUX_ATTACHED, now_ms);
            break;
        case LACP_MUX_ATTACHED:
            if (!m->selected)
                mux_enter(m, LACP_MUX_DETACHED, now_ms);
            else if (partner_sync)
                mux_enter(m, LACP_MUX_COLLECTING_DISTRIBUTING, now_ms);
            break;
        case LACP_MUX_COLLECTING_DISTRIBUTING:
            if (!m->selected || !partner_sync)
                mux_enter(m, LACP_MUX_ATTACHED, now_ms);
            break;
        }
        if (m->mux == old)
            break;
    }
}

/* The receive machine's states (802.1AX-2008 5.4.12). */
static void
rx_enter_expired(struct lacp_member *m, int64_t now_ms)
{
    m->rx = LACP_RX_EXPIRED;
    m->partner.state &= (uint8_t) ~LACP_STATE_SYNC;
    /* Ask for fast PDUs: the partner gets one short timeout to speak. */
    m->partner.state |= LACP_STATE_TIMEOUT;
    m->current_while = now_ms + LACP_SHORT_TIMEOUT_MS;
    m->actor.state |= LACP_STATE_EXPIRED;
}

static void
rx_enter_defaulted(struct lacp_member *m)
{
    static const struct lacp_info zero;

    m->rx = LACP_RX_DEFAULTED;
    /* update_Default_Selected. */
    if (!same_identity(&m->partner, &zero)
        || ((m->partner.state ^ zero.state) & LACP_STATE_AGGREGATION))
        unselect(m);
    record_default(m);
    m->current_while = 0;
    m->actor.state &= (uint8_t) ~LACP_STATE_EXPIRED;
}

static void
rx_enter_lacp_disabled(struct lacp_member *m)
{
    m->rx = LACP_RX_LACP_DISABLED;
    unselect(m);
    record_default(m);
    m->partner.state &= (uint8_t) ~LACP_STATE_AGGREGATION;
    m->current_while = 0;
    m->actor.state &= (uint8_t) ~LACP_STATE_EXPIRED;
}

static void
rx_enter_port_disabled(struct lacp_member *m)
{
    m->rx = LACP_RX_PORT_DISABLED;
    m->partner.state &= (uint8_t) ~LACP_STATE_SYNC;
    m->current_while = 0;
}

/* What an enabled port does next (PORT_DISABLED's exits). */
static void
rx_enable(struct lacp_member *m, int64_t now_ms)
{
    if (m->lacp_enabled)
        rx_enter_expired(m, now_ms);
    else
        rx_enter_lacp_disabled(m);
}

void
lacp_member_init(struct lacp_member *m, const struct lacp_actor_config *cfg,
                 int64_t now_ms)
{
    memset(m, 0, sizeof *m);
    m->cfg = *cfg;
    m->lacp_enabled = true;
    for (int i = 0; i < LACP_TX_MAX_PER_SECOND; i++)
        m->tx_times[i] = INT64_MIN / 2;
    actor_from_config(m);
    /* INITIALIZE (5.4.12): unselected, defaulted, not expired. */
    record_default(m);
    rx_enter_port_disabled(m);
    mux_enter(m, LACP_MUX_DETACHED, now_ms);
}

void
lacp_member_configure(struct lacp_member *m, const struct lacp_actor_config *cfg,
                      int64_t now_ms)
{
    struct lacp_info old = m->actor;
    uint8_t old_state = m->actor.state;

    if (m->cfg.key != cfg->key || m->cfg.sys_priority != cfg->sys_priority
        || memcmp(m->cfg.sys_id, cfg->sys_id, ETH_ADDR_LEN))
        unselect(m);
    m->cfg = *cfg;
    actor_from_config(m);
    if (!same_identity(&old, &m->actor)
        || ((old_state ^ m->actor.state) & (LACP_STATE_ACTIVITY | LACP_STATE_TIMEOUT)))
        m->ntt = true;
    mux_run(m, now_ms);
}

void
lacp_member_set_enabled(struct lacp_member *m, bool enabled, int64_t now_ms)
{
    if (enabled == m->port_enabled)
        return;
    m->port_enabled = enabled;
    if (enabled) {
        rx_enable(m, now_ms);
        /* So the partner hears of us now rather than a periodic time later. */
        m->ntt = true;
    } else {
        rx_enter_port_disabled(m);
        /* Failover must not wait for the partner's silence (docs/bonding.md
         * section 3): the member leaves its aggregator at once. */
        unselect(m);
        mux_run(m, now_ms);
    }
}

void
lacp_member_set_lacp_enabled(struct lacp_member *m, bool enabled, int64_t now_ms)
{
    if (enabled == m->lacp_enabled)
        return;
    m->lacp_enabled = enabled;
    if (m->port_enabled) {
        rx_enable(m, now_ms);
        m->ntt = enabled;
    }
    if (!enabled)
        unselect(m);
    mux_run(m, now_ms);
}

bool
lacp_is_slow_protocol(const struct frame *f)
{
    return f->eth_type == LACP_ETH_TYPE;
}

/* Parses a LACPDU; false for anything malformed.  Liberal where 802.1AX
 * allows it (a later version, bytes after the PDU), strict where a wrong
 * length would make us read the wrong fields. */
static bool
parse_pdu(const uint8_t *data, size_t len, struct lacp_info *actor,
          struct lacp_info *partner)
{
    if (len < LACP_PDU_FRAME_LEN || get16(data + PDU_ETH_TYPE) != LACP_ETH_TYPE
        || data[PDU_SUBTYPE] != LACP_SUBTYPE_LACP || data[PDU_VERSION] < 1
        || data[PDU_ACTOR_TLV] != 1 || data[PDU_ACTOR_TLV + 1] != PDU_INFO_TLV_LEN
        || data[PDU_PARTNER_TLV] != 2 || data[PDU_PARTNER_TLV + 1] != PDU_INFO_TLV_LEN
        || data[PDU_COLLECTOR_TLV] != 3
        || data[PDU_COLLECTOR_TLV + 1] != PDU_COLLECTOR_TLV_LEN)
        return false;
    /* Version 1 ends with the terminator; a later version may put TLVs of
     * its own there (802.1AX-2008 5.4.2.2; docs/bonding.md section 3.1). */
    if (data[PDU_VERSION] == 1
        && (data[PDU_TERMINATOR_TLV] != 0 || data[PDU_TERMINATOR_TLV + 1] != 0))
        return false;
    get_info(data + PDU_ACTOR_TLV + 2, actor);
    get_info(data + PDU_PARTNER_TLV + 2, partner);
    return true;
}

/* recordPDU (802.1AX-2008 5.4.9): the partner is who the PDU's actor is; it
 * is in sync with us when it says so and has our information right (or is
 * an individual link), and one of us is active. */
static void
record_pdu(struct lacp_member *m, const struct lacp_info *actor,
           const struct lacp_info *partner)
{
    bool matches = same_identity(partner, &m->actor)
        && !((partner->state ^ m->actor.state) & LACP_STATE_AGGREGATION);
    bool sync = (matches || !(actor->state & LACP_STATE_AGGREGATION))
        && (actor->state & LACP_STATE_SYNC)
        && ((actor->state & LACP_STATE_ACTIVITY)
            || ((m->actor.state & LACP_STATE_ACTIVITY)
                && (partner->state & LACP_STATE_ACTIVITY)));

    m->partner = *actor;
    set_bit(&m->partner.state, LACP_STATE_SYNC, sync);
    m->actor.state &= (uint8_t) ~LACP_STATE_DEFAULTED;
}

bool
lacp_member_rx(struct lacp_member *m, const uint8_t *data, size_t len, int64_t now_ms)
{
    struct lacp_info actor, partner;

    if (len > PDU_SUBTYPE && get16(data + PDU_ETH_TYPE) == LACP_ETH_TYPE
        && data[PDU_SUBTYPE] == LACP_SUBTYPE_MARKER) {
        /* No marker responder (docs/bonding.md section 3): the peer's
         * marker times out and it moves flows anyway. */
        m->stats.markers_rx++;
        return false;
    }
    if (!parse_pdu(data, len, &actor, &partner)) {
        m->stats.bad_rx++;
        return false;
    }
    m->stats.pdus_rx++;
    if (!m->port_enabled || !m->lacp_enabled)
        return true;

    /* CURRENT (5.4.12): update_Selected, update_NTT, recordPDU, then
     * current_while from our own timeout. */
    if (!same_identity(&actor, &m->partner)
        || ((actor.state ^ m->partner.state) & LACP_STATE_AGGREGATION))
        unselect(m);
    if (!same_identity(&partner, &m->actor)
        || ((partner.state ^ m->actor.state)
            & (LACP_STATE_ACTIVITY | LACP_STATE_TIMEOUT | LACP_STATE_SYNC
               | LACP_STATE_AGGREGATION)))
        m->ntt = true;
    record_pdu(m, &actor, &partner);
    m->rx = LACP_RX_CURRENT;
    m->current_while = now_ms + (m->actor.state & LACP_STATE_TIMEOUT
                                 ? LACP_SHORT_TIMEOUT_MS : LACP_LONG_TIMEOUT_MS);
    m->actor.state &= (uint8_t) ~LACP_STATE_EXPIRED;
    mux_run(m, now_ms);
    return true;
}

/* Whether the member has a partner that may form an aggregator: it spoke
 * within the timeout (CURRENT) or one timeout ago (EXPIRED, kept so a
 * short silence does not tear the aggregator down; such a member is out of
 * sync and so not distributing). */
static bool
has_partner(const struct lacp_member *m)
{
    return m->port_enabled && m->lacp_enabled
        && (m->rx == LACP_RX_CURRENT || m->rx == LACP_RX_EXPIRED);
}

/* Loopback: the link comes back to this very bond (same system, same key),
 * which must not aggregate with itself (docs/bonding.md section 3.5). */
static bool
looped(const struct lacp_member *m)
{
    return !memcmp(m->partner.sys_id, m->actor.sys_id, ETH_ADDR_LEN)
        && m->partner.key == m->actor.key;
}

static bool
same_aggregator(const struct lacp_member *a, const struct lacp_member *b)
{
    return a->partner.sys_priority == b->partner.sys_priority
        && !memcmp(a->partner.sys_id, b->partner.sys_id, ETH_ADDR_LEN)
        && a->partner.key == b->partner.key;
}

/* Whether 'a' should lead the aggregator rather than 'b': a member already
 * attached keeps the aggregator (a new link to another partner must not
 * take it from working ones), then the lower port priority, then port. */
static bool
better_lead(const struct lacp_member *a, const struct lacp_member *b)
{
    bool a_up = a->selected && a->mux >= LACP_MUX_ATTACHED;
    bool b_up = b->selected && b->mux >= LACP_MUX_ATTACHED;

    if (a_up != b_up)
        return a_up;
    if (a->actor.port_priority != b->actor.port_priority)
        return a->actor.port_priority < b->actor.port_priority;
    return a->actor.port < b->actor.port;
}

void
lacp_bond_select(struct lacp_member *const *members, size_t n, int64_t now_ms)
{
    const struct lacp_member *lead = NULL;

    for (size_t i = 0; i < n; i++) {
        const struct lacp_member *m = members[i];

        if (m->rx == LACP_RX_CURRENT && has_partner(m) && !looped(m)
            && (!lead || better_lead(m, lead)))
            lead = m;
    }
    for (size_t i = 0; i < n; i++) {
        struct lacp_member *m = members[i];
        /* An individual link (its partner's Aggregation bit clear) is an
         * aggregator of its own: it joins only as the lead. */
        bool individual = !(m->partner.state & LACP_STATE_AGGREGATION)
                          || (lead && !(lead->partner.state & LACP_STATE_AGGREGATION));

        unselect(m);
        if (!has_partner(m) || looped(m))
            ;
        else if (m == lead || (lead && same_aggregator(m, lead) && !individual))
            m->selected = true;
        else
            m->standby = true;
        mux_run(m, now_ms);
    }
}

/* The periodic machine (802.1AX-2008 5.4.13): the period the
 * partner asked for with its Timeout bit, none when the port is off or
 * neither side is active. */
static int64_t
periodic_time(const struct lacp_member *m)
{
    if (!m->port_enabled || !m->lacp_enabled
        || !((m->actor.state | m->partner.state) & LACP_STATE_ACTIVITY))
        return 0;
    return m->partner.state & LACP_STATE_TIMEOUT ? LACP_FAST_PERIODIC_MS
                                                 : LACP_SLOW_PERIODIC_MS;
}

/* When the transmit machine may send again: no more than 3 LACPDUs in any
 * Fast_Periodic_Time (802.1AX-2008 5.4.16). */
static int64_t
tx_allowed_at(const struct lacp_member *m)
{
    return m->tx_times[m->tx_next] + LACP_FAST_PERIODIC_MS;
}

static int64_t
earliest(int64_t a, int64_t b)
{
    return !a ? b : !b ? a : a < b ? a : b;
}

int64_t
lacp_member_run(struct lacp_member *m, int64_t now_ms, bool *transmit)
{
    int64_t period, next;

    *transmit = false;

    /* current_while (5.4.12). */
    if (m->current_while && now_ms >= m->current_while) {
        if (m->rx == LACP_RX_CURRENT)
            rx_enter_expired(m, now_ms);
        else if (m->rx == LACP_RX_EXPIRED)
            rx_enter_defaulted(m);
    }

    period = periodic_time(m);
    if (!period) {
        m->periodic_at = 0;
    } else if (!m->periodic_at) {
        m->periodic_at = now_ms + period;
    } else if (period == LACP_FAST_PERIODIC_MS && !m->partner_fast) {
        /* SLOW_PERIODIC -> PERIODIC_TX when the partner asks for short
         * timeouts: it must hear from us within its 3 s. */
        m->ntt = true;
        m->periodic_at = now_ms + period;
    } else if (now_ms >= m->periodic_at) {
        m->ntt = true;
        m->periodic_at = now_ms + period;
    }
    m->partner_fast = period == LACP_FAST_PERIODIC_MS;

    mux_run(m, now_ms);

    next = earliest(m->current_while, m->periodic_at);
    if (m->mux == LACP_MUX_WAITING && m->selected)
        next = earliest(next, m->wait_while);

    if (m->ntt) {
        if (!period) {
            /* NO_PERIODIC: the transmit machine sends nothing (passive
             * facing passive, or the port off). */
            m->ntt = false;
        } else if (now_ms >= tx_allowed_at(m)) {
            *transmit = true;
        } else {
            next = earliest(next, tx_allowed_at(m));
        }
    }
    return next;
}

size_t
lacp_member_build_pdu(struct lacp_member *m, const uint8_t src_mac[ETH_ADDR_LEN],
                      uint8_t *buf, size_t size, int64_t now_ms)
{
    if (size < LACP_PDU_FRAME_LEN)
        return 0;
    memset(buf, 0, LACP_PDU_FRAME_LEN);
    memcpy(buf, lacp_dst_mac, ETH_ADDR_LEN);
    memcpy(buf + ETH_ADDR_LEN, src_mac, ETH_ADDR_LEN);
    put16(buf + PDU_ETH_TYPE, LACP_ETH_TYPE);
    buf[PDU_SUBTYPE] = LACP_SUBTYPE_LACP;
    buf[PDU_VERSION] = 1;
    buf[PDU_ACTOR_TLV] = 1;
    buf[PDU_ACTOR_TLV + 1] = PDU_INFO_TLV_LEN;
    put_info(buf + PDU_ACTOR_TLV + 2, &m->actor);
    buf[PDU_PARTNER_TLV] = 2;
    buf[PDU_PARTNER_TLV + 1] = PDU_INFO_TLV_LEN;
    put_info(buf + PDU_PARTNER_TLV + 2, &m->partner);
    buf[PDU_COLLECTOR_TLV] = 3;
    buf[PDU_COLLECTOR_TLV + 1] = PDU_COLLECTOR_TLV_LEN;
    /* CollectorMaxDelay 0 and the terminator are the zeros memset wrote. */

    m->tx_times[m->tx_next] = now_ms;
    m->tx_next = (uint8_t) ((m->tx_next + 1) % LACP_TX_MAX_PER_SECOND);
    m->tx_in_second = 0;
    for (int i = 0; i < LACP_TX_MAX_PER_SECOND; i++)
        m->tx_in_second += now_ms - m->tx_times[i] < LACP_FAST_PERIODIC_MS;
    m->last_tx = now_ms;
    m->stats.pdus_tx++;
    m->ntt = false;
    return LACP_PDU_FRAME_LEN;
}

bool
lacp_member_distributing(const struct lacp_member *m)
{
    return m->mux == LACP_MUX_COLLECTING_DISTRIBUTING;
}

const char *
lacp_rx_state_name(enum lacp_rx_state s)
{
    switch (s) {
    case LACP_RX_PORT_DISABLED: return "PORT_DISABLED";
    case LACP_RX_LACP_DISABLED: return "LACP_DISABLED";
    case LACP_RX_EXPIRED: return "EXPIRED";
    case LACP_RX_DEFAULTED: return "DEFAULTED";
    case LACP_RX_CURRENT: return "CURRENT";
    }
    return "?";
}

const char *
lacp_mux_state_name(enum lacp_mux_state s)
{
    switch (s) {
    case LACP_MUX_DETACHED: return "DETACHED";
    case LACP_MUX_WAITING: return "WAITING";
    case LACP_MUX_ATTACHED: return "ATTACHED";
    case LACP_MUX_COLLECTING_DISTRIBUTING: return "COLLECTING_DISTRIBUTING";
    }
    return "?";
}

void
lacp_state_format(uint8_t state, char *buf, size_t size)
{
    static const char *const words[8] = {
        "activity", "timeout", "aggregation", "synchronized",
        "collecting", "distributing", "defaulted", "expired",
    };
    size_t len = 0;

    if (size)
        buf[0] = '\0';
    for (int bit = 0; bit < 8; bit++) {
        if (!(state & (1u << bit)))
            continue;
        int n = snprintf(buf + len, len < size ? size - len : 0, "%s%s", len ? " " : "",
                         words[bit]);
        if (n < 0 || (size_t) n >= (len < size ? size - len : 0)) {
            if (len < size)
                buf[len] = '\0';       /* whole words only */
            return;
        }
        len += (size_t) n;
    }
}
