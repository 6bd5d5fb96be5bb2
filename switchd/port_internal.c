/* internal: a TAP whose fd switchd keeps; its netdev is a host-side
 * endpoint of the bridge (tests move it into a netns as a host).  The TAP
 * is persistent, so it outlives a crash of switchd in its host's netns,
 * where a restarted switchd attaches to it again (port_tun_adopt.c).  The fd
 * carries the same virtio header as the AF_PACKET ports (IFF_VNET_HDR), so
 * frames pass between the two kinds unchanged.  Checksum offload and TSO
 * are on (TUNSETOFFLOAD), so the host stack hands over TCP super-frames of
 * up to 64 KiB with a partial checksum, which every back end passes on with
 * their header and the kernel segments and checksums wherever a port
 * sends them (docs/design.md sections 6.2 and 6.4).  Frames move through
 * tap_io.h: batched with io_uring, or one readv/writev each. */
#include "port.h"
#include "port_tun.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "netdev_lock.h"
#include "sysfs.h"
#include "tap_io.h"
#include "tap_reaper.h"

/* What the TAP's netdev may hand switchd unfinished: partial checksums and
 * TCP super-frames (ECN included), which every back end can pass on
 * (docs/design.md section 6.4).  Not UDP segmentation (TUN_F_USO4/6): a
 * UDP super-frame may hold a 64 KiB datagram, whose frame is longer than
 * TAP_FRAME_MAX, where TCP's stay below 64 KiB. */
#define INTERNAL_OFFLOADS (TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6 | TUN_F_TSO_ECN)

static int
internal_open(struct port *p, char *err, size_t err_size)
{
    char alias[TUN_ALIAS_MAX];
    int vnet_size = sizeof(struct virtio_net_hdr);
    bool adopted = p->fd >= 0;          /* attached in its host's namespace */
    bool exists = false, made = false;
    int error, fd = p->fd;

    p->fd = -1;
    tun_owner_alias(alias, p->name);
    if (!adopted) {
        exists = if_nametoindex(p->name) != 0;
        if ((error = tun_open_tap(p->name, IFF_VNET_HDR, &fd, err, err_size)))
            return error;
        made = !exists;
    }
    if (fcntl(fd, F_SETFL, O_NONBLOCK) < 0 || ioctl(fd, TUNSETVNETHDRSZ, &vnet_size) < 0
        || ioctl(fd, TUNSETOFFLOAD, INTERNAL_OFFLOADS) < 0) {
        error = errno;
        snprintf(err, err_size, "%s: TAP setup: %s", p->name, strerror(error));
        goto err_close_fd;
    }
    /* Persistent and marked as switchd's, so that a crash of switchd does
     * not take the netdev away from its host and a restart finds it again
     * (docs/security.md section 8); close() deletes it. */
    if (made) {
        error = ioctl(fd, TUNSETPERSIST, 1) < 0 ? errno
                : tun_set_owned(if_nametoindex(p->name), alias);
        if (error) {
            snprintf(err, err_size, "%s: TAP setup: %s", p->name, strerror(error));
            goto err_close_fd;
        }
    }
    /* An adopted TAP is up or down as its host left it, out of reach of
     * switchd's namespace. */
    if (!adopted && (error = port_netdev_up(p->name))) {
        snprintf(err, err_size, "%s: cannot bring the link up: %s", p->name, strerror(error));
        goto err_close_fd;
    }
    p->created_netdev = adopted || made || tun_is_owned(p->name, alias);
    p->reused_netdev = !made;
    p->fd = fd;
    tap_io_acquire();
    return 0;

err_close_fd:
    if (made)
        ioctl(fd, TUNSETPERSIST, 0);
    close(fd);
    return error;
}

/* On the reaper's thread: a TAP switchd made goes when it is no longer
 * persistent and its last fd closes (the kernel unregisters it). */
static void
release_owned(const struct reap_job *job)
{
    ioctl(job->fd, TUNSETPERSIST, 0);
    close(job->fd);
}

static void
release_fd(const struct reap_job *job)
{
    close(job->fd);
}

static void
internal_close(struct port *p)
{
    struct reap_job job = { .fd = p->fd };

    if (p->fd < 0)
        return;
    if (p->created_netdev)
        snprintf(job.name, sizeof job.name, "%s", p->name);
    tap_reaper_submit(p->reaper, p->created_netdev ? release_owned : release_fd, &job);
    p->fd = -1;
    tap_io_release();
}

static bool
internal_lost(struct port *p)
{
    struct ifreq ifr;

    /* A TUN fd whose netdev was deleted is detached for good: it polls as
     * EPOLLERR and reads fail with EBADFD, as TUNGETIFF does. */
    return ioctl(p->fd, TUNGETIFF, &ifr) < 0;
}

/* The TAP has carrier while switchd holds its fd; its link is up while
 * the netdev is up.  Where switchd's namespace shows it, sysfs says
 * (whose 'carrier' cannot be read while the link is down); a netdev in a
 * host's namespace is out of sight, and counts as up (docs/design.md
 * section 6.9). */
static bool
internal_carrier(struct port *p)
{
    char buf[16];

    if (sysfs_net_read(p->name, "carrier", buf, sizeof buf))
        return !strcmp(buf, "1");
    return !if_nametoindex(p->name);
}

static unsigned
internal_recv(struct port *p, struct pkt *pkts, unsigned max)
{
    return tap_io_recv(p->fd, pkts, max, &p->os.rx_errors);
}

static void
internal_send(struct port *p, const struct bridge_tx *items, unsigned n)
{
    tap_io_send(p->fd, items, n, &p->os.tx_errors);
}

/* The netdev's name is locked before anything looks at it: a TAP another
 * switchd serves is not ours to reuse (docs/security.md section 2). */
static int
internal_open_locked(struct port *p, char *err, size_t err_size)
{
    int error = netdev_lock(p->name, err, err_size);

    if (!error && (error = internal_open(p, err, err_size)))
        netdev_unlock(p->name);
    return error;
}

static void
internal_close_locked(struct port *p)
{
    internal_close(p);
    netdev_unlock(p->name);
}

const struct port_class port_internal_class = {
    .type = "internal",
    .open = internal_open_locked,
    .close = internal_close_locked,
    .recv = internal_recv,
    .send = internal_send,
    .lost = internal_lost,
    .carrier = internal_carrier,
};
