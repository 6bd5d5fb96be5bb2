/* Console requests: lines and what they ask (control_request.h). */
#include "control_request.h"

#include <string.h>

void
control_reader_init(struct control_reader *r)
{
    r->len = 0;
    r->buf[0] = '\0';
    r->started = r->complete = r->too_long = r->has_nul = false;
}

size_t
control_reader_feed(struct control_reader *r, const char *data, size_t size)
{
    size_t i;

    if (r->complete)
        return 0;
    for (i = 0; i < size; i++) {
        char ch = data[i];

        r->started = true;
        if (ch == '\n') {
            r->complete = true;
            return i + 1;
        }
        if (ch == '\0')
            r->has_nul = true;
        if (r->len < sizeof r->buf - 1)
            r->buf[r->len++] = ch;
        else
            r->too_long = true;
    }
    return size;
}

bool
control_reader_complete(const struct control_reader *r)
{
    return r->complete;
}

bool
control_reader_pending(const struct control_reader *r)
{
    return r->started && !r->complete;
}

/* "P" or "P LINE" with prefix letter 'p': stores LINE ("" for "P"). */
static bool
has_prefix(const char *line, char p, const char **text)
{
    if (line[0] != p || (line[1] != ' ' && line[1] != '\0'))
        return false;
    *text = line[1] ? line + 2 : line + 1;
    return true;
}

enum control_request_kind
control_request_take(struct control_reader *r, const char **text)
{
    char *line = r->buf;
    size_t n = r->len;
    bool too_long = r->too_long, has_nul = r->has_nul;

    while (n && line[n - 1] == '\r')
        n--;
    line[n] = '\0';
    /* The next line starts; 'buf' keeps this one until the next feed. */
    r->len = 0;
    r->started = r->complete = r->too_long = r->has_nul = false;
    *text = line;
    if (too_long || n >= CONTROL_LINE_MAX || has_nul) {
        *text = "";
        return too_long || n >= CONTROL_LINE_MAX ? CONTROL_REQ_TOO_LONG : CONTROL_REQ_NUL;
    }
    if (has_prefix(line, 'C', text))
        return CONTROL_REQ_COMPLETE;
    if (has_prefix(line, 'H', text))
        return CONTROL_REQ_HELP;
    /* "X LINE" runs LINE; any other line runs as it is. */
    (void) has_prefix(line, 'X', text);
    return CONTROL_REQ_RUN;
}
