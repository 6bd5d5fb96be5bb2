#!/bin/bash
# An internal port whose host's network namespace is deleted (a container
# torn down) loses its TAP with it.  switchd ignored the error on the TUN
# fd, which stays in error for good: the loop woke for it at once, every
# time, and switchd ran at 95-100% of a CPU forever while the port still
# showed connected.  Now the port notices (logged, port down), makes its TAP
# anew in switchd's namespace (logged, port up), and a new host can take it
# (docs/security.md section 8): switchd's CPU time stays small, the other
# ports forward throughout, and the new netdev forwards too.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw H1=${P}h1 H2=${P}h2 H3=${P}h3 H4=${P}h4
A=${P}a B=${P}b C=${P}c
netns_add "$SW"; netns_add "$H1"; netns_add "$H2"; netns_add "$H3"
cat >"$TMP/switch.json" <<JSON
{"version": 1, "bridges": [{"name": "br0", "ports": [
  {"name": "$A", "type": "internal", "mode": "access", "access_vlan": 10},
  {"name": "$B", "type": "internal", "mode": "access", "access_vlan": 10},
  {"name": "$C", "type": "internal", "mode": "access", "access_vlan": 10}]}]}
JSON
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
LOG=${TS_SWITCHD_LOG[$SWITCHD_PID]}
host_attach "$SW" "$A" "$H1" 10.87.0.1/24
host_attach "$SW" "$B" "$H2" 10.87.0.2/24
host_attach "$SW" "$C" "$H3" 10.87.0.3/24
ping_ok "$H1" 10.87.0.2
ping_ok "$H1" 10.87.0.3

# busy_ns PID: how long PID's main (loop) thread has been running or
# waiting to run, in ns (/proc/PID/schedstat).  A thread that spins is
# always one or the other however loaded the machine is, while its CPU
# time alone shrinks with the share the machine gives it.
busy_ns() { local run wait _; read -r run wait _ <"/proc/$1/schedstat"; echo $((run + wait)); }
# cpu_ticks PID: user + system time of PID so far, in clock ticks.
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }

# The container goes: its namespace and the TAP in it.
ip netns del "$H3" || fail "cannot delete $H3"
# The kernel deletes the namespace's netdevs a moment later; the log says
# when switchd saw it (checked after the CPU, which is what went wrong).
wait_for 20 grep -q "port $C: .*port down" "$LOG"

# Over 3 s, switchd may use a little CPU, not a core.
hz=$(getconf CLK_TCK)
t0=$(now_ms); c0=$(cpu_ticks "$SWITCHD_PID"); b0=$(busy_ns "$SWITCHD_PID")
ip netns exec "$H1" ping -c 10 -i 0.3 -W 1 -q 10.87.0.2 >"$TMP/ping.out" 2>&1
t1=$(now_ms); c1=$(cpu_ticks "$SWITCHD_PID"); b1=$(busy_ns "$SWITCHD_PID")
pct=$(( (c1 - c0) * 1000 * 100 / hz / (t1 - t0) ))
busy=$(( (b1 - b0) / 10000 / (t1 - t0) ))
log "switchd over $((t1 - t0)) ms: CPU time $pct%, loop thread running or runnable $busy% of it"
[ "$pct" -lt 30 ] || fail "switchd used $pct% of a CPU after the namespace of $C was deleted (spinning)"
[ "$busy" -lt 30 ] || fail "switchd's loop thread was running or runnable $busy% of the time after the namespace of $C was deleted (spinning)"
grep -q ' 0% packet loss' "$TMP/ping.out" || fail "$A -> $B lost packets meanwhile: $(cat "$TMP/ping.out")"
log "ok: $A -> $B forwarded all along"
grep -q "port $C: .*port down" "$LOG" || fail "no log line saying $C went down"
log "ok: $(grep "port $C: .*port down" "$LOG")"

# The port made its TAP anew in switchd's namespace and said so.
wait_for 20 link_exists "$SW" "$C" || fail "$C was not made anew in switchd's namespace"
wait_for 5 grep -q "port $C: TAP made anew.*port up" "$LOG" || fail "no log line saying $C was made anew"
log "ok: $(grep "port $C: TAP made anew" "$LOG")"
status=$(swsh "$SOCK" 'show interfaces status' | awk -v p="$C" '$1 == p { print $2 }')
assert_eq "$status" "connected" "$C in show interfaces status"

# A new host takes the new netdev and reaches the others.
netns_add "$H4"
host_attach "$SW" "$C" "$H4" 10.87.0.4/24
ping_ok "$H4" 10.87.0.1
ping_ok "$H1" 10.87.0.2

stop_switchd "$SOCK"
wait_for 5 link_absent "$H4" "$C" || fail "$C (made by switchd) still exists after a clean exit"
test_pass
