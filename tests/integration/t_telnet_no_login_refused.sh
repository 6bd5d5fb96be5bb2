#!/bin/bash
# Telnet with nothing configured to log in with (issue 10, docs/security.md
# section 3).  It used to give any local user privileged EXEC on
# 127.0.0.1 -- root's powers through a root-only daemon.  Now, as on IOS:
# no user configured: "% Password required, but none set", the connection
# closes, nothing runs, a log line says why; with a user but no enable
# secret, `enable` says "% No password set" and the session stays in user
# EXEC; swsh (root only) is the way in and stays privileged.  A telnet
# address other than loopback with no user is refused at load: by
# --check-config, at startup (nothing created), by an import, and by the
# shell when the last user goes.
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
probe() { ip netns exec "$SW" timeout 60 /usr/bin/python3 "$TS_DIR/cli/login_probe.py" 127.0.0.1 2323 "$@"; }

# No user: refused before any prompt.
out=$(probe refused) || fail "probe failed: $out"
assert_match "$out" "^% Password required, but none set" "no login configured: IOS's answer"
assert_match "$out" "closed=1" "the server closed the connection"
case $out in *"switch>"*|*"switch#"*|*Username*) fail "a prompt was offered: $out" ;; esac
wait_for 10 grep -q "telnet: refused a client from 127.0.0.1: no login configured" "$LOG" \
    || fail "no log line for the refused client"
log "ok: the refusal is logged"

# A user and no enable secret: user EXEC only.
out=$(swsh_all "$SOCK" 'configure terminal' 'username ops secret Opr-8tor' 'end') \
    || fail "adding a user failed: $out"
out=$(probe login ops Opr-8tor 'show version | include Version') || fail "probe failed: $out"
assert_match "$out" "login=ok" "the configured user logs in"
assert_match "$out" "tapswitch Software" "and runs a command"
out=$(probe enable ops Opr-8tor guess) || fail "probe failed: $out"
assert_match "$out" "% No password set" "enable with no enable secret: IOS's answer"
assert_match "$out" "prompt=>" "the session stays in user EXEC"
out=$(swsh "$SOCK" 'show running-config | include username') || fail "swsh failed"
assert_match "$out" "^username ops secret 5 [$]6[$]" "swsh stays privileged with no enable secret"

# With an enable secret, enable works.
out=$(swsh_all "$SOCK" 'configure terminal' 'enable secret Ena-b1e' 'end') || fail "$out"
out=$(probe enable ops Opr-8tor Ena-b1e) || fail "probe failed: $out"
assert_match "$out" "prompt=#" "enable with the enable secret"

# Beyond loopback with no user: refused wherever a configuration comes in.
WANT='cli.telnet.listen: telnet on 0.0.0.0:2323, not a loopback address, with no user to log in'
cat >"$TMP/open.json" <<JSON
{"version": 1, "cli": {"telnet": {"listen": "0.0.0.0:2323"}},
 "bridges": [{"name": "br0", "ports": [{"name": "${P}b", "type": "tap"}]}]}
JSON
out=$("$SWITCHD" --check-config "$TMP/open.json" 2>&1); rc=$?
assert_eq "$rc" 2 "--check-config exit status"
assert_match "$out" "open.json:1:45: $WANT" "--check-config names the key"
netns_add "${P}x"
out=$(ip netns exec "${P}x" timeout 20 "$SWITCHD" -f -c "$TMP/open.json" -s "$TMP/x.sock" 2>&1); rc=$?
assert_eq "$rc" 2 "switchd refuses to start"
assert_match "$out" "$WANT" "and says why"
link_absent "${P}x" "${P}b" || fail "the refused startup created the tap ${P}b"
out=$(swsh_all "$SOCK" "copy json $TMP/open.json running-config"); rc=$?
[ "$rc" -ne 0 ] || fail "the import was accepted: $out"
assert_match "$out" "$WANT" "an import is refused"
link_absent "$SW" "${P}b" || fail "the refused import created the tap ${P}b"
# Loopback addresses need no user.
cat >"$TMP/v6.json" <<JSON
{"version": 1, "cli": {"telnet": {"listen": "[::1]:2323"}}, "bridges": []}
JSON
out=$("$SWITCHD" --check-config "$TMP/v6.json" 2>&1) || fail "[::1] without users refused: $out"
# Exposed with a user, the last user cannot go.
out=$(swsh_all "$SOCK" 'configure terminal' 'no username ops' 'end'); rc=$?
[ "$rc" -eq 0 ] || fail "removing the user on loopback failed: $out"
out=$(swsh_all "$SOCK" 'configure terminal' 'username ops secret Opr-8tor' 'end') || fail "$out"
sed 's/"listen": "0.0.0.0:2323"}/"listen": "0.0.0.0:2424"},"users": [{"name": "ops", "secret": "$6$a$ahNrFJXC.ZgRb10ZTsQRd49kJy0HEWrY16RYZ5KenF6NcyvaQR9t6zhUFl25So49FAgl7LNLUTe.29lDamlSD."}]/' \
    "$TMP/open.json" >"$TMP/open-user.json"
"$SWITCHD" --check-config "$TMP/open-user.json" >/dev/null 2>&1 || fail "0.0.0.0 with a user refused"
out=$(swsh_all "$SOCK" "copy json $TMP/open-user.json running-config") \
    || fail "importing 0.0.0.0 with a user failed: $out"
out=$(swsh_all "$SOCK" 'configure terminal' 'no username ops' 'end'); rc=$?
[ "$rc" -ne 0 ] || fail "the last user of an exposed telnet was removed: $out"
assert_match "$out" "% cli.telnet.listen: telnet on 0.0.0.0:2424, not a loopback address, with no user" \
    "the shell refuses to remove the last user"
out=$(swsh "$SOCK" 'show running-config | include username') || fail "swsh failed"
assert_match "$out" "^username ops " "the user is still there"

stop_switchd "$SOCK"
test_pass
