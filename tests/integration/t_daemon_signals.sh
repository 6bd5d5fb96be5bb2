#!/bin/bash
# Started without -f, switchd obeys SIGHUP, SIGTERM and SIGINT
# (docs/security.md section 2).  It made its signalfd and watched it in
# epoll before daemon() forked: the daemon's signals stayed pending
# (ShdPnd in /proc/PID/status) and only SIGKILL stopped it.  Here `switchd`
# without -f returns 0 once the daemon serves; SIGHUP re-reads the startup
# file (a new port appears, the daemon logs it); SIGTERM, and in a second
# run SIGINT, stop it: it logs the signal and removes its pidfile, control
# socket and the TAPs it made.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw
netns_add "$SW"
TAP=${P}t IN=${P}i NEW=${P}n
write_config()
{
    local extra=${1:-}
    cat >"$TMP/startup.json" <<JSON
{"version": 1, "cli": {"telnet": {"listen": ""}}, "bridges": [{"name": "br0", "ports": [
 {"name": "$TAP", "type": "tap"}, {"name": "$IN", "type": "internal"}$extra]}]}
JSON
}
SOCK=$TMP/sw.sock PIDFILE=$TMP/switchd.pid
LOG=$TMP/varlog/tapswitch/switchd.log      # the daemon's log (start_switchd_daemon)

# run SIGNAL: start the daemon, stop it with SIGNAL, check what it left.
run()
{
    local sig=$1 num=$2 pid
    write_config
    start_switchd_daemon "$SW" "$SOCK" "$PIDFILE" -c "$TMP/startup.json"
    pid=$SWITCHD_PID
    link_exists "$SW" "$TAP" && link_exists "$SW" "$IN" || fail "the ports' netdevs are missing"

    if [ "$sig" = TERM ]; then
        write_config ", {\"name\": \"$NEW\", \"type\": \"internal\"}"
        kill -HUP "$pid"
        wait_for 10 link_exists "$SW" "$NEW" || fail "SIGHUP: $NEW not created within 10 s"
        assert_match "$(swsh "$SOCK" 'show interfaces status')" "^$NEW " "SIGHUP: $NEW in show interfaces status"
        grep -qF "switchd[$pid]: info: SIGHUP: $TMP/startup.json applied: 1 port added" "$LOG" \
            || fail "SIGHUP not logged in $LOG: $(tail -n 5 "$LOG" 2>&1)"
        log "ok: SIGHUP logged"
    fi

    stop_switchd_daemon "$SOCK" "$sig"
    [ ! -e "$PIDFILE" ] || fail "pidfile left after SIG$sig"
    [ ! -e "$SOCK" ] || fail "control socket left after SIG$sig"
    wait_for 5 link_absent "$SW" "$TAP" || fail "$TAP left after SIG$sig"
    link_absent "$SW" "$IN" && link_absent "$SW" "$NEW" || fail "internal netdevs left after SIG$sig"
    log "ok: SIG$sig: pidfile, socket and netdevs removed"
    grep -q "switchd\[$pid\]: info: ready: " "$LOG" || fail "no ready line in $LOG"
    grep -qF "switchd[$pid]: info: signal $num: shutting down" "$LOG" \
        || fail "SIG$sig not logged in $LOG: $(tail -n 5 "$LOG" 2>&1)"
    log "ok: ready and SIG$sig logged"
}

run TERM 15
run INT 2
test_pass
