# The process launcher's memory figures agree with the standard tools, and
# mem:MiB shows up as MiB.
. "$(dirname "$0")/lib.sh"

footprint() { # workload -> median footprint_kib over 3 runs
	"$ISOLAB" run --launcher process --workload "$1" -n 3 --format json --output "$TEST_TMP/m.json" &&
		json_get "$TEST_TMP/m.json" 'int(d["summary"][0]["footprint_kib"]["median"])'
}

within() { # a b percent: |a-b| <= percent% of b
	python3 -c 'import sys; a, b, p = map(float, sys.argv[1:]); sys.exit(abs(a - b) > b * p / 100)' "$@"
}

isolab_kib=$(footprint mem:64)
rusage_kib=$(python3 -c '
import resource, subprocess, sys
subprocess.run([sys.argv[1], "mem:64"], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$WORKLOAD")
check "mem:64: isolab ($isolab_kib KiB) agrees with getrusage maxrss ($rusage_kib KiB) within 5%" \
	within "$isolab_kib" "$rusage_kib" 5

if [ -x /usr/bin/time ]; then
	time_kib=$(/usr/bin/time -v "$WORKLOAD" mem:64 2>&1 >/dev/null | sed -n 's/.*Maximum resident set size (kbytes): //p')
	check "mem:64: isolab ($isolab_kib KiB) agrees with /usr/bin/time -v ($time_kib KiB) within 5%" \
		within "$isolab_kib" "$time_kib" 5
else
	skip "/usr/bin/time -v cross-check" "no /usr/bin/time (apt-get install time)"
fi

noop_kib=$(footprint noop)
grown=$((isolab_kib - noop_kib))
check "mem:64 grows the footprint by 64 MiB within 2% ($grown KiB)" within "$grown" 65536 2

capture "$ISOLAB" run --launcher process --workload mem:16 -n 1 --format json --output "$TEST_TMP/pss.json"
check "the workload's PSS is reported" \
	test "$(json_get "$TEST_TMP/pss.json" 'd["runs"][0]["workload_pss_kib"] > 0')" = True
# Each message on the channel wakes the launcher (a VM exit in the
# micro-VM): the workload's PSS and peak go in one write, after ready.
if command -v strace >/dev/null; then
	strace -f -qq -s 128 -e trace=write -e signal=none -o "$TEST_TMP/writes" \
		"$ISOLAB" run --launcher process --workload noop -n 1 --warmup 0 >/dev/null 2>&1
	messages=$(grep -c 'write(3, "' "$TEST_TMP/writes")
	check "noop sends 2 channel messages, ready and its memory report ($messages)" \
		test "$messages" -eq 2
	check "the memory report is one write holding PSS and peak" \
		grep -q 'write(3, "result pss_kib=[0-9]*\\nresult peak_kib=' "$TEST_TMP/writes"
else
	skip "channel messages per run" "no strace (apt-get install strace)"
fi
finish
