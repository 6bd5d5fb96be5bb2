#!/bin/bash
# IOS automation over SSH (issue 19, Done-when 2): netmiko's 'cisco_ios'
# driver (paramiko) runs the checks of t_cli_netmiko.sh against the SSH
# server: login, enable, `show vlan brief` parsed with IOS's TextFSM
# layout, send_config_set() moving a port, and the ping that follows.
# run.sh timeout: 600
# run.sh overlap: yes
NETMIKO_DEVICE_TYPE=cisco_ios exec "$(dirname "$0")/t_cli_netmiko.sh" "$@"
