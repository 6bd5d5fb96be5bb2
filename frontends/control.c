#include "control.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "control_proto.h"
#include "control_request.h"
#include "lockfile.h"
#include "log.h"
#include "loop.h"
#include "session_threads.h"
#include "shell.h"

/* docs/security.md section 5: the slots, and how long a client may hold
 * one.  A client that has not sent a whole request this long after
 * connecting is dropped (or sooner, when cli.console.idle_timeout_s is
 * shorter): silent connections cannot keep swsh out for the idle timeout. */
#define CONTROL_MAX_CLIENTS 64
#define CONTROL_FIRST_REQUEST_S 10
/* How often a `terminal monitor` session waiting for a request looks for
 * new log lines. */
#define CONTROL_MONITOR_CHECK_MS 1000

struct control {
    struct loop *loop;
    struct shell *shell;
    int fd;                         /* listening socket */
    char path[sizeof ((struct sockaddr_un *) 0)->sun_path];
    int lock_fd;                    /* holds 'lock_path' (lockfile.h) */
    char lock_path[sizeof ((struct sockaddr_un *) 0)->sun_path + sizeof ".lock"];
    struct session_threads *sessions;
};

/* One console client. */
struct console {
    struct control *ctl;
    int fd;
    FILE *reply;                    /* the reply being built */
    char *reply_buf;
    size_t reply_len;
    struct shell_session *sess;
    bool started;                   /* a whole request came */
    int64_t deadline_ms;            /* for the request being read; 0 = none */
    bool timed_out;
    char in[4096];                  /* received, read from 'in_pos' to 'in_end' */
    size_t in_pos, in_end;
};

/* How long the client may take to send its next request, or to take in
 * some of a reply; -1 = for ever. */
static int64_t
client_wait_ms(const struct console *c)
{
    int64_t idle = shell_console_idle_timeout(c->ctl->shell) * (int64_t) 1000;

    if (!c->started)
        return idle && idle < CONTROL_FIRST_REQUEST_S * 1000 ? idle
                                                             : CONTROL_FIRST_REQUEST_S * 1000;
    return idle ? idle : -1;
}

static void
console_emit(struct shell_session *s, enum shell_line kind, const char *text)
{
    struct console *c = shell_session_arg(s);
    int code = kind == SHELL_LINE_OUT ? CONTROL_OUTPUT
               : kind == SHELL_LINE_INFO ? CONTROL_INFO : CONTROL_FAILED;

    /* A newline inside a line would end it early on the wire. */
    fprintf(c->reply, "%04d-", code);
    for (; *text; text++)
        fputc(*text == '\n' ? ' ' : *text, c->reply);
    fputc('\n', c->reply);
}

/* Sends 'len' bytes; false if the client is gone or took in nothing of
 * them for client_wait_ms() (a client that never reads must not hold its
 * slot for ever). */
static bool
send_all(struct console *c, const char *buf, size_t len)
{
    size_t done = 0;

    while (done < len) {
        ssize_t n = send(c->fd, buf + done, len - done, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            done += n;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd p = { .fd = c->fd, .events = POLLOUT };
            int64_t wait = client_wait_ms(c);
            int r = poll(&p, 1, wait < 0 || wait > INT_MAX ? -1 : (int) wait);
            if (r == 0) {
                c->timed_out = true;
                return false;
            }
            if (r < 0 && errno != EINTR)
                return false;
        } else if (!(n < 0 && errno == EINTR)) {
            return false;
        }
    }
    return true;
}

/* Ends the reply with 'code' and the prompt, and sends it all. */
static bool
console_send(struct console *c, int code)
{
    char prompt[128];
    bool ok;

    if (code == CONTROL_BYE) {
        fprintf(c->reply, "%04d bye\n", code);
    } else {
        shell_prompt(c->sess, prompt, sizeof prompt);
        fprintf(c->reply, "%04d %s\n", code, prompt);
    }
    fflush(c->reply);
    ok = send_all(c, c->reply_buf, c->reply_len);
    rewind(c->reply);
    c->reply_len = 0;
    return ok;
}

static int
status_code(enum shell_status st)
{
    switch (st) {
    case SHELL_OK:      return CONTROL_OK;
    case SHELL_QUIT:    return CONTROL_BYE;
    case SHELL_INVALID: return CONTROL_INVALID;
    case SHELL_FAILED:  break;
    }
    return CONTROL_FAILED;
}

/* Answers one request; returns false when the session is over. */
static bool
console_request(struct console *c, enum control_request_kind kind, const char *text)
{
    struct cmdline_list l = { 0 };
    char prompt[128];
    int code;

    switch (kind) {
    case CONTROL_REQ_COMPLETE:
    case CONTROL_REQ_HELP:
        if (kind == CONTROL_REQ_COMPLETE)
            shell_complete(c->sess, text, &l);
        else
            shell_help(c->sess, text, &l);
        for (size_t i = 0; i < l.n; i++)
            fprintf(c->reply, "%04d-%s\n", CONTROL_ENTRY, l.items[i]);
        cmdline_list_free(&l);
        return console_send(c, CONTROL_OK);
    case CONTROL_REQ_TOO_LONG:
        fprintf(c->reply, "%04d-%% Line too long (at most %d bytes)\n", CONTROL_FAILED,
                CONTROL_LINE_MAX - 1);
        return console_send(c, CONTROL_INVALID);
    case CONTROL_REQ_NUL:
        fprintf(c->reply, "%04d-%% Line contains a NUL byte\n", CONTROL_FAILED);
        return console_send(c, CONTROL_INVALID);
    case CONTROL_REQ_RUN:
        break;
    }
    shell_prompt(c->sess, prompt, sizeof prompt);
    shell_session_set_prompt_offset(c->sess, strlen(prompt));
    code = status_code(shell_run_line(c->sess, text));
    return console_send(c, code) && code != CONTROL_BYE;
}

static void
copy_log_line(void *arg, int severity, const char *line)
{
    FILE *f = arg;

    (void) severity;
    fprintf(f, "%04d-", CONTROL_LOG);
    for (; *line; line++)
        fputc(*line == '\n' ? ' ' : *line, f);
    fputc('\n', f);
}

/* `terminal monitor`: the new log lines, as 1003 lines between two
 * replies (docs/control-protocol.md).  False if the client is gone. */
static bool
console_monitor(struct console *c)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    bool ok = true;

    if (!f)
        return true;
    shell_session_monitor_lines(c->sess, copy_log_line, f);
    fclose(f);
    if (len)
        ok = send_all(c, buf, len);
    free(buf);
    return ok;
}

/* The next byte from the client, or EOF at its end, on an error, or past
 * 'c->deadline_ms' (then 'c->timed_out' is set). */
static int
console_getc(struct console *c)
{
    while (c->in_pos == c->in_end) {
        struct pollfd p = { .fd = c->fd, .events = POLLIN };
        int wait = -1, r;
        ssize_t n;

        if (c->deadline_ms) {
            int64_t left = c->deadline_ms - loop_now_ms();
            if (left <= 0) {
                c->timed_out = true;
                return EOF;
            }
            wait = left > INT_MAX ? INT_MAX : (int) left;
        }
        /* A monitoring session wakes once a second; others sleep. */
        bool monitoring = shell_session_monitoring(c->sess);
        if (monitoring && (wait < 0 || wait > CONTROL_MONITOR_CHECK_MS))
            wait = CONTROL_MONITOR_CHECK_MS;
        r = poll(&p, 1, wait);
        if (r < 0 && errno != EINTR)
            return EOF;
        if (r == 0 && monitoring && !console_monitor(c))
            return EOF;
        if (r <= 0)
            continue;                       /* the deadline is checked above */
        n = recv(c->fd, c->in, sizeof c->in, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return EOF;
        c->in_pos = 0;
        c->in_end = n;
    }
    return (unsigned char) c->in[c->in_pos++];
}

/* Reads the next request into 'rd' (control_request.h), all of it within
 * client_wait_ms(): a client that sends a byte now and then holds its slot
 * no longer than a silent one.  Returns false at the end of the input or
 * past the deadline. */
static bool
read_request(struct console *c, struct control_reader *rd)
{
    int64_t wait = client_wait_ms(c);
    int ch;

    c->deadline_ms = wait < 0 ? 0 : loop_now_ms() + wait;
    while (!control_reader_complete(rd) && (ch = console_getc(c)) != EOF) {
        char byte = (char) ch;

        control_reader_feed(rd, &byte, 1);
    }
    /* What was logged since the last look goes out before this request's
     * reply, so a client sending its requests in a row (swsh -c ...) gets
     * it too, not only one that waits a second at its prompt. */
    if (control_reader_complete(rd) && shell_session_monitoring(c->sess) && !console_monitor(c))
        return false;
    return !c->timed_out && (control_reader_complete(rd) || control_reader_pending(rd));
}

/* Tells a client why the daemon ends its session: an error line and `bye`
 * (docs/control-protocol.md), sent only if it fits in the socket now. */
static void
send_farewell(int fd, const char *fmt, ...)
{
    char text[256], msg[300];
    va_list ap;
    int len;

    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    len = snprintf(msg, sizeof msg, "%04d-%s\n%04d bye\n", CONTROL_FAILED, text, CONTROL_BYE);
    if (send(fd, msg, len, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
        log_debug("control: cannot tell a client \"%s\": %s", text, strerror(errno));
}

/* The console's user, for `show users` and log lines: the local user
 * behind the client's socket (its peer credentials), by name.  On the
 * session thread: the name lookup may be slow (NSS). */
static void
console_identity(struct console *c)
{
    struct ucred cred;
    socklen_t len = sizeof cred;
    struct passwd pw, *found = NULL;
    char buf[1024], name[32] = "";

    if (getsockopt(c->fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0) {
        if (getpwuid_r(cred.uid, &pw, buf, sizeof buf, &found) == 0 && found)
            snprintf(name, sizeof name, "%s", found->pw_name);
        else
            snprintf(name, sizeof name, "%u", (unsigned) cred.uid);
    }
    shell_session_set_identity(c->sess, name, NULL);
}

static void *
console_thread(void *arg)
{
    struct console *c = arg;
    struct control_reader rd;
    const char *text;

    console_identity(c);
    control_reader_init(&rd);
    c->reply = open_memstream(&c->reply_buf, &c->reply_len);
    if (!c->reply || !console_send(c, CONTROL_HELLO))
        goto out;
    while (read_request(c, &rd)) {
        enum control_request_kind kind = control_request_take(&rd, &text);

        c->started = true;
        if (!console_request(c, kind, text))
            break;
    }
    if (c->timed_out) {
        uint32_t idle = shell_console_idle_timeout(c->ctl->shell);
        if (c->started)
            send_farewell(c->fd, "%% Idle timeout: no command for %u s", idle);
        else
            send_farewell(c->fd, "%% Timeout: no request within %lld s of connecting",
                          (long long) client_wait_ms(c) / 1000);
    }
out:
    if (c->reply)
        fclose(c->reply);
    free(c->reply_buf);
    /* Out of `show users` before the client sees the end, as telnet's. */
    shell_session_destroy(c->sess);
    c->sess = NULL;
    session_threads_finished(c->ctl->sessions, c->fd);
    free(c);
    return NULL;
}

static void
control_accept(struct loop *loop, int fd, uint32_t events, void *arg)
{
    struct control *ctl = arg;
    int cfd = session_threads_accept(ctl->sessions, fd, "control");
    struct console *c;
    int error;

    (void) loop; (void) events;
    if (cfd < 0)
        return;
    if (!(c = calloc(1, sizeof *c))) {
        close(cfd);
        return;
    }
    c->ctl = ctl;
    c->fd = cfd;
    if (!(c->sess = shell_session_create(ctl->shell, true, console_emit, NULL, c))) {
        close(cfd);
        free(c);
        return;
    }
    error = session_threads_start(ctl->sessions, cfd, console_thread, c);
    if (error) {
        /* Said to the client, so swsh prints it instead of a bare end of
         * the connection (docs/control-protocol.md). */
        if (error == EAGAIN) {
            send_farewell(cfd, "%% switchd: too many console clients (%d)", CONTROL_MAX_CLIENTS);
            session_threads_log_refusal(ctl->sessions, "control", "too many clients (64)");
        } else {
            send_farewell(cfd, "%% switchd: cannot start a console session: %s",
                          strerror(error));
            session_threads_log_refusal(ctl->sessions, "control", strerror(error));
        }
        close(cfd);
        shell_session_destroy(c->sess);
        free(c);
    }
}

/* Creates the directory of 'path' (one level, like /run/tapswitch). */
static void
make_socket_dir(const char *path)
{
    char dir[sizeof ((struct sockaddr_un *) 0)->sun_path];

    snprintf(dir, sizeof dir, "%s", path);
    mkdir(dirname(dir), 0750);
}

/* The socket file at 'path' may be replaced only if it is a socket: a
 * regular file there (the startup configuration, given to -s by mistake)
 * would be deleted by the bind (docs/security.md section 2).  Returns 0 or
 * an errno with 'err'. */
static int
check_socket_file(const char *path, char *err, size_t err_size)
{
    struct stat st;

    if (lstat(path, &st) < 0) {
        int error = errno;
        if (error == ENOENT)
            return 0;
        snprintf(err, err_size, "%s: %s", path, strerror(error));
        return error;
    }
    if (!S_ISSOCK(st.st_mode)) {
        snprintf(err, err_size, "%s: exists and is not a socket (left as it is; -s names"
                 " the control socket)", path);
        return EEXIST;
    }
    return 0;
}

/* One switchd per control socket: a lock on PATH.lock, taken before the
 * socket file is looked at and held for the life of the process
 * (docs/security.md section 2). */
static int
lock_socket(struct control *ctl, const char *path, char *err, size_t err_size)
{
    long holder;
    int error;

    snprintf(ctl->lock_path, sizeof ctl->lock_path, "%s.lock", path);
    error = lockfile_take(ctl->lock_path, 0600, &ctl->lock_fd, &holder);
    if (error == EAGAIN && holder)
        snprintf(err, err_size, "%s: another switchd is running there (pid %ld)", path, holder);
    else if (error == EAGAIN)
        snprintf(err, err_size, "%s: another switchd is running there", path);
    else if (error == EINVAL)
        snprintf(err, err_size, "%s: not a regular file", ctl->lock_path);
    else if (error)
        snprintf(err, err_size, "%s: %s", ctl->lock_path, strerror(error));
    return error;
}

struct control *
control_listen(const char *path, char *err, size_t err_size)
{
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    struct control *ctl;
    int fd;

    if (strlen(path) >= sizeof sun.sun_path) {
        snprintf(err, err_size, "%s: socket path too long", path);
        return NULL;
    }
    snprintf(sun.sun_path, sizeof sun.sun_path, "%s", path);
    make_socket_dir(path);
    if (check_socket_file(path, err, err_size))
        return NULL;
    if (!(ctl = calloc(1, sizeof *ctl))) {
        snprintf(err, err_size, "control socket: out of memory");
        return NULL;
    }
    ctl->fd = ctl->lock_fd = -1;
    if (lock_socket(ctl, path, err, err_size)) {
        free(ctl);
        return NULL;
    }
    /* Checked again under the lock: it may have changed meanwhile. */
    if (check_socket_file(path, err, err_size))
        goto err_unlock;
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        snprintf(err, err_size, "control socket: %s", strerror(errno));
        goto err_unlock;
    }
    /* A socket file nobody answers on is left from a crash: replace it.
     * Only a refusal says nobody listens: a busy listener's full backlog
     * answers EAGAIN, and its file must not be taken. */
    int refused = connect(fd, (struct sockaddr *) &sun, sizeof sun) == 0 ? 0 : errno;
    if (refused != ECONNREFUSED && refused != ENOENT) {
        snprintf(err, err_size, "%s: another switchd is listening there%s", path,
                 refused == EAGAIN ? " (busy)" : "");
        close(fd);
        goto err_unlock;
    }
    unlink(path);
    if (bind(fd, (struct sockaddr *) &sun, sizeof sun) < 0 || chmod(path, 0660) < 0
        || listen(fd, 16) < 0) {
        snprintf(err, err_size, "%s: %s", path, strerror(errno));
        close(fd);
        goto err_unlock;
    }
    ctl->fd = fd;
    snprintf(ctl->path, sizeof ctl->path, "%s", path);
    return ctl;

err_unlock:
    lockfile_release(ctl->lock_path, ctl->lock_fd);
    free(ctl);
    return NULL;
}

int
control_start(struct control *ctl, struct loop *loop, struct shell *shell,
              char *err, size_t err_size)
{
    if (!(ctl->sessions = session_threads_create(loop, CONTROL_MAX_CLIENTS))
        || loop_watch_fd(loop, ctl->fd, EPOLLIN, control_accept, ctl)) {
        snprintf(err, err_size, "control socket: out of memory");
        session_threads_destroy(ctl->sessions);
        ctl->sessions = NULL;
        return ENOMEM;
    }
    ctl->loop = loop;
    ctl->shell = shell;
    return 0;
}

void
control_destroy(struct control *ctl)
{
    if (!ctl)
        return;
    if (ctl->loop)
        loop_unwatch_fd(ctl->loop, ctl->fd);
    close(ctl->fd);
    session_threads_destroy(ctl->sessions);
    unlink(ctl->path);
    lockfile_release(ctl->lock_path, ctl->lock_fd);
    free(ctl);
}
