/* Bonds' shows (IOS port-channels; their configuration is cmd_bond.c's),
 * in IOS's and Open vSwitch's layouts (docs/cli.md "EXEC: port-channels
 * and LACP"):
 *   show etherchannel summary|detail|N detail|load-balance
 *   show lacp internal|neighbor|counters|sys-id
 *   ovs-appctl bond/show [BOND], ovs-appctl lacp/show [BOND]
 * Which ports are a bond's members is configuration (a member names its
 * bond, switchd/config.h: shell_bond_members() reads it); how each is
 * doing is the state's (switchd/state.h, "Bonds"). */
#include <stdlib.h>
#include <string.h>

#include "cmd_table.h"
#include "loop.h"
#include "render_config.h"
#include "shell_private.h"
#include "state.h"
#include "sysfs.h"

/* The variants of the show entries. */
enum { SHOW_ALL, SHOW_ONE /* ... N ...: one channel group */ };

static bool
one_group(const struct cmd_ctx *ctx)
{
    return ctx->match->cmd->variant == SHOW_ONE;
}

size_t
shell_bond_members(const struct switch_state *sw, const struct port *bond,
                   const struct port **out, size_t max)
{
    const char *name = state_port_name(bond);
    size_t n = 0;

    for (size_t i = 0; i < state_n_ports(sw) && n < max; i++) {
        const struct port *p = state_port_at(sw, i);
        if (state_port_bridge(p) == state_port_bridge(bond)
            && !strcmp(state_port_config(sw, p)->bond, name))
            out[n++] = p;
    }
    return n;
}

static bool
is_bond(const struct switch_state *sw, const struct port *p)
{
    return state_port_config(sw, p)->type == PORT_TYPE_BOND;
}

/* IOS's channel-group number of a bond: its LACP key, N of "PoN"; a bond
 * the JSON named otherwise has a key above 4096 of its own (docs/bonding.md
 * section 4), so no two bonds show the same group. */
static unsigned
group_of(const struct port *bond)
{
    struct state_bond_status st;

    state_bond_status(bond, &st);
    return st.key;
}

/* The bonds to show: all, or group N (SHOW_ONE).  Returns how
 * many were put in 'out' (at most 'max'); none with N is an error. */
static size_t
bonds_selected(struct cmd_ctx *ctx, const struct port **out, size_t max)
{
    bool one = one_group(ctx);
    unsigned n = one ? (unsigned) cmd_number(ctx, "N") : 0;
    size_t k = 0;

    for (size_t i = 0; i < state_n_ports(ctx->sw) && k < max; i++) {
        const struct port *p = state_port_at(ctx->sw, i);
        if (is_bond(ctx->sw, p) && (!one || group_of(p) == n))
            out[k++] = p;
    }
    return k;
}

static const char *
member_flag_letter(enum state_member_flag f)
{
    switch (f) {
    case STATE_MEMBER_BUNDLED:      return "P";
    case STATE_MEMBER_DOWN:         return "D";
    case STATE_MEMBER_SUSPENDED:    return "s";
    case STATE_MEMBER_STANDALONE:   return "I";
    case STATE_MEMBER_WAITING:      return "w";
    case STATE_MEMBER_HOT_STANDBY:  return "H";
    }
    return "?";
}

/* `show lacp internal`'s State column. */
static const char *
member_state_word(enum state_member_flag f)
{
    switch (f) {
    case STATE_MEMBER_BUNDLED:      return "bndl";
    case STATE_MEMBER_DOWN:         return "down";
    case STATE_MEMBER_SUSPENDED:    return "susp";
    case STATE_MEMBER_STANDALONE:   return "indep";
    case STATE_MEMBER_WAITING:      return "waiting";
    case STATE_MEMBER_HOT_STANDBY:  return "hot-sby";
    }
    return "?";
}

static const char *
lacp_mode_word(enum config_lacp l)
{
    return l == CONFIG_LACP_ACTIVE ? "Active" : l == CONFIG_LACP_PASSIVE ? "Passive" : "On";
}

/* A column as wide as the longest member name and a space, at least
 * 'min' (IOS's Port columns are 10). */
static int
member_width(const struct port *const *m, size_t n, int min)
{
    int w = min;

    for (size_t i = 0; i < n; i++)
        if ((int) strlen(state_port_name(m[i])) + 1 > w)
            w = (int) strlen(state_port_name(m[i])) + 1;
    return w;
}

#define MAX_BONDS 4096

/* The bonds and members a show command walks; freed by bonds_free(). */
struct bond_list {
    const struct port **bonds;
    size_t n;
};

static bool
bonds_collect(struct cmd_ctx *ctx, struct bond_list *l)
{
    l->bonds = calloc(MAX_BONDS, sizeof *l->bonds);
    if (!l->bonds) {
        cmd_error(ctx, "Out of memory");
        return false;
    }
    l->n = bonds_selected(ctx, l->bonds, MAX_BONDS);
    if (!l->n && one_group(ctx)) {
        free(l->bonds);
        cmd_error(ctx, "Channel group %ld does not exist", cmd_number(ctx, "N"));
        return false;
    }
    return true;
}

static enum cmd_status
show_summary(struct cmd_ctx *ctx)
{
    struct bond_list l;

    if (!bonds_collect(ctx, &l))
        return CMD_FAILED;
    cmd_out(ctx, "Flags:  D - down        P - bundled in port-channel");
    cmd_out(ctx, "        I - stand-alone s - suspended");
    cmd_out(ctx, "        H - Hot-standby (LACP only)");
    cmd_out(ctx, "        R - Layer3      S - Layer2");
    cmd_out(ctx, "        U - in use      f - failed to allocate aggregator");
    cmd_out(ctx, "%s", "");
    cmd_out(ctx, "        M - not in use, minimum links not met");
    cmd_out(ctx, "        u - unsuitable for bundling");
    cmd_out(ctx, "        w - waiting to be aggregated");
    cmd_out(ctx, "        d - default port");
    cmd_out(ctx, "%s", "");
    cmd_out(ctx, "%s", "");
    cmd_out(ctx, "Number of channel-groups in use: %zu", l.n);
    cmd_out(ctx, "Number of aggregators:           %zu", l.n);
    cmd_out(ctx, "%s", "");
    cmd_out(ctx, "Group  Port-channel  Protocol    Ports");
    cmd_out(ctx, "------+-------------+-----------+-----------------------------------------------");
    for (size_t i = 0; i < l.n; i++) {
        const struct port *m[BOND_MEMBERS_MAX * 2];
        size_t n = shell_bond_members(ctx->sw, l.bonds[i], m, ARRAY_SIZE(m));
        struct state_bond_status st;
        char po[32], line[512];
        /* IOS pads "Gi0/1(P)" to 12 columns; longer names get one space:
         * "NAME(P) " is the name, 3 and 1. */
        int w = member_width(m, n, 9) + 3, len;

        state_bond_status(l.bonds[i], &st);
        snprintf(po, sizeof po, "%s(S%s)", state_port_name(l.bonds[i]), st.up ? "U" : "D");
        len = snprintf(line, sizeof line, "%-7u%-16s%-10s", group_of(l.bonds[i]), po,
                       st.lacp == CONFIG_LACP_OFF ? "-" : "LACP");
        /* Four members a line, the next ones under the first (IOS). */
        for (size_t j = 0; j < n; j++) {
            struct state_member_status ms;
            char item[40];
            if (j && j % 4 == 0) {
                cmd_out(ctx, "%s", line);
                len = snprintf(line, sizeof line, "%33s", "");
            }
            state_member_status(m[j], &ms);
            snprintf(item, sizeof item, "%s(%s)", state_port_name(m[j]),
                     member_flag_letter(ms.flag));
            len += snprintf(line + len, sizeof line - len, "%-*s", w, item);
        }
        while (len > 0 && line[len - 1] == ' ')
            line[--len] = '\0';
        cmd_out(ctx, "%s", line);
    }
    free(l.bonds);
    return CMD_OK;
}

static void
lacp_flags_legend(struct cmd_ctx *ctx)
{
    cmd_out(ctx, "Flags:  S - Device is requesting Slow LACPDUs");
    cmd_out(ctx, "        F - Device is requesting Fast LACPDUs");
    cmd_out(ctx, "        A - Device is in Active mode       P - Device is in Passive mode");
}

/* "SA": the rate a side asks for and its activity, from its state bits. */
static void
lacp_flags(uint8_t state, char buf[3])
{
    buf[0] = state & LACP_STATE_TIMEOUT ? 'F' : 'S';
    buf[1] = state & LACP_STATE_ACTIVITY ? 'A' : 'P';
    buf[2] = '\0';
}

static void
local_header(struct cmd_ctx *ctx, int w)
{
    cmd_out(ctx, "%-*s                  LACP port     Admin     Oper    Port        Port", w, "");
    cmd_out(ctx, "%-*sFlags   State     Priority      Key       Key     Number      State", w,
            "Port");
}

static void
local_row(struct cmd_ctx *ctx, int w, const struct port *m, const struct state_bond_status *st,
          unsigned group)
{
    struct state_member_status ms;
    char flags[3];

    state_member_status(m, &ms);
    if (ms.lacp) {
        const struct lacp_info *a = &ms.lacp->actor;
        lacp_flags(a->state, flags);
        cmd_out(ctx, "%-*s%-8s%-10s%-14u0x%-8x0x%-6x0x%-10x0x%X", w, state_port_name(m), flags,
                member_state_word(ms.flag), (unsigned) a->port_priority, (unsigned) a->key,
                (unsigned) a->key, (unsigned) a->port, (unsigned) a->state);
    } else {
        /* No LACP machine to read (the member is not running one yet). */
        flags[0] = st->lacp_fast ? 'F' : 'S';
        flags[1] = st->lacp == CONFIG_LACP_ACTIVE ? 'A' : 'P';
        flags[2] = '\0';
        cmd_out(ctx, "%-*s%-8s%-10s%-14u0x%-8x%-8s%-12s%s", w, state_port_name(m), flags,
                member_state_word(ms.flag), 32768u, group, "-", "-", "-");
    }
}

static void
partner_header(struct cmd_ctx *ctx, int w)
{
    cmd_out(ctx, "%-*s        LACP port                        Admin  Oper   Port    Port", w, "");
    cmd_out(ctx, "%-*sFlags   Priority  Dev ID          Age    key    Key    Number  State", w,
            "Port");
}

/* Seconds since the partner's last LACPDU: current_while was started with
 * the timeout our own state asks for (net/lacp.h). */
static void
partner_age(const struct lacp_member *l, char *buf, size_t size)
{
    int64_t timeout = l->actor.state & LACP_STATE_TIMEOUT ? LACP_SHORT_TIMEOUT_MS
                                                          : LACP_LONG_TIMEOUT_MS;
    int64_t age = loop_now_ms() - (l->current_while - timeout);

    if (l->rx != LACP_RX_CURRENT || !l->current_while || age < 0)
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%llds", (long long) (age / 1000));
}

static void
partner_row(struct cmd_ctx *ctx, int w, const struct port *m)
{
    struct state_member_status ms;
    char flags[3], mac[16], age[24];

    state_member_status(m, &ms);
    if (!ms.lacp) {
        cmd_out(ctx, "%-*s%-8s%-10s%-16s%-7s%-7s%-7s%-8s%s", w, state_port_name(m), "-", "-",
                "-", "-", "-", "-", "-", "-");
        return;
    }
    const struct lacp_info *pi = &ms.lacp->partner;
    lacp_flags(pi->state, flags);
    render_mac_dotted(pi->sys_id, mac);
    partner_age(ms.lacp, age, sizeof age);
    cmd_out(ctx, "%-*s%-8s%-10u%-16s%-7s0x%-5x0x%-5x0x%-6x0x%X", w, state_port_name(m), flags,
            (unsigned) pi->port_priority, mac, age, 0u, (unsigned) pi->key, (unsigned) pi->port,
            (unsigned) pi->state);
}

static enum cmd_status
show_detail(struct cmd_ctx *ctx)
{
    struct bond_list l;

    if (!bonds_collect(ctx, &l))
        return CMD_FAILED;
    for (size_t i = 0; i < l.n; i++) {
        const struct port *bond = l.bonds[i], *m[BOND_MEMBERS_MAX * 2];
        size_t n = shell_bond_members(ctx->sw, bond, m, ARRAY_SIZE(m));
        struct state_bond_status st;
        unsigned group = group_of(bond);
        int w = member_width(m, n, 10);
        bool lacp;

        state_bond_status(bond, &st);
        lacp = st.lacp != CONFIG_LACP_OFF;
        if (i)
            cmd_out(ctx, "%s", "");
        cmd_out(ctx, "Group state = L2 ");
        cmd_out(ctx, "Ports: %zu   Maxports = %d", n, BOND_MEMBERS_MAX);
        cmd_out(ctx, "Port-channels: 1 Max Port-channels = 1");
        cmd_out(ctx, "Protocol:   %s", lacp ? "LACP" : "-");
        cmd_out(ctx, "Bond mode:  %s", bond_mode_name(st.mode));
        cmd_out(ctx, "                Ports in the group:");
        cmd_out(ctx, "                -------------------");
        for (size_t j = 0; j < n; j++) {
            struct state_member_status ms;
            state_member_status(m[j], &ms);
            cmd_out(ctx, "Port: %s", state_port_name(m[j]));
            cmd_out(ctx, "------------");
            cmd_out(ctx, "%s", "");
            cmd_out(ctx, "Port state    = %s", ms.usable ? "Up Mstr In-Bndl"
                                               : ms.carrier ? "Up Not-in-Bndl"
                                                            : "Down Not-in-Bndl");
            cmd_out(ctx, "Channel group = %-12uMode = %-16sProtocol = %s", group,
                    lacp_mode_word(st.lacp), lacp ? "LACP" : "-");
            cmd_out(ctx, "Port-channel  = %-12sPort index = %zu", state_port_name(bond), j);
            cmd_out(ctx, "%s", "");
            if (lacp) {
                cmd_out(ctx, "Flags:  S - Device is sending Slow LACPDUs   F - Device is sending"
                        " fast LACPDUs.");
                cmd_out(ctx, "        A - Device is in active mode.        P - Device is in"
                        " passive mode.");
                cmd_out(ctx, "%s", "");
                cmd_out(ctx, "Local information:");
                local_header(ctx, w);
                local_row(ctx, w, m[j], &st, group);
                cmd_out(ctx, "%s", "");
                cmd_out(ctx, "Partner's information:");
                cmd_out(ctx, "%s", "");
                partner_header(ctx, w);
                partner_row(ctx, w, m[j]);
                cmd_out(ctx, "%s", "");
            }
        }
        cmd_out(ctx, "                Port-channels in the group: ");
        cmd_out(ctx, "                ---------------------------");
        cmd_out(ctx, "%s", "");
        cmd_out(ctx, "Port-channel: %s%s", state_port_name(bond), lacp ? "    (Primary Aggregator)"
                                                                   : "");
        cmd_out(ctx, "%s", "");
        cmd_out(ctx, "------------");
        cmd_out(ctx, "%s", "");
        cmd_out(ctx, "Number of ports = %zu", n);
        cmd_out(ctx, "Port state          = Port-channel %s", st.up ? "Ag-Inuse" : "Ag-Not-Inuse");
        cmd_out(ctx, "Protocol            =   %s", lacp ? "LACP" : "-");
        cmd_out(ctx, "Active member       = %s", st.active ? state_port_name(st.active) : "none");
        cmd_out(ctx, "Failovers           = %llu", (unsigned long long) st.failovers);
        cmd_out(ctx, "%s", "");
        cmd_out(ctx, "Ports in the Port-channel: ");
        cmd_out(ctx, "%s", "");
        cmd_out(ctx, "Index   %-*sEC state", w, "Port");
        cmd_out(ctx, "------+-%.*s+------------------", w - 1, "------------------");
        for (size_t j = 0; j < n; j++) {
            struct state_member_status ms;
            state_member_status(m[j], &ms);
            cmd_out(ctx, "  %-6zu%-*s%s", j, w, state_port_name(m[j]),
                    !ms.usable ? "Down" : lacp_mode_word(st.lacp));
        }
    }
    free(l.bonds);
    return CMD_OK;
}

static enum cmd_status
show_load_balance(struct cmd_ctx *ctx)
{
    const struct switch_config *cfg = state_config(ctx->sw);
    bool both = cfg->port_channel_load_balance == BOND_HASH_SRC_DST_MAC;
    const char *used = both ? "Source XOR Destination MAC address" : "Source MAC address";

    cmd_out(ctx, "EtherChannel Load-Balancing Configuration:");
    cmd_out(ctx, "        %s", bond_hash_name(cfg->port_channel_load_balance));
    cmd_out(ctx, "%s", "");
    cmd_out(ctx, "EtherChannel Load-Balancing Addresses Used Per-Protocol:");
    cmd_out(ctx, "Non-IP: %s", used);
    cmd_out(ctx, "  IPv4: %s", used);
    cmd_out(ctx, "  IPv6: %s", used);
    return CMD_OK;
}

/* The LACP shows: the bonds that run LACP, each with a block per member. */
enum lacp_show { LACP_SHOW_INTERNAL, LACP_SHOW_NEIGHBOR, LACP_SHOW_COUNTERS };

static enum cmd_status
show_lacp(struct cmd_ctx *ctx, enum lacp_show what)
{
    struct bond_list l;

    if (!bonds_collect(ctx, &l))
        return CMD_FAILED;
    if (what == LACP_SHOW_COUNTERS) {
        cmd_out(ctx, "             LACPDUs         Marker      Marker Response    LACPDUs");
        cmd_out(ctx, "Port       Sent   Recv     Sent   Recv     Sent   Recv      Pkts Err");
        cmd_out(ctx, "---------------------------------------------------------------------");
    } else {
        lacp_flags_legend(ctx);
    }
    for (size_t i = 0; i < l.n; i++) {
        const struct port *m[BOND_MEMBERS_MAX * 2];
        size_t n = shell_bond_members(ctx->sw, l.bonds[i], m, ARRAY_SIZE(m));
        unsigned group = group_of(l.bonds[i]);
        struct state_bond_status st;
        int w = member_width(m, n, 10);

        state_bond_status(l.bonds[i], &st);
        if (st.lacp == CONFIG_LACP_OFF)
            continue;
        if (what == LACP_SHOW_COUNTERS) {
            cmd_out(ctx, "Channel group: %u", group);
            for (size_t j = 0; j < n; j++) {
                struct state_member_status ms;
                struct lacp_member_stats s = { 0 };
                state_member_status(m[j], &ms);
                if (ms.lacp)
                    s = ms.lacp->stats;
                cmd_out(ctx, "%-*s %-7llu%-9llu%-7d%-9llu%-7d%-10d%llu", w, state_port_name(m[j]),
                        (unsigned long long) s.pdus_tx, (unsigned long long) s.pdus_rx, 0,
                        (unsigned long long) s.markers_rx, 0, 0, (unsigned long long) s.bad_rx);
            }
            continue;
        }
        cmd_out(ctx, "%s", "");
        if (what == LACP_SHOW_INTERNAL) {
            cmd_out(ctx, "Channel group %u", group);
            local_header(ctx, w);
            for (size_t j = 0; j < n; j++)
                local_row(ctx, w, m[j], &st, group);
        } else {
            cmd_out(ctx, "Channel group %u neighbors", group);
            cmd_out(ctx, "%s", "");
            cmd_out(ctx, "Partner's information:");
            cmd_out(ctx, "%s", "");
            partner_header(ctx, w);
            for (size_t j = 0; j < n; j++)
                partner_row(ctx, w, m[j]);
        }
    }
    free(l.bonds);
    return CMD_OK;
}

static enum cmd_status show_internal(struct cmd_ctx *c) { return show_lacp(c, LACP_SHOW_INTERNAL); }
static enum cmd_status show_neighbor(struct cmd_ctx *c) { return show_lacp(c, LACP_SHOW_NEIGHBOR); }
static enum cmd_status show_counters(struct cmd_ctx *c) { return show_lacp(c, LACP_SHOW_COUNTERS); }

static enum cmd_status
show_sys_id(struct cmd_ctx *ctx)
{
    uint8_t mac[ETH_ADDR_LEN];
    uint16_t priority;
    char dotted[16];

    state_lacp_system(ctx->sw, &priority, mac);
    render_mac_dotted(mac, dotted);
    cmd_out(ctx, "%u, %s", (unsigned) priority, dotted);
    return CMD_OK;
}

/* Open vSwitch's ovs-appctl bond/show and lacp/show. */

/* The bond named by value "BOND", or every bond; NULL and an OVS error
 * when the name is not a bond. */
static bool
appctl_bonds(struct cmd_ctx *ctx, struct bond_list *l, const char *what)
{
    const char *name = cmd_value(ctx, "BOND");

    if (!name)
        return bonds_collect(ctx, l);
    const struct port *p = state_find_port(ctx->sw, name);
    if (!p || !is_bond(ctx->sw, p)) {
        cmd_error(ctx, "no such %s object", what);
        return false;
    }
    if (!(l->bonds = calloc(1, sizeof *l->bonds))) {
        cmd_error(ctx, "Out of memory");
        return false;
    }
    l->bonds[0] = p;
    l->n = 1;
    return true;
}

static void
netdev_mac(const struct port *p, char buf[18])
{
    if (!sysfs_net_read(state_port_name(p), "address", buf, 18) || strlen(buf) != 17)
        snprintf(buf, 18, "00:00:00:00:00:00");
}

static enum cmd_status
appctl_bond_show(struct cmd_ctx *ctx)
{
    struct bond_list l;

    if (!appctl_bonds(ctx, &l, "bond"))
        return CMD_FAILED;
    for (size_t i = 0; i < l.n; i++) {
        const struct port *m[BOND_MEMBERS_MAX * 2];
        size_t n = shell_bond_members(ctx->sw, l.bonds[i], m, ARRAY_SIZE(m));
        struct state_bond_status st;
        char mac[18];

        state_bond_status(l.bonds[i], &st);
        cmd_out(ctx, "---- %s ----", state_port_name(l.bonds[i]));
        cmd_out(ctx, "bond_mode: %s", bond_mode_name(st.mode));
        /* The switch's `port-channel load-balance` (tapswitch's line: OVS
         * has no such choice); read from the configuration, which it is. */
        cmd_out(ctx, "bond-hash: %s",
                bond_hash_name(state_config(ctx->sw)->port_channel_load_balance));
        cmd_out(ctx, "updelay: 0 ms");
        cmd_out(ctx, "downdelay: 0 ms");
        cmd_out(ctx, "lacp_status: %s", st.lacp == CONFIG_LACP_OFF ? "off"
                                        : st.lacp_negotiated ? "negotiated" : "configured");
        cmd_out(ctx, "lacp_fallback_ab: false");
        cmd_out(ctx, "active-backup primary: <none>");
        if (st.active)
            netdev_mac(st.active, mac);
        cmd_out(ctx, "active member mac: %s(%s)", st.active ? mac : "00:00:00:00:00:00",
                st.active ? state_port_name(st.active) : "none");
        for (size_t j = 0; j < n; j++) {
            struct state_member_status ms;
            state_member_status(m[j], &ms);
            cmd_out(ctx, "%s", "");
            cmd_out(ctx, "member %s: %s", state_port_name(m[j]),
                    ms.usable ? "enabled" : "disabled");
            if (m[j] == st.active)
                cmd_out(ctx, "  active member");
            cmd_out(ctx, "  may_enable: %s", ms.usable ? "true" : "false");
            if (st.mode == BOND_BALANCE_SLB && ms.usable)
                cmd_out(ctx, "  load: %llu kB", (unsigned long long) (ms.load_bytes / 1024));
        }
        cmd_out(ctx, "%s", "");
    }
    free(l.bonds);
    return CMD_OK;
}

static void
lacp_info_block(struct cmd_ctx *ctx, const char *side, const struct lacp_info *in)
{
    char mac[ETH_ADDR_STR_SIZE], state[128];

    lacp_state_format(in->state, state, sizeof state);
    cmd_out(ctx, "  %s sys_id: %s", side, eth_addr_format(in->sys_id, mac));
    cmd_out(ctx, "  %s sys_priority: %u", side, (unsigned) in->sys_priority);
    cmd_out(ctx, "  %s port_id: %u", side, (unsigned) in->port);
    cmd_out(ctx, "  %s port_priority: %u", side, (unsigned) in->port_priority);
    cmd_out(ctx, "  %s key: %u", side, (unsigned) in->key);
    cmd_out(ctx, "  %s state:%s%s", side, state[0] ? " " : "", state);
}

static enum cmd_status
appctl_lacp_show(struct cmd_ctx *ctx)
{
    struct bond_list l;
    uint8_t sys_mac[ETH_ADDR_LEN];
    uint16_t sys_priority;

    if (!appctl_bonds(ctx, &l, "lacp"))
        return CMD_FAILED;
    state_lacp_system(ctx->sw, &sys_priority, sys_mac);
    for (size_t i = 0; i < l.n; i++) {
        const struct port *m[BOND_MEMBERS_MAX * 2];
        size_t n = shell_bond_members(ctx->sw, l.bonds[i], m, ARRAY_SIZE(m));
        struct state_bond_status st;
        char mac[ETH_ADDR_STR_SIZE];

        state_bond_status(l.bonds[i], &st);
        if (st.lacp == CONFIG_LACP_OFF) {
            if (cmd_value(ctx, "BOND")) {
                free(l.bonds);
                return cmd_error(ctx, "no such lacp object");
            }
            continue;
        }
        cmd_out(ctx, "---- %s ----", state_port_name(l.bonds[i]));
        cmd_out(ctx, "  status: %s%s", st.lacp == CONFIG_LACP_ACTIVE ? "active" : "passive",
                st.lacp_negotiated ? " negotiated" : "");
        cmd_out(ctx, "  sys_id: %s", eth_addr_format(sys_mac, mac));
        cmd_out(ctx, "  sys_priority: %u", (unsigned) sys_priority);
        if (st.key)
            cmd_out(ctx, "  aggregation key: %u", (unsigned) st.key);
        else
            cmd_out(ctx, "  aggregation key: none");
        cmd_out(ctx, "  lacp_time: %s", st.lacp_fast ? "fast" : "slow");
        for (size_t j = 0; j < n; j++) {
            struct state_member_status ms;
            const struct lacp_member *lm;
            state_member_status(m[j], &ms);
            lm = ms.lacp;
            cmd_out(ctx, "%s", "");
            cmd_out(ctx, "member: %s: %s %s", state_port_name(m[j]),
                    !lm ? "defaulted" : lm->rx == LACP_RX_CURRENT ? "current"
                    : lm->rx == LACP_RX_EXPIRED ? "expired" : "defaulted",
                    lm && lm->selected ? "attached" : "detached");
            if (lm) {
                cmd_out(ctx, "  port_id: %u", (unsigned) lm->actor.port);
                cmd_out(ctx, "  port_priority: %u", (unsigned) lm->actor.port_priority);
            }
            cmd_out(ctx, "  may_enable: %s", ms.usable ? "true" : "false");
            if (!lm)
                continue;
            cmd_out(ctx, "  rx state: %s", lacp_rx_state_name(lm->rx));
            cmd_out(ctx, "  mux state: %s", lacp_mux_state_name(lm->mux));
            cmd_out(ctx, "%s", "");
            lacp_info_block(ctx, "actor", &lm->actor);
            cmd_out(ctx, "%s", "");
            lacp_info_block(ctx, "partner", &lm->partner);
        }
        cmd_out(ctx, "%s", "");
    }
    free(l.bonds);
    return CMD_OK;
}

#define GROUP_HELP "Channel group number"

static const struct cmdline_cmd cmds[] = {
    { .syntax = "show etherchannel", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "EtherChannel information" },
    { .syntax = "show etherchannel summary", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "One-line summary per channel-group", .exec = show_summary,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "show etherchannel detail", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Detail information", .exec = show_detail, .flags = CMDLINE_FILTERABLE },
    { .syntax = "show etherchannel NUM(1-4096):N detail", .modes = IN_EXEC,
      .privilege = PRIV_USER,
      .help = "Detail information", .arg_help = GROUP_HELP, .exec = show_detail,
      .flags = CMDLINE_FILTERABLE, .variant = SHOW_ONE },
    { .syntax = "show etherchannel load-balance", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Load-balance/frame-distribution scheme among ports in port-channel",
      .exec = show_load_balance, .flags = CMDLINE_FILTERABLE },
    { .syntax = "show lacp", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "LACP information" },
    { .syntax = "show lacp internal", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Internal information", .exec = show_internal, .flags = CMDLINE_FILTERABLE },
    { .syntax = "show lacp neighbor", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Neighbor information", .exec = show_neighbor, .flags = CMDLINE_FILTERABLE },
    { .syntax = "show lacp counters", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Traffic information", .exec = show_counters, .flags = CMDLINE_FILTERABLE },
    { .syntax = "show lacp sys-id", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "LACP System ID", .exec = show_sys_id, .flags = CMDLINE_FILTERABLE },
    { .syntax = "ovs-appctl", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Open vSwitch ovs-appctl commands" },
    { .syntax = "ovs-appctl bond/show", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Every bond: mode, LACP status, members", .exec = appctl_bond_show,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "ovs-appctl bond/show PORT:BOND", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "One bond", .arg_help = "Bond port name", .exec = appctl_bond_show,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "ovs-appctl lacp/show", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "The LACP machines of every LACP bond", .exec = appctl_lacp_show,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "ovs-appctl lacp/show PORT:BOND", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "One bond's", .arg_help = "Bond port name", .exec = appctl_lacp_show,
      .flags = CMDLINE_FILTERABLE },
};

const struct cmdline_table cmd_bond_show_table = CMD_TABLE(cmds);
