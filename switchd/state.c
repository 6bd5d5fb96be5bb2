#include "state.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"

/* Bounded rx rounds per wakeup, so one busy port cannot starve the others. */
#define RX_ROUNDS_PER_WAKEUP 4

const struct port_class *
port_class_of(enum port_type type)
{
    switch (type) {
    case PORT_TYPE_TAP:      return &port_tap_class;
    case PORT_TYPE_INTERNAL: return &port_internal_class;
    case PORT_TYPE_SYSTEM:   return &port_system_class;
    case PORT_TYPE_PATCH:    return &port_patch_class;
    }
    return NULL;
}

/* Datapath. */

static void
send_to_port(uint16_t port_no, const struct bridge_tx *items, unsigned n, void *arg)
{
    struct sw_bridge *b = arg;
    struct port *p = b->ports[port_no];

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

    if (sw->patch_depth >= sw->n_patch_pools || !p->peer) {
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
    deliver(sw, p->peer, pool, n);
    sw->patch_depth--;
}

static void
port_readable(struct loop *loop, int fd, uint32_t events, void *arg)
{
    struct port *p = arg;
    struct switch_state *sw = p->bridge->sw;

    (void) loop; (void) fd; (void) events;
    for (int round = 0; round < RX_ROUNDS_PER_WAKEUP; round++) {
        unsigned n = p->class->recv(p, sw->rx_pool, PORT_RX_BATCH);

        if (n)
            deliver(sw, p, sw->rx_pool, n);
        if (n < PORT_RX_BATCH)
            break;
    }
}

/* Aging: a 1 s tick expires each bridge's MAC entries and timed-out flows.
 * Arming the timer from the expire functions' deadlines would save wakeups
 * on idle switches; one per second is not worth the bookkeeping. */
static void
aging_tick(struct loop *loop, int fd, uint32_t events, void *arg)
{
    struct switch_state *sw = arg;
    uint64_t expirations;

    (void) loop; (void) events;
    if (read(fd, &expirations, sizeof expirations) < 0)
        return;
    for (size_t i = 0; i < sw->n_bridges; i++) {
        mac_table_expire(bridge_mac_table(sw->bridges[i].core), loop_now_ms());
        bridge_flow_expire(sw->bridges[i].core, loop_now_ms());
    }
}

/* Building and tearing down. */

struct port *
state_find_port(const struct switch_state *sw, const char *name)
{
    for (size_t i = 0; i < sw->n_ports; i++)
        if (!strcmp(sw->ports[i]->name, name))
            return sw->ports[i];
    return NULL;
}

/* The flow table of a new bridge: "priority=0 actions=NORMAL", then the
 * configured flows added on top (one with the same match and priority
 * replaces it), all at the current time.  config_json.c validated them. */
static int
bridge_load_flows(struct sw_bridge *b, const struct config_bridge *cb, char *err,
                  size_t err_size)
{
    struct flow *flows = calloc(cb->n_flows + 1, sizeof *flows);
    struct err_msg msg;
    int error;

    if (!flows) {
        snprintf(err, err_size, "bridge %s: out of memory", cb->name);
        return ENOMEM;
    }
    flow_init_normal(&flows[0]);
    for (size_t i = 0; i < cb->n_flows; i++) {
        if (!flow_parse_add(cb->flows[i], &flows[i + 1], &msg)) {
            snprintf(err, err_size, "bridge %s: flows[%zu]: %s", cb->name, i, msg.text);
            free(flows);
            return EINVAL;
        }
    }
    error = bridge_flow_replace(b->core, flows, cb->n_flows + 1, loop_now_ms());
    if (error)
        snprintf(err, err_size, "bridge %s: flows: %s", cb->name, strerror(error));
    free(flows);
    return error;
}

static int
bridge_build(struct switch_state *sw, struct sw_bridge *b, const struct config_bridge *cb,
             char *err, size_t err_size)
{
    struct bridge_config core_cfg = {
        .max_ports = cb->n_ports > BRIDGE_DEFAULT_PORTS ? cb->n_ports : BRIDGE_DEFAULT_PORTS,
        .mac_table_size = cb->mac_table_size,
        .mac_aging_s = cb->mac_aging_s,
        .mac_aging_set = true,
    };

    /* A seed the remote hosts cannot guess keeps hash collisions unforced. */
    if (getrandom(&core_cfg.hash_seed, sizeof core_cfg.hash_seed, 0) < 0)
        core_cfg.hash_seed = (uint64_t) loop_now_ms() * 0x9e3779b97f4a7c15u;
    snprintf(b->name, sizeof b->name, "%s", cb->name);
    b->sw = sw;
    b->core = bridge_create(&core_cfg);
    b->n_ports = core_cfg.max_ports;
    b->ports = calloc(b->n_ports, sizeof *b->ports);
    b->vlans = calloc(cb->n_vlans ? cb->n_vlans : 1, sizeof *b->vlans);
    if (!b->core || !b->ports || !b->vlans) {
        snprintf(err, err_size, "bridge %s: out of memory", cb->name);
        return ENOMEM;
    }
    if (cb->n_vlans)
        memcpy(b->vlans, cb->vlans, cb->n_vlans * sizeof *b->vlans);
    b->n_vlans = cb->n_vlans;

    for (size_t i = 0; i < cb->n_ports; i++) {
        const struct config_port *cp = &cb->ports[i];
        struct port *p = calloc(1, sizeof *p);
        int error;

        if (!p) {
            snprintf(err, err_size, "port %s: out of memory", cp->name);
            return ENOMEM;
        }
        snprintf(p->name, sizeof p->name, "%s", cp->name);
        snprintf(p->peer_name, sizeof p->peer_name, "%s", cp->peer);
        p->class = port_class_of(cp->type);
        p->bridge = b;
        p->port_no = i;
        p->ofport = cp->ofport;
        p->fd = -1;
        sw->ports[sw->n_ports++] = p;
        b->ports[i] = p;
        error = bridge_port_add(b->core, i, &cp->vlan);
        if (!error && !cp->enabled)
            error = bridge_port_set_enabled(b->core, i, false);
        if (!error && cp->ofport)
            error = bridge_port_set_ofport(b->core, i, cp->ofport);
        if (error) {
            snprintf(err, err_size, "port %s: %s", cp->name, strerror(error));
            return error;
        }
    }
    for (size_t i = 0; i < cb->n_static_macs; i++) {
        const struct config_static_mac *m = &cb->static_macs[i];
        struct port *p = state_find_port(sw, m->port);
        int error = p && p->bridge == b
                    ? mac_table_add_static(bridge_mac_table(b->core), m->vlan, m->mac, p->port_no)
                    : ENOENT;
        if (error) {
            snprintf(err, err_size, "static MAC on %s: %s", m->port, strerror(error));
            return error;
        }
    }
    return bridge_load_flows(b, cb, err, err_size);
}

static void
port_close(struct switch_state *sw, struct port *p)
{
    if (p->fd >= 0)
        loop_unwatch_fd(sw->loop, p->fd);
    p->class->close(p);
}

struct switch_state *
state_create(const struct switch_config *cfg, struct loop *loop, char *err, size_t err_size)
{
    struct switch_state *sw = calloc(1, sizeof *sw);
    size_t n_ports = 0, n_opened = 0;
    bool has_patch = false;
    int error;

    if (!sw)
        goto err_oom;
    sw->loop = loop;
    sw->timer_fd = -1;
    snprintf(sw->hostname, sizeof sw->hostname, "%s", cfg->hostname);
    for (size_t i = 0; i < cfg->n_bridges; i++)
        n_ports += cfg->bridges[i].n_ports;
    sw->bridges = calloc(cfg->n_bridges ? cfg->n_bridges : 1, sizeof *sw->bridges);
    sw->ports = calloc(n_ports ? n_ports : 1, sizeof *sw->ports);
    sw->rx_pool = malloc(PORT_RX_BATCH * sizeof *sw->rx_pool);
    if (!sw->bridges || !sw->ports || !sw->rx_pool)
        goto err_oom;

    for (size_t i = 0; i < cfg->n_bridges; i++) {
        sw->n_bridges++;
        if (bridge_build(sw, &sw->bridges[i], &cfg->bridges[i], err, err_size))
            goto err_destroy;
    }
    for (size_t i = 0; i < sw->n_ports; i++) {
        struct port *p = sw->ports[i];
        if (p->class == &port_patch_class) {
            p->peer = state_find_port(sw, p->peer_name);
            has_patch = true;
        }
    }
    /* A frame crosses at most one patch per bridge before it loops. */
    if (has_patch) {
        sw->patch_pools = calloc(sw->n_bridges, sizeof *sw->patch_pools);
        if (!sw->patch_pools)
            goto err_oom;
        sw->n_patch_pools = sw->n_bridges;
        for (size_t i = 0; i < sw->n_patch_pools; i++)
            if (!(sw->patch_pools[i] = malloc(BRIDGE_BATCH_MAX * sizeof **sw->patch_pools)))
                goto err_oom;
    }

    for (; n_opened < sw->n_ports; n_opened++) {
        struct port *p = sw->ports[n_opened];

        error = p->class->open(p, err, err_size);
        if (error)
            goto err_close_ports;
        if (p->fd >= 0 && (error = loop_watch_fd(loop, p->fd, EPOLLIN, port_readable, p))) {
            snprintf(err, err_size, "%s: epoll: %s", p->name, strerror(error));
            p->class->close(p);
            goto err_close_ports;
        }
        log_info("port %s (%s, ofport %u) on bridge %s", p->name, p->class->type,
                 p->ofport, p->bridge->name);
    }

    sw->timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    struct itimerspec tick = { .it_interval = { 1, 0 }, .it_value = { 1, 0 } };
    if (sw->timer_fd < 0 || timerfd_settime(sw->timer_fd, 0, &tick, NULL) < 0
        || loop_watch_fd(loop, sw->timer_fd, EPOLLIN, aging_tick, sw)) {
        snprintf(err, err_size, "aging timer: %s", strerror(errno));
        goto err_close_ports;
    }
    return sw;

err_close_ports:
    while (n_opened > 0)
        port_close(sw, sw->ports[--n_opened]);
    sw->n_ports = n_opened = 0;         /* closed: state_destroy must not close again */
    goto err_destroy;
err_oom:
    snprintf(err, err_size, "out of memory");
err_destroy:
    state_destroy(sw);
    return NULL;
}

void
state_destroy(struct switch_state *sw)
{
    if (!sw)
        return;
    if (sw->timer_fd >= 0) {
        loop_unwatch_fd(sw->loop, sw->timer_fd);
        close(sw->timer_fd);
    }
    for (size_t i = 0; i < sw->n_ports; i++)
        port_close(sw, sw->ports[i]);
    for (size_t i = 0; i < sw->n_bridges; i++) {
        struct sw_bridge *b = &sw->bridges[i];
        if (b->ports)
            for (uint16_t j = 0; j < b->n_ports; j++)
                free(b->ports[j]);
        free(b->ports);
        free(b->vlans);
        bridge_destroy(b->core);
    }
    for (size_t i = 0; i < sw->n_patch_pools; i++)
        free(sw->patch_pools[i]);
    free(sw->patch_pools);
    free(sw->bridges);
    free(sw->ports);
    free(sw->rx_pool);
    free(sw);
}
