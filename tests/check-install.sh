#!/usr/bin/env bash
# check-install.sh: `make install DESTDIR=...` into temporary directories
# (run from the top of the tree, BUILD= the build to install):
#   1. with the defaults: exactly the expected files (binaries, library and
#      headers, four man pages, the unit, docs, examples, the startup file),
#      with their modes, and an installed switchd that accepts the
#      installed startup file;
#   2. again over an edited startup file: the file is kept;
#   3. with PREFIX, sbindir, bindir, mandir, docdir, sysconfdir and
#      systemdunitdir given: everything lands there, and the unit names them.
# The output ends "N passed, N failed".
set -uo pipefail
BUILD=${BUILD:-build}
passed=0 failed=0
ok()   { echo "ok: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

install_into() {
    local dest=$1; shift
    make --no-print-directory BUILD="$BUILD" install DESTDIR="$dest" "$@" > "$tmp/make.log" 2>&1 \
        || { cat "$tmp/make.log"; return 1; }
}

# expected PREFIX SBIN BIN MAN DOC SYSCONF UNITDIR: the file list, sorted.
expected() {
    local prefix=$1 sbin=$2 bin=$3 man=$4 doc=$5 etc=$6 unitdir=$7 h f
    {
        echo "$sbin/switchd"
        echo "$bin/swsh"
        echo "$prefix/lib/libtapswitch-net.a"
        for h in net/*.h; do
            case $h in net/flow_private.h|net/util.h) ;; *) echo "$prefix/include/tapswitch/${h#net/}" ;; esac
        done
        echo "$man/man1/swsh.1"
        echo "$man/man5/tapswitch.json.5"
        echo "$man/man7/tapswitch-cli.7"
        echo "$man/man8/switchd.8"
        echo "$unitdir/tapswitch.service"
        echo "$doc/README.md"
        for f in docs/*.md; do echo "$doc/${f#docs/}"; done
        echo "$doc/examples/default.json"
        echo "$doc/examples/netns-hosts.json"
        echo "$etc/tapswitch/startup.json"
    } | sed 's|^/||' | sort
}

installed() { (cd "$1" && find . -type f -o -type l | sed 's|^\./||' | sort); }

same_list() {
    if diff "$1" "$2" > "$tmp/diff"; then return 0; fi
    echo "expected (<) and installed (>) differ:"; cat "$tmp/diff"; return 1
}

# 1. The defaults.
d1=$tmp/default
if install_into "$d1"; then
    expected /usr/local /usr/local/sbin /usr/local/bin /usr/local/share/man \
        /usr/local/share/doc/tapswitch /etc /usr/local/lib/systemd/system > "$tmp/expected1"
    installed "$d1" > "$tmp/installed1"
    check "make install DESTDIR: the expected files, no more" same_list "$tmp/expected1" "$tmp/installed1"
    check "switchd and swsh are executable (0755)" \
        test "$(stat -c %a "$d1/usr/local/sbin/switchd" "$d1/usr/local/bin/swsh" | sort -u)" = 755
    check "/etc/tapswitch is 0750" test "$(stat -c %a "$d1/etc/tapswitch")" = 750
    check "the installed switchd accepts the installed startup file" \
        "$d1/usr/local/sbin/switchd" --check-config "$d1/etc/tapswitch/startup.json"
    check "the installed swsh says its version" \
        grep -q "^swsh (tapswitch) " <("$d1/usr/local/bin/swsh" --version)
    check "the unit runs the installed switchd from sbindir" \
        grep -qx 'ExecStart=/usr/local/sbin/switchd -f' "$d1/usr/local/lib/systemd/system/tapswitch.service"
    check "the man pages render" \
        test -n "$(MANWIDTH=80 man -l "$d1/usr/local/share/man/man7/tapswitch-cli.7" 2>/dev/null | grep 'COMMAND REFERENCE')"
else
    fail "make install DESTDIR=$d1"
fi

# 2. An existing startup file is never overwritten.
if [ -f "$d1/etc/tapswitch/startup.json" ]; then
    echo '{"version": 1, "hostname": "kept"}' > "$d1/etc/tapswitch/startup.json"
    if install_into "$d1"; then
        check "a second make install keeps the edited startup file" \
            grep -q '"kept"' "$d1/etc/tapswitch/startup.json"
        check "and says so" grep -q "keeping .*startup.json" "$tmp/make.log"
    else
        fail "make install DESTDIR=$d1, a second time"
    fi
fi

# 3. Every directory variable honoured.
d2=$tmp/dirs
if install_into "$d2" PREFIX=/opt/ts sbindir=/opt/ts/s bindir=/opt/ts/b mandir=/opt/ts/m \
        docdir=/opt/ts/d sysconfdir=/opt/ts/etc systemdunitdir=/opt/ts/u; then
    expected /opt/ts /opt/ts/s /opt/ts/b /opt/ts/m /opt/ts/d /opt/ts/etc /opt/ts/u > "$tmp/expected2"
    installed "$d2" > "$tmp/installed2"
    check "PREFIX sbindir bindir mandir docdir sysconfdir systemdunitdir honoured" \
        same_list "$tmp/expected2" "$tmp/installed2"
    check "the unit names that sbindir and startup file" \
        grep -qx 'ExecStart=/opt/ts/s/switchd -f -c /opt/ts/etc/tapswitch/startup.json' \
        "$d2/opt/ts/u/tapswitch.service"
    check "the unit makes that sysconfdir writable" \
        grep -qx 'ReadWritePaths=/opt/ts/etc/tapswitch' "$d2/opt/ts/u/tapswitch.service"
else
    fail "make install DESTDIR=$d2 with directories"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
