#!/bin/bash
# Where a detached switchd's messages go (docs/security.md section 2).  It
# logged only to syslog, even with no syslog daemon: its lines vanished.
#   1. --log-file FILE: every line is appended to FILE (mode 0640) as
#      "TIME switchd[PID]: LEVEL: text"; SIGHUP reopens it (logrotate moved
#      the old one away).  Every path is given relative here: the daemon
#      works from "/", and still finds them all.
#   2. No --log-file and no syslog daemon (/dev/log is not a socket):
#      /var/log/tapswitch/switchd.log, and the terminal is told so.
#   3. A daemon that fails before it is ready: `switchd` exits with its
#      status, and its error is on the terminal and in the log.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw
netns_add "$SW"
TAP=${P}t
mkdir "$TMP/run"
cat >"$TMP/run/startup.json" <<JSON
{"version": 1, "cli": {"telnet": {"listen": ""}}, "bridges": [{"name": "br0", "ports": [
 {"name": "$TAP", "type": "tap"}]}]}
JSON
LINE_RE='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z switchd\['

# 1. --log-file, relative paths.
cd "$TMP/run" || fail "cd $TMP/run"
umask 022
start_switchd_daemon "$SW" sw.sock switchd.pid -c startup.json --log-file switchd.log
pid=$SWITCHD_PID
[ -f switchd.log ] || fail "no log file $TMP/run/switchd.log"
assert_eq "$(stat -c %a switchd.log)" 640 "log file mode"
assert_match "$(grep ': ready: ' switchd.log)" "${LINE_RE}$pid\\]: info: ready: 1 bridge\\(s\\), 1 port\\(s\\), control socket $TMP/run/sw.sock\$" \
    "the ready line"
assert_eq "$(cat "$DAEMON_OUT")" "" "what the daemon printed on the terminal"
mv switchd.log switchd.log.1
kill -HUP "$pid"
wait_for 10 grep -qF "switchd[$pid]: info: SIGHUP: $TMP/run/startup.json applied: no changes" switchd.log \
    || fail "SIGHUP: not in a reopened switchd.log: $(cat switchd.log 2>&1)"
grep -q SIGHUP switchd.log.1 && fail "SIGHUP logged to the file moved away"
log "ok: SIGHUP reopened the log file and read the startup file by its full path"
stop_switchd_daemon sw.sock TERM
assert_match "$(cat switchd.log)" "${LINE_RE}$pid\\]: info: signal 15: shutting down" "shutdown logged"
[ ! -e switchd.pid ] && [ ! -e sw.sock ] || fail "pidfile or socket left: $(ls)"
log "ok: pidfile and socket removed by their full paths"
cd "$TS_ROOT" || fail "cd $TS_ROOT"

# 2. No --log-file, no syslog daemon.
start_switchd_daemon "$SW" "$TMP/sw2.sock" "$TMP/sw2.pid" -c "$TMP/run/startup.json"
pid=$SWITCHD_PID
assert_eq "$(cat "$DAEMON_OUT")" "switchd: no syslog daemon (/dev/log): logging to /var/log/tapswitch/switchd.log" \
    "the terminal is told where the log goes"
DEFAULT_LOG=$TMP/varlog/tapswitch/switchd.log
assert_match "$(cat "$DEFAULT_LOG" 2>&1)" "${LINE_RE}$pid\\]: info: ready: " "ready line in /var/log/tapswitch/switchd.log"
assert_eq "$(stat -c %a "$TMP/varlog/tapswitch")" 750 "/var/log/tapswitch mode"
stop_switchd_daemon "$TMP/sw2.sock" TERM
assert_match "$(cat "$DEFAULT_LOG")" "${LINE_RE}$pid\\]: info: signal 15: shutting down" "shutdown in the default log"

# 3. A failure before the daemon is ready.
veth_add "$SW" "${P}x" "$SW" "${P}y"
cat >"$TMP/bad.json" <<JSON
{"version": 1, "cli": {"telnet": {"listen": ""}}, "bridges": [{"name": "br0", "ports": [
 {"name": "$TAP", "type": "tap"}, {"name": "${P}x", "type": "tap"}]}]}
JSON
daemon_run "$SW" "$SWITCHD" -c "$TMP/bad.json" -s "$TMP/bad.sock" --log-file "$TMP/bad.daemon.log" \
    >"$TMP/bad.out.log" 2>&1
rc=$?
assert_eq "$rc" 1 "exit status of a daemon that cannot build the switch"
assert_match "$(cat "$TMP/bad.out.log")" "^switchd: error: ${P}x: exists and is not a TAP device\$" \
    "its error on the terminal"
assert_match "$(cat "$TMP/bad.daemon.log")" "${LINE_RE}[0-9]+\\]: error: ${P}x: exists and is not a TAP device\$" \
    "its error in the log"
link_absent "$SW" "$TAP" || fail "$TAP left by the failed start"
[ -z "$(ip netns pids "$SW")" ] || fail "a process is left in $SW: $(ip netns pids "$SW")"
test_pass
