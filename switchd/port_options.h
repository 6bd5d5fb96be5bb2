#ifndef SWITCHD_PORT_OPTIONS_H
#define SWITCHD_PORT_OPTIONS_H 1

/* Port options of switchd's command line (frontends/main.c), set once
 * before the first port opens; ports opened later read them. */

#include <stdbool.h>

/* How tap and system ports receive (switchd/port_packet_ring.h). */
enum packet_ring_mode {
    PACKET_RING_OFF,                /* recvmmsg() */
    PACKET_RING_V3,
    PACKET_RING_V2,
    PACKET_RING_AUTO,               /* V2 for tap and system ports (within
                                       the ring budget): switchd's default */
};

/* --rx-ring[=v2|v3|off|auto]: how tap and system ports read their packet
 * sockets (docs/design.md section 6.5 says why the default is auto).
 * Zero (off) until set, as in the unit tests. */
extern enum packet_ring_mode packet_ring_mode;

/* What 'mode' means for a tap or system port: PACKET_RING_OFF, _V2 or _V3. */
enum packet_ring_mode packet_ring_mode_for(enum packet_ring_mode mode);

#endif /* switchd/port_options.h */
