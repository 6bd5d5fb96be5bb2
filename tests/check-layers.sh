#!/usr/bin/env bash
# check-layers.sh [ROOT]   the layers point one way (docs/design.md section 2):
#   computes the directory-level include graph of the C sources under ROOT
#   (default: this repository) and fails on
#   1. an edge that LAYERS below does not allow (a wrong-way or sideways include);
#   2. a cycle between directories;
#   3. a private header (PRIVATE below) included from outside its directory;
#   4. a C file in a directory that is not a layer, an include that names no
#      file of the tree, or a header name that two layers share (the graph
#      would be ambiguous).
#   Each directory-level edge is one check; the output ends "N passed, N failed".
# check-layers.sh --self-test DIR  copies the tree into DIR, plants wrong-way
#   includes (by name, by relative path, of a private header) and a cycle, and
#   proves each is rejected while the clean copy is accepted.
#
# The GNUmakefile's per-layer include paths already make a wrong-way include by
# name fail to compile; this check also sees relative paths ("../shell/x.h") and
# keeps the table of allowed edges in one place that make check verifies.
set -euo pipefail

# Which directories each layer may include from, besides itself.  tests/ and
# fuzz/ exercise every layer and are not layers.
declare -A LAYERS=(
    [net]=""
    [cli]="net"
    [switchd]="net"
    [shell]="net cli switchd"
    [frontends]="net cli switchd shell"
    [examples]="net"
    [bench]="net"
)
NOT_LAYERS="tests fuzz"
# Headers only their own directory may include: the definitions behind the
# opaque types (docs/design.md section 2.2).  A header that includes one
# of them is private too (state_apply.h includes state_private.h), or it
# would hand the definitions to whoever includes it.
PRIVATE="switchd/state_private.h switchd/port.h shell/shell_private.h net/flow_private.h"

# normalize PATH: PATH with "." and "dir/.." taken out, without a subprocess.
normalize() {
    local -a out=()
    local part IFS=/
    for part in $1; do
        case $part in
            ''|.) ;;
            ..) [ ${#out[@]} -gt 0 ] && unset 'out[${#out[@]}-1]' ;;
            *) out+=("$part") ;;
        esac
    done
    echo "${out[*]}"
}

check() {
    local root=$1
    local -A edges=() by_name=() allowed=() private=() fails_of=()
    local passed=0 failed=0 f dir inc target name from to d i grew
    local -a inc_from=() inc_to=()

    for f in $PRIVATE; do private[$f]=1; done
    for d in "${!LAYERS[@]}"; do
        allowed[$d:$d]=1
        for to in ${LAYERS[$d]}; do allowed[$d:$to]=1; done
    done

    # Every C source, relative to ROOT; headers indexed by name to resolve
    # includes the way -I resolves them.
    local -a files=()
    while IFS= read -r f; do files+=("${f#"$root"/}"); done < <(
        find "$root" -path "$root/.git" -prune -o -path "$root/build*" -prune \
             -o -type f \( -name '*.c' -o -name '*.h' \) -print | sort)
    for f in "${files[@]}"; do
        dir=${f%%/*}
        [ "$dir" = "$f" ] && dir=.
        case " $NOT_LAYERS " in *" $dir "*) continue ;; esac
        if [ -z "${LAYERS[$dir]+x}" ]; then
            echo "FAIL $f: directory $dir/ is not a layer (add it to LAYERS in $0)"
            failed=$((failed + 1)); continue
        fi
        if [[ $f == *.h ]]; then
            name=${f##*/}
            if [ -n "${by_name[$name]:-}" ]; then
                echo "FAIL $f: header name also used by ${by_name[$name]}"
                failed=$((failed + 1))
            fi
            by_name[$name]=$f
        fi
    done

    # One grep over every layered file: lines "FILE<TAB>KIND<TAB>NAME", KIND
    # the opening character of the include (" or <).
    local -a layered=()
    local kind
    for f in "${files[@]}"; do
        [ -n "${LAYERS[${f%%/*}]+x}" ] && layered+=("$f")
    done
    while IFS=$'\t' read -r f kind inc; do
        dir=${f%%/*}
        # A quoted include is looked up next to the file first, then on the
        # include path (here: by name anywhere in the layers).  An angle
        # include is a system header unless it names a header of the tree,
        # which -I would find as well.
        target=
        if [ "$kind" = '"' ] && [ -f "$root/${f%/*}/$inc" ]; then
            target=$(normalize "${f%/*}/$inc")
        elif [ -n "${by_name[$inc]:-}" ]; then
            target=${by_name[$inc]}
        elif [ "$kind" = '<' ]; then
            continue
        else
            echo "FAIL $f: #include \"$inc\" names no file of the tree"
            failed=$((failed + 1)); continue
        fi
        inc_from+=("$f"); inc_to+=("$target")
    done < <(cd "$root" && [ ${#layered[@]} -gt 0 ] &&
             grep -H '^[[:space:]]*#[[:space:]]*include[[:space:]]*["<]' "${layered[@]}" |
             sed -n 's/^\([^:]*\):[^"<]*\(["<]\)\([^">]*\)[">].*/\1\t\2\t\3/p')

    # A header including a private header of its directory is private.
    grew=1
    while [ "$grew" = 1 ]; do
        grew=0
        for i in "${!inc_from[@]}"; do
            f=${inc_from[$i]} target=${inc_to[$i]}
            if [[ $f == *.h ]] && [ -n "${private[$target]:-}" ] && [ -z "${private[$f]:-}" ] \
               && [ "${f%%/*}" = "${target%%/*}" ]; then
                private[$f]=1; grew=1
            fi
        done
    done

    for i in "${!inc_from[@]}"; do
        f=${inc_from[$i]} target=${inc_to[$i]}
        dir=${f%%/*} to=${target%%/*}
        if [ -n "${private[$target]:-}" ] && [ "$to" != "$dir" ]; then
            echo "FAIL $f: includes $target, private to $to/"
            failed=$((failed + 1))
        fi
        [ "$to" = "$dir" ] && continue
        edges[$dir:$to]+=" $f"
    done

    # 1. Each directory-level edge must be allowed.
    for e in $(printf '%s\n' "${!edges[@]}" | sort); do
        from=${e%%:*}; to=${e#*:}
        if [ -n "${allowed[$e]:-}" ]; then
            echo "ok   $from/ -> $to/"
            passed=$((passed + 1))
        else
            echo "FAIL $from/ -> $to/: wrong way (${from}/ may include: ${LAYERS[$from]:-nothing}); from:${edges[$e]}"
            failed=$((failed + 1))
        fi
    done

    # 2. No cycle: depth-first search over the directories, whatever the table says.
    local -A state=()
    local cycle=
    visit() {
        local n=$1 e m
        state[$n]=open
        for e in "${!edges[@]}"; do
            [ "${e%%:*}" = "$n" ] || continue
            m=${e#*:}
            if [ "${state[$m]:-}" = open ]; then
                cycle="$cycle $n/ -> $m/"
            elif [ -z "${state[$m]:-}" ]; then
                visit "$m"
            fi
        done
        state[$n]=done
    }
    for d in "${!LAYERS[@]}"; do
        [ -z "${state[$d]:-}" ] && visit "$d"
    done
    if [ -z "$cycle" ]; then
        echo "ok   no cycle between directories"
        passed=$((passed + 1))
    else
        echo "FAIL cycle between directories, closed by:$cycle"
        failed=$((failed + 1))
    fi

    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

# Runs check on a copy of the tree with one change; expects failure with a
# line matching PATTERN, or success when PATTERN is empty.
expect() {
    local what=$1 copy=$2 pattern=$3 out
    if out=$(check "$copy" 2>&1); then
        if [ -z "$pattern" ]; then
            echo "ok   self-test: $what"; return 0
        fi
        echo "FAIL self-test: $what was accepted"; return 1
    fi
    if [ -n "$pattern" ] && grep -q -- "$pattern" <<<"$out"; then
        echo "ok   self-test: $what"; return 0
    fi
    echo "FAIL self-test: $what: unexpected result:"; echo "$out" | grep FAIL || true
    return 1
}

self_test() {
    local dir=$1 src passed=0 failed=0 d
    src=$(cd "$(dirname "$0")/.." && pwd)
    rm -rf "$dir"; mkdir -p "$dir"
    fresh() {
        rm -rf "$dir/tree"; mkdir -p "$dir/tree"
        for d in "${!LAYERS[@]}"; do
            [ -d "$src/$d" ] && cp -r "$src/$d" "$dir/tree/$d"
        done
        echo "$dir/tree"
    }
    local t
    run() { if expect "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi; }

    t=$(fresh)
    run "the clean tree is accepted" "$t" ""
    t=$(fresh); echo '#include "shell.h"' >> "$t/switchd/loop.c"
    run "switchd/ including shell.h (wrong way, by name) is rejected" "$t" "FAIL switchd/ -> shell/: wrong way"
    t=$(fresh); echo '#include "../frontends/telnet.h"' >> "$t/cli/cmdline.c"
    run "cli/ including ../frontends/telnet.h (by path) is rejected" "$t" "FAIL cli/ -> frontends/: wrong way"
    t=$(fresh); echo '#include "state.h"' >> "$t/cli/output_filter.c"
    run "cli/ including state.h (sideways) is rejected" "$t" "FAIL cli/ -> switchd/: wrong way"
    t=$(fresh); echo '#include "state_private.h"' >> "$t/shell/cmd_mac.c"
    run "shell/ including a private header of switchd/ is rejected" "$t" "includes switchd/state_private.h, private to switchd/"
    t=$(fresh); echo '#include <loop.h>' >> "$t/cli/cmdline.c"
    run "cli/ including <loop.h> (an angle include of the tree) is rejected" "$t" "FAIL cli/ -> switchd/: wrong way"
    t=$(fresh); echo '#include "shell_private.h"' >> "$t/frontends/telnet.c"
    run "frontends/ including shell_private.h is rejected" "$t" "includes shell/shell_private.h, private to shell/"
    t=$(fresh); echo '#include "state_apply.h"' >> "$t/shell/cmd_mac.c"
    run "shell/ including state_apply.h (which includes state_private.h) is rejected" "$t" \
        "includes switchd/state_apply.h, private to switchd/"
    t=$(fresh); echo '#include "flow_private.h"' >> "$t/shell/cmd_flow.c"
    run "shell/ including net/flow_private.h is rejected" "$t" "includes net/flow_private.h, private to net/"
    t=$(fresh); echo '#include "cmdline.h"' >> "$t/net/vlan.c"
    LAYERS[net]="cli"
    run "a cycle net/ <-> cli/ is rejected even when the table allows both edges" "$t" "FAIL cycle between directories"
    LAYERS[net]=""
    t=$(fresh); mkdir -p "$t/extra"; echo 'int x;' > "$t/extra/x.c"
    run "a C file outside the layers is rejected" "$t" "directory extra/ is not a layer"
    t=$(fresh); echo '#include "no_such_header.h"' >> "$t/shell/shell.c"
    run "an include naming no file is rejected" "$t" "names no file of the tree"
    rm -rf "$dir/tree"
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

if [ "${1:-}" = --self-test ]; then
    self_test "${2:?usage: $0 --self-test DIR}"
    exit
fi
[ $# -le 1 ] || { echo "usage: $0 [ROOT] | --self-test DIR" >&2; exit 2; }
check "$(cd "${1:-$(dirname "$0")/..}" && pwd)"
