/* IOS storm control (docs/cli.md, `storm-control`): the interface lines
 * `storm-control broadcast|multicast|unicast level pps N [M]` and
 * `storm-control action shutdown|trap` (and their `no` forms), kept in the
 * port's configuration (config_storm) and enforced by net/ per frame
 * (net/storm_control.h), and `show storm-control [PORT | interface PORT]
 * [broadcast|multicast|unicast]` in IOS's layout. */
#include <string.h>

#include "cmd_table.h"
#include "shell_private.h"
#include "state.h"
#include "storm_control.h"

/* The variants: a class's level (its enum storm_class value), its `no`
 * form, and the actions. */
enum storm_variant {
    LEVEL_BROADCAST = STORM_BROADCAST,
    LEVEL_MULTICAST = STORM_MULTICAST,
    LEVEL_UNICAST = STORM_UNICAST,
    NO_LEVEL_BROADCAST,
    NO_LEVEL_MULTICAST,
    NO_LEVEL_UNICAST,
    ACTION_SHUTDOWN,
    ACTION_TRAP,
    NO_ACTION_SHUTDOWN,
    NO_ACTION_TRAP,
};

static enum storm_variant
variant_of(const struct cmd_ctx *ctx)
{
    return (enum storm_variant) ctx->match->cmd->variant;
}

/* A rate value 'key' of the line, or the caret under it. */
static enum cmd_status
get_pps(struct cmd_ctx *ctx, const char *key, uint64_t *pps)
{
    return storm_pps_parse(cmd_value(ctx, key), pps) ? CMD_OK : cmd_invalid(ctx, key);
}

static enum cmd_status
edit_level(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    enum storm_variant v = variant_of(ctx);
    struct storm_level level = { false, 0, 0 };
    enum cmd_status status;

    (void) b;
    if (v >= NO_LEVEL_BROADCAST) {
        p->storm.levels.level[v - NO_LEVEL_BROADCAST] = level;
        return CMD_OK;
    }
    level.on = true;
    if ((status = get_pps(ctx, "RISING", &level.rising_pps)) != CMD_OK)
        return status;
    level.falling_pps = level.rising_pps;
    if (cmd_value(ctx, "FALLING")
        && (status = get_pps(ctx, "FALLING", &level.falling_pps)) != CMD_OK)
        return status;
    if (level.falling_pps > level.rising_pps)
        return cmd_error(ctx, "Falling level %s is above the rising level %s",
                         cmd_value(ctx, "FALLING"), cmd_value(ctx, "RISING"));
    p->storm.levels.level[v] = level;
    return CMD_OK;
}

static enum cmd_status
edit_action(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    (void) b;
    switch (variant_of(ctx)) {
    case ACTION_SHUTDOWN:    p->storm.action_shutdown = true; break;
    case ACTION_TRAP:        p->storm.action_trap = true; break;
    case NO_ACTION_SHUTDOWN: p->storm.action_shutdown = false; break;
    case NO_ACTION_TRAP:     p->storm.action_trap = false; break;
    default:                 break;
    }
    return CMD_OK;
}

static enum cmd_status
if_level(struct cmd_ctx *ctx)
{
    return cmd_edit_selected(ctx, edit_level);
}

static enum cmd_status
if_action(struct cmd_ctx *ctx)
{
    return cmd_edit_selected(ctx, edit_action);
}

/* `show storm-control`. */

/* IOS's Filter State of 'p' for class 'c'. */
static const char *
filter_state(struct cmd_ctx *ctx, const struct port *p, const struct storm_class_state *st)
{
    switch (state_port_status(ctx->sw, p)) {
    case STATE_PORT_ERR_DISABLED: return "Error Disabled";
    case STATE_PORT_CONNECTED:    return st->blocking ? "Blocking" : "Forwarding";
    default:                      return "Link Down";
    }
}

static void
rate(uint64_t pps, char buf[STORM_PPS_STR_MAX + 4])
{
    char n[STORM_PPS_STR_MAX];

    storm_pps_format(pps, n);
    snprintf(buf, STORM_PPS_STR_MAX + 4, "%s pps", n);
}

static void
show_port(struct cmd_ctx *ctx, int w, const struct port *p, enum storm_class c)
{
    const struct storm_control *sc = state_port_storm_control(p);
    const struct storm_class_state *st = sc ? &sc->cls[c] : NULL;
    char upper[STORM_PPS_STR_MAX + 4], lower[STORM_PPS_STR_MAX + 4];
    char current[STORM_PPS_STR_MAX + 4];

    if (!st || !st->level.on) {
        /* A class with no level is not measured. */
        cmd_out(ctx, "%-*s  %-13s  %11s  %11s  %10s", w, state_port_name(p), "Inactive",
                "-", "-", "-");
        return;
    }
    rate(st->level.rising_pps, upper);
    rate(st->level.falling_pps, lower);
    rate(st->last_seen, current);
    cmd_out(ctx, "%-*s  %-13s  %11s  %11s  %10s", w, state_port_name(p),
            filter_state(ctx, p, st), upper, lower, current);
}

static bool
has_level(const struct port *p, enum storm_class c)
{
    const struct storm_control *sc = state_port_storm_control(p);

    return sc && sc->cls[c].level.on;
}

static enum cmd_status
show_storm_control(struct cmd_ctx *ctx)
{
    static const char *const words[] = { "broadcast", "multicast", "unicast" };
    const struct port *only = NULL;
    const char *port_key;
    enum storm_class c = STORM_BROADCAST;
    enum cmd_status status;
    unsigned n_classes = 0;
    int w = 9;

    for (unsigned i = 0; i < ARRAY_SIZE(words); i++) {
        if (cmd_value(ctx, words[i])) {
            c = (enum storm_class) i;
            n_classes++;
        }
    }
    if (n_classes > 1)
        return cmd_error(ctx, "Give one of broadcast, multicast or unicast");
    /* `[interface PORT]` names its value by the keyword. */
    port_key = cmd_value(ctx, "interface") ? "interface" : "PORT";
    if (cmd_value(ctx, port_key) && (status = cmd_port(ctx, port_key, &only)) != CMD_OK)
        return status;
    for (size_t i = 0; i < state_n_ports(ctx->sw); i++) {
        const struct port *p = state_port_at(ctx->sw, i);
        int len = (int) strlen(state_port_name(p));

        if ((only ? p == only : has_level(p, c)) && len > w)
            w = len;
    }
    /* IOS's columns: names wider than its 9 widen the first. */
    cmd_out(ctx, "%-*s  %-13s  %-11s  %-11s  %s", w, "Interface", "Filter State", "Upper",
            "Lower", "Current");
    cmd_out(ctx, "%.*s  -------------  -----------  -----------  ----------", w,
            "----------------------------------------");
    if (only) {
        show_port(ctx, w, only, c);
        return CMD_OK;
    }
    for (size_t i = 0; i < state_n_ports(ctx->sw); i++) {
        const struct port *p = state_port_at(ctx->sw, i);

        if (has_level(p, c))
            show_port(ctx, w, p, c);
    }
    return CMD_OK;
}

#define LEVEL_HELP "Rising level in packets per second: 0-10g, suffixes k, m, g (1.5k = 1500)"
#define FALLING_HELP "Falling level in packets per second (default: the rising level)"

#define LEVEL_ENTRIES(cls, CLS, what) \
    { .syntax = "storm-control " cls, .modes = IN_IF, .privilege = PRIV_ENABLE, \
      .help = what " storm control" }, \
    { .syntax = "storm-control " cls " level", .modes = IN_IF, .privilege = PRIV_ENABLE, \
      .help = "Set storm suppression level on this interface" }, \
    { .syntax = "storm-control " cls " level pps WORD:RISING", .modes = IN_IF, \
      .privilege = PRIV_ENABLE, .help = "Enter suppression level in packets per second", \
      .arg_help = LEVEL_HELP, .exec = if_level, .variant = LEVEL_##CLS }, \
    { .syntax = "storm-control " cls " level pps WORD:RISING WORD:FALLING", .modes = IN_IF, \
      .privilege = PRIV_ENABLE, .help = "Enter suppression level in packets per second", \
      .arg_help = LEVEL_HELP, .exec = if_level, .variant = LEVEL_##CLS }, \
    { .syntax = "no storm-control " cls, .modes = IN_IF, .privilege = PRIV_ENABLE, \
      .help = what " storm control" }, \
    { .syntax = "no storm-control " cls " level", .modes = IN_IF, .privilege = PRIV_ENABLE, \
      .help = "Set storm suppression level on this interface", .exec = if_level, \
      .variant = NO_LEVEL_##CLS }

static const struct cmdline_cmd cmds[] = {
    { .syntax = "storm-control", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "storm configuration" },
    { .syntax = "no storm-control", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "storm configuration" },
    LEVEL_ENTRIES("broadcast", BROADCAST, "Broadcast address"),
    LEVEL_ENTRIES("multicast", MULTICAST, "Multicast address"),
    LEVEL_ENTRIES("unicast", UNICAST, "Unicast address"),
    { .syntax = "storm-control action", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Action to take for storm-control" },
    { .syntax = "storm-control action shutdown", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Shutdown this interface if a storm occurs", .exec = if_action,
      .variant = ACTION_SHUTDOWN },
    { .syntax = "storm-control action trap", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Send SNMP trap if a storm occurs (here: log it)", .exec = if_action,
      .variant = ACTION_TRAP },
    { .syntax = "no storm-control action", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Action to take for storm-control" },
    { .syntax = "no storm-control action shutdown", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Shutdown this interface if a storm occurs", .exec = if_action,
      .variant = NO_ACTION_SHUTDOWN },
    { .syntax = "no storm-control action trap", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Send SNMP trap if a storm occurs", .exec = if_action,
      .variant = NO_ACTION_TRAP },
    { .syntax = "show storm-control [interface PORT] [broadcast] [multicast] [unicast]",
      .modes = IN_EXEC, .privilege = PRIV_USER, .help = "Show storm control configuration",
      .exec = show_storm_control, .flags = CMDLINE_FILTERABLE },
    { .syntax = "show storm-control PORT [broadcast] [multicast] [unicast]",
      .modes = IN_EXEC, .privilege = PRIV_USER, .help = "Show storm control configuration",
      .arg_help = "Interface to show", .exec = show_storm_control,
      .flags = CMDLINE_FILTERABLE },
};

const struct cmdline_table cmd_storm_control_table = CMD_TABLE(cmds);
