/* Unit tests for config_diff() and config_diff_format() (switchd/config.h):
 * the one-line account `copy json FILE running-config`, `reload` and
 * SIGHUP give of what an apply changes.  Hand-made edits check each count
 * and the wording; generated pairs check that the counts add up to the
 * ports and bridges on both sides. */

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "config_gen.h"
#include "util.h"

static struct switch_config *
load_ok(const char *json)
{
    char err[CONFIG_ERR_MAX] = "";
    struct switch_config *cfg = config_parse_string(json, "t.json", err, sizeof err);

    cr_assert_not_null(cfg, "config did not load: %s\n%s", err, json);
    return cfg;
}

/* The account of applying 'to_json' over 'from_json'. */
static void
assert_account(const char *from_json, const char *to_json, const char *want)
{
    struct switch_config *from = load_ok(from_json), *to = load_ok(to_json);
    struct config_diff d;
    char text[256];

    config_diff(from, to, &d);
    config_diff_format(&d, text, sizeof text);
    cr_assert_str_eq(text, want, "from %s\nto   %s", from_json, to_json);
    config_free(from);
    config_free(to);
}

#define BASE \
    "{\"bridges\": [{\"name\": \"br0\", \"vlans\": [{\"id\": 10, \"name\": \"ten\"}]," \
    " \"ports\": [{\"name\": \"a\", \"type\": \"internal\"}," \
    "            {\"name\": \"b\", \"type\": \"internal\", \"mode\": \"access\", \"access_vlan\": 10}]}," \
    " {\"name\": \"br1\", \"ports\": [{\"name\": \"c\", \"type\": \"tap\"}]}]}"

Test(config_diff, same_config_is_no_changes)
{
    assert_account(BASE, BASE, "no changes");
}

Test(config_diff, each_kind_of_change_is_counted_and_worded)
{
    /* b's VLAN, a new port d, c gone, VLAN 10 renamed, br1 gone, br2 new. */
    assert_account(BASE,
        "{\"bridges\": [{\"name\": \"br0\", \"vlans\": [{\"id\": 10, \"name\": \"TEN\"}],"
        " \"ports\": [{\"name\": \"a\", \"type\": \"internal\"},"
        "            {\"name\": \"b\", \"type\": \"internal\", \"mode\": \"access\", \"access_vlan\": 20},"
        "            {\"name\": \"d\", \"type\": \"tap\"}]},"
        " {\"name\": \"br2\"}]}",
        "1 port added, 1 port removed, 1 port changed, 1 bridge added, 1 bridge removed,"
        " 1 bridge changed");
}

Test(config_diff, plurals_and_globals)
{
    assert_account("{\"hostname\": \"one\"}",
        "{\"hostname\": \"two\", \"bridges\": [{\"name\": \"br0\", \"ports\": ["
        " {\"name\": \"a\", \"type\": \"tap\"}, {\"name\": \"b\", \"type\": \"tap\"}]},"
        " {\"name\": \"br1\"}]}",
        "2 ports added, 2 bridges added, global settings changed");
}

Test(config_diff, each_port_field_makes_the_port_changed)
{
    static const char *const edits[] = {
        "\"type\": \"tap\"",
        "\"type\": \"internal\", \"ofport\": 7",
        "\"type\": \"internal\", \"enabled\": false",
        "\"type\": \"internal\", \"description\": \"x\"",
        "\"type\": \"internal\", \"mode\": \"access\"",
        "\"type\": \"internal\", \"access_vlan\": 2",
        "\"type\": \"internal\", \"native_vlan\": null",
        "\"type\": \"internal\", \"native_tagged\": true",
        "\"type\": \"internal\", \"allowed_vlans\": \"1-10\"",
    };

    for (size_t i = 0; i < ARRAY_SIZE(edits); i++) {
        char to[256];

        snprintf(to, sizeof to, "{\"bridges\": [{\"name\": \"br0\", \"ports\": ["
                 "{\"name\": \"a\", %s}]}]}", edits[i]);
        assert_account("{\"bridges\": [{\"name\": \"br0\", \"ports\": ["
                       "{\"name\": \"a\", \"type\": \"internal\"}]}]}", to, "1 port changed");
    }
}

/* A member joining or leaving a bond, or moving to another, and each
 * setting of a bond make that one port changed. */
Test(config_diff, bond_membership_and_bond_settings_make_the_port_changed)
{
#define BONDS(po1, e1) \
    "{\"bridges\": [{\"name\": \"br0\", \"ports\": [{\"name\": \"Po1\", \"type\": \"bond\"" po1 "}," \
    " {\"name\": \"Po2\", \"type\": \"bond\"}," \
    " {\"name\": \"e1\", \"type\": \"system\"" e1 "}, {\"name\": \"e2\", \"type\": \"system\"," \
    " \"bond\": \"Po1\"}]}]}"
    static const struct { const char *to, *want; } cases[] = {
        { BONDS("", ""), "1 port changed" },                                /* e1 leaves */
        { BONDS("", ", \"bond\": \"Po2\""), "1 port changed" },              /* e1 moves */
        { BONDS(", \"bond_mode\": \"active-backup\"", ", \"bond\": \"Po1\""), "1 port changed" },
        { BONDS(", \"lacp\": \"active\"", ", \"bond\": \"Po1\""), "1 port changed" },
        { BONDS(", \"lacp_rate\": \"fast\"", ", \"bond\": \"Po1\""), "1 port changed" },
        { BONDS(", \"lacp\": \"off\", \"bond_mode\": \"balance-slb\"", ", \"bond\": \"Po1\""),
          "no changes" },                                                   /* the defaults */
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
        assert_account(BONDS("", ", \"bond\": \"Po1\""), cases[i].to, cases[i].want);
#undef BONDS
}

Test(config_diff, port_moved_to_another_bridge_is_changed_not_added)
{
    assert_account(
        "{\"bridges\": [{\"name\": \"br0\", \"ports\": [{\"name\": \"a\", \"type\": \"tap\"}]},"
        " {\"name\": \"br1\"}]}",
        "{\"bridges\": [{\"name\": \"br0\"},"
        " {\"name\": \"br1\", \"ports\": [{\"name\": \"a\", \"type\": \"tap\"}]}]}",
        "1 port changed");
}

Test(config_diff, each_bridge_setting_makes_the_bridge_changed)
{
    static const char *const edits[] = {
        "\"mac_aging_s\": 10",
        "\"mac_table_size\": 100",
        "\"vlans\": [{\"id\": 5}]",
        "\"static_macs\": [{\"mac\": \"52:54:00:00:00:01\", \"vlan\": 1, \"port\": \"a\"}]",
        "\"flows\": [\"priority=1 actions=NORMAL\"]",
    };

    for (size_t i = 0; i < ARRAY_SIZE(edits); i++) {
        char to[256];

        snprintf(to, sizeof to, "{\"bridges\": [{\"name\": \"br0\", %s, \"ports\": ["
                 "{\"name\": \"a\", \"type\": \"tap\"}]}]}", edits[i]);
        assert_account("{\"bridges\": [{\"name\": \"br0\", \"ports\": ["
                       "{\"name\": \"a\", \"type\": \"tap\"}]}]}", to, "1 bridge changed");
    }
}

Test(config_diff, each_global_setting_is_counted)
{
    static const char *const edits[] = {
        "\"hostname\": \"x\"",
        "\"vlan_dot1q_tag_native\": true",
        "\"cli\": {\"telnet\": {\"listen\": \"\"}}",
        "\"cli\": {\"telnet\": {\"idle_timeout_s\": 0}}",
        "\"cli\": {\"console\": {\"idle_timeout_s\": 0}}",
        "\"cli\": {\"users\": [{\"name\": \"u\", \"secret\": \"$6$s$uVcf.j3/2njwudIjnDEjM/a4KaoyH3dz.m1LasoJ0ArY4WVbsUPSCzu5cQNJ0IrRX8usJmgnUFAbp.Jp2mT5j.\"}]}",
        "\"cli\": {\"enable_secret\": \"$6$s$uVcf.j3/2njwudIjnDEjM/a4KaoyH3dz.m1LasoJ0ArY4WVbsUPSCzu5cQNJ0IrRX8usJmgnUFAbp.Jp2mT5j.\"}",
        "\"lacp_system_priority\": 1",
        "\"port_channel_load_balance\": \"src-dst-mac\"",
    };

    for (size_t i = 0; i < ARRAY_SIZE(edits); i++) {
        char to[256];

        snprintf(to, sizeof to, "{%s}", edits[i]);
        assert_account("{}", to, "global settings changed");
    }
}

Test(config_diff, same_ports_in_another_order_is_an_order_change)
{
    assert_account(
        "{\"bridges\": [{\"name\": \"br0\", \"ports\": [{\"name\": \"a\", \"type\": \"tap\", \"ofport\": 1},"
        " {\"name\": \"b\", \"type\": \"tap\", \"ofport\": 2}]}]}",
        "{\"bridges\": [{\"name\": \"br0\", \"ports\": [{\"name\": \"b\", \"type\": \"tap\", \"ofport\": 2},"
        " {\"name\": \"a\", \"type\": \"tap\", \"ofport\": 1}]}]}",
        "order changed");
}

Test(config_diff, account_is_cut_to_the_buffer)
{
    struct config_diff d = { .ports_added = 3, .bridges_changed = 2, .globals = true };
    char text[12];

    config_diff_format(&d, text, sizeof text);
    cr_assert_str_eq(text, "3 ports add");
}

/* Generated pairs: every port and bridge of each side is accounted for
 * exactly once (unchanged ones are counted here by name). */
static size_t
n_ports(const struct switch_config *cfg)
{
    size_t n = 0;

    for (size_t b = 0; b < cfg->n_bridges; b++)
        n += cfg->bridges[b].n_ports;
    return n;
}

static size_t
n_common_ports(const struct switch_config *a, const struct switch_config *b)
{
    size_t n = 0;

    for (size_t i = 0; i < a->n_bridges; i++)
        for (size_t p = 0; p < a->bridges[i].n_ports; p++)
            for (size_t j = 0; j < b->n_bridges; j++)
                for (size_t q = 0; q < b->bridges[j].n_ports; q++)
                    n += !strcmp(a->bridges[i].ports[p].name, b->bridges[j].ports[q].name);
    return n;
}

static size_t
n_common_bridges(const struct switch_config *a, const struct switch_config *b)
{
    size_t n = 0;

    for (size_t i = 0; i < a->n_bridges; i++)
        for (size_t j = 0; j < b->n_bridges; j++)
            n += !strcmp(a->bridges[i].name, b->bridges[j].name);
    return n;
}

Test(config_diff, generated_pairs_account_for_every_port_and_bridge)
{
    for (uint64_t seed = 1; seed <= 300; seed++) {
        struct switch_config *from = config_gen(seed), *to = config_gen(seed + 7919);
        char err[CONFIG_ERR_MAX];
        struct config_diff d, same;

        cr_assert(config_validate(from, err, sizeof err), "%s", err);
        cr_assert(config_validate(to, err, sizeof err), "%s", err);
        config_diff(from, to, &d);
        cr_assert_eq(d.ports_added + n_common_ports(from, to), n_ports(to),
                     "seed %llu", (unsigned long long) seed);
        cr_assert_eq(d.ports_removed + n_common_ports(from, to), n_ports(from),
                     "seed %llu", (unsigned long long) seed);
        cr_assert_leq(d.ports_changed, n_common_ports(from, to));
        cr_assert_eq(d.bridges_added + n_common_bridges(from, to), to->n_bridges);
        cr_assert_eq(d.bridges_removed + n_common_bridges(from, to), from->n_bridges);
        cr_assert_leq(d.bridges_changed, n_common_bridges(from, to));

        config_diff(from, from, &same);
        cr_assert(!same.ports_added && !same.ports_removed && !same.ports_changed
                  && !same.bridges_added && !same.bridges_removed && !same.bridges_changed
                  && !same.globals && !same.reordered, "seed %llu: a config differs from"
                  " itself", (unsigned long long) seed);
        config_free(from);
        config_free(to);
    }
}

/* Two configurations of 'n_bridges' bridges of 'per_bridge' ports each,
 * built in memory (config_diff() needs no validation). */
static struct switch_config *
big_config(size_t n_bridges, size_t per_bridge)
{
    struct switch_config *cfg = calloc(1, sizeof *cfg);

    cr_assert_not_null(cfg);
    snprintf(cfg->hostname, sizeof cfg->hostname, "switch");
    cfg->bridges = calloc(n_bridges, sizeof *cfg->bridges);
    cr_assert_not_null(cfg->bridges);
    cfg->n_bridges = n_bridges;
    for (size_t b = 0; b < n_bridges; b++) {
        struct config_bridge *br = &cfg->bridges[b];
        snprintf(br->name, sizeof br->name, "br%zu", b);
        br->ports = calloc(per_bridge, sizeof *br->ports);
        cr_assert_not_null(br->ports);
        br->n_ports = per_bridge;
        for (size_t p = 0; p < per_bridge; p++) {
            snprintf(br->ports[p].name, sizeof br->ports[p].name, "p%zu-%zu", b, p);
            br->ports[p].type = PORT_TYPE_TAP;
            br->ports[p].ofport = p + 1;
            br->ports[p].enabled = true;
        }
    }
    return cfg;
}

/* The account runs on the loop thread after every reload: it looked every
 * port up by scanning the other configuration (65600 ports: 18 s of the
 * loop thread for an import that changed nothing). */
Test(config_diff, many_ports_are_counted_in_no_time)
{
    struct switch_config *from = big_config(2, 20000), *to = big_config(2, 20000);
    struct config_diff d;
    struct timespec t0, t1;
    char text[256];

    /* One port changes, one moves to the other bridge, one goes, one is new. */
    to->bridges[0].ports[7].enabled = false;
    to->bridges[1].ports[9] = to->bridges[0].ports[9];
    to->bridges[0].ports[9] = to->bridges[1].ports[9];
    snprintf(to->bridges[0].ports[9].name, sizeof to->bridges[0].ports[9].name, "p1-9");
    snprintf(to->bridges[1].ports[9].name, sizeof to->bridges[1].ports[9].name, "p0-9");
    snprintf(to->bridges[1].ports[11].name, sizeof to->bridges[1].ports[11].name, "new");
    clock_gettime(CLOCK_MONOTONIC, &t0);
    config_diff(from, to, &d);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    config_diff_format(&d, text, sizeof text);
    cr_assert_str_eq(text, "1 port added, 1 port removed, 3 ports changed");
    double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    cr_assert_lt(s, 1.0, "config_diff of 2 x 20000 ports took %.2f s", s);
    config_free(from);
    config_free(to);
}
