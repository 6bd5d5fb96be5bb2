#!/bin/bash
# System ports read through TPACKET_V3 rings (--rx-ring, --rx-ring=v3) and
# TPACKET_V2 rings (the default, --rx-ring=auto) forward exactly as those
# read with recvmmsg() (--rx-ring=off) (docs/design.md section 6.5): the
# same checks run against a switchd of each kind.  Two bridges of one switchd, each with
# a host on an access port (VLAN 10), joined by a veth trunk between two
# more system ports, so frames cross the trunk tagged and the receiving end
# puts back the tag the kernel stripped:
#   - pings, and 8000-byte pings at MTU 9000 (no GSO), tagged on the trunk;
#   - a TCP transfer of 8 MB whose 64 KiB GSO super-frames cross whole, with
#     their virtio-net header, tagged on the trunk (more than an MTU per
#     received frame on average, on the host's port and on the trunk; with
#     a V2 ring, longer than a slot: read from the socket's queue);
#   - a 65549-byte frame (longer than a pkt holds) counted as one rx-error,
#     with forwarding going on after it.
# The rings show in switchd's memory map: none with --rx-ring=off, one per
# system port and one for an idle tap port with --rx-ring, and by default
# (V2) the same.
. "$(dirname "$0")/lib.sh"
test_init

# gso_seen SOCK PORT: PORT received more than an MTU per frame on average.
gso_seen()
{
    local frames bytes
    frames=$(port_stat "$1" "$2" RX_FRAMES)
    bytes=$(port_stat "$1" "$2" RX_BYTES)
    [ "$frames" -gt 0 ] && [ $((bytes / frames)) -gt 9022 ] \
        || fail "$2 received $bytes bytes in $frames frames: no GSO super-frames"
    log "ok: $2 received $frames frames of $((bytes / frames)) bytes on average"
}

listening() { ip netns exec "$1" ss -ltnH 'sport = :5201' | grep -q 5201; }

run_case()
{
    local mode=$1 sw=${P}s$1 h1=${P}h$1 h2=${P}k$1
    local a=${P}a$1 b=${P}b$1 t1=${P}t$1 t2=${P}u$1 sock=$TMP/sw$1.sock rings out
    netns_add "$sw"; netns_add "$h1"; netns_add "$h2"
    veth_add "$sw" "$a" "$h1" eth0
    veth_add "$sw" "$b" "$h2" eth0
    veth_add "$sw" "$t1" "$sw" "$t2"
    for l in "$sw $a" "$sw $b" "$sw $t1" "$sw $t2" "$h1 eth0" "$h2 eth0"; do
        set -- $l
        must ip -n "$1" link set "$2" mtu 9000 up
    done
    cat >"$TMP/sw$mode.json" <<JSON
{"version": 1, "bridges": [
 {"name": "br0", "vlans": [{"id": 10, "name": "ten"}], "ports": [
  {"name": "$a", "type": "system", "mode": "access", "access_vlan": 10},
  {"name": "${P}v$mode", "type": "tap", "mode": "access", "access_vlan": 10},
  {"name": "$t1", "type": "system", "mode": "trunk", "allowed_vlans": "10"}]},
 {"name": "br1", "vlans": [{"id": 10, "name": "ten"}], "ports": [
  {"name": "$b", "type": "system", "mode": "access", "access_vlan": 10},
  {"name": "$t2", "type": "system", "mode": "trunk", "allowed_vlans": "10"}]}]}
JSON
    must ip -n "$h1" addr add 10.61.0.1/24 dev eth0
    must ip -n "$h2" addr add 10.61.0.2/24 dev eth0

    TS_SWITCHD_ARGS=()
    [ "$mode" = plain ] && TS_SWITCHD_ARGS=(--rx-ring=off)
    [ "$mode" = ring ] && TS_SWITCHD_ARGS=(--rx-ring)
    start_switchd "$sw" "$TMP/sw$mode.json" "$sock"
    rings=$(grep -c 'socket:' "/proc/$SWITCHD_PID/maps")
    case $mode in
    plain) [ "$rings" -eq 0 ] || fail "$mode: expected no ring mapping, got $rings" ;;
    ring|default) [ "$rings" -eq 5 ] || fail "$mode: expected 5 ring mappings, got $rings" ;;
    esac
    log "ok: $mode: $rings ring mappings"

    capture_start "wire$mode" "$sw" "$t2"
    capture_start "out$mode" "$sw" "$t1"
    ping_ok "$h1" 10.61.0.2
    out=$(ip netns exec "$h1" ping -c 3 -W 5 -w 20 -i 0.2 -s 8000 -M do 10.61.0.2 2>&1)
    printf '%s\n' "$out" | grep -q ' 0% packet loss' || fail "$mode: 8000-byte pings: $out"
    capture_wait "wire$mode" "vlan 10, p 0, ethertype IPv4 (0x0800), 10.61.0.1 > 10.61.0.2: ICMP echo request" 4
    # tcpdump on the port sees what switchd sends there (no qdisc bypass,
    # docs/design.md section 6.5).
    capture_wait "out$mode" "10.61.0.1 > 10.61.0.2: ICMP echo request" 4
    capture_stop "out$mode"
    capture_stop "wire$mode"
    log "ok: $mode: jumbo pings, tagged on the trunk"

    # TCP: 8 MB from h1 to h2; h2 counts what arrives.
    ip netns exec "$h2" /usr/bin/python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.61.0.2", 5201)); s.listen(1); s.settimeout(60)
c, _ = s.accept(); c.settimeout(60); n = 0
while True:
    d = c.recv(1 << 20)
    if not d: break
    n += len(d)
open(sys.argv[1], "w").write(str(n))' "$TMP/tcp$mode" &
    local srv=$!
    TS_LIVE[$srv]=1; TS_BG_PIDS+=("$srv")
    wait_for 30 listening "$h2" || fail "$mode: TCP receiver not listening"
    must ip netns exec "$h1" /usr/bin/python3 -c '
import socket
s = socket.create_connection(("10.61.0.2", 5201), timeout=60)
s.sendall(b"x" * (8 << 20)); s.close()'
    wait $srv; ts_reap "$srv"
    assert_eq "$(cat "$TMP/tcp$mode")" $((8 << 20)) "$mode: TCP bytes received"
    gso_seen "$sock" "$a"
    gso_seen "$sock" "$t2"

    # Longer than a pkt holds: a veth takes 65535 + 14 bytes.
    must ip -n "$sw" link set "$a" mtu 65535
    must ip -n "$h1" link set eth0 mtu 65535
    must ip netns exec "$h1" /usr/bin/python3 "$TS_DIR/cli/send_frames.py" eth0 \
        ff:ff:ff:ff:ff:ff 02:00:00:00:00:01 65549
    wait_for 30 eval "swsh '$sock' 'show interfaces $a counters' | grep -Eq '^$a +rx-error +1\$'" \
        || fail "$mode: the 65549-byte frame not counted: $(swsh "$sock" "show interfaces $a counters")"
    log "ok: $mode: the 65549-byte frame counted as an rx-error"
    ping_ok "$h1" 10.61.0.2
    stop_switchd "$sock"
}

run_case plain
run_case ring
run_case default
test_pass
