/* cpu_nudge: let a process just cloned start on another CPU than ours.
 *
 * Here a new process is often queued on its creator's CPU even when
 * another is idle, and so waits until its creator blocks: a child meant
 * to work in parallel with us would not. cpu_nudge_away() pins such a
 * process, not yet run, to the CPUs we may use less our own, so it moves
 * at once; cpu_nudge_back() lets it run anywhere in allowed again once
 * its parallel part is done. Call it before the process starts anything
 * that would inherit the pin. The same thread calls both, so they cannot
 * cross. With one CPU to use, or when the pin fails, nothing is
 * pinned: a nudge is an optimization, never a requirement. */
#ifndef ISOLAB_CPU_NUDGE_H
#define ISOLAB_CPU_NUDGE_H

#include <sched.h>
#include <stdbool.h>
#include <sys/types.h>

/* The CPUs we may run on; an empty set when unknown. */
void cpu_nudge_allowed(cpu_set_t *allowed);
/* Pin pid to allowed less the CPU we are on; true if it is pinned. */
bool cpu_nudge_away(pid_t pid, const cpu_set_t *allowed);
/* Let a pinned pid run anywhere in allowed again: 0, or -1 with errno. */
int cpu_nudge_back(pid_t pid, const cpu_set_t *allowed);

#endif
