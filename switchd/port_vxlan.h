#ifndef SWITCHD_PORT_VXLAN_H
#define SWITCHD_PORT_VXLAN_H 1

/* The vxlan back end's own state (switchd/port_vxlan.c), shared with the
 * views and the aging tick of switchd/state_vxlan.c only (docs/design.md
 * section 5.14).  A vxlan port has no fd of its own (port->fd is -1): the
 * UDP socket it sends and receives on may be shared with the other vxlan
 * ports of the same local address and UDP port, so the back end watches
 * the socket on the loop itself and hands each decapsulated frame to the
 * port it belongs to (state_port_input(), state_datapath.c). */

#include <stdbool.h>
#include <stdint.h>

#include "state.h"
#include "vxlan.h"

struct port;
struct vxlan_socket;

struct port_vxlan {
    struct port *port;
    struct vxlan_socket *sock;          /* NULL while down */
    struct port_vxlan *next_on_sock;    /* the socket's other ports */
    uint32_t local_ip;                  /* bound (resolved from source_interface) */
    char down_reason[96];               /* why 'sock' is NULL, "" when up */
    bool down_logged;                   /* 'down_reason' was logged */
    struct vxlan_vni_map *map;          /* "vnis" ports, else NULL */
    struct vxlan_fdb *fdb;              /* (VNI, MAC) -> remote VTEP */
    struct state_vxlan_peer *peers;     /* configured remotes, deduplicated, in
                                           configuration order (port's, then VNIs') */
    size_t n_peers;
    /* Counters (state_vxlan_port_info(); tx errors are port->os.tx_errors). */
    uint64_t rx_frames, tx_frames;
    uint64_t rx_bad_header, rx_unknown_vni, rx_unknown_peer;
    uint64_t tx_too_big, tx_no_key;
};

/* Tries to bind the socket of down port 'p' again (the aging tick: an
 * address that came up later).  Returns true when it is up now. */
bool port_vxlan_retry(struct port *p);
/* For an up port whose local address is its source_interface's: binds
 * anew when the interface's first IPv4 address changed (the aging tick).
 * Returns false when the port went down (the interface has no address
 * now, or the new one cannot be bound). */
bool port_vxlan_follow_source(struct port *p);

#endif /* switchd/port_vxlan.h */
