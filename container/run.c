#include "container/run.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "container/caps.h"
#include "container/cgroup_sweep.h"
#include "container/cgroup_delegate.h"
#include "container/fsutil.h"
#include "container/namespaces.h"
#include "container/userns.h"
#include "lab/core/pump.h"
#include "lab/host/clock.h"
#include "lab/host/cpu_nudge.h"
#include "lab/host/procfs.h"
#include "lab/proto/util.h"

/* Up to this size (the rootfs tmpfs holds 64 MiB) the binary is copied
 * into the rootfs: a bind mount would name the host's device and path in
 * /proc/mounts. For the 62 KiB workload copy and bind mount cost the same
 * within noise (bench/container_vs_peers.sh); a copy grows with the file. */
#define COPY_MAX_BYTES (48 * 1024 * 1024)
/* The child's setup (no user code yet) gets this long to reach exec. */
#define SETUP_TIMEOUT_MS 30000

/* What to do about limits that cannot be applied, for this layout and
 * user. */
static const char *delegation_hint(enum ct_cg_layout layout)
{
	bool root = geteuid() == 0;

	if (layout == CT_CG_NONE)
		return "mount a cgroup file system at /sys/fs/cgroup, or drop --cgroup";
	if (layout == CT_CG_V2)
		return root ? "start isolab alone in a cgroup delegated to it: systemd-run --scope -p Delegate=yes isolab ..."
			    : "run as root, or from a cgroup delegated to you, such as a systemd user scope: systemd-run --user --scope -p Delegate=yes isolab ...";
	return root ? "check the cgroup file systems below /sys/fs/cgroup (isolab doctor)"
		    : "run as root (cgroup v1 is never delegated to users), or on a pure cgroup v2 machine from a delegated cgroup: systemd-run --user --scope -p Delegate=yes isolab ...";
}

/* Limits asked for with --cgroup must hold: a run without them fails.
 * The default limits are a courtesy: without cgroups the run goes on,
 * with a note saying so. */
static int cgroup_unavailable(struct ct_run *r, enum ct_cg_layout layout,
			      const char *why, struct err *err)
{
	char limits[96];

	if (r->cfg.limits.explicit)
		return err_set(err, ERR_RUNTIME,
			       "--cgroup %s cannot be applied: %.300s; %s",
			       ct_limits_describe(&r->cfg.limits, limits,
						  sizeof(limits)),
			       why, delegation_hint(layout));
	snprintf(r->note, sizeof(r->note),
		 "cgroups unavailable (%.200s); ran without limits", why);
	return 0;
}

/* A rootless run with explicit limits learns before the clone that it
 * cannot create its cgroups (the kernel would say EACCES at mkdir). */
static int check_writable(struct ct_run *r, struct err *err)
{
	char parent[PATH_MAX], why[PATH_MAX + 64];

	for (int i = 0; i < r->cg.ndirs; i++) {
		ct_parent_dir(r->cg.dir[i].path, parent, sizeof(parent));
		if (faccessat(AT_FDCWD, parent, W_OK, AT_EACCESS) < 0) {
			snprintf(why, sizeof(why),
				 "no cgroup here is writable by uid %d (%s: %s)",
				 (int)geteuid(), parent, strerror(errno));
			r->cg_planned = false;
			return cgroup_unavailable(r, r->cg.layout, why, err);
		}
	}
	return 0;
}

/* Pure v2: isolab's cgroup must hold no process to hand controllers down
 * (see container/cgroup_delegate.h); the hierarchy's root is exempt. */
static int make_room_v2(struct ct_run *r, struct err *err)
{
	char parent[PATH_MAX], why[PATH_MAX + 256];

	if (r->cg.layout != CT_CG_V2)
		return 0;
	ct_parent_dir(r->cg.dir[0].path, parent, sizeof(parent));
	if (strcmp(parent, "/sys/fs/cgroup") == 0 ||
	    ct_cg_v2_make_room(parent, &r->cfg.limits, why, sizeof(why)) == 0)
		return 0;
	r->cg_planned = false;
	return cgroup_unavailable(r, r->cg.layout, why, err);
}

static int plan_cgroup(struct ct_run *r, struct err *err)
{
	const struct ct_session *sess = r->sess;
	enum ct_cg_layout layout = sess->layout;
	char leaf[96], why[256];
	struct err e = { 0 };

	if (!r->cfg.limits.enabled)
		return 0;
	if (layout == CT_CG_NONE)
		return cgroup_unavailable(r, layout,
					  "no cgroup file system at /sys/fs/cgroup",
					  err);
	if (sess->self_cgroup_errno) {
		snprintf(why, sizeof(why), "/proc/self/cgroup: %s",
			 strerror(sess->self_cgroup_errno));
		return cgroup_unavailable(r, layout, why, err);
	}
	ct_cg_leaf_name(leaf, sizeof(leaf));
	if (ct_cg_plan(layout, sess->self_cgroup, "/sys/fs/cgroup", leaf,
		       &r->cfg.limits, &r->cg, &e) < 0)
		return cgroup_unavailable(r, layout, e.msg, err);
	r->cg_planned = true;
	if (r->cfg.limits.explicit && check_writable(r, err) < 0)
		return -1;
	return r->cg_planned ? make_room_v2(r, err) : 0;
}

static int fill_spec(struct ct_run *r, const struct ct_start *st,
		     struct err *err)
{
	const struct ct_session *sess = r->sess;
	struct ct_child_spec *s = &r->spec;
	const char *slash = strrchr(st->binary, '/');
	bool mnt = r->cfg.ns & CT_NS_MNT;
	struct stat sb;
	int n = 0;

	snprintf(r->name, sizeof(r->name), "%s", slash ? slash + 1 : st->binary);
	s->ns = r->cfg.ns;
	if (r->cfg.ns & CT_NS_USER)
		s->idmap = sess->idmap;
	s->hostname = (r->cfg.ns & CT_NS_UTS) ? r->cfg.hostname : NULL;
	s->rootfs = (struct ct_rootfs_spec){
		.binary = st->binary,
		.binary_fd = -1,
		.name = r->name,
		.copy = r->cfg.bin_mode == CT_BIN_COPY ||
			(r->cfg.bin_mode == CT_BIN_AUTO &&
			 stat(st->binary, &sb) == 0 &&
			 sb.st_size <= COPY_MAX_BYTES),
		.new_proc = r->cfg.ns & CT_NS_PID,
		.private_mounts = !(r->cfg.ns & CT_NS_USER),
		.shell = st->shell,
		.console = st->console,
	};
	snprintf(r->env_buf[0], sizeof(r->env_buf[0]), "PATH=%s",
		 mnt ? "/bin" : "/usr/local/bin:/usr/bin:/bin");
	r->envp[n++] = r->env_buf[0];
	snprintf(r->env_buf[1], sizeof(r->env_buf[1]), "HOME=%s",
		 mnt && st->shell ? "/root" : "/");
	r->envp[n++] = r->env_buf[1];
	if (st->term) {
		snprintf(r->env_buf[2], sizeof(r->env_buf[2]), "TERM=%s",
			 st->term);
		r->envp[n++] = r->env_buf[2];
	}
	r->envp[n] = NULL;
	s->envp = r->envp;
	s->argv = st->argv;
	snprintf(r->exec_path, sizeof(r->exec_path), "/bin/%s", r->name);
	s->exec_path = mnt ? r->exec_path : st->binary;
	s->tty = st->console != NULL;
	s->traceme = st->peak != NULL;
	/* Only a tracer with CAP_SYS_PTRACE where isolab runs (root) may
	 * seize a program whose memory is not dumpable. */
	s->init_dump = !s->traceme || geteuid() == 0 ? CT_INIT_UNDUMPABLE
		       : r->cfg.seccomp == CT_SECCOMP_STRICT
			       ? CT_INIT_DUMPABLE
			       : CT_INIT_UNDUMPABLE_AFTER_EXEC;
	/* Not to an init the program might ptrace (container/init.h). */
	s->leave_cgroups = (r->cfg.ns & CT_NS_PID) &&
			   s->init_dump == CT_INIT_UNDUMPABLE;
	r->peak = st->peak;
	/* Beside other launches no CPU is idle: nothing to gain. */
	if (st->alone)
		cpu_nudge_allowed(&s->cpus);
	else
		CPU_ZERO(&s->cpus);
	s->keep_caps = sess->caps;
	s->last_cap = sess->last_cap;
	s->seccomp_listener = sess->listener;
	s->filter = sess->bpf;
	for (int i = 0; i < CT_CHILD_NFDS; i++)
		s->fds[i] = r->child_fds[i];
	/* A copy reads isolab's fd: the container's ids need not reach it. */
	if (mnt && s->rootfs.copy &&
	    (s->rootfs.binary_fd = open(st->binary, O_RDONLY | O_CLOEXEC)) < 0)
		return err_sys(err, "open %s", st->binary);
	return 0;
}

int ct_run_prepare(struct ct_run *r, const struct ct_session *sess,
		   const struct ct_start *st, struct timeline *tl,
		   struct err *err)
{
	int sv[2];

	memset(r, 0, sizeof(*r));
	r->sess = sess;
	r->pidfd = r->sync_fd = r->spec.sync_fd = r->cancel_fd = -1;
	r->outer_mounts_fd = -1;
	r->spec.rootfs.binary_fd = -1;
	ct_notify_init(&r->notify);
	for (int i = 0; i < CT_CHILD_NFDS; i++)
		r->child_fds[i] = st->fds[i];
	r->cfg = sess->cfg;
	for (int i = 0; i <= 2; i++)
		if (r->child_fds[i] < 0)
			return err_sys(err, "setting up the container's fds 0-2");
	if (plan_cgroup(r, err) < 0)
		return -1;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return err_sys(err, "socketpair");
	r->sync_fd = sv[0];
	r->spec.sync_fd = sv[1];
	if (fill_spec(r, st, err) < 0)
		return -1;
	timeline_mark(tl, "prepare");
	return 0;
}

/* Phase marks come from two processes working in parallel; the timeline
 * wants them in time order. */
struct marks {
	int n;
	struct phase_mark m[8];
};

static void add_mark(struct marks *mk, const char *name, uint64_t at)
{
	if (at && mk->n < 8)
		mk->m[mk->n++] = (struct phase_mark){ name, at };
}

static void flush_marks(struct marks *mk, struct timeline *tl)
{
	for (int i = 1; i < mk->n; i++)
		for (int j = i; j > 0 && mk->m[j].at_ns < mk->m[j - 1].at_ns; j--) {
			struct phase_mark t = mk->m[j];

			mk->m[j] = mk->m[j - 1];
			mk->m[j - 1] = t;
		}
	for (int i = 0; i < mk->n; i++)
		timeline_mark_at(tl, mk->m[i].name, mk->m[i].at_ns);
}

/* If the child reported a failure, put its message in err. */
static void child_failure(struct ct_run *r, struct err *err)
{
	struct ct_report rep;
	ssize_t n = recv(r->sync_fd, &rep, sizeof(rep), MSG_DONTWAIT);

	if (n < 0 && errno == ECONNRESET) /* see await_exec */
		n = recv(r->sync_fd, &rep, sizeof(rep), MSG_DONTWAIT);
	if (n == (ssize_t)sizeof(rep) && rep.failed) {
		errno = rep.err;
		err_sys(err, "container setup failed: %.200s", rep.msg);
	}
}

/* Take the strict filter's listener from the child (its own copy closes
 * at exec), start answering it, and let the child go on to its exec. */
static int take_listener(struct ct_run *r, int child_fd, struct err *err)
{
	int fd = (int)syscall(SYS_pidfd_getfd, r->pidfd, child_fd, 0);

	if (fd < 0)
		return err_sys(err, "--seccomp strict: taking the filter's listener from the container (pidfd_getfd)");
	if (ct_notify_start(&r->notify, fd, err) < 0)
		return -1;
	if (send(r->sync_fd, "t", 1, MSG_NOSIGNAL) != 1)
		return err_sys(err, "releasing the container child");
	return 0;
}

/* The child closed its end without a report: what ended it, into err. */
static int setup_died(struct ct_run *r, struct err *err)
{
	siginfo_t si = { 0 };

	/* WNOWAIT: the reap stays with ct_run_reap. */
	waitid(P_PIDFD, (id_t)r->pidfd, &si, WEXITED | WNOHANG | WNOWAIT);
	if (si.si_code == CLD_KILLED || si.si_code == CLD_DUMPED)
		return err_set(err, ERR_RUNTIME,
			       "the container child was killed by signal %d during setup%s",
			       si.si_status,
			       si.si_status == SIGKILL && r->cfg.limits.mem_bytes
				       ? " (memory limit too small?)"
				       : "");
	return err_set(err, ERR_RUNTIME, "the container child died during setup");
}

/* The setup phases, as the child stamped them, then the exec: the init's
 * stamp, else now. */
static void mark_setup(struct marks *mk, const struct ct_report *rep,
		       uint64_t exec_at)
{
	add_mark(mk, "idmap", rep->stamp[CT_STAMP_IDMAP]);
	add_mark(mk, "mounts", rep->stamp[CT_STAMP_MOUNTS]);
	add_mark(mk, "cgroup", rep->stamp[CT_STAMP_CGROUP]);
	add_mark(mk, "caps+seccomp", rep->stamp[CT_STAMP_SECURE]);
	add_mark(mk, "exec", exec_at ? exec_at : clock_now_ns());
}

/* Under an init: ptrace the program from outside before it execs, so its
 * VmHWM can be read at its exit (lab/host/exit_peak.h), then let it exec. */
static int seize_program(struct ct_run *r, struct err *err)
{
	pid_t pid = 0;

	/* The program is the init's only child (the namespace helper was
	 * reaped before), waiting for our byte before its exec. */
	if (procfs_children(r->pid, &pid, 1) < 1)
		pid = 0;
	if (pid && r->peak && exit_peak_seize(r->peak, pid, err) < 0)
		return -1;
	if (send(r->sync_fd, "p", 1, MSG_NOSIGNAL) != 1)
		return err_sys(err, "releasing the container's program");
	return 0;
}

enum report_read { REPORT_MSG, REPORT_EOF, REPORT_CANCELLED, REPORT_ERROR };

/* The child's next message into rep, its EOF (its exec, or its death), or
 * the cancel fd; a failure the child reported is REPORT_ERROR with its
 * message in err. */
static enum report_read read_report(struct ct_run *r, int cancel_fd,
				    struct ct_report *rep, struct err *err)
{
	for (;;) {
		struct pollfd pfd[2] = { { r->sync_fd, POLLIN, 0 },
					 { cancel_fd, POLLIN, 0 } };
		ssize_t n;
		int rc = poll(pfd, 2, SETUP_TIMEOUT_MS);

		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0) {
			err_sys(err, "poll");
			return REPORT_ERROR;
		}
		if (rc == 0) {
			err_set(err, ERR_RUNTIME,
				"the container did not start within %d s",
				SETUP_TIMEOUT_MS / 1000);
			return REPORT_ERROR;
		}
		if (pfd[1].revents)
			return REPORT_CANCELLED;
		n = read(r->sync_fd, rep, sizeof(*rep));
		/* ECONNRESET: the child exited without reading our go; the
		 * error is reported once, before the data still queued. */
		if (n < 0 && (errno == EINTR || errno == ECONNRESET))
			continue;
		if (n < 0) {
			err_sys(err, "reading the container's report");
			return REPORT_ERROR;
		}
		if (n == 0)
			return REPORT_EOF;
		if (n != (ssize_t)sizeof(*rep)) {
			err_set(err, ERR_RUNTIME,
				"short report from the container child");
			return REPORT_ERROR;
		}
		if (rep->failed) {
			errno = rep->err;
			err_sys(err, "container setup failed: %.200s", rep->msg);
			return REPORT_ERROR;
		}
		return REPORT_MSG;
	}
}

/* Under an init, the setup report comes after the child has reaped its
 * helper, the namespace's last other member: closed then, its teardown
 * (an RCU grace period) overlaps the program's start instead of delaying
 * our reading of the program's end, where it would queue behind the
 * init's exit's own. A program to seize waits for us: we let go after the
 * seize. Without an init our stamp of the program's exec is when we read
 * its EOF, which the close would delay: ct_run_spawn closes after it. */
static void release_outer_mounts(struct ct_run *r)
{
	close_fd(&r->outer_mounts_fd);
}

/* Read the child's setup report, then wait for EOF (its exec), or under an
 * init for its CT_MSG_EXEC, serving its requests on the way (the strict
 * filter's listener, the program to seize). Returns 0, 1 if cancelled, -1
 * on error. */
static int await_exec(struct ct_run *r, int cancel_fd, struct marks *mk,
		      struct err *err)
{
	struct ct_report rep, setup = { 0 };
	bool have_report = false;
	uint64_t exec_at = 0; /* the init's stamp; else when we learn it */

	for (;;) {
		enum report_read got = read_report(r, cancel_fd, &rep, err);

		if (got == REPORT_CANCELLED)
			return 1;
		if (got == REPORT_ERROR)
			return -1;
		if (got == REPORT_EOF)
			break;
		if (rep.kind == CT_MSG_EXEC) {
			exec_at = rep.stamp[CT_STAMP_EXEC];
			break;
		}
		if (rep.kind == CT_MSG_WAITING) {
			if (seize_program(r, err) < 0)
				return -1;
			release_outer_mounts(r);
			continue;
		}
		if (rep.listener_fd >= 0 &&
		    take_listener(r, rep.listener_fd, err) < 0)
			return -1;
		setup = rep;
		have_report = true;
		if ((r->cfg.ns & CT_NS_PID) && !r->spec.traceme)
			release_outer_mounts(r);
	}
	if (!have_report)
		return setup_died(r, err);
	mark_setup(mk, &setup, exec_at);
	return 0;
}

/* Create the cgroup and set its limits; the child moves itself in (see
 * ct_cg_open_join). Returns the number of join fds in fds
 * (0: no cgroup), or -1. */
static int make_cgroup(struct ct_run *r, int fds[CT_CG_MAX_DIRS],
		       struct err *err)
{
	char why[PATH_MAX + 128];
	int rc;

	if (!r->cg_planned)
		return 0;
	rc = ct_cg_create(&r->cg, &r->cfg.limits, why, sizeof(why), err);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		r->cg_planned = false;
		return cgroup_unavailable(r, r->cg.layout, why, err) < 0 ? -1 : 0;
	}
	return ct_cg_open_join(&r->cg, fds, err);
}

/* The go message carries the cgroup fds to the child: join, then leave. */
static int release_child(struct ct_run *r, const int *fds, int join,
			 int leave, struct err *err)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * CT_GO_MAX_FDS)];
		struct cmsghdr align;
	} control;
	struct ct_go go = { .tag = CT_GO_TAG, .join = (unsigned char)join,
			    .leave = (unsigned char)leave };
	struct iovec iov = { &go, sizeof(go) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	size_t nfds = (size_t)(join + leave);

	if (nfds) {
		struct cmsghdr *c;

		memset(&control, 0, sizeof(control));
		msg.msg_control = control.buf;
		msg.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * nfds);
	}
	/* A child that already failed reads nothing: its report says why. */
	if (sendmsg(r->sync_fd, &msg, MSG_NOSIGNAL) < 0 && errno != EPIPE &&
	    errno != ECONNRESET)
		return err_sys(err, "releasing the container child");
	return 0;
}

/* Right after the clone, what the child waits for first: its id map. */
static int hand_over(struct ct_run *r, struct err *err)
{
	/* The map first: the child waits for it before anything else. */
	if (r->spec.idmap.by_parent && (r->cfg.ns & CT_NS_USER) &&
	    (ct_ns_map_child(r->pid, &r->spec.idmap, err) < 0 ||
	     send(r->sync_fd, CT_MAP_TAG, sizeof(CT_MAP_TAG), MSG_NOSIGNAL) < 0))
		return -1;
	/* The mount namespace the child builds the rootfs in ends once the
	 * child has moved to the inner one and its helper has exited. That
	 * teardown waits for an RCU grace period, which the child would
	 * wait for in turn when it reaps the helper before the exec: we
	 * hold the namespace and let it go once the child has reaped the
	 * helper (release_outer_mounts). The
	 * child leaves it only after its rootfs (a few hundred µs from
	 * now); should we open the inner one instead, the outer one's
	 * teardown is the helper's exit's work, as without the fd (-1). */
	if (r->cfg.ns & CT_NS_MNT)
		r->outer_mounts_fd = ct_ns_hold_mounts(r->pid);
	/* Only the child may hold these now, so its exec brings EOF. */
	close_fd(&r->spec.sync_fd);
	close_fd(&r->spec.rootfs.binary_fd);
	for (int i = 0; i < CT_CHILD_NFDS; i++)
		close_fd(&r->child_fds[i]);
	return 0;
}

/* The cgroup is made while the child builds its rootfs on another CPU:
 * it needs the cgroup only at the go, after its namespaces are done. */
static int make_cgroup_and_go(struct ct_run *r, struct err *err)
{
	int cg_fds[CT_GO_MAX_FDS];
	int join = make_cgroup(r, cg_fds, err), leave = 0;
	struct err ignored;
	int rc;

	if (join < 0)
		return -1;
	/* Without them the cgroups go after the init's exit, as always. */
	if (join > 0 && r->spec.leave_cgroups) {
		leave = ct_cg_open_leave(&r->cg, "/sys/fs/cgroup", cg_fds + join,
					 &ignored);
		leave = leave < 0 ? 0 : leave;
	}
	/* Before the go: the program inherits the child's CPUs. */
	if (r->pinned && cpu_nudge_back(r->pid, &r->spec.cpus) < 0)
		rc = err_sys(err, "giving the container child back isolab's CPUs");
	else
		rc = release_child(r, cg_fds, join, leave, err);
	close_fds(cg_fds, join + leave);
	return rc;
}

int ct_run_spawn(struct ct_run *r, struct timeline *tl, int cancel_fd,
		 struct err *err)
{
	struct marks mk = { 0 };
	pid_t pid;
	int rc;

	r->cancel_fd = cancel_fd;
	pid = ct_ns_clone(ct_ns_clone_flags(r->cfg.ns), &r->pidfd, err);
	if (pid == 0)
		ct_child_main(&r->spec);
	if (pid < 0)
		return -1;
	r->pid = pid;
	/* It would wait for us to block: its setup overlaps our cgroup's. */
	r->pinned = cpu_nudge_away(pid, &r->spec.cpus);
	add_mark(&mk, "clone", clock_now_ns());
	launch_stop_point(tl, "clone");
	if (hand_over(r, err) < 0 || make_cgroup_and_go(r, err) < 0) {
		/* A child that failed early (and so left its cgroup) explains
		 * our failure better: its report is already written. */
		child_failure(r, err);
		return -1;
	}
	launch_stop_point(tl, "cgroup");
	rc = await_exec(r, cancel_fd, &mk, err);
	flush_marks(&mk, tl);
	release_outer_mounts(r); /* unless the setup report let it go */
	if (rc == 0)
		launch_stop_point(tl, "exec");
	/* Without an init the program is our child, traced from its exec. */
	if (rc == 0 && r->peak && !(r->cfg.ns & CT_NS_PID))
		return exit_peak_attach(r->peak, r->pid, err);
	return rc;
}

int ct_run_end_fd(const struct ct_run *r)
{
	return (r->cfg.ns & CT_NS_PID) ? r->sync_fd : r->pidfd;
}

bool ct_run_init_left(const struct ct_run *r)
{
	struct ct_report rep;
	ssize_t n = recv(r->sync_fd, &rep, sizeof(rep), MSG_PEEK | MSG_DONTWAIT);

	return n == (ssize_t)sizeof(rep) && rep.kind == CT_MSG_EXIT &&
	       rep.left_cgroups;
}

void ct_run_kill(struct ct_run *r)
{
	if (r->pid <= 0)
		return;
	/* The init of a pid namespace takes every process in it along. */
	if (r->cfg.ns & CT_NS_PID) {
		syscall(SYS_pidfd_send_signal, r->pidfd, SIGKILL, NULL, 0);
		return;
	}
	/* Otherwise: its session's process group (a zombie leader still
	 * holds the pgid), then whatever else sits in its cgroup. */
	kill(-r->pid, SIGKILL);
	kill(r->pid, SIGKILL);
	if (r->cg_planned)
		ct_cg_kill(&r->cg);
}

/* The init's last word: how the program ended. Without it (the init was
 * killed, the run timed out) the init's own end stands. */
static void take_program_status(struct ct_run *r)
{
	struct ct_report rep;
	ssize_t n;

	for (int tries = 0; tries < 8; tries++) {
		n = recv(r->sync_fd, &rep, sizeof(rep), MSG_DONTWAIT);
		if (n < 0 && errno == ECONNRESET) /* see await_exec */
			continue;
		if (n != (ssize_t)sizeof(rep))
			return;
		if (rep.kind == CT_MSG_EXIT) {
			r->status = rep.status;
			return;
		}
	}
}

int ct_run_reap(struct ct_run *r, struct err *err)
{
	if (r->pid <= 0)
		return 0;
	if (r->abandoned ||
	    !pump_await_end(r->pidfd, r->cancel_fd, PUMP_TEARDOWN_LIMIT_NS)) {
		r->abandoned = true;
		return err_set(err, ERR_RUNTIME,
			       "the container (pid %d) did not end after SIGKILL; its cgroup is left for isolab doctor --cleanup",
			       (int)r->pid);
	}
	while (waitpid(r->pid, &r->status, 0) < 0)
		if (errno != EINTR)
			return err_sys(err, "waiting for the container");
	r->pid = -1;
	if (r->cfg.ns & CT_NS_PID)
		take_program_status(r);
	return 0;
}

void ct_run_cleanup(struct ct_run *r)
{
	struct err ignored;

	ct_run_kill(r);
	ct_run_reap(r, &ignored);
	ct_notify_stop(&r->notify);
	if (r->cg_planned && !r->abandoned)
		ct_cg_remove(&r->cg);
	r->cg_planned = false;
	close_fd(&r->pidfd);
	close_fd(&r->sync_fd);
	close_fd(&r->outer_mounts_fd);
	close_fd(&r->spec.sync_fd);
	close_fd(&r->spec.rootfs.binary_fd);
	for (int i = 0; i < CT_CHILD_NFDS; i++)
		close_fd(&r->child_fds[i]);
}
