#!/bin/bash
# Golden transcripts of the shell, port security and err-disable recovery
# (issue 15): tests/integration/cli/transcripts/port_security.script says
# what it types, tests/integration/cli/transcripts.sh how it is compared.
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
. "$TS_DIR/cli/transcripts.sh"
test_init
transcripts_run port_security
test_pass
