#!/bin/bash
# Two switchd "hosts" (namespaces SW1, SW2) joined by a veth "wire" that is a
# system port in trunk mode (allowed 100,200) on both.  Each daemon has two
# internal ports as hosts: VLAN 100 (H1a, H2a) and VLAN 200 (H1b, H2b), all
# four in one IP subnet.  Same-VLAN hosts reach each other across the wire,
# and the wire carries their frames tagged with their VLAN; a VLAN 200 host
# cannot reach a VLAN 100 host.
. "$(dirname "$0")/lib.sh"
test_init

SW1=${P}sw1 SW2=${P}sw2
H1a=${P}h1a H1b=${P}h1b H2a=${P}h2a H2b=${P}h2b
W1=${P}w1 W2=${P}w2                 # the wire's two ends
for ns in "$SW1" "$SW2" "$H1a" "$H1b" "$H2a" "$H2b"; do netns_add "$ns"; done
veth_add "$SW1" "$W1" "$SW2" "$W2"

# write_config FILE WIRE PORT_A PORT_B
write_config()
{
    cat >"$1" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "vlans": [{"id": 100, "name": "hundred"}, {"id": 200, "name": "twohundred"}],
    "ports": [
      {"name": "$2", "type": "system", "mode": "trunk", "allowed_vlans": "100,200"},
      {"name": "$3", "type": "internal", "mode": "access", "access_vlan": 100},
      {"name": "$4", "type": "internal", "mode": "access", "access_vlan": 200}
    ]
  }]
}
JSON
}
write_config "$TMP/sw1.json" "$W1" "${P}1a" "${P}1b"
write_config "$TMP/sw2.json" "$W2" "${P}2a" "${P}2b"
start_switchd "$SW1" "$TMP/sw1.json" "$TMP/sw1.sock"
start_switchd "$SW2" "$TMP/sw2.json" "$TMP/sw2.sock"

host_attach "$SW1" "${P}1a" "$H1a" 10.100.0.1/24
host_attach "$SW1" "${P}1b" "$H1b" 10.100.0.3/24
host_attach "$SW2" "${P}2a" "$H2a" 10.100.0.2/24
host_attach "$SW2" "${P}2b" "$H2b" 10.100.0.4/24

capture_start wire "$SW1" "$W1"

ping_ok "$H1a" 10.100.0.2           # VLAN 100 across the wire
ping_ok "$H1b" 10.100.0.4           # VLAN 200 across the wire
ping_fails "$H1b" 10.100.0.2        # VLAN 200 host, VLAN 100 target

# Each ping_ok sent >= 4 requests and got as many replies across the wire;
# H1b's ARP request for the VLAN 100 host crossed it too (in VLAN 200).
for flow in "10.100.0.1 > 10.100.0.2" "10.100.0.2 > 10.100.0.1" \
            "10.100.0.3 > 10.100.0.4" "10.100.0.4 > 10.100.0.3"; do
    capture_wait wire " $flow: ICMP echo " 4
done
capture_wait wire "who-has 10.100.0.2 tell 10.100.0.3" 1
capture_stop wire
capture_text wire | grep -E 'ICMP|ARP' | head -n 30

# check_tagged SRC DST VLAN: every ICMP echo SRC > DST on the wire (at least
# 4: ping_ok sends 1 + 3 requests, and gets as many replies) is tagged VLAN.
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
check_tagged 10.100.0.1 10.100.0.2 100
check_tagged 10.100.0.2 10.100.0.1 100    # the replies
check_tagged 10.100.0.3 10.100.0.4 200
check_tagged 10.100.0.4 10.100.0.3 200

# H1b's ARP for the VLAN 100 host left in VLAN 200 (and found nobody there).
bad=$(capture_text wire | grep 'who-has 10\.100\.0\.2 tell 10\.100\.0\.3' | grep -v ': vlan 200, ')
[ -z "$bad" ] || fail "H1b's ARP requests not tagged vlan 200: $bad"
if icmp_lines wire 10.100.0.3 10.100.0.2 | grep -q .; then
    fail "echo requests from H1b to H2a crossed the wire"
fi

stop_switchd "$TMP/sw1.sock"
stop_switchd "$TMP/sw2.sock"
test_pass
