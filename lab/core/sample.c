/* sample: compacting runs, and summarising a ring of them. */
#include "lab/core/sample.h"

#include <stdlib.h>
#include <string.h>

#include "lab/core/results.h"

void sample_from_result(const struct launch_result *res, uint64_t seq,
			struct run_sample *out)
{
	struct run_times t = run_times_of(res);

	memset(out, 0, sizeof(*out));
	out->seq = seq;
	out->startup_ns = t.startup_ns;
	out->run_ns = t.run_ns;
	out->teardown_ns = t.teardown_ns;
	out->total_ns = t.total_ns;
	out->workload_peak_kib = res->workload_peak_kib;
	out->workload_pss_kib = res->workload_pss_kib;
	out->overhead_kib = res->overhead_kib;
	out->output_bytes = res->output_bytes;
	out->exit_code = res->exit_code;
	out->signal = res->signal;
	out->timed_out = res->timed_out;
	out->interrupted = res->interrupted;
	out->oom_killed = res->oom_killed;
	out->nphases = timeline_phases(&res->tl, out->phases, SAMPLE_MAX_PHASES);
	out->ncounters = res->ncounters;
	memcpy(out->counters, res->counters,
	       (size_t)res->ncounters * sizeof(res->counters[0]));
}

void sample_to_result(const struct run_sample *s, struct launch_result *out)
{
	uint64_t at = 0;

	memset(out, 0, sizeof(*out));
	/* A timeline from 1 ns: timeline_phases() takes ready_ns 0 for a run
	 * that never became ready. */
	out->tl.request_ns = 1;
	for (int i = 0; i < s->nphases; i++) {
		at += s->phases[i].ns;
		/* The closing "ready" phase is what timeline_phases() adds. */
		if (i < s->nphases - 1 || strcmp(s->phases[i].name, "ready"))
			timeline_mark_at(&out->tl, s->phases[i].name, 1 + at);
	}
	out->tl.ready_ns = 1 + s->startup_ns;
	out->tl.exited_ns = out->tl.ready_ns + s->run_ns;
	out->tl.done_ns = 1 + s->total_ns;
	out->exit_code = s->exit_code;
	out->signal = s->signal;
	out->timed_out = s->timed_out;
	out->interrupted = s->interrupted;
	out->oom_killed = s->oom_killed;
	out->workload_peak_kib = s->workload_peak_kib;
	out->workload_pss_kib = s->workload_pss_kib;
	out->overhead_kib = s->overhead_kib;
	out->output_bytes = s->output_bytes;
	out->ncounters = s->ncounters;
	memcpy(out->counters, s->counters,
	       (size_t)s->ncounters * sizeof(s->counters[0]));
}

bool sample_failed(const struct run_sample *s)
{
	return s->signal || s->exit_code != 0 || s->timed_out ||
	       s->interrupted;
}

int64_t sample_counter(const struct run_sample *s, const char *name)
{
	for (int i = 0; i < s->ncounters; i++)
		if (strcmp(s->counters[i].name, name) == 0)
			return (int64_t)s->counters[i].value;
	return -1;
}

int sample_ring_init(struct sample_ring *ring)
{
	memset(ring, 0, sizeof(*ring));
	ring->slot = calloc(SAMPLE_RING, sizeof(*ring->slot));
	return ring->slot ? 0 : -1;
}

void sample_ring_free(struct sample_ring *ring)
{
	free(ring->slot);
	memset(ring, 0, sizeof(*ring));
}

void sample_ring_clear(struct sample_ring *ring)
{
	ring->pushed = 0;
	ring->failed = 0;
}

void sample_ring_push(struct sample_ring *ring, const struct run_sample *s)
{
	ring->slot[ring->pushed % SAMPLE_RING] = *s;
	ring->pushed++;
	ring->failed += sample_failed(s);
}

size_t sample_ring_len(const struct sample_ring *ring)
{
	return ring->pushed < SAMPLE_RING ? (size_t)ring->pushed : SAMPLE_RING;
}

const struct run_sample *sample_ring_at(const struct sample_ring *ring,
					size_t i)
{
	uint64_t first = ring->pushed - sample_ring_len(ring);

	return &ring->slot[(first + i) % SAMPLE_RING];
}

static double field_startup(const struct run_sample *s)
{
	return (double)s->startup_ns;
}

static double field_footprint(const struct run_sample *s)
{
	return (double)(s->workload_peak_kib + s->overhead_kib);
}

static double field_peak(const struct run_sample *s)
{
	return (double)s->workload_peak_kib;
}

static double field_overhead(const struct run_sample *s)
{
	return (double)s->overhead_kib;
}

/* Runs that never became ready (a launch cut short) have no startup. */
static void stats_of(const struct sample_ring *ring, size_t from,
		     double (*field)(const struct run_sample *),
		     double *scratch, struct stats *out)
{
	size_t n = 0, len = sample_ring_len(ring);

	for (size_t i = from; i < len; i++) {
		const struct run_sample *s = sample_ring_at(ring, i);

		if (s->startup_ns)
			scratch[n++] = field(s);
	}
	stats_compute(scratch, n, out);
}

static int phase_index(const struct run_sample *s, const char *name)
{
	for (int i = 0; i < s->nphases; i++)
		if (strcmp(s->phases[i].name, name) == 0)
			return i;
	return -1;
}

/* Medians of the latest run's phases, in its order, over the window. */
static void summarize_phases(const struct sample_ring *ring, double *scratch,
			     struct sample_summary *out)
{
	size_t len = sample_ring_len(ring);
	size_t from = len > SAMPLE_PHASE_WINDOW ? len - SAMPLE_PHASE_WINDOW : 0;
	const struct run_sample *last;

	out->nphases = 0;
	if (!len)
		return;
	last = sample_ring_at(ring, len - 1);
	for (int p = 0; p < last->nphases; p++) {
		const char *name = last->phases[p].name;
		struct stats st;
		size_t n = 0;

		for (size_t i = from; i < len; i++) {
			const struct run_sample *s = sample_ring_at(ring, i);
			int at = phase_index(s, name);

			if (at >= 0)
				scratch[n++] = (double)s->phases[at].ns;
		}
		stats_compute(scratch, n, &st);
		out->phase_median[out->nphases++] =
			(struct phase_span){ name, (uint64_t)st.median };
	}
}

void sample_summarize(const struct sample_ring *ring, double *scratch,
		      struct sample_summary *out)
{
	size_t len = sample_ring_len(ring);
	struct stats st;

	memset(out, 0, sizeof(*out));
	out->runs = ring->pushed;
	out->failed = ring->failed;
	stats_of(ring, 0, field_startup, scratch, &out->startup);
	stats_of(ring, 0, field_footprint, scratch, &out->footprint);
	stats_of(ring, 0, field_peak, scratch, &st);
	out->peak_median_kib = st.median;
	stats_of(ring, 0, field_overhead, scratch, &st);
	out->overhead_median_kib = st.median;
	for (size_t i = len > SAMPLE_SPARK ? len - SAMPLE_SPARK : 0; i < len; i++)
		out->spark[out->nspark++] = sample_ring_at(ring, i)->startup_ns;
	summarize_phases(ring, scratch, out);
}
