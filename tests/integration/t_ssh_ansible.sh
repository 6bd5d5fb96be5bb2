#!/bin/bash
# Ansible manages the switch over SSH as it manages a Catalyst (issue 19,
# Done-when 1): Debian's ansible-playbook with the cisco.ios collection,
# ansible_connection ansible.netcommon.network_cli over paramiko, logs in
# to switchd's SSH server with a password, enables with the enable secret,
# and runs
#   - cisco.ios.ios_command `show vlan brief` (VLAN 1 default is there);
#   - cisco.ios.ios_config: VLANs 10 and 20 with names, two access ports
#     in VLAN 10, a trunk with 10,20 on a third port: changed; the same
#     playbook again: nothing changed (idempotent); a line the switch
#     refuses (`switchport access vlan 5000`) fails its task with the
#     switch's "% Invalid input detected";
#   - cisco.ios.ios_facts (gather_subset min + interfaces): the hostname,
#     the version and every port;
# and the datapath follows: the two hosts' ping fails before the
# ios_config run (their ports are in VLANs 1 and 30) and passes after.
#
# What the collection (Debian 12: cisco.ios 4.6.1, ansible.netcommon,
# ansible-core 2.14) sends and reads, and where the switch answers it:
#   terminal plugin (cisco/ios/plugins/terminal/ios.py)
#     prompt  terminal_stdout_re  [\r\n]?[\w\+\-\.:\/\[\]]+(?:\([^\)]+\)){0,3}(?:[>#]) ?$
#             config mode         ^.+\(config(-.*)?\)#$
#     errors  terminal_stderr_re: "% ?Error", "% ?Bad secret", "invalid input" (any case),
#             "(?:incomplete|ambiguous) command", "[^\r\n]+ not found", "Bad mask",
#             "Command authorization failed", ... (a match in a reply fails the task)
#     on_open_shell  `terminal length 0`, `terminal width 512`, `terminal width 0`
#     on_become  `enable`, answering the prompt [\r\n]?(?:.*)?[Pp]assword: ?$ with the
#             become password, then `show privilege` must match
#             "Current privilege level is (\d+)$" with 15 and the prompt end in '#'
#   cliconf plugin (cisco/ios/plugins/cliconf/ios.py) get_device_info:
#     `show version`: version  "Version (\S+)" (first match, trailing ',' dropped);
#             model  "^[Cc]isco (.+) \(revision" or "^[Cc]isco (\S+).+bytes of .*memory"
#             (tapswitch prints neither: ansible_net_model stays unset);
#             hostname  "^(.+) uptime"; image  'image file is "(.+)"'
#     `show vlan` answers (else the device type is L3)
#     get_config: `show running-config`; edit_config: `configure terminal`, the
#             lines, `end`; a prompt matching "config.*\)#" gets `end` first
#   ios_config: the running config parsed by indentation (NetworkConfig,
#     indent 1), the candidate (parents + lines) diffed line by line against
#     it; only missing lines are sent, so the lines must read exactly as
#     `show running-config` prints them
#   ios_facts legacy subsets (module_utils/network/ios/facts/legacy/base.py):
#     min (= default): `show version` ("board ID (\S+)" serial,
#             "^Model [Nn]umber\s+: (\S+)" stacked models, " IOS-XE " type),
#             `show switch virtual`, `show inventory` (errors are fine)
#     interfaces: `show interfaces` (a block per line that starts in column
#             0, its first word the name; "line protocol is (up|down)",
#             "^(?:.+) is (.+),", "MTU (\d+)", "BW (\d+)", "Hardware is (.+),",
#             "address is (\S+)", "media type is (.+)$", "Description: (.+)$"),
#             `show ip interface` (blocks the same way: every name must be one
#             of `show interfaces`, else ios_facts fails with a KeyError),
#             `show ipv6 interface` (empty: no port has IPv6), `show lldp`
#             ("% LLDP is not enabled" or `show lldp neighbors detail`),
#             `show cdp` (no such command: `show cdp neighbors detail`, also
#             an error, yields no neighbours)
# run.sh timeout: 600
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
test_init
command -v ansible-playbook >/dev/null \
    && [ -d /usr/lib/python3/dist-packages/ansible_collections/cisco/ios ] \
    || fail "Debian's ansible (ansible-playbook and the cisco.ios collection) is not installed (make deps installs it)"

SW=${P}sw H1=${P}h1 H2=${P}h2
A=${P}a B=${P}b C=${P}c
SSH_PORT=2200 SSH_USER=netops SSH_PASSWORD=Ans1ble-pw ENABLE_SECRET=Ena-b1e HOST=ans-sw1
netns_add "$SW"; netns_add "$H1"; netns_add "$H2"

cat >"$TMP/switch.json" <<JSON
{
  "version": 1,
  "hostname": "$HOST",
  "cli": {"ssh": {"listen": "127.0.0.1:$SSH_PORT"}},
  "bridges": [{
    "name": "br0",
    "vlans": [{"id": 30, "name": "legacy"}],
    "ports": [
      {"name": "$A", "type": "internal", "mode": "access", "access_vlan": 1},
      {"name": "$B", "type": "internal", "mode": "access", "access_vlan": 30},
      {"name": "$C", "type": "internal"}
    ]
  }]
}
JSON
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
# A banner as switches have one: the SSH shell shows it before the first
# prompt, which Ansible must still find.
out=$(swsh_all "$SOCK" 'configure terminal' "username $SSH_USER secret $SSH_PASSWORD" \
      "enable secret $ENABLE_SECRET" 'banner motd #Authorized access only#' 'end') \
    || fail "setting up logins failed: $out"
host_attach "$SW" "$A" "$H1" 10.79.0.1/24
host_attach "$SW" "$B" "$H2" 10.79.0.2/24
ping_fails "$H1" 10.79.0.2

# Ansible with nothing of the machine's or root's: its home, temporary
# files and persistent connection sockets under $TMP.
mkdir -p "$TMP/home"
ANS=$TS_DIR/ansible
out=$(swsh "$SOCK" 'show version')
version=$(printf '%s\n' "$out" | sed -n '1s/.*, Version \([^ ,]*\).*/\1/p')
[ -n "$version" ] || fail "no Version on show version's first line: $out"
assert_match "$out" "^$HOST uptime is ([0-9]+ (year|week|day|hour)s?, )*[0-9]+ minutes?\$" \
    "show version: the uptime line as IOS prints it"
assert_match "$out" '^System image file is "/.*switchd"$' "show version: the image line"
playbook()
{
    log "ansible-playbook $*"
    ip netns exec "$SW" env HOME="$TMP/home" ANSIBLE_CONFIG="$ANS/ansible.cfg" \
        ANSIBLE_INVENTORY="$ANS/inventory.yml" ANSIBLE_LOCAL_TEMP="$TMP/home/tmp" \
        ANSIBLE_PERSISTENT_CONTROL_PATH_DIR="$TMP/home/pc" ANSIBLE_NOCOLOR=1 \
        TS_SSH_PORT="$SSH_PORT" TS_SSH_USER="$SSH_USER" TS_SSH_PASSWORD="$SSH_PASSWORD" \
        TS_ENABLE_SECRET="$ENABLE_SECRET" TS_ACCESS_PORTS="$A,$B" TS_TRUNK_PORT="$C" \
        TS_PORTS="$A,$B,$C" TS_HOSTNAME="$HOST" TS_VERSION="$version" \
        timeout 300 ansible-playbook "$@" >"$TMP/ansible.out" 2>&1
    local rc=$?
    cat "$TMP/ansible.out"
    [ "$rc" -eq 0 ] || fail "ansible-playbook $* failed (exit $rc)"
    grep -Eq '^switch +: ok=[0-9]+ +changed=[0-9]+ +unreachable=0 +failed=0' "$TMP/ansible.out" \
        || fail "ansible-playbook $*: no clean recap"
}

playbook "$ANS/vlans.yml" -e expect_changed=true
grep -Eq "LOGIN_SUCCESS: .*\[user: $SSH_USER\] .*\[localport: $SSH_PORT\]" "${TS_SWITCHD_LOG[$SWITCHD_PID]}" \
    || fail "switchd logged no SSH login of $SSH_USER on port $SSH_PORT"
assert_match "$(grep -E '^switch +:' "$TMP/ansible.out")" 'changed=3 ' \
    "the first run changed the VLANs, the access ports and the trunk"
out=$(swsh "$SOCK" 'show running-config')
assert_match "$out" "^interface $B\$" "running-config has $B"
assert_match "$(printf '%s\n' "$out" | sed -n "/^interface $B\$/,/^!/p" | tr '\n' '|')" \
    "^interface $B\\| switchport access vlan 10\\| switchport mode access\\|!" "$B is in VLAN 10"
assert_match "$(printf '%s\n' "$out" | sed -n "/^interface $C\$/,/^!/p" | tr '\n' '|')" \
    "switchport trunk allowed vlan 10,20\\|" "$C trunks VLANs 10 and 20"
ping_ok "$H1" 10.79.0.2

# The second run and the facts in one ansible-playbook (its start costs
# seconds of CPU); the facts play asserts the hostname and the ports.
playbook "$ANS/vlans.yml" "$ANS/facts.yml" -e expect_changed=false
assert_match "$(grep -E '^switch +:' "$TMP/ansible.out")" 'changed=0 ' "the second run changed nothing"
assert_match "$(cat "$TMP/ansible.out")" '^TASK \[hostname, version and interfaces\]' "the facts were checked"

stop_switchd "$SOCK"
test_pass
