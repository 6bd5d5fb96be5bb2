#!/bin/bash
# monitor capture (docs/cli.md "monitor capture", docs/design.md section 5.9):
# a capture on a trunk port sees, both ways, the VLAN 10 frames tagged and the
# native VLAN 20 frames untagged, exactly as tcpdump on the wire's other end
# sees them; the exported pcap reads with `tcpdump -r -e` with those tags; a
# `match vlan 20` capture keeps only the untagged native frames; bad input
# gets clear errors.
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw SW2=${P}sw2 H10=${P}h10 H20=${P}h20 P10=${P}p10 P20=${P}p20
W=${P}w WH=${P}wh                       # the trunk's wire: captured end, far end
for ns in "$SW" "$SW2" "$H10" "$H20" "$P10" "$P20"; do netns_add "$ns"; done
veth_add "$SW" "$W" "$SW2" "$WH"
# write_config FILE WIRE PREFIX: a trunk (VLAN 10 tagged, native VLAN 20
# untagged) and a host port in each VLAN.
write_config()
{
    cat >"$1" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "vlans": [{"id": 10}, {"id": 20}],
    "ports": [
      {"name": "$2", "type": "system", "mode": "trunk", "allowed_vlans": "10,20",
       "native_vlan": 20},
      {"name": "${3}a10", "type": "internal", "mode": "access", "access_vlan": 10},
      {"name": "${3}a20", "type": "internal", "mode": "access", "access_vlan": 20}
    ]
  }]
}
JSON
}
write_config "$TMP/sw.json" "$W" "${P}"
write_config "$TMP/sw2.json" "$WH" "${P}f"
start_switchd "$SW" "$TMP/sw.json" "$TMP/sw.sock"
start_switchd "$SW2" "$TMP/sw2.json" "$TMP/sw2.sock"
S=$TMP/sw.sock
host_attach "$SW" "${P}a10" "$H10" 10.10.0.1/24
host_attach "$SW" "${P}a20" "$H20" 10.20.0.1/24
host_attach "$SW2" "${P}fa10" "$P10" 10.10.0.2/24
host_attach "$SW2" "${P}fa20" "$P20" 10.20.0.2/24
ping_ok "$H10" 10.10.0.2                # ARP and MAC learning done
ping_ok "$H20" 10.20.0.2

# Bad input first: each gets its error, nothing is defined by it.
out=$(swsh_all "$S" "monitor capture CAP interface nosuchport both")
assert_match "$out" "Invalid input detected" "no such port: the caret"
out=$(swsh_all "$S" "monitor capture CAP limit packets 100001")
assert_match "$out" "Invalid input detected" "packet limit out of range: the caret"
out=$(swsh_all "$S" "monitor capture CAP buffer size 101")
assert_match "$out" "Invalid input detected" "buffer size out of range: the caret"
out=$(swsh_all "$S" "monitor capture CAP start")
assert_match "$out" "% Capture point CAP does not exist" "start of an unknown capture"
out=$(swsh_all "$S" "monitor capture C@P interface $W both")
assert_match "$out" "% Invalid capture name" "bad capture name"

must swsh "$S" "monitor capture CAP interface $W both" "monitor capture CAP match any" \
    "monitor capture CAP limit packets 1000 duration 600" >/dev/null
out=$(swsh_all "$S" "monitor capture CAP export $TMP/empty.pcap")
assert_match "$out" "% Capture CAP has no packets to export" "export of an empty capture"
[ ! -e "$TMP/empty.pcap" ] || fail "an empty export wrote a file"

capture_start wire "$SW2" "$WH"         # the wire as its far end sees it
out=$(swsh "$S" "monitor capture CAP start")
assert_match "$out" "Started capture point : CAP" "capture started"
out=$(swsh_all "$S" "monitor capture CAP export $TMP/cap.pcap")
assert_match "$out" "% Capture CAP is active: stop it before exporting" "export while running"
out=$(swsh_all "$S" "monitor capture CAP interface ${P}a10 in")
assert_match "$out" "% Capture CAP is active: stop it before changing it" "change while running"
must ip netns exec "$H10" ping -c 3 -i 0.2 -W 5 -w 20 -q 10.10.0.2 >/dev/null
must ip netns exec "$H20" ping -c 3 -i 0.2 -W 5 -w 20 -q 10.20.0.2 >/dev/null
for flow in "10.10.0.1 > 10.10.0.2" "10.10.0.2 > 10.10.0.1" \
            "10.20.0.1 > 10.20.0.2" "10.20.0.2 > 10.20.0.1"; do
    capture_wait wire " $flow: ICMP echo " 3
done
out=$(swsh "$S" "monitor capture CAP stop")
assert_match "$out" "Stopped capture point : CAP" "capture stopped"
capture_stop wire

swsh "$S" "show monitor capture CAP"
swsh "$S" "show monitor capture CAP buffer brief" | grep -E '0x0800' | head -n 12
brief=$(swsh "$S" "show monitor capture CAP buffer brief")
assert_match "$brief" " $W +in +[0-9a-f.]+ +[0-9a-f.]+ +10 +0x0800 +102" "brief: VLAN 10 in, 102 bytes"
assert_match "$brief" " $W +out +[0-9a-f.]+ +[0-9a-f.]+ +- +0x0800 +98" "brief: untagged out, 98 bytes"

# The dump of frame 0 (a VLAN 10 echo request sent on the trunk): bytes
# 12-15 are its tag, 8100 000A.
dump=$(swsh "$S" "show monitor capture CAP buffer" | sed -n '4,6p')
printf '%s\n' "$dump"
assert_match "$dump" "^   0000:  [0-9A-F]{8} [0-9A-F]{8} [0-9A-F]{8} 8100000A  " "buffer dump: the tag"
out=$(swsh_all "$S" "monitor capture CAP export /nonexistent-dir/cap.pcap")
assert_match "$out" "% Export failed: Cannot open /nonexistent-dir/cap.pcap: No such file" \
    "export to a bad path"
out=$(swsh "$S" "monitor capture CAP export $TMP/cap.pcap")
assert_match "$out" "Exported Successfully: [0-9]+ packets to $TMP/cap.pcap" "exported"
tcpdump -r "$TMP/cap.pcap" -e -nn | grep ICMP | head -n 12

# Every ICMP frame that crossed the wire, tags and lengths included, is in
# the export, and nothing else: the two lists are equal (timestamps cut).
icmp() { tcpdump -r "$1" -e -nn -t 2>/dev/null | grep ' ICMP echo ' | sort; }
want=$(icmp "$TMP/wire.pcap") got=$(icmp "$TMP/cap.pcap")
[ "$(printf '%s\n' "$want" | grep -c .)" -ge 12 ] || fail "the wire saw fewer than 12 echoes"
[ "$want" = "$got" ] || { diff <(echo "$want") <(echo "$got"); fail "export differs from the wire"; }
log "ok: the export holds the $(printf '%s\n' "$got" | grep -c .) ICMP frames of the wire"
n10=$(printf '%s\n' "$got" | grep -c 'ethertype 802.1Q (0x8100), length 102: vlan 10, p 0, ethertype IPv4 (0x0800), 10.10.0.')
n20=$(printf '%s\n' "$got" | grep -c 'ethertype IPv4 (0x0800), length 98: 10.20.0.')
[ "$n10" -ge 6 ] && [ "$n20" -ge 6 ] || fail "expected >= 6 tagged-10 and >= 6 untagged echoes, got $n10 and $n20"
log "ok: $n10 echoes tagged vlan 10, $n20 untagged (native VLAN 20)"

# match vlan 20 on the same port: the native VLAN's untagged frames only.
must swsh "$S" "monitor capture V20 interface $W both" "monitor capture V20 match vlan 20" \
    "monitor capture V20 start" >/dev/null
must ip netns exec "$H10" ping -c 2 -i 0.2 -W 5 -w 20 -q 10.10.0.2 >/dev/null
must ip netns exec "$H20" ping -c 2 -i 0.2 -W 5 -w 20 -q 10.20.0.2 >/dev/null
must swsh "$S" "monitor capture V20 stop" "monitor capture V20 export $TMP/v20.pcap" >/dev/null
got=$(icmp "$TMP/v20.pcap")
[ "$(printf '%s\n' "$got" | grep -c '10\.20\.0\.')" -eq 4 ] || fail "match vlan 20: want 4 echoes of 10.20.0.x: $got"
! printf '%s\n' "$got" | grep -q '10\.10\.0\.\|vlan' || fail "match vlan 20 kept VLAN 10 frames: $got"
log "ok: match vlan 20 kept the 4 untagged native echoes only"

out=$(swsh "$S" "show monitor capture")
assert_match "$out" "Status Information for Capture V20" "show monitor capture lists V20"
must swsh "$S" "no monitor capture CAP" "no monitor capture V20" >/dev/null
out=$(swsh_all "$S" "show monitor capture CAP")
assert_match "$out" "% Capture point CAP does not exist" "deleted"
stop_switchd "$S"
stop_switchd "$TMP/sw2.sock"
test_pass
