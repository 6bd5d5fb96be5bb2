/* Output filters: the POSIX dialect kept on PCRE2 (checked against glibc's
 * regcomp/regexec on benign expressions), and the bounds that stop a
 * runaway expression (docs/security.md section 4). */
#include <criterion/criterion.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output_filter.h"
#include "regex_ere.h"
#include "util.h"

static const struct ere_limits limits = { ERE_MATCH_LIMIT, ERE_HEAP_LIMIT_KIB };

/* Accepted by glibc: every subject below must match or not as it says. */
static const char *const good[] = {
    "vm1", "vm1|vm3", "^interface", "^ ", "!$", "a.c", "a*b", "a+b", "ab?c", "a{2}", "a{2,}",
    "a{,2}b", "a{,}", "a{1,3}c", "a{0}b", "a{1\\,2}", "(ab)+", "(a|b)*c", "[abc]x", "[^abc]",
    "[]a]", "[^]a]", "[a\\]", "[\\n]", "[a-c]", "[a-]", "[-a]", "[--/]", "[[:digit:]]+",
    "[[:alpha:]_]", "[^[:space:]]", "[[.a.]]", "[[=a=]]", "[[.-.]a]", "[[.a.]-c]", "[a-[.c.]]",
    "[[]", "[a[]", "\\.", "\\\\", "\\n", "\\(", "\\{", "\\w+", "\\W", "\\s", "\\S+", "\\bvm",
    "vm\\B", "\\<vm", "1\\>", "\\`i", "1\\'", "(a)\\1", "(a)(b)\\2\\1", "(a)\\10", "((a)b)\\2",
    "a**", "a*+b", "a+?", "a??b", "a+*", "(ab)*+", "a{1,2}{2}", "[ab]{2}+", "()", "(|a)b",
    "a||b", ")", "a)", "x(y)z)", "a)*", "$a", "a^", "^$", "^", "$", "#", " a", "a b", "}",
    "]", "a}", "\xc3\xa9", "[\xc3\xa9]", "(a*)*(a*)*\\1\\2b", ".*a.*b",
    "a{\\02}", "a{1,\\02}b",
};

static const char *const subjects[] = {
    "", "interface vm1", "interface vm3", " switchport access vlan 10", "hostname switch!",
    "abc", "aab", "ab", "b", "aaaa", "a.c", "axc", "a\\b", "vm10", "x]y", "-", "/", "a-b",
    "1 2", "\t", "abab", "aa", "ba", "#x", "a)", "x(y)z)", "\\n", "n", "abcabc", "ii", "aaab",
    "a_b", "(", "{", "a{,2}b", "a0", "aa0", "a10", "abba", "abab", "abb", "c", "[", "a}",
    "\xc3\xa9", "caf\xc3\xa9", "i1", "vmx", "x1", " a", "a b", "aab", "#", "]",
};

/* Refused by glibc: the same refusal, with glibc's text. */
static const char *const bad[] = {
    "(", "x(", "(a|b", "[a", "[]", "[^]", "[[:alpha:]", "[[:alpha", "[[:foo:]]", "[[:word:]]",
    "[b-a]", "[a-c-e]", "[[:alpha:]-z]", "[a-[:alpha:]]", "[[.ab.]]", "\\", "a\\", "*a", "+a",
    "?a", "a|*b", "(*a)", "(?:a)", "(?i)a", "(*LIMIT_MATCH=1)a", "^*a", "a$*", "\\b*", "\\<*",
    "a{", "a{1", "a{1,2", "a{x}", "a{1x}", "a{}", "a{2,1}", "a{40000}", "a{1,40000}", "{a",
    "a{a", "a{1,x", "a{x,1}", "a{1,2,3}", "a{\\}", "a{1\\}", "a{[}", "a{\\042000}", "a{\\0a}",
    "[", "a[", "[^", "x[^",
    /* glibc keeps at most 31 characters of a bracket symbol's name. */
    "[[:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:]]", "[a-[.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.]]",
    /* A range's end read as glibc's parse_bracket_exp() reads it: a
     * symbol, a bare '-' or the expression's end. */
    "[h-[:za^]bc", "[a-[:alpha]T:a)b", "[.-[.-.]", "x[.-\\-", "[:-a-", "[]-;",
    "\\1", "(a)\\2", "(a\\1)", "(a|\\1)",
};

static int
glibc_compile(regex_t *re, const char *pattern)
{
    return regcomp(re, pattern, REG_EXTENDED | REG_NOSUB);
}

Test(regex_ere, matches_as_glibc_posix_extended)
{
    for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
        regex_t g;
        struct ere *re;
        char err[256];

        cr_assert_eq(glibc_compile(&g, good[i]), 0, "glibc refuses \"%s\"", good[i]);
        cr_assert_eq(ere_compile(&re, good[i], strlen(good[i]), &limits, err, sizeof err), 0,
                     "\"%s\": %s", good[i], err);
        for (size_t j = 0; j < ARRAY_SIZE(subjects); j++) {
            bool want = regexec(&g, subjects[j], 0, NULL, 0) == 0;
            enum ere_result got = ere_match(re, subjects[j], strlen(subjects[j]));
            cr_assert(got == ERE_MATCH || got == ERE_NOMATCH);
            cr_expect_eq(got == ERE_MATCH, want, "\"%s\" on \"%s\": glibc %s, ours %s",
                         good[i], subjects[j], want ? "matches" : "does not",
                         got == ERE_MATCH ? "matches" : "does not");
        }
        ere_free(re);
        regfree(&g);
    }
}

Test(regex_ere, refuses_what_glibc_refuses_with_its_text)
{
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        regex_t g;
        struct ere *re;
        char want[256], err[256];
        int rc = glibc_compile(&g, bad[i]);

        cr_assert_neq(rc, 0, "glibc accepts \"%s\"", bad[i]);
        regerror(rc, &g, want, sizeof want);
        cr_assert_eq(ere_compile(&re, bad[i], strlen(bad[i]), &limits, err, sizeof err), EINVAL,
                     "\"%s\" accepted", bad[i]);
        cr_expect_str_eq(err, want, "\"%s\"", bad[i]);
        cr_assert_null(re);
    }
}

Test(regex_ere, translation_keeps_posix_meaning)
{
    char out[256];

    /* Backslash is literal in a bracket; a second quantifier repeats the
     * first instead of making it lazy or possessive; back-references
     * cannot run into a following digit. */
    cr_assert_eq(ere_translate("[a\\]", 4, out, sizeof out), 0);
    cr_assert_str_eq(out, "[a\\\\]");
    cr_assert_eq(ere_translate("a*+", 3, out, sizeof out), 0);
    cr_assert_str_eq(out, "(?:a*)+");
    cr_assert_eq(ere_translate("(a)\\10", 6, out, sizeof out), 0);
    cr_assert_str_eq(out, "(a)\\g{1}0");
    cr_assert_eq(ere_translate("a{,2}", 5, out, sizeof out), 0);
    cr_assert_str_eq(out, "a{0,2}");
    cr_assert_eq(ere_translate("aaaa", 4, out, 4), REG_ESPACE);
}

static char *
long_line(size_t n_a, const char *tail)
{
    char *s = malloc(n_a + strlen(tail) + 1);

    cr_assert_not_null(s);
    memset(s, 'a', n_a);
    strcpy(s + n_a, tail);
    return s;
}

/* What glibc's regcomp alone spends gigabytes and minutes on (1.1 GB for
 * the first, over 5 GB and a minute for "((a{1,1000}){1,1000})") is
 * refused at once: PCRE2 bounds a compiled expression to 64 KiB, and
 * repeats a single character without copying it. */
Test(regex_ere, huge_repeats_are_refused_not_expanded)
{
    static const char *const huge[] = {
        "(((a{1,100}){1,100}){1,100})", "(((a{1,30}){1,30}){1,30}){1,30}",
    };
    const char *repeat = "((a{1,1000}){1,1000})";
    char *line = long_line(3000, "!");
    struct ere *re;
    char err[256];

    for (size_t i = 0; i < ARRAY_SIZE(huge); i++) {
        cr_assert_eq(ere_compile(&re, huge[i], strlen(huge[i]), &limits, err, sizeof err),
                     EINVAL, "\"%s\"", huge[i]);
        cr_assert_str_eq(err, "regular expression is too large");
    }
    cr_assert_eq(ere_compile(&re, repeat, strlen(repeat), &limits, err, sizeof err), 0);
    cr_assert_eq(ere_match(re, line, strlen(line)), ERE_MATCH);
    cr_assert_eq(ere_match(re, "b", 1), ERE_NOMATCH);
    ere_free(re);
    free(line);
}

/* The expression of docs/security.md section 4: on a line of 200 'a's
 * glibc's regexec ran for minutes.  The step limit ends it: the answer is
 * "too complex", not a match, and a tenfold limit does not change it. */
Test(regex_ere, backtracking_stops_at_the_step_limit)
{
    const char *evil = "(a*)*(a*)*\\1\\2b";
    char *line = long_line(200, "!b"), err[256];
    struct ere *re;
    struct ere_limits ten = { 10 * ERE_MATCH_LIMIT, ERE_HEAP_LIMIT_KIB };

    cr_assert_eq(ere_compile(&re, evil, strlen(evil), &limits, err, sizeof err), 0, "%s", err);
    cr_assert_eq(ere_match(re, line, strlen(line)), ERE_TOO_COMPLEX);
    /* A short line is answered within the limit. */
    cr_assert_eq(ere_match(re, "aa!b", 4), ERE_MATCH);
    cr_assert_eq(ere_match(re, "aa!", 3), ERE_NOMATCH);
    ere_free(re);
    cr_assert_eq(ere_compile(&re, evil, strlen(evil), &ten, err, sizeof err), 0, "%s", err);
    cr_assert_eq(ere_match(re, line, strlen(line)), ERE_TOO_COMPLEX);
    ere_free(re);
    free(line);
}

/* Alternations that keep many backtracking frames stop at the heap limit
 * (glibc grew by 80 MB in 15 s). */
Test(regex_ere, backtracking_memory_stops_at_the_heap_limit)
{
    const char *evil = "(a|aa|aaa)*(a|aa)*(a|aaa)*b";
    char *line = long_line(20000, "!b"), err[256];
    struct ere *re;
    struct ere_limits huge_steps = { 4000000000u, 1024 };

    cr_assert_eq(ere_compile(&re, evil, strlen(evil), &huge_steps, err, sizeof err), 0);
    cr_assert_eq(ere_match(re, line, strlen(line)), ERE_TOO_COMPLEX);
    ere_free(re);
    free(line);
}

static void
filter(struct output_filter *f, const char *spec, const struct output_filter_limits *l)
{
    char err[256];
    int col;

    cr_assert(output_filter_init(f, spec, l, err, sizeof err, &col), "%s: %s", spec, err);
}

Test(output_filter, the_filters_as_ios)
{
    struct output_filter f;
    char buf[128];

    filter(&f, "include vm1|vm3", NULL);
    cr_assert(output_filter_line(&f, "interface vm1"));
    cr_assert_not(output_filter_line(&f, "interface vm2"));
    cr_assert(output_filter_line(&f, "interface vm3"));
    cr_assert_null(output_filter_finish(&f, buf, sizeof buf));
    cr_assert_null(output_filter_error(&f, buf, sizeof buf));
    output_filter_uninit(&f);

    filter(&f, "ex switchport", NULL);
    cr_assert(output_filter_line(&f, "interface vm1"));
    cr_assert_not(output_filter_line(&f, " switchport access vlan 10"));
    output_filter_uninit(&f);

    filter(&f, "b ^interface", NULL);
    cr_assert_not(output_filter_line(&f, "hostname s"));
    cr_assert(output_filter_line(&f, "interface vm1"));
    cr_assert(output_filter_line(&f, "vlan 10"));
    output_filter_uninit(&f);

    filter(&f, "section vm2", NULL);
    cr_assert_not(output_filter_line(&f, "interface vm1"));
    cr_assert_not(output_filter_line(&f, " switchport"));
    cr_assert(output_filter_line(&f, "interface vm2"));
    cr_assert(output_filter_line(&f, " switchport"));
    output_filter_uninit(&f);

    filter(&f, "count vm   ", NULL);
    cr_assert_not(output_filter_line(&f, "interface vm1"));
    cr_assert_not(output_filter_line(&f, "vlan 10"));
    cr_assert_not(output_filter_line(&f, "interface vm2"));
    cr_assert_str_eq(output_filter_finish(&f, buf, sizeof buf),
                     "Number of lines which match regexp = 2");
    output_filter_uninit(&f);
}

Test(output_filter, a_bad_expression_is_refused_as_glibc_says)
{
    struct output_filter f;
    char err[256];
    int col;

    cr_assert_not(output_filter_init(&f, "include (", NULL, err, sizeof err, &col));
    cr_assert_str_eq(err, "% Invalid regular expression \"(\": Unmatched ( or \\(");
    cr_assert_eq(col, -1);
    cr_assert_not(output_filter_init(&f, "include (((a{1,100}){1,100}){1,100})", NULL, err,
                                     sizeof err, &col));
    cr_assert_str_eq(err, "% Invalid regular expression \"(((a{1,100}){1,100}){1,100})\": "
                     "regular expression is too large");
}

/* The runaway expression on a long line stops the filter there: the lines
 * before it are filtered, nothing after it is printed, the count is not
 * given, and the error says why. */
Test(output_filter, a_too_complex_line_stops_the_filter)
{
    struct output_filter f;
    char *line = long_line(200, "!b"), buf[160];

    filter(&f, "count (a*)*(a*)*\\1\\2b", NULL);
    cr_assert_not(output_filter_line(&f, "ab"));
    cr_assert_not(output_filter_line(&f, line));
    cr_assert_eq(f.stop, OUTPUT_FILTER_TOO_COMPLEX);
    cr_assert_not(output_filter_line(&f, "ab"));
    cr_assert_null(output_filter_finish(&f, buf, sizeof buf));
    cr_assert_str_eq(output_filter_error(&f, buf, sizeof buf),
                     "% Regular expression too complex: filtering stopped at line 2 of the "
                     "output");
    output_filter_uninit(&f);

    filter(&f, "include (a*)*(a*)*\\1\\2b", NULL);
    cr_assert(output_filter_line(&f, "ab"));
    cr_assert_not(output_filter_line(&f, line));
    cr_assert_not(output_filter_line(&f, "ab"));
    cr_assert_eq(f.stop, OUTPUT_FILTER_TOO_COMPLEX);
    output_filter_uninit(&f);
    free(line);
}

/* Lines each under the step limit still end at the command's CPU budget:
 * with a budget of 1 ns the filter stops within the first lines. */
Test(output_filter, the_cpu_budget_stops_a_long_output)
{
    struct output_filter_limits tiny = output_filter_default_limits;
    struct output_filter f;
    char buf[160];
    unsigned printed = 0;

    tiny.cpu_budget_ns = 1;
    filter(&f, "include a", &tiny);
    for (unsigned i = 0; i < 100000; i++)
        printed += output_filter_line(&f, "a line with an a");
    cr_assert_eq(f.stop, OUTPUT_FILTER_OVER_BUDGET);
    cr_assert_lt(printed, 100000);
    cr_assert(strstr(output_filter_error(&f, buf, sizeof buf), "% Filter time limit ("), "%s",
              buf);
    output_filter_uninit(&f);

    /* The default budget is not spent by an ordinary output. */
    filter(&f, "include a", NULL);
    for (unsigned i = 0; i < 100000; i++)
        cr_assert(output_filter_line(&f, "a line with an a"));
    cr_assert_eq(f.stop, OUTPUT_FILTER_RUNNING);
    output_filter_uninit(&f);
}
