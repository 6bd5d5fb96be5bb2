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

#define log_error(...) log_msg(LOG_LEVEL_ERROR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_LEVEL_DEBUG, __VA_ARGS__)

#endif /* switchd/log.h */
