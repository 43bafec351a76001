# Where a launcher cannot run, isolab says so truthfully and keeps going
# (issue 19, and issue 9's compare --binary / doctor /dev/kvm items):
#  - in a chroot (made here: a tmpfs in a private mount namespace holding
#    the build's own binaries), the kernel refuses new user namespaces even
#    to root: compare lists the container with the reason, measures the
#    others and exits 3; doctor says user namespaces do not work, naming
#    the chroot; the advice it gives works;
#  - with user.max_user_namespaces = 0, set only inside a fresh user
#    namespace (never the machine's own sysctl);
#  - compare --binary with a --mem too small for the program;
#  - doctor as a user facing a /dev/kvm it cannot open, in the chroot's own
#    /dev (a tmpfs), never the host's.
. "$(dirname "$0")/lib.sh"

BIN_DIR=$(cd "$(dirname "$ISOLAB")" && pwd)
EXIT_NOT_ALL_RAN=3

# in_chroot SCRIPT: runs the bash SCRIPT with $R set to a fresh chroot
# directory (inside a tmpfs, as a debootstrap root is a plain directory)
# holding bin/ (the build's binaries), /usr and its lib links (for a
# sanitizer build), /proc, /sys, /tmp and a /dev of its own. Everything is
# mounted in a private mount namespace, so it all goes with it.
CHROOT_MOUNT=$(mktemp -d /tmp/isolab-chroot.XXXXXX)
in_chroot() {
	TEST_TMP=$TEST_TMP unshare -m --propagation private bash -c '
		set -e
		mount -t tmpfs -o mode=755 isolab-test-chroot "$1"
		R=$1/root
		mkdir -p "$R"/bin "$R"/proc "$R"/sys "$R"/dev "$R"/tmp "$R"/usr "$R"/etc
		mount --bind -o ro "$2" "$R"/bin
		mount --bind -o ro /usr "$R"/usr
		ln -s usr/lib "$R"/lib
		ln -s usr/lib64 "$R"/lib64
		mount -t proc proc "$R"/proc
		mount --rbind /sys "$R"/sys
		for n in null zero full random urandom tty kvm; do
			[ -e /dev/$n ] || continue
			touch "$R"/dev/$n
			mount --bind /dev/$n "$R"/dev/$n
		done
		printf "root:x:0:0::/:/bin/sh\nnobody:x:65534:65534::/:/bin/sh\n" >"$R"/etc/passwd
		printf "root:x:0:\nnogroup:x:65534:\n" >"$R"/etc/group
		set +e
		eval "$3"' in_chroot "$CHROOT_MOUNT" "$BIN_DIR" "$1"
}

if [ "$(id -u)" -ne 0 ] || ! command -v unshare >/dev/null || ! command -v chroot >/dev/null; then
	skip "in a chroot" "needs root, unshare(1) and chroot(1)"
else
	host_kvm_before=$(stat -c '%U:%G %a' /dev/kvm 2>/dev/null)
	in_chroot '
		chroot "$R" /bin/isolab compare -n 2 --warmup 0 >"$TEST_TMP/c.out" 2>"$TEST_TMP/c.err"
		echo $? >"$TEST_TMP/c.rc"
		chroot "$R" /bin/isolab compare --launcher process,container -n 1 --warmup 0 \
			--format json --output /tmp/c.json 2>"$TEST_TMP/j.err"
		echo $? >"$TEST_TMP/j.rc"
		cp "$R"/tmp/c.json "$TEST_TMP/c.json"
		chroot "$R" /bin/isolab probe --launcher process,container >"$TEST_TMP/p.out" 2>&1
		echo $? >"$TEST_TMP/p.rc"
		chroot "$R" /bin/isolab doctor >"$TEST_TMP/d.out" 2>&1
		echo $? >"$TEST_TMP/d.rc"
		chroot "$R" /bin/isolab run --launcher container -n 1 >/dev/null 2>"$TEST_TMP/r.err"
		echo $? >"$TEST_TMP/r.rc"
		chroot "$R" /bin/isolab compare --variant a:container --variant b:container:--seccomp=off \
			-n 1 --warmup 0 >/dev/null 2>"$TEST_TMP/v.err"
		echo $? >"$TEST_TMP/v.rc"
		# A user facing a /dev/kvm only root may open (the chroot'"'"'s
		# own node, on its tmpfs), then one its group may open.
		# Where the host has /dev/kvm it is bind-mounted here: unmount
		# it first, or chgrp/chmod below would change the host'"'"'s node.
		umount "$R"/dev/kvm 2>/dev/null
		rm -f "$R"/dev/kvm
		mknod -m 600 "$R"/dev/kvm c 10 232
		chroot --userspec=65534:65534 "$R" /bin/isolab doctor >"$TEST_TMP/k1.out" 2>&1
		echo "kvm:x:990:" >>"$R"/etc/group
		chgrp 990 "$R"/dev/kvm && chmod 660 "$R"/dev/kvm
		chroot --userspec=65534:65534 "$R" /bin/isolab doctor >"$TEST_TMP/k2.out" 2>&1
		# The advice: make the root a mount point, drop the user namespace.
		mount --rbind "$R" "$R"
		chroot "$R" /bin/isolab compare --launcher container -n 1 --warmup 0 \
			--ns pid,mnt,uts,ipc,net,cgroup >"$TEST_TMP/a.out" 2>&1
		echo $? >"$TEST_TMP/a.rc"
	'
	capture cat "$TEST_TMP/c.out"
	RC=$(cat "$TEST_TMP/c.rc")
	check "chroot: compare exits $EXIT_NOT_ALL_RAN (a launcher was not run)" test "$RC" -eq $EXIT_NOT_ALL_RAN
	check "chroot: compare measures the process launcher" grep -q '^process  *noop  *2 ' "$TEST_TMP/c.out"
	check "chroot: compare lists the container with the reason, naming the chroot" \
		grep -q '^container  *not run here: .*EPERM.*running in a chroot.*run it on the host' "$TEST_TMP/c.out"
	if grep -q '^microvm  *noop  *2 ' "$TEST_TMP/c.out"; then
		pass "chroot: compare measures the micro-VM"
	elif grep -q '^microvm  *not run here: .*/dev/kvm' "$TEST_TMP/c.out" && ! [ -r /dev/kvm ]; then
		skip "chroot: compare measures the micro-VM" "no /dev/kvm on this machine (it is listed as not run, with the reason)"
	else
		fail "chroot: compare measures the micro-VM" "$(cat "$TEST_TMP/c.out" "$TEST_TMP/c.err")"
	fi
	check "chroot: compare --format json lists it under not_run" \
		test "$(json_get "$TEST_TMP/c.json" '[k["launcher"] for k in d["not_run"] if "chroot" in k["reason"]] == ["container"] and {r["launcher"] for r in d["runs"]} == {"process"}')" = True
	check "chroot: with the table in a file, stderr says what was not run" \
		sh -c "test $(cat "$TEST_TMP/j.rc") -eq $EXIT_NOT_ALL_RAN && grep -q '^isolab: container not run here: .*chroot' '$TEST_TMP/j.err'"
	check "chroot: run of the container alone fails (exit 1) with the reason" \
		sh -c "test $(cat "$TEST_TMP/r.rc") -eq 1 && grep -q 'chroot' '$TEST_TMP/r.err'"
	check "chroot: compare of two container variants fails (exit 1), naming each with its label" \
		sh -c "test $(cat "$TEST_TMP/v.rc") -eq 1 && grep -q ': container (a): .*chroot.*; container (b): ' '$TEST_TMP/v.err'"
	capture cat "$TEST_TMP/p.out"
	check "chroot: probe lists the container as compare does, exits $EXIT_NOT_ALL_RAN" \
		sh -c "test $(cat "$TEST_TMP/p.rc") -eq $EXIT_NOT_ALL_RAN &&
			grep -q '^process  *host ' '$TEST_TMP/p.out' &&
			grep -q '^container  *not run here: .*chroot' '$TEST_TMP/p.out'"
	capture cat "$TEST_TMP/d.out"
	check "chroot: doctor says user namespaces do not work, with the errno" \
		grep -q '\[MISS\] user namespaces  *not working: unshare(CLONE_NEWUSER) failed: EPERM' "$TEST_TMP/d.out"
	check "chroot: doctor names the chroot as the cause" \
		sh -c "grep -A1 'MISS\] user namespaces' '$TEST_TMP/d.out' | grep -q -- '-> isolab is running in a chroot'"
	check "chroot: doctor still creates the other namespaces (as root)" \
		grep -q '\[ ok \] other namespaces  *pid mnt uts ipc net cgroup' "$TEST_TMP/d.out"
	check "chroot: doctor exits 1 (the container cannot run)" test "$(cat "$TEST_TMP/d.rc")" -eq 1
	capture cat "$TEST_TMP/a.out"
	check "chroot: the advice works (root a mount point, --ns without user)" \
		sh -c "test $(cat "$TEST_TMP/a.rc") -eq 0 && grep -q '^container  *noop  *1 ' '$TEST_TMP/a.out'"
	capture cat "$TEST_TMP/k1.out"
	check "/dev/kvm root:root 0600: doctor says who owns it and its mode" \
		grep -q 'EACCES.*it is root:root, mode 0600' "$TEST_TMP/k1.out"
	check "/dev/kvm root:root 0600: the fix is the group and udev rule to create" \
		sh -c "grep -A1 'MISS\] /dev/kvm' '$TEST_TMP/k1.out' | grep -q 'groupadd --system kvm.*65-kvm.rules'"
	check "/dev/kvm root:root 0600: no 'join the kvm group' while there is none" \
		sh -c "grep -q 'MISS\] /dev/kvm' '$TEST_TMP/k1.out' &&
			! grep -A1 'MISS\] /dev/kvm' '$TEST_TMP/k1.out' | grep -q 'may use it: usermod'"
	capture cat "$TEST_TMP/k2.out"
	check "/dev/kvm root:kvm 0660: the fix is joining its group" \
		sh -c "grep -A1 'MISS\] /dev/kvm' '$TEST_TMP/k2.out' | grep -q 'its group kvm may use it: usermod -aG kvm'"
	check "chroot: the host's /dev/kvm keeps its owner and mode (${host_kvm_before:-none})" \
		test "$(stat -c '%U:%G %a' /dev/kvm 2>/dev/null)" = "$host_kvm_before"
fi
check "chroot: nothing is left mounted" sh -c "! grep -q '$CHROOT_MOUNT' /proc/self/mountinfo"
rmdir "$CHROOT_MOUNT"

# user.max_user_namespaces = 0, inside a fresh user namespace only: the
# limit is per user namespace, so the machine's own stays as it was.
host_max=$(cat /proc/sys/user/max_user_namespaces)
if unshare -U -r true 2>/dev/null; then
	unshare -U -r bash -c 'echo 0 >/proc/sys/user/max_user_namespaces || exit 99
		"$1" compare --launcher process,container -n 1 --warmup 0 >"$2/m.out" 2>&1
		echo $? >"$2/m.rc"
		"$1" doctor >"$2/md.out" 2>&1' sh "$ISOLAB" "$TEST_TMP"
	if [ $? -eq 99 ]; then
		skip "user.max_user_namespaces = 0" "cannot set it inside a new user namespace here"
	else
		capture cat "$TEST_TMP/m.out"
		check "max_user_namespaces=0: compare lists the container, naming the sysctl, exits 3" \
			sh -c "test $(cat "$TEST_TMP/m.rc") -eq $EXIT_NOT_ALL_RAN &&
				grep -q '^process  *noop  *1 ' '$TEST_TMP/m.out' &&
				grep -q '^container  *not run here: .*user.max_user_namespaces = 0' '$TEST_TMP/m.out'"
		capture cat "$TEST_TMP/md.out"
		check "max_user_namespaces=0: doctor says user namespaces fail with ENOSPC, naming the sysctl" \
			sh -c "grep -q 'MISS\] user namespaces .*ENOSPC' '$TEST_TMP/md.out' &&
				grep -A1 'MISS\] user namespaces' '$TEST_TMP/md.out' | grep -q 'user.max_user_namespaces = 0'"
	fi
	check "max_user_namespaces=0: the machine's own limit is unchanged" \
		test "$(cat /proc/sys/user/max_user_namespaces)" = "$host_max"
else
	skip "user.max_user_namespaces = 0" "this machine lets no one create a user namespace"
fi

# doctor tries everything, and quickly: CPU time (not wall time, which a
# busy machine inflates) under 100 ms; and the cgroup it made is gone.
TIMEFORMAT='%3U %3S'
{ time "$ISOLAB" doctor >"$TEST_TMP/t.out" 2>&1; } 2>"$TEST_TMP/t.time"
cpu_ms=$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$TEST_TMP/t.time")
case $ISOLAB in
*/san/*) limit=400 ;; # ASan's own start-up and shadow memory
*) limit=100 ;;
esac
check "doctor uses under $limit ms of CPU time ($cpu_ms ms)" test "$cpu_ms" -lt $limit
made=$(sed -n 's/.*made and removed \(.*isolab-doctor-[0-9-]*\)$/\1/p' "$TEST_TMP/t.out")
left=
for d in $made; do [ -e "$d" ] && left="$left $d"; done
if [ -n "$made" ]; then
	check "doctor leaves no cgroup behind" test -z "$left"
else
	skip "doctor leaves no cgroup behind" "it could make no cgroup here"
fi

# compare --binary with a --mem too small for the program: the others are
# measured, the micro-VM is listed with the --mem that would fit.
printf 'static char big[20 << 20];\nint main(void) { big[0] = 1; return big[1]; }\n' >"$TEST_TMP/big.c"
if cc -O1 -static -no-pie -o "$TEST_TMP/big" "$TEST_TMP/big.c" 2>/dev/null; then
	capture "$ISOLAB" compare --binary "$TEST_TMP/big" --mem 16 -n 1 --warmup 0
	check "compare --binary, --mem too small: exits $EXIT_NOT_ALL_RAN" test "$RC" -eq $EXIT_NOT_ALL_RAN
	check "compare --binary, --mem too small: the process row is there" grep -q '^process  *big  *1 ' "$TEST_TMP/out"
	if grep -q '^container  *not run here' "$TEST_TMP/out"; then
		skip "compare --binary, --mem too small: the container row" "the container cannot run here"
	else
		check "compare --binary, --mem too small: the container row is there" grep -q '^container  *big  *1 ' "$TEST_TMP/out"
	fi
	if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
		check "compare --binary, --mem too small: the micro-VM is listed with the --mem that fits" \
			grep -q '^microvm  *not run here: .*does not fit in 16 MiB.*use --mem 26 or more' "$TEST_TMP/out"
	else
		skip "compare --binary, --mem too small: the micro-VM's reason" "cannot open /dev/kvm read-write here"
	fi
else
	skip "compare --binary with a --mem too small" "cc -static failed (apt-get install libc6-dev)"
fi
finish
