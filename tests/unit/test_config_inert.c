/* Unit tests for the configuration keys of issue 14's accepted IOS lines
 * (switchd/config.h): a port's "mtu" and the keys of lines with no effect
 * ("speed", "duplex", "switchport_nonegotiate", "cdp_enable",
 * "spanning_tree_portfast"), and the globals "banner_motd",
 * "cli.telnet.login_local", "cli.telnet.transport_input_telnet" (now read as
 * "cli.vty.transport_input": "telnet"),
 * "cli.console.login_local", "ip_domain_lookup", "cdp_run",
 * "spanning_tree_mode", "service_timestamps_{debug,log}_datetime_msec": loading, errors with their position,
 * validation of configs built in memory, export (written only when set),
 * comparison and diff, and the round trip. */

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

static const char all_set[] =
    "{\"banner_motd\": \"Authorized access only\\nline two\",\n"
    " \"ip_domain_lookup\": false, \"cdp_run\": false, \"spanning_tree_mode\": \"rapid-pvst\",\n"
    " \"service_timestamps_debug_datetime_msec\": true,\n"
    " \"service_timestamps_log_datetime_msec\": true,\n"
    " \"cli\": {\"telnet\": {\"login_local\": true, \"transport_input_telnet\": true},\n"
    "         \"console\": {\"login_local\": true}},\n"
    " \"bridges\": [{\"name\": \"br0\", \"ports\": [\n"
    "  {\"name\": \"vm1\", \"type\": \"tap\", \"mtu\": 9000, \"speed\": \"100\",\n"
    "   \"duplex\": \"full\", \"switchport_nonegotiate\": true, \"cdp_enable\": false,\n"
    "   \"spanning_tree_portfast\": true},\n"
    "  {\"name\": \"vm2\", \"type\": \"internal\"}]}]}";

Test(config_inert, keys_load)
{
    struct switch_config *cfg = load_ok(all_set);
    const struct config_port *p = &cfg->bridges[0].ports[0], *q = &cfg->bridges[0].ports[1];

    cr_expect_eq(p->mtu, 9000);
    cr_expect_eq(p->inert.speed, CONFIG_SPEED_100);
    cr_expect_eq(p->inert.duplex, CONFIG_DUPLEX_FULL);
    cr_expect(p->inert.nonegotiate);
    cr_expect(p->inert.no_cdp);
    cr_expect_eq(p->stp.portfast, CONFIG_STP_ENABLE);
    /* The defaults. */
    cr_expect_eq(q->mtu, 0);
    cr_expect_eq(q->inert.speed, CONFIG_SPEED_AUTO);
    cr_expect_eq(q->inert.duplex, CONFIG_DUPLEX_AUTO);
    cr_expect(!q->inert.nonegotiate && !q->inert.no_cdp);
    cr_expect_eq(q->stp.portfast, CONFIG_STP_DEFAULT);
    cr_expect_str_eq(cfg->banner_motd, "Authorized access only\nline two");
    cr_expect(cfg->telnet_login_local && cfg->transport_input == CONFIG_TRANSPORT_TELNET
              && cfg->console_login_local);
    cr_expect(cfg->inert.no_ip_domain_lookup && cfg->inert.no_cdp_run);
    cr_expect_eq(cfg->inert.stp_mode, CONFIG_STP_RAPID_PVST);
    cr_expect(cfg->inert.timestamps_debug_msec && cfg->inert.timestamps_log_msec);
    config_free(cfg);
}

Test(config_inert, bad_values_point_at_the_value)
{
    expect_error(DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"mtu\": 67}"),
                 "t.json:2:39: bridges[0].ports[0].mtu: invalid MTU 67 (expected 68-65535)");
    expect_error(DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"mtu\": 65536}"),
                 "t.json:2:39: bridges[0].ports[0].mtu: invalid MTU 65536 (expected 68-65535)");
    expect_error(DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"speed\": \"10000\"}"),
                 "t.json:2:41: bridges[0].ports[0].speed: unknown speed \"10000\""
                 " (expected auto, 10, 100 or 1000)");
    expect_error(DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"speed\": 100}"),
                 "t.json:2:41: bridges[0].ports[0].speed: expected a string, got an integer");
    expect_error(DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"duplex\": \"ful\"}"),
                 "t.json:2:42: bridges[0].ports[0].duplex: unknown duplex \"ful\""
                 " (expected auto, full or half)");
    expect_error(DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"cdp_enable\": \"no\"}"),
                 "t.json:2:46: bridges[0].ports[0].cdp_enable: expected a boolean, got a"
                 " string");
    expect_error("{\"banner_motd\": \"a ^C b\"}",
                 "t.json:1:17: banner_motd: banner contains \"^C\" (the delimiter"
                 " running-config writes it with)");
    expect_error("{\"spanning_tree_mode\": \"mstp\"}",
                 "t.json:1:24: spanning_tree_mode: unknown spanning tree mode \"mstp\""
                 " (expected pvst, rapid-pvst or mst)");
    expect_error("{\"cdp_run\": 0}", "t.json:1:13: cdp_run: expected a boolean, got an integer");
    expect_error("{\"banner_motd\": \"bell \\u0007\"}",
                 "t.json:1:17: banner_motd: banner contains a control character"
                 " (0x07)");
}

/* Only the ports with a netdev have an MTU. */
Test(config_inert, mtu_on_a_patch_or_bond_port_is_refused)
{
    expect_error("{\"bridges\": [{\"name\": \"br0\", \"ports\": [\n"
                 "{\"name\": \"p1\", \"type\": \"patch\", \"peer\": \"p2\", \"mtu\": 9000}]},\n"
                 "{\"name\": \"br1\", \"ports\": [{\"name\": \"p2\", \"type\": \"patch\","
                 " \"peer\": \"p1\"}]}]}",
                 "t.json:2:54: bridges[0].ports[0].mtu: mtu given for a patch port (only tap,"
                 " internal and system ports have a netdev)");
    expect_error(DOC_PORTS("{\"name\": \"Po1\", \"type\": \"bond\", \"mtu\": 1500}"),
                 "t.json:2:40: bridges[0].ports[0].mtu: mtu given for a bond port (only tap,"
                 " internal and system ports have a netdev)");
}

Test(config_inert, validate_checks_structs)
{
    struct switch_config *cfg = load_ok(all_set);
    char err[CONFIG_ERR_MAX];

    cr_assert(config_validate(cfg, err, sizeof err), "%s", err);
    cfg->bridges[0].ports[0].inert.speed = 7;
    cr_expect(!config_validate(cfg, err, sizeof err));
    cr_expect_str_eq(err, "bridges[0].ports[0].speed: unknown speed 7 (expected auto, 10, 100"
                     " or 1000)");
    cfg->bridges[0].ports[0].inert.speed = CONFIG_SPEED_AUTO;
    cfg->bridges[0].ports[0].mtu = 20;
    cr_expect(!config_validate(cfg, err, sizeof err));
    cr_expect_str_eq(err, "bridges[0].ports[0].mtu: invalid MTU 20 (expected 68-65535)");
    cfg->bridges[0].ports[0].mtu = 1500;
    cfg->inert.stp_mode = 9;
    cr_expect(!config_validate(cfg, err, sizeof err));
    cr_expect_str_eq(err, "spanning_tree_mode: unknown spanning tree mode 9 (expected pvst,"
                     " rapid-pvst or mst)");
    cfg->inert.stp_mode = CONFIG_STP_PVST;
    strcpy(cfg->banner_motd, "x^Cy");
    cr_expect(!config_validate(cfg, err, sizeof err));
    cr_expect_str_eq(err, "banner_motd: banner contains \"^C\" (the delimiter running-config"
                     " writes it with)");
    config_free(cfg);
}

Test(config_inert, export_writes_set_keys_only_and_loads_back_equal)
{
    struct switch_config *cfg = load_ok(all_set), *back;
    char err[CONFIG_ERR_MAX] = "";
    char *text = config_to_json(cfg);
    const char *vm2;

    cr_assert_not_null(text);
    for (const char *want = "\"mtu\": 9000\0\"speed\": \"100\"\0\"duplex\": \"full\"\0"
                            "\"switchport_nonegotiate\": true\0\"cdp_enable\": false\0"
                            "\"spanning_tree_portfast\": true\0\"login_local\": true\0"
                            "\"transport_input\": \"telnet\"\0"
                            "\"banner_motd\": \"Authorized access only\\nline two\"\0"
                            "\"ip_domain_lookup\": false\0\"cdp_run\": false\0"
                            "\"spanning_tree_mode\": \"rapid-pvst\"\0"
                            "\"service_timestamps_debug_datetime_msec\": true\0"
                            "\"service_timestamps_log_datetime_msec\": true\0";
         *want; want += strlen(want) + 1)
        cr_expect(strstr(text, want), "no %s in\n%s", want, text);
    /* vm2 has the defaults: none of the keys in its object. */
    vm2 = strstr(text, "\"name\": \"vm2\"");
    cr_assert_not_null(vm2);
    while (vm2 > text && *vm2 != '{')
        vm2--;
    cr_expect(!strstr(vm2, "\"mtu\"") && !strstr(vm2, "\"speed\"") && !strstr(vm2, "\"duplex\"")
              && !strstr(vm2, "\"cdp_enable\""), "defaults written:\n%s", vm2);
    back = config_parse_string(text, "export", err, sizeof err);
    cr_assert_not_null(back, "%s", err);
    cr_expect(config_equal(cfg, back));
    free(text);
    config_free(back);
    config_free(cfg);
}

Test(config_inert, each_key_is_compared_and_diffed)
{
    struct switch_config *a = load_ok(all_set);
    struct config_diff d;

    for (int i = 0; i < 14; i++) {
        struct switch_config *b = config_clone(a);
        struct config_port *p = &b->bridges[0].ports[0];
        bool port = true;

        cr_assert_not_null(b);
        switch (i) {
        case 0: p->mtu = 1500; break;
        case 1: p->inert.speed = CONFIG_SPEED_10; break;
        case 2: p->inert.duplex = CONFIG_DUPLEX_HALF; break;
        case 3: p->inert.nonegotiate = false; break;
        case 4: p->inert.no_cdp = false; break;
        case 5: p->stp.portfast = CONFIG_STP_DEFAULT; break;
        case 6: b->banner_motd[0] = '\0'; port = false; break;
        case 7: b->telnet_login_local = false; port = false; break;
        case 8: b->console_login_local = false; port = false; break;
        case 9: b->inert.no_ip_domain_lookup = false; port = false; break;
        case 10: b->inert.no_cdp_run = false; port = false; break;
        case 11: b->inert.stp_mode = CONFIG_STP_PVST; port = false; break;
        case 12: b->inert.timestamps_debug_msec = false; port = false; break;
        default: b->inert.timestamps_log_msec = false; port = false; break;
        }
        cr_expect(!config_equal(a, b), "edit %d not seen", i);
        config_diff(a, b, &d);
        cr_expect_eq(d.ports_changed, port ? 1u : 0u, "edit %d", i);
        cr_expect_eq(d.globals, !port, "edit %d", i);
        config_free(b);
    }
    config_free(a);
}
