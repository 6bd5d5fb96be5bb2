#!/bin/bash
# Clients that do not log in (issue 10, docs/security.md section 3).
# Telnet sessions waiting at the login prompt used to hold one of the 100
# session slots for the whole idle timeout (600 s): 100 silent connections
# locked administrators out.  Now a client has cli.telnet.login_timeout_s
# (2 s here) from its connection to log in -- silent or typing a letter at
# a time, it is told "% Login timeout expired!" and let go; a session that
# logged in is not affected.  And each refused connection used to log a
# line (20,000 lines in 5 s): now one line, then at most one per 10 s
# counting the others, so that 2000 refused clients are all accounted for
# in a handful of lines.
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw
netns_add "$SW"
cat >"$TMP/switch.json" <<JSON
{"version": 1, "cli": {"telnet": {"login_timeout_s": 2}},
 "bridges": [{"name": "br0", "ports": [{"name": "${P}a", "type": "tap"}]}]}
JSON
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
LOG=${TS_SWITCHD_LOG[$SWITCHD_PID]}
probe() { ip netns exec "$SW" timeout 120 /usr/bin/python3 "$TS_DIR/cli/login_probe.py" 127.0.0.1 2323 "$@"; }

# 2000 clients refused (no user configured yet): few lines, every client counted.
out=$(probe flood 2000) || fail "probe failed: $out"
assert_match "$out" "closed=2000" "2000 clients refused and closed"
# turned_away_total: clients logged one by one plus those counted in summaries.
turned_away_total()
{
    local one more
    one=$(grep -c 'telnet: refused a client from 127.0.0.1: no login configured' "$LOG")
    more=$(sed -n 's/.*telnet: \([0-9]*\) more clients refused in the last [0-9]* s$/\1/p' "$LOG" \
           | awk '{ n += $1 } END { print n + 0 }')
    echo $((one + more))
}
total_is() { [ "$(turned_away_total)" -eq "$1" ]; }
wait_for 40 total_is 2000 || fail "the log accounts for $(turned_away_total) of 2000 refused clients"
lines=$(grep -c 'telnet: refused a client\|more clients refused' "$LOG")
log "2000 refused clients in $lines log lines: $(grep 'more clients refused' "$LOG" | tr '\n' ' ')"
[ "$lines" -le 10 ] || fail "$lines log lines for 2000 refused clients"
log "ok: the log accounts for all 2000 in $lines lines"

out=$(swsh_all "$SOCK" 'configure terminal' 'username ops secret T1me-out' 'end') || fail "$out"

# Silent clients, and clients typing without ever pressing Enter: let go.
out=$(probe silent 5 30) || fail "probe failed: $out"
assert_match "$out" "closed=5" "5 silent clients are let go"
assert_match "$out" "text=.*Username: \|% Login timeout expired!" "with IOS's words"
out=$(probe silent -3 30) || fail "probe failed: $out"
assert_match "$out" "closed=3" "3 clients typing one letter at a time are let go"
wait_for 10 grep -q 'telnet: login from 127.0.0.1 timed out after 2 s' "$LOG" \
    || fail "no log line for a login timeout"

# 100 silent clients (every slot) no longer lock the administrators out.
out=$(probe silent 100 60) || fail "probe failed: $out"
assert_match "$out" "closed=100" "100 silent clients are let go"
out=$(probe login ops T1me-out 'show version | include Version') || fail "probe failed: $out"
assert_match "$out" "login=ok" "an administrator logs in after them"

# A session that logged in stays past the login timeout.
out=$(probe held ops T1me-out 4) || fail "probe failed: $out"
assert_match "$out" "alive=1" "a logged-in session outlives the login timeout"

stop_switchd "$SOCK"
test_pass
