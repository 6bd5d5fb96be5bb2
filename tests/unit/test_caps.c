/* Unit tests for switchd/caps.c: a failure names the capability only when
 * the errno says "not permitted" and the effective set lacks it.  Each test
 * runs in its own Criterion child, so dropping a capability there leaves
 * the runner alone. */

#include <criterion/criterion.h>

#include <errno.h>
#include <string.h>
#include <sys/capability.h>

#include "caps.h"

/* Clears 'cap' from this process's effective set. */
static void
drop_effective(cap_value_t cap)
{
    cap_t c = cap_get_proc();

    cr_assert_not_null(c);
    cr_assert_eq(cap_set_flag(c, CAP_EFFECTIVE, 1, &cap, CAP_CLEAR), 0);
    cr_assert_eq(cap_set_proc(c), 0);
    cap_free(c);
}

Test(caps, missing_capability_is_named)
{
    char err[128] = "untouched";

    drop_effective(CAP_NET_ADMIN);
    cr_assert_not(caps_have(CAPS_NET_ADMIN));
    cr_assert(caps_explain(EPERM, CAPS_NET_ADMIN, "create TAP vm1", err, sizeof err));
    cr_assert_str_eq(err, "CAP_NET_ADMIN needed to create TAP vm1");
    cr_assert(caps_explain(EACCES, CAPS_NET_ADMIN, "bring eth1 up", err, sizeof err));
    cr_assert_str_eq(err, "CAP_NET_ADMIN needed to bring eth1 up");
}

Test(caps, other_errors_and_present_capabilities_say_nothing)
{
    char err[128] = "untouched";

    drop_effective(CAP_NET_RAW);
    /* Another errno is not about capabilities. */
    cr_assert_not(caps_explain(ENODEV, CAPS_NET_RAW, "open a packet socket on x", err,
                               sizeof err));
    cr_assert_str_eq(err, "untouched");
    /* A capability the process has cannot be what was missing. */
    if (caps_have(CAPS_NET_ADMIN)) {
        cr_assert_not(caps_explain(EPERM, CAPS_NET_ADMIN, "create TAP vm1", err, sizeof err));
        cr_assert_str_eq(err, "untouched");
    }
    cr_assert(caps_explain(EPERM, CAPS_NET_RAW, "open a packet socket on x", err, sizeof err));
    cr_assert_str_eq(err, "CAP_NET_RAW needed to open a packet socket on x");
}

Test(caps, message_is_cut_to_the_buffer)
{
    char err[16];

    drop_effective(CAP_NET_BIND_SERVICE);
    cr_assert(caps_explain(EACCES, CAPS_NET_BIND_SERVICE, "listen on 127.0.0.1:23", err,
                           sizeof err));
    cr_assert_eq(strlen(err), sizeof err - 1);
    cr_assert(!strncmp(err, "CAP_NET_BIND_SE", sizeof err - 1));
}
