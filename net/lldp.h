#ifndef NET_LLDP_H
#define NET_LLDP_H 1

/* LLDP (IEEE 802.1AB-2009, "Station and Media Access Control Connectivity
 * Discovery"): the LLDPDU codec.
 * ======================================================================
 * lldp_build() writes the frame an agent sends; lldp_parse() reads one
 * received, liberally as 802.1AB-2009 section 10.3.2 asks (unknown and
 * organizationally specific TLVs are counted and skipped, a malformed
 * optional TLV is counted and skipped), but never past the data: a TLV
 * whose length runs beyond the frame, a frame that ends inside a TLV
 * header, or a first three TLVs that are not Chassis ID, Port ID and TTL
 * (each of a valid length) reject the whole LLDPDU.  Pure, like the rest
 * of net/: no clock, no I/O, no allocation.  The agent (timers, the
 * neighbour table) is switchd/state_lldp.c's; docs/design.md section 5.12
 * describes it. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frame.h"

#define LLDP_ETH_TYPE 0x88cc

/* TLV types (802.1AB-2009 Table 8-1). */
enum lldp_tlv_type {
    LLDP_TLV_END = 0,
    LLDP_TLV_CHASSIS_ID = 1,
    LLDP_TLV_PORT_ID = 2,
    LLDP_TLV_TTL = 3,
    LLDP_TLV_PORT_DESC = 4,
    LLDP_TLV_SYS_NAME = 5,
    LLDP_TLV_SYS_DESC = 6,
    LLDP_TLV_SYS_CAPS = 7,
    LLDP_TLV_MGMT_ADDR = 8,
    LLDP_TLV_ORG = 127,
};

/* Chassis ID subtypes (Table 8-2) and Port ID subtypes (Table 8-3). */
#define LLDP_CHASSIS_MAC        4
#define LLDP_CHASSIS_NETWORK    5
#define LLDP_PORT_MAC           3
#define LLDP_PORT_NETWORK       4
#define LLDP_PORT_IFNAME        5

/* System capabilities (Table 8-4). */
#define LLDP_CAP_OTHER      0x0001
#define LLDP_CAP_REPEATER   0x0002
#define LLDP_CAP_BRIDGE     0x0004
#define LLDP_CAP_WLAN_AP    0x0008
#define LLDP_CAP_ROUTER     0x0010
#define LLDP_CAP_TELEPHONE  0x0020
#define LLDP_CAP_DOCSIS     0x0040
#define LLDP_CAP_STATION    0x0080

/* Management address subtypes (IANA address family numbers). */
#define LLDP_MGMT_IPV4 1
#define LLDP_MGMT_IPV6 2

#define LLDP_ID_MAX      255            /* chassis and port IDs, without subtype */
#define LLDP_STRING_MAX  255            /* descriptions and names */
#define LLDP_MGMT_ADDR_MAX 31           /* management address, without subtype */
#define LLDP_FRAME_MAX   1500           /* what lldp_build() may write, at most */

/* The three destination addresses an LLDPDU may have (802.1AB-2009 Table
 * 7-1): nearest bridge 01:80:c2:00:00:0e, nearest non-TPMR bridge
 * 01:80:c2:00:00:03, nearest customer bridge 01:80:c2:00:00:00.  A bridge
 * forwards none of them; lldp_build() sends to the first. */
bool lldp_is_lldp_dst(const uint8_t mac[ETH_ADDR_LEN]);

/* What lldp_build() puts in an LLDPDU.  Strings are NUL-terminated and
 * cut at LLDP_STRING_MAX bytes; an empty or NULL optional one is left
 * out. */
struct lldp_tx {
    uint8_t chassis_mac[ETH_ADDR_LEN];  /* Chassis ID, subtype MAC address */
    const char *port_id;                /* Port ID, subtype interface name */
    uint16_t ttl;                       /* seconds; 0: the agent shuts down */
    const char *port_desc;
    const char *sys_name;
    const char *sys_desc;
    uint16_t caps, caps_enabled;        /* LLDP_CAP_*; both 0: no TLV */
    uint8_t mgmt_subtype;               /* LLDP_MGMT_IPV4/IPV6, 0: no TLV */
    uint8_t mgmt_addr[16];              /* 4 or 16 bytes, network order */
    uint32_t mgmt_ifindex;              /* interface number (subtype ifIndex) */
};

/* Writes the LLDPDU of 'tx' as an untagged frame from 'src_mac' to the
 * nearest-bridge address into 'buf'; returns its length, or 0 when 'size'
 * is too small (LLDP_FRAME_MAX always suffices) or 'port_id' is empty. */
size_t lldp_build(const struct lldp_tx *tx, const uint8_t src_mac[ETH_ADDR_LEN],
                  uint8_t *buf, size_t size);

/* A parsed LLDPDU.  Strings are NUL-terminated, with each byte outside
 * printable ASCII replaced by '?' (what a neighbour names itself reaches
 * terminals and logs). */
struct lldp_neighbor_info {
    uint8_t chassis_subtype;
    uint8_t chassis_len;
    uint8_t chassis_id[LLDP_ID_MAX];
    uint8_t port_subtype;
    uint8_t port_len;
    uint8_t port_id[LLDP_ID_MAX];
    uint16_t ttl;
    char port_desc[LLDP_STRING_MAX + 1];
    char sys_name[LLDP_STRING_MAX + 1];
    char sys_desc[LLDP_STRING_MAX + 1];
    bool has_caps;
    uint16_t caps, caps_enabled;
    uint8_t mgmt_subtype;               /* 0: no management address */
    uint8_t mgmt_len;
    uint8_t mgmt_addr[LLDP_MGMT_ADDR_MAX];
};

/* What lldp_parse() found about the TLVs of an LLDPDU it accepted, to
 * count as IOS's `show lldp traffic` does. */
struct lldp_parse_stats {
    unsigned tlvs_discarded;            /* malformed or repeated optional TLVs */
    unsigned tlvs_unrecognized;         /* reserved types, organizationally specific */
};

enum lldp_parse_error {
    LLDP_OK,
    LLDP_ERR_NOT_LLDP,                  /* not an untagged 0x88cc frame */
    LLDP_ERR_TRUNCATED,                 /* a TLV runs past the frame's end */
    LLDP_ERR_MANDATORY,                 /* Chassis ID, Port ID, TTL missing,
                                           out of order, repeated or of a bad length */
};

/* Parses the frame at 'data' ('len' bytes from the destination MAC on,
 * untagged) into '*info' and '*stats'.  Returns LLDP_OK or why the LLDPDU
 * is discarded (then '*info' is unspecified).  Bytes after the End TLV (or
 * after the last whole TLV, End being optional in 802.1AB-2009) are
 * Ethernet padding and ignored. */
enum lldp_parse_error lldp_parse(const uint8_t *data, size_t len, struct lldp_neighbor_info *info,
                                 struct lldp_parse_stats *stats);

const char *lldp_parse_error_name(enum lldp_parse_error);

/* Whether two LLDPDUs come from the same neighbour: the same Chassis ID
 * and Port ID (the MSAP identifier, 802.1AB-2009 section 9.2.7.7.2). */
bool lldp_same_msap(const struct lldp_neighbor_info *, const struct lldp_neighbor_info *);

/* A Chassis or Port ID as IOS shows it: a MAC address as "0026.0b5b.3e00",
 * an IPv4 network address as "192.0.2.1", anything else as text ('?' for
 * bytes outside printable ASCII).  'is_chassis' chooses the subtype table. */
void lldp_id_format(bool is_chassis, uint8_t subtype, const uint8_t *id, size_t len,
                    char *buf, size_t size);

/* IOS's capability letters, "B,R" ("" for none): R router, B bridge,
 * T telephone, C DOCSIS, W WLAN AP, P repeater, S station, O other. */
void lldp_caps_format(uint16_t caps, char *buf, size_t size);

#endif /* net/lldp.h */
