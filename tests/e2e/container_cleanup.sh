# Nothing outlives a container run: processes, cgroups, mounts - after
# success, failure, timeout, SIGINT and SIGTERM. Bad input exits 2.
. "$(dirname "$0")/lib.sh"
private_mounts "$@"
own_cgroups

# Workloads run with a tag as an extra argument, so that other isolab runs on this
# machine do not count as leaks.
TAG=ct-leak-$$
ours() { pgrep -f " $TAG$" || true; }
ct() { capture "$ISOLAB" exec --launcher container "$@"; }
mounts_before=$(mount_count)
no_leaks() { # NAME
	check "$1: no workload process left" test -z "$(ours)"
	check_no_leftover_cgroups "$1: no cgroup left"
	check "$1: no mount left on the host" \
		test "$(mount_count)" -eq "$mounts_before" -a -z "$(grep isolab-rootfs /proc/self/mountinfo)"
}

ct --binary "$WORKLOAD" -- hello $TAG
check "success run exits 0" test "$RC" -eq 0
no_leaks "after success"
ct --binary "$WORKLOAD" -- crash $TAG
check "crash exits 128+SIGSEGV" test "$RC" -eq 139
no_leaks "after a crash"
ct --binary /bin/true
check "a missing dynamic loader is refused" test "$RC" -ne 0
no_leaks "after a refused binary"
ct --timeout 0.4 --binary "$WORKLOAD" -- hang $TAG
check "timeout exits 124" test "$RC" -eq 124
no_leaks "after a timeout"
ct --timeout 5 --ns pid,user,mnt --cgroup pids=16 --binary "$WORKLOAD" -- forkbomb $TAG
no_leaks "after a fork bomb"
ct --timeout 0.5 --ns user,mnt,uts --binary "$WORKLOAD" -- forkbomb $TAG
check "fork bomb without a pid namespace ends" test "$RC" -ne 2
no_leaks "after a timeout without a pid namespace"

for sig in INT TERM; do
	"$ISOLAB" exec --launcher container --timeout 30 --binary "$WORKLOAD" -- hang $TAG >/dev/null 2>&1 &
	pid=$!
	sleep 0.5
	kill -$sig $pid
	start=$(date +%s%N)
	wait $pid
	rc=$?
	ms=$((($(date +%s%N) - start) / 1000000))
	check "SIG$sig stops isolab well before its 30 s timeout (rc $rc, ${ms} ms)" test "$rc" -ne 0 -a "$ms" -lt 15000
	no_leaks "after SIG$sig"
done
"$ISOLAB" run --launcher container --binary "$WORKLOAD" -n 3 --timeout 30 -- hang $TAG >/dev/null 2>&1 &
pid=$!
sleep 0.6
kill -INT $pid
wait $pid
no_leaks "after SIGINT during isolab run"

for bad in "--ns pid,bogus" "--ns ''" "--cgroup mem=-1" "--cgroup pids=abc" \
	"--cgroup cpu=50" "--caps keep:CAP_NOPE" "--seccomp loose" "--net bridge" \
	"--ns net --net host" "--net host --ns all" "--ns pid --hostname x" "--hostname bad_name"; do
	eval "expect_usage_error \"bad input exits 2: $bad\" run --launcher container $bad"
done
no_leaks "after bad input"
finish
