#include "lab/core/measure.h"

#include <stdio.h>
#include <stdlib.h>

#include "lab/host/orphans.h"

static int one_run(const struct measure_plan *plan, struct launch_result *res,
		   bool *launched, struct err *err)
{
	int rc = launch_run(plan->launcher, &plan->request, res, err);

	/* Descendants that escaped the launcher's kill (setsid, no cgroup):
	 * isolab's bookkeeping, outside the run's figures. */
	orphans_kill();
	if (rc < 0)
		return -1;
	*launched = true;
	if (res->interrupted)
		return err_set(err, ERR_INTERRUPTED,
			       "interrupted");
	return 0;
}

int measure_series(const struct measure_plan *plan, struct result_set *rs,
		   bool *launched, struct err *err)
{
	struct launch_result *scratch = malloc(sizeof(*scratch));

	if (!scratch)
		return err_set(err, ERR_RUNTIME, "out of memory");
	for (uint64_t i = 0; i < plan->warmup; i++)
		if (one_run(plan, scratch, launched, err) < 0) {
			free(scratch);
			return -1;
		}
	for (uint64_t i = 0; i < plan->reps; i++) {
		struct run_record *rec = rs ? result_set_add(rs) : NULL;
		struct launch_result *res = rec ? &rec->res : scratch;

		if (rs && !rec) {
			free(scratch);
			return err_set(err, ERR_RUNTIME, "out of memory");
		}
		if (rec) {
			rec->launcher = plan->launcher->name;
			rec->variant = plan->variant;
			isolation_of(plan->launcher, plan->request.config,
				     &rec->iso);
			rec->rep = (int)i + 1;
			snprintf(rec->workload, sizeof(rec->workload), "%s",
				 plan->label);
		}
		if (one_run(plan, res, launched, err) < 0) {
			if (rec)
				rs->nruns--;
			free(scratch);
			return -1;
		}
		if (plan->on_run && plan->on_run(plan->on_run_ctx, res))
			break;
	}
	free(scratch);
	return 0;
}
