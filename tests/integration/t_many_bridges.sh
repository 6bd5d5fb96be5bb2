#!/bin/bash
# Many bridges cost what they use (docs/security.md section 7): 1000
# bridges took 780 MB -- each allocated its 8192-entry MAC table, a 128 KiB
# ofport map and 256 port slots of 2 KiB up front -- and 3 s of the loop
# thread (forwarding stopped meanwhile: 2.1 s on an idle machine); removed,
# they left 190 MB resident.  Now adding 1000 bridges (each with a patch
# port) to a running switch costs under 100 MB (the bound docs/security.md
# gives) and under 2 s of CPU time (0.15 s measured; 0.8 s with
# sanitizers), removing them gives all but 32 MB back, and a configuration
# past the global limits is refused with nothing changed.
. "$(dirname "$0")/lib.sh"
test_init

SW=${P}sw H1=${P}h1 H2=${P}h2
A=${P}a B=${P}b
netns_add "$SW"; netns_add "$H1"; netns_add "$H2"
# write_config FILE N_EXTRA: br0 with the two hosts, and N_EXTRA bridges
# joined two by two by patch pairs.
write_config()
{
    /usr/bin/python3 - "$1" "$2" "$A" "$B" "$P" <<'PY'
import json, sys
path, n, a, b, p = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
bridges = [{"name": "br0", "ports": [
    {"name": a, "type": "internal", "mode": "access", "access_vlan": 10},
    {"name": b, "type": "internal", "mode": "access", "access_vlan": 10}]}]
for i in range(n):
    peer = i + 1 if i % 2 == 0 else i - 1
    bridges.append({"name": "m%d" % i, "ports": [
        {"name": "%sp%d" % (p, i), "type": "patch", "peer": "%sp%d" % (p, peer)}]})
json.dump({"version": 1, "bridges": bridges}, open(path, "w"))
PY
}
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$SWITCHD_PID/status"; }
# Under AddressSanitizer, freed memory waits in a quarantine (256 MB) before
# it can be given back: without one, the sanitizer build measures what the
# plain one does.  (A plain build ignores ASAN_OPTIONS.)
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:allocator_release_to_os_interval_ms=0"

write_config "$TMP/switch.json" 0
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/switch.json" "$SOCK"
host_attach "$SW" "$A" "$H1" 10.87.0.1/24
host_attach "$SW" "$B" "$H2" 10.87.0.2/24
ping_ok "$H1" 10.87.0.2
rss0=$(rss_kb)

# CPU time (ticks) of switchd: the apply runs on the loop thread, which
# forwards nothing meanwhile; CPU time, unlike a ping's round trip, does
# not grow with the load of a shared machine.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SWITCHD_PID/stat"; }
hz=$(getconf CLK_TCK)

write_config "$TMP/switch.json" 1000
c0=$(cpu_ticks)
out=$(swsh_all "$SOCK" 'reload') || fail "reload of 1000 bridges failed: $out"
c1=$(cpu_ticks)
assert_match "$out" "1000 bridges added" "1000 bridges added"
rss1=$(rss_kb)
ping_ok "$H1" 10.87.0.2
write_config "$TMP/switch.json" 0
out=$(swsh_all "$SOCK" 'reload') || fail "reload without them failed: $out"
c2=$(cpu_ticks)
assert_match "$out" "1000 bridges removed" "1000 bridges removed"
rss2=$(rss_kb)
log "RSS: start $((rss0 / 1024)) MB, with 1000 bridges $((rss1 / 1024)) MB, after removing" \
    "them $((rss2 / 1024)) MB; CPU: adding $(((c1 - c0) * 1000 / hz)) ms, removing" \
    "$(((c2 - c1) * 1000 / hz)) ms"
[ $((rss1 - rss0)) -lt $((100 * 1024)) ] \
    || fail "1000 bridges cost $(((rss1 - rss0) / 1024)) MB (bound: 100 MB)"
[ $((rss2 - rss0)) -lt $((32 * 1024)) ] \
    || fail "$(((rss2 - rss0) / 1024)) MB still resident after removing them (bound: 32 MB)"
[ $((c1 - c0)) -lt $((2 * hz)) ] \
    || fail "adding 1000 bridges took $(((c1 - c0) * 1000 / hz)) ms of CPU (bound: 2 s)"

# Past the limits: refused, and the switch keeps what it had.
write_config "$TMP/switch.json" 2048
out=$(swsh_all "$SOCK" 'reload') && fail "2049 bridges were accepted: $out"
assert_match "$out" "bridges: too many bridges \(2049, at most 2048\)" "2049 bridges refused"
/usr/bin/python3 - "$TMP/switch.json" <<'PY'
import json, sys
cfg = json.load(open(sys.argv[1]))
del cfg["bridges"][3:]
cfg["bridges"][1]["mac_table_size"] = 16777216 - 8192
cfg["bridges"][2]["mac_table_size"] = 2
json.dump(cfg, open(sys.argv[1], "w"))
PY
out=$(swsh_all "$SOCK" 'reload') && fail "16777218 MAC entries were accepted: $out"
assert_match "$out" "bridges\[2\]\.mac_table_size: the MAC tables of bridges\[0\] to bridges\[2\] hold 16777218 entries together \(at most 16777216 for all bridges\)" \
    "MAC tables over the total refused"
assert_match "$(swsh "$SOCK" 'show running-config | count ^bridge ')" "= 1$" "one bridge after the refusals"
ping_ok "$H1" 10.87.0.2
stop_switchd "$SOCK"
test_pass
