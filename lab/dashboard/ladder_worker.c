/* ladder_worker: the standard ladder run as dashboard columns (contract
 * in ladder_worker.h). */
#include "lab/dashboard/ladder_worker.h"

#include <stdlib.h>
#include <string.h>

static int ladder_start(struct dash_ladder *l, struct dash_worker *main,
			const struct runner_job *job, int rate,
			struct err *err)
{
	struct dashboard_args *a = &l->args;

	l->lad = calloc(1, sizeof(*l->lad));
	l->snap = calloc(1, sizeof(*l->snap));
	if (!l->lad || !l->snap)
		return err_set(err, ERR_RUNTIME, "out of memory");
	if (ladder_standard(l->lad, err) < 0)
		return -1;
	*a = *main->args;
	a->n = l->lad->n < RUNNER_MAX_COLUMNS ? l->lad->n : RUNNER_MAX_COLUMNS;
	for (int i = 0; i < a->n; i++) {
		a->launchers[i] = l->lad->rung[i].v.launcher;
		a->configs[i] = l->lad->rung[i].v.config;
	}
	a->rate = rate;
	if (dash_worker_start(&l->worker, a, job, err) < 0) {
		/* a partly started worker frees what it took */
		if (l->worker.args)
			dash_worker_stop(&l->worker);
		return -1;
	}
	for (int i = 0; i < a->n; i++)
		l->worker.label[i] = l->lad->rung[i].v.label;
	l->started = true;
	return 0;
}

int dash_ladder_toggle(struct dash_ladder *l, struct dash_worker *main,
		       const struct runner_job *job, int rate, bool paused,
		       struct err *err)
{
	if (!l->started && ladder_start(l, main, job, rate, err) < 0) {
		dash_ladder_stop(l);
		return -1;
	}
	l->on = !l->on;
	/* Pause the leaving side first, so the two never launch at once. */
	runner_set_paused(l->on ? main->runner : l->worker.runner, true);
	runner_set_paused(l->on ? l->worker.runner : main->runner, paused);
	return 0;
}

struct runner *dash_ladder_active(struct dash_ladder *l,
				  struct dash_worker *main)
{
	return l->on ? l->worker.runner : main->runner;
}

void dash_ladder_set_job(struct dash_ladder *l, const struct runner_job *job)
{
	if (l->started)
		dash_worker_set_job(&l->worker, job);
}

void dash_ladder_set_gap(struct dash_ladder *l, uint64_t gap_ns)
{
	if (l->started)
		runner_set_gap(l->worker.runner, gap_ns);
}

void dash_ladder_snapshot(struct dash_ladder *l, struct dash_snapshot *s)
{
	if (!l->on)
		return;
	memset(l->snap, 0, sizeof(*l->snap));
	dash_worker_snapshot(&l->worker, l->snap);
	for (int i = 0; i < l->snap->n; i++)
		l->snap->col[i].name = l->lad->rung[i].v.label;
	s->ladder = l->snap;
}

void dash_ladder_stop(struct dash_ladder *l)
{
	if (l->started)
		dash_worker_stop(&l->worker);
	if (l->lad) {
		ladder_free(l->lad);
		free(l->lad);
	}
	free(l->snap);
	memset(l, 0, sizeof(*l));
}
