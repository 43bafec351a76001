# Bad input: one line on stderr, exit 2 (usage) or 1 (runtime), and no
# output file left behind.
. "$(dirname "$0")/lib.sh"

expect_usage_error "unknown subcommand" frobnicate
expect_usage_error "unknown launcher" run --launcher jail
expect_usage_error "exec takes one launcher, not all" exec --launcher all -- noop
capture "$ISOLAB" probe --launcher all --timeout 5
check "probe --launcher all is accepted (the default, spelled out)" test \( "$RC" -eq 0 -o "$RC" -eq 3 \) -a "$(printf %s "$ERR" | grep -c "unknown launcher")" -eq 0
capture "$ISOLAB" compare --launcher process,all --workload noop -n 1 --warmup 0 --format csv
check "compare --launcher all runs every launcher" test \( "$RC" -le 1 -o "$RC" -eq 3 \) -a "$(printf %s "$ERR" | grep -c "unknown launcher")" -eq 0
expect_usage_error "unknown workload" run --launcher process --workload nope
expect_usage_error "unknown option" run --launcher process --frob
expect_usage_error "missing --launcher" run --workload noop
expect_usage_error "-n abc" run --launcher process -n abc
expect_usage_error "-n 0" run --launcher process -n 0
expect_usage_error "-n -5" run --launcher process -n -5
expect_usage_error "-n overflow" run --launcher process -n 99999999999999999999999
expect_usage_error "cpu: without a number" run --launcher process --workload cpu:
expect_usage_error "mem:x" run --launcher process --workload mem:x
expect_usage_error "cpu:0" run --launcher process --workload cpu:0
expect_usage_error "noop:5" run --launcher process --workload noop:5
expect_usage_error "try:unknown" run --launcher process --workload try:reboot
expect_usage_error "--timeout below 0.01 s" run --launcher process --timeout 0.001
expect_usage_error "--timeout x" run --launcher process --timeout x
expect_usage_error "--format xml" run --launcher process --format xml
expect_usage_error "--spawn clone" run --launcher process --spawn clone
expect_usage_error "--spawn with no value" run --launcher process --spawn
expect_usage_error "exec without a workload" exec --launcher process
expect_usage_error "exec with an unknown workload" exec --launcher process -- nope
expect_usage_error "missing binary" exec --launcher process --binary /nonexistent/prog
expect_usage_error "dynamic binary refused" exec --launcher process --binary /bin/true
expect_usage_error "non-ELF binary refused" exec --launcher process --binary /etc/passwd
capture "$ISOLAB" exec --launcher process --binary /bin/true
check "dynamic binary: the message says why" grep -q "dynamically linked" "$TEST_TMP/err"

expect_usage_error "unwritable output path" run --launcher process --output /nonexistent-dir/r.json
expect_usage_error "output path is a directory" run --launcher process --output "$TEST_TMP"
check "nothing written into the directory" test -z "$(ls "$TEST_TMP" | grep -v '^out$\|^err$\|^isolab-workload$')"

# An interrupted run leaves no file: SIGINT during a hang series.
"$ISOLAB" run --launcher process --binary "$OWN_WORKLOAD" -n 3 --timeout 5 --output "$TEST_TMP/int.json" -- hang >/dev/null 2>"$TEST_TMP/int.err" &
pid=$!
sleep 0.5
kill -INT $pid
wait $pid
RC=$?
check "SIGINT stops a run with exit 130" test "$RC" -eq 130
check "SIGINT leaves no output file" test -z "$(ls "$TEST_TMP" | grep int.json)"
check "SIGINT leaves no workload running" test -z "$(own_workload_processes)"

capture "$ISOLAB" run --launcher process -n 3 --output "$TEST_TMP/ok.json" --format json
check "a good run writes exactly the file asked for" test "$(ls "$TEST_TMP" | grep -c 'ok.json')" -eq 1 -a -s "$TEST_TMP/ok.json"

capture "$ISOLAB" --version
check "--version" grep -q '^isolab [0-9]' "$TEST_TMP/out"
for cmd in run compare exec shell doctor; do
	capture "$ISOLAB" "$cmd" --help
	check "$cmd --help" test "$RC" -eq 0 -a -n "$OUT"
done
finish
