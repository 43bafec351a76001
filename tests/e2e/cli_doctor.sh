# isolab doctor: every piece a launcher needs, and what to do about each
# missing one.
. "$(dirname "$0")/lib.sh"

capture "$ISOLAB" doctor
for piece in "root" "user namespaces" "other namespaces" "cgroups" "cgroup below ours" "seccomp" "capabilities" "/dev/kvm" "virtualization" \
	"process" "container" "microvm"; do
	check "doctor reports $piece" grep -q "\] $piece " "$TEST_TMP/out"
done
layout=$(grep -o '\] cgroups  *[a-z0-9]*' "$TEST_TMP/out" | awk '{print $3}')
if [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]; then expected=v2
elif [ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ]; then expected=hybrid
else expected=v1; fi
check "doctor names this machine's cgroup layout ($layout)" test "$layout" = "$expected"
if grep -qw -e vmx -e svm /proc/cpuinfo; then mode=hardware; else mode=software/paravirtual; fi
# QEMU TCG emulates AMD-V (tests/nested-kvm): the flag is there, the hardware not.
grep -q '^model name.*QEMU TCG' /proc/cpuinfo && mode=software/paravirtual
[ -e /dev/kvm ] || mode=none
check "doctor names the virtualization mode ($mode)" grep -q "virtualization  *$mode" "$TEST_TMP/out"

# An engine's marker file (/.dockerenv, /run/.containerenv) counts only with
# an overlay root or an engine's cgroup path: an image can carry the file.
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null; then
	capture unshare -m --propagation private sh -c \
		'mount -t tmpfs isolab-test /run && : >/run/.containerenv && exec "$0" doctor' "$ISOLAB"
	root_type=$(awk '$5 == "/" { for (i = 7; $i != "-"; i++); t = $(i + 1) } END { print t }' /proc/self/mountinfo)
	if [ "${root_type#*overlay}" != "$root_type" ] ||
		grep -qE '/docker|libpod|/kubepods|/lxc|containerd' /proc/1/cgroup; then
		check "a marker file with container evidence: doctor says which container" \
			grep -q 'running in .* container' "$TEST_TMP/out"
	else
		check "a marker file on a '$root_type' root, no engine's cgroup: not called a container" \
			test "$(grep -c 'running in .*container' "$TEST_TMP/out")" -eq 0 \
			-a "$(grep -c 'container marker .*exists, but' "$TEST_TMP/out")" -eq 1
	fi
else
	skip "doctor's container marker" "needs root and unshare"
fi

if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null; then
	capture setpriv --reuid=65534 --regid=65534 --clear-groups "$ISOLAB" doctor
	check "as a user: root is missing, with what to do" \
		sh -c "grep -q 'MISS\] root' '$TEST_TMP/out' && grep -A1 'MISS\] root' '$TEST_TMP/out' | grep -q -- '->'"
	if [ -e /dev/kvm ] && ! setpriv --reuid=65534 --regid=65534 --clear-groups test -w /dev/kvm; then
		check "as a user without /dev/kvm access: doctor says who owns it and its mode" \
			grep -q "MISS\] /dev/kvm .*it is [^ ]*:[^ ]*, mode 0[0-7]*" "$TEST_TMP/out"
		check "as a user without /dev/kvm access: doctor exits 1 (a launcher cannot run)" test "$RC" -eq 1
	else
		skip "doctor without /dev/kvm access" "nobody can open /dev/kvm here, or there is none"
	fi
else
	skip "doctor as a user" "needs root, user nobody and setpriv"
fi
finish
