#!/bin/bash
# isolab plot / isolab report from the committed fixture results files
# (tests/fixtures/report): every figure's .dat, .gp and image, images that
# are valid and not blank, scripts that re-run alone, the report's content,
# the class-wide comparison, bad files, and a PATH without gnuplot.
source "$(dirname "$0")/lib.sh"
FIX=$ROOT/tests/fixtures/report
ONE=("$FIX"/compare-*.json "$FIX"/run-*.json "$FIX"/probe.json "$FIX"/density-*.json)

if ! command -v gnuplot >/dev/null; then
	skip report_plot "gnuplot is not installed (apt-get install gnuplot-nox)"
	exit 0
fi

# distinct_colours FILE.png: how many colours the image uses.
distinct_colours() { identify -format '%k' "$1" 2>/dev/null || echo 0; }

PLOTS=$TEST_TMP/plots
echo keep >"$TEST_TMP/unrelated"
mkdir -p "$PLOTS" && echo keep >"$PLOTS/notes.txt"
capture "$ISOLAB" plot "${ONE[@]}" --out "$PLOTS"
check plot_exit_0 test "$RC" -eq 0
for name in startup phases times memory reach reach-strip density-ready density-memory; do
	ok=1
	for ext in dat gp png; do [ -s "$PLOTS/$name.$ext" ] || ok=0; done
	check "plot_${name}_files" test "$ok" -eq 1
	check "plot_${name}_png_valid" test "$(identify -format %m "$PLOTS/$name.png" 2>/dev/null)" = PNG
	check "plot_${name}_not_blank" test "$(distinct_colours "$PLOTS/$name.png")" -gt 8
	check "plot_${name}_dat_header" grep -q '^# columns: 1:' "$PLOTS/$name.dat"
	# The script re-runs by itself in an empty directory holding only its .dat.
	alone=$TEST_TMP/alone-$name
	mkdir "$alone" && cp "$PLOTS/$name.dat" "$PLOTS/$name.gp" "$alone/"
	(cd "$alone" && gnuplot "$name.gp" 2>"$alone/log")
	check "plot_${name}_gp_reruns_alone" test -s "$alone/$name.png"
done
check plot_units_in_header grep -q 'startup (ms)' "$PLOTS/startup.dat"
check plot_footnote grep -q 'isolab 0.1.0 | Linux' "$PLOTS/startup.gp"
check plot_keeps_unrelated_files test "$(cat "$PLOTS/notes.txt")" = keep -a "$(cat "$TEST_TMP/unrelated")" = keep
check plot_no_temp_left test -z "$(ls -A "$PLOTS" | grep -E '^\.|tmp-')"

# Every figure, one machine or several: the environment footnote with the
# isolab version, a unit on an axis, nothing run off the canvas, a legend
# clear of the footnote (no colour in the footnote's band at the bottom),
# and no two legend entries drawn alike (colour and fill pattern; the
# phases figure stacks nine).
capture "$ISOLAB" plot "$FIX"/machines/*.json --out "$TEST_TMP/class-figs"
# colour_in_footnote FILE.png: coloured pixels from just above the
# footnote's first line to the bottom edge.
colour_in_footnote() {
	local h top
	h=$(identify -format %h "$1") && top=$((h - h * 5 / 100 - 14))
	convert "$1" -crop "x$((h - top))+0+$top" +repage -colorspace HSL -channel G \
		-separate +channel -threshold 20% -format '%[fx:round(mean*w*h)]' info:
}
# ink_at_edges FILE.png: dark pixels in the outermost few pixels all round
# (text running off the canvas, e.g. the last median's label).
ink_at_edges() {
	local side crop n=0
	for side in East:6x+0+0 West:6x+0+0 North:x6+0+0 South:x4+0+0; do
		crop=${side#*:}
		n=$((n + $(convert "$1" -gravity "${side%%:*}" -crop "$crop" +repage -colorspace Gray \
			-negate -threshold 10% -format '%[fx:round(mean*w*h)]' info:)))
	done
	echo "$n"
}
# series_drawn_alike FILE.gp: the legend entries drawn alike, if any. An
# empty fill (pattern 0) shows no colour, so any two of those are alike.
series_drawn_alike() {
	grep -v notitle "$1" | grep -o 'ls [0-9]* dt solid fs pattern [0-9]*' |
		sed 's/^ls [0-9]* \(dt solid fs pattern 0\)$/ls - \1/' | sort | uniq -d
}
for gp in "$PLOTS"/*.gp "$TEST_TMP"/class-figs/*.gp; do
	name=$(basename "$gp" .gp)
	check "figure_${name}_footnote_version" grep -q '^set label 1 ".*isolab 0\.1\.0' "$gp"
	check "figure_${name}_axis_unit" grep -qE '^set [xy]label ".*\(.+\)' "$gp"
	check "figure_${name}_legend_clear_of_footnote" test "$(colour_in_footnote "${gp%.gp}.png")" = 0
	check "figure_${name}_nothing_at_the_edges" test "$(ink_at_edges "${gp%.gp}.png")" = 0
	check "figure_${name}_series_drawn_apart" test -z "$(series_drawn_alike "$gp")"
done
# Nothing outside DIR: not the working directory, not DIR's parent.
mkdir -p "$TEST_TMP/outside/cwd"
(cd "$TEST_TMP/outside/cwd" && "$ISOLAB" report "${ONE[@]}" --out ../dir >/dev/null 2>&1)
check report_touches_only_dir test "$(ls -A "$TEST_TMP/outside")" = "$(printf 'cwd\ndir')" -a -z "$(ls -A "$TEST_TMP/outside/cwd")"

for fmt in svg pdf; do
	capture "$ISOLAB" plot "$FIX/compare-noop.json" --out "$TEST_TMP/$fmt" --format "$fmt"
	file=$TEST_TMP/$fmt/startup.$fmt
	if [ "$fmt" = svg ]; then
		check plot_svg_valid grep -q '<svg' "$file"
		# Each memory bar carries its total, so a bar too thin to see
		# (the process's) still reads as a number.
		for l in process container; do
			total=$(json_get "$FIX/compare-noop.json" "(lambda m: '%.0f KiB' % m if m < 1024 else '%.1f MiB' % (m / 1024))(__import__('statistics').median(r['workload_peak_kib'] for r in d['runs'] if r['launcher'] == '$l') + __import__('statistics').median(r['overhead_kib'] for r in d['runs'] if r['launcher'] == '$l'))")
			check "plot_memory_total_$l" grep -q ">$total</text>" "$TEST_TMP/svg/memory.svg"
		done
	else
		check plot_pdf_valid test "$(head -c 5 "$file" 2>/dev/null)" = "%PDF-"
	fi
done

# The report: every launcher, the fixture's numbers, the sections.
REP=$TEST_TMP/report
capture "$ISOLAB" report "${ONE[@]}" --out "$REP"
check report_exit_0 test "$RC" -eq 0
MD=$REP/report.md
for l in process container; do
	check "report_names_$l" grep -q "^| $l |" "$MD"
done
median=$(json_get "$FIX/compare-noop.json" "'%.1f ms' % ([s for s in d['summary'] if s['launcher']=='container'][0]['startup_ns']['median']/1e6)")
check report_has_fixture_median grep -q "| container | $median |" "$MD"
check report_relative_column grep -q '| 1.00 |' "$MD"
check report_claims grep -q '## Claims checked' "$MD"
check report_embeds_figures grep -q '!\[.*\](startup.png)' "$MD"
reached=$(json_get "$FIX/probe.json" "[p for p in d['probe'] if p['launcher']=='container'][0]['counts']['reached']")
check report_reach_numbers grep -q "container, the workload talked to the host kernel: $reached system call numbers were reached" "$MD"

# Every figure's sentences and every claim: the numbers and verdicts
# computed from the JSON by tests/e2e/report_expect.py, found verbatim in
# report.md. Two edited copies (a fake micro-VM from the container's runs,
# the probe altered) make each claim hold in one and not in the other, so
# a claim that fails on the data is seen said to fail.
expect_sentences() { # PREFIX REPORT.md FILE...
	local prefix=$1 md=$2 name want n=0
	shift 2
	while IFS=$'\t' read -r name want; do
		check "${prefix}_$name" grep -qF -- "$want" "$md"
		n=$((n + 1))
	done < <(python3 "$ROOT/tests/e2e/report_expect.py" "$@")
	check "${prefix}_has_expectations" test "$n" -ge 8
}
expect_sentences says "$MD" "${ONE[@]}"
python3 - "$FIX/compare-noop.json" "$FIX/probe.json" "$TEST_TMP" <<'PY'
import copy, json, sys
base, probe = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
def variant(name, startup, peak, overhead, kvm, edit_probe):
    d = copy.deepcopy(base)
    d["probe"] = copy.deepcopy(probe["probe"])
    for i, r in enumerate([r for r in d["runs"] if r["launcher"] == "container"]):
        v = copy.deepcopy(r)
        v["launcher"] = "microvm"
        v["startup_ns"] = int(r["startup_ns"] * startup)
        v["total_ns"] = r["total_ns"] - r["startup_ns"] + v["startup_ns"]
        v["workload_peak_kib"], v["overhead_kib"] = peak, overhead
        v["counters"] = {"kvm_kernel_kib_estimate": kvm, "exit_io": 10 + i % 7, "exit_hlt": 3}
        d["runs"].append(v)
    edit_probe(d["probe"])
    json.dump(d, open("%s/%s.json" % (sys.argv[3], name), "w"))
def guest_and_more(probes):
    pr = {p["launcher"]: p for p in probes}
    pr["container"]["kernel"] = "guest"
    pr["container"]["host_direct"] = pr["process"]["host_direct"] + 20
variant("claims-hold", 3.0, 900, 20000, 3000, lambda p: None)
variant("claims-fail", 0.25, 8, 4, 0, guest_and_more)
PY
for c in hold fail; do
	capture "$ISOLAB" report "$TEST_TMP/claims-$c.json" --out "$TEST_TMP/claims-$c"
	expect_sentences "claims_$c" "$TEST_TMP/claims-$c/report.md" "$TEST_TMP/claims-$c.json"
done
check claims_all_four_hold test "$(grep -c 'the claim holds in this measurement' "$TEST_TMP/claims-hold/report.md")" -eq 4
check claims_all_four_fail test "$(grep -c 'the claim does not hold in this measurement' "$TEST_TMP/claims-fail/report.md")" -eq 4
# A class: the same two as two machines (another kernel makes another
# machine) beside a third with no micro-VM and no probe. Per claim, how
# many machines it held on, did not, and could not be judged on; then
# each machine's verdicts.
python3 - "$TEST_TMP/claims-fail.json" "$FIX/machines/this-machine.json" "$TEST_TMP" <<'PY'
import json, sys
for src, name, kernel in ((sys.argv[1], "claims-other", "Linux 6.1.0-other"),
                          (sys.argv[2], "claims-bare", "Linux 5.10.0-bare")):
    d = json.load(open(src))
    d["environment"]["kernel"] = kernel
    json.dump(d, open("%s/%s.json" % (sys.argv[3], name), "w"))
PY
CLC=$TEST_TMP/claims-class
capture "$ISOLAB" report "$TEST_TMP/claims-hold.json" "$TEST_TMP/claims-other.json" \
	"$TEST_TMP/claims-bare.json" --out "$CLC"
check claims_class_exit_0 test "$RC" -eq 0
check claims_class_section grep -qx '## Claims checked, machine by machine' "$CLC/report.md"
check claims_class_no_one_machine_sentences bash -c "! grep -q 'in this measurement' '$CLC/report.md'"
for claim in 'A VM needs more memory than a container.' 'VMs start slowly.' \
	'A container shares the host kernel.' 'A process has the least isolation.'; do
	check "claims_class_counts ($claim)" grep -qxF "| $claim | 1 | 1 | 1 |" "$CLC/report.md"
done
check claims_class_row_holds grep -qx '| claims-hold | holds | holds | holds | holds |' "$CLC/report.md"
check claims_class_row_fails grep -qx '| claims-other | does not hold | does not hold | does not hold | does not hold |' "$CLC/report.md"
check claims_class_row_unmeasured grep -qx '| claims-bare | not measured | not measured | not measured | not measured |' "$CLC/report.md"

# Class-wide: several machines side by side, a table of machines.
CLS=$TEST_TMP/class
capture "$ISOLAB" report "$FIX"/machines/*.json --out "$CLS"
check class_exit_0 test "$RC" -eq 0
for m in lab-pc-vtx laptop-amdv cloud-pvm this-machine; do
	check "class_table_$m" grep -q "^| $m |" "$CLS/report.md"
done
# report.md embeds the table of machines plot prints and writes: one row
# per file, built once (report_data) and rendered by one writer.
check class_report_file_table grep -q '^| lab-pc-vtx.json | lab-pc-vtx | hardware | VT-x | Linux 6.1.0-18-amd64 | .* | 8 |' "$CLS/report.md"
check class_report_table_is_machines_md test "$(grep '^| [a-z-]*\.json |' "$CLS/report.md")" = "$(grep '^| [a-z-]*\.json |' "$CLS/machines.md")"
check class_startup_figure test "$(distinct_colours "$CLS/class-startup.png")" -gt 8
# hardware machines come first: grouped by virtualization mode
order=$(grep -o '"[a-z-]*\\n(\(hardware\|software\|none\))"' "$CLS/class-startup.gp" | tr '\n' ' ')
check class_grouped_by_virt bash -c '[[ "$1" =~ hardware.*hardware.*software.*none ]]' _ "$order"

# plot's table of machines: one row per file with that file's environment,
# printed when the files come from several machines, always in machines.md.
CLP=$TEST_TMP/class-plot
capture "$ISOLAB" plot "$FIX"/machines/*.json --out "$CLP"
check class_plot_exit_0 test "$RC" -eq 0
for m in lab-pc-vtx laptop-amdv cloud-pvm this-machine; do
	check "class_plot_prints_$m" grep -q "^| $m.json | $m | " "$TEST_TMP/out"
done
check class_plot_row_has_environment grep -q '^| lab-pc-vtx.json | lab-pc-vtx | hardware | VT-x | Linux 6.1.0-18-amd64 | .* | 8 |' "$CLP/machines.md"
check class_plot_one_row_per_file test "$(grep -c '^| [a-z-]*\.json |' "$CLP/machines.md")" -eq 4
capture "$ISOLAB" plot "${ONE[@]}" --out "$TEST_TMP/one-machine"
check one_machine_plot_prints_no_table test -z "$OUT"
check one_machine_plot_writes_machines_md \
	test "$(grep -c '^| [a-z-]*\.json | [a-z-]* | none |' "$TEST_TMP/one-machine/machines.md")" -eq ${#ONE[@]}
# The load a file was recorded under reaches the table and every footnote.
python3 - "$FIX/compare-noop.json" "$TEST_TMP/busy.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d["environment"]["load_start"], d["environment"]["load_end"] = 6.25, 7.5
json.dump(d, open(sys.argv[2], "w"))
EOF
capture "$ISOLAB" plot "$TEST_TMP/busy.json" --out "$TEST_TMP/busy"
check plot_load_in_machines_md grep -q '| 6.25 → 7.50 (above the core count) |' "$TEST_TMP/busy/machines.md"
check plot_load_in_footnote grep -q 'load average up to 7.5 on 2 cores (busy: figures unreliable)' "$TEST_TMP/busy/startup.gp"
capture "$ISOLAB" report "$TEST_TMP/busy.json" --out "$TEST_TMP/busy-report"
check report_load_in_environment grep -q '^| load average | up to 7.50 on 2 cores: busy' "$TEST_TMP/busy-report/report.md"
check plot_old_file_says_load_not_recorded grep -q 'load not recorded' "$PLOTS/startup.gp"
# density's load_end counts its own instances (1000 ending at once): a
# plot of it is not "busy" for that, and its table row says whose load.
python3 - "$FIX/density-process.json" "$TEST_TMP/own-load.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
e = d["environment"]
e["load_start"], e["load_end"], e["load_end_counts_own"] = 0.5, 90.0, True
json.dump(d, open(sys.argv[2], "w"))
EOF
capture "$ISOLAB" plot "$TEST_TMP/own-load.json" --out "$TEST_TMP/own-load"
check plot_own_load_exit_0 test "$RC" -eq 0
check plot_own_load_in_machines_md grep -q "| 0.50 → 90.00 (isolab's own instances) |" "$TEST_TMP/own-load/machines.md"
check plot_own_load_not_busy sh -c "! grep -q 'busy' '$TEST_TMP/own-load/density-ready.gp'"
check plot_own_load_footnote grep -q 'load average up to 0.5 on' "$TEST_TMP/own-load/density-ready.gp"

# Log axes where the issue asks for them: startup on a log axis, density
# log-log.
check plot_startup_log_axis grep -q '^set logscale y 10' "$PLOTS/startup.gp"
# A launcher whose every density step was below noise is named in the
# memory figure's legend, not silently left out.
noisy=$(json_get "$FIX/density-container.json" "all(s.get('below_noise') or s['per_instance_kib'] <= 0 for s in d['density'])")
check plot_density_memory_names_noisy test "$noisy" = True -a -n "$(grep 'keyentry .*title "container: below noise, not drawn"' "$PLOTS/density-memory.gp")"
check plot_density_ready_draws_all test -z "$(grep keyentry "$PLOTS/density-ready.gp")"
check plot_density_log_log bash -c 'grep -q "^set logscale x 10" "$1" && grep -q "^set logscale y 10" "$1"' _ "$PLOTS/density-ready.gp"
# Outliers are flagged (modified z-score) and a slow first run gets the
# --warmup hint: the container's first run made 100x slower, one other 60x.
python3 - "$FIX/compare-noop.json" "$TEST_TMP/outliers.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
runs = [r for r in d["runs"] if r["launcher"] == "container"]
runs[0]["startup_ns"] *= 100
runs[5]["startup_ns"] *= 60
json.dump(d, open(sys.argv[2], "w"))
EOF
capture "$ISOLAB" report "$TEST_TMP/outliers.json" --out "$TEST_TMP/outliers"
check report_flags_outliers grep -q 'container, `noop`: 2 statistical outliers in startup' "$TEST_TMP/outliers/report.md"
check report_warmup_hint grep -q 'container, `noop`: the first run was much slower .*--warmup' "$TEST_TMP/outliers/report.md"
check report_no_outliers_in_fixture test -z "$(grep 'process, `noop`: .*outlier' "$MD")"

# Bad files: one line each, naming the file; the good one goes on.
printf '{"schema_version": 2, "environment": {' >"$TEST_TMP/broken.json"
printf '{"schema_version": 99, "environment": {}, "runs": []}' >"$TEST_TMP/newer.json"
printf '{"name": "not isolab", "version": 1}' >"$TEST_TMP/other.json"
capture "$ISOLAB" plot "$FIX/compare-noop.json" "$TEST_TMP/broken.json" \
	"$TEST_TMP/newer.json" "$TEST_TMP/other.json" "$FIX/compare-noop.json" \
	"$TEST_TMP/missing.json" --out "$TEST_TMP/bad"
check bad_files_others_go_on test "$RC" -eq 0 -a -s "$TEST_TMP/bad/startup.png"
check bad_broken_json bash -c 'grep -q "broken.json: not valid JSON" <<<"$1"' _ "$ERR"
check bad_newer_schema bash -c 'grep -q "newer.json: schema_version 99 is newer" <<<"$1"' _ "$ERR"
check bad_not_isolab bash -c 'grep -q "other.json: not an isolab results file" <<<"$1"' _ "$ERR"
check bad_missing bash -c 'grep -q "missing.json: cannot read" <<<"$1"' _ "$ERR"
check bad_duplicate_warned bash -c 'grep -q "compare-noop.json was given twice; counted once" <<<"$1"' _ "$ERR"
check bad_one_line_each test "$(grep -c '^isolab: .*json' <<<"$ERR")" -eq 5
capture "$ISOLAB" plot "$TEST_TMP/broken.json" --out "$TEST_TMP/none"
check all_bad_exit_2 test "$RC" -eq 2

# Bad options: one line, exit 2.
expect_usage_error plot_no_files plot --out "$TEST_TMP/x"
expect_usage_error plot_bad_format plot "$FIX/compare-noop.json" --format gif
expect_usage_error plot_unknown_option plot "$FIX/compare-noop.json" --colour
expect_usage_error plot_out_without_value plot "$FIX/compare-noop.json" --out
expect_usage_error plot_out_is_file plot "$FIX/compare-noop.json" --out "$TEST_TMP/unrelated"
capture "$ISOLAB" plot --help
check plot_help test "$RC" -eq 0 -a -n "$(grep -- '--format' <<<"$OUT")"
capture "$ISOLAB" report --help
check report_help test "$RC" -eq 0 -a -n "$(grep -- 'report.md' <<<"$OUT")"

# A long measurement shows progress on stderr when it is a terminal: step
# N of M and a bar (driven under tmux, on its own server, killed after);
# a stderr that is not a terminal gets no bar, no \r, no escapes.
# --quick measures the same steps, little each: seconds.
no_progress_marks() {
	! grep -qE 'step [0-9]+ of [0-9]+|\[[#-]{20}\]' "$1" && ! grep -q $'\r' "$1" &&
		! grep -q $'\033' "$1"
}
capture "$ISOLAB" report --quick --out "$TEST_TMP/quick"
check quick_measure_exit_0 test "$RC" -eq 0 -a -s "$TEST_TMP/quick/report.md"
check quick_measures_little test "$(json_get "$TEST_TMP/quick/results.json" \
	"len([r for r in d['runs'] if r['launcher'] == 'process' and r['workload'] == 'noop'])")" -eq 3
check quick_no_progress_when_not_tty no_progress_marks "$TEST_TMP/err"
expect_usage_error quick_with_files report --quick "$FIX/compare-noop.json"
if ! command -v tmux >/dev/null; then
	skip report_progress_tty "tmux is not installed"
else
	T="tmux -L isolab-report-test-$$"
	TTY=$TEST_TMP/tty
	mkdir "$TTY"
	trap '$T kill-server 2>/dev/null; rm -rf "$TEST_TMP"' EXIT
	$T new-session -d -s rep -x 100 -y 20 -c "$TTY" \
		"while [ ! -e go ]; do sleep 0.1; done; '$ISOLAB' report --quick --out out >stdout; echo \$? >rc; sleep 600"
	$T pipe-pane -t rep -o "cat >'$TTY/raw'"
	touch "$TTY/go"
	for ((i = 0; i < 1200; i++)); do [ -s "$TTY/rc" ] && break; sleep 0.1; done
	sleep 0.3
	SCREEN=$($T capture-pane -p -t rep)
	$T kill-server 2>/dev/null
	check progress_tty_exit_0 test "$(cat "$TTY/rc" 2>/dev/null)" = 0 -a -s "$TTY/out/report.md"
	steps=$(grep -aoE 'step [0-9]+ of [0-9]+' "$TTY/raw" | sort -u)
	total=$(grep -aoE 'of [0-9]+' <<<"$steps" | sort -u)
	check progress_tty_one_total test "$(wc -l <<<"$total")" -eq 1 -a "${total#of }" -ge 2
	want=$(for ((n = 1; n <= ${total#of }; n++)); do echo "step $n ${total}"; done | sort)
	check progress_tty_every_step test "$steps" = "$want"
	check progress_tty_bar_grows bash -c 'grep -aqE "\[#{1,19}-{1,19}\]" "$1" && grep -aqE "\[#{20}\]" "$1"' _ "$TTY/raw"
	check progress_tty_redraws_one_line grep -aq $'\r' "$TTY/raw"
	check progress_tty_ends_done bash -c 'grep -qE "^step ([0-9]+) of \1 \[#{20}\] done" <<<"$1"' _ "$SCREEN"
	check progress_tty_not_on_stdout no_progress_marks "$TTY/stdout"
fi

# Without gnuplot on PATH: data, scripts and report, no images, a hint, exit 0.
NOGP=$TEST_TMP/nogp-bin
mkdir -p "$NOGP"
capture env PATH="$NOGP" "$ISOLAB" report "${ONE[@]}" --out "$TEST_TMP/nogp"
check nogp_exit_0 test "$RC" -eq 0
check nogp_data_and_scripts test -s "$TEST_TMP/nogp/startup.dat" -a -s "$TEST_TMP/nogp/startup.gp" -a -s "$TEST_TMP/nogp/report.md"
check nogp_no_images test -z "$(ls "$TEST_TMP/nogp" | grep -E '\.png$')"
check nogp_hint bash -c 'grep -q "apt-get install gnuplot-nox" <<<"$1" && grep -q "gnuplot .*\*.gp" <<<"$1"' _ "$ERR"
# Given no files, report measures first and keeps the raw results.
MEAS=$TEST_TMP/measured
capture "$ISOLAB" report --out "$MEAS"
check measure_exit_0 test "$RC" -eq 0
check measure_keeps_results test "$(json_get "$MEAS/results.json" "len(d['runs']) > 0 and len(d['probe']) > 0 and d['schema_version']")" = 3
check measure_report_names_process grep -q '^| process |' "$MEAS/report.md"
check measure_no_progress_when_not_tty bash -c '! grep -q "step [0-9] of" <<<"$1"' _ "$ERR"
check measure_no_temp_left test -z "$(ls -A "$MEAS" | grep -E '^\.|tmp-')"

# ---------------------------------------------------------------------------
# Micro-VM results recorded under nested KVM: KVM inside QEMU TCG, with
# tests/nested-kvm/run.sh (tests/fixtures/report/README.md). The only
# fixtures where the micro-VM ran, so the only ones that fill the VM-exits
# figure and the memory figure's KVM kernel estimate with real numbers.
NT=("$FIX"/nested-tcg-*.json)
NTP=$TEST_TMP/nested-tcg
capture "$ISOLAB" plot "${NT[@]}" --out "$NTP"
check nested_tcg_plot_exit_0 test "$RC" -eq 0
for name in startup phases memory vm-exits reach reach-strip density-ready; do
	check "nested_tcg_${name}_png_valid" test "$(identify -format %m "$NTP/$name.png" 2>/dev/null)" = PNG
	check "nested_tcg_${name}_not_blank" test "$(distinct_colours "$NTP/$name.png")" -gt 8
done
# All three launchers' phases in one stacked bar chart: fifteen series, no
# two drawn alike, and each launcher's phases stacked in its own order
# (ready, which all three end with, on top of every bar).
check nested_tcg_phases_drawn_apart test -z "$(series_drawn_alike "$NTP/phases.gp")"
check nested_tcg_phases_in_each_launchers_order python3 -c '
import json, sys
cols = [l for l in open(sys.argv[1]) if l.startswith("# columns:")][0]
order = [c.split(":", 1)[1].rsplit(" (", 1)[0] for c in cols[len("# columns:"):].split(" | ")][1:]
for s in json.load(open(sys.argv[2]))["summary"]:
    own = list(s["phases_median_ns"])
    assert [p for p in order if p in own] == own, (s["launcher"], own, order)
assert order[-1] == "ready", order' "$NTP/phases.dat" "$FIX/nested-tcg-compare-noop.json"
# dat_row FILE.dat LABEL: the values of the row labelled LABEL (its \n
# written as a space), NaN for none.
dat_row() {
	python3 -c '
import shlex, sys
for line in open(sys.argv[1]):
    f = shlex.split(line) if not line.startswith("#") else []
    if f and f[-1].replace("\\n", " ") == sys.argv[2]:
        print(" ".join(f[1:-1]))' "$1" "$2"
}
# The fixture's own median of a micro-VM counter.
fix_median() {
	json_get "$FIX/nested-tcg-compare-$1.json" "'%g' % __import__('statistics').median(r['counters'].get('$2', 0) for r in d['runs'] if r['launcher'] == 'microvm')"
}
for w in noop io:64; do
	f=${w%%:*}
	exits=$(dat_row "$NTP/vm-exits.dat" "microvm $w" | python3 -c 'import sys; print(round(sum(float(v) for v in sys.stdin.read().split() if v != "NaN")))')
	check "nested_tcg_vm_exits_microvm_$f ($exits, non-zero, the fixture's median)" \
		test "$exits" -gt 0 -a "$exits" = "$(fix_median "$f" vm_exits)"
	kvm=$(dat_row "$NTP/memory.dat" "microvm $w" | awk '{ print $3 }')
	check "nested_tcg_memory_kvm_estimate_microvm_$f (${kvm:-none} MiB, the fixture's median)" \
		python3 -c 'import sys; v = float(sys.argv[1]); assert v > 0 and abs(v * 1024 - float(sys.argv[2])) < 1' "${kvm:-0}" "$(fix_median "$f" kvm_kernel_kib_estimate)"
	for l in process container; do
		check "nested_tcg_memory_no_kvm_estimate_${l}_$f" \
			test "$(dat_row "$NTP/memory.dat" "$l $w" | awk '{ print $3 }')" = 0
	done
done
# The environment says what the machine was, in the file and the footnotes.
check nested_tcg_environment_is_tcg test "$(json_get "$FIX/nested-tcg-compare-noop.json" "d['environment']['virtualization'] + ': ' + d['environment']['virtualization_detail']")" = \
	"software/paravirtual: AMD-V emulated by QEMU TCG (nested)"
check nested_tcg_footnote_whole grep -q 'KVM: software/paravirtual (AMD-V emulated by QEMU TCG (nested))' "$NTP/vm-exits.gp"
# One line of footnote ran off the PNG's right edge: the virtualization
# starts the second line, and a one-core machine has "1 core".
check nested_tcg_footnote_two_lines grep -q ', 1 core\\nKVM: software/paravirtual' "$NTP/vm-exits.gp"
check nested_tcg_footnote_one_core_singular \
	test "$(grep -c '1 cores' "$NTP/vm-exits.gp")" = 0
# The report names the micro-VM and says what the exits were.
capture "$ISOLAB" report "${NT[@]}" --out "$NTP/report"
check nested_tcg_report_exit_0 test "$RC" -eq 0
check nested_tcg_report_names_microvm grep -q '^| microvm |' "$NTP/report/report.md"
check nested_tcg_report_exits grep -q 'With `io:64`, the most frequent VM exit was `io`, '"$(fix_median io exit_io)"' per run' "$NTP/report/report.md"
check nested_tcg_report_kvm_estimate grep -q 'plus an estimated KVM kernel memory of' "$NTP/report/report.md"
# Class-wide, the nested-TCG machine (isolab writes "software/paravirtual")
# is grouped with the software machines: after hardware, before none.
capture "$ISOLAB" plot "$FIX"/machines/*.json "$FIX/nested-tcg-compare-noop.json" --out "$NTP/class"
order=$(grep -o '"[a-z-]*\\n([a-z/]*)"' "$NTP/class/class-startup.gp" | tr '\n' ' ')
check nested_tcg_class_grouped_as_software \
	bash -c '[[ "$1" =~ hardware.*hardware.*software.*nested-tcg-compare-noop.*software/paravirtual.*none ]]' _ "$order"
# ---------------------------------------------------------------------------
# Configurations measured: report.md names the options each row ran with,
# read from sessions[].options (fixtures recorded on the development
# machine, see tests/fixtures/report/README.md); older files still report.
CFG=$TEST_TMP/configs
OPT=$FIX/options
mkdir -p "$CFG"
check configs_fixture_records_strict test "$(json_get "$OPT/compare-variants.json" "[s['options']['seccomp'] for s in d['sessions'] if s.get('variant') == 'strict'][0]")" = strict
capture "$ISOLAB" report "$OPT/compare-variants.json" --out "$CFG/one"
check configs_report_exit_0 test "$RC" -eq 0
check configs_section grep -q '^## Configurations measured' "$CFG/one/report.md"
check configs_strict_row_bold grep -q '^| strict | ns=all, seccomp=\*\*strict\*\*, ' "$CFG/one/report.md"
check configs_default_row_plain grep -q '^| container | ns=all, seccomp=default, .* | compare-variants.json |$' "$CFG/one/report.md"
check configs_process_row grep -q '^| process | spawn=fork | compare-variants.json |$' "$CFG/one/report.md"
check configs_no_conflict_when_one_file bash -c 'test -s "$1" && ! grep -q "⚠ The input files ran" "$1"' _ "$CFG/one/report.md"
check configs_footnote_names_nondefault grep -q 'load average up to [0-9.]* on [0-9]* cores[^"]* | strict seccomp=strict"' "$CFG/one/startup.gp"
# The same launcher under other options in another file: said, not merged silently.
capture "$ISOLAB" report "$OPT/compare-variants.json" "$OPT/run-container-strict.json" --out "$CFG/two"
check configs_two_files_exit_0 test "$RC" -eq 0
check configs_conflict_said grep -q '^- ⚠ The input files ran the container under different options.*: seccomp=default in compare-variants.json; seccomp=\*\*strict\*\* in run-container-strict.json\.' "$CFG/two/report.md"
check configs_conflict_rows_marked test "$(grep -c '^| container ⚠ |' "$CFG/two/report.md")" = 2
check configs_conflict_footnote grep -q 'options differ between files (report.md)' "$CFG/two/startup.gp"
# A probe run under other options than the runs: said too. A probe file
# from before options were recorded (probe.json) adds nothing to say.
capture "$ISOLAB" report "$OPT/compare-variants.json" "$OPT/probe-container-seccomp-off.json" --out "$CFG/probe"
check configs_probe_exit_0 test "$RC" -eq 0
check configs_probe_conflict_said grep -q '^- ⚠ The input files ran the container under different options.*: seccomp=default in compare-variants.json; seccomp=\*\*off\*\* in probe-container-seccomp-off.json\.' "$CFG/probe/report.md"
capture "$ISOLAB" report "$OPT/compare-variants.json" "$FIX/probe.json" --out "$CFG/oldprobe"
check configs_old_probe_no_conflict bash -c 'test -s "$1" && ! grep -q "⚠ The input files ran" "$1"' _ "$CFG/oldprobe/report.md"
# A file from before options were recorded still reports, and says so.
capture "$ISOLAB" report "$FIX/compare-noop.json" --out "$CFG/old"
check configs_old_file_exit_0 test "$RC" -eq 0
check configs_old_file_predates grep -q '^The results files predate recorded options' "$CFG/old/report.md"
check configs_old_file_still_measures grep -q '^| container | ' "$CFG/old/report.md"
check configs_old_file_footnote_unchanged bash -c 'test -s "$1" && ! grep -q "options" "$1"' _ "$CFG/old/startup.gp"
exit $FAILED
