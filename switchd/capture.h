#ifndef SWITCHD_CAPTURE_H
#define SWITCHD_CAPTURE_H 1

/* Packet capture: IOS-XE's embedded packet capture, simplified
 * =============================================================
 * (docs/design.md section 5.9, docs/cli.md "monitor capture").  A capture
 * point has a name, one interface and a direction (in, out, both), a
 * filter (any frame, frames from or to one MAC, frames of one VLAN),
 * limits (packets, duration) and a buffer (1-100 MB, linear or circular).
 * At most CAPTURE_MAX points exist and, as on IOS-XE, one runs at a time.
 *
 * Bounded memory: a running or stopped point holds one block of its buffer
 * size (capture_ring.h), allocated by `start` (a second one only while a
 * snapshot of the first is still being written out); the datapath copies frames
 * into it and never allocates, blocks or touches a file
 * (switchd/state_observe.h).  A linear buffer that fills stops the
 * capture, as do the limits.
 *
 * Captures are runtime state, not configuration: they are in neither the
 * running-config nor the JSON, and a restart forgets them.
 *
 * Every function here runs on the loop thread (docs/design.md section 7)
 * and returns 0 or an errno with a message in 'err', except
 * capture_export_pcap(), which writes the file from a snapshot on any
 * thread (the shell runs it on the session thread). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capture_ring.h"
#include "config.h"

struct switch_state;

#define CAPTURE_MAX              8      /* capture points (IOS-XE's number) */
#define CAPTURE_NAME_MAX         31
#define CAPTURE_BUFFER_MB_DEFAULT 10    /* IOS-XE's default */
#define CAPTURE_BUFFER_MB_MAX    100
#define CAPTURE_PACKETS_MAX      100000 /* `limit packets`, IOS-XE's range */
#define CAPTURE_DURATION_MAX     1000000 /* `limit duration` seconds, IOS-XE's range */
/* pcap's snapshot length: no frame switchd moves is longer (a 64 KiB
 * super-frame from a VM with its tags), so frames are kept whole. */
#define CAPTURE_SNAPLEN          262144

enum capture_match_kind {
    CAPTURE_MATCH_ANY,
    CAPTURE_MATCH_MAC,              /* source or destination MAC is 'mac' */
    CAPTURE_MATCH_VLAN,             /* in VLAN 'vid' at the port (capture.c) */
};

struct capture_match {
    enum capture_match_kind kind;
    uint8_t mac[6];
    uint16_t vid;
};

struct capture_info {
    char name[CAPTURE_NAME_MAX + 1];
    char port[CONFIG_NAME_MAX + 1];     /* "": no interface yet */
    enum capture_dir dir;
    struct capture_match match;
    uint32_t limit_packets;             /* 0: none */
    uint32_t limit_duration_s;          /* 0: none */
    uint32_t buffer_mb;
    bool circular;
    bool running;
    const char *stop_reason;            /* why it last stopped, or NULL */
    int64_t start_sec;                  /* CLOCK_REALTIME of the last start; 0: never */
    uint64_t captured;                  /* frames kept since the start */
    uint64_t not_matched;               /* frames the filter left out */
    uint64_t dropped;                   /* linear buffer full: the frame that stopped it */
    uint64_t in_buffer;                 /* frames in the buffer now */
    uint64_t overwritten;               /* circular: frames dropped for room */
    size_t buffer_used;                 /* bytes in the buffer, headers included */
};

/* Definitions: each creates the point 'name' if it does not exist, and
 * fails with EBUSY while it runs. */
int capture_set_interface(struct switch_state *, const char *name, const char *port,
                          enum capture_dir dir, char *err, size_t err_size);
int capture_set_match(struct switch_state *, const char *name, const struct capture_match *,
                      char *err, size_t err_size);
/* 'packets', 'duration_s': -1 leaves it, 0 removes the limit. */
int capture_set_limit(struct switch_state *, const char *name, long packets, long duration_s,
                      char *err, size_t err_size);
/* 'mb': 0 leaves it; 'circular': -1 leaves it. */
int capture_set_buffer(struct switch_state *, const char *name, unsigned mb, int circular,
                       char *err, size_t err_size);

/* `start` (allocates the buffer, empties it), `stop`, `clear` (empties the
 * buffer), `no monitor capture` (stops and forgets it). */
int capture_start(struct switch_state *, const char *name, char *err, size_t err_size);
int capture_stop(struct switch_state *, const char *name, char *err, size_t err_size);
int capture_clear(struct switch_state *, const char *name, char *err, size_t err_size);
int capture_delete(struct switch_state *, const char *name, char *err, size_t err_size);

/* The points, in creation order: at most 'max' in 'out'; returns how many
 * there are. */
size_t capture_list(struct switch_state *, struct capture_info *out, size_t max);
int capture_get(struct switch_state *, const char *name, struct capture_info *out,
                char *err, size_t err_size);

/* A point's buffer as it is now, for showing or exporting it off the loop
 * thread: a stopped point's buffer is shared by reference (no copy; any
 * thread may free the snapshot), a running one's is copied.
 * 'for_export': refused (EBUSY) while it runs, and (ENODATA) when the
 * buffer is empty. */
struct capture_block;
struct capture_snapshot {
    struct capture_info info;
    struct capture_ring ring;
    struct capture_block *block;    /* shared, or NULL: 'ring' owns a copy */
};
int capture_snapshot(struct switch_state *, const char *name, bool for_export,
                     struct capture_snapshot **out, char *err, size_t err_size);
void capture_snapshot_free(struct capture_snapshot *);     /* accepts NULL */

/* Writes the snapshot's frames to 'path' as a pcap file (Ethernet,
 * nanosecond timestamps) with libpcap (switchd/capture_pcap.c). */
int capture_export_pcap(const struct capture_snapshot *, const char *path,
                        char *err, size_t err_size);

/* The switch: follow a configuration change (a port recreated gets its
 * capture back), and free everything at the end. */
void capture_rebind(struct switch_state *);
void capture_destroy_all(struct switch_state *);

#endif /* switchd/capture.h */
