#ifndef SWITCHD_STATE_H
#define SWITCHD_STATE_H 1

/* Switch state and datapath
 * =========================
 * The live switch: bridges (each a net/ bridge core plus its ports), all
 * ports by name, and the datapath that moves frames between them.  It is
 * built from a validated 'struct switch_config' all or nothing: if any port
 * cannot be opened, everything opened so far is closed again.
 *
 * Datapath: a port's fd becomes readable -> up to PORT_RX_BATCH frames are
 * received into one shared rx pool -> bridge_input() -> bridge_tx_flush()
 * hands each output port its queue once per batch.  A patch port copies
 * its frames (with the egress tag applied) into a pool of its own nesting
 * depth and runs them through the peer bridge at once, so the in-process
 * handoff costs one copy and no syscall.  A frame that would re-enter a
 * bridge which is still flushing has come round a loop of patch ports;
 * it is dropped and counted (there is no spanning tree). */

#include <stddef.h>
#include <stdint.h>

#include "bridge.h"
#include "config.h"
#include "port.h"

struct loop;

struct sw_bridge {
    char name[CONFIG_NAME_MAX + 1];
    struct bridge *core;
    struct switch_state *sw;
    struct port **ports;            /* by port_no, NULL where free */
    uint16_t n_ports;               /* slots in 'ports' */
    struct config_vlan *vlans;      /* copy of the configured VLANs */
    size_t n_vlans;
    bool flushing;                  /* inside bridge_tx_flush() */
};

struct switch_state {
    struct loop *loop;
    char hostname[64];
    struct sw_bridge *bridges;
    size_t n_bridges;
    struct port **ports;            /* every port, in config order */
    size_t n_ports;
    struct pkt *rx_pool;            /* PORT_RX_BATCH pkts */
    struct pkt **patch_pools;       /* BRIDGE_BATCH_MAX pkts per patch depth */
    size_t n_patch_pools;
    unsigned patch_depth;           /* current nesting of patch handoffs */
    uint64_t patch_loop_drops;      /* frames that came round a patch loop */
    int timer_fd;                   /* MAC aging tick */
};

/* Builds the switch of 'cfg' and starts watching its ports on 'loop'.
 * Returns NULL with a message in 'err' if anything fails; then nothing is
 * left behind. */
struct switch_state *state_create(const struct switch_config *cfg, struct loop *loop,
                                  char *err, size_t err_size);
void state_destroy(struct switch_state *);      /* accepts NULL */

struct port *state_find_port(const struct switch_state *, const char *name);

/* Hands frames sent to patch port 'p' to its peer's bridge (port_patch.c). */
void state_patch_deliver(struct port *p, const struct bridge_tx *items, unsigned n);

#endif /* switchd/state.h */
