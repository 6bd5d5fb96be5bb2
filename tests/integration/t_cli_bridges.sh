#!/bin/bash
# Bridges and ports made from the shell act at once (issue 5): a bridge and
# an internal port created with `bridge` / `port ... type internal` carry a
# host; a patch pair is typed one end per bridge: the first end waits in
# the session (the running configuration stays one that can be saved), the
# second creates both and a ping crosses; `write memory` saves the pair;
# `no port` of one end removes the pair and breaks the path; `no bridge`
# removes a bridge with its ports.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw H1=${P}h1 H2=${P}h2
A=${P}a B=${P}b
netns_add "$SW"; netns_add "$H1"; netns_add "$H2"
cat >"$TMP/switch.json" <<JSON
{"version": 1, "bridges": [{"name": "br-a", "ports": [
  {"name": "$A", "type": "internal", "mode": "access", "access_vlan": 10}]}]}
JSON
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
host_attach "$SW" "$A" "$H1" 10.81.0.1/24

out=$(swsh_all "$SOCK" 'configure terminal' 'bridge br-b' "port $B type internal" 'end') \
    || fail "creating br-b failed: $out"
wait_for 30 link_exists "$SW" "$B" || fail "port $B did not appear"
host_attach "$SW" "$B" "$H2" 10.81.0.2/24
out=$(swsh_all "$SOCK" 'configure terminal' "interface $B" 'switchport mode access' \
      'switchport access vlan 10' 'end') || fail "configuring $B failed: $out"
ping_fails "$H1" 10.81.0.2          # two bridges, no link yet

# Both ends in one session: the first waits, the second makes the pair.
out=$(swsh_all "$SOCK" 'configure terminal' 'bridge br-a' "port ${P}pa type patch peer ${P}pb" \
      'bridge br-b' "port ${P}pb type patch peer ${P}pa" 'end') \
    || fail "making the patch pair failed: $out"
assert_match "$out" "Patch port ${P}pa waits for its peer" "the first end waits for the second"
ping_ok "$H1" 10.81.0.2
swsh "$SOCK" 'show interfaces status' | grep -Eq "^${P}pa +connected +trunk " \
    || fail "the patch port does not show connected"
out=$(swsh_all "$SOCK" 'write memory') || fail "write memory failed: $out"
assert_match "$out" "\[OK\]" "write memory saves the complete pair"
"$SWITCHD" --check-config "$TMP/switch.json" >/dev/null || fail "the saved file does not load"
grep -q "\"peer\": \"${P}pa\"" "$TMP/switch.json" || fail "the saved file lacks the pair"

out=$(swsh_all "$SOCK" 'configure terminal' 'bridge br-b' "no port ${P}pb" 'end') \
    || fail "no port failed: $out"
ping_fails "$H1" 10.81.0.2
swsh "$SOCK" 'show ports' | grep -q " ${P}pa " && fail "the other end of the pair survived"
# br-b's ports go with it; its host's interface with them.
out=$(swsh_all "$SOCK" 'configure terminal' 'no bridge br-b' 'end') \
    || fail "no bridge failed: $out"
swsh "$SOCK" 'show ports' | grep -q " $B " && fail "$B survived no bridge"
wait_for 30 link_absent "$H2" "$B" || fail "$B's netdev still exists"
stop_switchd "$SOCK"
test_pass
