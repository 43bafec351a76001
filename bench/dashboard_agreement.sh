#!/usr/bin/env bash
# Do the dashboard's figures agree with isolab run's? In rounds (A B A B),
# the median startup the dashboard measured over --iterations N (its --once
# screen) against `isolab run -n N` of the same launcher; prints each
# round's ratio and the median ratio. Target (issue 12): within 10%.
set -u
cd "$(dirname "$0")/.."
ISOLAB=${ISOLAB:-$PWD/bin/isolab}
N=${N:-$([ "${BENCH_QUICK:-0}" = 1 ] && echo 5 || echo 200)}
ROUNDS=${ROUNDS:-2}
LAUNCHERS=${LAUNCHERS:-process container}
PYTHON=python3
[ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3
T=$(mktemp -d /tmp/isolab-bench.XXXXXX)
trap 'rm -rf "$T"' EXIT

# "med 1.23 ms" (the first column's) in ns.
to_ns() {
	awk '{ v = $1; u = $2
	       if (u == "ns") m = 1; else if (u == "µs" || u == "us") m = 1e3
	       else if (u == "ms") m = 1e6; else m = 1e9
	       printf "%.0f\n", v * m }'
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for l in $LAUNCHERS; do
	ratios=()
	for ((r = 1; r <= ROUNDS; r++)); do
		d=$(LANG=C.UTF-8 "$ISOLAB" dashboard --once --launcher "$l" --iterations "$N" --rate max |
			grep -o 'med [0-9.]* [^ ]*' | head -1 | cut -d' ' -f2- | to_ns)
		# Into a file first: a reader started beside it (python3 may be a
		# pyenv shim, a chain of shell scripts) took the other CPU while
		# isolab ran, and run's median came out twice the dashboard's.
		"$ISOLAB" run --launcher "$l" -n "$N" --format json --output "$T/run.json" || exit 1
		c=$("$PYTHON" -c 'import json,sys; print(int(json.load(open(sys.argv[1]))["summary"][0]["startup_ns"]["median"]))' "$T/run.json")
		ratio=$(awk -v d="$d" -v c="$c" 'BEGIN { printf "%.3f", d / c }')
		ratios+=("$ratio")
		echo "$l round $r: dashboard median $d ns, run median $c ns, ratio $ratio"
	done
	med=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
	verdict=$(awk -v m="$med" 'BEGIN { print (m >= 0.9 && m <= 1.1) ? "PASS" : "MISS" }')
	echo "$l: median ratio $med (min-max $(printf '%s\n' "${ratios[@]}" | sort -n | head -1)-$(printf '%s\n' "${ratios[@]}" | sort -n | tail -1)), target 0.9-1.1: $verdict"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
