/* The spanning tree agent (switchd/state_stp.c) against what a hostile
 * or careless peer sends, on the memory back end (port_dummy.h); the
 * integration side is tests/integration/t_stp_hostile.sh. */

#include <criterion/criterion.h>

#include <string.h>

#include "port_dummy.h"
#include "state_apply.h"
#include "state_fixture.h"
#include "state_link.h"
#include "state_private.h"
#include "state_stp.h"

#define CONFIG \
    "{\"bridges\": [{\"name\": \"br0\", \"spanning_tree\": {\"enabled\": true}, \"ports\": [" \
    " {\"name\": \"vm1\", \"type\": \"tap\"}," \
    " {\"name\": \"Po1\", \"type\": \"bond\", \"spanning_tree_bpduguard\": true}," \
    " {\"name\": \"m1\", \"type\": \"system\", \"bond\": \"Po1\"}," \
    " {\"name\": \"m2\", \"type\": \"system\", \"bond\": \"Po1\"}]}]}"

TestSuite(stp_hostile, .init = fixture_setup, .fini = fixture_teardown);

/* A 60-byte RST BPDU of bridge 4096.02:00:00:00:00:09 claiming root. */
static size_t
bpdu(uint8_t f[60])
{
    static const uint8_t head[] = { 0x01, 0x80, 0xc2, 0, 0, 0, 0x02, 0, 0, 0, 1, 9,
                                    0x00, 39, 0x42, 0x42, 0x03, 0, 0, 2, 2, 0x3c,
                                    0x10, 0, 2, 0, 0, 0, 0, 9, 0, 0, 0, 0,
                                    0x10, 0, 2, 0, 0, 0, 0, 9, 0x80, 0x01,
                                    0, 0, 20, 0, 2, 0, 15, 0 };

    memset(f, 0, 60);
    memcpy(f, head, sizeof head);
    return 60;
}

/* BPDU guard on a bond: a BPDU on any member err-disables the bond port
 * (the instance's port), which the instance then sees down. */
Test(stp_hostile, bpduguard_on_a_bond_err_disables_the_bond)
{
    struct switch_state *sw = fixture_create(CONFIG);
    struct port *po = state_find_port(sw, "Po1");
    struct rstp_port_info pi;
    bool guard = false;
    uint8_t f[60];

    cr_assert(state_stp_port_info(po, &pi, &guard));
    cr_assert(guard, "Po1 has no BPDU guard");
    cr_assert(pi.enabled, "Po1's link is not up");
    cr_assert(port_dummy_inject("m2", f, bpdu(f)));
    port_dummy_run(fixture_loop);
    cr_assert_str_eq(state_port_err_disabled_cause(po) ? state_port_err_disabled_cause(po)
                                                       : "(none)", "bpduguard");
    cr_assert(state_stp_port_info(po, &pi, NULL));
    cr_assert_not(pi.enabled, "the instance still sees Po1 up");
    cr_assert_eq(state_stp_port_bpduguard_hits(po), 1);
}
