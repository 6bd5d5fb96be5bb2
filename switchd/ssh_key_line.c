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

bool
ssh_key_line_parse(const char *line, struct ssh_key_line *out, char *why, size_t why_size)
{
    const char *p = line, *end;
    const unsigned char *s;
    size_t len, pos = 0;

    memset(out, 0, sizeof *out);
    while (*p == ' ' || *p == '\t')
        p++;
    end = p + strcspn(p, " \t");
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
    return true;
}
