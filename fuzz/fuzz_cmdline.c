/* The IOS command matcher (cli/cmdline.c) on arbitrary lines, against
 * the real command tables of the shell (shell/cmd_*.c), as a telnet user
 * or a console client may type them.
 *
 * The first input byte picks the mode (its low bits) and the privilege
 * (its high bit: user EXEC or enabled); the rest is the line.  Each line
 * is parsed (a typed line), helped ('?' typed at its end) and completed
 * (TAB).  What must hold:
 *   - a parse that succeeds names a command available in that mode (or,
 *     from a configuration submode, in global configuration mode) at that
 *     privilege, and its values and filter are strings in the match's own
 *     buffer; a caret is never past the end of the line;
 *   - the same line in capitals, or with its blanks doubled, parses as the
 *     same command (or fails the same way);
 *   - every TAB completion put in place of the last word gives a line whose
 *     parse does not put the caret at or after that word (the matcher
 *     would not offer a word it then refuses);
 *   - help and error lines are NUL-terminated strings. */
#include "fuzz.h"

#include <string.h>

#include "cmdline.h"
#include "shell.h"
#include "util.h"

static struct cmdline_commands *cmds;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const struct cmdline_table tables[] = {
        cmd_exec_table, cmd_config_table, cmd_system_table, cmd_bridge_table,
        cmd_vlan_table, cmd_interface_table, cmd_mac_table, cmd_flow_table,
    };
    char err[256] = "";

    (void) argc; (void) argv;
    cmds = cmdline_commands_create(tables, ARRAY_SIZE(tables), err, sizeof err);
    FUZZ_CHECK(cmds, "the command tables do not compile: %s", err);
    return 0;
}

/* Port and bridge names of a small switch, as the shell's callback gives. */
static void
names(enum cmdline_value_type type, cmdline_name_add_fn *add, void *add_arg, void *arg)
{
    static const char *const ports[] = { "vm1", "vm2", "uplink", "eth1", "int-br-eth1" };
    static const char *const bridges[] = { "br0", "br-int" };

    (void) arg;
    if (type == CMDLINE_T_PORT)
        for (size_t i = 0; i < ARRAY_SIZE(ports); i++)
            add(add_arg, ports[i]);
    if (type == CMDLINE_T_BRIDGE)
        for (size_t i = 0; i < ARRAY_SIZE(bridges); i++)
            add(add_arg, bridges[i]);
}

/* Values and the filter are NUL-terminated strings in the match's 'line'
 * buffer, one after the other. */
static bool
in_line(const struct cmdline_match *m, const char *p)
{
    const char *end = m->line + sizeof m->line;

    return p >= m->line && p < end && memchr(p, '\0', end - p);
}

static void
check_parse(const struct cmdline_match *m, const char *line, enum cmdline_mode mode,
            unsigned priv)
{
    switch (m->result) {
    case CMDLINE_OK:
        FUZZ_CHECK(m->cmd && m->cmd->exec, "\"%s\": no command", line);
        FUZZ_CHECK(m->cmd->privilege <= priv, "\"%s\": privilege %u at %u", line,
                   m->cmd->privilege, priv);
        FUZZ_CHECK(m->cmd->modes & SHELL_M(m->mode), "\"%s\": matched %s outside its modes",
                   line, m->cmd->syntax);
        FUZZ_CHECK(m->mode == mode
                   || (SHELL_M(mode) & SHELL_M_SUBMODES && m->mode == SHELL_MODE_CONFIG),
                   "\"%s\" typed in mode %d runs in mode %d", line, mode, m->mode);
        FUZZ_CHECK(m->n_values <= CMDLINE_MAX_VALUES, "\"%s\": %u values", line, m->n_values);
        for (unsigned i = 0; i < m->n_values; i++) {
            FUZZ_CHECK(m->values[i].key && m->values[i].text, "\"%s\": value %u unset", line, i);
            FUZZ_CHECK(in_line(m, m->values[i].text),
                       "\"%s\": value %s points outside the line", line, m->values[i].key);
            FUZZ_CHECK(m->values[i].col <= strlen(line), "\"%s\": value column %u", line,
                       m->values[i].col);
            FUZZ_CHECK(cmdline_value(m, m->values[i].key), "\"%s\": value %s not found", line,
                       m->values[i].key);
        }
        FUZZ_CHECK(!m->filter || in_line(m, m->filter), "\"%s\": filter outside the line",
                   line);
        break;
    case CMDLINE_INVALID:
        FUZZ_CHECK(m->col <= strlen(line), "\"%s\": caret at column %u", line, m->col);
        break;
    case CMDLINE_EMPTY:
    case CMDLINE_INCOMPLETE:
    case CMDLINE_AMBIGUOUS:
        break;
    default:
        FUZZ_CHECK(false, "\"%s\": result %d", line, m->result);
    }
}

static void
check_list(const struct cmdline_list *l, const char *what, const char *line)
{
    FUZZ_CHECK(l->n <= l->size, "%s of \"%s\": %zu items in %zu", what, line, l->n, l->size);
    for (size_t i = 0; i < l->n; i++)
        FUZZ_CHECK(l->items[i] && strlen(l->items[i]) < CMDLINE_LINE_MAX + 64,
                   "%s of \"%s\": item %zu", what, line, i);
}

/* Each completion in place of the last (partial) word parses without a
 * caret from that word on. */
static void
check_completions(const struct cmdline_list *words, const char *line, enum cmdline_mode mode,
                  unsigned priv, struct cmdline_match *m)
{
    size_t len = strlen(line), start = len;

    if (strchr(line, '|'))
        return;                         /* filter words are output_filter.c's */
    while (start && !strchr(" \t\r\n", line[start - 1]))
        start--;
    for (size_t i = 0; i < words->n; i++) {
        size_t wlen = strlen(words->items[i]);
        char *completed = malloc(start + wlen + 1);

        if (!completed)
            return;
        memcpy(completed, line, start);
        memcpy(completed + start, words->items[i], wlen + 1);
        FUZZ_CHECK(wlen && !strpbrk(words->items[i], " \t\r\n"),
                   "\"%s\" completes with \"%s\"", line, words->items[i]);
        cmdline_parse(cmds, completed, mode, priv, m);
        FUZZ_CHECK(m->result != CMDLINE_INVALID || m->col < start,
                   "\"%s\" completes to \"%s\", which is invalid at column %u", line,
                   completed, m->col);
        free(completed);
    }
}

/* Keywords match case-insensitively and no value type cares about case
 * (names are only checked for syntax): the line in capitals parses the
 * same way. */
static void
check_capitals(const struct cmdline_match *m, const char *line, enum cmdline_mode mode,
               unsigned priv)
{
    struct cmdline_match *up = malloc(sizeof *up);
    char *upper = strdup(line);

    if (up && upper) {
        for (char *p = upper; *p; p++)
            if (*p >= 'a' && *p <= 'z')
                *p -= 'a' - 'A';
        cmdline_parse(cmds, upper, mode, priv, up);
        FUZZ_CHECK(up->result == m->result && up->cmd == m->cmd
                   && (m->result != CMDLINE_INVALID || up->col == m->col),
                   "\"%s\" parses as %d (%s), \"%s\" as %d (%s)", line, m->result,
                   m->cmd ? m->cmd->syntax : "-", upper, up->result,
                   up->cmd ? up->cmd->syntax : "-");
    }
    free(up);
    free(upper);
}

/* Words are what counts, not the blanks between them: every blank doubled,
 * the line parses as the same command. */
static void
check_blanks(const struct cmdline_match *m, const char *line, enum cmdline_mode mode,
             unsigned priv)
{
    size_t len = strlen(line), n_blanks = 0;
    struct cmdline_match *wide;
    char *spread, *q;

    for (size_t i = 0; i < len; i++)
        n_blanks += line[i] == ' ' || line[i] == '\t';
    if (!n_blanks || len + n_blanks > CMDLINE_LINE_MAX)
        return;
    wide = malloc(sizeof *wide);
    spread = malloc(len + n_blanks + 1);
    if (wide && spread) {
        for (q = spread; *line; line++) {
            if (*line == ' ' || *line == '\t')
                *q++ = *line;
            *q++ = *line;
        }
        *q = '\0';
        cmdline_parse(cmds, spread, mode, priv, wide);
        FUZZ_CHECK(wide->result == m->result && wide->cmd == m->cmd,
                   "\"%s\" parses as %d (%s), with its blanks doubled as %d (%s)", spread,
                   m->result, m->cmd ? m->cmd->syntax : "-", wide->result,
                   wide->cmd ? wide->cmd->syntax : "-");
    }
    free(wide);
    free(spread);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cmdline_list help = { 0 }, words = { 0 }, errors = { 0 };
    struct cmdline_match *m;
    enum cmdline_mode mode;
    unsigned priv;
    char *line;

    if (size < 1 || size > CMDLINE_LINE_MAX + 1)
        return 0;
    mode = (enum cmdline_mode) ((data[0] & 0x7f) % SHELL_N_MODES);
    priv = data[0] & 0x80 ? SHELL_PRIV_ENABLE : SHELL_PRIV_USER;
    /* Configuration modes need privilege: the shell never enters them
     * without it. */
    if (mode != SHELL_MODE_EXEC)
        priv = SHELL_PRIV_ENABLE;
    if (!(line = fuzz_text(data + 1, size - 1)) || !(m = malloc(sizeof *m))) {
        free(line);
        return 0;
    }

    cmdline_parse(cmds, line, mode, priv, m);
    check_parse(m, line, mode, priv);
    check_capitals(m, line, mode, priv);
    check_blanks(m, line, mode, priv);
    if (m->result != CMDLINE_OK && m->result != CMDLINE_EMPTY) {
        cmdline_error_lines(m, line, 7, &errors);
        check_list(&errors, "error lines", line);
    }

    cmdline_help(cmds, line, mode, priv, names, NULL, &help);
    check_list(&help, "help", line);
    cmdline_complete(cmds, line, mode, priv, names, NULL, &words);
    check_list(&words, "completion", line);
    check_completions(&words, line, mode, priv, m);

    cmdline_list_free(&help);
    cmdline_list_free(&words);
    cmdline_list_free(&errors);
    free(m);
    free(line);
    return 0;
}
