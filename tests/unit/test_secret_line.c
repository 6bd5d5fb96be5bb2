/* Unit tests for cli/secret_line.c: which typed lines carry a password
 * and so stay out of command histories. */

#include <criterion/criterion.h>

#include "secret_line.h"
#include "util.h"

Test(secret_line, lines_with_a_password_in_clear_text)
{
    static const char *const lines[] = {
        "username ops secret Pa55w0rd",
        "username ops secret 0 Pa55w0rd",
        "username ops secret 5 $6$salt$hash",
        "  USERNAME ops  SECRET  x",
        "usern ops sec x",
        "u ops s x",
        "username ops password x",
        "enable secret x",
        "en sec 0 x",
        "enable password x",
        "do username ops secret x",
        "do enable secret x",
        "no username ops secret x",
        "username ops privilege 15 secret x",
        "username ops secret",              /* incomplete: still kept out */
        "username\tops\tsecret\tx",
        "password PlainPwE",                /* IOS's line password (line vty) */
        "pas 7 0822455D0A16",
        "no password x",
    };

    for (size_t i = 0; i < ARRAY_SIZE(lines); i++)
        cr_expect(secret_line(lines[i]), "not seen as a secret: \"%s\"", lines[i]);
}

Test(secret_line, other_lines_stay_in_the_history)
{
    static const char *const lines[] = {
        "", "   ", "enable", "en", "username", "no username ops", "show running-config",
        "show running-config | include secret", "hostname secret", "configure terminal",
        "interface vm1", "description enable secret", "do show users",
        "exit", "end", "disable", "p", "pa", "port vm1 type tap",
    };

    for (size_t i = 0; i < ARRAY_SIZE(lines); i++)
        cr_expect(!secret_line(lines[i]), "seen as a secret: \"%s\"", lines[i]);
}

Test(secret_line, mask_hides_the_password_and_keeps_the_rest)
{
    static const char *const cases[][2] = {
        { "username ops secret Pa55w0rd", "username ops secret *****" },
        { "username ops secret 0 Pa55w0rd", "username ops secret 0 *****" },
        { "usern ops sec 5 $6$salt$hash", "usern ops sec 5 *****" },
        { "enable secret 5", "enable secret *****" },          /* a digit as the password */
        { "en pass two words", "en pass *****" },
        { "do enable secret x", "do enable secret *****" },
        { "username ops privilege 15 secret x", "username ops privilege 15 secret *****" },
        { "username ops secret", "username ops secret *****" },
        { "show running-config | include secret", "show running-config | include secret" },
        { "hostname secret", "hostname secret" },
        { "password PlainPwE", "password *****" },
        { "password 7 0822455D0A16", "password 7 *****" },
        { "", "" },
    };
    char buf[128];

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        secret_line_mask(cases[i][0], buf, sizeof buf);
        cr_expect_str_eq(buf, cases[i][1], "\"%s\"", cases[i][0]);
    }
    secret_line_mask("username ops secret Pa55w0rd", buf, 12);     /* truncated, no password */
    cr_expect_str_eq(buf, "username op");
}
