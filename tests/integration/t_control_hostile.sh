#!/bin/bash
# Hostile console clients on the control socket: a request line that never
# ends must not make switchd's memory grow with it (it used to be read whole
# with getline(): 200 MiB sent, 470 MiB more resident), and it is refused
# once it ends; a request with a NUL byte is refused, not run up to the NUL;
# a FIFO to import is refused instead of blocking the session;
# more clients than CONTROL_MAX_CLIENTS are turned away while the others
# are served; clients that never read their huge replies hold nothing up:
# forwarding, other consoles and shutdown go on.
# run.sh timeout: 600
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw H1=${P}h1 H2=${P}h2
A=${P}a B=${P}b
netns_add "$SW"; netns_add "$H1"; netns_add "$H2"
# (awk, not a subshell per flow: 2000 forks took minutes on a loaded machine)
flows=$(awk 'BEGIN { for (i = 1; i <= 2000; i++)
    printf "%s\"priority=%d,in_port=3,dl_vlan=%d actions=mod_vlan_vid:%d,NORMAL\"",
           (i > 1 ? "," : ""), 10 + i % 50, i, (i + 7) % 4000 + 1 }')
cat >"$TMP/switch.json" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "ports": [
      {"name": "$A", "type": "internal", "mode": "access", "access_vlan": 10},
      {"name": "$B", "type": "internal", "mode": "access", "access_vlan": 10},
      {"name": "${P}c", "type": "tap"}
    ],
    "flows": [$flows, "priority=1 actions=NORMAL"]
  }]
}
JSON
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
host_attach "$SW" "$A" "$H1" 10.81.0.1/24
host_attach "$SW" "$B" "$H2" 10.81.0.2/24
ping_ok "$H1" 10.81.0.2

out=$(timeout 120 /usr/bin/python3 "$TS_DIR/cli/console_hostile.py" "$SOCK" "$SWITCHD_PID" bigline 64 2>&1)
rc=$?; log "$out"
[ "$rc" -eq 0 ] || fail "endless request line: $out"

out=$(timeout 60 /usr/bin/python3 "$TS_DIR/cli/console_hostile.py" "$SOCK" "$SWITCHD_PID" nul 2>&1)
rc=$?; log "$out"
[ "$rc" -eq 0 ] || fail "request with a NUL byte: $out"

# A FIFO given to `copy json` is refused at once (its open waited for a
# writer, and SIGTERM then waited for that session forever).
mkfifo "$TMP/fifo.json"
out=$(swsh_all "$SOCK" "copy json $TMP/fifo.json running-config"); rc=$?
[ "$rc" -eq 1 ] || fail "copy json FIFO: exit $rc: $out"
assert_match "$out" "fifo.json: not a regular file" "copy json of a FIFO is refused"

# 20 clients ask for the 2000-flow table 50 times each and never read.
/usr/bin/python3 -c '
import socket, sys, time
socks = []
for _ in range(20):
    s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.setblocking(False)
    try:
        s.send(b"X show flows br0\n" * 50)
    except BlockingIOError:
        pass
    socks.append(s)
print("stuck", len(socks), flush=True)
time.sleep(60)' "$SOCK" >"$TMP/stuck.out" 2>&1 &
STUCK=$!
TS_LIVE[$STUCK]=1; TS_BG_PIDS+=("$STUCK")
wait_for 30 grep -q "stuck 20" "$TMP/stuck.out" || fail "stuck clients did not connect: $(cat "$TMP/stuck.out")"

# 100 more connections: up to 64 clients are served, the rest turned away.
out=$(/usr/bin/python3 -c '
import socket, sys, time
socks, served, refused = [], 0, 0
for _ in range(100):
    s = socket.socket(socket.AF_UNIX); s.settimeout(30)
    try:
        s.connect(sys.argv[1])
        socks.append(s)
    except OSError:
        refused += 1
for s in socks:
    try:
        served += s.recv(100).startswith(b"0001 ")
    except OSError:
        refused += 1
print("served", served, "refused", refused)' "$SOCK" 2>&1)
log "$out"
served=$(printf '%s\n' "$out" | awk '/^served/ { print $2 }')
[ -n "$served" ] && [ "$served" -le 44 ] || fail "more than 64 console clients at once: $out"

# With 20 clients stuck and the crowd gone: forwarding and a console work.
ping_ok "$H1" 10.81.0.2
wait_for 30 swsh "$SOCK" 'show version' || fail "a console is not served while others are stuck"
assert_match "$(swsh "$SOCK" "show flows br0 | count")" "= 2002$" "the flow table answers (2000 flows, priority 1 and the default)"
# SIGTERM with the stuck sessions blocked in their replies: exit 0 within 5 s.
stop_switchd "$SOCK"
ts_kill_pid "$STUCK" 1
test_pass
