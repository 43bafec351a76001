# The process launcher, end to end, as a user runs it.
. "$(dirname "$0")/lib.sh"

capture "$ISOLAB" exec --launcher process -- noop
check "noop exits 0" test "$RC" -eq 0
"$ISOLAB" exec --launcher process -- io:10240 2>"$TEST_TMP/pipe.err" | head -c 10 >/dev/null
rc=${PIPESTATUS[0]}
check "a closed output pipe ends the workload with SIGPIPE (rc $rc), silently" \
	test "$rc" -eq 141 -a ! -s "$TEST_TMP/pipe.err"

# The checksum is computed here independently of isolab-workload's C code.
expected=$(python3 -c '
x = 0x9e3779b97f4a7c15
M = (1 << 64) - 1
for i in range(1000):
    x ^= (x << 13) & M; x ^= x >> 7; x ^= (x << 17) & M; x = (x + i) & M
print("%x" % x)')
capture "$ISOLAB" exec --launcher process -- cpu:1000
check "cpu checksum matches an independent computation" test "$OUT" = "checksum=$expected"

capture "$ISOLAB" run --launcher process --workload cpu:1000 -n 2 --format json --output "$TEST_TMP/cpu.json"
check "cpu checksum is in the JSON results" \
	test "$(json_get "$TEST_TMP/cpu.json" 'd["runs"][0]["results"]["checksum"]')" = "$expected"

capture "$ISOLAB" exec --launcher process -- crash
check "crash: exec exits 128+SIGSEGV" test "$RC" -eq 139
capture "$ISOLAB" run --launcher process --workload crash -n 1 --format json --output "$TEST_TMP/crash.json"
check "crash is reported as SIGSEGV" test "$(json_get "$TEST_TMP/crash.json" 'd["runs"][0]["signal"]')" = 11
capture "$ISOLAB" run --launcher process --workload crash -n 1
check "crash shows SIGSEGV in the table" grep -q SIGSEGV "$TEST_TMP/out"

start=$(date +%s%N)
capture "$ISOLAB" exec --launcher process --timeout 0.5 --binary "$OWN_WORKLOAD" -- hang
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
check "hang: exec exits 124 at the timeout" test "$RC" -eq 124
# Not before the timeout; the upper bound only catches a hang.
check "hang: stopped at the timeout, not before (${elapsed_ms} ms)" test "$elapsed_ms" -ge 450 -a "$elapsed_ms" -lt 10000
check "hang: nothing left running" test -z "$(own_workload_processes)"
capture "$ISOLAB" run --launcher process --workload hang -n 1 --timeout 0.3 --format json --output "$TEST_TMP/hang.json"
check "hang is reported as timed out" test "$(json_get "$TEST_TMP/hang.json" 'd["runs"][0]["timed_out"]')" = True

for method in fork vfork posix_spawn; do
	capture "$ISOLAB" exec --launcher process --spawn "$method" -- hello
	check "--spawn $method runs the workload" grep -q '^pid=' "$TEST_TMP/out"
done

# No controlling terminal, own process group: setsid's pid == pgid == sid.
if [ -x /bin/busybox ] && file -L /bin/busybox | grep -q 'statically linked'; then
	capture "$ISOLAB" exec --launcher process --binary /bin/busybox -- sh -c 'cut -d" " -f1,5,6,7 /proc/$$/stat'
	read -r pid pgrp sid tty <<<"$OUT"
	check "workload leads its own session and process group, no tty" \
		test "$pid" = "$pgrp" -a "$pid" = "$sid" -a "$tty" = 0
else
	skip "own session and process group" "no static /bin/busybox (apt-get install busybox-static)"
fi

capture "$ISOLAB" exec --launcher process -- io:64
check "io:64 writes 64 KiB to stdout" test "$(wc -c <"$TEST_TMP/out")" -eq 65536
capture "$ISOLAB" run --launcher process --workload io:64 -n 1 --format json --output "$TEST_TMP/io.json"
check "io output is counted, not printed" test "$(json_get "$TEST_TMP/io.json" 'd["runs"][0]["output_bytes"]')" = 65536

capture "$ISOLAB" run --launcher process --workload mem:64 -n 1 --format json --output "$TEST_TMP/mem.json"
kib=$(json_get "$TEST_TMP/mem.json" 'd["runs"][0]["footprint_kib"]')
# VmHWM comes from per-CPU batched RSS counters: on a busy machine it read
# 65408 KiB for 64 MiB touched (as container_limits.sh allows, 98%).
check "mem:64 footprint is about 64 MiB ($kib KiB)" test "$kib" -ge $((65536 * 98 / 100)) -a "$kib" -lt 70000

capture "$ISOLAB" exec --launcher process -- hello
check "exec passes the workload's output through" grep -q "^hostname=$(hostname)$" "$TEST_TMP/out"

# A static binary of the user's, with arguments, and its exit status.
printf 'int main(int c, char **v) { return c == 3 ? 7 : 1; }\n' >"$TEST_TMP/seven.c"
if cc -static -o "$TEST_TMP/seven" "$TEST_TMP/seven.c" 2>/dev/null; then
	capture "$ISOLAB" exec --launcher process --binary "$TEST_TMP/seven" -- a b
	check "--binary runs a static program with its arguments, exit status passed" test "$RC" -eq 7
	capture "$ISOLAB" run --launcher process --binary "$TEST_TMP/seven" -n 2 --format json --output "$TEST_TMP/seven.json"
	check "--binary is measured (startup at its exec)" \
		test "$(json_get "$TEST_TMP/seven.json" 'd["runs"][0]["startup_ns"] > 0 and d["runs"][0]["exit_code"] == 1')" = True
else
	skip "--binary with a static program" "cc -static failed (apt-get install libc6-dev)"
fi

finish
