#!/usr/bin/env bash
# microvm_vs_qemu: the micro-VM launcher against the smallest QEMU VM.
#
# Builds a trivial multiboot guest that exits at once through QEMU's
# isa-debug-exit device (in build/bench/), then times, with the same timer
# in the same run (hyperfine), the whole command of each:
#   isolab exec --launcher microvm -- noop
#   qemu-system-x86_64 -M microvm -enable-kvm -kernel exit.elf ...
# and checks the micro-VM's targets:
#   whole command   <= 0.1 x QEMU's
#   startup to ready <= 3 ms (median of isolab run -n 50)
#   VMM overhead    <= 2 MiB (overhead_kib, see microvm/README.md)
# and shows isolab's own floor (the same command with the process
# launcher), to tell the micro-VM's cost from isolab's.
# Prints PASS or MISS per target; exits 0 either way (a benchmark, not a
# test), non-zero only when it cannot run at all.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ISOLAB=${ISOLAB:-$ROOT/bin/isolab}
OUT=$ROOT/build/bench
RUNS=${RUNS:-50}
mkdir -p "$OUT"

for tool in qemu-system-x86_64 hyperfine as ld python3; do
	if ! command -v "$tool" >/dev/null; then
		echo "SKIP microvm_vs_qemu: $tool is not installed"
		exit 0
	fi
done
if [ ! -x "$ISOLAB" ]; then
	echo "microvm_vs_qemu: $ISOLAB not built (run make)" >&2
	exit 1
fi
if ! "$ISOLAB" exec --launcher microvm -- noop >/dev/null 2>"$OUT/err"; then
	echo "SKIP microvm_vs_qemu: the micro-VM cannot run here: $(cat "$OUT/err")"
	exit 0
fi

# The QEMU guest: a multiboot header and three instructions.
cat >"$OUT/exit.S" <<'ASM'
	.section .multiboot, "a"
	.align 4
	.long 0x1badb002             /* multiboot magic */
	.long 0                      /* flags */
	.long -0x1badb002            /* checksum */
	.text
	.globl _start
_start:
	movw $0xf4, %dx              /* isa-debug-exit */
	xorb %al, %al
	outb %al, %dx                /* QEMU exits with status (0 << 1) | 1 */
1:	hlt
	jmp 1b
ASM
as --32 -o "$OUT/exit.o" "$OUT/exit.S" &&
	ld -m elf_i386 -Ttext=0x100000 -e _start -o "$OUT/exit.elf" "$OUT/exit.o" || exit 1
QEMU="qemu-system-x86_64 -M microvm -enable-kvm -cpu host -m 16 -nodefaults -no-user-config -display none -serial none -monitor none -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel $OUT/exit.elf"
$QEMU >/dev/null 2>"$OUT/qemu.err"
if [ $? -ne 1 ]; then
	echo "SKIP microvm_vs_qemu: QEMU did not run the exit guest: $(head -c 300 "$OUT/qemu.err")"
	exit 0
fi

echo "== whole command, $RUNS runs each (hyperfine, no shell)"
# The process launcher's run is isolab's own floor (exec, dynamic loading,
# argument parsing, exit): shown to tell it apart from the micro-VM's cost.
hyperfine -N -i --warmup 5 --runs "$RUNS" --export-json "$OUT/hyperfine.json" \
	-n microvm "$ISOLAB exec --launcher microvm -- noop" \
	-n qemu "$QEMU" \
	-n process "$ISOLAB exec --launcher process -- noop" | sed -n '/Benchmark\|Time/p'

"$ISOLAB" run --launcher microvm --workload noop -n "$RUNS" --format json \
	--output "$OUT/microvm.json" >/dev/null || exit 1

python3 - "$OUT/hyperfine.json" "$OUT/microvm.json" <<'PY'
import json, statistics, sys
hf = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
runs = json.load(open(sys.argv[2]))["runs"]
vm, qemu = hf["microvm"]["median"], hf["qemu"]["median"]
startup = statistics.median(r["startup_ns"] for r in runs) / 1e6
overhead = statistics.median(r["overhead_kib"] for r in runs)
note = runs[0]["note"]
def verdict(ok): return "PASS" if ok else "MISS"
floor = hf["process"]["median"]
print(f"{note}")
print(f"isolab's own floor (exec --launcher process -- noop): {floor*1e3:.2f} ms; "
      f"the micro-VM adds {(vm-floor)*1e3:.2f} ms")
print(f"whole command: microvm {vm*1e3:.2f} ms, qemu {qemu*1e3:.2f} ms, "
      f"ratio {vm/qemu:.3f} (target <= 0.1): {verdict(vm <= 0.1 * qemu)}")
print(f"startup to ready: {startup:.2f} ms median (target <= 3 ms): {verdict(startup <= 3.0)}")
print(f"VMM overhead: {overhead:.0f} KiB median (target <= 2048 KiB): {verdict(overhead <= 2048)}")
PY
exit 0
