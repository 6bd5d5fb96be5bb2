#ifndef SWITCHD_CAPS_H
#define SWITCHD_CAPS_H 1

/* Which capability a failed operation lacked
 * ===========================================
 * switchd runs as root, or with only CAP_NET_ADMIN and CAP_NET_RAW (the
 * systemd unit, man/switchd.8 CAPABILITIES).  When an operation fails with EPERM
 * or EACCES, the place that failed asks here whether the capability it
 * needs is missing from the effective set (libcap, at that moment: never
 * guessed from the uid), so the message says what to grant:
 * "CAP_NET_ADMIN needed to create TAP vm1". */

#include <stdbool.h>
#include <stddef.h>

enum caps_need {
    CAPS_NET_ADMIN,                 /* TAPs, link up, MTU */
    CAPS_NET_RAW,                   /* packet sockets */
    CAPS_NET_BIND_SERVICE,          /* telnet on a port below 1024 */
};

/* Whether the process has 'need' in its effective set. */
bool caps_have(enum caps_need need);

/* After 'error' from an operation that needs 'need': if 'error' is EPERM
 * or EACCES and the capability is missing, writes "CAP_X needed to WHAT"
 * (WHAT: 'what', e.g. "create TAP vm1") into 'err' and returns true;
 * otherwise leaves 'err' alone and returns false. */
bool caps_explain(int error, enum caps_need need, const char *what, char *err,
                  size_t err_size);

#endif /* switchd/caps.h */
