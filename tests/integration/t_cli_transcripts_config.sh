#!/bin/bash
# Golden transcripts of the shell (issue 5), part 2: interfaces and every
# switchport setting, VLANs, the MAC address table, bridges and ports,
# running and startup configuration -- typed over telnet and in swsh, the
# screens compared with tests/integration/cli/transcripts/*.expected.
# run.sh timeout: 600
# run.sh overlap: yes
. "$(dirname "$0")/lib.sh"
. "$TS_DIR/cli/transcripts.sh"
test_init
transcripts_run interfaces vlans mac bridges config
test_pass
