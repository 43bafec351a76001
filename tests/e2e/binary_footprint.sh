# The same --binary has the same memory footprint under every launcher:
# workload_peak_kib is the program's own peak resident memory after its
# exec (VmHWM, read at its exit while it is stopped there), whatever the
# spawn method, and a container's overhead is what its cgroup was charged
# beyond the program's own pages (> 0, not 0 for a program that does not
# report its own peak). Each program is built here, statically, with gcc
# (glibc) and musl-gcc.
#
# Tolerance: within 16 KiB or 10% of fork's median, whichever is larger
# (VmHWM varies by a page or two from run to run: stack and fault-around).
# The micro-VM counts guest pages resident (mincore), which includes the
# whole loaded ELF segments: within 96 KiB or 25% of fork's.
. "$(dirname "$0")/lib.sh"
RC=0 OUT="" ERR="" # check() quotes them; this script does not capture

# It prints its own VmHWM last, as a reference taken from inside.
cat >"$TEST_TMP/hello.c" <<'C'
#include <stdio.h>
#include <string.h>
int main(void)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");

	puts("hello");
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "VmHWM:", 6) == 0)
			fputs(line, stdout);
	return 0;
}
C

# peak LAUNCHER-ARGS... -> "median_peak median_overhead first_note" of 3 runs
peak() {
	"$ISOLAB" run "$@" -n 3 --warmup 1 --format json --output "$TEST_TMP/p.json" >/dev/null 2>"$TEST_TMP/err" &&
		python3 -c '
import json, statistics, sys
d = json.load(open(sys.argv[1]))
runs = d["runs"]
print(int(statistics.median(r["workload_peak_kib"] for r in runs)),
      int(statistics.median(r["overhead_kib"] for r in runs)),
      runs[0]["note"].replace(" ", "_") or "-")' "$TEST_TMP/p.json"
}

close_to() { # value reference slack_kib percent
	python3 -c 'import sys; v, r, k, p = map(float, sys.argv[1:]); sys.exit(abs(v - r) > max(k, r * p / 100))' "$@"
}

microvm_ok() { [ -c /dev/kvm ] && "$ISOLAB" exec --launcher microvm -- noop >/dev/null 2>&1; }

for cc in gcc musl-gcc; do
	prog=$TEST_TMP/hello-$cc
	if ! command -v "$cc" >/dev/null || ! "$cc" -static -O2 -o "$prog" "$TEST_TMP/hello.c" 2>/dev/null; then
		skip "$cc -static footprints" "$cc cannot build a static program here"
		continue
	fi
	own=$("$prog" | sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB$/\1/p')
	read -r ref _ _ <<<"$(peak --launcher process --spawn fork --binary "$prog")"
	check "$cc: fork peak $ref KiB = the program's own VmHWM $own KiB (±16 KiB/10%)" \
		close_to "${ref:-0}" "${own:-0}" 16 10
	[ "${ref:-0}" -gt 0 ] || continue
	read -r v _ _ <<<"$(peak --launcher process --spawn vfork --binary "$prog")"
	check "$cc: vfork peak $v KiB = fork's $ref KiB (±16 KiB/10%)" close_to "${v:-0}" "$ref" 16 10
	read -r v _ note <<<"$(peak --launcher process --spawn posix_spawn --binary "$prog")"
	check "$cc: posix_spawn says its peak is getrusage's maxrss" \
		test "${note#*posix_spawn_runs_no_isolab_code}" != "$note"
	skip "$cc: posix_spawn peak = fork's" "posix_spawn runs no isolab code between clone and exec, so the program cannot be watched from its start (reported: $v KiB)"
	read -r v over note <<<"$(peak --launcher container --binary "$prog")"
	if [ "${note#cgroups_unavailable}" != "$note" ]; then
		skip "$cc: container footprint" "$note"
	else
		check "$cc: container peak $v KiB = fork's $ref KiB (±16 KiB/10%)" close_to "${v:-0}" "$ref" 16 10
		check "$cc: container overhead > 0 ($over KiB)" test "${over:-0}" -gt 0
	fi
	if microvm_ok; then
		read -r v _ _ <<<"$(peak --launcher microvm --binary "$prog")"
		check "$cc: micro-VM peak $v KiB close to fork's $ref KiB (±96 KiB/25%)" close_to "${v:-0}" "$ref" 96 25
	else
		skip "$cc: micro-VM footprint" "no usable /dev/kvm here"
	fi
done
finish
