#!/bin/bash
# isolab dashboard, driven under tmux as a user would: columns, live
# numbers, the keys, resizing, colour, a hanging workload, signals, the
# export, and the refusals without a terminal. Uses its own tmux server
# (-L isolab-test-PID) and kills only that one. Its cgroups (own_cgroups)
# hold the tmux server, so the dashboard's leftovers are looked for below
# them only.
. "$(dirname "$0")/lib.sh"

if ! command -v tmux >/dev/null; then
	skip dashboard "tmux is not installed"
	finish
fi
own_cgroups
SOCK=isolab-test-$$
T="tmux -L $SOCK"
trap '$T kill-server 2>/dev/null; leave_own_cgroups; rm -rf "$TEST_TMP"' EXIT
export LANG=C.UTF-8

# start NAME CMD [ERE]: a fresh 120x40 session running CMD in $TEST_TMP, which
# records stty -a before and after, and the exit status; waits until the
# screen matches ERE, if given.
start() {
	$T kill-session -t dash 2>/dev/null
	rm -f "$TEST_TMP"/{rc,before,after,pid}
	$T new-session -d -s dash -x 120 -y 40 -c "$TEST_TMP" \
		"stty -a > before; echo \$\$ > pid; exec bash -c 'ISOLAB_SH=1 $2; echo \$? > rc; stty -a > after; sleep 600'"
	[ -z "$3" ] || wait_screen "$1: starts" "$3"
}
screen() { $T capture-pane -p -t dash; }
# wait_screen NAME ERE [SECONDS]: until the screen matches (default 15 s).
wait_screen() {
	local i
	for ((i = 0; i < ${3:-15} * 10; i++)); do
		screen | grep -Eq -- "$2" && return 0
		sleep 0.1
	done
	fail "$1" "never showed /$2/: $(screen | head -5 | tr '\n' '|')"
	return 1
}
wait_file() {
	local i
	for ((i = 0; i < 200; i++)); do [ -s "$1" ] && return 0; sleep 0.1; done
	return 1
}
runs_of() { screen | sed -n 3p | grep -Eo 'runs [0-9]+' | head -1; }
# The dashboard: the child of the session's shell (its pid file).
dash_pid() { pgrep -P "$(cat "$TEST_TMP/pid")" -f "isolab dashboard" | head -1; }

DASH="$ISOLAB dashboard --launcher process,container,microvm"

# Refusals: not a tty, TERM=dumb.
capture $DASH
check "dashboard: not a tty exits 2 with one line" test "$RC" -eq 2 -a \
	"$(printf %s "$ERR" | wc -l)" -le 1
check "dashboard: not a tty suggests compare" grep -q "isolab compare" "$TEST_TMP/err"
start "dashboard TERM=dumb" "TERM=dumb $DASH 2> err" ""
wait_file "$TEST_TMP/rc"
check "dashboard: TERM=dumb exits 2" test "$(cat "$TEST_TMP/rc")" = 2
check "dashboard: TERM=dumb says why" grep -q "TERM is dumb" "$TEST_TMP/err"

# Three columns, live numbers.
start dashboard "$DASH" "^process .*container .*microvm"
check "dashboard: three columns with the launcher names" \
	bash -c "$T capture-pane -p -t dash | sed -n 2p | grep -Eq '^process .*container .*microvm'"
wait_screen "dashboard: process runs" "^runs [1-9]"
sleep 0.1
A=$(runs_of); sleep 1.5; B=$(runs_of)
check "dashboard: the numbers change between two captures ($A, $B)" test -n "$A" -a "$A" != "$B"
check "dashboard: the micro-VM column says why it cannot run, or runs" \
	bash -c "$T capture-pane -p -t dash | grep -Eq 'microvm (cannot run here|exited|running|ready|idle)'"
# A column that cannot run gives its reason once (the startup panel), and
# its syscall reach panel says so in a few words, once the probe gave up.
if screen | grep -q 'microvm cannot run here'; then
	wait_screen "dashboard: the reach panel of a launcher that cannot run is short" \
		'not probed: cannot run' &&
		pass "dashboard: the reach panel of a launcher that cannot run is short"
	check "dashboard: the micro-VM's reason is on the screen once (count: $(screen | grep -c 'cannot open /dev/kvm'))" \
		test "$(screen | grep -c 'cannot open /dev/kvm')" -eq 1
else
	skip "dashboard: the reach panel of a launcher that cannot run" "every launcher runs here"
fi

# w: every column shows the new workload.
$T send-keys -t dash w
wait_screen "dashboard: w changes the workload" "workload cpu:" &&
	check "dashboard: w shows the workload in every column" \
		test "$(screen | sed -n 2p | grep -o 'cpu:[0-9]*' | wc -l)" -eq 3

# space freezes, r resets.
$T send-keys -t dash ' '
wait_screen "dashboard: space pauses" "process paused"
A=$(screen | sed -n 3p); sleep 1.2; B=$(screen | sed -n 3p)
check "dashboard: space freezes the numbers" test "$A" = "$B"
$T send-keys -t dash r
wait_screen "dashboard: r resets the counts" "^process paused.*" &&
	wait_screen "dashboard: r resets the counts to 0" "^runs 0 .*runs 0 " 3 &&
	pass "dashboard: r resets the counts"
$T send-keys -t dash ' '

# ? shows the help; any key closes it.
$T send-keys -t dash '?'
wait_screen "dashboard: ? shows the help" "isolab dashboard: keys" && pass "dashboard: ? shows the help"
$T send-keys -t dash x

# o: the focused column steps through the values its launcher lists (from
# the option table: the dashboard names no option), and the checklist's
# title follows; a launcher that lists none says so.
$T send-keys -t dash o
wait_screen "dashboard: o sets process's first listed value" "process: --spawn vfork \(o: next\)" &&
	wait_screen "dashboard: o shows in the column" "isolation \(--spawn vfork\)" 3 &&
	pass "dashboard: o cycles --spawn from the launcher's table"
$T send-keys -t dash o o
wait_screen "dashboard: o after the last value returns to the given options" "process: options as given" &&
	pass "dashboard: o returns to the options as given"
$T send-keys -t dash Tab o
wait_screen "dashboard: o on container skips the value already given" "container: --seccomp strict \(o: next\)" &&
	pass "dashboard: o on container starts at --seccomp strict"
$T send-keys -t dash Tab o
wait_screen "dashboard: o on microvm says it lists nothing" "microvm launcher lists no option values" &&
	pass "dashboard: o on a launcher without listed values says so"
$T send-keys -t dash Tab

# l: the ladder view, one live row per rung; l again: the columns.
$T send-keys -t dash l
if wait_screen "dashboard: l shows the ladder" "^isolation ladder: cumulative"; then
	missing=
	for rung in 'process' '+user ns' '+pid ns' '+mount ns & pivot_root' \
		'+cgroup limits' '+capabilities dropped' '+seccomp' 'micro-VM'; do
		screen | grep -Fq -- "$rung " || missing="$missing [$rung]"
	done
	check "dashboard: l shows the standard ladder's rung labels (missing:$missing)" \
		test -z "$missing"
	rung_runs() { screen | grep -E '^\+pid ns ' | grep -Eo 'runs [0-9]+'; }
	wait_screen "dashboard: the rungs run" '^\+seccomp .* [0-9.]+ [mµ]?s +[-+][0-9.]+ [mµ]?s +runs [1-9]' 30 &&
		pass "dashboard: the ladder shows each rung's median and increment"
	A=$(rung_runs); sleep 1.5; B=$(rung_runs)
	check "dashboard: the ladder's numbers change between two captures ($A, $B)" \
		test -n "$A" -a "$A" != "$B"
	check "dashboard: the micro-VM rung runs or says why it cannot, in place" \
		bash -c "$T capture-pane -p -t dash | grep -Eq '^micro-VM +(cannot run here: .+|.*runs [0-9]+|waiting for a run)'"
	# o acts on launcher columns the ladder view does not show: refused.
	$T send-keys -t dash o
	wait_screen "dashboard: o in the ladder view is refused" \
		"o: options are per rung here \(l: columns\)" &&
		pass "dashboard: o in the ladder view is refused in the status line"
	check "dashboard: the ladder view's hints leave out o and p" \
		bash -c "! $T capture-pane -p -t dash | tail -1 | grep -Eq 'o option|p probe'"
	# e in the ladder view: the rungs' runs, each under its label; a rung
	# that cannot run here is listed under its label too, not only its
	# launcher's name (several rungs share a launcher). First the micro-VM
	# rung must have run or said why, or it is in neither list yet.
	wait_screen "dashboard: the micro-VM rung ran or said why" \
		'^micro-VM +(cannot run here: .+|.*runs [1-9])' 30
	$T send-keys -t dash e
	if wait_screen "dashboard: e exports the ladder" "exported [0-9]+ runs to isolab-dashboard-"; then
		F=$(screen | grep -Eo 'isolab-dashboard-[0-9-]+\.json' | head -1)
		check "dashboard: the ladder export labels every rung, run or not" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
ran = {r["variant"] for r in d["runs"]}
assert "+seccomp" in ran and "+pid ns" in ran, ran
for k in d["not_run"]:
    assert k.get("variant"), k
assert "micro-VM" in ran | {k["variant"] for k in d["not_run"]}
' "$TEST_TMP/$F"
		rm -f "$TEST_TMP/$F"
	fi
fi
$T send-keys -t dash l
wait_screen "dashboard: l again returns to the columns" "^process .*container .*microvm" &&
	pass "dashboard: l again returns to the columns"

# 80x24, the minimum: the key hints fit whole, the help's among them.
$T resize-window -t dash -x 80 -y 24
if wait_screen "dashboard: columns at 80x24" "^process .*container .*microvm"; then
	last=$(screen | tail -1 | sed 's/ *$//')
	check "dashboard: at 80x24 the hint line ends with a whole hint ($last)" \
		bash -c "printf '%s\n' \"\$1\" | grep -Eq '(quit|help|pause|workload|rate|ladder|option|reset|probe|export)\$'" _ "$last"
	check "dashboard: at 80x24 the hint line keeps ? help" \
		bash -c "printf '%s\n' \"\$1\" | grep -Fq '? help'" _ "$last"
	if screen | grep -q 'microvm cannot run here'; then
		check "dashboard: at 80x24 the reach panel's few words fit a column" \
			bash -c "$T capture-pane -p -t dash | grep -Eq 'not probed: cannot run *\$'"
	else
		skip "dashboard: at 80x24 the reach panel's few words fit a column" "every launcher runs here"
	fi
	# The status line shares its 80 columns with the workload and rate.
	$T send-keys -t dash l
	wait_screen "dashboard: at 80x24 l names the ladder view, whole, in the status line" \
		'the isolation ladder \(l: columns\) *$' &&
		pass "dashboard: at 80x24 l names the ladder view, whole, in the status line"
	$T send-keys -t dash l
	wait_screen "dashboard: at 80x24 l again returns to the columns" "^process .*container .*microvm" &&
		pass "dashboard: at 80x24 l again returns to the columns"
fi
# Resize to 60x15 and back.
$T resize-window -t dash -x 60 -y 15
wait_screen "dashboard: too small at 60x15" "terminal too small: 60x15, need 80x24" &&
	pass "dashboard: too small at 60x15"
$T resize-window -t dash -x 120 -y 40
wait_screen "dashboard: columns back at 120x40" "^process .*container .*microvm" &&
	pass "dashboard: columns back after resizing"

# e: a results file in the schema.
$T send-keys -t dash e
if wait_screen "dashboard: e exports" "exported [0-9]+ runs to isolab-dashboard-"; then
	F=$(screen | grep -Eo 'isolab-dashboard-[0-9-]+\.json' | head -1)
	check "dashboard: the export parses and matches the schema" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema_version"] >= 2 and "environment" in d
assert d["runs"] and d["summary"]
r = d["runs"][0]
for k in ("launcher", "workload", "rep", "startup_ns", "footprint_kib", "phases", "counters", "exit_code"):
    assert k in r, k
assert r["startup_ns"] > 0
' "$TEST_TMP/$F"
	# A student hands the export to plot and report (issue 13).
	if command -v gnuplot >/dev/null; then
		capture "$ISOLAB" plot "$TEST_TMP/$F" --out "$TEST_TMP/fig"
		check "dashboard: isolab plot renders the export" \
			test "$RC" -eq 0 -a -s "$TEST_TMP/fig/startup.png"
	else
		skip "dashboard: isolab plot renders the export" "gnuplot is not installed"
	fi
	capture "$ISOLAB" report "$TEST_TMP/$F" --out "$TEST_TMP/rep"
	check "dashboard: isolab report reads the export" \
		grep -q "process" "$TEST_TMP/rep/report.md"
fi

# q: exit 0, terminal as before.
$T send-keys -t dash q
wait_file "$TEST_TMP/rc"
check "dashboard: q exits 0" test "$(cat "$TEST_TMP/rc" 2>/dev/null)" = 0
check "dashboard: stty -a unchanged after q" cmp -s "$TEST_TMP/before" "$TEST_TMP/after"
check "dashboard: no workload left after q (the ladder's rungs ran too)" \
	test -z "$(own_processes 'isolab-workload')"
check_no_leftover_cgroups "dashboard: no cgroup left after q (the ladder's rungs ran too)"

# NO_COLOR: no colour escapes; without it, colours (the control).
start "dashboard NO_COLOR" "NO_COLOR=1 $DASH" "^process "
check "dashboard: NO_COLOR=1 has no colour escapes" \
	bash -c "! $T capture-pane -p -e -t dash | grep -Eq $'\e\\\\[([0-9;]*;)?(3[0-7]|9[0-7]|38)[;m]'"
$T send-keys -t dash q
start "dashboard colour" "$DASH" "^process "
check "dashboard: colours without NO_COLOR (control)" \
	bash -c "$T capture-pane -p -e -t dash | grep -Eq $'\e\\\\[([0-9;]*;)?(3[0-7]|9[0-7]|38)[;m]'"
$T send-keys -t dash q

# hang --timeout 1: keys answer while a run hangs; nothing is left after q.
start "dashboard hang" "$ISOLAB dashboard --launcher process,container --workload hang --timeout 1" "(process|container) ready"
$T send-keys -t dash '?'
sleep 0.3
check "dashboard: a key answers while hang waits for its timeout" \
	bash -c "$T capture-pane -p -t dash | grep -q 'isolab dashboard: keys'"
$T send-keys -t dash x q
wait_file "$TEST_TMP/rc"
check "dashboard: q during hang exits 0" test "$(cat "$TEST_TMP/rc" 2>/dev/null)" = 0
check "dashboard: no workload left after q during hang" test -z "$(own_processes 'isolab-workload')"
check_no_leftover_cgroups "dashboard: no cgroup left after q during hang"

# SIGTERM: terminal restored, nothing left.
start "dashboard SIGTERM" "$ISOLAB dashboard --launcher process,container --workload hang --timeout 5" "(process|container) ready"
P=$(dash_pid)
if [ -n "$P" ]; then
	kill -TERM "$P"
	wait_file "$TEST_TMP/rc"
	check "dashboard: SIGTERM exits 130" test "$(cat "$TEST_TMP/rc" 2>/dev/null)" = 130
	check "dashboard: stty -a unchanged after SIGTERM" cmp -s "$TEST_TMP/before" "$TEST_TMP/after"
	check "dashboard: no workload left after SIGTERM" test -z "$(own_processes 'isolab-workload')"
	check_no_leftover_cgroups "dashboard: no cgroup left after SIGTERM"
else
	fail "dashboard: SIGTERM" "could not find the dashboard's pid"
fi

# --once: plain text, no escapes, the columns.
capture $ISOLAB dashboard --once --launcher process,container,microvm
check "dashboard --once: exit 0, columns, no escapes" test "$RC" -eq 0 -a \
	-n "$(printf %s "$OUT" | sed -n 2p | grep -E '^process .*container .*microvm')" -a \
	-z "$(printf %s "$OUT" | grep -l $'\e')"
# --binary: the runs happen in the runner's worker thread, which must
# watch the program's exit (its own peak memory) as isolab run does. It
# used to leave the program stopped at its exec until the run's timeout.
printf '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n' >"$TEST_TMP/hi.c"
if cc -static -O2 -o "$TEST_TMP/hi" "$TEST_TMP/hi.c" 2>/dev/null; then
	for l in "process --spawn fork" "process --spawn vfork" container; do
		# shellcheck disable=SC2086 # the launcher and its option
		capture env LANG=C.UTF-8 $ISOLAB dashboard --once --launcher $l \
			--iterations 5 --rate max --timeout 5 --binary "$TEST_TMP/hi"
		check "dashboard --once --binary ($l): 5 runs, none failed, its own memory shown" \
			test "$RC" -eq 0 -a -n "$(grep -E '^runs 5 +fail 0 ' "$TEST_TMP/out")" \
			-a -n "$(grep -E 'own [1-9][0-9]* KiB' "$TEST_TMP/out")"
	done
else
	skip "dashboard --once --binary" "cc cannot build a static program here"
fi
expect_usage_error "dashboard: bad --interval" dashboard --interval 0
expect_usage_error "dashboard: bad --rate" dashboard --rate fast
finish
