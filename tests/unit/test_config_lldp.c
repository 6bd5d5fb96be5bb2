/* The "lldp" key and the ports' "lldp_transmit"/"lldp_receive" (IOS `lldp
 * run|timer|holdtime|reinit`, `no lldp transmit|receive`): defaults,
 * errors at their key, export only when not the default, running-config
 * lines, comparison and diff. */

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

#define PORTS "\"bridges\": [{\"name\": \"br0\", \"ports\": [{\"name\": \"vm1\", \"type\": \"tap\""

Test(config_lldp, defaults_are_ioss_and_nothing_is_written_for_them)
{
    char err[CONFIG_ERR_MAX];
    struct switch_config *cfg = load("{\"version\": 1, " PORTS "}]}]}", err);
    char *json, *text;

    cr_assert_not_null(cfg, "%s", err);
    cr_expect_not(cfg->lldp.run);
    cr_expect_eq(cfg->lldp.timer_s, 30);
    cr_expect_eq(cfg->lldp.holdtime_s, 120);
    cr_expect_eq(cfg->lldp.reinit_s, 2);
    cr_expect(config_lldp_is_default(&cfg->lldp));
    cr_expect_not(cfg->bridges[0].ports[0].lldp_no_transmit);
    cr_expect_not(cfg->bridges[0].ports[0].lldp_no_receive);
    json = config_to_json(cfg);
    cr_expect_null(strstr(json, "lldp"), "%s", json);
    text = running(cfg);
    cr_expect_null(strstr(text, "lldp"), "%s", text);
    free(json);
    free(text);
    config_free(cfg);
}

Test(config_lldp, settings_load_export_and_show_in_running_config)
{
    char err[CONFIG_ERR_MAX];
    struct switch_config *cfg = load(
        "{\"version\": 1, \"lldp\": {\"run\": true, \"timer_s\": 60, \"holdtime_s\": 0,"
        " \"reinit_s\": 5}, " PORTS ", \"lldp_transmit\": false, \"lldp_receive\": false}]}]}",
        err);
    struct switch_config *back;
    char *json, *text;

    cr_assert_not_null(cfg, "%s", err);
    cr_expect(cfg->lldp.run);
    cr_expect_eq(cfg->lldp.timer_s, 60);
    cr_expect_eq(cfg->lldp.holdtime_s, 0);
    cr_expect_eq(cfg->lldp.reinit_s, 5);
    cr_expect(cfg->bridges[0].ports[0].lldp_no_transmit);
    cr_expect(cfg->bridges[0].ports[0].lldp_no_receive);
    json = config_to_json(cfg);
    cr_expect_not_null(strstr(json, "\"holdtime_s\": 0"), "%s", json);
    cr_expect_not_null(strstr(json, "\"lldp_transmit\": false"), "%s", json);
    back = load(json, err);
    cr_assert_not_null(back, "%s", err);
    cr_expect(config_equal(cfg, back));
    text = running(cfg);
    cr_expect_not_null(strstr(text, "lldp timer 60\nlldp holdtime 0\nlldp reinit 5\nlldp run\n!\n"),
                       "%s", text);
    cr_expect_not_null(strstr(text, " no lldp transmit\n no lldp receive\n"), "%s", text);
    free(json);
    free(text);
    config_free(back);
    config_free(cfg);
}

Test(config_lldp, bad_values_are_errors_at_their_key)
{
    static const struct { const char *json, *err; } cases[] = {
        { "{\"lldp\": {\"timer_s\": 4}}", "lldp.timer_s: invalid LLDP timer 4 (expected 5-65534 seconds)" },
        { "{\"lldp\": {\"timer_s\": 65535}}", "lldp.timer_s: invalid LLDP timer 65535" },
        { "{\"lldp\": {\"holdtime_s\": -1}}", "lldp.holdtime_s: invalid LLDP holdtime -1" },
        { "{\"lldp\": {\"holdtime_s\": 65536}}", "lldp.holdtime_s: invalid LLDP holdtime 65536" },
        { "{\"lldp\": {\"reinit_s\": 1}}", "lldp.reinit_s: invalid LLDP reinit delay 1 (expected 2-5 seconds)" },
        { "{\"lldp\": {\"run\": 1}}", "lldp.run:" },
        { "{\"lldp\": {\"timer\": 30}}", "lldp.timer:" },
        { "{\"lldp\": true}", "lldp:" },
        { "{" PORTS ", \"lldp_transmit\": \"no\"}]}]}", "lldp_transmit:" },
        { "{\"bridges\": [{\"name\": \"br0\", \"ports\": [{\"name\": \"Po1\", \"type\": \"bond\","
          " \"lldp_receive\": false}]}]}",
          "lldp_receive: lldp_receive given for a bond port (LLDP runs on tap, internal and"
          " system ports)" },
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[CONFIG_ERR_MAX];
        struct switch_config *cfg = load(cases[i].json, err);

        cr_expect_null(cfg, "%s loaded", cases[i].json);
        cr_expect_not_null(strstr(err, cases[i].err), "%s: got \"%s\"", cases[i].json, err);
        config_free(cfg);
    }
}

Test(config_lldp, equal_diff_and_memory_built_defaults)
{
    char err[CONFIG_ERR_MAX];
    struct switch_config *a = load("{" PORTS "}]}]}", err), *b;
    struct config_diff d;

    cr_assert_not_null(a, "%s", err);
    b = config_clone(a);
    b->lldp.run = true;
    cr_expect_not(config_equal(a, b));
    config_diff(a, b, &d);
    cr_expect(d.globals);
    cr_expect_eq(d.ports_changed, 0);
    b->lldp.run = false;
    b->bridges[0].ports[0].lldp_no_receive = true;
    config_diff(a, b, &d);
    cr_expect_not(d.globals);
    cr_expect_eq(d.ports_changed, 1);
    /* A configuration built in memory without "lldp" gets the defaults. */
    memset(&b->lldp, 0, sizeof b->lldp);
    b->lldp.run = true;
    cr_expect(config_validate(b, err, sizeof err), "%s", err);
    cr_expect(b->lldp.run);
    cr_expect_eq(b->lldp.timer_s, 30);
    cr_expect_eq(b->lldp.holdtime_s, 120);
    cr_expect_eq(b->lldp.reinit_s, 2);
    config_free(a);
    config_free(b);
}
