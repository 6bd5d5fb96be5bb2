#!/bin/bash
# Hostile and careless SSH clients (issue 19; docs/security.md section
# 3.1, docs/design.md section 10.4).
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
test_init
/usr/bin/python3 -c 'import paramiko' || fail "python3-paramiko is not installed (make deps installs it)"

SW=${P}sw
netns_add "$SW"
cat >"$TMP/switch.json" <<JSON
{"version": 1, "bridges": [{"name": "br0", "vlans": [{"id": 10}],
  "ports": [{"name": "${P}a", "type": "internal", "mode": "access", "access_vlan": 10}]}]}
JSON
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
LOG=${TS_SWITCHD_LOG[$SWITCHD_PID]}
out=$(swsh_all "$SOCK" 'configure terminal' 'username admin secret Adm1n-ssh' \
      'enable secret Ena-b1e' 'no login block-for' 'end') || fail "setting up logins failed: $out"
hostile() { ip netns exec "$SW" timeout 120 /usr/bin/python3 "$TS_DIR/cli/ssh_hostile.py" 127.0.0.1 2222 "$@"; }

# Exec channels run at user EXEC: no configuration, no enable.
for line in 'configure terminal' 'vlan 99' 'copy running-config startup-config'; do
    out=$(hostile exec admin Adm1n-ssh "$line") || fail "exec '$line': $out"
    log "exec '$line': $(printf '%s' "$out" | tr '\n' ' ')"
    assert_match "$out" "exit=1" "exec '$line' fails at user EXEC"
done
swsh "$SOCK" 'show vlan brief' | grep -q '^99 ' && fail "an exec channel made VLAN 99"
# With an enable secret set, an exec's `enable` said "% No password set".
out=$(hostile exec admin Adm1n-ssh enable) || fail "exec enable: $out"
assert_match "$out" "% enable asks for its password at a prompt: use an interactive session" \
    "exec enable says why it cannot ask"
assert_match "$out" "exit=1" "exec enable fails"

out=$(hostile bigexec admin Adm1n-ssh 100000) || fail "a 100 kB exec line: $out"
log "100 kB exec: $(printf '%s' "$out" | tail -n 3 | tr '\n' ' ')"
out=$(hostile twochan admin Adm1n-ssh) || fail "two channels: $out"
assert_match "$out" "second=refused" "a second session channel"
out=$(hostile flood admin Adm1n-ssh 2) || fail "flood: $out"
assert_match "$out" "alive=1" "a shell after 2 MiB without a line end"

# Clients that never finish the key exchange: silent ones and ones that
# stop after their greeting are let go after `ip ssh time-out`; past the
# 100 sessions they are closed at once; a login works afterwards.
out=$(swsh_all "$SOCK" 'configure terminal' 'ip ssh time-out 3' 'end') || fail "$out"
out=$(hostile silent 20 30) || fail "silent clients: $out"
assert_match "$out" "closed=20" "silent clients closed after ip ssh time-out"
out=$(hostile banner 20 30) || fail "banner-only clients: $out"
assert_match "$out" "closed=20" "clients stuck after their greeting closed after ip ssh time-out"
out=$(hostile drip 30) || fail "a dripping client: $out"
assert_match "$out" "closed_after=([0-9]|1[0-9])$" "a client dripping its key exchange is let go at the time-out"
out=$(swsh_all "$SOCK" 'configure terminal' 'ip ssh time-out 120' 'end') || fail "$out"
out=$(hostile silent 110 60 10) || fail "110 silent clients: $out"
assert_match "$out" "closed=10$" "the 10 clients past the session cap closed before the time-out"
grep -q 'too many sessions' "$LOG" || fail "the refusal past the session cap is not logged"
out=$(hostile exec admin Adm1n-ssh 'show version') || fail "exec after the floods: $out"
assert_match "$out" "exit=0" "a login after the floods"

proc_running "$SWITCHD_PID" || fail "switchd died"
stop_switchd "$SOCK"
test_pass
