#!/usr/bin/env bash
# Two VMs on two switchd tap ports, both access ports in VLAN 10, ping each other and
# each downloads 8 MiB of random data from the other over HTTP (both directions at once,
# so both ports carry the guests' TSO super-frames and partial checksums).
#
# Asserts: switchd's ports are persistent admin-up taps; both VMs print PASS (pings
# answered 3/3; each download has the served size and sha256); the sums the host reads
# from the serial logs match across VMs; `show ports` counts >= 8 MiB received and
# transmitted on each port; `show mac` has each VM's MAC on its port in VLAN 10;
# switchd exits 0 on SIGTERM with a clean sanitizer log and deletes its taps.
. "$(dirname "$0")/lib.sh"
e2e_begin two_vms_ping_tcp

NS=tsw-e2e-tcp-$$
MAC_A=52:54:00:e2:01:0a MAC_B=52:54:00:e2:01:0b
IP_A=10.201.1.1 IP_B=10.201.1.2
SIZE=$((8 * 1024 * 1024))

e2e_netns_create "$NS"
cat >"$E2E_TMP/switchd.json" <<'EOF'
{
  "version": 1,
  "bridges": [
    {
      "name": "br0",
      "vlans": [{"id": 1, "name": "default"}, {"id": 10, "name": "e2e-ten"}],
      "ports": [
        {"name": "vm-a", "type": "tap", "ofport": 1, "mode": "access", "access_vlan": 10},
        {"name": "vm-b", "type": "tap", "ofport": 2, "mode": "access", "access_vlan": 10}
      ]
    }
  ]
}
EOF
e2e_switchd_start "$NS" "$E2E_TMP/switchd.json"
e2e_check "switchd made vm-a and vm-b persistent taps, admin up" e2e_taps_ready "$NS" vm-a vm-b

# each VM serves 8 MiB, waits for its peer, pings it and downloads the peer's file, then
# stays up (serving) until the host stops it
vm_cmd() { echo "e2e-serve big 8 && e2e-ping $1 3 120 && e2e-fetch $1 big $SIZE 120"; }
VM_LINGER=600 e2e_vm_start A "$NS" vm-a "$MAC_A" "$IP_A/24" "$(vm_cmd $IP_B)"
VM_LINGER=600 e2e_vm_start B "$NS" vm-b "$MAC_B" "$IP_B/24" "$(vm_cmd $IP_A)"

e2e_check "VM A pinged B and fetched 8 MiB from it" e2e_vm_wait A 300
e2e_check "VM B pinged A and fetched 8 MiB from it" e2e_vm_wait B 120

e2e_check "sha256 served by B = sha256 fetched by A" e2e_same_data B A big
e2e_check "sha256 served by A = sha256 fetched by B" e2e_same_data A B big

e2e_show after-transfer
at_least() { local v; v=$(e2e_port_stat after-transfer "$1" "$2"); [ -n "$v" ] && [ "$v" -ge "$3" ]; }
for port in vm-a vm-b; do
    for col in RX_BYTES TX_BYTES; do
        e2e_check "show ports: $port $col >= 8 MiB" at_least "$port" "$col" "$SIZE"
    done
done
e2e_check "show mac: A's MAC on vm-a in VLAN 10" e2e_mac_learned after-transfer 10 "$MAC_A" vm-a
e2e_check "show mac: B's MAC on vm-b in VLAN 10" e2e_mac_learned after-transfer 10 "$MAC_B" vm-b

e2e_vm_stop A
e2e_vm_stop B
e2e_switchd_stop
e2e_check "switchd deleted its taps" e2e_links_gone "$NS" vm-a vm-b
e2e_finish
