#!/bin/bash
# An output filter cannot run away (docs/security.md section 4): glibc's
# regexec ran `| include (a*)*(a*)*\1\2b` over a 200-character description
# for minutes (80 'a's already take 34 s), at 100% of a core after the
# client left, and SIGTERM then hung switchd joining the session thread.
# Now the line stops at the step limit with "% Regular expression too
# complex", a ping between two hosts goes on meanwhile, and SIGTERM sent
# while such a filter runs ends switchd promptly.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw H1=${P}h1 H2=${P}h2
A=${P}a B=${P}b C=${P}c
netns_add "$SW"; netns_add "$H1"; netns_add "$H2"
DESC=$(printf 'a%.0s' $(seq 200))'!b'
cat >"$TMP/switch.json" <<EOF
{"version": 1, "bridges": [{"name": "br0", "ports": [
  {"name": "$A", "type": "internal", "mode": "access", "access_vlan": 10},
  {"name": "$B", "type": "internal", "mode": "access", "access_vlan": 10},
  {"name": "$C", "type": "tap", "description": "$DESC"}]}]}
EOF
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
host_attach "$SW" "$A" "$H1" 10.86.0.1/24
host_attach "$SW" "$B" "$H2" 10.86.0.2/24
ping_ok "$H1" 10.86.0.2

EVIL='show running-config | include (a*)*(a*)*\1\2b'

# start_filter OUT: the evil filter from swsh in the background (FILTER=pid).
start_filter()
{
    timeout 600 "$SWSH" -s "$SOCK" -c "$EVIL" >"$1" 2>&1 &
    FILTER=$!
    TS_LIVE[$FILTER]=1; TS_BG_PIDS+=("$FILTER")
}

ip netns exec "$H1" ping -q -i 0.1 -c 50 -W 1 10.86.0.2 >"$TMP/ping.out" 2>&1 &
PING=$!
TS_LIVE[$PING]=1; TS_BG_PIDS+=("$PING")
for i in 1 2 3; do
    start_filter "$TMP/filter.$i.out"
    wait_for 20 ts_not_running "$FILTER" \
        || fail "the filter still runs after 20 s: $(head -c 300 "$TMP/filter.$i.out")"
    ts_reap "$FILTER" && fail "the filter exited 0: $(cat "$TMP/filter.$i.out")"
done
out=$(cat "$TMP/filter.1.out")
assert_match "$(printf '%s\n' "$out" | tail -n 1)" \
    "^% Regular expression too complex: filtering stopped at line [0-9]+ of the output$" \
    "the runaway line is answered with an error"
# The lines before it are filtered (those with a 'b' match: the groups
# may be empty), the runaway line and the ones after it are not printed.
assert_match "$out" "^bridge br0$" "lines before the runaway one are filtered"
printf '%s\n' "$out" | grep -q description && fail "the runaway line was printed: $out"

ts_reap "$PING" || true
pout=$(cat "$TMP/ping.out")
log "ping: $(printf '%s\n' "$pout" | tail -n 2 | tr '\n' ' ')"
received=$(printf '%s\n' "$pout" | sed -n 's/.* \([0-9]*\) received.*/\1/p')
[ -n "$received" ] && [ "$received" -ge 48 ] \
    || fail "forwarding stalled during the filters: $received of 50 pings answered"

# SIGTERM while a runaway filter runs: switchd exits, with code 0.
start_filter "$TMP/filter.term.out"
kill -TERM "$SWITCHD_PID"
t0=$(now_ms)
wait_for 20 ts_not_running "$SWITCHD_PID" \
    || fail "switchd still runs 20 s after SIGTERM with a filter running"
ts_reap "$SWITCHD_PID"; rc=$?
log "switchd exited with code $rc $(( $(now_ms) - t0 )) ms after SIGTERM"
[ "$rc" -eq 0 ] || fail "switchd exited with code $rc"
wait_for 20 ts_not_running "$FILTER" || fail "swsh still waits after switchd exited"
ts_reap "$FILTER" || true
test_pass
