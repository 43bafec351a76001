/* density: how many instances of a launcher fit on this machine at once.
 *
 * For each count N it starts N instances of the `idle` workload, each in
 * its own thread running launch_run() with an fd table of its own, no
 * more than two per CPU starting at a time, waits until all N signalled
 * ready, takes the memory they hold, then closes their stdin so they
 * exit, and waits for every teardown. Memory is what the machine lost: MemAvailable
 * before minus after, which counts everything an instance costs (its
 * pages, page tables, kernel objects, cgroups, VMs) and, separately,
 * isolab's own growth (threads, buffers), reported as harness memory.
 * A step that fails partway (out of memory, pid limits) says how far it
 * got; every instance it started is torn down either way. */
#ifndef ISOLAB_DENSITY_H
#define ISOLAB_DENSITY_H

#include <stdbool.h>
#include <stdint.h>

#include "lab/core/launcher.h"
#include "lab/core/results.h"

#define DENSITY_MAX_STEPS 16

struct density_step {
	uint64_t count;           /* instances asked for */
	uint64_t ready;           /* instances that signalled ready */
	uint64_t all_ready_ns;    /* from the step's start until the last
	                             ready stamp (startup_ns's end), or
	                             until the wait gave up */
	int64_t system_kib;       /* MemAvailable lost while all were up */
	int64_t harness_kib;      /* isolab's own RSS growth in that time */
	uint64_t teardown_ns;     /* from release until all were gone */
	char failure[512];        /* why it stopped short, or "" */
};

struct density_plan {
	const struct launcher *launcher;
	struct launch_request request; /* argv runs `idle`; stdin per instance */
	uint64_t counts[DENSITY_MAX_STEPS];
	int ncounts;
	/* Optional: called with each instance's result once it ended, from
	 * that instance's thread (so concurrently with the others). */
	void (*on_run)(void *ctx, const struct launch_result *res);
	void *on_run_ctx;
};

/* A step's memory as reported: never negative. MemAvailable moves by
 * itself (page cache, other processes), so what the instances cost is
 * below that noise when the machine lost nothing, or no more than isolab's
 * own growth: below_noise, and the figures that would be negative are 0. */
struct density_memory {
	uint64_t system_kib;       /* MemAvailable lost; 0 if it grew */
	uint64_t harness_kib;      /* isolab's growth; 0 if its RSS shrank */
	uint64_t per_instance_kib; /* (system - harness) / ready; 0 if below noise */
	bool below_noise;
};

struct density_memory density_memory_of(const struct density_step *s);

/* Runs every step; fails only when the user interrupts (the steps done so
 * far are kept in out[0..*nsteps)). */
int density_run(const struct density_plan *plan, struct density_step *out,
		int *nsteps, struct err *err);

#endif
