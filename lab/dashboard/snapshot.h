/* snapshot: everything the panels draw, copied at one instant.
 *
 * The worker glue (worker.c) fills it under its locks from the runner's
 * views, the reach probe's results and each column's isolation
 * checklist; the panels read only this and never call a launcher. */
#ifndef ISOLAB_DASHBOARD_SNAPSHOT_H
#define ISOLAB_DASHBOARD_SNAPSHOT_H

#include <stdbool.h>
#include <stdint.h>

#include "lab/core/isolation.h"
#include "lab/probe/reach.h"
#include "lab/core/runner.h"

enum reach_state { REACH_NOT_YET, REACH_PROBING, REACH_DONE, REACH_FAILED };

struct reach_view {
	enum reach_state state;
	char reason[160];
	int count[REACH_NCLASSES];
	bool guest_kernel;
	int vmm_count; /* -1: the VMM runs without a filter */
};

struct dash_column {
	const char *name;
	bool focused;
	struct runner_view run;
	struct isolation iso;
	struct reach_view reach;
	char options[64]; /* the option value `o` set ("" as given) */
};

struct dash_snapshot {
	int n;
	struct dash_column col[RUNNER_MAX_COLUMNS];
	char env_line[320];
	char workload[96];
	char rate[32];
	bool paused;
	double cpu_pct;      /* the dashboard's own thread, % of one core */
	char message[320];   /* the last action's result, e.g. the export */
	/* Shared scales, so that heights and lengths compare. */
	uint64_t spark_max_ns;
	double mem_max_kib;
	/* The ladder view's rungs, one column each, while it is shown. */
	const struct dash_snapshot *ladder;
};

/* The shared scales from the columns' figures. */
void snapshot_scales(struct dash_snapshot *s, int spark_width);

#endif
