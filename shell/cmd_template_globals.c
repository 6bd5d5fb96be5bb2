/* Global lines that IOS configuration templates carry and tapswitch
 * accepts with no effect (docs/cli.md, "Accepted, no effect"): `no ip
 * domain-lookup` (switchd never resolves names), `[no] cdp run` (no CDP),
 * and `service timestamps debug|log datetime msec` (log lines carry their own timestamps).  Each is kept in the
 * configuration (config_inert_globals) so running-config shows it as IOS
 * does. */
#include "cmd_table.h"
#include "shell.h"

/* The variants of inert_global(): which setting, and its "no" form. */
enum {
    NO_IP_DOMAIN_LOOKUP, IP_DOMAIN_LOOKUP,
    NO_CDP_RUN, CDP_RUN,
    TIMESTAMPS_DEBUG, NO_TIMESTAMPS_DEBUG,
    TIMESTAMPS_LOG, NO_TIMESTAMPS_LOG,
};

static enum cmd_status
inert_global(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = cmd_edit(ctx);
    struct config_inert_globals *g;

    if (!cfg)
        return CMD_FAILED;
    g = &cfg->inert;
    switch (ctx->match->cmd->variant) {
    case NO_IP_DOMAIN_LOOKUP: g->no_ip_domain_lookup = true; break;
    case IP_DOMAIN_LOOKUP:    g->no_ip_domain_lookup = false; break;
    case NO_CDP_RUN:          g->no_cdp_run = true; break;
    case CDP_RUN:             g->no_cdp_run = false; break;
    case TIMESTAMPS_DEBUG:    g->timestamps_debug_msec = true; break;
    case NO_TIMESTAMPS_DEBUG: g->timestamps_debug_msec = false; break;
    case TIMESTAMPS_LOG:      g->timestamps_log_msec = true; break;
    default:                  g->timestamps_log_msec = false; break;
    }
    return cmd_apply(ctx, cfg);
}

#define GLOBAL(syntax_, help_, variant_) \
    { .syntax = syntax_, .modes = IN_CONFIG, .privilege = PRIV_ENABLE, .help = help_, \
      .exec = inert_global, .variant = variant_ }
#define KEYWORD(syntax_, help_) \
    { .syntax = syntax_, .modes = IN_CONFIG, .privilege = PRIV_ENABLE, .help = help_ }

static const struct cmdline_cmd cmds[] = {
    KEYWORD("ip", "Global IP configuration subcommands"),
    KEYWORD("no ip", "Global IP configuration subcommands"),
    GLOBAL("ip domain-lookup", "Enable IP Domain Name System hostname translation",
           IP_DOMAIN_LOOKUP),
    GLOBAL("no ip domain-lookup", "Enable IP Domain Name System hostname translation"
           " (accepted, no effect)", NO_IP_DOMAIN_LOOKUP),
    KEYWORD("cdp", "Global CDP configuration subcommands"),
    KEYWORD("no cdp", "Global CDP configuration subcommands"),
    GLOBAL("cdp run", "Enable CDP (accepted, no effect)", CDP_RUN),
    GLOBAL("no cdp run", "Enable CDP", NO_CDP_RUN),
    KEYWORD("service", "Modify use of network based services"),
    KEYWORD("service timestamps", "Timestamp debug/log messages"),
    KEYWORD("service timestamps debug", "Timestamp debug messages"),
    KEYWORD("service timestamps debug datetime", "Timestamp with date and time"),
    GLOBAL("service timestamps debug datetime msec", "Include milliseconds in timestamp"
           " (accepted, no effect)", TIMESTAMPS_DEBUG),
    KEYWORD("service timestamps log", "Timestamp log messages"),
    KEYWORD("service timestamps log datetime", "Timestamp with date and time"),
    GLOBAL("service timestamps log datetime msec", "Include milliseconds in timestamp"
           " (accepted, no effect)", TIMESTAMPS_LOG),
    KEYWORD("no service", "Modify use of network based services"),
    KEYWORD("no service timestamps", "Timestamp debug/log messages"),
    GLOBAL("no service timestamps debug", "Timestamp debug messages", NO_TIMESTAMPS_DEBUG),
    GLOBAL("no service timestamps log", "Timestamp log messages", NO_TIMESTAMPS_LOG),
};

const struct cmdline_table cmd_template_globals_table = CMD_TABLE(cmds);
