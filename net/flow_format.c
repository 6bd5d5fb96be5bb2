/* Flows: formatting a 'struct flow' as ovs-ofctl text, canonically, with or
 * without its statistics (net/flow.h has the dialect). */

#include "flow.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "flow_private.h"

/* Formatting: an snprintf-like appender. */

struct out {
    char *buf;
    size_t size;
    size_t len;                 /* what the whole text needs */
};

static void
out_printf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
out_printf(struct out *o, const char *fmt, ...)
{
    size_t room = o->len < o->size ? o->size - o->len : 0;
    va_list args;
    int n;

    va_start(args, fmt);
    n = vsnprintf(room ? o->buf + o->len : NULL, room, fmt, args);
    va_end(args);
    if (n > 0)
        o->len += n;
}

static void
out_init(struct out *o, char *buf, size_t size)
{
    o->buf = buf;
    o->size = size;
    o->len = 0;
    if (size)
        buf[0] = '\0';
}

static void
out_mac(struct out *o, const uint8_t mac[ETH_ADDR_LEN])
{
    char text[ETH_ADDR_STR_SIZE];

    out_printf(o, "%s", eth_addr_format(mac, text));
}

static void
out_ip(struct out *o, uint32_t ip)
{
    out_printf(o, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 0xff, (ip >> 8) & 0xff, ip & 0xff);
}

/* Separates the fields of a match with commas. */
struct fields {
    struct out *o;
    bool any;
};

static void
field_start(struct fields *fs)
{
    if (fs->any)
        out_printf(fs->o, ",");
    fs->any = true;
}

static void
field_eth(struct fields *fs, const char *name, const uint8_t v[ETH_ADDR_LEN],
          const uint8_t m[ETH_ADDR_LEN])
{
    static const uint8_t zero[ETH_ADDR_LEN], ones[ETH_ADDR_LEN] =
        { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

    if (!memcmp(m, zero, ETH_ADDR_LEN))
        return;
    field_start(fs);
    out_printf(fs->o, "%s=", name);
    out_mac(fs->o, v);
    if (memcmp(m, ones, ETH_ADDR_LEN)) {
        out_printf(fs->o, "/");
        out_mac(fs->o, m);
    }
}

static bool
is_cidr(uint32_t mask)
{
    uint32_t inverted = ~mask;

    return !(inverted & (inverted + 1));
}

static unsigned
cidr_bits(uint32_t mask)
{
    unsigned n = 0;

    while (mask & 0x80000000u) {
        n++;
        mask <<= 1;
    }
    return n;
}

static void
field_ip(struct fields *fs, const char *name, uint32_t v, uint32_t m)
{
    if (!m)
        return;
    field_start(fs);
    out_printf(fs->o, "%s=", name);
    out_ip(fs->o, v);
    if (m != UINT32_MAX) {
        if (is_cidr(m)) {
            out_printf(fs->o, "/%u", cidr_bits(m));
        } else {
            out_printf(fs->o, "/");
            out_ip(fs->o, m);
        }
    }
}

static void
field_u16(struct fields *fs, const char *name, uint16_t v, uint16_t m)
{
    if (!m)
        return;
    field_start(fs);
    if (m == UINT16_MAX)
        out_printf(fs->o, "%s=%u", name, v);
    else
        out_printf(fs->o, "%s=0x%x/0x%x", name, v, m);
}

/* OVS's match_format() for our fields. */
static void
format_match(struct out *o, const struct flow_match *match, uint16_t priority)
{
    const struct flow_key *v = &match->value, *m = &match->mask;
    struct fields fs = { o, false };
    bool skip_type = false, skip_proto = false;

    if (priority != FLOW_DEFAULT_PRIORITY) {
        field_start(&fs);
        out_printf(o, "priority=%u", priority);
    }
    if (m->dl_type) {
        const char *name = NULL;

        skip_type = true;
        if (v->dl_type == ETH_TYPE_IP) {
            name = "ip";
            if (m->nw_proto) {
                skip_proto = true;
                switch (v->nw_proto) {
                case 1:              name = "icmp"; break;
                case 2:              name = "igmp"; break;
                case IPPROTO_TCP_:   name = "tcp"; break;
                case IPPROTO_UDP_:   name = "udp"; break;
                case IPPROTO_SCTP_:  name = "sctp"; break;
                default:             skip_proto = false; break;
                }
            }
        } else {
            for (size_t i = 0; i < flow_n_protocols; i++)
                if (flow_protocols[i].dl_type == v->dl_type && !flow_protocols[i].nw_proto)
                    name = flow_protocols[i].name;
        }
        if (name) {
            field_start(&fs);
            out_printf(o, "%s", name);
        } else {
            skip_type = false;
        }
    }
    /* OVS prints the tunnel fields right after the dl_type shorthand, in
     * hex as "%#x" does ("tun_id=0", "tun_id=0x2774", "tun_id=0x10/0xf0"). */
    if (m->tun_id) {
        field_start(&fs);
        out_printf(o, "tun_id=%#x", v->tun_id);
        if (m->tun_id != UINT32_MAX)
            out_printf(o, "/%#x", m->tun_id);
    }
    field_ip(&fs, "tun_src", v->tun_src, m->tun_src);
    field_ip(&fs, "tun_dst", v->tun_dst, m->tun_dst);
    if (m->in_port) {
        field_start(&fs);
        if (v->in_port == FLOW_PORT_LOCAL)
            out_printf(o, "in_port=LOCAL");
        else
            out_printf(o, "in_port=%u", v->in_port);
    }
    if (m->vlan_tci) {
        uint16_t vid_mask = m->vlan_tci & VLAN_VID_MASK;
        uint16_t pcp_mask = m->vlan_tci & VLAN_PCP_MASK;
        bool cfi = m->vlan_tci & FLOW_VLAN_CFI;

        field_start(&fs);
        if (cfi && v->vlan_tci & FLOW_VLAN_CFI
            && (!vid_mask || vid_mask == VLAN_VID_MASK)
            && (!pcp_mask || pcp_mask == VLAN_PCP_MASK)
            && (vid_mask || pcp_mask)) {
            if (vid_mask)
                out_printf(o, "dl_vlan=%u", v->vlan_tci & VLAN_VID_MASK);
            if (pcp_mask)
                out_printf(o, "%sdl_vlan_pcp=%u", vid_mask ? "," : "",
                           v->vlan_tci >> VLAN_PCP_SHIFT);
        } else if (m->vlan_tci == UINT16_MAX) {
            out_printf(o, "vlan_tci=0x%04x", v->vlan_tci);
        } else {
            out_printf(o, "vlan_tci=0x%04x/0x%04x", v->vlan_tci, m->vlan_tci);
        }
    }
    field_eth(&fs, "dl_src", v->dl_src, m->dl_src);
    field_eth(&fs, "dl_dst", v->dl_dst, m->dl_dst);
    if (!skip_type && m->dl_type) {
        field_start(&fs);
        out_printf(o, "dl_type=0x%04x", v->dl_type);
    }
    field_ip(&fs, "nw_src", v->nw_src, m->nw_src);
    field_ip(&fs, "nw_dst", v->nw_dst, m->nw_dst);
    if (!skip_proto && m->nw_proto) {
        field_start(&fs);
        out_printf(o, "nw_proto=%u", v->nw_proto);
    }
    field_u16(&fs, "tp_src", v->tp_src, m->tp_src);
    field_u16(&fs, "tp_dst", v->tp_dst, m->tp_dst);
}

static void
format_actions(struct out *o, const struct flow *f)
{
    if (!f->n_actions) {
        out_printf(o, "drop");
        return;
    }
    for (unsigned i = 0; i < f->n_actions; i++) {
        const struct flow_action *a = &f->actions[i];

        if (i)
            out_printf(o, ",");
        switch ((enum flow_action_type) a->type) {
        case FLOW_ACT_OUTPUT:
            /* OVS writes "output:" only before numbers: "LOCAL" alone. */
            if (a->port == FLOW_PORT_LOCAL)
                out_printf(o, "LOCAL");
            else
                out_printf(o, "output:%u", a->port);
            break;
        case FLOW_ACT_NORMAL:       out_printf(o, "NORMAL"); break;
        case FLOW_ACT_FLOOD:        out_printf(o, "FLOOD"); break;
        case FLOW_ACT_ALL:          out_printf(o, "ALL"); break;
        case FLOW_ACT_IN_PORT:      out_printf(o, "IN_PORT"); break;
        case FLOW_ACT_MOD_VLAN_VID: out_printf(o, "mod_vlan_vid:%u", a->vid); break;
        case FLOW_ACT_MOD_VLAN_PCP: out_printf(o, "mod_vlan_pcp:%u", a->pcp); break;
        case FLOW_ACT_STRIP_VLAN:   out_printf(o, "strip_vlan"); break;
        case FLOW_ACT_POP_VLAN:     out_printf(o, "pop_vlan"); break;
        case FLOW_ACT_PUSH_VLAN:    out_printf(o, "push_vlan:0x%x", a->tpid); break;
        case FLOW_ACT_MOD_DL_SRC:
            out_printf(o, "mod_dl_src:");
            out_mac(o, a->mac);
            break;
        case FLOW_ACT_MOD_DL_DST:
            out_printf(o, "mod_dl_dst:");
            out_mac(o, a->mac);
            break;
        case FLOW_ACT_SET_TUNNEL:   out_printf(o, "set_tunnel:%#x", a->tun.id); break;
        case FLOW_ACT_SET_TUNNEL64: out_printf(o, "set_tunnel64:%#x", a->tun.id); break;
        case FLOW_ACT_LOAD_TUN_ID:
            out_printf(o, "load:%#x->NXM_NX_TUN_ID[", a->tun.id);
            if (a->tun.n_bits == 1)
                out_printf(o, "%u", a->tun.ofs);
            else if (a->tun.n_bits != FLOW_TUN_ID_ALL_BITS)
                out_printf(o, "%u..%u", a->tun.ofs, a->tun.ofs + a->tun.n_bits - 1);
            out_printf(o, "]");
            break;
        }
    }
}

/* The match, a space if the match printed anything, then the actions. */
static void
format_match_and_actions(struct out *o, const struct flow *f)
{
    size_t len = o->len;

    format_match(o, &f->match, f->priority);
    out_printf(o, "%sactions=", o->len != len ? " " : "");
    format_actions(o, f);
}

static void
format_timeouts(struct out *o, const struct flow *f)
{
    if (f->idle_timeout)
        out_printf(o, "idle_timeout=%u, ", f->idle_timeout);
    if (f->hard_timeout)
        out_printf(o, "hard_timeout=%u, ", f->hard_timeout);
}

size_t
flow_format_match(const struct flow_match *m, uint16_t priority, char *buf, size_t size)
{
    struct out o;

    out_init(&o, buf, size);
    format_match(&o, m, priority);
    return o.len;
}

size_t
flow_format_actions(const struct flow *f, char *buf, size_t size)
{
    struct out o;

    out_init(&o, buf, size);
    format_actions(&o, f);
    return o.len;
}

size_t
flow_format(const struct flow *f, char *buf, size_t size)
{
    struct out o;

    out_init(&o, buf, size);
    if (f->cookie)
        out_printf(&o, "cookie=0x%llx, ", (unsigned long long) f->cookie);
    format_timeouts(&o, f);
    format_match_and_actions(&o, f);
    return o.len;
}

/* Whole seconds in 'ms' of age, 0 for a time in the future. */
static uint64_t
age_s(int64_t now_ms, int64_t then_ms)
{
    return now_ms > then_ms ? (uint64_t) (now_ms - then_ms) / 1000 : 0;
}

size_t
flow_format_stats(const struct flow *f, const struct flow_stats *st, int64_t now_ms,
                  char *buf, size_t size)
{
    int64_t duration_ms = now_ms > st->created_ms ? now_ms - st->created_ms : 0;
    uint64_t duration_s = duration_ms / 1000, hard_age = age_s(now_ms, st->modified_ms);
    struct out o;

    out_init(&o, buf, size);
    out_printf(&o, " cookie=0x%llx, duration=%llu", (unsigned long long) f->cookie,
               (unsigned long long) duration_s);
    /* OVS prints milliseconds when there are any, no decimals otherwise. */
    if (duration_ms % 1000)
        out_printf(&o, ".%03u", (unsigned) (duration_ms % 1000));
    out_printf(&o, "s, table=0, n_packets=%llu, n_bytes=%llu, ",
               (unsigned long long) st->n_packets, (unsigned long long) st->n_bytes);
    format_timeouts(&o, f);
    out_printf(&o, "idle_age=%llu, ", (unsigned long long) age_s(now_ms, st->used_ms));
    if (hard_age != duration_s)
        out_printf(&o, "hard_age=%llu, ", (unsigned long long) hard_age);
    format_match_and_actions(&o, f);
    return o.len;
}
