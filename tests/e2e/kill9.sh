# kill -9 at every phase: isolab is SIGKILLed right after each named
# startup phase of each launcher (ISOLAB_TEST_STOP_AT=PHASE makes it stop
# itself there, lab/core/launch.c), then nothing may be left: no workload
# process, no mount, and any cgroup named after the killed isolab is
# removed by the next run (empty) or by `isolab doctor --cleanup` (with
# processes inside), which `isolab doctor` lists first.
#
# Everything is found by what this script made: the killed isolab's pid in
# cgroup names, a token in the workload's argv. As root the script runs in
# a private mount namespace, so that its mount table changes only by what
# its own isolab does.
if [ "$(id -u)" = 0 ] && [ -z "${KILL9_PRIVATE:-}" ] &&
	command -v unshare >/dev/null; then
	KILL9_PRIVATE=1 exec unshare -m --propagation private bash "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"

# Private: the whole table must be as it was. Otherwise (not root) other
# users' mounts may come and go: look for isolab's only.
if [ -n "${KILL9_PRIVATE:-}" ]; then
	mounts() { cat /proc/self/mountinfo; }
else
	mounts() { grep isolab /proc/self/mountinfo; }
fi
MOUNTS_BEFORE=$(mounts)
cgroups_of() { # PID: cgroups named after that isolab
	find /sys/fs/cgroup -maxdepth 8 -type d -name "isolab-ct-$1-*" 2>/dev/null
}
procs_with() { pgrep -f -- "$1" || true; }
listed_with_one() { # PID: doctor's last output lists its cgroup, 1 process in it
	grep -A1 "isolab-ct-$1-" "$TEST_TMP/out" | grep -q "1 process inside"
}

# wait_until SECONDS CMD...: poll until CMD succeeds.
wait_until() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.05
	done
}
stopped() { [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = T ]; }
gone() { [ -z "$(procs_with "$1")" ]; }
present() { [ -n "$(procs_with "$1")" ]; }

# stop_at PHASE ISOLAB-ARGS...: start isolab with the hook, wait until it
# has stopped itself there; sets KPID (0 if it never got there).
stop_at() {
	local phase=$1
	shift
	ISOLAB_TEST_STOP_AT=$phase "$ISOLAB" "$@" >"$TEST_TMP/k9out" 2>"$TEST_TMP/k9err" </dev/null &
	KPID=$!
	if ! wait_until 20 stopped $KPID; then
		kill -9 $KPID 2>/dev/null
		wait $KPID 2>/dev/null
		KPID=0
	fi
}

kill9() {
	kill -9 "$KPID"
	kill -CONT "$KPID" 2>/dev/null
	wait "$KPID" 2>/dev/null
}

# after_kill NAME TOKEN: the checks every kill is followed by.
after_kill() {
	local name=$1 token=$2 left
	check "$name: no workload process left" wait_until 5 gone "$token"
	check "$name: no mount left" test "$(mounts)" = "$MOUNTS_BEFORE"
	left=$(cgroups_of "$KPID")
	REMOVED_BY=nothing-left
	if [ -n "$left" ]; then
		# The next isolab run removes the empty ones...
		"$ISOLAB" exec --launcher process -- noop >/dev/null 2>&1
		left=$(cgroups_of "$KPID")
		REMOVED_BY=next-run
	fi
	if [ -n "$left" ]; then
		REMOVED_BY=doctor
		# ... and doctor --cleanup the rest, after doctor listed them.
		capture "$ISOLAB" doctor
		check "$name: doctor lists the leftover cgroups" \
			grep -q "isolab-ct-$KPID-" "$TEST_TMP/out"
		capture "$ISOLAB" doctor --cleanup
	fi
	check "$name: no cgroup left after the next run or doctor --cleanup" \
		test -z "$(cgroups_of "$KPID")"
}

# kill_at LAUNCHER-LABEL PHASE ISOLAB-ARGS... (the workload's argv ends
# with a token of its own)
kill_at() {
	local label=$1 phase=$2 token=k9-$$-$RANDOM$RANDOM
	shift 2
	stop_at "$phase" "$@" "$token"
	if [ "$KPID" = 0 ]; then
		fail "$label: kill -9 at '$phase'" "isolab never stopped at this phase: $(head -c 300 "$TEST_TMP/k9err")"
		return
	fi
	kill9
	after_kill "$label: kill -9 at '$phase'" "$token"
}

# --- process launcher: the workload dies with isolab (PDEATHSIG) ---
for spawn in fork vfork; do
	phases="exec"
	[ $spawn = fork ] && phases="fork exec"
	for phase in $phases; do
		kill_at "process --spawn $spawn" "$phase" exec --launcher process \
			--spawn $spawn --timeout 60 --binary "$OWN_WORKLOAD" -- hang
	done
done
# posix_spawn runs no code of ours in the child, so it cannot set
# PDEATHSIG: as README.md and the man page say, its workload outlives a
# SIGKILLed isolab. The claim is checked, and the orphan ended here.
token=k9-$$-$RANDOM$RANDOM
stop_at exec exec --launcher process --spawn posix_spawn --timeout 60 \
	--binary "$OWN_WORKLOAD" -- hang "$token"
if [ "$KPID" = 0 ]; then
	fail "process --spawn posix_spawn: kill -9 at 'exec'" "isolab never stopped there"
else
	kill9
	check "process --spawn posix_spawn: the workload outlives a SIGKILLed isolab, as documented" \
		present "$token"
	orphans=$(procs_with "$token")
	[ -n "$orphans" ] && kill -9 $orphans
	check "process --spawn posix_spawn: the test ended that orphan" wait_until 5 gone "$token"
fi

# --- container, every namespace: pid 1 (isolab-init) dies with isolab ---
if "$ISOLAB" exec --launcher container -- noop >/dev/null 2>&1; then
	for phase in prepare clone cgroup exec; do
		kill_at "container" "$phase" exec --launcher container \
			--timeout 60 --binary "$OWN_WORKLOAD" -- hang
	done
	# Killed after its cgroups were made, isolab leaves them; they are
	# empty once pid 1 died with it, and the next run removes them.
	check "container: the cgroups left at 'exec' went with the next run" \
		test "$REMOVED_BY" = next-run
	for phase in clone exec; do
		kill_at "container --ns user,mnt" "$phase" exec --launcher container \
			--ns user,mnt --timeout 60 --binary "$OWN_WORKLOAD" -- hang
	done
else
	skip "container: kill -9" "the container launcher cannot run here"
fi

# --- container without a pid namespace: the workload's children never had
# PDEATHSIG; they outlive isolab in its cgroup until doctor --cleanup ---
BUSYBOX=$(command -v busybox)
if [ "$(id -u)" = 0 ] && [ -n "$BUSYBOX" ] && [ -d /sys/fs/cgroup ]; then
	n=$$$RANDOM
	stop_at exec exec --launcher container --ns user --timeout 60 \
		--binary "$BUSYBOX" -- sh -c "busybox sleep 1$n & exec busybox sleep 2$n"
	if [ "$KPID" = 0 ]; then
		fail "container --ns user: kill -9 at 'exec'" "isolab never stopped there"
	else
		wait_until 5 present "sleep 1$n"
		kill9
		check "container --ns user: pid 1 died with isolab" wait_until 5 gone "sleep 2$n"
		check "container --ns user: its child outlived isolab, in a cgroup named after it" \
			test -n "$(procs_with "sleep 1$n")" -a -n "$(cgroups_of "$KPID")"
		capture "$ISOLAB" doctor
		check "doctor lists the cgroup with a process inside" listed_with_one "$KPID"
		check "doctor without --cleanup leaves it alone" present "sleep 1$n"
		capture "$ISOLAB" doctor --cleanup
		check "doctor --cleanup kills what was inside" wait_until 5 gone "sleep 1$n"
		check "doctor --cleanup removes the cgroups" test -z "$(cgroups_of "$KPID")"
		check "doctor --cleanup says so" grep -q "\[gone\] .*isolab-ct-$KPID-" "$TEST_TMP/out"
	fi
else
	skip "container --ns user: orphans in the cgroup" "needs root, busybox and cgroups"
fi

# --- the workload cannot clear PDEATHSIG under the default profile; with
# --seccomp off it can, which does not matter under isolab-init (the init's
# PDEATHSIG ends the whole pid namespace); without a pid namespace the
# workload then outlives isolab and its cgroup is the way to end it ---
cat >"$TEST_TMP/nopdeath.c" <<'EOF'
#include <errno.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>
int main(void)
{
	int rc = prctl(PR_SET_PDEATHSIG, 0);
	printf("clear=%d errno=%d\n", rc, rc ? errno : 0);
	fflush(stdout);
	for (;;)
		pause();
}
EOF
if command -v cc >/dev/null &&
	cc -static -O2 -o "$TEST_TMP/nopdeath" "$TEST_TMP/nopdeath.c" 2>/dev/null; then
	for case in default:all off:all off:user,mnt,uts,ipc,net; do
		seccomp=${case%%:*} ns=${case#*:}
		token=k9-$$-$RANDOM$RANDOM
		stop_at exec exec --launcher container --seccomp $seccomp --ns $ns --timeout 60 \
			--binary "$TEST_TMP/nopdeath" -- "$token"
		if [ "$KPID" = 0 ]; then
			fail "--seccomp $seccomp --ns $ns: clearing PDEATHSIG" "isolab never stopped at exec"
			continue
		fi
		wait_until 5 grep -q clear= "$TEST_TMP/k9out"
		kill9
		if [ $seccomp = default ]; then
			check "--seccomp default: prctl(PR_SET_PDEATHSIG, 0) is refused" \
				grep -q "clear=-1 errno=1$" "$TEST_TMP/k9out"
			after_kill "--seccomp default: kill -9 after the workload tried" "$token"
			continue
		fi
		if [ $ns = all ]; then
			check "--seccomp off: the workload cleared its PDEATHSIG" \
				grep -q "clear=0 errno=0$" "$TEST_TMP/k9out"
			after_kill "--seccomp off: isolab-init still ends it with isolab" "$token"
			continue
		fi
		check "--seccomp off, no pid namespace: the workload cleared PDEATHSIG and outlived isolab" \
			test -n "$(procs_with "$token")" -a -n "$(cgroups_of "$KPID")"
		capture "$ISOLAB" doctor --cleanup
		check "--seccomp off, no pid namespace: doctor --cleanup ends it through its cgroup" \
			wait_until 5 gone "$token"
		check "--seccomp off, no pid namespace: and removes the cgroups" test -z "$(cgroups_of "$KPID")"
	done
else
	skip "clearing PDEATHSIG" "no C compiler with a static libc"
fi

# --- micro-VM: everything is inside isolab's own process ---
if "$ISOLAB" exec --launcher microvm -- noop >/dev/null 2>&1; then
	# /dev/kvm is opened once, by the launcher's session, before any run;
	# the phases below are each run's. seccomp and guest kernel are marked
	# on the confined vCPU thread (microvm/seccomp.h: the stop hook).
	for phase in vm memory load vcpu seccomp "guest kernel"; do
		kill_at "microvm" "$phase" exec --launcher microvm --timeout 60 \
			--binary "$OWN_WORKLOAD" -- hang
	done
else
	skip "microvm: kill -9" "the micro-VM launcher cannot run here"
fi
finish
