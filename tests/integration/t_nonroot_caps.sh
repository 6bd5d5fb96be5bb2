#!/bin/bash
# A switchd started without the capabilities it needs (issue 17) says which
# one, found with libcap at the point of failure (switchd/caps.h), exits 1
# and leaves nothing behind:
#   - as nobody with an empty capability set, a tap port:
#     "CAP_NET_ADMIN needed to create TAP NAME";
#   - as nobody with CAP_NET_ADMIN only, a tap port: the TAP is made, then
#     "CAP_NET_RAW needed to open a packet socket on NAME", and the TAP goes;
#   - as nobody with CAP_NET_ADMIN and CAP_NET_RAW, telnet on port 23:
#     "CAP_NET_BIND_SERVICE needed to listen on 127.0.0.1:23 ...".
# The daemon runs in a namespace of the test, in a private mount namespace
# whose /run is a tmpfs given to nobody (/run/tapswitch holds the socket and
# the netdev locks, root's on the host) and whose /dev/net/tun is a node of
# mode 0666, as udev makes it on Debian (a container may have 0600, which
# only root opens), through setpriv with every other capability dropped
# from all sets.
. "$(dirname "$0")/lib.sh"
test_init
command -v setpriv >/dev/null || fail "setpriv (util-linux) not found"
command -v unshare >/dev/null || fail "unshare (util-linux) not found"

SW=${P}sw
netns_add "$SW"
TAP=${P}v

# nobody_exec CAPS CONFIG: execs switchd -f as nobody with capabilities
# CAPS ("-all" or "+net_admin,..."), in $SW, its stderr in $TMP/err (in a
# background job, $! is then the switchd's timeout process, which passes
# SIGTERM on).
nobody_exec()
{
    local caps=$1 bset
    cp "$2" "$TMP/run.json" && chmod 0644 "$TMP/run.json"
    chmod 0755 "$TMP"
    if [ "$caps" = -all ]; then bset=-all; else bset="-all,$caps"; fi
    exec ip netns exec "$SW" unshare --mount --propagation private sh -c '
        mount -t tmpfs -o mode=0755 tmpfs /run &&
        mkdir -m 0750 /run/tapswitch && chown nobody /run/tapswitch &&
        mount -t tmpfs -o mode=0755 tmpfs /dev/net && mknod -m 0666 /dev/net/tun c 10 200 &&
        exec setpriv --reuid=nobody --regid=nogroup --clear-groups \
            --inh-caps="$1" --ambient-caps="$1" --bounding-set="$2" \
            timeout 120 "$3" -f -c "$4" -s /run/tapswitch/switchd.sock' \
        sh "$caps" "$bset" "$SWITCHD" "$TMP/run.json" >"$TMP/out" 2>"$TMP/err" </dev/null
}

# run_nobody CAPS CONFIG: nobody_exec until switchd exits; sets RC and ERR.
run_nobody()
{
    (nobody_exec "$@")
    RC=$?
    ERR=$(cat "$TMP/err")
    log "caps $1: exit $RC, stderr [$ERR]"
}

no_links()
{
    local links
    links=$(ip -n "$SW" -o link show | awk -F': ' '$2 != "lo" { print $2 }')
    [ -z "$links" ] || fail "$1: netdevs left: $links"
}

cat >"$TMP/tap.json" <<JSON
{"version": 1, "cli": {"telnet": {"listen": ""}},
 "bridges": [{"name": "br0", "ports": [{"name": "$TAP", "type": "tap"}]}]}
JSON
cat >"$TMP/telnet23.json" <<JSON
{"version": 1, "cli": {"telnet": {"listen": "127.0.0.1:23"}},
 "bridges": [{"name": "br0", "ports": [{"name": "$TAP", "type": "tap"}]}]}
JSON

# Proof the capability sets are what the test says: setpriv itself as nobody.
caps=$(ip netns exec "$SW" setpriv --reuid=nobody --regid=nogroup --clear-groups \
       --inh-caps=-all --ambient-caps=-all --bounding-set=-all grep CapEff /proc/self/status)
[ "$caps" = "CapEff:	0000000000000000" ] || fail "setpriv left capabilities: $caps"

run_nobody -all "$TMP/tap.json"
[ "$RC" -eq 1 ] || fail "no capabilities: exit $RC, expected 1"
grep -qx "switchd: error: CAP_NET_ADMIN needed to create TAP $TAP" <<<"$ERR" \
    || fail "no capabilities: no 'CAP_NET_ADMIN needed to create TAP $TAP' in [$ERR]"
no_links "no capabilities"

run_nobody +net_admin "$TMP/tap.json"
[ "$RC" -eq 1 ] || fail "CAP_NET_ADMIN only: exit $RC, expected 1"
grep -qx "switchd: error: CAP_NET_RAW needed to open a packet socket on $TAP" <<<"$ERR" \
    || fail "CAP_NET_ADMIN only: no 'CAP_NET_RAW needed to open a packet socket on $TAP' in [$ERR]"
no_links "CAP_NET_ADMIN only"

run_nobody +net_admin,+net_raw "$TMP/telnet23.json"
[ "$RC" -eq 1 ] || fail "telnet on port 23: exit $RC, expected 1"
grep -q "^switchd: error: CAP_NET_BIND_SERVICE needed to listen on 127.0.0.1:23" <<<"$ERR" \
    || fail "telnet on port 23: no 'CAP_NET_BIND_SERVICE needed' in [$ERR]"
no_links "telnet on port 23"

# And those two capabilities (the unit's, systemd/tapswitch.service.in) are
# enough for tap ports with telnet above 1024: the TAP comes and serves,
# SIGTERM removes it.
cat >"$TMP/tap2323.json" <<JSON
{"version": 1, "cli": {"telnet": {"listen": "127.0.0.1:2323"}},
 "bridges": [{"name": "br0", "ports": [{"name": "$TAP", "type": "tap"}]}]}
JSON
nobody_exec +net_admin,+net_raw "$TMP/tap2323.json" &
pid=$!
TS_BG_PIDS+=("$pid")
TS_LIVE[$pid]=1
wait_for 120 grep -q "ready: 1 bridge(s), 1 port(s)" "$TMP/err" \
    || fail "CAP_NET_ADMIN and CAP_NET_RAW: switchd not ready: $(cat "$TMP/err")"
ip -n "$SW" link show "$TAP" >/dev/null 2>&1 || fail "CAP_NET_ADMIN and CAP_NET_RAW: no TAP $TAP"
kill -TERM "$pid"
wait_for 60 sh -c "! ip -n $SW link show $TAP" || fail "the TAP outlived SIGTERM"
wait "$pid" 2>/dev/null
unset "TS_LIVE[$pid]"
no_links "after SIGTERM"
test_pass
