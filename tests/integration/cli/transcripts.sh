# tests/integration/cli/transcripts.sh: golden transcripts of the shell,
# driven like a user (sourced by the t_cli_transcripts*.sh tests, after
# lib.sh and test_init).
#
# transcripts_run NAME...: for each NAME, from tests/integration/cli/transcripts/:
#   NAME.script           the steps, in term.py's syntax (typed lines, ?, TAB, ^Z ...)
#   NAME.json             switchd's startup configuration (default: default.json);
#                         a copy in $TMP is what `switchd -c` loads and
#                         `write memory` writes
#   NAME.before           optional: bash sourced before switchd starts, with $NS
#                         (its namespace) set -- the veth of a system port, say
#   NAME.setup            optional: bash sourced once switchd runs, with $NS and
#                         $SOCK (its control socket) set -- frames to learn
#                         MACs from, say
#   NAME.telnet.expected  the screen of a telnet session (term.py telnet)
#   NAME.swsh.expected    the screen of an interactive swsh (term.py swsh, in a pty)
# Both front ends run, unless the script has a line "# fronts: telnet" (say).
# Telnet asks for a login and for the enable secret (swsh, root-local, asks
# for neither): the JSON files configure user admin (Secr3t) and the enable
# secret En4ble, and the scripts type them in "@telnet" steps.
# Each front end gets its own switchd in its own namespace (so port names
# need no $P prefix: every TAP and veth is inside a namespace of this
# test), and both run at once.
# The screen must equal the expected file, byte for byte; the diff is
# printed when it does not.  term.py masks the uptime and crypt hashes;
# counters are deterministic (IPv6 is off in the namespaces, frames come
# from the setup only).
#
# TS_UPDATE=1 writes the screens into the expected files instead, for a new
# or changed transcript: review every line (docs/cli.md says against what)
# before committing them.

TS_TRANSCRIPTS=$TS_DIR/cli/transcripts
TS_TERM=$TS_DIR/cli/term.py
ts_transcript_n=0

# transcript_start NAME FRONT: a namespace and a switchd for one front end;
# sets NS and SOCK.
transcript_start()
{
    local name=$1 front=$2 cfg=$TS_TRANSCRIPTS/$1.json dir
    ts_transcript_n=$((ts_transcript_n + 1))
    NS=${P}t$ts_transcript_n
    dir=$TMP/$name.$front
    mkdir -p "$dir/home"
    [ -f "$cfg" ] || cfg=$TS_TRANSCRIPTS/default.json
    cp "$cfg" "$dir/startup.json"
    SOCK=$dir/switchd.sock
    netns_add "$NS"
    if [ -f "$TS_TRANSCRIPTS/$name.before" ]; then
        # shellcheck disable=SC1090
        . "$TS_TRANSCRIPTS/$name.before" || fail "$name.before failed"
    fi
    start_switchd "$NS" "$dir/startup.json" "$SOCK"
    if [ -f "$TS_TRANSCRIPTS/$name.setup" ]; then
        # shellcheck disable=SC1090
        . "$TS_TRANSCRIPTS/$name.setup" || fail "$name.setup failed"
    fi
}

# transcript_screen NAME FRONT: runs term.py in the background; its screen
# goes to $TMP/NAME.FRONT/screen.  Sets TERM_PID.
transcript_screen()
{
    local name=$1 front=$2 dir=$TMP/$1.$2
    if [ "$front" = telnet ]; then
        ip netns exec "$NS" timeout 120 /usr/bin/python3 "$TS_TERM" telnet 127.0.0.1 2323 \
            "$TS_TRANSCRIPTS/$name.script" >"$dir/screen" 2>"$dir/term.err" &
    else
        # swsh keeps its history in $HOME: the test's own directory.
        HOME=$dir/home timeout 120 /usr/bin/python3 "$TS_TERM" swsh "$SWSH" "$SOCK" \
            "$TS_TRANSCRIPTS/$name.script" >"$dir/screen" 2>"$dir/term.err" &
    fi
    TERM_PID=$!
    TS_LIVE[$TERM_PID]=1
    TS_BG_PIDS+=("$TERM_PID")
}

# transcript_fronts NAME: the front ends of a transcript: "telnet swsh", or
# what a "# fronts: ..." line of its script says.
transcript_fronts()
{
    local line
    line=$(grep -m1 '^# fronts:' "$TS_TRANSCRIPTS/$1.script")
    if [ -n "$line" ]; then echo "${line#\# fronts:}"; else echo telnet swsh; fi
}

transcripts_run()
{
    local name front failed=0 expected
    local fronts=()
    local -A socks=() nss=() pids=()
    for name in "$@"; do
        [ -f "$TS_TRANSCRIPTS/$name.script" ] || fail "no transcript $name.script"
        socks=() nss=() pids=() fronts=()
        for front in $(transcript_fronts "$name"); do
            expected=$TS_TRANSCRIPTS/$name.$front.expected
            [ -f "$expected" ] || [ -n "${TS_UPDATE:-}" ] || fail "missing $name.$front.expected"
            transcript_start "$name" "$front"
            socks[$front]=$SOCK nss[$front]=$NS
            fronts+=("$front")
        done
        [ ${#fronts[@]} -gt 0 ] || fail "transcript $name has no expected screen"
        for front in "${fronts[@]}"; do
            SOCK=${socks[$front]} NS=${nss[$front]}
            transcript_screen "$name" "$front"
            pids[$front]=$TERM_PID
        done
        for front in "${fronts[@]}"; do
            ts_reap "${pids[$front]}" || log "$name over $front: term.py exited with $? ($(cat "$TMP/$name.$front/term.err"))"
        done
        for front in "${fronts[@]}"; do
            stop_switchd "${socks[$front]}"
            expected=$TS_TRANSCRIPTS/$name.$front.expected
            if [ -n "${TS_UPDATE:-}" ]; then
                cp "$TMP/$name.$front/screen" "$expected"
                log "updated $name.$front.expected"
            elif diff -u "$expected" "$TMP/$name.$front/screen" >"$TMP/$name.$front/diff"; then
                log "ok: $name over $front"
            else
                log "FAIL: $name over $front differs from $name.$front.expected:"
                cat "$TMP/$name.$front/diff"
                failed=1
            fi
        done
    done
    [ "$failed" -eq 0 ] || fail "transcripts differ (TS_UPDATE=1 rewrites them; review before committing)"
}
