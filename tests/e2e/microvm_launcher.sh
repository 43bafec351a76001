# The micro-VM launcher, end to end, as a user runs it: the real
# isolab-workload booted on the real guest kernel under KVM.
. "$(dirname "$0")/lib.sh"

if ! python3 -c 'import os; os.close(os.open("/dev/kvm", os.O_RDWR))' 2>/dev/null; then
	skip "microvm launcher" "cannot open /dev/kvm read-write here"
	finish
fi

run_json() { # NAME ARGS...: isolab run ... --format json into $TEST_TMP/NAME.json
	local name=$1
	shift
	capture "$ISOLAB" run --launcher microvm -n 1 --warmup 0 --format json \
		--output "$TEST_TMP/$name.json" "$@"
}
get() { json_get "$TEST_TMP/$1.json" "$2"; }

capture "$ISOLAB" exec --launcher microvm -- noop
check "noop exits 0" test "$RC" -eq 0
"$ISOLAB" exec --launcher microvm -- io:10240 2>"$TEST_TMP/pipe.err" | head -c 10 >/dev/null
rc=${PIPESTATUS[0]}
check "a closed output pipe ends the workload with SIGPIPE (rc $rc), silently" \
	test "$rc" -eq 141 -a ! -s "$TEST_TMP/pipe.err"

# The same checksum as the process launcher: the VM computes the same thing.
capture "$ISOLAB" run --launcher process --workload cpu:1000 -n 1 --format json --output "$TEST_TMP/cpu-process.json"
run_json cpu --workload cpu:1000
want=$(json_get "$TEST_TMP/cpu-process.json" 'd["runs"][0]["results"]["checksum"]')
got=$(get cpu 'd["runs"][0]["results"]["checksum"]')
check "cpu:1000 checksum identical to the process launcher's ($got)" test -n "$got" -a "$got" = "$want"
check "the result names the virtualization mode" \
	test "$(get cpu 'd["environment"]["virtualization"] in ("hardware", "software/paravirtual") and len(d["environment"]["virtualization_detail"]) > 0')" = True
check "VM exits and hypercalls are counted" \
	test "$(get cpu 'd["runs"][0]["counters"]["exit_io"] > 0 and d["runs"][0]["counters"]["hypercall_write"] > 0')" = True
# KVM tells a vCPU's TSC offset (KVM_VCPU_TSC_OFFSET) from Linux 5.16 on;
# before, the workload reads its clock through the guest kernel.
if printf '%s\n' 5.16 "$(uname -r | cut -d- -f1)" | sort -CV; then
	check "the workload reads its clock without a VM exit (no hypercall_time)" \
		test "$(get cpu '"hypercall_time" not in d["runs"][0]["counters"] and d["runs"][0]["counters"]["hypercall_boot"] == 1')" = True
else
	skip "the workload's TSC clock" "Linux $(uname -r) is older than 5.16, whose KVM tells a vCPU's TSC offset"
fi
check "startup phases include the guest kernel" \
	test "$(get cpu '"guest kernel" in d["runs"][0]["phases"] and "vm" in d["runs"][0]["phases"] and "guest cpuid" in [s for x in d["sessions"] if x["launcher"] == "microvm" for s in x["phases"]]')" = True

run_json mem --workload mem:4
check "mem:4 touches 4096 KiB inside the VM" test "$(get mem 'd["runs"][0]["results"]["touched_kib"]')" = 4096
check "mem:4 shows in the workload's footprint" \
	test "$(get mem 'd["runs"][0]["workload_peak_kib"] >= 4096')" = True
check "VMM overhead below 2 MiB" test "$(get mem 'd["runs"][0]["overhead_kib"] < 2048')" = True
run_json mem64 --workload mem:48 --mem 64
check "--mem 64 gives room for mem:48" test "$(get mem64 'd["runs"][0]["results"].get("touched_kib")')" = 49152
run_json mem-big --workload mem:48
check "mem:48 in 16 MiB fails inside the guest (ENOMEM), not in the VMM" \
	test "$(get mem-big 'd["runs"][0]["results"].get("errno")')" = 12

run_json syscall --workload syscall:200
check "syscall:200 makes 200 guest syscalls" test "$(get syscall 'd["runs"][0]["results"]["syscalls"]')" = 200

run_json io --workload io:64
check "io:64 counts 65536 bytes of output" test "$(get io 'd["runs"][0]["output_bytes"]')" = 65536
"$ISOLAB" exec --launcher microvm -- io:64 >"$TEST_TMP/io.out" 2>/dev/null
check "exec passes io:64 through (65536 bytes)" test "$(wc -c <"$TEST_TMP/io.out")" -eq 65536

capture "$ISOLAB" exec --launcher microvm -- hello
check "hello: pid 1 inside the VM" grep -qx 'pid=1' "$TEST_TMP/out"
check "hello: the guest kernel's hostname" grep -qx 'hostname=isolab-vm' "$TEST_TMP/out"
check "hello: the guest kernel's name" grep -q '^kernel=isolab-guest ' "$TEST_TMP/out"

capture "$ISOLAB" exec --launcher microvm -- crash
check "crash: exec exits 128+SIGSEGV" test "$RC" -eq 139
run_json crash --workload crash
check "crash is SIGSEGV" test "$(get crash 'd["runs"][0]["signal"]')" = 11
check "crash names the #PF and the address" \
	test "$(get crash 'd["runs"][0]["fault"].startswith("#PF at 0x0 (rip 0x")')" = True

run_json nosys --workload try:nosys
check "try:nosys: the guest kernel answers ENOSYS (38)" test "$(get nosys 'd["runs"][0]["results"]["errno"]')" = 38

start=$(date +%s%N)
capture "$ISOLAB" exec --launcher microvm --timeout 1 -- hang
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
check "hang: exec exits 124 at the timeout" test "$RC" -eq 124
# Not before the timeout; the upper bound only catches a VM never stopped
# (a busy shared machine may add seconds, which is not a failure).
check "hang: stopped at the 1 s timeout, not before (${elapsed_ms} ms)" test "$elapsed_ms" -ge 950 -a "$elapsed_ms" -lt 10000
run_json hang --workload hang --timeout 0.3
check "hang is reported as timed out" test "$(get hang 'd["runs"][0]["timed_out"]')" = True

# Ctrl-C stops a spinning guest promptly.
start=$(date +%s%N)
"$ISOLAB" exec --launcher microvm --timeout 20 -- hang >/dev/null 2>&1 &
pid=$!
sleep 0.3
kill -INT "$pid"
wait "$pid"
rc=$?
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
check "SIGINT stops the VM well before its 20 s timeout (${elapsed_ms} ms, rc $rc)" test "$elapsed_ms" -lt 10000 -a "$rc" -ne 0

expect_usage_error "--mem 0 is a usage error" run --launcher microvm --mem 0
expect_usage_error "--mem abc is a usage error" run --launcher microvm --mem abc
expect_usage_error "--mem too large is a usage error" run --launcher microvm --mem 1000000

capture "$ISOLAB" run --launcher microvm --workload noop -n 1000 --warmup 0 --format json --output "$TEST_TMP/many.json"
check "1000 VMs in one isolab process" test "$RC" -eq 0 -a "$(json_get "$TEST_TMP/many.json" 'len(d["runs"])')" = 1000

# A user who is not root but may open /dev/kvm runs VMs: a private mount
# namespace gives user nobody its own /dev/kvm node (the host's unchanged).
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null && command -v runuser >/dev/null; then
	mkdir -p "$TEST_TMP/nr"
	cp "$ISOLAB" "$(dirname "$ISOLAB")/isolab-guest" "$WORKLOAD" "$TEST_TMP/nr/"
	chmod 755 "$TEST_TMP" "$TEST_TMP/nr"
	capture unshare -m sh -c 'mknod "$1/kvm" c 10 232 && chown nobody "$1/kvm" &&
		chmod 600 "$1/kvm" && mount --bind "$1/kvm" /dev/kvm &&
		exec runuser -u nobody -- "$1/isolab" exec --launcher microvm -- hello' sh "$TEST_TMP/nr"
	check "a non-root user with access to /dev/kvm runs the VM" grep -qx 'pid=1' "$TEST_TMP/out"
else
	skip "non-root user with /dev/kvm access" "needs root (to set up the test user's access), unshare and runuser"
fi

# Without access to /dev/kvm the error says what to do.
if command -v runuser >/dev/null && [ "$(id -u)" = 0 ] && ! runuser -u nobody -- test -r /dev/kvm; then
	cp "$ISOLAB" "$(dirname "$ISOLAB")/isolab-guest" "$WORKLOAD" "$TEST_TMP/" 2>/dev/null
	chmod 755 "$TEST_TMP"
	capture runuser -u nobody -- "$TEST_TMP/isolab" exec --launcher microvm -- noop
	check "no access to /dev/kvm: the error sends the user to isolab doctor" \
		test "$RC" -ne 0 -a -n "$(printf %s "$ERR" | grep "may not read and write it; 'isolab doctor'")"
else
	skip "no /dev/kvm access message" "needs root, runuser and a /dev/kvm that nobody cannot open"
fi

finish
