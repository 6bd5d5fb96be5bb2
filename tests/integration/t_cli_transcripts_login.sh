#!/bin/bash
# Golden transcripts of the shell (issue 5), part 3: telnet login and
# enable secrets, the idle timeout, output filters.
# run.sh timeout: 600
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
. "$TS_DIR/cli/transcripts.sh"
test_init
transcripts_run login idle filters
test_pass
