/* LLDP, IEEE 802.1AB-2009 sections 8 and 10.3.2: building and parsing
 * LLDPDUs (net/lldp.h). */
#include "lldp.h"

#include <stdio.h>
#include <string.h>

static const uint8_t nearest_bridge[ETH_ADDR_LEN] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e };

bool
lldp_is_lldp_dst(const uint8_t mac[ETH_ADDR_LEN])
{
    /* 01:80:c2:00:00:{00,03,0e} */
    return mac[0] == 0x01 && mac[1] == 0x80 && mac[2] == 0xc2 && mac[3] == 0 && mac[4] == 0
           && (mac[5] == 0x0e || mac[5] == 0x03 || mac[5] == 0x00);
}

/* Building. */

struct writer {
    uint8_t *buf;
    size_t size, len;
    bool ok;
};

static void
put(struct writer *w, const void *p, size_t n)
{
    if (!w->ok || n > w->size - w->len) {
        w->ok = false;
        return;
    }
    memcpy(w->buf + w->len, p, n);
    w->len += n;
}

static void
put8(struct writer *w, uint8_t v)
{
    put(w, &v, 1);
}

static void
put16(struct writer *w, uint16_t v)
{
    uint8_t b[2] = { (uint8_t) (v >> 8), (uint8_t) v };
    put(w, b, 2);
}

static void
put32(struct writer *w, uint32_t v)
{
    put16(w, (uint16_t) (v >> 16));
    put16(w, (uint16_t) v);
}

/* A TLV header: 7 bits of type, 9 bits of length. */
static void
put_tlv(struct writer *w, enum lldp_tlv_type type, size_t len)
{
    put16(w, (uint16_t) ((unsigned) type << 9 | (len & 0x1ff)));
}

static size_t
cut(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    return n > LLDP_STRING_MAX ? LLDP_STRING_MAX : n;
}

static void
put_string_tlv(struct writer *w, enum lldp_tlv_type type, const char *s)
{
    size_t n = cut(s);

    if (n) {
        put_tlv(w, type, n);
        put(w, s, n);
    }
}

size_t
lldp_build(const struct lldp_tx *tx, const uint8_t src_mac[ETH_ADDR_LEN], uint8_t *buf,
           size_t size)
{
    struct writer w = { buf, size, 0, true };
    size_t port_len = cut(tx->port_id);

    if (!port_len)
        return 0;
    put(&w, nearest_bridge, ETH_ADDR_LEN);
    put(&w, src_mac, ETH_ADDR_LEN);
    put16(&w, LLDP_ETH_TYPE);

    put_tlv(&w, LLDP_TLV_CHASSIS_ID, 1 + ETH_ADDR_LEN);
    put8(&w, LLDP_CHASSIS_MAC);
    put(&w, tx->chassis_mac, ETH_ADDR_LEN);
    put_tlv(&w, LLDP_TLV_PORT_ID, 1 + port_len);
    put8(&w, LLDP_PORT_IFNAME);
    put(&w, tx->port_id, port_len);
    put_tlv(&w, LLDP_TLV_TTL, 2);
    put16(&w, tx->ttl);

    put_string_tlv(&w, LLDP_TLV_PORT_DESC, tx->port_desc);
    put_string_tlv(&w, LLDP_TLV_SYS_NAME, tx->sys_name);
    put_string_tlv(&w, LLDP_TLV_SYS_DESC, tx->sys_desc);
    if (tx->caps || tx->caps_enabled) {
        put_tlv(&w, LLDP_TLV_SYS_CAPS, 4);
        put16(&w, tx->caps);
        put16(&w, tx->caps_enabled);
    }
    if (tx->mgmt_subtype == LLDP_MGMT_IPV4 || tx->mgmt_subtype == LLDP_MGMT_IPV6) {
        size_t alen = tx->mgmt_subtype == LLDP_MGMT_IPV4 ? 4 : 16;

        /* Address string length, subtype, address; interface numbering
         * subtype 2 (ifIndex) and number; OID string length 0. */
        put_tlv(&w, LLDP_TLV_MGMT_ADDR, 1 + 1 + alen + 1 + 4 + 1);
        put8(&w, (uint8_t) (1 + alen));
        put8(&w, tx->mgmt_subtype);
        put(&w, tx->mgmt_addr, alen);
        put8(&w, 2);
        put32(&w, tx->mgmt_ifindex);
        put8(&w, 0);
    }
    put_tlv(&w, LLDP_TLV_END, 0);
    return w.ok ? w.len : 0;
}

/* Parsing. */

static uint16_t
get16(const uint8_t *p)
{
    return (uint16_t) (p[0] << 8 | p[1]);
}

static void
copy_string(char *dst, const uint8_t *src, size_t len)
{
    for (size_t i = 0; i < len; i++)
        dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? (char) src[i] : '?';
    dst[len] = '\0';
}

/* A Chassis ID or Port ID TLV: subtype and 1-255 bytes of ID. */
static bool
get_id(const uint8_t *v, size_t len, uint8_t *subtype, uint8_t *id, uint8_t *id_len)
{
    if (len < 2 || len > 1 + LLDP_ID_MAX)
        return false;
    *subtype = v[0];
    *id_len = (uint8_t) (len - 1);
    memcpy(id, v + 1, len - 1);
    return true;
}

/* A Management Address TLV (802.1AB-2009 section 8.5.9): address string
 * length (2-32, counting the subtype), subtype, address, interface
 * numbering subtype, number (4 bytes), OID string length (0-128), OID.
 * Each length must agree with the TLV's. */
static bool
mgmt_ok(const uint8_t *v, size_t len)
{
    size_t alen, oid_ofs;

    if (len < 9 || len > 167)
        return false;
    alen = v[0];
    if (alen < 2 || alen > 1 + LLDP_MGMT_ADDR_MAX || 1 + alen + 5 + 1 > len)
        return false;
    oid_ofs = 1 + alen + 5;
    return v[oid_ofs] <= 128 && oid_ofs + 1 + v[oid_ofs] == len;
}

enum lldp_parse_error
lldp_parse(const uint8_t *data, size_t len, struct lldp_neighbor_info *info,
           struct lldp_parse_stats *stats)
{
    bool seen[LLDP_TLV_MGMT_ADDR + 1] = { false };
    size_t ofs = ETH_HEADER_LEN;
    unsigned n = 0;

    memset(info, 0, sizeof *info);
    memset(stats, 0, sizeof *stats);
    if (len < ETH_HEADER_LEN || get16(data + 12) != LLDP_ETH_TYPE)
        return LLDP_ERR_NOT_LLDP;
    for (;; n++) {
        const uint8_t *v;
        unsigned type;
        size_t tlen;

        if (ofs == len) {
            /* No End TLV: 802.1AB-2009 still takes the LLDPDU, once the
             * mandatory TLVs were all there. */
            break;
        }
        if (len - ofs < 2)
            return LLDP_ERR_TRUNCATED;
        type = data[ofs] >> 1;
        tlen = (size_t) (data[ofs] & 1) << 8 | data[ofs + 1];
        ofs += 2;
        if (tlen > len - ofs)
            return LLDP_ERR_TRUNCATED;
        v = data + ofs;
        ofs += tlen;

        /* The first three are Chassis ID, Port ID and TTL, in that order
         * (802.1AB-2009 section 10.3.2, items a-c). */
        if (n < 3) {
            bool ok = type == (unsigned) LLDP_TLV_CHASSIS_ID + n;

            if (ok && type == LLDP_TLV_CHASSIS_ID)
                ok = get_id(v, tlen, &info->chassis_subtype, info->chassis_id,
                            &info->chassis_len);
            else if (ok && type == LLDP_TLV_PORT_ID)
                ok = get_id(v, tlen, &info->port_subtype, info->port_id, &info->port_len);
            else if (ok)
                ok = tlen >= 2;     /* longer: the rest is ignored (section 10.3.2) */
            if (!ok)
                return LLDP_ERR_MANDATORY;
            if (type == LLDP_TLV_TTL)
                info->ttl = get16(v);
            continue;
        }
        switch (type) {
        case LLDP_TLV_END:
            return LLDP_OK;
        case LLDP_TLV_CHASSIS_ID:
        case LLDP_TLV_PORT_ID:
        case LLDP_TLV_TTL:
            return LLDP_ERR_MANDATORY;      /* repeated */
        case LLDP_TLV_PORT_DESC:
        case LLDP_TLV_SYS_NAME:
        case LLDP_TLV_SYS_DESC:
            if (seen[type]) {
                stats->tlvs_discarded++;
                break;
            }
            seen[type] = true;
            copy_string(type == LLDP_TLV_PORT_DESC ? info->port_desc
                        : type == LLDP_TLV_SYS_NAME ? info->sys_name : info->sys_desc,
                        v, tlen > LLDP_STRING_MAX ? LLDP_STRING_MAX : tlen);
            break;
        case LLDP_TLV_SYS_CAPS:
            if (seen[type] || tlen != 4) {
                stats->tlvs_discarded++;
                break;
            }
            seen[type] = true;
            info->has_caps = true;
            info->caps = get16(v);
            info->caps_enabled = get16(v + 2);
            break;
        case LLDP_TLV_MGMT_ADDR:
            /* Several are allowed: the first well-formed one is kept. */
            if (!mgmt_ok(v, tlen))
                stats->tlvs_discarded++;
            else if (!seen[type]) {
                seen[type] = true;
                info->mgmt_subtype = v[1];
                info->mgmt_len = (uint8_t) (v[0] - 1);
                memcpy(info->mgmt_addr, v + 2, info->mgmt_len);
            }
            break;
        case LLDP_TLV_ORG:
            if (tlen < 4)
                stats->tlvs_discarded++;
            else
                stats->tlvs_unrecognized++;
            break;
        default:
            stats->tlvs_unrecognized++;
            break;
        }
    }
    return n >= 3 ? LLDP_OK : LLDP_ERR_MANDATORY;
}

const char *
lldp_parse_error_name(enum lldp_parse_error e)
{
    switch (e) {
    case LLDP_OK: return "ok";
    case LLDP_ERR_NOT_LLDP: return "not an LLDPDU";
    case LLDP_ERR_TRUNCATED: return "truncated TLV";
    case LLDP_ERR_MANDATORY: return "bad mandatory TLV";
    }
    return "?";
}

bool
lldp_same_msap(const struct lldp_neighbor_info *a, const struct lldp_neighbor_info *b)
{
    return a->chassis_subtype == b->chassis_subtype && a->chassis_len == b->chassis_len
           && !memcmp(a->chassis_id, b->chassis_id, a->chassis_len)
           && a->port_subtype == b->port_subtype && a->port_len == b->port_len
           && !memcmp(a->port_id, b->port_id, a->port_len);
}

void
lldp_id_format(bool is_chassis, uint8_t subtype, const uint8_t *id, size_t len, char *buf,
               size_t size)
{
    bool mac = subtype == (is_chassis ? LLDP_CHASSIS_MAC : LLDP_PORT_MAC);
    bool net = subtype == (is_chassis ? LLDP_CHASSIS_NETWORK : LLDP_PORT_NETWORK);
    size_t o = 0;

    if (!size)
        return;
    buf[0] = '\0';
    if (mac && len == ETH_ADDR_LEN) {
        snprintf(buf, size, "%02x%02x.%02x%02x.%02x%02x", id[0], id[1], id[2], id[3], id[4],
                 id[5]);
        return;
    }
    if (net && len == 5 && id[0] == LLDP_MGMT_IPV4) {
        snprintf(buf, size, "%u.%u.%u.%u", id[1], id[2], id[3], id[4]);
        return;
    }
    for (size_t i = 0; i < len && o + 1 < size; i++)
        buf[o++] = id[i] >= 0x20 && id[i] < 0x7f ? (char) id[i] : '?';
    buf[o] = '\0';
}

void
lldp_caps_format(uint16_t caps, char *buf, size_t size)
{
    static const struct { uint16_t bit; char letter; } order[] = {
        { LLDP_CAP_ROUTER, 'R' }, { LLDP_CAP_BRIDGE, 'B' }, { LLDP_CAP_TELEPHONE, 'T' },
        { LLDP_CAP_DOCSIS, 'C' }, { LLDP_CAP_WLAN_AP, 'W' }, { LLDP_CAP_REPEATER, 'P' },
        { LLDP_CAP_STATION, 'S' }, { LLDP_CAP_OTHER, 'O' },
    };
    size_t o = 0;

    if (!size)
        return;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        if (!(caps & order[i].bit) || o + (o ? 2 : 1) >= size)
            continue;
        if (o)
            buf[o++] = ',';
        buf[o++] = order[i].letter;
    }
    buf[o] = '\0';
}
