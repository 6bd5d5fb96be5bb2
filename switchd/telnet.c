/* The telnet server: libcli's cli_loop() per session, our shell behind it.
 *
 * libcli 1.10.7 gives us the telnet line editor: option negotiation, echo,
 * history, ^Z, login and enable-password prompts, the idle timeout.  Its
 * own command tree is not used: cli_loop() hands every typed line to
 * cli_run_command(), and '?' and TAB to cli_get_completions(), both
 * through the PLT (the library is not linked -Bsymbolic), so switchd
 * defines those two functions and they win (ELF symbol interposition).
 * Every line then goes through the same parser, errors, help and
 * completion as swsh, with none of the quirks of libcli's matcher
 * (docs/design.md section 10.2).  telnet_create() checks at start that
 * the interposition works and refuses to run telnet if it does not. */
#include "telnet.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libcli.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "session_threads.h"
#include "shell.h"
#include "state.h"

#define TELNET_MAX_SESSIONS 100
#define TELNET_FD_LIMIT     1024    /* libcli's cli_loop() uses select() */

/* Exported by libcli but not declared in libcli.h. */
int cli_enable(struct cli_def *cli, const char *command, char *argv[], int argc);

struct telnet {
    struct loop *loop;
    struct shell *shell;
    int fd;                         /* listening socket, -1 if none */
    char listen[64];                /* its address */
    int pending_fd;                 /* prepared by a config change */
    struct session_threads *sessions;
};

struct telnet_session {
    struct telnet *telnet;
    int fd;                         /* the registry's; libcli gets a dup */
    struct cli_def *cli;
    FILE *out;                      /* this command's output */
    char *out_buf;
    size_t out_len;
    bool logged_in;                 /* past the Username:/Password: prompts */
    struct shell_session sess;
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

    pthread_mutex_lock(&t->telnet->shell->lock);
    snprintf(host, sizeof host, "%s", t->telnet->shell->hostname);
    pthread_mutex_unlock(&t->telnet->shell->lock);
    cli_set_hostname(cli, host);
    if (cli->privilege != (int) t->sess.privilege)
        cli_set_privilege(cli, t->sess.privilege);
    cli->mode = t->sess.mode;
    cli_set_modestring(cli, cmdline_mode_prompt(t->sess.mode));
    /* IOS prompts end in '#' or '>' with no space. */
    cli_set_promptchar(cli, t->sess.privilege >= SHELL_PRIV_ENABLE ? "#" : ">");
}

static void
telnet_emit(struct shell_session *s, enum shell_line kind, const char *text)
{
    struct telnet_session *t = s->emit_arg;

    (void) kind;
    fputs(text, t->out);
    fputs("\r\n", t->out);
}

static int
telnet_check_enable(const char *password)
{
    if (!current || !shell_check_enable(current->telnet->shell, password))
        return 0;
    /* Raised here, libcli's own raise finds nothing to change and keeps our
     * IOS prompt character ("#", no space). */
    current->cli->privilege = PRIVILEGE_PRIVILEGED;
    cli_set_promptchar(current->cli, "#");
    return 1;
}

static bool
telnet_request_enable(struct shell_session *s)
{
    struct telnet_session *t = s->emit_arg;

    /* libcli asks "Password:" and calls the callback with the answer. */
    t->cli->enable_callback = telnet_check_enable;
    cli_enable(t->cli, "enable", NULL, 0);
    return true;
}

static int
telnet_check_login(const char *user, const char *password)
{
    if (!current || !shell_check_login(current->telnet->shell, user, password))
        return CLI_ERROR;
    current->logged_in = true;
    return CLI_OK;
}

/* Everything libcli prints itself (help lines, login messages) comes here;
 * its "Access denied" becomes IOS's wording. */
static void
telnet_print(struct cli_def *cli, const char *text)
{
    struct telnet_session *t = cli_get_context(cli);

    if (!cli->client)
        return;
    if (t && !strcmp(text, "Access denied"))
        text = t->logged_in ? "% Access denied" : "% Login invalid";
    fprintf(cli->client, "%s\r\n", text);
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
    /* libcli may have changed these itself: enable, ^Z. */
    t->sess.privilege = cli->privilege >= PRIVILEGE_PRIVILEGED ? SHELL_PRIV_ENABLE : SHELL_PRIV_USER;
    if (cli->mode == MODE_EXEC)
        t->sess.mode = SHELL_MODE_EXEC;
    shell_prompt(&t->sess, prompt, sizeof prompt);
    t->sess.prompt_offset = strlen(prompt);

    t->out = open_memstream(&t->out_buf, &t->out_len);
    if (!t->out)
        return CLI_ERROR;
    status = shell_run_line(&t->sess, command);
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
    t->sess.privilege = cli->privilege >= PRIVILEGE_PRIVILEGED ? SHELL_PRIV_ENABLE : SHELL_PRIV_USER;
    if (cli->mode == MODE_EXEC)
        t->sess.mode = SHELL_MODE_EXEC;
    if (lastchar == '?')
        shell_help(&t->sess, command, &l);
    else
        shell_complete(&t->sess, command, &l);
    for (size_t i = 0; i < l.n; i++)
        cli_add_comphelp_entry(comphelp, l.items[i]);
    cmdline_list_free(&l);
}

static void *
telnet_thread(void *arg)
{
    struct telnet_session *t = arg;
    struct telnet *tn = t->telnet;
    uint32_t idle = shell_idle_timeout(tn->shell);
    int fd = dup(t->fd);

    current = t;
    t->cli = cli_init();
    if (fd < 0 || fd >= TELNET_FD_LIMIT || !t->cli) {
        log_warn("telnet: cannot start a session (%s)", fd >= TELNET_FD_LIMIT
                 ? "too many open files for select()" : strerror(errno));
        if (fd >= 0)
            close(fd);
        goto out;
    }
    cli_set_context(t->cli, t);
    cli_print_callback(t->cli, telnet_print);
    if (shell_logins_required(tn->shell)) {
        cli_set_banner(t->cli, "\nUser Access Verification");
        cli_set_auth_callback(t->cli, telnet_check_login);
    } else {
        t->logged_in = true;
    }
    if (idle)
        cli_set_idle_timeout(t->cli, idle);
    sync_prompt(t);
    cli_loop(t->cli, fd);               /* returns when the session ends; closes 'fd' */
out:
    if (t->cli)
        cli_done(t->cli);
    current = NULL;
    session_threads_finished(tn->sessions, t->fd);
    free(t);
    return NULL;
}

static void
telnet_accept(struct loop *loop, int fd, uint32_t events, void *arg)
{
    struct telnet *tn = arg;
    int cfd = session_threads_accept(tn->sessions, fd, "telnet"), one = 1, error;
    struct telnet_session *t;

    (void) loop; (void) events;
    if (cfd < 0)
        return;
    /* Without TCP_NODELAY libcli's one-byte echoes crawl (docs/design.md
     * section 10.1). */
    setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (!(t = calloc(1, sizeof *t))) {
        close(cfd);
        return;
    }
    t->telnet = tn;
    t->fd = cfd;
    shell_session_init(&t->sess, tn->shell, false);
    t->sess.emit = telnet_emit;
    t->sess.emit_arg = t;
    t->sess.request_enable = telnet_request_enable;
    error = session_threads_start(tn->sessions, cfd, telnet_thread, t);
    if (error) {
        static const char busy[] = "% All telnet sessions are in use; try again later.\r\n";
        ssize_t n = send(cfd, busy, sizeof busy - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
        (void) n;
        log_warn("telnet: refusing a client: %s", error == EAGAIN ? "too many sessions"
                                                                  : strerror(error));
        close(cfd);
        free(t);
    }
}

/* Opens a listening socket on "ADDR:PORT" or "[ADDR6]:PORT". */
static int
listen_on(const char *spec, char *err, size_t err_size)
{
    struct sockaddr_storage ss = { 0 };
    char host[64];
    const char *colon = strrchr(spec, ':');
    socklen_t len;
    int fd, one = 1, port = colon ? atoi(colon + 1) : 0;

    if (!colon || port <= 0 || port > 65535 || (size_t) (colon - spec) >= sizeof host) {
        snprintf(err, err_size, "telnet: invalid listen address \"%s\"", spec);
        return -EINVAL;
    }
    memcpy(host, spec, colon - spec);
    host[colon - spec] = '\0';
    if (host[0] == '[') {
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *) &ss;
        size_t hl = strlen(host);
        if (hl < 2 || host[hl - 1] != ']') {
            snprintf(err, err_size, "telnet: invalid listen address \"%s\"", spec);
            return -EINVAL;
        }
        host[hl - 1] = '\0';
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons(port);
        if (inet_pton(AF_INET6, host + 1, &s6->sin6_addr) != 1) {
            snprintf(err, err_size, "telnet: invalid listen address \"%s\"", spec);
            return -EINVAL;
        }
        len = sizeof *s6;
    } else {
        struct sockaddr_in *s4 = (struct sockaddr_in *) &ss;
        s4->sin_family = AF_INET;
        s4->sin_port = htons(port);
        if (inet_pton(AF_INET, host, &s4->sin_addr) != 1) {
            snprintf(err, err_size, "telnet: invalid listen address \"%s\"", spec);
            return -EINVAL;
        }
        len = sizeof *s4;
    }
    fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        snprintf(err, err_size, "telnet: socket: %s", strerror(errno));
        return -errno;
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *) &ss, len) < 0 || listen(fd, 64) < 0) {
        int error = errno;
        snprintf(err, err_size, "telnet: cannot listen on %s: %s", spec, strerror(error));
        close(fd);
        return -error;
    }
    return fd;
}

static int
start_listening(struct telnet *tn, int fd, const char *spec, char *err, size_t err_size)
{
    int error = loop_watch_fd(tn->loop, fd, EPOLLIN, telnet_accept, tn);

    if (error) {
        snprintf(err, err_size, "telnet: epoll: %s", strerror(error));
        close(fd);
        return error;
    }
    tn->fd = fd;
    snprintf(tn->listen, sizeof tn->listen, "%s", spec);
    log_info("telnet: listening on %s", spec);
    return 0;
}

/* Configuration changes: a new listen address is bound before the change
 * is committed, so a taken port fails the change instead of losing telnet. */
static int
telnet_prepare(void *arg, const struct switch_config *cfg, char *err, size_t err_size)
{
    struct telnet *tn = arg;

    tn->pending_fd = -1;
    if (!strcmp(cfg->telnet_listen, tn->listen) || !cfg->telnet_listen[0])
        return 0;
    tn->pending_fd = listen_on(cfg->telnet_listen, err, err_size);
    return tn->pending_fd < 0 ? -tn->pending_fd : 0;
}

static void
telnet_abort(void *arg)
{
    struct telnet *tn = arg;

    if (tn->pending_fd >= 0)
        close(tn->pending_fd);
    tn->pending_fd = -1;
}

static void
telnet_commit(void *arg, const struct switch_config *cfg)
{
    struct telnet *tn = arg;
    char err[256];

    if (!strcmp(cfg->telnet_listen, tn->listen))
        return;
    /* Sessions already open stay; only the listener moves. */
    if (tn->fd >= 0) {
        loop_unwatch_fd(tn->loop, tn->fd);
        close(tn->fd);
        tn->fd = -1;
        log_info("telnet: no longer listening on %s", tn->listen);
    }
    tn->listen[0] = '\0';
    if (tn->pending_fd >= 0 && start_listening(tn, tn->pending_fd, cfg->telnet_listen, err,
                                               sizeof err))
        log_error("%s", err);
    tn->pending_fd = -1;
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

struct telnet *
telnet_create(struct loop *loop, struct shell *shell, struct switch_state *sw,
              char *err, size_t err_size)
{
    const struct switch_config *cfg = state_config(sw);
    struct telnet *tn;
    struct state_hook hook;
    int fd;

    if (!interposition_works()) {
        snprintf(err, err_size, "telnet: libcli does not hand lines to switchd's shell"
                 " (is it linked -Bsymbolic?)");
        return NULL;
    }
    if (!(tn = calloc(1, sizeof *tn))
        || !(tn->sessions = session_threads_create(loop, TELNET_MAX_SESSIONS))) {
        free(tn);
        snprintf(err, err_size, "telnet: out of memory");
        return NULL;
    }
    tn->loop = loop;
    tn->shell = shell;
    tn->fd = tn->pending_fd = -1;
    if (cfg->telnet_listen[0]) {
        fd = listen_on(cfg->telnet_listen, err, err_size);
        if (fd < 0 || start_listening(tn, fd, cfg->telnet_listen, err, err_size)) {
            session_threads_destroy(tn->sessions);
            free(tn);
            return NULL;
        }
    }
    hook = (struct state_hook) { telnet_prepare, telnet_commit, telnet_abort, tn };
    state_add_hook(sw, &hook);
    return tn;
}

void
telnet_destroy(struct telnet *tn)
{
    if (!tn)
        return;
    if (tn->fd >= 0) {
        loop_unwatch_fd(tn->loop, tn->fd);
        close(tn->fd);
    }
    session_threads_destroy(tn->sessions);
    free(tn);
}
