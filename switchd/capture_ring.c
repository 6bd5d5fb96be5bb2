#include "capture_ring.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int
capture_ring_init(struct capture_ring *r, size_t size, bool circular)
{
    memset(r, 0, sizeof *r);
    if (!size || !(r->buf = malloc(size)))
        return ENOMEM;
    r->size = size;
    r->circular = circular;
    return 0;
}

void
capture_ring_init_on(struct capture_ring *r, uint8_t *buf, size_t size, bool circular)
{
    memset(r, 0, sizeof *r);
    r->buf = buf;
    r->size = size;
    r->circular = circular;
}

void
capture_ring_free(struct capture_ring *r)
{
    free(r->buf);
    memset(r, 0, sizeof *r);
}

void
capture_ring_clear(struct capture_ring *r)
{
    r->head = r->used = r->count = 0;
    r->overwritten = 0;
}

/* Copies 'n' bytes into the ring at 'ofs', wrapping round its end. */
static void
ring_write(struct capture_ring *r, size_t ofs, const void *src, size_t n)
{
    size_t first = r->size - ofs < n ? r->size - ofs : n;

    if (!n)
        return;             /* 'src' may be NULL */
    memcpy(r->buf + ofs, src, first);
    memcpy(r->buf, (const uint8_t *) src + first, n - first);
}

static void
ring_read(const struct capture_ring *r, size_t ofs, void *dst, size_t n)
{
    size_t first = r->size - ofs < n ? r->size - ofs : n;

    if (!n)
        return;
    memcpy(dst, r->buf + ofs, first);
    memcpy((uint8_t *) dst + first, r->buf, n - first);
}

static size_t
advance(const struct capture_ring *r, size_t ofs, size_t n)
{
    return (ofs + n) % r->size;
}

static void
drop_oldest(struct capture_ring *r)
{
    struct capture_rec rec;
    size_t n;

    ring_read(r, r->head, &rec, sizeof rec);
    n = CAPTURE_REC_HEADER + rec.caplen;
    r->head = advance(r, r->head, n);
    r->used -= n;
    r->count--;
    r->overwritten++;
}

bool
capture_ring_push(struct capture_ring *r, const struct capture_rec *rec,
                  const uint8_t *a, uint32_t a_len, const uint8_t *b, uint32_t b_len)
{
    size_t need = CAPTURE_REC_HEADER + (size_t) a_len + b_len;
    size_t tail;

    if (need > r->size)
        return false;
    if (r->size - r->used < need) {
        if (!r->circular)
            return false;
        while (r->size - r->used < need)
            drop_oldest(r);
    }
    if (!r->count)
        r->head = 0;
    tail = advance(r, r->head, r->used);
    ring_write(r, tail, rec, sizeof *rec);
    tail = advance(r, tail, sizeof *rec);
    ring_write(r, tail, a, a_len);
    tail = advance(r, tail, a_len);
    ring_write(r, tail, b, b_len);
    r->used += need;
    r->count++;
    return true;
}

int
capture_ring_copy(struct capture_ring *dst, const struct capture_ring *src)
{
    memset(dst, 0, sizeof *dst);
    if (!src->used)
        return 0;
    if (capture_ring_init(dst, src->used, false))
        return ENOMEM;
    ring_read(src, src->head, dst->buf, src->used);
    dst->used = src->used;
    dst->count = src->count;
    dst->overwritten = src->overwritten;
    return 0;
}

void
capture_ring_iter_init(const struct capture_ring *r, struct capture_ring_iter *it)
{
    it->ofs = r->head;
    it->left = r->count;
}

bool
capture_ring_next(const struct capture_ring *r, struct capture_ring_iter *it,
                  struct capture_rec *rec, uint8_t *data, size_t data_size)
{
    size_t ofs;

    if (!it->left)
        return false;
    ring_read(r, it->ofs, rec, sizeof *rec);
    ofs = advance(r, it->ofs, sizeof *rec);
    ring_read(r, ofs, data, rec->caplen < data_size ? rec->caplen : data_size);
    it->ofs = advance(r, ofs, rec->caplen);
    it->left--;
    return true;
}
