/* The MAC address table: static entries, aging time, and
 * `show mac address-table [...]`, `... count`, `... aging-time`,
 * `clear mac address-table dynamic [...]`. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd_table.h"
#include "shell_private.h"
#include "state.h"

static void
mac_dotted(const uint8_t mac[ETH_ADDR_LEN], char buf[16])
{
    snprintf(buf, 16, "%02x%02x.%02x%02x.%02x%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
             mac[5]);
}

static enum cmd_status
static_add(struct cmd_ctx *ctx)
{
    uint16_t vid = cmd_number(ctx, "VID");
    struct config_static_mac *m = NULL;
    const struct port *port;
    struct switch_config *cfg;
    struct config_bridge *b;
    uint8_t mac[ETH_ADDR_LEN];
    enum cmd_status status;

    eth_addr_parse(cmd_value(ctx, "MAC"), mac);
    if (eth_addr_is_multicast(mac))
        return cmd_error(ctx, "Only unicast addresses can be configured to be static");
    if ((status = cmd_port(ctx, "PORT", &port)) != CMD_OK)
        return status;
    if (!(cfg = cmd_edit(ctx)))
        return CMD_FAILED;
    cmd_config_port(cfg, state_port_name(port), &b);
    for (size_t i = 0; i < b->n_static_macs; i++)
        if (b->static_macs[i].vlan == vid && !memcmp(b->static_macs[i].mac, mac, sizeof mac))
            m = &b->static_macs[i];
    if (!m) {
        m = realloc(b->static_macs, (b->n_static_macs + 1) * sizeof *m);
        if (!m) {
            config_free(cfg);
            return cmd_error(ctx, "Out of memory");
        }
        b->static_macs = m;
        m = &b->static_macs[b->n_static_macs++];
    }
    memset(m, 0, sizeof *m);
    memcpy(m->mac, mac, sizeof mac);
    m->vlan = vid;
    snprintf(m->port, sizeof m->port, "%s", state_port_name(port));
    return cmd_apply(ctx, cfg);
}

static enum cmd_status
static_delete(struct cmd_ctx *ctx)
{
    const char *name = NULL;
    uint16_t vid = cmd_number(ctx, "VID");
    const struct port *port;
    struct switch_config *cfg;
    uint8_t mac[ETH_ADDR_LEN];
    bool found = false;
    enum cmd_status status;

    eth_addr_parse(cmd_value(ctx, "MAC"), mac);
    if (cmd_value(ctx, "interface")) {
        if ((status = cmd_port(ctx, "interface", &port)) != CMD_OK)
            return status;
        name = state_port_name(port);
    }
    if (!(cfg = cmd_edit(ctx)))
        return CMD_FAILED;
    for (size_t b = 0; b < cfg->n_bridges; b++) {
        struct config_bridge *br = &cfg->bridges[b];
        for (size_t i = 0; i < br->n_static_macs; ) {
            struct config_static_mac *m = &br->static_macs[i];
            if (m->vlan == vid && !memcmp(m->mac, mac, sizeof mac)
                && (!name || !strcmp(m->port, name))) {
                memmove(m, m + 1, (br->n_static_macs - i - 1) * sizeof *m);
                br->n_static_macs--;
                found = true;
            } else {
                i++;
            }
        }
    }
    if (!found) {
        config_free(cfg);
        return cmd_error(ctx, "No static entry for %s in VLAN %u", cmd_value(ctx, "MAC"),
                         (unsigned) vid);
    }
    return cmd_apply(ctx, cfg);
}

/* From global configuration: every bridge; from config-bridge: that one. */
enum { AGING_SET, AGING_DEFAULT };     /* the variants of set_aging() */

static enum cmd_status
set_aging(struct cmd_ctx *ctx)
{
    bool no = ctx->match->cmd->variant == AGING_DEFAULT;
    long secs = no ? 300 : cmd_number(ctx, "NUM");
    struct switch_config *cfg;

    if (secs > 0 && secs < 10)
        return cmd_invalid(ctx, "NUM");     /* IOS: 0 or 10-1000000 */
    if (!(cfg = cmd_edit(ctx)))
        return CMD_FAILED;
    for (size_t b = 0; b < cfg->n_bridges; b++)
        if (ctx->match->mode != SHELL_MODE_BRIDGE || !strcmp(cfg->bridges[b].name, ctx->sess->bridge))
            cfg->bridges[b].mac_aging_s = secs;
    return cmd_apply(ctx, cfg);
}

/* Entries of every bridge, sorted by bridge, VLAN, MAC; filtered by the
 * command's dynamic/static/address/interface/vlan values. */
struct mac_row {
    struct mac_entry_info e;
    const struct port *port;
};

static size_t
collect(struct cmd_ctx *ctx, const struct port *only, struct mac_row **out)
{
    struct switch_state *sw = ctx->sw;
    const char *addr = cmd_value(ctx, "address");
    const char *vlan = cmd_value(ctx, "vlan");
    bool want_dynamic = cmd_value(ctx, "dynamic") != NULL;
    bool want_static = cmd_value(ctx, "static") != NULL;
    uint8_t mac[ETH_ADDR_LEN];
    size_t n = 0, total = 0;

    if (addr)
        eth_addr_parse(addr, mac);
    for (size_t b = 0; b < state_n_bridges(sw); b++)
        total += mac_table_count(bridge_mac_table(state_bridge_core(state_bridge_at(sw, b))));
    *out = calloc(total ? total : 1, sizeof **out);
    if (!*out)
        return 0;
    for (size_t b = 0; b < state_n_bridges(sw); b++) {
        struct sw_bridge *br = state_bridge_at(sw, b);
        struct mac_table *t = bridge_mac_table(state_bridge_core(br));
        uint32_t count = mac_table_count(t);
        struct mac_entry_info *entries = calloc(count ? count : 1, sizeof *entries);

        if (!entries)
            continue;
        count = mac_table_collect(t, entries, count);
        for (uint32_t i = 0; i < count; i++) {
            const struct mac_entry_info *e = &entries[i];
            const struct port *p = state_bridge_port(br, e->port);
            if ((want_dynamic && !want_static && e->is_static)
                || (want_static && !want_dynamic && !e->is_static)
                || (addr && memcmp(e->mac, mac, sizeof mac))
                || (vlan && e->vid != atoi(vlan))
                || (only && p != only))
                continue;
            (*out)[n].e = *e;
            (*out)[n].port = p;
            n++;
        }
        free(entries);
    }
    return n;
}

/* The Ports column: the port, and for a MAC behind a VXLAN tunnel its
 * remote VTEP, as NX-OS writes it: "nve1(10.0.0.2)". */
static const char *
port_column(const struct mac_row *r, char buf[CONFIG_NAME_MAX + 24])
{
    uint32_t remote;

    if (!r->port)
        return "?";
    if (state_vxlan_mac_remote(r->port, r->e.vid, r->e.mac, &remote)) {
        char ip[INET_ADDRSTRLEN];

        snprintf(buf, CONFIG_NAME_MAX + 24, "%s(%s)", state_port_name(r->port),
                 inet_ntop(AF_INET, &remote, ip, sizeof ip));
        return buf;
    }
    return state_port_name(r->port);
}

static enum cmd_status
show_table(struct cmd_ctx *ctx)
{
    const struct port *only = NULL;
    struct mac_row *rows;
    enum cmd_status status;
    size_t n;

    if (cmd_value(ctx, "interface") && (status = cmd_port(ctx, "interface", &only)) != CMD_OK)
        return status;
    n = collect(ctx, only, &rows);
    cmd_out(ctx, "          Mac Address Table");
    cmd_out(ctx, "-------------------------------------------");
    cmd_out(ctx, "%s", "");
    cmd_out(ctx, "Vlan    Mac Address       Type        Ports");
    cmd_out(ctx, "----    -----------       --------    -----");
    for (size_t i = 0; i < n; i++) {
        char mac[16], port[CONFIG_NAME_MAX + 24];
        mac_dotted(rows[i].e.mac, mac);
        cmd_out(ctx, "%4u    %-14s    %-8s    %s", (unsigned) rows[i].e.vid, mac,
                rows[i].e.is_static ? "STATIC" : "DYNAMIC", port_column(&rows[i], port));
    }
    cmd_out(ctx, "Total Mac Addresses for this criterion: %zu", n);
    free(rows);
    return CMD_OK;
}

static enum cmd_status
show_count(struct cmd_ctx *ctx)
{
    struct switch_state *sw = ctx->sw;
    struct mac_row *rows;
    size_t n = collect(ctx, NULL, &rows);
    uint64_t space = 0;

    /* One block per VLAN with entries (or the VLAN asked for), in order. */
    for (unsigned vid = 0; vid <= VLAN_VID_MAX; vid++) {
        unsigned n_dynamic = 0, n_static = 0;
        for (size_t i = 0; i < n; i++)
            if (rows[i].e.vid == vid)
                rows[i].e.is_static ? n_static++ : n_dynamic++;
        if (!n_dynamic && !n_static && !(cmd_value(ctx, "vlan") && cmd_number(ctx, "vlan") == vid))
            continue;
        cmd_out(ctx, "Mac Entries for Vlan %u:", vid);
        cmd_out(ctx, "---------------------------");
        cmd_out(ctx, "Dynamic Address Count  : %u", n_dynamic);
        cmd_out(ctx, "Static  Address Count  : %u", n_static);
        cmd_out(ctx, "Total Mac Addresses    : %u", n_dynamic + n_static);
        cmd_out(ctx, "%s", "");
    }
    for (size_t b = 0; b < state_n_bridges(sw); b++) {
        struct mac_table *t = bridge_mac_table(state_bridge_core(state_bridge_at(sw, b)));
        space += mac_table_max_entries(t) - mac_table_count(t);
    }
    cmd_out(ctx, "Total Mac Address Space Available: %llu", (unsigned long long) space);
    free(rows);
    return CMD_OK;
}

/* The aging time of bridge 'b' of the switch. */
static unsigned
aging_of(const struct switch_state *sw, size_t b)
{
    return mac_table_aging(bridge_mac_table(state_bridge_core(state_bridge_at(sw, b))));
}

static enum cmd_status
show_aging(struct cmd_ctx *ctx)
{
    struct switch_state *sw = ctx->sw;
    size_t n_bridges = state_n_bridges(sw);
    bool same = true;

    for (size_t b = 1; b < n_bridges; b++)
        if (aging_of(sw, b) != aging_of(sw, 0))
            same = false;
    if (same)
        cmd_out(ctx, "Global Aging Time: %4u", n_bridges ? aging_of(sw, 0) : 300);
    else
        for (size_t b = 0; b < n_bridges; b++)
            cmd_out(ctx, "Bridge %s Aging Time: %4u", state_bridge_name(state_bridge_at(sw, b)),
                    aging_of(sw, b));
    cmd_out(ctx, "Vlan    Aging Time");
    cmd_out(ctx, "----    ----------");
    if (cmd_value(ctx, "vlan") && n_bridges)
        cmd_out(ctx, "%4ld    %10u", cmd_number(ctx, "vlan"), aging_of(sw, 0));
    return CMD_OK;
}

static enum cmd_status
clear_dynamic(struct cmd_ctx *ctx)
{
    const struct port *only = NULL;
    struct mac_row *rows;
    enum cmd_status status;
    size_t n;

    if (cmd_value(ctx, "interface") && (status = cmd_port(ctx, "interface", &only)) != CMD_OK)
        return status;
    n = collect(ctx, only, &rows);
    for (size_t i = 0; i < n; i++)
        if (!rows[i].e.is_static && rows[i].port)
            mac_table_remove_dynamic(
                bridge_mac_table(state_bridge_core(state_port_bridge(rows[i].port))),
                rows[i].e.vid, rows[i].e.mac);
    free(rows);
    return CMD_OK;
}

#define FILTERS "[address MAC] [interface PORT] [vlan VID]"

static const struct cmdline_cmd cmds[] = {
    { .syntax = "mac", .modes = IN_CONFIG | IN_BRIDGE, .privilege = PRIV_ENABLE,
      .help = "Global MAC configuration subcommands" },
    { .syntax = "mac address-table", .modes = IN_CONFIG | IN_BRIDGE, .privilege = PRIV_ENABLE,
      .help = "Configure the MAC address table" },
    { .syntax = "mac address-table static MAC vlan VID interface PORT", .modes = IN_CONFIG,
      .privilege = PRIV_ENABLE, .help = "static keyword", .exec = static_add },
    { .syntax = "no mac address-table static MAC vlan VID [interface PORT]", .modes = IN_CONFIG,
      .privilege = PRIV_ENABLE, .help = "static keyword", .exec = static_delete },
    { .syntax = "mac address-table aging-time NUM(0-1000000)", .modes = IN_CONFIG | IN_BRIDGE,
      .privilege = PRIV_ENABLE, .help = "Set MAC address table entry maximum age",
      .arg_help = "Aging time in seconds: 0 disables aging, else 10-1000000", .exec = set_aging },
    { .syntax = "no mac address-table aging-time", .modes = IN_CONFIG | IN_BRIDGE,
      .privilege = PRIV_ENABLE, .help = "Set MAC address table entry maximum age",
      .exec = set_aging, .variant = AGING_DEFAULT },
    { .syntax = "show mac", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "MAC configuration" },
    { .syntax = "show mac address-table [dynamic] [static] " FILTERS, .modes = IN_EXEC,
      .privilege = PRIV_USER, .help = "MAC forwarding table", .exec = show_table,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "show mac address-table count [vlan VID]", .modes = IN_EXEC,
      .privilege = PRIV_USER, .help = "Count the number of MAC addresses", .exec = show_count,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "show mac address-table aging-time [vlan VID]", .modes = IN_EXEC,
      .privilege = PRIV_USER, .help = "aging-time keyword", .exec = show_aging,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "clear mac", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "MAC forwarding table" },
    { .syntax = "clear mac address-table", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "MAC forwarding table" },
    { .syntax = "clear mac address-table dynamic " FILTERS, .modes = IN_EXEC,
      .privilege = PRIV_ENABLE, .help = "dynamic entry type", .exec = clear_dynamic },
};

const struct cmdline_table cmd_mac_table = CMD_TABLE(cmds);
