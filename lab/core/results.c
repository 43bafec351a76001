#include "lab/core/results.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/core/session.h"

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

int options_record(const struct launcher *l, const void *config,
		   struct option_record *out, int max)
{
	int n = 0;

	for (const struct launcher_option *o = l->options;
	     o && o->name && n < max; o++) {
		out[n].name = o->name;
		if (launcher_option_show(l, config, o->name, out[n].value,
					 sizeof(out[n].value)) == 0)
			n++;
	}
	return n;
}

void result_set_add_session(struct result_set *rs, const struct launcher *l,
			    const void *config, const char *variant,
			    const struct launch_session *s)
{
	struct session_record *rec;

	if (rs->nsessions == RESULTS_MAX_SESSIONS ||
	    result_set_session(rs, l->name, variant))
		return;
	rec = &rs->sessions[rs->nsessions++];
	memset(rec, 0, sizeof(*rec));
	rec->launcher = l->name;
	rec->variant = variant;
	rec->noptions = options_record(l, config, rec->options,
				       RESULTS_MAX_OPTIONS);
	rec->cold = s == NULL;
	if (!s)
		return;
	rec->total_ns = launch_session_cost_ns(s);
	rec->nphases = launch_session_phases(s, rec->phases, TIMELINE_MAX_MARKS);
}

const struct session_record *result_set_session(const struct result_set *rs,
						const char *launcher,
						const char *variant)
{
	for (size_t i = 0; i < rs->nsessions; i++) {
		const struct session_record *r = &rs->sessions[i];

		if (strcmp(r->launcher, launcher) == 0 &&
		    (r->variant && variant ? strcmp(r->variant, variant) == 0
					   : r->variant == variant))
			return r;
	}
	return NULL;
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

static bool same_variant(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_group(const struct run_record *a, const struct run_record *b)
{
	return a->launcher == b->launcher && same_variant(a->variant, b->variant) &&
	       strcmp(a->workload, b->workload) == 0;
}

bool run_in_summary(const struct run_record *r, const struct summary *s)
{
	return r->launcher == s->launcher && same_variant(r->variant, s->variant) &&
	       strcmp(r->workload, s->workload) == 0;
}

const char *summary_name(const struct summary *s)
{
	return s->variant ? s->variant : s->launcher;
}

static int find_span(const struct phase_span *spans, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(spans[i].name, name) == 0)
			return i;
	return -1;
}

/* One phase of a group: the medians that decide its place. */
struct phase_place {
	const char *name;
	double end_ns; /* when it ends, from the request */
	double index;  /* its position within a run */
	int first;     /* order of first appearance */
};

static int place_cmp(const void *a, const void *b)
{
	const struct phase_place *x = a, *y = b;

	if (x->end_ns != y->end_ns)
		return x->end_ns < y->end_ns ? -1 : 1;
	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	return x->first - y->first;
}

/* The median of what() over the group's runs that have the phase. */
static double phase_median(const struct result_set *rs,
			   const struct run_record *first, const char *name,
			   double (*what)(const struct phase_span *, int),
			   double *scratch)
{
	size_t k = 0;
	struct stats st;

	for (size_t i = 0; i < rs->nruns; i++) {
		struct phase_span sp[TIMELINE_MAX_MARKS + 1];
		int n, at;

		if (!same_group(&rs->runs[i], first))
			continue;
		n = timeline_phases(&rs->runs[i].res.tl, sp, TIMELINE_MAX_MARKS + 1);
		if ((at = find_span(sp, n, name)) >= 0)
			scratch[k++] = what(sp, at);
	}
	stats_compute(scratch, k, &st);
	return st.median;
}

static double span_end(const struct phase_span *sp, int at)
{
	double end = 0;

	for (int i = 0; i <= at; i++)
		end += (double)sp[i].ns;
	return end;
}

static double span_index(const struct phase_span *sp, int at)
{
	(void)sp;
	return at;
}

static double span_ns(const struct phase_span *sp, int at)
{
	return (double)sp[at].ns;
}

/* Every phase any run of the group has, in one order for the summary and
 * for each run: by the median time it ends. Marks from two threads or
 * processes (container parent and child, VMM and vCPU thread) can come in
 * either order from run to run; the medians do not flip with them, so
 * stacked plots keep their layers, and a phase that some runs lack (the
 * first one included) keeps its place. */
static void summarize_phases(const struct result_set *rs,
			     const struct run_record *first, double *scratch,
			     struct summary *s)
{
	struct phase_place places[TIMELINE_MAX_MARKS + 1];
	int n = 0;

	for (size_t i = 0; i < rs->nruns; i++) {
		struct phase_span sp[TIMELINE_MAX_MARKS + 1];
		int m;

		if (!same_group(&rs->runs[i], first))
			continue;
		m = timeline_phases(&rs->runs[i].res.tl, sp, TIMELINE_MAX_MARKS + 1);
		for (int q = 0; q < m && n < TIMELINE_MAX_MARKS + 1; q++) {
			bool known = false;

			for (int p = 0; p < n && !known; p++)
				known = strcmp(places[p].name, sp[q].name) == 0;
			if (!known) {
				places[n].name = sp[q].name;
				places[n].first = n;
				n++;
			}
		}
	}
	for (int p = 0; p < n; p++) {
		places[p].end_ns = phase_median(rs, first, places[p].name,
						span_end, scratch);
		places[p].index = phase_median(rs, first, places[p].name,
					       span_index, scratch);
	}
	qsort(places, (size_t)n, sizeof(places[0]), place_cmp);
	for (int p = 0; p < n; p++)
		s->phase_median[p] = (struct phase_span){
			places[p].name,
			(uint64_t)phase_median(rs, first, places[p].name, span_ns,
					       scratch),
		};
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
		s->variant = first->variant;
		s->iso = first->iso;
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
