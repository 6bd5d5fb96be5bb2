#ifndef SWITCHD_LOG_BUFFER_H
#define SWITCHD_LOG_BUFFER_H 1

/* A bounded buffer of log lines: IOS's `logging buffered SIZE LEVEL`.
 * Lines (already stamped, "*Dec  5 22:45:01.123: %SYS-5-...") are kept
 * with their severity (0 emergencies .. 7 debugging) and a sequence
 * number; a line whose severity is above the buffer's level is not kept.
 * The lines kept take at most SIZE bytes, each counted as its text and a
 * newline, as IOS counts its buffer; a new line drops the oldest until it
 * fits.  Any thread may add and read at once: one mutex guards it all
 * (docs/design.md section 7.4), and it is never taken on the packet path.
 * switchd keeps two (log.h): the `logging buffered` one, and a feed of the
 * latest lines of every severity that `terminal monitor` sessions follow
 * by sequence number. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LOG_SEVERITY_MAX 7          /* debugging */

struct log_buffer;

/* A buffer of 'size' bytes keeping severities up to 'level' (-1: none, a
 * buffer turned off).  NULL when memory is short. */
struct log_buffer *log_buffer_create(size_t size, int level);
void log_buffer_destroy(struct log_buffer *);          /* accepts NULL */

/* New bounds: lines that no longer fit, the oldest first, or that the
 * level no longer keeps, are dropped; level -1 drops every line. */
void log_buffer_configure(struct log_buffer *, size_t size, int level);

/* Keeps 'line' (without a newline) if 'severity' is within the level and
 * the line fits in the buffer at all.  Returns whether it was kept. */
bool log_buffer_add(struct log_buffer *, int severity, const char *line);

/* Drops every line (`clear logging`); counts and numbering go on. */
void log_buffer_clear(struct log_buffer *);

struct log_buffer_stats {
    size_t size;                    /* the bound, bytes */
    int level;                      /* -1: off */
    uint64_t logged;                /* lines kept since the start */
    size_t used;                    /* bytes the kept lines take */
    size_t n_lines;                 /* lines kept now */
    uint64_t last_seq;              /* number of the newest line ever kept; 0: none */
};

void log_buffer_stats(struct log_buffer *, struct log_buffer_stats *);

/* Calls fn(arg, severity, line) for each kept line numbered above '*seq'
 * with a severity up to 'max_level', oldest first, and sets '*seq' to the
 * newest line's number.  Returns how many lines fn saw.  fn runs under
 * the buffer's lock: it must be quick and must not log (copy the lines;
 * write them to a client afterwards). */
typedef void log_buffer_fn(void *arg, int severity, const char *line);
size_t log_buffer_read(struct log_buffer *, uint64_t *seq, int max_level, log_buffer_fn *fn,
                       void *arg);

#endif /* switchd/log_buffer.h */
