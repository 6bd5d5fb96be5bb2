#!/bin/bash
# Two internal ports of one bridge in different access VLANs (10 and 20): the
# hosts, in one IP subnet, cannot reach each other.  The daemon did receive
# their frames (rx counted on both ports) but sent none of them to the other
# VLAN's port (tx 0), so the failure is the VLAN separation, not the plumbing.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw H1=${P}h1 H2=${P}h2
A=${P}a B=${P}b
netns_add "$SW"; netns_add "$H1"; netns_add "$H2"

cat >"$TMP/switch.json" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "vlans": [{"id": 10, "name": "ten"}, {"id": 20, "name": "twenty"}],
    "ports": [
      {"name": "$A", "type": "internal", "mode": "access", "access_vlan": 10},
      {"name": "$B", "type": "internal", "mode": "access", "access_vlan": 20}
    ]
  }]
}
JSON
start_switchd "$SW" "$TMP/switch.json" "$TMP/sw.sock"

host_attach "$SW" "$A" "$H1" 10.10.0.1/24
host_attach "$SW" "$B" "$H2" 10.10.0.2/24

ping_fails "$H1" 10.10.0.2
ping_fails "$H2" 10.10.0.1

# Each host broadcast ARP requests for the other: switchd received them.
sock=$TMP/sw.sock
swsh "$sock" 'show ports'
rx_a=$(port_stat "$sock" "$A" RX_FRAMES); tx_a=$(port_stat "$sock" "$A" TX_FRAMES)
rx_b=$(port_stat "$sock" "$B" RX_FRAMES); tx_b=$(port_stat "$sock" "$B" TX_FRAMES)
[[ $rx_a =~ ^[0-9]+$ && $rx_a -ge 1 ]] || fail "$A RX_FRAMES [$rx_a], expected >= 1 (H1's ARP requests)"
[[ $rx_b =~ ^[0-9]+$ && $rx_b -ge 1 ]] || fail "$B RX_FRAMES [$rx_b], expected >= 1 (H2's ARP requests)"
assert_eq "$tx_a" 0 "$A TX_FRAMES (nothing of VLAN 20 leaves a VLAN 10 port)"
assert_eq "$tx_b" 0 "$B TX_FRAMES (nothing of VLAN 10 leaves a VLAN 20 port)"

# `show json` counts them too (ARP retries may still arrive: at least 1).
jrx_a=$(json_port_stat "$sock" "$A" rx_frames)
jtx_b=$(json_port_stat "$sock" "$B" tx_frames)
[[ $jrx_a =~ ^[0-9]+$ && $jrx_a -ge 1 ]] || fail "show json: $A rx_frames [$jrx_a], expected >= 1"
assert_eq "$jtx_b" 0 "show json: $B tx_frames"

stop_switchd "$sock"
test_pass
