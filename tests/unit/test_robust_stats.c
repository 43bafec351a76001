/* robust_stats: the outlier test and the relative column of isolab
 * report. Expected values follow hyperfine's own tests (outlier_detection.rs,
 * relative_speed.rs) and hand computation. */
#include "tests/unit/cmocka_all.h"

#include <math.h>

#include "lab/report/robust_stats.h"

static void small_or_calm_samples_have_no_outliers(void **state)
{
	double one[] = { 50 }, two[] = { 1000, 0 }, calm[] = { -0.2, 0, 0.2 };

	(void)state;
	assert_int_equal(count_outliers(one, 1), 0);
	assert_int_equal(count_outliers(two, 2), 0);
	assert_int_equal(count_outliers(calm, 3), 0);
}

static void a_far_value_is_an_outlier(void **state)
{
	double v[] = { -0.2, 0.0, 0.2, 4.0 };
	double w[] = { 0.5, 0.30, 0.29, 0.31, 0.30 };
	double normal[] = { 2.33269488, 1.42195907, -0.57527698, -0.31293437,
			    2.2948158, 0.75813273, -1.0712388, -0.96394741,
			    -1.15897446, 1.10976285, 20.0, -500.0 };

	(void)state;
	assert_int_equal(count_outliers(v, 4), 1);
	assert_int_equal(count_outliers(w, 5), 1);
	assert_int_equal(count_outliers(normal, 10), 0);
	assert_int_equal(count_outliers(normal, 12), 2);
}

static void zero_mad_still_finds_outliers(void **state)
{
	double v[] = { 10, 10, 10, 10, 10, 10, 10, 100 };
	double w[] = { 10, 10, 10, 10, 10, 10, 10, 100, 100 };

	(void)state;
	assert_int_equal(count_outliers(v, 8), 1);
	assert_int_equal(count_outliers(w, 9), 2);
}

static void zscore_is_deviation_over_mad(void **state)
{
	double v[] = { 1, 2, 3, 4, 100 }, z[5];

	(void)state;
	/* median 3, deviations 2 1 0 1 97 -> MAD 1 */
	assert_int_equal(modified_zscores(v, 5, z), 0);
	assert_float_equal(z[0], -2, 1e-12);
	assert_float_equal(z[4], 97, 1e-12);
	assert_float_equal(median_of(v, 5), 3, 1e-12);
	assert_true(v[4] == 100); /* left as it was */
}

static void slow_first_run_is_flagged(void **state)
{
	double slow[] = { 90, 10, 11, 10, 12, 10 }, fine[] = { 10, 90, 11, 10, 12, 10 };

	(void)state;
	assert_true(first_run_slow(slow, 6));
	assert_false(first_run_slow(fine, 6));
}

static void relative_ratio_and_propagated_uncertainty(void **state)
{
	struct relative r = relative_to(6, 0.6, 10, 2, 0.1, 10);

	(void)state;
	assert_float_equal(r.ratio, 3, 1e-12);
	assert_true(r.has_uncertainty);
	/* 3 * sqrt(0.1^2 + 0.05^2) */
	assert_float_equal(r.uncertainty, 3 * sqrt(0.01 + 0.0025), 1e-12);
	r = relative_to(2, 0.1, 10, 2, 0.1, 10);
	assert_float_equal(r.ratio, 1, 1e-12);
}

static void single_runs_have_no_uncertainty(void **state)
{
	struct relative r = relative_to(5, 0, 1, 2, 0.1, 10);

	(void)state;
	assert_float_equal(r.ratio, 2.5, 1e-12);
	assert_false(r.has_uncertainty);
	r = relative_to(5, 0, 3, 0, 0, 3);
	assert_true(isinf(r.ratio));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(small_or_calm_samples_have_no_outliers),
		cmocka_unit_test(a_far_value_is_an_outlier),
		cmocka_unit_test(zero_mad_still_finds_outliers),
		cmocka_unit_test(zscore_is_deviation_over_mad),
		cmocka_unit_test(slow_first_run_is_flagged),
		cmocka_unit_test(relative_ratio_and_propagated_uncertainty),
		cmocka_unit_test(single_runs_have_no_uncertainty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
