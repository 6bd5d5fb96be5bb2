#ifndef SHELL_SSH_INFO_H
#define SHELL_SSH_INFO_H 1

/* What the SSH commands (shell/cmd_ssh.c: `show ip ssh`, `show ssh`,
 * `crypto key generate rsa`) ask of the SSH server, which is a front end
 * (frontends/ssh.c) the shell cannot call: the server registers these
 * functions when it starts and takes them back when it stops.  Any
 * thread; the functions run on the session thread of the command. */

#include <stddef.h>

struct shell_ssh_conn {
    unsigned id;                    /* connection number, from 0 */
    char state[32];                 /* "Session started", "Authenticating" */
    char user[40];                  /* "" before authentication */
    char cipher_in[48], cipher_out[48], hmac_in[48], hmac_out[48];
};

struct shell_ssh_host_key {
    char type[24];                  /* "ssh-ed25519", "ssh-rsa" */
    unsigned bits;
    char fingerprint[80];           /* "SHA256:..." */
};

struct shell_ssh_ops {
    /* The connections, at most 'max' into 'out'; returns how many. */
    size_t (*connections)(void *arg, struct shell_ssh_conn *out, size_t max);
    /* The host keys, at most 'max'; returns how many. */
    size_t (*host_keys)(void *arg, struct shell_ssh_host_key *out, size_t max);
    /* Makes a new RSA host key of 'bits' and saves it (slow: seconds).
     * Returns 0 or an errno with a message in 'err'. */
    int (*generate_rsa)(void *arg, unsigned bits, char *err, size_t err_size);
};

/* 'ops' (static) and 'arg', or NULL when the server stops. */
void shell_ssh_register(const struct shell_ssh_ops *ops, void *arg);

#endif /* shell/ssh_info.h */
