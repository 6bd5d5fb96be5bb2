#!/bin/bash
# Sessions (issue 14): two telnet sessions and a swsh console open at once.
# `show users` lists all three on their lines (vty 0 and vty 1 with their
# users and addresses, the console as con 0 with the local user), marks the
# session asking; a session that leaves configuration mode logs IOS's
# %SYS-5-CONFIG_I with its user, line and address, so does a JSON import and
# a session ending in configuration mode (^Z over telnet logs at once);
# `show history` lists the
# session's lines with passwords masked, never in clear text; a closed
# session leaves the list and its line is given again.
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
LOG=${TS_SWITCHD_LOG[$SWITCHD_PID]}
out=$(swsh_all "$SOCK" 'configure terminal' 'username admin secret Adm1n-pw' \
      'username ops secret 0ps-pw' 'enable secret Ena-b1e' 'end') || fail "setting up logins failed: $out"
assert_match "$(cat "$LOG")" '%SYS-5-CONFIG_I: Configured from console by root on console$' \
    "swsh leaving configuration mode: by the local user on the console"
# What `copy json` applies later: the running configuration, logins included.
out=$(swsh_all "$SOCK" "copy running-config json $TMP/import.json") || fail "export failed: $out"

export A_USER=admin A_PASS=Adm1n-pw B_USER=ops B_PASS=0ps-pw ENABLE=Ena-b1e SWITCHD_LOG=$LOG
out=$(ip netns exec "$SW" timeout 60 /usr/bin/python3 "$TS_DIR/cli/session_users.py" "$SOCK" 2323 \
      'a:show users' 'c:show users' \
      'a:configure terminal' 'a:vlan 42' 'a:end' \
      'a:configure terminal' 'a:^Z' "log:2:by admin on vty0 (127.0.0.1)" \
      'b:configure terminal' 'b:username zz secret Hidden-pw1' 'b:enable secret 0 Hidden-pw2' \
      'b:end' 'b:show history' 'b:show history | include secret' \
      "b:copy json $TMP/import.json running-config" \
      'b:configure terminal' 'a:@close' 'c:show users' \
      2>&1) || fail "the sessions failed: $out"
printf '%s\n' "$out" >"$TMP/sessions.out"
log "$(printf '%s\n' "$out" | tr '\n' '|')"

# Each `show users` block: the lines between its "==" header and the next.
block() { printf '%s\n' "$out" | awk -v h="== $1" 'index($0, h) == 1 { n++; on = (n == '"$2"'); next } /^== / { on = 0 } on'; }
users_a=$(block 'a: show users' 1)
assert_match "$users_a" '^    Line       User       Host\(s\)              Idle       Location$' "IOS's header"
assert_match "$users_a" '^\*  1 vty 0     admin      idle                 [0-9]{2}:[0-9]{2}:[0-9]{2} 127\.0\.0\.1$' \
    "telnet a: vty 0, its user and address, marked as the asking session"
assert_match "$users_a" '^   2 vty 1     ops        idle                 [0-9]{2}:[0-9]{2}:[0-9]{2} 127\.0\.0\.2$' \
    "telnet b: vty 1, its user and address"
assert_match "$users_a" '^   0 con 0     root       idle                 [0-9]{2}:[0-9]{2}:[0-9]{2}$' \
    "the swsh console: con 0, the local user, no address"
assert_eq "$(printf '%s\n' "$users_a" | grep -c 'idle')" 3 "three sessions listed"
users_c=$(block 'c: show users' 1)
assert_match "$users_c" '^\*  0 con 0     root ' "the console marks its own line"
assert_match "$users_c" '^   1 vty 0     admin ' "and not the telnet one"

log_text=$(cat "$LOG")
assert_match "$log_text" '%SYS-5-CONFIG_I: Configured from console by admin on vty0 \(127\.0\.0\.1\)$' \
    "telnet a leaving configuration mode logs CONFIG_I with its user, line and address"
assert_match "$log_text" '%SYS-5-CONFIG_I: Configured from console by ops on vty1 \(127\.0\.0\.2\)$' \
    "so does telnet b"
assert_match "$log_text" "%SYS-5-CONFIG_I: Configured from $TMP/import.json by ops on vty1 \\(127\\.0\\.0\\.2\\)\$" \
    "a JSON import logs the file it came from"

hist=$(block 'b: show history' 1)
assert_match "$hist" '^  username zz secret \*\*\*\*\*$' "show history masks the user's password"
assert_match "$hist" '^  enable secret 0 \*\*\*\*\*$' "and the enable secret"
assert_match "$hist" '^  configure terminal$' "and lists the other lines as typed"
assert_match "$hist" '^  show history$' "itself included, last"
assert_match "$(block 'b: show history | include secret' 1)" '^  username zz secret \*\*\*\*\*$' \
    "show history takes filters"
# (The driver's "== b: LINE" headers repeat what was typed; the rest is output.)
case $(printf '%s\n' "$out" | grep -v '^== ') in
    *Hidden-pw*) fail "a password in clear text in a session's output: $out" ;;
esac
case $log_text in *Hidden-pw*) fail "a password in clear text in switchd's log" ;; esac

users_c2=$(block 'c: show users' 2)
assert_eq "$(printf '%s\n' "$users_c2" | grep -c 'vty 0')" 0 "the closed session left the list"
assert_match "$users_c2" '^   2 vty 1     ops ' "the other stays on its line"
# b ended in configuration mode (the script closes it after the last step).
ended_in_config() { [ "$(grep -c 'Configured from console by ops on vty1 (127.0.0.2)$' "$LOG")" -ge 2 ]; }
wait_for 10 ended_in_config || fail "no CONFIG_I for a session ending in configuration mode"
log "ok: a session dropped in configuration mode logs CONFIG_I"

# Every session ended: their lines are free again, from vty 0 on (the
# unit tests check that a hole is filled first).
export A_USER=ops A_PASS=0ps-pw B_USER=admin B_PASS=Adm1n-pw
out=$(ip netns exec "$SW" timeout 60 /usr/bin/python3 "$TS_DIR/cli/session_users.py" "$SOCK" 2323 \
      'b:show users' 2>&1) || fail "the sessions failed: $out"
assert_match "$out" '^   1 vty 0     ops        idle  .* 127\.0\.0\.1$' "an ended session's vty 0 is given again"
assert_match "$out" '^\*  2 vty 1     admin ' "then the next"

stop_switchd "$SOCK"
test_pass
