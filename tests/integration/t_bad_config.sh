#!/bin/bash
# Every class of bad configuration file is refused before anything exists:
# `switchd -f -c FILE -s SOCK` exits with code 2, its stderr starts with
# "FILE:LINE:COLUMN: JSON.PATH: message" ("FILE: message" when the file
# cannot be read), no netdev of the config appears and no socket file is
# created (switchd/config.h; docs/design.md section 9.3: a bad file never
# half-applies).  In each file the first port is valid, so a loader that
# applied ports one by one would leave it behind.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw
netns_add "$SW"
OK=${P}ok                           # the valid port of every file

# refused NAME EXPECTED: run switchd on $TMP/NAME.json; it must exit 2 within
# 5 s with exactly "$TMP/NAME.json" + EXPECTED as the first stderr line, and
# create no netdev and no socket file.
refused()
{
    local name=$1 cfg=$TMP/$1.json sock=$TMP/$1.sock err=$TMP/$1.stderr.log
    local rc first links
    timeout -k 2 5 ip netns exec "$SW" "$SWITCHD" -f -c "$cfg" -s "$sock" \
        </dev/null >/dev/null 2>"$err"
    rc=$?
    first=$(head -n 1 "$err")
    log "$name: exit $rc, stderr: $first"
    [ "$rc" -eq 2 ] || fail "$name: exit code $rc, expected 2; stderr: $(head -c 2000 "$err")"
    [ "$first" == "$cfg$2" ] || fail "$name: first stderr line
    got:      [$first]
    expected: [$cfg$2]"
    links=$(ip -n "$SW" -o link show | awk -F': ' '$2 != "lo" { print $2 }')
    [ -z "$links" ] || fail "$name: netdevs left in $SW: $links"
    [ ! -e "$sock" ] || fail "$name: socket file $sock created"
    log "ok: $name refused, nothing created"
}

# The offending token of each file stands on a line of its own at a fixed
# column, so the expected "LINE:COLUMN" does not depend on the length of $P.
# Columns point at the offending value (config.h), at the key for an unknown
# key; syntax errors carry jansson's position.

# 1. JSON syntax error: missing comma between two ports (jansson: line 7,
# column 7 is the '{' of the second port).
cat >"$TMP/syntax.json" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "ports": [
      {"name": "$OK", "type": "internal", "mode": "access", "access_vlan": 1}
      {"name": "${P}x", "type": "internal"}
    ]
  }]
}
JSON
refused syntax ":7:7: syntax error: ']' expected near '{'"

# 2. Unknown key (a typo of access_vlan) in the second port.
cat >"$TMP/unknown_key.json" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "ports": [
      {"name": "$OK", "type": "internal", "mode": "access", "access_vlan": 1},
      {"name": "${P}x", "type": "internal", "mode": "access",
       "acess_vlan": 10}
    ]
  }]
}
JSON
refused unknown_key ':8:8: bridges[0].ports[1].acess_vlan: unknown key "acess_vlan"'

# 3. Wrong type: the VLAN id as a string.
cat >"$TMP/wrong_type.json" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "ports": [
      {"name": "$OK", "type": "internal", "mode": "access", "access_vlan": 1},
      {"name": "${P}x", "type": "internal", "mode": "access",
       "access_vlan": "10"}
    ]
  }]
}
JSON
refused wrong_type ':8:23: bridges[0].ports[1].access_vlan: expected an integer, got a string'

# 4. VLAN id out of range.
cat >"$TMP/vlan_range.json" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "ports": [
      {"name": "$OK", "type": "internal", "mode": "access", "access_vlan": 1},
      {"name": "${P}x", "type": "internal", "mode": "access",
       "access_vlan": 5000}
    ]
  }]
}
JSON
refused vlan_range ':8:23: bridges[0].ports[1].access_vlan: invalid VLAN id 5000 (expected 1-4094)'

# 5. Duplicate port name, across bridges (port names are unique switch-wide):
# the second use is the error and names the first.
cat >"$TMP/duplicate_port.json" <<JSON
{
  "version": 1,
  "bridges": [
    {"name": "br0", "ports": [{"name": "$OK", "type": "internal"}]},
    {"name": "br1", "ports": [{"type": "internal",
                               "name": "$OK"}]}
  ]
}
JSON
refused duplicate_port ":6:40: bridges[1].ports[0].name: duplicate port name \"$OK\" (first at bridges[0].ports[0])"

# 6. Patch port whose peer does not exist.
cat >"$TMP/dangling_peer.json" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "ports": [
      {"name": "$OK", "type": "internal"},
      {"name": "${P}p", "type": "patch",
       "peer": "${P}none"}
    ]
  }]
}
JSON
refused dangling_peer ":8:16: bridges[0].ports[1].peer: patch peer \"${P}none\" is not a port"

# 7. Missing file: "FILE: No such file or directory".
refused missing ': No such file or directory'

test_pass
