#!/usr/bin/env bash
# process_vs_spawn: the process launcher against a bare posix_spawn+waitpid
# of the same workload, interleaved run by run in one program
# (build/bench/process_startup), ROUNDS rounds of RUNS runs. Targets:
#   harness overhead per run (whole run - bare spawn+wait), every --spawn: <= 50 µs
#   default --spawn fork startup / bare spawn+wait:                      <= 1.2x
# A missed target shows the launcher's phase medians (isolab run --phases).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
ROUNDS=${ROUNDS:-$(bench_size 2 5)}
RUNS=${RUNS:-$(bench_size 5 40)}
T=$(mktemp -d /tmp/isolab-bench.XXXXXX)
trap 'rm -rf "$T"' EXIT

bench_section "process launcher vs bare posix_spawn+waitpid ($ROUNDS rounds of $RUNS interleaved runs)"
if ! "$BENCH_BUILD/process_startup" "$ROUNDS" "$RUNS" "$WORKLOAD" >>"$BENCH_REC" 2>"$BENCH_OUT/process.err"; then
	why="process_startup failed: $(tail -1 "$BENCH_OUT/process.err")"
	for m in fork vfork posix_spawn; do
		bench_skip "process.overhead.$m" "process: harness overhead per run, --spawn $m" "<=" 50 us "$why"
	done
	bench_skip process.fork_vs_spawn "process: --spawn fork startup ÷ bare posix_spawn+wait" "<=" 1.2 x "$why"
	exit 0
fi
for m in fork vfork posix_spawn; do
	bench_diff "process.overhead.$m" "process: harness overhead per run (whole run − bare spawn+wait), --spawn $m" \
		"process.$m.whole" process.bare "<=" 50
done
bench_ratio process.fork_vs_spawn "process: --spawn fork startup ÷ bare posix_spawn+wait" \
	process.fork.startup process.bare "<=" 1.2
for m in fork vfork posix_spawn; do
	for id in "process.overhead.$m" $([ $m = fork ] && echo process.fork_vs_spawn); do
		bench_missed "$id" || continue
		[ -f "$T/process-$m.json" ] ||
			bench_isolab_run "$T/process-$m.json" --launcher process --spawn "$m" \
				-n "$(bench_size 3 20)" || continue
		bench_explain "$id" "$T/process-$m.json"
	done
done
bench_section_end
