#ifndef SWITCHD_NETLINK_MONITOR_H
#define SWITCHD_NETLINK_MONITOR_H 1

/* Link events
 * ===========
 * An rtnetlink socket on the loop that reports every netdev that appears
 * (RTM_NEWLINK: created, moved into switchd's namespace, or changed) or
 * goes (RTM_DELLINK: deleted or moved to another namespace) in switchd's
 * network namespace, so ports can follow their netdevs
 * (docs/security.md section 8).  libmnl does the netlink framing. */

#include <stdbool.h>
#include <stddef.h>

struct loop;

struct link_event {
    bool gone;                      /* RTM_DELLINK */
    int ifindex;
    const char *name;
    bool carrier;                   /* IFF_LOWER_UP: the link is up and has
                                       carrier (a bond member follows it,
                                       docs/bonding.md; other ports read their
                                       back end's carrier() on the event,
                                       docs/design.md section 6.9) */
};

/* Called on the loop thread for each event; 'ev' is NULL when the kernel
 * dropped events (the socket's buffer overflowed): the caller must look at
 * every netdev it cares about again. */
typedef void netlink_monitor_cb(void *arg, const struct link_event *ev);

struct netlink_monitor;

/* Returns NULL with a message in 'err' on failure. */
struct netlink_monitor *netlink_monitor_create(struct loop *, netlink_monitor_cb *, void *arg,
                                               char *err, size_t err_size);
void netlink_monitor_destroy(struct netlink_monitor *);    /* accepts NULL */

#endif /* switchd/netlink_monitor.h */
