/* Flows: parsing the ovs-ofctl text of add-flow, mod-flows and
 * del-flows/dump-flows into a 'struct flow' (net/flow.h has the dialect). */

#include "flow.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "flow_private.h"

#define SHOWN_MAX     48            /* characters of a token quoted in a message */

/* Text helpers.  net/ may not call the C library's ctype, strtoull or
 * strcasecmp (tests/check-net-purity.sh), so the few we need are here. */

/* A piece of the text being parsed; 'ofs' is its offset in the whole text. */
struct span {
    const char *p;
    size_t len;
    size_t ofs;
};

static char
ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static bool
span_is(struct span sp, const char *word)
{
    size_t n = strlen(word);

    return sp.len == n && !memcmp(sp.p, word, n);
}

static bool
span_is_nocase(struct span sp, const char *word)
{
    size_t n = strlen(word);

    if (sp.len != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (ascii_lower(sp.p[i]) != ascii_lower(word[i]))
            return false;
    return true;
}

/* Copies 'sp' into 'buf' as a C string for a message, cut at SHOWN_MAX
 * characters. */
static const char *
span_str(struct span sp, char buf[SHOWN_MAX + 4])
{
    size_t n = sp.len > SHOWN_MAX ? SHOWN_MAX : sp.len;

    memcpy(buf, sp.p, n);
    memcpy(buf + n, n < sp.len ? "..." : "", n < sp.len ? 4 : 1);
    return buf;
}

static int
digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = ascii_lower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return 99;
}

/* Parses all of 'sp' as an unsigned number in 'base' (10 or 16), or with
 * 'base' 0 as strtoull does: "0x" hex, a leading 0 octal, else decimal.
 * False on an empty span, a bad digit or more than 64 bits; '*overflow'
 * (if not NULL) tells the last apart. */
static bool
parse_uint_overflow(struct span sp, unsigned base, uint64_t *value, bool *overflow)
{
    uint64_t v = 0;
    size_t i = 0;
    bool big = false;

    if (base == 0) {
        if (sp.len > 2 && sp.p[0] == '0' && ascii_lower(sp.p[1]) == 'x') {
            base = 16;
            i = 2;
        } else if (sp.len > 1 && sp.p[0] == '0') {
            base = 8;
            i = 1;
        } else {
            base = 10;
        }
    }
    if (overflow)
        *overflow = false;
    if (i >= sp.len)
        return false;
    for (; i < sp.len; i++) {
        unsigned d = digit_value(sp.p[i]);

        if (d >= base)
            return false;
        if (v > (UINT64_MAX - d) / base)
            big = true;
        v = v * base + d;
    }
    if (overflow)
        *overflow = big;
    *value = v;
    return !big;
}

static bool
parse_uint(struct span sp, unsigned base, uint64_t *value)
{
    return parse_uint_overflow(sp, base, value, NULL);
}

/* Splits 'sp' at its first '/' into 'value' and 'mask'; false if none. */
static bool
span_split_mask(struct span sp, struct span *value, struct span *mask)
{
    const char *slash = NULL;

    for (size_t i = 0; i < sp.len && !slash; i++)
        if (sp.p[i] == '/')
            slash = sp.p + i;
    *value = sp;
    if (!slash)
        return false;
    value->len = slash - sp.p;
    mask->p = slash + 1;
    mask->len = sp.len - value->len - 1;
    mask->ofs = sp.ofs + value->len + 1;
    return true;
}

/* Tokens: ofputil_parse_key_value()'s grammar.  Pairs are separated by
 * commas or white space; a key ends at ':', '=', '(', a separator or the
 * end; after ':' or '=' the value runs to the next separator, after '(' to
 * the matching ')'. */

struct scanner {
    const char *text;           /* the whole text, for offsets */
    size_t pos, end;
};

static bool
is_separator(char c)
{
    return c == ',' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool
next_pair(struct scanner *sc, struct span *key, struct span *value)
{
    const char *t = sc->text;
    char delim;

    while (sc->pos < sc->end && is_separator(t[sc->pos]))
        sc->pos++;
    if (sc->pos >= sc->end)
        return false;

    *key = (struct span) { t + sc->pos, 0, sc->pos };
    while (sc->pos < sc->end && !is_separator(t[sc->pos]) && t[sc->pos] != ':'
           && t[sc->pos] != '=' && t[sc->pos] != '(')
        sc->pos++;
    key->len = sc->pos - key->ofs;
    delim = sc->pos < sc->end ? t[sc->pos] : '\0';
    if (delim)
        sc->pos++;

    *value = (struct span) { t + sc->pos, 0, sc->pos };
    if (delim == ':' || delim == '=') {
        int level = 0;

        while (sc->pos < sc->end && (level || !is_separator(t[sc->pos]))) {
            if (t[sc->pos] == '(')
                level++;
            else if (t[sc->pos] == ')' && level)
                level--;
            sc->pos++;
        }
    } else if (delim == '(') {
        int level = 1;

        while (sc->pos < sc->end) {
            if (t[sc->pos] == '(')
                level++;
            else if (t[sc->pos] == ')' && !--level)
                break;
            sc->pos++;
        }
    } else {
        return true;            /* no value */
    }
    value->len = sc->pos - value->ofs;
    if (sc->pos < sc->end)
        sc->pos++;              /* the separator or ')' */
    return true;
}

/* Parsing. */

enum parse_cmd {
    CMD_ADD,                    /* add-flow */
    CMD_MODIFY,                 /* mod-flows */
    CMD_FILTER,                 /* del-flows, dump-flows */
};

/* Match fields, in the order flow_format_match() prints them. */
enum field_id {
    F_IN_PORT, F_DL_VLAN, F_DL_VLAN_PCP, F_VLAN_TCI, F_DL_SRC, F_DL_DST, F_DL_TYPE,
    F_NW_SRC, F_NW_DST, F_NW_PROTO, F_TP_SRC, F_TP_DST, F_TUN_ID, F_TUN_SRC, F_TUN_DST,
    N_FIELDS
};

static const struct {
    const char *name;
    enum field_id id;
} field_names[] = {
    { "in_port", F_IN_PORT },
    { "dl_vlan", F_DL_VLAN },
    { "dl_vlan_pcp", F_DL_VLAN_PCP },
    { "vlan_tci", F_VLAN_TCI },
    { "dl_src", F_DL_SRC }, { "eth_src", F_DL_SRC },
    { "dl_dst", F_DL_DST }, { "eth_dst", F_DL_DST },
    { "dl_type", F_DL_TYPE }, { "eth_type", F_DL_TYPE },
    { "nw_src", F_NW_SRC }, { "ip_src", F_NW_SRC },
    { "nw_dst", F_NW_DST }, { "ip_dst", F_NW_DST },
    { "nw_proto", F_NW_PROTO }, { "ip_proto", F_NW_PROTO },
    { "tp_src", F_TP_SRC },
    { "tp_dst", F_TP_DST },
    { "tun_id", F_TUN_ID }, { "tunnel_id", F_TUN_ID },
    { "tun_src", F_TUN_SRC },
    { "tun_dst", F_TUN_DST },
};

/* Words OVS knows that we do not implement: naming them as unsupported is
 * more helpful than "unknown keyword". */
static const char *const unsupported_keywords[] = {
    "icmp6", "tcp6", "udp6", "sctp6", "eth", "ipv6_src", "ipv6_dst", "ipv6_label",
    "arp_spa", "arp_tpa", "arp_sha", "arp_tha", "arp_op", "icmp_type", "icmp_code",
    "icmpv6_type", "icmpv6_code", "nd_target", "nd_sll", "nd_tll", "nw_tos", "nw_ecn",
    "nw_ttl", "ip_dscp", "ip_ecn", "ip_frag", "nw_frag", "tcp_flags", "tun_ipv6_src",
    "tun_ipv6_dst", "tun_flags", "tun_tos", "tun_ttl", "tun_gbp_id", "metadata", "vlan_vid",
    "vlan_pcp", "tcp_src", "tcp_dst", "udp_src", "udp_dst", "sctp_src", "sctp_dst",
    "mpls_label", "mpls_tc", "mpls_bos", "pkt_mark", "skb_priority", "ct_state", "ct_zone",
    "ct_mark", "ct_label", "conj_id", "packet_type", "actset_output", "dl_vlan1",
    "send_flow_rem", "check_overlap", "reset_counts", "no_packet_counts", "no_byte_counts",
    "importance", "out_group",
};

static const char *const unsupported_actions[] = {
    "controller", "table", "none", "any", "resubmit", "learn", "move", "enqueue",
    "set_queue", "pop_queue", "mod_nw_src", "mod_nw_dst", "mod_nw_tos", "mod_nw_ecn",
    "mod_nw_ttl", "mod_tp_src", "mod_tp_dst", "dec_ttl", "note", "group", "meter", "ct",
    "ct_clear", "goto_table", "write_metadata", "clear_actions", "write_actions",
    "set_vlan_vid", "set_vlan_pcp", "push_mpls", "pop_mpls", "bundle", "bundle_load",
    "multipath", "exit", "sample", "clone", "check_pkt_larger", "drop_spoofed_arp",
    "fin_timeout", "output_trunc", "conjunction", "dec_mpls_ttl", "set_mpls_label",
    "set_mpls_ttl",
};

struct parser {
    enum parse_cmd cmd;
    bool strict;                        /* CMD_FILTER, CMD_MODIFY */
    struct flow *flow;
    uint64_t cookie_mask;               /* "cookie=V/M" */
    uint64_t cookie_match;
    bool set_cookie;                    /* "cookie=V" */
    uint16_t out_port;
    const struct flow_port_names *names;    /* NULL: numbers only */
    size_t field_ofs[N_FIELDS];         /* where each field was last given */
    struct err_msg *err;
};

static bool
fail(struct parser *ps, size_t ofs, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool
fail(struct parser *ps, size_t ofs, const char *fmt, ...)
{
    char text[ERR_MSG_TEXT_SIZE];
    va_list args;

    if (!ps->err)
        return false;
    va_start(args, fmt);
    vsnprintf(text, sizeof text, fmt, args);
    va_end(args);
    return err_msg_set(ps->err, (int) ofs + 1, "%s", text);
}

/* OVS's str_to_u16()/str_to_u8(): "invalid NAME \"VALUE\"". */
static bool
parse_uint_field(struct parser *ps, struct span v, const char *name, uint64_t max,
                 uint64_t *out)
{
    char shown[SHOWN_MAX + 4];

    if (!parse_uint(v, 0, out) || *out > max)
        return fail(ps, v.ofs, "invalid %s \"%s\"", name, span_str(v, shown));
    return true;
}

/* An integer match field value with an optional "/mask", OVS's
 * mf_from_integer_string(); 'maskable' false allows only all-zero or
 * all-one masks, as for fields OVS cannot match bitwise. */
static bool
parse_int_masked(struct parser *ps, struct span sp, const char *name, unsigned n_bytes,
                 bool maskable, uint64_t *value, uint64_t *mask)
{
    uint64_t max = n_bytes >= 8 ? UINT64_MAX : (UINT64_C(1) << (8 * n_bytes)) - 1;
    char shown[SHOWN_MAX + 4];
    struct span v, m;
    bool has_mask = span_split_mask(sp, &v, &m);
    bool big_value, big_mask = false;

    if (!parse_uint_overflow(v, 0, value, &big_value) && !big_value)
        return fail(ps, sp.ofs, "%s: bad syntax for %s value", span_str(sp, shown), name);
    if (has_mask && !parse_uint_overflow(m, 0, mask, &big_mask) && !big_mask)
        return fail(ps, sp.ofs, "%s: bad syntax for %s mask", span_str(sp, shown), name);
    if (big_value || big_mask || *value > max || (has_mask && *mask > max))
        return fail(ps, sp.ofs, "%s: %s too large for %u-byte field %s",
                    span_str(sp, shown), big_value || *value > max ? "value" : "mask",
                    n_bytes, name);
    if (!has_mask)
        *mask = max;
    if (!maskable && *mask && *mask != max)
        return fail(ps, sp.ofs, "%s: invalid mask for field %s", span_str(sp, shown), name);
    *value &= *mask;
    return true;
}

/* A port number as ofputil_port_from_string() reads one: decimal, or a
 * reserved port name (case-insensitive).  Returns false for anything else;
 * '*port' gets the OpenFlow number (FLOW_OFPORT_MAX at most, or FLOW_PORT_*).
 * 65534 is LOCAL, as OVS still reads OpenFlow 1.0's number for it. */
static bool
parse_port(struct span sp, uint16_t *port)
{
    static const struct { const char *name; uint16_t port; } names[] = {
        { "IN_PORT", FLOW_PORT_IN_PORT }, { "NORMAL", FLOW_PORT_NORMAL },
        { "FLOOD", FLOW_PORT_FLOOD }, { "ALL", FLOW_PORT_ALL },
        { "LOCAL", FLOW_PORT_LOCAL },
    };
    uint64_t n;

    if (parse_uint(sp, 10, &n)) {
        if (n > FLOW_OFPORT_MAX && n != FLOW_PORT_LOCAL)
            return false;
        *port = n;
        return true;
    }
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (span_is_nocase(sp, names[i].name)) {
            *port = names[i].port;
            return true;
        }
    }
    return false;
}

/* Whether ofputil_port_from_string() reads unquoted 'sp' as a port number
 * or a reserved port, never as a name: decimal up to UINT32_MAX (OVS
 * refuses 65536 and up rather than look them up; only longer ones can be
 * names), or one of OVS's reserved names in any case, the ones we do not
 * take (CONTROLLER, TABLE, ANY, UNSET, NONE) too.  A port named "65536" or
 * "controller" is only ever "\"65536\"", as in OVS. */
static bool
ovs_port_keyword(struct span sp)
{
    static const char *const reserved[] = {
        "IN_PORT", "TABLE", "NORMAL", "FLOOD", "ALL", "CONTROLLER", "LOCAL", "ANY", "UNSET",
        "NONE",
    };
    uint64_t n;
    bool big;

    if (parse_uint_overflow(sp, 10, &n, &big) || big)
        return !big && n <= UINT32_MAX;
    for (size_t i = 0; i < ARRAY_SIZE(reserved); i++)
        if (span_is_nocase(sp, reserved[i]))
            return true;
    return false;
}

/* The text inside a quoted port name into 'name' (NUL-terminated, at most
 * FLOW_PORT_NAME_MAX bytes), unescaped as OVS's json_string_unescape()
 * does: \" \\ \/ \b \f \n \r \t and \uXXXX (as UTF-8; not \u0000 nor a
 * surrogate); an unescaped '"' is an error. */
static bool
unquote_port_name(struct span sp, char *name)
{
    static const char escapes[] = "\"\"\\\\//b\bf\fn\nr\rt\t";
    size_t n = 0;

    for (size_t i = 0; i < sp.len; i++) {
        unsigned char utf8[3];
        size_t len = 1;
        const char *e;

        utf8[0] = sp.p[i];
        if (sp.p[i] == '"') {
            return false;
        } else if (sp.p[i] != '\\') {
            /* as it is */
        } else if (++i >= sp.len) {
            return false;
        } else if (sp.p[i] != 'u') {
            for (e = escapes; *e && *e != sp.p[i]; e += 2)
                ;
            if (!*e)
                return false;
            utf8[0] = e[1];
        } else {
            unsigned u = 0;

            for (int d = 0; d < 4; d++) {
                if (++i >= sp.len || digit_value(sp.p[i]) >= 16)
                    return false;
                u = u * 16 + digit_value(sp.p[i]);
            }
            if (!u || (u >= 0xd800 && u <= 0xdfff))
                return false;
            if (u < 0x80) {
                utf8[0] = u;
            } else if (u < 0x800) {
                utf8[0] = 0xc0 | u >> 6;
                utf8[1] = 0x80 | (u & 0x3f);
                len = 2;
            } else {
                utf8[0] = 0xe0 | u >> 12;
                utf8[1] = 0x80 | ((u >> 6) & 0x3f);
                utf8[2] = 0x80 | (u & 0x3f);
                len = 3;
            }
        }
        if (n + len > FLOW_PORT_NAME_MAX)
            return false;
        memcpy(name + n, utf8, len);
        n += len;
    }
    name[n] = '\0';
    return n > 0;
}

/* A port of the bridge by name (struct flow_port_names): "vm1", or "\"7\""
 * for a port whose name reads as a number or a reserved name. */
static bool
parse_port_name(const struct parser *ps, struct span sp, uint16_t *port)
{
    char name[FLOW_PORT_NAME_MAX + 1];

    if (!ps->names)
        return false;
    if (sp.len >= 2 && sp.p[0] == '"' && sp.p[sp.len - 1] == '"') {
        sp.p++;
        sp.len -= 2;
        if (!unquote_port_name(sp, name))
            return false;
    } else {
        if (!sp.len || sp.len > FLOW_PORT_NAME_MAX || ovs_port_keyword(sp))
            return false;
        memcpy(name, sp.p, sp.len);
        name[sp.len] = '\0';
    }
    return ps->names->lookup(ps->names->arg, name, port);
}

/* parse_port(), then the bridge's port names. */
static bool
parse_any_port(const struct parser *ps, struct span sp, uint16_t *port)
{
    bool quoted = sp.len >= 2 && sp.p[0] == '"';

    return (!quoted && parse_port(sp, port)) || parse_port_name(ps, sp, port);
}

static bool
parse_mac_masked(struct parser *ps, struct span sp, uint8_t mac[ETH_ADDR_LEN],
                 uint8_t mask[ETH_ADDR_LEN])
{
    char shown[SHOWN_MAX + 4], text[ETH_ADDR_STR_SIZE + 1];
    struct span parts[2];
    bool has_mask = span_split_mask(sp, &parts[0], &parts[1]);

    memset(mask, 0xff, ETH_ADDR_LEN);
    for (int i = 0; i < 1 + has_mask; i++) {
        if (parts[i].len >= sizeof text)
            return fail(ps, sp.ofs, "%s: invalid Ethernet address", span_str(sp, shown));
        memcpy(text, parts[i].p, parts[i].len);
        text[parts[i].len] = '\0';
        if (!eth_addr_parse(text, i ? mask : mac))
            return fail(ps, sp.ofs, "%s: invalid Ethernet address", span_str(sp, shown));
    }
    for (int i = 0; i < ETH_ADDR_LEN; i++)
        mac[i] &= mask[i];
    return true;
}

/* "a.b.c.d" into '*ip'; false unless all of 'sp' is one. */
static bool
parse_ipv4(struct span sp, uint32_t *ip)
{
    uint32_t v = 0;
    size_t i = 0;

    for (int octet = 0; octet < 4; octet++) {
        unsigned n = 0, digits = 0;

        if (octet) {
            if (i >= sp.len || sp.p[i] != '.')
                return false;
            i++;
        }
        while (i < sp.len && sp.p[i] >= '0' && sp.p[i] <= '9' && digits < 4) {
            n = n * 10 + (sp.p[i++] - '0');
            digits++;
        }
        if (!digits || n > 255)
            return false;
        v = v << 8 | n;
    }
    if (i != sp.len)
        return false;
    *ip = v;
    return true;
}

/* OVS's ip_parse_masked(): "a.b.c.d", "a.b.c.d/len" or "a.b.c.d/m.m.m.m". */
static bool
parse_ipv4_masked(struct parser *ps, struct span sp, uint32_t *ip, uint32_t *mask)
{
    char shown[SHOWN_MAX + 4];
    struct span v, m;
    uint64_t prefix;

    if (!span_split_mask(sp, &v, &m)) {
        if (!parse_ipv4(v, ip))
            return fail(ps, sp.ofs, "%s: invalid IP address", span_str(sp, shown));
        *mask = UINT32_MAX;
        return true;
    }
    if (!parse_ipv4(v, ip))
        return fail(ps, sp.ofs, "%s: invalid IP address", span_str(sp, shown));
    if (parse_ipv4(m, mask)) {
        /* any bit mask, as NXM allows */
    } else if (parse_uint(m, 10, &prefix) && m.p[0] != '-') {
        if (prefix > 32)
            return fail(ps, sp.ofs, "%s: IPv4 network prefix bits not between 0 and 32,"
                        " inclusive", span_str(sp, shown));
        *mask = prefix ? UINT32_MAX << (32 - prefix) : 0;
    } else {
        return fail(ps, sp.ofs, "%s: invalid IP address", span_str(sp, shown));
    }
    *ip &= *mask;
    return true;
}

/* The IPv4 address field 'id' (F_NW_SRC, F_NW_DST, F_TUN_SRC, F_TUN_DST)
 * of 'k'. */
static uint32_t *
ipv4_field(struct flow_key *k, enum field_id id)
{
    return id == F_NW_SRC ? &k->nw_src : id == F_NW_DST ? &k->nw_dst
           : id == F_TUN_SRC ? &k->tun_src : &k->tun_dst;
}

/* One match field 'id' with its text 'v'; the VLAN fields combine the way
 * OVS's match_set_dl_vlan()/match_set_dl_vlan_pcp() do. */
static bool
parse_field(struct parser *ps, enum field_id id, struct span name, struct span v)
{
    struct flow_key *val = &ps->flow->match.value, *mask = &ps->flow->match.mask;
    char shown[SHOWN_MAX + 4], field[SHOWN_MAX + 4];
    uint64_t n, m;
    uint32_t ip, ipmask;

    span_str(name, field);
    switch (id) {
    case F_IN_PORT: {
        uint16_t port;

        if (!parse_any_port(ps, v, &port)
            || (port > FLOW_OFPORT_MAX && port != FLOW_PORT_LOCAL))
            return fail(ps, v.ofs, "%s: invalid or unknown port for in_port",
                        span_str(v, shown));
        val->in_port = port;
        mask->in_port = UINT16_MAX;
        return true;
    }
    case F_DL_VLAN:
        if (!parse_uint(v, 0, &n) || (n > VLAN_VID_MASK && n != FLOW_VLAN_NONE))
            return fail(ps, v.ofs, "invalid %s \"%s\" (expected 0-4095, or 0xffff for"
                        " untagged)", field, span_str(v, shown));
        if (n == FLOW_VLAN_NONE) {
            val->vlan_tci = 0;
            mask->vlan_tci = UINT16_MAX;
        } else {
            val->vlan_tci = (val->vlan_tci & ~VLAN_VID_MASK) | FLOW_VLAN_CFI | n;
            mask->vlan_tci |= VLAN_VID_MASK | FLOW_VLAN_CFI;
        }
        return true;
    case F_DL_VLAN_PCP:
        if (!parse_uint(v, 0, &n) || n > 7)
            return fail(ps, v.ofs, "invalid %s \"%s\" (expected 0-7)", field,
                        span_str(v, shown));
        val->vlan_tci = (val->vlan_tci & ~VLAN_PCP_MASK) | FLOW_VLAN_CFI
                        | n << VLAN_PCP_SHIFT;
        mask->vlan_tci |= VLAN_PCP_MASK | FLOW_VLAN_CFI;
        return true;
    case F_VLAN_TCI:
        if (!parse_int_masked(ps, v, field, 2, true, &n, &m))
            return false;
        val->vlan_tci = n;
        mask->vlan_tci = m;
        return true;
    case F_DL_SRC:
        return parse_mac_masked(ps, v, val->dl_src, mask->dl_src);
    case F_DL_DST:
        return parse_mac_masked(ps, v, val->dl_dst, mask->dl_dst);
    case F_DL_TYPE:
        if (!parse_int_masked(ps, v, field, 2, false, &n, &m))
            return false;
        val->dl_type = n;
        mask->dl_type = m;
        return true;
    case F_NW_SRC:
    case F_NW_DST:
    case F_TUN_SRC:
    case F_TUN_DST:
        if (!parse_ipv4_masked(ps, v, &ip, &ipmask))
            return false;
        *ipv4_field(val, id) = ip;
        *ipv4_field(mask, id) = ipmask;
        return true;
    case F_NW_PROTO:
        if (!parse_int_masked(ps, v, field, 1, false, &n, &m))
            return false;
        val->nw_proto = n;
        mask->nw_proto = m;
        return true;
    case F_TP_SRC:
    case F_TP_DST:
        if (!parse_int_masked(ps, v, field, 2, true, &n, &m))
            return false;
        if (id == F_TP_SRC) {
            val->tp_src = n;
            mask->tp_src = m;
        } else {
            val->tp_dst = n;
            mask->tp_dst = m;
        }
        return true;
    case F_TUN_ID:
        /* OVS's 8-byte field, of which only the low 32 bits exist here. */
        if (!parse_int_masked(ps, v, field, 8, true, &n, &m))
            return false;
        if (n > UINT32_MAX)
            return fail(ps, v.ofs, "%s: %s above 0xffffffff is not supported (tun_id has"
                        " 32 bits here; a VXLAN VNI has 24)", span_str(v, shown), field);
        val->tun_id = n;
        mask->tun_id = (uint32_t) m;
        return true;
    case N_FIELDS:
        break;
    }
    return false;
}

/* Fields matched without what they depend on: OpenFlow 1.2+'s
 * OFPBMC_BAD_PREREQ, reported at the first such field.  A field given with
 * an all-zero mask matches nothing and needs nothing. */
static bool
check_prerequisites(struct parser *ps)
{
    const struct flow_key *val = &ps->flow->match.value, *mask = &ps->flow->match.mask;
    bool ip = mask->dl_type == UINT16_MAX && val->dl_type == ETH_TYPE_IP;
    bool l4 = ip && mask->nw_proto == UINT8_MAX
              && (val->nw_proto == IPPROTO_TCP_ || val->nw_proto == IPPROTO_UDP_
                  || val->nw_proto == IPPROTO_SCTP_);
    const struct {
        enum field_id id;
        const char *name;
        bool matched, l4;
    } checks[] = {
        { F_NW_SRC, "nw_src", mask->nw_src != 0, false },
        { F_NW_DST, "nw_dst", mask->nw_dst != 0, false },
        { F_NW_PROTO, "nw_proto", mask->nw_proto != 0, false },
        { F_TP_SRC, "tp_src", mask->tp_src != 0, true },
        { F_TP_DST, "tp_dst", mask->tp_dst != 0, true },
    };
    size_t first = 0;
    int bad = -1;

    for (size_t i = 0; i < ARRAY_SIZE(checks); i++) {
        size_t ofs = ps->field_ofs[checks[i].id];

        if (checks[i].matched && !(checks[i].l4 ? l4 : ip) && (bad < 0 || ofs < first)) {
            bad = i;
            first = ofs;
        }
    }
    if (bad < 0)
        return true;
    return fail(ps, first, "prerequisites not met for setting %s (needs %s)",
                checks[bad].name, checks[bad].l4
                ? "tcp, udp or sctp: dl_type=0x0800 and nw_proto=6, 17 or 132"
                : "ip: dl_type=0x0800");
}

static bool
in_list(struct span sp, const char *const *list, size_t n, bool nocase)
{
    for (size_t i = 0; i < n; i++)
        if (nocase ? span_is_nocase(sp, list[i]) : span_is(sp, list[i]))
            return true;
    return false;
}

/* "cookie=V" or "cookie=V/MASK"; strtoull also takes "-1" for all ones,
 * which OVS users write as a mask. */
static bool
parse_cookie_number(struct parser *ps, struct span sp, uint64_t *value)
{
    char shown[SHOWN_MAX + 4];
    struct span digits = sp;
    bool negative = sp.len && sp.p[0] == '-';

    if (negative) {
        digits.p++;
        digits.len--;
    }
    if (!parse_uint(digits, 0, value))
        return fail(ps, sp.ofs, "invalid numeric format %s", span_str(sp, shown));
    if (negative)
        *value = -*value;
    return true;
}

static bool
parse_cookie(struct parser *ps, struct span v)
{
    struct span value, mask;

    if (span_split_mask(v, &value, &mask)) {
        /* A mask selects flows by cookie. */
        if (ps->cmd == CMD_ADD)
            return fail(ps, v.ofs, "flow additions cannot use a cookie mask");
        if (!parse_cookie_number(ps, value, &ps->cookie_match)
            || !parse_cookie_number(ps, mask, &ps->cookie_mask))
            return false;
        ps->cookie_match &= ps->cookie_mask;
        return true;
    }
    /* No mask sets the cookie. */
    if (ps->cmd == CMD_FILTER)
        return fail(ps, v.ofs, "cannot set cookie");
    ps->set_cookie = true;
    return parse_cookie_number(ps, value, &ps->flow->cookie);
}

static bool
parse_match(struct parser *ps, const char *text, size_t end)
{
    struct scanner sc = { text, 0, end };
    struct span k, v;

    while (next_pair(&sc, &k, &v)) {
        char key[SHOWN_MAX + 4], shown[SHOWN_MAX + 4];
        bool found = false;

        for (size_t i = 0; i < flow_n_protocols; i++) {
            if (span_is(k, flow_protocols[i].name)) {
                struct flow_match *m = &ps->flow->match;

                m->value.dl_type = flow_protocols[i].dl_type;
                m->mask.dl_type = UINT16_MAX;
                if (flow_protocols[i].nw_proto) {
                    m->value.nw_proto = flow_protocols[i].nw_proto;
                    m->mask.nw_proto = UINT8_MAX;
                }
                found = true;
                break;
            }
        }
        if (found)
            continue;
        if (span_is(k, "no_readonly_table") || span_is(k, "allow_hidden_fields"))
            continue;           /* OVS ignores these too */
        for (size_t i = 0; i < ARRAY_SIZE(field_names); i++) {
            if (span_is(k, field_names[i].name)) {
                enum field_id id = field_names[i].id;

                if (!v.len)
                    return fail(ps, k.ofs, "field %s missing value", span_str(k, key));
                if (!parse_field(ps, id, k, v))
                    return false;
                ps->field_ofs[id] = k.ofs;
                found = true;
                break;
            }
        }
        if (found)
            continue;
        if (in_list(k, unsupported_keywords, ARRAY_SIZE(unsupported_keywords), false)
            || (k.len > 3 && !memcmp(k.p, "reg", 3)))
            return fail(ps, k.ofs, "unsupported keyword %s", span_str(k, key));
        if (!v.len)
            return fail(ps, k.ofs, "field %s missing value", span_str(k, key));

        if (span_is(k, "table")) {
            uint64_t table;

            if (!parse_uint(v, 10, &table) || table > 254)
                return fail(ps, v.ofs, "unknown table \"%s\"", span_str(v, shown));
            if (table != 0)
                return fail(ps, v.ofs, "invalid table \"%s\" (only table 0 exists)",
                            span_str(v, shown));
        } else if (ps->cmd == CMD_FILTER && span_is(k, "out_port")) {
            /* OVS's OFPP_ANY (NONE its old name): any port, no filter */
            if (span_is_nocase(v, "ANY") || span_is_nocase(v, "NONE"))
                ps->out_port = FLOW_PORT_NONE;
            else if (!parse_any_port(ps, v, &ps->out_port))
                return fail(ps, v.ofs, "%s is not a valid OpenFlow port",
                            span_str(v, shown));
        } else if ((ps->cmd != CMD_FILTER || ps->strict) && span_is(k, "priority")) {
            uint64_t n;

            if (!parse_uint_field(ps, v, "priority", UINT16_MAX, &n))
                return false;
            ps->flow->priority = n;
        } else if (ps->cmd != CMD_FILTER && span_is(k, "idle_timeout")) {
            uint64_t n;

            if (!parse_uint_field(ps, v, "idle_timeout", UINT16_MAX, &n))
                return false;
            ps->flow->idle_timeout = n;
        } else if (ps->cmd != CMD_FILTER && span_is(k, "hard_timeout")) {
            uint64_t n;

            if (!parse_uint_field(ps, v, "hard_timeout", UINT16_MAX, &n))
                return false;
            ps->flow->hard_timeout = n;
        } else if (span_is(k, "cookie")) {
            if (!parse_cookie(ps, v))
                return false;
        } else if (span_is(k, "duration") || span_is(k, "n_packets")
                   || span_is(k, "n_bytes") || span_is(k, "idle_age")
                   || span_is(k, "hard_age")) {
            /* dump-flows output fed back in, as OVS allows. */
        } else {
            return fail(ps, k.ofs, "unknown keyword %s", span_str(k, key));
        }
    }
    return check_prerequisites(ps);
}

static bool
add_action(struct parser *ps, struct span k, const struct flow_action *a)
{
    struct flow *f = ps->flow;

    if (f->n_actions >= FLOW_MAX_ACTIONS)
        return fail(ps, k.ofs, "too many actions (at most %d)", FLOW_MAX_ACTIONS);
    f->actions[f->n_actions++] = *a;
    return true;
}

/* An output to 'port' as parse_port() returned it. */
static void
output_action(uint16_t port, struct flow_action *a)
{
    switch (port) {
    case FLOW_PORT_IN_PORT: a->type = FLOW_ACT_IN_PORT; break;
    case FLOW_PORT_NORMAL:  a->type = FLOW_ACT_NORMAL; break;
    case FLOW_PORT_FLOOD:   a->type = FLOW_ACT_FLOOD; break;
    case FLOW_PORT_ALL:     a->type = FLOW_ACT_ALL; break;
    default:
        a->type = FLOW_ACT_OUTPUT;
        a->port = port;
        break;
    }
}

static bool
parse_action_mac(struct parser *ps, struct span v, uint8_t mac[ETH_ADDR_LEN])
{
    char text[ETH_ADDR_STR_SIZE + 1], shown[SHOWN_MAX + 4];

    if (v.len >= sizeof text)
        return fail(ps, v.ofs, "invalid mac address %s", span_str(v, shown));
    memcpy(text, v.p, v.len);
    text[v.len] = '\0';
    if (!eth_addr_parse(text, mac))
        return fail(ps, v.ofs, "invalid mac address %s", span_str(v, shown));
    return true;
}

/* Tunnel ID actions.  OVS's tun_id has 64 bits, ours 32 (net/flow.h). */

/* Makes 'a' an action of 'type' that sets the whole ID to 'n', which 'v'
 * spelled; false if 'n' does not fit. */
static bool
whole_tun_id_action(struct parser *ps, struct span v, uint64_t n, enum flow_action_type type,
                    struct flow_action *a)
{
    char shown[SHOWN_MAX + 4];

    if (n > UINT32_MAX)
        return fail(ps, v.ofs, "%s: tunnel ID above 0xffffffff is not supported (tun_id has"
                    " 32 bits here; a VXLAN VNI has 24)", span_str(v, shown));
    a->type = type;
    a->tun.id = n;
    a->tun.ofs = 0;
    a->tun.n_bits = FLOW_TUN_ID_ALL_BITS;
    return true;
}

/* "set_tunnel:N" or "set_tunnel64:N", in OVS's words. */
static bool
parse_set_tunnel(struct parser *ps, struct span v, enum flow_action_type type,
                 struct flow_action *a)
{
    char shown[SHOWN_MAX + 4];
    uint64_t n;

    if (!v.len)
        return fail(ps, v.ofs, "missing required numeric argument");
    if (!parse_uint(v, 0, &n))
        return fail(ps, v.ofs, "invalid numeric format %s", span_str(v, shown));
    return whole_tun_id_action(ps, v, n, type, a);
}

/* Splits "SRC->DST" at its first "->"; false if there is none. */
static bool
span_split_arrow(struct span sp, struct span *src, struct span *dst)
{
    for (size_t i = 0; i + 1 < sp.len; i++) {
        if (sp.p[i] == '-' && sp.p[i + 1] == '>') {
            *src = (struct span) { sp.p, i, sp.ofs };
            *dst = (struct span) { sp.p + i + 2, sp.len - i - 2, sp.ofs + i + 2 };
            return true;
        }
    }
    return false;
}

static bool
is_tun_id_name(struct span sp)
{
    return span_is(sp, "tun_id") || span_is(sp, "tunnel_id") || span_is(sp, "NXM_NX_TUN_ID")
           || span_is(sp, "OXM_OF_TUNNEL_ID");
}

/* "set_field:N->tun_id": OVS stores it as load:N->NXM_NX_TUN_ID[]. */
static bool
parse_set_field(struct parser *ps, struct span v, struct flow_action *a)
{
    char shown[SHOWN_MAX + 4], name[SHOWN_MAX + 4];
    struct span value, field, unmasked, mask;
    uint64_t n;

    if (!span_split_arrow(v, &value, &field))
        return fail(ps, v.ofs, "%s: missing `->'", span_str(v, shown));
    if (!span_is(field, "tun_id") && !span_is(field, "tunnel_id"))
        return fail(ps, field.ofs, "%s: set_field supports only tun_id here",
                    span_str(field, name));
    if (span_split_mask(value, &unmasked, &mask))
        return fail(ps, value.ofs, "%s: set_field with a mask is not supported",
                    span_str(value, shown));
    if (!parse_uint(value, 0, &n))
        return fail(ps, value.ofs, "%s: bad syntax for tun_id value",
                    span_str(value, shown));
    return whole_tun_id_action(ps, value, n, FLOW_ACT_LOAD_TUN_ID, a);
}

/* A bit range 'sp', "[]", "[B]" or "[A..B]" of the 64-bit tun_id, or
 * nothing (the whole field), as OVS's mf_parse_subfield(); messages name
 * 'field', the field with its range. */
static bool
parse_bit_range(struct parser *ps, struct span field, struct span sp, unsigned *ofs,
                unsigned *n_bits)
{
    char shown[SHOWN_MAX + 4];
    struct span a = { sp.p + 1, 0, sp.ofs + 1 }, b;
    uint64_t start, end;

    if (!sp.len || (sp.len == 2 && sp.p[0] == '[' && sp.p[1] == ']')) {
        *ofs = 0;
        *n_bits = FLOW_TUN_ID_ALL_BITS;
        return true;
    }
    if (sp.len < 3 || sp.p[0] != '[' || sp.p[sp.len - 1] != ']')
        return fail(ps, field.ofs, "%s: bad syntax for bit range", span_str(field, shown));
    while (a.len < sp.len - 2 && a.p[a.len] != '.')
        a.len++;
    b = a;
    if (a.len < sp.len - 2) {
        if (a.len + 2 >= sp.len - 2 || a.p[a.len + 1] != '.')
            return fail(ps, field.ofs, "%s: bad syntax for bit range", span_str(field, shown));
        b = (struct span) { a.p + a.len + 2, sp.len - 2 - a.len - 2, a.ofs + a.len + 2 };
    }
    if (!parse_uint(a, 10, &start) || !parse_uint(b, 10, &end))
        return fail(ps, field.ofs, "%s: bad syntax for bit range", span_str(field, shown));
    if (start >= 64)
        return fail(ps, field.ofs, "%s: starting bit %llu is not valid because field is"
                    " only 64 bits wide", span_str(field, shown), (unsigned long long) start);
    if (end >= 64)
        return fail(ps, field.ofs, "%s: ending bit %llu is not valid because field is only"
                    " 64 bits wide", span_str(field, shown), (unsigned long long) end);
    if (start > end)
        return fail(ps, field.ofs, "%s: starting bit %llu is after ending bit %llu",
                    span_str(field, shown), (unsigned long long) start,
                    (unsigned long long) end);
    *ofs = start;
    *n_bits = end - start + 1;
    return true;
}

/* "load:N->NXM_NX_TUN_ID[A..B]" (OVS's nxm_parse_reg_load()). */
static bool
parse_load(struct parser *ps, struct span v, struct flow_action *a)
{
    char shown[SHOWN_MAX + 4];
    struct span value, dst, name, bits;
    unsigned ofs = 0, n_bits = 0;
    uint64_t n;

    if (!span_split_arrow(v, &value, &dst))
        return fail(ps, v.ofs, "%s: missing `->'", span_str(v, shown));
    if (!parse_uint(value, 0, &n))
        return fail(ps, v.ofs, "%s: cannot parse integer value", span_str(v, shown));
    name = dst;
    name.len = 0;
    while (name.len < dst.len && dst.p[name.len] != '[')
        name.len++;
    bits = (struct span) { dst.p + name.len, dst.len - name.len, dst.ofs + name.len };
    if (!is_tun_id_name(name))
        return fail(ps, dst.ofs, "%s: load supports only NXM_NX_TUN_ID (tun_id) here",
                    span_str(dst, shown));
    if (!parse_bit_range(ps, dst, bits, &ofs, &n_bits))
        return false;
    if (n_bits < 64 && n >> n_bits)
        return fail(ps, v.ofs, "%s: value %#llx does not fit into %u bits",
                    span_str(v, shown), (unsigned long long) n, n_bits);
    if (ofs == 0 && n_bits == FLOW_TUN_ID_ALL_BITS)
        return whole_tun_id_action(ps, value, n, FLOW_ACT_LOAD_TUN_ID, a);
    if (ofs + n_bits > 32)
        return fail(ps, dst.ofs, "%s: bits above 31 of tun_id are not supported (tun_id"
                    " has 32 bits here; a VXLAN VNI has 24)", span_str(dst, shown));
    a->type = FLOW_ACT_LOAD_TUN_ID;
    a->tun.id = n;
    a->tun.ofs = ofs;
    a->tun.n_bits = n_bits;
    return true;
}

/* OVS's ofpacts_parse__() for the actions we implement. */
static bool
parse_actions(struct parser *ps, const char *text, size_t start, size_t end)
{
    struct scanner sc = { text, start, end };
    struct span k, v, drop_at = { NULL, 0, 0 };
    bool drop = false;

    while (next_pair(&sc, &k, &v)) {
        struct flow_action a;
        char key[SHOWN_MAX + 4], shown[SHOWN_MAX + 4];
        uint16_t port;
        uint64_t n;

        memset(&a, 0, sizeof a);
        if (span_is_nocase(k, "output")) {
            if (!parse_any_port(ps, v, &port))
                return fail(ps, v.ofs, "%s: output to unknown port", span_str(v, shown));
            output_action(port, &a);
        } else if (span_is_nocase(k, "mod_vlan_vid")) {
            if (!parse_uint_field(ps, v, "VLAN VID", UINT16_MAX, &n))
                return false;
            if (n > VLAN_VID_MASK)
                return fail(ps, v.ofs, "%s: not a valid VLAN VID", span_str(v, shown));
            a.type = FLOW_ACT_MOD_VLAN_VID;
            a.vid = n;
        } else if (span_is_nocase(k, "mod_vlan_pcp")) {
            if (!parse_uint_field(ps, v, "VLAN PCP", UINT8_MAX, &n))
                return false;
            if (n > 7)
                return fail(ps, v.ofs, "%s: not a valid VLAN PCP", span_str(v, shown));
            a.type = FLOW_ACT_MOD_VLAN_PCP;
            a.pcp = n;
        } else if (span_is_nocase(k, "strip_vlan")) {
            a.type = FLOW_ACT_STRIP_VLAN;
        } else if (span_is_nocase(k, "pop_vlan")) {
            a.type = FLOW_ACT_POP_VLAN;
        } else if (span_is_nocase(k, "push_vlan")) {
            if (!parse_uint_field(ps, v, "ethertype", UINT16_MAX, &n))
                return false;
            if (n != ETH_TYPE_VLAN && n != ETH_TYPE_VLAN_AD)
                return fail(ps, v.ofs, "%s: not a valid VLAN ethertype", span_str(v, shown));
            a.type = FLOW_ACT_PUSH_VLAN;
            a.tpid = n;
        } else if (span_is_nocase(k, "mod_dl_src")) {
            if (!parse_action_mac(ps, v, a.mac))
                return false;
            a.type = FLOW_ACT_MOD_DL_SRC;
        } else if (span_is_nocase(k, "mod_dl_dst")) {
            if (!parse_action_mac(ps, v, a.mac))
                return false;
            a.type = FLOW_ACT_MOD_DL_DST;
        } else if (span_is_nocase(k, "set_tunnel")) {
            if (!parse_set_tunnel(ps, v, FLOW_ACT_SET_TUNNEL, &a))
                return false;
        } else if (span_is_nocase(k, "set_tunnel64")) {
            if (!parse_set_tunnel(ps, v, FLOW_ACT_SET_TUNNEL64, &a))
                return false;
        } else if (span_is_nocase(k, "set_field")) {
            if (!parse_set_field(ps, v, &a))
                return false;
        } else if (span_is_nocase(k, "load")) {
            if (!parse_load(ps, v, &a))
                return false;
        } else if (span_is_nocase(k, "drop")) {
            if (!drop)
                drop_at = k;
            drop = true;
            continue;
        } else if (span_is_nocase(k, "apply_actions")) {
            return fail(ps, k.ofs, "apply_actions is the default instruction");
        } else if (parse_port(k, &port)) {
            output_action(port, &a);
        } else if (in_list(k, unsupported_actions, ARRAY_SIZE(unsupported_actions), true)) {
            return fail(ps, k.ofs, "unsupported action %s", span_str(k, key));
        } else if (parse_port_name(ps, k, &port)) {
            /* "vm1:5": the value is ignored, as OVS ignores it */
            output_action(port, &a);
        } else {
            return fail(ps, k.ofs, "unknown action %s", span_str(k, key));
        }
        if (!add_action(ps, k, &a))
            return false;
    }
    if (drop && ps->flow->n_actions)
        return fail(ps, drop_at.ofs, "\"drop\" must not be accompanied by any other action"
                    " or instruction");
    return true;
}

/* Where the action list starts (just past "action...="), as OVS's
 * ofp_extract_actions(): the first "action" in the text ends the match.
 * Returns false if there is none. */
static bool
find_actions(const char *s, size_t *match_end, size_t *actions_start)
{
    size_t len = strlen(s), i, j;

    for (i = 0; i + 6 <= len && strncmp(s + i, "action", 6); i++)
        continue;
    if (i + 6 > len)
        return false;
    for (j = i + 1; j < len && s[j] != '='; j++)
        continue;
    if (j >= len)
        return false;
    *match_end = i;
    *actions_start = j + 1;
    return true;
}

static void
parser_init(struct parser *ps, enum parse_cmd cmd, bool strict,
            const struct flow_port_names *names, struct flow *f, struct err_msg *err)
{
    memset(ps, 0, sizeof *ps);
    ps->cmd = cmd;
    ps->strict = strict;
    ps->names = names;
    ps->flow = f;
    ps->out_port = FLOW_PORT_NONE;
    ps->err = err;
    memset(f, 0, sizeof *f);
    f->priority = FLOW_DEFAULT_PRIORITY;
}

static bool
parse_flow(struct parser *ps, const char *s)
{
    size_t match_end, actions_start;

    if (!find_actions(s, &match_end, &actions_start))
        return fail(ps, strlen(s), "must specify an action");
    return parse_match(ps, s, match_end)
           && parse_actions(ps, s, actions_start, strlen(s));
}

bool
flow_parse_add_named(const char *s, const struct flow_port_names *names, struct flow *f,
                     struct err_msg *err)
{
    struct parser ps;

    parser_init(&ps, CMD_ADD, false, names, f, err);
    return parse_flow(&ps, s);
}

bool
flow_parse_add(const char *s, struct flow *f, struct err_msg *err)
{
    return flow_parse_add_named(s, NULL, f, err);
}

bool
flow_parse_modify_named(const char *s, bool strict, const struct flow_port_names *names,
                        struct flow_mod *fm, struct err_msg *err)
{
    struct parser ps;

    memset(fm, 0, sizeof *fm);
    parser_init(&ps, CMD_MODIFY, strict, names, &fm->flow, err);
    if (!parse_flow(&ps, s))
        return false;
    fm->set_cookie = ps.set_cookie;
    fm->filter.match = fm->flow.match;
    fm->filter.priority = fm->flow.priority;
    fm->filter.strict = strict;
    fm->filter.cookie = ps.cookie_match;
    fm->filter.cookie_mask = ps.cookie_mask;
    fm->filter.out_port = FLOW_PORT_NONE;
    return true;
}

bool
flow_parse_modify(const char *s, bool strict, struct flow_mod *fm, struct err_msg *err)
{
    return flow_parse_modify_named(s, strict, NULL, fm, err);
}

bool
flow_parse_filter_named(const char *s, bool strict, const struct flow_port_names *names,
                        struct flow_filter *filter, struct err_msg *err)
{
    struct parser ps;
    struct flow f;

    parser_init(&ps, CMD_FILTER, strict, names, &f, err);
    if (!parse_match(&ps, s, strlen(s)))
        return false;
    memset(filter, 0, sizeof *filter);
    filter->match = f.match;
    filter->priority = f.priority;
    filter->strict = strict;
    filter->cookie = ps.cookie_match;
    filter->cookie_mask = ps.cookie_mask;
    filter->out_port = ps.out_port;
    return true;
}

bool
flow_parse_filter(const char *s, bool strict, struct flow_filter *filter,
                  struct err_msg *err)
{
    return flow_parse_filter_named(s, strict, NULL, filter, err);
}
