#!/bin/bash
# Golden transcripts of the shell, issue 14's sessions: show users, show
# history, terminal history size and show clock, typed over telnet and in
# swsh, the screens compared with tests/integration/cli/transcripts/
# sessions.*.expected.
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
. "$TS_DIR/cli/transcripts.sh"
test_init
transcripts_run sessions
test_pass
