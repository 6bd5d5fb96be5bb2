/* Copying and comparing configurations (config.h).
 *
 * The shell edits a clone of the running configuration, validates it and
 * hands it over; diff-apply and the tests compare configs.  Both walk every
 * field: a new field in config.h needs a line in each function here (and
 * in config_export.c), which the round-trip tests catch when forgotten.
 * config_diff() counts what an apply would change, for the one-line
 * account of `copy json FILE running-config`, `reload` and SIGHUP. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "name_index.h"
#include "util.h"

/* Copies 'n' elements of 'size' bytes; NULL (without failing) when 'n' is 0. */
static bool
copy_array(void **dst, const void *src, size_t n, size_t size)
{
    *dst = NULL;
    if (!n)
        return true;
    *dst = malloc(n * size);
    if (!*dst)
        return false;
    memcpy(*dst, src, n * size);
    return true;
}

/* The "vxlan" objects of the 'n' ports 'dst', a copy of 'src': each port
 * gets its own (on failure the rest are NULL, so config_free() frees only
 * what is 'dst''s). */
static bool
ports_clone_vxlan(struct config_port *dst, const struct config_port *src, size_t n)
{
    bool ok = true;

    for (size_t i = 0; i < n; i++) {
        dst[i].vxlan = ok ? config_vxlan_clone(src[i].vxlan) : NULL;
        if (src[i].vxlan && !dst[i].vxlan)
            ok = false;
    }
    return ok;
}

/* Fills 'dst' (zeroed) with a deep copy of 'src'; on failure what was
 * copied is owned by 'dst', for config_free(). */
static bool
bridge_clone(struct config_bridge *dst, const struct config_bridge *src)
{
    void *p;

    dst->mac_aging_s = src->mac_aging_s;
    dst->mac_table_size = src->mac_table_size;
    dst->stp = src->stp;
    memcpy(dst->name, src->name, sizeof dst->name);
    if (!copy_array(&p, src->vlans, src->n_vlans, sizeof *src->vlans))
        return false;
    dst->vlans = p;
    dst->n_vlans = src->n_vlans;
    if (!copy_array(&p, src->ports, src->n_ports, sizeof *src->ports))
        return false;
    dst->ports = p;
    dst->n_ports = src->n_ports;
    if (!ports_clone_vxlan(dst->ports, src->ports, src->n_ports))
        return false;
    if (!copy_array(&p, src->static_macs, src->n_static_macs, sizeof *src->static_macs))
        return false;
    dst->static_macs = p;
    dst->n_static_macs = src->n_static_macs;
    if (!copy_array(&p, src->secure_macs, src->n_secure_macs, sizeof *src->secure_macs))
        return false;
    dst->secure_macs = p;
    dst->n_secure_macs = src->n_secure_macs;
    if (src->n_flows) {
        dst->flows = calloc(src->n_flows, sizeof *dst->flows);
        if (!dst->flows)
            return false;
        dst->n_flows = src->n_flows;
        for (size_t i = 0; i < src->n_flows; i++)
            if (src->flows[i] && !(dst->flows[i] = strdup(src->flows[i])))
                return false;
    }
    return true;
}

struct switch_config *
config_clone(const struct switch_config *src)
{
    struct switch_config *dst = malloc(sizeof *dst);
    void *p;

    if (!dst)
        return NULL;
    *dst = *src;
    dst->users = NULL;
    dst->n_users = 0;
    dst->bridges = NULL;
    dst->n_bridges = 0;
    dst->monitor_sessions = NULL;
    dst->n_monitor_sessions = 0;
    if (!copy_array(&p, src->monitor_sessions, src->n_monitor_sessions,
                    sizeof *src->monitor_sessions))
        goto err;
    dst->monitor_sessions = p;
    dst->n_monitor_sessions = src->n_monitor_sessions;
    if (!copy_array(&p, src->users, src->n_users, sizeof *src->users))
        goto err;
    dst->users = p;
    dst->n_users = src->n_users;
    if (src->n_bridges) {
        dst->bridges = calloc(src->n_bridges, sizeof *dst->bridges);
        if (!dst->bridges)
            goto err;
        dst->n_bridges = src->n_bridges;
        for (size_t i = 0; i < src->n_bridges; i++)
            if (!bridge_clone(&dst->bridges[i], &src->bridges[i]))
                goto err;
    }
    return dst;

err:
    config_free(dst);
    return NULL;
}

/* Comparison.  Strings are compared within their arrays, so a string that
 * fills its array (which config_validate() refuses) is still compared
 * safely. */

#define STR_EQ(a, b) (!strncmp((a), (b), sizeof (a)))

static bool
vlan_port_equal(const struct vlan_port *a, const struct vlan_port *b)
{
    return a->mode == b->mode && a->access_vid == b->access_vid
           && a->native_vid == b->native_vid && a->native_tagged == b->native_tagged
           && vlan_set_equal(&a->allowed, &b->allowed);
}

/* A bond's settings count on bond ports only: elsewhere nothing reads,
 * validates or exports them (config.h), so a port built in memory with
 * zeroes there equals the same port loaded with the defaults. */
static bool
bond_settings_equal(const struct config_port *a, const struct config_port *b)
{
    return a->type != PORT_TYPE_BOND
           || (a->bond_cfg.mode == b->bond_cfg.mode && a->bond_cfg.lacp == b->bond_cfg.lacp
               && a->bond_cfg.lacp_fast == b->bond_cfg.lacp_fast);
}

bool
config_storm_equal(const struct config_storm *a, const struct config_storm *b)
{
    for (unsigned c = 0; c < STORM_N_CLASSES; c++)
        if (!storm_level_equal(&a->levels.level[c], &b->levels.level[c]))
            return false;
    return a->action_shutdown == b->action_shutdown && a->action_trap == b->action_trap;
}

bool
config_storm_is_default(const struct config_storm *s)
{
    static const struct config_storm none;

    return config_storm_equal(s, &none);
}

static bool
psec_equal(const struct config_psec *a, const struct config_psec *b)
{
    return a->enabled == b->enabled && config_psec_maximum(a) == config_psec_maximum(b)
           && a->violation == b->violation && a->sticky == b->sticky
           && a->aging_min == b->aging_min && a->aging_inactivity == b->aging_inactivity;
}

/* Spanning tree settings: a priority nobody set compares apart from one
 * set to the default, as the export writes one and not the other. */
static bool
port_stp_equal(const struct config_port_stp *a, const struct config_port_stp *b)
{
    return a->portfast == b->portfast && a->bpduguard == b->bpduguard
           && a->bpdufilter == b->bpdufilter && a->cost == b->cost
           && a->priority_set == b->priority_set
           && (!a->priority_set || a->priority == b->priority) && a->link_type == b->link_type;
}

static bool
stp_equal(const struct config_stp *a, const struct config_stp *b)
{
    return a->enabled == b->enabled && a->priority_set == b->priority_set
           && (!a->priority_set || a->priority == b->priority) && a->hello_s == b->hello_s
           && a->max_age_s == b->max_age_s && a->forward_delay_s == b->forward_delay_s
           && a->tx_hold_count == b->tx_hold_count && a->force_stp == b->force_stp
           && a->portfast_default == b->portfast_default
           && a->bpduguard_default == b->bpduguard_default;
}

static bool
port_equal(const struct config_port *a, const struct config_port *b)
{
    return STR_EQ(a->name, b->name) && a->type == b->type && STR_EQ(a->peer, b->peer)
           && a->ofport == b->ofport && a->enabled == b->enabled
           && STR_EQ(a->description, b->description) && vlan_port_equal(&a->vlan, &b->vlan)
           && STR_EQ(a->bond, b->bond) && bond_settings_equal(a, b) && a->mtu == b->mtu
           && a->inert.speed == b->inert.speed && a->inert.duplex == b->inert.duplex
           && a->inert.nonegotiate == b->inert.nonegotiate && a->inert.no_cdp == b->inert.no_cdp
           && port_stp_equal(&a->stp, &b->stp) && config_storm_equal(&a->storm, &b->storm)
           && psec_equal(&a->psec, &b->psec)
           && a->lldp_no_transmit == b->lldp_no_transmit
           && a->lldp_no_receive == b->lldp_no_receive
           && (a->type != PORT_TYPE_VXLAN || config_vxlan_equal(a->vxlan, b->vxlan));
}

static bool
flow_equal(const char *a, const char *b)
{
    return a && b ? !strcmp(a, b) : a == b;
}

static bool
bridge_equal(const struct config_bridge *a, const struct config_bridge *b)
{
    if (!STR_EQ(a->name, b->name) || a->mac_aging_s != b->mac_aging_s
        || a->mac_table_size != b->mac_table_size || a->n_vlans != b->n_vlans
        || a->n_ports != b->n_ports || a->n_static_macs != b->n_static_macs
        || a->n_secure_macs != b->n_secure_macs || a->n_flows != b->n_flows
        || !stp_equal(&a->stp, &b->stp))
        return false;
    for (size_t i = 0; i < a->n_vlans; i++)
        if (a->vlans[i].id != b->vlans[i].id || !STR_EQ(a->vlans[i].name, b->vlans[i].name)
            || a->vlans[i].vn_segment != b->vlans[i].vn_segment)
            return false;
    for (size_t i = 0; i < a->n_ports; i++)
        if (!port_equal(&a->ports[i], &b->ports[i]))
            return false;
    for (size_t i = 0; i < a->n_static_macs; i++) {
        const struct config_static_mac *ma = &a->static_macs[i], *mb = &b->static_macs[i];

        if (memcmp(ma->mac, mb->mac, ETH_ADDR_LEN) || ma->vlan != mb->vlan
            || !STR_EQ(ma->port, mb->port))
            return false;
    }
    for (size_t i = 0; i < a->n_secure_macs; i++) {
        const struct config_secure_mac *ma = &a->secure_macs[i], *mb = &b->secure_macs[i];

        if (memcmp(ma->mac, mb->mac, ETH_ADDR_LEN) || ma->vlan != mb->vlan
            || !STR_EQ(ma->port, mb->port) || ma->sticky != mb->sticky)
            return false;
    }
    for (size_t i = 0; i < a->n_flows; i++)
        if (!flow_equal(a->flows[i], b->flows[i]))
            return false;
    return true;
}

static bool
logging_equal(const struct config_logging *a, const struct config_logging *b)
{
    return a->buffered == b->buffered && a->buffered_size == b->buffered_size
           && a->buffered_level == b->buffered_level && a->monitor == b->monitor
           && a->monitor_level == b->monitor_level;
}

/* SPAN sessions: field by field (the source array past n_sources is
 * scratch). */
static bool
span_session_equal(const struct config_monitor_session *a, const struct config_monitor_session *b)
{
    if (a->id != b->id || a->n_sources != b->n_sources || a->replicate != b->replicate
        || !STR_EQ(a->destination, b->destination) || !vlan_set_equal(&a->vlans_rx, &b->vlans_rx)
        || !vlan_set_equal(&a->vlans_tx, &b->vlans_tx))
        return false;
    for (size_t i = 0; i < a->n_sources; i++)
        if (!STR_EQ(a->sources[i].port, b->sources[i].port)
            || a->sources[i].dir != b->sources[i].dir)
            return false;
    return true;
}

static bool
ssh_equal(const struct config_ssh *a, const struct config_ssh *b)
{
    return STR_EQ(a->listen, b->listen) && a->timeout_s == b->timeout_s
           && a->auth_retries == b->auth_retries && a->rsa_modulus == b->rsa_modulus
           && a->version_2 == b->version_2;
}

static bool
user_ssh_keys_equal(const struct config_user *a, const struct config_user *b)
{
    if (a->n_ssh_keys != b->n_ssh_keys)
        return false;
    for (unsigned k = 0; k < a->n_ssh_keys; k++)
        if (!STR_EQ(a->ssh_keys[k], b->ssh_keys[k]))
            return false;
    return true;
}

bool
config_equal(const struct switch_config *a, const struct switch_config *b)
{
    if (!STR_EQ(a->hostname, b->hostname) || !STR_EQ(a->telnet_listen, b->telnet_listen)
        || a->telnet_idle_timeout_s != b->telnet_idle_timeout_s
        || a->telnet_login_timeout_s != b->telnet_login_timeout_s
        || a->login_block.block_for_s != b->login_block.block_for_s
        || a->login_block.attempts != b->login_block.attempts
        || a->login_block.within_s != b->login_block.within_s
        || a->console_idle_timeout_s != b->console_idle_timeout_s
        || a->telnet_login_local != b->telnet_login_local
        || a->console_login_local != b->console_login_local
        || a->transport_input != b->transport_input || !ssh_equal(&a->ssh, &b->ssh)
        || !STR_EQ(a->banner_motd, b->banner_motd)
        || a->inert.no_ip_domain_lookup != b->inert.no_ip_domain_lookup
        || a->inert.no_cdp_run != b->inert.no_cdp_run || a->inert.stp_mode != b->inert.stp_mode
        || a->inert.timestamps_debug_msec != b->inert.timestamps_debug_msec
        || a->inert.timestamps_log_msec != b->inert.timestamps_log_msec
        || a->vlan_dot1q_tag_native != b->vlan_dot1q_tag_native
        || a->lacp_system_priority != b->lacp_system_priority
        || a->port_channel_load_balance != b->port_channel_load_balance
        || !logging_equal(&a->logging, &b->logging)
        || a->errdisable.causes != b->errdisable.causes
        || config_errdisable_interval(&a->errdisable) != config_errdisable_interval(&b->errdisable)
        || a->lldp.run != b->lldp.run || a->lldp.timer_s != b->lldp.timer_s
        || a->lldp.holdtime_s != b->lldp.holdtime_s || a->lldp.reinit_s != b->lldp.reinit_s
        || !STR_EQ(a->enable_secret, b->enable_secret)
        || a->n_users != b->n_users || a->n_bridges != b->n_bridges
        || a->n_monitor_sessions != b->n_monitor_sessions)
        return false;
    for (size_t i = 0; i < a->n_monitor_sessions; i++)
        if (!span_session_equal(&a->monitor_sessions[i], &b->monitor_sessions[i]))
            return false;
    for (size_t i = 0; i < a->n_users; i++)
        if (!STR_EQ(a->users[i].name, b->users[i].name)
            || !STR_EQ(a->users[i].secret, b->users[i].secret)
            || !user_ssh_keys_equal(&a->users[i], &b->users[i]))
            return false;
    for (size_t i = 0; i < a->n_bridges; i++)
        if (!bridge_equal(&a->bridges[i], &b->bridges[i]))
            return false;
    return true;
}

/* Differences, by name: the names of a configuration, sorted, so that
 * counting costs O(n log n) -- it runs on the loop thread after every
 * reload, and a switch can have tens of thousands of (patch) ports. */

struct named {
    const char *name;                       /* CONFIG_NAME_MAX + 1 bytes at most */
    const struct config_bridge *bridge;
    const struct config_port *port;         /* NULL: the bridge itself */
};

struct name_index {
    struct named *v;
    size_t n;
};

static const char *
named_name(const void *named)
{
    return ((const struct named *) named)->name;
}

/* The bridges ('ports' false) or the ports of 'cfg'.  False when memory
 * is short. */
static bool
index_names(const struct switch_config *cfg, bool ports, struct name_index *ix)
{
    size_t n = 0;

    for (size_t b = 0; b < cfg->n_bridges; b++)
        n += ports ? cfg->bridges[b].n_ports : 1;
    ix->n = 0;
    if (!(ix->v = malloc((n ? n : 1) * sizeof *ix->v)))
        return false;
    for (size_t b = 0; b < cfg->n_bridges; b++) {
        const struct config_bridge *br = &cfg->bridges[b];
        if (!ports)
            ix->v[ix->n++] = (struct named) { br->name, br, NULL };
        for (size_t p = 0; ports && p < br->n_ports; p++)
            ix->v[ix->n++] = (struct named) { br->ports[p].name, br, &br->ports[p] };
    }
    name_index_sort(ix->v, ix->n, sizeof *ix->v, named_name);
    return true;
}

static const struct named *
index_find(const struct name_index *ix, const char *name)
{
    return name_index_find(ix->v, ix->n, sizeof *ix->v, named_name, name);
}

/* A bridge's own settings: everything but its ports. */
static bool
bridge_settings_equal(const struct config_bridge *a, const struct config_bridge *b)
{
    struct config_bridge a_only = *a, b_only = *b;

    a_only.n_ports = b_only.n_ports = 0;
    return bridge_equal(&a_only, &b_only);
}

static bool
globals_equal(const struct switch_config *a, const struct switch_config *b)
{
    struct switch_config a_only = *a, b_only = *b;

    a_only.n_bridges = b_only.n_bridges = 0;
    return config_equal(&a_only, &b_only);
}

void
config_diff(const struct switch_config *from, const struct switch_config *to,
            struct config_diff *d)
{
    struct name_index from_bridges, from_ports, to_bridges, to_ports;
    bool ok;

    memset(d, 0, sizeof *d);
    d->globals = !globals_equal(from, to);
    /* Every index is built, whatever failed before: 'out' frees all four. */
    ok = index_names(from, false, &from_bridges);
    ok = index_names(from, true, &from_ports) && ok;
    ok = index_names(to, false, &to_bridges) && ok;
    ok = index_names(to, true, &to_ports) && ok;
    if (!ok) {
        /* Out of memory: the account says "global settings changed". */
        d->globals = true;
        goto out;
    }
    for (size_t b = 0; b < to->n_bridges; b++) {
        const struct config_bridge *tb = &to->bridges[b];
        const struct named *fb = index_find(&from_bridges, tb->name);

        if (!fb)
            d->bridges_added++;
        else if (!bridge_settings_equal(fb->bridge, tb))
            d->bridges_changed++;
        for (size_t p = 0; p < tb->n_ports; p++) {
            const struct named *fp = index_find(&from_ports, tb->ports[p].name);

            if (!fp)
                d->ports_added++;
            else if (!STR_EQ(fp->bridge->name, tb->name) || !port_equal(fp->port, &tb->ports[p]))
                d->ports_changed++;
        }
    }
    for (size_t b = 0; b < from->n_bridges; b++) {
        const struct config_bridge *fb = &from->bridges[b];

        if (!index_find(&to_bridges, fb->name))
            d->bridges_removed++;
        for (size_t p = 0; p < fb->n_ports; p++)
            if (!index_find(&to_ports, fb->ports[p].name))
                d->ports_removed++;
    }
    d->reordered = !d->globals && !d->bridges_added && !d->bridges_removed
                   && !d->bridges_changed && !d->ports_added && !d->ports_removed
                   && !d->ports_changed && !config_equal(from, to);
out:
    free(from_bridges.v);
    free(from_ports.v);
    free(to_bridges.v);
    free(to_ports.v);
}

void
config_diff_format(const struct config_diff *d, char *buf, size_t size)
{
    const struct { unsigned n; const char *what, *how; } parts[] = {
        { d->ports_added, "port", "added" },
        { d->ports_removed, "port", "removed" },
        { d->ports_changed, "port", "changed" },
        { d->bridges_added, "bridge", "added" },
        { d->bridges_removed, "bridge", "removed" },
        { d->bridges_changed, "bridge", "changed" },
    };
    size_t len = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
        if (parts[i].n && len < size)
            len += snprintf(buf + len, size - len, "%s%u %s%s %s", len ? ", " : "", parts[i].n,
                            parts[i].what, parts[i].n == 1 ? "" : "s", parts[i].how);
    }
    if (d->globals && len < size)
        len += snprintf(buf + len, size - len, "%sglobal settings changed", len ? ", " : "");
    if (d->reordered && len < size)
        len += snprintf(buf + len, size - len, "%sorder changed", len ? ", " : "");
    if (!len)
        snprintf(buf, size, "no changes");
}

struct config_bridge *
config_find_bridge(const struct switch_config *cfg, const char *name)
{
    for (size_t b = 0; b < cfg->n_bridges; b++)
        if (!strcmp(cfg->bridges[b].name, name))
            return &cfg->bridges[b];
    return NULL;
}

struct config_port *
config_find_port(const struct switch_config *cfg, const char *name,
                 struct config_bridge **bridge)
{
    for (size_t b = 0; b < cfg->n_bridges; b++) {
        for (size_t p = 0; p < cfg->bridges[b].n_ports; p++) {
            if (!strcmp(cfg->bridges[b].ports[p].name, name)) {
                if (bridge)
                    *bridge = &cfg->bridges[b];
                return &cfg->bridges[b].ports[p];
            }
        }
    }
    return NULL;
}

struct config_port *
config_bridge_add_port(struct config_bridge *b, const char *name)
{
    struct config_port *p = realloc(b->ports, (b->n_ports + 1) * sizeof *p);

    if (!p)
        return NULL;
    b->ports = p;
    p = &b->ports[b->n_ports++];
    memset(p, 0, sizeof *p);
    snprintf(p->name, sizeof p->name, "%s", name);
    p->enabled = true;
    vlan_port_init_default(&p->vlan);
    return p;
}

void
config_bridge_remove_port(struct config_bridge *b, const char *name)
{
    for (size_t i = 0; i < b->n_static_macs; ) {
        if (!strcmp(b->static_macs[i].port, name)) {
            memmove(&b->static_macs[i], &b->static_macs[i + 1],
                    (b->n_static_macs - i - 1) * sizeof *b->static_macs);
            b->n_static_macs--;
        } else {
            i++;
        }
    }
    for (size_t i = 0; i < b->n_secure_macs; ) {
        if (!strcmp(b->secure_macs[i].port, name)) {
            memmove(&b->secure_macs[i], &b->secure_macs[i + 1],
                    (b->n_secure_macs - i - 1) * sizeof *b->secure_macs);
            b->n_secure_macs--;
        } else {
            i++;
        }
    }
    for (size_t i = 0; i < b->n_ports; i++)
        if (!strcmp(b->ports[i].bond, name))
            b->ports[i].bond[0] = '\0';
    for (size_t i = 0; i < b->n_ports; i++) {
        if (!strcmp(b->ports[i].name, name)) {
            config_vxlan_free(b->ports[i].vxlan);
            memmove(&b->ports[i], &b->ports[i + 1], (b->n_ports - i - 1) * sizeof *b->ports);
            b->n_ports--;
            return;
        }
    }
}

bool
config_stp_is_default(const struct config_stp *s)
{
    return !s->enabled && !s->priority_set && !s->hello_s && !s->max_age_s
           && !s->forward_delay_s && !s->tx_hold_count && !s->force_stp
           && !s->portfast_default && !s->bpduguard_default;
}

bool
config_port_stp_is_default(const struct config_port_stp *s)
{
    return s->portfast == CONFIG_STP_DEFAULT && s->bpduguard == CONFIG_STP_DEFAULT
           && s->bpdufilter == CONFIG_STP_DEFAULT && !s->cost && !s->priority_set
           && s->link_type == CONFIG_STP_LINK_AUTO;
}

/* The "vxlan" object of a vxlan port (config.h struct config_vxlan):
 * making, copying, comparing and freeing it, and editing its VNI map. */

struct config_vxlan *
config_vxlan_new(void)
{
    struct config_vxlan *vx = calloc(1, sizeof *vx);

    if (vx) {
        vx->udp_port = CONFIG_VXLAN_UDP_PORT_DEFAULT;
        vx->ttl = CONFIG_VXLAN_TTL_DEFAULT;
        vx->df = true;
    }
    return vx;
}

void
config_vxlan_free(struct config_vxlan *vx)
{
    if (vx) {
        free(vx->vnis);
        free(vx);
    }
}

struct config_vxlan *
config_vxlan_clone(const struct config_vxlan *src)
{
    struct config_vxlan *dst;

    if (!src || !(dst = malloc(sizeof *dst)))
        return NULL;
    *dst = *src;
    dst->vnis = NULL;
    if (src->n_vnis) {
        dst->vnis = malloc(src->n_vnis * sizeof *dst->vnis);
        if (!dst->vnis) {
            free(dst);
            return NULL;
        }
        memcpy(dst->vnis, src->vnis, src->n_vnis * sizeof *dst->vnis);
    }
    return dst;
}

static bool
remotes_equal(const uint32_t *a, size_t n_a, const uint32_t *b, size_t n_b)
{
    return n_a == n_b && !memcmp(a, b, n_a * sizeof *a);
}

bool
config_vxlan_equal(const struct config_vxlan *a, const struct config_vxlan *b)
{
    struct config_vxlan def = {
        .udp_port = CONFIG_VXLAN_UDP_PORT_DEFAULT, .ttl = CONFIG_VXLAN_TTL_DEFAULT, .df = true,
    };

    a = a ? a : &def;
    b = b ? b : &def;
    if (a->local_ip != b->local_ip
        || strncmp(a->source_interface, b->source_interface, sizeof a->source_interface)
        || a->udp_port != b->udp_port
        || !remotes_equal(a->remotes, a->n_remotes, b->remotes, b->n_remotes)
        || a->n_vnis != b->n_vnis || (!a->n_vnis && a->key != b->key) || a->tos != b->tos
        || a->ttl != b->ttl || a->df != b->df)
        return false;
    for (size_t i = 0; i < a->n_vnis; i++) {
        const struct config_vxlan_vni *va = &a->vnis[i], *vb = &b->vnis[i];

        if (va->vni != vb->vni || va->vlan != vb->vlan
            || !remotes_equal(va->remotes, va->n_remotes, vb->remotes, vb->n_remotes))
            return false;
    }
    return true;
}

const struct config_vxlan_vni *
config_vxlan_vni_of_vlan(const struct config_vxlan *vx, uint16_t vlan)
{
    for (size_t i = 0; vx && i < vx->n_vnis; i++)
        if (vx->vnis[i].vlan == vlan)
            return &vx->vnis[i];
    return NULL;
}

const struct config_vxlan_vni *
config_vxlan_vni_of_vni(const struct config_vxlan *vx, uint32_t vni)
{
    for (size_t i = 0; vx && i < vx->n_vnis; i++)
        if (vx->vnis[i].vni == vni)
            return &vx->vnis[i];
    return NULL;
}

struct config_vxlan_vni *
config_vxlan_vni_add(struct config_vxlan *vx, uint32_t vni, uint16_t vlan)
{
    struct config_vxlan_vni *vnis;
    size_t at = 0;

    if (vx->n_vnis >= UINT16_MAX)
        return NULL;
    vnis = realloc(vx->vnis, (vx->n_vnis + 1) * sizeof *vnis);
    if (!vnis)
        return NULL;
    vx->vnis = vnis;
    while (at < vx->n_vnis && vnis[at].vlan < vlan)
        at++;
    memmove(&vnis[at + 1], &vnis[at], (vx->n_vnis - at) * sizeof *vnis);
    vx->n_vnis++;
    memset(&vnis[at], 0, sizeof vnis[at]);
    vnis[at].vni = vni;
    vnis[at].vlan = vlan;
    return &vnis[at];
}

/* The index of port 'name' in 'b', or n_ports. */
static size_t
port_index(const struct config_bridge *b, const char *name)
{
    size_t i = 0;

    while (i < b->n_ports && strcmp(b->ports[i].name, name))
        i++;
    return i;
}

struct config_secure_mac *
config_secure_mac_add(struct config_bridge *b, const char *port)
{
    size_t at = b->n_secure_macs, rank = port_index(b, port);
    struct config_secure_mac *m = realloc(b->secure_macs, (b->n_secure_macs + 1) * sizeof *m);

    if (!m)
        return NULL;
    b->secure_macs = m;
    while (at > 0 && port_index(b, m[at - 1].port) > rank)
        at--;
    memmove(&m[at + 1], &m[at], (b->n_secure_macs - at) * sizeof *m);
    b->n_secure_macs++;
    memset(&m[at], 0, sizeof m[at]);
    snprintf(m[at].port, sizeof m[at].port, "%s", port);
    return &m[at];
}

bool
config_vxlan_vni_remove(struct config_vxlan *vx, uint32_t vni)
{
    for (size_t i = 0; i < vx->n_vnis; i++) {
        if (vx->vnis[i].vni == vni) {
            memmove(&vx->vnis[i], &vx->vnis[i + 1], (vx->n_vnis - i - 1) * sizeof *vx->vnis);
            if (!--vx->n_vnis) {
                free(vx->vnis);
                vx->vnis = NULL;
            }
            return true;
        }
    }
    return false;
}
