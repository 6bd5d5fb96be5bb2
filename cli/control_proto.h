#ifndef CLI_CONTROL_PROTO_H
#define CLI_CONTROL_PROTO_H 1

/* The console protocol of the control socket (docs/control-protocol.md),
 * shared by frontends/control.c and cli/swsh.c so the two cannot drift
 * apart.  BIRD's scheme: a reply is lines "CODE-text" followed by one
 * final "CODE text"; the first digit classes the line.
 *
 * Requests, one per line:  "X LINE" runs LINE (a line without a prefix
 * is run too), "C LINE" asks for TAB completions of LINE, "H LINE" for
 * its '?' help.  The final line of every reply carries the prompt to show
 * next, so the client never tracks modes itself. */

enum control_code {
    CONTROL_OK = 0,                 /* 0000 prompt: the line ran */
    CONTROL_HELLO = 1,              /* 0001 prompt: greeting on connect */
    CONTROL_BYE = 9,                /* 0009 bye: the session ended (exit) */
    CONTROL_OUTPUT = 1000,          /* 1000-text: output */
    CONTROL_ENTRY = 1001,           /* 1001-text: a completion or help line */
    CONTROL_INFO = 1002,            /* 1002-text: a message ("% Creating vlan 20") */
    CONTROL_LOG = 1003,             /* 1003-text: a log line (terminal monitor),
                                       sent between replies */
    CONTROL_FAILED = 8000,          /* 8000-text: error text; 8000 prompt: failed */
    CONTROL_INVALID = 9001,         /* 9001 prompt: the line did not parse */
};

#define CONTROL_LINE_MAX 4096       /* longest request line */
#define CONTROL_DEFAULT_SOCKET "/run/tapswitch/switchd.sock"
#define CONTROL_SOCKET_ENV "TAPSWITCH_SOCKET"

#endif
