/* POSIX extended regular expressions on PCRE2 (regex_ere.h). */
#include "regex_ere.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <pcre2.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct ere {
    pcre2_code *code;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
};

/* The translation's output. */
struct out {
    char *p;
    size_t n, size;
    bool full;
};

static void
put(struct out *o, const char *s, size_t n)
{
    if (o->full || o->n + n >= o->size) {
        o->full = true;
        return;
    }
    memcpy(o->p + o->n, s, n);
    o->n += n;
    o->p[o->n] = '\0';
}

static void
puts_(struct out *o, const char *s)
{
    put(o, s, strlen(s));
}

static bool
is_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* 'c' as a literal, in or out of a class: PCRE2 takes a backslash before
 * any ASCII character that is not a letter or a digit as the character
 * itself, and bytes past ASCII are literal in its non-UTF mode. */
static void
put_literal(struct out *o, unsigned char c)
{
    char buf[2] = { '\\', (char) c };

    if (is_alnum(c) || c >= 0x80)
        put(o, buf + 1, 1);
    else
        put(o, buf, 2);
}

/* Inserts 'text' at 'at' (wrapping an atom in a group). */
static void
insert(struct out *o, size_t at, const char *text)
{
    size_t n = strlen(text);

    if (o->full || o->n + n >= o->size) {
        o->full = true;
        return;
    }
    memmove(o->p + at + n, o->p + at, o->n - at + 1);
    memcpy(o->p + at, text, n);
    o->n += n;
}

/* The character classes glibc knows in the C locale. */
static bool
known_class(const char *name, size_t len)
{
    static const char *const names[] = {
        "alnum", "alpha", "blank", "cntrl", "digit", "graph",
        "lower", "print", "punct", "space", "upper", "xdigit",
    };

    for (size_t i = 0; i < ARRAY_SIZE(names); i++)
        if (strlen(names[i]) == len && !memcmp(names[i], name, len))
            return true;
    return false;
}

/* A bracket expression from ere[*i] ('['); *i ends past its ']'.
 * Backslash is an ordinary character in it (POSIX); "[.c.]" and "[=c=]"
 * are the character c (the C locale has no other collating elements). */
static int
bracket(const char *ere, size_t len, size_t *i, struct out *o)
{
    size_t j = *i + 1;

    put(o, "[", 1);
    if (j < len && ere[j] == '^')
        put(o, "^", 1), j++;
    if (j < len && ere[j] == ']')
        put(o, "\\]", 2), j++;
    for (;;) {
        int start = -1;                 /* a character that may start a range */

        if (j >= len)
            return REG_EBRACK;
        if (ere[j] == ']') {
            put(o, "]", 1);
            *i = j + 1;
            return 0;
        }
        if (ere[j] == '[' && j + 1 < len && strchr(":.=", ere[j + 1])) {
            char kind = ere[j + 1];
            size_t k = j + 2, name_len;

            while (k + 1 < len && !(ere[k] == kind && ere[k + 1] == ']'))
                k++;
            if (k + 1 >= len)
                return REG_EBRACK;
            name_len = k - (j + 2);
            if (kind == ':') {
                if (!known_class(ere + j + 2, name_len))
                    return REG_ECTYPE;
                put(o, ere + j, name_len + 4);
                j = k + 2;
                /* A class cannot start a range. */
                if (j + 1 < len && ere[j] == '-' && ere[j + 1] != ']')
                    return REG_ERANGE;
                continue;
            }
            if (name_len != 1)
                return REG_ECOLLATE;
            start = (unsigned char) ere[j + 2];
            j = k + 2;
        } else {
            start = (unsigned char) ere[j++];
        }
        if (j + 1 < len && ere[j] == '-' && ere[j + 1] != ']') {
            int end;

            if (ere[j + 1] == '[' && j + 2 < len && strchr(".=", ere[j + 2])) {
                char kind = ere[j + 2];
                size_t k = j + 3;

                while (k + 1 < len && !(ere[k] == kind && ere[k + 1] == ']'))
                    k++;
                if (k + 1 >= len)
                    return REG_EBRACK;
                if (k - (j + 3) != 1)
                    return REG_ECOLLATE;
                end = (unsigned char) ere[j + 3];
                j = k + 2;
            } else if (ere[j + 1] == '[' && j + 2 < len && ere[j + 2] == ':') {
                return REG_ERANGE;
            } else {
                end = (unsigned char) ere[j + 1];
                j += 2;
            }
            if (start > end)
                return REG_ERANGE;
            put_literal(o, start);
            put(o, "-", 1);
            put_literal(o, end);
            /* A range's end cannot start another one. */
            if (j + 1 < len && ere[j] == '-' && ere[j + 1] != ']')
                return REG_ERANGE;
        } else {
            put_literal(o, start);
        }
    }
}

/* The number at ere[*j], or -1 if there is none; past RE_DUP_MAX it stays
 * RE_DUP_MAX + 1. */
static long
number(const char *ere, size_t len, size_t *j)
{
    long v = -1;

    for (; *j < len && ere[*j] >= '0' && ere[*j] <= '9'; (*j)++) {
        v = (v < 0 ? 0 : v) * 10 + (ere[*j] - '0');
        if (v > RE_DUP_MAX)
            v = RE_DUP_MAX + 1;
    }
    return v;
}

/* An interval "{m}", "{m,}", "{m,n}" or "{,n}" from ere[*i] ('{'), as
 * PCRE2 text in 'buf'; *i ends past its '}'. */
static int
interval(const char *ere, size_t len, size_t *i, char *buf, size_t size)
{
    size_t j = *i + 1;
    long m = number(ere, len, &j), n = -1;
    bool comma = false;

    if (j < len && ere[j] == ',') {
        comma = true;
        j++;
        n = number(ere, len, &j);
    }
    if (j >= len)
        return REG_EBRACE;
    if (ere[j] != '}' || (m < 0 && !comma))
        return REG_BADBR;
    if (m > RE_DUP_MAX || n > RE_DUP_MAX)
        return REG_ESIZE;
    if (m < 0)
        m = 0;
    if (n >= 0 && m > n)
        return REG_BADBR;
    if (!comma)
        snprintf(buf, size, "{%ld}", m);
    else if (n < 0)
        snprintf(buf, size, "{%ld,}", m);
    else
        snprintf(buf, size, "{%ld,%ld}", m, n);
    *i = j + 1;
    return 0;
}

#define NO_ATOM ((size_t) -1)

int
ere_translate(const char *ere, size_t len, char *out, size_t out_size)
{
    struct out o = { out, 0, out_size, false };
    /* Open groups (their start in 'out' and number) and which are closed:
     * glibc refers back to closed groups only. */
    struct group { size_t at; size_t num; } *open = malloc((len + 1) * sizeof *open);
    bool *closed = calloc(len + 2, sizeof *closed);
    size_t depth = 0, n_groups = 0;
    size_t atom = NO_ATOM;              /* where the last atom starts in 'out' */
    bool after_quantifier = false;
    int error = 0;

    if (out_size)
        out[0] = '\0';
    if (!open || !closed || !out_size) {
        error = REG_ESPACE;
        goto out;
    }
    for (size_t i = 0; i < len && !error; ) {
        unsigned char c = ere[i];
        const char *quantifier = NULL;
        char bound[32];

        switch (c) {
        case '\\':
            if (i + 1 >= len) {
                error = REG_EESCAPE;
                break;
            }
            c = ere[i + 1];
            i += 2;
            after_quantifier = false;
            if (c >= '1' && c <= '9') {
                char ref[16];
                if ((size_t) (c - '0') > n_groups || !closed[c - '0']) {
                    error = REG_ESUBREG;
                    break;
                }
                /* \g{n}: "\1" followed by a digit would be another group. */
                snprintf(ref, sizeof ref, "\\g{%c}", c);
                atom = o.n;
                puts_(&o, ref);
            } else if (strchr("wWsS", c)) {
                atom = o.n;
                put(&o, (const char[]) { '\\', (char) c }, 2);
            } else if (c == 'b' || c == 'B') {
                /* Assertions: nothing to repeat, as glibc says. */
                atom = NO_ATOM;
                put(&o, (const char[]) { '\\', (char) c }, 2);
            } else if (c == '<' || c == '>' || c == '`' || c == '\'') {
                atom = NO_ATOM;
                puts_(&o, c == '<' ? "\\b(?=\\w)" : c == '>' ? "\\b(?<=\\w)"
                          : c == '`' ? "\\A" : "\\z");
            } else {
                atom = o.n;
                put_literal(&o, c);
            }
            continue;
        case '[':
            atom = o.n;
            after_quantifier = false;
            error = bracket(ere, len, &i, &o);
            continue;
        case '(':
            open[depth].at = o.n;
            open[depth].num = ++n_groups;
            depth++;
            put(&o, "(", 1);
            atom = NO_ATOM;
            after_quantifier = false;
            i++;
            continue;
        case ')':
            if (!depth) {
                /* glibc: an unmatched ')' is an ordinary character. */
                atom = o.n;
                put(&o, "\\)", 2);
            } else {
                depth--;
                closed[open[depth].num] = true;
                atom = open[depth].at;
                put(&o, ")", 1);
            }
            after_quantifier = false;
            i++;
            continue;
        case '|':
        case '^':
        case '$':
            put(&o, (const char *) &ere[i], 1);
            atom = NO_ATOM;
            after_quantifier = false;
            i++;
            continue;
        case '.':
            atom = o.n;
            put(&o, ".", 1);
            after_quantifier = false;
            i++;
            continue;
        case '*':
        case '+':
        case '?':
            if (atom == NO_ATOM) {
                error = REG_BADRPT;
                break;
            }
            quantifier = c == '*' ? "*" : c == '+' ? "+" : "?";
            i++;
            break;
        case '{':
            if (atom == NO_ATOM) {
                error = REG_BADRPT;
                break;
            }
            error = interval(ere, len, &i, bound, sizeof bound);
            quantifier = bound;
            break;
        default:
            atom = o.n;
            put_literal(&o, c);
            after_quantifier = false;
            i++;
            continue;
        }
        if (error)
            break;
        /* "a**", "a+?", "a{2}{3}": in POSIX each repeats what is before it;
         * in PCRE2 a second quantifier would make the first lazy or
         * possessive, so the first is put in a group of its own. */
        if (after_quantifier) {
            insert(&o, atom, "(?:");
            put(&o, ")", 1);
        }
        puts_(&o, quantifier);
        after_quantifier = true;
    }
    if (!error && depth)
        error = REG_EPAREN;
    if (!error && o.full)
        error = REG_ESPACE;
out:
    free(open);
    free(closed);
    return error;
}

int
ere_compile(struct ere **rep, const char *ere, size_t len, const struct ere_limits *limits,
            char *err, size_t err_size)
{
    size_t size = 16 * len + 16;
    char *pattern = malloc(size);
    struct ere *re = calloc(1, sizeof *re);
    int error, pcre_error;
    PCRE2_SIZE offset;

    *rep = NULL;
    if (!pattern || !re) {
        free(pattern);
        free(re);
        snprintf(err, err_size, "out of memory");
        return ENOMEM;
    }
    error = ere_translate(ere, len, pattern, size);
    if (error) {
        regex_t none;

        /* regerror() texts depend on the code alone. */
        memset(&none, 0, sizeof none);
        regerror(error, &none, err, err_size);
        free(pattern);
        free(re);
        return error == REG_ESPACE ? ENOMEM : EINVAL;
    }
    /* DOTALL and DOLLAR_ENDONLY: '.' and '$' as POSIX has them; no UTF,
     * no \C, no (*UTF): bytes in, bytes matched. */
    re->code = pcre2_compile((PCRE2_SPTR) pattern, strlen(pattern),
                             PCRE2_DOTALL | PCRE2_DOLLAR_ENDONLY | PCRE2_NEVER_UTF
                             | PCRE2_NEVER_UCP | PCRE2_NEVER_BACKSLASH_C,
                             &pcre_error, &offset, NULL);
    free(pattern);
    if (!re->code) {
        PCRE2_UCHAR text[128];
        pcre2_get_error_message(pcre_error, text, sizeof text);
        snprintf(err, err_size, "%s", (const char *) text);
        free(re);
        return EINVAL;
    }
    re->md = pcre2_match_data_create(1, NULL);
    re->mctx = pcre2_match_context_create(NULL);
    if (!re->md || !re->mctx) {
        ere_free(re);
        snprintf(err, err_size, "out of memory");
        return ENOMEM;
    }
    pcre2_set_match_limit(re->mctx, limits->match_limit);
    pcre2_set_depth_limit(re->mctx, limits->match_limit);
    pcre2_set_heap_limit(re->mctx, limits->heap_limit_kib);
    *rep = re;
    return 0;
}

void
ere_free(struct ere *re)
{
    if (!re)
        return;
    pcre2_match_context_free(re->mctx);
    pcre2_match_data_free(re->md);
    pcre2_code_free(re->code);
    free(re);
}

enum ere_result
ere_match(struct ere *re, const char *subject, size_t len)
{
    int rc = pcre2_match(re->code, (PCRE2_SPTR) subject, len, 0, 0, re->md, re->mctx);

    if (rc >= 0)
        return ERE_MATCH;
    switch (rc) {
    case PCRE2_ERROR_NOMATCH:
        return ERE_NOMATCH;
    case PCRE2_ERROR_MATCHLIMIT:
    case PCRE2_ERROR_DEPTHLIMIT:
    case PCRE2_ERROR_HEAPLIMIT:
        return ERE_TOO_COMPLEX;
    default:
        return ERE_FAILED;
    }
}
