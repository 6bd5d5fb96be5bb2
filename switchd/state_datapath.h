#ifndef SWITCHD_STATE_DATAPATH_H
#define SWITCHD_STATE_DATAPATH_H 1

/* The datapath glue of the switch state (state_datapath.c), private to
 * state*.c: ports opened and watched on the loop, frames from a readable
 * port through its bridge to the output ports, the aging tick, and ports
 * that follow their netdevs (docs/design.md sections 5.1 and 6.1). */

#include "netlink_monitor.h"
#include "state_private.h"

/* Opens 'p' and watches its fd.  Returns 0, or an errno with a message in
 * 'err'; then 'p' is closed. */
int state_port_start(struct switch_state *, struct port *p, char *err, size_t err_size);
/* What port 'p' received, 'n' pkts of 'pkts' (slots of length 0 are
 * skipped): LLDP and spanning tree take theirs, a bond member's go to its
 * bond, the rest through the port's bridge.  port_readable() calls it for
 * ports with an fd; the vxlan back end for the ports of a shared socket. */
void state_port_input(struct switch_state *, struct port *p, struct pkt *pkts, unsigned n);
/* Stops watching and closes 'p'. */
void state_port_stop(struct switch_state *, struct port *p);
/* Enables 'p' in its bridge when it is configured so and has its netdev. */
void state_port_sync_enabled(struct port *p);
/* Tries to open again every port whose netdev is gone. */
void state_reopen_gone_ports(struct switch_state *);

/* The loop's callbacks: the 1 s aging tick (timerfd) and link events. */
void state_aging_tick(struct loop *, int fd, uint32_t events, void *arg);
void state_link_event(void *arg, const struct link_event *ev);

#endif /* switchd/state_datapath.h */
