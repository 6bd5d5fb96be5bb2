#ifndef NET_FLOW_PRIVATE_H
#define NET_FLOW_PRIVATE_H 1

/* What flow.c, flow_parse.c and flow_format.c share and nothing outside
 * net/flow*.c may use: the protocol numbers the dialect knows and the
 * table of dl_type shorthands ("ip", "tcp", "arp", ...) that the parser
 * reads and the formatter prints. */

#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define ETH_TYPE_IP   0x0800
#define IPPROTO_TCP_  6
#define IPPROTO_UDP_  17
#define IPPROTO_SCTP_ 132

/* Shorthands OVS accepts and prints for dl_type (and nw_proto). */
struct flow_protocol {
    const char *name;
    uint16_t dl_type;
    uint8_t nw_proto;           /* 0: not matched */
};

extern const struct flow_protocol flow_protocols[];
extern const size_t flow_n_protocols;

#endif /* net/flow_private.h */
