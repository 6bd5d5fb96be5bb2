#!/bin/bash
# swsh without a terminal, as scripts use it (issue 5, docs/cli.md): -c
# commands in order with output on stdout and errors (the typed line and
# its caret) on stderr; one command per line of a pipe, modes carried from
# line to line; exit status 0, 1 when a command failed, 2 without switchd;
# and the interactive console's history file in $HOME.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw
netns_add "$SW"
cp "$TS_DIR/cli/transcripts/default.json" "$TMP/startup.json"
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/startup.json" "$SOCK"

# -c, in order; output on stdout only.
out=$("$SWSH" -s "$SOCK" -c 'show vlan brief | include users' -c 'show vlan id 20' 2>"$TMP/err"); rc=$?
assert_eq "$rc" 0 "exit status of two good -c commands"
assert_eq "$out" "10   users                            active    vm1, vm2
VLAN Name                             Status    Ports
---- -------------------------------- --------- -------------------------------
20   guests                           active    vm3" "their output, in order"
assert_eq "$(cat "$TMP/err")" "" "nothing on stderr"

# A bad line: the rest still runs, the line and its caret go to stderr.
out=$("$SWSH" -s "$SOCK" -c 'show vlan brieff' -c 'show vlan id 10 | count' 2>"$TMP/err"); rc=$?
assert_eq "$rc" 1 "exit status when a command failed"
assert_eq "$out" "Number of lines which match regexp = 3" "the command after the bad one ran"
assert_eq "$(cat "$TMP/err")" "switch#show vlan brieff
                      ^
% Invalid input detected at '^' marker." "the typed line, the caret under it, the IOS error"

# The same inside `do`: the whole line is echoed, the caret under the
# nested word, and the reply says "did not parse" (9001), not "failed".
out=$("$SWSH" -s "$SOCK" -c 'configure terminal' -c 'do show vlan brieff' 2>"$TMP/err"); rc=$?
assert_eq "$rc" 1 "exit status of a bad line inside do"
assert_eq "$(cat "$TMP/err")" "switch(config)#do show vlan brieff
                                 ^
% Invalid input detected at '^' marker." "the line of a bad do, its caret, the IOS error"
reply=$(printf 'X configure terminal\nX do show vlan brieff\n' | timeout 60 /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f = s.makefile("rw")
f.readline()
for line in sys.stdin:
    f.write(line); f.flush()
    while True:
        r = f.readline()
        if r[4] == " ":
            break
print(r.strip())' "$SOCK")
assert_eq "$reply" "9001 switch(config)#" "the final code of a bad line inside do"

# Output and errors keep their order in one stream.
out=$("$SWSH" -s "$SOCK" -c 'configure terminal' -c 'interface vm9' 2>&1 | cat)
assert_eq "$(printf '%s\n' "$out" | head -n 1)" "Enter configuration commands, one per line.  End with CNTL/Z." \
    "stdout's line comes before the error in a pipe"

# Messages ("% ...") go to stderr, with status 0 when the command worked.
out=$("$SWSH" -s "$SOCK" -c 'configure terminal' -c 'interface vm3' -c 'switchport access vlan 30' \
      2>"$TMP/err"); rc=$?
assert_eq "$rc" 0 "configuration through -c"
assert_eq "$out" "Enter configuration commands, one per line.  End with CNTL/Z." "stdout"
assert_eq "$(cat "$TMP/err")" "% Access VLAN does not exist. Creating vlan 30" "the message on stderr"

# A pipe: one command per line, the mode kept between lines.
out=$(printf 'conf t\ninterface vm1\ndescription from a pipe\nend\nshow interfaces status | include pipe\n' \
      | "$SWSH" -s "$SOCK" 2>&1); rc=$?
assert_eq "$rc" 0 "exit status of a pipe"
assert_eq "$out" "Enter configuration commands, one per line.  End with CNTL/Z.
vm1       from a pipe        connected    10         a-full  a-10G internal" "a pipe's lines run in one session"
out=$(printf 'show version | include Version\nbogus\nshow vlan id 10 | include users\n' \
      | "$SWSH" -s "$SOCK" 2>/dev/null); rc=$?
assert_eq "$rc" 1 "a pipe with a bad line fails"
assert_match "$out" "users" "the lines after the bad one ran"

# exit ends the session: later -c commands do not run.
out=$("$SWSH" -s "$SOCK" -c 'exit' -c 'show version' 2>&1); rc=$?
assert_eq "$rc" 0 "exit status after exit"
assert_eq "$out" "" "nothing runs after exit"

# No switchd: status 2.
"$SWSH" -s "$TMP/nobody.sock" -c 'show version' >/dev/null 2>"$TMP/err"; rc=$?
assert_eq "$rc" 2 "exit status without switchd"
assert_match "$(cat "$TMP/err")" "cannot connect to switchd at $TMP/nobody.sock" "says why"

# The interactive console keeps its history in ~/.swsh_history.
mkdir -p "$TMP/home"
printf 'show vlan brief\nshow interfaces status\nexit\n' >"$TMP/steps"
HOME=$TMP/home timeout 120 /usr/bin/python3 "$TS_DIR/cli/term.py" swsh "$SWSH" "$SOCK" "$TMP/steps" \
    >"$TMP/screen" || fail "interactive swsh: $(cat "$TMP/screen")"
assert_eq "$(cat "$TMP/home/.swsh_history")" "show vlan brief
show interfaces status
exit" "the history file holds the typed lines"

stop_switchd "$SOCK"
test_pass
