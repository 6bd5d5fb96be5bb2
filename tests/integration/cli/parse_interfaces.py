#!/usr/bin/python3
"""parse_interfaces.py: reads `show interfaces` output on stdin, parses it
with show_interfaces.textfsm (TextFSM, as IOS automation does) and prints
one line per interface: NAME FIELD=VALUE ... (empty fields left out).
Exit status 1 if no interface was parsed."""
import os
import sys

import textfsm

TEMPLATE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "show_interfaces.textfsm")
with open(TEMPLATE) as f:
    fsm = textfsm.TextFSM(f)
rows = fsm.ParseText(sys.stdin.read())
for row in rows:
    fields = dict(zip(fsm.header, row))
    print(fields["INTERFACE"], " ".join(
        "%s=%s" % (k, v.replace(" ", "_")) for k, v in fields.items() if v and k != "INTERFACE"))
sys.exit(0 if rows else 1)
