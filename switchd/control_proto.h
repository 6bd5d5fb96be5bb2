#ifndef CONTROL_PROTO_H
#define CONTROL_PROTO_H 1

/* The control socket's reply codes (docs/control-protocol.md), shared by
 * switchd/control.c and shell/swsh.c so the two cannot drift apart.  A reply
 * line is "CODE-text" when more lines follow, "CODE text" when it is the
 * last one; the first digit classes it (BIRD's scheme). */

enum control_code {
    CONTROL_DONE = 0,               /* 0000: command finished, text "ok" */
    CONTROL_OUTPUT = 1000,          /* 1000: one line of output */
    CONTROL_ERROR = 8000,           /* 8000: runtime error (last line) */
    CONTROL_SYNTAX = 9000,          /* 9000: unknown command or bad syntax */
};

#define CONTROL_LINE_MAX 4096       /* longest command line accepted */
#define CONTROL_DEFAULT_SOCKET "/run/tapswitch/switchd.sock"
#define CONTROL_SOCKET_ENV "TAPSWITCH_SOCKET"

#endif
