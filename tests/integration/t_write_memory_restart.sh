#!/bin/bash
# `write memory` keeps what the shell changed across a restart (issue 5's
# point, issue 7): after edits through the shell and `write memory`, a
# switchd restarted on the same file prints the same `show running-config`
# and `show running-config json`, byte for byte; the saved file is the
# JSON export, and `show startup-config` shows the same configuration text
# as `show running-config`.  Before the save, `show startup-config` still
# shows the old file: edits are not saved by themselves.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw
A=${P}a B=${P}b T=${P}t
netns_add "$SW"

cat >"$TMP/startup.json" <<JSON
{
  "version": 1,
  "bridges": [{"name": "br0", "ports": [
    {"name": "$A", "type": "internal", "mode": "access", "access_vlan": 10},
    {"name": "$B", "type": "internal"}
  ]}]
}
JSON
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/startup.json" "$SOCK"

# (`exit` before each global command: see t_json_round_trip.sh.)
out=$(swsh_all "$SOCK" 'configure terminal' 'hostname edge-7' \
    'username netops secret N3t-ops' 'enable secret En-4ble' 'vlan dot1q tag native' \
    'vlan 10' 'name users' 'vlan 20' 'name voice' 'exit' \
    'mac address-table aging-time 600' \
    'bridge br0' "port $T type tap ofport 40" 'exit' \
    "interface $A" 'description uplink to "core" | 2' 'switchport access vlan 20' 'exit' \
    "interface $B" 'switchport trunk native vlan 20' 'shutdown' 'exit' \
    "interface $T" 'switchport mode access' 'exit' \
    'end') || fail "shell edits failed: $out"

swsh "$SOCK" 'show running-config' >"$TMP/text1" || fail "show running-config failed"
swsh "$SOCK" 'show running-config json' >"$TMP/json1" || fail "show running-config json failed"
for want in 'hostname edge-7' 'username netops secret 5 $6$' 'enable secret 5 $6$' \
    'vlan dot1q tag native' ' name voice' 'mac address-table aging-time 600' \
    "port $T type tap ofport 40" ' description uplink to "core" | 2' \
    ' switchport access vlan 20' ' switchport trunk native vlan 20' ' shutdown'; do
    grep -qF -- "$want" "$TMP/text1" || fail "running-config lacks [$want]: $(cat "$TMP/text1")"
done
log "ok: every edit is in the running-config ($(wc -l <"$TMP/text1") lines)"

# Not saved yet: the startup file is still the old one.
swsh "$SOCK" 'show startup-config' | grep -q 'hostname switch' \
    || fail "show startup-config already shows the edits before write memory"

out=$(swsh_all "$SOCK" 'write memory') || fail "write memory failed: $out"
assert_eq "$out" "Building configuration...
[OK]" "write memory output"
cmp "$TMP/startup.json" "$TMP/json1" || fail "the saved file is not the JSON export"
swsh "$SOCK" 'show startup-config' | tail -n +2 >"$TMP/startup-text"
tail -n +4 "$TMP/text1" | cmp -s - "$TMP/startup-text" \
    || fail "show startup-config differs from show running-config: $(tail -n +4 "$TMP/text1" | diff - "$TMP/startup-text")"
log "ok: show startup-config shows the running configuration"

stop_switchd "$SOCK"
link_absent "$SW" "$A" || fail "$A left behind by the stopped switchd"
start_switchd "$SW" "$TMP/startup.json" "$SOCK"
swsh "$SOCK" 'show running-config' >"$TMP/text2" || fail "show running-config (after restart) failed"
swsh "$SOCK" 'show running-config json' >"$TMP/json2" || fail "show running-config json (after restart) failed"
cmp "$TMP/text1" "$TMP/text2" || fail "running-config differs after the restart: $(diff "$TMP/text1" "$TMP/text2")"
log "ok: show running-config identical after the restart"
cmp "$TMP/json1" "$TMP/json2" || fail "running-config json differs after the restart: $(diff "$TMP/json1" "$TMP/json2")"
log "ok: show running-config json identical after the restart"

stop_switchd "$SOCK"
test_pass
