/* Err-disable recovery: `errdisable recovery cause C|all`, `errdisable
 * recovery interval S` (and their `no` forms) and `show errdisable
 * recovery` (docs/cli.md, "Err-disable recovery"; docs/design.md section
 * 6.9). */
#include <string.h>

#include "cmd_table.h"
#include "shell_private.h"
#include "state.h"

/* Variants: the cause (enum config_err_cause) or ED_ALL, plus ED_NO for
 * the `no` forms. */
enum errdisable_variant {
    ED_ALL = CONFIG_ERR_N_CAUSES,
    ED_NO = 0x100,
};

static bool
is_no(const struct cmd_ctx *ctx)
{
    return ctx->match->cmd->variant & ED_NO;
}

static enum cmd_status
recovery_cause(struct cmd_ctx *ctx)
{
    unsigned cause = ctx->match->cmd->variant & ~ED_NO;
    uint32_t mask = cause == ED_ALL ? (1u << CONFIG_ERR_N_CAUSES) - 1 : 1u << cause;
    struct switch_config *cfg;

    if (!(cfg = cmd_edit(ctx)))
        return CMD_FAILED;
    if (is_no(ctx))
        cfg->errdisable.causes &= ~mask;
    else
        cfg->errdisable.causes |= mask;
    return cmd_apply(ctx, cfg);
}

static enum cmd_status
recovery_interval(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = cmd_edit(ctx);

    if (!cfg)
        return CMD_FAILED;
    cfg->errdisable.interval_s = is_no(ctx) ? 0 : (uint32_t) cmd_number(ctx, "NUM");
    return cmd_apply(ctx, cfg);
}

/* IOS's layout: every cause and its timer status, the interval, then the
 * ports that the timer will bring back with the seconds left. */
static enum cmd_status
show_recovery(struct cmd_ctx *ctx)
{
    const struct config_errdisable *e = &state_config(ctx->sw)->errdisable;
    bool header = false;

    cmd_out(ctx, "ErrDisable Reason            Timer Status");
    cmd_out(ctx, "-----------------            --------------");
    for (unsigned c = 0; c < CONFIG_ERR_N_CAUSES; c++)
        cmd_out(ctx, "%-29s%s", config_err_cause_name(c),
                e->causes & 1u << c ? "Enabled" : "Disabled");
    cmd_out(ctx, "%s", "");
    cmd_out(ctx, "Timer interval: %u seconds", (unsigned) config_errdisable_interval(e));
    cmd_out(ctx, "%s", "");
    cmd_out(ctx, "Interfaces that will be enabled at the next timeout:");
    cmd_out(ctx, "%s", "");
    for (size_t i = 0; i < state_n_ports(ctx->sw); i++) {
        const struct port *p = state_port_at(ctx->sw, i);
        int64_t left = state_port_err_recovery_left_ms(ctx->sw, p);

        if (left < 0)
            continue;
        if (!header) {
            cmd_out(ctx, "Interface       Errdisable reason       Time left(sec)");
            cmd_out(ctx, "---------       -----------------       --------------");
            header = true;
        }
        cmd_out(ctx, "%-15s %-23s %6lld", state_port_name(p), state_port_err_disabled_cause(p),
                (long long) ((left + 999) / 1000));
    }
    return CMD_OK;
}

#define CAUSE(word, v, what) \
    { .syntax = "errdisable recovery cause " word, .modes = IN_CONFIG, \
      .privilege = PRIV_ENABLE, .help = what, .exec = recovery_cause, .variant = (v) }, \
    { .syntax = "no errdisable recovery cause " word, .modes = IN_CONFIG, \
      .privilege = PRIV_ENABLE, .help = what, .exec = recovery_cause, .variant = (v) | ED_NO }

static const struct cmdline_cmd cmds[] = {
    { .syntax = "errdisable", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Error disable" },
    { .syntax = "errdisable recovery", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Error disable recovery" },
    { .syntax = "errdisable recovery cause", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Enable error disable recovery for application" },
    { .syntax = "no errdisable", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Error disable" },
    { .syntax = "no errdisable recovery", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Error disable recovery" },
    { .syntax = "no errdisable recovery cause", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Enable error disable recovery for application" },
    CAUSE("all", ED_ALL, "Enable timer to recover from all error causes"),
    CAUSE("bpduguard", CONFIG_ERR_BPDUGUARD, "Enable timer to recover from BPDU Guard error"),
    CAUSE("psecure-violation", CONFIG_ERR_PSECURE,
          "Enable timer to recover from psecure violation error"),
    CAUSE("storm-control", CONFIG_ERR_STORM,
          "Enable timer to recover from storm-control error"),
    { .syntax = "errdisable recovery interval NUM(1-86400)", .modes = IN_CONFIG,
      .privilege = PRIV_ENABLE, .help = "Error disable recovery timer value",
      .arg_help = "timer-interval(sec)", .exec = recovery_interval },
    { .syntax = "no errdisable recovery interval", .modes = IN_CONFIG,
      .privilege = PRIV_ENABLE, .help = "Error disable recovery timer value",
      .exec = recovery_interval, .variant = ED_NO },
    { .syntax = "show errdisable", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Error disable" },
    { .syntax = "show errdisable recovery", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Error disable recovery", .exec = show_recovery },
};

const struct cmdline_table cmd_errdisable_table = CMD_TABLE(cmds);
