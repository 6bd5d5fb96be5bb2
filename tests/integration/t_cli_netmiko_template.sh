#!/bin/bash
# A typical IOS access-switch template pushed with netmiko (issue 14,
# "Done when" 2): Debian's python3-netmiko, 'cisco_ios_telnet',
# send_config_set() of hostname, banner motd, VLANs with names, four access
# ports with description/speed/duplex/spanning-tree portfast/no cdp
# enable, a trunk with switchport nonegotiate and an allowed list, line vty
# 0 15 with login local, exec-timeout and transport input telnet, and vlan
# 100-200: netmiko reports no error, each port's running-config block is
# what was pushed (tests/integration/cli/netmiko_template.py), and the
# exec-timeout is the telnet idle timeout in the JSON.
# run.sh overlap: yes
# run.sh timeout: 600
. "$(dirname "$0")/lib.sh"
test_init
command -v /usr/bin/python3 >/dev/null && /usr/bin/python3 -c 'import netmiko' \
    || fail "python3-netmiko is not installed (make deps installs it)"

SW=${P}sw
PORTS=("${P}acc1" "${P}acc2" "${P}acc3" "${P}acc4")
TRUNK=${P}up
netns_add "$SW"

cat >"$TMP/switch.json" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "ports": [
      {"name": "${PORTS[0]}", "type": "tap"}, {"name": "${PORTS[1]}", "type": "tap"},
      {"name": "${PORTS[2]}", "type": "tap"}, {"name": "${PORTS[3]}", "type": "tap"},
      {"name": "$TRUNK", "type": "internal"}
    ]
  }]
}
JSON
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
out=$(swsh_all "$SOCK" 'configure terminal' 'username netops secret Auto-m8' \
      'enable secret Ena-b1e' 'end') || fail "setting up logins failed: $out"

export TELNET_USER=netops TELNET_PASSWORD=Auto-m8 TELNET_SECRET=Ena-b1e
res=$(ip netns exec "$SW" timeout 240 /usr/bin/python3 "$TS_DIR/cli/netmiko_template.py" \
      "${PORTS[@]}" "$TRUNK" 2>"$TMP/netmiko.err") \
    || fail "the template push failed: $(cat "$TMP/netmiko.err")"
assert_eq "$res" ok "netmiko pushed the template with no error and running-config matches"

json=$(swsh "$SOCK" 'show running-config json')
printf '%s\n' "$json" | grep -q '"idle_timeout_s": 900' \
    || fail "exec-timeout 15 0 is not the telnet idle timeout: $json"
assert_eq "$(printf '%s\n' "$json" | grep -c '"speed": "100"')" 4 "ports with speed 100 in the JSON"
assert_eq "$(swsh "$SOCK" 'show vlan brief' | grep -cE '^(1[0-9][0-9]|200) ')" 101 \
    "VLANs 100-200 created"
stop_switchd "$SOCK"
test_pass
