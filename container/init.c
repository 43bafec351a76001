#include "container/init.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab/host/clock.h"

/* exit_group without _exit: nothing here may be a call to a noreturn
 * function (see init.h). */
static void leave(int code)
{
	syscall(SYS_exit_group, code);
}

/* What the program's side needs; it shares our memory until its exec. */
struct program_args {
	const struct ct_child_spec *s;
	int sync_fd;
	struct ct_report *rep;
	volatile int exec_err;
};

/* The program's side of the vfork-like clone: it touches nothing of ours
 * but exec_err and the report. Never returns. */
static int program_side(void *arg)
{
	struct program_args *a = arg;
	const struct ct_child_spec *s = a->s;
	struct ct_report *rep = a->rep;
	int sync_fd = a->sync_fd;
	char go;

	if (s->traceme) {
		rep->kind = CT_MSG_WAITING;
		if (write(sync_fd, rep, sizeof(*rep)) != (ssize_t)sizeof(*rep) ||
		    read(sync_fd, &go, 1) != 1) {
			a->exec_err = errno ? errno : EPIPE;
			leave(125); /* isolab gave up on us */
		}
	}
	execve(s->exec_path, s->argv, s->envp);
	a->exec_err = errno;
	rep->kind = CT_MSG_SETUP;
	rep->failed = 1;
	rep->err = errno;
	snprintf(rep->msg, sizeof(rep->msg), "exec %s", s->exec_path);
	if (write(sync_fd, rep, sizeof(*rep)) < 0)
		leave(126);
	leave(127);
	return 127;
}

/* Back into isolab's cgroups, so that isolab removes the container's
 * while our exit tears the namespaces down (0.2-0.4 ms here), instead of
 * after it. Only with no child left: an orphan of the program would keep
 * the container's cgroups busy, and it dies only with us (every process
 * of the namespace descends from us, so none is left when we have no
 * child). Returns 1 when every write moved us. */
static int leave_cgroups(const int *fds, int n)
{
	if (n == 0 || wait4(-1, NULL, WNOHANG, NULL) != -1 || errno != ECHILD)
		return 0;
	for (int i = 0; i < n; i++)
		if (write(fds[i], "0", 1) != 1)
			return 0;
	return 1;
}

void ct_init_run(const struct ct_child_spec *s, int sync_fd,
		 struct ct_report *rep, const int *leave_fds, int nleave)
{
	/* The program's stack until its exec: static, so that nothing is
	 * allocated after the filter (the copy of isolab's memory we run in
	 * is ours alone). */
	static char stack[64 * 1024] __attribute__((aligned(16)));
	struct program_args args = { s, sync_fd, rep, 0 };
	int status = 0;
	pid_t program, ended;

	/* vfork's semantics through clone, which no sanitizer intercepts:
	 * its vfork interceptor makes system calls the filter refuses. */
	program = clone(program_side, stack + sizeof(stack),
			CLONE_VM | CLONE_VFORK | SIGCHLD, &args);
	if (program < 0)
		leave(126);
	if (args.exec_err) /* the program's side wrote why */
		leave(127);
	/* vfork returns once the exec has replaced the program's memory:
	 * this is when the exec happened, however late isolab reads it. */
	rep->stamp[CT_STAMP_EXEC] = clock_now_ns();
	if (s->init_dump == CT_INIT_UNDUMPABLE_AFTER_EXEC)
		prctl(PR_SET_DUMPABLE, 0);
	for (int fd = 0; fd < CT_CHILD_NFDS; fd++)
		close(fd);
	if (rep->listener_fd >= 0) /* isolab holds its own copy */
		close(rep->listener_fd);
	rep->kind = CT_MSG_EXEC;
	if (write(sync_fd, rep, sizeof(*rep)) != (ssize_t)sizeof(*rep))
		leave(126);
	/* Orphans of the program are reparented to us: reap them too. */
	do
		ended = wait4(-1, &status, 0, NULL);
	while (ended != program && (ended > 0 || errno == EINTR));
	if (ended != program)
		leave(126);
	rep->kind = CT_MSG_EXIT;
	rep->status = status;
	rep->left_cgroups = leave_cgroups(leave_fds, nleave);
	if (write(sync_fd, rep, sizeof(*rep)) < 0)
		leave(126);
	leave(WIFSIGNALED(status) ? 128 + WTERMSIG(status)
				  : WEXITSTATUS(status));
}
