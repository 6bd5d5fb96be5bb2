/* Spanning tree, as IOS configures and shows it (docs/cli.md "Spanning
 * tree"; the instance is net/rstp.h, run by switchd/state_stp.c; the
 * decisions are docs/design.md section 5.13):
 *   spanning-tree mode rapid-pvst|pvst|mst, spanning-tree vlan LIST,
 *   spanning-tree [vlan LIST] priority N, spanning-tree vlan LIST
 *   hello-time|forward-time|max-age N, spanning-tree portfast [bpduguard]
 *   default (global; in config-bridge mode that bridge only) and their `no`
 *   forms;
 *   spanning-tree portfast [disable], bpduguard|bpdufilter enable|disable,
 *   cost N, port-priority N, link-type point-to-point|shared (config-if);
 *   show spanning-tree [detail|summary|interface X [detail]],
 *   clear spanning-tree counters|detected-protocols [interface X].
 * Each bridge runs one instance: any VLAN list names it. */
#include <stdlib.h>
#include <string.h>

#include "cmd_table.h"
#include "loop.h"
#include "shell_private.h"
#include "state.h"
#include "stp_show.h"

enum stp_variant {
    STP_SET,
    STP_NO,
    /* Global. */
    STP_MODE_RAPID_PVST, STP_MODE_PVST, STP_MODE_MST,
    STP_PRIORITY, STP_NO_PRIORITY,
    STP_HELLO, STP_NO_HELLO,
    STP_FWD, STP_NO_FWD,
    STP_MAX_AGE, STP_NO_MAX_AGE,
    STP_PORTFAST_DEFAULT, STP_NO_PORTFAST_DEFAULT,
    STP_GUARD_DEFAULT, STP_NO_GUARD_DEFAULT,
    STP_HOLD, STP_NO_HOLD,
    /* Interface. */
    STP_PORTFAST, STP_PORTFAST_DISABLE, STP_NO_PORTFAST,
    STP_GUARD_ENABLE, STP_GUARD_DISABLE, STP_NO_GUARD,
    STP_FILTER_ENABLE, STP_FILTER_DISABLE, STP_NO_FILTER,
    STP_COST, STP_NO_COST,
    STP_PORT_PRIORITY, STP_NO_PORT_PRIORITY,
    STP_LINK_P2P, STP_LINK_SHARED, STP_NO_LINK,
    /* EXEC. */
    STP_DETAIL,
    STP_SUMMARY,
    STP_COUNTERS,
    STP_MCHECK,
};

static enum stp_variant
variant_of(const struct cmd_ctx *ctx)
{
    return (enum stp_variant) ctx->match->cmd->variant;
}

/* Global configuration. */

static enum cmd_status
stp_mode(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = cmd_edit(ctx);

    if (!cfg)
        return CMD_FAILED;
    switch (variant_of(ctx)) {
    case STP_MODE_RAPID_PVST: cfg->inert.stp_mode = CONFIG_STP_RAPID_PVST; break;
    case STP_MODE_MST:        cfg->inert.stp_mode = CONFIG_STP_MST; break;
    default:                  cfg->inert.stp_mode = CONFIG_STP_PVST; break;
    }
    return cmd_apply(ctx, cfg);
}

/* IOS's answer to a priority off its steps. */
static enum cmd_status
priority_steps_error(struct cmd_ctx *ctx)
{
    return cmd_error(ctx, "Bridge Priority must be in increments of 4096.\n"
                     "%% Allowed values are: \n"
                     "  0     4096  8192  12288 16384 20480 24576 28672\n"
                     "  32768 36864 40960 45056 49152 53248 57344 61440");
}

/* The bridges a global spanning-tree command edits: every one, or in
 * config-bridge mode the session's (as shell/cmd_vlan.c scopes `vlan`). */
static bool
in_scope(const struct cmd_ctx *ctx, const struct config_bridge *b)
{
    return ctx->match->mode != SHELL_MODE_BRIDGE || !strcmp(ctx->sess->bridge, b->name);
}

static void
edit_bridge_stp(struct cmd_ctx *ctx, struct config_stp *s)
{
    switch (variant_of(ctx)) {
    case STP_SET: s->enabled = true; break;
    case STP_NO: s->enabled = false; break;
    case STP_PRIORITY:
        s->priority_set = true;
        s->priority = (uint16_t) cmd_number(ctx, "bridge-priority");
        break;
    case STP_NO_PRIORITY: s->priority_set = false, s->priority = 0; break;
    case STP_HELLO: s->hello_s = (uint8_t) cmd_number(ctx, "seconds"); break;
    case STP_NO_HELLO: s->hello_s = 0; break;
    case STP_FWD: s->forward_delay_s = (uint8_t) cmd_number(ctx, "seconds"); break;
    case STP_NO_FWD: s->forward_delay_s = 0; break;
    case STP_MAX_AGE: s->max_age_s = (uint8_t) cmd_number(ctx, "seconds"); break;
    case STP_NO_MAX_AGE: s->max_age_s = 0; break;
    case STP_PORTFAST_DEFAULT: s->portfast_default = true; break;
    case STP_NO_PORTFAST_DEFAULT: s->portfast_default = false; break;
    case STP_GUARD_DEFAULT: s->bpduguard_default = true; break;
    case STP_NO_GUARD_DEFAULT: s->bpduguard_default = false; break;
    case STP_HOLD: s->tx_hold_count = (uint8_t) cmd_number(ctx, "count"); break;
    case STP_NO_HOLD: s->tx_hold_count = 0; break;
    default: break;
    }
}

static enum cmd_status
stp_global(struct cmd_ctx *ctx)
{
    struct switch_config *cfg;

    if (variant_of(ctx) == STP_PRIORITY && cmd_number(ctx, "bridge-priority") % RSTP_PRIORITY_STEP)
        return priority_steps_error(ctx);
    if (!(cfg = cmd_edit(ctx)))
        return CMD_FAILED;
    for (size_t b = 0; b < cfg->n_bridges; b++) {
        struct config_stp *s = &cfg->bridges[b].stp;
        struct rstp_bridge_config rc = RSTP_BRIDGE_CONFIG_DEFAULT;
        char why[160];

        if (!in_scope(ctx, &cfg->bridges[b]))
            continue;
        edit_bridge_stp(ctx, s);
        /* The timers together, said in the shell's words rather than as
         * the JSON path config_validate() would name. */
        rc.hello_s = s->hello_s ? s->hello_s : rc.hello_s;
        rc.max_age_s = s->max_age_s ? s->max_age_s : rc.max_age_s;
        rc.forward_delay_s = s->forward_delay_s ? s->forward_delay_s : rc.forward_delay_s;
        if (rstp_bridge_config_check(&rc, why, sizeof why)) {
            char name[CONFIG_NAME_MAX + 1];

            snprintf(name, sizeof name, "%s", cfg->bridges[b].name);
            config_free(cfg);
            return cmd_error(ctx, "Bridge %s: %s", name, why);
        }
    }
    return cmd_apply(ctx, cfg);
}

/* Interface configuration. */

static enum cmd_status
edit_port(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    struct config_port_stp *s = &p->stp;

    (void) b;
    switch (variant_of(ctx)) {
    case STP_PORTFAST: s->portfast = CONFIG_STP_ENABLE; break;
    case STP_PORTFAST_DISABLE: s->portfast = CONFIG_STP_DISABLE; break;
    case STP_NO_PORTFAST: s->portfast = CONFIG_STP_DEFAULT; break;
    case STP_GUARD_ENABLE: s->bpduguard = CONFIG_STP_ENABLE; break;
    case STP_GUARD_DISABLE: s->bpduguard = CONFIG_STP_DISABLE; break;
    case STP_NO_GUARD: s->bpduguard = CONFIG_STP_DEFAULT; break;
    case STP_FILTER_ENABLE: s->bpdufilter = CONFIG_STP_ENABLE; break;
    case STP_FILTER_DISABLE: s->bpdufilter = CONFIG_STP_DISABLE; break;
    case STP_NO_FILTER: s->bpdufilter = CONFIG_STP_DEFAULT; break;
    case STP_COST: s->cost = (uint32_t) cmd_number(ctx, "cost"); break;
    case STP_NO_COST: s->cost = 0; break;
    case STP_PORT_PRIORITY:
        s->priority_set = true;
        s->priority = (uint8_t) cmd_number(ctx, "port-priority");
        break;
    case STP_NO_PORT_PRIORITY: s->priority_set = false, s->priority = 0; break;
    case STP_LINK_P2P: s->link_type = CONFIG_STP_LINK_P2P; break;
    case STP_LINK_SHARED: s->link_type = CONFIG_STP_LINK_SHARED; break;
    case STP_NO_LINK: s->link_type = CONFIG_STP_LINK_AUTO; break;
    default: break;
    }
    return CMD_OK;
}

static enum cmd_status
stp_port(struct cmd_ctx *ctx)
{
    if (variant_of(ctx) == STP_PORT_PRIORITY
        && cmd_number(ctx, "port-priority") % RSTP_PORT_PRIORITY_STEP)
        return cmd_error(ctx, "Port Priority in increments of 16 is required\n"
                         "%% Allowed values are: \n"
                         "  0   16  32  48  64  80  96  112 128 144 160 176 192 208 224 240");
    return cmd_edit_selected(ctx, edit_port);
}

/* Shows. */

/* What stp_show.h needs of bridge 'b', read from the live switch into
 * 'ports' (room for every port).  False when 'b' runs no spanning tree. */
static bool
collect(struct cmd_ctx *ctx, struct sw_bridge *b, struct stp_show_port *ports,
        struct stp_show_bridge *out)
{
    const struct config_bridge *cb = config_find_bridge(state_config(ctx->sw),
                                                        state_bridge_name(b));

    *out = (struct stp_show_bridge) { .name = state_bridge_name(b), .ports = ports,
                                      .aging_s = cb ? cb->mac_aging_s : 0 };
    if (!state_stp_bridge_info(b, &out->info))
        return false;
    for (size_t i = 0; i < state_n_ports(ctx->sw); i++) {
        const struct port *p = state_port_at(ctx->sw, i);
        struct stp_show_port *sp = &ports[out->n_ports];

        if (state_port_bridge(p) != b)
            continue;
        memset(sp, 0, sizeof *sp);
        if (!state_stp_port_info(p, &sp->info, &sp->bpduguard))
            continue;
        sp->name = state_port_name(p);
        sp->link_type = state_port_config(ctx->sw, p)->stp.link_type;
        out->n_ports++;
    }
    return true;
}

static struct stp_show_port *
ports_alloc(struct cmd_ctx *ctx)
{
    size_t n = state_n_ports(ctx->sw);
    struct stp_show_port *ports = calloc(n ? n : 1, sizeof *ports);

    if (!ports)
        cmd_error(ctx, "Out of memory");
    return ports;
}

static enum cmd_status
show_stp(struct cmd_ctx *ctx)
{
    struct stp_show_port *ports = ports_alloc(ctx);
    bool detail = variant_of(ctx) == STP_DETAIL, any = false;

    if (!ports)
        return CMD_FAILED;
    for (size_t i = 0; i < state_n_bridges(ctx->sw); i++) {
        struct stp_show_bridge sb;

        if (!collect(ctx, state_bridge_at(ctx->sw, i), ports, &sb))
            continue;
        any = true;
        if (detail)
            stp_show_bridge_detail(ctx->out, &sb, loop_now_ms());
        else
            stp_show_bridge(ctx->out, &sb);
    }
    free(ports);
    if (!any)
        cmd_out(ctx, "No spanning tree instance exists.");
    else if (!detail)
        cmd_out(ctx, "%s", "");
    return CMD_OK;
}

static enum cmd_status
show_interface(struct cmd_ctx *ctx)
{
    const struct port *only;
    struct stp_show_port *ports;
    struct stp_show_bridge sb;
    enum cmd_status st = cmd_port(ctx, "PORT", &only);

    if (st != CMD_OK)
        return st;
    if (!(ports = ports_alloc(ctx)))
        return CMD_FAILED;
    if (!collect(ctx, state_port_bridge(only), ports, &sb)) {
        free(ports);
        cmd_out(ctx, "no spanning tree info available for %s", state_port_name(only));
        return CMD_OK;
    }
    for (size_t k = 0; k < sb.n_ports; k++) {
        /* A port whose link is down takes no part, as IOS says of one. */
        if (strcmp(sb.ports[k].name, state_port_name(only)) || !sb.ports[k].info.enabled)
            continue;
        if (variant_of(ctx) == STP_DETAIL) {
            stp_show_port_detail(ctx->out, &sb, &sb.ports[k]);
            cmd_out(ctx, "%s", "");
        } else {
            stp_show_interface_header(ctx->out);
            stp_show_interface_row(ctx->out, &sb, &sb.ports[k]);
            cmd_out(ctx, "%s", "");
        }
        free(ports);
        return CMD_OK;
    }
    free(ports);
    cmd_out(ctx, "no spanning tree info available for %s", state_port_name(only));
    return CMD_OK;
}

static const char *
enabled_word(bool on)
{
    return on ? "enabled" : "disabled";
}

static enum cmd_status
show_summary(struct cmd_ctx *ctx)
{
    const struct switch_config *cfg = state_config(ctx->sw);
    struct stp_show_port *ports = ports_alloc(ctx);
    bool portfast = cfg->n_bridges > 0, guard = cfg->n_bridges > 0;
    char roots[256] = "";
    size_t len = 0;
    unsigned n = 0, tot[4] = { 0 };

    if (!ports)
        return CMD_FAILED;
    for (size_t b = 0; b < cfg->n_bridges; b++) {
        portfast &= cfg->bridges[b].stp.portfast_default;
        guard &= cfg->bridges[b].stp.bpduguard_default;
    }
    for (size_t i = 0; i < state_n_bridges(ctx->sw); i++) {
        struct stp_show_bridge sb;

        if (collect(ctx, state_bridge_at(ctx->sw, i), ports, &sb) && sb.info.is_root
            && len < sizeof roots)
            len += snprintf(roots + len, sizeof roots - len, "%s%s", len ? ", " : "", sb.name);
    }
    cmd_out(ctx, "Switch is in %s mode", config_stp_mode_name(cfg->inert.stp_mode));
    cmd_out(ctx, "Root bridge for: %s", len ? roots : "none");
    cmd_out(ctx, "Extended system ID                      is disabled");
    cmd_out(ctx, "Portfast Default                        is %s", enabled_word(portfast));
    cmd_out(ctx, "PortFast BPDU Guard Default             is %s", enabled_word(guard));
    cmd_out(ctx, "Configured Pathcost method used is long");
    cmd_out(ctx, "%s", "");
    cmd_out(ctx, "Name                   Blocking Listening Learning Forwarding STP Active");
    cmd_out(ctx, "---------------------- -------- --------- -------- ---------- ----------");
    for (size_t i = 0; i < state_n_bridges(ctx->sw); i++) {
        struct stp_show_bridge sb;
        unsigned c[4] = { 0 };

        if (!collect(ctx, state_bridge_at(ctx->sw, i), ports, &sb))
            continue;
        for (size_t k = 0; k < sb.n_ports; k++) {
            if (!sb.ports[k].info.enabled)
                continue;
            c[sb.ports[k].info.state == RSTP_FORWARDING ? 2
              : sb.ports[k].info.state == RSTP_LEARNING ? 1 : 0]++;
            c[3]++;
        }
        cmd_out(ctx, "%-22s %8u %9u %8u %10u %10u", sb.name, c[0], 0u, c[1], c[2], c[3]);
        for (int k = 0; k < 4; k++)
            tot[k] += c[k];
        n++;
    }
    free(ports);
    /* IOS counts "1 vlan"; the instances here are bridges. */
    snprintf(roots, sizeof roots, "%u bridge%s", n, n == 1 ? "" : "s");
    cmd_out(ctx, "---------------------- -------- --------- -------- ---------- ----------");
    cmd_out(ctx, "%-22s %8u %9u %8u %10u %10u", roots, tot[0], 0u, tot[1], tot[2], tot[3]);
    return CMD_OK;
}

/* `ovs-appctl rstp/show [BRIDGE]`: Open vSwitch's layout, and its error
 * for a bridge that runs none. */
static enum cmd_status
appctl_rstp_show(struct cmd_ctx *ctx)
{
    const char *only = cmd_value(ctx, "BRIDGE");
    struct stp_show_port *ports;
    bool found = false;

    if (only && !state_find_bridge(ctx->sw, only))
        return cmd_error(ctx, "No such RSTP object");
    if (!(ports = ports_alloc(ctx)))
        return CMD_FAILED;
    for (size_t i = 0; i < state_n_bridges(ctx->sw); i++) {
        struct sw_bridge *b = state_bridge_at(ctx->sw, i);
        struct stp_show_bridge sb;

        if (only && strcmp(only, state_bridge_name(b)))
            continue;
        if (collect(ctx, b, ports, &sb)) {
            stp_show_ovs(ctx->out, &sb);
            found = true;
        }
    }
    free(ports);
    return only && !found ? cmd_error(ctx, "No such RSTP object") : CMD_OK;
}

static enum cmd_status
clear_stp(struct cmd_ctx *ctx)
{
    const struct port *only = NULL;

    if (cmd_value(ctx, "PORT")) {
        enum cmd_status st = cmd_port(ctx, "PORT", &only);

        if (st != CMD_OK)
            return st;
    }
    if (variant_of(ctx) == STP_COUNTERS)
        state_stp_clear_counters(ctx->sw, only);
    else
        state_stp_mcheck(ctx->sw, only);
    return CMD_OK;
}

#define GLOBAL_MODES (IN_CONFIG | IN_BRIDGE)
#define G(syntax_, help_, variant_) \
    { .syntax = syntax_, .modes = GLOBAL_MODES, .privilege = PRIV_ENABLE, .help = help_, \
      .exec = stp_global, .variant = variant_ }
#define GN(syntax_, help_, arg_help_, variant_) \
    { .syntax = syntax_, .modes = GLOBAL_MODES, .privilege = PRIV_ENABLE, .help = help_, \
      .arg_help = arg_help_, .exec = stp_global, .variant = variant_ }
#define I(syntax_, help_, variant_) \
    { .syntax = syntax_, .modes = IN_IF, .privilege = PRIV_ENABLE, .help = help_, \
      .exec = stp_port, .variant = variant_ }
#define KEYWORD(syntax_, modes_, help_) \
    { .syntax = syntax_, .modes = modes_, .privilege = PRIV_ENABLE, .help = help_ }
#define VLANS_HELP "VLAN IDs (any list: the bridge's one instance)"

static const struct cmdline_cmd cmds[] = {
    KEYWORD("spanning-tree", GLOBAL_MODES | IN_IF, "Spanning Tree Subsystem"),
    KEYWORD("no spanning-tree", GLOBAL_MODES | IN_IF, "Spanning Tree Subsystem"),

    /* Global configuration. */
    KEYWORD("spanning-tree mode", IN_CONFIG, "Spanning tree operating mode"),
    { .syntax = "spanning-tree mode rapid-pvst", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Per-Vlan rapid spanning tree mode (one RSTP instance per bridge)",
      .exec = stp_mode, .variant = STP_MODE_RAPID_PVST },
    { .syntax = "spanning-tree mode pvst", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Per-Vlan spanning tree mode (one RSTP instance per bridge)", .exec = stp_mode,
      .variant = STP_MODE_PVST },
    { .syntax = "spanning-tree mode mst", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Multiple spanning tree mode (one RSTP instance per bridge)", .exec = stp_mode,
      .variant = STP_MODE_MST },
    { .syntax = "no spanning-tree mode", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Spanning tree operating mode", .exec = stp_mode, .variant = STP_MODE_PVST },
    GN("spanning-tree vlan VLANS", "VLAN Switch Spanning Tree", VLANS_HELP, STP_SET),
    GN("no spanning-tree vlan VLANS", "VLAN Switch Spanning Tree", VLANS_HELP, STP_NO),
    GN("spanning-tree vlan VLANS priority NUM(0-61440):bridge-priority",
       "Set the bridge priority for the spanning tree",
       "bridge priority in increments of 4096", STP_PRIORITY),
    GN("no spanning-tree vlan VLANS priority", "Set the bridge priority for the spanning tree",
       VLANS_HELP, STP_NO_PRIORITY),
    GN("spanning-tree priority NUM(0-61440):bridge-priority",
       "Set the bridge priority for the spanning tree",
       "bridge priority in increments of 4096", STP_PRIORITY),
    G("no spanning-tree priority", "Set the bridge priority for the spanning tree",
      STP_NO_PRIORITY),
    GN("spanning-tree vlan VLANS hello-time NUM(1-10):seconds",
       "Set the hello interval for the spanning tree", "number of seconds between generation"
       " of config BPDUs", STP_HELLO),
    GN("no spanning-tree vlan VLANS hello-time", "Set the hello interval for the spanning tree",
       VLANS_HELP, STP_NO_HELLO),
    GN("spanning-tree vlan VLANS forward-time NUM(4-30):seconds",
       "Set the forward delay for the spanning tree", "number of seconds for the forward"
       " delay timer", STP_FWD),
    GN("no spanning-tree vlan VLANS forward-time",
       "Set the forward delay for the spanning tree", VLANS_HELP, STP_NO_FWD),
    GN("spanning-tree vlan VLANS max-age NUM(6-40):seconds",
       "Set the max age interval for the spanning tree", "maximum number of seconds the"
       " information in a BPDU is valid", STP_MAX_AGE),
    GN("no spanning-tree vlan VLANS max-age", "Set the max age interval for the spanning tree",
       VLANS_HELP, STP_NO_MAX_AGE),
    KEYWORD("spanning-tree transmit", GLOBAL_MODES, "STP transmit parameters"),
    KEYWORD("no spanning-tree transmit", GLOBAL_MODES, "STP transmit parameters"),
    GN("spanning-tree transmit hold-count NUM(1-10):count", "Set the transmit hold count",
       "Transmit hold count", STP_HOLD),
    G("no spanning-tree transmit hold-count", "Set the transmit hold count", STP_NO_HOLD),
    KEYWORD("spanning-tree portfast", GLOBAL_MODES, "Spanning tree portfast options"),
    KEYWORD("no spanning-tree portfast", GLOBAL_MODES, "Spanning tree portfast options"),
    G("spanning-tree portfast default", "Enable portfast by default on all access ports",
      STP_PORTFAST_DEFAULT),
    G("no spanning-tree portfast default", "Enable portfast by default on all access ports",
      STP_NO_PORTFAST_DEFAULT),
    KEYWORD("spanning-tree portfast bpduguard", GLOBAL_MODES,
            "Enable BPDU guard by default on all portfast ports"),
    KEYWORD("no spanning-tree portfast bpduguard", GLOBAL_MODES,
            "Enable BPDU guard by default on all portfast ports"),
    G("spanning-tree portfast bpduguard default",
      "Enable bpdu guard by default on all portfast ports", STP_GUARD_DEFAULT),
    G("no spanning-tree portfast bpduguard default",
      "Enable bpdu guard by default on all portfast ports", STP_NO_GUARD_DEFAULT),

    /* Interface configuration. */
    I("spanning-tree portfast", "Portfast options for the interface", STP_PORTFAST),
    I("spanning-tree portfast disable", "Disable portfast for this interface",
      STP_PORTFAST_DISABLE),
    I("no spanning-tree portfast", "Portfast options for the interface", STP_NO_PORTFAST),
    KEYWORD("spanning-tree bpduguard", IN_IF, "Don't accept BPDUs on this interface"),
    I("spanning-tree bpduguard enable", "Enable BPDU guard for this interface",
      STP_GUARD_ENABLE),
    I("spanning-tree bpduguard disable", "Disable BPDU guard for this interface",
      STP_GUARD_DISABLE),
    I("no spanning-tree bpduguard", "Don't accept BPDUs on this interface", STP_NO_GUARD),
    KEYWORD("spanning-tree bpdufilter", IN_IF, "Don't send or receive BPDUs on this interface"),
    I("spanning-tree bpdufilter enable", "Enable BPDU filtering for this interface",
      STP_FILTER_ENABLE),
    I("spanning-tree bpdufilter disable", "Disable BPDU filtering for this interface",
      STP_FILTER_DISABLE),
    I("no spanning-tree bpdufilter", "Don't send or receive BPDUs on this interface",
      STP_NO_FILTER),
    { .syntax = "spanning-tree cost NUM(1-200000000):cost", .modes = IN_IF,
      .privilege = PRIV_ENABLE, .help = "Change an interface's spanning tree port path cost",
      .arg_help = "port path cost", .exec = stp_port, .variant = STP_COST },
    I("no spanning-tree cost", "Change an interface's spanning tree port path cost",
      STP_NO_COST),
    { .syntax = "spanning-tree port-priority NUM(0-240):port-priority", .modes = IN_IF,
      .privilege = PRIV_ENABLE, .help = "Change an interface's spanning tree port priority",
      .arg_help = "port priority in increments of 16", .exec = stp_port,
      .variant = STP_PORT_PRIORITY },
    I("no spanning-tree port-priority", "Change an interface's spanning tree port priority",
      STP_NO_PORT_PRIORITY),
    KEYWORD("spanning-tree link-type", IN_IF, "Specify a link type for spanning tree protocol"
            " use"),
    I("spanning-tree link-type point-to-point", "Consider the interface as point-to-point",
      STP_LINK_P2P),
    I("spanning-tree link-type shared", "Consider the interface as shared", STP_LINK_SHARED),
    I("no spanning-tree link-type", "Specify a link type for spanning tree protocol use",
      STP_NO_LINK),

    /* EXEC. */
    { .syntax = "show spanning-tree", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Spanning tree topology", .exec = show_stp, .flags = CMDLINE_FILTERABLE },
    { .syntax = "show spanning-tree detail", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Detailed information", .exec = show_stp, .flags = CMDLINE_FILTERABLE,
      .variant = STP_DETAIL },
    { .syntax = "show spanning-tree summary", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Summary of port states", .exec = show_summary, .flags = CMDLINE_FILTERABLE,
      .variant = STP_SUMMARY },
    { .syntax = "show spanning-tree interface", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Spanning Tree interface status and configuration" },
    { .syntax = "show spanning-tree interface PORT", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Spanning Tree interface status and configuration", .arg_help = "Interface name",
      .exec = show_interface, .flags = CMDLINE_FILTERABLE },
    { .syntax = "show spanning-tree interface PORT detail", .modes = IN_EXEC,
      .privilege = PRIV_USER, .help = "Detailed information", .arg_help = "Interface name",
      .exec = show_interface, .flags = CMDLINE_FILTERABLE, .variant = STP_DETAIL },
    { .syntax = "ovs-appctl rstp/show", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "The RSTP instances (OVS layout)", .exec = appctl_rstp_show,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "ovs-appctl rstp/show BRIDGE", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "The RSTP instance of a bridge (OVS layout)", .exec = appctl_rstp_show,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "clear spanning-tree", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Spanning tree subsystem" },
    { .syntax = "clear spanning-tree counters", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Clear spanning tree statistics", .exec = clear_stp, .variant = STP_COUNTERS },
    { .syntax = "clear spanning-tree counters interface PORT", .modes = IN_EXEC,
      .privilege = PRIV_ENABLE, .help = "Interface", .arg_help = "Interface name",
      .exec = clear_stp, .variant = STP_COUNTERS },
    { .syntax = "clear spanning-tree detected-protocols", .modes = IN_EXEC,
      .privilege = PRIV_ENABLE, .help = "Restart the protocol migration process",
      .exec = clear_stp, .variant = STP_MCHECK },
    { .syntax = "clear spanning-tree detected-protocols interface PORT", .modes = IN_EXEC,
      .privilege = PRIV_ENABLE, .help = "Interface", .arg_help = "Interface name",
      .exec = clear_stp, .variant = STP_MCHECK },
};

const struct cmdline_table cmd_spanning_tree_table = CMD_TABLE(cmds);
