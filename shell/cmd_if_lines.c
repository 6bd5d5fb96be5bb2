/* Interface lines of a typical IOS access-switch configuration that
 * tapswitch takes as IOS does: `mtu N` (the port's netdev MTU, applied by
 * switchd/state_apply.c), `default interface X`, and the lines it accepts
 * with no effect -- `speed`, `duplex`, `switchport nonegotiate`,
 * `[no] cdp enable` -- which are kept in the
 * configuration (config_port_inert) so running-config shows them where
 * IOS does (docs/cli.md, "Accepted, no effect"). */
#include <string.h>

#include "cmd_table.h"
#include "shell_private.h"
#include "state.h"

/* The variants of the entries: the plain form sets what was typed, the
 * "no" form (or `... auto`) goes back to the default. */
enum if_line_variant {
    LINE_SET,
    LINE_NO,
    SPEED_10, SPEED_100, SPEED_1000,
    DUPLEX_FULL, DUPLEX_HALF,
};

static enum if_line_variant
variant_of(const struct cmd_ctx *ctx)
{
    return (enum if_line_variant) ctx->match->cmd->variant;
}

static enum cmd_status
edit_speed(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    (void) b;
    switch (variant_of(ctx)) {
    case SPEED_10:   p->inert.speed = CONFIG_SPEED_10; break;
    case SPEED_100:  p->inert.speed = CONFIG_SPEED_100; break;
    case SPEED_1000: p->inert.speed = CONFIG_SPEED_1000; break;
    default:         p->inert.speed = CONFIG_SPEED_AUTO; break;
    }
    return CMD_OK;
}

static enum cmd_status
edit_duplex(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    (void) b;
    switch (variant_of(ctx)) {
    case DUPLEX_FULL: p->inert.duplex = CONFIG_DUPLEX_FULL; break;
    case DUPLEX_HALF: p->inert.duplex = CONFIG_DUPLEX_HALF; break;
    default:          p->inert.duplex = CONFIG_DUPLEX_AUTO; break;
    }
    return CMD_OK;
}

static enum cmd_status
edit_nonegotiate(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    (void) b;
    p->inert.nonegotiate = variant_of(ctx) == LINE_SET;
    return CMD_OK;
}

static enum cmd_status
edit_cdp(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    (void) b;
    p->inert.no_cdp = variant_of(ctx) == LINE_NO;
    return CMD_OK;
}

/* Patch and bond ports have no netdev of their own to set an MTU on. */
static enum cmd_status
edit_mtu(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    (void) b;
    if (variant_of(ctx) == LINE_NO) {
        p->mtu = 0;
        return CMD_OK;
    }
    if (p->type == PORT_TYPE_PATCH || p->type == PORT_TYPE_BOND)
        return cmd_error(ctx, "Interface %s is a %s port: only tap, internal and system ports"
                         " have an MTU", p->name, port_type_name(p->type));
    p->mtu = cmd_number(ctx, "BYTES");
    return CMD_OK;
}

#define EDIT_COMMAND(name, fn) \
    static enum cmd_status name(struct cmd_ctx *ctx) { return cmd_edit_selected(ctx, fn); }

EDIT_COMMAND(if_speed, edit_speed)
EDIT_COMMAND(if_duplex, edit_duplex)
EDIT_COMMAND(if_nonegotiate, edit_nonegotiate)
EDIT_COMMAND(if_cdp, edit_cdp)
EDIT_COMMAND(if_mtu, edit_mtu)

/* `default interface X`: the port's interface configuration as a new
 * port's -- enabled, trunk of every VLAN with native VLAN 1, no
 * description, no MTU, no storm control, no spanning tree settings, the inert lines at
 * their defaults, out of its
 * port-channel, a bond's own settings back to a new bond's.  What makes
 * the port (its bridge block line: type, patch peer, ofport) and the
 * static MAC entries naming it stay. */
static enum cmd_status
default_interface(struct cmd_ctx *ctx)
{
    const struct port *port;
    struct switch_config *cfg;
    struct config_bridge *b;
    struct config_port *p;
    enum cmd_status status = cmd_port(ctx, "PORT", &port);

    if (status != CMD_OK)
        return status;
    if (!(cfg = cmd_edit(ctx)))
        return CMD_FAILED;
    if (!(p = cmd_config_port(cfg, state_port_name(port), &b))) {
        config_free(cfg);
        return cmd_error(ctx, "Interface %s no longer exists", state_port_name(port));
    }
    p->enabled = true;
    p->description[0] = '\0';
    vlan_port_init_default(&p->vlan);
    p->bond[0] = '\0';
    p->mtu = 0;
    memset(&p->inert, 0, sizeof p->inert);
    memset(&p->storm, 0, sizeof p->storm);
    memset(&p->stp, 0, sizeof p->stp);
    p->bond_cfg = CONFIG_BOND_DEFAULT;
    if ((status = cmd_apply(ctx, cfg)) == CMD_OK)
        cmd_info(ctx, "Interface %s set to default configuration", state_port_name(port));
    return status;
}

static const struct cmdline_cmd cmds[] = {
    { .syntax = "speed", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Configure speed operation (accepted, no effect)" },
    { .syntax = "speed 10", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Force 10 Mbps operation", .exec = if_speed, .variant = SPEED_10 },
    { .syntax = "speed 100", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Force 100 Mbps operation", .exec = if_speed, .variant = SPEED_100 },
    { .syntax = "speed 1000", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Force 1000 Mbps operation", .exec = if_speed, .variant = SPEED_1000 },
    { .syntax = "speed auto", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Enable AUTO speed configuration", .exec = if_speed, .variant = LINE_NO },
    { .syntax = "no speed", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Configure speed operation", .exec = if_speed, .variant = LINE_NO },
    { .syntax = "duplex", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Configure duplex operation (accepted, no effect)" },
    { .syntax = "duplex full", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Force full duplex operation", .exec = if_duplex, .variant = DUPLEX_FULL },
    { .syntax = "duplex half", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Force half-duplex operation", .exec = if_duplex, .variant = DUPLEX_HALF },
    { .syntax = "duplex auto", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Enable AUTO duplex configuration", .exec = if_duplex, .variant = LINE_NO },
    { .syntax = "no duplex", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Configure duplex operation", .exec = if_duplex, .variant = LINE_NO },
    { .syntax = "mtu NUM(68-65535):BYTES", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set the interface Maximum Transmission Unit (MTU)",
      .arg_help = "MTU size in bytes (the port's netdev takes it)", .exec = if_mtu },
    { .syntax = "no mtu", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set the interface Maximum Transmission Unit (MTU)", .exec = if_mtu,
      .variant = LINE_NO },
    { .syntax = "switchport nonegotiate", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Device will not engage in negotiation protocol on this interface"
              " (accepted, no effect)", .exec = if_nonegotiate },
    { .syntax = "no switchport nonegotiate", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Device will not engage in negotiation protocol on this interface",
      .exec = if_nonegotiate, .variant = LINE_NO },
    { .syntax = "cdp", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "CDP interface subcommands" },
    { .syntax = "cdp enable", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Enable CDP on interface (accepted, no effect)", .exec = if_cdp },
    { .syntax = "no cdp", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "CDP interface subcommands" },
    { .syntax = "no cdp enable", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Enable CDP on interface", .exec = if_cdp, .variant = LINE_NO },
    { .syntax = "default", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Set a command to its defaults" },
    { .syntax = "default interface PORT", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Select an interface to configure", .exec = default_interface },
};

const struct cmdline_table cmd_if_lines_table = CMD_TABLE(cmds);
