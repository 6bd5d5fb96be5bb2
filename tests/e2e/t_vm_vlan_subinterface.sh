#!/usr/bin/env bash
# VLAN 100 between a guest VLAN subinterface and an access port.
#   VM A on trunk port vm-a (allowed 1,100, native VLAN 1 untagged): eth0 10.201.2.1/24
#        (untagged = VLAN 1) and eth0.100 10.201.100.1/24 (tagged 100)
#   VM B on access port vm-b in VLAN 100: eth0 10.201.100.2/24, plus 10.201.2.2/24 on the
#        same eth0 as a bait for leaks between VLAN 1 and VLAN 100
# Both ping each other over VLAN 100 and each downloads 2 MiB from the other, so the
# switch pushes and pops the tag on TCP super-frames with partial checksums both ways.
#
# Asserts: switchd's ports are persistent admin-up taps; both VMs print PASS (pings
# 3/3 over VLAN 100; downloads with the served size and sha256); A's untagged ping to
# B's bait address gets no answer (VLAN 1 frames must not reach an access port in VLAN
# 100); `show mac` has A's MAC on vm-a in VLAN 100 and B's MAC on vm-b in VLAN 100 but
# not in VLAN 1; switchd exits 0 on SIGTERM with a clean sanitizer log and deletes its
# taps.
. "$(dirname "$0")/lib.sh"
e2e_begin vm_vlan_subinterface

NS=tsw-e2e-vlan-$$
MAC_A=52:54:00:e2:02:0a MAC_B=52:54:00:e2:02:0b
VIP_A=10.201.100.1 VIP_B=10.201.100.2     # VLAN 100
IP_A=10.201.2.1 BAIT_B=10.201.2.2         # VLAN 1 (A untagged); B's bait, in VLAN 100
SIZE=$((2 * 1024 * 1024))

e2e_netns_create "$NS"
cat >"$E2E_TMP/switchd.json" <<'EOF'
{
  "version": 1,
  "bridges": [
    {
      "name": "br0",
      "vlans": [{"id": 1, "name": "default"}, {"id": 100, "name": "e2e-hundred"}],
      "ports": [
        {"name": "vm-a", "type": "tap", "ofport": 1, "mode": "trunk",
         "allowed_vlans": "1,100", "native_vlan": 1},
        {"name": "vm-b", "type": "tap", "ofport": 2, "mode": "access", "access_vlan": 100}
      ]
    }
  ]
}
EOF
e2e_switchd_start "$NS" "$E2E_TMP/switchd.json"
e2e_check "switchd made vm-a and vm-b persistent taps, admin up" e2e_taps_ready "$NS" vm-a vm-b

CMD_A="e2e-serve big 2 && e2e-ping $VIP_B 3 120 && e2e-fetch $VIP_B big $SIZE 120 &&
if ping -c 3 -W 1 $BAIT_B; then echo 'E2E-LEAK untagged ping reached $BAIT_B'; exit 1; fi &&
echo 'E2E-ISOLATED untagged ping to $BAIT_B unanswered'"
CMD_B="ip addr add $BAIT_B/24 dev eth0 &&
e2e-serve big 2 && e2e-ping $VIP_A 3 120 && e2e-fetch $VIP_A big $SIZE 120"
VM_LINGER=600 e2e_vm_start A "$NS" vm-a "$MAC_A" "$IP_A/24" "$CMD_A" 100 "$VIP_A/24"
VM_LINGER=600 e2e_vm_start B "$NS" vm-b "$MAC_B" "$VIP_B/24" "$CMD_B"

e2e_check "VM A (eth0.100) pinged B, fetched 2 MiB, saw no VLAN leak" e2e_vm_wait A 300
e2e_check "VM B (access VLAN 100) pinged A's eth0.100 and fetched 2 MiB" e2e_vm_wait B 120
e2e_check "sha256 served by B = sha256 fetched by A" e2e_same_data B A big
e2e_check "sha256 served by A = sha256 fetched by B" e2e_same_data A B big

e2e_show after-traffic
e2e_check "show mac: A's MAC on vm-a in VLAN 100" e2e_mac_learned after-traffic 100 "$MAC_A" vm-a
e2e_check "show mac: B's MAC on vm-b in VLAN 100" e2e_mac_learned after-traffic 100 "$MAC_B" vm-b
not_learned() { ! e2e_mac_learned "$@"; }
e2e_check "show mac: B's MAC not in VLAN 1" not_learned after-traffic 1 "$MAC_B" vm-b

e2e_vm_stop A
e2e_vm_stop B
e2e_switchd_stop
e2e_check "switchd deleted its taps" e2e_links_gone "$NS" vm-a vm-b
e2e_finish
