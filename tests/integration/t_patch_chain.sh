#!/bin/bash
# A long chain of bridges joined by patch pairs: a frame crosses each patch
# by a nested call (state_patch_deliver -> deliver -> the next bridge), so
# a broadcast flooded down N bridges recursed N deep and overflowed the
# loop thread's stack (12000 bridges with the usual 8 MiB stack: switchd
# died on the first frame; here 1500 bridges and a 1 MiB stack).  The
# nesting is now bounded: past STATE_PATCH_DEPTH_MAX patch hops a frame is
# dropped and counted like one that came round a patch loop.  Frames
# through a short chain still get through.
# run.sh timeout: 900
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw H1=${P}h1 H2=${P}h2
A=${P}a B=${P}b Z=${P}z
netns_add "$SW"; netns_add "$H1"; netns_add "$H2"
# chain FILE N: bridges b0..b(N-1), each joined to the next by a patch pair;
# internal port A on b0, B on b3 (three hops), Z on the last.
chain()
{
    /usr/bin/python3 - "$1" "$2" "$A" "$B" "$Z" <<'PY'
import json, sys
path, n, a, b, z = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
bridges = []
for i in range(n):
    ports = []
    if i > 0:
        ports.append({"name": "l%d" % i, "type": "patch", "peer": "r%d" % (i - 1)})
    if i < n - 1:
        ports.append({"name": "r%d" % i, "type": "patch", "peer": "l%d" % (i + 1)})
    for port, at in ((a, 0), (b, 3), (z, n - 1)):
        if i == at:
            ports.append({"name": port, "type": "internal"})
    bridges.append({"name": "b%d" % i, "ports": ports})
json.dump({"version": 1, "cli": {"telnet": {"listen": ""}}, "bridges": bridges},
          open(path, "w"))
PY
}
chain "$TMP/switch.json" 1500
REAL_SWITCHD=$SWITCHD
cat >"$TMP/switchd-1m-stack" <<SH
#!/bin/bash
ulimit -s 1024
exec "$REAL_SWITCHD" "\$@"
SH
chmod +x "$TMP/switchd-1m-stack"
SWITCHD=$TMP/switchd-1m-stack
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
SWITCHD=$REAL_SWITCHD
host_attach "$SW" "$A" "$H1" 10.87.0.1/24
host_attach "$SW" "$B" "$H2" 10.87.0.2/24
# The ARP requests flood b0, b1, ... all the way down the chain.
ping_ok "$H1" 10.87.0.2
proc_running "$SWITCHD_PID" || fail "switchd died flooding down the chain"
drops=$(swsh "$SOCK" 'show json' | tr -d ' \n' | grep -o '"patch_loop_drops":[0-9]*' | cut -d: -f2)
log "patch_loop_drops: $drops"
[ -n "$drops" ] && [ "$drops" -gt 0 ] || fail "frames past the depth limit are not counted"
assert_match "$(swsh "$SOCK" 'show ports' | awk -v p="$Z" '$2 == p { print $8 }')" "^0$" \
    "nothing reaches the end of the chain"
stop_switchd "$SOCK"
test_pass
