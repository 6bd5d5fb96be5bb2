#!/bin/bash
# Out of file descriptors, switchd turns clients away instead of spinning:
# accept() failing with EMFILE left the connection queued, so the
# listening socket stayed readable and the level-triggered loop called
# accept() again and again (100% of a core for as long as the clients
# waited).  A descriptor kept in reserve turns them away; when another
# thread takes the reserve's number the moment it is freed (a session's
# dup()), the listener pauses and retries instead of spinning (that race
# failed this test in 2 of 3 runs on a fresh machine).  switchd runs here
# with 40 descriptors; in each of several rounds 40 console clients
# connect at once and wait while it is out of them; its CPU time must not
# grow, and once they are gone it serves a console again.
# run.sh timeout: 600
. "$(dirname "$0")/lib.sh"
test_init

ROUNDS=4 CLIENTS=40

SW=${P}sw
netns_add "$SW"
cat >"$TMP/switch.json" <<JSON
{"version": 1, "bridges": [{"name": "br0", "ports": [{"name": "${P}a", "type": "internal"},
 {"name": "${P}b", "type": "internal"}, {"name": "${P}c", "type": "tap"}]}]}
JSON
REAL_SWITCHD=$SWITCHD
cat >"$TMP/switchd-40fds" <<SH
#!/bin/bash
ulimit -n 40
exec "$REAL_SWITCHD" "\$@"
SH
chmod +x "$TMP/switchd-40fds"
SWITCHD=$TMP/switchd-40fds
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
SWITCHD=$REAL_SWITCHD

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SWITCHD_PID/stat"; }
ticks=$(getconf CLK_TCK)

for round in $(seq 1 "$ROUNDS"); do
    # The clients connect at once; for 2 s they then leave and come back
    # one after another (each return is an accept() out of descriptors
    # while sessions start and end: the moment the reserve can be lost),
    # then 20 more join them, and all stay until the file "release" exists.
    rm -f "$TMP/release"
    /usr/bin/python3 -c '
import os, socket, sys, time
path, n, release = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def connect(block):
    s = socket.socket(socket.AF_UNIX)
    s.setblocking(block)
    try:
        s.connect(path)
    except BlockingIOError:
        pass                    # the backlog is full: this one waits no more
    return s
socks = [connect(True) for _ in range(n)]
print("connected", len(socks), flush=True)
end, churns = time.monotonic() + 2, 0
while time.monotonic() < end:
    socks.pop(0).close()
    socks.append(connect(False))
    churns += 1
socks += [connect(False) for _ in range(20)]
print("churned", churns, flush=True)
while not os.path.exists(release):
    time.sleep(0.05)' "$SOCK" "$CLIENTS" "$TMP/release" >"$TMP/clients.out" 2>&1 &
    clients=$!
    TS_LIVE[$clients]=1; TS_BG_PIDS+=("$clients")
    wait_for 60 grep -q "churned" "$TMP/clients.out" \
        || fail "round $round: clients did not connect: $(cat "$TMP/clients.out")"
    log "round $round: $(tr '\n' ' ' <"$TMP/clients.out")"
    sleep 0.5
    before=$(cpu_ticks)
    sleep 2
    after=$(cpu_ticks)
    log "round $round: switchd used $((after - before)) ticks ($ticks per second) in 2 s with $CLIENTS clients waiting"
    # A spin is a whole core (2 s of ticks); a quarter of that is a wide margin.
    [ $((after - before)) -lt $((ticks / 2)) ] \
        || fail "round $round: switchd spun while out of descriptors: $((after - before)) ticks in 2 s"
    touch "$TMP/release"
    ts_reap "$clients" || true
    wait_for 30 swsh "$SOCK" 'show version' || fail "round $round: no console served once the clients left"
done
grep -q "out of file descriptors" "${TS_SWITCHD_LOG[$SWITCHD_PID]}" || fail "nothing logged about the descriptors"
# Turned-away clients are logged at most once per 10 s, not once each.
lines=$(grep -c "refusing a client\|cannot accept clients" "${TS_SWITCHD_LOG[$SWITCHD_PID]}")
log "refusal log lines: $lines for $((ROUNDS * CLIENTS)) clients and the churn; listener paused $(grep -c "cannot accept clients" "${TS_SWITCHD_LOG[$SWITCHD_PID]}") time(s)"
[ "$lines" -le $((ROUNDS * 4)) ] || fail "refusals flooded the log: $lines lines"
stop_switchd "$SOCK"
test_pass
