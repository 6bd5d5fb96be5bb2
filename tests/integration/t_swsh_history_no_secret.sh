#!/bin/bash
# swsh keeps no password in its history (issue 10, docs/security.md
# section 3).  `username x secret PASSWORD` typed in swsh used to be
# written to ~/.swsh_history in clear text.  Now a line that carries a
# password (username/enable with secret or password, abbreviated) is
# neither in readline's history in memory (^P skips it) nor in
# the file, and one left in the file by an older swsh is taken out as
# soon as swsh starts.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw
netns_add "$SW"
cat >"$TMP/switch.json" <<JSON
{"version": 1, "bridges": [{"name": "br0", "ports": [{"name": "${P}a", "type": "tap"}]}]}
JSON
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"

mkdir -p "$TMP/home"
HIST=$TMP/home/.swsh_history
printf '%s\n' 'show version' 'username old secret 0 Old-pw1' 'en sec Old-pw2' >"$HIST"
out=$(HOME=$TMP/home timeout 60 /usr/bin/python3 "$TS_DIR/cli/swsh_history.py" "$SWSH" "$SOCK" "$HIST" \
      'configure terminal' 'hostname hist-sw' 'username ops secret Pl41n-pw' \
      'usern ops2 sec 0 Pl41n-pw2' 'enable secret 0 En-pw4') \
    || fail "driving swsh failed: $out"
log "$(printf '%s\n' "$out" | tr '\n' ' ')"
assert_match "$out" "^at_start=show version$" "the old file's secret lines are gone once swsh starts"
assert_match "$out" "^previous1=hostname hist-sw$" "^P skips the secret lines"
assert_match "$out" "^previous2=configure terminal$" "and goes on to the line before"
assert_match "$out" "^exit=0$" "swsh exits on ^D"
file=$(cat "$HIST")
assert_eq "$(printf '%s\n' "$file" | tr '\n' '|')" "show version|configure terminal|hostname hist-sw|" \
    "the history file"
case $file in *Pl41n*|*En-pw*|*Old-pw*|*secret*) fail "a password is in the history file: $file" ;; esac
# The lines ran all the same.
out=$(swsh "$SOCK" 'show running-config | include username|enable|hostname') || fail "swsh failed"
assert_match "$out" "^hostname hist-sw" "hostname set"
assert_match "$out" "^username ops secret 5 " "user ops set"
assert_match "$out" "^username ops2 secret 5 " "user ops2 set"
assert_match "$out" "^enable secret 5 " "enable secret set"

stop_switchd "$SOCK"
test_pass
