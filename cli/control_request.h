#ifndef CLI_CONTROL_REQUEST_H
#define CLI_CONTROL_REQUEST_H 1

/* Console requests
 * ================
 * The request side of the control socket's protocol
 * (docs/control-protocol.md, "Requests"): splitting the bytes a client sends
 * into lines and telling what each line asks.  control.c reads the socket
 * and feeds the bytes here; nothing here does I/O or allocates, so the
 * parser is fuzzed on its own (fuzz/fuzz_control.c).
 *
 * A line ends at '\n'; '\r's before it are dropped.  The reader keeps at
 * most CONTROL_LINE_MAX bytes of a line: a longer one is read to its end
 * and refused, so a client cannot make a session hold more whatever it
 * sends.  A line with a NUL byte is refused (running it up to the NUL would
 * run another command than the one sent).  At the end of the input, a last
 * line without '\n' counts as a line. */

#include <stdbool.h>
#include <stddef.h>

#include "control_proto.h"

enum control_request_kind {
    CONTROL_REQ_RUN,                /* "X LINE", or a line with no prefix */
    CONTROL_REQ_COMPLETE,           /* "C LINE": TAB */
    CONTROL_REQ_HELP,               /* "H LINE": '?' */
    CONTROL_REQ_TOO_LONG,           /* CONTROL_LINE_MAX bytes or more: refused */
    CONTROL_REQ_NUL,                /* holds a NUL byte: refused */
};

struct control_reader {
    /* Room for a longest line and one '\r' a client may put before '\n'. */
    char buf[CONTROL_LINE_MAX + 1];
    size_t len;                     /* bytes kept in 'buf' */
    bool started;                   /* a line has begun (some byte since the last) */
    bool complete;                  /* its '\n' was read */
    bool too_long;                  /* bytes were dropped */
    bool has_nul;
};

void control_reader_init(struct control_reader *);

/* Takes the bytes of 'data' up to and including the first '\n' and returns
 * how many it took ('size' when there is no '\n').  Once a line is complete
 * it takes nothing more until control_request_take(). */
size_t control_reader_feed(struct control_reader *, const char *data, size_t size);

/* Whether a line is complete (its '\n' was fed). */
bool control_reader_complete(const struct control_reader *);

/* Whether bytes of a line without its '\n' were fed: at the end of the
 * input, that line is taken too. */
bool control_reader_pending(const struct control_reader *);

/* Tells what the line fed so far asks and points '*text' at what to run,
 * complete or help ("" for a bare "C" or "H", and for the refused kinds).
 * '*text' stays valid until the next feed.  Starts the next line. */
enum control_request_kind control_request_take(struct control_reader *, const char **text);

#endif /* cli/control_request.h */
