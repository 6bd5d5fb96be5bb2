#ifndef FRONTENDS_SSH_H
#define FRONTENDS_SSH_H 1

/* The SSH server (docs/design.md section 10.4): Debian's libssh server API
 * on the command engine telnet uses.  Listens on cli.ssh.listen (default
 * 127.0.0.1:2222; "" = none), one session thread per connection under the
 * vty lines' rules (docs/security.md section 3): no user configured, no
 * login; telnet's login guard, failure delays and log lines;
 * cli.ssh.timeout_s to authenticate, cli.ssh.authentication_retries
 * failures end the connection; `transport input` chooses telnet and/or
 * SSH.  Password logins against the users' crypt hashes, public keys
 * against their ssh_keys.  A shell channel (with a PTY) runs the libcli
 * session a telnet client gets on a socketpair; an exec channel runs one
 * line at the user's privilege and returns its exit status.
 *
 * Host keys (ed25519 and RSA) live in the state directory
 * (ssh_host_ed25519_key, ssh_host_rsa_key; mode 0600, directory 0700),
 * made at the first start and loaded after; `crypto key generate rsa`
 * replaces the RSA one. */

#include <stddef.h>

struct loop;
struct shell;
struct switch_config;
struct switch_state;
struct telnet;
struct ssh_server;

#define SSH_MAX_SESSIONS 100
#define SSH_DEFAULT_STATE_DIR "/var/lib/tapswitch"

/* Listens on the address of 'cfg' before the switch is built, as
 * telnet_listen() does. */
int ssh_listen(const struct switch_config *cfg, int *fd, char *err, size_t err_size);
/* Serves SSH on 'fd' (ssh_listen()'s, -1 for none; taken in every case)
 * with the host keys of 'state_dir', made there when missing.  Sessions
 * share 'telnet''s login guard and its libcli session.  Returns NULL with
 * a message in 'err'. */
struct ssh_server *ssh_create(struct loop *, struct shell *, struct switch_state *,
                              struct telnet *, const char *state_dir, int fd,
                              char *err, size_t err_size);
/* Ends every session and joins its thread. */
void ssh_destroy(struct ssh_server *);              /* accepts NULL */

#endif /* frontends/ssh.h */
