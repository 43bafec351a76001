/* export: the dashboard's `e`. Every sample the runner still holds, per
 * column, becomes a run record of the documented results schema
 * (lab/report/output.h, JSON), written whole or not at all (lab/host/atomic_file.h).
 * Columns that could not run are listed with their reason, as compare
 * lists them. A labelled column (a ladder rung) gives its runs its label
 * as their variant, as compare --variant does. */
#include "lab/dashboard/worker.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lab/host/atomic_file.h"
#include "lab/report/output.h"
#include "lab/core/results.h"

/* Every column that cannot run has its entry. */
_Static_assert(NOT_RUN_MAX >= RUNNER_MAX_COLUMNS, "a not_run entry per column");

static int add_column(struct result_set *rs, struct dash_worker *w, int i,
		      struct run_sample *buf, struct err *err)
{
	struct runner_view v;
	size_t n;

	runner_view(w->runner, i, &v);
	if (v.state == WORKER_CANNOT_RUN) {
		struct err why = { .kind = ERR_RUNTIME };

		snprintf(why.msg, sizeof(why.msg), "%s", v.reason);
		not_run_add_variant(&rs->not_run, w->args->launchers[i]->name,
				    w->label[i], &why);
		return 0;
	}
	n = runner_samples(w->runner, i, 0, buf, SAMPLE_RING);
	for (size_t k = 0; k < n; k++) {
		struct run_record *rec = result_set_add(rs);

		if (!rec)
			return err_set(err, ERR_RUNTIME, "out of memory");
		rec->launcher = w->args->launchers[i]->name;
		rec->variant = w->label[i];
		rec->rep = (int)buf[k].seq;
		snprintf(rec->workload, sizeof(rec->workload), "%s",
			 v.job_label);
		sample_to_result(&buf[k], &rec->res);
	}
	return 0;
}

int dash_worker_export(struct dash_worker *w, char *msg, size_t len,
		       struct err *err)
{
	struct run_sample *buf = malloc(SAMPLE_RING * sizeof(*buf));
	struct atomic_file af = { 0 };
	struct result_set rs;
	char name[64];
	time_t now = time(NULL);
	int rc = 0;

	if (!buf)
		return err_set(err, ERR_RUNTIME, "out of memory");
	strftime(name, sizeof(name), "isolab-dashboard-%Y%m%d-%H%M%S.json",
		 localtime(&now));
	result_set_init(&rs);
	rs.env = w->env;
	environment_capture_end(&rs.env);
	for (int i = 0; i < w->n && rc == 0; i++)
		rc = add_column(&rs, w, i, buf, err);
	free(buf);
	if (rc == 0 && !rs.nruns)
		rc = err_set(err, ERR_RUNTIME, "nothing measured yet to export");
	if (rc == 0)
		rc = atomic_file_open(&af, name, err);
	if (rc == 0 && output_json(af.f, &rs) < 0) {
		atomic_file_abort(&af);
		rc = err_sys(err, "writing %s", name);
	} else if (rc == 0) {
		rc = atomic_file_commit(&af, err);
	}
	if (rc == 0)
		snprintf(msg, len, "exported %zu runs to %s", rs.nruns, name);
	result_set_free(&rs);
	return rc;
}
