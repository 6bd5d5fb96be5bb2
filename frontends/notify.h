#ifndef FRONTENDS_NOTIFY_H
#define FRONTENDS_NOTIFY_H 1

/* Telling systemd how switchd is doing (sd_notify)
 * =================================================
 * Under the Type=notify unit (systemd/tapswitch.service.in) systemd waits
 * for READY=1 before it counts the switch started, shows STATUS= in
 * `systemctl status`, and holds reload jobs until READY=1 follows
 * RELOADING=1.  Built against Debian's libsystemd when pkg-config finds it
 * (-DHAVE_LIBSYSTEMD); otherwise every call does nothing and the build
 * installs the Type=simple unit instead.  Outside systemd ($NOTIFY_SOCKET
 * unset) the calls do nothing either. */

#include <stddef.h>

/* The switch is built and the control socket accepts clients; also after
 * a reload.  STATUS= says how many bridges and ports run. */
void notify_ready(size_t n_bridges, size_t n_ports, const char *socket_path);

/* A SIGHUP reload begins: notify_ready() ends it. */
void notify_reloading(void);

/* SIGTERM or SIGINT: the switch is being torn down. */
void notify_stopping(void);

#endif /* frontends/notify.h */
