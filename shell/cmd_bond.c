/* Bonds' configuration (IOS port-channels, docs/cli.md "Global
 * configuration: port-channels"; their shows are cmd_bond_show.c's):
 *   interface port-channel N, no interface port-channel N
 *   channel-group N mode active|passive|on, no channel-group (config-if)
 *   lacp rate fast|normal, bond-mode active-backup|balance-slb (config-if)
 *   lacp system-priority N, port-channel load-balance src-mac|src-dst-mac
 *   port NAME type bond (config-bridge: running-config's bridge block)
 *
 * IOS's port-channel N is the bond port named "PoN" (shell_find_port()
 * also takes "port-channelN", "Port-channelN" and "poN" for it); a member
 * names its bond in its configuration (switchd/config.h). */
#include <stdlib.h>
#include <string.h>

#include "cmd_table.h"
#include "shell_private.h"
#include "state.h"

/* The variants of the bond commands' entries. */
enum bond_variant {
    BOND_SET,
    BOND_NO,
    BOND_LACP_ACTIVE,                   /* channel-group N mode active */
    BOND_LACP_PASSIVE,
    BOND_LACP_ON,
    BOND_RATE_FAST,                     /* lacp rate fast */
    BOND_MODE_AB,                       /* bond-mode active-backup */
    BOND_MODE_SLB,
    BOND_HASH_SRC,                      /* port-channel load-balance src-mac */
    BOND_HASH_SRC_DST,
};

static enum bond_variant
variant_of(const struct cmd_ctx *ctx)
{
    return (enum bond_variant) ctx->match->cmd->variant;
}

/* Configuration edits. */

static struct config_port *
find_port_in(struct config_bridge *b, const char *name)
{
    for (size_t i = 0; i < b->n_ports; i++)
        if (!strcmp(b->ports[i].name, name))
            return &b->ports[i];
    return NULL;
}

/* Adds bond port 'name' to 'b' with VLAN policy 'vlan' (NULL: a new port's
 * default).  Pointers into b->ports are stale afterwards. */
static struct config_port *
bond_add(struct cmd_ctx *ctx, struct config_bridge *b, const char *name,
         const struct vlan_port *vlan)
{
    struct config_port *p = cmd_config_port_add(b, name);

    if (!p) {
        cmd_error(ctx, "Out of memory");
        return NULL;
    }
    p->type = PORT_TYPE_BOND;
    if (vlan)
        p->vlan = *vlan;
    p->bond_cfg.mode = BOND_BALANCE_SLB;
    p->bond_cfg.lacp = CONFIG_LACP_OFF;
    return p;
}

static enum cmd_status
po_enter(struct cmd_ctx *ctx)
{
    unsigned n = (unsigned) cmd_number(ctx, "N");
    const struct port *p;
    char name[16];

    snprintf(name, sizeof name, "Po%u", n);
    if ((p = state_find_port(ctx->sw, name))) {
        if (state_port_config(ctx->sw, p)->type != PORT_TYPE_BOND)
            return cmd_error(ctx, "Interface %s is not a port-channel (type %s)", name,
                             state_port_type(p));
    } else {
        struct switch_config *cfg;
        enum cmd_status st;

        /* With several bridges the port-channel's bridge is its members':
         * it is made by the first `channel-group`, as IOS makes it. */
        if (state_n_bridges(ctx->sw) != 1)
            return cmd_error(ctx, "Port-channel %u does not exist: `channel-group %u` on a"
                             " member creates it in the member's bridge", n, n);
        if (!(cfg = cmd_edit(ctx)))
            return CMD_FAILED;
        if (!bond_add(ctx, &cfg->bridges[0], name, NULL)) {
            config_free(cfg);
            return CMD_FAILED;
        }
        if ((st = cmd_apply(ctx, cfg)) != CMD_OK)
            return st;
    }
    ctx->sess->mode = SHELL_MODE_IF;
    snprintf(ctx->sess->ports[0], sizeof ctx->sess->ports[0], "%s", name);
    ctx->sess->n_ports = 1;
    return CMD_OK;
}

static enum cmd_status
po_delete(struct cmd_ctx *ctx)
{
    unsigned n = (unsigned) cmd_number(ctx, "N");
    struct switch_config *cfg = cmd_edit(ctx);
    struct config_bridge *b;
    struct config_port *p;
    char name[16];

    if (!cfg)
        return CMD_FAILED;
    snprintf(name, sizeof name, "Po%u", n);
    p = cmd_config_port(cfg, name, &b);
    if (!p || p->type != PORT_TYPE_BOND) {
        config_free(cfg);
        return cmd_error(ctx, "Port-channel %u does not exist", n);
    }
    cmd_config_port_remove(b, name);
    return cmd_apply(ctx, cfg);
}

/* The bond an interface-mode command acts on for selected port 'p': 'p'
 * itself if it is one, else the bond it is a member of.  NULL with an
 * error printed. */
static struct config_port *
bond_of_selected(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    struct config_port *bond;

    if (p->type == PORT_TYPE_BOND)
        return p;
    if (!p->bond[0]) {
        cmd_error(ctx, "Interface %s is not in a port-channel", p->name);
        return NULL;
    }
    if (!(bond = find_port_in(b, p->bond)))
        cmd_error(ctx, "Port-channel %s of %s no longer exists", p->bond, p->name);
    return bond;
}

static size_t
count_members(const struct config_bridge *b, const char *bond, const char *except)
{
    size_t n = 0;

    for (size_t i = 0; i < b->n_ports; i++)
        if (!strcmp(b->ports[i].bond, bond) && strcmp(b->ports[i].name, except))
            n++;
    return n;
}

/* `channel-group N mode M` for selected port 'name' of 'cfg'. */
static enum cmd_status
join_one(struct cmd_ctx *ctx, struct switch_config *cfg, const char *name, unsigned n,
         enum config_lacp lacp, bool *created)
{
    struct config_bridge *b, *bb;
    struct config_port *p = cmd_config_port(cfg, name, &b), *bond;
    char po[16];

    if (!p)
        return cmd_error(ctx, "Interface %s no longer exists", name);
    if (p->type != PORT_TYPE_TAP && p->type != PORT_TYPE_SYSTEM)
        return cmd_error(ctx, "Interface %s cannot be a member of a port-channel (type %s)",
                         name, port_type_name(p->type));
    snprintf(po, sizeof po, "Po%u", n);
    bond = cmd_config_port(cfg, po, &bb);
    if (bond && bond->type != PORT_TYPE_BOND)
        return cmd_error(ctx, "Interface %s is not a port-channel (type %s)", po,
                         port_type_name(bond->type));
    if (bond && bb != b)
        return cmd_error(ctx, "Port-channel %u is in bridge %s, %s in bridge %s: members are"
                         " ports of their port-channel's bridge", n, bb->name, name, b->name);
    if (!bond) {
        struct vlan_port vlan = p->vlan;
        /* IOS makes the port-channel from its first member's settings. */
        if (!(bond = bond_add(ctx, b, po, &vlan)))
            return CMD_FAILED;
        *created = true;
        p = find_port_in(b, name);
    } else if (count_members(b, po, name)
               && (lacp == CONFIG_LACP_OFF) != (bond->bond_cfg.lacp == CONFIG_LACP_OFF)) {
        return cmd_error(ctx, "Command rejected (%s, %s): mode on cannot be mixed with LACP"
                         " modes", po, name);
    } else if (strcmp(p->bond, po) && count_members(b, po, name) >= BOND_MEMBERS_MAX) {
        return cmd_error(ctx, "Port-channel %u has %d members already (at most %d)", n,
                         BOND_MEMBERS_MAX, BOND_MEMBERS_MAX);
    }
    bond->bond_cfg.lacp = lacp;
    snprintf(p->bond, sizeof p->bond, "%s", po);
    return CMD_OK;
}

static enum cmd_status
channel_group(struct cmd_ctx *ctx)
{
    struct shell_session *s = ctx->sess;
    struct switch_config *cfg = cmd_edit(ctx);
    unsigned n = (unsigned) cmd_number(ctx, "N");
    enum config_lacp lacp = variant_of(ctx) == BOND_LACP_ACTIVE ? CONFIG_LACP_ACTIVE
                            : variant_of(ctx) == BOND_LACP_PASSIVE ? CONFIG_LACP_PASSIVE
                                                                   : CONFIG_LACP_OFF;
    bool created = false;
    enum cmd_status st = CMD_OK;

    if (!cfg)
        return CMD_FAILED;
    for (unsigned i = 0; i < s->n_ports && st == CMD_OK; i++)
        st = join_one(ctx, cfg, s->ports[i], n, lacp, &created);
    if (st != CMD_OK) {
        config_free(cfg);
        return st;
    }
    /* Said once the change holds: validation may still refuse it. */
    if ((st = cmd_apply(ctx, cfg)) == CMD_OK && created)
        cmd_info(ctx, "Creating a port-channel interface Port-channel %u", n);
    return st;
}

static enum cmd_status
edit_leave(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    struct config_port *bond = p->bond[0] ? find_port_in(b, p->bond) : NULL;

    (void) ctx;
    p->bond[0] = '\0';
    /* The protocol is the members' (IOS): a port-channel left without any
     * runs none, which is also what its running-config, with no
     * channel-group line left to say otherwise, gives back. */
    if (bond && !count_members(b, bond->name, ""))
        bond->bond_cfg.lacp = CONFIG_LACP_OFF;
    return CMD_OK;
}

static enum cmd_status
edit_rate(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    struct config_port *bond = bond_of_selected(ctx, b, p);

    if (!bond)
        return CMD_FAILED;
    bond->bond_cfg.lacp_fast = variant_of(ctx) == BOND_RATE_FAST;
    return CMD_OK;
}

static enum cmd_status
edit_bond_mode(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    (void) b;
    if (p->type != PORT_TYPE_BOND)
        return cmd_error(ctx, "bond-mode applies to port-channels only: %s has type %s",
                         p->name, port_type_name(p->type));
    p->bond_cfg.mode = variant_of(ctx) == BOND_MODE_AB ? BOND_ACTIVE_BACKUP : BOND_BALANCE_SLB;
    return CMD_OK;
}

#define EDIT_COMMAND(name, fn) \
    static enum cmd_status name(struct cmd_ctx *ctx) { return cmd_edit_selected(ctx, fn); }

EDIT_COMMAND(no_channel_group, edit_leave)
EDIT_COMMAND(lacp_rate, edit_rate)
EDIT_COMMAND(bond_mode, edit_bond_mode)

static enum cmd_status
lacp_priority(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = cmd_edit(ctx);

    if (!cfg)
        return CMD_FAILED;
    cfg->lacp_system_priority = variant_of(ctx) == BOND_NO ? CONFIG_LACP_SYSTEM_PRIORITY_DEFAULT
                                                           : cmd_number(ctx, "priority");
    return cmd_apply(ctx, cfg);
}

static enum cmd_status
load_balance(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = cmd_edit(ctx);

    if (!cfg)
        return CMD_FAILED;
    cfg->port_channel_load_balance = variant_of(ctx) == BOND_HASH_SRC_DST ? BOND_HASH_SRC_DST_MAC
                                                                          : BOND_HASH_SRC_MAC;
    return cmd_apply(ctx, cfg);
}

/* `port NAME type bond [ofport N]` in config-bridge: how running-config's
 * bridge block creates a bond with its OpenFlow port number. */
static enum cmd_status
bridge_port_bond(struct cmd_ctx *ctx)
{
    const char *name = cmd_value(ctx, "name");
    unsigned ofport = cmd_value(ctx, "ofport") ? (unsigned) cmd_number(ctx, "ofport") : 0;
    struct switch_config *cfg = cmd_edit(ctx);
    struct config_bridge *b, *other;
    struct config_port *p;

    if (!cfg)
        return CMD_FAILED;
    if (!(b = cmd_config_bridge(cfg, ctx->sess->bridge))) {
        config_free(cfg);
        return cmd_error(ctx, "Bridge %s no longer exists", ctx->sess->bridge);
    }
    p = cmd_config_port(cfg, name, &other);
    if (p && (other != b || p->type != PORT_TYPE_BOND)) {
        enum cmd_status st = other != b
            ? cmd_error(ctx, "Port %s already exists in bridge %s", name, other->name)
            : cmd_error(ctx, "Port %s has type %s: remove it first to make a bond of that name",
                        name, port_type_name(p->type));
        config_free(cfg);
        return st;
    }
    for (size_t i = 0; ofport && i < b->n_ports; i++) {
        if (&b->ports[i] != p && b->ports[i].ofport == ofport) {
            enum cmd_status st = cmd_error(ctx, "ofport %u is taken by port %s", ofport,
                                           b->ports[i].name);
            config_free(cfg);
            return st;
        }
    }
    if (!p && !(p = bond_add(ctx, b, name, NULL))) {
        config_free(cfg);
        return CMD_FAILED;
    }
    if (ofport)
        p->ofport = ofport;
    return cmd_apply(ctx, cfg);
}

#define GROUP "NUM(1-4096):N"
#define GROUP_HELP "Channel group number"

static const struct cmdline_cmd cmds[] = {
    /* Global configuration. */
    { .syntax = "interface port-channel " GROUP, .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Ethernet Channel of interfaces", .arg_help = "Port-channel interface number",
      .exec = po_enter },
    { .syntax = "no interface port-channel " GROUP, .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Ethernet Channel of interfaces", .arg_help = "Port-channel interface number",
      .exec = po_delete },
    { .syntax = "no interface", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Delete a port-channel interface" },
    { .syntax = "lacp", .modes = IN_CONFIG | IN_IF, .privilege = PRIV_ENABLE,
      .help = "LACP configuration" },
    { .syntax = "lacp system-priority NUM(1-65535):priority", .modes = IN_CONFIG,
      .privilege = PRIV_ENABLE, .help = "LACP System priority", .arg_help = "Priority value",
      .exec = lacp_priority },
    { .syntax = "no lacp system-priority", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "LACP System priority", .exec = lacp_priority, .variant = BOND_NO },
    { .syntax = "port-channel", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "EtherChannel configuration" },
    { .syntax = "port-channel load-balance", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "EtherChannel Load-balancing Configuration" },
    { .syntax = "port-channel load-balance src-mac", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Src Mac Addr (and VLAN)", .exec = load_balance, .variant = BOND_HASH_SRC },
    { .syntax = "port-channel load-balance src-dst-mac", .modes = IN_CONFIG,
      .privilege = PRIV_ENABLE, .help = "Src XOR Dst Mac Addr (and VLAN)", .exec = load_balance,
      .variant = BOND_HASH_SRC_DST },
    { .syntax = "no port-channel load-balance", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "EtherChannel Load-balancing Configuration", .exec = load_balance,
      .variant = BOND_NO },

    /* Interface configuration. */
    { .syntax = "channel-group", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Etherchannel/port bundling configuration" },
    { .syntax = "channel-group " GROUP, .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Etherchannel/port bundling configuration", .arg_help = GROUP_HELP },
    { .syntax = "channel-group " GROUP " mode", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Etherchannel Mode of the interface", .arg_help = GROUP_HELP },
    { .syntax = "channel-group " GROUP " mode active", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Enable LACP unconditionally", .arg_help = GROUP_HELP, .exec = channel_group,
      .variant = BOND_LACP_ACTIVE },
    { .syntax = "channel-group " GROUP " mode passive", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Enable LACP only if a LACP device is detected", .arg_help = GROUP_HELP,
      .exec = channel_group, .variant = BOND_LACP_PASSIVE },
    { .syntax = "channel-group " GROUP " mode on", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Enable Etherchannel only", .arg_help = GROUP_HELP, .exec = channel_group,
      .variant = BOND_LACP_ON },
    { .syntax = "no channel-group", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Etherchannel/port bundling configuration", .exec = no_channel_group },
    { .syntax = "lacp rate", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Rate at which the partner sends LACP packets" },
    { .syntax = "lacp rate fast", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Request LACP packets every second", .exec = lacp_rate,
      .variant = BOND_RATE_FAST },
    { .syntax = "lacp rate normal", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Request LACP packets every 30 seconds (default)", .exec = lacp_rate },
    { .syntax = "no lacp rate", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Rate at which the partner sends LACP packets", .exec = lacp_rate,
      .variant = BOND_NO },
    { .syntax = "bond-mode", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "How the port-channel spreads frames over its members (OVS bond_mode)" },
    { .syntax = "bond-mode active-backup", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "One member carries the traffic, the others stand by", .exec = bond_mode,
      .variant = BOND_MODE_AB },
    { .syntax = "bond-mode balance-slb", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Spread by source MAC and VLAN (the default)", .exec = bond_mode,
      .variant = BOND_MODE_SLB },
    { .syntax = "no bond-mode", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "How the port-channel spreads frames over its members", .exec = bond_mode,
      .variant = BOND_NO },

    /* config-bridge: running-config's bridge block. */
    { .syntax = "port WORD:name type bond [ofport NUM(1-65279)]", .modes = IN_BRIDGE,
      .privilege = PRIV_ENABLE, .help = "A bond (port-channel) of tap or system ports",
      .exec = bridge_port_bond },
};

const struct cmdline_table cmd_bond_table = CMD_TABLE(cmds);
