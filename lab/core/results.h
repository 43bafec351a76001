/* results: every run of one invocation, the environment it ran in, and the
 * per-launcher, per-workload summaries derived from them. This is what the
 * writers (table, CSV, JSON) and the dashboard read. */
#ifndef ISOLAB_RESULTS_H
#define ISOLAB_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lab/host/hostinfo.h"
#include "lab/core/isolation.h"
#include "lab/core/launcher.h"
#include "lab/core/launcher_try.h"
#include "lab/core/stats.h"

#define RESULTS_SCHEMA_VERSION 3 /* 2: isolab probe's "probe" report; 3: "ladder", and "variant" on runs */

struct run_record {
	const char *launcher; /* static: the launcher's name */
	const char *variant;  /* compare --variant's label, or NULL; it
				 outlives the set */
	char workload[96];    /* "cpu:1000", or the --binary's name */
	int rep;              /* 1-based, warmups excluded */
	struct isolation iso; /* what its launcher's config isolates */
	struct launch_result res;
};

/* Durations derived from one run's timeline. */
struct run_times {
	uint64_t startup_ns, run_ns, teardown_ns, total_ns;
};

/* A launcher's session (lab/core/session.h): what it paid once for all its
 * runs, with its own phases; cold: every run paid it inside its startup
 * (--cold), and nothing is reported apart. */
#define RESULTS_MAX_OPTIONS 24

/* A launcher option as its runs had it, shown as a user would type it. */
struct option_record {
	const char *name; /* static: the option's name, without "--" */
	char value[96];
};

struct session_record {
	const char *launcher; /* static: the launcher's name */
	const char *variant;  /* its --variant label, or NULL */
	/* Every option of the launcher, with the value its runs used, so a
	 * results file says e.g. which --seccomp a container row had. */
	int noptions;
	struct option_record options[RESULTS_MAX_OPTIONS];
	bool cold;
	uint64_t total_ns;
	int nphases;
	struct phase_span phases[TIMELINE_MAX_MARKS];
};

#define RESULTS_MAX_SESSIONS 8

struct result_set {
	struct environment env;
	size_t nsessions;
	struct session_record sessions[RESULTS_MAX_SESSIONS];
	struct run_record *runs;
	size_t nruns, cap;
	struct not_run_list not_run; /* launchers that could not run here */
};

enum summary_metric {
	METRIC_STARTUP, METRIC_RUN, METRIC_TEARDOWN, METRIC_TOTAL,
	METRIC_FOOTPRINT, METRIC_COUNT
};

struct summary {
	const char *launcher;
	const char *variant;  /* as in its runs, or NULL */
	struct isolation iso; /* as in its runs */
	const char *workload;
	size_t n;
	size_t failed; /* runs that crashed, timed out or exited non-zero */
	struct stats metric[METRIC_COUNT]; /* ns, or KiB for FOOTPRINT */
	int nphases;
	struct phase_span phase_median[TIMELINE_MAX_MARKS + 1];
};

extern const char *const summary_metric_names[METRIC_COUNT];

/* Every option of l with the value config gives it, as a user would type
 * it, into out; returns how many (at most max). */
int options_record(const struct launcher *l, const void *config,
		   struct option_record *out, int max);

void result_set_init(struct result_set *rs);
void result_set_free(struct result_set *rs);
/* Record a launcher's session once (NULL: its runs were cold), with the
 * options config gave its runs. */
void result_set_add_session(struct result_set *rs, const struct launcher *l,
			    const void *config, const char *variant,
			    const struct launch_session *s);
const struct session_record *result_set_session(const struct result_set *rs,
						const char *launcher,
						const char *variant);
/* Returns a zeroed record to fill, or NULL when out of memory. */
struct run_record *result_set_add(struct result_set *rs);

struct run_times run_times_of(const struct launch_result *res);
uint64_t footprint_kib_of(const struct launch_result *res);

/* Is r one of the runs summary s summarises? */
bool run_in_summary(const struct run_record *r, const struct summary *s);
/* What a row is called: the variant's label, else the launcher's name. */
const char *summary_name(const struct summary *s);

/* Summaries in the order their groups first appear; caller frees. */
struct summary *result_set_summarize(const struct result_set *rs,
				     size_t *count);

#endif
