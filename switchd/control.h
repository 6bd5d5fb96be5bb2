#ifndef SWITCHD_CONTROL_H
#define SWITCHD_CONTROL_H 1

/* Control socket: a unix stream socket on the event loop speaking the line
 * protocol of control_proto.h.  Clients are served without blocking the
 * loop: replies are buffered and written as the socket accepts them. */

#include <stddef.h>

struct loop;
struct switch_state;
struct control;

/* Listens on 'path' (its directory is created; a stale socket file is
 * replaced, a live one is an error).  Returns NULL with a message in 'err'. */
struct control *control_create(struct loop *, struct switch_state *, const char *path,
                               char *err, size_t err_size);
/* Closes every client and removes the socket file. */
void control_destroy(struct control *);             /* accepts NULL */

#endif
