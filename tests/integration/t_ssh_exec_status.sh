#!/bin/bash
# OpenSSH's client runs a command on switchd (`ssh switch 'show privilege'`)
# and exits with the command's status, as scripts expect: 0 for a command
# that worked, 1 for one refused.  The server sends the exit status, EOF and
# CLOSE and waits for the client's CLOSE before it disconnects, as OpenSSH's
# sshd does: it used to disconnect at once, and the client, whose own
# DISCONNECT then met a closed socket, said "client_loop: send disconnect:
# Broken pipe" and exited 255 most of the time.
. "$(dirname "$0")/lib.sh"
test_init
command -v ssh >/dev/null && command -v ssh-keygen >/dev/null \
    || fail "OpenSSH's client is not installed (Debian: openssh-client)"

NS=${P}s
netns_add "$NS"
ssh-keygen -q -t ed25519 -N '' -C t@x -f "$TMP/key" || fail "ssh-keygen failed"
cat >"$TMP/s.json" <<JSON
{"version": 1, "cli": {"users": [{"name": "robot", "ssh_keys": ["$(cat "$TMP/key.pub")"]}]},
 "bridges": [{"name": "br0", "ports": []}]}
JSON
start_switchd "$NS" "$TMP/s.json" "$TMP/s.sock"
run_ssh()
{
    ip netns exec "$NS" timeout 60 ssh -F /dev/null -o StrictHostKeyChecking=no \
        -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o IdentitiesOnly=yes \
        -o PasswordAuthentication=no -o LogLevel=ERROR -i "$TMP/key" -p 2222 \
        robot@127.0.0.1 "$1" 2>&1
}

for i in 1 2 3 4 5 6; do
    out=$(run_ssh 'show privilege'); rc=$?
    [ "$rc" -eq 0 ] || fail "run $i: ssh exited $rc for a command that worked: $out"
    assert_eq "$out" "Current privilege level is 1" "run $i: the command's output, nothing else"
done
out=$(run_ssh 'show nosuch'); rc=$?
[ "$rc" -eq 1 ] || fail "ssh exited $rc for a command refused (want 1): $out"
assert_match "$out" "Invalid input" "the refused command's message"
log "ok: ssh exits with the command's status"

stop_switchd "$TMP/s.sock"
test_pass
