/* RSTP (net/rstp.h): the checks of a bridge's settings (802.1D-2004
 * section 17.14, table 17-1) and a port's, the errors of each call, port
 * removal, and that nothing leaks (ASan) whatever the order of calls. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "alloc_fail.h"
#include "rstp_sim.h"

static struct rstp_bridge_config
good(void)
{
    struct rstp_bridge_config cfg = RSTP_BRIDGE_CONFIG_DEFAULT;

    cfg.addr[0] = 0x02;
    cfg.addr[5] = 1;
    return cfg;
}

static void
assert_bad(const struct rstp_bridge_config *cfg, const char *msg)
{
    char err[160] = "";

    cr_assert_eq(rstp_bridge_config_check(cfg, err, sizeof err), EINVAL, "accepted: %s", msg);
    cr_assert_str_eq(err, msg);
}

TestSuite(rstp_config);

Test(rstp_config, bridge_checks)
{
    struct rstp_bridge_config cfg = good();
    char err[160] = "";

    cr_assert_eq(rstp_bridge_config_check(&cfg, err, sizeof err), 0);
    cfg.priority = 61440;
    cfg.hello_s = 1;
    cfg.max_age_s = 40;
    cfg.forward_delay_s = 21;
    cfg.tx_hold_count = 10;
    cr_assert_eq(rstp_bridge_config_check(&cfg, err, sizeof err), 0, "%s", err);

    cfg = good();
    cfg.priority = 4095;
    assert_bad(&cfg, "invalid bridge priority 4095 (0-61440 in steps of 4096)");
    cfg.priority = 65535;
    assert_bad(&cfg, "invalid bridge priority 65535 (0-61440 in steps of 4096)");
    cfg = good();
    cfg.hello_s = 0;
    assert_bad(&cfg, "invalid hello time 0 (1-10 seconds)");
    cfg.hello_s = 11;
    assert_bad(&cfg, "invalid hello time 11 (1-10 seconds)");
    cfg = good();
    cfg.max_age_s = 5;
    assert_bad(&cfg, "invalid max age 5 (6-40 seconds)");
    cfg.max_age_s = 41;
    assert_bad(&cfg, "invalid max age 41 (6-40 seconds)");
    cfg = good();
    cfg.forward_delay_s = 3;
    assert_bad(&cfg, "invalid forward delay 3 (4-30 seconds)");
    cfg.forward_delay_s = 31;
    assert_bad(&cfg, "invalid forward delay 31 (4-30 seconds)");
    cfg = good();
    cfg.tx_hold_count = 0;
    assert_bad(&cfg, "invalid transmit hold count 0 (1-10)");
    cfg.tx_hold_count = 11;
    assert_bad(&cfg, "invalid transmit hold count 11 (1-10)");
    /* The relations of section 17.14. */
    cfg = good();
    cfg.max_age_s = 40;
    assert_bad(&cfg, "max age 40 needs forward delay 21 or more "
               "(2 * (forward delay - 1) >= max age)");
    cfg.forward_delay_s = 21;
    cr_assert_eq(rstp_bridge_config_check(&cfg, err, sizeof err), 0);
    cfg = good();
    cfg.max_age_s = 6;
    cfg.hello_s = 3;
    assert_bad(&cfg, "hello time 3 needs max age 8 or more (max age >= 2 * (hello time + 1))");
    cfg.hello_s = 2;
    cr_assert_eq(rstp_bridge_config_check(&cfg, err, sizeof err), 0);
    /* The address is an identifier only: any is taken (net/rstp.h). */
    cfg = good();
    cfg.addr[0] = 0x01;
    cr_assert_eq(rstp_bridge_config_check(&cfg, err, sizeof err), 0);
    /* A short buffer gets a cut, terminated message. */
    cfg = good();
    cfg.hello_s = 0;
    cr_assert_eq(rstp_bridge_config_check(&cfg, err, 8), EINVAL);
    cr_assert_str_eq(err, "invalid");
}

static void
nop_send(void *arg, uint16_t port_no, const uint8_t *frame, size_t len)
{
    (void) arg, (void) port_no, (void) frame, (void) len;
}

static void
count_state(void *arg, uint16_t port_no, enum rstp_state state)
{
    (void) port_no, (void) state;
    (*(int *) arg)++;
}

static void
nop_flush(void *arg, uint16_t port_no)
{
    (void) arg, (void) port_no;
}

static const struct rstp_ops ops = { nop_send, count_state, nop_flush };

Test(rstp_config, create_and_set_config)
{
    struct rstp_bridge_config cfg = good();
    struct rstp_bridge_info info;
    char err[160];
    struct rstp *r;
    int states = 0;

    cfg.max_age_s = 40;
    cr_assert_null(rstp_create(&cfg, &ops, &states, 0));
    cfg = good();
    r = rstp_create(&cfg, &ops, &states, 0);
    cr_assert_not_null(r);
    cfg.forward_delay_s = 4;
    cr_assert_eq(rstp_set_config(r, &cfg, 0, err, sizeof err), EINVAL);
    cr_assert_str_eq(err, "max age 20 needs forward delay 11 or more "
                     "(2 * (forward delay - 1) >= max age)");
    rstp_get_bridge_info(r, &info);
    cr_assert_eq(info.bridge_forward_delay_s, 15, "nothing changed");
    cfg = good();
    cfg.hello_s = 1;
    cfg.forward_delay_s = 10;
    cfg.max_age_s = 12;
    cfg.tx_hold_count = 3;
    cfg.force_stp = true;
    cfg.priority = 8192;
    cr_assert_eq(rstp_set_config(r, &cfg, 0, err, sizeof err), 0);
    rstp_get_bridge_info(r, &info);
    cr_assert_eq(info.bridge_hello_s, 1);
    cr_assert_eq(info.bridge_max_age_s, 12);
    cr_assert_eq(info.bridge_forward_delay_s, 10);
    /* The root's times, its own: the bridge is root. */
    cr_assert_eq(info.hello_s, 1);
    cr_assert_eq(info.max_age_s, 12);
    cr_assert_eq(info.forward_delay_s, 10);
    cr_assert_eq(info.tx_hold_count, 3);
    cr_assert(info.force_stp);
    cr_assert_eq(info.bridge_id.priority, 8192);
    cr_assert_eq(info.root_id.priority, 8192);
    rstp_destroy(r);
    rstp_destroy(NULL);
}

Test(rstp_config, port_errors)
{
    struct rstp_bridge_config cfg = good();
    struct rstp_port_config pc = { .id_number = 1, .priority = 128 };
    struct rstp_port_info pi;
    int states = 0;
    struct rstp *r = rstp_create(&cfg, &ops, &states, 0);

    cr_assert_eq(rstp_port_add(r, 5, &pc, 0), 0);
    cr_assert_eq(states, 1, "set_state(DISCARDING) for the new port");
    cr_assert_eq(rstp_port_add(r, 5, &pc, 0), EEXIST);
    cr_assert_eq(rstp_port_add(r, 6, &pc, 0), EINVAL, "id_number of port 5");
    pc.id_number = 0;
    cr_assert_eq(rstp_port_add(r, 6, &pc, 0), EINVAL);
    pc.id_number = RSTP_PORT_NUMBER_MAX + 1;
    cr_assert_eq(rstp_port_add(r, 6, &pc, 0), EINVAL);
    pc.id_number = RSTP_PORT_NUMBER_MAX;
    pc.priority = 129;
    cr_assert_eq(rstp_port_add(r, 6, &pc, 0), EINVAL);
    pc.priority = 255;
    cr_assert_eq(rstp_port_add(r, 6, &pc, 0), EINVAL);
    pc.priority = 240;
    pc.path_cost = RSTP_PATH_COST_MAX + 1;
    cr_assert_eq(rstp_port_add(r, 6, &pc, 0), EINVAL);
    pc.path_cost = RSTP_PATH_COST_MAX;
    cr_assert_eq(rstp_port_add(r, 6, &pc, 0), 0);
    cr_assert_eq(rstp_get_port_info(r, 6, &pi), 0);
    cr_assert_eq(pi.port_id, 0xffff);
    cr_assert_eq(pi.priority, 240);
    cr_assert_eq(pi.path_cost, RSTP_PATH_COST_MAX);

    /* The port's own id_number again is fine in set_config; another's not. */
    cr_assert_eq(rstp_port_set_config(r, 6, &pc, 0), 0);
    pc.id_number = 1;
    cr_assert_eq(rstp_port_set_config(r, 6, &pc, 0), EINVAL);
    cr_assert_eq(rstp_port_set_config(r, 7, &pc, 0), ENOENT);
    cr_assert_eq(rstp_port_set_link(r, 7, true, 0, true, 0), ENOENT);
    cr_assert_eq(rstp_port_mcheck(r, 7, 0), ENOENT);
    cr_assert_eq(rstp_port_remove(r, 7, 0), ENOENT);
    cr_assert_eq(rstp_get_port_info(r, 7, &pi), ENOENT);
    cr_assert_eq(rstp_get_port_info(r, 60000, &pi), ENOENT);

    /* Path cost from the speed when not configured. */
    pc = (struct rstp_port_config) { .id_number = 9, .priority = 128 };
    cr_assert_eq(rstp_port_add(r, 0, &pc, 0), 0);
    cr_assert_eq(rstp_port_set_link(r, 0, true, 100, false, 0), 0);
    cr_assert_eq(rstp_get_port_info(r, 0, &pi), 0);
    cr_assert_eq(pi.path_cost, 200000);
    cr_assert_not(pi.oper_p2p, "half duplex");
    cr_assert(pi.enabled);
    cr_assert_eq(rstp_port_set_link(r, 0, true, 10000, true, 0), 0);
    cr_assert_eq(rstp_get_port_info(r, 0, &pi), 0);
    cr_assert_eq(pi.path_cost, 2000);
    cr_assert(pi.oper_p2p);
    pc.admin_p2p = RSTP_P2P_NO;
    cr_assert_eq(rstp_port_set_config(r, 0, &pc, 0), 0);
    cr_assert_eq(rstp_get_port_info(r, 0, &pi), 0);
    cr_assert_not(pi.oper_p2p);

    /* Removed: its id_number is free again; a port_no far out is fine. */
    cr_assert_eq(rstp_port_remove(r, 5, 0), 0);
    cr_assert_eq(rstp_get_port_info(r, 5, &pi), ENOENT);
    pc = (struct rstp_port_config) { .id_number = 1, .priority = 128 };
    cr_assert_eq(rstp_port_add(r, 4000, &pc, 0), 0);
    rstp_destroy(r);
}

static void
collect(const struct rstp_port_info *info, void *arg)
{
    int *n = arg;

    n[n[0] + 1] = info->port_no;
    n[0]++;
}

Test(rstp_config, for_each_in_port_order)
{
    struct rstp_bridge_config cfg = good();
    int states = 0, seen[8] = { 0 };
    struct rstp *r = rstp_create(&cfg, &ops, &states, 0);

    for (int i = 0; i < 3; i++) {
        struct rstp_port_config pc = { .id_number = (uint16_t) (10 - i), .priority = 128 };

        cr_assert_eq(rstp_port_add(r, (uint16_t) (7 - 2 * i), &pc, 0), 0);
    }
    rstp_for_each_port(r, collect, seen);
    cr_assert_eq(seen[0], 3);
    cr_assert_eq(seen[1], 3);
    cr_assert_eq(seen[2], 5);
    cr_assert_eq(seen[3], 7);
    rstp_destroy(r);
}

/* Removing the root port: another port takes over (the view too). */
Test(rstp_config, remove_root_port)
{
    struct sim s;

    sim_init(&s);
    sim_bridge(&s, 0, RSTP_PRIORITY_DEFAULT, 2);
    sim_bridge(&s, 1, 4096, 1);
    for (int b = 0; b < 2; b++) {
        sim_port(&s, b, 0);
        sim_port(&s, b, 1);
    }
    sim_link(&s, 0, 0, 1, 0);
    sim_link(&s, 0, 1, 1, 1);
    cr_assert_eq(sim_bridge_info(&s, 0).root_port_no, 0);
    cr_assert_eq(rstp_port_remove(s.bridges[0].rstp, 0, s.now_ms), 0);
    s.links[0].up = false;
    sim_run(&s);
    cr_assert_eq(sim_bridge_info(&s, 0).root_port_no, 1);
    cr_assert_eq(sim_role(&s, 0, 1), RSTP_ROLE_ROOT);
    cr_assert_eq(sim_state(&s, 0, 1), RSTP_FORWARDING);
    sim_destroy(&s);
}

/* Memory short: rstp_create() gives NULL, rstp_port_add() ENOMEM with the
 * instance as it was (the port absent, the others untouched). */
Test(rstp_config, allocation_failures)
{
    struct rstp_bridge_config cfg = good();
    struct rstp_port_config pc = { .id_number = 1, .priority = 128 };
    struct rstp_port_info pi;
    int states = 0;
    struct rstp *r;

    alloc_fail_nth(1);
    cr_assert_null(rstp_create(&cfg, &ops, &states, 0));
    cr_assert(alloc_fail_fired());
    r = rstp_create(&cfg, &ops, &states, 0);
    cr_assert_not_null(r);
    cr_assert_eq(rstp_port_add(r, 2, &pc, 0), 0);
    pc.id_number = 2;
    alloc_fail_nth(1);
    cr_assert_eq(rstp_port_add(r, 9, &pc, 0), ENOMEM);
    cr_assert(alloc_fail_fired());
    cr_assert_eq(rstp_get_port_info(r, 9, &pi), ENOENT);
    cr_assert_eq(rstp_get_port_info(r, 2, &pi), 0);
    cr_assert_eq(states, 1, "no callback for the port that failed");
    cr_assert_eq(rstp_port_add(r, 9, &pc, 0), 0);
    /* A port number inside the array needs no allocation. */
    pc.id_number = 3;
    alloc_fail_nth(1);
    cr_assert_eq(rstp_port_add(r, 4, &pc, 0), 0);
    cr_assert_not(alloc_fail_fired());
    alloc_fail_nth(0);
    rstp_destroy(r);
}
