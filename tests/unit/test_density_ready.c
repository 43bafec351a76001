/* density's "time until all are ready" ends at the last instance's ready
 * stamp, as startup_ns does, not when density heard of it: a fake launcher
 * whose ready notice comes 100 ms after its stamp shows the difference. */
#include "tests/unit/cmocka_all.h"

#include <stdatomic.h>
#include <time.h>

#include "lab/host/clock.h"
#include "tests/unit/fake_density.h"

#define COUNT 4

static _Atomic uint64_t latest_stamp;

static int stamp_then_tell_late(struct launch *l, struct err *err)
{
	uint64_t stamp = clock_now_ns(), seen = atomic_load(&latest_stamp);

	(void)err;
	l->res->tl.ready_ns = stamp;
	while (stamp > seen &&
	       !atomic_compare_exchange_weak(&latest_stamp, &seen, stamp))
		;
	nanosleep(&(struct timespec){ 0, 100 * 1000000 }, NULL);
	l->req->on_ready(l->req->on_ready_ctx);
	return fake_hold(l);
}

static void all_ready_ends_at_the_last_stamp(void **state)
{
	const struct launcher fake = fake_launcher(NULL, stamp_then_tell_late);
	struct density_step step;
	uint64_t before = clock_now_ns();

	(void)state;
	fake_density_step(&fake, COUNT, &step);
	assert_int_equal(step.ready, COUNT);
	/* The step began after `before`, so it cannot have taken longer than
	 * from `before` to the latest stamp; the late notices came 100 ms
	 * after that. */
	assert_true(step.all_ready_ns > 0);
	assert_true(step.all_ready_ns <= atomic_load(&latest_stamp) - before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(all_ready_ends_at_the_last_stamp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
