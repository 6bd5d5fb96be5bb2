#!/bin/bash
# run.sh overlap: yes
# IOS's `key-hash TYPE MD5` (docs/cli.md, "SSH"): running-config shows a
# pubkey chain by the keys' MD5, and those lines paste back: onto the same
# switch they change nothing; onto a second switch that never saw the keys
# they let the same clients in (ed25519 and RSA), and no other key; a JSON
# "ssh_keys" entry may be such a line too.  The whole key given later takes
# the hash entry's place; `no key-hash` removes a key either way; a bad hash
# is refused with the reason.
. "$(dirname "$0")/lib.sh"
test_init
/usr/bin/python3 -c 'import paramiko' || fail "python3-paramiko is not installed (make deps installs it)"

S1=${P}s1 S2=${P}s2
netns_add "$S1"; netns_add "$S2"
client() { local ns=$1; shift; ip netns exec "$ns" timeout 120 /usr/bin/python3 "$TS_DIR/cli/ssh_client.py" 127.0.0.1 2222 "$@"; }
client "$S1" genkey "$TMP/ed" && client "$S1" genkey "$TMP/rsa" rsa && client "$S1" genkey "$TMP/other" \
    || fail "cannot make test keys"
md5_of() { /usr/bin/python3 -c 'import base64,hashlib,sys; print(hashlib.md5(base64.b64decode(sys.argv[1].split()[1])).hexdigest().upper())' "$(cat "$1")"; }
ED_MD5=$(md5_of "$TMP/ed.pub") RSA_MD5=$(md5_of "$TMP/rsa.pub")
HASH='$6$rounds=5000$pubkeytest$Cab9ZbZD1NyKIxjTyeV1h8yY2tdTLd8u3SIw9RkVVUFYm3jL4lvMe7eslktPsE7Q/NW9N4p50i4IPFNgfsQDX1'

# Switch 1 knows both keys whole: admin's ed25519 in JSON, robot's RSA by key-string.
cat >"$TMP/s1.json" <<JSON
{"version": 1,
 "cli": {"users": [{"name": "admin", "secret": "$HASH", "ssh_keys": ["$(cat "$TMP/ed.pub")"]}]},
 "bridges": [{"name": "br0", "ports": []}]}
JSON
start_switchd "$S1" "$TMP/s1.json" "$TMP/s1.sock"
out=$(swsh_all "$TMP/s1.sock" 'configure terminal' 'ip ssh pubkey-chain' 'username robot' 'key-string' \
      "$(cat "$TMP/rsa.pub")" 'exit' 'end') || fail "key-string failed: $out"
run=$(swsh "$TMP/s1.sock" 'show running-config')
chain=$(printf '%s\n' "$run" | sed -n '/^ip ssh pubkey-chain$/,/^!$/p')
log "the pubkey chain of switch 1:"$'\n'"$chain"
assert_match "$chain" "   key-hash ssh-ed25519 $ED_MD5 test@tapswitch" "admin's key by its MD5"
assert_match "$chain" "   key-hash ssh-rsa $RSA_MD5 test@tapswitch" "robot's key by its MD5"

# 1. Pasted back onto switch 1: no change at all.
before=$(swsh "$TMP/s1.sock" 'show running-config json')
mapfile -t lines < <(printf 'configure terminal\n%s\nend\n' "$chain" | grep -v '^!$')
out=$(swsh_all "$TMP/s1.sock" "${lines[@]}") || fail "pasting the chain back failed: $out"
assert_eq "$(swsh "$TMP/s1.sock" 'show running-config json')" "$before" \
    "switch 1's configuration after its own pubkey chain is pasted back"
log "ok: the chain pastes back onto its own switch with no change"

# 2. Onto switch 2, which has admin's key only as a key-hash entry in JSON.
cat >"$TMP/s2.json" <<JSON
{"version": 1,
 "cli": {"users": [{"name": "admin", "secret": "$HASH",
                    "ssh_keys": ["key-hash ssh-ed25519 $(printf '%s' "$ED_MD5" | tr 'A-F' 'a-f') from json"]}]},
 "bridges": [{"name": "br0", "ports": []}]}
JSON
start_switchd "$S2" "$TMP/s2.json" "$TMP/s2.sock"
out=$(client "$S2" keyexec admin "$TMP/ed" 'show version') || fail "client failed: $out"
assert_match "$out" "exit=0" "a key-hash entry from JSON lets the key in"
out=$(client "$S2" keyexec admin "$TMP/other" 'show version') || fail "client failed: $out"
assert_match "$out" "login=failed" "another key of the same type is refused"
out=$(client "$S2" keyexec robot "$TMP/rsa" 'show version') || fail "client failed: $out"
assert_match "$out" "login=failed" "robot has no key on switch 2 yet"
out=$(swsh_all "$TMP/s2.sock" "${lines[@]}") || fail "pushing the chain failed: $out"
out=$(client "$S2" keyexec robot "$TMP/rsa" 'show version') || fail "client failed: $out"
assert_match "$out" "exit=0" "robot's RSA key, known by its hash, logs in on switch 2"
out=$(client "$S2" keyexec robot "$TMP/ed" 'show version') || fail "client failed: $out"
assert_match "$out" "login=failed" "admin's key is not robot's"
chain2=$(swsh "$TMP/s2.sock" 'show running-config' | sed -n '/^ip ssh pubkey-chain$/,/^!$/p')
assert_match "$chain2" "   key-hash ssh-rsa $RSA_MD5 test@tapswitch" "switch 2 shows robot's key as switch 1 does"
assert_match "$chain2" "   key-hash ssh-ed25519 $ED_MD5 from json" "admin's JSON entry, its comment kept (no second entry)"
[ "$(printf '%s\n' "$chain2" | grep -c 'key-hash ssh-ed25519')" = 1 ] \
    || fail "admin's key twice on switch 2: $chain2"
log "ok: the chain lets the same keys in on a switch that never saw them"

# 3. The whole key takes the hash entry's place; `no key-hash` removes it.
out=$(swsh_all "$TMP/s2.sock" 'configure terminal' 'ip ssh pubkey-chain' 'username robot' 'key-string' \
      "$(cat "$TMP/rsa.pub")" 'exit' 'end') || fail "key-string failed: $out"
json=$(swsh "$TMP/s2.sock" 'show running-config json')
printf '%s\n' "$json" | grep -qF "$(awk '{print $2}' "$TMP/rsa.pub")" \
    || fail "robot's whole key is not in the configuration: $json"
printf '%s\n' "$json" | grep -q "key-hash ssh-rsa" && fail "robot's hash entry kept beside the whole key"
out=$(swsh_all "$TMP/s2.sock" 'configure terminal' 'ip ssh pubkey-chain' 'username robot' \
      "no key-hash ssh-rsa $(printf '%s' "$RSA_MD5" | tr 'A-F' 'a-f') test@tapswitch" 'end') \
    || fail "no key-hash (with the comment, as running-config shows it) failed: $out"
out=$(client "$S2" keyexec robot "$TMP/rsa" 'show version') || fail "client failed: $out"
assert_match "$out" "login=failed" "no key-hash takes the key away"
swsh "$TMP/s2.sock" 'show running-config' | grep -q '  username robot' \
    && fail "robot (no secret, no keys) is still in running-config"
log "ok: key-string replaces the hash entry, no key-hash removes the key"

# 4. Bad lines: a clear reason, nothing changed.
before=$(swsh "$TMP/s2.sock" 'show running-config json')
out=$(swsh_all "$TMP/s2.sock" 'configure terminal' 'ip ssh pubkey-chain' 'username robot' \
      'key-hash ssh-rsa 0123456789ABCDEF' 'key-hash ssh-dss 0123456789ABCDEF0123456789ABCDEF' \
      "no key-hash ssh-rsa $RSA_MD5" 'end')
assert_match "$out" "% Invalid key: key-hash ssh-rsa: the hash must be 32 hexadecimal digits" "a short hash"
assert_match "$out" '% Invalid key: unknown key type "ssh-dss"' "an unknown type"
assert_match "$out" "% User robot has no ssh-rsa key with hash $RSA_MD5" "removing a key that is not there"
assert_eq "$(swsh "$TMP/s2.sock" 'show running-config json')" "$before" "the configuration after bad lines"
log "ok: bad key-hash lines refused"

stop_switchd "$TMP/s2.sock"
stop_switchd "$TMP/s1.sock"
test_pass
