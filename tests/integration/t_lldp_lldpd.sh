#!/bin/bash
# LLDP against Debian's lldpd (docs/design.md section 5.12): two hosts,
# each behind an internal port and running its own lldpd (started by hand
# in the foreground, with its control socket and pidfile in $TMP, never
# the system service), see the switch as their neighbour in `lldpcli show
# neighbors` (system name = the switch's hostname, port ID = the switch
# port's name, capability bridge), and the switch's `show lldp neighbors`
# lists each host on its own port.  The LLDPDUs are consumed: neither host
# receives the other's.  Then a host's shutdown LLDPDU (lldpd stopping)
# removes it from the table, `no lldp run` stops the agent, and malformed
# LLDPDUs sent by a host are counted, never kept.
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
test_init
command -v lldpd >/dev/null && command -v lldpcli >/dev/null \
    || fail "lldpd not installed (Debian: lldpd; make deps installs it)"

SW=${P}sw H1=${P}h1 H2=${P}h2
A=${P}a B=${P}b
netns_add "$SW"; netns_add "$H1"; netns_add "$H2"
cat >"$TMP/switch.json" <<JSON
{"version": 1, "hostname": "${P}sw", "lldp": {"run": true},
 "bridges": [{"name": "br0", "ports": [
  {"name": "$A", "type": "internal", "description": "host one"},
  {"name": "$B", "type": "internal"}]}]}
JSON
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
host_attach "$SW" "$A" "$H1" 10.31.0.1/24
host_attach "$SW" "$B" "$H2" 10.31.0.2/24

# lldpd_start HOST IFNAME: lldpd in HOST on IFNAME only (an exact name: a
# TAP counts as physical then), system name HOST, in the foreground.
declare -A LLDPD_PID=()
lldpd_start()
{
    local h=$1 ifname=$2 pid
    # lldpd runs lldpcli with its configuration file as its unprivileged
    # user, which must reach the socket and the file in $TMP.
    chmod 711 "$TMP"
    printf 'configure system hostname %s\nconfigure lldp tx-interval 1\n' "$h" >"$TMP/$h.conf"
    ip netns exec "$h" lldpd -d -u "$TMP/$h.ctl" -p "$TMP/$h.pid" -I "$ifname" \
        -O "$TMP/$h.conf" >"$TMP/lldpd-$h.txt" 2>&1 &
    pid=$!
    TS_LIVE[$pid]=1; TS_BG_PIDS+=("$pid")
    LLDPD_PID[$h]=$pid
    wait_for 30 test -S "$TMP/$h.ctl" || fail "lldpd in $h did not start: $(tail -n 5 "$TMP/lldpd-$h.txt")"
    log "lldpd $pid in $h on $ifname"
}
lldpcli_kv() { ip netns exec "$1" lldpcli -u "$TMP/$1.ctl" -f keyvalue show neighbors 2>/dev/null; }
sees_switch() { lldpcli_kv "$1" | grep -q "^lldp\.$2\.chassis\.name=${P}sw$"; }

lldpd_start "$H1" "$A"
lldpd_start "$H2" "$B"

for hp in "$H1:$A" "$H2:$B"; do
    h=${hp%%:*} port=${hp#*:}
    wait_for 60 sees_switch "$h" "$port" \
        || fail "lldpd in $h does not see the switch: $(lldpcli_kv "$h")
$(tail -n 20 "$TMP/lldpd-$h.txt")
$(swsh "$SOCK" 'show lldp traffic' 'show lldp neighbors' 'show lldp interface')"
    kv=$(lldpcli_kv "$h")
    printf '%s\n' "$kv"
    assert_match "$kv" "^lldp\.$port\.port\.ifname=$port$" "$h: port ID = the switch port's name"
    assert_match "$kv" "^lldp\.$port\.chassis\.Bridge\.enabled=on$" "$h: the switch is a bridge"
    assert_match "$kv" "^lldp\.$port\.port\.ttl=120$" "$h: TTL = the holdtime"
    [ "$(printf '%s\n' "$kv" | grep -c '\.chassis\.name=')" -eq 1 ] \
        || fail "$h sees other neighbours than the switch: LLDPDUs crossed the bridge"
done
assert_match "$(lldpcli_kv "$H1")" "^lldp\.$A\.port\.descr=host one$" "port description sent"

lists_both()
{
    local out
    out=$(swsh "$SOCK" 'show lldp neighbors')
    grep -Eq "^$H1 +$A +[0-9]+ " <<<"$out" && grep -Eq "^$H2 +$B +[0-9]+ " <<<"$out"
}
wait_for 30 lists_both || fail "show lldp neighbors: $(swsh "$SOCK" 'show lldp neighbors')"
out=$(swsh "$SOCK" 'show lldp neighbors')
printf '%s\n' "$out"
assert_match "$out" "^Device ID +Local Intf +Hold-time +Capability +Port ID$" "IOS header"
assert_match "$out" "^Total entries displayed: 2$" "two entries"
assert_match "$out" "^    \(R\) Router, \(B\) Bridge" "capability codes legend"
out=$(swsh "$SOCK" "show lldp neighbors $A detail")
printf '%s\n' "$out"
assert_match "$out" "^Local Intf: $A$" "detail: local port"
assert_match "$out" "^System Name: $H1$" "detail: system name"
assert_match "$out" "^    IP: 10\.31\.0\.1$" "detail: the host's management address"
assert_match "$out" "^Total entries displayed: 1$" "detail of one port: one entry"
out=$(swsh "$SOCK" 'show lldp traffic')
printf '%s\n' "$out"
assert_match "$out" "Total frames out: [1-9]" "frames sent counted"
assert_match "$out" "Total frames in: [1-9]" "frames received counted"
assert_match "$out" "Total frames received in error: 0$" "no errors"

# lldpd stopping sends a shutdown LLDPDU (TTL 0): the host leaves at once.
ts_kill_pid "${LLDPD_PID[$H2]}"
gone() { ! swsh "$SOCK" 'show lldp neighbors' | grep -Eq "^$H2 "; }
wait_for 30 gone || fail "$H2 still listed after lldpd stopped"
assert_match "$(swsh "$SOCK" 'show lldp neighbors')" "^Total entries displayed: 1$" "one left"

# Malformed LLDPDUs from host 2: counted in error, never kept.
before=$(swsh "$SOCK" 'show lldp traffic' | awk -F': ' '/received in error/ { print $2 }')
must ip netns exec "$H2" python3 - "$B" <<'PY'
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[1], 0))
hdr = bytes.fromhex("0180c200000e" "020000000099" "88cc")
mand = bytes.fromhex("0207" "04020000000099" "0403" "05" "7878" "0602" "0078")
for tlvs in (mand[:5],                        # chassis ID cut short
             mand + bytes.fromhex("0a40") + b"x",   # system name past the end
             bytes.fromhex("0403057878") + mand,    # port ID first
             mand[:9] + mand[9:14]):           # no TTL
    s.send(hdr + tlvs)
PY
in_error() { [ "$(swsh "$SOCK" 'show lldp traffic' | awk -F': ' '/received in error/ { print $2 }')" -ge $((before + 4)) ]; }
wait_for 30 in_error || fail "malformed LLDPDUs not counted: $(swsh "$SOCK" 'show lldp traffic')"
assert_match "$(swsh "$SOCK" 'show lldp neighbors')" "^Total entries displayed: 1$" \
    "no malformed LLDPDU became a neighbour"

# `no lldp run`: the agent stops, its shutdown LLDPDU removes the switch
# from host 1's neighbours, the shows say LLDP is off.
swsh "$SOCK" 'configure terminal' 'no lldp run' 'end' >/dev/null
no_switch() { ! sees_switch "$H1" "$A"; }
wait_for 30 no_switch || fail "$H1 still sees the switch after no lldp run"
assert_match "$(swsh "$SOCK" 'show lldp neighbors')" "^% LLDP is not enabled$" "LLDP off"

ts_kill_pid "${LLDPD_PID[$H1]}"
stop_switchd "$SOCK"
test_pass
