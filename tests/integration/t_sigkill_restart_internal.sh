#!/bin/bash
# After a crash (SIGKILL) and a restart, switchd takes its ports back as a
# switch does after a reboot, and still deletes at a clean exit only the
# netdevs it made (docs/security.md section 8):
#  - an internal port's TAP was not persistent, so the kernel deleted it
#    with switchd's fd: the netdev vanished from the namespace its host had
#    moved it to.  Now it stays there (without carrier) and the restarted
#    switchd finds it and attaches to it again: the hosts ping each other
#    again and no second netdev of that name appears in switchd's namespace
#    (also for a host that renamed its netdev, as container runtimes do);
#  - a tap port's TAP made by the switchd that was killed was reused as
#    "someone else's" and left behind at the clean exit.  Now the TAPs
#    switchd makes carry its alias, so that one is deleted, while a TAP made
#    by `ip tuntap add` is reused and left in place.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw H1=${P}h1 H2=${P}h2
A=${P}a B=${P}b T=${P}t F=${P}f
netns_add "$SW"; netns_add "$H1"; netns_add "$H2"
must ip -n "$SW" tuntap add mode tap name "$F"
cat >"$TMP/switch.json" <<JSON
{"version": 1, "bridges": [{"name": "br0", "ports": [
  {"name": "$A", "type": "internal", "mode": "access", "access_vlan": 10},
  {"name": "$B", "type": "internal", "mode": "access", "access_vlan": 10},
  {"name": "$T", "type": "tap", "mode": "access", "access_vlan": 10},
  {"name": "$F", "type": "tap", "mode": "access", "access_vlan": 10}]}]}
JSON
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
host_attach "$SW" "$A" "$H1" 10.89.0.1/24
host_attach "$SW" "$B" "$H2" 10.89.0.2/24
# The second host calls its end eth-like, as a container runtime would.
E=${P}e
must ip -n "$H2" link set "$B" down
must ip -n "$H2" link set "$B" name "$E"
must ip -n "$H2" link set "$E" up
ping_ok "$H1" 10.89.0.2
index_a=$(ip -n "$H1" -o link show dev "$A" | cut -d: -f1)

kill -KILL "$SWITCHD_PID"
ts_reap "$SWITCHD_PID"
log "switchd $SWITCHD_PID killed"
link_exists "$H1" "$A" || fail "$A vanished from its host $H1 when switchd was killed"
link_exists "$H2" "$E" || fail "$B (renamed $E) vanished from its host $H2 when switchd was killed"
link_exists "$SW" "$T" || fail "$T vanished when switchd was killed"
log "ok: the hosts keep $A and $B (as $E), and $T is there"

start_switchd "$SW" "$TMP/switch.json" "$SOCK"
LOG=${TS_SWITCHD_LOG[$SWITCHD_PID]}
for port in "$A" "$B"; do
    grep -q "port $port: TAP found in another network namespace.*attached again" "$LOG" \
        || fail "no log line saying $port was attached again"
    link_absent "$SW" "$port" || fail "a second $port was made in switchd's namespace"
done
log "ok: $(grep "port $A: TAP found" "$LOG")"
assert_eq "$(ip -n "$H1" -o link show dev "$A" | cut -d: -f1)" "$index_a" "$A's ifindex (the same netdev)"
ping_ok "$H1" 10.89.0.2

stop_switchd "$SOCK"
wait_for 5 link_absent "$H1" "$A" || fail "$A (made by switchd) is left in $H1 after a clean exit"
wait_for 5 link_absent "$H2" "$E" || fail "$B (made by switchd, renamed $E) is left in $H2 after a clean exit"
wait_for 5 link_absent "$SW" "$T" || fail "$T (made by the switchd that was killed) is left after a clean exit"
log "ok: $A, $B and $T are gone"
link_exists "$SW" "$F" || fail "$F (made by ip tuntap, not switchd) was deleted"
log "ok: $F is left in place"
test_pass
