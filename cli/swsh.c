/* swsh: the switchd console, a thin client in the style of BIRD's birdc.
 * Every line goes to switchd over the control socket (control_proto.h);
 * the daemon parses it, answers '?' and TAB, and sends the next prompt,
 * so this client knows nothing of commands or modes.
 *
 *   swsh                       interactive, with readline, TAB, '?' and a
 *                              history file (~/.swsh_history) that never
 *                              keeps a line with a password (secret_line.h)
 *   swsh -c CMD [-c CMD]...    runs the commands and exits
 *   ... | swsh                 runs one command per line of standard input
 *
 * Without a terminal, output goes to stdout and messages and errors to
 * stderr; the exit status is 1 if any command failed. */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "control_proto.h"
#include "secret_line.h"

enum { EXIT_OK = 0, EXIT_COMMAND_FAILED = 1, EXIT_NO_CONNECTION = 2 };

#define HISTORY_FILE ".swsh_history"
#define HISTORY_MAX  1000

/* -DTAPSWITCH_VERSION comes from the GNUmakefile, which reads it from
 * switchd/version.h: cli/ does not see switchd/ (docs/design.md section 2). */

static void
usage(FILE *out)
{
    fprintf(out,
"Usage: swsh [-s PATH] [-c COMMAND]...\n"
"The switchd console: IOS-style commands over switchd's control socket.\n"
"Interactive with no -c and a terminal (TAB completes, ? helps); otherwise\n"
"runs each -c COMMAND in order, or one command per line of standard input.\n"
"Sessions start in privileged EXEC mode (switch#).\n"
"\n"
"  -s, --socket PATH   control socket (default: $" CONTROL_SOCKET_ENV " or\n"
"                      " CONTROL_DEFAULT_SOCKET ")\n"
"  -c, --command CMD   run CMD (repeatable)\n"
"  -h, --help          show this help and exit\n"
"  -V, --version       show the version and exit\n"
"\n"
"Exit status: 0 if every command succeeded, 1 if one failed, 2 if switchd\n"
"cannot be reached or turned swsh away (too many consoles).\n");
}

struct conn {
    int fd;
    FILE *in;
    char prompt[256];               /* from the last final line */
    bool closed;                    /* the daemon said bye or hung up */
};

static struct conn conn;            /* readline's callbacks take no argument */

static bool
conn_open(struct conn *c, const char *path)
{
    struct sockaddr_un sun = { .sun_family = AF_UNIX };

    if (strlen(path) >= sizeof sun.sun_path) {
        fprintf(stderr, "swsh: %s: socket path too long\n", path);
        return false;
    }
    snprintf(sun.sun_path, sizeof sun.sun_path, "%s", path);
    c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (c->fd < 0 || connect(c->fd, (struct sockaddr *) &sun, sizeof sun) < 0) {
        fprintf(stderr, "swsh: cannot connect to switchd at %s: %s\n", path, strerror(errno));
        return false;
    }
    c->in = fdopen(dup(c->fd), "r");
    return c->in != NULL;
}

/* What to do with each line of a reply. */
struct reply_sink {
    void (*line)(struct reply_sink *, int code, const char *text);
    char **entries;                 /* 1001 lines, for completion */
    size_t n_entries;
    bool interactive;
};

/* Reads one reply; returns its final code, or -1 if the connection broke. */
static int
conn_read_reply(struct conn *c, struct reply_sink *sink)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int code = -1;

    while ((n = getline(&line, &cap, c->in)) > 0) {
        if (line[n - 1] == '\n')
            line[--n] = '\0';
        if (n < 5 || sscanf(line, "%4d", &code) != 1 || (line[4] != ' ' && line[4] != '-')) {
            fprintf(stderr, "swsh: malformed reply \"%s\"\n", line);
            code = -1;
            break;
        }
        if (line[4] == ' ') {
            if (code == CONTROL_BYE)
                c->closed = true;
            else
                snprintf(c->prompt, sizeof c->prompt, "%s", line + 5);
            free(line);
            return code;
        }
        sink->line(sink, code, line + 5);
    }
    free(line);
    if (code != -1 || n <= 0)
        c->closed = true;
    return -1;
}

/* Sends one request and reads its reply; returns the final code, or -1
 * if the request could not be sent or the connection broke. */
static int
conn_request(struct conn *c, char kind, const char *text, struct reply_sink *sink)
{
    char *req;
    int len;
    bool sent;

    if (text[strcspn(text, "\n")]) {
        fprintf(stderr, "swsh: a command is one line\n");
        return -1;
    }
    if ((len = asprintf(&req, "%c %s\n", kind, text)) < 0)
        return -1;
    sent = send(c->fd, req, len, MSG_NOSIGNAL) == len;
    free(req);
    if (!sent) {
        /* Ended by the daemon (idle timeout): show why it said it did. */
        conn_read_reply(c, sink);
        c->closed = true;
        return -1;
    }
    return conn_read_reply(c, sink);
}

static void
print_line(struct reply_sink *sink, int code, const char *text)
{
    /* Interactive: everything on the terminal, as IOS shows it. */
    FILE *out = sink->interactive || code == CONTROL_OUTPUT || code == CONTROL_ENTRY
                ? stdout : stderr;
    fprintf(out, "%s\n", text);
}

static void
collect_line(struct reply_sink *sink, int code, const char *text)
{
    char **entries;

    if (code != CONTROL_ENTRY)
        return;
    entries = realloc(sink->entries, (sink->n_entries + 2) * sizeof *entries);
    if (!entries)
        return;
    sink->entries = entries;
    if ((entries[sink->n_entries] = strdup(text)))
        sink->n_entries++;
    entries[sink->n_entries] = NULL;
}

/* A reply kept whole until its final code is known. */
struct buffered {
    struct reply_sink sink;
    struct { int code; char *text; } *lines;
    size_t n, size;
};

static void
buffer_line(struct reply_sink *sink, int code, const char *text)
{
    struct buffered *b = (struct buffered *) sink;

    /* Doubling: a reply can be tens of thousands of lines. */
    if (b->n == b->size) {
        size_t size = b->size ? 2 * b->size : 64;
        void *lines = realloc(b->lines, size * sizeof *b->lines);
        if (!lines)
            return;
        b->lines = lines;
        b->size = size;
    }
    b->lines[b->n].code = code;
    if ((b->lines[b->n].text = strdup(text)))
        b->n++;
}

/* Runs one command; returns true if it succeeded. */
static bool
run_command(struct conn *c, const char *cmd, bool interactive)
{
    struct buffered b = { .sink = { .line = buffer_line, .interactive = interactive } };
    char prompt[sizeof c->prompt];
    int code;

    snprintf(prompt, sizeof prompt, "%s", c->prompt);
    code = conn_request(c, 'X', cmd, &b.sink);
    /* Without a terminal the typed line is not on the screen, and a caret
     * points into it: show it first. */
    if (code == CONTROL_INVALID && !interactive)
        fprintf(stderr, "%s%s\n", prompt, cmd);
    for (size_t i = 0; i < b.n; i++) {
        /* An error line before `bye`: the daemon ended the session (an
         * idle timeout) instead of running the command. */
        if (b.lines[i].code == CONTROL_FAILED && code == CONTROL_BYE)
            code = CONTROL_FAILED;
        print_line(&b.sink, b.lines[i].code, b.lines[i].text);
        free(b.lines[i].text);
    }
    free(b.lines);
    if (code < 0) {
        fprintf(stderr, "swsh: connection to switchd closed\n");
        return false;
    }
    return code < CONTROL_FAILED;
}

/* readline: TAB and '?' ask the daemon. */

static char **completion_entries;
static size_t completion_index;

static char *
completion_generator(const char *text, int state)
{
    if (!state)
        completion_index = 0;
    while (completion_entries && completion_entries[completion_index]) {
        const char *e = completion_entries[completion_index++];
        if (!strncmp(e, text, strlen(text)))
            return strdup(e);
    }
    return NULL;
}

static void
free_entries(char **entries)
{
    for (size_t i = 0; entries && entries[i]; i++)
        free(entries[i]);
    free(entries);
}

static char **
complete(const char *text, int start, int end)
{
    struct reply_sink sink = { .line = collect_line };
    char *line = strndup(rl_line_buffer, end);
    char **matches;

    (void) start;
    rl_attempted_completion_over = 1;       /* never complete file names */
    if (!line)
        return NULL;
    conn_request(&conn, 'C', line, &sink);
    free(line);
    completion_entries = sink.entries;
    matches = rl_completion_matches(text, completion_generator);
    free_entries(sink.entries);
    completion_entries = NULL;
    return matches;
}

static int
help_key(int count, int key)
{
    struct reply_sink sink = { .line = collect_line };
    char *line = strndup(rl_line_buffer, rl_point);

    (void) count; (void) key;
    if (!line)
        return 0;
    conn_request(&conn, 'H', line, &sink);
    free(line);
    /* IOS: the help below the line, then the line again, '?' not kept. */
    printf("?\n");
    for (size_t i = 0; i < sink.n_entries; i++)
        printf("%s\n", sink.entries[i]);
    free_entries(sink.entries);
    rl_on_new_line();
    return 0;
}

/* ^Z is IOS's `end`: leave configuration mode, not suspend the console.
 * The terminal's suspend character is turned off while swsh runs, so the
 * key reaches readline. */
static int
ctrl_z_key(int count, int key)
{
    (void) count; (void) key;
    rl_replace_line("end", 0);
    rl_point = rl_end;
    printf("^Z\n");
    rl_done = 1;
    return 0;
}

static struct termios saved_tty;
static bool tty_saved;

static void
suspend_key_off(void)
{
    struct termios t;

    if (tcgetattr(STDIN_FILENO, &saved_tty) < 0)
        return;
    tty_saved = true;
    t = saved_tty;
    t.c_cc[VSUSP] = _POSIX_VDISABLE;
    tcsetattr(STDIN_FILENO, TCSANOW, &t);
}

static void
suspend_key_restore(void)
{
    if (tty_saved)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
}

static char *
history_path(void)
{
    const char *home = getenv("HOME");
    char *path;

    if (!home || !*home || asprintf(&path, "%s/%s", home, HISTORY_FILE) < 0)
        return NULL;
    return path;
}

/* Takes lines with a password out of the history read from the file (one
 * written by an older swsh may hold some); returns how many. */
static int
history_forget_secrets(void)
{
    int n = 0;

    for (int i = history_length - 1; i >= 0; i--) {
        HIST_ENTRY *e = history_get(history_base + i);

        if (e && secret_line(e->line)) {
            e = remove_history(i);
            if (e) {
                explicit_bzero(e->line, strlen(e->line));
                free_history_entry(e);
            }
            n++;
        }
    }
    return n;
}

/* Interactive, swsh uses readline's callback interface, so that it hears
 * switchd while its user types: `terminal monitor` lines (1003, sent
 * between replies, docs/control-protocol.md) show above the line being
 * typed, which readline then draws again, as a telnet session shows them;
 * and a session switchd ends (idle timeout) ends at once. */
static char *typed;                 /* the line readline handed over */
static bool typed_done;

static void
take_line(char *line)
{
    typed = line;
    typed_done = true;
    rl_callback_handler_remove();
}

/* Whether switchd sent more than the reply read so far: bytes in the
 * FILE's buffer (glibc's read-ahead fields: no function tells, gnulib's
 * freadahead() reads them too) or in the socket. */
static bool
conn_pending(struct conn *c)
{
    struct pollfd p = { .fd = c->fd, .events = POLLIN };

    return c->in->_IO_read_ptr < c->in->_IO_read_end || poll(&p, 1, 0) > 0;
}

/* Lines switchd sent while no reply was awaited: shown, then the prompt
 * and the typed line again.  A final "0009 bye" (after its reason) or the
 * end of the connection closes the session. */
static void
idle_lines(struct conn *c)
{
    char *line = NULL;
    size_t cap = 0;
    bool any = false;

    do {
        ssize_t n = getline(&line, &cap, c->in);
        int code;

        if (n <= 0) {
            c->closed = true;
            break;
        }
        line[strcspn(line, "\n")] = '\0';
        if (n < 5 || sscanf(line, "%4d", &code) != 1 || (line[4] != ' ' && line[4] != '-'))
            continue;
        if (line[4] == ' ') {
            c->closed = code == CONTROL_BYE || c->closed;
            continue;
        }
        printf("%s%s\n", any ? "" : "\n", line + 5);
        any = true;
    } while (!c->closed && conn_pending(c));
    free(line);
    if (any && !c->closed) {
        rl_on_new_line();
        rl_redisplay();
    }
    fflush(stdout);
}

/* The next typed line (NULL at ^D or when switchd ended the session). */
static char *
read_typed_line(struct conn *c)
{
    typed = NULL;
    typed_done = false;
    rl_callback_handler_install(c->prompt, take_line);
    while (!typed_done && !c->closed) {
        struct pollfd p[2] = { { .fd = STDIN_FILENO, .events = POLLIN },
                               { .fd = c->fd, .events = POLLIN } };

        if (c->in->_IO_read_ptr < c->in->_IO_read_end) {
            idle_lines(c);
            continue;
        }
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (p[1].revents)
            idle_lines(c);
        if (p[0].revents && !c->closed)
            rl_callback_read_char();
    }
    if (!typed_done) {
        rl_callback_handler_remove();
        printf("\n");
    }
    return typed;
}

static int
interactive(struct conn *c)
{
    char *hist = history_path();
    int status = EXIT_OK;

    rl_readline_name = "swsh";
    rl_attempted_completion_function = complete;
    rl_completer_word_break_characters = " \t\n|";
    rl_bind_key('?', help_key);
    rl_bind_key(0x1a, ctrl_z_key);
    suspend_key_off();
    using_history();
    if (hist) {
        read_history(hist);
        if (history_forget_secrets())
            write_history(hist);        /* now, not only at a clean exit */
    }
    while (!c->closed) {
        char *line = read_typed_line(c);
        if (!line) {                        /* ^D, or switchd ended the session */
            if (typed_done)
                printf("\n");
            break;
        }
        if (*line && !secret_line(line)
            && (!history_length || strcmp(history_get(history_base + history_length - 1)->line,
                                          line)))
            add_history(line);
        if (!run_command(c, line, true))
            status = EXIT_COMMAND_FAILED;
        free(line);
    }
    suspend_key_restore();
    if (hist) {
        write_history(hist);
        history_truncate_file(hist, HISTORY_MAX);
        free(hist);
    }
    return c->closed ? EXIT_OK : status;
}

/* Run as ovs-vsctl, ovs-ofctl or ovs-appctl (a link the build makes), swsh
 * sends that command line -- the name and each argument, quoted so the
 * shell's command sees the same words -- as one command, so an agent's
 * shell command works unchanged (docs/cli.md, "swsh").  Returns NULL when
 * 'argv[0]' is not one of them. */
static char *
ovs_command_line(int argc, char **argv)
{
    static const char *const names[] = { "ovs-vsctl", "ovs-ofctl", "ovs-appctl" };
    const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    size_t len = 0, i;
    char *line, *o;

    for (i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcmp(base, names[i]))
            break;
    if (i == sizeof names / sizeof *names)
        return NULL;
    for (int a = 1; a < argc; a++)
        len += 4 * strlen(argv[a]) + 3;
    if (!(line = malloc(strlen(base) + len + 1)))
        return NULL;
    o = line + sprintf(line, "%s", base);
    for (int a = 1; a < argc; a++) {
        const char *s = argv[a];
        bool plain = *s && !s[strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                         "0123456789_=:,./+-@%[]")];
        *o++ = ' ';
        if (plain) {
            o += sprintf(o, "%s", s);
            continue;
        }
        *o++ = '\'';
        for (; *s; s++) {
            if (*s == '\'')
                o += sprintf(o, "'\\''");
            else
                *o++ = *s;
        }
        *o++ = '\'';
    }
    *o = '\0';
    return line;
}

int
main(int argc, char **argv)
{
    static const struct option long_opts[] = {
        { "socket", required_argument, NULL, 's' },
        { "command", required_argument, NULL, 'c' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    const char *path = getenv(CONTROL_SOCKET_ENV);
    const char **cmds = calloc(argc, sizeof *cmds);
    struct reply_sink hello = { .line = print_line };
    int n_cmds = 0, status = EXIT_OK, c = 0;
    char *ovs_line;

    if (!cmds)
        return EXIT_NO_CONNECTION;
    /* Output and errors go to two streams; line buffering keeps their
     * lines in order when both end up in one file or pipe. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (!path || !*path)
        path = CONTROL_DEFAULT_SOCKET;
    ovs_line = ovs_command_line(argc, argv);
    if (ovs_line) {
        if (ovs_line[strcspn(ovs_line, "\r\n")]) {
            fprintf(stderr, "%s: an argument has a line break\n", argv[0]);
            free(ovs_line);
            free(cmds);
            return EXIT_COMMAND_FAILED;
        }
        cmds[n_cmds++] = ovs_line;
        optind = argc;
    }
    while (!ovs_line && (c = getopt_long(argc, argv, "s:c:hV", long_opts, NULL)) != -1) {
        switch (c) {
        case 's': path = optarg; break;
        case 'c':
            /* The protocol is a line per request: a newline would send
             * switchd more commands than the replies swsh reads. */
            if (optarg[strcspn(optarg, "\r\n")]) {
                fprintf(stderr, "swsh: -c \"%.*s...\": a command is one line (it has a"
                        " line break)\n", (int) strcspn(optarg, "\r\n"), optarg);
                free(cmds);
                return EXIT_COMMAND_FAILED;
            }
            cmds[n_cmds++] = optarg;
            break;
        case 'h': usage(stdout); free(cmds); return EXIT_OK;
        case 'V': printf("swsh (tapswitch) %s\n", TAPSWITCH_VERSION); free(cmds); return EXIT_OK;
        default:
            fprintf(stderr, "Try 'swsh --help' for more information.\n");
            free(cmds);
            return EXIT_COMMAND_FAILED;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "swsh: unexpected argument \"%s\" (commands go after -c)\n",
                argv[optind]);
        free(cmds);
        return EXIT_COMMAND_FAILED;
    }
    if (!conn_open(&conn, path) || (c = conn_read_reply(&conn, &hello)) != CONTROL_HELLO) {
        /* Turned away with a reason (too many clients), it was printed;
         * else say something rather than nothing. */
        if (conn.in && c != CONTROL_BYE)
            fprintf(stderr, "swsh: switchd at %s closed the connection before its greeting"
                    " (see its log)\n", path);
        if (conn.in)
            fclose(conn.in);
        if (conn.fd >= 0)
            close(conn.fd);
        free(cmds);
        free(ovs_line);
        return EXIT_NO_CONNECTION;
    }
    /* Sent at once, so the session is not taken for a silent client and
     * dropped while its user types a first command (switchd waits 10 s for
     * a first request, docs/control-protocol.md). */
    if (!n_cmds && conn_request(&conn, 'X', "", &hello) != CONTROL_OK) {
        fclose(conn.in);
        close(conn.fd);
        free(cmds);
        return EXIT_NO_CONNECTION;
    }
    if (n_cmds) {
        for (int i = 0; i < n_cmds && !conn.closed; i++)
            if (!run_command(&conn, cmds[i], false))
                status = EXIT_COMMAND_FAILED;
    } else if (isatty(STDIN_FILENO)) {
        status = interactive(&conn);
    } else {
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        while (!conn.closed && (n = getline(&line, &cap, stdin)) > 0) {
            line[strcspn(line, "\r\n")] = '\0';
            if (*line && !run_command(&conn, line, false))
                status = EXIT_COMMAND_FAILED;
        }
        free(line);
    }
    fclose(conn.in);
    close(conn.fd);
    free(cmds);
    free(ovs_line);
    return status;
}
