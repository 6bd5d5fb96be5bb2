#!/bin/bash
# switchd replaces a control socket file only when nobody listens on it.  It
# found out with a non-blocking connect(), and took any failure for "left
# from a crash": a listener whose backlog was full (a busy daemon) answers
# EAGAIN, so the socket file of a live daemon was unlinked and taken over.
# Here a listener that never accepts, its backlog full, stands for the busy
# daemon: switchd must refuse to start and leave the socket file alone.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw
netns_add "$SW"
cat >"$TMP/switch.json" <<JSON
{"version": 1, "cli": {"telnet": {"listen": ""}}, "bridges": [{"name": "br0", "ports": [{"name": "${P}a", "type": "tap"}]}]}
JSON
SOCK=$TMP/sw.sock
/usr/bin/python3 -c '
import os, socket, sys, time
l = socket.socket(socket.AF_UNIX); l.bind(sys.argv[1]); l.listen(0)
queued = []
for _ in range(4):
    c = socket.socket(socket.AF_UNIX); c.setblocking(False)
    try:
        c.connect(sys.argv[1])
        queued.append(c)
    except BlockingIOError:
        break
print("busy", os.stat(sys.argv[1]).st_ino, flush=True)
time.sleep(30)' "$SOCK" >"$TMP/busy.out" 2>&1 &
BUSY=$!
TS_LIVE[$BUSY]=1; TS_BG_PIDS+=("$BUSY")
wait_for 30 grep -q "^busy" "$TMP/busy.out" || fail "the busy listener did not start: $(cat "$TMP/busy.out")"
ino=$(awk '/^busy/ { print $2 }' "$TMP/busy.out")

timeout 60 ip netns exec "$SW" "$SWITCHD" -f -c "$TMP/switch.json" -s "$SOCK" >"$TMP/switchd.log" 2>&1
rc=$?
log "switchd exited with $rc: $(tail -n 1 "$TMP/switchd.log")"
[ "$rc" -eq 1 ] || fail "switchd started (or hung) on a socket someone listens on: exit $rc"
assert_match "$(cat "$TMP/switchd.log")" "another switchd is listening there" "switchd says why"
[ "$(stat -c %i "$SOCK" 2>/dev/null)" = "$ino" ] || fail "the listener's socket file was replaced"
log "ok: the socket file is the listener's"
ts_kill_pid "$BUSY" 1
test_pass
