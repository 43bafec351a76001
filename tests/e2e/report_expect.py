#!/usr/bin/env python3
"""What report.md must say about some results files from one machine,
computed here from the JSON (not copied from isolab's output), for
tests/e2e/report_plot.sh.

    report_expect.py FILE.json...   (in the order given to isolab report)

prints one expectation per line, "NAME<TAB>TEXT": report.md must contain
TEXT verbatim. Numbers are formatted as the report formats them (medians,
linearly interpolated p95, ms/µs/s, KiB/MiB); verdicts of the claims
are computed from the numbers: "holds" or "does not hold".
"""
import json
import statistics
import sys

ORDER = ["process", "container", "microvm"]


def ms(ns):
    if ns < 1e6:
        return "%.0f µs" % (ns / 1e3)
    if ns < 1e9:
        return "%.*f ms" % (2 if ns < 1e7 else 1, ns / 1e6)
    return "%.2f s" % (ns / 1e9)


def kib(k):
    return "%.0f KiB" % k if k < 1024 else "%.1f MiB" % (k / 1024)


def p95(values):
    s = sorted(values)
    rank = 0.95 * (len(s) - 1)
    lo = int(rank)
    if lo + 1 >= len(s):
        return s[-1]
    return s[lo] + (rank - lo) * (s[lo + 1] - s[lo])


def verdict(holds):
    return "holds" if holds else "does not hold"


def failed(r):
    return (r.get("exit_code") or r.get("signal") or r.get("timed_out")
            or r.get("oom_killed") or r.get("interrupted"))


docs = [json.load(open(p)) for p in sys.argv[1:]]
runs = [r for d in docs for r in d.get("runs", []) if not failed(r)]
probes = {p["launcher"]: p for d in docs for p in d.get("probe", [])
          if "counts" in p}
density = [s for d in docs for s in d.get("density", [])]
seen = {r["launcher"] for r in runs} | set(probes) | {s["launcher"] for s in density}
launchers = [l for l in ORDER if l in seen]
workloads = list(dict.fromkeys(r["workload"] for d in docs for r in d.get("runs", [])))
main = "noop" if "noop" in workloads else workloads[0] if workloads else None


def group(l, w):
    return [r for r in runs if r["launcher"] == l and r["workload"] == w]


def med(rs, key):
    return statistics.median(r[key] for r in rs)


def counter(r, name):
    return (r.get("counters") or {}).get(name, 0)


def footprint(rs):
    return (med(rs, "workload_peak_kib") + med(rs, "overhead_kib") +
            statistics.median(counter(r, "kvm_kernel_kib_estimate") for r in rs))


def out(name, text):
    print("%s\t%s" % (name, text))


# Startup: every launcher's median and p95, the container over the process.
for l in launchers:
    g = group(l, main)
    if g:
        st = [r["startup_ns"] for r in g]
        out("startup_" + l, "The %s started `%s` in %s median (p95 %s, %d runs)."
            % (l, main, ms(statistics.median(st)), ms(p95(st)), len(g)))
p, c = group("process", main), group("container", main)
if p and c:
    out("startup_ratio", "the container's median startup was %.1f× the plain process's"
        % (med(c, "startup_ns") / med(p, "startup_ns")))

# Phases: each launcher's largest median phase.
for l in launchers:
    g = group(l, main)
    names = list(dict.fromkeys(n for r in g for n in (r.get("phases") or {})))
    if not names:
        continue
    values = [statistics.median((r.get("phases") or {}).get(n, 0) for r in g) for n in names]
    big = values.index(max(values))
    out("phases_" + l, "The %s's largest startup phase was `%s`, %s of its %s median."
        % (l, names[big], ms(values[big]), ms(med(g, "startup_ns"))))

# Run, teardown and total: per workload, the lowest and highest total.
for w in workloads:
    totals = [(med(group(l, w), "total_ns"), l) for l in launchers if group(l, w)]
    if len(totals) == 1:
        out("times_" + w, "With `%s`, only the %s ran: %s median total time."
            % (w, totals[0][1], ms(totals[0][0])))
    elif totals:
        # ties go to the first launcher, as in isolab's order
        lo, hi = min(totals, key=lambda t: t[0]), max(totals, key=lambda t: t[0])
        out("times_" + w, "With `%s`, the median total time ran from %s (%s) to %s (%s)."
            % (w, ms(lo[0]), lo[1], ms(hi[0]), hi[1]))

# Memory: the workload's peak and what the isolation added.
for l in launchers:
    g = group(l, main)
    if g:
        out("memory_" + l, "Under the %s, `%s` peaked at %s and the isolation added %s"
            % (l, main, kib(med(g, "workload_peak_kib")), kib(med(g, "overhead_kib"))))

# Reach: the probe's counts per class.
for l in launchers:
    pr = probes.get(l)
    if pr:
        k = pr["counts"]
        out("reach_" + l, "Under the %s, the workload talked to the %s kernel: %d system call "
            "numbers were reached, %d denied, %d blocked and %d absent; %d reach the host kernel directly."
            % (l, "guest" if pr["kernel"] == "guest" else "host", k["reached"], k["denied"],
               k["blocked"], k["absent"], pr["host_direct"]))

# Density: the step with the most instances ready.
for l in launchers:
    steps = [s for s in density if s["launcher"] == l]
    if not steps:
        continue
    best = max(steps, key=lambda s: s["ready"])
    if not best["ready"]:
        continue
    out("density_ready_" + l, "Time until all of %.0f %s instances were ready: %s."
        % (best["ready"], l, ms(best["all_ready_ns"])))
    noise = best.get("below_noise") or best["per_instance_kib"] <= 0
    out("density_memory_" + l, "Memory per instance, with %.0f %s instances up: %s."
        % (best["ready"], l, "below noise" if noise else kib(best["per_instance_kib"])))

# VM exits: per launcher and workload, the most frequent reason.
for l, w in dict.fromkeys((r["launcher"], r["workload"]) for r in runs):
    g = group(l, w)
    reasons = list(dict.fromkeys(n for r in g for n in (r.get("counters") or {})
                                 if n.startswith("exit_")))
    if reasons:
        values = [statistics.median(counter(r, n) for r in g) for n in reasons]
        big = values.index(max(values))
        out("exits_%s_%s" % (l, w), "With `%s`, the most frequent VM exit was `%s`, %.0f per run (median)."
            % (w, reasons[big][5:], values[big]))

# Claims, each with its verdict computed from the numbers.
v = group("microvm", main)
if v and c:
    fv, fc = footprint(v), footprint(c)
    out("claim_memory", "Micro-VM footprint %s, container %s for `%s` (ratio %.2f): the claim %s in this measurement."
        % (kib(fv), kib(fc), main, fv / fc, verdict(fv > fc)))
else:
    out("claim_memory", "**A VM needs more memory than a container.** Not measured here")
if v and (c or p):
    other, name = (c, "container") if c else (p, "process")
    out("claim_slow", "The micro-VM started in %s median" % ms(med(v, "startup_ns")))
    out("claim_slow_verdict", "against the %s, the claim %s in this measurement."
        % (name, verdict(med(v, "startup_ns") > med(other, "startup_ns"))))
else:
    out("claim_slow", "**VMs start slowly.** Not measured here")
pc, pp = probes.get("container"), probes.get("process")
if pc:
    text = "The container's workload talked to the %s kernel: %d system call numbers reached the host kernel directly" % (
        "guest" if pc["kernel"] == "guest" else "host", pc["host_direct"])
    if pp:
        text += " (a plain process: %d; the container's seccomp filter blocked %d)" % (
            pp["host_direct"], pc["counts"]["blocked"])
    out("claim_kernel", text + ": the claim %s in this measurement."
        % verdict(pc["kernel"] != "guest" and pc["host_direct"] > 0))
if pp and len(probes) >= 2:
    listed = "; ".join("%s %d" % (l, probes[l]["host_direct"]) for l in launchers if l in probes)
    out("claim_least", "reached the host kernel directly: %s." % listed)
    top = max(probes, key=lambda l: probes[l]["host_direct"])
    holds = probes[top]["host_direct"] == pp["host_direct"]
    out("claim_least_verdict", "by this measure the claim %s in this measurement." % verdict(holds))
