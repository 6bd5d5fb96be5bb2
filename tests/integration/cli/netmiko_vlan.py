#!/usr/bin/python3
"""Automation as it is written for Cisco IOS: Debian's netmiko with the
'cisco_ios_telnet' driver against switchd's telnet server, or with
NETMIKO_DEVICE_TYPE=cisco_ios (and TELNET_PORT=2222) its SSH driver against
the SSH server.

    netmiko_vlan.py PORT_A PORT_B show
        prints `show vlan brief` parsed with a TextFSM template in the
        layout of IOS (as JSON: [{"VLAN_ID":..., "INTERFACES": [...]}, ...])
    netmiko_vlan.py PORT_A PORT_B move VLAN
        send_config_set(): interface PORT_B / switchport access vlan VLAN,
        then prints the parsed table again
"""
import json
import os
import sys

import textfsm
from netmiko import ConnectHandler

TEMPLATE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "show_vlan_brief.textfsm")


def parse_vlans(text):
    with open(TEMPLATE) as f:
        fsm = textfsm.TextFSM(f)
    rows = fsm.ParseText(text)
    return [dict(zip(fsm.header, row)) for row in rows]


def main():
    port_a, port_b, action = sys.argv[1:4]
    conn = ConnectHandler(device_type=os.environ.get("NETMIKO_DEVICE_TYPE", "cisco_ios_telnet"),
                          host="127.0.0.1", allow_agent=False, use_keys=False,
                          port=int(os.environ.get("TELNET_PORT", "2323")),
                          username=os.environ.get("TELNET_USER", ""),
                          password=os.environ.get("TELNET_PASSWORD", ""),
                          secret=os.environ.get("TELNET_SECRET", ""))
    conn.enable()
    if action == "move":
        out = conn.send_config_set([f"interface {port_b}", "switchport mode access",
                                    f"switchport access vlan {sys.argv[4]}"])
        if "%" in out.replace("% Access VLAN does not exist", ""):
            sys.exit("send_config_set reported an error:\n" + out)
    text = conn.send_command("show vlan brief")
    sys.stderr.write("show vlan brief:\n" + text + "\n")
    rows = parse_vlans(text)
    conn.disconnect()
    print(json.dumps(rows, sort_keys=True))


if __name__ == "__main__":
    main()
