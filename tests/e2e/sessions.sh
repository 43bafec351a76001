# Launcher sessions (lab/core/session.h): one per launcher and invocation,
# reported once, and nothing one run leaves reaches the next run of the
# same session (issue 10 §1). Also: the shell's error keeps its cause.
#
# Freshness uses tests/e2e/session_fresh.c (markers: a .bss word, a SysV
# segment keyed from a token of this script, a file in the container's
# root tmpfs) and a control under the process launcher, where the SysV
# marker does survive: the check can fail.
. "$(dirname "$0")/lib.sh"

FRESH=$TEST_TMP/session_fresh
TOKEN=sf-$$-$RANDOM$RANDOM
if ! gcc -static -O2 -o "$FRESH" "$ROOT/tests/e2e/session_fresh.c" 2>"$TEST_TMP/cc"; then
	skip "sessions: freshness" "cannot build session_fresh.c with gcc -static: $(head -c 200 "$TEST_TMP/cc")"
	FRESH=
fi

# runs_ok FILE PYTHON-CONDITION-ON-EXIT-CODE: every run's exit code e
# satisfies it, and there are runs.
runs_ok() {
	json_get "$1" "len(d['runs']) > 0 and all((lambda e: $2)(r['exit_code']) for r in d['runs'])"
}
session_of() { # FILE LAUNCHER EXPR-ON-s
	json_get "$1" "[(lambda s: $3)(s) for s in d['sessions'] if s['launcher'] == '$2'][0]"
}

# --- the session's cost: in the JSON once, its phases adding up ---
capture "$ISOLAB" run --launcher container -n 3 --format json --output "$TEST_TMP/warm.json"
if [ $RC -ne 0 ]; then
	skip "sessions: container" "the container launcher cannot run here: $(head -c 200 <<<"$ERR")"
	CT=
else
	CT=1
	check "container: one session in the JSON, warm" \
		test "$(json_get "$TEST_TMP/warm.json" "[s['cold'] for s in d['sessions'] if s['launcher'] == 'container']")" = "[False]"
	check "container: the session has named phases, seccomp filter among them" \
		test "$(session_of "$TEST_TMP/warm.json" container "'seccomp filter' in s['phases'] and len(s['phases']) >= 3")" = True
	check "container: the session's phases add up to its total_ns" \
		test "$(session_of "$TEST_TMP/warm.json" container "s['total_ns'] > 0 and sum(s['phases'].values()) == s['total_ns']")" = True
	check "container: warm runs do not pay the session in startup" \
		test "$(json_get "$TEST_TMP/warm.json" "all('seccomp filter' not in r['phases'] for r in d['runs'])")" = True
	capture "$ISOLAB" run --launcher container -n 2 --cold --format json --output "$TEST_TMP/cold.json"
	check "container --cold: the session is marked cold, without a cost of its own" \
		test "$(session_of "$TEST_TMP/cold.json" container "s['cold'] and 'total_ns' not in s")" = True
	check "container --cold: every run pays the session's phases in its startup" \
		test "$(json_get "$TEST_TMP/cold.json" "all('seccomp filter' in r['phases'] and sum(r['phases'].values()) == r['startup_ns'] for r in d['runs'])")" = True
	capture "$ISOLAB" run --launcher container -n 2 --phases
	check "--phases: the session's cost under the launcher's row" \
		grep -q "^    session (once, not in startup): .*seccomp filter" "$TEST_TMP/out"
	capture "$ISOLAB" run --launcher container -n 2 --phases --cold
	check "--phases --cold: says the runs paid it" grep -q "^    session: cold" "$TEST_TMP/out"
fi
capture "$ISOLAB" compare --variant a:process --variant b:process:--spawn=vfork -n 1 \
	--format json --output "$TEST_TMP/variants.json"
check "variants: one session record each, labelled by its variant" \
	test "$(json_get "$TEST_TMP/variants.json" "[(s['launcher'], s.get('variant')) for s in d['sessions']]")" = \
	"[('process', 'a'), ('process', 'b')]"
check "variants: each session record gives the options its runs had" \
	test "$(json_get "$TEST_TMP/variants.json" "[s['options']['spawn'] for s in d['sessions']]")" = "['fork', 'vfork']"
if [ -n "$CT" ]; then
	capture "$ISOLAB" run --launcher container --seccomp strict --cold -n 1 --format json \
		--output "$TEST_TMP/strict.json"
	check "container: the results say which --seccomp the runs had, cold too" \
		test "$(session_of "$TEST_TMP/strict.json" container "s['options']['seccomp'] == 'strict' and s['options']['ns'] == 'all'")" = True
fi
capture "$ISOLAB" run --launcher process -n 2 --format json --output "$TEST_TMP/proc.json"
check "process: listed with no one-time cost" \
	test "$(session_of "$TEST_TMP/proc.json" process "not s['cold'] and s['total_ns'] == 0 and s['phases'] == {}")" = True

# --- freshness: nothing of one run reaches the next of the same session ---
if [ -n "$FRESH" ] && [ -n "$CT" ]; then
	capture "$ISOLAB" run --launcher container -n 6 --warmup 1 --format json \
		--output "$TEST_TMP/fresh.json" --binary "$FRESH" -- "$TOKEN"
	check "container: every run of one session left its SysV marker (bit 2)" \
		test "$(runs_ok "$TEST_TMP/fresh.json" 'e >= 0 and e & 2')" = True
	check "container: no run saw the previous run's markers (bits 4, 8, 16)" \
		test "$(runs_ok "$TEST_TMP/fresh.json" 'e >= 0 and not e & 28')" = True
	if [ "$(id -u)" = 0 ]; then
		capture "$ISOLAB" run --launcher container -n 4 --warmup 1 --format json \
			--output "$TEST_TMP/fresh-fs.json" --ns pid,mnt,ipc,uts,net,cgroup \
			--caps keep:CAP_SYS_ADMIN --binary "$FRESH" -- "$TOKEN"
		check "container (root tmpfs made writable): every run left a file in it (bit 1)" \
			test "$(runs_ok "$TEST_TMP/fresh-fs.json" 'e >= 0 and e & 1')" = True
		check "container (root tmpfs made writable): no run saw the previous run's file (bit 4)" \
			test "$(runs_ok "$TEST_TMP/fresh-fs.json" 'e >= 0 and not e & 28')" = True
	else
		skip "container: a file marker in the root tmpfs" "needs root (CAP_SYS_ADMIN over the container's mount, without a user namespace)"
	fi
	# Control: without an IPC namespace the marker survives, so the
	# checks above can fail.
	capture "$ISOLAB" run --launcher process -n 2 --warmup 0 --format json \
		--output "$TEST_TMP/control.json" --binary "$FRESH" -- "$TOKEN-control" ipc
	check "control: under the process launcher the second run sees the SysV marker" \
		test "$(json_get "$TEST_TMP/control.json" "[r['exit_code'] & 8 for r in d['runs']]")" = "[0, 8]"
	"$FRESH" "$TOKEN-control" remove || fail "control: removing its SysV marker" "not there"
fi
if [ -z "$FRESH" ]; then
	:
elif ! "$ISOLAB" exec --launcher microvm -- noop >/dev/null 2>"$TEST_TMP/vmerr"; then
	skip "microvm: guest memory is fresh in every run of one session" "the micro-VM cannot run here: $(head -c 200 "$TEST_TMP/vmerr")"
else
	capture "$ISOLAB" run --launcher microvm -n 6 --warmup 1 --format json \
		--output "$TEST_TMP/fresh-vm.json" --binary "$FRESH" -- "$TOKEN" bss
	check "microvm: no run of one session saw the previous guest's .bss marker" \
		test "$(runs_ok "$TEST_TMP/fresh-vm.json" 'e == 0')" = True
	check "microvm: the session built the guest's CPUID once" \
		test "$(session_of "$TEST_TMP/fresh-vm.json" microvm "'guest cpuid' in s['phases'] and sum(s['phases'].values()) == s['total_ns']")" = True
fi

# --- the shell's error keeps its cause (err_prefix, container/shell.c) ---
if [ "$(id -u)" = 0 ] && [ -z "${SESSIONS_PRIVATE:-}" ] && command -v unshare >/dev/null; then
	: >"$TEST_TMP/not-busybox"
	SESSIONS_PRIVATE=1 unshare -m --propagation private sh -c \
		'mount --bind "$1" /bin/busybox && exec "$2" shell -- true' sh \
		"$TEST_TMP/not-busybox" "$ISOLAB" >"$TEST_TMP/out" 2>"$TEST_TMP/err" </dev/null
	RC=$? ERR=$(cat "$TEST_TMP/err") OUT=
	check "shell without busybox: one line, the prefix once, then the cause" \
		test $RC -eq 1 -a "$(grep -c 'needs a static busybox' "$TEST_TMP/err")" = 1 -a \
		"$(grep -o 'needs a static busybox' "$TEST_TMP/err" | wc -l)" = 1
	check "shell without busybox: the cause is the checker's, after ': '" \
		grep -q 'busybox-static): /bin/busybox' "$TEST_TMP/err"
else
	skip "shell without busybox" "needs root and unshare to hide /bin/busybox in a private mount namespace"
fi
exit $FAILED
