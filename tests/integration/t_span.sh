#!/bin/bash
# SPAN (docs/cli.md "SPAN", docs/design.md section 5.9): trunk port W1 of
# switch SW (a veth to switch SW2, whose host H2 is in VLAN 10 there) is
# the source of monitor session 1, both directions; host H1 is on an access
# port of SW in VLAN 10, so what H1 and H2 say crosses W1 tagged.  The
# destination is internal port M in host HM, where tcpdump runs.  The
# ground truth is tcpdump on W2, the other end of W1's wire: what it sees
# is exactly what crossed W1 in both directions.  The destination must see
# the same frames byte for byte (count, lengths, VLAN tags), as a multiset:
# - with `encapsulation replicate`, the frames as they are on the wire;
# - without it, the same frames without their 802.1Q tag (IOS's native).
# M forwards nothing else (a flood would show as an extra copy) and shows
# "monitoring"; a destination that would also be a source, or the
# destination of two sessions, is refused and changes nothing.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw SW2=${P}sw2 H1=${P}h1 H2=${P}h2 HM=${P}hm
A=${P}a B=${P}b M=${P}m W1=${P}w1 W2=${P}w2
for ns in "$SW" "$SW2" "$H1" "$H2" "$HM"; do netns_add "$ns"; done
veth_add "$SW" "$W1" "$SW2" "$W2"

cat >"$TMP/switch.json" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "vlans": [{"id": 10, "name": "ten"}],
    "ports": [
      {"name": "$W1", "type": "system", "mode": "trunk", "allowed_vlans": "10"},
      {"name": "$A", "type": "internal", "mode": "access", "access_vlan": 10},
      {"name": "$M", "type": "internal", "mode": "access", "access_vlan": 10}
    ]
  }],
  "monitor_sessions": [
    {"session": 1, "sources": [{"interface": "$W1", "direction": "both"}],
     "destination": "$M", "encapsulation_replicate": true}
  ]
}
JSON
cat >"$TMP/sw2.json" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "vlans": [{"id": 10, "name": "ten"}],
    "ports": [
      {"name": "$W2", "type": "system", "mode": "trunk", "allowed_vlans": "10"},
      {"name": "$B", "type": "internal", "mode": "access", "access_vlan": 10}
    ]
  }]
}
JSON
start_switchd "$SW" "$TMP/switch.json" "$TMP/sw.sock"
start_switchd "$SW2" "$TMP/sw2.json" "$TMP/sw2.sock"
host_attach "$SW" "$A" "$H1" 10.10.0.1/24
host_attach "$SW2" "$B" "$H2" 10.10.0.2/24
must ip -n "$SW" link set "$M" netns "$HM"
must ip -n "$HM" link set "$M" up

status=$(swsh "$TMP/sw.sock" 'show interfaces status' | grep -F "$M ")
assert_match "$status" ' monitoring ' "$M is a SPAN destination in show interfaces status"

# packets NAME: one line per captured frame, its bytes in hex, sorted.
packets()
{
    tcpdump -r "$TMP/$1.pcap" -xx -nn 2>/dev/null | awk '
        /^[^ \t]/ { if (p != "") print p; p = ""; next }
        { for (i = 2; i <= NF; i++) p = p $i }
        END { if (p != "") print p }' | sort
}
# untagged: the same frames without an outer 802.1Q tag (bytes 12-15).
untagged() { awk '{ if (substr($0, 25, 4) == "8100") $0 = substr($0, 1, 24) substr($0, 33); print }' | sort; }
# conf LINE...: configuration lines; prints what they say (errors).
conf() { swsh_all "$TMP/sw.sock" 'configure terminal' "$@" | grep -v '^Enter configuration'; }
n_packets() { packets "$1" | grep -c .; }
# same_count A B MIN: both captures hold the same number of frames, >= MIN.
same_count() { local a b; a=$(n_packets "$1"); b=$(n_packets "$2"); [ "$a" -ge "$3" ] && [ "$a" -eq "$b" ]; }

# round NAME: ping across W1 with both captures running; then compares.
round()
{
    capture_start "$1-wire" "$SW2" "$W2"
    capture_start "$1-mon" "$HM" "$M"
    ping_ok "$H2" 10.10.0.1
    ping_ok "$H1" 10.10.0.2
    # ping_ok sent >= 8 echo requests and as many replies across W1.
    wait_for 30 same_count "$1-wire" "$1-mon" 16 \
        || fail "$1: wire $(n_packets "$1-wire") frames, destination $(n_packets "$1-mon")"
    capture_stop "$1-wire"
    capture_stop "$1-mon"
    capture_text "$1-mon" | head -n 6
}

round replicate
wire=$(packets replicate-wire)
mon=$(packets replicate-mon)
[ "$wire" = "$mon" ] || fail "replicate: the destination's frames differ from the wire's:
$(diff <(printf '%s\n' "$wire") <(printf '%s\n' "$mon") | head -n 20)"
n_tagged=$(capture_text replicate-mon | grep -c 'vlan 10, ')
[ "$n_tagged" -ge 16 ] || fail "replicate: $n_tagged frames tagged VLAN 10 at the destination"
log "ok: replicate: $(n_packets replicate-mon) frames, the wire's bytes and tags ($n_tagged tagged)"

out=$(conf "monitor session 1 destination interface $M")
[ -z "$out" ] || fail "native destination: unexpected output [$out]"
round native
wire=$(packets native-wire | untagged)
mon=$(packets native-mon)
[ "$wire" = "$mon" ] || fail "native: the destination's frames are not the wire's without tags:
$(diff <(printf '%s\n' "$wire") <(printf '%s\n' "$mon") | head -n 20)"
! capture_text native-mon | grep -q 'vlan ' || fail "native: a tagged frame at the destination"
log "ok: native: $(n_packets native-mon) frames, the wire's without their tags"

mirrored=$(swsh "$TMP/sw.sock" 'show monitor session 1' | awk -F': ' '/^Frames Mirrored/ { print $2 }')
[ "${mirrored:-0}" -ge 32 ] || fail "show monitor: Frames Mirrored [$mirrored], expected >= 32"

# Loops are refused, with nothing applied.
before=$(swsh "$TMP/sw.sock" 'show running-config' | grep -v '^Current configuration')
out=$(conf "monitor session 2 source interface $M")
assert_match "$out" "% Interface $M is the destination of session 1: a destination cannot be a source" \
    "a destination as a source is refused"
out=$(conf "monitor session 2 destination interface $M")
assert_match "$out" "% Interface $M is already the destination of session 1" \
    "a destination of two sessions is refused"
out=$(conf "monitor session 2 destination interface $W1")
assert_match "$out" "% Interface $W1 is a source of session 1: a destination cannot be a source" \
    "a source as a destination is refused"
after=$(swsh "$TMP/sw.sock" 'show running-config' | grep -v '^Current configuration')
[ "$before" = "$after" ] || fail "a refused line changed the running-config"
assert_match "$after" "monitor session 1 source interface $W1" "running-config: the source"
assert_match "$after" "monitor session 1 destination interface $M\$" "running-config: the destination"

# Without the session, M is an ordinary access port again.
out=$(conf 'no monitor session 1')
[ -z "$out" ] || fail "no monitor session 1: unexpected output [$out]"
status=$(swsh "$TMP/sw.sock" 'show interfaces status' | grep -F "$M ")
assert_match "$status" ' connected ' "$M is connected again without the session"

stop_switchd "$TMP/sw.sock"
stop_switchd "$TMP/sw2.sock"
test_pass
