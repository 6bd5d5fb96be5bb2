/* Port security (net/port_security.h): IOS's rules of docs/design.md
 * section 5.11, on the table alone and through a bridge's NORMAL. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "bridge.h"
#include "port_security.h"
#include "util.h"

static struct psec_table *t;

static const uint8_t MAC_A[6] = { 0x52, 0x54, 0, 0, 0, 0x0a };
static const uint8_t MAC_B[6] = { 0x52, 0x54, 0, 0, 0, 0x0b };
static const uint8_t MAC_C[6] = { 0x52, 0x54, 0, 0, 0, 0x0c };
static const uint8_t MAC_D[6] = { 0x52, 0x54, 0, 0, 0, 0x0d };

static void
setup(void)
{
    t = psec_table_create(8, 12345);
    cr_assert_not_null(t);
}

static void
teardown(void)
{
    psec_table_destroy(t);
}

TestSuite(port_security, .init = setup, .fini = teardown);

static void
secure(uint16_t port, uint32_t maximum, enum psec_violation v, bool sticky)
{
    struct psec_port_config cfg = { .maximum = maximum, .violation = v, .sticky = sticky };

    cr_assert_eq(psec_port_set(t, port, &cfg), 0);
}

Test(port_security, port_not_secure_admits_everything)
{
    cr_assert(psec_admit(t, 1, 1, MAC_A, 0));
    cr_assert(psec_admit(t, 1, 1, MAC_B, 0));
    cr_assert(!psec_port_is_secure(t, 1));
}

Test(port_security, maximum_then_violation_shutdown)
{
    struct psec_events ev;
    struct psec_port_info info;

    secure(1, 2, PSEC_SHUTDOWN, false);
    cr_assert(psec_admit(t, 1, 1, MAC_A, 0));
    cr_assert(psec_admit(t, 1, 1, MAC_B, 0));
    cr_assert(psec_admit(t, 1, 1, MAC_A, 10), "a secure address passes again");
    cr_assert(!psec_port_poll(t, 1, &ev));
    cr_assert(!psec_admit(t, 1, 1, MAC_C, 20), "third source with maximum 2");
    cr_assert(psec_port_poll(t, 1, &ev));
    cr_assert(ev.violated);
    cr_assert_eq(ev.n_violations, 1);
    cr_assert_eq(memcmp(ev.mac, MAC_C, 6), 0);
    cr_assert_eq(ev.vid, 1);
    cr_assert(!psec_port_poll(t, 1, &ev), "poll clears");
    cr_assert(psec_port_info(t, 1, 0, &info));
    cr_assert_eq(info.n_total, 2);
    cr_assert_eq(info.n_dynamic, 2);
    cr_assert_eq(info.violations, 1);
    cr_assert_eq(info.drops, 1);
    cr_assert_eq(memcmp(info.last_mac, MAC_C, 6), 0);
}

Test(port_security, default_like_maximum_one)
{
    secure(1, 1, PSEC_SHUTDOWN, false);
    cr_assert(psec_admit(t, 1, 1, MAC_A, 0));
    cr_assert(!psec_admit(t, 1, 1, MAC_B, 0));
}

Test(port_security, protect_counts_drops_not_violations)
{
    struct psec_events ev;
    struct psec_port_info info;

    secure(1, 1, PSEC_PROTECT, false);
    cr_assert(psec_admit(t, 1, 1, MAC_A, 0));
    cr_assert(!psec_admit(t, 1, 1, MAC_B, 0));
    cr_assert(!psec_admit(t, 1, 1, MAC_B, 0));
    cr_assert(!psec_port_poll(t, 1, &ev), "protect is silent");
    psec_port_info(t, 1, 0, &info);
    cr_assert_eq(info.violations, 0);
    cr_assert_eq(info.drops, 2);
}

Test(port_security, restrict_counts_every_frame)
{
    struct psec_events ev;
    struct psec_port_info info;

    secure(1, 1, PSEC_RESTRICT, false);
    cr_assert(psec_admit(t, 1, 1, MAC_A, 0));
    for (int i = 0; i < 5; i++)
        cr_assert(!psec_admit(t, 1, 1, MAC_B, 0));
    cr_assert(psec_port_poll(t, 1, &ev));
    cr_assert_eq(ev.n_violations, 5);
    psec_port_info(t, 1, 0, &info);
    cr_assert_eq(info.violations, 5);
    cr_assert_eq(info.drops, 5);
}

Test(port_security, secure_on_other_port_same_vlan_is_violation)
{
    secure(1, 4, PSEC_RESTRICT, false);
    secure(2, 4, PSEC_RESTRICT, false);
    cr_assert(psec_admit(t, 1, 10, MAC_A, 0));
    cr_assert(!psec_admit(t, 2, 10, MAC_A, 0), "A is secure on port 1 in VLAN 10");
    cr_assert(psec_admit(t, 2, 20, MAC_A, 0), "another VLAN is another address");
    cr_assert(psec_admit(t, 1, 10, MAC_A, 0), "still port 1's");
}

Test(port_security, vlans_count_apart)
{
    struct psec_port_info info;

    secure(1, 2, PSEC_RESTRICT, false);
    cr_assert(psec_admit(t, 1, 10, MAC_A, 0));
    cr_assert(psec_admit(t, 1, 20, MAC_A, 0));
    cr_assert(!psec_admit(t, 1, 30, MAC_A, 0));
    psec_port_info(t, 1, 0, &info);
    cr_assert_eq(info.n_total, 2);
}

Test(port_security, configured_addresses_count_and_are_kept)
{
    struct psec_addr addrs[] = { { 1, { 0x52, 0x54, 0, 0, 0, 0x0a }, false } };
    struct psec_port_config cfg = { .maximum = 2, .addrs = addrs, .n_addrs = 1 };
    struct psec_entry_info e[4];
    struct psec_port_info info;

    cr_assert_eq(psec_port_set(t, 1, &cfg), 0);
    cr_assert(psec_admit(t, 1, 1, MAC_B, 0));
    cr_assert(!psec_admit(t, 1, 1, MAC_C, 0), "configured A and dynamic B fill 2");
    cr_assert(psec_admit(t, 1, 1, MAC_A, 0));
    cr_assert_eq(psec_collect(t, PSEC_ALL_PORTS, ~0u, 0, e, 4), 2);
    cr_assert_eq(memcmp(e[0].mac, MAC_A, 6), 0);
    cr_assert_eq(e[0].type, PSEC_CONFIGURED);
    cr_assert_eq(e[1].type, PSEC_DYNAMIC);
    cr_assert_eq(e[0].remaining_ms, -1);
    /* Removing the configured address frees its place. */
    cfg.n_addrs = 0;
    cr_assert_eq(psec_port_set(t, 1, &cfg), 0);
    psec_port_info(t, 1, 0, &info);
    cr_assert_eq(info.n_total, 1);
    cr_assert(psec_admit(t, 1, 1, MAC_C, 0));
}

Test(port_security, bad_configurations_refused)
{
    struct psec_addr addrs[] = { { 1, { 0x01, 0, 0x5e, 0, 0, 1 }, false },
                                 { 1, { 0x52, 0x54, 0, 0, 0, 1 }, false } };
    struct psec_port_config cfg = { .maximum = 1, .addrs = addrs, .n_addrs = 1 };

    cr_assert_eq(psec_port_set(t, 1, &cfg), EINVAL, "multicast address");
    cfg.addrs = addrs;
    cfg.n_addrs = 2;
    cr_assert_eq(psec_port_set(t, 1, &cfg), EINVAL, "more addresses than the maximum");
    cfg.n_addrs = 0;
    cfg.maximum = 0;
    cr_assert_eq(psec_port_set(t, 1, &cfg), EINVAL);
    cfg.maximum = PSEC_MAXIMUM_MAX + 1;
    cr_assert_eq(psec_port_set(t, 1, &cfg), EINVAL);
    cfg.maximum = 1;
    cr_assert_eq(psec_port_set(t, 8, &cfg), EINVAL, "port out of range");
    cr_assert(!psec_port_is_secure(t, 1));
}

Test(port_security, sticky_learning_reported_and_converted)
{
    struct psec_events ev;
    struct psec_port_info info;
    struct psec_addr addrs[] = { { 1, { 0x52, 0x54, 0, 0, 0, 0x0a }, true } };
    struct psec_port_config cfg = { .maximum = 3, .sticky = true };

    secure(1, 3, PSEC_SHUTDOWN, false);
    cr_assert(psec_admit(t, 1, 1, MAC_A, 0));
    cr_assert_eq(psec_port_set(t, 1, &cfg), 0);
    cr_assert(psec_port_poll(t, 1, &ev));
    cr_assert(ev.new_sticky, "dynamic A became sticky");
    cr_assert(psec_admit(t, 1, 1, MAC_B, 0));
    cr_assert(psec_port_poll(t, 1, &ev));
    cr_assert(ev.new_sticky);
    psec_port_info(t, 1, 0, &info);
    cr_assert_eq(info.n_sticky, 2);
    /* The daemon saved A only; sticky learning off: B becomes dynamic,
     * A stays sticky while listed. */
    cfg.sticky = false;
    cfg.addrs = addrs;
    cfg.n_addrs = 1;
    cr_assert_eq(psec_port_set(t, 1, &cfg), 0);
    psec_port_info(t, 1, 0, &info);
    cr_assert_eq(info.n_sticky, 1);
    cr_assert_eq(info.n_dynamic, 1);
}

Test(port_security, lower_maximum_drops_dynamic_addresses)
{
    struct psec_port_info info;

    secure(1, 3, PSEC_SHUTDOWN, false);
    cr_assert(psec_admit(t, 1, 1, MAC_A, 0));
    cr_assert(psec_admit(t, 1, 1, MAC_B, 0));
    secure(1, 1, PSEC_SHUTDOWN, false);
    psec_port_info(t, 1, 0, &info);
    cr_assert_eq(info.n_total, 0);
    cr_assert(psec_admit(t, 1, 1, MAC_C, 0));
}

Test(port_security, aging_absolute_and_inactivity)
{
    struct psec_port_config cfg = { .maximum = 2, .aging_min = 1 };
    struct psec_entry_info e[2];

    cr_assert_eq(psec_port_set(t, 1, &cfg), 0);
    cr_assert(psec_admit(t, 1, 1, MAC_A, 0));
    cr_assert(psec_admit(t, 1, 1, MAC_A, 50000));
    cr_assert_eq(psec_collect(t, 1, ~0u, 30000, e, 2), 1);
    cr_assert_eq(e[0].remaining_ms, 30000);
    cr_assert_eq(psec_expire(t, 59999), 0);
    cr_assert_eq(psec_expire(t, 60000), 1, "absolute: a minute after learning");
    cfg.aging_inactivity = true;
    cr_assert_eq(psec_port_set(t, 1, &cfg), 0);
    cr_assert(psec_admit(t, 1, 1, MAC_A, 100000));
    cr_assert(psec_admit(t, 1, 1, MAC_A, 150000));
    cr_assert_eq(psec_expire(t, 200000), 0, "inactivity: from the last frame");
    cr_assert_eq(psec_expire(t, 210000), 1);
}

Test(port_security, flush_and_clear)
{
    struct psec_addr addrs[] = { { 1, { 0x52, 0x54, 0, 0, 0, 0x0a }, false } };
    struct psec_port_config cfg = { .maximum = 3, .addrs = addrs, .n_addrs = 1 };

    cr_assert_eq(psec_port_set(t, 1, &cfg), 0);
    cr_assert(psec_admit(t, 1, 1, MAC_B, 0));
    cr_assert(psec_admit(t, 1, 1, MAC_C, 0));
    cr_assert_eq(psec_flush(t, 1, 1u << PSEC_DYNAMIC, 1, MAC_B), 1);
    cr_assert_eq(psec_flush(t, PSEC_ALL_PORTS, 1u << PSEC_DYNAMIC, 0, NULL), 1);
    cr_assert_eq(psec_collect(t, PSEC_ALL_PORTS, ~0u, 0, NULL, 0), 1);
    psec_port_clear(t, 1);
    cr_assert_eq(psec_collect(t, PSEC_ALL_PORTS, ~0u, 0, NULL, 0), 0);
    cr_assert(psec_admit(t, 1, 1, MAC_D, 0));
}

/* Many ports and addresses: the table grows at configuration time and
 * every address stays findable through deletions (the back shift). */
Test(port_security, many_addresses_survive_churn)
{
    struct psec_table *big = psec_table_create(64, 99);
    struct psec_port_config cfg = { .maximum = 100, .violation = PSEC_PROTECT };
    uint8_t mac[6] = { 0x52, 0x54, 0, 0, 0, 0 };

    cr_assert_not_null(big);
    for (uint16_t p = 0; p < 64; p++)
        cr_assert_eq(psec_port_set(big, p, &cfg), 0);
    for (uint16_t p = 0; p < 64; p++)
        for (int i = 0; i < 100; i++) {
            mac[4] = p; mac[5] = i;
            cr_assert(psec_admit(big, p, 1, mac, 0));
        }
    for (uint16_t p = 0; p < 64; p += 2)
        psec_port_clear(big, p);
    for (uint16_t p = 1; p < 64; p += 2)
        for (int i = 0; i < 100; i++) {
            mac[4] = p; mac[5] = i;
            cr_assert(psec_admit(big, p, 1, mac, 0));
            mac[5] = 200;
            cr_assert(!psec_admit(big, p, 1, mac, 0), "port %u is full", p);
        }
    cr_assert_eq(psec_collect(big, PSEC_ALL_PORTS, ~0u, 0, NULL, 0), 32 * 100);
    psec_table_destroy(big);
}

static void
ignore_tx(uint16_t port_no, const struct bridge_tx *items, unsigned n, void *arg)
{
    (void) port_no; (void) items; (void) n; (void) arg;
}

/* Through NORMAL: a refused source is neither learnt nor forwarded, and
 * counted under port-security. */
Test(port_security, bridge_drops_refused_sources)
{
    struct bridge_config bc = { .max_ports = 8, .mac_table_size = 64 };
    struct bridge *br = bridge_create(&bc);
    uint8_t buf[3][FRAME_HEADROOM + 64];
    struct frame frames[3];
    const uint8_t *srcs[3] = { MAC_A, MAC_B, MAC_C };
    struct vlan_port vp;
    uint16_t out;

    cr_assert_not_null(br);
    vlan_port_init_access(&vp, 1);
    cr_assert_eq(bridge_port_add(br, 1, &vp), 0);
    cr_assert_eq(bridge_port_add(br, 2, &vp), 0);
    secure(1, 2, PSEC_SHUTDOWN, false);
    bridge_set_port_security(br, t);
    cr_assert_eq(bridge_reserve(br, 3), 0);
    for (int i = 0; i < 3; i++) {
        uint8_t *d = buf[i] + FRAME_HEADROOM;
        struct frame *f = &frames[i];

        memset(d, 0, 60);
        memset(d, 0xff, 6);
        memcpy(d + 6, srcs[i], 6);
        d[12] = 0x08;
        f->data = d;
        f->len = 60;
        f->headroom = FRAME_HEADROOM;
        bridge_input(br, 1, &f, 1, 0);
        bridge_tx_flush(br, ignore_tx, NULL);
    }
    cr_assert(mac_table_lookup(bridge_mac_table(br), 1, MAC_B, &out));
    cr_assert(!mac_table_lookup(bridge_mac_table(br), 1, MAC_C, &out));
    cr_assert_eq(bridge_port_stats(br, 1)->drops[BRIDGE_DROP_PORT_SECURITY], 1);
    cr_assert_eq(bridge_port_stats(br, 2)->tx_frames, 2);
    cr_assert_str_eq(bridge_drop_name(BRIDGE_DROP_PORT_SECURITY), "port-security");
    bridge_set_port_security(br, NULL);
    bridge_destroy(br);
}
