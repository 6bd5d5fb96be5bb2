#!/bin/bash
# LLDP in the shell (issue 15): the lldp transcript
# (tests/integration/cli/transcripts/lldp.script says what it types).
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
. "$TS_DIR/cli/transcripts.sh"
test_init
transcripts_run lldp
test_pass
