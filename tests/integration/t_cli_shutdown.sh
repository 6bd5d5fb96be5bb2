#!/bin/bash
# Sessions end cleanly at shutdown (issue 5): with telnet sessions waiting
# at their prompts and a swsh console connected, SIGTERM makes switchd
# close every session (the clients see the connection end), join their
# threads and exit 0 within the usual 5 s, with no sanitizer report.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw
netns_add "$SW"
cat >"$TMP/switch.json" <<JSON
{"version": 1, "bridges": [{"name": "br0", "ports": [{"name": "${P}a", "type": "tap"}]}]}
JSON
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
out=$(swsh_all "$SOCK" 'configure terminal' 'username ops secret H0ld-on' 'end') \
    || fail "setting up a login failed: $out"
export TELNET_USER=ops TELNET_PASSWORD=H0ld-on

ip netns exec "$SW" /usr/bin/python3 "$TS_DIR/cli/hold.py" 5 127.0.0.1 2323 60 >"$TMP/hold.out" 2>&1 &
HOLD=$!
TS_LIVE[$HOLD]=1; TS_BG_PIDS+=("$HOLD")
wait_for 30 grep -q "held 5" "$TMP/hold.out" || fail "telnet sessions did not open: $(cat "$TMP/hold.out")"
# A console client that stays connected, waiting for the end.
/usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
print("hello:", s.recv(200).decode().strip(), flush=True)
s.settimeout(60)
while s.recv(4096):
    pass
print("console closed", flush=True)' "$SOCK" >"$TMP/console.out" 2>&1 &
CON=$!
TS_LIVE[$CON]=1; TS_BG_PIDS+=("$CON")
wait_for 30 grep -q "hello: 0001 switch#" "$TMP/console.out" || fail "console did not connect: $(cat "$TMP/console.out")"

stop_switchd "$SOCK"
ts_reap "$HOLD"; rc=$?
log "$(cat "$TMP/hold.out" | tr '\n' ' ')"
[ "$rc" -eq 0 ] || fail "telnet sessions were not closed at shutdown: $(cat "$TMP/hold.out")"
assert_match "$(cat "$TMP/hold.out")" "closed 5" "all 5 telnet sessions saw the end"
ts_reap "$CON" || fail "the console connection was not closed: $(cat "$TMP/console.out")"
assert_match "$(cat "$TMP/console.out")" "console closed" "the console client saw the end"
test_pass
