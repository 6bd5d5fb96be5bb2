#!/bin/bash
# Out of file descriptors, switchd turns clients away instead of spinning:
# accept() failing with EMFILE left the connection queued, so the
# listening socket stayed readable and the level-triggered loop called
# accept() again and again (100% of a core for as long as the clients
# waited).  switchd runs here with 40 descriptors; 30 console clients wait
# while it is out of them; its CPU time must not grow, and once they are
# gone it serves a console again.
. "$(dirname "$0")/lib.sh"
test_init

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

/usr/bin/python3 -c '
import socket, sys, time
socks = []
for _ in range(30):
    s = socket.socket(socket.AF_UNIX)
    s.connect(sys.argv[1])
    socks.append(s)
print("connected", len(socks), flush=True)
time.sleep(4)' "$SOCK" >"$TMP/clients.out" 2>&1 &
CLIENTS=$!
TS_LIVE[$CLIENTS]=1; TS_BG_PIDS+=("$CLIENTS")
wait_for 5 grep -q "connected 30" "$TMP/clients.out" || fail "clients did not connect: $(cat "$TMP/clients.out")"
sleep 0.5
before=$(cpu_ticks)
sleep 2
after=$(cpu_ticks)
ticks=$(getconf CLK_TCK)
log "switchd used $((after - before)) ticks ($ticks per second) in 2 s with 30 clients waiting"
[ $((after - before)) -lt $((ticks / 4)) ] || fail "switchd spun while out of descriptors: $((after - before)) ticks in 2 s"
ts_reap "$CLIENTS" || true
wait_for 10 swsh "$SOCK" 'show version' || fail "no console served once the clients left"
grep -q "out of file descriptors" "${TS_SWITCHD_LOG[$SWITCHD_PID]}" || fail "nothing logged about the descriptors"
stop_switchd "$SOCK"
test_pass
