#!/usr/bin/env bash
# option_sweep: a list given to a launcher's size option (the micro-VM's
# --mem) becomes one row per value, in order, labelled "microvm mem=N",
# beside one row for each other launcher; where the micro-VM cannot run,
# each value is listed as not run under its label. Bad lists: one line.
. "$(dirname "$0")/lib.sh"

capture "$ISOLAB" compare --mem 16,64 -n 1 --format json --output "$TEST_TMP/s.json"
check "compare --mem 16,64: exits 0, or 3 when a row cannot run here" \
	test "$RC" -eq 0 -o "$RC" -eq 3
rows=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
labels = [s.get("variant") for s in d["summary"]] + [n.get("variant") or n["launcher"] for n in d["not_run"]]
print(" | ".join(l for l in labels if l and l.startswith("microvm")))
print(" | ".join(l for l in labels if l and not l.startswith("microvm")))
' "$TEST_TMP/s.json" 2>&1)
check "one micro-VM row per value, in order, labelled by it" \
	test "$(echo "$rows" | sed -n 1p)" = "microvm mem=16 | microvm mem=64"
check "the other launchers keep one row each" \
	test "$(echo "$rows" | sed -n 2p)" = "process | container"

# Where the micro-VM ran, each row's VMs had the RAM its label names.
ran=$(json_get "$TEST_TMP/s.json" 'sorted({r["variant"] for r in d["runs"] if r["launcher"] == "microvm"})')
if [ "$ran" = "[]" ]; then
	skip "each micro-VM row booted with its own --mem" "the micro-VM did not run here"
else
	check "each micro-VM row booted with its own --mem" \
		test "$(json_get "$TEST_TMP/s.json" 'all(r["counters"]["guest_ram_mib"] == int(r["variant"].split("=")[1]) for r in d["runs"] if r["launcher"] == "microvm")')" = True
fi

capture "$ISOLAB" density --launcher microvm --mem 16,64
check "density refuses the list in one line, exit 2" \
	test "$RC" -eq 2 -a "$(echo "$ERR" | wc -l)" -eq 1
check "the line says where a list is taken" grep -q "a list is for run and compare" "$TEST_TMP/err"

capture "$ISOLAB" run --launcher microvm --mem 16,,64
check "an empty item is refused, exit 2" test "$RC" -eq 2
check "naming the option" grep -q -- "--mem: an empty item" "$TEST_TMP/err"
exit $FAILED
