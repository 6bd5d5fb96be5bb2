#!/bin/bash
# `show interfaces trunk` on a switch with every VLAN defined and 250 trunk
# ports (trunk is the factory default): its "allowed and active" lists
# looked each allowed VLAN up in the bridge's VLAN list, for every port,
# twice -- 1.5 s of the loop thread, during which nothing was forwarded.
# Now it answers at once, with the same lists.  The cost is measured in
# switchd's CPU time, which a loaded machine does not inflate (the wall
# time is logged).
# run.sh timeout: 600
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw
netns_add "$SW"
/usr/bin/python3 - "$TMP/switch.json" <<'PY'
import json, sys
n = 125
vlans = [{"id": i} for i in range(1, 4095)]
a = [{"name": "pa%d" % i, "type": "patch", "peer": "pb%d" % i} for i in range(n)]
b = [{"name": "pb%d" % i, "type": "patch", "peer": "pa%d" % i} for i in range(n)]
# One port allows only 5-7, and VLAN 6 is missing from its bridge.
a[0]["allowed_vlans"] = "5-7"
json.dump({"version": 1, "cli": {"telnet": {"listen": ""}},
           "bridges": [{"name": "ba", "vlans": [v for v in vlans if v["id"] != 6], "ports": a},
                       {"name": "bb", "vlans": vlans, "ports": b}]}, open(sys.argv[1], "w"))
PY
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
t0=$(now_ms) c0=$(switchd_cpu_ms)
out=$(swsh "$SOCK" 'show interfaces trunk') || fail "show interfaces trunk failed"
t1=$(now_ms) c1=$(switchd_cpu_ms)
log "show interfaces trunk: $((t1 - t0)) ms, $((c1 - c0)) ms of switchd CPU, $(printf '%s\n' "$out" | wc -l) lines"
[ $((c1 - c0)) -lt 1000 ] || fail "show interfaces trunk took $((c1 - c0)) ms of CPU"
# Three blocks of lists after the mode table: allowed, allowed and active, forwarding.
assert_eq "$(printf '%s\n' "$out" | grep -c '^pa0 ')" 4 "pa0 is in the mode table and the three lists"
assert_eq "$(printf '%s\n' "$out" | grep '^pa0 ' | tail -n 3 | awk '{ print $2 }' | tr '\n' ' ')" \
    "5-7 5,7 5,7 " "pa0 allows 5-7, of which 5 and 7 exist"
assert_eq "$(printf '%s\n' "$out" | grep '^pb0 ' | tail -n 2 | awk '{ print $2 }' | tr '\n' ' ')" \
    "1-4094 1-4094 " "pb0: every VLAN is allowed and exists"
stop_switchd "$SOCK"
test_pass
