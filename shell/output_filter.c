/* Output filters (output_filter.h). */
#include "output_filter.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const struct {
    const char *name;
    enum output_filter_kind kind;
    bool needs_re;
    const char *help;               /* IOS's '?' text */
} filters[] = {
    { "begin", OUTPUT_FILTER_BEGIN, true, "Begin with the line that matches" },
    { "count", OUTPUT_FILTER_COUNT, false, "Count number of lines which match regexp" },
    { "exclude", OUTPUT_FILTER_EXCLUDE, true, "Exclude lines that match" },
    { "include", OUTPUT_FILTER_INCLUDE, true, "Include lines that match" },
    { "section", OUTPUT_FILTER_SECTION, true, "Filter a section of output" },
};

const char *
output_filter_name(size_t i, const char **help, bool *needs_re)
{
    if (i >= sizeof filters / sizeof filters[0])
        return NULL;
    if (help)
        *help = filters[i].help;
    if (needs_re)
        *needs_re = filters[i].needs_re;
    return filters[i].name;
}

bool
output_filter_init(struct output_filter *f, const char *spec, char *err, size_t err_size, int *col)
{
    const char *p = spec, *word, *re;
    size_t len;
    int found = -1, n_found = 0;

    memset(f, 0, sizeof *f);
    *col = -1;
    while (isspace((unsigned char) *p))
        p++;
    word = p;
    while (*p && !isspace((unsigned char) *p))
        p++;
    len = p - word;
    while (isspace((unsigned char) *p))
        p++;
    re = p;
    if (!len) {
        snprintf(err, err_size, "%% Incomplete command.");
        return false;
    }
    for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++) {
        if (len <= strlen(filters[i].name) && !strncasecmp(word, filters[i].name, len)) {
            found = i;
            n_found++;
        }
    }
    if (n_found != 1) {
        *col = word - spec;
        snprintf(err, err_size, "%% Invalid input detected at '^' marker.");
        return false;
    }
    f->kind = filters[found].kind;
    if (filters[found].needs_re && !*re) {
        snprintf(err, err_size, "%% Incomplete command.");
        return false;
    }
    if (*re) {
        char text[256];
        size_t rlen = strlen(re);
        char pattern[4096];

        /* Trailing blanks are not part of the expression. */
        while (rlen && isspace((unsigned char) re[rlen - 1]))
            rlen--;
        snprintf(pattern, sizeof pattern, "%.*s", (int) rlen, re);
        int rc = regcomp(&f->re, pattern, REG_EXTENDED | REG_NOSUB);
        if (rc) {
            regerror(rc, &f->re, text, sizeof text);
            snprintf(err, err_size, "%% Invalid regular expression \"%s\": %s", pattern, text);
            return false;
        }
        f->has_re = true;
    }
    return true;
}

void
output_filter_uninit(struct output_filter *f)
{
    if (f->has_re)
        regfree(&f->re);
    f->has_re = false;
}

static bool
matches(const struct output_filter *f, const char *line)
{
    return !f->has_re || regexec(&f->re, line, 0, NULL, 0) == 0;
}

bool
output_filter_line(struct output_filter *f, const char *line)
{
    switch (f->kind) {
    case OUTPUT_FILTER_INCLUDE:
        return matches(f, line);
    case OUTPUT_FILTER_EXCLUDE:
        return !matches(f, line);
    case OUTPUT_FILTER_BEGIN:
        if (!f->begun && matches(f, line))
            f->begun = true;
        return f->begun;
    case OUTPUT_FILTER_SECTION:
        /* A line that starts a section (not indented) opens or closes it;
         * indented lines follow the section they are in. */
        if (line[0] != ' ')
            f->in_section = matches(f, line);
        else if (!f->in_section && matches(f, line))
            return true;
        return f->in_section;
    case OUTPUT_FILTER_COUNT:
        if (matches(f, line))
            f->count++;
        return false;
    }
    return true;
}

const char *
output_filter_finish(struct output_filter *f, char *buf, size_t size)
{
    if (f->kind != OUTPUT_FILTER_COUNT)
        return NULL;
    snprintf(buf, size, "Number of lines which match regexp = %lu", f->count);
    return buf;
}
