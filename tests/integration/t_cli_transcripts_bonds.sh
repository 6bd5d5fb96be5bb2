#!/bin/bash
# Port-channels in the shell (issue 13): the bonds transcript
# (tests/integration/cli/transcripts/bonds.script says what it types),
# then running-config as a config push: a switch configured with every
# bond command prints `show running-config`; a second switch, started
# with no bridge, takes those lines in `configure terminal` and must then
# print the same `show running-config json` and `show running-config`
# (a port-channel whose last member left included: it runs no LACP, as
# its running-config, with no channel-group line, says).
# run.sh timeout: 300
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
. "$TS_DIR/cli/transcripts.sh"
test_init
transcripts_run bonds

SW1=${P}b1 SW2=${P}b2
for ns in "$SW1" "$SW2"; do
    netns_add "$ns"
    for i in 1 2 3; do
        must ip -n "$ns" link add "eth$i" type veth peer name "eth$i-wire"
        must ip -n "$ns" link set "eth$i" up
    done
done
cat >"$TMP/one.json" <<'JSON'
{"version": 1, "bridges": [{"name": "br0", "ports": [
  {"name": "vm1", "type": "tap"}, {"name": "eth1", "type": "system"},
  {"name": "eth2", "type": "system"}, {"name": "eth3", "type": "system"},
  {"name": "eth4", "type": "tap"}]}]}
JSON
echo '{"version": 1}' >"$TMP/none.json"
SOCK1=$TMP/b1.sock SOCK2=$TMP/b2.sock
start_switchd "$SW1" "$TMP/one.json" "$SOCK1"
out=$(swsh_all "$SOCK1" 'configure terminal' \
    'interface range eth1 - 2' 'channel-group 1 mode active' 'lacp rate fast' 'exit' \
    'interface eth3' 'channel-group 2 mode on' 'exit' \
    'interface Port-channel2' 'switchport mode access' 'switchport access vlan 20' \
    'bond-mode active-backup' 'shutdown' 'exit' \
    'interface po1' 'switchport trunk allowed vlan 1,20' 'switchport trunk native vlan 20' \
    'description uplink bond' 'exit' \
    'interface port-channel 7' 'exit' \
    'interface vm1' 'channel-group 8 mode passive' 'no channel-group' 'exit' \
    'lacp system-priority 4096' 'port-channel load-balance src-dst-mac' 'end') \
    || fail "configuring the bonds failed: $out"
swsh "$SOCK1" 'show running-config' >"$TMP/run1.txt" || fail "show running-config failed"
swsh "$SOCK1" 'show running-config json' >"$TMP/json1.txt" || fail "show running-config json failed"
for want in 'channel-group 1 mode active' 'lacp rate fast' 'channel-group 2 mode on' \
    'interface Port-channel2' 'bond-mode active-backup' 'interface Port-channel7' \
    'lacp system-priority 4096' 'port-channel load-balance src-dst-mac' \
    'port Po1 type bond ofport'; do
    grep -qF -- "$want" "$TMP/run1.txt" || fail "running-config lacks \"$want\": $(cat "$TMP/run1.txt")"
done
assert_match "$(swsh "$SOCK1" 'show lacp sys-id')" '^4096, [0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$' \
    "show lacp sys-id"

# Every show of a bond answers (the transcript reads the summary; these
# read members' LACP rows, which it leaves out: their values are the
# daemon's), and a group or bond that is not there is an error.
out=$(swsh_all "$SOCK1" 'show etherchannel detail') || fail "show etherchannel detail: $out"
assert_match "$out" 'Port-channel: Po1    \(Primary Aggregator\)' "detail names Po1's aggregator"
assert_match "$out" 'Channel group = 2 +Mode = On' "detail shows Po2's member in mode on"
out=$(swsh_all "$SOCK1" 'show etherchannel 1 detail') || fail "show etherchannel 1 detail: $out"
assert_match "$(printf '%s\n' "$out" | grep -c '^Port: ')" '^2$' "group 1 has two members"
out=$(swsh_all "$SOCK1" 'show lacp internal') || fail "show lacp internal: $out"
assert_match "$out" '^eth2 +FA ' "eth2 asks for fast LACPDUs, actively"
for c in 'show lacp neighbor' 'show lacp counters' 'ovs-appctl lacp/show' \
    'ovs-appctl lacp/show Po1' 'ovs-appctl bond/show' 'show interfaces port-channel 7' \
    'ovs-vsctl show'; do
    out=$(swsh_all "$SOCK1" "$c") || fail "$c: $out"
done
assert_match "$out" '^        Port Po1$' "ovs-vsctl show lists Po1"
for c in 'show etherchannel 9 detail' 'ovs-appctl lacp/show Po2' 'ovs-appctl bond/show eth1' \
    'show interfaces port-channel 9'; do
    swsh_all "$SOCK1" "$c" >/dev/null && fail "$c succeeded"
done

# The lines of running-config, from the first "!" on, as typed lines.
lines=()
while IFS= read -r line; do lines+=("$line"); done \
    < <(sed -n '/^!$/,$p' "$TMP/run1.txt")
start_switchd "$SW2" "$TMP/none.json" "$SOCK2"
out=$(swsh_all "$SOCK2" 'configure terminal' "${lines[@]}") \
    || fail "pasting running-config failed: $out"
[ -z "$(printf '%s\n' "$out" | grep '^%' | grep -v '^% Creating vlan\|Access VLAN does not exist')" ] \
    || fail "pasting running-config printed errors: $out"
swsh "$SOCK2" 'show running-config json' >"$TMP/json2.txt" || fail "show running-config json failed"
swsh "$SOCK2" 'show running-config' >"$TMP/run2.txt" || fail "show running-config failed"
diff -u "$TMP/json1.txt" "$TMP/json2.txt" || fail "the pasted running-config gives another JSON"
diff -u "$TMP/run1.txt" "$TMP/run2.txt" || fail "the pasted running-config gives another running-config"
stop_switchd "$SOCK1"
stop_switchd "$SOCK2"
test_pass
