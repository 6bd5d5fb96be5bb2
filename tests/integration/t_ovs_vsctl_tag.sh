#!/bin/bash
# run.sh overlap: yes
# `ovs-vsctl add-port` and `ovs-vsctl set port X tag=N` change the datapath
# as the equivalent IOS commands do (docs/cli.md, "EXEC: Open vSwitch"):
# two netns hosts on veths added with ovs-vsctl ping each other in the same
# tag, not across tags, and a retag flips it; and the port ovs-vsctl made
# is, in the configuration, the port `port X type system` + `switchport
# mode access` + `switchport access vlan N` makes.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw H1=${P}h1 H2=${P}h2 H3=${P}h3
A=${P}a B=${P}b C=${P}c
netns_add "$SW"; netns_add "$H1"; netns_add "$H2"; netns_add "$H3"
veth_add "$SW" "$A" "$H1" "${A}h"
veth_add "$SW" "$B" "$H2" "${B}h"
veth_add "$SW" "$C" "$H3" "${C}h"
for h in "$H1:${A}h:10.11.0.1" "$H2:${B}h:10.11.0.2" "$H3:${C}h:10.11.0.3"; do
    IFS=: read -r ns dev ip <<<"$h"
    must ip -n "$ns" link set "$dev" up
    must ip -n "$ns" addr add "$ip/24" dev "$dev"
done

echo '{"version": 1, "bridges": [{"name": "br0"}]}' >"$TMP/switch.json"
sock=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$sock"

out=$(swsh_all "$sock" "ovs-vsctl add-port br0 $A -- set port $A tag=10" \
                      "ovs-vsctl --timeout=10 add-port br0 $B tag=10") \
    || fail "ovs-vsctl add-port failed: $out"
ping_ok "$H1" 10.11.0.2

must swsh "$sock" "ovs-vsctl set port $B tag=20"
assert_eq "$(swsh "$sock" "ovs-vsctl get port $B tag")" 20 "get port $B tag"
ping_fails "$H1" 10.11.0.2

# The same port the IOS way, in VLAN 20: H2 and H3 now share a VLAN.
must swsh "$sock" 'configure terminal' 'bridge br0' "port $C type system" 'exit' \
    "interface $C" 'switchport mode access' 'switchport access vlan 20' 'end'
ping_ok "$H3" 10.11.0.2
ping_fails "$H3" 10.11.0.1

# Both ways give the same configuration but for name and ofport.
swsh "$sock" 'show running-config json' >"$TMP/run.json" || fail "show running-config json"
python3 - "$TMP/run.json" "$B" "$C" <<'PY' || fail "ports $B and $C differ in the configuration"
import json, sys
doc = json.load(open(sys.argv[1]))
ports = {p["name"]: p for b in doc["bridges"] for p in b["ports"]}
a, b = dict(ports[sys.argv[2]]), dict(ports[sys.argv[3]])
for p in (a, b):
    del p["name"], p["ofport"]
print(a); print(b)
sys.exit(a != b)
PY
log "ok: the ovs-vsctl port and the IOS port have the same configuration"

# Retag back: the ovs-vsctl port joins VLAN 10 again.
must swsh "$sock" "ovs-vsctl set port $B tag=10"
ping_ok "$H1" 10.11.0.2
ping_fails "$H3" 10.11.0.2

stop_switchd "$sock"
test_pass
