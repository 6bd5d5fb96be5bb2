#!/bin/bash
# Importing a configuration touches only what changed (issue 7): two hosts
# on internal ports A and B ping each other every 10 ms while the switch
# goes five times between two configurations that differ only elsewhere --
# another port's VLAN (C), a port removed (D), a port added (E), a VLAN
# renamed, a bridge with a port added -- through `copy json FILE
# running-config`, SIGHUP and `reload`.  Not one ping is lost; A's and B's
# counters only grow; and a host on a third unchanged port F, which sent
# one ping before and is silent since, keeps its MAC entry and its exact
# counters (a flush or a re-created port would lose them, and nothing
# would learn the entry again).  Each import reports the changes it made.
#
# Time: the ping runs until the last import is done and 40 more replies
# came back (a fixed count of 500 ran out before an ASan switchd on a
# loaded machine had done the five imports, and the wait for replies after
# the next import failed at whichever step that was).  A lost ping is a
# sequence number with no reply before the last reply seen, however late:
# the host neighbours are permanent (no ARP to time out) and a slow reply
# on a starved machine is not a drop.  A loop thread held by an import
# shows as a forwarding stall: no 40 replies within 20 s, or a reply
# slower than 5 s (by then the TAP queue of 500 frames has overflowed);
# the worst reply time is logged.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw H1=${P}h1 H2=${P}h2 H4=${P}h4
A=${P}a B=${P}b C=${P}c D=${P}d E=${P}e F=${P}f G=${P}g
netns_add "$SW"; netns_add "$H1"; netns_add "$H2"; netns_add "$H4"

# X: the starting point.  Y: C moves to VLAN 30, D goes, E comes, VLAN 30
# is renamed, bridge br1 with port G comes.  A, B and F are the same in
# both (explicit ofports, so removing D renumbers nothing).
UNCHANGED="{\"name\": \"$A\", \"type\": \"internal\", \"ofport\": 1, \"mode\": \"access\", \"access_vlan\": 10},
      {\"name\": \"$B\", \"type\": \"internal\", \"ofport\": 2, \"mode\": \"access\", \"access_vlan\": 10},
      {\"name\": \"$F\", \"type\": \"internal\", \"ofport\": 3, \"mode\": \"access\", \"access_vlan\": 10}"
cat >"$TMP/x.json" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "vlans": [{"id": 10, "name": "users"}, {"id": 20, "name": "servers"}, {"id": 30, "name": "spare"}],
    "ports": [
      $UNCHANGED,
      {"name": "$C", "type": "internal", "ofport": 4, "mode": "access", "access_vlan": 20},
      {"name": "$D", "type": "internal", "ofport": 5, "mode": "access", "access_vlan": 20}
    ]
  }]
}
JSON
cat >"$TMP/y.json" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "vlans": [{"id": 10, "name": "users"}, {"id": 20, "name": "servers"}, {"id": 30, "name": "lab"}],
    "ports": [
      $UNCHANGED,
      {"name": "$C", "type": "internal", "ofport": 4, "mode": "access", "access_vlan": 30},
      {"name": "$E", "type": "internal", "ofport": 6, "mode": "access", "access_vlan": 20}
    ]
  }, {
    "name": "br1",
    "ports": [{"name": "$G", "type": "internal"}]
  }]
}
JSON
X_TO_Y="2 ports added, 1 port removed, 1 port changed, 1 bridge added, 1 bridge changed"
Y_TO_X="1 port added, 2 ports removed, 1 port changed, 1 bridge removed, 1 bridge changed"

cp "$TMP/x.json" "$TMP/startup.json"
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/startup.json" "$SOCK"
host_attach "$SW" "$A" "$H1" 10.79.0.1/24
host_attach "$SW" "$B" "$H2" 10.79.0.2/24
host_attach "$SW" "$F" "$H4" 10.79.0.4/24

dotted() {      # the MAC of netdev $2 in netns $1, as IOS prints it
    ip -n "$1" -o link show "$2" | grep -o 'link/ether [0-9a-f:]*' | cut -d' ' -f2 \
        | tr -d ':' | sed 's/^\(....\)\(....\)\(....\)$/\1.\2.\3/'
}
MAC_F=$(dotted "$H4" "$F")
f_entry() { swsh "$SOCK" "show mac address-table interface $F" | grep -E "^ +10 +$MAC_F +DYNAMIC +$F\$"; }

# H4 speaks once, then stays silent: its entry on F is learned once.
# Permanent neighbour entries on both sides, so no ARP request or later
# reachability probe makes it speak again.
MAC_H1=$(ip -n "$H1" -o link show "$A" | grep -o 'link/ether [0-9a-f:]*' | cut -d' ' -f2)
MAC_H2=$(ip -n "$H2" -o link show "$B" | grep -o 'link/ether [0-9a-f:]*' | cut -d' ' -f2)
MAC_H4=$(ip -n "$H4" -o link show "$F" | grep -o 'link/ether [0-9a-f:]*' | cut -d' ' -f2)
must ip -n "$H1" neigh replace 10.79.0.4 lladdr "$MAC_H4" nud permanent dev "$A"
must ip -n "$H4" neigh replace 10.79.0.1 lladdr "$MAC_H1" nud permanent dev "$F"
must ip -n "$H1" neigh replace 10.79.0.2 lladdr "$MAC_H2" nud permanent dev "$A"
must ip -n "$H2" neigh replace 10.79.0.1 lladdr "$MAC_H1" nud permanent dev "$B"
ping_ok "$H4" 10.79.0.1
wait_for 5 f_entry || fail "H4's MAC not learned on $F"
ping_ok "$H1" 10.79.0.2
F_RX=$(port_stat "$SOCK" "$F" RX_FRAMES)
log "F: RX_FRAMES $F_RX, entry: $(f_entry)"

# A ping every 10 ms until the imports are done (SIGINT stops it).
ip netns exec "$H1" ping -i 0.01 10.79.0.2 >"$TMP/ping.out" 2>&1 &
PING_PID=$!
TS_LIVE[$PING_PID]=1
TS_BG_PIDS+=("$PING_PID")
replies() { grep -c 'icmp_seq=' "$TMP/ping.out"; }
replies_ge() { [ "$(replies)" -ge "$1" ]; }
wait_for 20 replies_ge 100 || fail "the ping did not get going: $(tail -n 3 "$TMP/ping.out")"

# check_counters WHAT: A's and B's counters did not go down since the last
# call, F's did not move at all (one `show ports` for the three).
A_LAST=0 B_LAST=0
check_counters()
{
    local a b f
    read -r a b f < <(swsh "$SOCK" 'show ports' | awk -v a="$A" -v b="$B" -v f="$F" '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == "RX_FRAMES") c = i; next }
        c { rx[$2] = $c }
        END { print rx[a] + 0, rx[b] + 0, (f in rx) ? rx[f] : -1 }')
    [ "$a" -ge "$A_LAST" ] || fail "$1: A's RX_FRAMES went from $A_LAST to $a (reset)"
    [ "$b" -ge "$B_LAST" ] || fail "$1: B's RX_FRAMES went from $B_LAST to $b (reset)"
    [ "$f" -eq "$F_RX" ] || fail "$1: silent F's RX_FRAMES went from $F_RX to $f"
    log "ok: $1: RX_FRAMES A $A_LAST -> $a, B $B_LAST -> $b, F $f"
    A_LAST=$a B_LAST=$b
}
# Spread the imports over the ping: 40 more replies between two.
pause()
{
    local want=$(( $(replies) + 40 ))
    wait_for 20 replies_ge "$want" || fail "the ping stalled after $1: $(replies) replies, $want awaited"
}
check_counters "before the imports"

out=$(swsh_all "$SOCK" "copy json $TMP/y.json running-config") || fail "import of y failed: $out"
assert_eq "$out" "% Applied $TMP/y.json: $X_TO_Y" "copy json y.json running-config"
check_counters "after copy json y"
pause "after copy json y"

out=$(swsh_all "$SOCK" "copy json x.json running-config") || fail "import of x failed: $out"
assert_eq "$out" "% Applied $TMP/x.json: $Y_TO_X" "copy json x.json (relative) running-config"
check_counters "after copy json x"
pause "after copy json x"

cp "$TMP/y.json" "$TMP/startup.json"
kill -HUP "$SWITCHD_PID"
hup_logged() { grep -qF "SIGHUP: $TMP/startup.json applied: $X_TO_Y" "${TS_SWITCHD_LOG[$SWITCHD_PID]}"; }
wait_for 5 hup_logged || fail "no SIGHUP account in the log"
log "ok: SIGHUP applied y"
check_counters "after SIGHUP"
pause "after SIGHUP"

out=$(swsh_all "$SOCK" "copy json $TMP/x.json running-config") || fail "import of x failed: $out"
assert_eq "$out" "% Applied $TMP/x.json: $Y_TO_X" "copy json x.json running-config again"
check_counters "after copy json x again"
pause "after copy json x again"

out=$(swsh_all "$SOCK" 'reload') || fail "reload failed: $out"
assert_eq "$out" "% Reloaded startup-config $TMP/startup.json: $X_TO_Y" "reload (startup is y)"
check_counters "after reload"
pause "reload"

kill -INT "$PING_PID"
wait_for 10 ts_not_running "$PING_PID" || fail "ping still running 10 s after SIGINT"
ts_reap "$PING_PID"
log "ping: $(grep 'packets transmitted' "$TMP/ping.out")"
# answered, highest answered sequence number, lost below it (count and the
# first few), worst reply time in ms.
read -r answered last lost lost_seqs worst < <(awk '
    / icmp_seq=[0-9]+ .* time=/ {
        for (i = 1; i <= NF; i++) {
            if ($i ~ /^icmp_seq=/) { s = substr($i, 10) + 0; if (!(s in got)) n++; got[s] = 1 }
            if ($i ~ /^time=/) { t = substr($i, 6) + 0; if (t > worst) worst = t }
        }
        if (s > last) last = s
    }
    END {
        for (s = 1; s <= last; s++)
            if (!(s in got)) { lost++; if (lost <= 5) list = list (list ? "," : "") s }
        printf "%d %d %d %s %d\n", n, last, lost, list ? list : "-", worst
    }' "$TMP/ping.out")
log "ping: $answered answered of $last, worst reply $worst ms"
[ "$lost" -eq 0 ] || fail "$lost of $last pings lost during five imports (icmp_seq $lost_seqs...)"
log "ok: no ping lost during five imports"
[ "$worst" -lt 5000 ] || fail "a reply took $worst ms: forwarding stalled"
check_counters "after the ping"
f_entry >/dev/null || fail "the silent host's MAC entry on $F is gone: $(swsh "$SOCK" 'show mac address-table')"
log "ok: the silent host's entry survived: $(f_entry)"

# The switch is y now: C in VLAN 30 "lab", D gone, E and G there.
swsh "$SOCK" 'show vlan brief' | grep -Eq "^30 +lab +active +$C\$" \
    || fail "C is not in VLAN 30 lab: $(swsh "$SOCK" 'show vlan brief')"
link_absent "$SW" "$D" || fail "removed port $D still has a netdev"
link_exists "$SW" "$E" || fail "added port $E has no netdev"
link_exists "$SW" "$G" || fail "port $G of the added bridge has no netdev"

stop_switchd "$SOCK"
test_pass
