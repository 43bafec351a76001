/* clock: one time base for every measurement.
 * CLOCK_MONOTONIC in nanoseconds; the workload stamps its ready signal with
 * the same clock, so host-side and workload-side stamps compare directly. */
#ifndef ISOLAB_CLOCK_H
#define ISOLAB_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline uint64_t clock_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

#endif
