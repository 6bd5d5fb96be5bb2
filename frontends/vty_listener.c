/* What telnet and SSH share: see vty_listener.h. */
#include "vty_listener.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "caps.h"
#include "log.h"

void
vty_listener_init(struct vty_listener *l, struct loop *loop, const char *who,
                  loop_fd_cb *accept, void *arg)
{
    *l = (struct vty_listener) { .loop = loop, .who = who, .accept = accept, .arg = arg,
                                 .fd = -1, .pending_fd = -1 };
}

int
vty_listen_socket(const char *spec, const char *who, int *fd_out, char *err, size_t err_size)
{
    struct sockaddr_storage ss = { 0 };
    char host[64];
    const char *colon = strrchr(spec, ':');
    socklen_t len;
    int fd, one = 1, port = colon ? atoi(colon + 1) : 0;

    if (!colon || port <= 0 || port > 65535 || (size_t) (colon - spec) >= sizeof host) {
        snprintf(err, err_size, "%s: invalid listen address \"%s\"", who, spec);
        return EINVAL;
    }
    memcpy(host, spec, colon - spec);
    host[colon - spec] = '\0';
    if (host[0] == '[') {
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *) &ss;
        size_t hl = strlen(host);
        if (hl < 2 || host[hl - 1] != ']') {
            snprintf(err, err_size, "%s: invalid listen address \"%s\"", who, spec);
            return EINVAL;
        }
        host[hl - 1] = '\0';
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons(port);
        if (inet_pton(AF_INET6, host + 1, &s6->sin6_addr) != 1) {
            snprintf(err, err_size, "%s: invalid listen address \"%s\"", who, spec);
            return EINVAL;
        }
        len = sizeof *s6;
    } else {
        struct sockaddr_in *s4 = (struct sockaddr_in *) &ss;
        s4->sin_family = AF_INET;
        s4->sin_port = htons(port);
        if (inet_pton(AF_INET, host, &s4->sin_addr) != 1) {
            snprintf(err, err_size, "%s: invalid listen address \"%s\"", who, spec);
            return EINVAL;
        }
        len = sizeof *s4;
    }
    fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        int error = errno;
        snprintf(err, err_size, "%s: socket: %s", who, strerror(error));
        return error;
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *) &ss, len) < 0 || listen(fd, 64) < 0) {
        int error = errno;
        char what[96];

        snprintf(what, sizeof what, "listen on %s (%s below port 1024)", spec, who);
        if (!caps_explain(error, CAPS_NET_BIND_SERVICE, what, err, err_size))
            snprintf(err, err_size, "%s: cannot listen on %s: %s", who, spec, strerror(error));
        close(fd);
        return error;
    }
    *fd_out = fd;
    return 0;
}

int
vty_listener_start(struct vty_listener *l, int fd, const char *spec, char *err, size_t err_size)
{
    int error = loop_watch_fd(l->loop, fd, EPOLLIN, l->accept, l->arg);

    if (error) {
        snprintf(err, err_size, "%s: epoll: %s", l->who, strerror(error));
        close(fd);
        return error;
    }
    l->fd = fd;
    snprintf(l->listen, sizeof l->listen, "%s", spec);
    log_info("%s: listening on %s", l->who, spec);
    return 0;
}

int
vty_listener_prepare(struct vty_listener *l, const char *spec, char *err, size_t err_size)
{
    l->pending_fd = -1;
    if (!strcmp(spec, l->listen) || !spec[0])
        return 0;
    return vty_listen_socket(spec, l->who, &l->pending_fd, err, err_size);
}

void
vty_listener_abort(struct vty_listener *l)
{
    if (l->pending_fd >= 0)
        close(l->pending_fd);
    l->pending_fd = -1;
}

/* Sessions already open stay; only the listener moves. */
void
vty_listener_commit(struct vty_listener *l, const char *spec)
{
    char err[256];

    if (!strcmp(spec, l->listen))
        return;
    if (l->fd >= 0) {
        loop_unwatch_fd(l->loop, l->fd);
        close(l->fd);
        l->fd = -1;
        log_info("%s: no longer listening on %s", l->who, l->listen);
    }
    l->listen[0] = '\0';
    if (l->pending_fd >= 0 && vty_listener_start(l, l->pending_fd, spec, err, sizeof err))
        log_error("%s", err);
    l->pending_fd = -1;
}

void
vty_listener_close(struct vty_listener *l)
{
    if (l->fd >= 0) {
        loop_unwatch_fd(l->loop, l->fd);
        close(l->fd);
    }
    l->fd = -1;
    vty_listener_abort(l);
}

void
vty_address_text(const struct sockaddr_storage *ss, char *buf, size_t size, unsigned *port)
{
    const void *addr = ss->ss_family == AF_INET6
                       ? (const void *) &((const struct sockaddr_in6 *) ss)->sin6_addr
                       : (const void *) &((const struct sockaddr_in *) ss)->sin_addr;

    *port = ntohs(ss->ss_family == AF_INET6 ? ((const struct sockaddr_in6 *) ss)->sin6_port
                                            : ((const struct sockaddr_in *) ss)->sin_port);
    if (!inet_ntop(ss->ss_family, addr, buf, size))
        snprintf(buf, size, "?");
}

void
vty_pause(int fd, unsigned seconds)
{
    int64_t end = loop_now_ms() + (int64_t) seconds * 1000;

    for (;;) {
        struct pollfd p = { .fd = fd, .events = 0 };
        int64_t left = end - loop_now_ms();
        int n;

        if (left <= 0)
            return;
        n = poll(&p, 1, (int) left);
        if (n > 0 || (n < 0 && errno != EINTR))
            return;
    }
}

int
vty_tick_start(struct loop *loop, loop_fd_cb *cb, void *arg)
{
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC), error;

    if (fd < 0)
        return -1;
    if (timerfd_settime(fd, 0, &(struct itimerspec) { { 1, 0 }, { 1, 0 } }, NULL) < 0)
        error = errno;
    else
        error = loop_watch_fd(loop, fd, EPOLLIN, cb, arg);
    if (error) {
        close(fd);
        errno = error;
        return -1;
    }
    return fd;
}

void
vty_tick_stop(struct loop *loop, int fd)
{
    if (fd < 0)
        return;
    loop_unwatch_fd(loop, fd);
    close(fd);
}
