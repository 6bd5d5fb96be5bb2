#ifndef SHELL_SSH_INFO_H
#define SHELL_SSH_INFO_H 1

/* What the SSH commands (shell/cmd_ssh.c: `show ip ssh`, `show ssh`,
 * `crypto key generate rsa`) ask of the SSH server, which is a front end
 * (frontends/ssh.c) the shell cannot call: the server registers these
 * functions when it starts and takes them back when it stops.  Any
 * thread; the functions run on the session thread of the command. */

#include <stddef.h>

/* The algorithms the server offers (frontends/ssh.c) and `show ip ssh`
 * lists: modern ones only (docs/security.md section 3), in order of
 * preference; Debian 12's paramiko (2.12) finds curve25519, aes-ctr and
 * hmac-sha2 among them. */
#define SSH_KEX      "curve25519-sha256,curve25519-sha256@libssh.org," \
                     "diffie-hellman-group16-sha512,diffie-hellman-group18-sha512," \
                     "diffie-hellman-group14-sha256"
#define SSH_CIPHERS  "chacha20-poly1305@openssh.com,aes256-gcm@openssh.com," \
                     "aes128-gcm@openssh.com,aes256-ctr,aes192-ctr,aes128-ctr"
#define SSH_HMACS    "hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com," \
                     "hmac-sha2-256,hmac-sha2-512"
#define SSH_HOSTKEYS "ssh-ed25519,rsa-sha2-512,rsa-sha2-256"
#define SSH_PUBKEY_ALGORITHMS "ssh-ed25519,rsa-sha2-512,rsa-sha2-256,ecdsa-sha2-nistp256," \
                     "ecdsa-sha2-nistp384,ecdsa-sha2-nistp521"

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
    /* The address it listens on ("" for none). */
    void (*listening)(void *arg, char *buf, size_t size);
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
