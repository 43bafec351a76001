#!/usr/bin/env bash
# process_vs_spawn: the process launcher against a bare posix_spawn+waitpid
# of the same workload, interleaved run by run in one program
# (build/bench/process_startup), ROUNDS rounds of RUNS runs. Targets:
#   harness overhead per run (whole run - bare spawn+wait), every --spawn: <= 50 µs
#   default --spawn fork startup / bare spawn+wait:                      <= 1.2x
# A missed target shows the launcher's phase medians (isolab run --phases)
# and, from the same rounds, what the bare primitive itself costs here
# (fork or vfork + execve + waitpid, no isolab) against bare posix_spawn,
# and the harness's own part: the launcher's whole run minus that bare
# primitive's. On a PVM guest a bare fork+exec alone costs about twice a
# posix_spawn (a second address space copied, then torn down by the exec),
# which no launcher can take back while it forks. The page faults per run
# of each way (process_startup counts them in the same rounds), and what a
# system call and a page fault cost this machine (bench_machine_costs), say
# where it goes.
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
compare() { bench_results compare "$@"; }
# bare_of METHOD: the figure of that primitive without isolab.
bare_of() { case $1 in fork) echo process.bare_fork ;; vfork) echo process.bare_vfork ;; *) echo process.bare ;; esac; }
# faults_of METHOD: page faults per run (parent and child), isolab's and bare.
faults_of() {
	local bare
	bare=$(bare_of "$1")
	echo "page faults per run: isolab $(bench_results median "process.$1.faults" count)," \
		"bare $(bench_results median "$bare.faults" count)"
}
# method_cost METHOD: what the primitive costs here, and what isolab adds to it.
method_cost() {
	local m=$1 bare
	bare=$(bare_of "$m")
	if [ "$m" = posix_spawn ]; then
		echo "isolab's own part is all of it (bare is posix_spawn too, and pays glibc's child resetting every signal's disposition, about 128 rt_sigaction calls, alike); $(faults_of "$m"); $(bench_machine_costs)"
		return
	fi
	local text="bare $m+exec+wait − bare posix_spawn+wait: $(compare "$bare" process.bare diff),"
	text="$text so isolab's own part (whole run − bare $m+exec+wait): $(compare "process.$m.whole" "$bare" diff); $(faults_of "$m")"
	[ "$m" = fork ] &&
		text="$text (after a fork, the first write by either process to each page they share takes a copy-on-write fault, and the child faults on each page of code it runs, since fork copies no page-table entries of files; isolab's parent keeps working while its child execs); $(bench_machine_costs)"
	echo "$text"
}
# vfork can meet the target with a harness no cheaper than the others:
# glibc's posix_spawn child resets every signal's disposition before its
# exec, which a bare vfork+exec does not, so the row says what is whose.
if [ "$(bench_results verdict process.overhead.vfork)" = met ]; then
	bench_results where process.overhead.vfork \
		"$(method_cost vfork) (the baseline posix_spawn is dearer than a bare vfork: glibc's child resets every signal's disposition, about 128 rt_sigaction calls)"
fi
for m in fork vfork posix_spawn; do
	for id in "process.overhead.$m" $([ $m = fork ] && echo process.fork_vs_spawn); do
		bench_missed "$id" || continue
		[ -f "$T/process-$m.json" ] ||
			bench_isolab_run "$T/process-$m.json" --launcher process --spawn "$m" \
				-n "$(bench_size 3 20)" || continue
		if [ "$id" = process.fork_vs_spawn ]; then
			more="bare fork+exec+wait ÷ bare posix_spawn+wait: $(compare process.bare_fork process.bare ratio),"
			more="$more the floor for any fork here; isolab's fork startup ÷ bare fork+exec+wait: $(compare process.fork.startup process.bare_fork ratio); $(faults_of fork); $(bench_machine_costs)"
		else
			more=$(method_cost "$m")
		fi
		bench_explain "$id" "$T/process-$m.json" "$more"
	done
done
bench_section_end
