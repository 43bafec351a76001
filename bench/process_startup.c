/* process_startup: is the process launcher as fast as a bare posix_spawn?
 *
 * In one run, interleaved so drift hits both alike, it times:
 *   bare      posix_spawn(isolab-workload noop) + waitpid, nothing else
 *   launcher  launch_run(&process_launcher) for each --spawn method
 * and prints medians and ratios. Target (issue 2): the launcher's startup
 * latency (request to ready) for noop is within 1.2x of bare spawn+wait.
 * The harness overhead is the launcher's whole run minus bare spawn+wait.
 *
 * usage: process_startup [ITERATIONS [WORKLOAD]]
 *   ITERATIONS  default 300
 *   WORKLOAD    isolab-workload's path, default next to this program */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "lab/clock.h"
#include "lab/launchers.h"
#include "lab/paths.h"
#include "lab/results.h"
#include "lab/stats.h"
#include "process/process.h"

extern char **environ;

static double bare_spawn_wait(const char *path, char *const *argv)
{
	uint64_t t0 = clock_now_ns();
	pid_t pid;
	int status;

	if (posix_spawn(&pid, path, NULL, NULL, argv, environ) != 0)
		return -1;
	waitpid(pid, &status, 0);
	return (double)(clock_now_ns() - t0);
}

static double median(double *v, size_t n)
{
	struct stats s;

	stats_compute(v, n, &s);
	return s.median;
}

int main(int argc, char **argv)
{
	static const char *const methods[] = { "fork", "vfork", "posix_spawn" };
	enum { NMETHODS = 3 };
	size_t iterations = argc > 1 ? strtoul(argv[1], NULL, 10) : 300;
	char path[4096];
	char *wargv[] = { "isolab-workload", "noop", NULL };
	struct process_config config[NMETHODS];
	double *bare = calloc(iterations, sizeof(double));
	double *startup[NMETHODS], *total[NMETHODS];
	struct launch_result *res = malloc(sizeof(*res));
	struct err err = { 0 };
	double bare_med;
	int missed = 0;

	if (argc > 2)
		snprintf(path, sizeof(path), "%s", argv[2]);
	else if (paths_find_helper("isolab-workload", path, sizeof(path),
				   &err) < 0) {
		fprintf(stderr, "process_startup: %s\n", err.msg);
		return 1;
	}
	for (int m = 0; m < NMETHODS; m++) {
		config[m].spawn = (enum spawn_method)m;
		startup[m] = calloc(iterations, sizeof(double));
		total[m] = calloc(iterations, sizeof(double));
	}
	for (size_t i = 0; i < iterations; i++) {
		bare[i] = bare_spawn_wait(path, wargv);
		for (int m = 0; m < NMETHODS; m++) {
			struct launch_request req = {
				.binary = path, .argv = wargv,
				.timeout_ns = 10000000000ull, .stdout_fd = -1,
				.stderr_fd = -1, .stdin_fd = -1,
				.cancel_fd = -1,
				.config = &config[m],
			};
			struct run_times t;

			if (launch_run(&process_launcher, &req, res, &err) < 0) {
				fprintf(stderr, "process_startup: %s\n", err.msg);
				return 1;
			}
			t = run_times_of(res);
			startup[m][i] = (double)t.startup_ns;
			total[m][i] = (double)t.total_ns;
		}
	}
	bare_med = median(bare, iterations);
	printf("process launcher vs bare posix_spawn+waitpid, noop, %zu interleaved runs each (medians)\n\n",
	       iterations);
	printf("  %-34s %9.1f µs\n", "bare posix_spawn + waitpid", bare_med / 1e3);
	for (int m = 0; m < NMETHODS; m++) {
		double s = median(startup[m], iterations);
		double t = median(total[m], iterations);
		const char *verdict = s <= 1.2 * bare_med ? "PASS" : "MISS";

		if (s > 1.2 * bare_med)
			missed++;
		printf("  --spawn %-11s startup        %9.1f µs   %.2fx bare  (target <= 1.20x: %s)\n",
		       methods[m], s / 1e3, s / bare_med, verdict);
		printf("  --spawn %-11s whole run      %9.1f µs   harness overhead %+.1f µs per run\n",
		       methods[m], t / 1e3, (t - bare_med) / 1e3);
	}
	printf("\n%d of %d spawn methods within target\n", NMETHODS - missed,
	       NMETHODS);
	return 0;
}
