#ifndef CLI_SECRET_LINE_H
#define CLI_SECRET_LINE_H 1

/* Lines that carry a password
 * ===========================
 * `username NAME secret PASSWORD` and `enable secret PASSWORD` (abbreviated
 * or not, behind `do` or `no`, `password` for `secret` too) and a line
 * `password PASSWORD` (IOS's line password, `pas` at least) carry a
 * password in clear text.  Command histories -- swsh's in memory and in
 * ~/.swsh_history, libcli's per telnet session -- must not keep such a line
 * (docs/security.md section 3).  The test is on words only, so it also
 * holds for lines that do not parse: a mistyped secret is still one. */

#include <stdbool.h>
#include <stddef.h>

bool secret_line(const char *line);

/* 'line' into 'buf' ('size' bytes, truncated), with the password of a
 * secret line masked: everything after the `secret`/`password` keyword
 * becomes "*****", but for an encryption type (one digit) that is followed
 * by more ("username ops secret 0 *****").  Other lines are copied as they
 * are.  For what shows typed lines back (`show history`). */
void secret_line_mask(const char *line, char *buf, size_t size);

#endif /* cli/secret_line.h */
