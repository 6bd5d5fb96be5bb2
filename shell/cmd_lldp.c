/* LLDP (IEEE 802.1AB), as IOS configures and shows it (docs/cli.md "LLDP";
 * the agent is switchd/state_lldp.c):
 *   lldp run, lldp timer N, lldp holdtime N, lldp reinit N (and `no`)
 *   lldp transmit, lldp receive (config-if, and `no`)
 *   show lldp, show lldp neighbors [PORT] [detail], show lldp traffic,
 *   show lldp interface [PORT], clear lldp counters|table */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "cmd_table.h"
#include "lldp.h"
#include "shell_private.h"
#include "state.h"

enum lldp_variant {
    LLDP_SET,
    LLDP_NO,
    LLDP_DETAIL,                        /* show lldp neighbors ... detail */
    LLDP_TX,                            /* lldp transmit */
    LLDP_NO_TX,
    LLDP_RX,
    LLDP_NO_RX,
    LLDP_TIMER,
    LLDP_NO_TIMER,
    LLDP_HOLDTIME,
    LLDP_NO_HOLDTIME,
    LLDP_REINIT,
    LLDP_NO_REINIT,
};

static enum lldp_variant
variant_of(const struct cmd_ctx *ctx)
{
    return (enum lldp_variant) ctx->match->cmd->variant;
}

/* Configuration. */

static enum cmd_status
lldp_global(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = cmd_edit(ctx);
    struct config_lldp *l;

    if (!cfg)
        return CMD_FAILED;
    l = &cfg->lldp;
    switch (variant_of(ctx)) {
    case LLDP_SET: l->run = true; break;
    case LLDP_NO: l->run = false; break;
    case LLDP_TIMER: l->timer_s = (uint16_t) cmd_number(ctx, "seconds"); break;
    case LLDP_NO_TIMER: l->timer_s = CONFIG_LLDP_TIMER_DEFAULT; break;
    case LLDP_HOLDTIME: l->holdtime_s = (uint16_t) cmd_number(ctx, "seconds"); break;
    case LLDP_NO_HOLDTIME: l->holdtime_s = CONFIG_LLDP_HOLDTIME_DEFAULT; break;
    case LLDP_REINIT: l->reinit_s = (uint8_t) cmd_number(ctx, "seconds"); break;
    case LLDP_NO_REINIT: l->reinit_s = CONFIG_LLDP_REINIT_DEFAULT; break;
    default: break;
    }
    return cmd_apply(ctx, cfg);
}

static enum cmd_status
edit_port(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    enum lldp_variant v = variant_of(ctx);

    (void) b;
    if (p->type == PORT_TYPE_PATCH || p->type == PORT_TYPE_BOND)
        return cmd_error(ctx, "LLDP runs on tap, internal and system ports (a port-channel's"
                         " members each run it): %s has type %s", p->name,
                         port_type_name(p->type));
    if (v == LLDP_TX || v == LLDP_NO_TX)
        p->lldp_no_transmit = v == LLDP_NO_TX;
    else
        p->lldp_no_receive = v == LLDP_NO_RX;
    return CMD_OK;
}

static enum cmd_status
lldp_port(struct cmd_ctx *ctx)
{
    return cmd_edit_selected(ctx, edit_port);
}

/* Shows. */

static bool
require_running(struct cmd_ctx *ctx)
{
    if (state_config(ctx->sw)->lldp.run)
        return true;
    cmd_out(ctx, "%% LLDP is not enabled");
    return false;
}

static enum cmd_status
show_lldp(struct cmd_ctx *ctx)
{
    const struct config_lldp *l = &state_config(ctx->sw)->lldp;

    if (!require_running(ctx))
        return CMD_OK;
    cmd_out(ctx, "%s", "");
    cmd_out(ctx, "Global LLDP Information:");
    cmd_out(ctx, "    Status: ACTIVE");
    cmd_out(ctx, "    LLDP advertisements are sent every %u seconds", (unsigned) l->timer_s);
    cmd_out(ctx, "    LLDP hold time advertised is %u seconds", (unsigned) l->holdtime_s);
    cmd_out(ctx, "    LLDP interface reinitialisation delay is %u seconds",
            (unsigned) l->reinit_s);
    return CMD_OK;
}

/* The port named by value "port", if the command has one: CMD_OK with
 * '*only' (NULL: every port), or the caret / ambiguity. */
static enum cmd_status
port_filter(struct cmd_ctx *ctx, const struct port **only)
{
    *only = NULL;
    return cmd_value(ctx, "PORT") ? cmd_port(ctx, "PORT", only) : CMD_OK;
}

static void
device_id(const struct lldp_neighbor_info *nb, char *buf, size_t size)
{
    if (nb->sys_name[0])
        snprintf(buf, size, "%s", nb->sys_name);
    else
        lldp_id_format(true, nb->chassis_subtype, nb->chassis_id, nb->chassis_len, buf, size);
}

static void
mgmt_lines(struct cmd_ctx *ctx, const struct lldp_neighbor_info *nb)
{
    char addr[64];

    if (!nb->mgmt_subtype) {
        cmd_out(ctx, "Management Addresses - not advertised");
        return;
    }
    cmd_out(ctx, "Management Addresses:");
    if (nb->mgmt_subtype == LLDP_MGMT_IPV4 && nb->mgmt_len == 4) {
        snprintf(addr, sizeof addr, "%u.%u.%u.%u", nb->mgmt_addr[0], nb->mgmt_addr[1],
                 nb->mgmt_addr[2], nb->mgmt_addr[3]);
        cmd_out(ctx, "    IP: %s", addr);
    } else if (nb->mgmt_subtype == LLDP_MGMT_IPV6 && nb->mgmt_len == 16) {
        inet_ntop(AF_INET6, nb->mgmt_addr, addr, sizeof addr);
        cmd_out(ctx, "    IPV6: %s", addr);
    } else {
        char *o = addr;
        for (size_t i = 0; i < nb->mgmt_len && i < 31; i++)
            o += sprintf(o, "%02x", nb->mgmt_addr[i]);
        cmd_out(ctx, "    Other (type %u): %s", (unsigned) nb->mgmt_subtype, addr);
    }
}

static void
detail_entry(struct cmd_ctx *ctx, const struct port *p, const struct lldp_neighbor_info *nb,
             unsigned remaining)
{
    char id[3 * LLDP_ID_MAX + 1], caps[32];

    cmd_out(ctx, "------------------------------------------------");
    cmd_out(ctx, "Local Intf: %s", state_port_name(p));
    lldp_id_format(true, nb->chassis_subtype, nb->chassis_id, nb->chassis_len, id, sizeof id);
    cmd_out(ctx, "Chassis id: %s", id);
    lldp_id_format(false, nb->port_subtype, nb->port_id, nb->port_len, id, sizeof id);
    cmd_out(ctx, "Port id: %s", id);
    if (nb->port_desc[0])
        cmd_out(ctx, "Port Description: %s", nb->port_desc);
    else
        cmd_out(ctx, "Port Description - not advertised");
    if (nb->sys_name[0])
        cmd_out(ctx, "System Name: %s", nb->sys_name);
    else
        cmd_out(ctx, "System Name - not advertised");
    cmd_out(ctx, "%s", "");
    if (nb->sys_desc[0]) {
        cmd_out(ctx, "System Description: ");
        cmd_out(ctx, "%s", nb->sys_desc);
    } else {
        cmd_out(ctx, "System Description - not advertised");
    }
    cmd_out(ctx, "%s", "");
    cmd_out(ctx, "Time remaining: %u seconds", remaining);
    if (nb->has_caps) {
        lldp_caps_format(nb->caps, caps, sizeof caps);
        cmd_out(ctx, "System Capabilities: %s", caps);
        lldp_caps_format(nb->caps_enabled, caps, sizeof caps);
        cmd_out(ctx, "Enabled Capabilities: %s", caps);
    } else {
        cmd_out(ctx, "System Capabilities - not advertised");
        cmd_out(ctx, "Enabled Capabilities - not advertised");
    }
    mgmt_lines(ctx, nb);
    cmd_out(ctx, "%s", "");
}

static enum cmd_status
show_neighbors(struct cmd_ctx *ctx)
{
    bool detail = variant_of(ctx) == LLDP_DETAIL;
    const struct port *only;
    enum cmd_status st;
    unsigned total = 0;

    if ((st = port_filter(ctx, &only)) != CMD_OK)
        return st;
    if (!require_running(ctx))
        return CMD_OK;
    if (!detail) {
        cmd_out(ctx, "%s", "");
        cmd_out(ctx, "Capability codes:");
        cmd_out(ctx, "    (R) Router, (B) Bridge, (T) Telephone, (C) DOCSIS Cable Device");
        cmd_out(ctx, "    (W) WLAN Access Point, (P) Repeater, (S) Station, (O) Other");
        cmd_out(ctx, "%s", "");
        cmd_out(ctx, "Device ID           Local Intf     Hold-time  Capability      Port ID");
    }
    for (size_t i = 0; i < state_n_ports(ctx->sw); i++) {
        const struct port *p = state_port_at(ctx->sw, i);
        const struct lldp_neighbor_info *nb;
        unsigned remaining;

        if (only && p != only)
            continue;
        for (size_t k = 0; (nb = state_lldp_neighbor(ctx->sw, p, k, &remaining)); k++) {
            char dev[LLDP_STRING_MAX + 1], caps[32], port_id[3 * LLDP_ID_MAX + 1];

            total++;
            if (detail) {
                detail_entry(ctx, p, nb, remaining);
                continue;
            }
            device_id(nb, dev, sizeof dev);
            lldp_caps_format(nb->has_caps ? nb->caps_enabled : 0, caps, sizeof caps);
            lldp_id_format(false, nb->port_subtype, nb->port_id, nb->port_len, port_id,
                           sizeof port_id);
            /* IOS cuts the Device ID at 20 characters. */
            cmd_out(ctx, "%-20.20s%-14s %-11u%-16s%s", dev, state_port_name(p),
                    (unsigned) nb->ttl, caps, port_id);
        }
    }
    /* A detail entry ends in its own blank line. */
    if (!detail || !total)
        cmd_out(ctx, "%s", "");
    cmd_out(ctx, "Total entries displayed: %u", total);
    cmd_out(ctx, "%s", "");
    return CMD_OK;
}

static enum cmd_status
show_traffic(struct cmd_ctx *ctx)
{
    struct state_lldp_traffic t;

    if (!require_running(ctx))
        return CMD_OK;
    state_lldp_traffic(ctx->sw, &t);
    cmd_out(ctx, "%s", "");
    cmd_out(ctx, "LLDP traffic statistics: ");
    cmd_out(ctx, "    Total frames out: %llu", (unsigned long long) t.frames_out);
    cmd_out(ctx, "    Total entries aged: %llu", (unsigned long long) t.entries_aged);
    cmd_out(ctx, "    Total frames in: %llu", (unsigned long long) t.frames_in);
    cmd_out(ctx, "    Total frames received in error: %llu",
            (unsigned long long) t.frames_in_error);
    cmd_out(ctx, "    Total frames discarded: %llu", (unsigned long long) t.frames_discarded);
    cmd_out(ctx, "    Total TLVs discarded: %llu", (unsigned long long) t.tlvs_discarded);
    cmd_out(ctx, "    Total TLVs unrecognized: %llu", (unsigned long long) t.tlvs_unrecognized);
    return CMD_OK;
}

/* Tap, internal and system ports: a bond's members run LLDP, patch ports
 * have no wire. */
static bool
runs_lldp(const struct cmd_ctx *ctx, const struct port *p)
{
    enum port_type type = state_port_config(ctx->sw, p)->type;

    return type != PORT_TYPE_PATCH && type != PORT_TYPE_BOND;
}

static enum cmd_status
show_interface(struct cmd_ctx *ctx)
{
    const struct port *only;
    enum cmd_status st;

    if ((st = port_filter(ctx, &only)) != CMD_OK)
        return st;
    if (!require_running(ctx))
        return CMD_OK;
    if (only && !runs_lldp(ctx, only))
        return cmd_error(ctx, "LLDP does not run on %s (type %s)", state_port_name(only),
                         state_port_type(only));
    cmd_out(ctx, "%s", "");
    for (size_t i = 0; i < state_n_ports(ctx->sw); i++) {
        const struct port *p = state_port_at(ctx->sw, i);
        bool tx, rx;

        if ((only && p != only) || !runs_lldp(ctx, p))
            continue;
        state_lldp_port_active(p, &tx, &rx);
        cmd_out(ctx, "%s:", state_port_name(p));
        cmd_out(ctx, "    Tx: %s", tx ? "enabled" : "disabled");
        cmd_out(ctx, "    Rx: %s", rx ? "enabled" : "disabled");
        cmd_out(ctx, "    Tx state: %s", tx ? "IDLE" : "INIT");
        cmd_out(ctx, "    Rx state: %s", rx ? "WAIT FOR FRAME" : "INIT");
        cmd_out(ctx, "%s", "");
    }
    return CMD_OK;
}

static enum cmd_status
clear_lldp(struct cmd_ctx *ctx)
{
    if (variant_of(ctx) == LLDP_SET)
        state_lldp_clear_counters(ctx->sw);
    else
        state_lldp_clear_table(ctx->sw);
    return CMD_OK;
}

#define SECONDS "Seconds"

static const struct cmdline_cmd cmds[] = {
    /* Global configuration. */
    { .syntax = "lldp", .modes = IN_CONFIG | IN_IF, .privilege = PRIV_ENABLE,
      .help = "LLDP configuration" },
    { .syntax = "no lldp", .modes = IN_CONFIG | IN_IF, .privilege = PRIV_ENABLE,
      .help = "LLDP configuration" },
    { .syntax = "lldp run", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Enable LLDP", .exec = lldp_global, .variant = LLDP_SET },
    { .syntax = "no lldp run", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Enable LLDP", .exec = lldp_global, .variant = LLDP_NO },
    { .syntax = "lldp timer NUM(5-65534):seconds", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Specify the rate at which LLDP packets are sent (in sec)",
      .arg_help = "Rate in seconds at which LLDP packets are sent", .exec = lldp_global,
      .variant = LLDP_TIMER },
    { .syntax = "no lldp timer", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Specify the rate at which LLDP packets are sent (in sec)", .exec = lldp_global,
      .variant = LLDP_NO_TIMER },
    { .syntax = "lldp holdtime NUM(0-65535):seconds", .modes = IN_CONFIG,
      .privilege = PRIV_ENABLE,
      .help = "Specify the holdtime (in sec) to be sent in packets",
      .arg_help = "Length of time (in sec) that receiver must keep this packet",
      .exec = lldp_global, .variant = LLDP_HOLDTIME },
    { .syntax = "no lldp holdtime", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Specify the holdtime (in sec) to be sent in packets", .exec = lldp_global,
      .variant = LLDP_NO_HOLDTIME },
    { .syntax = "lldp reinit NUM(2-5):seconds", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Delay (in sec) for LLDP initialization on any interface",
      .arg_help = "Delay (in sec) for LLDP initialization on any interface",
      .exec = lldp_global, .variant = LLDP_REINIT },
    { .syntax = "no lldp reinit", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Delay (in sec) for LLDP initialization on any interface", .exec = lldp_global,
      .variant = LLDP_NO_REINIT },

    /* Interface configuration. */
    { .syntax = "lldp transmit", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Enable LLDP transmission on interface", .exec = lldp_port, .variant = LLDP_TX },
    { .syntax = "no lldp transmit", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Enable LLDP transmission on interface", .exec = lldp_port,
      .variant = LLDP_NO_TX },
    { .syntax = "lldp receive", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Enable LLDP reception on interface", .exec = lldp_port, .variant = LLDP_RX },
    { .syntax = "no lldp receive", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Enable LLDP reception on interface", .exec = lldp_port,
      .variant = LLDP_NO_RX },

    /* EXEC. */
    { .syntax = "show lldp", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "LLDP information", .exec = show_lldp, .flags = CMDLINE_FILTERABLE },
    { .syntax = "show lldp neighbors", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "LLDP neighbor entries", .exec = show_neighbors, .flags = CMDLINE_FILTERABLE },
    { .syntax = "show lldp neighbors detail", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Show detailed information", .exec = show_neighbors,
      .flags = CMDLINE_FILTERABLE, .variant = LLDP_DETAIL },
    { .syntax = "show lldp neighbors PORT", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "LLDP neighbor entries", .arg_help = "Interface name", .exec = show_neighbors,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "show lldp neighbors PORT detail", .modes = IN_EXEC,
      .privilege = PRIV_USER, .help = "Show detailed information", .arg_help = "Interface name",
      .exec = show_neighbors, .flags = CMDLINE_FILTERABLE, .variant = LLDP_DETAIL },
    { .syntax = "show lldp traffic", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "LLDP statistics", .exec = show_traffic, .flags = CMDLINE_FILTERABLE },
    { .syntax = "show lldp interface", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "LLDP interface status and configuration", .exec = show_interface,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "show lldp interface PORT", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "LLDP interface status and configuration", .arg_help = "Interface name",
      .exec = show_interface, .flags = CMDLINE_FILTERABLE },
    { .syntax = "clear lldp", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Clear LLDP information" },
    { .syntax = "clear lldp counters", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Clear LLDP counters", .exec = clear_lldp, .variant = LLDP_SET },
    { .syntax = "clear lldp table", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Clear LLDP neighbor table", .exec = clear_lldp, .variant = LLDP_NO },
};

const struct cmdline_table cmd_lldp_table = CMD_TABLE(cmds);
