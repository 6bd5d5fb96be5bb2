#ifndef SWITCHD_SSH_KEY_LINE_H
#define SWITCHD_SSH_KEY_LINE_H 1

/* OpenSSH public key lines
 * ========================
 * A user's "ssh_keys" (docs/config.md) are lines as in authorized_keys,
 * "TYPE BASE64 [COMMENT]" ("ssh-ed25519 AAAAC3Nza... alice@host"), without
 * options.  This reads one without libssh (the loader checks them; the SSH
 * server imports the base64 with libssh): TYPE is one the server takes,
 * BASE64 decodes, and the key blob inside names TYPE again, as OpenSSH
 * writes it. */

#include <stdbool.h>
#include <stddef.h>

#define SSH_KEY_BLOB_MAX 1600           /* an 8192-bit RSA key's blob is ~1050 bytes */

struct ssh_key_line {
    char type[40];                  /* "ssh-ed25519" */
    const char *base64;             /* into the line */
    size_t base64_len;
    unsigned char blob[SSH_KEY_BLOB_MAX];
    size_t blob_len;
    unsigned bits;                  /* RSA: the modulus; ed25519: 256; else 0 */
};

/* Reads 'line' into 'out'.  Returns false with the reason in 'why' (never
 * quoting more than the type). */
bool ssh_key_line_parse(const char *line, struct ssh_key_line *out, char *why, size_t why_size);

/* The key types accepted: "ssh-ed25519, rsa-sha2-... keys (ssh-rsa),
 * ecdsa-sha2-nistp256/384/521". */
bool ssh_key_type_known(const char *type);

#endif /* switchd/ssh_key_line.h */
