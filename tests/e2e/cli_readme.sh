# The README stays true: every command in its code blocks still runs, and
# the counts it states match the code they count.
. "$(dirname "$0")/lib.sh"

README=${ISOLAB_README:-$ROOT/README.md}

# The commands of the code blocks: every line of a ```sh block, and the
# "$ " lines of the other blocks (example sessions), comments dropped.
awk '
	/^```/ { if (inblock) { inblock = 0 } else { inblock = 1; sh = ($0 ~ /^```(sh|bash)/) } next }
	inblock && sh { sub(/[ \t]+#.*$/, ""); if ($0 != "") print; next }
	inblock && /^\$ / { sub(/^\$ /, ""); print }
' "$README" >"$TEST_TMP/commands"
check "the README has commands in code blocks" test -s "$TEST_TMP/commands"

# The README's commands run where a student would type them: in a
# directory of their own (lab start writes ./lab1 there). The sanitizer
# build lives in build/san/bin, not next to curriculum/.
mkdir -p "$TEST_TMP/work"
cd "$TEST_TMP/work" || exit 1
export ISOLAB_CURRICULUM=$ROOT/curriculum

while read -r line; do
	case $line in
	make\ *)
		target=${line#make }
		# make test runs this very script, and make demo installs
		# packages: check that the target exists and what it would do.
		capture make -n -C "$ROOT" $target
		check "README: '$line' is a make target (make -n)" test "$RC" -eq 0
		skip "README: running '$line'" "not from inside make test (it runs these tests); make -n checked it"
		;;
	isolab\ check\ *)
		# The README checks the untouched starter: graded, and failing
		# (exit 1) until the student fills in the TODOs.
		# shellcheck disable=SC2086
		capture "$ISOLAB" ${line#isolab }
		check "README: '$line' grades the starter (exit 1: its TODO tests fail)" \
			test "$RC" -eq 1 -a -s "$TEST_TMP/out"
		;;
	./bin/isolab\ *|isolab\ *)
		args=${line#./bin/isolab }
		args=${args#isolab }
		# shellcheck disable=SC2086 # the README's words, split as a shell would
		capture "$ISOLAB" $args
		if [ "$RC" -eq 0 ]; then
			pass "README: '$line' runs"
		elif [ "$RC" -eq 3 ] && ! [ -e /dev/kvm ] && grep -q "microvm" "$TEST_TMP/out" "$TEST_TMP/err"; then
			check "README: '$line' runs the launchers it can (exit 3: no /dev/kvm)" \
				grep -q '^process ' "$TEST_TMP/out"
			skip "README: '$line' with the micro-VM" "no /dev/kvm on this machine"
		else
			fail "README: '$line' runs" "rc=$RC err=$(head -c 300 "$TEST_TMP/err")"
		fi
		;;
	*)
		fail "README: '$line'" "a command this test does not know how to run; teach it"
		;;
	esac
done <"$TEST_TMP/commands"

# "implements N system call numbers": the NR_ list of the guest kernel.
stated=$(tr '\n' ' ' <"$README" | grep -o 'implements [0-9]* system call numbers' | grep -o '[0-9]*')
counted=$(grep -c '^[[:space:]]*NR_[a-z0-9_]* = [0-9]*,' "$ROOT/microvm/guest/syscalls.h")
check "README states the guest kernel's system call count" test -n "$stated"
check "README's guest system call count ($stated) is the NR_ list's ($counted)" test "${stated:-x}" = "$counted"

troubleshooting=$(awk '/^## Troubleshooting/ {on = 1; next} /^## / {on = 0} on' "$README")
for topic in "No /dev/kvm" "cannot open it" "delegated cgroups" "busy machine" "PVM and VT-x"; do
	check "README Troubleshooting covers: $topic" grep -q "$topic" <<<"$troubleshooting"
done
finish
