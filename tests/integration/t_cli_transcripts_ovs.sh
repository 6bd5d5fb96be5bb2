#!/bin/bash
# Golden transcripts of the Open vSwitch commands (issue 14): ovs-vsctl
# chains and options, the bridge's local port, ovs-ofctl dump-ports and
# dump-flows --no-stats, ovs-appctl fdb/show, typed over telnet and in
# swsh (tests/integration/cli/transcripts/ovs.script says what it types).
# run.sh timeout: 300
. "$(dirname "$0")/lib.sh"
. "$TS_DIR/cli/transcripts.sh"
test_init
transcripts_run ovs
test_pass
