#include "netlink_monitor.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include "log.h"
#include "loop.h"

/* Room for a burst of events between two loop rounds (creating a netdev
 * makes a few, each about 1.5 KiB); an overflow costs a full recheck. */
#define MONITOR_SOCKET_BUF (4 * 1024 * 1024)
#define MONITOR_MSG_BUF    32768
/* Datagrams read per wakeup, so a storm of events cannot hold the loop. */
#define MONITOR_READS_PER_WAKEUP 64

struct netlink_monitor {
    struct loop *loop;
    struct mnl_socket *nl;
    int fd;
    netlink_monitor_cb *cb;
    void *arg;
    char buf[MONITOR_MSG_BUF];
};

static int
link_attr(const struct nlattr *attr, void *data)
{
    const char **name = data;

    if (mnl_attr_get_type(attr) == IFLA_IFNAME && mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
        *name = mnl_attr_get_str(attr);
    return MNL_CB_OK;
}

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000        /* <linux/if.h>, which clashes with <net/if.h> */
#endif

static int
link_msg(const struct nlmsghdr *nlh, void *data)
{
    struct netlink_monitor *m = data;
    const struct ifinfomsg *ifm;
    const char *name = NULL;

    if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK)
        return MNL_CB_OK;
    if (mnl_nlmsg_get_payload_len(nlh) < sizeof *ifm)
        return MNL_CB_OK;
    ifm = mnl_nlmsg_get_payload(nlh);
    mnl_attr_parse(nlh, sizeof *ifm, link_attr, &name);
    if (name && strlen(name) < IFNAMSIZ)
        m->cb(m->arg, &(struct link_event) { .gone = nlh->nlmsg_type == RTM_DELLINK,
                                             .ifindex = ifm->ifi_index, .name = name,
                                             .carrier = ifm->ifi_flags & IFF_LOWER_UP });
    return MNL_CB_OK;
}

static void
monitor_readable(struct loop *loop, int fd, uint32_t events, void *arg)
{
    struct netlink_monitor *m = arg;

    (void) loop; (void) events;
    for (int i = 0; i < MONITOR_READS_PER_WAKEUP; i++) {
        ssize_t n = recv(fd, m->buf, sizeof m->buf, MSG_DONTWAIT);

        if (n < 0) {
            if (errno == ENOBUFS) {
                /* Events were dropped: the receiver looks again. */
                log_warn("link events: socket buffer overflow; rechecking every port");
                m->cb(m->arg, NULL);
                continue;
            }
            if (errno != EAGAIN && errno != EINTR)
                log_warn("link events: %s", strerror(errno));
            return;
        }
        mnl_cb_run(m->buf, n, 0, 0, link_msg, m);
    }
}

struct netlink_monitor *
netlink_monitor_create(struct loop *loop, netlink_monitor_cb *cb, void *arg, char *err,
                       size_t err_size)
{
    struct netlink_monitor *m = calloc(1, sizeof *m);
    int size = MONITOR_SOCKET_BUF, error;

    if (!m) {
        snprintf(err, err_size, "link events: out of memory");
        return NULL;
    }
    m->loop = loop;
    m->cb = cb;
    m->arg = arg;
    m->nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (!m->nl || mnl_socket_bind(m->nl, RTMGRP_LINK, MNL_SOCKET_AUTOPID) < 0) {
        snprintf(err, err_size, "link events: netlink socket: %s", strerror(errno));
        goto err;
    }
    m->fd = mnl_socket_get_fd(m->nl);
    /* A bigger buffer is worth having but not needed. */
    if (setsockopt(m->fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) < 0)
        setsockopt(m->fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    if ((error = loop_watch_fd(loop, m->fd, EPOLLIN, monitor_readable, m))) {
        snprintf(err, err_size, "link events: epoll: %s", strerror(error));
        goto err;
    }
    return m;

err:
    if (m->nl)
        mnl_socket_close(m->nl);
    free(m);
    return NULL;
}

void
netlink_monitor_destroy(struct netlink_monitor *m)
{
    if (!m)
        return;
    loop_unwatch_fd(m->loop, m->fd);
    mnl_socket_close(m->nl);
    free(m);
}
