"""make bench's report (bench/bench.py measures, this module only counts):
the Markdown table of medians, [min-max] and per-repetition ratios, issue
12's targets, and a self-test of that arithmetic on made-up figures that
needs neither root nor traffic (docs/performance.md)."""

import statistics

SYSTEMS = ("bridge", "ovs", "switchd")
SYSTEM_NAMES = {"bridge": "Linux bridge", "ovs": "OVS netdev", "switchd": "switchd"}
TOPOS = {
    "a": "internal ports",
    "b": "veth system ports",
    "c": "VM path (TAPs)",
    "d": "VLAN trunk, two switches",
    "e": "VXLAN, two VTEPs",
}


class Recorder:
    """Every figure of a run: values[(topo, metric, system)] is one value
    per repetition (None for a failed measurement)."""

    def __init__(self, log=print):
        self.log = log
        self.values = {}        # (topo, metric, system) -> [value per rep]
        self.raw = []           # every measurement with its details
        self.failures = []
        self.notes = []         # topologies a system cannot build here

    def measure(self, rep, topo, system, metric, fn, pick=None):
        try:
            r = fn()
        except Exception as e:
            msg = "%s/%s/%s (rep %d): %s" % (topo, system, metric, rep, e)
            self.log("FAILED " + msg)
            self.failures.append(msg)
            self.values.setdefault((topo, metric, system), []).append(None)
            return None
        self.raw.append({"rep": rep, "topo": topo, "system": system, "metric": metric, "result": r})
        for m, v in (pick(r) if pick else {metric: r}).items():
            self.values.setdefault((topo, m, system), []).append(v)
        return r

    def put(self, topo, metric, system, v):
        self.values.setdefault((topo, metric, system), []).append(v)


def percentile(vals, q):
    v = sorted(vals)
    k = (len(v) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def diff_counters(a, b):
    out = {}
    for port, c in b.items():
        if isinstance(c, dict) and isinstance(a.get(port), dict):
            d = {k: v - a[port].get(k, 0) for k, v in c.items() if v - a[port].get(k, 0)}
            if d:
                out[port] = d
        else:
            out[port] = c
    return out


ROWS = [
    # (topo, metric, label, unit scale, format)
    ("a", "fps64", "64 B frames, Mpps", 1e-6, "%.3f"),
    ("a", "offered64", "64 B offered by the generator, Mpps", 1e-6, "%.3f"),
    ("a", "cpu64", "switch CPU % during 64 B", 1, "%.0f"),
    ("a", "wait64", "switch waiting for its CPU during 64 B, %", 1, "%.0f"),
    ("a", "tcp1", "TCP 1 stream, Gbit/s", 1, "%.2f"),
    ("a", "tcp4", "TCP 4 streams, Gbit/s", 1, "%.2f"),
    ("a", "ping_p50", "ping p50, us", 1, "%.0f"),
    ("a", "ping_p99", "ping p99, us", 1, "%.0f"),
    ("a", "ping_cpu", "switch CPU % during ping", 1, "%.1f"),
    ("b", "fps64", "64 B frames, Mpps", 1e-6, "%.3f"),
    ("b", "offered64", "64 B offered by the generator, Mpps", 1e-6, "%.3f"),
    ("b", "cpu64", "switch CPU % during 64 B", 1, "%.0f"),
    ("b", "wait64", "switch waiting for its CPU during 64 B, %", 1, "%.0f"),
    ("b", "tcp1", "TCP 1 stream, Gbit/s", 1, "%.2f"),
    ("b", "tcp4", "TCP 4 streams, Gbit/s", 1, "%.2f"),
    ("b", "ping_p50", "ping p50, us", 1, "%.0f"),
    ("b", "ping_p99", "ping p99, us", 1, "%.0f"),
    ("b", "ping_cpu", "switch CPU % during ping", 1, "%.1f"),
    ("b", "fps64_1m_macs", "64 B, 1M source MACs, Mpps", 1e-6, "%.3f"),
    ("b", "share_1m_macs", "1M MACs, share of 1-MAC rate", 1, "%.2f"),
    ("b", "fps64_10k_flows", "64 B, 10k flows, Mpps", 1e-6, "%.3f"),
    ("b", "share_10k_flows", "10k flows, share of no-flow rate", 1, "%.2f"),
    ("b", "idle_cpu", "idle CPU %", 1, "%.2f"),
    ("c", "fps64", "64 B frames, Mpps", 1e-6, "%.3f"),
    ("c", "offered64", "64 B offered by the generator, Mpps", 1e-6, "%.3f"),
    ("c", "cpu64", "switch CPU % during 64 B", 1, "%.0f"),
    ("c", "wait64", "switch waiting for its CPU during 64 B, %", 1, "%.0f"),
    ("d", "fps64", "64 B frames, Mpps", 1e-6, "%.3f"),
    ("d", "offered64", "64 B offered by the generator, Mpps", 1e-6, "%.3f"),
    ("d", "cpu64", "switch CPU % during 64 B (both)", 1, "%.0f"),
    ("d", "wait64", "switch waiting for its CPU during 64 B, %", 1, "%.0f"),
    ("d", "tcp1", "TCP 1 stream, Gbit/s", 1, "%.2f"),
    ("d", "tcp4", "TCP 4 streams, Gbit/s", 1, "%.2f"),
    ("d", "ping_p50", "ping p50, us", 1, "%.0f"),
    ("d", "ping_p99", "ping p99, us", 1, "%.0f"),
    ("d", "ping_cpu", "switch CPU % during ping", 1, "%.1f"),
    # (e): the "Linux bridge" column is Linux vxlan devices in Linux bridges
    # (docs/performance.md); no OVS.
    ("e", "fps64", "64 B frames, Mpps", 1e-6, "%.3f"),
    ("e", "offered64", "64 B offered by the generator, Mpps", 1e-6, "%.3f"),
    ("e", "cpu64", "switch CPU % during 64 B (both)", 1, "%.0f"),
    ("e", "wait64", "switch waiting for its CPU during 64 B, %", 1, "%.0f"),
    ("e", "tcp1", "TCP 1 stream, Gbit/s", 1, "%.2f"),
]


# Rows that describe the run, not the switch: no ratio.
NO_RATIO = ("offered64", "wait64")


def summary(vals):
    v = [x for x in vals if x is not None]
    if not v:
        return None
    return {"median": statistics.median(v), "min": min(v), "max": max(v), "n": len(v)}


def fmt(sm, scale, f):
    if sm is None:
        return "-"
    if sm["n"] == 1:
        return f % (sm["median"] * scale)
    return "%s [%s-%s]" % (f % (sm["median"] * scale), f % (sm["min"] * scale), f % (sm["max"] * scale))


def fmt_ratio(sm):
    """A ratio cell: "1.23x", or "1.23x [1.10-1.30]" over repetitions."""
    if sm is None:
        return "-"
    if sm["n"] == 1:
        return "%.2fx" % sm["median"]
    return "%.2fx [%.2f-%.2f]" % (sm["median"], sm["min"], sm["max"])


def ratios(rec, topo, metric, num, den, den_topo=None, den_metric=None):
    """Per-repetition ratios num/den (measured in the same repetition)."""
    a = rec.values.get((topo, metric, num), [])
    b = rec.values.get((den_topo or topo, den_metric or metric, den), [])
    out = []
    for x, y in zip(a, b):
        out.append(x / y if x is not None and y not in (None, 0) else None)
    return out


def issue_targets(rec, sw):
    """Issue 12's targets for the switchd recorded as 'sw'."""
    targets = []

    def target(name, vals, ok):
        sm = summary(vals)
        if sm is None:
            targets.append((name, "-", "NOT MEASURED"))
        else:
            targets.append((name, "%.2f [%.2f-%.2f]" % (sm["median"], sm["min"], sm["max"]),
                            "PASS" if ok(sm["median"]) else "MISS"))

    target("internal 64 B >= 1.5x OVS", ratios(rec, "a", "fps64", sw, "ovs"), lambda x: x >= 1.5)
    target("veth 64 B >= 1.0x bridge", ratios(rec, "b", "fps64", sw, "bridge"), lambda x: x >= 1.0)
    target("veth TCP 1 stream >= 0.9x bridge", ratios(rec, "b", "tcp1", sw, "bridge"), lambda x: x >= 0.9)
    target("veth TCP 4 streams >= 0.9x bridge", ratios(rec, "b", "tcp4", sw, "bridge"), lambda x: x >= 0.9)
    target("internal TCP >= 0.5x bridge's veth TCP (1 stream)",
           ratios(rec, "a", "tcp1", sw, "bridge", "b", "tcp1"), lambda x: x >= 0.5)
    target("VM path 64 B >= 1.5x OVS", ratios(rec, "c", "fps64", sw, "ovs"), lambda x: x >= 1.5)
    target("VM path 64 B >= 1.0x bridge", ratios(rec, "c", "fps64", sw, "bridge"), lambda x: x >= 1.0)
    target("veth ping p99 <= 3x bridge", ratios(rec, "b", "ping_p99", sw, "bridge"), lambda x: x <= 3.0)
    target("1M source MACs >= 0.90 of the 1-MAC rate",
           rec.values.get(("b", "share_1m_macs", sw), []), lambda x: x >= 0.9)
    target("idle switchd < 1% CPU", rec.values.get(("b", "idle_cpu", sw), []), lambda x: x < 1.0)
    return targets


def variant_section(rec, meta, v, summaries):
    """A switchd variant (BENCH_SWITCHD_VARIANTS) measured in the same
    repetitions: its figures, its ratios to the default switchd, the
    bridge and OVS, and the targets it would meet."""
    out = ["", "## %s" % v, "",
           "| topology | metric | %s | over switchd | over bridge | over OVS |" % v,
           "|---|---|---|---|---|---|"]
    for topo, metric, label, scale, f in ROWS:
        if topo not in meta["topologies"]:
            continue
        sm = summary(rec.values.get((topo, metric, v), []))
        if sm is None:
            continue
        summaries["%s/%s/%s" % (topo, metric, v)] = sm
        cells = [fmt(sm, scale, f)]
        for den in ("switchd", "bridge", "ovs"):
            r = None if metric in NO_RATIO else summary(ratios(rec, topo, metric, v, den))
            summaries["%s/%s/%s_over_%s" % (topo, metric, v, den)] = r
            cells.append(fmt_ratio(r))
        out.append("| (%s) %s | %s | %s |" % (topo, TOPOS[topo], label, " | ".join(cells)))
    out += ["", "| target (issue 12) | %s, median [min-max] | |" % v, "|---|---|---|"]
    out += ["| %s | %s | %s |" % x for x in issue_targets(rec, v)]
    return out


def report(rec, meta):
    lines = []
    lines.append("| topology | metric | Linux bridge | OVS netdev | switchd | switchd/bridge | switchd/OVS |")
    lines.append("|---|---|---|---|---|---|---|")
    summaries = {}
    for topo, metric, label, scale, f in ROWS:
        if topo not in meta["topologies"]:
            continue
        cells = []
        for system in SYSTEMS:
            sm = summary(rec.values.get((topo, metric, system), []))
            summaries["%s/%s/%s" % (topo, metric, system)] = sm
            cells.append(fmt(sm, scale, f))
        for den in ("bridge", "ovs"):
            # What the generator offered is no figure of the switch's.
            sm = None if metric in NO_RATIO else summary(ratios(rec, topo, metric, "switchd", den))
            summaries["%s/%s/switchd_over_%s" % (topo, metric, den)] = sm
            cells.append(fmt_ratio(sm))
        lines.append("| (%s) %s | %s | %s |" % (topo, TOPOS[topo], label, " | ".join(cells)))

    targets = issue_targets(rec, "switchd")
    t = ["| target (issue 12) | switchd, median [min-max] | |", "|---|---|---|"]
    t += ["| %s | %s | %s |" % x for x in targets]
    for v in meta.get("variants", []):
        t += variant_section(rec, meta, v, summaries)

    head = ["# make bench, %s" % meta["date"], "",
            "%s; %d repetition%s, median [min-max]; %s; generators on CPU %d, switches on CPU %d."
            % (meta["kernel"], meta["reps"], "" if meta["reps"] == 1 else "s", meta["ovs"],
               meta["gen_cpu"], meta["switch_cpu"]),
            "Run took %.0f s%s; switchd %s%s." % (meta["seconds"], " (BENCH_QUICK)" if meta["quick"] else "",
                                                  meta["git"],
                                                  "".join(" " + a for a in meta.get("switchd_args", []))), ""]
    tail = []
    if rec.notes:
        tail += ["", "Not available on this machine:", ""] + ["- " + n for n in rec.notes]
    if rec.failures:
        tail += ["", "Failed measurements:", ""] + ["- " + f for f in rec.failures]
    text = "\n".join(head + lines + ["", "## Targets", ""] + t + tail) + "\n"
    return text, summaries, targets


def self_test():
    """The report's arithmetic on made-up figures, without root or traffic
    (make bench-selftest runs bench.py --self-test): medians and [min-max], per-repetition ratios,
    the cross-topology target, PASS/MISS/NOT MEASURED, "-" cells, the
    offered row without ratios, percentiles and counter deltas."""
    rec = Recorder()
    v = rec.values
    v[("b", "fps64", "bridge")] = [600e3, 500e3, 700e3]
    v[("b", "fps64", "switchd")] = [660e3, 400e3, 700e3]       # ratios 1.1, 0.8, 1.0
    v[("b", "fps64", "ovs")] = [300e3, None, 350e3]            # one failed repetition
    v[("b", "offered64", "switchd")] = [1e6, 1e6, 1e6]
    v[("b", "offered64", "bridge")] = [1e6, 1e6, 1e6]
    v[("b", "tcp1", "bridge")] = [10.0, 20.0, 10.0]
    v[("a", "tcp1", "switchd")] = [6.0, 4.0, 5.0]              # over b's bridge: 0.6, 0.2, 0.5
    v[("b", "ping_p99", "bridge")] = [20.0, 20.0, 20.0]
    v[("b", "ping_p99", "switchd")] = [50.0, 70.0, 60.0]       # 2.5, 3.5, 3.0: median 3.0 passes
    v[("b", "idle_cpu", "switchd")] = [0.5, 1.5, 0.9]
    v[("b", "share_1m_macs", "switchd")] = [0.89, 0.95, 0.91]
    v[("b", "fps64", "switchd --x")] = [330e3, 800e3, 350e3]  # over switchd 0.5, 2.0, 0.5
    v[("e", "tcp1", "bridge")] = [8.0, 10.0, 12.0]
    v[("e", "tcp1", "switchd")] = [2.0, 2.0, 6.0]              # 0.25, 0.2, 0.5
    rec.notes.append("(d) note")
    meta = {"date": "2000-01-01", "kernel": "Linux x", "ovs": "ovs y", "git": "g", "seconds": 1.0,
            "topologies": ["a", "b", "c", "d", "e"], "reps": 3, "quick": False, "gen_cpu": 0, "switch_cpu": 1,
            "variants": ["switchd --x"]}
    text, sm, targets = report(rec, meta)
    res = {t[0]: (t[1], t[2]) for t in targets}
    checks = [
        ("| (b) veth system ports | 64 B frames, Mpps | 0.600 [0.500-0.700] | 0.325 [0.300-0.350] | "
         "0.660 [0.400-0.700] | 1.00x [0.80-1.10] | 2.10x [2.00-2.20] |") in text,
        "| (b) veth system ports | 64 B offered by the generator, Mpps | 1.000 [1.000-1.000] | - | "
        "1.000 [1.000-1.000] | - | - |" in text,
        "| (c) VM path (TAPs) | 64 B frames, Mpps | - | - | - | - | - |" in text,
        res["veth 64 B >= 1.0x bridge"] == ("1.00 [0.80-1.10]", "PASS"),
        res["internal TCP >= 0.5x bridge's veth TCP (1 stream)"] == ("0.50 [0.20-0.60]", "PASS"),
        res["veth ping p99 <= 3x bridge"] == ("3.00 [2.50-3.50]", "PASS"),
        res["idle switchd < 1% CPU"] == ("0.90 [0.50-1.50]", "PASS"),
        res["1M source MACs >= 0.90 of the 1-MAC rate"] == ("0.91 [0.89-0.95]", "PASS"),
        res["VM path 64 B >= 1.0x bridge"] == ("-", "NOT MEASURED"),
        res["veth TCP 1 stream >= 0.9x bridge"] == ("-", "NOT MEASURED"),
        sm["b/fps64/ovs"]["n"] == 2,
        "| (b) veth system ports | ping p99, us | 20 [20-20] | - | 60 [50-70] | 3.00x [2.50-3.50] | - |" in text,
        "- (d) note" in text,
        "| (e) VXLAN, two VTEPs | TCP 1 stream, Gbit/s | 10.00 [8.00-12.00] | - | 2.00 [2.00-6.00] | "
        "0.25x [0.20-0.50] | - |" in text,
        ("| (b) veth system ports | 64 B frames, Mpps | 0.350 [0.330-0.800] | 0.50x [0.50-2.00] | "
         "0.55x [0.50-1.60] | 1.05x [1.00-1.10] |") in text,
        "| veth 64 B >= 1.0x bridge | 0.55 [0.50-1.60] | MISS |" in text,
        percentile([1, 2, 3, 4, 5], 0.5) == 3 and abs(percentile(list(range(101)), 0.99) - 99) < 1e-9,
        diff_counters({"p": {"rx": 1, "tx": 5}}, {"p": {"rx": 4, "tx": 5}, "error": "x"})
        == {"p": {"rx": 3}, "error": "x"},
    ]
    bad = [i for i, ok in enumerate(checks) if not ok]
    if bad:
        print(text)
        print("bench_report.py: checks %s failed" % bad)
        return 1
    print("bench_report.py: %d checks passed" % len(checks))
    return 0
