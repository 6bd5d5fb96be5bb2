#include "state.h"
#include "state_apply.h"
#include "state_bond.h"
#include "state_lldp.h"
#include "state_stp.h"

#include <errno.h>
#include <malloc.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "capture.h"
#include "log.h"
#include "loop.h"
#include "name_index.h"
#include "port_tun.h"
#include "span.h"
#include "state_datapath.h"
#include "state_link.h"
#include "state_psec.h"
#include "tap_reaper.h"

/* Building and tearing down pieces. */

/* Port slots for a new bridge of 'n_ports': room to grow (twice as many,
 * at least BRIDGE_DEFAULT_PORTS), within the 16 bits of a port number.
 * UINT16_MAX slots number ports 0..65534: the core's "no port" value
 * (UINT16_MAX) stays free, and a configuration has at most 65279 ports in
 * a bridge (one per ofport). */
static size_t
bridge_slots(size_t n_ports)
{
    size_t want = n_ports > BRIDGE_DEFAULT_PORTS / 2 ? 2 * n_ports : BRIDGE_DEFAULT_PORTS;

    return want > UINT16_MAX ? UINT16_MAX : want;
}

static struct sw_bridge *
bridge_new(struct switch_state *sw, const struct config_bridge *cb, char *err, size_t err_size)
{
    struct sw_bridge *b;
    struct bridge_config core_cfg = {
        .max_ports = (uint16_t) bridge_slots(cb->n_ports),
        .mac_table_size = cb->mac_table_size,
        .mac_aging_s = cb->mac_aging_s,
        .mac_aging_set = true,
    };

    if (cb->n_ports > core_cfg.max_ports) {
        snprintf(err, err_size, "bridge %s: at most %u ports", cb->name,
                 (unsigned) core_cfg.max_ports);
        return NULL;
    }
    if (!(b = calloc(1, sizeof *b)))
        goto oom;
    /* A seed the remote hosts cannot guess keeps hash collisions unforced. */
    if (getrandom(&core_cfg.hash_seed, sizeof core_cfg.hash_seed, 0) < 0)
        core_cfg.hash_seed = (uint64_t) loop_now_ms() * 0x9e3779b97f4a7c15u;
    snprintf(b->name, sizeof b->name, "%s", cb->name);
    b->sw = sw;
    b->core = bridge_create(&core_cfg);
    b->n_ports = core_cfg.max_ports;
    b->ports = calloc(b->n_ports, sizeof *b->ports);
    if (!b->core || !b->ports)
        goto oom;
    return b;

oom:
    snprintf(err, err_size, "bridge %s: out of memory", cb->name);
    if (b) {
        bridge_destroy(b->core);
        free(b->ports);
        free(b);
    }
    return NULL;
}

void
state_bridge_free(struct sw_bridge *b)
{
    if (!b)
        return;
    state_stp_bridge_free(b);
    bridge_destroy(b->core);
    psec_table_destroy(b->psec);
    free(b->ports);
    free(b);
}

static struct port *
port_new(const struct switch_state *sw, const struct config_port *cp)
{
    struct port *p = calloc(1, sizeof *p);

    if (!p)
        return NULL;
    p->reaper = sw->reaper;
    snprintf(p->name, sizeof p->name, "%s", cp->name);
    snprintf(p->peer_name, sizeof p->peer_name, "%s", cp->peer);
    p->class = port_class_of(cp->type);
    /* Its configuration to open with (a vxlan port reads its tunnel's);
     * the commit sets it again, to the same. */
    p->config = cp;
    p->ofport = cp->ofport;
    p->fd = -1;
    p->link.up = true;
    return p;
}

/* The policy the bridge core enforces: the port's, with the global
 * `vlan dot1q tag native` folded in. */
static struct vlan_port
effective_policy(const struct switch_config *cfg, const struct config_port *cp)
{
    struct vlan_port v = cp->vlan;

    if (cfg->vlan_dot1q_tag_native && v.mode == VLAN_MODE_TRUNK)
        v.native_tagged = true;
    return v;
}

static bool
policy_equal(const struct vlan_port *a, const struct vlan_port *b)
{
    return a->mode == b->mode && a->access_vid == b->access_vid
           && a->native_vid == b->native_vid && a->native_tagged == b->native_tagged
           && vlan_set_equal(&a->allowed, &b->allowed);
}

/* Patch pools 'cfg' needs: a frame crosses at most one patch per bridge
 * before it loops, so one per bridge with a patch port, and each crossing
 * nests a call: STATE_PATCH_DEPTH_MAX keeps the loop thread's stack (and
 * these 4 MiB pools) bounded whatever the number of bridges.  A switch
 * with no patch port needs none. */
static size_t
patch_pools_needed(const struct switch_config *cfg)
{
    size_t n = 0;

    for (size_t b = 0; b < cfg->n_bridges && n < STATE_PATCH_DEPTH_MAX; b++)
        for (size_t p = 0; p < cfg->bridges[b].n_ports; p++)
            if (cfg->bridges[b].ports[p].type == PORT_TYPE_PATCH) {
                n++;
                break;
            }
    return n;
}

static int
ensure_patch_pools(struct switch_state *sw, size_t n_bridges)
{
    if (n_bridges <= sw->n_patch_pools)
        return 0;
    struct pkt **pools = realloc(sw->patch_pools, n_bridges * sizeof *pools);
    if (!pools)
        return ENOMEM;
    sw->patch_pools = pools;
    while (sw->n_patch_pools < n_bridges) {
        if (!(pools[sw->n_patch_pools] = malloc(BRIDGE_BATCH_MAX * sizeof **pools)))
            return ENOMEM;
        sw->n_patch_pools++;
    }
    return 0;
}

/* Applying a configuration. */

/* Ports sorted by name.  An apply looks ports up by name once per port
 * (and per patch peer and static MAC); with a scan each time, a switch of
 * tens of thousands of patch ports took seconds of the loop thread. */
struct port_index {
    struct port **v;
    size_t n;
};

/* Returns false when memory is short. */
static bool
port_index_build(struct port_index *ix, struct port *const *ports, size_t n)
{
    if (!(ix->v = malloc((n ? n : 1) * sizeof *ix->v)))
        return false;
    if (n)
        memcpy(ix->v, ports, n * sizeof *ports);
    ix->n = n;
    name_index_sort(ix->v, n, sizeof *ix->v, port_ptr_name);
    return true;
}

static struct port *
port_index_find(const struct port_index *ix, const char *name)
{
    struct port **p = name_index_find(ix->v, ix->n, sizeof *ix->v, port_ptr_name, name);

    return p ? *p : NULL;
}

enum port_fate {
    PORT_KEEP,                      /* same port, maybe new settings */
    PORT_MOVE,                      /* same port (still open), another bridge */
    PORT_NEW,                       /* a name the switch did not have */
    PORT_RECREATE,                  /* same name, other type */
};

struct plan {
    struct switch_config *cfg;
    size_t n_ports;                 /* ports in 'cfg' */
    struct port **ports;            /* the live port of each, in cfg order */
    enum port_fate *fate;
    struct port **old;              /* PORT_MOVE, PORT_RECREATE: the live port */
    bool *old_stopped;              /* ... which was closed to free the name */
    bool *started;                  /* PORT_NEW / PORT_RECREATE: opened */
    struct sw_bridge **bridges;     /* the live bridge of each cfg bridge */
    bool *bridge_new;
    struct flow **flows;            /* parsed flows of each cfg bridge, or NULL
                                       (STATE_APPLY_KEEP_FLOWS) */
    size_t n_hooks_prepared;
    /* Made ready by plan_prepare() so that plan_commit() cannot fail: the
     * switch's new port and bridge arrays, and 'ports' sorted by name. */
    struct port **new_ports;
    struct sw_bridge **new_bridges;
    struct port_index by_name;
};

static void
plan_free(struct plan *pl)
{
    free(pl->new_ports);
    free(pl->new_bridges);
    free(pl->by_name.v);
    free(pl->ports);
    free(pl->fate);
    free(pl->old);
    free(pl->old_stopped);
    free(pl->started);
    free(pl->bridges);
    free(pl->bridge_new);
    if (pl->flows)
        for (size_t b = 0; b < pl->cfg->n_bridges; b++)
            free(pl->flows[b]);
    free(pl->flows);
}

/* Rolls back a failed preparation: closes what it opened, reopens what
 * it closed, frees what it created. */
static void
plan_abort(struct switch_state *sw, struct plan *pl)
{
    for (size_t i = pl->n_hooks_prepared; i > 0; i--)
        if (sw->hooks[i - 1].abort)
            sw->hooks[i - 1].abort(sw->hooks[i - 1].arg);
    for (size_t i = pl->n_ports; i > 0; i--) {
        size_t k = i - 1;
        if (pl->fate[k] == PORT_KEEP || pl->fate[k] == PORT_MOVE || !pl->ports[k])
            continue;
        /* A netdev the port found (e.g. left by a crash) stays as it was. */
        if (pl->ports[k]->reused_netdev)
            pl->ports[k]->created_netdev = false;
        if (pl->started[k])
            state_port_stop(sw, pl->ports[k]);
        else if (pl->ports[k]->fd >= 0)
            close(pl->ports[k]->fd);    /* adopted, not opened: leave the TAP */
        state_bond_forget(sw, pl->ports[k]);
        free(pl->ports[k]);
        if (pl->fate[k] == PORT_RECREATE && pl->old_stopped[k]) {
            char err[256];
            /* The old port was closed to free its name: bring it back. */
            if (state_port_start(sw, pl->old[k], err, sizeof err))
                log_error("could not restore port %s: %s", pl->old[k]->name, err);
        }
    }
    for (size_t b = 0; pl->bridge_new && b < pl->cfg->n_bridges; b++)
        if (pl->bridge_new[b])
            state_bridge_free(pl->bridges[b]);
    /* "Nothing changed" holds once the netdevs the failed apply made are
     * gone too: a rare path, which may wait. */
    tap_reaper_flush(sw->reaper);
}

/* Parses every bridge's flows: the table each bridge will have is
 * "priority=0 actions=NORMAL" and the configured flows on top of it. */
static int
plan_parse_flows(struct plan *pl, char *err, size_t err_size)
{
    const struct switch_config *cfg = pl->cfg;

    pl->flows = calloc(cfg->n_bridges + 1, sizeof *pl->flows);
    if (!pl->flows)
        goto oom;
    for (size_t b = 0; b < cfg->n_bridges; b++) {
        const struct config_bridge *cb = &cfg->bridges[b];
        struct err_msg msg;

        if (!(pl->flows[b] = calloc(cb->n_flows + 1, sizeof **pl->flows)))
            goto oom;
        flow_init_normal(&pl->flows[b][0]);
        for (size_t i = 0; i < cb->n_flows; i++) {
            if (!flow_parse_add(cb->flows[i], &pl->flows[b][i + 1], &msg)) {
                snprintf(err, err_size, "bridge %s: flows[%zu]: %s", cb->name, i, msg.text);
                return EINVAL;
            }
        }
    }
    return 0;

oom:
    snprintf(err, err_size, "out of memory");
    return ENOMEM;
}

/* Whether 'old' can make way for 'new' (same name, another type): the
 * failures of the new port's open that can be known before the old port
 * closes.  Returns 0 or an errno with the reason in 'err'. */
static int
recreate_check(const struct port *old, const struct port *new, char *err, size_t err_size)
{
    bool owns_netdev = old->class == &port_internal_class
                       || (old->class == &port_tap_class && old->created_netdev);
    bool exists = if_nametoindex(new->name) != 0;

    if (new->class == &port_system_class) {
        if (owns_netdev) {
            snprintf(err, err_size, "%s: cannot become a system port: its netdev is the %s"
                     " port's own and goes with it (a system port needs an existing NIC or"
                     " veth)", new->name, old->class->type);
            return EINVAL;
        }
        if (!exists) {
            snprintf(err, err_size, "%s: no such network device", new->name);
            return ENODEV;
        }
    } else if ((new->class == &port_tap_class || new->class == &port_internal_class)
               && old->class == &port_system_class && exists && !tun_is_tap(new->name)) {
        /* A system port leaves its NIC or veth in place. */
        snprintf(err, err_size, "%s: exists and is not a TAP device", new->name);
        return EEXIST;
    }
    return 0;
}

/* When switchd starts, internal ports whose netdev is not in its
 * namespace may have a TAP that a switchd which crashed left in their
 * host's namespace: attach to those (port_tun_adopt.c).  Best effort: the
 * others are made anew by their open().  Only at start, as a switch takes
 * its ports back when it boots: the search visits every namespace, which
 * later changes need not pay for. */
static void
adopt_internal_taps(struct plan *pl)
{
    struct port **ports = calloc(pl->n_ports + 1, sizeof *ports);
    const char **names = calloc(pl->n_ports + 1, sizeof *names);
    int *fds = calloc(pl->n_ports + 1, sizeof *fds);
    size_t n = 0;

    for (size_t k = 0; ports && names && fds && k < pl->n_ports; k++)
        if (pl->fate[k] == PORT_NEW && pl->ports[k]->class == &port_internal_class
            && !if_nametoindex(pl->ports[k]->name))
            ports[n++] = pl->ports[k];
    if (n) {
        name_index_sort(ports, n, sizeof *ports, port_ptr_name);
        for (size_t i = 0; i < n; i++)
            names[i] = ports[i]->name;
        tun_adopt(names, n, fds);
        for (size_t i = 0; i < n; i++) {
            if (fds[i] < 0)
                continue;
            ports[i]->fd = fds[i];
            log_info("port %s: TAP found in another network namespace (left by an earlier"
                     " run); attached again", ports[i]->name);
        }
    }
    free(ports);
    free(names);
    free(fds);
}

/* Prepare phase 1: the plan's arrays, and the switch's new port and
 * bridge arrays that plan_commit() swaps in. */
static int
plan_alloc(struct plan *pl, char *err, size_t err_size)
{
    const struct switch_config *cfg = pl->cfg;
    size_t n = 0;

    for (size_t b = 0; b < cfg->n_bridges; b++)
        n += cfg->bridges[b].n_ports;
    pl->ports = calloc(n + 1, sizeof *pl->ports);
    pl->fate = calloc(n + 1, sizeof *pl->fate);
    pl->old = calloc(n + 1, sizeof *pl->old);
    pl->old_stopped = calloc(n + 1, sizeof *pl->old_stopped);
    pl->started = calloc(n + 1, sizeof *pl->started);
    pl->bridges = calloc(cfg->n_bridges + 1, sizeof *pl->bridges);
    pl->bridge_new = calloc(cfg->n_bridges + 1, sizeof *pl->bridge_new);
    pl->new_ports = calloc(n + 1, sizeof *pl->new_ports);
    pl->new_bridges = calloc(cfg->n_bridges + 1, sizeof *pl->new_bridges);
    if (!pl->ports || !pl->fate || !pl->old || !pl->old_stopped || !pl->started || !pl->bridges
        || !pl->bridge_new || !pl->new_ports || !pl->new_bridges) {
        snprintf(err, err_size, "out of memory");
        return ENOMEM;
    }
    /* Only now: plan_abort() walks the arrays of 'n_ports' ports. */
    pl->n_ports = n;
    return 0;
}

/* Prepare phase 2: bridges are reused by name, the others created. */
static int
plan_bridges(struct switch_state *sw, struct plan *pl, char *err, size_t err_size)
{
    const struct switch_config *cfg = pl->cfg;
    const struct switch_config *old_cfg = sw->running;

    for (size_t b = 0; b < cfg->n_bridges; b++) {
        const struct config_bridge *cb = &cfg->bridges[b];
        struct sw_bridge *live = state_find_bridge(sw, cb->name);

        if (live) {
            const struct config_bridge *ob = old_cfg ? config_find_bridge(old_cfg, cb->name) : NULL;
            if (cb->n_ports > live->n_ports) {
                snprintf(err, err_size, "bridge %s: at most %u ports", cb->name,
                         (unsigned) live->n_ports);
                return ENOSPC;
            }
            if (ob && ob->mac_table_size != cb->mac_table_size) {
                snprintf(err, err_size, "bridge %s: the MAC table size takes effect only"
                         " at start (save the configuration and restart switchd)", cb->name);
                return EINVAL;
            }
            pl->bridges[b] = live;
        } else {
            pl->bridges[b] = bridge_new(sw, cb, err, err_size);
            if (!pl->bridges[b])
                return cb->n_ports > bridge_slots(cb->n_ports) ? ENOSPC : ENOMEM;
            pl->bridge_new[b] = true;
        }
    }
    return 0;
}

/* Prepare phase 3: each port's fate; ports of the same name and type are
 * kept (or moved), the others get a new, unopened port object. */
static int
plan_ports(struct switch_state *sw, struct plan *pl, char *err, size_t err_size)
{
    const struct switch_config *cfg = pl->cfg;
    struct port_index live_ports = { NULL, 0 };
    size_t k = 0;

    if (!port_index_build(&live_ports, sw->ports, sw->n_ports)) {
        snprintf(err, err_size, "out of memory");
        return ENOMEM;
    }
    for (size_t b = 0; b < cfg->n_bridges; b++) {
        for (size_t p = 0; p < cfg->bridges[b].n_ports; p++, k++) {
            const struct config_port *cp = &cfg->bridges[b].ports[p];
            struct port *live = port_index_find(&live_ports, cp->name);

            /* A port that only changes bridges stays open: an internal
             * port's netdev (a host's end, maybe in its namespace) or a
             * VM's TAP goes on as it is.  A vxlan port whose tunnel
             * settings change is made anew: its socket, VNI map and
             * remotes are set when it opens (port_vxlan.c). */
            if (live && live->class == port_class_of(cp->type)
                && config_vxlan_equal(live->config->vxlan, cp->vxlan)) {
                pl->fate[k] = live->bridge == pl->bridges[b] ? PORT_KEEP : PORT_MOVE;
                pl->ports[k] = live;
                pl->old[k] = pl->fate[k] == PORT_MOVE ? live : NULL;
                continue;
            }
            pl->fate[k] = live ? PORT_RECREATE : PORT_NEW;
            pl->old[k] = live;
            pl->ports[k] = port_new(sw, cp);
            if (!pl->ports[k]) {
                free(live_ports.v);
                snprintf(err, err_size, "port %s: out of memory", cp->name);
                return ENOMEM;
            }
            pl->ports[k]->bridge = pl->bridges[b];
        }
    }
    free(live_ports.v);
    if (!port_index_build(&pl->by_name, pl->ports, pl->n_ports)) {
        snprintf(err, err_size, "out of memory");
        return ENOMEM;
    }
    return 0;
}

/* Prepare phase 4: the memory plan_commit() will use: patch pools, and
 * room in the bridge cores for the ports it adds (a core allocates a port
 * when it is added), so that the commit cannot fail. */
static int
plan_reserve(struct switch_state *sw, struct plan *pl, char *err, size_t err_size)
{
    const struct switch_config *cfg = pl->cfg;
    int error;

    if ((error = ensure_patch_pools(sw, patch_pools_needed(cfg)))) {
        snprintf(err, err_size, "out of memory");
        return error;
    }
    for (size_t b = 0, kb = 0; b < cfg->n_bridges; kb += cfg->bridges[b].n_ports, b++) {
        uint16_t n_added = 0;
        for (size_t p = 0; p < cfg->bridges[b].n_ports; p++)
            n_added += pl->fate[kb + p] != PORT_KEEP;
        if (bridge_port_reserve(pl->bridges[b]->core, n_added)) {
            snprintf(err, err_size, "out of memory");
            return ENOMEM;
        }
    }
    return 0;
}

/* Prepare phase 5: each hook prepares (telnet binds a new address). */
static int
plan_hooks_prepare(struct switch_state *sw, struct plan *pl, char *err, size_t err_size)
{
    int error;

    for (size_t i = 0; i < sw->n_hooks; i++) {
        if (sw->hooks[i].prepare && (error = sw->hooks[i].prepare(sw->hooks[i].arg, pl->cfg, err,
                                                                  err_size)))
            return error;
        pl->n_hooks_prepared++;
    }
    return 0;
}

/* Prepare phase 6: opens the ports whose names are new. */
static int
plan_open_new_ports(struct switch_state *sw, struct plan *pl, char *err, size_t err_size)
{
    int error;

    if (sw->starting)
        adopt_internal_taps(pl);
    for (size_t k = 0; k < pl->n_ports; k++) {
        if (pl->fate[k] != PORT_NEW)
            continue;
        if ((error = state_port_start(sw, pl->ports[k], err, err_size)))
            return error;
        pl->started[k] = true;
    }
    return 0;
}

/* Prepare phase 7: ports that change type.  Each must give up its netdev
 * before the new one takes the name, and closing an internal port (or a
 * TAP switchd made) deletes its netdev: reopening it after a failure would
 * not give the host its end back.  So every failure that can be seen
 * coming is refused before the first one closes. */
static int
plan_recreate_ports(struct switch_state *sw, struct plan *pl, char *err, size_t err_size)
{
    int error;

    for (size_t k = 0; k < pl->n_ports; k++)
        if (pl->fate[k] == PORT_RECREATE
            && (error = recreate_check(pl->old[k], pl->ports[k], err, err_size)))
            return error;
    for (size_t k = 0; k < pl->n_ports; k++) {
        if (pl->fate[k] != PORT_RECREATE)
            continue;
        state_port_stop(sw, pl->old[k]);
        pl->old_stopped[k] = true;
        if ((error = state_port_start(sw, pl->ports[k], err, err_size)))
            return error;
        pl->started[k] = true;
    }
    return 0;
}

/* Whether 'p' is a port of the kernel's netdevs (not a test's back end,
 * port.h) with an MTU to set. */
static bool
has_netdev_mtu(const struct port *p)
{
    return (p->class == &port_tap_class || p->class == &port_internal_class
            || p->class == &port_system_class) && p->fd >= 0;
}

/* The MTU port 'k' must get, or 0 for none: its configured one when it
 * opened or the setting changed; 1500, IOS's default, when `no mtu` took
 * a set one away (a port that never had one keeps its netdev's own). */
static unsigned
mtu_wanted(const struct plan *pl, size_t k, const struct config_port *cp)
{
    const struct port *p = pl->ports[k];
    unsigned old = (pl->fate[k] == PORT_KEEP || pl->fate[k] == PORT_MOVE) && p->config
                   ? p->config->mtu : 0;

    if (!has_netdev_mtu(p) || cp->mtu == old)
        return 0;
    return cp->mtu ? cp->mtu : 1500;
}

/* Prepare phase 8: port MTUs (docs/cli.md, `mtu`).  A netdev that refuses
 * one fails the apply; the MTUs set before it in this phase are put back. */
static int
plan_set_mtus(struct plan *pl, char *err, size_t err_size)
{
    const struct switch_config *cfg = pl->cfg;
    unsigned *old = NULL;
    int error = 0;
    size_t k = 0, n_set = 0;

    for (size_t b = 0; !error && b < cfg->n_bridges; b++) {
        for (size_t i = 0; !error && i < cfg->bridges[b].n_ports; i++, k++) {
            unsigned mtu = mtu_wanted(pl, k, &cfg->bridges[b].ports[i]);

            if (!mtu)
                continue;
            if (!old && !(old = calloc(pl->n_ports, sizeof *old))) {
                snprintf(err, err_size, "out of memory");
                return ENOMEM;
            }
            if (!(error = port_set_mtu(pl->ports[k], mtu, &old[k], err, err_size)))
                n_set++;
        }
    }
    for (size_t j = 0; error && n_set && j < k; j++) {
        char ignored[64];

        if (old[j])
            port_set_mtu(pl->ports[j], old[j], NULL, ignored, sizeof ignored);
    }
    free(old);
    return error;
}

/* Everything that may fail, in the phases above; what can fail without
 * closing anything comes first (memory, the hooks, new names).  On failure
 * plan_abort() undoes what was done. */
static int
plan_prepare(struct switch_state *sw, struct plan *pl, unsigned flags, char *err,
             size_t err_size)
{
    int error;

    if ((error = plan_alloc(pl, err, err_size)))
        return error;
    if (!(flags & STATE_APPLY_KEEP_FLOWS) && (error = plan_parse_flows(pl, err, err_size)))
        return error;
    if ((error = plan_bridges(sw, pl, err, err_size))
        || (error = plan_ports(sw, pl, err, err_size))
        || (error = plan_reserve(sw, pl, err, err_size))
        || (error = plan_hooks_prepare(sw, pl, err, err_size))
        || (error = plan_open_new_ports(sw, pl, err, err_size))
        || (error = plan_recreate_ports(sw, pl, err, err_size))
        || (error = plan_set_mtus(pl, err, err_size)))
        return error;
    return 0;
}

static uint16_t
free_port_no(const struct sw_bridge *b)
{
    for (uint16_t i = 0; i < b->n_ports; i++)
        if (!b->ports[i])
            return i;
    return b->n_ports;              /* cannot happen: plan_prepare checked */
}

static void
remove_port(struct switch_state *sw, struct port *p, bool stop)
{
    state_bond_forget(sw, p);
    state_lldp_forget(sw, p);
    state_stp_forget(sw, p);
    if (stop)
        state_port_stop(sw, p);
    bridge_port_remove(p->bridge->core, p->port_no);
    p->bridge->ports[p->port_no] = NULL;
    log_info("port %s removed from bridge %s", p->name, p->bridge->name);
    free(p);
}

static bool
static_mac_listed(const struct config_bridge *cb, const struct config_static_mac *m)
{
    for (size_t i = 0; cb && i < cb->n_static_macs; i++)
        if (cb->static_macs[i].vlan == m->vlan && !memcmp(cb->static_macs[i].mac, m->mac, 6)
            && !strcmp(cb->static_macs[i].port, m->port))
            return true;
    return false;
}

/* After an apply that removed 'n_removed' bridges and ports: patch pools
 * beyond what the configuration needs go, and glibc gives back the free
 * memory at the top of its heap and in its arenas (a thousand bridges
 * removed left 190 MB of it resident).  malloc_trim() walks the heap, so
 * only after removals. */
static void
release_memory(struct switch_state *sw, size_t n_removed)
{
    size_t want = patch_pools_needed(sw->running);

    while (sw->n_patch_pools > want)
        free(sw->patch_pools[--sw->n_patch_pools]);
    if (!sw->n_patch_pools) {
        free(sw->patch_pools);
        sw->patch_pools = NULL;
    }
    if (n_removed)
        malloc_trim(0);
}

/* Commit phase 1: closes and frees the ports that are gone and the old
 * halves of recreated ones (already closed by plan_prepare()).  Returns
 * how many went. */
static size_t
commit_remove_ports(struct switch_state *sw, const struct plan *pl)
{
    size_t n_removed = 0;

    for (size_t i = 0; i < sw->n_ports; i++)
        sw->ports[i]->apply_mark = 0;
    for (size_t j = 0; j < pl->n_ports; j++) {
        pl->ports[j]->apply_mark |= PORT_MARK_KEPT;
        if (pl->old[j])
            pl->old[j]->apply_mark |= PORT_MARK_REPLACED;
    }
    for (size_t i = 0; i < sw->n_ports; i++) {
        struct port *p = sw->ports[i];
        if (!(p->apply_mark & PORT_MARK_KEPT)) {
            remove_port(sw, p, !(p->apply_mark & PORT_MARK_REPLACED));
            n_removed++;
        }
    }
    return n_removed;
}

/* Commit phase 2: ports that change bridges leave the old one (which may
 * go in phase 3). */
static void
commit_detach_moved(const struct plan *pl)
{
    for (size_t j = 0; j < pl->n_ports; j++) {
        struct port *p = pl->ports[j];
        if (pl->fate[j] != PORT_MOVE)
            continue;
        bridge_port_remove(p->bridge->core, p->port_no);
        p->bridge->ports[p->port_no] = NULL;
        log_info("port %s leaves bridge %s", p->name, p->bridge->name);
        p->bridge = NULL;
    }
}

/* Commit phase 3: frees the bridges that are gone (their ports went in
 * phase 1).  Returns how many went. */
static size_t
commit_free_bridges(struct switch_state *sw, const struct plan *pl)
{
    const struct switch_config *cfg = pl->cfg;
    size_t n_removed = 0;

    for (size_t i = 0; i < sw->n_bridges; i++) {
        bool kept = false;
        for (size_t b = 0; b < cfg->n_bridges; b++)
            if (pl->bridges[b] == sw->bridges[i])
                kept = true;
        if (!kept) {
            log_info("bridge %s removed", sw->bridges[i]->name);
            state_bridge_free(sw->bridges[i]);
            n_removed++;
        }
    }
    return n_removed;
}

/* Commit phase 4a: attaches the ports of bridge 'b' of the plan (its
 * first port is the plan's port 'k0'): new, recreated and moved ports
 * join it, kept ones get a new policy if theirs changed, then every port
 * gets its ofport. */
static void
commit_attach_ports(const struct plan *pl, size_t b, size_t k0, struct port **ports)
{
    const struct switch_config *cfg = pl->cfg;
    const struct config_bridge *cb = &cfg->bridges[b];
    struct sw_bridge *br = pl->bridges[b];
    size_t k = k0;

    /* ofports that move free their number first, so two ports can
     * swap numbers in one change. */
    for (size_t p = 0, kk = k; p < cb->n_ports; p++, kk++)
        if (pl->fate[kk] == PORT_KEEP
            && bridge_port_ofport(br->core, pl->ports[kk]->port_no) != cb->ports[p].ofport)
            bridge_port_set_ofport(br->core, pl->ports[kk]->port_no, 0);
    for (size_t p = 0; p < cb->n_ports; p++, k++) {
        const struct config_port *cp = &cb->ports[p];
        struct vlan_port policy = effective_policy(cfg, cp);
        struct port *port = pl->ports[k];

        ports[k] = port;
        port->config = cp;          /* 'cfg' becomes the running config */
        port->link.inactive = state_link_vlan_missing(cb, cp);
        /* `shutdown` clears err-disabled, as in IOS (then `no shutdown`). */
        if (!cp->enabled)
            port->link.err_disabled = false;
        port->ofport = cp->ofport;
        snprintf(port->peer_name, sizeof port->peer_name, "%s", cp->peer);
        if (pl->fate[k] != PORT_KEEP) {
            port->bridge = br;
            port->port_no = free_port_no(br);
            br->ports[port->port_no] = port;
            bridge_port_add(br->core, port->port_no, &policy);
            log_info("port %s (%s, ofport %u) on bridge %s", port->name, port->class->type,
                     port->ofport, br->name);
        } else if (!policy_equal(&policy, bridge_port_vlan(br->core, port->port_no))) {
            /* A new policy flushes the port's MAC entries. */
            bridge_port_set_vlan(br->core, port->port_no, &policy);
        }
        /* Unchanged levels keep their state (net/storm_control.h). */
        bridge_port_set_storm_control(br->core, port->port_no, &cp->storm.levels);
        state_port_sync_enabled(port);
    }
    for (size_t p = 0; p < cb->n_ports; p++) {
        struct port *port = pl->ports[k0 + p];
        if (bridge_port_ofport(br->core, port->port_no) != cb->ports[p].ofport
            && bridge_port_set_ofport(br->core, port->port_no, cb->ports[p].ofport))
            log_warn("port %s: ofport %u not set", port->name, (unsigned) cb->ports[p].ofport);
    }
}

/* Commit phase 4b: the flow table of bridge 'b' of the plan. */
static void
commit_flows(const struct plan *pl, size_t b)
{
    const struct config_bridge *cb = &pl->cfg->bridges[b];
    struct sw_bridge *br = pl->bridges[b];

    if (pl->flows && pl->bridge_new[b]) {
        /* A new bridge's table, all of it starting now. */
        if (bridge_flow_replace(br->core, pl->flows[b], cb->n_flows + 1, loop_now_ms()))
            log_error("bridge %s: flows not installed: out of memory", br->name);
    } else if (pl->flows) {
        state_sync_flows(br, pl->flows[b], cb->n_flows + 1);
    } else if (pl->bridge_new[b]) {
        /* A bridge the shell created: its default flow starts now. */
        struct flow normal;
        flow_init_normal(&normal);
        bridge_flow_replace(br->core, &normal, 1, loop_now_ms());
    }
}

/* Commit phase 4c: MAC aging and static entries of bridge 'b' of the plan
 * ('ob': the bridge's old configuration, NULL for a new bridge). */
static void
commit_macs(const struct plan *pl, size_t b, const struct config_bridge *ob)
{
    const struct config_bridge *cb = &pl->cfg->bridges[b];
    struct sw_bridge *br = pl->bridges[b];
    struct mac_table *macs = bridge_mac_table(br->core);

    if (mac_table_aging(macs) != cb->mac_aging_s)
        mac_table_set_aging(macs, cb->mac_aging_s);
    /* Static entries: drop the ones no longer configured, (re)add the
     * rest; adding an existing entry changes nothing. */
    for (size_t i = 0; ob && i < ob->n_static_macs; i++)
        if (!static_mac_listed(cb, &ob->static_macs[i]))
            mac_table_remove_static(macs, ob->static_macs[i].vlan, ob->static_macs[i].mac);
    for (size_t i = 0; i < cb->n_static_macs; i++) {
        const struct config_static_mac *m = &cb->static_macs[i];
        struct port *p = port_index_find(&pl->by_name, m->port);
        struct sw_bridge *pb = p ? p->bridge : NULL;
        if (pb == br && mac_table_add_static(macs, m->vlan, m->mac, p->port_no))
            log_warn("bridge %s: static MAC on %s not installed (table full)", br->name,
                     m->port);
    }
}

/* Commit phase 5: the plan's port and bridge arrays become the switch's. */
static void
commit_swap_arrays(struct switch_state *sw, struct plan *pl, struct port **ports,
                   struct sw_bridge **bridges)
{
    free(sw->ports);
    sw->ports = ports;
    sw->n_ports = pl->n_ports;
    /* The plan's index of the new ports becomes the switch's (and the
     * plan frees the old one). */
    ports = sw->ports_by_name;
    sw->ports_by_name = pl->by_name.v;
    pl->by_name.v = ports;
    sw->n_ports_gone = 0;
    for (size_t i = 0; i < sw->n_ports; i++)
        sw->n_ports_gone += sw->ports[i]->netdev_gone;
    free(sw->bridges);
    sw->bridges = bridges;
    sw->n_bridges = pl->cfg->n_bridges;
}

/* Commit phase 6: patch peers by name; a missing one leaves the port
 * unlinked. */
static void
commit_link_patch_peers(struct switch_state *sw)
{
    const struct port_class *patch = port_class_of(PORT_TYPE_PATCH);

    for (size_t i = 0; i < sw->n_ports; i++) {
        struct port *p = sw->ports[i];
        if (p->class == patch) {
            struct port *peer = p->peer_name[0] ? state_find_port(sw, p->peer_name) : NULL;
            p->peer = peer && peer->class == patch && peer->bridge != p->bridge
                      ? peer : NULL;
        }
    }
}

/* Commit phase 7: the hooks follow, and 'cfg' becomes the running
 * configuration (without its flows: they live in the bridges' tables). */
static void
commit_running_config(struct switch_state *sw, struct switch_config *cfg)
{
    for (size_t i = 0; i < sw->n_hooks; i++)
        if (sw->hooks[i].commit)
            sw->hooks[i].commit(sw->hooks[i].arg, cfg);

    /* Flows live in the bridges' tables, not in the running config. */
    for (size_t b = 0; b < cfg->n_bridges; b++) {
        struct config_bridge *cb = &cfg->bridges[b];
        for (size_t i = 0; i < cb->n_flows; i++)
            free(cb->flows[i]);
        free(cb->flows);
        cb->flows = NULL;
        cb->n_flows = 0;
    }
    config_free(sw->running);
    sw->running = cfg;
    sw->config_generation++;
}

/* Makes the prepared plan the live switch, in the phases above.  Nothing
 * here can fail: plan_prepare() allocated what they need. */
static void
plan_commit(struct switch_state *sw, struct plan *pl)
{
    struct switch_config *cfg = pl->cfg, *old_cfg = sw->running;
    struct port **ports = pl->new_ports;
    struct sw_bridge **bridges = pl->new_bridges;
    size_t k = 0, n_removed = 0;

    pl->new_ports = NULL;
    pl->new_bridges = NULL;

    state_stp_apply_begin(sw);      /* ports and patch peers in flux until the sync */
    n_removed += commit_remove_ports(sw, pl);
    commit_detach_moved(pl);
    n_removed += commit_free_bridges(sw, pl);
    for (size_t b = 0; b < cfg->n_bridges; k += cfg->bridges[b].n_ports, b++) {
        const struct config_bridge *cb = &cfg->bridges[b];
        const struct config_bridge *ob = old_cfg ? config_find_bridge(old_cfg, cb->name) : NULL;

        bridges[b] = pl->bridges[b];
        if (pl->bridge_new[b])
            log_info("bridge %s created", pl->bridges[b]->name);
        commit_attach_ports(pl, b, k, ports);
        commit_flows(pl, b);
        commit_macs(pl, b, ob);
    }
    commit_swap_arrays(sw, pl, ports, bridges);
    commit_link_patch_peers(sw);
    capture_rebind(sw);             /* a recreated port is watched again */
    commit_running_config(sw, cfg);
    state_bonds_link(sw);
    span_sync(sw);                  /* before LLDP: a destination runs none */
    state_lldp_sync(sw);
    state_stp_sync(sw);             /* after SPAN: a destination takes no part */
    release_memory(sw, n_removed);
}

int
state_apply(struct switch_state *sw, struct switch_config *cfg, unsigned flags,
            char *err, size_t err_size)
{
    struct plan pl = { .cfg = cfg };
    int error;

    error = plan_prepare(sw, &pl, flags, err, err_size);
    if (error) {
        plan_abort(sw, &pl);
        plan_free(&pl);
        config_free(cfg);
        return error;
    }
    plan_commit(sw, &pl);
    plan_free(&pl);
    state_psec_sync(sw);
    state_reopen_gone_ports(sw);
    /* `shutdown`, `no shutdown` and links that came with the change. */
    for (size_t i = 0; i < sw->n_ports; i++)
        state_link_report(sw->ports[i], false);
    return 0;
}
