#include "lab/workload/clock.h"

#include "lab/workload/sys.h"

#define AT_NULL 0

const struct tsc_clock *clock_find(const uint64_t *stack)
{
	const uint64_t *p = stack + 1 + stack[0] + 1; /* past argv and NULL */

	while (*p)
		p++; /* envp */
	for (p++; p[0] != AT_NULL; p += 2)
		if (p[0] == AT_ISOLAB_TSC_CLOCK) {
			const struct tsc_clock *c = (const void *)p[1];

			return c && c->mult ? c : 0;
		}
	return 0;
}

uint64_t clock_monotonic_ns(const struct tsc_clock *clk)
{
	struct timespec_k ts = { 0, 0 };

	if (clk)
		return tsc_clock_ns(clk, __builtin_ia32_rdtsc());
	sys2(SYS_clock_gettime, 1 /* CLOCK_MONOTONIC */, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ul + (uint64_t)ts.tv_nsec;
}
