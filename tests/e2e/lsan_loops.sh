# Long loops of each launcher in one isolab process, under the sanitizer
# build with LeakSanitizer on: whatever one run leaks, many runs leak many
# times, and LSan reports it when isolab exits. Error paths (a crash, a
# timeout) loop too. Only meaningful against build/san (run-all.sh runs
# it there); valgrind cannot follow clone3, pidfd_open or seccomp.
#
# Counts: 1000 runs where a run is cheap. Under ASan on a loaded 2-core
# machine a container run took ~0.33 s and a fork run ~0.09 s, so 1000 of
# those would take `make test` past its budget; they run fewer, and say
# so in a SKIP line. 1000 micro-VM runs in one process are
# tests/unit/test_microvm_leak.c, which the sanitizer pass also runs.
. "$(dirname "$0")/lib.sh"

if ! isolab_is_sanitized; then
	skip "leak loops" "$ISOLAB is not the sanitizer build (make SAN=1 BUILD=build/san BIN=build/san/bin)"
	finish
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1
export LSAN_OPTIONS=${LSAN_OPTIONS:+$LSAN_OPTIONS:}exitcode=23

# loop NAME N WORKLOAD [isolab options]: N runs, all of them ending as the
# workload does, and no sanitizer report at exit.
loop() {
	local name=$1 n=$2 workload=$3
	shift 3
	local start=$SECONDS
	capture "$ISOLAB" run --warmup 0 -n "$n" --workload "$workload" \
		--format json --output "$TEST_TMP/loop.json" "$@"
	local runs
	runs=$(json_get "$TEST_TMP/loop.json" 'len(d["runs"])' 2>/dev/null || echo 0)
	check "$name: $n runs in one process, LeakSanitizer clean (rc $RC, $runs runs, $((SECONDS - start)) s)" \
		test "$RC" -ne 23 -a "$runs" -eq "$n" \
		-a -z "$(grep -E 'LeakSanitizer|AddressSanitizer|runtime error' "$TEST_TMP/err")"
}

loop "process --spawn vfork" 1000 noop --launcher process --spawn vfork
skip "process --spawn fork, 1000 runs under ASan" "~90 s on a loaded machine; this loop runs 50"
loop "process --spawn fork" 50 noop --launcher process --spawn fork
loop "process --spawn posix_spawn" 50 noop --launcher process --spawn posix_spawn
loop "process, crashing workload" 20 crash --launcher process
loop "process, timed-out workload" 10 hang --launcher process --timeout 0.05

if [ "$(id -u)" = 0 ]; then
	skip "container, 1000 runs under ASan" "~5 min on a loaded machine; this loop runs 100"
	loop "container" 100 noop --launcher container
	loop "container, crashing workload" 10 crash --launcher container
	loop "container, timed-out workload" 5 hang --launcher container --timeout 0.05
else
	loop "container (rootless)" 50 noop --launcher container
fi

if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	loop "microvm" 100 noop --launcher microvm
	loop "microvm, crashing workload" 10 crash --launcher microvm
	loop "microvm, timed-out workload" 5 hang --launcher microvm --timeout 0.05
else
	skip "microvm leak loops" "cannot open /dev/kvm read-write here"
fi
finish
