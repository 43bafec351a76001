# isolab ladder: the standard ladder end to end (every rung, the micro-VM
# one shown with its reason where there is no KVM), increments that add
# up to the top rung, host reach that never grows from the container
# rungs on, custom ladder files (a bad line refused with its number), and
# the staircase figure. Asserts no wall-clock speed; prints the time taken.
. "$(dirname "$0")/lib.sh"

json=$TEST_TMP/ladder.json
t0=$(date +%s.%N)
capture "$ISOLAB" ladder -n 3 --format json --output "$json"
t1=$(date +%s.%N)
echo "# isolab ladder -n 3 took $(echo "$t1 - $t0" | bc) s here"
check ladder_runs test "$RC" -eq 0 -o "$RC" -eq 3
check ladder_json_written test -s "$json"

q() { json_get "$json" "$1"; }
check every_standard_rung test "$(q '[r["label"] for r in d["ladder"]["rungs"]]')" = \
	"['process', '+user ns', '+pid ns', '+mount ns & pivot_root', '+uts/ipc/net/cgroup/time ns', '+cgroup limits', '+capabilities dropped', '+seccomp', 'micro-VM']"
check every_container_rung_ran test "$(q 'sum(1 for r in d["ladder"]["rungs"][:8] if "skipped" not in r and r["n"] == 3)')" = 8

vm_skip=$(q 'd["ladder"]["rungs"][8].get("skipped", "")')
if [ -n "$vm_skip" ]; then
	skip micro_vm_rung "$vm_skip"
	check exit_3_when_a_rung_skipped test "$RC" -eq 3
	check skip_reason_on_stderr grep -q "rung 'micro-VM' did not run: " "$TEST_TMP/err"
else
	check micro_vm_rung_ran test "$(q 'd["ladder"]["rungs"][8]["n"]')" = 3
fi

# Increments are differences of medians: the bottom rung plus every
# increment is the top rung, within the rounding of each value to 1 ns.
check increments_add_up python3 - "$json" <<'PY'
import json, sys
rungs = [r for r in json.load(open(sys.argv[1]))["ladder"]["rungs"] if "skipped" not in r]
for key in ("startup_ns", "run_ns", "teardown_ns", "footprint_kib"):
    total = rungs[0][key] + sum(r["increment"][key] for r in rungs[1:])
    assert abs(total - rungs[-1][key]) <= len(rungs), (key, total, rungs[-1][key])
    assert all(r["increment"][key + "_uncertainty"] >= 0 for r in rungs[1:])
PY

# Isolation never widens the host's reach: from the first container rung
# on, each rung reaches at most what the one below it reached.
check reach_monotone_from_container_rungs python3 - "$json" <<'PY'
import json, sys
rungs = json.load(open(sys.argv[1]))["ladder"]["rungs"]
reach = [r["host_reach"] for r in rungs[1:] if "host_reach" in r]
assert len(reach) >= 7, reach
assert all(b <= a for a, b in zip(reach, reach[1:])), reach
assert reach[-1] < reach[0], reach  # seccomp does take calls away
PY
check checklist_grows python3 - "$json" <<'PY'
import json, sys
rungs = json.load(open(sys.argv[1]))["ladder"]["rungs"][:8]
sets = [set(r["isolation"]) for r in rungs]
assert sets[0] == set(), sets[0]
assert all(a < b for a, b in zip(sets, sets[1:])), sets
assert "seccomp filter" in sets[-1] and "seccomp filter" not in sets[-2]
PY
# The mount rung is where a mounts phase first appears: its increment has
# the whole of it. (Which phase grew most is timing, which a busy machine
# can reorder: not asserted.)
check phases_of_the_mount_rung test "$(q '"mounts" not in d["ladder"]["rungs"][2]["phases"] and d["ladder"]["rungs"][3]["increment"]["phases"]["mounts"] == d["ladder"]["rungs"][3]["phases"]["mounts"] > 0')" = True

# The table: one line per rung, the micro-VM one with its reason.
capture "$ISOLAB" ladder -n 1 --warmup 0
check table_has_rungs test "$(grep -cE '^(process|[+][a-z]|micro-VM)' <<<"$OUT")" -ge 18
if [ -n "$vm_skip" ]; then
	check table_shows_skip_reason grep -q "^micro-VM .*SKIP: " <<<"$OUT"
fi
capture "$ISOLAB" ladder -n 1 --warmup 0 --format csv
check csv_one_line_per_rung test "$(wc -l <<<"$OUT")" -eq 10

# A custom ladder: comments and blank lines skipped, labels kept.
cat >"$TEST_TMP/two.ladder" <<'L'
# two rungs
bare:container:--ns=none,--seccomp=off,--cgroup=none

pid only:container:--ns=pid,--seccomp=off,--cgroup=none   # trailing comment
L
capture "$ISOLAB" ladder -n 2 --ladder "$TEST_TMP/two.ladder" --format json
check custom_ladder_runs test "$RC" -eq 0
check custom_ladder_labels test "$(python3 -c 'import json,sys; print([r["label"] for r in json.loads(sys.stdin.read())["ladder"]["rungs"]])' <<<"$OUT")" = "['bare', 'pid only']"
check custom_ladder_adds_words grep -q '"adds":"+pid namespace: the workload is pid 1' <<<"$OUT"

# A bad line is refused with its number, and nothing is written.
printf 'process:process\n# fine\nbroken line without launcher\n' >"$TEST_TMP/bad.ladder"
expect_usage_error bad_ladder_line ladder --ladder "$TEST_TMP/bad.ladder" --output "$TEST_TMP/never.json"
check bad_line_number grep -q "bad.ladder:3: " <<<"$ERR"
check bad_line_nothing_written test ! -e "$TEST_TMP/never.json"
printf 'process:process\nx:container:--nss=user\n' >"$TEST_TMP/bad2.ladder"
expect_usage_error bad_ladder_option ladder --ladder "$TEST_TMP/bad2.ladder"
check bad_option_line_number grep -q "bad2.ladder:2: variant 'x': --nss is not an option of the container launcher" <<<"$ERR"
printf 'x:container:--ns=user,bogus\n' >"$TEST_TMP/bad3.ladder"
expect_usage_error bad_ladder_value ladder --ladder "$TEST_TMP/bad3.ladder"
check bad_value_line_number grep -q "bad3.ladder:1: variant 'x': --ns: unknown namespace 'bogus'" <<<"$ERR"
printf '# nothing\n' >"$TEST_TMP/empty.ladder"
expect_usage_error empty_ladder ladder --ladder "$TEST_TMP/empty.ladder"
expect_usage_error ladder_bad_option ladder --frobnicate 1
expect_usage_error ladder_bad_workload ladder --workload nosuch

# Variants: two configs of one launcher, differing only in --ns, are
# rows of their own, with different checklists and different reach (as
# root, a user namespace demotes the kept CAP_SYS_ADMIN to its own).
HOSTV=host:container:--ns=none,--seccomp=off,--caps=keep:sys_admin,--cgroup=none
USERV=userns:container:--ns=user,--seccomp=off,--caps=keep:sys_admin,--cgroup=none
capture "$ISOLAB" compare --variant "$HOSTV" --variant "$USERV" -n 2 --format json
check variants_run test "$RC" -eq 0
printf %s "$OUT" >"$TEST_TMP/variants.json"
v() { json_get "$TEST_TMP/variants.json" "$1"; }
check variant_rows_labelled test "$(v '[s["variant"] for s in d["summary"]]')" = "['host', 'userns']"
check variant_runs_labelled test "$(v 'sorted(set(r["variant"] for r in d["runs"]))')" = "['host', 'userns']"
check variant_checklists_differ test "$(v '[("user namespace" in s["isolation"]) for s in d["summary"]]')" = "[False, True]"
capture "$ISOLAB" compare --variant "$HOSTV" --variant "$USERV" -n 1 --warmup 0
check variant_table_rows test "$(grep -cE '^(host|userns) +noop' <<<"$OUT")" -eq 2
check variant_table_checklist grep -q 'isolates: user namespace, capabilities dropped' <<<"$OUT"
capture "$ISOLAB" probe --variant "$HOSTV" --variant "$USERV" --format json
printf %s "$OUT" >"$TEST_TMP/vprobe.json"
check variant_probe_labelled test "$(json_get "$TEST_TMP/vprobe.json" '[p["variant"] for p in d["probe"]]')" = "['host', 'userns']"
check variant_probe_keeps_its_launcher test "$(json_get "$TEST_TMP/vprobe.json" '[p["launcher"] for p in d["probe"]]')" = "['container', 'container']"
check variant_reach_differs test "$(json_get "$TEST_TMP/vprobe.json" 'd["probe"][1]["host_direct"] < d["probe"][0]["host_direct"]')" = True
capture "$ISOLAB" report "$TEST_TMP/vprobe.json" --out "$TEST_TMP/vpreport"
check variant_probe_report_marks_its_options grep -q '^| userns | ns=\*\*user\*\*,' "$TEST_TMP/vpreport/report.md"
capture "$ISOLAB" report "$TEST_TMP/variants.json" --out "$TEST_TMP/vreport"
check variant_report_rows test "$(grep -cE '^\| (host|userns) \|' "$TEST_TMP/vreport/report.md")" -ge 2

expect_usage_error variant_no_launcher compare --variant justalabel
check variant_no_launcher_says grep -q "variant 'justalabel' is not LABEL:LAUNCHER" <<<"$ERR"
expect_usage_error variant_unknown_launcher compare --variant x:vm
expect_usage_error variant_unknown_option compare --variant x:container:--nss=user
check variant_unknown_option_says grep -q "variant 'x': --nss is not an option of the container launcher" <<<"$ERR"
expect_usage_error variant_bad_value compare --variant x:container:--ns=bogus
expect_usage_error variant_twice compare --variant a:process --variant a:container
expect_usage_error variant_and_launcher compare --variant a:process --launcher container
expect_usage_error variant_and_option compare --variant a:container --ns none

# Sweeps: one row per value, in order; mem:N touches N MiB, so each
# row's footprint is the first's plus (N - 1) MiB, within 256 KiB.
capture "$ISOLAB" compare --launcher process --workload mem:1,2,4,8 -n 3 --format json
check sweep_runs test "$RC" -eq 0
printf %s "$OUT" >"$TEST_TMP/sweep.json"
check sweep_rows_in_order test "$(json_get "$TEST_TMP/sweep.json" '[s["workload"] for s in d["summary"]]')" = "['mem:1', 'mem:2', 'mem:4', 'mem:8']"
check sweep_footprint_grows_1mib_per_mib python3 - "$TEST_TMP/sweep.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
fp = [r["footprint_kib"]["median"] for r in s]
n = [int(r["workload"].split(":")[1]) for r in s]
for f, k in zip(fp, n):
    assert abs((f - fp[0]) - (k - n[0]) * 1024) <= 256, (fp, n)
PY
capture "$ISOLAB" compare --launcher process --workload cpu:1000,100000 -n 1 --warmup 0
check sweep_table_rows test "$(grep -cE '^process +cpu:' <<<"$OUT")" -eq 2
expect_usage_error sweep_bad_value compare --workload mem:1,x
check sweep_bad_value_says grep -q "workload mem:N" <<<"$ERR"
expect_usage_error sweep_empty_item compare --workload mem:1,,2
check sweep_empty_item_says grep -q "an empty item" <<<"$ERR"
expect_usage_error sweep_empty_list compare --workload mem:,
expect_usage_error sweep_zero compare --workload mem:0,1

# The staircase figure: rendered, not blank, and its .gp runs alone.
if command -v gnuplot >/dev/null; then
	capture "$ISOLAB" plot "$json" --out "$TEST_TMP/plots"
	check plot_writes_ladder test "$RC" -eq 0 -a -s "$TEST_TMP/plots/ladder.png" -a -s "$TEST_TMP/plots/ladder.dat"
	# Not blank: many colours, among them the increments' blue and the
	# reach line's orange, each over more than a few pixels.
	check ladder_figure_not_blank test "$(identify -format '%k' "$TEST_TMP/plots/ladder.png" 2>/dev/null || echo 0)" -gt 8
	convert "$TEST_TMP/plots/ladder.png" -format %c histogram:info:- >"$TEST_TMP/hist" 2>/dev/null
	check ladder_figure_has_increments awk '/#0072B2/ { n += $1 } END { exit !(n > 500) }' "$TEST_TMP/hist"
	check ladder_figure_has_reach_line awk '/#D55E00/ { n += $1 } END { exit !(n > 100) }' "$TEST_TMP/hist"
	mkdir -p "$TEST_TMP/alone"
	cp "$TEST_TMP/plots/ladder.gp" "$TEST_TMP/plots/ladder.dat" "$TEST_TMP/alone/"
	(cd "$TEST_TMP/alone" && gnuplot ladder.gp) 2>"$TEST_TMP/gp.err"
	check ladder_gp_reruns_alone test -s "$TEST_TMP/alone/ladder.png" -a ! -s "$TEST_TMP/gp.err"
	check dat_has_every_rung test "$(grep -c '^[0-9]' "$TEST_TMP/alone/ladder.dat")" -eq 9
	capture "$ISOLAB" report "$json" --out "$TEST_TMP/report"
	check report_has_ladder grep -q '^### The isolation ladder' "$TEST_TMP/report/report.md"
	check report_says_startup_grows grep -q '^From process to .*, startup grows from ' "$TEST_TMP/report/report.md"
	check report_says_seccomp_reach grep -q '+seccomp costs .* and removes [0-9]* system calls from the host' "$TEST_TMP/report/report.md"
	check report_ladder_table test "$(grep -c '^| +' "$TEST_TMP/report/report.md")" -eq 7
else
	skip ladder_figure "gnuplot is not installed"
fi

exit $FAILED
