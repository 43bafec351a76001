# The micro-VM against hostile input: guest kernels that attack the VMM
# (microvm/tests/hostile_guest.c) and malformed workload / kernel ELFs.
# Each must end in a clean one-line error (or the timeout), never a crash
# or hang of isolab.
. "$(dirname "$0")/lib.sh"

if ! python3 -c 'import os; os.close(os.open("/dev/kvm", os.O_RDWR))' 2>/dev/null; then
	skip "microvm hostile guests" "cannot open /dev/kvm read-write here"
	finish
fi
if ! command -v gcc >/dev/null; then
	skip "microvm hostile guests" "gcc is needed to build the hostile guest kernels"
	finish
fi

FREE="-std=gnu11 -O2 -I$ROOT -ffreestanding -fno-builtin -nostdlib -fno-stack-protector
	-fno-pie -fno-pic -mno-red-zone -mgeneral-regs-only -fno-asynchronous-unwind-tables
	-static -no-pie -Wl,--build-id=none -Wl,-z,noexecstack"
HOSTILE=$TEST_TMP/hostile-guest
# shellcheck disable=SC2086
gcc $FREE -Wl,-T,"$ROOT/microvm/guest/guest.ld" -Wl,-z,max-page-size=4096 -o "$HOSTILE" \
	"$ROOT/microvm/guest/entry.S" "$ROOT/microvm/tests/hostile_guest.c" 2>"$TEST_TMP/cc.err" ||
	{ fail "build the hostile guest kernel" "$(head -c 300 "$TEST_TMP/cc.err")"; finish; }

# one_line_error NAME RC-WANTED TEXT CMD...: exits RC-WANTED (125: exec's
# own failure, lab/cli/cmd_exec.c), not stuck (within 15 s: a bound only a hang
# crosses, not a busy machine), one stderr line "isolab: ...TEXT...",
# isolab itself not killed.
one_line_error() {
	local name=$1 want=$2 text=$3 start elapsed
	shift 3
	start=$(date +%s%N)
	capture "$@"
	elapsed=$((($(date +%s%N) - start) / 1000000))
	check "$name (${elapsed} ms)" test "$RC" -eq "$want" -a "$elapsed" -lt 15000 \
		-a "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 -a "${ERR#isolab: }" != "$ERR" \
		-a -n "$(printf %s "$ERR" | grep -F -- "$text")"
}

# The hostile kernel running its attack MODE: "${guest[@]}" MODE
guest=("$ISOLAB" exec --launcher microvm --timeout 2 --guest-kernel "$HOSTILE"
	--binary "$WORKLOAD" --)

capture "${guest[@]}" ok
check "the hostile-kernel harness boots and exits cleanly" test "$RC" -eq 0
one_line_error "write buffer past guest RAM" 125 "outside guest RAM" "${guest[@]}" badptr
one_line_error "write length wrapping the address space" 125 "outside guest RAM" "${guest[@]}" wrap
one_line_error "argument struct outside guest RAM" 125 "argument struct at 0xfffffff0" "${guest[@]}" badarg
one_line_error "out to a port that is no hypercall" 125 "not a hypercall port" "${guest[@]}" badport
one_line_error "unknown hypercall number" 125 "not a hypercall port" "${guest[@]}" unknown
one_line_error "in from a hypercall port" 125 "32-bit out" "${guest[@]}" inport
one_line_error "write to a nonexistent fd" 125 "fd 9" "${guest[@]}" badfd
one_line_error "exit status out of range" 125 "exit status 1000" "${guest[@]}" badexit
one_line_error "fault report with a bogus vector" 125 "vector 99" "${guest[@]}" badvec
# Counted, not written anywhere (run mode), so the cap is reached at once.
one_line_error "output flood is capped" 1 "flood" "$ISOLAB" run --launcher microvm \
	--guest-kernel "$HOSTILE" --binary "$WORKLOAD" -n 1 --warmup 0 -- flood
one_line_error "control-channel flood is a protocol error" 125 "protocol error" "${guest[@]}" chanflood
one_line_error "kernel halts without exiting" 125 "halted" "${guest[@]}" halt
one_line_error "kernel triple-faults" 125 "triple-fault" "${guest[@]}" triple
one_line_error "kernel faults on unmapped memory" 125 "guest kernel crashed: #PF" "${guest[@]}" kfault
start=$(date +%s%N)
capture "${guest[@]}" spin
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
# Not before its 2 s timeout; the upper bound only catches a VM never stopped.
check "kernel spinning at CPL0 is stopped at the timeout (${elapsed_ms} ms)" \
	test "$RC" -eq 124 -a "$elapsed_ms" -ge 1900 -a "$elapsed_ms" -lt 15000

# Guest kernels that are not guest kernels.
head -c 200 "$HOSTILE" >"$TEST_TMP/short-kernel"
one_line_error "truncated guest kernel refused" 125 "truncated" \
	"$ISOLAB" exec --launcher microvm --guest-kernel "$TEST_TMP/short-kernel" -- noop
one_line_error "workload as guest kernel refused" 125 "guest kernel area" \
	"$ISOLAB" exec --launcher microvm --guest-kernel "$WORKLOAD" -- noop

# Malformed workloads through --binary: refused before any guest code runs.
printf '\t.globl _start\n_start:\n\tmovl $60, %%eax\n\txorl %%edi, %%edi\n\tsyscall\n' >"$TEST_TMP/exit.S"
build() { # OUT FLAGS...: a tiny static program that exits 0
	local out=$1
	shift
	# shellcheck disable=SC2086
	gcc -nostdlib -static "$@" -o "$out" "$TEST_TMP/exit.S" 2>>"$TEST_TMP/cc.err"
}
if build "$TEST_TMP/tiny" -no-pie; then
	capture "$ISOLAB" exec --launcher microvm --binary "$TEST_TMP/tiny"
	check "a tiny static program runs in the VM" test "$RC" -eq 0
fi
if build "$TEST_TMP/high" -no-pie -Wl,-Ttext-segment=0x40000000; then
	# The line says how much RAM it would need (segments up to 1 GiB).
	one_line_error "segments outside guest RAM refused" 125 \
		"does not fit in 16 MiB of guest RAM (its segments end at 1024.0 MiB" \
		"$ISOLAB" exec --launcher microvm --binary "$TEST_TMP/high"
fi
if build "$TEST_TMP/low" -no-pie -Wl,-Ttext-segment=0x100000; then
	one_line_error "segments over the guest kernel refused" 125 "overlaps the guest kernel" \
		"$ISOLAB" exec --launcher microvm --binary "$TEST_TMP/low"
fi
if build "$TEST_TMP/pie" -static-pie -fPIE; then
	# lab's check lets a static-pie through (the process and container
	# launchers run it); the loader refuses it, saying why.
	one_line_error "position-independent program refused" 125 "static-pie" \
		"$ISOLAB" exec --launcher microvm --binary "$TEST_TMP/pie"
fi
head -c 100 "$WORKLOAD" >"$TEST_TMP/truncated"
chmod +x "$TEST_TMP/truncated"
capture "$ISOLAB" exec --launcher microvm --binary "$TEST_TMP/truncated"
check "truncated workload refused with one line" \
	test "$RC" -ne 0 -a "$RC" -lt 128 -a "$(printf '%s\n' "$ERR" | wc -l)" -eq 1
cp "$WORKLOAD" "$TEST_TMP/arm"
printf '\xb7\x00' | dd of="$TEST_TMP/arm" bs=1 seek=18 conv=notrunc status=none # e_machine = AArch64
capture "$ISOLAB" exec --launcher microvm --binary "$TEST_TMP/arm"
check "wrong-machine workload refused with one line" \
	test "$RC" -ne 0 -a "$RC" -lt 128 -a "$(printf '%s\n' "$ERR" | wc -l)" -eq 1
capture "$ISOLAB" exec --launcher microvm --binary /bin/true
check "dynamic workload refused with one line" \
	test "$RC" -ne 0 -a "$RC" -lt 128 -a "$(printf '%s\n' "$ERR" | wc -l)" -eq 1

finish
