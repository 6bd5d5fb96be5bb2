#include "log.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "log_buffer.h"

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

/* The buffers of `logging buffered` and `terminal monitor` (log.h): made
 * on first use, whichever thread logs first.  The feed holds the latest
 * 64 KiB of lines of every severity, for sessions that check it once a
 * second; the monitor level is applied as they read. */
#define MONITOR_FEED_SIZE 65536
static pthread_once_t buffers_once = PTHREAD_ONCE_INIT;
static struct log_buffer *buffered, *monitor_feed;
static bool buffered_on = true, monitor_on = true;          /* under settings_lock */
static int buffered_level = CONFIG_LOG_LEVEL_DEBUGGING, monitor_level = CONFIG_LOG_LEVEL_DEBUGGING;
static size_t buffered_size = CONFIG_LOG_BUFFER_DEFAULT;
static pthread_mutex_t settings_lock = PTHREAD_MUTEX_INITIALIZER;
/* Atomic: lines written to the daemon's log (within --log-level), and
 * lines within the monitor level. */
static uint64_t n_logged, n_monitor_logged;

static void
make_buffers(void)
{
    buffered = log_buffer_create(CONFIG_LOG_BUFFER_DEFAULT, CONFIG_LOG_LEVEL_DEBUGGING);
    monitor_feed = log_buffer_create(MONITOR_FEED_SIZE, LOG_SEVERITY_MAX);
}

static void
buffers(void)
{
    pthread_once(&buffers_once, make_buffers);
}

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

int
log_severity(enum log_level level, const char *text)
{
    static const int severities[] = { 3, 4, 6, 7 };
    const char *p = text + 1;

    /* "%FACILITY-N-MNEMONIC:" */
    if (text[0] == '%' && isupper((unsigned char) *p)) {
        while (isupper((unsigned char) *p) || isdigit((unsigned char) *p) || *p == '_')
            p++;
        if (p[0] == '-' && p[1] >= '0' && p[1] <= '7' && p[2] == '-'
            && isupper((unsigned char) p[3])) {
            int n = p[1] - '0';

            for (p += 3; isupper((unsigned char) *p) || isdigit((unsigned char) *p)
                         || *p == '_'; p++)
                continue;
            if (*p == ':')
                return n;
        }
    }
    return severities[level];
}

char *
log_stamp(const struct timespec *ts, char buf[32])
{
    struct tm tm;
    size_t n;

    if (!localtime_r(&ts->tv_sec, &tm) || !(n = strftime(buf, 32, "*%b %e %H:%M:%S", &tm))) {
        strcpy(buf, "*: ");
        return buf;
    }
    snprintf(buf + n, 32 - n, ".%03ld: ", ts->tv_nsec / 1000000);
    return buf;
}

void
log_buffered_configure(bool on, size_t size, int level)
{
    buffers();
    pthread_mutex_lock(&settings_lock);
    buffered_on = on;
    buffered_size = size;
    buffered_level = level;
    if (buffered)
        log_buffer_configure(buffered, size, on ? level : -1);
    pthread_mutex_unlock(&settings_lock);
}

void
log_monitor_configure(bool on, int level)
{
    pthread_mutex_lock(&settings_lock);
    monitor_on = on;
    monitor_level = level;
    pthread_mutex_unlock(&settings_lock);
}

void
log_buffered_clear(void)
{
    buffers();
    if (buffered)
        log_buffer_clear(buffered);
}

void
log_get_status(struct log_status *st)
{
    struct log_buffer_stats bs = { 0 };

    buffers();
    if (buffered)
        log_buffer_stats(buffered, &bs);
    pthread_mutex_lock(&settings_lock);
    *st = (struct log_status) {
        .level = max_level, .to_stderr = stderr_level >= 0, .to_file = file_fd >= 0,
        .to_syslog = to_syslog, .logged = __atomic_load_n(&n_logged, __ATOMIC_RELAXED),
        .monitor_on = monitor_on, .monitor_level = monitor_level,
        .monitor_logged = __atomic_load_n(&n_monitor_logged, __ATOMIC_RELAXED),
        .buffered_on = buffered_on, .buffered_level = buffered_level,
        .buffered_size = buffered_size, .buffered_logged = bs.logged,
    };
    pthread_mutex_unlock(&settings_lock);
}

void
log_buffered_read(log_line_fn *fn, void *arg)
{
    uint64_t seq = 0;

    buffers();
    if (buffered)
        log_buffer_read(buffered, &seq, LOG_SEVERITY_MAX, fn, arg);
}

uint64_t
log_monitor_position(void)
{
    struct log_buffer_stats bs = { 0 };

    buffers();
    if (monitor_feed)
        log_buffer_stats(monitor_feed, &bs);
    return bs.last_seq;
}

size_t
log_monitor_read(uint64_t *seq, log_line_fn *fn, void *arg)
{
    bool on;
    int level;

    buffers();
    pthread_mutex_lock(&settings_lock);
    on = monitor_on;
    level = monitor_level;
    pthread_mutex_unlock(&settings_lock);
    /* Off, the lines are passed over: turned on again, a session sees
     * only what comes after. */
    return monitor_feed ? log_buffer_read(monitor_feed, seq, on ? level : -1, fn, arg) : 0;
}

/* Into the buffers, stamped. */
static void
keep_line(enum log_level level, const char *text)
{
    struct timespec ts;
    char line[1100], stamp[32];
    int severity = log_severity(level, text);

    buffers();
    clock_gettime(CLOCK_REALTIME, &ts);
    snprintf(line, sizeof line, "%s%s", log_stamp(&ts, stamp), text);
    if (buffered)
        log_buffer_add(buffered, severity, line);
    if (monitor_feed)
        log_buffer_add(monitor_feed, severity, line);
    pthread_mutex_lock(&settings_lock);
    if (monitor_on && severity <= monitor_level)
        __atomic_fetch_add(&n_monitor_logged, 1, __ATOMIC_RELAXED);
    pthread_mutex_unlock(&settings_lock);
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
    static const int priorities[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };
    char text[1024];
    va_list args;

    va_start(args, fmt);
    vsnprintf(text, sizeof text, fmt, args);
    va_end(args);
    /* The buffers have levels of their own (`logging buffered`, `logging
     * monitor`); --log-level is the daemon's log's. */
    keep_line(level, text);
    if (level > max_level)
        return;
    __atomic_fetch_add(&n_logged, 1, __ATOMIC_RELAXED);
    if (to_syslog)
        syslog(priorities[level], "%s", text);
    if (file_fd >= 0)
        write_file_line(level, text);
    if ((int) level <= stderr_level)
        fprintf(stderr, "switchd: %s: %s\n", level_names[level], text);
}
