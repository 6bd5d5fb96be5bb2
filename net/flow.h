#ifndef NET_FLOW_H
#define NET_FLOW_H 1

/* Flows in the ovs-ofctl dialect
 * ==============================
 * A 'struct flow' is one OpenFlow-style flow table entry: a match (which
 * frames), a priority, a cookie, idle/hard timeouts and an ordered action
 * list.  This module parses the text `ovs-ofctl add-flow`, `mod-flows` and
 * `del-flows`/`dump-flows` take, formats flows the way OVS 3.x
 * `ovs-ofctl dump-flows` prints them, and extracts the match key of a frame.
 * Matching itself is classifier.h's job; executing actions is bridge.c's.
 * The module is three files: flow_parse.c (text to flow), flow_format.c
 * (flow to text) and flow.c (key extraction and the matching helpers);
 * flow_private.h holds what they share.
 *
 * Matches are value/mask pairs over a fixed 48-byte 'struct flow_key' (in
 * host byte order), with the invariant value == value & mask, so two flows
 * that match the same frames compare equal word by word.  The fields and
 * their meaning follow OVS (ovs-fields(7)): 'vlan_tci' holds the outer 802.1Q
 * tag with the CFI bit (0x1000) meaning "a tag is present", so dl_vlan=N is
 * vlan_tci=0x1000|N/0x1fff and dl_vlan=0xffff ("untagged") is vlan_tci=0/0xffff,
 * printed back as vlan_tci=0x0000 as OVS does.  Only an outer 0x8100 tag counts
 * (docs/design.md section 4.1: an 802.1ad-tagged frame is untagged for an 802.1Q
 * switch).  dl_type is the EtherType after the parsed tags.  nw_* need
 * dl_type=0x0800 and tp_* need nw_proto 6, 17 or 132 in the same match: a flow
 * that names them without is rejected, as an OpenFlow 1.2+ switch does
 * (OFPBMC_BAD_PREREQ), instead of OpenFlow 1.0's silent wildcarding.
 *
 * Tunnels (docs/design.md section 5.14): tun_id, tun_src and tun_dst are the
 * VNI and outer IPv4 addresses of a frame a tunnel port received (struct
 * frame_tunnel), all 0 for other frames, so tun_id=0 matches them as in OVS.
 * OVS's tun_id is 64 bits; here it is 32 (VXLAN uses 24): a value or
 * set_tunnel/set_tunnel64/set_field/load value above 0xffffffff is refused
 * with a message, a mask's upper 32 bits are ignored.  The actions record the
 * ID in the frame's rewrite for later outputs to tunnel ports
 * (bridge_rewrite.tun_id); set_field:N->tun_id is stored and printed as
 * load:N->NXM_NX_TUN_ID[] as ovs-ofctl (OpenFlow 1.0) prints it.
 *
 * Text: fields separated by commas or white space, "key=value" or "key:value",
 * everything after the first "action...=" is the action list.  Field names
 * and protocol shorthands are case-sensitive, actions and reserved port names
 * are not (OVS accepts "normal").  A bridge's own port names, where the
 * caller supplies them (the *_named() parsers), are case-sensitive as in OVS.  duration, n_packets, n_bytes, idle_age and
 * hard_age are ignored and table=0 is accepted, so a dump-flows line parses
 * back into the flow it shows.  Formatting is canonical (OVS's field order,
 * priority 32768 and cookie 0 left out, masks normalised), and
 * flow_parse_add(flow_format(f)) gives 'f' back.
 *
 * Errors go into the caller's 'struct err_msg' in OVS's words ("unknown
 * keyword foo", "field in_port missing value", "invalid priority \"x\"",
 * "unknown action resubmit", ...), with 'col' at the bad token.  Where OVS
 * accepts a value we refuse (a VID above 4095 it would silently truncate),
 * the message says what was expected.
 *
 * Cost and ownership: nothing allocates; a flow is a plain value (312
 * bytes) the caller owns and copies.  flow_key_extract() is a per-frame
 * function: O(1), it reads the Ethernet header, the parsed tags and, when
 * asked, the IPv4 header and the first 4 transport bytes.
 *
 * Known limits: one table (table=0); no IPv6, ARP, ICMP type/code or TCP
 * flags fields (their shorthands "ipv6", "arp", ... still match on dl_type);
 * no registers, metadata or flow-mod flags (send_flow_rem, ...); at most
 * FLOW_MAX_ACTIONS actions; ports are numbers (no port names). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err_msg.h"
#include "frame.h"

#define FLOW_MAX_ACTIONS       16
#define FLOW_DEFAULT_PRIORITY  32768       /* OFP_DEFAULT_PRIORITY */
#define FLOW_OFPORT_MAX        0xfeff      /* OFPP_MAX - 1: highest physical port */
/* Reserved OpenFlow 1.0 port numbers: what "out_port=NORMAL" and friends
 * select (flow_outputs_to()), and NONE, the in_port of a port without an
 * OpenFlow number and the "no out_port filter" value. */
#define FLOW_PORT_IN_PORT      0xfff8
#define FLOW_PORT_NORMAL       0xfffa
#define FLOW_PORT_FLOOD        0xfffb
#define FLOW_PORT_ALL          0xfffc
/* OFPP_LOCAL: the bridge's own port (the internal port named after it,
 * docs/config.md "The local port"), "LOCAL" in flows.  Unlike the reserved
 * ports above it is a real port: in_port=LOCAL matches, output:LOCAL sends
 * to it, and bridge_port_set_ofport() accepts it as a port's number. */
#define FLOW_PORT_LOCAL        0xfffe
#define FLOW_PORT_NONE         0xffff
#define FLOW_VLAN_NONE         0xffff      /* dl_vlan value for untagged frames */
#define FLOW_VLAN_CFI          0x1000      /* "tag present" bit of vlan_tci */

/* Longest text flow_format() and flow_format_stats() write, NUL included. */
#define FLOW_STR_MAX           1280

/* The fields a flow can match, as extracted from a frame.  'w' views the
 * same bytes as words for masking, hashing and comparing. */
struct flow_key {
    union {
        struct {
            uint8_t dl_dst[ETH_ADDR_LEN];
            uint16_t in_port;               /* OpenFlow port number */
            uint8_t dl_src[ETH_ADDR_LEN];
            uint16_t vlan_tci;              /* outer 802.1Q TCI | FLOW_VLAN_CFI, or 0 */
            uint16_t dl_type;
            uint8_t nw_proto;
            uint8_t pad;                    /* always 0 */
            uint32_t nw_src;
            uint32_t nw_dst;
            uint16_t tp_src;
            uint16_t tp_dst;
            /* Tunnel metadata of a frame a tunnel port received (struct
             * frame_tunnel), 0 for any other frame, as in OVS. */
            uint32_t tun_id;                /* VNI: VXLAN uses 24 bits */
            uint32_t tun_src;               /* outer IPv4 source (host order, */
            uint32_t tun_dst;               /* ... as nw_src), destination */
            uint32_t tun_pad;               /* always 0 */
        };
        uint64_t w[6];
    };
};
#define FLOW_KEY_WORDS 6

struct flow_match {
    struct flow_key value;                  /* == value & mask */
    struct flow_key mask;                   /* 1 bits are matched */
};

enum flow_action_type {
    FLOW_ACT_OUTPUT,            /* output:N, or N alone */
    FLOW_ACT_NORMAL,            /* NORMAL: VLAN admission, learning, forwarding */
    FLOW_ACT_FLOOD,             /* every port but the ingress one */
    FLOW_ACT_ALL,               /* the same: no port is excluded from flooding */
    FLOW_ACT_IN_PORT,           /* back out of the ingress port */
    FLOW_ACT_MOD_VLAN_VID,      /* set the outer 802.1Q VID, pushing a tag if none */
    FLOW_ACT_MOD_VLAN_PCP,      /* set the outer 802.1Q PCP, pushing a tag if none */
    FLOW_ACT_STRIP_VLAN,        /* pop the outermost tag */
    FLOW_ACT_POP_VLAN,          /* the same, spelled as OpenFlow 1.1 does */
    FLOW_ACT_PUSH_VLAN,         /* push a tag copying the outer TCI */
    FLOW_ACT_MOD_DL_SRC,
    FLOW_ACT_MOD_DL_DST,
    /* The tunnel ID a later output to a tunnel port sends the frame with
     * (docs/design.md section 5.14).  Three spellings, kept apart because
     * OVS prints each its own way: set_tunnel:N, set_tunnel64:N, and
     * load:N->NXM_NX_TUN_ID[bits] (which set_field:N->tun_id becomes). */
    FLOW_ACT_SET_TUNNEL,
    FLOW_ACT_SET_TUNNEL64,
    FLOW_ACT_LOAD_TUN_ID,       /* bits tun.ofs .. tun.ofs + tun.n_bits - 1 */
};

/* FLOW_ACT_LOAD_TUN_ID's n_bits for the whole (OVS: 64-bit) field, "[]". */
#define FLOW_TUN_ID_ALL_BITS 64

struct flow_action {
    uint8_t type;                           /* enum flow_action_type */
    union {
        uint16_t port;                      /* OUTPUT: 0..FLOW_OFPORT_MAX, LOCAL */
        uint16_t vid;                       /* MOD_VLAN_VID: 0..4095 */
        uint8_t pcp;                        /* MOD_VLAN_PCP: 0..7 */
        uint16_t tpid;                      /* PUSH_VLAN: 0x8100 or 0x88a8 */
        uint8_t mac[ETH_ADDR_LEN];          /* MOD_DL_SRC, MOD_DL_DST */
        struct {                            /* SET_TUNNEL*, LOAD_TUN_ID */
            uint32_t id;                    /* as written, not shifted */
            uint8_t ofs, n_bits;            /* LOAD_TUN_ID: the bits written */
        } tun;
    };
};

struct flow {
    struct flow_match match;
    uint16_t priority;                      /* higher wins */
    uint16_t idle_timeout;                  /* seconds, 0 = none */
    uint16_t hard_timeout;                  /* seconds, 0 = none */
    uint64_t cookie;
    uint8_t n_actions;                      /* 0 = drop */
    struct flow_action actions[FLOW_MAX_ACTIONS];
};

/* Which flows a del-flows, dump-flows or mod-flows acts on.  Loose: every
 * flow whose match covers 'match' (is at least as specific and agrees with
 * it), whatever its priority.  Strict: the flow with exactly 'match' and
 * 'priority'.  Either way also (cookie & cookie_mask) == 'cookie' and, unless
 * 'out_port' is FLOW_PORT_NONE, an output action to 'out_port'. */
struct flow_filter {
    struct flow_match match;
    uint16_t priority;                      /* strict only */
    bool strict;
    uint64_t cookie;                        /* == cookie & cookie_mask */
    uint64_t cookie_mask;                   /* 0: any cookie */
    uint16_t out_port;                      /* FLOW_PORT_NONE or an OUTPUT port */
};

/* A mod-flows command: the flows 'filter' selects get the actions of 'flow'
 * (and its cookie if 'set_cookie'); 'flow' is also what gets added when
 * nothing is selected and no cookie mask was given (OpenFlow 1.0, which
 * ovs-ofctl speaks by default). */
struct flow_mod {
    struct flow flow;
    struct flow_filter filter;              /* match and priority of 'flow' */
    bool set_cookie;                        /* "cookie=V" was given */
};

/* What a flow table keeps about each flow, for dump-flows. */
struct flow_stats {
    uint64_t n_packets, n_bytes;
    int64_t created_ms;                     /* duration = now - created */
    int64_t modified_ms;                    /* hard_age; restarts hard_timeout */
    int64_t used_ms;                        /* idle_age; last hit, else modified */
};

/* Basics. */

/* Makes 'f' the catch-all flow "priority=0 actions=NORMAL" a new bridge has. */
void flow_init_normal(struct flow *f);

/* Parsing.  Each fills its output completely or, on error, returns false,
 * leaves the output unspecified and names the bad token in 'err'. */

/* The port names of the bridge a flow is for, as ovs-ofctl takes them in
 * in_port=, out_port=, output: and a bare action ("in_port=vm1
 * actions=output:vm2"): 'lookup' gives the OpenFlow number of the port
 * called 'name' (the bridge's own name gives FLOW_PORT_LOCAL), or false.
 * As in OVS, a decimal number up to UINT32_MAX and OVS's reserved names
 * (LOCAL, NORMAL, ..., CONTROLLER and NONE too) are never names; a name in
 * double quotes ("7") is only a name.  Names
 * resolve while parsing: the flow holds numbers, and prints numbers, as
 * ovs-ofctl --no-names does. */
#define FLOW_PORT_NAME_MAX 63          /* longer names are never a port's */

struct flow_port_names {
    bool (*lookup)(const void *arg, const char *name, uint16_t *port);
    const void *arg;
};

/* `ovs-ofctl add-flow` text: "priority=4,in_port=1,dl_vlan=1
 * actions=mod_vlan_vid:100,NORMAL".  An action list is required; a cookie
 * mask is not allowed. */
bool flow_parse_add(const char *s, struct flow *f, struct err_msg *err);

/* `ovs-ofctl mod-flows [--strict]` text: like add-flow, where "cookie=V/M"
 * selects flows and "cookie=V" sets their cookie. */
bool flow_parse_modify(const char *s, bool strict, struct flow_mod *fm,
                       struct err_msg *err);

/* `ovs-ofctl del-flows|dump-flows [--strict]` text: a match with no actions;
 * "priority" only with 'strict' (default 32768), "cookie" only with a mask,
 * "out_port" allowed.  "" selects every flow (unless 'strict'). */
bool flow_parse_filter(const char *s, bool strict, struct flow_filter *filter,
                       struct err_msg *err);

/* The same three with port names ('names' may be NULL: numbers only). */
bool flow_parse_add_named(const char *s, const struct flow_port_names *names,
                          struct flow *f, struct err_msg *err);
bool flow_parse_modify_named(const char *s, bool strict, const struct flow_port_names *names,
                             struct flow_mod *fm, struct err_msg *err);
bool flow_parse_filter_named(const char *s, bool strict, const struct flow_port_names *names,
                             struct flow_filter *filter, struct err_msg *err);

/* Formatting.  Each writes at most 'size' bytes into 'buf' (NUL-terminated
 * when 'size' > 0) and returns the length the whole text needs, like
 * snprintf; FLOW_STR_MAX bytes always suffice. */

/* `ovs-ofctl dump-flows --no-stats` form: "[cookie=0x5, ][idle_timeout=10,
 * ][hard_timeout=60, ]priority=4,in_port=1,dl_vlan=1
 * actions=mod_vlan_vid:100,NORMAL". */
size_t flow_format(const struct flow *f, char *buf, size_t size);

/* The match alone, with "priority=N," in front unless N is 32768; "" for a
 * catch-all at the default priority. */
size_t flow_format_match(const struct flow_match *m, uint16_t priority,
                         char *buf, size_t size);

/* The action list alone ("mod_vlan_vid:100,NORMAL", "drop" when empty). */
size_t flow_format_actions(const struct flow *f, char *buf, size_t size);

/* One `ovs-ofctl dump-flows` line, leading space included: " cookie=0x0,
 * duration=12.345s, table=0, n_packets=5, n_bytes=420, idle_age=3,
 * priority=3,in_port=6,dl_vlan=100 actions=mod_vlan_vid:1,NORMAL", with
 * ages as of 'now_ms' (idle_timeout/hard_timeout after n_bytes when set,
 * hard_age after idle_age when it differs from the duration, as OVS). */
size_t flow_format_stats(const struct flow *f, const struct flow_stats *st,
                         int64_t now_ms, char *buf, size_t size);

/* Matching helpers. */

bool flow_match_equal(const struct flow_match *a, const struct flow_match *b);

/* True if 'm' matches the frame whose key is 'key'. */
static inline bool
flow_match_matches(const struct flow_match *m, const struct flow_key *key)
{
    for (int i = 0; i < FLOW_KEY_WORDS; i++)
        if ((key->w[i] & m->mask.w[i]) != m->value.w[i])
            return false;
    return true;
}

/* True if 'm' is at least as specific as 'filter' and agrees with it on
 * every bit 'filter' matches: the loose selection of del-flows. */
bool flow_match_covers(const struct flow_match *filter, const struct flow_match *m);

/* True if 'filter' selects the flow 'f' (see struct flow_filter). */
bool flow_filter_selects(const struct flow_filter *filter, const struct flow *f);

/* True if 'f' has an output action to OpenFlow port 'port'. */
bool flow_outputs_to(const struct flow *f, uint16_t port);

/* Frames. */

/* Fills 'key' from parsed frame 'f' received on OpenFlow port 'in_port'.
 * With 'l3' false the IPv4 and transport fields are left 0 (callers skip
 * them when no flow looks at them).  Fields a frame does not have are 0. */
void flow_key_extract(const struct frame *f, uint16_t in_port, bool l3,
                      struct flow_key *key);

#endif /* net/flow.h */
