/* Unit tests for the "logging" key (IOS `logging buffered` and `logging
 * monitor`): loading with defaults and errors at their line and column,
 * export only when not the default, running-config lines, comparison. */

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "render_config.h"

static struct switch_config *
load(const char *text, char err[CONFIG_ERR_MAX])
{
    return config_parse_string(text, "t.json", err, CONFIG_ERR_MAX);
}

static char *
running(const struct switch_config *cfg)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);

    cr_assert_not_null(f);
    render_config(f, cfg);
    fclose(f);
    return text;
}

Test(config_logging, defaults_are_ioss_and_nothing_is_written_for_them)
{
    char err[CONFIG_ERR_MAX];
    struct switch_config *cfg = load("{\"version\": 1}", err);
    char *json, *text;

    cr_assert_not_null(cfg, "%s", err);
    cr_expect(cfg->logging.buffered);
    cr_expect_eq(cfg->logging.buffered_size, 4096);
    cr_expect_eq(cfg->logging.buffered_level, 7);
    cr_expect(cfg->logging.monitor);
    cr_expect_eq(cfg->logging.monitor_level, 7);
    cr_expect(config_logging_is_default(&cfg->logging));
    json = config_to_json(cfg);
    cr_expect_null(strstr(json, "logging"), "%s", json);
    text = running(cfg);
    cr_expect_null(strstr(text, "logging"), "%s", text);
    free(json);
    free(text);
    config_free(cfg);
}

Test(config_logging, settings_load_export_and_show_in_running_config)
{
    char err[CONFIG_ERR_MAX];
    struct switch_config *cfg = load(
        "{\"version\": 1, \"logging\": {\"buffered_size\": 8192, \"buffered_level\": \"warnings\","
        " \"monitor_level\": \"informational\"}}", err);
    struct switch_config *again;
    char *json, *text;

    cr_assert_not_null(cfg, "%s", err);
    cr_expect_eq(cfg->logging.buffered_size, 8192);
    cr_expect_eq(cfg->logging.buffered_level, 4);
    cr_expect_eq(cfg->logging.monitor_level, 6);
    json = config_to_json(cfg);
    cr_expect_not_null(strstr(json, "  \"logging\": {\n    \"buffered\": true,\n"
                              "    \"buffered_level\": \"warnings\",\n"
                              "    \"buffered_size\": 8192,\n    \"monitor\": true,\n"
                              "    \"monitor_level\": \"informational\"\n  },\n"), "%s", json);
    again = load(json, err);
    cr_assert_not_null(again, "%s", err);
    cr_expect(config_equal(cfg, again));
    text = running(cfg);
    cr_expect_not_null(strstr(text, "hostname switch\n!\nlogging buffered 8192 warnings\n"
                                    "logging monitor informational\n!\n"), "%s", text);
    free(text);
    /* Only what differs from the defaults. */
    cfg->logging.buffered_level = 7;
    text = running(cfg);
    cr_expect_not_null(strstr(text, "logging buffered 8192\n"), "%s", text);
    free(text);
    cfg->logging.buffered_size = 4096;
    cfg->logging.buffered_level = 3;
    text = running(cfg);
    cr_expect_not_null(strstr(text, "logging buffered errors\n"), "%s", text);
    free(text);
    cfg->logging.buffered = false;
    cfg->logging.monitor = false;
    text = running(cfg);
    cr_expect_not_null(strstr(text, "no logging buffered\nno logging monitor\n!\n"), "%s", text);
    cr_expect(!config_equal(cfg, again));
    free(text);
    free(json);
    config_free(again);
    config_free(cfg);
}

Test(config_logging, bad_values_are_refused_at_their_place)
{
    static const struct { const char *text, *err; } cases[] = {
        { "{\"version\": 1,\n \"logging\": {\"buffered_size\": 4095}}",
          "t.json:2:31: logging.buffered_size: log buffer size 4095 out of range"
          " (4096-16777216 bytes)" },
        { "{\"version\": 1,\n \"logging\": {\"buffered_size\": 16777217}}",
          "t.json:2:31: logging.buffered_size: log buffer size 16777217 out of range"
          " (4096-16777216 bytes)" },
        { "{\"version\": 1,\n \"logging\": {\"monitor_level\": \"verbose\"}}",
          "t.json:2:31: logging.monitor_level: unknown log level \"verbose\" (expected emergencies,"
          " alerts, critical, errors, warnings, notifications, informational or debugging)" },
        { "{\"version\": 1,\n \"logging\": {\"buffered\": \"no\"}}",
          "t.json:2:26: logging.buffered: expected a boolean, got a string" },
        { "{\"version\": 1,\n \"logging\": [1]}",
          "t.json:2:13: logging: expected an object, got an array" },
    };
    char err[CONFIG_ERR_MAX];

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct switch_config *cfg = load(cases[i].text, err);

        cr_expect_null(cfg, "case %zu loaded", i);
        cr_expect_str_eq(err, cases[i].err, "case %zu", i);
        config_free(cfg);
    }
}

Test(config_logging, validation_refuses_bad_values_built_in_memory)
{
    char err[CONFIG_ERR_MAX];
    struct switch_config *cfg = load("{\"version\": 1}", err);

    cr_assert_not_null(cfg, "%s", err);
    cfg->logging.buffered_level = 8;
    cr_expect(!config_validate(cfg, err, sizeof err));
    cr_expect_str_eq(err, "logging.buffered_level: log level 8 out of range (0-7)");
    cfg->logging.buffered_level = 7;
    cfg->logging.buffered_size = 100;
    cr_expect(!config_validate(cfg, err, sizeof err));
    cfg->logging.buffered_size = 4096;
    cr_expect(config_validate(cfg, err, sizeof err), "%s", err);
    config_free(cfg);
}
