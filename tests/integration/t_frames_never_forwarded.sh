#!/bin/bash
# Frames switchd never forwards (docs/security.md section 6), injected by a
# host behind an internal port: a multicast, broadcast or zero source
# address (flooded, the zero address learnt), the IEEE 802.1Q reserved
# addresses 01:80:c2:00:00:0X (LACP, EAPOL, LLDP: flooded), and a
# frame longer than the port's receive buffer (a tagged 65539-byte frame
# at the TAP's largest MTU, 65521: cut to 65536 bytes and forwarded).
# None reaches the other host; `show interfaces counters` names each drop,
# and ordinary frames still go through.  A BPDU (01:80:c2:00:00:00) is
# data on a bridge that runs no spanning tree, as on a Linux bridge with
# stp_state 0 (docs/design.md section 5.13): it goes through.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw H1=${P}h1 H2=${P}h2
A=${P}a B=${P}b
netns_add "$SW"; netns_add "$H1"; netns_add "$H2"
cat >"$TMP/switch.json" <<JSON
{"version": 1, "bridges": [{"name": "br0", "ports": [
  {"name": "$A", "type": "internal", "mode": "trunk", "native_vlan": 10},
  {"name": "$B", "type": "internal", "mode": "access", "access_vlan": 10}]}]}
JSON
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
for p in "$A:$H1" "$B:$H2"; do
    must ip -n "$SW" link set "${p%%:*}" netns "${p#*:}"
    must ip -n "${p#*:}" link set "${p%%:*}" up
done
# The largest MTU a TAP takes: a tagged frame can then be 65521 + 18 bytes.
must ip -n "$H1" link set "$A" mtu 65521
must ip -n "$H2" link set "$B" mtu 65521

send() { must ip netns exec "$H1" /usr/bin/python3 "$TS_DIR/cli/send_frames.py" "$A" "$@"; }
GOOD=02:00:00:00:00:01
capture_start b "$H2" "$B"
for src in 01:00:5e:00:00:01 ff:ff:ff:ff:ff:ff 00:00:00:00:00:00; do
    send ff:ff:ff:ff:ff:ff "$src"
done
for dst in 01:80:c2:00:00:02 01:80:c2:00:00:03 01:80:c2:00:00:0e; do
    send "$dst" "$GOOD"
done
send ff:ff:ff:ff:ff:ff "$GOOD" 65539 10
# What must go through, sent last: once it arrived the others had their
# chance (one port, one thread, in order).
send ff:ff:ff:ff:ff:ff "$GOOD" 1504 10
send 01:80:c2:00:00:00 "$GOOD"
send 01:80:c2:00:00:10 "$GOOD"
capture_wait b "> 01:80:c2:00:00:10" 1 10
capture_wait b "> 01:80:c2:00:00:00" 1 10
capture_wait b "length 1500" 1 10
capture_stop b
log "captured on $B:"; capture_text b | grep -v '^[[:space:]]*0x'

capture_has b "01:80:c2:00:00:0[1-9a-f],|, 01:00:5e|ff:ff:ff:ff:ff:ff >|00:00:00:00:00:00 >" \
    && fail "a bad-source or reserved frame reached $H2"
capture_has b "length (6553[0-9]|6554[0-9])" && fail "the oversized frame (or a cut part) reached $H2"
[ "$(capture_count b "$GOOD >")" -eq 3 ] || fail "expected exactly 3 frames on $B"

out=$(swsh "$SOCK" "show interfaces $A counters")
printf '%s\n' "$out"
assert_match "$out" "^$A +bad-src-mac +3$" "bad source addresses counted"
assert_match "$out" "^$A +reserved-dst-mac +3$" "reserved destinations counted"
assert_match "$out" "^$A +rx-error +1$" "the oversized frame counted as an rx error"
assert_match "$(swsh "$SOCK" 'show mac address-table')" "criterion: 1$" \
    "only the good source is learnt"
stop_switchd "$SOCK"
test_pass
