#!/bin/bash
# A bridge's local port (docs/config.md "The local port"): `ovs-vsctl add-br`
# creates the bridge with an internal port of its name, ofport LOCAL (65534);
# a host address on that netdev, in switchd's namespace, answers a netns
# host on the bridge; flows see it as in_port=LOCAL (a drop flow for it
# stops the pings, deleting the flow brings them back); dump-ports and
# fdb/show name it LOCAL; and it cannot be deleted alone.
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw H1=${P}h1
BR=${P}br A=${P}a
netns_add "$SW"; netns_add "$H1"
veth_add "$SW" "$A" "$H1" "${A}h"
must ip -n "$H1" link set "${A}h" up
must ip -n "$H1" addr add 10.13.0.2/24 dev "${A}h"

echo '{"version": 1, "bridges": []}' >"$TMP/switch.json"
sock=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$sock"

out=$(swsh_all "$sock" "ovs-vsctl add-br $BR -- add-port $BR $A") || fail "add-br: $out"
link_exists "$SW" "$BR" || fail "no netdev $BR for the local port"
assert_eq "$(swsh "$sock" "ovs-vsctl get interface $BR ofport")" 65534 "the local port's ofport"
swsh "$sock" 'ovs-vsctl show' >"$TMP/show" || fail "ovs-vsctl show"
grep -A2 -x "        Port $BR" "$TMP/show" | tr -s ' ' >"$TMP/local"
assert_eq "$(cat "$TMP/local")" " Port $BR
 Interface $BR
 type: internal" "ovs-vsctl show lists the local port"

must ip -n "$SW" link set "$BR" up
must ip -n "$SW" addr add 10.13.0.1/24 dev "$BR"
ping_ok "$H1" 10.13.0.1

swsh "$sock" "ovs-appctl fdb/show $BR" >"$TMP/fdb" || fail "fdb/show"
mac=$(ip -n "$SW" -br link show "$BR" | awk '{print $3}')
grep -Eq "^LOCAL +1  $mac +[0-9]+$" "$TMP/fdb" || fail "fdb/show has no LOCAL entry for $mac: $(cat "$TMP/fdb")"
swsh "$sock" "ovs-ofctl show $BR" >"$TMP/ofshow" || fail "ovs-ofctl show"
grep -qx " LOCAL($BR): addr:$mac" "$TMP/ofshow" || fail "ovs-ofctl show has no LOCAL line: $(cat "$TMP/ofshow")"
swsh "$sock" "ovs-ofctl dump-ports $BR LOCAL" >"$TMP/ports" || fail "dump-ports"
rx=$(sed -nE 's/^  port LOCAL: rx pkts=([0-9]+),.*/\1/p' "$TMP/ports")
[[ $rx =~ ^[0-9]+$ && $rx -ge 4 ]] || fail "dump-ports LOCAL rx pkts [$rx]: $(cat "$TMP/ports")"

# in_port=LOCAL in the datapath: the replies come from the local port.
must swsh "$sock" "ovs-ofctl add-flow $BR priority=10,in_port=LOCAL,actions=drop"
assert_match "$(swsh "$sock" "ovs-ofctl dump-flows $BR --no-stats")" \
    '^ priority=10,in_port=LOCAL actions=drop$' "dump-flows --no-stats prints in_port=LOCAL"
ping_fails "$H1" 10.13.0.1
must swsh "$sock" "ovs-ofctl del-flows $BR --strict priority=10,in_port=LOCAL"
ping_ok "$H1" 10.13.0.1

out=$(swsh_all "$sock" "ovs-vsctl del-port $BR") && fail "del-port of the local port succeeded"
assert_eq "$out" "% ovs-vsctl: cannot delete port $BR because it is the local port for bridge $BR (deleting this port requires deleting the entire bridge)" "del-port LOCAL"
must swsh "$sock" "ovs-vsctl del-br $BR"
wait_for 10 link_absent "$SW" "$BR" || fail "the local port's netdev outlived its bridge"

stop_switchd "$sock"
test_pass
