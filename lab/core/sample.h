/* sample: one run, compacted to what front ends plot and summarise.
 *
 * A launch_result is about 4 KiB (output head, results, syscall tallies);
 * a run_sample keeps the figures (startup, phases, footprint, outcome,
 * counters) in under 1 KiB, so a front end that runs launches for hours
 * (the dashboard, through lab/core/runner.h) can keep a ring of them and
 * summarise incrementally. sample_to_result() turns one back into a
 * launch_result carrying the same figures, for the results writers. */
#ifndef ISOLAB_SAMPLE_H
#define ISOLAB_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lab/core/launcher.h"
#include "lab/core/stats.h"

#define SAMPLE_MAX_PHASES (TIMELINE_MAX_MARKS + 1)

struct run_sample {
	uint64_t seq; /* 1-based, in the order the runs ended */
	uint64_t startup_ns, run_ns, teardown_ns, total_ns;
	uint64_t workload_peak_kib, workload_pss_kib, overhead_kib;
	uint64_t output_bytes;
	int exit_code, signal;
	bool timed_out, interrupted, oom_killed;
	int nphases, ncounters;
	struct phase_span phases[SAMPLE_MAX_PHASES];
	struct named_count counters[LAUNCH_MAX_COUNTERS];
};

void sample_from_result(const struct launch_result *res, uint64_t seq,
			struct run_sample *out);
/* The figures of s as a launch_result (timeline from 0, no output, results
 * or notes): what the results writers need. */
void sample_to_result(const struct run_sample *s, struct launch_result *out);
/* Crashed, timed out, interrupted or exited non-zero (as lab/core/results.c). */
bool sample_failed(const struct run_sample *s);
/* The value of counter name, or -1 when the run did not report it. */
int64_t sample_counter(const struct run_sample *s, const char *name);

/* A ring of the last SAMPLE_RING samples and the counts since the last
 * reset. The caller owns locking. */
#define SAMPLE_RING 1024
#define SAMPLE_SPARK 120 /* startups kept for sparklines, oldest first */
#define SAMPLE_PHASE_WINDOW 256 /* phase medians over this many latest */

struct sample_ring {
	struct run_sample *slot; /* SAMPLE_RING of them */
	uint64_t pushed;         /* since the last reset */
	uint64_t failed;
};

struct sample_summary {
	uint64_t runs, failed;   /* since the last reset */
	struct stats startup;    /* ns, over the ring */
	struct stats footprint;  /* KiB, over the ring */
	double peak_median_kib, overhead_median_kib;
	int nspark;
	uint64_t spark[SAMPLE_SPARK]; /* latest startups, oldest first */
	int nphases;
	struct phase_span phase_median[SAMPLE_MAX_PHASES];
};

int sample_ring_init(struct sample_ring *ring);
void sample_ring_free(struct sample_ring *ring);
void sample_ring_clear(struct sample_ring *ring);
void sample_ring_push(struct sample_ring *ring, const struct run_sample *s);
size_t sample_ring_len(const struct sample_ring *ring);
/* The i-th oldest sample still held, 0 <= i < sample_ring_len(). */
const struct run_sample *sample_ring_at(const struct sample_ring *ring,
					size_t i);
/* Medians and p95 over the ring; scratch holds SAMPLE_RING doubles. */
void sample_summarize(const struct sample_ring *ring, double *scratch,
		      struct sample_summary *out);

#endif
