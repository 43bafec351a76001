/* runner: launches in worker threads, for front ends other than the CLI
 * (the dashboard; later the report and the checker).
 *
 * One worker thread per column (a launcher with its own config). Each
 * opens its launcher's session once (lab/core/session.h) and runs the current
 * job through measure_series() with a per-run callback, over and over,
 * until told to stop or `iterations` runs are done. Every job gets the
 * worker's cancel eventfd, so pausing, switching the job, resetting or
 * stopping interrupts a run (even a hanging one) at once; a run that was
 * cut short is discarded, never counted.
 *
 * Each run becomes a compact run_sample (lab/core/sample.h) in the column's
 * ring, and the column's summary is updated after every run by its
 * worker, outside any timed span. A front end polls runner_event_fd()
 * beside its own input (readable when something changed) and reads
 * copies taken under the runner's lock (runner_view, runner_samples);
 * no lock is ever held while a launch runs.
 *
 * With one_at_a_time (the default for the dashboard), columns take turns
 * round-robin, so that one column's launch never competes with another's
 * for the CPUs and the figures compare with `isolab run`.
 *
 * runner_start() blocks every signal in the workers (pthread_sigmask
 * around pthread_create): signals stay with the front end's thread,
 * except SIGCHLD, which it also blocks in the calling thread (the
 * workers' exit watches read it from a signalfd). */
#ifndef ISOLAB_RUNNER_H
#define ISOLAB_RUNNER_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lab/host/err.h"
#include "lab/core/launcher.h"
#include "lab/core/sample.h"

#define RUNNER_MAX_COLUMNS 16 /* a ladder's rungs (lab/ladder.h) */
#define RUNNER_MAX_ARGS 8

/* What every column runs. */
struct runner_job {
	char binary[PATH_MAX];
	char label[96];                     /* as the user names it */
	char args[RUNNER_MAX_ARGS][128];    /* argv, args[0] the name */
	int nargs;
	uint64_t timeout_ns;
	bool user_program;                  /* a --binary */
};

struct runner_column {
	const struct launcher *launcher;
	const void *config; /* copied by runner_start */
};

struct runner_options {
	uint64_t iterations; /* runs per column, 0: until stopped */
	uint64_t gap_ns;     /* a column's pause between runs; 0: none */
	bool one_at_a_time;  /* columns take turns */
};

enum worker_state {
	WORKER_IDLE,       /* waiting for its turn, or its gap */
	WORKER_OPENING,    /* opening the session */
	WORKER_RUNNING,    /* a run is being started */
	WORKER_READY,      /* the workload signalled ready and runs */
	WORKER_PAUSED,
	WORKER_DONE,       /* its iterations are done */
	WORKER_FAILED,     /* the last launch failed (reason); retrying */
	WORKER_CANNOT_RUN, /* not here, with this config (reason) */
};

struct runner_view {
	enum worker_state state;
	char reason[256];           /* FAILED, CANNOT_RUN */
	uint64_t launch_failures;   /* launches that failed to run at all */
	bool has_last;
	struct run_sample last;     /* the latest counted run */
	struct sample_summary summary;
	char job_label[96];         /* the job the column runs now */
	char output[512];           /* the start of the last run's stdout */
	uint64_t session_cost_ns;   /* 0: no session cost */
	int nsession_phases;
	struct phase_span session_phases[TIMELINE_MAX_MARKS + 1];
	uint64_t config_gen;        /* bumps when runner_set_config lands */
};

struct runner;

int runner_start(struct runner **out, const struct runner_column *columns,
		 int ncolumns, const struct runner_job *job,
		 const struct runner_options *opts, struct err *err);
/* Cancels what runs, joins the workers, closes the sessions, frees. */
void runner_stop(struct runner *r);

/* Readable when a view changed; runner_event_clear() drains it. */
int runner_event_fd(const struct runner *r);
void runner_event_clear(struct runner *r);

/* Each of these interrupts a run in progress and takes effect at once. */
void runner_set_job(struct runner *r, const struct runner_job *job);
void runner_set_paused(struct runner *r, bool paused);
void runner_reset(struct runner *r);
void runner_set_gap(struct runner *r, uint64_t gap_ns);
/* Copies config (the launcher's config_size bytes); the worker closes its
 * session and opens one for the new config before its next run. */
void runner_set_config(struct runner *r, int column, const void *config);

void runner_view(struct runner *r, int column, struct runner_view *out);
/* Copies up to max samples with seq > after, oldest first; returns how
 * many. */
size_t runner_samples(struct runner *r, int column, uint64_t after,
		      struct run_sample *out, size_t max);
/* Every column is done or cannot run. */
bool runner_finished(struct runner *r);

#endif
