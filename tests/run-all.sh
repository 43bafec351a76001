#!/usr/bin/env bash
# Runs every test: the cmocka unit tests of the normal and the sanitizer
# build, the replay of every fuzz corpus and regression input under the
# sanitizers, then the end-to-end scripts (the process, container, CLI and
# output ones also against the sanitizer build; lsan_* against it only;
# curriculum.sh beside all the others).
# Prints one closing line: "N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/.."
# The sanitizer build checks for leaks at every exit (LeakSanitizer; valgrind
# cannot follow clone3, pidfd_open or seccomp). It is ASan's default on
# x86-64; said here so that an inherited ASAN_OPTIONS cannot turn it off.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1
export UBSAN_OPTIONS=${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1
passed=0 failed=0 skipped=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

count_unit() { # cmocka's summary lines
	local p f s
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	skipped=$((skipped + ${s:-0}))
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
	if [ $rc -ne 0 ] && grep -q 'ERROR: LeakSanitizer' "$log"; then
		echo "FAIL $1: LeakSanitizer found leaks (report above)"
		failed=$((failed + 1))
	elif [ $rc -ne 0 ] && ! grep -q '^\[  FAILED  \]' "$log"; then
		echo "FAIL $1: exited $rc without a cmocka summary"
		failed=$((failed + 1))
	fi
}

run_fuzz_replay() { # $1: build/san/tests/fuzz-replay-NAME
	local name=${1##*/fuzz-replay-}
	echo "== $1"
	"$1" "$name" "tests/fuzz/corpus/$name" "tests/fuzz/regressions/$name" >"$log" 2>&1
	local rc=$?
	cat "$log"
	count_e2e
	if [ $rc -ne 0 ] && ! grep -q '^FAIL ' "$log"; then
		echo "FAIL $1: exited $rc without reporting a failure"
		failed=$((failed + 1))
	fi
}

# report_e2e SCRIPT BINARY RC SECONDS: its output (in $log), counted.
report_e2e() {
	echo "== $1 (${2})"
	cat "$log"
	echo "-- $1: $4 s" # to see where make test's time goes
	count_e2e
	if [ "$3" -ne 0 ] && ! grep -q '^FAIL ' "$log"; then
		echo "FAIL $1: exited $3 without reporting a failure"
		failed=$((failed + 1))
	fi
}

run_e2e() { # $1: script, $2: isolab binary
	local t0=$SECONDS
	ISOLAB=$2 timeout 600 bash "$1" >"$log" 2>&1
	report_e2e "$1" "$2" $? $((SECONDS - t0))
}

# curriculum.sh, the longest script (about 3 minutes of building and
# grading students' code, mostly waiting), runs beside the others, which
# hold on a busy machine as it does (make test passes with both cores
# loaded); its output is reported last. The density scripts wait for it:
# a hundred containers started at once beside its graders' namespaces
# and cgroups once took over 30 s to start under the sanitizers.
BG=tests/e2e/curriculum.sh BG_LOG=$(mktemp) DENSITY=()
trap 'rm -f "$log" "$BG_LOG" "$BG_LOG.rc"' EXIT
(t0=$SECONDS
 ISOLAB=$PWD/bin/isolab timeout 600 bash "$BG" >"$BG_LOG" 2>&1
 printf '%s %s\n' $? $((SECONDS - t0)) >"$BG_LOG.rc") &
BG_PID=$!

for t in build/tests/test_* build/san/tests/test_*; do
	[ -x "$t" ] && run_unit "$t"
done
# Every fuzz corpus input and every crash ever found, under ASan+UBSan.
for t in build/san/tests/fuzz-replay-*; do
	[ -x "$t" ] && run_fuzz_replay "$t"
done
run_e2e tests/layers.sh "$PWD/bin/isolab" # dependencies point down (README, Layout)
# run_script SCRIPT: against the normal build, and the sanitizer build
# for the process, container, CLI and output scripts.
run_script() {
	run_e2e "$1" "$PWD/bin/isolab"
	case $(basename "$1") in
	# (not cli_manpage, cli_usage, cli_readme: they hold the docs to
	# --help, which the sanitizers add nothing to, and cost 50 s)
	cli_manpage.sh|cli_usage.sh|cli_readme.sh) ;;
	cli_*|process_*|container_*|output_*) run_e2e "$1" "$PWD/build/san/bin/isolab" ;;
	esac
}

for s in tests/e2e/*.sh; do
	case $(basename "$s") in
	lib.sh|"${BG##*/}") continue ;;
	*density*) DENSITY+=("$s"); continue ;;
	lsan_*) run_e2e "$s" "$PWD/build/san/bin/isolab"; continue ;; # leak loops: sanitizer build only
	esac
	run_script "$s"
done
wait "$BG_PID"
cp "$BG_LOG" "$log"
read -r bg_rc bg_secs <"$BG_LOG.rc" || bg_rc=1 bg_secs=0
report_e2e "$BG" "$PWD/bin/isolab" "$bg_rc" "$bg_secs"
for s in "${DENSITY[@]}"; do
	run_script "$s"
done
echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
