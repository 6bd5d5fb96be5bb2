#!/bin/bash
# A bridge of 32768 ports or more (patch ports: no netdevs, no fds) is
# valid (ofports go to 65279), and the switch sizes the bridge's port
# table for it.  That size is 16 bits: twice the port count wrapped round
# (2 x 32768 -> 0 -> the default 256 slots) and the ports were written past
# the end of the table (heap-buffer-overflow in plan_commit()).  And such a
# switch is not held up by lookups by name that scan every port (costs
# measured in switchd's CPU time, which a loaded machine does not inflate).
# run.sh timeout: 900
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw
netns_add "$SW"
/usr/bin/python3 - "$TMP/switch.json" <<'PY'
import json, sys
n = 32800
ports = lambda a, b: [{"name": "%s%d" % (a, i), "type": "patch", "peer": "%s%d" % (b, i)}
                      for i in range(n)]
json.dump({"version": 1, "cli": {"telnet": {"listen": ""}},
           "bridges": [{"name": "ba", "ports": ports("a", "b")},
                       {"name": "bb", "ports": ports("b", "a")}]}, open(sys.argv[1], "w"))
PY
SOCK=$TMP/sw.sock
# Startup logs a line per port: keep them out of the log the test checks.
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
assert_match "$(swsh "$SOCK" 'show version')" "^2 bridges, 65600 ports$" "every port is there"
assert_match "$(swsh "$SOCK" 'show ports | include a32799 ')" "ba +a32799 +patch +32800 +up" \
    "the last port of ba has ofport 32800"
# Listings look each port's configuration up: that was a scan of the
# configuration per port (show interfaces status: 7.8 s of the loop thread).
t0=$(now_ms) c0=$(switchd_cpu_ms)
assert_match "$(swsh "$SOCK" 'show interfaces status | count')" "= 65601$" "show interfaces status lists them (and its header)"
t1=$(now_ms) c1=$(switchd_cpu_ms)
log "show interfaces status: $((t1 - t0)) ms, $((c1 - c0)) ms of switchd CPU"
[ $((c1 - c0)) -lt 3000 ] || fail "show interfaces status took $((c1 - c0)) ms of CPU"
# A reload that changes nothing: the account counted by scanning too (18 s;
# now 1.5 s of CPU, 3.3 s with sanitizers, reading the 65600 ports included).
out=$(swsh_all "$SOCK" "copy json $TMP/switch.json running-config") || fail "import failed: $out"
t2=$(now_ms) c2=$(switchd_cpu_ms)
assert_match "$out" "no changes" "importing the same file changes nothing"
log "import: $((t2 - t1)) ms, $((c2 - c1)) ms of switchd CPU"
[ $((c2 - c1)) -lt 8000 ] || fail "importing the same 65600 ports took $((c2 - c1)) ms of CPU"
stop_switchd "$SOCK"
test_pass
