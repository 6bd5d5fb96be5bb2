#!/bin/bash
# Issue 18, "Done when" 1c: a switchd VTEP against Open vSwitch 3.1's
# userspace (netdev) datapath (vxlan_lib.sh has the layout and every
# command), both configured with the same OVS commands.  VTEP 1 is switchd:
# its hosts' ports from JSON, then through swsh `ovs-vsctl add-port br0
# vx100 tag=100 -- set interface vx100 type=vxlan options:remote_ip=10.18.0.2
# options:local_ip=10.18.0.1 options:key=10100` and vx200 likewise (key
# 10200, tag=200): two vxlan ports sharing one UDP socket.  VTEP 2 is an
# ovs-vswitchd of the test's own in its namespace:
#   - underlay: bridge br-phy (datapath_type=netdev) with the underlay veth
#     as its port and 10.18.0.2/24 on br-phy's LOCAL port; OVS's route cache
#     takes the kernel's 10.18.0.0/24 dev br-phy (`ovs-appctl
#     ovs/route/show`; else `ovs/route/add`), and its tunnel neighbour cache
#     learns switchd's MAC by snooping the ARP reply to a ping from br-phy
#     (`ovs-appctl tnl/neigh/show`);
#   - overlay: bridge br0 (netdev) with the hosts' veths tag=100 / tag=200
#     and `ovs-vsctl add-port br0 vx100 tag=100 -- set interface vx100
#     type=vxlan options:remote_ip=10.18.0.1 options:local_ip=10.18.0.2
#     options:key=10100`, vx200 likewise with key 10200, tag=200;
#   - checksums: the veths' transmit checksum offload is off (ethtool -K
#     tx off) on the underlay links and OVS's hosts, as a NIC would finish
#     them: OVS's packet sockets read a veth's unfinished checksums as bad.
#   1. Ping both ways in each VNI; tcpdump on switchd's underlay link sees
#      each VNI's ICMP in UDP to port 4789 with its own VNI, both ways;
#      switchd's `show nve peers` has OVS Up.
#   2. 1500-byte IP packets with DF cross both ways (underlay MTU 1550).
#   3. TCP (4 MiB, sha256) both ways between the VNI 10100 hosts.
#   4. Isolation between the VNIs (one subnet, two segments).
# VX_SELF=linux runs it with a Linux VTEP in switchd's place.
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vxlan_lib.sh"
test_init

VX_SWITCHD_MODE=ovs-vsctl
vx_build "${VX_SELF:-switchd}" ovs
vx_two_vtep_checks
test_pass
