#!/bin/bash
# curriculum.sh: the guided labs and their grader (isolab lab, isolab check).
# For every lab: the untouched starter fails with its TODO tests failing,
# the reference solution passes with full automatic points, and each wrong
# solution under tests/curriculum/labN-*/ (the reference with the one
# mistake in its mistake.patch) fails the test its EXPECT file names. Also: JSON parses, a build error and a missing file are FAILs,
# a hanging solution ends within its timeouts, nothing is left behind
# (below this test's own TMPDIR and cgroups), and every shell block of every handout
# runs (with the reference solution in place of the starter).
source "$(dirname "$0")/lib.sh"

CURR=$ROOT/curriculum

# wrong_solution DIR: tests/curriculum/labN-NAME made whole: a scratch copy
# of labN's reference solution with DIR/mistake.patch applied. Prints it.
wrong_solution() {
	local name lab out
	name=$(basename "$1")
	lab=${name%%-*}
	out=$TEST_TMP/wrong-$name
	rm -rf "$out"
	cp -R "$CURR/solutions/$lab" "$out"
	patch -s -p1 -d "$out" <"$1/mistake.patch" >&2 || return 1
	echo "$out"
}
export ISOLAB_CURRICULUM=$CURR
# Rootless tests run the student's program as nobody: it must reach the
# build folder, which the grader makes below TMPDIR.
chmod 711 "$TEST_TMP"
export TMPDIR=$TEST_TMP/tmp
mkdir -m 711 "$TMPDIR"
PATH=$(dirname "$ISOLAB"):$PATH

if [ "$(id -u)" != 0 ]; then
	skip curriculum "the lab checks need root (lab 2 makes namespaces)"
	exit 0
fi

# check_json NAME DIR: runs isolab check NAME --dir DIR --format json into
# $TEST_TMP/NAME.json; RC is its exit status.
CHECK_PIDS=
check_json() {
	"$ISOLAB" check "$1" --dir "$2" --format json >"$TEST_TMP/$1.json" 2>"$TEST_TMP/err" &
	CHECK_PIDS="$CHECK_PIDS $!"
	wait $!
	RC=$?
	OUT=$(cat "$TEST_TMP/$1.json")
	ERR=$(cat "$TEST_TMP/err")
}

# j EXPR: evaluates EXPR on the last check's JSON (d).
j() { json_get "$TEST_TMP/$LAB.json" "$1" 2>/dev/null; }

# Processes, mounts, files or cgroups this test's checks left behind:
# anything below this test's own cgroups (lib.sh own_cgroups: the
# grader's pids caps and the cgroups lab 3 solutions make below their
# own land there), and cgroups named by this test's graders wherever a
# wrong solution made them (lab 3 names them lab3-GRADERPID-RANDOM).
leftovers() {
	local n=0 p
	for p in /proc/[0-9]*; do
		case "$(readlink "$p/cwd" 2>/dev/null)$(readlink "$p/exe" 2>/dev/null)" in
		*"$TMPDIR"*) n=$((n + 1)) ;;
		esac
	done
	n=$((n + $(grep -c "$TMPDIR" /proc/self/mountinfo)))
	n=$((n + $(find "$TMPDIR" -mindepth 1 -maxdepth 1 | wc -l)))
	[ ${#OWN_CGROUPS[@]} -gt 0 ] &&
		n=$((n + $(find "${OWN_CGROUPS[@]}" -mindepth 1 -type d 2>/dev/null | wc -l)))
	n=$((n + $(for pid in $CHECK_PIDS; do find /sys/fs/cgroup -maxdepth 8 -type d -name "lab3-$pid-*" 2>/dev/null; done | wc -l)))
	echo "$n"
}

# Every check runs below cgroups of this test's own, so a leftover is
# this test's, whatever others run on the machine at the same time.
own_cgroups
if [ ${#OWN_CGROUPS[@]} -eq 0 ]; then
	skip "curriculum: leftover cgroups" "no cgroup of this test's own to look below (needs a writable cgroupfs); only cgroups by name are looked for"
fi

capture "$ISOLAB" lab list
check "lab list names lab1 to lab4" test "$RC" -eq 0 -a "$(printf %s "$OUT" | grep -c '^lab[1234] ')" -eq 4

for LAB in lab1 lab2 lab3 lab4; do
	START=$TEST_TMP/start-$LAB
	capture "$ISOLAB" lab start "$LAB" "$START"
	check "$LAB: lab start copies the starter" test "$RC" -eq 0 -a -f "$START/answers.md" -a -f "$START/Makefile"
	check "$LAB: the starter has TODO($LAB) markers" grep -q "TODO($LAB)" "$START"/*.c
	capture "$ISOLAB" lab start "$LAB" "$START"
	check "$LAB: lab start refuses to overwrite" test "$RC" -eq 2 -a -n "$ERR"

	check_json "$LAB" "$START"
	check "$LAB: starter fails every automatic test" test "$RC" -eq 1 -a \
		"$(j 'd["automatic"]["points"]==0 and not d["passed"] and all(not t["passed"] and t["reason"] for t in d["tests"])')" = True

	check_json "$LAB" "$CURR/solutions/$LAB"
	check "$LAB: reference solution passes with full automatic points" test "$RC" -eq 0 -a \
		"$(j 'd["passed"] and d["automatic"]["points"]==d["automatic"]["max"]>0 and d["teacher"]["max"]>0')" = True
	check "$LAB: leaves nothing behind" test "$(leftovers)" -eq 0

	for WRONG in "$ROOT"/tests/curriculum/"$LAB"-*/; do
		# lab1-no-timeout hangs: checked (and timed) below.
		[ "$(basename "$WRONG")" = lab1-no-timeout ] && continue
		EXPECT=$(cat "$WRONG/EXPECT")
		NAME="$LAB: wrong solution $(basename "$WRONG") fails '$EXPECT'"
		check_json "$LAB" "$(wrong_solution "$WRONG")"
		check "$NAME" test "$RC" -eq 1 -a \
			"$(EXPECT=$EXPECT j '[t["passed"] for t in d["tests"] if t["name"]==__import__("os").environ["EXPECT"]]==[False]')" = True
	done
	check "$LAB: wrong solutions leave nothing behind" test "$(leftovers)" -eq 0
done

# Inside a cgroup namespace /proc/PID/cgroup shows paths relative to its
# root ("/"), not to the mounted hierarchy: the grader must still find and
# remove what a wrong lab 3 solution made (by its random name, which holds
# the grader's pid: unshare execs the grader in the process it was given).
if command -v unshare >/dev/null && unshare -C true 2>/dev/null; then
	unshare -C "$ISOLAB" check lab3 --dir "$(wrong_solution "$ROOT/tests/curriculum/lab3-top-level")" >/dev/null 2>&1 &
	NS_GRADER=$!
	wait $NS_GRADER
	check "lab3: inside a cgroup namespace, a check leaves no cgroup behind" test \
		"$(find /sys/fs/cgroup -maxdepth 8 -type d \( -name "lab3-$NS_GRADER-*" -o -name "isolab-check-$NS_GRADER-*" \) 2>/dev/null | wc -l)" -eq 0
else
	skip "lab3: inside a cgroup namespace, a check leaves no cgroup behind" "unshare -C is not possible here"
fi

# Measured answers (issue 14 §4): answers.md's "KEY: N from FILE" is
# verified against FILE, a real isolab result from this machine. One
# matching, one mismatching, one from another machine (its environment
# edited), one that is not an isolab result; the points do not change.
ANS=$TEST_TMP/answers-lab4
cp -R "$CURR/solutions/lab4" "$ANS"
"$ISOLAB" probe --launcher container --seccomp strict --format json --output "$ANS/strict.json" >/dev/null 2>&1
"$ISOLAB" probe --launcher process --format json --output "$ANS/process.json" >/dev/null 2>&1
python3 - "$ANS" <<'PY'
import json, sys
d = sys.argv[1]
strict = json.load(open(d + "/strict.json"))
n = strict["probe"][0]["counts"]["reached"]
process = json.load(open(d + "/process.json"))["probe"][0]["counts"]["reached"]
strict["environment"]["kernel"] = "Linux 2.6.32-another-machine"
json.dump(strict, open(d + "/foreign.json", "w"))
open(d + "/answers.md", "w").write(
    "# Lab 4 answers\n\n```\nname: test\n"
    f"strict_reached: {n} from strict.json\n"
    f"default_reached: {n} from foreign.json\n"
    f"process_reached: {process + 7} from process.json\n```\n")
PY
LAB=lab4
check_json lab4 "$ANS"
check "answers: a number matching its results file is verified" test "$RC" -eq 0 -a \
	"$(j '[a["state"] for a in d["answers"]["items"] if a["key"]=="strict_reached"]==["verified"]')" = True
check "answers: a number that differs from its file is not verified, naming both" test \
	"$(j '[a["state"] for a in d["answers"]["items"] if a["key"]=="process_reached" and "answers.md says" in a["reason"]]==["mismatch"]')" = True
check "answers: a file from another machine is not verified, naming the difference" test \
	"$(j '[a["state"] for a in d["answers"]["items"] if a["key"]=="default_reached" and "not a result from this machine" in a["reason"]]==["foreign"]')" = True
check "answers: the automatic points do not depend on them" test \
	"$(j 'd["automatic"]["points"]==d["automatic"]["max"] and d["answers"]["verified"]==1 and d["answers"]["total"]==3')" = True
echo '{"schema_version": 99, "environment": {}}' >"$ANS/foreign.json"
check_json lab4 "$ANS"
check "answers: a file that is not an isolab result this isolab reads is not verified" test \
	"$(j '[a["state"] for a in d["answers"]["items"] if a["key"]=="default_reached"]==["bad file"]')" = True
capture "$ISOLAB" check lab4 --dir "$ANS"
check "answers: the text format lists them apart from the points" test "$RC" -eq 0 -a \
	-n "$(printf '%s\n' "$OUT" | grep '^measured answers (answers.md): 1 of 3 verified')" -a \
	-n "$(printf '%s\n' "$OUT" | grep '^  strict_reached: [0-9]* from strict.json: verified$')"

# The text format: one line per test, the totals, exit 0 on a full pass.
capture "$ISOLAB" check lab1 --dir "$CURR/solutions/lab1"
check "check prints NAME: OK (p/p) lines and the totals" test "$RC" -eq 0 -a \
	"$(printf '%s\n' "$OUT" | grep -c ': OK ([0-9]*/[0-9]*)$')" -eq 7 -a \
	-n "$(printf %s "$OUT" | grep '^automatic total: 70/70$')" -a \
	-n "$(printf %s "$OUT" | grep '^left to the teacher: 20 points')"

# A build error and a missing file fail every test with the reason.
BROKEN=$TEST_TMP/broken
mkdir "$BROKEN"
echo 'int main(void) { return syntax error; }' >"$BROKEN/launch.c"
LAB=lab1
check_json lab1 "$BROKEN"
check "a build error fails every test with the compiler's message" test "$RC" -eq 1 -a \
	"$(j 'all(t["reason"].startswith("build failed") for t in d["tests"])')" = True
rm "$BROKEN/launch.c"
check_json lab1 "$BROKEN"
check "a missing source file fails every test, naming it" test "$RC" -eq 1 -a \
	"$(j 'all("missing launch.c" in t["reason"] for t in d["tests"])')" = True
# Editing the Makefile changes nothing: the grader uses its own.
cp "$CURR/solutions/lab1/launch.c" "$BROKEN/"
printf 'all:\n\ttrue\n' >"$BROKEN/Makefile"
check_json lab1 "$BROKEN"
check "the student's Makefile is ignored" test "$RC" -eq 0
capture "$ISOLAB" check lab1 --dir "$BROKEN" --format yaml
check "an unknown --format is a usage error" test "$RC" -eq 2 -a -z "$OUT"
capture "$ISOLAB" check lab9 --dir "$BROKEN"
check "an unknown lab is a usage error" test "$RC" -eq 2 -a -n "$ERR"

# A hanging solution: lab1-no-timeout never ends on 'hang'; the grader's
# own timeout (20 s for that test) must end it, and the check with it.
T0=$(date +%s)
check_json lab1 "$(wrong_solution "$ROOT/tests/curriculum/lab1-no-timeout")"
T1=$(date +%s)
# On failure, name what failed: the whole JSON is longer than check prints.
OUT=$(j '"; ".join(t["name"] + ": " + t["reason"] for t in d["tests"] if not t["passed"])')
check "a hanging solution fails 'hang killed at the timeout', naming the timeout" test "$RC" -eq 1 -a \
	"$(j '[t["reason"] for t in d["tests"] if not t["passed"]]==["expected launch to end, but it still ran after 20 s and was killed"]')" = True
# The bound is the sum of the tests' timeouts (190 s), not a speed claim.
check "a check of a hanging solution ends within its timeouts" test $((T1 - T0)) -le 190
check "the hanging solution leaves nothing behind" test "$(leftovers)" -eq 0

# Every shell block of every handout runs, with the reference solution in
# place of the starter (after `isolab lab start labN`). A block fenced
# ```sh interactive is for students at a terminal: skipped, visibly.
for HANDOUT in "$CURR"/lab*/handout.md; do
	LABDIR=$(dirname "$HANDOUT")
	LAB=$(basename "$LABDIR" | cut -d- -f1)
	WORK=$TEST_TMP/handout-$LAB
	mkdir -m 755 "$WORK"
	python3 - "$HANDOUT" "$CURR/solutions/$LAB" >"$WORK/steps.sh" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
sol = sys.argv[2]
print("set -eo pipefail")
for n, (info, body) in enumerate(re.findall(r"^```([^\n]*)\n(.*?)^```", text, re.S | re.M), 1):
    if not info.startswith("sh"):
        continue
    if "interactive" in info:
        print(f'echo "SKIP handout block {n}: for students to run interactively"')
        continue
    print(f"echo '--- block {n}' >&2")
    for line in body.splitlines():
        print(line)
        m = re.match(r"\s*isolab lab start (lab\d+)\s*$", line)
        if m:
            print(f'cp "{sol}"/*.c {m.group(1)}/')
PY
	(cd "$WORK" && bash "$WORK/steps.sh") >"$WORK/out" 2>&1
	RC=$?
	grep '^SKIP' "$WORK/out"
	OUT=$(tail -n 5 "$WORK/out")
	ERR=""
	check "$LAB: every shell block of the handout runs" test "$RC" -eq 0
done

exit $FAILED
