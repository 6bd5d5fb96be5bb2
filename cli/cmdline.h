#ifndef CLI_CMDLINE_H
#define CLI_CMDLINE_H 1

/* Command lines
 * =============
 * The IOS-style command language of the shell: a table of commands, each a
 * syntax string such as
 *
 *     "switchport trunk allowed vlan add VLANS"
 *     "show mac address-table [dynamic] [static] [address MAC] [vlan VID]"
 *
 * and the matcher that turns a typed line into one command and its values,
 * or into the IOS error for it.  Lower-case words are keywords; upper-case
 * words are typed values (VID, VLANS, MAC, NUM(lo-hi), WORD, PORT, BRIDGE,
 * and the rest-of-line types LINE, PORTS (both end at a '|') and TEXT);
 * "TYPE:name" names a value.
 * Bracketed groups come last, may be given in any order, each at most once:
 * "[keyword]" is a flag, "[keyword VALUE]" an option with a value.
 *
 * Matching follows IOS, word by word over every command available in the
 * session's mode and privilege:
 *   - a keyword matches any unique prefix, case-insensitively; an exact
 *     keyword wins over longer ones ("vlan" vs "vlans"); keywords win over
 *     values at the same position ("interface range" is not a port called
 *     "range");
 *   - a prefix of two different keywords is ambiguous:
 *         % Ambiguous command:  "show i"
 *   - a word nothing accepts is invalid, the caret under the first character
 *     that stops matching (IOS puts it there: "brieff" gets it under the
 *     second f), or under the start of a bad value:
 *         % Invalid input detected at '^' marker.
 *   - a line that stops before a command is complete is incomplete:
 *         % Incomplete command.
 *   - in a configuration submode, a command found only in global
 *     configuration mode runs there (and the session leaves the submode),
 *     as IOS does.
 * Values are checked for syntax only (VLAN 1-4094, VLAN-list grammar, MAC
 * format, number ranges); whether a port exists is the command's business.
 *
 * A '|' outside a rest-of-line value starts the output filter (see
 * output_filter.h); its text is returned, not interpreted, here.
 *
 * The same tables drive '?' help and TAB completion (cmdline_help(),
 * cmdline_complete()), so the three never disagree.  Dynamic values (port and
 * bridge names) come from a callback.
 *
 * Cost: matching is O(commands x words); tables hold a few hundred
 * commands, lines a few words.  Nothing here does I/O or touches switch
 * state, so it is unit-tested without a daemon. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CMDLINE_LINE_MAX     4096
/* Words in a line: room for an ovs-vsctl chain of OVS_VSCTL_MAX_CMDS
 * commands (shell/ovs_vsctl.h) and a one-line banner of a few hundred. */
#define CMDLINE_MAX_WORDS    256
#define CMDLINE_MAX_VALUES   16
#define CMDLINE_MAX_TOKENS   24

enum cmdline_mode {
    SHELL_MODE_EXEC,                  /* switch> and switch# */
    SHELL_MODE_CONFIG,                /* switch(config)# */
    SHELL_MODE_IF,                    /* switch(config-if)# */
    SHELL_MODE_IF_RANGE,              /* switch(config-if-range)# */
    SHELL_MODE_VLAN,                  /* switch(config-vlan)# */
    SHELL_MODE_BRIDGE,                /* switch(config-bridge)# */
    SHELL_MODE_LINE,                  /* switch(config-line)#: line vty, line con */
    SHELL_MODE_NVE,                   /* switch(config-if-nve)#: interface nve1 */
    SHELL_MODE_NVE_VNI,               /* switch(config-if-nve-vni)#: member vni N */
    SHELL_N_MODES
};

#define SHELL_M(mode)       (1u << (mode))
#define SHELL_M_IF          (SHELL_M(SHELL_MODE_IF) | SHELL_M(SHELL_MODE_IF_RANGE))
#define SHELL_M_SUBMODES    (SHELL_M_IF | SHELL_M(SHELL_MODE_VLAN) | SHELL_M(SHELL_MODE_BRIDGE) \
                             | SHELL_M(SHELL_MODE_LINE) | SHELL_M(SHELL_MODE_NVE) \
                             | SHELL_M(SHELL_MODE_NVE_VNI))
#define SHELL_M_ALL_CONFIG  (SHELL_M(SHELL_MODE_CONFIG) | SHELL_M_SUBMODES)

#define SHELL_PRIV_USER    0
#define SHELL_PRIV_ENABLE  15

/* "(config-if)" etc.; "" for EXEC. */
const char *cmdline_mode_prompt(enum cmdline_mode);

enum cmdline_value_type {
    CMDLINE_T_WORD,                     /* any word */
    CMDLINE_T_PORT,                     /* a port name (completed from the switch) */
    CMDLINE_T_BRIDGE,                   /* a bridge name (completed from the switch) */
    CMDLINE_T_VID,                      /* 1-4094 */
    CMDLINE_T_VLANS,                    /* VLAN list "1,10-20" */
    CMDLINE_T_MAC,                      /* H.H.H or xx:xx:xx:xx:xx:xx */
    CMDLINE_T_NUM,                      /* lo-hi */
    CMDLINE_T_LINE,                     /* the rest of the line, as typed */
    CMDLINE_T_PORTS,                    /* interface range: the rest of the line */
    CMDLINE_T_TEXT,                     /* the rest of the line, '|' included */
};

/* What a command body returns (shell.h runs them). */
enum cmd_status {
    CMD_OK,
    CMD_FAILED,
    CMD_INVALID,                    /* caret under a value (cmd_invalid) */
    CMD_AMBIGUOUS,                  /* "% Ambiguous command" (cmd_ambiguous) */
    CMD_QUIT,
    CMD_INVALID_SHOWN,              /* did not parse; the error is printed (do) */
};

struct cmd_ctx;
typedef enum cmd_status cmdline_exec_fn(struct cmd_ctx *);

/* One command of a family's table. */
struct cmdline_cmd {
    const char *syntax;             /* see above */
    unsigned modes;                 /* SHELL_M() bits */
    unsigned privilege;             /* SHELL_PRIV_USER or SHELL_PRIV_ENABLE */
    const char *help;               /* help of the last keyword */
    const char *arg_help;           /* help of the first value; NULL: the type's */
    cmdline_exec_fn *exec;              /* NULL: a help-only entry for a keyword */
    unsigned flags;                 /* CMDLINE_LOCAL, ... */
    int variant;                    /* which of the entries 'exec' serves this
                                       is (the family's enum; 0 by default):
                                       'exec' decides by it, never by 'syntax' */
};

enum {
    CMDLINE_LOCAL = 1 << 0,         /* runs on the session thread (no switch state) */
    CMDLINE_FILTERABLE = 1 << 1,    /* output takes "| include ..." */
    CMDLINE_HIDDEN = 1 << 2,        /* not offered by '?' or TAB */
    CMDLINE_EXEC_LINE = 1 << 3,     /* its value is an EXEC line ('do'): '?' and
                                       TAB in it are those of EXEC mode */
};

/* A table of tables: every family's commands, in order. */
struct cmdline_table {
    const struct cmdline_cmd *cmds;
    size_t n_cmds;
};

/* Compiled form of a syntax string. */
struct cmdline_token {
    bool is_value;
    enum cmdline_value_type type;       /* values */
    char word[40];                  /* keywords: the keyword; values: the name */
    long lo, hi;                    /* CMDLINE_T_NUM */
    int group;                      /* -1: required; else the optional group */
};

struct cmdline_syntax {
    const struct cmdline_cmd *cmd;
    unsigned n_required;            /* tokens[0..n_required) */
    unsigned n_tokens;
    struct cmdline_token tokens[CMDLINE_MAX_TOKENS];
    unsigned n_groups;
};

/* Compiles 'cmd->syntax' into '*out'.  Returns false (with the reason in
 * 'err') for a malformed syntax string: a table bug, found by unit tests. */
bool cmdline_syntax_compile(const struct cmdline_cmd *cmd, struct cmdline_syntax *out,
                        char *err, size_t err_size);

/* The syntax as the documentation writes it: keywords as they are,
 * values by their name in capitals ("username NAME secret 0 SECRET"),
 * numbers as their range ("terminal length <0-512>"). */
void cmdline_syntax_format(const struct cmdline_syntax *, char *buf, size_t size);

/* Tokenized line: words with their columns, '|' split off. */
struct cmdline_words {
    unsigned n;
    char *word[CMDLINE_MAX_WORDS];
    unsigned col[CMDLINE_MAX_WORDS];    /* 0-based column of each word in 'line' */
    char buf[CMDLINE_LINE_MAX + CMDLINE_MAX_WORDS];
};

/* Splits 'line'; returns false if it has more than CMDLINE_MAX_WORDS words or
 * CMDLINE_LINE_MAX bytes. */
bool cmdline_words_split(const char *line, struct cmdline_words *out);

enum cmdline_result {
    CMDLINE_OK,
    CMDLINE_EMPTY,                /* blank line or a comment ("!") */
    CMDLINE_INVALID,              /* caret at 'col' */
    CMDLINE_INCOMPLETE,
    CMDLINE_AMBIGUOUS,
};

struct cmdline_value {
    const char *key;                /* the value's name, or its group's keyword */
    const char *text;               /* points into the match's line copy */
    unsigned col;                   /* where it was typed */
};

/* What cmdline_parse() found. */
struct cmdline_match {
    enum cmdline_result result;
    unsigned col;                   /* INVALID: column of the caret */
    const struct cmdline_cmd *cmd;      /* OK */
    enum cmdline_mode mode;             /* OK: the mode the command belongs to */
    unsigned n_values;
    struct cmdline_value values[CMDLINE_MAX_VALUES];
    const char *filter;             /* text after '|', or NULL */
    unsigned filter_col;
    char line[CMDLINE_LINE_MAX + 1];    /* copy the values point into */
};

/* The command set: compiled tables. */
struct cmdline_commands;

/* Compiles every table.  Returns NULL with a message for a bad table. */
struct cmdline_commands *cmdline_commands_create(const struct cmdline_table *tables, size_t n_tables,
                                         char *err, size_t err_size);
void cmdline_commands_destroy(struct cmdline_commands *);  /* accepts NULL */

/* Calls 'cb' for every compiled command (the telnet front end mirrors them
 * into libcli's tree). */
void cmdline_commands_foreach(const struct cmdline_commands *,
                          void (*cb)(const struct cmdline_syntax *, void *), void *arg);

/* Parses 'line' typed in 'mode' with 'privilege'. */
void cmdline_parse(const struct cmdline_commands *, const char *line, enum cmdline_mode mode,
               unsigned privilege, struct cmdline_match *out);

/* The value called 'key' of a match, or NULL when it was not given (an
 * optional group not typed).  A flag group gives "". */
const char *cmdline_value(const struct cmdline_match *, const char *key);
/* Its column, for carets; 0 if absent. */
unsigned cmdline_value_col(const struct cmdline_match *, const char *key);

/* Checks 'text' against a value type (syntax only).  For CMDLINE_T_NUM,
 * 'lo'..'hi'. */
bool cmdline_value_valid(enum cmdline_value_type, long lo, long hi, const char *text);

/* Help and completion.  Dynamic names (ports, bridges) come from 'names':
 * it calls 'add' for every name of 'type'. */
typedef void cmdline_name_add_fn(void *add_arg, const char *name);
typedef void cmdline_names_fn(enum cmdline_value_type type, cmdline_name_add_fn *add, void *add_arg,
                          void *arg);

/* A list of output lines (help) or words (completion), malloc'd. */
struct cmdline_list {
    char **items;
    size_t n, size;
};
void cmdline_list_add(struct cmdline_list *, const char *text);
void cmdline_list_free(struct cmdline_list *);

/* '?' typed at the end of 'line': the IOS help lines ("  show     Show
 * running system information", "  <1-4094>  VLAN ID", "  <cr>"), or a
 * single "% Unrecognized command" / "% Ambiguous command: ..." line. */
void cmdline_help(const struct cmdline_commands *, const char *line, enum cmdline_mode mode,
              unsigned privilege, cmdline_names_fn *names, void *names_arg,
              struct cmdline_list *out);

/* TAB: the words that can complete the last (partial) word of 'line'. */
void cmdline_complete(const struct cmdline_commands *, const char *line, enum cmdline_mode mode,
                  unsigned privilege, cmdline_names_fn *names, void *names_arg,
                  struct cmdline_list *out);

/* The IOS error lines for a failed parse of 'line' shown after a prompt of
 * 'prompt_len' characters: the caret line and "% Invalid input ...", or
 * "% Incomplete command." ... */
void cmdline_error_lines(const struct cmdline_match *, const char *line, unsigned prompt_len,
                     struct cmdline_list *out);

#endif /* cli/cmdline.h */
