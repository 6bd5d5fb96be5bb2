#!/bin/bash
# A trunk with native VLAN 300 (allowed 100,300) and "native_tagged": true on
# both ends: frames of the native VLAN cross the wire tagged 300 (docs/design.md
# section 4.2: native_tagged = OVS native-tagged), VLAN 100 frames tagged 100.
. "$(dirname "$0")/lib.sh"
test_init

SW1=${P}sw1 SW2=${P}sw2
H1n=${P}h1n H2n=${P}h2n H1t=${P}h1t H2t=${P}h2t
W1=${P}w1 W2=${P}w2                 # the wire's two ends
for ns in "$SW1" "$SW2" "$H1n" "$H2n" "$H1t" "$H2t"; do netns_add "$ns"; done
veth_add "$SW1" "$W1" "$SW2" "$W2"

# write_config FILE WIRE NATIVE_HOST_PORT VLAN100_HOST_PORT
write_config()
{
    cat >"$1" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "vlans": [{"id": 100, "name": "hundred"}, {"id": 300, "name": "native"}],
    "ports": [
      {"name": "$2", "type": "system", "mode": "trunk", "allowed_vlans": "100,300",
       "native_vlan": 300, "native_tagged": true},
      {"name": "$3", "type": "internal", "mode": "access", "access_vlan": 300},
      {"name": "$4", "type": "internal", "mode": "access", "access_vlan": 100}
    ]
  }]
}
JSON
}
write_config "$TMP/sw1.json" "$W1" "${P}1n" "${P}1t"
write_config "$TMP/sw2.json" "$W2" "${P}2n" "${P}2t"
start_switchd "$SW1" "$TMP/sw1.json" "$TMP/sw1.sock"
start_switchd "$SW2" "$TMP/sw2.json" "$TMP/sw2.sock"

host_attach "$SW1" "${P}1n" "$H1n" 10.30.0.1/24
host_attach "$SW2" "${P}2n" "$H2n" 10.30.0.2/24
host_attach "$SW1" "${P}1t" "$H1t" 10.100.0.1/24
host_attach "$SW2" "${P}2t" "$H2t" 10.100.0.2/24

capture_start wire "$SW1" "$W1"
ping_ok "$H1n" 10.30.0.2            # native VLAN 300
ping_ok "$H1t" 10.100.0.2           # VLAN 100
# Each ping_ok sent >= 4 requests and got as many replies across the wire.
for flow in "10.30.0.1 > 10.30.0.2" "10.30.0.2 > 10.30.0.1" \
            "10.100.0.1 > 10.100.0.2" "10.100.0.2 > 10.100.0.1"; do
    capture_wait wire " $flow: ICMP echo " 4
done
capture_stop wire
capture_text wire | grep ICMP | head -n 20

# check_wire SRC DST EXPECTED_ETHER_HEADER: every ICMP echo SRC > DST on the
# wire (>= 4 of them) has exactly this ethertype / tag part.
check_wire()
{
    local lines n bad
    lines=$(icmp_lines wire "$1" "$2")
    n=$(printf '%s' "$lines" | grep -c .)
    [ "$n" -ge 4 ] || fail "expected >= 4 ICMP echoes $1 > $2 on the wire, got $n"
    bad=$(printf '%s\n' "$lines" | grep -Ev -- "$3")
    [ -z "$bad" ] || fail "ICMP echoes $1 > $2 on the wire not matching /$3/: $bad"
    log "ok: $n ICMP echoes $1 > $2 match /$3/"
}
tagged() { echo "ethertype 802\.1Q \(0x8100\), length [0-9]+: vlan $1, p [0-7], ethertype IPv4 \(0x0800\), "; }
check_wire 10.30.0.1 10.30.0.2 "$(tagged 300)"   # native VLAN: tagged 300
check_wire 10.30.0.2 10.30.0.1 "$(tagged 300)"
check_wire 10.100.0.1 10.100.0.2 "$(tagged 100)"
check_wire 10.100.0.2 10.100.0.1 "$(tagged 100)"

stop_switchd "$TMP/sw1.sock"
stop_switchd "$TMP/sw2.sock"
test_pass
