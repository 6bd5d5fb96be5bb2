#ifndef TESTS_UNIT_CONFIG_GEN_H
#define TESTS_UNIT_CONFIG_GEN_H 1

/* Random valid configurations
 * ===========================
 * config_gen() builds a 'struct switch_config' in memory from a seed, the
 * way the shell would after a session of edits: valid for
 * config_validate(), but not in normal form yet (some ports have ofport 0,
 * VLANs are unsorted, VLAN 1 is often missing, some VLANs are unnamed).
 * The same seed gives the same configuration on every run and machine (a
 * private splitmix64 generator, no libc rand()).
 *
 * What it covers, so property tests over a few hundred seeds reach every
 * key: 1 to 4 bridges; tap, internal, system, patch and bond ports, with
 * patch pairs across bridges, bonds in every mode, LACP mode and rate, and
 * tap and system members (or none); access ports, trunks with a native VLAN (untagged
 * or tagged), without one (native_vlan null), with all, no or a random
 * list of allowed VLANs; disabled ports; explicit and missing ofports;
 * descriptions with quotes, backslashes, '|', UTF-8 up to 4 bytes a
 * character, up to the 240-byte limit; named and unnamed VLANs; static
 * MACs (mac_table_size from exactly their number up to a bridge's share of
 * the global bound); users,
 * enable secret or none (SHA-512, SHA-256 and yescrypt hashes); telnet
 * listen IPv4, IPv6 or "" (no server), addresses other than loopback only
 * with users; idle and login timeouts over their range; login block-for
 * settings (off too); vlan_dot1q_tag_native; the LACP system priority
 * over its range and both port-channel load balances; flows from
 * config_gen_flows[]; SPAN sessions (monitor_sessions) with and without
 * a destination, sources in every direction.
 *
 * Tests that need a particular shape can edit the result before
 * validating it. */

#include <stddef.h>
#include <stdint.h>

#include "config.h"

struct config_gen_rng {
    uint64_t state;
};

void config_gen_rng_init(struct config_gen_rng *, uint64_t seed);
uint64_t config_gen_rng_next(struct config_gen_rng *);
/* Uniform in 0..'n' - 1 ('n' > 0). */
uint32_t config_gen_rng_below(struct config_gen_rng *, uint32_t n);

/* Valid ovs-ofctl add-flow texts, from docs/design.md sections 1.1 and 5.2. */
extern const char *const config_gen_flows[];
extern const size_t config_gen_n_flows;

/* Returns a new configuration (config_free() it), or NULL when out of
 * memory. */
struct switch_config *config_gen(uint64_t seed);

#endif /* tests/unit/config_gen.h */
