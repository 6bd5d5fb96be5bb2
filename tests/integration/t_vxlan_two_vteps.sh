#!/bin/bash
# Two switchd daemons as VXLAN tunnel endpoints (issue 18, done-when 1a;
# docs/design.md section 5.14).  Namespaces SW1 and SW2 are two "hosts" of
# the underlay, joined by a veth with 192.0.2.1/24 and 192.0.2.2/24; each runs
# a switchd with a vxlan port (vnis: VLAN 100 <-> VNI 10100, 200 <-> 10200,
# the other VTEP as its one remote) and two internal ports as hosts, VLAN 100
# (H1a, H2a) and VLAN 200 (H1b, H2b), all four in one IP subnet.
# Same-VLAN hosts reach each other through the tunnel (ping, and a TCP
# transfer whose checksum must match: the hosts' TCP super-frames are cut
# into segments before they are encapsulated); the underlay carries UDP 4789
# with VNI 10100 and 10200; a VLAN 200 host cannot reach a VLAN 100 host; the
# tunnel's counters move; a frame too big for the underlay's MTU is counted,
# not sent.  `show nve peers` and `show mac address-table` show the remote
# VTEP.
. "$(dirname "$0")/lib.sh"
test_init

SW1=${P}sw1 SW2=${P}sw2
H1a=${P}h1a H1b=${P}h1b H2a=${P}h2a H2b=${P}h2b
U1=${P}u1 U2=${P}u2                 # the underlay's two ends
for ns in "$SW1" "$SW2" "$H1a" "$H1b" "$H2a" "$H2b"; do netns_add "$ns"; done
veth_add "$SW1" "$U1" "$SW2" "$U2"
# Room for a 1500-byte host frame and the 50 bytes VXLAN adds.
must ip -n "$SW1" link set "$U1" mtu 1600 up
must ip -n "$SW2" link set "$U2" mtu 1600 up
must ip -n "$SW1" addr add 192.0.2.1/24 dev "$U1"
must ip -n "$SW2" addr add 192.0.2.2/24 dev "$U2"

# write_config FILE LOCAL REMOTE PORT_A PORT_B
write_config()
{
    cat >"$1" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "vlans": [{"id": 100, "name": "hundred"}, {"id": 200, "name": "twohundred"}],
    "ports": [
      {"name": "vx1", "type": "vxlan",
       "vxlan": {"local_ip": "$2", "remote_ips": ["$3"],
                 "vnis": [{"vni": 10100, "vlan": 100}, {"vni": 10200, "vlan": 200}]}},
      {"name": "$4", "type": "internal", "mode": "access", "access_vlan": 100},
      {"name": "$5", "type": "internal", "mode": "access", "access_vlan": 200}
    ]
  }]
}
JSON
}
write_config "$TMP/sw1.json" 192.0.2.1 192.0.2.2 "${P}1a" "${P}1b"
write_config "$TMP/sw2.json" 192.0.2.2 192.0.2.1 "${P}2a" "${P}2b"
start_switchd "$SW1" "$TMP/sw1.json" "$TMP/sw1.sock"
start_switchd "$SW2" "$TMP/sw2.json" "$TMP/sw2.sock"

host_attach "$SW1" "${P}1a" "$H1a" 10.100.0.1/24
host_attach "$SW1" "${P}1b" "$H1b" 10.100.0.3/24
host_attach "$SW2" "${P}2a" "$H2a" 10.100.0.2/24
host_attach "$SW2" "${P}2b" "$H2b" 10.100.0.4/24

capture_start underlay "$SW1" "$U1"

ping_ok "$H1a" 10.100.0.2           # VLAN 100 through VNI 10100
ping_ok "$H1b" 10.100.0.4           # VLAN 200 through VNI 10200
ping_fails "$H1b" 10.100.0.2        # VLAN 200 host, VLAN 100 target

# The wire: UDP 4789, the I flag, each VLAN in its VNI, the inner frames
# untagged.
capture_wait underlay "vni 10100" 8
capture_wait underlay "vni 10200" 8
capture_stop underlay
# tcpdump prints a VXLAN packet's inner frame on a line of its own: one
# line per packet, outer | inner.
packets() { capture_text underlay | awk '/^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\./ { if (l != "") print l; l = $0; next }
                                        { l = l " | " $0 } END { if (l != "") print l }'; }
packets | head -n 6
lines=$(packets | grep -F ' 10.100.0.1 > 10.100.0.2: ICMP echo request')
[ "$(printf '%s\n' "$lines" | grep -c .)" -ge 4 ] \
    || fail "fewer than 4 echo requests 10.100.0.1 > 10.100.0.2 in the underlay capture"
bad=$(printf '%s\n' "$lines" | grep -v '192\.0\.2\.1\.[0-9]* > 192\.0\.2\.2\.4789: VXLAN, flags \[I\] (0x08), vni 10100 | ')
[ -z "$bad" ] || fail "VLAN 100 echo requests not in UDP 4789 / VNI 10100: $bad"
bad=$(packets | grep -F 'VXLAN' | grep -F '802.1Q')
[ -z "$bad" ] || fail "inner frames carry a VLAN tag: $bad"
packets | grep -F ' 10.100.0.3 > 10.100.0.4: ICMP echo request' | grep -qF 'vni 10200 | ' \
    || fail "VLAN 200 echo requests not in VNI 10200"
if packets | grep -F ' 10.100.0.3 > 10.100.0.2: ICMP' | grep -q .; then
    fail "echo requests from H1b to H2a crossed the tunnel"
fi
log "ok: the underlay carries UDP 4789, VNI 10100 and 10200, inner frames untagged"

# TCP: a few MB, the hosts' TSO super-frames segmented on the way in.
head -c 8000000 /dev/urandom >"$TMP/blob"
want=$(sha256sum "$TMP/blob" | cut -d' ' -f1)
got=$(ts_tcp_sha256 "$H2a" 10.100.0.2 "$H1a" "$TMP/blob")
assert_eq "$got" "$want" "TCP H1a -> H2a through VNI 10100: sha256"

# Counters: both ways through the tunnel, no drops of its own. The data
# went sw1 -> sw2 as at least 8 MB / 1448-byte segments (> 5000 datagrams,
# however the hosts batched them); how many ACKs came back depends on the
# receiver's GRO and delayed ACKs (a loaded machine coalesces more), so the
# way back only has to carry some.
tunnel_counts() { # SOCK MIN_ENCAPSULATED MIN_DECAPSULATED
    enc=$(json_port_stat "$1" vx1 encapsulated)
    dec=$(json_port_stat "$1" vx1 decapsulated)
    [ "${enc:-0}" -ge "$2" ] && [ "${dec:-0}" -ge "$3" ] \
        || fail "$1: vx1 encapsulated [$enc] decapsulated [$dec]: expected >= $2 / >= $3"
}
tunnel_counts "$TMP/sw1.sock" 5000 50
tunnel_counts "$TMP/sw2.sock" 50 5000
for sock in "$TMP/sw1.sock" "$TMP/sw2.sock"; do
    for key in rx_bad_header rx_unknown_vni rx_unknown_peer tx_too_big tx_no_key tx_errors; do
        assert_eq "$(json_port_stat "$sock" vx1 "$key")" 0 "$sock: vx1 $key"
    done
done
log "ok: tunnel counters"

# The peer is up, and the remote host's MAC is behind it.
swsh "$TMP/sw1.sock" 'show nve peers' | grep -E '^vx1 +192\.0\.2\.2 +Up +DP ' \
    || fail "show nve peers: 192.0.2.2 not up: $(swsh "$TMP/sw1.sock" 'show nve peers')"
mac=$(ip -n "$H2a" -br link show dev "${P}2a" | awk '{ print $3 }' \
      | awk -F: '{ printf "%s%s.%s%s.%s%s", $1, $2, $3, $4, $5, $6 }')
swsh "$TMP/sw1.sock" 'show mac address-table' | grep -E "^ +100 +$mac +DYNAMIC +vx1\(192\.0\.2\.2\)" \
    || fail "show mac address-table: $mac not behind vx1(192.0.2.2)"
log "ok: show nve peers, remote MAC behind its VTEP"

stat_ge() { [ "$(json_port_stat "$1" "$2" "$3")" -ge "$4" ] 2>/dev/null; }

# A frame that does not fit the underlay (DF) is counted as too big.
must ip -n "$SW1" link set "$U1" mtu 1400
ip netns exec "$H1a" ping -c 1 -W 1 -M do -s 1400 10.100.0.2 >/dev/null 2>&1
wait_for 10 stat_ge "$TMP/sw1.sock" vx1 tx_too_big 1 \
    || fail "tx_too_big did not count a 1442-byte frame over an underlay MTU of 1400"
swsh "$TMP/sw1.sock" 'show interfaces counters' | grep -E 'vx1 +vxlan-too-big +[1-9]' \
    || fail "show interfaces counters lacks vx1's vxlan-too-big"
log "ok: too big for the underlay: counted"

stop_switchd "$TMP/sw1.sock"
stop_switchd "$TMP/sw2.sock"
test_pass
