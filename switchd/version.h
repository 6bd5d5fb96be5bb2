#ifndef SWITCHD_VERSION_H
#define SWITCHD_VERSION_H 1

/* The version of tapswitch, in one place: `switchd --version`, `show version`
 * and the ovs_version of `ovs-vsctl show` print it. */
#define SWITCHD_VERSION "0.1.0"

#endif /* switchd/version.h */
