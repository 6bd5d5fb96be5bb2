#!/bin/bash
# What the shell shows of a live spanning tree (docs/cli.md "Spanning
# tree"): two switchd joined by two veth wires, SW1 the root (priority
# 4096).  On SW2, `show spanning-tree` names SW1 as root with SW1's own
# address, cost and root port; one wire's end is Root FWD, the other Altn
# BLK; `show spanning-tree interface X detail`, `show spanning-tree
# summary` and `ovs-appctl rstp/show` agree; a lower `spanning-tree cost`
# on the alternate's wire makes it the root port.  Then `no spanning-tree
# vlan 1-4094` leaves "No spanning tree instance exists."
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
test_init

SW1=${P}sw1 SW2=${P}sw2
A1=${P}a1 A2=${P}a2 B1=${P}b1 B2=${P}b2       # wire a: a1-a2, wire b: b1-b2
for ns in "$SW1" "$SW2"; do netns_add "$ns"; done
veth_add "$SW1" "$A1" "$SW2" "$A2"
veth_add "$SW1" "$B1" "$SW2" "$B2"

# write_config FILE PRIORITY WIRE_A WIRE_B
write_config()
{
    cat >"$1" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "spanning_tree": {"enabled": true, "priority": $2},
    "ports": [
      {"name": "$3", "type": "system"},
      {"name": "$4", "type": "system"}
    ]
  }]
}
JSON
}
write_config "$TMP/sw1.json" 4096 "$A1" "$B1"
write_config "$TMP/sw2.json" 32768 "$A2" "$B2"
start_switchd "$SW1" "$TMP/sw1.json" "$TMP/sw1.sock"
start_switchd "$SW2" "$TMP/sw2.json" "$TMP/sw2.sock"

show() { swsh "$TMP/$1.sock" "$2"; }
# row SW PORT: "ROLE STS" of PORT in SW's show spanning-tree.
row() { show "$1" 'show spanning-tree' | awk -v p="$2" '$1 == p { print $2, $3 }'; }
converged() { [ "$(row sw2 "$A2")" = "Root FWD" ] && [ "$(row sw2 "$B2")" = "Altn BLK" ]; }
wait_for 30 converged || fail "no Root FWD / Altn BLK on SW2: $(show sw2 'show spanning-tree')"

out1=$(show sw1 'show spanning-tree')
out2=$(show sw2 'show spanning-tree')
printf '%s\n' "$out2"
sw1_addr=$(awk '/Bridge ID/ { f = 1 } f && $1 == "Address" { print $2; exit }' <<<"$out1")
assert_match "$sw1_addr" '^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$' "SW1's dotted address"
assert_match "$out1" 'This bridge is the root' "SW1 says it is the root"
root_block=$(awk '/Root ID/ { f = 1 } /Bridge ID/ { f = 0 } f' <<<"$out2")
assert_match "$root_block" "Root ID    Priority    4096" "SW2's root priority"
assert_match "$root_block" "Address     $sw1_addr" "SW2's root address is SW1's"
assert_match "$root_block" "Port        1 \\($A2\\)" "SW2's root port"
cost=$(awk '$1 == "Cost" { print $2; exit }' <<<"$root_block")
port_cost=$(awk -v p="$A2" '$1 == p { print $4 }' <<<"$out2")
assert_eq "$cost" "$port_cost" "root path cost = the root port's cost"
assert_match "$out2" "Bridge ID  Priority    32768  \\(priority 32768 sys-id-ext 0\\)" "SW2's bridge ID"
assert_match "$(row sw1 "$A1")" '^Desg FWD$' "SW1's wire a end"
assert_match "$(row sw1 "$B1")" '^Desg FWD$' "SW1's wire b end"

detail=$(show sw2 "show spanning-tree interface $B2 detail")
printf '%s\n' "$detail"
assert_match "$detail" "Port 2 \\($B2\\) of br0 is alternate blocking" "alternate's detail"
assert_match "$detail" "Designated root has priority 4096, address $sw1_addr" "detail's root"
assert_match "$detail" "Designated port id is 128.2" "detail's designated port (SW1's b end)"
summary=$(show sw2 'show spanning-tree summary')
assert_match "$summary" 'Root bridge for: none' "SW2 is root for none"
assert_match "$summary" 'br0 +1 +0 +0 +1 +2' "SW2's summary row"
ovs=$(show sw2 'ovs-appctl rstp/show br0')
assert_match "$ovs" "root-port       $A2" "rstp/show's root port"
assert_match "$ovs" "$B2 +Alternate  Discarding" "rstp/show's alternate"

# A lower cost on wire b's end makes it the root port.
swsh "$TMP/sw2.sock" "configure terminal" "interface $B2" "spanning-tree cost 100" "end" \
    || fail "spanning-tree cost failed"
swapped() { [ "$(row sw2 "$B2")" = "Root FWD" ] && [ "$(row sw2 "$A2")" = "Altn BLK" ]; }
wait_for 30 swapped || fail "cost 100 did not move the root port: $(show sw2 'show spanning-tree')"
assert_match "$(show sw2 'show spanning-tree')" "Cost        100" "root path cost follows"

swsh "$TMP/sw2.sock" "configure terminal" "no spanning-tree vlan 1-4094" "end" \
    || fail "no spanning-tree vlan failed"
assert_eq "$(show sw2 'show spanning-tree')" "No spanning tree instance exists." "STP off"
stop_switchd "$TMP/sw1.sock"
stop_switchd "$TMP/sw2.sock"
test_pass
