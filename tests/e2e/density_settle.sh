# isolab density's self-check never reports a false leak (issue 15): 200
# steps of 10 instances each, with the container and micro-VM launchers,
# all succeed. A thread that pthread_join() already returned for can still
# be listed in /proc/self/task for a moment; the check waits for it (up to
# 100 ms) before calling anything a leak. Takes ~35 s per launcher on an
# idle 2-core machine (16 steps per invocation, 13 invocations).
. "$(dirname "$0")/lib.sh"

STEPS=200
PER_RUN=16

# density_steps LAUNCHER: runs STEPS steps of 10; sets NFAILED (failed
# invocations) and FIRST_FAILURE.
density_steps() {
	local launcher=$1 done=0 n counts
	NFAILED=0
	FIRST_FAILURE=""
	while [ "$done" -lt "$STEPS" ]; do
		n=$((STEPS - done < PER_RUN ? STEPS - done : PER_RUN))
		counts=$(printf '10,%.0s' $(seq "$n"))
		capture "$ISOLAB" density --launcher "$launcher" --count "${counts%,}" --format json
		if [ "$RC" -ne 0 ]; then
			NFAILED=$((NFAILED + 1))
			[ -n "$FIRST_FAILURE" ] || FIRST_FAILURE="rc=$RC $(printf %s "$ERR" | head -c 300)"
		fi
		done=$((done + n))
	done
}

# expect_no_failure LAUNCHER
expect_no_failure() {
	density_steps "$1"
	if [ "$NFAILED" -eq 0 ]; then
		pass "$1: $STEPS density steps of 10, no failure"
	else
		fail "$1: $STEPS density steps of 10, no failure" \
			"$NFAILED of $(((STEPS + PER_RUN - 1) / PER_RUN)) invocations failed; first: $FIRST_FAILURE"
	fi
}

expect_no_failure container

if [ -c /dev/kvm ] && "$ISOLAB" exec --launcher microvm -- noop >/dev/null 2>&1; then
	expect_no_failure microvm
else
	skip "microvm: $STEPS density steps of 10" "no usable /dev/kvm here"
fi
finish
