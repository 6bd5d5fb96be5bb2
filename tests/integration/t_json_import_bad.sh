#!/bin/bash
# A bad file changes nothing in a running switch (issue 7; docs/design.md
# section 9.3): each class of bad file is imported with `copy json FILE
# running-config`, which fails with exactly "% FILE:LINE:COLUMN:
# JSON.PATH: message" (the loader's message), and then sent as the startup
# file with SIGHUP, which logs the same message; after each, `show
# running-config json` is byte for byte what it was and the file's valid
# new port has no netdev.  Every file also renames the switch and starts
# with a valid new port, so a half-applied file would show.  Last, a file
# that loads but cannot be applied (a system port whose netdev does not
# exist) is refused by state_apply() after the new internal port before it
# was opened: that one must be closed again.
#
# Flows: an empty one and a malformed one (the flow parser's message, with
# the JSON position).
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw
RUN=${P}run OK=${P}ok
netns_add "$SW"

cat >"$TMP/startup.json" <<JSON
{
  "version": 1,
  "hostname": "base",
  "bridges": [{"name": "br0", "ports": [{"name": "$RUN", "type": "internal"}]}]
}
JSON
cp "$TMP/startup.json" "$TMP/good.json"
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/startup.json" "$SOCK"
swsh "$SOCK" 'show running-config json' >"$TMP/before.json" || fail "show running-config json failed"
grep -q '"hostname": "base"' "$TMP/before.json" || fail "unexpected start: $(cat "$TMP/before.json")"
LOG=${TS_SWITCHD_LOG[$SWITCHD_PID]}

# unchanged WHAT: the running configuration is the one from the start and
# the bad file's new port was not created.
unchanged()
{
    swsh "$SOCK" 'show running-config json' >"$TMP/after.json" || fail "$1: show failed"
    cmp -s "$TMP/before.json" "$TMP/after.json" \
        || fail "$1: the running configuration changed: $(diff "$TMP/before.json" "$TMP/after.json")"
    link_absent "$SW" "$OK" || fail "$1: the file's new port $OK was created"
    link_exists "$SW" "$RUN" || fail "$1: the running port $RUN is gone"
}

# refused NAME EXPECTED: $TMP/NAME.json is refused by copy json and by
# SIGHUP with message EXPECTED (after the file name); nothing changes.  A
# NAME with no file: the startup file is removed for SIGHUP.
refused()
{
    local name=$1 file=$TMP/$1.json out rc line
    out=$(swsh_all "$SOCK" "copy json $file running-config"); rc=$?
    [ "$rc" -eq 1 ] || fail "$name: copy json exited $rc, expected 1: $out"
    assert_eq "$out" "% $file$2" "$name: copy json message"
    unchanged "$name: copy json"

    if [ -e "$file" ]; then cp "$file" "$TMP/startup.json"; else rm -f "$TMP/startup.json"; fi
    kill -HUP "$SWITCHD_PID"
    line="switchd: error: SIGHUP: $TMP/startup.json$2 (nothing changed)"
    wait_for 30 grep -qxF -- "$line" "$LOG" \
        || fail "$name: SIGHUP did not log [$line]; log: $(tail -n 3 "$LOG")"
    log "ok: $name: SIGHUP logged the message"
    unchanged "$name: SIGHUP"
}

# Each file: new hostname, a valid new port, then the bad part on a line
# of its own at a fixed column (so LINE:COLUMN do not depend on $P).

cat >"$TMP/syntax.json" <<JSON
{
  "version": 1,
  "hostname": "changed",
  "bridges": [{"name": "br0", "ports": [
    {"name": "$RUN", "type": "internal"},
    {"name": "$OK", "type": "internal"}
    {"name": "${P}x", "type": "internal"}
  ]}]
}
JSON
refused syntax ":7:5: syntax error: ']' expected near '{'"

cat >"$TMP/unknown_key.json" <<JSON
{
  "version": 1,
  "hostname": "changed",
  "bridges": [{"name": "br0", "ports": [
    {"name": "$RUN", "type": "internal"},
    {"name": "$OK", "type": "internal"},
    {"name": "${P}x", "type": "internal", "mode": "access",
     "acess_vlan": 10}
  ]}]
}
JSON
refused unknown_key ':8:6: bridges[0].ports[2].acess_vlan: unknown key "acess_vlan"'

cat >"$TMP/wrong_type.json" <<JSON
{
  "version": 1,
  "hostname": "changed",
  "bridges": [{"name": "br0", "ports": [
    {"name": "$RUN", "type": "internal"},
    {"name": "$OK", "type": "internal"},
    {"name": "${P}x", "type": "internal", "mode": "access",
     "access_vlan": "10"}
  ]}]
}
JSON
refused wrong_type ':8:21: bridges[0].ports[2].access_vlan: expected an integer, got a string'

cat >"$TMP/vlan_range.json" <<JSON
{
  "version": 1,
  "hostname": "changed",
  "bridges": [{"name": "br0", "ports": [
    {"name": "$RUN", "type": "internal"},
    {"name": "$OK", "type": "internal"},
    {"name": "${P}x", "type": "internal", "mode": "access",
     "access_vlan": 5000}
  ]}]
}
JSON
refused vlan_range ':8:21: bridges[0].ports[2].access_vlan: invalid VLAN id 5000 (expected 1-4094)'

cat >"$TMP/duplicate_name.json" <<JSON
{
  "version": 1,
  "hostname": "changed",
  "bridges": [{"name": "br0", "ports": [
    {"name": "$RUN", "type": "internal"},
    {"name": "$OK", "type": "internal"}]},
   {"name": "br1", "ports": [{"type": "internal",
     "name": "$RUN"}]}
  ]
}
JSON
refused duplicate_name ":8:14: bridges[1].ports[0].name: duplicate port name \"$RUN\" (first at bridges[0].ports[0])"

cat >"$TMP/dangling_peer.json" <<JSON
{
  "version": 1,
  "hostname": "changed",
  "bridges": [{"name": "br0", "ports": [
    {"name": "$RUN", "type": "internal"},
    {"name": "$OK", "type": "internal"},
    {"name": "${P}p", "type": "patch",
     "peer": "${P}none"}
  ]}]
}
JSON
refused dangling_peer ":8:14: bridges[0].ports[2].peer: patch peer \"${P}none\" is not a port"

cat >"$TMP/bad_flow.json" <<JSON
{
  "version": 1,
  "hostname": "changed",
  "bridges": [{"name": "br0", "ports": [
    {"name": "$RUN", "type": "internal"},
    {"name": "$OK", "type": "internal"}],
    "flows": ["priority=1 actions=NORMAL",
      ""]
  }]
}
JSON
refused bad_flow ':8:7: bridges[0].flows[1]: empty flow (expected e.g. "priority=1 actions=NORMAL")'

cat >"$TMP/bad_flow2.json" <<JSON
{
  "version": 1,
  "bridges": [{"name": "br0", "ports": [
    {"name": "$RUN", "type": "internal"},
    {"name": "$OK", "type": "internal"}],
    "flows": ["priority=3,in_port=6,dl_vlan=5000 actions=mod_vlan_vid:1,NORMAL"]
  }]
}
JSON
refused bad_flow2 ':6:15: bridges[0].flows[0]: invalid dl_vlan "5000" (expected 0-4095, or 0xffff for untagged)'

refused missing ': No such file or directory'

# Loads, but cannot be applied: the system port's netdev does not exist.
# state_apply() opens new ports first ($OK), fails on ${P}nodev, and must
# close $OK again.
cat >"$TMP/no_netdev.json" <<JSON
{
  "version": 1,
  "hostname": "changed",
  "bridges": [{"name": "br0", "ports": [
    {"name": "$RUN", "type": "internal"},
    {"name": "$OK", "type": "internal"},
    {"name": "${P}nodev", "type": "system"}]}]
}
JSON
out=$(swsh_all "$SOCK" "copy json $TMP/no_netdev.json running-config"); rc=$?
[ "$rc" -eq 1 ] || fail "no_netdev: copy json exited $rc, expected 1: $out"
assert_eq "$out" "% $TMP/no_netdev.json: ${P}nodev: no such network device (nothing changed)" \
    "no_netdev: copy json names the port that failed"
unchanged "no_netdev: copy json"
cp "$TMP/no_netdev.json" "$TMP/startup.json"
kill -HUP "$SWITCHD_PID"
wait_for 30 grep -qxF -- "switchd: error: SIGHUP: $TMP/startup.json: ${P}nodev: no such network device (nothing changed)" "$LOG" \
    || fail "no_netdev: SIGHUP did not log the failure; log: $(tail -n 3 "$LOG")"
unchanged "no_netdev: SIGHUP"

# The switch still takes a good file afterwards.
cp "$TMP/good.json" "$TMP/startup.json"
out=$(swsh_all "$SOCK" 'reload') || fail "reload of the good file failed: $out"
assert_eq "$out" "% Reloaded startup-config $TMP/startup.json: no changes" "reload after the bad files"

stop_switchd "$SOCK"
test_pass
