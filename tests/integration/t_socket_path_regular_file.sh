#!/bin/bash
# `-s PATH` never deletes what is not a socket (docs/security.md section 2).
# switchd took any refused connection for a socket left by a crash and
# unlinked PATH: a regular file there was deleted, so `-s` given the
# startup file (-s and -c swapped) deleted the saved configuration.  Now a
# regular file or a symbolic link at PATH is refused with exit status 1 and
# a message, before any netdev is made, in the foreground and detached
# alike, and left as it was; a socket file nobody listens on is still
# replaced.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw
netns_add "$SW"
TAP=${P}t
cat >"$TMP/startup.json" <<JSON
{"version": 1, "cli": {"telnet": {"listen": ""}}, "bridges": [{"name": "br0", "ports": [
 {"name": "$TAP", "type": "tap"}]}]}
JSON
cp "$TMP/startup.json" "$TMP/saved.json"
echo "notes, not a socket" >"$TMP/notes.txt"
ln -s "$TMP/notes.txt" "$TMP/link.sock"

# refused WHAT PATH [-f]: switchd -c startup.json -s PATH must exit 1 saying
# PATH is not a socket, create no netdev and no PATH.lock, and leave PATH.
refused()
{
    local what=$1 path=$2 fg=${3:-} out=$TMP/$1.out.log rc
    if [ -n "$fg" ]; then
        timeout 10 ip netns exec "$SW" "$SWITCHD" -f -c "$TMP/startup.json" -s "$path" >"$out" 2>&1
    else
        daemon_run "$SW" "$SWITCHD" -c "$TMP/startup.json" -s "$path" --log-file "$TMP/$what.daemon.log" \
            >"$out" 2>&1
    fi
    rc=$?
    log "$what: exit $rc: $(tail -n 1 "$out")"
    [ "$rc" -eq 1 ] || fail "$what: exit $rc, expected 1: $(cat "$out")"
    assert_match "$(cat "$out")" "^switchd: error: $path: exists and is not a socket" "$what: the message"
    link_absent "$SW" "$TAP" || fail "$what: $TAP was created"
    [ ! -e "$path.lock" ] || fail "$what: $path.lock created"
}

refused startup-as-socket "$TMP/startup.json" -f
cmp -s "$TMP/startup.json" "$TMP/saved.json" || fail "the startup file changed"
log "ok: the startup file is intact"

refused notes-detached "$TMP/notes.txt"
assert_eq "$(cat "$TMP/notes.txt")" "notes, not a socket" "notes.txt after a detached start"

refused symlink "$TMP/link.sock" -f
[ -L "$TMP/link.sock" ] || fail "the symbolic link was replaced"
assert_eq "$(cat "$TMP/notes.txt")" "notes, not a socket" "the link's target"

# A socket file left by a crash (bound, then its listener gone) is replaced.
/usr/bin/python3 -c 'import socket, sys; s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' \
    "$TMP/stale.sock"
[ -S "$TMP/stale.sock" ] || fail "no stale socket to test with"
start_switchd "$SW" "$TMP/startup.json" "$TMP/stale.sock"
stop_switchd "$TMP/stale.sock"
[ ! -e "$TMP/stale.sock.lock" ] || fail "stale.sock.lock left after a clean exit"
test_pass
