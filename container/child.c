#include "container/child.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "container/caps.h"
#include "container/init.h"
#include "container/namespaces.h"
#include "container/options.h"
#include "lab/host/clock.h"
#include "lab/host/exit_peak.h"

/* Above anything isolab has open at fork time, below any sane limit. */
#define HIGH_FD 100
#define CHILD_SYNC_FD CT_CHILD_NFDS
#define CHILD_BINARY_FD (CT_CHILD_NFDS + 1)

__attribute__((noreturn)) static void fail(int sync_fd,
					   struct ct_report *rep,
					   const char *what)
{
	rep->failed = 1;
	rep->err = errno;
	if (what != rep->msg)
		snprintf(rep->msg, sizeof(rep->msg), "%s", what);
	/* write, not send: the strict filter allows only write and execve. */
	if (write(sync_fd, rep, sizeof(*rep)) < 0)
		_exit(126);
	_exit(127);
}

/* The fds to install may sit anywhere, 0..3 included: move them all high
 * first, then dup2 into place (dup2 clears close-on-exec). The sync socket
 * becomes fd 4 and the program's fd (if the parent opened it) fd 5, both
 * close-on-exec; everything else inherited from isolab is closed now -
 * among it isolab's own end of the socket, which would otherwise keep us
 * from seeing EOF if isolab died. */
static int install_fds(const struct ct_child_spec *s)
{
	enum { NHIGH = CT_CHILD_NFDS + 2 };
	int high[NHIGH];

	for (int i = 0; i < NHIGH; i++) {
		int from = i < CT_CHILD_NFDS	  ? s->fds[i]
			   : i == CHILD_SYNC_FD ? s->sync_fd
						  : s->rootfs.binary_fd;

		high[i] = from < 0 ? -1 : fcntl(from, F_DUPFD_CLOEXEC, HIGH_FD);
		if (from >= 0 && high[i] < 0)
			return -1;
	}
	for (int i = 0; i < CT_CHILD_NFDS; i++) {
		if (high[i] < 0)
			close(i);
		else if (dup2(high[i], i) < 0)
			return -1;
	}
	for (int i = CHILD_SYNC_FD; i < NHIGH; i++)
		if (high[i] >= 0 && dup3(high[i], i, O_CLOEXEC) < 0)
			return -1;
	return close_range(NHIGH, ~0u, 0);
}

/* The user namespace's id map: our own one id, written by ourselves, or
 * a range, written by the parent (then we take its uid 0). */
static void get_idmap(const struct ct_child_spec *s, int sync_fd,
		      struct ct_report *rep)
{
	char tag[8];

	if (!s->idmap.by_parent) {
		if (ct_ns_write_idmap(s->idmap.uid, s->idmap.gid) < 0)
			fail(sync_fd, rep, "writing the uid/gid maps");
		return;
	}
	if (read(sync_fd, tag, sizeof(tag)) != sizeof(CT_MAP_TAG) ||
	    memcmp(tag, CT_MAP_TAG, sizeof(CT_MAP_TAG)) != 0)
		_exit(125); /* the parent gave up on us */
	if (ct_ns_become_root() < 0)
		fail(sync_fd, rep, "becoming root of the user namespace");
}

/* isolab blocks SIGINT/SIGTERM (it reads them from a signalfd); exec keeps
 * the mask, and keeps ignored signals ignored. clone3 already reset the
 * handlers (CLONE_CLEAR_SIGHAND); these are the ones callers ignore. */
static void reset_signals(void)
{
	static const int ignorable[] = { SIGPIPE, SIGCHLD, SIGINT, SIGQUIT,
					 SIGTERM, SIGHUP, SIGTSTP, SIGTTIN,
					 SIGTTOU };
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	sigset_t none;

	for (size_t i = 0; i < sizeof(ignorable) / sizeof(ignorable[0]); i++)
		sigaction(ignorable[i], &dfl, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* The go and its fds (join, then leave); false on EOF or anything else. */
static bool receive_go(int sync_fd, struct ct_go *go, int *fds)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * CT_GO_MAX_FDS)];
		struct cmsghdr align;
	} control;
	struct iovec iov = { go, sizeof(*go) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = control.buf,
			      .msg_controllen = sizeof(control.buf) };
	ssize_t n = recvmsg(sync_fd, &msg, MSG_CMSG_CLOEXEC);
	int nfds = 0;

	for (struct cmsghdr *c = n > 0 ? CMSG_FIRSTHDR(&msg) : NULL; c;
	     c = CMSG_NXTHDR(&msg, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			nfds = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
			memcpy(fds, CMSG_DATA(c), sizeof(int) * (size_t)nfds);
		}
	return n == (ssize_t)sizeof(*go) &&
	       memcmp(go->tag, CT_GO_TAG, sizeof(CT_GO_TAG)) == 0 &&
	       go->join + go->leave == nfds;
}

void ct_child_main(const struct ct_child_spec *s)
{
	struct ct_report rep = { 0 };
	struct ct_ns_inner inner;
	struct ct_rootfs_spec rootfs = s->rootfs;
	int sync_fd = s->sync_fd;
	int cg_fds[CT_GO_MAX_FDS];
	struct ct_go go;

	/* If isolab dies, so does the container (its pid 1 takes the rest).
	 * If it died before this prctl, its "go" never comes: receive_go
	 * reads EOF (install_fds closed our copy of isolab's end) and the
	 * child exits before the exec. getppid() cannot tell here: it is 0
	 * in a new pid namespace. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (install_fds(s) < 0)
		fail(sync_fd, &rep, "setting up fds 0-5");
	sync_fd = CHILD_SYNC_FD;
	rootfs.binary_fd = s->rootfs.binary_fd < 0 ? -1 : CHILD_BINARY_FD;
	if (s->ns & CT_NS_USER) {
		get_idmap(s, sync_fd, &rep);
		rep.stamp[CT_STAMP_IDMAP] = clock_now_ns();
	}
	if (ct_ns_inner_start(&inner, s->ns, s->hostname, &s->cpus) < 0)
		fail(sync_fd, &rep, "starting the namespace helper");
	if (s->ns & CT_NS_MNT) {
		if (ct_rootfs_enter(&rootfs, rep.msg, sizeof(rep.msg)) < 0)
			fail(sync_fd, &rep, rep.msg);
	}
	if (ct_ns_inner_enter(&inner, s->idmap.count,
			      (s->ns & CT_NS_MNT) && (s->ns & CT_NS_USER)) < 0)
		fail(sync_fd, &rep, inner.step);
	if (s->ns & CT_NS_MNT)
		rep.stamp[CT_STAMP_MOUNTS] = clock_now_ns();
	/* The parent's go carries our cgroups; EOF means it gave up on us. */
	if (!receive_go(sync_fd, &go, cg_fds))
		_exit(125);
	for (int i = 0; i < go.join; i++) {
		if (write(cg_fds[i], "0", 1) != 1)
			fail(sync_fd, &rep, "joining the container's cgroup");
		close(cg_fds[i]);
	}
	if (go.join)
		rep.stamp[CT_STAMP_CGROUP] = clock_now_ns();
	if ((s->ns & CT_NS_CGROUP) && unshare(CLONE_NEWCGROUP) < 0)
		fail(sync_fd, &rep, "unshare(CLONE_NEWCGROUP)");
	if (setsid() < 0)
		fail(sync_fd, &rep, "setsid");
	if (s->tty && ioctl(0, TIOCSCTTY, 0) < 0)
		fail(sync_fd, &rep, "taking the terminal (TIOCSCTTY)");
	reset_signals();
	/* Refused (Yama, an LSM): isolab sees no tracer and does not wait.
	 * Under an init (pid namespace) isolab seizes the program itself. */
	if (s->traceme && !(s->ns & CT_NS_PID))
		exit_peak_traceme();
	if (s->ns & CT_NS_PID) {
		/* Raw: the sanitizers' prctl interceptor records a new name
		 * under their thread registry's lock, which another isolab
		 * thread (density starts hundreds) may have held at our
		 * clone: our copy of it is then held forever. */
		syscall(SYS_prctl, PR_SET_NAME, CT_INIT_NAME, 0, 0, 0);
		if (s->init_dump == CT_INIT_UNDUMPABLE)
			prctl(PR_SET_DUMPABLE, 0);
	}
	if (ct_caps_apply(s->keep_caps, s->last_cap) < 0)
		fail(sync_fd, &rep, "dropping capabilities");
	/* Last before exec: from here on only write, read, wait4, munmap and
	 * execve are called (and by an init clone as vfork, wait4, close),
	 * which the strict profile allows. */
	rep.listener_fd = s->seccomp_listener
				  ? ct_seccomp_load_listener(&s->filter)
				  : ct_seccomp_load(&s->filter);
	if (rep.listener_fd < 0)
		fail(sync_fd, &rep, "loading the seccomp filter");
	if (!s->seccomp_listener)
		rep.listener_fd = -1;
	/* The helper has been exiting meanwhile (wait4 and munmap pass every
	 * profile): gone before the program exists. */
	ct_ns_inner_reap(&inner);
	rep.stamp[CT_STAMP_SECURE] = clock_now_ns();
	if (write(sync_fd, &rep, sizeof(rep)) != (ssize_t)sizeof(rep))
		_exit(126);
	/* isolab takes the listener (its copy dies with our exec): wait. */
	if (rep.listener_fd >= 0) {
		char taken;

		if (read(sync_fd, &taken, 1) != 1)
			_exit(125);
	}
	/* The leave files (close-on-exec) are the init's alone. */
	if (s->ns & CT_NS_PID)
		ct_init_run(s, sync_fd, &rep, cg_fds + go.join, go.leave);
	execve(s->exec_path, s->argv, s->envp);
	rep.err = errno;
	snprintf(rep.msg, sizeof(rep.msg), "exec %s", s->exec_path);
	errno = rep.err;
	fail(sync_fd, &rep, rep.msg);
}
