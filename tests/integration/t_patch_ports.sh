#!/bin/bash
# One switchd with two bridges joined by a patch pair (the OpenStack
# br-int / br-ex shape): a host on each bridge, same VLAN, reach each other
# through the patch ports, which `show ports` lists with counters that rise
# with the traffic.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw H1=${P}h1 H2=${P}h2
A=${P}a B=${P}b                     # hosts on br-int and br-ex
INT=${P}int PHY=${P}phy             # the patch pair
netns_add "$SW"; netns_add "$H1"; netns_add "$H2"

cat >"$TMP/switch.json" <<JSON
{
  "version": 1,
  "bridges": [
    {
      "name": "br-int",
      "vlans": [{"id": 10, "name": "ten"}],
      "ports": [
        {"name": "$A", "type": "internal", "mode": "access", "access_vlan": 10},
        {"name": "$INT", "type": "patch", "peer": "$PHY"}
      ]
    },
    {
      "name": "br-ex",
      "vlans": [{"id": 10, "name": "ten"}],
      "ports": [
        {"name": "$PHY", "type": "patch", "peer": "$INT"},
        {"name": "$B", "type": "internal", "mode": "access", "access_vlan": 10}
      ]
    }
  ]
}
JSON
sock=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$sock"

host_attach "$SW" "$A" "$H1" 10.20.0.1/24
host_attach "$SW" "$B" "$H2" 10.20.0.2/24

ping_ok "$H1" 10.20.0.2

ports=$(swsh "$sock" 'show ports') || fail "show ports failed"
printf '%s\n' "$ports"
# BRIDGE PORT TYPE ...: both patch ports, each in its bridge.
assert_match "$ports" "^br-int +$INT +patch " "show ports lists $INT (patch, br-int)"
assert_match "$ports" "^br-ex +$PHY +patch " "show ports lists $PHY (patch, br-ex)"

# counters PORT: "RX_FRAMES TX_FRAMES" of PORT now.
counters()
{
    echo "$(port_stat "$sock" "$1" RX_FRAMES) $(port_stat "$sock" "$1" TX_FRAMES)"
}
read -r int_rx1 int_tx1 <<<"$(counters "$INT")"
read -r phy_rx1 phy_tx1 <<<"$(counters "$PHY")"
log "before: $INT rx=$int_rx1 tx=$int_tx1, $PHY rx=$phy_rx1 tx=$phy_tx1"
for v in "$int_rx1" "$int_tx1" "$phy_rx1" "$phy_tx1"; do
    [[ $v =~ ^[0-9]+$ && $v -ge 4 ]] || fail "patch counters after 4 pings: [$int_rx1 $int_tx1 $phy_rx1 $phy_tx1], expected each >= 4"
done

# Requests leave br-int by $INT and enter br-ex by $PHY; replies the other way.
ping_ok "$H1" 10.20.0.2
read -r int_rx2 int_tx2 <<<"$(counters "$INT")"
read -r phy_rx2 phy_tx2 <<<"$(counters "$PHY")"
log "after:  $INT rx=$int_rx2 tx=$int_tx2, $PHY rx=$phy_rx2 tx=$phy_tx2"
[ "$int_tx2" -ge $((int_tx1 + 4)) ] || fail "$INT TX_FRAMES $int_tx1 -> $int_tx2 (expected +4 requests)"
[ "$phy_rx2" -ge $((phy_rx1 + 4)) ] || fail "$PHY RX_FRAMES $phy_rx1 -> $phy_rx2 (expected +4 requests)"
[ "$phy_tx2" -ge $((phy_tx1 + 4)) ] || fail "$PHY TX_FRAMES $phy_tx1 -> $phy_tx2 (expected +4 replies)"
[ "$int_rx2" -ge $((int_rx1 + 4)) ] || fail "$INT RX_FRAMES $int_rx1 -> $int_rx2 (expected +4 replies)"

stop_switchd "$sock"
test_pass
