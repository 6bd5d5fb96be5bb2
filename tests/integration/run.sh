#!/bin/bash
# tests/integration/run.sh: run the switchd integration tests (root only).
#
#   tests/integration/run.sh [TEST...]
#
# TEST is a test name (t_patch_ports), a file name (t_patch_ports.sh) or a
# path; without arguments every tests/integration/t_*.sh runs.  Each test
# runs in its own bash process (one test = one file, own namespaces, own
# switchd processes, own cleanup) with a time limit, and the runner prints
# "PASS name" or "FAIL name" plus the tail of the failing test's log, then
# "N passed, N failed" alone on the last line.  Exit 1 if any test failed.
#
# Two lanes: a test whose time is mostly waiting (protocol timers, login
# delays, prompts) and which uses little CPU says so with a line
# "# run.sh overlap: yes"; those run one after another in a second lane
# beside the others, which keeps make check within its time (the waiting
# costs wall time, not CPU, so the main lane's tests see little extra
# load).  TS_JOBS=1 runs everything in one lane, in the order given.
#
# The time limit only catches a test that hangs: TS_TEST_TIMEOUT, or the
# seconds a test names on a line "# run.sh timeout: N" (heavy ones, whose
# figures on a loaded 2-core machine with sanitizers are several times
# those of an idle one), whichever is larger.
#
# Environment:
#   SWITCHD   switchd binary (default build/switchd/switchd)
#   SWSH      swsh binary (default build/shell/swsh)
#   TS_TEST_TIMEOUT  seconds per test (default 180)
#   TS_KEEP_LOGS=1   keep the per-test logs even when everything passed
#   TS_JOBS=1        no second lane for "overlap" tests (default 2)

set -u

dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$dir/../.." && pwd)

if [ "$(id -u)" -ne 0 ]; then
    echo "error: the integration tests need root (network namespaces, TAP devices); run them as root" >&2
    exit 1
fi
missing=
for tool in ip tcpdump ping timeout; do
    command -v "$tool" >/dev/null || missing="$missing $tool"
done
if [ -n "$missing" ]; then
    echo "error: missing tools:$missing (Debian: apt-get install -y iproute2 tcpdump iputils-ping coreutils)" >&2
    exit 1
fi

SWITCHD=${SWITCHD:-$root/build/switchd/switchd}
SWSH=${SWSH:-$root/build/shell/swsh}
case $SWITCHD in /*) ;; *) SWITCHD=$PWD/$SWITCHD ;; esac
case $SWSH in /*) ;; *) SWSH=$PWD/$SWSH ;; esac
export SWITCHD SWSH
# The tests themselves fail when a binary is missing; say why once here.
[ -x "$SWITCHD" ] || echo "warning: switchd not found at $SWITCHD (every test will fail)" >&2
[ -x "$SWSH" ] || echo "warning: swsh not found at $SWSH (every test will fail)" >&2

default_timeout_s=${TS_TEST_TIMEOUT:-180}

tests=()
if [ $# -eq 0 ]; then
    for f in "$dir"/t_*.sh; do [ -e "$f" ] && tests+=("$f"); done
else
    for t in "$@"; do
        case $t in
            */*) f=$t ;;
            *.sh) f=$dir/$t ;;
            *) f=$dir/$t.sh ;;
        esac
        tests+=("$f")
    done
fi

if [ ${#tests[@]} -eq 0 ]; then
    echo "error: no tests found in $dir" >&2
    exit 1
fi

logdir=$(mktemp -d /tmp/tapswitch-integration.XXXXXX)
start=$SECONDS

# run_one FILE: runs one test; prints its result block in one write (the
# lanes share stdout) and appends "pass" or "fail" to $logdir/results.
run_one()
{
    local f=$1 name log t0 rc timeout_s block
    name=$(basename "$f" .sh)
    log=$logdir/$name.log
    t0=$SECONDS
    if [ ! -f "$f" ]; then
        echo "no such test: $f" >"$log"
        rc=127
    else
        timeout_s=$(sed -n 's/^# run\.sh timeout: \([0-9][0-9]*\)$/\1/p' "$f" | head -n 1)
        [ -n "$timeout_s" ] && [ "$timeout_s" -gt "$default_timeout_s" ] \
            || timeout_s=$default_timeout_s
        # The test's own TERM trap cleans up on timeout; KILL 15 s later if not.
        (cd "$root" && exec timeout -k 15 "$timeout_s" bash "$f") >"$log" 2>&1 </dev/null
        rc=$?
        [ "$rc" -ne 124 ] || echo "[runner] timed out after ${timeout_s} s" >>"$log"
    fi
    if [ "$rc" -eq 0 ]; then
        echo pass >>"$logdir/results"
        printf 'PASS %s (%d s)\n' "$name" $((SECONDS - t0))
    else
        echo fail >>"$logdir/results"
        block=$(printf 'FAIL %s (%d s)\n' "$name" $((SECONDS - t0))
                { tail -n 40 "$log"; echo "[runner] exit code $rc"; } | sed 's/^/    | /')
        printf '%s\n' "$block"
    fi
}

main_lane=()
overlap_lane=()
for f in "${tests[@]}"; do
    if [ "${TS_JOBS:-2}" != 1 ] && [ -f "$f" ] && grep -qx '# run.sh overlap: yes' "$f"; then
        overlap_lane+=("$f")
    else
        main_lane+=("$f")
    fi
done

lane_pid=
if [ ${#overlap_lane[@]} -gt 0 ]; then
    ( for f in "${overlap_lane[@]}"; do run_one "$f"; done ) &
    lane_pid=$!
    # This runner's own children only; an interrupted run stops the lane.
    trap 'kill -TERM "$lane_pid" 2>/dev/null; exit 130' INT TERM
fi
for f in "${main_lane[@]}"; do run_one "$f"; done
[ -z "$lane_pid" ] || wait "$lane_pid"

passed=$(grep -cx pass "$logdir/results" 2>/dev/null)
failed=$(grep -cx fail "$logdir/results" 2>/dev/null)
: "${passed:=0}" "${failed:=0}"
# A test whose result was not recorded (the log directory removed under
# the run, a lane killed) fails: nothing unseen counts as passed.
if [ $((passed + failed)) -ne ${#tests[@]} ]; then
    echo "error: ${#tests[@]} tests, but $((passed + failed)) results recorded in $logdir" \
         "(removed while the tests ran?): the $((${#tests[@]} - passed - failed)) missing count as failed" >&2
    failed=$((${#tests[@]} - passed))
fi

if [ "$failed" -eq 0 ] && [ -z "${TS_KEEP_LOGS:-}" ]; then
    rm -rf "$logdir"
else
    echo "logs: $logdir"
fi
echo "time: $((SECONDS - start)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
