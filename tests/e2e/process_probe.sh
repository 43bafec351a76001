# The syscall reach probe under the process launcher, as root: sane
# classes, and a host left exactly as it was (the probe calls every system
# call number there is, so this is the test that it never changes
# anything: names, clock, mounts, limits, IPC objects, the terminal, the
# kernel log, and the workload's own state).
. "$(dirname "$0")/lib.sh"

json=$TEST_TMP/probe.json
host_state() { # what no probe may change, one file per aspect
	hostname >"$1.hostname"
	cat /proc/sys/kernel/domainname >"$1.domainname"
	cat /proc/$$/mountinfo >"$1.mountinfo.self"
	cat /proc/1/mountinfo >"$1.mountinfo.init"
	ulimit -a >"$1.ulimit"
	ipcs 2>/dev/null | grep -v '^$' >"$1.ipcs"
	umask >"$1.umask"
}

if [ "$(id -u)" -ne 0 ]; then
	skip "probe as root" "not root: the probe runs, but its root-only hazards go untested"
fi

host_state "$TEST_TMP/before"
real0=$(date +%s.%N)
up0=$(cut -d' ' -f1 /proc/uptime)
# Under a terminal (script(1) makes one), to see that the probe leaves it
# alone; stty reads it before and after from inside the same session.
if command -v script >/dev/null; then
	script -qec "stty -a >'$TEST_TMP/stty.before'; '$ISOLAB' probe --launcher process --format json --output '$json' 2>'$TEST_TMP/err'; echo \$? >'$TEST_TMP/rc'; stty -a >'$TEST_TMP/stty.after'" /dev/null </dev/null >/dev/null
	tty_checked=1
else
	"$ISOLAB" probe --launcher process --format json --output "$json" 2>"$TEST_TMP/err"
	echo $? >"$TEST_TMP/rc"
	tty_checked=0
fi
real1=$(date +%s.%N)
up1=$(cut -d' ' -f1 /proc/uptime)
host_state "$TEST_TMP/after"
RC=$(cat "$TEST_TMP/rc" 2>/dev/null || echo none)
OUT=""
ERR=$(cat "$TEST_TMP/err" 2>/dev/null)

check "isolab probe --launcher process exits 0" test "$RC" = 0
if [ "$RC" != 0 ] || [ ! -s "$json" ]; then
	finish
fi

q() { json_get "$json" "$1"; }
# One launcher's syscall entry by name: its class.
class_of() { q "[s['class'] for s in d['probe'][0]['syscalls'] if s['name'] == '$1'][0]"; }

check "the JSON is schema_version 3 with one process report" \
	test "$(q 'd["schema_version"], [p["launcher"] for p in d["probe"]]')" = "(3, ['process'])"
last=$(q 'd["range"]["last"]')
check "every number 0..$last is in exactly one class" \
	test "$(q 'sum(d["probe"][0]["counts"].values()) == d["range"]["last"] + 1 == len(d["probe"][0]["syscalls"]) and [s["nr"] for s in d["probe"][0]["syscalls"]] == list(range(d["range"]["last"] + 1))')" = True
check "the range goes beyond what the headers name" \
	test "$(q 'd["range"]["last"] > d["range"]["names_max"]')" = True
check "getpid is reached" test "$(class_of getpid)" = reached
check "read with fd -1 is reached (EBADF)" \
	test "$(q '[(s["class"], s["errno"]) for s in d["probe"][0]["syscalls"] if s["nr"] == 0][0]')" = "('reached', 9)"
check "number $last, beyond the max, is absent" \
	test "$(q '[(s["class"], s["errno"]) for s in d["probe"][0]["syscalls"] if s["nr"] == d["range"]["last"]][0]')" = "('absent', 38)"
for call in reboot exit exit_group vhangup; do
	check "$call is not probed, with a reason" \
		test "$(q "[len(n['reason']) > 10 for n in d['probe'][0]['not_probed'] if n['name'] == '$call']")" = "[True]"
done
check "not_probed lists exactly the calls classed so" \
	test "$(q 'sorted(n["nr"] for n in d["probe"][0]["not_probed"]) == [s["nr"] for s in d["probe"][0]["syscalls"] if s["class"] == "not probed"]')" = True
# The process launcher has no filter: nothing is blocked, even where the
# kernel killed the workload (this machine's PVM kernel raises SIGILL at
# 335: absent, with the signal named in the JSON).
check "nothing is blocked without a filter" \
	test "$(q 'd["probe"][0]["counts"]["blocked"]')" = 0
check "a number the kernel faults on is absent, with its signal" \
	test "$(q 'all(s["class"] == "absent" for s in d["probe"][0]["syscalls"] if s["signal"] == "SIGILL")')" = True
check "the process reaches the host kernel directly" \
	test "$(q 'd["probe"][0]["kernel"] == "host" and d["probe"][0]["host_direct"] == d["probe"][0]["counts"]["reached"] > 250')" = True

check "the workload's own state is unchanged by the sweep (pid, pgid, sid, umask, rlimits, fds, ...)" \
	test "$(q 'd["probe"][0]["self_state"]["unchanged"] and "rlimits=" in d["probe"][0]["self_state"]["after"]')" = True
for aspect in hostname domainname mountinfo.self mountinfo.init ulimit ipcs umask; do
	check "host unchanged: $aspect" cmp -s "$TEST_TMP/before.$aspect" "$TEST_TMP/after.$aspect"
done
drift=$(python3 -c "print(abs(($real1 - $real0) - ($up1 - $up0)))")
check "host unchanged: the clock kept time (drift ${drift}s)" \
	python3 -c "import sys; sys.exit(0 if $drift < 1.0 else 1)"
if [ "$tty_checked" = 1 ]; then
	check "host unchanged: the terminal (stty -a)" \
		cmp -s "$TEST_TMP/stty.before" "$TEST_TMP/stty.after"
else
	skip "host unchanged: the terminal" "no script(1) (apt-get install bsdutils)"
fi
pid=$(q 'd["probe"][0]["self_state"]["before"].split()[0].split("=")[1]')
if dmesg >/dev/null 2>&1; then
	check "the kernel log has nothing from the probe (pid $pid)" \
		test -z "$(dmesg | grep -E "isolab-workload ?\\($pid\\)")"
else
	skip "the kernel log" "dmesg is not readable here"
fi

capture "$ISOLAB" probe --launcher process --format csv
check "CSV: a header and one row per number" \
	test "$(printf '%s\n' "$OUT" | wc -l)" -eq $((last + 2))
capture "$ISOLAB" probe --launcher process
check "table: process counts and the not-probed list" \
	grep -q "^process  *host  *[0-9]" "$TEST_TMP/out"
capture "$ISOLAB" exec --launcher process -- "probe:$((last + 2))"
check "probe:N beyond the range is a usage error (exec: 125)" test "$RC" -eq 125

finish
