#include "process/process.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab/core/child_fds.h"
#include "lab/host/clock.h"
#include "lab/host/exit_peak.h"
#include "lab/core/launcher.h"
#include "lab/core/pump.h"
#include "lab/proto/util.h"
#include "lab/proto/workload_proto.h"

extern char **environ;

struct process_run {
	pid_t pid;      /* 0 until started, -1 once reaped */
	int pidfd;
	struct child_fds fds;
	int exec_error_rd;        /* fork: errno of a failed exec, by pipe */
	int exec_error_wr;
	int vfork_exec_errno;     /* vfork: the same, written by the child in
	                             our memory, shared until its exec */
	struct rusage usage;
	int status;
	struct exit_peak own_peak; /* the program's VmHWM, read at its exit */
	bool abandoned; /* did not end after SIGKILL: left unreaped */
};

static const char *const spawn_names[] = {
	[SPAWN_FORK] = "fork",
	[SPAWN_VFORK] = "vfork",
	[SPAWN_POSIX_SPAWN] = "posix_spawn",
};

static void config_init(void *config)
{
	struct process_config *c = config;

	c->spawn = SPAWN_FORK;
}

static int available(const void *config, struct err *err)
{
	(void)config;
	(void)err;
	return 0; /* a plain process runs everywhere isolab runs */
}

static int prepare(struct launch *l, struct err *err)
{
	const struct process_config *c = l->req->config;
	struct process_run *run = calloc(1, sizeof(*run));
	int exec_error[2];

	if (!run)
		return err_set(err, ERR_RUNTIME, "out of memory");
	l->priv = run;
	run->pidfd = run->exec_error_rd = run->exec_error_wr = -1;
	exit_peak_init(&run->own_peak);
	if (child_fds_open(&run->fds, l->req, err) < 0)
		return -1;
	/* Only a forked child needs a pipe to tell a failed exec: a vfork
	 * child writes into our memory, and posix_spawn reports it itself. */
	if (c->spawn != SPAWN_FORK)
		return 0;
	if (pipe2(exec_error, O_CLOEXEC) < 0)
		return err_sys(err, "pipe");
	run->exec_error_rd = exec_error[0];
	run->exec_error_wr = exec_error[1];
	return 0;
}

/* In the child of fork or vfork: async-signal-safe calls only. The fds to
 * install may themselves sit at 0..3, so move them all out of the way
 * before the dup2s that put them in place.
 *
 * The workload dies with isolab (PDEATHSIG, kept across the exec): a
 * SIGKILLed isolab cannot kill it. isolab may have died before the prctl,
 * which then never fires; the parent recorded before the fork tells. */
static void child_exec(const struct launch_request *req,
		       struct process_run *run, pid_t parent)
{
	int fds[CHILD_NFDS];
	sigset_t none;
	int e;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		goto fail;
	if (getppid() != parent)
		_exit(127);
	for (int i = 0; i < CHILD_NFDS; i++) {
		fds[i] = fcntl(run->fds.child[i], F_DUPFD, 16);
		if (fds[i] < 0)
			goto fail;
	}
	for (int i = 0; i < CHILD_NFDS; i++)
		if (dup2(fds[i], i) < 0)
			goto fail;
	if (close_range(CHILD_NFDS, ~0u, CLOSE_RANGE_CLOEXEC) < 0 ||
	    setsid() < 0)
		goto fail;
	/* isolab blocks SIGINT/SIGTERM to read them from a signalfd. */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* If this fails the parent sees no tracer and does not wait. */
	if (launch_watch_own_peak(req))
		exit_peak_traceme();
	execve(req->binary, req->argv, environ);
fail:
	e = errno;
	if (run->exec_error_wr < 0)
		run->vfork_exec_errno = e;
	else if (write(run->exec_error_wr, &e, sizeof(e)) < 0)
		_exit(126);
	_exit(127);
}

static int spawn_with_posix_spawn(struct launch *l, struct process_run *run,
				  struct err *err)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none;
	int rc;

	sigemptyset(&none);
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&attr);
	for (int i = 0; i < CHILD_NFDS; i++)
		posix_spawn_file_actions_adddup2(&fa, run->fds.child[i], i);
	posix_spawn_file_actions_addclosefrom_np(&fa, CHILD_NFDS);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID |
						POSIX_SPAWN_SETSIGMASK);
	posix_spawnattr_setsigmask(&attr, &none);
	rc = posix_spawn(&run->pid, l->req->binary, &fa, &attr,
			 l->req->argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (rc != 0) {
		run->pid = 0;
		errno = rc;
		return err_sys(err, "cannot start %s", l->req->binary);
	}
	timeline_mark(&l->res->tl, "exec");
	return 0;
}

static int spawn_with_fork(struct launch *l, struct process_run *run,
			   bool use_vfork, struct err *err)
{
	pid_t parent = getpid();
	int child_errno;
	ssize_t n;

	/* _Fork: the kernel's fork without glibc's fork handlers. The child
	 * only execs, so it needs none of them, and they cost per thread and
	 * per malloc arena: fork() locks and unlocks every arena (a
	 * copy-on-write fault on each, in parent and child) and walks every
	 * thread's descriptor in the child. With density's 100 threads that
	 * was most of each fork. It is also what density needs: the
	 * descriptors of its held threads are left out of forks
	 * (lab/host/thread_stacks.h), and fork()'s child would fault on
	 * them. */
	run->pid = use_vfork ? vfork() : _Fork();
	if (run->pid < 0) {
		run->pid = 0;
		return err_sys(err, use_vfork ? "vfork" : "fork");
	}
	if (run->pid == 0)
		child_exec(l->req, run, parent);
	if (use_vfork) {
		/* We ran again once the child exec'd or exited. */
		child_errno = run->vfork_exec_errno;
	} else {
		timeline_mark(&l->res->tl, "fork");
		close_fd(&run->exec_error_wr);
		/* EOF: the exec succeeded (the pipe was close-on-exec). */
		n = read(run->exec_error_rd, &child_errno, sizeof(child_errno));
		if (n != (ssize_t)sizeof(child_errno))
			child_errno = 0;
	}
	if (child_errno) {
		errno = child_errno;
		return err_sys(err, "cannot start %s", l->req->binary);
	}
	timeline_mark(&l->res->tl, "exec");
	if (launch_watch_own_peak(l->req))
		return exit_peak_attach(&run->own_peak, run->pid, err);
	return 0;
}

static int start(struct launch *l, struct err *err)
{
	const struct process_config *c = l->req->config;
	struct process_run *run = l->priv;
	int rc;

	rc = c->spawn == SPAWN_POSIX_SPAWN
		     ? spawn_with_posix_spawn(l, run, err)
		     : spawn_with_fork(l, run, c->spawn == SPAWN_VFORK, err);
	child_fds_close_child_side(&run->fds); /* so EOF reaches us */
	if (rc < 0)
		return -1;
	run->pidfd = pump_pidfd_open(run->pid, err);
	return run->pidfd < 0 ? -1 : 0;
}

static void kill_group(struct process_run *run)
{
	if (run->pid > 0)
		kill(-run->pid, SIGKILL);
}

/* Reaps the killed workload; -1 with errno, or 1 when it did not end
 * within the teardown's wait (pump_await_end): it stays unreaped, and
 * init reaps it once isolab exits. */
static int reap(struct process_run *run, int cancel_fd)
{
	if (run->pid <= 0 || run->abandoned)
		return run->abandoned;
	if (!pump_await_end(run->pidfd, cancel_fd, PUMP_TEARDOWN_LIMIT_NS)) {
		run->abandoned = true;
		return 1;
	}
	while (wait4(run->pid, &run->status, 0, &run->usage) < 0)
		if (errno != EINTR)
			return -1;
	run->pid = -1;
	return 0;
}

static int wait_for_exit(struct launch *l, struct err *err)
{
	struct process_run *run = l->priv;
	struct pump pump;
	enum pump_end end;

	pump_init(&pump, l->req, run->pidfd, run->fds.channel_rd,
		  run->fds.output_rd);
	pump.exit_peak = &run->own_peak; /* idle unless attached */
	if (pump_run(&pump, l->res, &end, err) < 0)
		return -1;
	if (end == PUMP_EXITED)
		return 0;
	kill_group(run);
	pump_record_stop(end, l->res);
	return 0;
}

/* The traced program never stopped nor ended within the teardown's bound
 * (exit_peak_finish): it stays traced and unreaped, and the run says so. */
static void peak_gave_up(struct launch *l, struct process_run *run)
{
	char what[64];

	run->abandoned = true;
	snprintf(what, sizeof(what), "the traced workload (pid %d)",
		 (int)run->pid);
	pump_note_abandoned(l->res, what, "init reaps it once isolab exits");
}

static int collect(struct launch *l, struct err *err)
{
	struct process_run *run = l->priv;
	struct exit_peak_bound bound = pump_teardown_bound(l->req->cancel_fd);
	struct launch_result *res = l->res;
	const char *peak, *pss;
	int rc;

	/* The exited leader is still a zombie holding its pid, so the group
	 * cannot have been reused: kill what it left behind, then reap. */
	kill_group(run);
	if (!exit_peak_finish(&run->own_peak, &bound))
		peak_gave_up(l, run);
	rc = reap(run, l->req->cancel_fd);
	if (rc < 0)
		return err_sys(err, "waiting for the workload");
	if (rc > 0)
		return err_set(err, ERR_RUNTIME,
			       "the workload (pid %d) did not end after SIGKILL; left unreaped, init reaps it once isolab exits",
			       (int)run->pid);
	if (WIFSIGNALED(run->status)) {
		res->signal = WTERMSIG(run->status);
		res->exit_code = -1;
	} else {
		res->exit_code = WEXITSTATUS(run->status);
	}
	/* The program's own VmHWM: as it reports it, or as read at its exit
	 * (exit_peak.h). ru_maxrss also counts what the child held before
	 * its exec (for vfork and posix_spawn, all of isolab's memory), so it
	 * is only the last resort, and said so. */
	peak = launch_result_get(res, WORKLOAD_KEY_PEAK_KIB);
	if (peak) {
		res->workload_peak_kib = strtoull(peak, NULL, 10);
	} else if (run->own_peak.peak_kib) {
		res->workload_peak_kib = run->own_peak.peak_kib;
	} else {
		res->workload_peak_kib = (uint64_t)run->usage.ru_maxrss;
		if (launch_watch_own_peak(l->req))
			snprintf(res->note, sizeof(res->note),
				 "workload peak is getrusage's maxrss, which includes isolab's memory before the exec: %s",
				 ((const struct process_config *)l->req->config)->spawn == SPAWN_POSIX_SPAWN
					 ? "posix_spawn runs no isolab code before the exec to watch the program from; use fork or vfork"
					 : "the program's exit could not be watched (killed, or ptrace refused)");
	}
	pss = launch_result_get(res, WORKLOAD_KEY_PSS_KIB);
	res->workload_pss_kib = pss ? strtoull(pss, NULL, 10) : 0;
	res->overhead_kib = 0;
	return 0;
}

static void cleanup(struct launch *l)
{
	struct process_run *run = l->priv;

	if (!run)
		return;
	struct exit_peak_bound bound = pump_teardown_bound(l->req->cancel_fd);

	kill_group(run);
	if (!exit_peak_close(&run->own_peak, &bound) && !run->abandoned)
		peak_gave_up(l, run);
	if (!run->abandoned && reap(run, l->req->cancel_fd) > 0) {
		char what[64];

		snprintf(what, sizeof(what), "the workload (pid %d)",
			 (int)run->pid);
		pump_note_abandoned(l->res, what, "init reaps it once isolab exits");
	}
	child_fds_close(&run->fds);
	close_fd(&run->pidfd);
	close_fd(&run->exec_error_rd);
	close_fd(&run->exec_error_wr);
	free(run);
	l->priv = NULL;
}

static const struct launcher_option options[] = {
	{ .name = "spawn", .arg = "METHOD",
	  .help = "fork (default), vfork or posix_spawn",
	  LAUNCHER_OPTION_ENUM(struct process_config, spawn, spawn_names) },
	{ 0 },
};

/* No --spawn method isolates anything: the workload shares the host's
 * namespaces, root, capabilities and kernel, unfiltered. Every item stays
 * unset, said here rather than left to a missing hook. */
static void process_isolation(const void *config, struct isolation *out)
{
	(void)config;
	(void)out;
}

const struct launcher process_launcher = {
	.name = "process",
	.summary = "a plain child process: fork+exec, vfork or posix_spawn; no isolation",
	.options = options,
	.config_size = sizeof(struct process_config),
	.config_init = config_init,
	.available = available,
	.prepare = prepare,
	.start = start,
	.wait = wait_for_exit,
	.collect = collect,
	.cleanup = cleanup,
	/* No filter of its own, and the workload talks to the host kernel:
	 * what the probe sees is what the host allows any process. */
	.syscall_filter = NULL,
	.vmm_syscalls = NULL,
	.isolation = process_isolation,
};
