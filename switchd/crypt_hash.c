/* Secrets as crypt(3) hashes: the methods and costs accepted (crypt_hash.h). */
#include "crypt_hash.h"

#include <crypt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const char itoa64[] =
    "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

#define CLEAR_TEXT_HINT \
    "clear text is not accepted: hash it with `mkpasswd -m sha-512` (Debian package" \
    " whois), or type it in the shell (`username NAME secret PASSWORD`, `enable secret" \
    " PASSWORD`), which stores its hash"

static size_t
span64(const char *s)
{
    return strspn(s, itoa64);
}

/* The part after the last '$': 'len' characters of crypt's alphabet. */
static bool
hash_part_ok(const char *s, size_t len)
{
    return span64(s) == len && !s[len];
}

/* "$6$[rounds=N$]SALT$HASH" and "$5$...". */
static bool
check_sha(const char *s, const char *name, size_t hash_len, char *why, size_t why_size)
{
    const char *p = s + 3;
    size_t salt_len;

    if (!strncmp(p, "rounds=", 7)) {
        unsigned long rounds = 0;
        size_t digits = strspn(p + 7, "0123456789");

        if (!digits || digits > 9 || p[7] == '0' || p[7 + digits] != '$') {
            snprintf(why, why_size, "malformed %s hash (bad rounds=)", name);
            return false;
        }
        for (size_t i = 0; i < digits; i++)
            rounds = rounds * 10 + (unsigned long) (p[7 + i] - '0');
        if (rounds < CRYPT_HASH_ROUNDS_MIN || rounds > CRYPT_HASH_ROUNDS_MAX) {
            snprintf(why, why_size, "%s hash with rounds=%lu (expected %d-%d: each login"
                     " attempt computes them)", name, rounds, CRYPT_HASH_ROUNDS_MIN,
                     CRYPT_HASH_ROUNDS_MAX);
            return false;
        }
        p += 7 + digits + 1;
    }
    salt_len = span64(p);
    if (!salt_len || salt_len > 16 || p[salt_len] != '$'
        || !hash_part_ok(p + salt_len + 1, hash_len)) {
        snprintf(why, why_size, "malformed %s hash (expected %.3s[rounds=N$]SALT$ and %zu"
                 " characters of hash)", name, s, hash_len);
        return false;
    }
    return true;
}

/* One character of yescrypt's variable-length number encoding that stands
 * alone (values up to 47), plus 'min'; -1 for anything else. */
static int
yescrypt_small(char c, int min)
{
    const char *at = c ? strchr(itoa64, c) : NULL;

    return at && at - itoa64 <= 47 ? (int) (at - itoa64) + min : -1;
}

/* "$y$" flavor, log2(N), r, then '$': the parameters of Debian's
 * `mkpasswd -m yescrypt` and of crypt_gensalt().  Optional parameters
 * (parallelism, time, ROM) would raise the cost in other ways: refused. */
static bool
check_yescrypt(const char *s, char *why, size_t why_size)
{
    const char *p = s + 3;
    int flavor = yescrypt_small(p[0], 0);
    int n_log2 = flavor < 0 ? -1 : yescrypt_small(p[1], 1);
    int r = n_log2 < 0 ? -1 : yescrypt_small(p[2], 1);
    uint64_t memory;
    size_t salt_len;

    if (r < 0 || p[3] != '$') {
        snprintf(why, why_size, "unsupported yescrypt parameters (expected three characters"
                 " such as \"j9T\", as `mkpasswd -m yescrypt` writes)");
        return false;
    }
    memory = ((uint64_t) 128 * (uint64_t) r) << n_log2;    /* at most 2^61 */
    if (memory > CRYPT_HASH_YESCRYPT_MAX) {
        snprintf(why, why_size, "yescrypt hash needing %llu MiB per check (at most %u MiB:"
                 " each login attempt computes it)",
                 (unsigned long long) (memory >> 20),
                 CRYPT_HASH_YESCRYPT_MAX >> 20);
        return false;
    }
    p += 4;
    salt_len = span64(p);
    if (!salt_len || salt_len > 64 || p[salt_len] != '$' || !hash_part_ok(p + salt_len + 1, 43)) {
        snprintf(why, why_size, "malformed yescrypt hash (expected $y$PARAMS$SALT$ and 43"
                 " characters of hash)");
        return false;
    }
    return true;
}

bool
crypt_hash_check(const char *s, char *why, size_t why_size)
{
    bool ok;

    if (s[0] != '$') {
        snprintf(why, why_size, "not a crypt(3) hash (%s)", CLEAR_TEXT_HINT);
        return false;
    }
    if (!strncmp(s, "$6$", 3))
        ok = check_sha(s, "SHA-512", 86, why, why_size);
    else if (!strncmp(s, "$5$", 3))
        ok = check_sha(s, "SHA-256", 43, why, why_size);
    else if (!strncmp(s, "$y$", 3))
        ok = check_yescrypt(s, why, why_size);
    else {
        size_t id = strspn(s + 1, "abcdefghijklmnopqrstuvwxyz0123456789");
        if (id && id <= 8 && s[1 + id] == '$')
            snprintf(why, why_size, "unsupported hash method \"%.*s\" (expected $6$ (SHA-512),"
                     " $5$ (SHA-256) or $y$ (yescrypt))", (int) id + 2, s);
        else
            snprintf(why, why_size, "not a crypt(3) hash (%s)", CLEAR_TEXT_HINT);
        return false;
    }
    /* The system's libcrypt has the last word: a method it disables could
     * never verify a login.  "Legacy" ($5$ on Debian) still verifies. */
    if (ok && (crypt_checksalt(s) == CRYPT_SALT_INVALID
               || crypt_checksalt(s) == CRYPT_SALT_METHOD_DISABLED)) {
        snprintf(why, why_size, "this system's crypt(3) refuses the hash method");
        return false;
    }
    return ok;
}
