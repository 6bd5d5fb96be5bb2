# tests/e2e/lib.sh -- sourced by the end-to-end tests (tests/e2e/t_*.sh).
#
# A test makes its own network namespace, starts its own switchd in it, boots tiny VMs
# (tests/e2e/build-image.sh) whose virtio NICs attach to switchd's tap ports, and waits
# for each VM's result line.  Everything a test starts is recorded here by PID and torn
# down by an EXIT trap, pass or fail: VMs are killed, switchd gets SIGTERM (then
# SIGKILL), the netns is deleted.  Nothing is found or killed by name.
#
# Environment (run.sh sets it; the defaults let a test run on its own as root):
#   SWITCHD     switchd binary          (default build/switchd/switchd)
#   SWSH        swsh binary             (default build/shell/swsh)
#   E2E_IMG     VM image directory      (default build/e2e-image; build-image.sh makes it)
#   E2E_OUT     this test's log dir     (default build/e2e/<test name>)
#   E2E_ACCEL   tcg (default) or kvm    (KVM here is kvm-pvm and cannot run a stock kernel)
#   E2E_MEM     guest MiB, default 96   (80 is the floor for this kernel)
#
# Checks: e2e_check / e2e_fail count failures and go on; e2e_abort stops the test;
# e2e_finish prints diagnostics when something failed and exits 0 or 1.

set -uo pipefail

E2E_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
abs() { case $1 in /*) echo "$1" ;; *) echo "$E2E_ROOT/$1" ;; esac; }
SWITCHD=$(abs "${SWITCHD:-build/switchd/switchd}")
SWSH=$(abs "${SWSH:-build/shell/swsh}")
E2E_IMG=$(abs "${E2E_IMG:-build/e2e-image}")
E2E_ACCEL=${E2E_ACCEL:-tcg}
# switchd's SSH host keys go to the tests' own state directory, never to the
# machine's /var/lib/tapswitch (as tests/integration/lib.sh does).
export TAPSWITCH_STATE_DIR=${TAPSWITCH_STATE_DIR:-/tmp/tapswitch-test-state}
E2E_MEM=${E2E_MEM:-96}

E2E_FAILS=0
E2E_FAILED=()           # what failed, repeated at the end of the log
E2E_NETNS=()            # namespaces this test created
declare -A VM_PID=()    # VM name -> QEMU pid (QEMU itself: `ip netns exec` execs it)
declare -A VM_LOG=()    # VM name -> serial console log
declare -A VM_STAYS=()  # VM name -> 1 if it stays up after its result (VM_LINGER)
SWITCHD_PID=
SWITCHD_LOG=
SOCK=

# --- reporting ----------------------------------------------------------------------
e2e_log() { printf '[%5.1fs] %s\n' "$(e2e_elapsed)" "$*"; }
e2e_elapsed() { awk -v t0="$E2E_T0" -v t1="$(date +%s.%N)" 'BEGIN {printf "%.1f", t1 - t0}'; }
e2e_fail() { E2E_FAILS=$((E2E_FAILS + 1)); E2E_FAILED+=("$*"); e2e_log "FAIL: $*"; }
e2e_ok() { e2e_log "ok: $*"; }
# e2e_check DESCRIPTION CMD...: runs CMD; counts a failure unless it succeeds
e2e_check() {
    local what=$1; shift
    if "$@"; then e2e_ok "$what"; else e2e_fail "$what"; fi
}
e2e_abort() { e2e_fail "$*"; e2e_log "aborting the test"; e2e_finish; }

# --- life cycle -----------------------------------------------------------------------
# e2e_begin NAME: log dir, temp dir for sockets, traps
e2e_begin() {
    E2E_NAME=$1
    E2E_T0=$(date +%s.%N)
    E2E_OUT=$(abs "${E2E_OUT:-build/e2e/$E2E_NAME}")
    rm -rf "$E2E_OUT"
    mkdir -p "$E2E_OUT"
    # unix socket paths are limited to 108 bytes: keep the socket in a short temp dir
    E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/tsw-e2e.XXXXXX")
    trap e2e_cleanup EXIT
    trap 'e2e_fail "interrupted by a signal"; exit 1' INT TERM HUP
    e2e_log "test $E2E_NAME: logs in $E2E_OUT"
    [ "$(id -u)" = 0 ] || e2e_abort "must run as root (network namespaces, taps)"
    [ -x "$SWITCHD" ] || e2e_abort "no switchd binary at $SWITCHD"
    [ -x "$SWSH" ] || e2e_abort "no swsh binary at $SWSH"
    if [ ! -f "$E2E_IMG/vmlinuz" ] || [ ! -f "$E2E_IMG/initramfs.cpio.gz" ]; then
        e2e_abort "no VM image in $E2E_IMG (run tests/e2e/build-image.sh)"
    fi
    command -v qemu-system-x86_64 >/dev/null || e2e_abort "qemu-system-x86_64 not installed"
}

# e2e_finish: the test's verdict; exits (the EXIT trap cleans up)
e2e_finish() {
    trap - INT TERM HUP
    if [ "$E2E_FAILS" -eq 0 ]; then
        e2e_log "test $E2E_NAME: all checks passed"
        exit 0
    fi
    e2e_diagnostics
    e2e_log "test $E2E_NAME: $E2E_FAILS check(s) failed:"
    printf '    - %s\n' "${E2E_FAILED[@]}"
    exit 1
}

e2e_diagnostics() {
    local name
    echo "---- diagnostics ($E2E_OUT)"
    if [ -n "$SWITCHD_PID" ] && e2e_alive "$SWITCHD_PID"; then
        echo "-- swsh show ports / show mac (switchd still running)"
        e2e_swsh 'show ports' 2>&1 | sed 's/^/   /'
        e2e_swsh 'show mac address-table' 2>&1 | sed 's/^/   /'
    fi
    for name in "${!VM_LOG[@]}"; do
        echo "-- VM $name serial log (last 15 lines of ${VM_LOG[$name]})"
        tail -n 15 "${VM_LOG[$name]}" 2>/dev/null | sed 's/^/   /'
        if [ -s "$E2E_OUT/$name.qemu.log" ]; then
            echo "-- VM $name QEMU stderr"
            tail -n 5 "$E2E_OUT/$name.qemu.log" | sed 's/^/   /'
        fi
    done
    if [ -n "$SWITCHD_LOG" ]; then
        echo "-- switchd log (last 20 lines of $SWITCHD_LOG)"
        tail -n 20 "$SWITCHD_LOG" 2>/dev/null | sed 's/^/   /'
    fi
}

# EXIT trap: kill what we started (by PID), delete our netns
e2e_cleanup() {
    local name pid ns _
    trap - INT TERM HUP
    for name in "${!VM_PID[@]}"; do
        pid=${VM_PID[$name]}
        [ -n "$pid" ] || continue
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    if [ -n "$SWITCHD_PID" ]; then
        kill -TERM "$SWITCHD_PID" 2>/dev/null
        for _ in $(seq 50); do e2e_alive "$SWITCHD_PID" || break; sleep 0.1; done
        kill -KILL "$SWITCHD_PID" 2>/dev/null
        wait "$SWITCHD_PID" 2>/dev/null
    fi
    for ns in "${E2E_NETNS[@]}"; do ip netns del "$ns" 2>/dev/null; done
    rm -rf "$E2E_TMP"
}

# e2e_alive PID: the process exists and is not a zombie
e2e_alive() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [ "${stat%% *}" != Z ]
}

# --- network namespace ------------------------------------------------------------------
# e2e_netns_create NAME: a fresh netns with lo up and IPv6 off, deleted at exit
e2e_netns_create() {
    local ns=$1
    ip netns add "$ns" || e2e_abort "cannot create netns $ns"
    E2E_NETNS+=("$ns")
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
        net.ipv6.conf.default.disable_ipv6=1 >/dev/null || e2e_abort "cannot disable IPv6 in $ns"
    ip -n "$ns" link set lo up
    e2e_log "netns $ns created"
}

# --- switchd ---------------------------------------------------------------------------------
e2e_swsh() { "$SWSH" -s "$SOCK" -c "$@"; }

# e2e_switchd_start NS CONFIG: starts switchd in NS, waits until `show ports` answers
# (up to E2E_READY_TIMEOUT s, default 120: a loaded machine with sanitizers is slow)
e2e_switchd_start() {
    local ns=$1 config=$2 end
    SOCK=$E2E_TMP/switchd.sock
    SWITCHD_LOG=$E2E_OUT/switchd.log
    cp "$config" "$E2E_OUT/switchd.json" 2>/dev/null
    e2e_log "starting switchd: ip netns exec $ns $SWITCHD -f -c $config -s $SOCK"
    ip netns exec "$ns" "$SWITCHD" -f -c "$config" -s "$SOCK" </dev/null >"$SWITCHD_LOG" 2>&1 &
    SWITCHD_PID=$!
    end=$(( $(date +%s) + ${E2E_READY_TIMEOUT:-120} ))
    while [ "$(date +%s)" -lt "$end" ]; do
        if ! e2e_alive "$SWITCHD_PID"; then
            local rc=0
            wait "$SWITCHD_PID" || rc=$?
            SWITCHD_PID=
            e2e_abort "switchd exited with status $rc before its socket answered"
        fi
        if e2e_swsh 'show ports' >"$E2E_OUT/show-ports.start" 2>&1; then
            e2e_log "switchd ready (pid $SWITCHD_PID):"
            sed 's/^/    /' "$E2E_OUT/show-ports.start"
            return 0
        fi
        sleep 0.1
    done
    e2e_abort "switchd's socket did not answer 'show ports' within ${E2E_READY_TIMEOUT:-120} s"
}

# e2e_show TAG: saves `show ports` and `show mac address-table` to $E2E_OUT/TAG.{ports,mac} and logs
# them; `show json` (with the per-reason drop counters) goes to $E2E_OUT/TAG.json only
e2e_show() {
    local tag=$1
    e2e_swsh 'show ports' >"$E2E_OUT/$tag.ports" 2>&1 || e2e_fail "swsh 'show ports' failed ($tag)"
    e2e_swsh 'show mac address-table' >"$E2E_OUT/$tag.mac" 2>&1 ||
        e2e_fail "swsh 'show mac address-table' failed ($tag)"
    e2e_swsh 'show json' >"$E2E_OUT/$tag.json" 2>&1 || e2e_log "note: swsh 'show json' failed ($tag)"
    e2e_log "switch state ($tag):"
    sed 's/^/    /' "$E2E_OUT/$tag.ports" "$E2E_OUT/$tag.mac"
}

# e2e_port_stat TAG PORT COLUMN: a column of PORT's row in the saved `show ports`
# (columns found by header name: RX_FRAMES RX_BYTES TX_FRAMES TX_BYTES DROPS ...)
e2e_port_stat() {
    awk -v port="$2" -v col="$3" '
        NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
        ("PORT" in idx) && (col in idx) && $idx["PORT"] == port { print $idx[col]; exit }
    ' "$E2E_OUT/$1.ports"
}

# e2e_mac_learned TAG VLAN MAC PORT: the saved `show mac address-table` (IOS
# layout: Vlan, dotted Mac Address, Type, Ports) has MAC (xx:xx:...) on PORT in VLAN
e2e_mac_learned() {
    local dotted
    dotted=$(printf '%s' "$3" | tr -d ':' | tr 'A-F' 'a-f' | sed 's/^\(....\)\(....\)\(....\)$/\1.\2.\3/')
    awk -v vlan="$2" -v mac="$dotted" -v port="$4" '
        $1 == vlan && $2 == mac && $4 == port { f = 1 }
        END { exit !f }
    ' "$E2E_OUT/$1.mac"
}

# e2e_switchd_stop: SIGTERM; switchd must exit 0 within 30 s with no sanitizer report
e2e_switchd_stop() {
    local pid=$SWITCHD_PID rc _
    [ -n "$pid" ] || return 0
    e2e_log "stopping switchd (SIGTERM to pid $pid)"
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 300); do e2e_alive "$pid" || break; sleep 0.1; done
    if e2e_alive "$pid"; then
        e2e_fail "switchd still running 30 s after SIGTERM; killing it"
        kill -KILL "$pid" 2>/dev/null
    fi
    wait "$pid"
    rc=$?
    SWITCHD_PID=
    if [ "$rc" -eq 0 ]; then e2e_ok "switchd exited 0 on SIGTERM"; else e2e_fail "switchd exit status $rc after SIGTERM (want 0)"; fi
    if grep -En 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$SWITCHD_LOG"; then
        e2e_fail "sanitizer report in $SWITCHD_LOG"
    else
        e2e_ok "no sanitizer report in switchd's log"
    fi
}

# e2e_taps_ready NS IFNAME...: each is a persistent tap, admin up (what QEMU attaches to)
e2e_taps_ready() {
    local ns=$1 dev info; shift
    for dev in "$@"; do
        info=$(ip -n "$ns" -d link show "$dev" 2>&1)
        case $info in
            *"<"*UP*">"*"tun type tap"*"persist on"*) ;;
            *) e2e_log "$dev in $ns is not an admin-up persistent tap:"; echo "$info"; return 1 ;;
        esac
    done
}

# e2e_links_gone NS IFNAME...: none of the netdevs exists in NS any more
e2e_links_gone() {
    local ns=$1 dev; shift
    for dev in "$@"; do
        if ip -n "$ns" link show "$dev" >/dev/null 2>&1; then
            e2e_log "$dev still exists in $ns"
            return 1
        fi
    done
}

# --- VMs -------------------------------------------------------------------------------------
# e2e_vm_start NAME NS TAP MAC IP/PFX CMD [VLAN VIP/PFX]
# Boots a VM whose virtio NIC (MAC) attaches to the existing tap TAP in NS; the guest
# puts IP on eth0 (and VIP on eth0.VLAN), runs CMD (busybox sh) and prints
# "E2E-RESULT NAME: PASS|FAIL rc=N".  Returns at once; see e2e_vm_wait.
# With VM_LINGER=SECONDS (e.g. `VM_LINGER=600 e2e_vm_start ...`) the guest stays up that
# long after its result instead of powering off, e.g. to keep serving a peer; stop it
# with e2e_vm_stop.
e2e_vm_start() {
    local name=$1 ns=$2 tap=$3 mac=$4 ip=$5 cmd=$6 vlan=${7:-} vip=${8:-}
    local log=$E2E_OUT/$name.serial.log cpu=max args
    [ "$E2E_ACCEL" = kvm ] && cpu=host
    args="e2e_name=$name e2e_ip=$ip e2e_linger=${VM_LINGER:-0}"
    args="$args e2e_cmd=$(printf '%s' "$cmd" | base64 -w0)"
    [ -n "$vlan" ] && args="$args e2e_vlan=$vlan e2e_vip=$vip"
    [ ${#args} -lt 1900 ] || e2e_abort "VM $name: command too long for the kernel command line"
    : >"$log"
    printf '%s\n' "$cmd" >"$E2E_OUT/$name.cmd"
    ip netns exec "$ns" qemu-system-x86_64 -name "$name" \
        -accel "$E2E_ACCEL" -cpu "$cpu" -m "$E2E_MEM" -smp 1 \
        -nodefaults -no-user-config -display none -no-reboot \
        -kernel "$E2E_IMG/vmlinuz" -initrd "$E2E_IMG/initramfs.cpio.gz" \
        -append "console=ttyS0 quiet panic=-1 $args" \
        -serial "file:$log" \
        -netdev "tap,id=net0,ifname=$tap,script=no,downscript=no" \
        -device "virtio-net-pci,netdev=net0,mac=$mac" \
        </dev/null >"$E2E_OUT/$name.qemu.log" 2>&1 &
    VM_PID[$name]=$!
    VM_LOG[$name]=$log
    VM_STAYS[$name]=; [ "${VM_LINGER:-0}" -gt 0 ] && VM_STAYS[$name]=1
    e2e_log "VM $name started (pid ${VM_PID[$name]}): tap $tap mac $mac ip $ip${vlan:+ eth0.$vlan $vip}"
}

# e2e_vm_wait_line NAME TEXT TIMEOUT: waits until the VM's console shows TEXT (fixed
# string); fails early when QEMU exits.  The first matching line is left in E2E_LINE.
e2e_vm_wait_line() {
    local name=$1 text=$2 timeout=$3 pid=${VM_PID[$1]} log=${VM_LOG[$1]} end exited
    end=$(( $(date +%s) + timeout ))
    E2E_LINE=
    while :; do
        exited=; { [ -n "$pid" ] && e2e_alive "$pid"; } || exited=1
        E2E_LINE=$(grep -aF -- "$text" "$log" 2>/dev/null | head -n 1)
        [ -n "$E2E_LINE" ] && return 0
        if [ -n "$exited" ]; then
            e2e_log "VM $name: QEMU exited before printing '$text'"
            return 1
        fi
        if [ "$(date +%s)" -ge "$end" ]; then
            e2e_log "VM $name: no '$text' within ${timeout}s"
            return 1
        fi
        sleep 0.2
    done
}

# e2e_vm_wait NAME TIMEOUT: waits for the VM's result line, then (unless it lingers)
# for QEMU to exit as the guest powers off.  Succeeds iff the VM printed PASS.
e2e_vm_wait() {
    local name=$1 timeout=$2 found=0
    e2e_vm_wait_line "$name" "E2E-RESULT $name: " "$timeout" || found=1
    [ -n "${VM_STAYS[$name]}" ] || e2e_vm_reap "$name" 5
    grep -a 'E2E-\|e2e-' "${VM_LOG[$name]}" | sed "s/^/    $name| /"
    [ "$found" -eq 0 ] || return 1
    case $E2E_LINE in *"E2E-RESULT $name: PASS"*) return 0 ;; esac
    return 1
}

# e2e_vm_reap NAME SECONDS: waits that long for QEMU to exit, then SIGKILLs it
e2e_vm_reap() {
    local name=$1 pid=${VM_PID[$1]} _
    [ -n "$pid" ] || return 0
    for _ in $(seq $(( $2 * 10 ))); do e2e_alive "$pid" || break; sleep 0.1; done
    if e2e_alive "$pid"; then
        e2e_log "VM $name: QEMU still running after $2 s; killing it"
        kill -KILL "$pid" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null
    VM_PID[$name]=
}

# e2e_vm_stop NAME: SIGTERM (QEMU quits at once, like pulling the plug), then reap
e2e_vm_stop() {
    local name=$1 pid=${VM_PID[$1]}
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null
    e2e_vm_reap "$name" 5
    e2e_log "VM $name stopped"
}

# e2e_same_data SERVER CLIENT FILE: the host's own look at a transfer: the sha256 the
# SERVER VM printed for FILE (e2e-serve) is the one the CLIENT VM printed (e2e-fetch)
e2e_same_data() {
    local served fetched
    served=$(grep -a "E2E-SHA256 served $3 " "${VM_LOG[$1]}" | head -n 1 | awk '{print $4}')
    fetched=$(grep -a "E2E-SHA256 fetched $3 " "${VM_LOG[$2]}" | head -n 1 | awk '{print $4}')
    [ -n "$served" ] && [ "$served" = "$fetched" ]
}

# e2e_vm_kill NAME: SIGKILL the VM's QEMU (no shutdown: the guest just vanishes)
e2e_vm_kill() {
    local name=$1 pid=${VM_PID[$1]}
    [ -n "$pid" ] || return 0
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    VM_PID[$name]=
    e2e_log "VM $name: QEMU pid $pid killed with SIGKILL"
}
