#!/bin/bash
# SSH public-key logins (issue 19): an ed25519 key in a user's "ssh_keys"
# (JSON) logs in with no password, another key is refused (and logged);
# IOS's `ip ssh pubkey-chain` / `username` / `key-string` adds a key
# (pasted as IOS's base64 data over two lines) for a user with no secret,
# which then logs in, shown in running-config as IOS's `key-hash`; `no
# key-string` takes it away again.
. "$(dirname "$0")/lib.sh"
test_init
/usr/bin/python3 -c 'import paramiko' || fail "python3-paramiko is not installed (make deps installs it)"

SW=${P}sw
netns_add "$SW"
client() { ip netns exec "$SW" timeout 120 /usr/bin/python3 "$TS_DIR/cli/ssh_client.py" 127.0.0.1 2222 "$@"; }
client genkey "$TMP/k1" && client genkey "$TMP/k2" || fail "cannot make test keys"
HASH='$6$rounds=5000$pubkeytest$Cab9ZbZD1NyKIxjTyeV1h8yY2tdTLd8u3SIw9RkVVUFYm3jL4lvMe7eslktPsE7Q/NW9N4p50i4IPFNgfsQDX1'
cat >"$TMP/switch.json" <<JSON
{"version": 1,
 "cli": {"users": [{"name": "admin", "secret": "$HASH", "ssh_keys": ["$(cat "$TMP/k1.pub")"]}]},
 "bridges": [{"name": "br0", "ports": []}]}
JSON
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
LOG=${TS_SWITCHD_LOG[$SWITCHD_PID]}

out=$(client keyexec admin "$TMP/k1" 'show version') || fail "client failed: $out"
assert_match "$out" "exit=0" "the key in ssh_keys logs in"
assert_match "$out" "uptime is" "and runs the line"
out=$(client keyexec admin "$TMP/k2" 'show version') || fail "client failed: $out"
assert_match "$out" "login=failed" "another key is refused"
grep -q '%SEC_LOGIN-4-LOGIN_FAILED: Login failed \[user: admin\] \[Source: 127.0.0.1\] \[localport: 2222\]' "$LOG" \
    || fail "the refused key is not logged"
log "ok: the refused key is logged"

# IOS's way: the base64 data alone, over two lines, for a user with no secret.
B64=$(awk '{print $2}' "$TMP/k2.pub")
out=$(swsh_all "$SOCK" 'configure terminal' 'ip ssh pubkey-chain' 'username robot' 'key-string' \
      "${B64:0:40}" "${B64:40}" 'exit' 'exit' 'exit' 'end') || fail "pubkey-chain failed: $out"
out=$(client keyexec robot "$TMP/k2" 'show version') || fail "client failed: $out"
assert_match "$out" "exit=0" "a key added with key-string logs in"
out=$(client exec robot '' 'show version') || fail "client failed: $out"
assert_match "$out" "login=failed" "a user with keys only has no password"
MD5=$(/usr/bin/python3 -c 'import base64,hashlib,sys; print(hashlib.md5(base64.b64decode(sys.argv[1])).hexdigest().upper())' "$B64")
out=$(swsh "$SOCK" 'show running-config')
assert_match "$out" "ip ssh pubkey-chain" "running-config has the pubkey chain"
assert_match "$out" "  username robot" "its user"
assert_match "$out" "   key-hash ssh-ed25519 $MD5" "the key as IOS's key-hash (MD5)"
printf '%s\n' "$out" | grep -q '^username robot' && fail "a user with keys only has a username line"
out=$(swsh_all "$SOCK" 'copy running-config json '"$TMP/run.json") || fail "$out"
grep -q '"ssh_keys"' "$TMP/run.json" || fail "no ssh_keys in the exported JSON"
log "ok: ssh_keys exported"

# A bad key is refused with a reason, and nothing changes.
out=$(swsh_all "$SOCK" 'configure terminal' 'ip ssh pubkey-chain' 'username robot' 'key-string' \
      'AAAAnot-a-key' 'exit' 'end')
assert_match "$out" "% Invalid key: " "a bad key is refused"
# Too long in one line (a 16384-bit RSA key's line is 2.7 KB) says so too:
# a first line past the limit used to be dropped without a word.
out=$(swsh_all "$SOCK" 'configure terminal' 'ip ssh pubkey-chain' 'username robot' 'key-string' \
      "ssh-rsa $(printf 'A%.0s' $(seq 1 2500))" 'exit' 'end'); rc=$?
[ "$rc" -ne 0 ] || fail "a key line too long was taken without an error: $out"
assert_match "$out" "% Invalid key: key too long \(at most 2047 characters\)" "a key line too long"

out=$(swsh_all "$SOCK" 'configure terminal' 'ip ssh pubkey-chain' 'username robot' 'no key-string' 'end') \
    || fail "no key-string failed: $out"
out=$(client keyexec robot "$TMP/k2" 'show version') || fail "client failed: $out"
assert_match "$out" "login=failed" "no key-string takes the key away"
stop_switchd "$SOCK"
test_pass
