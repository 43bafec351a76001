# bench/lib.sh: what every benchmark script shares; source it after
# setting ROOT (the repository). A comparison is always interleaved in
# rounds (bench/interleave, or a program that prints the same per-round
# figure lines) and judged by the median of per-round ratios, with their
# spread (min-max) and the load average before and after it. Everything
# measured goes to one records file, from which bench/results.py writes
# build/bench/results.json and results.md at the end (bench/run-all.sh).
#
# Environment: ISOLAB (default bin/isolab), WORKLOAD (isolab-workload next
# to it), BENCH_BUILD (the benchmark programs, default build/bench),
# BENCH_OUT (results, default BENCH_BUILD), BENCH_QUICK=1 (a few runs of
# everything: checks the plumbing, measures nothing worth quoting).

ISOLAB=${ISOLAB:-$ROOT/bin/isolab}
WORKLOAD=${WORKLOAD:-$(dirname "$ISOLAB")/isolab-workload}
BENCH_BUILD=${BENCH_BUILD:-$ROOT/build/bench}
BENCH_OUT=${BENCH_OUT:-$BENCH_BUILD}
BENCH_REC=$BENCH_OUT/records.jsonl
BENCH_QUICK=${BENCH_QUICK:-0}
# Debian's python3 (what lab/scripts/install-deps.sh installs) before any
# other in PATH: a version manager's shim (pyenv) costs seconds per call on
# a loaded machine, and the results are computed with many short calls.
if [ -z "${BENCH_PYTHON:-}" ]; then
	BENCH_PYTHON=python3
	[ -x /usr/bin/python3 ] && BENCH_PYTHON=/usr/bin/python3
fi
export ISOLAB WORKLOAD BENCH_BUILD BENCH_OUT BENCH_QUICK BENCH_PYTHON

# bench_size QUICK FULL: the size to use in this mode.
bench_size() { if [ "$BENCH_QUICK" = 1 ]; then echo "$1"; else echo "$2"; fi; }

bench_results() { "$BENCH_PYTHON" "$ROOT/bench/results.py" "$1" "$BENCH_REC" "${@:2}"; }

bench_load() { cut -d' ' -f1 /proc/loadavg; }

# bench_section TITLE: a heading, and the load before what follows.
bench_section() {
	BENCH_SECTION_START=$SECONDS
	BENCH_LOAD_BEFORE=$(bench_load)
	export BENCH_LOAD_BEFORE
	echo
	echo "### $1 (load average before: $BENCH_LOAD_BEFORE)"
}
bench_section_end() {
	echo "  (load average after: $(bench_load); $((SECONDS - BENCH_SECTION_START)) s)"
}

# bench_interleave ROUNDS RUNS [-s NAME=STATUS]... NAME CMD [NAME CMD]...
# Whole commands, interleaved run by run; per-round medians go to the records.
bench_interleave() {
	local rounds=$1 runs=$2
	shift 2
	if ! "$BENCH_BUILD/interleave" -r "$rounds" -k "$runs" "$@" \
		>>"$BENCH_REC" 2>"$BENCH_OUT/interleave.err"; then
		echo "  interleaving failed: $(tail -1 "$BENCH_OUT/interleave.err")"
		return 1
	fi
}

# bench_try COMMAND...: runs it once, quietly. On failure BENCH_WHY holds
# the last line it printed (or its exit status) and the status is 1.
bench_try() {
	local out rc
	out=$("$@" 2>&1 </dev/null)
	rc=$?
	[ $rc -eq 0 ] && return 0
	BENCH_WHY=$(printf '%s\n' "$out" | sed '/^[[:space:]]*$/d' | tail -1 | cut -c1-160)
	[ -n "$BENCH_WHY" ] || BENCH_WHY="$1 exited with status $rc"
	return 1
}

# Rows of the Targets table (results.py computes and prints each verdict).
# bench_ratio ID MEASURE NUM DEN OP TARGET: the per-round ratio NUM / DEN.
bench_ratio() { bench_results ratio "$@"; }
# bench_diff ID MEASURE A B OP TARGET_US: the per-round difference A - B in µs.
bench_diff() { bench_results diff "$@"; }
# bench_skip ID MEASURE OP TARGET UNIT REASON: a row that cannot be measured here.
bench_skip() { bench_results skip "$@"; }
# bench_peer NAME VERSION FIGURE AGAINST [REASON]: a peer tool, and why it did not run.
bench_peer() { bench_results peer "$@"; }
bench_missed() { [ "$(bench_results verdict "$1")" = missed ]; }

# bench_explain ID RUN_JSON [MORE]: when row ID missed its target, where
# the time goes: the launcher's phase medians from `isolab run --format
# json`, the instruction count when perf can count here, then MORE.
bench_explain() {
	local text
	bench_missed "$1" || return 0
	text=$(bench_results phases "$2") || return 0
	if perf stat -x, -e instructions true 2>&1 | grep -q '^[0-9]'; then
		text="$text; $(perf stat -x, -e instructions "$ISOLAB" exec --launcher \
			"$("$BENCH_PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"][0]["launcher"])' "$2")" \
			-- noop 2>&1 >/dev/null | grep instructions | cut -d, -f1) instructions per exec"
	fi
	[ -n "${3:-}" ] && text="$text; $3"
	bench_results where "$1" "$text"
}

# bench_cpu_profile RUNS CMD...: "X ms CPU, Y context switches" per run of
# CMD (perf stat -r RUNS, every process it starts: task-clock is CPU time,
# not wall time), or nothing where perf cannot count here. Set beside a
# wall-time ratio, it tells work from waiting.
bench_cpu_profile() {
	local runs=$1 out
	shift
	out=$(perf stat -x, -r "$runs" -e task-clock -e context-switches "$@" 2>&1 >/dev/null </dev/null) || return 0
	awk -F, '$3 == "task-clock" && $1 ~ /^[0-9.]+$/ {cpu = $1}
		$3 == "context-switches" && $1 ~ /^[0-9]+$/ {cs = $1}
		END {if (cpu != "" && cs != "") printf "%.1f ms CPU, %d context switches", cpu, cs}' <<<"$out"
}

# bench_machine_costs: what a system call, a page fault, a page filled in
# bulk and a thread cost this machine (bench/host_costs.c), measured once
# per records file, as text for a "where the time goes" note.
bench_machine_costs() {
	if [ "$(bench_results median host.syscall us)" = "not measured" ]; then
		"$BENCH_BUILD/host_costs" "$(bench_size 1 3)" "$(bench_size 10 50)" >>"$BENCH_REC" 2>/dev/null ||
			{ echo "the machine's costs could not be measured"; return 0; }
	fi
	echo "here a system call costs $(bench_results median host.syscall us)," \
		"the first write to a fresh page (a page fault) $(bench_results median host.page_fault us)," \
		"a page filled with others by one madvise(MADV_POPULATE_WRITE) $(bench_results median host.page_populate us)," \
		"and starting and joining a thread $(bench_results median host.thread us)"
}

# bench_record_environment: the machine, as isolab reports it (kernel, CPU,
# cgroup layout, virtualization mode), uname, the CPU model and the load.
bench_record_environment() {
	local load=$(bench_load)
	if ! bench_isolab_run "$BENCH_OUT/environment.json" --launcher process -n 1; then
		echo "bench: isolab cannot run: $BENCH_WHY" >&2
		return 1
	fi
	bench_results env "$BENCH_OUT/environment.json" "uname=$(uname -srmo)" \
		"cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)" \
		"load_before=$load" "quick=$BENCH_QUICK"
}

# bench_isolab_run JSON_OUT [isolab run options]: one `isolab run` to a JSON file.
bench_isolab_run() {
	local out=$1
	shift
	bench_try "$ISOLAB" run "$@" --format json --output "$out"
}
