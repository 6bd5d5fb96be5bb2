#!/usr/bin/env bash
# A VM dies and comes back on the same tap port, with nothing done on the switch.
#   VM A and VM B1 (access ports in VLAN 1) ping each other.  B1's QEMU is then killed
#   with SIGKILL (the tap loses its only user; switchd keeps the port), A notices B is
#   gone, and VM B2 boots on the same tap with the same MAC and address.  VMs that
#   others still want to reach stay up after their result until the host stops them.
#
# Asserts: switchd's ports are persistent admin-up taps; A and B1 reach each other;
# A's pings stop being answered after the kill; B2 reaches A (3/3 pings) and A reaches
# B2 again; switchd stays up throughout (its socket answers while the port has no VM)
# and `show mac` has B's MAC on vm-b afterwards; switchd exits 0 on SIGTERM with a
# clean sanitizer log and deletes its taps.
. "$(dirname "$0")/lib.sh"
e2e_begin vm_restart

NS=tsw-e2e-restart-$$
MAC_A=52:54:00:e2:03:0a MAC_B=52:54:00:e2:03:0b
IP_A=10.201.3.1 IP_B=10.201.3.2

e2e_netns_create "$NS"
cat >"$E2E_TMP/switchd.json" <<'EOF'
{
  "version": 1,
  "bridges": [
    {
      "name": "br0",
      "ports": [
        {"name": "vm-a", "type": "tap", "ofport": 1, "mode": "access", "access_vlan": 1},
        {"name": "vm-b", "type": "tap", "ofport": 2, "mode": "access", "access_vlan": 1}
      ]
    }
  ]
}
EOF
e2e_switchd_start "$NS" "$E2E_TMP/switchd.json"
e2e_check "switchd made vm-a and vm-b persistent taps, admin up" e2e_taps_ready "$NS" vm-a vm-b

# A: reach B, wait until B stops answering, reach B again; then stay up for the host
CMD_A="e2e-ping $IP_B 3 120 && echo 'E2E-MARK A reached B1' &&
n=0; while ping -c 1 -W 1 $IP_B >/dev/null 2>&1; do
    n=\$((n + 1)); [ \$n -lt 240 ] || { echo 'e2e: B never went away'; exit 1; }; sleep 0.5
done && echo 'E2E-MARK A lost B' &&
e2e-ping $IP_B 3 180 && echo 'E2E-MARK A reached B2'"
VM_LINGER=600 e2e_vm_start A "$NS" vm-a "$MAC_A" "$IP_A/24" "$CMD_A"
e2e_vm_start B1 "$NS" vm-b "$MAC_B" "$IP_B/24" \
    "e2e-ping $IP_A 3 120 && echo 'E2E-MARK B1 reached A' && sleep 600"

e2e_vm_wait_line A "E2E-MARK A reached B1" 240 ||
    e2e_abort "VM A did not reach B1"
e2e_ok "VM A reached B1"
e2e_vm_wait_line B1 "E2E-MARK B1 reached A" 120 ||
    e2e_abort "VM B1 did not reach A"
e2e_ok "VM B1 reached A"

grep -aq "E2E-MARK A lost B" "${VM_LOG[A]}" && e2e_abort "A lost B before B1 was killed"
e2e_vm_kill B1
e2e_check "VM A: B stopped answering after B1's QEMU was killed" \
    e2e_vm_wait_line A "E2E-MARK A lost B" 60
e2e_show b-down     # the switch answers while vm-b has no VM behind it

t_restart=$(date +%s.%N)
VM_LINGER=600 e2e_vm_start B2 "$NS" vm-b "$MAC_B" "$IP_B/24" "e2e-ping $IP_A 3 120"
e2e_check "VM B2 (same tap, same MAC) reached A" e2e_vm_wait B2 180
e2e_log "B2 reached A $(awk -v a="$t_restart" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s after its QEMU started"
e2e_check "VM A reached B2" e2e_vm_wait A 240

e2e_show after-restart
e2e_check "show mac: B's MAC on vm-b in VLAN 1" e2e_mac_learned after-restart 1 "$MAC_B" vm-b
e2e_check "show mac: A's MAC on vm-a in VLAN 1" e2e_mac_learned after-restart 1 "$MAC_A" vm-a

e2e_vm_stop A
e2e_vm_stop B2
e2e_switchd_stop
e2e_check "switchd deleted its taps" e2e_links_gone "$NS" vm-a vm-b
e2e_finish
