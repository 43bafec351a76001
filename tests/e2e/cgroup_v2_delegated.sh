# --cgroup on a pure cgroup v2 machine, as a normal user, from a cgroup
# delegated to that user (what `systemd-run --user --scope -p
# Delegate=yes isolab ...` gives): isolab moves itself into a leaf of it
# and the limits hold. Without delegation, or with other processes in
# that cgroup, explicit limits fail with one line; the defaults apply
# silently when delegated.
#
# The development machines are v1/v2 hybrids, so this boots a Linux
# kernel under QEMU (no KVM needed, ~45 s) with an initramfs of busybox,
# isolab and a tiny setuid-to-nobody helper, mounts cgroup2 alone, and
# makes the delegated cgroups itself. It needs ISOLAB_TEST_KERNEL (a
# bzImage with cgroup v2, user namespaces, memcg and pids; e.g. Debian's
# linux-image-cloud-amd64 /boot/vmlinuz-*; by default the one
# tests/nested-kvm unpacks into ~/.cache), qemu-system-x86_64, a static
# /bin/busybox and musl-gcc or gcc; it skips without them.
. "$(dirname "$0")/lib.sh"

# Default: the Debian kernel tests/nested-kvm unpacks (its README, Setup).
kernel=${ISOLAB_TEST_KERNEL:-$(ls "$HOME"/.cache/isolab-nested-kvm/boot/vmlinuz-* 2>/dev/null | head -n1)}
name="pure cgroup v2, delegated"
if [ -z "$kernel" ] || [ ! -r "$kernel" ]; then
	skip "$name" "set ISOLAB_TEST_KERNEL to a Linux bzImage (e.g. from Debian's linux-image-cloud-amd64), or unpack one as tests/nested-kvm/README.md says, to boot under QEMU"
	finish
fi
for tool in qemu-system-x86_64 cpio gzip; do
	if ! command -v "$tool" >/dev/null; then
		skip "$name" "$tool is not installed"
		finish
	fi
done
if ! file -L /bin/busybox 2>/dev/null | grep -q 'statically linked'; then
	skip "$name" "no static /bin/busybox (apt-get install busybox-static)"
	finish
fi
cc=$(command -v musl-gcc || command -v gcc)
root=$TEST_TMP/initramfs
mkdir -p "$root/bin" "$root/opt/isolab" "$root/proc" "$root/sys" "$root/dev" "$root/tmp"
cp /bin/busybox "$root/bin/" && cp "$ISOLAB" "$WORKLOAD" "$root/opt/isolab/"
cat >"$TEST_TMP/runas.c" <<'C'
#include <grp.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	(void)argc;
	if (setgroups(0, 0) || setgid(65534) || setuid(65534))
		return 99;
	execv(argv[1], argv + 1);
	return 98;
}
C
if ! "$cc" -static -O2 -o "$root/runas" "$TEST_TMP/runas.c"; then
	skip "$name" "$cc cannot build a static helper"
	finish
fi
cat >"$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
if [ ! -e /switched ]; then # pivot_root needs a real root, not rootfs
	mkdir /newroot && mount -t tmpfs -o size=256m root /newroot
	cp -a /bin /opt /runas /init /newroot/
	mkdir /newroot/proc /newroot/sys /newroot/dev /newroot/tmp
	touch /newroot/switched
	exec switch_root /newroot /init
fi
mount -t proc proc /proc; mount -t sysfs sys /sys
mount -t devtmpfs dev /dev; mount -t tmpfs tmp /tmp; chmod 1777 /tmp
mount -t cgroup2 none /sys/fs/cgroup
echo "+memory +pids +cpu" >/sys/fs/cgroup/cgroup.subtree_control
U=/sys/fs/cgroup/user.slice
mkdir $U && echo "+memory +pids +cpu" >$U/cgroup.subtree_control
I=/opt/isolab/isolab
delegated() { # a cgroup owned by nobody, as systemd delegates one
	mkdir $U/$1
	chown 65534:65534 $U/$1 $U/$1/cgroup.procs $U/$1/cgroup.subtree_control $U/$1/cgroup.threads
}
# inside CGROUP ARGS...: run ARGS as nobody, alone in cgroup $U/CGROUP
inside() { local cg=$1; shift; sh -c 'echo $$ >'"$U/$cg"'/cgroup.procs; exec "$@"' inside /runas "$@"; }
report() { echo "RESULT $1 rc=$2"; }

delegated d1; out=$(inside d1 $I exec --launcher container --cgroup pids=4 -- forkbomb); report pids $? 
echo "RESULT forks $(echo "$out" | sed -n 's/^forks=//p')"
echo "RESULT leaf $(ls -d $U/d1/isolab-ct-*-self | wc -l)"
delegated d2; inside d2 $I exec --launcher container --cgroup mem=8M -- mem:64 >/dev/null; report mem $?
delegated d6; inside d6 $I exec --launcher container --cgroup mem=512K -- hello >/dev/null; report minimum $?
delegated d3; inside d3 $I run --launcher container --workload noop -n 2 --format json >/tmp/r.json; report defaults $?
echo "RESULT notes $(grep -o '"note":"[^"]*"' /tmp/r.json | sort -u | tr '\n' ' ')"
delegated d4; sh -c 'echo $$ >'"$U/d4"'/cgroup.procs; sleep 60 & /runas '"$I"' exec --launcher container --cgroup pids=4 -- noop 2>/tmp/e4; echo "RESULT others rc=$?"; kill $!'
echo "RESULT others_err $(cat /tmp/e4)"
mkdir $U/plain; inside plain $I exec --launcher container --cgroup pids=4 -- noop 2>/tmp/e5; report undelegated $?
echo "RESULT undelegated_err $(cat /tmp/e5)"
echo "RESULT end ok"
poweroff -f
INIT
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc 2>/dev/null | gzip -1) >"$TEST_TMP/initrd.gz"
timeout 600 qemu-system-x86_64 -M pc -m 1024 -smp 1 -nographic -no-reboot \
	-kernel "$kernel" -initrd "$TEST_TMP/initrd.gz" \
	-append "console=ttyS0 quiet panic=-1" >"$TEST_TMP/console" 2>&1 </dev/null
# Kernel messages may share a line with ours: take RESULT wherever it is.
result() { tr -d '\r' <"$TEST_TMP/console" | grep -o "RESULT $1 .*" | sed "s/^RESULT $1 //" | head -1; }
RC=0 OUT=$(tr -d '\r' <"$TEST_TMP/console" | grep -o 'RESULT .*' | tr '\n' '|') ERR=""
if [ -z "$(result end)" ]; then
	fail "$name" "the guest did not finish: $(tail -5 "$TEST_TMP/console" | tr '\n' '|')"
	finish
fi
check "delegated: pids=4 holds the fork bomb (forks=$(result forks))" \
	test "$(result pids)" = "rc=0" -a "$(result forks)" -ge 1 -a "$(result forks)" -le 3
check "delegated: isolab moved itself into its own leaf" test "$(result leaf)" = 1
check "delegated: mem=8M OOM-kills mem:64 (exit 137)" test "$(result mem)" = "rc=137"
check "delegated: the workload starts within the minimum, mem=512K" test "$(result minimum)" = "rc=0"
check "delegated: the default limits apply, no note" \
	test "$(result defaults)" = "rc=0" -a "$(result notes)" = '"note":"" '
# 125: isolab exec's own failure (timeout(1)'s range), not the program's.
check "delegated, other processes in it: explicit limits fail, saying why" \
	test "$(result others)" = "rc=125" -a -n "$(result others_err | grep 'holds other processes besides isolab')"
check "not delegated: explicit limits fail, saying what to do" \
	test "$(result undelegated)" = "rc=125" -a -n "$(result undelegated_err | grep 'Delegate=yes')"
finish
