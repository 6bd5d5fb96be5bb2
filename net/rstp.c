/* One bridge's Rapid Spanning Tree instance (net/rstp.h): its ports, its
 * settings, the calls that feed the state machines of net/rstp_sm.c (a
 * BPDU, a tick, a link change) and the views. */
#include "rstp_private.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void
bridge_settings(struct rstp *r, const struct rstp_bridge_config *cfg)
{
    struct rstp_bridge_id id = { .priority = cfg->priority };

    memcpy(id.addr, cfg->addr, ETH_ADDR_LEN);
    r->cfg = *cfg;
    r->bridge_id = rstp_id_to_u64(&id);
    r->bridge_times = (struct rstp_times) {
        .message_age = 0, .max_age = cfg->max_age_s, .forward_delay = cfg->forward_delay_s,
        .hello = cfg->hello_s,
    };
}

/* Every call that may move a machine starts here: the time of the call
 * stamps a topology change it starts. */
static void
enter(struct rstp *r, int64_t now_ms)
{
    r->now_ms = now_ms;
}

struct rstp *
rstp_create(const struct rstp_bridge_config *cfg, const struct rstp_ops *ops, void *arg,
            int64_t now_ms)
{
    struct rstp *r;
    char err[128];

    if (rstp_bridge_config_check(cfg, err, sizeof err) || !(r = calloc(1, sizeof *r)))
        return NULL;
    bridge_settings(r, cfg);
    r->ops = ops;
    r->arg = arg;
    r->now_ms = r->last_tick_ms = now_ms;
    r->tc_last_ms = -1;
    rstp_sm_bridge_begin(r);
    return r;
}

void
rstp_destroy(struct rstp *r)
{
    if (r) {
        free(r->ports);
        free(r);
    }
}

static void
reselect_all(struct rstp *r)
{
    for (uint32_t i = 0; i < r->n_ports; i++) {
        if (r->ports[i].used) {
            r->ports[i].reselect = true;
            r->ports[i].selected = false;
        }
    }
}

int
rstp_set_config(struct rstp *r, const struct rstp_bridge_config *cfg, int64_t now_ms,
                char *err, size_t err_size)
{
    int error = rstp_bridge_config_check(cfg, err, err_size);
    bool version_changed;

    if (error)
        return error;
    enter(r, now_ms);
    version_changed = cfg->force_stp != r->cfg.force_stp;
    bridge_settings(r, cfg);
    /* Section 17.13: a new priority, address or times are new bridge
     * priority vector and times, so every port's role is selected again; a
     * new ForceProtocolVersion restarts the Port Protocol Migration machines
     * (mcheck), so each port speaks the new version at once. */
    for (uint32_t i = 0; i < r->n_ports; i++)
        if (r->ports[i].used && version_changed)
            r->ports[i].mcheck = true;
    /* The root, until roles are selected again (or for good: no port). */
    r->root_priority = (struct rstp_vector) { .root = r->bridge_id, .bridge = r->bridge_id };
    r->root_times = r->bridge_times;
    r->has_root_port = false;
    reselect_all(r);
    rstp_sm_run(r);
    return 0;
}

static struct rstp_port *
find(const struct rstp *r, uint16_t port_no)
{
    return port_no < r->n_ports && r->ports[port_no].used ? &r->ports[port_no] : NULL;
}

static int
port_config_check(const struct rstp *r, uint16_t port_no, const struct rstp_port_config *cfg)
{
    if (!cfg->id_number || cfg->id_number > RSTP_PORT_NUMBER_MAX
        || cfg->priority > RSTP_PORT_PRIORITY_MAX || cfg->priority % RSTP_PORT_PRIORITY_STEP
        || cfg->path_cost > RSTP_PATH_COST_MAX || cfg->admin_p2p > RSTP_P2P_NO)
        return EINVAL;
    for (uint32_t i = 0; i < r->n_ports; i++)
        if (i != port_no && r->ports[i].used && r->ports[i].cfg.id_number == cfg->id_number)
            return EINVAL;
    return 0;
}

/* Derives what follows from the port's settings and link; true when its
 * role may have to change (section 17.13: port identifier and path cost). */
static bool
port_derive(struct rstp_port *p)
{
    uint16_t port_id = (uint16_t) (p->cfg.priority << 8 | p->cfg.id_number);
    uint32_t cost = p->cfg.path_cost ? p->cfg.path_cost
                                     : rstp_path_cost_for_speed(p->speed_mbps);
    bool changed = port_id != p->port_id || cost != p->path_cost;

    p->port_id = port_id;
    p->path_cost = cost;
    p->oper_p2p = p->cfg.admin_p2p == RSTP_P2P_YES
                  || (p->cfg.admin_p2p == RSTP_P2P_AUTO && p->full_duplex);
    return changed;
}

int
rstp_port_add(struct rstp *r, uint16_t port_no, const struct rstp_port_config *cfg,
              int64_t now_ms)
{
    struct rstp_port *p;
    int error;

    if (find(r, port_no))
        return EEXIST;
    if ((error = port_config_check(r, port_no, cfg)))
        return error;
    if (port_no >= r->n_ports) {
        uint32_t n = port_no + 1u;

        if (!(p = realloc(r->ports, n * sizeof *p)))
            return ENOMEM;
        memset(p + r->n_ports, 0, (n - r->n_ports) * sizeof *p);
        r->ports = p;
        r->n_ports = n;
    }
    enter(r, now_ms);
    p = &r->ports[port_no];
    *p = (struct rstp_port) { .used = true, .port_no = port_no, .cfg = *cfg,
                              .state = RSTP_DISCARDING };
    port_derive(p);
    rstp_sm_port_begin(r, p);
    r->ops->set_state(r->arg, port_no, RSTP_DISCARDING);
    rstp_sm_run(r);
    return 0;
}

int
rstp_port_remove(struct rstp *r, uint16_t port_no, int64_t now_ms)
{
    struct rstp_port *p = find(r, port_no);

    if (!p)
        return ENOENT;
    enter(r, now_ms);
    p->used = false;
    reselect_all(r);
    rstp_sm_run(r);
    return 0;
}

int
rstp_port_set_config(struct rstp *r, uint16_t port_no, const struct rstp_port_config *cfg,
                     int64_t now_ms)
{
    struct rstp_port *p = find(r, port_no);
    bool edge_changed;

    if (!p)
        return ENOENT;
    if (port_config_check(r, port_no, cfg))
        return EINVAL;
    enter(r, now_ms);
    edge_changed = cfg->admin_edge != p->cfg.admin_edge
                   || cfg->bpdu_filter != p->cfg.bpdu_filter;
    p->cfg = *cfg;
    if (port_derive(p)) {
        p->reselect = true;
        p->selected = false;
    }
    /* AdminEdgePort takes effect now (IOS `spanning-tree portfast` does),
     * not at the next link change the Bridge Detection machine waits for:
     * operEdge follows it, as at BEGIN (section 17.25). */
    if (edge_changed)
        rstp_sm_port_edge(p);
    /* A port that now ignores BPDUs forgets what it heard at once rather
     * than after 3 x Hello Time: it is to be an edge, designated port. */
    if (cfg->bpdu_filter)
        p->rcvd_info_while = 0;
    rstp_sm_run(r);
    return 0;
}

int
rstp_port_set_link(struct rstp *r, uint16_t port_no, bool up, uint32_t speed_mbps,
                   bool full_duplex, int64_t now_ms)
{
    struct rstp_port *p = find(r, port_no);

    if (!p)
        return ENOENT;
    enter(r, now_ms);
    p->speed_mbps = speed_mbps;
    p->full_duplex = full_duplex;
    if (port_derive(p)) {
        p->reselect = true;
        p->selected = false;
    }
    p->port_enabled = up;
    rstp_sm_run(r);
    return 0;
}

int
rstp_port_mcheck(struct rstp *r, uint16_t port_no, int64_t now_ms)
{
    struct rstp_port *p = find(r, port_no);

    if (!p)
        return ENOENT;
    enter(r, now_ms);
    /* Section 17.19.13: mcheck has no effect when ForceProtocolVersion
     * says STP. */
    if (!r->cfg.force_stp)
        p->mcheck = true;
    rstp_sm_run(r);
    return 0;
}

int
rstp_receive(struct rstp *r, uint16_t port_no, const uint8_t *frame, size_t len,
             int64_t now_ms)
{
    struct rstp_port *p = find(r, port_no);
    struct rstp_bpdu bpdu;

    if (!p)
        return ENOENT;
    if (rstp_bpdu_parse(frame, len, &bpdu)) {
        p->counters.rx_errors++;
        return EINVAL;
    }
    if (!p->port_enabled || p->cfg.bpdu_filter) {
        p->counters.rx_filtered++;
        return 0;
    }
    /* Section 9.3.4 a): a Configuration BPDU carrying this port's own
     * Bridge and Port Identifiers is its own, come back. */
    if (bpdu.type == RSTP_BPDU_CONFIG && rstp_id_to_u64(&bpdu.bridge_id) == r->bridge_id
        && bpdu.port_id == p->port_id) {
        p->counters.rx_filtered++;
        return 0;
    }
    if (bpdu.type == RSTP_BPDU_RST)
        p->counters.rx_rstp++;
    else if (bpdu.type == RSTP_BPDU_CONFIG)
        p->counters.rx_config++;
    else
        p->counters.rx_tcn++;
    enter(r, now_ms);
    p->rx = bpdu;
    p->rcvd_bpdu = true;
    rstp_sm_run(r);
    return 0;
}

void
rstp_tick(struct rstp *r, int64_t now_ms)
{
    int64_t secs = (now_ms - r->last_tick_ms) / 1000;

    enter(r, now_ms);
    if (secs < 0) {                 /* a clock that went back: start again */
        r->last_tick_ms = now_ms;
        return;
    }
    r->last_tick_ms += secs * 1000;
    /* Every timer has run out after 2 * 255 s (Max Age + Forward Delay of
     * the longest times a BPDU can carry): more ticks change nothing. */
    if (secs > 512)
        secs = 512;
    while (secs-- > 0) {
        rstp_sm_tick(r);
        rstp_sm_run(r);
    }
}

/* Views. */

void
rstp_get_bridge_info(const struct rstp *r, struct rstp_bridge_info *info)
{
    memset(info, 0, sizeof *info);
    info->bridge_id = rstp_u64_to_id(r->bridge_id);
    info->root_id = rstp_u64_to_id(r->root_priority.root);
    info->root_path_cost = r->root_priority.cost;
    info->is_root = r->root_priority.root == r->bridge_id;
    info->has_root_port = r->has_root_port;
    info->root_port_no = r->root_port_no;
    info->hello_s = r->root_times.hello;
    info->max_age_s = r->root_times.max_age;
    info->forward_delay_s = r->root_times.forward_delay;
    info->bridge_hello_s = r->cfg.hello_s;
    info->bridge_max_age_s = r->cfg.max_age_s;
    info->bridge_forward_delay_s = r->cfg.forward_delay_s;
    info->tx_hold_count = r->cfg.tx_hold_count;
    info->force_stp = r->cfg.force_stp;
    info->topology_changes = r->tc_count;
    info->last_topology_change_ms = r->tc_last_ms;
    for (uint32_t i = 0; i < r->n_ports; i++)
        if (r->ports[i].used && r->ports[i].tc_while)
            info->topology_change = true;
}

int
rstp_get_port_info(const struct rstp *r, uint16_t port_no, struct rstp_port_info *info)
{
    const struct rstp_port *p = find(r, port_no);

    if (!p)
        return ENOENT;
    memset(info, 0, sizeof *info);
    info->port_no = port_no;
    info->priority = p->cfg.priority;
    info->port_id = p->port_id;
    info->path_cost = p->path_cost;
    info->role = p->role;
    info->state = p->state;
    info->enabled = p->port_enabled;
    info->oper_edge = p->oper_edge;
    info->oper_p2p = p->oper_p2p;
    info->send_rstp = p->send_rstp;
    info->bpdu_filter = p->cfg.bpdu_filter;
    info->designated_root = rstp_u64_to_id(p->port_priority.root);
    info->designated_cost = p->port_priority.cost;
    info->designated_bridge = rstp_u64_to_id(p->port_priority.bridge);
    info->designated_port_id = p->port_priority.port;
    info->counters = p->counters;
    return 0;
}

void
rstp_for_each_port(const struct rstp *r, void (*cb)(const struct rstp_port_info *, void *arg),
                   void *arg)
{
    struct rstp_port_info info;

    for (uint32_t i = 0; i < r->n_ports; i++)
        if (!rstp_get_port_info(r, (uint16_t) i, &info))
            cb(&info, arg);
}

void
rstp_clear_counters(struct rstp *r)
{
    for (uint32_t i = 0; i < r->n_ports; i++)
        memset(&r->ports[i].counters, 0, sizeof r->ports[i].counters);
}
