#!/bin/bash
# Runs each libFuzzer harness in turn (docs/security.md section 9).
#
#   fuzz/run.sh BUILD SECONDS NAME...
#
# Harness NAME runs BUILD/fuzz/fuzz-NAME for SECONDS on BUILD/fuzz-corpus/NAME
# (where what it finds new is kept, from one run to the next) and the seeds
# of fuzz/corpus/NAME, with the dictionary fuzz/dict/NAME.dict if there is
# one.  An input that crashes, fails a check, trips a sanitizer, leaks, runs
# longer than FUZZ_TIMEOUT seconds or needs more than 2 GiB is a finding: it
# is saved under BUILD/fuzz-findings/NAME/ and the harness stops.  One line
# per harness says what it did; the log is BUILD/fuzz-NAME.log.  Exits 1 if
# any harness had a finding.
set -u
build=$1 seconds=$2; shift 2
cd "$(dirname "$0")/.." || exit 2
timeout_s=${FUZZ_TIMEOUT:-25}
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# Longest input libFuzzer makes, per harness: a control-socket stream must
# be able to hold a line longer than CONTROL_LINE_MAX (4096).
max_len() {
    case $1 in
    control) echo 16384 ;;
    config)  echo 16384 ;;
    *)       echo 4096 ;;
    esac
}

findings=0
for name in "$@"; do
    bin=$build/fuzz/fuzz-$name corpus=$build/fuzz-corpus/$name
    found=$build/fuzz-findings/$name log=$build/fuzz-$name.log
    dict=()
    [ -f "fuzz/dict/$name.dict" ] && dict=(-dict="fuzz/dict/$name.dict")
    if [ ! -x "$bin" ]; then
        echo "fuzz-$name: $bin is not built" >&2
        findings=$((findings + 1))
        continue
    fi
    mkdir -p "$corpus" "$found"
    before=$(find "$found" -type f | wc -l)
    echo "== fuzz-$name: $seconds s (log $log)"
    start=$SECONDS
    "$bin" -max_total_time="$seconds" -timeout="$timeout_s" -rss_limit_mb=2048 \
        -max_len="$(max_len "$name")" -print_final_stats=1 -artifact_prefix="$found/" \
        "${dict[@]}" "$corpus" "fuzz/corpus/$name" >"$log" 2>&1
    rc=$? elapsed=$((SECONDS - start))
    # "#N DONE cov: C ft: F corp: N/SIZE lim: L exec/s: R rss: M" ends a run
    # that found nothing; the last status line otherwise.
    status=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$status")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$status")
    corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9A-Za-z]*\).*/\1/p' <<<"$status")
    n_found=$(($(find "$found" -type f | wc -l) - before))
    artifacts=$(ls -t "$found" 2>/dev/null | head -n 3 | tr '\n' ' ')
    if [ "$rc" != 0 ] && [ "$n_found" = 0 ]; then
        n_found=1
    fi
    printf 'fuzz-%s: %s s, %s execs (%s/s), cov %s, ft %s, corpus %s, %s finding%s\n' \
        "$name" "$elapsed" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" \
        "$n_found" "$([ "$n_found" = 1 ] || echo s)"
    if [ "$n_found" != 0 ]; then
        findings=$((findings + 1))
        echo "   exit status $rc; newest in $found/: $artifacts" >&2
        grep -E -m 5 'ERROR|runtime error|check failed|SUMMARY|deadly signal|timeout' "$log" \
            | sed 's/^/   /' >&2
    fi
done
echo "fuzz: $# harness(es) run, $findings with findings or errors"
[ "$findings" = 0 ]
