#!/usr/bin/env bash
# microvm_vs_qemu: the micro-VM launcher against the raw-KVM floor and
# against the smallest QEMU VM, each interleaved in rounds. Targets:
#   median startup of `isolab run --launcher microvm -n RUNS` / the raw-KVM
#     floor measured in the same round (build/bench/kvm_lifecycle --floor:
#     KVM_CREATE_VM + KVM_ENABLE_CAP(split irqchip) + one 16 MiB slot +
#     KVM_CREATE_VCPU as one span, VM destroyed outside it)         <= 3.0x
#   whole `isolab exec --launcher microvm -- noop` / QEMU -M microvm with a
#     trivial multiboot guest that exits at once (isa-debug-exit)    <= 0.07x
# Without a usable /dev/kvm both rows say why and nothing is measured.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
ROUNDS=${ROUNDS:-$(bench_size 2 5)}
RUNS=${RUNS:-$(bench_size 3 50)}
QEMU_RUNS=${QEMU_RUNS:-$(bench_size 1 6)}
FLOOR_RUNS=${FLOOR_RUNS:-$(bench_size 5 100)}
VM="$ISOLAB exec --launcher microvm -- noop"
FLOOR_ROW="micro-VM: median startup (run -n $RUNS) ÷ raw-KVM floor"
QEMU_ROW="micro-VM: whole exec -- noop ÷ QEMU -M microvm, trivial guest"
T=$(mktemp -d /tmp/isolab-bench.XXXXXX)
trap 'rm -rf "$T"' EXIT

# The QEMU guest: a multiboot header and three instructions. The header
# opens .text: QEMU looks for it only in the file's first 8 KiB, and a
# section of its own was linked at 8 KiB (binutils 2.40 puts each segment
# on its own page).
build_qemu_guest() {
	cat >"$T/exit.S" <<'ASM'
	.text
	.align 4
	.long 0x1badb002             /* multiboot magic */
	.long 0                      /* flags */
	.long -0x1badb002            /* checksum */
	.globl _start
_start:
	movw $0xf4, %dx              /* isa-debug-exit */
	xorb %al, %al
	outb %al, %dx                /* QEMU exits with status (0 << 1) | 1 */
1:	hlt
	jmp 1b
ASM
	as --32 -o "$T/exit.o" "$T/exit.S" &&
		ld -m elf_i386 -Ttext=0x100000 -e _start -o "$T/exit.elf" "$T/exit.o"
}
qemu_with_cpu() { # CPU: the QEMU command line with that CPU model
	echo "qemu-system-x86_64 -M microvm -enable-kvm -cpu $1 -m 16 -nodefaults -no-user-config -display none -serial none -monitor none -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel $T/exit.elf"
}
# The guest's exit makes QEMU exit 1, as do QEMU's own failures, which say why.
qemu_runs() {
	local err
	err=$($QEMU 2>&1 >/dev/null)
	[ $? -eq 1 ] && [ -z "$err" ] && return 0
	printf '%s\n' "${err:-QEMU exited other than through the guest}"
	return 1
}
# -cpu host, as QEMU is usually run with KVM. Where the host CPU's
# IA32_ARCH_CAPABILITIES cannot be set in a guest (PVM: "failed to set MSR
# 0x10a"), QEMU aborts at start; the same CPU without that one MSR runs.
QEMU_CPU=host
QEMU=$(qemu_with_cpu $QEMU_CPU)
qemu_pick_cpu() {
	bench_try qemu_runs && return 0
	case $BENCH_WHY in
	*"MSR 0x10a"* | *"kvm_buf_set_msrs"*) ;;
	*) return 1 ;;
	esac
	QEMU_CPU=host,-arch-capabilities
	QEMU=$(qemu_with_cpu $QEMU_CPU)
	bench_try qemu_runs
}

bench_section "micro-VM vs the raw-KVM floor and QEMU ($ROUNDS rounds)"
qemu_version=$(qemu-system-x86_64 --version 2>/dev/null | head -1 | cut -c1-60)
if [ -z "$qemu_version" ]; then
	qemu_why="QEMU is not installed (apt-get install qemu-system-x86)"
elif ! build_qemu_guest >"$T/as.log" 2>&1; then
	qemu_why="cannot build the QEMU guest: $(tail -1 "$T/as.log")"
elif ! qemu_pick_cpu; then
	qemu_why="QEMU did not run the exit guest: $BENCH_WHY"
else
	qemu_why=""
fi
if ! bench_try $VM; then
	[ -e /dev/kvm ] || BENCH_WHY="no /dev/kvm"
	bench_skip microvm.vs_floor "$FLOOR_ROW" "<=" 3.0 x "$BENCH_WHY"
	bench_skip microvm.vs_qemu "$QEMU_ROW" "<=" 0.07 x "$BENCH_WHY"
	bench_peer qemu-microvm "${qemu_version:--}" peer.qemu-microvm peer.isolab-microvm \
		"${qemu_why:-not timed: the isolab micro-VM it is set against cannot run: $BENCH_WHY}"
	bench_results peers peer.isolab-microvm
	bench_section_end
	exit 0
fi

why=""
for r in $(seq "$ROUNDS"); do
	if ! "$BENCH_BUILD/kvm_lifecycle" --floor "$r" "$FLOOR_RUNS" >>"$BENCH_REC" 2>"$T/floor.err"; then
		why="the raw-KVM floor cannot be measured: $(tail -1 "$T/floor.err")"
		break
	fi
	if ! bench_isolab_run "$T/vm.json" --launcher microvm -n "$RUNS"; then
		why="isolab run failed: $BENCH_WHY"
		break
	fi
	bench_results isolab-figure microvm.startup "$r" "$T/vm.json" startup_ns
done
if [ -n "$why" ]; then
	bench_skip microvm.vs_floor "$FLOOR_ROW" "<=" 3.0 x "$why"
else
	bench_ratio microvm.vs_floor "$FLOOR_ROW" microvm.startup microvm.kvm_floor "<=" 3.0
	bench_explain microvm.vs_floor "$T/vm.json"
fi

if [ -n "$qemu_why" ]; then
	bench_skip microvm.vs_qemu "$QEMU_ROW" "<=" 0.07 x "$qemu_why"
	bench_peer qemu-microvm "${qemu_version:--}" peer.qemu-microvm peer.isolab-microvm "$qemu_why"
else
	bench_peer isolab-microvm "isolab" peer.isolab-microvm peer.isolab-microvm
	bench_peer qemu-microvm "$qemu_version, -cpu $QEMU_CPU" peer.qemu-microvm peer.isolab-microvm
	bench_interleave "$ROUNDS" "$QEMU_RUNS" -s peer.qemu-microvm=1 \
		peer.isolab-microvm "$VM" peer.qemu-microvm "$QEMU"
	bench_ratio microvm.vs_qemu "$QEMU_ROW" peer.isolab-microvm peer.qemu-microvm "<=" 0.07
	bench_explain microvm.vs_qemu "$T/vm.json"
	bench_results peers peer.isolab-microvm
fi
bench_section_end
