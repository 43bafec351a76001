# Descendants that leave the workload's process group and session
# (setsid) end with the run even when no pid namespace and no cgroup holds
# them: under the process launcher and a container with --ns none --cgroup
# none, after success, --timeout, SIGTERM and SIGINT. And the one-line
# warning for namespaces that hide no host process.
. "$(dirname "$0")/lib.sh"

BUSYBOX=$(command -v busybox)
if [ -z "$BUSYBOX" ]; then
	skip "setsid escapees" "needs a static busybox"
	finish
fi

procs_with() { pgrep -f -- "sleep $1\$" || true; }
wait_until() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.05
	done
}
gone() { [ -z "$(procs_with "$1")" ]; }
RC=0 OUT= ERR= # for check's message before any capture
present() { [ -n "$(procs_with "$1")" ]; }

# escapee LABEL HOW ISOLAB-ARGS...: HOW is success, timeout, TERM or INT.
# The workload, a shell, starts an escapee that says "escaped" once it is
# in a session of its own (found by its unique argv), then waits for a
# line on stdin (a FIFO this script holds) and exits 0.
escapee() {
	local label=$1 how=$2 n=$$$RANDOM$RANDOM pid
	shift 2
	[ "$how" = timeout ] && set -- --timeout 3 "$@"
	rm -f "$TEST_TMP/fifo"
	mkfifo "$TEST_TMP/fifo"
	"$ISOLAB" exec "$@" --binary "$BUSYBOX" -- sh -c \
		"setsid sh -c 'echo escaped; exec busybox sleep $n' & read x; exit 0" \
		>"$TEST_TMP/esc.out" 2>"$TEST_TMP/esc.err" <"$TEST_TMP/fifo" &
	pid=$!
	exec 7>"$TEST_TMP/fifo"
	if [ "$how" != timeout ] &&
		wait_until 20 grep -q escaped "$TEST_TMP/esc.out"; then
		case $how in
		success) echo >&7 ;;
		*) kill -$how $pid ;;
		esac
	fi
	wait $pid
	RC=$?
	exec 7>&-
	if ! grep -q escaped "$TEST_TMP/esc.out"; then
		fail "$label, $how: escapee" "it never ran (rc $RC): $(head -c 200 "$TEST_TMP/esc.err")"
	else
		check "$label, $how: the setsid escapee is gone" wait_until 3 gone "$n"
	fi
	# Never leave one behind, whatever the check said.
	for p in $(procs_with "$n"); do kill -9 "$p"; done
}

for how in success timeout TERM INT; do
	for spawn in fork vfork posix_spawn; do
		escapee "process --spawn $spawn" $how --launcher process --spawn $spawn
	done
done
# A child isolab did not start (its exec'ing shell's) is never killed.
n=$$$RANDOM$RANDOM
sh -c "busybox sleep $n & exec \"\$0\" exec --launcher process -- noop" "$ISOLAB" \
	>/dev/null 2>&1 </dev/null
check "a child isolab inherited across its exec is left alone" present "$n"
for p in $(procs_with "$n"); do kill -9 "$p"; done

if [ "$(id -u)" = 0 ]; then
	for how in success timeout TERM; do
		escapee "container --ns none --cgroup none" $how --launcher container \
			--ns none --cgroup none
	done
	capture "$ISOLAB" exec --launcher container --ns mnt,uts,ipc,net -- noop
	check "--ns mnt,uts,ipc,net as root: runs, with one warning line" \
		test "$RC" -eq 0 -a "$(printf '%s' "$ERR" | grep -c .)" -eq 1
	check "the warning says the workload sees and can signal host processes" \
		grep -q "^isolab: warning: --ns mnt,uts,ipc,net as root: .*sees and can signal every host process" "$TEST_TMP/err"
	capture "$ISOLAB" exec --launcher container --ns pid,mnt -- noop
	check "--ns pid,mnt: no warning" test "$RC" -eq 0 -a -z "$ERR"
	capture "$ISOLAB" exec --launcher container --ns user,mnt -- noop
	check "--ns user,mnt: no warning" test "$RC" -eq 0 -a -z "$ERR"
else
	skip "container --ns none --cgroup none escapees" "namespaces without a user namespace need root"
	capture "$ISOLAB" exec --launcher container --ns user,mnt,net -- noop
	check "rootless --ns user,mnt,net: no warning" test -z "$ERR"
fi
finish
