/* tests: the automatic tests a lab's manifest can name, by KIND.
 *
 * A test runs the student's freshly built program and decides from
 * outside: exit status and signal, /proc/PID/ns, the process table, the
 * workload's own report on its control channel. Values the program must
 * produce are drawn at random per check run (ctx->rng), so printing the
 * expected text cannot pass. A test fills `why` when it fails; it never
 * leaves a process behind (lab/check/supervise.h reaps them all). */
#ifndef ISOLAB_CHECK_TESTS_H
#define ISOLAB_CHECK_TESTS_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

struct check_ctx {
	const char *build_dir; /* the student's program, built from clean */
	const char *workload;  /* isolab-workload */
	const char *isolab;    /* this isolab, for reference measurements */
	uint64_t rng;          /* xorshift state, seeded per check run */
};

/* Returns true when the test passed; otherwise why says what was expected
 * and what happened. */
typedef bool (*check_test_fn)(struct check_ctx *ctx, int timeout_s,
			      char *why, size_t whylen);

struct check_test {
	const char *kind;
	check_test_fn run;
};

const struct check_test *check_test_find(const char *kind);

/* Every student program runs under this many pids at most
 * (lab/check/pids_cap.h): a forgotten limit cannot fill the machine. */
#define CHECK_PIDS_MAX 256

/* A random whole number in [lo, hi]. */
unsigned check_random(struct check_ctx *ctx, unsigned lo, unsigned hi);

/* The tests of each lab (lab/check/lab1_tests.c, ...). */
extern const struct check_test lab1_tests[];
extern const struct check_test lab2_tests[];
extern const struct check_test lab3_tests[];
extern const struct check_test lab4_tests[];

#endif
