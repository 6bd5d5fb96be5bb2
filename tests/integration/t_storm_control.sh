#!/bin/bash
# Storm control in the datapath (docs/cli.md `storm-control`, docs/design.md
# section 5.10): host h1 floods broadcasts on a port whose broadcast level is
# 100 pps; the flood is cut to about the level (counted in frames: what
# reached the idle host h4 and the port's storm-control drops, with bounds
# wide enough for a loaded 2-core machine) while unicast between two other
# ports keeps flowing; `storm-control action trap` logs
# %STORM_CONTROL-3-FILTERED, and `storm-control action shutdown`
# err-disables the port on the next storm until shutdown / no shutdown.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw H1=${P}h1 H2=${P}h2 H3=${P}h3 H4=${P}h4
A=${P}a B=${P}b C=${P}c D=${P}d
LEVEL=100
netns_add "$SW"; netns_add "$H1"; netns_add "$H2"; netns_add "$H3"; netns_add "$H4"

cat >"$TMP/switch.json" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "vlans": [{"id": 10, "name": "ten"}],
    "ports": [
      {"name": "$A", "type": "internal", "mode": "access", "access_vlan": 10,
       "storm_control": {"broadcast": {"rising_pps": $LEVEL}, "action_trap": true}},
      {"name": "$B", "type": "internal", "mode": "access", "access_vlan": 10},
      {"name": "$C", "type": "internal", "mode": "access", "access_vlan": 10},
      {"name": "$D", "type": "internal", "mode": "access", "access_vlan": 10}
    ]
  }]
}
JSON
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
host_attach "$SW" "$A" "$H1" 10.10.0.1/24
host_attach "$SW" "$B" "$H2" 10.10.0.2/24
host_attach "$SW" "$C" "$H3" 10.10.0.3/24
host_attach "$SW" "$D" "$H4" 10.10.0.4/24
ping_ok "$H2" 10.10.0.3

drop_of() { json_port_stat "$SOCK" "$1" storm-control; }
tx_of() { port_stat "$SOCK" "$1" TX_FRAMES; }
rx_of() { port_stat "$SOCK" "$1" RX_FRAMES; }
# settled: A's RX_FRAMES did not change over the last call (switchd has
# read the whole flood).
last_rx=-1
settled() { local rx; rx=$(rx_of "$A"); [ "$rx" = "$last_rx" ] && return 0; last_rx=$rx; sleep 0.3; return 1; }

# flood FRAMES SECONDS: h1 floods in the background; sets FLOOD_PID.
flood()
{
    ip netns exec "$H1" /usr/bin/python3 "$TS_DIR/cli/flood.py" "$A" "$1" "$2" \
        >>"$TMP/flood.out" 2>&1 &
    FLOOD_PID=$!
    TS_LIVE[$FLOOD_PID]=1; TS_BG_PIDS+=("$FLOOD_PID")
}

# 1. 6000 broadcasts over about 2 s (3000 pps, 30 times the level), with
# unicast pings between h2 and h3 at the same time.
rx0=$(rx_of "$A") tx0=$(tx_of "$D") drop0=$(drop_of "$A")
t0=$(now_ms)
flood 6000 2
ping_burst "$H2" 10.10.0.3 20
wait_for 60 ts_not_running "$FLOOD_PID" || fail "the flood did not end"
ts_reap "$FLOOD_PID" || fail "flood.py failed: $(cat "$TMP/flood.out")"
wait_for 30 settled || fail "switchd still reading the flood after 30 s"
t1=$(now_ms)
rx=$(( $(rx_of "$A") - rx0 )) passed=$(( $(tx_of "$D") - tx0 )) dropped=$(( $(drop_of "$A") - drop0 ))
secs=$(( (t1 - t0 + 999) / 1000 ))
log "$(cat "$TMP/flood.out"); switchd read $rx, passed $passed to $D, dropped $dropped, over ${secs} s"
assert_burst 2 "unicast h2 -> h3 during the storm"
# What switchd read was either passed or dropped as storm-control (the
# pings' ARP broadcasts from h2 reach h4 too: a few frames of slack).
[ "$rx" -ge 1000 ] || fail "switchd read only $rx of the 6000 frames: no storm to cut"
[ "$passed" -ge "$LEVEL" ] || fail "only $passed frames passed (at least one second's level, $LEVEL, should)"
# At most the level in each second the flood may have spanned, and one more.
[ "$passed" -le $(( LEVEL * (secs + 1) + 10 )) ] \
    || fail "$passed frames passed in ${secs} s: more than the level of $LEVEL pps allows"
[ "$dropped" -ge $(( rx - passed )) ] && [ "$dropped" -le "$rx" ] \
    || fail "storm-control drops $dropped, expected $rx read - $passed passed"
swsh "$SOCK" "show storm-control $A" >"$TMP/show.out"
log "$(cat "$TMP/show.out")"
grep -Eq "^$A +(Forwarding|Blocking) +100 pps +100 pps " "$TMP/show.out" \
    || fail "show storm-control: $(cat "$TMP/show.out")"
wait_for 5 sh -c "\"$SWSH\" -s \"$SOCK\" -c 'show logging' | grep -qF '%STORM_CONTROL-3-FILTERED: A Broadcast storm detected on $A. A packet filter action has been applied on the interface.'" \
    || fail "no %STORM_CONTROL-3-FILTERED line: $(swsh "$SOCK" 'show logging' | tail -n 5)"
swsh "$SOCK" "show interfaces counters" | grep -q "^$A *storm-control *$dropped\$" \
    || fail "show interfaces counters: $(swsh "$SOCK" 'show interfaces counters')"

# 2. action shutdown: the next storm err-disables the port.
swsh_all "$SOCK" 'configure terminal' "interface $A" 'storm-control action shutdown' 'end' \
    >"$TMP/conf.out" || fail "storm-control action shutdown: $(cat "$TMP/conf.out")"
status() { swsh "$SOCK" 'show interfaces status' | awk -v p="$A" '$1 == p { print $2 }'; }
err_disabled() { [ "$(status)" = err-disabled ]; }
flood 1000 0.5
wait_for 20 err_disabled || fail "$A not err-disabled after a second storm: $(status)"
wait_for 60 ts_not_running "$FLOOD_PID"; ts_reap "$FLOOD_PID"
swsh "$SOCK" 'show logging' | grep -qF "%PM-4-ERR_DISABLE: storm-control error detected on $A" \
    || fail "no %PM-4-ERR_DISABLE line: $(swsh "$SOCK" 'show logging' | tail -n 5)"
swsh "$SOCK" "show storm-control $A" | grep -Eq "^$A +Error Disabled " \
    || fail "show storm-control: $(swsh "$SOCK" "show storm-control $A")"
ping_fails_quick() { ! ip netns exec "$H1" ping -c 1 -W 1 -q 10.10.0.2 >/dev/null 2>&1; }
ping_fails_quick || fail "the err-disabled port still forwards"
swsh_all "$SOCK" 'configure terminal' "interface $A" 'shutdown' 'no shutdown' 'end' \
    >"$TMP/conf.out" || fail "shutdown / no shutdown: $(cat "$TMP/conf.out")"
ping_ok "$H1" 10.10.0.2

stop_switchd "$SOCK"
test_pass
