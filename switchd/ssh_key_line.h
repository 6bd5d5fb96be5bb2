#ifndef SWITCHD_SSH_KEY_LINE_H
#define SWITCHD_SSH_KEY_LINE_H 1

/* OpenSSH public key lines
 * ========================
 * A user's "ssh_keys" (docs/config.md) are lines as in authorized_keys,
 * "TYPE BASE64 [COMMENT]" ("ssh-ed25519 AAAAC3Nza... alice@host"), without
 * options.  This reads one without libssh (the loader checks them; the SSH
 * server imports the base64 with libssh): TYPE is one the server takes,
 * BASE64 decodes, and the key blob inside names TYPE again, as OpenSSH
 * writes it.
 *
 * A line may also be IOS's "key-hash TYPE MD5 [COMMENT]": the key known only
 * by the MD5 of its blob (32 hex digits), as IOS's running-config shows a
 * pubkey chain and takes it back.  The SSH server then accepts a client's key
 * of that type whose blob has that MD5 (docs/security.md section 3.1). */

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
    bool hash_only;                 /* a "key-hash" line: no blob, 'base64' is
                                       the hash text, bits 0 */
    char md5[33];                   /* the blob's MD5, upper-case hex */
};

/* Reads 'line' into 'out'.  Returns false with the reason in 'why' (never
 * quoting more than the type). */
bool ssh_key_line_parse(const char *line, struct ssh_key_line *out, char *why, size_t why_size);

/* The key types accepted: "ssh-ed25519, rsa-sha2-... keys (ssh-rsa),
 * ecdsa-sha2-nistp256/384/521". */
bool ssh_key_type_known(const char *type);

/* IOS's `key-string` takes the base64 text alone, over several lines:
 * 'base64' (spaces and line ends already taken out) into "TYPE BASE64" in
 * 'line', the type read from the key blob.  False with 'why' if it is no
 * key or does not fit 'size'. */
bool ssh_key_line_from_base64(const char *base64, char *line, size_t size, char *why,
                              size_t why_size);

/* The MD5 of a key blob in upper-case hex (32 characters), which IOS
 * shows as `key-hash TYPE HASH` in running-config (ssh_key_line.md5 holds
 * it for a parsed line). */
void ssh_key_blob_md5(const unsigned char *blob, size_t len, char hex[33]);

#endif /* switchd/ssh_key_line.h */
