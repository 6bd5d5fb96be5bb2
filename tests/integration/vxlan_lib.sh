# tests/integration/vxlan_lib.sh: VXLAN tunnel endpoints (VTEPs) on an IPv4
# underlay for the VXLAN tests (issue 18; docs/design.md section 5.14,
# docs/vxlan.md), sourced after lib.sh.
#
# The layout, for VTEPs 1..n (vx_build KIND...):
#   ${P}u     the underlay, "the IP network between the hosts": a namespace
#             with a Linux bridge ul (no VLANs, no STP) and one veth to each
#             VTEP, ${P}wN on ul, ${P}uN in the VTEP; MTU 1550 on all of
#             them, so 1500-byte inner IP packets fit (VXLAN adds 50 bytes:
#             outer IPv4 20, UDP 8, VXLAN 8, inner Ethernet 14);
#   ${P}vN    VTEP N, underlay address 10.18.0.N/24 ($(vx_ip N));
#   ${P}hN    a host of VNI 10100 (VLAN 100 where the VTEP has VLANs) behind
#             VTEP N, netdev ${P}hN, 10.100.0.N/24;
#   ${P}gN    a host of VNI 10200 (VLAN 200) behind VTEP N, netdev ${P}gN,
#             10.100.0.(10+N)/24: the same subnet on purpose, so that only
#             the VNI keeps the two segments apart.
# Every VTEP lists every other one as a remote (a full mesh of static
# flood lists, head-end replication), UDP port 4789.
#
# The kinds of VTEP:
#   switchd  switchd in ${P}vN (socket $TMP/vN.sock), bridge br0 with VLANs
#            100 (vn_segment 10100) and 200 (vn_segment 10200), internal
#            ports ${P}hN (access 100) and ${P}gN (access 200) moved into
#            the hosts, and the tunnel as $VX_SWITCHD_MODE says:
#              vnis  one vxlan port nve1, local_ip 10.18.0.N, remote_ips
#                    the others, "vnis" 10100 <-> VLAN 100, 10200 <-> 200
#                    (NX-OS `member vni`; the port is a trunk of both);
#              key   two vxlan ports, vx100 ("key": 10100, access VLAN 100)
#                    and vx200 ("key": 10200, access 200), as OVS's
#                    `options:key=N` + `tag=N` (both on one UDP socket);
#              ovs-vsctl  the same two ports, made once switchd runs with
#                    OVS's own command through swsh: `ovs-vsctl add-port br0
#                    vx100 tag=100 -- set interface vx100 type=vxlan
#                    options:remote_ip=R options:local_ip=L options:key=10100`.
#   linux    the kernel's VTEP in ${P}vN: for each VNI a vxlan device
#            (`ip link add vx100 type vxlan id 10100 dstport 4789 local A
#            remote B`, with one remote; with more, no `remote` but one
#            all-zeros FDB entry per remote, `bridge fdb append
#            00:00:00:00:00:00 dev vx100 dst R`, Linux's head-end
#            replication), MTU 1500, enslaved to a Linux bridge (br100,
#            br200) with a veth to the host (${P}pN / ${P}qN on the bridge).
#   ovs      Open vSwitch 3.1's userspace (netdev) datapath, ovs-vswitchd of
#            the test's own in ${P}vN (lib.sh ovs_start, named vN), one
#            remote only (OVS relays floods between its tunnel ports, so it
#            is no member of a mesh of three). Its tunnels do not use the
#            kernel's IP stack to send: OVS builds the outer headers itself
#            and sends them out of an OVS port, so the underlay is set up
#            as OVS's userspace tunneling guide says:
#              - bridge br-phy (datapath_type=netdev) with the underlay
#                veth ${P}uN as its port; the underlay address 10.18.0.N/24
#                on br-phy's LOCAL port (the TAP named br-phy), MTU 1550;
#                OVS caches the kernel's route 10.18.0.0/24 dev br-phy
#                (`ovs-appctl ovs/route/show`), else the test adds it with
#                `ovs-appctl ovs/route/add 10.18.0.0/24 br-phy`;
#              - the remote's MAC: OVS snoops ARP replies addressed to
#                br-phy's address; vx_wait_underlay pings the remote from
#                ${P}vN through br-phy, so the kernel's ARP exchange fills
#                OVS's tunnel neighbour cache (`ovs-appctl tnl/neigh/show`),
#                and waits until it holds the remote;
#              - bridge br0 (netdev) with the hosts' veths ${P}pN tag=100,
#                ${P}qN tag=200 and the tunnels `add-port br0 vx100 -- set
#                interface vx100 type=vxlan options:remote_ip=B
#                options:local_ip=A options:key=10100` tag=100, vx200 with
#                key 10200, tag=200.
#            A frame from a tunnel is decapsulated when it reaches br-phy
#            for br-phy's address (tnl_pop), and a frame to a tunnel is
#            encapsulated and sent out of br-phy's port (tnl_push).
#
# Everything is removed by lib.sh's cleanup trap (namespaces, switchd,
# ovs-vswitchd, tcpdump), on failure too.

# vx_broadcast_once uses stp_lib.sh's stp_captures_start (tcpdumps started together).
. "$(dirname "${BASH_SOURCE[0]}")/stp_lib.sh"

VX_VNI1=10100 VX_VNI2=10200
VX_SWITCHD_MODE=${VX_SWITCHD_MODE:-vnis}
declare -A VX_KIND=()           # VTEP number -> switchd | linux | ovs
VX_N=0

vx_ip() { echo "10.18.0.$1"; }
vx_h_ip() { echo "10.100.0.$1"; }               # host of VNI 10100 behind VTEP N
vx_g_ip() { echo "10.100.0.$(( 10 + $1 ))"; }   # host of VNI 10200

# vx_remotes N: the underlay addresses of every VTEP but N.
vx_remotes()
{
    local i out=()
    for (( i = 1; i <= VX_N; i++ )); do [ "$i" -eq "$1" ] || out+=("$(vx_ip "$i")"); done
    echo "${out[@]}"
}

# vx_build KIND...: the underlay, one VTEP of each KIND (numbered from 1),
# their hosts; returns once every VTEP reaches every other over the
# underlay (vx_wait_underlay) and the switchd VTEPs run.
vx_build()
{
    local i k
    command -v ethtool >/dev/null || fail "ethtool not found (Debian: ethtool; make deps installs it)"
    VX_N=$#
    i=1
    for k in "$@"; do VX_KIND[$i]=$k; i=$((i + 1)); done
    netns_add "${P}u"
    must ip -n "${P}u" link add ul type bridge stp_state 0
    must ip -n "${P}u" link set ul mtu 1550 up
    for (( i = 1; i <= VX_N; i++ )); do
        netns_add "${P}v$i"
        netns_add "${P}h$i"
        netns_add "${P}g$i"
        veth_add "${P}v$i" "${P}u$i" "${P}u" "${P}w$i"
        must ip -n "${P}u" link set "${P}w$i" mtu 1550 master ul up
        must ip -n "${P}v$i" link set "${P}u$i" mtu 1550 up
        # A NIC fills in the checksums the stack leaves to it; a veth passes
        # them on unfinished (CHECKSUM_PARTIAL), and a packet socket at the
        # far end (OVS's netdev datapath) reads them as bad: OVS counts
        # datapath_drop_tunnel_pop_error for every frame with a UDP
        # checksum (Linux vxlan's udpcsum default).  So the VTEP's underlay
        # link checksums in software, as a NIC would on the wire.
        must ip netns exec "${P}v$i" ethtool -K "${P}u$i" tx off
    done
    for (( i = 1; i <= VX_N; i++ )); do
        declare -F "vx_vtep_${VX_KIND[$i]}" >/dev/null || fail "vx_build: unknown VTEP kind [${VX_KIND[$i]}]"
        "vx_vtep_${VX_KIND[$i]}" "$i"
        must ip -n "${P}h$i" link set "${P}h$i" up
        must ip -n "${P}h$i" addr add "$(vx_h_ip "$i")/24" dev "${P}h$i"
        must ip -n "${P}g$i" link set "${P}g$i" up
        must ip -n "${P}g$i" addr add "$(vx_g_ip "$i")/24" dev "${P}g$i"
    done
    vx_wait_underlay
    log "VTEPs: $(for (( i = 1; i <= VX_N; i++ )); do printf '%s ' "$i=${VX_KIND[$i]}($(vx_ip "$i"))"; done)"
}

# vx_wait_underlay: every VTEP pings every other's underlay address (up to
# 30 s for the first answer); on an OVS VTEP that also fills OVS's tunnel
# neighbour cache (see the top of this file), which it then waits for.
vx_wait_underlay()
{
    local i r
    for (( i = 1; i <= VX_N; i++ )); do
        for r in $(vx_remotes "$i"); do
            wait_for 30 ip netns exec "${P}v$i" ping -c 1 -W 1 -q "$r" \
                || fail "underlay: VTEP $i (${VX_KIND[$i]}) cannot reach $r"
            if [ "${VX_KIND[$i]}" = ovs ]; then
                wait_for 30 vx_ovs_learn_neigh "$i" "$r" \
                    || fail "OVS VTEP $i: no tunnel neighbour entry for $r: $(ovs_appctl "v$i" tnl/neigh/show)"
            fi
        done
    done
    log "ok: underlay: every VTEP reaches every other"
}
# vx_ovs_learn_neigh N R: OVS VTEP N's tunnel neighbour cache holds R;
# else the kernel forgets R's MAC and pings it, so that an ARP reply
# crosses br-phy again for OVS to snoop (the first exchange may come
# before OVS has taken br-phy's new address, and then it ignores it).
vx_ovs_learn_neigh()
{
    ovs_appctl "v$1" tnl/neigh/show | grep -qF -- "$2 " && return 0
    ip -n "${P}v$1" neigh flush to "$2" dev br-phy
    ip netns exec "${P}v$1" ping -c 1 -W 1 -q "$2"
    return 1
}

# ------------------------------------------------------------ switchd VTEP

# vx_switchd_json N FILE: VTEP N's configuration ($VX_SWITCHD_MODE).
vx_switchd_json()
{
    local n=$1 r rl="" tunnels
    for r in $(vx_remotes "$n"); do rl="$rl${rl:+, }\"$r\""; done
    if [ "$VX_SWITCHD_MODE" = ovs-vsctl ]; then
        tunnels=""
    elif [ "$VX_SWITCHD_MODE" = key ]; then
        tunnels="{\"name\": \"vx100\", \"type\": \"vxlan\", \"mode\": \"access\", \"access_vlan\": 100,
       \"vxlan\": {\"local_ip\": \"$(vx_ip "$n")\", \"remote_ips\": [$rl], \"key\": $VX_VNI1}},
      {\"name\": \"vx200\", \"type\": \"vxlan\", \"mode\": \"access\", \"access_vlan\": 200,
       \"vxlan\": {\"local_ip\": \"$(vx_ip "$n")\", \"remote_ips\": [$rl], \"key\": $VX_VNI2}}"
    else
        tunnels="{\"name\": \"nve1\", \"type\": \"vxlan\",
       \"vxlan\": {\"local_ip\": \"$(vx_ip "$n")\", \"remote_ips\": [$rl],
                 \"vnis\": [{\"vni\": $VX_VNI1, \"vlan\": 100}, {\"vni\": $VX_VNI2, \"vlan\": 200}]}}"
    fi
    cat >"$2" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "vlans": [{"id": 100, "name": "blue", "vn_segment": $VX_VNI1},
              {"id": 200, "name": "red", "vn_segment": $VX_VNI2}],
    "ports": [
      {"name": "${P}h$n", "type": "internal", "mode": "access", "access_vlan": 100},
      {"name": "${P}g$n", "type": "internal", "mode": "access", "access_vlan": 200}${tunnels:+,
      $tunnels}
    ]
  }]
}
JSON
}

vx_vtep_switchd()
{
    local n=$1
    must ip -n "${P}v$n" addr add "$(vx_ip "$n")/24" dev "${P}u$n"
    vx_switchd_json "$n" "$TMP/v$n.json"
    start_switchd "${P}v$n" "$TMP/v$n.json" "$TMP/v$n.sock"
    if [ "$VX_SWITCHD_MODE" = ovs-vsctl ]; then
        local vlan vni rl out
        rl=$(vx_remotes "$n"); rl=${rl// /,}
        for vlan in 100 200; do
            [ "$vlan" = 100 ] && vni=$VX_VNI1 || vni=$VX_VNI2
            out=$(swsh_all "$TMP/v$n.sock" "ovs-vsctl add-port br0 vx$vlan tag=$vlan -- set interface vx$vlan type=vxlan options:remote_ip=$rl options:local_ip=$(vx_ip "$n") options:key=$vni") \
                || fail "VTEP $n: ovs-vsctl add-port vx$vlan failed: $out"
        done
        swsh_all "$TMP/v$n.sock" 'ovs-vsctl show'
    fi
    must ip -n "${P}v$n" link set "${P}h$n" netns "${P}h$n"
    must ip -n "${P}v$n" link set "${P}g$n" netns "${P}g$n"
}

# ------------------------------------------------------------ Linux VTEP

vx_vtep_linux()
{
    local n=$1 ns=${P}v$1 vni vlan hostif brport r remotes
    remotes=$(vx_remotes "$n")
    must ip -n "$ns" addr add "$(vx_ip "$n")/24" dev "${P}u$n"
    for vlan in 100 200; do
        if [ "$vlan" = 100 ]; then vni=$VX_VNI1 hostif=${P}h$n brport=${P}p$n
        else vni=$VX_VNI2 hostif=${P}g$n brport=${P}q$n; fi
        if [ "$(wc -w <<<"$remotes")" -eq 1 ]; then
            must ip -n "$ns" link add "vx$vlan" type vxlan id "$vni" dstport 4789 \
                local "$(vx_ip "$n")" remote "$remotes"
        else
            must ip -n "$ns" link add "vx$vlan" type vxlan id "$vni" dstport 4789 local "$(vx_ip "$n")"
            for r in $remotes; do
                must bridge -n "$ns" fdb append 00:00:00:00:00:00 dev "vx$vlan" dst "$r"
            done
        fi
        must ip -n "$ns" link set "vx$vlan" mtu 1500
        must ip -n "$ns" link add "br$vlan" type bridge stp_state 0
        must ip -n "$ns" link set "vx$vlan" master "br$vlan" up
        veth_add "$ns" "$brport" "${P}$([ "$vlan" = 100 ] && echo h || echo g)$n" "$hostif"
        must ip -n "$ns" link set "$brport" master "br$vlan" up
        must ip -n "$ns" link set "br$vlan" up
    done
}

# ------------------------------------------------------------ OVS VTEP

vx_vtep_ovs()
{
    local n=$1 ns=${P}v$1 o=v$1 remote vlan vni
    remote=$(vx_remotes "$n")
    [ "$(wc -w <<<"$remote")" -eq 1 ] || fail "vx_vtep_ovs: an OVS VTEP takes one remote (got: $remote)"
    ovs_start "$ns" "$o"
    # The underlay: br-phy with the underlay veth, the address on br-phy.
    must ovs_vsctl "$o" add-br br-phy -- set bridge br-phy datapath_type=netdev \
        -- add-port br-phy "${P}u$n" -- set interface br-phy mtu_request=1550
    must ip -n "$ns" link set br-phy mtu 1550 up
    must ip -n "$ns" addr add "$(vx_ip "$n")/24" dev br-phy
    wait_for 10 vx_ovs_has_route "$o" || must ovs_appctl "$o" ovs/route/add 10.18.0.0/24 br-phy
    # The overlay: br0 with the hosts and one tunnel port per VNI.
    must ovs_vsctl "$o" add-br br0 -- set bridge br0 datapath_type=netdev
    for vlan in 100 200; do
        [ "$vlan" = 100 ] && vni=$VX_VNI1 || vni=$VX_VNI2
        local brport hostif
        if [ "$vlan" = 100 ]; then brport=${P}p$n hostif=${P}h$n; else brport=${P}q$n hostif=${P}g$n; fi
        veth_add "$ns" "$brport" "${P}$([ "$vlan" = 100 ] && echo h || echo g)$n" "$hostif"
        must ip -n "$ns" link set "$brport" up
        # The host's TCP leaves its checksums to the veth (see vx_build):
        # OVS would carry them unfinished into the tunnel.
        must ip netns exec "${P}$([ "$vlan" = 100 ] && echo h || echo g)$n" ethtool -K "$hostif" tx off
        must ovs_vsctl "$o" add-port br0 "$brport" tag="$vlan"
        must ovs_vsctl "$o" add-port br0 "vx$vlan" tag="$vlan" -- set interface "vx$vlan" type=vxlan \
            options:remote_ip="$remote" options:local_ip="$(vx_ip "$n")" options:key="$vni"
    done
}
vx_ovs_has_route() { ovs_appctl "$1" ovs/route/show | grep -q '10\.18\.0\.0/24 dev br-phy'; }

# ------------------------------------------------------------ checks

# vx_show N: VTEP N's own view, for logs: switchd's `show nve peers`,
# `show nve vni` and `show mac address-table`; the Linux bridges' FDBs;
# OVS's ports, tunnel routes and neighbours.
vx_show()
{
    local n=$1
    echo "---- VTEP $n (${VX_KIND[$n]})"
    case ${VX_KIND[$n]} in
        switchd) swsh_all "$TMP/v$n.sock" 'show nve peers' 'show nve vni' 'show mac address-table' ;;
        linux) bridge -n "${P}v$n" fdb show | grep -E 'vx|dst' ;;
        ovs) ovs_vsctl "v$n" show; ovs_appctl "v$n" tnl/neigh/show; ovs_appctl "v$n" fdb/show br0 ;;
    esac
}

# vx_capture_start NAME N [DIR]: capture UDP 4789 on VTEP N's underlay link
# (lib.sh capture_start; DIR in/out).
vx_capture_start() { capture_start "$1" "${P}v$2" "${P}u$2" "" "${3:-}"; }

# vx_pairs CHECK same|cross: for every ordered pair of VTEPs (i, j), runs
# CHECK (ping_ok, ping_fails) from each host behind i to the host behind j
# of the same VNI, or of the other one.
vx_pairs()
{
    local check=$1 i j h g
    for (( i = 1; i <= VX_N; i++ )); do
        for (( j = 1; j <= VX_N; j++ )); do
            [ "$i" -ne "$j" ] || continue
            h=$(vx_h_ip "$j") g=$(vx_g_ip "$j")
            [ "$2" = same ] || { h=$(vx_g_ip "$j") g=$(vx_h_ip "$j"); }
            "$check" "${P}h$i" "$h"
            "$check" "${P}g$i" "$g"
        done
    done
}

# vx_ping_vni: within each VNI, every host pings every other host of that
# VNI (both ways, every pair of VTEPs).
vx_ping_vni() { vx_pairs ping_ok same; }

# vx_isolated: no host reaches a host of the other VNI (same subnet).
vx_isolated() { vx_pairs ping_fails cross; }

# vx_tcp FROM TO: a TCP transfer of 4 MiB from the VNI 10100 host behind
# VTEP FROM to the one behind TO arrives intact.
vx_tcp()
{
    [ -f "$TMP/payload" ] || must dd if=/dev/urandom of="$TMP/payload" bs=1M count=4 status=none
    local want got
    want=$(sha256sum "$TMP/payload" | cut -d' ' -f1)
    got=$(ts_tcp_sha256 "${P}h$2" "$(vx_h_ip "$2")" "${P}h$1" "$TMP/payload")
    assert_eq "$got" "$want" "TCP 4 MiB host h$1 -> h$2 (sha256)"
}

# vx_big_ping FROM TO: a 1500-byte IP packet with DF (ping -s 1472 -M do)
# crosses from host hFROM to hTO: the underlay's MTU 1550 carries it.
vx_big_ping()
{
    wait_for 20 ip netns exec "${P}h$1" ping -c 1 -W 1 -s 1472 -M "do" -q "$(vx_h_ip "$2")" \
        || fail "1500-byte ping with DF h$1 -> h$2 failed: $(ip netns exec "${P}h$1" ping -c 1 -W 1 -s 1472 -M "do" "$(vx_h_ip "$2")" 2>&1)"
    log "ok: 1500-byte packets with DF h$1 -> h$2"
}

# vx_broadcast_once FROM: host hFROM (VNI 10100) sends one broadcast frame
# (ethertype 0x88b5, local experimental; payload naming this run); every
# other VNI 10100 host receives it exactly once (counted 1 s after it
# arrived), no VNI 10200 host receives it, and on the underlay VTEP FROM
# sends it once to each other VTEP (head-end replication) while no other
# VTEP sends it at all (no VTEP relays another's flood).
vx_broadcast_once()
{
    local from=$1 i tag n specs=()
    tag="vx-$P-$from-$RANDOM"
    for (( i = 1; i <= VX_N; i++ )); do
        specs+=("bh$i ${P}h$i ${P}h$i in" "bg$i ${P}g$i ${P}g$i in" "bu$i ${P}v$i ${P}u$i out")
    done
    stp_captures_start "${specs[@]}"
    ip netns exec "${P}h$from" /usr/bin/python3 -c '
import sys
from scapy.all import Ether, Raw, get_if_hwaddr, sendp
src = get_if_hwaddr(sys.argv[2])
sendp(Ether(src=src, dst="ff:ff:ff:ff:ff:ff", type=0x88b5) / Raw(sys.argv[1].encode()),
      iface=sys.argv[2], verbose=False)' "$tag" "${P}h$from" || fail "scapy could not send from host h$from"
    for (( i = 1; i <= VX_N; i++ )); do
        [ "$i" -eq "$from" ] || capture_wait "bh$i" "0x88b5" 1 30
    done
    capture_wait "bu$from" "0x88b5" $(( VX_N - 1 )) 30
    sleep 1
    for (( i = 1; i <= VX_N; i++ )); do
        capture_stop "bh$i"; capture_stop "bg$i"; capture_stop "bu$i"
    done
    for (( i = 1; i <= VX_N; i++ )); do
        n=$(capture_count "bh$i" "0x88b5")
        if [ "$i" -eq "$from" ]; then
            assert_eq "$n" 0 "host h$i: its own broadcast never came back"
            assert_eq "$(capture_count "bu$i" "0x88b5")" $(( VX_N - 1 )) \
                "VTEP $i (${VX_KIND[$i]}): copies of the broadcast sent on the underlay"
            assert_eq "$(vx_inner "bu$i" | grep -F 0x88b5 | awk '{ print $1 }' | sort -u)" "$VX_VNI1" \
                "VTEP $i: the VNI of the copies"
        else
            assert_eq "$n" 1 "host h$i: the broadcast from h$from arrived once"
            assert_eq "$(capture_count "bu$i" "0x88b5")" 0 \
                "VTEP $i (${VX_KIND[$i]}): relayed none of h$from's broadcast"
        fi
        assert_eq "$(capture_count "bg$i" "0x88b5")" 0 "host g$i (VNI $VX_VNI2): none of it"
    done
}

# vx_stop_switchds: stops every switchd VTEP (a test must, lib.sh test_pass).
vx_stop_switchds()
{
    local i
    for (( i = 1; i <= VX_N; i++ )); do
        [ "${VX_KIND[$i]}" != switchd ] || stop_switchd "$TMP/v$i.sock"
    done
}

# vx_inner NAME: the VXLAN frames of capture NAME, one line each: "VNI
# OUTER_SRC > OUTER_DST | INNER" (tcpdump prints the inner frame on the
# line after the outer "VXLAN, flags [I] (0x08), vni N").
vx_inner()
{
    capture_text "$1" | awk '
        / VXLAN, flags / { for (i = 1; i < NF; i++) if ($i == "vni") v = $(i + 1)
                           for (i = 1; i < NF; i++) if ($i == ">") o = $(i - 1) " > " $(i + 1)
                           sub(/:$/, "", o); getline; print v, o, "|", $0 }'
}

# vx_assert_wire NAME A B: capture NAME (on VTEP A's underlay link, while
# the hosts of both VNIs pinged each other) shows, both ways between A and B
# to UDP port 4789, the VNI 10100 hosts' ICMP in VNI 10100 only and the VNI
# 10200 hosts' in VNI 10200 only.
vx_assert_wire()
{
    local name=$1 a=$2 b=$3 t vni src dst
    t=$(vx_inner "$name")
    for vni in "$VX_VNI1" "$VX_VNI2"; do
        if [ "$vni" = "$VX_VNI1" ]; then src=$(vx_h_ip "$a") dst=$(vx_h_ip "$b")
        else src=$(vx_g_ip "$a") dst=$(vx_g_ip "$b"); fi
        grep -qE "^$vni $(vx_ip "$a")\.[0-9]+ > $(vx_ip "$b")\.4789 \| .* $src > $dst: ICMP echo request" <<<"$t" \
            || fail "no ICMP $src > $dst in VNI $vni from $(vx_ip "$a") to $(vx_ip "$b"):4789 on the wire: $(head -n 20 <<<"$t")"
        grep -qE "^$vni $(vx_ip "$b")\.[0-9]+ > $(vx_ip "$a")\.4789 \| .* $dst > $src: ICMP echo reply" <<<"$t" \
            || fail "no ICMP $dst > $src in VNI $vni from $(vx_ip "$b") to $(vx_ip "$a"):4789 on the wire: $(head -n 20 <<<"$t")"
        log "ok: wire: ICMP $src <-> $dst in UDP 4789, VNI $vni, both ways"
    done
    t=$(awk -v v1="$VX_VNI1" '
        /ICMP/ {
          for (i = 1; i < NF; i++) if ($i == ">") { s = $(i - 1); d = $(i + 1); }
          sub(/:$/, "", d); hs = (s ~ /^10\.100\.0\.1[0-9]$/); hd = (d ~ /^10\.100\.0\.1[0-9]$/)
          if (hs != hd || (hs ? $1 == v1 : $1 != v1)) print }' <<<"$t")
    [ -z "$t" ] || fail "ICMP in the wrong VNI on the wire: $t"
    log "ok: wire: no ICMP in the other VNI"
}

# vx_peers_up N: VTEP N lists every other VTEP as its peer: a switchd's
# `show nve peers` (NX-OS layout: Interface Peer-IP State ...) has each
# one Up (a frame came from it: call after traffic); a Linux VTEP's vxlan
# devices have each one as a flood destination (all-zeros FDB entry, or the
# device's `remote`).  OVS VTEPs have their one remote_ip by construction.
vx_peers_up()
{
    local n=$1 out r dev
    case ${VX_KIND[$n]} in
        switchd)
            out=$(swsh_all "$TMP/v$n.sock" 'show nve peers')
            printf '%s\n' "$out"
            for r in $(vx_remotes "$n"); do
                awk -v r="$r" '$2 == r && $3 == "Up" { ok = 1 } END { exit !ok }' <<<"$out" \
                    || fail "VTEP $n: show nve peers does not list $r as Up: $out"
            done ;;
        linux)
            for dev in vx100 vx200; do
                out="$(bridge -n "${P}v$n" fdb show dev "$dev" | grep '^00:00:00:00:00:00')
$(ip -n "${P}v$n" -d link show dev "$dev")"
                for r in $(vx_remotes "$n"); do
                    grep -qE "(dst|remote) $r( |\$)" <<<"$out" \
                        || fail "VTEP $n: $dev does not flood to $r: $out"
                done
            done ;;
        *) return 0 ;;
    esac
    log "ok: VTEP $n (${VX_KIND[$n]}) lists its peers $(vx_remotes "$n")"
}

# vx_two_vtep_checks: the checks of the two-VTEP interop tests, VTEP 1
# against VTEP 2 (what t_vxlan_interop_*.sh say in their headers): pings
# in each VNI with the wire captured on VTEP 1's underlay link (each VNI's
# ICMP in UDP to 4789 with its own VNI, both ways), both list their peer,
# 1500-byte packets with DF both ways, TCP both ways, isolation of the
# VNIs; then both VTEPs' views for the log, and the switchds stopped.
vx_two_vtep_checks()
{
    vx_capture_start wire 1
    vx_ping_vni
    capture_wait wire 'ICMP echo reply' 4
    capture_stop wire
    vx_assert_wire wire 1 2
    vx_peers_up 1
    vx_peers_up 2
    vx_big_ping 1 2
    vx_big_ping 2 1
    vx_tcp 1 2
    vx_tcp 2 1
    vx_isolated
    vx_show 1
    vx_show 2
    vx_stop_switchds
}

# vx_remote_macs N: switchd VTEP N's `show mac address-table vlan 100` has
# the VNI 10100 host behind every other VTEP J on its tunnel port, with J's
# address ("nve1(10.18.0.J)": the (VNI, MAC) -> VTEP entry).  After traffic.
vx_remote_macs()
{
    local n=$1 out j mac
    [ "${VX_KIND[$n]}" = switchd ] || return 0
    out=$(swsh_all "$TMP/v$n.sock" 'show mac address-table vlan 100')
    for (( j = 1; j <= VX_N; j++ )); do
        [ "$j" -ne "$n" ] || continue
        mac=$(ip -n "${P}h$j" -j link show dev "${P}h$j" | /usr/bin/python3 -c '
import json, sys
m = json.load(sys.stdin)[0]["address"].replace(":", "")
print(".".join(m[i:i + 4] for i in (0, 4, 8)))')
        awk -v m="$mac" -v at="($(vx_ip "$j"))" '$1 == 100 && $2 == m && index($4, at) { ok = 1 } END { exit !ok }' <<<"$out" \
            || fail "VTEP $n: host h$j ($mac) not behind $(vx_ip "$j") in show mac address-table: $out"
    done
    log "ok: VTEP $n: the remote hosts' MACs are behind their VTEPs"
}

# vx_unicast_direct A B C: known unicast goes to one VTEP only: while host
# hA pings hB (both known everywhere by now), VTEP C's underlay link
# receives none of it.
vx_unicast_direct()
{
    local a=$1 b=$2 c=$3 t
    capture_start "uc$c" "${P}v$c" "${P}u$c" "" in
    ip netns exec "${P}h$a" ping -c 5 -i 0.2 -W 1 -q "$(vx_h_ip "$b")" >/dev/null \
        || fail "ping h$a -> h$b failed"
    capture_stop "uc$c"
    t=$(vx_inner "uc$c" | grep -F "$(vx_h_ip "$a") > $(vx_h_ip "$b"): ICMP")
    [ -z "$t" ] || fail "VTEP $c received unicast between h$a and h$b: $t"
    log "ok: unicast h$a -> h$b never reached VTEP $c"
}
