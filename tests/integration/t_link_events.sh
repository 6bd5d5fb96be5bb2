#!/bin/bash
# Links followed from the kernel's link events (docs/design.md section
# 6.9): a netns host's veth going down, and a VM's process holding its TAP
# being killed, take the switch's port down at once: its learnt MACs are
# flushed (`show mac address-table` before/after), `show interfaces status`
# says notconnect, and switchd logs IOS's %LINK-3-UPDOWN and
# %LINEPROTO-5-UPDOWN lines, which `show logging` holds and a telnet
# session with `terminal monitor` sees live (issue 14, Done when 3); frames flooded to the TAP with no VM count
# as tx-no-carrier, not as output.  The veth coming back up is logged and
# forwards again; `shutdown` / `no shutdown` log %LINK-5-CHANGED and
# %LINK-3-UPDOWN.
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw H1=${P}h1 H2=${P}h2
E=${P}e B=${P}b V=${P}v
netns_add "$SW"; netns_add "$H1"; netns_add "$H2"
veth_add "$SW" "$E" "$H1" "${E}h"
cat >"$TMP/switch.json" <<JSON
{"version": 1, "cli": {
  "users": [{"name": "admin", "secret": "\$6\$transcriptsalt1\$pqLFN24t3xMU/8E74zhT8G.4j0MbazALjqCL0KOsyT83RD60qR7ODoCJsPqjv9X7NckCZDhOeMJVesPE8XDyf/"}],
  "enable_secret": "\$6\$transcriptsalt2\$XxSX7hMjuDDqq0cE6MutxFh.8Mdmz6Jwbjj/QQr7Fqott16oV6B1K9Lzsr8eqox6s2D/TbLGSxioNgkUIZxgx."},
 "bridges": [{"name": "br0", "vlans": [{"id": 10, "name": "ten"}], "ports": [
  {"name": "$E", "type": "system", "mode": "access", "access_vlan": 10},
  {"name": "$B", "type": "internal", "mode": "access", "access_vlan": 10},
  {"name": "$V", "type": "tap", "mode": "access", "access_vlan": 10}]}]}
JSON
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
LOG=${TS_SWITCHD_LOG[$SWITCHD_PID]}
must ip -n "$H1" link set "${E}h" up
must ip -n "$H1" addr add 10.88.0.1/24 dev "${E}h"
host_attach "$SW" "$B" "$H2" 10.88.0.2/24

# The VM: holds the TAP (carrier), sends a broadcast from 52:54:00:00:00:01
# so it is learnt, then waits to be killed.
cat >"$TMP/vm.py" <<'PY'
import fcntl, os, struct, sys, time
fd = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(fd, 0x400454CA, struct.pack("16sH", sys.argv[1].encode(), 0x0002 | 0x1000))
os.write(fd, b"\xff" * 6 + bytes.fromhex("525400000001") + b"\x88\xb5" + b"\0" * 46)
print("ready", flush=True)
while True:
    time.sleep(60)
PY
ip netns exec "$SW" /usr/bin/python3 "$TMP/vm.py" "$V" >"$TMP/vm.out" 2>&1 &
VM=$!
TS_LIVE[$VM]=1; TS_BG_PIDS+=("$VM")
wait_for 10 grep -q ready "$TMP/vm.out" || fail "the VM did not attach: $(cat "$TMP/vm.out")"

ping_ok "$H1" 10.88.0.2
H1_MAC=$(ip -n "$H1" -br link show "${E}h" | awk '{ print $3 }' \
         | sed -E 's/(..):(..):(..):(..):(..):(..)/\1\2.\3\4.\5\6/')
macs() { swsh "$SOCK" 'show mac address-table'; }
learnt() { macs | grep -Eq "^ +10 +$1 +DYNAMIC +$2\$"; }
status_is() { swsh "$SOCK" 'show interfaces status' | grep -Eq "^$1 +$2 "; }
logged() { grep -qF -- "$1" "$LOG"; }
wait_for 10 learnt "$H1_MAC" "$E" || fail "$H1's MAC is not learnt on $E: $(macs)"
wait_for 10 learnt 5254.0000.0001 "$V" || fail "the VM's MAC is not learnt on $V: $(macs)"
status_is "$V" connected || fail "$V with its VM is not connected"

# A telnet session (admin / Secr3t, enable En4ble: the transcripts'
# hashes) monitors the log and waits for the link to go down.
monitor_start "$SW" "%LINEPROTO-5-UPDOWN: Line protocol on Interface $E, changed state to down"
wait_for 30 logged "monitor on" || fail "the monitoring session did not log in: $(cat "$TMP/monitor.err")"

# The host's end of the veth goes down: the switch's end loses carrier.
must ip -n "$H1" link set "${E}h" down
wait_for 10 logged "%LINK-3-UPDOWN: Interface $E, changed state to down" \
    || fail "no LINK-3-UPDOWN down line for $E"
logged "%LINEPROTO-5-UPDOWN: Line protocol on Interface $E, changed state to down" \
    || fail "no LINEPROTO-5-UPDOWN down line for $E"
learnt "$H1_MAC" "$E" && fail "$H1's MAC is still learnt on $E after its link went down: $(macs)"
status_is "$E" notconnect || fail "$E is not notconnect: $(swsh "$SOCK" 'show interfaces status')"
buffer=$(swsh "$SOCK" 'show logging' | sed -n '/^Log Buffer (/,$p')
assert_match "$buffer" "%LINK-3-UPDOWN: Interface $E, changed state to down" "show logging has the LINK line"
assert_match "$buffer" "%LINEPROTO-5-UPDOWN: Line protocol on Interface $E, changed state to down" \
    "show logging has the LINEPROTO line"
ts_reap "$MONITOR_PID" || fail "the monitoring session did not see the link go down: $(cat "$TMP/monitor.screen")"
screen=$(cat "$TMP/monitor.screen")
assert_match "$screen" "^\\*<time>: %LINK-3-UPDOWN: Interface $E, changed state to down" \
    "the monitoring session saw the LINK line live"
assert_match "$screen" "^\\*<time>: %LINEPROTO-5-UPDOWN: Line protocol on Interface $E, changed state to down" \
    "the monitoring session saw the LINEPROTO line live"
log "ok: show logging and terminal monitor both show the link going down"

# The VM's process is killed: the TAP loses carrier.
ts_kill_pid "$VM"
wait_for 10 logged "%LINK-3-UPDOWN: Interface $V, changed state to down" \
    || fail "no LINK-3-UPDOWN down line for $V"
logged "%LINEPROTO-5-UPDOWN: Line protocol on Interface $V, changed state to down" \
    || fail "no LINEPROTO-5-UPDOWN down line for $V"
learnt 5254.0000.0001 "$V" && fail "the VM's MAC is still learnt: $(macs)"
status_is "$V" notconnect || fail "$V without its VM is not notconnect"

# Floods to the TAP without a VM: a named drop, not output.
tx0=$(port_stat "$SOCK" "$V" TX_FRAMES)
ip netns exec "$H2" ping -c 2 -W 1 -i 0.2 10.88.0.99 >/dev/null 2>&1     # ARP broadcasts
nocarrier() { swsh "$SOCK" "show interfaces $V counters" | awk '$2 == "tx-no-carrier" { print $3 }'; }
n=$(nocarrier)
[[ $n =~ ^[0-9]+$ && $n -ge 1 ]] || fail "$V counted no tx-no-carrier drops [$n]: $(swsh "$SOCK" "show interfaces $V counters")"
assert_eq "$(port_stat "$SOCK" "$V" TX_FRAMES)" "$tx0" "$V TX_FRAMES while it had no carrier"

# The veth comes back: logged, and it forwards again.
must ip -n "$H1" link set "${E}h" up
wait_for 10 logged "%LINK-3-UPDOWN: Interface $E, changed state to up" \
    || fail "no LINK-3-UPDOWN up line for $E"
logged "%LINEPROTO-5-UPDOWN: Line protocol on Interface $E, changed state to up" \
    || fail "no LINEPROTO-5-UPDOWN up line for $E"
status_is "$E" connected || fail "$E is not connected again"
ping_ok "$H2" 10.88.0.1

# shutdown / no shutdown.
swsh_all "$SOCK" 'configure terminal' "interface $E" 'shutdown' 'end' >/dev/null
logged "%LINK-5-CHANGED: Interface $E, changed state to administratively down" \
    || fail "no LINK-5-CHANGED line after shutdown"
ups() { grep -cF "%LINK-3-UPDOWN: Interface $E, changed state to up" "$LOG"; }
n=$(ups)
swsh_all "$SOCK" 'configure terminal' "interface $E" 'no shutdown' 'end' >/dev/null
[ "$(ups)" -eq $((n + 1)) ] || fail "no LINK-3-UPDOWN up line after no shutdown"

stop_switchd "$SOCK"
test_pass
