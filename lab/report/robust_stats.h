/* robust_stats: the statistics `isolab report` adds to lab/core/stats.h, as
 * hyperfine computes them.
 *  - modified z-score (Iglewicz and Hoaglin): (x - median) / MAD, with MAD
 *    the median absolute deviation (DBL_EPSILON when 0). A run is an
 *    outlier when |z| > OUTLIER_THRESHOLD, 10 standard deviations of a
 *    normal distribution (1.4826 converts a MAD to a standard deviation).
 *  - the first run is "slow" when its own z-score is above the threshold:
 *    caches that were cold, so more --warmup runs are needed.
 *  - relative: mean / reference mean, with the uncertainty propagated from
 *    both standard deviations assuming independence:
 *    ratio * sqrt((sd/mean)^2 + (ref_sd/ref_mean)^2). No uncertainty when
 *    either side has a single run. */
#ifndef ISOLAB_REPORT_ROBUST_STATS_H
#define ISOLAB_REPORT_ROBUST_STATS_H

#include <stdbool.h>
#include <stddef.h>

#define OUTLIER_THRESHOLD (1.4826 * 10.0)

/* Median of v[0..n) (v is left as it was); 0 for n == 0. */
double median_of(const double *v, size_t n);
/* z[i] for each v[i]; n > 0. Returns -1 when out of memory. */
int modified_zscores(const double *v, size_t n, double *z);
/* How many of v are outliers (0 when out of memory or n < 3). */
size_t count_outliers(const double *v, size_t n);
/* v in run order: was v[0] an outlier on the slow side? */
bool first_run_slow(const double *v, size_t n);

struct relative {
	double ratio;
	double uncertainty;
	bool has_uncertainty;
};

struct relative relative_to(double mean, double stddev, size_t n,
			    double ref_mean, double ref_stddev, size_t ref_n);

#endif
