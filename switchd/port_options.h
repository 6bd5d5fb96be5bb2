#ifndef SWITCHD_PORT_OPTIONS_H
#define SWITCHD_PORT_OPTIONS_H 1

/* Port options of switchd's command line (frontends/main.c), set once
 * before the first port opens; ports opened later read them. */

/* How tap and system ports receive (switchd/port_packet_ring.h). */
enum packet_ring_mode {
    PACKET_RING_OFF,                /* recvmmsg() */
    PACKET_RING_V3,
    PACKET_RING_V2,
};

/* --rx-ring[=v2|v3]: tap and system ports read through TPACKET_V2 or V3
 * rings (switchd/port_packet_ring.h; off by default: docs/design.md
 * section 6.5 says why). */
extern enum packet_ring_mode packet_ring_mode;

#endif /* switchd/port_options.h */
