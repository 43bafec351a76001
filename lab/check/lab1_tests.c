/* Lab 1, processes: the student's `launch [-t S] [-n RUNS] METHOD PROGRAM
 * [ARGS]` (METHOD fork, vfork or spawn) starts PROGRAM, waits, and exits
 * with its status as `isolab exec` does (the code, or 128+signal; a
 * program still running after -t seconds is killed with SIGKILL).
 * Evidence: launch's own exit status, the workload's ready lines on the
 * control channel (the program really ran), the CPU time launch and its
 * children used, and the processes reparented to the grader afterwards
 * (zombies it did not reap, children it did not kill). The exit code is
 * drawn at random and reaches exit_with through the environment, so a
 * launch that guesses it from its arguments cannot pass. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/check/supervise.h"
#include "lab/check/tests.h"

#define STARTUP_RUNS 50
/* The student's CPU time per start may be this many times isolab's. */
#define STARTUP_FACTOR 2

struct lab1_run {
	char launch[4200], exit_with[4200];
	char *argv[12];
	int argc;
};

static void lab1_args(struct lab1_run *r, const struct check_ctx *ctx,
		      const char *const *words)
{
	snprintf(r->launch, sizeof(r->launch), "%s/launch", ctx->build_dir);
	snprintf(r->exit_with, sizeof(r->exit_with), "%s/exit_with", ctx->build_dir);
	r->argc = 0;
	r->argv[r->argc++] = r->launch;
	for (; *words && r->argc < 11; words++) {
		const char *w = *words;

		if (!strcmp(w, "WORKLOAD"))
			w = ctx->workload;
		else if (!strcmp(w, "EXIT_WITH"))
			w = r->exit_with;
		r->argv[r->argc++] = (char *)w;
	}
	r->argv[r->argc] = NULL;
}

/* Runs launch with words (WORKLOAD and EXIT_WITH stand for the paths). */
static bool run_launch(struct check_ctx *ctx, int timeout_s,
		       const char *const *words, struct supervise_result *res,
		       char *why, size_t whylen)
{
	struct lab1_run r;
	struct supervise_spec spec = { .timeout_ms = timeout_s * 1000, .uid = -1,
				       .cwd = ctx->build_dir,
				       .pids_max = CHECK_PIDS_MAX };
	struct err err = { 0 };

	lab1_args(&r, ctx, words);
	spec.argv = r.argv;
	if (supervise_run(&spec, res, &err) < 0) {
		snprintf(why, whylen, "grader could not run launch: %s", err.msg);
		return false;
	}
	if (res->exec_failed) {
		snprintf(why, whylen, "%s", res->output);
		return false;
	}
	if (res->timed_out) {
		snprintf(why, whylen, "expected launch to end, but it still ran after %d s and was killed",
			 timeout_s);
		return false;
	}
	return true;
}

static bool expect_status(const struct supervise_result *res, int want,
			  const char *what, char *why, size_t whylen)
{
	int got = supervise_status(res);

	if (got == want)
		return true;
	snprintf(why, whylen, "%s: expected exit status %d, got %d%s", what, want,
		 got, res->signal ? " (launch itself was killed by a signal)" : "");
	return false;
}

static bool status_test(struct check_ctx *ctx, int timeout_s, const char *method,
			char *why, size_t whylen)
{
	struct supervise_result res;
	char code[16], label[64];
	int want = (int)check_random(ctx, 1, 120);
	const char *noop[] = { method, "WORKLOAD", "noop", NULL };
	const char *exit_with[] = { method, "EXIT_WITH", NULL };

	if (!run_launch(ctx, timeout_s, noop, &res, why, whylen) ||
	    !expect_status(&res, 0, "noop", why, whylen))
		return false;
	if (res.ready_lines != 1) {
		snprintf(why, whylen, "expected isolab-workload noop to run once, it reported %d starts",
			 res.ready_lines);
		return false;
	}
	snprintf(code, sizeof(code), "%d", want);
	setenv("LAB1_EXIT_CODE", code, 1);
	snprintf(label, sizeof(label), "a program exiting with %d", want);
	bool ran = run_launch(ctx, timeout_s, exit_with, &res, why, whylen);

	unsetenv("LAB1_EXIT_CODE");
	return ran && expect_status(&res, want, label, why, whylen);
}

static bool test_status_fork(struct check_ctx *c, int t, char *w, size_t l)
{
	return status_test(c, t, "fork", w, l);
}

static bool test_status_vfork(struct check_ctx *c, int t, char *w, size_t l)
{
	return status_test(c, t, "vfork", w, l);
}

static bool test_status_spawn(struct check_ctx *c, int t, char *w, size_t l)
{
	return status_test(c, t, "spawn", w, l);
}

static bool test_crash(struct check_ctx *ctx, int timeout_s, char *why,
		       size_t whylen)
{
	struct supervise_result res;
	const char *words[] = { "fork", "WORKLOAD", "crash", NULL };

	return run_launch(ctx, timeout_s, words, &res, why, whylen) &&
	       expect_status(&res, 128 + 11, "crash (SIGSEGV is signal 11)", why,
			     whylen);
}

static bool test_hang(struct check_ctx *ctx, int timeout_s, char *why,
		      size_t whylen)
{
	struct supervise_result res;
	const char *words[] = { "-t", "1", "fork", "WORKLOAD", "hang", NULL };

	if (!run_launch(ctx, timeout_s, words, &res, why, whylen) ||
	    !expect_status(&res, 128 + 9, "hang with -t 1 (killed by SIGKILL, signal 9)",
			   why, whylen))
		return false;
	if (res.leftovers) {
		snprintf(why, whylen, "expected the hanging program killed and reaped, %d process(es) were left behind",
			 res.leftovers);
		return false;
	}
	return true;
}

static bool test_no_zombie(struct check_ctx *ctx, int timeout_s, char *why,
			   size_t whylen)
{
	struct supervise_result res;
	int runs = (int)check_random(ctx, 10, 30);
	char nruns[16];
	const char *words[] = { "-n", nruns, "spawn", "WORKLOAD", "noop", NULL };

	snprintf(nruns, sizeof(nruns), "%d", runs);
	if (!run_launch(ctx, timeout_s, words, &res, why, whylen) ||
	    !expect_status(&res, 0, "-n runs of noop", why, whylen))
		return false;
	if (res.ready_lines != runs) {
		snprintf(why, whylen, "expected -n %d to start the program %d times, it started %d times",
			 runs, runs, res.ready_lines);
		return false;
	}
	if (res.leftovers) {
		snprintf(why, whylen, "expected every child reaped, %d were left for the grader to reap (zombies)",
			 res.leftovers);
		return false;
	}
	return true;
}

/* CPU time, not wall time: the machine is shared. isolab's process
 * launcher starts the same workload the same number of times. */
static bool test_startup(struct check_ctx *ctx, int timeout_s, char *why,
			 size_t whylen)
{
	struct supervise_result res;
	char nruns[16], workload_arg[] = "--workload";
	const char *words[] = { "-n", nruns, "spawn", "WORKLOAD", "noop", NULL };
	char *isolab_argv[16] = { (char *)ctx->isolab, "run", "--launcher", "process",
				"--spawn", "posix_spawn", "-n", nruns, workload_arg,
				"noop", "--format", "csv", NULL };
	struct supervise_spec spec = { .argv = isolab_argv, .timeout_ms = timeout_s * 1000,
				       .uid = -1 };
	struct err err = { 0 };
	uint64_t student_us, isolab_us;

	snprintf(nruns, sizeof(nruns), "%d", STARTUP_RUNS);
	if (!run_launch(ctx, timeout_s, words, &res, why, whylen) ||
	    !expect_status(&res, 0, "-n runs of noop", why, whylen))
		return false;
	if (res.ready_lines != STARTUP_RUNS) {
		snprintf(why, whylen, "expected %d starts, the workload reported %d",
			 STARTUP_RUNS, res.ready_lines);
		return false;
	}
	student_us = res.cpu_us;
	if (supervise_run(&spec, &res, &err) < 0 || supervise_status(&res) != 0) {
		snprintf(why, whylen, "grader could not measure isolab's process launcher: %s",
			 err.msg[0] ? err.msg : res.output);
		return false;
	}
	isolab_us = res.cpu_us;
	/* 100 us a start of slack: a tiny baseline must not fail a good launch. */
	if (student_us > STARTUP_FACTOR * isolab_us + 100 * STARTUP_RUNS) {
		snprintf(why, whylen, "expected at most %dx the CPU time of isolab's process launcher (%.0f us per start), got %.0f us per start",
			 STARTUP_FACTOR, (double)isolab_us / STARTUP_RUNS,
			 (double)student_us / STARTUP_RUNS);
		return false;
	}
	return true;
}

const struct check_test lab1_tests[] = {
	{ "lab1.status_fork", test_status_fork },
	{ "lab1.status_vfork", test_status_vfork },
	{ "lab1.status_spawn", test_status_spawn },
	{ "lab1.crash", test_crash },
	{ "lab1.hang", test_hang },
	{ "lab1.no_zombie", test_no_zombie },
	{ "lab1.startup", test_startup },
	{ NULL, NULL },
};
