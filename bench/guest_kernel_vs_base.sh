#!/usr/bin/env bash
# guest_kernel_vs_base: the larger guest kernel (syscall table, counters,
# stack guard) against the build before it, side by side in one run.
#
# Builds BASE (default 5c9dcbd, main before the change) in a temporary git
# worktree, then alternates the two builds for ROUNDS rounds (ABAB...):
#   startup: median startup_ns of `isolab run --launcher microvm
#            --workload noop -n 20`
#   syscall: median run_ns of `--workload syscall:2000 -n 5`
# and judges the median of the per-round ratios new/old (bench/lib.sh):
# met when the new one is within 5%. A benchmark, not a test: exits 0
# either way, non-zero only when it cannot run at all. Not part of `make
# bench` (it builds a second tree): run it alone, `bash bench/guest_kernel_vs_base.sh`;
# it writes results.json and results.md to BENCH_OUT (default build/bench/guest_kernel).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH_OUT=${BENCH_OUT:-$ROOT/build/bench/guest_kernel}
. "$ROOT/bench/lib.sh"
BASE=${BASE:-5c9dcbd}
ROUNDS=${ROUNDS:-7}

if ! "$BENCH_PYTHON" -c 'import os; os.close(os.open("/dev/kvm", os.O_RDWR))' 2>/dev/null; then
	echo "SKIP guest_kernel_vs_base: cannot open /dev/kvm read-write here"
	exit 0
fi
OLD=$(mktemp -d /tmp/isolab-bench-base.XXXXXX)
T=$(mktemp -d /tmp/isolab-bench.XXXXXX)
mkdir -p "$BENCH_OUT" && : >"$BENCH_REC" && bench_record_environment || exit 1
cleanup() {
	git -C "$ROOT" worktree remove --force "$OLD" >/dev/null 2>&1
	rm -rf "$OLD" "$T"
}
trap cleanup EXIT
git -C "$ROOT" worktree add --detach "$OLD" "$BASE" >/dev/null 2>&1 ||
	{ echo "cannot check out $BASE"; exit 1; }
make -C "$OLD" -j2 all >"$OLD/build.log" 2>&1 ||
	{ echo "cannot build $BASE (see $OLD/build.log)"; exit 1; }

# measure WHICH ROUND: one round of both figures of one build (ISOLAB).
measure() {
	bench_isolab_run "$T/s.json" --launcher microvm --workload noop -n 20 --warmup 2 &&
		bench_results isolab-figure "guest.$1.startup" "$2" "$T/s.json" startup_ns &&
		bench_isolab_run "$T/c.json" --launcher microvm --workload syscall:2000 -n 5 --warmup 2 &&
		bench_results isolab-figure "guest.$1.syscall" "$2" "$T/c.json" run_ns
}

bench_section "micro-VM, this build vs $BASE ($ROUNDS interleaved rounds)"
for r in $(seq 1 "$ROUNDS"); do
	# Alternate which build goes first, so neither always runs warm.
	if [ $((r % 2)) -eq 1 ]; then order="new old"; else order="old new"; fi
	for which in $order; do
		bin=$ISOLAB
		[ "$which" = old ] && bin=$OLD/bin/isolab
		ISOLAB=$bin measure "$which" "$r" || { echo "  $which build failed: $BENCH_WHY"; exit 1; }
	done
done
bench_ratio guest.startup "guest kernel: startup, this build ÷ $BASE" guest.new.startup guest.old.startup "<=" 1.05
bench_ratio guest.syscall "guest kernel: syscall:2000 run, this build ÷ $BASE" guest.new.syscall guest.old.syscall "<=" 1.05
bench_section_end
bench_results write "$BENCH_OUT"
