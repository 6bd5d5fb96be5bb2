#!/usr/bin/env bash
# tests/e2e/build-image.sh [OUTDIR]
#
# Builds the tiny VM image the end-to-end tests boot: OUTDIR/vmlinuz (Debian's cloud
# kernel) and OUTDIR/initramfs.cpio.gz (busybox-static, the virtio-net and 8021q modules,
# and an /init that configures the NIC, runs a command and powers off), plus
# OUTDIR/MANIFEST.  Everything comes from Debian packages: they are fetched with
# `apt-get download` and unpacked with `dpkg-deb -x`; nothing is installed.
#
# OUTDIR defaults to build/e2e-image under the repository root.  An existing image is
# reused when its MANIFEST names the same kernel and busybox packages and versions, the
# same modules and the same version of this script, and the files still match their
# sha256 sums; otherwise it is rebuilt (the archive is reproducible: same inputs, same
# bytes).
#
# Host needs: apt-get, dpkg-deb, cpio, kmod (depmod, modprobe), gzip.
# Env: E2E_KPKG=linux-image-6.1.0-NN-cloud-amd64 pins the kernel package (default: what
#      the linux-image-cloud-amd64 metapackage depends on today; security updates bump
#      the ABI name and the archive then drops the old package, so don't pin for long).
#
# The VM's /init reads its parameters from the kernel command line (the kernel hands
# unknown name=value words to init as environment variables):
#   e2e_name=NAME        name in the result line (default vm)
#   e2e_ip=ADDR/PFX      address on eth0
#   e2e_vlan=ID e2e_vip=ADDR/PFX   also create eth0.ID with that address
#   e2e_cmd=BASE64       the command, base64 of a busybox sh script (base64 avoids the
#                        kernel's 32-argument limit for init and its quote handling)
#   e2e_linger=SECONDS   stay up that long after the result (default 0)
# and prints on the serial console:
#   E2E-UP NAME mac=... ip=... vlan=... uptime=...
#   E2E-RESULT NAME: PASS          or   E2E-RESULT NAME: FAIL rc=N
# then powers off (QEMU exits).  Helpers in the image: e2e-ping, e2e-serve, e2e-fetch
# (see their headers below).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SELF="$ROOT/tests/e2e/build-image.sh"
OUT=${1:-$ROOT/build/e2e-image}
MODS="virtio_pci virtio_net 8021q"      # all =m in Debian's cloud kernel; deps follow

die() { echo "build-image: $*" >&2; exit 1; }

missing=
for tool in apt-get apt-cache dpkg-deb cpio depmod modprobe gzip sha256sum; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
    die "missing tools:$missing; install them with:
  apt-get install --no-install-recommends qemu-system-x86 cpio kmod"
fi

# --- what the image would be built from -----------------------------------------
resolve_kpkg() {
    if [ -n "${E2E_KPKG:-}" ]; then echo "$E2E_KPKG"; return; fi
    apt-cache depends linux-image-cloud-amd64 2>/dev/null |
        awk '/Depends: linux-image-/ {print $2; exit}'
}
candidates() {  # "PKG VERSION" per package apt knows a candidate for (one apt-cache call)
    apt-cache policy "$@" 2>/dev/null |
        awk '/^[^ ].*:$/ {p = substr($1, 1, length($1) - 1)}
             $1 == "Candidate:" && $2 != "(none)" {print p, $2}'
}
lookup() {
    KPKG=$(resolve_kpkg)
    [ -n "$KPKG" ] || return 1
    local cands; cands=$(candidates "$KPKG" busybox-static)
    KVERSION=$(awk -v p="$KPKG" '$1 == p {print $2}' <<<"$cands")
    BBVERSION=$(awk '$1 == "busybox-static" {print $2}' <<<"$cands")
    [ -n "$KVERSION" ] && [ -n "$BBVERSION" ]
}

if ! lookup; then
    # a fresh machine may have no package lists yet
    echo "build-image: apt knows no kernel/busybox package yet, running apt-get update" >&2
    apt-get update -q >/dev/null || die "apt-get update failed"
    lookup || die "apt cannot resolve the kernel (${KPKG:-linux-image-cloud-amd64}: ${KVERSION:-no version}) or busybox-static (${BBVERSION:-no version}); set E2E_KPKG?"
fi
KVER=${KPKG#linux-image-}

wanted_header() {
    echo "# tapswitch e2e VM image (tests/e2e/build-image.sh)"
    echo "kernel $KPKG $KVERSION"
    echo "busybox busybox-static $BBVERSION"
    echo "modules $MODS"
    echo "builder $(sha256sum < "$SELF" | cut -d' ' -f1)"
}
HEADER_LINES=5

# --- reuse ------------------------------------------------------------------------
if [ -f "$OUT/MANIFEST" ] &&
   [ "$(head -n $HEADER_LINES "$OUT/MANIFEST")" = "$(wanted_header)" ] &&
   (cd "$OUT" && sed -n 's/^sha256 //p' MANIFEST | sha256sum --check --quiet --status); then
    echo "build-image: reusing $OUT ($KPKG $KVERSION)"
    exit 0
fi

# --- build ------------------------------------------------------------------------
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)     # absolute: the build below runs in a temp dir
echo "build-image: building $OUT from $KPKG $KVERSION + busybox-static $BBVERSION"
W=$(mktemp -d "${TMPDIR:-/tmp}/tapswitch-e2e-image.XXXXXX")
trap 'rm -rf "$W"' EXIT
cd "$W"

# apt-get download drops privileges to _apt, which cannot write into our temp dir
apt-get download -q -o APT::Sandbox::User=root "$KPKG=$KVERSION" "busybox-static=$BBVERSION" \
    >download.log 2>&1 || { cat download.log >&2; die "apt-get download failed"; }
dpkg-deb -x "$KPKG"_*.deb kernel
dpkg-deb -x busybox-static_*.deb busybox
[ -f "kernel/boot/vmlinuz-$KVER" ] || die "no kernel/boot/vmlinuz-$KVER in $KPKG"

mkdir -p root/bin root/lib/modules root/etc root/proc root/sys root/dev root/tmp
cp busybox/bin/busybox root/bin/busybox
for applet in $(busybox/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -s busybox "root/bin/$applet"
done

# modules and their dependencies, in load order (busybox insmod does no dependency work)
depmod -b kernel "$KVER"
for m in $MODS; do
    modprobe -d kernel -S "$KVER" --show-depends "$m" || die "module $m not found"
done | awk '$1 == "insmod" && !seen[$2]++ {print $2}' >modules.list
while read -r ko; do
    cp "$ko" root/lib/modules/
    basename "$ko" >>root/etc/modules
done <modules.list
grep -qx 8021q.ko root/etc/modules || die "8021q.ko missing from the module list"
grep -qx virtio_net.ko root/etc/modules || die "virtio_net.ko missing from the module list"

cat >root/init <<'EOF'
#!/bin/sh
# PID 1 of a tapswitch e2e VM; parameters: see tests/e2e/build-image.sh.
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
name=${e2e_name:-vm}
hostname "$name"
while read -r m; do insmod "/lib/modules/$m" || echo "E2E-WARN $name: insmod $m failed"; done </etc/modules
i=0
while [ ! -e /sys/class/net/eth0 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
ip link set lo up
ip link set eth0 up
[ -n "${e2e_ip:-}" ] && ip addr add "$e2e_ip" dev eth0
if [ -n "${e2e_vlan:-}" ]; then
    ip link add link eth0 name "eth0.$e2e_vlan" type vlan id "$e2e_vlan"
    ip link set "eth0.$e2e_vlan" up
    [ -n "${e2e_vip:-}" ] && ip addr add "$e2e_vip" dev "eth0.$e2e_vlan"
fi
echo "E2E-UP $name mac=$(cat /sys/class/net/eth0/address 2>/dev/null) ip=${e2e_ip:-} vlan=${e2e_vlan:-} vip=${e2e_vip:-} uptime=$(cut -d' ' -f1 /proc/uptime)"
if [ -z "${e2e_cmd:-}" ]; then
    echo "E2E-WARN $name: no e2e_cmd, starting a shell on the console"
    setsid cttyhack sh
    poweroff -f
fi
echo "$e2e_cmd" | base64 -d >/tmp/e2e-cmd.sh
sh /tmp/e2e-cmd.sh
rc=$?
if [ $rc -eq 0 ]; then
    echo "E2E-RESULT $name: PASS"
else
    echo "E2E-RESULT $name: FAIL rc=$rc"
fi
sleep "${e2e_linger:-0}"
poweroff -f
EOF

cat >root/bin/e2e-ping <<'EOF'
#!/bin/sh
# e2e-ping IP [COUNT=3] [WAIT=60]: wait up to WAIT s until IP answers one ping, then
# COUNT more pings must all be answered.
ip=$1 count=${2:-3} wait=${3:-60}
now() { cut -d. -f1 /proc/uptime; }
end=$(( $(now) + wait ))
until ping -c 1 -W 1 "$ip" >/dev/null 2>&1; do
    if [ "$(now)" -ge $end ]; then echo "e2e-ping: $ip silent for ${wait}s"; exit 1; fi
    sleep 0.2
done
ping -c "$count" -i 0.2 -W 2 "$ip" >/tmp/ping.out 2>&1
rc=$?
cat /tmp/ping.out
[ $rc -eq 0 ] && grep -q " $count packets received" /tmp/ping.out
EOF

cat >root/bin/e2e-serve <<'EOF'
#!/bin/sh
# e2e-serve NAME MIB: writes MIB MiB of random bytes to /srv/NAME and its sha256 to
# /srv/NAME.sha256, prints "E2E-SHA256 served NAME SUM BYTES", starts httpd on port 80.
name=$1 mib=$2
mkdir -p /srv
dd if=/dev/urandom of="/srv/$name" bs=1048576 count="$mib" 2>/dev/null || exit 1
sum=$(sha256sum "/srv/$name" | cut -d' ' -f1)
echo "$sum" >"/srv/$name.sha256.tmp" && mv "/srv/$name.sha256.tmp" "/srv/$name.sha256"
echo "E2E-SHA256 served $name $sum $(wc -c <"/srv/$name")"
httpd -h /srv
EOF

cat >root/bin/e2e-fetch <<'EOF'
#!/bin/sh
# e2e-fetch HOST NAME BYTES [TIMEOUT=60]: waits up to TIMEOUT s until http://HOST/NAME.sha256
# can be fetched (the server may still be writing NAME), downloads http://HOST/NAME,
# prints "E2E-SHA256 fetched NAME SUM BYTES", and succeeds iff the size is BYTES and the
# sum matches the served one.  (busybox wget -T crashes: timeout bounds each wget.)
host=$1 name=$2 bytes=$3 t=${4:-60}
now() { cut -d. -f1 /proc/uptime; }
end=$(( $(now) + t ))
rm -f "/tmp/$name" "/tmp/$name.sha256"
until timeout 10 wget -q -O "/tmp/$name.sha256" "http://$host/$name.sha256" 2>/tmp/wget.err; do
    if [ "$(now)" -ge $end ]; then
        echo "e2e-fetch: could not get http://$host/$name.sha256 for ${t}s; last wget error:"
        cat /tmp/wget.err
        exit 1
    fi
    sleep 0.5
done
start=$(cut -d' ' -f1 /proc/uptime)
timeout "$t" wget -q -O "/tmp/$name" "http://$host/$name" ||
    { echo "e2e-fetch: http://$host/$name failed after $(wc -c <"/tmp/$name" 2>/dev/null) bytes"; exit 1; }
end=$(cut -d' ' -f1 /proc/uptime)
got=$(wc -c <"/tmp/$name")
sum=$(sha256sum "/tmp/$name" | cut -d' ' -f1)
rm -f "/tmp/$name"
echo "E2E-SHA256 fetched $name $sum $got from $host in ${start}s..${end}s uptime"
[ "$got" = "$bytes" ] || { echo "e2e-fetch: got $got bytes, want $bytes"; exit 1; }
[ "$sum" = "$(cat "/tmp/$name.sha256")" ] || { echo "e2e-fetch: sha256 differs from the served one"; exit 1; }
EOF
chmod 0755 root/init root/bin/e2e-ping root/bin/e2e-serve root/bin/e2e-fetch

# reproducible archive: fixed mtimes and owners, sorted names, no gzip timestamp
find root -exec touch -h -d @0 {} +
(cd root && find . -print0 | LC_ALL=C sort -z |
    cpio --null --reproducible --create --format=newc --owner=0:0 --quiet) |
    gzip -9n >initramfs.cpio.gz

# install: drop the old MANIFEST first, so an interrupted install never looks valid
rm -f "$OUT/MANIFEST"
cp "kernel/boot/vmlinuz-$KVER" "$OUT/vmlinuz"
cp initramfs.cpio.gz "$OUT/initramfs.cpio.gz"
{
    wanted_header
    echo "loads $(tr '\n' ' ' <root/etc/modules | sed 's/ $//')"
    (cd "$OUT" && sha256sum vmlinuz initramfs.cpio.gz) | sed 's/^/sha256 /'
} >"$OUT/MANIFEST.new"
mv "$OUT/MANIFEST.new" "$OUT/MANIFEST"
cat "$OUT/MANIFEST"
