#!/bin/bash
# `show interfaces PORT` (issue 14) counts what `show interfaces PORT
# counters` counts: two hosts on veths (system ports, so switchd sees
# their netdevs); one sends a known number of broadcast, multicast and
# unicast frames; the IOS block, parsed with a TextFSM template as IOS
# automation reads it (cli/show_interfaces.textfsm), must give the
# same packets and bytes in and out as the counters, the broadcasts and
# multicasts sent, the veth's MAC and MTU, and a 5 minute input rate that
# becomes non-zero under traffic (IOS samples every 5 s); `clear counters`
# zeroes them and says when.
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw H1=${P}h1 H2=${P}h2
A=${P}a B=${P}b
netns_add "$SW"; netns_add "$H1"; netns_add "$H2"
veth_add "$SW" "$A" "$H1" h1
veth_add "$SW" "$B" "$H2" h2
for end in "$SW $A" "$SW $B" "$H1 h1" "$H2 h2"; do
    set -- $end
    must ip -n "$1" link set "$2" up
done
must ip -n "$SW" link set "$A" mtu 1400
cat >"$TMP/switch.json" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "ports": [
      {"name": "$A", "type": "system", "mode": "access", "access_vlan": 10,
       "description": "host one"},
      {"name": "$B", "type": "system", "mode": "access", "access_vlan": 10}
    ]
  }]
}
JSON
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"

# parsed PORT FIELD: FIELD of `show interfaces PORT` as TextFSM reads it.
parsed()
{
    swsh "$SOCK" "show interfaces $1" >"$TMP/show-$1.txt" || return 1
    /usr/bin/python3 "$TS_DIR/cli/parse_interfaces.py" <"$TMP/show-$1.txt" \
        | tr ' ' '\n' | sed -n "s/^$2=//p"
}
# counter PORT COLUMN: a column of `show interfaces PORT counters`.
counter()
{
    swsh "$SOCK" "show interfaces $1 counters" | awk -v port="$1" -v col="$2" '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
        c && $1 == port { print $c; exit }'
}
field_is() { [ "$(parsed "$1" "$2")" = "$3" ]; }

N_BCAST=3 N_MCAST=2 N_UCAST=4 SIZE=100
send() { must ip netns exec "$H1" /usr/bin/python3 "$TS_DIR/cli/send_frames.py" h1 "$1" 02:00:00:00:01:01 $SIZE; }
for _ in $(seq $N_BCAST); do send ff:ff:ff:ff:ff:ff; done
for _ in $(seq $N_MCAST); do send 01:00:5e:00:00:07; done
for _ in $(seq $N_UCAST); do send 02:00:00:00:02:02; done
N=$((N_BCAST + N_MCAST + N_UCAST))
wait_for 10 field_is "$B" OUTPUT_PACKETS $N \
    || fail "$N frames in on $A did not all leave on $B: $(cat "$TMP/show-$B.txt")"

# The IOS block and the counters agree, and count exactly what was sent.
assert_eq "$(parsed "$A" INPUT_PACKETS)" "$(counter "$A" InFrames)" "$A packets input = InFrames"
assert_eq "$(parsed "$A" INPUT_BYTES)" "$(counter "$A" InOctets)" "$A input bytes = InOctets"
assert_eq "$(parsed "$B" OUTPUT_PACKETS)" "$(counter "$B" OutFrames)" "$B packets output = OutFrames"
assert_eq "$(parsed "$B" OUTPUT_BYTES)" "$(counter "$B" OutOctets)" "$B output bytes = OutOctets"
assert_eq "$(parsed "$A" INPUT_PACKETS)" "$N" "$A packets input"
assert_eq "$(parsed "$A" INPUT_BYTES)" "$((N * SIZE))" "$A input bytes"
assert_eq "$(parsed "$A" BROADCASTS)" "$((N_BCAST + N_MCAST))" "$A broadcasts (multicasts among them, as IOS)"
assert_eq "$(parsed "$A" MULTICASTS)" "$N_MCAST" "$A multicasts"
assert_eq "$(parsed "$B" BROADCASTS)" 0 "$B received no broadcast"
assert_eq "$(parsed "$A" INPUT_ERRORS)" 0 "$A input errors"

# State, MAC and MTU of the netdev, description.
assert_eq "$(parsed "$A" LINK_STATUS)" up "$A state"
assert_eq "$(parsed "$A" PROTOCOL_STATUS)" "up_(connected)" "$A line protocol"
MAC_A=$(ip -n "$SW" -o link show "$A" | grep -o 'link/ether [0-9a-f:]*' | cut -d' ' -f2)
DOT_A=$(printf '%s' "$MAC_A" | tr -d ':' | sed 's/^\(....\)\(....\)\(....\)$/\1.\2.\3/')
assert_eq "$(parsed "$A" ADDRESS)" "$DOT_A" "$A address is its veth's"
assert_eq "$(parsed "$A" BIA)" "$DOT_A" "$A bia"
assert_eq "$(parsed "$A" MTU)" 1400 "$A MTU is its veth's"
assert_eq "$(parsed "$A" DESCRIPTION)" "host_one" "$A description"

# The 5 minute rate: non-zero once a 5 s sample has seen the frames
# (frames keep coming, so the sample after any phase of the tick has some).
rate_up()
{
    send 02:00:00:00:02:02
    [ "$(parsed "$A" INPUT_RATE)" -gt 0 ] && [ "$(parsed "$B" OUTPUT_RATE)" -gt 0 ]
}
wait_for 15 rate_up || fail "no 5 minute input rate after traffic: $(cat "$TMP/show-$A.txt")"
grep -q "txload 1/255, rxload 1/255" "$TMP/show-$A.txt" \
    || fail "a slow rate is load 1/255: $(cat "$TMP/show-$A.txt")"

must swsh "$SOCK" 'clear counters'
out=$(swsh "$SOCK" "show interfaces $A")
assert_match "$out" 'Last clearing of "show interface" counters 00:00:0[0-9]' "clear time"
assert_eq "$(parsed "$A" INPUT_PACKETS)" 0 "cleared packets input"
assert_eq "$(parsed "$A" BROADCASTS)" 0 "cleared broadcasts"

stop_switchd "$SOCK"
test_pass
