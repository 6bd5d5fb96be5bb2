#ifndef CLI_OUTPUT_FILTER_H
#define CLI_OUTPUT_FILTER_H 1

/* Output filters
 * ==============
 * What follows '|' on an EXEC command, as on IOS:
 *
 *   | include REGEX    only lines matching REGEX
 *   | exclude REGEX    lines not matching REGEX
 *   | begin REGEX      from the first matching line on
 *   | section REGEX    matching lines and the indented lines under them
 *   | count [REGEX]    "Number of lines which match regexp = N"
 *
 * Filter names take unique prefixes ("| inc", "| i"); the regular
 * expression is the rest of the line (POSIX extended, like IOS's, so
 * "a|b" is one alternation, not a second pipe).  We write our own because
 * libcli 1.10.7's filters print nothing for abbreviated names and bypass the
 * output callback for "count" (docs/design.md section 10.2).
 *
 * A filter is fed the command's output one line at a time and says whether
 * to print it; output_filter_finish() gives the closing line "count" prints.
 *
 * A filter cannot run away (docs/security.md section 4): each line's match
 * stops at a step and a heap limit (regex_ere.h), and the whole command's
 * filtering at a budget of CPU time.  Past either, the filter stops:
 * output_filter_line() prints nothing more and output_filter_error() says
 * why. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "regex_ere.h"

enum output_filter_kind {
    OUTPUT_FILTER_INCLUDE,
    OUTPUT_FILTER_EXCLUDE,
    OUTPUT_FILTER_BEGIN,
    OUTPUT_FILTER_SECTION,
    OUTPUT_FILTER_COUNT,
};

struct output_filter_limits {
    struct ere_limits line;         /* each line's match */
    int64_t cpu_budget_ns;          /* the session thread's CPU time for all lines */
};

/* Each line as regex_ere.h says, and 5 s of CPU time per command: a
 * show running-config of 65000 ports filters in a fraction of that. */
#define OUTPUT_FILTER_CPU_BUDGET_NS (5 * INT64_C(1000000000))
extern const struct output_filter_limits output_filter_default_limits;

enum output_filter_stop {
    OUTPUT_FILTER_RUNNING,
    OUTPUT_FILTER_TOO_COMPLEX,      /* a line reached the step or heap limit */
    OUTPUT_FILTER_OVER_BUDGET,      /* the CPU time budget is spent */
    OUTPUT_FILTER_MATCH_FAILED,     /* out of memory while matching */
};

struct output_filter {
    enum output_filter_kind kind;
    struct ere *re;                 /* NULL: every line matches */
    bool begun;                     /* begin: a line matched */
    bool in_section;                /* section: inside a matched section */
    unsigned long count;

    struct output_filter_limits limits;
    enum output_filter_stop stop;
    unsigned long lines;            /* lines seen */
    int64_t wall_start_ns, cpu_start_ns;
    int64_t cpu_check_ns;           /* wall time since the start to read the CPU clock */
};

const char *output_filter_name(size_t i, const char **help, bool *needs_re);

/* Parses 'spec' (the text after '|').  On error returns false with the IOS
 * message in 'err' and the column (within 'spec') of the caret in '*col'
 * (-1: no caret line).  'limits' NULL: output_filter_default_limits. */
bool output_filter_init(struct output_filter *, const char *spec,
                        const struct output_filter_limits *limits, char *err, size_t err_size,
                        int *col);
void output_filter_uninit(struct output_filter *);

/* Whether 'line' is printed: false for every line once the filter stopped. */
bool output_filter_line(struct output_filter *, const char *line);

/* Why the filter stopped ("% Regular expression too complex ..."), or
 * NULL while it runs. */
const char *output_filter_error(const struct output_filter *, char *buf, size_t size);

/* The line to print after the output ("count"), or NULL (and NULL once the
 * filter stopped: its count would be wrong). */
const char *output_filter_finish(struct output_filter *, char *buf, size_t size);

#endif /* cli/output_filter.h */
