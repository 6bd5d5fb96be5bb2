#ifndef SWITCHD_CRYPT_HASH_H
#define SWITCHD_CRYPT_HASH_H 1

/* Secrets as crypt(3) hashes
 * ==========================
 * The configuration keeps logins and the enable secret only as crypt(3)
 * hashes of the methods below, with a bounded cost (docs/security.md
 * section 3): every login or enable attempt pays for one hash, so a hash
 * with a cost of minutes would let anyone who can reach the telnet port
 * hold a core per attempt.
 *
 *   $6$[rounds=N$]SALT$HASH   SHA-512 crypt, 1000 <= N <= 500000 (default 5000)
 *   $5$[rounds=N$]SALT$HASH   SHA-256 crypt, the same bounds
 *   $y$PARAMS$SALT$HASH       yescrypt, at most 64 MiB per hash (Debian's
 *                             default, "j9T", takes 16 MiB)
 *
 * SALT is 1 to 16 characters of crypt's alphabet [./0-9A-Za-z] (SHA) or a
 * yescrypt salt; HASH is 86 (SHA-512) or 43 (SHA-256, yescrypt) characters.
 * Checking a hash this way only reads its text: no crypt() runs, so the
 * loop thread may check configurations. */

#include <stdbool.h>
#include <stddef.h>

#define CRYPT_HASH_ROUNDS_MIN       1000
#define CRYPT_HASH_ROUNDS_MAX       500000
#define CRYPT_HASH_YESCRYPT_MAX     (64u << 20)     /* bytes of memory per hash */

/* Whether 's' is a hash the configuration accepts.  If not, 'why' gets the
 * reason, e.g. "SHA-512 hash with rounds=999999999 (at most 500000: each
 * login attempt computes them)"; it never quotes 's' beyond its method
 * ("$1$"), so a clear-text password typed by mistake stays out of logs. */
bool crypt_hash_check(const char *s, char *why, size_t why_size);

#endif /* switchd/crypt_hash.h */
