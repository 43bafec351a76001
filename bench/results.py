#!/usr/bin/env python3
"""results: the command line bench/lib.sh calls to turn the records file
into verdicts and, at the end, into results.json and results.md.

  results.py ratio  REC ID MEASURE NUM DEN OP TARGET      (unit ×)
  results.py diff   REC ID MEASURE A B OP TARGET_US        (unit µs, A - B)
  results.py scale  REC NEW NAME FACTOR                    NEW = FACTOR × NAME
  results.py skip   REC ID MEASURE OP TARGET UNIT REASON   a row not measured
  results.py peer   REC NAME VERSION FIGURE AGAINST [REASON]
  results.py where  REC ID TEXT
  results.py compare REC A B ratio|diff                     prints A / B (or A - B in µs): median of the
                                                           per-round values and their spread; no row
  results.py median REC NAME us|ms|count                   prints one figure (µs, ms) or count by itself: median
                                                           over the rounds (min-max)
  results.py peers  REC AGAINST                            prints the peers set against figure AGAINST
  results.py verdict REC ID                                 prints 'met', 'missed' or 'not measured'
  results.py isolab-figure REC NAME ROUND RUN_JSON METRIC  a figure from `isolab run --format json`
  results.py density-figure REC NAME ROUND DENSITY_JSON   all_ready_ns of `isolab density`'s last step
                                                           (prints why and exits 1 when not all were ready)
  results.py phases RUN_JSON                                prints its phase medians (and session cost)
  results.py env    REC ISOLAB_JSON KEY=VALUE...
  results.py write  REC OUTDIR

The load before a comparison comes from BENCH_LOAD_BEFORE, the load after
is read now. Exit 0, or 2 on bad usage."""

import datetime
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import records  # noqa: E402
import report  # noqa: E402


def load_now():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def load_before():
    try:
        return float(os.environ.get("BENCH_LOAD_BEFORE", ""))
    except ValueError:
        return load_now()


def add_row(rec, row):
    records.append(rec, row)
    print(report.verdict_line(row))


def cmd_ratio(rec, rid, measure, num, den, op, target):
    vals = records.ratio_values(records.read(rec), num, den)
    add_row(rec, records.row(rid, measure, op, float(target), "x", vals,
                             load_before(), load_now()))


def cmd_diff(rec, rid, measure, a, b, op, target):
    vals = records.diff_values_us(records.read(rec), a, b)
    add_row(rec, records.row(rid, measure, op, float(target), "us", vals,
                             load_before(), load_now()))


def cmd_scale(rec, new, name, factor):
    for r in records.scaled(records.read(rec), name, float(factor), new):
        records.append(rec, r)


def cmd_skip(rec, rid, measure, op, target, unit, reason):
    add_row(rec, records.not_measured(rid, measure, op, float(target), unit,
                                      reason, load_now()))


def cmd_peer(rec, name, version, figure, against, reason=""):
    records.append(rec, {"kind": "peer", "name": name, "version": version,
                         "figure": figure, "against": against, "reason": reason})


def cmd_peers(rec, against):
    for p in records.peers(records.read(rec)):
        if p["against"] == against:
            print(report.peer_line(p))


def cmd_where(rec, rid, text):
    records.append(rec, {"kind": "where", "id": rid, "text": text})
    print("    %s: where the time goes: %s" % (rid, text))


def cmd_compare(rec, a, b, how):
    recs = records.read(rec)
    if how == "ratio":
        print(report.compare_text(records.spread(records.ratio_values(recs, a, b)), "x"))
    else:
        print(report.compare_text(records.spread(records.diff_values_us(recs, a, b)), "us"))


def cmd_median(rec, name, unit):
    """One figure (unit us or ms, from ns) or count (unit count) by
    itself: median over the rounds (min-max)."""
    recs = records.read(rec)
    if unit == "count":
        s = records.spread(records.counts(recs, name))
        text = s and "%.1f (%.1f-%.1f)" % (s["median"], s["min"], s["max"])
    else:
        scale, shown = (1e6, "ms") if unit == "ms" else (1e3, "µs")
        s = records.spread([v / scale for v in records.per_round(recs, name).values()])
        text = s and "%.1f %s (%.1f-%.1f %s)" % (s["median"], shown, s["min"], s["max"], shown)
    print(text or "not measured")


def cmd_verdict(rec, rid):
    for r in records.latest_rows(records.read(rec)):
        if r["id"] == rid:
            print(r["verdict"])


def cmd_isolab_figure(rec, name, rnd, run_json, metric):
    with open(run_json) as f:
        summary = json.load(f)["summary"][0]
    records.append(rec, {"kind": "figure", "name": name, "round": int(rnd),
                         "median_ns": summary[metric]["median"], "n": summary["n"]})


def cmd_density_figure(rec, name, rnd, density_json):
    with open(density_json) as f:
        step = json.load(f)["density"][-1]
    if step.get("failure") or step["ready"] != step["count"]:
        print(step.get("failure") or "only %d of %d became ready" % (step["ready"], step["count"]))
        sys.exit(1)
    records.append(rec, {"kind": "figure", "name": name, "round": int(rnd),
                         "median_ns": step["all_ready_ns"], "n": step["count"]})


def cmd_phases(run_json):
    with open(run_json) as f:
        print(report.phases_text(json.load(f)))


def cmd_env(rec, isolab_json, *pairs):
    env = {"kind": "env"}
    with open(isolab_json) as f:
        env.update(json.load(f)["environment"])
    for k in ("load_start", "load_end"):
        env.pop(k, None)
    for p in pairs:
        k, _, v = p.partition("=")
        try:
            env[k] = float(v)
        except ValueError:
            env[k] = v
    records.append(rec, env)


def cmd_write(rec, outdir):
    recs = records.read(rec)
    env = records.environment(recs)
    env["load_after"] = load_now()
    doc = {"schema": "isolab-bench/1",
           "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
           "environment": env,
           "rows": [{k: v for k, v in r.items() if k != "kind"}
                    for r in records.latest_rows(recs)],
           "peers": [{k: v for k, v in p.items() if k != "kind"}
                     for p in records.peers(recs)],
           "figures": records.figures(recs)}
    for name, text in (("results.json", report.json_document(doc)),
                       ("results.md", report.markdown(doc))):
        tmp = os.path.join(outdir, "." + name + ".tmp")
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, os.path.join(outdir, name))
    print("wrote %s/results.json and %s/results.md" % (outdir, outdir))


COMMANDS = {"ratio": (cmd_ratio, 7), "diff": (cmd_diff, 7), "scale": (cmd_scale, 4),
            "skip": (cmd_skip, 7), "peer": (cmd_peer, 5), "where": (cmd_where, 3), "peers": (cmd_peers, 2),
            "compare": (cmd_compare, 4), "median": (cmd_median, 3),
                        "verdict": (cmd_verdict, 2), "isolab-figure": (cmd_isolab_figure, 5),
            "phases": (cmd_phases, 1),
            "density-figure": (cmd_density_figure, 4), "env": (cmd_env, 2), "write": (cmd_write, 2)}


def main(argv):
    if len(argv) < 2 or argv[1] not in COMMANDS:
        sys.stderr.write(__doc__)
        return 2
    fn, nargs = COMMANDS[argv[1]]
    args = argv[2:]
    if argv[1] == "phases":
        args = args[1:]  # lib.sh passes REC to every command
    if len(args) < nargs or (argv[1] not in ("env", "peer") and len(args) != nargs) \
            or (argv[1] == "peer" and len(args) > nargs + 1):
        sys.stderr.write("results.py %s: wrong number of arguments\n%s" % (argv[1], __doc__))
        return 2
    fn(*args)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
