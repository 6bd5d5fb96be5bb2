#!/bin/bash
# Golden transcripts of the shell, issue 14's accepted IOS lines: speed,
# duplex, mtu, switchport nonegotiate, cdp enable, spanning-tree portfast,
# default interface, banner motd (and the telnet banner before login),
# line vty / line con with exec-timeout, login local and transport input,
# vlan lists past 64 -- typed over telnet and in swsh, the screens compared
# with tests/integration/cli/transcripts/inert_*.expected.
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
. "$TS_DIR/cli/transcripts.sh"
test_init
transcripts_run inert_if inert_lines inert_banner
test_pass
