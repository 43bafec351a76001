# lib.sh: sourced by every end-to-end test script (tests/e2e/*.sh).
#
# A script runs isolab the way a user would and reports each check on its
# own line, which tests/run-all.sh counts:
#   PASS name
#   FAIL name: what was wrong
#   SKIP name: why it could not run here (never counted as passed)
# The script exits non-zero if any check failed.
#
# Environment: ISOLAB (the isolab binary, default bin/isolab), WORKLOAD
# (isolab-workload next to it), TEST_TMP (a private temp dir, removed at
# exit).

set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ISOLAB=${ISOLAB:-$ROOT/bin/isolab}
WORKLOAD=${WORKLOAD:-$(dirname "$ISOLAB")/isolab-workload}
TEST_TMP=$(mktemp -d /tmp/isolab-test.XXXXXX)
trap 'rm -rf "$TEST_TMP"' EXIT
FAILED=0
RC=0 OUT="" ERR=""

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; FAILED=1; }
skip() { echo "SKIP $1: $2"; }

# capture CMD...: runs it; sets OUT, ERR (file contents) and RC.
capture() {
	"$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err" </dev/null
	RC=$?
	OUT=$(cat "$TEST_TMP/out")
	ERR=$(cat "$TEST_TMP/err")
}

# check NAME CONDITION-COMMAND... : PASS if the command succeeds, else FAIL
# with the last captured output for context.
check() {
	local name=$1
	shift
	if "$@"; then
		pass "$name"
	else
		fail "$name" "rc=$RC out=$(printf %s "$OUT" | head -c 300 | tr '\n' '|') err=$(printf %s "$ERR" | head -c 300)"
	fi
}

# expect_usage_error NAME ARGS...: isolab ARGS exits 2 with one line on
# stderr starting "isolab: ", and prints nothing on stdout.
expect_usage_error() {
	local name=$1
	shift
	capture "$ISOLAB" "$@"
	check "$name" test "$RC" -eq 2 -a -z "$OUT" -a "$(printf %s "$ERR" | wc -l)" -le 1 \
		-a "${ERR#isolab: }" != "$ERR"
}

# json_get FILE PYTHON-EXPR: evaluates EXPR with the parsed JSON as `d`.
json_get() {
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# Processes whose command line mentions isolab-workload (leak checks).
workload_processes() {
	pgrep -f "isolab-workload" | grep -vx "$$" || true
}

# This script's own copy of the workload: run it with
# `--binary "$OWN_WORKLOAD" -- MODE` and own_workload_processes finds only
# its processes, whatever other tests run on the machine at the same time.
OWN_WORKLOAD=$TEST_TMP/isolab-workload
cp "$WORKLOAD" "$OWN_WORKLOAD" 2>/dev/null
own_workload_processes() {
	pgrep -f "^$OWN_WORKLOAD" || true
}

# container_host_ids [isolab exec options]: "uid gid" of a container's
# workload as the host sees it (/proc/PID/status), or "" if it never ran.
# The run is this script's own (a token in its argv) and is stopped after.
# HOST_IDS_AS: a command prefix to run isolab as another user (setpriv ...).
container_host_ids() {
	local tag=ids-$$-$RANDOM pid= bg ids=
	${HOST_IDS_AS:-} "$ISOLAB" exec --launcher container --timeout 10 "$@" \
		--binary "$OWN_WORKLOAD" -- hang "$tag" >/dev/null 2>&1 &
	bg=$!
	for _ in $(seq 100); do
		pid=$(pgrep -f "^$OWN_WORKLOAD hang $tag\$" | head -1)
		[ -n "$pid" ] && break
		sleep 0.1
	done
	[ -n "$pid" ] && ids=$(awk '/^Uid:/ {u = $2} /^Gid:/ {g = $2} END {print u, g}' "/proc/$pid/status")
	kill "$bg" 2>/dev/null
	wait "$bg" 2>/dev/null
	echo "$ids"
}

# The host ids isolab maps container root to, as root (container/userns.h).
isolab_remap_ids() {
	local u g
	u=$(sed -n 's/^isolab:\([0-9]*\):.*/\1/p' /etc/subuid 2>/dev/null | head -1)
	g=$(sed -n 's/^isolab:\([0-9]*\):.*/\1/p' /etc/subgid 2>/dev/null | head -1)
	echo "${u:-1879048192} ${g:-1879048192}"
}

# Leftover checks on a shared machine. Other isolab users run at the same
# time, so a test looks only at what is below its own cgroups and in its
# own mount namespace, never machine-wide.
#
# private_mounts: re-runs this script (from its start) in a mount namespace
# of its own, private, so that host mounts made or removed by anyone else
# do not reach it while a leak of isolab's would. Call it first thing.
# No-op when not root (unshare needs it) or already done.
private_mounts() {
	[ "$(id -u)" = 0 ] && [ -z "${ISOLAB_TEST_PRIVATE_MOUNTS:-}" ] || return 0
	command -v unshare >/dev/null || return 0
	rm -rf "$TEST_TMP"
	ISOLAB_TEST_PRIVATE_MOUNTS=1 exec unshare -m --propagation private \
		bash "$0" "$@"
}
mount_count() { grep -c . /proc/self/mountinfo; }

# own_cgroups: moves this script into new cgroups, one per controller
# isolab uses (memory, pids, cpu on v1/hybrid; one on v2), named
# isolab-test-PID. isolab makes its cgroups below the ones it runs in,
# so everything it makes for this script's runs lands below these.
# Sets OWN_CGROUPS (may be empty: not root, or no writable cgroupfs).
OWN_CGROUPS=()
own_cgroups() {
	local c rel dir
	local -a want
	[ "$(id -u)" = 0 ] || return 0
	if [ "$(stat -f -c %T /sys/fs/cgroup 2>/dev/null)" = cgroup2fs ]; then
		want=(".")
	else
		want=(memory pids cpu)
	fi
	for c in "${want[@]}"; do
		if [ "$c" = . ]; then
			rel=$(sed -n 's/^0:://p' /proc/self/cgroup)
			dir=/sys/fs/cgroup${rel%/}/isolab-test-$$
		else
			rel=$(awk -F: -v c="$c" '{n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == c) print $3}' /proc/self/cgroup)
			dir=/sys/fs/cgroup/$c${rel%/}/isolab-test-$$
		fi
		mkdir -p "$dir" 2>/dev/null && echo $$ >"$dir/cgroup.procs" 2>/dev/null ||
			{ rmdir "$dir" 2>/dev/null; continue; }
		OWN_CGROUPS+=("$dir")
	done
	trap 'leave_own_cgroups; rm -rf "$TEST_TMP"' EXIT
}
leave_own_cgroups() {
	local d
	for d in "${OWN_CGROUPS[@]}"; do
		echo $$ >"$(dirname "$d")/cgroup.procs" 2>/dev/null
		# A leak already failed its check; empty leftovers go with us.
		find "$d" -mindepth 1 -depth -type d -exec rmdir {} + 2>/dev/null
		rmdir "$d" 2>/dev/null
	done
}

# isolab's cgroups left below this script's own (none after a clean run).
own_leftover_cgroups() {
	[ ${#OWN_CGROUPS[@]} -gt 0 ] || return 0
	find "${OWN_CGROUPS[@]}" -mindepth 1 -type d -name 'isolab-ct-*' 2>/dev/null
}

# check_no_leftover_cgroups NAME: PASS/FAIL, or SKIP without own cgroups.
check_no_leftover_cgroups() {
	if [ ${#OWN_CGROUPS[@]} -eq 0 ]; then
		skip "$1" "no cgroup of this test's own to look below (needs root and a writable cgroupfs)"
	else
		check "$1" test -z "$(own_leftover_cgroups)"
	fi
}

# Pids below this script's own cgroups, other than this script, whose
# command line matches the ERE: a leftover workload.
# Without own cgroups, falls back to pgrep machine-wide.
own_processes() { # ERE
	local p
	if [ ${#OWN_CGROUPS[@]} -eq 0 ]; then
		pgrep -f "$1" | grep -vx "$$" || true
		return
	fi
	for p in $(find "${OWN_CGROUPS[@]}" -name cgroup.procs -exec cat {} + 2>/dev/null | sort -un); do
		# This script and the subshell running this function; what they
		# start below reads the pid list after it was taken.
		[ "$p" = $$ ] || [ "$p" = "$BASHPID" ] && continue
		cat /proc/"$p"/cmdline 2>/dev/null | tr '\0' ' ' | grep -Eq -- "$1" && echo "$p"
	done
	return 0
}

# Is $ISOLAB the sanitizer build (make SAN=1)? It links ASan's runtime.
isolab_is_sanitized() {
	ldd "$ISOLAB" 2>/dev/null | grep -q libasan
}

finish() {
	exit "$FAILED"
}
