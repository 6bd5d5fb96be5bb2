#!/bin/bash
# SSH logins with a password (issue 19, docs/design.md section 10.4): a
# shell channel with a PTY runs the telnet session (prompt, `show vlan
# brief`, `?` help, enable, configuration mode in and out, `exit` ends the
# connection); an exec channel runs one line and returns its output and
# exit status (0, or 1 for a line that fails); a wrong password and an
# unknown user are refused; `show ssh` lists the connection; the idle
# timeout (`exec-timeout`) and switchd's stop end a held session.
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
test_init
/usr/bin/python3 -c 'import paramiko' || fail "python3-paramiko is not installed (make deps installs it)"

SW=${P}sw
netns_add "$SW"
cat >"$TMP/switch.json" <<JSON
{"version": 1, "bridges": [{"name": "br0",
  "vlans": [{"id": 10, "name": "users"}],
  "ports": [{"name": "${P}a", "type": "internal", "mode": "access", "access_vlan": 10}]}]}
JSON
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
LOG=${TS_SWITCHD_LOG[$SWITCHD_PID]}
out=$(swsh_all "$SOCK" 'configure terminal' 'username admin secret Adm1n-ssh' \
      'enable secret Ena-b1e' 'banner motd ^Lab switch: authorized users only^' 'end') \
    || fail "setting up logins failed: $out"
client() { ip netns exec "$SW" timeout 120 /usr/bin/python3 "$TS_DIR/cli/ssh_client.py" 127.0.0.1 2222 "$@"; }

out=$(client shell admin Adm1n-ssh 'show vlan brief' 'show ?' enable Ena-b1e \
      'configure terminal' 'vlan 20' 'name guests' exit end 'show vlan brief' exit) \
    || fail "ssh shell failed: $out"
log "$out"
assert_match "$out" "login=ok" "the password logs in"
assert_match "$out" "Lab switch: authorized users only" "the MOTD banner first, as over telnet"
assert_match "$out" "switch>show vlan brief" "user EXEC prompt, no telnet bytes"
assert_match "$(printf '%s\n' "$out" | grep -c '10   users ')" "^2$" "show vlan brief, twice"
assert_match "$out" "  vlan +" "'?' lists the show commands"
assert_match "$out" "switch#configure terminal" "enable with the enable secret"
assert_match "$out" "switch\(config-vlan\)#exit" "configuration submode"
assert_match "$out" "switch\(config\)#end" "back in configuration mode"
assert_match "$out" "20   guests " "the VLAN made over SSH"
assert_match "$out" "closed=1" "exit ends the connection"
printf '%s' "$out" | grep -q $'\xff' && fail "telnet negotiation bytes reached the SSH client"
grep -q '%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success \[user: admin\] \[Source: 127.0.0.1\] \[localport: 2222\]' "$LOG" \
    || fail "no LOGIN_SUCCESS line for SSH"
log "ok: the login is logged as telnet's are"
grep -q "%SSH-5-SSH2_SESSION: SSH2 Session request from 127.0.0.1 (tty = [0-9]*) using crypto cipher '[a-z0-9@.-]*', hmac '[a-z0-9@.-]*' Succeeded" "$LOG" \
    || fail "no SSH2_SESSION line"
wait_for 10 grep -q "%SSH-5-SSH2_CLOSE: SSH2 Session from 127.0.0.1 (tty = [0-9]*) for user 'admin' using crypto cipher" "$LOG" \
    || fail "no SSH2_CLOSE line"
log "ok: the session is logged as IOS does (SSH2_SESSION, SSH2_CLOSE)"

out=$(client exec admin Adm1n-ssh 'show vlan brief') || fail "ssh exec failed: $out"
assert_match "$out" "20   guests " "exec channel output"
assert_match "$out" "exit=0" "exec exit status 0"
out=$(client exec admin Adm1n-ssh 'show no-such-thing') || fail "ssh exec failed: $out"
assert_match "$out" "% Invalid input detected" "exec of a bad line"
assert_match "$out" "exit=1" "exec exit status 1"
out=$(client exec admin Adm1n-ssh 'show ssh') || fail "ssh exec failed: $out"
assert_match "$out" "^[0-9]+ +2.0 +IN +[a-z0-9@.-]+ +[a-z0-9@.-]+ +Session started +admin" "show ssh lists the connection"

out=$(client exec admin wrong-pass 'show version') || fail "client failed: $out"
assert_match "$out" "login=failed" "a wrong password is refused"
out=$(client exec nobody Adm1n-ssh 'show version') || fail "client failed: $out"
assert_match "$out" "login=failed" "an unknown user is refused"

# A shell without a PTY whose input ends (`ssh switch < script`): every
# line runs and its output comes back before the connection ends.
out=$(client pipe admin Adm1n-ssh 'show vlan brief' 'show version') || fail "client failed: $out"
assert_match "$out" "switch>show version" "piped lines run"
assert_match "$out" "uptime is" "the output of the last piped line comes back"
assert_match "$out" "closed=1" "the end of the input ends the session"

# The idle timeout ends a shell session.
out=$(swsh_all "$SOCK" 'configure terminal' 'line vty 0 15' 'exec-timeout 0 2' 'end') || fail "$out"
out=$(client hold admin Adm1n-ssh 60) || fail "client failed: $out"
assert_match "$out" "ended=1" "the idle timeout ends the session"
out=$(swsh_all "$SOCK" 'configure terminal' 'line vty 0 15' 'no exec-timeout' 'end') || fail "$out"

# switchd's stop ends a held session (and stops cleanly: stop_switchd).
client hold admin Adm1n-ssh 120 >"$TMP/hold.out" 2>&1 &
HOLD=$!
TS_LIVE[$HOLD]=1; TS_BG_PIDS+=("$HOLD")
held() { swsh "$SOCK" 'show ssh' | grep -q 'Session started'; }
wait_for 30 held || fail "the held session did not start"
stop_switchd "$SOCK"
wait "$HOLD"
assert_match "$(cat "$TMP/hold.out")" "ended=1" "switchd's stop ends the session"
test_pass
