/* density starts its instances a few at a time: never more than two per
 * usable CPU are starting (launched, not yet ready) at once, and all of a
 * step still become ready. A fake launcher counts the instances between
 * its start and its ready notice. */
#include "tests/unit/cmocka_all.h"

#include <sched.h>
#include <stdatomic.h>
#include <time.h>

#include "tests/unit/fake_density.h"

#define COUNT 40

static _Atomic int starting, most_starting;

/* Starting takes a while (2 ms), so that a density that started them all
 * at once would be seen with many starting. */
static int start_slowly(struct launch *l, struct err *err)
{
	int now = atomic_fetch_add(&starting, 1) + 1;
	int most = atomic_load(&most_starting);

	(void)err;
	while (now > most &&
	       !atomic_compare_exchange_weak(&most_starting, &most, now))
		;
	nanosleep(&(struct timespec){ 0, 2 * 1000000 }, NULL);
	atomic_fetch_sub(&starting, 1);
	l->req->on_ready(l->req->on_ready_ctx);
	return fake_hold(l);
}

static void a_few_start_at_a_time(void **state)
{
	const struct launcher fake = fake_launcher(NULL, start_slowly);
	struct density_step step;
	cpu_set_t cpus;

	(void)state;
	assert_int_equal(sched_getaffinity(0, sizeof(cpus), &cpus), 0);
	fake_density_step(&fake, COUNT, &step);
	assert_int_equal(step.ready, COUNT);
	assert_string_equal(step.failure, "");
	print_message("at most %d starting at once, on %d CPUs\n",
		      atomic_load(&most_starting), CPU_COUNT(&cpus));
	assert_in_range(atomic_load(&most_starting), 1, 2 * CPU_COUNT(&cpus));
}

/* The first instance fails at once, while the next are being started,
 * some of them before their threads have made their own fd tables: the
 * step still releases every one that started (a thread holding a copy
 * of the release pipe's write end would keep them all waiting), and says
 * why it stopped. */
static _Atomic int launches;

static int first_fails(struct launch *l, struct err *err)
{
	(void)l;
	if (atomic_fetch_add(&launches, 1) == 0)
		return err_set(err, ERR_RUNTIME, "the first instance failed");
	return 0;
}

static void a_failed_start_releases_the_others(void **state)
{
	const struct launcher fake = fake_launcher(first_fails, NULL);
	struct density_step step;

	(void)state;
	for (int i = 0; i < 50; i++) {
		atomic_store(&launches, 0);
		fake_density_step(&fake, COUNT, &step);
		assert_string_equal(step.failure, "the first instance failed");
		assert_true(step.ready < COUNT);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_few_start_at_a_time),
		cmocka_unit_test(a_failed_start_releases_the_others),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
