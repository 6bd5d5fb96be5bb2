#!/bin/bash
# One switchd per control socket, per pidfile and per netdev
# (docs/security.md section 2).  A second switchd created its devices before
# it looked at the socket, and reused the first one's TAPs as "existing"
# ones: started with another socket, it reached `ready` and forwarded every
# frame of the VMs a second time; started with the same socket, it touched
# the devices before its error, which was the wrong one; its --pidfile
# overwrote the first one's and was deleted at its exit.
#
# Daemon A serves two VM TAPs and two hosts on internal ports.  Then, each
# refused with exit status 1 and a message naming A's PID, while an
# `ip monitor link` watches every netdev change in A's namespace:
#   1. B: same socket (and a new port) -- no netdev touched;
#   2. B: another socket, A's pidfile -- no netdev touched, the pidfile A's;
#   3. B: another socket and pidfile, A's telnet address -- no netdev touched;
#   4. C: another socket and pidfile, A's TAP names -- and a VM's broadcast
#      still reaches the other VM once, not twice.
# A forwards throughout and exits cleanly, removing its pidfile.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw H1=${P}h1 H2=${P}h2
netns_add "$SW"; netns_add "$H1"; netns_add "$H2"
V1=${P}v1 V2=${P}v2 I1=${P}i1 I2=${P}i2 NEW=${P}new
TELNET=127.0.0.1:2399
A_PORTS="{\"name\": \"$V1\", \"type\": \"tap\"}, {\"name\": \"$V2\", \"type\": \"tap\"},
 {\"name\": \"$I1\", \"type\": \"internal\"}, {\"name\": \"$I2\", \"type\": \"internal\"}"
config()        # config FILE TELNET PORTS...
{
    local f=$1 telnet=$2; shift 2
    local IFS=,
    # No SSH server: only TELNET may collide.
    printf '{"version": 1, "cli": {"telnet": {"listen": "%s"}, "ssh": {"listen": ""}}, "bridges": [{"name": "br0", "ports": [%s]}]}\n' \
        "$telnet" "$*" >"$f"
}
config "$TMP/a.json" "$TELNET" "$A_PORTS"
start_switchd_daemon "$SW" "$TMP/a.sock" "$TMP/a.pid" -c "$TMP/a.json"
A=$SWITCHD_PID
A_INODE=$(stat -c %i "$TMP/a.sock")
host_attach "$SW" "$I1" "$H1" 10.0.0.1/24
host_attach "$SW" "$I2" "$H2" 10.0.0.2/24
ping_ok "$H1" 10.0.0.2

# VM2 counts the broadcasts VM1 sends.
ip netns exec "$SW" /usr/bin/python3 "$TS_DIR/cli/tapvm.py" "$V2" count "mark-$P" >"$TMP/vm2.out" 2>&1 &
VM2=$!
TS_LIVE[$VM2]=1; TS_BG_PIDS+=("$VM2")
wait_for 10 grep -q ready "$TMP/vm2.out" || fail "VM2 did not attach: $(cat "$TMP/vm2.out")"
vm1_send() { must ip netns exec "$SW" /usr/bin/python3 "$TS_DIR/cli/tapvm.py" "$V1" send "mark-$P" 1; }
received() { grep -c '^got' "$TMP/vm2.out"; }
# once N: VM1 sends a broadcast; VM2 must have N copies in all, and no more
# 1 s later (a second switchd forwarding it too adds a copy within ms).
once()
{
    vm1_send
    wait_for 10 grep -q "^got $1\$" "$TMP/vm2.out" || fail "VM2 got $(received) broadcasts, expected $1"
    sleep 1
    assert_eq "$(received)" "$1" "broadcasts VM2 received (each once)"
}
once 1

must ip -n "$SW" tuntap add mode tap name "${P}probe"
ip -n "$SW" monitor link >"$TMP/monitor.out" 2>&1 &
MON=$!
TS_LIVE[$MON]=1; TS_BG_PIDS+=("$MON")
# The monitor listens once it reports a change made after it started.
probe_seen()
{
    ip -n "$SW" link set "${P}probe" up; ip -n "$SW" link set "${P}probe" down
    grep -q "${P}probe" "$TMP/monitor.out"
}
wait_for 10 probe_seen || fail "ip monitor does not report"
must ip -n "$SW" link del "${P}probe"
wait_for 10 grep -q "Deleted.*${P}probe" "$TMP/monitor.out" || fail "ip monitor missed the probe's deletion"
lines_before=$(wc -l <"$TMP/monitor.out")

# refused NAME EXPECTED_RE ARGS...: switchd -f ARGS must exit 1 within 10 s
# with a message matching EXPECTED_RE; A's pidfile and socket stay A's.
refused()
{
    local name=$1 re=$2 rc out=$TMP/$1.log; shift 2
    timeout 10 ip netns exec "$SW" "$SWITCHD" -f "$@" >"$out" 2>&1
    rc=$?
    log "$name: exit $rc: $(tail -n 1 "$out")"
    [ "$rc" -eq 1 ] || fail "$name: exit $rc, expected 1 (refused): $(cat "$out")"
    assert_match "$(cat "$out")" "$re" "$name: the message names A"
    assert_eq "$(cat "$TMP/a.pid" 2>&1)" "$A" "$name: A's pidfile"
    assert_eq "$(stat -c %i "$TMP/a.sock")" "$A_INODE" "$name: A's socket file (inode)"
}

config "$TMP/b1.json" "" "$A_PORTS" "{\"name\": \"$NEW\", \"type\": \"tap\"}"
refused same-socket "error: $TMP/a.sock: another switchd is running there \\(pid $A\\)" \
    -c "$TMP/b1.json" -s "$TMP/a.sock" --pidfile "$TMP/b1.pid"
[ ! -e "$TMP/b1.pid" ] || fail "same-socket: its pidfile was written"

config "$TMP/b2.json" "" "{\"name\": \"$NEW\", \"type\": \"tap\"}"
refused same-pidfile "error: $TMP/a.pid: another switchd is running \\(pid $A\\)" \
    -c "$TMP/b2.json" -s "$TMP/b2.sock" --pidfile "$TMP/a.pid"
[ ! -e "$TMP/b2.sock" ] && [ ! -e "$TMP/b2.sock.lock" ] || fail "same-pidfile: its socket was left"

config "$TMP/b3.json" "$TELNET" "{\"name\": \"$NEW\", \"type\": \"tap\"}"
refused same-telnet "error: telnet: cannot listen on $TELNET: Address already in use" \
    -c "$TMP/b3.json" -s "$TMP/b3.sock" --pidfile "$TMP/b3.pid"
[ ! -e "$TMP/b3.pid" ] && [ ! -e "$TMP/b3.sock" ] || fail "same-telnet: its pidfile or socket was left"

events=$(tail -n +"$((lines_before + 1))" "$TMP/monitor.out")
[ -z "$events" ] || fail "netdevs changed while switchd was refused: $events"
log "ok: no netdev touched by the three refused instances"

config "$TMP/c.json" "" "$A_PORTS"
refused same-taps "error: $V1: in use by another switchd \\(pid $A\\)" \
    -c "$TMP/c.json" -s "$TMP/c.sock" --pidfile "$TMP/c.pid"
once 2
link_absent "$SW" "$NEW" || fail "$NEW exists"

ping_ok "$H1" 10.0.0.2
assert_match "$(swsh "$TMP/a.sock" 'show interfaces status')" "^$V1 " "A still answers on its socket"
ts_kill_pid "$MON" 1
ts_kill_pid "$VM2" 1
stop_switchd_daemon "$TMP/a.sock" TERM
[ ! -e "$TMP/a.pid" ] || fail "A's pidfile left after its exit"
grep -q "info: signal 15: shutting down" "$TMP/varlog/tapswitch/switchd.log" || fail "A did not log its shutdown"
test_pass
