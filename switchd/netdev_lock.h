#ifndef SWITCHD_NETDEV_LOCK_H
#define SWITCHD_NETDEV_LOCK_H 1

/* Netdev locks: a tap or internal port's netdev serves one switchd at a
 * time (docs/security.md section 2).  A second switchd naming a TAP the
 * first one forwards for would reuse it ("an existing TAP"), bind its own
 * packet socket to it and forward every frame a second time.  Nothing in
 * the TAP tells a TAP an administrator made from one another switchd
 * serves, so each switchd holds a lock on the names of the netdevs it
 * serves: a byte-range lock (fcntl F_SETLK) at an offset hashed from the
 * network namespace and the name, all in one file, NETDEV_LOCK_FILE, so
 * thousands of ports cost one descriptor.  The kernel drops the locks of a
 * process that dies, and reports who holds one.
 *
 * Loop thread only (ports are opened there). */

#include <stddef.h>

#define NETDEV_LOCK_FILE "/run/tapswitch/netdevs.lock"

/* Locks netdev 'name' of this network namespace for this process.  Returns
 * 0, or an errno with a message in 'err' (EBUSY: another switchd holds it,
 * named by its PID). */
int netdev_lock(const char *name, char *err, size_t err_size);
void netdev_unlock(const char *name);

#endif /* switchd/netdev_lock.h */
