/* RSTP (net/rstp.h) next to 802.1D STP bridges (802.1D-2004 section
 * 17.4, 17.24, 17.31): a simulated legacy bridge is an instance with
 * force_stp (it sends only Configuration and TCN BPDUs, and its ports wait
 * Forward Delay twice), and real BPDUs of a Linux bridge and Open vSwitch
 * (tests/unit/rstp_vectors.h) are fed to a port.  Port Protocol Migration
 * falls back to STP where a legacy bridge speaks, TCNs are acknowledged,
 * mcheck tries RSTP again. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "rstp_sim.h"
#include "rstp_vectors.h"

static struct sim s;

static void
setup(void)
{
    sim_init(&s);
}

static void
teardown(void)
{
    sim_destroy(&s);
}

static struct rstp *
legacy_bridge(int b, uint16_t priority, uint8_t addr_last)
{
    struct rstp_bridge_config cfg = RSTP_BRIDGE_CONFIG_DEFAULT;

    cfg.priority = priority;
    cfg.force_stp = true;
    memcpy(cfg.addr, (uint8_t[]) { 0x02, 0, 0, 0, 0, addr_last }, ETH_ADDR_LEN);
    return sim_bridge_cfg(&s, b, &cfg);
}

static void
set_priority(int b, uint16_t priority, bool force_stp)
{
    struct rstp_bridge_config cfg = RSTP_BRIDGE_CONFIG_DEFAULT;
    struct rstp_bridge_info info = sim_bridge_info(&s, b);
    char err[128];

    cfg.priority = priority;
    cfg.force_stp = force_stp;
    memcpy(cfg.addr, info.bridge_id.addr, ETH_ADDR_LEN);
    cr_assert_eq(rstp_set_config(s.bridges[b].rstp, &cfg, s.now_ms, err, sizeof err), 0);
    sim_run(&s);
}

static void
link_up_alone(int b, int port)
{
    cr_assert_eq(rstp_port_set_link(s.bridges[b].rstp, (uint16_t) port, true, 1000, true,
                                    s.now_ms), 0);
    sim_run(&s);
}

static void
assert_state_at(int b, int port, int secs, enum rstp_state state)
{
    cr_assert_eq(sim_state(&s, b, port), state, "bridge %d port %d after %d s: %s, not %s",
                 b, port, secs, rstp_state_name(sim_state(&s, b, port)),
                 rstp_state_name(state));
}

TestSuite(rstp_compat, .init = setup, .fini = teardown);

/* ForceProtocolVersion 0: Configuration BPDUs only, and a designated port
 * waits Forward Delay in learning (after fdWhile = Max Age from
 * DISABLED_PORT): learning at 20 s, forwarding at 35 s. */
Test(rstp_compat, force_stp_sends_config_and_waits_forward_delay)
{
    struct rstp_port_info pi;

    legacy_bridge(0, RSTP_PRIORITY_DEFAULT, 5);
    sim_port(&s, 0, 0);
    link_up_alone(0, 0);
    cr_assert(sim_bridge_info(&s, 0).force_stp);
    cr_assert_not(sim_port_info(&s, 0, 0).send_rstp);
    sim_tick(&s, 19);
    assert_state_at(0, 0, 19, RSTP_DISCARDING);
    sim_tick(&s, 1);
    assert_state_at(0, 0, 20, RSTP_LEARNING);
    sim_tick(&s, 14);
    assert_state_at(0, 0, 34, RSTP_LEARNING);
    sim_tick(&s, 1);
    assert_state_at(0, 0, 35, RSTP_FORWARDING);
    pi = sim_port_info(&s, 0, 0);
    cr_assert_eq(pi.counters.tx_rstp, 0);
    cr_assert_geq(pi.counters.tx_config, 15);
    struct rstp_bpdu b;

    cr_assert(sim_last_sent(&s, 0, 0, &b));
    cr_assert_eq(b.type, RSTP_BPDU_CONFIG);
    cr_assert_eq(b.version, 0);
    cr_assert_eq(b.port_id, 0x8001);
    cr_assert_eq(b.max_age, 20 * 256);
    cr_assert_eq(b.forward_delay, 15 * 256);
}

/* An RSTP bridge with two links to a legacy root: both its ports fall
 * back to STP within the migrate time plus a hello and send no RST BPDU
 * after; the legacy root's ports take Max Age + Forward Delay to forward.
 * Then the RSTP bridge gets the best priority: it is root, and its
 * alternate port, now designated and speaking STP, forwards only after
 * Forward Delay twice (no proposal to agree to). */
Test(rstp_compat, fallback_to_stp_and_forward_delay)
{
    sim_bridge(&s, 0, RSTP_PRIORITY_DEFAULT, 2);
    legacy_bridge(1, 4096, 1);
    for (int b = 0; b < 2; b++) {
        sim_port(&s, b, 0);
        sim_port(&s, b, 1);
    }
    sim_link(&s, 0, 0, 1, 0);
    sim_link(&s, 0, 1, 1, 1);
    cr_assert_eq(sim_role(&s, 0, 0), RSTP_ROLE_ROOT);
    cr_assert_eq(sim_role(&s, 0, 1), RSTP_ROLE_ALTERNATE);
    assert_state_at(0, 0, 0, RSTP_FORWARDING);      /* a root port: at once */
    assert_state_at(0, 1, 0, RSTP_DISCARDING);
    cr_assert(sim_port_info(&s, 0, 0).send_rstp);
    sim_tick(&s, 6);
    for (int p = 0; p < 2; p++)
        cr_assert_not(sim_port_info(&s, 0, p).send_rstp, "port %d still speaks RSTP", p);
    uint64_t rst = sim_port_info(&s, 0, 0).counters.tx_rstp
                   + sim_port_info(&s, 0, 1).counters.tx_rstp;

    /* The legacy bridge's designated ports: learning at 20 s, forwarding
     * at 35 s, whatever its RSTP neighbour says. */
    sim_tick(&s, 13);
    assert_state_at(1, 0, 19, RSTP_DISCARDING);
    sim_tick(&s, 2);
    assert_state_at(1, 0, 21, RSTP_LEARNING);
    sim_tick(&s, 15);
    assert_state_at(1, 0, 36, RSTP_FORWARDING);
    cr_assert_eq(sim_port_info(&s, 0, 0).counters.tx_rstp
                 + sim_port_info(&s, 0, 1).counters.tx_rstp, rst, "RST BPDUs after fallback");
    cr_assert_eq(sim_port_info(&s, 1, 0).counters.tx_rstp, 0);

    set_priority(0, 0, false);
    cr_assert(sim_bridge_info(&s, 0).is_root);
    cr_assert_eq(sim_role(&s, 0, 0), RSTP_ROLE_DESIGNATED);
    cr_assert_eq(sim_role(&s, 0, 1), RSTP_ROLE_DESIGNATED);
    cr_assert_eq(sim_role(&s, 1, 0), RSTP_ROLE_ROOT);
    cr_assert_eq(sim_role(&s, 1, 1), RSTP_ROLE_ALTERNATE);
    assert_state_at(0, 0, 0, RSTP_FORWARDING);      /* it was forwarding */
    assert_state_at(0, 1, 0, RSTP_DISCARDING);
    uint64_t config = sim_port_info(&s, 0, 1).counters.tx_config;

    sim_tick(&s, 14);
    assert_state_at(0, 1, 14, RSTP_DISCARDING);
    sim_tick(&s, 2);
    assert_state_at(0, 1, 16, RSTP_LEARNING);
    sim_tick(&s, 13);
    assert_state_at(0, 1, 29, RSTP_LEARNING);
    sim_tick(&s, 2);
    assert_state_at(0, 1, 31, RSTP_FORWARDING);
    assert_state_at(1, 1, 31, RSTP_DISCARDING);
    cr_assert_geq(sim_port_info(&s, 0, 1).counters.tx_config - config, 14);
    cr_assert_eq(sim_port_info(&s, 0, 1).counters.tx_rstp
                 + sim_port_info(&s, 0, 0).counters.tx_rstp, rst);
}

static bool
sent_config_with_tc_ack(int b, int port, unsigned since)
{
    struct sim_port *sp = &s.bridges[b].ports[port];

    for (unsigned i = since; i < sp->sent; i++) {
        struct rstp_bpdu bpdu;

        if (sp->sent - i > SIM_LOG)
            continue;
        cr_assert_eq(rstp_bpdu_parse(sp->log[i % SIM_LOG], RSTP_FRAME_MAX, &bpdu), 0);
        if (bpdu.type == RSTP_BPDU_CONFIG && (bpdu.flags & 0x80))
            return true;
    }
    return false;
}

/* A legacy bridge below an RSTP root detects a topology change (a port of
 * its goes forwarding) and sends TCNs on its root port until the root
 * acknowledges in a Configuration BPDU; the root floods the change to its
 * RSTP side (flush, TC in RST BPDUs). */
Test(rstp_compat, tcn_acknowledged_and_propagated)
{
    sim_bridge(&s, 0, 4096, 1);
    legacy_bridge(1, RSTP_PRIORITY_DEFAULT, 2);
    sim_bridge(&s, 2, RSTP_PRIORITY_DEFAULT, 3);
    sim_port(&s, 0, 0);
    sim_port(&s, 0, 1);
    sim_port(&s, 1, 0);
    sim_port(&s, 1, 1);
    sim_port(&s, 2, 0);
    sim_link(&s, 0, 0, 1, 0);
    sim_link(&s, 0, 1, 2, 0);
    sim_tick(&s, 100);
    cr_assert_eq(sim_role(&s, 1, 0), RSTP_ROLE_ROOT);
    assert_state_at(1, 0, 100, RSTP_FORWARDING);
    cr_assert_not(sim_port_info(&s, 0, 0).send_rstp);
    cr_assert(sim_port_info(&s, 0, 1).send_rstp);
    cr_assert_not(sim_bridge_info(&s, 0).topology_change);

    /* A host port of the legacy bridge comes up: forwarding at 35 s. */
    uint64_t root_tc = sim_bridge_info(&s, 0).topology_changes;
    unsigned root_sent = s.bridges[0].ports[0].sent;

    uint64_t tcn0 = sim_port_info(&s, 1, 0).counters.tx_tcn;
    uint64_t rx_tcn0 = sim_port_info(&s, 0, 0).counters.rx_tcn;

    s.bridges[0].ports[1].flushes = 0;
    link_up_alone(1, 1);
    sim_tick(&s, 34);
    cr_assert_eq(sim_port_info(&s, 1, 0).counters.tx_tcn, tcn0);
    sim_tick(&s, 1);
    assert_state_at(1, 1, 35, RSTP_FORWARDING);
    cr_assert_eq(sim_port_info(&s, 1, 0).counters.tx_tcn, tcn0 + 1);
    cr_assert_eq(sim_port_info(&s, 0, 0).counters.rx_tcn, rx_tcn0 + 1);
    /* The root took it: a topology change, flooded to bridge 2. */
    cr_assert_gt(sim_bridge_info(&s, 0).topology_changes, root_tc);
    struct rstp_bpdu b;

    cr_assert(sim_last_sent(&s, 0, 1, &b));
    cr_assert_eq(b.type, RSTP_BPDU_RST);
    cr_assert(b.flags & 0x01, "TC in the RST BPDU to bridge 2");
    cr_assert_eq(s.bridges[0].ports[1].flushes, 1);
    /* Acknowledged at the root's next hello at the latest; no more TCN. */
    sim_tick(&s, 2);
    cr_assert(sent_config_with_tc_ack(0, 0, root_sent));
    uint64_t tcn = sim_port_info(&s, 1, 0).counters.tx_tcn;

    cr_assert_leq(tcn, tcn0 + 2);
    sim_tick(&s, 20);
    cr_assert_eq(sim_port_info(&s, 1, 0).counters.tx_tcn, tcn);
}

/* mcheck (IOS `clear spanning-tree detected-protocols`): the port tries
 * RSTP again; a legacy peer still there takes it back to STP; a peer that
 * now speaks RSTP keeps it (a received RST BPDU is enough, section
 * 17.24). */
Test(rstp_compat, mcheck)
{
    sim_bridge(&s, 0, RSTP_PRIORITY_DEFAULT, 2);
    legacy_bridge(1, 4096, 1);
    sim_port(&s, 0, 0);
    sim_port(&s, 1, 0);
    sim_link(&s, 0, 0, 1, 0);
    sim_tick(&s, 6);
    cr_assert_not(sim_port_info(&s, 0, 0).send_rstp);

    cr_assert_eq(rstp_port_mcheck(s.bridges[0].rstp, 0, s.now_ms), 0);
    cr_assert(sim_port_info(&s, 0, 0).send_rstp);
    sim_tick(&s, 6);
    cr_assert_not(sim_port_info(&s, 0, 0).send_rstp);
    /* mcheck on a bridge that forces STP changes nothing. */
    cr_assert_eq(rstp_port_mcheck(s.bridges[1].rstp, 0, s.now_ms), 0);
    cr_assert_not(sim_port_info(&s, 1, 0).send_rstp);
    cr_assert_eq(rstp_port_mcheck(s.bridges[0].rstp, 7, s.now_ms), ENOENT);

    /* The peer turns RSTP on: both speak RSTP again, and stay. */
    set_priority(1, 4096, false);
    cr_assert(sim_port_info(&s, 1, 0).send_rstp);
    sim_tick(&s, 4);
    cr_assert(sim_port_info(&s, 0, 0).send_rstp);
    uint64_t rst = sim_port_info(&s, 1, 0).counters.tx_rstp;

    sim_tick(&s, 20);
    cr_assert(sim_port_info(&s, 0, 0).send_rstp);
    cr_assert(sim_port_info(&s, 1, 0).send_rstp);
    cr_assert_gt(sim_port_info(&s, 1, 0).counters.tx_rstp, rst);
}

/* Open vSwitch's proposal (captured) on a port of a bridge with a worse
 * ID: the port becomes root port, forwards, and answers at once with an
 * RST BPDU of role root carrying the agreement. */
Test(rstp_compat, agrees_to_ovs_proposal)
{
    struct rstp_bpdu b;

    sim_bridge(&s, 0, RSTP_PRIORITY_DEFAULT, 5);
    sim_port(&s, 0, 0);
    sim_port(&s, 0, 1);
    link_up_alone(0, 0);
    link_up_alone(0, 1);
    cr_assert_eq(sim_inject(&s, 0, 0, OVS_RST_PROPOSAL, sizeof OVS_RST_PROPOSAL), 0);
    cr_assert_eq(sim_role(&s, 0, 0), RSTP_ROLE_ROOT);
    assert_state_at(0, 0, 0, RSTP_FORWARDING);
    cr_assert(sim_last_sent(&s, 0, 0, &b));
    cr_assert_eq(b.type, RSTP_BPDU_RST);
    cr_assert_eq(b.flags & 0x0c, 0x08, "role root");
    cr_assert(b.flags & 0x40, "agreement");
    cr_assert_eq(b.root_id.addr[5], 0x0b);
    cr_assert_eq(b.root_path_cost, 20000);
    cr_assert_eq(b.message_age, 256);
    /* The other port is designated for the new root, and proposes. */
    cr_assert(sim_last_sent(&s, 0, 1, &b));
    cr_assert_eq(b.flags & 0x0e, 0x0e);
    cr_assert_eq(b.root_id.addr[5], 0x0b);
}

/* A Linux bridge's Configuration BPDUs (captured; our bridge is better):
 * after the migrate time the port answers in Configuration BPDUs a Linux
 * bridge reads (version 0, 35 bytes, 802.3 length 38). */
Test(rstp_compat, answers_linux_in_config_bpdus)
{
    sim_bridge(&s, 0, RSTP_PRIORITY_DEFAULT, 5);
    sim_port(&s, 0, 0);
    link_up_alone(0, 0);
    for (int i = 0; i < 4; i++) {
        cr_assert_eq(sim_inject(&s, 0, 0, LINUX_CONFIG, sizeof LINUX_CONFIG), 0);
        sim_tick(&s, 2);
    }
    struct rstp_port_info pi = sim_port_info(&s, 0, 0);
    struct rstp_bpdu b;
    struct sim_port *sp = &s.bridges[0].ports[0];

    cr_assert_not(pi.send_rstp);
    cr_assert_eq(pi.role, RSTP_ROLE_DESIGNATED);
    cr_assert_eq(pi.counters.rx_config, 4);
    cr_assert_gt(pi.counters.tx_config, 0);
    cr_assert(sim_last_sent(&s, 0, 0, &b));
    cr_assert_eq(b.type, RSTP_BPDU_CONFIG);
    cr_assert_eq(sp->log[(sp->sent - 1) % SIM_LOG][12], 0);
    cr_assert_eq(sp->log[(sp->sent - 1) % SIM_LOG][13], 38);
    cr_assert_eq(sp->log[(sp->sent - 1) % SIM_LOG][19], 0);
    cr_assert_eq(b.bridge_id.addr[5], 5);
    /* Forwarding only through Forward Delay: Linux never agrees.  Learning
     * at 20 s (fdWhile = Max Age from link up), forwarding 15 s later. */
    uint64_t rst = sim_port_info(&s, 0, 0).counters.tx_rstp;

    cr_assert_leq(rst, 3, "RST BPDUs in the migrate time and a hello");
    for (int t = 8; t < 40; t += 2) {
        cr_assert_eq(sim_inject(&s, 0, 0, LINUX_CONFIG, sizeof LINUX_CONFIG), 0);
        assert_state_at(0, 0, t, t < 20 ? RSTP_DISCARDING
                                 : t < 35 ? RSTP_LEARNING : RSTP_FORWARDING);
        sim_tick(&s, 2);
    }
    cr_assert_eq(sim_port_info(&s, 0, 0).counters.tx_rstp, rst, "no RST after fallback");
}

/* A Configuration BPDU of the port's own (looped back) is dropped
 * (802.1D-2004 section 9.3.4 a). */
Test(rstp_compat, own_config_bpdu_ignored)
{
    legacy_bridge(0, RSTP_PRIORITY_DEFAULT, 5);
    sim_port(&s, 0, 0);
    link_up_alone(0, 0);
    sim_tick(&s, 2);
    struct sim_port *sp = &s.bridges[0].ports[0];
    uint8_t own[RSTP_FRAME_MAX];

    cr_assert_gt(sp->sent, 0);
    memcpy(own, sp->log[(sp->sent - 1) % SIM_LOG], sizeof own);
    cr_assert_eq(sim_inject(&s, 0, 0, own, sizeof own), 0);
    cr_assert_eq(sim_port_info(&s, 0, 0).counters.rx_config, 0);
    cr_assert_eq(sim_port_info(&s, 0, 0).counters.rx_filtered, 1);
    cr_assert_eq(sim_role(&s, 0, 0), RSTP_ROLE_DESIGNATED);
}

/* An RST BPDU whose Port Role is Unknown is taken as a Configuration
 * BPDU (section 9.2.9): designated information, heard. */
Test(rstp_compat, unknown_role_as_config)
{
    uint8_t f[sizeof OVS_RST_PROPOSAL];

    sim_bridge(&s, 0, RSTP_PRIORITY_DEFAULT, 5);
    sim_port(&s, 0, 0);
    link_up_alone(0, 0);
    memcpy(f, OVS_RST_PROPOSAL, sizeof f);
    f[21] = 0x00;
    cr_assert_eq(sim_inject(&s, 0, 0, f, sizeof f), 0);
    cr_assert_eq(sim_role(&s, 0, 0), RSTP_ROLE_ROOT);
    cr_assert_eq(sim_bridge_info(&s, 0).root_id.addr[5], 0x0b);
    cr_assert_eq(sim_port_info(&s, 0, 0).counters.rx_rstp, 1);
}

/* What we send in the peers' place is what they sent, field by field:
 * set up as Open vSwitch was (address 00:00:00:00:00:0b, priority 32768,
 * port 1, default times), our first RST BPDU on a port coming up is its
 * proposal byte for byte but the source address; set up as the Linux
 * bridge (its address, STP) our Configuration BPDU as root is its own but
 * the Forward Delay (Linux ran 4 s, which 802.1D-2004 section 17.14 does
 * not allow with Max Age 20). */
Test(rstp_compat, our_bpdus_match_the_peers)
{
    struct rstp_bridge_config cfg = RSTP_BRIDGE_CONFIG_DEFAULT;
    struct rstp_port_config pc = sim_port_default(0, 0);
    struct sim_port *sp = &s.bridges[0].ports[0];

    memcpy(cfg.addr, OVS_RST_PROPOSAL + 24, ETH_ADDR_LEN);
    sim_bridge_cfg(&s, 0, &cfg);
    memcpy(pc.src_addr, OVS_RST_PROPOSAL + 6, ETH_ADDR_LEN);
    sim_port_cfg(&s, 0, 0, &pc);
    link_up_alone(0, 0);
    cr_assert_eq(sp->sent, 1);
    for (size_t i = 0; i < RSTP_FRAME_MAX; i++)
        cr_assert_eq(sp->log[0][i], i < sizeof OVS_RST_PROPOSAL ? OVS_RST_PROPOSAL[i] : 0,
                     "byte %zu", i);

    memcpy(cfg.addr, LINUX_CONFIG + 24, ETH_ADDR_LEN);
    cfg.force_stp = true;
    sim_bridge_cfg(&s, 1, &cfg);
    pc = sim_port_default(1, 0);
    memcpy(pc.src_addr, LINUX_CONFIG + 6, ETH_ADDR_LEN);
    sim_port_cfg(&s, 1, 0, &pc);
    link_up_alone(1, 0);
    sp = &s.bridges[1].ports[0];
    cr_assert_eq(sp->sent, 1);
    for (size_t i = 0; i < RSTP_FRAME_MAX; i++) {
        if (i == 50)                /* Forward Delay, high byte: 15 s, not 4 s */
            cr_assert_eq(sp->log[0][i], 15);
        else
            cr_assert_eq(sp->log[0][i], i < sizeof LINUX_CONFIG ? LINUX_CONFIG[i] : 0,
                         "byte %zu", i);
    }
}
