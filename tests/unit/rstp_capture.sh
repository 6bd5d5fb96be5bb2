#!/bin/bash
# Captures the BPDUs of tests/unit/rstp_vectors.h from real peers (as root,
# after make; Open vSwitch installed): in namespaces of its own (names
# prefixed with tests/integration/lib.sh's $P, removed on exit)
#   - a Linux bridge with kernel STP (stp_state 1, forward_delay 4 s) on a
#     veth: its Configuration BPDUs as root; sent a TCN, its Configuration
#     BPDU with TC and TC ack; sent superior Configuration BPDUs while a
#     second port of it comes up, the TCN on its root port;
#   - a private Open vSwitch (netdev bridge, rstp_enable=true,
#     rstp-address 00:00:00:00:00:0b) on a veth: its proposal, then its
#     agreement to a superior proposal.
# Prints each capture with tcpdump -xx -v.  Not part of any test run.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
test_init

LB=${P}lb OV=${P}ov
netns_add "$LB"
netns_add "$OV"

# send NS IF SECONDS HEX...: sends each frame (hex, padded to 60 bytes)
# once a second, in turn, for SECONDS.
send()
{
    local ns=$1 ifname=$2 secs=$3; shift 3
    ip netns exec "$ns" python3 - "$ifname" "$secs" "$@" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[1], 0))
frames = [bytes.fromhex(h) for h in sys.argv[3:]]
for i in range(int(sys.argv[2])):
    f = frames[i % len(frames)]
    s.send(f + bytes(max(0, 60 - len(f))))
    time.sleep(1)
PY
}

HDR=0180c2000000 SRC=0200000000aa
# LLC, protocol 0, version, type, flags, root, cost, bridge, port, times
TCN=$HDR${SRC}0007''424203''0000''00''80
SUP_CONFIG=$HDR${SRC}0026''424203''0000''00''00''00''0000$SRC''00000000''0000$SRC''8001''0000140002000f00
SUP_RST=$HDR${SRC}0027''424203''0000''02''02''0e''0000$SRC''00000000''0000$SRC''8001''0000140002000f00''00

must ip -n "$LB" link add ${P}l0 type veth peer name ${P}lp
must ip -n "$LB" link add ${P}l2 type veth peer name ${P}l3
must ip -n "$LB" link add br0 type bridge stp_state 1 forward_delay 400
for d in ${P}l0 ${P}l2; do must ip -n "$LB" link set "$d" master br0; done
for d in ${P}l0 ${P}lp ${P}l3 br0; do must ip -n "$LB" link set "$d" up; done
capture_start lb "$LB" ${P}lp
sleep 9
send "$LB" ${P}lp 1 "$TCN"
sleep 4
send "$LB" ${P}lp 26 "$SUP_CONFIG" &
sender=$!
sleep 8
must ip -n "$LB" link set ${P}l2 up
wait $sender
capture_stop lb
echo "=== Linux bridge (kernel STP), frames from 02:00:00:00:00:aa are ours"
tcpdump -r "$TMP/lb.pcap" -xx -nn -v 2>/dev/null

ovs_start "$OV" ovs
must ip -n "$OV" link add ${P}o0 type veth peer name ${P}op
for d in ${P}o0 ${P}op; do must ip -n "$OV" link set "$d" up; done
capture_start ov "$OV" ${P}op
must ovs_vsctl ovs add-br br0 -- set bridge br0 datapath_type=netdev \
    -- set bridge br0 rstp_enable=true other_config:rstp-address=00:00:00:00:00:0b
must ovs_vsctl ovs add-port br0 ${P}o0
sleep 5
send "$OV" ${P}op 4 "$SUP_RST"
sleep 2
ovs_appctl ovs rstp/show
capture_stop ov
echo "=== Open vSwitch RSTP, frames from 02:00:00:00:00:aa are ours"
tcpdump -r "$TMP/ov.pcap" -xx -nn -v 2>/dev/null
test_pass
