#ifndef CLI_REGEX_ERE_H
#define CLI_REGEX_ERE_H 1

/* POSIX extended regular expressions with bounded work
 * ====================================================
 * The output filters' expressions (output_filter.h) are glibc's POSIX
 * extended dialect -- GNU escapes (\w \s \b \< \> ...) and back-references
 * included -- but glibc's regcomp()/regexec() cannot be bounded: a line
 * typed at user EXEC ran regexec() for minutes, and regcomp() of
 * "((a{1,1000}){1,1000})" alone takes gigabytes (docs/security.md
 * section 4).  So an expression is translated into the PCRE2 syntax that
 * means the same (ere_translate()) and runs on PCRE2's interpreter, whose
 * every match stops at a step limit and a heap limit.
 *
 * The translation reports the syntax errors glibc reports, with glibc's
 * texts (regerror()), and refuses what glibc refuses, PCRE2's own
 * extensions ("(?", "(*") included; what PCRE2 alone refuses (a compiled
 * pattern over 64 KiB) gets PCRE2's text. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ere;

struct ere_limits {
    uint32_t match_limit;           /* PCRE2 steps per subject (pcre2_set_match_limit) */
    uint32_t heap_limit_kib;        /* backtracking memory per subject (pcre2_set_heap_limit) */
};

/* One output line: 1,000,000 steps (about 20 ms here) and 8 MiB. */
#define ERE_MATCH_LIMIT     1000000
#define ERE_HEAP_LIMIT_KIB  8192

/* Translates the expression 'ere' ('len' bytes) into PCRE2 syntax in
 * 'out' ('out_size' bytes, at least 16 * len + 16 suffice).  Returns 0, or
 * glibc's REG_* error code for the expression (REG_ESPACE: 'out' is too
 * small). */
int ere_translate(const char *ere, size_t len, char *out, size_t out_size);

/* Compiles 'ere' ('len' bytes).  Returns 0, or EINVAL (a bad expression)
 * or ENOMEM with the message in 'err' ("Unmatched ( or \(" as glibc says
 * it). */
int ere_compile(struct ere **, const char *ere, size_t len, const struct ere_limits *,
                char *err, size_t err_size);
void ere_free(struct ere *);                         /* accepts NULL */

enum ere_result {
    ERE_NOMATCH,
    ERE_MATCH,
    ERE_TOO_COMPLEX,                /* the step, depth or heap limit was reached */
    ERE_FAILED,                     /* out of memory, or another PCRE2 error */
};

/* Whether 'subject' ('len' bytes) contains a match. */
enum ere_result ere_match(struct ere *, const char *subject, size_t len);

#endif /* cli/regex_ere.h */
