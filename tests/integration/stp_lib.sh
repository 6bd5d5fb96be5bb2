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

# stp_text X: corner X's view as its own tool prints it: switchd's `show
# spanning-tree`, OVS's `ovs-appctl rstp/show br0`, or for Linux lines
# "bridge_id 8000.aabbccddeeff", "root_id ...", "root_port N" from
# /sys/class/net/br0/bridge/ and per port "port NAME PORT_NO
# DESIGNATED_BRIDGE DESIGNATED_PORT PORT_ID" from .../brport/ (numbers in
# decimal), then
# `bridge -d link show` (the states).  Read once per corner for all the
# accessors below while stp_cache_fill has filled STP_CACHE (a
# consistent view of one moment, and one daemon call instead of many),
# else read at each call.
declare -A STP_CACHE=()
stp_text()
{
    if [ -n "${STP_CACHE[$1]+set}" ]; then
        printf '%s\n' "${STP_CACHE[$1]}"
        return 0
    fi
    local ns=${P}$1
    case ${STP_KIND[$1]} in
        switchd) swsh "$TMP/$1.sock" 'show spanning-tree' ;;
        ovs) ovs_appctl "$1" rstp/show br0 ;;
        linux)
            ip netns exec "$ns" sh -c '
                d=/sys/class/net/br0/bridge
                echo "bridge_id $(cat $d/bridge_id)"
                echo "root_id $(cat $d/root_id)"
                echo "root_port $(( $(cat $d/root_port) ))"
                for p in /sys/class/net/br0/brif/*; do
                    echo "port ${p##*/} $(( $(cat $p/port_no) )) $(cat $p/designated_bridge)" \
                         "$(( $(cat $p/designated_port) )) $(( $(cat $p/port_id) ))"
                done' && bridge -n "$ns" -d link show ;;
    esac
}
stp_cache_fill()
{
    local x
    STP_CACHE=()
    for x in a b c; do STP_CACHE[$x]=$(stp_text "$x") || return 1; done
}

# switchd: the "Root ID" or "Bridge ID" block of `show spanning-tree`
# (IOS layout: "Root ID    Priority    4097" then "Address     0011.2233.4455").
stp_switchd_id()
{
    local prio mac
    read -r prio mac <<<"$(stp_text "$1" | awk -v blk="$2" '
        index($0, blk) { f = 1 }
        f && /Priority/ { for (i = 1; i < NF; i++) if ($i == "Priority") p = $(i + 1) }
        f && /Address/ { for (i = 1; i < NF; i++) if ($i == "Address") { print p, $(i + 1); exit } }')"
    stp_norm_id "$prio" "$mac"
}

# OVS: rstp/show's "Root ID:" / "Bridge ID:" blocks ("stp-priority 32768",
# "stp-system-id aa:bb:cc:dd:ee:ff").
stp_ovs_id()
{
    local prio mac
    read -r prio mac <<<"$(stp_text "$1" | awk -v blk="$2:" '
        $0 ~ "^ *" blk { f = 1; next }
        f && $1 == "stp-priority" { p = $2 }
        f && $1 == "stp-system-id" { print p, $2; exit }')"
    stp_norm_id "$prio" "$mac"
}

# Linux: bridge_id / root_id read "8000.aabbccddeeff" (priority in hex).
stp_linux_id()
{
    local v
    v=$(stp_text "$1" | awk -v k="$2" '$1 == k { print $2; exit }')
    [ -n "$v" ] || return 1
    stp_norm_id "$(( 16#${v%%.*} ))" "${v#*.}"
}

# stp_root_id X / stp_bridge_id X: corner X's root / own bridge ID.
stp_root_id()
{
    case ${STP_KIND[$1]} in
        switchd) stp_switchd_id "$1" "Root ID" ;;
        linux) stp_linux_id "$1" root_id ;;
        ovs) stp_ovs_id "$1" "Root ID" ;;
    esac
}
stp_bridge_id()
{
    case ${STP_KIND[$1]} in
        switchd) stp_switchd_id "$1" "Bridge ID" ;;
        linux) stp_linux_id "$1" bridge_id ;;
        ovs) stp_ovs_id "$1" "Bridge ID" ;;
    esac
}

# stp_ports X: "PORT ROLE STATE" for corner X's two link ends.
stp_ports()
{
    local y1 y2
    read -r y1 y2 <<<"$(stp_others "$1")"
    stp_text "$1" | case ${STP_KIND[$1]} in
        switchd) stp_ports_switchd ;;
        linux) stp_ports_linux ;;
        ovs) stp_ports_ovs ;;
    esac | awk -v p1="${P}$1$y1" -v p2="${P}$1$y2" '$1 == p1 || $1 == p2'
}

# switchd: the interface table of `show spanning-tree` (Interface Role Sts
# Cost Prio.Nbr Type; Role Root Desg Altn Back Disa..., Sts FWD LRN BLK ...).
stp_ports_switchd()
{
    awk '
        $1 == "Interface" && $2 == "Role" { t = 1; next }
        t && NF >= 3 && $1 !~ /^-+$/ {
            r = tolower($2); s = tolower($3)
            if (r ~ /^dis/) r = "disabled"
            if (s == "dsc" || s == "bkn" || s ~ /^dis/) s = "blk"
            print $1, r, s }'
}

# Linux (802.1D-1998 has no roles): the root port is the bridge's root_port
# (a port number), a port whose designated bridge is this bridge is
# designated (backup if the designated port is another of its own), any
# other is alternate; states from `bridge -d link show` (disabled
# listening learning forwarding blocking).
stp_ports_linux()
{
    awk '
        $1 == "bridge_id" { own = $2 }
        $1 == "root_port" { rootp = $2 + 0 }
        $1 == "port" { no[$2] = $3 + 0; dbr[$2] = $4; dport[$2] = $5 + 0; pid[$2] = $6 + 0 }
        /^[0-9]+: / && / state / {
            name = $2; sub(/:$/, "", name); sub(/@.*/, "", name)
            for (i = 1; i < NF; i++) if ($i == "state") st = $(i + 1)
            if (!(name in no)) next
            if (st == "disabled") r = "disabled"
            else if (no[name] == rootp) r = "root"
            else if (dbr[name] == own && dport[name] == pid[name]) r = "desg"
            else if (dbr[name] == own) r = "back"
            else r = "altn"
            s = st
            if (st == "forwarding") s = "fwd"; else if (st == "learning") s = "lrn"
            else if (st == "listening") s = "lis"; else if (st == "blocking") s = "blk"
            else if (st == "disabled") s = "dis"
            print name, r, s }'
}

# OVS: rstp/show's table (Interface Role State Cost Pri.Nbr).
stp_ports_ovs()
{
    awk '
        $1 == "Interface" && $2 == "Role" { t = 1; next }
        t && NF >= 3 && $1 !~ /^-+$/ {
            r = tolower(substr($2, 1, 4)); s = tolower($3)
            if (r == "desi") r = "desg"; if (r == "alte") r = "altn"; if (r == "disa") r = "disabled"
            if (s == "forwarding") s = "fwd"; else if (s == "learning") s = "lrn"
            else if (s == "discarding") s = "blk"; else if (s == "disabled") s = "dis"
            print $1, r, s }'
}

# stp_dump: every corner's view, for logs and failure messages.
stp_dump()
{
    local x
    stp_cache_fill
    for x in a b c; do
        echo "corner $x (${STP_KIND[$x]}): bridge $(stp_bridge_id "$x"), root $(stp_root_id "$x")"
        stp_ports "$x" | sed 's/^/    /'
    done
    STP_CACHE=()
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
    local r blocked
    r=$(stp_expected_root); blocked=$(stp_expected_blocked)
    stp_cache_fill || { STP_CACHE=(); STP_WHY="a corner did not answer"; return 1; }
    stp_converged_check "$r" "$blocked"
    local rc=$?
    STP_CACHE=()
    return $rc
}
stp_converged_check()
{
    local r=$1 blocked=$2 x y rid id p role st n_blk=0
    declare -A role_of=() st_of=()
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

# stp_captures_start "NAME NS IF DIRECTION"...: lib.sh capture_start for
# each (no count), the tcpdumps started together and then waited for
# (each takes a second or so to listen on a loaded machine).
stp_captures_start()
{
    local spec name ns ifname dir pid
    for spec in "$@"; do
        read -r name ns ifname dir <<<"$spec"
        ip netns exec "$ns" tcpdump -i "$ifname" --immediate-mode -e -nn -U -Z root \
            -Q "$dir" -w "$TMP/$name.pcap" 2>"$TMP/$name.tcpdump.err" &
        pid=$!
        TS_LIVE[$pid]=1; TS_BG_PIDS+=("$pid"); TS_CAP_PID[$name]=$pid
    done
    for spec in "$@"; do
        read -r name ns ifname dir <<<"$spec"
        wait_for 30 grep -q 'listening on' "$TMP/$name.tcpdump.err" \
            || fail "tcpdump on $ns/$ifname did not start: $(cat "$TMP/$name.tcpdump.err")"
    done
}

# stp_broadcast_once FROM: host FROM sends one broadcast frame (ethertype
# 0x88b5, local experimental, payload naming this run); every other host
# must receive it exactly once (counted for 1 s after it arrived: copies
# of a loop come within milliseconds), and FROM must not get it back.
stp_broadcast_once()
{
    local from=$1 x tag n
    tag="stp-$P-$from-$RANDOM"
    stp_captures_start "bca ${P}ha ${P}ah in" "bcb ${P}hb ${P}bh in" "bcc ${P}hc ${P}ch in"
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
    sleep 1
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

# stp_no_storm SECS [CMD...]: over SECS with no test traffic (CMD, if
# given, runs meanwhile: e.g. stp_bpdus_in, whose capture window is idle
# time too), each link end receives at most 10 frames a second (BPDUs:
# one a hello per port, plus topology-change bursts); a loop carries
# thousands.
stp_no_storm()
{
    local secs=$1 x y p n t0 left
    shift
    declare -A c0=()
    for x in a b c; do
        for y in $(stp_others "$x"); do c0[$x$y]=$(link_counter "${P}$x" "${P}$x$y" rx); done
    done
    t0=$(now_ms)
    [ $# -eq 0 ] || "$@"
    left=$(( secs * 1000 - ($(now_ms) - t0) ))
    [ "$left" -le 0 ] || sleep "$(( left / 1000 )).$(printf '%03d' $(( left % 1000 )))"
    secs=$(( ($(now_ms) - t0 + 999) / 1000 ))
    for x in a b c; do
        for y in $(stp_others "$x"); do
            p=${P}$x$y
            n=$(( $(link_counter "${P}$x" "$p" rx) - c0[$x$y] ))
            [ "$n" -le $(( 10 * secs )) ] || fail "storm: $p received $n frames in $secs s"
        done
    done
    log "ok: no storm: every link end received at most $(( 10 * secs )) frames in $secs s"
}

# stp_ping_round: each host pings the next (a b, b c, c a): every link
# or the detour around the blocked one carries traffic both ways.
stp_ping_round()
{
    ping_ok "${P}ha" "${STP_IP[b]}"
    ping_ok "${P}hb" "${STP_IP[c]}"
    ping_ok "${P}hc" "${STP_IP[a]}"
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

# stp_bpdus_in "X Y"... : captures for 3 hellos + 1 s what each link end
# ${P}XY receives, and sets STP_BPDUS[XY] to its BPDUs, one tcpdump line
# each ("STP 802.1d, Config", "STP 802.1w, Rapid STP", "Topology Change").
declare -A STP_BPDUS=()
stp_bpdus_in()
{
    local end x y specs=()
    for end in "$@"; do
        read -r x y <<<"$end"
        specs+=("bpdu$x$y ${P}$x ${P}$x$y in")
    done
    stp_captures_start "${specs[@]}"
    sleep $(( 3 * STP_HELLO + 1 ))
    for end in "$@"; do
        read -r x y <<<"$end"
        capture_stop "bpdu$x$y"
        STP_BPDUS[$x$y]=$(tcpdump -nn -e -v -r "$TMP/bpdu$x$y.pcap" stp 2>/dev/null | grep -E ': STP ')
        log "BPDUs into ${P}$x$y: $(grep -c . <<<"${STP_BPDUS[$x$y]}")"
        printf '%s\n' "${STP_BPDUS[$x$y]}" | head -n 2
    done
}
