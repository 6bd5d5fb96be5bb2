/* vxlan: a VXLAN tunnel endpoint over a UDP socket (docs/design.md section
 * 5.14, docs/vxlan.md).  The kernel builds and checks the outer IPv4 and
 * UDP headers; this file writes and reads the 8-byte VXLAN header and the
 * inner frame, with recvmmsg()/sendmmsg() batches.
 *
 * Ports with the same local address and UDP port share one socket (the
 * kernel lets one socket bind them): the socket is watched here, and each
 * datagram goes to the port whose remote list has its sender and which
 * carries its VNI.  A port whose socket cannot be bound (its address is
 * not there yet) opens all the same, down with the reason, and the aging
 * tick tries again (state_vxlan.c). */
#include "port.h"
#include "port_vxlan.h"
#include "state_private.h"
#include "state_datapath.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"

#define VXLAN_SOCKET_BUF (4 * 1024 * 1024)
/* Remote MACs a port remembers: the bridge's MAC table size, up to this
 * (the table is allocated whole when the port opens). */
#define VXLAN_FDB_PORT_MAX 65536
#define RX_ROUNDS 4                     /* as state_datapath.c's port_readable() */

struct vxlan_socket {
    struct loop *loop;
    uint32_t local_ip;                  /* network byte order, 0 = any */
    uint16_t udp_port;
    bool df;                            /* IP_MTU_DISCOVER as last set (txq_flush()) */
    int fd;
    struct port_vxlan *ports;           /* the ports on it, newest first */
    struct vxlan_socket *next;
};

/* Every socket of the process (loop thread only). */
static struct vxlan_socket *sockets;

static const struct config_vxlan *
cfg_of(const struct port_vxlan *vx)
{
    return vx->port->config->vxlan;
}

static void
ip_str(uint32_t ip, char buf[INET_ADDRSTRLEN])
{
    inet_ntop(AF_INET, &ip, buf, INET_ADDRSTRLEN);
}

/* Remotes and VNIs
 * ---------------- */

static struct state_vxlan_peer *
peer_find(const struct port_vxlan *vx, uint32_t remote)
{
    for (size_t i = 0; i < vx->n_peers; i++)
        if (vx->peers[i].remote == remote)
            return &vx->peers[i];
    return NULL;
}

static bool
listed(const uint32_t *list, size_t n, uint32_t ip)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == ip)
            return true;
    return false;
}

/* The "vnis" entry of 'vlan', or NULL. */
static const struct config_vxlan_vni *
vni_entry(const struct config_vxlan *c, uint16_t vlan)
{
    size_t lo = 0, hi = c->n_vnis;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->vnis[mid].vlan == vlan)
            return &c->vnis[mid];
        if (c->vnis[mid].vlan < vlan)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* The flood list of 'vni' on 'vx': the VNI's own, else the port's. */
static const uint32_t *
vni_remotes(const struct port_vxlan *vx, uint32_t vni, size_t *n)
{
    const struct config_vxlan *c = cfg_of(vx);

    if (vx->map) {
        const struct config_vxlan_vni *e = vni_entry(c, vxlan_vlan_of_vni(vx->map, vni));
        if (e && e->n_remotes) {
            *n = e->n_remotes;
            return e->remotes;
        }
    }
    *n = c->n_remotes;
    return c->remotes;
}

static bool
carries_vni(const struct port_vxlan *vx, uint32_t vni)
{
    const struct config_vxlan *c = cfg_of(vx);

    if (vx->map)
        return vxlan_vlan_of_vni(vx->map, vni) != 0;
    return c->key == CONFIG_VXLAN_KEY_FLOW || c->key == vni;
}

static void
peers_add(struct port_vxlan *vx, const uint32_t *list, size_t n)
{
    for (size_t j = 0; j < n; j++)
        if (!peer_find(vx, list[j]))
            vx->peers[vx->n_peers++] = (struct state_vxlan_peer) { .port = vx->port,
                                                                   .remote = list[j] };
}

/* The port's remotes, then each VNI's, each once. */
static int
peers_build(struct port_vxlan *vx, char *err, size_t err_size)
{
    const struct config_vxlan *c = cfg_of(vx);
    size_t max = c->n_remotes;

    for (size_t i = 0; i < c->n_vnis; i++)
        max += c->vnis[i].n_remotes;
    vx->peers = calloc(max + 1, sizeof *vx->peers);
    if (!vx->peers) {
        snprintf(err, err_size, "%s: out of memory", vx->port->name);
        return ENOMEM;
    }
    peers_add(vx, c->remotes, c->n_remotes);
    for (size_t i = 0; i < c->n_vnis; i++)
        peers_add(vx, c->vnis[i].remotes, c->vnis[i].n_remotes);
    return 0;
}

static int
map_build(struct port_vxlan *vx, char *err, size_t err_size)
{
    const struct config_vxlan *c = cfg_of(vx);

    if (!c->n_vnis)
        return 0;
    if (!(vx->map = malloc(sizeof *vx->map))) {
        snprintf(err, err_size, "%s: out of memory", vx->port->name);
        return ENOMEM;
    }
    vxlan_vni_map_init(vx->map);
    for (size_t i = 0; i < c->n_vnis; i++) {
        enum vxlan_map_error e = vxlan_vni_map_add(vx->map, c->vnis[i].vlan, c->vnis[i].vni);
        if (e != VXLAN_MAP_OK) {
            snprintf(err, err_size, "%s: vlan %u vni %u: %s", vx->port->name,
                     (unsigned) c->vnis[i].vlan, (unsigned) c->vnis[i].vni,
                     vxlan_map_error_name(e));
            return EINVAL;
        }
    }
    return 0;
}

/* Sockets
 * ------- */

static void sock_readable(struct loop *, int fd, uint32_t events, void *arg);

static int
set_int(int fd, int level, int name, int value)
{
    return setsockopt(fd, level, name, &value, sizeof value) < 0 ? errno : 0;
}

/* The first IPv4 address of netdev 'name', or 0 with the reason in 'why'. */
static uint32_t
interface_address(const char *name, char *why, size_t why_size)
{
    struct ifaddrs *ifa, *i;
    uint32_t ip = 0;
    bool seen = false;

    if (getifaddrs(&ifa) < 0) {
        snprintf(why, why_size, "source-interface %s: %s", name, strerror(errno));
        return 0;
    }
    for (i = ifa; i && !ip; i = i->ifa_next) {
        if (strcmp(i->ifa_name, name))
            continue;
        seen = true;
        if (i->ifa_addr && i->ifa_addr->sa_family == AF_INET)
            ip = ((const struct sockaddr_in *) i->ifa_addr)->sin_addr.s_addr;
    }
    freeifaddrs(ifa);
    if (!ip)
        snprintf(why, why_size, seen ? "source-interface %s has no IPv4 address"
                                     : "source-interface %s: no such network device", name);
    return ip;
}

static struct vxlan_socket *
sock_find(struct loop *loop, uint32_t ip, uint16_t port)
{
    for (struct vxlan_socket *s = sockets; s; s = s->next)
        if (s->loop == loop && s->local_ip == ip && s->udp_port == port)
            return s;
    return NULL;
}

/* A new socket bound to ip:port, watched on 'loop'; NULL with the reason
 * in 'why'. */
static struct vxlan_socket *
sock_open(struct loop *loop, uint32_t ip, uint16_t port, bool df, char *why, size_t why_size)
{
    struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port),
                               .sin_addr.s_addr = ip };
    struct vxlan_socket *s = calloc(1, sizeof *s);
    char ipbuf[INET_ADDRSTRLEN];
    int error;

    ip_str(ip, ipbuf);
    if (!s) {
        snprintf(why, why_size, "out of memory");
        return NULL;
    }
    s->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (s->fd < 0) {
        snprintf(why, why_size, "UDP socket: %s", strerror(errno));
        free(s);
        return NULL;
    }
    if ((error = set_int(s->fd, IPPROTO_IP, IP_MTU_DISCOVER,
                         df ? IP_PMTUDISC_DO : IP_PMTUDISC_DONT))
        || (error = set_int(s->fd, IPPROTO_IP, IP_PKTINFO, 1))) {
        snprintf(why, why_size, "UDP socket options: %s", strerror(error));
        goto err;
    }
    /* Bigger buffers absorb bursts between two loop rounds; not fatal. */
    if (set_int(s->fd, SOL_SOCKET, SO_RCVBUFFORCE, VXLAN_SOCKET_BUF))
        set_int(s->fd, SOL_SOCKET, SO_RCVBUF, VXLAN_SOCKET_BUF);
    if (set_int(s->fd, SOL_SOCKET, SO_SNDBUFFORCE, VXLAN_SOCKET_BUF))
        set_int(s->fd, SOL_SOCKET, SO_SNDBUF, VXLAN_SOCKET_BUF);
    if (bind(s->fd, (struct sockaddr *) &sin, sizeof sin) < 0) {
        error = errno;
        snprintf(why, why_size, "cannot bind UDP %s:%u: %s", ipbuf, (unsigned) port,
                 strerror(error));
        goto err;
    }
    if ((error = loop_watch_fd(loop, s->fd, EPOLLIN, sock_readable, s))) {
        snprintf(why, why_size, "epoll: %s", strerror(error));
        goto err;
    }
    s->loop = loop;
    s->local_ip = ip;
    s->udp_port = port;
    s->df = df;
    s->next = sockets;
    sockets = s;
    return s;

err:
    close(s->fd);
    free(s);
    return NULL;
}

static void
sock_detach(struct port_vxlan *vx)
{
    struct vxlan_socket *s = vx->sock;

    if (!s)
        return;
    for (struct port_vxlan **pp = &s->ports; *pp; pp = &(*pp)->next_on_sock)
        if (*pp == vx) {
            *pp = vx->next_on_sock;
            break;
        }
    vx->sock = NULL;
    vx->next_on_sock = NULL;
    if (s->ports)
        return;
    for (struct vxlan_socket **sp = &sockets; *sp; sp = &(*sp)->next)
        if (*sp == s) {
            *sp = s->next;
            break;
        }
    loop_unwatch_fd(s->loop, s->fd);
    /* A UDP socket closes at once (no RCU wait as for packet sockets), and
     * a port made again at once must be able to bind the address. */
    close(s->fd);
    free(s);
}

/* Binds or joins the socket of 'vx'.  Returns 0, or an errno with the
 * reason in vx->down_reason (the port stays down). */
static int
sock_attach(struct port_vxlan *vx)
{
    const struct config_vxlan *c = cfg_of(vx);
    struct loop *loop = vx->port->bridge->sw->loop;
    struct vxlan_socket *s;
    uint32_t ip = c->local_ip;

    if (c->source_interface[0]
        && !(ip = interface_address(c->source_interface, vx->down_reason,
                                    sizeof vx->down_reason)))
        return EADDRNOTAVAIL;
    s = sock_find(loop, ip, c->udp_port);
    if (!s && !(s = sock_open(loop, ip, c->udp_port, c->df, vx->down_reason,
                              sizeof vx->down_reason)))
        return EADDRNOTAVAIL;
    vx->sock = s;
    vx->local_ip = ip;
    vx->next_on_sock = s->ports;
    s->ports = vx;
    vx->down_reason[0] = '\0';
    return 0;
}

/* Open and close
 * -------------- */

static void
vxlan_free(struct port_vxlan *vx)
{
    if (!vx)
        return;
    sock_detach(vx);
    vxlan_fdb_destroy(vx->fdb);
    free(vx->map);
    free(vx->peers);
    free(vx);
}

static int
vxlan_open(struct port *p, char *err, size_t err_size)
{
    struct port_vxlan *vx;
    uint32_t max;
    uint64_t seed;
    int error;

    p->fd = -1;
    if (!p->config || !p->config->vxlan) {
        snprintf(err, err_size, "%s: no vxlan settings", p->name);
        return EINVAL;
    }
    if (!(vx = calloc(1, sizeof *vx))) {
        snprintf(err, err_size, "%s: out of memory", p->name);
        return ENOMEM;
    }
    vx->port = p;
    if ((error = map_build(vx, err, err_size)) || (error = peers_build(vx, err, err_size)))
        goto err;
    /* As many entries as the bridge's MAC table may hold; a random salt,
     * so no sender can choose MACs that share a probe run. */
    max = mac_table_max_entries(bridge_mac_table(p->bridge->core));
    if (getrandom(&seed, sizeof seed, GRND_NONBLOCK) != sizeof seed)
        seed = (uint64_t) (uintptr_t) vx ^ (uint64_t) loop_now_ms();
    vx->fdb = vxlan_fdb_create(max < VXLAN_FDB_PORT_MAX ? max : VXLAN_FDB_PORT_MAX, seed);
    if (!vx->fdb) {
        snprintf(err, err_size, "%s: out of memory", p->name);
        error = ENOMEM;
        goto err;
    }
    p->vxlan = vx;
    if (sock_attach(vx)) {
        log_warn("port %s: %s; the tunnel stays down (retried)", p->name, vx->down_reason);
        vx->down_logged = true;
    }
    return 0;

err:
    vxlan_free(vx);
    return error;
}

static void
vxlan_close(struct port *p)
{
    vxlan_free(p->vxlan);
    p->vxlan = NULL;
}

static bool
vxlan_carrier(struct port *p)
{
    return p->vxlan && p->vxlan->sock;
}

bool
port_vxlan_retry(struct port *p)
{
    struct port_vxlan *vx = p->vxlan;

    if (!vx || vx->sock)
        return vx != NULL;
    if (sock_attach(vx))
        return false;
    log_info("port %s: tunnel up", p->name);
    vx->down_logged = false;
    return true;
}

bool
port_vxlan_follow_source(struct port *p)
{
    struct port_vxlan *vx = p->vxlan;
    char why[sizeof vx->down_reason];
    uint32_t ip;

    if (!vx || !vx->sock || !cfg_of(vx)->source_interface[0])
        return true;
    ip = interface_address(cfg_of(vx)->source_interface, why, sizeof why);
    if (ip == vx->local_ip)
        return true;
    /* The interface's address changed or went: the socket bound to the
     * old one would neither receive nor send again (NX-OS's nve follows
     * its loopback's address too). */
    sock_detach(vx);
    if (!sock_attach(vx)) {
        char ipbuf[INET_ADDRSTRLEN];

        ip_str(vx->local_ip, ipbuf);
        log_info("port %s: source-interface %s has a new address; the tunnel now uses %s",
                 p->name, cfg_of(vx)->source_interface, ipbuf);
        return true;
    }
    log_warn("port %s: %s; the tunnel is down (retried)", p->name, vx->down_reason);
    vx->down_logged = true;
    return false;
}

/* Receive
 * ------- */

/* The port of 's' that datagram (src, vni) belongs to, counting the
 * reason on some port when none takes it; NULL then. */
static struct port_vxlan *
demux(struct vxlan_socket *s, uint32_t src, enum vxlan_error parsed, uint32_t vni,
      struct state_vxlan_peer **peer)
{
    struct port_vxlan *listing = NULL, *wrong_peer = NULL;

    for (struct port_vxlan *vx = s->ports; vx; vx = vx->next_on_sock) {
        struct state_vxlan_peer *pr = peer_find(vx, src);
        size_t n;
        const uint32_t *list;

        if (!pr)
            continue;
        if (!listing)
            listing = vx;
        if (parsed != VXLAN_OK || !carries_vni(vx, vni))
            continue;
        list = vni_remotes(vx, vni, &n);
        if (!listed(list, n, src)) {
            wrong_peer = vx;
            continue;
        }
        *peer = pr;
        return vx;
    }
    if (wrong_peer)
        wrong_peer->rx_unknown_peer++;
    else if (!listing)
        s->ports->rx_unknown_peer++;
    else if (parsed != VXLAN_OK)
        listing->rx_bad_header++;
    else
        listing->rx_unknown_vni++;
    return NULL;
}

/* Makes the datagram in 'pkt' (inner frame at FRAME_HEADROOM, 'len'
 * bytes) a frame of 'vx' from VNI 'vni'. */
static void
decap(struct port_vxlan *vx, struct pkt *pkt, uint32_t len, uint32_t vni, uint32_t src,
      uint32_t dst, struct state_vxlan_peer *peer, int64_t now)
{
    struct frame *f = &pkt->frame;

    memset(&pkt->vnet, 0, sizeof pkt->vnet);
    frame_init(f, pkt->buf, FRAME_HEADROOM, len);
    if (vx->map) {
        uint16_t vlan = vxlan_vlan_of_vni(vx->map, vni);
        /* The VNI's VLAN goes back on (the sender took it off). */
        frame_push_vlan(f, ETH_TYPE_VLAN, vlan);
    }
    f->tun = (struct frame_tunnel) { .tun_id = vni, .src = src, .dst = dst, .present = true };
    if (len >= 2 * ETH_ADDR_LEN)
        vxlan_fdb_learn(vx->fdb, vni, frame_src(f), src, now);
    vx->rx_frames++;
    peer->rx_frames++;
    if (!peer->first_rx_ms)
        peer->first_rx_ms = now;
    peer->last_rx_ms = now;
}

static uint32_t
pktinfo_dst(struct msghdr *msg, uint32_t fallback)
{
    for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c))
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO
            && c->cmsg_len >= CMSG_LEN(sizeof(struct in_pktinfo))) {
            struct in_pktinfo pi;
            memcpy(&pi, CMSG_DATA(c), sizeof pi);
            return pi.ipi_addr.s_addr;
        }
    return fallback;
}

/* One recvmmsg() into the switch's pool, each datagram to its port.
 * Returns how many datagrams were read. */
static unsigned
sock_recv(struct vxlan_socket *s, struct switch_state *sw)
{
    struct pkt *pool = sw->rx_pool;
    struct mmsghdr msgs[PORT_RX_BATCH];
    struct iovec iov[PORT_RX_BATCH][2];
    uint8_t vxh[PORT_RX_BATCH][VXLAN_HEADER_LEN];
    struct sockaddr_in from[PORT_RX_BATCH];
    union {
        struct cmsghdr align;
        char buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
    } ctrl[PORT_RX_BATCH];
    struct port_vxlan *owner[PORT_RX_BATCH];
    uint32_t lens[PORT_RX_BATCH];
    int64_t now = loop_now_ms();
    int n;

    memset(msgs, 0, sizeof msgs);
    for (unsigned i = 0; i < PORT_RX_BATCH; i++) {
        iov[i][0] = (struct iovec) { vxh[i], VXLAN_HEADER_LEN };
        iov[i][1] = (struct iovec) { pool[i].buf + FRAME_HEADROOM, PKT_DATA_MAX - FRAME_HEADROOM };
        msgs[i].msg_hdr.msg_iov = iov[i];
        msgs[i].msg_hdr.msg_iovlen = 2;
        msgs[i].msg_hdr.msg_name = &from[i];
        msgs[i].msg_hdr.msg_namelen = sizeof from[i];
        msgs[i].msg_hdr.msg_control = ctrl[i].buf;
        msgs[i].msg_hdr.msg_controllen = sizeof ctrl[i].buf;
    }
    n = recvmmsg(s->fd, msgs, PORT_RX_BATCH, MSG_DONTWAIT, NULL);
    if (n <= 0) {
        if (n < 0 && errno != EAGAIN && errno != EINTR)
            s->ports->port->os.rx_errors++;
        return 0;
    }
    for (int i = 0; i < n; i++) {
        uint32_t len = msgs[i].msg_len, vni = 0;
        size_t ofs;
        uint32_t src = from[i].sin_addr.s_addr;
        struct state_vxlan_peer *peer = NULL;
        enum vxlan_error e;

        owner[i] = NULL;
        /* Every slot is made a frame (or emptied) here: the pool is the
         * switch's, and no frame may keep another's tunnel metadata. */
        pool[i].frame.len = 0;
        pool[i].frame.tun = (struct frame_tunnel) { 0 };
        if (msgs[i].msg_hdr.msg_flags & MSG_TRUNC) {
            s->ports->port->os.rx_errors++;
            continue;
        }
        e = vxlan_header_parse(vxh[i], len, &vni, &ofs);
        if (e == VXLAN_OK && len < VXLAN_HEADER_LEN + ETH_HEADER_LEN)
            e = VXLAN_ERR_SHORT;
        if (!(owner[i] = demux(s, src, e, vni, &peer)))
            continue;
        decap(owner[i], &pool[i], len - VXLAN_HEADER_LEN, vni, src,
              pktinfo_dst(&msgs[i].msg_hdr, s->local_ip), peer, now);
    }
    /* Each port's frames through its bridge; usually one port. */
    for (int i = 0; i < n; i++) {
        struct port_vxlan *vx = owner[i];

        if (!vx)
            continue;
        for (int j = 0; j < n; j++) {
            lens[j] = pool[j].frame.len;
            if (owner[j] != vx)
                pool[j].frame.len = 0;
        }
        state_port_input(sw, vx->port, pool, (unsigned) n);
        for (int j = 0; j < n; j++) {
            if (owner[j] == vx)
                owner[j] = NULL;        /* done */
            else
                pool[j].frame.len = lens[j];
        }
    }
    return (unsigned) n;
}

static void
sock_readable(struct loop *loop, int fd, uint32_t events, void *arg)
{
    struct vxlan_socket *s = arg;

    (void) loop; (void) fd;
    if (events & EPOLLERR) {
        int error;
        socklen_t len = sizeof error;
        /* An ICMP error (port unreachable at a peer) is pending: clear it. */
        getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &error, &len);
    }
    for (int round = 0; round < RX_ROUNDS && s->ports; round++) {
        struct switch_state *sw = s->ports->port->bridge->sw;

        if (sock_recv(s, sw) < PORT_RX_BATCH)
            break;
    }
}

/* Send
 * ----
 * Each item becomes one datagram per destination VTEP: the VXLAN header,
 * the inner L2 header (bridge_tx_header()) and the rest of the frame, as
 * iovecs (no copy of the payload).  A frame whose checksum the sender
 * left to the hardware (virtio's NEEDS_CSUM) gets it here, written into a
 * 2-byte piece of its own; a TCP super-frame (GSO) is cut into segments of
 * gso_size, each with its own IP and TCP header, since a UDP payload
 * cannot carry a virtio-net header. */

#define TXQ_MAX      256                /* datagrams per sendmmsg() */
#define VXLAN_GSO_MIN_MSS 48            /* smaller gso_size: not cut, a tx error */
#define TX_IOV_MAX   6
#define TX_HDR_MAX   (BRIDGE_TX_HEADER_MAX + 2 + 60 + 60)   /* L2, EtherType, IPv4 with
                                                           options, TCP with options */

struct txq {
    struct port *port;
    int fd;
    unsigned n_msgs, n_bufs;
    struct mmsghdr msgs[TXQ_MAX];
    struct iovec iov[TXQ_MAX][TX_IOV_MAX];
    struct sockaddr_in dst[TXQ_MAX];
    union {
        struct cmsghdr align;
        char buf[2 * CMSG_SPACE(sizeof(int))];
    } ctrl[TXQ_MAX];
    struct state_vxlan_peer *peer[TXQ_MAX];
    /* Per encapsulated frame (or segment), shared by its datagrams. */
    uint8_t vxh[TXQ_MAX][VXLAN_HEADER_LEN];
    uint8_t hdr[TXQ_MAX][TX_HDR_MAX];
    uint8_t csum[TXQ_MAX][2];
};

/* Loop thread only: a send never nests in another on the same thread. */
static struct txq txq;

static void
txq_flush(struct txq *q)
{
    struct port_vxlan *vx = q->port->vxlan;
    unsigned sent = 0, n = q->n_msgs;
    bool df = cfg_of(vx)->df;

    /* DF is the socket's, and the ports sharing it may differ: set it
     * when this port's differs from the last one set (a syscall per batch
     * only while such ports take turns).  Requiring them to agree made a
     * change of df_default on ports sharing a socket impossible: each
     * port, made anew in turn, disagreed with the others' old setting. */
    if (vx->sock->df != df
        && !set_int(q->fd, IPPROTO_IP, IP_MTU_DISCOVER, df ? IP_PMTUDISC_DO : IP_PMTUDISC_DONT))
        vx->sock->df = df;

    while (sent < n) {
        int r = sendmmsg(q->fd, q->msgs + sent, n - sent, MSG_DONTWAIT);

        if (r > 0) {
            for (unsigned i = sent; i < sent + (unsigned) r; i++)
                q->peer[i]->tx_frames++;
            vx->tx_frames += r;
            sent += r;
        } else if (r < 0 && (errno == EAGAIN || errno == ENOBUFS)) {
            q->port->os.tx_errors += n - sent;  /* never block the loop */
            break;
        } else if (r < 0 && errno == EMSGSIZE) {
            vx->tx_too_big++;                   /* DF and larger than the path's MTU */
            sent++;
        } else {
            q->port->os.tx_errors++;            /* no route, ...: skip it */
            sent++;
        }
    }
    q->n_msgs = q->n_bufs = 0;
}

/* Room for one more encapsulated frame going to 'n_dst' VTEPs. */
static unsigned
txq_buf(struct txq *q, unsigned n_dst)
{
    if (q->n_bufs == TXQ_MAX || q->n_msgs + n_dst > TXQ_MAX)
        txq_flush(q);
    return q->n_bufs++;
}

/* Queues datagrams of 'iov' ('n_iov' pieces) to each of 'dsts'. */
static void
txq_add(struct txq *q, const struct iovec *iov, unsigned n_iov, const uint32_t *dsts,
        size_t n_dst, struct state_vxlan_peer *const *peers)
{
    const struct config_vxlan *c = q->port->config->vxlan;

    for (size_t d = 0; d < n_dst; d++) {
        unsigned m = q->n_msgs++;
        struct msghdr *h = &q->msgs[m].msg_hdr;
        struct cmsghdr *cm;
        int ttl = c->ttl ? c->ttl : 64, tos = c->tos;

        memset(&q->msgs[m], 0, sizeof q->msgs[m]);
        memcpy(q->iov[m], iov, n_iov * sizeof *iov);
        q->dst[m] = (struct sockaddr_in) { .sin_family = AF_INET,
                                           .sin_port = htons(c->udp_port),
                                           .sin_addr.s_addr = dsts[d] };
        q->peer[m] = peers[d];
        h->msg_name = &q->dst[m];
        h->msg_namelen = sizeof q->dst[m];
        h->msg_iov = q->iov[m];
        h->msg_iovlen = n_iov;
        h->msg_control = q->ctrl[m].buf;
        h->msg_controllen = sizeof q->ctrl[m].buf;
        cm = CMSG_FIRSTHDR(h);
        cm->cmsg_level = IPPROTO_IP;
        cm->cmsg_type = IP_TTL;
        cm->cmsg_len = CMSG_LEN(sizeof ttl);
        memcpy(CMSG_DATA(cm), &ttl, sizeof ttl);
        cm = CMSG_NXTHDR(h, cm);
        cm->cmsg_level = IPPROTO_IP;
        cm->cmsg_type = IP_TOS;
        cm->cmsg_len = CMSG_LEN(sizeof tos);
        memcpy(CMSG_DATA(cm), &tos, sizeof tos);
    }
}

/* Internet checksum helpers (RFC 1071), big-endian words from byte 0. */
static uint64_t
csum_add(uint64_t sum, const uint8_t *p, size_t len)
{
    for (; len > 1; p += 2, len -= 2)
        sum += (uint32_t) p[0] << 8 | p[1];
    if (len)
        sum += (uint32_t) p[0] << 8;
    return sum;
}

static uint16_t
csum_fold(uint64_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t) ~sum;
}

static void
put16(uint8_t *p, uint16_t v)
{
    p[0] = v >> 8;
    p[1] = v & 0xff;
}

static uint16_t
get16(const uint8_t *p)
{
    return (uint16_t) (p[0] << 8 | p[1]);
}

static uint32_t
get32(const uint8_t *p)
{
    return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
}

static void
put32(uint8_t *p, uint32_t v)
{
    put16(p, v >> 16);
    put16(p + 2, v & 0xffff);
}

/* Cuts the TCP super-frame of L2 header 'l2' ('l2_len' bytes: MACs and
 * tags) and 'rest' (the EtherType on) into segments of vnet->gso_size and
 * queues them.  Returns false when the frame is not one this can cut (not
 * TCP right after IPv4 or IPv6). */
static bool
tx_segment(struct txq *q, uint32_t vni, const uint8_t *l2, uint32_t l2_len,
           const uint8_t *rest, uint32_t rest_len, const struct virtio_net_hdr *vnet,
           const uint32_t *dsts, size_t n_dst, struct state_vxlan_peer *const *peers)
{
    uint16_t eth_type = rest_len >= 2 ? get16(rest) : 0;
    bool v4 = eth_type == 0x0800;
    const uint8_t *l3 = rest + 2, *tcp, *payload;
    uint32_t l3_len = rest_len - 2, ip_len, tcp_len, pay_len, hdr_len, mss = vnet->gso_size;

    /* No TCP sends segments below Linux's TCP_MIN_SND_MSS (48); a
     * gso_size of 1, which a VM writing its TAP can give (the kernel lets
     * it through), made a 64 KiB frame 65000 datagrams per remote VTEP:
     * a second of the loop thread for one frame. */
    if (mss < VXLAN_GSO_MIN_MSS || (!v4 && eth_type != 0x86dd))
        return false;
    if (v4) {
        if (l3_len < 20 || (l3[0] >> 4) != 4 || l3[9] != 6)
            return false;
        ip_len = (l3[0] & 0xf) * 4u;
    } else {
        if (l3_len < 40 || (l3[0] >> 4) != 6 || l3[6] != 6)
            return false;
        ip_len = 40;
    }
    if (ip_len < 20 || l3_len < ip_len + 20)
        return false;
    tcp = l3 + ip_len;
    tcp_len = (tcp[12] >> 4) * 4u;
    if (tcp_len < 20 || l3_len < ip_len + tcp_len)
        return false;
    payload = tcp + tcp_len;
    pay_len = l3_len - ip_len - tcp_len;
    hdr_len = l2_len + 2 + ip_len + tcp_len;
    if (hdr_len > TX_HDR_MAX)
        return false;

    for (uint32_t off = 0, seg = 0; seg == 0 || off < pay_len; seg++) {
        uint32_t n = pay_len - off < mss ? pay_len - off : mss;
        bool last = off + n >= pay_len;
        unsigned b = txq_buf(q, n_dst);
        uint8_t *h = q->hdr[b], *ip = h + l2_len + 2, *th = ip + ip_len;
        uint64_t sum = 0;
        struct iovec iov[3];

        memcpy(h, l2, l2_len);
        memcpy(h + l2_len, rest, 2 + ip_len + tcp_len);
        if (v4) {
            put16(ip + 2, (uint16_t) (ip_len + tcp_len + n));
            put16(ip + 4, (uint16_t) (get16(l3 + 4) + seg));
            put16(ip + 10, 0);
            put16(ip + 10, csum_fold(csum_add(0, ip, ip_len)));
            sum = csum_add(sum, ip + 12, 8);
        } else {
            put16(ip + 4, (uint16_t) (tcp_len + n));
            sum = csum_add(sum, ip + 8, 32);
        }
        sum += 6 + tcp_len + n;             /* protocol and TCP length */
        put32(th + 4, get32(tcp + 4) + off);
        if (!last)
            th[13] &= (uint8_t) ~0x09;      /* FIN, PSH: the last segment's */
        if (seg)
            th[13] &= (uint8_t) ~0x80;      /* CWR: the first segment's */
        put16(th + 16, 0);
        sum = csum_add(sum, th, tcp_len);
        sum = csum_add(sum, payload + off, n);
        put16(th + 16, csum_fold(sum));

        vxlan_header_write(q->vxh[b], vni);
        iov[0] = (struct iovec) { q->vxh[b], VXLAN_HEADER_LEN };
        iov[1] = (struct iovec) { h, hdr_len };
        iov[2] = (struct iovec) { (void *) (payload + off), n };
        txq_add(q, iov, 3, dsts, n_dst, peers);
        off += n;
    }
    return true;
}

/* The VLAN an item travels in on a "vnis" port: its tag's, or the port's
 * native (or access) VLAN when it goes untagged. */
static uint16_t
item_vlan(const struct port *p, const struct bridge_tx *item)
{
    const struct vlan_port *v = &p->config->vlan;

    if (item->tagged)
        return item->tci & 0x0fff;
    return v->mode == VLAN_MODE_ACCESS ? v->access_vid : v->native_vid;
}

/* The VNI 'item' goes in, or VXLAN_VNI_NONE. */
static uint32_t
item_vni(const struct port_vxlan *vx, const struct bridge_tx *item)
{
    const struct config_vxlan *c = cfg_of(vx);

    if (vx->map)
        return vxlan_vni_of_vlan(vx->map, item_vlan(vx->port, item));
    if (c->key != CONFIG_VXLAN_KEY_FLOW)
        return c->key;
    if (item->rw && item->rw->tun_id_set)
        return item->rw->tun_id;
    if (item->frame->tun.present)
        return item->frame->tun.tun_id;
    return VXLAN_VNI_NONE;
}

static void
tx_item(struct txq *q, struct port_vxlan *vx, const struct bridge_tx *item)
{
    uint32_t vni = item_vni(vx, item);
    struct bridge_tx t = *item;
    struct virtio_net_hdr vnet;
    uint8_t l2[BRIDGE_TX_HEADER_MAX];
    const uint8_t *rest;
    uint32_t rest_len, l2_len, one;
    const uint32_t *dsts;
    size_t n_dst;
    struct state_vxlan_peer *peers[CONFIG_VXLAN_REMOTES_MAX];
    unsigned b;
    struct iovec iov[5];
    unsigned n_iov = 0;
    bool csum;

    if (vni == VXLAN_VNI_NONE || vni > VXLAN_VNI_MAX) {
        vx->tx_no_key++;
        return;
    }
    if (vx->map)
        t.tagged = false;               /* the VNI says the VLAN */
    l2_len = port_egress_prepare(&t, &vnet, l2, &rest, &rest_len);
    /* Known unicast to its VTEP only; the rest to every VTEP of the VNI.
     * Entries are learnt from configured peers only, and a port whose
     * remotes change is made anew, so a learnt VTEP is always a peer. */
    if (!eth_addr_is_multicast(l2) && vxlan_fdb_lookup(vx->fdb, vni, l2, &one)
        && (peers[0] = peer_find(vx, one))) {
        dsts = &one;
        n_dst = 1;
    } else {
        dsts = vni_remotes(vx, vni, &n_dst);
        for (size_t d = 0; d < n_dst; d++)
            peers[d] = peer_find(vx, dsts[d]);
    }
    if (!n_dst)
        return;
    if (vnet.gso_type != VIRTIO_NET_HDR_GSO_NONE) {
        if (!tx_segment(q, vni, l2, l2_len, rest, rest_len, &vnet, dsts, n_dst, peers))
            q->port->os.tx_errors++;    /* a super-frame of another kind (UDP) */
        return;
    }
    csum = vnet.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM;
    if (csum && (vnet.csum_start < l2_len
                 || vnet.csum_start + vnet.csum_offset + 2u > l2_len + rest_len)) {
        q->port->os.tx_errors++;        /* offsets outside the frame */
        return;
    }
    b = txq_buf(q, n_dst);
    vxlan_header_write(q->vxh[b], vni);
    memcpy(q->hdr[b], l2, l2_len);
    iov[n_iov++] = (struct iovec) { q->vxh[b], VXLAN_HEADER_LEN };
    iov[n_iov++] = (struct iovec) { q->hdr[b], l2_len };
    if (csum) {
        /* The checksum the sender left to the NIC: from csum_start to the
         * end, the field holding the pseudo-header's sum. */
        uint32_t start = vnet.csum_start, at = start + vnet.csum_offset;

        put16(q->csum[b], csum_fold(csum_add(0, rest + (start - l2_len),
                                             rest_len - (start - l2_len))));
        iov[n_iov++] = (struct iovec) { (void *) rest, at - l2_len };
        iov[n_iov++] = (struct iovec) { q->csum[b], 2 };
        iov[n_iov++] = (struct iovec) { (void *) (rest + (at - l2_len) + 2),
                                        rest_len - (at - l2_len) - 2 };
    } else {
        iov[n_iov++] = (struct iovec) { (void *) rest, rest_len };
    }
    txq_add(q, iov, n_iov, dsts, n_dst, peers);
}

static void
vxlan_send(struct port *p, const struct bridge_tx *items, unsigned n)
{
    struct port_vxlan *vx = p->vxlan;

    if (!vx || !vx->sock) {
        p->os.tx_errors += n;           /* down: no socket */
        return;
    }
    txq.port = p;
    txq.fd = vx->sock->fd;
    txq.n_msgs = txq.n_bufs = 0;
    for (unsigned i = 0; i < n; i++)
        tx_item(&txq, vx, &items[i]);
    if (txq.n_msgs)
        txq_flush(&txq);
}

static unsigned
vxlan_recv(struct port *p, struct pkt *pkts, unsigned max)
{
    (void) p; (void) pkts; (void) max;
    return 0;                       /* the shared socket delivers (sock_readable()) */
}

const struct port_class port_vxlan_class = {
    .type = "vxlan",
    .open = vxlan_open,
    .close = vxlan_close,
    .recv = vxlan_recv,
    .send = vxlan_send,
    .carrier = vxlan_carrier,
};
