#ifndef SWITCHD_SYSFS_H
#define SWITCHD_SYSFS_H 1

/* Reading a netdev's attributes from /sys/class/net.  sysfs shows the
 * netdevs of the namespace of whoever mounted it, so a netdev moved into
 * another namespace reads as absent. */

#include <stdbool.h>
#include <stddef.h>

/* Reads the first line of /sys/class/net/NETDEV/FILE into 'buf' ('size'
 * bytes, NUL-terminated, newline removed).  False if the file cannot be
 * opened or is empty. */
bool sysfs_net_read(const char *netdev, const char *file, char *buf, size_t size);

#endif /* switchd/sysfs.h */
