#!/bin/bash
# Golden transcripts of the shell (issue 5), part 1: modes and prompts,
# IOS errors with their carets, '?' help and TAB completion, output
# filters -- each typed like a user over telnet and in an interactive swsh,
# the screen compared with the expected one (tests/integration/cli/transcripts.sh
# says how; TS_UPDATE=1 rewrites the expected files).  Every transcript
# must belong to one of the t_cli_transcripts*.sh tests.
# run.sh timeout: 600
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
. "$TS_DIR/cli/transcripts.sh"
test_init

for f in "$TS_TRANSCRIPTS"/*.script; do
    name=$(basename "$f" .script)
    grep -Eq -- "^transcripts_run( .*)? $name( |$)" "$TS_DIR"/t_cli_transcripts*.sh \
        || fail "transcript $name is run by no t_cli_transcripts*.sh test"
done

transcripts_run modes errors help
test_pass
