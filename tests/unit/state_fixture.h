#ifndef TESTS_UNIT_STATE_FIXTURE_H
#define TESTS_UNIT_STATE_FIXTURE_H 1

/* A switch on the memory back end, for the unit tests of switchd/state*.c
 * (test_state_apply.c, test_state_datapath.c): no root, no netdev. */

#include <stddef.h>
#include <stdint.h>

#include "config.h"

struct loop;
struct switch_state;

extern struct loop *fixture_loop;

/* Criterion .init/.fini: installs port_dummy.h's back ends, makes a loop;
 * tears both down (and the switch fixture_create() made, if any). */
void fixture_setup(void);
void fixture_teardown(void);

/* The configuration in 'json' (the test fails if it does not load). */
struct switch_config *fixture_config(const char *json);
/* A switch built from 'json' (the test fails if it cannot be built); the
 * teardown destroys it unless the test did (then it calls
 * fixture_forget()). */
struct switch_state *fixture_create(const char *json);
void fixture_forget(void);
/* state_apply() of 'json' with 'flags'; returns its errno, the message in
 * 'err'. */
int fixture_apply(struct switch_state *, const char *json, unsigned flags, char *err,
                  size_t err_size);

/* Everything an apply may change, as text: the running configuration with
 * flows, each port (bridge, slot, ofport, VLAN policy, enabled, counters,
 * patch peer, open or not in the back end), each bridge (flows with their
 * counters, MAC entries) and the switch's counters.  Differences between
 * two of these are what changed.  Free it. */
char *fixture_fingerprint(const struct switch_state *);

/* A test frame: from 52:54:00:00:00:'src' to 'dst' (0xff: broadcast,
 * else 52:54:00:00:00:'dst'), IPv4 EtherType, tagged 'vid' unless 0, the
 * rest of FIXTURE_FRAME_LEN bytes a counting pattern; returns its length. */
#define FIXTURE_FRAME_LEN 64
size_t fixture_frame(uint8_t f[FIXTURE_FRAME_LEN + 4], uint8_t dst, uint8_t src, uint16_t vid);

/* Open file descriptors of the process. */
size_t fixture_count_fds(void);

#endif /* tests/unit/state_fixture.h */
