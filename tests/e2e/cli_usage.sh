# The first hour of a new user (issue 17): help, usage lines, exit codes,
# isolab shell's defaults and one-command form, doctor --format json.
. "$(dirname "$0")/lib.sh"

capture "$ISOLAB"
check "isolab alone: one usage line on stderr, exit 2" \
	test "$RC" -eq 2 -a -z "$OUT" -a "$(printf '%s\n' "$ERR" | wc -l)" -eq 1
check "isolab alone: the usage line names the commands and --help" \
	grep -q 'usage: isolab COMMAND.*--help' "$TEST_TMP/err"
capture "$ISOLAB" --help
check "isolab --help exits 0 and ends with the exit status table" \
	sh -c "test $RC -eq 0 && grep -q '^exit status:' '$TEST_TMP/out' && grep -q '^  3 ' '$TEST_TMP/out' && grep -q '125' '$TEST_TMP/out'"
capture "$ISOLAB" -v
check "isolab -v is --version" grep -q '^isolab [0-9]' "$TEST_TMP/out"

# Each documented exit status is in the README's and the man page's table.
groff -man -Tascii -rLL=300n -P-cbou "$ROOT/lab/isolab.1" 2>/dev/null |
	awk '/^EXIT STATUS/ {on = 1; next} /^[A-Z]/ {on = 0} on' >"$TEST_TMP/man_exit"
awk '/^## Errors and exit status/ {on = 1; next} /^## / {on = 0} on' "$ROOT/README.md" >"$TEST_TMP/readme_exit"
for code in 0 1 2 3 124 125 126 127 130; do
	check "man page EXIT STATUS lists $code" grep -qw -- "$code" "$TEST_TMP/man_exit"
	check "README exit status table lists $code" grep -qw -- "$code" "$TEST_TMP/readme_exit"
done
check "README and man page say doctor exits 1 when something is missing" \
	sh -c "grep -q 'doctor.*missing' '$TEST_TMP/readme_exit' && grep -qi 'doctor.*missing' '$TEST_TMP/man_exit'"

expect_usage_error "doctor extra" doctor extra
check "doctor extra: says doctor takes no arguments" grep -q "doctor takes no arguments" "$TEST_TMP/err"
expect_usage_error "doctor -- extra" doctor -- extra
expect_usage_error "--binary /nonexistent" run --launcher process --binary /nonexistent/prog
check "--binary /nonexistent: no 'make' hint (that is for isolab's own helper)" \
	test "$(grep -c make "$TEST_TMP/err")" -eq 0
# exec's own usage errors exit 125, apart from the program's codes.
capture "$ISOLAB" exec --launcher process --workload cpu:10
check "exec --workload: exit 125, one line" test "$RC" -eq 125 -a "$(printf '%s\n' "$ERR" | wc -l)" -eq 1
check "exec --workload: says to put the workload after --" grep -q "after --" "$TEST_TMP/err"
expect_usage_error "--guest-kernel /nonexistent is a usage error, like --binary" \
	run --launcher microvm --guest-kernel /nonexistent/kernel
expect_usage_error "shell --launcher process" shell --launcher process

# shell --help lists what shell takes, and nothing else.
capture "$ISOLAB" shell --help
check "shell --help lists the container options" grep -q -- '--ns LIST' "$TEST_TMP/out"
check "shell --help: --launcher is container, the default" grep -q -- '--launcher NAME .*container (the only one, and the default)' "$TEST_TMP/out"
check "shell --help lists no process or micro-VM option" \
	test "$(grep -cE -- '--(spawn|mem|guest-kernel) ' "$TEST_TMP/out")" -eq 0
capture "$ISOLAB" doctor --help
check "doctor --help lists --format and no launcher option" \
	sh -c "grep -q -- '--format' '$TEST_TMP/out' && ! grep -q -- '--ns ' '$TEST_TMP/out'"

if [ -x /bin/busybox ]; then
	tag=usage-$$-$RANDOM
	capture "$ISOLAB" shell -- echo "$tag"
	check "shell without --launcher: a container; -- CMD runs one command" \
		test "$RC" -eq 0 -a "$OUT" = "$tag"
	capture "$ISOLAB" shell -- hostname
	check "shell -- CMD runs inside the container (its own hostname)" test "$OUT" = isolab-ct
	capture "$ISOLAB" shell --hostname "h$tag" -- sh -c 'hostname; exit 7'
	check "shell -- CMD exits with the command's status" test "$RC" -eq 7 -a "$OUT" = "h$tag"
	capture "$ISOLAB" shell -- "no-such-command-$tag"
	check "shell -- CMD: a command that does not exist is 127" test "$RC" -eq 127
	check "shell -- CMD leaves no process behind" test -z "$(pgrep -f "$tag")"
else
	skip "shell -- CMD" "no static /bin/busybox (apt-get install busybox-static)"
fi

capture "$ISOLAB" doctor --format json
check "doctor --format json exits 0 or 1 (1: something is missing)" test "$RC" -le 1
check "doctor --format json is valid JSON" python3 -m json.tool "$TEST_TMP/out" >/dev/null
if python3 -m json.tool "$TEST_TMP/out" >/dev/null 2>&1; then
	check "doctor JSON: findings with verdicts, and launchers_missing agreeing with the exit status" \
		test "$(json_get "$TEST_TMP/out" '(len(d["findings"]) > 3 and all(f["verdict"] in ("ok", "missing", "note") for f in d["findings"]) and (d["launchers_missing"] > 0) == ('"$RC"' == 1))')" = True
	check "doctor JSON: one finding per launcher" \
		test "$(json_get "$TEST_TMP/out" 'sorted(f["check"] for f in d["findings"] if f["section"] == "launchers")')" = "['container', 'microvm', 'process']"
fi
expect_usage_error "doctor --format csv" doctor --format csv
# --timeout none: an idle workload outlives the 10 s default and ends
# when its stdin closes (12 s), with status 0, not 124.
capture "$ISOLAB" exec --help
check "exec --help says the timeout default is 10 s" grep -q -- '--timeout.*default 10 s' "$TEST_TMP/out"
(sleep 12) | "$ISOLAB" exec -lprocess --timeout none --binary "$OWN_WORKLOAD" -- idle >/dev/null 2>&1
rc=$?
check "--timeout none: no limit (idle ran 12 s and exited 0)" test "$rc" -eq 0
capture "$ISOLAB" run -lprocess -n2 --warmup=0 -fcsv
check "-lprocess -n2 -fcsv: attached short values, as getopt takes them" \
	test "$RC" -eq 0 -a "$(printf '%s\n' "$OUT" | grep -c '^process,noop,')" -eq 2
# A command that parses its own line shows its help however it is asked.
for form in "help ladder" "--help ladder" "-h ladder" "help lab" "-h check" "help plot"; do
	capture "$ISOLAB" $form
	check "isolab $form: its usage on stdout, exit 0" \
		sh -c "test $RC -eq 0 && grep -q '^usage: isolab ' '$TEST_TMP/out' && grep -q 'isolab ${form##* } ' '$TEST_TMP/out'"
done
finish
