#include "lab/results.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const summary_metric_names[METRIC_COUNT] = {
	[METRIC_STARTUP] = "startup_ns",
	[METRIC_RUN] = "run_ns",
	[METRIC_TEARDOWN] = "teardown_ns",
	[METRIC_TOTAL] = "total_ns",
	[METRIC_FOOTPRINT] = "footprint_kib",
};

void result_set_init(struct result_set *rs)
{
	memset(rs, 0, sizeof(*rs));
	environment_capture(&rs->env);
}

void result_set_free(struct result_set *rs)
{
	free(rs->runs);
	rs->runs = NULL;
	rs->nruns = rs->cap = 0;
}

struct run_record *result_set_add(struct result_set *rs)
{
	if (rs->nruns == rs->cap) {
		size_t cap = rs->cap ? rs->cap * 2 : 16;
		struct run_record *grown =
			realloc(rs->runs, cap * sizeof(*grown));

		if (!grown)
			return NULL;
		rs->runs = grown;
		rs->cap = cap;
	}
	memset(&rs->runs[rs->nruns], 0, sizeof(rs->runs[0]));
	return &rs->runs[rs->nruns++];
}

static uint64_t span(uint64_t from, uint64_t to)
{
	return to > from ? to - from : 0;
}

struct run_times run_times_of(const struct launch_result *res)
{
	const struct timeline *tl = &res->tl;

	return (struct run_times){
		.startup_ns = span(tl->request_ns, tl->ready_ns),
		.run_ns = span(tl->ready_ns, tl->exited_ns),
		.teardown_ns = span(tl->exited_ns, tl->done_ns),
		.total_ns = span(tl->request_ns, tl->done_ns),
	};
}

uint64_t footprint_kib_of(const struct launch_result *res)
{
	return res->workload_peak_kib + res->overhead_kib;
}

static bool run_failed(const struct launch_result *res)
{
	return res->signal || res->exit_code != 0 || res->timed_out ||
	       res->interrupted;
}

static double metric_of(const struct run_record *r, enum summary_metric m)
{
	struct run_times t = run_times_of(&r->res);

	switch (m) {
	case METRIC_STARTUP: return (double)t.startup_ns;
	case METRIC_RUN: return (double)t.run_ns;
	case METRIC_TEARDOWN: return (double)t.teardown_ns;
	case METRIC_TOTAL: return (double)t.total_ns;
	case METRIC_FOOTPRINT: return (double)footprint_kib_of(&r->res);
	case METRIC_COUNT: break;
	}
	return 0;
}

static bool same_group(const struct run_record *a, const struct run_record *b)
{
	return a->launcher == b->launcher &&
	       strcmp(a->workload, b->workload) == 0;
}

/* Median duration of each named phase, in the order of the first run. */
static void summarize_phases(const struct result_set *rs,
			     const struct run_record *first, double *scratch,
			     struct summary *s)
{
	struct phase_span spans[TIMELINE_MAX_MARKS + 1];
	int n = timeline_phases(&first->res.tl, spans, TIMELINE_MAX_MARKS + 1);

	for (int p = 0; p < n; p++) {
		size_t k = 0;
		struct stats st;

		for (size_t i = 0; i < rs->nruns; i++) {
			struct phase_span other[TIMELINE_MAX_MARKS + 1];
			int m;

			if (!same_group(&rs->runs[i], first))
				continue;
			m = timeline_phases(&rs->runs[i].res.tl, other,
					    TIMELINE_MAX_MARKS + 1);
			for (int q = 0; q < m; q++)
				if (strcmp(other[q].name, spans[p].name) == 0) {
					scratch[k++] = (double)other[q].ns;
					break;
				}
		}
		stats_compute(scratch, k, &st);
		s->phase_median[p] = (struct phase_span){ spans[p].name,
							  (uint64_t)st.median };
	}
	s->nphases = n;
}

struct summary *result_set_summarize(const struct result_set *rs,
				     size_t *count)
{
	struct summary *out = calloc(rs->nruns ? rs->nruns : 1, sizeof(*out));
	double *scratch = malloc((rs->nruns ? rs->nruns : 1) * sizeof(double));
	size_t groups = 0;

	if (!out || !scratch) {
		free(out);
		free(scratch);
		return NULL;
	}
	for (size_t i = 0; i < rs->nruns; i++) {
		const struct run_record *first = &rs->runs[i];
		struct summary *s;
		bool seen = false;

		for (size_t j = 0; j < i && !seen; j++)
			seen = same_group(&rs->runs[j], first);
		if (seen)
			continue;
		s = &out[groups++];
		s->launcher = first->launcher;
		s->workload = first->workload;
		for (int m = 0; m < METRIC_COUNT; m++) {
			size_t k = 0;

			for (size_t j = i; j < rs->nruns; j++)
				if (same_group(&rs->runs[j], first))
					scratch[k++] = metric_of(&rs->runs[j],
								 (enum summary_metric)m);
			stats_compute(scratch, k, &s->metric[m]);
			s->n = k;
		}
		for (size_t j = i; j < rs->nruns; j++)
			if (same_group(&rs->runs[j], first) &&
			    run_failed(&rs->runs[j].res))
				s->failed++;
		summarize_phases(rs, first, scratch, s);
	}
	free(scratch);
	*count = groups;
	return out;
}
