#ifndef FRONTENDS_CONTROL_H
#define FRONTENDS_CONTROL_H 1

/* Control socket: the unix stream socket swsh talks to (control_proto.h).
 * The loop thread accepts clients; each gets a shell session on its own
 * thread (session_threads.h), started privileged: the socket is root's
 * (mode 0660), like vtysh's. */

#include <stddef.h>

struct loop;
struct shell;
struct control;

/* Takes the socket's lock (PATH.lock: one switchd per control socket,
 * docs/security.md section 2) and listens on 'path' (its directory is
 * created; a stale socket file is replaced; a live one, or a file that is
 * not a socket, is an error).  Called before the switch is built, so a
 * second instance is refused before it touches any device; clients wait
 * in the backlog until control_start().  Returns NULL with a message in
 * 'err'. */
struct control *control_listen(const char *path, char *err, size_t err_size);
/* Starts accepting clients, each a session of 'shell'.  Returns 0 or an
 * errno with a message in 'err'. */
int control_start(struct control *, struct loop *, struct shell *, char *err, size_t err_size);
/* Ends every session, joins their threads, removes the socket file and
 * its lock. */
void control_destroy(struct control *);             /* accepts NULL */

#endif
