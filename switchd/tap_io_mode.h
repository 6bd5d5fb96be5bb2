#ifndef SWITCHD_TAP_IO_MODE_H
#define SWITCHD_TAP_IO_MODE_H 1

/* The one switch of switchd/tap_io.h that the front end sets (switchd
 * --no-io-uring), apart from that private header, which sees struct pkt. */

#include <stdbool.h>

/* Whether internal ports' TAP fds use io_uring (the default) or
 * readv/writev.  Takes effect when the ring is set up: before the first
 * internal port opens. */
void tap_io_set_uring(bool enabled);

#endif /* switchd/tap_io_mode.h */
