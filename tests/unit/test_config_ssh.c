/* Unit tests for the SSH keys of the configuration (issue 19; docs/config.md):
 * "cli.ssh" (listen, timeout_s, authentication_retries, rsa_modulus),
 * "cli.vty.transport_input" (and the older "cli.telnet.transport_input_telnet"),
 * users' "ssh_keys" (OpenSSH public key lines: type and base64 checked,
 * switchd/ssh_key_line.h) and key-only users: defaults, errors with their
 * position, config_validate(), export of non-defaults only, round trip. */

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "ssh_key_line.h"

#define SHA512 "$6$a$ahNrFJXC.ZgRb10ZTsQRd49kJy0HEWrY16RYZ5KenF6NcyvaQR9t6zhUFl25So49FAgl7LNLUTe.29lDamlSD."
#define ED25519 "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPvY9fNHYIbuT3uv/hSvWSop0hty/d/LLjHPlSxrYMBm alice@host"
#define RSA2048 "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCpAG2IE+YFOM+YbO/5+nk0m5HF9o3Fj0Q/zbr+BsFMIXh1KJqrymwqSbY3dcyYw9gLgJgP2S4ZPz/zIH8lGMa+QQPP90lnHsPF2ukAZUhmp3Rm4cSAokaYZNjWDcbqrSfdaetCAybYzLcWqTyWZCJrmIrPfBlIZrkSwum8rrTme/catnLe16ZVDFWNvlgZv2GOQaahRaOgLVv60fvEiRGWBnkjOCP+BBuJOATQ+oGrtBdi3BeQ77x8/SD4cInsF7+/bfZZD1pi8Nfjk5Ci/6qBQK2UTq/9k6SqZHkPO/jVs0nJnS+f83o52YP9bj/rB0WOxiApfydfTCvh/636zj6h bob"

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

Test(config_ssh, defaults)
{
    struct switch_config *cfg = load_ok("{}");
    char *text = config_to_json(cfg);

    cr_expect_str_eq(cfg->ssh.listen, "127.0.0.1:2222");
    cr_expect_eq(cfg->ssh.timeout_s, 120);
    cr_expect_eq(cfg->ssh.auth_retries, 3);
    cr_expect_eq(cfg->ssh.rsa_modulus, 3072);
    cr_expect_eq(cfg->transport_input, CONFIG_TRANSPORT_ALL);
    /* Defaults are not written. */
    cr_assert_not_null(text);
    cr_expect(!strstr(text, "\"ssh\"") && !strstr(text, "\"vty\"")
              && !strstr(text, "ssh_keys"), "%s", text);
    free(text);
    config_free(cfg);
}

#define ALL_SET "{\"cli\": {\"ssh\": {\"listen\": \"[::1]:22\", \"timeout_s\": 60," \
    " \"authentication_retries\": 5, \"rsa_modulus\": 4096, \"version\": 2}," \
    " \"vty\": {\"transport_input\": \"ssh\"}," \
    " \"users\": [{\"name\": \"admin\", \"secret\": \"" SHA512 "\"," \
    " \"ssh_keys\": [\"" ED25519 "\", \"" RSA2048 "\"]}," \
    " {\"name\": \"robot\", \"ssh_keys\": [\"" ED25519 "\"]}]}}"

Test(config_ssh, everything_set_loads_exports_and_loads_back_equal)
{
    struct switch_config *cfg = load_ok(ALL_SET), *back;
    char err[CONFIG_ERR_MAX] = "";
    char *text;

    cr_expect_str_eq(cfg->ssh.listen, "[::1]:22");
    cr_expect_eq(cfg->ssh.timeout_s, 60);
    cr_expect_eq(cfg->ssh.auth_retries, 5);
    cr_expect_eq(cfg->ssh.rsa_modulus, 4096);
    cr_expect(cfg->ssh.version_2);
    cr_expect_eq(cfg->transport_input, CONFIG_TRANSPORT_SSH);
    cr_assert_eq(cfg->n_users, 2);
    cr_expect_eq(cfg->users[0].n_ssh_keys, 2);
    cr_expect_str_eq(cfg->users[0].ssh_keys[1], RSA2048);
    cr_expect_str_eq(cfg->users[1].secret, "");
    cr_expect(config_validate(cfg, err, sizeof err), "%s", err);
    text = config_to_json(cfg);
    cr_assert_not_null(text);
    for (const char *want = "\"listen\": \"[::1]:22\"\0\"timeout_s\": 60\0"
                            "\"authentication_retries\": 5\0\"rsa_modulus\": 4096\0\"version\": 2\0"
                            "\"transport_input\": \"ssh\"\0\"ssh_keys\": [\0";
         *want; want += strlen(want) + 1)
        cr_expect(strstr(text, want), "no %s in\n%s", want, text);
    /* The key-only user has no "secret" written. */
    cr_expect(!strstr(strstr(text, "\"robot\""), "secret"), "%s", text);
    back = config_parse_string(text, "export.json", err, sizeof err);
    cr_assert_not_null(back, "%s\n%s", err, text);
    cr_expect(config_equal(cfg, back));
    config_free(back);
    free(text);
    config_free(cfg);
}

Test(config_ssh, the_older_telnet_key_reads_as_transport_input_telnet)
{
    struct switch_config *cfg =
        load_ok("{\"cli\": {\"telnet\": {\"transport_input_telnet\": true}}}");
    char *text = config_to_json(cfg);

    cr_expect_eq(cfg->transport_input, CONFIG_TRANSPORT_TELNET);
    cr_assert_not_null(text);
    cr_expect(strstr(text, "\"transport_input\": \"telnet\"")
              && !strstr(text, "transport_input_telnet"), "%s", text);
    free(text);
    config_free(cfg);
    cfg = load_ok("{\"cli\": {\"telnet\": {\"transport_input_telnet\": false}}}");
    cr_expect_eq(cfg->transport_input, CONFIG_TRANSPORT_ALL);
    config_free(cfg);
}

#define USER_KEYS(keys) "{\"cli\": {\"users\": [{\"name\": \"admin\", \"ssh_keys\": [" keys "]}]}}"

Test(config_ssh, bad_values_are_refused_with_their_position)
{
    cr_expect_str_eq(load_error("{\"cli\": {\"vty\": {\"transport_input\": \"rlogin\"}}}"),
                     "t.json:1:37: cli.vty.transport_input: unknown transport \"rlogin\""
                     " (expected all, telnet, ssh or none)");
    cr_expect_str_eq(load_error("{\"cli\": {\"ssh\": {\"timeout_s\": 0}}}"),
                     "t.json:1:31: cli.ssh.timeout_s: invalid SSH timeout 0 (expected 1-120"
                     " seconds)");
    cr_expect_str_eq(load_error("{\"cli\": {\"ssh\": {\"authentication_retries\": 6}}}"),
                     "t.json:1:44: cli.ssh.authentication_retries: invalid authentication"
                     " retries 6 (expected 0-5)");
    cr_expect_str_eq(load_error("{\"cli\": {\"ssh\": {\"version\": 1}}}"),
                     "t.json:1:29: cli.ssh.version: invalid SSH version 1 (expected 2: version"
                     " 1 is not supported)");
    cr_expect_str_eq(load_error("{\"cli\": {\"ssh\": {\"rsa_modulus\": 1024}}}"),
                     "t.json:1:33: cli.ssh.rsa_modulus: invalid RSA modulus 1024 (expected"
                     " 2048-4096 bits)");
    cr_expect_str_eq(load_error("{\"cli\": {\"ssh\": {\"listen\": \"nowhere\"}}}"),
                     "t.json:1:28: cli.ssh.listen: invalid listen address \"nowhere\""
                     " (expected IPV4:PORT or [IPV6]:PORT, e.g. 127.0.0.1:2323)");
    cr_expect_str_eq(load_error(USER_KEYS("\"ssh-dss AAAAB3NzaC1kc3M=\"")),
                     "t.json:1:51: cli.users[0].ssh_keys[0]: invalid SSH key: unknown key"
                     " type \"ssh-dss\" (expected ssh-ed25519, ssh-rsa or"
                     " ecdsa-sha2-nistp256/384/521; options before the type are not taken)");
    cr_expect_str_eq(load_error(USER_KEYS("\"ssh-ed25519 not*base64\"")),
                     "t.json:1:51: cli.users[0].ssh_keys[0]: invalid SSH key: ssh-ed25519 key:"
                     " its text is not base64 (or longer than 1600 bytes)");
    cr_expect_str_eq(load_error(USER_KEYS("\"ssh-ed25519\"")),
                     "t.json:1:51: cli.users[0].ssh_keys[0]: invalid SSH key: ssh-ed25519 key"
                     " without its base64 text");
    /* An RSA key's text under the ed25519 type. */
    cr_expect_str_eq(load_error(USER_KEYS("\"ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAABAQCpAG2IE+YFOM+YbO/5+nk0m5HF9o3Fj0Q/zbr+BsFMIXh1KJqrymwqSbY3dcyYw9gLgJgP2S4ZPz/zIH8lGMa+QQPP90lnHsPF2ukAZUhmp3Rm4cSAokaYZNjWDcbqrSfdaetCAybYzLcWqTyWZCJrmIrPfBlIZrkSwum8rrTme/catnLe16ZVDFWNvlgZv2GOQaahRaOgLVv60fvEiRGWBnkjOCP+BBuJOATQ+oGrtBdi3BeQ77x8/SD4cInsF7+/bfZZD1pi8Nfjk5Ci/6qBQK2UTq/9k6SqZHkPO/jVs0nJnS+f83o52YP9bj/rB0WOxiApfydfTCvh/636zj6h\"")),
                     "t.json:1:51: cli.users[0].ssh_keys[0]: invalid SSH key: ssh-ed25519 key:"
                     " its base64 text is not a ssh-ed25519 key");
    cr_expect_str_eq(load_error(USER_KEYS("\"" ED25519 "\\n" ED25519 "\"")),
                     "t.json:1:51: cli.users[0].ssh_keys[0]: SSH key with a control or"
                     " non-ASCII character (expected one line \"TYPE BASE64 [COMMENT]\" as"
                     " in authorized_keys)");
    cr_expect_str_eq(load_error(USER_KEYS("\"" ED25519 "\", \"" ED25519 "\", \"" ED25519 "\","
                                          "\"" ED25519 "\", \"" ED25519 "\", \"" ED25519 "\","
                                          "\"" ED25519 "\", \"" ED25519 "\", \"" ED25519 "\"")),
                     "t.json:1:50: cli.users[0].ssh_keys: too many SSH keys (9, at most 8)");
    /* Without keys, the secret is needed as before. */
    cr_expect_str_eq(load_error(USER_KEYS("")), "t.json:1:20: cli.users[0]: missing key \"secret\"");
}

Test(config_ssh, validate_checks_what_the_shell_builds)
{
    struct switch_config *cfg = load_ok(ALL_SET);
    char err[CONFIG_ERR_MAX] = "";

    strcpy(cfg->users[0].ssh_keys[1], "ssh-rsa AAAA");
    cr_expect(!config_validate(cfg, err, sizeof err));
    cr_expect_str_eq(err, "cli.users[0].ssh_keys[1]: invalid SSH key: ssh-rsa key: its base64"
                     " text is not a ssh-rsa key");
    cfg->users[0].n_ssh_keys = 1;
    cfg->users[1].n_ssh_keys = 0;
    cr_expect(!config_validate(cfg, err, sizeof err));
    cr_expect_str_eq(err, "cli.users[1].secret: empty secret");
    cfg->users[1].n_ssh_keys = 1;
    cfg->ssh.timeout_s = 121;
    cr_expect(!config_validate(cfg, err, sizeof err));
    cr_expect_str_eq(err, "cli.ssh.timeout_s: invalid SSH timeout 121 (expected 1-120 seconds)");
    cfg->ssh.timeout_s = 120;
    cfg->transport_input = 7;
    cr_expect(!config_validate(cfg, err, sizeof err));
    cr_expect_str_eq(err, "cli.vty.transport_input: unknown transport 7");
    config_free(cfg);
}

Test(config_ssh, key_lines_give_their_type_and_size)
{
    struct ssh_key_line k;
    char why[256];

    cr_assert(ssh_key_line_parse(RSA2048, &k, why, sizeof why), "%s", why);
    cr_expect_str_eq(k.type, "ssh-rsa");
    cr_expect_eq(k.bits, 2048);
    cr_assert(ssh_key_line_parse("  " ED25519, &k, why, sizeof why), "%s", why);
    cr_expect_eq(k.bits, 256);
    cr_expect_eq(k.blob_len, 51);
    cr_expect(!ssh_key_line_parse("", &k, why, sizeof why));
    cr_expect(!ssh_key_line_parse("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA==", &k, why,
                                  sizeof why));
    cr_expect_str_eq(why, "ssh-ed25519 key: not 32 bytes of key");
}

Test(config_ssh, key_hash_is_the_md5_of_the_blob_as_ios_shows_it)
{
    struct ssh_key_line k;
    char why[256], hex[33], line[CONFIG_SSH_KEY_MAX + 1];

    cr_assert(ssh_key_line_parse(ED25519, &k, why, sizeof why), "%s", why);
    cr_expect_str_eq(k.md5, "D94461C7AF26A0A6622E0D1A38B07408");
    cr_expect_not(k.hash_only);
    ssh_key_blob_md5(k.blob, k.blob_len, hex);
    cr_expect_str_eq(hex, "D94461C7AF26A0A6622E0D1A38B07408");
    /* RFC 1321's own test vectors, across the 56-byte padding edge. */
    ssh_key_blob_md5((const unsigned char *) "", 0, hex);
    cr_expect_str_eq(hex, "D41D8CD98F00B204E9800998ECF8427E");
    ssh_key_blob_md5((const unsigned char *) "abc", 3, hex);
    cr_expect_str_eq(hex, "900150983CD24FB0D6963F7D28E17F72");
    ssh_key_blob_md5((const unsigned char *) "12345678901234567890123456789012345678901234567890"
                     "123456789012345678901234567890", 80, hex);
    cr_expect_str_eq(hex, "57EDF4A22BE3C955AC49DA2E2107B67A");
    cr_assert(ssh_key_line_from_base64("AAAAC3NzaC1lZDI1NTE5AAAAIPvY9fNHYIbuT3uv/hSvWSop0hty/d/LLjHPlSxrYMBm", line, sizeof line, why,
                                       sizeof why), "%s", why);
    cr_expect_str_eq(line, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPvY9fNHYIbuT3uv/hSvWSop0hty/d/LLjHPlSxrYMBm");
    cr_expect(!ssh_key_line_from_base64("AAAA", line, sizeof line, why, sizeof why));
}

/* IOS's running-config line taken back: "key-hash TYPE MD5 [COMMENT]". */
Test(config_ssh, key_hash_lines_parse_as_a_hash_only_key)
{
    struct ssh_key_line k;
    char why[256];

    cr_assert(ssh_key_line_parse("key-hash ssh-ed25519 d94461c7af26a0a6622e0d1a38b07408 alice@laptop",
                                 &k, why, sizeof why), "%s", why);
    cr_expect(k.hash_only);
    cr_expect_str_eq(k.type, "ssh-ed25519");
    cr_expect_str_eq(k.md5, "D94461C7AF26A0A6622E0D1A38B07408", "upper-cased");
    cr_expect_eq(k.blob_len, 0);
    cr_expect_str_eq(k.base64 + k.base64_len, " alice@laptop", "the comment follows the hash");
    cr_assert(ssh_key_line_parse("key-hash ssh-rsa 0123456789ABCDEF0123456789ABCDEF", &k, why,
                                 sizeof why), "%s", why);
    cr_expect_str_eq(k.type, "ssh-rsa");

    static const struct { const char *line, *why; } bad[] = {
        { "key-hash ssh-dss 0123456789ABCDEF0123456789ABCDEF", "unknown key type \"ssh-dss\"" },
        { "key-hash ssh-rsa 0123456789ABCDEF", "key-hash ssh-rsa: the hash must be 32" },
        { "key-hash ssh-rsa 0123456789ABCDEF0123456789ABCDEFAB", "key-hash ssh-rsa: the hash" },
        { "key-hash ssh-rsa 0123456789ABCDEF0123456789ABCDEG", "key-hash ssh-rsa: the hash" },
        { "key-hash ssh-rsa", "key-hash ssh-rsa: the hash" },
        { "key-hash", "empty key" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_expect_not(ssh_key_line_parse(bad[i].line, &k, why, sizeof why), "%s", bad[i].line);
        cr_expect(!strncmp(why, bad[i].why, strlen(bad[i].why)), "%s: %s", bad[i].line, why);
    }
}

/* A "key-hash" entry loads (a user with it needs no secret), exports as
 * given, and a bad one is refused with its position. */
Test(config_ssh, key_hash_entries_load_and_export)
{
    struct switch_config *cfg = load_ok(
        "{\"cli\": {\"users\": [{\"name\": \"robot\", \"ssh_keys\":"
        " [\"key-hash ssh-ed25519 D94461C7AF26A0A6622E0D1A38B07408 alice@laptop\"]}]}}");
    char *json;

    cr_assert_eq(cfg->n_users, 1);
    cr_expect_str_eq(cfg->users[0].ssh_keys[0],
                     "key-hash ssh-ed25519 D94461C7AF26A0A6622E0D1A38B07408 alice@laptop");
    json = config_to_json(cfg);
    cr_assert_not_null(json);
    cr_expect(strstr(json, "\"key-hash ssh-ed25519 D94461C7AF26A0A6622E0D1A38B07408 alice@laptop\""),
              "%s", json);
    free(json);
    config_free(cfg);
    cr_expect_str_eq(load_error(USER_KEYS("\"key-hash ssh-ed25519 D94461C7\"")),
                     "t.json:1:51: cli.users[0].ssh_keys[0]: invalid SSH key: key-hash"
                     " ssh-ed25519: the hash must be 32 hexadecimal digits (the MD5 of the key,"
                     " as running-config shows it)");
}
