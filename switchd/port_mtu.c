/* A port's netdev MTU (IOS `mtu N`, the "mtu" key; port.h).
 *
 * Tap and system ports' netdevs are in switchd's network namespace, found
 * by name.  An internal port's TAP is often in its host's namespace, out
 * of reach by name: its TUN fd says which namespace (TUNGETDEVNETNS) and
 * what the netdev is called there (TUNGETIFF), and a short thread enters
 * that namespace to make the ioctl -- setns() moves only the calling
 * thread, so the loop thread never leaves switchd's namespace (as in
 * port_tun_adopt.c). */
#include "port.h"

#include <errno.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

struct mtu_call {
    char name[IFNAMSIZ];
    int ns_fd;                      /* -1: switchd's own namespace */
    unsigned mtu;                   /* 0: only read it */
    unsigned old_mtu;               /* out */
    int error;                      /* out: 0 or an errno */
};

static void
mtu_ioctls(struct mtu_call *c)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct ifreq ifr;

    if (fd < 0) {
        c->error = errno;
        return;
    }
    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", c->name);
    if (ioctl(fd, SIOCGIFMTU, &ifr) < 0) {
        c->error = errno;
    } else {
        c->old_mtu = ifr.ifr_mtu;
        ifr.ifr_mtu = c->mtu;
        c->error = c->mtu && c->mtu != c->old_mtu && ioctl(fd, SIOCSIFMTU, &ifr) < 0 ? errno : 0;
    }
    close(fd);
}

static void *
mtu_thread(void *arg)
{
    struct mtu_call *c = arg;

    if (setns(c->ns_fd, CLONE_NEWNET) < 0)
        c->error = errno;
    else
        mtu_ioctls(c);
    return NULL;                    /* the thread ends in that namespace */
}

/* Whether 'ns_fd' is the namespace of the calling thread. */
static bool
ns_is_ours(int ns_fd)
{
    struct stat a, b;

    return fstat(ns_fd, &a) == 0 && stat("/proc/thread-self/ns/net", &b) == 0
           && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* Where 'p's netdev is: its name and namespace ('c->ns_fd' -1 for ours). */
static int
locate(const struct port *p, struct mtu_call *c)
{
    struct ifreq ifr;
    int ns_fd;

    snprintf(c->name, sizeof c->name, "%s", p->name);
    c->ns_fd = -1;
    if (p->class != &port_internal_class || p->fd < 0)
        return 0;
    memset(&ifr, 0, sizeof ifr);
    if (ioctl(p->fd, TUNGETIFF, &ifr) < 0)
        return errno;
    snprintf(c->name, sizeof c->name, "%s", ifr.ifr_name);
    if ((ns_fd = ioctl(p->fd, TUNGETDEVNETNS)) < 0)
        return errno == ENOTTY || errno == EINVAL ? 0 : errno;  /* older kernels: ours */
    if (ns_is_ours(ns_fd))
        close(ns_fd);
    else
        c->ns_fd = ns_fd;
    return 0;
}

int
port_set_mtu(const struct port *p, unsigned mtu, unsigned *old_mtu, char *err, size_t err_size)
{
    struct mtu_call c = { .mtu = mtu };
    pthread_t thread;
    int error = locate(p, &c);

    if (!error && c.ns_fd < 0) {
        mtu_ioctls(&c);
        error = c.error;
    } else if (!error) {
        error = pthread_create(&thread, NULL, mtu_thread, &c);
        if (!error) {
            pthread_join(thread, NULL);
            error = c.error;
        }
        close(c.ns_fd);
    }
    if (error) {
        snprintf(err, err_size, "%s: cannot set the MTU to %u: %s%s", p->name, mtu,
                 strerror(error), error == EINVAL ? " (the netdev refuses this size)" : "");
        return error;
    }
    if (old_mtu)
        *old_mtu = c.old_mtu;
    return 0;
}
