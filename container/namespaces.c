#include "container/namespaces.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <linux/sched.h>
#include <net/if.h>
#include <linux/futex.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "container/fsutil.h"
#include "container/options.h"
#include "lab/host/cpu_nudge.h"
#include "lab/proto/util.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

uint64_t ct_ns_clone_flags(unsigned ns)
{
	static const struct {
		unsigned ns;
		uint64_t flag;
	} map[] = {
		{ CT_NS_USER, CLONE_NEWUSER }, { CT_NS_PID, CLONE_NEWPID },
		{ CT_NS_MNT, CLONE_NEWNS },    { CT_NS_TIME, CLONE_NEWTIME },
	};
	uint64_t flags = 0;

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (ns & map[i].ns)
			flags |= map[i].flag;
	return flags;
}

bool ct_ns_have_time(void)
{
	return access("/proc/self/ns/time", F_OK) == 0;
}

pid_t ct_ns_clone(uint64_t flags, int *pidfd, struct err *err)
{
	struct clone_args args = {
		/* CLONE_CLEAR_SIGHAND: no handler of isolab's survives into
		 * the child, without a sigaction call per signal there. */
		.flags = flags | CLONE_PIDFD | CLONE_CLEAR_SIGHAND,
		.pidfd = (uint64_t)(uintptr_t)pidfd,
		.exit_signal = SIGCHLD,
	};
	long pid = syscall(SYS_clone3, &args, sizeof(args));

	if (pid < 0) {
		if (errno == EPERM || errno == ENOSPC || errno == EUSERS)
			return err_sys(err,
				       "cannot create the namespaces (unprivileged user namespaces disabled, or a namespace without --ns user while not root?)");
		return err_sys(err, "clone3");
	}
	return (pid_t)pid;
}

int ct_ns_write_idmap(uid_t outer_uid, gid_t outer_gid)
{
	char line[64];

	snprintf(line, sizeof(line), "0 %u 1\n", (unsigned)outer_uid);
	if (ct_write_file("/proc/self/uid_map", line) < 0)
		return -1;
	/* An unprivileged map of one's own gid requires setgroups denied
	 * first (else dropping a group could grant access). */
	if (ct_write_file("/proc/self/setgroups", "deny") < 0)
		return -1;
	snprintf(line, sizeof(line), "0 %u 1\n", (unsigned)outer_gid);
	return ct_write_file("/proc/self/gid_map", line);
}

/* "0 FIRST COUNT" into dir/file (dir an open /proc/PID directory). */
static int write_map(int dir, const char *file, unsigned first, unsigned count)
{
	char line[64];

	snprintf(line, sizeof(line), "0 %u %u\n", first, count);
	return ct_write_file_at(dir, file, line);
}

int ct_ns_map_child(pid_t pid, const struct ct_idmap *m, struct err *err)
{
	char path[64];
	int dir;

	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	dir = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return err_sys(err, "open %s", path);
	if (write_map(dir, "uid_map", m->uid, m->count) < 0 ||
	    write_map(dir, "gid_map", m->gid, m->count) < 0) {
		int saved = errno;

		close(dir);
		errno = saved;
		return err_sys(err,
			       "cannot map container ids 0-%u to host ids %u-%u (uids) and %u-%u (gids); give isolab a range it may use in /etc/subuid and /etc/subgid ('isolab:START:COUNT'), or use --userns host-root",
			       m->count - 1, m->uid, m->uid + m->count - 1,
			       m->gid, m->gid + m->count - 1);
	}
	close(dir);
	return 0;
}

int ct_ns_hold_mounts(pid_t pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/ns/mnt", (int)pid);
	return open(path, O_RDONLY | O_CLOEXEC);
}

int ct_ns_become_root(void)
{
	pid_t parent = getppid();

	/* Our credentials still hold host root's ids (and groups), which
	 * the new map leaves unmapped: take the namespace's own 0. Raw
	 * system calls: glibc's wrappers would signal every thread isolab
	 * had when it cloned us, and wait for them forever. */
	if (syscall(SYS_setgroups, 0, NULL) < 0 ||
	    syscall(SYS_setresgid, 0, 0, 0) < 0 ||
	    syscall(SYS_setresuid, 0, 0, 0) < 0)
		return -1;
	/* Changing ids reset both: the parent-death signal (so re-arm it,
	 * minding a parent that died meanwhile) and dumpability (which
	 * would leave our /proc files to host root, out of our reach). */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 ||
	    prctl(PR_SET_DUMPABLE, 1) < 0)
		return -1;
	if (getppid() != parent)
		_exit(125);
	return 0;
}

static int loopback_up(void)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int rc = -1;

	if (fd < 0)
		return -1;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
		rc = ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
	return rc;
}

#define INNER_STACK (64 * 1024)

static void futex_wait_for(int *word)
{
	while (!__atomic_load_n(word, __ATOMIC_ACQUIRE))
		syscall(SYS_futex, word, FUTEX_WAIT, 0, NULL, NULL, 0);
}

static void futex_set(int *word)
{
	__atomic_store_n(word, 1, __ATOMIC_RELEASE);
	syscall(SYS_futex, word, FUTEX_WAKE, 1, NULL, NULL, 0);
}

/* The helper: it shares our memory and fd table (not our fs, which a
 * new user namespace forbids). It makes its namespaces, hands its /proc
 * directory over, and waits to be released: its namespaces must live
 * until we hold them. It does no more: the child waits for it, while the
 * CPU it runs on also serves isolab's cgroup setup. */
static int inner_main(void *arg)
{
	struct ct_ns_inner *j = arg;
	int own = j->flags & ~CLONE_NEWUSER;

	/* Should we die before releasing it, it must not linger. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != j->parent)
		return 0;
	/* Made here, not by our clone: a network namespace takes about
	 * 0.4 ms to set up, which clone() would have spent in the container
	 * child before it could build the rootfs; here it overlaps it. */
	if (own && unshare(own) < 0)
		j->step = "creating the network, UTS and IPC namespaces";
	else if ((j->proc_fd = openat(j->host_proc_fd, "self",
				 O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		j->step = "opening the helper's /proc directory";
	if (j->step)
		j->err = errno;
	futex_set(&j->ready);
	futex_wait_for(&j->release);
	return 0;
}

int ct_ns_inner_start(struct ct_ns_inner *j, unsigned ns,
		      const char *hostname, const cpu_set_t *cpus)
{
	static const struct {
		unsigned ns;
		int flag;
	} map[] = {
		{ CT_NS_USER, CLONE_NEWUSER }, { CT_NS_NET, CLONE_NEWNET },
		{ CT_NS_UTS, CLONE_NEWUTS },   { CT_NS_IPC, CLONE_NEWIPC },
	};

	*j = (struct ct_ns_inner){ .proc_fd = -1, .host_proc_fd = -1,
				   .parent = getpid(), .cpus = cpus };
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (ns & map[i].ns)
			j->flags |= map[i].flag;
	/* Never the host's name: only in a UTS namespace of its own. */
	j->hostname = (j->flags & CLONE_NEWUTS) ? hostname : NULL;
	if (!j->flags)
		return 0;
	j->host_proc_fd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (j->host_proc_fd < 0)
		return -1;
	j->stack = mmap(NULL, INNER_STACK, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (j->stack == MAP_FAILED) {
		j->stack = NULL;
		return -1;
	}
	/* CLONE_VM without CLONE_THREAD: a process (which may be in another
	 * user namespace) sharing our memory, so no copy of isolab's. Only
	 * the user namespace comes with the clone: the helper unshares the
	 * others itself, in parallel with us. */
	j->pid = clone(inner_main, (char *)j->stack + INNER_STACK,
		       CLONE_VM | CLONE_FILES | (j->flags & CLONE_NEWUSER) |
			       SIGCHLD,
		       j);
	if (j->pid < 0)
		return -1;
	/* Its unshare overlaps our rootfs only if it runs elsewhere. */
	j->pinned = cpu_nudge_away(j->pid, j->cpus);
	return 0;
}

static void inner_close_fds(struct ct_ns_inner *j)
{
	if (j->proc_fd >= 0)
		close(j->proc_fd);
	if (j->host_proc_fd >= 0)
		close(j->host_proc_fd);
	j->proc_fd = j->host_proc_fd = -1;
}

void ct_ns_inner_reap(struct ct_ns_inner *j)
{
	int saved = errno;

	if (j->pid > 0) {
		/* Once only: the strict profile refuses futex after the filter. */
		if (!__atomic_load_n(&j->release, __ATOMIC_ACQUIRE))
			futex_set(&j->release);
		while (waitpid(j->pid, NULL, __WALL) < 0 && errno == EINTR)
			;
		j->pid = 0;
	}
	/* Its stack is ours to unmap only once it is gone (shared memory). */
	if (j->stack)
		munmap(j->stack, INNER_STACK);
	j->stack = NULL;
	errno = saved;
}

/* Release the helper and reap it; closes what it opened. */
static void inner_finish(struct ct_ns_inner *j)
{
	int saved = errno;

	ct_ns_inner_reap(j);
	inner_close_fds(j);
	errno = saved;
}

static int inner_fail(struct ct_ns_inner *j, const char *step, int *fds,
		      int nfds)
{
	int saved = errno;

	j->step = step;
	close_fds(fds, nfds);
	inner_finish(j);
	errno = saved;
	return -1;
}

int ct_ns_inner_enter(struct ct_ns_inner *j, unsigned count, bool lock_mounts)
{
	static const struct {
		int flag;
		const char *file;
	} order[] = { /* the user namespace first: it owns the others */
		{ CLONE_NEWUSER, "ns/user" }, { CLONE_NEWNET, "ns/net" },
		{ CLONE_NEWUTS, "ns/uts" },   { CLONE_NEWIPC, "ns/ipc" },
	};
	int fds[4] = { -1, -1, -1, -1 };

	if (!j->flags)
		return 0;
	futex_wait_for(&j->ready);
	/* Its exit, which we wait for, may then run on any CPU. */
	if (j->pinned)
		cpu_nudge_back(j->pid, j->cpus);
	if (j->step) {
		errno = j->err;
		return inner_fail(j, j->step, fds, 0);
	}
	if ((j->flags & CLONE_NEWUSER) &&
	    (write_map(j->proc_fd, "uid_map", 0, count) < 0 ||
	     write_map(j->proc_fd, "gid_map", 0, count) < 0))
		return inner_fail(j, "writing the inner uid/gid maps", fds, 0);
	for (int i = 0; i < 4; i++)
		if ((j->flags & order[i].flag) &&
		    (fds[i] = openat(j->proc_fd, order[i].file,
				     O_RDONLY | O_CLOEXEC)) < 0)
			return inner_fail(j, "opening the helper's namespaces",
					  fds, 4);
	inner_close_fds(j);
	for (int i = 0; i < 4; i++) {
		if (fds[i] < 0)
			continue;
		if (setns(fds[i], order[i].flag) < 0)
			return inner_fail(j, "entering the inner namespaces",
					  fds, 4);
		close(fds[i]);
		fds[i] = -1;
		/* Copied into a mount namespace of the inner user namespace,
		 * every mount made so far is locked: it cannot be unmounted,
		 * nor its read-only, nosuid, nodev or noexec flag cleared. */
		if (order[i].flag == CLONE_NEWUSER && lock_mounts &&
		    unshare(CLONE_NEWNS) < 0)
			return inner_fail(j, "unshare(CLONE_NEWNS) to lock the mounts",
					  fds, 4);
	}
	/* Released only now: the helper's exit would free the mount
	 * namespace we just left (an RCU grace period, 0.1 to 2 ms here)
	 * had the parent not held it (ct_ns_hold_mounts()).
	 * ct_ns_inner_reap() collects it before the exec. */
	futex_set(&j->release);
	/* Ours to do, as the namespaces' root now: the helper's work is
	 * the part of the rootfs's time we wait for. */
	if ((j->flags & CLONE_NEWNET) && loopback_up() < 0)
		return inner_fail(j, "bringing up lo", fds, 0);
	if (j->hostname && sethostname(j->hostname, strlen(j->hostname)) < 0)
		return inner_fail(j, "sethostname", fds, 0);
	return 0;
}
