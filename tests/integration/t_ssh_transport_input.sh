#!/bin/bash
# `line vty 0 15` / `transport input` chooses the front ends that take
# logins (issue 19): `ssh` turns telnet clients away with a message and
# SSH logs in; `telnet` turns SSH away and telnet logs in; `none` only
# swsh; `all` (and `no transport input`) both.  running-config and the
# exported JSON keep it (cli.vty.transport_input).
. "$(dirname "$0")/lib.sh"
test_init
/usr/bin/python3 -c 'import paramiko' || fail "python3-paramiko is not installed (make deps installs it)"

SW=${P}sw
netns_add "$SW"
echo '{"version": 1, "bridges": [{"name": "br0", "ports": []}]}' >"$TMP/switch.json"
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
out=$(swsh_all "$SOCK" 'configure terminal' 'username admin secret Adm1n-ssh' 'end') || fail "$out"
ssh_client() { ip netns exec "$SW" timeout 60 /usr/bin/python3 "$TS_DIR/cli/ssh_client.py" 127.0.0.1 2222 "$@"; }
telnet_client() { ip netns exec "$SW" timeout 60 /usr/bin/python3 "$TS_DIR/cli/login_probe.py" 127.0.0.1 2323 "$@"; }
transport() { swsh_all "$SOCK" 'configure terminal' 'line vty 0 15' "$1" 'end' || fail "$1 failed"; }

transport 'transport input ssh' >/dev/null
out=$(telnet_client refused) || fail "telnet client failed: $out"
assert_match "$out" "% Telnet is not accepted here \(transport input ssh\)" "telnet is told why"
assert_match "$out" "closed=1" "and turned away"
out=$(ssh_client exec admin Adm1n-ssh 'show version') || fail "$out"
assert_match "$out" "exit=0" "SSH logs in under transport input ssh"
assert_match "$(swsh "$SOCK" 'show running-config')" "line vty 0 15
 transport input ssh" "running-config shows it"
# `ip ssh version 2` is kept and shown, as on IOS (automation that sends it
# sees no change the second time); version 1 is refused.
out=$(swsh_all "$SOCK" 'configure terminal' 'ip ssh version 2' 'end') || fail "$out"
out=$(swsh_all "$SOCK" 'configure terminal' 'ip ssh version 1' 'end' 2>&1) && fail "version 1 taken: $out"
assert_match "$out" "SSH version 1 is not supported" "ip ssh version 1 refused"
assert_match "$(swsh "$SOCK" 'show running-config')" "ip ssh version 2" "running-config shows ip ssh version 2"
out=$(swsh_all "$SOCK" "copy running-config json $TMP/run.json") || fail "$out"
grep -q '"transport_input": "ssh"' "$TMP/run.json" || fail "cli.vty.transport_input not exported"
grep -q '"version": 2' "$TMP/run.json" || fail "cli.ssh.version not exported"
out=$(swsh_all "$SOCK" 'configure terminal' 'no ip ssh version' 'end') || fail "$out"
case $(swsh "$SOCK" 'show running-config') in
*"ip ssh version"*) fail "no ip ssh version left the line" ;;
esac

transport 'transport input telnet' >/dev/null
out=$(ssh_client refused) || fail "ssh client failed: $out"
assert_match "$out" "refused=1" "SSH is turned away under transport input telnet"
out=$(telnet_client login admin Adm1n-ssh) || fail "$out"
assert_match "$out" "login=ok" "telnet logs in under transport input telnet"
out=$(swsh "$SOCK" 'show ip ssh')
assert_match "$out" "SSH Disabled - version 2.0" "show ip ssh says SSH is off"

transport 'transport input none' >/dev/null
out=$(ssh_client refused) || fail "ssh client failed: $out"
assert_match "$out" "refused=1" "SSH is turned away under transport input none"
out=$(telnet_client refused) || fail "$out"
assert_match "$out" "transport input none" "telnet too"

transport 'no transport input' >/dev/null
out=$(ssh_client exec admin Adm1n-ssh 'show version') || fail "$out"
assert_match "$out" "exit=0" "SSH logs in again"
out=$(telnet_client login admin Adm1n-ssh) || fail "$out"
assert_match "$out" "login=ok" "telnet logs in again"
stop_switchd "$SOCK"
test_pass
