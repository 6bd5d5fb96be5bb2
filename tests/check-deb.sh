#!/usr/bin/env bash
# check-deb.sh (make check-deb; root; a few minutes): the Debian package
# from debian/, end to end, on this machine:
#   1. dpkg-buildpackage -us -uc -b in a copy of the tree;
#   2. lintian: no error (its summary is printed);
#   3. the .deb holds the binaries, man pages, the unit (with
#      dh_installsystemd's maintainer scripts) and the startup file as a
#      conffile;
#   4. dpkg -i installs it without starting the service (systemd is not
#      init here, and policy-rc.d refuses starts: one is put in place for
#      the run if there is none), and the installed binaries and man pages
#      work;
#   5. the installed switchd runs in a network namespace of this test on the
#      installed /etc/tapswitch/startup.json: its two TAPs appear there, the
#      installed swsh talks to it, SIGTERM stops it with status 0;
#   6. dpkg --purge leaves nothing behind: the file lists of /etc, /usr,
#      /lib and /var/lib/systemd before and after are the same
#      (a path another package owns, installed meanwhile by someone else,
#      is shown and ignored).
# The output ends "N passed, N failed".  KEEP=1 keeps the build directory.
set -uo pipefail
cd "$(dirname "$0")/.."
passed=0 failed=0
ok()   { echo "ok: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit; }

[ "$(id -u)" -eq 0 ] || { echo "check-deb.sh: run as root (make check-deb)" >&2; exit 1; }
if dpkg-query -W -f='${Status}' tapswitch 2>/dev/null | grep -q 'ok installed'; then
    echo "check-deb.sh: tapswitch is installed on this machine; purge it first" >&2
    exit 1
fi
version=$(sed -n 's/^#define SWITCHD_VERSION "\(.*\)"/\1/p' switchd/version.h)
P=$(printf 'd%x' $$)
tmp=$(mktemp -d "/tmp/check-deb.XXXXXX")
ns=${P}deb
pid=""
made_policy=""
cleanup() {
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    ip netns del "$ns" 2>/dev/null
    if dpkg-query -W -f='${Status}' tapswitch 2>/dev/null | grep -q 'ok installed\|config-files'; then
        dpkg --purge tapswitch >/dev/null 2>&1
    fi
    [ -n "$made_policy" ] && rm -f /usr/sbin/policy-rc.d
    [ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT

# 1. Build, from a copy of the tree without build outputs.
src=$tmp/tapswitch-$version
mkdir -p "$src"
tar --exclude=./.git --exclude='./build*' --exclude=./debian/tapswitch --exclude=./debian/.debhelper \
    -cf - . | tar -xf - -C "$src"
echo "building the package in $src (log: $tmp/build.log)"
if (cd "$src" && nice -n 19 dpkg-buildpackage -us -uc -b) > "$tmp/build.log" 2>&1; then
    ok "dpkg-buildpackage -us -uc -b"
else
    tail -n 30 "$tmp/build.log"; fail "dpkg-buildpackage -us -uc -b"; finish
fi
deb=$(ls "$tmp"/tapswitch_*.deb | head -1)
check "the package's version is switchd's ($version)" \
    test "$(dpkg-deb -f "$deb" Version)" = "$version"

# 2. lintian.
lintian --fail-on error --display-info "$deb" > "$tmp/lintian.log" 2>&1; rc=$?
echo "lintian: $(grep -c '^E:' "$tmp/lintian.log") errors, $(grep -c '^W:' "$tmp/lintian.log") warnings," \
     "$(grep -c '^I:' "$tmp/lintian.log") info"
sed 's/^/  /' "$tmp/lintian.log"
check "lintian: no errors" test "$rc" -eq 0

# 3. Contents.
dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|' > "$tmp/contents"
for f in /usr/sbin/switchd /usr/bin/swsh /usr/share/man/man8/switchd.8.gz \
         /usr/share/man/man1/swsh.1.gz /usr/share/man/man5/tapswitch.json.5.gz \
         /usr/share/man/man7/tapswitch-cli.7.gz /lib/systemd/system/tapswitch.service \
         /etc/tapswitch/startup.json /usr/share/doc/tapswitch/copyright \
         /usr/share/doc/tapswitch/libvirt.md.gz; do
    check "the package has $f" grep -qx "$f" "$tmp/contents"
done
dpkg-deb -e "$deb" "$tmp/control"
check "startup.json is a conffile" grep -qx /etc/tapswitch/startup.json "$tmp/control/conffiles"
check "dh_installsystemd enables the unit (postinst)" \
    grep -q 'deb-systemd-helper.*tapswitch.service' "$tmp/control/postinst"
check "and starts it only where systemd runs (postinst)" \
    grep -q 'if \[ -d /run/systemd/system \]' "$tmp/control/postinst"

# 4. Install, without starting a service on this machine.
snapshot() {
    find /etc /usr /lib /var/lib/systemd -xdev 2>/dev/null | sort
}
snapshot > "$tmp/before"
if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\n# check-deb.sh: no service starts during the test\nexit 101\n' \
        > /usr/sbin/policy-rc.d
    chmod 0755 /usr/sbin/policy-rc.d
    made_policy=1
fi
if dpkg -i "$deb" > "$tmp/dpkg-i.log" 2>&1; then
    ok "dpkg -i $(basename "$deb")"
else
    cat "$tmp/dpkg-i.log"; fail "dpkg -i"; finish
fi
check "no switchd started by the install" test -z "$(pgrep -x -f /usr/sbin/switchd)"
check "installed switchd --version" grep -qx "switchd (tapswitch) $version" <(/usr/sbin/switchd --version)
check "installed swsh --version" grep -qx "swsh (tapswitch) $version" <(/usr/bin/swsh --version)
for page in switchd.8 swsh.1 tapswitch.json.5 tapswitch-cli.7; do
    check "man ${page##*.} ${page%.*} renders" \
        test -n "$(MANWIDTH=80 man "${page##*.}" "${page%.*}" 2>/dev/null | grep -m1 NAME)"
done
check "the installed startup file is valid" /usr/sbin/switchd --check-config /etc/tapswitch/startup.json

# 5. The installed switchd on the installed example, in a namespace.
ip netns add "$ns" && ip -n "$ns" link set lo up
ip netns exec "$ns" /usr/sbin/switchd -f -s "$tmp/sw.sock" > "$tmp/switchd.log" 2>&1 &
pid=$!
for _ in $(seq 600); do
    grep -q "ready:" "$tmp/switchd.log" || ! kill -0 "$pid" 2>/dev/null && break
    sleep 0.2
done
cat "$tmp/switchd.log"
check "it starts from /etc/tapswitch/startup.json" \
    grep -q "configuration: /etc/tapswitch/startup.json" "$tmp/switchd.log"
check "and is ready with bridge br0 and two ports" grep -q "ready: 1 bridge(s), 2 port(s)" "$tmp/switchd.log"
check "its TAPs vm1 and vm2 are in the namespace" \
    sh -c "ip -n $ns link show vm1 && ip -n $ns link show vm2" > /dev/null
/usr/bin/swsh -s "$tmp/sw.sock" -c 'show interfaces status' > "$tmp/status" 2>&1
cat "$tmp/status"
check "the installed swsh shows them" sh -c "grep -q '^vm1 ' $tmp/status && grep -q '^vm2 ' $tmp/status"
kill -TERM "$pid"; wait "$pid"; rc=$?; pid=""
check "SIGTERM stops it with status 0" test "$rc" -eq 0
check "and its TAPs are gone" sh -c "! ip -n $ns link show vm1 2>/dev/null"
ip netns del "$ns"

# 6. Purge.
if dpkg --purge tapswitch > "$tmp/dpkg-purge.log" 2>&1; then
    ok "dpkg --purge tapswitch"
else
    cat "$tmp/dpkg-purge.log"; fail "dpkg --purge"
fi
[ -n "$made_policy" ] && rm -f /usr/sbin/policy-rc.d && made_policy=""
snapshot > "$tmp/after"
: > "$tmp/left"
while read -r mark path; do
    if dpkg -S "$path" > /dev/null 2>&1; then
        echo "  (another package's, ignored: $mark $path)"
    else
        echo "$mark $path" >> "$tmp/left"
    fi
done < <(diff "$tmp/before" "$tmp/after" | sed -n 's/^\([<>]\) /\1 /p')
sed 's/^/  left: /' "$tmp/left"
check "purge leaves the file lists as before the install" test ! -s "$tmp/left"
finish
