/* Unit tests for a port's "storm_control" key (switchd/config.h struct
 * config_storm, docs/config.md): loading with the falling level's default,
 * errors with their position, validation of configs built in memory,
 * export (written only when set), comparison and diff.  The random round
 * trip of tests/unit/config_gen.c covers it too. */

#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "config.h"

#define DOC_PORTS(ports)     "{\"bridges\": [{\"name\": \"br0\", \"ports\": [\n" ports "]}]}"

static struct switch_config *
load_ok(const char *json)
{
    char err[CONFIG_ERR_MAX] = "";
    struct switch_config *cfg = config_parse_string(json, "t.json", err, sizeof err);

    cr_assert_not_null(cfg, "config did not load: %s\n%s", err, json);
    return cfg;
}

static void
expect_error(const char *json, const char *want)
{
    char err[CONFIG_ERR_MAX] = "";
    struct switch_config *cfg = config_parse_string(json, "t.json", err, sizeof err);

    cr_expect_null(cfg, "loaded:\n%s", json);
    cr_expect_str_eq(err, want, "\n%s\n got: %s\nwant: %s", json, err, want);
    config_free(cfg);
}

static const char storm_set[] = DOC_PORTS(
    "  {\"name\": \"vm1\", \"type\": \"tap\", \"storm_control\": {\n"
    "    \"broadcast\": {\"rising_pps\": 1000, \"falling_pps\": 500},\n"
    "    \"unicast\": {\"rising_pps\": 20000},\n"
    "    \"action_shutdown\": true, \"action_trap\": true}},\n"
    "  {\"name\": \"vm2\", \"type\": \"tap\"}");

Test(config_storm, keys_load_and_falling_defaults_to_rising)
{
    struct switch_config *cfg = load_ok(storm_set);
    const struct config_storm *s = &cfg->bridges[0].ports[0].storm;

    cr_expect(s->levels.level[STORM_BROADCAST].on);
    cr_expect_eq(s->levels.level[STORM_BROADCAST].rising_pps, 1000);
    cr_expect_eq(s->levels.level[STORM_BROADCAST].falling_pps, 500);
    cr_expect_not(s->levels.level[STORM_MULTICAST].on);
    cr_expect_eq(s->levels.level[STORM_UNICAST].falling_pps, 20000);
    cr_expect(s->action_shutdown);
    cr_expect(s->action_trap);
    cr_expect(config_storm_is_default(&cfg->bridges[0].ports[1].storm));
    config_free(cfg);
}

Test(config_storm, bad_values_point_at_the_value)
{
    expect_error(DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"storm_control\": "
                           "{\"broadcast\": {\"rising_pps\": 10, \"falling_pps\": 20}}}"),
                 "t.json:2:97: bridges[0].ports[0].storm_control.broadcast.falling_pps:"
                 " falling level 20 is above the rising level 10");
    expect_error(DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"storm_control\": "
                           "{\"unicast\": {\"rising_pps\": -1}}}"),
                 "t.json:2:76: bridges[0].ports[0].storm_control.unicast.rising_pps:"
                 " invalid rate -1 (expected 0-10000000000 packets per second)");
    expect_error(DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"storm_control\": "
                           "{\"unicast\": {\"rising_pps\": 10000000001}}}"),
                 "t.json:2:76: bridges[0].ports[0].storm_control.unicast.rising_pps:"
                 " invalid rate 10000000001 (expected 0-10000000000 packets per second)");
    expect_error(DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"storm_control\": "
                           "{\"multicast\": {\"falling_pps\": 1}}}"),
                 "t.json:2:63: bridges[0].ports[0].storm_control.multicast:"
                 " missing key \"rising_pps\"");
    expect_error(DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"storm_control\": "
                           "{\"anycast\": {\"rising_pps\": 1}}}"),
                 "t.json:2:50: bridges[0].ports[0].storm_control.anycast: unknown key \"anycast\"");
    expect_error(DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"storm_control\": "
                           "{\"action_trap\": \"yes\"}}"),
                 "t.json:2:65: bridges[0].ports[0].storm_control.action_trap:"
                 " expected a boolean, got a string");
    expect_error(DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"storm_control\": 5}"),
                 "t.json:2:49: bridges[0].ports[0].storm_control: expected an object, got an integer");
}

Test(config_storm, validate_checks_structs)
{
    struct switch_config *cfg = load_ok(storm_set);
    char err[CONFIG_ERR_MAX] = "";

    cfg->bridges[0].ports[1].storm.levels.level[STORM_MULTICAST] =
        (struct storm_level) { true, 5, 6 };
    cr_expect_not(config_validate(cfg, err, sizeof err));
    cr_expect_str_eq(err, "bridges[0].ports[1].storm_control.multicast.falling_pps:"
                          " falling level 6 is above the rising level 5");
    cfg->bridges[0].ports[1].storm.levels.level[STORM_MULTICAST].falling_pps = 5;
    cr_expect(config_validate(cfg, err, sizeof err), "%s", err);
    config_free(cfg);
}

Test(config_storm, export_writes_set_keys_only_and_loads_back_equal)
{
    struct switch_config *cfg = load_ok(storm_set), *back;
    char err[CONFIG_ERR_MAX] = "";
    char *json = config_to_json(cfg);

    cr_assert_not_null(json);
    cr_expect_not_null(strstr(json, "\"storm_control\": {\n"
                                    "            \"action_shutdown\": true,\n"
                                    "            \"action_trap\": true,\n"
                                    "            \"broadcast\": {\n"
                                    "              \"falling_pps\": 500,\n"
                                    "              \"rising_pps\": 1000\n"), "%s", json);
    /* vm2 has none: one "storm_control" in all. */
    cr_expect_null(strstr(strstr(json, "storm_control") + 1, "storm_control"), "%s", json);
    back = config_parse_string(json, "export", err, sizeof err);
    cr_assert_not_null(back, "%s", err);
    cr_expect(config_equal(cfg, back));
    free(json);
    config_free(back);
    config_free(cfg);
}

Test(config_storm, each_setting_is_compared_and_diffed)
{
    struct switch_config *a = load_ok(storm_set), *b = config_clone(a);
    struct config_diff d;

    cr_assert_not_null(b);
    cr_expect(config_equal(a, b));
    b->bridges[0].ports[0].storm.levels.level[STORM_BROADCAST].falling_pps = 400;
    cr_expect_not(config_equal(a, b));
    config_diff(a, b, &d);
    cr_expect_eq(d.ports_changed, 1);
    b->bridges[0].ports[0].storm = a->bridges[0].ports[0].storm;
    b->bridges[0].ports[0].storm.action_trap = false;
    cr_expect_not(config_equal(a, b));
    b->bridges[0].ports[0].storm = a->bridges[0].ports[0].storm;
    /* A class that is off compares equal whatever its numbers. */
    b->bridges[0].ports[0].storm.levels.level[STORM_MULTICAST].rising_pps = 7;
    cr_expect(config_equal(a, b));
    config_free(a);
    config_free(b);
}
