#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

/* The daemon's one logger: process-wide by nature, like syslog itself.
 * Set up before any thread starts; log_reopen() swaps the file under the
 * same descriptor number (dup2), so writers on other threads never see a
 * closed one. */
static enum log_level max_level = LOG_LEVEL_INFO;
static int stderr_level = LOG_LEVEL_DEBUG;          /* -1: none */
static bool to_syslog;
static int file_fd = -1;
static char file_path[PATH_MAX];

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
log_set_stderr_level(enum log_level level)
{
    stderr_level = level;
}

void
log_stderr_off(void)
{
    stderr_level = -1;
}

void
log_use_syslog(void)
{
    openlog("switchd", LOG_PID, LOG_DAEMON);
    to_syslog = true;
}

bool
log_syslog_present(void)
{
    struct stat st;

    return stat(LOG_SYSLOG_SOCKET, &st) == 0 && S_ISSOCK(st.st_mode);
}

static int
open_file(const char *path, char *err, size_t err_size)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0640);

    if (fd < 0) {
        int error = errno;
        snprintf(err, err_size, "%s: %s", path, strerror(error));
        return -error;
    }
    return fd;
}

int
log_use_file(const char *path, bool make_dir, char *err, size_t err_size)
{
    int fd;

    if (strlen(path) >= sizeof file_path) {
        snprintf(err, err_size, "%s: %s", path, strerror(ENAMETOOLONG));
        return ENAMETOOLONG;
    }
    if (make_dir) {
        char dir[PATH_MAX];
        snprintf(dir, sizeof dir, "%s", path);
        mkdir(dirname(dir), 0750);
    }
    if ((fd = open_file(path, err, err_size)) < 0)
        return -fd;
    if (file_fd >= 0)
        close(file_fd);
    file_fd = fd;
    snprintf(file_path, sizeof file_path, "%s", path);
    return 0;
}

int
log_reopen(char *err, size_t err_size)
{
    int fd, error = 0;

    if (file_fd < 0)
        return 0;
    if ((fd = open_file(file_path, err, err_size)) < 0)
        return -fd;
    if (dup2(fd, file_fd) < 0) {
        error = errno;
        snprintf(err, err_size, "%s: %s", file_path, strerror(error));
    }
    close(fd);
    return error;
}

/* "2026-12-01T15:43:41.123Z switchd[PID]: LEVEL: text", written with one
 * write() on an O_APPEND file, so lines of several threads never mix. */
static void
write_file_line(enum log_level level, const char *text)
{
    char line[1200];
    struct timespec ts;
    struct tm tm;
    int n;

    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    n = snprintf(line, sizeof line, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ switchd[%ld]: %s: %s\n",
                 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                 tm.tm_sec, ts.tv_nsec / 1000000, (long) getpid(), level_names[level], text);
    if (n >= (int) sizeof line) {
        n = sizeof line - 1;
        line[n - 1] = '\n';
    }
    if (write(file_fd, line, n) < 0)
        return;                     /* nowhere left to say so */
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
    if (file_fd >= 0)
        write_file_line(level, text);
    if ((int) level <= stderr_level)
        fprintf(stderr, "switchd: %s: %s\n", level_names[level], text);
}
