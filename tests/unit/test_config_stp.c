/* The spanning tree keys (switchd/config.h struct config_stp on a bridge,
 * struct config_port_stp on a port; docs/config.md): defaults, loading,
 * errors with their exact messages, validation of configs built in memory,
 * export of what was set only, comparison, diff and the round trip. */

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

#define BRIDGE "{\"version\": 1, \"bridges\": [{\"name\": \"br0\""
#define PORT ", \"ports\": [{\"name\": \"vm1\", \"type\": \"tap\""

static const char all_set[] =
    "{\"version\": 1, \"spanning_tree_mode\": \"mst\", \"bridges\": [{\"name\": \"br0\",\n"
    " \"spanning_tree\": {\"enabled\": true, \"priority\": 4096, \"hello_time_s\": 1,\n"
    "   \"max_age_s\": 10, \"forward_delay_s\": 7, \"tx_hold_count\": 3, \"protocol\": \"stp\",\n"
    "   \"portfast_default\": true, \"bpduguard_default\": true},\n"
    " \"ports\": [\n"
    "  {\"name\": \"vm1\", \"type\": \"tap\", \"spanning_tree_portfast\": false,\n"
    "   \"spanning_tree_bpduguard\": true, \"spanning_tree_bpdufilter\": false,\n"
    "   \"spanning_tree_cost\": 200000000, \"spanning_tree_port_priority\": 0,\n"
    "   \"spanning_tree_link_type\": \"shared\"},\n"
    "  {\"name\": \"eth1\", \"type\": \"system\", \"spanning_tree_portfast\": true,\n"
    "   \"spanning_tree_bpduguard\": false, \"spanning_tree_bpdufilter\": true,\n"
    "   \"spanning_tree_link_type\": \"point-to-point\"},\n"
    "  {\"name\": \"vm2\", \"type\": \"tap\"}]}]}";

Test(config_stp, absent_keys_run_no_spanning_tree_and_nothing_is_written)
{
    char err[CONFIG_ERR_MAX];
    struct switch_config *cfg = load(BRIDGE PORT "}]}]}", err);
    char *json;

    cr_assert_not_null(cfg, "%s", err);
    cr_expect(config_stp_is_default(&cfg->bridges[0].stp));
    cr_expect_not(cfg->bridges[0].stp.enabled);
    cr_expect(config_port_stp_is_default(&cfg->bridges[0].ports[0].stp));
    json = config_to_json(cfg);
    cr_assert_not_null(json);
    cr_expect_null(strstr(json, "spanning_tree"), "%s", json);
    free(json);
    config_free(cfg);
}

Test(config_stp, every_key_loads)
{
    char err[CONFIG_ERR_MAX];
    struct switch_config *cfg = load(all_set, err);
    const struct config_stp *s;
    const struct config_port_stp *p, *q, *r;

    cr_assert_not_null(cfg, "%s", err);
    s = &cfg->bridges[0].stp;
    p = &cfg->bridges[0].ports[0].stp;
    q = &cfg->bridges[0].ports[1].stp;
    r = &cfg->bridges[0].ports[2].stp;
    cr_expect_eq(cfg->inert.stp_mode, CONFIG_STP_MST);
    cr_expect(s->enabled && s->priority_set && s->force_stp);
    cr_expect_eq(s->priority, 4096);
    cr_expect_eq(s->hello_s, 1);
    cr_expect_eq(s->max_age_s, 10);
    cr_expect_eq(s->forward_delay_s, 7);
    cr_expect_eq(s->tx_hold_count, 3);
    cr_expect(s->portfast_default && s->bpduguard_default);
    /* false is `spanning-tree portfast disable`, not the default rule. */
    cr_expect_eq(p->portfast, CONFIG_STP_DISABLE);
    cr_expect_eq(p->bpduguard, CONFIG_STP_ENABLE);
    cr_expect_eq(p->bpdufilter, CONFIG_STP_DISABLE);
    cr_expect_eq(p->cost, 200000000);
    cr_expect(p->priority_set);
    cr_expect_eq(p->priority, 0);
    cr_expect_eq(p->link_type, CONFIG_STP_LINK_SHARED);
    cr_expect_eq(q->portfast, CONFIG_STP_ENABLE);
    cr_expect_eq(q->bpduguard, CONFIG_STP_DISABLE);
    cr_expect_eq(q->bpdufilter, CONFIG_STP_ENABLE);
    cr_expect_eq(q->cost, 0);
    cr_expect_not(q->priority_set);
    cr_expect_eq(q->link_type, CONFIG_STP_LINK_P2P);
    cr_expect(config_port_stp_is_default(r));
    config_free(cfg);
}

Test(config_stp, export_writes_what_was_set_and_loads_back_equal)
{
    char err[CONFIG_ERR_MAX];
    struct switch_config *cfg = load(all_set, err), *back;
    char *json;
    const char *vm2;

    cr_assert_not_null(cfg, "%s", err);
    json = config_to_json(cfg);
    cr_assert_not_null(json);
    for (const char *want = "\"spanning_tree_mode\": \"mst\"\0\"enabled\": true\0"
                            "\"priority\": 4096\0\"hello_time_s\": 1\0\"max_age_s\": 10\0"
                            "\"forward_delay_s\": 7\0\"tx_hold_count\": 3\0"
                            "\"protocol\": \"stp\"\0\"portfast_default\": true\0"
                            "\"bpduguard_default\": true\0\"spanning_tree_portfast\": false\0"
                            "\"spanning_tree_portfast\": true\0"
                            "\"spanning_tree_bpduguard\": true\0"
                            "\"spanning_tree_bpdufilter\": true\0"
                            "\"spanning_tree_cost\": 200000000\0"
                            "\"spanning_tree_port_priority\": 0\0"
                            "\"spanning_tree_link_type\": \"shared\"\0"
                            "\"spanning_tree_link_type\": \"point-to-point\"\0";
         *want; want += strlen(want) + 1)
        cr_expect_not_null(strstr(json, want), "no %s in\n%s", want, json);
    vm2 = strstr(json, "\"name\": \"vm2\"");
    cr_assert_not_null(vm2);
    while (vm2 > json && *vm2 != '{')
        vm2--;
    /* Its object alone (no object nests in a port's but "port_security"). */
    char *obj = strndup(vm2, strcspn(vm2, "}"));
    cr_assert_not_null(obj);
    cr_expect_null(strstr(obj, "spanning_tree"), "defaults written:\n%s", obj);
    free(obj);
    back = load(json, err);
    cr_assert_not_null(back, "%s", err);
    cr_expect(config_equal(cfg, back));
    free(json);
    config_free(back);
    config_free(cfg);
}

Test(config_stp, only_what_was_set_is_written_in_spanning_tree)
{
    char err[CONFIG_ERR_MAX];
    struct switch_config *cfg = load(BRIDGE ", \"spanning_tree\": {\"enabled\": false,"
                                     " \"priority\": 32768}}]}", err), *back;
    char *json;

    cr_assert_not_null(cfg, "%s", err);
    cr_expect_not(config_stp_is_default(&cfg->bridges[0].stp));
    json = config_to_json(cfg);
    cr_assert_not_null(json);
    cr_expect_not_null(strstr(json, "\"spanning_tree\": {\n        \"enabled\": false,\n"
                                    "        \"priority\": 32768\n      }"), "%s", json);
    cr_expect_null(strstr(json, "hello_time_s"), "%s", json);
    back = load(json, err);
    cr_assert_not_null(back, "%s", err);
    cr_expect(config_equal(cfg, back));
    free(json);
    config_free(back);
    config_free(cfg);
}

Test(config_stp, bad_values_are_errors_with_exact_messages)
{
    static const struct { const char *json, *err; } cases[] = {
        { BRIDGE ", \"spanning_tree\": {\"priority\": 4095}}]}",
          "t.json:1:74: bridges[0].spanning_tree.priority: invalid bridge priority 4095"
          " (expected 0-61440 in steps of 4096)" },
        { BRIDGE ", \"spanning_tree\": {\"priority\": 65536}}]}",
          "bridges[0].spanning_tree.priority: invalid bridge priority 65536 (expected 0-61440"
          " in steps of 4096)" },
        { BRIDGE ", \"spanning_tree\": {\"priority\": -4096}}]}",
          "bridges[0].spanning_tree.priority: invalid bridge priority -4096" },
        { BRIDGE ", \"spanning_tree\": {\"hello_time_s\": 0}}]}",
          "bridges[0].spanning_tree.hello_time_s: invalid hello time 0 (expected 1-10 seconds)" },
        { BRIDGE ", \"spanning_tree\": {\"hello_time_s\": 11}}]}",
          "bridges[0].spanning_tree.hello_time_s: invalid hello time 11 (expected 1-10 seconds)" },
        { BRIDGE ", \"spanning_tree\": {\"max_age_s\": 5}}]}",
          "bridges[0].spanning_tree.max_age_s: invalid max age 5 (expected 6-40 seconds)" },
        { BRIDGE ", \"spanning_tree\": {\"max_age_s\": 41}}]}",
          "bridges[0].spanning_tree.max_age_s: invalid max age 41 (expected 6-40 seconds)" },
        { BRIDGE ", \"spanning_tree\": {\"forward_delay_s\": 3}}]}",
          "bridges[0].spanning_tree.forward_delay_s: invalid forward delay 3 (expected 4-30"
          " seconds)" },
        { BRIDGE ", \"spanning_tree\": {\"forward_delay_s\": 31}}]}",
          "bridges[0].spanning_tree.forward_delay_s: invalid forward delay 31" },
        { BRIDGE ", \"spanning_tree\": {\"tx_hold_count\": 0}}]}",
          "bridges[0].spanning_tree.tx_hold_count: invalid transmit hold count 0 (expected"
          " 1-10)" },
        { BRIDGE ", \"spanning_tree\": {\"tx_hold_count\": 11}}]}",
          "bridges[0].spanning_tree.tx_hold_count: invalid transmit hold count 11" },
        { BRIDGE ", \"spanning_tree\": {\"protocol\": \"mstp\"}}]}",
          "bridges[0].spanning_tree.protocol: unknown spanning tree protocol \"mstp\""
          " (expected rstp or stp)" },
        { BRIDGE ", \"spanning_tree\": {\"enabled\": 1}}]}",
          "bridges[0].spanning_tree.enabled: expected a boolean, got an integer" },
        { BRIDGE ", \"spanning_tree\": {\"hello\": 2}}]}",
          "bridges[0].spanning_tree.hello: unknown key \"hello\"" },
        { BRIDGE ", \"spanning_tree\": true}]}",
          "bridges[0].spanning_tree: expected an object, got a boolean" },
        { BRIDGE PORT ", \"spanning_tree_cost\": 0}]}]}",
          "bridges[0].ports[0].spanning_tree_cost: invalid spanning tree cost 0 (expected"
          " 1-200000000)" },
        { BRIDGE PORT ", \"spanning_tree_cost\": 200000001}]}]}",
          "bridges[0].ports[0].spanning_tree_cost: invalid spanning tree cost 200000001" },
        { BRIDGE PORT ", \"spanning_tree_port_priority\": 8}]}]}",
          "bridges[0].ports[0].spanning_tree_port_priority: invalid port priority 8 (expected"
          " 0-240 in steps of 16)" },
        { BRIDGE PORT ", \"spanning_tree_port_priority\": 256}]}]}",
          "bridges[0].ports[0].spanning_tree_port_priority: invalid port priority 256" },
        { BRIDGE PORT ", \"spanning_tree_link_type\": \"p2p\"}]}]}",
          "bridges[0].ports[0].spanning_tree_link_type: unknown link type \"p2p\" (expected"
          " auto, point-to-point or shared)" },
        { BRIDGE PORT ", \"spanning_tree_portfast\": \"disable\"}]}]}",
          "bridges[0].ports[0].spanning_tree_portfast: expected a boolean, got a string" },
        { BRIDGE PORT ", \"spanning_tree_bpduguard\": null}]}]}",
          "bridges[0].ports[0].spanning_tree_bpduguard: expected a boolean, got null" },
        { BRIDGE PORT ", \"spanning_tree_bpdufilter\": 1}]}]}",
          "bridges[0].ports[0].spanning_tree_bpdufilter: expected a boolean, got an integer" },
        { "{\"spanning_tree_mode\": \"rstp\"}",
          "spanning_tree_mode: unknown spanning tree mode \"rstp\" (expected pvst, rapid-pvst"
          " or mst)" },
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[CONFIG_ERR_MAX];
        struct switch_config *cfg = load(cases[i].json, err);

        cr_expect_null(cfg, "%s loaded", cases[i].json);
        cr_expect_not_null(strstr(err, cases[i].err), "%s: got \"%s\"", cases[i].json, err);
        config_free(cfg);
    }
}

/* config_validate() checks what the shell and ovs-vsctl edit in memory. */
Test(config_stp, validate_checks_a_config_built_in_memory)
{
    static const struct { int field; const char *err; } cases[] = {
        { 0, "bridges[0].spanning_tree.priority: invalid bridge priority 100 (expected"
             " 0-61440 in steps of 4096)" },
        { 1, "bridges[0].spanning_tree.hello_time_s: invalid hello time 11" },
        { 2, "bridges[0].spanning_tree.max_age_s: invalid max age 41" },
        { 3, "bridges[0].spanning_tree.forward_delay_s: invalid forward delay 31" },
        { 4, "bridges[0].spanning_tree.tx_hold_count: invalid transmit hold count 11" },
        { 5, "bridges[0].ports[0].spanning_tree_cost: invalid spanning tree cost 200000001" },
        { 6, "bridges[0].ports[0].spanning_tree_port_priority: invalid port priority 17" },
        { 7, "bridges[0].ports[0].spanning_tree_link_type: unknown link type 3" },
        { 8, "bridges[0].ports[0].spanning_tree_portfast: unknown setting 3" },
    };
    char err[CONFIG_ERR_MAX];
    struct switch_config *base = load(all_set, err);

    cr_assert_not_null(base, "%s", err);
    cr_expect(config_validate(base, err, sizeof err), "%s", err);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct switch_config *cfg = config_clone(base);
        struct config_stp *s = &cfg->bridges[0].stp;
        struct config_port_stp *p = &cfg->bridges[0].ports[0].stp;

        cr_assert_not_null(cfg);
        switch (cases[i].field) {
        case 0: s->priority = 100; break;
        case 1: s->hello_s = 11; break;
        case 2: s->max_age_s = 41; break;
        case 3: s->forward_delay_s = 31; break;
        case 4: s->tx_hold_count = 11; break;
        case 5: p->cost = 200000001; break;
        case 6: p->priority = 17; break;
        case 7: p->link_type = 3; break;
        default: p->portfast = 3; break;
        }
        cr_expect_not(config_validate(cfg, err, sizeof err), "case %zu passed", i);
        cr_expect_not_null(strstr(err, cases[i].err), "case %zu: got \"%s\"", i, err);
        config_free(cfg);
    }
    config_free(base);
}

Test(config_stp, each_setting_is_compared_and_diffed_where_it_lives)
{
    char err[CONFIG_ERR_MAX];
    struct switch_config *a = load(all_set, err);
    struct config_diff d;

    cr_assert_not_null(a, "%s", err);
    for (int i = 0; i < 16; i++) {
        struct switch_config *b = config_clone(a);
        struct config_stp *s = &b->bridges[0].stp;
        struct config_port_stp *p = &b->bridges[0].ports[0].stp;
        bool port = i >= 10;

        cr_assert_not_null(b);
        switch (i) {
        case 0: s->enabled = false; break;
        case 1: s->priority = 8192; break;
        case 2: s->priority_set = false; break;
        case 3: s->hello_s = 2; break;
        case 4: s->max_age_s = 12; break;
        case 5: s->forward_delay_s = 8; break;
        case 6: s->tx_hold_count = 4; break;
        case 7: s->force_stp = false; break;
        case 8: s->portfast_default = false; break;
        case 9: s->bpduguard_default = false; break;
        case 10: p->portfast = CONFIG_STP_DEFAULT; break;
        case 11: p->bpduguard = CONFIG_STP_DISABLE; break;
        case 12: p->bpdufilter = CONFIG_STP_ENABLE; break;
        case 13: p->cost = 19; break;
        case 14: p->priority = 16; break;
        default: p->link_type = CONFIG_STP_LINK_AUTO; break;
        }
        cr_expect_not(config_equal(a, b), "edit %d not seen", i);
        config_diff(a, b, &d);
        cr_expect_eq(d.ports_changed, port ? 1u : 0u, "edit %d", i);
        cr_expect_eq(d.bridges_changed, port ? 0u : 1u, "edit %d", i);
        cr_expect_not(d.globals, "edit %d", i);
        config_free(b);
    }
    config_free(a);
}

/* docs/design.md section 5.13: the shipped default runs spanning tree, its
 * tap ports edge by the default rule (no key), so make run's VMs forward. */
Test(config_stp, shipped_default_turns_spanning_tree_on)
{
    char err[CONFIG_ERR_MAX];
    struct switch_config *cfg = config_parse_string(config_default_json, "<default>", err,
                                                    sizeof err);

    cr_assert_not_null(cfg, "%s", err);
    cr_assert_eq(cfg->n_bridges, 1);
    cr_expect(cfg->bridges[0].stp.enabled);
    cr_expect_not(cfg->bridges[0].stp.priority_set);
    for (size_t i = 0; i < cfg->bridges[0].n_ports; i++) {
        cr_expect_eq(cfg->bridges[0].ports[i].type, PORT_TYPE_TAP);
        cr_expect(config_port_stp_is_default(&cfg->bridges[0].ports[i].stp));
    }
    config_free(cfg);
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

/* (max-age before forward-time: `forward-time 7` first would be refused on
 * a bridge of max age 20, where the lines are pasted.) */
Test(config_stp, running_config_lines_as_ios_writes_them)
{
    char err[CONFIG_ERR_MAX];
    struct switch_config *cfg = load(all_set, err);
    char *text;

    cr_assert_not_null(cfg, "%s", err);
    text = running(cfg);
    /* The global lines after the bridge blocks, whose bridges they edit
     * when pasted into a switch that has none yet. */
    cr_expect_not_null(strstr(text, "spanning-tree mode mst\n!\n"), "%s", text);
    cr_expect_not_null(strstr(text, " port vm2 type tap ofport 3\n!\n"
                                    "spanning-tree portfast default\n"
                                    "spanning-tree portfast bpduguard default\n"
                                    "spanning-tree transmit hold-count 3\n"
                                    "spanning-tree vlan 1-4094\n"
                                    "spanning-tree vlan 1-4094 priority 4096\n"
                                    "spanning-tree vlan 1-4094 hello-time 1\n"
                                    "spanning-tree vlan 1-4094 max-age 10\n"
                                    "spanning-tree vlan 1-4094 forward-time 7\n!\n"), "%s", text);
    cr_expect_not_null(strstr(text, " spanning-tree portfast disable\n"
                                    " spanning-tree bpdufilter disable\n"
                                    " spanning-tree bpduguard enable\n"
                                    " spanning-tree link-type shared\n"
                                    " spanning-tree cost 200000000\n"
                                    " spanning-tree port-priority 0\n"), "%s", text);
    cr_expect_not_null(strstr(text, "interface eth1\n"), "%s", text);
    cr_expect_not_null(strstr(text, " spanning-tree portfast\n"
                                    " spanning-tree bpdufilter enable\n"
                                    " spanning-tree bpduguard disable\n"
                                    " spanning-tree link-type point-to-point\n"), "%s", text);
    free(text);
    config_free(cfg);
}

/* A bridge without settings runs none and shows no line; two bridges
 * that differ get their lines in their bridge blocks. */
Test(config_stp, running_config_of_bridges_without_or_with_different_settings)
{
    char err[CONFIG_ERR_MAX];
    struct switch_config *cfg = load("{\"bridges\": [{\"name\": \"br0\"}, {\"name\": \"br1\","
                                     " \"spanning_tree\": {\"enabled\": true}}]}", err);
    char *text;

    cr_assert_not_null(cfg, "%s", err);
    text = running(cfg);
    cr_expect_not_null(strstr(text, "bridge br1\n spanning-tree vlan 1-4094\n!\n"), "%s", text);
    cr_expect_not_null(strstr(text, "bridge br0\n!\n"), "%s", text);
    free(text);
    cfg->bridges[1].stp.enabled = false;
    text = running(cfg);
    cr_expect_null(strstr(text, "spanning-tree"), "%s", text);
    free(text);
    config_free(cfg);
}

/* Settings two bridges share are global lines after the bridge blocks,
 * the last of which leaves `(config-bridge)#` first: pasted, they are the
 * global lines, not that bridge's. */
Test(config_stp, running_config_of_bridges_that_share_settings)
{
    char err[CONFIG_ERR_MAX];
    struct switch_config *cfg = load("{\"bridges\": [{\"name\": \"br0\", \"spanning_tree\":"
                                     " {\"enabled\": true}}, {\"name\": \"br1\","
                                     " \"spanning_tree\": {\"enabled\": true}}]}", err);
    char *text;

    cr_assert_not_null(cfg, "%s", err);
    text = running(cfg);
    cr_expect_not_null(strstr(text, "bridge br0\n!\nbridge br1\n exit\n!\n"
                                    "spanning-tree vlan 1-4094\n!\n"), "%s", text);
    free(text);
    config_free(cfg);
}

/* 802.1D-2004 section 17.14 through rstp_bridge_config_check(), with the
 * defaults standing in for the timers not given, at the object's path. */
Test(config_stp, timers_must_satisfy_the_relation)
{
    static const struct { const char *json, *err; } cases[] = {
        { BRIDGE ", \"spanning_tree\": {\"max_age_s\": 40}}]}",
          "t.json:1:61: bridges[0].spanning_tree: max age 40 needs forward delay 21 or more"
          " (2 * (forward delay - 1) >= max age)" },
        { BRIDGE ", \"spanning_tree\": {\"forward_delay_s\": 4}}]}",
          "bridges[0].spanning_tree: max age 20 needs forward delay 11 or more" },
        { BRIDGE ", \"spanning_tree\": {\"hello_time_s\": 10, \"max_age_s\": 21,"
          " \"forward_delay_s\": 30}}]}",
          "bridges[0].spanning_tree: hello time 10 needs max age 22 or more"
          " (max age >= 2 * (hello time + 1))" },
    };
    char err[CONFIG_ERR_MAX];
    struct switch_config *cfg;

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cfg = load(cases[i].json, err);
        cr_expect_null(cfg, "%s loaded", cases[i].json);
        cr_expect_not_null(strstr(err, cases[i].err), "%s: got \"%s\"", cases[i].json, err);
        config_free(cfg);
    }
    /* The extremes that hold load; in memory the same check runs. */
    cfg = load(BRIDGE ", \"spanning_tree\": {\"hello_time_s\": 10, \"max_age_s\": 22,"
               " \"forward_delay_s\": 12}}]}", err);
    cr_assert_not_null(cfg, "%s", err);
    cfg->bridges[0].stp.forward_delay_s = 11;
    cr_expect_not(config_validate(cfg, err, sizeof err));
    cr_expect_str_eq(err, "bridges[0].spanning_tree: max age 22 needs forward delay 12 or more"
                     " (2 * (forward delay - 1) >= max age)");
    config_free(cfg);
}
