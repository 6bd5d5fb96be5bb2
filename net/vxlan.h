#ifndef NET_VXLAN_H
#define NET_VXLAN_H 1

/* VXLAN
 * =====
 * The pure half of a VXLAN tunnel port (RFC 7348; docs/design.md section
 * 5.14): the 8-byte VXLAN header, the map between a bridge's VLANs and the
 * VNIs a tunnel port carries, and the table of remote VTEPs that answers
 * "behind which VTEP is this (VNI, MAC)?".  The outer IPv4 and UDP headers
 * are the kernel's: switchd sends and receives VXLAN payloads on a UDP
 * socket (switchd/port_vxlan.c), so the underlay's routing, ARP and
 * checksums are the host's, as for any UDP application.
 *
 * Addresses of VTEPs are IPv4 addresses in network byte order (as a
 * struct in_addr's s_addr), so they go to and from sockets unchanged.
 *
 * Nothing here allocates except vxlan_fdb_create(); nothing reads a clock
 * (time is a parameter) or keeps a pointer past a call. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frame.h"

#define VXLAN_UDP_PORT      4789        /* IANA's, and Linux's and OVS's default */
#define VXLAN_HEADER_LEN    8
#define VXLAN_VNI_MAX       0xffffffu   /* 24 bits */
#define VXLAN_VNI_NONE      UINT32_MAX  /* no VNI (a VLAN not mapped) */
/* What the underlay adds to an inner frame: outer Ethernet 14, IPv4 20,
 * UDP 8, VXLAN 8.  A frame of N bytes needs an underlay MTU of N - 14 + 50. */
#define VXLAN_OVERHEAD      50

/* Header codec
 * ------------ */

/* Writes the VXLAN header for 'vni' (flags 0x08: the I bit, the rest 0). */
void vxlan_header_write(uint8_t hdr[VXLAN_HEADER_LEN], uint32_t vni);

enum vxlan_error {
    VXLAN_OK,
    VXLAN_ERR_SHORT,            /* fewer than 8 + 14 bytes: no header and inner Ethernet */
    VXLAN_ERR_FLAGS,            /* the I flag is not set (RFC 7348 section 5: drop) */
};

/* Parses the VXLAN payload 'buf' of 'len' bytes (what a UDP socket
 * returns): the VNI in '*vni' and the offset of the inner frame in
 * '*inner_ofs' (always VXLAN_HEADER_LEN).  Reserved bits are ignored, as
 * the RFC asks of receivers.  On an error neither output is written. */
enum vxlan_error vxlan_header_parse(const uint8_t *buf, size_t len, uint32_t *vni,
                                    size_t *inner_ofs);

/* "ok", "short", "flags": the drop reason names `show interfaces` uses. */
const char *vxlan_error_name(enum vxlan_error);

/* VLAN <-> VNI map
 * ----------------
 * Which VNI each VLAN of a trunk-like tunnel port travels in (NX-OS `vlan
 * 100` / `vn-segment 10100`, JSON "vnis").  One VNI per VLAN, one VLAN per
 * VNI.  Lookups are O(1) by VLAN and O(log n) by VNI (a sorted array). */

#define VXLAN_MAP_MAX 4094

struct vxlan_vni_entry {
    uint32_t vni;
    uint16_t vlan;
};

struct vxlan_vni_map {
    uint32_t vni_of_vlan[4096];             /* VXLAN_VNI_NONE: not mapped */
    struct vxlan_vni_entry by_vni[VXLAN_MAP_MAX];   /* sorted by vni */
    uint16_t n;
};

enum vxlan_map_error {
    VXLAN_MAP_OK,
    VXLAN_MAP_BAD_VLAN,         /* not 1..4094 */
    VXLAN_MAP_BAD_VNI,          /* above VXLAN_VNI_MAX */
    VXLAN_MAP_VLAN_MAPPED,      /* the VLAN has another VNI already */
    VXLAN_MAP_VNI_MAPPED,       /* the VNI has another VLAN already */
};

void vxlan_vni_map_init(struct vxlan_vni_map *);
/* Adds vlan <-> vni; mapping a pair that is already there is VXLAN_MAP_OK. */
enum vxlan_map_error vxlan_vni_map_add(struct vxlan_vni_map *, uint16_t vlan, uint32_t vni);
/* VXLAN_VNI_NONE when 'vlan' has none. */
uint32_t vxlan_vni_of_vlan(const struct vxlan_vni_map *, uint16_t vlan);
/* 0 when 'vni' has none. */
uint16_t vxlan_vlan_of_vni(const struct vxlan_vni_map *, uint32_t vni);
/* "VLAN 100 already maps to VNI 10100" style text for 'e' (static text,
 * no values: the caller adds them). */
const char *vxlan_map_error_name(enum vxlan_map_error);

/* Remote VTEPs
 * ------------
 * Learnt from decapsulated frames: (VNI, inner source MAC) -> the outer
 * source address it came from.  A unicast frame to a MAC found here goes to
 * that VTEP only; anything else (broadcast, multicast, unknown) to every
 * remote VTEP of its VNI (head-end replication).  Entries age like the
 * bridge's MAC table (same aging time, set by the caller) and are evicted
 * oldest first when the table is full.  Lookup is open addressing over a
 * table sized at create: learning, lookup and aging never allocate.  The
 * hash is salted by the caller's seed, so a sender cannot choose MACs that
 * pile up in one probe run.  Time is the caller's monotonic clock: "oldest"
 * is the order of learning, to the millisecond (a MAC seen again from the
 * same VTEP in the same millisecond keeps its place, so a burst costs no
 * relinking), which is the order of time only if the clock never goes
 * back. */

struct vxlan_fdb;

struct vxlan_fdb_entry {
    uint32_t vni;
    uint8_t mac[ETH_ADDR_LEN];
    uint32_t remote;                        /* IPv4, network byte order */
    int64_t learnt_ms;                      /* last seen */
};

/* NULL when out of memory.  'max_entries' 1..16777216 (the bridge's MAC
 * table size is the natural choice); 'seed' salts the hash. */
struct vxlan_fdb *vxlan_fdb_create(uint32_t max_entries, uint64_t seed);
void vxlan_fdb_destroy(struct vxlan_fdb *);

/* Records that 'mac' in 'vni' is behind 'remote' (a MAC known behind
 * another VTEP moves; its age restarts).  Multicast source MACs, remote 0
 * and VNIs above VXLAN_VNI_MAX are ignored.  When the table is full, the
 * oldest entry makes room. */
void vxlan_fdb_learn(struct vxlan_fdb *, uint32_t vni, const uint8_t mac[ETH_ADDR_LEN],
                     uint32_t remote, int64_t now_ms);
/* Whether 'mac' in 'vni' is known; its VTEP in '*remote'.  An entry past
 * its aging time is found until vxlan_fdb_expire() drops it. */
bool vxlan_fdb_lookup(const struct vxlan_fdb *, uint32_t vni, const uint8_t mac[ETH_ADDR_LEN],
                      uint32_t *remote);
/* Drops entries last seen 'aging_ms' or more before 'now_ms' (0: none
 * age). */
void vxlan_fdb_expire(struct vxlan_fdb *, int64_t now_ms, int64_t aging_ms);
/* Drops every entry (remote 0) or those behind 'remote'.  Never allocates:
 * O(max_entries), callable from the packet path for a VTEP found gone. */
void vxlan_fdb_flush(struct vxlan_fdb *, uint32_t remote);
size_t vxlan_fdb_count(const struct vxlan_fdb *);
/* Copies up to 'max' entries to 'out', oldest (least recently learnt)
 * first; returns how many were copied. */
size_t vxlan_fdb_dump(const struct vxlan_fdb *, struct vxlan_fdb_entry *out, size_t max);

#endif /* net/vxlan.h */
