#include "caps.h"

#include <errno.h>
#include <stdio.h>
#include <sys/capability.h>

static const struct {
    cap_value_t value;
    const char *name;
} caps[] = {
    [CAPS_NET_ADMIN] = { CAP_NET_ADMIN, "CAP_NET_ADMIN" },
    [CAPS_NET_RAW] = { CAP_NET_RAW, "CAP_NET_RAW" },
    [CAPS_NET_BIND_SERVICE] = { CAP_NET_BIND_SERVICE, "CAP_NET_BIND_SERVICE" },
};

bool
caps_have(enum caps_need need)
{
    cap_flag_value_t v = CAP_CLEAR;
    cap_t c = cap_get_proc();

    /* Unknown is taken as present: the caller then reports the plain
     * errno rather than a guess. */
    if (!c)
        return true;
    if (cap_get_flag(c, caps[need].value, CAP_EFFECTIVE, &v) < 0)
        v = CAP_SET;
    cap_free(c);
    return v == CAP_SET;
}

bool
caps_explain(int error, enum caps_need need, const char *what, char *err, size_t err_size)
{
    if ((error != EPERM && error != EACCES) || caps_have(need))
        return false;
    snprintf(err, err_size, "%s needed to %s", caps[need].name, what);
    return true;
}
