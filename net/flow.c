/* Flows: the catch-all flow, the dl_type shorthand table the parser and the
 * formatter share, the matching helpers of the flow commands and key
 * extraction from a frame (per frame: tests/check-net-purity.sh follows it).
 * The text of flows is net/flow_parse.c's and net/flow_format.c's. */

#include "flow.h"

#include <string.h>

#include "flow_private.h"

_Static_assert(sizeof(struct flow_key) == FLOW_KEY_WORDS * sizeof(uint64_t),
               "flow_key has no padding beyond its words");

void
flow_init_normal(struct flow *f)
{
    memset(f, 0, sizeof *f);
    f->priority = 0;
    f->n_actions = 1;
    f->actions[0].type = FLOW_ACT_NORMAL;
}

/* Shorthands OVS accepts and prints for dl_type (and nw_proto). */
const struct flow_protocol flow_protocols[] = {
    { "ip", ETH_TYPE_IP, 0 },
    { "icmp", ETH_TYPE_IP, 1 },
    { "igmp", ETH_TYPE_IP, 2 },
    { "tcp", ETH_TYPE_IP, IPPROTO_TCP_ },
    { "udp", ETH_TYPE_IP, IPPROTO_UDP_ },
    { "sctp", ETH_TYPE_IP, IPPROTO_SCTP_ },
    { "arp", 0x0806, 0 },
    { "rarp", 0x8035, 0 },
    { "ipv6", 0x86dd, 0 },
    { "mpls", 0x8847, 0 },
    { "mplsm", 0x8848, 0 },
};
const size_t flow_n_protocols = ARRAY_SIZE(flow_protocols);

/* Matching helpers. */

bool
flow_match_equal(const struct flow_match *a, const struct flow_match *b)
{
    for (int i = 0; i < FLOW_KEY_WORDS; i++)
        if (a->value.w[i] != b->value.w[i] || a->mask.w[i] != b->mask.w[i])
            return false;
    return true;
}

bool
flow_match_covers(const struct flow_match *filter, const struct flow_match *m)
{
    for (int i = 0; i < FLOW_KEY_WORDS; i++)
        if ((filter->mask.w[i] & ~m->mask.w[i])
            || (m->value.w[i] & filter->mask.w[i]) != filter->value.w[i])
            return false;
    return true;
}

bool
flow_outputs_to(const struct flow *f, uint16_t port)
{
    for (unsigned i = 0; i < f->n_actions; i++) {
        const struct flow_action *a = &f->actions[i];

        if ((a->type == FLOW_ACT_OUTPUT && a->port == port)
            || (a->type == FLOW_ACT_NORMAL && port == FLOW_PORT_NORMAL)
            || (a->type == FLOW_ACT_FLOOD && port == FLOW_PORT_FLOOD)
            || (a->type == FLOW_ACT_ALL && port == FLOW_PORT_ALL)
            || (a->type == FLOW_ACT_IN_PORT && port == FLOW_PORT_IN_PORT))
            return true;
    }
    return false;
}

bool
flow_filter_selects(const struct flow_filter *filter, const struct flow *f)
{
    if (filter->strict
        ? f->priority != filter->priority || !flow_match_equal(&filter->match, &f->match)
        : !flow_match_covers(&filter->match, &f->match))
        return false;
    return (f->cookie & filter->cookie_mask) == filter->cookie
           && (filter->out_port == FLOW_PORT_NONE || flow_outputs_to(f, filter->out_port));
}

/* Frames. */

static inline uint16_t
get_be16(const uint8_t *p)
{
    return (uint16_t) (p[0] << 8 | p[1]);
}

static inline uint32_t
get_be32(const uint8_t *p)
{
    return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
}

void
flow_key_extract(const struct frame *f, uint16_t in_port, bool l3, struct flow_key *key)
{
    const uint8_t *ip;
    unsigned ihl;

    memset(key, 0, sizeof *key);
    memcpy(key->dl_dst, f->data, ETH_ADDR_LEN);
    memcpy(key->dl_src, f->data + ETH_ADDR_LEN, ETH_ADDR_LEN);
    key->in_port = in_port;
    if (f->n_tags && f->tags[0].tpid == ETH_TYPE_VLAN)
        key->vlan_tci = f->tags[0].tci | FLOW_VLAN_CFI;
    key->dl_type = f->eth_type;
    if (f->tun.present) {
        /* The outer addresses are in network byte order in the frame. */
        key->tun_id = f->tun.tun_id;
        key->tun_src = get_be32((const uint8_t *) &f->tun.src);
        key->tun_dst = get_be32((const uint8_t *) &f->tun.dst);
    }
    if (!l3 || f->eth_type != ETH_TYPE_IP || f->len < f->l3_ofs + 20u)
        return;

    /* IPv4: a header OVS would not parse leaves the fields 0, as there. */
    ip = f->data + f->l3_ofs;
    ihl = (ip[0] & 0x0f) * 4;
    if (ip[0] >> 4 != 4 || ihl < 20 || f->len < f->l3_ofs + ihl)
        return;
    key->nw_proto = ip[9];
    key->nw_src = get_be32(ip + 12);
    key->nw_dst = get_be32(ip + 16);
    /* Ports only in first fragments, whose transport header is there. */
    if ((get_be16(ip + 6) & 0x1fff) == 0
        && (key->nw_proto == IPPROTO_TCP_ || key->nw_proto == IPPROTO_UDP_
            || key->nw_proto == IPPROTO_SCTP_)
        && f->len >= f->l3_ofs + ihl + 4u) {
        key->tp_src = get_be16(ip + ihl);
        key->tp_dst = get_be16(ip + ihl + 2);
    }
}
