#!/usr/bin/python3
"""make bench: switchd against a Linux bridge and Open vSwitch (userspace
datapath) on the same topologies in one run (docs/performance.md).

Runs as root from the top of the tree after `make all`.  Everything it makes
carries the name prefix BENCH_PREFIX (default "b" + this process's PID in
hex): network namespaces, veths, TAPs, bridges; it starts its own switchd
processes and its own ovsdb-server and ovs-vswitchd with private run, db and
log directories, and on exit (normally, on failure, on Ctrl-C or SIGTERM) it
kills exactly the processes it started, by PID, and deletes what carries its
prefix.

Environment: BENCH_QUICK=1 (one repetition, shorter windows), BENCH_REPS,
BENCH_SWITCHD_ARGS (extra switchd options, e.g. "--rx-ring"),
BENCH_SWITCHD_VARIANTS (";"-separated option sets, e.g.
"--rx-ring=v2;--rx-ring=v3": each is measured as one more switchd in every
repetition, right after the default one, and reported beside it; "@idle"
and "@on" configure issue 15's features in topology (b), see
feature_config()),
BENCH_PREFIX, BENCH_BUILD (default build), BENCH_RESULTS (default
bench/results), BENCH_ONLY (comma-separated topologies, e.g. "b,c", for
development; the targets then report what they can), BENCH_SYSTEMS (e.g.
"ovs,switchd"), BENCH_OVS_TSO=0, BENCH_KEEP_TMP=1 (keep the temporary
directory with the switches' logs and configurations).

Prints one Markdown table and the targets of issue 12, and writes them with
every raw figure (drop counters included) to bench/results/DATE.md and
DATE.json (DATE-quick.* for BENCH_QUICK).  Exit status 0 when every
measurement produced a figure, 1 otherwise.
"""

import datetime
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from bench_report import (SYSTEMS, SYSTEM_NAMES, TOPOS, Recorder, diff_counters, percentile,
                          report, self_test)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, os.environ.get("BENCH_BUILD", "build"))
SWITCHD = os.path.join(BUILD, "switchd", "switchd")
BLAST = os.path.join(BUILD, "bench", "blast")
TAPVM = os.path.join(BUILD, "bench", "tapvm")
SWSH = os.path.join(BUILD, "shell", "swsh")
RESULTS = os.path.join(ROOT, os.environ.get("BENCH_RESULTS", "bench/results"))

QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
REPS = int(os.environ.get("BENCH_REPS", "1" if QUICK else "3"))
ONLY = [t for t in os.environ.get("BENCH_ONLY", "a,b,c,d,e").split(",") if t]
# Windows, in seconds (frames per second are counted over WIN after WARM).
WARM = 0.5
WIN = 1.0 if QUICK else 2.0
TCP_S = 1 if QUICK else 2
PING_N = 200 if QUICK else 1000
PING_I = 0.002
IDLE_S = 2.0 if QUICK else 5.0
N_FLOWS = 10000
N_MACS = 1000000

# Open vSwitch's userspace TSO (other_config:userspace-tso-enable): without
# it, TCP between hosts whose veths offload checksums stalls, as the frames
# cross the userspace datapath with their checksums never filled in.
OVS_TSO = os.environ.get("BENCH_OVS_TSO", "1") != "0"
# Extra switchd options, to compare the datapath levers (docs/performance.md).
SWITCHD_ARGS = os.environ.get("BENCH_SWITCHD_ARGS", "").split()
# More switchds to measure in the same run, so that their ratios to the
# bridge, OVS and the default switchd come from the same repetitions.
VARIANTS = [v.split() for v in os.environ.get("BENCH_SWITCHD_VARIANTS", "").split(";") if v.strip()]
VARIANT_ARGS = []   # the options of the variant being measured (one_rep())
# BENCH_PROFILE=DIR: record where each userspace switch spends its CPU during
# every measurement (perf record -g on its processes), and for the pings the
# switch CPU's scheduling (perf sched), into DIR (docs/performance.md,
# "Profiles"). Off by default: perf itself costs a few percent.
PROFILE = os.environ.get("BENCH_PROFILE", "")

# Issue 15's features as switchd variants of topology (b): a variant word
# "@idle" or "@on" in BENCH_SWITCHD_VARIANTS is not an option but a
# configuration (docs/performance.md, "What the lab features cost").
# "@idle": every feature configured, none acting on the measured frames:
# LLDP running, both host ports secure (maximum 64, protect) with
# storm-control levels they never reach, a SPAN session between two other
# ports, a capture point defined on the first host port but not started.
# "@on": the same with the SPAN session mirroring the first host port (both
# directions) and the capture running on it (circular 10 MB buffer).
FEATURE_SPAN_SRC, FEATURE_SPAN_DST = "x1", "x2"     # internal ports, after PREFIX


def features_of(args):
    return [a[1:] for a in args if a.startswith("@")]


def feature_config(bridge, p1, p2, feats):
    """Topology (b)'s switchd configuration with the features 'feats' asks for."""
    ports = [port(p1, "system"), port(p2, "system")]
    conf = switchd_config([bridge])
    if not feats:
        bridge["ports"] = ports
        return conf
    for p in ports:
        p["port_security"] = {"enabled": True, "maximum": 64, "violation": "protect"}
        p["storm_control"] = {c: {"rising_pps": 10 ** 10} for c in ("broadcast", "multicast",
                                                                      "unicast")}
    src, dst = PREFIX + FEATURE_SPAN_SRC, PREFIX + FEATURE_SPAN_DST
    ports += [port(src, "internal"), port(dst, "internal")]
    bridge["ports"] = ports
    conf["lldp"] = {"run": True, "timer_s": 30, "holdtime_s": 120, "reinit_s": 2}
    conf["monitor_sessions"] = [{"session": 1, "sources": [
        {"interface": p1 if "on" in feats else src, "direction": "both"}],
        "destination": dst, "encapsulation_replicate": True}]
    return conf


def feature_commands(p1, feats):
    """swsh commands after start: the capture point (runtime state, not JSON)."""
    if not feats:
        return []
    cmds = ["monitor capture bcap interface %s both" % p1, "monitor capture bcap match any",
            "monitor capture bcap buffer size 10", "monitor capture bcap buffer circular"]
    if "on" in feats:
        cmds.append("monitor capture bcap start")
    return cmds
SYSTEMS_ONLY = [x for x in os.environ.get("BENCH_SYSTEMS", "bridge,ovs,switchd").split(",") if x]

GEN_CPU = 0         # generators (blast, tapvm, ping)
SWITCH_CPU = 1      # switchd, ovs-vswitchd

PREFIX = os.environ.get("BENCH_PREFIX") or "b%x" % (os.getpid() & 0xffffff)
if not re.fullmatch(r"[a-z][a-z0-9]{0,6}", PREFIX):
    sys.exit("bench: BENCH_PREFIX must be a lower-case letter and up to 6 letters or digits")

IP1, IP2 = "10.77.0.1", "10.77.0.2"
# Topology (e): the VTEPs' underlay addresses, the VNI, and the underlay's
# MTU (1500-byte inner packets + 50 bytes of VXLAN, docs/vxlan.md).
VTEP1, VTEP2 = "10.78.0.1", "10.78.0.2"
VNI = 10100
UNDERLAY_MTU = 1550

T0 = time.monotonic()


class NotAvailable(Exception):
    """This system cannot build this topology on this kernel (reported as
    "-" with the reason, not as a failed measurement)."""


def log(msg):
    print("[bench %6.1fs] %s" % (time.monotonic() - T0, msg), flush=True)


# ------------------------------------------------------------------ cleanup
# Only what this run made: PIDs it started, names with its prefix.

STARTED = []        # Popen objects and bare PIDs started by this run


def track(p):
    STARTED.append(p)
    return p


def pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child of ours counts as gone.
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def stop_pid(pid, timeout=5.0):
    if pid is None or not pid_alive(pid):
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and pid_alive(pid):
        time.sleep(0.02)
    if pid_alive(pid):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def stop(p):
    if isinstance(p, subprocess.Popen):
        if p.poll() is None:
            stop_pid(p.pid)
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
    else:
        stop_pid(p)
    if p in STARTED:
        STARTED.remove(p)


def run(cmd, check=True, timeout=60, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       timeout=timeout, **kw)
    if check and r.returncode != 0:
        raise RuntimeError("%s: exit %d: %s" % (" ".join(cmd), r.returncode,
                                                (r.stderr or r.stdout).strip()[:400]))
    return r


def our_netns():
    out = run(["ip", "netns", "list"], check=False).stdout
    return [l.split()[0] for l in out.splitlines() if l.split() and l.split()[0].startswith(PREFIX)]


def our_links():
    out = run(["ip", "-o", "link", "show"], check=False).stdout
    names = []
    for l in out.splitlines():
        m = re.match(r"\d+: ([^:@ ]+)", l)
        if m and m.group(1).startswith(PREFIX):
            names.append(m.group(1))
    return names


def sweep_devices():
    """Delete this run's namespaces (their processes first) and netdevs."""
    for ns in our_netns():
        pids = run(["ip", "netns", "pids", ns], check=False).stdout.split()
        for pid in pids:
            stop_pid(int(pid), timeout=2)
        run(["ip", "netns", "del", ns], check=False)
    for _ in range(2):
        for name in our_links():
            run(["ip", "link", "del", name], check=False)


def cleanup_all():
    for p in list(reversed(STARTED)):
        stop(p)
    sweep_devices()


def on_signal(signum, _frame):
    raise KeyboardInterrupt("signal %d" % signum)


# ------------------------------------------------------------------ counters

def read_dev_stats(proc_net_dev):
    """/proc/PID/net/dev of a namespace: {dev: {rx, rx_drop, tx, tx_drop}}."""
    stats = {}
    with open(proc_net_dev) as f:
        for line in f.readlines()[2:]:
            name, data = line.split(":", 1)
            v = [int(x) for x in data.split()]
            stats[name.strip()] = {"rx": v[1], "rx_drop": v[3], "tx": v[9], "tx_drop": v[11]}
    return stats


def sched_ns(pids):
    """CPU time and run-queue wait of the processes (all threads), in ns,
    from schedstat: the wait says how long the pinned switch was ready but
    another process had its CPU (a loaded machine)."""
    run_ns = wait_ns = 0
    for pid in pids:
        try:
            for tid in os.listdir("/proc/%d/task" % pid):
                with open("/proc/%d/task/%s/schedstat" % (pid, tid)) as f:
                    v = f.read().split()
                run_ns += int(v[0])
                wait_ns += int(v[1])
        except (OSError, ValueError):
            pass
    return run_ns, wait_ns


def cpu_ns(pids):
    return sched_ns(pids)[0]


class Ns:
    """A network namespace with a holder process, whose /proc/PID/net/dev
    gives the namespace's counters without a process per reading."""

    def __init__(self, name):
        self.name = name
        run(["ip", "netns", "add", name])
        run(["ip", "-n", name, "link", "set", "lo", "up"])
        # No IPv6 chatter (DAD, router solicitations) in the idle window.
        run(["ip", "netns", "exec", name, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1",
             "net.ipv6.conf.default.disable_ipv6=1"], check=False)
        self.holder = track(subprocess.Popen(["ip", "netns", "exec", name, "sleep", "100000"]))

    def stats(self):
        return read_dev_stats("/proc/%d/net/dev" % self.holder.pid)

    def exec(self, *cmd, **kw):
        return run(["ip", "netns", "exec", self.name] + list(cmd), **kw)

    def mac(self, dev):
        out = run(["ip", "-n", self.name, "-j", "link", "show", "dev", dev]).stdout
        return json.loads(out)[0]["address"]

    def close(self):
        for pid in run(["ip", "netns", "pids", self.name], check=False).stdout.split():
            if int(pid) != self.holder.pid:
                stop_pid(int(pid), timeout=2)
        stop(self.holder)
        run(["ip", "netns", "del", self.name], check=False)


def root_stats():
    return read_dev_stats("/proc/%d/net/dev" % os.getpid())


# ------------------------------------------------------------------ the switches

class Ovs:
    """ovsdb-server and ovs-vswitchd started by hand with private
    directories; never the system service."""

    def __init__(self, tmp):
        self.dir = os.path.join(tmp, "ovs")
        os.makedirs(self.dir)
        self.env = dict(os.environ, OVS_RUNDIR=self.dir, OVS_DBDIR=self.dir,
                        OVS_LOGDIR=self.dir, OVS_SYSCONFDIR=self.dir, OVS_PKGDATADIR="/usr/share/openvswitch")
        self.db = "unix:" + os.path.join(self.dir, "db.sock")
        # A userspace datapath owns the TAP "ovs-netdev" of its namespace:
        # with another ovs-vswitchd's there, ours cannot open its datapath
        # and every OVS topology would fail later with no reason given.
        if os.path.exists("/sys/class/net/ovs-netdev"):
            raise RuntimeError("another ovs-vswitchd with a userspace (netdev) datapath runs in this "
                               "network namespace (the device ovs-netdev exists); stop it first, or "
                               "run with BENCH_SYSTEMS=bridge,switchd")
        conf = os.path.join(self.dir, "conf.db")
        run(["ovsdb-tool", "create", conf, "/usr/share/openvswitch/vswitch.ovsschema"], env=self.env)
        self.vspid = None
        # Children in the foreground (no --detach), so this process reaps them.
        self.dbproc = track(subprocess.Popen(
            ["ovsdb-server", conf, "--remote=punix:" + os.path.join(self.dir, "db.sock"),
             "--pidfile=" + os.path.join(self.dir, "ovsdb-server.pid"),
             "--unixctl=" + os.path.join(self.dir, "ovsdb-server.ctl"),
             "--log-file=" + os.path.join(self.dir, "ovsdb-server.log"), "--no-chdir"],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        self._wait_ctl("ovsdb-server", self.dbproc)
        self.vsctl("--no-wait", "init")
        if OVS_TSO:
            self.vsctl("--no-wait", "set", "Open_vSwitch", ".", "other_config:userspace-tso-enable=true")
        self.vsproc = track(subprocess.Popen(
            ["taskset", "-c", str(SWITCH_CPU), "ovs-vswitchd", self.db,
             "--pidfile=" + os.path.join(self.dir, "ovs-vswitchd.pid"),
             "--unixctl=" + os.path.join(self.dir, "ovs-vswitchd.ctl"),
             "--log-file=" + os.path.join(self.dir, "ovs-vswitchd.log"), "--no-chdir"],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        self._wait_ctl("ovs-vswitchd", self.vsproc)
        self.vspid = self.vsproc.pid
        self.version = run(["ovs-vswitchd", "--version"]).stdout.splitlines()[0]

    def _wait_ctl(self, name, proc, timeout=30):
        ctl = os.path.join(self.dir, name + ".ctl")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError("%s exited (%d); see its log" % (name, proc.returncode))
            if os.path.exists(ctl) and run(["ovs-appctl", "-t", ctl, "version"], check=False,
                                           env=self.env).returncode == 0:
                return
            time.sleep(0.05)
        raise RuntimeError("%s not ready in %d s" % (name, timeout))

    def vsctl(self, *args):
        return run(["ovs-vsctl", "--db=" + self.db, "--timeout=30"] + list(args), env=self.env)

    def ofctl(self, *args):
        return run(["ovs-ofctl", "-O", "OpenFlow13"] + list(args), env=self.env, timeout=120)

    def add_bridge(self, br):
        self.vsctl("add-br", br, "--", "set", "bridge", br, "datapath_type=netdev")

    def del_bridge(self, br):
        self.vsctl("--if-exists", "del-br", br)

    def pids(self):
        return [self.vspid]

    def close(self):
        for proc in (self.vsproc, self.dbproc):
            stop(proc)


class Switchd:
    """One switchd on a JSON configuration, pinned to the switch CPU."""

    def __init__(self, tmp, name, config, netns=None):
        self.dir = os.path.join(tmp, name)
        os.makedirs(self.dir, exist_ok=True)
        self.conf = os.path.join(self.dir, "switch.json")
        self.logf = os.path.join(self.dir, "switchd.log")
        self.pidfile = os.path.join(self.dir, "switchd.pid")
        self.sock = os.path.join(self.dir, "sw.sock")
        self.write_config(config)
        # In the foreground, a child of this process (reaped here); ready
        # once it logs "ready: N bridges" (as tests/integration/lib.sh waits).
        self.logfh = open(self.logf, "w")
        # In a namespace: `ip netns exec` execs the rest, so the PID is
        # switchd's.
        self.proc = track(subprocess.Popen(
            (["ip", "netns", "exec", netns] if netns else [])
            + ["taskset", "-c", str(SWITCH_CPU), SWITCHD, "-f", "-c", self.conf,
             "-s", self.sock, "--pidfile", self.pidfile,
             # Its SSH host keys with the run's files, not in the machine's
             # /var/lib/tapswitch (made at start even with SSH off).
             "--state-dir", tmp] + SWITCHD_ARGS
            + [a for a in VARIANT_ARGS if not a.startswith("@")],
            stdout=self.logfh, stderr=subprocess.STDOUT))
        self.pid = self.proc.pid
        deadline = time.monotonic() + 60
        while True:
            with open(self.logf) as f:
                text = f.read()
            if re.search(r"ready: [0-9]+ bridge", text):
                break
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError("switchd did not start: %s" % text.strip()[-300:])
            time.sleep(0.05)

    def write_config(self, config):
        with open(self.conf, "w") as f:
            json.dump(config, f)

    def reload(self, config, what, timeout=60):
        """Apply a new configuration with SIGHUP and wait for the log to say so."""
        with open(self.logf) as f:
            before = len(f.read())
        self.write_config(config)
        os.kill(self.pid, signal.SIGHUP)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with open(self.logf) as f:
                new = f.read()[before:]
            if "SIGHUP" in new:
                if "applied" not in new or "error" in new:
                    raise RuntimeError("switchd reload (%s): %s" % (what, new.strip()[:300]))
                return
            time.sleep(0.05)
        raise RuntimeError("switchd reload (%s): no answer in %d s" % (what, timeout))

    def close(self):
        stop(self.proc)
        self.logfh.close()


def switchd_config(bridges):
    # No telnet or SSH server: two switchds of one run share a namespace.
    return {"version": 1, "cli": {"telnet": {"listen": ""}, "ssh": {"listen": ""}},
            "bridges": bridges}


def port(name, kind, vlan=None, trunk=False):
    p = {"name": name, "type": kind}
    if trunk:
        p["mode"] = "trunk"
    else:
        p["mode"] = "access"
        p["access_vlan"] = vlan or 1
    return p


def ten_k_flows():
    """N_FLOWS flows no bench frame matches, over four masks (as
    bench/bench-core.c's classifier rows), above the NORMAL default."""
    flows = []
    per = N_FLOWS // 4
    for i in range(per):
        flows.append("priority=100,in_port=%d,dl_vlan=%d actions=drop" % (1000 + i % 50, 1 + i // 50))
        flows.append("priority=100,dl_dst=02:ff:00:00:%02x:%02x actions=drop" % (i >> 8, i & 0xff))
        flows.append("priority=100,ip,nw_src=10.%d.%d.0/24 actions=drop" % (100 + (i >> 8), i & 0xff))
        flows.append("priority=100,tcp,tp_dst=%d actions=drop" % (20000 + i))
    return flows


# ------------------------------------------------------------------ topologies

def link(*args):
    run(["ip", "link"] + list(args))


def veth_host(ns, hname, pname, ip):
    """A veth whose end hname is a host's interface in ns, pname in the root."""
    link("add", hname, "type", "veth", "peer", "name", pname)
    link("set", hname, "netns", ns.name)
    link("set", pname, "up")
    host_iface(ns, hname, ip)


def host_iface(ns, dev, ip):
    run(["ip", "-n", ns.name, "link", "set", dev, "up"])
    run(["ip", "-n", ns.name, "addr", "add", ip + "/24", "dev", dev])


class Setup:
    """One topology on one system: hosts h1, h2 (netns) or two TAPs, the
    switch processes whose CPU is measured, and how to undo it."""

    def __init__(self, topo, system):
        self.topo, self.system = topo, system
        self.ns1 = self.ns2 = None
        self.dev1 = self.dev2 = None
        self.switch_pids = []
        self.undo = []              # callables, run in reverse
        self.iperf = None
        self.switchds = []

    def close(self):
        if self.iperf:
            stop(self.iperf)
        for f in reversed(self.undo):
            try:
                f()
            except Exception as e:      # keep undoing the rest
                log("cleanup: %s" % e)
        for ns in (self.ns1, self.ns2):
            if ns:
                ns.close()
        sweep_devices()


def build_setup(topo, system, ovs, tmp):
    s = Setup(topo, system)
    P = PREFIX
    try:
        if topo in ("a", "b", "d", "e"):
            s.ns1, s.ns2 = Ns(P + "h1"), Ns(P + "h2")
        if topo == "a":
            s.dev1, s.dev2 = P + "i1", P + "i2"
            if system == "ovs":
                br = P + "ob"
                ovs.add_bridge(br)
                s.undo.append(lambda: ovs.del_bridge(br))
                for d in (s.dev1, s.dev2):
                    ovs.vsctl("add-port", br, d, "--", "set", "interface", d, "type=internal")
                s.switch_pids = ovs.pids()
            else:
                sw = Switchd(tmp, "sw-a", switchd_config([{
                    "name": P + "sw", "ports": [port(s.dev1, "internal"), port(s.dev2, "internal")]}]))
                s.switchds.append(sw)
                s.undo.append(sw.close)
                s.switch_pids = [sw.pid]
            wait_links([s.dev1, s.dev2])
            for ns, d, ip in ((s.ns1, s.dev1, IP1), (s.ns2, s.dev2, IP2)):
                link("set", d, "netns", ns.name)
                host_iface(ns, d, ip)
        elif topo in ("b", "d"):
            s.dev1, s.dev2 = P + "h1", P + "h2"
            p1, p2 = P + "p1", P + "p2"
            veth_host(s.ns1, s.dev1, p1, IP1)
            veth_host(s.ns2, s.dev2, p2, IP2)
            if topo == "b":
                if system == "bridge":
                    br = P + "lb"
                    link("add", br, "type", "bridge")
                    for p in (p1, p2):
                        link("set", p, "master", br)
                    link("set", br, "up")
                elif system == "ovs":
                    br = P + "ob"
                    ovs.add_bridge(br)
                    s.undo.append(lambda: ovs.del_bridge(br))
                    for p in (p1, p2):
                        ovs.vsctl("add-port", br, p)
                    s.switch_pids = ovs.pids()
                else:
                    feats = features_of(VARIANT_ARGS)
                    sw = Switchd(tmp, "sw-b", feature_config({"name": P + "sw"}, p1, p2, feats))
                    s.switchds.append(sw)
                    s.undo.append(sw.close)
                    s.switch_pids = [sw.pid]
                    if feats:
                        # The SPAN ports' TAPs up, so that copies are sent,
                        # not refused; then the capture point.
                        extra = [P + FEATURE_SPAN_SRC, P + FEATURE_SPAN_DST]
                        wait_links(extra)
                        for d in extra:
                            link("set", d, "up")
                        for c in feature_commands(p1, feats):
                            run([SWSH, "-s", sw.sock, "-c", c])
            else:
                # The trunk: a veth ta <-> tb between the two switches,
                # hosts in VLAN 10 on both sides.
                ta, tb = P + "ta", P + "tb"
                link("add", ta, "type", "veth", "peer", "name", tb)
                link("set", ta, "up")
                link("set", tb, "up")
                if system == "bridge":
                    # No VLAN filtering: each bridge holds the VLAN 10
                    # subdevice of its end of the trunk, as a host without
                    # a VLAN-aware bridge does it (docs/performance.md).
                    for br, host, trunk in ((P + "la", p1, ta), (P + "lb", p2, tb)):
                        r = run(["ip", "link", "add", "link", trunk, "name", trunk + ".10", "type", "vlan",
                                 "id", "10"], check=False)
                        if r.returncode != 0:
                            raise NotAvailable("no 802.1Q VLAN devices in this kernel (%s)"
                                               % r.stderr.strip())
                        link("add", br, "type", "bridge")
                        link("set", host, "master", br)
                        link("set", trunk + ".10", "master", br)
                        link("set", trunk + ".10", "up")
                        link("set", br, "up")
                elif system == "ovs":
                    for br, host, trunk in ((P + "oa", p1, ta), (P + "ob", p2, tb)):
                        ovs.add_bridge(br)
                        s.undo.append(lambda br=br: ovs.del_bridge(br))
                        ovs.vsctl("add-port", br, host, "tag=10")
                        ovs.vsctl("add-port", br, trunk)
                    s.switch_pids = ovs.pids()
                else:
                    for name, host, trunk in (("sw-d1", p1, ta), ("sw-d2", p2, tb)):
                        sw = Switchd(tmp, name, switchd_config([{
                            "name": P + name[-2:], "vlans": [{"id": 10}],
                            "ports": [port(host, "system", vlan=10), port(trunk, "system", trunk=True)]}]))
                        s.switchds.append(sw)
                        s.undo.append(sw.close)
                    s.switch_pids = [sw.pid for sw in s.switchds]
        elif topo == "e":
            build_vxlan(s, system, tmp)
        elif topo == "c":
            s.dev1, s.dev2 = P + "t1", P + "t2"
            if system == "switchd":
                sw = Switchd(tmp, "sw-c", switchd_config([{
                    "name": P + "sw", "ports": [port(s.dev1, "tap"), port(s.dev2, "tap")]}]))
                s.switchds.append(sw)
                s.undo.append(sw.close)
                s.switch_pids = [sw.pid]
                wait_links([s.dev1, s.dev2])
            else:
                for d in (s.dev1, s.dev2):
                    run(["ip", "tuntap", "add", "dev", d, "mode", "tap", "vnet_hdr"])
                    link("set", d, "up")
                if system == "bridge":
                    br = P + "lb"
                    link("add", br, "type", "bridge")
                    for d in (s.dev1, s.dev2):
                        link("set", d, "master", br)
                    link("set", br, "up")
                else:
                    br = P + "ob"
                    ovs.add_bridge(br)
                    s.undo.append(lambda: ovs.del_bridge(br))
                    for d in (s.dev1, s.dev2):
                        ovs.vsctl("add-port", br, d)
                    s.switch_pids = ovs.pids()
            for d in (s.dev1, s.dev2):
                link("set", d, "up")
        if s.ns2:
            s.iperf = track(subprocess.Popen(
                ["ip", "netns", "exec", s.ns2.name, "iperf3", "-s", "-p", "5201"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    except BaseException:
        s.close()
        raise
    return s


def build_vxlan(s, system, tmp):
    """Topology (e): two VTEP namespaces va and vb joined by an underlay
    veth (VTEP1/VTEP2, MTU UNDERLAY_MTU), host h1 behind va and h2 behind
    vb (each a veth into its VTEP namespace, in VLAN 100 / VNI 10100).
    Linux: in each VTEP a vxlan device (`ip link add vx type vxlan id 10100
    dstport 4789 local A remote B`) and a bridge with the host's veth, so the
    kernel forwards and encapsulates in the sender's context; switchd: a
    switchd in each VTEP namespace, the host's veth a system port in access
    VLAN 100, a vxlan port mapping VLAN 100 to VNI 10100 with the other VTEP
    as its remote."""
    P = PREFIX
    s.dev1, s.dev2 = P + "h1", P + "h2"
    vteps = []
    for v in ("va", "vb"):
        ns = Ns(P + v)
        vteps.append(ns)
        s.undo.append(ns.close)
    ua, ub = P + "ua", P + "ub"
    link("add", ua, "netns", vteps[0].name, "type", "veth", "peer", "name", ub, "netns", vteps[1].name)
    sides = ((vteps[0], ua, VTEP1, VTEP2, s.ns1, s.dev1, IP1, P + "p1"),
             (vteps[1], ub, VTEP2, VTEP1, s.ns2, s.dev2, IP2, P + "p2"))
    for ns, under, local, remote, host_ns, hdev, hip, pdev in sides:
        run(["ip", "-n", ns.name, "link", "set", under, "mtu", str(UNDERLAY_MTU), "up"])
        run(["ip", "-n", ns.name, "addr", "add", local + "/24", "dev", under])
        run(["ip", "-n", ns.name, "link", "add", hdev, "type", "veth", "peer", "name", pdev])
        run(["ip", "-n", ns.name, "link", "set", hdev, "netns", host_ns.name])
        run(["ip", "-n", ns.name, "link", "set", pdev, "up"])
        host_iface(host_ns, hdev, hip)
        if system == "bridge":
            r = run(["ip", "-n", ns.name, "link", "add", "vx", "type", "vxlan", "id", str(VNI),
                     "dstport", "4789", "local", local, "remote", remote], check=False)
            if r.returncode != 0:
                raise NotAvailable("no VXLAN devices in this kernel (%s)" % r.stderr.strip())
            for cmd in (["link", "set", "vx", "mtu", "1500"], ["link", "add", "vbr", "type", "bridge"],
                        ["link", "set", "vx", "master", "vbr", "up"], ["link", "set", pdev, "master", "vbr"],
                        ["link", "set", "vbr", "up"]):
                run(["ip", "-n", ns.name] + cmd)
        else:
            name = "sw-e" + ns.name[-1]
            sw = Switchd(tmp, name, switchd_config([{
                "name": "br0", "vlans": [{"id": 100, "vn_segment": VNI}],
                "ports": [port(pdev, "system", vlan=100),
                          {"name": "vx1", "type": "vxlan",
                           "vxlan": {"local_ip": local, "remote_ips": [remote],
                                     "vnis": [{"vni": VNI, "vlan": 100}]}}]}]), netns=ns.name)
            s.switchds.append(sw)
            s.undo.append(sw.close)
    s.switch_pids = [sw.pid for sw in s.switchds]


def wait_links(names, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        have = set(root_stats())
        if all(n in have for n in names):
            return
        time.sleep(0.05)
    raise RuntimeError("netdevs %s did not appear" % names)


def prime(s):
    """Ping both ways until it answers (ARP and MAC learning done)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        r = s.ns1.exec("ping", "-c", "1", "-W", "1", IP2, check=False)
        if r.returncode == 0:
            s.ns2.exec("ping", "-c", "1", "-W", "1", IP1, check=False)
            return
        time.sleep(0.1)
    raise RuntimeError("%s/%s: hosts cannot ping each other" % (s.topo, s.system))


# ------------------------------------------------------------------ metrics

def all_stats(s):
    st = {"root": {k: v for k, v in root_stats().items() if k.startswith(PREFIX)}}
    for ns in (s.ns1, s.ns2):
        if ns:
            st[ns.name] = {k: v for k, v in ns.stats().items() if k.startswith(PREFIX)}
    return st


def diff_stats(a, b):
    out = {}
    for where in b:
        for dev in b[where]:
            if dev in a.get(where, {}):
                d = {k: b[where][dev][k] - a[where][dev][k] for k in b[where][dev]}
                if any(d.values()):
                    out["%s:%s" % (where, dev)] = d
    return out


def switch_counters(s, ovs):
    """The switch's own per-port counters ({port: {counter: value}}):
    switchd's `show json` (frames and drops by reason), OVS's Interface
    statistics; they say where inside the switch frames were lost."""
    out = {}
    try:
        if s.system == "switchd":
            for sw in s.switchds:
                j = json.loads(run([SWSH, "-s", sw.sock, "-c", "show json"], timeout=30).stdout)
                for br in j.get("bridges", []):
                    for p in br.get("ports", []):
                        st = p.get("stats", {})
                        c = {k: v for k, v in st.items() if isinstance(v, int)}
                        c.update({"drop:" + k: v for k, v in st.get("drops", {}).items()})
                        out[p["name"]] = c
        elif s.system == "ovs":
            j = json.loads(ovs.vsctl("--format=json", "--columns=name,statistics", "list",
                                     "Interface").stdout)
            for name, stats in j["data"]:
                if name.startswith(PREFIX):
                    out[name] = {k: v for k, v in stats[1]}
    except Exception as e:          # counters explain, they do not measure
        out["error"] = str(e)
    return out


def socket_drops(pids):
    """Drops of the switch's packet sockets in the root namespace, by the
    netdev each is bound to ({netdev: count}): `ss -0 -m -p`'s skmem d
    field, the frames the kernel had for the switch but found no room for
    in the socket's receive buffer."""
    out = {}
    r = run(["ss", "-0", "-m", "-p", "-n"], check=False, timeout=30)
    want = set(pids)
    for line in r.stdout.splitlines():
        m = re.search(r"\*:(\S+)\s.*pid=(\d+),.*\bd(\d+)\)", line)
        if m and int(m.group(2)) in want:
            out[m.group(1)] = out.get(m.group(1), 0) + int(m.group(3))
    return out


def delivered(s):
    """Frames the receiver got: the host's rx_packets, or on the VM path
    the second TAP's tx_packets + tx_dropped."""
    if s.topo == "c":
        st = root_stats()[s.dev2]
        return st["tx"] + st["tx_drop"]
    return s.ns2.stats()[s.dev2]["rx"]


def frames_per_s(s, ovs, n_macs=1):
    """64-byte frames per second delivered, and the switch's CPU %."""
    dur = WARM + WIN + 0.5
    if s.topo == "c":
        mac1, mac2 = "52:54:00:00:00:01", "52:54:00:00:00:02"
        cmd = [TAPVM, "-w", s.dev1, "-r", s.dev2, "-s", mac1, "-d", mac2,
               "-t", str(dur), "-c", str(GEN_CPU)]
        lead = 0.3                  # tapvm's own priming before it streams
    else:
        cmd = ["ip", "netns", "exec", s.ns1.name, BLAST, "-i", s.dev1, "-d", s.ns2.mac(s.dev2),
               "-S", IP1, "-D", IP2, "-t", str(dur), "-m", str(n_macs),
               "-c", str(GEN_CPU)]
        lead = 0.0
    sc0, sd0 = switch_counters(s, ovs), socket_drops(s.switch_pids)
    gen = track(subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    try:
        time.sleep(lead + WARM)
        st0 = all_stats(s)
        (c0, w0), t0, n0 = sched_ns(s.switch_pids), time.monotonic(), delivered(s)
        time.sleep(WIN)
        n1, t1, (c1, w1) = delivered(s), time.monotonic(), sched_ns(s.switch_pids)
        st1 = all_stats(s)
        out, err = gen.communicate(timeout=dur + 30)
    finally:
        stop(gen)
    if gen.returncode != 0:
        raise RuntimeError("generator failed: %s" % err.strip()[:300])
    g = json.loads(out)
    # Offered: what left the generator in the window, dropped at its first
    # hop or not (the sender's tx_packets + tx_dropped; the first TAP's
    # rx_packets on the VM path, where every write() is taken).
    if s.topo == "c":
        offered = st1["root"][s.dev1]["rx"] - st0["root"][s.dev1]["rx"]
    else:
        a, b = st0[s.ns1.name][s.dev1], st1[s.ns1.name][s.dev1]
        offered = b["tx"] + b["tx_drop"] - a["tx"] - a["tx_drop"]
    res = {"fps": (n1 - n0) / (t1 - t0), "offered_fps": offered / (t1 - t0),
           "generator": g, "drops": diff_stats(st0, st1),
           "switch_counters": diff_counters(sc0, switch_counters(s, ovs)),
           "packet_socket_drops": {k: v - sd0.get(k, 0) for k, v in socket_drops(s.switch_pids).items()}}
    if s.switch_pids:
        res["cpu_pct"] = 100.0 * (c1 - c0) / 1e9 / (t1 - t0)
        res["runqueue_wait_pct"] = 100.0 * (w1 - w0) / 1e9 / (t1 - t0)
    return res


def tcp_gbps(s, streams):
    cmd = ["iperf3", "-c", IP2, "-p", "5201", "-t", str(TCP_S), "-P", str(streams), "-J"]
    for attempt in range(3):        # the server may still be starting
        r = s.ns1.exec(*cmd, check=False, timeout=TCP_S + 20)
        if r.returncode == 0:
            j = json.loads(r.stdout)
            return j["end"]["sum_received"]["bits_per_second"] / 1e9
        time.sleep(0.5)
    raise RuntimeError("iperf3 -P %d: %s" % (streams, (r.stdout + r.stderr).strip()[-300:]))


def ping_us(s):
    c0, t0 = cpu_ns(s.switch_pids), time.monotonic()
    r = s.ns1.exec("taskset", "-c", str(GEN_CPU), "ping", "-i", str(PING_I), "-c", str(PING_N),
                   "-W", "1", IP2, check=False, timeout=PING_N * PING_I + 60)
    c1, t1 = cpu_ns(s.switch_pids), time.monotonic()
    times = [float(t) * 1000 for t in re.findall(r"time=([0-9.]+) ms", r.stdout)]
    if len(times) < PING_N * 0.9:
        raise RuntimeError("ping: %d of %d replies" % (len(times), PING_N))
    return {"p50": percentile(times, 0.5), "p99": percentile(times, 0.99),
            "replies": len(times), "sent": PING_N,
            # What polling for latency costs (docs/performance.md).
            "cpu_pct": 100.0 * (c1 - c0) / 1e9 / (t1 - t0) if s.switch_pids else None}


def idle_cpu(s):
    time.sleep(0.5)
    c0, t0 = cpu_ns(s.switch_pids), time.monotonic()
    time.sleep(IDLE_S)
    c1, t1 = cpu_ns(s.switch_pids), time.monotonic()
    return 100.0 * (c1 - c0) / 1e9 / (t1 - t0)


# ------------------------------------------------------------------ one repetition

def systems_for(topo):
    # (a): a Linux bridge has no internal ports; (e): OVS's userspace
    # tunnels need an underlay of their own (docs/vxlan.md), not measured.
    x = {"a": ("ovs", "switchd"), "e": ("bridge", "switchd")}.get(topo, SYSTEMS)
    return [y for y in x if y in SYSTEMS_ONLY]


def variant_name(args):
    return "switchd " + " ".join(args)


def one_rep(rep, ovs, tmp, rec):
    for topo in ONLY:
        runs = []
        for system in systems_for(topo):
            runs.append((system, system, []))
            if system == "switchd":
                runs += [(system, variant_name(v), v) for v in VARIANTS]
        for system, label, args in runs:
            VARIANT_ARGS[:] = args
            log("rep %d: topology (%s) %s, %s" % (rep, topo, TOPOS[topo],
                                                  SYSTEM_NAMES.get(label, label)))
            try:
                s = build_setup(topo, system, ovs, tmp)
            except NotAvailable as e:
                msg = "(%s) %s on %s: %s" % (topo, TOPOS[topo], SYSTEM_NAMES[system], e)
                if msg not in rec.notes:
                    log("not available: " + msg)
                    rec.notes.append(msg)
                continue
            except Exception as e:
                msg = "%s/%s setup (rep %d): %s" % (topo, label, rep, e)
                log("FAILED " + msg)
                rec.failures.append(msg)
                continue
            s.label = label
            try:
                run_metrics(rep, s, ovs, rec)
            finally:
                s.close()
    VARIANT_ARGS[:] = []


def profiled(s, rep, metric, fn):
    """Runs fn() under perf record (and perf sched for pings) when
    BENCH_PROFILE names a directory; the reports go there as text."""
    if not PROFILE or not (s.switch_pids or metric.startswith("fps64")):
        return fn
    def wrapped():
        os.makedirs(PROFILE, exist_ok=True)
        base = os.path.join(PROFILE, "rep%d-%s-%s-%s" % (rep, s.topo, re.sub(r"[^\w.-]+", "_", s.label),
                                                         metric))
        recs = []
        if s.switch_pids:
            recs.append(track(subprocess.Popen(["perf", "record", "-q", "-g", "-o", base + ".data",
                                                "-p", ",".join(str(p) for p in s.switch_pids)],
                                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)))
        if metric.startswith("fps64"):
            # The generator's CPU: where the kernel's half of a switch's
            # receive (and all of the bridge's forwarding) runs.
            recs.append(track(subprocess.Popen(["perf", "record", "-q", "-g", "-o", base + ".gen",
                                                "-C", str(GEN_CPU)],
                                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)))
        if metric == "ping":
            recs.append(track(subprocess.Popen(["perf", "sched", "record", "-q", "-o",
                                                base + ".sched", "-C", str(SWITCH_CPU)],
                                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)))
        time.sleep(0.5)             # perf attaches
        try:
            return fn()
        finally:
            for p in recs:
                p.send_signal(signal.SIGINT)
            for p in recs:
                try:
                    p.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    stop(p)
            for ext, name in ((".data", ".txt"), (".gen", "-gen-cpu.txt")):
                if not os.path.exists(base + ext):
                    continue
                with open(base + name, "w") as f:
                    subprocess.run(["perf", "report", "-i", base + ext, "--stdio", "--no-children",
                                    "--sort", "comm,dso,sym", "--percent-limit", "0.5", "-g", "none"],
                                   stdout=f, stderr=subprocess.DEVNULL, timeout=300)
            if metric == "ping":
                with open(base + "-sched.txt", "w") as f:
                    subprocess.run(["perf", "sched", "-i", base + ".sched", "latency", "-s", "max"],
                                   stdout=f, stderr=subprocess.DEVNULL, timeout=300)
                    subprocess.run(["perf", "sched", "-i", base + ".sched", "timehist", "-C",
                                    str(SWITCH_CPU), "--summary"],
                                   stdout=f, stderr=subprocess.DEVNULL, timeout=300)
            for ext in (".data", ".sched", ".gen"):
                if os.path.exists(base + ext):
                    os.unlink(base + ext)
    return wrapped


def quiet_receiver(s):
    """The receiving host drops the generator's UDP frames (port 9) at its
    netdev's ingress hook, after they are counted as received: without it its
    stack answers each with an ICMP port unreachable (a route lookup per
    frame, rate limit or not), work the kernel runs on whichever CPU
    delivered the frame: the generator's for the bridge, the switch's for a
    userspace switch (docs/performance.md, "Method")."""
    rules = ("add table netdev benchq\n"
             "add chain netdev benchq in { type filter hook ingress device %s priority 0 ; }\n"
             "add rule netdev benchq in udp dport 9 drop\n" % s.dev2)
    r = subprocess.run(["ip", "netns", "exec", s.ns2.name, "nft", "-f", "-"], input=rules,
                       text=True, capture_output=True, timeout=30)
    if r.returncode != 0:
        raise RuntimeError("nft in %s: %s" % (s.ns2.name, r.stderr.strip()[:300]))


def run_metrics(rep, s, ovs, rec):
    # 'system' picks how to drive the switch; 'label' is what it is recorded as.
    topo, system, label = s.topo, s.system, s.label
    if s.ns2:
        quiet_receiver(s)
    m = lambda metric, fn, pick=None: rec.measure(rep, topo, label, metric,  # noqa: E731
                                                  profiled(s, rep, metric, fn), pick)

    if topo == "b" and system != "bridge":
        m("idle_cpu", lambda: idle_cpu(s))
    if s.ns1:
        prime(s)
    r64 = m("fps64", lambda: frames_per_s(s, ovs),
            lambda r: {"fps64": r["fps"], "offered64": r["offered_fps"], "cpu64": r.get("cpu_pct"),
                       "wait64": r.get("runqueue_wait_pct")})
    if topo == "c":
        return
    if topo == "e":
        m("tcp1", lambda: tcp_gbps(s, 1))
        return
    if topo == "b":
        r1m = m("fps64_1m_macs", lambda: frames_per_s(s, ovs, N_MACS),
                lambda r: {"fps64_1m_macs": r["fps"]})
        if r64 and r1m:
            rec.put(topo, "share_1m_macs", label, r1m["fps"] / r64["fps"])
        else:
            rec.put(topo, "share_1m_macs", label, None)
        prime(s)        # the receiver's entry may have aged out of a full table
    m("tcp1", lambda: tcp_gbps(s, 1))
    m("tcp4", lambda: tcp_gbps(s, 4))
    m("ping", lambda: ping_us(s), lambda r: {"ping_p50": r["p50"], "ping_p99": r["p99"],
                                                   "ping_cpu": r["cpu_pct"]})
    if topo == "b" and system != "bridge":
        def with_flows():
            flows = ten_k_flows()
            if system == "ovs":
                path = os.path.join(ovs.dir, "flows.txt")
                with open(path, "w") as f:
                    f.write("\n".join(flows) + "\n")
                ovs.ofctl("add-flows", PREFIX + "ob", path)
            else:
                sw = s.switchds[0]
                conf = feature_config({"name": PREFIX + "sw", "flows": flows}, PREFIX + "p1",
                                      PREFIX + "p2", features_of(VARIANT_ARGS))
                sw.reload(conf, "10k flows")
            prime(s)
            return frames_per_s(s, ovs)
        r10k = m("fps64_10k_flows", with_flows, lambda r: {"fps64_10k_flows": r["fps"]})
        if r64 and r10k:
            rec.put(topo, "share_10k_flows", label, r10k["fps"] / r64["fps"])
        else:
            rec.put(topo, "share_10k_flows", label, None)


# ------------------------------------------------------------------ main

def main():
    if os.geteuid() != 0:
        sys.exit("bench: make bench needs root (network namespaces, TAPs, Open vSwitch)")
    for path in (SWITCHD, SWSH, BLAST, TAPVM):
        if not os.access(path, os.X_OK):
            sys.exit("bench: %s is missing (make all)" % path)
    for tool in ("ovsdb-tool", "ovsdb-server", "ovs-vswitchd", "ovs-vsctl", "ovs-ofctl",
                 "iperf3", "taskset", "ping", "ip", "nft"):
        if not shutil.which(tool):
            sys.exit("bench: %s is missing (make bench-deps installs it)" % tool)
    if os.cpu_count() < 2:
        sys.exit("bench: needs at least 2 CPUs (generators on CPU 0, switches on CPU 1)")

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    tmp = tempfile.mkdtemp(prefix="tapswitch-bench-")
    rec = Recorder(log)
    ovs = None
    rc = 0
    start = time.monotonic()
    date = datetime.date.today().isoformat()
    try:
        log("prefix %s, %d repetition%s%s, temp %s" % (PREFIX, REPS, "" if REPS == 1 else "s",
                                                      " (quick)" if QUICK else "", tmp))
        ovs = Ovs(tmp) if "ovs" in SYSTEMS_ONLY else None
        for rep in range(1, REPS + 1):
            one_rep(rep, ovs, tmp, rec)
        git = run(["git", "-C", ROOT, "describe", "--always", "--dirty"], check=False).stdout.strip()
        meta = {"date": date, "kernel": "Linux " + os.uname().release, "ovs": ovs.version if ovs else "-",
                "git": git or "?", "seconds": time.monotonic() - start, "quick": QUICK,
                "reps": REPS, "prefix": PREFIX, "cpu": cpu_model(),
                "windows": {"warm_s": WARM, "fps_s": WIN, "tcp_s": TCP_S, "ping_n": PING_N,
                            "ping_interval_s": PING_I, "idle_s": IDLE_S},
                "topologies": ONLY, "systems": SYSTEMS_ONLY, "ovs_userspace_tso": OVS_TSO,
                "gen_cpu": GEN_CPU, "switch_cpu": SWITCH_CPU, "switchd_args": SWITCHD_ARGS,
                "variants": [variant_name(v) for v in VARIANTS]}
        text, summaries, targets = report(rec, meta)
        print()
        print(text, end="")
        os.makedirs(RESULTS, exist_ok=True)
        base = os.path.join(RESULTS, date + ("-quick" if QUICK else "")
                            + "".join("-" + a.strip("-").replace("=", "") for a in SWITCHD_ARGS)
                            + "".join("-vs" + "".join("-" + a.strip("-@").replace("=", "") for a in v)
                                      for v in VARIANTS))
        with open(base + ".md", "w") as f:
            f.write(text)
        with open(base + ".json", "w") as f:
            json.dump({"meta": meta, "summary": summaries,
                       "targets": [{"target": a, "value": b, "result": c} for a, b, c in targets],
                       "values": {"/".join(k): v for k, v in rec.values.items()},
                       "raw": rec.raw, "failures": rec.failures,
                       "not_available": rec.notes}, f, indent=1, sort_keys=True)
            f.write("\n")
        log("wrote %s.md and %s.json" % (base, base))
        if rec.failures:
            rc = 1
    except KeyboardInterrupt as e:
        log("interrupted (%s), cleaning up" % (e or "Ctrl-C"))
        rc = 130
    except Exception as e:
        log("FAILED: %s" % e)
        rc = 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        cleanup_all()
        if ovs:
            ovs.close()
        left = our_netns() + our_links()
        if left:
            log("left behind: %s" % " ".join(left))
            rc = rc or 1
        if os.environ.get("BENCH_KEEP_TMP"):
            log("kept %s (the switches' logs and configurations)" % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return rc


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "?"


if __name__ == "__main__":
    sys.exit(self_test() if sys.argv[1:] == ["--self-test"] else main())
