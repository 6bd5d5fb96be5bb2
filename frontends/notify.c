#include "notify.h"

#include <stdio.h>

#ifdef HAVE_LIBSYSTEMD
#include <systemd/sd-daemon.h>
#endif

/* The status line systemd shows; sd_notify() ignores errors by design
 * (a daemon keeps running when its manager goes away), and so do we. */
static void
send_state(const char *state)
{
#ifdef HAVE_LIBSYSTEMD
    sd_notify(0, state);
#else
    (void) state;
#endif
}

void
notify_ready(size_t n_bridges, size_t n_ports, const char *socket_path)
{
    char msg[512];

    snprintf(msg, sizeof msg, "READY=1\nSTATUS=%zu bridge(s), %zu port(s), control socket %s",
             n_bridges, n_ports, socket_path);
    send_state(msg);
}

void
notify_reloading(void)
{
    send_state("RELOADING=1\nSTATUS=reloading the startup configuration");
}

void
notify_stopping(void)
{
    send_state("STOPPING=1\nSTATUS=shutting down");
}
