#!/bin/bash
# `mtu N` (issue 14) sets a port's netdev MTU: a tap port's TAP in
# switchd's namespace, and internal ports' TAPs once their hosts moved them
# into their own namespaces (switchd reaches them there).  Two hosts behind
# internal ports with `mtu 9000` exchange 8000-byte pings unfragmented (DF
# set); `no mtu` puts 1500 back, and an MTU the kernel refuses is a clear
# error that changes nothing.  The startup file's "mtu" is applied when the
# port opens; `default interface` takes the MTU back to 1500 too.
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw H1=${P}h1 H2=${P}h2
A=${P}a B=${P}b T=${P}t
netns_add "$SW"; netns_add "$H1"; netns_add "$H2"

cat >"$TMP/switch.json" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "ports": [
      {"name": "$A", "type": "internal", "mode": "access"},
      {"name": "$B", "type": "internal", "mode": "access"},
      {"name": "$T", "type": "tap", "mtu": 4000}
    ]
  }]
}
JSON
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"

mtu_of() { ip -n "$1" -o link show dev "$2" | sed -E 's/.* mtu ([0-9]+) .*/\1/'; }

assert_eq "$(mtu_of "$SW" "$T")" 4000 "the tap port's MTU from the startup file"
host_attach "$SW" "$A" "$H1" 10.10.0.1/24
host_attach "$SW" "$B" "$H2" 10.10.0.2/24
assert_eq "$(mtu_of "$H1" "$A")" 1500 "an internal port's MTU before mtu is set"
ping_ok "$H1" 10.10.0.2
# 8000 bytes with DF do not leave a 1500 netdev.
ip netns exec "$H1" ping -c 1 -W 1 -M do -s 8000 10.10.0.2 >/dev/null 2>&1 \
    && fail "an 8000-byte ping with DF crossed 1500-byte MTUs"

out=$(swsh_all "$SOCK" 'configure terminal' "interface $A" 'mtu 9000' 'exit' \
    "interface $B" 'mtu 9000' 'exit' "interface $T" 'mtu 9000' 'end') \
    || fail "mtu 9000 failed: $out"
assert_eq "$(mtu_of "$H1" "$A")" 9000 "$A's MTU in its host's namespace"
assert_eq "$(mtu_of "$H2" "$B")" 9000 "$B's MTU in its host's namespace"
assert_eq "$(mtu_of "$SW" "$T")" 9000 "the tap port's MTU"
out=$(ip netns exec "$H1" ping -c 3 -W 5 -w 20 -i 0.2 -M do -s 8000 10.10.0.2 2>&1) \
    || fail "8000-byte pings over mtu 9000 ports failed: $out"
printf '%s\n' "$out" | grep -q '8008 bytes from 10.10.0.2' || fail "no 8000-byte replies: $out"
log "ok: 8000-byte pings cross two internal ports with mtu 9000"
swsh "$SOCK" "show running-config" | grep -qx ' mtu 9000' || fail "running-config has no mtu line"
swsh "$SOCK" "show running-config json" | grep -q '"mtu": 9000' || fail "the JSON has no \"mtu\""

# Refused by the kernel (more than a TAP takes): a clear error, nothing
# changed.
out=$(swsh_all "$SOCK" 'configure terminal' "interface $A" 'mtu 65535' 'end')
printf '%s\n' "$out" | grep -q "cannot set the MTU to 65535" \
    || fail "a refused MTU gave no clear error: $out"
log "refused: $out"
assert_eq "$(mtu_of "$H1" "$A")" 9000 "$A's MTU after a refused change"
swsh "$SOCK" "show running-config" | grep -q ' mtu 65535' && fail "a refused MTU is in running-config"

out=$(swsh_all "$SOCK" 'configure terminal' "interface $A" 'no mtu' 'end') \
    || fail "no mtu failed: $out"
assert_eq "$(mtu_of "$H1" "$A")" 1500 "$A's MTU after no mtu"
out=$(swsh_all "$SOCK" 'configure terminal' "default interface $B" 'end') \
    || fail "default interface failed: $out"
assert_eq "$(mtu_of "$H2" "$B")" 1500 "$B's MTU after default interface"
stop_switchd "$SOCK"
test_pass
