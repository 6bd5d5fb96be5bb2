#!/bin/bash
# An access port whose VLAN is not in its bridge's VLAN database is
# inactive, as on IOS (docs/design.md section 6.9): `show interfaces status`
# says so and it forwards nothing, so two hosts in access VLAN 20 cannot
# ping while VLAN 20 is missing.  `vlan 20` makes both ports active at
# once (the ping passes), `no vlan 20` inactive again (it fails).  The file
# names its VLANs ("vlans" given), so VLAN 20 is not created for the ports.
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw H1=${P}h1 H2=${P}h2
A=${P}a B=${P}b
netns_add "$SW"; netns_add "$H1"; netns_add "$H2"
cat >"$TMP/switch.json" <<JSON
{"version": 1, "bridges": [{"name": "br0", "vlans": [{"id": 10, "name": "ten"}], "ports": [
  {"name": "$A", "type": "internal", "mode": "access", "access_vlan": 20},
  {"name": "$B", "type": "internal", "mode": "access", "access_vlan": 20}]}]}
JSON
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
host_attach "$SW" "$A" "$H1" 10.89.0.1/24
host_attach "$SW" "$B" "$H2" 10.89.0.2/24

status_is() { swsh "$SOCK" 'show interfaces status' | grep -Eq "^$1 +$2 +20 "; }
both() { status_is "$A" "$1" && status_is "$B" "$1"; }

both inactive || fail "ports in the missing VLAN 20 are not inactive: $(swsh "$SOCK" 'show interfaces status')"
ping_fails "$H1" 10.89.0.2
drops=$(swsh "$SOCK" "show interfaces $A counters" | awk '$2 == "port-disabled" { print $3 }')
[[ $drops =~ ^[0-9]+$ && $drops -ge 1 ]] || fail "$A counted no port-disabled drops [$drops]"

# `vlan 20`: the same ports, now in a VLAN that exists.
swsh_all "$SOCK" 'configure terminal' 'vlan 20' 'end' >/dev/null || fail "vlan 20 failed"
both connected || fail "vlan 20 did not make the ports active: $(swsh "$SOCK" 'show interfaces status')"
ping_ok "$H1" 10.89.0.2

# `no vlan 20`: inactive at once.
swsh_all "$SOCK" 'configure terminal' 'no vlan 20' 'end' >/dev/null || fail "no vlan 20 failed"
both inactive || fail "no vlan 20 did not make the ports inactive"
ping_fails "$H1" 10.89.0.2

stop_switchd "$SOCK"
test_pass
