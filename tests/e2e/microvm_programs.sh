# Student programs in the micro-VM: tests/programs/*.c and *.cc, built with
# gcc -static (glibc), musl-gcc -static and g++ -static (libstdc++), run
# under the process launcher and the micro-VM. Same stdout, same stderr
# (isolab's own "isolab: ..." lines aside: under the micro-VM a failing
# run also names what the guest kernel lacks), same exit status or signal.
. "$(dirname "$0")/lib.sh"

# PROGRAMS_KEEP=DIR builds the programs into DIR and stops there;
# PROGRAMS_DIR=DIR then takes them instead of building them. For
# tests/nested-kvm, where gcc under TCG takes minutes per program: build on
# the host, run inside.
SRC=$ROOT/tests/programs
BIN_DIR=${PROGRAMS_KEEP:-$TEST_TMP/programs}
mkdir -p "$BIN_DIR"

# build TOOL SUFFIX FILE: the program, or a SKIP line when TOOL is missing.
build() {
	local cc=$1 suffix=$2 src=$3 name
	name=$(basename "${src%.*}")
	if ! command -v "$cc" >/dev/null; then
		return 1
	fi
	"$cc" -static -O2 -o "$BIN_DIR/$name.$suffix" "$src" -lm 2>"$TEST_TMP/cc.err" ||
		{ fail "build $name.$suffix" "$(head -c 300 "$TEST_TMP/cc.err")"; return 1; }
}

# run_both PROGRAM [--mem MiB] [-- ARGS]: exec under process and microvm,
# stdin piped from $TEST_TMP/stdin; sets P_RC, V_RC and $TEST_TMP/{p,v}.*
run_both() {
	local prog=$BIN_DIR/$1 mem=()
	shift
	if [ "${1:-}" = --mem ]; then
		mem=(--mem "$2")
		shift 2
	fi
	[ "${1:-}" = -- ] && shift
	cat "$TEST_TMP/stdin" | "$ISOLAB" exec --launcher process --timeout 60 --binary "$prog" -- "$@" \
		>"$TEST_TMP/p.out" 2>"$TEST_TMP/p.err"
	P_RC=$?
	cat "$TEST_TMP/stdin" | "$ISOLAB" exec --launcher microvm --timeout 60 "${mem[@]}" \
		--binary "$prog" -- "$@" >"$TEST_TMP/v.out" 2>"$TEST_TMP/v.err"
	V_RC=$?
	grep -v '^isolab: ' "$TEST_TMP/p.err" >"$TEST_TMP/p.err.program"
	grep -v '^isolab: ' "$TEST_TMP/v.err" >"$TEST_TMP/v.err.program"
}

# same_as_process LABEL PROGRAM [--mem MiB] [-- ARGS]
same_as_process() {
	local label=$1
	shift
	run_both "$@"
	check "$label: exit status identical ($P_RC)" test "$P_RC" -eq "$V_RC"
	check "$label: stdout identical ($(wc -c <"$TEST_TMP/p.out") bytes)" \
		cmp -s "$TEST_TMP/p.out" "$TEST_TMP/v.out"
	check "$label: stderr identical ($(wc -c <"$TEST_TMP/p.err.program") bytes)" \
		cmp -s "$TEST_TMP/p.err.program" "$TEST_TMP/v.err.program"
	# isolab's own line about a killed program names the same signal.
	if grep -q '^isolab: .* was killed by SIG' "$TEST_TMP/p.err"; then
		check "$label: both say which signal killed it" \
			test "$(grep -o 'killed by SIG[A-Z]*' "$TEST_TMP/p.err")" = "$(grep -o 'killed by SIG[A-Z]*' "$TEST_TMP/v.err")"
	fi
}

printf 'one line\nand another, longer line\n\n  spaced   words  \n' >"$TEST_TMP/stdin"
for i in $(seq 1 2000); do echo "line $i of the piped input"; done >>"$TEST_TMP/stdin"

build_all() {
	for src in "$SRC"/*.c "$SRC"/*.cc; do
		case $src in
		*.cc) build g++ gxx "$src" || skip "$(basename "$src")" "g++ not installed (lab/scripts/install-deps.sh)" ;;
		*)
			build gcc glibc "$src"
			build musl-gcc musl "$src" || skip "$(basename "$src") with musl" "musl-gcc not installed (musl-tools)"
			;;
		esac
	done
}
if [ -n "${PROGRAMS_KEEP:-}" ]; then
	build_all
	finish
fi
if ! python3 -c 'import os; os.close(os.open("/dev/kvm", os.O_RDWR))' 2>/dev/null; then
	skip "microvm programs" "cannot open /dev/kvm read-write here"
	finish
fi
if [ -n "${PROGRAMS_DIR:-}" ]; then
	cp "$PROGRAMS_DIR"/* "$BIN_DIR"/ ||
		{ fail "microvm programs" "cannot take the programs from PROGRAMS_DIR=$PROGRAMS_DIR"; finish; }
else
	build_all
fi

# What a crash must end as, whatever the C library: 128 + signal.
expected_status() {
	case $1 in
	abort.*|assert.*) echo 134 ;; # SIGABRT
	divzero.*) echo 136 ;;        # SIGFPE
	nullwrite.*|recurse.*) echo 139 ;; # SIGSEGV
	atexit.*) echo 42 ;;
	*) echo 0 ;;
	esac
}

for prog in "$BIN_DIR"/*; do
	name=$(basename "$prog")
	case $name in
	fork.*|random.*) continue ;; # below: they differ from the process on purpose
	bss.*|malloc.*) same_as_process "$name" "$name" --mem 128 ;;
	atexit.*) same_as_process "$name" "$name" -- 42 ;;
	printf.*)
		same_as_process "$name" "$name"
		same_as_process "$name line-buffered" "$name" -- line
		;;
	*) same_as_process "$name" "$name" ;;
	esac
	want=$(expected_status "$name")
	check "$name: ends as $want in the micro-VM" test "$V_RC" -eq "$want"
done

run_json() { # NAME PROGRAM [ARGS...]: isolab run into $TEST_TMP/NAME.json
	local name=$1 prog=$2
	shift 2
	capture "$ISOLAB" run --launcher microvm -n 1 --warmup 0 --format json \
		--output "$TEST_TMP/$name.json" --binary "$BIN_DIR/$prog" -- "$@"
}
get() { json_get "$TEST_TMP/$1.json" "$2"; }

# fork: the program sees ENOSYS, the note names the call, exec says it.
for lib in glibc musl; do
	[ -x "$BIN_DIR/fork.$lib" ] || continue
	call=$([ $lib = glibc ] && echo clone || echo fork) # glibc forks with clone
	run_both "fork.$lib"
	check "fork.$lib: the program sees errno ENOSYS" \
		grep -q '^fork failed: errno 38 ' "$TEST_TMP/v.out"
	check "fork.$lib: exec names the missing call on stderr" \
		grep -q "^isolab: the guest kernel does not implement: .*$call ([0-9]*) ×1" "$TEST_TMP/v.err"
	run_json fork-$lib "fork.$lib"
	check "fork.$lib: the run's note names $call" \
		test "$(get fork-$lib "'$call (' in d['runs'][0]['note']")" = True
	check "fork.$lib: guest_syscalls counts it" \
		test "$(get fork-$lib "d['runs'][0]['guest_syscalls'].get('$call')")" = 1
	capture "$ISOLAB" run --launcher microvm -n 1 --warmup 0 --binary "$BIN_DIR/fork.$lib"
	check "fork.$lib: the table shows the note" grep -q "note: the guest kernel does not implement: .*$call" "$TEST_TMP/out"
done

# A successful run lists its system calls, and exec prints no note.
run_json printf printf.glibc
check "guest_syscalls counts write and brk" \
	test "$(get printf "d['runs'][0]['guest_syscalls']['write'] > 0 and d['runs'][0]['guest_syscalls']['brk'] > 0")" = True
run_both printf.glibc
check "exec of a program that succeeds adds no line of its own" test "$(grep -c '^isolab: ' "$TEST_TMP/v.err")" -eq 0

# Runaway recursion faults in the guard just below the 1 MiB stack: with
# --mem 16 the stack is [15 MiB, 16 MiB) and the guard the 64 KiB below.
for lib in glibc musl; do
	[ -x "$BIN_DIR/recurse.$lib" ] || continue
	run_json recurse-$lib "recurse.$lib"
	check "recurse.$lib: SIGSEGV" test "$(get recurse-$lib "d['runs'][0]['signal']")" = 11
	addr=$(get recurse-$lib "int(d['runs'][0]['fault'].split()[2], 16)")
	check "recurse.$lib: fault address $(printf 0x%x "${addr:-0}") lies in the stack guard" \
		test "${addr:-0}" -ge $((0xf00000 - 0x10000)) -a "${addr:-0}" -lt $((0xf00000))
done

# getrandom: the host's randomness, different every run.
for lib in glibc musl; do
	[ -x "$BIN_DIR/random.$lib" ] || continue
	a=$("$ISOLAB" exec --launcher microvm --binary "$BIN_DIR/random.$lib" 2>/dev/null)
	b=$("$ISOLAB" exec --launcher microvm --binary "$BIN_DIR/random.$lib" 2>/dev/null)
	check "random.$lib: 16 random bytes ($a)" test "${#a}" -eq 32
	check "random.$lib: two runs differ" test "$a" != "$b"
done
finish
