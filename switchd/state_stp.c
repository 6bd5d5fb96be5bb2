/* Placeholder for the spanning tree agent (docs/design.md section 5.13):
 * no spanning tree runs yet.  The stpd work replaces this file. */
#include "state.h"
#include "state_private.h"

bool
state_stp_bridge_info(const struct sw_bridge *b, struct rstp_bridge_info *info)
{
    (void) b, (void) info;
    return false;
}

bool
state_stp_port_info(const struct port *p, struct rstp_port_info *info, bool *bpduguard)
{
    (void) p, (void) info, (void) bpduguard;
    return false;
}

uint64_t
state_stp_port_bpduguard_hits(const struct port *p)
{
    (void) p;
    return 0;
}

void
state_stp_clear_counters(struct switch_state *sw, const struct port *only)
{
    (void) sw, (void) only;
}

void
state_stp_mcheck(struct switch_state *sw, const struct port *only)
{
    (void) sw, (void) only;
}
