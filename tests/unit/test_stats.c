/* stats: the figures students put in their reports. Expected values are
 * the ones numpy gives (percentile, linear interpolation; std, ddof=1). */
#include "tests/unit/cmocka_all.h"

#include "lab/core/stats.h"

static void one_value_has_no_spread(void **state)
{
	double v[] = { 42 };
	struct stats s;

	(void)state;
	stats_compute(v, 1, &s);
	assert_int_equal(s.n, 1);
	assert_true(s.min == 42 && s.max == 42 && s.median == 42);
	assert_true(s.p95 == 42 && s.mean == 42 && s.stddev == 0);
}

static void unsorted_input_gives_order_statistics(void **state)
{
	double v[] = { 5, 1, 4, 2, 3 };
	struct stats s;

	(void)state;
	stats_compute(v, 5, &s);
	assert_true(s.min == 1 && s.max == 5);
	assert_true(s.median == 3);
	assert_float_equal(s.p95, 4.8, 1e-9);   /* numpy.percentile(.., 95) */
	assert_float_equal(s.mean, 3, 1e-9);
	assert_float_equal(s.stddev, 1.5811388300841898, 1e-9);
}

static void even_count_median_interpolates(void **state)
{
	double v[] = { 10, 40, 20, 30 };
	struct stats s;

	(void)state;
	stats_compute(v, 4, &s);
	assert_float_equal(s.median, 25, 1e-9);
	assert_float_equal(s.p95, 38.5, 1e-9);
}

static void empty_series_is_all_zero(void **state)
{
	struct stats s;

	(void)state;
	stats_compute(NULL, 0, &s);
	assert_int_equal(s.n, 0);
	assert_true(s.min == 0 && s.max == 0 && s.mean == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_value_has_no_spread),
		cmocka_unit_test(unsorted_input_gives_order_statistics),
		cmocka_unit_test(even_count_median_interpolates),
		cmocka_unit_test(empty_series_is_all_zero),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
