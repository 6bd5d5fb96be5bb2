/* Bonds in the live switch: members linked to their bonds, the receive
 * filter, LACP's timers and PDUs, carrier, and what the shell may read
 * (docs/bonding.md section 4). */
#include "state.h"
#include "state_bond.h"
#include "state_datapath.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "log.h"
#include "loop.h"
#include "sysfs.h"

#define LACP_PORT_PRIORITY 32768        /* IOS `lacp port-priority` default */

static bool
bond_runs_lacp(const struct port *b)
{
    return b->config->bond_cfg.lacp != CONFIG_LACP_OFF;
}

#define BOND_KEY_GROUP_MAX 4096         /* IOS channel groups: keys 1-4096 */
#define BOND_LOG_WINDOW_MS 10000
#define BOND_LOG_PER_WINDOW 10

/* N of a bond named "PoN" as IOS writes it (no leading zero, 1-4096), else 0. */
static uint16_t
channel_group(const char *name)
{
    char *end;
    long n;

    if (strncmp(name, "Po", 2) || name[2] < '1' || name[2] > '9')
        return 0;
    n = strtol(name + 2, &end, 10);
    return *end || n > BOND_KEY_GROUP_MAX ? 0 : (uint16_t) n;
}

/* Whether 'key' or 'lacp_port' is taken by another bond or member of the
 * switch than 'self'. */
static bool
key_taken(const struct switch_state *sw, const struct port *self, uint16_t key)
{
    for (size_t i = 0; i < sw->n_ports; i++)
        if (sw->ports[i] != self && sw->ports[i]->bond_state
            && sw->ports[i]->bond_state->key == key)
            return true;
    return false;
}

static bool
lacp_port_taken(const struct switch_state *sw, const struct port *self, uint16_t n)
{
    for (size_t i = 0; i < sw->n_ports; i++)
        if (sw->ports[i] != self && sw->ports[i]->member
            && sw->ports[i]->member->lacp_port == n)
            return true;
    return false;
}

/* A peer aggregates the links that carry the same system ID and key, so
 * every bond of the switch needs a key of its own and every member a port
 * number of its own (802.1AX-2008 5.3.5, 5.3.4): a bond "PoN" has key N
 * (IOS's channel group), any other the lowest free key above 4096; a
 * member takes its ofport when no other member of the switch has it (ofports
 * are per bridge), else the lowest free number.  Both are kept while the
 * bond and the membership last, so an apply never renumbers a working
 * link. */
static uint16_t
bond_key(const struct switch_state *sw, const struct port *b)
{
    uint16_t key = channel_group(b->name);

    for (unsigned k = BOND_KEY_GROUP_MAX + 1; !key && k <= UINT16_MAX; k++)
        if (!key_taken(sw, b, (uint16_t) k))
            key = (uint16_t) k;
    return key;
}

static uint16_t
member_lacp_port(const struct switch_state *sw, const struct port *m)
{
    if (m->ofport && !lacp_port_taken(sw, m, m->ofport))
        return m->ofport;
    for (unsigned n = 1; n <= UINT16_MAX; n++)
        if (!lacp_port_taken(sw, m, (uint16_t) n))
            return (uint16_t) n;
    return m->ofport;
}

/* Link logs of bond 'b' a peer or a VM can cause by flapping a link: at
 * most BOND_LOG_PER_WINDOW per window, then a count of what was left out. */
static bool
bond_log_ok(const struct port *b)
{
    struct bond_port_state *bs = b->bond_state;
    int64_t now = loop_now_ms();

    if (now - bs->log_window >= BOND_LOG_WINDOW_MS) {
        if (bs->log_suppressed)
            log_info("bond %s: %u link messages left out in the last %d s", b->name,
                     bs->log_suppressed, BOND_LOG_WINDOW_MS / 1000);
        bs->log_window = now;
        bs->log_count = bs->log_suppressed = 0;
    }
    if (bs->log_count < BOND_LOG_PER_WINDOW) {
        bs->log_count++;
        return true;
    }
    bs->log_suppressed++;
    return false;
}

static void
read_member_mac(struct port *m)
{
    char buf[32];
    unsigned v[ETH_ADDR_LEN];

    if (sysfs_net_read(m->name, "address", buf, sizeof buf)
        && sscanf(buf, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) == 6)
        for (int i = 0; i < ETH_ADDR_LEN; i++)
            m->member->mac[i] = (uint8_t) v[i];
}

static bool
mac_is_zero(const uint8_t mac[ETH_ADDR_LEN])
{
    static const uint8_t zero[ETH_ADDR_LEN];

    return !memcmp(mac, zero, ETH_ADDR_LEN);
}

/* The switch's LACP system MAC: random, locally administered, made once
 * per process.  Two daemons on one host must differ (a partner with our
 * own system ID is a loop to LACP), and nothing else gives a stable
 * address of the switch itself: it has no netdev. */
void
state_bonds_init(struct switch_state *sw)
{
    if (getrandom(sw->lacp_sys_mac, ETH_ADDR_LEN, 0) != ETH_ADDR_LEN) {
        uint64_t x = (uint64_t) loop_now_ms() * 0x9e3779b97f4a7c15u;
        memcpy(sw->lacp_sys_mac, &x, ETH_ADDR_LEN);
    }
    sw->lacp_sys_mac[0] = (uint8_t) ((sw->lacp_sys_mac[0] & 0xfc) | 0x02);
}

static void
actor_config(struct switch_state *sw, const struct port *b, const struct port *m,
             struct lacp_actor_config *cfg)
{
    *cfg = (struct lacp_actor_config) {
        .sys_priority = sw->running->lacp_system_priority,
        .key = b->bond_state->key,
        .port_priority = LACP_PORT_PRIORITY,
        .port = m->member->lacp_port,
        .active = b->config->bond_cfg.lacp == CONFIG_LACP_ACTIVE,
        .fast = b->config->bond_cfg.lacp_fast,
    };
    memcpy(cfg->sys_id, sw->lacp_sys_mac, ETH_ADDR_LEN);
}

/* Takes member 'm' out of its bond's list and frees its machines. */
static void
member_unlink(struct port *m)
{
    struct bond_port_state *bs = m->bond->bond_state;
    uint8_t k = 0;

    for (uint8_t i = 0; bs && i < bs->n_members; i++)
        if (bs->members[i] != m)
            bs->members[k++] = bs->members[i];
    if (bs)
        bs->n_members = k;
    free(m->member);
    m->member = NULL;
    m->bond = NULL;
}

/* Member 'm' leaves its bond and forwards as a port of its own again. */
static void
member_leave(struct port *m)
{
    struct port *b = m->bond;

    log_info("port %s leaves bond %s", m->name, b->name);
    member_unlink(m);
    state_port_sync_enabled(m);
    state_bond_update(m->bridge->sw, b);
}

static void
lacp_send(struct port *b, struct port *m, int64_t now)
{
    struct pkt *pkt = b->bond_state->lacp_pkt;
    struct bridge_tx tx = { .frame = &pkt->frame };
    size_t len;

    if (m->fd < 0)
        return;
    if (mac_is_zero(m->member->mac))
        read_member_mac(m);
    len = lacp_member_build_pdu(&m->member->lacp, m->member->mac, pkt->buf + FRAME_HEADROOM,
                                PKT_DATA_MAX, now);
    if (!len)
        return;
    memset(&pkt->vnet, 0, sizeof pkt->vnet);
    frame_init(&pkt->frame, pkt->buf, FRAME_HEADROOM, (uint32_t) len);
    m->class->send(m, &tx, 1);
    m->member->stats.tx_frames++;
    m->member->stats.tx_bytes += len;
}

/* LACP's Selection Logic, then each member's machines; PDUs go out as
 * they say. */
static void
lacp_service(struct switch_state *sw, struct port *b, int64_t now)
{
    struct bond_port_state *bs = b->bond_state;
    struct lacp_member *lm[BOND_MEMBERS_MAX];

    (void) sw;
    if (!bond_runs_lacp(b))
        return;
    for (uint8_t i = 0; i < bs->n_members; i++)
        lm[i] = &bs->members[i]->member->lacp;
    lacp_bond_select(lm, bs->n_members, now);
    for (uint8_t i = 0; i < bs->n_members; i++) {
        bool transmit = false;
        lacp_member_run(lm[i], now, &transmit);
        if (transmit)
            lacp_send(b, bs->members[i], now);
    }
}

/* A member may carry traffic as far as it and its bond go: `shutdown` on
 * the port-channel takes its members out of the bundle, as in IOS. */
static bool
member_port_ok(const struct port *m)
{
    return m->config->enabled && m->bond->config->enabled && !m->netdev_gone && m->fd >= 0
           && m->member->carrier && !m->link.err_disabled;
}

void
state_bond_update(struct switch_state *sw, struct port *b)
{
    struct bond_port_state *bs = b->bond_state;
    bool usable[BOND_MEMBERS_MAX] = { false };
    bool lacp = bond_runs_lacp(b), negotiated = false, changed_enabled = false;
    int64_t now = loop_now_ms();
    uint8_t old_active;

    if (!bs)
        return;
    old_active = bs->core.active;
    for (uint8_t i = 0; i < bs->n_members; i++) {
        struct bond_member_state *ms = bs->members[i]->member;
        bool ok = member_port_ok(bs->members[i]);

        if (ms->lacp.port_enabled != ok) {
            lacp_member_set_enabled(&ms->lacp, ok, now);
            changed_enabled = true;
        }
    }
    if (changed_enabled)
        lacp_service(sw, b, now);
    for (uint8_t i = 0; i < bs->n_members; i++) {
        struct bond_member_state *ms = bs->members[i]->member;
        bool distributing = lacp_member_distributing(&ms->lacp);

        usable[i] = member_port_ok(bs->members[i]) && (!lacp || distributing);
        negotiated |= lacp && distributing;
        if (ms->usable != usable[i] && bond_log_ok(b))
            log_info("bond %s: member %s %s", b->name, bs->members[i]->name,
                     usable[i] ? "carries traffic" : "stops carrying traffic");
        ms->usable = usable[i];
    }
    bond_set_lacp_negotiated(&bs->core, negotiated);
    if (bond_set_members(&bs->core, usable, bs->n_members) && old_active != BOND_NONE
        && bs->core.active != BOND_NONE && bond_log_ok(b))
        log_info("bond %s: active member now %s", b->name,
                 bs->members[bs->core.active]->name);
    state_port_sync_enabled(b);
}

bool
state_bond_up(const struct port *p)
{
    const struct bond_port_state *bs = p->bond_state;

    for (uint8_t i = 0; bs && i < bs->n_members; i++)
        if (bs->members[i]->member->usable)
            return true;
    return false;
}

/* The members bond 'b' should have, in configuration order. */
static uint8_t
wanted_members(const struct switch_state *sw, const struct port *b,
               struct port *list[BOND_MEMBERS_MAX])
{
    uint8_t n = 0;

    for (size_t i = 0; i < sw->n_ports && n < BOND_MEMBERS_MAX; i++) {
        struct port *m = sw->ports[i];
        if (m != b && m->config->bond[0] && m->bridge == b->bridge
            && !strcmp(m->config->bond, b->name))
            list[n++] = m;
    }
    return n;
}

static bool
member_still_wanted(const struct port *m)
{
    return m->config->bond[0] && m->bond->bridge == m->bridge
           && !strcmp(m->config->bond, m->bond->name);
}

void
state_bonds_link(struct switch_state *sw)
{
    int64_t now = loop_now_ms();

    for (size_t i = 0; i < sw->n_ports; i++)
        if (sw->ports[i]->bond && !member_still_wanted(sw->ports[i]))
            member_leave(sw->ports[i]);
    for (size_t i = 0; i < sw->n_ports; i++) {
        struct port *b = sw->ports[i];
        struct bond_port_state *bs = b->bond_state;
        struct port *list[BOND_MEMBERS_MAX];
        uint8_t n;

        if (!bs)
            continue;
        if (!bs->key)
            bs->key = bond_key(sw, b);
        n = wanted_members(sw, b, list);
        for (uint8_t k = 0; k < n; k++) {
            struct port *m = list[k];
            struct lacp_actor_config cfg;
            bool joins = m->bond != b;

            if (joins && !m->member && !(m->member = calloc(1, sizeof *m->member))) {
                log_error("bond %s: out of memory adding member %s", b->name, m->name);
                list[k--] = list[--n];
                continue;
            }
            m->bond = b;
            m->member->index = k;
            if (joins)
                m->member->lacp_port = member_lacp_port(sw, m);
            actor_config(sw, b, m, &cfg);
            if (joins) {
                lacp_member_init(&m->member->lacp, &cfg, now);
                m->member->carrier = m->fd >= 0 && (!m->class->carrier || m->class->carrier(m));
                read_member_mac(m);
                log_info("port %s joins bond %s", m->name, b->name);
            } else {
                lacp_member_configure(&m->member->lacp, &cfg, now);
            }
            lacp_member_set_lacp_enabled(&m->member->lacp, bond_runs_lacp(b), now);
        }
        memcpy(bs->members, list, n * sizeof *list);
        bs->n_members = n;
        /* Members forward nothing as themselves (state_port_sync_enabled()). */
        for (uint8_t k = 0; k < n; k++)
            if (bridge_port_is_enabled(b->bridge->core, list[k]->port_no))
                bridge_port_set_enabled(b->bridge->core, list[k]->port_no, false);
        bond_configure(&bs->core, b->config->bond_cfg.mode, sw->running->port_channel_load_balance);
        lacp_service(sw, b, now);
        state_bond_update(sw, b);
    }
}

void
state_bond_forget(struct switch_state *sw, struct port *p)
{
    (void) sw;
    /* Its own list, not sw->ports: an apply frees ports one by one. */
    if (p->bond_state) {
        struct bond_port_state *bs = p->bond_state;

        while (bs->n_members) {
            struct port *m = bs->members[--bs->n_members];
            free(m->member);
            m->member = NULL;
            m->bond = NULL;
            state_port_sync_enabled(m);
        }
        free(bs->lacp_pkt);
        free(bs);
        p->bond_state = NULL;
    }
    if (p->bond)
        member_unlink(p);
}

/* Whether the bridge has learnt the source of 'f' on a port other than
 * bond 'b', in the VLAN the bond admits it to. */
static bool
learnt_elsewhere(const struct port *b, const struct frame *f)
{
    struct bridge *core = b->bridge->core;
    bool tagged = f->n_tags && f->tags[0].tpid == ETH_TYPE_VLAN;
    uint16_t vid, prio, port;

    if (vlan_port_admit(bridge_port_vlan(core, b->port_no), tagged,
                        tagged ? f->tags[0].tci : 0, &vid, &prio) != VLAN_ADMIT)
        return false;
    return mac_table_lookup(bridge_mac_table(core), vid, f->data + ETH_ADDR_LEN, &port)
           && port != b->port_no;
}

void
state_bond_receive(struct switch_state *sw, struct port *m, struct pkt *pkts, unsigned n)
{
    struct port *b = m->bond;
    struct bond_port_state *bs = b->bond_state;
    struct bond_member_state *ms = m->member;
    bool lacp_heard = false;
    bool check_source;

    if (!bs || !ms) {
        /* Unlinked for the moment (an apply is rebuilding the bond). */
        for (unsigned i = 0; i < n; i++)
            pkts[i].frame.len = 0;
        return;
    }
    check_source = bs->core.mode == BOND_BALANCE_SLB && !bs->core.lacp_negotiated;

    for (unsigned i = 0; i < n; i++) {
        struct frame *f = &pkts[i].frame;
        enum bond_rx_verdict v;

        if (!f->len)
            continue;
        ms->stats.rx_frames++;
        ms->stats.rx_bytes += f->len;
        /* As the core counts them (net/bridge.h): LACPDUs are multicasts. */
        if (f->len >= ETH_ADDR_LEN && eth_addr_is_multicast(f->data)) {
            if (eth_addr_is_broadcast(f->data))
                ms->stats.rx_broadcast++;
            else
                ms->stats.rx_multicast++;
        }
        if (lacp_is_slow_protocol(f)) {
            /* Slow Protocols frames are the bond's, never the bridge's. */
            if (bond_runs_lacp(b))
                lacp_heard |= lacp_member_rx(&ms->lacp, f->data, f->len, loop_now_ms());
            f->len = 0;
            continue;
        }
        v = bond_rx_admit(&bs->core, ms->index, f->data,
                          check_source && learnt_elsewhere(b, f));
        if (v != BOND_RX_ACCEPT) {
            bs->rx_drops[v]++;
            f->len = 0;
        }
    }
    if (lacp_heard) {
        lacp_service(sw, b, loop_now_ms());
        state_bond_update(sw, b);
    }
}

void
state_bond_member_carrier(struct switch_state *sw, struct port *m, bool carrier)
{
    if (m->member->carrier == carrier)
        return;
    m->member->carrier = carrier;
    if (bond_log_ok(m->bond))
        log_info("bond %s: member %s %s carrier", m->bond->name, m->name,
                 carrier ? "has" : "lost");
    state_bond_update(sw, m->bond);
}

void
state_bonds_tick(struct switch_state *sw)
{
    int64_t now = loop_now_ms();

    for (size_t i = 0; i < sw->n_ports; i++) {
        struct port *b = sw->ports[i];
        struct bond_port_state *bs = b->bond_state;

        if (!bs)
            continue;
        for (uint8_t k = 0; k < bs->n_members; k++) {
            struct port *m = bs->members[k];
            bool carrier = m->fd >= 0 && (!m->class->carrier || m->class->carrier(m));
            if (carrier != m->member->carrier) {
                m->member->carrier = carrier;
                if (bond_log_ok(b))
                    log_info("bond %s: member %s %s carrier", b->name, m->name,
                         carrier ? "has" : "lost");
            }
        }
        lacp_service(sw, b, now);
        state_bond_update(sw, b);
        bond_rebalance(&bs->core, now);
    }
}

/* The bond port's send: each frame leaves by the member net/bond.h picks,
 * the frames of one member in one call to its back end. */
void
state_bond_send(struct port *b, const struct bridge_tx *items, unsigned n)
{
    struct bond_port_state *bs = b->bond_state;

    while (n) {
        struct bridge_tx out[BOND_MEMBERS_MAX][BRIDGE_BATCH_MAX];
        unsigned n_out[BOND_MEMBERS_MAX] = { 0 };
        unsigned chunk = n < BRIDGE_BATCH_MAX ? n : BRIDGE_BATCH_MAX;

        for (unsigned i = 0; i < chunk; i++) {
            const struct bridge_tx *tx = &items[i];
            const uint8_t *dst = tx->rw ? tx->rw->dst : tx->frame->data;
            const uint8_t *src = tx->rw ? tx->rw->src : tx->frame->data + ETH_ADDR_LEN;
            uint16_t vid = tx->tagged ? tx->tci & VLAN_VID_MASK : 0;
            uint8_t k = bond_tx_member(&bs->core, dst, src, vid, tx->frame->len);

            if (k >= bs->n_members) {
                bs->tx_drops_no_member++;
                continue;
            }
            out[k][n_out[k]++] = *tx;
        }
        for (uint8_t k = 0; k < bs->n_members; k++) {
            struct port *m = bs->members[k];
            if (!n_out[k])
                continue;
            m->class->send(m, out[k], n_out[k]);
            m->member->stats.tx_frames += n_out[k];
            for (unsigned i = 0; i < n_out[k]; i++)
                m->member->stats.tx_bytes += out[k][i].frame->len;
        }
        items += chunk;
        n -= chunk;
    }
}

/* Reading bonds (state.h). */

const struct port *
state_port_bond(const struct port *p)
{
    return p->bond;
}

size_t
state_bond_n_members(const struct port *bond)
{
    return bond->bond_state ? bond->bond_state->n_members : 0;
}

const struct port *
state_bond_member(const struct port *bond, size_t i)
{
    return bond->bond_state->members[i];
}

void
state_bond_status(const struct port *b, struct state_bond_status *st)
{
    const struct bond_port_state *bs = b->bond_state;

    memset(st, 0, sizeof *st);
    st->mode = b->config->bond_cfg.mode;
    st->lacp = b->config->bond_cfg.lacp;
    st->lacp_fast = b->config->bond_cfg.lacp_fast;
    st->hash = bs ? bs->core.hash : BOND_HASH_SRC_MAC;
    if (!bs)
        return;
    st->key = bs->key;
    st->lacp_negotiated = bs->core.lacp_negotiated;
    st->up = state_bond_up(b);
    st->active = bs->core.active < bs->n_members ? bs->members[bs->core.active] : NULL;
    st->failovers = bs->core.failovers;
    st->rx_drops_inactive = bs->rx_drops[BOND_RX_DROP_INACTIVE];
    st->rx_drops_multicast = bs->rx_drops[BOND_RX_DROP_MULTICAST];
    st->rx_drops_reflected = bs->rx_drops[BOND_RX_DROP_REFLECTED];
    st->tx_drops_no_member = bs->tx_drops_no_member;
}

void
state_member_status(const struct port *m, struct state_member_status *st)
{
    const struct bond_member_state *ms = m->member;
    bool lacp;

    memset(st, 0, sizeof *st);
    st->flag = STATE_MEMBER_DOWN;
    if (!ms)
        return;
    lacp = bond_runs_lacp(m->bond);
    st->carrier = ms->carrier;
    st->usable = ms->usable;
    st->load_bytes = bond_member_load(&m->bond->bond_state->core, ms->index);
    st->lacp = lacp ? &ms->lacp : NULL;
    if (!member_port_ok(m))
        st->flag = STATE_MEMBER_DOWN;
    else if (!lacp)
        st->flag = ms->usable && (m->bond->config->bond_cfg.mode != BOND_ACTIVE_BACKUP
                                  || m->bond->bond_state->core.active == ms->index)
                   ? STATE_MEMBER_BUNDLED : STATE_MEMBER_HOT_STANDBY;
    else if (ms->usable)
        st->flag = STATE_MEMBER_BUNDLED;
    else if (ms->lacp.rx != LACP_RX_CURRENT)
        st->flag = STATE_MEMBER_STANDALONE;     /* no partner heard lately */
    else if (ms->lacp.standby)
        st->flag = STATE_MEMBER_SUSPENDED;      /* a partner outside the bundle */
    else if (ms->lacp.selected)
        st->flag = STATE_MEMBER_WAITING;
    else
        st->flag = STATE_MEMBER_STANDALONE;     /* e.g. looped back to itself */
}

const struct bridge_port_stats *
state_member_stats(const struct port *m)
{
    return m->member ? &m->member->stats : NULL;
}

void
state_lacp_system(const struct switch_state *sw, uint16_t *priority, uint8_t mac[ETH_ADDR_LEN])
{
    *priority = sw->running->lacp_system_priority;
    memcpy(mac, sw->lacp_sys_mac, ETH_ADDR_LEN);
}

void
state_bond_clear_counters(struct port *p)
{
    if (p->member)
        memset(&p->member->stats, 0, sizeof p->member->stats);
    if (p->bond_state) {
        memset(p->bond_state->rx_drops, 0, sizeof p->bond_state->rx_drops);
        p->bond_state->tx_drops_no_member = 0;
    }
}

bool
state_member_carrier(const struct port *m)
{
    return m->member && m->member->carrier;
}
