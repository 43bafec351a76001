# The container launcher isolates: pid 1, own hostname, no host mounts,
# loopback only, uid 0 mapped to the caller, own cgroup root.
. "$(dirname "$0")/lib.sh"

BUSYBOX=/bin/busybox
have_busybox() { [ -x $BUSYBOX ] && file -L $BUSYBOX | grep -q 'statically linked'; }
inside() { capture "$ISOLAB" exec --launcher container "$@"; }

host_name=$(hostname)
inside -- hello
check "hello runs in the container" test "$RC" -eq 0
check "the workload is pid 1 of its pid namespace" grep -qx 'pid=1' "$TEST_TMP/out"
check "its parent is outside the namespace (ppid 0)" grep -qx 'ppid=0' "$TEST_TMP/out"
check "uid and gid 0 inside" grep -qx 'uid=0' "$TEST_TMP/out"
check "default hostname isolab-ct" grep -qx 'hostname=isolab-ct' "$TEST_TMP/out"
inside --hostname lab-box -- hello
check "--hostname sets the UTS name" grep -qx 'hostname=lab-box' "$TEST_TMP/out"
check "the host's hostname is unchanged" test "$(hostname)" = "$host_name"

inside --ns none -- hello
check "--ns none: host pid, host hostname" \
	test "$RC" -eq 0 -a "$(grep -c "hostname=$host_name" "$TEST_TMP/out")" -eq 1 \
	-a "$(grep -c '^pid=1$' "$TEST_TMP/out")" -eq 0

if ! have_busybox; then
	skip "mounts, network, id maps seen from inside" "no static $BUSYBOX (apt-get install busybox-static)"
	finish
fi

inside --binary $BUSYBOX -- busybox cat /proc/self/mountinfo
# Mount points inside: /, the program under /bin, device nodes, /proc and
# its read-only covers. Nothing of the host's (/sys, /dev/shm, /dev/pts...).
bad=$(awk '{print $5}' "$TEST_TMP/out" | grep -Ev '^/$|^/bin/busybox$|^/dev/(null|zero|full|random|urandom|tty)$|^/proc(/(sys|sysrq-trigger|irq|bus))?$')
check "no host mounts inside (mountinfo has only the rootfs)" test "$RC" -eq 0 -a -z "$bad" -a -n "$OUT"
check "the rootfs is read-only" grep -q ' / ro,' "$TEST_TMP/out"
check "/proc/sys is read-only" grep -q ' /proc/sys ro,' "$TEST_TMP/out"
inside --binary $BUSYBOX -- busybox ls /
check "the rootfs holds only bin, dev, proc" test "$(echo $OUT)" = "bin dev proc"

inside --binary $BUSYBOX -- busybox cat /proc/net/dev
ifaces=$(awk -F: 'NR > 2 {gsub(/ /, "", $1); print $1}' "$TEST_TMP/out" | tr '\n' ' ')
check "network namespace has only lo ($ifaces)" test "$ifaces" = "lo "
inside --binary $BUSYBOX -- busybox ip link show lo
check "lo is up" grep -q 'state UNKNOWN\|,UP' "$TEST_TMP/out"
inside --net host --binary $BUSYBOX -- busybox cat /proc/net/dev
check "--net host shares the host's interfaces" \
	test "$(awk 'NR > 2' "$TEST_TMP/out" | wc -l)" -eq "$(awk 'NR > 2' /proc/net/dev | wc -l)"

inside --binary $BUSYBOX -- busybox cat /proc/self/uid_map /proc/self/gid_map
read -r u_in u_out u_n g_in g_out g_n <<<"$(echo $OUT)"
check "uid 0 inside maps to the caller's uid $(id -u)" test "$u_in $u_out $u_n" = "0 $(id -u) 1"
check "gid 0 inside maps to the caller's gid $(id -g)" test "$g_in $g_out $g_n" = "0 $(id -g) 1"

inside --binary $BUSYBOX -- busybox cat /proc/self/cgroup
check "the container sees itself at the root of its cgroups" \
	test "$RC" -eq 0 -a -z "$(grep -v ':/$' "$TEST_TMP/out")"

for ns in ipc uts net mnt pid cgroup user; do
	inside --binary $BUSYBOX -- busybox readlink /proc/self/ns/$ns
	inner=$OUT
	check "own $ns namespace" test -n "$inner" -a "$inner" != "$(readlink /proc/self/ns/$ns)"
done
if [ -e /proc/self/ns/time ]; then
	inside --binary $BUSYBOX -- busybox readlink /proc/self/ns/time
	check "own time namespace" test -n "$OUT" -a "$OUT" != "$(readlink /proc/self/ns/time)"
fi
inside --ns pid,mnt,user --binary $BUSYBOX -- busybox readlink /proc/self/ns/uts
check "--ns pid,mnt,user keeps the host's uts namespace" test "$OUT" = "$(readlink /proc/self/ns/uts)"

finish
