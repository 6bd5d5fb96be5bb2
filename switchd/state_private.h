#ifndef SWITCHD_STATE_PRIVATE_H
#define SWITCHD_STATE_PRIVATE_H 1

/* The switch's own structs
 * ========================
 * What state.h declares opaque: only switchd/ includes this header
 * (tests/check-layers.sh fails otherwise), so the command code and the
 * front ends read the switch through state.h's functions and cannot come
 * to depend on its arrays, its cores or its ports' fds (docs/design.md
 * section 2.2). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bridge.h"
#include "config.h"
#include "port.h"
#include "state.h"

struct netlink_monitor;
struct span_state;
struct tap_reaper;
struct capture_set;
struct stp_bridge;
struct state_stp;

struct sw_bridge {
    char name[CONFIG_NAME_MAX + 1];
    struct bridge *core;
    struct switch_state *sw;
    struct port **ports;            /* by port_no, NULL where free */
    uint16_t n_ports;               /* slots in 'ports' (the core's max_ports) */
    bool flushing;                  /* inside bridge_tx_flush() */
    struct psec_table *psec;        /* port security (state_psec.c), NULL
                                       until a port of the bridge is secure */
    struct stp_bridge *stp;         /* its RSTP instance (state_stp.c), NULL
                                       when it runs no spanning tree */
};

struct switch_state {
    struct loop *loop;
    struct switch_config *running;  /* the configuration in force (no flows) */
    struct sw_bridge **bridges;     /* in configuration order */
    size_t n_bridges;
    struct port **ports;            /* every port, in configuration order */
    size_t n_ports;
    struct port **ports_by_name;    /* the same, sorted by name */
    size_t n_ports_gone;            /* ports whose netdev is gone */
    struct netlink_monitor *links;  /* link events: ports follow their netdevs */
    struct tap_reaper *reaper;      /* releases ports' netdevs off the loop thread */
    bool starting;                  /* state_create() builds the switch */
    struct pkt *rx_pool;            /* PORT_RX_BATCH pkts */
    struct pkt **patch_pools;       /* BRIDGE_BATCH_MAX pkts per patch depth */
    size_t n_patch_pools;
    unsigned patch_depth;           /* current nesting of patch handoffs */
    uint64_t patch_loop_drops;      /* frames that came round a patch loop
                                       or past STATE_PATCH_DEPTH_MAX patches */
    uint64_t patch_no_peer_drops;   /* frames sent to a patch port with no peer */
    int timer_fd;                   /* MAC aging tick */
    uint64_t config_generation;     /* bumped by every successful apply */
    uint8_t lacp_sys_mac[ETH_ADDR_LEN]; /* LACP system ID (state_bond.c) */
    struct state_lldp *lldp;        /* the LLDP agent (state_lldp.c) */
    struct state_stp *stp;          /* the spanning tree agent (state_stp.c),
                                       NULL until a bridge runs one */
    struct span_state *span;        /* SPAN sessions as applied (span.c) */
    struct state_hook hooks[STATE_MAX_HOOKS];
    size_t n_hooks;
    struct capture_set *captures;   /* `monitor capture` points (capture.c), NULL: none */
};

/* The name of the port an element of a 'struct port *' array points to:
 * the key of such arrays sorted by name (name_index.h). */
const char *port_ptr_name(const void *elem);

/* Hands frames sent to patch port 'p' to its peer's bridge (port_patch.c). */
void state_patch_deliver(struct port *p, const struct bridge_tx *items, unsigned n);

#endif /* switchd/state_private.h */
