/* Lines and the banner: `banner motd`, and `line vty 0 15` / `line con 0`
 * (config-line mode) with `exec-timeout`, `login local` and `transport
 * input`.
 *
 * Every vty line is one setting here, for telnet and SSH: `line vty 0 4`
 * and `line vty 5 15` edit the same cli.telnet / cli.vty keys (and
 * running-config shows them as `line vty 0 15`); `line con 0` is swsh's
 * console (cli.console).  `exec-timeout` and `transport input
 * all|telnet|ssh|none` are real; `login local` (logins are always local
 * users) is accepted with no effect and kept for running-config
 * (docs/cli.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_table.h"
#include "shell_private.h"
#include "state.h"

/* `banner motd` takes IOS's delimiter form: the first character after
 * "motd" (or the two characters "^C", as running-config writes it) opens
 * the text and its next occurrence closes it -- on the same line, or on a
 * later one: the lines between are the text, with their line ends, as IOS
 * keeps them. */

static enum cmd_status
banner_set(struct cmd_ctx *ctx, void *text)
{
    struct switch_config *cfg = cmd_edit(ctx);

    if (!cfg)
        return CMD_FAILED;
    snprintf(cfg->banner_motd, sizeof cfg->banner_motd, "%s", (const char *) text);
    return cmd_apply(ctx, cfg);
}

/* Appends 'len' bytes of 'text' to the open banner; false when too long
 * (the banner is then dropped). */
static bool
banner_append(struct shell_session *s, const char *text, size_t len)
{
    if (s->banner.len + len > CONFIG_BANNER_MAX) {
        s->banner.open = false;
        return false;
    }
    memcpy(s->banner.text + s->banner.len, text, len);
    s->banner.len += len;
    s->banner.text[s->banner.len] = '\0';
    return true;
}

static enum cmd_status
banner_motd(struct cmd_ctx *ctx)
{
    struct shell_session *s = ctx->sess;
    const char *typed = cmd_value(ctx, "TEXT"), *end;
    size_t len = strncmp(typed, "^C", 2) ? 1 : 2;

    memset(s->banner.delim, 0, sizeof s->banner.delim);
    memcpy(s->banner.delim, typed, len);
    typed += len;
    s->banner.len = 0;
    s->banner.text[0] = '\0';
    if ((end = strstr(typed, s->banner.delim))) {
        if (!banner_append(s, typed, end - typed))
            return cmd_error(ctx, "Banner too long (at most %d characters)", CONFIG_BANNER_MAX);
        return cmd_on_loop(ctx, banner_set, s->banner.text);
    }
    if (!banner_append(s, typed, strlen(typed)) || !banner_append(s, "\n", 1))
        return cmd_error(ctx, "Banner too long (at most %d characters)", CONFIG_BANNER_MAX);
    s->banner.open = true;
    cmd_out(ctx, "Enter TEXT message.  End with the character '%s'.", s->banner.delim);
    return CMD_OK;
}

enum shell_status
shell_banner_line(struct shell_session *s, const char *line)
{
    const char *end = strstr(line, s->banner.delim);
    struct cmd_ctx ctx = { .sess = s, .shell = s->shell };
    char *msg = NULL;
    size_t msg_len = 0;
    enum cmd_status status;

    if (!end) {
        if (banner_append(s, line, strlen(line)) && banner_append(s, "\n", 1))
            return SHELL_OK;
        s->emit(s, SHELL_LINE_ERROR, "% Banner too long: not set");
        return SHELL_FAILED;
    }
    s->banner.open = false;
    if (!banner_append(s, line, end - line)) {
        s->emit(s, SHELL_LINE_ERROR, "% Banner too long: not set");
        return SHELL_FAILED;
    }
    /* The edit runs on the loop thread as a command's would; its messages
     * are emitted here. */
    if (!(ctx.msg = open_memstream(&msg, &msg_len))) {
        s->emit(s, SHELL_LINE_ERROR, "% Out of memory");
        return SHELL_FAILED;
    }
    ctx.out = ctx.msg;
    status = cmd_on_loop(&ctx, banner_set, s->banner.text);
    fclose(ctx.msg);
    for (char *save = NULL, *l = strtok_r(msg, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
        s->emit(s, status == CMD_OK ? SHELL_LINE_INFO : SHELL_LINE_ERROR, l);
    free(msg);
    return status == CMD_OK ? SHELL_OK : SHELL_FAILED;
}

static enum cmd_status
no_banner_motd(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = cmd_edit(ctx);

    if (!cfg)
        return CMD_FAILED;
    cfg->banner_motd[0] = '\0';
    return cmd_apply(ctx, cfg);
}

enum { LINE_VTY, LINE_CONSOLE };    /* the variants of line_enter() */

static enum cmd_status
line_enter(struct cmd_ctx *ctx)
{
    if (cmd_value(ctx, "LAST") && cmd_number(ctx, "LAST") < cmd_number(ctx, "FIRST"))
        return cmd_invalid(ctx, "LAST");
    ctx->sess->line_console = ctx->match->cmd->variant == LINE_CONSOLE;
    ctx->sess->mode = SHELL_MODE_LINE;
    return CMD_OK;
}

enum { LINE_SET, LINE_NO };         /* the variants of the config-line entries */

/* IOS `exec-timeout MINUTES [SECONDS]`; `exec-timeout 0 0` never times out. */
static enum cmd_status
exec_timeout(struct cmd_ctx *ctx)
{
    struct switch_config *cfg;
    unsigned long long s = CONFIG_TELNET_IDLE_DEFAULT_S;

    if (ctx->match->cmd->variant == LINE_SET) {
        s = (unsigned long long) cmd_number(ctx, "MINUTES") * 60
            + (cmd_value(ctx, "SECONDS") ? (unsigned long long) cmd_number(ctx, "SECONDS") : 0);
        if (s > CONFIG_TELNET_IDLE_MAX_S)
            return cmd_error(ctx, "Timeout too long (at most %d seconds in all)",
                             CONFIG_TELNET_IDLE_MAX_S);
    }
    if (!(cfg = cmd_edit(ctx)))
        return CMD_FAILED;
    if (ctx->sess->line_console)
        cfg->console_idle_timeout_s = s;
    else
        cfg->telnet_idle_timeout_s = s;
    return cmd_apply(ctx, cfg);
}

static enum cmd_status
login_local(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = cmd_edit(ctx);
    bool on = ctx->match->cmd->variant == LINE_SET;

    if (!cfg)
        return CMD_FAILED;
    if (ctx->sess->line_console)
        cfg->console_login_local = on;
    else
        cfg->telnet_login_local = on;
    return cmd_apply(ctx, cfg);
}

/* `transport input all|telnet|ssh|none` (IOS): which front ends take
 * logins on the vty lines; telnet and SSH refuse clients it leaves out
 * (docs/security.md section 3).  `no transport input` is `all`. */
static enum cmd_status
transport_input(struct cmd_ctx *ctx)
{
    struct switch_config *cfg;

    if (ctx->sess->line_console)
        return cmd_error(ctx, "The console (swsh) has no transport to choose");
    if (!(cfg = cmd_edit(ctx)))
        return CMD_FAILED;
    cfg->transport_input = (enum config_transport) ctx->match->cmd->variant;
    return cmd_apply(ctx, cfg);
}

static const struct cmdline_cmd cmds[] = {
    { .syntax = "banner", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Define a login banner" },
    { .syntax = "banner motd TEXT", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Set Message of the Day banner",
      .arg_help = "c banner-text c, where 'c' is a delimiting character", .exec = banner_motd,
      .flags = CMDLINE_LOCAL },
    { .syntax = "no banner", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Define a login banner" },
    { .syntax = "no banner motd", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Set Message of the Day banner", .exec = no_banner_motd },
    { .syntax = "line", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Configure a terminal line" },
    { .syntax = "line vty NUM(0-15):FIRST", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Virtual terminal (telnet and SSH sessions)", .arg_help = "First Line number",
      .exec = line_enter, .variant = LINE_VTY },
    { .syntax = "line vty NUM(0-15):FIRST NUM(1-15):LAST", .modes = IN_CONFIG,
      .privilege = PRIV_ENABLE, .help = "Virtual terminal (telnet and SSH sessions)",
      .arg_help = "First Line number", .exec = line_enter, .variant = LINE_VTY },
    { .syntax = "line console NUM(0-0):FIRST", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Primary terminal line (swsh consoles)", .arg_help = "First Line number",
      .exec = line_enter, .variant = LINE_CONSOLE },
    { .syntax = "exec-timeout NUM(0-35791):MINUTES", .modes = IN_LINE, .privilege = PRIV_ENABLE,
      .help = "Set the EXEC timeout", .arg_help = "Timeout in minutes", .exec = exec_timeout },
    { .syntax = "exec-timeout NUM(0-35791):MINUTES NUM(0-2147483):SECONDS", .modes = IN_LINE,
      .privilege = PRIV_ENABLE, .help = "Set the EXEC timeout",
      .arg_help = "Timeout in minutes", .exec = exec_timeout },
    { .syntax = "no exec-timeout", .modes = IN_LINE, .privilege = PRIV_ENABLE,
      .help = "Set the EXEC timeout", .exec = exec_timeout, .variant = LINE_NO },
    { .syntax = "login", .modes = IN_LINE, .privilege = PRIV_ENABLE,
      .help = "Enable password checking" },
    { .syntax = "login local", .modes = IN_LINE, .privilege = PRIV_ENABLE,
      .help = "Local password checking (accepted, no effect: logins are always local)",
      .exec = login_local },
    { .syntax = "no login", .modes = IN_LINE, .privilege = PRIV_ENABLE,
      .help = "Enable password checking" },
    { .syntax = "no login local", .modes = IN_LINE, .privilege = PRIV_ENABLE,
      .help = "Local password checking", .exec = login_local, .variant = LINE_NO },
    { .syntax = "transport", .modes = IN_LINE, .privilege = PRIV_ENABLE,
      .help = "Define transport protocols for line" },
    { .syntax = "transport input", .modes = IN_LINE, .privilege = PRIV_ENABLE,
      .help = "Define which protocols to use when connecting to the terminal server" },
    { .syntax = "transport input telnet", .modes = IN_LINE, .privilege = PRIV_ENABLE,
      .help = "TCP/IP Telnet protocol", .exec = transport_input,
      .variant = CONFIG_TRANSPORT_TELNET },
    { .syntax = "transport input all", .modes = IN_LINE, .privilege = PRIV_ENABLE,
      .help = "All protocols", .exec = transport_input, .variant = CONFIG_TRANSPORT_ALL },
    { .syntax = "transport input ssh", .modes = IN_LINE, .privilege = PRIV_ENABLE,
      .help = "TCP/IP SSH protocol", .exec = transport_input, .variant = CONFIG_TRANSPORT_SSH },
    { .syntax = "transport input none", .modes = IN_LINE, .privilege = PRIV_ENABLE,
      .help = "No protocols", .exec = transport_input, .variant = CONFIG_TRANSPORT_NONE },
    { .syntax = "no transport", .modes = IN_LINE, .privilege = PRIV_ENABLE,
      .help = "Define transport protocols for line" },
    { .syntax = "no transport input", .modes = IN_LINE, .privilege = PRIV_ENABLE,
      .help = "Define which protocols to use when connecting to the terminal server",
      .exec = transport_input, .variant = CONFIG_TRANSPORT_ALL },
};

const struct cmdline_table cmd_line_table = CMD_TABLE(cmds);
