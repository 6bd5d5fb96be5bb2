#ifndef SWITCHD_PORT_TUN_H
#define SWITCHD_PORT_TUN_H 1

/* /dev/net/tun helpers shared by tap and internal ports. */

#include <stdbool.h>

/* Opens /dev/net/tun and attaches TAP 'name' with IFF_TAP | IFF_NO_PI and
 * 'extra_flags', creating the device if needed.  Returns the fd or -errno. */
int tun_open_tap(const char *name, short extra_flags);

/* Whether netdev 'name' exists and is a TUN/TAP device. */
bool tun_is_tap(const char *name);

#endif
