#!/bin/bash
# `write memory` survives SIGKILL at any moment (issue 7; docs/design.md
# section 9.2): with a configuration big enough that saving takes
# measurable time (about 0.9 MB of JSON: 4000 named VLANs, 5000 static
# MACs, 100 users), each round renames the switch, starts `write memory`
# and SIGKILLs switchd, then restarts it from the file.  Odd rounds kill
# after a random delay spread over the time the command takes; even rounds
# aim inside the save: 0-3 ms after its temp file appears.  After every kill the startup
# file is byte for byte either the previous save or the new one -- never
# empty, truncated or mixed -- and `switchd --check-config` accepts it.
# Leftover FILE.tmp.* files show kills that landed inside the save (they
# are allowed, and removed); the run must have some of those unless $TMP
# is a RAM file system (where a save is too fast to hit), and must have
# seen both outcomes.  Up to 200 rounds, fewer if 30 s run out (ASan), but
# at least 30 however long they take (a loaded machine).
# run.sh timeout: 600
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw
netns_add "$SW"
ROUNDS=${TS_SIGKILL_ROUNDS:-200}
BUDGET_S=30
MIN_ROUNDS=30

awk -v port="${P}big" 'BEGIN {
    printf "{\"version\": 1, \"cli\": {\"users\": [";
    for (i = 1; i <= 100; i++)
        printf "%s{\"name\": \"user%d\", \"secret\": \"$6$saltsalt$%0100d\"}", (i > 1 ? "," : ""), i, i;
    printf "]}, \"bridges\": [{\"name\": \"br0\", \"mac_table_size\": 5100, \"vlans\": [";
    for (i = 2; i <= 4001; i++)
        printf "%s{\"id\": %d, \"name\": \"vlan-name-%022d\"}", (i > 2 ? "," : ""), i, i;
    printf "], \"ports\": [{\"name\": \"%s\", \"type\": \"internal\"}], \"static_macs\": [", port;
    for (i = 1; i <= 5000; i++)
        printf "%s{\"mac\": \"02:00:00:00:%02x:%02x\", \"vlan\": %d, \"port\": \"%s\"}",
               (i > 1 ? "," : ""), int(i / 256), i % 256, i % 4000 + 1, port;
    printf "]}]}\n" }' >"$TMP/startup.json"
STARTUP=$TMP/startup.json SOCK=$TMP/sw.sock

# start_fast: switchd on $STARTUP, ready when the socket answers (polled
# every 10 ms: there are many restarts; up to TS_READY_TIMEOUT s each).
# Registered like start_switchd's.
start_fast()
{
    local pid deadline=$(( $(now_ms) + ${TS_READY_TIMEOUT:-120} * 1000 ))
    ip netns exec "$SW" "$SWITCHD" -f -c "$STARTUP" -s "$SOCK" >>"$TMP/switchd.log" 2>&1 &
    pid=$!
    TS_LIVE[$pid]=1
    TS_SWITCHD_PIDS+=("$pid")
    TS_SWITCHD_LOG[$pid]=$TMP/switchd.log
    TS_SOCK_PID[$SOCK]=$pid
    SWITCHD_PID=$pid
    until timeout 5 "$SWSH" -s "$SOCK" -c 'show version' >/dev/null 2>&1; do
        proc_running "$pid" || { ts_reap "$pid"; fail "switchd exited with code $? during startup"; }
        [ "$(now_ms)" -lt "$deadline" ] || fail "switchd not ready after ${TS_READY_TIMEOUT:-120} s"
        sleep 0.01
    done
}

start_fast
# The first save puts the file in export form; each round edits one line.
out=$(swsh_all "$SOCK" 'write memory') || fail "write memory failed: $out"
"$SWITCHD" --check-config "$STARTUP" >/dev/null || fail "the first save does not load"
log "startup file: $(wc -c <"$STARTUP") bytes"

# How long a save takes, seen from the client: the kill delays span it.
t0=$(now_ms)
for i in 1 2 3; do swsh "$SOCK" 'write memory' >/dev/null || fail "write memory failed"; done
SAVE_MS=$(( ($(now_ms) - t0) / 3 ))
SPAN_MS=$(( SAVE_MS * 13 / 10 + 1 ))
log "write memory takes about $SAVE_MS ms; kill delays 0-$SPAN_MS ms"

n=0 n_old=0 n_new=0 n_tmp=0 n_aimed_tmp=0
start_s=$SECONDS
cp "$STARTUP" "$TMP/prev.json"
while [ "$n" -lt "$ROUNDS" ] && { [ $((SECONDS - start_s)) -lt "$BUDGET_S" ] || [ "$n" -lt "$MIN_ROUNDS" ]; }; do
    n=$((n + 1))
    swsh "$SOCK" 'configure terminal' "hostname round$n" 'end' >/dev/null \
        || fail "round $n: hostname failed"
    sed "s/^  \"hostname\": \".*\",\$/  \"hostname\": \"round$n\",/" "$TMP/prev.json" >"$TMP/next.json"
    cmp -s "$TMP/prev.json" "$TMP/next.json" && fail "round $n: the expected new file equals the old"

    timeout 60 "$SWSH" -s "$SOCK" -c 'write memory' >/dev/null 2>&1 &
    writer=$!
    if (( n % 2 )); then
        # Odd rounds: a delay from the command, before, during or after the save.
        delay_ms=$(( RANDOM % SPAN_MS ))
        when="$delay_ms ms after the command"
        sleep "$(printf '0.%03d' "$delay_ms")"
    else
        # Even rounds: inside the save -- once its temp file exists, 0-3 ms
        # more (busy waits on bash builtins: a fork would cost a
        # millisecond).
        t_end=$(( ${EPOCHREALTIME/./} + SPAN_MS * 2000 ))
        until compgen -G "$STARTUP.tmp.*" >/dev/null || (( ${EPOCHREALTIME/./} > t_end )); do :; done
        extra_us=$(( RANDOM % 3000 ))
        t_end=$(( ${EPOCHREALTIME/./} + extra_us ))
        while (( ${EPOCHREALTIME/./} < t_end )); do :; done
        when="$extra_us us into the save"
    fi
    kill -KILL "$SWITCHD_PID"
    ts_reap "$SWITCHD_PID"
    wait "$writer" 2>/dev/null

    [ -s "$STARTUP" ] || fail "round $n (kill $when): the startup file is empty or gone"
    if cmp -s "$STARTUP" "$TMP/prev.json"; then
        n_old=$((n_old + 1))
    elif cmp -s "$STARTUP" "$TMP/next.json"; then
        n_new=$((n_new + 1))
        cp "$STARTUP" "$TMP/prev.json"
    else
        cp "$STARTUP" "$TMP/bad.json"
        fail "round $n (kill $when): the startup file is neither the old nor the new save ($(wc -c <"$STARTUP") bytes; $(cmp "$STARTUP" "$TMP/next.json" 2>&1))"
    fi
    err=$("$SWITCHD" --check-config "$STARTUP" 2>&1) \
        || fail "round $n (kill $when): the startup file does not load: $err"
    leftovers=("$STARTUP".tmp.*)
    if [ -e "${leftovers[0]}" ]; then
        n_tmp=$((n_tmp + 1))
        (( n % 2 )) || n_aimed_tmp=$((n_aimed_tmp + 1))
        rm -f "${leftovers[@]}"
    fi
    start_fast
done
log "$n rounds in $((SECONDS - start_s)) s: file old $n_old, new $n_new; kills inside the save (temp file left) $n_tmp, $n_aimed_tmp of them in the $((n / 2)) aimed rounds"

[ "$n_old" -gt 0 ] && [ "$n_new" -gt 0 ] \
    || fail "the kills did not straddle the save (old $n_old, new $n_new): delays are off"
fs=$(stat -f -c %T "$TMP")
case $fs in
    tmpfs|ramfs) log "note: $TMP is on $fs, where a save is too quick to be hit ($n_tmp hits)" ;;
    *) [ "$n_tmp" -gt 0 ] || fail "no kill landed inside the save in $n rounds ($fs)" ;;
esac

# The switch from the last file is the one the last complete save
# described.  (Saved, not shown: an ASan swsh takes seconds to buffer a
# megabyte of reply lines.)
out=$(swsh_all "$SOCK" "copy running-config json $TMP/running.json") \
    || fail "copy running-config json failed: $out"
cmp -s "$TMP/running.json" "$STARTUP" || fail "the restarted switch does not run its startup file"
stop_switchd "$SOCK"
test_pass
