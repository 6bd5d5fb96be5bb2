#!/bin/bash
# Issue 13, "Done when" 1 (a): two switchd (namespaces SW1, SW2) joined by
# two veth wires that are the members of port-channel Po1 on both sides
# (LACP active, fast rate, trunk allowing VLAN 10), a host in access VLAN 10
# behind each (an internal port moved into H1, H2):
#   - LACP bundles both members on both sides (`show etherchannel summary`
#     flags P) and the hosts ping each other;
#   - the member that carries H1's traffic loses its carrier (its SW1 end
#     goes down, so its SW2 end loses carrier) while H1 pings H2 60 times at
#     0.1 s intervals: at most 5 lost, no duplicate reply; both sides show
#     it down (D);
#   - the carrier comes back: the member is bundled again on both sides and
#     the hosts still ping each other;
#   - a third wire is made a member on both sides from the shell
#     (`channel-group 1 mode active`) while H1 pings H2: at most 1 of 30
#     lost (the others are not disturbed), and it bundles on both sides.
. "$(dirname "$0")/lib.sh"
test_init

bond_lacp_pair
assert_match "$(swsh "$TMP/sw1.sock" 'show etherchannel summary')" 'Po1\(SU\)[[:space:]]+LACP' \
    "SW1: Po1 in use (SU), protocol LACP"

# Which member SW1 sends H1's frames on: 30 echoes at once, each member's
# kernel tx count before and after (LACPDUs add about one a second to each).
a1=$(link_counter "$SW1" "$A1" tx) a2=$(link_counter "$SW1" "$A2" tx)
must ip netns exec "$H1" ping -q -c 30 -i 0.01 -W 1 10.10.0.2
a1=$(( $(link_counter "$SW1" "$A1" tx) - a1 )) a2=$(( $(link_counter "$SW1" "$A2" tx) - a2 ))
log "SW1 members sent during 30 echoes: $A1 $a1, $A2 $a2"
if [ "$a1" -ge 30 ] && [ "$a2" -lt 10 ]; then
    BUSY=$A1 IDLE=$A2 PEER=$B1 PEER_IDLE=$B2
elif [ "$a2" -ge 30 ] && [ "$a1" -lt 10 ]; then
    BUSY=$A2 IDLE=$A1 PEER=$B2 PEER_IDLE=$B1
else
    fail "H1's 30 echoes did not leave by one member ($A1: $a1 frames, $A2: $a2)"
fi

# Carrier loss on the busy member while pinging.
ping_burst "$H1" 10.10.0.2 60 ip -n "$SW1" link set "$BUSY" down
assert_burst 5 "H1 -> H2 across $BUSY's carrier loss"
wait_members_flag 10 "$TMP/sw1.sock" D "$BUSY"
wait_members_flag 10 "$TMP/sw2.sock" D "$PEER"
members_flag "$TMP/sw1.sock" P "$IDLE" || fail "SW1: $IDLE left the bundle too: $(swsh "$TMP/sw1.sock" 'show etherchannel summary')"
members_flag "$TMP/sw2.sock" P "$PEER_IDLE" || fail "SW2: $PEER_IDLE left the bundle too: $(swsh "$TMP/sw2.sock" 'show etherchannel summary')"
assert_match "$(swsh "$TMP/sw1.sock" 'show etherchannel summary')" 'Po1\(SU\)' "SW1: Po1 still up on one member"

# The carrier comes back: the member rejoins on both sides.
must ip -n "$SW1" link set "$BUSY" up
wait_members_flag 60 "$TMP/sw1.sock" P "$A1" "$A2"
wait_members_flag 60 "$TMP/sw2.sock" P "$B1" "$B2"
ping_burst "$H1" 10.10.0.2 20
assert_burst 0 "H1 -> H2 with $BUSY back"

# A third wire joins the bundle from the shell (IOS's channel-group) on
# both sides while H1 pings H2: the diff-apply leaves the working members
# and their LACP machines alone (docs/bonding.md section 4), so nothing of
# the flow is lost; the new member bundles on both sides.
A3=${P}a3 B3=${P}b3
veth_add "$SW1" "$A3" "$SW2" "$B3"
add_member()    # SOCK DEV
{
    swsh "$1" 'configure terminal' 'bridge br0' "port $2 type system" 'exit' \
        "interface $2" 'channel-group 1 mode active' 'end' >/dev/null \
        || fail "channel-group 1 on $2 refused: $(tail -n 5 "$TMP/swsh.log")"
}
add_third() { add_member "$TMP/sw1.sock" "$A3" && add_member "$TMP/sw2.sock" "$B3"; }
ping_burst "$H1" 10.10.0.2 30 add_third
assert_burst 1 "H1 -> H2 while a third member joins"
wait_members_flag 60 "$TMP/sw1.sock" P "$A1" "$A2" "$A3"
wait_members_flag 60 "$TMP/sw2.sock" P "$B1" "$B2" "$B3"

stop_switchd "$TMP/sw1.sock"
stop_switchd "$TMP/sw2.sock"
test_pass
