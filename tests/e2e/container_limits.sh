# cgroup limits: memory (OOM kill reported), pids (fork bomb stopped), cpu.
. "$(dirname "$0")/lib.sh"

run_json() { # NAME WORKLOAD [options]: one run, JSON in $TEST_TMP/NAME.json
	local name=$1 workload=$2
	shift 2
	capture "$ISOLAB" run --launcher container --workload "$workload" -n 1 \
		--warmup 0 --timeout 20 --format json --output "$TEST_TMP/$name.json" "$@"
}
get() { json_get "$TEST_TMP/$1.json" "$2"; }

run_json probe noop
note=$(get probe 'd["runs"][0]["note"]')
if [ "$note" != "" ]; then
	skip "cgroup limits" "$note"
	finish
fi

run_json oom mem:256 --cgroup mem=32M
check "mem:256 under mem=32M is killed (SIGKILL)" test "$(get oom 'd["runs"][0]["signal"]')" = 9
check "... and reported as OOM-killed" test "$(get oom 'd["runs"][0]["oom_killed"]')" = True
run_json fits mem:16 --cgroup mem=64M
check "mem:16 under mem=64M runs to the end, no OOM" \
	test "$(get fits 'd["runs"][0]["exit_code"]')" = 0 -a "$(get fits 'd["runs"][0]["oom_killed"]')" = False
capture "$ISOLAB" exec --launcher container --cgroup mem=32M -- mem:256
check "exec: OOM-killed workload exits 137" test "$RC" -eq 137
check "exec: ... and says the memory limit killed it ($ERR)" \
	test "$ERR" = "isolab: mem:256 was killed by the memory limit (--cgroup mem=32M)"

run_json bomb forkbomb --cgroup pids=32
forks=$(get bomb 'd["runs"][0]["results"].get("forks", "-1")')
errno=$(get bomb 'd["runs"][0]["results"].get("errno", "-1")')
# The limit counts every process of the container: isolab-init, the
# workload and its forks.
check "pids=32 stops the fork bomb at 30 forks, isolab-init and the workload counted ($forks)" test "$forks" -eq 30
check "... with EAGAIN ($errno)" test "$errno" -eq 11
check "... and the run ends cleanly" test "$(get bomb 'd["runs"][0]["exit_code"]')" = 0
tag=ct-bomb-$$
capture "$ISOLAB" exec --launcher container --cgroup pids=32 --binary "$WORKLOAD" -- forkbomb $tag
check "no fork bomb child survives" test -z "$(pgrep -f " $tag$" || true)"

# cpu=10%: judged by what the cgroup reports (enforcement periods that ran
# out of quota, time held back), never by wall time, which a busy machine
# stretches for every run alike. A CPU-bound loop of ~75 ms of CPU time
# needs at least 10% of a CPU in some period to be throttled, which it gets
# unless the machine has more than ~10 runnable tasks per core.
run_json slow cpu:30000000 --cgroup cpu=10%
periods=$(get slow 'd["runs"][0]["counters"].get("cgroup_cpu_periods", -1)')
throttled=$(get slow 'd["runs"][0]["counters"].get("cgroup_cpu_throttled_periods", -1)')
held_us=$(get slow 'd["runs"][0]["counters"].get("cgroup_cpu_throttled_us", -1)')
check "cpu=10% throttles a CPU-bound run ($throttled of $periods periods, held back ${held_us} us)" \
	test "$throttled" -ge 1 -a "$periods" -ge 2 -a "$held_us" -gt 0
run_json free cpu:30000000 --cgroup mem=64M
check "without a cpu limit nothing is throttled (no cpu counters)" \
	test "$(get free '"cgroup_cpu_periods" in d["runs"][0]["counters"]')" = False

run_json footprint mem:64 --cgroup mem=256M
# VmHWM comes from per-CPU batched RSS counters: it can read a little low.
check "footprint: workload peak about 64 MiB" test "$(get footprint 'd["runs"][0]["workload_peak_kib"]')" -ge $((65536 * 98 / 100))
check "footprint: cgroup overhead measured (> 0)" test "$(get footprint 'd["runs"][0]["overhead_kib"]')" -gt 0
# mem=1, 1K and 64K failed three different ways at run time; now one line
# up front, naming the minimum.
for m in 1 1K 64K 256K; do
	expect_usage_error "--cgroup mem=$m is refused up front" run --launcher container --cgroup mem=$m -n 1 --warmup 0
	check "--cgroup mem=$m names the minimum" grep -q "mem=$m is below the minimum 512K" "$TEST_TMP/err"
done
capture "$ISOLAB" exec --launcher container --cgroup mem=512K -- noop
check "--cgroup mem=512K (the minimum) starts the workload" test "$RC" -eq 0
finish
