#ifndef NET_ERR_MSG_H
#define NET_ERR_MSG_H 1

/* Error messages without allocation
 * ==================================
 * Parsers in net/ do not allocate, so instead of returning a malloc'd string
 * (OVS's habit) they fill a caller-owned 'struct err_msg'.  The text names the
 * offending token and what was expected, e.g. `invalid VLAN id "5000"
 * (expected 1-4094)`.  Outer layers add their own context (file:line:column,
 * JSON path) when they pass the message up; 'line' and 'col' are theirs to
 * fill (0 = unknown), net/ parsers set 'col' to the 1-based offset of the bad
 * token within the string they were given.
 *
 * Every function that takes a 'struct err_msg *' accepts NULL when the caller
 * does not want the text. */

#include <stdarg.h>

#define ERR_MSG_TEXT_SIZE 160

struct err_msg {
    int line;                       /* 1-based, 0 = unknown */
    int col;                        /* 1-based, 0 = unknown */
    char text[ERR_MSG_TEXT_SIZE];   /* NUL-terminated, truncated if long */
};

/* Formats 'fmt' into 'err->text' and sets 'err->col' to 'col' (may be 0).
 * Does nothing when 'err' is NULL.  Always returns false, so parsers can
 * write `return err_msg_set(err, col, "...")`. */
_Bool err_msg_set(struct err_msg *err, int col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif /* net/err_msg.h */
