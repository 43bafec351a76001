# Attacks from inside a container (issue 9), run by tests/e2e/ct_hostile.c:
#  - the CAP_SYS_ADMIN escape: unmount the /proc/sys cover, write host
#    sysctls, remount the /dev/null bind read-write, chmod/chown it;
#  - what Docker masks in /proc;
#  - what a curious student tries with the defaults, and the pids and
#    memory limits against a fork bomb and a memory bomb.
# Every step must be refused, and the host is checked afterwards.
. "$(dirname "$0")/lib.sh"

HOSTILE=$TEST_TMP/ct_hostile
if ! gcc -static -O2 -o "$HOSTILE" "$ROOT/tests/e2e/ct_hostile.c" 2>"$TEST_TMP/cc"; then
	skip "container escapes" "cannot build ct_hostile.c with gcc -static: $(head -c 200 "$TEST_TMP/cc")"
	finish
fi
chmod 755 "$TEST_TMP" "$HOSTILE"

# refused STEP...: each STEP printed "refused" (not ALLOWED, not missing).
all_refused() {
	local prefix=$1 step
	shift
	for step in "$@"; do
		check "$prefix: $step is refused" grep -q "^$step refused " "$TEST_TMP/out"
	done
}
none_allowed() {
	check "$1: no step got through ($(grep ALLOWED "$TEST_TMP/out" | tr '\n' ';'))" \
		test "$RC" -eq 0 -a -n "$OUT" -a -z "$(grep ALLOWED "$TEST_TMP/out")"
}

escape_steps="umount-proc-sys umount-proc-sys-detach write-core_pattern write-swappiness remount-dev-null-rw chmod-dev-null chown-dev-null"
if [ "$(id -u)" -eq 0 ]; then
	core_before=$(cat /proc/sys/kernel/core_pattern)
	for opts in "" "--userns host-root" "--seccomp off"; do
		what="keep:CAP_SYS_ADMIN${opts:+ $opts}"
		ctime_before=$(stat -c %Z /dev/null)
		capture "$ISOLAB" exec --launcher container --caps keep:CAP_SYS_ADMIN $opts --binary "$HOSTILE" -- escape
		none_allowed "escape ($what)"
		all_refused "escape ($what)" $escape_steps
		check "escape ($what): the host's /dev/null ctime is unchanged" \
			test "$(stat -c %Z /dev/null)" = "$ctime_before"
	done
	check "escape: kernel.core_pattern is unchanged" \
		test "$(cat /proc/sys/kernel/core_pattern)" = "$core_before"
else
	skip "CAP_SYS_ADMIN escape as root" "needs root"
fi

capture "$ISOLAB" exec --launcher container --binary "$HOSTILE" -- masked
none_allowed "Docker's /proc masks"
for f in keys timer_list kcore sched_debug latency_stats; do
	[ -e /proc/$f ] && check "/proc/$f reads empty inside" grep -q "^read-/proc/$f hidden empty" "$TEST_TMP/out"
done
for d in scsi acpi asound; do
	[ -d /proc/$d ] && check "/proc/$d is empty inside" grep -q "^list-/proc/$d hidden empty" "$TEST_TMP/out"
done

hostile_steps="write-proc-sys-hostname write-proc-sys-core_pattern remount-proc-rw mount-new-proc keyctl-join-session open-/dev/mem open-/dev/kmsg open-/dev/sda open-/dev/kvm open-/dev/console mknod-sda reboot sethostname create-/escape-test create-/bin/escape-test create-/dev/escape-test create-/proc/escape-test create-/../../../../tmp/escape-test unshare-user"
hostile_run() { # NAME [prefix command...]: ct_hostile hostile, default options
	local name=$1 host_name mounts
	shift
	host_name=$(hostname)
	mounts=$(grep -c . /proc/self/mountinfo)
	capture "$@" "$ISOLAB" exec --launcher container --binary "$HOSTILE" -- hostile
	none_allowed "$name"
	all_refused "$name" $hostile_steps
	for hidden in see-host-processes see-host-mounts see-host-root; do
		check "$name: $hidden finds nothing" grep -q "^$hidden hidden" "$TEST_TMP/out"
	done
	# Its parent is isolab-init, not isolab: not dumpable, so not its to trace.
	check "$name: ptrace-parent: isolab-init refuses (EPERM)" \
		grep -q "^ptrace-parent refused EPERM" "$TEST_TMP/out"
	check "$name: the host name is unchanged" test "$(hostname)" = "$host_name"
	check "$name: no new mount in our namespace" test "$(grep -c . /proc/self/mountinfo)" -eq "$mounts"
	check "$name: nothing written outside the rootfs" test ! -e /escape-test -a ! -e /tmp/escape-test
}
hostile_run "hostile workload"
if [ "$(id -u)" -eq 0 ] && setpriv --reuid=65534 --regid=65534 --clear-groups unshare -U true 2>/dev/null &&
	setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$ISOLAB"; then
	hostile_run "hostile workload, rootless" setpriv --reuid=65534 --regid=65534 --clear-groups
else
	skip "hostile workload, rootless" "needs root to switch to nobody, and unprivileged user namespaces"
fi

# Bombs against the limits: the limit holds, nothing survives.
capture "$ISOLAB" run --launcher container --workload noop -n 1 --warmup 0 --format json --output "$TEST_TMP/probe.json"
note=$(json_get "$TEST_TMP/probe.json" 'd["runs"][0]["note"]' 2>/dev/null)
if [ -n "$note" ]; then
	skip "fork and memory bombs" "$note"
	finish
fi
tag=ct-escape-bomb-$$
capture "$ISOLAB" exec --launcher container --cgroup pids=16 --binary "$OWN_WORKLOAD" -- forkbomb $tag
forks=$(sed -n 's/^forks=//p' "$TEST_TMP/out")
check "fork bomb stops at the pids limit (pids=16: ${forks:-?} forks)" test "${forks:-99}" -le 15 -a "$RC" -eq 0
check "fork bomb: no child survives" test -z "$(pgrep -f " $tag$" || true)"
capture "$ISOLAB" exec --launcher container --cgroup mem=32M --binary "$OWN_WORKLOAD" -- mem:256 $tag
check "memory bomb is OOM-killed at mem=32M (exit 137)" test "$RC" -eq 137
check "memory bomb: nothing survives" test -z "$(pgrep -f " $tag$" || true)"
finish
