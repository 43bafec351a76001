# Seccomp profiles and capabilities, seen from the workload's try: modes.
. "$(dirname "$0")/lib.sh"

# errno_is EXPECTED MODE [options]: the workload's try:MODE reports errno
# EXPECTED (run in this shell, so that a failure can show RC and output).
errno_is() {
	local want=$1 mode=$2
	shift 2
	capture "$ISOLAB" exec --launcher container "$@" -- "$mode"
	test "$(sed -n "s/^$mode errno=//p" "$TEST_TMP/out")" = "$want"
}

check "default seccomp blocks keyctl (EPERM)" errno_is 1 try:keyctl
check "--seccomp off lets keyctl reach the kernel (EOPNOTSUPP)" errno_is 95 try:keyctl --seccomp off
check "--seccomp strict allows keyctl (the workload uses it)" errno_is 95 try:keyctl --seccomp strict
check "default seccomp: an unknown syscall gets ENOSYS" errno_is 38 try:nosys
check "--seccomp strict: an unlisted syscall gets EPERM" errno_is 1 try:nosys --seccomp strict
check "strict profile runs hello" test "$("$ISOLAB" exec --launcher container --seccomp strict -- hello | grep -c =)" -ge 5
capture "$ISOLAB" exec --launcher container --seccomp strict -- hello
check "strict profile: isolab-workload's own calls are all allowed (no note)" test "$RC" -eq 0 -a -z "$ERR"

# --seccomp strict with a program of the user's: its own calls are not in
# the profile. They still get EPERM, and isolab names the first one.
printf '\t.globl _start\n_start:\n\tmovl $79, %%eax\n\txorl %%edi, %%edi\n\txorl %%esi, %%esi\n\tsyscall\n\tnegl %%eax\n\tmovl %%eax, %%edi\n\tmovl $60, %%eax\n\tsyscall\n' >"$TEST_TMP/getcwd.S"
if gcc -nostdlib -static -no-pie -o "$TEST_TMP/getcwd" "$TEST_TMP/getcwd.S" 2>"$TEST_TMP/cc.err"; then
	capture "$ISOLAB" exec --launcher container --seccomp strict --binary "$TEST_TMP/getcwd"
	check "strict + --binary: the blocked call still gets EPERM (exit $RC)" test "$RC" -eq 1
	check "strict + --binary: exec names the first blocked call" \
		test -n "$(printf %s "$ERR" | grep -F 'blocked by --seccomp strict: getcwd (79)')"
	check "strict + --binary: exec says the program's calls are not in the profile" \
		test -n "$(printf %s "$ERR" | grep -F 'allows only what isolab-workload calls')"
	capture "$ISOLAB" run --launcher container --seccomp strict --binary "$TEST_TMP/getcwd" -n 1 --warmup 0 \
		--format json --output "$TEST_TMP/strict.json"
	note=$(json_get "$TEST_TMP/strict.json" 'd["runs"][0]["note"]')
	check "strict + --binary: the run's note names the call ($note)" \
		test "${note#blocked by --seccomp strict: getcwd (79)}" != "$note"
	capture "$ISOLAB" exec --launcher container --binary "$TEST_TMP/getcwd"
	check "default profile + --binary: the call reaches the kernel (ERANGE), nothing said" \
		test "$RC" -eq 34 -a -z "$ERR"
else
	skip "strict + --binary" "gcc cannot build a -nostdlib program: $(head -c 200 "$TEST_TMP/cc.err")"
fi
if [ -x /bin/busybox ]; then
	capture "$ISOLAB" exec --launcher container --seccomp strict --binary /bin/busybox -- true
	check "strict + a libc program: the first blocked call is named, not just exit $RC" \
		test -n "$(printf %s "$ERR" | grep -E 'blocked by --seccomp strict: [a-z_0-9]+ \([0-9]+\)')"
fi

for profile in default off; do
	check "caps default ($profile seccomp): sethostname EPERM" errno_is 1 try:sethostname --seccomp $profile
	check "caps default ($profile seccomp): mount EPERM" errno_is 1 try:mount --seccomp $profile
	check "caps none ($profile seccomp): sethostname EPERM" errno_is 1 try:sethostname --caps none --seccomp $profile
	check "keep CAP_SYS_ADMIN ($profile seccomp): sethostname EINVAL" \
		errno_is 22 try:sethostname --caps keep:CAP_SYS_ADMIN --seccomp $profile
	check "keep CAP_SYS_ADMIN ($profile seccomp): mount ENODEV" \
		errno_is 19 try:mount --caps keep:CAP_SYS_ADMIN --seccomp $profile
	check "caps default ($profile seccomp): unshare EPERM" errno_is 1 try:unshare --seccomp $profile
done

if [ -x /bin/busybox ]; then
	capture "$ISOLAB" exec --launcher container --binary /bin/busybox -- busybox grep -E '^(CapEff|CapBnd|NoNewPrivs|Seccomp):' /proc/self/status
	check "default caps are Docker's 14 (CapEff 00000000a80425fb)" grep -q 'CapEff:.00000000a80425fb' "$TEST_TMP/out"
	check "bounding set is the same" grep -q 'CapBnd:.00000000a80425fb' "$TEST_TMP/out"
	check "no_new_privs is set" grep -q 'NoNewPrivs:.1' "$TEST_TMP/out"
	check "a seccomp filter is loaded" grep -q 'Seccomp:.2' "$TEST_TMP/out"
	capture "$ISOLAB" exec --launcher container --caps none --seccomp off --binary /bin/busybox -- busybox grep -E '^(CapEff|Seccomp):' /proc/self/status
	check "--caps none leaves no capability" grep -q 'CapEff:.0000000000000000' "$TEST_TMP/out"
	check "--seccomp off loads no filter" grep -q 'Seccomp:.0' "$TEST_TMP/out"
	capture "$ISOLAB" exec --launcher container --binary /bin/busybox -- busybox sh -c 'echo x > /proc/sys/kernel/hostname'
	check "/proc/sys is not writable" test "$RC" -ne 0
	capture "$ISOLAB" exec --launcher container --binary /bin/busybox -- busybox touch /newfile
	check "the rootfs is not writable" test "$RC" -ne 0
else
	skip "capability sets seen from inside" "no static /bin/busybox"
fi
finish
