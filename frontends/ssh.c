/* The SSH server: libssh's server API, one session thread per connection,
 * the command engine and vty rules of telnet (frontends/ssh.h;
 * docs/design.md section 10.4; docs/security.md section 3).
 *
 * A connection's thread: libssh's key exchange, then authentication and
 * the channel request in one ssh_event loop bounded by cli.ssh.timeout_s;
 * then either
 * - a shell channel: telnet's libcli session (telnet_serve_logged_in()) on
 *   a thread of its own, at one end of a socketpair whose other end this
 *   thread pumps to and from the channel: telnet's option negotiation is
 *   filtered out of libcli's output, 0xff from the client is escaped (IAC
 *   IAC), and a lone LF becomes the CR that ends libcli's lines;
 * - or an exec channel: the one line runs through the shell here, its
 *   output and exit status (0, or 1 when it failed) go back.
 * Switchd's stop shuts the client socket down (session_threads.h), which
 * ends the event loop; the socketpair is then shut down, which ends the
 * libcli session, whose thread is joined. */
#include "ssh.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "session_threads.h"
#include "shell.h"
#include "ssh_info.h"
#include "ssh_key_line.h"
#include "state.h"
#include "telnet.h"
#include "vty_listener.h"

#define ED25519_FILE "ssh_host_ed25519_key"
#define RSA_FILE     "ssh_host_rsa_key"
#define PUMP_BUF     16384
#define EXEC_OUT_MAX (64u << 20)            /* bytes of an exec channel's output */
#define CLOSE_WAIT_MS 5000                  /* for the client's CLOSE at the end */

struct ssh_user {
    char name[33];
    char keys[CONFIG_SSH_KEYS_MAX][CONFIG_SSH_KEY_MAX + 1];
    uint8_t n_keys;
};

struct ssh_server {
    struct loop *loop;
    struct shell *shell;
    struct telnet *telnet;
    struct vty_listener listener;
    int timer_fd;                   /* reaps finished sessions once a second */
    struct session_threads *sessions;
    char state_dir[4096];

    pthread_mutex_t lock;           /* everything below */
    ssh_bind bind;                  /* its host keys; sessions copy them at accept */
    struct shell_ssh_host_key keys[2];  /* ed25519, rsa */
    struct ssh_user *users;
    size_t n_users;
    uint32_t timeout_s;
    unsigned retries;
    enum config_transport transport;
    struct ssh_conn *conns;
    unsigned next_id;
    unsigned refused;               /* clients turned away since the last line */
    int64_t refused_logged_ms;
};

enum ssh_request { REQ_NONE, REQ_SHELL, REQ_EXEC };

struct ssh_conn {
    struct ssh_server *srv;
    int fd;                         /* the registry's; libssh gets a dup */
    char source[INET6_ADDRSTRLEN];
    unsigned local_port;
    ssh_session session;
    ssh_channel channel;
    struct ssh_channel_callbacks_struct channel_cb;
    struct ssh_server_callbacks_struct server_cb;
    char user[40];
    bool authenticated, give_up;
    unsigned failures;
    enum ssh_request request;
    char *exec_line;
    bool pty;
    int pair;                       /* our end of the shell's socketpair, -1 */
    bool cli_ended, client_ended;   /* libcli's end; the channel closed */
    bool client_eof, eof_passed;    /* the client sent EOF; libcli told */
    int iac;                        /* telnet filter state, below */
    bool last_cr;
    unsigned char in_buf[2 * 4096]; /* client input for libcli (feed_libcli()) */
    size_t in_off, in_len;

    /* Under srv->lock: `show ssh`. */
    unsigned id;
    struct shell_ssh_conn info;
    struct ssh_conn *prev, *next;
};

/* ---------------------------------------------------------------- host keys */

static void
key_info(ssh_key key, const char *type, struct shell_ssh_host_key *out)
{
    unsigned char *hash = NULL;
    size_t hlen = 0;
    char *b64 = NULL, *fp = NULL;

    memset(out, 0, sizeof *out);
    snprintf(out->type, sizeof out->type, "%s", type);
    if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &hlen) == 0
        && (fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hlen)))
        snprintf(out->fingerprint, sizeof out->fingerprint, "%s", fp);
    ssh_string_free_char(fp);
    ssh_clean_pubkey_hash(&hash);
    if (ssh_pki_export_pubkey_base64(key, &b64) == SSH_OK) {
        char line[4096], why[160];
        struct ssh_key_line *k = malloc(sizeof *k);

        snprintf(line, sizeof line, "%s %s", type, b64);
        if (k && ssh_key_line_parse(line, k, why, sizeof why))
            out->bits = k->bits;
        free(k);
    }
    ssh_string_free_char(b64);
}

/* Writes 'key' to 'path' (mode 0600) through a temporary file: with
 * 'replace', over what is there (rename); else only if nothing is there
 * (link), EEXIST otherwise.  Returns 0 or an errno with 'err'. */
static int
save_key(ssh_key key, const char *path, bool replace, char *err, size_t err_size)
{
    char tmp[4200], *b64 = NULL;
    int fd, error = 0;
    size_t len;

    if (ssh_pki_export_privkey_base64(key, NULL, NULL, NULL, &b64) != SSH_OK) {
        snprintf(err, err_size, "ssh: cannot export the host key for %s", path);
        return EIO;
    }
    /* A name of its own (mkostemp(), mode 0600): two `crypto key generate
     * rsa` at once in one process shared "PATH.tmp.PID", and one could
     * rename the other's half-written file into place. */
    snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", path);
    fd = mkostemp(tmp, O_CLOEXEC);
    len = strlen(b64);
    if (fd < 0) {
        error = errno;
        snprintf(err, err_size, "ssh: cannot write %s: %s", path, strerror(error));
    } else if (write(fd, b64, len) != (ssize_t) len || fsync(fd) < 0) {
        error = errno ? errno : EIO;
        snprintf(err, err_size, "ssh: cannot write %s: %s", tmp, strerror(error));
    }
    if (fd >= 0)
        close(fd);
    explicit_bzero(b64, len);
    ssh_string_free_char(b64);
    if (!error && (replace ? rename(tmp, path) : link(tmp, path)) < 0) {
        error = errno;
        if (error != EEXIST)
            snprintf(err, err_size, "ssh: cannot make %s: %s", path, strerror(error));
    }
    if (fd >= 0)
        unlink(tmp);
    return error;
}

/* The host key of 'file' in the state directory into '*out': loaded, or
 * made and saved when the file is missing.  Returns 0 or an errno. */
static int
load_key(struct ssh_server *srv, const char *file, enum ssh_keytypes_e type, unsigned bits,
         ssh_key *out, char *err, size_t err_size)
{
    char path[4200];
    struct stat st;
    int error;

    snprintf(path, sizeof path, "%s/%s", srv->state_dir, file);
    for (int attempt = 0; attempt < 2; attempt++) {
        if (lstat(path, &st) == 0) {
            if (!S_ISREG(st.st_mode)) {
                snprintf(err, err_size, "ssh: %s is not a regular file", path);
                return EINVAL;
            }
            if (ssh_pki_import_privkey_file(path, NULL, NULL, NULL, out) != SSH_OK
                || ssh_key_type(*out) != type) {
                ssh_key_free(*out);
                *out = NULL;
                snprintf(err, err_size, "ssh: %s: not a %s private key (remove it to have a"
                         " new one made)", path, ssh_key_type_to_char(type));
                return EINVAL;
            }
            if (st.st_mode & 077)
                log_warn("ssh: %s is readable by others (mode %04o); it should be 0600",
                         path, (unsigned) (st.st_mode & 07777));
            return 0;
        }
        if (errno != ENOENT) {
            error = errno;
            snprintf(err, err_size, "ssh: %s: %s", path, strerror(error));
            return error;
        }
        if (ssh_pki_generate(type, (int) bits, out) != SSH_OK) {
            snprintf(err, err_size, "ssh: cannot make a %s host key", ssh_key_type_to_char(type));
            return EIO;
        }
        error = save_key(*out, path, false, err, err_size);
        if (!error) {
            log_info("ssh: made a new %s host key in %s", ssh_key_type_to_char(type), path);
            return 0;
        }
        ssh_key_free(*out);
        *out = NULL;
        if (error != EEXIST)        /* else another switchd made it: load that one */
            return error;
    }
    snprintf(err, err_size, "ssh: %s keeps changing", path);
    return EAGAIN;
}

/* ---------------------------------------------------------- authentication */

static int64_t
now_ms(void)
{
    return loop_now_ms();
}

static void
auth_failed(struct ssh_conn *c, const char *user)
{
    struct ssh_server *srv = c->srv;
    uint32_t blocked = 0;
    unsigned delay = telnet_login_failed(srv->telnet, ++c->failures, user, c->source,
                                         c->local_port, &blocked);
    unsigned retries;

    pthread_mutex_lock(&srv->lock);
    retries = srv->retries ? srv->retries : 1;
    pthread_mutex_unlock(&srv->lock);
    if (blocked || c->failures >= retries)
        c->give_up = true;
    else
        vty_pause(c->fd, delay);
}

static void
auth_succeeded(struct ssh_conn *c, const char *user)
{
    char shown[40];
    size_t n = 0;

    for (; user[n] && n < 32; n++)
        shown[n] = (unsigned char) user[n] < 0x20 || (unsigned char) user[n] >= 0x7f
                   ? '?' : user[n];
    shown[n] = '\0';
    telnet_login_succeeded(c->srv->telnet, shown, c->source, c->local_port);
    snprintf(c->user, sizeof c->user, "%s", shown);
    c->authenticated = true;
    pthread_mutex_lock(&c->srv->lock);
    snprintf(c->info.user, sizeof c->info.user, "%s", shown);
    snprintf(c->info.state, sizeof c->info.state, "Session started");
    pthread_mutex_unlock(&c->srv->lock);
}

static int
auth_password(ssh_session session, const char *user, const char *password, void *arg)
{
    struct ssh_conn *c = arg;

    (void) session;
    if (c->give_up || c->authenticated)
        return SSH_AUTH_DENIED;
    if (telnet_login_blocked(c->srv->telnet, c->source)) {
        c->give_up = true;
        return SSH_AUTH_DENIED;
    }
    if (!shell_check_login(c->srv->shell, user, password)) {
        auth_failed(c, user);
        return SSH_AUTH_DENIED;
    }
    auth_succeeded(c, user);
    return SSH_AUTH_SUCCESS;
}

/* The type and blob MD5 (upper-case hex, as ssh_key_line.md5) of the
 * client's 'key', for the users' "key-hash" entries.  libssh hashes the
 * blob itself, so a key of any size compares (no text line to fit). */
static bool
offered_key_md5(ssh_key key, char type[40], char md5[33])
{
    const char *t = ssh_key_type_to_char(ssh_key_type(key));
    unsigned char *hash = NULL;
    size_t len = 0;
    bool ok = t && strlen(t) < 40
              && ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_MD5, &hash, &len) == 0
              && len == 16;

    if (ok) {
        strcpy(type, t);
        for (size_t i = 0; i < 16; i++)
            snprintf(md5 + 2 * i, 3, "%02X", hash[i]);
    }
    ssh_clean_pubkey_hash(&hash);
    return ok;
}

/* Whether 'key' is one of 'user''s ssh_keys: the same public key, or, for
 * an IOS "key-hash" entry, a key of that type whose blob has that MD5. */
static bool
user_has_key(struct ssh_server *srv, const char *user, ssh_key key)
{
    char offered_type[40], offered_md5[33];
    int offered = -1;                   /* not hashed yet; then 0 or 1 */
    bool found = false;

    pthread_mutex_lock(&srv->lock);
    for (size_t i = 0; i < srv->n_users && !found; i++) {
        const struct ssh_user *u = &srv->users[i];

        if (strcmp(u->name, user))
            continue;
        for (unsigned k = 0; k < u->n_keys && !found; k++) {
            struct ssh_key_line *line = malloc(sizeof *line);
            char why[160], b64[CONFIG_SSH_KEY_MAX + 1];
            ssh_key mine = NULL;

            if (!line || !ssh_key_line_parse(u->keys[k], line, why, sizeof why)) {
                /* the loader checked every line: nothing to match */
            } else if (line->hash_only) {
                if (offered < 0)
                    offered = offered_key_md5(key, offered_type, offered_md5);
                found = offered && !strcmp(offered_type, line->type)
                        && !strcmp(offered_md5, line->md5);
            } else if (line->base64_len < sizeof b64) {
                memcpy(b64, line->base64, line->base64_len);
                b64[line->base64_len] = '\0';
                if (ssh_pki_import_pubkey_base64(b64, ssh_key_type_from_name(line->type),
                                                 &mine) == SSH_OK
                    && !ssh_key_cmp(mine, key, SSH_KEY_CMP_PUBLIC))
                    found = true;
            }
            ssh_key_free(mine);
            free(line);
        }
    }
    pthread_mutex_unlock(&srv->lock);
    return found;
}

static int
auth_pubkey(ssh_session session, const char *user, struct ssh_key_struct *key,
            char signature_state, void *arg)
{
    struct ssh_conn *c = arg;
    bool known;

    (void) session;
    if (c->give_up || c->authenticated)
        return SSH_AUTH_DENIED;
    if (telnet_login_blocked(c->srv->telnet, c->source)) {
        c->give_up = true;
        return SSH_AUTH_DENIED;
    }
    known = user_has_key(c->srv, user, key);
    /* A key offered without a signature is only asked about: no failure. */
    if (signature_state == SSH_PUBLICKEY_STATE_NONE)
        return known ? SSH_AUTH_SUCCESS : SSH_AUTH_DENIED;
    if (signature_state != SSH_PUBLICKEY_STATE_VALID || !known) {
        auth_failed(c, user);
        return SSH_AUTH_DENIED;
    }
    auth_succeeded(c, user);
    return SSH_AUTH_SUCCESS;
}

/* ---------------------------------------------------------------- channels */

/* (ssh_is_connected() says false for a server's sessions.) */
static bool
session_alive(ssh_session session)
{
    return !(ssh_get_status(session) & (SSH_CLOSED | SSH_CLOSED_ERROR));
}

static int
on_channel_pty(ssh_session session, ssh_channel channel, const char *term, int width,
            int height, int pxwidth, int pxheight, void *arg)
{
    struct ssh_conn *c = arg;

    (void) session; (void) channel; (void) term; (void) width; (void) height;
    (void) pxwidth; (void) pxheight;
    c->pty = true;
    return 0;
}

static int
on_window_change(ssh_session session, ssh_channel channel, int width, int height,
                      int pxwidth, int pxheight, void *arg)
{
    (void) session; (void) channel; (void) width; (void) height; (void) pxwidth;
    (void) pxheight; (void) arg;
    return 0;                       /* libcli knows no window size */
}

static int
on_channel_shell(ssh_session session, ssh_channel channel, void *arg)
{
    struct ssh_conn *c = arg;

    (void) session; (void) channel;
    if (c->request != REQ_NONE)
        return 1;
    c->request = REQ_SHELL;
    return 0;
}

static int
on_channel_exec(ssh_session session, ssh_channel channel, const char *command, void *arg)
{
    struct ssh_conn *c = arg;

    (void) session; (void) channel;
    if (c->request != REQ_NONE || !(c->exec_line = strdup(command)))
        return 1;
    c->request = REQ_EXEC;
    return 0;
}

/* Client bytes for libcli: 0xff doubled (telnet's IAC IAC), a lone LF
 * made the CR that ends a line (netmiko sends "\n"), the LF of CR LF
 * dropped.  'out' has room for 2 * len bytes; returns how many it got. */
static size_t
to_libcli(struct ssh_conn *c, const unsigned char *in, size_t len, unsigned char *out)
{
    size_t n = 0;

    for (size_t i = 0; i < len; i++) {
        unsigned char b = in[i];

        if (b == 0xff) {
            out[n++] = 0xff;
            out[n++] = 0xff;
        } else if (b == '\n') {
            if (!c->last_cr)
                out[n++] = '\r';
        } else {
            out[n++] = b;
        }
        c->last_cr = b == '\r';
    }
    return n;
}

/* Moves client input to libcli as far as the socketpair takes it.  The
 * channel has no data callback: what the client sends waits in libssh's
 * buffer (its window bounds it) until read here, and what the socketpair
 * does not take waits in c->in_buf, tried again on the next round.  (A
 * data callback that returned less than it was given was never called
 * again for that data unless more came, and no more came once the window
 * was used up: a paste larger than the socketpair's buffer, which libcli
 * reads a byte at a time, hung the session for good.)  Returns whether
 * input is left waiting for room. */
static bool
feed_libcli(struct ssh_conn *c)
{
    for (;;) {
        ssize_t w;

        if (c->in_off == c->in_len) {
            unsigned char raw[sizeof c->in_buf / 2];
            int n = ssh_channel_read_nonblocking(c->channel, raw, sizeof raw, 0);

            if (n <= 0)
                return false;
            c->in_len = to_libcli(c, raw, (size_t) n, c->in_buf);
            c->in_off = 0;
            continue;
        }
        w = send(c->pair, c->in_buf + c->in_off, c->in_len - c->in_off,
                 MSG_DONTWAIT | MSG_NOSIGNAL);
        if (w <= 0)
            return w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR);
        c->in_off += (size_t) w;
    }
}

/* EOF: no more input (`ssh switch < script`), but the output of what was
 * sent is still to come; libcli reads the end after the last line. */
static void
on_channel_eof(ssh_session session, ssh_channel channel, void *arg)
{
    struct ssh_conn *c = arg;

    (void) session; (void) channel;
    c->client_eof = true;
}

static void
on_channel_close(ssh_session session, ssh_channel channel, void *arg)
{
    struct ssh_conn *c = arg;

    (void) session; (void) channel;
    c->client_ended = true;
}

static ssh_channel
on_channel_open(ssh_session session, void *arg)
{
    struct ssh_conn *c = arg;

    if (!c->authenticated || c->channel)
        return NULL;                /* one session channel per connection */
    if (!(c->channel = ssh_channel_new(session)))
        return NULL;
    c->channel_cb = (struct ssh_channel_callbacks_struct) {
        .userdata = c,
        .channel_eof_function = on_channel_eof,
        .channel_close_function = on_channel_close,
        .channel_pty_request_function = on_channel_pty,
        .channel_shell_request_function = on_channel_shell,
        .channel_pty_window_change_function = on_window_change,
        .channel_exec_request_function = on_channel_exec,
    };
    ssh_callbacks_init(&c->channel_cb);
    ssh_set_channel_callbacks(c->channel, &c->channel_cb);
    return c->channel;
}

/* libcli's output for the client: telnet commands taken out (IAC WILL/
 * WONT/DO/DONT x, IAC SB ... IAC SE, other IAC x), IAC IAC made 0xff. */
enum { IAC_NONE, IAC_SEEN, IAC_OPTION, IAC_SB, IAC_SB_IAC };

static size_t
filter_telnet(struct ssh_conn *c, unsigned char *buf, size_t len)
{
    size_t n = 0;

    for (size_t i = 0; i < len; i++) {
        unsigned char b = buf[i];

        switch (c->iac) {
        case IAC_NONE:
            if (b == 0xff)
                c->iac = IAC_SEEN;
            else
                buf[n++] = b;
            break;
        case IAC_SEEN:
            if (b == 0xff) {
                buf[n++] = b;
                c->iac = IAC_NONE;
            } else if (b >= 251 && b <= 254) {
                c->iac = IAC_OPTION;
            } else {
                c->iac = b == 250 ? IAC_SB : IAC_NONE;
            }
            break;
        case IAC_OPTION:
            c->iac = IAC_NONE;
            break;
        case IAC_SB:
            if (b == 0xff)
                c->iac = IAC_SB_IAC;
            break;
        case IAC_SB_IAC:
            c->iac = b == 240 ? IAC_NONE : IAC_SB;
            break;
        }
    }
    return n;
}

static int
pair_readable(socket_t fd, int revents, void *arg)
{
    struct ssh_conn *c = arg;
    unsigned char buf[PUMP_BUF];
    ssize_t n;

    (void) revents;
    n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        c->cli_ended = true;
        return 0;
    }
    if (n > 0) {
        size_t out = filter_telnet(c, buf, (size_t) n);

        if (out && ssh_channel_write(c->channel, buf, (uint32_t) out) == SSH_ERROR)
            c->client_ended = true;
    }
    return 0;
}

struct cli_thread_arg {
    struct ssh_conn *c;
    int fd;
};

static void *
cli_thread(void *arg_)
{
    struct cli_thread_arg *arg = arg_;

    telnet_serve_logged_in(arg->c->srv->telnet, arg->fd, arg->c->user, arg->c->source,
                           arg->c->local_port);
    return NULL;
}

/* The shell channel: libcli on a thread of its own; this one pumps. */
static void
run_shell(struct ssh_conn *c, ssh_event event)
{
    int sv[2];
    pthread_t tid;
    struct cli_thread_arg arg;

    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
        log_warn("ssh: cannot start a session for %s: %s", c->source, strerror(errno));
        return;
    }
    arg = (struct cli_thread_arg) { c, sv[1] };
    if ((errno = pthread_create(&tid, NULL, cli_thread, &arg))) {
        log_warn("ssh: cannot start a session for %s: %s", c->source, strerror(errno));
        close(sv[0]);
        close(sv[1]);
        return;
    }
    c->pair = sv[0];
    ssh_event_add_fd(event, c->pair, POLLIN, pair_readable, c);
    while (!c->cli_ended && !c->client_ended && session_alive(c->session)
           && ssh_channel_is_open(c->channel)) {
        bool waiting = feed_libcli(c);

        /* EOF once libcli has every byte sent before it. */
        if (c->client_eof && !c->eof_passed && !waiting && c->in_off == c->in_len
            && ssh_channel_poll(c->channel, 0) <= 0) {
            shutdown(c->pair, SHUT_WR);
            c->eof_passed = true;
        }
        /* Input waiting for libcli to read: look again soon (the
         * socketpair's room is not among the events watched). */
        if (ssh_event_dopoll(event, waiting ? 20 : 1000) == SSH_ERROR)
            break;
    }
    ssh_event_remove_fd(event, c->pair);
    /* libcli reads the end and returns, if it has not already. */
    shutdown(c->pair, SHUT_RDWR);
    pthread_join(tid, NULL);
    close(c->pair);
    c->pair = -1;
}

static void
exec_emit(struct shell_session *s, enum shell_line kind, const char *text)
{
    FILE *out = shell_session_arg(s);

    (void) kind;
    fputs(text, out);
    fputc('\n', out);
}

/* The exec channel: one line at the user's privilege (user EXEC), as swsh
 * -c runs one; its output and exit status back. */
static void
run_exec(struct ssh_conn *c)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    struct shell_session *s;
    enum shell_status status = SHELL_FAILED;

    if (!out)
        return;
    if ((s = shell_session_create(c->srv->shell, false, exec_emit, NULL, out))) {
        shell_session_set_identity(s, c->user, c->source);
        status = shell_run_line(s, c->exec_line);
        shell_session_destroy(s);
    } else {
        fputs("% Out of memory\n", out);
    }
    fclose(out);
    for (size_t off = 0; off < len && off < EXEC_OUT_MAX; ) {
        uint32_t n = len - off > 65536 ? 65536 : (uint32_t) (len - off);
        int w = ssh_channel_write(c->channel, buf + off, n);

        if (w <= 0)
            break;
        off += (size_t) w;
    }
    free(buf);
    ssh_channel_request_send_exit_status(c->channel,
                                         status == SHELL_OK || status == SHELL_QUIT ? 0 : 1);
}

/* ----------------------------------------------------------- connections */

static void
conn_list_remove(struct ssh_conn *c)
{
    struct ssh_server *srv = c->srv;

    pthread_mutex_lock(&srv->lock);
    if (c->prev)
        c->prev->next = c->next;
    else if (srv->conns == c)
        srv->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    pthread_mutex_unlock(&srv->lock);
}

static void
note_algorithms(struct ssh_conn *c)
{
    const char *ci = ssh_get_cipher_in(c->session), *co = ssh_get_cipher_out(c->session);
    const char *hi = ssh_get_hmac_in(c->session), *ho = ssh_get_hmac_out(c->session);

    pthread_mutex_lock(&c->srv->lock);
    snprintf(c->info.cipher_in, sizeof c->info.cipher_in, "%s", ci ? ci : "-");
    snprintf(c->info.cipher_out, sizeof c->info.cipher_out, "%s", co ? co : "-");
    snprintf(c->info.hmac_in, sizeof c->info.hmac_in, "%s", hi ? hi : "-");
    snprintf(c->info.hmac_out, sizeof c->info.hmac_out, "%s", ho ? ho : "-");
    snprintf(c->info.state, sizeof c->info.state, "Authenticating");
    pthread_mutex_unlock(&c->srv->lock);
    log_info("%%SSH-5-SSH2_SESSION: SSH2 Session request from %s (tty = %u) using crypto"
             " cipher '%s', hmac '%s' Succeeded", c->source, c->id, co ? co : "-",
             ho ? ho : "-");
}

static void *
ssh_thread(void *arg)
{
    struct ssh_conn *c = arg;
    struct ssh_server *srv = c->srv;
    ssh_event event = NULL;
    long timeout_s;
    int64_t deadline;
    int fd = -1, rc;

    pthread_mutex_lock(&srv->lock);
    timeout_s = srv->timeout_s ? srv->timeout_s : CONFIG_SSH_TIMEOUT_DEFAULT_S;
    pthread_mutex_unlock(&srv->lock);
    deadline = now_ms() + timeout_s * 1000;
    if (!(c->session = ssh_new()) || (fd = dup(c->fd)) < 0)
        goto out;
    ssh_options_set(c->session, SSH_OPTIONS_TIMEOUT, &timeout_s);
    pthread_mutex_lock(&srv->lock);
    rc = ssh_bind_accept_fd(srv->bind, c->session, fd);
    pthread_mutex_unlock(&srv->lock);
    if (rc != SSH_OK) {
        log_warn("ssh: cannot serve %s: %s", c->source, ssh_get_error(srv->bind));
        close(fd);
        goto out;
    }
    c->server_cb = (struct ssh_server_callbacks_struct) {
        .userdata = c,
        .auth_password_function = auth_password,
        .auth_pubkey_function = auth_pubkey,
        .channel_open_request_session_function = on_channel_open,
    };
    ssh_callbacks_init(&c->server_cb);
    ssh_set_server_callbacks(c->session, &c->server_cb);
    ssh_set_auth_methods(c->session, SSH_AUTH_METHOD_PASSWORD | SSH_AUTH_METHOD_PUBLICKEY);
    if (ssh_handle_key_exchange(c->session) != SSH_OK) {
        log_debug("ssh: key exchange with %s failed: %s", c->source,
                  ssh_get_error(c->session));
        goto out;
    }
    note_algorithms(c);
    if (!(event = ssh_event_new()) || ssh_event_add_session(event, c->session) != SSH_OK)
        goto out;
    /* Authentication and the channel request, within cli.ssh.timeout_s. */
    while (!c->give_up && (!c->authenticated || !c->channel || c->request == REQ_NONE)) {
        int64_t left = deadline - now_ms();

        if (left <= 0) {
            log_warn("ssh: %s from %s timed out after %ld s", c->authenticated
                     ? "channel request" : "authentication", c->source, timeout_s);
            goto out;
        }
        if (ssh_event_dopoll(event, left > 1000 ? 1000 : (int) left) == SSH_ERROR
            || !session_alive(c->session))
            goto out;
    }
    if (c->give_up) {
        log_warn("ssh: %s: too many failed logins, connection closed", c->source);
        goto out;
    }
    if (c->request == REQ_SHELL)
        run_shell(c, event);
    else
        run_exec(c);
    if (ssh_channel_is_open(c->channel) && !c->client_ended) {
        if (c->request == REQ_SHELL)
            ssh_channel_request_send_exit_status(c->channel, 0);
        ssh_channel_send_eof(c->channel);
        ssh_channel_close(c->channel);
        /* The client's CLOSE before we disconnect, as OpenSSH's sshd
         * waits for it: OpenSSH's client sends its DISCONNECT next, and
         * on a socket already closed it exits 255, not the status. */
        for (int64_t end = now_ms() + CLOSE_WAIT_MS; !c->client_ended
             && session_alive(c->session); ) {
            int64_t left = end - now_ms();

            if (left <= 0 || ssh_event_dopoll(event, (int) left) == SSH_ERROR)
                break;
        }
    }
out:
    if (c->authenticated)
        log_info("%%SSH-5-SSH2_CLOSE: SSH2 Session from %s (tty = %u) for user '%s' using"
                 " crypto cipher '%s', hmac '%s' closed", c->source, c->id, c->user,
                 c->info.cipher_out, c->info.hmac_out);
    log_debug("ssh: connection from %s ended (%s)", c->source,
              c->session ? ssh_get_error(c->session) : "no session");
    if (event) {
        if (c->session)
            ssh_event_remove_session(event, c->session);
        ssh_event_free(event);
    }
    if (c->session) {
        ssh_disconnect(c->session);
        ssh_free(c->session);       /* frees the channel too */
    }
    free(c->exec_line);
    conn_list_remove(c);
    session_threads_finished(srv->sessions, c->fd);
    free(c);
    return NULL;
}

static void
refuse(struct ssh_server *srv, int cfd, const char *source, const char *why)
{
    close(cfd);
    session_threads_log_refusal(srv->sessions, "ssh", why);
    (void) source;
}

static void
server_accept(struct loop *loop, int fd, uint32_t events, void *arg)
{
    struct ssh_server *srv = arg;
    int cfd = session_threads_accept(srv->sessions, fd, "ssh"), one = 1, error;
    struct sockaddr_storage ss = { 0 };
    socklen_t len = sizeof ss;
    char source[INET6_ADDRSTRLEN], why[160];
    enum config_transport transport;
    struct ssh_conn *c;
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
    pthread_mutex_lock(&srv->lock);
    transport = srv->transport;
    pthread_mutex_unlock(&srv->lock);
    if (transport == CONFIG_TRANSPORT_TELNET || transport == CONFIG_TRANSPORT_NONE) {
        snprintf(why, sizeof why, "client from %s: transport input %s", source,
                 transport == CONFIG_TRANSPORT_TELNET ? "telnet" : "none");
        refuse(srv, cfd, source, why);
        return;
    }
    if (!shell_logins_required(srv->shell)) {
        snprintf(why, sizeof why, "client from %s: no login configured (`username NAME"
                 " secret PASSWORD`; swsh needs none)", source);
        refuse(srv, cfd, source, why);
        return;
    }
    if ((quiet = telnet_login_blocked(srv->telnet, source))) {
        snprintf(why, sizeof why, "client from %s: quiet mode (login block-for) for %u more"
                 " seconds", source, quiet);
        refuse(srv, cfd, source, why);
        return;
    }
    setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (!(c = calloc(1, sizeof *c))) {
        close(cfd);
        return;
    }
    c->srv = srv;
    c->fd = cfd;
    c->pair = -1;
    snprintf(c->source, sizeof c->source, "%s", source);
    len = sizeof ss;
    if (getsockname(cfd, (struct sockaddr *) &ss, &len) == 0)
        vty_address_text(&ss, source, sizeof source, &c->local_port);
    pthread_mutex_lock(&srv->lock);
    c->id = c->info.id = srv->next_id++;
    snprintf(c->info.state, sizeof c->info.state, "Key exchange");
    c->next = srv->conns;
    if (c->next)
        c->next->prev = c;
    srv->conns = c;
    pthread_mutex_unlock(&srv->lock);
    error = session_threads_start(srv->sessions, cfd, ssh_thread, c);
    if (error) {
        conn_list_remove(c);
        snprintf(why, sizeof why, "client from %s: %s", c->source,
                 error == EAGAIN ? "too many sessions" : strerror(error));
        free(c);
        refuse(srv, cfd, NULL, why);
    }
}

static void
ssh_tick(struct loop *loop, int fd, uint32_t events, void *arg)
{
    struct ssh_server *srv = arg;
    uint64_t ticks;
    ssize_t n = read(fd, &ticks, sizeof ticks);

    (void) loop; (void) events; (void) n;
    session_threads_reap(srv->sessions);
}

/* ------------------------------------------------- the shell's questions */

static void
ops_listening(void *arg, char *buf, size_t size)
{
    struct ssh_server *srv = arg;

    /* 'listen' changes on the loop thread, which runs `show ip ssh`. */
    snprintf(buf, size, "%s", srv->listener.listen);
}

static size_t
ops_connections(void *arg, struct shell_ssh_conn *out, size_t max)
{
    struct ssh_server *srv = arg;
    size_t n = 0;

    pthread_mutex_lock(&srv->lock);
    for (struct ssh_conn *c = srv->conns; c && n < max; c = c->next)
        out[n++] = c->info;
    pthread_mutex_unlock(&srv->lock);
    /* Oldest first, as IOS lists them. */
    for (size_t i = 0; i < n / 2; i++) {
        struct shell_ssh_conn t = out[i];
        out[i] = out[n - 1 - i];
        out[n - 1 - i] = t;
    }
    return n;
}

static size_t
ops_host_keys(void *arg, struct shell_ssh_host_key *out, size_t max)
{
    struct ssh_server *srv = arg;
    size_t n = 0;

    pthread_mutex_lock(&srv->lock);
    for (size_t i = 0; i < 2 && n < max; i++)
        if (srv->keys[i].type[0])
            out[n++] = srv->keys[i];
    pthread_mutex_unlock(&srv->lock);
    return n;
}

static int
ops_generate_rsa(void *arg, unsigned bits, char *err, size_t err_size)
{
    struct ssh_server *srv = arg;
    char path[4200];
    ssh_key key = NULL;
    struct shell_ssh_host_key info;
    int error;

    snprintf(path, sizeof path, "%s/%s", srv->state_dir, RSA_FILE);
    if (ssh_pki_generate(SSH_KEYTYPE_RSA, (int) bits, &key) != SSH_OK) {
        snprintf(err, err_size, "cannot make an RSA key of %u bits", bits);
        return EIO;
    }
    if ((error = save_key(key, path, true, err, err_size))) {
        ssh_key_free(key);
        return error;
    }
    key_info(key, "ssh-rsa", &info);
    pthread_mutex_lock(&srv->lock);
    /* The bind takes the key; sessions accepted from now on use it. */
    if (ssh_bind_options_set(srv->bind, SSH_BIND_OPTIONS_IMPORT_KEY, key) == SSH_OK) {
        srv->keys[1] = info;
        key = NULL;
    }
    pthread_mutex_unlock(&srv->lock);
    if (key) {
        ssh_key_free(key);
        snprintf(err, err_size, "the new RSA key is saved in %s but not in use until"
                 " switchd restarts", path);
        return EIO;
    }
    log_info("ssh: new RSA host key of %u bits (%s) in %s", bits, info.fingerprint, path);
    return 0;
}

static const struct shell_ssh_ops ssh_ops = {
    .listening = ops_listening,
    .connections = ops_connections,
    .host_keys = ops_host_keys,
    .generate_rsa = ops_generate_rsa,
};

/* ------------------------------------------------ configuration changes */

static int
ssh_prepare(void *arg, const struct switch_config *cfg, char *err, size_t err_size)
{
    return vty_listener_prepare(&((struct ssh_server *) arg)->listener, cfg->ssh.listen, err,
                                err_size);
}

static void
ssh_abort(void *arg)
{
    vty_listener_abort(&((struct ssh_server *) arg)->listener);
}

/* The users and settings sessions follow. */
static void
take_settings(struct ssh_server *srv, const struct switch_config *cfg)
{
    struct ssh_user *users = calloc(cfg->n_users ? cfg->n_users : 1, sizeof *users);

    pthread_mutex_lock(&srv->lock);
    if (users) {
        for (size_t i = 0; i < cfg->n_users; i++) {
            snprintf(users[i].name, sizeof users[i].name, "%s", cfg->users[i].name);
            users[i].n_keys = cfg->users[i].n_ssh_keys;
            memcpy(users[i].keys, cfg->users[i].ssh_keys, sizeof users[i].keys);
        }
        free(srv->users);
        srv->users = users;
        srv->n_users = cfg->n_users;
    }
    srv->timeout_s = cfg->ssh.timeout_s;
    srv->retries = cfg->ssh.auth_retries;
    srv->transport = cfg->transport_input;
    pthread_mutex_unlock(&srv->lock);
}

static void
ssh_commit(void *arg, const struct switch_config *cfg)
{
    struct ssh_server *srv = arg;

    take_settings(srv, cfg);
    vty_listener_commit(&srv->listener, cfg->ssh.listen);
}

/* ------------------------------------------------------------ life cycle */

int
ssh_listen(const struct switch_config *cfg, int *fd, char *err, size_t err_size)
{
    *fd = -1;
    return cfg->ssh.listen[0] ? vty_listen_socket(cfg->ssh.listen, "ssh", fd, err, err_size)
                              : 0;
}

/* The bind: algorithms and the two host keys. */
static int
make_bind(struct ssh_server *srv, unsigned rsa_bits, char *err, size_t err_size)
{
    static const struct { enum ssh_bind_options_e option; const char *value; } algorithms[] = {
        { SSH_BIND_OPTIONS_KEY_EXCHANGE, SSH_KEX },
        { SSH_BIND_OPTIONS_CIPHERS_C_S, SSH_CIPHERS },
        { SSH_BIND_OPTIONS_CIPHERS_S_C, SSH_CIPHERS },
        { SSH_BIND_OPTIONS_HMAC_C_S, SSH_HMACS },
        { SSH_BIND_OPTIONS_HMAC_S_C, SSH_HMACS },
        { SSH_BIND_OPTIONS_HOSTKEY_ALGORITHMS, SSH_HOSTKEYS },
        { SSH_BIND_OPTIONS_PUBKEY_ACCEPTED_KEY_TYPES, SSH_PUBKEY_ALGORITHMS },
    };
    bool no = false;
    ssh_key ed = NULL, rsa = NULL;
    int error;

    if (mkdir(srv->state_dir, 0700) < 0 && errno != EEXIST) {
        error = errno;
        snprintf(err, err_size, "ssh: cannot make the state directory %s: %s", srv->state_dir,
                 strerror(error));
        return error;
    }
    if ((error = load_key(srv, ED25519_FILE, SSH_KEYTYPE_ED25519, 256, &ed, err, err_size))
        || (error = load_key(srv, RSA_FILE, SSH_KEYTYPE_RSA, rsa_bits, &rsa, err, err_size)))
        goto err;
    key_info(ed, "ssh-ed25519", &srv->keys[0]);
    key_info(rsa, "ssh-rsa", &srv->keys[1]);
    if (!(srv->bind = ssh_bind_new())) {
        snprintf(err, err_size, "ssh: out of memory");
        error = ENOMEM;
        goto err;
    }
    ssh_bind_options_set(srv->bind, SSH_BIND_OPTIONS_PROCESS_CONFIG, &no);
    for (size_t i = 0; i < sizeof algorithms / sizeof algorithms[0]; i++) {
        if (ssh_bind_options_set(srv->bind, algorithms[i].option, algorithms[i].value) < 0) {
            snprintf(err, err_size, "ssh: libssh refuses the algorithms %s: %s",
                     algorithms[i].value, ssh_get_error(srv->bind));
            error = EINVAL;
            goto err;
        }
    }
    if (ssh_bind_options_set(srv->bind, SSH_BIND_OPTIONS_IMPORT_KEY, ed) < 0) {
        snprintf(err, err_size, "ssh: %s", ssh_get_error(srv->bind));
        error = EINVAL;
        goto err;
    }
    ed = NULL;                      /* the bind's now */
    if (ssh_bind_options_set(srv->bind, SSH_BIND_OPTIONS_IMPORT_KEY, rsa) < 0) {
        snprintf(err, err_size, "ssh: %s", ssh_get_error(srv->bind));
        error = EINVAL;
        goto err;
    }
    return 0;

err:
    ssh_key_free(ed);
    ssh_key_free(rsa);
    return error;
}

struct ssh_server *
ssh_create(struct loop *loop, struct shell *shell, struct switch_state *sw,
           struct telnet *telnet, const char *state_dir, int fd, char *err, size_t err_size)
{
    const struct switch_config *cfg = state_config(sw);
    struct ssh_server *srv = calloc(1, sizeof *srv);
    struct state_hook hook;
    char why[128];

    if (!srv || !(srv->sessions = session_threads_create(loop, SSH_MAX_SESSIONS))) {
        free(srv);
        snprintf(err, err_size, "ssh: out of memory");
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    srv->loop = loop;
    srv->shell = shell;
    srv->telnet = telnet;
    srv->timer_fd = -1;
    vty_listener_init(&srv->listener, loop, "ssh", server_accept, srv);
    snprintf(srv->state_dir, sizeof srv->state_dir, "%s", state_dir);
    pthread_mutex_init(&srv->lock, NULL);
    take_settings(srv, cfg);
    ssh_init();
    if (make_bind(srv, cfg->ssh.rsa_modulus ? cfg->ssh.rsa_modulus
                                            : CONFIG_SSH_RSA_MODULUS_DEFAULT, err, err_size))
        goto err;
    if ((srv->timer_fd = vty_tick_start(loop, ssh_tick, srv)) < 0) {
        snprintf(err, err_size, "ssh: timer: %s", strerror(errno));
        goto err;
    }
    if (fd >= 0) {
        int r = vty_listener_start(&srv->listener, fd, cfg->ssh.listen, err, err_size);

        fd = -1;
        if (r)
            goto err;
    }
    hook = (struct state_hook) { ssh_prepare, ssh_commit, ssh_abort, srv };
    if (state_add_hook(sw, &hook, why, sizeof why)) {
        snprintf(err, err_size, "ssh: %s", why);
        goto err;
    }
    shell_ssh_register(&ssh_ops, srv);
    return srv;

err:
    if (fd >= 0)
        close(fd);
    ssh_destroy(srv);
    return NULL;
}

void
ssh_destroy(struct ssh_server *srv)
{
    if (!srv)
        return;
    shell_ssh_register(NULL, NULL);
    vty_listener_close(&srv->listener);
    vty_tick_stop(srv->loop, srv->timer_fd);
    session_threads_destroy(srv->sessions);
    if (srv->bind)
        ssh_bind_free(srv->bind);
    free(srv->users);
    pthread_mutex_destroy(&srv->lock);
    free(srv);
    ssh_finalize();
}
