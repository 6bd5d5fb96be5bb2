#!/bin/bash
# The OpenStack VLAN example (examples/openstack-vlan), run as it ships: its
# run.sh brings up compute-a and compute-b from compute-a.json and
# compute-b.json (br-int + br-eth1 per host, patch pair int-br-eth1 /
# phy-br-eth1, the agent's flows verbatim, a veth wire), runs its own demo,
# and stays up (--keep) while this test checks:
#   - the flows are there verbatim and dump-flows prints OVS 3.x lines;
#   - net1's VMs ping across the hosts although their local VLANs differ (1 on
#     compute-a, 5 on compute-b), net2's likewise (2 and 6);
#   - on the wire every net1 echo is tagged 100 and every net2 echo 101, and
#     nothing else crosses;
#   - net1 and net2 are isolated, even when a VM knows the other's MAC;
#   - every flow's n_packets and n_bytes rise by exactly what it handled;
#   - deleting compute-a's net1 translation flow (del-flows --strict) breaks
#     net1 but not net2, and adding it back restores net1;
#   - run.sh cleans everything up on SIGTERM and both switchd exit 0.
#
# Exact counters: after the demo, every VM namespace gets static (permanent)
# ARP entries for every other VM, and IPv6 is off in every namespace run.sh
# makes, so the only frames are the ICMP echoes the test sends.  Each phase
# snapshots the four flow tables, sends a known number of echoes, and
# compares the new dump-flows text, with duration and idle_age masked, to the
# old one with each flow's counters raised by the frames it handled.
#
# Frame sizes as the bridges count them (n_bytes counts the frame as it
# arrives at the bridge, before any action):
#   an echo request or reply of ping's default 56 data bytes is
#   56 + 8 (ICMP) + 20 (IPv4) + 14 (Ethernet) = 98 bytes untagged, which is
#   how it enters br-int from a VM's access port;          UNTAGGED=98
#   with an 802.1Q tag it is 98 + 4 = 102 bytes, which is how it enters
#   br-eth1 from the patch port (tagged with the local VLAN), br-eth1 from
#   the wire (provider VLAN) and br-int from the patch port (provider VLAN);
#                                                          TAGGED=102
#   no padding (both are above the 60-byte minimum) and no FCS (TAPs and
#   veths carry none).
# run.sh timeout: 900
. "$(dirname "$0")/lib.sh"
EXAMPLE=$TS_ROOT/examples/openstack-vlan
# The example's names and helpers (os_topology, os_swsh, os_vm_ns,
# os_send_stray): sourcing run.sh defines them and runs nothing.
. "$EXAMPLE/run.sh"
test_init

UNTAGGED=98
DELTA_a_br_int= DELTA_a_br_eth1= DELTA_b_br_int= DELTA_b_br_eth1=
TAGGED=102

os_topology "$P"
OS_DIR=$TMP/os
# run.sh deletes its namespaces itself; listing them here too makes the
# test's cleanup delete them if run.sh is killed before it can.
TS_NETNS+=("$OS_NS_A" "$OS_NS_B")
for key in "${OS_VMS[@]}"; do TS_NETNS+=("$(os_vm_ns "$key")"); done

log "starting the example: run.sh --keep --prefix $P --dir $OS_DIR"
SWITCHD=$SWITCHD SWSH=$SWSH "$EXAMPLE/run.sh" --keep --prefix "$P" --dir "$OS_DIR" \
    >"$TMP/example.out" 2>&1 &
EX_PID=$!
TS_LIVE[$EX_PID]=1
TS_BG_PIDS+=("$EX_PID")

example_ready() { [ -s "$OS_DIR/ready" ] || ! proc_running "$EX_PID"; }
wait_for 180 example_ready || fail "run.sh not ready after 180 s: $(tail -n 20 "$TMP/example.out")"
proc_running "$EX_PID" || { ts_reap "$EX_PID"; fail "run.sh exited early (code $?): $(tail -n 30 "$TMP/example.out")"; }
sed 's/^/    example| /' "$TMP/example.out" | grep -E 'ok |FAIL|==' | head -n 20
assert_eq "$(cat "$OS_DIR/ready")" ok "the example's own demo checks"

SOCK_A=$(os_sock a) SOCK_B=$(os_sock b)

# ------------------------------------------------------ the configuration

# Local VLANs differ per host for the same network (ovs-vsctl's "tag").
vsctl_tag() { swsh "$1" 'ovs-vsctl show' | sed -n "/^        Port $2\$/,/Interface/ s/^ *tag: //p"; }
assert_eq "$(vsctl_tag "$SOCK_A" vm-a1)" 1 "compute-a: net1 VM vm-a1 has local VLAN (tag)"
assert_eq "$(vsctl_tag "$SOCK_B" vm-b1)" 5 "compute-b: net1 VM vm-b1 has local VLAN (tag)"
assert_eq "$(vsctl_tag "$SOCK_A" vm-a2)" 2 "compute-a: net2 VM vm-a2 has local VLAN (tag)"
assert_eq "$(vsctl_tag "$SOCK_B" vm-b2)" 6 "compute-b: net2 VM vm-b2 has local VLAN (tag)"
assert_match "$(swsh "$SOCK_A" 'ovs-vsctl show' | tr -s ' \n' ' ')" \
    'Port int-br-eth1 Interface int-br-eth1 type: patch options: \{peer=phy-br-eth1\}' \
    "compute-a: ovs-vsctl show has the patch pair"

# The issue's six flows, verbatim, on compute-a (whose net1 local VLAN is 1).
for flow in "br-eth1 priority=4,in_port=1,dl_vlan=1 actions=mod_vlan_vid:100,NORMAL" \
            "br-eth1 priority=2,in_port=1 actions=drop" \
            "br-eth1 priority=1 actions=NORMAL" \
            "br-int priority=3,in_port=6,dl_vlan=100 actions=mod_vlan_vid:1,NORMAL" \
            "br-int priority=2,in_port=6 actions=drop" \
            "br-int priority=1 actions=NORMAL"; do
    br=${flow%% *}
    swsh "$SOCK_A" "ovs-ofctl dump-flows $br" | grep -qF -- ", ${flow#* }" ||
        fail "compute-a $br: no flow \"${flow#* }\" in dump-flows"
done
log "ok: compute-a has the six agent flows verbatim"

# ------------------------------------------------------- dump-flows lines

# mask: dump-flows text with the volatile columns masked, as OVS's tests do.
mask() { sed -E 's/duration=[0-9]+(\.[0-9]{3})?s/duration=?s/; s/idle_age=[0-9]+/idle_age=?/'; }

# The OVS 3.x line (ovs-ofctl dump-flows, OpenFlow 1.0 + NXM, no names):
# " cookie=0x0, duration=4.56s, table=0, n_packets=5, n_bytes=490,
# idle_age=1, priority=1 actions=NORMAL".
OVS_LINE='^ cookie=0x[0-9a-f]+, duration=[0-9]+(\.[0-9]{3})?s, table=0, n_packets=[0-9]+, n_bytes=[0-9]+, idle_age=[0-9]+, (hard_age=[0-9]+, )?priority=[0-9]+(,[^ ]+)? actions=[^ ]+$'

# snap TAG: the four flow tables, raw, into $TMP/TAG.HOST.BRIDGE; every line
# must have the OVS shape.
snap()
{
    local host sock br f
    for host in a b; do
        sock=$(os_sock "$host")
        for br in br-int br-eth1; do
            f=$TMP/$1.$host.$br
            swsh "$sock" "ovs-ofctl dump-flows $br" >"$f" || fail "dump-flows $br on compute-$host failed"
            [ -s "$f" ] || fail "dump-flows $br on compute-$host printed nothing"
            if grep -Ev -- "$OVS_LINE" "$f" | grep -q .; then
                fail "compute-$host $br: dump-flows lines not in OVS form: $(grep -Ev -- "$OVS_LINE" "$f")"
            fi
        done
    done
}

# The text of a dump line after its statistics: "priority=...,... actions=...".
flow_text() { sed -E 's/^ cookie=[^,]*, duration=[^,]*, table=0, n_packets=[0-9]+, n_bytes=[0-9]+, idle_age=[0-9]+, (hard_age=[0-9]+, )?//'; }

# expect_dump BEFORE_TAG HOST BRIDGE DELTAS: the masked dump BEFORE_TAG had,
# with each flow named in DELTAS ("flow text|packets|bytes per packet" lines)
# raised by that much, all others unchanged.  Fails if a DELTAS flow is not
# in the table (a typo would otherwise pass silently).
expected_dump()
{
    awk -v deltas="$4" '
        BEGIN {
            n = split(deltas, d, "\n")
            for (i = 1; i <= n; i++) {
                if (d[i] == "") continue
                split(d[i], f, "|")
                dp[f[1]] += f[2]; db[f[1]] += f[2] * f[3]; want[f[1]] = 1
            }
        }
        {
            line = $0
            text = line
            sub(/^ cookie=[^,]*, duration=[^,]*, table=0, n_packets=[0-9]+, n_bytes=[0-9]+, idle_age=[0-9]+, (hard_age=[0-9]+, )?/, "", text)
            match(line, /n_packets=[0-9]+/); pk = substr(line, RSTART + 10, RLENGTH - 10)
            match(line, /n_bytes=[0-9]+/);   by = substr(line, RSTART + 8, RLENGTH - 8)
            sub(/n_packets=[0-9]+/, "n_packets=" (pk + dp[text]), line)
            sub(/n_bytes=[0-9]+/, "n_bytes=" (by + db[text]), line)
            delete want[text]
            print line
        }
        END { for (t in want) { print "MISSING FLOW: " t; exit 1 } }
    ' "$TMP/$1.$2.$3" | mask
}

# check_phase WHAT BEFORE_TAG: compares the live tables with the expected
# ones (DELTA_a_br_int, DELTA_a_br_eth1, DELTA_b_br_int, DELTA_b_br_eth1),
# polling up to 30 s for frames still in flight; then prints the changed flows.
check_phase()
{
    local what=$1 before=$2 host br var
    for host in a b; do
        for br in br-int br-eth1; do
            var=DELTA_${host}_${br//-/_}
            expected_dump "$before" "$host" "$br" "${!var}" >"$TMP/expected.$host.$br" ||
                fail "$what: $(grep MISSING "$TMP/expected.$host.$br")"
        done
    done
    if ! wait_for 30 phase_matches; then
        for host in a b; do
            for br in br-int br-eth1; do
                swsh "$(os_sock "$host")" "ovs-ofctl dump-flows $br" | mask >"$TMP/actual.$host.$br"
                diff -u "$TMP/expected.$host.$br" "$TMP/actual.$host.$br" | sed "s/^/    compute-$host $br: /"
            done
        done
        fail "$what: the flow counters are not what the frames account for (diff above: - expected, + actual)"
    fi
    log "ok: $what: every flow's counters rose by exactly its frames"
    for host in a b; do
        for br in br-int br-eth1; do
            var=DELTA_${host}_${br//-/_}
            printf '%s\n' "${!var}" | awk -F'|' -v h="$host" -v b="$br" \
                'NF == 3 { printf "    compute-%s %-7s +%d packets, +%d bytes  %s\n", h, b, $2, $2 * $3, $1 }'
        done
    done
    DELTA_a_br_int= DELTA_a_br_eth1= DELTA_b_br_int= DELTA_b_br_eth1=
}
phase_matches()
{
    local host br
    for host in a b; do
        for br in br-int br-eth1; do
            swsh "$(os_sock "$host")" "ovs-ofctl dump-flows $br" | mask |
                cmp -s - "$TMP/expected.$host.$br" || return 1
        done
    done
}

# pings_answered KEY IP N: exactly N echoes from VM KEY to IP, all answered.
pings_answered()
{
    local out
    out=$(ip netns exec "$(os_vm_ns "$1")" ping -c "$3" -i 0.2 -W 2 "$2" 2>&1) ||
        fail "ping vm-$1 -> $2: $out"
    printf '%s\n' "$out" | grep -q "^$3 packets transmitted, $3 received" ||
        fail "ping vm-$1 -> $2: not $3 of $3 answered: $out"
    log "ok: ping vm-$1 -> $2: $3 of $3 answered"
}

# The flows, by their text (compute-a's local VLANs 1, 2; compute-b's 5, 6).
A_ETH1_NET1="priority=4,in_port=1,dl_vlan=1 actions=mod_vlan_vid:100,NORMAL"
A_ETH1_NET2="priority=4,in_port=1,dl_vlan=2 actions=mod_vlan_vid:101,NORMAL"
B_ETH1_NET1="priority=4,in_port=1,dl_vlan=5 actions=mod_vlan_vid:100,NORMAL"
B_ETH1_NET2="priority=4,in_port=1,dl_vlan=6 actions=mod_vlan_vid:101,NORMAL"
ETH1_DROP="priority=2,in_port=1 actions=drop"
A_INT_NET1="priority=3,in_port=6,dl_vlan=100 actions=mod_vlan_vid:1,NORMAL"
A_INT_NET2="priority=3,in_port=6,dl_vlan=101 actions=mod_vlan_vid:2,NORMAL"
B_INT_NET1="priority=3,in_port=6,dl_vlan=100 actions=mod_vlan_vid:5,NORMAL"
B_INT_NET2="priority=3,in_port=6,dl_vlan=101 actions=mod_vlan_vid:6,NORMAL"
INT_DROP="priority=2,in_port=6 actions=drop"
NORMAL1="priority=1 actions=NORMAL"

# ------------------------------------------------------------- static ARP

for key in "${OS_VMS[@]}"; do
    for peer in "${OS_VMS[@]}"; do
        [ "$peer" != "$key" ] || continue
        must ip -n "$(os_vm_ns "$key")" neigh replace "${OS_VM_IP[$peer]}" \
            lladdr "${OS_VM_MAC[$peer]}" dev "vm-$key" nud permanent
    done
done
log "static ARP entries in every VM namespace: from here on only ICMP crosses"

capture_start wire "$OS_NS_A" "$OS_WIRE"

# ----------------------------------------------------- phase 1: net1 pings

snap p1
pings_answered a1 "${OS_VM_IP[b1]}" 5
# 5 requests vm-a1 -> vm-b1: compute-a br-int (untagged from vm-a1, NORMAL),
# compute-a br-eth1 (tag 1 from the patch: translated to 100), compute-b
# br-eth1 (tag 100 from the wire, NORMAL), compute-b br-int (tag 100 from
# the patch: translated to 5).  5 replies take the mirror path.
DELTA_a_br_int="$NORMAL1|5|$UNTAGGED
$A_INT_NET1|5|$TAGGED"
DELTA_a_br_eth1="$A_ETH1_NET1|5|$TAGGED
$NORMAL1|5|$TAGGED"
DELTA_b_br_eth1="$NORMAL1|5|$TAGGED
$B_ETH1_NET1|5|$TAGGED"
DELTA_b_br_int="$B_INT_NET1|5|$TAGGED
$NORMAL1|5|$UNTAGGED"
check_phase "net1: 5 echoes vm-a1 (VLAN 1) -> vm-b1 (VLAN 5) and 5 replies" p1

# ----------------------------------------------------- phase 2: net2 pings

snap p2
pings_answered a2 "${OS_VM_IP[b2]}" 4
DELTA_a_br_int="$NORMAL1|4|$UNTAGGED
$A_INT_NET2|4|$TAGGED"
DELTA_a_br_eth1="$A_ETH1_NET2|4|$TAGGED
$NORMAL1|4|$TAGGED"
DELTA_b_br_eth1="$NORMAL1|4|$TAGGED
$B_ETH1_NET2|4|$TAGGED"
DELTA_b_br_int="$B_INT_NET2|4|$TAGGED
$NORMAL1|4|$UNTAGGED"
check_phase "net2: 4 echoes vm-a2 (VLAN 2) -> vm-b2 (VLAN 6) and 4 replies" p2

# ------------------------------------------------------ phase 3: isolation

# Each VM knows the other network's VM's MAC (static ARP), so its echoes
# do leave, translated into its own network's provider VLAN; on compute-b
# they arrive in the VLAN of the sender's network, where the destination MAC
# is unknown: flooded to that VLAN's only VM, which ignores a frame for
# another MAC.  3 requests each way, no reply.
snap p3
ping_fails "$(os_vm_ns a1)" "${OS_VM_IP[b2]}"
ping_fails "$(os_vm_ns a2)" "${OS_VM_IP[b1]}"
DELTA_a_br_int="$NORMAL1|6|$UNTAGGED"
DELTA_a_br_eth1="$A_ETH1_NET1|3|$TAGGED
$A_ETH1_NET2|3|$TAGGED"
DELTA_b_br_eth1="$NORMAL1|6|$TAGGED"
DELTA_b_br_int="$B_INT_NET1|3|$TAGGED
$B_INT_NET2|3|$TAGGED"
check_phase "isolation: 3 echoes vm-a1 (net1) -> vm-b2 (net2), 3 vm-a2 (net2) -> vm-b1 (net1), none delivered" p3

# -------------------------------------------- phase 4: an unwired local VLAN

# vm-a3 sits in local VLAN 3, which no flow translates: br-int switches its
# echoes to the patch (tag 3) and br-eth1's priority=2 drop flow ends them.
snap p4
ping_fails "$(os_vm_ns a3)" "${OS_VM_IP[b1]}"
DELTA_a_br_int="$NORMAL1|3|$UNTAGGED"
DELTA_a_br_eth1="$ETH1_DROP|3|$TAGGED"
check_phase "unwired: 3 echoes from vm-a3 (local VLAN 3) dropped by compute-a br-eth1 priority=2" p4

# -------------------------------------------- phase 5: a stray provider VLAN

# 4 frames in provider VLAN 102 (no network of compute-b) come in from the
# wire: br-eth1 switches them to the patch, br-int's priority=2 drops them.
snap p5
os_send_stray 4 || fail "could not send the stray frames"
DELTA_b_br_eth1="$NORMAL1|4|$TAGGED"
DELTA_b_br_int="$INT_DROP|4|$TAGGED"
check_phase "stray: 4 frames in provider VLAN 102 dropped by compute-b br-int priority=2" p5

# ------------------------------------ phase 6: delete a translation flow

out=$(swsh_all "$SOCK_A" "ovs-ofctl del-flows br-eth1 --strict \"priority=4,in_port=1,dl_vlan=1\"") ||
    fail "del-flows --strict failed: $out"
assert_eq "$out" "" "del-flows --strict prints nothing"
# Exactly that flow is gone (strict: same match and priority only).
snap p6
assert_eq "$(flow_text <"$TMP/p6.a.br-eth1" | tr '\n' ';')" \
    "$A_ETH1_NET2;$ETH1_DROP;$NORMAL1;priority=0 actions=NORMAL;" \
    "compute-a br-eth1 flows after del-flows --strict"
ping_fails "$(os_vm_ns a1)" "${OS_VM_IP[b1]}"
pings_answered a2 "${OS_VM_IP[b2]}" 2
# net1's 3 echoes now meet the drop flow; net2's 2 echoes and replies still cross.
DELTA_a_br_int="$NORMAL1|3|$UNTAGGED
$NORMAL1|2|$UNTAGGED
$A_INT_NET2|2|$TAGGED"
DELTA_a_br_eth1="$ETH1_DROP|3|$TAGGED
$A_ETH1_NET2|2|$TAGGED
$NORMAL1|2|$TAGGED"
DELTA_b_br_eth1="$NORMAL1|2|$TAGGED
$B_ETH1_NET2|2|$TAGGED"
DELTA_b_br_int="$B_INT_NET2|2|$TAGGED
$NORMAL1|2|$UNTAGGED"
check_phase "without its translation flow net1 is cut (3 echoes dropped), net2 still crosses" p6

out=$(swsh_all "$SOCK_A" "ovs-ofctl add-flow br-eth1 \"$A_ETH1_NET1\"") || fail "add-flow failed: $out"
snap p7
# Back, as a new flow: counters from 0, after the older priority=4 flow.
assert_eq "$(flow_text <"$TMP/p7.a.br-eth1" | tr '\n' ';')" \
    "$A_ETH1_NET2;$A_ETH1_NET1;$ETH1_DROP;$NORMAL1;priority=0 actions=NORMAL;" \
    "compute-a br-eth1 flows after add-flow"
assert_match "$(grep -F "$A_ETH1_NET1" "$TMP/p7.a.br-eth1")" ' n_packets=0, n_bytes=0, ' \
    "the re-added flow starts from zero"
pings_answered a1 "${OS_VM_IP[b1]}" 5
DELTA_a_br_int="$NORMAL1|5|$UNTAGGED
$A_INT_NET1|5|$TAGGED"
DELTA_a_br_eth1="$A_ETH1_NET1|5|$TAGGED
$NORMAL1|5|$TAGGED"
DELTA_b_br_eth1="$NORMAL1|5|$TAGGED
$B_ETH1_NET1|5|$TAGGED"
DELTA_b_br_int="$B_INT_NET1|5|$TAGGED
$NORMAL1|5|$UNTAGGED"
check_phase "translation flow added back: net1 crosses again (5 echoes, 5 replies)" p7

# The IOS spelling shows the same table.
assert_eq "$(swsh "$SOCK_A" 'show flows br-eth1' | mask)" \
    "$(swsh "$SOCK_A" 'ovs-ofctl dump-flows br-eth1' | mask)" "show flows = ovs-ofctl dump-flows"

# ----------------------------------------------------------------- the wire

# Every frame on the wire in all phases, by direction (static ARP, no IPv6:
# nothing but these echoes): net1 5 + 5 (phases 1, 7) each way, tagged 100;
# net2 4 + 2 (phases 2, 6) each way, tagged 101; the isolation probes 3 in
# each network's VLAN; the stray 4 in VLAN 102; vm-a3 none.
WIRE_TOTAL=$(( 2 * 10 + 2 * 6 + 3 + 3 + 4 ))
capture_wait wire "ICMP echo" "$WIRE_TOTAL"
capture_stop wire
assert_eq "$(capture_text wire | grep -c .)" "$WIRE_TOTAL" "frames on the wire (all ICMP echoes)"

# check_wire SRC DST VLAN N: exactly N echoes SRC > DST, each tagged VLAN.
check_wire()
{
    local lines n bad
    lines=$(icmp_lines wire "$1" "$2")
    n=$(printf '%s' "$lines" | grep -c .)
    assert_eq "$n" "$4" "ICMP echoes $1 > $2 on the wire"
    bad=$(printf '%s\n' "$lines" | grep -v "ethertype 802\.1Q (0x8100), length $TAGGED: vlan $3, ")
    [ -z "$bad" ] || fail "echoes $1 > $2 not tagged vlan $3 on the wire: $bad"
    log "ok: all $n tagged vlan $3, $TAGGED bytes"
}
check_wire "${OS_VM_IP[a1]}" "${OS_VM_IP[b1]}" 100 10
check_wire "${OS_VM_IP[b1]}" "${OS_VM_IP[a1]}" 100 10
check_wire "${OS_VM_IP[a2]}" "${OS_VM_IP[b2]}" 101 6
check_wire "${OS_VM_IP[b2]}" "${OS_VM_IP[a2]}" 101 6
check_wire "${OS_VM_IP[a1]}" "${OS_VM_IP[b2]}" 100 3
check_wire "${OS_VM_IP[a2]}" "${OS_VM_IP[b1]}" 101 3
check_wire "$OS_STRAY_SRC_IP" "$OS_STRAY_DST_IP" "$OS_STRAY_VLAN" 4
assert_eq "$(capture_count wire "${OS_VM_IP[a3]} >")" 0 "frames from vm-a3 on the wire"

# ------------------------------------------------------------------ the end

kill -TERM "$EX_PID"
wait_for 60 ts_not_running "$EX_PID" || fail "run.sh still running 60 s after SIGTERM"
ts_reap "$EX_PID"; rc=$?
assert_eq "$rc" 0 "run.sh exit code after SIGTERM (both switchd exited 0, namespaces deleted)"
for ns in "$OS_NS_A" "$OS_NS_B" $(for key in "${OS_VMS[@]}"; do os_vm_ns "$key"; done); do
    ! ip netns list | grep -q "^$ns\b" || fail "run.sh left netns $ns behind"
done
log "ok: run.sh removed its namespaces"
for f in "$OS_DIR"/switchd-*.log; do
    if grep -Eq "$TS_SANITIZER_RE" "$f"; then
        grep -E -A 30 "$TS_SANITIZER_RE" "$f" | head -n 60
        fail "sanitizer report in $f"
    fi
done
test_pass
