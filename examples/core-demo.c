/* core-demo: what `make run` shows until switchd exists.
 *
 * Builds one bridge in memory with three access ports and a trunk, sends a
 * few frames through the NORMAL pipeline of net/ and prints where each one
 * went and with which tag, then the MAC table and the drop counters.  No
 * TAP, no socket: every line below is computed by the switching core. */
#include <stdio.h>
#include <string.h>

#include "bridge.h"
#include "util.h"

static const char *const port_names[] = { "vm1", "vm2", "vm3", "uplink" };

struct step {
    const char *what;
    uint16_t in_port;
    uint8_t dst[ETH_ADDR_LEN], src[ETH_ADDR_LEN];
    int vid;                    /* tag on the frame as received, -1 = none */
};

static const struct step steps[] = {
    { "vm1 ARP broadcast (VLAN 10)", 0,
      { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, { 0x52, 0x54, 0, 0, 0, 1 }, -1 },
    { "vm2 replies to vm1", 1,
      { 0x52, 0x54, 0, 0, 0, 1 }, { 0x52, 0x54, 0, 0, 0, 2 }, -1 },
    { "vm1 to vm2, now known", 0,
      { 0x52, 0x54, 0, 0, 0, 2 }, { 0x52, 0x54, 0, 0, 0, 1 }, -1 },
    { "uplink host, tag 20, to unknown MAC", 3,
      { 0x52, 0x54, 0, 0, 0, 9 }, { 0x52, 0x54, 0, 0, 0, 0x20 }, 20 },
    { "uplink, tag 30 (not allowed)", 3,
      { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, { 0x52, 0x54, 0, 0, 0, 0x30 }, 30 },
    { "vm3 sends a tagged frame (tag 20)", 2,
      { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, { 0x52, 0x54, 0, 0, 0, 3 }, 20 },
};

static void
print_tx(uint16_t port_no, const struct bridge_tx *items, unsigned n, void *arg)
{
    (void) arg;
    for (unsigned i = 0; i < n; i++) {
        if (items[i].tagged)
            printf("      -> %-6s tagged %u\n", port_names[port_no],
                   items[i].tci & VLAN_VID_MASK);
        else
            printf("      -> %-6s untagged\n", port_names[port_no]);
    }
}

int
main(void)
{
    struct bridge_config cfg = { .max_ports = 4 };
    struct bridge *b = bridge_create(&cfg);
    struct vlan_port access10, access20, trunk;
    struct mac_entry_info macs[16];
    uint32_t n_macs;

    if (!b) {
        fprintf(stderr, "core-demo: out of memory\n");
        return 1;
    }
    vlan_port_init_access(&access10, 10);
    vlan_port_init_access(&access20, 20);
    vlan_port_init_default(&trunk);
    vlan_set_parse("10,20", &trunk.allowed, NULL);
    bridge_port_add(b, 0, &access10);
    bridge_port_add(b, 1, &access10);
    bridge_port_add(b, 2, &access20);
    bridge_port_add(b, 3, &trunk);

    printf("tapswitch core demo: the switch daemon does not exist yet, so this runs\n"
           "frames through the switching core (net/) in memory; no TAP is created.\n\n"
           "bridge br0: vm1, vm2 access VLAN 10; vm3 access VLAN 20;\n"
           "            uplink trunk, allowed 10,20, native VLAN 1 untagged\n\n");

    for (size_t i = 0; i < ARRAY_SIZE(steps); i++) {
        const struct step *s = &steps[i];
        uint8_t buf[FRAME_HEADROOM + 64] = { 0 };
        uint8_t *d = buf + FRAME_HEADROOM;
        uint32_t len = 60;
        struct frame f, *fp = &f;

        memcpy(d, s->dst, ETH_ADDR_LEN);
        memcpy(d + ETH_ADDR_LEN, s->src, ETH_ADDR_LEN);
        d[12] = 0x08; d[13] = 0x06;
        frame_init(&f, buf, FRAME_HEADROOM, len);
        if (s->vid >= 0)
            frame_push_vlan(&f, ETH_TYPE_VLAN, s->vid);

        printf("  %zu. %s, in on %s\n", i + 1, s->what, port_names[s->in_port]);
        struct bridge_port_stats before = *bridge_port_stats(b, s->in_port);
        bridge_input(b, s->in_port, &fp, 1, 1000 * (int64_t) i);
        const struct bridge_port_stats *after = bridge_port_stats(b, s->in_port);
        for (int r = 0; r < BRIDGE_N_DROPS; r++)
            if (after->drops[r] != before.drops[r])
                printf("      dropped: %s\n", bridge_drop_name(r));
        bridge_tx_flush(b, print_tx, NULL);
    }

    n_macs = mac_table_collect(bridge_mac_table(b), macs, 16);
    printf("\n          Mac Address Table\n-------------------------------------------\n\n"
           "Vlan    Mac Address       Type        Ports\n"
           "----    -----------       --------    -----\n");
    for (uint32_t i = 0; i < n_macs && i < 16; i++) {
        const uint8_t *m = macs[i].mac;
        printf("%4u    %02x%02x.%02x%02x.%02x%02x    %-8s    %s\n", macs[i].vid,
               m[0], m[1], m[2], m[3], m[4], m[5],
               macs[i].is_static ? "STATIC" : "DYNAMIC", port_names[macs[i].port]);
    }
    printf("Total Mac Addresses for this criterion: %u\n", n_macs);
    bridge_destroy(b);
    return 0;
}
