# isolab density with the process launcher: 1000 at once, nothing left
# behind, and a clean partial result when a limit stops it.
. "$(dirname "$0")/lib.sh"
own_cgroups

capture "$ISOLAB" density --launcher process --spawn vfork --count 1,10,1000 --format json --output "$TEST_TMP/d.json"
check "density 1,10,1000 succeeds" test "$RC" -eq 0
check "all 1000 instances became ready" \
	test "$(json_get "$TEST_TMP/d.json" '[s["ready"] for s in d["density"]]')" = "[1, 10, 1000]"
check "time until all ready is recorded" \
	test "$(json_get "$TEST_TMP/d.json" 'all(s["all_ready_ns"] > 0 for s in d["density"])')" = True
check "memory of 1000 instances is recorded" \
	test "$(json_get "$TEST_TMP/d.json" 'd["density"][2]["memory_kib"] > 0')" = True
check "no workload left running after density" test -z "$(own_processes "isolab-workload idle")"
check "each step names the launcher's options (--spawn vfork)" \
	test "$(json_get "$TEST_TMP/d.json" 'all(s["options"] == {"spawn": "vfork"} for s in d["density"])')" = True

if id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null; then
	# RLIMIT_NPROC counts nobody's tasks: isolab's threads and workloads.
	capture setpriv --reuid=65534 --regid=65534 --clear-groups -- \
		bash -c "ulimit -u 60; exec '$ISOLAB' density --launcher process --count 200 --timeout 5"
	check "a limit stops density partway with exit 1" test "$RC" -eq 1
	check "it says how far it got" grep -q "density stopped at [0-9]* of 200" "$TEST_TMP/err"
	check "the partial table is printed" grep -q "^ *200 " "$TEST_TMP/out"
	check "no workload left running after the partial run" test -z "$(own_processes "isolab-workload idle")"
else
	skip "density stopped by a limit" "needs user nobody and setpriv"
fi

# A low soft open-file limit (1024 on most machines) does not stop a step
# that needs more fds: density raises it to the hard limit.
if [ "$(ulimit -Hn)" = unlimited ] || [ "$(ulimit -Hn)" -ge 2048 ]; then
	capture bash -c 'ulimit -Sn 64 && exec "$@"' _ "$ISOLAB" density --launcher process --count 40 --format json --output "$TEST_TMP/fdlimit.json"
	check "density under a soft limit of 64 open files: all 40 ready" \
		test "$RC" -eq 0 -a "$(json_get "$TEST_TMP/fdlimit.json" '[s["ready"] for s in d["density"]]')" = "[40]"
else
	skip "density under a low soft open-file limit" "the hard limit ($(ulimit -Hn)) is too low to raise to"
fi
expect_usage_error "density --count 0" density --launcher process --count 0
expect_usage_error "density --count x" density --launcher process --count 1,x
expect_usage_error "density without --launcher" density
finish
