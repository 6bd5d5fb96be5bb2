#!/usr/bin/env bash
# tests/e2e/run.sh [TEST...] -- tapswitch end-to-end tests: real VMs (QEMU, TCG) on
# switchd's tap ports.
#
# Installs the missing Debian packages (qemu-system-x86 cpio kmod) when it can, builds or
# reuses the VM image (build-image.sh -> build/e2e-image), then runs every
# tests/e2e/t_*.sh (or the TESTs named, e.g. t_vm_restart) one after the other and prints
# `PASS name` or `FAIL name` plus the tail of its log for each.  The last line is always
# `N passed, N failed`; the exit status is 1 if anything failed.
#
# Only when QEMU is missing and cannot be installed does it print `SKIP e2e: <reason>`
# (and count nothing as passed); a missing switchd or swsh fails the tests.
#
# Env: SWITCHD (default build/switchd/switchd), SWSH (default build/shell/swsh),
#      E2E_IMG (default build/e2e-image), E2E_TEST_TIMEOUT (s per test, default 600),
#      E2E_LOGDIR (default: e2e/ in the build tree of SWITCHD, e.g. build-asan/e2e for
#      build-asan/switchd/switchd, else build/e2e), E2E_ACCEL (tcg|kvm), E2E_MEM (see
#      lib.sh).  Needs root.
# Logs: LOGDIR/t_<name>.log, and LOGDIR/<name>/ (serial consoles, switchd log, config,
# `show ports`/`show mac`/`show json` snapshots).
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT" || exit 1
abs() { case $1 in /*) echo "$1" ;; *) echo "$ROOT/$1" ;; esac; }
SWITCHD=$(abs "${SWITCHD:-build/switchd/switchd}")
SWSH=$(abs "${SWSH:-build/shell/swsh}")
E2E_IMG=$(abs "${E2E_IMG:-build/e2e-image}")
export SWITCHD SWSH E2E_IMG
# logs beside the binaries' build tree (build/e2e, build-asan/e2e), else build/e2e
case $SWITCHD in
    "$ROOT"/*/switchd/switchd) LOGDIR=${SWITCHD%/switchd/switchd}/e2e ;;
    *) LOGDIR=$ROOT/build/e2e ;;
esac
LOGDIR=$(abs "${E2E_LOGDIR:-$LOGDIR}")
PACKAGES=(qemu-system-x86 cpio kmod)
T0=$(date +%s)
passed=0 failed=0

summary() {
    echo "e2e: done in $(( $(date +%s) - T0 )) s"
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}
tail_log() {   # tail_log FILE LINES
    echo "---- last $2 lines of $1"
    tail -n "$2" "$1" | sed 's/^/  | /'
}

# --- the tests to run ------------------------------------------------------------------
tests=()
if [ $# -gt 0 ]; then
    for t in "$@"; do
        t=${t%.sh}; t=${t##*/}
        [ -f "$HERE/$t.sh" ] || t=t_$t
        [ -f "$HERE/$t.sh" ] || { echo "run.sh: no test $t (see $HERE/t_*.sh)" >&2; exit 2; }
        tests+=("$t")
    done
else
    for f in "$HERE"/t_*.sh; do [ -f "$f" ] && tests+=("$(basename "$f" .sh)"); done
fi

# --- host packages -------------------------------------------------------------------------
mkdir -p "$LOGDIR"
have_tools() { command -v qemu-system-x86_64 && command -v cpio && command -v depmod; } >/dev/null
if ! have_tools; then
    echo "e2e: installing missing Debian packages (${PACKAGES[*]})"
    if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive \
           apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"; } >"$LOGDIR/apt.log" 2>&1; then
        tail_log "$LOGDIR/apt.log" 5
    fi
fi
if ! command -v qemu-system-x86_64 >/dev/null; then
    echo "SKIP e2e: qemu-system-x86_64 is not installed and 'apt-get install ${PACKAGES[*]}' failed (see $LOGDIR/apt.log)"
    summary
fi

if [ "$(id -u)" != 0 ]; then
    echo "e2e: must run as root (network namespaces, taps)"
    for t in "${tests[@]}"; do echo "FAIL $t (not run: not root)"; failed=$((failed + 1)); done
    summary
fi

# --- VM image -------------------------------------------------------------------------------
echo "e2e: VM image in $E2E_IMG"
if ! "$HERE/build-image.sh" "$E2E_IMG" >"$LOGDIR/build-image.log" 2>&1; then
    echo "e2e: build-image.sh failed"
    tail_log "$LOGDIR/build-image.log" 20
    for t in "${tests[@]}"; do echo "FAIL $t (not run: no VM image)"; failed=$((failed + 1)); done
    summary
fi
head -n 1 "$LOGDIR/build-image.log" | sed 's/^/e2e: /'

# --- tests -------------------------------------------------------------------------------------
# Each test runs under timeout(1) in its own process group; a Ctrl-C or TERM to this
# runner is passed on to the running test, whose EXIT trap cleans up.
current=
trap '[ -n "$current" ] && kill -TERM "$current" 2>/dev/null; echo "run.sh: interrupted"; failed=$((failed + 1)); summary' INT TERM
echo "e2e: switchd $SWITCHD, swsh $SWSH"
for t in "${tests[@]}"; do
    log=$LOGDIR/$t.log
    start=$(date +%s)
    E2E_OUT=$LOGDIR/${t#t_} timeout -k 15 "${E2E_TEST_TIMEOUT:-600}" bash "$HERE/$t.sh" \
        >"$log" 2>&1 </dev/null &
    current=$!
    wait "$current"
    rc=$?
    current=
    secs=$(( $(date +%s) - start ))
    if [ "$rc" -eq 0 ]; then
        echo "PASS $t"
        passed=$((passed + 1))
    else
        [ "$rc" -eq 124 ] && echo "e2e: $t timed out after ${E2E_TEST_TIMEOUT:-600} s" >>"$log"
        echo "FAIL $t"
        failed=$((failed + 1))
        tail_log "$log" 60
    fi
    echo "e2e: $t took ${secs} s (log $log)"
done
summary
