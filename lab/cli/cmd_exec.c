/* cmd_exec: `isolab exec`, one instance with its output passed through,
 * isolab exiting with the program's status as timeout(1) and env(1) do,
 * and a line on stderr when a signal, the timeout or the memory limit
 * ended it. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lab/cli/commands.h"
#include "lab/cli/program.h"
#include "lab/core/session.h"
#include "lab/host/orphans.h"
#include "lab/host/text.h"

/* isolab exec leaves 0-123 and 128+N to the program and keeps its own
 * outcomes apart, as timeout(1) and env(1) do. */
#define EXEC_TIMED_OUT 124
#define EXEC_FAILED 125     /* isolab itself failed, or bad usage */
#define EXEC_CANNOT_RUN 126 /* the program is there but cannot run */
#define EXEC_NOT_FOUND 127  /* the program does not exist */

/* The exit status of `isolab exec`, as timeout(1) and env(1) report it. */
static int exec_status(const struct launch_result *res)
{
	if (res->timed_out)
		return EXEC_TIMED_OUT;
	if (res->signal)
		return 128 + res->signal;
	return res->exit_code;
}

/* One line on stderr when the program did not end by itself: a user
 * piping exec's output would otherwise see only an exit code. Like a
 * shell, nothing for SIGPIPE, the normal end of `exec ... | head`. Before
 * it, when the program failed, the run's note, which `run` shows in its
 * results (e.g. the call --seccomp strict blocked, or a system call the
 * micro-VM's guest kernel lacks). Workload text is escaped. */
static void report_end(const struct launch_result *res, const char *name,
		       bool failed)
{
	const char *abbrev = res->signal ? sigabbrev_np(res->signal) : NULL;
	char label[TEXT_ESCAPED_SIZE(sizeof(((struct program *)0)->label))];
	char note[TEXT_ESCAPED_SIZE(sizeof(res->note))];
	char fault[TEXT_ESCAPED_SIZE(sizeof(res->fault))];

	text_escape(label, sizeof(label), name, strlen(name));
	text_escape(fault, sizeof(fault), res->fault, sizeof(res->fault));
	/* Only a program that failed: a note on a success (glibc's rseq in
	 * the micro-VM, say) would be noise on every exec. */
	if (failed && res->note[0])
		fprintf(stderr, "isolab: %s\n",
			text_escape(note, sizeof(note), res->note,
				    sizeof(res->note)));
	if (res->timed_out)
		fprintf(stderr, "isolab: %s timed out and was killed (--timeout)\n",
			label);
	else if (res->interrupted || res->signal == SIGPIPE)
		return; /* the user stopped it; a reader closed the pipe */
	else if (res->oom_killed)
		fprintf(stderr, "isolab: %s was killed by the memory limit%s%s%s\n",
			label, fault[0] ? " (" : "", fault, fault[0] ? ")" : "");
	else if (res->signal)
		fprintf(stderr, "isolab: %s was killed by SIG%s%s%s%s\n", label,
			abbrev ? abbrev : "?", fault[0] ? " (" : "", fault,
			fault[0] ? ")" : "");
}

/* exec's own statuses when it failed before the program ended: the
 * program's missing or cannot run, or isolab failed, kept apart from the
 * program's own codes. */
static int exec_failure_status(enum err_kind kind)
{
	if (kind == ERR_INTERRUPTED)
		return ERR_INTERRUPTED;
	return kind == ERR_NOT_FOUND	  ? EXEC_NOT_FOUND
	       : kind == ERR_NOT_RUNNABLE ? EXEC_CANNOT_RUN
					  : EXEC_FAILED;
}

static int exec_command(const struct cli *cli, int cancel_fd, int *status,
			struct err *err)
{
	struct launch_result *res;
	struct program prog;
	int launcher = cli_first_selected(cli), rc;
	struct launch_session session;
	struct launch_request req;

	if (program_resolve(cli, &prog, err) < 0)
		return -1;
	if (all_launchers[launcher]->available(cli->config[launcher], err) < 0)
		return -1;
	req = program_request(cli, &prog, cli->config[launcher], cancel_fd);
	req.stdin_fd = STDIN_FILENO;
	req.stdout_fd = STDOUT_FILENO;
	req.stderr_fd = STDERR_FILENO;
	req.outcome_only = true; /* no footprint: no peak to watch for */
	res = malloc(sizeof(*res));
	if (!res)
		return err_set(err, ERR_RUNTIME, "out of memory");
	rc = launch_session_unless_cold(all_launchers[launcher], req.config,
					cli->cold, &session, &req.session, err);
	if (rc == 0)
		rc = launch_run(all_launchers[launcher], &req, res, err);
	launch_session_close(&session);
	orphans_kill(); /* what escaped the launcher's kill */
	if (rc < 0) {
		free(res);
		return -1;
	}
	*status = res->interrupted ? 130 : exec_status(res);
	report_end(res, prog.label, *status != 0);
	free(res);
	return 0;
}

const struct cli_command command_exec = {
	.name = "exec",
	.summary = "run one instance, pass its output through, exit with its status",
	.id = CMD_EXEC,
	.usage = "usage: isolab exec --launcher NAME [--timeout S] [--cold] [launcher options] -- WORKLOAD\n"
		"       isolab exec --launcher NAME --binary PATH [launcher options] -- [ARGS]\n"
		"Exits with the workload's status, 128+N if signal N ended it, 124 on timeout;\n"
		"isolab's own failures: 125 isolab failed or bad usage, 126 the program cannot\n"
		"run, 127 it does not exist. A line on stderr names the signal or limit that\n"
		"ended the program, another the run's note (e.g. what --seccomp strict blocked).\n",
	.run = exec_command,
	.launcher_options = true,
	.workloads = true,
	.failure_status = exec_failure_status,
};
