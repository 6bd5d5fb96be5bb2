#!/bin/bash
# Reloading a configuration with thousands of flows keeps forwarding going:
# the flow sync compared every live flow's text with every wanted one,
# formatting both each time (4000 flows: 32 million formats, 2.4 s of the
# loop thread in the plain build, 6 s with sanitizers, not a frame moved
# meanwhile).  Now `reload` of 5000 unchanged flows, then of 5000 changed
# ones, each take well under a second of CPU, a ping every 10 ms goes on
# (its worst round trip under a second times the machine's slowdown: the
# loop thread does the reload, and on a loaded machine it has only part of
# a core), and the table is right afterwards.
# run.sh timeout: 600
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw H1=${P}h1 H2=${P}h2
A=${P}a B=${P}b
netns_add "$SW"; netns_add "$H1"; netns_add "$H2"
# write_config FILE VID_OFFSET
write_config()
{
    /usr/bin/python3 - "$1" "$A" "$B" "${P}c" "$2" <<'PY'
import json, sys
path, a, b, c, off = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
flows = ["priority=%d,in_port=3,dl_vlan=%d actions=mod_vlan_vid:%d,NORMAL"
         % (10 + i // 4000, i % 4000 + 1, (i + off) % 4000 + 1) for i in range(5000)]
flows.append("priority=1 actions=NORMAL")
json.dump({"version": 1, "bridges": [{"name": "br0", "ports": [
    {"name": a, "type": "internal", "mode": "access", "access_vlan": 10},
    {"name": b, "type": "internal", "mode": "access", "access_vlan": 10},
    {"name": c, "type": "tap"}], "flows": flows}]}, open(path, "w"), indent=1)
PY
}
write_config "$TMP/switch.json" 7
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
host_attach "$SW" "$A" "$H1" 10.85.0.1/24
host_attach "$SW" "$B" "$H2" 10.85.0.2/24
ping_ok "$H1" 10.85.0.2

ip netns exec "$H1" ping -q -i 0.01 -c 400 -W 1 10.85.0.2 >"$TMP/ping.out" 2>&1 &
PING=$!
TS_LIVE[$PING]=1; TS_BG_PIDS+=("$PING")
slow=$(cpu_slowdown)
t0=$(now_ms) c0=$(switchd_cpu_ms)
out=$(swsh_all "$SOCK" 'reload') || fail "reload failed: $out"
t1=$(now_ms) c1=$(switchd_cpu_ms)
assert_match "$out" "no changes" "reload of the same 5000 flows"
write_config "$TMP/switch.json" 11
t1b=$(now_ms) c1b=$(switchd_cpu_ms)
out=$(swsh_all "$SOCK" 'reload') || fail "reload of changed flows failed: $out"
t2=$(now_ms) c2=$(switchd_cpu_ms)
assert_match "$out" "1 bridge changed" "reload of 5000 changed flows"
slow=$(cpu_slowdown "$slow")
log "reload: unchanged $((t1 - t0)) ms ($((c1 - c0)) ms of switchd CPU), changed $((t2 - t1b)) ms ($((c2 - c1b)) ms of CPU); CPU slowdown $slow"
[ $((c1 - c0)) -lt 1500 ] || fail "reload of unchanged flows took $((c1 - c0)) ms of CPU"
[ $((c2 - c1b)) -lt 1500 ] || fail "reload of changed flows took $((c2 - c1b)) ms of CPU"
ts_reap "$PING" || true
pout=$(cat "$TMP/ping.out")
log "ping: $(printf '%s\n' "$pout" | tail -n 2 | tr '\n' ' ')"
max=$(printf '%s\n' "$pout" | sed -n 's|.* = [0-9.]*/[0-9.]*/\([0-9.]*\)/.*|\1|p')
[ -n "$max" ] && awk -v m="$max" -v s="$slow" 'BEGIN { exit !(m < 1000 * s) }' \
    || fail "worst ping round trip $max ms during the reloads (bound 1000 ms x $slow): forwarding stalled"

assert_match "$(swsh "$SOCK" 'show flows br0 | count')" "= 5002$" "5000 flows, priority 1 and the default"
assert_match "$(swsh "$SOCK" 'show flows br0 | include dl_vlan=4000 ')" "mod_vlan_vid:11," \
    "a changed flow has its new action"
stop_switchd "$SOCK"
test_pass
