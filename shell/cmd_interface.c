/* Interfaces: `interface NAME` and `interface range ...` (config-if and
 * config-if-range modes), switchport settings, shutdown, description
 * (their show commands: cmd_interface_show.c).
 *
 * Every config-if command edits all selected ports in one configuration
 * change, so `interface range` with a new access VLAN moves every port at
 * once (and flushes their MAC entries: state_apply()). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd_table.h"
#include "shell_private.h"
#include "state.h"

static enum cmd_status
if_enter(struct cmd_ctx *ctx)
{
    const struct port *p;
    enum cmd_status status = cmd_port(ctx, "PORT", &p);

    if (status != CMD_OK)
        return status;
    ctx->sess->mode = SHELL_MODE_IF;
    snprintf(ctx->sess->ports[0], sizeof ctx->sess->ports[0], "%s", state_port_name(p));
    ctx->sess->n_ports = 1;
    return CMD_OK;
}

/* Adds 'name' to the session's selection (once). */
static enum cmd_status
select_port(struct cmd_ctx *ctx, const char *name, unsigned *n)
{
    struct shell_session *s = ctx->sess;
    bool ambiguous;
    const struct port *p = shell_find_port(ctx->sw, name, &ambiguous);

    if (ambiguous)
        return cmd_error(ctx, "Ambiguous interface name \"%s\"", name);
    if (!p)
        return cmd_error(ctx, "Interface %s does not exist", name);
    for (unsigned i = 0; i < *n; i++)
        if (!strcmp(s->ports[i], state_port_name(p)))
            return CMD_OK;
    if (*n == SHELL_MAX_SELECT)
        return cmd_error(ctx, "A range holds at most %d interfaces", SHELL_MAX_SELECT);
    snprintf(s->ports[(*n)++], sizeof s->ports[0], "%s", state_port_name(p));
    return CMD_OK;
}

/* `interface range vm1 - 4 , uplink`: items separated by ',', an item a
 * name or "NAME - N" (spaces around '-', as IOS, since names may contain
 * '-'), which counts the name's trailing number up to N. */
static enum cmd_status
if_range(struct cmd_ctx *ctx)
{
    char text[CMDLINE_LINE_MAX], *save = NULL;
    unsigned n = 0;
    enum cmd_status status;

    snprintf(text, sizeof text, "%s", cmd_value(ctx, "PORTS"));
    for (char *item = strtok_r(text, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        char name[64], dash[8], last[16], extra[8];
        int words = sscanf(item, "%63s %7s %15s %7s", name, dash, last, extra);

        if (words == 1) {
            if ((status = select_port(ctx, name, &n)) != CMD_OK)
                return status;
        } else if (words == 3 && !strcmp(dash, "-")) {
            size_t len = strlen(name), digits = 0;
            while (digits < len && isdigit((unsigned char) name[len - digits - 1]))
                digits++;
            char *end;
            long to = strtol(last, &end, 10), from;
            if (!digits || *end || to < 0)
                return cmd_error(ctx, "Bad interface range \"%s\" (expected e.g. vm1 - 4)", item);
            from = strtol(name + len - digits, NULL, 10);
            if (to < from || to - from >= SHELL_MAX_SELECT)
                return cmd_error(ctx, "Bad interface range \"%s\"", item);
            for (long i = from; i <= to; i++) {
                char each[96];
                snprintf(each, sizeof each, "%.*s%0*ld", (int) (len - digits), name,
                         name[len - digits] == '0' ? (int) digits : 0, i);
                if ((status = select_port(ctx, each, &n)) != CMD_OK)
                    return status;
            }
        } else if (words > 0) {
            return cmd_error(ctx, "Bad interface range \"%s\" (expected e.g. vm1 - 4 , vm7)",
                             item);
        }
    }
    if (!n)
        return cmd_error(ctx, "No interface in the range");
    ctx->sess->n_ports = n;
    ctx->sess->mode = SHELL_MODE_IF_RANGE;
    return CMD_OK;
}

/* Which form of a config-if command an entry is (its variant): the plain
 * form sets what was typed, the "no" form goes back to the default, and the
 * other keywords of a command are named. */
enum if_variant {
    IF_SET,
    IF_NO,
    IF_MODE_ACCESS,             /* switchport mode access */
    IF_MODE_TRUNK,              /* switchport mode trunk */
    IF_NATIVE_NONE,             /* switchport trunk native vlan none */
    IF_NATIVE_TAG,              /* switchport trunk native vlan tag */
    IF_NO_NATIVE_TAG,           /* no switchport trunk native vlan tag */
    IF_ALLOWED_ADD,             /* switchport trunk allowed vlan add VLANS */
    IF_ALLOWED_REMOVE,
    IF_ALLOWED_EXCEPT,
    IF_ALLOWED_ALL,
    IF_ALLOWED_NONE,
};

static enum if_variant
variant_of(const struct cmd_ctx *ctx)
{
    return (enum if_variant) ctx->match->cmd->variant;
}

static enum cmd_status
edit_description(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    const char *text = cmd_value(ctx, "TEXT");

    (void) b;
    if (text && strlen(text) > CONFIG_DESCRIPTION_MAX)
        return cmd_error(ctx, "Description too long (at most %d characters)",
                         CONFIG_DESCRIPTION_MAX);
    snprintf(p->description, sizeof p->description, "%s", text ? text : "");
    return CMD_OK;
}

static enum cmd_status
edit_shutdown(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    (void) b;
    p->enabled = variant_of(ctx) == IF_NO;
    return CMD_OK;
}

static enum cmd_status
edit_mode(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    (void) b;
    /* `no switchport mode` goes back to the factory default, trunk. */
    p->vlan.mode = variant_of(ctx) == IF_MODE_ACCESS ? VLAN_MODE_ACCESS : VLAN_MODE_TRUNK;
    return CMD_OK;
}

/* IOS creates a VLAN an access port is put in. */
static enum cmd_status
ensure_vlan(struct cmd_ctx *ctx, struct config_bridge *b, uint16_t vid)
{
    if (cmd_config_vlan(b, vid, false))
        return CMD_OK;
    if (!cmd_config_vlan(b, vid, true))
        return cmd_error(ctx, "Out of memory");
    cmd_info(ctx, "Access VLAN does not exist. Creating vlan %u", (unsigned) vid);
    return CMD_OK;
}

static enum cmd_status
edit_access_vlan(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    uint16_t vid = variant_of(ctx) == IF_NO ? 1 : cmd_number(ctx, "VID");

    p->vlan.access_vid = vid;
    return ensure_vlan(ctx, b, vid);
}

static enum cmd_status
edit_native_vlan(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    (void) b;
    switch (variant_of(ctx)) {
    case IF_NATIVE_TAG:     p->vlan.native_tagged = true; break;
    case IF_NO_NATIVE_TAG:  p->vlan.native_tagged = false; break;
    case IF_NATIVE_NONE:    p->vlan.native_vid = 0; break;
    case IF_NO:             p->vlan.native_vid = 1; break;
    default:                p->vlan.native_vid = cmd_number(ctx, "VID"); break;
    }
    return CMD_OK;
}

static enum cmd_status
edit_allowed(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    const char *list = cmd_value(ctx, "VLANS");
    char edit[CMDLINE_LINE_MAX];
    struct err_msg err;

    (void) b;
    /* The keyword after "allowed vlan" picks the edit, in vlan_set_edit()'s
     * words. */
    switch (variant_of(ctx)) {
    case IF_NO:
    case IF_ALLOWED_ALL:    snprintf(edit, sizeof edit, "all"); break;
    case IF_ALLOWED_NONE:   snprintf(edit, sizeof edit, "none"); break;
    case IF_ALLOWED_ADD:    snprintf(edit, sizeof edit, "add %s", list); break;
    case IF_ALLOWED_REMOVE: snprintf(edit, sizeof edit, "remove %s", list); break;
    case IF_ALLOWED_EXCEPT: snprintf(edit, sizeof edit, "except %s", list); break;
    default:                snprintf(edit, sizeof edit, "%s", list); break;
    }
    if (!vlan_set_edit(&p->vlan.allowed, edit, &err))
        return cmd_error(ctx, "%s", err.text);
    return CMD_OK;
}

#define EDIT_COMMAND(name, fn) \
    static enum cmd_status name(struct cmd_ctx *ctx) { return cmd_edit_selected(ctx, fn); }

EDIT_COMMAND(if_description, edit_description)
EDIT_COMMAND(if_shutdown, edit_shutdown)
EDIT_COMMAND(if_mode, edit_mode)
EDIT_COMMAND(if_access_vlan, edit_access_vlan)
EDIT_COMMAND(if_native_vlan, edit_native_vlan)
EDIT_COMMAND(if_allowed, edit_allowed)

static const struct cmdline_cmd cmds[] = {
    { .syntax = "interface PORT", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Select an interface to configure", .exec = if_enter },
    { .syntax = "interface range PORTS", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "interface range command",
      .arg_help = "Interfaces: vm1 - 4 , uplink (spaces around '-' and ',')", .exec = if_range },
    { .syntax = "description TEXT", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Interface specific description",
      .arg_help = "Up to 240 characters describing this interface", .exec = if_description },
    { .syntax = "no description", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Interface specific description", .exec = if_description },
    { .syntax = "shutdown", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Shutdown the selected interface", .exec = if_shutdown },
    { .syntax = "no shutdown", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Shutdown the selected interface", .exec = if_shutdown, .variant = IF_NO },
    { .syntax = "switchport", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set switching mode characteristics" },
    { .syntax = "switchport mode", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set trunking mode of the interface" },
    { .syntax = "switchport mode access", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set trunking mode to ACCESS unconditionally", .exec = if_mode,
      .variant = IF_MODE_ACCESS },
    { .syntax = "switchport mode trunk", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set trunking mode to TRUNK unconditionally", .exec = if_mode,
      .variant = IF_MODE_TRUNK },
    { .syntax = "no switchport mode", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set trunking mode of the interface", .exec = if_mode, .variant = IF_NO },
    { .syntax = "switchport access", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set access mode characteristics of the interface" },
    { .syntax = "switchport access vlan VID", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set VLAN when interface is in access mode",
      .arg_help = "VLAN ID of the VLAN when this port is in access mode", .exec = if_access_vlan },
    { .syntax = "no switchport access vlan", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set VLAN when interface is in access mode", .exec = if_access_vlan,
      .variant = IF_NO },
    { .syntax = "switchport trunk", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set trunking characteristics of the interface" },
    { .syntax = "switchport trunk native", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set trunking native characteristics when interface is in trunking mode" },
    { .syntax = "switchport trunk native vlan VID", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set native VLAN when interface is in trunking mode",
      .arg_help = "VLAN ID of the native VLAN when this port is in trunking mode",
      .exec = if_native_vlan },
    { .syntax = "switchport trunk native vlan none", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "No native VLAN: untagged frames are VLAN 0", .exec = if_native_vlan,
      .variant = IF_NATIVE_NONE },
    { .syntax = "switchport trunk native vlan tag", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set native VLAN tagging state", .exec = if_native_vlan, .variant = IF_NATIVE_TAG },
    { .syntax = "no switchport trunk native vlan", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set native VLAN when interface is in trunking mode", .exec = if_native_vlan,
      .variant = IF_NO },
    { .syntax = "no switchport trunk native vlan tag", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set native VLAN tagging state", .exec = if_native_vlan,
      .variant = IF_NO_NATIVE_TAG },
    { .syntax = "switchport trunk allowed", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set allowed VLAN characteristics when interface is in trunking mode" },
    { .syntax = "switchport trunk allowed vlan VLANS", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set allowed VLANs when interface is in trunking mode",
      .arg_help = "VLAN IDs of the allowed VLANs when this port is in trunking mode",
      .exec = if_allowed },
    { .syntax = "switchport trunk allowed vlan add VLANS", .modes = IN_IF,
      .privilege = PRIV_ENABLE, .help = "add VLANs to the current list",
      .arg_help = "VLAN IDs of the allowed VLANs when this port is in trunking mode",
      .exec = if_allowed, .variant = IF_ALLOWED_ADD },
    { .syntax = "switchport trunk allowed vlan remove VLANS", .modes = IN_IF,
      .privilege = PRIV_ENABLE, .help = "remove VLANs from the current list",
      .arg_help = "VLAN IDs of disallowed VLANS when this port is in trunking mode",
      .exec = if_allowed, .variant = IF_ALLOWED_REMOVE },
    { .syntax = "switchport trunk allowed vlan except VLANS", .modes = IN_IF,
      .privilege = PRIV_ENABLE, .help = "all VLANs except the following",
      .arg_help = "VLAN IDs of disallowed VLANS when this port is in trunking mode",
      .exec = if_allowed, .variant = IF_ALLOWED_EXCEPT },
    { .syntax = "switchport trunk allowed vlan all", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "all VLANs", .exec = if_allowed, .variant = IF_ALLOWED_ALL },
    { .syntax = "switchport trunk allowed vlan none", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "no VLANs", .exec = if_allowed, .variant = IF_ALLOWED_NONE },
    { .syntax = "no switchport trunk allowed vlan", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Set allowed VLANs when interface is in trunking mode", .exec = if_allowed,
      .variant = IF_NO },
};

const struct cmdline_table cmd_interface_table = CMD_TABLE(cmds);
