#!/usr/bin/env bash
# check-unit.sh UNIT MANDIR
#   `systemd-analyze verify UNIT` (Debian's systemd package has it without
#   systemd as init), with MANDIR as MANPATH so that the man pages of the
#   unit's Documentation= are found in the build tree.  verify exits 0 on
#   most mistakes (an unknown key, a bad value), so any output fails.
# check-unit.sh --self-test DIR UNIT MANDIR
#   proves a misspelt value in a copy of UNIT fails.
# The output ends "N passed, N failed".
set -uo pipefail
passed=0 failed=0

verify() {
    local out rc
    out=$(MANPATH=$2 systemd-analyze verify "$1" 2>&1); rc=$?
    [ $rc -eq 0 ] && [ -z "$out" ] && return 0
    echo "$out"
    return 1
}

if [ "${1:-}" = --self-test ]; then
    mkdir -p "$2"
    sed 's/^Type=.*/Type=notifyy/' "$3" > "$2/tapswitch.service"
    if verify "$2/tapswitch.service" "$4" >/dev/null; then
        echo "FAIL: self-test: Type=notifyy passed"; failed=1
    else
        echo "ok: self-test: a bad value fails"; passed=1
    fi
elif verify "$1" "$2"; then
    echo "ok: systemd-analyze verify $1"; passed=1
else
    echo "FAIL: systemd-analyze verify $1"; failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
