#!/bin/bash
# The seed OpenStack OVS agent's two commands, as it runs them, twice:
#   ip link add int-br-eth1 type veth peer name phy-br-eth1
#   ovs-vsctl --timeout=10 -- --may-exist add-port br-int int-br-eth1
# (names prefixed with $P here).  They give exactly one veth-attached
# (system) port; the second run changes nothing (same ofport, the same
# configuration to the byte); and traffic crosses the veth between a host on
# the veth's far end and a host on an internal port of br-int.
# The second run goes through swsh called ovs-vsctl (the link the build
# makes next to swsh), as the agent's shell would run it, and so does an
# ovs-ofctl add-flow whose flow has a space in it.
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw H1=${P}h1 H2=${P}h2
INT=${P}ibr PHY=${P}pbr VM=${P}vm
netns_add "$SW"; netns_add "$H1"; netns_add "$H2"

cat >"$TMP/switch.json" <<JSON
{"version": 1, "bridges": [{"name": "br-int", "ports": [{"name": "$VM", "type": "internal"}]}]}
JSON
sock=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$sock"

# agent [LINK]: the agent's two commands; the second through swsh -c, or
# through swsh called ovs-vsctl.
agent()
{
    ip -n "$SW" link show "$INT" >/dev/null 2>&1 \
        || must ip -n "$SW" link add "$INT" type veth peer name "$PHY"
    if [ -n "${1:-}" ]; then
        TAPSWITCH_SOCKET=$sock timeout 60 "$(dirname "$SWSH")/ovs-vsctl" \
            --timeout=10 -- --may-exist add-port br-int "$INT" 2>&1
    else
        swsh_all "$sock" "ovs-vsctl --timeout=10 -- --may-exist add-port br-int $INT"
    fi
}

out=$(agent) || fail "first run: $out"
assert_eq "$out" "" "first run prints nothing"
ofport=$(swsh "$sock" "ovs-vsctl get interface $INT ofport")
assert_eq "$ofport" 2 "the veth port's ofport"
assert_eq "$(swsh "$sock" "ovs-vsctl get interface $INT type")" '""' "a system port (OVS type \"\")"
swsh "$sock" 'show running-config json' >"$TMP/before.json" || fail "show running-config json"

out=$(agent link) || fail "second run: $out"
assert_eq "$out" "" "second run prints nothing"
swsh "$sock" 'show running-config json' >"$TMP/after.json" || fail "show running-config json"
cmp -s "$TMP/before.json" "$TMP/after.json" \
    || fail "the second run changed the configuration: $(diff "$TMP/before.json" "$TMP/after.json")"
assert_eq "$(swsh "$sock" "ovs-vsctl get interface $INT ofport")" "$ofport" "ofport after the second run"
assert_eq "$(grep -c "\"name\": \"$INT\"" "$TMP/after.json")" 1 "ports named $INT"
assert_eq "$(swsh "$sock" 'ovs-vsctl list-ports br-int' | tr '\n' ' ')" "$INT $VM " "list-ports br-int"

# Traffic across the veth: H1 on its far end, H2 on the internal port.
must ip -n "$SW" link set "$PHY" netns "$H1"
must ip -n "$H1" link set "$PHY" up
must ip -n "$H1" addr add 10.12.0.1/24 dev "$PHY"
host_attach "$SW" "$VM" "$H2" 10.12.0.2/24
ping_ok "$H1" 10.12.0.2
rx=$(port_stat "$sock" "$INT" RX_FRAMES)
[[ $rx =~ ^[0-9]+$ && $rx -ge 4 ]] || fail "$INT RX_FRAMES [$rx]: the pings did not cross the veth"

TAPSWITCH_SOCKET=$sock timeout 60 "$(dirname "$SWSH")/ovs-ofctl" add-flow br-int \
    "priority=5,in_port=$ofport actions=NORMAL" || fail "ovs-ofctl add-flow through the link"
assert_match "$(TAPSWITCH_SOCKET=$sock timeout 60 "$(dirname "$SWSH")/ovs-ofctl" dump-flows br-int \
    --no-stats)" "^ priority=5,in_port=$ofport actions=NORMAL\$" "ovs-ofctl dump-flows through the link"

stop_switchd "$sock"
test_pass
