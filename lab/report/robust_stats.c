#include "lab/report/robust_stats.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double sorted_median(const double *s, size_t n)
{
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

double median_of(const double *v, size_t n)
{
	double *s, m;

	if (n == 0)
		return 0;
	s = malloc(n * sizeof(*s));
	if (!s)
		return NAN;
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	m = sorted_median(s, n);
	free(s);
	return m;
}

int modified_zscores(const double *v, size_t n, double *z)
{
	double med = median_of(v, n), mad;

	if (isnan(med))
		return -1;
	for (size_t i = 0; i < n; i++)
		z[i] = fabs(v[i] - med);
	mad = median_of(z, n);
	if (isnan(mad))
		return -1;
	if (!(mad > 0))
		mad = DBL_EPSILON;
	for (size_t i = 0; i < n; i++)
		z[i] = (v[i] - med) / mad;
	return 0;
}

size_t count_outliers(const double *v, size_t n)
{
	double *z;
	size_t count = 0;

	if (n < 3 || !(z = malloc(n * sizeof(*z))))
		return 0;
	if (modified_zscores(v, n, z) == 0)
		for (size_t i = 0; i < n; i++)
			count += fabs(z[i]) > OUTLIER_THRESHOLD;
	free(z);
	return count;
}

bool first_run_slow(const double *v, size_t n)
{
	double *z;
	bool slow = false;

	if (n < 3 || !(z = malloc(n * sizeof(*z))))
		return false;
	if (modified_zscores(v, n, z) == 0)
		slow = z[0] > OUTLIER_THRESHOLD;
	free(z);
	return slow;
}

struct relative relative_to(double mean, double stddev, size_t n,
			    double ref_mean, double ref_stddev, size_t ref_n)
{
	struct relative r = { 0 };

	if (!(ref_mean > 0) || !(mean > 0)) {
		r.ratio = mean == ref_mean ? 1 : INFINITY;
		return r;
	}
	r.ratio = mean / ref_mean;
	if (n > 1 && ref_n > 1) {
		r.uncertainty = r.ratio * sqrt(pow(stddev / mean, 2) +
					       pow(ref_stddev / ref_mean, 2));
		r.has_uncertainty = true;
	}
	return r;
}
