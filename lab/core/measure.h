/* measure: runs one launcher on one workload --warmup + -n times and adds
 * the measured runs to a result set. Stops at the first run that fails to
 * launch (the error says why) or that the user interrupted; *launched
 * tells whether any launch had succeeded before (lab/core/launcher_try.h). */
#ifndef ISOLAB_MEASURE_H
#define ISOLAB_MEASURE_H

#include <stdbool.h>
#include <stdint.h>

#include "lab/core/launcher.h"
#include "lab/core/results.h"

struct measure_plan {
	const struct launcher *launcher;
	struct launch_request request; /* stdout_fd is -1: output is counted */
	const char *label;             /* the workload as the user named it */
	const char *variant;           /* compare --variant's label, or NULL */
	uint64_t reps, warmup;
	/* Optional: called after each measured run, in order, with its
	 * result; returning non-zero ends the series there (not an error).
	 * Front ends other than the CLI (lab/core/runner.h) see runs this way. */
	int (*on_run)(void *ctx, const struct launch_result *res);
	void *on_run_ctx;
};

/* rs may be NULL when on_run takes every run. */
int measure_series(const struct measure_plan *plan, struct result_set *rs,
		   bool *launched, struct err *err);

#endif
