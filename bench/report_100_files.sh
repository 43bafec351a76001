#!/usr/bin/env bash
# How long `isolab plot` and `isolab report` take for a class: 100 results
# files from 100 machines (issue 13: "100 files render in under 10 s").
# The files are the committed fixtures (tests/fixtures/report), each copy's
# environment edited into a machine of its own, spread over the three
# virtualization modes. Each command runs ROUNDS times (default 3) into a
# fresh directory, gnuplot rendering included; the median wall time and
# the CPU time of isolab and gnuplot are printed with the load average
# before and after, since a busy machine stretches wall time and this is a
# measurement, not a test. Exits 0 when it ran, whatever the times.
#
# Environment: ISOLAB (default bin/isolab), FILES (default 100), ROUNDS.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ISOLAB=${ISOLAB:-$ROOT/bin/isolab}
FILES=${FILES:-100}
ROUNDS=${ROUNDS:-3}
TARGET_S=10

[ -x "$ISOLAB" ] || { echo "report_100_files: $ISOLAB missing (run make)"; exit 1; }
command -v python3 >/dev/null || { echo "report_100_files: needs python3"; exit 1; }
command -v gnuplot >/dev/null ||
	echo "report_100_files: gnuplot is not installed: the times exclude rendering"

T=$(mktemp -d /tmp/isolab-bench.XXXXXX)
trap 'rm -rf "$T"' EXIT
python3 - "$ROOT/tests/fixtures/report" "$T/in" "$FILES" <<'PY'
import glob, json, os, sys
fix, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(out)
sources = sorted(glob.glob(fix + "/compare-*.json")) + [fix + "/probe.json"] + \
    sorted(glob.glob(fix + "/density-*.json"))
modes = [("hardware", "VT-x"), ("software", "PVM (kvm_pvm module)"), ("none", "no /dev/kvm")]
for i in range(n):
    d = json.load(open(sources[i % len(sources)]))
    env = d["environment"]
    env["cpu_model"] = "student machine %03d" % i
    env["virtualization"], env["virtualization_detail"] = modes[i % 3]
    env["cores"] = 2 + 2 * (i % 4)
    json.dump(d, open("%s/student-%03d.json" % (out, i), "w"))
PY

load() { cut -d' ' -f1-3 /proc/loadavg; }

measure() { # COMMAND: prints the median wall time in seconds
	local cmd=$1 walls=() start end
	for r in $(seq "$ROUNDS"); do
		rm -rf "$T/out"
		start=$(date +%s.%N)
		( "$ISOLAB" "$cmd" "$T"/in/*.json --out "$T/out" >/dev/null 2>"$T/err"
		  echo $? >"$T/rc" )
		end=$(date +%s.%N)
		[ "$(cat "$T/rc")" = 0 ] || { echo "report_100_files: isolab $cmd failed: $(head -c 300 "$T/err")"; return 1; }
		walls+=("$(echo "$end - $start" | bc -l)")
	done
	printf '%s\n' "${walls[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.2f", a[int((NR + 1) / 2)] }'
}

cores=$(nproc)
echo "report_100_files: $FILES results files from $FILES machines, $ROUNDS rounds each, $cores cores"
echo "load average before: $(load)"
for cmd in plot report; do
	# times, not in a subshell: its second line is what children used.
	times >"$T/times"
	before=$(sed -n 2p "$T/times")
	median=$(measure $cmd) || continue
	times >"$T/times"
	after=$(sed -n 2p "$T/times")
	cpu=$(python3 - "$before" "$after" "$ROUNDS" <<'PY'
import sys
def secs(t):
    total = 0.0
    for part in t.split():
        m, s = part.rstrip("s").split("m")
        total += int(m) * 60 + float(s)
    return total
print("%.2f" % ((secs(sys.argv[2]) - secs(sys.argv[1])) / int(sys.argv[3])))
PY
)
	verdict=MET
	awk -v m="$median" -v t=$TARGET_S 'BEGIN { exit !(m >= t) }' && verdict=MISSED
	figures=$(ls "$T/out"/*.png 2>/dev/null | wc -l)
	echo "isolab $cmd: $median s wall (median of $ROUNDS), $cpu s CPU per round (isolab + gnuplot), $figures images; target under $TARGET_S s wall: $verdict"
done
echo "load average after: $(load)"
