#!/bin/bash
# A configuration change keeps the host ends of internal ports it does not
# need to touch -- and a change that fails touches nothing:
#  - an internal port that would become a system port (its netdev goes with
#    it, so the system port cannot open) is refused before anything closes;
#    it used to close the internal port, fail, and reopen it as a new netdev
#    in switchd's namespace: "nothing changed", and the host had lost its link;
#  - a change that recreates a port and then fails on something else (a
#    telnet address that cannot be bound) leaves the port alone;
#  - internal ports moved to another bridge keep their netdevs (they were
#    closed and made anew, out of the hosts' namespaces).
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw H1=${P}h1 H2=${P}h2
A=${P}a B=${P}b C=${P}c
netns_add "$SW"; netns_add "$H1"; netns_add "$H2"
# A user, so that a telnet address beyond loopback passes validation and
# reaches the bind that fails.
HASH='$6$a$ahNrFJXC.ZgRb10ZTsQRd49kJy0HEWrY16RYZ5KenF6NcyvaQR9t6zhUFl25So49FAgl7LNLUTe.29lDamlSD.'
# write_config FILE B_TYPE BRIDGE_OF_A_AND_B TELNET_LISTEN
write_config()
{
    local ab="{\"name\": \"$A\", \"type\": \"internal\"}, {\"name\": \"$B\", \"type\": \"$2\"}"
    local br0="" br1=""
    if [ "$3" = br0 ]; then br0="$ab,"; else br1="$ab,"; fi
    cat >"$1" <<JSON
{
  "version": 1,
  "cli": {"telnet": {"listen": "$4"}, "users": [{"name": "ops", "secret": "$HASH"}]},
  "bridges": [
    {"name": "br0", "ports": [$br0 {"name": "$C", "type": "tap"}]},
    {"name": "br1", "ports": [$br1 {"name": "${P}d", "type": "tap"}]}
  ]
}
JSON
}
write_config "$TMP/switch.json" internal br0 127.0.0.1:2323
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
host_attach "$SW" "$A" "$H1" 10.83.0.1/24
host_attach "$SW" "$B" "$H2" 10.83.0.2/24
ping_ok "$H1" 10.83.0.2

hosts_intact()
{
    link_exists "$H1" "$A" || fail "$1: $A is gone from its host"
    link_exists "$H2" "$B" || fail "$1: $B is gone from its host"
    link_absent "$SW" "$B" || fail "$1: a new $B was made in switchd's namespace"
    ping_ok "$H1" 10.83.0.2
}

write_config "$TMP/to-system.json" system br0 127.0.0.1:2323
out=$(swsh_all "$SOCK" "copy json $TMP/to-system.json running-config"); rc=$?
log "$out"
[ "$rc" -ne 0 ] || fail "an internal port turned system port was accepted: $out"
assert_match "$out" "$B.*nothing changed" "internal -> system is refused"
hosts_intact "after the refused internal -> system"

write_config "$TMP/bad-telnet.json" tap br0 10.83.255.254:2323
out=$(swsh_all "$SOCK" "copy json $TMP/bad-telnet.json running-config"); rc=$?
log "$out"
[ "$rc" -ne 0 ] || fail "a telnet address that cannot be bound was accepted: $out"
assert_match "$out" "cannot listen on 10.83.255.254:2323.*nothing changed" "the bad telnet address fails the change"
hosts_intact "after the failed change that would recreate $B"
assert_match "$(swsh "$SOCK" 'show ports' | awk -v p="$B" '$2 == p { print $3 }')" "^internal$" "$B is still internal"

write_config "$TMP/move.json" internal br1 127.0.0.1:2323
out=$(swsh_all "$SOCK" "copy json $TMP/move.json running-config"); rc=$?
log "$out"
[ "$rc" -eq 0 ] || fail "moving $A and $B to br1 failed: $out"
assert_match "$(swsh "$SOCK" 'show ports' | awk -v p="$A" '$2 == p { print $1 }')" "^br1$" "$A is on br1"
hosts_intact "after moving both ports to br1"
assert_match "$(swsh "$SOCK" 'show mac address-table' | grep -c "$A\|$B")" "^2$" "br1 learned both hosts"

stop_switchd "$SOCK"
test_pass
