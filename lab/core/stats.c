#include "lab/core/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double percentile(const double *sorted, size_t n, double p)
{
	double rank = p * (double)(n - 1);
	size_t lo = (size_t)rank;
	double frac = rank - (double)lo;

	if (lo + 1 >= n)
		return sorted[n - 1];
	return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

void stats_compute(double *values, size_t n, struct stats *out)
{
	double sum = 0, sq = 0;

	memset(out, 0, sizeof(*out));
	out->n = n;
	if (n == 0)
		return;
	qsort(values, n, sizeof(*values), cmp_double);
	for (size_t i = 0; i < n; i++)
		sum += values[i];
	out->mean = sum / (double)n;
	for (size_t i = 0; i < n; i++)
		sq += (values[i] - out->mean) * (values[i] - out->mean);
	out->stddev = n > 1 ? sqrt(sq / (double)(n - 1)) : 0;
	out->min = values[0];
	out->max = values[n - 1];
	out->median = percentile(values, n, 0.5);
	out->p95 = percentile(values, n, 0.95);
}
