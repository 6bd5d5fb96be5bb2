#!/bin/bash
# IOS port security (docs/design.md section 5.11) and err-disable recovery
# (section 6.9): an access port with `switchport port-security maximum 2`
# and violation shutdown passes frames from two source MACs (the host's
# own and a macvlan's); a third source MAC (a second macvlan) err-disables
# it (%PM-4-ERR_DISABLE, %PORT_SECURITY-2-PSECURE_VIOLATION, `show
# port-security` counts the violation); `errdisable recovery cause
# psecure-violation` with a short interval brings it back
# (%PM-4-ERR_RECOVER) and the host's traffic flows again.
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw H1=${P}h1 H2=${P}h2
A=${P}a B=${P}b
SOCK=$TMP/sw.sock
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
start_switchd "$SW" "$TMP/switch.json" "$SOCK"

out=$(swsh_all "$SOCK" 'configure terminal' "interface $A" 'switchport port-security maximum 2' \
      'switchport port-security' 'end') || fail "port-security config failed: $out"
host_attach "$SW" "$A" "$H1" 10.10.0.1/24
host_attach "$SW" "$B" "$H2" 10.10.0.2/24

ping_ok "$H1" 10.10.0.2
# A second source: a macvlan on the host's interface pinging from its own
# address (IPv6 is off in the namespaces, so nothing else sends from it).
must ip -n "$H1" link add link "$A" name mv1 address 52:54:00:aa:00:01 type macvlan mode bridge
must ip -n "$H1" addr add 10.10.0.11/24 dev mv1
must ip -n "$H1" link set mv1 up
ip netns exec "$H1" ping -c 2 -W 1 -I mv1 10.10.0.2 >/dev/null 2>&1
wait_for 10 sh -c "'$SWSH' -s '$SOCK' -c 'show port-security interface $A' 2>/dev/null \
    | grep -q 'Total MAC Addresses        : 2'" \
    || fail "two secure addresses not learnt: $(swsh "$SOCK" "show port-security interface $A")"
swsh "$SOCK" 'show interfaces status' | grep -Eq "^$A +connected " \
    || fail "port $A not connected with 2 addresses: $(swsh "$SOCK" 'show interfaces status')"
ping_ok "$H1" 10.10.0.2

# The third source MAC.
must ip -n "$H1" link add link "$A" name mv2 address 52:54:00:aa:00:02 type macvlan mode bridge
must ip -n "$H1" addr add 10.10.0.12/24 dev mv2
must ip -n "$H1" link set mv2 up
ip netns exec "$H1" ping -c 2 -W 1 -I mv2 10.10.0.2 >/dev/null 2>&1
wait_for 10 sh -c "'$SWSH' -s '$SOCK' -c 'show interfaces status' 2>/dev/null \
    | grep -Eq '^$A +err-disabled '" \
    || fail "port $A not err-disabled: $(swsh "$SOCK" 'show interfaces status')"
must ip -n "$H1" link del mv2
ps=$(swsh "$SOCK" "show port-security interface $A")
log "$ps"
grep -q 'Port Status                : Secure-shutdown' <<<"$ps" || fail "not Secure-shutdown"
grep -q 'Security Violation Count   : [1-9]' <<<"$ps" || fail "violation not counted"
grep -q 'Last Source Address:Vlan   : 5254.00aa.0002:10' <<<"$ps" || fail "last source wrong"
logs=$(swsh "$SOCK" 'show logging')
grep -q "%PM-4-ERR_DISABLE: psecure-violation error detected on $A, putting $A in err-disable state" \
    <<<"$logs" || fail "no ERR_DISABLE line: $logs"
grep -q "%PORT_SECURITY-2-PSECURE_VIOLATION: Security violation occurred, caused by MAC address 5254.00aa.0002 on port $A." \
    <<<"$logs" || fail "no PSECURE_VIOLATION line: $logs"
ping_fails "$H1" 10.10.0.2

# Recovery: the port comes back after the interval, and traffic flows.
out=$(swsh_all "$SOCK" 'configure terminal' 'errdisable recovery cause psecure-violation' \
      'errdisable recovery interval 2' 'end') || fail "errdisable recovery config failed: $out"
swsh "$SOCK" 'show errdisable recovery' | grep -Eq "^$A +psecure-violation +[0-9]+\$" \
    || log "(recovered before show errdisable recovery listed it)"
wait_for 20 sh -c "'$SWSH' -s '$SOCK' -c 'show interfaces status' 2>/dev/null \
    | grep -Eq '^$A +connected '" \
    || fail "port $A did not recover: $(swsh "$SOCK" 'show interfaces status')"
swsh "$SOCK" 'show logging' | grep -q "%PM-4-ERR_RECOVER: Attempting to recover from psecure-violation err-disable state on $A" \
    || fail "no ERR_RECOVER line"
ping_ok "$H1" 10.10.0.2

stop_switchd "$SOCK"
test_pass
