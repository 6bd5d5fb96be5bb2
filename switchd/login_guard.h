#ifndef SWITCHD_LOGIN_GUARD_H
#define SWITCHD_LOGIN_GUARD_H 1

/* Failed logins per source address
 * ================================
 * IOS `login block-for B attempts N within W` (docs/security.md section 3):
 * N failed logins or enables from one address within W seconds of the
 * first of them put that address in quiet mode for B seconds, during which
 * telnet turns it away before any password is checked.  B = 0 is off.
 *
 * The guard only counts; the caller logs and refuses.  Time is given in
 * milliseconds on a monotonic clock, so the rules are unit-tested without
 * waiting.  Any thread (a mutex inside): session threads record failures,
 * the loop thread asks at accept and expires blocks once a second.
 *
 * Memory is bounded: at most LOGIN_GUARD_SOURCES addresses are followed
 * at once.  A new one then takes the place of the address that is not
 * blocked and failed longest ago -- or, when every one is blocked, of the
 * block that ends first. */

#include <stdbool.h>
#include <stdint.h>

#include "config.h"

#define LOGIN_GUARD_SOURCES 1024
#define LOGIN_GUARD_SOURCE_MAX 64           /* an IPv6 address with room */

struct login_guard;

struct login_guard *login_guard_create(void);       /* NULL when out of memory */
void login_guard_destroy(struct login_guard *);     /* accepts NULL */

/* Takes new settings; turning blocking off lifts every block. */
void login_guard_configure(struct login_guard *, const struct config_login_block *);

/* Seconds (rounded up) 'source' stays blocked; 0 when it may try. */
uint32_t login_guard_blocked(struct login_guard *, const char *source, int64_t now_ms);

/* Counts a failure from 'source'.  Returns true when it is the one that
 * blocks the address; '*watch_left_s' then says how much of the watch
 * window was left (IOS prints it in QUIET_MODE_ON). */
bool login_guard_failed(struct login_guard *, const char *source, int64_t now_ms,
                        uint32_t *watch_left_s);

/* Forgets what no longer counts; 'ended' is called (mutex held: it must
 * not call the guard) for each block that is over. */
void login_guard_expire(struct login_guard *, int64_t now_ms,
                        void (*ended)(const char *source, void *arg), void *arg);

#endif /* switchd/login_guard.h */
