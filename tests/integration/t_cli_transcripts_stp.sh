#!/bin/bash
# Spanning tree in the shell (issue 16): the stp transcript
# (tests/integration/cli/transcripts/stp.script says what it types).
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
. "$TS_DIR/cli/transcripts.sh"
test_init
transcripts_run stp
test_pass
