#!/bin/bash
# Two internal ports of one bridge, both access VLAN 10, each moved into its
# own host namespace: the hosts reach each other (docs/design.md section 5.3: known
# and unknown unicast and broadcast are forwarded within the VLAN), and the
# ports' counters show the frames went through switchd.
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
    "vlans": [{"id": 10, "name": "ten"}],
    "ports": [
      {"name": "$A", "type": "internal", "mode": "access", "access_vlan": 10},
      {"name": "$B", "type": "internal", "mode": "access", "access_vlan": 10}
    ]
  }]
}
JSON
start_switchd "$SW" "$TMP/switch.json" "$TMP/sw.sock"

host_attach "$SW" "$A" "$H1" 10.10.0.1/24
host_attach "$SW" "$B" "$H2" 10.10.0.2/24

ping_ok "$H1" 10.10.0.2
ping_ok "$H2" 10.10.0.1

# The 3+3 echo requests (plus ARP) went in on one port and out of the other.
rx_a=$(port_stat "$TMP/sw.sock" "$A" RX_FRAMES)
tx_b=$(port_stat "$TMP/sw.sock" "$B" TX_FRAMES)
log "$A rx_frames=$rx_a, $B tx_frames=$tx_b"
[[ $rx_a =~ ^[0-9]+$ && $rx_a -ge 4 ]] || fail "$A RX_FRAMES [$rx_a], expected >= 4"
[[ $tx_b =~ ^[0-9]+$ && $tx_b -ge 4 ]] || fail "$B TX_FRAMES [$tx_b], expected >= 4"

stop_switchd "$TMP/sw.sock"
test_pass
