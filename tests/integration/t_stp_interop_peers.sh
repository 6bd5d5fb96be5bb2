#!/bin/bash
# The spanning tree triangle of tests/integration/stp_lib.sh with no
# switchd in it: Linux bridge (kernel STP, 802.1D legacy), Open vSwitch 3.1
# (RSTP, falling back to STP BPDUs towards the Linux bridges) and Linux
# bridge.  It proves the harness the interop tests rely on against peers
# that already interoperate: the role readers of both peers, the
# convergence wait (one root, exactly one blocked link end where the
# priorities put it), the broadcast count and the storm bound.  Then the
# blocked end moves when the priorities change (the readers follow it).
# run.sh overlap: yes
# run.sh timeout: 300
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/stp_lib.sh"
test_init

# a root; c's port towards b blocks (c has the higher ID of the two).
stp_triangle linux 4096 ovs 8192 linux 12288
stp_wait_converged 60
stp_no_storm 3
stp_broadcast_once c
stp_ping_all

# Root moves to c (OVS b second): now a's port towards b blocks.
must ip -n "${P}c" link set br0 type bridge priority 0
STP_PRIO[c]=0
stp_wait_converged 60
stp_broadcast_once b
test_pass
