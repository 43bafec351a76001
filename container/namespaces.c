#include "container/namespaces.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <linux/sched.h>
#include <net/if.h>
#include <linux/futex.h>
#include <signal.h>
#include <sys/mman.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "container/fsutil.h"
#include "container/options.h"

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
		{ CT_NS_MNT, CLONE_NEWNS },    { CT_NS_UTS, CLONE_NEWUTS },
		{ CT_NS_IPC, CLONE_NEWIPC },   { CT_NS_TIME, CLONE_NEWTIME },
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

#define NET_STACK (64 * 1024)

static int net_thread(void *arg)
{
	struct ct_ns_net_job *j = arg;

	if (unshare(CLONE_NEWNET) < 0)
		j->step = "unshare(CLONE_NEWNET)";
	else if (loopback_up() < 0)
		j->step = "bringing up lo";
	else if ((j->fd = open("/proc/thread-self/ns/net",
			       O_RDONLY | O_CLOEXEC)) < 0)
		j->step = "opening the new netns";
	if (j->step)
		j->err = errno;
	return 0;
}

int ct_ns_net_start(struct ct_ns_net_job *j)
{
	/* A thread, not a process: unshare(CLONE_NEWNET) changes only the
	 * calling task, and the shared fd table hands its netns back. */
	int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
		    CLONE_THREAD | CLONE_SYSVSEM | CLONE_PARENT_SETTID |
		    CLONE_CHILD_CLEARTID;

	*j = (struct ct_ns_net_job){ .fd = -1 };
	j->stack = mmap(NULL, NET_STACK, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (j->stack == MAP_FAILED) {
		j->stack = NULL;
		return -1;
	}
	if (clone(net_thread, (char *)j->stack + NET_STACK, flags, j, &j->tid,
		  NULL, &j->tid) < 0)
		return -1;
	return 0;
}

int ct_ns_net_join(struct ct_ns_net_job *j)
{
	pid_t tid;

	while ((tid = __atomic_load_n(&j->tid, __ATOMIC_ACQUIRE)) != 0)
		syscall(SYS_futex, &j->tid, FUTEX_WAIT, tid, NULL, NULL, 0);
	munmap(j->stack, NET_STACK);
	j->stack = NULL;
	if (j->step) {
		errno = j->err;
		return -1;
	}
	if (setns(j->fd, CLONE_NEWNET) < 0) {
		j->step = "entering the new netns";
		return -1;
	}
	close(j->fd);
	j->fd = -1;
	return 0;
}
