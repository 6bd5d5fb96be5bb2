/* OpenSSH public key lines: see ssh_key_line.h. */
#include "ssh_key_line.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const char *const key_types[] = {
    "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
};

bool
ssh_key_type_known(const char *type)
{
    for (size_t i = 0; i < sizeof key_types / sizeof key_types[0]; i++)
        if (!strcmp(type, key_types[i]))
            return true;
    return false;
}

static int
b64_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Decodes 'len' characters of padded base64; false if they are not. */
static bool
b64_decode(const char *s, size_t len, unsigned char *out, size_t max, size_t *out_len)
{
    size_t n = 0;

    if (!len || len % 4)
        return false;
    for (size_t i = 0; i < len; i += 4) {
        int v[4];
        unsigned pad = 0;

        for (int j = 0; j < 4; j++) {
            if (s[i + j] == '=' && i + 4 == len && j >= 2) {
                v[j] = 0;
                pad++;
            } else if (pad || (v[j] = b64_value(s[i + j])) < 0) {
                return false;
            }
        }
        uint32_t w = (uint32_t) v[0] << 18 | (uint32_t) v[1] << 12 | (uint32_t) v[2] << 6 | v[3];
        if (n + 3 - pad > max)
            return false;
        out[n++] = w >> 16;
        if (pad < 2)
            out[n++] = w >> 8;
        if (pad < 1)
            out[n++] = w;
    }
    *out_len = n;
    return true;
}

/* The SSH string at '*pos' of 'blob' (RFC 4251 section 5). */
static bool
blob_string(const struct ssh_key_line *k, size_t *pos, const unsigned char **s, size_t *len)
{
    uint32_t n;

    if (k->blob_len - *pos < 4)
        return false;
    n = (uint32_t) k->blob[*pos] << 24 | (uint32_t) k->blob[*pos + 1] << 16
        | (uint32_t) k->blob[*pos + 2] << 8 | k->blob[*pos + 3];
    *pos += 4;
    if (n > k->blob_len - *pos)
        return false;
    *s = k->blob + *pos;
    *len = n;
    *pos += n;
    return true;
}

/* The rest of a "key-hash TYPE MD5 [COMMENT]" line, 'p' after the type. */
static bool
parse_hash(const char *p, struct ssh_key_line *out, char *why, size_t why_size)
{
    size_t len;

    while (*p == ' ' || *p == '\t')
        p++;
    len = strcspn(p, " \t");
    out->base64 = p;
    out->base64_len = len;
    out->hash_only = true;
    if (len != 32 || strspn(p, "0123456789abcdefABCDEF") < 32) {
        snprintf(why, why_size, "key-hash %s: the hash must be 32 hexadecimal digits (the"
                 " MD5 of the key, as running-config shows it)", out->type);
        return false;
    }
    for (int i = 0; i < 32; i++)
        out->md5[i] = p[i] >= 'a' ? p[i] - 'a' + 'A' : p[i];
    out->md5[32] = '\0';
    return true;
}

bool
ssh_key_line_parse(const char *line, struct ssh_key_line *out, char *why, size_t why_size)
{
    const char *p = line, *end;
    const unsigned char *s;
    size_t len, pos = 0;
    bool hash = false;

    memset(out, 0, sizeof *out);
    while (*p == ' ' || *p == '\t')
        p++;
    end = p + strcspn(p, " \t");
    if (end - p == 8 && !memcmp(p, "key-hash", 8)) {
        hash = true;
        for (p = end; *p == ' ' || *p == '\t'; p++)
            ;
        end = p + strcspn(p, " \t");
    }
    if (end == p) {
        snprintf(why, why_size, "empty key (expected \"TYPE BASE64 [COMMENT]\", as in"
                 " authorized_keys)");
        return false;
    }
    if ((size_t) (end - p) >= sizeof out->type) {
        snprintf(why, why_size, "unknown key type (expected ssh-ed25519, ssh-rsa or"
                 " ecdsa-sha2-nistp256/384/521)");
        return false;
    }
    memcpy(out->type, p, end - p);
    out->type[end - p] = '\0';
    if (!ssh_key_type_known(out->type)) {
        snprintf(why, why_size, "unknown key type \"%s\" (expected ssh-ed25519, ssh-rsa or"
                 " ecdsa-sha2-nistp256/384/521; options before the type are not taken)",
                 out->type);
        out->type[0] = '\0';
        return false;
    }
    if (hash)
        return parse_hash(end, out, why, why_size);
    p = end;
    while (*p == ' ' || *p == '\t')
        p++;
    end = p + strcspn(p, " \t");
    out->base64 = p;
    out->base64_len = end - p;
    if (end == p) {
        snprintf(why, why_size, "%s key without its base64 text", out->type);
        return false;
    }
    if (!b64_decode(p, end - p, out->blob, sizeof out->blob, &out->blob_len)) {
        snprintf(why, why_size, "%s key: its text is not base64 (or longer than %d bytes)",
                 out->type, SSH_KEY_BLOB_MAX);
        return false;
    }
    if (!blob_string(out, &pos, &s, &len) || len != strlen(out->type)
        || memcmp(s, out->type, len)) {
        snprintf(why, why_size, "%s key: its base64 text is not a %s key", out->type,
                 out->type);
        return false;
    }
    if (!strcmp(out->type, "ssh-ed25519")) {
        if (!blob_string(out, &pos, &s, &len) || len != 32) {
            snprintf(why, why_size, "ssh-ed25519 key: not 32 bytes of key");
            return false;
        }
        out->bits = 256;
    } else if (!strcmp(out->type, "ssh-rsa")) {
        const unsigned char *e;
        size_t e_len;

        if (!blob_string(out, &pos, &e, &e_len) || !blob_string(out, &pos, &s, &len)
            || !len) {
            snprintf(why, why_size, "ssh-rsa key: no modulus");
            return false;
        }
        while (len && !*s)
            s++, len--;
        out->bits = len * 8;
        for (unsigned char top = len ? s[0] : 0x80; !(top & 0x80); top <<= 1)
            out->bits--;
        if (out->bits < 1024) {
            snprintf(why, why_size, "ssh-rsa key of %u bits (at least 1024)", out->bits);
            return false;
        }
    }
    ssh_key_blob_md5(out->blob, out->blob_len, out->md5);
    return true;
}

bool
ssh_key_line_from_base64(const char *base64, char *line, size_t size, char *why,
                         size_t why_size)
{
    struct ssh_key_line k;
    const unsigned char *type;
    size_t len, pos = 0;
    char typed[40];

    memset(&k, 0, sizeof k);
    if (!b64_decode(base64, strlen(base64), k.blob, sizeof k.blob, &k.blob_len)) {
        snprintf(why, why_size, "key data is not base64 (or longer than %d bytes)",
                 SSH_KEY_BLOB_MAX);
        return false;
    }
    if (!blob_string(&k, &pos, &type, &len) || len >= sizeof typed) {
        snprintf(why, why_size, "key data holds no key type");
        return false;
    }
    memcpy(typed, type, len);
    typed[len] = '\0';
    if ((size_t) snprintf(line, size, "%s %s", typed, base64) >= size) {
        snprintf(why, why_size, "key too long");
        return false;
    }
    return ssh_key_line_parse(line, &k, why, why_size);
}

/* MD5 (RFC 1321), only for IOS's key-hash (a digest, never a MAC or a
 * signature here). */
static uint32_t
rotl(uint32_t x, unsigned c)
{
    return x << c | x >> (32 - c);
}

void
ssh_key_blob_md5(const unsigned char *blob, size_t len, char hex[33])
{
    static const uint32_t K[64] = {
        0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613,
        0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193,
        0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d,
        0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
        0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122,
        0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
        0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244,
        0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
        0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
        0xeb86d391,
    };
    static const unsigned char S[16] = { 7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10,
                                         15, 21 };
    uint32_t h[4] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476 };
    size_t total = (len + 8) / 64 * 64 + 64;
    uint64_t bits = (uint64_t) len * 8;

    for (size_t off = 0; off < total; off += 64) {
        uint32_t m[16], a = h[0], b = h[1], c = h[2], d = h[3];

        for (int i = 0; i < 64; i++) {
            size_t at = off + i;
            unsigned char byte = at < len ? blob[at] : at == len ? 0x80
                                 : at >= total - 8 ? (unsigned char) (bits >> (8 * (at - (total - 8))))
                                 : 0;
            if (i % 4 == 0)
                m[i / 4] = 0;
            m[i / 4] |= (uint32_t) byte << (8 * (i % 4));
        }
        for (unsigned i = 0; i < 64; i++) {
            uint32_t f;
            unsigned g;

            if (i < 16) {
                f = (b & c) | (~b & d);
                g = i;
            } else if (i < 32) {
                f = (d & b) | (~d & c);
                g = (5 * i + 1) % 16;
            } else if (i < 48) {
                f = b ^ c ^ d;
                g = (3 * i + 5) % 16;
            } else {
                f = c ^ (b | ~d);
                g = (7 * i) % 16;
            }
            f += a + K[i] + m[g];
            a = d;
            d = c;
            c = b;
            b += rotl(f, S[i / 16 * 4 + i % 4]);
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
    }
    for (int i = 0; i < 16; i++)
        snprintf(hex + 2 * i, 3, "%02X", (h[i / 4] >> (8 * (i % 4))) & 0xff);
}
