#!/bin/bash
# Three switchd daemons in a triangle of veth trunks (tests/integration/
# stp_lib.sh), a host on an access port of each, spanning tree on every
# bridge (docs/design.md section 5.13): within the convergence time exactly
# one link end blocks (alternate / BLK in `show spanning-tree`), where the
# priorities put it; a broadcast sent once arrives once at each other host,
# link counters stay bounded (no storm), pings pass.  Cutting a forwarding
# link (one veth end down) reconverges with under 2 s of ping loss;
# restoring it returns to the original tree.
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/stp_lib.sh"
test_init

# a root; c's end towards b blocks (c's bridge ID is the higher of b and c).
stp_triangle switchd 4096 switchd 8192 switchd 12288
stp_wait_converged 60
stp_no_storm 4
stp_broadcast_once a
stp_broadcast_once c
stp_ping_all
# The three bridge addresses differ (three switchd processes on one host).
ids=$(for x in a b c; do stp_bridge_id "$x"; done | sed 's/^[0-9]*\.//' | sort -u | wc -l)
assert_eq "$ids" 3 "three distinct bridge addresses"

# Cut the a-b link, b's root port: b reaches a through c, whose blocked end
# must forward now.  Host b pings host a every 100 ms throughout.
ping_log=$TMP/ping_cut.txt
ip netns exec "${P}hb" ping -n -i 0.1 -c 60 -W 1 "${STP_IP[a]}" >"$ping_log" 2>&1 &
ping_pid=$!
TS_LIVE[$ping_pid]=1
sleep 2
log "cut: ${P}ab down"
must ip -n "${P}a" link set "${P}ab" down
wait "$ping_pid"
unset 'TS_LIVE[$ping_pid]'
tail -n 3 "$ping_log"
sent=$(grep -oE '^[0-9]+ packets transmitted' "$ping_log" | cut -d' ' -f1)
got=$(grep -oE '[0-9]+ received' "$ping_log" | cut -d' ' -f1)
[ -n "$sent" ] && [ -n "$got" ] || fail "no ping summary: $(cat "$ping_log")"
lost=$(( sent - got ))
log "ping across the cut: $sent sent, $got received, $lost lost (100 ms apart)"
[ "$lost" -lt 20 ] || fail "$lost pings lost across the cut: $(( lost * 100 )) ms or more, not under 2 s"
# Now b's root port is its end towards c, c's towards b designated.
cb_forwards() { stp_ports c | grep -q "^${P}cb desg fwd"; }
wait_for 30 cb_forwards \
    || fail "after the cut ${P}cb does not forward: $(stp_dump)"
stp_dump
stp_no_storm 3

# Restore: the original tree comes back.
log "restore: ${P}ab up"
must ip -n "${P}a" link set "${P}ab" up
stp_wait_converged 60
stp_broadcast_once b
stp_ping_all
stp_stop_switchds
test_pass
