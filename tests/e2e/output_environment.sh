#!/usr/bin/env bash
# Every result's environment records the 1-minute load average at the start
# and at the end, for run, density and probe alike (the table's warning
# when the load exceeds the cores is tested in tests/unit/test_output.c).
. "$(dirname "$0")/lib.sh"

loads_recorded() { # FILE: both loads are numbers >= 0
	test "$(json_get "$1" 'all(isinstance(d["environment"][k], (int, float)) and d["environment"][k] >= 0 for k in ("load_start", "load_end"))')" = True
}

capture "$ISOLAB" run --launcher process --workload noop -n 2 --warmup 0 -f json -o "$TEST_TMP/run.json"
check "run: environment has load_start and load_end" loads_recorded "$TEST_TMP/run.json"
capture "$ISOLAB" density --launcher process --count 1 -f json -o "$TEST_TMP/density.json"
check "density: environment has load_start and load_end" loads_recorded "$TEST_TMP/density.json"
capture "$ISOLAB" probe --launcher process -f json -o "$TEST_TMP/probe.json"
check "probe: environment has load_start and load_end" loads_recorded "$TEST_TMP/probe.json"

finish
