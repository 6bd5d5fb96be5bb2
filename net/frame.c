#include "frame.h"

#include <stdio.h>
#include <string.h>

static inline uint16_t
get_be16(const uint8_t *p)
{
    return (uint16_t) (p[0] << 8 | p[1]);
}

static inline void
put_be16(uint8_t *p, uint16_t v)
{
    p[0] = v >> 8;
    p[1] = v & 0xff;
}

static inline bool
is_vlan_tpid(uint16_t type)
{
    return type == ETH_TYPE_VLAN || type == ETH_TYPE_VLAN_AD;
}

enum frame_error
frame_parse(struct frame *f)
{
    uint32_t ofs = 2 * ETH_ADDR_LEN;
    uint16_t type;

    f->n_tags = 0;
    f->eth_type = 0;
    f->l3_ofs = 0;
    if (f->len < ETH_HEADER_LEN)
        return FRAME_ERR_RUNT;

    type = get_be16(f->data + ofs);
    while (is_vlan_tpid(type) && f->n_tags < FRAME_MAX_TAGS) {
        /* The tag and the EtherType after it must both be present. */
        if (f->len < ofs + VLAN_HEADER_LEN + 2) {
            f->n_tags = 0;
            return FRAME_ERR_TRUNCATED_TAG;
        }
        f->tags[f->n_tags].tpid = type;
        f->tags[f->n_tags].tci = get_be16(f->data + ofs + 2);
        f->n_tags++;
        ofs += VLAN_HEADER_LEN;
        type = get_be16(f->data + ofs);
    }
    f->eth_type = type;
    f->l3_ofs = ofs + 2;
    return FRAME_OK;
}

enum frame_error
frame_init(struct frame *f, uint8_t *buf, uint32_t headroom, uint32_t len)
{
    f->data = buf + headroom;
    f->len = len;
    f->headroom = headroom;
    f->tun = (struct frame_tunnel) { 0 };
    return frame_parse(f);
}

const char *
frame_error_name(enum frame_error e)
{
    switch (e) {
    case FRAME_OK:                return "ok";
    case FRAME_ERR_RUNT:          return "runt";
    case FRAME_ERR_TRUNCATED_TAG: return "truncated-tag";
    }
    return "unknown";
}

bool
frame_vlan_tci(const struct frame *f, uint16_t *tci)
{
    if (f->n_tags && f->tags[0].tpid == ETH_TYPE_VLAN) {
        *tci = f->tags[0].tci;
        return true;
    }
    return false;
}

bool
frame_push_vlan(struct frame *f, uint16_t tpid, uint16_t tci)
{
    if (f->headroom < VLAN_HEADER_LEN || f->len < 2 * ETH_ADDR_LEN)
        return false;
    f->data -= VLAN_HEADER_LEN;
    f->headroom -= VLAN_HEADER_LEN;
    f->len += VLAN_HEADER_LEN;
    memmove(f->data, f->data + VLAN_HEADER_LEN, 2 * ETH_ADDR_LEN);
    put_be16(f->data + 2 * ETH_ADDR_LEN, tpid);
    put_be16(f->data + 2 * ETH_ADDR_LEN + 2, tci);
    frame_parse(f);
    return true;
}

bool
frame_pop_vlan(struct frame *f)
{
    if (!f->n_tags)
        return false;
    memmove(f->data + VLAN_HEADER_LEN, f->data, 2 * ETH_ADDR_LEN);
    f->data += VLAN_HEADER_LEN;
    f->headroom += VLAN_HEADER_LEN;
    f->len -= VLAN_HEADER_LEN;
    frame_parse(f);
    return true;
}

bool
frame_set_outer_tci(struct frame *f, uint16_t tci)
{
    if (!f->n_tags)
        return false;
    put_be16(f->data + 2 * ETH_ADDR_LEN + 2, tci);
    f->tags[0].tci = tci;
    return true;
}

uint32_t
frame_egress_header(const struct frame *f, bool tagged, uint16_t tci,
                    uint8_t hdr[FRAME_EGRESS_HEADER_MAX], uint32_t *rest_ofs)
{
    uint32_t n = 2 * ETH_ADDR_LEN;
    uint16_t old_tci;

    memcpy(hdr, f->data, n);
    if (tagged) {
        put_be16(hdr + n, ETH_TYPE_VLAN);
        put_be16(hdr + n + 2, tci);
        n += VLAN_HEADER_LEN;
    }
    *rest_ofs = 2 * ETH_ADDR_LEN
                + (frame_vlan_tci(f, &old_tci) ? VLAN_HEADER_LEN : 0);
    return n;
}

bool
eth_addr_is_broadcast(const uint8_t mac[ETH_ADDR_LEN])
{
    return (mac[0] & mac[1] & mac[2] & mac[3] & mac[4] & mac[5]) == 0xff;
}

static int
hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Reads 'n_digits' hex digits from 's' into the nibbles of 'mac' starting at
 * nibble 'nib'.  Returns false on a non-hex character. */
static bool
read_hex(const char *s, unsigned n_digits, uint8_t mac[ETH_ADDR_LEN], unsigned nib)
{
    for (unsigned i = 0; i < n_digits; i++, nib++) {
        int d = hex_digit(s[i]);
        if (d < 0)
            return false;
        if (nib % 2 == 0)
            mac[nib / 2] = d << 4;
        else
            mac[nib / 2] |= d;
    }
    return true;
}

bool
eth_addr_parse(const char *s, uint8_t mac[ETH_ADDR_LEN])
{
    uint8_t m[ETH_ADDR_LEN];
    size_t len = strlen(s);

    if (len == 17) {            /* xx:xx:xx:xx:xx:xx or xx-xx-... */
        char sep = s[2];
        if (sep != ':' && sep != '-')
            return false;
        for (unsigned i = 0; i < ETH_ADDR_LEN; i++) {
            if (!read_hex(s + 3 * i, 2, m, 2 * i)
                || (i < ETH_ADDR_LEN - 1 && s[3 * i + 2] != sep))
                return false;
        }
    } else if (len == 14) {     /* IOS hhhh.hhhh.hhhh */
        for (unsigned i = 0; i < 3; i++) {
            if (!read_hex(s + 5 * i, 4, m, 4 * i)
                || (i < 2 && s[5 * i + 4] != '.'))
                return false;
        }
    } else {
        return false;
    }
    memcpy(mac, m, ETH_ADDR_LEN);
    return true;
}

char *
eth_addr_format(const uint8_t mac[ETH_ADDR_LEN], char buf[ETH_ADDR_STR_SIZE])
{
    snprintf(buf, ETH_ADDR_STR_SIZE, "%02x:%02x:%02x:%02x:%02x:%02x",
             mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
    return buf;
}
