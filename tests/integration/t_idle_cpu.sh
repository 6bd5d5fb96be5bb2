#!/bin/bash
# An idle switchd sleeps (docs/design.md section 7.1): with the longest
# adaptive poll (--poll-usecs 1000000) and no frame, and with the default
# poll once traffic stops, switchd uses less than 5% of a CPU over 5 s (its
# own CPU time, which a loaded machine does not inflate; a loop that polled
# after the aging tick or a command would use nearly 100% with the first,
# one that kept polling after traffic with the second).  Bad --poll-usecs
# values are refused.
. "$(dirname "$0")/lib.sh"
test_init

for bad in -1 abc 1000001 "" 12x; do
    out=$("$SWITCHD" --poll-usecs "$bad" --check-config /dev/null 2>&1)
    rc=$?
    assert_eq "$rc" 2 "switchd --poll-usecs '$bad' exit status"
    assert_match "$out" "invalid --poll-usecs" "switchd --poll-usecs '$bad' says why"
done

SW=${P}sw H1=${P}h1 H2=${P}h2 A=${P}a B=${P}b
netns_add "$SW"; netns_add "$H1"; netns_add "$H2"
veth_add "$SW" "$A" "$H1" eth0
veth_add "$SW" "$B" "$H2" eth0
cat >"$TMP/sw.json" <<JSON
{"version": 1, "bridges": [{"name": "br0", "ports": [
  {"name": "$A", "type": "system", "mode": "access", "access_vlan": 1},
  {"name": "$B", "type": "system", "mode": "access", "access_vlan": 1}]}]}
JSON
for h in "$H1 10.62.0.1/24" "$H2 10.62.0.2/24"; do
    set -- $h
    must ip -n "$1" addr add "$2" dev eth0
    must ip -n "$1" link set eth0 up
done
# idle_cpu_ok WHAT: switchd uses < 250 ms of CPU in the next 5 s, while
# the shell asks it for its counters each second.
idle_cpu_ok()
{
    local c0 c1
    c0=$(switchd_cpu_ms)
    for i in 1 2 3 4 5; do
        swsh "$TMP/sw.sock" 'show interfaces counters' >/dev/null
        sleep 1
    done
    c1=$(switchd_cpu_ms)
    log "$1: $((c1 - c0)) ms of CPU in 5 s"
    [ $((c1 - c0)) -lt 250 ] || fail "$1: switchd used $((c1 - c0)) ms of CPU in 5 s (bound 250)"
}

# No frame at all: the 1 s poll never starts (the aging tick, the
# commands and the control socket do not start it).
TS_SWITCHD_ARGS=(--poll-usecs 1000000)
start_switchd "$SW" "$TMP/sw.json" "$TMP/sw.sock"
idle_cpu_ok "no frames, --poll-usecs 1000000"
stop_switchd "$TMP/sw.sock"

# The default poll, after traffic: switchd goes back to sleep.
TS_SWITCHD_ARGS=()
start_switchd "$SW" "$TMP/sw.json" "$TMP/sw.sock"
ping_ok "$H1" 10.62.0.2
must ip netns exec "$H1" ping -c 200 -i 0.005 -q 10.62.0.2
idle_cpu_ok "after traffic, default --poll-usecs"
stop_switchd "$TMP/sw.sock"
test_pass
