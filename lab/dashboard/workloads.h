/* workloads: the list the `w` and number keys step through, each with
 * its size parameter, turned into the runner's job. */
#ifndef ISOLAB_DASHBOARD_WORKLOADS_H
#define ISOLAB_DASHBOARD_WORKLOADS_H

#include <stdbool.h>
#include <stdint.h>

#include "lab/dashboard/dashboard.h"
#include "lab/core/runner.h"

#define WORKLOADS_MAX 10

struct workload_choice {
	char name[32];     /* "cpu", "hello", or the --binary's name */
	uint64_t size;     /* its parameter; 0: it takes none */
	uint64_t min, max;
	bool binary;
};

struct workload_list {
	int n;
	struct workload_choice item[WORKLOADS_MAX];
};

/* noop, cpu, mem, syscall, io, hello, crash, hang, and the --binary.
 * Returns the index of a->workload (a --binary: its entry), or -1 with
 * err when the spec is not one of them. */
int workloads_init(struct workload_list *l, const struct dashboard_args *a,
		   struct err *err);
/* Multiplies or divides the size by 4 within its bounds; false when the
 * workload has no size. */
bool workloads_resize(struct workload_choice *w, bool up);
void workloads_job(const struct workload_choice *w,
		   const struct dashboard_args *a, struct runner_job *job);

#endif
