#!/bin/bash
# Internal ports move frames with io_uring batches or, with --no-io-uring,
# with one readv/writev each (docs/design.md section 6.4); both forward the
# same traffic alike: pings of every size from 56 bytes to 65000 (IP
# fragments up to the MTU, DF at the MTU's edge), untagged between two
# access ports and 802.1Q-tagged to a host on a trunk port, and a TCP
# transfer of 16 MiB (TSO super-frames, section 6.2) that arrives intact.
# Tagged: internal trunk port C of switchd 1 has its netdev in switchd 2's
# namespace, where it is a system trunk port; switchd 2's internal access
# port E is host 3 (no 8021q module is needed).
# run.sh timeout: 400
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw SW2=${P}sx H1=${P}h1 H2=${P}h2 H3=${P}h3
A=${P}a B=${P}b C=${P}c E=${P}e
DATA_MB=16

cat >"$TMP/switch.json" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "vlans": [{"id": 10, "name": "ten"}],
    "ports": [
      {"name": "$A", "type": "internal", "mode": "access", "access_vlan": 10},
      {"name": "$B", "type": "internal", "mode": "access", "access_vlan": 10},
      {"name": "$C", "type": "internal", "mode": "trunk", "allowed_vlans": "10"}
    ]
  }]
}
JSON
cat >"$TMP/switch2.json" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "vlans": [{"id": 10, "name": "ten"}],
    "ports": [
      {"name": "$C", "type": "system", "mode": "trunk", "allowed_vlans": "10"},
      {"name": "$E", "type": "internal", "mode": "access", "access_vlan": 10}
    ]
  }]
}
JSON
head -c ${DATA_MB}M /dev/urandom >"$TMP/data"
want_sum=$(sha256sum <"$TMP/data" | cut -d' ' -f1)

# switchd with the extra options of this run.
printf '#!/bin/sh\nexec "%s" --no-io-uring "$@"\n' "$SWITCHD" >"$TMP/switchd-readv"
chmod +x "$TMP/switchd-readv"

# tcp_transfer SERVER_NS SERVER_IP CLIENT_NS: sends $TMP/data over TCP and
# prints the sha256 of what the server received.
tcp_transfer()
{
    ts_tcp_sha256 "$1" "$2" "$3" "$TMP/data"
}

# ping_sizes NS IP: every size answered; prints one word per size.
ping_sizes()
{
    local ns=$1 ip=$2 s out
    for s in 56 1000 1472 1473 4000 9000 32000 65000; do
        out=$(ip netns exec "$ns" ping -c 2 -W 5 -w 20 -i 0.2 -s "$s" "$ip" 2>&1) \
            || fail "ping -s $s $ns -> $ip failed: $out"
        printf '%s\n' "$out" | grep -q ' 0% packet loss' || fail "ping -s $s $ns -> $ip lost: $out"
        printf 'ping%s ' "$s"
    done
    # DF at the MTU's edge: 1472 bytes of ICMP data fill 1500 exactly.
    out=$(ip netns exec "$ns" ping -c 2 -W 5 -w 20 -i 0.2 -M do -s 1472 "$ip" 2>&1) \
        || fail "ping -M do -s 1472 $ns -> $ip failed: $out"
    printf 'df1472\n'
}

# run MODE SWITCHD_BINARY: one switchd, the whole traffic; prints a summary
# of what worked into $TMP/MODE.result.
run()
{
    local mode=$1 bin=$2 sock="$TMP/$1.sock" sock2="$TMP/$1-2.sock" r errors
    local sw="$SW-$mode" sw2="$SW2-$mode" h1="$H1-$mode" h2="$H2-$mode" h3="$H3-$mode" ns
    for ns in "$sw" "$sw2" "$h1" "$h2" "$h3"; do netns_add "$ns"; done
    SWITCHD=$bin start_switchd "$sw" "$TMP/switch.json" "$sock"
    if [ "$mode" = uring ]; then
        grep -q 'frame I/O batched with io_uring' "${TS_SWITCHD_LOG[$SWITCHD_PID]}" \
            || fail "switchd did not take io_uring (log: $(cat "${TS_SWITCHD_LOG[$SWITCHD_PID]}"))"
    else
        ! grep -q 'batched with io_uring' "${TS_SWITCHD_LOG[$SWITCHD_PID]}" \
            || fail "--no-io-uring: switchd still set io_uring up"
    fi
    host_attach "$sw" "$A" "$h1" 10.10.0.1/24
    host_attach "$sw" "$B" "$h2" 10.10.0.2/24
    must ip -n "$sw" link set "$C" netns "$sw2"
    SWITCHD=$bin start_switchd "$sw2" "$TMP/switch2.json" "$sock2"
    host_attach "$sw2" "$E" "$h3" 10.10.0.3/24

    ping_ok "$h1" 10.10.0.2
    ping_ok "$h1" 10.10.0.3
    r="untagged: $(ping_sizes "$h1" 10.10.0.2)"$'\n'
    r+="tagged: $(ping_sizes "$h1" 10.10.0.3)"$'\n'
    r+="tcp untagged: $(tcp_transfer "$h2" 10.10.0.2 "$h1")"$'\n'
    r+="tcp tagged: $(tcp_transfer "$h3" 10.10.0.3 "$h1")"$'\n'
    errors=$( { swsh "$sock" 'show interfaces'; swsh "$sock2" 'show interfaces'; } \
              | grep -Eo '[0-9]+ (input|output) errors' | awk '{ s += $1 } END { print s + 0 }')
    r+="errors: $errors"
    printf '%s\n' "$r" >"$TMP/$mode.result"
    log "$mode: $(tr '\n' ';' <"$TMP/$mode.result")"
    ! grep -E 'io_uring: .*readv/writev from now on' "$TMP"/switchd.*.log \
        || fail "$mode: a switchd gave io_uring up while forwarding"
    stop_switchd "$sock2"
    stop_switchd "$sock"
}

help=$("$SWITCHD" --help) || fail "switchd --help failed"
assert_match "$help" '--no-io-uring' "--help lists --no-io-uring"

run uring "$SWITCHD"
run readv "$TMP/switchd-readv"

expected="untagged: ping56 ping1000 ping1472 ping1473 ping4000 ping9000 ping32000 ping65000 df1472
tagged: ping56 ping1000 ping1472 ping1473 ping4000 ping9000 ping32000 ping65000 df1472
tcp untagged: $want_sum
tcp tagged: $want_sum
errors: 0"
assert_eq "$(cat "$TMP/uring.result")" "$expected" "io_uring: every ping answered, the data intact, no error"
assert_eq "$(cat "$TMP/readv.result")" "$(cat "$TMP/uring.result")" "readv/writev: the same as io_uring"
test_pass
