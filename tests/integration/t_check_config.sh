#!/bin/bash
# `switchd --check-config FILE` (issue 7): a valid file prints "FILE:
# valid" on stdout and exits 0; an invalid one prints the loader's
# "FILE:LINE:COLUMN: JSON.PATH: message" on stderr and exits 2; a missing
# one "FILE: No such file or directory", exit 2; a missing argument is a
# usage error, exit 2.  It creates nothing (no netdev, no socket file),
# and netdevs named by system ports are not looked for.  --help documents
# all of it.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw
netns_add "$SW"

# check FILE: runs --check-config in $SW with a socket path of its own;
# sets RC, OUT (stdout) and ERR (stderr).
check()
{
    ip netns exec "$SW" timeout 60 "$SWITCHD" --check-config "$1" -s "$TMP/check.sock" \
        >"$TMP/out" 2>"$TMP/err" </dev/null
    RC=$?
    OUT=$(cat "$TMP/out") ERR=$(cat "$TMP/err")
    log "--check-config $1: exit $RC, stdout [$OUT], stderr [$ERR]"
}
nothing_created()
{
    local links
    links=$(ip -n "$SW" -o link show | awk -F': ' '$2 != "lo" { print $2 }')
    [ -z "$links" ] || fail "$1: netdevs created: $links"
    [ ! -e "$TMP/check.sock" ] || fail "$1: socket file created"
}

cat >"$TMP/good.json" <<JSON
{
  "version": 1,
  "bridges": [{"name": "br0", "ports": [
    {"name": "${P}a", "type": "internal", "mode": "access", "access_vlan": 10},
    {"name": "${P}nic", "type": "system"}
  ]}]
}
JSON
check "$TMP/good.json"
assert_eq "$RC" 0 "valid file: exit code"
assert_eq "$OUT" "$TMP/good.json: valid" "valid file: stdout"
assert_eq "$ERR" "" "valid file: stderr"
nothing_created "valid file"

cat >"$TMP/bad.json" <<JSON
{
  "version": 1,
  "bridges": [{"name": "br0", "ports": [
    {"name": "${P}a", "type": "internal", "mode": "access",
     "access_vlan": 5000}
  ]}]
}
JSON
check "$TMP/bad.json"
assert_eq "$RC" 2 "invalid file: exit code"
assert_eq "$OUT" "" "invalid file: stdout"
assert_eq "$ERR" "$TMP/bad.json:5:21: bridges[0].ports[0].access_vlan: invalid VLAN id 5000 (expected 1-4094)" \
    "invalid file: stderr"
nothing_created "invalid file"

printf '{"version": 1,\n "bridges": [\n' >"$TMP/truncated.json"
check "$TMP/truncated.json"
assert_eq "$RC" 2 "truncated file: exit code"
assert_eq "$ERR" "$TMP/truncated.json:3:1: syntax error: ']' expected near end of file" \
    "truncated file: stderr"

check "$TMP/missing.json"
assert_eq "$RC" 2 "missing file: exit code"
assert_eq "$ERR" "$TMP/missing.json: No such file or directory" "missing file: stderr"

check "$TS_ROOT/examples/default.json"
assert_eq "$RC" 0 "examples/default.json: exit code"

"$SWITCHD" --check-config >/dev/null 2>"$TMP/err"; RC=$?
assert_eq "$RC" 2 "--check-config without FILE: exit code"
assert_match "$(cat "$TMP/err")" "requires an argument" "--check-config without FILE: message"

help=$("$SWITCHD" --help) || fail "switchd --help failed"
assert_match "$help" '--check-config FILE' "--help lists --check-config"
assert_match "$help" '"FILE: valid" and exits 0' "--help: what a valid file gives"
assert_match "$help" 'FILE:LINE:COLUMN: JSON.PATH: message" on stderr and' "--help: what an invalid file gives"
assert_match "$help" 'exits 2; creates nothing' "--help: exit code 2, nothing created"

test_pass
