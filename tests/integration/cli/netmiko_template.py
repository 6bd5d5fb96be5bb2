#!/usr/bin/python3
"""A typical IOS access-switch template pushed as automation pushes it:
Debian's netmiko, 'cisco_ios_telnet', send_config_set() (issue 14).

    netmiko_template.py ACC1 ACC2 ACC3 ACC4 TRUNK

Pushes service timestamps, hostname, no ip domain-lookup, spanning-tree
mode rapid-pvst, banner motd, VLANs 10/20/30 with names, four access ports
(description, access VLAN, speed, duplex, spanning-tree portfast, no cdp
enable), a trunk (allowed list, switchport nonegotiate), line vty 0 15
(login local, exec-timeout, transport input telnet) and `vlan 100-200`.
Fails if netmiko's output holds an IOS error ("%" at the start of a line,
or "Invalid input"), or if any port's running-config block differs from
what was pushed, in IOS's order.  Prints "ok" on success.
"""
import os
import sys

from netmiko import ConnectHandler

# The command whose output holds a port's block (issue 14, Done when 2).
RUNNING_CONFIG_OF_PORT = "show running-config interface {port}"


def access_port(name, n, vlan):
    return [f"interface {name}", f" description Desk {n} (VLAN {vlan})",
            " switchport mode access", f" switchport access vlan {vlan}",
            " speed 100", " duplex full", " spanning-tree portfast", " no cdp enable"]


def port_block(conn, port):
    """The lines of `interface PORT` up to its "!" (or "end")."""
    text = conn.send_command(RUNNING_CONFIG_OF_PORT.format(port=port))
    if not text.lstrip().startswith("Building configuration..."):
        sys.exit(f"no IOS header in `show running-config interface {port}`:\n" + text)
    lines, inside = [], False
    for line in text.splitlines():
        if line.rstrip() == f"interface {port}":
            inside = True
        elif inside and line.rstrip() in ("!", "end"):
            break
        if inside:
            lines.append(line.rstrip())
    return lines


def main():
    acc, trunk = sys.argv[1:5], sys.argv[5]
    vlans = [10, 20, 30, 10]
    template = ["service timestamps debug datetime msec", "service timestamps log datetime msec",
                "hostname edge-sw1", "no ip domain-lookup", "spanning-tree mode rapid-pvst",
                "banner motd ^Authorized access only^",
                "vlan 10", " name users", "vlan 20", " name voice", "vlan 30", " name printers",
                "exit"]
    for i, port in enumerate(acc):
        template += access_port(port, i + 1, vlans[i])
    template += [f"interface {trunk}", " description Uplink to core",
                 " switchport trunk allowed vlan 10,20,30", " switchport mode trunk",
                 " switchport nonegotiate",
                 "line vty 0 15", " login local", " exec-timeout 15 0",
                 " transport input telnet",
                 "vlan 100-200", "exit"]
    conn = ConnectHandler(device_type="cisco_ios_telnet", host="127.0.0.1",
                          port=int(os.environ.get("TELNET_PORT", "2323")),
                          username=os.environ["TELNET_USER"],
                          password=os.environ["TELNET_PASSWORD"],
                          secret=os.environ["TELNET_SECRET"])
    conn.enable()
    out = conn.send_config_set(template)
    sys.stderr.write("send_config_set:\n" + out + "\n")
    errors = [line for line in out.splitlines()
              if line.lstrip().startswith("%") or "Invalid input" in line]
    if errors:
        sys.exit("send_config_set reported errors:\n" + "\n".join(errors))
    conn.set_base_prompt()          # the hostname changed
    want = {}
    for i, port in enumerate(acc):
        want[port] = [f"interface {port}", f" description Desk {i + 1} (VLAN {vlans[i]})",
                      f" switchport access vlan {vlans[i]}", " switchport mode access",
                      " speed 100", " duplex full", " no cdp enable", " spanning-tree portfast"]
    want[trunk] = [f"interface {trunk}", " description Uplink to core",
                   " switchport trunk allowed vlan 10,20,30", " switchport mode trunk",
                   " switchport nonegotiate"]
    bad = False
    for port, lines in want.items():
        got = port_block(conn, port)
        if got != lines:
            sys.stderr.write(f"{port}: running-config block\n  " + "\n  ".join(got)
                             + "\nexpected\n  " + "\n  ".join(lines) + "\n")
            bad = True
    text = conn.send_command("show running-config")
    for line in ("hostname edge-sw1", "banner motd ^CAuthorized access only^C", "line vty 0 15",
                 " exec-timeout 15 0", " login local", " transport input telnet",
                 "vlan 150", " name printers", "service timestamps log datetime msec",
                 "no ip domain-lookup",
                 "spanning-tree mode rapid-pvst"):
        if line not in text.splitlines():
            sys.stderr.write(f"running-config has no line [{line}]\n")
            bad = True
    conn.disconnect()
    if bad:
        sys.exit("running-config does not match the template:\n" + text)
    print("ok")


if __name__ == "__main__":
    main()
