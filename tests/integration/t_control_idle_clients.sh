#!/bin/bash
# Idle console clients cannot lock swsh out: 64 connections that never
# closed used to hold every slot of the control socket for ever, and a
# swsh turned away got its connection closed with no word.  Now a client
# turned away is told "% switchd: too many console clients (64)" (swsh
# prints it and exits 2 at once), a client that sends no request is
# dropped 10 s after connecting, and one that stops sending commands after
# cli.console.idle_timeout_s, while a client that keeps working stays.
# docs/security.md section 5.
# run.sh timeout: 600
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw
netns_add "$SW"
cat >"$TMP/switch.json" <<JSON
{"version": 1, "bridges": [{"name": "br0", "ports": [{"name": "${P}a", "type": "tap"}]}]}
JSON
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"

# holders MODE ARGS...: start console_idle.py; returns once it holds them.
holders()
{
    /usr/bin/python3 "$TS_DIR/cli/console_idle.py" "$SOCK" "$@" >"$TMP/holders.out" 2>&1 &
    HOLDERS=$!
    TS_LIVE[$HOLDERS]=1; TS_BG_PIDS+=("$HOLDERS")
    wait_for 60 grep -q "^held" "$TMP/holders.out" || fail "clients did not connect: $(cat "$TMP/holders.out")"
}

# refused: swsh is turned away at once, with the reason.
refused()
{
    local out rc t0
    t0=$(now_ms)
    out=$(timeout 60 "$SWSH" -s "$SOCK" -c 'show version' 2>&1); rc=$?
    log "swsh answered in $(( $(now_ms) - t0 )) ms, exit $rc: $out"
    [ "$rc" -ne 124 ] || fail "swsh hung while every console slot was taken"
    assert_eq "$rc" 2 "exit status of a swsh turned away"
    assert_eq "$out" "% switchd: too many console clients (64)" "what swsh says when turned away"
}

# 1. 64 clients that connect and say nothing: dropped 10 s after connecting.
holders silent 64
refused
ts_reap "$HOLDERS" || fail "silent clients not dropped: $(cat "$TMP/holders.out")"
log "$(cat "$TMP/holders.out")"
line=$(grep "^dropped" "$TMP/holders.out")
assert_match "$line" "^dropped 64 of 64 after .*: 8000-% Timeout: no request within 10 s of connecting$" \
    "every silent client is dropped with the reason"
# Not before 10 s (measured from before each connect: on a loaded machine a drop
# comes late, never early).
first=$(printf '%s\n' "$line" | sed -E 's/.* after ([0-9.]+)-.*/\1/')
awk -v f="$first" 'BEGIN { exit !(f >= 9.9) }' || fail "silent clients dropped before 10 s: $line"
wait_for 30 swsh "$SOCK" 'show version' || fail "swsh not served once the silent clients were dropped"
log "ok: swsh served again"

# 2. A shorter cli.console.idle_timeout_s, applied to the running switch.
cat >"$TMP/idle.json" <<JSON
{"version": 1, "cli": {"console": {"idle_timeout_s": 8}},
 "bridges": [{"name": "br0", "ports": [{"name": "${P}a", "type": "tap"}]}]}
JSON
swsh "$SOCK" "copy json $TMP/idle.json running-config" >/dev/null || fail "copy json failed"
assert_match "$(swsh "$SOCK" 'show running-config json' | tr -d ' \n')" '"console":\{"idle_timeout_s":8\}' \
    "the running configuration has the console idle timeout"
# 63 clients run commands and then wait; one more runs one a second for 20 s.
holders idle 64 20
refused
ts_reap "$HOLDERS" || fail "idle clients not dropped: $(cat "$TMP/holders.out")"
log "$(cat "$TMP/holders.out")"
line=$(grep "^dropped" "$TMP/holders.out")
assert_match "$line" "^dropped 63 of 63 after .*: 8000-% Idle timeout: no command for 8 s$" \
    "every idle client is dropped with the reason"
first=$(printf '%s\n' "$line" | sed -E 's/.* after ([0-9.]+)-.*/\1/')
awk -v f="$first" 'BEGIN { exit !(f >= 7.9) }' || fail "idle clients dropped before 8 s: $line"
assert_match "$(cat "$TMP/holders.out")" "^active ran [0-9]+ commands in 20 s$" \
    "a client that keeps sending commands is not dropped"
wait_for 30 swsh "$SOCK" 'show version' || fail "swsh not served once the idle clients were dropped"
log "ok: swsh served again"

# swsh whose next command comes after the idle timeout says why it did not run.
out=$( (sleep 10; echo 'show version') | timeout 60 "$SWSH" -s "$SOCK" 2>&1); rc=$?
log "swsh with a command 10 s late: exit $rc: $out"
assert_eq "$rc" 1 "exit status of a command after the idle timeout"
assert_match "$out" "^% Idle timeout: no command for 8 s" "swsh prints the idle timeout"

# The refusals above were logged, but not once per connection attempt.
grep -q "control: refusing a client: too many clients (64)" "${TS_SWITCHD_LOG[$SWITCHD_PID]}" \
    || fail "no log line for the refused client"
stop_switchd "$SOCK"
test_pass
