"""report: renders the benchmark's rows, peers and figures: one console
line per verdict, build/bench/results.json and build/bench/results.md.
Computes nothing but formatting (the rows come from records.py)."""

import json

from records import UNITS


def value(v, unit, digits=None):
    if unit == "us":
        return "%+.*f µs" % (digits or 0, v)
    return "%.*f×" % (2 if digits is None else digits, v)


def digits(row):
    """Decimals for a row's median and target: the usual ones, or up to
    two more where those would print a median equal to a target it is not
    (0.071× as 0.07× beside "target ≤ 0.07×: missed")."""
    usual = 0 if row["unit"] == "us" else 2
    for d in range(usual, usual + 3):
        if (row["median"] == row["target"] or
                value(row["median"], row["unit"], d).lstrip("+") !=
                value(row["target"], row["unit"], d).lstrip("+")):
            return d
    return usual + 2


def median_text(row):
    return value(row["median"], row["unit"], digits(row))


def target_text(row):
    d = digits(row) if row.get("median") is not None else None
    return "%s %s" % ("≤" if row["op"] == "<=" else "≥",
                      value(row["target"], row["unit"], d).lstrip("+"))


def spread_text(row):
    if row["unit"] == "us":
        return "%+.0f to %+.0f µs" % (row["min"], row["max"])
    return "%.2f-%.2f×" % (row["min"], row["max"])


def compare_text(spread, unit):
    """A figure beside a verdict (records.spread): median (min-max)."""
    if not spread:
        return "not measured"
    return "%s (%s)" % (value(spread["median"], unit),
                        spread_text(dict(spread, unit=unit)))


def verdict_line(row):
    if row["verdict"] == "not measured":
        return "  %-58s not measured: %s" % (row["measure"], row["reason"])
    return "  %-58s %s  (%s over %d rounds)  target %s: %s" % (
        row["measure"], median_text(row), spread_text(row),
        len(row["per_round"]), target_text(row),
        "target met" if row["verdict"] == "met" else "target MISSED")


def ns_text(ns):
    if ns >= 1e6:
        return "%.2f ms" % (ns / 1e6)
    return "%.0f µs" % (ns / 1e3)


def sessions_in(tree):
    """Every "session" object anywhere in an isolab results document."""
    if isinstance(tree, dict):
        for k, v in tree.items():
            if k == "session" and isinstance(v, dict):
                yield v
            else:
                yield from sessions_in(v)
    elif isinstance(tree, list):
        for v in tree:
            yield from sessions_in(v)


def named_ns(d):
    return ", ".join("%s %s" % (k, ns_text(v)) for k, v in d.items()
                     if isinstance(v, (int, float)) and not isinstance(v, bool))


def phases_text(run_doc):
    """Where a launcher's startup goes, from `isolab run --format json`:
    its phase medians, and its session's one-time cost when it reports one."""
    summary = run_doc["summary"][0]
    text = "%s: median startup %s; phase medians %s" % (
        summary["launcher"], ns_text(summary["startup_ns"]["median"]),
        named_ns(summary.get("phases_median_ns", {})) or "none reported")
    for s in sessions_in(run_doc):
        parts = [named_ns(s)] + [named_ns(v) for v in s.values() if isinstance(v, dict)]
        text += "; session once: " + ", ".join(p for p in parts if p)
        break
    return text


def environment_line(env):
    return "%s, %s × %s cores, KVM %s (%s), cgroups %s, isolab %s, load %s before, %s after" % (
        env.get("uname", env.get("kernel", "?")), env.get("cpu_model", "?"),
        env.get("cores", "?"), env.get("virtualization", "?"),
        env.get("virtualization_detail", ""), env.get("cgroup_layout", "?"),
        env.get("isolab_version", "?"), env.get("load_before", "?"),
        env.get("load_after", "?"))


def peer_line(p):
    if p["figure"] == p["against"]:
        return "  %-18s %-34s %10s  (the reference)" % (p["name"], p.get("version", "")[:34],
                                                        ns_text(p["median_ns"]))
    if p.get("reason"):
        return "  %-18s %-34s cannot run: %s" % (p["name"], p.get("version", "")[:34], p["reason"])
    ratio = ("%s ÷ it %.2f× (%.2f-%.2f×)" % (p["against"].replace("peer.", ""), p["ratio_median"], p["ratio_min"],
                                              p["ratio_max"]) if "ratio_median" in p else "")
    return "  %-18s %-34s %10s  %s" % (p["name"], p.get("version", "")[:34],
                                        ns_text(p["median_ns"]), ratio)


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown(doc):
    out = ["# isolab benchmarks (`make bench`)", "",
           "%s. %s." % (doc["date"], environment_line(doc["environment"])), "",
           "Every value is the median of per-round values (each round measures "
           "both sides, interleaved), with the spread (min-max) over the rounds.", "",
           "| measure | target | median | spread (min-max) | rounds | verdict | where the time goes |",
           "|---|---|---|---|---|---|---|"]
    for r in doc["rows"]:
        if r["verdict"] == "not measured":
            out.append("| %s | %s | - | - | 0 | not measured: %s | |" % (
                cell(r["measure"]), target_text(r), cell(r["reason"])))
        else:
            out.append("| %s | %s | %s | %s | %d | %s | %s |" % (
                cell(r["measure"]), target_text(r), median_text(r),
                spread_text(r), len(r["per_round"]),
                "met" if r["verdict"] == "met" else "**missed**", cell(r.get("where", ""))))
    out += ["", "Peers (whole command, each run spawned and waited for by the same timer):", "",
            "| peer | version | median | isolab ÷ peer (spread) | isolab side |",
            "|---|---|---|---|---|"]
    for p in doc["peers"]:
        against = p["against"].replace("peer.", "")
        if p.get("reason"):
            out.append("| %s | %s | cannot run: %s | - | %s |" % (
                cell(p["name"]), cell(p.get("version", "")), cell(p["reason"]), against))
        elif p["figure"] == p["against"]:
            out.append("| %s | %s | %s | (the reference) | |" % (
                cell(p["name"]), cell(p.get("version", "")), ns_text(p["median_ns"])))
        else:
            ratio = ("%.2f× (%.2f-%.2f×)" % (p["ratio_median"], p["ratio_min"], p["ratio_max"])
                     if "ratio_median" in p else "-")
            out.append("| %s | %s | %s | %s | %s |" % (
                cell(p["name"]), cell(p.get("version", "")), ns_text(p["median_ns"]),
                ratio, against))
    return "\n".join(out) + "\n"


def json_document(doc):
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
