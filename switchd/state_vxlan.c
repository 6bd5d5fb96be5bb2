/* VXLAN ports seen from the switch state: the views of state.h (`show nve
 * peers`, `show nve interface`, remote MACs), and the aging tick
 * (docs/design.md section 5.14).  The tunnel itself is port_vxlan.c. */
#include "state_vxlan.h"

#include <stdio.h>
#include <string.h>

#include "loop.h"
#include "port_vxlan.h"
#include "state_link.h"

bool
state_vxlan_port_info(const struct port *p, struct state_vxlan_port_info *info)
{
    const struct port_vxlan *vx = p->vxlan;

    memset(info, 0, sizeof *info);
    if (!vx)
        return false;
    info->local_ip = vx->local_ip;
    info->udp_port = p->config->vxlan->udp_port;
    info->up = vx->sock != NULL;
    snprintf(info->down_reason, sizeof info->down_reason, "%s", vx->down_reason);
    info->rx_frames = vx->rx_frames;
    info->tx_frames = vx->tx_frames;
    info->rx_bad_header = vx->rx_bad_header;
    info->rx_unknown_vni = vx->rx_unknown_vni;
    info->rx_unknown_peer = vx->rx_unknown_peer;
    info->tx_too_big = vx->tx_too_big;
    info->tx_no_key = vx->tx_no_key;
    info->tx_errors = p->os.tx_errors;
    return true;
}

const struct state_vxlan_peer *
state_vxlan_peer(const struct switch_state *sw, size_t i)
{
    for (size_t k = 0; k < sw->n_ports; k++) {
        const struct port_vxlan *vx = sw->ports[k]->vxlan;

        if (!vx)
            continue;
        if (i < vx->n_peers)
            return &vx->peers[i];
        i -= vx->n_peers;
    }
    return NULL;
}

bool
state_vxlan_mac_remote(const struct port *p, uint16_t vlan, const uint8_t mac[ETH_ADDR_LEN],
                       uint32_t *remote)
{
    const struct port_vxlan *vx = p->vxlan;
    uint32_t vni;

    if (!vx)
        return false;
    if (vx->map)
        vni = vxlan_vni_of_vlan(vx->map, vlan);
    else if (p->config->vxlan->key != CONFIG_VXLAN_KEY_FLOW)
        vni = p->config->vxlan->key;
    else
        return false;           /* "key": "flow": the VLAN does not say the VNI */
    return vni != VXLAN_VNI_NONE && vxlan_fdb_lookup(vx->fdb, vni, mac, remote);
}

void
state_vxlan_tick(struct switch_state *sw)
{
    int64_t now = loop_now_ms();

    for (size_t i = 0; i < sw->n_ports; i++) {
        struct port *p = sw->ports[i];
        struct port_vxlan *vx = p->vxlan;

        if (!vx)
            continue;
        vxlan_fdb_expire(vx->fdb, now,
                         (int64_t) mac_table_aging(bridge_mac_table(p->bridge->core)) * 1000);
        if (vx->sock && !port_vxlan_follow_source(p))
            state_link_carrier(sw, p, false);
        else if (!vx->sock && port_vxlan_retry(p))
            state_link_carrier(sw, p, true);
    }
}

void
state_vxlan_clear_counters(struct port *p)
{
    struct port_vxlan *vx = p->vxlan;

    if (!vx)
        return;
    vx->rx_frames = vx->tx_frames = 0;
    vx->rx_bad_header = vx->rx_unknown_vni = vx->rx_unknown_peer = 0;
    vx->tx_too_big = vx->tx_no_key = 0;
    for (size_t i = 0; i < vx->n_peers; i++)
        vx->peers[i].rx_frames = vx->peers[i].tx_frames = 0;
}
