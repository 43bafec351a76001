/* reach_run: runs the `probe` workload under one launcher and turns what
 * it reports into a reach_report (lab/probe/reach.h).
 *
 * The workload's stdout goes to a memfd of ours (launch_request.stdout_fd,
 * which every launcher honours for `isolab exec`), so the report is read
 * whole whatever its size, and no launcher needs to know about the probe.
 * When a filter kills the workload at a call, that call is recorded as
 * blocked and the sweep resumes after it in a new run (probe:N), so one
 * killing filter costs one launch per call it kills at. */
#ifndef ISOLAB_REACH_RUN_H
#define ISOLAB_REACH_RUN_H

#include <stdint.h>

#include "lab/probe/reach.h"

struct reach_plan {
	const struct launcher *launcher;
	const void *config;      /* the launcher's options */
	const char *workload;    /* path of isolab-workload, already checked */
	uint64_t timeout_ns;     /* for each run */
	int cancel_fd;           /* as in launch_request */
	const char *stop_at;     /* as in launch_request */
	const struct launch_session *session; /* as in launch_request */
};

/* Fills *r (zeroed first). Errors: the probe hung, crashed other than at
 * a call, was interrupted (ERR_INTERRUPTED), or reported nonsense. */
int reach_run(const struct reach_plan *plan, struct reach_report *r,
	      struct err *err);

#endif
