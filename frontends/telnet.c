/* The telnet server: libcli's cli_loop() per session, our shell behind it.
 *
 * libcli 1.10.7 gives us the telnet line editor: option negotiation, echo,
 * history, ^Z, login and enable-password prompts, the idle timeout.  Its
 * own command tree is not used: cli_loop() hands every typed line to
 * cli_run_command(), and '?' and TAB to cli_get_completions(), both
 * through the PLT (the library is not linked -Bsymbolic), so switchd
 * defines those two functions and they win (ELF symbol interposition).
 * Every line then goes through the same parser, errors, help and
 * completion as swsh, with none of the quirks of libcli's own matcher
 * (docs/design.md section 10.2).
 * telnet_create() checks at start that the interposition works and
 * refuses to run telnet if it does not.
 *
 * Access (docs/security.md section 3): with no user configured a client is
 * told "% Password required, but none set" and let go; an address in
 * quiet mode (login block-for, login_guard.h) is turned away before any
 * password is checked; each failed login or enable in a session waits
 * longer before the next prompt (1, 2, 4, 8, then 16 s); a client has
 * cli.telnet.login_timeout_s to log in, counted from its connection by a
 * timer on the loop thread, since libcli's own idle timeout restarts with
 * every byte; failures, successes and quiet mode are logged as IOS does,
 * and clients turned away are logged one line per 10 s at most. */
#include "telnet.h"
#include "vty_listener.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <libcli.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "caps.h"
#include "log.h"
#include "login_guard.h"
#include "loop.h"
#include "secret_line.h"
#include "session_threads.h"
#include "shell.h"
#include "state.h"

#define TELNET_MAX_SESSIONS 100
#define TELNET_FD_LIMIT     1024    /* libcli's cli_loop() uses select() */
#define LOGIN_DELAY_MAX_S   16      /* after the 5th failure in a session */
#define LOG_LIMIT_MS        10000   /* one "refused" line per 10 s at most */

/* Log lines of one kind, at most one per LOG_LIMIT_MS; the others are
 * counted and said in one line ("N more ..."). */
struct log_limit {
    const char *more;               /* "clients refused" */
    int64_t logged_ms;              /* last line; 0: none yet */
    unsigned quiet;                 /* events since, not logged */
};

/* Exported by libcli but not declared in libcli.h. */
int cli_enable(struct cli_def *cli, const char *command, char *argv[], int argc);

struct telnet {
    struct loop *loop;
    struct shell *shell;
    struct vty_listener listener;
    struct session_threads *sessions;
    struct login_guard *guard;
    int timer_fd;                   /* a tick a second: login timeouts, quiet mode */

    /* Loop thread only. */
    uint32_t login_timeout_s;
    enum config_transport transport;    /* `transport input` (docs/security.md) */
    struct log_limit refused_log, timeout_log;

    pthread_mutex_t lock;           /* guards the list and each 'logged_in' */
    struct telnet_session *sessions_list;
};

struct telnet_session {
    struct telnet *telnet;
    int fd;                         /* the registry's; libcli gets a dup */
    struct cli_def *cli;
    FILE *out;                      /* this command's output */
    char *out_buf;
    size_t out_len;
    struct shell_session *sess;

    char source[INET6_ADDRSTRLEN];  /* the client's address, for logs and the guard */
    unsigned local_port;
    char user[40];                  /* who logged in, as logs show it */
    unsigned login_failures, enable_failures;
    unsigned delay_s;               /* to wait after the failure just printed */
    uint32_t blocked_s;             /* the address went quiet: end the session */

    /* Under telnet->lock. */
    struct telnet_session *prev, *next;
    bool logged_in;                 /* past the Username:/Password: prompts */
    bool timed_out;
    int64_t login_deadline_ms;
};

/* libcli's auth and enable callbacks take no context argument. */
static __thread struct telnet_session *current;

/* Set by the interposition probe. */
static __thread bool probe_seen;
static const char probe_line[] = "tapswitch-interposition-probe";

static void
sync_prompt(struct telnet_session *t)
{
    struct cli_def *cli = t->cli;
    char host[64];

    shell_hostname(t->telnet->shell, host, sizeof host);
    cli_set_hostname(cli, host);
    unsigned privilege = shell_session_privilege(t->sess);
    enum cmdline_mode mode = shell_session_mode(t->sess);

    if (cli->privilege != (int) privilege)
        cli_set_privilege(cli, privilege);
    cli->mode = mode;
    cli_set_modestring(cli, cmdline_mode_prompt(mode));
    /* IOS prompts end in '#' or '>' with no space. */
    cli_set_promptchar(cli, privilege >= SHELL_PRIV_ENABLE ? "#" : ">");
}

/* Log lines in the words of IOS.  A typed user name is shown printable
 * and cut, as it is whatever the client sent. */
static const char *
shown_user(const char *user, char buf[40])
{
    size_t n = 0;

    for (; user[n] && n < 32; n++)
        buf[n] = (unsigned char) user[n] < 0x20 || (unsigned char) user[n] >= 0x7f ? '?' : user[n];
    strcpy(buf + n, user[n] ? "..." : "");
    return buf;
}

/* "10:11:12 UTC Fri Dec 5 2025", as IOS ends its SEC_LOGIN lines. */
static const char *
ios_time(char buf[64])
{
    time_t now = time(NULL);
    struct tm tm;

    if (!localtime_r(&now, &tm) || !strftime(buf, 64, "%H:%M:%S %Z %a %b %-d %Y", &tm))
        strcpy(buf, "?");
    return buf;
}

static void
log_login(const struct telnet_session *t, const char *user, bool ok)
{
    char name[40], when[64];

    if (ok)
        log_info("%%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: %s] [Source: %s]"
                 " [localport: %u] at %s", shown_user(user, name), t->source, t->local_port,
                 ios_time(when));
    else
        log_warn("%%SEC_LOGIN-4-LOGIN_FAILED: Login failed [user: %s] [Source: %s]"
                 " [localport: %u] [Reason: Login Authentication Failed] at %s",
                 shown_user(user, name), t->source, t->local_port, ios_time(when));
}

/* The delay after the n-th failure of a session: 1, 2, 4, 8, 16, 16 ... s. */
static unsigned
failure_delay_s(unsigned n)
{
    return n >= 5 ? LOGIN_DELAY_MAX_S : 1u << (n - 1);
}

/* Counts a failure of 't' against its address; logs quiet mode when this
 * one starts it. */
static void
count_failure(struct telnet_session *t, const char *user)
{
    uint32_t watch_left = 0;
    char name[40], when[64];

    if (login_guard_failed(t->telnet->guard, t->source, loop_now_ms(), &watch_left)) {
        log_error("%%SEC_LOGIN-1-QUIET_MODE_ON: Still timeleft for watching failures is %u"
                  " secs, [user: %s] [Source: %s] [localport: %u] [Reason: Login"
                  " Authentication Failed] at %s", watch_left, shown_user(user, name),
                  t->source, t->local_port, ios_time(when));
        t->blocked_s = login_guard_blocked(t->telnet->guard, t->source, loop_now_ms());
    }
}

/* The delay after a failure (vty_pause()): shutdown and a broken
 * connection cut it short, nothing the client does. */
static void
pause_session(struct telnet_session *t, unsigned seconds)
{
    vty_pause(t->fd, seconds);
}

static void
telnet_emit(struct shell_session *s, enum shell_line kind, const char *text)
{
    struct telnet_session *t = shell_session_arg(s);

    (void) kind;
    fputs(text, t->out);
    fputs("\r\n", t->out);
}

static int
telnet_check_enable(const char *password)
{
    struct telnet_session *t = current;

    if (!t)
        return 0;
    /* A quiet address hashes nothing, even for a session logged in. */
    if (login_guard_blocked(t->telnet->guard, t->source, loop_now_ms()))
        return 0;
    if (!shell_check_enable(t->telnet->shell, password)) {
        log_warn("%%SYS-5-PRIV_AUTH_FAIL: Authentication to Privilege level 15 failed by %s"
                 " on vty (%s)", t->user, t->source);
        t->delay_s = failure_delay_s(++t->enable_failures);
        count_failure(t, t->user);
        t->blocked_s = 0;           /* it keeps its session, not its guesses */
        return 0;
    }
    /* Raised here, libcli's own raise finds nothing to change and keeps our
     * IOS prompt character ("#", no space). */
    t->cli->privilege = PRIVILEGE_PRIVILEGED;
    cli_set_promptchar(t->cli, "#");
    return 1;
}

static bool
telnet_request_enable(struct shell_session *s)
{
    struct telnet_session *t = shell_session_arg(s);

    /* libcli asks "Password:" and calls the callback with the answer. */
    t->cli->enable_callback = telnet_check_enable;
    cli_enable(t->cli, "enable", NULL, 0);
    return true;
}

static int
telnet_check_login(const char *user, const char *password)
{
    struct telnet_session *t = current;
    struct telnet *tn;

    if (!t)
        return CLI_ERROR;
    tn = t->telnet;
    /* Quiet since the session started: refused without hashing. */
    if ((t->blocked_s = login_guard_blocked(tn->guard, t->source, loop_now_ms())))
        return CLI_ERROR;
    if (!shell_check_login(tn->shell, user, password)) {
        log_login(t, user, false);
        t->delay_s = failure_delay_s(++t->login_failures);
        count_failure(t, user);
        return CLI_ERROR;
    }
    log_login(t, user, true);
    shown_user(user, t->user);
    shell_session_set_identity(t->sess, t->user, t->source);
    pthread_mutex_lock(&tn->lock);
    t->logged_in = true;
    pthread_mutex_unlock(&tn->lock);
    return CLI_OK;
}

/* Everything libcli prints itself (help lines, login messages) comes here;
 * its "Access denied" becomes IOS's wording, followed by the delay of a
 * failure -- after the answer, so that the answer's own time says nothing
 * but what the hash cost -- or the end of a session whose address went
 * quiet. */
static void
telnet_print(struct cli_def *cli, const char *text)
{
    struct telnet_session *t = cli_get_context(cli);
    bool logged_in;

    if (!cli->client)
        return;
    if (!t || strcmp(text, "Access denied")) {
        fprintf(cli->client, "%s\r\n", text);
        return;
    }
    pthread_mutex_lock(&t->telnet->lock);
    logged_in = t->logged_in;
    pthread_mutex_unlock(&t->telnet->lock);
    fprintf(cli->client, "%s\r\n", logged_in ? "% Access denied" : "% Login invalid");
    if (t->blocked_s && !logged_in) {
        fprintf(cli->client, "%% Login blocked: too many failed logins from %s; try again in"
                " %u seconds\r\n", t->source, t->blocked_s);
        /* What is written is sent; libcli then reads the end of the input
         * and ends the session. */
        shutdown(t->fd, SHUT_RDWR);
    } else if (t->delay_s) {
        pause_session(t, t->delay_s);
    }
    t->delay_s = 0;
}

/* libcli keeps typed lines in a history ('history' at the prompt, the
 * arrow keys); a line with a secret in clear text is taken out of it. */
static void
forget_secret_line(struct cli_def *cli, const char *command)
{
    for (int i = MAX_HISTORY - 1; i >= 0; i--) {
        if (cli->history[i]) {
            if (!strcmp(cli->history[i], command)) {
                explicit_bzero(cli->history[i], strlen(cli->history[i]));
                free(cli->history[i]);
                cli->history[i] = NULL;
            }
            return;
        }
    }
}

/* Interposed: every line typed in a telnet session. */
int
cli_run_command(struct cli_def *cli, const char *command)
{
    struct telnet_session *t = cli_get_context(cli);
    enum shell_status status;
    char prompt[128];

    if (!strcmp(command, probe_line)) {
        probe_seen = true;
        return CLI_OK;
    }
    if (!t)
        return CLI_ERROR;
    if (secret_line(command))
        forget_secret_line(cli, command);
    /* libcli may have changed these itself: enable, ^Z. */
    shell_session_set_privilege(t->sess, cli->privilege >= PRIVILEGE_PRIVILEGED
                                             ? SHELL_PRIV_ENABLE : SHELL_PRIV_USER);
    if (cli->mode == MODE_EXEC)
        shell_session_set_mode(t->sess, SHELL_MODE_EXEC);
    shell_prompt(t->sess, prompt, sizeof prompt);
    shell_session_set_prompt_offset(t->sess, strlen(prompt));

    t->out = open_memstream(&t->out_buf, &t->out_len);
    if (!t->out)
        return CLI_ERROR;
    status = shell_run_line(t->sess, command);
    fclose(t->out);
    t->out = NULL;
    /* One write for the whole output (cli->client is unbuffered).  libcli
     * writes "\r\n" before every prompt, so the last line goes without. */
    if (t->out_len >= 2)
        t->out_len -= 2;
    if (t->out_len && cli->client)
        fwrite(t->out_buf, 1, t->out_len, cli->client);
    free(t->out_buf);
    t->out_buf = NULL;
    sync_prompt(t);
    return status == SHELL_QUIT ? CLI_QUIT : status == SHELL_OK ? CLI_OK : CLI_ERROR;
}

/* Interposed: '?' and TAB. */
void
cli_get_completions(struct cli_def *cli, const char *command, char lastchar,
                    struct cli_comphelp *comphelp)
{
    struct telnet_session *t = cli_get_context(cli);
    struct cmdline_list l = { 0 };

    if (!t)
        return;
    shell_session_set_privilege(t->sess, cli->privilege >= PRIVILEGE_PRIVILEGED
                                             ? SHELL_PRIV_ENABLE : SHELL_PRIV_USER);
    if (cli->mode == MODE_EXEC)
        shell_session_set_mode(t->sess, SHELL_MODE_EXEC);
    if (lastchar == '?')
        shell_help(t->sess, command, &l);
    else
        shell_complete(t->sess, command, &l);
    for (size_t i = 0; i < l.n; i++)
        cli_add_comphelp_entry(comphelp, l.items[i]);
    cmdline_list_free(&l);
}

/* Interposed too: libcli's ^Z leaves configuration mode with this
 * function and tells nobody; ours calls libcli's (the next definition,
 * RTLD_NEXT) and then the shell, which logs %SYS-5-CONFIG_I at once, as
 * IOS does (docs/cli.md, "EXEC: sessions, history and clock").  Without
 * it (not found), the shell hears of ^Z with the next line. */
int
cli_set_configmode(struct cli_def *cli, int mode, const char *config_desc)
{
    static int (*libcli_set_configmode)(struct cli_def *, int, const char *);
    struct telnet_session *t = cli_get_context(cli);
    int old;

    if (!libcli_set_configmode)
        libcli_set_configmode = (int (*)(struct cli_def *, int, const char *))
            dlsym(RTLD_NEXT, "cli_set_configmode");
    if (!libcli_set_configmode)
        return cli->mode;
    old = libcli_set_configmode(cli, mode, config_desc);
    if (t && t->sess && mode == MODE_EXEC && old != MODE_EXEC)
        shell_session_set_mode(t->sess, SHELL_MODE_EXEC);
    return old;
}

/* libcli 1.10's states of a session (an enum of its libcli.c, not in
 * libcli.h): log lines are shown at the command prompt only, never at a
 * Username: or Password: prompt. */
enum { LIBCLI_STATE_NORMAL = 2, LIBCLI_STATE_ENABLE = 4 };

static void
copy_log_line(void *arg, int severity, const char *line)
{
    (void) severity;
    fprintf(arg, "\r\n%s", line);
}

/* `terminal monitor` (docs/cli.md): libcli calls this about once a second
 * while the session waits for a key (its select() times out; it never
 * runs during a command).  New log lines go out in one write, then
 * 'showprompt' makes libcli draw the prompt and what was typed so far
 * again on a new line, as IOS's `logging synchronous` does. */
static int
telnet_regular(struct cli_def *cli)
{
    struct telnet_session *t = cli_get_context(cli);
    char *buf = NULL;
    size_t len = 0, n;
    FILE *f;

    if (!t || !cli->client
        || (cli->state != LIBCLI_STATE_NORMAL && cli->state != LIBCLI_STATE_ENABLE))
        return CLI_OK;
    if (!(f = open_memstream(&buf, &len)))
        return CLI_OK;
    n = shell_session_monitor_lines(t->sess, copy_log_line, f);
    fclose(f);
    if (n && len) {
        fwrite(buf, 1, len, cli->client);
        cli->showprompt = 1;
    }
    free(buf);
    return CLI_OK;
}

static void
list_remove(struct telnet *tn, struct telnet_session *t)
{
    pthread_mutex_lock(&tn->lock);
    if (t->prev)
        t->prev->next = t->next;
    else
        tn->sessions_list = t->next;
    if (t->next)
        t->next->prev = t->prev;
    pthread_mutex_unlock(&tn->lock);
}

/* IOS: the MOTD banner, then "User Access Verification".  libcli prints
 * the banner through telnet_print(), one call: the lines get "\r\n"
 * there. */
static void
set_banner(struct telnet_session *t, bool logged_in)
{
    char motd[CONFIG_BANNER_MAX + 1], text[2 * sizeof motd + 64];
    size_t len = 0;

    shell_banner_motd(t->telnet->shell, motd, sizeof motd);
    if (motd[0]) {
        text[len++] = '\n';
        for (const char *c = motd; *c; c++) {
            if (*c == '\n')
                text[len++] = '\r';
            text[len++] = *c;
        }
        text[len++] = '\r';
        text[len++] = '\n';
    }
    /* An SSH client logged in already: the MOTD alone, if any. */
    snprintf(text + len, sizeof text - len, "%s", logged_in ? "" : "\nUser Access Verification");
    if (text[0])
        cli_set_banner(t->cli, text);
}

/* Runs libcli's session on 'fd' (which cli_loop() closes) until it ends.
 * With 'logged_in', the client authenticated already (SSH): no
 * Username:/Password: prompts; the MOTD banner only. */
static void
run_cli(struct telnet_session *t, int fd, bool logged_in)
{
    uint32_t idle = shell_idle_timeout(t->telnet->shell);

    t->cli = cli_init();
    if (fd < 0 || fd >= TELNET_FD_LIMIT || !t->cli) {
        log_warn("%s: cannot start a session (%s)", logged_in ? "ssh" : "telnet",
                 fd >= TELNET_FD_LIMIT ? "too many open files for select()" : strerror(errno));
        if (fd >= 0)
            close(fd);
        goto out;
    }
    cli_set_context(t->cli, t);
    cli_print_callback(t->cli, telnet_print);
    set_banner(t, logged_in);
    if (!logged_in)
        cli_set_auth_callback(t->cli, telnet_check_login);
    cli_regular(t->cli, telnet_regular);
    if (idle)
        cli_set_idle_timeout(t->cli, idle);
    sync_prompt(t);
    cli_loop(t->cli, fd);               /* returns when the session ends; closes 'fd' */
out:
    if (t->cli)
        cli_done(t->cli);
    t->cli = NULL;
}

static void *
telnet_thread(void *arg)
{
    static const char none_set[] = "% Password required, but none set\r\n";
    struct telnet_session *t = arg;
    struct telnet *tn = t->telnet;

    current = t;
    /* The users may have gone since the client was accepted. */
    if (!shell_logins_required(tn->shell)) {
        ssize_t n = send(t->fd, none_set, sizeof none_set - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
        (void) n;
    } else {
        run_cli(t, dup(t->fd), false);
    }
    current = NULL;
    list_remove(tn, t);
    /* Out of `show users` before the client sees the end (the shutdown in
     * session_threads_finished()): a client that reconnects or asks at
     * once never finds the line it left still taken. */
    shell_session_destroy(t->sess);
    t->sess = NULL;
    session_threads_finished(tn->sessions, t->fd);
    free(t);
    return NULL;
}

void
telnet_serve_logged_in(struct telnet *tn, int fd, const char *user, const char *source,
                       unsigned local_port)
{
    struct telnet_session *t = calloc(1, sizeof *t);

    if (!t || !(t->sess = shell_session_create(tn->shell, false, telnet_emit,
                                               telnet_request_enable, t))) {
        free(t);
        close(fd);
        return;
    }
    t->telnet = tn;
    t->fd = fd;
    t->logged_in = true;
    t->local_port = local_port;
    snprintf(t->source, sizeof t->source, "%s", source);
    shown_user(user, t->user);
    shell_session_set_identity(t->sess, t->user, t->source);
    current = t;
    run_cli(t, dup(fd), true);
    current = NULL;
    shell_session_destroy(t->sess);
    close(fd);
    free(t);
}

uint32_t
telnet_login_blocked(struct telnet *tn, const char *source)
{
    return login_guard_blocked(tn->guard, source, loop_now_ms());
}

unsigned
telnet_login_failed(struct telnet *tn, unsigned n_failures, const char *user,
                    const char *source, unsigned local_port, uint32_t *blocked_s)
{
    struct telnet_session t = { .telnet = tn, .local_port = local_port };

    snprintf(t.source, sizeof t.source, "%s", source);
    log_login(&t, user, false);
    count_failure(&t, user);
    *blocked_s = t.blocked_s;
    return failure_delay_s(n_failures);
}

void
telnet_login_succeeded(struct telnet *tn, const char *user, const char *source,
                       unsigned local_port)
{
    struct telnet_session t = { .telnet = tn, .local_port = local_port };

    snprintf(t.source, sizeof t.source, "%s", source);
    log_login(&t, user, true);
}

/* Clients refused (no login configured, quiet mode, no free session) and
 * logins timed out: a line for the first, then at most one line per
 * LOG_LIMIT_MS counting the others -- a flood of connections must not
 * become a flood of log lines.  Loop thread. */
static void
log_limit_flush(struct log_limit *l, int64_t now)
{
    if (l->quiet)
        log_warn("telnet: %u more %s in the last %lld s", l->quiet, l->more,
                 (long long) (now - l->logged_ms + 999) / 1000);
    l->quiet = 0;
    l->logged_ms = now;
}

static void __attribute__((format(printf, 2, 3)))
log_limited(struct log_limit *l, const char *fmt, ...)
{
    int64_t now = loop_now_ms();
    char text[256];
    va_list args;

    if (l->logged_ms && now - l->logged_ms < LOG_LIMIT_MS) {
        l->quiet++;
        return;
    }
    log_limit_flush(l, now);
    va_start(args, fmt);
    vsnprintf(text, sizeof text, fmt, args);
    va_end(args);
    log_warn("telnet: %s", text);
}

/* Says 'msg' to a client without waiting for it, and closes. */
static void
refuse(int cfd, const char *msg)
{
    ssize_t n = send(cfd, msg, strlen(msg), MSG_NOSIGNAL | MSG_DONTWAIT);

    (void) n;
    close(cfd);
}

static void
telnet_accept(struct loop *loop, int fd, uint32_t events, void *arg)
{
    struct telnet *tn = arg;
    int cfd = session_threads_accept(tn->sessions, fd, "telnet"), one = 1, error;
    struct sockaddr_storage ss = { 0 };
    socklen_t len = sizeof ss;
    struct telnet_session *t;
    char source[INET6_ADDRSTRLEN];
    unsigned port;
    uint32_t quiet;

    (void) loop; (void) events;
    if (cfd < 0)
        return;
    if (getpeername(cfd, (struct sockaddr *) &ss, &len) < 0) {
        close(cfd);
        return;
    }
    vty_address_text(&ss, source, sizeof source, &port);
    /* `transport input ssh` (or none): the vty lines take no telnet. */
    if (tn->transport == CONFIG_TRANSPORT_SSH || tn->transport == CONFIG_TRANSPORT_NONE) {
        refuse(cfd, tn->transport == CONFIG_TRANSPORT_SSH
                    ? "% Telnet is not accepted here (transport input ssh): use SSH\r\n"
                    : "% Telnet is not accepted here (transport input none)\r\n");
        log_limited(&tn->refused_log, "refused a client from %s: transport input %s", source,
                    tn->transport == CONFIG_TRANSPORT_SSH ? "ssh" : "none");
        return;
    }
    /* IOS refuses a vty with no password; swsh, root only, is the way in. */
    if (!shell_logins_required(tn->shell)) {
        refuse(cfd, "% Password required, but none set\r\n");
        log_limited(&tn->refused_log, "refused a client from %s: no login configured (`username NAME"
                    " secret PASSWORD`; swsh needs none)", source);
        return;
    }
    if ((quiet = login_guard_blocked(tn->guard, source, loop_now_ms()))) {
        char msg[160];
        snprintf(msg, sizeof msg, "%% Login blocked: too many failed logins from %s; try again"
                 " in %u seconds\r\n", source, quiet);
        refuse(cfd, msg);
        log_limited(&tn->refused_log, "refused a client from %s: quiet mode (login block-for) for %u more"
                    " seconds", source, quiet);
        return;
    }
    /* Without TCP_NODELAY libcli's one-byte echoes crawl (docs/design.md
     * section 10.1). */
    setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (!(t = calloc(1, sizeof *t))) {
        close(cfd);
        return;
    }
    t->telnet = tn;
    t->fd = cfd;
    snprintf(t->source, sizeof t->source, "%s", source);
    len = sizeof ss;
    if (getsockname(cfd, (struct sockaddr *) &ss, &len) == 0)
        vty_address_text(&ss, source, sizeof source, &t->local_port);
    if (!(t->sess = shell_session_create(tn->shell, false, telnet_emit, telnet_request_enable,
                                         t))) {
        close(cfd);
        free(t);
        return;
    }
    shell_session_set_identity(t->sess, NULL, t->source);
    /* Listed before the thread runs: the thread takes itself off the list. */
    t->login_deadline_ms = loop_now_ms() + (int64_t) tn->login_timeout_s * 1000;
    pthread_mutex_lock(&tn->lock);
    t->next = tn->sessions_list;
    if (t->next)
        t->next->prev = t;
    tn->sessions_list = t;
    pthread_mutex_unlock(&tn->lock);
    error = session_threads_start(tn->sessions, cfd, telnet_thread, t);
    if (error) {
        list_remove(tn, t);
        refuse(cfd, "% All telnet sessions are in use; try again later.\r\n");
        log_limited(&tn->refused_log, "refused a client from %s: %s", t->source,
                    error == EAGAIN ? "too many sessions" : strerror(error));
        shell_session_destroy(t->sess);
        free(t);
    }
}

static void
quiet_mode_off(const char *source, void *arg)
{
    char when[64];

    (void) arg;
    log_info("%%SEC_LOGIN-5-QUIET_MODE_OFF: Quiet Mode is OFF, because block period timed out"
             " [Source: %s] at %s", source, ios_time(when));
}

/* Once a second: clients that did not log in in time, quiet modes that
 * are over, the count of clients turned away, finished sessions. */
static void
telnet_tick(struct loop *loop, int fd, uint32_t events, void *arg)
{
    static const char expired[] = "\r\n% Login timeout expired!\r\n";
    struct telnet *tn = arg;
    int64_t now = loop_now_ms();
    uint64_t ticks;
    ssize_t n = read(fd, &ticks, sizeof ticks);
    unsigned n_expired = 0;
    char sources[TELNET_MAX_SESSIONS][INET6_ADDRSTRLEN];

    (void) loop; (void) events; (void) n;
    pthread_mutex_lock(&tn->lock);
    for (struct telnet_session *t = tn->sessions_list; t; t = t->next) {
        if (t->logged_in || t->timed_out || now < t->login_deadline_ms)
            continue;
        /* The registry closes t->fd only after the thread, which takes
         * 't' off this list first, has been joined on this thread. */
        n = send(t->fd, expired, sizeof expired - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
        shutdown(t->fd, SHUT_RDWR);
        t->timed_out = true;
        if (n_expired < TELNET_MAX_SESSIONS)
            snprintf(sources[n_expired++], sizeof sources[0], "%s", t->source);
    }
    pthread_mutex_unlock(&tn->lock);
    for (unsigned i = 0; i < n_expired; i++)
        log_limited(&tn->timeout_log, "login from %s timed out after %u s", sources[i],
                    tn->login_timeout_s);
    login_guard_expire(tn->guard, now, quiet_mode_off, NULL);
    if (tn->refused_log.quiet && now - tn->refused_log.logged_ms >= LOG_LIMIT_MS)
        log_limit_flush(&tn->refused_log, now);
    if (tn->timeout_log.quiet && now - tn->timeout_log.logged_ms >= LOG_LIMIT_MS)
        log_limit_flush(&tn->timeout_log, now);
    session_threads_reap(tn->sessions);
}

/* Configuration changes: a new listen address is bound before the change
 * is committed, so a taken port fails the change instead of losing telnet. */
static int
telnet_prepare(void *arg, const struct switch_config *cfg, char *err, size_t err_size)
{
    return vty_listener_prepare(&((struct telnet *) arg)->listener, cfg->telnet_listen, err,
                                err_size);
}

static void
telnet_abort(void *arg)
{
    vty_listener_abort(&((struct telnet *) arg)->listener);
}

/* What sessions started after a change follow: the login timeout and the
 * login block-for settings. */
static void
take_login_settings(struct telnet *tn, const struct switch_config *cfg)
{
    tn->login_timeout_s = cfg->telnet_login_timeout_s;
    tn->transport = cfg->transport_input;
    login_guard_configure(tn->guard, &cfg->login_block);
}

static void
telnet_commit(void *arg, const struct switch_config *cfg)
{
    struct telnet *tn = arg;

    take_login_settings(tn, cfg);
    vty_listener_commit(&tn->listener, cfg->telnet_listen);
}

/* Checks that libcli calls our cli_run_command() (see the top). */
static bool
interposition_works(void)
{
    struct cli_def *cli = cli_init();
    FILE *f = fmemopen((void *) probe_line, strlen(probe_line), "r");

    probe_seen = false;
    if (cli && f)
        cli_file(cli, f, PRIVILEGE_PRIVILEGED, MODE_EXEC);
    if (f)
        fclose(f);
    if (cli)
        cli_done(cli);
    return probe_seen;
}

int
telnet_listen(const struct switch_config *cfg, int *fd, char *err, size_t err_size)
{
    *fd = -1;
    return cfg->telnet_listen[0] ? vty_listen_socket(cfg->telnet_listen, "telnet", fd, err, err_size) : 0;
}

struct telnet *
telnet_create(struct loop *loop, struct shell *shell, struct switch_state *sw, int fd,
              char *err, size_t err_size)
{
    const struct switch_config *cfg = state_config(sw);
    struct telnet *tn;
    struct state_hook hook;
    char why[128];

    if (!interposition_works()) {
        snprintf(err, err_size, "telnet: libcli does not hand lines to switchd's shell"
                 " (is it linked -Bsymbolic?)");
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    if (!(tn = calloc(1, sizeof *tn)) || !(tn->sessions = session_threads_create(loop, TELNET_MAX_SESSIONS))
        || !(tn->guard = login_guard_create())) {
        if (tn)
            session_threads_destroy(tn->sessions);
        free(tn);
        snprintf(err, err_size, "telnet: out of memory");
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    tn->loop = loop;
    tn->shell = shell;
    vty_listener_init(&tn->listener, loop, "telnet", telnet_accept, tn);
    pthread_mutex_init(&tn->lock, NULL);
    tn->refused_log.more = "clients refused";
    tn->timeout_log.more = "logins timed out";
    take_login_settings(tn, cfg);
    if ((tn->timer_fd = vty_tick_start(loop, telnet_tick, tn)) < 0) {
        snprintf(err, err_size, "telnet: timer: %s", strerror(errno));
        goto err;
    }
    if (fd >= 0) {
        int r = vty_listener_start(&tn->listener, fd, cfg->telnet_listen, err, err_size);

        fd = -1;                    /* vty_listener_start() took it, or closed it */
        if (r)
            goto err;
    }
    hook = (struct state_hook) { telnet_prepare, telnet_commit, telnet_abort, tn };
    if (state_add_hook(sw, &hook, why, sizeof why)) {
        snprintf(err, err_size, "telnet: %s", why);
        telnet_destroy(tn);
        return NULL;
    }
    return tn;

err:
    if (fd >= 0)
        close(fd);
    vty_tick_stop(loop, tn->timer_fd);
    session_threads_destroy(tn->sessions);
    login_guard_destroy(tn->guard);
    pthread_mutex_destroy(&tn->lock);
    free(tn);
    return NULL;
}

void
telnet_destroy(struct telnet *tn)
{
    if (!tn)
        return;
    vty_listener_close(&tn->listener);
    vty_tick_stop(tn->loop, tn->timer_fd);
    session_threads_destroy(tn->sessions);
    log_limit_flush(&tn->refused_log, loop_now_ms());
    log_limit_flush(&tn->timeout_log, loop_now_ms());
    login_guard_destroy(tn->guard);
    pthread_mutex_destroy(&tn->lock);
    free(tn);
}
