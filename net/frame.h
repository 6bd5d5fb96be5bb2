#ifndef NET_FRAME_H
#define NET_FRAME_H 1

/* Ethernet frames
 * ===============
 * A 'struct frame' describes one Ethernet frame (no preamble, no FCS) in a
 * buffer the caller owns.  The buffer keeps unused bytes in front of the data
 * ("headroom", as OVS's dp-packet does) so pushing an 802.1Q tag is a pointer
 * move plus a 12-byte memmove of the MAC addresses, never a reallocation.
 * FRAME_HEADROOM is enough for two tags; rx paths should reserve it.
 *
 * frame_parse() reads the outer Ethernet header and up to two VLAN tags
 * (TPID 0x8100 or 0x88a8) and records their offsets once; push, pop and
 * rewrite keep those fields up to date.  A frame shorter than an Ethernet
 * header is a runt; a TPID that announces a tag whose 4 bytes and following
 * EtherType are not all there is a truncated tag.  Frames are not required to
 * be 60 bytes long: TAP devices hand over unpadded frames (a 42-byte ARP).
 *
 * Only a 0x8100 (C-VLAN) outer tag puts a frame in a VLAN for port policy
 * (see frame_vlan_tci()); a frame whose outer tag is 0x88a8 is, for an 802.1Q
 * switch, an untagged frame whose tags are payload -- the Linux bridge in
 * 802.1Q mode and an IOS access switch treat it the same way.
 *
 * Cost: every function here is O(1) and touches at most the first 22 bytes.
 * Nothing allocates, nothing keeps a pointer past the call. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ETH_ADDR_LEN     6
#define ETH_HEADER_LEN   14            /* dst, src, EtherType */
#define VLAN_HEADER_LEN  4             /* TPID, TCI */
#define FRAME_MAX_TAGS   2
#define FRAME_HEADROOM   (FRAME_MAX_TAGS * VLAN_HEADER_LEN)
/* Longest L2 header frame_egress_header() writes: dst, src, one tag. */
#define FRAME_EGRESS_HEADER_MAX (2 * ETH_ADDR_LEN + VLAN_HEADER_LEN)

#define ETH_TYPE_VLAN    0x8100        /* 802.1Q C-tag */
#define ETH_TYPE_VLAN_AD 0x88a8        /* 802.1ad S-tag */

/* TCI layout: PCP (3 bits) | DEI (1 bit) | VID (12 bits). */
#define VLAN_VID_MASK    0x0fff
#define VLAN_PCP_SHIFT   13
#define VLAN_PCP_MASK    0xe000
#define VLAN_DEI_MASK    0x1000

enum frame_error {
    FRAME_OK = 0,
    FRAME_ERR_RUNT,             /* shorter than an Ethernet header */
    FRAME_ERR_TRUNCATED_TAG,    /* a TPID with fewer than 4+2 bytes after it */
};

struct frame_tag {
    uint16_t tpid;              /* ETH_TYPE_VLAN or ETH_TYPE_VLAN_AD */
    uint16_t tci;
};

/* Where a frame that came out of a tunnel came from (a vxlan port's
 * receive fills it; docs/design.md section 5.14); all zero for any other
 * frame.  Flows match it as tun_id, tun_src, tun_dst (net/flow.h). */
struct frame_tunnel {
    uint32_t tun_id;            /* the VNI */
    uint32_t src, dst;          /* outer IPv4 source and destination, network byte order */
    bool present;
};

struct frame {
    uint8_t *data;              /* first byte of the destination MAC */
    uint32_t len;               /* bytes at 'data' */
    uint32_t headroom;          /* writable bytes just before 'data' */

    /* Filled by frame_parse(); kept current by push, pop and rewrite. */
    uint8_t n_tags;             /* 0, 1 or 2 */
    struct frame_tag tags[FRAME_MAX_TAGS];  /* outermost first */
    uint16_t eth_type;          /* EtherType after the parsed tags */
    uint16_t l3_ofs;            /* offset of the L3 header from 'data' */

    /* Set by the receiving port, never by frame_parse(): frame_init()
     * zeroes it, and a receive path that fills 'data', 'len' and
     * 'headroom' itself must set it too, so no frame carries another's. */
    struct frame_tunnel tun;
};

/* Basics. */

/* Points 'f' at 'len' bytes starting 'headroom' bytes into 'buf' and parses
 * them.  Returns FRAME_OK or why the frame is unusable. */
enum frame_error frame_init(struct frame *f, uint8_t *buf, uint32_t headroom,
                            uint32_t len);

/* (Re)reads the Ethernet header and tags of 'f->data'/'f->len'. */
enum frame_error frame_parse(struct frame *f);

/* Stable lower-case name of 'e' ("ok", "runt", "truncated-tag"). */
const char *frame_error_name(enum frame_error e);

static inline const uint8_t *frame_dst(const struct frame *f) { return f->data; }
static inline const uint8_t *frame_src(const struct frame *f) { return f->data + ETH_ADDR_LEN; }

/* True if the outer tag is an 802.1Q C-tag; stores its TCI in '*tci'. */
bool frame_vlan_tci(const struct frame *f, uint16_t *tci);

/* Tag edits: each keeps the parsed fields current. */

/* Inserts a tag with 'tpid' and 'tci' after the source MAC.  Returns false,
 * leaving 'f' untouched, when there is less than VLAN_HEADER_LEN headroom. */
bool frame_push_vlan(struct frame *f, uint16_t tpid, uint16_t tci);

/* Removes the outer tag.  Returns false if 'f' has none. */
bool frame_pop_vlan(struct frame *f);

/* Replaces the TCI of the outer tag.  Returns false if 'f' has none. */
bool frame_set_outer_tci(struct frame *f, uint16_t tci);

/* Egress without touching the frame: a port that sends 'f' untagged, or
 * tagged with 'tci', sends the 'hdr' bytes this writes (returned length:
 * 12 or 16) followed by the frame's bytes from '*rest_ofs' on.  An outer
 * 802.1Q tag of 'f' is replaced (tagged) or removed (untagged); anything else
 * (an 802.1ad tag, inner tags) is payload and kept.  The daemon sends the two
 * pieces with one writev-style call, so flooding one frame to ports that tag
 * differently costs no copy of the payload. */
uint32_t frame_egress_header(const struct frame *f, bool tagged, uint16_t tci,
                             uint8_t hdr[FRAME_EGRESS_HEADER_MAX],
                             uint32_t *rest_ofs);

/* Ethernet addresses. */

static inline bool eth_addr_is_multicast(const uint8_t mac[ETH_ADDR_LEN])
{
    return mac[0] & 1;          /* broadcast is multicast too */
}

bool eth_addr_is_broadcast(const uint8_t mac[ETH_ADDR_LEN]);

/* Parses "52:54:00:00:00:01", "52-54-00-00-00-01" or IOS "5254.0000.0001". */
bool eth_addr_parse(const char *s, uint8_t mac[ETH_ADDR_LEN]);

#define ETH_ADDR_STR_SIZE 18    /* "52:54:00:00:00:01" + NUL */
/* Formats 'mac' as "52:54:00:00:00:01" into 'buf'; returns 'buf'. */
char *eth_addr_format(const uint8_t mac[ETH_ADDR_LEN], char buf[ETH_ADDR_STR_SIZE]);

#endif /* net/frame.h */
