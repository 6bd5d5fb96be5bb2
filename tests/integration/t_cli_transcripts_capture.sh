#!/bin/bash
# Golden transcripts of the shell, packet capture (issue 15): monitor
# capture definitions, errors and show monitor capture, over telnet and swsh
# (tests/integration/cli/transcripts/capture.script).
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
. "$TS_DIR/cli/transcripts.sh"
test_init
transcripts_run capture
test_pass
