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
passed=0
failed=0
start=$SECONDS
for f in "${tests[@]}"; do
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
        passed=$((passed + 1))
        echo "PASS $name ($((SECONDS - t0)) s)"
    else
        failed=$((failed + 1))
        echo "FAIL $name ($((SECONDS - t0)) s)"
        { tail -n 40 "$log"; echo "[runner] exit code $rc"; } | sed 's/^/    | /'
    fi
done

if [ "$failed" -eq 0 ] && [ -z "${TS_KEEP_LOGS:-}" ]; then
    rm -rf "$logdir"
else
    echo "logs: $logdir"
fi
echo "time: $((SECONDS - start)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
