/* tap: a persistent TAP for a VM.  switchd creates it, makes it persistent
 * and closes its fd, so QEMU can attach by name (a second opener of a
 * single-queue TAP gets EBUSY); frames go through an AF_PACKET socket bound
 * to the netdev, which keeps working while VMs come and go. */
#include "port.h"
#include "port_tun.h"

#include <errno.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "caps.h"
#include "log.h"
#include "netdev_lock.h"
#include "tap_reaper.h"

static int
tap_make_persistent(const char *name, bool persist)
{
    char msg[128];                  /* tap_open() words its own message */
    int fd;
    int error = tun_open_tap(name, 0, &fd, msg, sizeof msg);

    if (error)
        return error;
    if (ioctl(fd, TUNSETPERSIST, persist ? 1 : 0) < 0)
        error = errno;
    close(fd);
    return error;
}

static int
tap_open(struct port *p, char *err, size_t err_size)
{
    char alias[TUN_ALIAS_MAX];
    bool made = false;
    int error;

    tun_owner_alias(alias, p->name);
    if (if_nametoindex(p->name)) {
        if (!tun_is_tap(p->name)) {
            snprintf(err, err_size, "%s: exists and is not a TAP device", p->name);
            return EEXIST;
        }
        /* Someone else's is reused and left; one with switchd's alias was
         * made by switchd before a crash or a restart (port_tun.h). */
        p->created_netdev = tun_is_owned(p->name, alias);
        p->reused_netdev = true;
    } else {
        error = tap_make_persistent(p->name, true);
        if (!error && (error = tun_set_owned(if_nametoindex(p->name), alias)))
            tap_make_persistent(p->name, false);
        if (error) {
            char what[IFNAMSIZ + 16];

            snprintf(what, sizeof what, "create TAP %s", p->name);
            if (!caps_explain(error, CAPS_NET_ADMIN, what, err, err_size))
                snprintf(err, err_size, "%s: cannot create TAP: %s", p->name, strerror(error));
            return error;
        }
        p->created_netdev = made = true;
    }
    error = port_packet_open(p, err, err_size);
    if (error && made)
        tap_make_persistent(p->name, false);
    return error;
}

/* On the reaper's thread: closes the port's socket and deletes the TAP
 * 'job->name', if it is still the netdev the port had (the name may have
 * gone to another netdev meanwhile). */
static void
tap_release(const struct reap_job *job)
{
    int error;

    if (job->fd >= 0)
        close(job->fd);
    if (!job->name[0] || (int) if_nametoindex(job->name) != job->ifindex)
        return;
    /* Dropping persistence deletes the TAP, unless a VM still holds it. */
    error = tap_make_persistent(job->name, false);
    if (error)
        log_warn("%s: TAP left in place (%s)", job->name,
                 error == EBUSY ? "a VM is still attached" : strerror(error));
}

static void
tap_close(struct port *p)
{
    struct reap_job job = { .fd = p->fd, .ifindex = p->ifindex };

    port_packet_release(p);
    if (p->created_netdev)
        snprintf(job.name, sizeof job.name, "%s", p->name);
    if (job.fd >= 0 || job.name[0])
        tap_reaper_submit(p->reaper, tap_release, &job);
    p->fd = -1;
}

/* The netdev's name is locked before anything looks at it: a TAP another
 * switchd serves is not ours to reuse (docs/security.md section 2). */
static int
tap_open_locked(struct port *p, char *err, size_t err_size)
{
    int error = netdev_lock(p->name, err, err_size);

    if (!error && (error = tap_open(p, err, err_size)))
        netdev_unlock(p->name);
    return error;
}

static void
tap_close_locked(struct port *p)
{
    tap_close(p);
    netdev_unlock(p->name);
}

const struct port_class port_tap_class = {
    .type = "tap",
    .open = tap_open_locked,
    .close = tap_close_locked,
    .recv = port_packet_recv,
    .send = port_packet_send,
    .lost = port_packet_lost,
    .tick = port_packet_tick,
    .carrier = port_packet_carrier,
    .pending = port_packet_pending,
};
