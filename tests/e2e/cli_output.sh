# What the writers put in a file (issue 17): a CSV that says which machine
# it came from and carries every per-run field, density's per-instance
# memory in CSV as in JSON, and PSS never above the peak it is read with.
. "$(dirname "$0")/lib.sh"

capture "$ISOLAB" run -lprocess -n3 --warmup 0 --workload io:2 --format csv
check "run --format csv" test "$RC" -eq 0
printf '%s\n' "$OUT" >"$TEST_TMP/runs.csv"
check "CSV rows carry interrupted, output_bytes, workload_pss_kib, phases and the environment" \
	python3 - "$TEST_TMP/runs.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 3, rows
for r in rows:
    assert r["interrupted"] == "0" and r["output_bytes"] == "2048", r
    assert int(r["workload_pss_kib"]) > 0, r
    phases = dict(p.split("=") for p in r["phases"].split(";"))
    assert "exec" in phases and sum(map(int, phases.values())) == int(r["startup_ns"]), r
    assert r["kernel"].startswith("Linux ") and int(r["cores"]) >= 1, r
    assert r["virtualization"] in ("hardware", "software/paravirtual", "none"), r
    assert r["isolab_version"] and r["cgroup_layout"], r
PY

capture "$ISOLAB" run -lprocess -n10 --warmup 0 --format json --output "$TEST_TMP/noop.json"
check "noop: PSS is never above the peak RSS it is read with" \
	test "$(json_get "$TEST_TMP/noop.json" 'all(0 < r["workload_pss_kib"] <= r["workload_peak_kib"] for r in d["runs"])')" = True

capture "$ISOLAB" density -lprocess --count 1,2 --format csv
check "density --format csv" test "$RC" -eq 0
printf '%s\n' "$OUT" >"$TEST_TMP/density.csv"
check "density CSV has per_instance_kib = (memory_kib - harness_kib) / ready, or 0 below noise" \
	python3 - "$TEST_TMP/density.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert [r["count"] for r in rows] == ["1", "2"], rows
for r in rows:
    diff, ready = int(r["memory_kib"]) - int(r["harness_kib"]), int(r["ready"])
    # Below noise (isolab's own growth swallows the machine's): 0, flagged.
    want = 0 if diff <= 0 else diff // ready
    assert int(r["per_instance_kib"]) == want, r
    assert r["below_noise"] == ("1" if diff <= 0 else "0"), r
PY
finish
