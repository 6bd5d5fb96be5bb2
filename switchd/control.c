#include "control.h"

#include <errno.h>
#include <jansson.h>
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
#include "log.h"
#include "loop.h"
#include "state.h"

#define CONTROL_MAX_CLIENTS 64

struct client {
    struct control *ctl;
    int fd;
    char in[CONTROL_LINE_MAX];      /* bytes of an unfinished line */
    size_t in_len;
    char *out;                      /* reply bytes not yet written */
    size_t out_len, out_size, out_pos;
    struct client *next;
};

struct control {
    struct loop *loop;
    struct switch_state *sw;
    int fd;                         /* listening socket */
    char path[sizeof ((struct sockaddr_un *) 0)->sun_path];
    struct client *clients;
    unsigned n_clients;
};

/* Reply buffer. */

static void
out_append(struct client *c, const char *text, size_t len)
{
    if (c->out_len + len > c->out_size) {
        size_t size = c->out_size ? c->out_size : 4096;
        while (size < c->out_len + len)
            size *= 2;
        char *out = realloc(c->out, size);
        if (!out)
            return;                 /* the reply is cut short; the client sees no end */
        c->out = out;
        c->out_size = size;
    }
    memcpy(c->out + c->out_len, text, len);
    c->out_len += len;
}

/* Appends one reply line per line of 'text' with code 'code'; 'last'
 * marks the final line of the reply. */
static void
reply(struct client *c, enum control_code code, bool last, const char *fmt, ...)
{
    char *text;
    va_list args;
    int n;

    va_start(args, fmt);
    n = vasprintf(&text, fmt, args);
    va_end(args);
    if (n < 0)
        return;
    for (char *line = text, *end; ; line = end + 1) {
        char prefix[8];
        end = strchr(line, '\n');
        bool final = last && (!end || !end[1]);
        snprintf(prefix, sizeof prefix, "%04d%c", code, final ? ' ' : '-');
        out_append(c, prefix, 5);
        out_append(c, line, end ? (size_t) (end - line) : strlen(line));
        out_append(c, "\n", 1);
        if (!end || !end[1])
            break;
    }
    free(text);
}

static void
reply_done(struct client *c)
{
    reply(c, CONTROL_DONE, true, "ok");
}

/* Commands. */

static const char *
port_state(const struct port *p)
{
    return bridge_port_is_enabled(p->bridge->core, p->port_no) ? "up" : "down";
}

static uint64_t
total_drops(const struct bridge_port_stats *s)
{
    uint64_t n = 0;

    for (int i = 0; i < BRIDGE_N_DROPS; i++)
        n += s->drops[i];
    return n;
}

static void
cmd_show_ports(struct client *c)
{
    struct switch_state *sw = c->ctl->sw;

    reply(c, CONTROL_OUTPUT, false, "%-15s %-15s %-8s %6s %-5s %12s %14s %12s %14s %10s",
          "BRIDGE", "PORT", "TYPE", "OFPORT", "STATE", "RX_FRAMES", "RX_BYTES",
          "TX_FRAMES", "TX_BYTES", "DROPS");
    for (size_t i = 0; i < sw->n_ports; i++) {
        const struct port *p = sw->ports[i];
        const struct bridge_port_stats *s = bridge_port_stats(p->bridge->core, p->port_no);

        reply(c, CONTROL_OUTPUT, false,
              "%-15s %-15s %-8s %6u %-5s %12llu %14llu %12llu %14llu %10llu",
              p->bridge->name, p->name, p->class->type, p->ofport, port_state(p),
              (unsigned long long) s->rx_frames, (unsigned long long) s->rx_bytes,
              (unsigned long long) s->tx_frames, (unsigned long long) s->tx_bytes,
              (unsigned long long) (total_drops(s) + p->os.tx_errors + p->os.rx_errors));
    }
    reply_done(c);
}

static uint32_t
collect_macs(struct sw_bridge *b, struct mac_entry_info **out)
{
    struct mac_table *t = bridge_mac_table(b->core);
    uint32_t n = mac_table_count(t);

    *out = calloc(n ? n : 1, sizeof **out);
    return *out ? mac_table_collect(t, *out, n) : 0;
}

static void
cmd_show_mac(struct client *c)
{
    struct switch_state *sw = c->ctl->sw;

    reply(c, CONTROL_OUTPUT, false, "%-15s %4s  %-17s  %-15s %s",
          "BRIDGE", "VLAN", "MAC", "PORT", "TYPE");
    for (size_t i = 0; i < sw->n_bridges; i++) {
        struct sw_bridge *b = &sw->bridges[i];
        struct mac_entry_info *macs;
        uint32_t n = collect_macs(b, &macs);

        for (uint32_t j = 0; j < n; j++) {
            char mac[ETH_ADDR_STR_SIZE];
            reply(c, CONTROL_OUTPUT, false, "%-15s %4u  %-17s  %-15s %s", b->name,
                  macs[j].vid, eth_addr_format(macs[j].mac, mac),
                  b->ports[macs[j].port]->name, macs[j].is_static ? "static" : "dynamic");
        }
        free(macs);
    }
    reply_done(c);
}

static json_t *
port_json(const struct port *p)
{
    const struct vlan_port *v = bridge_port_vlan(p->bridge->core, p->port_no);
    const struct bridge_port_stats *s = bridge_port_stats(p->bridge->core, p->port_no);
    char allowed[VLAN_SET_STR_MAX];
    json_t *drops = json_object();

    vlan_set_format(&v->allowed, allowed, sizeof allowed);
    for (int i = 0; i < BRIDGE_N_DROPS; i++)
        json_object_set_new(drops, bridge_drop_name(i), json_integer(s->drops[i]));
    json_object_set_new(drops, "rx-error", json_integer(p->os.rx_errors));
    json_object_set_new(drops, "tx-error", json_integer(p->os.tx_errors));
    return json_pack("{s:s, s:s, s:i, s:b, s:s, s:i, s:o, s:b, s:s, s:s, s:{s:I, s:I, s:I, s:I, s:o}}",
                     "name", p->name, "type", p->class->type, "ofport", p->ofport,
                     "enabled", bridge_port_is_enabled(p->bridge->core, p->port_no),
                     "mode", v->mode == VLAN_MODE_ACCESS ? "access" : "trunk",
                     "access_vlan", v->access_vid,
                     "native_vlan", v->native_vid ? json_integer(v->native_vid) : json_null(),
                     "native_tagged", v->native_tagged,
                     "allowed_vlans", allowed, "peer", p->peer ? p->peer->name : "",
                     "stats", "rx_frames", (json_int_t) s->rx_frames,
                     "rx_bytes", (json_int_t) s->rx_bytes, "tx_frames", (json_int_t) s->tx_frames,
                     "tx_bytes", (json_int_t) s->tx_bytes, "drops", drops);
}

static void
cmd_show_json(struct client *c)
{
    struct switch_state *sw = c->ctl->sw;
    json_t *bridges = json_array();

    for (size_t i = 0; i < sw->n_bridges; i++) {
        struct sw_bridge *b = &sw->bridges[i];
        json_t *ports = json_array(), *macs_json = json_array();
        struct mac_entry_info *macs;
        uint32_t n = collect_macs(b, &macs);

        for (uint16_t j = 0; j < b->n_ports; j++)
            if (b->ports[j])
                json_array_append_new(ports, port_json(b->ports[j]));
        for (uint32_t j = 0; j < n; j++) {
            char mac[ETH_ADDR_STR_SIZE];
            json_array_append_new(macs_json, json_pack("{s:i, s:s, s:s, s:b}",
                                  "vlan", macs[j].vid, "mac", eth_addr_format(macs[j].mac, mac),
                                  "port", b->ports[macs[j].port]->name,
                                  "static", macs[j].is_static));
        }
        free(macs);
        json_array_append_new(bridges, json_pack("{s:s, s:o, s:o}", "name", b->name,
                                                 "ports", ports, "macs", macs_json));
    }
    json_t *root = json_pack("{s:s, s:o, s:I}", "hostname", sw->hostname, "bridges", bridges,
                             "patch_loop_drops", (json_int_t) sw->patch_loop_drops);
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_SORT_KEYS);

    if (text)
        reply(c, CONTROL_OUTPUT, false, "%s", text);
    else
        reply(c, CONTROL_ERROR, true, "cannot render the state as JSON");
    free(text);
    json_decref(root);
    if (text)
        reply_done(c);
}

static const struct {
    const char *line;
    void (*exec)(struct client *);
} commands[] = {
    { "show ports", cmd_show_ports },
    { "show json", cmd_show_json },
    { "show mac", cmd_show_mac },
};

/* Runs one command line, collapsing runs of blanks first. */
static void
run_line(struct client *c, char *line)
{
    char words[CONTROL_LINE_MAX];
    size_t n = 0;

    for (char *tok = strtok(line, " \t\r"); tok; tok = strtok(NULL, " \t\r"))
        n += snprintf(words + n, sizeof words - n, "%s%s", n ? " " : "", tok);
    words[n] = '\0';
    if (!n)
        return;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (!strcmp(words, commands[i].line)) {
            commands[i].exec(c);
            return;
        }
    }
    reply(c, CONTROL_SYNTAX, true, "unknown command \"%s\"", words);
}

/* Clients. */

static void
client_destroy(struct client *c)
{
    struct control *ctl = c->ctl;

    for (struct client **p = &ctl->clients; *p; p = &(*p)->next) {
        if (*p == c) {
            *p = c->next;
            break;
        }
    }
    loop_unwatch_fd(ctl->loop, c->fd);
    close(c->fd);
    free(c->out);
    free(c);
    ctl->n_clients--;
}

/* Writes what the socket takes; returns false if the client is gone. */
static bool
client_flush(struct client *c)
{
    while (c->out_pos < c->out_len) {
        ssize_t n = send(c->fd, c->out + c->out_pos, c->out_len - c->out_pos,
                         MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN)
                break;
            return false;
        }
        c->out_pos += n;
    }
    if (c->out_pos == c->out_len)
        c->out_pos = c->out_len = 0;
    loop_modify_fd(c->ctl->loop, c->fd, c->out_len ? EPOLLIN | EPOLLOUT : EPOLLIN);
    return true;
}

static void
client_event(struct loop *loop, int fd, uint32_t events, void *arg)
{
    struct client *c = arg;

    (void) loop;
    if (events & EPOLLIN) {
        ssize_t n = recv(fd, c->in + c->in_len, sizeof c->in - c->in_len, MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN)) {
            client_destroy(c);
            return;
        }
        if (n > 0)
            c->in_len += n;
        char *nl;
        while ((nl = memchr(c->in, '\n', c->in_len))) {
            size_t used = nl - c->in + 1;
            *nl = '\0';
            run_line(c, c->in);
            memmove(c->in, c->in + used, c->in_len - used);
            c->in_len -= used;
        }
        if (c->in_len == sizeof c->in) {
            reply(c, CONTROL_SYNTAX, true, "line too long (at most %d bytes)",
                  CONTROL_LINE_MAX - 1);
            c->in_len = 0;
        }
    }
    if (!client_flush(c) || (events & (EPOLLHUP | EPOLLERR) && !(events & EPOLLIN)))
        client_destroy(c);
}

static void
control_accept(struct loop *loop, int fd, uint32_t events, void *arg)
{
    struct control *ctl = arg;
    int cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    struct client *c;

    (void) events;
    if (cfd < 0)
        return;
    if (ctl->n_clients >= CONTROL_MAX_CLIENTS || !(c = calloc(1, sizeof *c))) {
        log_warn("control: refusing a client (%u connected)", ctl->n_clients);
        close(cfd);
        return;
    }
    c->ctl = ctl;
    c->fd = cfd;
    if (loop_watch_fd(loop, cfd, EPOLLIN, client_event, c)) {
        close(cfd);
        free(c);
        return;
    }
    c->next = ctl->clients;
    ctl->clients = c;
    ctl->n_clients++;
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
control_create(struct loop *loop, struct switch_state *sw, const char *path,
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
    /* A socket file nobody answers on is left from a crash: replace it. */
    if (connect(fd, (struct sockaddr *) &sun, sizeof sun) == 0) {
        snprintf(err, err_size, "%s: another switchd is listening there", path);
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
    if (!ctl || loop_watch_fd(loop, fd, EPOLLIN, control_accept, ctl)) {
        snprintf(err, err_size, "control socket: out of memory");
        free(ctl);
        close(fd);
        unlink(path);
        return NULL;
    }
    ctl->loop = loop;
    ctl->sw = sw;
    ctl->fd = fd;
    snprintf(ctl->path, sizeof ctl->path, "%s", path);
    return ctl;
}

void
control_destroy(struct control *ctl)
{
    if (!ctl)
        return;
    while (ctl->clients)
        client_destroy(ctl->clients);
    loop_unwatch_fd(ctl->loop, ctl->fd);
    close(ctl->fd);
    unlink(ctl->path);
    free(ctl);
}
