# tests/integration/stp_lib.sh: a triangle of spanning-tree bridges for the
# spanning tree tests (docs/design.md section 5.13), sourced after lib.sh.
#
# Three corners a, b and c, joined by veth links a-b, b-c and c-a, each
# corner one of:
#   switchd  a switchd in namespace ${P}X, bridge br0 with spanning tree on:
#            two system trunk ports (the links) and an internal access port
#            whose netdev is moved into the corner's host;
#   linux    a Linux bridge br0 with kernel STP (stp_state 1: 802.1D
#            legacy BPDUs) in namespace ${P}X, which keeps it out of the
#            root namespace (there the kernel would ask /sbin/bridge-stp);
#   ovs      an Open vSwitch 3.1 netdev bridge br0 with rstp_enable=true,
#            ovs-vswitchd of the test's own (lib.sh ovs_start) in ${P}X.
# Each corner has a host: namespace ${P}hX with netdev ${P}Xh at
# 10.16.0.N/24 (a 1, b 2, c 3): switchd's internal port, or a veth whose
# other end, the bridge's port, is ${P}Xp.  The link ends in corner X are
# ${P}XY (Y the other corner: ${P}ab is a's end of the a-b link, ${P}ba
# b's).  Every link end has path cost $STP_COST on every corner (the
# Linux bridge counts 802.1D-1998 costs, a veth costing 2 there and 2000
# in RSTP: one explicit cost gives every corner the same tree), and every
# corner runs the same short timers (hello 1 s, 2 s on OVS; max age 6 s,
# forward delay 4 s: the smallest RSTP allows, 802.1D-2004 table 17-1) so
# the legacy corner converges in 2 x 4 s.
#
# With equal costs the tree is fixed by the bridge priorities: the corner
# with the lowest is root, both others have their root port on their link
# to it, and the link between those two is blocked at the end of the one
# with the higher bridge ID (its port there is alternate / blocking).
#
# Everything is removed by lib.sh's cleanup trap (namespaces, switchd,
# ovs-vswitchd, tcpdump), on failure too.
#
# Roles and states of each corner are read in one normalized form,
# "PORT ROLE STATE" per link end (stp_ports X), ROLE one of root desg altn
# back disabled, STATE one of fwd lrn lis blk dis; and the root and bridge
# IDs as "PRIORITY.MAC" (decimal priority without the system ID
# extension, 12 lower-case hex digits): stp_root_id X, stp_bridge_id X.

STP_HELLO=${STP_HELLO:-1}
STP_MAX_AGE=${STP_MAX_AGE:-6}
STP_FWD=${STP_FWD:-4}
STP_COST=${STP_COST:-100}
STP_CORNERS=(a b c)
declare -A STP_KIND=()      # corner -> switchd | linux | ovs
declare -A STP_PRIO=()      # corner -> bridge priority
declare -A STP_IP=([a]=10.16.0.1 [b]=10.16.0.2 [c]=10.16.0.3)

# stp_others X: the two other corners, in order.
stp_others()
{
    case $1 in a) echo b c ;; b) echo a c ;; c) echo a b ;; esac
}

# stp_triangle KIND_A PRIO_A KIND_B PRIO_B KIND_C PRIO_C: builds the
# triangle and the hosts; returns once every corner runs (not converged:
# see stp_wait_converged).
stp_triangle()
{
    STP_KIND=([a]=$1 [b]=$3 [c]=$5)
    STP_PRIO=([a]=$2 [b]=$4 [c]=$6)
    local x y
    for x in a b c; do
        netns_add "${P}$x"
        netns_add "${P}h$x"
    done
    veth_add "${P}a" "${P}ab" "${P}b" "${P}ba"
    veth_add "${P}b" "${P}bc" "${P}c" "${P}cb"
    veth_add "${P}c" "${P}ca" "${P}a" "${P}ac"
    for x in a b c; do
        for y in $(stp_others "$x"); do must ip -n "${P}$x" link set "${P}$x$y" up; done
    done
    for x in a b c; do
        case ${STP_KIND[$x]} in
            switchd) stp_corner_switchd "$x" ;;
            linux) stp_corner_linux "$x" ;;
            ovs) stp_corner_ovs "$x" ;;
            *) fail "stp_triangle: unknown corner kind [${STP_KIND[$x]}]" ;;
        esac
        must ip -n "${P}h$x" link set "${P}${x}h" up
        must ip -n "${P}h$x" addr add "${STP_IP[$x]}/24" dev "${P}${x}h"
    done
    log "triangle: a ${STP_KIND[a]} (priority ${STP_PRIO[a]}), b ${STP_KIND[b]} (${STP_PRIO[b]}), c ${STP_KIND[c]} (${STP_PRIO[c]})"
}

# A switchd corner: its internal port ${P}Xh moves into the host.
stp_corner_switchd()
{
    local x=$1 y1 y2
    read -r y1 y2 <<<"$(stp_others "$x")"
    cat >"$TMP/$x.json" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "spanning_tree": {"enabled": true, "priority": ${STP_PRIO[$x]}, "hello_time_s": $STP_HELLO,
                      "max_age_s": $STP_MAX_AGE, "forward_delay_s": $STP_FWD},
    "ports": [
      {"name": "${P}$x$y1", "type": "system", "mode": "trunk", "spanning_tree_cost": $STP_COST},
      {"name": "${P}$x$y2", "type": "system", "mode": "trunk", "spanning_tree_cost": $STP_COST},
      {"name": "${P}${x}h", "type": "internal", "mode": "access", "access_vlan": 1}
    ]
  }]
}
JSON
    start_switchd "${P}$x" "$TMP/$x.json" "$TMP/$x.sock"
    must ip -n "${P}$x" link set "${P}${x}h" netns "${P}h$x"
}

# A Linux bridge corner.  iproute2 takes the timers in centiseconds.
stp_corner_linux()
{
    local x=$1 ns=${P}$1 y
    must ip -n "$ns" link add br0 type bridge stp_state 1 priority "${STP_PRIO[$x]}" \
        hello_time $(( STP_HELLO * 100 )) max_age $(( STP_MAX_AGE * 100 )) \
        forward_delay $(( STP_FWD * 100 ))
    for y in $(stp_others "$x"); do
        must ip -n "$ns" link set "${P}$x$y" master br0
        must ip -n "$ns" link set dev "${P}$x$y" type bridge_slave cost "$STP_COST"
    done
    veth_add "$ns" "${P}${x}p" "${P}h$x" "${P}${x}h"
    must ip -n "$ns" link set "${P}${x}p" master br0
    must ip -n "$ns" link set "${P}${x}p" up
    must ip -n "$ns" link set br0 up
}

# An Open vSwitch corner (Open vSwitch named after the corner).  Its hello
# time is 2 s, which OVS 3.1 does not let one set (no rstp-hello-time in
# ovs-vswitchd.conf.db(5)); 2 s fits max age 6 s too.
stp_corner_ovs()
{
    local x=$1 ns=${P}$1 y
    ovs_start "$ns" "$x"
    must ovs_vsctl "$x" add-br br0 -- set bridge br0 datapath_type=netdev \
        rstp_enable=true other_config:rstp-priority="${STP_PRIO[$x]}" \
        other_config:rstp-max-age="$STP_MAX_AGE" \
        other_config:rstp-forward-delay="$STP_FWD"
    for y in $(stp_others "$x"); do
        must ovs_vsctl "$x" add-port br0 "${P}$x$y" -- set port "${P}$x$y" \
            other_config:rstp-path-cost="$STP_COST"
    done
    veth_add "$ns" "${P}${x}p" "${P}h$x" "${P}${x}h"
    must ip -n "$ns" link set "${P}${x}p" up
    must ovs_vsctl "$x" add-port br0 "${P}${x}p" -- set port "${P}${x}p" \
        other_config:rstp-port-admin-edge=true
}

# ------------------------------------------------------------ IDs, roles

# stp_norm_id PRIORITY MAC: "PRIORITY.MAC" as the top of this file says
# (PRIORITY decimal, any system ID extension dropped; MAC in any of
# aa:bb:.., aabb.ccdd.eeff or aabbccddeeff).
stp_norm_id()
{
    local mac
    mac=$(tr -d ':.-' <<<"$2" | tr A-F a-f)
    [[ $1 =~ ^[0-9]+$ ]] && [[ $mac =~ ^[0-9a-f]{12}$ ]] || return 1
    echo "$(( $1 & 0xf000 )).$mac"
}

# Linux: /sys/class/net/br0/bridge/{root_id,bridge_id} read "8000.aabbccddeeff".
stp_linux_sysid()
{
    local v
    v=$(ip netns exec "$1" cat "/sys/class/net/br0/bridge/$2") || return 1
    stp_norm_id "$(( 16#${v%%.*} ))" "${v#*.}"
}

# switchd: the "Root ID" or "Bridge ID" block of `show spanning-tree`
# (IOS layout: "Root ID    Priority    4097" then "Address     0011.2233.4455").
stp_switchd_id()
{
    local out prio mac
    out=$(swsh "$TMP/$1.sock" 'show spanning-tree') || return 1
    read -r prio mac <<<"$(awk -v blk="$2" '
        index($0, blk) { f = 1 }
        f && /Priority/ { for (i = 1; i < NF; i++) if ($i == "Priority") p = $(i + 1) }
        f && /Address/ { for (i = 1; i < NF; i++) if ($i == "Address") { print p, $(i + 1); exit } }' <<<"$out")"
    stp_norm_id "$prio" "$mac"
}

# OVS: `ovs-appctl rstp/show br0`'s "Root ID:" / "Bridge ID:" blocks
# ("stp-priority 32768", "stp-system-id aa:bb:cc:dd:ee:ff").
stp_ovs_id()
{
    local out prio mac
    out=$(ovs_appctl "$1" rstp/show br0) || return 1
    read -r prio mac <<<"$(awk -v blk="$2:" '
        $0 ~ "^" blk || $0 ~ "^ *" blk { f = 1; next }
        f && $1 == "stp-priority" { p = $2 }
        f && $1 == "stp-system-id" { print p, $2; exit }' <<<"$out")"
    stp_norm_id "$prio" "$mac"
}

# stp_root_id X / stp_bridge_id X: corner X's root / own bridge ID.
stp_root_id()
{
    case ${STP_KIND[$1]} in
        switchd) stp_switchd_id "$1" "Root ID" ;;
        linux) stp_linux_sysid "${P}$1" root_id ;;
        ovs)
            # OVS prints no Root ID block's address when it is the root
            # itself in some versions: fall back to its bridge ID then.
            stp_ovs_id "$1" "Root ID" || { stp_ovs_is_root "$1" && stp_ovs_id "$1" "Bridge ID"; } ;;
    esac
}
stp_bridge_id()
{
    case ${STP_KIND[$1]} in
        switchd) stp_switchd_id "$1" "Bridge ID" ;;
        linux) stp_linux_sysid "${P}$1" bridge_id ;;
        ovs) stp_ovs_id "$1" "Bridge ID" ;;
    esac
}
stp_ovs_is_root() { ovs_appctl "$1" rstp/show br0 | grep -q 'This bridge is the root'; }

# stp_ports X: "PORT ROLE STATE" for corner X's two link ends.
stp_ports()
{
    case ${STP_KIND[$1]} in
        switchd) stp_ports_switchd "$1" ;;
        linux) stp_ports_linux "$1" ;;
        ovs) stp_ports_ovs "$1" ;;
    esac | awk -v p1="${P}$1$(stp_others "$1" | cut -d' ' -f1)" \
               -v p2="${P}$1$(stp_others "$1" | cut -d' ' -f2)" '$1 == p1 || $1 == p2'
}

# switchd: the interface table of `show spanning-tree` (Interface Role Sts
# Cost Prio.Nbr Type; Role Root Desg Altn Back Disa..., Sts FWD LRN BLK ...).
stp_ports_switchd()
{
    swsh "$TMP/$1.sock" 'show spanning-tree' | awk '
        $1 == "Interface" && $2 == "Role" { t = 1; next }
        t && NF >= 3 && $1 !~ /^-+$/ {
            r = tolower($2); s = tolower($3)
            if (r ~ /^dis/) r = "disabled"
            if (s == "dsc" || s == "bkn" || s ~ /^dis/) s = "blk"
            print $1, r, s }'
}

# Linux (802.1D-1998 has no roles): the root port is the bridge's root_port
# (a port number), a port whose designated bridge is this bridge is
# designated, any other is alternate; states from `bridge -d link show`
# (disabled listening learning forwarding blocking).
stp_ports_linux()
{
    local ns=${P}$1 y port own rootp no dbr dport pid state role
    own=$(ip netns exec "$ns" cat /sys/class/net/br0/bridge/bridge_id) || return 1
    rootp=$(ip netns exec "$ns" cat /sys/class/net/br0/bridge/root_port) || return 1
    for y in $(stp_others "$1"); do
        port=${P}$1$y
        no=$(ip netns exec "$ns" cat "/sys/class/net/$port/brport/port_no") || return 1
        dbr=$(ip netns exec "$ns" cat "/sys/class/net/$port/brport/designated_bridge") || return 1
        dport=$(ip netns exec "$ns" cat "/sys/class/net/$port/brport/designated_port") || return 1
        pid=$(ip netns exec "$ns" cat "/sys/class/net/$port/brport/port_id") || return 1
        state=$(bridge -n "$ns" -d link show dev "$port" | grep -oE 'state [a-z]+' | head -n 1 | cut -d' ' -f2)
        if [ "$state" = disabled ]; then role=disabled
        elif [ $(( no )) -eq $(( rootp )) ]; then role=root
        elif [ "$dbr" = "$own" ] && [ $(( dport )) -eq $(( pid )) ]; then role=desg
        elif [ "$dbr" = "$own" ]; then role=back
        else role=altn
        fi
        case $state in
            forwarding) state=fwd ;; learning) state=lrn ;; listening) state=lis ;;
            blocking) state=blk ;; disabled) state=dis ;;
        esac
        echo "$port $role $state"
    done
}

# OVS: rstp/show's table (Interface Role State Port-Cost Pri.Nbr).
stp_ports_ovs()
{
    ovs_appctl "$1" rstp/show br0 | awk '
        $1 == "Interface" && $2 == "Role" { t = 1; next }
        t && NF >= 3 && $1 !~ /^-+$/ {
            r = tolower(substr($2, 1, 4)); s = tolower($3)
            if (r == "desi") r = "desg"; if (r == "alte") r = "altn"; if (r == "disa") r = "disabled"
            if (r == "back") r = "back"
            if (s == "forwarding") s = "fwd"; else if (s == "learning") s = "lrn"
            else if (s == "discarding") s = "blk"; else if (s == "disabled") s = "dis"
            print $1, r, s }'
}

# stp_dump: every corner's view, for logs and failure messages.
stp_dump()
{
    local x
    for x in a b c; do
        echo "corner $x (${STP_KIND[$x]}): bridge $(stp_bridge_id "$x"), root $(stp_root_id "$x")"
        stp_ports "$x" | sed 's/^/    /'
    done
}

# stp_show_native X: the corner's own full view (show spanning-tree,
# bridge -d link, rstp/show), for logs.
stp_show_native()
{
    case ${STP_KIND[$1]} in
        switchd) swsh "$TMP/$1.sock" 'show spanning-tree' ;;
        linux) bridge -n "${P}$1" -d link show; ip -n "${P}$1" -d link show br0 ;;
        ovs) ovs_appctl "$1" rstp/show br0 ;;
    esac
}

# ------------------------------------------------------------ convergence

# stp_expected_root: the corner with the lowest priority (priorities are
# distinct in these tests).
stp_expected_root()
{
    local x best=""
    for x in a b c; do
        [ -n "$best" ] && [ "${STP_PRIO[$x]}" -ge "${STP_PRIO[$best]}" ] || best=$x
    done
    echo "$best"
}

# stp_expected_blocked: the link end that must block: on the non-root
# corner with the highest priority, facing the other non-root corner.
stp_expected_blocked()
{
    local r x1 x2
    r=$(stp_expected_root)
    read -r x1 x2 <<<"$(stp_others "$r")"
    if [ "${STP_PRIO[$x1]}" -gt "${STP_PRIO[$x2]}" ]; then echo "${P}$x1$x2"; else echo "${P}$x2$x1"; fi
}

# stp_converged: true when (1) every corner names the same root, the
# bridge ID of stp_expected_root; (2) every link end is forwarding except
# exactly one, stp_expected_blocked, which is alternate and blocking /
# discarding; (3) each link joins a root port and a designated port, or
# the blocked end and a designated port; (4) the root has no root port.
# Sets STP_WHY to what did not hold.
stp_converged()
{
    local x r rid id p role st n_blk=0 blocked
    declare -A role_of=() st_of=()
    r=$(stp_expected_root); blocked=$(stp_expected_blocked)
    rid=$(stp_bridge_id "$r") || { STP_WHY="no bridge ID from corner $r"; return 1; }
    for x in a b c; do
        id=$(stp_root_id "$x") || { STP_WHY="no root ID from corner $x"; return 1; }
        [ "$id" = "$rid" ] || { STP_WHY="corner $x: root $id, not $r's $rid"; return 1; }
        while read -r p role st; do
            [ -n "$p" ] || continue
            role_of[$p]=$role st_of[$p]=$st
        done <<<"$(stp_ports "$x")"
    done
    for x in a b c; do
        for y in $(stp_others "$x"); do
            p=${P}$x$y
            [ -n "${role_of[$p]:-}" ] || { STP_WHY="no role for $p"; return 1; }
            if [ "$p" = "$blocked" ]; then
                [ "${role_of[$p]}" = altn ] && [ "${st_of[$p]}" = blk ] \
                    || { STP_WHY="$p is ${role_of[$p]} ${st_of[$p]}, not altn blk"; return 1; }
                n_blk=$((n_blk + 1))
            else
                [ "${st_of[$p]}" = fwd ] || { STP_WHY="$p is ${role_of[$p]} ${st_of[$p]}, not forwarding"; return 1; }
                case ${role_of[$p]} in root|desg) ;; *) STP_WHY="$p is ${role_of[$p]}"; return 1 ;; esac
                [ "$x" != "$r" ] || [ "${role_of[$p]}" = desg ] \
                    || { STP_WHY="$p on the root is ${role_of[$p]}"; return 1; }
            fi
        done
    done
    # Each link: its far end of a root or alternate port is designated.
    for x in a b c; do
        for y in $(stp_others "$x"); do
            case ${role_of[${P}$x$y]} in
                root|altn) [ "${role_of[${P}$y$x]}" = desg ] \
                    || { STP_WHY="${P}$x$y is ${role_of[${P}$x$y]} but ${P}$y$x is ${role_of[${P}$y$x]}"; return 1; } ;;
            esac
        done
    done
    [ "$n_blk" -eq 1 ] || { STP_WHY="$n_blk blocked ends"; return 1; }
    STP_WHY=""
}

# stp_wait_converged SECS: waits until stp_converged holds, and still
# holds 2 hellos later (not a passing moment); fails the test with every
# corner's view if not within SECS.
stp_wait_converged()
{
    local secs=$1 t0
    t0=$(now_ms)
    wait_for "$secs" stp_converged_stable \
        || { stp_converged; fail "spanning tree not converged after $secs s ($STP_WHY): $(stp_dump; for x in a b c; do echo "---- $x native:"; stp_show_native "$x"; done)"; }
    log "ok: converged after $(( $(now_ms) - t0 )) ms: root $(stp_expected_root), blocked $(stp_expected_blocked)"
    stp_dump
}
stp_converged_stable()
{
    stp_converged || return 1
    sleep $(( 2 * STP_HELLO ))
    stp_converged
}

# ------------------------------------------------------------ storms

# stp_broadcast_once FROM: host FROM sends one broadcast frame (ethertype
# 0x88b5, local experimental, payload naming this run); every other host
# must receive it exactly once (counted for 2 s after it arrived: copies
# of a loop come within milliseconds), and FROM must not get it back.
stp_broadcast_once()
{
    local from=$1 x tag n
    tag="stp-$P-$from-$RANDOM"
    for x in a b c; do
        capture_start "bc$x" "${P}h$x" "${P}${x}h" "" in
    done
    ip netns exec "${P}h$from" /usr/bin/python3 -c '
import sys
from scapy.all import Ether, Raw, get_if_hwaddr, sendp
# The source must be the netdev address: scapy in a namespace may fill in
# zeros, which a Linux bridge drops as an invalid source.
src = get_if_hwaddr(sys.argv[2])
sendp(Ether(src=src, dst="ff:ff:ff:ff:ff:ff", type=0x88b5) / Raw(sys.argv[1].encode()),
      iface=sys.argv[2], verbose=False)' "$tag" "${P}${from}h" || fail "scapy could not send from host $from"
    for x in a b c; do
        [ "$x" = "$from" ] || capture_wait "bc$x" "0x88b5" 1 30
    done
    sleep 2
    for x in a b c; do
        capture_stop "bc$x"
        n=$(capture_count "bc$x" "0x88b5")
        if [ "$x" = "$from" ]; then
            assert_eq "$n" 0 "host $x: its own broadcast never came back"
        else
            assert_eq "$n" 1 "host $x: the broadcast from host $from arrived once"
        fi
    done
}

# stp_no_storm [SECS]: over SECS (default 4) with no test traffic, each
# link end receives at most 10 frames a second (BPDUs: one a hello per
# port, plus topology-change bursts); a loop carries thousands.
stp_no_storm()
{
    local secs=${1:-4} x y p n
    declare -A c0=()
    for x in a b c; do
        for y in $(stp_others "$x"); do c0[$x$y]=$(link_counter "${P}$x" "${P}$x$y" rx); done
    done
    sleep "$secs"
    for x in a b c; do
        for y in $(stp_others "$x"); do
            p=${P}$x$y
            n=$(( $(link_counter "${P}$x" "$p" rx) - c0[$x$y] ))
            [ "$n" -le $(( 10 * secs )) ] || fail "storm: $p received $n frames in $secs s"
        done
    done
    log "ok: no storm: every link end received at most $(( 10 * secs )) frames in $secs s"
}

# stp_ping_all: every host pings both others.
stp_ping_all()
{
    local x y
    for x in a b c; do
        for y in $(stp_others "$x"); do ping_ok "${P}h$x" "${STP_IP[$y]}"; done
    done
}

# stp_stop_switchds: stops every switchd corner (a test must, lib.sh test_pass).
stp_stop_switchds()
{
    local x
    for x in a b c; do
        [ "${STP_KIND[$x]}" != switchd ] || stop_switchd "$TMP/$x.sock"
    done
}

# stp_bpdus_in X Y [SECS]: the BPDUs link end ${P}XY received in SECS
# (default 3 hellos + 1 s), one tcpdump line each ("STP 802.1d, Config",
# "STP 802.1w, Rapid STP", "Topology Change"), in $STP_BPDUS.
stp_bpdus_in()
{
    local x=$1 y=$2 secs=${3:-$(( 3 * STP_HELLO + 1 ))} name=bpdu$1$2
    capture_start "$name" "${P}$x" "${P}$x$y" "" in
    sleep "$secs"
    capture_stop "$name"
    STP_BPDUS=$(tcpdump -nn -e -v -r "$TMP/$name.pcap" stp 2>/dev/null | grep -E ': STP ')
    log "BPDUs into ${P}$x$y in $secs s: $(grep -c . <<<"$STP_BPDUS")"
    printf '%s\n' "$STP_BPDUS" | head -n 3
}
