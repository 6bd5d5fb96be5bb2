/* Unit tests for shell/session_info.c: line numbers, `show users` rows,
 * the %SYS-5-CONFIG_I text and the history of typed lines. */

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "session_info.h"
#include "util.h"

Test(session_info, lowest_free_line_number)
{
    unsigned none[1] = { 0 }, some[] = { 0, 1, 3 }, shuffled[] = { 2, 0, 1, 4 };

    cr_expect_eq(session_line_lowest_free(none, 0), 0);
    cr_expect_eq(session_line_lowest_free(some, ARRAY_SIZE(some)), 2, "the hole left by vty 2");
    cr_expect_eq(session_line_lowest_free(shuffled, ARRAY_SIZE(shuffled)), 3, "in any order");
    unsigned busy[] = { 1, 2 };
    cr_expect_eq(session_line_lowest_free(busy, ARRAY_SIZE(busy)), 0, "vty 0 freed first");
}

Test(session_info, absolute_numbers_never_collide)
{
    struct session_line con0 = { SESSION_LINE_CON, 0 }, con1 = { SESSION_LINE_CON, 1 };
    struct session_line vty0 = { SESSION_LINE_VTY, 0 }, vty99 = { SESSION_LINE_VTY, 99 };

    cr_expect_eq(session_line_absolute(con0), 0);
    cr_expect_eq(session_line_absolute(vty0), 1, "as a Catalyst numbers vty 0");
    cr_expect_eq(session_line_absolute(vty99), 100);
    cr_expect_eq(session_line_absolute(con1), 101, "after every vty");
}

Test(session_info, users_rows_in_ios_columns)
{
    char buf[256];

    session_users_row(buf, sizeof buf, true, (struct session_line) { SESSION_LINE_VTY, 1 },
                      "admin", 0, "127.0.0.1");
    cr_expect_str_eq(buf, "*  2 vty 1     admin      idle                 00:00:00 127.0.0.1");
    session_users_row(buf, sizeof buf, false, (struct session_line) { SESSION_LINE_CON, 0 },
                      "root", 3600 + 23 * 60 + 45, "");
    cr_expect_str_eq(buf, "   0 con 0     root       idle                 01:23:45");
    cr_expect_eq(strstr(session_users_header, "User") - session_users_header,
                 strstr(buf, "root") - buf, "User under its header");
    session_users_row(buf, sizeof buf, false, (struct session_line) { SESSION_LINE_VTY, 0 },
                      "", 5, "::1");
    cr_expect_str_eq(buf, "   1 vty 0                idle                 00:00:05 ::1",
                     "not logged in yet: no user");
}

Test(session_info, config_i_in_ios_words)
{
    char buf[256];
    struct session_line vty0 = { SESSION_LINE_VTY, 0 }, con0 = { SESSION_LINE_CON, 0 };
    struct session_line con2 = { SESSION_LINE_CON, 2 };

    session_config_message(buf, sizeof buf, "console", vty0, "admin", "127.0.0.1");
    cr_expect_str_eq(buf, "Configured from console by admin on vty0 (127.0.0.1)");
    session_config_message(buf, sizeof buf, "console", vty0, "", "127.0.0.1");
    cr_expect_str_eq(buf, "Configured from console by vty0 (127.0.0.1)");
    session_config_message(buf, sizeof buf, "console", con0, "root", "");
    cr_expect_str_eq(buf, "Configured from console by root on console");
    session_config_message(buf, sizeof buf, "console", con2, "", "");
    cr_expect_str_eq(buf, "Configured from console by console2");
    session_config_message(buf, sizeof buf, "/tmp/a.json", vty0, "ops", "10.0.0.1");
    cr_expect_str_eq(buf, "Configured from /tmp/a.json by ops on vty0 (10.0.0.1)");
}

Test(session_info, history_keeps_the_newest_oldest_first)
{
    struct session_history h;
    char line[32];

    session_history_init(&h, SESSION_HISTORY_SIZE);
    for (int i = 0; i < 25; i++) {
        snprintf(line, sizeof line, "show version %d", i);
        session_history_add(&h, line);
    }
    cr_assert_eq(h.n, 10);
    cr_expect_str_eq(session_history_at(&h, 0), "show version 15");
    cr_expect_str_eq(session_history_at(&h, 9), "show version 24");
    session_history_resize(&h, 3);
    cr_assert_eq(h.n, 3);
    cr_expect_str_eq(session_history_at(&h, 0), "show version 22");
    session_history_add(&h, "end");
    cr_expect_str_eq(session_history_at(&h, 0), "show version 23");
    cr_expect_str_eq(session_history_at(&h, 2), "end");
    session_history_resize(&h, SESSION_HISTORY_MAX + 10);
    cr_expect_eq(h.size, SESSION_HISTORY_MAX);
    for (int i = 0; i < 600; i++)
        session_history_add(&h, "x");
    cr_expect_eq(h.n, SESSION_HISTORY_MAX, "wraps around the whole ring");
    cr_expect_str_eq(session_history_at(&h, SESSION_HISTORY_MAX - 1), "x");
    session_history_resize(&h, 0);
    session_history_add(&h, "show users");
    cr_expect_eq(h.n, 0, "size 0 keeps nothing");
    session_history_free(&h);
}

Test(session_info, history_never_stores_a_password)
{
    struct session_history h;

    session_history_init(&h, SESSION_HISTORY_SIZE);
    session_history_add(&h, "username ops secret Pl41n-pw");
    session_history_add(&h, "en sec 0 En-pw4");
    session_history_add(&h, "do username x password Other");
    cr_expect_str_eq(session_history_at(&h, 0), "username ops secret *****");
    cr_expect_str_eq(session_history_at(&h, 1), "en sec 0 *****");
    cr_expect_str_eq(session_history_at(&h, 2), "do username x password *****");
    session_history_free(&h);
}
