#!/bin/bash
# Issue 14's interface and VLAN shows, typed over telnet and swsh: the
# ifshow transcript (tests/integration/cli/transcripts/ifshow.script says
# what it types; tests/integration/cli/transcripts.sh how it is compared).
# run.sh overlap: yes
# run.sh timeout: 300
. "$(dirname "$0")/lib.sh"
. "$TS_DIR/cli/transcripts.sh"
test_init
transcripts_run ifshow
test_pass
