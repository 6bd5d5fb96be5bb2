/* The LLDP agent: per-port transmission on the 1 s tick, LLDPDUs taken
 * off the receive path, neighbour tables with TTL ageing, counters, and
 * what the shell reads (state_lldp.h, docs/design.md section 5.12). */
#include "state.h"
#include "state_lldp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "loop.h"
#include "version.h"

struct state_lldp {
    struct pkt *tx_pkt;                 /* where LLDPDUs are built */
    struct lldp_counters totals;        /* the switch's, ports removed included */
    uint64_t generation;                /* sw->config_generation last synced */
    bool alloc_failed;                  /* logged once until a sync succeeds */
};

static bool
lldp_running(const struct switch_state *sw)
{
    return sw->lldp && sw->running && sw->running->lldp.run;
}

/* Ports with a link of their own: a bond has its members', a patch port
 * no wire, a vxlan port an overlay (NX-OS runs no LLDP on nve1).  A SPAN destination sends nothing but its session's copies
 * (docs/design.md section 5.9; IOS runs no Layer 2 protocol there), so
 * a sniffer on it sees only what crossed the sources. */
static bool
port_takes_lldp(const struct port *p)
{
    return p->config->type != PORT_TYPE_PATCH && p->config->type != PORT_TYPE_BOND
           && p->config->type != PORT_TYPE_VXLAN && !p->link.monitoring;
}

/* Whether 'p' can send now: it has its netdev, carrier, and is neither
 * shut down nor err-disabled. */
static bool
port_can_send(const struct port *p)
{
    return p->fd >= 0 && !p->netdev_gone && p->config->enabled && !p->link.err_disabled
           && p->link.up && !p->link.monitoring;
}

/* The management address: the telnet server's, when it listens on one
 * address that is neither a wildcard nor loopback (the switch has no
 * address of its own; docs/design.md section 5.12).  Returns the subtype
 * (LLDP_MGMT_IPV4/IPV6) or 0. */
static uint8_t
mgmt_address(const struct switch_config *cfg, uint8_t addr[16])
{
    char host[64];
    const char *s = cfg->telnet_listen, *end;
    size_t n;

    if (*s == '[') {
        s++;
        end = strchr(s, ']');
    } else {
        end = strrchr(s, ':');
    }
    if (!end || (n = (size_t) (end - s)) >= sizeof host)
        return 0;
    memcpy(host, s, n);
    host[n] = '\0';
    if (inet_pton(AF_INET, host, addr) == 1) {
        static const uint8_t any[4];
        return addr[0] == 127 || !memcmp(addr, any, 4) ? 0 : LLDP_MGMT_IPV4;
    }
    if (inet_pton(AF_INET6, host, addr) == 1) {
        static const uint8_t any[16], loopback[16] = { [15] = 1 };
        return !memcmp(addr, any, 16) || !memcmp(addr, loopback, 16) ? 0 : LLDP_MGMT_IPV6;
    }
    return 0;
}

/* Sends port 'p''s LLDPDU, with TTL 0 when 'shutdown'. */
static void
lldp_send(struct switch_state *sw, struct port *p, bool shutdown)
{
    const struct switch_config *cfg = sw->running;
    struct pkt *pkt = sw->lldp->tx_pkt;
    struct bridge_tx tx = { .frame = &pkt->frame };
    struct lldp_tx info = {
        .port_id = p->name,
        .ttl = shutdown ? 0 : cfg->lldp.holdtime_s,
        /* IOS sends the interface's name when it has no description. */
        .port_desc = p->config->description[0] ? p->config->description : p->name,
        .sys_name = cfg->hostname,
        .sys_desc = "tapswitch " SWITCHD_VERSION ", a userspace Ethernet switch",
        .caps = LLDP_CAP_BRIDGE,
        .caps_enabled = LLDP_CAP_BRIDGE,
    };
    size_t len;

    memcpy(info.chassis_mac, sw->lacp_sys_mac, ETH_ADDR_LEN);
    info.mgmt_subtype = mgmt_address(cfg, info.mgmt_addr);
    /* The switch's MAC as source too: a port's netdev address is its
     * host's own on an internal port, and no one else sends from it. */
    len = lldp_build(&info, sw->lacp_sys_mac, pkt->buf + FRAME_HEADROOM, LLDP_FRAME_MAX);
    if (!len)
        return;
    memset(&pkt->vnet, 0, sizeof pkt->vnet);
    frame_init(&pkt->frame, pkt->buf, FRAME_HEADROOM, (uint32_t) len);
    p->class->send(p, &tx, 1);
    p->lldp->counters.frames_out++;
    sw->lldp->totals.frames_out++;
    p->lldp->sent = !shutdown;
}

int
state_lldp_init(struct switch_state *sw)
{
    struct state_lldp *l = calloc(1, sizeof *l);

    if (!l || !(l->tx_pkt = malloc(sizeof *l->tx_pkt))) {
        free(l);
        return ENOMEM;
    }
    sw->lldp = l;
    return 0;
}

void
state_lldp_destroy(struct switch_state *sw)
{
    if (!sw->lldp)
        return;
    free(sw->lldp->tx_pkt);
    free(sw->lldp);
    sw->lldp = NULL;
}

void
state_lldp_forget(struct switch_state *sw, struct port *p)
{
    if (!p->lldp)
        return;
    if (sw->lldp && p->lldp->sent && port_can_send(p))
        lldp_send(sw, p, true);
    free(p->lldp);
    p->lldp = NULL;
}

void
state_lldp_sync(struct switch_state *sw)
{
    bool run = lldp_running(sw), changed;
    int64_t now = loop_now_ms();
    bool failed = false;

    if (!sw->lldp)
        return;
    changed = sw->lldp->generation != sw->config_generation;
    sw->lldp->generation = sw->config_generation;
    for (size_t i = 0; i < sw->n_ports; i++) {
        struct port *p = sw->ports[i];
        bool wanted = run && port_takes_lldp(p);

        if (!wanted) {
            state_lldp_forget(sw, p);
            continue;
        }
        if (p->config->lldp_no_transmit && p->lldp && p->lldp->sent && port_can_send(p))
            lldp_send(sw, p, true);         /* `no lldp transmit`: say goodbye */
        if (!p->lldp) {
            if (!(p->lldp = calloc(1, sizeof *p->lldp))) {
                failed = true;
                continue;
            }
            /* IOS's `lldp reinit`: the delay before a port starts. */
            p->lldp->next_tx_ms = now + (int64_t) sw->running->lldp.reinit_s * 1000;
        } else if (changed && p->lldp->sent) {
            /* Something we advertise may have changed (802.1AB-2009
             * somethingChangedLocal): tell the neighbours on the next tick. */
            p->lldp->next_tx_ms = now;
        }
    }
    if (failed && !sw->lldp->alloc_failed)
        log_error("lldp: out of memory starting LLDP on a port (retried every second)");
    sw->lldp->alloc_failed = failed;
}

static void
count(struct switch_state *sw, struct port_lldp *pl, size_t field_ofs, uint64_t n)
{
    *(uint64_t *) ((char *) &pl->counters + field_ofs) += n;
    *(uint64_t *) ((char *) &sw->lldp->totals + field_ofs) += n;
}

#define COUNT(sw, pl, field, n) count(sw, pl, offsetof(struct lldp_counters, field), n)

/* One LLDPDU received on 'p' (its frame parsed, untagged). */
static void
lldp_input(struct switch_state *sw, struct port *p, const struct frame *f, int64_t now)
{
    struct port_lldp *pl = p->lldp;
    struct lldp_neighbor_info info;
    struct lldp_parse_stats st;
    struct lldp_neighbor *slot = NULL;
    enum lldp_parse_error e;

    if (now - pl->rx_window_ms >= 1000) {
        pl->rx_window_ms = now;
        pl->rx_in_window = 0;
    }
    if (++pl->rx_in_window > LLDP_RX_PER_SECOND || p->config->lldp_no_receive || f->n_tags) {
        COUNT(sw, pl, frames_discarded, 1);
        return;
    }
    COUNT(sw, pl, frames_in, 1);
    if ((e = lldp_parse(f->data, f->len, &info, &st)) != LLDP_OK) {
        COUNT(sw, pl, frames_in_error, 1);
        COUNT(sw, pl, frames_discarded, 1);
        return;
    }
    COUNT(sw, pl, tlvs_discarded, st.tlvs_discarded);
    COUNT(sw, pl, tlvs_unrecognized, st.tlvs_unrecognized);
    for (size_t i = 0; i < LLDP_PORT_NEIGHBORS_MAX && !slot; i++)
        if (pl->nb[i].used && lldp_same_msap(&pl->nb[i].info, &info))
            slot = &pl->nb[i];
    if (!info.ttl) {
        /* A shutdown LLDPDU: the neighbour leaves at once. */
        if (slot)
            slot->used = false;
        return;
    }
    if (!slot) {
        for (size_t i = 0; i < LLDP_PORT_NEIGHBORS_MAX && !slot; i++)
            if (!pl->nb[i].used)
                slot = &pl->nb[i];
        if (!slot) {
            COUNT(sw, pl, frames_discarded, 1);     /* tooManyNeighbors */
            return;
        }
        /* A new neighbour learns of us at the next tick, not in `lldp
         * timer` seconds (802.1AB-2009 newNeighbor, fast transmission). */
        if (!p->config->lldp_no_transmit && pl->next_tx_ms > now)
            pl->next_tx_ms = now;
    }
    slot->used = true;
    slot->info = info;
    slot->expires_ms = now + (int64_t) info.ttl * 1000;
}

void
state_lldp_receive(struct switch_state *sw, struct port *p, struct pkt *pkts, unsigned n)
{
    int64_t now;

    if (!lldp_running(sw))
        return;
    now = loop_now_ms();
    for (unsigned i = 0; i < n; i++) {
        struct frame *f = &pkts[i].frame;

        if (!f->len || f->eth_type != LLDP_ETH_TYPE || !lldp_is_lldp_dst(f->data))
            continue;
        if (p->lldp)
            lldp_input(sw, p, f, now);
        else
            sw->lldp->totals.frames_discarded++;    /* not started (yet) */
        f->len = 0;
    }
}

void
state_lldp_tick(struct switch_state *sw)
{
    int64_t now = loop_now_ms();

    if (!sw->lldp)
        return;
    if (sw->lldp->alloc_failed || sw->lldp->generation != sw->config_generation)
        state_lldp_sync(sw);
    for (size_t i = 0; i < sw->n_ports; i++) {
        struct port *p = sw->ports[i];
        struct port_lldp *pl = p->lldp;

        if (!pl)
            continue;
        for (size_t k = 0; k < LLDP_PORT_NEIGHBORS_MAX; k++)
            if (pl->nb[k].used && pl->nb[k].expires_ms <= now) {
                pl->nb[k].used = false;
                COUNT(sw, pl, entries_aged, 1);
            }
        if (p->config->lldp_no_transmit || now < pl->next_tx_ms)
            continue;
        pl->next_tx_ms = now + (int64_t) sw->running->lldp.timer_s * 1000;
        if (port_can_send(p))
            lldp_send(sw, p, false);
    }
}

/* Reading (state.h). */

void
state_lldp_traffic(const struct switch_state *sw, struct state_lldp_traffic *t)
{
    const struct lldp_counters *c = &sw->lldp->totals;

    *t = (struct state_lldp_traffic) {
        c->frames_out, c->frames_in, c->frames_in_error, c->frames_discarded,
        c->tlvs_discarded, c->tlvs_unrecognized, c->entries_aged,
    };
}

bool
state_lldp_port_active(const struct port *p, bool *tx, bool *rx)
{
    *tx = p->lldp && !p->config->lldp_no_transmit;
    *rx = p->lldp && !p->config->lldp_no_receive;
    return p->lldp != NULL;
}

const struct lldp_neighbor_info *
state_lldp_neighbor(const struct switch_state *sw, const struct port *p, size_t i,
                    unsigned *remaining_s)
{
    int64_t now = loop_now_ms();

    (void) sw;
    for (size_t k = 0; p->lldp && k < LLDP_PORT_NEIGHBORS_MAX; k++) {
        const struct lldp_neighbor *nb = &p->lldp->nb[k];

        if (!nb->used || i--)
            continue;
        *remaining_s = nb->expires_ms > now ? (unsigned) ((nb->expires_ms - now + 999) / 1000)
                                            : 0;
        return &nb->info;
    }
    return NULL;
}

void
state_lldp_chassis(const struct switch_state *sw, uint8_t mac[ETH_ADDR_LEN])
{
    memcpy(mac, sw->lacp_sys_mac, ETH_ADDR_LEN);
}

void
state_lldp_mgmt_address(const struct switch_state *sw, char *buf, size_t size)
{
    uint8_t addr[16];
    uint8_t subtype = mgmt_address(sw->running, addr);

    if (!size)
        return;
    buf[0] = '\0';
    if (subtype)
        inet_ntop(subtype == LLDP_MGMT_IPV4 ? AF_INET : AF_INET6, addr, buf, (socklen_t) size);
}

void
state_lldp_clear_counters(struct switch_state *sw)
{
    memset(&sw->lldp->totals, 0, sizeof sw->lldp->totals);
    for (size_t i = 0; i < sw->n_ports; i++)
        if (sw->ports[i]->lldp)
            memset(&sw->ports[i]->lldp->counters, 0, sizeof sw->ports[i]->lldp->counters);
}

void
state_lldp_clear_table(struct switch_state *sw)
{
    for (size_t i = 0; i < sw->n_ports; i++)
        if (sw->ports[i]->lldp)
            for (size_t k = 0; k < LLDP_PORT_NEIGHBORS_MAX; k++)
                sw->ports[i]->lldp->nb[k].used = false;
}
