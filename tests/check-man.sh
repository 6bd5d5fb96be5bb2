#!/usr/bin/env bash
# check-man.sh [--options BIN=PAGE]... PAGE...
#   Lints each man PAGE with `groff -ww -z -man` and `mandoc -T lint`: any
#   message (mandoc's style notes included) fails it.  --options BIN=PAGE
#   also compares the options `BIN --help` lists with the .TP tags of PAGE's
#   OPTIONS section, both ways, so the page cannot drift from the program,
#   and the version in PAGE's .TH with `BIN --version`.  --covers MD=PAGE
#   checks that every code span of the Markdown MD (commands, keys, values)
#   is in PAGE as man renders it, so the generator dropped nothing.
# check-man.sh --self-test DIR
#   proves a page with a lint warning, and a page missing an option, fail.
# The output ends "N passed, N failed".
set -uo pipefail
passed=0 failed=0
ok()   { echo "ok: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

lint() {
    local page=$1 out
    out=$({ groff -ww -z -man "$page"; mandoc -T lint "$page"; } 2>&1)
    if [ -z "$out" ]; then ok "lint $page"; else fail "lint $page"; echo "$out"; fi
    [ -z "$out" ]
}

# help_options BIN: the long and short options of BIN --help, one a line.
help_options() {
    "$1" --help | grep -E '^ +-' | grep -oE '(^| |, )--?[a-zA-Z][a-zA-Z0-9-]*' \
        | sed 's/^[ ,]*//' | sort -u
}

# page_options PAGE: the options in the .TP tags of PAGE's OPTIONS section.
page_options() {
    awk '/^\.SH /{ in_opts = ($2 == "OPTIONS") } in_opts && tag { print; tag = 0 }
         in_opts && /^\.TP/ { tag = 1 }' "$1" \
        | sed 's/\\-/-/g; s/\\f[BIRP]//g' | grep -oE '(^| |")--?[a-zA-Z][a-zA-Z0-9-]*' \
        | sed 's/^[ "]*//' | sort -u
}

options() {
    local bin=${1%%=*} page=${1#*=} diff version
    version=$("$bin" --version | awk '{ print $NF }')
    if grep -q "^\.TH .* \"tapswitch $version\"" "$page"; then
        ok "$page is of version $version"
    else
        fail "$page's .TH does not say \"tapswitch $version\" ($bin --version)"
    fi
    diff=$(diff <(help_options "$bin") <(page_options "$page"))
    if [ -z "$diff" ] && [ -n "$(help_options "$bin")" ]; then
        ok "options of $bin --help = $page"
    else
        fail "options of $bin --help (<) and $page (>) differ"; echo "$diff"
    fi
}

covers() {
    local md=${1%%=*} page=${1#*=} out
    out=$(/usr/bin/python3 - "$md" "$page" <<'PY'
import re, subprocess, sys
md, page = sys.argv[1], sys.argv[2]
text = open(md, encoding="utf-8").read()
text = re.sub(r"^\s*(```|~~~).*?^\s*\1\s*$", "", text, flags=re.S | re.M)
# In a table cell \| is a |; characters past Latin-1 may render as "?".
spans = {m.group(2).strip().replace("\\|", "|")
         for m in re.finditer(r"(`+)(.+?)\1", text, re.S)}
env = {"MANWIDTH": "200", "PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"}
rendered = subprocess.run(["man", "-l", page], capture_output=True, text=True, env=env).stdout
flat = re.sub(r"\s+", "", rendered)
missing = [s for s in sorted(spans)
           if all(ord(c) <= 0xFF for c in s) and re.sub(r"\s+", "", s) not in flat]
print(len(spans), len(missing))
for s in missing[:20]:
    print("  missing:", s)
PY
)
    set -- $out
    if [ "${2:-1}" = 0 ] && [ "${1:-0}" -gt 0 ]; then
        ok "$page has the $1 code spans of $md"
    else
        fail "$page lacks code spans of $md"; echo "$out"
    fi
}

if [ "${1:-}" = --self-test ]; then
    dir=$2
    mkdir -p "$dir"
    printf '.TH X 1 2026-01-01 x x\n.SH NAME\nx \\- y\n.SH DESCRIPTION\n.PP\n\nz\n' > "$dir/bad.1"
    printf '.TH X 1 2026-01-01 "tapswitch 1" x\n.SH NAME\nx \\- y\n.SH OPTIONS\n.TP\n.B \\-a\nA.\n' > "$dir/opts.1"
    printf '#!/bin/sh\n[ "$1" = --version ] && echo "prog (tapswitch) 1" && exit\nprintf "  -a  a\\n  -b, --bee  b\\n"\n' > "$dir/prog"
    chmod +x "$dir/prog"
    printf '# T\n\nsee `kept`\n' > "$dir/md.md"
    printf '.TH X 7 2026-01-01 x x\n.SH NAME\nx \\- y\n.SH DESCRIPTION\nnothing\n' > "$dir/md.7"
    if covers "$dir/md.md=$dir/md.7" | grep -q "missing: kept"; then ok "self-test: a dropped code span fails"
    else fail "self-test: a dropped code span passed"; fi
    if (lint "$dir/bad.1") >/dev/null; then fail "self-test: a blank line passed"
    else ok "self-test: a lint warning fails"; fi
    out=$(options "$dir/prog=$dir/opts.1")
    if grep -q "FAIL: options" <<<"$out" && grep -q "^ok: .* of version 1" <<<"$out"; then
        ok "self-test: a missing option fails"
    else
        fail "self-test: a missing option passed"; echo "$out"
    fi
else
    while [ $# -gt 0 ]; do
        case $1 in
            --options) options "$2"; shift 2 ;;
            --covers) covers "$2"; shift 2 ;;
            *) lint "$1"; shift ;;
        esac
    done
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
