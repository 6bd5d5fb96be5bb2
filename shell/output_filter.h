#ifndef SHELL_OUTPUT_FILTER_H
#define SHELL_OUTPUT_FILTER_H 1

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
 * to print it; output_filter_finish() gives the closing line "count" prints. */

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

enum output_filter_kind {
    OUTPUT_FILTER_INCLUDE,
    OUTPUT_FILTER_EXCLUDE,
    OUTPUT_FILTER_BEGIN,
    OUTPUT_FILTER_SECTION,
    OUTPUT_FILTER_COUNT,
};

struct output_filter {
    enum output_filter_kind kind;
    bool has_re;
    regex_t re;
    bool begun;                     /* begin: a line matched */
    bool in_section;                /* section: inside a matched section */
    unsigned long count;
};

/* The filters, in alphabetical order, for '?' help and TAB completion:
 * the name of filter 'i' with its help and whether a regular expression
 * must follow, or NULL past the last one. */
const char *output_filter_name(size_t i, const char **help, bool *needs_re);

/* Parses 'spec' (the text after '|').  On error returns false with the IOS
 * message in 'err' and the column (within 'spec') of the caret in '*col'
 * (-1: no caret line). */
bool output_filter_init(struct output_filter *, const char *spec, char *err, size_t err_size,
                     int *col);
void output_filter_uninit(struct output_filter *);

/* Whether 'line' is printed. */
bool output_filter_line(struct output_filter *, const char *line);

/* The line to print after the output ("count"), or NULL. */
const char *output_filter_finish(struct output_filter *, char *buf, size_t size);

#endif /* shell/output_filter.h */
