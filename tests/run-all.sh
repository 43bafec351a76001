#!/usr/bin/env bash
# Runs every test: the cmocka unit tests of the normal and the sanitizer
# build, then the end-to-end scripts (the process, container, CLI and
# output ones also against the sanitizer build). Prints one closing line: "N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/.."
passed=0 failed=0 skipped=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

count_unit() { # cmocka's summary lines
	local p f
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
}

count_e2e() {
	passed=$((passed + $(grep -c '^PASS ' "$log")))
	failed=$((failed + $(grep -c '^FAIL ' "$log")))
	skipped=$((skipped + $(grep -c '^SKIP ' "$log")))
}

run_unit() { # $1: a cmocka test program
	echo "== $1"
	"$1" >"$log" 2>&1
	local rc=$?
	cat "$log"
	count_unit
	if [ $rc -ne 0 ] && ! grep -q '^\[  FAILED  \]' "$log"; then
		echo "FAIL $1: exited $rc without a cmocka summary"
		failed=$((failed + 1))
	fi
}

run_e2e() { # $1: script, $2: isolab binary
	echo "== $1 (${2})"
	ISOLAB=$2 timeout 600 bash "$1" >"$log" 2>&1
	local rc=$?
	cat "$log"
	count_e2e
	if [ $rc -ne 0 ] && ! grep -q '^FAIL ' "$log"; then
		echo "FAIL $1: exited $rc without reporting a failure"
		failed=$((failed + 1))
	fi
}

for t in build/tests/test_* build/san/tests/test_*; do
	[ -x "$t" ] && run_unit "$t"
done
for s in tests/e2e/*.sh; do
	[ "$(basename "$s")" = lib.sh ] && continue
	run_e2e "$s" "$PWD/bin/isolab"
	case $(basename "$s") in
	cli_*|process_*|container_*|output_*) run_e2e "$s" "$PWD/build/san/bin/isolab" ;;
	esac
done
echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
