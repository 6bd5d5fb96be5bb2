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

/* Bracket expressions follow glibc's parse_bracket_exp() (posix/regcomp.c)
 * step by step, so that they mean what glibc's mean and fail where and as
 * glibc's fail.  Its tokens (peek_token_bracket()): */
enum btok {
    BT_END,
    BT_CHAR,
    BT_RANGE,                       /* '-' */
    BT_CLOSE,                       /* ']' */
    BT_HAT,                         /* '^' */
    BT_COLL,                        /* "[." */
    BT_EQUIV,                       /* "[=" */
    BT_CLASS,                       /* "[:" */
};

/* The token at ere[j]: its type, length and character. */
static enum btok
peek_bracket(const char *ere, size_t len, size_t j, size_t *tlen, unsigned char *c)
{
    *tlen = 1;
    if (j >= len) {
        *tlen = 0;
        return BT_END;
    }
    *c = (unsigned char) ere[j];
    if (*c == '[' && j + 1 < len && strchr(".=:", ere[j + 1]) && ere[j + 1]) {
        *tlen = 2;
        return ere[j + 1] == '.' ? BT_COLL : ere[j + 1] == '=' ? BT_EQUIV : BT_CLASS;
    }
    return *c == '-' ? BT_RANGE : *c == ']' ? BT_CLOSE : *c == '^' ? BT_HAT : BT_CHAR;
}

/* One element (parse_bracket_element()). */
struct belem {
    enum btok type;                 /* BT_CHAR, BT_COLL, BT_EQUIV or BT_CLASS */
    unsigned char c;                /* BT_CHAR */
    const char *name;               /* the others: their name in the expression */
    size_t name_len;
};

/* Reads the element whose token ('tok', 'tlen' bytes, character 'c')
 * starts at ere[*j]; *j ends past it.  A '-' that is not the first
 * element nor a range's end ('!accept_hyphen') must end the expression.
 * A name is read up to its delimiter and ']' (parse_bracket_symbol()):
 * 32 characters or more (glibc's buffer holds 31), or the end of the
 * expression first, are an unmatched '['. */
static int
bracket_element(const char *ere, size_t len, size_t *j, enum btok tok, size_t tlen,
                unsigned char c, bool accept_hyphen, struct belem *e)
{
    *j += tlen;
    e->type = tok;
    if (tok == BT_COLL || tok == BT_EQUIV || tok == BT_CLASS) {
        char delim = tok == BT_COLL ? '.' : tok == BT_EQUIV ? '=' : ':';
        size_t n;

        if (*j >= len)
            return REG_EBRACK;
        for (n = 0;; n++) {
            if (n >= 32 || *j + n + 1 >= len)
                return REG_EBRACK;
            if (ere[*j + n] == delim && ere[*j + n + 1] == ']')
                break;
        }
        e->name = ere + *j;
        e->name_len = n;
        *j += n + 2;
        return 0;
    }
    if (tok == BT_RANGE && !accept_hyphen) {
        size_t tlen2;
        unsigned char c2;

        /* glibc: "the actual error value is not standardized". */
        if (peek_bracket(ere, len, *j, &tlen2, &c2) != BT_CLOSE)
            return REG_ERANGE;
    }
    e->type = BT_CHAR;
    e->c = c;
    return 0;
}

/* The byte an element stands for in a range (build_range_exp() with the
 * C locale's collation), or -1: a collating symbol of one character. */
static int
range_byte(const struct belem *e)
{
    if (e->type == BT_CHAR)
        return e->c;
    if (e->type == BT_COLL && e->name_len == 1)
        return (unsigned char) e->name[0];
    return -1;
}

/* A bracket expression from ere[*i] ('['); *i ends past its ']'.
 * Backslash is an ordinary character in it (POSIX); "[.c.]" and "[=c=]"
 * are the character c (the C locale has no other collating elements). */
static int
bracket(const char *ere, size_t len, size_t *i, struct out *o)
{
    size_t j = *i + 1, tlen;
    unsigned char c = 0;
    enum btok tok = peek_bracket(ere, len, j, &tlen, &c);
    bool first = true;

    put(o, "[", 1);
    /* An expression that ends right after "[" or "[^" is an invalid
     * pattern, not an unmatched '['. */
    if (tok == BT_END)
        return REG_BADPAT;
    if (tok == BT_HAT) {
        put(o, "^", 1);
        j += tlen;
        if ((tok = peek_bracket(ere, len, j, &tlen, &c)) == BT_END)
            return REG_BADPAT;
    }
    if (tok == BT_CLOSE)
        tok = BT_CHAR;                  /* a first ']' is a character */
    for (;;) {
        struct belem start, end;
        bool range = false;
        size_t tlen2;
        unsigned char c2 = 0;
        enum btok tok2 = BT_END;
        int error = bracket_element(ere, len, &j, tok, tlen, c, first, &start);

        if (error)
            return error;
        first = false;
        tok = peek_bracket(ere, len, j, &tlen, &c);
        /* Classes cannot start a range: their '-' is the next element. */
        if (start.type != BT_CLASS && start.type != BT_EQUIV) {
            if (tok == BT_END)
                return REG_EBRACK;
            if (tok == BT_RANGE) {
                tok2 = peek_bracket(ere, len, j + tlen, &tlen2, &c2);
                if (tok2 == BT_END)
                    return REG_EBRACK;
                if (tok2 == BT_CLOSE) {
                    tok = BT_CHAR;      /* a last '-' is a character */
                } else {
                    range = true;
                    j += tlen;
                }
            }
        }
        if (range) {
            int from, to;

            error = bracket_element(ere, len, &j, tok2, tlen2, c2, true, &end);
            if (error)
                return error;
            tok = peek_bracket(ere, len, j, &tlen, &c);
            if (start.type == BT_CLASS || start.type == BT_EQUIV || end.type == BT_CLASS
                || end.type == BT_EQUIV)
                return REG_ERANGE;
            from = range_byte(&start);
            to = range_byte(&end);
            if (from < 0 || to < 0)
                return REG_ECOLLATE;
            if (from > to)
                return REG_ERANGE;
            put_literal(o, (unsigned char) from);
            put(o, "-", 1);
            put_literal(o, (unsigned char) to);
        } else if (start.type == BT_CHAR) {
            put_literal(o, start.c);
        } else if (start.type == BT_CLASS) {
            if (!known_class(start.name, start.name_len))
                return REG_ECTYPE;
            put(o, start.name - 2, start.name_len + 4);
        } else {
            if (start.name_len != 1)    /* [.c.] or [=c=] */
                return REG_ECOLLATE;
            put_literal(o, (unsigned char) start.name[0]);
        }
        if (tok == BT_END)
            return REG_EBRACK;
        if (tok == BT_CLOSE)
            break;
    }
    put(o, "]", 1);
    *i = j + tlen;
    return 0;
}

/* How fetch_number() stopped. */
enum interval_stop { STOP_CLOSE, STOP_COMMA, STOP_END };

/* glibc's fetch_number() (posix/regcomp.c), so that a bad interval gets
 * glibc's error: reads the tokens from ere[*j] (a character, or a
 * backslash and the character after it) up to a '}', a ',' (an escaped
 * one too) or the end of the expression.  Returns the number, -1 if there
 * was none, -2 if a token was not a digit or the end came first; past
 * RE_DUP_MAX the number stays RE_DUP_MAX + 1.  *j ends past the token it
 * stopped at. */
static long
fetch_number(const char *ere, size_t len, size_t *j, enum interval_stop *stop)
{
    long num = -1;

    for (;;) {
        char c;

        if (*j >= len) {
            *stop = STOP_END;
            return -2;
        }
        c = ere[(*j)++];
        if (c == '\\' && *j < len) {
            /* An escaped ',' is glibc's CHARACTER ',' and ends a number,
             * an escaped '0' is its CHARACTER '0' and a digit (\1 to
             * \9 are back-references); an escaped '}' is no closing
             * brace. */
            c = ere[(*j)++];
            if (c == ',') {
                *stop = STOP_COMMA;
                return num;
            }
            if (c != '0') {
                num = -2;
                continue;
            }
        } else if (c == '}' || c == ',') {
            *stop = c == '}' ? STOP_CLOSE : STOP_COMMA;
            return num;
        }
        num = c < '0' || c > '9' || num == -2 ? -2
              : num == -1 ? c - '0'
              : num * 10 + (c - '0') > RE_DUP_MAX ? RE_DUP_MAX + 1 : num * 10 + (c - '0');
    }
}

/* An interval "{m}", "{m,}", "{m,n}" or "{,n}" from ere[*i] ('{'), as
 * PCRE2 text in 'buf'; *i ends past its '}'.  The errors are glibc's
 * parse_dup_op(): an interval the expression ends in is "Unmatched \{",
 * other bad contents are "Invalid content of \{\}". */
static int
interval(const char *ere, size_t len, size_t *i, char *buf, size_t size)
{
    size_t j = *i + 1;
    enum interval_stop stop;
    long m = fetch_number(ere, len, &j, &stop), n = -1;
    bool comma = stop == STOP_COMMA;

    if (m == -1) {
        if (stop != STOP_COMMA)
            return REG_BADBR;           /* "{}" */
        m = 0;
    }
    if (m != -2)
        n = stop == STOP_CLOSE ? m : fetch_number(ere, len, &j, &stop);
    if (m == -2 || n == -2)
        return stop == STOP_END ? REG_EBRACE : REG_BADBR;
    if ((n != -1 && m > n) || stop != STOP_CLOSE)
        return REG_BADBR;
    if ((n == -1 ? m : n) > RE_DUP_MAX)
        return REG_ESIZE;
    if (!comma)
        snprintf(buf, size, "{%ld}", m);
    else if (n < 0)
        snprintf(buf, size, "{%ld,}", m);
    else
        snprintf(buf, size, "{%ld,%ld}", m, n);
    *i = j;
    return 0;
}

#define NO_ATOM ((size_t) -1)

int
ere_translate(const char *ere, size_t len, char *out, size_t out_size)
{
    struct out o = { out, 0, out_size, false };
    /* Open groups: their start in 'out', their number, and the enclosing
     * level's 'initial' and 'alt_done' below. */
    struct group { size_t at; size_t num; uint32_t initial, alt_done; } *open
        = malloc((len + 1) * sizeof *open);
    /* Which of groups 1-9 a back-reference may name here (bit N: group N),
     * as glibc's completed_bkref_map: a group is referred to once closed,
     * and only from the alternative it was closed in (parse_reg_exp()
     * starts each alternative from the groups closed before the
     * alternation, 'initial', and adds the others' after it, 'alt_done'). */
    uint32_t done = 0, initial = 0, alt_done = 0;
    size_t depth = 0, n_groups = 0;
    size_t atom = NO_ATOM;              /* where the last atom starts in 'out' */
    bool after_quantifier = false;
    int error = 0;

    if (out_size)
        out[0] = '\0';
    if (!open || !out_size) {
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
                if (!(done & 1u << (c - '0'))) {
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
            open[depth].initial = initial;
            open[depth].alt_done = alt_done;
            depth++;
            initial = done;
            alt_done = 0;
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
                done |= alt_done;
                if (open[depth].num <= 9)
                    done |= 1u << open[depth].num;
                initial = open[depth].initial;
                alt_done = open[depth].alt_done;
                atom = open[depth].at;
                put(&o, ")", 1);
            }
            after_quantifier = false;
            i++;
            continue;
        case '|':
            alt_done |= done;
            done = initial;
            put(&o, "|", 1);
            atom = NO_ATOM;
            after_quantifier = false;
            i++;
            continue;
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
