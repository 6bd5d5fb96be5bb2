#!/bin/bash
# The OpenStack ML2/OVS VLAN layout on two switchd "hosts" joined by a veth
# wire: on each, br-int (the VM port in a local VLAN) and br-eth1 (the wire,
# a system trunk) joined by the patch pair int-br-eth1 (ofport 6) /
# phy-br-eth1 (ofport 1), with the agent's translation flows verbatim.
# Host 1's local VLAN is 1, host 2's is 2; on the wire both are provider
# VLAN 100.  The VMs reach each other, every echo on the wire is tagged 100,
# and a VM in another local VLAN of host 1 (no translation flow) does not
# get across.
. "$(dirname "$0")/lib.sh"
test_init

SW1=${P}sw1 SW2=${P}sw2 VM1=${P}vm1 VM2=${P}vm2 VM3=${P}vm3
W1=${P}w1 W2=${P}w2                 # the wire's two ends (eth1 of each host)
for ns in "$SW1" "$SW2" "$VM1" "$VM2" "$VM3"; do netns_add "$ns"; done
veth_add "$SW1" "$W1" "$SW2" "$W2"

# write_config FILE HOST WIRE LOCAL_VLAN: one host's two bridges and flows.
write_config()
{
    local host=$2 wire=$3 vid=$4
    cat >"$1" <<JSON
{
  "version": 1,
  "bridges": [
    {
      "name": "br-int",
      "vlans": [{"id": 1}, {"id": 2}, {"id": 3}],
      "ports": [
        {"name": "${P}v$host", "type": "internal", "ofport": 1, "mode": "access",
         "access_vlan": $vid},
        {"name": "${P}x$host", "type": "internal", "ofport": 2, "mode": "access",
         "access_vlan": 3},
        {"name": "${P}i$host", "type": "patch", "peer": "${P}p$host", "ofport": 6,
         "mode": "trunk", "allowed_vlans": "1-4094", "native_vlan": null}
      ],
      "flows": ["priority=3,in_port=6,dl_vlan=100 actions=mod_vlan_vid:$vid,NORMAL",
                "priority=2,in_port=6 actions=drop",
                "priority=1 actions=NORMAL"]
    },
    {
      "name": "br-eth1",
      "vlans": [{"id": 100}],
      "ports": [
        {"name": "${P}p$host", "type": "patch", "peer": "${P}i$host", "ofport": 1,
         "mode": "trunk", "allowed_vlans": "1-4094", "native_vlan": null},
        {"name": "$wire", "type": "system", "ofport": 2, "mode": "trunk",
         "allowed_vlans": "100"}
      ],
      "flows": ["priority=4,in_port=1,dl_vlan=$vid actions=mod_vlan_vid:100,NORMAL",
                "priority=2,in_port=1 actions=drop",
                "priority=1 actions=NORMAL"]
    }
  ]
}
JSON
}
write_config "$TMP/sw1.json" 1 "$W1" 1
write_config "$TMP/sw2.json" 2 "$W2" 2
start_switchd "$SW1" "$TMP/sw1.json" "$TMP/sw1.sock"
start_switchd "$SW2" "$TMP/sw2.json" "$TMP/sw2.sock"

host_attach "$SW1" "${P}v1" "$VM1" 10.30.0.1/24
host_attach "$SW2" "${P}v2" "$VM2" 10.30.0.2/24
host_attach "$SW1" "${P}x1" "$VM3" 10.30.0.3/24    # local VLAN 3: not translated

capture_start wire "$SW1" "$W1"

ping_ok "$VM1" 10.30.0.2            # local VLAN 1 -> provider 100 -> local VLAN 2
ping_fails "$VM3" 10.30.0.2         # br-eth1's priority-2 flow drops VLAN 3

for flow in "10.30.0.1 > 10.30.0.2" "10.30.0.2 > 10.30.0.1"; do
    capture_wait wire " $flow: ICMP echo " 4
done
capture_stop wire
capture_text wire | grep -E 'ICMP|ARP' | head -n 20

# check_tagged SRC DST VLAN: every ICMP echo SRC > DST on the wire is tagged VLAN.
check_tagged()
{
    local lines n bad
    lines=$(icmp_lines wire "$1" "$2")
    n=$(printf '%s' "$lines" | grep -c .)
    [ "$n" -ge 4 ] || fail "expected >= 4 ICMP echoes $1 > $2 on the wire, got $n"
    bad=$(printf '%s\n' "$lines" | grep -v "ethertype 802\.1Q (0x8100), length [0-9]*: vlan $3, ")
    [ -z "$bad" ] || fail "ICMP echoes $1 > $2 not tagged vlan $3 on the wire: $bad"
    log "ok: $n ICMP echoes $1 > $2 on the wire, all tagged vlan $3"
}
check_tagged 10.30.0.1 10.30.0.2 100
check_tagged 10.30.0.2 10.30.0.1 100

if capture_has wire 'tell 10\.30\.0\.3'; then
    fail "VM3's ARP (local VLAN 3, no translation flow) reached the wire"
fi

stop_switchd "$TMP/sw1.sock"
stop_switchd "$TMP/sw2.sock"
test_pass
