#include "control.h"

#include <errno.h>
#include <libgen.h>
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
#include "log.h"
#include "loop.h"
#include "session_threads.h"
#include "shell.h"

#define CONTROL_MAX_CLIENTS 64

struct control {
    struct loop *loop;
    struct shell *shell;
    int fd;                         /* listening socket */
    char path[sizeof ((struct sockaddr_un *) 0)->sun_path];
    struct session_threads *sessions;
};

/* One console client. */
struct console {
    struct control *ctl;
    int fd;
    FILE *reply;                    /* the reply being built */
    char *reply_buf;
    size_t reply_len;
    struct shell_session sess;
};

static void
console_emit(struct shell_session *s, enum shell_line kind, const char *text)
{
    struct console *c = s->emit_arg;
    int code = kind == SHELL_LINE_OUT ? CONTROL_OUTPUT
               : kind == SHELL_LINE_INFO ? CONTROL_INFO : CONTROL_FAILED;

    /* A newline inside a line would end it early on the wire. */
    fprintf(c->reply, "%04d-", code);
    for (; *text; text++)
        fputc(*text == '\n' ? ' ' : *text, c->reply);
    fputc('\n', c->reply);
}

/* Ends the reply with 'code' and the prompt, and sends it all. */
static bool
console_send(struct console *c, int code)
{
    char prompt[128];
    size_t done = 0;

    if (code == CONTROL_BYE) {
        fprintf(c->reply, "%04d bye\n", code);
    } else {
        shell_prompt(&c->sess, prompt, sizeof prompt);
        fprintf(c->reply, "%04d %s\n", code, prompt);
    }
    fflush(c->reply);
    while (done < c->reply_len) {
        ssize_t n = send(c->fd, c->reply_buf + done, c->reply_len - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += n;
    }
    rewind(c->reply);
    c->reply_len = 0;
    return true;
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
            shell_complete(&c->sess, text, &l);
        else
            shell_help(&c->sess, text, &l);
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
    shell_prompt(&c->sess, prompt, sizeof prompt);
    c->sess.prompt_offset = strlen(prompt);
    code = status_code(shell_run_line(&c->sess, text));
    return console_send(c, code) && code != CONTROL_BYE;
}

/* Reads the next request into 'rd' (control_request.h); false at the end
 * of the input. */
static bool
read_request(FILE *in, struct control_reader *rd)
{
    int ch;

    while (!control_reader_complete(rd) && (ch = getc_unlocked(in)) != EOF) {
        char byte = (char) ch;

        control_reader_feed(rd, &byte, 1);
    }
    return control_reader_complete(rd) || control_reader_pending(rd);
}

static void *
console_thread(void *arg)
{
    struct console *c = arg;
    int fd = dup(c->fd);
    FILE *in = fd < 0 ? NULL : fdopen(fd, "r");
    struct control_reader rd;
    const char *text;

    if (!in && fd >= 0)
        close(fd);
    c->reply = open_memstream(&c->reply_buf, &c->reply_len);
    control_reader_init(&rd);
    if (!in || !c->reply)
        goto out;
    if (!console_send(c, CONTROL_HELLO))
        goto out;
    while (read_request(in, &rd)) {
        enum control_request_kind kind = control_request_take(&rd, &text);

        if (!console_request(c, kind, text))
            break;
    }
out:
    if (in)
        fclose(in);
    if (c->reply)
        fclose(c->reply);
    free(c->reply_buf);
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
    shell_session_init(&c->sess, ctl->shell, true);
    c->sess.emit = console_emit;
    c->sess.emit_arg = c;
    error = session_threads_start(ctl->sessions, cfd, console_thread, c);
    if (error) {
        log_warn("control: refusing a client: %s", error == EAGAIN ? "too many clients"
                                                                   : strerror(error));
        close(cfd);
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

struct control *
control_create(struct loop *loop, struct shell *shell, const char *path,
               char *err, size_t err_size)
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

    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        snprintf(err, err_size, "control socket: %s", strerror(errno));
        return NULL;
    }
    /* A socket file nobody answers on is left from a crash: replace it.
     * Only a refusal says nobody listens: a busy listener's full backlog
     * answers EAGAIN, and its file must not be taken. */
    int refused = connect(fd, (struct sockaddr *) &sun, sizeof sun) == 0 ? 0 : errno;
    if (refused != ECONNREFUSED && refused != ENOENT) {
        snprintf(err, err_size, "%s: another switchd is listening there%s", path,
                 refused == EAGAIN ? " (busy)" : "");
        close(fd);
        return NULL;
    }
    unlink(path);
    if (bind(fd, (struct sockaddr *) &sun, sizeof sun) < 0 || chmod(path, 0660) < 0
        || listen(fd, 16) < 0) {
        snprintf(err, err_size, "%s: %s", path, strerror(errno));
        close(fd);
        return NULL;
    }
    ctl = calloc(1, sizeof *ctl);
    if (!ctl || !(ctl->sessions = session_threads_create(CONTROL_MAX_CLIENTS))
        || loop_watch_fd(loop, fd, EPOLLIN, control_accept, ctl)) {
        snprintf(err, err_size, "control socket: out of memory");
        if (ctl)
            session_threads_destroy(ctl->sessions);
        free(ctl);
        close(fd);
        unlink(path);
        return NULL;
    }
    ctl->loop = loop;
    ctl->shell = shell;
    ctl->fd = fd;
    snprintf(ctl->path, sizeof ctl->path, "%s", path);
    return ctl;
}

void
control_destroy(struct control *ctl)
{
    if (!ctl)
        return;
    loop_unwatch_fd(ctl->loop, ctl->fd);
    close(ctl->fd);
    session_threads_destroy(ctl->sessions);
    unlink(ctl->path);
    free(ctl);
}
