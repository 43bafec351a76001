# isolab doctor --cleanup removes leftover container cgroups (named
# isolab-ct-<pid>-<pidns>-..., owner gone) only below the parent of the
# cgroup it runs in, and names each one it removed; a leftover elsewhere
# on the machine (another user's or service's tree) is left alone.
# Everything is made below this test's own isolab-test-PID cgroups.
. "$(dirname "$0")/lib.sh"

own_cgroups
if [ ${#OWN_CGROUPS[@]} -eq 0 ]; then
	skip "doctor --cleanup scope" "no cgroup of this test's own to work below (needs root and a writable cgroupfs)"
	finish
fi
sleep 0 &
dead=$!
wait $dead
if kill -0 $dead 2>/dev/null; then
	skip "doctor --cleanup scope" "pid $dead was reused at once"
	finish
fi
pidns=$(readlink /proc/self/ns/pid | tr -dc 0-9)
near=isolab-ct-$dead-$pidns-1
far=isolab-ct-$dead-$pidns-2
for d in "${OWN_CGROUPS[@]}"; do
	mkdir -p "$d/near/run" "$d/near/$near" "$d/far/$far"
done
# doctor runs in near/run in every hierarchy: its parent is near/.
capture bash -c 'isolab=$1; shift
	for d in "$@"; do echo $$ >"$d/near/run/cgroup.procs" || exit 99; done
	exec "$isolab" doctor --cleanup' _ "$ISOLAB" "${OWN_CGROUPS[@]}"
check "doctor ran inside the test's cgroups" test "$RC" -ne 99
left_near=0 left_far=0
for d in "${OWN_CGROUPS[@]}"; do
	[ -d "$d/near/$near" ] && left_near=$((left_near + 1))
	[ -d "$d/far/$far" ] && left_far=$((left_far + 1))
done
check "a leftover below doctor's parent cgroup is removed" test $left_near -eq 0
check "doctor --cleanup names what it removed" \
	sh -c "grep -A1 '\[gone\] .*/near/$near' '$TEST_TMP/out' | grep -q 'removed: owner pid $dead is gone'"
check "a leftover outside that subtree is kept ($left_far of ${#OWN_CGROUPS[@]})" \
	test $left_far -eq ${#OWN_CGROUPS[@]}
check "and is not even listed" test -z "$(grep -F "/far/$far" "$TEST_TMP/out")"
finish
