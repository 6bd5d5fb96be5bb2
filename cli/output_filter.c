/* Output filters (output_filter.h). */
#include "output_filter.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "util.h"

const struct output_filter_limits output_filter_default_limits = {
    .line = { ERE_MATCH_LIMIT, ERE_HEAP_LIMIT_KIB },
    .cpu_budget_ns = OUTPUT_FILTER_CPU_BUDGET_NS,
};

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
    if (i >= ARRAY_SIZE(filters))
        return NULL;
    if (help)
        *help = filters[i].help;
    if (needs_re)
        *needs_re = filters[i].needs_re;
    return filters[i].name;
}

bool
output_filter_init(struct output_filter *f, const char *spec,
                   const struct output_filter_limits *limits, char *err, size_t err_size,
                   int *col)
{
    const char *p = spec, *word, *re;
    size_t len;
    int found = -1, n_found = 0;

    memset(f, 0, sizeof *f);
    f->limits = limits ? *limits : output_filter_default_limits;
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
    for (size_t i = 0; i < ARRAY_SIZE(filters); i++) {
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

        /* Trailing blanks are not part of the expression. */
        while (rlen && isspace((unsigned char) re[rlen - 1]))
            rlen--;
        if (ere_compile(&f->re, re, rlen, &f->limits.line, text, sizeof text)) {
            snprintf(err, err_size, "%% Invalid regular expression \"%.*s\": %s",
                     (int) (rlen > 1024 ? 1024 : rlen), re, text);
            return false;
        }
    }
    return true;
}

void
output_filter_uninit(struct output_filter *f)
{
    ere_free(f->re);
    f->re = NULL;
}

static int64_t
clock_ns(clockid_t id)
{
    struct timespec t;

    clock_gettime(id, &t);
    return (int64_t) t.tv_sec * 1000000000 + t.tv_nsec;
}

/* Whether the CPU time budget is spent.  The thread's CPU clock is a
 * system call (over a microsecond here, more than matching a line), the
 * monotonic clock is not; CPU time never runs faster than the wall clock,
 * so the CPU clock is read only once enough wall time has passed for the
 * budget to be spent. */
static bool
over_budget(struct output_filter *f)
{
    int64_t elapsed, cpu;

    if (!f->lines) {
        f->wall_start_ns = clock_ns(CLOCK_MONOTONIC);
        f->cpu_start_ns = clock_ns(CLOCK_THREAD_CPUTIME_ID);
        f->cpu_check_ns = f->limits.cpu_budget_ns;
        return false;
    }
    elapsed = clock_ns(CLOCK_MONOTONIC) - f->wall_start_ns;
    if (elapsed < f->cpu_check_ns)
        return false;
    cpu = clock_ns(CLOCK_THREAD_CPUTIME_ID) - f->cpu_start_ns;
    if (cpu >= f->limits.cpu_budget_ns)
        return true;
    f->cpu_check_ns = elapsed + (f->limits.cpu_budget_ns - cpu);
    return false;
}

static bool
matches(struct output_filter *f, const char *line)
{
    if (!f->re)
        return true;
    switch (ere_match(f->re, line, strlen(line))) {
    case ERE_MATCH:
        return true;
    case ERE_NOMATCH:
        return false;
    case ERE_TOO_COMPLEX:
        f->stop = OUTPUT_FILTER_TOO_COMPLEX;
        return false;
    case ERE_FAILED:
    default:
        f->stop = OUTPUT_FILTER_MATCH_FAILED;
        return false;
    }
}

static bool
filter_line(struct output_filter *f, const char *line)
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

bool
output_filter_line(struct output_filter *f, const char *line)
{
    bool print;

    if (f->stop)
        return false;
    if (f->re && over_budget(f)) {
        f->stop = OUTPUT_FILTER_OVER_BUDGET;
        return false;
    }
    f->lines++;
    print = filter_line(f, line);
    return print && !f->stop;
}

const char *
output_filter_error(const struct output_filter *f, char *buf, size_t size)
{
    switch (f->stop) {
    case OUTPUT_FILTER_RUNNING:
        return NULL;
    case OUTPUT_FILTER_TOO_COMPLEX:
        snprintf(buf, size, "%% Regular expression too complex: filtering stopped at line %lu "
                 "of the output", f->lines);
        break;
    case OUTPUT_FILTER_OVER_BUDGET:
        snprintf(buf, size, "%% Filter time limit (%g s of CPU) reached: filtering stopped "
                 "at line %lu of the output", f->limits.cpu_budget_ns / 1e9, f->lines + 1);
        break;
    case OUTPUT_FILTER_MATCH_FAILED:
    default:
        snprintf(buf, size, "%% Out of memory: filtering stopped at line %lu of the output",
                 f->lines);
        break;
    }
    return buf;
}

const char *
output_filter_finish(struct output_filter *f, char *buf, size_t size)
{
    if (f->kind != OUTPUT_FILTER_COUNT || f->stop)
        return NULL;
    snprintf(buf, size, "Number of lines which match regexp = %lu", f->count);
    return buf;
}
