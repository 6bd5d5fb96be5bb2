#!/bin/bash
# running-config is a configuration push (docs/cli.md "Command reference"):
# what `show running-config` prints, pasted line by line into `configure
# terminal` as IOS users, Ansible and netmiko push it, makes the same
# switch again.  Switch 1 gets as much as the shell can set (and a VXLAN
# map only JSON makes); then
#   1. a new switch 2, with only the netdevs its system ports use, takes
#      switch 1's running-config and prints the same `show running-config`
#      and `show running-config json`;
#   2. the same lines pasted back into switch 1 change nothing;
#   3. with the settings every bridge shares (spanning tree, aging, a VLAN
#      of every bridge: IOS's global lines), an nve1 that carries no
#      VLAN and secure addresses typed in another order than the ports',
#      again into a new switch and back.
# Every pasted line must be taken: swsh exits 0 and prints no `%` line but
# the one a patch port's first end prints while its peer is not there yet.
# run.sh timeout: 300
. "$(dirname "$0")/lib.sh"
test_init

SW1=${P}p1 SW2=${P}p2 SW3=${P}p3
SOCK1=$TMP/p1.sock SOCK2=$TMP/p2.sock SOCK3=$TMP/p3.sock
# The netdevs system ports open: they are the host's, not configuration, so
# every switch has them before anything is pasted (the ports themselves,
# TAPs and internal ports too, come from the pasted `port` lines).
for ns in "$SW1" "$SW2" "$SW3"; do
    netns_add "$ns"
    for i in 1 2 3 4; do
        must ip -n "$ns" link add "eth$i" type veth peer name "eth$i-wire"
        must ip -n "$ns" link set "eth$i" up
    done
done
echo '{"version": 1}' >"$TMP/none.json"

# Switch 1: two bridges from JSON, with vx7, a vxlan port whose VNI map
# only JSON makes (`member vni` of a port that is not nve1).
cat >"$TMP/one.json" <<'JSON'
{"version": 1, "bridges": [
 {"name": "br0", "ports": [
  {"name": "vm1", "type": "tap"}, {"name": "vm2", "type": "tap"},
  {"name": "host1", "type": "internal"}, {"name": "mon1", "type": "tap"},
  {"name": "eth1", "type": "system"}, {"name": "eth2", "type": "system"},
  {"name": "eth3", "type": "system"}]},
 {"name": "br1", "vlans": [{"id": 300, "name": "tenant300", "vn_segment": 30300}],
  "ports": [
  {"name": "vm3", "type": "tap"}, {"name": "eth4", "type": "system"},
  {"name": "vx7", "type": "vxlan", "description": "json map",
   "vxlan": {"local_ip": "10.0.0.1",
             "vnis": [{"vni": 30300, "vlan": 300, "remote_ips": ["10.0.0.5"]}]}}]}]}
JSON
# An ed25519 public key (the key of docs/cli.md's pubkey-chain example) and
# the MD5 of its blob, which running-config shows.
KEY=AAAAC3NzaC1lZDI1NTE5AAAAIPvY9fNHYIbuT3uv/hSvWSop0hty/d/LLjHPlSxrYMBm
KEY_MD5=D94461C7AF26A0A6622E0D1A38B07408
# VLAN lists too long for one line (1,3,5,...): running-config writes them
# over several, as IOS does (`switchport trunk allowed vlan add`).
ODD1=$(seq -s, 1 2 999) ODD2=$(seq -s, 1001 2 1999)
start_switchd "$SW1" "$TMP/one.json" "$SOCK1"
conf=(
    'configure terminal'
    'hostname edge-sw1'
    # template lines with no effect (docs/cli.md "Accepted, no effect")
    'service timestamps debug datetime msec' 'service timestamps log datetime msec'
    'no ip domain-lookup' 'no cdp run' 'spanning-tree mode rapid-pvst'
    'logging buffered 8192 warnings' 'logging monitor notifications'
    'username admin secret Secr3t' 'enable secret En4ble'
    'login block-for 120 attempts 3 within 30'
    'banner motd %' 'Lab switch edge-sw1' '  authorized users only%'
    'ip ssh version 2' 'ip ssh time-out 60' 'ip ssh authentication-retries 2'
    'ip ssh pubkey-chain' 'username admin' 'key-string' "${KEY:0:49}" "${KEY:49}" 'exit'
    'key-hash ssh-rsa 0123456789ABCDEF0123456789ABCDEF bob@host'
    'username robot' 'key-hash ssh-ed25519 FEDCBA9876543210FEDCBA9876543210' 'exit' 'exit'
    # (a user with a secret after robot, who has keys only)
    'username oper secret 0 0per8tor'
    'line vty 0 15' 'exec-timeout 5 30' 'login local' 'transport input ssh'
    'line con 0' 'exec-timeout 0 0' 'login local' 'exit'
    'vlan dot1q tag native'
    'errdisable recovery cause psecure-violation' 'errdisable recovery cause storm-control'
    'errdisable recovery interval 60'
    'lacp system-priority 4096' 'port-channel load-balance src-dst-mac'
    'feature nv overlay' 'feature vn-segment-vlan-based'
    'vlan 10' 'name users' 'vlan 20' 'name servers' 'vlan 30,40-42'
    'vlan 100' 'name overlay' 'vn-segment 10100' 'vlan 200' 'vn-segment 10200'
    # per bridge: VLANs, aging, spanning tree, ports, patch ports, flows
    'bridge br1' 'vlan 50' 'name br1only' 'bridge br1'
    'mac address-table aging-time 600'
    'spanning-tree vlan 1-4094' 'spanning-tree vlan 1 priority 4096'
    'spanning-tree vlan 1 hello-time 1'
    'port p1 type patch peer p0' 'port vx2 type vxlan ofport 40' 'port vx6 type vxlan'
    'flow add priority=100,in_port=vm3,actions=drop'
    'flow add priority=50,dl_type=0x0806,actions=NORMAL'
    'bridge br2' 'port vm5 type tap ofport 7' 'port p0 type patch peer p1'
    'bridge br3' 'port br3 type internal' 'port vm6 type tap'
    'flow add cookie=0x5,priority=200,ip,nw_dst=10.0.0.0/8,actions=mod_vlan_vid:20,output:vm6'
    'flow add priority=10,in_port=LOCAL,actions=output:vm6'
    # (br0's aging first: a pasted `bridge br2` starts with the first bridge's)
    'bridge br0' 'mac address-table aging-time 450'
    'spanning-tree vlan 1-4094' 'spanning-tree portfast default'
    'spanning-tree portfast bpduguard default' 'spanning-tree transmit hold-count 3'
    # (max age first: forward-time 7 is refused while max age is 20)
    'spanning-tree vlan 1 max-age 12' 'spanning-tree vlan 1 forward-time 7'
    'interface nve1' 'description lab tunnel' 'source-address 10.0.0.1' 'vxlan udp-port 4790'
    'vxlan tos 4' 'vxlan ttl 16' 'no vxlan df-default' 'vxlan peer-ip 10.0.0.9'
    'member vni 10100' 'ingress-replication protocol static' 'peer-ip 10.0.0.2'
    'peer-ip 10.0.0.3' 'member vni 10200' 'no shutdown'
    'interface vx2' 'vxlan key 5000' 'vxlan peer-ip 10.0.0.7'
    'interface vx6' 'switchport mode access' 'switchport access vlan 50' 'vxlan key flow'
    'source-interface lo'
    'interface vm1' 'description VM one | web' 'switchport mode access' 'switchport access vlan 10'
    'switchport port-security maximum 3' 'switchport port-security'
    'switchport port-security violation restrict' 'switchport port-security aging time 10'
    'switchport port-security aging type inactivity' 'switchport port-security mac-address sticky'
    'switchport port-security mac-address 0200.0000.0001'
    'switchport port-security mac-address sticky 0200.0000.0002'
    'switchport port-security mac-address 0200.0000.0003 vlan 20'
    'storm-control broadcast level pps 1k 500' 'storm-control multicast level pps 2k'
    'storm-control unicast level pps 1.5k' 'storm-control action trap'
    'storm-control action shutdown'
    'spanning-tree portfast' 'spanning-tree bpduguard enable' 'mtu 9000' 'speed 1000'
    'duplex full' 'no cdp enable' 'no lldp transmit'
    'interface vm2' 'switchport trunk allowed vlan 10,20,30-40' 'switchport trunk native vlan 20'
    'switchport trunk native vlan tag' 'shutdown' 'switchport nonegotiate'
    'spanning-tree cost 100' 'spanning-tree port-priority 64' 'spanning-tree link-type shared'
    'spanning-tree bpdufilter enable' 'spanning-tree portfast disable'
    'spanning-tree bpduguard disable' 'no lldp receive'
    'interface host1' 'switchport mode access' 'switchport access vlan 20' 'mtu 1400'
    'interface range eth1 - 2' 'channel-group 1 mode active' 'lacp rate fast'
    'interface Port-channel1' 'switchport trunk allowed vlan 10,20' 'description uplink bond'
    'switchport port-security' 'storm-control broadcast level pps 0'
    'interface eth3' 'channel-group 2 mode on' 'description static member'
    'interface po2' 'bond-mode active-backup' 'switchport trunk native vlan none' 'shutdown'
    'interface vm3' 'switchport mode access' 'switchport access vlan 50'
    'interface eth4' 'switchport trunk allowed vlan 1,50'
    'interface vm6' 'switchport trunk allowed vlan none'
    'interface vm5' "switchport trunk allowed vlan $ODD1"
    'exit'
    'mac address-table static 0200.0000.00aa vlan 20 interface vm2'
    'mac address-table static 0200.0000.00bb vlan 50 interface eth4'
    'mac address-table static 0200.0000.00cc vlan 10 interface Po1'
    'lldp timer 10' 'lldp holdtime 60' 'lldp reinit 3' 'lldp run'
    'monitor session 1 source interface vm2 rx' 'monitor session 1 source interface host1'
    'monitor session 1 destination interface mon1 encapsulation replicate'
    'monitor session 2 source vlan 10,20 tx' 'monitor session 2 source vlan 30'
    'monitor session 2 destination interface vm5'
    'monitor session 3 source interface Po1'
    "monitor session 4 source vlan $ODD2 rx"
    'end'
)
out=$(swsh_all "$SOCK1" "${conf[@]}") || fail "configuring switch 1 failed: $out"
swsh "$SOCK1" 'show running-config' >"$TMP/run1.txt" || fail "show running-config failed"
swsh "$SOCK1" 'show running-config json' >"$TMP/json1.txt" || fail "show running-config json failed"
# Each section is there to be pasted.
for want in 'hostname edge-sw1' 'banner motd ^C' "   key-hash ssh-ed25519 $KEY_MD5" \
    '  username robot' ' transport input ssh' 'login block-for 120 attempts 3 within 30' \
    'logging buffered 8192 warnings' 'no cdp run' 'errdisable recovery interval 60' \
    ' port p1 type patch peer p0 ofport ' ' flow add priority=100,in_port=1 actions=drop' \
    ' spanning-tree vlan 1-4094 max-age 12' '  vn-segment 10100' 'interface nve1' \
    '   peer-ip 10.0.0.3' 'interface vx7' ' member vni 30300' ' vxlan key flow' \
    ' switchport port-security mac-address sticky 0200.0000.0002' \
    ' storm-control broadcast level pps 1k 500' ' channel-group 1 mode active' \
    ' switchport trunk allowed vlan none' 'mac address-table static 0200.0000.00cc vlan 10 interface Po1' \
    'lldp run' 'monitor session 2 source vlan 10,20 tx' 'feature nv overlay'; do
    grep -qF -- "$want" "$TMP/run1.txt" || fail "running-config lacks \"$want\": $(cat "$TMP/run1.txt")"
done
assert_match "$(awk '/ vlan / { if (length($0) > n) n = length($0) } END { print n }' "$TMP/run1.txt")" \
    '^([0-7][0-9]|80)$' "no VLAN list line is longer than 80 columns"
grep -q '^ switchport trunk allowed vlan add ' "$TMP/run1.txt" || fail "no allowed vlan add line"
log "ok: switch 1 configured ($(wc -l <"$TMP/run1.txt") lines of running-config)"

# paste SOCK RUNNING_CONFIG WHAT: `configure terminal`, the lines of
# RUNNING_CONFIG but the header IOS prints before them ("Building
# configuration...", a blank line, "Current configuration : N bytes") and
# its last line, `end`, then `end`.  Every line must be taken.
paste_config()
{
    local sock=$1 file=$2 what=$3 lines=() line out n
    n=$(wc -l <"$file")
    while IFS= read -r line; do
        lines+=("$line")
    done < <(sed -n "4,$((n - 1))p" "$file")
    [ "$(sed -n '1p;3p' "$file" | tr '\n' '|')" = "Building configuration...|Current configuration : $(tail -n +4 "$file" | wc -c) bytes|" ] \
        || fail "$what: not IOS's header: $(head -n 3 "$file")"
    [ "$(tail -n 1 "$file")" = end ] || fail "$what: the last line is not end"
    out=$(swsh_all "$sock" 'configure terminal' "${lines[@]}" 'end') \
        || fail "$what: a pasted line failed: $out"
    # The only message: the first end of a patch pair waits for the other
    # (IOS has no patch ports; nothing is wrong).
    out=$(printf '%s\n' "$out" | grep '%' | grep -v '^% Patch port p1 waits for its peer: ')
    [ -z "$out" ] || fail "$what: pasting printed: $out"
    log "ok: $what: ${#lines[@]} lines taken"
}

# same_config SOCK RUN JSON WHAT: the switch of SOCK prints RUN and JSON.
# A key given whole (key-string) is shown by its MD5, as IOS shows it: the
# pasted switch has the key-hash entry that lets the same key in, the one
# difference of the JSON, masked.
same_config()
{
    local sock=$1 run=$2 json=$3 what=$4
    swsh "$sock" 'show running-config' >"$TMP/run.now" || fail "show running-config failed"
    swsh "$sock" 'show running-config json' >"$TMP/json.now" || fail "show running-config json failed"
    sed "s|\"ssh-ed25519 $KEY\"|\"key-hash ssh-ed25519 $KEY_MD5\"|" "$json" >"$TMP/json.want"
    sed "s|\"ssh-ed25519 $KEY\"|\"key-hash ssh-ed25519 $KEY_MD5\"|" "$TMP/json.now" >"$TMP/json.got"
    diff -u "$run" "$TMP/run.now" || fail "$what: another running-config"
    diff -u "$TMP/json.want" "$TMP/json.got" || fail "$what: another running-config json"
    log "ok: $what: the same running-config and JSON"
}

# 1. Into a new switch.
start_switchd "$SW2" "$TMP/none.json" "$SOCK2"
paste_config "$SOCK2" "$TMP/run1.txt" "switch 1 into switch 2"
same_config "$SOCK2" "$TMP/run1.txt" "$TMP/json1.txt" "switch 2"
stop_switchd "$SOCK2"

# 2. Back into switch 1: nothing changes, the whole key included.
paste_config "$SOCK1" "$TMP/run1.txt" "switch 1 into itself"
swsh "$SOCK1" 'show running-config json' >"$TMP/json1b.txt" || fail "show running-config json failed"
diff -u "$TMP/json1.txt" "$TMP/json1b.txt" || fail "pasting switch 1's running-config into it changed it"
same_config "$SOCK1" "$TMP/run1.txt" "$TMP/json1.txt" "switch 1 after its own paste"

# 3. The settings every bridge shares are global lines (spanning tree, aging
# time, a VLAN in every bridge), after the bridge blocks they edit.
conf=(
    'configure terminal'
    'no spanning-tree vlan 1-4094 forward-time' 'no spanning-tree vlan 1-4094 max-age'
    'no spanning-tree vlan 1-4094 hello-time' 'no spanning-tree vlan 1-4094 priority'
    'no spanning-tree portfast bpduguard default' 'no spanning-tree transmit hold-count'
    'spanning-tree vlan 1-4094' 'spanning-tree portfast default'
    'spanning-tree vlan 1-4094 priority 8192' 'spanning-tree vlan 1-4094 max-age 10'
    'spanning-tree vlan 1-4094 forward-time 6' 'spanning-tree transmit hold-count 4'
    'mac address-table aging-time 900' 'vlan 77' 'name shared77'
    # nve1 without its map carries nothing; an interface line on it
    'interface nve1' 'no member vni 10100' 'no member vni 10200' 'spanning-tree cost 300'
    # a secure address of Po1, then one more of vm1 (which comes before it)
    'interface Port-channel1' 'switchport port-security maximum 2'
    'switchport port-security mac-address 0200.0000.0010 vlan 10'
    'interface vm1' 'switchport port-security maximum 4'
    'switchport port-security mac-address 0200.0000.0005 vlan 20'
    'end'
)
out=$(swsh_all "$SOCK1" "${conf[@]}") || fail "configuring switch 1's shared settings failed: $out"
swsh "$SOCK1" 'show running-config' >"$TMP/run3.txt" || fail "show running-config failed"
swsh "$SOCK1" 'show running-config json' >"$TMP/json3.txt" || fail "show running-config json failed"
sed -n '/^bridge br3$/,/^interface /p' "$TMP/run3.txt" >"$TMP/globals.txt"
for want in 'spanning-tree vlan 1-4094 priority 8192' 'spanning-tree vlan 1-4094 max-age 10' \
    'vlan 77' ' name shared77'; do
    grep -qxF -- "$want" "$TMP/globals.txt" || fail "no global \"$want\" after the bridges: $(cat "$TMP/run3.txt")"
done
grep -qxF 'mac address-table aging-time 900' "$TMP/run3.txt" || fail "no global aging time: $(cat "$TMP/run3.txt")"
assert_eq "$(sed -n '/^interface nve1$/,/^!$/p' "$TMP/run3.txt" | grep -c '^ switchport ')" 3 \
    "nve1 without a map: its switchport lines (native none, allowed none, trunk)"
start_switchd "$SW3" "$TMP/none.json" "$SOCK3"
paste_config "$SOCK3" "$TMP/run3.txt" "switch 1's shared settings into switch 3"
same_config "$SOCK3" "$TMP/run3.txt" "$TMP/json3.txt" "switch 3"
paste_config "$SOCK1" "$TMP/run3.txt" "switch 1's shared settings into itself"
swsh "$SOCK1" 'show running-config json' >"$TMP/json3b.txt" || fail "show running-config json failed"
diff -u "$TMP/json3.txt" "$TMP/json3b.txt" || fail "pasting switch 1's running-config into it changed it"
stop_switchd "$SOCK3"
stop_switchd "$SOCK1"
test_pass
