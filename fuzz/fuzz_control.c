/* The control socket's request reader (cli/control_request.c) on an
 * arbitrary byte stream, as a client may send it.
 *
 * The first input byte seeds how the stream is cut into the pieces the
 * reader is fed (a socket hands bytes over in any pieces); the rest is
 * the stream.  The requests the reader gives must be those of a plain
 * model of docs/control-protocol.md written here over the whole stream:
 * lines end at '\n', '\r's before it are dropped, a last line without '\n'
 * counts, a line of CONTROL_LINE_MAX bytes or more is refused whatever it
 * holds, then a line with a NUL byte, then "C"/"H"/"X" prefixes.  The text
 * of a request is never longer than CONTROL_LINE_MAX - 1 bytes, never holds
 * a '\n' and never ends with '\r'. */
#include "fuzz.h"

#include <string.h>

#include "control_request.h"

struct model_request {
    enum control_request_kind kind;
    const uint8_t *text;            /* RUN, COMPLETE, HELP: what to run */
    size_t len;
};

/* The request of the line 'line' ('len' bytes, no '\n'). */
static struct model_request
model(const uint8_t *line, size_t len)
{
    struct model_request r = { CONTROL_REQ_RUN, line, len };
    size_t n = len;

    if (len > CONTROL_LINE_MAX) {
        r.kind = CONTROL_REQ_TOO_LONG;  /* bytes past the buffer are dropped */
        return r;
    }
    while (n && line[n - 1] == '\r')
        n--;
    if (n >= CONTROL_LINE_MAX) {
        r.kind = CONTROL_REQ_TOO_LONG;
        return r;
    }
    if (memchr(line, '\0', len)) {
        r.kind = CONTROL_REQ_NUL;
        return r;
    }
    r.len = n;
    if (n && (line[0] == 'C' || line[0] == 'H' || line[0] == 'X')
        && (n == 1 || line[1] == ' ')) {
        r.kind = line[0] == 'C' ? CONTROL_REQ_COMPLETE
                 : line[0] == 'H' ? CONTROL_REQ_HELP : CONTROL_REQ_RUN;
        r.text = line + (n == 1 ? 1 : 2);
        r.len = n - (n == 1 ? 1 : 2);
    }
    return r;
}

/* The reader's request number 'i', 'kind' and 'text', against the model. */
static void
check_request(const uint8_t *stream, size_t size, size_t *pos, unsigned i,
              enum control_request_kind kind, const char *text)
{
    const uint8_t *line = stream + *pos, *end = memchr(line, '\n', size - *pos);
    size_t len = end ? (size_t) (end - line) : size - *pos;
    struct model_request want = model(line, len);
    size_t text_len = strlen(text);

    *pos += len + (end != NULL);
    FUZZ_CHECK(kind == want.kind, "request %u: kind %d, expected %d", i, kind, want.kind);
    FUZZ_CHECK(text_len < CONTROL_LINE_MAX, "request %u: %zu bytes of text", i, text_len);
    FUZZ_CHECK(!strchr(text, '\n'), "request %u: a newline in the text", i);
    FUZZ_CHECK(!text_len || text[text_len - 1] != '\r', "request %u: ends with \\r", i);
    if (kind == CONTROL_REQ_TOO_LONG || kind == CONTROL_REQ_NUL)
        return;
    FUZZ_CHECK(text_len == want.len && !memcmp(text, want.text, text_len),
               "request %u: text \"%s\", expected %zu bytes", i, text, want.len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct control_reader *rd;
    uint32_t rng;
    size_t fed = 0, model_pos = 0;
    unsigned n_requests = 0;
    enum control_request_kind kind;
    const char *text;

    if (size < 1)
        return 0;
    rng = data[0] * 2654435761u + 1;
    data++, size--;
    /* On the heap, sized exactly, so ASan sees a write past 'buf'. */
    if (!(rd = malloc(sizeof *rd)))
        return 0;
    control_reader_init(rd);
    FUZZ_CHECK(!control_reader_pending(rd) && !control_reader_complete(rd), "new reader");

    while (fed < size) {
        size_t piece, took;

        /* Pieces of 1 to 512 bytes; the same input cuts them the same way. */
        rng = rng * 1103515245u + 12345u;
        piece = 1 + (rng >> 16) % ((rng & 0x100) ? 512 : 8);
        if (piece > size - fed)
            piece = size - fed;
        took = control_reader_feed(rd, (const char *) data + fed, piece);
        FUZZ_CHECK(took <= piece, "took %zu of %zu bytes", took, piece);
        if (control_reader_complete(rd)) {
            FUZZ_CHECK(took >= 1 && data[fed + took - 1] == '\n'
                       && !memchr(data + fed, '\n', took - 1),
                       "a line completed without ending at its newline");
            FUZZ_CHECK(control_reader_feed(rd, (const char *) data + fed + took, piece - took)
                       == 0, "a complete line took more bytes");
            fed += took;
            kind = control_request_take(rd, &text);
            check_request(data, size, &model_pos, n_requests++, kind, text);
            FUZZ_CHECK(model_pos == fed, "the model is at byte %zu, the reader at %zu",
                       model_pos, fed);
        } else {
            FUZZ_CHECK(took == piece && !memchr(data + fed, '\n', piece),
                       "took %zu of %zu bytes without completing a line", took, piece);
            FUZZ_CHECK(control_reader_pending(rd), "bytes fed, nothing pending");
            fed += took;
        }
    }
    if (control_reader_pending(rd)) {
        kind = control_request_take(rd, &text);
        check_request(data, size, &model_pos, n_requests++, kind, text);
    }
    FUZZ_CHECK(model_pos == size, "the model stopped at byte %zu of %zu", model_pos, size);
    FUZZ_CHECK(!control_reader_pending(rd) && !control_reader_complete(rd),
               "the reader holds a line after the end");
    free(rd);
    return 0;
}
