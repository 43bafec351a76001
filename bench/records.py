"""records: the benchmark's measurements as one JSON-lines file, and the
rows (target verdicts) computed from them. No printing here.

Every line of the records file is one JSON object with a "kind":
  figure  {name, round, median_ns, n}: one round's median of one figure
  count   {name, round, median, n}: one round's median of a count (page
          faults per run), not a time
  row     {id, measure, op, target, unit, per_round, median, min, max,
           verdict, reason, where, load_before, load_after}
  peer    {name, version, figure, against, reason}
  env     {environment...}   (isolab's own environment block)
  where   {id, text}          where a missed row's time goes
Rows are computed per round first (a ratio of two medians measured in
the same round), then summarised: the median of the per-round values and
their spread (min-max), so drift across rounds cannot fake a verdict."""

import json
import statistics

UNITS = {"x": "×", "us": "µs"}


def read(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def append(path, record):
    with open(path, "a") as f:
        f.write(json.dumps(record, ensure_ascii=False) + "\n")


def per_round(records, name):
    """{round: median_ns} of one figure."""
    return {r["round"]: r["median_ns"] for r in records
            if r["kind"] == "figure" and r["name"] == name}


def counts(records, name):
    """Per-round medians of one count, in round order."""
    got = {r["round"]: r["median"] for r in records
           if r["kind"] == "count" and r["name"] == name}
    return [v for _, v in sorted(got.items())]


def combine(records, a, b, how):
    """Per-round values of how(a, b) over the rounds both figures have,
    in round order."""
    fa, fb = per_round(records, a), per_round(records, b)
    rounds = sorted(set(fa) & set(fb))
    return [how(fa[r], fb[r]) for r in rounds]


def ratio_values(records, num, den):
    return combine(records, num, den, lambda x, y: x / y if y else float("inf"))


def diff_values_us(records, a, b):
    return combine(records, a, b, lambda x, y: (x - y) / 1e3)


def spread(values):
    """Median, min and max of per-round values; None when there are none."""
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values),
            "max": max(values)}


def scaled(records, name, factor, new_name):
    """A derived figure, factor times name, round by round."""
    return [{"kind": "figure", "name": new_name, "round": rnd,
             "median_ns": v * factor, "n": 1}
            for rnd, v in sorted(per_round(records, name).items())]


def met(value, op, target):
    return value <= target if op == "<=" else value >= target


def row(row_id, measure, op, target, unit, values, load_before, load_after,
        reason=""):
    r = {"kind": "row", "id": row_id, "measure": measure, "op": op,
         "target": target, "unit": unit, "per_round": values,
         "load_before": load_before, "load_after": load_after,
         "where": ""}
    if not values:
        r.update(verdict="not measured",
                 reason=reason or "no round measured both figures")
        return r
    r.update(median=statistics.median(values), min=min(values),
             max=max(values),
             verdict="met" if met(statistics.median(values), op, target)
             else "missed", reason=reason)
    return r


def not_measured(row_id, measure, op, target, unit, reason, load):
    return row(row_id, measure, op, target, unit, [], load, load, reason)


def latest_rows(records):
    """The rows, each id once (the last record wins, so a where note
    attached later is kept), in first-seen order."""
    rows, where = {}, {}
    for r in records:
        if r["kind"] == "row":
            rows[r["id"]] = dict(r, where=rows.get(r["id"], {}).get("where", ""))
        elif r["kind"] == "where":
            where[r["id"]] = r["text"]
    for rid, text in where.items():
        if rid in rows:
            rows[rid]["where"] = text
    return list(rows.values())


def figures(records):
    """{name: [per-round medians in round order]} of every figure."""
    out = {}
    for r in records:
        if r["kind"] == "figure":
            out.setdefault(r["name"], {})[r["round"]] = r["median_ns"]
    return {n: [v for _, v in sorted(rs.items())] for n, rs in out.items()}


def peers(records):
    """Every peer, with the isolab figure it is set against and the
    per-round ratio isolab / peer when both ran."""
    out = []
    for p in (r for r in records if r["kind"] == "peer"):
        p = dict(p)
        own = per_round(records, p["figure"])
        if not p.get("reason") and own:
            p["median_ns"] = statistics.median(own.values())
            vals = ratio_values(records, p["against"], p["figure"])
            if vals:
                p.update(ratio_median=statistics.median(vals),
                         ratio_min=min(vals), ratio_max=max(vals),
                         rounds=len(vals))
        elif not p.get("reason"):
            p["reason"] = "no figure measured"
        out.append(p)
    return out


def environment(records):
    env = {}
    for r in records:
        if r["kind"] == "env":
            env.update({k: v for k, v in r.items() if k != "kind"})
    return env
