#!/bin/bash
# SPAN VLAN sources (VSPAN, docs/cli.md "SPAN", docs/design.md section
# 5.9): switch SW carries VLANs 10 and 20 on access ports A (host H1, VLAN
# 10) and C (host H3, VLAN 20) and on trunk W1, a veth to switch SW2 whose
# hosts H2 (10) and H4 (20) answer.  Monitor session 1 has source vlan 10
# and destination M (host HM, tcpdump), encapsulation replicate.  The
# ground truth is what crossed SW in VLAN 10, seen from outside: on W2
# (W1's other end: frames SW received tagged, or sent tagged) and on A in
# H1 (frames H1 sent SW, or SW sent H1, untagged).  The destination must
# see exactly those frames (bytes and tags, as a multiset):
# - rx: the frames SW received in VLAN 10 (W2 outbound + A outbound);
# - tx: the frames SW sent in VLAN 10 (W2 inbound + A inbound);
# and nothing of VLAN 20, which is pinged at the same time.
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw SW2=${P}sw2 H1=${P}h1 H2=${P}h2 H3=${P}h3 H4=${P}h4 HM=${P}hm
A=${P}a B=${P}b C=${P}c D=${P}d M=${P}m W1=${P}w1 W2=${P}w2
for ns in "$SW" "$SW2" "$H1" "$H2" "$H3" "$H4" "$HM"; do netns_add "$ns"; done
veth_add "$SW" "$W1" "$SW2" "$W2"

cat >"$TMP/switch.json" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "vlans": [{"id": 10, "name": "ten"}, {"id": 20, "name": "twenty"}],
    "ports": [
      {"name": "$W1", "type": "system", "mode": "trunk", "allowed_vlans": "10,20"},
      {"name": "$A", "type": "internal", "mode": "access", "access_vlan": 10},
      {"name": "$C", "type": "internal", "mode": "access", "access_vlan": 20},
      {"name": "$M", "type": "internal", "mode": "access", "access_vlan": 10}
    ]
  }]
}
JSON
cat >"$TMP/sw2.json" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "vlans": [{"id": 10, "name": "ten"}, {"id": 20, "name": "twenty"}],
    "ports": [
      {"name": "$W2", "type": "system", "mode": "trunk", "allowed_vlans": "10,20"},
      {"name": "$B", "type": "internal", "mode": "access", "access_vlan": 10},
      {"name": "$D", "type": "internal", "mode": "access", "access_vlan": 20}
    ]
  }]
}
JSON
start_switchd "$SW" "$TMP/switch.json" "$TMP/sw.sock"
start_switchd "$SW2" "$TMP/sw2.json" "$TMP/sw2.sock"
host_attach "$SW" "$A" "$H1" 10.10.0.1/24
host_attach "$SW2" "$B" "$H2" 10.10.0.2/24
host_attach "$SW" "$C" "$H3" 10.20.0.1/24
host_attach "$SW2" "$D" "$H4" 10.20.0.2/24
must ip -n "$SW" link set "$M" netns "$HM"
must ip -n "$HM" link set "$M" up

# conf LINE...: configuration lines; prints what they say (errors).
conf() { swsh_all "$TMP/sw.sock" 'configure terminal' "$@" | grep -v '^Enter configuration'; }

out=$(conf "monitor session 1 source vlan 10 rx" "monitor session 1 destination interface $M encapsulation replicate")
[ -z "$out" ] || fail "session: unexpected output [$out]"
status=$(swsh "$TMP/sw.sock" 'show interfaces status' | grep -F "$M ")
assert_match "$status" ' monitoring ' "$M is a SPAN destination in show interfaces status"
out=$(conf "monitor session 1 source interface $W1")
assert_match "$out" "% Session 1 has source VLANs: a session monitors interfaces or VLANs, not both" \
    "an interface source in a VLAN session is refused"

# packets NAME...: one line per frame captured in the NAMEs, its bytes in
# hex, sorted; of the trunk's (NAME-w2) only VLAN 10's.
packets()
{
    local n filter
    for n in "$@"; do
        filter=()
        case $n in *-w2) filter=(vlan 10) ;; esac
        tcpdump -r "$TMP/$n.pcap" -xx -nn "${filter[@]}" 2>/dev/null | awk '
            /^[^ \t]/ { if (p != "") print p; p = ""; next }
            { for (i = 2; i <= NF; i++) p = p $i }
            END { if (p != "") print p }'
    done | sort
}
n_packets() { packets "$@" | grep -c .; }
# same_count MIN MON TRUTH...: MON holds as many frames as the TRUTHs, >= MIN.
same_count()
{
    local min=$1 mon=$2 a b
    shift 2
    a=$(n_packets "$@"); b=$(n_packets "$mon")
    [ "$a" -ge "$min" ] && [ "$a" -eq "$b" ]
}

# round NAME DIR: pings in VLANs 10 and 20 with the captures running: the
# truth is W2 and A in direction DIR (as seen there), and the destination.
round()
{
    local name=$1 wdir=$2 adir=$2
    capture_start "$name-w2" "$SW2" "$W2" "" "$wdir"
    capture_start "$name-a" "$H1" "$A" "" "$adir"
    capture_start "$name-mon" "$HM" "$M"
    ping_ok "$H3" 10.20.0.2
    ping_ok "$H1" 10.10.0.2
    ping_ok "$H2" 10.10.0.1
    ping_ok "$H4" 10.20.0.1
    # >= 16 echo requests and replies in VLAN 10, each received once and
    # sent once by SW.
    wait_for 30 same_count 16 "$name-mon" "$name-w2" "$name-a" \
        || fail "$name: truth $(n_packets "$name-w2" "$name-a") frames, destination $(n_packets "$name-mon")"
    capture_stop "$name-w2"
    capture_stop "$name-a"
    capture_stop "$name-mon"
    capture_text "$name-mon" | head -n 4
    truth=$(packets "$name-w2" "$name-a")
    mon=$(packets "$name-mon")
    [ "$truth" = "$mon" ] || fail "$name: the destination's frames differ from VLAN 10's:
$(diff <(printf '%s\n' "$truth") <(printf '%s\n' "$mon") | head -n 20)"
    ! capture_has "$name-mon" '10\.20\.0\.' || fail "$name: a frame of VLAN 20 at the destination"
    ! capture_has "$name-mon" 'vlan 20' || fail "$name: a frame tagged 20 at the destination"
    n_tagged=$(capture_count "$name-mon" 'vlan 10, ')
    n_untagged=$(capture_text "$name-mon" | grep -vc 'vlan ')
    [ "$n_tagged" -ge 8 ] && [ "$n_untagged" -ge 8 ] \
        || fail "$name: $n_tagged frames tagged 10 (from W1), $n_untagged untagged (from A)"
    log "ok: $name: $(n_packets "$name-mon") frames, VLAN 10's bytes and tags ($n_tagged tagged), none of VLAN 20"
}

# What SW received: leaving W2 towards W1, leaving H1's A towards SW.
round rx out

out=$(conf "no monitor session 1 source vlan 10" "monitor session 1 source vlan 10 tx")
[ -z "$out" ] || fail "tx: unexpected output [$out]"
# What SW sent: arriving at W2 and at H1's A.
round tx in

show=$(swsh "$TMP/sw.sock" 'show monitor session 1')
assert_match "$show" 'Source VLANs           :' "show monitor: Source VLANs"
assert_match "$show" '    TX Only            : 10' "show monitor: VLAN 10, tx"
run=$(swsh "$TMP/sw.sock" 'show running-config')
assert_match "$run" 'monitor session 1 source vlan 10 tx' "running-config: the VLAN source"

out=$(conf 'no monitor session 1')
[ -z "$out" ] || fail "no monitor session 1: unexpected output [$out]"
status=$(swsh "$TMP/sw.sock" 'show interfaces status' | grep -F "$M ")
assert_match "$status" ' connected ' "$M is connected again without the session"

stop_switchd "$TMP/sw.sock"
stop_switchd "$TMP/sw2.sock"
test_pass
