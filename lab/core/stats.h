/* stats: the summary statistics of a series of measurements.
 * Percentiles use linear interpolation between closest ranks (the
 * definition numpy and R use by default); stddev is the sample standard
 * deviation (n-1), 0 for a single value. */
#ifndef ISOLAB_STATS_H
#define ISOLAB_STATS_H

#include <stddef.h>

struct stats {
	size_t n;
	double min, median, p95, max, mean, stddev;
};

/* values is sorted in place. n may be 0 (all fields 0). */
void stats_compute(double *values, size_t n, struct stats *out);

#endif
