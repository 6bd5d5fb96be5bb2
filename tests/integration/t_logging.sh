#!/bin/bash
# The log buffer and terminal monitor (issue 14, docs/cli.md "Logging"):
#   1. a telnet session with `terminal monitor` sees, live, the
#      %SEC_LOGIN-4-LOGIN_FAILED line another client's failed login
#      makes, and `show logging` has it, stamped as IOS stamps it;
#   2. `show logging` counts the lines the buffer kept;
#   3. `clear logging` empties the buffer;
#   4. `logging buffered SIZE` bounds it (100 lines of ~110 bytes in 5000): the newest lines fit in SIZE
#      bytes, the oldest are gone;
#   5. `logging buffered LEVEL` keeps only severities up to LEVEL, and
#      `no logging buffered` keeps nothing and shows no buffer;
#   6. swsh -c with `terminal monitor` prints a line a command logged
#      before the next command's reply.
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw
netns_add "$SW"
# User admin (Secr3t), enable secret En4ble: the transcripts' hashes.
cat >"$TMP/switch.json" <<JSON
{"version": 1, "cli": {
  "users": [{"name": "admin", "secret": "\$6\$transcriptsalt1\$pqLFN24t3xMU/8E74zhT8G.4j0MbazALjqCL0KOsyT83RD60qR7ODoCJsPqjv9X7NckCZDhOeMJVesPE8XDyf/"}],
  "enable_secret": "\$6\$transcriptsalt2\$XxSX7hMjuDDqq0cE6MutxFh.8Mdmz6Jwbjj/QQr7Fqott16oV6B1K9Lzsr8eqox6s2D/TbLGSxioNgkUIZxgx."},
 "bridges": [{"name": "br0", "ports": [{"name": "${P}a", "type": "tap"}]}]}
JSON
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
probe() { ip netns exec "$SW" timeout 60 /usr/bin/python3 "$TS_DIR/cli/login_probe.py" 127.0.0.1 2323 "$@"; }
STAMP='\*[A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}: '
# The lines of the buffer: what follows "Log Buffer (N bytes):" and its blank line.
buffer_lines() { swsh "$SOCK" 'show logging' | sed -n '/^Log Buffer (/,$p' | tail -n +3; }
buffer_count() { swsh "$SOCK" 'show logging' | sed -n 's/^    Buffer logging:  level [a-z]*, \([0-9]*\) messages logged.*/\1/p'; }

# 1. A monitoring telnet session sees another client's failed login.
monitor_start "$SW" LOGIN_FAILED
# Its `send log` line in the buffer: the session monitors from then on.
wait_for 30 sh -c "'$SWSH' -s '$SOCK' -c 'show logging' | grep -q 'monitor on'" \
    || fail "the monitoring session did not log in: $(cat "$TMP/monitor.err")"
out=$(probe delays admin 1)
assert_match "$out" "Login invalid" "a failed login"
ts_reap "$MONITOR_PID" || fail "the monitoring session saw no LOGIN_FAILED line: $(cat "$TMP/monitor.screen")"
assert_match "$(cat "$TMP/monitor.screen")" \
    "^\\*<time>: %SEC_LOGIN-4-LOGIN_FAILED: Login failed \\[user: admin\\] \\[Source: 127\\.0\\.0\\.1\\]" \
    "the live line on the monitoring session (term.py masks its time)"
log "ok: terminal monitor showed the failed login live"
assert_match "$(buffer_lines)" "${STAMP}%SEC_LOGIN-4-LOGIN_FAILED: Login failed \\[user: admin\\]" \
    "show logging has the failed login"

# 2. Counts.
n=$(buffer_count)
[ -n "$n" ] || fail "no Buffer logging count: $(swsh "$SOCK" 'show logging')"
swsh "$SOCK" 'send log 5 one' 'send log 5 two' 'send log 5 three' >/dev/null || fail "send log failed"
assert_eq "$(buffer_count)" "$((n + 3))" "messages logged after three more"

# 3. clear logging.
swsh "$SOCK" 'clear logging' >/dev/null || fail "clear logging failed"
assert_eq "$(buffer_lines)" "" "the buffer after clear logging"
assert_eq "$(buffer_count)" "$((n + 3))" "clear logging keeps the count"
log "ok: clear logging emptied the buffer"

# 4. The size bounds it: 100 lines of about 110 bytes in 5000 bytes.
swsh "$SOCK" 'configure terminal' 'logging buffered 5000' 'end' >/dev/null \
    || fail "logging buffered 5000 failed"
cmds=()
for i in $(seq 100 199); do
    cmds+=("send log 5 line $i $(printf 'x%.0s' $(seq 40))")
done
swsh "$SOCK" "${cmds[@]}" >/dev/null || fail "send log x100 failed"
swsh "$SOCK" 'show logging' | grep -q '^Log Buffer (5000 bytes):$' || fail "no Log Buffer (5000 bytes)"
lines=$(buffer_lines)
bytes=$(printf '%s\n' "$lines" | wc -c)
[ "$bytes" -le 5000 ] && [ "$bytes" -gt 4800 ] || fail "the buffer holds $bytes bytes, not 4800-5000"
assert_match "$(printf '%s\n' "$lines" | tail -1)" "USERLOG_NOTICE: Message from console: line 199 x" \
    "the newest line is kept"
case $lines in *"line 100 "*|*"line 150 "*) fail "the oldest lines are still there: $lines" ;; esac
log "ok: 100 lines, $bytes bytes kept in a 5000-byte buffer, the newest ones"

# 5. Levels, and off.
swsh "$SOCK" 'configure terminal' 'logging buffered 8192 errors' 'end' 'clear logging' \
    'send log 4 a warning' 'send log 3 an error' >/dev/null || fail "logging buffered 8192 errors"
assert_match "$(buffer_lines)" "^${STAMP}%SYS-3-USERLOG_ERR: Message from console: an error\$" \
    "only the error is kept at errors"
swsh "$SOCK" 'configure terminal' 'no logging buffered' 'end' 'send log 0 emergency' >/dev/null \
    || fail "no logging buffered"
out=$(swsh "$SOCK" 'show logging')
assert_match "$out" "Buffer logging:  disabled" "show logging says the buffer is off"
case $out in *"Log Buffer"*) fail "a buffer is shown while off: $out" ;; esac
swsh "$SOCK" 'configure terminal' 'logging buffered' 'end' >/dev/null || fail "logging buffered"
case $(buffer_lines) in *emergency*) fail "a line logged while off was kept" ;; esac
log "ok: levels and no logging buffered"
# 6. swsh -c: what a command logs reaches a monitoring console before the
#    next command's reply, with no pause between the commands.
out=$(swsh_all "$SOCK" 'terminal monitor' 'send log 4 quick one' 'show clock' 'show clock')
assert_match "$out" "%SYS-4-USERLOG_WARNING: Message from console: quick one" \
    "swsh -c shows the line a command logged, before the next reply"
log "ok: swsh -c gets its monitor lines without waiting"

# 7. Control characters of `send log` (an escape sequence for the
#    terminals that monitor) are logged as '?'.
swsh "$SOCK" "send log 4 esc $(printf '\033')[2J end" >/dev/null || fail "send log with ESC failed"
assert_match "$(buffer_lines)" "Message from console: esc \?\[2J end" "ESC is logged as ?"

stop_switchd "$SOCK"
test_pass
