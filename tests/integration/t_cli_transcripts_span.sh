#!/bin/bash
# Golden transcripts of the shell, SPAN (issue 15): monitor session,
# show monitor, the refused lines that would loop, over telnet and swsh
# (tests/integration/cli/transcripts/span.script).
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
. "$TS_DIR/cli/transcripts.sh"
test_init
transcripts_run span
test_pass
