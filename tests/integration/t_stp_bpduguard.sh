#!/bin/bash
# BPDU guard (docs/design.md section 5.13): a VM-like port (an internal port
# whose netdev a netns host holds) with spanning_tree_bpduguard on a bridge
# running spanning tree; the host sends one BPDU (scapy) and the port is
# err-disabled (`show interfaces status`, %SPANTREE-2-BLOCK_BPDUGUARD in the
# log); errdisable_recovery brings it back.  On a bridge running no spanning
# tree a BPDU is data: it reaches the other host (tcpdump there), as on a
# Linux bridge with stp_state 0.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw H1=${P}h1 H2=${P}h2 H3=${P}h3 H4=${P}h4
A=${P}a B=${P}b C=${P}c D=${P}d
netns_add "$SW"
for h in "$H1" "$H2" "$H3" "$H4"; do netns_add "$h"; done
cat >"$TMP/switch.json" <<JSON
{"version": 1,
 "errdisable_recovery": {"causes": ["bpduguard"], "interval_s": 3},
 "bridges": [
  {"name": "br0", "spanning_tree": {"enabled": true},
   "ports": [
    {"name": "$A", "type": "internal", "mode": "access", "access_vlan": 1,
     "spanning_tree_bpduguard": true},
    {"name": "$B", "type": "internal", "mode": "access", "access_vlan": 1}]},
  {"name": "br1",
   "ports": [
    {"name": "$C", "type": "internal", "mode": "access", "access_vlan": 1},
    {"name": "$D", "type": "internal", "mode": "access", "access_vlan": 1}]}]}
JSON
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
for p in "$A:$H1" "$B:$H2" "$C:$H3" "$D:$H4"; do
    must ip -n "$SW" link set "${p%%:*}" netns "${p#*:}"
    must ip -n "${p#*:}" link set "${p%%:*}" up
done

# send_bpdu NS IFNAME: one RST BPDU (802.3, LLC 42/42/03) from IFNAME's address.
send_bpdu()
{
    ip netns exec "$1" /usr/bin/python3 -c '
import sys
from scapy.all import Dot3, LLC, STP, get_if_hwaddr, sendp
src = get_if_hwaddr(sys.argv[1])
sendp(Dot3(src=src, dst="01:80:c2:00:00:00") / LLC(dsap=0x42, ssap=0x42, ctrl=3)
      / STP(version=2, bpdutype=2, rootid=4096, rootmac=src, bridgeid=4096, bridgemac=src),
      iface=sys.argv[1], verbose=False)' "$2" || fail "scapy could not send a BPDU from $2"
}

# mac_of NS IFNAME: the netdev's address, as tcpdump prints it.
mac_of() { ip -n "$1" -br link show dev "$2" | awk '{ print $3 }'; }
MAC1=$(mac_of "$H1" "$A") MAC2=$(mac_of "$H2" "$B") MAC3=$(mac_of "$H3" "$C")

status_is() { swsh "$SOCK" 'show interfaces status' | grep -Eq "^$1 +$2 "; }
wait_for 20 status_is "$A" connected || fail "$A not connected: $(swsh "$SOCK" 'show interfaces status')"

# Guarded port: one BPDU err-disables it, and nothing reaches host 2.
capture_start g "$H2" "$B" "" in
send_bpdu "$H1" "$A"
wait_for 10 status_is "$A" err-disabled \
    || fail "$A not err-disabled by a BPDU: $(swsh "$SOCK" 'show interfaces status')"
log "$A err-disabled"
swsh "$SOCK" 'show interfaces status' | grep -E "^($A|$B) "
swsh "$SOCK" 'show logging' | grep -q "%SPANTREE-2-BLOCK_BPDUGUARD: Received BPDU on port $A with BPDU Guard enabled. Disabling port." \
    || fail "no BLOCK_BPDUGUARD line: $(swsh "$SOCK" 'show logging' | tail -n 20)"
swsh "$SOCK" 'show logging' | grep -q "%PM-4-ERR_DISABLE: bpduguard error detected on $A" \
    || fail "no ERR_DISABLE line for bpduguard"
status_is "$B" connected || fail "$B went down too"
sleep 1
capture_stop g
capture_has g "$MAC1 > 01:80:c2:00:00:00" && fail "the BPDU crossed the bridge running spanning tree"

# Recovery after interval_s (3 s).
wait_for 30 status_is "$A" connected \
    || fail "$A did not recover: $(swsh "$SOCK" 'show interfaces status')"
swsh "$SOCK" 'show logging' | grep -q "%PM-4-ERR_RECOVER: Attempting to recover from bpduguard err-disable state on $A" \
    || fail "no ERR_RECOVER line"
log "$A recovered"

# An unguarded port on the same bridge: a BPDU is taken by the spanning
# tree, never err-disables, never crosses.
capture_start g2 "$H1" "$A" "" in
send_bpdu "$H2" "$B"
sleep 1
status_is "$B" connected || fail "$B without BPDU guard went down"
capture_stop g2
capture_has g2 "$MAC2 > 01:80:c2:00:00:00" && fail "a BPDU crossed the bridge running spanning tree"

# Spanning tree off on br1: the BPDU is data and reaches host 4.
capture_start d "$H4" "$D" "" in
send_bpdu "$H3" "$C"
capture_wait d "$MAC3 > 01:80:c2:00:00:00" 1 10
capture_stop d
log "a BPDU crossed br1 (no spanning tree) as data"
status_is "$C" connected || fail "$C went down on a bridge without spanning tree"
stop_switchd "$SOCK"
test_pass
