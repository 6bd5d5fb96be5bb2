#ifndef SWITCHD_PORT_PACKET_RING_H
#define SWITCHD_PORT_PACKET_RING_H 1

/* Receive rings for packet sockets
 * ================================
 * An AF_PACKET socket with PACKET_RX_RING hands frames over in memory
 * mapped into switchd: reading a batch is reading memory, not a recvmmsg()
 * per 32 frames (docs/design.md section 6.5).  Each frame is copied out
 * into the caller's 'struct pkt', with its virtio-net header and its VLAN
 * tag put back, and its memory goes back to the kernel as soon as it is
 * copied, so nothing points into the ring after recv().  Two kinds:
 *
 * TPACKET_V3 (PACKET_RING_V3): frames packed into blocks that the kernel
 * hands over when full or when their retire timer fires.
 * PACKET_RING_BLOCK_SIZE holds the longest frame (a 64 KiB GSO super-frame
 * plus headers); PACKET_RING_BLOCKS of them make 1 MiB per port (at most
 * about 6000 64-byte frames, or 8 super-frames, between two reads; fewer
 * when the retire timer closes blocks half full).
 *
 * TPACKET_V2 (PACKET_RING_V2): one slot of PACKET_RING_V2_SLOT bytes per
 * frame, each handed over (and the reader woken) as soon as it is written:
 * no timer.  A frame longer than a slot (a GSO super-frame, a jumbo frame)
 * is queued whole on the socket too (PACKET_COPY_THRESH), its slot marked
 * TP_STATUS_COPY, and read from there with recvmsg().
 * PACKET_RING_V2_SLOTS slots make 2 MiB per port.
 *
 * At most PACKET_RING_MAX_PORTS ports get a ring (64 or 128 MiB in all);
 * the others use recvmmsg(). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "port.h"
#include "port_options.h"

#define PACKET_RING_BLOCK_SIZE (128 * 1024)
#define PACKET_RING_BLOCKS     8
#define PACKET_RING_MAX_PORTS  64
/* A block is handed over when full or after this many ms (the kernel's
 * block retire timer; its smallest value). */
#define PACKET_RING_RETIRE_MS  1

/* A frame of the usual 1500-byte MTU with two tags fits a slot after the
 * kernel's headers (76 bytes with the virtio-net header). */
#define PACKET_RING_V2_SLOT    2048
#define PACKET_RING_V2_SLOTS   1024
#define PACKET_RING_V2_BLOCK   (64 * 1024)

struct packet_ring {
    enum packet_ring_mode mode;
    uint8_t *map;                   /* the ring's memory */
    size_t size;                    /* of 'map' */
    bool mapped;                    /* 'map' is the kernel's (munmap on free) */
    /* TPACKET_V3 */
    size_t block_size;
    unsigned n_blocks;
    unsigned block;                 /* the block read next */
    unsigned frames_left;           /* in 'block', once taken; 0: not taken */
    size_t next;                    /* offset in 'block' of the next frame */
    /* TPACKET_V2 */
    int fd;                         /* the socket, for TP_STATUS_COPY frames */
    size_t slot_size;
    unsigned n_slots;
    unsigned slot;                  /* the slot read next */
};

/* Sets up a ring of kind 'mode' (V2 or V3) on packet socket 'fd'
 * (PACKET_VERSION, PACKET_RX_RING, mmap) into '*ring'.  Returns 0, or an
 * errno with a message in 'err' (the socket is then left usable with
 * recvmmsg()). */
int packet_ring_open(int fd, enum packet_ring_mode mode, struct packet_ring *ring,
                     char *err, size_t err_size);
/* Unmaps the ring, if any; '*ring' is zeroed. */
void packet_ring_close(struct packet_ring *ring);

/* Copies up to 'max' frames the kernel has handed over into 'pkts' and
 * returns how many slots it filled.  A truncated frame (tp_snaplen <
 * tp_len: longer than a block, a slot without its copy, or PKT_DATA_MAX) or
 * a malformed one fills its slot with frame length 0 and counts in
 * '*rx_errors'. */
unsigned packet_ring_recv(struct packet_ring *ring, struct pkt *pkts, unsigned max,
                          uint64_t *rx_errors);

/* Whether the kernel has handed over a frame packet_ring_recv() has not
 * read: a memory read, no system call. */
bool packet_ring_pending(const struct packet_ring *ring);

/* The TPACKET_V2 halves of the above (port_packet_ring_v2.c). */
int packet_ring_v2_open(int fd, struct packet_ring *ring, char *err, size_t err_size);
bool packet_ring_v2_pending(const struct packet_ring *ring);
unsigned packet_ring_v2_recv(struct packet_ring *ring, struct pkt *pkts, unsigned max,
                             uint64_t *rx_errors);

/* The kernel strips the 802.1Q tag of received frames into metadata
 * ('tp_status' TP_STATUS_VLAN_VALID, 'tci', TP_STATUS_VLAN_TPID_VALID and
 * 'tpid'): puts it back in front of 'pkt''s frame, and moves a pending
 * checksum's start with it (docs/design.md section 6.3). */
void packet_reinsert_vlan(struct pkt *pkt, uint32_t tp_status, uint16_t tci, uint16_t tpid);
/* The same from the PACKET_AUXDATA message of a recvmsg(), if any. */
void packet_reinsert_vlan_aux(struct pkt *pkt, const struct msghdr *msg);

#endif /* switchd/port_packet_ring.h */
