#!/bin/bash
# Golden transcripts of the shell, logging (issue 14): show logging, clear
# logging, logging buffered, logging monitor, terminal monitor, send log,
# over telnet and swsh (tests/integration/cli/transcripts/logging.script).
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
. "$TS_DIR/cli/transcripts.sh"
test_init
transcripts_run logging
test_pass
