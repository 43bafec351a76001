/* ladder: what each piece of isolation costs, one rung at a time.
 *
 * A ladder is a list of rungs, each a variant (lab/core/variant.h): the
 * standard one goes process -> +user ns -> +pid ns -> +mount ns &
 * pivot_root -> +uts/ipc/net/cgroup/time ns -> +cgroup limits ->
 * +capabilities dropped -> +seccomp -> micro-VM, built from the container
 * launcher's own options; a ladder file gives one rung per line
 * (LABEL:LAUNCHER[:OPTIONS], # comments and blank lines skipped).
 *
 * ladder_run() measures every rung that can run here in rounds (each
 * round launches every rung once, in ladder order), so drift on a busy
 * machine hits every rung alike. A rung whose launcher is unavailable, or
 * whose first launch fails, keeps the reason and the others go on. Then
 * it probes each rung's host syscall reach (lab/probe/reach_run.h) and derives,
 * for every rung, the increment over the rung below that ran: differences
 * of medians (so they add up to the top rung exactly), a 95% uncertainty
 * from the two medians' standard errors (MAD-based), and the startup
 * phases the difference goes to. What a rung adds in words comes from
 * the change in its isolation checklist (lab/core/isolation.h). */
#ifndef ISOLAB_LADDER_H
#define ISOLAB_LADDER_H

#include <stdbool.h>
#include <stdint.h>

#include "lab/core/isolation.h"
#include "lab/core/results.h"
#include "lab/core/variant.h"

#define LADDER_MAX_RUNGS 16
#define LADDER_MAX_DELTAS (2 * (TIMELINE_MAX_MARKS + 1))

struct ladder_phase_delta {
	const char *name; /* static: a launcher's phase name */
	double ns;        /* this rung's median minus the one below's */
};

struct ladder_rung {
	struct variant v;
	int line;              /* its line in the ladder file; 0: built in */
	struct isolation iso;
	char adds[600];        /* what it adds, in words */
	char skipped[512];     /* why it could not run here; "" if it ran */
	struct result_set rs;  /* its measured runs */
	struct summary sum;    /* medians; valid when skipped is "" */
	double se[METRIC_COUNT]; /* standard error of each median */
	int host_reach;        /* host system calls its workload (or VMM)
				  enters the host kernel with: reached or
				  refused by a privilege check there, not
				  blocked by a filter; -1 when not probed */
	int host_passed;       /* of those, the ones no privilege check
				  refused (a user namespace's root passes
				  more checks in namespaces it owns) */
	bool reach_via_vmm;    /* the number is the VMM's allowlist */
	char reach_note[200];  /* why reach is unknown, when it is */
	int below;             /* the rung below that ran, -1 for none */
	double inc[METRIC_COUNT];     /* over `below` (ns, KiB) */
	double inc_err[METRIC_COUNT]; /* 95% half-width */
	int ndeltas;
	struct ladder_phase_delta deltas[LADDER_MAX_DELTAS]; /* largest first */
};

struct ladder {
	struct ladder_rung rung[LADDER_MAX_RUNGS];
	int n;
	bool standard;         /* the built-in ladder */
	char source[256];      /* the ladder file, or "standard" */
	char workload[96];
	uint64_t reps, warmup;
	struct environment env;
};

/* The standard ladder into *lad (zeroed first). */
int ladder_standard(struct ladder *lad, struct err *err);
/* A ladder file; a bad line fails with "FILE:LINE: what was wrong". */
int ladder_file_read(const char *path, struct ladder *lad, struct err *err);
void ladder_free(struct ladder *lad);

struct ladder_plan {
	const char *binary;   /* isolab-workload, checked */
	char *const *argv;    /* its argv for the measured workload */
	uint64_t timeout_ns;
	int cancel_fd;
	bool probe_reach;     /* run the probe under every rung */
};

/* Measure every rung (lad->reps, lad->warmup, lad->workload set by the
 * caller), probe its reach, derive increments. -1 only for an
 * interruption or a rung that broke after running. */
int ladder_run(const struct ladder_plan *plan, struct ladder *lad,
	       struct err *err);

/* From each rung's runs and checklist: its summary, standard errors,
 * increments over the rung below and what it adds in words. ladder_run()
 * calls it; exposed for the unit tests. Returns -1 when out of memory. */
int ladder_derive(struct ladder *lad, struct err *err);

#endif
