#!/bin/bash
# Issue 18, "Done when" 1d: three VTEPs in a full mesh of static flood
# lists (vxlan_lib.sh): switchd (VTEP 1, 10.18.0.1), Linux vxlan + bridge
# (VTEP 2, one all-zeros FDB entry per remote: Linux's head-end
# replication) and switchd (VTEP 3), hosts of VNI 10100 and 10200 behind
# each.
#   1. Every host pings every other host of its VNI.
#   2. Every VTEP lists the two others: both switchds' `show nve peers`
#      have them Up, the Linux VTEP's vxlan devices flood to both; each
#      switchd's `show mac address-table vlan 100` has every remote host's
#      MAC behind the VTEP it is behind.
#   3. Known unicast goes to its VTEP only: while h1 pings h3, VTEP 2's
#      underlay link receives none of it, nor of h3 pinging h2 at VTEP 1.
#   4. A broadcast from the VNI 10100 host behind each VTEP in turn (a
#      scapy frame, ethertype 0x88b5) reaches every other VNI 10100 host
#      exactly once and no VNI 10200 host; on the underlay its VTEP sends
#      it once to each of the two others, and the others send none of it
#      (a VTEP never relays another VTEP's flood).
# VX_SELF=linux runs it with Linux VTEPs in the switchds' places.
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vxlan_lib.sh"
test_init

vx_build "${VX_SELF:-switchd}" linux "${VX_SELF:-switchd}"
vx_ping_vni
for i in 1 2 3; do vx_peers_up "$i"; done
vx_remote_macs 1
vx_remote_macs 3
vx_unicast_direct 1 3 2
vx_unicast_direct 3 2 1
vx_broadcast_once 1
vx_broadcast_once 2
vx_broadcast_once 3
for i in 1 2 3; do vx_show "$i"; done
vx_stop_switchds
test_pass
