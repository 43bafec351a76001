/* process_fork: what --spawn fork costs does not grow with the threads
 * isolab holds (isolab density runs each instance in a thread of its own),
 * and an exec that fails is told, whichever way the child was started.
 *
 * Counted, not timed: the minor page faults of the workload's process
 * over its whole life (wait4's rusage, which includes the time between
 * the fork and the exec), and of isolab itself, for one noop run with no
 * extra threads and with THREADS idle ones. glibc's fork() walked every
 * thread's descriptor in the child and locked and unlocked every malloc
 * arena around the fork, a copy-on-write fault each; the launcher's fork
 * must not (it only execs). */
#include "tests/unit/cmocka_all.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab/core/launcher.h"
#include "lab/core/session.h"
#include "process/process.h"

extern const struct launcher process_launcher;

enum { THREADS = 64, RUNS = 5 };

struct idle_threads {
	pthread_t tid[THREADS];
	int release[2]; /* the threads block reading [0] until [1] closes */
};

static void *idle_main(void *arg)
{
	struct idle_threads *t = arg;
	char c;
	void *p = malloc(64); /* a thread's own malloc arena, as a run's */

	if (read(t->release[0], &c, 1) < 0) {
		/* released either way */
	}
	free(p);
	return NULL;
}

static void threads_start(struct idle_threads *t)
{
	assert_int_equal(pipe(t->release), 0);
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&t->tid[i], NULL, idle_main, t), 0);
	usleep(50 * 1000); /* let each reach its read (and its arena) */
}

static void threads_stop(struct idle_threads *t)
{
	close(t->release[1]);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t->tid[i], NULL);
	close(t->release[0]);
}

/* The fewest minor faults (workload + isolab) of RUNS fork runs of noop. */
static long fewest_faults(const char *workload)
{
	char *argv[] = { "isolab-workload", "noop", NULL };
	struct process_config config = { .spawn = SPAWN_FORK };
	struct launch_result *res = calloc(1, sizeof(*res));
	struct err err = { 0 };
	struct launch_request req = {
		.binary = workload, .argv = argv,
		.timeout_ns = 10ull * 1000000000, .stdout_fd = -1,
		.stderr_fd = -1, .stdin_fd = -1, .cancel_fd = -1,
		.config = &config,
	};
	long fewest = LONG_MAX;

	assert_non_null(res);
	for (int i = 0; i < RUNS; i++) {
		struct rusage self0, self1, kids0, kids1;
		long n;

		getrusage(RUSAGE_SELF, &self0);
		getrusage(RUSAGE_CHILDREN, &kids0);
		if (launch_run(&process_launcher, &req, res, &err) < 0)
			fail_msg("launch: %s", err.msg);
		getrusage(RUSAGE_CHILDREN, &kids1);
		getrusage(RUSAGE_SELF, &self1);
		assert_int_equal(res->exit_code, 0);
		n = (kids1.ru_minflt - kids0.ru_minflt) +
		    (self1.ru_minflt - self0.ru_minflt);
		if (n < fewest)
			fewest = n;
	}
	free(res);
	return fewest;
}

static void fork_cost_does_not_grow_with_threads(void **state)
{
	const char *bin = getenv("ISOLAB_BIN") ? getenv("ISOLAB_BIN") : "bin";
	char workload[PATH_MAX];
	struct idle_threads t;
	long alone, among;

	(void)state;
	snprintf(workload, sizeof(workload), "%s/isolab-workload", bin);
	if (access(workload, X_OK) != 0) {
		printf("SKIP process fork test: no %s (run make, or set ISOLAB_BIN)\n",
		       workload);
		skip();
	}
	alone = fewest_faults(workload);
	threads_start(&t);
	among = fewest_faults(workload);
	threads_stop(&t);
	printf("minor faults of a fork run of noop: %ld alone, %ld among %d threads\n",
	       alone, among, THREADS);
	/* glibc's fork() added one or more per thread (>= 64 here). */
	assert_true(among - alone < THREADS / 2);
}

/* Each method learns of a failed exec its own way (a pipe, the vfork
 * child's write into our memory, posix_spawn's return): the error names
 * the program and keeps the errno, and nothing is left running. */
static void failed_exec_is_told_by_every_method(void **state)
{
	static const enum spawn_method methods[] = { SPAWN_FORK, SPAWN_VFORK,
						     SPAWN_POSIX_SPAWN };
	char *argv[] = { "isolab-workload", "noop", NULL };
	struct launch_result *res = calloc(1, sizeof(*res));

	(void)state;
	assert_non_null(res);
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		struct process_config config = { .spawn = methods[i] };
		struct err err = { 0 };
		struct launch_request req = {
			.binary = "/nonexistent/isolab-workload", .argv = argv,
			.timeout_ns = 10ull * 1000000000, .stdout_fd = -1,
			.stderr_fd = -1, .stdin_fd = -1, .cancel_fd = -1,
			.config = &config,
		};

		assert_int_equal(launch_run(&process_launcher, &req, res, &err), -1);
		assert_int_equal(err.errnum, ENOENT);
		assert_non_null(strstr(err.msg, "cannot start /nonexistent/isolab-workload"));
		assert_int_equal(waitpid(-1, NULL, WNOHANG), -1); /* no child left */
		assert_int_equal(errno, ECHILD);
	}
	free(res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fork_cost_does_not_grow_with_threads),
		cmocka_unit_test(failed_exec_is_told_by_every_method),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
