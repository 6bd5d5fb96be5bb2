#include "state_private.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "capture.h"
#include "loop.h"
#include "name_index.h"
#include "netlink_monitor.h"
#include "state_apply.h"
#include "state_bond.h"
#include "state_lldp.h"
#include "state_stp.h"
#include "state_vxlan.h"
#include "span.h"
#include "state_datapath.h"
#include "tap_reaper.h"
#include "util.h"

const struct port_class *port_classes[PORT_N_TYPES] = {
    [PORT_TYPE_TAP] = &port_tap_class,
    [PORT_TYPE_INTERNAL] = &port_internal_class,
    [PORT_TYPE_SYSTEM] = &port_system_class,
    [PORT_TYPE_PATCH] = &port_patch_class,
    [PORT_TYPE_BOND] = &port_bond_class,
    [PORT_TYPE_VXLAN] = &port_vxlan_class,
};

const struct port_class *
port_class_of(enum port_type type)
{
    return (unsigned) type < PORT_N_TYPES ? port_classes[type] : NULL;
}

/* Lookups. */

const char *
port_ptr_name(const void *elem)
{
    return (*(struct port *const *) elem)->name;
}

struct port *
state_find_port(const struct switch_state *sw, const char *name)
{
    struct port **p = name_index_find(sw->ports_by_name, sw->n_ports, sizeof *p,
                                      port_ptr_name, name);

    return p ? *p : NULL;
}

struct sw_bridge *
state_find_bridge(const struct switch_state *sw, const char *name)
{
    for (size_t i = 0; i < sw->n_bridges; i++)
        if (!strcmp(sw->bridges[i]->name, name))
            return sw->bridges[i];
    return NULL;
}

const struct config_port *
state_port_config(const struct switch_state *sw, const struct port *p)
{
    (void) sw;
    return p->config;
}

const struct switch_config *
state_config(const struct switch_state *sw)
{
    return sw->running;
}

struct switch_config *
state_config_edit(const struct switch_state *sw)
{
    return config_clone(sw->running);
}

struct switch_config *
state_config_snapshot(const struct switch_state *sw)
{
    struct switch_config *cfg = config_clone(sw->running);

    for (size_t b = 0; cfg && b < cfg->n_bridges; b++) {
        struct config_bridge *cb = &cfg->bridges[b];
        const struct sw_bridge *br = state_find_bridge(sw, cb->name);
        size_t n = br ? bridge_flow_count(br->core) : 0;
        struct bridge_flow_info *info = calloc(n ? n : 1, sizeof *info);

        free(cb->flows);            /* the running config has none */
        cb->n_flows = 0;
        cb->flows = calloc(n ? n : 1, sizeof *cb->flows);
        if (!info || !cb->flows) {
            free(info);
            config_free(cfg);
            return NULL;
        }
        n = br ? bridge_flow_collect(br->core, NULL, info, n) : 0;
        bool catch_all = false;
        for (size_t i = 0; i < n; i++) {
            char text[FLOW_STR_MAX];
            struct flow_match any = { 0 };
            if (info[i].flow.priority == 0 && flow_match_equal(&info[i].flow.match, &any))
                catch_all = true;
            flow_format(&info[i].flow, text, sizeof text);
            if (!(cb->flows[cb->n_flows++] = strdup(text))) {
                free(info);
                config_free(cfg);
                return NULL;
            }
        }
        /* Loading a table starts from the default "priority=0 actions=NORMAL";
         * a table without it (deleted) says so with a priority-0 drop flow,
         * which replaces the default and drops as a table miss would. */
        if (!catch_all) {
            char **flows = realloc(cb->flows, (cb->n_flows + 1) * sizeof *flows);
            if (!flows || !(flows[cb->n_flows] = strdup("priority=0 actions=drop"))) {
                if (flows)
                    cb->flows = flows;
                free(info);
                config_free(cfg);
                return NULL;
            }
            cb->flows = flows;
            cb->n_flows++;
        }
        free(info);
    }
    return cfg;
}

bool
state_port_connected(const struct switch_state *sw, const struct port *p)
{
    (void) sw;
    if (p->member)                  /* disabled in the core: its bond forwards */
        return p->config->enabled && !p->netdev_gone && state_member_carrier(p);
    if (p->netdev_gone || !bridge_port_is_enabled(p->bridge->core, p->port_no))
        return false;
    if (p->class == port_class_of(PORT_TYPE_PATCH))
        return p->peer && bridge_port_is_enabled(p->peer->bridge->core, p->peer->port_no);
    if (p->bond_state)              /* up while a member carries traffic */
        return state_bond_up(p);
    /* A TAP has carrier while a VM holds it; a NIC or veth while its link
     * is up; an internal port while switchd holds its TAP and the netdev is
     * up (as far as switchd's namespace shows it). */
    return p->link.up;
}

enum state_port_status
state_port_status(const struct switch_state *sw, const struct port *p)
{
    if (!p->config->enabled)
        return STATE_PORT_DISABLED;
    if (p->link.err_disabled)
        return STATE_PORT_ERR_DISABLED;
    if (p->link.monitoring)
        return STATE_PORT_MONITORING;
    if (p->link.inactive)
        return STATE_PORT_INACTIVE;
    return state_port_connected(sw, p) ? STATE_PORT_CONNECTED : STATE_PORT_NOTCONNECT;
}

const char *
state_port_status_name(enum state_port_status st)
{
    static const char *const names[] = {
        [STATE_PORT_CONNECTED] = "connected",
        [STATE_PORT_NOTCONNECT] = "notconnect",
        [STATE_PORT_DISABLED] = "disabled",
        [STATE_PORT_INACTIVE] = "inactive",
        [STATE_PORT_ERR_DISABLED] = "err-disabled",
        [STATE_PORT_MONITORING] = "monitoring",
    };
    return (unsigned) st < ARRAY_SIZE(names) ? names[st] : "unknown";
}

void
state_clear_counters(struct switch_state *sw)
{
    for (size_t i = 0; i < sw->n_ports; i++) {
        struct port *p = sw->ports[i];
        bridge_port_clear_stats(p->bridge->core, p->port_no);
        memset(&p->os, 0, sizeof p->os);
        state_bond_clear_counters(p);
        state_vxlan_clear_counters(p);
        p->rates.cleared_ms = loop_now_ms();
    }
    sw->patch_loop_drops = sw->patch_no_peer_drops = 0;
    span_clear_counters(sw);
}

int
state_add_hook(struct switch_state *sw, const struct state_hook *hook, char *err,
               size_t err_size)
{
    if (sw->n_hooks == STATE_MAX_HOOKS) {
        snprintf(err, err_size, "at most %d configuration hooks", STATE_MAX_HOOKS);
        return ENOSPC;
    }
    sw->hooks[sw->n_hooks++] = *hook;
    return 0;
}

struct switch_state *
state_create(struct switch_config *cfg, struct loop *loop, char *err, size_t err_size)
{
    struct switch_state *sw = calloc(1, sizeof *sw);
    struct itimerspec tick = { .it_interval = { 1, 0 }, .it_value = { 1, 0 } };

    if (!sw)
        goto err_oom;
    sw->loop = loop;
    sw->timer_fd = -1;
    sw->reaper = tap_reaper_create();
    if (!(sw->links = netlink_monitor_create(loop, state_link_event, sw, err, err_size)))
        goto err_destroy;
    sw->running = config_clone(cfg);
    state_bonds_init(sw);
    sw->rx_pool = malloc(PORT_RX_BATCH * sizeof *sw->rx_pool);
    sw->span = span_create();
    if (!sw->running || !sw->rx_pool || !sw->span || state_lldp_init(sw))
        goto err_oom;
    /* Start from an empty switch so that building is one more apply. */
    for (size_t b = 0; b < sw->running->n_bridges; b++) {
        struct config_bridge *cb = &sw->running->bridges[b];
        for (size_t i = 0; i < cb->n_ports; i++)
            config_vxlan_free(cb->ports[i].vxlan);
        free(cb->ports); free(cb->vlans); free(cb->static_macs); free(cb->secure_macs);
        for (size_t i = 0; i < cb->n_flows; i++)
            free(cb->flows[i]);
        free(cb->flows);
    }
    free(sw->running->bridges);
    sw->running->bridges = NULL;
    sw->running->n_bridges = 0;
    sw->starting = true;
    if (state_apply(sw, cfg, 0, err, err_size)) {
        cfg = NULL;
        goto err_destroy;
    }
    sw->starting = false;
    cfg = NULL;

    sw->timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (sw->timer_fd < 0 || timerfd_settime(sw->timer_fd, 0, &tick, NULL) < 0
        || loop_watch_fd(loop, sw->timer_fd, EPOLLIN, state_aging_tick, sw)) {
        snprintf(err, err_size, "aging timer: %s", strerror(errno));
        goto err_destroy;
    }
    return sw;

err_oom:
    snprintf(err, err_size, "out of memory");
err_destroy:
    config_free(cfg);
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
    capture_destroy_all(sw);
    for (size_t i = 0; i < sw->n_ports; i++) {
        state_bond_forget(sw, sw->ports[i]);
        state_lldp_forget(sw, sw->ports[i]);    /* neighbours hear we leave */
    }
    state_lldp_destroy(sw);
    for (size_t i = 0; i < sw->n_ports; i++) {
        state_port_stop(sw, sw->ports[i]);
        free(sw->ports[i]);
    }
    netlink_monitor_destroy(sw->links);
    /* Waits for the netdevs of the ports to be released. */
    tap_reaper_destroy(sw->reaper);
    for (size_t i = 0; i < sw->n_bridges; i++)
        state_bridge_free(sw->bridges[i]);
    state_stp_destroy(sw);
    for (size_t i = 0; i < sw->n_patch_pools; i++)
        free(sw->patch_pools[i]);
    free(sw->patch_pools);
    free(sw->bridges);
    free(sw->ports);
    free(sw->ports_by_name);
    free(sw->rx_pool);
    span_destroy(sw->span);
    config_free(sw->running);
    free(sw);
}
