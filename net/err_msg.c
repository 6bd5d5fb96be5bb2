#include "err_msg.h"

#include <stdbool.h>
#include <stdio.h>

bool
err_msg_set(struct err_msg *err, int col, const char *fmt, ...)
{
    va_list args;

    if (!err)
        return false;
    err->col = col;
    va_start(args, fmt);
    vsnprintf(err->text, sizeof err->text, fmt, args);
    va_end(args);
    return false;
}
