#ifndef FRONTENDS_VTY_LISTENER_H
#define FRONTENDS_VTY_LISTENER_H 1

/* What the two vty front ends, telnet and SSH, share: a listening socket
 * that follows the configuration (a new address is bound in a state hook's
 * prepare, so a taken port fails the change instead of losing the server,
 * and taken at its commit), the text of a client's address, and the pause
 * after a failed login. */

#include <stdint.h>
#include <stddef.h>
#include <sys/socket.h>

#include "loop.h"

struct vty_listener {
    struct loop *loop;
    const char *who;                /* "telnet", "ssh": in messages */
    loop_fd_cb *accept;             /* called when a client waits */
    void *arg;
    int fd;                         /* the listening socket, -1 if none */
    char listen[64];                /* its address */
    int pending_fd;                 /* bound by prepare, taken by commit */
};

void vty_listener_init(struct vty_listener *, struct loop *, const char *who,
                       loop_fd_cb *accept, void *arg);
/* Opens a listening socket on "ADDR:PORT" or "[ADDR6]:PORT" into '*fd'
 * (non-blocking, close-on-exec).  Returns 0, or a positive errno with a
 * message in 'err' naming 'who'. */
int vty_listen_socket(const char *spec, const char *who, int *fd, char *err, size_t err_size);
/* Watches 'fd' (listening on 'spec'), which it takes in every case.
 * Returns 0 or an errno with 'err'. */
int vty_listener_start(struct vty_listener *, int fd, const char *spec, char *err,
                       size_t err_size);
/* A state hook's steps for the address 'spec' of a new configuration. */
int vty_listener_prepare(struct vty_listener *, const char *spec, char *err, size_t err_size);
void vty_listener_abort(struct vty_listener *);
void vty_listener_commit(struct vty_listener *, const char *spec);
/* Stops listening (and drops a prepared socket). */
void vty_listener_close(struct vty_listener *);

/* A tick a second: 'cb(arg)' on the loop thread (it must read the fd).
 * Returns the timer's fd, or -1 with errno set. */
int vty_tick_start(struct loop *, loop_fd_cb *cb, void *arg);
void vty_tick_stop(struct loop *, int fd);         /* accepts -1 */

/* The address of 'ss' as text, and its port. */
void vty_address_text(const struct sockaddr_storage *ss, char *buf, size_t size,
                      unsigned *port);
/* Waits 'seconds' on a session thread, less if switchd ends the client's
 * connection 'fd' (shutdown() both ways: POLLHUP) or it breaks (POLLERR).
 * Nothing the client does cuts the wait short: not typing ahead, nor
 * closing its side after a batch of guesses (POLLRDHUP). */
void vty_pause(int fd, unsigned seconds);

#endif /* frontends/vty_listener.h */
