/* Sessions: `show users`, `show history`, `terminal history size`,
 * `show clock` (the registry itself is in shell.c; what it shows is
 * shell/session_info.c). */
#include <stdlib.h>
#include <string.h>
#include <sys/timex.h>
#include <time.h>

#include "cmd_table.h"
#include "loop.h"
#include "shell_private.h"

struct users_row {
    unsigned absolute;
    char text[192];
};

static int
row_order(const void *a, const void *b)
{
    const struct users_row *x = a, *y = b;

    return (x->absolute > y->absolute) - (x->absolute < y->absolute);
}

/* Every session of the registry, in line order, the caller's marked.
 * IOS shows this in user EXEC too: lines, users, idle times and client
 * addresses, nothing a session could not see on IOS. */
static enum cmd_status
show_users(struct cmd_ctx *ctx)
{
    struct shell *sh = ctx->shell;
    struct users_row *rows = NULL;
    size_t n = 0, cap = 0;
    int64_t now = loop_now_ms();

    pthread_mutex_lock(&sh->lock);
    for (struct shell_session *s = sh->sessions; s; s = s->reg_next) {
        if (n == cap) {
            struct users_row *more = realloc(rows, (cap = cap ? 2 * cap : 16) * sizeof *rows);
            if (!more) {
                pthread_mutex_unlock(&sh->lock);
                free(rows);
                return cmd_error(ctx, "Out of memory");
            }
            rows = more;
        }
        rows[n].absolute = session_line_absolute(s->line);
        session_users_row(rows[n].text, sizeof rows[n].text, s == ctx->sess, s->line, s->user,
                          (now - s->active_ms) / 1000, s->source);
        n++;
    }
    pthread_mutex_unlock(&sh->lock);
    qsort(rows, n, sizeof *rows, row_order);
    cmd_out(ctx, "%s", session_users_header);
    for (size_t i = 0; i < n; i++)
        cmd_out(ctx, "%s", rows[i].text);
    free(rows);
    return CMD_OK;
}

/* The session's own lines, as stored: passwords already masked. */
static enum cmd_status
show_history(struct cmd_ctx *ctx)
{
    const struct session_history *h = &ctx->sess->history;

    for (unsigned i = 0; i < h->n; i++)
        cmd_out(ctx, "  %s", session_history_at(h, i));
    return CMD_OK;
}

static enum cmd_status
terminal_history_size(struct cmd_ctx *ctx)
{
    session_history_resize(&ctx->sess->history, cmd_number(ctx, "NUM"));
    return CMD_OK;
}

/* IOS's "*22:45:01.123 UTC Sat Dec 5 2026": the '*' says the time is not
 * authoritative; here, that the kernel's clock is not synchronised
 * (adjtimex() answers TIME_ERROR: no NTP daemon keeps it); docs/cli.md,
 * "EXEC: sessions, history and clock". */
static enum cmd_status
show_clock(struct cmd_ctx *ctx)
{
    struct timex tx = { .modes = 0 };
    struct timespec ts;
    struct tm tm;
    char time_of_day[16], date[80];
    bool synced = adjtimex(&tx) != TIME_ERROR;

    clock_gettime(CLOCK_REALTIME, &ts);
    if (!localtime_r(&ts.tv_sec, &tm) || !strftime(time_of_day, sizeof time_of_day, "%H:%M:%S", &tm)
        || !strftime(date, sizeof date, "%Z %a %b %-d %Y", &tm))
        return cmd_error(ctx, "The clock cannot be read");
    cmd_out(ctx, "%s%s.%03ld %s", synced ? "" : "*", time_of_day, ts.tv_nsec / 1000000, date);
    return CMD_OK;
}

static const struct cmdline_cmd cmds[] = {
    { .syntax = "show users", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Display information about terminal lines", .exec = show_users,
      .flags = CMDLINE_LOCAL | CMDLINE_FILTERABLE },
    { .syntax = "show history", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Display the session command history", .exec = show_history,
      .flags = CMDLINE_LOCAL | CMDLINE_FILTERABLE },
    { .syntax = "show clock", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Display the system clock", .exec = show_clock,
      .flags = CMDLINE_LOCAL | CMDLINE_FILTERABLE },
    { .syntax = "terminal history", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Enable and control the command history function" },
    { .syntax = "terminal history size NUM(0-256)", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Set history buffer size", .arg_help = "Size of history buffer",
      .exec = terminal_history_size, .flags = CMDLINE_LOCAL },
};

const struct cmdline_table cmd_session_table = CMD_TABLE(cmds);
