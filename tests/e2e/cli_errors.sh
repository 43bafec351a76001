# Bad input: one line on stderr, exit 2 (usage) or 1 (runtime), and no
# output file left behind.
. "$(dirname "$0")/lib.sh"

expect_usage_error "unknown subcommand" frobnicate
expect_usage_error "unknown launcher" run --launcher jail
capture "$ISOLAB" probe --launcher all --timeout 5
# 3: done, but a launcher could not run here (listed with its reason).
every_launcher_named() {
	local l
	for l in process container microvm; do
		printf '%s\n%s\n' "$OUT" "$ERR" | grep -q "^\(isolab: \)\?$l[ ,]" || return 1
	done
}
check "probe --launcher all is accepted (the default, spelled out)" test "$RC" -eq 0 -o "$RC" -eq 3
check "probe --launcher all names every launcher" every_launcher_named
capture "$ISOLAB" compare --launcher process,all --workload noop -n 1 --warmup 0 --format csv
check "compare --launcher all is accepted" test "$RC" -eq 0 -o "$RC" -eq 3
check "compare --launcher all names every launcher" every_launcher_named
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
expect_usage_error "run without a workload argument" run --launcher process --workload
expect_usage_error "missing binary" run --launcher process --binary /nonexistent/prog
expect_usage_error "dynamic binary refused" run --launcher process --binary /bin/true
expect_usage_error "non-ELF binary refused" run --launcher process --binary /etc/passwd
capture "$ISOLAB" exec --launcher process --binary /bin/true
check "dynamic binary: the message says why" grep -q "dynamically linked" "$TEST_TMP/err"

# isolab exec keeps its own failures out of the program's exit codes, as
# timeout(1) does: 125 isolab failed or bad usage, 126 the program cannot
# run, 127 it does not exist (and 124 the timeout).
expect_exec_error() { # NAME RC ARGS...: exec exits RC with one line on stderr
	local name=$1 want=$2
	shift 2
	capture "$ISOLAB" exec "$@"
	check "$name exits $want" test "$RC" -eq "$want" -a -z "$OUT" \
		-a "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 -a "${ERR#isolab: }" != "$ERR"
}
expect_exec_error "exec without a workload" 125 --launcher process
expect_exec_error "exec takes one launcher, not all" 125 --launcher all -- noop
expect_exec_error "exec with an unknown workload" 125 --launcher process -- nope
expect_exec_error "exec with an unknown option" 125 --launcher process --frob -- noop
expect_exec_error "exec of a missing binary" 127 --launcher process --binary /nonexistent/prog
expect_exec_error "exec of a dynamic binary" 126 --launcher process --binary /bin/true
expect_exec_error "exec of a non-ELF file" 126 --launcher process --binary /etc/passwd
printf '\x7fELF' >"$TEST_TMP/short"
chmod +x "$TEST_TMP/short"
expect_exec_error "exec of a truncated ELF" 126 --launcher process --binary "$TEST_TMP/short"
rm -f "$TEST_TMP/short"
capture "$ISOLAB" exec --launcher process --binary "$OWN_WORKLOAD" -- cpu:10
check "exec passes the program's own status 0 through" test "$RC" -eq 0
if [ -x /bin/busybox ] && "$ISOLAB" exec --launcher process --binary /bin/busybox -- true 2>/dev/null; then
	for want in 1 2 125 126; do
		capture "$ISOLAB" exec --launcher process --binary /bin/busybox -- sh -c "exit $want"
		check "exec passes the program's own exit $want through, silently" test "$RC" -eq "$want" -a -z "$ERR"
	done
else
	skip "exec passes the program's own exit codes" "no static /bin/busybox (apt-get install busybox-static)"
fi
capture "$ISOLAB" exec --launcher process --timeout 0.2 -- hang
check "exec of a hang exits 124 and says so" test "$RC" -eq 124 -a -n "$(printf %s "$ERR" | grep 'timed out')"

# An isolab-workload the user may not read is reported as such, with its
# path and what to do, not as missing.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	mkdir -m 755 "$TEST_TMP/inst"
	cp "$ISOLAB" "$TEST_TMP/inst/isolab"
	cp "$WORKLOAD" "$TEST_TMP/inst/isolab-workload"
	chmod 711 "$TEST_TMP/inst/isolab-workload" "$TEST_TMP"
	capture setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$TEST_TMP/inst/isolab" run --launcher process -n 1
	check "unreadable isolab-workload: 'not readable', its path, chmod" \
		test "$RC" -eq 1 -a -n "$(printf %s "$ERR" | grep -F "$TEST_TMP/inst/isolab-workload is not readable" | grep 'chmod a+r')" \
		-a -z "$(printf %s "$ERR" | grep 'not found')"
	chmod 700 "$TEST_TMP"
	rm -rf "$TEST_TMP/inst"
else
	skip "unreadable isolab-workload" "needs root and setpriv to run as nobody"
fi

# A program that a signal ended: one line on stderr naming the signal.
capture "$ISOLAB" exec --launcher process -- crash
check "exec of a crash exits 139 and names SIGSEGV" test "$RC" -eq 139 \
	-a "$ERR" = "isolab: crash was killed by SIGSEGV"

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
