#!/bin/bash
# switchd tells systemd how it is doing (issue 17, frontends/notify.h):
# with $NOTIFY_SOCKET set, as under the Type=notify unit, it sends
# READY=1 with STATUS="N bridge(s), N port(s), control socket PATH" once
# the switch is built, RELOADING=1 then READY=1 (with the new counts)
# around a SIGHUP reload, and STOPPING=1 on SIGTERM.  The test listens on
# the datagram socket itself, as systemd would.  A switchd built without
# libsystemd (the Type=simple unit) must send nothing.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw
netns_add "$SW"
SOCK=$TMP/sw.sock

python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a") as f:
    print("listening", flush=True)
    while True:
        f.write(s.recv(4096).decode().replace("\n", "|") + "\n")
        f.flush()
' "$TMP/notify.sock" "$TMP/notify.log" >"$TMP/listener.out" 2>&1 &
lpid=$!
TS_LIVE[$lpid]=1; TS_BG_PIDS+=("$lpid")
wait_for 30 grep -q listening "$TMP/listener.out" || fail "listener did not start"

cat >"$TMP/cfg.json" <<JSON
{"version": 1, "cli": {"telnet": {"listen": ""}},
 "bridges": [{"name": "br0", "ports": [{"name": "${P}a", "type": "internal"}]}]}
JSON
NOTIFY_SOCKET=$TMP/notify.sock start_switchd "$SW" "$TMP/cfg.json" "$SOCK"

if ! ldd "$SWITCHD" | grep -q libsystemd; then
    log "switchd built without libsystemd: it must send nothing"
    stop_switchd
    [ ! -s "$TMP/notify.log" ] || fail "messages without libsystemd: $(cat "$TMP/notify.log")"
    test_pass
fi

wait_for 60 grep -qx "READY=1|STATUS=1 bridge(s), 1 port(s), control socket $SOCK" "$TMP/notify.log" \
    || fail "no READY=1 with its status: [$(cat "$TMP/notify.log")]"

cat >"$TMP/cfg.json" <<JSON
{"version": 1, "cli": {"telnet": {"listen": ""}},
 "bridges": [{"name": "br0", "ports": [{"name": "${P}a", "type": "internal"},
                                        {"name": "${P}b", "type": "internal"}]}]}
JSON
kill -HUP "$SWITCHD_PID"
wait_for 60 grep -q "READY=1|STATUS=1 bridge(s), 2 port(s)" "$TMP/notify.log" \
    || fail "no READY=1 after the reload: [$(cat "$TMP/notify.log")]"
mapfile -t lines <"$TMP/notify.log"
log "messages: ${lines[*]}"
[ "${#lines[@]}" -eq 3 ] || fail "expected READY, RELOADING, READY: ${lines[*]}"
assert_match "${lines[1]}" '^RELOADING=1\|' "the reload's first message"

stop_switchd
wait_for 30 grep -q "^STOPPING=1" "$TMP/notify.log" \
    || fail "no STOPPING=1 on SIGTERM: [$(cat "$TMP/notify.log")]"
test_pass
