#!/bin/bash
# Replays each harness's corpus (fuzz/corpus/NAME/) through BUILD/fuzz/replay-NAME
# (docs/security.md section 9); ends with "N passed, N failed" over every input.
#
#   fuzz/replay.sh BUILD NAME...
set -u
build=$1; shift
cd "$(dirname "$0")/.." || exit 2

passed=0 failed=0
for name in "$@"; do
    out=$("$build/fuzz/replay-$name" "fuzz/corpus/$name" 2>&1)
    printf '%s\n' "$out" | grep -v '^replay-.*: [0-9]* passed, [0-9]* failed$' | sed 's/^/  /'
    line=$(printf '%s\n' "$out" | tail -n 1)
    if [[ $line =~ ^replay-$name:\ ([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
        echo "fuzz-$name: ${BASH_REMATCH[1]} inputs passed, ${BASH_REMATCH[2]} failed"
        passed=$((passed + BASH_REMATCH[1]))
        failed=$((failed + BASH_REMATCH[2]))
    else
        echo "fuzz-$name: the replay did not finish"
        failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
