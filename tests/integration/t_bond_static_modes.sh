#!/bin/bash
# Issue 13, "Done when" 1 (d): bonds without LACP against a peer that runs
# none: a plain Linux bridge (namespace BR, no STP) with one veth to each of
# our two members and a third to host H2; tapswitch (namespace SW) has Po1
# of the two members in access VLAN 10 and host H1 on an internal port in
# VLAN 10.  The bridge floods every broadcast it gets on one member back out
# the other and H2's broadcasts out both: the loop the bond must survive
# (net/bond.h).  For each mode, active-backup then balance-slb:
#   - the members come up (active-backup: one P, one H; balance-slb: both P)
#     and H1 pings H2;
#   - 20 broadcasts from H2 (ethertype 0x88b5) reach H1 exactly once each,
#     20 from H1 (0x88b6) reach H2 exactly once each (broadcast leaves by
#     one member), and neither host gets its own broadcasts back;
#     10 pings after them: none lost, no duplicate;
#   - no storm: the bridge's three ports moved a bounded number of frames
#     (a loop would be thousands a second);
#   - active-backup: the backup sent nothing at all meanwhile;
#   - the member H1's broadcasts left by (active-backup: the active one)
#     loses its carrier while H1
#     pings H2 30 times at 0.1 s intervals: at most 5 lost, no duplicate;
#     the other member now carries it all, and H2's broadcasts still reach
#     H1 exactly once.
. "$(dirname "$0")/lib.sh"
test_init

# send_frames NS IF DST_MAC ETHERTYPE N: N frames from IF (a raw socket).
send_frames()
{
    ip netns exec "$1" python3 -c '
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[1], 0))
src = s.getsockname()[4]
dst = bytes.fromhex(sys.argv[2].replace(":", ""))
for i in range(int(sys.argv[4])):
    s.send(dst + src + bytes.fromhex(sys.argv[3]) + (b"bond-test %d" % i).ljust(46, b"\0"))
' "$2" "$3" "$4" "$5" || fail "sending frames from $1/$2 failed"
}

# bridge_rx_total: frames the Linux bridge's three ports received.
bridge_rx_total()
{
    echo $(( $(link_counter "$BR" "$Q1" rx) + $(link_counter "$BR" "$Q2" rx) + $(link_counter "$BR" "$QH" rx) ))
}

# in_flag SOCK FLAGS MEMBER: MEMBER's flag is one of the letters FLAGS.
in_flag() { [[ "$(member_flag "$1" "$3")" =~ ^[$2]$ ]]; }

run_case()
{
    local mode=$1 c=$2 sock=$TMP/sw$2.sock
    local f1 f2 q1 q2 a1 a2 n rx0 rx
    SW=${P}s$c BR=${P}r$c H1=${P}h$c H2=${P}g$c
    M1=${P}${c}1 M2=${P}${c}2 Q1=${P}${c}3 Q2=${P}${c}4 QH=${P}${c}5
    log "==== $mode"
    for ns in "$SW" "$BR" "$H1" "$H2"; do netns_add "$ns"; done
    veth_add "$SW" "$M1" "$BR" "$Q1"
    veth_add "$SW" "$M2" "$BR" "$Q2"
    veth_add "$BR" "$QH" "$H2" eth0
    must ip -n "$BR" link add br0 type bridge stp_state 0
    for d in "$Q1" "$Q2" "$QH"; do
        must ip -n "$BR" link set "$d" master br0
        must ip -n "$BR" link set "$d" up
    done
    must ip -n "$BR" link set br0 up
    must ip -n "$H2" link set eth0 up
    must ip -n "$H2" addr add 10.10.0.2/24 dev eth0
    cat >"$TMP/sw$c.json" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "vlans": [{"id": 10, "name": "ten"}],
    "ports": [
      {"name": "Po1", "type": "bond", "mode": "access", "access_vlan": 10,
       "bond_mode": "$mode", "lacp": "off"},
      {"name": "$M1", "type": "system", "bond": "Po1"},
      {"name": "$M2", "type": "system", "bond": "Po1"},
      {"name": "${P}${c}h", "type": "internal", "mode": "access", "access_vlan": 10}
    ]
  }]
}
JSON
    start_switchd "$SW" "$TMP/sw$c.json" "$sock"
    host_attach "$SW" "${P}${c}h" "$H1" 10.10.0.1/24

    if [ "$mode" = active-backup ]; then
        wait_for 30 in_flag "$sock" PH "$M1" && wait_for 30 in_flag "$sock" PH "$M2" \
            || fail "$mode: members not up: $(swsh "$sock" 'show etherchannel summary')"
        f1=$(member_flag "$sock" "$M1") f2=$(member_flag "$sock" "$M2")
        [ "$f1$f2" = PH ] || [ "$f1$f2" = HP ] \
            || fail "$mode: expected one member P and one H, got $M1($f1) $M2($f2)"
        log "ok: $mode: $M1($f1) $M2($f2)"
    else
        wait_members_flag 30 "$sock" P "$M1" "$M2"
    fi
    ping_ok "$H1" 10.10.0.2

    # Broadcasts both ways, each host capturing what it receives.
    rx0=$(bridge_rx_total)
    a1=$(link_counter "$BR" "$Q1" rx) a2=$(link_counter "$BR" "$Q2" rx)
    capture_start h1in$c "$H1" "${P}${c}h" "" in
    capture_start h2in$c "$H2" eth0 "" in
    send_frames "$H2" eth0 ff:ff:ff:ff:ff:ff 88b5 20
    capture_wait h1in$c "(0x88b5)" 20 10
    # What each member sends while H1's broadcasts cross (and nothing else
    # is sent): the bridge's port on it counts it.
    q1=$(link_counter "$BR" "$Q1" rx) q2=$(link_counter "$BR" "$Q2" rx)
    send_frames "$H1" "${P}${c}h" ff:ff:ff:ff:ff:ff 88b6 20
    capture_wait h2in$c "(0x88b6)" 20 10
    q1=$(( $(link_counter "$BR" "$Q1" rx) - q1 )) q2=$(( $(link_counter "$BR" "$Q2" rx) - q2 ))
    # Copies that came the long way round would be in by the end of 10
    # more pings (1 s).
    ping_burst "$H1" 10.10.0.2 10
    assert_burst 0 "$mode: H1 -> H2 after the broadcasts"
    capture_stop h1in$c; capture_stop h2in$c
    assert_eq "$(capture_count h1in$c "(0x88b5)")" 20 "$mode: H2's broadcasts H1 received"
    assert_eq "$(capture_count h2in$c "(0x88b6)")" 20 "$mode: H1's broadcasts H2 received"
    assert_eq "$(capture_count h1in$c "(0x88b6)")" 0 "$mode: H1's own broadcasts back at H1"
    assert_eq "$(capture_count h2in$c "(0x88b5)")" 0 "$mode: H2's own broadcasts back at H2"
    rx=$(( $(bridge_rx_total) - rx0 ))
    # About 20 + 20 broadcasts and 10 echoes each way, plus ARP: a loop
    # makes thousands.
    [ "$rx" -le 1000 ] || fail "$mode: the Linux bridge's ports received $rx frames in a few seconds: a loop"
    log "ok: $mode: no storm ($rx frames into the Linux bridge)"

    # The member H1's broadcasts left by.  In balance-slb the other may
    # carry a few frames then (H1's unicast, an ARP probe say, hashed to
    # it); a second copy of the broadcasts would have reached H2 twice,
    # which the counts above exclude.  In active-backup it carries none.
    log "$mode: while H1's 20 broadcasts crossed: $q1 frames from $M1, $q2 from $M2"
    local stray=3
    [ "$mode" != active-backup ] || stray=0
    if [ "$q1" -ge 20 ] && [ "$q2" -le "$stray" ]; then
        ACT=$M1 BAK=$M2
    elif [ "$q2" -ge 20 ] && [ "$q1" -le "$stray" ]; then
        ACT=$M2 BAK=$M1
    else
        fail "$mode: H1's 20 broadcasts did not leave by one member ($M1: $q1 frames, $M2: $q2)"
    fi
    if [ "$mode" = active-backup ]; then
        assert_eq "$(member_flag "$sock" "$ACT")" P "$mode: the member H1's broadcasts left by is the active one"
        # Broadcasts both ways and 20 echoes: the backup sent nothing.
        if [ "$ACT" = "$M1" ]; then n=$(( $(link_counter "$BR" "$Q2" rx) - a2 )); else n=$(( $(link_counter "$BR" "$Q1" rx) - a1 )); fi
        assert_eq "$n" 0 "$mode: frames the backup $BAK sent"
    fi

    ping_burst "$H1" 10.10.0.2 30 ip -n "$SW" link set "$ACT" down
    assert_burst 5 "$mode: H1 -> H2 across $ACT's carrier loss"
    wait_members_flag 10 "$sock" D "$ACT"
    wait_members_flag 10 "$sock" P "$BAK"
    capture_start h1after$c "$H1" "${P}${c}h" "" in
    send_frames "$H2" eth0 ff:ff:ff:ff:ff:ff 88b5 10
    capture_wait h1after$c "(0x88b5)" 10 10
    ping_burst "$H1" 10.10.0.2 5
    assert_burst 0 "$mode: H1 -> H2 on $BAK alone"
    capture_stop h1after$c
    assert_eq "$(capture_count h1after$c "(0x88b5)")" 10 "$mode: H2's broadcasts H1 received after the failover"
    stop_switchd "$sock"
}

run_case active-backup a
run_case balance-slb s
test_pass
