#!/bin/bash
# Golden transcripts of VXLAN in the shell (issue 18): NX-OS's nve1 and
# vn-segment commands with their errors, show nve peers/vni/interface,
# remote MACs in show mac address-table, running-config, and OVS's
# type=vxlan with options (set, get, show, list), typed over telnet and in
# swsh (tests/integration/cli/transcripts/vxlan.script says what it types).
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
. "$TS_DIR/cli/transcripts.sh"
test_init
transcripts_run vxlan
test_pass
