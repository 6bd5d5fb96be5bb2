#include "state.h"
#include "state_bond.h"
#include "state_lldp.h"
#include "state_datapath.h"
#include "state_link.h"
#include "state_observe.h"
#include "state_psec.h"
#include "state_storm.h"
#include "state_stp.h"
#include "state_vxlan.h"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "netlink_monitor.h"
#include "tap_reaper.h"

/* Bounded rx rounds per wakeup, so one busy port cannot starve the others. */
#define RX_ROUNDS_PER_WAKEUP 4

/* Datapath. */

static void
send_to_port(uint16_t port_no, const struct bridge_tx *items, unsigned n, void *arg)
{
    struct sw_bridge *b = arg;
    struct port *p = b->ports[port_no];

    if (p->span || p->capture)
        state_observe_tx(p, items, n);
    p->class->send(p, items, n);
}

/* Runs the 'n' pkts received on 'in' through its bridge and sends the
 * results.  Slots whose frame has length 0 were bad reads: skipped. */
static void
deliver(struct switch_state *sw, struct port *in, struct pkt *pkts, unsigned n)
{
    struct sw_bridge *b = in->bridge;
    struct frame *frames[BRIDGE_BATCH_MAX];
    unsigned n_frames = 0;

    if (b->flushing) {
        sw->patch_loop_drops += n;
        return;
    }
    for (unsigned i = 0; i < n; i++)
        if (pkts[i].frame.len)
            frames[n_frames++] = &pkts[i].frame;
    if (in->span || in->capture)
        state_observe_rx(in, frames, n_frames);
    bridge_reserve(b->core, n_frames);     /* MAC table room: no allocation below */
    bridge_input(b->core, in->port_no, frames, n_frames, loop_now_ms());
    b->flushing = true;
    bridge_tx_flush(b->core, send_to_port, b);
    b->flushing = false;
}

void
state_patch_deliver(struct port *p, const struct bridge_tx *items, unsigned n)
{
    struct switch_state *sw = p->bridge->sw;
    struct pkt *pool;

    if (!p->peer) {
        sw->patch_no_peer_drops += n;
        return;
    }
    if (sw->patch_depth >= sw->n_patch_pools) {
        sw->patch_loop_drops += n;
        return;
    }
    pool = sw->patch_pools[sw->patch_depth];
    for (unsigned i = 0; i < n; i++) {
        uint8_t hdr[BRIDGE_TX_HEADER_MAX];
        const uint8_t *rest;
        uint32_t rest_len;
        uint32_t hdr_len = port_egress_prepare(&items[i], &pool[i].vnet, hdr, &rest, &rest_len);
        uint8_t *data = pool[i].buf + FRAME_HEADROOM;

        if (hdr_len + rest_len > PKT_DATA_MAX) {
            /* Tags pushed by flow actions can outgrow a maximal frame;
             * a zero length makes deliver() skip the slot. */
            p->os.tx_errors++;
            pool[i].frame.len = 0;
            continue;
        }
        memcpy(data, hdr, hdr_len);
        memcpy(data + hdr_len, rest, rest_len);
        frame_init(&pool[i].frame, pool[i].buf, FRAME_HEADROOM, hdr_len + rest_len);
    }
    sw->patch_depth++;
    /* BPDUs cross a patch like any link (docs/design.md section 5.13);
     * taken after the depth moved on, so BPDUs the peer's instance sends
     * back use the next pool, not this one. */
    state_stp_receive(sw, p->peer, pool, n);
    deliver(sw, p->peer, pool, n);
    sw->patch_depth--;
}


static void port_lose_netdev(struct switch_state *, struct port *);

static void
port_readable(struct loop *loop, int fd, uint32_t events, void *arg)
{
    struct port *p = arg;
    struct switch_state *sw = p->bridge->sw;

    (void) fd; (void) loop;
    /* Level-triggered: an error left pending would wake the loop forever
     * (a TUN fd whose netdev is gone stays in error). */
    if ((events & (EPOLLERR | EPOLLHUP)) && p->class->lost && p->class->lost(p)) {
        port_lose_netdev(sw, p);
        return;
    }
    for (int round = 0; round < RX_ROUNDS_PER_WAKEUP; round++) {
        unsigned n = p->class->recv(p, sw->rx_pool, PORT_RX_BATCH);

        if (n)
            state_port_input(sw, p, sw->rx_pool, n);
        if (n < PORT_RX_BATCH)
            break;
    }
}

void
state_port_input(struct switch_state *sw, struct port *p, struct pkt *pkts, unsigned n)
{
    /* LLDPDUs are the port's own, never the bridge's (state_lldp.h);
     * BPDUs its bridge's spanning tree's (a member's: its bond's). */
    state_lldp_receive(sw, p, pkts, n);
    state_stp_receive(sw, p->bond ? p->bond : p, pkts, n);
    if (p->bond) {
        /* A member's frames are its bond's (docs/bonding.md section 4). */
        state_bond_receive(sw, p, pkts, n);
        deliver(sw, p->bond, pkts, n);
    } else {
        deliver(sw, p, pkts, n);
    }
    loop_note_traffic(sw->loop);
}

/* Aging: a 1 s tick expires each bridge's MAC entries and timed-out flows.
 * Arming the timer from the expire functions' deadlines would save wakeups
 * on idle switches; one per second is not worth the bookkeeping. */
void
state_aging_tick(struct loop *loop, int fd, uint32_t events, void *arg)
{
    struct switch_state *sw = arg;
    uint64_t expirations;

    (void) loop; (void) events;
    if (read(fd, &expirations, sizeof expirations) < 0)
        return;
    for (size_t i = 0; i < sw->n_bridges; i++) {
        mac_table_expire(bridge_mac_table(sw->bridges[i]->core), loop_now_ms());
        bridge_flow_expire(sw->bridges[i]->core, loop_now_ms());
    }
    for (size_t i = 0; i < sw->n_ports; i++)
        if (sw->ports[i]->class->tick && sw->ports[i]->fd >= 0)
            sw->ports[i]->class->tick(sw->ports[i]);
    /* In case a link event was missed. */
    state_reopen_gone_ports(sw);
    state_bonds_tick(sw);
    state_lldp_tick(sw);
    state_stp_tick(sw);
    state_rates_tick(sw);
    state_storm_tick(sw);
    for (size_t i = 0; i < sw->n_ports; i++)
        if (sw->ports[i]->bond_state)
            state_link_report(sw->ports[i], true);
    state_link_tick(sw);
    state_psec_tick(sw);
    state_errdisable_tick(sw);
    state_vxlan_tick(sw);
}

/* Opens 'p' and watches its fd. */
int
state_port_start(struct switch_state *sw, struct port *p, char *err, size_t err_size)
{
    int error;

    /* A netdev of this name still being deleted (the port was removed or
     * changed type) must be gone before the name is opened again. */
    if (p->class != port_class_of(PORT_TYPE_PATCH))
        tap_reaper_wait(sw->reaper, p->name);
    if ((error = p->class->open(p, err, err_size)))
        return error;
    state_link_opened(p);
    if (p->fd >= 0 && (error = loop_watch_fd(sw->loop, p->fd, EPOLLIN, port_readable, p))) {
        snprintf(err, err_size, "%s: epoll: %s", p->name, strerror(error));
        p->class->close(p);
        return error;
    }
    return 0;
}

void
state_port_stop(struct switch_state *sw, struct port *p)
{
    if (p->fd >= 0)
        loop_unwatch_fd(sw->loop, p->fd);
    p->class->close(p);
}

/* Ports whose netdev goes away (docs/security.md section 8). */

/* A port forwards when it is configured so, has its netdev and is neither
 * inactive nor err-disabled; a bond when some member carries traffic; a
 * bond member never as itself (docs/bonding.md section 4).
 *
 * Inactive and err-disabled ports are disabled in the core, rather than
 * given a VLAN policy that admits nothing: the core already makes a
 * disabled port receive nothing (counted as port-disabled), leaves it out
 * of floods, drops unicast to it (dst-port-disabled) and flushes its MAC
 * entries, and the policy stays the configured one for the show commands
 * (docs/design.md section 6.9). */
void
state_port_sync_enabled(struct port *p)
{
    bool usable = p->config->enabled && !p->link.inactive && !p->link.err_disabled
                  && !p->link.monitoring;
    bool enabled = usable && !p->netdev_gone;
    bool carrier = state_link_core_carrier(p);

    if (p->member)
        enabled = false;
    else if (p->bond_state)
        enabled = usable && state_bond_up(p);
    if (bridge_port_is_enabled(p->bridge->core, p->port_no) != enabled)
        bridge_port_set_enabled(p->bridge->core, p->port_no, enabled);
    if (bridge_port_has_carrier(p->bridge->core, p->port_no) != carrier)
        bridge_port_set_carrier(p->bridge->core, p->port_no, carrier);
    if (p->bond)
        state_bond_update(p->bridge->sw, p->bond);
    /* A cut link reconverges at once, not on the next tick. */
    state_stp_port_changed(p);
}

/* Opens gone port 'p' again if it can be: a tap or system port once a
 * netdev of its name is back in switchd's namespace, an internal port by
 * making its TAP anew.  A failure is logged once and retried later. */
static void
port_reopen(struct switch_state *sw, struct port *p)
{
    bool internal = p->class == &port_internal_class;
    char err[256];

    if (!p->netdev_gone || (!internal && !if_nametoindex(p->name)))
        return;
    if (state_port_start(sw, p, err, sizeof err)) {
        if (!p->reopen_failed)
            log_warn("port %s: cannot reopen: %s; the port stays down (retried)", p->name, err);
        p->reopen_failed = true;
        return;
    }
    p->netdev_gone = p->reopen_failed = false;
    sw->n_ports_gone--;
    /* A netdev made anew, or back, gets the configured MTU again. */
    if (p->config->mtu && port_set_mtu(p, p->config->mtu, NULL, err, sizeof err))
        log_warn("port %s: %s", p->name, err);
    state_port_sync_enabled(p);
    log_info("port %s: %s; port up", p->name,
             internal ? "TAP made anew in switchd's network namespace"
                      : "netdev is back, reopened");
    state_link_report(p, true);
}

/* 'p' has lost its netdev: closes it (its fd no longer reaches anything)
 * and disables it, then tries to reopen it at once. */
static void
port_lose_netdev(struct switch_state *sw, struct port *p)
{
    bool internal = p->class == &port_internal_class;

    /* Nothing of it is left to delete: a netdev of its name that comes
     * back is owned as port_tun.h says. */
    p->created_netdev = false;
    state_port_stop(sw, p);
    p->netdev_gone = true;
    p->reopen_failed = false;
    sw->n_ports_gone++;
    state_port_sync_enabled(p);
    log_warn("port %s: %s; port down", p->name,
             internal ? "its TAP was deleted (with its host's network namespace?)"
                      : "netdev deleted or moved to another network namespace");
    state_link_report(p, true);
    port_reopen(sw, p);
}

void
state_reopen_gone_ports(struct switch_state *sw)
{
    for (size_t i = 0; sw->n_ports_gone && i < sw->n_ports; i++)
        port_reopen(sw, sw->ports[i]);
}

/* Ports with a netdev of their own, whose carrier link events report. */
static bool
has_netdev(const struct port *p)
{
    return p->config->type == PORT_TYPE_TAP || p->config->type == PORT_TYPE_INTERNAL
           || p->config->type == PORT_TYPE_SYSTEM;
}

/* A link event in switchd's namespace, or NULL when some were lost. */
void
state_link_event(void *arg, const struct link_event *ev)
{
    struct switch_state *sw = arg;

    if (!ev) {
        for (size_t i = 0; i < sw->n_ports; i++) {
            struct port *p = sw->ports[i];
            if (!p->netdev_gone && p->fd >= 0 && p->class->lost && p->class->lost(p))
                port_lose_netdev(sw, p);
            else if (has_netdev(p) && !p->netdev_gone && p->fd >= 0 && p->class->carrier)
                state_link_carrier(sw, p, p->class->carrier(p));
        }
        state_reopen_gone_ports(sw);
        return;
    }
    struct port *p = state_find_port(sw, ev->name);
    if (!p)
        return;
    if (p->member && !ev->gone)
        state_bond_member_carrier(sw, p, ev->carrier && p->fd >= 0);
    if (p->class->lost && p->netdev_gone) {
        port_reopen(sw, p);
        return;
    }
    if (p->class->lost && p->fd >= 0 && p->class->lost(p)) {
        port_lose_netdev(sw, p);
        return;
    }
    if (!has_netdev(p) || p->netdev_gone || p->fd < 0)
        return;
    /* The carrier now, as the back end reads it, rather than the event's:
     * events queued before a port opened or a host took its netdev would
     * otherwise replay old flaps (docs/design.md section 6.9). */
    state_link_carrier(sw, p, p->class->carrier ? p->class->carrier(p)
                                                : !ev->gone && ev->carrier);
}
