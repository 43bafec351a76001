#!/usr/bin/env bash
# Runs every benchmark (`make bench`) and writes build/bench/results.json
# and results.md. Each comparison runs both sides interleaved in rounds
# and judges the median of the per-round ratios (bench/lib.sh), printed
# with its spread and the load average before and after. Exits 0 when it
# ran, whatever the verdicts: a benchmark, not a test.
#
# Environment: BUILD and BIN name the build to use (or ISOLAB and
# BENCH_BUILD, the isolab binary and the benchmark programs); BENCH_OUT (default
# BUILD/bench) where the results go; BENCH_QUICK=1 for a few runs of
# everything (checks the plumbing; the figures mean nothing);
# BENCH_SCRIPTS, a space-separated list, to run only those scripts (names
# without .sh; default all of them); BENCH_DENSITY_COUNT (see
# bench/density_vs_serial.sh).
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD:-build}
BIN=${BIN:-bin}
export ISOLAB=${ISOLAB:-$ROOT/$BIN/isolab} BENCH_BUILD=${BENCH_BUILD:-$ROOT/$BUILD/bench}
export BENCH_OUT=${BENCH_OUT:-$BENCH_BUILD}
. "$ROOT/bench/lib.sh"
# (the dashboard scripts print their own verdicts; they are not in results.json)
# density_vs_serial last: the kernel tears 1000 network namespaces down in
# its workqueues for a while after, which the dashboard rows felt (process
# agreement 0.85-0.90 in four runs with it before them, 0.92 at 100).
SCRIPTS=${BENCH_SCRIPTS:-process_vs_spawn container_vs_peers microvm_vs_qemu dashboard_cpu dashboard_agreement report_100_files density_vs_serial}

for f in "$ISOLAB" "$WORKLOAD" "$BENCH_BUILD/interleave" "$BENCH_BUILD/process_startup" "$BENCH_BUILD/host_costs" \
	"$BENCH_BUILD/density_floor"; do
	[ -x "$f" ] || { echo "bench: $f is missing (make bench builds it)" >&2; exit 1; }
done
mkdir -p "$BENCH_OUT" && : >"$BENCH_REC" || exit 1
load_before=$(bench_load)
bench_record_environment || exit 1
echo "isolab benchmarks: $(uname -sr), $(nproc) CPUs, load average $load_before$([ "$BENCH_QUICK" = 1 ] && echo ', QUICK: plumbing only')"

for s in $SCRIPTS; do
	bash "bench/$s.sh"
done
if [ -e /dev/kvm ] && [ "$BENCH_QUICK" != 1 ]; then
	echo
	echo "### KVM: one VM's life, with and without an in-kernel LAPIC (information)"
	"$BENCH_BUILD/kvm_lifecycle" 200
fi
echo
bench_results write "$BENCH_OUT"
echo "load average: $load_before before, $(bench_load) after"
