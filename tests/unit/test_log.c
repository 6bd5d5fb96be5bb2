/* Unit tests for switchd/log.c's IOS side: the severity of a line (from
 * "%FACILITY-N-MNEMONIC:" or from its level) and the timestamp IOS puts
 * before it in the buffer. */

#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"

Test(log, ios_messages_carry_their_own_severity)
{
    cr_expect_eq(log_severity(LOG_LEVEL_INFO, "%LINK-3-UPDOWN: Interface vm1, changed state to up"),
                 3);
    cr_expect_eq(log_severity(LOG_LEVEL_WARN, "%SEC_LOGIN-4-LOGIN_FAILED: Login failed"), 4);
    cr_expect_eq(log_severity(LOG_LEVEL_ERROR, "%SYS-5-CONFIG_I: Configured from console"), 5);
    cr_expect_eq(log_severity(LOG_LEVEL_INFO, "%SEC_LOGIN-1-QUIET_MODE_ON: Still"), 1);
    cr_expect_eq(log_severity(LOG_LEVEL_INFO, "%LINEPROTO-5-UPDOWN: Line protocol"), 5);
}

Test(log, other_lines_take_the_severity_of_their_level)
{
    cr_expect_eq(log_severity(LOG_LEVEL_ERROR, "vm1: cannot create TAP"), 3);
    cr_expect_eq(log_severity(LOG_LEVEL_WARN, "telnet: 3 more clients refused"), 4);
    cr_expect_eq(log_severity(LOG_LEVEL_INFO, "ready: 1 bridge(s)"), 6);
    cr_expect_eq(log_severity(LOG_LEVEL_DEBUG, "control: cannot tell"), 7);
    /* Almost IOS is not IOS. */
    cr_expect_eq(log_severity(LOG_LEVEL_INFO, "%SYS-8-CONFIG_I: x"), 6);
    cr_expect_eq(log_severity(LOG_LEVEL_INFO, "%SYS-5-CONFIG_I x"), 6);
    cr_expect_eq(log_severity(LOG_LEVEL_INFO, "%sys-5-CONFIG_I: x"), 6);
    cr_expect_eq(log_severity(LOG_LEVEL_INFO, "%SYS-5-: x"), 6);
    cr_expect_eq(log_severity(LOG_LEVEL_INFO, "%"), 6);
    cr_expect_eq(log_severity(LOG_LEVEL_INFO, ""), 6);
}

Test(log, lines_are_stamped_as_ios_stamps_them)
{
    struct timespec ts = { .tv_sec = 1764974701, .tv_nsec = 123456789 };
    char buf[32];

    setenv("TZ", "UTC", 1);
    tzset();
    /* 2025-12-05 22:45:01 UTC: the day padded with a space, milliseconds. */
    cr_expect_str_eq(log_stamp(&ts, buf), "*Dec  5 22:45:01.123: ");
    ts.tv_sec += 10 * 86400;
    ts.tv_nsec = 5000000;
    cr_expect_str_eq(log_stamp(&ts, buf), "*Dec 15 22:45:01.005: ");
}
