#!/bin/bash
# A tap port whose TAP already exists is reused, not recreated, and is left in
# place when switchd exits, while the TAP switchd created itself is deleted
# (docs/control-protocol.md, port back ends: "or reuses an existing one";
# "A TAP switchd created is deleted when switchd exits").
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw
OLD=${P}old NEW=${P}new
netns_add "$SW"
must ip -n "$SW" tuntap add mode tap name "$OLD"
old_index=$(ip -n "$SW" -o link show dev "$OLD" | cut -d: -f1)

cat >"$TMP/switch.json" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "ports": [
      {"name": "$OLD", "type": "tap", "mode": "access", "access_vlan": 1},
      {"name": "$NEW", "type": "tap", "mode": "access", "access_vlan": 1}
    ]
  }]
}
JSON
sock=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$sock"

# The existing TAP is the same netdev (same ifindex), now up; the new one exists.
assert_eq "$(ip -n "$SW" -o link show dev "$OLD" | cut -d: -f1)" "$old_index" "$OLD ifindex (reused)"
assert_match "$(ip -n "$SW" link show dev "$OLD")" '<[^>]*\bUP\b' "$OLD is up"
link_exists "$SW" "$NEW" || fail "$NEW was not created"

stop_switchd "$sock"

wait_for 30 link_absent "$SW" "$NEW" || fail "$NEW (created by switchd) still exists after exit"
log "ok: $NEW is gone"
link_exists "$SW" "$OLD" || fail "$OLD (created before switchd) was deleted"
assert_eq "$(ip -n "$SW" -o link show dev "$OLD" | cut -d: -f1)" "$old_index" "$OLD ifindex after exit"
test_pass
