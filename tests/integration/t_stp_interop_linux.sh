#!/bin/bash
# Issue 16, "Done when" 2: tapswitch's RSTP against the Linux bridge's
# kernel STP (802.1D-1998 legacy BPDUs) in the triangle of stp_lib.sh:
# switchd a (priority 4096), Linux bridge b (stp_state 1, 8192), switchd c
# (12288), every link cost 100, timers hello 1 s / max age 6 s / forward
# delay 4 s everywhere, a host behind each.
#   1. Root on switchd a: every corner names a's bridge ID as root; the
#      only blocked end is c's port towards the Linux bridge (alternate /
#      discarding in `show spanning-tree`), and the Linux bridge's port
#      facing it is designated forwarding (`bridge -d link`, the
#      brport's designated bridge); the switchd ports facing the Linux
#      bridge speak 802.1D Configuration BPDUs to it (fallback: port
#      protocol migration, 802.1D-2004 section 17.26), the switchd-switchd
#      link RST BPDUs; a broadcast arrives once at each host, port
#      counters stay bounded, every host pings every other.
#   2. Root on the Linux bridge (priority 0, set at run time): all follow,
#      the blocked end moves to c's port towards a; again no storm, each host
#      pings the next.
# run.sh overlap: yes
# run.sh timeout: 300
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/stp_lib.sh"
test_init

stp_triangle switchd 4096 linux 8192 switchd 12288
stp_wait_converged 60
for x in a c; do swsh "$TMP/$x.sock" 'show spanning-tree'; done
bridge -n "${P}b" -d link show

# Linux bridge b hears only 802.1D Configuration BPDUs from a (its
# designated port) and sends them itself: a legacy bridge drops RST BPDUs
# (version 2) as unknown, so a port still speaking RSTP to it would make
# a loop's worth of wrong roles.
stp_no_storm 4 stp_bpdus_in "b a" "c b" "c a"
[ -n "${STP_BPDUS[ba]}" ] || fail "the Linux bridge received no BPDU from switchd a"
assert_eq "$(grep -vc 'STP 802.1d, Config' <<<"${STP_BPDUS[ba]}")" 0 \
    "BPDUs from switchd a to the Linux bridge other than 802.1D Configuration"
# c's port towards b is alternate: it sends nothing to b but must hear b.
assert_match "${STP_BPDUS[cb]}" 'STP 802.1d, Config' "switchd c hears the Linux bridge's Configuration BPDUs"
# Between the two switchd: RST BPDUs.
assert_match "${STP_BPDUS[ca]}" 'Rapid STP' "switchd a sends RST BPDUs to switchd c"
assert_eq "$(grep -c 'STP 802.1d, Config' <<<"${STP_BPDUS[ca]}")" 0 "802.1D BPDUs on the switchd-switchd link"
# And `show spanning-tree` says so in the Type column (IOS: "P2p Peer(STP)").
type_of() { swsh "$TMP/$1.sock" 'show spanning-tree' | awk -v p="$2" '$1 == p { $1 = $2 = $3 = $4 = $5 = ""; print }'; }
assert_match "$(type_of a "${P}ab")" 'Peer\(STP\)' "switchd a: ${P}ab towards the Linux bridge is Peer(STP)"
assert_match "$(type_of c "${P}cb")" 'Peer\(STP\)' "switchd c: ${P}cb towards the Linux bridge is Peer(STP)"
t=$(type_of a "${P}ac")
[[ $t != *STP* ]] || fail "switchd a: ${P}ac towards switchd c speaks STP: [$t]"

stp_broadcast_once a
stp_broadcast_once b
stp_ping_all

log "root moves to the Linux bridge (priority 0)"
must ip -n "${P}b" link set br0 type bridge priority 0
STP_PRIO[b]=0
stp_wait_converged 60
for x in a c; do swsh "$TMP/$x.sock" 'show spanning-tree'; done
stp_broadcast_once c
stp_no_storm 3
stp_ping_round

stp_stop_switchds
test_pass
