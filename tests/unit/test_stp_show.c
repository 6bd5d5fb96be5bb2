/* The spanning tree layouts of shell/stp_show.h from made-up instances:
 * IOS's `show spanning-tree` block (root and non-root), the Type column,
 * an interface's detail and Open vSwitch's rstp/show, line for line. */

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stp_show.h"

static struct stp_show_port ports[3];
static struct stp_show_bridge bridge;

/* br0, bridge 32768.5254.0000.00aa, root 4096.5254.0000.0001 through eth1
 * (cost 4); eth2 alternate, vm1 an edge port, vm9 down. */
static void
setup(void)
{
    static const uint8_t self[6] = { 0x52, 0x54, 0, 0, 0, 0xaa };
    static const uint8_t root[6] = { 0x52, 0x54, 0, 0, 0, 0x01 };
    static const char *names[] = { "eth1", "eth2", "vm1" };

    memset(ports, 0, sizeof ports);
    for (int i = 0; i < 3; i++) {
        struct rstp_port_info *p = &ports[i].info;

        ports[i].name = names[i];
        p->port_no = i;
        p->priority = 128;
        p->port_id = 128 << 8 | (i + 1);
        p->path_cost = 4;
        p->enabled = p->oper_p2p = p->send_rstp = true;
        p->designated_root.priority = 4096;
        memcpy(p->designated_root.addr, root, 6);
        p->designated_bridge = p->designated_root;
        p->designated_port_id = 128 << 8 | 7;
        p->designated_cost = 0;
    }
    ports[0].info.role = RSTP_ROLE_ROOT, ports[0].info.state = RSTP_FORWARDING;
    ports[1].info.role = RSTP_ROLE_ALTERNATE, ports[1].info.state = RSTP_DISCARDING;
    ports[1].info.send_rstp = false;
    ports[1].info.oper_p2p = false;
    ports[2].info.role = RSTP_ROLE_DESIGNATED, ports[2].info.state = RSTP_FORWARDING;
    ports[2].info.oper_edge = true;
    ports[2].info.path_cost = 2000000;
    ports[2].bpduguard = true;
    ports[2].info.counters.tx_rstp = 11;
    bridge = (struct stp_show_bridge) {
        .name = "br0", .aging_s = 300, .ports = ports, .n_ports = 3,
        .info = {
            .bridge_id = { 32768, { 0x52, 0x54, 0, 0, 0, 0xaa } },
            .root_id = { 4096, { 0x52, 0x54, 0, 0, 0, 0x01 } },
            .root_path_cost = 4, .has_root_port = true, .root_port_no = 0,
            .hello_s = 2, .max_age_s = 20, .forward_delay_s = 15,
            .bridge_hello_s = 2, .bridge_max_age_s = 20, .bridge_forward_delay_s = 15,
            .tx_hold_count = 6, .last_topology_change_ms = -1,
        },
    };
    (void) self;
}

static char *
capture(void (*fn)(FILE *))
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);

    cr_assert_not_null(f);
    fn(f);
    fclose(f);
    return text;
}

static void brief(FILE *f) { stp_show_bridge(f, &bridge); }
static void ovs(FILE *f) { stp_show_ovs(f, &bridge); }
static void detail(FILE *f) { stp_show_port_detail(f, &bridge, &ports[2]); }

Test(stp_show, ios_block_of_a_bridge_that_is_not_root, .init = setup)
{
    char *text = capture(brief);

    cr_expect_str_eq(text,
        "\n"
        "br0\n"
        "  Spanning tree enabled protocol rstp\n"
        "  Root ID    Priority    4096\n"
        "             Address     5254.0000.0001\n"
        "             Cost        4\n"
        "             Port        1 (eth1)\n"
        "             Hello Time   2 sec  Max Age 20 sec  Forward Delay 15 sec\n"
        "\n"
        "  Bridge ID  Priority    32768  (priority 32768 sys-id-ext 0)\n"
        "             Address     5254.0000.00aa\n"
        "             Hello Time   2 sec  Max Age 20 sec  Forward Delay 15 sec\n"
        "             Aging Time  300 sec\n"
        "\n"
        "Interface           Role Sts Cost      Prio.Nbr Type\n"
        "------------------- ---- --- --------- -------- --------------------------------\n"
        "eth1                Root FWD 4         128.1    P2p\n"
        "eth2                Altn BLK 4         128.2    Shr Peer(STP)\n"
        "vm1                 Desg FWD 2000000   128.3    P2p Edge\n");
    free(text);
}

Test(stp_show, root_bridge_says_so_and_down_ports_are_left_out, .init = setup)
{
    char *text;

    bridge.info.is_root = true;
    bridge.info.has_root_port = false;
    bridge.info.root_id = bridge.info.bridge_id;
    bridge.info.force_stp = true;
    ports[0].info.enabled = false;
    text = capture(brief);
    cr_expect_not_null(strstr(text, "  Spanning tree enabled protocol ieee\n"
                                    "  Root ID    Priority    32768\n"
                                    "             Address     5254.0000.00aa\n"
                                    "             This bridge is the root\n"), "%s", text);
    cr_expect_null(strstr(text, "eth1"), "%s", text);
    /* With the bridge forced to 802.1D, no port is a Peer(STP). */
    cr_expect_not_null(strstr(text, "eth2                Altn BLK 4         128.2    Shr\n"),
                       "%s", text);
    free(text);
}

Test(stp_show, port_detail_in_ios_words, .init = setup)
{
    char *text = capture(detail);

    cr_expect_str_eq(text,
        " Port 3 (vm1) of br0 is designated forwarding\n"
        "   Port path cost 2000000, Port priority 128, Port Identifier 128.3.\n"
        "   Designated root has priority 4096, address 5254.0000.0001\n"
        "   Designated bridge has priority 4096, address 5254.0000.0001\n"
        "   Designated port id is 128.7, designated path cost 0\n"
        "   Number of transitions to forwarding state: 0\n"
        "   The port is in the portfast mode\n"
        "   Link type is point-to-point by default\n"
        "   Bpdu guard is enabled\n"
        "   BPDU: sent 11, received 0\n");
    free(text);
}

Test(stp_show, open_vswitch_rstp_show_layout, .init = setup)
{
    char *text = capture(ovs);

    cr_expect_str_eq(text,
        "---- br0 ----\n"
        "Root ID:\n"
        "  stp-priority    4096\n"
        "  stp-system-id   52:54:00:00:00:01\n"
        "  stp-hello-time  2s\n"
        "  stp-max-age     20s\n"
        "  stp-fwd-delay   15s\n"
        "  root-port       eth1\n"
        "  root-path-cost  4\n"
        "\n"
        "Bridge ID:\n"
        "  stp-priority    32768\n"
        "  stp-system-id   52:54:00:00:00:aa\n"
        "  stp-hello-time  2s\n"
        "  stp-max-age     20s\n"
        "  stp-fwd-delay   15s\n"
        "\n"
        "  Interface  Role       State      Cost     Pri.Nbr \n"
        "  ---------- ---------- ---------- -------- -------\n"
        "  eth1       Root       Forwarding 4        128.1\n"
        "  eth2       Alternate  Discarding 4        128.2\n"
        "  vm1        Designated Forwarding 2000000  128.3\n"
        "\n");
    free(text);
}
