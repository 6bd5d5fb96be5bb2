#ifndef SHELL_SESSION_INFO_H
#define SHELL_SESSION_INFO_H 1

/* What the session registry shows
 * ================================
 * (shell/shell.c keeps the registry; docs/cli.md, "EXEC: sessions, history
 * and clock", has the user's view.)
 * Pure helpers, unit-tested without a daemon: IOS line names and numbers,
 * a `show users` row, the %SYS-5-CONFIG_I text and a session's history of
 * typed lines.
 *
 * Lines.  IOS numbers its lines absolutely, the console first: a Catalyst
 * switch has `0 con 0` and `1 vty 0` to `16 vty 15`.  A telnet session
 * takes the lowest free vty M, numbered 1 + M as on a Catalyst.  swsh
 * consoles are console lines: the first open one is `0 con 0`; consoles
 * opened while another is open take con 1, con 2 ..., numbered after every
 * possible vty (SESSION_VTY_LINES, telnet's session cap), so that no two
 * live lines ever share a number and the usual one-console case looks
 * exactly like IOS. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SESSION_VTY_LINES    100    /* telnet's session cap (frontends/telnet.c) */
#define SESSION_HISTORY_SIZE 10     /* IOS's default `terminal history size` */
#define SESSION_HISTORY_MAX  256    /* IOS's largest */

enum session_line_kind { SESSION_LINE_CON, SESSION_LINE_VTY };

struct session_line {
    enum session_line_kind kind;
    unsigned number;                /* relative: con N, vty M */
};

/* The lowest number not among the 'n' of 'taken'. */
unsigned session_line_lowest_free(const unsigned *taken, size_t n);
/* IOS's absolute line number (the first column of `show users`). */
unsigned session_line_absolute(struct session_line);
/* How IOS names the line in log lines: "vty0", "console" (con 0),
 * "console1". */
void session_line_log_name(struct session_line, char *buf, size_t size);

/* One row of `show users` (without a newline): '*' for the session
 * running the command, then line, user, "idle" for Host(s), the idle time
 * as HH:MM:SS (hours past 99 are printed as they come) and the location
 * ("" for none), in IOS's columns. */
void session_users_row(char *buf, size_t size, bool self, struct session_line line,
                       const char *user, int64_t idle_s, const char *location);
/* The header over the rows. */
extern const char session_users_header[];

/* The text of %SYS-5-CONFIG_I (without the tag) for a change made from
 * 'from' ("console" for typed lines, a file name for imports) by a session
 * on 'line' with 'user' ("" if none) from 'source' ("" if local):
 * "Configured from console by admin on vty0 (127.0.0.1)",
 * "Configured from console by vty0 (127.0.0.1)",
 * "Configured from console by root on console",
 * "Configured from console by console". */
void session_config_message(char *buf, size_t size, const char *from, struct session_line line,
                            const char *user, const char *source);

/* A session's last typed lines, oldest first, at most 'size' of them
 * (`terminal history size`), with passwords masked as they are added
 * (cli/secret_line.h): a password in clear text is never stored. */
struct session_history {
    char *lines[SESSION_HISTORY_MAX];   /* a ring: the oldest at 'first' */
    unsigned first, n, size;
};

void session_history_init(struct session_history *, unsigned size);
void session_history_free(struct session_history *);
/* Adds 'line' (masked), dropping the oldest when full; nothing when the
 * size is 0 or memory is short. */
void session_history_add(struct session_history *, const char *line);
/* Keeps the newest 'size' lines (0 to SESSION_HISTORY_MAX). */
void session_history_resize(struct session_history *, unsigned size);
/* The i-th line, oldest first (i < h->n). */
const char *session_history_at(const struct session_history *, unsigned i);

#endif /* shell/session_info.h */
