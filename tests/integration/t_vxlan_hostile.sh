#!/bin/bash
# Hostile and careless VXLAN (issue 18; docs/design.md section 5.14).
# - A configured peer and a stranger on the underlay send truncated,
#   flagless, huge, runt, double-tagged and bad-source payloads and unknown
#   VNIs: switchd stays up and counts each drop under its reason.
# - A peer floods random inner source MACs: the MAC table stays at its size.
# - The tunnel port is removed and added again while a peer floods it
#   (under ASan: no use after free of the shared socket or the pool).
# - A port whose local address is its source_interface's follows that
#   address when it changes (it stayed bound to the old one: up in `show
#   nve interface`, every frame a tx error, nothing received).
# - A VM's TCP super-frame with gso_size 1 (its TAP takes it) made 60000
#   datagrams per remote: refused, a tx error.
# - Ports sharing a socket may differ in df_default and change it (a
#   change on both was refused: each, made anew, disagreed with the other).
# - Two vxlan ports on the same local address and UDP port listing the same
#   remote VTEP in the same VNI (or one with "key": "flow") are refused, by
#   --check-config and by ovs-vsctl, nothing changed: the socket would hand
#   that VTEP's frames to one port while the bridge flooded them out of the
#   other, back to the VTEP (a reflection; a loop between two VTEPs
#   configured alike; two bridges joined when the ports are in different
#   ones).
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw PEER=${P}pr H=${P}h
U1=${P}u1 U2=${P}u2
SEND=$TS_DIR/cli/vxlan_hostile.py
for ns in "$SW" "$PEER" "$H"; do netns_add "$ns"; done
veth_add "$SW" "$U1" "$PEER" "$U2"
must ip -n "$SW" link set "$U1" mtu 9000 up
must ip -n "$PEER" link set "$U2" mtu 9000 up
must ip -n "$SW" addr add 192.0.2.1/24 dev "$U1"
must ip -n "$PEER" addr add 192.0.2.2/24 dev "$U2"
must ip -n "$PEER" addr add 192.0.2.3/24 dev "$U2"

# Two ports sharing a socket and a remote in one VNI: refused with the
# port named; other VNIs for the same remote are fine (OVS's one port per
# VNI to a peer).
write_two()
{
    cat >"$1" <<JSON
{"version": 1, "bridges": [{"name": "br0", "vlans": [{"id": 100}, {"id": 200}],
 "ports": [
  {"name": "vx1", "type": "vxlan", "mode": "access", "access_vlan": 100,
   "vxlan": {"local_ip": "192.0.2.1", "remote_ips": ["192.0.2.2"], "key": 10100}},
  {"name": "vx2", "type": "vxlan", "mode": "access", "access_vlan": 200,
   "vxlan": {"local_ip": "192.0.2.1", "remote_ips": ["192.0.2.3", "192.0.2.2"], "key": $2}}]}]}
JSON
}
write_two "$TMP/two.json" 10100
out=$("$SWITCHD" --check-config "$TMP/two.json" 2>&1) && fail "two ports, one remote, one VNI: accepted"
assert_match "$out" 'bridges\[0\]\.ports\[1\]\.vxlan: remote 192\.0\.2\.2 in VNI 10100 is also port vx1' \
    "--check-config: same remote and VNI on two ports"
write_two "$TMP/two.json" '"flow"'
out=$("$SWITCHD" --check-config "$TMP/two.json" 2>&1) && fail "a key=flow port sharing a remote: accepted"
assert_match "$out" 'remote 192\.0\.2\.2 is also port vx1.*"key": "flow"' "--check-config: key=flow"
write_two "$TMP/two.json" 10200
"$SWITCHD" --check-config "$TMP/two.json" >/dev/null || fail "one remote in two VNIs on two ports refused"
log "ok: --check-config refuses a remote VTEP on two ports in one VNI"

cat >"$TMP/sw.json" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0", "mac_table_size": 1024,
    "vlans": [{"id": 100}],
    "ports": [
      {"name": "vx1", "type": "vxlan",
       "vxlan": {"local_ip": "192.0.2.1", "remote_ips": ["192.0.2.2"],
                 "vnis": [{"vni": 10100, "vlan": 100}]}},
      {"name": "${P}h1", "type": "internal", "mode": "access", "access_vlan": 100}
    ]
  }, {
    "name": "br1", "vlans": [{"id": 800}, {"id": 900}],
    "ports": [
      {"name": "vx9", "type": "vxlan", "mode": "access", "access_vlan": 900,
       "vxlan": {"source_interface": "$U1", "udp_port": 4790, "remote_ips": ["192.0.2.2"],
                 "key": 10900}},
      {"name": "vx8", "type": "vxlan", "mode": "access", "access_vlan": 800,
       "vxlan": {"source_interface": "$U1", "udp_port": 4790, "remote_ips": ["192.0.2.2"],
                 "key": 10800}},
      {"name": "${P}h9", "type": "internal", "mode": "access", "access_vlan": 900},
      {"name": "${P}h8", "type": "internal", "mode": "access", "access_vlan": 800},
      {"name": "${P}vm", "type": "tap", "mode": "access", "access_vlan": 900}
    ]
  }]
}
JSON
# A "VM" on a TAP: its TCP super-frames, one with gso_size 1.
ip netns exec "$SW" /usr/bin/python3 "$TS_DIR/cli/gso_tap.py" "${P}vm" "$TMP/go" 1 1400 &
vm=$!
TS_BG_PIDS+=("$vm"); TS_LIVE[$vm]=1
wait_for 10 ip -n "$SW" link show "${P}vm" >/dev/null || fail "no TAP ${P}vm"
start_switchd "$SW" "$TMP/sw.json" "$TMP/sw.sock"
host_attach "$SW" "${P}h1" "$H" 10.100.0.1/24
S=$TMP/sw.sock

send() { ip netns exec "$PEER" /usr/bin/python3 "$SEND" "$@" || fail "sender: $*"; }
stat_ge() { [ "$(json_port_stat "$1" "$2" "$3")" -ge "$4" ] 2>/dev/null; }

# The same through ovs-vsctl on the running switch: refused, nothing added.
out=$(swsh_all "$S" 'ovs-vsctl add-port br0 vx2 -- set interface vx2 type=vxlan options:remote_ip=192.0.2.2 options:local_ip=192.0.2.1 options:key=10100 -- set port vx2 tag=100')
assert_match "$out" 'remote 192\.0\.2\.2 in VNI 10100 is also port vx1' "ovs-vsctl add-port: same remote and VNI"
swsh "$S" 'show ports' | grep -qw vx2 && fail "vx2 was added after the error"
log "ok: ovs-vsctl refuses it, nothing changed"

# Garbage, three times each, from the peer and from a stranger.
send 192.0.2.2 192.0.2.1 garbage 3
send 192.0.2.3 192.0.2.1 garbage 3
wait_for 10 stat_ge "$S" vx1 rx_unknown_peer 45 || fail "rx_unknown_peer: $(json_port_stat "$S" vx1 rx_unknown_peer), expected 45"
wait_for 10 stat_ge "$S" vx1 rx_bad_header 15 || fail "rx_bad_header: $(json_port_stat "$S" vx1 rx_bad_header), expected 15"
assert_eq "$(json_port_stat "$S" vx1 rx_unknown_vni)" 3 "rx_unknown_vni"
swsh "$S" 'show interfaces counters' | grep -E '^vx1 +bad-src-mac +6$' \
    || fail "bad-src-mac: $(swsh "$S" 'show interfaces counters')"
log "ok: garbage counted"

# A MAC flood from the peer: the table stays at its 1024.
send 192.0.2.2 192.0.2.1 macflood 5000
count() { swsh "$S" 'show mac address-table count' | awk '/Total Mac Addresses/ { print $NF }'; }
wait_for 10 test "$(count)" -ge 1000 || fail "MAC flood: $(count) entries"
[ "$(count)" -le 1024 ] || fail "MAC table past its size: $(count)"
log "ok: MAC flood bounded ($(count) entries)"

# The port goes and comes back while the peer floods it.
ip netns exec "$PEER" /usr/bin/python3 "$SEND" 192.0.2.2 192.0.2.1 bcast 200000 &
flood=$!
TS_BG_PIDS+=("$flood"); TS_LIVE[$flood]=1
for i in 1 2 3; do
    swsh "$S" 'copy running-config json '"$TMP/run.json" >/dev/null
    swsh_all "$S" 'ovs-vsctl del-port br0 vx1' >/dev/null
    swsh "$S" "copy json $TMP/sw.json running-config" >/dev/null
done
wait "$flood" 2>/dev/null; unset "TS_LIVE[$flood]"
proc_running "$SWITCHD_PID" || fail "switchd died while its tunnel port came and went"
swsh "$S" 'show ports' | grep -qw vx1 || fail "vx1 is not back"
log "ok: tunnel port removed and added under a flood"

# A VM's TCP super-frame with gso_size 1 is not cut into 60000 datagrams
# (a second of the loop for one frame): a tx error; one with gso_size 1400
# still goes, in 43 segments.
enc9=$(json_port_stat "$S" vx9 encapsulated)
err9=$(json_port_stat "$S" vx9 tx_errors)
touch "$TMP/go"
wait "$vm" || fail "the VM's TAP writer failed"
unset "TS_LIVE[$vm]"
wait_for 10 stat_ge "$S" vx9 encapsulated $((enc9 + 43)) \
    || fail "a 60000-byte TCP super-frame (gso_size 1400) not sent in 43 segments"
assert_eq "$(( $(json_port_stat "$S" vx9 encapsulated) - enc9 ))" 43 "datagrams for two super-frames, gso_size 1 and 1400"
assert_eq "$(( $(json_port_stat "$S" vx9 tx_errors) - err9 ))" 1 "tx errors: the gso_size 1 super-frame"
log "ok: a super-frame with gso_size 1 is refused, not cut into 60000 datagrams"

# df_default of ports sharing a socket: changed on one, or on both in one
# command (each port made anew in turn disagreed with the other's old
# setting: refused); each port's frames leave with its own setting.
H9=${P}n9 H8=${P}n8
netns_add "$H9"; netns_add "$H8"
host_attach "$SW" "${P}h9" "$H9" 10.90.0.1/24
host_attach "$SW" "${P}h8" "$H8" 10.80.0.1/24
must ip -n "$H9" link set "${P}h9" mtu 9100
must ip -n "$H8" link set "${P}h8" mtu 9100
must ip -n "$H9" neigh add 10.90.0.2 lladdr 02:00:00:00:09:02 dev "${P}h9"
must ip -n "$H8" neigh add 10.80.0.2 lladdr 02:00:00:00:08:02 dev "${P}h8"
out=$(swsh_all "$S" 'ovs-vsctl set interface vx9 options:df_default=false -- set interface vx8 options:df_default=false')
[ -z "$out" ] || fail "df_default of two ports sharing a socket: $out"
out=$(swsh_all "$S" 'ovs-vsctl set interface vx8 options:df_default=true')
[ -z "$out" ] || fail "df_default of one port of a shared socket: $out"
swsh "$S" 'show running-config' | grep -A6 -F 'vx9' | head -20
big() { ip netns exec "$1" ping -c 1 -W 1 -s 9000 "$2" >/dev/null 2>&1; true; }
enc9=$(json_port_stat "$S" vx9 encapsulated)
big "$H9" 10.90.0.2
big "$H8" 10.80.0.2
wait_for 10 stat_ge "$S" vx8 tx_too_big 1 || fail "vx8 (df) did not count a 9042-byte frame as too big"
wait_for 10 stat_ge "$S" vx9 encapsulated $((enc9 + 1)) || fail "vx9 (no df) did not send a 9042-byte frame"
assert_eq "$(json_port_stat "$S" vx9 tx_too_big)" 0 "vx9 (no df) tx_too_big"
log "ok: ports sharing a socket, each with its own df_default"

# The source interface's address changes: vx9 goes down, then up on the
# new address, and takes frames sent there.
swsh "$S" 'show nve interface' | grep -q 'primary: 192\.0\.2\.1,' || fail "vx9 not on 192.0.2.1"
must ip -n "$SW" addr del 192.0.2.1/24 dev "$U1"
must ip -n "$SW" addr add 192.0.2.5/24 dev "$U1"
on_new() { swsh "$S" 'show nve interface' | grep -q "Source-Interface: $U1 (primary: 192\.0\.2\.5,"; }
wait_for 10 on_new || fail "vx9 did not follow $U1 to 192.0.2.5: $(swsh "$S" 'show nve interface')"
before=$(json_port_stat "$S" vx9 decapsulated)
VX_PORT=4790 VX_VNI=10900 send 192.0.2.2 192.0.2.5 bcast 5
wait_for 10 stat_ge "$S" vx9 decapsulated $((before + 5)) \
    || fail "vx9 did not take frames on its new address: $(json_port_stat "$S" vx9 decapsulated)"
log "ok: a source-interface tunnel follows its interface's new address"

stop_switchd "$S"
test_pass
