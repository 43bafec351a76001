/* density starts its instances a few at a time: never more than two per
 * usable CPU are starting (launched, not yet ready) at once, and all of a
 * step still become ready. A fake launcher counts the instances between
 * its start and its ready notice. */
#include "tests/unit/cmocka_all.h"

#include <sched.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

#include "lab/density/density.h"

#define COUNT 40

static _Atomic int starting, most_starting;

static int nothing(struct launch *l, struct err *err)
{
	(void)l;
	(void)err;
	return 0;
}

/* Starting takes a while (2 ms), so that a density that started them all
 * at once would be seen with many starting. */
static int start_slowly(struct launch *l, struct err *err)
{
	int now = atomic_fetch_add(&starting, 1) + 1;
	int most = atomic_load(&most_starting);
	char c;

	(void)err;
	while (now > most &&
	       !atomic_compare_exchange_weak(&most_starting, &most, now))
		;
	nanosleep(&(struct timespec){ 0, 2 * 1000000 }, NULL);
	atomic_fetch_sub(&starting, 1);
	l->req->on_ready(l->req->on_ready_ctx);
	while (read(l->req->stdin_fd, &c, 1) > 0)
		;
	l->res->exit_code = 0;
	return 0;
}

static void cleanup(struct launch *l)
{
	(void)l;
}

static void a_few_start_at_a_time(void **state)
{
	static char *argv[] = { "idle", NULL };
	const struct launcher fake = {
		.name = "fake", .prepare = nothing, .start = nothing,
		.wait = start_slowly, .collect = nothing, .cleanup = cleanup,
	};
	struct density_plan plan = {
		.launcher = &fake,
		.request = { .binary = "/nonexistent", .argv = argv,
			     .timeout_ns = 20 * 1000000000ull,
			     .stdout_fd = -1, .stderr_fd = -1, .cancel_fd = -1 },
		.counts = { COUNT },
		.ncounts = 1,
	};
	struct density_step step;
	struct err err = { 0 };
	cpu_set_t cpus;
	int nsteps = 0;

	(void)state;
	assert_int_equal(sched_getaffinity(0, sizeof(cpus), &cpus), 0);
	assert_int_equal(density_run(&plan, &step, &nsteps, &err), 0);
	assert_int_equal(step.ready, COUNT);
	assert_string_equal(step.failure, "");
	print_message("at most %d starting at once, on %d CPUs\n",
		      atomic_load(&most_starting), CPU_COUNT(&cpus));
	assert_in_range(atomic_load(&most_starting), 1, 2 * CPU_COUNT(&cpus));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_few_start_at_a_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
