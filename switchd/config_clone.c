/* Copying and comparing configurations (config.h).
 *
 * The shell edits a clone of the running configuration, validates it and
 * hands it over; diff-apply and the tests compare configs.  Both walk every
 * field: a new field in config.h needs a line in each function here (and
 * in config_export.c), which the round-trip tests catch when forgotten. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "frame.h"

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

/* Fills 'dst' (zeroed) with a deep copy of 'src'; on failure what was
 * copied is owned by 'dst', for config_free(). */
static bool
bridge_clone(struct config_bridge *dst, const struct config_bridge *src)
{
    void *p;

    dst->mac_aging_s = src->mac_aging_s;
    dst->mac_table_size = src->mac_table_size;
    memcpy(dst->name, src->name, sizeof dst->name);
    if (!copy_array(&p, src->vlans, src->n_vlans, sizeof *src->vlans))
        return false;
    dst->vlans = p;
    dst->n_vlans = src->n_vlans;
    if (!copy_array(&p, src->ports, src->n_ports, sizeof *src->ports))
        return false;
    dst->ports = p;
    dst->n_ports = src->n_ports;
    if (!copy_array(&p, src->static_macs, src->n_static_macs, sizeof *src->static_macs))
        return false;
    dst->static_macs = p;
    dst->n_static_macs = src->n_static_macs;
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

static bool
port_equal(const struct config_port *a, const struct config_port *b)
{
    return STR_EQ(a->name, b->name) && a->type == b->type && STR_EQ(a->peer, b->peer)
           && a->ofport == b->ofport && a->enabled == b->enabled
           && STR_EQ(a->description, b->description) && vlan_port_equal(&a->vlan, &b->vlan);
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
        || a->n_flows != b->n_flows)
        return false;
    for (size_t i = 0; i < a->n_vlans; i++)
        if (a->vlans[i].id != b->vlans[i].id || !STR_EQ(a->vlans[i].name, b->vlans[i].name))
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
    for (size_t i = 0; i < a->n_flows; i++)
        if (!flow_equal(a->flows[i], b->flows[i]))
            return false;
    return true;
}

bool
config_equal(const struct switch_config *a, const struct switch_config *b)
{
    if (!STR_EQ(a->hostname, b->hostname) || !STR_EQ(a->telnet_listen, b->telnet_listen)
        || a->telnet_idle_timeout_s != b->telnet_idle_timeout_s
        || a->vlan_dot1q_tag_native != b->vlan_dot1q_tag_native
        || !STR_EQ(a->enable_secret, b->enable_secret)
        || a->n_users != b->n_users || a->n_bridges != b->n_bridges)
        return false;
    for (size_t i = 0; i < a->n_users; i++)
        if (!STR_EQ(a->users[i].name, b->users[i].name)
            || !STR_EQ(a->users[i].secret, b->users[i].secret))
            return false;
    for (size_t i = 0; i < a->n_bridges; i++)
        if (!bridge_equal(&a->bridges[i], &b->bridges[i]))
            return false;
    return true;
}
