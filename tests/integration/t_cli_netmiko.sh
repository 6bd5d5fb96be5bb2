#!/bin/bash
# IOS automation works unchanged (issue 5): Debian's python3-netmiko with
# device_type 'cisco_ios_telnet' logs in over telnet (user, password and
# enable secret configured), `show vlan brief` parses with a TextFSM
# template of IOS's layout, and send_config_set() moves a port into the
# VLAN of another host: their ping goes from failing to passing.
# t_cli_netmiko_ssh.sh runs this with NETMIKO_DEVICE_TYPE=cisco_ios over SSH.
# run.sh timeout: 600
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
test_init
command -v /usr/bin/python3 >/dev/null && /usr/bin/python3 -c 'import netmiko, textfsm' \
    || fail "python3-netmiko is not installed (make deps installs it)"

SW=${P}sw H1=${P}h1 H2=${P}h2
A=${P}a B=${P}b
netns_add "$SW"; netns_add "$H1"; netns_add "$H2"

cat >"$TMP/switch.json" <<JSON
{
  "version": 1,
  "bridges": [{
    "name": "br0",
    "vlans": [{"id": 10, "name": "users"}, {"id": 20, "name": "guests"}],
    "ports": [
      {"name": "$A", "type": "internal", "mode": "access", "access_vlan": 10},
      {"name": "$B", "type": "internal", "mode": "access", "access_vlan": 20}
    ]
  }]
}
JSON
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
out=$(swsh_all "$SOCK" 'configure terminal' 'username netops secret Auto-m8' \
      'enable secret Ena-b1e' 'end') || fail "setting up logins failed: $out"
host_attach "$SW" "$A" "$H1" 10.78.0.1/24
host_attach "$SW" "$B" "$H2" 10.78.0.2/24

export TELNET_USER=netops TELNET_PASSWORD=Auto-m8 TELNET_SECRET=Ena-b1e
export NETMIKO_DEVICE_TYPE=${NETMIKO_DEVICE_TYPE:-cisco_ios_telnet}
[ "$NETMIKO_DEVICE_TYPE" = cisco_ios ] && export TELNET_PORT=2222
log "netmiko device_type $NETMIKO_DEVICE_TYPE"
NM=$TS_DIR/cli/netmiko_vlan.py
rows=$(ip netns exec "$SW" timeout 240 /usr/bin/python3 "$NM" "$A" "$B" show 2>"$TMP/netmiko.err") \
    || fail "netmiko show vlan brief failed: $(cat "$TMP/netmiko.err")"
cat "$TMP/netmiko.err"
assert_eq "$rows" '[{"INTERFACES": [], "NAME": "default", "STATUS": "active", "VLAN_ID": "1"}, {"INTERFACES": ["'"$A"'"], "NAME": "users", "STATUS": "active", "VLAN_ID": "10"}, {"INTERFACES": ["'"$B"'"], "NAME": "guests", "STATUS": "active", "VLAN_ID": "20"}]' \
    "show vlan brief parsed by TextFSM"

ping_fails "$H1" 10.78.0.2
rows=$(ip netns exec "$SW" timeout 240 /usr/bin/python3 "$NM" "$A" "$B" move 10 2>"$TMP/netmiko.err") \
    || fail "netmiko send_config_set failed: $(cat "$TMP/netmiko.err")"
cat "$TMP/netmiko.err"
assert_eq "$rows" '[{"INTERFACES": [], "NAME": "default", "STATUS": "active", "VLAN_ID": "1"}, {"INTERFACES": ["'"$A"'", "'"$B"'"], "NAME": "users", "STATUS": "active", "VLAN_ID": "10"}, {"INTERFACES": [], "NAME": "guests", "STATUS": "active", "VLAN_ID": "20"}]' \
    "show vlan brief after the move"
ping_ok "$H1" 10.78.0.2

stop_switchd "$SOCK"
test_pass
