#ifndef FRONTENDS_TELNET_H
#define FRONTENDS_TELNET_H 1

/* The telnet server (IOS vty lines): listens on the configured address
 * (cli.telnet.listen, default 127.0.0.1:2323; "" = none), one session
 * thread per client; logins (nobody gets in with no user configured), the
 * enable secret, growing delays after failures, login block-for per source
 * address, the login and idle timeouts (docs/security.md section 3).  It
 * follows configuration changes through a state hook: a new address is
 * bound before the change commits, new login settings apply at once. */

#include <stddef.h>

struct loop;
struct shell;
struct switch_config;
struct switch_state;
struct telnet;

/* Listens on the address of 'cfg' (the socket in '*fd', -1 if 'cfg' has
 * none), before the switch is built (main.c), so a taken address fails
 * the start before any device exists.  Returns 0 or an errno with a
 * message in 'err' (e.g. the address is taken). */
int telnet_listen(const struct switch_config *cfg, int *fd, char *err, size_t err_size);
/* Serves telnet on 'fd' (telnet_listen()'s, -1 for none), which it takes
 * in every case.  Returns NULL with a message in 'err'. */
struct telnet *telnet_create(struct loop *, struct shell *, struct switch_state *, int fd,
                             char *err, size_t err_size);
/* Ends every session and joins its thread. */
void telnet_destroy(struct telnet *);               /* accepts NULL */

#endif /* frontends/telnet.h */
