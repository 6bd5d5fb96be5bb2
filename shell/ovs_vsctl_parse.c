/* ovs-vsctl's command line: words as a Unix shell splits them, then OVS's
 * chain of `--`-separated commands with their options (shell/ovs_vsctl.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ovs_vsctl.h"
#include "util.h"

/* The commands we run, with OVS's argument counts and the options each
 * takes (ovs-vsctl(8)). */
static const struct {
    const char *name;
    enum ovs_vsctl_verb verb;
    unsigned min_args, max_args;
    bool may_exist, if_exists;
} verbs[] = {
    { "add-br", OVS_VSCTL_ADD_BR, 1, 3, true, false },
    { "del-br", OVS_VSCTL_DEL_BR, 1, 1, false, true },
    { "list-br", OVS_VSCTL_LIST_BR, 0, 0, false, false },
    { "br-exists", OVS_VSCTL_BR_EXISTS, 1, 1, false, false },
    { "add-port", OVS_VSCTL_ADD_PORT, 2, OVS_VSCTL_MAX_ARGS, true, false },
    { "del-port", OVS_VSCTL_DEL_PORT, 1, 2, false, true },
    { "list-ports", OVS_VSCTL_LIST_PORTS, 1, 1, false, false },
    { "port-to-br", OVS_VSCTL_PORT_TO_BR, 1, 1, false, false },
    { "set", OVS_VSCTL_SET, 3, OVS_VSCTL_MAX_ARGS, false, true },
    { "clear", OVS_VSCTL_CLEAR, 3, OVS_VSCTL_MAX_ARGS, false, true },
    { "add", OVS_VSCTL_ADD, 4, OVS_VSCTL_MAX_ARGS, false, false },
    { "remove", OVS_VSCTL_REMOVE, 4, OVS_VSCTL_MAX_ARGS, false, false },
    { "get", OVS_VSCTL_GET, 3, OVS_VSCTL_MAX_ARGS, false, true },
    { "show", OVS_VSCTL_SHOW, 0, 0, false, false },
    { "list-ifaces", OVS_VSCTL_LIST_IFACES, 1, 1, false, false },
    { "iface-to-br", OVS_VSCTL_IFACE_TO_BR, 1, 1, false, false },
    { "list", OVS_VSCTL_LIST, 1, OVS_VSCTL_MAX_ARGS, false, true },
    /* No controllers here, so no fail mode: the bridge forwards by its
     * flow table either way (docs/cli.md). */
    { "set-fail-mode", OVS_VSCTL_FAIL_MODE, 2, 2, false, false },
    { "del-fail-mode", OVS_VSCTL_FAIL_MODE, 1, 1, false, false },
    { "get-fail-mode", OVS_VSCTL_FAIL_MODE, 1, 1, false, false },
    { "init", OVS_VSCTL_NOTHING, 0, 0, false, false },
    { "comment", OVS_VSCTL_NOTHING, 0, OVS_VSCTL_MAX_ARGS, false, false },
};

/* OVS commands we do not have: said so, rather than "unknown". */
static const char *const unsupported[] = {
    "find", "create", "destroy", "wait-until", "add-bond", "add-bond-iface",
    "del-bond-iface", "br-to-vlan", "br-to-parent", "br-set-external-id",
    "br-get-external-id", "set-controller", "del-controller", "get-controller",
    "set-manager", "del-manager", "get-manager", "set-ssl", "get-ssl", "del-ssl",
    "emer-reset", "add-zone-tp", "del-zone-tp", "list-zone-tp", "del-ifaces",
};

static int
fail(char *err, size_t err_size, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, err_size, fmt, ap);
    va_end(ap);
    return EINVAL;
}

/* Splits 'text' into words in 'buf' (NUL after each), as sh does for
 * white space, quotes and backslashes.  Returns the number of words, or
 * -1 with the message in 'err'. */
static int
split_words(const char *text, char *buf, const char **words, unsigned max, char *err,
            size_t err_size)
{
    unsigned n = 0;
    char *o = buf;
    const char *s = text;

    for (;;) {
        char quote = 0;

        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s)
            break;
        if (n == max)
            return fail(err, err_size, "too many words (at most %u)", max), -1;
        words[n] = o;
        for (; *s; s++) {
            if (quote) {
                if (*s == quote)
                    quote = 0;
                else if (quote == '"' && *s == '\\' && s[1] && strchr("\"\\$`", s[1]))
                    *o++ = *++s;
                else
                    *o++ = *s;
            } else if (*s == ' ' || *s == '\t') {
                break;
            } else if (*s == '\'' || *s == '"') {
                quote = *s;
            } else if (*s == '\\' && s[1]) {
                *o++ = *++s;
            } else {
                *o++ = *s;
            }
        }
        if (quote)
            return fail(err, err_size, "unterminated %s quote", quote == '"' ? "double" : "single"),
                   -1;
        *o++ = '\0';
        n++;
    }
    return (int) n;
}

/* A global option at words[*i] (advancing past its value); false if it is
 * not one. */
static bool
global_option(const char **words, unsigned n, unsigned *i, struct ovs_vsctl_line *line,
              int *error, char *err, size_t err_size)
{
    const char *w = words[*i], *value = NULL;
    char *end;
    unsigned long t;

    if (!strcmp(w, "--no-wait") || !strcmp(w, "--oneline") || !strcmp(w, "-v")
        || !strncmp(w, "--db=", 5))
        return true;
    if (!strncmp(w, "--timeout=", 10))
        value = w + 10;
    else if (!strcmp(w, "--timeout") || !strcmp(w, "-t")) {
        if (*i + 1 >= n) {
            *error = fail(err, err_size, "option '%s' requires an argument", w);
            return true;
        }
        value = words[++*i];
    } else if (!strncmp(w, "-t", 2) && w[2]) {
        value = w + 2;
    } else {
        return false;
    }
    t = strtoul(value, &end, 10);
    if (!*value || *end || value[0] == '-' || t > 86400)
        *error = fail(err, err_size, "value %s on -t or --timeout is invalid", value);
    else
        line->timeout_s = (unsigned) t;
    return true;
}

/* One command: options, its name, then arguments up to "--" or the end. */
static int
parse_command(const char **words, unsigned n, unsigned *i, struct ovs_vsctl_cmd *cmd,
              char *err, size_t err_size)
{
    const char *opts[8];
    unsigned n_opts = 0;
    size_t v;

    memset(cmd, 0, sizeof *cmd);
    while (*i < n && !strncmp(words[*i], "--", 2) && words[*i][2]) {
        if (n_opts == ARRAY_SIZE(opts))
            return fail(err, err_size, "too many options before a command");
        opts[n_opts++] = words[(*i)++];
    }
    if (*i >= n || !strcmp(words[*i], "--"))
        return fail(err, err_size, "missing command name (use --help for help)");
    for (v = 0; v < ARRAY_SIZE(verbs); v++)
        if (!strcmp(words[*i], verbs[v].name))
            break;
    if (v == ARRAY_SIZE(verbs)) {
        for (size_t u = 0; u < ARRAY_SIZE(unsupported); u++)
            if (!strcmp(words[*i], unsupported[u]))
                return fail(err, err_size, "'%s' command is not supported by tapswitch",
                            words[*i]);
        return fail(err, err_size, "unknown command '%s'; use --help for help", words[*i]);
    }
    cmd->verb = verbs[v].verb;
    for (unsigned o = 0; o < n_opts; o++) {
        if (!strcmp(opts[o], "--may-exist") && verbs[v].may_exist)
            cmd->may_exist = true;
        else if (!strcmp(opts[o], "--if-exists") && verbs[v].if_exists)
            cmd->if_exists = true;
        else
            return fail(err, err_size, "'%s' command has no '%s' option", verbs[v].name,
                        opts[o]);
    }
    for ((*i)++; *i < n && strcmp(words[*i], "--"); (*i)++) {
        if (cmd->n_args == verbs[v].max_args)
            return fail(err, err_size, "'%s' command takes at most %u arguments",
                        verbs[v].name, verbs[v].max_args);
        cmd->args[cmd->n_args++] = words[*i];
    }
    if (cmd->n_args < verbs[v].min_args)
        return fail(err, err_size, "'%s' command requires at least %u arguments",
                    verbs[v].name, verbs[v].min_args);
    return 0;
}

int
ovs_vsctl_parse(const char *text, struct ovs_vsctl_line *line, char *err, size_t err_size)
{
    enum { MAX_WORDS = OVS_VSCTL_MAX_CMDS * 4 + OVS_VSCTL_MAX_ARGS };
    const char *words[MAX_WORDS];
    unsigned i = 0;
    int n, error = 0;

    memset(line, 0, sizeof *line);
    err[0] = '\0';
    if (!(line->buf = malloc(strlen(text) + 1)))
        return fail(err, err_size, "out of memory"), ENOMEM;
    if ((n = split_words(text, line->buf, words, MAX_WORDS, err, err_size)) < 0)
        goto fail;
    /* Global options first; a command's own options may come before it
     * too ("ovs-vsctl --may-exist add-br br0"), so leave those. */
    for (; i < (unsigned) n && words[i][0] == '-' && strcmp(words[i], "--"); i++) {
        if (!global_option(words, (unsigned) n, &i, line, &error, err, err_size)) {
            if (strncmp(words[i], "--", 2)) {
                fail(err, err_size, "unrecognized option '%s'", words[i]);
                goto fail;
            }
            break;              /* a command option: the first command starts here */
        }
        if (error)
            goto fail;
    }
    if (i < (unsigned) n && !strcmp(words[i], "--"))
        i++;
    if (i >= (unsigned) n) {
        fail(err, err_size, "missing command name (use --help for help)");
        goto fail;
    }
    while (i < (unsigned) n) {
        if (line->n_cmds == OVS_VSCTL_MAX_CMDS) {
            fail(err, err_size, "too many commands (at most %d)", OVS_VSCTL_MAX_CMDS);
            goto fail;
        }
        if (parse_command(words, (unsigned) n, &i, &line->cmds[line->n_cmds], err, err_size))
            goto fail;
        line->n_cmds++;
        if (i < (unsigned) n)
            i++;                /* the "--" */
    }
    return 0;

fail:
    ovs_vsctl_line_free(line);
    return EINVAL;
}

void
ovs_vsctl_line_free(struct ovs_vsctl_line *line)
{
    free(line->buf);
    line->buf = NULL;
    line->n_cmds = 0;
}

bool
ovs_vsctl_changes(const struct ovs_vsctl_line *line)
{
    for (unsigned i = 0; i < line->n_cmds; i++) {
        switch (line->cmds[i].verb) {
        case OVS_VSCTL_LIST_BR: case OVS_VSCTL_BR_EXISTS: case OVS_VSCTL_LIST_PORTS:
        case OVS_VSCTL_PORT_TO_BR: case OVS_VSCTL_GET: case OVS_VSCTL_SHOW:
        case OVS_VSCTL_LIST_IFACES: case OVS_VSCTL_IFACE_TO_BR: case OVS_VSCTL_NOTHING: case OVS_VSCTL_FAIL_MODE:
        case OVS_VSCTL_LIST:
            break;
        default:
            return true;
        }
    }
    return false;
}
