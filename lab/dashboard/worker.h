/* worker: the dashboard's glue to the engine. It owns the runner (one
 * worker thread per column, lab/core/runner.h), the reach probe's background
 * thread, each column's current config and isolation checklist, and takes
 * the snapshot the panels draw from. Only the UI thread calls these. */
#ifndef ISOLAB_DASHBOARD_WORKER_H
#define ISOLAB_DASHBOARD_WORKER_H

#include <pthread.h>
#include <stdbool.h>

#include "lab/dashboard/dashboard.h"
#include "lab/dashboard/option_cycle.h"
#include "lab/dashboard/snapshot.h"
#include "lab/host/hostinfo.h"
#include "lab/core/runner.h"

struct dash_worker {
	const struct dashboard_args *args;
	struct runner *runner;
	int n;
	void *config[RUNNER_MAX_COLUMNS]; /* the current one, UI-owned */
	/* A column's label where its launcher's name does not tell it (a
	 * ladder rung), or NULL; it outlives the worker's exports. */
	const char *label[RUNNER_MAX_COLUMNS];
	struct option_step option[RUNNER_MAX_COLUMNS]; /* `o`: in force */
	struct isolation iso[RUNNER_MAX_COLUMNS];
	struct environment env;
	char env_line[320];
	char job_label[96];
	/* The reach probe: one background thread at a time. */
	pthread_mutex_t reach_lock;
	struct reach_view reach[RUNNER_MAX_COLUMNS];
	pthread_t reach_thread;
	bool reach_started;
	int reach_cancel_fd;
	void *reach_config[RUNNER_MAX_COLUMNS];
};

int dash_worker_start(struct dash_worker *w, const struct dashboard_args *a,
		      const struct runner_job *job, struct err *err);
void dash_worker_stop(struct dash_worker *w);
void dash_worker_set_job(struct dash_worker *w, const struct runner_job *job);
/* Runs the reach probe again in the background; false while one runs. */
bool dash_worker_probe(struct dash_worker *w);
bool dash_worker_probing(struct dash_worker *w);
/* The column's next option value (lab/dashboard/option_cycle.h); writes
 * what happened into msg. */
void dash_worker_cycle_option(struct dash_worker *w, int column, char *msg,
			      size_t len);
void dash_worker_snapshot(struct dash_worker *w, struct dash_snapshot *s);
/* Everything measured so far, as a results file (the JSON schema of
 * `isolab run --format json`), written atomically; msg says where. */
int dash_worker_export(struct dash_worker *w, char *msg, size_t len,
		       struct err *err);

#endif
