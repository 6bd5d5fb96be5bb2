#!/bin/bash
# switchd with a tap and an internal port exits cleanly on SIGTERM: exit code
# 0 within 5 s, both TAPs it created are gone, the control socket file is
# removed (docs/control-protocol.md: exit codes, port back ends).
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw
VM=${P}vm IN=${P}in
netns_add "$SW"

cat >"$TMP/switch.json" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "ports": [
      {"name": "$VM", "type": "tap", "mode": "access", "access_vlan": 1},
      {"name": "$IN", "type": "internal", "mode": "access", "access_vlan": 1}
    ]
  }]
}
JSON
sock=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$sock"

# Both ports exist as TAP devices in switchd's namespace; the socket is there.
for dev in "$VM" "$IN"; do
    info=$(ip -d -n "$SW" link show dev "$dev" 2>&1) || fail "$dev does not exist in $SW: $info"
    assert_match "$info" 'tun type tap' "$dev is a TAP"
done
[ -S "$sock" ] || fail "control socket $sock missing while switchd runs"

stop_switchd "$sock"                # SIGTERM: exit 0 within 5 s, no sanitizer report

for dev in "$VM" "$IN"; do
    wait_for 30 link_absent "$SW" "$dev" || fail "$dev still exists after switchd exited"
    log "ok: $dev is gone"
done
[ ! -e "$sock" ] || fail "control socket $sock still exists after switchd exited"
log "ok: $sock removed"
test_pass
