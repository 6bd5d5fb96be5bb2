#!/bin/bash
# Removing many tap ports does not stop forwarding on the others: each TAP
# switchd made is deleted by the kernel when its persistence is dropped, and
# that unregistering (RCU grace periods, the RTNL lock) took ~16 ms per port
# on the loop thread: removing 200 tap ports by a configuration import held
# every frame of the switch for 3.3 s.  Now the sockets are closed and the
# TAPs deleted by a worker thread (docs/security.md section 8): a ping every
# 10 ms between two other ports goes on, its longest gap between two
# replies stays far below the old stall, and the 200 TAPs are gone after.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw H1=${P}h1 H2=${P}h2
A=${P}a B=${P}b
N_TAPS=200
# The bound on the longest gap between two replies (the stall was 3.3 s,
# plain build, idle machine): 100 ms, the issue's figure, or four times the
# longest gap the machine's load alone caused before the import, if larger
# (at a load of 10-12 that gap reaches 56 ms and removal took 63-112 ms);
# three times that for a switchd built with ASan+UBSan, whose own work on
# the loop thread is three times slower (the import took 31-35 ms plain,
# 99-117 ms with sanitizers, and one gap of 103 ms failed a make check):
# the issue's 100 ms is a figure for the switch users run, and 300 ms still
# fails the old stall by ten times.  TS_MAX_GAP_MS fixes it.
MAX_GAP_MS=${TS_MAX_GAP_MS:-}
netns_add "$SW"; netns_add "$H1"; netns_add "$H2"
# write_config FILE N_TAPS
write_config()
{
    /usr/bin/python3 - "$1" "$A" "$B" "$P" "$2" <<'PY'
import json, sys
path, a, b, prefix, n = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
ports = [{"name": a, "type": "internal", "mode": "access", "access_vlan": 10},
         {"name": b, "type": "internal", "mode": "access", "access_vlan": 10}]
ports += [{"name": "%sv%d" % (prefix, i), "type": "tap"} for i in range(n)]
json.dump({"version": 1, "bridges": [{"name": "br0", "ports": ports}]}, open(path, "w"), indent=1)
PY
}
write_config "$TMP/small.json" 0
write_config "$TMP/big.json" "$N_TAPS"
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/small.json" "$SOCK"
host_attach "$SW" "$A" "$H1" 10.86.0.1/24
host_attach "$SW" "$B" "$H2" 10.86.0.2/24
ping_ok "$H1" 10.86.0.2

# Creating 200 TAPs takes seconds (more with sanitizers): no 10 s cap here.
out=$(timeout 300 "$SWSH" -s "$SOCK" -c "copy json $TMP/big.json running-config" 2>&1) \
    || fail "import of $N_TAPS tap ports failed: $out"
log "$out"
n=$(ip -n "$SW" -o link show type tun | grep -c ": ${P}v[0-9]*:")
assert_eq "$n" "$N_TAPS" "TAPs made by the import"
ping_ok "$H1" 10.86.0.2

ip netns exec "$H1" ping -D -i 0.01 -W 1 10.86.0.2 >"$TMP/ping.out" 2>&1 &
PING=$!
TS_LIVE[$PING]=1; TS_BG_PIDS+=("$PING")
wait_for 20 grep -q 'icmp_seq=100 ' "$TMP/ping.out" || fail "the ping does not run: $(cat "$TMP/ping.out")"
t0=$(now_ms)
out=$(timeout 300 "$SWSH" -s "$SOCK" -c "copy json $TMP/small.json running-config" 2>&1) \
    || fail "removing $N_TAPS tap ports failed: $out"
t1=$(now_ms)
assert_match "$out" "$N_TAPS ports removed" "the import removed the tap ports"
tap_count() { ip -n "$SW" -o link show type tun | grep -c ": ${P}v[0-9]*:"; }
no_taps_left() { [ "$(tap_count)" -eq 0 ]; }
wait_for 120 no_taps_left || fail "$(tap_count) of the removed TAPs still exist after 120 s"
t2=$(now_ms)
# A little traffic after the deletions, so a stall at their end shows too.
seq0=$(grep -c 'bytes from' "$TMP/ping.out")
wait_for 10 eval '[ $(grep -c "bytes from" "$TMP/ping.out") -ge $((seq0 + 20)) ]' \
    || fail "forwarding did not go on after the TAPs were deleted"
ts_kill_pid "$PING" 2
log "import returned in $((t1 - t0)) ms, TAPs gone after $((t2 - t0)) ms"

# longest_gap FROM_MS TO_MS: the longest gap between two consecutive
# replies, the later one received between FROM_MS and TO_MS (epoch ms).
longest_gap()
{
    awk -F'[][]' -v from="$1" -v to="$2" '/bytes from/ {
            t = $2 * 1000
            if (prev && t >= from && t <= to && t - prev > max) max = t - prev
            prev = t }
        END { printf "%d\n", max }' "$TMP/ping.out"
}
# The gaps before the import show what the machine's load alone costs.
gap_before=$(longest_gap 0 "$t0")
log "ping: longest gap between two replies before the import $gap_before ms"
if [ -z "$MAX_GAP_MS" ]; then
    MAX_GAP_MS=$(( 4 * gap_before > 100 ? 4 * gap_before : 100 ))
    if ldd "$SWITCHD" | grep -q libasan; then
        MAX_GAP_MS=$(( 3 * MAX_GAP_MS ))
        log "switchd is built with ASan: the bound is three times the plain build's"
    fi
fi
gap=$(longest_gap "$t0" 99999999999999)
replies=$(grep -c 'bytes from' "$TMP/ping.out")
log "ping: $replies replies, longest gap between two of them from the import on $gap ms (bound $MAX_GAP_MS ms)"
[ "$replies" -ge 50 ] || fail "only $replies ping replies"
[ "$gap" -lt "$MAX_GAP_MS" ] || fail "forwarding paused $gap ms while $N_TAPS tap ports were removed"
ping_ok "$H1" 10.86.0.2
stop_switchd "$SOCK"
test_pass
