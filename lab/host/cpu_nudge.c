#include "lab/host/cpu_nudge.h"

void cpu_nudge_allowed(cpu_set_t *allowed)
{
	if (sched_getaffinity(0, sizeof(*allowed), allowed) < 0)
		CPU_ZERO(allowed);
}

bool cpu_nudge_away(pid_t pid, const cpu_set_t *allowed)
{
	cpu_set_t others = *allowed;
	int cpu = sched_getcpu();

	if (cpu < 0)
		return false;
	CPU_CLR(cpu, &others);
	return CPU_COUNT(&others) > 0 &&
	       sched_setaffinity(pid, sizeof(others), &others) == 0;
}

int cpu_nudge_back(pid_t pid, const cpu_set_t *allowed)
{
	return sched_setaffinity(pid, sizeof(*allowed), allowed);
}
