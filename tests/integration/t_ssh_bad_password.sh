#!/bin/bash
# Password guessing over SSH is slowed and seen as over telnet (issue 19,
# docs/security.md section 3): a wrong password is answered after the
# failure delay (a lower bound, which load cannot break), logged as
# %SEC_LOGIN-4-LOGIN_FAILED with the SSH port and in `show logging`;
# `ip ssh authentication-retries 2` closes a connection after its 2nd
# failure; the failures count towards `login block-for` like telnet's.
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
test_init
/usr/bin/python3 -c 'import paramiko' || fail "python3-paramiko is not installed (make deps installs it)"

SW=${P}sw
netns_add "$SW"
echo '{"version": 1, "bridges": [{"name": "br0", "ports": []}]}' >"$TMP/switch.json"
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
out=$(swsh_all "$SOCK" 'configure terminal' 'username admin secret Adm1n-ssh' \
      'login block-for 30 attempts 4 within 60' 'end') || fail "setting up failed: $out"
client() { ip netns exec "$SW" timeout 120 /usr/bin/python3 "$TS_DIR/cli/ssh_client.py" 127.0.0.1 2222 "$@"; }

out=$(client badpass admin not-it) || fail "client failed: $out"
assert_match "$out" "refused=1" "a wrong password is refused"
ms=$(printf '%s\n' "$out" | sed -n 's/.*ms=\([0-9]*\).*/\1/p')
[ "$ms" -ge 900 ] || fail "the refusal took $ms ms, expected the 1 s delay at least"
log "ok: the refusal waited $ms ms (>= 900)"
out=$(swsh "$SOCK" 'show logging')
assert_match "$out" '%SEC_LOGIN-4-LOGIN_FAILED: Login failed \[user: admin\] \[Source: 127.0.0.1\] \[localport: 2222\] \[Reason: Login Authentication Failed\]' \
    "the failure in show logging"

out=$(swsh_all "$SOCK" 'configure terminal' 'ip ssh authentication-retries 2' 'end') || fail "$out"
LOG=${TS_SWITCHD_LOG[$SWITCHD_PID]}
failures() { grep -c 'SEC_LOGIN-4-LOGIN_FAILED' "$LOG"; }
before=$(failures)
out=$(client retries admin 5) || fail "client failed: $out"
# The client may see the close before the 2nd refusal: the server's count.
assert_match "$out" "closed=1" "the connection is closed"
assert_eq "$(( $(failures) - before ))" 2 "failures the server took on that connection"
grep -q 'ssh: 127.0.0.1: too many failed logins, connection closed' "$LOG" \
    || fail "the closing is not logged"

# 1 + 2 failures so far; the 4th blocks the address for 30 s.
out=$(client badpass admin not-it-either) || fail "client failed: $out"
has_quiet() { swsh "$SOCK" 'show logging' | grep -q '%SEC_LOGIN-1-QUIET_MODE_ON'; }
wait_for 30 has_quiet || fail "no QUIET_MODE_ON after 4 failures"
log "ok: SSH failures count towards login block-for"
out=$(client exec admin Adm1n-ssh 'show version' 2>&1)
assert_match "$out" "login=failed|Error|refused|closed|EOF" "a blocked address is turned away"
stop_switchd "$SOCK"
test_pass
