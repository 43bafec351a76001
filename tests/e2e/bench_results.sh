#!/usr/bin/env bash
# bench_results: `make bench`'s plumbing, not its speed. A tiny run
# (BENCH_QUICK=1) of the process and micro-VM comparisons must write a
# well-formed build/bench/results.json and results.md naming every row,
# measured or with the reason it was not; a ratio row is the median of
# the per-round ratios, with their spread. No figure is judged: the
# machine is shared.
. "$(dirname "$0")/lib.sh"
BENCH_BUILD=${BENCH_BUILD:-$ROOT/build/bench}
BOUT=$TEST_TMP/bench

if [ ! -x "$BENCH_BUILD/interleave" ] || [ ! -x "$BENCH_BUILD/process_startup" ] ||
	[ ! -x "$BENCH_BUILD/density_floor" ]; then
	skip bench_results "the benchmark programs are not built (make bench-programs)"
	exit 0
fi

# The computing: per-round ratios 2, 4 and 1 -> median 2, spread 1-4.
REC=$TEST_TMP/records.jsonl
records() { # KIND NAME VALUE_KEY V1 V2 V3: one record per round 1-3
	local kind=$1 name=$2 key=$3 r=0 v
	shift 3
	for v; do
		r=$((r + 1))
		echo "{\"kind\":\"$kind\",\"name\":\"$name\",\"round\":$r,\"$key\":$v,\"n\":1}" >>"$REC"
	done
}
records figure a median_ns 100 200 300
records figure b median_ns 50 50 300
capture python3 "$ROOT/bench/results.py" ratio "$REC" t.ratio "a over b" a b "<=" 1.2
check "bench ratio: the median of per-round ratios, with their spread and a verdict" \
	test "$RC" -eq 0 -a -n "$(printf %s "$OUT" | grep -F '2.00×  (1.00-4.00× over 3 rounds)  target ≤ 1.20×: target MISSED')"
# A median that two decimals would print as the target it missed gets a
# third: per-round ratios 0.0712, 0.0712, 0.0712 against <= 0.07.
records figure q median_ns 712 712 712
records figure r median_ns 10000 10000 10000
capture python3 "$ROOT/bench/results.py" ratio "$REC" t.near "q over r" q r "<=" 0.07
check "bench ratio: a median just over its target is not printed as the target" \
	test "$RC" -eq 0 -a -n "$(printf %s "$OUT" | grep -F '0.071×  (0.07-0.07× over 3 rounds)  target ≤ 0.070×: target MISSED')"
capture python3 "$ROOT/bench/results.py" diff "$REC" t.diff "a minus b" a b "<=" 0.1
check "bench diff: per-round differences in µs" \
	test "$RC" -eq 0 -a -n "$(printf %s "$OUT" | grep -F '+0.05 µs  (+0 to +0 µs over 3 rounds)  target ≤ 0.10 µs: target met')"
records count c median 20 31 30
records figure d median_ns 2000000 5000000 3000000
median_is() { # DESCRIPTION NAME UNIT WANT: results.py median prints WANT
	capture python3 "$ROOT/bench/results.py" median "$REC" "$2" "$3"
	check "bench median $1" test "$RC" -eq 0 -a "$OUT" = "$4"
}
median_is "of a count: over the rounds, with its spread" c count "30.0 (20.0-31.0)"
median_is "of a figure alone, in µs" a us "0.2 µs (0.1-0.3 µs)"
median_is "of a figure alone, in ms" d ms "3.0 ms (2.0-5.0 ms)"
median_is "of what was not measured says so" nothing count "not measured"
capture python3 "$ROOT/bench/results.py" ratio "$REC" t.bad a b
check "bench results.py: wrong usage exits 2 and says so" \
	test "$RC" -eq 2 -a -n "$(printf %s "$ERR" | grep 'wrong number of arguments')"

# The bare starter density rows are read against: per kind, one round's
# two figures, each a positive time (not judged).
floor_figures() { # KIND: "ok", or what was wrong
	python3 -c '
import json, sys
names = {}
for l in sys.stdin:
    r = json.loads(l)
    assert r["kind"] == "figure" and r["round"] == 3, l
    names[r["name"]] = r
kind = sys.argv[1]
for what, n in (("single", 4), ("all", 6)):
    r = names.pop("floor.%s.%s" % (kind, what))
    assert r["median_ns"] > 0 and r["n"] == n, r
assert not names, names
print("ok")' "$1" <<<"$OUT" 2>&1 | tail -1
}
for kind in posix_spawn fork namespaces kvm; do
	if [ "$kind" = kvm ] && [ ! -w /dev/kvm ]; then
		skip "bench density_floor kvm" "no usable /dev/kvm here"
		continue
	fi
	capture "$BENCH_BUILD/density_floor" "$kind" "$WORKLOAD" 6 4 3
	if [ "$kind" = namespaces ] && [ "$RC" -eq 1 ] &&
		printf %s "$ERR" | grep -qE 'Operation not permitted|No space left'; then
		skip "bench density_floor namespaces" "cannot create namespaces here: $ERR"
		continue
	fi
	check "bench density_floor $kind: a single startup and the time until 6 held are ready ($(floor_figures "$kind"))" \
		test "$RC" -eq 0 -a "$(floor_figures "$kind")" = ok
done
capture "$BENCH_BUILD/density_floor" posix_spawn /nonexistent/workload 2 2 1
check "bench density_floor: a workload that cannot start exits 1 with one line naming why" \
	test "$RC" -eq 1 -a -z "$OUT" -a "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 -a \
	-n "$(printf %s "$ERR" | grep -F 'No such file or directory')"
capture "$BENCH_BUILD/density_floor" clone "$WORKLOAD" 2 2 1
check "bench density_floor: an unknown kind exits 2 with its usage" \
	test "$RC" -eq 2 -a -n "$(printf %s "$ERR" | grep -F 'usage: density_floor posix_spawn|fork|namespaces|kvm')"

# What this machine charges for a system call, a fault, a bulk fill and a
# thread: every figure measured and above zero (where the rows quote them).
capture "$BENCH_BUILD/host_costs" 2 5
host_ok=$(python3 -c '
import json, sys
names = {}
for l in sys.stdin:
    r = json.loads(l)
    assert r["kind"] == "figure" and r["n"] == 5 and r["median_ns"] > 0, l
    names.setdefault(r["name"], []).append(r["round"])
want = ("host.syscall", "host.page_fault", "host.page_populate", "host.thread")
assert all(names.get(k) == [1, 2] for k in want), names
print("ok")' <<<"$OUT" 2>&1 | tail -1)
check "bench host_costs: a system call, a page fault, a bulk fill and a thread, each round ($host_ok)" \
	test "$RC" -eq 0 -a "$host_ok" = ok

# The writers, from a tiny real run.
capture env BENCH_QUICK=1 BENCH_OUT="$BOUT" BENCH_SCRIPTS="process_vs_spawn microvm_vs_qemu" \
	ISOLAB="$ISOLAB" BENCH_BUILD="$BENCH_BUILD" bash "$ROOT/bench/run-all.sh"
check "bench quick run exits 0 and says where it wrote" \
	test "$RC" -eq 0 -a -n "$(printf %s "$OUT" | grep "wrote $TEST_TMP/bench/results.json")"
check "bench quick run prints the load average before and after" \
	test -n "$(printf %s "$OUT" | grep -E '^load average: [0-9.]+ before, [0-9.]+ after$')"

rows_ok=$(python3 - "$BOUT/results.json" <<'PY' 2>&1
import json, sys
d = json.load(open(sys.argv[1]))
env = d["environment"]
assert d["schema"] == "isolab-bench/1", d["schema"]
for k in ("uname", "cpu", "virtualization", "load_before", "load_after", "isolab_version"):
    assert k in env, "environment lacks " + k
ids = {r["id"]: r for r in d["rows"]}
want = ["process.overhead.fork", "process.overhead.vfork", "process.overhead.posix_spawn",
        "process.fork_vs_spawn", "microvm.vs_floor", "microvm.vs_qemu"]
for i in want:
    assert i in ids, "no row " + i
    r = ids[i]
    if r["verdict"] == "not measured":
        assert r["reason"], i + " not measured without a reason"
    else:
        assert r["verdict"] in ("met", "missed"), r["verdict"]
        assert len(r["per_round"]) == 2, i + ": %d rounds" % len(r["per_round"])
        assert r["min"] <= r["median"] <= r["max"], i
        assert sorted(r["per_round"])[0] == r["min"], i
for p in d["peers"]:
    assert p.get("reason") or "median_ns" in p, p["name"] + " neither ran nor says why"
assert all(len(v) == 2 for k, v in d["figures"].items() if k.startswith("process.")), "figures"
# The machine's costs are measured only for a row that misses and quotes
# them (bench_machine_costs); on a loaded machine a quick run may miss none.
if any("here a system call costs" in r.get("where", "") for r in d["rows"]):
    for k in ("host.syscall", "host.page_fault", "host.page_populate", "host.thread"):
        assert d["figures"].get(k) and all(v > 0 for v in d["figures"][k]), k
print("ok")
PY
)
check "bench results.json: environment, every row measured over its rounds or with a reason ($rows_ok)" \
	test "$rows_ok" = ok
md_ok=$(python3 - "$BOUT/results.json" "$BOUT/results.md" <<'PY' 2>&1
import json, sys
d = json.load(open(sys.argv[1]))
md = open(sys.argv[2]).read().splitlines()
table = [l for l in md if l.startswith("| ")]
assert "| measure | target | median | spread (min-max) | rounds | verdict | where the time goes |" in md
for r in d["rows"]:
    line = [l for l in table if l.startswith("| " + r["measure"] + " |")]
    assert len(line) == 1, "md lacks " + r["id"]
    assert line[0].count("|") == 8, "md row has the wrong number of cells: " + line[0]
    if r["verdict"] == "not measured":
        assert "not measured: " + r["reason"] in line[0], line[0]
assert any(d["environment"]["uname"] in l for l in md), "md lacks the environment"
print("ok")
PY
)
check "bench results.md: one table line per row, the reasons and the environment ($md_ok)" \
	test "$md_ok" = ok
check "bench leaves no half-written file" test -z "$(ls -A "$BOUT" | grep '\.tmp$')"
exit $FAILED
