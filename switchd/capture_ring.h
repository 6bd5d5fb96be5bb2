#ifndef SWITCHD_CAPTURE_RING_H
#define SWITCHD_CAPTURE_RING_H 1

/* A capture's buffer (docs/design.md section 5.9)
 * ===============================================
 * One block of bytes, allocated when the capture starts, holding records
 * back to back in arrival order: a 'struct capture_rec' header, then the
 * frame's bytes.  A record may wrap round the end of the block (it is
 * copied in two pieces), so no byte is wasted and the bound is exact: the
 * ring never holds more than its size, headers included.
 *
 * Linear (IOS-XE's default): a record that does not fit is refused and the
 * ring is left as it is.  Circular (`buffer circular`): the oldest records
 * are dropped until it fits.  A record bigger than the whole ring is
 * refused in both.
 *
 * Nothing here allocates but capture_ring_init() and _copy(), and nothing
 * makes a system call, so pushing is fit for the packet path. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum capture_dir {
    CAPTURE_DIR_IN = 1,             /* received on the port */
    CAPTURE_DIR_OUT = 2,            /* sent on the port */
    CAPTURE_DIR_BOTH = 3,
};

struct capture_rec {
    int64_t sec;                    /* CLOCK_REALTIME of the batch */
    uint32_t nsec;
    uint32_t len;                   /* the frame's length on the wire */
    uint32_t caplen;                /* bytes kept (the data that follows) */
    uint8_t dir;                    /* CAPTURE_DIR_IN or _OUT */
};

#define CAPTURE_REC_HEADER sizeof(struct capture_rec)

struct capture_ring {
    uint8_t *buf;
    size_t size;
    size_t head;                    /* offset of the oldest record */
    size_t used;                    /* bytes of records, headers included */
    size_t count;                   /* records */
    bool circular;
    uint64_t overwritten;           /* circular: records dropped to make room */
};

/* Allocates 'size' bytes (> 0).  Returns 0 or ENOMEM. */
int capture_ring_init(struct capture_ring *, size_t size, bool circular);
void capture_ring_free(struct capture_ring *);      /* leaves it empty, size 0 */
/* An empty ring on the caller's 'size' bytes at 'buf' (the caller frees
 * them, not capture_ring_free()). */
void capture_ring_init_on(struct capture_ring *, uint8_t *buf, size_t size, bool circular);
void capture_ring_clear(struct capture_ring *);

/* Appends a record of header 'rec' (its 'caplen' must be a_len + b_len)
 * whose bytes are 'a' then 'b'.  Returns false when it does not fit (see
 * above); then nothing changed. */
bool capture_ring_push(struct capture_ring *, const struct capture_rec *rec,
                       const uint8_t *a, uint32_t a_len, const uint8_t *b, uint32_t b_len);

/* A copy of the records of 'src' in a new block of exactly their size
 * (head at 0, never wrapping).  Returns 0 or ENOMEM; an empty ring copies
 * to an empty one. */
int capture_ring_copy(struct capture_ring *dst, const struct capture_ring *src);

/* Reading the records, oldest first. */
struct capture_ring_iter {
    size_t ofs;
    size_t left;
};
void capture_ring_iter_init(const struct capture_ring *, struct capture_ring_iter *);
/* The next record: its header in '*rec' and its first 'data_size' bytes
 * (at most) in 'data'.  Returns false after the last one. */
bool capture_ring_next(const struct capture_ring *, struct capture_ring_iter *,
                       struct capture_rec *rec, uint8_t *data, size_t data_size);

#endif /* switchd/capture_ring.h */
