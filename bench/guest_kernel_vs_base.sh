#!/usr/bin/env bash
# guest_kernel_vs_base: the larger guest kernel (syscall table, counters,
# stack guard) against the build before it, side by side in one run.
#
# Builds BASE (default 5c9dcbd, main before the change) in a temporary git
# worktree, then alternates the two builds for ROUNDS rounds (ABAB...):
#   startup: median startup_ns of `isolab run --launcher microvm
#            --workload noop -n 20`
#   syscall: median run_ns of `--workload syscall:2000 -n 5`
# and reports the median over the rounds of each, the ratio new/old and
# PASS when the new one is within 5% (MISS otherwise). A benchmark, not a
# test: exits 0 either way, non-zero only when it cannot run at all.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ISOLAB=${ISOLAB:-$ROOT/bin/isolab}
BASE=${BASE:-5c9dcbd}
ROUNDS=${ROUNDS:-7}

if ! python3 -c 'import os; os.close(os.open("/dev/kvm", os.O_RDWR))' 2>/dev/null; then
	echo "SKIP guest_kernel_vs_base: cannot open /dev/kvm read-write here"
	exit 0
fi
OLD=$(mktemp -d /tmp/isolab-bench-base.XXXXXX)
cleanup() {
	git -C "$ROOT" worktree remove --force "$OLD" >/dev/null 2>&1
	rm -rf "$OLD"
}
trap cleanup EXIT
git -C "$ROOT" worktree add --detach "$OLD" "$BASE" >/dev/null 2>&1 ||
	{ echo "cannot check out $BASE"; exit 1; }
make -C "$OLD" -j2 all >"$OLD/build.log" 2>&1 ||
	{ echo "cannot build $BASE (see $OLD/build.log)"; exit 1; }

median_of() { # JSON-FILE METRIC
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(int(d["summary"][0][sys.argv[2]]["median"]))' "$1" "$2"
}
measure() { # ISOLAB WORKLOAD N METRIC
	local out
	out=$(mktemp /tmp/isolab-bench.XXXXXX.json)
	"$1" run --launcher microvm --workload "$2" -n "$3" --warmup 2 \
		--format json --output "$out" >/dev/null 2>&1 && median_of "$out" "$4"
	rm -f "$out"
}

declare -a new_start old_start new_sys old_sys
for r in $(seq 1 "$ROUNDS"); do
	# Alternate which build goes first, so neither always runs warm.
	if [ $((r % 2)) -eq 1 ]; then order="new old"; else order="old new"; fi
	for which in $order; do
		bin=$ISOLAB
		[ "$which" = old ] && bin=$OLD/bin/isolab
		s=$(measure "$bin" noop 20 startup_ns)
		c=$(measure "$bin" syscall:2000 5 run_ns)
		eval "${which}_start+=(\"$s\")"
		eval "${which}_sys+=(\"$c\")"
	done
done

report() { # LABEL "NEW..." "OLD..."
	python3 - "$@" <<'PY'
import statistics, sys
label, new, old = sys.argv[1], list(map(int, sys.argv[2].split())), list(map(int, sys.argv[3].split()))
n, o = statistics.median(new), statistics.median(old)
ratio = n / o
print(f"{label:8} new {n/1e3:10.1f} us   old {o/1e3:10.1f} us   new/old {ratio:.3f}   "
      f"{'PASS' if ratio <= 1.05 else 'MISS'} (<= 1.05)")
PY
}
echo "micro-VM, $ROUNDS interleaved rounds, this build vs $BASE (medians of per-round medians)"
report startup "${new_start[*]}" "${old_start[*]}"
report syscall "${new_sys[*]}" "${old_sys[*]}"
