#!/bin/bash
# `write memory` survives SIGKILL at any moment (issue 7; docs/design.md
# section 9.2): on a configuration of some size (about 80 kB of JSON: 300
# named VLANs, 300 static MACs, 100 users), each round renames the switch
# and starts `write memory` (one swsh), SIGKILLs switchd, then restarts it
# from the file.  Rounds take turns, out of every 8:
#   - 5 aimed inside the save: the moment its temp file is seen (or the
#     startup file changes: a save that would write it in place);
#   - 2 spread: a random delay from the command, before, during or after
#     the save;
#   - 1 complete: after the command answered (which times it again for the
#     spread delays); the file must then be the new one.
# After every kill the startup file is byte for byte either the previous
# save or the new one -- never empty, truncated or mixed -- and switchd
# starts from it (it exits on a file it cannot load).  Leftover FILE.tmp.*
# files show kills that landed inside the save, before its rename (they are
# allowed, and removed): a quarter of the aimed rounds at least must be
# such, unless $TMP is a RAM file system (where a save is too fast to hit).
# Both outcomes must have been seen.
#
# Time: at least TS_SIGKILL_ROUNDS rounds (default 16: 10 aimed), whatever
# they take; then more, up to 80 (50 aimed), while the run is under 20 s.
# (It was up to 200 rounds of a 0.9 MB configuration in 30 s, failing below
# 30: with ASan on a loaded machine 6 to 17 fitted.)  A round is one swsh,
# one switchd start and a few file compares; the waits use bash builtins
# rather than a process per poll.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw
netns_add "$SW"
ROUNDS_MIN=${TS_SIGKILL_ROUNDS:-16} ROUNDS_MAX=80 SOFT_S=20

awk -v port="${P}big" 'BEGIN {
    printf "{\"version\": 1, \"cli\": {\"users\": [";
    for (i = 1; i <= 100; i++)
        printf "%s{\"name\": \"user%d\", \"secret\": \"$6$saltsalt$%086d\"}", (i > 1 ? "," : ""), i, i;
    printf "]}, \"bridges\": [{\"name\": \"br0\", \"mac_table_size\": 5100, \"vlans\": [";
    for (i = 2; i <= 301; i++)
        printf "%s{\"id\": %d, \"name\": \"vlan-name-%022d\"}", (i > 2 ? "," : ""), i, i;
    printf "], \"ports\": [{\"name\": \"%s\", \"type\": \"internal\"}], \"static_macs\": [", port;
    for (i = 1; i <= 300; i++)
        printf "%s{\"mac\": \"02:00:00:00:%02x:%02x\", \"vlan\": %d, \"port\": \"%s\"}",
               (i > 1 ? "," : ""), int(i / 256), i % 256, i % 300 + 1, port;
    printf "]}]}\n" }' >"$TMP/startup.json"
STARTUP=$TMP/startup.json SOCK=$TMP/sw.sock

# Waits without a process per poll: nap SECONDS sleeps in `read` on a pipe
# that never has data; the switchd log is read as it grows.
exec {NAP_FD}<> <(:)
nap() { read -r -t "$1" -u "$NAP_FD" _; }
: >"$TMP/switchd.log"
exec {LOG_FD}<"$TMP/switchd.log"
LOG_PART=
# ready_logged: a "ready:" line came since the last call.
ready_logged()
{
    local line
    while IFS= read -r -u "$LOG_FD" line; do
        line=$LOG_PART$line LOG_PART=
        [[ $line != 'switchd: info: ready: '* ]] || return 0
    done
    LOG_PART+=$line         # a line being written
    return 1
}
# alive PID: not exited (a zombie is not alive), from /proc, builtins only.
alive()
{
    local st
    read -r st 2>/dev/null <"/proc/$1/stat" || return 1
    st=${st##*) } st=${st%% *}
    [ "$st" != Z ] && [ "$st" != X ]
}

# start_fast: switchd on $STARTUP; ready at its "ready:" log line, polled
# every 10 ms for up to 60 s.  Registered like start_switchd's.
start_fast()
{
    local pid deadline=$(( ${EPOCHREALTIME/./} + 60000000 ))
    ip netns exec "$SW" "$SWITCHD" -f -c "$STARTUP" -s "$SOCK" >>"$TMP/switchd.log" 2>&1 &
    pid=$!
    TS_LIVE[$pid]=1
    TS_SWITCHD_PIDS+=("$pid")
    TS_SWITCHD_LOG[$pid]=$TMP/switchd.log
    TS_SOCK_PID[$SOCK]=$pid
    SWITCHD_PID=$pid
    until ready_logged; do
        alive "$pid" || { ts_reap "$pid"; fail "switchd exited with code $? during startup"; }
        (( ${EPOCHREALTIME/./} < deadline )) || fail "switchd not ready after 60 s"
        nap 0.01
    done
}

# save_start N: in the background, rename the switch roundN and save
# (timeout 60: the kill ends it sooner).  Sets WRITER.
save_start()
{
    timeout 60 "$SWSH" -s "$SOCK" -c 'configure terminal' -c "hostname round$1" -c 'end' \
        -c 'write memory' >"$TMP/save.out" 2>&1 &
    WRITER=$!
}

# timed_save N: save_start N, to its answer.  Sets SAVE_MS, the time it
# took.  Fails if it failed.
timed_save()
{
    local t0=$(now_ms)
    save_start "$1"
    wait "$WRITER" || fail "hostname and write memory failed: $(cat "$TMP/save.out")"
    SAVE_MS=$(( $(now_ms) - t0 + 1 ))
}

start_fast
# The first save puts the file in export form; each round edits one line.
out=$(swsh_all "$SOCK" 'write memory') || fail "write memory failed: $out"
"$SWITCHD" --check-config "$STARTUP" >/dev/null || fail "the first save does not load"
log "startup file: $(wc -c <"$STARTUP") bytes"
timed_save 0
cp "$STARTUP" "$TMP/prev.json"
log "hostname and write memory take about $SAVE_MS ms"

n=0 n_old=0 n_new=0 n_tmp=0 n_aimed=0 n_aimed_tmp=0
start_s=$SECONDS
while [ "$n" -lt "$ROUNDS_MIN" ] || { [ "$n" -lt "$ROUNDS_MAX" ] && [ $((SECONDS - start_s)) -lt "$SOFT_S" ]; }; do
    n=$((n + 1))
    sed "s/^  \"hostname\": \".*\",\$/  \"hostname\": \"round$n\",/" "$TMP/prev.json" >"$TMP/next.json"
    [ "$n" -gt 1 ] || ! cmp -s "$TMP/prev.json" "$TMP/next.json" \
        || fail "round $n: the expected new file equals the old"

    case $(( n % 8 )) in
    0)  # Complete, and timed again.
        timed_save "$n"
        when="after the command answered ($SAVE_MS ms)"
        ;;
    3|6)  # Spread: a delay from the command, before, during or after the save.
        delay_ms=$(( RANDOM % (SAVE_MS * 13 / 10 + 1) ))
        when="$delay_ms ms after the command"
        printf -v delay '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000))
        save_start "$n"
        nap "$delay"
        ;;
    *)  # Aimed: as soon as the temp file is seen (busy polls on bash
        # builtins: a fork would cost a millisecond) -- or the startup file
        # changes (a save writing it in place), or the writer ended.
        n_aimed=$((n_aimed + 1))
        when="as the save touched a file"
        save_start "$n"
        until compgen -G "$STARTUP.tmp.*" >/dev/null || [ "$STARTUP" -nt "$TMP/prev.json" ] \
              || ! alive "$WRITER"; do :; done
        ;;
    esac
    kill -KILL "$SWITCHD_PID"
    ts_reap "$SWITCHD_PID"
    wait "$WRITER" 2>/dev/null

    [ -s "$STARTUP" ] || fail "round $n (kill $when): the startup file is empty or gone"
    if cmp -s "$STARTUP" "$TMP/prev.json"; then
        (( n % 8 )) || fail "round $n (kill $when): the startup file is the old one"
        n_old=$((n_old + 1))
    elif cmp -s "$STARTUP" "$TMP/next.json"; then
        n_new=$((n_new + 1))
        cp "$STARTUP" "$TMP/prev.json"
    else
        cp "$STARTUP" "$TMP/bad.json"
        fail "round $n (kill $when): the startup file is neither the old nor the new save ($(wc -c <"$STARTUP") bytes; $(cmp "$STARTUP" "$TMP/next.json" 2>&1))"
    fi
    leftovers=("$STARTUP".tmp.*)
    if [ -e "${leftovers[0]}" ]; then
        n_tmp=$((n_tmp + 1))
        case $(( n % 8 )) in 0|3|6) ;; *) n_aimed_tmp=$((n_aimed_tmp + 1)) ;; esac
        rm -f "${leftovers[@]}"
    fi
    start_fast     # the file loads: switchd exits on one it cannot
done
log "$n rounds in $((SECONDS - start_s)) s: file old $n_old, new $n_new; kills inside the save (temp file left) $n_tmp, $n_aimed_tmp of them in the $n_aimed aimed rounds"

[ "$n_old" -gt 0 ] && [ "$n_new" -gt 0 ] \
    || fail "the kills did not straddle the save (old $n_old, new $n_new)"
fs=$(stat -f -c %T "$TMP")
case $fs in
    tmpfs|ramfs) log "note: $TMP is on $fs, where a save is too quick to be hit ($n_tmp hits)" ;;
    *) [ $(( n_aimed_tmp * 4 )) -ge "$n_aimed" ] \
           || fail "only $n_aimed_tmp of $n_aimed aimed kills landed inside the save ($fs)" ;;
esac
"$SWITCHD" --check-config "$STARTUP" >/dev/null || fail "the last startup file does not pass --check-config"

# The switch from the last file is the one the last complete save
# described.  (Saved, not shown: an ASan swsh takes seconds to buffer a
# megabyte of reply lines.)
out=$(swsh_all "$SOCK" "copy running-config json $TMP/running.json") \
    || fail "copy running-config json failed: $out"
cmp -s "$TMP/running.json" "$STARTUP" || fail "the restarted switch does not run its startup file"
stop_switchd "$SOCK"
test_pass
