#include "bridge.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct bridge_port {
    bool exists;
    bool enabled;
    struct vlan_port vlan;
    struct bridge_port_stats stats;
    uint16_t n_tx;                          /* items in 'txq' */
    struct bridge_tx txq[BRIDGE_BATCH_MAX];
};

struct bridge {
    struct mac_table *macs;
    struct bridge_port *ports;              /* indexed by port number */
    uint16_t max_ports;
    uint16_t *port_list;                    /* existing ports, for flooding */
    uint16_t n_ports;
    uint16_t *tx_ports;                     /* ports with queued frames */
    uint16_t n_tx_ports;
    uint64_t unknown_port_drops;
};

struct bridge *
bridge_create(const struct bridge_config *cfg)
{
    struct bridge *b = calloc(1, sizeof *b);
    uint16_t max_ports = cfg->max_ports ? cfg->max_ports : BRIDGE_DEFAULT_PORTS;
    uint32_t size = cfg->mac_table_size ? cfg->mac_table_size : MAC_TABLE_DEFAULT_MAX;
    uint32_t aging = cfg->mac_aging_set ? cfg->mac_aging_s : MAC_TABLE_DEFAULT_AGING_S;

    if (!b)
        return NULL;
    b->max_ports = max_ports;
    b->macs = mac_table_create(size, max_ports, aging, cfg->hash_seed);
    b->ports = calloc(max_ports, sizeof *b->ports);
    b->port_list = calloc(max_ports, sizeof *b->port_list);
    b->tx_ports = calloc(max_ports, sizeof *b->tx_ports);
    if (!b->macs || !b->ports || !b->port_list || !b->tx_ports) {
        bridge_destroy(b);
        return NULL;
    }
    return b;
}

void
bridge_destroy(struct bridge *b)
{
    if (!b)
        return;
    mac_table_destroy(b->macs);
    free(b->ports);
    free(b->port_list);
    free(b->tx_ports);
    free(b);
}

struct mac_table *
bridge_mac_table(struct bridge *b)
{
    return b->macs;
}

uint16_t
bridge_max_ports(const struct bridge *b)
{
    return b->max_ports;
}

/* Returns the port 'port_no' if it exists, else NULL. */
static struct bridge_port *
port_get(const struct bridge *b, uint16_t port_no)
{
    if (port_no >= b->max_ports || !b->ports[port_no].exists)
        return NULL;
    return &b->ports[port_no];
}

int
bridge_port_add(struct bridge *b, uint16_t port_no, const struct vlan_port *policy)
{
    struct bridge_port *p;

    if (port_no >= b->max_ports)
        return ERANGE;
    if (b->ports[port_no].exists)
        return EEXIST;
    if (policy && !vlan_port_validate(policy, NULL))
        return EINVAL;

    p = &b->ports[port_no];
    memset(p, 0, sizeof *p);
    p->exists = true;
    p->enabled = true;
    if (policy)
        p->vlan = *policy;
    else
        vlan_port_init_default(&p->vlan);
    b->port_list[b->n_ports++] = port_no;
    return 0;
}

static void
list_remove(uint16_t *list, uint16_t *n, uint16_t value)
{
    for (uint16_t i = 0; i < *n; i++) {
        if (list[i] == value) {
            memmove(&list[i], &list[i + 1], (*n - i - 1) * sizeof *list);
            (*n)--;
            return;
        }
    }
}

int
bridge_port_remove(struct bridge *b, uint16_t port_no)
{
    struct bridge_port *p = port_get(b, port_no);

    if (!p)
        return port_no >= b->max_ports ? ERANGE : ENOENT;
    mac_table_flush_port(b->macs, port_no, true);
    list_remove(b->port_list, &b->n_ports, port_no);
    if (p->n_tx)
        list_remove(b->tx_ports, &b->n_tx_ports, port_no);
    p->exists = false;
    p->n_tx = 0;
    return 0;
}

int
bridge_port_set_enabled(struct bridge *b, uint16_t port_no, bool enabled)
{
    struct bridge_port *p = port_get(b, port_no);

    if (!p)
        return port_no >= b->max_ports ? ERANGE : ENOENT;
    if (p->enabled && !enabled)
        mac_table_flush_port(b->macs, port_no, false);
    p->enabled = enabled;
    return 0;
}

int
bridge_port_set_vlan(struct bridge *b, uint16_t port_no, const struct vlan_port *policy)
{
    struct bridge_port *p = port_get(b, port_no);

    if (!p)
        return port_no >= b->max_ports ? ERANGE : ENOENT;
    if (!vlan_port_validate(policy, NULL))
        return EINVAL;
    p->vlan = *policy;
    /* Hosts behind the port now sit in other VLANs: learn them afresh. */
    mac_table_flush_port(b->macs, port_no, false);
    return 0;
}

bool
bridge_port_exists(const struct bridge *b, uint16_t port_no)
{
    return port_get(b, port_no) != NULL;
}

bool
bridge_port_is_enabled(const struct bridge *b, uint16_t port_no)
{
    const struct bridge_port *p = port_get(b, port_no);

    return p && p->enabled;
}

const struct vlan_port *
bridge_port_vlan(const struct bridge *b, uint16_t port_no)
{
    const struct bridge_port *p = port_get(b, port_no);

    return p ? &p->vlan : NULL;
}

const struct bridge_port_stats *
bridge_port_stats(const struct bridge *b, uint16_t port_no)
{
    const struct bridge_port *p = port_get(b, port_no);

    return p ? &p->stats : NULL;
}

void
bridge_port_clear_stats(struct bridge *b, uint16_t port_no)
{
    struct bridge_port *p = port_get(b, port_no);

    if (p)
        memset(&p->stats, 0, sizeof p->stats);
}

uint64_t
bridge_unknown_port_drops(const struct bridge *b)
{
    return b->unknown_port_drops;
}

/* Forwarding. */

/* Queues 'f' for 'port_no', tagged with 'tci' or untagged per 'egress'.
 * Returns false if the port's queue is full. */
static bool
tx_enqueue(struct bridge *b, uint16_t port_no, const struct frame *f,
           enum vlan_egress egress, uint16_t tci)
{
    struct bridge_port *p = &b->ports[port_no];
    struct bridge_tx *item;
    uint16_t old_tci;

    if (p->n_tx == BRIDGE_BATCH_MAX)
        return false;
    if (!p->n_tx)
        b->tx_ports[b->n_tx_ports++] = port_no;
    item = &p->txq[p->n_tx++];
    item->frame = f;
    item->tci = tci;
    item->tagged = egress == VLAN_EGRESS_TAGGED;

    p->stats.tx_frames++;
    p->stats.tx_bytes += f->len + (item->tagged ? VLAN_HEADER_LEN : 0)
                         - (frame_vlan_tci(f, &old_tci) ? VLAN_HEADER_LEN : 0);
    return true;
}

static enum bridge_drop
drop_of_verdict(enum vlan_verdict v)
{
    switch (v) {
    case VLAN_DROP_TAGGED_ON_ACCESS: return BRIDGE_DROP_TAGGED_ON_ACCESS;
    case VLAN_DROP_NOT_ALLOWED:      return BRIDGE_DROP_VLAN_NOT_ALLOWED;
    case VLAN_DROP_UNTAGGED:
    case VLAN_ADMIT:                 break;
    }
    return BRIDGE_DROP_UNTAGGED;
}

/* Sends 'f' of VLAN 'vid' to every other enabled port carrying the VLAN.
 * Returns the number of ports it was queued on. */
static unsigned
flood(struct bridge *b, uint16_t in_port, const struct frame *f, uint16_t vid,
      uint16_t tci)
{
    struct bridge_port_stats *in_stats = &b->ports[in_port].stats;
    unsigned n = 0;

    for (uint16_t i = 0; i < b->n_ports; i++) {
        uint16_t out = b->port_list[i];
        const struct bridge_port *p = &b->ports[out];
        enum vlan_egress egress;

        if (out == in_port || !p->enabled)
            continue;
        egress = vlan_port_egress(&p->vlan, vid);
        if (egress == VLAN_EGRESS_NONE)
            continue;
        if (tx_enqueue(b, out, f, egress, tci))
            n++;
        else
            in_stats->drops[BRIDGE_DROP_TX_QUEUE_FULL]++;
    }
    return n;
}

/* The VLAN a frame was admitted into, from the ingress pass of a batch. */
struct ingress {
    uint16_t vid;
    uint16_t prio;                          /* PCP and DEI to keep */
    bool admitted;
};

/* Ingress checks of one frame; counts it and any drop on 'in'. */
static bool
admit(struct bridge_port *in, struct frame *f, struct ingress *ing)
{
    struct bridge_port_stats *stats = &in->stats;
    enum frame_error parse_error;
    enum vlan_verdict verdict;
    uint16_t tci = 0;
    bool tagged;

    stats->rx_frames++;
    stats->rx_bytes += f->len;
    if (!in->enabled) {
        stats->drops[BRIDGE_DROP_PORT_DISABLED]++;
        return false;
    }
    parse_error = frame_parse(f);
    if (parse_error != FRAME_OK) {
        stats->drops[parse_error == FRAME_ERR_RUNT ? BRIDGE_DROP_RUNT
                                                   : BRIDGE_DROP_TRUNCATED_TAG]++;
        return false;
    }
    tagged = frame_vlan_tci(f, &tci);
    verdict = vlan_port_admit(&in->vlan, tagged, tci, &ing->vid, &ing->prio);
    if (verdict != VLAN_ADMIT) {
        stats->drops[drop_of_verdict(verdict)]++;
        return false;
    }
    return true;
}

/* Learning and forwarding of one admitted frame. */
static void
forward(struct bridge *b, uint16_t in_port, const struct frame *f,
        const struct ingress *ing, int64_t now_ms)
{
    struct bridge_port_stats *stats = &b->ports[in_port].stats;
    uint16_t vid = ing->vid, tci = ing->prio | ing->vid, out_port;
    enum vlan_egress egress;

    if (!eth_addr_is_multicast(frame_src(f)))
        mac_table_learn(b->macs, vid, frame_src(f), in_port, now_ms);

    if (eth_addr_is_multicast(frame_dst(f))
        || !mac_table_lookup(b->macs, vid, frame_dst(f), &out_port)) {
        if (!flood(b, in_port, f, vid, tci))
            stats->drops[BRIDGE_DROP_NO_PORT]++;
        return;
    }
    if (out_port == in_port) {
        stats->drops[BRIDGE_DROP_SAME_PORT]++;
        return;
    }
    if (!b->ports[out_port].enabled) {
        stats->drops[BRIDGE_DROP_DST_DISABLED]++;
        return;
    }
    egress = vlan_port_egress(&b->ports[out_port].vlan, vid);
    if (egress == VLAN_EGRESS_NONE) {
        stats->drops[BRIDGE_DROP_DST_NOT_IN_VLAN]++;
        return;
    }
    if (!tx_enqueue(b, out_port, f, egress, tci))
        stats->drops[BRIDGE_DROP_TX_QUEUE_FULL]++;
}

void
bridge_input(struct bridge *b, uint16_t in_port, struct frame *const frames[],
             unsigned n, int64_t now_ms)
{
    struct bridge_port *in = port_get(b, in_port);
    struct ingress ing[BRIDGE_BATCH_MAX];

    if (!in) {
        b->unknown_port_drops += n;
        return;
    }
    /* Two passes per chunk: admit every frame and prefetch its MAC table
     * slots, then learn and forward in order.  Admission does not read the
     * MAC table, so the result is the same as one frame at a time. */
    for (unsigned base = 0; base < n; base += BRIDGE_BATCH_MAX) {
        unsigned chunk = n - base < BRIDGE_BATCH_MAX ? n - base : BRIDGE_BATCH_MAX;

        for (unsigned i = 0; i < chunk; i++) {
            struct frame *f = frames[base + i];

            ing[i].admitted = admit(in, f, &ing[i]);
            if (ing[i].admitted) {
                mac_table_prefetch(b->macs, ing[i].vid, frame_src(f));
                mac_table_prefetch(b->macs, ing[i].vid, frame_dst(f));
            }
        }
        for (unsigned i = 0; i < chunk; i++)
            if (ing[i].admitted)
                forward(b, in_port, frames[base + i], &ing[i], now_ms);
    }
}

void
bridge_tx_flush(struct bridge *b, bridge_tx_cb *cb, void *arg)
{
    for (uint16_t i = 0; i < b->n_tx_ports; i++) {
        struct bridge_port *p = &b->ports[b->tx_ports[i]];

        cb(b->tx_ports[i], p->txq, p->n_tx, arg);
        p->n_tx = 0;
    }
    b->n_tx_ports = 0;
}

const char *
bridge_drop_name(enum bridge_drop d)
{
    switch (d) {
    case BRIDGE_DROP_RUNT:             return "runt";
    case BRIDGE_DROP_TRUNCATED_TAG:    return "truncated-tag";
    case BRIDGE_DROP_PORT_DISABLED:    return "port-disabled";
    case BRIDGE_DROP_TAGGED_ON_ACCESS: return "tagged-on-access";
    case BRIDGE_DROP_VLAN_NOT_ALLOWED: return "vlan-not-allowed";
    case BRIDGE_DROP_UNTAGGED:         return "untagged-not-allowed";
    case BRIDGE_DROP_SAME_PORT:        return "same-port";
    case BRIDGE_DROP_DST_DISABLED:     return "dst-port-disabled";
    case BRIDGE_DROP_DST_NOT_IN_VLAN:  return "dst-not-in-vlan";
    case BRIDGE_DROP_NO_PORT:          return "no-egress-port";
    case BRIDGE_DROP_TX_QUEUE_FULL:    return "tx-queue-full";
    case BRIDGE_DROP_UNKNOWN_PORT:     return "unknown-port";
    case BRIDGE_N_DROPS:               break;
    }
    return "unknown";
}
