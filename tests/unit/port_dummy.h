#ifndef TESTS_UNIT_PORT_DUMMY_H
#define TESTS_UNIT_PORT_DUMMY_H 1

/* A port back end in memory, for unit tests
 * =========================================
 * Open vSwitch's netdev-dummy for switchd/state*.c: port_dummy_install()
 * puts four back ends in switchd's port_classes[] (switchd/port.h), one per
 * port type, so state_create() and state_apply() run without root, netdevs
 * or namespaces.  A tap, internal or system port opens a "device" of its
 * name held here, with an eventfd as its fd (so the loop watches it as a
 * real port and a leaked port shows as a leaked fd); a patch port has no
 * fd and sends with state_patch_deliver(), as the real one does.
 *
 * Frames go in with port_dummy_inject() (received on the port once the
 * loop runs) and come out in the order the port sent them, with their
 * egress header (tags) applied.  Opens can be told to fail: the Nth open
 * from now, or every open of a name.  A device can be open only once (as a
 * single-queue TAP), so a port opened twice fails with EBUSY. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct loop;

#define PORT_DUMMY_FRAME_MAX 2048

/* Installs the dummy back ends and forgets every device and failure. */
void port_dummy_install(void);

/* The 'n'th open from now fails (1: the next one) with 'error'; 0: none. */
void port_dummy_fail_nth_open(unsigned n, int error);
/* Every open of port 'name' fails with 'error' (0: opens succeed again). */
void port_dummy_fail_name(const char *name, int error);

/* Opens attempted since port_dummy_install(). */
unsigned port_dummy_opens(void);
/* Whether port 'name' is open now, and how many ports are. */
bool port_dummy_is_open(const char *name);
size_t port_dummy_n_open(void);

/* Queues a frame to be received on port 'name' (open, not a patch port).
 * Returns false when it is not open or its queue is full. */
bool port_dummy_inject(const char *name, const void *frame, size_t len);
/* The same with the virtio-net header 'vnet' (a partial checksum, a GSO
 * super-frame: docs/design.md section 6.2). */
struct virtio_net_hdr;
bool port_dummy_inject_vnet(const char *name, const struct virtio_net_hdr *vnet,
                            const void *frame, size_t len);
/* Runs 'loop' until every queued frame has been received (or for at most
 * 1000 rounds, when a port is not watched). */
void port_dummy_run(struct loop *);

/* Frames port 'name' sent since the last call: the oldest is copied to
 * 'buf' (at most 'size' bytes) and its length returned; 0: none left. */
size_t port_dummy_sent(const char *name, void *buf, size_t size);
/* How many frames port 'name' sent that were not yet taken. */
size_t port_dummy_n_sent(const char *name);

/* The carrier device 'name' reports (class->carrier()): true until set
 * otherwise, also across opens. */
void port_dummy_set_carrier(const char *name, bool carrier);

#endif /* tests/unit/port_dummy.h */
