#ifndef SWITCHD_LOG_H
#define SWITCHD_LOG_H 1

/* Logging: one line per event.  In the foreground, to stderr (and to a
 * log file if one is given).  Daemonized, to the log file (--log-file), or
 * else to syslog when a syslog daemon listens on /dev/log, or else to
 * LOG_DEFAULT_FILE: log lines never vanish (docs/security.md section 2).
 * Until a daemon is ready, its warnings and errors go to stderr too, the
 * terminal that started it.  Per-packet events are counters, never log
 * lines (docs/design.md section 11.4). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define LOG_DEFAULT_FILE "/var/log/tapswitch/switchd.log"
#define LOG_SYSLOG_SOCKET "/dev/log"

enum log_level { LOG_LEVEL_ERROR, LOG_LEVEL_WARN, LOG_LEVEL_INFO, LOG_LEVEL_DEBUG };

/* Parses "error", "warn", "info" or "debug".  Returns false otherwise. */
bool log_level_parse(const char *s, enum log_level *level);
void log_set_level(enum log_level);

/* Where lines go besides stderr.  log_use_file() appends to 'path'
 * (created mode 0640; its directory too, one level, mode 0750, when
 * 'make_dir'), which should be an absolute path so log_reopen() finds it
 * from any directory.  Returns 0 or an errno with a message in 'err'. */
int log_use_file(const char *path, bool make_dir, char *err, size_t err_size);
void log_use_syslog(void);
/* Whether a syslog daemon listens (LOG_SYSLOG_SOCKET is a socket). */
bool log_syslog_present(void);
/* Reopens the log file (after logrotate moved it away: SIGHUP).  Returns 0
 * or an errno with a message in 'err'; the old file stays in use then. */
int log_reopen(char *err, size_t err_size);

/* Lines up to 'level' also go to stderr (the default: every line);
 * log_stderr_off() stops that, when a daemon leaves its terminal. */
void log_set_stderr_level(enum log_level level);
void log_stderr_off(void);

void log_msg(enum log_level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* In memory too (log_buffer.h): every line log_msg() is given, whatever
 * --log-level lets through to the log, is stamped as
 * IOS stamps it, "*Dec  5 22:45:01.123: " in local time (the '*': no
 * clock synchronisation is claimed), and given a severity: the N of a
 * text that starts with IOS's "%FACILITY-N-MNEMONIC:", else that of its
 * level (error 3, warn 4, info 6, debug 7).  It then goes to the
 * `logging buffered` buffer, if that keeps its severity, and to the feed
 * that `terminal monitor` sessions follow.  Any thread. */
int log_severity(enum log_level, const char *text);
/* 'buf' gets "*Dec  5 22:45:01.123: " for 'ts' (local time); returns it. */
char *log_stamp(const struct timespec *ts, char buf[32]);

/* `logging buffered SIZE LEVEL` (on) or `no logging buffered`, and
 * `logging monitor LEVEL` or `no logging monitor`. */
void log_buffered_configure(bool on, size_t size, int level);
void log_monitor_configure(bool on, int level);
/* `clear logging`. */
void log_buffered_clear(void);

/* For `show logging`: where lines go and how many went there. */
struct log_status {
    enum log_level level;           /* --log-level */
    bool to_stderr, to_file, to_syslog;
    uint64_t logged;                /* lines written to the log (--log-level) */
    bool monitor_on;
    int monitor_level;
    uint64_t monitor_logged;        /* lines within the monitor level */
    bool buffered_on;
    int buffered_level;
    size_t buffered_size;
    uint64_t buffered_logged;       /* lines the buffer kept */
};
void log_get_status(struct log_status *);

/* The buffer's lines, oldest first, to fn (under its lock: copy them). */
typedef void log_line_fn(void *arg, int severity, const char *line);
void log_buffered_read(log_line_fn *fn, void *arg);

/* `terminal monitor`: log_monitor_position() is where a session starts
 * following; log_monitor_read() passes the lines after '*seq' within the
 * monitor level (none when monitor logging is off) and moves '*seq' on.
 * A session that falls more than the feed's size behind misses lines. */
uint64_t log_monitor_position(void);
size_t log_monitor_read(uint64_t *seq, log_line_fn *fn, void *arg);

#define log_error(...) log_msg(LOG_LEVEL_ERROR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_LEVEL_DEBUG, __VA_ARGS__)

#endif /* switchd/log.h */
