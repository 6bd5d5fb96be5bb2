#ifndef SWITCHD_PORT_H
#define SWITCHD_PORT_H 1

/* Ports
 * =====
 * A port is one attachment of a bridge: a VM's TAP, a host endpoint, a NIC
 * or veth, or a patch to another bridge.  Each back end is one file defining
 * one 'const struct port_class' (OVS's netdev_class, cut down to what four
 * back ends need).
 *
 * Frames travel as 'struct pkt': the 10-byte virtio-net header that QEMU's
 * TAPs and PACKET_VNET_HDR sockets use (checksum offload and GSO, see
 * docs/design.md section 6.2), then the frame with FRAME_HEADROOM in front so a
 * stripped VLAN tag can be put back without a copy.  Every back end receives
 * and sends that header, so a 64 KiB TCP super-frame from a VM passes
 * through unsegmented and the kernel finishes it for whichever port sends it.
 *
 * Contracts: recv() fills up to 'max' pkts and returns how many (0 when
 * nothing is waiting); send() takes 'n' frames queued by the bridge, sends
 * what it can without blocking and counts the rest as tx errors; it never
 * keeps a pointer to them.  Neither allocates.
 *
 * A port follows its netdev (docs/security.md section 8): when its fd
 * reports an error or a link event names it, lost() says whether the fd
 * still reaches the netdev; a port that lost it is closed and marked
 * 'netdev_gone' (state_datapath.c disables it in the bridge) until open() succeeds
 * again.  close() hands what is slow to release (sockets, TUN fds, TAPs to
 * delete) to the port's reaper (tap_reaper.h), so it returns at once. */

#include <linux/virtio_net.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "bridge.h"
#include "config.h"
#include "if_rate.h"

#define PKT_DATA_MAX   (65536 + 2 * VLAN_HEADER_LEN)
#define PORT_RX_BATCH  32

struct pkt {
    struct virtio_net_hdr vnet;
    struct frame frame;                 /* points into 'buf' */
    uint8_t buf[FRAME_HEADROOM + PKT_DATA_MAX];
};

struct sw_bridge;
struct port;

struct port_stats_os {
    uint64_t rx_errors;                 /* truncated or unreadable frames */
    uint64_t tx_errors;                 /* frames the kernel refused or would block */
    uint64_t rx_dropped;                /* frames the kernel dropped before switchd
                                           read them (packet socket tp_drops) */
};

struct port_class {
    const char *type;                   /* "tap", "internal", "system", "patch",
                                           "bond", "vxlan" */
    /* Creates or opens the port's netdev and fd.  Returns 0, or an errno with
     * a message in 'err'.  On failure nothing is left behind. */
    int (*open)(struct port *, char *err, size_t err_size);
    /* Releases everything open() made (a TAP switchd created is deleted). */
    void (*close)(struct port *);
    /* Receives up to 'max' frames into 'pkts'; returns how many. */
    unsigned (*recv)(struct port *, struct pkt *pkts, unsigned max);
    /* Sends the frames of 'items'. */
    void (*send)(struct port *, const struct bridge_tx *items, unsigned n);
    /* Whether the open fd has lost its netdev (deleted, or moved to another
     * namespace); clears a pending socket error.  NULL: never. */
    bool (*lost)(struct port *);
    /* Called once a second on the loop thread while the port is open
     * (the aging tick): reads counters the kernel keeps.  NULL: none. */
    void (*tick)(struct port *);
    /* Whether the port's link has carrier now (a tap: a VM holds it; a NIC
     * or veth: its link is up).  Bond members follow it (docs/bonding.md
     * section 4).  NULL: always. */
    bool (*carrier)(struct port *);
};

/* A port's link and IOS status (switchd/state_link.c, docs/design.md
 * section 6.9). */
#define PORT_ERR_CAUSE_MAX 32
struct port_link {
    bool up;                            /* carrier as last seen: the back end's
                                           carrier() at open, then link events
                                           (IFF_LOWER_UP); patch and bond: true */
    bool inactive;                      /* access VLAN not in its bridge's database */
    bool err_disabled;                  /* shut by a protection feature ... */
    char err_cause[PORT_ERR_CAUSE_MAX]; /* ... for this cause ("bpduguard") */
    int64_t err_since_ms;               /* ... since then (errdisable recovery) */
    int64_t psec_logged_ms;             /* last PSECURE_VIOLATION line (state_psec.c) */
    bool monitoring;                    /* a SPAN destination (span.c): forwards
                                           nothing of its own */
    bool said;                          /* the logs have said 'said_link', 'said_proto' */
    uint8_t said_link;                  /* enum link_said (state_link.c) */
    bool said_proto;
    int64_t log_window;                 /* rate limit of its link messages */
    unsigned log_count, log_suppressed;
};

struct tap_reaper;
struct bond_member_state;
struct bond_port_state;
struct port_span;
struct port_capture;
struct port_lldp;
struct port_vxlan;

struct port {
    char name[CONFIG_NAME_MAX + 1];
    const struct port_class *class;
    struct sw_bridge *bridge;
    uint16_t port_no;                   /* in the bridge's core (net/bridge.h) */
    uint16_t ofport;
    int fd;                             /* -1 for patch ports; internal: an fd
                                           already attached (tun_adopt()) when
                                           open() is called */
    int ifindex;                        /* AF_PACKET ports */
    bool created_netdev;                /* tap, internal: switchd made it (or an
                                           earlier switchd: port_tun.h), deletes it */
    bool reused_netdev;                 /* open() found it there (made before a
                                           crash): an aborted apply leaves it */
    bool netdev_gone;                   /* lost its netdev: closed, disabled */
    bool reopen_failed;                 /* ... and a reopen failed (logged once) */
    struct tap_reaper *reaper;          /* where close() hands slow releases */
    struct port *peer;                  /* patch only */
    char peer_name[CONFIG_NAME_MAX + 1];
    struct port_stats_os os;
    struct packet_ring *rx_ring;        /* AF_PACKET ports with a receive ring
                                           (port_packet_ring.h), else NULL */
    const struct config_port *config;   /* its part of the running configuration */
    /* Bonds (docs/bonding.md section 4, switchd/state_bond.c). */
    struct port *bond;                  /* a member: its bond port, else NULL */
    struct bond_member_state *member;   /* a member: its LACP machines, carrier
                                           and counters, else NULL */
    struct bond_port_state *bond_state; /* a bond port: its members, else NULL */
    unsigned apply_mark;                /* scratch of state_apply(): PORT_MARK_* */
    struct if_rates rates;              /* `show interfaces` 5 minute rates
                                           (state_ifinfo.c) */
    struct port_link link;
    /* Watchers of its frames (switchd/state_observe.h): NULL when none. */
    struct port_span *span;             /* SPAN sources and destination (span.c) */
    struct port_capture *capture;       /* monitor captures (capture.c) */
    int64_t storm_logged_ms;            /* last %STORM_CONTROL-3-FILTERED
                                           (state_storm.c), 0: never */
    struct port_lldp *lldp;             /* LLDP agent and neighbours
                                           (state_lldp.h), NULL when it runs none */
    struct port_vxlan *vxlan;           /* a vxlan port's tunnel (port_vxlan.h),
                                           else NULL */
};

enum {
    PORT_MARK_KEPT = 1 << 0,            /* the new configuration has this port */
    PORT_MARK_REPLACED = 1 << 1,        /* a port of the same name replaces it */
};

extern const struct port_class port_tap_class;
extern const struct port_class port_internal_class;
extern const struct port_class port_system_class;
extern const struct port_class port_patch_class;
extern const struct port_class port_bond_class;
extern const struct port_class port_vxlan_class;

/* The back end of each port type, as port_class_of() returns it.  switchd
 * never changes the table; unit tests put the memory back end of
 * tests/unit/port_dummy.c in it (docs/design.md section 6.8).  The state
 * tells patch ports by port_class_of(PORT_TYPE_PATCH), so a test's patch
 * back end is one too; what only concerns the kernel's netdevs (adopting
 * internal TAPs, the checks before a port changes type) compares with the
 * classes above, and leaves a test's back end alone. */
#define PORT_N_TYPES (PORT_TYPE_VXLAN + 1)
extern const struct port_class *port_classes[PORT_N_TYPES];

const struct port_class *port_class_of(enum port_type);

/* The pkt a bridge frame lives in (every frame a port hands over is one). */
static inline struct pkt *
pkt_of_frame(const struct frame *f)
{
    return (struct pkt *) ((char *) f - offsetof(struct pkt, frame));
}

/* Prepares the egress copy of queued item 'tx': its virtio header (checksum
 * and GSO offsets moved by the change in L2 header length) in '*vnet', the
 * new L2 header (bridge_tx_header(): tags and MAC rewrites) in 'hdr'
 * (returned length) and the rest of the frame in '*rest'/'*rest_len'. */
uint32_t port_egress_prepare(const struct bridge_tx *tx, struct virtio_net_hdr *vnet,
                             uint8_t hdr[BRIDGE_TX_HEADER_MAX],
                             const uint8_t **rest, uint32_t *rest_len);

/* port_egress_prepare() into the three pieces a vectored write sends:
 * 'iov[0]' the virtio header in '*vnet', 'iov[1]' the new L2 header in
 * 'hdr', 'iov[2]' the rest of the frame. */
static inline void
port_egress_iov(const struct bridge_tx *tx, struct virtio_net_hdr *vnet,
                uint8_t hdr[BRIDGE_TX_HEADER_MAX], struct iovec iov[3])
{
    const uint8_t *rest;
    uint32_t rest_len;
    uint32_t hdr_len = port_egress_prepare(tx, vnet, hdr, &rest, &rest_len);

    iov[0] = (struct iovec) { vnet, sizeof *vnet };
    iov[1] = (struct iovec) { hdr, hdr_len };
    iov[2] = (struct iovec) { (void *) rest, rest_len };
}

/* Shared by the AF_PACKET back ends (tap, system): port_packet.c. */
int port_packet_open(struct port *, char *err, size_t err_size);
void port_packet_close(struct port *);
bool port_packet_lost(struct port *);
unsigned port_packet_recv(struct port *, struct pkt *pkts, unsigned max);
void port_packet_send(struct port *, const struct bridge_tx *items, unsigned n);
void port_packet_tick(struct port *);
bool port_packet_carrier(struct port *);
/* What a back end's close() does before it hands the socket to the
 * reaper: the last drop counts, and the ring's memory unmapped. */
void port_packet_release(struct port *);

/* Sets IFF_UP (and IFF_PROMISC if 'promisc') on netdev 'name'.  Returns 0
 * or an errno. */
int port_netdev_up(const char *name);

/* Sets the MTU of the netdev of open tap, internal or system port 'p' to
 * 'mtu' (an internal port's TAP in whatever namespace its host moved it
 * to), after reading the one it had into '*old_mtu' (may be NULL).
 * Returns 0, or an errno with "NAME: cannot set the MTU to N: why" in
 * 'err' (port_mtu.c). */
int port_set_mtu(const struct port *p, unsigned mtu, unsigned *old_mtu, char *err,
                 size_t err_size);

#endif /* switchd/port.h */
