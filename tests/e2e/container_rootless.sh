# The container launcher as an unprivileged user (nobody): a user
# namespace maps uid 0 to the caller; cgroups are noted as unavailable.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" -ne 0 ]; then
	skip "rootless run" "needs root to switch to nobody"
	finish
fi
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
if ! as_nobody test -x "$ISOLAB" || ! as_nobody test -r "$WORKLOAD"; then
	skip "rootless run" "$ISOLAB is not reachable for nobody"
	finish
fi
if ! as_nobody unshare -U true 2>/dev/null; then
	skip "rootless run" "this kernel forbids unprivileged user namespaces"
	finish
fi
chmod 755 "$TEST_TMP"
mkdir "$TEST_TMP/nobody" && chown 65534:65534 "$TEST_TMP/nobody"
tag=ct-rootless-$$

capture as_nobody "$ISOLAB" exec --launcher container -- hello
check "rootless hello runs" test "$RC" -eq 0
check "rootless: uid 0 inside" grep -qx 'uid=0' "$TEST_TMP/out"
check "rootless: the workload runs under isolab-init" grep -qx 'pid1=isolab-init' "$TEST_TMP/out"
check "rootless: own hostname" grep -qx 'hostname=isolab-ct' "$TEST_TMP/out"
ids=$(HOST_IDS_AS="setpriv --reuid=65534 --regid=65534 --clear-groups" container_host_ids)
check "rootless: container root runs as 65534 on the host ($ids)" test "$ids" = "65534 65534"
capture as_nobody "$ISOLAB" exec --launcher container --userns host-root -- noop
# exec keeps its own failures in 125-127, apart from the program's codes.
check "rootless --userns host-root is refused with a clear line" \
	test "$RC" -eq 125 -a -n "$(printf %s "$ERR" | grep 'needs root')"
capture as_nobody "$ISOLAB" run --launcher container --workload noop -n 2 --format json --output "$TEST_TMP/nobody/r.json"
check "rootless run succeeds" test "$RC" -eq 0
note=$(json_get "$TEST_TMP/nobody/r.json" 'd["runs"][0]["note"]')
if as_nobody test -w /sys/fs/cgroup/pids; then
	pass "rootless: cgroups writable here (delegated), no note needed"
else
	check "rootless: the result says cgroups were unavailable ($note)" \
		test "${note#cgroups unavailable}" != "$note"
fi
# Limits asked for with --cgroup either hold or the run fails, saying why
# and what to do; only the default limits fall back with a note.
if as_nobody test -w "/sys/fs/cgroup$(sed -n 's/^0:://p' /proc/self/cgroup)" 2>/dev/null &&
	[ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]; then
	capture as_nobody "$ISOLAB" exec --launcher container --cgroup pids=4 -- forkbomb
	check "rootless, delegated v2: pids=4 holds the fork bomb" \
		test "$RC" -eq 0 -a "$(printf %s "$OUT" | sed -n 's/^forks=//p')" -le 4
else
	one_line_refusal() {
		test "$RC" -ne 0 -a "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 &&
			printf %s "$ERR" | grep -q 'cannot be applied: no cgroup here is writable by uid 65534' &&
			printf %s "$ERR" | grep -q 'run as root' &&
			printf %s "$ERR" | grep -q 'systemd-run --user --scope -p Delegate=yes'
	}
	capture as_nobody "$ISOLAB" exec --launcher container --cgroup pids=4 -- forkbomb
	check "rootless --cgroup pids=4 refuses to run without the limit" one_line_refusal
	check "rootless --cgroup pids=4: the fork bomb never ran" test -z "$OUT"
	capture as_nobody "$ISOLAB" exec --launcher container --cgroup mem=8M -- mem:64
	check "rootless --cgroup mem=8M refuses to run without the limit" one_line_refusal
	check "rootless --cgroup mem=8M: nothing was touched" test -z "$OUT"
	capture as_nobody "$ISOLAB" run --launcher container --workload noop -n 1 --cgroup mem=64M,pids=32
	check "rootless run with --cgroup exits 1" test "$RC" -eq 1
	capture as_nobody "$ISOLAB" exec --launcher container --cgroup none -- noop
	check "rootless --cgroup none still runs" test "$RC" -eq 0
fi
capture as_nobody "$ISOLAB" exec --launcher container --timeout 0.3 --binary "$WORKLOAD" -- hang $tag
check "rootless timeout exits 124" test "$RC" -eq 124
check "rootless: nothing left running" test -z "$(pgrep -f " $tag$" || true)"
capture as_nobody "$ISOLAB" exec --launcher container --ns pid,mnt -- noop
check "rootless without a user namespace fails with a clear message" \
	test "$RC" -ne 0 -a -n "$(printf %s "$ERR" | grep -i 'root\|user namespace')"
finish
