/* Logging: `logging buffered [SIZE] [LEVEL]`, `no logging buffered`,
 * `logging monitor [LEVEL]`, `no logging monitor` (configuration), and
 * `show logging`, `clear logging`, `terminal monitor`, `terminal no
 * monitor`, `send log [0-7] TEXT` (EXEC).  The buffers are switchd's
 * (log.h): every line log_msg() writes, stamped as IOS does. */
#include <stdlib.h>
#include <string.h>

#include "cmd_table.h"
#include "log.h"
#include "shell_private.h"

/* The variants of the level-taking entries: a level by name is its
 * severity (0-7); these say the rest. */
enum {
    LEVEL_DEFAULT = CONFIG_LOG_LEVEL_DEBUGGING + 1,     /* no level typed */
    LEVEL_NUMBER,                                       /* NUM(0-7):level */
};

static unsigned
typed_level(struct cmd_ctx *ctx)
{
    int v = ctx->match->cmd->variant;

    if (v == LEVEL_NUMBER)
        return cmd_number(ctx, "level");
    return v == LEVEL_DEFAULT ? CONFIG_LOG_LEVEL_DEBUGGING : (unsigned) v;
}

/* IOS takes 4096-2147483647 bytes; switchd keeps at most
 * CONFIG_LOG_BUFFER_MAX (16 MiB of lines) in memory. */
static enum cmd_status
logging_buffered(struct cmd_ctx *ctx)
{
    long size = cmd_value(ctx, "size") ? cmd_number(ctx, "size") : CONFIG_LOG_BUFFER_DEFAULT;
    struct switch_config *cfg;

    if (size > CONFIG_LOG_BUFFER_MAX)
        return cmd_error(ctx, "Buffer size above %d bytes is not supported",
                         CONFIG_LOG_BUFFER_MAX);
    if (!(cfg = cmd_edit(ctx)))
        return CMD_FAILED;
    cfg->logging.buffered = true;
    cfg->logging.buffered_size = size;
    cfg->logging.buffered_level = typed_level(ctx);
    return cmd_apply(ctx, cfg);
}

static enum cmd_status
no_logging_buffered(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = cmd_edit(ctx);

    if (!cfg)
        return CMD_FAILED;
    cfg->logging.buffered = false;
    cfg->logging.buffered_size = CONFIG_LOG_BUFFER_DEFAULT;
    cfg->logging.buffered_level = CONFIG_LOG_LEVEL_DEBUGGING;
    return cmd_apply(ctx, cfg);
}

static enum cmd_status
logging_monitor(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = cmd_edit(ctx);

    if (!cfg)
        return CMD_FAILED;
    cfg->logging.monitor = true;
    cfg->logging.monitor_level = typed_level(ctx);
    return cmd_apply(ctx, cfg);
}

static enum cmd_status
no_logging_monitor(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = cmd_edit(ctx);

    if (!cfg)
        return CMD_FAILED;
    cfg->logging.monitor = false;
    cfg->logging.monitor_level = CONFIG_LOG_LEVEL_DEBUGGING;
    return cmd_apply(ctx, cfg);
}

/* `show logging`: IOS's header, then the buffer, oldest line first. */

static void
out_line(void *arg, int severity, const char *line)
{
    (void) severity;
    fprintf(arg, "%s\n", line);
}

/* IOS's "level debugging, 12 messages logged" or "disabled". */
static void
destination(struct cmd_ctx *ctx, const char *name, const char *pad, bool on, int level,
            uint64_t logged)
{
    if (on)
        cmd_out(ctx, "    %s level %s, %llu messages logged, xml disabled,", name,
                config_log_level_name(level), (unsigned long long) logged);
    else
        cmd_out(ctx, "    %s disabled, xml disabled,", name);
    cmd_out(ctx, "%sfiltering disabled", pad);
}

static enum cmd_status
show_logging(struct cmd_ctx *ctx)
{
    static const int severities[] = { 3, 4, 6, 7 };        /* of log.h's levels */
    struct log_status st;
    char *text = NULL;
    size_t len = 0;
    FILE *lines;

    log_get_status(&st);
    cmd_out(ctx, "Syslog logging: %s (0 messages dropped, 0 messages rate-limited,",
            st.to_syslog ? "enabled" : "disabled");
    cmd_out(ctx, "                0 flushes, 0 overruns, xml disabled, filtering disabled)");
    cmd_out(ctx, "%s", "");
    cmd_out(ctx, "No Active Message Discriminator.");
    cmd_out(ctx, "%s", "");
    cmd_out(ctx, "%s", "");
    cmd_out(ctx, "No Inactive Message Discriminator.");
    cmd_out(ctx, "%s", "");
    cmd_out(ctx, "%s", "");
    /* The console is switchd's own log: stderr, its log file or syslog. */
    destination(ctx, "Console logging:", "                     ", true, severities[st.level],
                st.logged);
    destination(ctx, "Monitor logging:", "                     ", st.monitor_on, st.monitor_level,
                st.monitor_logged);
    destination(ctx, "Buffer logging: ", "                    ", st.buffered_on,
                st.buffered_level, st.buffered_logged);
    cmd_out(ctx, "    Count and timestamp logging messages: disabled");
    cmd_out(ctx, "    Persistent logging: disabled");
    cmd_out(ctx, "%s", "");
    cmd_out(ctx, "No active filter modules.");
    if (!st.buffered_on)
        return CMD_OK;
    cmd_out(ctx, "%s", "");
    cmd_out(ctx, "Log Buffer (%zu bytes):", st.buffered_size);
    cmd_out(ctx, "%s", "");
    /* Copied out under the buffer's lock, emitted after it. */
    if (!(lines = open_memstream(&text, &len)))
        return cmd_error(ctx, "Out of memory");
    log_buffered_read(out_line, lines);
    fclose(lines);
    for (char *line = text, *nl; line && (nl = strchr(line, '\n')); line = nl + 1) {
        *nl = '\0';
        cmd_out(ctx, "%s", line);
    }
    free(text);
    return CMD_OK;
}

/* IOS asks "Clear logging buffer [confirm]"; like `clear counters` here,
 * it clears at once (docs/cli.md). */
static enum cmd_status
clear_logging(struct cmd_ctx *ctx)
{
    (void) ctx;
    log_buffered_clear();
    return CMD_OK;
}

/* A session that starts monitoring sees the lines logged from then on. */
enum { MONITOR_ON, MONITOR_OFF };       /* the variants of terminal_monitor() */

static enum cmd_status
terminal_monitor(struct cmd_ctx *ctx)
{
    struct shell_session *s = ctx->sess;

    if (ctx->match->cmd->variant == MONITOR_ON && !s->monitor)
        s->monitor_seq = log_monitor_position();
    s->monitor = ctx->match->cmd->variant == MONITOR_ON;
    return CMD_OK;
}

/* `send log [0-7] TEXT`: a line of the user's into the log, as IOS
 * writes it ("%SYS-7-USERLOG_DEBUG: Message from ..."); without a
 * severity, 7. */
static enum cmd_status
send_log(struct cmd_ctx *ctx)
{
    static const char *const mnemonics[] = {
        "EMERG", "ALERT", "CRIT", "ERR", "WARNING", "NOTICE", "INFO", "DEBUG",
    };
    static const enum log_level levels[] = {
        LOG_LEVEL_ERROR, LOG_LEVEL_ERROR, LOG_LEVEL_ERROR, LOG_LEVEL_ERROR, LOG_LEVEL_WARN,
        LOG_LEVEL_INFO, LOG_LEVEL_INFO, LOG_LEVEL_DEBUG,
    };
    const char *text = cmd_value(ctx, "TEXT");
    int severity = 7;
    char shown[CMDLINE_LINE_MAX];
    size_t n = 0;

    if (text[0] >= '0' && text[0] <= '7' && text[1] == ' ') {
        severity = text[0] - '0';
        text += 2;
        text += strspn(text, " ");
    }
    /* The log goes to other users' terminals (terminal monitor) and files:
     * control characters (an escape sequence) become '?', as a typed user
     * name does in the login lines. */
    for (; text[n] && n < sizeof shown - 1; n++)
        shown[n] = (unsigned char) text[n] < 0x20 || text[n] == 0x7f ? '?' : text[n];
    shown[n] = '\0';
    /* At the level of its severity, so that --log-level lets it through
     * as it would a message of switchd's own. */
    log_msg(levels[severity], "%%SYS-%d-USERLOG_%s: Message from %s: %s", severity,
            mnemonics[severity], ctx->sess->console ? "console" : "vty", shown);
    return CMD_OK;
}

size_t
shell_session_monitor_lines(struct shell_session *s, shell_log_line_fn *fn, void *arg)
{
    return s->monitor ? log_monitor_read(&s->monitor_seq, fn, arg) : 0;
}

bool
shell_session_monitoring(const struct shell_session *s)
{
    return s->monitor;
}

/* The IOS level names, each an entry after 'prefix' running 'fn'. */
#define LEVEL_NAMES(prefix, fn)                                                            \
    { .syntax = prefix " alerts", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,           \
      .help = "Immediate action needed           (severity=1)", .exec = fn, .variant = 1 }, \
    { .syntax = prefix " critical", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,         \
      .help = "Critical conditions               (severity=2)", .exec = fn, .variant = 2 }, \
    { .syntax = prefix " debugging", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,        \
      .help = "Debugging messages                (severity=7)", .exec = fn, .variant = 7 }, \
    { .syntax = prefix " emergencies", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,      \
      .help = "System is unusable                (severity=0)", .exec = fn, .variant = 0 }, \
    { .syntax = prefix " errors", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,           \
      .help = "Error conditions                  (severity=3)", .exec = fn, .variant = 3 }, \
    { .syntax = prefix " informational", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,    \
      .help = "Informational messages            (severity=6)", .exec = fn, .variant = 6 }, \
    { .syntax = prefix " notifications", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,    \
      .help = "Normal but significant conditions (severity=5)", .exec = fn, .variant = 5 }, \
    { .syntax = prefix " warnings", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,         \
      .help = "Warning conditions                (severity=4)", .exec = fn, .variant = 4 }

#define SIZE "NUM(4096-2147483647):size"
#define LEVEL "NUM(0-7):level"

static const struct cmdline_cmd cmds[] = {
    { .syntax = "show logging", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Show the contents of logging buffers", .exec = show_logging,
      .flags = CMDLINE_LOCAL | CMDLINE_FILTERABLE },
    { .syntax = "clear logging", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Clear logging buffer", .exec = clear_logging, .flags = CMDLINE_LOCAL },
    { .syntax = "terminal monitor", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Copy debug output to the current terminal line", .exec = terminal_monitor,
      .flags = CMDLINE_LOCAL, .variant = MONITOR_ON },
    { .syntax = "terminal no", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Negate a command or set its defaults" },
    { .syntax = "terminal no monitor", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Copy debug output to the current terminal line", .exec = terminal_monitor,
      .flags = CMDLINE_LOCAL, .variant = MONITOR_OFF },
    { .syntax = "send", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Send a message to other tty lines" },
    { .syntax = "send log TEXT", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Logging commands", .arg_help = "[<0-7>] Message text (severity 7 if none)",
      .exec = send_log, .flags = CMDLINE_LOCAL },

    { .syntax = "logging", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Modify message logging facilities" },
    { .syntax = "logging buffered", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Set buffered logging parameters", .exec = logging_buffered,
      .variant = LEVEL_DEFAULT },
    { .syntax = "logging buffered " LEVEL, .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Set buffered logging parameters", .arg_help = "Logging severity level",
      .exec = logging_buffered, .variant = LEVEL_NUMBER },
    { .syntax = "logging buffered " SIZE, .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Set buffered logging parameters", .arg_help = "Logging buffer size",
      .exec = logging_buffered, .variant = LEVEL_DEFAULT },
    { .syntax = "logging buffered " SIZE " " LEVEL, .modes = IN_CONFIG,
      .privilege = PRIV_ENABLE, .help = "Set buffered logging parameters",
      .arg_help = "Logging severity level", .exec = logging_buffered, .variant = LEVEL_NUMBER },
    LEVEL_NAMES("logging buffered", logging_buffered),
    LEVEL_NAMES("logging buffered " SIZE, logging_buffered),
    { .syntax = "logging monitor", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Set terminal line (monitor) logging parameters", .exec = logging_monitor,
      .variant = LEVEL_DEFAULT },
    { .syntax = "logging monitor " LEVEL, .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Set terminal line (monitor) logging parameters",
      .arg_help = "Logging severity level", .exec = logging_monitor, .variant = LEVEL_NUMBER },
    LEVEL_NAMES("logging monitor", logging_monitor),
    { .syntax = "no logging", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Modify message logging facilities" },
    { .syntax = "no logging buffered", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Set buffered logging parameters", .exec = no_logging_buffered },
    { .syntax = "no logging monitor", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Set terminal line (monitor) logging parameters", .exec = no_logging_monitor },
};

const struct cmdline_table cmd_logging_table = CMD_TABLE(cmds);
