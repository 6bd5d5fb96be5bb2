/* json_locate(): a minimal JSON tokenizer that walks a path (see the
 * header). */
#include "json_locate.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct cursor {
    const char *p, *end;            /* next byte, end of the text */
    struct text_pos pos;            /* where 'p' is */
};

static int
cursor_peek(const struct cursor *c)
{
    return c->p < c->end ? (unsigned char) *c->p : EOF;
}

static void
cursor_advance(struct cursor *c)
{
    if (c->p >= c->end)
        return;
    if (*c->p++ == '\n') {
        c->pos.line++;
        c->pos.col = 1;
    } else if (c->p >= c->end || ((unsigned char) *c->p & 0xc0) != 0x80) {
        c->pos.col++;               /* UTF-8 continuation bytes share a column */
    }
}

static void
skip_space(struct cursor *c)
{
    int ch;

    while ((ch = cursor_peek(c)) == ' ' || ch == '\t' || ch == '\n' || ch == '\r')
        cursor_advance(c);
}

/* Skips the string that starts at 'c' (its opening quote). */
static void
skip_string(struct cursor *c)
{
    cursor_advance(c);
    while (cursor_peek(c) != EOF && cursor_peek(c) != '"') {
        if (cursor_peek(c) == '\\')
            cursor_advance(c);
        cursor_advance(c);
    }
    cursor_advance(c);
}

/* Skips the value that starts at 'c'.  Iterative, so deep nesting costs no
 * stack. */
static void
skip_value(struct cursor *c)
{
    int ch = cursor_peek(c);
    int depth = 0;

    if (ch == '"') {
        skip_string(c);
        return;
    }
    if (ch != '{' && ch != '[') {   /* number, true, false or null */
        while ((ch = cursor_peek(c)) != EOF && !strchr(",]} \t\r\n", ch))
            cursor_advance(c);
        return;
    }
    do {
        ch = cursor_peek(c);
        if (ch == EOF)
            return;
        if (ch == '"') {
            skip_string(c);
            continue;
        }
        if (ch == '{' || ch == '[')
            depth++;
        else if (ch == '}' || ch == ']')
            depth--;
        cursor_advance(c);
    } while (depth > 0);
}

static uint32_t
read_hex4(struct cursor *c)
{
    uint32_t v = 0;

    for (int i = 0; i < 4; i++) {
        int ch = cursor_peek(c);
        int digit = ch >= '0' && ch <= '9' ? ch - '0'
                    : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                    : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : 0;
        v = v * 16 + digit;
        cursor_advance(c);
    }
    return v;
}

static size_t
utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = cp;
        return 1;
    } else if (cp < 0x800) {
        out[0] = 0xc0 | cp >> 6;
        out[1] = 0x80 | (cp & 0x3f);
        return 2;
    } else if (cp < 0x10000) {
        out[0] = 0xe0 | cp >> 12;
        out[1] = 0x80 | (cp >> 6 & 0x3f);
        out[2] = 0x80 | (cp & 0x3f);
        return 3;
    }
    out[0] = 0xf0 | cp >> 18;
    out[1] = 0x80 | (cp >> 12 & 0x3f);
    out[2] = 0x80 | (cp >> 6 & 0x3f);
    out[3] = 0x80 | (cp & 0x3f);
    return 4;
}

/* Decodes the escape after a backslash at 'c' into 'out'; returns its
 * length in bytes. */
static size_t
decode_escape(struct cursor *c, char out[4])
{
    static const char simple[] = "b\bf\fn\nr\rt\t";
    int ch = cursor_peek(c);
    const char *s;
    uint32_t cp;

    cursor_advance(c);
    if (ch != 'u') {                /* \" \\ \/ stand for themselves */
        s = ch != EOF && ch ? strchr(simple, ch) : NULL;
        out[0] = s && (s - simple) % 2 == 0 ? s[1] : ch;
        return 1;
    }
    cp = read_hex4(c);
    /* jansson has checked that a high surrogate is followed by a low one. */
    if (cp >= 0xd800 && cp <= 0xdbff && cursor_peek(c) == '\\') {
        cursor_advance(c);
        cursor_advance(c);          /* the 'u' */
        cp = 0x10000 + ((cp - 0xd800) << 10) + (read_hex4(c) - 0xdc00);
    }
    return utf8_encode(cp, out);
}

/* Reads the string at 'c' (at its opening quote) and returns whether its
 * decoded value is 'want'. */
static bool
string_equals(struct cursor *c, const char *want)
{
    size_t matched = 0;
    bool same = true;
    int ch;

    cursor_advance(c);
    while ((ch = cursor_peek(c)) != EOF && ch != '"') {
        char bytes[4];
        size_t n_bytes = 1;

        cursor_advance(c);
        if (ch == '\\')
            n_bytes = decode_escape(c, bytes);
        else
            bytes[0] = ch;
        for (size_t i = 0; i < n_bytes; i++) {
            if (same && want[matched] == bytes[i])
                matched++;
            else
                same = false;
        }
    }
    cursor_advance(c);
    return same && !want[matched];
}

/* Moves 'c' from an object to the value of its member 'key', storing where
 * the key starts in '*key_pos'.  False if there is no such member. */
static bool
enter_member(struct cursor *c, const char *key, struct text_pos *key_pos)
{
    if (cursor_peek(c) != '{')
        return false;
    cursor_advance(c);
    for (;;) {
        bool found;

        skip_space(c);
        if (cursor_peek(c) != '"')
            return false;
        *key_pos = c->pos;
        found = string_equals(c, key);
        skip_space(c);
        if (cursor_peek(c) != ':')
            return false;
        cursor_advance(c);
        skip_space(c);
        if (found)
            return true;
        skip_value(c);
        skip_space(c);
        if (cursor_peek(c) != ',')
            return false;
        cursor_advance(c);
    }
}

/* Moves 'c' from an array to its element 'index'. */
static bool
enter_element(struct cursor *c, size_t index)
{
    if (cursor_peek(c) != '[')
        return false;
    cursor_advance(c);
    for (size_t i = 0;; i++) {
        skip_space(c);
        if (cursor_peek(c) == ']' || cursor_peek(c) == EOF)
            return false;
        if (i == index)
            return true;
        skip_value(c);
        skip_space(c);
        if (cursor_peek(c) != ',')
            return false;
        cursor_advance(c);
    }
}

/* Finds the value at 'path' (of 'depth' steps) in 'text' and stores where
 * it starts in '*value' and, when the last step is a key, where that key
 * starts in '*key' (else '*key' = '*value').  A step missing from the text
 * leaves both at the deepest value found, so a missing key points at the
 * object that lacks it. */
void
json_locate(const char *text, size_t len, const struct path_step *path, size_t depth,
            struct text_pos *value, struct text_pos *key)
{
    struct cursor c = { text, text + len, { 1, 1 } };

    skip_space(&c);
    *value = *key = c.pos;
    for (size_t i = 0; i < depth; i++) {
        struct text_pos key_pos;

        if (path[i].key ? !enter_member(&c, path[i].key, &key_pos)
                        : !enter_element(&c, path[i].index))
            return;
        *value = c.pos;
        *key = path[i].key ? key_pos : c.pos;
    }
}

