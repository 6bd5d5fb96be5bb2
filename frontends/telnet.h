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
#include <stdint.h>

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

/* For the SSH server (frontends/ssh.c), which shares telnet's vty lines:
 * the same libcli session, login guard, delays and log lines
 * (docs/design.md section 10.4). */

/* Runs, on the calling thread, the libcli session a telnet client gets on
 * 'fd' (one end of a socketpair), for 'user' who authenticated already
 * from 'source': no login prompts.  Returns when the session ends; closes
 * 'fd'. */
void telnet_serve_logged_in(struct telnet *, int fd, const char *user, const char *source,
                            unsigned local_port);
/* Seconds 'source' stays in quiet mode (login block-for); 0 if none. */
uint32_t telnet_login_blocked(struct telnet *, const char *source);
/* The 'n_failures'-th failed login of a connection: logs it as telnet's
 * (%SEC_LOGIN-4-LOGIN_FAILED), counts it against 'source' (QUIET_MODE_ON
 * when this one blocks it: '*blocked_s' > 0).  Returns the seconds to wait
 * before answering (1, 2, 4, 8, then 16).  Session threads. */
unsigned telnet_login_failed(struct telnet *, unsigned n_failures, const char *user,
                             const char *source, unsigned local_port, uint32_t *blocked_s);
/* Logs %SEC_LOGIN-5-LOGIN_SUCCESS. */
void telnet_login_succeeded(struct telnet *, const char *user, const char *source,
                            unsigned local_port);

#endif /* frontends/telnet.h */
