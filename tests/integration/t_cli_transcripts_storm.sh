#!/bin/bash
# Golden transcripts of the shell, storm control (issue 15): the
# storm-control interface lines, their errors and no forms, running-config
# and its JSON, show storm-control -- typed over telnet and in swsh, the
# screens compared with tests/integration/cli/transcripts/storm.*.expected.
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
. "$TS_DIR/cli/transcripts.sh"
test_init
transcripts_run storm
test_pass
