#!/usr/bin/env bash
# Runs every benchmark. Each prints its own medians and ratios, measured in
# the same invocation against its baseline, with PASS/MISS per target.
# Called by `make bench` (BUILD and BIN name the build to use).
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
BIN=${BIN:-bin}
export ISOLAB=$PWD/$BIN/isolab

echo "### process launcher startup"
"$BUILD/bench/process_startup" 300 "$PWD/$BIN/isolab-workload"
echo
echo "### KVM: one VM's life, with and without an in-kernel LAPIC"
"$BUILD/bench/kvm_lifecycle" 200
for script in bench/*_vs_*.sh; do
	[ -f "$script" ] || continue
	echo
	echo "### $(basename "$script" .sh)"
	bash "$script"
done
echo
echo "### plot and report for a class: 100 results files"
bash bench/report_100_files.sh
