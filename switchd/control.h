#ifndef SWITCHD_CONTROL_H
#define SWITCHD_CONTROL_H 1

/* Control socket: the unix stream socket swsh talks to (control_proto.h).
 * The loop thread accepts clients; each gets a shell session on its own
 * thread (session_threads.h), started privileged: the socket is root's
 * (mode 0660), like vtysh's. */

#include <stddef.h>

struct loop;
struct shell;
struct control;

/* Listens on 'path' (its directory is created; a stale socket file is
 * replaced, a live one, or a file that is not a socket, is an error).  Returns NULL with a message in 'err'. */
struct control *control_create(struct loop *, struct shell *, const char *path,
                               char *err, size_t err_size);
/* Ends every session, joins their threads, removes the socket file. */
void control_destroy(struct control *);             /* accepts NULL */

#endif
