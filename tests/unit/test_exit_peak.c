/* exit_peak: the wait for a traced program's last stop is bounded
 * (lab/host/exit_peak.h): a traced child that does not end in time is
 * given up on, after the limit or the grace once cancelled, and left
 * alive, not waited for forever; one that was killed is let go and
 * reaped as before. An alarm fails the test if a wait hangs. */
#include "tests/unit/cmocka_all.h"

#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab/host/exit_peak.h"

#define MS 1000000ull

/* A child, traced by us from its exec on, that sleeps for a minute. */
static pid_t traced_sleeper(struct exit_peak *w)
{
	struct err err = { 0 };
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		if (exit_peak_traceme() < 0)
			_exit(126);
		execl("/bin/sleep", "sleep", "60", (char *)NULL);
		_exit(127);
	}
	/* After its exec, as a launcher calls it: its exec stop is there
	 * (or its end, if ptrace was refused). */
	{
		siginfo_t si;

		waitid(P_PID, (id_t)pid, &si, WSTOPPED | WEXITED | WNOWAIT);
	}
	exit_peak_init(w);
	assert_int_equal(exit_peak_attach(w, pid, &err), 0);
	if (w->pid != pid) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		skip(); /* ptrace refused here (Yama, an LSM) */
	}
	return pid;
}

/* Kills and reaps a child we may still trace: stops are let go. */
static void kill_and_reap(pid_t pid, int *status)
{
	kill(pid, SIGKILL);
	while (waitpid(pid, status, __WALL) == pid && WIFSTOPPED(*status))
		ptrace(PTRACE_DETACH, pid, NULL, NULL);
}

static void finish_gives_up_on_a_program_that_does_not_end(void **state)
{
	struct exit_peak w;
	struct exit_peak_bound b = { -1, 200 * MS, 1000 * MS };
	pid_t pid;
	int status;

	(void)state;
	alarm(20);
	pid = traced_sleeper(&w);
	/* Not killed: it never stops nor ends within the limit. */
	assert_false(exit_peak_finish(&w, &b));
	assert_int_equal(w.pid, 0);
	assert_int_equal(kill(pid, 0), 0); /* left alive, not reaped */
	exit_peak_close(&w, &b);            /* nothing more to wait for */
	kill_and_reap(pid, &status);
	assert_true(WIFSIGNALED(status));
	alarm(0);
}

static void finish_gives_up_soon_once_cancelled(void **state)
{
	struct exit_peak w;
	int cancel = eventfd(1, EFD_CLOEXEC); /* readable: cancelled */
	struct exit_peak_bound b = { cancel, 3600000 * MS, 200 * MS };
	pid_t pid;
	int status;

	(void)state;
	assert_true(cancel >= 0);
	alarm(20); /* far below the hour's limit */
	pid = traced_sleeper(&w);
	assert_false(exit_peak_finish(&w, &b));
	assert_int_equal(kill(pid, 0), 0);
	exit_peak_close(&w, &b);
	kill_and_reap(pid, &status);
	close(cancel);
	alarm(0);
}

static void finish_lets_a_killed_program_go(void **state)
{
	struct exit_peak w;
	struct exit_peak_bound b = { -1, 60000 * MS, 1000 * MS };
	pid_t pid;
	int status;

	(void)state;
	alarm(20);
	pid = traced_sleeper(&w);
	kill(pid, SIGKILL);
	assert_true(exit_peak_finish(&w, &b));
	exit_peak_close(&w, &b);
	/* Its end, not a ptrace stop, is what the reap sees. */
	assert_int_equal(waitpid(pid, &status, __WALL), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);
	alarm(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finish_gives_up_on_a_program_that_does_not_end),
		cmocka_unit_test(finish_gives_up_soon_once_cancelled),
		cmocka_unit_test(finish_lets_a_killed_program_go),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
