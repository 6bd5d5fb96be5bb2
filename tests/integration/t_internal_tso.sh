#!/bin/bash
# Internal ports take TCP super-frames from their host (TSO and checksum
# offload on the TAP, docs/design.md sections 6.2 and 6.4), and every kind
# of port they go to delivers them intact: TCP transfers of 16 MiB from a
# host on an internal port to a host on another internal port, to a host
# behind a veth system port (and back), and across a patch pair that tags
# them with VLAN 10 and untags them again, each compared by checksum; a
# copy of the first transfer to a tap port reaches its "VM", which enabled
# no offloads, segmented by the kernel (no frame over 1514 bytes).  The
# mechanism: the frames switchd received from the sending host average
# more than any Ethernet frame of the MTU can be (1514 bytes, 1522 tagged),
# so the host stack handed over unsegmented super-frames.
# run.sh timeout: 400
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw H1=${P}h1 H2=${P}h2 H3=${P}h3 H4=${P}h4
A=${P}a B=${P}b V=${P}v VH=${P}vh D=${P}d T=${P}t
P0=${P}p0 P1=${P}p1
DATA_MB=16
for ns in "$SW" "$H1" "$H2" "$H3" "$H4"; do netns_add "$ns"; done
veth_add "$SW" "$V" "$H3" "$VH"

cat >"$TMP/switch.json" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "vlans": [{"id": 10, "name": "ten"}],
    "ports": [
      {"name": "$A", "type": "internal", "mode": "access", "access_vlan": 10},
      {"name": "$B", "type": "internal", "mode": "access", "access_vlan": 10},
      {"name": "$V", "type": "system", "mode": "access", "access_vlan": 10},
      {"name": "$P0", "type": "patch", "peer": "$P1", "mode": "trunk", "allowed_vlans": "10"},
      {"name": "$T", "type": "tap", "mode": "access", "access_vlan": 10}
    ],
    "flows": ["priority=10,in_port=1 actions=NORMAL,output:5", "priority=0 actions=NORMAL"]
  }, {
    "name": "br1",
    "vlans": [{"id": 10, "name": "ten"}],
    "ports": [
      {"name": "$P1", "type": "patch", "peer": "$P0", "mode": "trunk", "allowed_vlans": "10"},
      {"name": "$D", "type": "internal", "mode": "access", "access_vlan": 10}
    ]
  }]
}
JSON
head -c ${DATA_MB}M /dev/urandom >"$TMP/data"
want_sum=$(sha256sum <"$TMP/data" | cut -d' ' -f1)

start_switchd "$SW" "$TMP/switch.json" "$TMP/sw.sock"
host_attach "$SW" "$A" "$H1" 10.10.0.1/24
host_attach "$SW" "$B" "$H2" 10.10.0.2/24
must ip -n "$H3" link set "$VH" up
must ip -n "$H3" addr add 10.10.0.3/24 dev "$VH"
host_attach "$SW" "$D" "$H4" 10.10.0.4/24
for ip in 10.10.0.2 10.10.0.3 10.10.0.4; do ping_ok "$H1" "$ip"; done

# tcp_transfer SERVER_NS SERVER_IP CLIENT_NS: sends $TMP/data over TCP;
# fails unless the server received exactly that.
tcp_transfer()
{
    local sns=$1 sip=$2 cns=$3

    assert_eq "$(ts_tcp_sha256 "$sns" "$sip" "$cns" "$TMP/data")" "$want_sum" \
        "TCP $cns -> $sip: $DATA_MB MiB intact"
}

# The "VM" on tap port $T: attaches with a virtio header and no offloads,
# reads what comes until 3 s after the last frame once the transfer's
# segments come (a stray ARP or neighbour frame before the transfer must
# not start the 3 s: the VM would leave, and the TAP without it has no
# carrier, so the transfer's copies would not count as output); prints
# the number of frames and the longest.
ip netns exec "$SW" timeout 200 python3 - "$T" >"$TMP/vm.out" 2>&1 <<'PY' &
import fcntl, os, select, struct, sys, time
fd = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(fd, 0x400454ca, struct.pack("16sH", sys.argv[1].encode(), 0x0002 | 0x1000 | 0x4000))
print("attached", flush=True)
n = longest = 0
while select.select([fd], [], [], 3 if longest > 1000 else 120)[0]:
    f = os.read(fd, 70000)
    n += 1
    longest = max(longest, len(f) - 10)
print(n, longest, flush=True)
PY
vm_pid=$!
TS_LIVE[$vm_pid]=1; TS_BG_PIDS+=("$vm_pid")
wait_for 30 grep -q attached "$TMP/vm.out" || fail "the VM did not attach to $T: $(cat "$TMP/vm.out")"
tx_t0=$(port_stat "$TMP/sw.sock" "$T" TX_FRAMES)
tx_t_bytes0=$(port_stat "$TMP/sw.sock" "$T" TX_BYTES)

rx_frames0=$(port_stat "$TMP/sw.sock" "$A" RX_FRAMES)
rx_bytes0=$(port_stat "$TMP/sw.sock" "$A" RX_BYTES)
tcp_transfer "$H2" 10.10.0.2 "$H1"          # internal -> internal
rx_frames=$(( $(port_stat "$TMP/sw.sock" "$A" RX_FRAMES) - rx_frames0 ))
rx_bytes=$(( $(port_stat "$TMP/sw.sock" "$A" RX_BYTES) - rx_bytes0 ))
log "$A received $rx_frames frames, $rx_bytes bytes during the transfer"
[ "$rx_frames" -gt 0 ] && [ $(( rx_bytes / rx_frames )) -gt 2000 ] \
    || fail "$A: frames of $(( rx_bytes / (rx_frames ? rx_frames : 1) )) bytes on average, expected TSO super-frames (> 2000)"

ts_reap "$vm_pid" || fail "the VM failed: $(cat "$TMP/vm.out")"
read -r vm_frames vm_longest < <(tail -n 1 "$TMP/vm.out")
tx_t=$(( $(port_stat "$TMP/sw.sock" "$T" TX_FRAMES) - tx_t0 ))
tx_t_bytes=$(( $(port_stat "$TMP/sw.sock" "$T" TX_BYTES) - tx_t_bytes0 ))
log "$T: switchd sent $tx_t frames, $tx_t_bytes bytes; the VM read $vm_frames frames, the longest $vm_longest bytes"
[ "$tx_t" -gt 0 ] && [ $(( tx_t_bytes / tx_t )) -gt 2000 ] || fail "$T: switchd sent no super-frames to the tap port"
[ "$vm_frames" -ge 100 ] || fail "the VM on $T read $vm_frames frames, expected the segments of the transfer"
[ "$vm_longest" -le 1514 ] || fail "the VM on $T, without offloads, read a frame of $vm_longest bytes"

tcp_transfer "$H3" 10.10.0.3 "$H1"          # internal -> system (veth)
tcp_transfer "$H1" 10.10.0.1 "$H3"          # system -> internal
tcp_transfer "$H4" 10.10.0.4 "$H1"          # internal -> patch (tagged) -> internal
tcp_transfer "$H1" 10.10.0.1 "$H4"

errors=$(swsh "$TMP/sw.sock" 'show interfaces' \
         | grep -Eo '[0-9]+ (input|output) errors' | awk '{ s += $1 } END { print s + 0 }')
assert_eq "$errors" 0 "no port counted an input or output error"
stop_switchd "$TMP/sw.sock"
test_pass
