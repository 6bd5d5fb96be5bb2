#ifndef SWITCHD_PORT_OPTIONS_H
#define SWITCHD_PORT_OPTIONS_H 1

/* Port options of switchd's command line (frontends/main.c), set once
 * before the first port opens; ports opened later read them. */

#include <stdbool.h>

/* --rx-ring: tap and system ports read through TPACKET_V3 rings
 * (switchd/port_packet_ring.h; off by default: docs/design.md section 6.5
 * says why). */
extern bool packet_ring_enabled;

#endif /* switchd/port_options.h */
