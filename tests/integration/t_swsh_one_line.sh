#!/bin/bash
# swsh -c takes one command line per -c: a command with a newline in it is
# refused before anything is sent.  It used to go to switchd as it was, so
# the daemon ran each of its lines while swsh read the reply of the first
# only: `swsh -c $'configure terminal\nhostname evil'` printed nothing,
# exited 0, and renamed the switch.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw
netns_add "$SW"
cat >"$TMP/switch.json" <<JSON
{"version": 1, "hostname": "good", "bridges": [{"name": "br0", "ports": [{"name": "${P}a", "type": "tap"}]}]}
JSON
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"

for i in 1 2 3 4 5; do
    out=$(swsh_all "$SOCK" 'show version' $'configure terminal\nhostname evil'); rc=$?
    [ "$rc" -eq 1 ] || fail "a -c command with a newline: exit $rc, expected 1: $out"
done
assert_match "$out" "one line" "swsh says why"
out=$(swsh_all "$SOCK" $'show version\r'); rc=$?
[ "$rc" -eq 1 ] || fail "a -c command with a carriage return: exit $rc, expected 1: $out"
assert_match "$(swsh "$SOCK" 'show running-config | include hostname')" "^hostname good$" \
    "the hostname is unchanged"
assert_match "$(swsh "$SOCK" 'show version' | head -n 1)" "^tapswitch Software" "one-line commands still run"
stop_switchd "$SOCK"
test_pass
