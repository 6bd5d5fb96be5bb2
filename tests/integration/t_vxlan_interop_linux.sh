#!/bin/bash
# Issue 18, "Done when" 1b: a switchd VTEP against the Linux kernel's VXLAN
# (vxlan_lib.sh has the layout).  VTEP 1 is switchd (bridge br0, VLAN 100
# <-> VNI 10100 and VLAN 200 <-> VNI 10200 on one vxlan port nve1, "vnis");
# VTEP 2 is Linux: per VNI `ip link add vx100 type vxlan id 10100 dstport
# 4789 local 10.18.0.2 remote 10.18.0.1` enslaved to a Linux bridge with a
# host veth.  The underlay is a Linux bridge in a namespace of its own,
# 10.18.0.0/24, MTU 1550.
#   1. Ping both ways in each VNI (h1 10.100.0.1 <-> h2 .2 in 10100, g1 .11
#      <-> g2 .12 in 10200); tcpdump on switchd's underlay link sees each
#      VNI's ICMP in UDP to port 4789 with its own VNI, both ways, and never
#      in the other; switchd's `show nve peers` has the Linux VTEP Up.
#   2. 1500-byte IP packets with DF cross both ways (underlay MTU 1550).
#   3. TCP (4 MiB, sha256) both ways between the VNI 10100 hosts.
#   4. Isolation: the hosts share one subnet, but no host of VNI 10100
#      reaches one of VNI 10200 across the tunnel, nor the other way.
# VX_SELF=linux runs it with a Linux VTEP in switchd's place (the harness
# alone).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vxlan_lib.sh"
test_init

vx_build "${VX_SELF:-switchd}" linux
vx_two_vtep_checks
test_pass
