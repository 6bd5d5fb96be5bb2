#!/bin/bash
# Issue 16, "Done when" 2: tapswitch's RSTP against Open vSwitch 3.1's
# (netdev datapath, rstp_enable=true) in the triangle of stp_lib.sh:
# switchd a (priority 4096), Open vSwitch b (rstp-priority 8192), switchd c
# (12288), every link cost 100, max age 6 s, forward delay 4 s everywhere
# (hello 1 s on switchd, OVS's fixed 2 s), a host behind each.
#   1. Root on switchd a: every corner names a's bridge ID as root; the
#      only blocked end is c's port towards OVS (alternate / discarding in
#      `show spanning-tree`), and OVS's `ovs-appctl rstp/show` has its
#      port facing it Designated Forwarding and its port towards a Root;
#      every link carries RST BPDUs only (both speak RSTP: no fallback);
#      a broadcast arrives once at each host, port counters stay bounded,
#      every host pings every other.
#   2. Root on OVS (rstp-priority 0 set at run time): all follow, the
#      blocked end moves to c's port towards a; again no storm, each host
#      pings the next.
# run.sh overlap: yes
# run.sh timeout: 300
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/stp_lib.sh"
test_init

stp_triangle switchd 4096 ovs 8192 switchd 12288
stp_wait_converged 60
for x in a c; do swsh "$TMP/$x.sock" 'show spanning-tree'; done
ovs_appctl b rstp/show br0

# RST BPDUs from each designated port, ours to OVS (into b from a) and
# OVS's to ours (into c from b), and between the switchd (into c from a);
# a root or alternate port sends BPDUs only to answer a proposal.  (OVS
# would fall back to 802.1D on a port that heard a Configuration BPDU, and
# so would we.)
stp_no_storm 4 stp_bpdus_in "b a" "c b" "c a"
for end in ba cb ca; do
    [ -n "${STP_BPDUS[$end]}" ] || fail "no BPDU into ${P}$end"
    assert_eq "$(grep -vc 'Rapid STP' <<<"${STP_BPDUS[$end]}")" 0 "BPDUs into ${P}$end other than RST"
done
for x in a c; do
    t=$(swsh "$TMP/$x.sock" 'show spanning-tree' | grep -F 'Peer(STP)')
    [ -z "$t" ] || fail "switchd $x speaks STP on a port (no legacy bridge here): $t"
done

stp_broadcast_once a
stp_broadcast_once b
stp_ping_all

log "root moves to Open vSwitch (rstp-priority 0)"
must ovs_vsctl b set bridge br0 other_config:rstp-priority=0
STP_PRIO[b]=0
stp_wait_converged 60
for x in a c; do swsh "$TMP/$x.sock" 'show spanning-tree'; done
ovs_appctl b rstp/show br0
stp_broadcast_once c
stp_no_storm 3
stp_ping_round

stp_stop_switchds
test_pass
