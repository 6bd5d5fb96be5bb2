/* A port back end in memory for unit tests: see port_dummy.h. */
#include "port_dummy.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "loop.h"
#include "port.h"
#include "state_private.h"

#define DEVS_MAX    64
#define QUEUE_MAX   32

struct dummy_frame {
    size_t len;
    struct virtio_net_hdr vnet;         /* received with it (zero: none) */
    uint8_t data[PORT_DUMMY_FRAME_MAX];
};

struct dummy_queue {
    size_t head, n;
    struct dummy_frame f[QUEUE_MAX];
};

/* A device, by name: it outlives the ports that open it, as a netdev
 * outlives a port. */
struct dummy_dev {
    char name[CONFIG_NAME_MAX + 1];
    struct port *port;              /* open on this port, or NULL */
    int fail_error;                 /* every open fails with this */
    bool no_carrier;                /* port_dummy_set_carrier(false) */
    struct dummy_queue rx, tx;
};

/* Static arrays: the back end must not allocate, or it would take the
 * allocation failures alloc_fail.h injects into the apply. */
static struct dummy_dev devs[DEVS_MAX];
static size_t n_devs;
static unsigned n_opens, fail_nth;
static int fail_nth_error;

static struct dummy_dev *
dev_find(const char *name, bool create)
{
    for (size_t i = 0; i < n_devs; i++)
        if (!strcmp(devs[i].name, name))
            return &devs[i];
    if (!create || n_devs == DEVS_MAX)
        return NULL;
    snprintf(devs[n_devs].name, sizeof devs[n_devs].name, "%s", name);
    return &devs[n_devs++];
}

static bool
queue_push(struct dummy_queue *q, const void *data, size_t len)
{
    struct dummy_frame *f;

    if (q->n == QUEUE_MAX || len > PORT_DUMMY_FRAME_MAX)
        return false;
    f = &q->f[(q->head + q->n++) % QUEUE_MAX];
    memcpy(f->data, data, len);
    f->len = len;
    memset(&f->vnet, 0, sizeof f->vnet);
    return true;
}

static const struct dummy_frame *
queue_pop(struct dummy_queue *q)
{
    const struct dummy_frame *f;

    if (!q->n)
        return NULL;
    f = &q->f[q->head];
    q->head = (q->head + 1) % QUEUE_MAX;
    q->n--;
    return f;
}

static int
dummy_open_common(struct port *p, bool with_fd, char *err, size_t err_size)
{
    struct dummy_dev *d = dev_find(p->name, true);
    int error = 0;

    n_opens++;
    if (fail_nth && !--fail_nth)
        error = fail_nth_error;
    else if (!d)
        error = ENFILE;
    else if (d->fail_error)
        error = d->fail_error;
    else if (d->port)
        error = EBUSY;
    if (error) {
        snprintf(err, err_size, "%s: dummy open: %s", p->name, strerror(error));
        return error;
    }
    p->fd = -1;
    if (with_fd && (p->fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) < 0) {
        error = errno;
        snprintf(err, err_size, "%s: eventfd: %s", p->name, strerror(error));
        return error;
    }
    d->port = p;
    d->rx.n = d->tx.n = 0;
    return 0;
}

static int
dummy_open(struct port *p, char *err, size_t err_size)
{
    return dummy_open_common(p, true, err, err_size);
}

static int
dummy_patch_open(struct port *p, char *err, size_t err_size)
{
    return dummy_open_common(p, false, err, err_size);
}

static void
dummy_close(struct port *p)
{
    struct dummy_dev *d = dev_find(p->name, false);

    if (d && d->port == p)
        d->port = NULL;
    if (p->fd >= 0)
        close(p->fd);
    p->fd = -1;
}

static unsigned
dummy_recv(struct port *p, struct pkt *pkts, unsigned max)
{
    struct dummy_dev *d = dev_find(p->name, false);
    const struct dummy_frame *f;
    unsigned n = 0;
    uint64_t count;

    while (d && n < max && (f = queue_pop(&d->rx))) {
        pkts[n].vnet = f->vnet;
        memcpy(pkts[n].buf + FRAME_HEADROOM, f->data, f->len);
        frame_init(&pkts[n].frame, pkts[n].buf, FRAME_HEADROOM, f->len);
        n++;
    }
    /* Level-triggered: the fd stays readable while frames wait. */
    if (!d || !d->rx.n)
        (void) !read(p->fd, &count, sizeof count);
    return n;
}

static void
dummy_send(struct port *p, const struct bridge_tx *items, unsigned n)
{
    struct dummy_dev *d = dev_find(p->name, false);

    for (unsigned i = 0; i < n; i++) {
        uint8_t buf[BRIDGE_TX_HEADER_MAX + PORT_DUMMY_FRAME_MAX];
        struct virtio_net_hdr vnet;
        const uint8_t *rest;
        uint32_t rest_len;
        uint32_t hdr_len = port_egress_prepare(&items[i], &vnet, buf, &rest, &rest_len);

        if (!d || hdr_len + rest_len > PORT_DUMMY_FRAME_MAX) {
            p->os.tx_errors++;
            continue;
        }
        memmove(buf + hdr_len, rest, rest_len);
        if (!queue_push(&d->tx, buf, hdr_len + rest_len))
            p->os.tx_errors++;
    }
}

static bool
dummy_carrier(struct port *p)
{
    struct dummy_dev *d = dev_find(p->name, false);

    return d && !d->no_carrier;
}

#define DUMMY_CLASS(TYPE) {                                                  \
    .type = TYPE, .open = dummy_open, .close = dummy_close,                 \
    .recv = dummy_recv, .send = dummy_send, .carrier = dummy_carrier,       \
}

static const struct port_class dummy_classes[PORT_N_TYPES] = {
    [PORT_TYPE_TAP] = DUMMY_CLASS("tap"),
    [PORT_TYPE_INTERNAL] = DUMMY_CLASS("internal"),
    [PORT_TYPE_SYSTEM] = DUMMY_CLASS("system"),
    [PORT_TYPE_PATCH] = {
        .type = "patch", .open = dummy_patch_open, .close = dummy_close,
        .recv = dummy_recv, .send = state_patch_deliver,
    },
};

void
port_dummy_install(void)
{
    for (int t = 0; t < PORT_N_TYPES; t++)
        port_classes[t] = &dummy_classes[t];
    /* A bond has no device: its members are the test's. */
    port_classes[PORT_TYPE_BOND] = &port_bond_class;
    /* A vxlan port is a UDP socket (loopback in the tests): the real one. */
    port_classes[PORT_TYPE_VXLAN] = &port_vxlan_class;
    memset(devs, 0, sizeof devs);
    n_devs = 0;
    n_opens = fail_nth = 0;
    fail_nth_error = 0;
}

void
port_dummy_fail_nth_open(unsigned n, int error)
{
    fail_nth = n;
    fail_nth_error = error;
}

void
port_dummy_fail_name(const char *name, int error)
{
    struct dummy_dev *d = dev_find(name, true);

    if (d)
        d->fail_error = error;
}

unsigned
port_dummy_opens(void)
{
    return n_opens;
}

bool
port_dummy_is_open(const char *name)
{
    const struct dummy_dev *d = dev_find(name, false);

    return d && d->port;
}

size_t
port_dummy_n_open(void)
{
    size_t n = 0;

    for (size_t i = 0; i < n_devs; i++)
        n += devs[i].port != NULL;
    return n;
}

bool
port_dummy_inject(const char *name, const void *frame, size_t len)
{
    struct dummy_dev *d = dev_find(name, false);
    uint64_t one = 1;

    if (!d || !d->port || d->port->fd < 0 || !queue_push(&d->rx, frame, len))
        return false;
    return write(d->port->fd, &one, sizeof one) == sizeof one;
}

bool
port_dummy_inject_vnet(const char *name, const struct virtio_net_hdr *vnet, const void *frame,
                       size_t len)
{
    struct dummy_dev *d = dev_find(name, false);

    if (!port_dummy_inject(name, frame, len))
        return false;
    d->rx.f[(d->rx.head + d->rx.n - 1) % QUEUE_MAX].vnet = *vnet;
    return true;
}

static size_t
rx_pending(void)
{
    size_t n = 0;

    for (size_t i = 0; i < n_devs; i++)
        n += devs[i].port ? devs[i].rx.n : 0;
    return n;
}

/* Loop rounds port_dummy_run() allows: a port the loop does not watch
 * keeps its frames queued, and the test fails on what was not sent
 * instead of hanging. */
#define RUN_ROUNDS_MAX 1000

/* Watched beside the ports and always readable, so it runs once per round:
 * it stops the loop once the ports' callbacks, in whatever order epoll
 * reports them, have taken every queued frame. */
static void
stop_when_drained(struct loop *loop, int fd, uint32_t events, void *arg)
{
    unsigned *rounds = arg;

    (void) fd; (void) events;
    if (!rx_pending() || ++*rounds >= RUN_ROUNDS_MAX)
        loop_stop(loop);
}

void
port_dummy_run(struct loop *loop)
{
    int fd = eventfd(1, EFD_NONBLOCK | EFD_CLOEXEC);
    unsigned rounds = 0;

    if (fd < 0)
        return;
    if (!loop_watch_fd(loop, fd, EPOLLIN, stop_when_drained, &rounds)) {
        loop_run(loop);
        loop_unwatch_fd(loop, fd);
    }
    close(fd);
}

size_t
port_dummy_sent(const char *name, void *buf, size_t size)
{
    struct dummy_dev *d = dev_find(name, false);
    const struct dummy_frame *f = d ? queue_pop(&d->tx) : NULL;

    if (!f)
        return 0;
    memcpy(buf, f->data, f->len < size ? f->len : size);
    return f->len;
}

size_t
port_dummy_n_sent(const char *name)
{
    const struct dummy_dev *d = dev_find(name, false);

    return d ? d->tx.n : 0;
}

void
port_dummy_set_carrier(const char *name, bool carrier)
{
    struct dummy_dev *d = dev_find(name, true);

    if (d)
        d->no_carrier = !carrier;
}
