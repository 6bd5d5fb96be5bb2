#ifndef SWITCHD_PORT_PACKET_RING_H
#define SWITCHD_PORT_PACKET_RING_H 1

/* TPACKET_V3 receive rings
 * ========================
 * An AF_PACKET socket with PACKET_RX_RING hands frames over in blocks of
 * memory mapped into switchd: reading a batch is reading memory, not a
 * recvmmsg() per 32 frames (docs/design.md section 6.5).  Each frame is
 * copied out into the caller's 'struct pkt', with its virtio-net header
 * and its VLAN tag put back, and a block goes back to the kernel as soon as
 * its last frame is copied, so nothing points into the ring after recv().
 *
 * Sizes: PACKET_RING_BLOCK_SIZE holds the longest frame (a 64 KiB GSO
 * super-frame plus headers); PACKET_RING_BLOCKS of them make 1 MiB per port
 * (at most about 6000 64-byte frames, or 8 super-frames, between two reads;
 * fewer when the retire timer closes blocks half full).  At
 * most PACKET_RING_MAX_PORTS ports get a ring (64 MiB in all); the others
 * use recvmmsg(). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "port.h"

#define PACKET_RING_BLOCK_SIZE (128 * 1024)
#define PACKET_RING_BLOCKS     8
#define PACKET_RING_MAX_PORTS  64
/* A block is handed over when full or after this many ms (the kernel's
 * block retire timer; its smallest value). */
#define PACKET_RING_RETIRE_MS  1

struct packet_ring {
    uint8_t *map;                   /* PACKET_RING_BLOCKS * block_size bytes */
    size_t block_size;
    unsigned n_blocks;
    unsigned block;                 /* the block read next */
    unsigned frames_left;           /* in 'block', once taken; 0: not taken */
    size_t next;                    /* offset in 'block' of the next frame */
    bool mapped;                    /* 'map' is the kernel's (munmap on free) */
};

/* Sets up the ring of packet socket 'fd' (PACKET_VERSION, PACKET_RX_RING,
 * mmap) into '*ring'.  Returns 0, or an errno with a message in 'err'
 * (the socket is then left as it was, usable with recvmmsg()). */
int packet_ring_open(int fd, struct packet_ring *ring, char *err, size_t err_size);
/* Unmaps the ring, if any; '*ring' is zeroed. */
void packet_ring_close(struct packet_ring *ring);

/* Copies up to 'max' frames from the blocks the kernel has handed over
 * into 'pkts' and returns how many slots it filled.  A truncated frame
 * (tp_snaplen < tp_len: longer than a block or PKT_DATA_MAX) fills its slot
 * with frame length 0 and counts in '*rx_errors'. */
unsigned packet_ring_recv(struct packet_ring *ring, struct pkt *pkts, unsigned max,
                          uint64_t *rx_errors);

/* The kernel strips the 802.1Q tag of received frames into metadata
 * ('tp_status' TP_STATUS_VLAN_VALID, 'tci', TP_STATUS_VLAN_TPID_VALID and
 * 'tpid'): puts it back in front of 'pkt''s frame, and moves a pending
 * checksum's start with it (docs/design.md section 6.3). */
void packet_reinsert_vlan(struct pkt *pkt, uint32_t tp_status, uint16_t tci, uint16_t tpid);

#endif /* switchd/port_packet_ring.h */
