# The container launcher isolates: own pid namespace under isolab-init, own hostname, no host mounts,
# loopback only, container root an unprivileged host id, own cgroup root.
. "$(dirname "$0")/lib.sh"

BUSYBOX=/bin/busybox
have_busybox() { [ -x $BUSYBOX ] && file -L $BUSYBOX | grep -q 'statically linked'; }
inside() { capture "$ISOLAB" exec --launcher container "$@"; }

host_name=$(hostname)
inside -- hello
check "hello runs in the container" test "$RC" -eq 0
check "pid 1 of the pid namespace is isolab's init" grep -qx 'pid1=isolab-init' "$TEST_TMP/out"
check "the workload is its child (ppid 1), not pid 1" \
	test "$(grep -c '^ppid=1$' "$TEST_TMP/out")" -eq 1 -a "$(grep -c '^pid=1$' "$TEST_TMP/out")" -eq 0
check "uid and gid 0 inside" grep -qx 'uid=0' "$TEST_TMP/out"
check "default hostname isolab-ct" grep -qx 'hostname=isolab-ct' "$TEST_TMP/out"
inside --hostname lab-box -- hello
check "--hostname sets the UTS name" grep -qx 'hostname=lab-box' "$TEST_TMP/out"
check "the host's hostname is unchanged" test "$(hostname)" = "$host_name"

inside --ns none -- hello
check "--ns none: host pid, host hostname, no isolab-init" \
	test "$RC" -eq 0 -a "$(grep -c "hostname=$host_name" "$TEST_TMP/out")" -eq 1 \
	-a "$(grep -c '^pid=1$' "$TEST_TMP/out")" -eq 0 \
	-a "$(grep -c '^pid1=isolab-init$' "$TEST_TMP/out")" -eq 0

# The workload runs under isolab-init, not as pid 1 (which the kernel
# spares every signal it has no handler for): it dies of SIGPIPE on a
# closed output pipe, and of its faults, as a process does.
for ns in all user,mnt,uts,ipc,net; do
	"$ISOLAB" exec --launcher container --ns $ns -- io:10240 2>"$TEST_TMP/pipe.err" | head -c 10 >/dev/null
	rc=${PIPESTATUS[0]}
	check "--ns $ns: a closed output pipe ends the workload with SIGPIPE (rc $rc), silently" \
		test "$rc" -eq 141 -a ! -s "$TEST_TMP/pipe.err"
done
"$ISOLAB" exec --launcher container --seccomp strict -- io:10240 2>"$TEST_TMP/pipe.err" | head -c 10 >/dev/null
rc=${PIPESTATUS[0]}
check "--seccomp strict: the init runs under it, SIGPIPE still ends the workload (rc $rc)" \
	test "$rc" -eq 141 -a ! -s "$TEST_TMP/pipe.err"
inside -- crash
check "a crash inside is reported as the workload's signal (rc $RC)" \
	test "$RC" -eq 139 -a "$(grep -c 'killed by SIGSEGV' "$TEST_TMP/err")" -ge 1
inside --timeout 0.3 -- hang
check "a timeout still ends it (rc $RC)" test "$RC" -eq 124

if ! have_busybox; then
	skip "mounts, network, id maps seen from inside" "no static $BUSYBOX (apt-get install busybox-static)"
	finish
fi

# The program shares its pid namespace with isolab-init alone: the helper
# that made the inner namespaces (full capabilities there, no seccomp
# filter) is reaped before the exec, never seen beside the program.
for i in 1 2 3 4 5 6 7 8 9 10; do
	inside --binary $BUSYBOX -- busybox ls /proc
	pids=$(grep -E '^[0-9]+$' "$TEST_TMP/out" | tr '\n' ' ')
	[ "$RC" -eq 0 ] && [ "$(wc -w <<<"$pids")" -eq 2 ] || break
done
check "only isolab-init and the program live in the pid namespace (pids: $pids)" \
	test "$RC" -eq 0 -a "$(wc -w <<<"$pids")" -eq 2 -a "${pids%% *}" = 1

inside --binary $BUSYBOX -- busybox cat /proc/self/mountinfo
# Mount points inside: /, device nodes, /proc with its read-only covers
# and Docker's masks. Nothing of the host's (/sys, /dev/shm, /dev/pts...).
bad=$(awk '{print $5}' "$TEST_TMP/out" | grep -Ev '^/$|^/dev/(null|zero|full|random|urandom|tty)$|^/proc(/(sys|sysrq-trigger|irq|bus|kcore|keys|timer_list|timer_stats|sched_debug|latency_stats|scsi|acpi|asound))?$')
check "no host mounts inside (mountinfo has only the rootfs)" test "$RC" -eq 0 -a -z "$bad" -a -n "$OUT"
check "the rootfs is read-only" grep -q ' / ro,' "$TEST_TMP/out"
check "/proc/sys is read-only" grep -q ' /proc/sys ro,' "$TEST_TMP/out"
# The program (busybox, 2 MiB) is copied into the rootfs: no mount of it,
# so /proc/mounts names neither a host block device nor the host path.
devs=$(awk '{for (i = 1; i < NF; i++) if ($i == "-") print $(i + 2)}' "$TEST_TMP/out" | grep '^/dev/' | tr '\n' ' ')
check "mountinfo names no host block device ($devs)" test -n "$OUT" -a -z "$devs"
check "mountinfo does not show the program's host path" test -z "$(grep -F "$BUSYBOX" "$TEST_TMP/out")"
inside --binary $BUSYBOX -- busybox cat /proc/mounts
devs=$(awk '$1 ~ /^\/dev\// {print $1}' "$TEST_TMP/out" | tr '\n' ' ')
check "/proc/mounts names no host block device ($devs)" test "$RC" -eq 0 -a -n "$OUT" -a -z "$devs"
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

# Seen from the host: container root is an unprivileged id as root (or the
# caller itself as a normal user), host root only with --userns host-root.
if [ "$(id -u)" -eq 0 ]; then
	want=$(isolab_remap_ids)
	ids=$(container_host_ids)
	check "as root, container root runs as host ids $want ($ids)" test "$ids" = "$want"
	ids=$(container_host_ids --userns host-root)
	check "--userns host-root: container root is host root ($ids)" test "$ids" = "0 0"
else
	ids=$(container_host_ids)
	check "container root runs as the caller ($ids)" test "$ids" = "$(id -u) $(id -g)"
fi
inside --binary $BUSYBOX -- busybox cat /proc/self/uid_map /proc/self/gid_map
read -r u_in u_out u_n g_in g_out g_n <<<"$(echo $OUT)"
n=$([ "$(id -u)" -eq 0 ] && echo 65536 || echo 1)
check "inside, uids 0-$((n - 1)) are mapped ($u_in $u_out $u_n)" test "$u_in $u_out $u_n" = "0 0 $n"
check "inside, gids 0-$((n - 1)) are mapped ($g_in $g_out $g_n)" test "$g_in $g_out $g_n" = "0 0 $n"

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

# isolab pins the child off its own CPU while it makes the cgroup, and the
# helper off the child's (lab/host/cpu_nudge.h): the program must still
# get every CPU isolab may use, and no more.
cpus=$(nproc)
counts=""
for i in 1 2 3 4 5; do
	inside --binary $BUSYBOX -- busybox nproc
	counts="$counts $OUT"
done
check "the program may use isolab's $cpus CPUs, every run (nproc:$counts)" \
	test -z "$(tr ' ' '\n' <<<"$counts" | grep -vx "$cpus" | grep .)"
if [ "$cpus" -gt 1 ]; then
	capture taskset -c 0 "$ISOLAB" exec --launcher container --binary $BUSYBOX -- busybox nproc
	check "under taskset -c 0 the program has CPU 0 alone (nproc: $OUT)" test "$RC" -eq 0 -a "$OUT" = 1
fi

finish
