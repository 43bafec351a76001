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
#include <unistd.h>

#include "container/caps.h"
#include "container/namespaces.h"
#include "container/options.h"
#include "lab/clock.h"
#include "lab/exit_peak.h"

/* Above anything isolab has open at fork time, below any sane limit. */
#define HIGH_FD 100
#define CHILD_SYNC_FD CT_CHILD_NFDS

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
 * becomes fd 4 (close-on-exec) and everything else inherited from isolab
 * is closed now - among it isolab's own end of the socket, which would
 * otherwise keep us from seeing EOF if isolab died. */
static int install_fds(const struct ct_child_spec *s)
{
	int high[CT_CHILD_NFDS + 1];

	for (int i = 0; i <= CT_CHILD_NFDS; i++) {
		int from = i < CT_CHILD_NFDS ? s->fds[i] : s->sync_fd;

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
	if (dup3(high[CT_CHILD_NFDS], CHILD_SYNC_FD, O_CLOEXEC) < 0)
		return -1;
	return close_range(CHILD_SYNC_FD + 1, ~0u, 0);
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

static ssize_t receive_go(int sync_fd, struct ct_go *go, int *fds, int *nfds)
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

	*nfds = 0;
	for (struct cmsghdr *c = n > 0 ? CMSG_FIRSTHDR(&msg) : NULL; c;
	     c = CMSG_NXTHDR(&msg, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			*nfds = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
			memcpy(fds, CMSG_DATA(c), sizeof(int) * (size_t)*nfds);
		}
	return n;
}

void ct_child_main(const struct ct_child_spec *s)
{
	struct ct_report rep = { 0 };
	struct ct_go go;
	struct ct_bpf bpf;
	struct ct_ns_net_job net;
	int sync_fd = s->sync_fd;
	int cg_fds[CT_GO_MAX_FDS], ncg;
	ssize_t n;

	/* If isolab dies, so does the container (its pid 1 takes the rest). */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (install_fds(s) < 0)
		fail(sync_fd, &rep, "setting up fds 0-4");
	sync_fd = CHILD_SYNC_FD;
	if ((s->ns & CT_NS_NET) && ct_ns_net_start(&net) < 0)
		fail(sync_fd, &rep, "starting the netns thread");
	if (s->ns & CT_NS_USER) {
		if (ct_ns_write_idmap(s->outer_uid, s->outer_gid) < 0)
			fail(sync_fd, &rep, "writing the uid/gid maps");
		rep.stamp[CT_STAMP_IDMAP] = clock_now_ns();
	}
	if (s->ns & CT_NS_MNT) {
		if (ct_rootfs_enter(&s->rootfs, rep.msg, sizeof(rep.msg)) < 0)
			fail(sync_fd, &rep, rep.msg);
	}
	if (s->hostname && sethostname(s->hostname, strlen(s->hostname)) < 0)
		fail(sync_fd, &rep, "sethostname");
	if ((s->ns & CT_NS_NET) && ct_ns_net_join(&net) < 0)
		fail(sync_fd, &rep, net.step);
	if (s->ns & CT_NS_MNT)
		rep.stamp[CT_STAMP_MOUNTS] = clock_now_ns();
	/* The parent's go carries the seccomp filter and the cgroups it
	 * made meanwhile; EOF means it gave up on us. */
	n = receive_go(sync_fd, &go, cg_fds, &ncg);
	if (n < (ssize_t)sizeof(go.tag))
		_exit(125);
	for (int i = 0; i < ncg; i++) {
		if (write(cg_fds[i], "0", 1) != 1)
			fail(sync_fd, &rep, "joining the container's cgroup");
		close(cg_fds[i]);
	}
	if (ncg)
		rep.stamp[CT_STAMP_CGROUP] = clock_now_ns();
	bpf.insns = go.insns;
	bpf.len = (unsigned short)((size_t)(n - (ssize_t)sizeof(go.tag)) /
				   sizeof(go.insns[0]));
	if ((s->ns & CT_NS_CGROUP) && unshare(CLONE_NEWCGROUP) < 0)
		fail(sync_fd, &rep, "unshare(CLONE_NEWCGROUP)");
	if (setsid() < 0)
		fail(sync_fd, &rep, "setsid");
	if (s->tty && ioctl(0, TIOCSCTTY, 0) < 0)
		fail(sync_fd, &rep, "taking the terminal (TIOCSCTTY)");
	reset_signals();
	/* Refused (Yama, an LSM): isolab sees no tracer and does not wait. */
	if (s->traceme)
		exit_peak_traceme();
	if (ct_caps_apply(s->keep_caps, s->last_cap) < 0)
		fail(sync_fd, &rep, "dropping capabilities");
	/* Last before exec: from here on only write and execve are called,
	 * which the strict profile allows. */
	if (ct_seccomp_load(&bpf) < 0)
		fail(sync_fd, &rep, "loading the seccomp filter");
	rep.stamp[CT_STAMP_SECURE] = clock_now_ns();
	if (write(sync_fd, &rep, sizeof(rep)) != (ssize_t)sizeof(rep))
		_exit(126);
	execve(s->exec_path, s->argv, s->envp);
	rep.err = errno;
	snprintf(rep.msg, sizeof(rep.msg), "exec %s", s->exec_path);
	errno = rep.err;
	fail(sync_fd, &rep, rep.msg);
}
