# isolab shell --launcher container: an interactive busybox shell on a
# terminal (tmux), with job control, Ctrl-C reaching the shell, cleanup.
. "$(dirname "$0")/lib.sh"
own_cgroups

if ! command -v tmux >/dev/null; then
	skip "interactive shell" "tmux is not installed (apt-get install tmux)"
	finish
fi
if ! [ -x /bin/busybox ]; then
	skip "interactive shell" "no static /bin/busybox (apt-get install busybox-static)"
	finish
fi
capture "$ISOLAB" shell --launcher container
if printf %s "$ERR" | grep -q "not available"; then
	skip "interactive shell" "isolab shell is not wired in this build: $ERR"
	finish
fi
check "shell without a terminal reads commands from stdin" true

printf 'echo piped-$((6*7)); exit 5\n' | "$ISOLAB" shell --launcher container >"$TEST_TMP/piped" 2>&1
rc=$?
check "piped shell runs commands and returns their exit status" \
	test "$rc" -eq 5 -a "$(grep -c piped-42 "$TEST_TMP/piped")" -eq 1

# SIGTERM or SIGINT to isolab stops the shell's container: 130, as every
# isolab command exits when interrupted (not 137 from the SIGKILL inside).
mkfifo "$TEST_TMP/in"
for sig in TERM INT; do
	exec 8<>"$TEST_TMP/in"
	"$ISOLAB" shell --launcher container <"$TEST_TMP/in" >/dev/null 2>"$TEST_TMP/sig.err" &
	pid=$!
	sleep 0.5
	kill -"$sig" "$pid"
	wait "$pid"
	rc=$?
	exec 8>&-
	check "SIG$sig to isolab shell exits 130 (rc $rc)" \
		test "$rc" -eq 130 -a "$(grep -c 'interrupted' "$TEST_TMP/sig.err")" -eq 1
done

# A tmux server of this test's own (-L): started from here, it and the
# isolab it runs are in this test's cgroups, apart from anyone else's tmux.
S=isolab-test-$$
tm() { tmux -L "$S" "$@"; }
screen() { tm capture-pane -p -t "$S"; }
wait_for() { # TEXT: until the pane shows it (10 s at most: a busy machine)
	for _ in $(seq 100); do
		screen | grep -q -- "$1" && return 0
		sleep 0.1
	done
	return 1
}
tm new-session -d -s "$S" -x 100 -y 30 \
	"$ISOLAB shell --launcher container --hostname tty-box; echo ISOLAB-EXIT=\$?; sleep 60"
trap 'tm kill-server 2>/dev/null; leave_own_cgroups; rm -rf "$TEST_TMP"' EXIT
check "the shell prompts on the terminal" wait_for '^/ #'
tm send-keys -t "$S" 'echo host=$(hostname) ppid=$PPID init=$(cat /proc/1/comm); tty' Enter
check "inside: own hostname, the shell is the child of isolab-init (pid 1)" \
	wait_for 'host=tty-box ppid=1 init=isolab-init'
check "the shell has a terminal" wait_for '^/dev/console'
tm send-keys -t "$S" 'sleep 100; echo after-sleep' Enter
sleep 0.3
tm send-keys -t "$S" C-c
check "Ctrl-C stops the foreground job, not isolab" wait_for 'after-sleep'
tm send-keys -t "$S" 'sleep 200' Enter
sleep 0.3
tm send-keys -t "$S" C-z
check "Ctrl-Z stops the job (job control)" wait_for 'Stopped'
tm send-keys -t "$S" 'jobs; kill -9 %1; echo killed-job' Enter
check "jobs and kill %1 work" wait_for 'killed-job'
tm send-keys -t "$S" 'echo $TERM; ls /dev/pts/ptmx && echo pts-ok' Enter
check "the shell has TERM and its own /dev/pts" wait_for 'pts-ok'
tm send-keys -t "$S" 'exit 7' Enter
check "exiting the shell ends isolab with its status" wait_for 'ISOLAB-EXIT=7'
tm kill-server 2>/dev/null
check_no_leftover_cgroups "no cgroup left"
# The server's end hangs the terminal up: isolab takes a moment to go.
shell_left() { own_processes '^[^ ]*isolab shell --launcher container --hostname tty-box'; }
for _ in $(seq 50); do [ -z "$(shell_left)" ] && break; sleep 0.1; done
check "no shell left" test -z "$(shell_left)"
finish
