#include "container/init.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab/clock.h"

/* The program's side of the vfork: it shares our memory and stack frame
 * until its exec, so it touches nothing but *exec_err and the report. */
__attribute__((noreturn)) static void program_side(
	const struct ct_child_spec *s, int sync_fd, struct ct_report *rep,
	volatile int *exec_err)
{
	char go;

	if (s->traceme) {
		rep->kind = CT_MSG_WAITING;
		if (write(sync_fd, rep, sizeof(*rep)) != (ssize_t)sizeof(*rep) ||
		    read(sync_fd, &go, 1) != 1) {
			*exec_err = errno ? errno : EPIPE;
			_exit(125); /* isolab gave up on us */
		}
	}
	execve(s->exec_path, s->argv, s->envp);
	*exec_err = errno;
	rep->kind = CT_MSG_SETUP;
	rep->failed = 1;
	rep->err = errno;
	snprintf(rep->msg, sizeof(rep->msg), "exec %s", s->exec_path);
	if (write(sync_fd, rep, sizeof(*rep)) < 0)
		_exit(126);
	_exit(127);
}

void ct_init_run(const struct ct_child_spec *s, int sync_fd,
		 struct ct_report *rep)
{
	volatile int exec_err = 0;
	int status = 0;
	pid_t program, ended;

	program = vfork();
	if (program == 0)
		program_side(s, sync_fd, rep, &exec_err);
	if (program < 0)
		_exit(126);
	if (exec_err) /* the program's side wrote why */
		_exit(127);
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
		_exit(126);
	/* Orphans of the program are reparented to us: reap them too. */
	do
		ended = wait4(-1, &status, 0, NULL);
	while (ended != program && (ended > 0 || errno == EINTR));
	if (ended != program)
		_exit(126);
	rep->kind = CT_MSG_EXIT;
	rep->status = status;
	if (write(sync_fd, rep, sizeof(*rep)) < 0)
		_exit(126);
	_exit(WIFSIGNALED(status) ? 128 + WTERMSIG(status)
				  : WEXITSTATUS(status));
}
