#ifndef SWITCHD_PORT_TUN_H
#define SWITCHD_PORT_TUN_H 1

/* /dev/net/tun helpers shared by tap and internal ports. */

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

/* Opens /dev/net/tun and attaches TAP 'name' with IFF_TAP | IFF_NO_PI and
 * 'extra_flags', creating the device if needed.  Returns 0 with the fd in
 * '*fd', or an errno with a message in 'err' ("NAME: cannot create TAP:
 * REASON"). */
int tun_open_tap(const char *name, short extra_flags, int *fd, char *err, size_t err_size);

/* Whether netdev 'name' exists and is a TUN/TAP device. */
bool tun_is_tap(const char *name);

/* Ownership
 * ---------
 * A TAP switchd creates carries an ifalias naming switchd's network
 * namespace and the port, "tapswitch switchd net:[INODE] port NAME": the
 * mark outlives a crash of switchd, a move of the TAP to another namespace
 * and a rename there, so a restarted switchd knows the TAPs it made (and
 * deletes them at a clean exit) from the ones it found (which it leaves).
 * Clearing or changing the alias gives a TAP away (docs/security.md
 * section 8). */
#define TUN_ALIAS_MAX 96

/* The alias of port 'port''s TAP, or with 'port' "" its prefix (computed in
 * switchd's namespace: a thread that moves to another namespace gets it
 * first). */
void tun_owner_alias(char alias[TUN_ALIAS_MAX], const char *port);

struct tun_link {
    char name[IFNAMSIZ];
    int ifindex;
    bool is_tun;                    /* a TUN/TAP device */
    char alias[TUN_ALIAS_MAX];      /* its ifalias, cut to fit ("" none) */
};

/* Looks netdev 'name' up in the calling thread's network namespace.
 * Returns 0, ENODEV if there is none, or another errno. */
int tun_link_get(const char *name, struct tun_link *);

/* Calls 'cb' for each netdev of the calling thread's network namespace.
 * Returns 0 or an errno. */
typedef void tun_link_cb(void *arg, const struct tun_link *);
int tun_links_each(tun_link_cb *, void *arg);

/* Whether netdev 'name' is a TAP switchd made ('alias' from
 * tun_owner_alias() for the port). */
bool tun_is_owned(const char *name, const char *alias);

/* Marks netdev 'ifindex' as switchd's.  Returns 0 or an errno. */
int tun_set_owned(int ifindex, const char *alias);

/* Attaches to a TAP switchd left in another network namespace: for each of
 * the 'n' port names (sorted with strcmp), a persistent TAP with that
 * port's alias (whatever its netdev name) in a namespace of switchd's user
 * namespace (the named ones of `ip netns` and those of running processes)
 * is attached with IFF_VNET_HDR there and its fd stored in fds[i] (left -1
 * otherwise).  Needs CAP_SYS_ADMIN to
 * enter the namespaces; without it nothing is found. */
void tun_adopt(const char *const *names, size_t n, int *fds);

#endif
