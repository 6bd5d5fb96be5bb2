#!/bin/bash
# Every shell change acts on the datapath at once, with no restart
# (issue 5): two host namespaces on internal ports in different access
# VLANs cannot ping; `switchport access vlan` moves one port into the other
# VLAN and the ping passes, its MAC entries of the old VLAN are flushed;
# `shutdown` stops the traffic and `no shutdown` brings it back; an
# `interface range` moves both ports at once.
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
    "ports": [
      {"name": "$A", "type": "internal", "mode": "access", "access_vlan": 10},
      {"name": "$B", "type": "internal", "mode": "access", "access_vlan": 20}
    ]
  }]
}
JSON
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
host_attach "$SW" "$A" "$H1" 10.77.0.1/24
host_attach "$SW" "$B" "$H2" 10.77.0.2/24
MAC_B=$(ip -n "$H2" -o link show "$B" | grep -o 'link/ether [0-9a-f:]*' | cut -d' ' -f2)
DOT_B=$(printf '%s' "$MAC_B" | tr -d ':' | sed 's/^\(....\)\(....\)\(....\)$/\1.\2.\3/')

ping_fails "$H1" 10.77.0.2
# B answered ARP floods in VLAN 20 only: its MAC is learned there.
ip netns exec "$H2" ping -c 2 -W 1 -i 0.2 10.77.0.1 >/dev/null 2>&1
swsh "$SOCK" 'show mac address-table interface '"$B" >"$TMP/mac-before"
grep -Eq "^ +20 +$DOT_B +DYNAMIC +$B\$" "$TMP/mac-before" || fail "B's MAC not learned in VLAN 20: $(cat "$TMP/mac-before")"

out=$(swsh_all "$SOCK" 'configure terminal' "interface $B" 'switchport access vlan 10' 'end') \
    || fail "moving $B to VLAN 10 failed: $out"
# The move flushed B's entries; nothing is left in VLAN 20.
swsh "$SOCK" 'show mac address-table vlan 20' >"$TMP/mac-after"
grep -q "Total Mac Addresses for this criterion: 0" "$TMP/mac-after" \
    || fail "VLAN 20 entries survived the move: $(cat "$TMP/mac-after")"
ping_ok "$H1" 10.77.0.2
swsh "$SOCK" 'show vlan brief' | grep -Eq "^10 +VLAN0010 +active +$A, $B\$" \
    || fail "show vlan brief does not list both ports in VLAN 10"

swsh "$SOCK" 'conf t' "int $A" 'shutdown' 'end' >/dev/null || fail "shutdown failed"
ping_fails "$H1" 10.77.0.2
swsh "$SOCK" 'show interfaces status' | grep -Eq "^$A +disabled +10 " \
    || fail "show interfaces status does not say disabled"
swsh "$SOCK" 'conf t' "int $A" 'no shutdown' 'end' >/dev/null || fail "no shutdown failed"
ping_ok "$H1" 10.77.0.2

# Both ports to VLAN 30 in one command: the hosts still reach each other.
out=$(swsh_all "$SOCK" 'conf t' "interface range $A , $B" 'switchport access vlan 30' 'end') \
    || fail "interface range failed: $out"
assert_match "$out" "Creating vlan 30" "the new VLAN is created as IOS does"
ping_ok "$H1" 10.77.0.2
swsh "$SOCK" 'show mac address-table vlan 10' | grep -q "criterion: 0" \
    || fail "VLAN 10 entries survived the range move"

stop_switchd "$SOCK"
test_pass
