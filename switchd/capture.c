/* Packet capture (IOS-XE `monitor capture`): capture.h says what it does,
 * docs/design.md section 5.9 why it sits here. */
#include "capture.h"
#include "state_observe.h"

#include <ctype.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "loop.h"

/* A buffer's bytes, shared by reference with the snapshots of a stopped
 * capture (capture_snapshot()): a session writes a 100 MB export from it
 * without the loop copying it (docs/design.md section 5.9).  The loop
 * writes into a block only while its capture runs, and a running
 * capture's block is never shared: `start` takes a new block when a
 * snapshot still holds the old one. */
struct capture_block {
    atomic_uint refs;
    size_t size;
    uint8_t data[];
};

static struct capture_block *
block_new(size_t size)
{
    struct capture_block *b = malloc(sizeof *b + size);

    if (b) {
        atomic_init(&b->refs, 1);
        b->size = size;
    }
    return b;
}

/* Any thread: drops one reference. */
static void
block_unref(struct capture_block *b)
{
    if (b && atomic_fetch_sub_explicit(&b->refs, 1, memory_order_acq_rel) == 1)
        free(b);
}

/* A capture point.  It is the 'capture' of the one port it watches while
 * it runs (state_observe.h), NULL there otherwise. */
struct port_capture {
    struct capture_info info;       /* definition and counters ('in_buffer',
                                       'overwritten', 'buffer_used' are the ring's) */
    struct capture_ring ring;       /* on 'block' */
    struct capture_block *block;    /* allocated by start, kept after stop */
    int64_t deadline_ms;            /* loop_now_ms() (monotonic, so a step of
                                       the wall clock moves no deadline);
                                       0: no duration limit */
};

struct capture_set {
    struct port_capture *caps[CAPTURE_MAX];
    size_t n;
};

static int64_t
realtime_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static struct port_capture *
find(const struct switch_state *sw, const char *name)
{
    const struct capture_set *set = sw->captures;

    for (size_t i = 0; set && i < set->n; i++)
        if (!strcmp(set->caps[i]->info.name, name))
            return set->caps[i];
    return NULL;
}

static struct port_capture *
find_running(const struct switch_state *sw)
{
    const struct capture_set *set = sw->captures;

    for (size_t i = 0; set && i < set->n; i++)
        if (set->caps[i]->info.running)
            return set->caps[i];
    return NULL;
}

/* Stops 'c' for 'reason': its port (if it still has one of that name
 * watched by 'c') forgets it.  Also called from the datapath, where the
 * caller reads nothing of the port's 'capture' afterwards. */
static void
stop(struct switch_state *sw, struct port_capture *c, const char *reason)
{
    struct port *p = c->info.port[0] ? state_find_port(sw, c->info.port) : NULL;

    if (p && p->capture == c)
        p->capture = NULL;
    c->info.running = false;
    c->info.stop_reason = reason;
}

/* The duration limit of a capture that saw no frame since it passed. */
static void
poll_duration(struct switch_state *sw)
{
    struct port_capture *c = find_running(sw);

    if (c && c->deadline_ms && loop_now_ms() >= c->deadline_ms)
        stop(sw, c, "duration limit");
}

static bool
valid_name(const char *name, char *err, size_t err_size)
{
    size_t len = strlen(name);

    for (size_t i = 0; i < len; i++)
        if (!isalnum((unsigned char) name[i]) && !strchr("_-.", name[i]))
            goto bad;
    if (len && len <= CAPTURE_NAME_MAX)
        return true;
bad:
    snprintf(err, err_size, "Invalid capture name \"%.40s\": 1-%d letters, digits, '_', '-' "
             "or '.'", name, CAPTURE_NAME_MAX);
    return false;
}

static int
lookup(struct switch_state *sw, const char *name, struct port_capture **out,
       char *err, size_t err_size)
{
    poll_duration(sw);
    if (!(*out = find(sw, name))) {
        snprintf(err, err_size, "Capture point %.40s does not exist", name);
        return ENOENT;
    }
    return 0;
}

/* The point 'name' to redefine: created if new, refused while running. */
static int
editable(struct switch_state *sw, const char *name, struct port_capture **out,
         char *err, size_t err_size)
{
    struct capture_set *set;
    struct port_capture *c;

    poll_duration(sw);
    if ((c = find(sw, name))) {
        if (c->info.running) {
            snprintf(err, err_size, "Capture %s is active: stop it before changing it", name);
            return EBUSY;
        }
        *out = c;
        return 0;
    }
    if (!valid_name(name, err, err_size))
        return EINVAL;
    if (!sw->captures && !(sw->captures = calloc(1, sizeof *sw->captures)))
        goto nomem;
    set = sw->captures;
    if (set->n >= CAPTURE_MAX) {
        snprintf(err, err_size, "At most %d capture points may exist", CAPTURE_MAX);
        return ENOSPC;
    }
    if (!(c = calloc(1, sizeof *c)))
        goto nomem;
    snprintf(c->info.name, sizeof c->info.name, "%s", name);
    c->info.dir = CAPTURE_DIR_BOTH;
    c->info.buffer_mb = CAPTURE_BUFFER_MB_DEFAULT;
    set->caps[set->n++] = c;
    *out = c;
    return 0;
nomem:
    snprintf(err, err_size, "Out of memory");
    return ENOMEM;
}

int
capture_set_interface(struct switch_state *sw, const char *name, const char *port,
                      enum capture_dir dir, char *err, size_t err_size)
{
    struct port_capture *c;
    int error;

    if (!state_find_port(sw, port)) {
        snprintf(err, err_size, "Interface %.40s does not exist", port);
        return ENODEV;
    }
    if ((error = editable(sw, name, &c, err, err_size)))
        return error;
    snprintf(c->info.port, sizeof c->info.port, "%s", port);
    c->info.dir = dir;
    return 0;
}

int
capture_set_match(struct switch_state *sw, const char *name, const struct capture_match *m,
                  char *err, size_t err_size)
{
    struct port_capture *c;
    int error;

    if (m->kind == CAPTURE_MATCH_VLAN && (m->vid < 1 || m->vid > 4094)) {
        snprintf(err, err_size, "VLAN %u is out of range (1-4094)", m->vid);
        return EINVAL;
    }
    if ((error = editable(sw, name, &c, err, err_size)))
        return error;
    c->info.match = *m;
    return 0;
}

int
capture_set_limit(struct switch_state *sw, const char *name, long packets, long duration_s,
                  char *err, size_t err_size)
{
    struct port_capture *c;
    int error;

    if (packets < -1 || packets > CAPTURE_PACKETS_MAX) {
        snprintf(err, err_size, "Packet limit %ld is out of range (1-%d)", packets,
                 CAPTURE_PACKETS_MAX);
        return EINVAL;
    }
    if (duration_s < -1 || duration_s > CAPTURE_DURATION_MAX) {
        snprintf(err, err_size, "Duration %ld is out of range (1-%d seconds)", duration_s,
                 CAPTURE_DURATION_MAX);
        return EINVAL;
    }
    if ((error = editable(sw, name, &c, err, err_size)))
        return error;
    if (packets >= 0)
        c->info.limit_packets = packets;
    if (duration_s >= 0)
        c->info.limit_duration_s = duration_s;
    return 0;
}

int
capture_set_buffer(struct switch_state *sw, const char *name, unsigned mb, int circular,
                   char *err, size_t err_size)
{
    struct port_capture *c;
    int error;

    if (mb > CAPTURE_BUFFER_MB_MAX) {
        snprintf(err, err_size, "Buffer size %u MB is out of range (1-%d)", mb,
                 CAPTURE_BUFFER_MB_MAX);
        return EINVAL;
    }
    if ((error = editable(sw, name, &c, err, err_size)))
        return error;
    if (mb)
        c->info.buffer_mb = mb;
    if (circular >= 0)
        c->info.circular = circular;
    return 0;
}

int
capture_start(struct switch_state *sw, const char *name, char *err, size_t err_size)
{
    size_t size;
    struct port_capture *c, *other;
    struct port *p;
    int error;

    if ((error = lookup(sw, name, &c, err, err_size)))
        return error;
    if (c->info.running) {
        snprintf(err, err_size, "Capture %s is already active", name);
        return EBUSY;
    }
    if ((other = find_running(sw))) {
        snprintf(err, err_size, "Capture %s is active: one capture runs at a time",
                 other->info.name);
        return EBUSY;
    }
    if (!c->info.port[0]) {
        snprintf(err, err_size, "Capture %s has no interface: monitor capture %s interface "
                 "INTERFACE both", name, name);
        return EINVAL;
    }
    if (!(p = state_find_port(sw, c->info.port))) {
        snprintf(err, err_size, "Interface %s of capture %s does not exist", c->info.port,
                 name);
        return ENODEV;
    }
    /* The one allocation: a new size, or a snapshot still reading the old
     * block, gets a new block. */
    size = (size_t) c->info.buffer_mb << 20;
    if (!c->block || c->block->size != size
        || atomic_load_explicit(&c->block->refs, memory_order_acquire) > 1) {
        struct capture_block *b = block_new(size);

        if (!b) {
            snprintf(err, err_size, "Out of memory for a %u MB buffer", c->info.buffer_mb);
            return ENOMEM;
        }
        block_unref(c->block);
        c->block = b;
    }
    capture_ring_init_on(&c->ring, c->block->data, size, c->info.circular);
    c->info.captured = c->info.not_matched = c->info.dropped = 0;
    c->info.running = true;
    c->info.stop_reason = NULL;
    c->info.start_sec = realtime_ns() / 1000000000;
    c->deadline_ms = c->info.limit_duration_s
                     ? loop_now_ms() + (int64_t) c->info.limit_duration_s * 1000 : 0;
    p->capture = c;
    return 0;
}

int
capture_stop(struct switch_state *sw, const char *name, char *err, size_t err_size)
{
    struct port_capture *c;
    int error;

    if ((error = lookup(sw, name, &c, err, err_size)))
        return error;
    if (!c->info.running) {
        snprintf(err, err_size, "Capture %s is not active", name);
        return EINVAL;
    }
    stop(sw, c, "stopped");
    return 0;
}

int
capture_clear(struct switch_state *sw, const char *name, char *err, size_t err_size)
{
    struct port_capture *c;
    int error;

    if ((error = lookup(sw, name, &c, err, err_size)))
        return error;
    capture_ring_clear(&c->ring);
    return 0;
}

static void
free_capture(struct switch_state *sw, struct port_capture *c)
{
    if (c->info.running)
        stop(sw, c, "deleted");
    block_unref(c->block);
    free(c);
}

int
capture_delete(struct switch_state *sw, const char *name, char *err, size_t err_size)
{
    struct capture_set *set = sw->captures;
    struct port_capture *c;
    int error;

    if ((error = lookup(sw, name, &c, err, err_size)))
        return error;
    for (size_t i = 0; i < set->n; i++)
        if (set->caps[i] == c) {
            memmove(&set->caps[i], &set->caps[i + 1], (set->n - i - 1) * sizeof *set->caps);
            set->n--;
            break;
        }
    free_capture(sw, c);
    return 0;
}

static void
fill_info(const struct port_capture *c, struct capture_info *out)
{
    *out = c->info;
    out->in_buffer = c->ring.count;
    out->overwritten = c->ring.overwritten;
    out->buffer_used = c->ring.used;
}

size_t
capture_list(struct switch_state *sw, struct capture_info *out, size_t max)
{
    const struct capture_set *set = sw->captures;

    poll_duration(sw);
    for (size_t i = 0; set && i < set->n && i < max; i++)
        fill_info(set->caps[i], &out[i]);
    return set ? set->n : 0;
}

int
capture_get(struct switch_state *sw, const char *name, struct capture_info *out,
            char *err, size_t err_size)
{
    struct port_capture *c;
    int error;

    if ((error = lookup(sw, name, &c, err, err_size)))
        return error;
    fill_info(c, out);
    return 0;
}

int
capture_snapshot(struct switch_state *sw, const char *name, bool for_export,
                 struct capture_snapshot **out, char *err, size_t err_size)
{
    struct capture_snapshot *s;
    struct port_capture *c;
    int error;

    if ((error = lookup(sw, name, &c, err, err_size)))
        return error;
    if (for_export && c->info.running) {
        snprintf(err, err_size, "Capture %s is active: stop it before exporting", name);
        return EBUSY;
    }
    if (for_export && !c->ring.count) {
        snprintf(err, err_size, "Capture %s has no packets to export", name);
        return ENODATA;
    }
    if (!(s = calloc(1, sizeof *s)))
        goto nomem;
    if (c->info.running) {
        /* The datapath writes on: a copy, of the frames only. */
        if (capture_ring_copy(&s->ring, &c->ring)) {
            free(s);
            goto nomem;
        }
    } else {
        s->ring = c->ring;
        if ((s->block = c->block))
            atomic_fetch_add_explicit(&c->block->refs, 1, memory_order_relaxed);
    }
    fill_info(c, &s->info);
    *out = s;
    return 0;
nomem:
    snprintf(err, err_size, "Out of memory for a copy of the capture buffer");
    return ENOMEM;
}

void
capture_snapshot_free(struct capture_snapshot *s)
{
    if (s) {
        if (s->block)
            block_unref(s->block);
        else
            capture_ring_free(&s->ring);
        free(s);
    }
}

void
capture_rebind(struct switch_state *sw)
{
    struct port_capture *c = find_running(sw);
    struct port *p = c ? state_find_port(sw, c->info.port) : NULL;

    if (p)
        p->capture = c;
}

void
capture_destroy_all(struct switch_state *sw)
{
    struct capture_set *set = sw->captures;

    for (size_t i = 0; set && i < set->n; i++)
        free_capture(sw, set->caps[i]);
    free(set);
    sw->captures = NULL;
}

/* The datapath (state_observe.h): no allocation, no blocking, one clock
 * read per batch. */

/* The untagged VLAN of port 'p': what an untagged (or priority-tagged)
 * frame there belongs to, 0 if none (a trunk whose native VLAN is tagged
 * or absent). */
static uint16_t
untagged_vlan(const struct port *p)
{
    const struct vlan_port *v = state_port_vlan(p);

    if (v->mode == VLAN_MODE_ACCESS)
        return v->access_vid;
    return v->native_tagged ? 0 : v->native_vid;
}

/* Whether the frame whose first bytes are 'h' ('n' of them) passes 'm'
 * at port 'p'. */
static bool
matches(const struct capture_match *m, const struct port *p, const uint8_t *h, size_t n)
{
    uint16_t vid;

    switch (m->kind) {
    case CAPTURE_MATCH_ANY:
        return true;
    case CAPTURE_MATCH_MAC:
        return n >= 12 && (!memcmp(h, m->mac, 6) || !memcmp(h + 6, m->mac, 6));
    case CAPTURE_MATCH_VLAN:
        if (n >= 16 && h[12] == 0x81 && h[13] == 0x00
            && (vid = ((h[14] << 8) | h[15]) & VLAN_VID_MASK))
            return vid == m->vid;
        return untagged_vlan(p) == m->vid;
    }
    return false;
}

/* Keeps one frame of bytes 'a' then 'b'. */
static void
keep(struct switch_state *sw, struct port_capture *c, const struct port *p, int64_t now,
     uint8_t dir, const uint8_t *a, uint32_t a_len, const uint8_t *b, uint32_t b_len)
{
    uint8_t head[16];
    size_t n = 0;
    struct capture_rec rec;

    if (!c->info.running)
        return;
    n = a_len < sizeof head ? a_len : sizeof head;
    memcpy(head, a, n);
    if (n < sizeof head && b_len) {
        size_t more = sizeof head - n < b_len ? sizeof head - n : b_len;

        memcpy(head + n, b, more);
        n += more;
    }
    if (!matches(&c->info.match, p, head, n)) {
        c->info.not_matched++;
        return;
    }
    rec = (struct capture_rec) {
        .sec = now / 1000000000, .nsec = now % 1000000000, .len = a_len + b_len, .dir = dir,
    };
    if (rec.len > CAPTURE_SNAPLEN)
        b_len = CAPTURE_SNAPLEN - a_len;    /* a_len: an L2 header, far shorter */
    rec.caplen = a_len + b_len;
    if (!capture_ring_push(&c->ring, &rec, a, a_len, b, b_len)) {
        c->info.dropped++;
        stop(sw, c, "buffer full");
        return;
    }
    c->info.captured++;
    if (c->info.limit_packets && c->info.captured >= c->info.limit_packets)
        stop(sw, c, "packet limit");
}

/* The time of a batch (one clock read, two with a duration limit), or 0
 * when the duration limit ended the capture. */
static int64_t
batch_time(struct switch_state *sw, struct port_capture *c)
{
    if (c->deadline_ms && loop_now_ms() >= c->deadline_ms) {
        stop(sw, c, "duration limit");
        return 0;
    }
    return realtime_ns();
}

void
capture_observe_rx(struct port *in, struct frame *const frames[], unsigned n)
{
    struct port_capture *c = in->capture;
    struct switch_state *sw = in->bridge->sw;
    int64_t now;

    if (!(c->info.dir & CAPTURE_DIR_IN) || !n || !(now = batch_time(sw, c)))
        return;
    for (unsigned i = 0; i < n; i++)
        keep(sw, c, in, now, CAPTURE_DIR_IN, frames[i]->data, frames[i]->len, NULL, 0);
}

void
capture_observe_tx(struct port *p, const struct bridge_tx *items, unsigned n)
{
    struct port_capture *c = p->capture;
    struct switch_state *sw = p->bridge->sw;
    int64_t now;

    if (!(c->info.dir & CAPTURE_DIR_OUT) || !n || !(now = batch_time(sw, c)))
        return;
    for (unsigned i = 0; i < n; i++) {
        uint8_t hdr[BRIDGE_TX_HEADER_MAX];
        uint32_t rest_ofs;
        uint32_t hdr_len = bridge_tx_header(&items[i], hdr, &rest_ofs);
        const struct frame *f = items[i].frame;

        keep(sw, c, p, now, CAPTURE_DIR_OUT, hdr, hdr_len, f->data + rest_ofs,
             f->len - rest_ofs);
    }
}
