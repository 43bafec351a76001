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

finish() {
	exit "$FAILED"
}
