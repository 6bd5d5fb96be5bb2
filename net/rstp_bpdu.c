/* BPDUs, IEEE 802.1D-2004 clause 9: the codec of net/rstp.h, the names of
 * roles and states, the path cost of table 17-3, and the check of a
 * bridge's settings (section 17.14). */
#include "rstp_private.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Sizes of the BPDUs (section 9.3.4) after the LLC header. */
#define BPDU_CONFIG_LEN 35
#define BPDU_TCN_LEN    4
#define BPDU_RST_LEN    36
#define BPDU_TYPE_CONFIG 0x00
#define BPDU_TYPE_RST    0x02
#define BPDU_TYPE_TCN    0x80
#define LLC_LEN          3
#define LLC_UI           0x03

static uint16_t
get16(const uint8_t *p)
{
    return (uint16_t) (p[0] << 8 | p[1]);
}

static uint32_t
get32(const uint8_t *p)
{
    return (uint32_t) get16(p) << 16 | get16(p + 2);
}

static struct rstp_bridge_id
get_id(const uint8_t *p)
{
    struct rstp_bridge_id id = { .priority = get16(p) };

    memcpy(id.addr, p + 2, ETH_ADDR_LEN);
    return id;
}

static uint8_t *
put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t) (v >> 8);
    p[1] = (uint8_t) v;
    return p + 2;
}

static uint8_t *
put32(uint8_t *p, uint32_t v)
{
    return put16(put16(p, (uint16_t) (v >> 16)), (uint16_t) v);
}

static uint8_t *
put_id(uint8_t *p, const struct rstp_bridge_id *id)
{
    p = put16(p, id->priority);
    memcpy(p, id->addr, ETH_ADDR_LEN);
    return p + ETH_ADDR_LEN;
}

int
rstp_bpdu_parse(const uint8_t *frame, size_t len, struct rstp_bpdu *out)
{
    const uint8_t *b;
    size_t n;

    if (len < ETH_HEADER_LEN + LLC_LEN)
        return EINVAL;
    /* An 802.3 length, not an EtherType, and no more than arrived. */
    n = get16(frame + 2 * ETH_ADDR_LEN);
    if (n < LLC_LEN || n > len - ETH_HEADER_LEN)
        return EINVAL;
    b = frame + ETH_HEADER_LEN;
    if (b[0] != RSTP_LLC_SAP || b[1] != RSTP_LLC_SAP || b[2] != LLC_UI)
        return EINVAL;
    b += LLC_LEN;
    n -= LLC_LEN;
    /* Section 9.3.4: Protocol Identifier 0, then the type decides. */
    if (n < BPDU_TCN_LEN || get16(b) != 0)
        return EINVAL;
    memset(out, 0, sizeof *out);
    out->version = b[2];
    switch (b[3]) {
    case BPDU_TYPE_TCN:
        out->type = RSTP_BPDU_TCN;
        return 0;
    case BPDU_TYPE_CONFIG:
        if (n < BPDU_CONFIG_LEN)
            return EINVAL;
        out->type = RSTP_BPDU_CONFIG;
        break;
    case BPDU_TYPE_RST:
        if (out->version < 2 || n < BPDU_RST_LEN)
            return EINVAL;
        out->type = RSTP_BPDU_RST;
        break;
    default:
        return EINVAL;
    }
    out->flags = b[4];
    out->root_id = get_id(b + 5);
    out->root_path_cost = get32(b + 13);
    out->bridge_id = get_id(b + 17);
    out->port_id = get16(b + 25);
    out->message_age = get16(b + 27);
    out->max_age = get16(b + 29);
    out->hello_time = get16(b + 31);
    out->forward_delay = get16(b + 33);
    /* Section 9.3.4 a): a Configuration BPDU whose Message Age has reached
     * its Max Age is not to be processed. */
    if (out->type == RSTP_BPDU_CONFIG && out->message_age >= out->max_age)
        return EINVAL;
    return 0;
}

size_t
rstp_bpdu_build(const struct rstp_bpdu *bpdu, const uint8_t src[ETH_ADDR_LEN],
                uint8_t buf[RSTP_FRAME_MAX])
{
    static const uint8_t group[ETH_ADDR_LEN] = RSTP_GROUP_ADDR;
    size_t blen = bpdu->type == RSTP_BPDU_TCN ? BPDU_TCN_LEN
                  : bpdu->type == RSTP_BPDU_RST ? BPDU_RST_LEN : BPDU_CONFIG_LEN;
    uint8_t *p = buf;

    memset(buf, 0, RSTP_FRAME_MAX);
    memcpy(p, group, ETH_ADDR_LEN);
    memcpy(p + ETH_ADDR_LEN, src, ETH_ADDR_LEN);
    p = put16(p + 2 * ETH_ADDR_LEN, (uint16_t) (LLC_LEN + blen));
    *p++ = RSTP_LLC_SAP;
    *p++ = RSTP_LLC_SAP;
    *p++ = LLC_UI;
    p = put16(p, 0);
    *p++ = bpdu->version;
    *p++ = bpdu->type == RSTP_BPDU_TCN ? BPDU_TYPE_TCN
           : bpdu->type == RSTP_BPDU_RST ? BPDU_TYPE_RST : BPDU_TYPE_CONFIG;
    if (bpdu->type != RSTP_BPDU_TCN) {
        *p++ = bpdu->flags;
        p = put_id(p, &bpdu->root_id);
        p = put32(p, bpdu->root_path_cost);
        p = put_id(p, &bpdu->bridge_id);
        p = put16(p, bpdu->port_id);
        p = put16(p, bpdu->message_age);
        p = put16(p, bpdu->max_age);
        p = put16(p, bpdu->hello_time);
        p = put16(p, bpdu->forward_delay);
        if (bpdu->type == RSTP_BPDU_RST)
            *p++ = 0;               /* Version 1 Length (section 9.3.3) */
    }
    return RSTP_FRAME_MAX;
}

uint32_t
rstp_path_cost_for_speed(uint32_t speed_mbps)
{
    /* Table 17-3: 20,000,000 at 1 Mb/s, ten times less per decade; a
     * speed between decades gets the same proportion. */
    if (!speed_mbps)
        return 20000;
    return speed_mbps > 20000000 ? 1 : 20000000 / speed_mbps;
}

int
rstp_bridge_config_check(const struct rstp_bridge_config *cfg, char *err, size_t err_size)
{
    if (cfg->priority > RSTP_PRIORITY_MAX || cfg->priority % RSTP_PRIORITY_STEP) {
        snprintf(err, err_size, "invalid bridge priority %u (0-%u in steps of %u)",
                 cfg->priority, RSTP_PRIORITY_MAX, RSTP_PRIORITY_STEP);
        return EINVAL;
    }
    if (cfg->hello_s < RSTP_HELLO_MIN_S || cfg->hello_s > RSTP_HELLO_MAX_S) {
        snprintf(err, err_size, "invalid hello time %u (%u-%u seconds)", cfg->hello_s,
                 RSTP_HELLO_MIN_S, RSTP_HELLO_MAX_S);
        return EINVAL;
    }
    if (cfg->max_age_s < RSTP_MAX_AGE_MIN_S || cfg->max_age_s > RSTP_MAX_AGE_MAX_S) {
        snprintf(err, err_size, "invalid max age %u (%u-%u seconds)", cfg->max_age_s,
                 RSTP_MAX_AGE_MIN_S, RSTP_MAX_AGE_MAX_S);
        return EINVAL;
    }
    if (cfg->forward_delay_s < RSTP_FWD_DELAY_MIN_S
        || cfg->forward_delay_s > RSTP_FWD_DELAY_MAX_S) {
        snprintf(err, err_size, "invalid forward delay %u (%u-%u seconds)",
                 cfg->forward_delay_s, RSTP_FWD_DELAY_MIN_S, RSTP_FWD_DELAY_MAX_S);
        return EINVAL;
    }
    if (cfg->tx_hold_count < RSTP_TX_HOLD_MIN || cfg->tx_hold_count > RSTP_TX_HOLD_MAX) {
        snprintf(err, err_size, "invalid transmit hold count %u (%u-%u)", cfg->tx_hold_count,
                 RSTP_TX_HOLD_MIN, RSTP_TX_HOLD_MAX);
        return EINVAL;
    }
    if (2 * (cfg->forward_delay_s - 1) < cfg->max_age_s) {
        snprintf(err, err_size, "max age %u needs forward delay %u or more "
                 "(2 * (forward delay - 1) >= max age)", cfg->max_age_s,
                 (cfg->max_age_s + 1) / 2 + 1);
        return EINVAL;
    }
    if (cfg->max_age_s < 2 * (cfg->hello_s + 1)) {
        snprintf(err, err_size, "hello time %u needs max age %u or more "
                 "(max age >= 2 * (hello time + 1))", cfg->hello_s, 2 * (cfg->hello_s + 1));
        return EINVAL;
    }
    return 0;
}

const char *
rstp_role_ios_name(enum rstp_role role)
{
    static const char *const names[] = { "Disabled", "Root", "Desg", "Altn", "Back" };

    return (unsigned) role < sizeof names / sizeof *names ? names[role] : "?";
}

const char *
rstp_state_ios_name(enum rstp_state state)
{
    static const char *const names[] = { "BLK", "LRN", "FWD" };

    return (unsigned) state < sizeof names / sizeof *names ? names[state] : "?";
}

const char *
rstp_role_name(enum rstp_role role)
{
    static const char *const names[] = { "Disabled", "Root", "Designated", "Alternate",
                                         "Backup" };

    return (unsigned) role < sizeof names / sizeof *names ? names[role] : "?";
}

const char *
rstp_state_name(enum rstp_state state)
{
    static const char *const names[] = { "Discarding", "Learning", "Forwarding" };

    return (unsigned) state < sizeof names / sizeof *names ? names[state] : "?";
}
