#!/bin/bash
# SSH host keys (issue 19): made at the first start in the state directory
# (--state-dir; files 0600, directory 0700), the same after a restart (the
# client sees the same fingerprints, which `show ip ssh` shows too);
# `crypto key generate rsa modulus 2048` replaces the RSA key at once and
# for good, and leaves the ed25519 one.
. "$(dirname "$0")/lib.sh"
test_init
/usr/bin/python3 -c 'import paramiko' || fail "python3-paramiko is not installed (make deps installs it)"

TS_STATE_DIR=$TMP/state             # this test's own (lib.sh)
SW=${P}sw
netns_add "$SW"
# SSH answers only once there is a user to log in.
cat >"$TMP/switch.json" <<'JSON'
{"version": 1, "cli": {"users": [{"name": "admin",
  "secret": "$6$rounds=5000$pubkeytest$Cab9ZbZD1NyKIxjTyeV1h8yY2tdTLd8u3SIw9RkVVUFYm3jL4lvMe7eslktPsE7Q/NW9N4p50i4IPFNgfsQDX1"}]},
 "bridges": [{"name": "br0", "ports": []}]}
JSON
SOCK=$TMP/sw.sock
client() { ip netns exec "$SW" timeout 60 /usr/bin/python3 "$TS_DIR/cli/ssh_client.py" 127.0.0.1 2222 "$@"; }
# has TEXT FIXED WHAT: fingerprints hold '+' and '/', so no regex.
has() { printf '%s\n' "$1" | grep -qF -- "$2" || fail "$3: no [$2] in [$1]"; log "ok: $3"; }
fp() { printf '%s\n' "$1" | awk -v t="$2" '$1 == t { print $2 }'; }

start_switchd "$SW" "$TMP/switch.json" "$SOCK"
for f in ssh_host_ed25519_key ssh_host_rsa_key; do
    assert_eq "$(stat -c %a "$TMP/state/$f")" 600 "$f mode"
done
assert_eq "$(stat -c %a "$TMP/state")" 700 "state directory mode"
keys1=$(client hostkeys) || fail "client failed: $keys1"
ed1=$(fp "$keys1" ssh-ed25519) rsa1=$(fp "$keys1" ssh-rsa)
[ -n "$ed1" ] && [ -n "$rsa1" ] || fail "no fingerprints: $keys1"
out=$(swsh "$SOCK" 'show ip ssh')
has "$out" "Host key ssh-ed25519 256 bits, fingerprint $ed1" "show ip ssh: the ed25519 key"
has "$out" "Host key ssh-rsa 3072 bits, fingerprint $rsa1" "show ip ssh: the RSA key"
stop_switchd "$SOCK"

start_switchd "$SW" "$TMP/switch.json" "$SOCK"
keys2=$(client hostkeys) || fail "client failed: $keys2"
assert_eq "$keys2" "$keys1" "the host keys after a restart"
out=$(swsh_all "$SOCK" 'configure terminal' 'crypto key generate rsa modulus 2048' 'end') \
    || fail "crypto key generate failed: $out"
assert_match "$out" "% Generating 2048 bit RSA keys" "crypto key generate rsa"
keys3=$(client hostkeys) || fail "client failed: $keys3"
assert_eq "$(fp "$keys3" ssh-ed25519)" "$ed1" "the ed25519 key stays"
rsa3=$(fp "$keys3" ssh-rsa)
[ "$rsa3" != "$rsa1" ] || fail "the RSA key did not change"
log "ok: a new RSA key"
has "$(swsh "$SOCK" 'show ip ssh')" "Host key ssh-rsa 2048 bits, fingerprint $rsa3" \
    "show ip ssh: the new RSA key"
stop_switchd "$SOCK"

start_switchd "$SW" "$TMP/switch.json" "$SOCK"
keys4=$(client hostkeys) || fail "client failed: $keys4"
assert_eq "$keys4" "$keys3" "the new RSA key after a restart"
stop_switchd "$SOCK"
test_pass
