#ifndef SWITCHD_LOG_H
#define SWITCHD_LOG_H 1

/* Logging: one line per event, to stderr in the foreground, to syslog when
 * daemonized.  Per-packet events are counters, never log lines
 * (docs/design.md section 11.4). */

#include <stdbool.h>

enum log_level { LOG_LEVEL_ERROR, LOG_LEVEL_WARN, LOG_LEVEL_INFO, LOG_LEVEL_DEBUG };

/* Parses "error", "warn", "info" or "debug".  Returns false otherwise. */
bool log_level_parse(const char *s, enum log_level *level);
void log_set_level(enum log_level);
void log_use_syslog(void);

void log_msg(enum log_level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_error(...) log_msg(LOG_LEVEL_ERROR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_LEVEL_DEBUG, __VA_ARGS__)

#endif /* switchd/log.h */
