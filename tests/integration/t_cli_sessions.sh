#!/bin/bash
# 50 telnet sessions at once issue show and configuration commands while
# two hosts ping each other fast through the switch (issue 5): every
# command gets its answer, forwarding never stalls (no ping lost, the
# worst round trip stays far below a second), the daemon answers after,
# exits cleanly, and (in the sanitizer build) leaks nothing.
# run.sh timeout: 600
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw H1=${P}h1 H2=${P}h2
A=${P}a B=${P}b
netns_add "$SW"; netns_add "$H1"; netns_add "$H2"
cat >"$TMP/switch.json" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "ports": [
      {"name": "$A", "type": "internal", "mode": "access", "access_vlan": 10},
      {"name": "$B", "type": "internal", "mode": "access", "access_vlan": 10},
      {"name": "${P}c", "type": "tap"}, {"name": "${P}d", "type": "tap"}
    ]
  }]
}
JSON
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
# Telnet needs a login and the enable secret.
out=$(swsh_all "$SOCK" 'configure terminal' 'username ops secret Sess-10n' \
      'enable secret Ena-b1e' 'end') || fail "setting up logins failed: $out"
export TELNET_USER=ops TELNET_PASSWORD=Sess-10n TELNET_SECRET=Ena-b1e
host_attach "$SW" "$A" "$H1" 10.79.0.1/24
host_attach "$SW" "$B" "$H2" 10.79.0.2/24
ping_ok "$H1" 10.79.0.2

# 1500 pings, one every 10 ms, for the whole time the sessions run.
ip netns exec "$H1" ping -q -i 0.01 -c 1500 -W 1 10.79.0.2 >"$TMP/ping.out" 2>&1 &
PING=$!
TS_LIVE[$PING]=1; TS_BG_PIDS+=("$PING")
slow=$(cpu_slowdown)
out=$(ip netns exec "$SW" timeout 300 /usr/bin/python3 "$TS_DIR/cli/sessions.py" 50 127.0.0.1 2323 2 \
      "${P}c" "${P}d" 2>&1); rc=$?
log "$(printf '%s\n' "$out" | tail -n 5)"
[ "$rc" -eq 0 ] || fail "concurrent sessions failed: $(printf '%s\n' "$out" | tail -n 20)"
assert_match "$out" "sessions=50 commands=1400 failures=0" "50 sessions x 28 commands, all answered"

ts_reap "$PING" || true
pout=$(cat "$TMP/ping.out")
log "ping: $(printf '%s\n' "$pout" | tail -n 2 | tr '\n' ' ')"
assert_match "$pout" "1500 packets transmitted, 1500 received" "no ping lost while the sessions ran"
max=$(printf '%s\n' "$pout" | sed -n 's|.* = [0-9.]*/[0-9.]*/\([0-9.]*\)/.*|\1|p')
# The bound is for an idle machine, times how much slower the machine is now.
slow=$(cpu_slowdown "$slow")
log "CPU slowdown $slow"
[ -n "$max" ] && awk -v m="$max" -v s="$slow" 'BEGIN { exit !(m < 500 * s) }' \
    || fail "worst ping round trip $max ms (bound 500 ms x $slow): forwarding stalled"

# Still answering, and the last descriptions are in the configuration.
swsh "$SOCK" 'show running-config' | grep -q "description session" \
    || fail "the sessions' descriptions are not in the running configuration"
stop_switchd "$SOCK"
test_pass
