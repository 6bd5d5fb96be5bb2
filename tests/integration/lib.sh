# tests/integration/lib.sh: helpers for the switchd integration tests.
#
# A test file sources this file, calls test_init, builds its own network
# namespaces and switchd processes through the helpers below, asserts, and
# ends with test_pass.  Everything a test creates carries the prefix $P
# ("t" + the test shell's PID in hex, at most 7 characters, so netdev names
# "$P" + up to 8 characters fit IFNAMSIZ) and is removed by the EXIT trap,
# on failure and timeout too:
#   - switchd processes it started: SIGTERM, then SIGKILL after 5 s;
#   - other background processes it started (tcpdump): SIGTERM, then SIGKILL;
#   - its network namespaces: remaining processes inside are killed, then the
#     namespace is deleted (which deletes the veths and TAPs in it);
#   - its temporary directory $TMP.
# A test never touches the host's own interfaces: every address lives in a
# namespace the test created, and only 10.x / TEST-NET addresses are used.
#
# Time: tests poll for a condition up to a deadline (wait_for); they never
# sleep a fixed time and hope.  Deadlines are for things that will happen
# and only bound a hang, so they are generous: make check runs on loaded
# 2-core machines and with sanitizers, where everything takes several
# times longer.  What a test measures (a stall, a cost) it compares with a
# bound far from both the fixed and the broken figure, or measures in CPU
# time (switchd_cpu_ms), which load does not inflate.
#
# Environment: SWITCHD, SWSH (binaries; defaults under build/ of the tree);
# TS_SWSH_TIMEOUT (seconds for one swsh call, default 60).  switchd's start
# and stop take as long as they take while switchd works (its CPU time
# grows): they fail after TS_STALL_TIMEOUT s without a CPU tick (default
# 30: a hang), or TS_READY_TIMEOUT / TS_STOP_TIMEOUT s in all (default 600
# and 300: a spin).

set -u

TS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TS_ROOT=$(cd "$TS_DIR/../.." && pwd)
SWITCHD=${SWITCHD:-$TS_ROOT/build/switchd/switchd}
SWSH=${SWSH:-$TS_ROOT/build/shell/swsh}
case $SWITCHD in /*) ;; *) SWITCHD=$PWD/$SWITCHD ;; esac
case $SWSH in /*) ;; *) SWSH=$PWD/$SWSH ;; esac
TS_NAME=$(basename "$0" .sh)

# Text that means a sanitizer found a bug; any of it in a log fails the test.
TS_SANITIZER_RE='ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:'

P=""                        # name prefix of everything this test creates
TMP=""                      # this test's temporary directory
TS_NETNS=()                 # namespaces created, in order
TS_BG_PIDS=()               # background helpers started (tcpdump)
TS_SWITCHD_PIDS=()          # switchd processes started
declare -A TS_SWITCHD_LOG=()    # pid -> stderr/stdout log of that switchd
declare -A TS_SOCK_PID=()       # control socket -> pid of its switchd
declare -A TS_CAP_PID=()        # capture name -> tcpdump pid
declare -A TS_LIVE=()           # pids started and not yet reaped (only these are ever signalled)
SWITCHD_PID=""              # pid of the last switchd started
# More options for the switchd start_switchd starts: a test's own, or
# $TS_SWITCHD_EXTRA_ARGS to run tests against another datapath setup
# (e.g. TS_SWITCHD_EXTRA_ARGS=--rx-ring).
read -ra TS_SWITCHD_ARGS <<<"${TS_SWITCHD_EXTRA_ARGS:-}"
# Where switchd keeps its SSH host keys (--state-dir): one directory for
# every test of a run unless a test sets its own (t_ssh_hostkey_persist), so
# the RSA key is made once and nothing lands in /var/lib/tapswitch.
TS_STATE_DIR=${TS_STATE_DIR:-/tmp/tapswitch-test-state}
# Also for the switchd a test starts by hand: no test writes host keys
# into the machine's /var/lib/tapswitch.
export TAPSWITCH_STATE_DIR=$TS_STATE_DIR

# ---------------------------------------------------------------- basics

log() { printf '[%s] %s\n' "$(date +%T.%3N)" "$*"; }

# fail MESSAGE: report, show the daemon logs, exit 1 (the trap cleans up).
fail()
{
    printf '[%s] FAIL: %s\n' "$(date +%T.%3N)" "$*"
    local pid
    for pid in "${TS_SWITCHD_PIDS[@]}"; do
        echo "---- switchd $pid log (last 20 lines): ${TS_SWITCHD_LOG[$pid]}"
        tail -n 20 "${TS_SWITCHD_LOG[$pid]}" 2>/dev/null
    done
    exit 1
}

# must CMD...: run a setup command; fail the test if it fails.
must()
{
    local out rc
    out=$("$@" 2>&1); rc=$?
    [ "$rc" -eq 0 ] || fail "command failed (exit $rc): $* -- $out"
    [ -z "$out" ] || printf '%s\n' "$out"
}

now_ms() { local t; t=$(date +%s%N); echo $((t / 1000000)); }

# wait_for SECONDS CMD...: poll CMD every 0.1 s until it succeeds; returns 1
# if it never did before the deadline (CMD runs at least once).
wait_for()
{
    local secs=$1; shift
    local deadline=$(( $(now_ms) + secs * 1000 ))
    while :; do
        "$@" >/dev/null 2>&1 && return 0
        [ "$(now_ms)" -lt "$deadline" ] || return 1
        sleep 0.1
    done
}

# wait_progress PID MAX_S WHAT CMD...: poll CMD (its output is not hidden)
# every 0.1 s until it succeeds, for as long as PID uses CPU time: fails
# the test (saying WHAT)
# once PID has used none for TS_STALL_TIMEOUT s, or after MAX_S s in all.
# For work whose length depends on the machine's load (building thousands
# of bridges, freeing them), which no fixed deadline fits.
wait_progress()
{
    local pid=$1 max=$2 what=$3 t0 cpu last_cpu last_ms now
    shift 3
    t0=$(now_ms); last_ms=$t0; last_cpu=$(switchd_cpu_ms "$pid" 2>/dev/null)
    until "$@"; do
        now=$(now_ms)
        cpu=$(switchd_cpu_ms "$pid" 2>/dev/null)
        if [ "$cpu" != "$last_cpu" ]; then
            last_cpu=$cpu last_ms=$now
        elif [ $(( now - last_ms )) -ge $(( ${TS_STALL_TIMEOUT:-30} * 1000 )) ]; then
            fail "$what: switchd $pid used no CPU for ${TS_STALL_TIMEOUT:-30} s (after $(( (now - t0) / 1000 )) s)"
        fi
        [ $(( now - t0 )) -lt $(( max * 1000 )) ] || fail "$what: not done after $max s"
        sleep 0.1
    done
}

# cpu_slowdown [AT_LEAST]: how many times its CPU time a CPU-bound task
# takes on this machine now (1.00 when idle, about 1.5 with two busy loops
# on two cores, more under more load), or AT_LEAST if that is more (to
# keep the larger of a figure taken before and one after a measurement).
# Latency bounds are multiplied by it: a frame forwarded by a thread that
# gets a third of a core waits three times as long, while the stall a test
# catches is many times the bound.
cpu_slowdown()
{
    /usr/bin/python3 -c '
import sys, time
w0, c0 = time.monotonic(), time.process_time()
while time.process_time() - c0 < 0.3:
    pass
print("%.2f" % max(1.0, float(sys.argv[1]), (time.monotonic() - w0) / (time.process_time() - c0)))' \
        "${1:-1}"
}

# assert_eq ACTUAL EXPECTED WHAT
assert_eq()
{
    [ "$1" == "$2" ] || fail "$3: expected [$2], got [$1]"
    log "ok: $3 = [$1]"
}

# assert_match TEXT ERE WHAT
assert_match()
{
    printf '%s\n' "$1" | grep -Eq -- "$2" || fail "$3: [$1] does not match /$2/"
    log "ok: $3"
}

# ------------------------------------------------------- init and cleanup

test_init()
{
    [ "$(id -u)" -eq 0 ] || { echo "$TS_NAME: must run as root" >&2; exit 1; }
    local tool
    for tool in ip tcpdump ping timeout; do
        command -v "$tool" >/dev/null || { echo "$TS_NAME: $tool not found" >&2; exit 1; }
    done
    [ -x "$SWITCHD" ] || { echo "$TS_NAME: switchd not found: $SWITCHD" >&2; exit 1; }
    [ -x "$SWSH" ] || { echo "$TS_NAME: swsh not found: $SWSH" >&2; exit 1; }
    P=$(printf 't%x' $$)
    TMP=$(mktemp -d "/tmp/tapswitch-$TS_NAME.XXXXXX") || exit 1
    trap ts_cleanup EXIT
    trap 'log "interrupted (SIGINT)"; exit 130' INT
    trap 'log "timed out or terminated (SIGTERM)"; exit 143' TERM
    log "$TS_NAME: prefix $P, tmp $TMP, switchd $SWITCHD"
}

test_pass()
{
    local pid
    for pid in "${TS_SWITCHD_PIDS[@]}"; do
        [ -z "${TS_LIVE[$pid]:-}" ] || fail "switchd $pid still running at the end (the test must stop it)"
    done
    ts_check_sanitizers || fail "sanitizer report in a log"
    log "$TS_NAME: passed"
    exit 0
}

# proc_running PID: true while PID exists and has not exited (a zombie, an
# exited child not yet reaped, counts as not running).
proc_running()
{
    local st
    [ -r "/proc/$1/stat" ] || return 1
    st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
    [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

# ts_reap PID: wait for a child this test started; returns its exit code.
ts_reap()
{
    local rc
    wait "$1" 2>/dev/null; rc=$?
    unset "TS_LIVE[$1]"
    return $rc
}

# ts_tcp_sha256 SERVER_NS SERVER_IP CLIENT_NS FILE: sends FILE over TCP (port
# 5201) from CLIENT_NS to a server in SERVER_NS and prints the sha256 of what the
# server received (a test compares it with FILE's).
ts_tcp_sha256()
{
    local sns=$1 sip=$2 cns=$3 file=$4
    ip netns exec "$sns" timeout 120 python3 -c '
import hashlib, socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], 5201)); s.listen(1)
print("listening", flush=True)
c, _ = s.accept(); h = hashlib.sha256()
while True:
    b = c.recv(1 << 20)
    if not b: break
    h.update(b)
print(h.hexdigest(), flush=True)' "$sip" >"$TMP/tcp.out" 2>&1 &
    local spid=$!
    TS_LIVE[$spid]=1; TS_BG_PIDS+=("$spid")
    wait_for 30 grep -q listening "$TMP/tcp.out" || fail "TCP server did not start: $(cat "$TMP/tcp.out")"
    ip netns exec "$cns" timeout 120 python3 -c '
import socket, sys
c = socket.create_connection((sys.argv[1], 5201))
with open(sys.argv[2], "rb") as f:
    c.sendfile(f)
c.close()' "$sip" "$file" || fail "TCP client $cns -> $sip failed"
    ts_reap "$spid" || fail "TCP server $sns failed: $(cat "$TMP/tcp.out")"
    tail -n 1 "$TMP/tcp.out"
}

# ts_kill_pid PID [GRACE_S]: SIGTERM, wait up to GRACE_S (default 5), SIGKILL,
# reap.  Only PIDs this test started and has not reaped yet are signalled.
ts_kill_pid()
{
    local pid=$1 grace=${2:-5}
    [ -n "${TS_LIVE[$pid]:-}" ] || return 0
    if proc_running "$pid"; then
        kill -TERM "$pid" 2>/dev/null
        wait_for "$grace" ts_not_running "$pid" || { log "pid $pid ignored SIGTERM; SIGKILL"; kill -KILL "$pid" 2>/dev/null; }
    fi
    ts_reap "$pid"
    return 0
}
ts_not_running() { ! proc_running "$1"; }

ts_check_sanitizers()
{
    local f bad=0
    [ -n "$TMP" ] && [ -d "$TMP" ] || return 0
    for f in "$TMP"/*.log; do
        [ -e "$f" ] || continue
        if grep -Eq "$TS_SANITIZER_RE" "$f"; then
            echo "---- sanitizer report in $f:"
            grep -E -A 30 "$TS_SANITIZER_RE" "$f" | head -n 60
            bad=1
        fi
    done
    return $bad
}

ts_cleanup()
{
    local rc=$? pid ns i pids
    trap - EXIT INT TERM
    for pid in "${TS_SWITCHD_PIDS[@]}"; do ts_kill_pid "$pid" 5; done
    for pid in "${TS_BG_PIDS[@]}"; do ts_kill_pid "$pid" 2; done
    # A sanitizer report (e.g. a leak report written on SIGTERM here) fails
    # the test, even one that passed its assertions.
    if ! ts_check_sanitizers; then
        echo "FAIL: sanitizer report found during cleanup"
        rc=1
    fi
    for (( i = ${#TS_NETNS[@]} - 1; i >= 0; i-- )); do
        ns=${TS_NETNS[$i]}
        pids=$(ip netns pids "$ns" 2>/dev/null)
        [ -z "$pids" ] || kill -KILL $pids 2>/dev/null
        ip netns del "$ns" 2>/dev/null
    done
    [ -n "$TMP" ] && rm -rf "$TMP"
    exit "$rc"
}

# -------------------------------------------------------------- namespaces

# netns_add NAME: create a namespace (NAME should start with $P), IPv6 off,
# loopback up.  Deleted by the cleanup trap.
netns_add()
{
    local ns=$1
    ip netns add "$ns" || fail "cannot create netns $ns"
    TS_NETNS+=("$ns")
    must ip netns exec "$ns" sh -c '[ ! -d /proc/sys/net/ipv6 ] || {
        echo 1 >/proc/sys/net/ipv6/conf/all/disable_ipv6 &&
        echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6; }'
    must ip -n "$ns" link set lo up
}

# veth_add NS1 IF1 NS2 IF2: a veth "wire" with one end in each namespace.
veth_add()
{
    must ip link add "$2" netns "$1" type veth peer name "$4" netns "$3"
}

# host_attach SW_NS PORT HOST_NS CIDR: move an internal port's netdev from
# switchd's namespace into the host namespace, bring it up, address it.
host_attach()
{
    local sw=$1 port=$2 host=$3 cidr=$4
    must ip -n "$sw" link set "$port" netns "$host"
    must ip -n "$host" link set "$port" up
    must ip -n "$host" addr add "$cidr" dev "$port"
}

link_exists() { ip -n "$1" link show dev "$2" >/dev/null 2>&1; }
link_absent() { ! link_exists "$1" "$2"; }

# ----------------------------------------------------------------- switchd

# swsh SOCK CMD...: run each CMD through the control socket (stdout only;
# stderr goes to $TMP/swsh.log).  A daemon that does not answer within
# TS_SWSH_TIMEOUT s makes it fail (exit 124).
swsh()
{
    local sock=$1; shift
    local args=() c
    for c in "$@"; do args+=(-c "$c"); done
    timeout "${TS_SWSH_TIMEOUT:-60}" "$SWSH" -s "$sock" "${args[@]}" 2>>"$TMP/swsh.log"
}

# swsh_all SOCK CMD...: like swsh, with messages and errors (stderr) in the
# output too; exits with swsh's status.
swsh_all()
{
    local sock=$1; shift
    local args=() c
    for c in "$@"; do args+=(-c "$c"); done
    timeout "${TS_SWSH_TIMEOUT:-60}" "$SWSH" -s "$sock" "${args[@]}" 2>&1
}

# start_switchd NETNS CONFIG_FILE SOCKET: run switchd in the foreground (in the
# background of this shell) inside NETNS; wait until it logs "ready" (it has
# built every port and listens) for as long as building takes (see
# wait_progress: thousands of bridges take a minute on a loaded machine),
# failing at once if it exits; then it must answer on SOCKET.  Sets
# SWITCHD_PID.
start_switchd()
{
    local ns=$1 cfg=$2 sock=$3 log pid
    log="$TMP/switchd.${#TS_SWITCHD_PIDS[@]}.log"
    log "start switchd in $ns: -f -c $cfg -s $sock --state-dir $TS_STATE_DIR ${TS_SWITCHD_ARGS[*]}"
    ip netns exec "$ns" "$SWITCHD" -f -c "$cfg" -s "$sock" --state-dir "$TS_STATE_DIR" \
        "${TS_SWITCHD_ARGS[@]}" >"$log" 2>&1 &
    pid=$!
    TS_LIVE[$pid]=1
    TS_SWITCHD_PIDS+=("$pid")
    TS_SWITCHD_LOG[$pid]=$log
    TS_SOCK_PID[$sock]=$pid
    SWITCHD_PID=$pid
    local t0
    t0=$(now_ms)
    TS_READY_POLLS=0
    wait_progress "$pid" "${TS_READY_TIMEOUT:-600}" "switchd not ready on $sock" \
        ts_switchd_ready "$pid" "$log" "$sock"
    swsh "$sock" 'show version' >/dev/null || fail "switchd logged ready but $sock does not answer"
    log "switchd $pid ready after $(( $(now_ms) - t0 )) ms, $(switchd_cpu_ms "$pid") ms of CPU"
}
# The log line, or (every second, should the log level hide it) an answer;
# a switchd that exited fails the test at once.
ts_switchd_ready()
{
    grep -Eq 'ready: [0-9]+ bridge' "$2" && return 0
    proc_running "$1" || { ts_reap "$1"; fail "switchd exited with code $? during startup"; }
    [ $(( ++TS_READY_POLLS % 10 )) -eq 0 ] \
        && timeout 5 "$SWSH" -s "$3" -c 'show version' >/dev/null 2>>"$TMP/swsh.log"
}

# switchd_cpu_ms [PID]: the CPU time (user + system, all threads) switchd
# PID (default: the last one started) has used so far, in milliseconds.
# Costs measured this way do not grow when other processes load the CPU.
switchd_cpu_ms()
{
    local pid=${1:-$SWITCHD_PID}
    awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); print int(($12 + $13) * 1000 / hz) }' \
        "/proc/$pid/stat"
}

# stop_switchd [SOCKET]: SIGTERM the switchd of SOCKET (default: the last one
# started); it must exit with code 0 (freeing what it built takes as long as
# it takes: see wait_progress) and its log must hold no sanitizer report.
stop_switchd()
{
    local pid rc
    if [ $# -gt 0 ]; then pid=${TS_SOCK_PID[$1]}; else pid=$SWITCHD_PID; fi
    [ -n "${TS_LIVE[$pid]:-}" ] || fail "switchd $pid was already stopped"
    proc_running "$pid" || { ts_reap "$pid"; fail "switchd $pid died before SIGTERM (exit $?)"; }
    kill -TERM "$pid"
    wait_progress "$pid" "${TS_STOP_TIMEOUT:-300}" "switchd $pid did not exit after SIGTERM" \
        ts_not_running "$pid"
    ts_reap "$pid"; rc=$?
    log "switchd $pid exited with code $rc"
    if grep -Eq "$TS_SANITIZER_RE" "${TS_SWITCHD_LOG[$pid]}"; then
        grep -E -A 30 "$TS_SANITIZER_RE" "${TS_SWITCHD_LOG[$pid]}" | head -n 60
        fail "sanitizer report in the switchd $pid log"
    fi
    [ "$rc" -eq 0 ] || fail "switchd $pid exited with code $rc after SIGTERM (expected 0)"
}

# port_stat SOCK PORT COLUMN: one column (header name from `show ports`, e.g.
# RX_FRAMES) of PORT's line; prints nothing if the port or column is missing.
port_stat()
{
    swsh "$1" 'show ports' | awk -v port="$2" -v col="$3" '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
        c && $2 == port { print $c; exit }'
}

# ------------------------------------------------------------------ ping

# ping_ok NS IP: IP answers from NS.  Allows up to 30 s for ARP and MAC
# learning (first reply), then 3 pings must all be answered, within 20 s: -w, since
# iputils ping gives up on a late reply two round trips after the last request
# once any reply came (its -W counts only while none has).
ping_ok()
{
    local ns=$1 ip=$2 out
    wait_for 30 ip netns exec "$ns" ping -c 1 -W 1 -q "$ip" \
        || fail "ping $ns -> $ip: no reply within 30 s"
    out=$(ip netns exec "$ns" ping -c 3 -W 5 -w 20 -i 0.2 "$ip" 2>&1) \
        || fail "ping $ns -> $ip failed after the first reply: $out"
    printf '%s\n' "$out" | grep -q ' 0% packet loss' || fail "ping $ns -> $ip lost packets: $out"
    log "ok: ping $ns -> $ip"
}

# ping_fails NS IP: 3 pings from NS to IP, none answered (ping exits 1 with
# 100% loss; exit 2, e.g. "Network is unreachable", is a setup error).
ping_fails()
{
    local ns=$1 ip=$2 out rc
    out=$(ip netns exec "$ns" ping -c 3 -W 1 -i 0.2 "$ip" 2>&1); rc=$?
    [ "$rc" -eq 1 ] || fail "ping $ns -> $ip: expected exit 1 (no reply), got $rc: $out"
    printf '%s\n' "$out" | grep -q '3 packets transmitted, 0 received' \
        || fail "ping $ns -> $ip: expected 3 sent, 0 received: $out"
    log "ok: ping $ns -> $ip fails (no reply)"
}

# ---------------------------------------------------------------- capture

# capture_start NAME NS IF [COUNT [DIRECTION]]: tcpdump on IF inside NS, every
# frame, written to $TMP/NAME.pcap as it arrives (immediate mode,
# packet-buffered, so the file can be read while tcpdump runs); returns once
# tcpdump listens.  COUNT: stop after COUNT frames ("" for no limit).
# DIRECTION: "in" or "out" for only the frames IF receives or sends.
capture_start()
{
    local name=$1 ns=$2 ifname=$3 count=${4:-} dir=${5:-} pid
    local args=(-i "$ifname" --immediate-mode -e -nn -U -Z root -w "$TMP/$name.pcap")
    [ -z "$count" ] || args+=(-c "$count")
    [ -z "$dir" ] || args+=(-Q "$dir")
    ip netns exec "$ns" tcpdump "${args[@]}" 2>"$TMP/$name.tcpdump.err" &
    pid=$!
    TS_LIVE[$pid]=1
    TS_BG_PIDS+=("$pid")
    TS_CAP_PID[$name]=$pid
    wait_for 30 grep -q 'listening on' "$TMP/$name.tcpdump.err" \
        || fail "tcpdump on $ns/$ifname did not start: $(cat "$TMP/$name.tcpdump.err")"
}

# capture_text NAME: the frames captured so far, one line each, with link
# headers (tcpdump -e -nn -r); VLAN tags print as "vlan N, p P".
capture_text() { tcpdump -e -nn -r "$TMP/$1.pcap" 2>/dev/null; }

# capture_has NAME ERE: some captured frame matches ERE.
capture_has() { capture_text "$1" | grep -Eq -- "$2"; }

# capture_count NAME FIXED_STRING: how many captured frames contain the string.
capture_count() { capture_text "$1" | grep -cF -- "$2"; }

# capture_wait NAME FIXED_STRING N [SECONDS]: wait (default 30 s) until at
# least N captured frames contain FIXED_STRING.  Frames a test checks must be
# in the file before capture_stop: tcpdump drops what it has not written yet.
capture_wait()
{
    local secs=${4:-30}
    wait_for "$secs" capture_count_ge "$1" "$2" "$3" \
        || fail "capture $1: fewer than $3 frames with [$2] after $secs s (got $(capture_count "$1" "$2"))"
}
capture_count_ge() { [ "$(capture_count "$1" "$2")" -ge "$3" ]; }

# capture_stop NAME: stop tcpdump (SIGINT flushes the file) and reap it.
capture_stop()
{
    local pid=${TS_CAP_PID[$1]}
    [ -n "${TS_LIVE[$pid]:-}" ] || return 0
    if proc_running "$pid"; then
        kill -INT "$pid" 2>/dev/null
        wait_for 5 ts_not_running "$pid" || kill -KILL "$pid" 2>/dev/null
    fi
    ts_reap "$pid"
    return 0
}

# icmp_lines NAME SRC DST: captured ICMP echo requests and replies SRC > DST.
icmp_lines() { capture_text "$1" | grep -F " $2 > $3: ICMP echo "; }

# json_port_stat SOCK PORT KEY: a number KEY (e.g. rx_frames) of PORT in
# `show json` (the first KEY after the port's "name", before the next name).
json_port_stat()
{
    local json seg
    json=$(swsh "$1" 'show json' | tr -d ' \n\t') || return 1
    case $json in *"\"name\":\"$2\""*) ;; *) return 1 ;; esac
    seg=${json#*\"name\":\"$2\"}
    seg=${seg%%\"name\":*}
    printf '%s\n' "$seg" | grep -o "\"$3\":[0-9]*" | head -n 1 | cut -d: -f2
}

# ------------------------------------------------------------ daemon mode

# start_switchd_daemon NETNS SOCKET PIDFILE [ARG...]: run switchd without -f
# inside NETNS with -s SOCKET --pidfile PIDFILE ARG...; it detaches and must
# return 0, and only once the daemon serves: `show ports` must answer at
# once, with no wait.  The daemon's PID (from PIDFILE) is registered like a
# start_switchd one (the cleanup stops it; SWITCHD_PID).  It runs in a mount
# namespace of its own where /var/log is $TMP/varlog and /dev/log is no
# socket, so its default log file is $TMP/varlog/tapswitch/switchd.log and
# nothing reaches the host's logs.  What it printed on the terminal is in
# $TMP/daemon.N.log (N: the daemon's start number), set as DAEMON_OUT.  Its
# sanitizer reports (its stderr is /dev/null once it serves) go to
# $TMP/sanitizer.PID; stop_switchd_daemon checks them.
start_switchd_daemon()
{
    local ns=$1 sock=$2 pidfile=$3 rc pid; shift 3
    DAEMON_OUT="$TMP/daemon.${#TS_SWITCHD_PIDS[@]}.log"
    log "start switchd (daemon) in $ns: -s $sock --pidfile $pidfile $*"
    daemon_run "$ns" "$SWITCHD" -s "$sock" --pidfile "$pidfile" --state-dir "$TS_STATE_DIR" "$@" \
        >"$DAEMON_OUT" 2>&1
    rc=$?
    [ "$rc" -eq 0 ] || fail "switchd (daemon) exited with code $rc: $(cat "$DAEMON_OUT")"
    pid=$(cat "$pidfile" 2>/dev/null)
    [ -n "$pid" ] && proc_running "$pid" || fail "no daemon running after switchd returned (pidfile: [$pid])"
    TS_LIVE[$pid]=1
    TS_SWITCHD_PIDS+=("$pid")
    TS_SWITCHD_LOG[$pid]=$DAEMON_OUT
    TS_SOCK_PID[$sock]=$pid
    SWITCHD_PID=$pid
    timeout 5 "$SWSH" -s "$sock" -c 'show ports' >/dev/null 2>>"$TMP/swsh.log" \
        || fail "switchd returned before the daemon served on $sock"
    log "switchd daemon $pid ready"
}

# daemon_run NETNS CMD...: run CMD (switchd, detaching) in NETNS and in the
# mount namespace start_switchd_daemon describes; returns CMD's status (at
# most 60 s).
daemon_run()
{
    local ns=$1; shift
    mkdir -p "$TMP/varlog" && : >"$TMP/not-a-socket" || fail "cannot prepare $TMP/varlog"
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$TMP/sanitizer" \
    UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$TMP/sanitizer" \
    timeout 60 ip netns exec "$ns" unshare -m --propagation private sh -c '
        mount --bind "$1" /var/log || exit 125
        if [ -e /dev/log ]; then mount --bind "$2" /dev/log || exit 125; fi
        shift 2
        exec "$@"' sh "$TMP/varlog" "$TMP/not-a-socket" "$@"
}

# stop_switchd_daemon SOCKET SIGNAL: send SIGNAL (TERM, INT) to the daemon of
# SOCKET; it must be gone within 10 s, with no sanitizer report.  (A daemon
# is not this shell's child: its exit code is not seen; the caller checks
# its log and what it removed.)
stop_switchd_daemon()
{
    local pid=${TS_SOCK_PID[$1]} f
    [ -n "${TS_LIVE[$pid]:-}" ] || fail "switchd $pid was already stopped"
    proc_running "$pid" || fail "switchd daemon $pid died before SIG$2"
    kill -"$2" "$pid"
    wait_for 10 ts_not_running "$pid" || fail "switchd daemon $pid still runs 10 s after SIG$2"
    unset "TS_LIVE[$pid]"
    log "switchd daemon $pid exited after SIG$2"
    for f in "$TMP"/sanitizer.*; do
        [ -e "$f" ] || continue
        # Named *.log, the cleanup's check sees it too.
        case $f in *.log) ;; *) mv "$f" "$f.log"; f=$f.log ;; esac
        if grep -Eq "$TS_SANITIZER_RE" "$f"; then
            grep -E -A 30 "$TS_SANITIZER_RE" "$f" | head -n 60
            fail "sanitizer report of the daemon in $f"
        fi
    done
}

# ------------------------------------------------------------ Open vSwitch

# ovs_start NETNS NAME: an Open vSwitch of its own inside NETNS, as a peer
# for the bond tests: ovsdb-server and ovs-vswitchd started by hand (never
# the system service) with their database, sockets, pidfiles and logs in
# $TMP/ovs-NAME, children of this shell (no --detach) that the cleanup
# stops like the other background helpers.  Bridges are then added with
# `ovs_vsctl NAME add-br BR -- set bridge BR datapath_type=netdev` (the
# userspace datapath: no kernel module).  Fails the test if Open vSwitch
# is not installed (make deps installs openvswitch-switch).
ovs_start()
{
    local ns=$1 name=$2 dir=$TMP/ovs-$2 tool pid
    for tool in ovsdb-tool ovsdb-server ovs-vswitchd ovs-vsctl ovs-appctl; do
        command -v "$tool" >/dev/null || fail "Open vSwitch not installed ($tool not found; Debian: openvswitch-switch)"
    done
    mkdir -p "$dir" || fail "cannot create $dir"
    must ovs_env "$name" ovsdb-tool create "$dir/conf.db" /usr/share/openvswitch/vswitch.ovsschema
    ip netns exec "$ns" env OVS_RUNDIR="$dir" OVS_DBDIR="$dir" OVS_LOGDIR="$dir" OVS_SYSCONFDIR="$dir" \
        ovsdb-server "$dir/conf.db" --remote="punix:$dir/db.sock" \
        --pidfile="$dir/ovsdb-server.pid" --unixctl="$dir/ovsdb-server.ctl" \
        --log-file="$dir/ovsdb-server.log" --no-chdir >/dev/null 2>&1 &
    pid=$!
    TS_LIVE[$pid]=1; TS_BG_PIDS+=("$pid")
    wait_for 30 ovs_ctl_ready "$pid" "$dir/ovsdb-server.ctl" \
        || fail "ovsdb-server $name not ready: $(tail -n 5 "$dir/ovsdb-server.log" 2>/dev/null)"
    must ovs_vsctl "$name" --no-wait init
    ip netns exec "$ns" env OVS_RUNDIR="$dir" OVS_DBDIR="$dir" OVS_LOGDIR="$dir" OVS_SYSCONFDIR="$dir" \
        ovs-vswitchd "unix:$dir/db.sock" \
        --pidfile="$dir/ovs-vswitchd.pid" --unixctl="$dir/ovs-vswitchd.ctl" \
        --log-file="$dir/ovs-vswitchd.log" --no-chdir >/dev/null 2>&1 &
    pid=$!
    TS_LIVE[$pid]=1; TS_BG_PIDS+=("$pid")
    wait_for 30 ovs_ctl_ready "$pid" "$dir/ovs-vswitchd.ctl" \
        || fail "ovs-vswitchd $name not ready: $(tail -n 5 "$dir/ovs-vswitchd.log" 2>/dev/null)"
    log "Open vSwitch $name in $ns: $(ovs-vswitchd --version | head -n 1), ovs-vswitchd pid $pid"
}
ovs_ctl_ready()
{
    proc_running "$1" || return 1
    [ -S "$2" ] && ovs-appctl -t "$2" version >/dev/null 2>&1
}
ovs_env()
{
    local dir=$TMP/ovs-$1; shift
    OVS_RUNDIR=$dir OVS_DBDIR=$dir OVS_LOGDIR=$dir OVS_SYSCONFDIR=$dir "$@"
}

# ovs_vsctl NAME ARG...: ovs-vsctl on Open vSwitch NAME (waits for
# ovs-vswitchd to apply the change, at most 30 s).
ovs_vsctl() { local n=$1; shift; ovs_env "$n" ovs-vsctl --db="unix:$TMP/ovs-$n/db.sock" --timeout=30 "$@"; }

# ovs_appctl NAME ARG...: ovs-appctl to ovs-vswitchd NAME.
ovs_appctl() { local n=$1; shift; ovs_env "$n" ovs-appctl -t "$TMP/ovs-$n/ovs-vswitchd.ctl" --timeout=30 "$@"; }

# ovs_log NAME: the tail of ovs-vswitchd NAME's log (for failure messages).
ovs_log() { tail -n "${2:-20}" "$TMP/ovs-$1/ovs-vswitchd.log" 2>/dev/null; }

# ------------------------------------------------------------------ bonds

# member_flag SOCK MEMBER: MEMBER's flag letters in `show etherchannel
# summary` (IOS: "Po1(SU)  LACP  v1(P) v2(D)"): P bundled, D down,
# s suspended, I stand-alone, w waiting, H hot standby; nothing when
# MEMBER is not listed.
member_flag()
{
    swsh "$1" 'show etherchannel summary' | grep -oE -- "(^|[[:space:]])$2\([A-Za-z]+\)" \
        | head -n 1 | sed -E 's/.*\(([A-Za-z]+)\)$/\1/'
}

# members_flag SOCK FLAG MEMBER...: every MEMBER shows exactly FLAG.
members_flag()
{
    local sock=$1 flag=$2 m; shift 2
    for m in "$@"; do [ "$(member_flag "$sock" "$m")" = "$flag" ] || return 1; done
}

# bond_lacp_config FILE MEMBER1 MEMBER2 HOST_PORT [GLOBALS]: a startup file
# whose br0 has Po1 (LACP active, fast rate, balance-slb, a trunk of VLAN
# 10) of system ports MEMBER1 and MEMBER2, and HOST_PORT, an internal port
# in access VLAN 10; GLOBALS (JSON members with a trailing comma) go first.
bond_lacp_config()
{
    cat >"$1" <<JSON
{
  "version": 1, ${5:-}
  "bridges": [{
    "name": "br0",
    "vlans": [{"id": 10, "name": "ten"}],
    "ports": [
      {"name": "Po1", "type": "bond", "mode": "trunk", "allowed_vlans": "10",
       "bond_mode": "balance-slb", "lacp": "active", "lacp_rate": "fast"},
      {"name": "$2", "type": "system", "bond": "Po1"},
      {"name": "$3", "type": "system", "bond": "Po1"},
      {"name": "$4", "type": "internal", "mode": "access", "access_vlan": 10}
    ]
  }]
}
JSON
}

# bond_lacp_pair: two switchd (namespaces SW1, SW2, sockets $TMP/sw1.sock
# and sw2.sock) joined by the wires A1-B1 and A2-B2, members of each one's
# Po1 (bond_lacp_config), hosts H1 (10.10.0.1) and H2 (10.10.0.2) behind
# them; returns once both members are bundled on both sides and H1 pings
# H2.  Sets SW1 SW2 H1 H2 A1 A2 B1 B2.
bond_lacp_pair()
{
    SW1=${P}sw1 SW2=${P}sw2 H1=${P}h1 H2=${P}h2
    A1=${P}a1 A2=${P}a2 B1=${P}b1 B2=${P}b2
    local ns
    for ns in "$SW1" "$SW2" "$H1" "$H2"; do netns_add "$ns"; done
    veth_add "$SW1" "$A1" "$SW2" "$B1"
    veth_add "$SW1" "$A2" "$SW2" "$B2"
    bond_lacp_config "$TMP/sw1.json" "$A1" "$A2" "${P}1h"
    bond_lacp_config "$TMP/sw2.json" "$B1" "$B2" "${P}2h"
    start_switchd "$SW1" "$TMP/sw1.json" "$TMP/sw1.sock"
    start_switchd "$SW2" "$TMP/sw2.json" "$TMP/sw2.sock"
    host_attach "$SW1" "${P}1h" "$H1" 10.10.0.1/24
    host_attach "$SW2" "${P}2h" "$H2" 10.10.0.2/24
    # LACP fast: a LACPDU a second each way; bundling takes a few of them
    # (a loaded machine with sanitizers may take many times that).
    wait_members_flag 60 "$TMP/sw1.sock" P "$A1" "$A2"
    wait_members_flag 60 "$TMP/sw2.sock" P "$B1" "$B2"
    ping_ok "$H1" 10.10.0.2
}


# wait_members_flag SECS SOCK FLAG MEMBER...: wait (polling) until every
# MEMBER shows FLAG; fails the test with the summary if not within SECS.
wait_members_flag()
{
    local secs=$1 sock=$2 flag=$3 t0; shift 3
    t0=$(now_ms)
    wait_for "$secs" members_flag "$sock" "$flag" "$@" \
        || fail "$sock: members $* not all ($flag) after $secs s: $(swsh "$sock" 'show etherchannel summary')"
    log "ok: $sock: $* ($flag) after $(( $(now_ms) - t0 )) ms"
}

# link_counter NS DEV rx|tx: the kernel's packet count of DEV in NS.
link_counter()
{
    ip -n "$1" -s link show dev "$2" \
        | awk -v dir="$3" 'toupper(dir) ":" == $1 { getline; print $2; exit }'
}

# ping_burst NS IP COUNT [CMD...]: COUNT pings from NS to IP at 0.1 s
# intervals; once the first reply is in, runs CMD (e.g. a carrier going
# down) while the rest are under way.  Sets BURST_SENT, BURST_LOST and
# BURST_DUPS (replies ping marks "DUP!") and BURST_OUT (ping's output).
ping_burst()
{
    local ns=$1 ip=$2 count=$3 out=$TMP/ping_burst.out pid rc; shift 3
    ip netns exec "$ns" timeout $(( count / 10 + 30 )) ping -n -c "$count" -i 0.1 -W 1 "$ip" >"$out" 2>&1 &
    pid=$!
    TS_LIVE[$pid]=1; TS_BG_PIDS+=("$pid")
    wait_for 10 grep -q 'icmp_seq=' "$out" || fail "ping $ns -> $ip: no reply within 10 s: $(cat "$out")"
    [ $# -eq 0 ] || must "$@"
    wait_for $(( count / 10 + 30 )) ts_not_running "$pid"
    ts_reap "$pid"; rc=$?
    BURST_OUT=$(cat "$out")
    [ "$rc" -le 1 ] || fail "ping $ns -> $ip exited with $rc: $BURST_OUT"
    BURST_SENT=$(sed -nE 's/^([0-9]+) packets transmitted.*/\1/p' "$out")
    local got
    got=$(sed -nE 's/^[0-9]+ packets transmitted, ([0-9]+) received.*/\1/p' "$out")
    [ -n "$BURST_SENT" ] && [ -n "$got" ] || fail "ping $ns -> $ip: no summary: $BURST_OUT"
    BURST_LOST=$(( BURST_SENT - got ))
    BURST_DUPS=$(grep -c 'DUP!' "$out")
    log "ping burst $ns -> $ip: $BURST_SENT sent, $BURST_LOST lost, $BURST_DUPS duplicates"
}

# assert_burst MAX_LOST WHAT: the last ping_burst sent every ping, lost at
# most MAX_LOST and got no duplicate reply.
assert_burst()
{
    [ "$BURST_DUPS" -eq 0 ] || fail "$2: $BURST_DUPS duplicate replies: $(grep 'DUP!' <<<"$BURST_OUT" | head -n 5)"
    [ "$BURST_LOST" -le "$1" ] || fail "$2: $BURST_LOST of $BURST_SENT pings lost (at most $1 allowed): $(tail -n 3 <<<"$BURST_OUT")"
    log "ok: $2: $BURST_LOST of $BURST_SENT lost, no duplicate"
}

# monitor_start NETNS TEXT: a telnet session into the switchd of NETNS
# (127.0.0.1:2323; user admin / Secr3t, enable secret En4ble: the
# transcripts' hashes) that turns `terminal monitor` on, logs "monitor on"
# with `send log`, and waits for a log line with TEXT to arrive by itself
# (tests/integration/cli/term.py's @wait); its screen goes to
# $TMP/monitor.screen.  Sets MONITOR_PID; ts_reap it: exit 0 once TEXT came.
monitor_start()
{
    local ns=$1 text=$2
    printf '%s\n' admin Secr3t enable En4ble 'terminal monitor' 'send log 6 monitor on' \
        "@wait $text" >"$TMP/monitor.script"
    ip netns exec "$ns" timeout 60 /usr/bin/python3 "$TS_DIR/cli/term.py" telnet 127.0.0.1 2323 \
        "$TMP/monitor.script" >"$TMP/monitor.screen" 2>"$TMP/monitor.err" &
    MONITOR_PID=$!
    TS_LIVE[$MONITOR_PID]=1
    TS_BG_PIDS+=("$MONITOR_PID")
}
