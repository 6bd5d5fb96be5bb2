#!/bin/bash
# A tap or system port follows its netdev.  Its packet socket is bound to
# one netdev: when that netdev was deleted or moved to another namespace,
# the socket stayed unbound for good, and the port stayed dead even after a
# netdev of the same name came back -- with nothing logged and `show ports`
# still saying up.  Now the port goes down (logged, shown down and
# notconnect) and is reopened when its netdev is back (logged), and
# forwarding resumes (docs/security.md section 8):
#  - a system port's veth deleted, then made again;
#  - the same veth moved to another namespace and back;
#  - a tap port's TAP deleted, then made again by `ip tuntap add`: frames a
#    "VM" (a process holding the TAP) writes reach a host again, and the
#    new TAP, not switchd's, is left in place when switchd exits;
#  - a link that only goes down and up again is not a lost netdev: the port
#    keeps its socket and forwards again.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw H1=${P}h1 H2=${P}h2 H3=${P}h3
A=${P}a S=${P}s T=${P}t
netns_add "$SW"; netns_add "$H1"; netns_add "$H2"; netns_add "$H3"
# make_veth: the veth of the system port, its far end a host (with the
# same MAC each time, so the host's ARP entry stays right).
make_veth()
{
    veth_add "$SW" "$S" "$H2" "${P}s2"
    must ip -n "$H2" link set "${P}s2" address 02:88:00:00:00:02
    must ip -n "$H2" link set "${P}s2" up
    must ip -n "$H2" addr add 10.88.0.2/24 dev "${P}s2"
}
make_veth
cat >"$TMP/switch.json" <<JSON
{"version": 1, "bridges": [{"name": "br0", "ports": [
  {"name": "$A", "type": "internal", "mode": "access", "access_vlan": 10},
  {"name": "$S", "type": "system", "mode": "access", "access_vlan": 10},
  {"name": "$T", "type": "tap", "mode": "access", "access_vlan": 10}]}]}
JSON
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
LOG=${TS_SWITCHD_LOG[$SWITCHD_PID]}
host_attach "$SW" "$A" "$H1" 10.88.0.1/24
ping_ok "$H1" 10.88.0.2

# port_state PORT: its STATE in `show ports`, then its status in `show
# interfaces status`.
port_state()
{
    echo "$(swsh "$SOCK" 'show ports' | awk -v p="$1" '$2 == p { print $5 }')" \
         "$(swsh "$SOCK" 'show interfaces status' | awk -v p="$1" '$1 == p { print $2 }')"
}
# log_count PATTERN: how many switchd log lines match.
log_count() { grep -c -- "$1" "$LOG"; }
log_count_is() { [ "$(log_count "$1")" -eq "$2" ]; }

# expect_down PORT N: the Nth "port down" line of PORT, and it shows down.
expect_down()
{
    wait_for 10 log_count_is "port $1: netdev deleted or moved.*port down" "$2" \
        || fail "no log line saying $1 went down (time $2)"
    log "ok: $(grep "port $1: netdev deleted or moved" "$LOG" | tail -n 1)"
    assert_eq "$(port_state "$1")" "down notconnect" "$1 in show ports / show interfaces status"
}
# expect_back PORT N: the Nth "reopened" line of PORT.
expect_back()
{
    wait_for 10 log_count_is "port $1: netdev is back, reopened; port up" "$2" \
        || fail "no log line saying $1 was reopened (time $2)"
    log "ok: $(grep "port $1: netdev is back" "$LOG" | tail -n 1)"
}

# A link going down and up is no loss.
must ip -n "$SW" link set "$S" down
ping_fails "$H1" 10.88.0.2
must ip -n "$SW" link set "$S" up
ping_ok "$H1" 10.88.0.2
[ "$(log_count "port $S: netdev")" -eq 0 ] || fail "a link going down was taken for a lost netdev"
log "ok: $S went down and up and kept its socket"

# System port: the veth deleted and made again.
must ip -n "$SW" link del "$S"
expect_down "$S" 1
ping_fails "$H1" 10.88.0.2
make_veth
expect_back "$S" 1
ping_ok "$H1" 10.88.0.2

# System port: the veth moved to another namespace and back.
must ip -n "$SW" link set "$S" netns "$H3"
expect_down "$S" 2
must ip -n "$H3" link set "$S" netns "$SW"
expect_back "$S" 2
ping_ok "$H1" 10.88.0.2

# Tap port: the TAP deleted, then made again by someone else.
must ip -n "$SW" link del "$T"
expect_down "$T" 1
must ip -n "$SW" tuntap add mode tap name "$T"
expect_back "$T" 1
assert_match "$(ip -n "$SW" link show dev "$T")" '<[^>]*\bUP\b' "$T is up again"

# A "VM" on the new TAP sends 20 broadcast frames of an unused EtherType:
# they reach the host behind the internal port.
capture_start vm "$H1" "$A"
rx0=$(port_stat "$SOCK" "$T" RX_FRAMES)
ip netns exec "$SW" /usr/bin/python3 - "$T" 20 <<'PY' || fail "the VM could not write to $T"
import fcntl, os, struct, sys, time
name, n = sys.argv[1], int(sys.argv[2])
fd = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(fd, 0x400454ca, struct.pack("16sH", name.encode(), 0x0002 | 0x1000))  # TUNSETIFF, IFF_TAP | IFF_NO_PI
frame = b"\xff" * 6 + bytes.fromhex("02aabbccdd01") + b"\x88\xb5" + b"tapswitch " * 6
for _ in range(n):
    os.write(fd, frame)
    time.sleep(0.02)
PY
capture_wait vm "0x88b5" 20
capture_stop vm
rx1=$(port_stat "$SOCK" "$T" RX_FRAMES)
[ $((rx1 - rx0)) -ge 20 ] || fail "$T received $((rx1 - rx0)) frames from the VM (expected 20)"
log "ok: 20 frames from the VM on the new $T reached $A"

stop_switchd "$SOCK"
# The TAP was made by `ip tuntap add`, not by switchd: it stays.
link_exists "$SW" "$T" || fail "$T (made by ip tuntap, not switchd) was deleted at exit"
log "ok: $T is left in place"
test_pass
