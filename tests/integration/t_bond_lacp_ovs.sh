#!/bin/bash
# Issue 13, "Done when" 1 (b): tapswitch's port-channel Po1 (LACP active,
# fast, trunk allowing VLAN 10) against Open vSwitch 3.1 as the peer: an
# ovs-vswitchd of the test's own (netdev datapath) in namespace OVS with
#   ovs-vsctl add-bond br0 bond0 O1 O2 lacp=active bond_mode=balance-slb \
#       other_config:lacp-time=fast trunks=10
# and a host H2 on an access port of VLAN 10 (tag=10, a veth into H2);
# tapswitch in SW with host H1 on an internal port in access VLAN 10.
#   - OVS's `ovs-appctl lacp/show bond0` shows both members "current
#     attached" and enabled (tapswitch in sync, collecting, distributing),
#     and as partner tapswitch's LACP system: the sys_id and
#     sys_priority `show lacp sys-id` gives (the priority is set to a
#     non-default 4660 in the JSON, so the global reaches the LACPDUs);
#   - tapswitch bundles both members (P) and its `show lacp neighbor`
#     shows OVS as their partner; the hosts ping each other;
#   - the member carrying H1's traffic loses its carrier while H1 pings 60
#     times at 0.1 s intervals: at most 5 lost, no duplicate; it comes back
#     and is attached/bundled again on both sides.
# Without Open vSwitch installed the test fails (make deps installs
# openvswitch-switch).
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw OVS=${P}ovs H1=${P}h1 H2=${P}h2
T1=${P}t1 T2=${P}t2 O1=${P}o1 O2=${P}o2      # T1-O1 and T2-O2 are the wires
for ns in "$SW" "$OVS" "$H1" "$H2"; do netns_add "$ns"; done
veth_add "$SW" "$T1" "$OVS" "$O1"
veth_add "$SW" "$T2" "$OVS" "$O2"
veth_add "$OVS" "${P}oh" "$H2" eth0
for d in "$O1" "$O2" "${P}oh"; do must ip -n "$OVS" link set "$d" up; done
must ip -n "$H2" link set eth0 up
must ip -n "$H2" addr add 10.10.0.2/24 dev eth0

ovs_start "$OVS" ovs
must ovs_vsctl ovs add-br br0 -- set bridge br0 datapath_type=netdev
must ovs_vsctl ovs add-bond br0 bond0 "$O1" "$O2" lacp=active bond_mode=balance-slb \
    other_config:lacp-time=fast trunks=10
must ovs_vsctl ovs add-port br0 "${P}oh" tag=10

bond_lacp_config "$TMP/sw.json" "$T1" "$T2" "${P}1h" '"lacp_system_priority": 4660,'
start_switchd "$SW" "$TMP/sw.json" "$TMP/sw.sock"
host_attach "$SW" "${P}1h" "$H1" 10.10.0.1/24

# tapswitch's LACP system ID: IOS prints "4660, 0011.2233.4455"; the MAC
# compared as 12 hex digits.
sysid=$(swsh "$TMP/sw.sock" 'show lacp sys-id')
log "show lacp sys-id: $sysid"
prio=$(sed -nE 's/^[[:space:]]*([0-9]+),.*/\1/p' <<<"$sysid" | head -n 1)
mac=$(grep -oiE '([0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}|([0-9a-f]{2}:){5}[0-9a-f]{2})' <<<"$sysid" \
    | head -n 1 | tr -d '.:' | tr A-F a-f)
assert_eq "$prio" 4660 "tapswitch's LACP system priority"
[ ${#mac} -eq 12 ] || fail "no system MAC in 'show lacp sys-id': [$sysid]"

# ovs_attached MEMBER...: lacp/show reports each MEMBER "current attached".
ovs_attached()
{
    local out m
    out=$(ovs_appctl ovs lacp/show bond0) || return 1
    for m in "$@"; do grep -qx "member: $m: current attached" <<<"$out" || return 1; done
}
t0=$(now_ms)
wait_for 60 ovs_attached "$O1" "$O2" \
    || fail "OVS: members not both current attached after 60 s: $(ovs_appctl ovs lacp/show bond0; ovs_log ovs)"
log "ok: OVS: $O1 and $O2 current attached after $(( $(now_ms) - t0 )) ms"
wait_members_flag 60 "$TMP/sw.sock" P "$T1" "$T2"
show=$(ovs_appctl ovs lacp/show bond0)
printf '%s\n' "$show"
assert_match "$show" '^  status: active negotiated$' "OVS: bond0 LACP negotiated"
for what in sys_id sys_priority; do
    n=$(grep -c "^  partner $what: " <<<"$show")
    assert_eq "$n" 2 "OVS: partner $what lines (one per member)"
done
partners=$(sed -nE 's/^  partner sys_id: //p' <<<"$show" | tr -d ':' | tr A-F a-f | sort -u)
assert_eq "$partners" "$mac" "OVS: partner sys_id of both members (tapswitch's system MAC)"
assert_eq "$(sed -nE 's/^  partner sys_priority: //p' <<<"$show" | sort -u)" 4660 \
    "OVS: partner sys_priority of both members"
# OVS enables a member only when its partner (tapswitch) says it is in sync.
assert_eq "$(grep -c '^  may_enable: true$' <<<"$show")" 2 "OVS: may_enable true on both members"
assert_eq "$(grep -c '^  partner state: .*synchronized collecting distributing' <<<"$show")" 2 \
    "OVS: both partners synchronized, collecting, distributing"
# And the other way round: tapswitch's `show lacp neighbor` row of each
# member (Port Flags Priority Dev-ID Age Admin-key Oper-key Port-number
# State) names OVS's system and the port id OVS gives the member at the
# wire's other end, and shows the partner in sync, collecting and
# distributing (state bits 0x08, 0x10, 0x20).
ovs_sysid=$(sed -nE 's/^  sys_id: //p' <<<"$show" | tr -d ':' | sed -E 's/^(....)(....)(....)$/\1.\2.\3/')
neighbor=$(swsh "$TMP/sw.sock" 'show lacp neighbor')
printf '%s\n' "$neighbor"
for pair in "$T1 $O1" "$T2 $O2"; do
    set -- $pair
    row=$(awk -v m="$1" '$1 == m' <<<"$neighbor")
    assert_eq "$(awk '{ print $4 }' <<<"$row")" "$ovs_sysid" "tapswitch: $1's partner Dev ID (OVS's sys_id)"
    port_id=$(awk -v m="member: $2: " 'index($0, m) == 1 { f = 1; next } f && $1 == "port_id:" { print $2; exit }' <<<"$show")
    assert_eq "$(( $(awk '{ print $8 }' <<<"$row") ))" "$port_id" "tapswitch: $1's partner port number (OVS's port_id of $2)"
    assert_eq "$(( $(awk '{ print $9 }' <<<"$row") & 0x38 ))" 56 "tapswitch: $1's partner in sync, collecting, distributing"
done
ping_ok "$H1" 10.10.0.2

# The member SW sends H1's frames on (kernel tx counts around 30 echoes).
t1=$(link_counter "$SW" "$T1" tx) t2=$(link_counter "$SW" "$T2" tx)
must ip netns exec "$H1" ping -q -c 30 -i 0.01 -W 1 10.10.0.2
t1=$(( $(link_counter "$SW" "$T1" tx) - t1 )) t2=$(( $(link_counter "$SW" "$T2" tx) - t2 ))
log "SW members sent during 30 echoes: $T1 $t1, $T2 $t2"
if [ "$t1" -ge 30 ] && [ "$t2" -lt 10 ]; then
    BUSY=$T1 IDLE=$T2 PEER=$O1
elif [ "$t2" -ge 30 ] && [ "$t1" -lt 10 ]; then
    BUSY=$T2 IDLE=$T1 PEER=$O2
else
    fail "H1's 30 echoes did not leave by one member ($T1: $t1 frames, $T2: $t2)"
fi

ping_burst "$H1" 10.10.0.2 60 ip -n "$SW" link set "$BUSY" down
assert_burst 5 "H1 -> H2 across $BUSY's carrier loss"
wait_members_flag 10 "$TMP/sw.sock" D "$BUSY"
members_flag "$TMP/sw.sock" P "$IDLE" || fail "$IDLE left the bundle too: $(swsh "$TMP/sw.sock" 'show etherchannel summary')"

must ip -n "$SW" link set "$BUSY" up
wait_members_flag 60 "$TMP/sw.sock" P "$T1" "$T2"
wait_for 60 ovs_attached "$O1" "$O2" \
    || fail "OVS: $PEER not current attached again after 60 s: $(ovs_appctl ovs lacp/show bond0)"
log "ok: OVS: both members current attached again"
ping_burst "$H1" 10.10.0.2 20
assert_burst 0 "H1 -> H2 with $BUSY back"

stop_switchd "$TMP/sw.sock"
test_pass
