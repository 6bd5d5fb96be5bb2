/* Unit tests for the access rules of the configuration (docs/security.md
 * section 3): secrets are crypt(3) hashes of a bounded cost, never clear
 * text (switchd/crypt_hash.h); a telnet address other than loopback needs
 * a user; the login timeout and `login block-for` keys.  Each rule is
 * checked through the loader (file positions) and through
 * config_validate() (a configuration edited in memory, as the shell and
 * imports do). */

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "crypt_hash.h"
#include "util.h"

/* Real hashes of the accepted methods (made with crypt(3)). */
#define SHA512 "$6$a$ahNrFJXC.ZgRb10ZTsQRd49kJy0HEWrY16RYZ5KenF6NcyvaQR9t6zhUFl25So49FAgl7LNLUTe.29lDamlSD."
#define SHA512_ROUNDS(n) "$6$rounds=" #n "$abcdefgh$KQeXafAQAaOoKTevphVU215RvJdgzyfASRasIOuh12hO8u0r1bGW92ZnTmC9IjsiQ8VPiTXBiZF49dFL1U4wX/"
#define SHA256 "$5$rounds=100000$abcdefgh$FMDQnJ/UkHJZrt5u7nMgrZVgUahLbt4fM6DmlhSmFu2"
#define YESCRYPT(params) "$y$" params "$abcdefghabcdefgh$jNKKfsqe0JNnHFj5v/wIDm7J4Qx8mDQbpbMdVqt0Tw2"

#define USER_DOC(secret) "{\"cli\": {\"users\": [{\"name\": \"admin\", \"secret\": \"" secret "\"}]}}"
#define ENABLE_DOC(secret) "{\"cli\": {\"enable_secret\": \"" secret "\"}}"

#define CLEAR_TEXT "not a crypt(3) hash (clear text is not accepted: hash it with `mkpasswd -m" \
    " sha-512` (Debian package whois), or type it in the shell (`username NAME secret" \
    " PASSWORD`, `enable secret PASSWORD`), which stores its hash)"

static char *
load_error(const char *json)
{
    static char err[CONFIG_ERR_MAX];
    struct switch_config *cfg = config_parse_string(json, "t.json", err, sizeof err);

    cr_expect_null(cfg, "loaded:\n%s", json);
    config_free(cfg);
    return err;
}

static struct switch_config *
load_ok(const char *json)
{
    char err[CONFIG_ERR_MAX] = "";
    struct switch_config *cfg = config_parse_string(json, "t.json", err, sizeof err);

    cr_assert_not_null(cfg, "config did not load: %s\n%s", err, json);
    return cfg;
}

Test(config_secrets, clear_text_is_refused_with_how_to_hash_it)
{
    cr_expect_str_eq(load_error(USER_DOC("hunter2")),
                     "t.json:1:48: cli.users[0].secret: invalid secret: " CLEAR_TEXT);
    cr_expect_str_eq(load_error(ENABLE_DOC("Pa55w0rd!")),
                     "t.json:1:27: cli.enable_secret: invalid enable secret: " CLEAR_TEXT);
    /* A word that only looks like a method is clear text too; none is quoted. */
    cr_expect_str_eq(load_error(USER_DOC("$hunter2")),
                     "t.json:1:48: cli.users[0].secret: invalid secret: " CLEAR_TEXT);
    cr_expect_null(strstr(load_error(USER_DOC("hunter2")), "hunter2"));
}

Test(config_secrets, accepted_methods_load_as_given)
{
    static const char *const good[] = {
        SHA512, SHA512_ROUNDS(1000), SHA512_ROUNDS(5000), SHA512_ROUNDS(500000), SHA256,
        YESCRYPT("j9T"), YESCRYPT("jBT"),
    };

    for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
        char json[512];
        struct switch_config *cfg;

        snprintf(json, sizeof json, "{\"cli\": {\"users\": [{\"name\": \"a\", \"secret\": \"%s\"}],"
                 " \"enable_secret\": \"%s\"}}", good[i], good[i]);
        cfg = load_ok(json);
        cr_expect_str_eq(cfg->users[0].secret, good[i]);
        cr_expect_str_eq(cfg->enable_secret, good[i]);
        config_free(cfg);
    }
}

Test(config_secrets, costs_beyond_the_bound_are_refused)
{
    cr_expect_str_eq(load_error(USER_DOC(SHA512_ROUNDS(999999999))),
                     "t.json:1:48: cli.users[0].secret: invalid secret: SHA-512 hash with"
                     " rounds=999999999 (expected 1000-500000: each login attempt computes them)");
    cr_expect_str_eq(load_error(ENABLE_DOC(SHA512_ROUNDS(500001))),
                     "t.json:1:27: cli.enable_secret: invalid enable secret: SHA-512 hash with"
                     " rounds=500001 (expected 1000-500000: each login attempt computes them)");
    /* crypt(3) never writes fewer than 1000 rounds. */
    cr_expect_str_eq(load_error(USER_DOC(SHA512_ROUNDS(999))),
                     "t.json:1:48: cli.users[0].secret: invalid secret: SHA-512 hash with"
                     " rounds=999 (expected 1000-500000: each login attempt computes them)");
    cr_expect(strstr(load_error(USER_DOC("$5$rounds=1000000$abcdefgh$FMDQnJ/UkHJZrt5u7nMgrZ"
                                         "VgUahLbt4fM6DmlhSmFu2")), "SHA-256 hash with"
                     " rounds=1000000 (expected 1000-500000"));
    /* yescrypt: N = 2^15, r = 32 is 128 MiB a check. */
    cr_expect_str_eq(load_error(USER_DOC(YESCRYPT("jCT"))),
                     "t.json:1:48: cli.users[0].secret: invalid secret: yescrypt hash needing"
                     " 128 MiB per check (at most 64 MiB: each login attempt computes it)");
    cr_expect(strstr(load_error(USER_DOC(YESCRYPT("jZT"))), "yescrypt hash needing"));
    /* Optional parameters (p, t, ROM) are not taken. */
    cr_expect(strstr(load_error(USER_DOC(YESCRYPT("j9T5"))),
                     "unsupported yescrypt parameters"));
}

Test(config_secrets, other_methods_and_malformed_hashes_are_refused)
{
    static const struct {
        const char *secret, *why;
    } cases[] = {
        { "$1$abcdefgh$ZKNQm4JRXSjL3bVUCrvbq.", "unsupported hash method \"$1$\"" },
        { "$2b$10$abcdefghijklmnopqrstuu5OqW4zUfjfoKYSgrKIsw0k0Ca0A2WzO",
          "unsupported hash method \"$2b$\"" },
        { "abcdefghijklm", "not a crypt(3) hash" },                 /* DES */
        { "$6$salt$short", "malformed SHA-512 hash" },
        { "$6$$ahNrFJXC.ZgRb10ZTsQRd49kJy0HEWrY16RYZ5KenF6NcyvaQR9t6zhUFl25So49FAgl7LNLUTe."
          "29lDamlSD.", "malformed SHA-512 hash" },                 /* no salt */
        { "$6$abcdefghijklmnopq$ahNrFJXC.ZgRb10ZTsQRd49kJy0HEWrY16RYZ5KenF6NcyvaQR9t6zhUFl25So49"
          "FAgl7LNLUTe.29lDamlSD.", "malformed SHA-512 hash" },     /* 17-character salt */
        { SHA512 "x", "malformed SHA-512 hash" },
        { "$6$rounds=05000$a$x", "malformed SHA-512 hash (bad rounds=)" },
        { "$6$rounds=$a$x", "malformed SHA-512 hash (bad rounds=)" },
        { "$5$abc$def", "malformed SHA-256 hash" },
        { "$y$j9T$abc$short", "malformed yescrypt hash" },
        { "$y$$abc$jNKKfsqe0JNnHFj5v/wIDm7J4Qx8mDQbpbMdVqt0Tw2", "unsupported yescrypt parameters" },
    };
    char why[256];

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        cr_expect(!crypt_hash_check(cases[i].secret, why, sizeof why), "%s accepted",
                  cases[i].secret);
        cr_expect(strstr(why, cases[i].why), "%s: %s", cases[i].secret, why);
    }
}

Test(config_secrets, configurations_edited_in_memory_get_the_same_checks)
{
    struct switch_config *cfg = load_ok(USER_DOC(SHA512));
    char err[CONFIG_ERR_MAX];

    cr_assert(config_validate(cfg, err, sizeof err), "%s", err);
    strcpy(cfg->users[0].secret, "hunter2");
    cr_expect(!config_validate(cfg, err, sizeof err));
    cr_expect_str_eq(err, "cli.users[0].secret: invalid secret: " CLEAR_TEXT);
    strcpy(cfg->users[0].secret, SHA512);
    strcpy(cfg->enable_secret, SHA512_ROUNDS(999999999));
    cr_expect(!config_validate(cfg, err, sizeof err));
    cr_expect(strstr(err, "cli.enable_secret: invalid enable secret: SHA-512 hash with"
                          " rounds=999999999"), "%s", err);
    config_free(cfg);
}

Test(config_secrets, telnet_beyond_loopback_needs_a_user)
{
    static const char *const loopbacks[] = {
        "127.0.0.1:2323", "127.9.8.7:23", "[::1]:2323", "[::ffff:127.0.0.1]:23", "",
    };
    char err[CONFIG_ERR_MAX];
    struct switch_config *cfg;

    cr_expect_str_eq(load_error("{\"cli\": {\"telnet\": {\"listen\": \"0.0.0.0:23\"}}}"),
                     "t.json:1:31: cli.telnet.listen: telnet on 0.0.0.0:23, not a loopback"
                     " address, with no user to log in (add one to cli.users, or listen on"
                     " 127.0.0.1)");
    cr_expect(strstr(load_error("{\"cli\": {\"telnet\": {\"listen\": \"[::]:23\"}}}"),
                     "telnet on [::]:23, not a loopback address"));
    cr_expect(strstr(load_error("{\"cli\": {\"telnet\": {\"listen\": \"[::ffff:10.0.0.1]:23\"}}}"),
                     "not a loopback address"));
    for (size_t i = 0; i < ARRAY_SIZE(loopbacks); i++) {
        char json[128];

        snprintf(json, sizeof json, "{\"cli\": {\"telnet\": {\"listen\": \"%s\"}}}", loopbacks[i]);
        config_free(load_ok(json));
    }
    /* Removing the last user of an exposed server is refused. */
    cfg = load_ok("{\"cli\": {\"telnet\": {\"listen\": \"10.0.0.1:23\"},"
                  " \"users\": [{\"name\": \"a\", \"secret\": \"" SHA512 "\"}]}}");
    cfg->n_users = 0;
    cr_expect(!config_validate(cfg, err, sizeof err));
    cr_expect_str_eq(err, "cli.telnet.listen: telnet on 10.0.0.1:23, not a loopback address,"
                          " with no user to log in (add one to cli.users, or listen on"
                          " 127.0.0.1)");
    config_free(cfg);
}

Test(config_secrets, login_timeout_and_block_for_keys)
{
    struct switch_config *cfg = load_ok("{}");
    char err[CONFIG_ERR_MAX];

    cr_expect_eq(cfg->telnet_login_timeout_s, 30);
    cr_expect_eq(cfg->login_block.block_for_s, 60);
    cr_expect_eq(cfg->login_block.attempts, 5);
    cr_expect_eq(cfg->login_block.within_s, 60);
    config_free(cfg);

    cfg = load_ok("{\"cli\": {\"telnet\": {\"login_timeout_s\": 300},"
                  " \"login\": {\"block_for_s\": 0, \"attempts\": 65535, \"within_s\": 1}}}");
    cr_expect_eq(cfg->telnet_login_timeout_s, 300);
    cr_expect_eq(cfg->login_block.block_for_s, 0);
    cr_expect_eq(cfg->login_block.attempts, 65535);
    cr_expect_eq(cfg->login_block.within_s, 1);
    cfg->telnet_login_timeout_s = 0;
    cr_expect(!config_validate(cfg, err, sizeof err));
    cr_expect_str_eq(err, "cli.telnet.login_timeout_s: invalid login timeout 0 (expected 1-300"
                          " seconds)");
    config_free(cfg);

    cr_expect_str_eq(load_error("{\"cli\": {\"telnet\": {\"login_timeout_s\": 301}}}"),
                     "t.json:1:40: cli.telnet.login_timeout_s: invalid login timeout 301"
                     " (expected 1-300 seconds)");
    cr_expect_str_eq(load_error("{\"cli\": {\"login\": {\"block_for_s\": 65536}}}"),
                     "t.json:1:35: cli.login.block_for_s: invalid block time 65536 (expected"
                     " 0-65535 seconds, 0 = off)");
    cr_expect_str_eq(load_error("{\"cli\": {\"login\": {\"attempts\": 0}}}"),
                     "t.json:1:32: cli.login.attempts: invalid number of attempts 0 (expected"
                     " 1-65535)");
    cr_expect_str_eq(load_error("{\"cli\": {\"login\": {\"within_s\": 0}}}"),
                     "t.json:1:32: cli.login.within_s: invalid watch time 0 (expected 1-65535"
                     " seconds)");
    cr_expect(strstr(load_error("{\"cli\": {\"login\": {\"block\": 1}}}"),
                     "cli.login.block: unknown key \"block\""));
}
