#ifndef SHELL_SHELL_H
#define SHELL_SHELL_H 1

/* The shell
 * =========
 * One command set (the family tables of shell/cmd_*.c, listed in
 * commands.c) serves every front end: telnet sessions (frontends/telnet.c)
 * and swsh consoles (frontends/control.c).  A front end owns a
 * 'struct shell_session' per client, on the client's own thread, and feeds
 * it lines with shell_run_line(); output comes back through the session's
 * emit() callback, one line at a time.
 *
 * Running a line: cmdline_parse() finds the command (or the IOS error), the
 * output filter after '|' is checked, then the command runs -- on the
 * session thread if it is CMDLINE_LOCAL (modes, terminal settings, 'do'),
 * else on the loop thread through the command queue, where it may read and
 * change the switch (state.h).  It writes its output and messages into
 * memory; the session thread filters and emits them, so a slow client or a
 * big filter never holds the loop.
 *
 * A command's body sees a 'struct cmd_ctx': its values by name
 * (cmd_value()), the session (mode, what the submode is editing), and
 * printf-style helpers for output lines (cmd_out), messages (cmd_info),
 * errors (cmd_error: "% ..." and the command fails) and carets
 * (cmd_invalid: "% Invalid input detected at '^' marker." under a value).
 *
 * What every session needs to know without asking the loop -- hostname,
 * users and secrets for logins -- is copied into 'struct shell' under a
 * mutex whenever the configuration changes. */

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cmdline.h"
#include "config.h"

struct cmdq;
struct port;
struct switch_state;

#define SHELL_MAX_SELECT  256       /* ports an `interface range` can select */
#define SHELL_HISTORY_MAX 64

/* Opaque to the front ends (docs/design.md section 2.2): the definition is
 * in shell_private.h, for shell/ only; they reach what it guards through
 * the functions below, which take its lock. */
struct shell;

/* Builds the command set and copies what sessions need from the running
 * configuration of 'sw'.  Returns NULL with a message in 'err'. */
struct shell *shell_create(struct switch_state *sw, struct cmdq *q, const char *startup_path,
                           char *err, size_t err_size);
void shell_destroy(struct shell *);                 /* accepts NULL */

/* Loop thread: take the new configuration's hostname and logins (a
 * state hook calls it after every apply). */
void shell_config_changed(struct shell *, const struct switch_config *);

/* Any thread but the loop's (they hash): does 'user' with 'password' log
 * in -- an unknown user takes as long to refuse as a known one; is
 * 'password' the enable secret.  Any thread: are there users to log in;
 * is there an enable secret. */
bool shell_check_login(struct shell *, const char *user, const char *password);
bool shell_logins_required(struct shell *);
bool shell_check_enable(struct shell *, const char *password);
bool shell_has_enable_secret(struct shell *);
uint32_t shell_idle_timeout(struct shell *);
/* Any thread: cli.console.idle_timeout_s, for the control socket's clients. */
uint32_t shell_console_idle_timeout(struct shell *);
/* Any thread: the hostname, for a front end's prompt (truncated to 'size'). */
void shell_hostname(struct shell *, char *buf, size_t size);
/* Any thread: the `banner motd` text ("" for none; lines end in '\n'
 * between them), for a telnet client before it logs in. */
void shell_banner_motd(struct shell *, char *buf, size_t size);

enum shell_line {
    SHELL_LINE_OUT,                 /* command output */
    SHELL_LINE_INFO,                /* a message ("% Creating vlan 20") */
    SHELL_LINE_ERROR,               /* an error message or caret line */
};

enum shell_status {
    SHELL_OK,
    SHELL_FAILED,                   /* the command ran and failed */
    SHELL_INVALID,                  /* the line did not parse */
    SHELL_QUIT,                     /* the session ends (exit, logout) */
};

/* A client's session: its mode, privilege and what a submode edits.  Opaque
 * outside shell/ (shell_private.h): a front end makes one per client, on
 * the client's thread, and drives it with the functions below. */
struct shell_session;

/* A front end's callbacks: each output line ('text' without its newline),
 * and asking the client for the enable password (telnet). */
typedef void shell_emit_fn(struct shell_session *, enum shell_line, const char *text);
typedef bool shell_request_enable_fn(struct shell_session *);

/* A session of 'shell' for one client; 'console' (swsh) sessions are
 * root-local and start privileged.  'request_enable' may be NULL; 'arg' is
 * the front end's, for its callbacks (shell_session_arg()).  NULL when
 * memory is short. */
struct shell_session *shell_session_create(struct shell *, bool console, shell_emit_fn *emit,
                                           shell_request_enable_fn *request_enable, void *arg);
void shell_session_destroy(struct shell_session *);            /* accepts NULL */
void *shell_session_arg(const struct shell_session *);
/* Who is on the session's line, for `show users` and the %SYS-5-CONFIG_I
 * log line: the user who logged in (NULL or "": nobody yet) and the
 * client's address (NULL or "": a local console).  The line itself (con N,
 * vty M) is the shell's choice (shell/session_info.h).  Any thread. */
void shell_session_set_identity(struct shell_session *, const char *user, const char *source);

unsigned shell_session_privilege(const struct shell_session *);
enum cmdline_mode shell_session_mode(const struct shell_session *);
/* What the front end's own line editor changed (libcli's `enable`, ^Z). */
void shell_session_set_privilege(struct shell_session *, unsigned privilege);
void shell_session_set_mode(struct shell_session *, enum cmdline_mode);
/* Columns before the typed line on the client's screen (its prompt), so
 * error carets land under the right character. */
void shell_session_set_prompt_offset(struct shell_session *, unsigned columns);

/* `terminal monitor`: the log lines logged since the session last looked,
 * within `logging monitor`'s level, stamped, oldest first, to
 * fn(arg, severity, line); none unless the session monitors.  fn runs
 * under the log buffer's lock: it copies, the front end writes after.
 * Returns how many.  The session's thread, between two lines. */
typedef void shell_log_line_fn(void *arg, int severity, const char *line);
size_t shell_session_monitor_lines(struct shell_session *, shell_log_line_fn *fn, void *arg);
bool shell_session_monitoring(const struct shell_session *);

/* Runs one typed line. */
enum shell_status shell_run_line(struct shell_session *, const char *line);
/* Runs a line nested in the one typed ('do'), 'offset' columns into it. */
enum shell_status shell_run_nested(struct shell_session *, const char *line, unsigned offset);

/* The prompt: "switch#", "switch(config-if)#", "switch>". */
void shell_prompt(struct shell_session *, char *buf, size_t size);

/* '?' and TAB for the line typed so far (see cmdline_help(), cmdline_complete()). */
void shell_help(struct shell_session *, const char *line, struct cmdline_list *out);
void shell_complete(struct shell_session *, const char *line, struct cmdline_list *out);

/* Command bodies. */

struct cmd_ctx {
    struct shell_session *sess;
    struct shell *shell;
    struct switch_state *sw;        /* on the loop thread; NULL for local commands */
    const struct cmdline_match *match;
    FILE *out, *msg;                /* memory streams */
    enum cmd_status (*loop_fn)(struct cmd_ctx *, void *);   /* cmd_on_loop() */
    void *loop_arg;
    unsigned invalid_col;           /* CMD_INVALID: caret column in the line */
    /* Runs on the session thread after the body (file I/O of `write`). */
    enum cmd_status (*after)(struct cmd_ctx *);
    void *after_arg;
};

/* From a CMDLINE_LOCAL body: runs fn(ctx, arg) on the loop thread (with
 * ctx->sw set) and returns its status.  For commands that do slow work on
 * the session thread first (hashing a secret, reading a file). */
enum cmd_status cmd_on_loop(struct cmd_ctx *, enum cmd_status (*fn)(struct cmd_ctx *, void *),
                            void *arg);

/* The value named 'key', or NULL. */
const char *cmd_value(const struct cmd_ctx *, const char *key);
/* Its number (for VID and NUM values). */
long cmd_number(const struct cmd_ctx *, const char *key);

void cmd_out(struct cmd_ctx *, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cmd_info(struct cmd_ctx *, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints "% <text>" and returns CMD_FAILED. */
enum cmd_status cmd_error(struct cmd_ctx *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The IOS caret error under value 'key'; returns CMD_INVALID. */
enum cmd_status cmd_invalid(struct cmd_ctx *, const char *key);

/* IOS's "% Ambiguous command:  "<line>"" for the line typed (a port
 * name that is a prefix of several); returns CMD_AMBIGUOUS. */
enum cmd_status cmd_ambiguous(struct cmd_ctx *);

/* Loop thread: the port called 'typed' -- its exact name, else IOS's
 * port-channel N ("port-channelN", "Port-channel1", "po1": the bond "PoN"),
 * else the one port whose name starts with it (case-insensitive), as IOS
 * takes "gi0/1" for GigabitEthernet0/1.  NULL if none, or several
 * ('*ambiguous'). */
const struct port *shell_find_port(const struct switch_state *, const char *typed,
                                   bool *ambiguous);
/* The same for value 'key' of the command: CMD_OK and '*out', or the
 * caret under the name (none matches) or CMD_AMBIGUOUS (several do). */
enum cmd_status cmd_port(struct cmd_ctx *, const char *key, const struct port **out);

/* Loop thread: a copy of the running configuration to edit, and applying
 * it (errors are printed).  cmd_apply() always takes 'cfg'. */
struct switch_config *cmd_edit(struct cmd_ctx *);
enum cmd_status cmd_apply(struct cmd_ctx *, struct switch_config *cfg);

/* Helpers for configuration edits. */
struct config_port *cmd_config_port(struct switch_config *, const char *name,
                                    struct config_bridge **bridge);
struct config_bridge *cmd_config_bridge(struct switch_config *, const char *name);
/* Finds VLAN 'vid' in 'b', or adds it (named VLANnnnn) when 'create'. */
struct config_vlan *cmd_config_vlan(struct config_bridge *b, uint16_t vid, bool create);
/* Appends a new port 'name' to 'b': enabled, a new port's VLAN settings
 * (trunk, every VLAN, native 1), the rest 0.  NULL when memory is short;
 * pointers into b->ports are stale afterwards. */
struct config_port *cmd_config_port_add(struct config_bridge *b, const char *name);
/* Removes port 'name' of 'b' and its static MAC entries; ports that named
 * it as their bond leave it. */
void cmd_config_port_remove(struct config_bridge *b, const char *name);

/* An edit of one port the session selected (config-if, config-if-range),
 * and applying one to each of them in one configuration change. */
typedef enum cmd_status cmd_port_edit_fn(struct cmd_ctx *, struct config_bridge *,
                                         struct config_port *);
enum cmd_status cmd_edit_selected(struct cmd_ctx *, cmd_port_edit_fn *edit);

/* Loop thread: the members of 'bond' (the ports of its bridge whose
 * configuration names it, in port order), at most 'max' of them in 'out';
 * returns how many (shell/cmd_bond_show.c). */
size_t shell_bond_members(const struct switch_state *, const struct port *bond,
                          const struct port **out, size_t max);

/* The family tables (commands.c lists them). */
extern const struct cmdline_table cmd_exec_table, cmd_config_table, cmd_interface_table,
    cmd_vlan_table, cmd_mac_table, cmd_bridge_table, cmd_system_table, cmd_flow_table,
    cmd_bond_table, cmd_bond_show_table, cmd_interface_show_table, cmd_if_lines_table, cmd_line_table,
    cmd_template_globals_table;
extern const struct cmdline_table cmd_session_table;       /* shell/cmd_session.c */
extern const struct cmdline_table cmd_logging_table;       /* shell/cmd_logging.c */
extern const struct cmdline_table cmd_port_security_table; /* shell/cmd_port_security.c */
extern const struct cmdline_table cmd_errdisable_table;    /* shell/cmd_errdisable.c */
extern const struct cmdline_table cmd_ovs_table;           /* shell/cmd_ovs.c */
extern const struct cmdline_table cmd_nve_table;           /* shell/cmd_nve.c */
extern const struct cmdline_table cmd_storm_control_table; /* shell/cmd_storm_control.c */
extern const struct cmdline_table cmd_lldp_table;          /* shell/cmd_lldp.c */
extern const struct cmdline_table cmd_spanning_tree_table; /* shell/cmd_spanning_tree.c */
extern const struct cmdline_table cmd_monitor_capture_table; /* shell/cmd_monitor_capture.c */
extern const struct cmdline_table cmd_monitor_session_table; /* shell/cmd_monitor_session.c */

#endif /* shell/shell.h */
