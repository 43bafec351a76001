# isolab density with the container launcher: 1000 full containers at once,
# and nothing of them left afterwards.
. "$(dirname "$0")/lib.sh"

leftover_cgroups() { find /sys/fs/cgroup -maxdepth 6 -type d -name 'isolab-ct-*' 2>/dev/null; }
mounts_before=$(grep -c . /proc/self/mountinfo)

capture "$ISOLAB" density --launcher container --count 10,1000 --cgroup pids=16 --format json --output "$TEST_TMP/d.json"
check "container density 10,1000 succeeds" test "$RC" -eq 0
check "all 1000 containers became ready" \
	test "$(json_get "$TEST_TMP/d.json" '[s["ready"] for s in d["density"]]')" = "[10, 1000]"
check "memory per container is recorded" \
	test "$(json_get "$TEST_TMP/d.json" 'd["density"][1]["per_instance_kib"] > 0')" = True
check "no container left running" test -z "$(pgrep -f 'isolab-workload idle')"
check "no cgroup left" test -z "$(leftover_cgroups)"
check "no mount left" test "$(grep -c . /proc/self/mountinfo)" -eq "$mounts_before"
finish
