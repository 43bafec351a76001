/* ladder_worker: the runs behind the ladder view (`l`). The standard
 * ladder's rungs (lab/ladder.h) become the columns of a second dashboard
 * worker (worker.h, so the same runner, round robin, one column per rung,
 * as the launcher columns run); a rung that cannot run here shows the
 * runner's reason. Only one set of columns launches at a time: entering
 * the view pauses the launcher columns and resumes the rungs, leaving it
 * does the reverse, so neither steals CPU from the other's timings and
 * each keeps its statistics. The rungs start on the first `l`. */
#ifndef ISOLAB_DASHBOARD_LADDER_WORKER_H
#define ISOLAB_DASHBOARD_LADDER_WORKER_H

#include <stdbool.h>

#include "lab/dashboard/worker.h"
#include "lab/ladder/ladder.h"

struct dash_ladder {
	bool on;       /* the view is shown */
	bool started;  /* worker runs (paused while the view is off) */
	struct ladder *lad;
	struct dashboard_args args;  /* the rungs as columns */
	struct dash_worker worker;
	struct dash_snapshot *snap;  /* the rungs, at the last snapshot */
};

/* Shows or hides the view; main is the launcher columns' worker, job and
 * rate what they run, paused whether the user paused. On an error the
 * view stays off and the launcher columns as they were. */
int dash_ladder_toggle(struct dash_ladder *l, struct dash_worker *main,
		       const struct runner_job *job, int rate, bool paused,
		       struct err *err);
/* The runner the keys act on now: the rungs' while the view is shown. */
struct runner *dash_ladder_active(struct dash_ladder *l,
				  struct dash_worker *main);
/* Keeps the rungs' job and rate in step with the launcher columns'. */
void dash_ladder_set_job(struct dash_ladder *l, const struct runner_job *job);
void dash_ladder_set_gap(struct dash_ladder *l, uint64_t gap_ns);
/* Points s->ladder at the rungs' snapshot while the view is shown. */
void dash_ladder_snapshot(struct dash_ladder *l, struct dash_snapshot *s);
void dash_ladder_stop(struct dash_ladder *l);

#endif
