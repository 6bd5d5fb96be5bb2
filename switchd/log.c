#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

/* The daemon's one logger: process-wide by nature, like syslog itself. */
static enum log_level max_level = LOG_LEVEL_INFO;
static bool to_syslog;

static const char *const level_names[] = { "error", "warn", "info", "debug" };

bool
log_level_parse(const char *s, enum log_level *level)
{
    for (int i = 0; i <= LOG_LEVEL_DEBUG; i++) {
        if (!strcmp(s, level_names[i])) {
            *level = i;
            return true;
        }
    }
    return false;
}

void
log_set_level(enum log_level level)
{
    max_level = level;
}

void
log_use_syslog(void)
{
    openlog("switchd", LOG_PID, LOG_DAEMON);
    to_syslog = true;
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
    static const int priorities[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };
    char text[1024];
    va_list args;

    if (level > max_level)
        return;
    va_start(args, fmt);
    vsnprintf(text, sizeof text, fmt, args);
    va_end(args);
    if (to_syslog)
        syslog(priorities[level], "%s", text);
    else
        fprintf(stderr, "switchd: %s: %s\n", level_names[level], text);
}
