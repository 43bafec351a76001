/* process_startup: the process launcher against a bare posix_spawn.
 *
 * In one run, interleaved run by run so drift hits all alike, it times:
 *   bare      posix_spawn(isolab-workload noop) + waitpid, nothing else
 *   bare_fork, bare_vfork
 *             the same with fork or vfork + execve + waitpid: what each
 *             primitive costs this machine without isolab, so that the
 *             price of the method and the harness's own are told apart
 *   launcher  launch_run(&process_launcher) for each --spawn method, in
 *             a session opened once per method, as `isolab run` does
 * over ROUNDS rounds of RUNS runs, and prints per round and figure one
 * JSON line (bench/interleave.c's format; bench/lib.sh makes the ratios):
 *   process.bare, process.bare_fork, process.bare_vfork,
 *   process.METHOD.startup (request to ready) and
 *   process.METHOD.whole (the launcher's whole run).
 * The harness overhead is the whole run minus bare spawn+wait.
 * To say where the time goes, also per round: the minor page faults of
 * each way per run (ours and the child's, from getrusage), as counts
 * ({"kind":"count",...,"median":N}) named like the figures plus
 * ".faults" (bench/host_costs.c says what a fault costs here).
 *
 * usage: process_startup ROUNDS RUNS [WORKLOAD]
 *   WORKLOAD  isolab-workload's path, default next to this program */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/record_line.h"
#include "lab/host/clock.h"
#include "lab/core/launchers.h"
#include "lab/host/paths.h"
#include "lab/core/results.h"
#include "lab/core/session.h"
#include "lab/core/stats.h"
#include "process/process.h"

extern char **environ;

enum { NMETHODS = 3 };
static const char *const method_names[NMETHODS] = { "fork", "vfork", "posix_spawn" };
/* The bare figure of each method; "bare" is posix_spawn's, the baseline. */
static const char *const bare_names[NMETHODS] = { "bare_fork", "bare_vfork", "bare" };

/* A bare start of the workload by one primitive and its wait, in ns. */
static double bare_start_wait(int method, const char *path, char *const *argv)
{
	uint64_t t0 = clock_now_ns();
	pid_t pid;
	int status;

	if (method == SPAWN_POSIX_SPAWN) {
		if (posix_spawn(&pid, path, NULL, NULL, argv, environ) != 0)
			return -1;
	} else {
		pid = method == SPAWN_VFORK ? vfork() : fork();
		if (pid < 0)
			return -1;
		if (pid == 0) {
			execve(path, argv, environ);
			_exit(127);
		}
	}
	waitpid(pid, &status, 0);
	return (double)(clock_now_ns() - t0);
}

/* Minor page faults so far of this process and its reaped children. */
static long faults_now(void)
{
	struct rusage self, kids;

	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	return self.ru_minflt + kids.ru_minflt;
}

/* One round's median of process.NAME[.PART]: a figure (ns) or a count. */
static void print_named(const char *kind, const char *name, const char *part,
			int round, double *v, size_t n)
{
	struct stats s;
	char full[64];

	stats_compute(v, n, &s);
	snprintf(full, sizeof(full), "process.%s%s%s", name, part ? "." : "",
		 part ? part : "");
	record_line(kind, full, round, s.median, n);
}

static void print_figure(const char *name, const char *part, int round,
			 double *v, size_t n)
{
	print_named("figure", name, part, round, v, n);
}

/* One launcher run; its startup and whole-run ns. 0, or -1 with err set. */
static int launcher_run(const struct launch_session *session, const char *path,
			char **wargv, struct launch_result *res,
			double *startup, double *whole, struct err *err)
{
	struct launch_request req = {
		.session = session, .binary = path, .argv = wargv,
		.timeout_ns = 10000000000ull, .stdout_fd = -1,
		.stderr_fd = -1, .stdin_fd = -1, .cancel_fd = -1,
		.config = session->config,
	};
	struct run_times t;

	if (launch_run(&process_launcher, &req, res, err) < 0)
		return -1;
	t = run_times_of(res);
	*startup = (double)t.startup_ns;
	*whole = (double)t.total_ns;
	return 0;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 0;
	size_t runs = argc > 2 ? strtoul(argv[2], NULL, 10) : 0;
	char path[4096];
	char *wargv[] = { "isolab-workload", "noop", NULL };
	struct process_config config[NMETHODS];
	struct launch_session session[NMETHODS] = { { 0 } };
	double *bare[NMETHODS], *startup[NMETHODS], *whole[NMETHODS];
	double *bare_faults[NMETHODS], *faults[NMETHODS];
	struct launch_result *res = malloc(sizeof(*res));
	struct err err = { 0 };

	if (rounds < 1 || runs < 1) {
		fprintf(stderr, "usage: process_startup ROUNDS RUNS [WORKLOAD]\n");
		return 2;
	}
	if (argc > 3)
		snprintf(path, sizeof(path), "%s", argv[3]);
	else if (paths_find_helper("isolab-workload", path, sizeof(path),
				   &err) < 0) {
		fprintf(stderr, "process_startup: %s\n", err.msg);
		return 1;
	}
	if (!res)
		return perror("process_startup"), 1;
	for (int m = 0; m < NMETHODS; m++) {
		config[m] = (struct process_config){ .spawn = (enum spawn_method)m };
		bare[m] = calloc(runs, sizeof(double));
		startup[m] = calloc(runs, sizeof(double));
		whole[m] = calloc(runs, sizeof(double));
		bare_faults[m] = calloc(runs, sizeof(double));
		faults[m] = calloc(runs, sizeof(double));
		if (!bare[m] || !startup[m] || !whole[m] || !bare_faults[m] ||
		    !faults[m])
			return perror("process_startup"), 1;
		if (launch_session_open(&process_launcher, &config[m],
					&session[m], &err) < 0) {
			fprintf(stderr, "process_startup: %s\n", err.msg);
			return 1;
		}
	}
	for (int r = 1; r <= rounds; r++) {
		for (size_t i = 0; i < runs; i++) {
			for (int m = 0; m < NMETHODS; m++) {
				long f0 = faults_now();

				bare[m][i] = bare_start_wait(m, path, wargv);
				bare_faults[m][i] = (double)(faults_now() - f0);
			}
			for (int m = 0; m < NMETHODS; m++) {
				long f0 = faults_now();

				if (launcher_run(&session[m], path, wargv, res,
						 &startup[m][i], &whole[m][i],
						 &err) < 0) {
					fprintf(stderr, "process_startup: %s\n", err.msg);
					return 1;
				}
				faults[m][i] = (double)(faults_now() - f0);
			}
		}
		for (int m = 0; m < NMETHODS; m++) {
			print_figure(bare_names[m], NULL, r, bare[m], runs);
			print_figure(method_names[m], "startup", r, startup[m], runs);
			print_figure(method_names[m], "whole", r, whole[m], runs);
			print_named("count", bare_names[m], "faults", r,
				    bare_faults[m], runs);
			print_named("count", method_names[m], "faults", r,
				    faults[m], runs);
		}
		fflush(stdout);
	}
	for (int m = 0; m < NMETHODS; m++) {
		launch_session_close(&session[m]);
		free(bare[m]);
		free(startup[m]);
		free(whole[m]);
		free(bare_faults[m]);
		free(faults[m]);
	}
	free(res);
	return 0;
}
