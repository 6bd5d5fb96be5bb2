/* What the session registry shows (session_info.h). */
#include "session_info.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "secret_line.h"

unsigned
session_line_lowest_free(const unsigned *taken, size_t n)
{
    unsigned candidate = 0;

    /* n is at most a few hundred sessions: quadratic is fine. */
    for (size_t i = 0; i < n; i++) {
        if (taken[i] == candidate) {
            candidate++;
            i = (size_t) -1;        /* start over with the next candidate */
        }
    }
    return candidate;
}

unsigned
session_line_absolute(struct session_line l)
{
    if (l.kind == SESSION_LINE_VTY)
        return 1 + l.number;
    return l.number ? SESSION_VTY_LINES + l.number : 0;
}

void
session_line_log_name(struct session_line l, char *buf, size_t size)
{
    if (l.kind == SESSION_LINE_VTY)
        snprintf(buf, size, "vty%u", l.number);
    else if (l.number)
        snprintf(buf, size, "console%u", l.number);
    else
        snprintf(buf, size, "console");
}

const char session_users_header[] =
    "    Line       User       Host(s)              Idle       Location";

void
session_users_row(char *buf, size_t size, bool self, struct session_line l, const char *user,
                  int64_t idle_s, const char *location)
{
    char idle[32];

    if (idle_s < 0)
        idle_s = 0;
    snprintf(idle, sizeof idle, "%02lld:%02lld:%02lld", (long long) (idle_s / 3600),
             (long long) (idle_s / 60 % 60), (long long) (idle_s % 60));
    /* IOS's columns: the location follows the idle time after one space,
     * left of its header. */
    snprintf(buf, size, "%c%3u %s %-5u %-10s %-20s %s%s%s", self ? '*' : ' ',
             session_line_absolute(l), l.kind == SESSION_LINE_VTY ? "vty" : "con", l.number,
             user, "idle", idle, location[0] ? " " : "", location);
}

void
session_config_message(char *buf, size_t size, const char *from, struct session_line l,
                       const char *user, const char *source)
{
    char line[32];

    session_line_log_name(l, line, sizeof line);
    snprintf(buf, size, "Configured from %s by %s%s%s%s%s%s", from, user, user[0] ? " on " : "",
             line, source[0] ? " (" : "", source, source[0] ? ")" : "");
}

void
session_history_init(struct session_history *h, unsigned size)
{
    memset(h, 0, sizeof *h);
    h->size = size > SESSION_HISTORY_MAX ? SESSION_HISTORY_MAX : size;
}

void
session_history_free(struct session_history *h)
{
    session_history_resize(h, 0);
}

void
session_history_add(struct session_history *h, const char *line)
{
    char masked[CMDLINE_LINE_MAX + 8], *copy;

    if (!h->size)
        return;
    secret_line_mask(line, masked, sizeof masked);
    if (!(copy = strdup(masked)))
        return;
    if (h->n == h->size) {
        free(h->lines[h->first]);
        h->lines[h->first] = NULL;
        h->first = (h->first + 1) % SESSION_HISTORY_MAX;
        h->n--;
    }
    h->lines[(h->first + h->n) % SESSION_HISTORY_MAX] = copy;
    h->n++;
}

void
session_history_resize(struct session_history *h, unsigned size)
{
    if (size > SESSION_HISTORY_MAX)
        size = SESSION_HISTORY_MAX;
    while (h->n > size) {
        free(h->lines[h->first]);
        h->lines[h->first] = NULL;
        h->first = (h->first + 1) % SESSION_HISTORY_MAX;
        h->n--;
    }
    h->size = size;
}

const char *
session_history_at(const struct session_history *h, unsigned i)
{
    return h->lines[(h->first + i) % SESSION_HISTORY_MAX];
}
