#!/usr/bin/env bash
# density_vs_serial: does holding many instances at once cost less than
# starting them one after another? Per launcher and round, in that order:
#   single: median startup of `isolab run --launcher L -n RUNS`
#   all:    `isolab density --launcher L --count COUNT`: time until all are ready
#   floor:  the same two for a bare C starter (bench/density_floor.c)
# target: all / (COUNT x single) <= 0.75, median of the per-round ratios.
# The target is set at COUNT=1000, the default (BENCH_DENSITY_COUNT to
# change it): 1000 of each launcher now take 0.5-2.3 s, and this script
# about 30 s in all on a 2-core machine. The row names the count.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
ROUNDS=${ROUNDS:-$(bench_size 2 3)}
RUNS=${RUNS:-$(bench_size 3 20)}
COUNT=${BENCH_DENSITY_COUNT:-$(bench_size 5 1000)}
T=$(mktemp -d /tmp/isolab-bench.XXXXXX)
trap 'rm -rf "$T"' EXIT

all_ready() { # DENSITY_JSON: seconds until all were ready, or why not
	"$BENCH_PYTHON" -c 'import json,sys; s=json.load(open(sys.argv[1]))["density"][-1]
print(s["failure"] or "%.0f ms" % (s["all_ready_ns"] / 1e6))' "$1" 2>/dev/null || echo "no result"
}
# With the process launcher, fork copies isolab's page tables, which grow
# with every instance held; vfork does not. One density step of each, back
# to back, shows how much of the time that is.
spawn_methods_compared() {
	local m text="all $COUNT ready, one step each, back to back:"
	for m in fork vfork; do
		"$ISOLAB" density --launcher process --spawn "$m" --count "$COUNT" --format json \
			--output "$T/spawn-$m.json" >/dev/null 2>&1
		text="$text --spawn $m $(all_ready "$T/spawn-$m.json")"
		[ $m = fork ] && text="$text,"
	done
	echo "$text"
}

# Per instance, CPU time and page faults of one isolab command (perf stat:
# every thread and process it starts), or nothing where perf cannot count.
per_instance() {
	local out
	out=$(perf stat -x, -e task-clock -e page-faults "$ISOLAB" "$@" 2>&1 >/dev/null </dev/null) || return 0
	awk -F, -v n="$COUNT" '$3 == "task-clock" && $1 ~ /^[0-9.]+$/ {cpu = $1}
		$3 == "page-faults" && $1 ~ /^[0-9]+$/ {pf = $1}
		END {if (cpu != "" && pf != "") printf "%.1f ms CPU, %d page faults", cpu / n, pf / n}' <<<"$out"
}
# The container launcher's held instances cost more CPU each than serial
# ones: container/README.md ("Where the time goes") says why.
containers_compared() {
	local held serial
	held=$(per_instance density --launcher container --count "$COUNT")
	serial=$(per_instance run --launcher container -n "$COUNT")
	[ -n "$held" ] && [ -n "$serial" ] || return 0
	echo "per instance, all $COUNT at once: $held; one after another: $serial (what held ones cost beyond serial ones is mostly isolab's threads taking copy-on-write faults, each with a TLB shootdown on both CPUs, on pages they share with every live container init, a fork of isolab; see container/README.md)"
}

# The same ratio for a bare C starter (bench/density_floor.c), measured in
# the same rounds: what holding COUNT at once costs this machine against
# one after another, with nothing of isolab's. Per launcher, the bare ways
# that start what it starts.
floor_kinds() {
	case $1 in
	process) echo "fork posix_spawn" ;;
	container) echo namespaces ;;
	microvm) echo kvm ;;
	esac
}
floor_round() { # LAUNCHER ROUND: one round of each of its floors, into the records
	local k
	for k in $(floor_kinds "$1"); do
		"$BENCH_BUILD/density_floor" "$k" "$WORKLOAD" "$COUNT" "$RUNS" "$2" >>"$BENCH_REC" 2>"$T/floor-$k.err"
	done
}
floors_compared() { # LAUNCHER: the floors' ratios and times until all were ready, as text
	local k text="" what all
	for k in $(floor_kinds "$1"); do
		case $k in
		fork) what="fork+exec" ;;
		posix_spawn) what="posix_spawn" ;;
		namespaces) what="a clone into new user, mount, pid, net, uts and ipc namespaces + exec (no mounts, cgroups or seccomp)" ;;
		kvm) what="a bare KVM VM (create, split irqchip, one 16 MiB slot, one vCPU, run to its guest's first instruction, an I/O exit; no guest kernel or workload)" ;;
		esac
		all=$(bench_results median "floor.$k.all" ms)
		if [ "$all" = "not measured" ]; then
			text="${text:+$text, }$what could not run here ($(tail -1 "$T/floor-$k.err" 2>/dev/null))"
			continue
		fi
		bench_results scale "floor.$k.serial" "floor.$k.single" "$COUNT"
		text="${text:+$text, }$what $(bench_results compare "floor.$k.all" "floor.$k.serial" ratio), all ready in $all"
	done
	[ -n "$text" ] && echo "the same ratio for a bare C starter (one thread per CPU, bench/density_floor.c) holding $COUNT at once: $text; isolab's all ready in $(bench_results median "density.$1.all" ms)"
}

bench_section "density: $COUNT instances at once vs $COUNT × one startup ($ROUNDS rounds)"
for L in process container microvm; do
	id=density.$L
	measure="density, $L: time until all $COUNT are ready ÷ ($COUNT × median single startup)"
	if ! bench_try "$ISOLAB" exec --launcher "$L" -- noop; then
		[ "$L" = microvm ] && [ ! -e /dev/kvm ] && BENCH_WHY="no /dev/kvm"
		bench_skip "$id" "$measure" "<=" 0.75 x "$BENCH_WHY"
		continue
	fi
	why=""
	for r in $(seq "$ROUNDS"); do
		if ! bench_isolab_run "$T/single.json" --launcher "$L" -n "$RUNS"; then
			why="isolab run failed: $BENCH_WHY"
			break
		fi
		bench_results isolab-figure "$id.single" "$r" "$T/single.json" startup_ns
		if ! "$ISOLAB" density --launcher "$L" --count "$COUNT" --format json \
			--output "$T/density.json" >"$T/density.log" 2>&1; then
			why="isolab density failed: $(tail -1 "$T/density.log")"
			[ -s "$T/density.json" ] && why="$why: $(bench_results density-figure "$id.all" "$r" "$T/density.json")"
			break
		fi
		if ! why=$(bench_results density-figure "$id.all" "$r" "$T/density.json"); then
			break
		fi
		floor_round "$L" "$r"
	done
	if [ -n "$why" ]; then
		bench_skip "$id" "$measure" "<=" 0.75 x "$why"
		continue
	fi
	bench_results scale "$id.serial" "$id.single" "$COUNT"
	bench_ratio "$id" "$measure" "$id.all" "$id.serial" "<=" 0.75
	more=$(floors_compared "$L")
	if [ "$L" = process ] && bench_missed "$id"; then
		more="${more:+$more; }$(spawn_methods_compared)"
	elif [ "$L" = container ] && bench_missed "$id"; then
		more="${more:+$more; }$(containers_compared)"
	fi
	# Each instance is a thread of isolab's, started one after another.
	bench_missed "$id" && more="${more:+$more; }$COUNT instances are $COUNT threads of isolab's; $(bench_machine_costs)"
	bench_explain "$id" "$T/single.json" "$more"
done
bench_section_end
