#!/bin/bash
# Frames the kernel drops before switchd reads them are counted
# (docs/design.md section 6.5): with switchd stopped (SIGSTOP), a host
# sends more frames into a system port than its socket buffer (with
# --rx-ring=off; with --rx-ring or --rx-ring=v2, its ring) holds; once switchd runs again, every frame sent is
# either received or counted as rx-dropped, to the frame, and some were
# dropped.
. "$(dirname "$0")/lib.sh"
test_init

N=30000

# dropped SOCK PORT: the port's rx-dropped count (0 when not shown).
dropped()
{
    swsh "$1" "show interfaces $2 counters" \
        | awk -v p="$2" '$1 == p && $2 == "rx-dropped" { n = $3 } END { print n + 0 }'
}

accounted() { [ $(( $(port_stat "$1" "$2" RX_FRAMES) + $(dropped "$1" "$2") )) -eq "$3" ]; }

run_case()
{
    local mode=$1 sw=${P}s$1 h1=${P}h$1 a=${P}a$1 b=${P}b$1 sock=$TMP/sw$1.sock rx drops
    netns_add "$sw"; netns_add "$h1"
    veth_add "$sw" "$a" "$h1" eth0
    veth_add "$sw" "$b" "$sw" "${b}x"
    must ip -n "$h1" link set eth0 up
    cat >"$TMP/sw$mode.json" <<JSON
{"version": 1, "bridges": [{"name": "br0", "ports": [
  {"name": "$a", "type": "system", "mode": "access", "access_vlan": 1},
  {"name": "$b", "type": "system", "mode": "access", "access_vlan": 1}]}]}
JSON
    TS_SWITCHD_ARGS=(--rx-ring=off)
    [ "$mode" = ring ] && TS_SWITCHD_ARGS=(--rx-ring)
    [ "$mode" = v2 ] && TS_SWITCHD_ARGS=(--rx-ring=v2)
    start_switchd "$sw" "$TMP/sw$mode.json" "$sock"
    kill -STOP "$SWITCHD_PID"
    ip netns exec "$h1" /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("eth0", 0))
frame = bytes.fromhex("020000000002" "020000000001" "88b5") + b"tapswitch".ljust(46, b"\0")
sent = 0
while sent < int(sys.argv[1]):
    try:
        s.send(frame); sent += 1
    except BlockingIOError:
        pass' "$N"
    local rc=$?
    kill -CONT "$SWITCHD_PID"
    [ "$rc" -eq 0 ] || fail "$mode: sending $N frames failed"
    wait_for 60 accounted "$sock" "$a" "$N" \
        || fail "$mode: $N frames sent, $(port_stat "$sock" "$a" RX_FRAMES) received + $(dropped "$sock" "$a") dropped"
    rx=$(port_stat "$sock" "$a" RX_FRAMES)
    drops=$(dropped "$sock" "$a")
    [ "$drops" -gt 0 ] || fail "$mode: no frame dropped ($rx received): the test sent too few"
    log "ok: $mode: $N frames sent = $rx received + $drops rx-dropped"
    stop_switchd "$sock"
}

run_case plain
run_case ring
run_case v2
test_pass
