# isolab density with the container launcher: 1000 full containers at once
# (30 under the sanitizers, said in a SKIP line), and nothing of them left
# afterwards.
. "$(dirname "$0")/lib.sh"
private_mounts "$@"
own_cgroups
mounts_before=$(mount_count)

# --timeout is how long all may take to become ready, not a speed test:
# on a busy shared machine 1000 containers took over 60 s (the default).
# Under ASan each container's setup is several times slower, which would
# take this script alone past `make test`'s budget; and at 100 at once, in
# 2 of 4 idle runs a few containers' setups passed the launcher's 30 s
# limit. That pass holds 30.
if isolab_is_sanitized; then
	big=30
	skip "container density of 1000 under the sanitizers" \
		"ASan makes 1000 containers take minutes, and 100 at once sometimes exceed the 30 s setup limit; this pass runs 10,30 (the plain build runs 10,1000)"
else
	big=1000
fi
capture "$ISOLAB" density --launcher container --count 10,$big --timeout 300 --cgroup pids=16 --format json --output "$TEST_TMP/d.json"
check "container density 10,$big succeeds" test "$RC" -eq 0
check "all $big containers became ready" \
	test "$(json_get "$TEST_TMP/d.json" '[s["ready"] for s in d["density"]]')" = "[10, $big]"
# At 30 (the sanitizer pass) what the containers hold can sit within
# MemAvailable's own noise, which the step then says (below_noise).
check "memory per container is recorded" \
	test "$(json_get "$TEST_TMP/d.json" 'd["density"][1]["per_instance_kib"] > 0 or ('"$big"' < 1000 and d["density"][1]["below_noise"])')" = True
check "no container left running" test -z "$(own_processes 'isolab-workload idle')"
check_no_leftover_cgroups "no cgroup left"
check "no mount left" test "$(mount_count)" -eq "$mounts_before"
finish
