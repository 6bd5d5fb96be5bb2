/* The output filters' regular expressions (cli/regex_ere.c), which any
 * telnet user types at user EXEC after a '|' ("show ... | include RE").
 *
 * The input is an expression, then subject lines, separated by '\n'.
 * ere_translate() and ere_compile() must stay within their buffers and
 * bounds whatever the expression.  Where glibc's regcomp() and regexec()
 * can be trusted to finish (a short expression with small repetition
 * counts, short subjects when there are back-references), the filter must
 * say what glibc says (regex_ere.h): the same expressions refused with
 * glibc's text, and the same lines matched, in the C locale the daemon
 * runs in. */
#include "fuzz.h"

#include <errno.h>
#include <regex.h>
#include <string.h>

#include "regex_ere.h"

#define MAX_SUBJECTS   8
#define GLIBC_RE_MAX   48           /* longest expression given to glibc */
#define GLIBC_COUNT_MAX 16          /* largest {m,n} count given to glibc */
#define GLIBC_STACKED_MAX 5         /* most quantifiers on a quantified atom or a group */

static const struct ere_limits limits = { ERE_MATCH_LIMIT, ERE_HEAP_LIMIT_KIB };

/* Whether glibc can be run on 're' without its exponential costs:
 * regcomp() unrolls counted repetitions, so their counts and number stay
 * small, and its epsilon closures double with each quantifier stacked on
 * a quantified atom or a group ("(a+)++++++++++++" takes seconds), so
 * those stay few.  '*backrefs' tells whether regexec() may backtrack. */
static bool
glibc_safe(const char *re, size_t len, bool *backrefs)
{
    unsigned n_counts = 0, n_stacked = 0;

    *backrefs = false;
    if (len > GLIBC_RE_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && strchr("*+?{", re[i]) && strchr("*+?})", re[i - 1])
            && ++n_stacked > GLIBC_STACKED_MAX)
            return false;
        if (re[i] == '\\' && i + 1 < len && re[i + 1] >= '1' && re[i + 1] <= '9')
            *backrefs = true;
        if (re[i] == '{') {
            unsigned long n = 0;

            if (++n_counts > 2)
                return false;
            for (size_t j = i + 1; j < len && (re[j] == ',' || (re[j] >= '0' && re[j] <= '9'));
                 j++) {
                n = re[j] == ',' ? 0 : n * 10 + (unsigned) (re[j] - '0');
                if (n > GLIBC_COUNT_MAX)
                    return false;
            }
        }
    }
    return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size), *re_text, *subjects[MAX_SUBJECTS], *nl;
    size_t re_len, n_subjects = 0, out_size;
    char err[256], want[256], *out;
    struct ere *re = NULL;
    bool safe, backrefs, have_g = false;
    regex_t g;
    int rc, grc;

    if (!text)
        return 0;
    re_text = text;
    nl = strchr(text, '\n');
    if (nl) {
        *nl = '\0';
        for (char *s = nl + 1; s && n_subjects < MAX_SUBJECTS; s = nl ? nl + 1 : NULL) {
            nl = strchr(s, '\n');
            if (nl)
                *nl = '\0';
            subjects[n_subjects++] = s;
        }
    }
    re_len = strlen(re_text);

    /* The translation fits the room regex_ere.h promises, and refuses a
     * buffer one byte short of what it needs. */
    out_size = 16 * re_len + 16;
    if ((out = malloc(out_size))) {
        rc = ere_translate(re_text, re_len, out, out_size);
        FUZZ_CHECK(rc != REG_ESPACE, "\"%s\": %zu bytes are not enough", re_text, out_size);
        if (!rc) {
            size_t need = strlen(out) + 1;
            char *tight = malloc(need - 1 ? need - 1 : 1);

            FUZZ_CHECK(need <= out_size, "\"%s\" translated past its buffer", re_text);
            if (tight) {
                FUZZ_CHECK(ere_translate(re_text, re_len, tight, need - 1) == REG_ESPACE,
                           "\"%s\": a translation of %zu bytes fits in %zu", re_text, need,
                           need - 1);
                free(tight);
            }
        }
        free(out);
    }

    rc = ere_compile(&re, re_text, re_len, &limits, err, sizeof err);
    FUZZ_CHECK(rc == 0 || rc == EINVAL || rc == ENOMEM, "\"%s\": %d", re_text, rc);
    FUZZ_CHECK(rc == 0 ? re != NULL : re == NULL && err[0], "\"%s\": compile result", re_text);

    safe = glibc_safe(re_text, re_len, &backrefs);
    if (safe && rc != ENOMEM) {
        grc = regcomp(&g, re_text, REG_EXTENDED | REG_NOSUB);
        if (grc == REG_ESPACE) {
            safe = false;
        } else if (grc) {
            regerror(grc, &g, want, sizeof want);
            FUZZ_CHECK(rc == EINVAL && !strcmp(err, want),
                       "\"%s\": glibc refuses it (%s), the filter %s%s", re_text, want,
                       rc ? "says " : "accepts it", rc ? err : "");
            safe = false;
        } else {
            have_g = true;
            FUZZ_CHECK(rc == 0, "\"%s\": glibc accepts it, the filter says %s", re_text, err);
        }
    } else {
        safe = false;
    }
    for (size_t i = 0; re && i < n_subjects; i++) {
        size_t len = strlen(subjects[i]);
        enum ere_result got = ere_match(re, subjects[i], len);

        FUZZ_CHECK(got == ERE_MATCH || got == ERE_NOMATCH || got == ERE_TOO_COMPLEX,
                   "\"%s\" on \"%s\": %d", re_text, subjects[i], got);
        if (safe && got != ERE_TOO_COMPLEX && (!backrefs || len <= 24)) {
            bool glibc = regexec(&g, subjects[i], 0, NULL, 0) == 0;

            FUZZ_CHECK((got == ERE_MATCH) == glibc, "\"%s\" on \"%s\": glibc %s, the filter %s",
                       re_text, subjects[i], glibc ? "matches" : "does not",
                       got == ERE_MATCH ? "matches" : "does not");
        }
    }
    if (have_g)
        regfree(&g);
    ere_free(re);
    free(text);
    return 0;
}
