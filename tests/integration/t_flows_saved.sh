#!/bin/bash
# Flows are configuration (issue 6): flows added with the ovs-ofctl spelling
# show in running-config as the bridge's `flow add` lines, are saved by
# `write memory` and come back after a restart with the same dump-flows
# text (counters aside); a deleted default flow stays deleted across a save
# and a reload (the file says it with a priority-0 drop flow); a flow that
# does not parse is refused with the parser's message and changes nothing.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw
netns_add "$SW"
cat >"$TMP/switch.json" <<JSON
{"version": 1, "bridges": [{"name": "br-int", "ports": [
  {"name": "${P}a", "type": "tap", "ofport": 1}, {"name": "${P}b", "type": "tap", "ofport": 6}]}]}
JSON
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"

# mask: dump-flows without the volatile fields.
mask() { sed -E 's/duration=[0-9.]+s, //; s/idle_age=[0-9]+, //; s/n_packets=[0-9]+, n_bytes=[0-9]+, //'; }

out=$(swsh_all "$SOCK" \
  'ovs-ofctl add-flow br-int "priority=3,in_port=6,dl_vlan=100 actions=mod_vlan_vid:1,NORMAL"' \
  'ovs-ofctl add-flow br-int priority=2,in_port=6,actions=drop' \
  "ovs-ofctl add-flow br-int 'priority=1 actions=NORMAL'") || fail "add-flow failed: $out"
before=$(swsh "$SOCK" 'ovs-ofctl dump-flows br-int' | mask)
assert_eq "$before" " cookie=0x0, table=0, priority=3,in_port=6,dl_vlan=100 actions=mod_vlan_vid:1,NORMAL
 cookie=0x0, table=0, priority=2,in_port=6 actions=drop
 cookie=0x0, table=0, priority=1 actions=NORMAL
 cookie=0x0, table=0, priority=0 actions=NORMAL" "dump-flows after three add-flows"
assert_eq "$(swsh "$SOCK" 'show running-config' | grep ' flow add')" " flow add priority=3,in_port=6,dl_vlan=100 actions=mod_vlan_vid:1,NORMAL
 flow add priority=2,in_port=6 actions=drop
 flow add priority=1 actions=NORMAL" "running-config lists the flows (not the default one)"

out=$(swsh_all "$SOCK" 'ovs-ofctl add-flow br-int "priority=5,dl_vlan=5000 actions=drop"'); rc=$?
[ "$rc" -eq 1 ] || fail "a bad flow was accepted: $out"
assert_eq "$out" '% invalid dl_vlan "5000" (expected 0-4095, or 0xffff for untagged)' "bad flow message"
assert_eq "$(swsh "$SOCK" 'ovs-ofctl dump-flows br-int' | mask)" "$before" "a bad flow changes nothing"

swsh "$SOCK" 'write memory' >/dev/null || fail "write memory failed"
stop_switchd "$SOCK"
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
assert_eq "$(swsh "$SOCK" 'ovs-ofctl dump-flows br-int' | mask)" "$before" "flows after write memory and a restart"

# The default flow deleted: still gone after a save and a reload.
swsh "$SOCK" 'ovs-ofctl del-flows br-int --strict priority=0' 'write memory' >/dev/null \
    || fail "del-flows / write memory failed"
grep -q '"priority=0 actions=drop"' "$TMP/switch.json" || fail "the file does not say the default flow is gone"
out=$(swsh_all "$SOCK" 'reload') || fail "reload failed: $out"
after=$(swsh "$SOCK" 'ovs-ofctl dump-flows br-int' | mask)
printf '%s\n' "$after" | grep -q "priority=0 actions=NORMAL" && fail "the deleted default flow came back: $after"
printf '%s\n' "$after" | grep -q "priority=0 actions=drop" || fail "no priority-0 drop flow: $after"
stop_switchd "$SOCK"
test_pass
