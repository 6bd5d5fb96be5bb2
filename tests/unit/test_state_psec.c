/* Unit tests for port security and err-disable recovery in the daemon
 * (switchd/state_psec.c, switchd/state_errdisable.c) on the memory back end
 * (port_dummy.h), and for their JSON keys (docs/design.md sections 5.10
 * and 6.9, docs/config.md). */

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "port_dummy.h"
#include "state_fixture.h"
#include "state_private.h"
#include "state_psec.h"

#define FRAME_LEN FIXTURE_FRAME_LEN

/* vm1 secure with 'PSEC', vm2 plain, both access VLAN 10; 'EXTRA' more
 * top-level keys (with a trailing comma). */
#define PSEC_CONFIG(EXTRA, PSEC, MACS) \
    "{" EXTRA "\"bridges\": [{\"name\": \"br0\", \"vlans\": [{\"id\": 10}]," \
    " \"ports\": [{\"name\": \"vm1\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 10," \
    "              \"port_security\": " PSEC "}," \
    "            {\"name\": \"vm2\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 10}]," \
    " \"secure_macs\": [" MACS "]}]}"

TestSuite(state_psec, .init = fixture_setup, .fini = fixture_teardown);

/* A broadcast from host 'src' on vm1: whether vm2 got it. */
static bool
passes(uint8_t src)
{
    uint8_t f[FRAME_LEN + 4], buf[PORT_DUMMY_FRAME_MAX];
    size_t len = fixture_frame(f, 0xff, src, 0);
    bool got = false;

    cr_assert(port_dummy_inject("vm1", f, len));
    port_dummy_run(fixture_loop);
    while (port_dummy_sent("vm2", buf, sizeof buf))
        got = true;
    return got;
}

static uint64_t
psec_drops(struct switch_state *sw)
{
    return state_port_stats(state_find_port(sw, "vm1"))->drops[BRIDGE_DROP_PORT_SECURITY];
}

Test(state_psec, maximum_two_shutdown_err_disables_and_recovery_brings_it_back)
{
    struct switch_state *sw = fixture_create(PSEC_CONFIG(
        "\"errdisable_recovery\": {\"causes\": [\"psecure-violation\"], \"interval_s\": 30},",
        "{\"enabled\": true, \"maximum\": 2}", ""));
    struct port *vm1 = state_find_port(sw, "vm1");
    struct psec_port_info info;

    cr_assert(passes(1));
    cr_assert(passes(2));
    cr_assert(passes(1));
    cr_assert(!passes(3), "a third source is refused at once");
    cr_assert_eq(psec_drops(sw), 1);
    cr_assert(state_port_psec(sw, vm1, &info));
    cr_assert_eq(info.violations, 1);
    cr_assert_eq(info.n_total, 2);
    cr_assert_eq(state_port_status(sw, vm1), STATE_PORT_CONNECTED, "until the tick");

    state_psec_tick(sw);
    cr_assert_eq(state_port_status(sw, vm1), STATE_PORT_ERR_DISABLED);
    cr_assert_str_eq(state_port_err_disabled_cause(vm1), "psecure-violation");
    state_port_psec(sw, vm1, &info);
    cr_assert_eq(info.n_total, 0, "dynamic addresses go with the port");
    cr_assert(!passes(1), "err-disabled: nothing in");

    /* Not yet: the interval has not passed. */
    cr_assert_gt(state_port_err_recovery_left_ms(sw, vm1), 25000);
    state_errdisable_tick(sw);
    cr_assert_eq(state_port_status(sw, vm1), STATE_PORT_ERR_DISABLED);
    /* 30 s later (the port went down that long ago). */
    vm1->link.err_since_ms -= 30000;
    cr_assert_eq(state_port_err_recovery_left_ms(sw, vm1), 0);
    state_errdisable_tick(sw);
    cr_assert_eq(state_port_status(sw, vm1), STATE_PORT_CONNECTED);
    cr_assert_null(state_port_err_disabled_cause(vm1));
    cr_assert_eq(state_port_err_recovery_left_ms(sw, vm1), -1);
    cr_assert(passes(3), "back, and learning afresh");
    cr_assert(passes(1));
    cr_assert(!passes(2));
}

Test(state_psec, no_recovery_without_the_cause)
{
    struct switch_state *sw = fixture_create(PSEC_CONFIG(
        "\"errdisable_recovery\": {\"causes\": [\"bpduguard\"], \"interval_s\": 30},",
        "{\"enabled\": true}", ""));
    struct port *vm1 = state_find_port(sw, "vm1");

    cr_assert(passes(1));
    cr_assert(!passes(2), "maximum 1 by default");
    state_psec_tick(sw);
    cr_assert_eq(state_port_status(sw, vm1), STATE_PORT_ERR_DISABLED, "shutdown by default");
    vm1->link.err_since_ms -= 3600000;
    cr_assert_eq(state_port_err_recovery_left_ms(sw, vm1), -1);
    state_errdisable_tick(sw);
    cr_assert_eq(state_port_status(sw, vm1), STATE_PORT_ERR_DISABLED);
}

Test(state_psec, restrict_and_protect_drop_and_stay_up)
{
    struct switch_state *sw = fixture_create(PSEC_CONFIG(
        "", "{\"enabled\": true, \"violation\": \"restrict\"}", ""));
    struct port *vm1 = state_find_port(sw, "vm1");
    struct psec_port_info info;
    char err[256];

    cr_assert(passes(1));
    cr_assert(!passes(2));
    cr_assert(!passes(2));
    state_psec_tick(sw);
    cr_assert_eq(state_port_status(sw, vm1), STATE_PORT_CONNECTED);
    state_port_psec(sw, vm1, &info);
    cr_assert_eq(info.violations, 2);
    cr_assert_eq(psec_drops(sw), 2);

    cr_assert_eq(fixture_apply(sw, PSEC_CONFIG("", "{\"enabled\": true, \"violation\": \"protect\"}",
                                               ""), 0, err, sizeof err), 0, "%s", err);
    cr_assert(passes(1), "the address survives a change of violation mode");
    cr_assert(!passes(2));
    state_port_psec(sw, vm1, &info);
    cr_assert_eq(info.violations, 2, "protect counts no violation");
    cr_assert_eq(psec_drops(sw), 3);

    cr_assert_eq(fixture_apply(sw, PSEC_CONFIG("", "{\"enabled\": false}", ""), 0, err,
                               sizeof err), 0, "%s", err);
    cr_assert(!state_port_psec(sw, vm1, &info));
    cr_assert(passes(2), "not secure: everything passes");
}

Test(state_psec, configured_addresses_and_sticky_learning_reach_running_config)
{
    struct switch_state *sw = fixture_create(PSEC_CONFIG(
        "", "{\"enabled\": true, \"maximum\": 3, \"mac_address_sticky\": true}",
        "{\"port\": \"vm1\", \"mac\": \"52:54:00:00:00:07\", \"vlan\": 10}"));
    const struct config_bridge *cb;
    struct state_psec_addr a[4];
    char *json;

    cr_assert(passes(7), "configured");
    cr_assert(passes(1), "learnt sticky");
    state_psec_tick(sw);
    cb = &state_config(sw)->bridges[0];
    cr_assert_eq(cb->n_secure_macs, 2);
    cr_assert(cb->secure_macs[1].sticky);
    cr_assert_eq(cb->secure_macs[1].mac[5], 1);
    cr_assert_eq(cb->secure_macs[1].vlan, 10);
    cr_assert_str_eq(cb->secure_macs[1].port, "vm1");
    json = config_to_json(state_config(sw));
    cr_assert_not_null(json);
    cr_assert(strstr(json, "\"sticky\": true"), "%s", json);
    free(json);
    cr_assert_eq(state_psec_addresses(sw, NULL, a, 4), 2);
    cr_assert_eq(a[0].addr.type, PSEC_STICKY);
    cr_assert_eq(a[1].addr.type, PSEC_CONFIGURED);
    cr_assert(passes(2));
    cr_assert(!passes(3), "maximum 3 counts configured and sticky ones");
    cr_assert_eq(state_psec_clear_dynamic(sw, NULL, 0, NULL), 0, "no dynamic ones");
}

Test(state_psec, shutdown_forgets_dynamic_addresses)
{
    const char *on = PSEC_CONFIG("", "{\"enabled\": true, \"maximum\": 2}", "");
    const char *off = PSEC_CONFIG("", "{\"enabled\": true, \"maximum\": 2}, \"enabled\": false", "");
    struct switch_state *sw = fixture_create(on);
    char err[256];

    cr_assert(passes(1));
    cr_assert(passes(2));
    cr_assert(!passes(3));
    cr_assert_eq(fixture_apply(sw, off, 0, err, sizeof err), 0, "%s", err);
    cr_assert_eq(fixture_apply(sw, on, 0, err, sizeof err), 0, "%s", err);
    cr_assert(passes(3), "learning afresh after shutdown / no shutdown");
    cr_assert(passes(4));
    cr_assert(!passes(1));
}

/* `clear port-security sticky` right after learning (before the tick)
 * edits a configuration that must already hold the new sticky address. */
Test(state_psec, save_sticky_before_the_tick)
{
    struct switch_state *sw = fixture_create(PSEC_CONFIG(
        "", "{\"enabled\": true, \"maximum\": 3, \"mac_address_sticky\": true}", ""));

    cr_assert(passes(1), "learnt sticky");
    cr_assert_eq(state_config(sw)->bridges[0].n_secure_macs, 0, "saved before the tick");
    state_psec_save_sticky(sw);
    cr_assert_eq(state_config(sw)->bridges[0].n_secure_macs, 1);
    cr_assert(state_config(sw)->bridges[0].secure_macs[0].sticky);
    state_psec_tick(sw);
    cr_assert_eq(state_config(sw)->bridges[0].n_secure_macs, 1, "saved twice");
}

static void
refused(const char *json, const char *what)
{
    char err[CONFIG_ERR_MAX] = "";
    struct switch_config *cfg = config_parse_string(json, "t.json", err, sizeof err);

    cr_assert_null(cfg, "accepted: %s", json);
    cr_assert(strstr(err, what), "error \"%s\" lacks \"%s\"", err, what);
}

Test(state_psec, bad_json_refused_with_a_clear_error)
{
    refused(PSEC_CONFIG("", "{\"maximum\": 0}", ""), "invalid port-security maximum 0");
    refused(PSEC_CONFIG("", "{\"maximum\": 4097}", ""), "invalid port-security maximum");
    refused(PSEC_CONFIG("", "{\"violation\": \"explode\"}", ""), "unknown violation mode");
    refused(PSEC_CONFIG("", "{\"aging_time_min\": 1441}", ""), "aging time 1441");
    refused(PSEC_CONFIG("", "{\"aging_type\": \"sometimes\"}", ""), "unknown aging type");
    refused(PSEC_CONFIG("", "{\"colour\": 1}", ""), "unknown key \"colour\"");
    refused(PSEC_CONFIG("", "{}", "{\"port\": \"vm9\", \"mac\": \"52:54:00:00:00:07\", \"vlan\": 10}"),
            "unknown port \"vm9\"");
    refused(PSEC_CONFIG("", "{}", "{\"port\": \"vm1\", \"mac\": \"01:00:5e:00:00:07\", \"vlan\": 10}"),
            "cannot be a secure address");
    refused(PSEC_CONFIG("", "{}", "{\"port\": \"vm1\", \"mac\": \"52:54:00:00:00:07\"}"),
            "missing key \"vlan\"");
    refused(PSEC_CONFIG("", "{}", "{\"port\": \"vm1\", \"mac\": \"52:54:00:00:00:07\", \"vlan\": 10},"
                                  "{\"port\": \"vm1\", \"mac\": \"52:54:00:00:00:08\", \"vlan\": 10}"),
            "too many secure MACs on port \"vm1\"");
    refused(PSEC_CONFIG("", "{\"maximum\": 2}",
                        "{\"port\": \"vm1\", \"mac\": \"52:54:00:00:00:07\", \"vlan\": 10},"
                        "{\"port\": \"vm2\", \"mac\": \"52:54:00:00:00:07\", \"vlan\": 10}"),
            "duplicate secure MAC");
    refused(PSEC_CONFIG("\"errdisable_recovery\": {\"causes\": [\"gremlins\"]},", "{}", ""),
            "unknown errdisable cause \"gremlins\"");
    refused(PSEC_CONFIG("\"errdisable_recovery\": {\"interval_s\": 0},", "{}", ""),
            "invalid errdisable recovery interval 0");
}

Test(state_psec, json_round_trip)
{
    char err[CONFIG_ERR_MAX] = "";
    struct switch_config *a = config_parse_string(PSEC_CONFIG(
        "\"errdisable_recovery\": {\"causes\": [\"storm-control\", \"bpduguard\"], \"interval_s\": 45},",
        "{\"enabled\": true, \"maximum\": 5, \"violation\": \"protect\", \"mac_address_sticky\": true,"
        " \"aging_time_min\": 7, \"aging_type\": \"inactivity\"}",
        "{\"port\": \"vm1\", \"mac\": \"52:54:00:00:00:07\", \"vlan\": 10, \"sticky\": true}"),
        "t.json", err, sizeof err);
    struct switch_config *b;
    char *json;

    cr_assert_not_null(a, "%s", err);
    json = config_to_json(a);
    cr_assert_not_null(json);
    b = config_parse_string(json, "export", err, sizeof err);
    cr_assert_not_null(b, "%s\n%s", err, json);
    cr_assert(config_equal(a, b), "%s", json);
    cr_assert_eq(b->errdisable.causes, (1u << CONFIG_ERR_STORM) | (1u << CONFIG_ERR_BPDUGUARD));
    cr_assert_eq(b->bridges[0].ports[0].psec.aging_min, 7);
    free(json);
    config_free(a);
    config_free(b);
}
