#!/bin/bash
# examples/openstack-vlan/run.sh: two OpenStack "compute hosts" on one machine,
# each a switchd with br-int and br-eth1 joined by a patch pair, the agent's
# VLAN translation flows from compute-a.json / compute-b.json, and a veth
# "physical wire" between the hosts (README.md has the picture).
#
#   run.sh [--qemu] [--keep] [--prefix NAME] [--dir DIR]
#
#   --qemu         the net1/net2 VMs are QEMU guests (TCG) on tap ports, booted
#                  from the tests/e2e image (built by tests/e2e/build-image.sh
#                  when missing); default: network namespaces on internal ports
#   --keep         after the demo, leave everything running for poking with
#                  swsh and ping; Ctrl-C (or SIGTERM) cleans up
#   --prefix NAME  prefix of the network namespaces (default osvlan): NAME-a
#                  and NAME-b are the hosts, NAME-a1 ... the VMs
#   --dir DIR      configs, sockets and logs go here and stay after exit
#                  (default: a temporary directory, removed at exit)
#
# It brings both hosts up, prints `ovs-ofctl dump-flows` of the four bridges,
# pings within each network across the hosts (and checks that the networks
# cannot reach each other, that an unwired port stays home and that a stray
# provider VLAN is dropped), shows what the wire carried, and prints the flows
# again so the counters visibly rise.  Exit status 0 if every check held.
#
# Everything it creates (namespaces, the wire, switchd and QEMU processes it
# started, the temporary directory) is removed on exit, Ctrl-C included; it
# kills only the PIDs it started.  Addresses are 10.10.x.x inside its own
# namespaces; the machine's own interfaces are never touched.
#
# Sourcing this file (as tests/integration/t_openstack_vlan.sh does) defines
# the names and functions without running anything: os_topology PREFIX sets
# the names of everything.
#
# Environment: SWITCHD, SWSH (binaries; default build/ of this tree, then
# $PATH), E2E_IMG (VM image for --qemu, default build/e2e-image), E2E_ACCEL
# (tcg or kvm, default tcg), E2E_MEM (guest MiB, default 96).

OS_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OS_ROOT=$(cd "$OS_HERE/../.." && pwd)

# ------------------------------------------------------------------ topology

# os_topology PREFIX: the names and addresses of everything, as globals.
# VMs are keys a1 a2 a3 (compute-a) and b1 b2 (compute-b); their ports are
# named vm-KEY in the JSON files.  Both networks share one IPv4 subnet on
# purpose: only VLANs keep them apart, so a leak would answer a ping.
os_topology()
{
    OS_PREFIX=$1
    OS_NS_A=$1-a                        # host compute-a: its switchd, its end of the wire
    OS_NS_B=$1-b
    OS_WIRE=eth1                        # the wire's end in each host namespace
    OS_VMS=(a1 a2 a3 b1 b2)
    declare -gA OS_VM_HOST=([a1]=a [a2]=a [a3]=a [b1]=b [b2]=b)
    declare -gA OS_VM_NET=([a1]=net1 [b1]=net1 [a2]=net2 [b2]=net2 [a3]=unwired)
    declare -gA OS_VM_IP=([a1]=10.10.0.1 [b1]=10.10.0.2 [a3]=10.10.0.3
                          [a2]=10.10.0.11 [b2]=10.10.0.12)
    declare -gA OS_VM_MAC=([a1]=52:54:00:0a:00:01 [a2]=52:54:00:0a:00:02
                           [a3]=52:54:00:0a:00:03 [b1]=52:54:00:0b:00:01
                           [b2]=52:54:00:0b:00:02)
    # Local VLAN of each VM's port on br-int, as in the JSON files.
    declare -gA OS_VM_VLAN=([a1]=1 [a2]=2 [a3]=3 [b1]=5 [b2]=6)
    declare -gA OS_NET_SEG=([net1]=100 [net2]=101)
    # A stray sender on the wire: raw frames written to compute-a's eth1
    # beside switchd stand for another host on physnet1 talking in provider
    # VLAN 102, a network with no port on compute-b (whose br-int drops it).
    OS_STRAY_VLAN=102
    OS_STRAY_SRC_MAC=52:54:00:66:00:01 OS_STRAY_DST_MAC=52:54:00:66:00:02
    OS_STRAY_SRC_IP=10.10.102.1 OS_STRAY_DST_IP=10.10.102.2
}

# os_vm_ns KEY: the namespace of VM KEY (netns mode) ...
os_vm_ns() { echo "$OS_PREFIX-$1"; }
# os_host_ns a|b: ... and of a host.
os_host_ns() { if [ "$1" = a ]; then echo "$OS_NS_A"; else echo "$OS_NS_B"; fi; }
# os_sock a|b: the control socket of a host's switchd.
os_sock() { echo "$OS_DIR/compute-$1.sock"; }
# os_swsh a|b CMD...: run swsh commands on a host's switchd.
os_swsh()
{
    local host=$1 args=() c; shift
    for c in "$@"; do args+=(-c "$c"); done
    timeout 10 "$SWSH" -s "$(os_sock "$host")" "${args[@]}"
}

os_die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

# ------------------------------------------------------------- life cycle

OS_NETNS=()             # namespaces created, in order (only these are deleted)
OS_PIDS=()              # processes started: switchd, QEMU, tcpdump, sleep
declare -A OS_PID_NAME=()
declare -A OS_LIVE=()   # started and not yet reaped: the only PIDs ever signalled

# os_started PID NAME / os_reap PID: the bookkeeping around each process.
os_started() { OS_PIDS+=("$1"); OS_PID_NAME[$1]=$2; OS_LIVE[$1]=1; }
os_reap() { local rc; wait "$1" 2>/dev/null; rc=$?; unset "OS_LIVE[$1]"; return $rc; }
OS_DIR=
OS_DIR_OWNED=
OS_OK=1                 # every check of the demo held
OS_CLEANED=

# os_cleanup: stop QEMU and switchd (switchd must exit 0 on SIGTERM), delete
# the namespaces, then the directory if it is ours.  Idempotent.
os_cleanup()
{
    local pid ns i rc status=0 t
    [ -z "$OS_CLEANED" ] || return 0
    OS_CLEANED=1
    # QEMU and helpers first: a VM is unplugged, like pulling the power.
    for pid in "${OS_PIDS[@]}"; do
        [ -n "${OS_LIVE[$pid]:-}" ] || continue
        case ${OS_PID_NAME[$pid]} in switchd-*) continue ;; esac
        ! os_alive "$pid" || kill -KILL "$pid" 2>/dev/null
        os_reap "$pid"
    done
    for pid in "${OS_PIDS[@]}"; do
        [ -n "${OS_LIVE[$pid]:-}" ] || continue
        ! os_alive "$pid" || kill -TERM "$pid" 2>/dev/null
        for (( t = 0; t < 50; t++ )); do os_alive "$pid" || break; sleep 0.1; done
        if os_alive "$pid"; then
            echo "run.sh: ${OS_PID_NAME[$pid]} ignored SIGTERM for 5 s; killing it" >&2
            kill -KILL "$pid" 2>/dev/null
        fi
        os_reap "$pid"; rc=$?
        if [ "$rc" -ne 0 ]; then
            echo "run.sh: ${OS_PID_NAME[$pid]} exited with code $rc (log: $OS_DIR/${OS_PID_NAME[$pid]}.log)" >&2
            tail -n 20 "$OS_DIR/${OS_PID_NAME[$pid]}.log" >&2 2>/dev/null
            status=1
        fi
    done
    for (( i = ${#OS_NETNS[@]} - 1; i >= 0; i-- )); do
        ns=${OS_NETNS[$i]}
        ip netns del "$ns" 2>/dev/null || { echo "run.sh: cannot delete netns $ns" >&2; status=1; }
    done
    [ -z "$OS_DIR_OWNED" ] || rm -rf "$OS_DIR"
    return $status
}

# os_alive PID: the process exists and is not a zombie.
os_alive()
{
    local st
    st=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    st=${st##*) }
    [ "${st%% *}" != Z ]
}

os_netns_add()
{
    local ns=$1
    ! ip netns list | grep -qx "$ns\( .*\)\?" || os_die "netns $ns exists already (another run.sh? try --prefix)"
    ip netns add "$ns" || os_die "cannot create netns $ns"
    OS_NETNS+=("$ns")
    # No IPv6 (no router or neighbour solicitations): what crosses the
    # bridges is what the demo sends, so the counters read plainly.
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
        net.ipv6.conf.default.disable_ipv6=1 >/dev/null 2>&1
    ip -n "$ns" link set lo up
}

# os_config a|b QEMU: the host's JSON file as switchd loads it.  For --qemu
# the net1/net2 VM ports become tap ports (QEMU opens them by name); the
# unwired port stays an internal port with a netns host.
os_config()
{
    local host=$1 qemu=$2 src=$OS_HERE/compute-$1.json dst=$OS_DIR/compute-$1.json
    if [ -n "$qemu" ]; then
        sed -E '/"name": "vm-(a1|a2|b1|b2)"/ s/"type": "internal"/"type": "tap"/' "$src" >"$dst"
    else
        cp "$src" "$dst"
    fi
    echo "$dst"
}

# os_start_switchd a|b CONFIG: switchd in the host's namespace, ready when
# `show ports` answers on its socket.
os_start_switchd()
{
    local host=$1 cfg=$2 ns sock pid t
    ns=$(os_host_ns "$host") sock=$(os_sock "$host")
    ip netns exec "$ns" "$SWITCHD" -f -c "$cfg" -s "$sock" </dev/null \
        >"$OS_DIR/switchd-$host.log" 2>&1 &
    pid=$!
    os_started "$pid" "switchd-$host"
    for (( t = 0; t < 100; t++ )); do
        os_alive "$pid" || { tail -n 20 "$OS_DIR/switchd-$host.log" >&2; os_die "switchd of compute-$host exited during startup"; }
        timeout 5 "$SWSH" -s "$sock" -c 'show ports' >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    os_die "switchd of compute-$host did not answer on $sock within 10 s"
}

# os_attach_netns KEY: the VM's internal port moves into the VM's namespace
# and gets the VM's MAC and address.
os_attach_netns()
{
    local key=$1 port=vm-$1 host_ns vm_ns
    host_ns=$(os_host_ns "${OS_VM_HOST[$key]}") vm_ns=$(os_vm_ns "$key")
    os_netns_add "$vm_ns"
    ip -n "$host_ns" link set "$port" netns "$vm_ns" &&
        ip -n "$vm_ns" link set "$port" address "${OS_VM_MAC[$key]}" &&
        ip -n "$vm_ns" link set "$port" up &&
        ip -n "$vm_ns" addr add "${OS_VM_IP[$key]}/24" dev "$port" ||
        os_die "cannot attach $port to netns $vm_ns"
}

# os_start_qemu KEY CMD: boot VM KEY on its tap port; it runs CMD (busybox
# sh), prints "E2E-RESULT vm-KEY: PASS|FAIL" on its console
# ($OS_DIR/vm-KEY.serial.log) and stays up.  The kernel command line is the
# one tests/e2e/lib.sh (e2e_vm_start) uses with the same image.
os_start_qemu()
{
    local key=$1 cmd=$2 ns cpu=max args
    ns=$(os_host_ns "${OS_VM_HOST[$key]}")
    [ "${E2E_ACCEL:-tcg}" = kvm ] && cpu=host
    args="e2e_name=vm-$key e2e_ip=${OS_VM_IP[$key]}/24 e2e_linger=86400"
    args="$args e2e_cmd=$(printf '%s' "$cmd" | base64 -w0)"
    ip netns exec "$ns" qemu-system-x86_64 -name "vm-$key" \
        -accel "${E2E_ACCEL:-tcg}" -cpu "$cpu" -m "${E2E_MEM:-96}" -smp 1 \
        -nodefaults -no-user-config -display none -no-reboot \
        -kernel "$E2E_IMG/vmlinuz" -initrd "$E2E_IMG/initramfs.cpio.gz" \
        -append "console=ttyS0 quiet panic=-1 $args" \
        -serial "file:$OS_DIR/vm-$key.serial.log" \
        -netdev "tap,id=net0,ifname=vm-$key,script=no,downscript=no" \
        -device "virtio-net-pci,netdev=net0,mac=${OS_VM_MAC[$key]}" \
        </dev/null >"$OS_DIR/vm-$key.qemu.log" 2>&1 &
    os_started "$!" "qemu-$key"
}

# os_up QEMU: namespaces, the wire, both switchd, the namespace VMs.
os_up()
{
    local qemu=$1 key
    os_netns_add "$OS_NS_A"
    os_netns_add "$OS_NS_B"
    # The wire: one veth, "eth1" at both ends, each end in its host.
    ip link add "$OS_WIRE" netns "$OS_NS_A" type veth peer name "$OS_WIRE" netns "$OS_NS_B" ||
        os_die "cannot create the veth wire"
    ip -n "$OS_NS_A" link set "$OS_WIRE" up && ip -n "$OS_NS_B" link set "$OS_WIRE" up ||
        os_die "cannot bring the wire up"
    os_start_switchd a "$(os_config a "$qemu")"
    os_start_switchd b "$(os_config b "$qemu")"
    for key in "${OS_VMS[@]}"; do
        if [ -n "$qemu" ] && [ "$key" != a3 ]; then continue; fi
        os_attach_netns "$key"
    done
}

# os_send_stray COUNT: COUNT ICMP echo requests from OS_STRAY_SRC_IP to
# OS_STRAY_DST_IP tagged VLAN OS_STRAY_VLAN, written straight onto compute-a's
# end of the wire with a packet socket (switchd's socket on that end ignores
# outgoing frames, so only compute-b sees them).  Each frame is 102 bytes:
# 14 Ethernet + 4 tag + 20 IPv4 + 8 ICMP + 56 data, what `ping` sends.
os_send_stray()
{
    command -v python3 >/dev/null || { echo "run.sh: python3 not found" >&2; return 1; }
    ip netns exec "$OS_NS_A" python3 - "$OS_WIRE" "$1" "$OS_STRAY_VLAN" \
        "$OS_STRAY_SRC_MAC" "$OS_STRAY_DST_MAC" "$OS_STRAY_SRC_IP" "$OS_STRAY_DST_IP" <<'PY'
import socket, struct, sys
dev, count, vid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
src_mac, dst_mac = (bytes.fromhex(m.replace(":", "")) for m in sys.argv[4:6])
src_ip, dst_ip = (socket.inet_aton(a) for a in sys.argv[6:8])

def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    return ~(s + (s >> 16)) & 0xffff

sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
sock.bind((dev, 0))
for seq in range(1, count + 1):
    icmp = struct.pack("!BBHHH", 8, 0, 0, 0x5eed, seq) + bytes(range(56))
    icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(icmp), seq, 0x4000, 64, 1, 0,
                     src_ip, dst_ip)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    frame = dst_mac + src_mac + struct.pack("!HH", 0x8100, vid) + b"\x08\x00" + ip + icmp
    assert len(frame) == 102
    sock.send(frame)
PY
}

# ------------------------------------------------------------------- checks

# os_ping_ok KEY IP: VM KEY (netns) reaches IP: a first reply within 10 s
# (ARP, MAC learning), then 3 of 3.
os_ping_ok()
{
    local ns t
    ns=$(os_vm_ns "$1")
    for (( t = 0; t < 20; t++ )); do
        ip netns exec "$ns" ping -c 1 -W 1 -q "$2" >/dev/null 2>&1 && break
        sleep 0.2
    done
    ip netns exec "$ns" ping -c 3 -i 0.2 -W 1 -q "$2" >/dev/null 2>&1
}

# os_ping_fails KEY IP: 3 pings from VM KEY (netns) to IP, none answered.
os_ping_fails()
{
    local out
    out=$(ip netns exec "$(os_vm_ns "$1")" ping -c 3 -i 0.2 -W 1 "$2" 2>&1)
    [ $? -eq 1 ] && printf '%s\n' "$out" | grep -q '3 packets transmitted, 0 received'
}

# os_expect WHAT CMD...: run a check, print its verdict, remember failures.
os_expect()
{
    local what=$1; shift
    if "$@"; then
        printf '  ok    %s\n' "$what"
    else
        printf '  FAIL  %s\n' "$what"
        OS_OK=
    fi
}

# os_dump_flows: `ovs-ofctl dump-flows` of the four bridges.
os_dump_flows()
{
    local host br
    for host in a b; do
        for br in br-int br-eth1; do
            echo "compute-$host# ovs-ofctl dump-flows $br"
            os_swsh "$host" "ovs-ofctl dump-flows $br" || echo "  (swsh failed)"
        done
    done
}

# os_wire_start / os_wire_stop: tcpdump on compute-a's end of the wire, if
# tcpdump is installed; os_wire_stop prints the ICMP frames it saw.
OS_WIRE_PID=
os_wire_start()
{
    local t
    command -v tcpdump >/dev/null || return 0
    ip netns exec "$OS_NS_A" tcpdump -i "$OS_WIRE" -e -nn -U --immediate-mode \
        -w "$OS_DIR/wire.pcap" 2>"$OS_DIR/wire.tcpdump.log" &
    OS_WIRE_PID=$!
    os_started "$OS_WIRE_PID" tcpdump
    for (( t = 0; t < 50; t++ )); do
        grep -q 'listening on' "$OS_DIR/wire.tcpdump.log" 2>/dev/null && return 0
        sleep 0.1
    done
}
os_wire_stop()
{
    local t vid
    [ -n "$OS_WIRE_PID" ] || return 0
    ! os_alive "$OS_WIRE_PID" || kill -INT "$OS_WIRE_PID" 2>/dev/null
    for (( t = 0; t < 50; t++ )); do os_alive "$OS_WIRE_PID" || break; sleep 0.1; done
    ! os_alive "$OS_WIRE_PID" || kill -KILL "$OS_WIRE_PID" 2>/dev/null
    os_reap "$OS_WIRE_PID"
    OS_WIRE_PID=
    echo
    echo "== what the wire carried (tcpdump -e on compute-a's eth1; the first two ICMP echoes per VLAN)"
    for vid in 100 101 102; do
        tcpdump -e -nn -r "$OS_DIR/wire.pcap" 2>/dev/null | grep "vlan $vid, .*ICMP echo" |
            head -n 2 | sed -E 's/^[0-9:.]+ //; s/, ethertype 802.1Q \(0x8100\)//; s/ethertype IPv4 \(0x0800\), //; s/^/  /'
    done
}

# os_demo_netns: the checks with namespace VMs.
os_demo_netns()
{
    echo
    echo "== pings (VMs are network namespaces; ARP as usual)"
    os_expect "net1: vm-a1 (VLAN 1 on compute-a) -> vm-b1 (VLAN 5 on compute-b), provider VLAN 100" \
        os_ping_ok a1 "${OS_VM_IP[b1]}"
    os_expect "net2: vm-a2 (VLAN 2 on compute-a) -> vm-b2 (VLAN 6 on compute-b), provider VLAN 101" \
        os_ping_ok a2 "${OS_VM_IP[b2]}"
    os_expect "isolation: vm-a1 (net1) does not reach vm-b2 (net2)" os_ping_fails a1 "${OS_VM_IP[b2]}"
    os_expect "isolation: vm-a2 (net2) does not reach vm-b1 (net1)" os_ping_fails a2 "${OS_VM_IP[b1]}"
    os_expect "unwired: vm-a3 (VLAN 3, no flow) stays home: br-eth1 priority=2 drops it" \
        os_ping_fails a3 "${OS_VM_IP[b1]}"
}

# os_demo_qemu: the VMs run their checks themselves; wait for their verdicts.
os_demo_qemu()
{
    local key t line
    echo
    echo "== VMs booting (QEMU ${E2E_ACCEL:-tcg}); each pings its peer and checks isolation"
    for key in a1 a2 b1 b2; do
        for (( t = 0; t < 2400; t++ )); do
            # (the serial console ends its lines with CR LF)
            line=$(grep -a "E2E-RESULT vm-$key: " "$OS_DIR/vm-$key.serial.log" 2>/dev/null |
                   head -n 1 | tr -d '\r')
            [ -n "$line" ] && break
            os_alive "$(os_qemu_pid "$key")" || break
            sleep 0.1
        done
        grep -a 'PING\|packets\|e2e-ping' "$OS_DIR/vm-$key.serial.log" 2>/dev/null | sed "s/^/    vm-$key| /"
        os_expect "vm-$key (${OS_VM_NET[$key]}): ${line:-no result (see $OS_DIR/vm-$key.serial.log)}" \
            test "${line#*: }" = PASS
    done
    os_expect "unwired: vm-a3 (VLAN 3, no flow) stays home: br-eth1 priority=2 drops it" \
        os_ping_fails a3 "${OS_VM_IP[b1]}"
}
os_qemu_pid()
{
    local pid
    for pid in "${OS_PIDS[@]}"; do [ "${OS_PID_NAME[$pid]}" = "qemu-$1" ] && echo "$pid"; done
}

# os_vm_cmd KEY PEER OTHER: what a QEMU VM runs: reach the peer of its
# network, then fail to reach the VM of the other network.
os_vm_cmd()
{
    echo "e2e-ping ${OS_VM_IP[$2]} 3 240 && ! ping -c 3 -W 1 ${OS_VM_IP[$3]}"
}

# ---------------------------------------------------------------------- main

os_main()
{
    local qemu= keep= prefix=osvlan dir= key
    while [ $# -gt 0 ]; do
        case $1 in
            --qemu) qemu=1 ;;
            --keep) keep=1 ;;
            --prefix) [ $# -ge 2 ] || os_die "--prefix needs a name"; prefix=$2; shift ;;
            --dir) [ $# -ge 2 ] || os_die "--dir needs a directory"; dir=$2; shift ;;
            -h|--help) sed -n '2,/^$/ s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
            *) os_die "unknown option $1 (try --help)" ;;
        esac
        shift
    done
    [ "$(id -u)" -eq 0 ] || os_die "needs root (network namespaces, TAP devices)"
    os_find_binaries
    [ -z "$qemu" ] || os_find_image

    os_topology "$prefix"
    if [ -n "$dir" ]; then
        mkdir -p "$dir" || os_die "cannot create $dir"
        OS_DIR=$(cd "$dir" && pwd)
    else
        OS_DIR=$(mktemp -d /tmp/openstack-vlan.XXXXXX) || os_die "mktemp failed"
        OS_DIR_OWNED=1
    fi
    trap 'rc=$?; os_cleanup || rc=1; exit $rc' EXIT
    trap 'echo "run.sh: interrupted"; exit 130' INT
    trap 'echo "run.sh: terminated"; exit 143' TERM

    echo "== bringing up compute-a ($OS_NS_A) and compute-b ($OS_NS_B); files in $OS_DIR"
    os_up "$qemu"
    if [ -n "$qemu" ]; then
        os_start_qemu a1 "$(os_vm_cmd a1 b1 b2)"
        os_start_qemu b1 "$(os_vm_cmd b1 a1 a2)"
        os_start_qemu a2 "$(os_vm_cmd a2 b2 b1)"
        os_start_qemu b2 "$(os_vm_cmd b2 a2 a1)"
    fi
    echo
    echo "compute-a# ovs-vsctl show"
    os_swsh a 'ovs-vsctl show'
    echo
    echo "== flows before"
    os_dump_flows

    os_wire_start
    if [ -n "$qemu" ]; then os_demo_qemu; else os_demo_netns; fi
    # Provider VLAN 102 arrives at compute-b, which has no port on it.
    os_send_stray 3
    os_expect "stray: 3 frames in provider VLAN 102 reached compute-b; its br-int priority=2 drops them" \
        os_stray_dropped 3
    os_wire_stop

    echo
    echo "== flows after (n_packets, n_bytes rose on the flows that handled the frames)"
    os_dump_flows
    echo
    if [ -n "$OS_OK" ]; then echo "== all checks passed"; else echo "== SOME CHECKS FAILED"; fi

    if [ -n "$keep" ]; then
        os_keep_hints "$qemu"
        if [ -n "$OS_OK" ]; then echo ok >"$OS_DIR/ready"; else echo failed >"$OS_DIR/ready"; fi
        # Ctrl-C or SIGTERM now ends a normal run.
        trap 'echo; echo "run.sh: cleaning up"; exit 0' INT TERM
        while :; do
            sleep 3600 &
            os_started "$!" sleep
            os_reap "$!"
        done
    fi
    [ -n "$OS_OK" ]
}

# os_stray_dropped N: compute-b's br-int drop flow (priority=2,in_port=6)
# shows at least N packets.
os_stray_dropped()
{
    local n t
    for (( t = 0; t < 20; t++ )); do
        n=$(os_swsh b 'ovs-ofctl dump-flows br-int in_port=6' 2>/dev/null |
            sed -n 's/.* n_packets=\([0-9]*\),.* priority=2,in_port=6 actions=drop$/\1/p')
        [ -n "$n" ] && [ "$n" -ge "$1" ] && return 0
        sleep 0.1
    done
    return 1
}

os_keep_hints()
{
    echo
    echo "Running until Ctrl-C.  Try:"
    if [ -n "$1" ]; then
        echo "  tail -f $OS_DIR/vm-a1.serial.log        # the VMs' consoles"
    else
        echo "  ip netns exec $(os_vm_ns a1) ping ${OS_VM_IP[b1]}          # net1 across the hosts"
        echo "  ip netns exec $OS_NS_A tcpdump -e -nn -i $OS_WIRE          # tags on the wire"
    fi
    echo "  $SWSH -s $(os_sock a) -c 'ovs-ofctl dump-flows br-eth1'"
    echo "  $SWSH -s $(os_sock a) -c 'ovs-ofctl del-flows br-eth1 --strict priority=4,in_port=1,dl_vlan=1'"
    echo "  $SWSH -s $(os_sock b)                  # compute-b's console"
}

os_find_binaries()
{
    SWITCHD=${SWITCHD:-}
    SWSH=${SWSH:-}
    if [ -z "$SWITCHD" ]; then
        SWITCHD=$OS_ROOT/build/switchd/switchd
        [ -x "$SWITCHD" ] || SWITCHD=$(command -v switchd || true)
    fi
    if [ -z "$SWSH" ]; then
        SWSH=$OS_ROOT/build/shell/swsh
        [ -x "$SWSH" ] || SWSH=$(command -v swsh || true)
    fi
    case $SWITCHD in /*|'') ;; *) SWITCHD=$PWD/$SWITCHD ;; esac
    case $SWSH in /*|'') ;; *) SWSH=$PWD/$SWSH ;; esac
    [ -x "$SWITCHD" ] || os_die "no switchd binary (run make, or set SWITCHD)"
    [ -x "$SWSH" ] || os_die "no swsh binary (run make, or set SWSH)"
    command -v ip >/dev/null || os_die "ip (iproute2) not found"
    command -v ping >/dev/null || os_die "ping not found"
}

os_find_image()
{
    command -v qemu-system-x86_64 >/dev/null || os_die "--qemu needs qemu-system-x86_64"
    E2E_IMG=${E2E_IMG:-$OS_ROOT/build/e2e-image}
    if [ ! -f "$E2E_IMG/vmlinuz" ] || [ ! -f "$E2E_IMG/initramfs.cpio.gz" ]; then
        echo "== no VM image in $E2E_IMG: building it (tests/e2e/build-image.sh)"
        "$OS_ROOT/tests/e2e/build-image.sh" "$E2E_IMG" || os_die "could not build the VM image"
    fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -u
    os_main "$@"
fi
