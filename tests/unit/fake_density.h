/* fake_density: a fake launcher for density's tests, and one step of it.
 * fake_nothing is every step that does nothing; fake_ready_then_hold is
 * a wait that says ready at once and holds until density closes its
 * stdin, as `isolab-workload idle` does. Include after cmocka_all.h. */
#ifndef ISOLAB_TEST_FAKE_DENSITY_H
#define ISOLAB_TEST_FAKE_DENSITY_H

#include <unistd.h>

#include "lab/density/density.h"

static inline int fake_nothing(struct launch *l, struct err *err)
{
	(void)l;
	(void)err;
	return 0;
}

static inline void fake_no_cleanup(struct launch *l)
{
	(void)l;
}

/* The rest of a wait once its ready notice is out: hold until released. */
static inline int fake_hold(struct launch *l)
{
	char c;

	while (read(l->req->stdin_fd, &c, 1) > 0)
		;
	l->res->exit_code = 0;
	return 0;
}

static inline int fake_ready_then_hold(struct launch *l, struct err *err)
{
	(void)err;
	l->req->on_ready(l->req->on_ready_ctx);
	return fake_hold(l);
}

typedef int (*fake_step_fn)(struct launch *l, struct err *err);

/* A fake launcher whose steps do nothing but start and wait (NULL:
 * fake_nothing and fake_ready_then_hold). */
static inline struct launcher fake_launcher(fake_step_fn start,
					    fake_step_fn wait)
{
	return (struct launcher){
		.name = "fake",
		.prepare = fake_nothing,
		.start = start ? start : fake_nothing,
		.wait = wait ? wait : fake_ready_then_hold,
		.collect = fake_nothing,
		.cleanup = fake_no_cleanup,
	};
}

/* One step of count instances of `fake`; density_run itself must pass. */
static inline void fake_density_step(const struct launcher *fake,
				     uint64_t count, struct density_step *step)
{
	static char *argv[] = { "idle", NULL };
	struct density_plan plan = {
		.launcher = fake,
		.request = { .binary = "/nonexistent", .argv = argv,
			     .timeout_ns = 20 * 1000000000ull,
			     .stdout_fd = -1, .stderr_fd = -1, .cancel_fd = -1 },
		.counts = { count },
		.ncounts = 1,
	};
	struct err err = { 0 };
	int nsteps = 0;

	assert_int_equal(density_run(&plan, step, &nsteps, &err), 0);
	assert_int_equal(nsteps, 1);
}

#endif
